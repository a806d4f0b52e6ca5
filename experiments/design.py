"""The definition of a comparison experiment and the runs it consists of.

An experiment is *scenarios x policies x replicates*, all with the same simulated
period and the same ``--set`` overrides. :func:`define` validates every part of it
before anything runs (an unknown policy, ``replicates = 0`` or a bad override raise
:class:`ExperimentError` naming the field, the value and what is allowed) and returns an
:class:`Experiment`: the definition, the validated parameters of every scenario and one
:class:`RunSpec` per run.

Seeds (common random numbers). Replicate ``r`` has one seed, derived from the root seed
alone::

    seed(r) = SeedSequence(root, spawn_key=(r,)).generate_state(1, dtype=uint64)[0] >> 1

(a 63-bit integer, so it fits a signed 64-bit Parquet column and collisions between
replicates are negligible). Every policy and every scenario of replicate ``r`` runs with
that seed, so policies are compared on the same synthetic population and the same random
draws (see :mod:`sim.streams`). Seeds depend only on the root seed and the replicate
number: not on the number of workers, the order runs finish in, or which runs a resumed
experiment still has to do.

Run ids. ``run_id = (scenario_index * n_policies + policy_index) * n_replicates + replicate``:
a dense integer (0 .. n_runs - 1) in the order scenarios and policies were given. Tables
are sorted by it. Runs are *submitted* replicate by replicate (all scenarios and policies
of replicate 0 first), so an interrupted experiment holds complete replicates.

Units: ``years`` in simulated years (52 weeks each; the model rounds to whole weeks),
``seed`` a non-negative integer.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import numpy as np

from sim.scenario import ScenarioError

#: Version of the run-store layout written by :mod:`experiments.store`.
STORE_FORMAT = 1

#: Packages whose versions are recorded in the manifest.
RECORDED_PACKAGES = ("carenet", "mesa", "numpy", "pandas", "pyarrow", "scipy", "pydantic")

#: Versions that can change the outcomes: part of the definition (a resume refuses if one differs).
RESULT_VERSIONS = ("python", "carenet", "mesa", "numpy")


class ExperimentError(ScenarioError):
    """An experiment that cannot be defined, run or resumed; the message says why.

    A :class:`~sim.scenario.ScenarioError`, so the ``carenet`` command line reports it on
    stderr with exit code 2.
    """


def replicate_seed(root: int, replicate: int) -> int:
    """The seed of replicate ``replicate`` (0-based) under root seed ``root`` (a 63-bit integer)."""
    state = np.random.SeedSequence(int(root), spawn_key=(int(replicate),)).generate_state(1, dtype=np.uint64)
    return int(state[0] >> np.uint64(1))


def normalize_key(key: str) -> str:
    """An override key in its dotted form: ``strain__recovery`` -> ``strain.recovery``; ``n_clients`` stays."""
    return key.replace("__", ".")


@dataclass(frozen=True)
class RunSpec:
    """One run: what a worker needs to run it, and nothing else.

    Attributes:
        run_id: dense integer id, 0 .. n_runs - 1 (see the module docstring).
        scenario: the scenario as given (built-in name or ``.toml`` path).
        policy: the policy name.
        replicate: 0-based replicate number.
        seed: the model seed of this replicate (shared by all policies and scenarios).
        years: simulated years (already resolved: the ``--years`` given or the scenario's).
        params: the validated scenario parameters with the overrides applied, as JSON-ready
            data (``ScenarioParams.model_dump(mode="json")``), so a worker never re-reads a
            scenario file that may have changed since the experiment was defined.
    """

    run_id: int
    scenario: str
    policy: str
    replicate: int
    seed: int
    years: float
    params: dict = field(repr=False, compare=False)


@dataclass(frozen=True)
class Definition:
    """What an experiment is. Two runs of the same definition give the same tables.

    Attributes:
        scenarios: scenarios as given (built-in names or ``.toml`` paths), in order.
        policies: policy names, in order.
        replicates: replicates per scenario and policy (>= 1).
        years: simulated years, or ``None`` for each scenario's own ``years``.
        root_seed: the root of every replicate seed (>= 0).
        overrides: ``--set`` overrides applied to every scenario, dotted keys -> values.
    """

    scenarios: tuple[str, ...]
    policies: tuple[str, ...]
    replicates: int
    years: float | None
    root_seed: int
    overrides: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"scenarios": list(self.scenarios), "policies": list(self.policies), "replicates": self.replicates,
                "years": self.years, "root_seed": self.root_seed, "overrides": dict(sorted(self.overrides.items()))}


@dataclass
class Experiment:
    """A validated experiment: its definition, the parameters of each scenario, its runs.

    Attributes:
        definition: the :class:`Definition`.
        params: scenario (as given) -> validated ``ScenarioParams`` (overrides applied).
        origins: scenario -> where it was read from (file path).
        specs: one :class:`RunSpec` per run, sorted by run id.
        versions: recorded package versions (``python`` and :data:`RECORDED_PACKAGES`).
    """

    definition: Definition
    params: dict[str, Any]
    origins: dict[str, str]
    specs: list[RunSpec]
    versions: dict[str, str | None]

    @property
    def seeds(self) -> list[int]:
        """The replicate seeds, by replicate."""
        return [replicate_seed(self.definition.root_seed, r) for r in range(self.definition.replicates)]

    def submission_order(self) -> list[RunSpec]:
        """Runs replicate by replicate (then scenario, then policy): an interruption leaves whole replicates."""
        return sorted(self.specs, key=lambda s: (s.replicate, s.run_id))

    def record(self) -> dict[str, Any]:
        """The definition as stored in the manifest: what a resume must match.

        Holds the definition, the full parameters of every scenario (so an edited scenario
        file is noticed) and the versions of :data:`RESULT_VERSIONS`.
        """
        return {
            "definition": self.definition.to_json(),
            "parameters": {name: p.model_dump(mode="json") for name, p in self.params.items()},
            "versions": {k: self.versions.get(k) for k in RESULT_VERSIONS},
        }

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`record` in canonical JSON; written into every run file."""
        return fingerprint(self.record())


def fingerprint(record: dict) -> str:
    """SHA-256 (hex) of a JSON-ready record in canonical form (sorted keys, no spaces)."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def package_versions() -> dict[str, str | None]:
    """Python and the versions of :data:`RECORDED_PACKAGES` (None when not installed)."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    for dist in RECORDED_PACKAGES:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def _policy_names() -> tuple[str, ...]:
    from sim.policies import POLICY_NAMES
    return tuple(POLICY_NAMES)


def parse_policies(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"none,stepped"`` (or a list) -> ``("none", "stepped")``; refuses unknown, empty or repeated names."""
    allowed = _policy_names()
    items = [p.strip() for p in text.split(",")] if isinstance(text, str) else [str(p).strip() for p in text]
    if not items or any(not p for p in items):
        raise ExperimentError(f"--policies = {text!r}: empty policy name (allowed: a comma-separated list of "
                              f"{', '.join(allowed)})")
    for p in items:
        if p not in allowed:
            import difflib
            close = difflib.get_close_matches(p, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ExperimentError(f"--policies: {p!r} is not a known policy (allowed: {', '.join(allowed)}{hint})")
    repeated = sorted({p for p in items if items.count(p) > 1})
    if repeated:
        raise ExperimentError(f"--policies = {text!r}: {', '.join(repeated)} given more than once "
                              f"(allowed: each policy at most once)")
    return tuple(items)


def define(scenarios: list[str] | tuple[str, ...], policies: str | list[str] | tuple[str, ...], replicates: int,
           years: float | None = None, root_seed: int = 0, overrides: dict[str, Any] | None = None) -> Experiment:
    """Validate an experiment and list its runs; raises :class:`ExperimentError` (or a
    :class:`~sim.scenario.ScenarioError` for a bad scenario or override) before anything runs.

    Args:
        scenarios: built-in scenario names or ``.toml`` paths (at least one, no repeats).
        policies: policy names, as a list or comma-separated text.
        replicates: replicates per scenario and policy, an integer >= 1.
        years: simulated years, > 0 and <= 100; ``None`` for each scenario's own.
        root_seed: root seed of the replicate seeds, an integer >= 0.
        overrides: parameter overrides for every scenario, e.g. ``{"n_clients": 200}`` or
            ``{"strain.recovery": 0.2}`` (validated against each scenario).
    """
    from sim.scenario import load_scenario, raw_scenario

    scenarios = tuple(str(s) for s in scenarios) or ("default",)
    repeated = sorted({s for s in scenarios if scenarios.count(s) > 1})
    if repeated:
        raise ExperimentError(f"SCENARIO: {', '.join(repeated)} given more than once (allowed: each scenario once)")
    policy_list = parse_policies(policies)
    if isinstance(replicates, bool) or not isinstance(replicates, (int, np.integer)) or replicates < 1:
        raise ExperimentError(f"--replicates = {replicates!r} not allowed (allowed: an integer >= 1)")
    if years is not None and (isinstance(years, bool) or not isinstance(years, (int, float)) or not 0 < years <= 100):
        raise ExperimentError(f"--years = {years!r} not allowed (allowed: a number of years > 0 and <= 100)")
    if isinstance(root_seed, bool) or not isinstance(root_seed, (int, np.integer)) or root_seed < 0:
        raise ExperimentError(f"--seed = {root_seed!r} not allowed (allowed: an integer >= 0)")
    overrides = {normalize_key(k): v for k, v in (overrides or {}).items()}
    params, origins = {}, {}
    for name in scenarios:
        params[name] = load_scenario(name, **overrides)
        origins[name] = raw_scenario(name)[1]
    definition = Definition(scenarios=scenarios, policies=policy_list, replicates=int(replicates),
                            years=None if years is None else float(years), root_seed=int(root_seed),
                            overrides=dict(sorted(overrides.items())))
    seeds = [replicate_seed(root_seed, r) for r in range(replicates)]
    specs = []
    n_p = len(policy_list)
    for i, name in enumerate(scenarios):
        data = params[name].model_dump(mode="json")
        run_years = float(years if years is not None else params[name].years)
        for j, policy in enumerate(policy_list):
            for r in range(replicates):
                specs.append(RunSpec(run_id=(i * n_p + j) * replicates + r, scenario=name, policy=policy,
                                     replicate=r, seed=seeds[r], years=run_years, params=data))
    return Experiment(definition=definition, params=params, origins=origins, specs=specs,
                      versions=package_versions())


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: data}


def record_differences(stored: dict, given: dict, limit: int = 8) -> list[str]:
    """How a stored experiment record (see :meth:`Experiment.record`) differs from a new one:
    one line per differing field, ``name: stored X, given Y`` (at most ``limit`` parameter lines per scenario)."""
    lines = []
    sd, gd = stored.get("definition", {}), given.get("definition", {})
    for key in sorted(set(sd) | set(gd)):
        if sd.get(key) != gd.get(key):
            lines.append(f"{key}: stored {sd.get(key)!r}, given {gd.get(key)!r}")
    sv, gv = stored.get("versions", {}), given.get("versions", {})
    for key in sorted(set(sv) | set(gv)):
        if sv.get(key) != gv.get(key):
            lines.append(f"version of {key}: stored {sv.get(key)!r}, installed {gv.get(key)!r}")
    sp, gp = stored.get("parameters", {}), given.get("parameters", {})
    for name in [n for n in gp if n in sp]:  # scenarios in both (a changed list is reported above)
        a, b = _flatten(sp[name]), _flatten(gp[name])
        diff = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        for k in diff[:limit]:
            lines.append(f"scenario {name!r} parameter {k}: stored {a.get(k)!r}, now {b.get(k)!r}")
        if len(diff) > limit:
            lines.append(f"scenario {name!r}: and {len(diff) - limit} more parameters")
    if not lines and stored != given:
        lines.append("the stored record differs in form (written by another version of experiments/?)")
    return lines
