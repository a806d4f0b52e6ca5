"""``carenet bench --ensemble``: throughput of the experiment engines and of a national sharded run.

Three measurements, printed only (speed goals live here, never in a timed test):

1. **Direct**: ``runs`` runs of the default scenario (policy ``none``, replicate seeds from
   root seed 0) executed one after the other by :func:`experiments.engine.execute` in this
   process, with no engine and no store: the time a run itself takes.
2. **Engine, 1 worker** and **engine, 2 workers**: the same runs as a ``carenet compare``
   experiment into a temporary store (``--engine local``, or ``dask``): runs per second.
   The speedup is runs/s with 2 workers over runs/s with 1 (aim >= 1.7 on a 2-core machine).
   The engine's per-run overhead is ``(wall time x workers - sum of the runs' own seconds)
   / sum of the runs' own seconds``: the share of worker time not spent running the model
   (transfers, idle workers, writing the run files, the tables; aim < 5%). Starting the
   workers (a forkserver that imports the model, or a Dask cluster) happens once per
   experiment, is timed apart and printed as the start-up.
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


def _timed(experiment, out: Path, workers: int, engine: str) -> tuple[float, float, float, int]:
    """``(start-up seconds, wall seconds, sum of the tasks' own seconds, tasks)`` of one experiment run
    into ``out``; start-up is the engine's (starting and warming up its workers), timed apart."""
    from experiments.compare import run_experiment
    from experiments.engine import make_engine
    started = time.perf_counter()
    runner = make_engine(workers, engine)
    runner.warm_up()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    result = run_experiment(experiment, out, workers=workers, engine=runner)
    wall = time.perf_counter() - started
    if result.failed or not result.complete:
        raise click.ClickException(f"benchmark experiment in {out} did not complete: failed runs {result.failed}")
    own = sum(float(r.get("seconds", 0.0)) for r in result.store.manifest["runs"])
    return startup, wall, own, result.ran


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
            startup, wall, own_s, n = _timed(experiment, Path(tmp) / f"w{workers}", workers, engine)
            overhead = (wall * workers - own_s) / own_s
            figures[f"w{workers}"] = {"startup": startup, "wall": wall, "runs_per_s": n / wall, "overhead": overhead}
            echo(f"  engine, {workers} worker(s)   {wall:7.1f} s   {n / wall:6.2f} runs/s   "
                 f"per-run overhead {100 * overhead:5.1f}% of run time (aim < {100 * OVERHEAD_AIM:g}%); "
                 f"start-up {startup:.1f} s once")
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
            startup, wall, own_s, n = _timed(nat, Path(tmp) / "national", 2, engine)
            weeks = round(national_years * 52)
            figures["national"] = {"wall": wall, "client_weeks_per_s": params.population.n_clients * weeks / wall,
                                   "tasks": n, "task_seconds": own_s}
            echo(f"  wall {wall:.1f} s, {params.population.n_clients * weeks / wall:,.0f} client-weeks/s, "
                 f"{n} municipality tasks, {own_s:.1f} s of worker time ({own_s / wall:.2f} workers busy on average)")
    return figures


__all__ = ["OVERHEAD_AIM", "SPEEDUP_AIM", "ensemble_bench"]
