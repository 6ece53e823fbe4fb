"""The epsilon-delta definition of a limit, as a picture."""
import matplotlib.pyplot as plt
import numpy as np

# (label, f, a, L): the limit of f(x) as x -> a is L
CASES = [
    ("x^2 at a = 2", lambda t: t**2, 2.0, 4.0),
    ("sin(x)/x at a = 0", lambda t: np.sin(t) / t, 0.0, 1.0),
    ("(x^2 - 1)/(x - 1) at a = 1", lambda t: (t**2 - 1) / (t - 1), 1.0, 2.0),
    ("x sin(1/x) at a = 0", lambda t: t * np.sin(1 / t), 0.0, 0.0),
]


def largest_delta(f, a, L, eps, reach=2.0, samples=20001):
    """The largest delta (on a fine grid) that keeps |f(x) - L| < eps."""
    offsets = np.linspace(reach / samples, reach, samples)
    with np.errstate(all="ignore"):
        bad = (np.abs(f(a + offsets) - L) >= eps) | (np.abs(f(a - offsets) - L) >= eps)
    return offsets[np.argmax(bad)] if bad.any() else reach


@interact
def epsilon_delta(case=selector([(c, c[0]) for c in CASES], label="limit"),
                  eps=slider(0.02, 1.0, 0.02, default=0.5, label="epsilon")):
    label, f, a, L = case
    delta = largest_delta(f, a, L, eps)
    xs = np.linspace(a - 2, a + 2, 2001)
    xs = xs[xs != a]
    fig, ax = plt.subplots(figsize=(7, 4))
    with np.errstate(all="ignore"):
        ax.plot(xs, f(xs), lw=2)
    ax.plot([a], [L], "o", mfc="white", mec="k")
    ax.axhspan(L - eps, L + eps, color="C1", alpha=0.2, label="|f(x) - L| < epsilon")
    ax.axvspan(a - delta, a + delta, color="C2", alpha=0.2, label="|x - a| < delta")
    ax.set_ylim(L - 2, L + 2)
    ax.legend(loc="upper left")
    ax.set_title(f"{label}:  epsilon = {eps:.2f}  ->  delta = {delta:.4f}")
    plt.show()
