"""Check numerically that the sum of the two waves is 2 sin(kx) cos(wt)."""
import numpy as np
from wavelib import travelling

x, t, k = np.linspace(0, 1, 101), 0.37, 3 * np.pi
total = travelling(x, t, k, 1.0, +1) + travelling(x, t, k, 1.0, -1)
assert np.allclose(total, 2 * np.sin(k * x) * np.cos(k * t))
print("sin(k(x - ct)) + sin(k(x + ct)) = 2 sin(kx) cos(kct): verified")
