"""The binomial distribution against the normal approximation (de Moivre-Laplace)."""
from math import comb, erf, sqrt

import matplotlib.pyplot as plt
import numpy as np


def binomial_pmf(n, p):
    return np.array([comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)])


def normal_cdf(x, mu, sd):
    return 0.5 * (1 + erf((x - mu) / (sd * sqrt(2))))


@interact
def binomial(n=slider(1, 150, 1, default=20), p=slider(0.01, 0.99, 0.01, default=0.3),
             k=slider(0, 150, 1, default=8, label="k in P(X <= k)"),
             correction=checkbox(True, label="continuity correction")):
    k = min(k, n)
    pmf = binomial_pmf(n, p)
    mu, sd = n * p, sqrt(n * p * (1 - p))
    ks = np.arange(n + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.bar(ks, pmf, color=np.where(ks <= k, "C0", "C7"), label=f"Bin({n}, {p:.2f})")
    grid = np.linspace(-0.5, n + 0.5, 400)
    ax.plot(grid, np.exp(-((grid - mu) ** 2) / (2 * sd**2)) / (sd * sqrt(2 * np.pi)), "C3",
            label=f"N({mu:.1f}, {sd:.2f}^2)")
    ax.legend()
    plt.show()
    exact = pmf[: k + 1].sum()
    approx = normal_cdf(k + (0.5 if correction else 0), mu, sd)
    print(f"P(X <= {k}) exact {exact:.5f}   normal {approx:.5f}   error {approx - exact:+.5f}")
    print("rule of thumb np(1-p) >= 10:", "yes" if n * p * (1 - p) >= 10 else "no")
