"""How many primes are there below N?  Compare pi(N) with N / ln N."""
import numpy as np
from primes import sieve

is_prime = sieve(10**6)
counts = np.cumsum(is_prime)
print(f"{'N':>9} {'pi(N)':>8} {'N/ln N':>10} {'ratio':>7}")
for k in range(1, 7):
    N = 10**k
    estimate = N / np.log(N)
    print(f"{N:>9} {counts[N]:>8} {estimate:>10.1f} {counts[N] / estimate:>7.3f}")
