"""``carenet compare``, ``carenet sweep`` and ``carenet sensitivity``: ensembles on one engine and run store.

Registered on the ``carenet`` group in :mod:`carenet.cli`. This module imports only click at
load time (the command line starts fast); the work is in :mod:`experiments.compare`,
:mod:`experiments.sweep` and :mod:`experiments.sensitivity`.

::

    carenet compare default frail_elderly --policies none,regiebehandelaar,stepped \\
        --replicates 20 --years 2 --workers 4 --out runs/cmp --seed 0 --set n_clients=500
    carenet compare ... --out runs/cmp --resume      # continue after an interruption
    carenet compare national --engine dask --scheduler tcp://10.0.0.5:8786 --out runs/nl
    carenet compare de_wit --policies none,regiebehandelaar --replicates 50 --out runs/dewit   # a vignette
    carenet sweep default --param strain.recovery=0.05:0.2:4 --param complaints.propensity=0.02,0.04 \\
        --policies none,regiebehandelaar --replicates 5 --out runs/sweep
    carenet sensitivity default --method morris --groups section --trajectories 10 --out runs/sa

All three share the options that say where and how runs execute (``--workers``, ``--engine``,
``--scheduler``, ``--out``, ``--resume``, ``--seed``, ``--set``, ``--quiet``) and write the same
store (see :mod:`experiments.store`): ``manifest.json``, ``runs/``, ``experiments.parquet``
and ``outcomes.parquet`` (joined on ``run_id``), ``series.parquet`` (weekly series per run), and, for a
sensitivity analysis, ``indices.parquet`` and ``indices.csv``. ``carenet compare`` of a teaching vignette
also writes ``failures.parquet`` (which of the seed's failures happened in each run) and ``failure_shares.parquet``
and ``failure_shares.csv`` (per failure and policy: replicates in which it happened, paired difference to
``none``), and prints that table after the outcomes.

Exit codes: 0 all runs stored; 1 some runs failed or the driver was interrupted (the
finished runs are stored; ``--resume`` continues); 2 bad input (unknown scenario, policy
or parameter, ``--replicates`` < 1, ...) or a ``--resume`` whose definition differs,
reported before any run.
"""

from __future__ import annotations

import sys
import time

import click

from carenet.cli.common import checked_seed, given_options, nonempty

ALL_POLICIES = "none,regiebehandelaar,integral_pgb,digital_plan,stepped"


def experiment_options(default_policies: str | None, default_replicates: int):
    """The options every ensemble command shares (applied to a click command function)."""
    def wrap(fn):
        options = [
            click.option("--policies", default=default_policies, show_default=default_policies is not None,
                         metavar="P1,P2,...", help="Comma-separated policies"
                         + (" [default: all five]." if default_policies is None else ".")),
            click.option("--replicates", default=default_replicates, show_default=True, type=int,
                         help="Replicates (seeds) per scenario, point and policy; all get the same seeds."),
            click.option("--years", default=None, type=float, help="Simulated years per run [default: the scenario's]."),
            click.option("--workers", default=None, type=int,
                         help="Runs at once (local engine: 1 runs in this process; dask: local worker processes) "
                              "[default: CPUs]."),
            click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "dask"]),
                         help="Where runs execute: a local process pool, or Dask distributed."),
            click.option("--scheduler", default=None, metavar="ADDRESS",
                         help="With --engine dask: an existing cluster's scheduler (tcp://host:port) "
                              "[default: start a local cluster of --workers processes]."),
            click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
                         callback=nonempty,
                         help="Experiment directory (run store and tables)."),
            click.option("--seed", "root_seed", default=0, show_default=True, type=int,
                         callback=checked_seed,
                         help="Root seed; replicate r's seed is derived from it with numpy's SeedSequence."),
            click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                         help="Override a parameter in every scenario, e.g. --set n_clients=500 (repeatable)."),
            click.option("--resume", is_flag=True, help="Continue the interrupted experiment in --out (same definition)."),
            click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
        ]
        for option in reversed(options):
            fn = option(fn)
        return fn
    return wrap


def execute_experiment(experiment, out_dir, workers, engine, scheduler, resume, quiet, started):
    """Run (or resume) an experiment with the chosen engine, print what happened; returns the result."""
    from experiments.compare import ExperimentInterrupted, run_experiment
    from experiments.engines import default_workers, make_engine

    d = experiment.definition
    n_runs = experiment.n_runs
    tasks = len(experiment.specs)
    if engine == "local" and scheduler is None:
        workers = default_workers() if workers is None else workers
    runner = make_engine(workers, engine, scheduler)  # validates --workers, --engine, --scheduler
    where = f"{runner.workers} worker(s)" if engine == "local" else f"dask engine, {runner.workers} worker(s)"
    points = f" x {len(d.points)} points" if len(d.points) > 1 else ""
    click.echo(f"carenet {d.kind}: {len(d.scenarios)} scenario(s){points} x {len(d.policies)} policies x "
               f"{d.replicates} replicate(s) = {n_runs} runs"
               + (f" ({tasks} municipality tasks)" if tasks > n_runs else "")
               + f", root seed {d.root_seed}, {where} -> {out_dir}")
    try:
        result = run_experiment(experiment, out_dir, resume=resume, engine=runner,
                                progress=not quiet and sys.stderr.isatty(), log=click.echo)
    except ExperimentInterrupted as exc:
        raise click.ClickException(str(exc)) from None
    return result


def report(result, started) -> None:
    """The closing lines: runs stored, wall time, where the tables are; exit 1 if runs failed."""
    wall = time.perf_counter() - started
    n = result.experiment.n_runs
    unit = "municipality tasks" if len(result.experiment.specs) > n else "runs"
    done = f"{result.ran} run now" if unit == "runs" else f"{result.ran} {unit} run now"
    click.echo(f"\n{len(result.outcomes)} of {n} runs stored ({done}, {result.skipped} already "
               f"done) in {wall:.1f} s wall time with {result.workers} worker(s)"
               + (f", {result.ran / result.seconds:.2f} {unit.split()[-1]}/s" if result.ran and result.seconds > 0 else "") + ".")
    click.echo(f"Tables: {result.store.root / 'experiments.parquet'} and {result.store.root / 'outcomes.parquet'} "
               f"(joined on run_id; weekly series per run: {result.store.root / 'series.parquet'}); manifest: "
               f"{result.store.root / 'manifest.json'}")
    if result.failed:
        for run_id in result.failed[:5]:
            last = result.errors[run_id].strip().splitlines()[-1:] or ["?"]
            click.echo(f"  run {run_id} failed: {last[0]}", err=True)
        raise click.ClickException(f"{len(result.failed)} run(s) failed (listed in the manifest); "
                                   "fix the cause and continue with --resume")


@click.command()
@click.argument("scenarios", nargs=-1)
@click.option("--outcomes", "outcome_names", default=None, metavar="NAMES",
              help="Comma-separated outcomes to show (docs/outcomes.md) [default: the four headline outcomes, "
                   "cost_payers_per_client_year and coordination_hours_per_client_year].")
@experiment_options(None, 10)
def compare(scenarios, outcome_names, policies, replicates, years, workers, engine, scheduler, out_dir, root_seed,
            sets, resume, quiet):
    """Run SCENARIO(s) [default: default] under several policies and replicates and compare them:
    means with 95% intervals and paired differences to `none` on common random numbers.

    A SCENARIO may be a teaching vignette (`carenet vignette --list`): then the table also shows in how many
    replicates each of the seed's failures happened under each policy."""
    from experiments.design import define
    from carenet.cli.common import parse_overrides
    from sim.outcomes import COSTS, HEADLINE, check_outcome_names

    started = time.perf_counter()
    names = check_outcome_names(outcome_names, (*HEADLINE, *COSTS))
    experiment = define(scenarios or ("default",), ALL_POLICIES if policies is None else policies, replicates,
                        years, root_seed, parse_overrides(sets))
    result = execute_experiment(experiment, out_dir, workers, engine, scheduler, resume, quiet, started)
    click.echo("")
    click.echo(result.console_table(names))
    if result.failures is not None:
        click.echo("")
        click.echo(result.failure_table())
    report(result, started)


@click.command()
@click.argument("scenarios", nargs=-1)
@click.option("--param", "axes", multiple=True, metavar="KEY[=VALUES]",
              help="A swept parameter (repeatable): KEY=v1,v2,... | KEY=lo:hi:n | KEY=lo:hi | KEY (its documented "
                   "range).")
@click.option("--levels", default=3, show_default=True, type=int, help="Values per range in a grid.")
@click.option("--samples", default=None, type=int,
              help="Sample this many points by Latin hypercube over the ranges instead of a grid.")
@experiment_options("none,regiebehandelaar,stepped", 5)
def sweep(scenarios, axes, levels, samples, policies, replicates, years, workers, engine, scheduler, out_dir,
          root_seed, sets, resume, quiet):
    """Run SCENARIO(s) [default: default] at every point of a grid (or a sampled design) over parameters,
    under each policy and replicate: means with 95% intervals and paired differences to `none` per point."""
    from experiments.design import define
    from experiments.sweep import describe_point, sweep_design
    from carenet.cli.common import parse_overrides
    from sim.scenario import load_scenario

    started = time.perf_counter()
    if "levels" in given_options() and not any(":" in a or "=" not in a for a in axes):
        from experiments.design import ExperimentError
        raise ExperimentError("--levels: every --param is a list of values (allowed: with a range, KEY=lo:hi or KEY)")
    if "levels" in given_options() and samples is not None:
        from experiments.design import ExperimentError
        raise ExperimentError("--levels: not used with --samples (allowed: in a grid)")
    overrides = parse_overrides(sets)
    first = load_scenario((scenarios or ("default",))[0], **overrides)
    points, design = sweep_design(axes, first, levels, samples, root_seed)
    experiment = define(scenarios or ("default",), policies, replicates, years, root_seed, overrides, points,
                        design, describe=lambda i: f"design point {i} ({describe_point(points[i])})")
    result = execute_experiment(experiment, out_dir, workers, engine, scheduler, resume, quiet, started)
    click.echo("")
    click.echo(result.sweep_table())
    report(result, started)


@click.command()
@click.argument("scenario", required=False, default="default")
@click.option("--method", required=True, type=click.Choice(["morris", "sobol"]), help="SALib method.")
@click.option("--params", "patterns", default=None, metavar="PATTERNS",
              help="Comma-separated parameter names or patterns (e.g. strain.*,handover.*) "
                   "[default: every parameter with a plausible range].")
@click.option("--groups", default="section", show_default=True, type=click.Choice(["none", "section"]),
              help="section: the parameters of a section move together as one factor.")
@click.option("--trajectories", default=10, show_default=True, type=int, help="Morris trajectories.")
@click.option("--levels", default=4, show_default=True, type=int, help="Morris grid levels (even).")
@click.option("--samples", default=64, show_default=True, type=int, help="Sobol base samples (a power of 2).")
@click.option("--outcomes", "outcome_names", default=None, metavar="NAMES",
              help="Comma-separated outcomes to analyse [default: the four headline outcomes].")
@click.option("--top", default=8, show_default=True, type=click.IntRange(min=1),
              help="Factors shown per target and outcome.")
@experiment_options("none,regiebehandelaar", 2)
def sensitivity(scenario, method, patterns, groups, trajectories, levels, samples, outcome_names, top, policies,
                replicates, years, workers, engine, scheduler, out_dir, root_seed, sets, resume, quiet):
    """Global sensitivity analysis of SCENARIO [default: default] over the parameters' plausible ranges
    (provenance table) with SALib: Morris screening or Sobol indices, with bootstrap confidence intervals,
    per policy and for each policy's effect versus `none`."""
    from experiments.design import ExperimentError, define
    from experiments.sensitivity import sensitivity_design
    from carenet.cli.common import parse_overrides
    from sim.outcomes import HEADLINE, check_outcome_names
    from sim.scenario import load_scenario

    started = time.perf_counter()
    overrides = parse_overrides(sets)
    params = load_scenario(scenario, **overrides)
    names = check_outcome_names(outcome_names, HEADLINE)
    given = given_options()
    for option, method_of in (("trajectories", "morris"), ("levels", "morris"), ("samples", "sobol")):
        if option in given and method != method_of:
            raise ExperimentError(f"--{option}: not used by --method {method} (allowed: with --method {method_of})")
    size = trajectories if method == "morris" else samples
    points, design, problem, _ = sensitivity_design(params, method, patterns, groups, size, levels, root_seed)
    design["outcomes"] = list(names)
    experiment = define((scenario,), policies, replicates, years, root_seed, overrides, points, design)
    n_factors = len(set(problem.get("groups", problem["names"])))
    click.echo(f"carenet sensitivity: {method}, {problem['num_vars']} parameters in {n_factors} factor(s) "
               f"({'grouped by section' if groups == 'section' else 'one per parameter'}), {len(points)} design points")
    result = execute_experiment(experiment, out_dir, workers, engine, scheduler, resume, quiet, started)
    if result.complete:
        text = result.sensitivity_report(top=top)
        click.echo(text)
    report(result, started)
