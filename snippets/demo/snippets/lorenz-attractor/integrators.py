"""Fixed-step integrators for autonomous systems y' = f(y)."""
import numpy as np


def euler(f, y0, h, steps):
    """Explicit Euler: first order, kept for comparison."""
    ys = np.empty((steps + 1, len(y0)))
    ys[0] = y0
    for k in range(steps):
        ys[k + 1] = ys[k] + h * f(ys[k])
    return np.arange(steps + 1) * h, ys


def rk4(f, y0, h, steps):
    """Classical fourth-order Runge-Kutta; returns times and states."""
    ys = np.empty((steps + 1, len(y0)))
    ys[0] = y = np.asarray(y0, dtype=float)
    for k in range(steps):
        k1 = f(y)
        k2 = f(y + h / 2 * k1)
        k3 = f(y + h / 2 * k2)
        k4 = f(y + h * k3)
        ys[k + 1] = y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return np.arange(steps + 1) * h, ys
