"""Euler's totient phi(n), computed for all n <= N with a sieve."""
from math import gcd

import matplotlib.pyplot as plt
import numpy as np


def totients(N):
    """phi(0..N) by the product formula phi(n) = n * prod(1 - 1/p)."""
    phi = np.arange(N + 1)
    for p in range(2, N + 1):
        if phi[p] == p:  # untouched so far: p is prime
            phi[p::p] -= phi[p::p] // p
    return phi


@interact
def totient(N=slider(20, 3000, 20, default=500),
            show_lines=checkbox(True, label="rays n(1-1/p)"),
            n=input_box(36, type=int, label="explain n")):
    phi = totients(max(N, n))
    ns = np.arange(1, N + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(ns, phi[1:N + 1], s=3)
    if show_lines:
        for p, style in [(2, "C1"), (3, "C2"), (5, "C3")]:
            ax.plot(ns, ns * (1 - 1 / p), style, lw=0.8, label=f"n(1 - 1/{p})")
        ax.plot(ns, ns - 1, "k", lw=0.8, label="n - 1 (primes)")
        ax.legend()
    ax.set_xlabel("n")
    ax.set_ylabel("phi(n)")
    plt.show()
    coprime = [k for k in range(1, n + 1) if gcd(k, n) == 1]
    print(f"phi({n}) = {phi[n]}: {coprime[:40]}{' ...' if len(coprime) > 40 else ''}")
