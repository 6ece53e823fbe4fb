"""The damped harmonic oscillator, solved exactly for x(0) = x0, x'(0) = v0."""
import matplotlib.pyplot as plt
import numpy as np


def solve(t, zeta, w0, x0=1.0, v0=0.0):
    """x(t) and v(t) from the roots of s^2 + 2 zeta w0 s + w0^2 = 0."""
    if np.isclose(zeta, 1.0):
        s = -w0
        a, b = x0, v0 - s * x0
        x = (a + b * t) * np.exp(s * t)
        v = (b + s * (a + b * t)) * np.exp(s * t)
        return x, v
    root = np.sqrt(complex(zeta**2 - 1))
    s1, s2 = w0 * (-zeta + root), w0 * (-zeta - root)
    c1 = (v0 - s2 * x0) / (s1 - s2)
    c2 = x0 - c1
    x = c1 * np.exp(s1 * t) + c2 * np.exp(s2 * t)
    v = c1 * s1 * np.exp(s1 * t) + c2 * s2 * np.exp(s2 * t)
    return x.real, v.real


@interact
def oscillator(zeta=slider(0.0, 2.5, 0.05, default=0.2, label="damping ratio zeta"),
               w0=slider(0.5, 5.0, 0.1, default=2.0, label="natural frequency w0"),
               v0=slider(-5.0, 5.0, 0.5, default=0.0, label="initial velocity")):
    t = np.linspace(0, 15, 1500)
    x, v = solve(t, zeta, w0, 1.0, v0)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.plot(t, x)
    if zeta < 1:
        left.plot(t, np.exp(-zeta * w0 * t) * np.hypot(1, (v0 + zeta * w0) / (w0 * np.sqrt(1 - zeta**2))),
                  "k--", lw=0.8, label="envelope")
        left.legend()
    left.set_xlabel("t")
    left.set_ylabel("x")
    right.plot(x, v)
    right.plot([1.0], [v0], "ko")
    right.set_xlabel("x")
    right.set_ylabel("v")
    plt.show()
    kind = "undamped" if zeta == 0 else "underdamped" if zeta < 1 else "critically damped" if zeta == 1 else "overdamped"
    print(f"{kind}; " + (f"rings at w_d = {w0 * np.sqrt(1 - zeta**2):.3f} rad/s" if zeta < 1 else "no oscillation"))
