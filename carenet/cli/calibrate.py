"""``carenet calibrate [SCENARIO]``: fit the calibratable parameters to the published Dutch figures.

The method and the mapping of targets to parameters are described in :mod:`experiments.calibration`;
the report is rendered by :mod:`analysis.calibration_report`. The report and the fitted values go into
``--out`` (default ``runs/calibration-<scenario>``); only ``--write-scenario`` writes into the scenario file
(and, for the default scenario, ``docs/``). ``--check`` re-runs the fit and compares it with the scenario file,
writing nothing.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import click

from carenet.cli.common import checked_seed, nonempty
from experiments.calibration import (FIT_REPLICATES, POLISH, REPO, Settings, calibrate_all, provenance_text,
                                     scenario_values, write_fitted)


@click.command()
@click.argument("scenario", default="default")
@click.option("--seed", default=0, show_default=True, type=int, callback=checked_seed,
              help="Optimiser seed; the replicate seeds are derived from it (fit: 1000*S+1.., validation: 1000*S+101..).")
@click.option("--clients", default=None, type=int, help="Clients per run [default: the scenario's].")
@click.option("--years", default=None, type=float,
              help="Years per run of the carer block and the validation [default: the scenario's].")
@click.option("--replicates", default=FIT_REPLICATES, show_default=True, type=int,
              help="Common-random-number replicates per evaluation.")
@click.option("--maxiter", default=None, type=int,
              help="Generations of differential evolution in every block [default: handover 5, carers 3, plan 5].")
@click.option("--polish", default=None, type=int,
              help="Nelder-Mead evaluations after differential evolution in the handover and carer blocks "
                   f"(0: none) [default: handover 20, carers {POLISH}].")
@click.option("--validate", "validate_replicates", default=10, show_default=True, type=int,
              help="Fresh replicates for the intervals at the fitted values.")
@click.option("--workers", default=min(2, os.cpu_count() or 1), show_default=True, type=int,
              help="Worker processes (the result does not depend on it).")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False), callback=nonempty,
              help="Directory for calibration.md, calibration.json and the fitted scenario <name>-calibrated.toml "
                   "[default: runs/calibration-<scenario>; docs/ with --write-scenario on the default scenario].")
@click.option("--write-scenario", is_flag=True,
              help="Also write the fitted values into the scenario file itself (for the default scenario: "
                   "scenarios/default.toml, and the report into docs/). Without it nothing outside --out changes.")
@click.option("--check", is_flag=True, help="Re-run and compare the fitted values with the scenario file; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def calibrate(scenario, seed, clients, years, replicates, maxiter, polish, validate_replicates, workers, out_dir,
              write_scenario, check, quiet):
    """Fit the calibratable parameters of SCENARIO to the published Dutch figures and write the report.

    Writes calibration.md, calibration.json and <name>-calibrated.toml (the scenario with the fitted values and
    their [provenance] entries, `base` the scenario) into --out. Only with --write-scenario are the fitted values
    written into the scenario file itself (and, for the default scenario, the report into docs/). With --check:
    exit 0 if the re-run reproduces the values in the scenario file, 1 if not; nothing is written.
    """
    from analysis.calibration_report import render_markdown
    from carenet.cli.common import check_clients, check_run_options
    from experiments.files import atomic_write_text, json_safe
    from sim.scenario import ScenarioError, builtin_scenarios, load_scenario, scenario_path
    # refuse bad input before anything runs
    check_run_options(years)
    if clients is not None:
        check_clients(clients)
    params = load_scenario(scenario, **({"n_clients": clients} if clients is not None else {}))
    for flag, value, least in (("--replicates", replicates, 1), ("--maxiter", maxiter, 1), ("--polish", polish, 0),
                               ("--validate", validate_replicates, 2), ("--workers", workers, 1)):
        if value is not None and value < least:
            raise ScenarioError(f"{flag} = {value} not allowed (allowed: an integer >= {least})")
    if check and write_scenario:
        raise ScenarioError("--write-scenario: not used with --check, which writes nothing (allowed: one of them)")
    name = params.name
    path = scenario_path(scenario)
    if out_dir:
        out = Path(out_dir)
    elif write_scenario and path.resolve() == builtin_scenarios()["default"].resolve():
        out = REPO / "docs"  # the committed report of the committed calibration
    else:
        out = Path("runs") / f"calibration-{name}"
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
    out.mkdir(parents=True, exist_ok=True)
    block_of = {f: b for b, res in data["blocks"].items() for p in res["parameters"] for f in p["fields"]}
    report = out / "calibration.md"
    report_name = _shown(report)
    sources = {f: provenance_text(block_of[f], seed, data["date"]).replace("docs/calibration.md", report_name)
               for f in fitted}  # the source names the report actually written
    target = path if write_scenario else out / f"{name}-calibrated.toml"
    if not write_scenario:  # a new scenario on top of the calibrated one: the fitted values and their sources
        base = scenario if scenario in builtin_scenarios() else str(path.resolve())
        description = f"{params.description} Calibrated by carenet calibrate, seed {seed}.".strip()
        atomic_write_text(target, f"base = {json.dumps(base)}\nname = {json.dumps(name + '-calibrated')}\n"
                                  f"description = {json.dumps(description)}\n")
    write_fitted(target, fitted, sources)
    data["scenario_file"] = _shown(target)
    say(f"wrote the fitted values into {target}")
    data = json_safe(data)
    atomic_write_text(out / "calibration.json", json.dumps(data, indent=1) + "\n")
    atomic_write_text(out / "calibration.md", render_markdown(data))
    click.echo(render_markdown(data, summary_only=True))
    click.echo(f"Wrote {out / 'calibration.md'}, {out / 'calibration.json'} and {target} "
               f"({data['wall_time_seconds']:.0f} s)."
               + ("" if write_scenario else f" To use the fitted values: carenet run {target}; to write them into "
                  f"the scenario file: the same command with --write-scenario."))


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the repository when inside it."""
    full = path.resolve()
    return str(full.relative_to(REPO) if full.is_relative_to(REPO) else path)


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
