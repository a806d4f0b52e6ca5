"""Sweeps: a grid, or a sampled design, over scenario parameters (``carenet sweep``).

A sweep varies named parameters and runs every policy and replicate at every design point
(common random numbers: replicate ``r`` has one seed at every point and under every policy).
Each ``--param`` names a parameter (dotted name, as in ``docs/parameters.md``) and its values:

* ``KEY=v1,v2,...``: these values (numbers, ``true``/``false`` or names);
* ``KEY=lo:hi:n``: ``n`` evenly spaced values from ``lo`` to ``hi`` (both included);
* ``KEY=lo:hi``: the range ``lo`` to ``hi`` (``--levels`` values in a grid; sampled with ``--samples``);
* ``KEY``: the parameter's plausible range from the provenance table (``carenet params``),
  taken around the scenario's value for per-profile and per-role parameters.

A **grid** (the default) is the cartesian product of the parameters' values; a **sampled
design** (``--samples N``) draws ``N`` points by Latin hypercube sampling (SALib) over the
ranges, with the root seed as the sampling seed, so the same command gives the same points.
Values of integer parameters are rounded to whole numbers. Every point is validated against
every scenario before anything runs (:func:`experiments.design.check_points`).

Units: values are in the parameter's own unit (see ``docs/parameters.md``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.design import ExperimentError


@dataclass(frozen=True)
class Axis:
    """One swept parameter: either a list of ``values`` or a ``(lo, hi)`` range (with ``levels`` for a grid)."""

    key: str
    values: tuple | None = None
    low: float | None = None
    high: float | None = None
    levels: int | None = None

    @property
    def is_range(self) -> bool:
        return self.values is None

    def describe(self) -> dict[str, Any]:
        if self.is_range:
            return {"key": self.key, "range": [self.low, self.high], **({"levels": self.levels} if self.levels else {})}
        return {"key": self.key, "values": list(self.values)}


def parameter_kinds(params=None) -> dict[str, str]:
    """Dotted parameter name -> its type (``int``, ``float``, ``bool``, ...) from the provenance table."""
    from sim.provenance import parameter_table
    table = parameter_table(params)
    return dict(zip(table["name"], table["type"]))


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ExperimentError(f"{what}: {text!r} is not a number (allowed: KEY=v1,v2,..., KEY=lo:hi:n, "
                              "KEY=lo:hi or KEY alone for its documented range)") from None
    if not math.isfinite(value):
        raise ExperimentError(f"{what}: {text!r} is not a finite number")
    return value


def parse_axis(item: str, params=None, levels: int | None = None) -> Axis:
    """One ``--param`` item as an :class:`Axis` (see the module docstring); the key must name a parameter."""
    from sim.scenario import check_key, parameter_path, parse_value
    from sim.scenario import ScenarioError

    key, sep, spec = item.partition("=")
    key = key.strip()
    if not key:
        raise ExperimentError(f"--param {item!r}: no parameter name (allowed: KEY=v1,v2,..., KEY=lo:hi:n, "
                              "KEY=lo:hi or KEY)")
    try:
        check_key(key, "--param")
    except ScenarioError as exc:
        raise ExperimentError(str(exc)) from None
    key = parameter_path(key)
    what = f"--param {item}"
    if not sep:
        from sim.provenance import ranges_for_sensitivity
        ranges = ranges_for_sensitivity(params)
        if key not in ranges:
            raise ExperimentError(f"--param {key}: has no documented plausible range (see docs/parameters.md); "
                                  f"give values or a range, e.g. --param {key}=lo:hi")
        lo, hi = ranges[key]
        return Axis(key, low=lo, high=hi, levels=levels)
    spec = spec.strip()
    if ":" in spec:
        parts = spec.split(":")
        if len(parts) not in (2, 3):
            raise ExperimentError(f"{what}: expected lo:hi or lo:hi:n")
        lo, hi = _number(parts[0], what), _number(parts[1], what)
        if not lo < hi:
            raise ExperimentError(f"{what}: lo = {parts[0]} must be below hi = {parts[1]}")
        n = levels
        if len(parts) == 3:
            try:
                n = int(parts[2])
            except ValueError:
                n = 0
            if n < 2:
                raise ExperimentError(f"{what}: n = {parts[2]!r} not allowed (allowed: an integer >= 2)")
        return Axis(key, low=lo, high=hi, levels=n)
    values = tuple(parse_value(v.strip()) for v in spec.split(","))
    if any(v == "" for v in values):
        raise ExperimentError(f"{what}: empty value (allowed: a comma-separated list of values)")
    if len(set(map(repr, values))) != len(values):
        raise ExperimentError(f"{what}: a value is given more than once (allowed: distinct values)")
    return Axis(key, values=values)


def _cast(values, kind: str) -> list:
    if kind == "int":
        return [int(round(float(v))) for v in values]
    if kind == "float":
        return [float(v) for v in values]
    return list(values)


def grid_points(axes: list[Axis], kinds: dict[str, str], levels: int = 3) -> list[dict[str, Any]]:
    """The cartesian product of the axes' values (ranges as ``levels`` evenly spaced values), first axis slowest."""
    columns = []
    for axis in axes:
        if axis.is_range:
            n = axis.levels or levels
            values = _cast(np.linspace(axis.low, axis.high, n), kinds.get(axis.key, "float"))
            values = list(dict.fromkeys(values))  # rounding an int range can repeat values
        else:
            values = list(axis.values)
        columns.append(values)
    return [dict(zip((a.key for a in axes), combo)) for combo in itertools.product(*columns)]


def sampled_points(axes: list[Axis], kinds: dict[str, str], samples: int, seed: int) -> list[dict[str, Any]]:
    """``samples`` points by Latin hypercube sampling (SALib) over the axes' ranges, seeded with ``seed``."""
    from SALib.sample import latin
    listed = [a.key for a in axes if not a.is_range]
    if listed:
        raise ExperimentError(f"--samples: {', '.join(listed)} given as a list of values (allowed with --samples: "
                              "ranges, KEY=lo:hi or KEY alone)")
    problem = {"num_vars": len(axes), "names": [a.key for a in axes], "bounds": [[a.low, a.high] for a in axes]}
    matrix = latin.sample(problem, samples, seed=int(seed) % (2 ** 32))
    points = []
    for row in matrix:
        points.append({a.key: _cast([x], kinds.get(a.key, "float"))[0] for a, x in zip(axes, row)})
    return points


def sweep_design(items: list[str] | tuple[str, ...], params=None, levels: int = 3, samples: int | None = None,
                 seed: int = 0) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Parse ``--param`` items and make the design: ``(points, design record)``.

    Args:
        items: the ``--param`` items (at least one; each parameter once).
        params: the (first) scenario's parameters: where per-profile and per-role ranges are taken around.
        levels: values per range in a grid (>= 2).
        samples: sample this many points (Latin hypercube) instead of a grid.
        seed: the sampling seed (the experiment's root seed).
    """
    if not items:
        raise ExperimentError("--param: none given (allowed: one or more, e.g. --param strain.recovery=0.05:0.2:4)")
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 2:
        raise ExperimentError(f"--levels = {levels!r} not allowed (allowed: an integer >= 2)")
    if samples is not None and (isinstance(samples, bool) or not isinstance(samples, int) or samples < 1):
        raise ExperimentError(f"--samples = {samples!r} not allowed (allowed: an integer >= 1)")
    axes = [parse_axis(item, params) for item in items]
    keys = [a.key for a in axes]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ExperimentError(f"--param: {', '.join(repeated)} given more than once (allowed: each parameter once)")
    kinds = parameter_kinds(params)
    if samples is None:
        points = grid_points(axes, kinds, levels)
        design = {"kind": "sweep", "method": "grid", "levels": levels, "axes": [a.describe() for a in axes]}
    else:
        points = sampled_points(axes, kinds, samples, seed)
        design = {"kind": "sweep", "method": "latin hypercube (SALib)", "samples": samples, "seed": int(seed),
                  "axes": [a.describe() for a in axes]}
    return points, design


def describe_point(point: dict[str, Any]) -> str:
    """A design point as ``key=value, ...`` for tables and messages."""
    return ", ".join(f"{k}={_short(v)}" for k, v in point.items())


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


__all__ = ["Axis", "describe_point", "grid_points", "parse_axis", "sampled_points", "sweep_design"]
