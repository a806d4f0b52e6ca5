"""``carenet run``, ``demo``, ``scenarios``, ``check`` and ``params``: one model, its scenarios and its docs.

* ``carenet run [SCENARIO] --policy P --seed S --years Y --out DIR --set key=value``: one run; prints a
  summary and writes ``events.parquet``, ``steps.parquet``, ``outcomes.json`` and ``provenance.json`` into DIR
  (with ``--carer-panel`` also ``carer_panel.parquet``, per carer and month).
* ``carenet demo``: one scenario under all five policies, headline outcomes side by side.
* ``carenet scenarios``: the built-in scenarios.
* ``carenet check FILE``: validate a scenario file, or a vignette file (exit 0 valid, 2 invalid).
* ``carenet params``: regenerate ``docs/parameters.md``, ``docs/scenarios.md`` and ``docs/outcomes.md``.

Units in the output are those of :mod:`sim.outcomes` (rates per client-year or carer-year, shares 0-1,
EUR per client-year, hours per client-year).
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from carenet.cli.common import (REPO, checked_seed, fmt, is_vignette, nonempty, output_dir, parse_overrides, prepare,
                                progress, run_sources, step_model)
from sim.scenario import ScenarioError

#: Outcomes shown by ``carenet run`` below the headline, by group.
SUMMARY_GROUPS = {
    "handovers": ("transitions_per_client_year", "handover_failure_share", "discharge_medication_complete_share",
                  "harm_per_100_transitions", "story_repeats_per_client_year"),
    "carers": ("carer_share_heavily_burdened", "carer_share_overburdened", "carer_dropouts_per_carer_year",
               "carer_care_hours_per_week", "carer_regelwerk_hours_per_week", "carer_sidelined_share"),
    "complaints (the four fates of a closed complaint add up to 1)": (
        "complaints_per_100_client_years", "complaints_closed", "complaint_fate_answered_share",
        "complaint_fate_answered_in_part_share", "complaint_fate_unanswered_share", "complaint_fate_given_up_share",
        "bounces_per_complaint", "time_to_answer_weeks_mean"),
    "care and costs": ("unmet_need_weeks_per_client_year", "unmet_hours_share", "nobody_arranging_share",
                       "coordination_hours_per_client_year", "recording_hours_per_client_year",
                       "cost_payers_per_client_year", "cost_client_copay_per_client_year",
                       "cost_informal_care_per_client_year"),
    "inspectorate themes (0-100)": ("theme_client_central", "theme_informal_care", "theme_integrated_care",
                                    "theme_safety"),
}

#: The files ``carenet run`` writes into its --out folder.
RUN_FILES = ("events.parquet", "steps.parquet", "outcomes.json", "provenance.json", "carer_panel.parquet")

#: Columns of ``carenet demo``: outcome name -> short header.
DEMO_COLUMNS = {
    "transitions_with_failed_handover_share": "trans. w/ failed item",
    "handover_failures_per_100_transitions": "handover fail/100 trans",
    "carer_burnout_per_carer_year": "burnout/carer-yr",
    "unanswered_complaint_share": "unanswered compl.",
    "unmet_need_weeks_per_client_year": "unmet wk/client-yr",
    "coordination_hours_per_client_year": "coord h/client-yr",
    "cost_payers_per_client_year": "payer EUR/client-yr",
}


def print_summary(outcomes: dict, header: str) -> None:
    """The headline outcomes with what they measure, then the grouped key outcomes (see :data:`SUMMARY_GROUPS`),
    each with its unit (:data:`sim.outcomes.OUTCOMES`)."""
    from sim.outcomes import HEADLINE, OUTCOMES
    click.echo(header)
    click.echo(f"  {fmt(outcomes['client_years'])} client-years, {fmt(outcomes['carer_years'])} carer-years\n")
    click.echo(click.style("Headline outcomes", bold=True))
    for name in HEADLINE:
        click.echo(f"  {name:<40} {fmt(outcomes[name]):>10}   {OUTCOMES[name].unit}\n"
                   f"      {OUTCOMES[name].description}")
    for group, names in SUMMARY_GROUPS.items():
        click.echo(f"\n{group[0].upper() + group[1:]}")
        for name in names:
            if name in outcomes:
                click.echo(f"  {name:<40} {fmt(outcomes[name]):>10}   {OUTCOMES[name].unit}")
    click.echo("\nEvery outcome, its unit and what it measures: docs/outcomes.md")


@click.command()
@click.argument("scenario", default="default")
@click.option("--policy", default="none", show_default=True,
              help="none, regiebehandelaar, integral_pgb, digital_plan or stepped.")
@click.option("--seed", default=0, show_default=True, type=int, callback=checked_seed,
              help="Seed of the run (an integer >= 0).")
@click.option("--years", default=None, type=float, help="Simulated years [default: the scenario's].")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False), callback=nonempty,
              help="Directory for events.parquet, steps.parquet, outcomes.json, provenance.json "
                   "[default: runs/<scenario>-<policy>-seed<seed>].")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a parameter, e.g. --set strain.recovery=0.2 or --set n_clients=500 (repeatable).")
@click.option("--overwrite", is_flag=True, help="Replace an earlier run in --out (refused without it).")
@click.option("--carer-panel", is_flag=True,
              help="Also write carer_panel.parquet: per carer and month, strain, category, care hours by kind, "
                   "regelwerk hours and whether their client has a regiebehandelaar.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(scenario, policy, seed, years, out_dir, sets, overwrite, carer_panel, quiet):
    """Run SCENARIO (a built-in name or a .toml file) under one policy and write its records."""
    import pandas as pd

    from experiments.environment import git_state, package_versions
    from experiments.files import atomic_write, write_json
    from sim.policies import POLICY_NAMES
    overrides = parse_overrides(sets)
    params, origin = prepare(scenario, policy, years, overrides)
    out = Path(out_dir) if out_dir else Path("runs") / f"{params.name}-{policy}-seed{seed}"
    output_dir(out, RUN_FILES, overwrite)
    if not carer_panel:  # no panel of an earlier run left beside this run's records
        (out / "carer_panel.parquet").unlink(missing_ok=True)
    started = time.time()
    model, setup_s, step_s = step_model(params, policy, seed, years, quiet, carer_panel=carer_panel)
    outcomes = model.outcomes()

    events = model.events()
    events["policy"] = pd.Categorical([policy] * len(events), categories=list(POLICY_NAMES))
    atomic_write(out / "events.parquet", lambda tmp: events.to_parquet(tmp, index=False))
    steps = model.steps_frame()
    atomic_write(out / "steps.parquet", lambda tmp: steps.to_parquet(tmp, index=False))
    write_json(out / "outcomes.json", outcomes)
    if carer_panel:
        panel = model.carer_panel_frame()
        atomic_write(out / "carer_panel.parquet", lambda tmp: panel.to_parquet(tmp, index=False))
    write_json(out / "provenance.json", {
        "scenario": params.name,
        "origin": origin,
        "overrides": overrides,
        "sources": run_sources(scenario, overrides),
        "policy": policy,
        "seed": seed,
        "years": model.years,
        "weeks": model.n_weeks,
        "parameters": params.model_dump(mode="json"),
        "versions": package_versions(),
        "git": git_state(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "wall_time_seconds": round(time.time() - started, 3),
        "setup_seconds": round(setup_s, 3),
        "step_seconds": round(step_s, 3),
    })
    print_summary(outcomes, f"{params.name} ({origin}), policy {policy}, seed {seed}, "
                            f"{model.years:g} years, {model.net.n_clients:,} clients")
    click.echo(f"\nWrote {len(events):,} events, {len(steps):,} step rows and outcomes to {out}")


@click.command()
def scenarios():
    """List the built-in scenarios."""
    from sim.scenario import builtin_scenarios, load_scenario
    for name, path in builtin_scenarios().items():
        try:
            description = load_scenario(name).description
        except ScenarioError as exc:
            description = f"(invalid: {str(exc).splitlines()[-1].strip()})"
        click.echo(f"{name:<20} {description}")
        click.echo(f"{'':<20} {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


@click.command()
@click.argument("file")
def check(file):
    """Validate a scenario FILE (or built-in name) with its bases and [provenance], or a vignette file (or
    built-in vignette name): exit 0 if valid, 2 if not."""
    from sim.scenario import builtin_scenarios, resolve_scenario, scenario_file_table, set_fields, validate
    if is_vignette(file):
        _check_vignette(file)
        return
    own = scenario_file_table(file)
    raw, origin, sources = resolve_scenario(file)
    params = validate(raw, origin)
    p = params.population
    shares = ", ".join(f"{name} {prof.share:g}" for name, prof in p.profiles.items())
    click.echo(f"OK: {params.name} ({p.n_clients:,} clients, {params.years:g} years; {shares})")
    fields = set_fields(own)
    unsourced = [f for f in fields if f not in sources]
    base = own.get("base")
    click.echo(f"  {origin}" + (f", base {base!r}" if base else "") + f": sets {len(fields)} field(s), "
               f"{len(fields) - len(unsourced)} with a source; {len(sources)} source(s) in all")
    if unsourced:
        click.echo(f"  without a [provenance] entry: {', '.join(unsourced)}")
    if file not in builtin_scenarios():
        click.echo(f"  run it with: carenet run {file}")


def _check_vignette(file: str) -> None:
    """Validate a vignette and say what it holds (``carenet check`` on a vignette)."""
    from sim.vignette import load_vignette
    v = load_vignette(file)
    events = f"{len(v.events)} event(s)" if v.events else "no events"
    click.echo(f"OK: vignette {v.name}: {v.title}" + (" [constructed]" if v.constructed else ""))
    click.echo(f"  {v.path}: {len(v.names['client'])} client(s), {len(v.names['carer'])} carer(s), "
               f"{len(v.names['post'])} professional(s), {events}, {v.n_weeks} weeks; "
               f"{len(v.scenario_sources)} source(s) for its scenario fields")
    click.echo(f"  run it with: carenet vignette {file}")


@click.command()
@click.option("--scenario", default="default", show_default=True, help="Built-in name or .toml file.")
@click.option("--seed", default=0, show_default=True, type=int, callback=checked_seed,
              help="Seed of every run (an integer >= 0).")
@click.option("--years", default=None, type=float, help="Simulated years [default: the scenario's].")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a parameter (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def demo(scenario, seed, years, sets, quiet):
    """Run one scenario under all five policies (same seed) and compare the headline outcomes."""
    import pandas as pd

    from sim.outcomes import DESCRIPTIONS
    from sim.policies import POLICY_NAMES
    overrides = parse_overrides(sets)
    params, origin = prepare(scenario, "none", years, overrides)
    rows = {}
    started = time.perf_counter()
    with progress(total=len(POLICY_NAMES), unit="run", desc="policies", disable=quiet) as bar:
        for policy in POLICY_NAMES:
            model, _, _ = step_model(params, policy, seed, years, quiet=True)
            outcomes = model.outcomes()
            rows[policy] = {header: outcomes[name] for name, header in DEMO_COLUMNS.items()}
            bar.update(1)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "policy"
    click.echo(f"{params.name} ({origin}): {params.population.n_clients:,} clients, "
               f"{model.years:g} years, seed {seed}\n")
    click.echo(table.to_string(float_format=lambda v: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3f}"))
    click.echo("\nColumns:")
    for name, header in DEMO_COLUMNS.items():
        click.echo(f"  {header:<24} {name}: {DESCRIPTIONS[name]}")
    click.echo(f"\n{len(POLICY_NAMES)} runs in {time.perf_counter() - started:.1f} s. "
               "One seed: differences between policies include chance; compare several seeds before concluding.")


@click.command()
def params():
    """Regenerate docs/parameters.md, docs/scenarios.md and docs/outcomes.md from sim/parameters.py, scenarios/
    and sim/outcomes.py."""
    from sim import outcomes, provenance
    for path in (provenance.main(), provenance.SCENARIOS_DOC_PATH, outcomes.write_outcomes_doc()):
        click.echo(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
