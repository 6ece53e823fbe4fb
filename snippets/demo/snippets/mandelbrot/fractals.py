"""Escape-time fractals: the Mandelbrot set and Julia sets, vectorised with numpy."""
import matplotlib.pyplot as plt
import numpy as np


def plane(center, width, pixels=320, aspect=0.75):
    """A grid of complex numbers centred on `center`, `width` wide."""
    height = width * aspect
    xs = np.linspace(center.real - width / 2, center.real + width / 2, pixels)
    ys = np.linspace(center.imag - height / 2, center.imag + height / 2, int(pixels * aspect))
    return xs[None, :] + 1j * ys[:, None]


def escape_time(z, c, iterations):
    """Smoothed escape counts of z -> z^2 + c; points that never escape get 0."""
    z = z.copy()
    c = np.broadcast_to(c, z.shape)
    counts = np.zeros(z.shape)
    active = np.ones(z.shape, dtype=bool)
    for k in range(iterations):
        z[active] = z[active] ** 2 + c[active]
        escaped = active & (np.abs(z) > 4)
        counts[escaped] = k + 1 - np.log2(np.log2(np.abs(z[escaped])))
        active &= ~escaped
        if not active.any():
            break
    return counts


def mandelbrot(center, width, iterations=80, pixels=320):
    """Escape counts for c over the plane, starting from z = 0."""
    c = plane(center, width, pixels)
    return escape_time(np.zeros_like(c), c, iterations)


def julia(c, center=0j, width=3.2, iterations=80, pixels=320):
    """Escape counts for the Julia set of z -> z^2 + c."""
    return escape_time(plane(center, width, pixels), c, iterations)


def show(counts, center, width, cmap="twilight_shifted"):
    """Draw escape counts with the plane's coordinates on the axes."""
    height = width * counts.shape[0] / counts.shape[1]
    extent = (center.real - width / 2, center.real + width / 2,
              center.imag - height / 2, center.imag + height / 2)
    fig, ax = plt.subplots(figsize=(7, 5.25))
    ax.imshow(counts, extent=extent, origin="lower", cmap=cmap)
    ax.set_xlabel("Re")
    ax.set_ylabel("Im")
    return fig
