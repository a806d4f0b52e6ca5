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

Design points. A sweep or a sensitivity analysis adds *design points*: each point is a
set of parameter values (dotted names, e.g. ``{"strain.recovery": 0.2}``) laid over every
scenario after the ``--set`` overrides. A comparison has one point, ``{}``. Every point of
replicate ``r`` runs with replicate ``r``'s seed, so points, like policies, are compared on
common random numbers.

Shards (national scale). A scenario with ``population.municipalities = M > 1`` is run as
``M`` independent models, one per municipality (:mod:`sim.municipalities`): a run then has
``M`` *tasks* (one :class:`RunSpec` each, with the same run id and shard 0 .. M-1), which
engines spread over workers. Municipality ``m`` of a run with seed ``s`` uses the seed
``shard_seed(s, m)``; the run's outcomes come from the sum of its shards' additive tallies
(:func:`sim.outcomes.outcomes_from_tallies`).

Run ids. ``run_id = ((scenario_index * n_points + point) * n_policies + policy_index) * n_replicates
+ replicate``: a dense integer (0 .. n_runs - 1) in the order scenarios, points and policies were
given. Tables are sorted by it. Tasks are *submitted* replicate by replicate (all scenarios,
points and policies of replicate 0 first), so an interrupted experiment holds complete replicates.

Vignettes. A scenario may be a teaching vignette (:mod:`sim.vignette`: a built-in vignette name such as
``de_wit``, or a vignette ``.toml`` file), in ``carenet compare`` only. Its parameters are its scenario part with
the ``--set`` overrides; its network tables (people, events, the seed's failures) are kept in the experiment (and
its record, so a resume notices an edited file) and go to the workers with each run, which build the network from
them. A vignette run is one model (never sharded: overriding the population's size or municipalities is refused)
and also records which of the seed's failures happened (:func:`sim.vignette.failures_happened`).

Units: ``years`` in simulated years (52 weeks each; the model rounds to whole weeks),
``seed`` a non-negative integer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from experiments.environment import package_versions
from experiments.files import plain
from sim.policies import POLICY_NAMES, check_policy
from sim.scenario import ScenarioError, check_seed, check_years, dotted_key, parameter_path

#: Version of the run-store layout written by :mod:`experiments.store` (3: task files keep the reach tallies and
#: the weekly sums, and the store writes series.parquet).
STORE_FORMAT = 3

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


@dataclass(frozen=True)
class RunSpec:
    """One task: a run, or one municipality (shard) of a run. What a worker needs, and nothing else.

    Attributes:
        run_id: dense integer id of the run, 0 .. n_runs - 1 (see the module docstring).
        scenario: the scenario as given (built-in name or ``.toml`` path).
        policy: the policy name.
        replicate: 0-based replicate number.
        seed: the seed of this replicate (shared by all policies, points and scenarios).
        years: simulated years (already resolved: the ``--years`` given or the scenario's).
        params: the validated scenario parameters with the ``--set`` overrides applied, as
            JSON-ready data (``ScenarioParams.model_dump(mode="json")``; one object shared by
            the tasks of a scenario), so a worker never re-reads a scenario file that may have
            changed since the experiment was defined.
        point: 0-based design point (0 in a comparison).
        changes: the design point's values and, for a shard, the municipality's size:
            ``((dotted name, value), ...)`` laid over ``params`` by :meth:`model_params`.
        shard: 0-based municipality of this task (0 when the run is not sharded).
        shards: municipalities (tasks) of the run (1 when it is not sharded).
        vignette: for a vignette, its network tables as read from its file
            (:func:`sim.vignette.vignette_tables`; one object shared by the runs of the vignette); None for a
            scenario.
    """

    run_id: int
    scenario: str
    policy: str
    replicate: int
    seed: int
    years: float
    params: dict = field(repr=False, compare=False)
    point: int = 0
    changes: tuple = field(default=(), repr=False)
    shard: int = 0
    shards: int = 1
    vignette: dict | None = field(default=None, repr=False, compare=False)

    @property
    def task(self) -> tuple[int, int]:
        """``(run_id, shard)``: the task's key in the store."""
        return (self.run_id, self.shard)

    @property
    def model_seed(self) -> int:
        """The seed the model of this task runs with: the replicate seed, or the municipality's
        seed derived from it (:func:`sim.municipalities.shard_seed`) when the run is sharded."""
        if self.shards == 1:
            return self.seed
        from sim.municipalities import shard_seed
        return shard_seed(self.seed, self.shard)

    def model_params(self):
        """The validated :class:`~sim.parameters.ScenarioParams` of this task (``params`` + ``changes``)."""
        from sim.scenario import deep_merge, overrides_to_tree, validate
        data = deep_merge(self.params, overrides_to_tree(dict(self.changes))) if self.changes else self.params
        label = f"scenario {self.scenario!r} (stored parameters" + (f", point {self.point}" if self.point else "") + ")"
        return validate(data, label)


@dataclass(frozen=True)
class Definition:
    """What an experiment is. Two runs of the same definition give the same tables.

    Attributes:
        scenarios: scenarios as given (built-in names or ``.toml`` paths), in order.
        policies: policy names, in order.
        replicates: replicates per scenario, point and policy (>= 1).
        years: simulated years, or ``None`` for each scenario's own ``years``.
        root_seed: the root of every replicate seed (>= 0).
        overrides: ``--set`` overrides applied to every scenario, dotted keys -> values.
        points: the design points (dotted keys -> values), ``({},)`` for a comparison.
        design: how the points were made (``{"kind": "compare"}``, or the sweep's or
            sensitivity analysis's settings); recorded, and part of what a resume must match.
    """

    scenarios: tuple[str, ...]
    policies: tuple[str, ...]
    replicates: int
    years: float | None
    root_seed: int
    overrides: dict[str, Any]
    points: tuple[dict[str, Any], ...] = ({},)
    design: dict[str, Any] = field(default_factory=lambda: {"kind": "compare"})

    @property
    def kind(self) -> str:
        """``compare``, ``sweep`` or ``sensitivity``."""
        return self.design.get("kind", "compare")

    def to_json(self) -> dict[str, Any]:
        return {"scenarios": list(self.scenarios), "policies": list(self.policies), "replicates": self.replicates,
                "years": self.years, "root_seed": self.root_seed, "overrides": dict(sorted(self.overrides.items())),
                "points": points_digest(self.points), "design": self.design}


@dataclass
class Experiment:
    """A validated experiment: its definition, the parameters of each scenario, its tasks.

    Attributes:
        definition: the :class:`Definition`.
        params: scenario (as given) -> validated ``ScenarioParams`` (overrides applied, no point).
        origins: scenario -> where it was read from (file path).
        specs: one :class:`RunSpec` per task (a run, or a municipality of a sharded run),
            sorted by ``(run_id, shard)``.
        versions: recorded package versions (``python`` and :data:`experiments.environment.RECORDED_PACKAGES`).
        vignettes: scenario -> the network tables of each scenario that is a vignette
            (:func:`sim.vignette.vignette_tables`).
    """

    definition: Definition
    params: dict[str, Any]
    origins: dict[str, str]
    specs: list[RunSpec]
    versions: dict[str, str | None]
    vignettes: dict[str, dict] = field(default_factory=dict)

    def failure_descriptions(self) -> dict[str, dict[str, str]]:
        """Vignette -> {failure name: description} of the seed's failures it declares (file order)."""
        return {name: {f["name"]: f["description"] for f in tables.get("failure", [])}
                for name, tables in self.vignettes.items()}

    def n_clients(self, scenario: str) -> int:
        """Clients of a scenario's runs: the vignette's named clients, or the scenario's population."""
        if scenario in self.vignettes:
            return len(self.vignettes[scenario].get("client", []))
        return int(self.params[scenario].population.n_clients)

    @property
    def seeds(self) -> list[int]:
        """The replicate seeds, by replicate."""
        return [replicate_seed(self.definition.root_seed, r) for r in range(self.definition.replicates)]

    @property
    def runs(self) -> list[RunSpec]:
        """One spec per run (its first task), sorted by run id."""
        return [s for s in self.specs if s.shard == 0]

    @property
    def n_runs(self) -> int:
        return len(self.runs)

    def tasks_of(self) -> dict[int, list[RunSpec]]:
        """Run id -> its tasks, by shard."""
        out: dict[int, list[RunSpec]] = {}
        for spec in self.specs:
            out.setdefault(spec.run_id, []).append(spec)
        return out

    def submission_order(self) -> list[RunSpec]:
        """Tasks replicate by replicate (then run id, then shard): an interruption leaves whole replicates."""
        return sorted(self.specs, key=lambda s: (s.replicate, s.run_id, s.shard))

    def record(self) -> dict[str, Any]:
        """The definition as stored in the manifest: what a resume must match.

        Holds the definition (with its design points), the full parameters of every scenario
        (so an edited scenario file is noticed), the network tables of every vignette (an experiment
        without vignettes has no such entry) and the versions of :data:`RESULT_VERSIONS`.
        """
        record = {
            "definition": self.definition.to_json(),
            "parameters": {name: p.model_dump(mode="json") for name, p in self.params.items()},
            "versions": {k: self.versions.get(k) for k in RESULT_VERSIONS},
        }
        if self.vignettes:
            record["vignettes"] = self.vignettes
        return record

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`record` in canonical JSON; written into every run file."""
        return fingerprint(self.record())


def points_digest(points) -> dict[str, Any]:
    """How the record holds design points: their number and the SHA-256 of their canonical JSON
    (the points themselves are columns of the experiments table)."""
    return {"count": len(points), "sha256": fingerprint([dict(sorted(p.items())) for p in points])}


def fingerprint(record) -> str:
    """SHA-256 (hex) of a JSON-ready record in canonical form (sorted keys, no spaces)."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def parse_policies(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"none,stepped"`` (or a list) -> ``("none", "stepped")``; refuses unknown, empty or repeated names."""
    allowed = POLICY_NAMES
    items = [p.strip() for p in text.split(",")] if isinstance(text, str) else [str(p).strip() for p in text]
    if not any(items):
        raise ExperimentError(f"--policies = {text!r}: no policy given (an unset shell variable?) (allowed: a "
                              f"comma-separated list of {', '.join(allowed)})")
    if any(not p for p in items):
        raise ExperimentError(f"--policies = {text!r}: empty policy name (allowed: a comma-separated list of "
                              f"{', '.join(allowed)})")
    for p in items:
        try:
            check_policy(p, "--policies:")
        except ScenarioError as exc:
            raise ExperimentError(str(exc)) from None
    repeated = sorted({p for p in items if items.count(p) > 1})
    if repeated:
        raise ExperimentError(f"--policies = {text!r}: {', '.join(repeated)} given more than once "
                              f"(allowed: each policy at most once)")
    return tuple(items)


def check_points(points, params: dict[str, Any], describe: Callable[[int], str] | None = None) -> tuple[dict, ...]:
    """Validate every design point against every scenario's parameters; returns the points as plain data.

    Raises :class:`ExperimentError` naming the point, the parameter, the value and what is allowed
    for the first point that does not validate (``describe(i)`` names point ``i`` in the message).
    """
    from sim.scenario import check_key, deep_merge, overrides_to_tree, parameter_path, validate

    checked = tuple({parameter_path(k): plain(v) for k, v in dict(p).items()} for p in points)
    if not checked:
        raise ExperimentError("the design has no points (allowed: at least one)")
    for key in sorted({k for p in checked for k in p}):
        try:
            check_key(key, "design parameter")
        except ScenarioError as exc:
            raise ExperimentError(str(exc)) from None
    if len(checked) == 1 and not checked[0]:
        return checked
    for name, scenario_params in params.items():
        base = scenario_params.model_dump(mode="json")
        for i, point in enumerate(checked):
            label = describe(i) if describe else f"design point {i}"
            try:
                validate(deep_merge(base, overrides_to_tree(point)), f"scenario {name!r}, {label} {point}")
            except ScenarioError as exc:
                raise ExperimentError(str(exc)) from None
    return checked


def define(scenarios: list[str] | tuple[str, ...], policies: str | list[str] | tuple[str, ...], replicates: int,
           years: float | None = None, root_seed: int = 0, overrides: dict[str, Any] | None = None,
           points: list[dict] | tuple[dict, ...] | None = None, design: dict[str, Any] | None = None,
           describe: Callable[[int], str] | None = None) -> Experiment:
    """Validate an experiment and list its tasks; raises :class:`ExperimentError` (or a
    :class:`~sim.scenario.ScenarioError` for a bad scenario or override) before anything runs.

    Args:
        scenarios: built-in scenario names or ``.toml`` paths (at least one, no repeats).
        policies: policy names, as a list or comma-separated text.
        replicates: replicates per scenario, point and policy, an integer >= 1.
        years: simulated years, > 0 and <= 100; ``None`` for each scenario's own.
        root_seed: root seed of the replicate seeds, an integer >= 0.
        overrides: parameter overrides for every scenario, e.g. ``{"n_clients": 200}`` or
            ``{"strain.recovery": 0.2}`` (validated against each scenario).
        points: design points (dotted parameter names -> values), each validated against every
            scenario; default one empty point (a comparison).
        design: how the points were made (recorded in the manifest; default ``{"kind": "compare"}``).
        describe: names design point ``i`` in error messages (e.g. its grid values).
    """
    from sim.scenario import load_scenario, raw_scenario

    scenarios = tuple(str(s) for s in scenarios) or ("default",)
    repeated = sorted({s for s in scenarios if scenarios.count(s) > 1})
    if repeated:
        raise ExperimentError(f"SCENARIO: {', '.join(repeated)} given more than once (allowed: each scenario once)")
    policy_list = parse_policies(policies)
    if isinstance(replicates, bool) or not isinstance(replicates, (int, np.integer)) or replicates < 1:
        raise ExperimentError(f"--replicates = {replicates!r} not allowed (allowed: an integer >= 1)")
    check_years(years, "--years", ExperimentError)
    root_seed = check_seed(root_seed, "--seed", ExperimentError)
    overrides = {dotted_key(k): v for k, v in (overrides or {}).items()}
    kind = dict(design or {}).get("kind", "compare")
    params, origins, vignettes = {}, {}, {}
    for name in scenarios:
        if _is_vignette(name, kind, overrides):
            params[name], origins[name], vignettes[name] = _vignette(name, overrides, years)
        else:
            params[name] = load_scenario(name, **overrides)
            origins[name] = raw_scenario(name)[1]
    point_list = check_points(points if points is not None else ({},), params, describe)
    point_keys = {k for p in point_list for k in p}
    shard_keys = set(SHARD_KEYS) & point_keys
    definition = Definition(scenarios=scenarios, policies=policy_list, replicates=int(replicates),
                            years=None if years is None else float(years), root_seed=int(root_seed),
                            overrides=dict(sorted(overrides.items())), points=point_list,
                            design=dict(design or {"kind": "compare"}))
    seeds = [replicate_seed(root_seed, r) for r in range(replicates)]
    specs = []
    n_pt, n_p = len(point_list), len(policy_list)
    for i, name in enumerate(scenarios):
        data = params[name].model_dump(mode="json")
        run_years = float(years if years is not None else params[name].years)
        for k, point in enumerate(point_list):
            sizes = _municipality_sizes(params[name], point if shard_keys else {})
            base_changes = tuple(sorted(point.items()))
            for j, policy in enumerate(policy_list):
                for r in range(replicates):
                    run_id = ((i * n_pt + k) * n_p + j) * replicates + r
                    for m, size in enumerate(sizes):
                        changes = base_changes
                        if len(sizes) > 1:
                            changes = tuple(sorted({**point, "population.n_clients": int(size),
                                                    "population.municipalities": 1}.items()))
                        specs.append(RunSpec(run_id=run_id, scenario=name, policy=policy, replicate=r,
                                             seed=seeds[r], years=run_years, params=data, point=k,
                                             changes=changes, shard=m, shards=len(sizes),
                                             vignette=vignettes.get(name)))
    specs.sort(key=lambda s: (s.run_id, s.shard))
    return Experiment(definition=definition, params=params, origins=origins, specs=specs,
                      versions=package_versions(), vignettes=vignettes)


#: Parameters that set a scenario's population size and municipalities (how a run is sharded); a vignette's
#: population is its named people.
SHARD_KEYS = ("n_clients", "population.n_clients", "population.municipalities", "population.municipality_size_spread")


def _is_vignette(name: str, kind: str, overrides: dict[str, Any]) -> bool:
    """Whether the scenario ``name`` is a teaching vignette (in a comparison) or a scenario; refuses a name that is
    neither, a vignette outside ``carenet compare``, and an override of a vignette's population."""
    from pathlib import Path

    from sim.scenario import builtin_scenarios
    from sim.vignette import is_vignette, vignette_names
    unknown = name not in builtin_scenarios() and name not in vignette_names()
    if unknown and name.strip() and not name.endswith(".toml") and not Path(name).exists():
        from sim.scenario import did_you_mean
        known = [*builtin_scenarios(), *vignette_names()]
        raise ExperimentError(f"SCENARIO = {name!r}: not a built-in scenario, a vignette or a .toml file (allowed: "
                              f"the scenarios {', '.join(builtin_scenarios())}; the vignettes "
                              f"{', '.join(vignette_names())}{did_you_mean(name, known)})")
    if not is_vignette(name):
        return False
    if kind != "compare":
        raise ExperimentError(f"SCENARIO = {name!r}: a teaching vignette, which carenet {kind} does not run "
                              "(allowed: a scenario; compare a vignette's policies with `carenet compare "
                              f"{name}`)")
    population = [k for k in overrides if parameter_path(k) in SHARD_KEYS]
    if population:
        raise ExperimentError(f"--set {population[0]}={overrides[population[0]]!r}: not allowed with the vignette "
                              f"{name!r}, whose clients, carers and professionals are the file's named people "
                              "(allowed: other parameters)")
    return True


def _vignette(name: str, overrides: dict[str, Any], years: float | None) -> tuple[Any, str, dict]:
    """A vignette's validated parameters (with the overrides), its file and its network tables; refuses a file
    that does not validate (with the overrides) and ``years`` too short for its events."""
    from sim.vignette import load_vignette, vignette_tables
    from sim.vignette.model import check_vignette_years
    vignette = load_vignette(name, overrides)
    check_vignette_years(vignette, years)
    return vignette.params, str(vignette.path), vignette_tables(name)


def _municipality_sizes(params, point: dict[str, Any]) -> list[int]:
    """Clients per municipality of a scenario (with a design point's values): ``[n_clients]`` for one."""
    from sim.scenario import deep_merge, overrides_to_tree, validate
    if point:
        params = validate(deep_merge(params.model_dump(mode="json"), overrides_to_tree(point)))
    population = params.population
    if getattr(population, "municipalities", 1) <= 1:
        return [int(population.n_clients)]
    from sim.municipalities import municipality_sizes
    return [int(x) for x in municipality_sizes(population.n_clients, population.municipalities,
                                               population.municipality_size_spread)]


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
        a, b = sd.get(key), gd.get(key)
        if a == b:
            continue
        if key == "points" and isinstance(a, dict) and isinstance(b, dict):
            lines.append(f"design points: stored {a.get('count')} (sha256 {str(a.get('sha256'))[:12]}...), "
                         f"given {b.get('count')} (sha256 {str(b.get('sha256'))[:12]}...)")
        else:
            lines.append(f"{key}: stored {a!r}, given {b!r}")
    sv, gv = stored.get("versions", {}), given.get("versions", {})
    for key in sorted(set(sv) | set(gv)):
        if sv.get(key) != gv.get(key):
            lines.append(f"version of {key}: stored {sv.get(key)!r}, installed {gv.get(key)!r}")
    sn, gn = stored.get("vignettes", {}), given.get("vignettes", {})
    for name in [n for n in gn if n in sn]:  # vignettes in both: which of their tables differ
        for table in sorted(set(sn[name]) | set(gn[name])):
            if sn[name].get(table) != gn[name].get(table):
                lines.append(f"vignette {name!r} [{table}] tables: the stored ones differ from the file's now")
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
