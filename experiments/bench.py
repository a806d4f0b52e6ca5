"""``carenet bench --ensemble`` and ``--compare``: throughput of the experiment engines, of a national sharded run
and of a default comparison.

Four measurements, printed only, each aim with :func:`experiments.aims.aim_line` (never asserted in a test):

1. **Direct**: ``runs`` runs of the default scenario (policy ``none``, replicate seeds from
   root seed 0) executed one after the other by :func:`experiments.engine.execute` in this
   process, with no engine and no store: the time a run itself takes.
2. **Engine, 1 worker** and **engine, 2 workers**: the same runs as a ``carenet compare``
   experiment into a temporary store (``--engine local``, or ``dask``): runs per second.
   The speedup is runs/s with 2 workers over runs/s with 1 (aim >= 1.7 on a 2-core machine).
   The engine's per-run overhead is the time workers spend between consecutive runs (from
   one run's end to the next one's start on the same worker: dispatch, transfers) over the
   runs' own time (aim < 5%). The all-in figure ``(wall time x workers - sum of the runs' own
   seconds) / sum of the runs' own seconds`` adds the end effect (one worker idle while the
   other finishes the last run) and the tables. Starting the workers (a forkserver that
   imports the model, or a Dask cluster) happens once per experiment, is timed apart and
   printed as the start-up.
3. **National** (``--national``): one run of the ``national`` scenario (1,000,000 clients in
   342 municipalities), sharded by municipality over 2 workers: wall time, client-weeks per
   second and the largest municipality. The aim is for ten years (:mod:`experiments.aims`);
   a run of other length (``national_years``, default 1) is extrapolated to ten, and says so
   (:func:`extrapolate`): start-up + wall x (warm-up weeks + 520) / (warm-up weeks + weeks run),
   i.e. every simulated week, the warm-up's included, taken to cost the same (the synthesis of
   the networks is scaled with them: a slight overestimate).
4. **Compare, extrapolated**: a default ``carenet compare`` (five policies x 30 replicates on
   2 workers) as start-up + 150 runs at the 2-worker runs/s of (2), which are runs of
   policy ``none``; labelled as an extrapolation. :func:`compare_bench` (``carenet bench
   --compare``) measures it instead: exactly that experiment into a temporary folder.

Units: seconds of wall time; runs/s; client-weeks/s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

from experiments.aims import (COMPARE_AIM_S, COMPARE_REPLICATES, COMPARE_WORKERS, NATIONAL_AIM_S, NATIONAL_WORKERS,
                              NATIONAL_YEARS, OVERHEAD_AIM, SPEEDUP_AIM, aim_line)

from sim.policies import POLICY_NAMES

#: The policies of a default ``carenet compare``: all five.
COMPARE_POLICIES = ",".join(POLICY_NAMES)


def _experiment(runs: int, years: float | None, scenario: str = "default", overrides: dict | None = None,
                policies: str = "none"):
    from experiments.design import define
    return define([scenario], policies, runs, years, 0, overrides or {})


def worker_gaps(timings: list[dict]) -> float:
    """Seconds the workers spent between consecutive tasks (from one task's end to the next one's start on
    the same worker), summed: the engine's per-task cost (dispatch, transfers), without start and end effects."""
    by_worker: dict[str, list[dict]] = {}
    for t in timings:
        by_worker.setdefault(t["worker"], []).append(t)
    gaps = 0.0
    for tasks in by_worker.values():
        tasks.sort(key=lambda t: t["started"])
        for a, b in zip(tasks, tasks[1:]):
            gaps += max(0.0, b["started"] - (a["started"] + a["seconds"]))
    return gaps


def _timed(experiment, out: Path, workers: int, engine: str) -> dict:
    """One experiment run into ``out``: start-up seconds (the engine starting and warming up its workers,
    timed apart), wall seconds, the tasks' own seconds, the gaps between tasks on a worker, tasks."""
    from experiments.compare import run_experiment
    from experiments.engines import make_engine
    started = time.perf_counter()
    runner = make_engine(workers, engine)
    runner.warm_up()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    result = run_experiment(experiment, out, workers=workers, engine=runner)
    wall = time.perf_counter() - started
    if result.failed or not result.complete:
        raise click.ClickException(f"benchmark experiment in {out} did not complete: failed runs {result.failed}")
    timings = result.store.task_timings()
    own = sum(t["seconds"] for t in timings)
    return {"startup": startup, "wall": wall, "own": own, "gaps": worker_gaps(timings), "tasks": result.ran}


def ensemble_bench(runs: int = 12, years: float | None = None, engine: str = "local", national: bool = False,
                   national_years: float = 1.0, echo=click.echo) -> dict:
    """Run the measurements of the module docstring and print them; returns the figures."""
    from experiments.engine import execute
    experiment = _experiment(runs, years)
    spec0 = experiment.specs[0]
    echo(f"Ensemble benchmark: default scenario ({spec0.model_params().population.n_clients:,} clients, "
         f"{spec0.years:g} years), policy none, {runs} replicates; engine {engine}")
    figures: dict = {}
    started = time.perf_counter()
    own = [execute(spec).seconds for spec in experiment.specs]
    direct = time.perf_counter() - started
    figures["direct_runs_per_s"] = runs / direct
    figures["run_seconds"] = sum(own) / runs
    echo(f"  direct (no engine)   {direct:7.1f} s   {runs / direct:6.2f} runs/s   ({sum(own) / runs:.2f} s per run)")
    with tempfile.TemporaryDirectory(prefix="carenet-bench-") as tmp:
        for workers in (1, 2):
            t = _timed(experiment, Path(tmp) / f"w{workers}", workers, engine)
            per_run = t["gaps"] / t["own"]
            all_in = (t["wall"] * workers - t["own"]) / t["own"]
            figures[f"w{workers}"] = {**t, "runs_per_s": t["tasks"] / t["wall"], "overhead": per_run,
                                      "all_in_overhead": all_in}
            echo(f"  engine, {workers} worker(s)   {t['wall']:7.1f} s   {t['tasks'] / t['wall']:6.2f} runs/s   "
                 f"per-run overhead {100 * per_run:4.1f}%; all-in {100 * all_in:4.1f}% "
                 f"with the last runs' idle tail; start-up {t['startup']:.1f} s once")
            echo("    " + aim_line(f"per-run overhead < {100 * OVERHEAD_AIM:g}% with {workers} worker(s)",
                                  per_run < OVERHEAD_AIM, f"{100 * per_run:.1f}%"))
        speedup = figures["w2"]["runs_per_s"] / figures["w1"]["runs_per_s"]
        figures["speedup"] = speedup
        echo(f"  speedup 2 over 1     {speedup:7.2f}x")
        echo("    " + aim_line(f"speedup of 2 workers over 1 >= {SPEEDUP_AIM:g}", speedup >= SPEEDUP_AIM,
                              f"{speedup:.2f}x"))
        n_compare = len(POLICY_NAMES) * COMPARE_REPLICATES
        w2 = figures["w2"]
        compare_s = w2["startup"] + n_compare / w2["runs_per_s"]
        figures["compare_extrapolated_s"] = compare_s
        echo(f"  a default compare   ~{compare_s:7.1f} s   extrapolated: start-up {w2['startup']:.1f} s + "
             f"{n_compare} runs at {w2['runs_per_s']:.2f} runs/s (2 workers, policy none); "
             "`carenet bench --compare` measures it")
        echo("    " + _compare_aim(compare_s, "extrapolated, not measured"))
        if national:
            figures["national"] = _national(Path(tmp) / "national", national_years, engine, echo)
    return figures


def _compare_aim(seconds: float, note: str) -> str:
    return aim_line(f"a default compare ({len(POLICY_NAMES)} policies x {COMPARE_REPLICATES} replicates) on "
                    f"{COMPARE_WORKERS} workers <= {COMPARE_AIM_S:g} s", seconds <= COMPARE_AIM_S,
                    f"{seconds:.0f} s, {note}")


def _national(out: Path, years: float, engine: str, echo) -> dict:
    """One national run of ``years`` on 2 workers into ``out``, printed with the aim for ten years (measured,
    or extrapolated as the module docstring says)."""
    from sim.scenario import load_scenario, weeks_of
    params = load_scenario("national")
    nat = _experiment(1, years, "national")
    sizes = [dict(s.changes)["population.n_clients"] for s in nat.specs]
    echo(f"National: {params.population.n_clients:,} clients in {len(sizes)} municipalities "
         f"(largest {max(sizes):,}, smallest {min(sizes):,}), {years:g} year(s) after a {params.warmup_years:g}-year "
         f"warm-up, {NATIONAL_WORKERS} workers, engine {engine} ...")
    t = _timed(nat, out, NATIONAL_WORKERS, engine)
    weeks = weeks_of(years)
    speed = params.population.n_clients * weeks / t["wall"]
    echo(f"  wall {t['wall']:.1f} s, {speed:,.0f} client-weeks/s, {t['tasks']} municipality tasks, "
         f"{t['own']:.1f} s of worker time ({t['own'] / t['wall']:.2f} workers busy on average); "
         f"start-up {t['startup']:.1f} s")
    warmup = int(round(params.warmup_years * 52))  # as the model counts it
    total = t["startup"] + t["wall"]
    aim = (f"the national scenario, {NATIONAL_YEARS} years on {NATIONAL_WORKERS} workers <= "
           f"{NATIONAL_AIM_S / 60:g} min, warm-up included")
    if weeks == weeks_of(NATIONAL_YEARS):
        ten_years, note = total, f"{total / 60:.1f} min, measured"
    else:
        ten_years = extrapolate(t["startup"], t["wall"], warmup, weeks, weeks_of(NATIONAL_YEARS))
        note = (f"{ten_years / 60:.1f} min, extrapolated from {years:g} year(s): start-up + wall x "
                f"({warmup} + {weeks_of(NATIONAL_YEARS)}) / ({warmup} + {weeks}) weeks; --national-years "
                f"{NATIONAL_YEARS} measures it")
        echo(f"  {NATIONAL_YEARS} years, extrapolated: ~{ten_years:.0f} s ({ten_years / 60:.1f} min)")
    echo("  " + aim_line(aim, ten_years <= NATIONAL_AIM_S, note))
    return {**t, "client_weeks_per_s": speed, "ten_years_s": ten_years,
            "extrapolated": weeks != weeks_of(NATIONAL_YEARS)}


def extrapolate(startup: float, wall: float, warmup_weeks: int, weeks: int, to_weeks: int) -> float:
    """Seconds of a run of ``to_weeks`` weeks from one of ``weeks`` that took ``wall`` seconds after ``startup``
    seconds, every simulated week (the ``warmup_weeks`` of the warm-up included) taken to cost the same."""
    return startup + wall * (warmup_weeks + to_weeks) / (warmup_weeks + weeks)


def compare_bench(replicates: int = COMPARE_REPLICATES, years: float | None = None, overrides: dict | None = None,
                  engine: str = "local", echo=click.echo) -> dict:
    """Time a default ``carenet compare`` (the five policies x ``replicates`` of the default scenario, its own
    years) on 2 workers into a temporary folder, engine start-up included, and print it with its aim (judged only
    for the default: 30 replicates, the scenario's years, no overrides). Returns the figures of :func:`_timed`."""
    experiment = _experiment(replicates, years, overrides=overrides, policies=COMPARE_POLICIES)
    spec0 = experiment.specs[0]
    echo(f"Compare: default scenario ({spec0.model_params().population.n_clients:,} clients, {spec0.years:g} years), "
         f"{len(POLICY_NAMES)} policies x {replicates} replicates = {experiment.n_runs} runs, {COMPARE_WORKERS} "
         f"workers, engine {engine} ...")
    with tempfile.TemporaryDirectory(prefix="carenet-bench-") as tmp:
        t = _timed(experiment, Path(tmp) / "compare", COMPARE_WORKERS, engine)
    total = t["startup"] + t["wall"]
    echo(f"  wall {t['wall']:.1f} s + start-up {t['startup']:.1f} s = {total:.1f} s   "
         f"({t['tasks'] / t['wall']:.2f} runs/s)")
    default = replicates == COMPARE_REPLICATES and years is None and not overrides
    echo("  " + (_compare_aim(total, "measured") if default else
                 aim_line(f"a default compare on {COMPARE_WORKERS} workers <= {COMPARE_AIM_S:g} s", None,
                          f"this was {experiment.n_runs} runs, not the default's "
                          f"{len(POLICY_NAMES) * COMPARE_REPLICATES}")))
    return {**t, "total": total}


__all__ = ["COMPARE_POLICIES", "compare_bench", "ensemble_bench", "extrapolate", "worker_gaps"]
