"""Sinusoidal travelling waves and the modes of a string fixed at both ends."""
import numpy as np


def travelling(x, t, k, c=1.0, direction=+1, amplitude=1.0):
    """A sin(k (x - direction c t)): a wave moving right (+1) or left (-1).

    The two add up to 2 A sin(kx) cos(kct), which vanishes at x = 0 for all t.
    """
    return amplitude * np.sin(k * (x - direction * c * t))


def nodes(mode, length=1.0):
    """Positions of the mode + 1 nodes of mode `mode` on [0, length]."""
    return np.linspace(0, length, mode + 1)


def frequency(mode, length=1.0, c=1.0):
    """f_n = n c / (2 L)."""
    return mode * c / (2 * length)
