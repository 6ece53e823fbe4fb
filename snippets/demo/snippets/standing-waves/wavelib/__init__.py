"""Tiny helpers for one-dimensional waves."""
from .waves import frequency, nodes, travelling

__all__ = ["frequency", "nodes", "travelling"]
