"""``carenet bench``: the fixed speed and memory benchmark (prints only; aims are never asserted in tests).

* ``carenet bench``: stepping speed of the default scenario (client-weeks per second) and the peak resident
  memory (GiB) of a larger run in a fresh process.
* ``carenet bench --ensemble [--national]``: the experiment engines' throughput (:mod:`experiments.bench`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import click

from carenet.cli.common import REPO, check_clients, prepare, step_model
from sim.scenario import ScenarioError

#: Goals of the benchmark.
SPEED_AIM = 1_000_000      # client-weeks per second
SPEED_MINIMUM = 250_000    # client-weeks per second
MEMORY_GOAL_GIB = 2.0      # peak resident memory of a 100,000-client, 10-year run


@click.command()
@click.option("--clients", default=10_000, show_default=True, type=int, help="Clients in the speed run.")
@click.option("--years", default=10.0, show_default=True, type=float, help="Years of both runs.")
@click.option("--memory-clients", default=100_000, show_default=True, type=int, help="Clients in the memory run.")
@click.option("--no-memory", is_flag=True, help="Skip the memory run.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--ensemble", is_flag=True,
              help="Instead: the engines' throughput (runs/s, speedup of 2 workers over 1, per-run overhead).")
@click.option("--runs", default=12, show_default=True, type=int, help="With --ensemble: runs per measurement.")
@click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "dask"]),
              help="With --ensemble: the engine measured.")
@click.option("--national", is_flag=True, help="With --ensemble: also one national run (1,000,000 clients, "
                                              "sharded by municipality over 2 workers).")
def bench(clients, years, memory_clients, no_memory, quiet, ensemble, runs, engine, national):
    """The fixed benchmark: stepping speed (client-weeks/s) and peak memory (GiB); with --ensemble the
    experiment engines' throughput. Prints only."""
    if ensemble:
        from experiments.bench import ensemble_bench
        if runs < 2:
            raise ScenarioError(f"--runs = {runs} not allowed (allowed: an integer >= 2)")
        ensemble_bench(runs=runs, engine=engine, national=national)
        return
    check_clients(clients)
    if not no_memory:  # refuse a bad --memory-clients now, not after the speed run
        check_clients(memory_clients, "--memory-clients")
    params, _ = prepare("default", "none", years, {"n_clients": clients})
    model, setup_s, step_s = step_model(params, "none", 0, years, quiet, label="speed run")
    client_weeks = model.net.n_clients * model.n_weeks
    speed = client_weeks / step_s if step_s > 0 else float("inf")
    verdict = "meets the aim" if speed >= SPEED_AIM else "meets the minimum" if speed >= SPEED_MINIMUM \
        else "below the minimum"
    click.echo(f"Speed: default scenario, policy none, {model.net.n_clients:,} clients x {model.n_weeks} weeks")
    click.echo(f"  set-up        {setup_s:8.2f} s")
    click.echo(f"  stepping      {step_s:8.2f} s   ({len(model.log):,} events)")
    click.echo(f"  speed         {speed:12,.0f} client-weeks/s   "
               f"(aim >= {SPEED_AIM:,}, minimum {SPEED_MINIMUM:,}: {verdict})")
    if no_memory:
        return
    del model
    click.echo(f"Memory: {memory_clients:,} clients x {years:g} years in a fresh process ...")
    cmd = [sys.executable, "-m", "carenet", "bench-memory", "--clients", str(memory_clients), "--years", str(years)]
    started = time.perf_counter()
    child = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if child.returncode != 0:
        click.echo(child.stderr, err=True)
        raise click.ClickException(f"memory run failed (exit {child.returncode})")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    gib = result["peak_rss_kib"] / 2**20
    verdict = "meets the goal" if gib <= MEMORY_GOAL_GIB else "above the goal"
    click.echo(f"  peak RSS      {gib:8.2f} GiB   (goal <= {MEMORY_GOAL_GIB:g} GiB: {verdict}; "
               f"{result['events']:,} events, {time.perf_counter() - started:.0f} s)")


@click.command("bench-memory", hidden=True)
@click.option("--clients", type=int, required=True)
@click.option("--years", type=float, required=True)
def bench_memory(clients, years):
    """(Internal) Run one model to the end and print its peak RSS in KiB as JSON (used by bench)."""
    import resource
    params, _ = prepare("default", "none", years, {"n_clients": clients})
    model, _, _ = step_model(params, "none", 0, years, quiet=True)
    model.outcomes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes on macOS, KiB on Linux
        peak //= 1024
    click.echo(json.dumps({"peak_rss_kib": peak, "events": len(model.log)}))
