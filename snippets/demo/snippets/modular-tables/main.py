"""Tables of a^k mod n and the multiplicative order of each unit."""
from math import gcd

import matplotlib.pyplot as plt
import numpy as np


def power_table(n, kmax):
    """rows a = 0..n-1, columns k = 1..kmax, entries pow(a, k, n)."""
    return np.array([[pow(a, k, n) for k in range(1, kmax + 1)] for a in range(n)])


def order(a, n):
    """Multiplicative order of a unit a modulo n."""
    k, value = 1, a % n
    while value != 1 % n:
        value = value * a % n
        k += 1
    return k


@interact
def powers(n=slider(2, 60, 1, default=13, label="modulus n"),
           kind=selector(["power table", "multiplication table"], buttons=True),
           cmap=selector(["viridis", "twilight", "magma"], label="colours")):
    if kind == "power table":
        table = power_table(n, n)
        xlabel, extent = "exponent k", (0.5, n + 0.5, n - 0.5, -0.5)
    else:
        table = np.outer(np.arange(n), np.arange(n)) % n
        xlabel, extent = "b", (-0.5, n - 0.5, n - 0.5, -0.5)
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(table, cmap=cmap, extent=extent)
    fig.colorbar(image, ax=ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("a")
    ax.set_title(f"{kind} modulo {n}")
    plt.show()
    units = [a for a in range(1, n) if gcd(a, n) == 1]
    phi = len(units)
    roots = [a for a in units if order(a, n) == phi]
    print(f"{phi} units mod {n}; primitive roots: {roots if roots else 'none'}")
