"""Riemann sums: approximate an integral with n rectangles or trapezoids."""
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

x = sp.symbols("x")
RULES = ["left", "right", "midpoint", "trapezoid"]


def riemann(fn, a, b, n, rule):
    """The approximation of the integral of fn over [a, b] with n pieces."""
    edges = np.linspace(a, b, n + 1)
    width = (b - a) / n
    if rule == "left":
        return width * fn(edges[:-1]).sum()
    if rule == "right":
        return width * fn(edges[1:]).sum()
    if rule == "midpoint":
        return width * fn((edges[:-1] + edges[1:]) / 2).sum()
    return width * (fn(edges[:-1]) + fn(edges[1:])).sum() / 2


@interact
def riemann_sums(expr=input_box("sin(x) + 1.5", label="f(x)"),
                 interval=range_slider(-4, 6, 1, default=(0, 4), label="[a, b]"),
                 n=slider(1, 60, 1, default=8, label="pieces n"),
                 rule=selector(RULES, buttons=True)):
    f = sp.sympify(expr, locals={"x": x})
    fn = sp.lambdify(x, f, "numpy")
    vec = lambda t: fn(t) * np.ones_like(t)
    a, b = interval
    if a == b:
        print("Choose an interval with a < b.")
        return
    exact = float(sp.Integral(f, (x, a, b)).evalf())
    approx = riemann(vec, a, b, n, rule)

    xs = np.linspace(a, b, 400)
    edges = np.linspace(a, b, n + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(xs, vec(xs), "k", lw=2)
    for left, right in zip(edges[:-1], edges[1:]):
        if rule == "trapezoid":
            ax.fill([left, left, right, right], [0, vec(left), vec(right), 0], alpha=0.35, ec="C0")
            continue
        at = {"left": left, "right": right, "midpoint": (left + right) / 2}[rule]
        ax.bar(left, vec(at), width=right - left, align="edge", alpha=0.35, ec="C0")
    ax.axhline(0, color="gray", lw=0.5)
    ax.set_title(f"{rule} sum = {approx:.6f}   exact = {exact:.6f}")
    plt.show()
    print(f"error = {approx - exact:+.3e} with n = {n}")
