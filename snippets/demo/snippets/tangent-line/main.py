"""The derivative as the limit of secant slopes."""
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

x = sp.symbols("x")


@interact
def tangent(expr=input_box("x**3 - 2*x", label="f(x)"),
            x0=slider(-2.0, 2.0, 0.1, default=1.0, label="x0"),
            h=slider(0.01, 1.5, 0.01, default=1.0, label="h")):
    f = sp.sympify(expr, locals={"x": x})
    df = sp.diff(f, x)
    fn = sp.lambdify(x, f, "numpy")
    y0 = float(f.subs(x, x0))
    slope = float(df.subs(x, x0))
    secant = (float(f.subs(x, x0 + h)) - y0) / h

    xs = np.linspace(x0 - 3, x0 + 3, 300)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(xs, fn(xs) * np.ones_like(xs), lw=2, label=f"$f(x) = {sp.latex(f)}$")
    ax.plot(xs, y0 + slope * (xs - x0), label=f"tangent, slope {slope:.3f}")
    ax.plot(xs, y0 + secant * (xs - x0), "--", label=f"secant, slope {secant:.3f}")
    ax.plot([x0, x0 + h], [y0, y0 + secant * h], "ko")
    span = np.nanmax(np.abs(fn(xs) * np.ones_like(xs))) + 1
    ax.set_ylim(-min(span, 20), min(span, 20))
    ax.legend(loc="best")
    ax.grid(alpha=0.3)
    plt.show()
    print(f"f'(x) = {df}")
    print(f"secant slope - f'(x0) = {secant - slope:+.5f}  (shrinks like h)")
