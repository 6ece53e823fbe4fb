"""Ulam's spiral: primes on a square spiral line up along diagonals."""
import matplotlib.pyplot as plt
import numpy as np


def spiral_coordinates(count):
    """(x, y) of 1, 2, ..., count walking a square spiral out from the origin."""
    xs, ys = np.zeros(count, int), np.zeros(count, int)
    x = y = 0
    dx, dy = 1, 0
    run, i = 1, 1
    while i < count:
        for _ in range(2):
            for _ in range(run):
                if i == count:
                    return xs, ys
                x, y = x + dx, y + dy
                xs[i], ys[i] = x, y
                i += 1
            dx, dy = -dy, dx
        run += 1
    return xs, ys


def is_prime_table(n):
    table = np.ones(n + 1, dtype=bool)
    table[:2] = False
    for p in range(2, int(n**0.5) + 1):
        if table[p]:
            table[p * p::p] = False
    return table


@interact
def ulam(size=slider(21, 301, 20, default=201, label="side"),
         start=input_box(1, type=int, label="first number"),
         colour=color_selector("#1f3a93", label="prime colour")):
    count = size * size
    numbers = np.arange(start, start + count)
    primes = is_prime_table(int(numbers[-1]))[numbers.clip(0)]
    xs, ys = spiral_coordinates(count)
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.scatter(xs[primes], ys[primes], s=max(0.5, 4000 / count), c=colour, marker="s")
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"{primes.sum()} primes among {start}..{numbers[-1]}")
    plt.show()
