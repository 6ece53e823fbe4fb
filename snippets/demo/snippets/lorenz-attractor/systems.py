"""Right-hand sides of classic chaotic flows, as closures over their parameters."""
import numpy as np


def lorenz(sigma=10.0, rho=28.0, beta=8 / 3):
    """x' = sigma (y - x), y' = x (rho - z) - y, z' = x y - beta z."""
    def f(state):
        x, y, z = state
        return np.array([sigma * (y - x), x * (rho - z) - y, x * y - beta * z])
    return f


def rossler(a=0.2, b=0.2, c=5.7):
    """x' = -y - z, y' = x + a y, z' = b + z (x - c)."""
    def f(state):
        x, y, z = state
        return np.array([-y - z, x + a * y, b + z * (x - c)])
    return f
