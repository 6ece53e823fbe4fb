"""Lissajous curves x = sin(a t + delta), y = sin(b t)."""
from math import gcd

import matplotlib.pyplot as plt
import numpy as np


@interact(layout={"top": [["a", "b"]], "bottom": [["delta", "colour"]]})
def lissajous(a=slider(1, 9, 1, default=3), b=slider(1, 9, 1, default=2),
              delta=slider(0.0, 1.0, 0.01, default=0.5, label="delta / pi"),
              colour=color_selector("#6a0dad", label="colour")):
    t = np.linspace(0, 2 * np.pi, 2000)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(np.sin(a * t + delta * np.pi), np.sin(b * t), color=colour, lw=1.5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    g = gcd(a, b)
    ax.set_title(f"a : b = {a // g} : {b // g}")
    plt.show()
