"""The ``carenet`` command line.

Commands (scripts depend on these names):

* ``carenet run [SCENARIO] --policy P --seed S --years Y --out DIR --set key=value``:
  one run; prints a summary and writes ``events.parquet``, ``steps.parquet``,
  ``outcomes.json`` and ``provenance.json`` into DIR.
* ``carenet scenarios``: the built-in scenarios.
* ``carenet check FILE``: validate a scenario file (exit 0 valid, 2 invalid).
* ``carenet demo``: one scenario under all five policies, headline outcomes side by side.
* ``carenet bench``: the fixed speed (client-weeks per second) and memory (GiB) benchmark.
* ``carenet params``: regenerate ``docs/parameters.md`` and ``docs/scenarios.md``.

Units in the output are those of :mod:`sim.outcomes` (rates per client-year or
carer-year, shares 0-1, EUR per client-year, hours per client-year). A bad
scenario, override or policy is reported on stderr with exit code 2 before any
simulation runs.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import time
import tomllib
import uuid
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import click

from sim.scenario import ScenarioError

REPO = Path(__file__).resolve().parent.parent

#: Goals of the benchmark.
SPEED_AIM = 1_000_000      # client-weeks per second
SPEED_MINIMUM = 250_000    # client-weeks per second
MEMORY_GOAL_GIB = 2.0      # peak resident memory of a 100,000-client, 10-year run

#: Outcomes shown by ``carenet run`` below the headline, by group.
SUMMARY_GROUPS = {
    "handovers": ("transitions_per_client_year", "handover_failure_share", "discharge_medication_complete_share",
                  "harm_per_100_transitions", "story_repeats_per_client_year"),
    "carers": ("carer_share_heavily_burdened", "carer_share_overburdened", "carer_dropouts_per_carer_year",
               "carer_care_hours_per_week", "carer_regelwerk_hours_per_week", "carer_sidelined_share"),
    "complaints": ("complaints_per_100_client_years", "complaints_closed", "complaint_share_answered",
                   "complaint_share_unanswered", "complaint_share_given_up", "bounces_per_complaint",
                   "time_to_answer_weeks_mean"),
    "care and costs": ("unmet_need_weeks_per_client_year", "unmet_hours_share", "nobody_arranging_share",
                       "coordination_hours_per_client_year", "recording_hours_per_client_year",
                       "cost_payers_per_client_year", "cost_client_copay_per_client_year",
                       "cost_informal_care_per_client_year"),
    "inspectorate themes (0-100)": ("theme_client_central", "theme_informal_care", "theme_integrated_care",
                                    "theme_safety"),
}

#: Columns of ``carenet demo``: outcome name -> short header.
DEMO_COLUMNS = {
    "handover_failures_per_100_transitions": "handover fail/100 trans",
    "carer_burnout_per_carer_year": "burnout/carer-yr",
    "unanswered_complaint_share": "unanswered compl.",
    "unmet_need_weeks_per_client_year": "unmet wk/client-yr",
    "coordination_hours_per_client_year": "coord h/client-yr",
    "cost_payers_per_client_year": "payer EUR/client-yr",
}


# --------------------------------------------------------------------------- helpers

class _Group(click.Group):
    """A click group that turns ScenarioError into a clean message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ScenarioError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


def parse_value(text: str) -> Any:
    """A ``--set`` value as a TOML scalar (``3`` int, ``0.2`` float, ``true`` bool, ``[2, 6]`` array);
    anything that is not valid TOML is taken as a plain string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _check_key(key: str) -> None:
    """Refuse an override key that names no parameter (the message names the key and what exists)."""
    import difflib

    from pydantic import BaseModel

    from sim.parameters import ScenarioParams
    path = "population.n_clients" if key == "n_clients" else key.replace("__", ".")
    model: Any = ScenarioParams
    done: list[str] = []
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise ScenarioError(f"--set {key}: `{'.'.join(done)}` is a parameter, not a section")
        fields = list(model.model_fields)
        if part not in fields:
            where = f"section `{'.'.join(done)}`" if done else "the scenario"
            close = difflib.get_close_matches(part, fields, n=1)
            hint = f"; did you mean {'.'.join(done + close)!r}?" if close else ""
            raise ScenarioError(f"--set {key}: unknown parameter `{path}` ({where} has no field {part!r}; "
                                f"allowed: {', '.join(fields)}{hint})")
        model = model.model_fields[part].annotation
        done.append(part)


def parse_overrides(items: tuple[str, ...]) -> dict[str, Any]:
    """``("strain.recovery=0.2", "n_clients=500")`` -> ``{"strain.recovery": 0.2, "n_clients": 500}``."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScenarioError(f"--set {item!r}: expected key=value, e.g. --set strain.recovery=0.2")
        _check_key(key)
        out[key] = parse_value(value.strip())
    return out


#: The source recorded for a value set with ``--set``.
OVERRIDE_SOURCE = "command-line override (--set)"


def run_sources(scenario: str, overrides: dict[str, Any]) -> dict[str, str]:
    """The scenario's ``[provenance]`` sources (merged along its bases), with the ``--set`` fields marked as
    command-line overrides: {dotted parameter name: source}."""
    from sim.provenance import scenario_sources
    sources = scenario_sources(scenario)
    for key in overrides:
        sources["population.n_clients" if key == "n_clients" else key.replace("__", ".")] = OVERRIDE_SOURCE
    return dict(sorted(sources.items()))


def _prepare(scenario: str, policy: str, years: float | None, overrides: dict):
    """Validate everything a run needs (before any simulation): returns (params, origin)."""
    from sim.policies import POLICY_NAMES
    from sim.scenario import load_scenario, raw_scenario
    if policy not in POLICY_NAMES:
        raise ScenarioError(f"policy {policy!r} is not known (allowed: {', '.join(POLICY_NAMES)})")
    params = load_scenario(scenario, **overrides)
    origin = raw_scenario(scenario)[1]
    if years is not None and not 0 < years <= 100:
        raise ScenarioError(f"--years = {years!r} not allowed (allowed: a number of years > 0 and <= 100)")
    return params, origin


def _progress(**kwargs):
    """A tqdm bar on stderr, off when stderr is not a terminal (or ``disable=True``)."""
    from tqdm import tqdm
    disable = kwargs.pop("disable", False) or not sys.stderr.isatty()
    return tqdm(file=sys.stderr, disable=disable, leave=False, **kwargs)


def _run_model(params, policy: str, seed: int, years: float | None, quiet: bool = False, label: str = ""):
    """Build and step a model week by week; returns (model, set-up seconds, step seconds)."""
    from sim.model import CareNetworkModel
    t0 = time.perf_counter()
    model = CareNetworkModel(params, policy=policy, seed=seed, years=years, mesa_agents=False)
    t1 = time.perf_counter()
    with _progress(total=model.n_weeks, unit="week", desc=label or policy, disable=quiet) as bar:
        while model.running:
            model.step()
            bar.update(1)
    return model, t1 - t0, time.perf_counter() - t1


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through ``write(tmp_path)`` into a temporary file next to ``path``, then rename it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def json_safe(value: Any) -> Any:
    """Numbers as plain Python numbers, NaN and infinities as None (JSON null)."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for dist in ("carenet", "mesa", "numpy", "pandas", "pyarrow", "pydantic"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def _git() -> dict[str, Any] | None:
    """Commit of the repository holding this package, and whether the work tree has changes."""
    if not (REPO / ".git").exists():
        return None
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(status.strip())}


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def print_summary(outcomes: dict, header: str) -> None:
    """The headline outcomes, then the grouped key outcomes (see :data:`SUMMARY_GROUPS`)."""
    from sim.outcomes import DESCRIPTIONS, HEADLINE
    click.echo(header)
    click.echo(f"  {_fmt(outcomes['client_years'])} client-years, {_fmt(outcomes['carer_years'])} carer-years\n")
    click.echo(click.style("Headline outcomes", bold=True))
    for name in HEADLINE:
        click.echo(f"  {name:<40} {_fmt(outcomes[name]):>10}   {DESCRIPTIONS.get(name, '')}")
    for group, names in SUMMARY_GROUPS.items():
        click.echo(f"\n{group.capitalize()}")
        for name in names:
            if name in outcomes:
                click.echo(f"  {name:<40} {_fmt(outcomes[name]):>10}")


# --------------------------------------------------------------------------- commands

@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """carenet: agent-based simulation of Dutch personal care networks."""


@main.command()
@click.argument("scenario", default="default")
@click.option("--policy", default="none", show_default=True,
              help="none, regiebehandelaar, integral_pgb, digital_plan or stepped.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the run.")
@click.option("--years", default=None, type=float, help="Simulated years [default: the scenario's].")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Directory for events.parquet, steps.parquet, outcomes.json, provenance.json "
                   "[default: runs/<scenario>-<policy>-seed<seed>].")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a parameter, e.g. --set strain.recovery=0.2 or --set n_clients=500 (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(scenario, policy, seed, years, out_dir, sets, quiet):
    """Run SCENARIO (a built-in name or a .toml file) under one policy and write its records."""
    import pandas as pd
    overrides = parse_overrides(sets)
    params, origin = _prepare(scenario, policy, years, overrides)
    out = Path(out_dir) if out_dir else Path("runs") / f"{params.name}-{policy}-seed{seed}"
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    model, setup_s, step_s = _run_model(params, policy, seed, years, quiet)
    outcomes = model.outcomes()

    events = model.events()
    events["policy"] = pd.Categorical([policy] * len(events), categories=_policy_names())
    _atomic_write(out / "events.parquet", lambda tmp: events.to_parquet(tmp, index=False))
    steps = model.steps_frame()
    _atomic_write(out / "steps.parquet", lambda tmp: steps.to_parquet(tmp, index=False))
    _write_json(out / "outcomes.json", json_safe(outcomes))
    _write_json(out / "provenance.json", json_safe({
        "scenario": params.name,
        "origin": origin,
        "overrides": overrides,
        "sources": run_sources(scenario, overrides),
        "policy": policy,
        "seed": seed,
        "years": model.years,
        "weeks": model.n_weeks,
        "parameters": params.model_dump(mode="json"),
        "versions": _versions(),
        "git": _git(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "wall_time_seconds": round(time.time() - started, 3),
        "setup_seconds": round(setup_s, 3),
        "step_seconds": round(step_s, 3),
    }))
    print_summary(outcomes, f"{params.name} ({origin}), policy {policy}, seed {seed}, "
                            f"{model.years:g} years, {model.net.n_clients:,} clients")
    click.echo(f"\nWrote {len(events):,} events, {len(steps):,} step rows and outcomes to {out}")


def _policy_names() -> list[str]:
    from sim.policies import POLICY_NAMES
    return list(POLICY_NAMES)


@main.command()
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


@main.command()
@click.argument("file")
def check(file):
    """Validate a scenario FILE (or built-in name) with its bases and [provenance]: exit 0 if valid, 2 if not."""
    from sim.scenario import load_scenario, resolve_scenario, scenario_file_table, set_fields
    params = load_scenario(file)
    p = params.population
    shares = ", ".join(f"{name} {prof.share:g}" for name, prof in p.profiles.items())
    click.echo(f"OK: {params.name} ({p.n_clients:,} clients, {params.years:g} years; {shares})")
    own = scenario_file_table(file)
    _, origin, sources = resolve_scenario(file)
    fields = set_fields(own)
    unsourced = [f for f in fields if f not in sources]
    base = own.get("base")
    click.echo(f"  {origin}" + (f", base {base!r}" if base else "") + f": sets {len(fields)} field(s), "
               f"{len(fields) - len(unsourced)} with a source; {len(sources)} source(s) in all")
    if unsourced:
        click.echo(f"  without a [provenance] entry: {', '.join(unsourced)}")


@main.command()
@click.option("--scenario", default="default", show_default=True, help="Built-in name or .toml file.")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--years", default=None, type=float, help="Simulated years [default: the scenario's].")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a parameter (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def demo(scenario, seed, years, sets, quiet):
    """Run one scenario under all five policies (same seed) and compare the headline outcomes."""
    import pandas as pd

    from sim.outcomes import DESCRIPTIONS
    from sim.policies import POLICY_NAMES
    overrides = parse_overrides(sets)
    params, origin = _prepare(scenario, "none", years, overrides)
    rows = {}
    started = time.perf_counter()
    with _progress(total=len(POLICY_NAMES), unit="run", desc="policies", disable=quiet) as bar:
        for policy in POLICY_NAMES:
            model, _, _ = _run_model(params, policy, seed, years, quiet=True)
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
        click.echo(f"  {header:<24} {name}: {DESCRIPTIONS.get(name, _DEMO_EXTRA.get(name, ''))}")
    click.echo(f"\n{len(POLICY_NAMES)} runs in {time.perf_counter() - started:.1f} s. "
               "One seed: differences between policies include chance; compare several seeds before concluding.")


_DEMO_EXTRA = {
    "unmet_need_weeks_per_client_year": "weeks with unmet need above the gap threshold, per client-year",
    "coordination_hours_per_client_year": "regiebehandelaar hours per client-year",
    "cost_payers_per_client_year": "Zvw + Wlz + Wmo + Jeugdwet cost, EUR per client-year",
}


@main.command()
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
    params, _ = _prepare("default", "none", years, {"n_clients": clients})
    model, setup_s, step_s = _run_model(params, "none", 0, years, quiet, label="speed run")
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
    cmd = [sys.executable, "-m", "sim.cli", "bench-memory", "--clients", str(memory_clients), "--years", str(years)]
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


@main.command("bench-memory", hidden=True)
@click.option("--clients", type=int, required=True)
@click.option("--years", type=float, required=True)
def bench_memory(clients, years):
    """(Internal) Run one model to the end and print its peak RSS in KiB as JSON (used by bench)."""
    import resource
    params, _ = _prepare("default", "none", years, {"n_clients": clients})
    model, _, _ = _run_model(params, "none", 0, years, quiet=True)
    model.outcomes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes on macOS, KiB on Linux
        peak //= 1024
    click.echo(json.dumps({"peak_rss_kib": peak, "events": len(model.log)}))


@main.command()
def params():
    """Regenerate docs/parameters.md and docs/scenarios.md from sim/parameters.py and scenarios/."""
    from sim import provenance
    for path in (provenance.main(), provenance.SCENARIOS_DOC_PATH):
        click.echo(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


for _name in ("compare", "sweep", "sensitivity"):  # carenet compare, sweep, sensitivity (experiments/)
    main.add_command(getattr(__import__("experiments.cli", fromlist=[_name]), _name))
main.add_command(__import__("sim.vignette_cli", fromlist=["vignette"]).vignette)  # carenet vignette (teaching)

main.add_command(__import__("experiments.calibrate", fromlist=["calibrate"]).calibrate)  # carenet calibrate

if __name__ == "__main__":
    main()
