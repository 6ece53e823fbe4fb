"""Superposing two tones with nearby frequencies produces beats."""
import matplotlib.pyplot as plt
import numpy as np


@interact
def beats(f1=slider(100.0, 500.0, 1.0, default=440.0, label="f1 (Hz)"),
          f2=slider(100.0, 500.0, 1.0, default=446.0, label="f2 (Hz)"),
          duration=slider(0.05, 2.0, 0.05, default=0.5, label="seconds shown"),
          envelope=checkbox(True, label="show envelope")):
    t = np.linspace(0, duration, 8000)
    signal = np.cos(2 * np.pi * f1 * t) + np.cos(2 * np.pi * f2 * t)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.plot(t, signal, lw=0.5)
    if envelope:
        env = 2 * np.abs(np.cos(np.pi * (f1 - f2) * t))
        ax.plot(t, env, "C3", t, -env, "C3", lw=1.5)
    ax.set_xlabel("t (s)")
    ax.set_ylim(-2.2, 2.2)
    beat = abs(f1 - f2)
    ax.set_title(f"beat frequency |f1 - f2| = {beat:g} Hz" + (f", period {1 / beat:.3f} s" if beat else ""))
    plt.show()
