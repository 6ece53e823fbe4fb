"""Taylor polynomials: watch the approximation improve with the degree."""
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

x = sp.symbols("x")
FUNCTIONS = {"sin(x)": sp.sin(x), "cos(x)": sp.cos(x), "exp(x)": sp.exp(x),
             "1/(1-x)": 1 / (1 - x), "atan(x)": sp.atan(x)}


def taylor(expr, a, n):
    """The degree-n Taylor polynomial of expr about x = a."""
    term, poly = expr, sp.Integer(0)
    for k in range(n + 1):
        poly += term.subs(x, a) / math.factorial(k) * (x - a) ** k
        term = sp.diff(term, x)
    return sp.expand(poly)


def curve(expr, xs):
    """Evaluate expr on xs; poles and constants handled."""
    with np.errstate(all="ignore"):
        ys = sp.lambdify(x, expr, "numpy")(xs) * np.ones_like(xs)
    ys[np.abs(ys) > 50] = np.nan
    return ys


@interact
def taylor_explorer(f=selector(list(FUNCTIONS), label="function"),
                    n=slider(0, 12, 1, default=3, label="degree n"),
                    a=slider(-1.5, 0.5, 0.25, default=0.0, label="centre a")):
    expr = FUNCTIONS[f]
    poly = taylor(expr, sp.nsimplify(a), n)
    xs = np.linspace(-4, 4, 400)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(xs, curve(expr, xs), lw=2, label=f)
    ax.plot(xs, curve(poly, xs), "--", label=f"$T_{{{n}}}$")
    ax.plot([a], [float(expr.subs(x, sp.nsimplify(a)))], "ko")
    ax.set_ylim(-4, 4)
    ax.axhline(0, color="gray", lw=0.5)
    ax.legend(loc="upper left")
    ax.set_title(f"Taylor polynomial of degree {n} about a = {a}")
    plt.show()
    print(f"T_{n}(x) = {poly}")
