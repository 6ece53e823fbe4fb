"""Standardised sample means converge in distribution to N(0, 1)."""
import matplotlib.pyplot as plt
import numpy as np

# name -> (sampler(rng, shape), mean, standard deviation)
DISTRIBUTIONS = {
    "uniform(0, 1)": (lambda rng, s: rng.uniform(0, 1, s), 0.5, (1 / 12) ** 0.5),
    "exponential(1)": (lambda rng, s: rng.exponential(1, s), 1.0, 1.0),
    "Bernoulli(0.1)": (lambda rng, s: rng.binomial(1, 0.1, s), 0.1, (0.1 * 0.9) ** 0.5),
    "chi-square(1)": (lambda rng, s: rng.normal(0, 1, s) ** 2, 1.0, 2 ** 0.5),
}


@interact
def clt(dist=selector(list(DISTRIBUTIONS), label="distribution"),
        n=slider([1, 2, 3, 5, 10, 20, 50, 100], default=1, label="sample size n"),
        repeats=slider(500, 8000, 500, default=4000)):
    sample, mu, sigma = DISTRIBUTIONS[dist]
    rng = np.random.default_rng(0)
    means = sample(rng, (repeats, n)).mean(axis=1)
    z = (means - mu) / (sigma / np.sqrt(n))
    grid = np.linspace(-4, 4, 300)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist(z, bins=60, range=(-4, 4), density=True, alpha=0.6, label=f"{repeats} standardised means")
    ax.plot(grid, np.exp(-grid**2 / 2) / np.sqrt(2 * np.pi), "k", label="N(0, 1)")
    ax.set_xlim(-4, 4)
    ax.legend()
    ax.set_title(f"{dist}, n = {n}")
    plt.show()
    print(f"sample skewness of z: {((z - z.mean())**3).mean() / z.std()**3:+.3f} (0 for a normal)")
