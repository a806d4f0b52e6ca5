"""``carenet compare``: policies side by side over replicates, with intervals and paired differences.

Registered on the ``carenet`` group by one line in :mod:`sim.cli`. This module imports only
click at load time (the command line starts fast); the work is in
:mod:`experiments.compare`.

::

    carenet compare default frail_elderly --policies none,regiebehandelaar,stepped \\
        --replicates 20 --years 2 --workers 4 --out runs/cmp --seed 0 --set n_clients=500
    carenet compare ... --out runs/cmp --resume      # continue after an interruption

Writes into ``--out`` the run store (``manifest.json``, ``runs/run-NNNNNN.parquet``) and the
tables ``experiments.parquet`` and ``outcomes.parquet`` (see :mod:`experiments.store`),
then prints, per scenario and headline outcome, each policy's mean with its 95%
t-interval across replicates and the paired difference to ``none`` (same replicate
seeds) with its 95% interval.

Exit codes: 0 all runs stored; 1 some runs failed or the driver was interrupted (the
finished runs are stored; ``--resume`` continues); 2 bad input (unknown scenario, policy
or parameter, ``--replicates`` < 1, ...) or a ``--resume`` whose definition differs,
reported before any run.
"""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("scenarios", nargs=-1)
@click.option("--policies", default=None, metavar="P1,P2,...",
              help="Comma-separated policies [default: all five: none, regiebehandelaar, integral_pgb, "
                   "digital_plan, stepped].")
@click.option("--replicates", default=10, show_default=True, type=int,
              help="Replicates (seeds) per scenario and policy; every policy gets the same seeds.")
@click.option("--years", default=None, type=float, help="Simulated years per run [default: the scenario's].")
@click.option("--workers", default=None, type=int, help="Runs at once; 1 runs in this process [default: CPUs].")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Experiment directory (run store and tables).")
@click.option("--seed", "root_seed", default=0, show_default=True, type=int,
              help="Root seed; replicate r's seed is derived from it with numpy's SeedSequence.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a parameter in every scenario, e.g. --set n_clients=500 (repeatable).")
@click.option("--resume", is_flag=True, help="Continue the interrupted experiment in --out (same definition).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def compare(scenarios, policies, replicates, years, workers, out_dir, root_seed, sets, resume, quiet):
    """Run SCENARIO(s) [default: default] under several policies and replicates and compare them:
    means with 95% intervals and paired differences to `none` on common random numbers."""
    import time

    from experiments.compare import ExperimentInterrupted, run_experiment
    from experiments.design import define
    from experiments.engine import default_workers
    from sim.cli import parse_overrides
    from sim.policies import POLICY_NAMES

    started = time.perf_counter()
    overrides = parse_overrides(sets)
    experiment = define(scenarios or ("default",), policies if policies is not None else ",".join(POLICY_NAMES),
                        replicates, years, root_seed, overrides)
    workers = default_workers() if workers is None else workers
    d = experiment.definition
    n = len(experiment.specs)
    click.echo(f"carenet compare: {len(d.scenarios)} scenario(s) x {len(d.policies)} policies x {d.replicates} "
               f"replicate(s) = {n} runs, root seed {d.root_seed}, {workers} worker(s) -> {out_dir}")
    try:
        result = run_experiment(experiment, out_dir, workers=workers, resume=resume,
                                progress=not quiet and sys.stderr.isatty(), log=click.echo)
    except ExperimentInterrupted as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("")
    click.echo(result.console_table())
    wall = time.perf_counter() - started
    click.echo(f"\n{len(result.outcomes)} of {n} runs stored ({result.ran} run now, {result.skipped} already done) "
               f"in {wall:.1f} s wall time with {result.workers} worker(s)"
               + (f", {result.ran / result.seconds:.2f} runs/s" if result.ran and result.seconds > 0 else "") + ".")
    click.echo(f"Tables: {result.store.root / 'experiments.parquet'} and {result.store.root / 'outcomes.parquet'} "
               f"(joined on run_id); manifest: {result.store.root / 'manifest.json'}")
    if result.failed:
        for run_id in result.failed[:5]:
            last = result.errors[run_id].strip().splitlines()[-1:] or ["?"]
            click.echo(f"  run {run_id} failed: {last[0]}", err=True)
        raise click.ClickException(f"{len(result.failed)} run(s) failed (listed in the manifest); "
                                   "fix the cause and continue with --resume")
