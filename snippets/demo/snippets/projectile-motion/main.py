"""Projectile motion: exact parabola vs numerical integration with quadratic drag."""
import matplotlib.pyplot as plt
import numpy as np

G = 9.81


def flight(v0, angle_deg, drag, dt=0.005):
    """Positions until landing, integrating x'' = -k |v| v - g (semi-implicit Euler)."""
    theta = np.radians(angle_deg)
    pos = np.zeros(2)
    vel = v0 * np.array([np.cos(theta), np.sin(theta)])
    path = [pos.copy()]
    while True:
        acc = -drag * np.linalg.norm(vel) * vel - np.array([0, G])
        vel = vel + dt * acc
        pos = pos + dt * vel
        if pos[1] < 0:
            fraction = path[-1][1] / (path[-1][1] - pos[1])
            path.append(path[-1] + fraction * (pos - path[-1]))
            return np.array(path)
        path.append(pos.copy())


@interact
def projectile(v0=slider(5.0, 60.0, 1.0, default=30.0, label="speed v0 (m/s)"),
               angle=slider(5, 85, 1, default=45, label="angle (degrees)"),
               with_drag=checkbox(True, label="air drag"),
               k=slider(0.001, 0.05, 0.001, default=0.01, label="drag k (1/m)")):
    fig, ax = plt.subplots(figsize=(8, 3.5))
    vacuum = flight(v0, angle, 0.0)
    ax.plot(*vacuum.T, "C0", label=f"no drag: range {vacuum[-1, 0]:.1f} m")
    if with_drag:
        dragged = flight(v0, angle, k)
        ax.plot(*dragged.T, "C3", label=f"drag: range {dragged[-1, 0]:.1f} m")
        best = max(range(10, 80, 2), key=lambda a: flight(v0, a, k, dt=0.02)[-1, 0])
        print(f"with drag the longest range is near {best} degrees")
    ax.set_aspect("equal")
    ax.set_xlabel("x (m)")
    ax.legend()
    plt.show()
    print(f"exact vacuum range v0^2 sin(2 theta)/g = {v0**2 * np.sin(np.radians(2 * angle)) / G:.2f} m")
