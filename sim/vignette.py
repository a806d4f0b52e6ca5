"""Teaching vignettes: one concrete, named care network per seed case, replayable under every policy.

A vignette is a TOML file in ``scenarios/vignettes/``. It holds two things:

* **the scenario it runs with**: the ordinary scenario keys (``base = "default"``, ``years``, any parameter
  section, ``[provenance]``), validated exactly as a scenario file (:mod:`sim.scenario`);
* **one hand-made network**: named clients (``[[client]]``), informal carers (``[[carer]]``), professionals
  (``[[professional]]``) and their organisations (``[[organisation]]``), who knows whom, whose systems are
  linked, who is on a plan, who leads; the starting state (needs, arranged care, strain); and the case's key
  moments (``[[event]]``) at fixed weeks, referring to people by name. ``[vignette]`` carries the title, the
  story and the seed references.

:func:`load_vignette` validates a file and builds the :class:`~sim.network.Network` (one district, one post per
named professional) and the schedule (:class:`~sim.schedule.ScheduledEvent`); :func:`run_vignette` runs it under a
policy and seed. Mistakes are refused before anything runs with a :class:`VignetteError` naming the file, the
field, the value and what is allowed. The file format is described in ``docs/vignettes.md``.

Names stay recoverable: ``model.names`` maps indices to names per kind (``client``, ``carer``, ``post``,
``organisation``); :func:`named_events` is the event log with names, :func:`story_lines` the week-by-week story.

Events are :class:`~sim.schedule.ScheduledEvent` s carried out by the model's ``scheduled_events`` process:
``to = "<professional>"`` on an admission or referral sends it to that professional (who takes the client's slot
of that role); ``kind = "contact"`` is a contact with a professional outside the network (an out-of-hours GP post),
a ``contact`` transition whose items are needed within ``handover.due_contact`` days.
"""

from __future__ import annotations

import copy
import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.network import Acquaintance, Network
from sim.observe import CARER_ROLE, DETAIL_NAMES
from sim.parameters import ScenarioParams
from sim.schedule import ScheduledEvent
from sim.scenario import META_KEYS, SCENARIO_DIR, ScenarioError, merge_base, validate

#: Where the built-in vignettes live.
VIGNETTE_DIR = SCENARIO_DIR / "vignettes"

#: Top-level keys of a vignette file that describe the network (everything else is the scenario).
VIGNETTE_KEYS = ("vignette", "client", "carer", "professional", "organisation", "event")

#: The fields each kind of entry may have (types and which are required are checked in ``load_vignette``).
CLIENT_FIELDS = ("name", "age", "profile", "about", "need", "law", "arranged", "able", "wishes", "digital", "consent",
                 "plan", "regiebehandelaar", "proxy", "usual_care_waived", "involved_until")
CARER_FIELDS = ("name", "relation", "cares_for", "hours", "digital", "strain", "primary", "age", "about")
PROFESSIONAL_FIELDS = ("name", "role", "organisation", "clients", "knows", "involves_carer", "on_plan", "capacity",
                       "boundary_work", "contracted", "about")
ORGANISATION_FIELDS = ("name", "linked", "about")
VIGNETTE_FIELDS = ("title", "story", "sources", "constructed")

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

#: Roles whose involvement has an end week (``involved_until``), and the network array that holds it.
INVOLVED_ROLES = {"specialist": "specialist_until", "physiotherapist": "physio_until"}


class VignetteError(ScenarioError):
    """A vignette file that cannot be used; the message names the file, the field, the value and what is allowed."""


# --------------------------------------------------------------------------- the loaded vignette

@dataclass
class Vignette:
    """A validated vignette: the scenario parameters, the hand-made network, the schedule and the names."""

    name: str
    path: Path
    title: str
    story: str
    sources: list[str]
    constructed: bool
    params: ScenarioParams
    scenario_sources: dict[str, str]
    network: Network
    schedule: list[ScheduledEvent]
    names: dict[str, dict[int, str]]
    clients: list[dict]
    carers: list[dict]
    professionals: list[dict]
    organisations: list[dict]
    events: list[dict]
    n_weeks: int

    def model_kwargs(self) -> dict:
        """Keyword arguments for :class:`~sim.model.CareNetworkModel` (scenario, network, schedule).

        A plain ``CareNetworkModel(**kwargs)`` runs the vignette fully; :class:`VignetteModel` adds the names."""
        return {"scenario": self.params, "network": self.network, "schedule": list(self.schedule)}

    def model(self, policy: str = "none", seed: int = 0, years: float | None = None, mesa_agents: bool = True,
              **overrides) -> "VignetteModel":
        """A model of this vignette under ``policy`` (not yet run)."""
        return VignetteModel(self, policy=policy, seed=seed, years=years, mesa_agents=mesa_agents, **overrides)

    def client_index(self, name: str) -> int:
        return _index(self.names["client"], name, "client")

    def carer_index(self, name: str) -> int:
        return _index(self.names["carer"], name, "carer")

    def post_index(self, name: str) -> int:
        return _index(self.names["post"], name, "professional")


def _index(names: dict[int, str], name: str, kind: str) -> int:
    for i, n in names.items():
        if n == name:
            return i
    raise KeyError(f"no {kind} named {name!r} (known: {', '.join(names.values())})")


class VignetteModel(CareNetworkModel):
    """A :class:`~sim.model.CareNetworkModel` of one vignette: its network, schedule and names.

    It runs exactly as the model; it only keeps the vignette and the names of its people.

    Attributes:
        names: ``{"client": {index: name}, "carer": ..., "post": ..., "organisation": ...}``.
        vignette: the :class:`Vignette` it runs.
    """

    def __init__(self, vignette: Vignette, policy: str = "none", seed: int = 0, years: float | None = None,
                 mesa_agents: bool = True, **overrides):
        n_weeks = max(1, int(round((years if years is not None else vignette.params.years) * 52)))
        late = [e for e in vignette.events if e["week"] >= n_weeks]
        if late and years is not None:
            first = late[0]
            raise VignetteError(f"{vignette.path}: years = {years!r} not allowed: event {first['index']} "
                                f"({first['kind']}) is in week {first['week']}, after the run's {n_weeks} weeks "
                                f"(allowed: years >= {(max(e['week'] for e in late) + 1) / 52:.2f})")
        super().__init__(scenario=vignette.params, policy=policy, seed=seed, years=years,
                         network=vignette.network, schedule=vignette.schedule, mesa_agents=mesa_agents, **overrides)
        self.vignette = vignette
        self.names = copy.deepcopy(vignette.names)

    @property
    def carer_stopped(self) -> dict[int, int]:
        """Carer -> week the carer stopped caring (from the ``carer_dropout`` transitions in the log)."""
        log = self.log.arrays()
        sel = (log["event"] == V.EVENT["transition"]) & (log["detail"] == V.CARER_DROPOUT) & (log["actor"] >= 0)
        return {int(c): int(w) for c, w in zip(log["actor"][sel], log["week"][sel])}


# --------------------------------------------------------------------------- loading and validation

def vignette_names() -> list[str]:
    """Names of the built-in vignettes (files in ``scenarios/vignettes/``)."""
    return sorted(p.stem for p in VIGNETTE_DIR.glob("*.toml"))


def vignette_path(name_or_path: str | Path) -> Path:
    """The file of a built-in vignette name, or the given ``.toml`` path."""
    path = Path(name_or_path)
    if path.suffix == ".toml":
        if not path.is_file():
            raise VignetteError(f"{path}: no such vignette file (built-in vignettes: {', '.join(vignette_names())})")
        return path
    names = vignette_names()
    if str(name_or_path) not in names:
        close = difflib.get_close_matches(str(name_or_path), names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise VignetteError(f"vignette {str(name_or_path)!r} is not a built-in vignette or a .toml file "
                            f"(allowed: {', '.join(names)}{hint})")
    return VIGNETTE_DIR / f"{name_or_path}.toml"


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


def _did_you_mean(value: Any, options) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(options), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


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
                             f"{', '.join(allowed)}{_did_you_mean(key, allowed)}")

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
                              f"{', '.join(map(str, choices))}{_did_you_mean(value, choices)}")
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
                "list": "a list of names", "table": "a table"}[kind]
        if lo is not None and hi is not None:
            text += f" from {lo:g} to {hi:g}"
        elif lo is not None:
            text += f" >= {lo:g}"
        return text


def _scenario_part(raw: dict, path: Path) -> tuple[ScenarioParams, dict[str, str]]:
    """Validate the scenario keys of a vignette file exactly as a scenario file (base chain, [provenance])."""
    merged, origin, sources = merge_base(copy.deepcopy(raw), path, (path.stem,))
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


def load_vignette(name_or_path: str | Path) -> Vignette:
    """Read, validate and build a vignette (built-in name or ``.toml`` path). Raises :class:`VignetteError`."""
    path = vignette_path(name_or_path)
    origin = str(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise VignetteError(f"{origin}: not valid TOML: {exc}") from None

    problems = _Problems(origin)
    known_top = set(VIGNETTE_KEYS) | set(META_KEYS) | set(ScenarioParams.model_fields)
    for key in raw:
        if key not in known_top:
            problems.add(key, raw[key] if not isinstance(raw[key], (dict, list)) else MISSING, "unknown key",
                         f"the vignette tables {', '.join(VIGNETTE_KEYS)} or scenario fields "
                         f"{', '.join(ScenarioParams.model_fields)}{_did_you_mean(key, known_top)}")
    problems.raise_if_any()
    scenario_raw = {k: v for k, v in raw.items() if k not in VIGNETTE_KEYS}
    params, sources = _scenario_part(scenario_raw, path)
    n_weeks = max(1, int(round(params.years * 52)))

    head = _Entry(raw.get("vignette", {}), "vignette", VIGNETTE_FIELDS, problems)
    title = head.get("title", "str", required=True, default=path.stem)
    story = head.get("story", "str", default="")
    vsources = head.get("sources", "list", default=[])
    constructed = head.get("constructed", "bool", default=False)

    clients_raw = _list_of_tables(raw, "client", problems, required=True)
    carers_raw = _list_of_tables(raw, "carer", problems, required=False)
    pros_raw = _list_of_tables(raw, "professional", problems, required=True)
    orgs_raw = _list_of_tables(raw, "organisation", problems, required=False)
    events_raw = _list_of_tables(raw, "event", problems, required=False)
    problems.raise_if_any()

    client_names = _names(clients_raw, "client", "client", problems)
    carer_names = _names(carers_raw, "carer", "carer", problems)
    pro_names = _names(pros_raw, "professional", "professional", problems)
    problems.raise_if_any()

    def person(value: Any, where: str, names: list[str], kind: str) -> int:
        if isinstance(value, str) and value in names:
            return names.index(value)
        if not isinstance(value, _Missing):
            allowed = ", ".join(names) if names else f"none: the vignette has no {kind}"
            problems.add(where, value, f"no such {kind}", allowed + _did_you_mean(value, names))
        return -1

    # ---- professionals and organisations
    roles = params.workforce.roles
    pros = []
    org_names: list[str] = []
    for i, entry in enumerate(pros_raw):
        e = _Entry(entry, f"professional[{i}]", PROFESSIONAL_FIELDS, problems)
        role = e.get("role", "str", required=True, default="gp", choices=V.ROLES)
        org = e.get("organisation", "str", required=True, default=f"<organisation of {pro_names[i]}>")
        rp = getattr(roles, role)
        pro = {
            "name": pro_names[i], "role": role, "organisation": org, "law": V.LAWS[V.ROLE_LAW[V.ROLES.index(role)]],
            "clients": [person(c, f"professional[{i}].clients", client_names, "client")
                        for c in e.get("clients", "list", default=[])],
            "knows": [person(k, f"professional[{i}].knows", pro_names, "professional")
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
    orgs = [{"name": n, "linked": [], "about": ""} for n in org_names]
    for i, entry in enumerate(orgs_raw):
        e = _Entry(entry, f"organisation[{i}]", ORGANISATION_FIELDS, problems)
        name = e.get("name", "str", required=True)
        if name is None:
            continue
        if name not in org_names:
            problems.add(f"organisation[{i}].name", name, "no professional works for this organisation",
                         f"{', '.join(org_names)}{_did_you_mean(name, org_names)}")
            continue
        org = orgs[org_names.index(name)]
        org["about"] = e.get("about", "str", default="")
        for other in e.get("linked", "list", default=[]):
            if other in org_names:
                org["linked"].append(org_names.index(other))
            else:
                problems.add(f"organisation[{i}].linked", other, "no such organisation",
                             f"{', '.join(org_names)}{_did_you_mean(other, org_names)}")

    # ---- carers
    carers = []
    for i, entry in enumerate(carers_raw):
        e = _Entry(entry, f"carer[{i}]", CARER_FIELDS, problems)
        carers.append({
            "name": carer_names[i],
            "relation": e.get("relation", "str", required=True, default=""),
            "cares_for": person(e.get("cares_for", "str", required=True, default=MISSING), f"carer[{i}].cares_for",
                                client_names, "client"),
            "hours": e.get("hours", "number", required=True, default=0.0, lo=0, hi=168),
            "digital": e.get("digital", "bool", required=True, default=False),
            "strain": e.get("strain", "number", default=0.0, lo=0, hi=1000),
            "primary": e.get("primary", "bool", default=None),
            "age": e.get("age", "int", lo=0, hi=120),
            "about": e.get("about", "str", default=""),
        })

    # ---- clients
    clients = []
    profiles = dict(params.population.profiles.items())
    for i, entry in enumerate(clients_raw):
        e = _Entry(entry, f"client[{i}]", CLIENT_FIELDS, problems)
        where = f"client[{i}]"
        profile = e.get("profile", "str", required=True, default=V.PROFILES[0], choices=V.PROFILES)
        prof = profiles[profile]
        need = np.zeros(len(V.DOMAINS))
        for d, hours in e.get("need", "table", required=True, default={}).items():
            if d not in V.DOMAINS:
                problems.add(f"{where}.need.{d}", hours, "unknown need domain",
                             f"{', '.join(V.DOMAINS)}{_did_you_mean(d, V.DOMAINS)}")
            elif not _is_number(hours) or not 0 <= hours <= 80:
                problems.add(f"{where}.need.{d}", hours, "not a number of hours", "0 to 80 in hours/week")
            else:
                need[V.DOMAINS.index(d)] = hours
        law = [V.ZVW, V.LAWS.index(prof.nursing_law), V.LAWS.index(prof.support_law), V.LAWS.index(prof.mental_law),
               V.JEUGDWET]
        for d, name in e.get("law", "table", default={}).items():
            if d not in V.DOMAINS:
                problems.add(f"{where}.law.{d}", name, "unknown need domain", ", ".join(V.DOMAINS))
            elif name not in V.DOMAIN_LAWS[d]:
                problems.add(f"{where}.law.{d}", name, f"not a law the {d} domain is arranged under",
                             ", ".join(V.DOMAIN_LAWS[d]))
            else:
                law[V.DOMAINS.index(d)] = V.LAWS.index(name)
        arranged = {}
        for d, hours in e.get("arranged", "table", default={}).items():
            if d not in V.DOMAINS:
                problems.add(f"{where}.arranged.{d}", hours, "unknown need domain", ", ".join(V.DOMAINS))
            elif not _is_number(hours) or not 0 <= hours <= 80:
                problems.add(f"{where}.arranged.{d}", hours, "not a number of hours", "0 to 80 in hours/week")
            else:
                arranged[V.DOMAINS.index(d)] = float(hours)
        involved = {}
        for r, week in e.get("involved_until", "table", default={}).items():
            if r not in INVOLVED_ROLES:
                problems.add(f"{where}.involved_until.{r}", week, "no involvement end for this role",
                             ", ".join(INVOLVED_ROLES))
            elif not isinstance(week, int) or isinstance(week, bool) or week < 0:
                problems.add(f"{where}.involved_until.{r}", week, "not a week", "a whole number of weeks >= 0")
            else:
                involved[r] = week
        clients.append({
            "name": client_names[i], "age": e.get("age", "int", lo=0, hi=120), "profile": profile,
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
    problems.raise_if_any()

    # ---- relations that need all people known
    member = np.full((len(clients), len(V.ROLES)), -1, np.int32)
    for p, pro in enumerate(pros):
        r = V.ROLES.index(pro["role"])
        for c in pro["clients"]:
            if c < 0:
                continue
            if member[c, r] >= 0:
                problems.add(f"professional[{p}].clients", client_names[c],
                             f"{client_names[c]} already has a {pro['role']} ({pro_names[member[c, r]]})",
                             "one professional per role per client; a second professional of the role is left out "
                             "of the client's list and reached by an event with `to` (admission, referral, "
                             "contact)")
            else:
                member[c, r] = p
    primary = np.full(len(clients), -1, np.int32)
    for j, carer in enumerate(carers):
        c = carer["cares_for"]
        if c < 0:
            continue
        if carer["primary"] is True:
            if primary[c] >= 0 and carers[primary[c]]["primary"] is True:
                problems.add(f"carer[{j}].primary", True, f"{client_names[c]} already has a primary carer "
                             f"({carer_names[primary[c]]})", "one primary carer per client")
            else:
                primary[c] = j
        elif carer["primary"] is None and primary[c] < 0:
            primary[c] = j  # the first carer listed for a client is the primary carer
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
            p = person(lead, f"{where}.regiebehandelaar", pro_names, "professional")
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
    problems.raise_if_any()

    # ---- events
    events, schedule = [], []
    for k, entry in enumerate(events_raw):
        where = f"event[{k}]"
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if kind not in EVENT_KINDS:
            problems.add(f"{where}.kind", kind if kind is not None else MISSING, "unknown event kind",
                         f"{', '.join(EVENT_KINDS)}{_did_you_mean(kind, EVENT_KINDS)}")
            continue
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
            ev["client"] = person(e.get("client", "str", required=True, default=MISSING), f"{where}.client",
                                  client_names, "client")
        if "carer" in required:
            ev["carer"] = person(e.get("carer", "str", required=True, default=MISSING), f"{where}.carer",
                                 carer_names, "carer")
        if "professional" in required:
            ev["post"] = person(e.get("professional", "str", required=True, default=MISSING),
                                f"{where}.professional", pro_names, "professional")
        if "to" in required + optional:
            to = e.get("to", "str", required="to" in required, default=MISSING)
            ev["to"] = person(to, f"{where}.to", pro_names, "professional") if not isinstance(to, _Missing) else -1
        kw = {"week": week, "kind": kind}
        if kind == "admission":
            kw["weeks"] = e.get("weeks", "int", required=True, default=1, lo=1, hi=104)
            kw["acute"] = e.get("acute", "str", required=True, default="fall", choices=V.ACUTE_KINDS)
            if ev["to"] >= 0 and pros[ev["to"]]["role"] != "specialist":
                problems.add(f"{where}.to", pro_names[ev["to"]], f"an admission goes to a specialist, "
                             f"{pro_names[ev['to']]} is a {pros[ev['to']]['role']}", "a specialist")
            kw["role"] = "specialist"
        elif kind == "referral":
            role = e.get("role", "str", default=None, choices=V.ROLES)
            if ev["to"] >= 0:
                to_role = pros[ev["to"]]["role"]
                if role is not None and role != to_role:
                    problems.add(f"{where}.role", role, f"{pro_names[ev['to']]} (`to`) is a {to_role}",
                                 f"{to_role}, or leave `role` out")
                role = to_role
                if to_role == "gp":
                    problems.add(f"{where}.to", pro_names[ev["to"]], "a referral to a GP would replace the "
                                 "client's own GP, who sends the referral", "a professional of another role; use "
                                 "kind = \"contact\" for an out-of-hours GP post")
            elif role is None:
                problems.add(f"{where}.role", MISSING, "a referral needs a role or a professional (`to`)",
                             ", ".join(V.ROLES))
            kw["role"] = role or "specialist"
        elif kind == "need":
            kw["domain"] = e.get("domain", "str", required=True, default="support", choices=V.DOMAINS)
            kw["hours"] = float(e.get("hours", "number", required=True, default=0.0, lo=0, hi=80))
        if kind == "contact" and ev["to"] >= 0 and ev["client"] >= 0:
            gp = member[ev["client"], V.GP]
            if gp < 0:
                problems.add(f"{where}.client", client_names[ev["client"]], f"{client_names[ev['client']]} has no "
                             "GP to send the records", "a client with a gp in its network")
            elif gp == ev["to"]:
                problems.add(f"{where}.to", pro_names[ev["to"]], f"{pro_names[ev['to']]} is "
                             f"{client_names[ev['client']]}'s own GP, who would send the records",
                             "a professional outside the client's network, e.g. an out-of-hours GP post")
        ev["role"] = kw.get("role")
        ev["domain"], ev["hours"] = kw.get("domain"), kw.get("hours")
        events.append(ev)
        post = ev["to"] if ev["to"] >= 0 else ev["post"]
        schedule.append(ScheduledEvent(client=max(ev["client"], -1), carer=ev["carer"], post=post, **kw))
    problems.raise_if_any()
    for event in schedule:  # the model's own check, for anything not caught above
        try:
            event.check(len(clients), len(carers), len(pros), n_weeks)
        except ValueError as exc:
            raise VignetteError(f"{origin}: {exc}") from None

    network = _build_network(params, clients, carers, pros, orgs, member, primary)
    names = {"client": dict(enumerate(client_names)), "carer": dict(enumerate(carer_names)),
             "post": dict(enumerate(pro_names)), "organisation": dict(enumerate(org_names))}
    return Vignette(name=path.stem, path=path, title=title, story=story, sources=vsources, constructed=constructed,
                    params=params, scenario_sources=sources, network=network, schedule=schedule,
                    names=names, clients=clients, carers=carers, professionals=pros, organisations=orgs,
                    events=events, n_weeks=n_weeks)


def _build_network(params: ScenarioParams, clients, carers, pros, orgs, member, primary) -> Network:
    """The hand-made network: one district, one post per professional, one organisation (system) per name."""
    N, C, P, O = len(clients), len(carers), len(pros), len(orgs)
    net = Network.empty(N, C, P, n_orgs=O, knows=Acquaintance.identity(P))
    profiles = dict(params.population.profiles.items())
    for i, c in enumerate(clients):
        net.profile[i] = V.PROFILES.index(c["profile"])
        net.base_need[i] = c["need"]
        net.law[i] = c["law"]
        net.able[i], net.wishes[i] = c["able"], c["wishes"]
        net.digital[i], net.consent[i] = c["digital"], c["consent"]
        net.plan[i] = c["plan"]
        net.proxy[i] = c["proxy"]
        net.usual_care_waived[i] = c["usual_care_waived"]
        for r, week in c["involved_until"].items():
            getattr(net, INVOLVED_ROLES[r])[i] = week
    net.member[:] = member
    net.primary_carer[:] = primary
    for j, carer in enumerate(carers):
        net.carer_client[j] = max(carer["cares_for"], 0)
        net.carer_available[j] = carer["hours"]
        net.carer_digital[j] = carer["digital"]
        net.carer_strain[j] = carer["strain"]
    thresholds = np.array([params.strain.fairly_heavy, params.strain.very_heavy, params.strain.overburdened])
    net.carer_category[:] = np.searchsorted(thresholds, net.carer_strain, side="right")
    # starting arranged care: as given, else the indicable need of every domain whose delivering role is present
    gap = params.arranging.gap_threshold
    for i, c in enumerate(clients):
        usual = profiles[c["profile"]].usual_care_share if primary[i] >= 0 and not c["usual_care_waived"] else 0.0
        for d in range(len(V.DOMAINS)):
            target = c["need"][d] * ((1 - usual) if d in (V.NURSING, V.SUPPORT) else 1.0)
            if d in c["arranged"]:
                net.arranged[i, d] = c["arranged"][d]
            elif member[i, V.DOMAIN_ROLE[d]] >= 0 and c["need"][d] > gap:
                net.arranged[i, d] = target
    org_index = {o["name"]: k for k, o in enumerate(orgs)}
    for p, pro in enumerate(pros):
        net.post_role[p] = V.ROLES.index(pro["role"])
        net.post_org[p] = org_index[pro["organisation"]]
        net.post_capacity[p] = pro["capacity"]
        net.post_boundary[p] = pro["boundary_work"]
        net.post_involves_carer[p] = pro["involves_carer"]
        net.post_contracted[p] = pro["contracted"]
        net.post_on_plan[p] = pro["on_plan"]
    net.post_district[:] = 0
    net.client_district[:] = 0
    # who knows whom: colleagues of one organisation, and the pairs named in `knows` (symmetric)
    same_org = net.post_org[:, None] == net.post_org[None, :]
    net.knows[:, :] = same_org
    for p, pro in enumerate(pros):
        for q in pro["knows"]:
            if q >= 0:
                net.knows[p, q] = net.knows[q, p] = True
    for k, org in enumerate(orgs):
        for other in org["linked"]:
            net.linked[k, other] = net.linked[other, k] = True
    # a regiebehandelaar named in the file: as the Regiebehandelaar block would set it up
    rp = params.policies.regiebehandelaar
    for i, c in enumerate(clients):
        if c.get("lead_post", -1) >= 0:
            net.coordinator[i] = c["lead_post"]
    caseload = np.bincount(net.coordinator[net.coordinator >= 0], minlength=P)
    net.coordinator_quality[:] = np.minimum(1.0, rp.caseload_limit / np.maximum(caseload, 1))
    net.coordinator_mandate[:] = (caseload > 0) & rp.mandate_wmo
    net.coordinator_address[:] = (caseload > 0) & rp.complaint_address
    return net


# --------------------------------------------------------------------------- running

def run_vignette(name: str | Path, policy: str = "none", seed: int = 0, years: float | None = None,
                 mesa_agents: bool = False, **overrides) -> VignetteModel:
    """Run a vignette (built-in name or ``.toml`` path) under ``policy`` with ``seed``; returns the run model.

    ``model.names`` maps indices to names; :func:`named_events` and :func:`story_lines` read the run."""
    return load_vignette(name).model(policy=policy, seed=seed, years=years, mesa_agents=mesa_agents,
                                     **overrides).run()


# --------------------------------------------------------------------------- reading a run with names

#: Events whose ``actor`` (and for overload_signalled, ``target``) is a carer or a post.
_ACTOR_IS_CARER = ("strain_category", "burnout", "overload_signalled")


def _post_names(model: CareNetworkModel, log: dict) -> tuple[dict[int, str], list[tuple[int, int, int]]]:
    """Post names, and the (week, post, person number) of every change of hands, for successors' names."""
    names = model.names["post"]
    t = (log["event"] == V.EVENT["transition"]) & (log["detail"] == V.PROFESSIONAL_LEAVING)
    changes = sorted({(int(w), int(p)) for w, p in zip(log["week"][t], log["target"][t])})
    return names, changes


def _namer(model: CareNetworkModel):
    """A function (kind, index, week) -> name; successors of professionals who left are named as such."""
    log = model.log.arrays()
    post_names, changes = _post_names(model, log)

    def name(kind: str, index: int, week: int = 10**9) -> str:
        index = int(index)
        if index < 0:
            return ""
        if kind == "post":
            base = post_names.get(index, f"post {index}")
            n = sum(1 for w, p in changes if p == index and w <= week)
            return base if n == 0 else f"{base}'s successor" + (f" ({n})" if n > 1 else "")
        return model.names[kind].get(index, f"{kind} {index}")

    return name, log


def named_events(model: CareNetworkModel) -> pd.DataFrame:
    """The event log with names: ``client_name``, ``actor_name`` and ``target_name`` (a professional, or a carer
    for the carer events and for handover items meant for the carer)."""
    name, log = _namer(model)
    frame = model.events()
    event = log["event"]
    carer_actor = np.isin(event, [V.EVENT[e] for e in _ACTOR_IS_CARER])
    carer_target = (np.isin(event, [V.EVENT["handover_delivered"], V.EVENT["handover_failed"]])
                    & (log["role"] == CARER_ROLE))
    weeks = log["week"]
    frame["client_name"] = [name("client", c) for c in log["client"]]
    frame["actor_name"] = [name("carer" if ca else "post", a, w) for a, ca, w in zip(log["actor"], carer_actor, weeks)]
    frame["target_name"] = [name("carer" if ct else "post", t, w)
                            for t, ct, w in zip(log["target"], carer_target, weeks)]
    return frame


def _fmt_day(day: float) -> str:
    return f"day {day:.1f}" if np.isfinite(day) else "never"


def story_lines(model: VignetteModel, details: bool = True) -> list[str]:
    """The run told week by week, with names: transitions and their handover items (delivered or failed, by
    which channel, to whom), acute events, requests and care that starts, contradictions, the named carers'
    strain categories, burnout and overload signals, complaints and their trail."""
    name, log = _namer(model)
    vig: Vignette | None = getattr(model, "vignette", None)
    scheduled = vig.events if vig is not None else []

    def note_for(week: int, client: int, kind: str, post: int = -1) -> str:
        """The file's note for the scheduled event behind this happening, if any."""
        for ev in scheduled:
            if ev["week"] != week or not ev["note"]:
                continue
            if kind == "referral" and ev["kind"] in ("referral", "contact") and ev["client"] == client:
                if ev["to"] == post or (ev["to"] < 0 and post >= 0
                                        and V.ROLES[int(model.net.post_role[post])] == ev.get("role")):
                    return ev["note"]
            elif kind == "professional_leaving" and ev["kind"] == kind and ev["post"] == post:
                return ev["note"]
            elif kind == "carer_dropout" and ev["kind"] == kind and vig.carers[ev["carer"]]["cares_for"] == client:
                return ev["note"]
            elif kind in ("admission", "need") and ev["kind"] == kind and ev["client"] == client:
                return ev["note"]
        return ""

    relation = {j: c["relation"] for j, c in enumerate(vig.carers)} if vig is not None else {}
    ev_name = np.asarray(V.EVENTS, dtype=object)[log["event"]]
    n = ev_name.size
    items: dict[int, list[int]] = {}
    for i in np.flatnonzero(np.isin(log["event"], [V.EVENT["handover_delivered"], V.EVENT["handover_failed"]])):
        items.setdefault(int(log["ref"][i]), []).append(int(i))
    stopped_by_week: dict[tuple[int, int], list[int]] = {}
    for carer, week in getattr(model, "carer_stopped", {}).items():
        stopped_by_week.setdefault((week, int(model.net.carer_client[carer])), []).append(carer)

    entries: list[tuple[int, int, str]] = []  # (week, order, text)
    rep = ev_name == "story_repeated"
    repeats: dict[tuple[int, int, int], int] = {}
    for key in zip(log["week"][rep].tolist(), log["client"][rep].tolist(), log["target"][rep].tolist()):
        repeats[key] = repeats.get(key, 0) + 1
    repeated: set[tuple[int, int, int]] = set()
    for ev in scheduled:  # changes of need, with the vignette's note
        if ev["kind"] == "need" and ev["week"] < model.week:
            text = f"{name('client', ev['client'])}: need for {ev['domain']} care now {ev['hours']:g} h/week"
            entries.append((ev["week"], -1, text + (f"  [{ev['note']}]" if ev["note"] else "")))
    for i in range(n):
        e, week, c = ev_name[i], int(log["week"][i]), int(log["client"][i])
        detail = int(log["detail"][i])
        label = DETAIL_NAMES[e][detail] if e in DETAIL_NAMES and 0 <= detail < len(DETAIL_NAMES[e]) else ""
        who = name("client", c)
        actor, target = int(log["actor"][i]), int(log["target"][i])
        text = None
        if e == "transition":
            kind = V.TRANSITIONS[detail]
            if kind == "referral":
                text = f"{who}: referral to {name('post', target, week)}"
            elif kind == "professional_leaving":
                text = f"{who}: {name('post', target, week - 1)} leaves; a successor takes over the post"
            elif kind == "carer_dropout":
                gone = stopped_by_week.get((week, c)) or stopped_by_week.get((week - 1, c)) or []
                carer = " and ".join(name("carer", j) for j in gone) or "the primary carer"
                text = f"{who}: carer drops out ({carer} stops caring)"
            elif kind == "admission":
                text = f"{who}: admitted"
            else:
                text = f"{who}: {kind}"
            note = note_for(week, c, kind, target) if kind != "admission" else ""  # on its acute event
            if note:
                text += f"  [{note}]"
            sub = []
            for j in items.get(int(log["ref"][i]), []):
                ok = ev_name[j] == "handover_delivered"
                before = week - 1 if kind == "professional_leaving" else week  # the predecessor sends
                sender = name("post", log["actor"][j], before) if log["actor"][j] >= 0 else f"{who} (client side)"
                receiver = (name("carer", log["target"][j]) if log["role"][j] == CARER_ROLE
                            else name("post", log["target"][j], week))
                channel = V.CHANNELS[int(log["channel"][j])]
                item = V.ITEM_KINDS[int(log["detail"][j])].replace("_", " ")
                if ok:
                    sub.append(f"      delivered  {item}: {sender} -> {receiver} via {channel} "
                               f"({_fmt_day(float(log['value'][j]))})")
                else:
                    how = "no channel at all" if channel == "none" else f"tried {channel}"
                    arrival = float(log["value"][j])
                    late = f"arrived {_fmt_day(arrival)}, too late" if np.isfinite(arrival) else "never arrived"
                    sub.append(f"      FAILED     {item}: {sender} -> {receiver} ({how}; {late})")
            text = "\n".join([text] + sub)
        elif e == "acute_event":
            note = note_for(week, c, "admission")
            text = f"{who}: acute event ({label})" + (f"  [{note}]" if note else "")
        elif e in ("handover_delivered", "handover_failed"):
            continue  # listed under their transition
        elif e == "harm" and details:
            text = f"{who}: harm ({label.replace('_', ' ')}) after a failed item from {name('post', actor, week)}"
        elif e == "story_repeated" and details:
            key = (week, c, target)
            if key in repeated:
                continue
            times = repeats[key]
            text = (f"{who}: tells the story again to {name('post', target, week)}"
                    + (f" ({times} times)" if times > 1 else ""))
            repeated.add(key)
        elif e == "request":
            text = f"{who}: request for {label} care (arranged by {V.ARRANGERS[int(log['value'][i])]})"
        elif e == "request_refused":
            text = f"{who}: the desk turns away the request for {label} care"
        elif e == "care_started":
            text = f"{who}: {label} care arranged with {name('post', target, week)}"
        elif e == "contradiction":
            text = f"{who}: CONTRADICTORY ADVICE {name('post', actor, week)} vs {name('post', target, week)}"
        elif e == "convened":
            text = f"{who}: {name('post', actor, week)} convenes the network ({label})"
        elif e == "strain_category":
            rel = f" ({relation[actor]} of {who})" if actor in relation else ""
            text = f"{name('carer', actor)}{rel}: strain now {label.replace('_', ' ')} ({float(log['value'][i]):.1f})"
        elif e == "burnout":
            text = f"{name('carer', actor)}: BURNOUT"
        elif e == "overload_signalled":
            by = name("post", target, week) if target >= 0 else "a visiting professional"
            text = f"{name('carer', actor)}: overload signalled by {by}; usual care no longer expected"
        elif e == "complaint_filed":
            text = f"{who}: COMPLAINT filed ({label}) with {name('post', target, week)}"
        elif e == "complaint_forwarded":
            src = name("post", actor, week) if actor >= 0 else "the complainant"
            text = f"{who}: complaint taken by {src} to {name('post', target, week)}"
        elif e == "complaint_bounced":
            text = f"{who}: complaint bounced back by {name('post', actor, week)}"
        elif e == "complaint_part_answered":
            text = f"{who}: {name('post', actor, week)} answers its part of the complaint"
        elif e == "complaint_closed":
            text = f"{who}: complaint closed: {label.replace('_', ' ')} after {float(log['value'][i]):.0f} weeks"
        if text is None:
            continue
        entries.append((week, i, text))
    lines: list[str] = []
    current_week = -1
    for week, _, text in sorted(entries, key=lambda x: (x[0], x[1])):
        if week != current_week:
            lines.append(f"Week {week}")
            current_week = week
        lines.append("  " + text)
    return lines


def cast_lines(vignette: Vignette) -> list[str]:
    """Who is in the vignette's network: clients, carers, professionals, links, plan and lead."""
    out = []
    for c in vignette.clients:
        needs = ", ".join(f"{d} {h:g} ({V.LAWS[c['law'][k]]})" for k, (d, h) in enumerate(zip(V.DOMAINS, c["need"]))
                          if h > 0)
        traits = ", ".join(f"{t} {'yes' if c[t] else 'no'}" for t in ("able", "wishes", "digital", "consent"))
        extra = []
        if c["plan"]:
            extra.append("digital plan")
        if c.get("lead_post", -1) >= 0:
            extra.append(f"regiebehandelaar {vignette.professionals[c['lead_post']]['name']}")
        age = f", {c['age']}" if c["age"] is not None else ""
        out.append(f"  client  {c['name']}{age} ({c['profile']}): need h/wk {needs}; {traits}"
                   + (f"; {', '.join(extra)}" if extra else ""))
    for c in vignette.carers:
        cared = vignette.clients[c["cares_for"]]["name"]
        out.append(f"  carer   {c['name']} ({c['relation']} of {cared}): {c['hours']:g} h/wk, strain {c['strain']:g}")
    net = vignette.network
    for i, p in enumerate(vignette.professionals):
        served = ", ".join(vignette.clients[c]["name"] for c in p["clients"])
        served = f"for {served}" if served else "in nobody's network at the start"
        known = [q["name"] for k, q in enumerate(vignette.professionals)
                 if k != i and net.knows[i, k] and q["organisation"] != p["organisation"]]
        flags = [f for f, on in (("on the plan", p["on_plan"]), ("involves the carer", p["involves_carer"])) if on]
        out.append(f"  prof.   {p['name']}: {p['role']} at {p['organisation']} ({p['law']}); {served}"
                   + (f"; knows {', '.join(known)}" if known else "") + (f"; {', '.join(flags)}" if flags else ""))
    links = [f"{o['name']} <-> {vignette.organisations[k]['name']}" for o in vignette.organisations
             for k in o["linked"]]
    out.append(f"  systems linked: {', '.join(links) if links else 'none'}")
    return out


def summary_lines(model: VignetteModel) -> list[str]:
    """Where the run ends, per named person: handover items delivered and failed (and to whom they failed),
    contradictions, complaints, who arranges and the unmet need; each carer's strain."""
    name, log = _namer(model)
    net, out = model.net, []
    ev = log["event"]
    for c, cname in model.names["client"].items():
        mine = log["client"] == c
        failed = mine & (ev == V.EVENT["handover_failed"])
        delivered = mine & (ev == V.EVENT["handover_delivered"])
        to_whom: dict[str, int] = {}
        for t, r, w in zip(log["target"][failed], log["role"][failed], log["week"][failed]):
            who = name("carer", t) if r == CARER_ROLE else name("post", t, w)
            to_whom[who] = to_whom.get(who, 0) + 1
        worst = ", ".join(f"{k} {v}" for k, v in sorted(to_whom.items(), key=lambda kv: -kv[1]))
        count = lambda e: int((mine & (ev == V.EVENT[e])).sum())  # noqa: E731
        unmet = float(model.unmet[c]) if hasattr(model, "unmet") else float("nan")
        out.append(f"  {cname}: {int(delivered.sum())} handover items delivered, {int(failed.sum())} failed"
                   + (f" ({worst})" if worst else "") + f"; {count('contradiction')} contradictions; "
                   f"{count('complaint_filed')} complaints filed, {count('complaint_closed')} closed; "
                   f"arranged by {V.ARRANGERS[int(model.who[c])]}; unmet need {unmet:.1f} h/week at the end")
    for j, cname in model.names["carer"].items():
        state = V.STRAIN_CATEGORIES[int(net.carer_category[j])].replace("_", " ")
        active = "caring" if net.carer_active[j] else f"stopped in week {model.carer_stopped.get(j, '?')}"
        out.append(f"  {cname}: {active}; strain {float(net.carer_strain[j]):.1f} ({state})"
                   + ("; burned out" if net.carer_burned_out[j] else ""))
    return out
