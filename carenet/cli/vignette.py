"""``carenet vignette``: run a teaching vignette and tell its story with names.

* ``carenet vignette --list``: the built-in vignettes (``scenarios/vignettes/``).
* ``carenet vignette NAME [--policy P] [--seed S] [--years Y] [--out DIR] [--brief]``: run one vignette (a
  built-in name or a ``.toml`` file) and print who is in the network, which of the policy's building blocks reach
  each client and why not the others, the week-by-week story (transitions and their handover items delivered or
  failed, with channel and receiver; contradictions; the named carers' strain; complaints; a block that starts or
  stops reaching a client), where it ends and which of the seed's failures (the file's ``[[failure]]`` tables)
  happened in this run. With ``--out`` the run is written as ``events.parquet`` (the event
  log with names), ``story.txt``, ``outcomes.json`` and ``provenance.json`` (an earlier run there is refused
  unless ``--overwrite``).

Registered in :mod:`carenet.cli`; heavy imports happen only when the command runs.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from carenet.cli.common import checked_seed, nonempty


@click.command("vignette")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the built-in vignettes.")
@click.option("--policy", default="none", show_default=True,
              help="none, regiebehandelaar, integral_pgb, digital_plan or stepped (applied on top of the network).")
@click.option("--seed", default=0, show_default=True, type=int, callback=checked_seed,
              help="Seed of the run (an integer >= 0).")
@click.option("--years", default=None, type=float, help="Simulated years [default: the vignette's].")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False), callback=nonempty,
              help="Write events.parquet (with names), story.txt, outcomes.json and provenance.json here.")
@click.option("--overwrite", is_flag=True, help="Replace an earlier run in --out (refused without it).")
@click.option("--brief", is_flag=True, help="Leave out harm and 'story told again' lines.")
def vignette(name, list_, policy, seed, years, out_dir, overwrite, brief):
    """Run the teaching vignette NAME (built-in name or .toml file) and print its story with names."""
    from sim.scenario import ScenarioError, read_toml
    from sim.vignette import VIGNETTE_KEYS, VignetteError, load_vignette, vignette_names, vignette_path
    if list_:
        for n in vignette_names():
            try:
                v = load_vignette(n)
                title = v.title + (" [constructed]" if v.constructed else "")
            except ScenarioError as exc:
                title = f"(invalid: {str(exc).splitlines()[-1].strip()})"
            click.echo(f"{n:<16} {title}")
            click.echo(f"{'':<16} {vignette_path(n)}")
        return
    if not name:
        raise click.UsageError("give a vignette NAME (see `carenet vignette --list`)")
    from carenet.cli.common import check_run_options, output_dir
    from sim.vignette import cast_lines, failure_lines, policy_lines, story_lines, summary_lines
    check_run_options(years, policy)
    path = vignette_path(name)
    if not set(VIGNETTE_KEYS) & set(read_toml(path, VignetteError, "vignette")):  # never a traceback on a bad file
        raise VignetteError(f"{path}: is a scenario, not a teaching vignette (no [vignette], [[client]] or "
                            "[[professional]] table) (allowed: a vignette, see `carenet vignette --list`; run a "
                            f"scenario with `carenet run {name}`)")
    v = load_vignette(name)
    model = v.model(policy=policy, seed=seed, years=years, mesa_agents=False)  # refuses a --years too short
    if out_dir:
        output_dir(Path(out_dir), VIGNETTE_FILES, overwrite)
    started = time.time()
    model.run()
    head = [f"{v.title}  ({v.path.name}, policy {policy}, seed {seed}, {model.n_weeks} weeks)"]
    if v.constructed:
        head.append("CONSTRUCTED: the seeds give only this case's name; its details are invented for teaching.")
    if v.story.strip():
        head += ["", v.story.strip()]
    if v.sources:
        head.append(f"Seed references: {', '.join(v.sources)}")
    lines = head + ["", "Who is in the network"] + cast_lines(v) + [""] + policy_lines(model) + ["", "What happens"] \
        + (story_lines(model, details=not brief) or ["  (nothing logged)"]) + ["", "Where it ends"] \
        + summary_lines(model)
    if v.failures:
        lines += ["", "The seed's failures in this run (across seeds: carenet compare " + name + ")"] \
            + failure_lines(model)
    text = "\n".join(lines)
    click.echo(text)
    if out_dir:
        _write(Path(out_dir), v, model, policy, seed, text, started)


#: The files ``carenet vignette --out`` writes.
VIGNETTE_FILES = ("events.parquet", "story.txt", "outcomes.json", "provenance.json")


def _write(out: Path, v, model, policy: str, seed: int, text: str, started: float) -> None:
    from experiments.environment import git_state, package_versions
    from experiments.files import atomic_write, atomic_write_text, write_json
    from sim.vignette import named_events
    events = named_events(model)
    events["policy"] = policy
    atomic_write(out / "events.parquet", lambda tmp: events.to_parquet(tmp, index=False))
    atomic_write_text(out / "story.txt", text + "\n")
    write_json(out / "outcomes.json", model.outcomes())
    write_json(out / "provenance.json", {
        "vignette": v.name,
        "file": str(v.path),
        "constructed": v.constructed,
        "seed_references": v.sources,
        "sources": v.scenario_sources,
        "policy": policy,
        "seed": seed,
        "years": model.years,
        "weeks": model.n_weeks,
        "names": {kind: {str(i): n for i, n in names.items()} for kind, names in model.names.items()},
        "parameters": v.params.model_dump(mode="json"),
        "versions": package_versions(),
        "git": git_state(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "wall_time_seconds": round(time.time() - started, 3),
    })
    click.echo(f"\nWrote {len(events):,} events (with names), story.txt, outcomes.json and provenance.json to {out}")
