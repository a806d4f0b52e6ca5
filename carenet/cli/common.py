"""What every ``carenet`` command shares: the command group's error handling, ``--set`` parsing,
validation before a run, a progress bar, stepping a model, and number formatting.

Bad input (an unknown scenario, policy or parameter, a value out of range) raises
:class:`~sim.scenario.ScenarioError` before anything runs; :class:`CarenetGroup` reports it on
stderr with exit code 2.
"""

from __future__ import annotations

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
    """A click group that turns ScenarioError into a clean message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ScenarioError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


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


def prepare(scenario: str, policy: str, years: float | None, overrides: dict):
    """Validate everything a run needs (before any simulation): returns (params, origin)."""
    from sim.policies import check_policy
    from sim.scenario import check_years, load_scenario, raw_scenario
    check_policy(policy)
    params = load_scenario(scenario, **overrides)
    origin = raw_scenario(scenario)[1]
    check_years(years, "--years")
    return params, origin


def progress(**kwargs):
    """A tqdm bar on stderr, off when stderr is not a terminal (or ``disable=True``)."""
    from tqdm import tqdm
    disable = kwargs.pop("disable", False) or not sys.stderr.isatty()
    return tqdm(file=sys.stderr, disable=disable, leave=False, **kwargs)


def step_model(params, policy: str, seed: int, years: float | None, quiet: bool = False, label: str = ""):
    """Build and step a model week by week; returns (model, set-up seconds, step seconds)."""
    from sim.model import CareNetworkModel
    t0 = time.perf_counter()
    model = CareNetworkModel(params, policy=policy, seed=seed, years=years, mesa_agents=False)
    t1 = time.perf_counter()
    with progress(total=model.n_weeks, unit="week", desc=label or policy, disable=quiet) as bar:
        while model.running:
            model.step()
            bar.update(1)
    return model, t1 - t0, time.perf_counter() - t1


def fmt(value: Any) -> str:
    """A number for the console: thousands separators, 3 significant digits below 1, ``n/a`` for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
