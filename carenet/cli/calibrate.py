"""``carenet calibrate [SCENARIO]``: fit the calibratable parameters to the published Dutch figures.

The method and the mapping of targets to parameters are described in :mod:`experiments.calibration`;
the report is rendered by :mod:`analysis.calibration_report`. ``--check`` re-runs the fit and compares it
with the scenario file, writing nothing.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import click

from experiments.calibration import (POLISH, REPO, Settings, calibrate_all, provenance_text, scenario_values,
                                     write_fitted)


@click.command()
@click.argument("scenario", default="default")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Optimiser seed; the replicate seeds are derived from it (fit: 1000*S+1.., validation: 1000*S+101..).")
@click.option("--clients", default=None, type=int, help="Clients per run [default: the scenario's].")
@click.option("--years", default=None, type=float,
              help="Years per run of the carer block and the validation [default: the scenario's].")
@click.option("--replicates", default=4, show_default=True, type=int, help="Common-random-number replicates per evaluation.")
@click.option("--maxiter", default=None, type=int,
              help="Generations of differential evolution in every block [default: handover 5, carers 3, plan 5].")
@click.option("--polish", default=None, type=int,
              help="Nelder-Mead evaluations after differential evolution in the handover and carer blocks "
                   f"(0: none) [default: handover 20, carers {POLISH}].")
@click.option("--validate", "validate_replicates", default=10, show_default=True, type=int,
              help="Fresh replicates for the intervals at the fitted values.")
@click.option("--workers", default=min(2, os.cpu_count() or 1), show_default=True, type=int,
              help="Worker processes (the result does not depend on it).")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Directory for calibration.md and calibration.json [default: docs/ for the default scenario, "
                   "else runs/calibration-<scenario>].")
@click.option("--check", is_flag=True, help="Re-run and compare the fitted values with the scenario file; write nothing.")
@click.option("--no-write", is_flag=True, help="Write the report only, not the scenario file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def calibrate(scenario, seed, clients, years, replicates, maxiter, polish, validate_replicates, workers, out_dir,
              check, no_write, quiet):
    """Fit the calibratable parameters of SCENARIO to the published Dutch figures and write the report.

    Writes calibration.md and calibration.json and, unless --no-write or --check, the fitted values with their
    [provenance] entries into the scenario file. With --check: exit 0 if the re-run reproduces the values in the
    scenario file, 1 if not.
    """
    from analysis.calibration_report import render_markdown
    from experiments.files import atomic_write_text, json_safe
    from sim.scenario import ScenarioError, load_scenario, scenario_path
    load_scenario(scenario)  # refuse a bad scenario before anything runs
    if replicates < 1 or (maxiter is not None and maxiter < 1) or validate_replicates < 2 or workers < 1 or (polish or 0) < 0:
        raise ScenarioError("--replicates, --maxiter and --workers must be >= 1, --validate >= 2, --polish >= 0")
    say = (lambda s: None) if quiet else (lambda s: click.echo(s, err=True))
    settings = Settings(scenario=scenario, seed=seed, n_clients=clients, years=years, replicates=replicates,
                        maxiter=maxiter, polish=polish, validate_replicates=validate_replicates, workers=workers)
    say(f"carenet calibrate {scenario} --seed {seed}: differential evolution on common random numbers "
        f"({workers} worker(s))")
    data = calibrate_all(settings, say)
    fitted = data["fitted"]
    if check:
        committed = scenario_values(scenario, list(fitted))
        bad = {k: (committed[k], v) for k, v in fitted.items() if not _same(committed[k], v)}
        click.echo(f"{'parameter':<58} {'in file':>10} {'re-run':>10}")
        for k, v in fitted.items():
            click.echo(f"{k:<58} {committed[k]!s:>10} {v!s:>10}" + ("   DIFFERENT" if k in bad else ""))
        click.echo(f"\n{len(fitted) - len(bad)} of {len(fitted)} values reproduced in {data['wall_time_seconds']:.0f} s.")
        sys.exit(1 if bad else 0)
    name = load_scenario(scenario).name
    out = Path(out_dir) if out_dir else (REPO / "docs" if name == "default" else Path("runs") / f"calibration-{name}")
    out.mkdir(parents=True, exist_ok=True)
    stem = "calibration" if name == "default" else f"calibration-{name}"
    if not no_write:
        path = scenario_path(scenario)
        block_of = {f: b for b, res in data["blocks"].items() for p in res["parameters"] for f in p["fields"]}
        sources = {f: provenance_text(block_of[f], seed, data["date"]) for f in fitted}
        write_fitted(path, fitted, sources)
        data["scenario_file"] = str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        say(f"wrote the fitted values into {path}")
    data = json_safe(data)
    atomic_write_text(out / f"{stem}.json", json.dumps(data, indent=1) + "\n")
    atomic_write_text(out / f"{stem}.md", render_markdown(data))
    click.echo(render_markdown(data, summary_only=True))
    click.echo(f"Wrote {out / (stem + '.md')} and {out / (stem + '.json')} ({data['wall_time_seconds']:.0f} s).")


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
