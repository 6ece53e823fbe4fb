"""The Collatz map n -> n/2 (even), 3n + 1 (odd), iterated until 1."""
import matplotlib.pyplot as plt


def trajectory(n):
    """The orbit of n down to 1, inclusive."""
    orbit = [n]
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        orbit.append(n)
    return orbit


@interact
def collatz(starts=range_slider(1, 200, 1, default=(25, 32), label="start values"),
            log_scale=checkbox(True, label="log scale")):
    first, last = starts
    fig, ax = plt.subplots(figsize=(7, 4))
    longest = (0, 0)
    for n in range(first, min(last, first + 40) + 1):
        orbit = trajectory(n)
        longest = max(longest, (len(orbit) - 1, n))
        ax.plot(orbit, lw=0.8)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("value")
    ax.set_title(f"starts {first}..{min(last, first + 40)}")
    plt.show()
    steps, n = longest
    print(f"longest: {n} takes {steps} steps and peaks at {max(trajectory(n))}")
