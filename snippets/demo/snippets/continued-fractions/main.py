"""Continued fractions with exact arithmetic (SymPy) and a table of convergents."""
import sympy as sp


def continued_fraction(x, terms):
    """The first partial quotients [a0; a1, a2, ...] of a real number x."""
    quotients = []
    for _ in range(terms):
        a = sp.floor(x)
        quotients.append(int(a))
        if x == a:
            break
        x = 1 / (x - a)
    return quotients


def convergents(x, terms=10):
    """The convergents p_k/q_k of x, as exact rationals."""
    p_prev, p = 1, 0
    q_prev, q = 0, 1
    result = []
    for a in continued_fraction(x, terms):
        p_prev, p = a * p_prev + p, p_prev
        q_prev, q = a * q_prev + q, q_prev
        result.append(sp.Rational(p_prev, q_prev))
    return result


for name, x in [("pi", sp.pi), ("e", sp.E), ("sqrt(2)", sp.sqrt(2)), ("golden ratio", sp.GoldenRatio)]:
    print(f"{name} = {continued_fraction(x, 10)}")
    print(f"    {'p/q':>16}  {'|x - p/q|':>10}  {'1/q^2':>10}")
    for c in convergents(x, 7):
        print(f"    {str(c):>16}  {float(abs(x - c)):10.3e}  {1 / c.q**2:10.3e}")
