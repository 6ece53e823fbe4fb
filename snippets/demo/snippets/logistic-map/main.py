"""The logistic map x -> r x (1 - x): period doubling and chaos."""
import matplotlib.pyplot as plt
import numpy as np


def bifurcation(r_lo, r_hi, columns=500, transient=300, keep=120):
    """Points (r, x) of the attractor for r between r_lo and r_hi."""
    r = np.linspace(r_lo, r_hi, columns)
    x = np.full(columns, 0.5)
    for _ in range(transient):
        x = r * x * (1 - x)
    rs, xs = [], []
    for _ in range(keep):
        x = r * x * (1 - x)
        rs.append(r)
        xs.append(x)
    return np.concatenate(rs), np.concatenate(xs)


def cobweb(r, x0, steps):
    """The cobweb path (xs, ys) of the orbit of x0."""
    xs, ys = [x0], [0.0]
    x = x0
    for _ in range(steps):
        y = r * x * (1 - x)
        xs += [x, y]
        ys += [y, y]
        x = y
    return xs, ys


@interact
def logistic(r_range=range_slider(2.5, 4.0, 0.01, default=(2.8, 4.0), label="r range"),
             r=slider(2.5, 4.0, 0.005, default=3.83, label="r for cobweb"),
             x0=slider(0.01, 0.99, 0.01, default=0.2)):
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    rs, xs = bifurcation(*r_range)
    left.plot(rs, xs, ",k", alpha=0.4)
    left.axvline(r, color="C3", lw=0.8)
    left.set_xlabel("r")
    left.set_ylabel("x")
    grid = np.linspace(0, 1, 200)
    right.plot(grid, r * grid * (1 - grid), "C0")
    right.plot(grid, grid, "gray", lw=0.8)
    right.plot(*cobweb(r, x0, 60), "C3", lw=0.7)
    right.set_title(f"cobweb at r = {r:.3f}")
    plt.show()
