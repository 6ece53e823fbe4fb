"""A 2x2 matrix acting on the unit square, a grid and its eigenvectors."""
import matplotlib.pyplot as plt
import numpy as np


def grid_lines(n=5, extent=2.0):
    """Line segments of a square grid, as a list of 2 x k arrays."""
    ts = np.linspace(-extent, extent, 50)
    lines = []
    for c in np.linspace(-extent, extent, 2 * n + 1):
        lines.append(np.vstack([ts, np.full_like(ts, c)]))
        lines.append(np.vstack([np.full_like(ts, c), ts]))
    return lines


@interact
def transform(A=input_grid(2, 2, default=[[1, 1], [0, 1]], label="A"),
              show_grid=checkbox(True, label="show grid")):
    M = np.array(A, dtype=float)
    square = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]], dtype=float)
    fig, ax = plt.subplots(figsize=(5, 5))
    if show_grid:
        for line in grid_lines():
            ax.plot(*(M @ line), color="0.85", lw=0.8)
    ax.fill(*square, alpha=0.3, label="unit square")
    ax.fill(*(M @ square), alpha=0.5, label=f"image, area {abs(np.linalg.det(M)):.3g}")
    values, vectors = np.linalg.eig(M)
    for value, vector in zip(values, vectors.T):
        if abs(value.imag) < 1e-12:
            v = vector.real * 3
            ax.plot([-v[0], v[0]], [-v[1], v[1]], "--", label=f"eigenvalue {value.real:.3g}")
    ax.set_xlim(-3, 3)
    ax.set_ylim(-3, 3)
    ax.set_aspect("equal")
    ax.legend(loc="lower right", fontsize=8)
    plt.show()
    print("det A =", round(np.linalg.det(M), 6), "  trace A =", np.trace(M))
    print("eigenvalues:", np.round(values, 4))
