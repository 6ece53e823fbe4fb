"""Filled Julia sets K_c = {z : z -> z^2 + c stays bounded}."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

PRESETS = [(complex(-0.8, 0.156), "dragon  -0.8+0.156i"), (complex(-0.4, 0.6), "rabbit-ish  -0.4+0.6i"),
           (complex(0.285, 0.01), "spirals  0.285+0.01i"), (complex(-0.123, 0.745), "Douady rabbit"),
           (complex(0.0, 1.0), "dendrite  i")]


def escape_counts(c, iterations, pixels=300):
    xs = np.linspace(-1.6, 1.6, pixels)
    z = xs[None, :] + 1j * xs[:, None]
    counts = np.full(z.shape, iterations, dtype=float)
    active = np.ones(z.shape, dtype=bool)
    for k in range(iterations):
        z[active] = z[active] ** 2 + c
        escaped = active & (np.abs(z) > 2)
        counts[escaped] = k
        active &= ~escaped
    return counts


@interact
def julia(preset=selector(PRESETS, label="c"),
          shift_re=slider(-0.2, 0.2, 0.005, default=0.0, label="nudge Re c"),
          shift_im=slider(-0.2, 0.2, 0.005, default=0.0, label="nudge Im c"),
          iterations=slider(20, 200, 10, default=80),
          inside=color_selector("#000000", label="set colour"),
          outside=color_selector("#f4d35e", label="far colour")):
    c = preset + complex(shift_re, shift_im)
    counts = escape_counts(c, iterations)
    cmap = LinearSegmentedColormap.from_list("julia", [outside, "#0d3b66", inside])
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.imshow(counts, cmap=cmap, extent=(-1.6, 1.6, -1.6, 1.6), origin="lower")
    ax.set_title(f"c = {c.real:.3f} {'+' if c.imag >= 0 else '-'} {abs(c.imag):.3f}i")
    plt.show()
    z = 0j  # the critical orbit decides connectedness
    for _ in range(iterations):
        z = z * z + c
        if abs(z) > 2:
            break
    print("the orbit of 0 stays bounded: connected set (c is in the Mandelbrot set)"
          if abs(z) <= 2 else "the orbit of 0 escapes: the set is Cantor dust")
