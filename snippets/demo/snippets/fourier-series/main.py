"""Partial sums of classic Fourier series on [-pi, pi]."""
import matplotlib.pyplot as plt
import numpy as np

# name -> (function, coefficient b_k or a_k, "sin" or "cos")
WAVES = {
    "square": (lambda x: np.sign(np.sin(x)), lambda k: 4 / (np.pi * k) if k % 2 else 0.0, "sin"),
    "sawtooth": (lambda x: (x + np.pi) % (2 * np.pi) - np.pi, lambda k: 2 * (-1) ** (k + 1) / k, "sin"),
    "triangle": (lambda x: np.abs((x + np.pi) % (2 * np.pi) - np.pi) - np.pi / 2,
                 lambda k: -4 / (np.pi * k**2) if k % 2 else 0.0, "cos"),
}


def partial_sum(x, wave, N):
    _, coefficient, kind = WAVES[wave]
    basis = np.sin if kind == "sin" else np.cos
    return sum(coefficient(k) * basis(k * x) for k in range(1, N + 1))


@interact
def fourier(wave=selector(list(WAVES), buttons=True),
            N=slider(1, 100, 1, default=7, label="terms N"),
            harmonics=checkbox(False, label="show the first harmonics")):
    x = np.linspace(-2 * np.pi, 2 * np.pi, 2000)
    f = WAVES[wave][0]
    S = partial_sum(x, wave, N)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.plot(x, f(x), "k", lw=1, label=wave)
    ax.plot(x, S, "C3", label=f"S_{N}")
    if harmonics:
        for k in range(1, min(N, 5) + 1):
            ax.plot(x, partial_sum(x, wave, k) - partial_sum(x, wave, k - 1), lw=0.6, alpha=0.7)
    ax.legend(loc="upper right")
    plt.show()
    error = np.sqrt(np.mean((f(x) - S) ** 2))
    print(f"RMS error {error:.4f}; max of S_N = {S.max():.4f}" +
          (f" (overshoot {100 * (S.max() - 1) / 2:.1f}% of the jump)" if wave == "square" else ""))
