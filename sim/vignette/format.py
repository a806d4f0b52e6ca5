"""The vignette file format: finding, reading and checking a vignette TOML file.

:func:`read_vignette` turns a file into a :class:`VignetteFile`: the scenario part validated as a scenario file
(:mod:`sim.scenario`), and the ``[vignette]``, ``[[client]]``, ``[[carer]]``, ``[[professional]]``,
``[[organisation]]``, ``[[event]]`` and ``[[failure]]`` tables checked, with every reference by name resolved to an
index in file order. Mistakes are collected per step and refused together with a :class:`VignetteError` naming the
file, the field (dotted, e.g. ``client[0].need.nursing``), the value and what is allowed. Nothing here builds a
network (:mod:`sim.vignette.build`), runs a model (:mod:`sim.vignette.model`) or reads a run's failures
(:mod:`sim.vignette.failures`).

:func:`check_vignette` checks the network tables against scenario parameters already validated, without reading a
file: what an ensemble's worker does with the tables and parameters it was given (:func:`vignette_tables`).

Units: hours are hours/week (need, arranged care, a carer's hours, a professional's capacity); weeks are model
weeks from 0 (events, ``involved_until``, admission lengths, a failure's ``weeks``; a failure's ``after`` counts
weeks from its ``given`` moment); ``years`` is the run length.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim import vocabulary as V
from sim.observe import CARER_ACTOR_EVENTS, CARER_TARGET_EVENTS, DETAIL_NAMES, ROLE_NAMES
from sim.parameters import ScenarioParams
from sim.scenario import (META_KEYS, SCENARIO_DIR, ScenarioError, builtin_scenarios, deep_merge, did_you_mean,
                          merge_base, overrides_to_tree, read_toml, validate, weeks_of)

#: Where the built-in vignettes live.
VIGNETTE_DIR = SCENARIO_DIR / "vignettes"

#: Top-level keys of a vignette file that describe the network (everything else is the scenario).
VIGNETTE_KEYS = ("vignette", "client", "carer", "professional", "organisation", "event", "failure")

#: The fields each kind of entry may have (types and which are required are checked in :func:`read_vignette`).
CLIENT_FIELDS = ("name", "age", "profile", "about", "need", "law", "arranged", "able", "wishes", "digital", "consent",
                 "plan", "regiebehandelaar", "proxy", "usual_care_waived", "involved_until")
CARER_FIELDS = ("name", "relation", "cares_for", "hours", "digital", "strain", "primary", "age", "about", "lives_with")

#: Relations that live with the client unless the file says otherwise (``lives_with``): 'gebruikelijke zorg' is
#: expected of them.
HOUSEHOLD_RELATIONS = ("partner", "mother", "father", "parent")
PROFESSIONAL_FIELDS = ("name", "role", "organisation", "clients", "knows", "involves_carer", "on_plan", "capacity",
                       "boundary_work", "contracted", "about")
ORGANISATION_FIELDS = ("name", "linked", "about")
#: ``notice`` and ``try`` are the lesson (the dashboard's lesson panel): things to notice, things to try.
VIGNETTE_FIELDS = ("title", "story", "sources", "constructed", "notice", "try")

#: Event kinds and their fields (beyond ``week``, ``kind`` and ``note``): required, optional.
EVENT_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "admission": (("client", "weeks", "acute"), ("to",)),
    "referral": (("client",), ("role", "to")),
    "carer_dropout": (("carer",), ()),
    "professional_leaving": (("professional",), ()),
    "need": (("client", "domain", "hours"), ()),
    "contact": (("client", "to"), ()),
}
EVENT_COMMON = ("week", "kind", "note")

#: The fields of a ``[[failure]]`` (one of the seed case's failures): ``name`` and ``description`` are required,
#: and ``happens`` or ``missing`` (or both); ``given`` is optional.
FAILURE_FIELDS = ("name", "description", "given", "happens", "missing")
#: The fields of a selection of event-log rows (a failure's ``given``, and each of its ``happens`` and ``missing``):
#: ``event`` is required; every other field narrows the rows (see :mod:`sim.vignette.failures`).
SELECTION_FIELDS = ("event", "client", "actor", "target", "between", "role", "detail", "channel", "transition",
                    "weeks", "after")
#: What a failure's name may look like: it names a row of the ensemble's tables.
FAILURE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

#: Roles whose involvement has an end week (``involved_until``), and the network array that holds it.
INVOLVED_ROLES = {"specialist": "specialist_until", "physiotherapist": "physio_until"}


class VignetteError(ScenarioError):
    """A vignette file that cannot be used; the message names the file, the field, the value and what is allowed."""


@dataclass
class VignetteFile:
    """A checked vignette file, as plain data; people are referred to by index (file order, -1: nobody).

    Attributes:
        names: ``{"client": {index: name}, "carer": ..., "post": ..., "organisation": ...}``.
        clients, carers, professionals, organisations, events: the checked entries (dicts).
        failures: the checked ``[[failure]]`` entries: ``name``, ``description``, and the selections ``given``
            (one or None), ``happens`` and ``missing`` (lists), people and labels as codes
            (:mod:`sim.vignette.failures` reads them).
        n_weeks: weeks of the run at the scenario's ``years``.
        member: client x role -> the professional of that role in the client's network (-1: none).
        primary: client -> the primary carer (-1: none).
        schedule_args: per event, the keyword arguments of its :class:`~sim.schedule.ScheduledEvent`.
    """

    name: str
    path: Path
    title: str
    story: str
    sources: list[str]
    constructed: bool
    notice: list[str]
    try_this: list[str]
    params: ScenarioParams
    scenario_sources: dict[str, str]
    names: dict[str, dict[int, str]]
    clients: list[dict]
    carers: list[dict]
    professionals: list[dict]
    organisations: list[dict]
    events: list[dict]
    failures: list[dict]
    n_weeks: int
    member: np.ndarray
    primary: np.ndarray
    schedule_args: list[dict]


# --------------------------------------------------------------------------- finding a vignette

def vignette_names() -> list[str]:
    """Names of the built-in vignettes (files in ``scenarios/vignettes/``)."""
    return sorted(p.stem for p in VIGNETTE_DIR.glob("*.toml"))


def is_vignette(name_or_path: str | Path) -> bool:
    """Whether ``name_or_path`` names a teaching vignette rather than a scenario: a built-in vignette name that is not
    also a built-in scenario's, or a ``.toml`` file with a vignette table (:data:`VIGNETTE_KEYS`)."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        return str(name_or_path) in vignette_names() and str(name_or_path) not in builtin_scenarios()
    try:
        return path.is_file() and bool(set(VIGNETTE_KEYS) & set(read_toml(path, VignetteError, "vignette")))
    except ScenarioError:  # not readable: the scenario reader says why
        return False


def vignette_path(name_or_path: str | Path) -> Path:
    """The file of a built-in vignette name, or the given ``.toml`` path."""
    path = Path(name_or_path)
    if path.suffix == ".toml":
        if not path.is_file():
            raise VignetteError(f"{path}: no such vignette file (built-in vignettes: {', '.join(vignette_names())})")
        return path
    names = vignette_names()
    if str(name_or_path) not in names:
        raise VignetteError(f"vignette {str(name_or_path)!r} is not a built-in vignette or a .toml file "
                            f"(allowed: {', '.join(names)}{did_you_mean(str(name_or_path), names)})")
    return VIGNETTE_DIR / f"{name_or_path}.toml"


# --------------------------------------------------------------------------- collecting problems

class _Problems:
    """Collects validation problems; raises them all at once."""

    def __init__(self, origin: str):
        self.origin = origin
        self.lines: list[str] = []

    def add(self, where: str, value: Any, why: str, allowed: str) -> None:
        shown = "" if isinstance(value, _Missing) else f" = {value!r}"
        self.lines.append(f"  field `{where}`{shown}: {why} (allowed: {allowed})")

    def raise_if_any(self) -> None:
        if self.lines:
            raise VignetteError(f"{self.origin}: invalid vignette\n" + "\n".join(self.lines))


class _Missing:
    pass


MISSING = _Missing()


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _Entry:
    """Typed access to one table of a vignette file, reporting problems with their dotted place."""

    def __init__(self, table: Any, where: str, allowed: tuple[str, ...], problems: _Problems):
        self.where, self.problems = where, problems
        self.table = table if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            problems.add(where, table, "must be a table", f"a table with fields {', '.join(allowed)}")
        for key in self.table:
            if key not in allowed:
                problems.add(f"{where}.{key}", self.table[key], "unknown field",
                             f"{', '.join(allowed)}{did_you_mean(key, allowed)}")

    def get(self, key: str, kind: str, required: bool = False, default: Any = None, lo: float | None = None,
            hi: float | None = None, choices=None) -> Any:
        where = f"{self.where}.{key}"
        if key not in self.table:
            if required:
                self.problems.add(where, MISSING, "missing", self._describe(kind, lo, hi, choices))
            return default
        value = self.table[key]
        ok = {"str": isinstance(value, str), "bool": isinstance(value, bool),
              "int": isinstance(value, int) and not isinstance(value, bool), "number": _is_number(value),
              "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
              "table": isinstance(value, dict)}[kind]
        if ok and kind in ("int", "number") and ((lo is not None and value < lo) or (hi is not None and value > hi)):
            ok = False
        if ok and choices is not None and value not in choices:
            self.problems.add(where, value, "not a known value",
                              f"{', '.join(map(str, choices))}{did_you_mean(value, choices)}")
            return default
        if not ok:
            self.problems.add(where, value, "wrong type or out of range", self._describe(kind, lo, hi, choices))
            return default
        return value

    @staticmethod
    def _describe(kind: str, lo, hi, choices) -> str:
        if choices is not None:
            return ", ".join(map(str, choices))
        text = {"str": "text", "bool": "true or false", "int": "a whole number", "number": "a number",
                "list": "a list of texts (strings)", "table": "a table"}[kind]
        if lo is not None and hi is not None:
            text += f" from {lo:g} to {hi:g}"
        elif lo is not None:
            text += f" >= {lo:g}"
        return text


class _Check:
    """One file being checked: its problems and the names of its people, to resolve references by name."""

    def __init__(self, problems: _Problems, client: list[str], carer: list[str], professional: list[str]):
        self.problems = problems
        self.names = {"client": client, "carer": carer, "professional": professional}

    def person(self, value: Any, where: str, kind: str) -> int:
        """The index of the ``kind`` (client, carer, professional) named ``value``; -1 (and a problem) if none."""
        names = self.names[kind]
        if isinstance(value, str) and value in names:
            return names.index(value)
        if not isinstance(value, _Missing):
            allowed = ", ".join(names) if names else f"none: the vignette has no {kind}"
            self.problems.add(where, value, f"no such {kind}", allowed + did_you_mean(value, names))
        return -1


# --------------------------------------------------------------------------- reading the file

def read_vignette(name_or_path: str | Path, overrides: dict[str, Any] | None = None) -> VignetteFile:
    """Read and check a vignette file (built-in name or ``.toml`` path). Raises :class:`VignetteError`.

    ``overrides`` (dotted parameter names -> values, as ``--set``) are laid over the file's scenario part before it
    is validated. Checked in steps, each refusing all its problems at once: the top-level keys; the scenario part;
    then the network tables (:func:`check_vignette`)."""
    path = vignette_path(name_or_path)
    raw = read_toml(path, VignetteError, "vignette")
    problems = _Problems(str(path))
    _check_top_keys(raw, problems)
    problems.raise_if_any()
    params, sources = _scenario_part({k: v for k, v in raw.items() if k not in VIGNETTE_KEYS}, path, overrides)
    return check_vignette({k: v for k, v in raw.items() if k in VIGNETTE_KEYS}, params, path, sources)


def vignette_tables(name_or_path: str | Path) -> dict[str, Any]:
    """The network tables of a vignette file as read (the keys of :data:`VIGNETTE_KEYS` it has; plain TOML data),
    for :func:`check_vignette` elsewhere (an ensemble keeps them with its runs, so its workers never re-read a file
    that may have changed)."""
    raw = read_toml(vignette_path(name_or_path), VignetteError, "vignette")
    return {k: v for k, v in raw.items() if k in VIGNETTE_KEYS}


def check_vignette(tables: dict[str, Any], params: ScenarioParams, path: str | Path,
                   scenario_sources: dict[str, str] | None = None) -> VignetteFile:
    """Check a vignette's network tables (:func:`vignette_tables`) against validated scenario parameters: the
    tables' shapes; the names; the entries; the relations between people; the events; the failures. ``path`` names
    the file in messages. Raises :class:`VignetteError`."""
    path = Path(path)
    raw = tables
    problems = _Problems(str(path))
    n_weeks = weeks_of(params.years)

    head = _Entry(raw.get("vignette", {}), "vignette", VIGNETTE_FIELDS, problems)
    title = head.get("title", "str", required=True, default=path.stem)
    story = head.get("story", "str", default="")
    vsources = head.get("sources", "list", default=[])
    constructed = head.get("constructed", "bool", default=False)
    notice = head.get("notice", "list", default=[])
    try_this = head.get("try", "list", default=[])

    clients_raw = _list_of_tables(raw, "client", problems, required=True)
    carers_raw = _list_of_tables(raw, "carer", problems, required=False)
    pros_raw = _list_of_tables(raw, "professional", problems, required=True)
    orgs_raw = _list_of_tables(raw, "organisation", problems, required=False)
    events_raw = _list_of_tables(raw, "event", problems, required=False)
    failures_raw = _list_of_tables(raw, "failure", problems, required=False)
    problems.raise_if_any()

    ck = _Check(problems, _names(clients_raw, "client", "client", problems),
                _names(carers_raw, "carer", "carer", problems),
                _names(pros_raw, "professional", "professional", problems))
    problems.raise_if_any()

    pros, org_names = _check_professionals(pros_raw, params, ck)
    orgs = _check_organisations(orgs_raw, org_names, problems)
    carers = _check_carers(carers_raw, ck)
    clients = _check_clients(clients_raw, params, ck)
    problems.raise_if_any()

    member = _members(pros, len(clients), ck)
    primary = _primary_carers(carers, len(clients), ck)
    _check_client_relations(clients, pros, member, primary, ck)
    problems.raise_if_any()

    events, schedule_args = _check_events(events_raw, pros, member, params, n_weeks, ck)
    problems.raise_if_any()

    failures = _check_failures(failures_raw, n_weeks, ck)
    problems.raise_if_any()

    names = {"client": dict(enumerate(ck.names["client"])), "carer": dict(enumerate(ck.names["carer"])),
             "post": dict(enumerate(ck.names["professional"])), "organisation": dict(enumerate(org_names))}
    return VignetteFile(name=path.stem, path=path, title=title, story=story, sources=vsources,
                        constructed=constructed, notice=notice, try_this=try_this, params=params,
                        scenario_sources=dict(scenario_sources or {}), names=names, clients=clients, carers=carers,
                        professionals=pros, organisations=orgs, events=events, failures=failures, n_weeks=n_weeks,
                        member=member, primary=primary, schedule_args=schedule_args)


def _check_top_keys(raw: dict, problems: _Problems) -> None:
    """Every top-level key is a vignette table, a scenario meta key or a scenario section."""
    known_top = set(VIGNETTE_KEYS) | set(META_KEYS) | set(ScenarioParams.model_fields)
    for key in raw:
        if key not in known_top:
            problems.add(key, raw[key] if not isinstance(raw[key], (dict, list)) else MISSING, "unknown key",
                         f"the vignette tables {', '.join(VIGNETTE_KEYS)} or scenario fields "
                         f"{', '.join(ScenarioParams.model_fields)}{did_you_mean(key, known_top)}")


#: Scenario fields a vignette has unless its file sets them: the story's people stay (no one dies, moves into an
#: institution or is replaced) and the story starts at week 0 (no warm-up).
VIGNETTE_SCENARIO = {"warmup_years": 0.0, "flows": {"open": False}}


def _scenario_part(raw: dict, path: Path, overrides: dict[str, Any] | None = None) -> tuple[ScenarioParams,
                                                                                           dict[str, str]]:
    """Validate the scenario keys of a vignette file exactly as a scenario file (base chain, [provenance]), with
    ``overrides`` (dotted names -> values) laid over them as :func:`sim.scenario.load_scenario` does."""
    merged, origin, sources = merge_base(copy.deepcopy(raw), path, (path.stem,))
    # the story's people stay: a closed population and no warm-up, unless the file says otherwise
    merged = deep_merge(VIGNETTE_SCENARIO, merged)
    if overrides:
        merged = deep_merge(merged, overrides_to_tree(overrides))
        origin += " (with overrides)"
    return validate(merged, origin), sources


def _names(entries: list[dict], kind: str, where: str, problems: _Problems) -> list[str]:
    """The entries' names (unique, non-empty) in file order."""
    names = []
    for i, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.add(f"{where}[{i}].name", name if name is not None else MISSING, f"every {kind} needs a name",
                         "non-empty text")
            name = f"<{kind} {i}>"
        elif name in names:
            problems.add(f"{where}[{i}].name", name, f"two {kind}s with the same name",
                         f"a name no other {kind} has")
        names.append(name)
    return names


def _list_of_tables(raw: dict, key: str, problems: _Problems, required: bool) -> list:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.add(key, value, "must be an array of tables", f"[[{key}]] entries")
        return []
    if required and not value:
        problems.add(key, MISSING, f"a vignette needs at least one [[{key}]]", f"one or more [[{key}]] entries")
    return value


# --------------------------------------------------------------------------- the entries

def _check_professionals(pros_raw: list[dict], params: ScenarioParams, ck: _Check) -> tuple[list[dict], list[str]]:
    """The ``[[professional]]`` entries (capacity in hours/week), and the organisation names in order of mention."""
    roles = params.workforce.roles
    pro_names = ck.names["professional"]
    pros = []
    org_names: list[str] = []
    for i, entry in enumerate(pros_raw):
        e = _Entry(entry, f"professional[{i}]", PROFESSIONAL_FIELDS, ck.problems)
        role = e.get("role", "str", required=True, default="gp", choices=V.ROLES)
        org = e.get("organisation", "str", required=True, default=f"<organisation of {pro_names[i]}>")
        rp = getattr(roles, role)
        pro = {
            "name": pro_names[i], "role": role, "organisation": org, "law": V.LAWS[V.ROLE_LAW[V.ROLES.index(role)]],
            "clients": [ck.person(c, f"professional[{i}].clients", "client")
                        for c in e.get("clients", "list", default=[])],
            "knows": [ck.person(k, f"professional[{i}].knows", "professional")
                      for k in e.get("knows", "list", default=[])],
            "involves_carer": e.get("involves_carer", "bool", default=False),
            "on_plan": e.get("on_plan", "bool", default=False),
            "capacity": e.get("capacity", "number", default=rp.capacity_hours, lo=0, hi=60),
            "boundary_work": e.get("boundary_work", "number", default=rp.boundary_work, lo=0, hi=1),
            "contracted": e.get("contracted", "bool", default=True),
            "about": e.get("about", "str", default=""),
        }
        if org not in org_names:
            org_names.append(org)
        pros.append(pro)
    return pros, org_names


def _check_organisations(orgs_raw: list[dict], org_names: list[str], problems: _Problems) -> list[dict]:
    """One organisation per name the professionals mention; ``[[organisation]]`` entries add links and text."""
    orgs = [{"name": n, "linked": [], "about": ""} for n in org_names]
    for i, entry in enumerate(orgs_raw):
        e = _Entry(entry, f"organisation[{i}]", ORGANISATION_FIELDS, problems)
        name = e.get("name", "str", required=True)
        if name is None:
            continue
        if name not in org_names:
            problems.add(f"organisation[{i}].name", name, "no professional works for this organisation",
                         f"{', '.join(org_names)}{did_you_mean(name, org_names)}")
            continue
        org = orgs[org_names.index(name)]
        org["about"] = e.get("about", "str", default="")
        for other in e.get("linked", "list", default=[]):
            if other in org_names:
                org["linked"].append(org_names.index(other))
            else:
                problems.add(f"organisation[{i}].linked", other, "no such organisation",
                             f"{', '.join(org_names)}{did_you_mean(other, org_names)}")
    return orgs


def _check_carers(carers_raw: list[dict], ck: _Check) -> list[dict]:
    """The ``[[carer]]`` entries (hours in hours/week)."""
    carers = []
    for i, entry in enumerate(carers_raw):
        e = _Entry(entry, f"carer[{i}]", CARER_FIELDS, ck.problems)
        relation = e.get("relation", "str", required=True, default="")
        carers.append({
            "name": ck.names["carer"][i],
            "relation": relation,
            "lives_with": e.get("lives_with", "bool", default=relation in HOUSEHOLD_RELATIONS),
            "cares_for": ck.person(e.get("cares_for", "str", required=True, default=MISSING), f"carer[{i}].cares_for",
                                   "client"),
            "hours": e.get("hours", "number", required=True, default=0.0, lo=0, hi=168),
            "digital": e.get("digital", "bool", required=True, default=False),
            "strain": e.get("strain", "number", default=0.0, lo=0, hi=1000),
            "primary": e.get("primary", "bool", default=None),
            "age": e.get("age", "int", lo=0, hi=120),
            "about": e.get("about", "str", default=""),
        })
    return carers


def _check_clients(clients_raw: list[dict], params: ScenarioParams, ck: _Check) -> list[dict]:
    """The ``[[client]]`` entries: need and arranged care in hours/week per domain, the law per domain."""
    problems = ck.problems
    clients = []
    profiles = dict(params.population.profiles.items())
    for i, entry in enumerate(clients_raw):
        e = _Entry(entry, f"client[{i}]", CLIENT_FIELDS, problems)
        where = f"client[{i}]"
        profile = e.get("profile", "str", required=True, default=V.PROFILES[0], choices=V.PROFILES)
        need = np.zeros(len(V.DOMAINS))
        for d, hours in _domain_hours(e.get("need", "table", required=True, default={}), f"{where}.need", problems,
                                      suggest=True).items():
            need[d] = hours
        law = _client_laws(e.get("law", "table", default={}), where, profiles[profile], problems)
        arranged = _domain_hours(e.get("arranged", "table", default={}), f"{where}.arranged", problems,
                                 suggest=False)
        involved = _involved_until(e.get("involved_until", "table", default={}), where, problems)
        clients.append({
            "name": ck.names["client"][i], "age": e.get("age", "int", lo=0, hi=120), "profile": profile,
            "about": e.get("about", "str", default=""), "need": need, "law": law, "arranged": arranged,
            "able": e.get("able", "bool", required=True, default=True),
            "wishes": e.get("wishes", "bool", required=True, default=True),
            "digital": e.get("digital", "bool", required=True, default=False),
            "consent": e.get("consent", "bool", required=True, default=True),
            "plan": e.get("plan", "bool", default=False),
            "regiebehandelaar": e.get("regiebehandelaar", "str", default=None),
            "proxy": e.get("proxy", "bool", default=False),
            "usual_care_waived": e.get("usual_care_waived", "bool", default=False),
            "involved_until": involved,
        })
    return clients


def _domain_hours(table: dict, where: str, problems: _Problems, suggest: bool) -> dict[int, float]:
    """Domain index -> hours/week (0 to 80) from a ``{domain = hours}`` table; ``suggest``: an unknown domain's
    problem says which domain was probably meant."""
    hours_by_domain = {}
    for d, hours in table.items():
        if d not in V.DOMAINS:
            hint = did_you_mean(d, V.DOMAINS) if suggest else ""
            problems.add(f"{where}.{d}", hours, "unknown need domain", f"{', '.join(V.DOMAINS)}{hint}")
        elif not _is_number(hours) or not 0 <= hours <= 80:
            problems.add(f"{where}.{d}", hours, "not a number of hours", "0 to 80 in hours/week")
        else:
            hours_by_domain[V.DOMAINS.index(d)] = float(hours)
    return hours_by_domain


def _client_laws(table: dict, where: str, profile, problems: _Problems) -> list[int]:
    """The law (index into ``V.LAWS``) each domain is arranged under: the profile's, unless the file says."""
    law = [V.ZVW, V.LAWS.index(profile.nursing_law), V.LAWS.index(profile.support_law),
           V.LAWS.index(profile.mental_law), V.JEUGDWET]
    for d, name in table.items():
        if d not in V.DOMAINS:
            problems.add(f"{where}.law.{d}", name, "unknown need domain", ", ".join(V.DOMAINS))
        elif name not in V.DOMAIN_LAWS[d]:
            problems.add(f"{where}.law.{d}", name, f"not a law the {d} domain is arranged under",
                         ", ".join(V.DOMAIN_LAWS[d]))
        else:
            law[V.DOMAINS.index(d)] = V.LAWS.index(name)
    return law


def _involved_until(table: dict, where: str, problems: _Problems) -> dict[str, int]:
    """Role -> the week its involvement ends (``INVOLVED_ROLES`` only)."""
    involved = {}
    for r, week in table.items():
        if r not in INVOLVED_ROLES:
            problems.add(f"{where}.involved_until.{r}", week, "no involvement end for this role",
                         ", ".join(INVOLVED_ROLES))
        elif not isinstance(week, int) or isinstance(week, bool) or week < 0:
            problems.add(f"{where}.involved_until.{r}", week, "not a week", "a whole number of weeks >= 0")
        else:
            involved[r] = week
    return involved


# --------------------------------------------------------------------------- relations that need all people known

def _members(pros: list[dict], n_clients: int, ck: _Check) -> np.ndarray:
    """Client x role -> the professional of that role in the client's network (-1: none); one per role."""
    client_names, pro_names = ck.names["client"], ck.names["professional"]
    member = np.full((n_clients, len(V.ROLES)), -1, np.int32)
    for p, pro in enumerate(pros):
        r = V.ROLES.index(pro["role"])
        for c in pro["clients"]:
            if c < 0:
                continue
            if member[c, r] >= 0:
                ck.problems.add(f"professional[{p}].clients", client_names[c],
                                f"{client_names[c]} already has a {pro['role']} ({pro_names[member[c, r]]})",
                                "one professional per role per client; a second professional of the role is left "
                                "out of the client's list and reached by an event with `to` (admission, referral, "
                                "contact)")
            else:
                member[c, r] = p
    return member


def _primary_carers(carers: list[dict], n_clients: int, ck: _Check) -> np.ndarray:
    """Client -> primary carer (-1: none): the one marked ``primary = true``, else the first listed."""
    primary = np.full(n_clients, -1, np.int32)
    for j, carer in enumerate(carers):
        c = carer["cares_for"]
        if c < 0:
            continue
        if carer["primary"] is True:
            if primary[c] >= 0 and carers[primary[c]]["primary"] is True:
                ck.problems.add(f"carer[{j}].primary", True, f"{ck.names['client'][c]} already has a primary carer "
                                f"({ck.names['carer'][primary[c]]})", "one primary carer per client")
            else:
                primary[c] = j
        elif carer["primary"] is None and primary[c] < 0:
            primary[c] = j  # the first carer listed for a client is the primary carer
    return primary


def _check_client_relations(clients: list[dict], pros: list[dict], member: np.ndarray, primary: np.ndarray,
                            ck: _Check) -> None:
    """Arranged care, involvement ends, the regiebehandelaar (sets ``lead_post``), plan and proxy, against the
    client's network."""
    problems = ck.problems
    for i, client in enumerate(clients):
        where = f"client[{i}]"
        for d, hours in client["arranged"].items():
            role = V.DOMAIN_ROLE[d]
            if hours > 0 and member[i, role] < 0:
                problems.add(f"{where}.arranged.{V.DOMAINS[d]}", hours,
                             f"no {V.ROLES[role]} in {client['name']}'s network delivers {V.DOMAINS[d]} care",
                             f"0, or list {client['name']} in the clients of a {V.ROLES[role]}")
        for r in client["involved_until"]:
            if member[i, V.ROLES.index(r)] < 0:
                problems.add(f"{where}.involved_until.{r}", client["involved_until"][r],
                             f"{client['name']} has no {r}", f"roles in {client['name']}'s network")
        lead = client["regiebehandelaar"]
        if lead is not None:
            p = ck.person(lead, f"{where}.regiebehandelaar", "professional")
            if p >= 0 and V.ROLES.index(pros[p]["role"]) not in V.COORDINATOR_ROLES:
                problems.add(f"{where}.regiebehandelaar", lead, f"a {pros[p]['role']} cannot be regiebehandelaar",
                             "a district_nurse or gp (seed 003:L1630-1631)")
            elif p >= 0 and i not in pros[p]["clients"]:
                problems.add(f"{where}.regiebehandelaar", lead, f"{lead} is not in {client['name']}'s network",
                             f"a district_nurse or gp that lists {client['name']} in its clients")
            client["lead_post"] = p
        if client["plan"] and not client["consent"]:
            problems.add(f"{where}.plan", True, f"{client['name']} does not consent to sharing, so a plan carries "
                         "nothing", "plan = true only with consent = true")
        if client["proxy"] and primary[i] < 0:
            problems.add(f"{where}.proxy", True, f"{client['name']} has no carer to be the proxy",
                         "proxy = true only for a client with a carer")


# --------------------------------------------------------------------------- events

def _check_events(events_raw: list[dict], pros: list[dict], member: np.ndarray, params: ScenarioParams,
                  n_weeks: int, ck: _Check) -> tuple[list[dict], list[dict]]:
    """The ``[[event]]`` entries (people by index), and the :class:`~sim.schedule.ScheduledEvent` arguments of
    each; an entry of unknown kind is left out (with a problem)."""
    events, schedule_args = [], []
    for k, entry in enumerate(events_raw):
        checked = _check_event(k, entry, pros, member, params, n_weeks, ck)
        if checked is not None:
            events.append(checked[0])
            schedule_args.append(checked[1])
    return events, schedule_args


def _check_event(k: int, entry: dict, pros: list[dict], member: np.ndarray, params: ScenarioParams, n_weeks: int,
                 ck: _Check) -> tuple[dict, dict] | None:
    """One event: its checked entry and its ScheduledEvent arguments (None for an unknown kind)."""
    problems = ck.problems
    where = f"event[{k}]"
    kind = entry.get("kind") if isinstance(entry, dict) else None
    if kind not in EVENT_KINDS:
        problems.add(f"{where}.kind", kind if kind is not None else MISSING, "unknown event kind",
                     f"{', '.join(EVENT_KINDS)}{did_you_mean(kind, EVENT_KINDS)}")
        return None
    required, optional = EVENT_KINDS[kind]
    e = _Entry(entry, where, EVENT_COMMON + required + optional, problems)
    week = e.get("week", "int", required=True, default=0, lo=0)
    if isinstance(week, int) and week >= n_weeks:
        problems.add(f"{where}.week", week, f"after the end of the run ({n_weeks} weeks of years = "
                     f"{params.years:g})", f"0 to {n_weeks - 1}, or a longer `years`")
    e.get("note", "str")
    ev = {"index": k, "week": week, "kind": kind, "note": entry.get("note", ""), "client": -1, "carer": -1,
          "post": -1, "to": -1}
    if "client" in required:
        ev["client"] = ck.person(e.get("client", "str", required=True, default=MISSING), f"{where}.client", "client")
    if "carer" in required:
        ev["carer"] = ck.person(e.get("carer", "str", required=True, default=MISSING), f"{where}.carer", "carer")
    if "professional" in required:
        ev["post"] = ck.person(e.get("professional", "str", required=True, default=MISSING),
                               f"{where}.professional", "professional")
    if "to" in required + optional:
        to = e.get("to", "str", required="to" in required, default=MISSING)
        ev["to"] = ck.person(to, f"{where}.to", "professional") if not isinstance(to, _Missing) else -1
    kw = {"week": week, "kind": kind}
    if kind == "admission":
        kw.update(_admission_args(e, ev, pros, ck))
    elif kind == "referral":
        kw["role"] = _referral_role(e, ev, pros, ck)
    elif kind == "need":
        kw["domain"] = e.get("domain", "str", required=True, default="support", choices=V.DOMAINS)
        kw["hours"] = float(e.get("hours", "number", required=True, default=0.0, lo=0, hi=80))
    if kind == "contact" and ev["to"] >= 0 and ev["client"] >= 0:
        _check_contact(ev, member, ck)
    ev["role"] = kw.get("role")
    ev["domain"], ev["hours"] = kw.get("domain"), kw.get("hours")
    post = ev["to"] if ev["to"] >= 0 else ev["post"]
    return ev, dict(kw, client=max(ev["client"], -1), carer=ev["carer"], post=post)


def _admission_args(e: _Entry, ev: dict, pros: list[dict], ck: _Check) -> dict:
    """An admission: its length (weeks), the acute event behind it; it goes to a specialist."""
    args = {"weeks": e.get("weeks", "int", required=True, default=1, lo=1, hi=104),
            "acute": e.get("acute", "str", required=True, default="fall", choices=V.ACUTE_KINDS)}
    if ev["to"] >= 0 and pros[ev["to"]]["role"] != "specialist":
        to_name = ck.names["professional"][ev["to"]]
        ck.problems.add(f"{e.where}.to", to_name, f"an admission goes to a specialist, "
                        f"{to_name} is a {pros[ev['to']]['role']}", "a specialist")
    args["role"] = "specialist"
    return args


def _referral_role(e: _Entry, ev: dict, pros: list[dict], ck: _Check) -> str:
    """The role a referral goes to: the role of its professional (``to``), else its ``role``."""
    role = e.get("role", "str", default=None, choices=V.ROLES)
    if ev["to"] >= 0:
        to_name, to_role = ck.names["professional"][ev["to"]], pros[ev["to"]]["role"]
        if role is not None and role != to_role:
            ck.problems.add(f"{e.where}.role", role, f"{to_name} (`to`) is a {to_role}",
                            f"{to_role}, or leave `role` out")
        role = to_role
        if to_role == "gp":
            ck.problems.add(f"{e.where}.to", to_name, "a referral to a GP would replace the "
                            "client's own GP, who sends the referral", "a professional of another role; use "
                            "kind = \"contact\" for an out-of-hours GP post")
    elif role is None:
        ck.problems.add(f"{e.where}.role", MISSING, "a referral needs a role or a professional (`to`)",
                        ", ".join(V.ROLES))
    return role or "specialist"


def _check_contact(ev: dict, member: np.ndarray, ck: _Check) -> None:
    """A contact is with a professional outside the client's network; the client's own GP sends the records."""
    where = f"event[{ev['index']}]"
    client_name, to_name = ck.names["client"][ev["client"]], ck.names["professional"][ev["to"]]
    gp = member[ev["client"], V.GP]
    if gp < 0:
        ck.problems.add(f"{where}.client", client_name, f"{client_name} has no "
                        "GP to send the records", "a client with a gp in its network")
    elif gp == ev["to"]:
        ck.problems.add(f"{where}.to", to_name, f"{to_name} is "
                        f"{client_name}'s own GP, who would send the records",
                        "a professional outside the client's network, e.g. an out-of-hours GP post")


# --------------------------------------------------------------------------- failures

def _check_failures(failures_raw: list[dict], n_weeks: int, ck: _Check) -> list[dict]:
    """The ``[[failure]]`` entries: a unique name, a description, an optional ``given`` selection and at least one
    ``happens`` or ``missing`` selection (a table, or an array of tables)."""
    problems = ck.problems
    failures, seen = [], []
    for k, entry in enumerate(failures_raw):
        where = f"failure[{k}]"
        e = _Entry(entry, where, FAILURE_FIELDS, problems)
        name = e.get("name", "str", required=True, default=f"failure_{k}")
        if isinstance(entry.get("name"), str):
            if not FAILURE_NAME.fullmatch(name):
                problems.add(f"{where}.name", name, "not a failure name", "lower-case letters, digits and "
                             "underscores, starting with a letter, at most 40 characters")
            elif name in seen:
                problems.add(f"{where}.name", name, "two failures with the same name", "a name no other failure has")
        seen.append(name)
        description = e.get("description", "str", required=True, default="")
        if isinstance(description, str) and "description" in entry and not description.strip():
            problems.add(f"{where}.description", description, "empty", "a sentence saying what goes wrong")
        given = None
        if "given" in entry:
            given = _selection(entry["given"], f"{where}.given", n_weeks, ck, moment=False)
        lists = {}
        for key in ("happens", "missing"):
            value = entry.get(key, [])
            tables = [value] if isinstance(value, dict) else value
            if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
                problems.add(f"{where}.{key}", value, "must be a table or an array of tables",
                             f"a selection of events (fields {', '.join(SELECTION_FIELDS)})")
                tables = []
            lists[key] = [_selection(t, f"{where}.{key}" + (f"[{i}]" if isinstance(value, list) else ""), n_weeks,
                                     ck, moment="given" in entry) for i, t in enumerate(tables)]
        if not lists["happens"] and not lists["missing"] and isinstance(entry, dict):
            problems.add(f"{where}.happens", MISSING, "a failure needs something that happens or is missing",
                         "`happens`, `missing` or both: selections of events")
        failures.append({"index": k, "name": name, "description": description, "given": given,
                         "happens": lists["happens"], "missing": lists["missing"]})
    return failures


def _selection(table: dict, where: str, n_weeks: int, ck: _Check, moment: bool) -> dict:
    """One selection of event-log rows, with people as indices and labels as codes (-1 or None: any).

    ``moment``: the failure has a ``given``, so ``after`` (weeks from its first row) is allowed."""
    problems = ck.problems
    e = _Entry(table, where, SELECTION_FIELDS, problems)
    is_table, table = isinstance(table, dict), e.table  # not a table: a problem already
    event = e.get("event", "str", required=True, default=None, choices=V.EVENTS) if is_table else None
    sel = {"event": V.EVENT[event] if event is not None else -1, "client": -1, "actor": -1, "actor_is_carer": False,
           "target": -1, "target_is_carer": False, "between": None, "role": -1, "detail": None, "channel": None,
           "transition": -1, "weeks": None, "after": None}
    if event is None:
        return sel
    if "client" in table:
        sel["client"] = ck.person(e.get("client", "str", default=MISSING), f"{where}.client", "client")
    for column, carer_events in (("actor", CARER_ACTOR_EVENTS + ("transition",)), ("target", CARER_TARGET_EVENTS)):
        if column in table:
            value = e.get(column, "str", default=MISSING)
            sel[column], sel[f"{column}_is_carer"] = _carer_or_professional(value, f"{where}.{column}", event,
                                                                            carer_events, column, ck)
    if "between" in table:
        pair = e.get("between", "list", default=[])
        if len(pair) != 2 and "between" in e.table:
            problems.add(f"{where}.between", pair, "not two professionals", "two names of professionals, e.g. "
                         "the two whose advice contradicts")
        elif len(pair) == 2:
            sel["between"] = tuple(ck.person(p, f"{where}.between", "professional") for p in pair)
    if "role" in table:
        role = e.get("role", "str", default=None, choices=ROLE_NAMES)
        sel["role"] = ROLE_NAMES.index(role) if role is not None else -1
    labels = DETAIL_NAMES[event]
    sel["detail"] = _labels(e, "detail", labels, f"the labels of {event}")
    item_events = ("handover_delivered", "handover_failed")
    for key, allowed in (("channel", V.CHANNELS), ("transition", V.TRANSITIONS)):
        if key in table and event not in item_events:
            problems.add(f"{where}.{key}", table[key], f"{event} has no {key}",
                         f"{key} only with event = {' or '.join(item_events)}; leave it out")
    sel["channel"] = _labels(e, "channel", V.CHANNELS, "channels") if event in item_events else None
    if "transition" in table and event in item_events:
        kind = e.get("transition", "str", default=None, choices=V.TRANSITIONS)
        sel["transition"] = V.TRANSITIONS.index(kind) if kind is not None else -1
    sel["weeks"] = _window(e, "weeks", n_weeks)
    if "after" in table and not moment:
        problems.add(f"{where}.after", table["after"], "weeks after what? the failure has no `given` moment"
                     + (" (and `given` itself is the moment)" if where.endswith(".given") else ""),
                     "`after` in `happens` or `missing` of a failure with `given`; or absolute `weeks`")
    elif "after" in table:
        sel["after"] = _window(e, "after", None)
    return sel


def _carer_or_professional(value: Any, where: str, event: str, carer_events: tuple[str, ...], column: str,
                           ck: _Check) -> tuple[int, bool]:
    """A selection's ``actor`` or ``target``: ``(index, is_carer)`` of the carer or professional named ``value``
    (``(-1, False)`` and a problem if there is none, both, or a kind that is never the event's ``column``)."""
    if isinstance(value, _Missing):
        return -1, False
    carers, pros = ck.names["carer"], ck.names["professional"]
    kinds = [kind for kind, names in (("carer", carers), ("professional", pros)) if value in names]
    may_be_carer, may_be_pro = event in carer_events, event not in CARER_ACTOR_EVENTS or column == "target"
    allowed = [n for kind, names, ok in (("carer", carers, may_be_carer), ("professional", pros, may_be_pro))
               if ok for n in names]
    if len(kinds) == 2:
        ck.problems.add(where, value, "both a carer and a professional have this name", "a name that only one of "
                        "them has (rename one)")
    elif not kinds:
        ck.problems.add(where, value, "no such carer or professional",
                        (", ".join(allowed) or "none") + did_you_mean(value, allowed))
    elif (kinds[0] == "carer" and not may_be_carer) or (kinds[0] == "professional" and not may_be_pro):
        whose = "a carer" if kinds[0] == "professional" else "a professional"
        ck.problems.add(where, value, f"a {kinds[0]} is never the {column} of {event} (its {column} is {whose})",
                        ", ".join(allowed) or "none")
    else:
        names = carers if kinds[0] == "carer" else pros
        return names.index(value), kinds[0] == "carer"
    return -1, False


def _labels(e: _Entry, key: str, labels: tuple[str, ...], what: str) -> tuple[int, ...] | None:
    """A label or a list of labels (``detail``, ``channel``) as codes; None when the selection does not narrow by
    it."""
    if key not in e.table:
        return None
    value = e.table[key]
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        e.problems.add(f"{e.where}.{key}", value, "not a label or a list of labels", ", ".join(labels))
        return None
    bad = [v for v in values if v not in labels]
    for v in bad:
        e.problems.add(f"{e.where}.{key}", v, f"not one of {what}", ", ".join(labels) + did_you_mean(v, labels))
    return tuple(labels.index(v) for v in values if v in labels)


def _window(e: _Entry, key: str, n_weeks: int | None) -> tuple[int, int] | None:
    """``[first, last]`` weeks (whole numbers, inclusive, 0 <= first <= last); for absolute ``weeks`` the first must
    fall inside the run (``n_weeks``)."""
    if key not in e.table:
        return None
    value = e.table[key]
    ints = isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                for v in value)
    if not ints or not 0 <= value[0] <= value[1]:
        e.problems.add(f"{e.where}.{key}", value, "not a window of weeks", "[first, last]: two whole numbers, "
                       "0 <= first <= last" + (" (weeks after the `given` moment)" if key == "after" else ""))
        return None
    if n_weeks is not None and value[0] >= n_weeks:
        e.problems.add(f"{e.where}.{key}", value, f"starts after the end of the run ({n_weeks} weeks)",
                       f"a first week from 0 to {n_weeks - 1}")
        return None
    return int(value[0]), int(value[1])
