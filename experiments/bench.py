"""``carenet bench --ensemble``: throughput of the experiment engines and of a national sharded run.

Three measurements, printed only (speed goals live here, never in a timed test):

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
   second and the largest municipality.

Units: seconds of wall time; runs/s; client-weeks/s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

#: The speedup of 2 workers over 1 aimed at, and the largest acceptable per-run engine overhead.
SPEEDUP_AIM = 1.7
OVERHEAD_AIM = 0.05


def _experiment(runs: int, years: float, scenario: str = "default", overrides: dict | None = None):
    from experiments.design import define
    return define([scenario], "none", runs, years, 0, overrides or {})


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
                 f"per-run overhead {100 * per_run:4.1f}% (aim < {100 * OVERHEAD_AIM:g}%); all-in {100 * all_in:4.1f}% "
                 f"with the last runs' idle tail; start-up {t['startup']:.1f} s once")
        speedup = figures["w2"]["runs_per_s"] / figures["w1"]["runs_per_s"]
        figures["speedup"] = speedup
        verdict = "meets the aim" if speedup >= SPEEDUP_AIM else "below the aim"
        echo(f"  speedup 2 over 1     {speedup:7.2f}x  (aim >= {SPEEDUP_AIM}: {verdict})")
        if national:
            from sim.scenario import load_scenario
            params = load_scenario("national")
            nat = _experiment(1, national_years, "national")
            sizes = [dict(s.changes)["population.n_clients"] for s in nat.specs]
            echo(f"National: {params.population.n_clients:,} clients in {len(sizes)} municipalities "
                 f"(largest {max(sizes):,}, smallest {min(sizes):,}), {national_years:g} year(s), 2 workers, "
                 f"engine {engine} ...")
            t = _timed(nat, Path(tmp) / "national", 2, engine)
            weeks = round(national_years * 52)
            speed = params.population.n_clients * weeks / t["wall"]
            figures["national"] = {**t, "client_weeks_per_s": speed}
            echo(f"  wall {t['wall']:.1f} s, {speed:,.0f} client-weeks/s, {t['tasks']} municipality tasks, "
                 f"{t['own']:.1f} s of worker time ({t['own'] / t['wall']:.2f} workers busy on average); "
                 f"start-up {t['startup']:.1f} s")
    return figures


__all__ = ["OVERHEAD_AIM", "SPEEDUP_AIM", "ensemble_bench"]
