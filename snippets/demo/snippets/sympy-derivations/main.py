"""Derive and check three classic results symbolically."""
import sympy as sp

x, t = sp.symbols("x t", real=True)
k, n = sp.symbols("k n", integer=True, positive=True)

# 1. The Gaussian integral, by squaring and polar coordinates.
r, theta = sp.symbols("r theta", positive=True)
squared = sp.integrate(sp.integrate(sp.exp(-r**2) * r, (r, 0, sp.oo)), (theta, 0, 2 * sp.pi))
gaussian = sp.sqrt(squared)
assert sp.simplify(gaussian - sp.integrate(sp.exp(-x**2), (x, -sp.oo, sp.oo))) == 0
print("integral of exp(-x^2) over R =", gaussian)

# 2. Sum of squares: check the closed form, then the induction step.
closed = n * (n + 1) * (2 * n + 1) / 6
assert sp.simplify(sp.summation(k**2, (k, 1, n)) - closed) == 0
step = sp.simplify(closed.subs(n, n + 1) - closed - (n + 1) ** 2)
print("sum of k^2 for k = 1..n =", sp.factor(closed), "; induction step leaves", step)

# 3. Damped oscillator x'' + 2 zeta w x' + w^2 x = 0, underdamped case.
w, zeta = sp.symbols("omega zeta", positive=True)
X = sp.Function("x")
ode = sp.Eq(X(t).diff(t, 2) + 2 * zeta * w * X(t).diff(t) + w**2 * X(t), 0)
solution = sp.dsolve(ode.subs(zeta, sp.Rational(1, 4)))
print("with zeta = 1/4:", solution)
assert sp.checkodesol(ode.subs(zeta, sp.Rational(1, 4)), solution)[0]
