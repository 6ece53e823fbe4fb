"""Textbook RSA on small numbers (never use this for real secrets)."""
from math import gcd


def is_prime(n):
    """Trial division; fine for toy sizes."""
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def make_keys(p, q, e=65537):
    """((e, n), (d, n)) for primes p != q and e coprime to phi(n)."""
    if not (is_prime(p) and is_prime(q)) or p == q:
        raise ValueError("p and q must be two different primes")
    n, phi = p * q, (p - 1) * (q - 1)
    if gcd(e, phi) != 1:
        raise ValueError(f"e = {e} shares a factor with phi(n) = {phi}")
    d = pow(e, -1, phi)
    return (e, n), (d, n)


def encrypt(text, public_key):
    """Encrypt each character's code point separately: c = m^e mod n."""
    e, n = public_key
    if any(ord(ch) >= n for ch in text):
        raise ValueError(f"n = {n} is too small for these characters")
    return [pow(ord(ch), e, n) for ch in text]


def decrypt(cipher, private_key):
    """m = c^d mod n, back to characters."""
    d, n = private_key
    return "".join(chr(pow(c, d, n)) for c in cipher)
