"""The compute device: a warm zygote forks one sandboxed child per cell and streams Jupyter messages back."""
