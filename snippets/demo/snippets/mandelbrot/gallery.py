"""Save three classic views as PNG files next to this script."""
import matplotlib.pyplot as plt
from fractals import julia, mandelbrot, show

views = {"whole-set": (-0.5 + 0j, 3.0), "seahorse-valley": (-0.745 + 0.11j, 0.06),
         "elephant-valley": (0.28 + 0.008j, 0.02)}
for name, (center, width) in views.items():
    show(mandelbrot(center, width, 200), center, width).savefig(f"{name}.png", dpi=80)
    plt.close("all")
show(julia(-0.8 + 0.156j, iterations=150), 0j, 3.2, "magma").savefig("julia.png", dpi=80)
