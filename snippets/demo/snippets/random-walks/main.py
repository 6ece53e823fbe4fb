"""Simple random walks in one and two dimensions."""
import matplotlib.pyplot as plt
import numpy as np


@interact
def walks(walkers=slider(1, 200, 1, default=30), steps=slider(10, 5000, 10, default=1000),
          dimension=selector(["1D", "2D"], buttons=True), seed=input_box(0, type=int)):
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    if dimension == "1D":
        paths = np.cumsum(rng.choice([-1, 1], size=(walkers, steps)), axis=1)
        for path in paths:
            ax.plot(path, lw=0.5, alpha=0.6)
        n = np.arange(steps)
        ax.plot(n, 2 * np.sqrt(n), "k--", n, -2 * np.sqrt(n), "k--")
        ax.set_xlabel("step")
        final = paths[:, -1]
        print(f"final positions: mean {final.mean():+.2f}, sd {final.std():.2f} (theory {np.sqrt(steps):.2f})")
    else:
        moves = np.array([[1, 0], [-1, 0], [0, 1], [0, -1]])
        paths = np.cumsum(moves[rng.integers(0, 4, size=(walkers, steps))], axis=1)
        for path in paths[:20]:
            ax.plot(path[:, 0], path[:, 1], lw=0.6)
        ax.set_aspect("equal")
        distance = np.sqrt((paths[:, -1] ** 2).sum(axis=1))
        print(f"root-mean-square distance {np.sqrt((distance**2).mean()):.1f} (theory {np.sqrt(steps):.1f})")
    ax.set_title(f"{walkers} walks of {steps} steps")
    plt.show()
