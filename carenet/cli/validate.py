"""``carenet validate``: check the model at its committed parameters and write ``docs/validation.md`` (and its data,
``docs/validation.json``, which ``carenet report`` reads).

Three checks (:mod:`experiments.validation`): the calibration targets on fresh seeds, stationarity of the headline
shares between years 2-3 and years 9-10 of a ten-year run per population, and the carer burden per population. The
report is rendered by :mod:`analysis.validation_report`. Exit code 0 when every check passes (a check-only target
the calibration does not fit may be *outside* its range: reported, not a failure), 1 when one does not (each is
listed on stderr) or a run failed, 2 for bad input (before anything runs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carenet.cli.common import checked_seed, nonempty


def _seed(ctx, param, value):
    """``--seed``: the one seed check (:func:`carenet.cli.common.checked_seed`); None keeps the module's default."""
    return value if value is None else checked_seed(ctx, param, value)


#: Where the report goes by default (relative to the current folder, as every --out).
DEFAULT_OUT = "docs/validation.md"


@click.command()
@click.option("--clients", default=None, type=int,
              help="Clients per population run (stationarity and burden) [default: 3000]. The targets run at the "
                   "default scenario's own size, as calibrated.")
@click.option("--replicates", default=None, type=int,
              help="Replicates (seeds) of the targets and of each population [default: 5].")
@click.option("--seed", default=None, type=int, callback=_seed,
              help="Root seed of the replicate seeds (numpy's SeedSequence) [default: 7].")
@click.option("--workers", default=None, type=int,
              help="Runs at once (1: in this process) [default: CPUs]; the results do not depend on it.")
@click.option("--out", "out", default=DEFAULT_OUT, show_default=True, type=click.Path(),
              callback=nonempty, help="The report (Markdown).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or progress lines.")
def validate(clients, replicates, seed, workers, out, quiet):
    """Validate the model at its committed parameters and write the report (default docs/validation.md) and its
    data (the same name, .json).

    Checks the calibration targets on fresh seeds, the stationarity of the carer burden, unmet need, handover
    failures and carer hours between years 2-3 and 9-10 of ten-year runs of each population, and tabulates the
    carer burden per population. Exit code 0 when every check passes, 1 when one does not (listed on stderr).
    """
    import json
    import time

    from analysis.validation_report import data_path, failures, render_markdown, summary_line
    from carenet.cli.common import check_clients
    from experiments.engines import make_engine
    from experiments.files import atomic_write_text
    from experiments.validation import (CLIENTS, REPLICATES, ROOT_SEED, ValidationError, ValidationSettings,
                                        plan, run_validation, validation_task)
    from sim.scenario import ScenarioError

    started = time.perf_counter()
    # refuse bad input before anything runs
    clients = check_clients(CLIENTS if clients is None else clients)
    replicates = REPLICATES if replicates is None else replicates
    if isinstance(replicates, bool) or replicates < 2:
        raise ScenarioError(f"--replicates = {replicates} not allowed (allowed: an integer >= 2, for intervals)")
    seed = ROOT_SEED if seed is None else seed
    path = Path(out)
    if path.is_dir():
        raise ScenarioError(f"--out {out}: is a folder (allowed: a file, e.g. docs/validation.md)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScenarioError(f"--out {out}: its folder cannot be made: {exc.strerror or exc} (allowed: a file in a "
                            "folder you may write to)") from None
    settings = ValidationSettings(clients=clients, replicates=replicates, seed=seed, workers=workers)
    plan(settings)  # a bad scenario or size is refused here, before any engine starts
    engine = make_engine(workers, function=validation_task)  # validates --workers
    say = (lambda s: None) if quiet else (lambda s: click.echo(s, err=True))
    try:
        result = run_validation(settings, progress=not quiet and sys.stderr.isatty(), log=say, engine=engine)
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; nothing written") from None
    data = result.to_dict()
    atomic_write_text(path, render_markdown(data))
    atomic_write_text(data_path(path), json.dumps(data, indent=1) + "\n")
    click.echo(summary_line(data))
    click.echo(f"Wrote {path} and {data_path(path)} ({time.perf_counter() - started:.0f} s, {result.workers} "
               "worker(s)).")
    bad = failures(data)
    if bad:
        for line in bad:
            click.echo(f"  not passed: {line}", err=True)
        sys.exit(1)
