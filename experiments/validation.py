"""Validation behind ``carenet validate``: does the model, at its committed parameters, still reproduce what it was
calibrated to, is it stationary, and what burden does it give carers in each population?

Three checks, each a plain function of plain data (usable from tests); :func:`run_validation` runs them all on an
engine (:func:`experiments.engines.make_engine`) and returns a :class:`ValidationResult`, which
:mod:`analysis.validation_report` renders as ``docs/validation.md``.

a. **Calibration targets on fresh seeds** (:func:`target_checks`). For every target of
   :data:`experiments.calibration.TARGETS`: the simulated statistic of the ``default`` scenario at its committed
   parameters, its own size and length (what the calibration fitted), computed by the calibration's own
   :func:`~experiments.calibration.run_statistics` (policy ``none``; the plan targets from the set-up under
   ``digital_plan``), on replicate seeds the calibration never used (:func:`replicate_seeds`). Summarised by the
   calibration's :func:`~experiments.calibration.summary`: the mean and the 95% range of single runs (2.5th-97.5th
   percentile). Status (:func:`target_status`): ``pass`` when the published value lies within that range widened
   by the target's ``resolution`` (1.4% stands for 1.35-1.45%; the rule of ``docs/calibration.md``), else
   ``miss`` with the relative error of the mean. A target the calibration does not fit (a *check*, whose statistic
   is not what the publication measured; ``docs/calibration.md`` says why for each) is ``outside`` instead of
   ``miss``: reported with its error, not a failure.
b. **Stationarity** (:func:`stationarity_checks`). Per population scenario (:data:`POPULATIONS`), policy ``none``:
   runs of :data:`YEARS` years after the scenario's own warm-up (which the model runs in its constructor, before
   week 0), each replicate giving both windows (paired): years 2-3 (weeks 52-155) and years 9-10 (weeks 416-519),
   from the run's own records (:func:`window_records`, :func:`window_outcomes`). Per outcome of
   :data:`TOLERANCES`, the windows' values pooled over replicates (outcomes of the summed tallies), their
   difference (late - early) and the 95% t-interval of the per-replicate differences. Status
   (:func:`stationarity_status`): ``pass`` when the pooled difference is within the tolerance, else ``fail``.
c. **Burden** (:func:`burden_rows`). Per population, over the whole run (weeks 0-519 after the warm-up): the carer
   category shares, care and regelwerk hours per active carer-week, the share of active carer-weeks with >= 8 h of
   care (the calibration's statistic) and burnouts per active carer-year, each as the mean over replicates with
   its 95% t-interval (clipped to the measure's range: 0-1 for shares, >= 0 otherwise). Status: ``pass`` when
   every replicate's value is defined and in range (shares 0-1, hours and rates >= 0), else ``fail`` (a broken
   model, e.g. no carer active).

Units: shares are fractions 0-1; hours are hours per active carer per week; burnouts per active carer-year;
windows are in simulated weeks (``first_week`` included, ``end_week`` excluded); tolerances are absolute, in the
outcome's unit; seeds are 63-bit integers. Results do not depend on the number of workers: each replicate's seed
and parameters travel with its task, and results are assembled in replicate order.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from experiments.design import RunSpec, replicate_seed
from experiments.engine import RunResult

#: The population scenarios of the stationarity and burden checks (``national`` is too big).
POPULATIONS = ("default", "frail_elderly", "chronic_ggz", "child_complex", "multi_problem")
#: The scenario the calibration targets are checked on (the one ``carenet calibrate`` fitted).
TARGET_SCENARIO = "default"
#: Simulated years of a stationarity/burden run (after the scenario's warm-up).
YEARS = 10.0
#: The windows compared: (name, first week, end week), end excluded. Years 2-3 and years 9-10; the whole run.
EARLY = ("years 2-3", 52, 156)
LATE = ("years 9-10", 416, 520)
WHOLE = ("years 1-10", 0, 520)
WINDOWS = (EARLY, LATE, WHOLE)
#: Default root seed of the replicate seeds (``--seed``).
ROOT_SEED = 7
#: Defaults of ``carenet validate``: clients per population run, replicates.
CLIENTS = 3000
REPLICATES = 5

#: Stationarity tolerances: the largest change of the pooled value from years 2-3 to years 9-10 that still counts as
#: stationary (absolute, in the outcome's unit). Chosen so that a drift within them is smaller than what the
#: calibration can tell apart: about the half-width of the calibration's 95% range of single runs of the default
#: scenario (fairly heavy 12.2-16.6%, docs/calibration.md) and a fraction of each published figure, so a model
#: calibrated on five-year runs gives the same verdict on the targets over ten. A larger drift means the figures
#: depend on when one looks: the warm-up is too short, or a stock (needs, strain, caseloads) keeps growing.
TOLERANCES: dict[str, float] = {
    "carer_share_fairly_heavy": 0.03,    # ~1/5 of CBS's 14.2%; ~ the half-width of the calibration's range of runs
    "carer_share_very_heavy": 0.015,     # ~1/2 of CBS's 3.1%
    "carer_share_overburdened": 0.01,    # ~2/3 of CBS's 1.4% (a small share: its run-to-run noise is relatively large)
    "unmet_hours_share": 0.03,           # share of needed care hours given by nobody: 3 points
    "handover_failure_share": 0.03,      # share of handover items failed: 3 points
    "carer_care_hours_per_week": 1.0,    # h per active carer-week: two resolutions (0.5 h) of CBS's 12 h
}

#: The burden table's measures: (name, unit); ``carer_share_8h_or_more`` is the calibration's extra statistic.
BURDEN: tuple[tuple[str, str], ...] = (
    ("carer_share_not_or_somewhat", "share"),
    ("carer_share_fairly_heavy", "share"),
    ("carer_share_very_heavy", "share"),
    ("carer_share_overburdened", "share"),
    ("carer_care_hours_per_week", "hours/week"),
    ("carer_regelwerk_hours_per_week", "hours/week"),
    ("carer_share_8h_or_more", "share"),
    ("carer_burnout_per_carer_year", "per carer-year"),
)

#: Units of the stationarity outcomes (as the report shows them).
UNITS = {name: ("hours/week" if name.endswith("hours_per_week") else "share") for name in TOLERANCES}


class ValidationError(RuntimeError):
    """A validation run failed (the message names the task and the last line of its error)."""


# --------------------------------------------------------------------------- windows of a run

def window_records(model, first_week: int, end_week: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The (log, series) inputs of :func:`sim.outcomes.outcomes_from_records` for weeks ``first_week`` to
    ``end_week - 1`` of a run (``model``: a model or a world, anything with ``log`` and ``series``).

    The log is the event-log columns of the events of those weeks (by the ``week`` column), except that a
    handover item goes with its transition (by ``ref``): an item counts in the window its transition is in, so
    every item's transition kind is found, and windows that cover a run add up to the whole run. The series are the
    per-week totals sliced to those weeks. What does not add up across windows: a burnout whose spell started before
    the window has no spell start in it (left out of ``time_to_burnout_weeks_mean``, as at the start of a run).

    Raises ValueError unless ``0 <= first_week < end_week <= the weeks simulated``.
    """
    from sim import vocabulary as V
    series = model.series.totals()
    weeks = len(next(iter(series.values()))) if series else 0
    if not (isinstance(first_week, (int, np.integer)) and isinstance(end_week, (int, np.integer))
            and 0 <= first_week < end_week <= weeks):
        raise ValueError(f"window {first_week!r}..{end_week!r} not allowed (allowed: whole weeks with "
                         f"0 <= first_week < end_week <= {weeks}, the weeks simulated)")
    log = model.log.arrays()
    week, event, ref = log["week"].astype(np.int64), log["event"], log["ref"]
    item = (event == V.EVENT["handover_delivered"]) | (event == V.EVENT["handover_failed"])
    transition = np.flatnonzero(event == V.EVENT["transition"])
    at = week.copy()  # the week each event counts in: its own, or (an item) its transition's
    if transition.size and item.any():
        week_of = np.full(int(ref[transition].max()) + 1, -1, np.int64)
        week_of[ref[transition]] = week[transition]
        items = np.flatnonzero(item)
        r = ref[items]
        known = (r >= 0) & (r < week_of.size)
        known[known] &= week_of[r[known]] >= 0
        at[items[known]] = week_of[r[known]]
    keep = (at >= first_week) & (at < end_week)
    return ({name: column[keep] for name, column in log.items()},
            {name: values[first_week:end_week] for name, values in series.items()})


def window_tallies(model, first_week: int, end_week: int) -> dict[str, int | float]:
    """The additive tallies (:func:`sim.outcomes.tallies_from_records`) of a window of a run
    (:func:`window_records`)."""
    from sim.outcomes import tallies_from_records
    return tallies_from_records(*window_records(model, first_week, end_week))


def window_outcomes(model, first_week: int, end_week: int) -> dict[str, float]:
    """Every outcome by name over weeks ``first_week`` to ``end_week - 1`` of a run (:func:`window_records`)."""
    from sim.outcomes import outcomes_from_records
    return outcomes_from_records(*window_records(model, first_week, end_week))


# --------------------------------------------------------------------------- seeds and tasks

def replicate_seeds(root: int, replicates: int) -> tuple[int, ...]:
    """The replicate seeds: :func:`experiments.design.replicate_seed` of ``root`` (numpy's SeedSequence), the same
    for every population (paired)."""
    return tuple(replicate_seed(root, r) for r in range(replicates))


def calibration_seeds() -> tuple[int, ...]:
    """Every seed the committed calibration used (fit and validation: ``1000*S + 1..`` and ``1000*S + 101..``), by
    its seed ``S`` and settings in ``docs/calibration.json`` (seed 0 with the default settings when it is absent)."""
    from experiments.calibration import Settings
    from experiments.environment import REPO
    path = REPO / "docs" / "calibration.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    st = data.get("settings", {})
    settings = Settings(seed=int(data.get("seed", 0)), replicates=int(st.get("replicates", 4)),
                        validate_replicates=int(st.get("validate_replicates", 10)))
    return tuple(sorted({*settings.fit_seeds(), *settings.validation_seeds()}))


@dataclass(frozen=True)
class ValidationSpec(RunSpec):
    """One validation task: a :class:`~experiments.design.RunSpec` (scenario, seed, years, parameters) and what
    to compute (``check``: ``"targets"`` or ``"population"``)."""

    check: str = "population"


def validation_task(spec: ValidationSpec) -> RunResult:
    """Worker task (top-level, so that it pickles): one replicate of one check; never raises (the error comes
    back in the result). ``result.tallies`` holds the task's data:

    * ``targets``: every statistic of :func:`experiments.calibration.run_statistics` under policy ``none`` over the
      run, plus the plan statistics at set-up under ``digital_plan`` (as the calibration's own validation);
    * ``population``: for each window of :data:`WINDOWS` (by name), its additive tallies (``"tallies"``) and the
      weekly carer counts behind ``carer_share_8h_or_more`` summed over the window (``"carer_weeks"``,
      ``"carer_weeks_8h"``).
    """
    import os
    import socket
    import traceback
    started, wall_clock = time.perf_counter(), time.time()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        params = spec.model_params()
        if spec.check == "targets":
            from experiments.calibration import run_statistics
            data: dict[str, Any] = run_statistics(params, "none", spec.model_seed, spec.years)
            data.update(run_statistics(params, "digital_plan", spec.model_seed, spec.years, setup_only=True))
        elif spec.check == "population":
            data = population_run(params, spec.model_seed, spec.years)
        else:
            raise ValueError(f"check = {spec.check!r} not allowed (allowed: targets, population)")
        return RunResult(spec.run_id, data, None, time.perf_counter() - started, worker, spec.shard, wall_clock)
    except Exception:  # noqa: BLE001 - reported per task; the driver stops with it
        return RunResult(spec.run_id, None, traceback.format_exc(), time.perf_counter() - started, worker,
                         spec.shard, wall_clock)


def population_run(params, seed: int, years: float) -> dict[str, Any]:
    """One stationarity/burden run (policy none): each window's tallies and carer-hour counts."""
    from experiments.calibration.statistics import step_counting_carer_hours
    from sim.model import CareNetworkModel
    model = CareNetworkModel(params, policy="none", seed=seed, years=years, mesa_agents=False)
    active, over, _ = step_counting_carer_hours(model)
    out = {}
    for name, first, end in WINDOWS:
        end = min(end, model.week)
        out[name] = {"tallies": window_tallies(model, first, end), "carer_weeks": int(active[first:end].sum()),
                     "carer_weeks_8h": int(over[first:end].sum())}
    return out


# --------------------------------------------------------------------------- the checks (plain functions)

@dataclass
class TargetCheck:
    """One calibration target on fresh seeds."""

    key: str
    label: str
    source: str
    kind: str               # "outcome" or "extra" (the calibration's statistic)
    block: str | None       # the calibration block fitted to it; None: a check only
    unit: str               # "share" or "hours/week"
    published: float
    resolution: float
    mean: float | None
    lo: float | None        # 95% range of single runs (2.5th-97.5th percentile)
    hi: float | None
    values: list[float]
    status: str             # "pass", "miss", or "outside" (a check only: not fitted, not a failure)
    relative_error: float | None   # (mean - published) / published


@dataclass
class StationarityCheck:
    """One outcome of one population: years 2-3 against years 9-10."""

    scenario: str
    outcome: str
    unit: str
    early: float            # pooled over replicates (outcome of the summed tallies)
    late: float
    difference: float       # late - early
    diff_lo: float          # 95% t-interval of the per-replicate differences
    diff_hi: float
    tolerance: float
    status: str             # "pass" or "fail"


@dataclass
class BurdenRow:
    """The burden of one population's carers over the whole run (policy none)."""

    scenario: str
    measures: dict[str, dict[str, float]]   # name -> {"mean", "lo", "hi", "unit"}
    status: str                             # "pass" or "fail"
    problems: list[str] = field(default_factory=list)


def target_status(published: float, lo: float | None, hi: float | None, resolution: float) -> str:
    """``pass`` when ``published`` lies within ``lo``..``hi`` widened by ``resolution`` on each side; else
    ``miss`` (also when the interval is undefined)."""
    if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
        return "miss"
    return "pass" if lo - resolution <= published <= hi + resolution else "miss"


def stationarity_status(difference: float, tolerance: float) -> str:
    """``pass`` when ``|difference| <= tolerance`` (absolute, in the outcome's unit); else ``fail`` (also NaN)."""
    return "pass" if math.isfinite(difference) and abs(difference) <= tolerance else "fail"


def target_checks(reps: Sequence[dict[str, float]]) -> list[TargetCheck]:
    """One :class:`TargetCheck` per target of TARGETS from the replicates' statistics (``targets`` tasks)."""
    from experiments.calibration import TARGETS, summary
    out = []
    for t in TARGETS:
        s = summary([r.get(t.key, float("nan")) for r in reps])
        status = target_status(t.value, s["lo"], s["hi"], t.resolution)
        if status == "miss" and t.block is None:
            status = "outside"  # a check the calibration does not fit: reported, not a failure
        err = (s["mean"] - t.value) / t.value if s["mean"] is not None and t.value else None
        out.append(TargetCheck(t.key, t.label, t.source, t.kind, t.block, t.unit, t.value, t.resolution, s["mean"],
                               s["lo"], s["hi"], s["values"], status, None if status == "pass" else err))
    return out


def _window_outcome(window: dict, name: str) -> float:
    """An outcome of one window (or of windows summed: same shape): ``carer_share_8h_or_more`` from the carer
    counts, every other outcome from the tallies."""
    if name == "carer_share_8h_or_more":
        from experiments.calibration.statistics import share_8h_or_more
        return share_8h_or_more(np.array([window["carer_weeks"]]), np.array([window["carer_weeks_8h"]]))
    from sim.outcomes import outcomes_from_tallies
    return float(outcomes_from_tallies(window["tallies"])[name])


def _pooled(windows: Sequence[dict]) -> dict:
    """Windows of several replicates added up (tallies key by key, carer counts)."""
    from sim.outcomes import sum_tallies
    return {"tallies": sum_tallies(w["tallies"] for w in windows),
            "carer_weeks": sum(w["carer_weeks"] for w in windows),
            "carer_weeks_8h": sum(w["carer_weeks_8h"] for w in windows)}


def stationarity_checks(scenario: str, reps: Sequence[dict], tolerances: dict[str, float] = TOLERANCES,
                        early: str = EARLY[0], late: str = LATE[0]) -> list[StationarityCheck]:
    """One :class:`StationarityCheck` per outcome of ``tolerances`` from one population's replicates
    (``population`` tasks, paired: each gives both windows)."""
    from analysis.ensemble import t_interval
    a, b = _pooled([r[early] for r in reps]), _pooled([r[late] for r in reps])
    out = []
    for name, tol in tolerances.items():
        x, y = _window_outcome(a, name), _window_outcome(b, name)
        diffs = [_window_outcome(r[late], name) - _window_outcome(r[early], name) for r in reps]
        _, _, lo, hi = t_interval(diffs)
        out.append(StationarityCheck(scenario, name, UNITS.get(name, "share"), x, y, y - x, lo, hi, tol,
                                     stationarity_status(y - x, tol)))
    return out


def burden_rows(scenario: str, reps: Sequence[dict], window: str = WHOLE[0]) -> BurdenRow:
    """The :class:`BurdenRow` of one population from its replicates (``population`` tasks)."""
    from analysis.ensemble import t_interval
    measures, problems = {}, []
    for name, unit in BURDEN:
        values = [_window_outcome(r[window], name) for r in reps]
        _, mean, lo, hi = t_interval(values)
        top = 1.0 if unit == "share" else math.inf
        lo, hi = (float(np.clip(v, 0.0, top)) for v in (lo, hi))  # the mean of values in range stays in range
        measures[name] = {"mean": mean, "lo": lo, "hi": hi, "unit": unit}
        bad = [v for v in values if not (math.isfinite(v) and -1e-12 <= v <= top + 1e-12)]
        if bad:
            problems.append(f"{name}: {len(bad)} of {len(values)} replicate(s) undefined or out of range")
    return BurdenRow(scenario, measures, "fail" if problems else "pass", problems)


# --------------------------------------------------------------------------- the whole validation

@dataclass
class ValidationSettings:
    """What ``carenet validate`` was asked for."""

    clients: int = CLIENTS           # clients per population run
    replicates: int = REPLICATES     # replicates per check (targets and each population)
    seed: int = ROOT_SEED            # root of the replicate seeds
    workers: int | None = None       # None: the usable CPUs (the results do not depend on it)
    populations: tuple[str, ...] = POPULATIONS
    target_clients: int | None = None   # clients of the target runs; None: the scenario's own, as calibrated (tests)

    def command(self) -> str:
        """The command line that reproduces the results (workers and output do not change them)."""
        return (f"carenet validate --clients {self.clients} --replicates {self.replicates} --seed {self.seed}"
                + ("" if self.target_clients is None else f" (targets at {self.target_clients} clients)"))


@dataclass
class ValidationResult:
    """Everything ``carenet validate`` found (plain data; :meth:`to_dict` for the report)."""

    settings: dict[str, Any]
    runs: dict[str, Any]            # what was run: scenarios, sizes, years, warm-ups, seeds
    targets: list[TargetCheck]
    stationarity: list[StationarityCheck]
    burden: list[BurdenRow]
    date: str
    wall_time_seconds: float
    workers: int

    def checks(self) -> list[tuple[str, str, str]]:
        """Every check as (table, what, status)."""
        return ([("targets", c.key, c.status) for c in self.targets]
                + [("stationarity", f"{c.scenario} {c.outcome}", c.status) for c in self.stationarity]
                + [("burden", r.scenario, r.status) for r in self.burden])

    @property
    def passed(self) -> bool:
        return all(status in ("pass", "outside") for _, _, status in self.checks())

    def to_dict(self) -> dict[str, Any]:
        """JSON-able data (NaN as None), as :mod:`analysis.validation_report` reads it."""
        from experiments.files import json_safe
        return json_safe(dataclasses.asdict(self))


def _spec(run_id: int, check: str, scenario: str, params: dict, replicate: int, seed: int,
          years: float) -> ValidationSpec:
    return ValidationSpec(run_id=run_id, scenario=scenario, policy="none", replicate=replicate, seed=seed,
                          years=years, params=params, check=check)


def plan(settings: ValidationSettings) -> tuple[list[ValidationSpec], dict[str, Any]]:
    """The tasks (validated before anything runs: a bad scenario or size raises ScenarioError) and a description
    of what is run."""
    from sim.scenario import load_scenario
    seeds = replicate_seeds(settings.seed, settings.replicates)
    used = set(calibration_seeds())
    if used & set(seeds):  # never in practice: 63-bit seeds against 1000*S + 1..110
        raise ValidationError(f"replicate seeds {sorted(used & set(seeds))} were used by the calibration; "
                              "choose another --seed")
    target_params = load_scenario(TARGET_SCENARIO, **({} if settings.target_clients is None
                                                       else {"n_clients": settings.target_clients}))
    specs: list[ValidationSpec] = []
    target_json = target_params.model_dump(mode="json")
    for r, seed in enumerate(seeds):
        specs.append(_spec(len(specs), "targets", TARGET_SCENARIO, target_json, r, seed, float(target_params.years)))
    populations = {}
    for name in settings.populations:
        params = load_scenario(name, n_clients=settings.clients)
        populations[name] = {"clients": params.population.n_clients,
                             "warmup_years": float(getattr(params, "warmup_years", 0.0) or 0.0)}
        as_json = params.model_dump(mode="json")
        for r, seed in enumerate(seeds):
            specs.append(_spec(len(specs), "population", name, as_json, r, seed, YEARS))
    runs = {
        "seeds": list(seeds), "root_seed": settings.seed, "calibration_seeds": sorted(used),
        "targets": {"scenario": TARGET_SCENARIO, "clients": target_params.population.n_clients,
                    "years": float(target_params.years),
                    "warmup_years": float(getattr(target_params, "warmup_years", 0.0) or 0.0),
                    "replicates": settings.replicates},
        "populations": populations, "years": YEARS, "replicates": settings.replicates,
        "windows": {name: [first, end] for name, first, end in WINDOWS},
        "tolerances": dict(TOLERANCES), "units": dict(UNITS),
    }
    return specs, runs


def run_validation(settings: ValidationSettings, progress: bool = False,
                   log: Callable[[str], None] | None = None, engine=None) -> ValidationResult:
    """Run every check (targets, stationarity, burden) on an engine (default:
    :func:`experiments.engines.make_engine` with ``settings.workers``, mapping :func:`validation_task`); a tqdm
    bar on stderr when ``progress``. Raises :class:`ValidationError` when a run fails (naming it)."""
    import sys
    from tqdm import tqdm
    from experiments.engines import make_engine
    started = time.perf_counter()
    say = log or (lambda text: None)
    specs, runs = plan(settings)
    engine = engine or make_engine(settings.workers, function=validation_task)
    say(f"carenet validate: {len(specs)} runs ({settings.replicates} replicate(s) of the targets on "
        f"{TARGET_SCENARIO} and of {len(settings.populations)} populations x {YEARS:g} years, "
        f"{settings.clients:,} clients), {engine.workers} worker(s)")
    results: dict[int, Any] = {}
    bar = tqdm(total=len(specs), unit="run", desc="runs", file=sys.stderr, disable=not progress,
               dynamic_ncols=True, smoothing=0.05)
    try:
        with engine:
            for spec, result in engine.map(specs):
                if not result.ok:
                    last = (result.error or "").strip().splitlines()[-1:] or ["?"]
                    raise ValidationError(f"run {spec.run_id} ({spec.check}, {spec.scenario}, seed {spec.seed}) "
                                          f"failed: {last[0]}")
                results[spec.run_id] = result.tallies
                bar.update(1)
    finally:
        bar.close()
    by_check: dict[tuple[str, str], list] = {}
    for spec in specs:  # in replicate order, whatever order the runs finished in
        by_check.setdefault((spec.check, spec.scenario), []).append(results[spec.run_id])
    targets = target_checks(by_check[("targets", TARGET_SCENARIO)])
    stationarity = [c for name in settings.populations
                    for c in stationarity_checks(name, by_check[("population", name)])]
    burden = [burden_rows(name, by_check[("population", name)]) for name in settings.populations]
    return ValidationResult(
        settings={"clients": settings.clients, "replicates": settings.replicates, "seed": settings.seed,
                  "populations": list(settings.populations), "command": settings.command()},
        runs=runs, targets=targets, stationarity=stationarity, burden=burden,
        date=_dt.date.today().isoformat(), wall_time_seconds=round(time.perf_counter() - started, 1),
        workers=engine.workers)


__all__ = ["BURDEN", "CLIENTS", "EARLY", "LATE", "POPULATIONS", "REPLICATES", "ROOT_SEED", "TARGET_SCENARIO",
           "TOLERANCES", "UNITS", "WHOLE", "WINDOWS", "YEARS", "BurdenRow", "StationarityCheck", "TargetCheck",
           "ValidationError", "ValidationResult", "ValidationSettings", "ValidationSpec", "burden_rows",
           "calibration_seeds", "plan", "replicate_seeds", "run_validation", "stationarity_checks",
           "stationarity_status", "target_checks", "target_status", "validation_task", "window_outcomes",
           "window_records", "window_tallies"]
