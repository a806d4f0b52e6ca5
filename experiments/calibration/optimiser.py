"""A block's objective and the search that minimises it.

The objective (:class:`Objective`) is the sum over the block's targets of the weighted squared relative error of
the mean over common-random-number replicates (:func:`misfit`, dimensionless), plus ``PRIOR_WEIGHT`` times the
squared distance of each parameter from its documented value in units of its search range
(:func:`prior_penalty`). :func:`optimise` runs scipy's differential evolution (fixed seed, fixed budget) and
then, where the block has a polish budget, a bounded Nelder-Mead search. :func:`_replicate_task` is the function
sent to worker processes, so it stays a top-level function.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.calibration.statistics import build_params, mean_stats, run_statistics
from experiments.calibration.targets import Block, Free, Target

#: Weight of the pull towards the documented values (per parameter, squared distance in units of its range).
PRIOR_WEIGHT = 0.01
#: Objective added per unit of constraint violation during the Nelder-Mead polish (which has no constraints).
INFEASIBLE = 10.0


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

    def replicate(self, x: Sequence[float], seed: int, rounded: bool = False) -> dict[str, float]:
        params = build_params(self.raw, self.block.overrides(x, rounded))
        return run_statistics(params, self.block.policy, seed, self.years, self.block.setup_only)

    def combine(self, x: Sequence[float], reps: Sequence[dict[str, float]]) -> dict[str, Any]:
        means = mean_stats(reps)
        errors = misfit(means, self.block.targets)
        prior = prior_penalty(self.block.free, x)
        return {"means": means, "squared_relative_errors": errors, "misfit": float(sum(errors.values())),
                "prior": prior, "objective": float(sum(errors.values())) + prior}

    def parts(self, x: Sequence[float], rounded: bool = False, mapper: Callable | None = None) -> dict[str, Any]:
        """Objective and its parts at ``x``; ``mapper`` runs the replicates in parallel."""
        if mapper is None:
            reps = [self.replicate(x, s, rounded) for s in self.seeds]
        else:
            reps = list(mapper(_replicate_task, [(self, tuple(float(v) for v in x), s, rounded) for s in self.seeds]))
        return self.combine(x, reps)

    def __call__(self, x) -> float:
        return self.parts(x)["objective"]


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
    from scipy.optimize import differential_evolution, minimize
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
        constraints=block.constraints(), x0=np.array([p.start for p in block.free]), callback=callback)
    out = {"x": [float(v) for v in result.x], "objective": float(result.fun), "evaluations": int(result.nfev),
           "generations": int(result.nit), "message": str(result.message), "history": history,
           "de_x": [float(v) for v in result.x], "de_objective": float(result.fun), "polish_evaluations": 0,
           "polish_history": []}
    if polish > 0:
        lo, hi = np.array(bounds).T
        x_de = np.array(result.x)
        simplex = [x_de]
        for i in range(len(x_de)):  # steps of 5% of the range, inwards at a bound
            step = np.zeros_like(x_de)
            step[i] = 0.05 * (hi[i] - lo[i]) * (1 if x_de[i] + 0.05 * (hi[i] - lo[i]) <= hi[i] else -1)
            simplex.append(x_de + step)
        cons = block.constraints()
        polish_history: list[float] = []

        def penalised(x):
            x = np.clip(x, lo, hi)
            violation = sum(float(max(0.0, c.lb[0] - float(c.A[0] @ x))) for c in cons)
            value = INFEASIBLE * (1 + violation) if violation > 0 else objective.parts(x, mapper=mapper)["objective"]
            polish_history.append(value)
            if progress and len(polish_history) % 5 == 0:
                progress(f"  [{block.name}] polish {len(polish_history)}/{polish}: best objective "
                         f"{min(min(polish_history), result.fun):.4f} ({time.perf_counter() - started:.0f} s)")
            return value

        nm = minimize(penalised, x_de, method="Nelder-Mead", bounds=bounds,
                      options={"maxfev": polish, "initial_simplex": np.array(simplex), "xatol": 1e-4,
                               "fatol": 1e-5})
        out.update({"polish_evaluations": len(polish_history), "polish_history": polish_history,
                    "polish_message": str(nm.message)})
        if nm.fun < result.fun:
            out.update({"x": [float(v) for v in np.clip(nm.x, lo, hi)], "objective": float(nm.fun)})
        out["evaluations"] = int(result.nfev) + len(polish_history)
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


__all__ = ["INFEASIBLE", "PRIOR_WEIGHT", "Objective", "misfit", "optimise", "prior_penalty"]
