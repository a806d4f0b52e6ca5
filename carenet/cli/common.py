"""What every ``carenet`` command shares: the command group's error handling, ``--set`` parsing,
validation before a run, a progress bar, stepping a model, and number formatting.

Bad input (an unknown scenario, policy or parameter, a value out of range, a file that is not a
scenario) raises :class:`~sim.scenario.ScenarioError` before anything runs; :class:`CarenetGroup`
reports it on stderr as one ``error: ...`` line (plus detail lines) with exit code 2, and a command
that stops part-way (an interrupted experiment, a file that cannot be written) with exit code 1.
Each kind of input has one check, shared by every command: ``--seed`` (:func:`checked_seed`),
``--years`` and ``--policy`` (:func:`check_run_options`), ``--clients`` (:func:`check_clients`),
``--out`` (:func:`nonempty`, :func:`output_dir`); which options were given, for those used only with others
(:func:`given_options`); scenario files are read by :func:`sim.scenario.read_toml` and policy lists by
:func:`experiments.design.parse_policies`.
"""

from __future__ import annotations

import contextlib
import errno
import math
import sys
import time
from pathlib import Path
from typing import Any

import click

from sim.scenario import ScenarioError

#: The repository root (scenario paths are shown relative to it).
REPO = Path(__file__).resolve().parent.parent.parent

#: The source recorded for a value set with ``--set``.
OVERRIDE_SOURCE = "command-line override (--set)"


class CarenetGroup(click.Group):
    """A click group that reports every error as ``error: ...`` on stderr, never a traceback: bad input
    (ScenarioError) with exit code 2; a command that stopped part-way (a ClickException, e.g. an interrupted
    experiment) with its exit code (1); a file that cannot be read or written (OSError) with exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ScenarioError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except click.ClickException as exc:
            if isinstance(exc, click.UsageError):  # click's own: usage line, "Error: ...", exit 2
                raise
            click.echo(f"error: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # output piped into `head`: click ends quietly
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc} (free space or fix permissions, then run again)",
                       err=True)
            ctx.exit(1)


def checked_seed(ctx, param, value):
    """The click callback of every ``--seed`` option: the one seed check (:func:`sim.scenario.check_seed`),
    applied as the command line is read, before anything runs."""
    from sim.scenario import check_seed
    return check_seed(value, param.opts[0])


def check_run_options(years: Any = None, policy: str | None = None) -> None:
    """The checks of ``--years`` and ``--policy`` every command shares (one of each, :func:`sim.scenario.check_years`
    and :func:`sim.policies.check_policy`); ``None`` is not checked (for ``years``: the scenario's own)."""
    from sim.policies import check_policy
    from sim.scenario import check_years
    check_years(years, "--years")
    if policy is not None:
        check_policy(policy, "--policy")


def client_bounds() -> tuple[int, int]:
    """The smallest and largest number of clients a run may have (the bounds of ``population.n_clients``)."""
    from sim.parameters import Population
    lo, hi = Population.model_fields["n_clients"].json_schema_extra["bounds"]
    return int(lo), int(hi)


def check_clients(n: Any, flag: str = "--clients") -> int:
    """A number of clients given as an option (``--clients``, ``--memory-clients``): the bounds of
    ``population.n_clients``, named by ``flag``."""
    lo, hi = client_bounds()
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise ScenarioError(f"{flag} = {n!r} not allowed (allowed: a whole number of clients from {lo} to {hi:,})")
    return n


def nonempty(ctx, param, value):
    """A click callback refusing an empty path option (``--out ""``, an unset shell variable): it would mean the
    current folder."""
    if value is not None and not str(value).strip():
        raise ScenarioError(f"{param.opts[0]} = {value!r}: empty (an unset shell variable?) "
                            "(allowed: a folder, e.g. runs/mine)")
    return value


def output_dir(out: Path, names: tuple[str, ...], overwrite: bool) -> Path:
    """Make the output folder ``out`` of a command that writes ``names`` there (before anything runs);
    refuses (exit 2) if it already holds one of them, unless ``overwrite``."""
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"--out {out}: is a file, not a folder (allowed: a folder, new or empty)")
    there = [name for name in names if (out / name).exists()]
    if there and not overwrite:
        raise ScenarioError(f"--out {out}: already holds an earlier run ({', '.join(there)}); add --overwrite "
                            "to replace it, or choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScenarioError(f"--out {out}: cannot be made: {exc.strerror or exc} (allowed: a folder you may "
                            "write to)") from None
    return out


def parse_overrides(items: tuple[str, ...]) -> dict[str, Any]:
    """``("strain.recovery=0.2", "n_clients=500")`` -> ``{"strain.recovery": 0.2, "n_clients": 500}``;
    refuses a key that names no parameter (:func:`sim.scenario.check_key`)."""
    from sim.scenario import check_key, parse_value
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScenarioError(f"--set {item!r}: expected key=value, e.g. --set strain.recovery=0.2")
        check_key(key)
        out[key] = parse_value(value.strip())
    return out


def run_sources(scenario: str, overrides: dict[str, Any]) -> dict[str, str]:
    """The scenario's ``[provenance]`` sources (merged along its bases), with the ``--set`` fields marked as
    command-line overrides: {dotted parameter name: source}."""
    from sim.provenance import scenario_sources
    from sim.scenario import parameter_path
    sources = scenario_sources(scenario)
    for key in overrides:
        sources[parameter_path(key)] = OVERRIDE_SOURCE
    return dict(sorted(sources.items()))


def is_vignette(file: str) -> bool:
    """Whether ``file`` names a vignette: a built-in vignette name (not a scenario's), or a .toml file with a
    vignette table ([vignette], [[client]], [[professional]], ...). Reading refuses a file that is not TOML text."""
    from sim.scenario import builtin_scenarios, read_toml
    from sim.vignette import VIGNETTE_KEYS, vignette_names
    path = Path(file)
    if path.suffix != ".toml":
        return file in vignette_names() and file not in builtin_scenarios()
    if not path.is_file():
        return False  # reading the scenario says what is wrong
    return bool(set(VIGNETTE_KEYS) & set(read_toml(path)))


def prepare(scenario: str, policy: str, years: float | None, overrides: dict):
    """Validate everything a run needs (before any simulation): returns (params, origin)."""
    from sim.scenario import load_scenario, raw_scenario
    check_run_options(years, policy)
    if is_vignette(scenario):
        raise ScenarioError(f"{scenario}: is a teaching vignette, not a scenario (allowed: a scenario; run the "
                            f"vignette with `carenet vignette {scenario}`)")
    params = load_scenario(scenario, **overrides)
    origin = raw_scenario(scenario)[1]
    return params, origin


def given_options() -> set[str]:
    """Names of the running command's options given on the command line (not defaults)."""
    from click.core import ParameterSource
    ctx = click.get_current_context()
    return {name for name in ctx.params if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE}


def progress(**kwargs):
    """A tqdm bar on stderr, off when stderr is not a terminal (or ``disable=True``)."""
    from tqdm import tqdm
    disable = kwargs.pop("disable", False) or not sys.stderr.isatty()
    return tqdm(file=sys.stderr, disable=disable, leave=False, **kwargs)


def step_model(params, policy: str, seed: int, years: float | None, quiet: bool = False, label: str = "",
               carer_panel: bool = False, time_processes: bool = False, profiler=None, between_years=None):
    """Build and step a model week by week; returns (model, set-up seconds with the warm-up, step seconds).

    ``time_processes``: time each process of the week over the stepping, into ``model.world.process_seconds``
    (seconds by name, :func:`sim.week.run_week`); ``profiler``: a :class:`cProfile.Profile`, enabled during the
    stepping only; ``between_years``: a function called after every 52 weeks stepped, whose time is not counted
    in the step seconds (the speed run times Mesa's reference there)."""
    from sim.model import CareNetworkModel
    t0 = time.perf_counter()
    model = CareNetworkModel(params, policy=policy, seed=seed, years=years, mesa_agents=False,
                             carer_panel=carer_panel)
    if time_processes:
        model.world.process_seconds = {}
    t1 = time.perf_counter()
    stepping, weeks = 0.0, 0
    with progress(total=model.n_weeks, unit="week", desc=label or policy, disable=quiet) as bar, \
            profiler or contextlib.nullcontext():
        started = time.perf_counter()
        while model.running:
            model.step()
            bar.update(1)
            weeks += 1
            if between_years is not None and weeks % 52 == 0 and model.running:
                stepping += time.perf_counter() - started
                between_years()
                started = time.perf_counter()
        stepping += time.perf_counter() - started
    return model, t1 - t0, stepping


def fmt(value: Any) -> str:
    """A number for the console: thousands separators, 3 significant digits below 1, ``n/a`` for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
