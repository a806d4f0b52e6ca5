"""The whole calibration: fit the blocks in turn, validate on fresh seeds, run the probes (:func:`calibrate_all`).

:class:`Settings` holds the run size (clients; years simulated by the carer block and the validation,
``HANDOVER_YEARS`` years by the handover block), the replicates (common-random-number seeds
``seed * SEED_STRIDE + 1..R`` for the fit, ``seed * SEED_STRIDE + 101..`` for the validation) and the optimiser
budget. The returned data are what ``carenet calibrate`` writes to ``calibration.json`` and
:mod:`analysis.calibration_report` renders. :func:`_validate_one` and :func:`_probe_one` are sent to worker
processes, so they stay top-level functions.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from experiments.calibration.optimiser import PRIOR_WEIGHT, Objective, nelder_mead, optimise, solve
from experiments.calibration.statistics import build_params, lay_over, mean_stats, run_statistics, summary
from experiments.calibration.targets import RESOLVED_POLISH, SOLVE_ROUNDS, TARGETS, Block, blocks
from experiments.environment import package_versions

#: Years simulated by the handover block (its statistics depend on the network and the item mix only), and its
#: warm-up: none (the network and the item mix need none).
HANDOVER_YEARS = 0.5
HANDOVER_WARMUP = {"warmup_years": 0.0}
#: Replicate seeds: fitting uses seed*SEED_STRIDE + 1..R, validation seed*SEED_STRIDE + 101..; disjoint sets.
SEED_STRIDE = 1000
#: Common-random-number replicates per evaluation. Eight, not four: since co-resident carers rarely drop out
#: (strain.coresident_dropout_ratio), a heavily burdened carer stays in the population for years, so the burden
#: shares of one 1,000-client run vary more; with four fit seeds the solved thresholds followed those seeds' noise
#: (very heavily burdened 3.1% on them, 3.5-3.9% on fresh seeds).
FIT_REPLICATES = 8

#: How the optimiser is described in the report's settings.
OPTIMISER = ("scipy.optimize.differential_evolution (best1bin, latinhypercube init with the documented values as one "
             "member, tol=0, deferred updating, no gradient polish), then scipy.optimize.minimize Nelder-Mead "
             "(bounded, initial simplex 5% of each range) where a block has a polish budget")


@dataclass
class Settings:
    """What ``carenet calibrate`` was asked for: scenario, seed, run size (clients, years) and budget."""

    scenario: str = "default"
    seed: int = 0
    n_clients: int | None = None       # None: the scenario's
    years: float | None = None         # None: the scenario's (carer block and validation)
    replicates: int = FIT_REPLICATES
    maxiter: int | None = None         # None: each block's own
    validate_replicates: int = 10
    workers: int = 1
    handover_years: float = HANDOVER_YEARS
    polish: int | None = None          # None: each block's own (handover 20, carers POLISH, plan 0)
    only: tuple[str, ...] = ()         # fit only these blocks (tests); the others keep their start values

    def fit_seeds(self) -> tuple[int, ...]:
        return tuple(self.seed * SEED_STRIDE + 1 + r for r in range(self.replicates))

    def validation_seeds(self) -> tuple[int, ...]:
        return tuple(self.seed * SEED_STRIDE + 101 + r for r in range(self.validate_replicates))

    def maxiter_for(self, block: Block) -> int:
        """Generations of differential evolution in ``block``."""
        return self.maxiter or block.maxiter

    def polish_for(self, block: Block) -> int:
        """Nelder-Mead evaluations in ``block`` (``--polish`` applies only to blocks that have a polish budget)."""
        return block.polish if self.polish is None or not block.polish else self.polish

    def second_polish_for(self, block: Block) -> int:
        """Nelder-Mead evaluations at the re-solved thresholds of a block with solved thresholds (``--polish``
        sets this budget too)."""
        return 0 if not block.solved else RESOLVED_POLISH if self.polish is None else self.polish


def scenario_raw(settings: Settings) -> tuple[dict, Any]:
    """The scenario's raw table (bases resolved) with the run size, and its validated parameters."""
    from sim.scenario import raw_scenario, validate
    raw, origin = raw_scenario(settings.scenario)
    params = validate(raw, origin)
    if settings.n_clients is not None:
        raw = {**raw, "population": {**raw.get("population", {}), "n_clients": settings.n_clients}}
    return raw, params


# --------------------------------------------------------------------------- validation and probes

def _validate_one(task) -> dict[str, float]:
    """Worker task: every statistic of one validation seed, ``(params, seed, years)``."""
    params, seed, years = task
    stats = run_statistics(params, "none", seed, years, by_year=True)
    stats.update(run_statistics(params, "digital_plan", seed, years, setup_only=True))
    return stats


def validation(raw: dict, values: dict[str, float], seeds: Sequence[int], years: float, mapper) -> dict[str, Any]:
    """Every statistic over fresh seeds at the given values: per statistic mean, 95% range of single runs, s.e."""
    params = build_params(raw, values)
    reps = list(mapper(_validate_one, [(params, s, years) for s in seeds]))
    return {k: summary([r[k] for r in reps]) for k in reps[0]}


def _probe_one(task) -> dict[str, float]:
    """Worker task: the statistics of one probe run, ``(params, policy, seed, years)``."""
    params, policy, seed, years = task
    return run_statistics(params, policy, seed, years)


def probe(raw: dict, values: dict[str, float], seeds, years, mapper) -> dict[str, float]:
    """The mean statistics over ``seeds`` at ``values`` (policy none)."""
    params = build_params(raw, values)
    return mean_stats(list(mapper(_probe_one, [(params, "none", s, years) for s in seeds])))


def probes(settings: Settings, carers: Block, raw: dict, fitted: dict[str, float], years: float,
           mapper) -> dict[str, Any]:
    """The report's probes at the fitted values: carer availability and the carer tasks at the top of their ranges,
    and ``handover.carrier_complete`` at each end of its plausible range (as the handover block: no warm-up)."""
    from sim.provenance import ranges_for_sensitivity
    out = {}
    availability, presence, practical = carers.free[:3]
    for name, scales in (("availability_at_upper_bound", (availability,)),
                         ("tasks_at_upper_bound", (presence, practical))):
        top = dict(fitted)
        for scale in scales:
            top.update(scale.values(scale.hi, rounded=True))
        fields = [f for scale in scales for f in scale.fields]
        out[name] = {"values": {k: top[k] for k in fields}, "years": years, "seeds": list(settings.fit_seeds()),
                     "stats": probe(raw, top, settings.fit_seeds(), years, mapper)}
    lo, hi = ranges_for_sensitivity()["handover.carrier_complete"]
    for end, value in (("low", lo), ("high", hi)):
        vals = {**fitted, "handover.carrier_complete": value, **HANDOVER_WARMUP}
        out[f"carrier_complete_{end}"] = {
            "values": {"handover.carrier_complete": value}, "years": settings.handover_years,
            "seeds": list(settings.fit_seeds()),
            "stats": probe(raw, vals, settings.fit_seeds(), settings.handover_years, mapper)}
    return out


# --------------------------------------------------------------------------- fitting

def fit_block(name: str, block: Block, current: dict, settings: Settings, years: float, n_clients: int,
              mapper, progress: Callable[[str], None]) -> dict[str, Any]:
    """Fit one block on ``current`` (the raw table with the earlier blocks' values laid over); returns its
    result: the optimiser's record, the parameters and the objective's parts at the rounded values."""
    block_years = settings.handover_years if name == "handover" else years
    base = lay_over(current, HANDOVER_WARMUP) if name == "handover" else current
    objective = Objective(block, base, settings.fit_seeds(), block_years)
    objective.thresholds = {s.field: s.start for s in block.solved}
    skipped = bool(settings.only) and name not in settings.only
    if skipped:
        x = [p.start for p in block.free]
        res: dict[str, Any] = {"x": x, "skipped": True}
    else:
        progress(f"block {name}: {len(block.free)} parameter(s)"
                 + (f" and {len(block.solved)} solved threshold(s)" if block.solved else "")
                 + f", targets {', '.join(t.key for t in block.targets)}; {len(objective.seeds)} replicates x "
                 f"{'set-up only' if block.setup_only else f'{block_years:g} years'}, {n_clients:,} clients")
        before = solve(objective, [p.start for p in block.free], SOLVE_ROUNDS, mapper, progress) \
            if block.solved else []
        res = optimise(objective, settings.seed, settings.maxiter_for(block), mapper, progress,
                       settings.polish_for(block))
        x = res["x"]
        if block.solved:  # the search ran at the thresholds of the start: re-solve, refine at them, re-solve
            res["thresholds_before_search"] = before
            res["thresholds_after_search"] = solve(objective, x, SOLVE_ROUNDS, mapper, progress)
            second = nelder_mead(objective, x, settings.second_polish_for(block), mapper, progress)
            x = second["x"]
            res.update({"x": x, "second_polish_evaluations": second["evaluations"],
                        "second_polish_history": second["history"], "second_objective": second["objective"],
                        "evaluations": res["evaluations"] + second["evaluations"],
                        "thresholds_after_second_polish": solve(objective, x, SOLVE_ROUNDS, mapper, progress)})
    # at the written values the runs' own categories count (thresholds as written, not read at new quantiles)
    objective.read_at_solved = False
    at_fit = objective.parts(x, rounded=True, mapper=mapper)
    at_fit.pop("solved", None)
    res.update({"fit_seeds": list(objective.seeds), "years": None if block.setup_only else block_years,
                "policy": block.policy, "popsize": block.popsize,
                "parameters": [{"name": p.name, "fields": list(p.fields), "lo": p.lo, "hi": p.hi,
                                "start": p.start, "fitted": float(v), "base": list(p.base)}
                               for p, v in zip(block.free, x)]
                + [{"name": s.field, "fields": [s.field], "lo": s.lo, "hi": s.hi, "start": s.start,
                    "fitted": objective.thresholds[s.field], "base": [], "solved_tail": s.tail}
                   for s in block.solved],
                "targets": [t.key for t in block.targets], "at_fitted": at_fit})
    return res


def block_values(block: Block, result: dict[str, Any]) -> dict[str, float]:
    """The values a fitted block writes (rounded): its searched parameters and its solved thresholds."""
    return {**block.overrides(result["x"], rounded=True),
            **{p["fields"][0]: p["fitted"] for p in result["parameters"] if "solved_tail" in p}}


def _pool(workers: int):
    """A process pool of ``workers`` processes (None for one): never forks the (possibly threaded) driver; a
    forkserver (or spawn where there is none) starts the workers."""
    import multiprocessing
    if workers <= 1:
        return None
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(workers)


def _settings_record(settings: Settings, all_blocks: dict[str, Block], n_clients: int, years: float) -> dict:
    """The settings as the report records them."""
    return {"n_clients": n_clients, "years": years, "handover_years": settings.handover_years,
            "replicates": settings.replicates,
            "maxiter": {n: settings.maxiter_for(b) for n, b in all_blocks.items()},
            "polish": {n: settings.polish_for(b) for n, b in all_blocks.items()},
            "second_polish": {n: settings.second_polish_for(b) for n, b in all_blocks.items() if b.solved},
            "validate_replicates": settings.validate_replicates, "workers": settings.workers,
            "fit_seeds": list(settings.fit_seeds()), "validation_seeds": list(settings.validation_seeds()),
            "prior_weight": PRIOR_WEIGHT, "optimiser": OPTIMISER}


def calibration_inputs(settings: Settings) -> dict[str, Any]:
    """Everything that determines the fitted values besides the model's code: the blocks (free parameters, their
    search ranges, start values and the documented values a scale multiplies), the targets, the run size, the
    seeds, the optimiser budget, and every other parameter of the scenario at the size it is fitted (the fitted
    fields start from their documented values whatever the file holds, so they are left out). ``sha256`` is a digest of the rest (JSON, sorted keys).

    ``docs/calibration.json`` records these inputs of the committed fit; a test compares them with the current
    ones, so that a change of a search range, a start value, a target, a setting or any other parameter's value
    fails until the fit is re-run
    (``carenet calibrate default --seed 0 --write-scenario``) and the committed values come from these inputs."""
    import hashlib
    import json

    raw, params = scenario_raw(settings)
    all_blocks = blocks()
    fitted_fields = {f for b in all_blocks.values() for f in b.fields}
    years = settings.years if settings.years is not None else params.years
    n_clients = settings.n_clients if settings.n_clients is not None else params.population.n_clients

    def flat(table: dict, prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in table.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                out.update(flat(value, name + "."))
            else:
                out[name] = value
        return out

    from sim.scenario import validate
    every = validate(raw, "calibration inputs").model_dump(mode="json")  # the file's values and every default
    scenario = {k: v for k, v in flat(every).items() if k not in fitted_fields}
    record = {
        "blocks": {name: {"free": [{"name": p.name, "fields": list(p.fields), "lo": p.lo, "hi": p.hi,
                                    "start": p.start, "base": list(p.base), "decimals": p.decimals}
                                   for p in b.free],
                          "solved": [dict(s.__dict__) for s in b.solved],
                          "policy": b.policy, "popsize": b.popsize, "maxiter": settings.maxiter_for(b),
                          "polish": settings.polish_for(b), "setup_only": b.setup_only,
                          "targets": [t.__dict__ for t in b.targets]}
                   for name, b in all_blocks.items()},
        "run": {"n_clients": n_clients, "years": years, "handover_years": settings.handover_years,
                "handover_overrides": HANDOVER_WARMUP,
                "fit_seeds": list(settings.fit_seeds()), "validation_seeds": list(settings.validation_seeds()),
                "seed": settings.seed, "prior_weight": PRIOR_WEIGHT, "solve_rounds": SOLVE_ROUNDS,
                "resolved_polish": RESOLVED_POLISH},
        "scenario": scenario,
    }
    text = json.dumps(record, sort_keys=True, default=str)
    return {"sha256": hashlib.sha256(text.encode()).hexdigest(), **record}


def calibrate_all(settings: Settings, progress: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Fit the blocks in turn, validate on fresh seeds, run the probes; returns the report data (JSON-able)."""
    started = time.perf_counter()
    raw, params = scenario_raw(settings)
    years = settings.years if settings.years is not None else params.years
    n_clients = settings.n_clients if settings.n_clients is not None else params.population.n_clients
    all_blocks = blocks()
    pool = _pool(settings.workers)
    mapper = pool.map if pool else (lambda f, xs: list(map(f, xs)))
    try:
        fitted: dict[str, float] = {}          # rounded values written to the scenario
        start_values: dict[str, float] = {}    # the documented values of every fitted field
        for block in all_blocks.values():
            start_values.update(block.overrides([p.start for p in block.free], rounded=True))
            start_values.update({s.field: s.start for s in block.solved})
        # every fitted field starts from its documented value, whatever the scenario file holds now (a re-run
        # must not depend on the values an earlier calibration wrote)
        raw = lay_over(raw, start_values)
        results: dict[str, Any] = {}
        current = raw
        for name, block in all_blocks.items():
            results[name] = fit_block(name, block, current, settings, years, n_clients, mapper, progress)
            values = block_values(block, results[name])
            fitted.update(values)
            current = lay_over(current, values)
        progress(f"validation: {settings.validate_replicates} fresh seeds x {years:g} years at the fitted and at "
                 "the documented values")
        after = validation(raw, fitted, settings.validation_seeds(), years, mapper)
        before = validation(raw, start_values, settings.validation_seeds(), years, mapper)
        progress("probes: carer availability and carer tasks at the top of their ranges; carrier_complete at the ends "
                 "of its range")
        probed = probes(settings, all_blocks["carers"], raw, fitted, years, mapper)
    finally:
        if pool:
            pool.close()
            pool.join()
    return {
        "scenario": settings.scenario,
        "seed": settings.seed,
        "date": _dt.date.today().isoformat(),
        "settings": _settings_record(settings, all_blocks, n_clients, years),
        "inputs": calibration_inputs(settings),
        "targets": [t.__dict__ for t in TARGETS],
        "blocks": results,
        "fitted": fitted,
        "documented": start_values,
        "validation": {"fitted": after, "documented": before},
        "probes": probed,
        "wall_time_seconds": round(time.perf_counter() - started, 1),
        "versions": package_versions(("numpy", "scipy", "mesa")),
    }


__all__ = ["HANDOVER_YEARS", "OPTIMISER", "SEED_STRIDE", "Settings", "block_values", "calibrate_all",
           "calibration_inputs", "fit_block", "probe", "probes", "scenario_raw", "validation"]
