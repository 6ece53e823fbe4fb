"""Small prime toolkit: the sieve of Eratosthenes and its intermediate stages."""
import numpy as np


def sieve(n):
    """Boolean array is_prime[0..n]."""
    is_prime = np.ones(n + 1, dtype=bool)
    is_prime[:2] = False
    for p in range(2, int(n**0.5) + 1):
        if is_prime[p]:
            is_prime[p * p::p] = False
    return is_prime


def primes_up_to(n):
    """The primes <= n, as a numpy array."""
    return np.flatnonzero(sieve(n))


def sieve_stages(n, stage):
    """State of 1..n after crossing out multiples of the first `stage` primes.

    Returns (cells, used): cells[i - 1] is 1 if i is known to be prime, 0 if
    not decided yet, -1 if crossed out (or i = 1); used lists the primes
    applied.  A survivor below q^2, q the next survivor, must be prime.
    """
    alive = np.ones(n + 1, dtype=bool)
    alive[:2] = False
    used = []
    p = 2
    while len(used) < stage and p <= n:
        if alive[p]:
            alive[2 * p::p] = False
            used.append(p)
        p += 1
    survivors = np.flatnonzero(alive)
    later = survivors[survivors > (used[-1] if used else 1)]
    next_prime = later[0] if len(later) else n + 1
    numbers = np.arange(n + 1)
    cells = np.where(alive, np.where(numbers < next_prime**2, 1, 0), -1)
    return cells[1:], used
