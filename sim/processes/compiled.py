"""Temporary: the decorator moved to :mod:`sim.compiled` (removed once every process imports it from there)."""

from sim.compiled import kernel

__all__ = ["kernel"]
