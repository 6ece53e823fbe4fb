"""Monte Carlo estimation of pi and its 1/sqrt(n) error."""
import matplotlib.pyplot as plt
import numpy as np


@interact
def darts(n=slider([100, 300, 1000, 3000, 10000, 30000, 100000], default=3000, label="darts"),
          seed=input_box(0, type=int)):
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 1, (n, 2))
    inside = (points**2).sum(axis=1) <= 1
    estimates = 4 * np.cumsum(inside) / np.arange(1, n + 1)

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.5))
    shown = slice(0, min(n, 5000))
    left.scatter(*points[shown][inside[shown]].T, s=2, c="C0")
    left.scatter(*points[shown][~inside[shown]].T, s=2, c="C1")
    t = np.linspace(0, np.pi / 2, 100)
    left.plot(np.cos(t), np.sin(t), "k")
    left.set_aspect("equal")
    left.set_title(f"pi ~ {estimates[-1]:.5f}")
    ks = np.unique(np.geomspace(1, n, 400).astype(int))
    right.loglog(ks, np.abs(estimates[ks - 1] - np.pi) + 1e-12, lw=0.8, label="|estimate - pi|")
    right.loglog(ks, 1.64 / np.sqrt(ks), "k--", label="1.64 / sqrt(n)  (1 sd)")
    right.set_xlabel("darts thrown")
    right.legend()
    plt.show()
    print(f"error {estimates[-1] - np.pi:+.5f}; standard error {4 * np.sqrt(np.pi / 4 * (1 - np.pi / 4) / n):.5f}")
