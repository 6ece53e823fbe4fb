"""Least squares: fit a polynomial to noisy data through the normal equations."""
import matplotlib.pyplot as plt
import numpy as np


def fit(xs, ys, degree):
    """Coefficients beta (lowest power first) minimising |X beta - y|."""
    X = np.vander(xs, degree + 1, increasing=True)
    beta, *_ = np.linalg.lstsq(X, ys, rcond=None)
    return beta, X @ beta


@interact
def regression(n=slider(5, 200, 5, default=30, label="points"),
               noise=slider(0.0, 3.0, 0.1, default=1.0, label="noise sd"),
               degree=slider(0, 12, 1, default=1),
               seed=input_box(1, type=int)):
    rng = np.random.default_rng(seed)
    xs = np.sort(rng.uniform(0, 10, n))
    ys = 2 * xs + 1 + rng.normal(0, noise, n)
    beta, fitted = fit(xs, ys, degree)
    residuals = ys - fitted
    r2 = 1 - residuals.var() / ys.var() if ys.var() > 0 else 1.0

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1]})
    grid = np.linspace(0, 10, 300)
    top.scatter(xs, ys, s=12, label="data")
    top.plot(grid, np.polyval(beta[::-1], grid), "C1", label=f"degree {degree} fit")
    top.plot(grid, 2 * grid + 1, "k:", label="truth: 2x + 1")
    top.set_ylim(ys.min() - 3, ys.max() + 3)
    top.legend()
    top.set_title(f"R^2 = {r2:.4f}")
    bottom.stem(xs, residuals)
    bottom.set_ylabel("residual")
    plt.show()
    print("coefficients (1, x, x^2, ...):", np.round(beta, 4))
