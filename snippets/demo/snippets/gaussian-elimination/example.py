"""Solve the textbook system 2x + y - z = 8, -3x - y + 2z = -11, -2x + y + 2z = -3."""
from elimination import rref_steps, show

show(rref_steps([[2, 1, -1, 8], [-3, -1, 2, -11], [-2, 1, 2, -3]]))
