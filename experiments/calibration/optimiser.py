"""A block's objective and the search that minimises it.

The objective (:class:`Objective`) is the sum over the block's targets of the weighted squared relative error of
the mean over common-random-number replicates (:func:`misfit`, dimensionless), plus ``PRIOR_WEIGHT`` times the
squared distance of each parameter from its documented value in units of its search range
(:func:`prior_penalty`). A block with solved thresholds (the carers) reads its burden shares at the thresholds
solved from the pooled strain of the evaluation's own runs (:meth:`Objective.combine`); :func:`solve` finds their
fixed point. :func:`optimise` runs scipy's differential evolution (fixed seed, fixed budget) and then, where the
block has a polish budget, a bounded Nelder-Mead search. :func:`_replicate_task` is the function sent to worker
processes, so it stays a top-level function.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from experiments.calibration.statistics import (build_params, category_shares, mean_stats, run_statistics,
                                                strain_quantile)
from experiments.calibration.targets import CATEGORY_TARGETS, Block, Free, Target

#: Weight of the pull towards the documented values (per parameter, squared distance in units of its range).
PRIOR_WEIGHT = 0.01


def misfit(means: dict[str, float], targets: Sequence[Target]) -> dict[str, float]:
    """Weighted squared relative error of each target's simulated mean (NaN counts as a relative error of 1)."""
    out = {}
    for t in targets:
        sim = means.get(t.key, float("nan"))
        rel = (sim - t.value) / t.value if sim == sim else 1.0
        out[t.key] = t.weight * rel * rel
    return out


def prior_penalty(free: Sequence[Free], x: Sequence[float]) -> float:
    """The pull towards the documented values: PRIOR_WEIGHT * sum of squared distances in units of the range."""
    return PRIOR_WEIGHT * float(sum(((v - p.start) / (p.hi - p.lo)) ** 2 for p, v in zip(free, x)))


@dataclass
class Objective:
    """A block's objective on common random numbers (picklable, so worker processes can evaluate it)."""

    block: Block
    raw: dict                      # the scenario's raw table, with the other blocks' fitted values laid over
    seeds: tuple[int, ...]
    years: float
    thresholds: dict[str, float] = field(default_factory=dict)   # the solved thresholds the runs use
    read_at_solved: bool = True    # shares read at the evaluation's own solved thresholds (else: the runs' own)

    def replicate(self, x: Sequence[float], seed: int, rounded: bool = False) -> dict[str, Any]:
        params = build_params(self.raw, {**self.block.overrides(x, rounded), **self.thresholds})
        return run_statistics(params, self.block.policy, seed, self.years, self.block.setup_only,
                              with_strain=bool(self.block.solved))

    def combine(self, x: Sequence[float], reps: Sequence[dict[str, Any]]) -> dict[str, Any]:
        histograms = [r.pop("strain_histogram") for r in reps if "strain_histogram" in r]
        means = mean_stats(reps)
        out: dict[str, Any] = {}
        if self.block.solved and histograms:
            pooled = sum(histograms)
            solved = {s.field: round(min(max(strain_quantile(pooled, s.tail), s.lo), s.hi), s.decimals)
                      for s in self.block.solved}
            out["solved"] = solved
            if self.read_at_solved:
                means.update(zip(CATEGORY_TARGETS, category_shares(pooled, list(solved.values()))))
        errors = misfit(means, self.block.targets)
        prior = prior_penalty(self.block.free, x)
        return {"means": means, "squared_relative_errors": errors, "misfit": float(sum(errors.values())),
                "prior": prior, "objective": float(sum(errors.values())) + prior, **out}

    def parts(self, x: Sequence[float], rounded: bool = False, mapper: Callable | None = None) -> dict[str, Any]:
        """Objective and its parts at ``x``; ``mapper`` runs the replicates in parallel. With solved thresholds,
        ``"solved"`` holds the thresholds solved from these runs (rounded, within their ranges)."""
        if mapper is None:
            reps = [self.replicate(x, s, rounded) for s in self.seeds]
        else:
            reps = list(mapper(_replicate_task, [(self, tuple(float(v) for v in x), s, rounded) for s in self.seeds]))
        return self.combine(x, reps)

    def __call__(self, x) -> float:
        return self.parts(x)["objective"]


def solve(objective: Objective, x: Sequence[float], rounds: int, mapper: Callable | None = None,
          progress: Callable[[str], None] | None = None) -> list[dict[str, float]]:
    """The fixed point of the solved thresholds at ``x`` (rounded values): ``rounds`` times, run the replicates at
    the current thresholds and set each threshold to its quantile of their pooled strain. The thresholds act back
    on the strain (burnout and dropout, a noticed overload), hence the rounds. Sets ``objective.thresholds`` and
    returns the thresholds after each round."""
    history = []
    for r in range(rounds):
        solved = objective.parts(x, rounded=True, mapper=mapper)["solved"]
        objective.thresholds = solved
        history.append(solved)
        if progress:
            progress(f"  [{objective.block.name}] thresholds, round {r + 1}/{rounds}: "
                     + ", ".join(f"{k.split('.')[-1]} {v:g}" for k, v in solved.items()))
    return history


def nelder_mead(objective: Objective, x0: Sequence[float], budget: int, mapper: Callable = map,
                progress: Callable[[str], None] | None = None, best_so_far: float = float("inf")) -> dict[str, Any]:
    """A bounded Nelder-Mead search from ``x0`` with at most ``budget`` evaluations (replicates run in parallel;
    initial simplex: steps of 5% of each range, inwards at a bound); deterministic on common random numbers.
    Returns its best point (``x``, ``objective``), ``evaluations``, the ``history`` of values and scipy's message."""
    from scipy.optimize import minimize
    block = objective.block
    lo, hi = np.array([(p.lo, p.hi) for p in block.free]).T
    start = np.array(x0, float)
    simplex = [start]
    for i in range(len(start)):
        step = np.zeros_like(start)
        step[i] = 0.05 * (hi[i] - lo[i]) * (1 if start[i] + 0.05 * (hi[i] - lo[i]) <= hi[i] else -1)
        simplex.append(start + step)
    history: list[float] = []
    started = time.perf_counter()

    def bounded(x):
        value = objective.parts(np.clip(x, lo, hi), mapper=mapper)["objective"]
        history.append(value)
        if progress and len(history) % 5 == 0:
            progress(f"  [{block.name}] polish {len(history)}/{budget}: best objective "
                     f"{min(min(history), best_so_far):.4f} ({time.perf_counter() - started:.0f} s)")
        return value

    nm = minimize(bounded, start, method="Nelder-Mead", bounds=list(zip(lo, hi)),
                  options={"maxfev": budget, "initial_simplex": np.array(simplex), "xatol": 1e-4, "fatol": 1e-5})
    return {"x": [float(v) for v in np.clip(nm.x, lo, hi)], "objective": float(nm.fun), "evaluations": len(history),
            "history": history, "message": str(nm.message)}


def _replicate_task(task) -> dict[str, float]:
    """Worker task: one replicate of an objective, ``(objective, x, seed, rounded)``."""
    objective, x, seed, rounded = task
    return objective.replicate(x, seed, rounded)


def optimise(objective: Objective, seed: int, maxiter: int, mapper: Callable = map,
             progress: Callable[[str], None] | None = None, polish: int = 0) -> dict[str, Any]:
    """Differential evolution on one block: fixed seed, fixed budget, deferred updating (results independent of
    the number of workers), the documented values as one member of the initial population. Then, if ``polish``
    > 0, a bounded Nelder-Mead search from the best member with at most ``polish`` evaluations (replicates run in
    parallel), which refines what the population found; it is deterministic on common random numbers."""
    from scipy.optimize import differential_evolution
    block = objective.block
    bounds = [(p.lo, p.hi) for p in block.free]
    n_pop = block.popsize * len(bounds)
    budget = n_pop * (maxiter + 1)
    started = time.perf_counter()
    history: list[float] = []

    def callback(intermediate_result):
        history.append(float(intermediate_result.fun))
        if progress:
            gen = len(history)
            progress(f"  [{block.name}] generation {gen}/{maxiter}: best objective {intermediate_result.fun:.4f} "
                     f"({min(n_pop * (gen + 1), budget)}/{budget} evaluations, {time.perf_counter() - started:.0f} s)")

    result = differential_evolution(
        objective, bounds, rng=np.random.default_rng(seed), maxiter=maxiter, popsize=block.popsize, tol=0.0,
        atol=0.0, polish=False, init="latinhypercube", updating="deferred", workers=mapper,
        x0=np.array([p.start for p in block.free]), callback=callback)
    out = {"x": [float(v) for v in result.x], "objective": float(result.fun), "evaluations": int(result.nfev),
           "generations": int(result.nit), "message": str(result.message), "history": history,
           "de_x": [float(v) for v in result.x], "de_objective": float(result.fun), "polish_evaluations": 0,
           "polish_history": []}
    if polish > 0:
        nm = nelder_mead(objective, result.x, polish, mapper, progress, best_so_far=float(result.fun))
        out.update({"polish_evaluations": nm["evaluations"], "polish_history": nm["history"],
                    "polish_message": nm["message"]})
        if nm["objective"] < result.fun:
            out.update({"x": nm["x"], "objective": nm["objective"]})
        out["evaluations"] = int(result.nfev) + nm["evaluations"]
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


__all__ = ["PRIOR_WEIGHT", "Objective", "misfit", "nelder_mead", "optimise", "prior_penalty", "solve"]
