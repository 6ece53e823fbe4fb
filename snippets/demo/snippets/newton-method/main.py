"""Newton's method for f(x) = 0, drawn as a zig-zag of tangent lines."""
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

x = sp.symbols("x")


def newton(f, df, x0, steps):
    """The iterates x0, x1, ... (stops early at a flat tangent)."""
    xs = [x0]
    for _ in range(steps):
        slope = df(xs[-1])
        if slope == 0:
            break
        xs.append(xs[-1] - f(xs[-1]) / slope)
    return xs


@interact
def newton_steps(expr=input_box("x**3 - 2*x - 5", label="f(x)"),
                 x0=slider(-3.0, 3.0, 0.05, default=2.5, label="start x0"),
                 steps=slider(1, 10, 1, default=4)):
    f_expr = sp.sympify(expr, locals={"x": x})
    f = sp.lambdify(x, f_expr, "math")
    df = sp.lambdify(x, sp.diff(f_expr, x), "math")
    iterates = newton(f, df, x0, steps)

    lo, hi = min(iterates + [-3]), max(iterates + [3])
    grid = np.linspace(lo - 0.5, hi + 0.5, 400)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(grid, [f(t) for t in grid], lw=2, label=f"$f(x) = {sp.latex(f_expr)}$")
    ax.axhline(0, color="gray", lw=0.8)
    for a, b in zip(iterates, iterates[1:]):
        ax.plot([a, a, b], [0, f(a), 0], "r-", lw=1)
    ax.plot(iterates, [0] * len(iterates), "ro", ms=4)
    ax.legend()
    plt.show()

    print(" k  x_k                    f(x_k)")
    for k, xk in enumerate(iterates):
        print(f"{k:2d}  {xk:<22.16g} {f(xk):.3e}")
