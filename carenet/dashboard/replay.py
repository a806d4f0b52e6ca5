"""A run a class can step through and rewind: one case (a vignette or a population scenario) under one policy and
seed, with a snapshot of what the dashboard shows at the end of every week played so far.

Runs are deterministic (one seed, a named random stream per process), so going back is only moving a cursor over
the recorded snapshots, and going forward again replays them until the model must step on. A :class:`Replay`
keeps:

* ``model``: the :class:`~sim.model.CareNetworkModel` (a :class:`~sim.vignette.VignetteModel` for a vignette), at
  the furthest week played;
* ``frames``: one :class:`Frame` per week boundary, ``frames[0]`` the start (after set-up and any warm-up),
  ``frames[k]`` the state after ``k`` weeks; ``cursor`` the frame shown.

The focus is one client: the vignette's client chosen (the first by default), or for a population scenario (run with
:data:`POPULATION_CLIENTS` clients) the first client at the start who has a carer and at least
:data:`MIN_PROFESSIONALS` professionals. Hours are hours/week; strain is the carer's strain score (strain units).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field

import numpy as np

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.network import Network
from sim.observe import DETAIL_NAMES
from sim.policies import POLICY_NAMES
from sim.scenario import builtin_scenarios, load_scenario
from sim.vignette import load_vignette, story_lines, vignette_names
from sim.vignette.model import VignetteModel

#: Clients in a population scenario's run on the dashboard (small, so a frame stays fast; one is shown).
POPULATION_CLIENTS = 300
#: Weeks a population scenario's run lasts on the dashboard (one year).
POPULATION_WEEKS = 52
#: A population run's focus client has a carer and at least this many professionals at the start.
MIN_PROFESSIONALS = 3


@functools.cache
def cases() -> dict[str, str]:
    """The cases a class can open: ``{name: description}``, the vignettes first, then the population scenarios
    that one model can run (one municipality)."""
    out = {}
    for name in vignette_names():
        out[name] = load_vignette(name).title
    for name in builtin_scenarios():
        params = load_scenario(name)
        if params.population.municipalities == 1:
            out[name] = f"population scenario '{name}' ({POPULATION_CLIENTS} clients, one shown)"
    return out


def is_vignette(case: str) -> bool:
    return case in _vignettes()


@functools.cache
def _vignettes() -> tuple[str, ...]:
    return tuple(vignette_names())


@dataclass
class Frame:
    """What the dashboard shows at a week boundary.

    Attributes:
        week: weeks played (0: the start).
        net: a copy of the network state arrays (members, carers, strain, coordinator, ...).
        log_rows: rows of the event log written by then.
        unmet: each client's unmet hours this week (hours/week).
        gap: [client, domain] hours/week of need that professionals did not deliver this week.
        carer_hours: per carer, hours/week given by kind (``care``, ``usual``, ``gap``, ``presence``,
            ``practical``, ``regelwerk``).
        open_complaints: the open complaints' ids and their current address (post), ``{id: post}``.
        arranger: per client, who arranges its care (an index of :data:`sim.vocabulary.ARRANGERS`).
    """

    week: int
    net: Network
    log_rows: int
    unmet: np.ndarray
    gap: np.ndarray
    carer_hours: dict[str, np.ndarray]
    open_complaints: dict[int, int] = field(default_factory=dict)
    arranger: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))


#: The carer hours a frame keeps, and the world array each comes from (hours/week).
CARER_HOURS = {"care": "carer_care", "usual": "carer_usual", "gap": "carer_gap", "presence": "carer_presence",
               "practical": "carer_practical", "regelwerk": "carer_regelwerk"}


class ReplayError(ValueError):
    """A case, policy or seed the dashboard cannot run; the message names the field, the value and what is
    allowed."""


def check_choice(field_name: str, value, allowed) -> None:
    if value not in allowed:
        raise ReplayError(f"{field_name} = {value!r} not allowed (allowed: {', '.join(map(str, allowed))})")


class Replay:
    """One case under one policy and seed, stepped week by week, with a snapshot per week (see the module)."""

    def __init__(self, case: str, policy: str = "none", seed: int = 0, focus: int | None = None):
        check_choice("policy", policy, POLICY_NAMES)
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ReplayError(f"seed = {seed!r} not allowed (allowed: a whole number >= 0)")
        self.case, self.policy, self.seed = case, policy, int(seed)
        if is_vignette(case):
            self.model: CareNetworkModel = load_vignette(case).model(policy=policy, seed=self.seed,
                                                                    mesa_agents=False)
            self.names = self.model.names
            check_choice("client", focus if focus is not None else 0, list(self.names["client"]))
            self.focus = int(focus or 0)
        else:
            check_choice("case", case, list(cases()))
            self.model = CareNetworkModel(case, policy=policy, seed=self.seed, years=POPULATION_WEEKS / 52,
                                          mesa_agents=False, n_clients=POPULATION_CLIENTS)
            self.focus = _focus_client(self.model.net)
            self.names = _population_names(self.model.net, self.focus)
        self.frames = [self._snapshot()]
        self.cursor = 0
        self._text_cache: tuple[int, list[str]] | None = None

    # ------------------------------------------------------------------ moving
    @property
    def n_weeks(self) -> int:
        """Weeks the run lasts."""
        return int(self.model.n_weeks)

    @property
    def week(self) -> int:
        """Weeks played at the cursor."""
        return self.cursor

    @property
    def played(self) -> str:
        """Where the run stands, in words: the log counts weeks from 0, the timeline counts weeks played."""
        if self.cursor == 0:
            return f"Start: 0 of {self.n_weeks} weeks played"
        return f"After week {self.cursor - 1}: {self.cursor} of {self.n_weeks} weeks played"

    @property
    def frame(self) -> Frame:
        return self.frames[self.cursor]

    @property
    def finished(self) -> bool:
        return self.cursor >= self.n_weeks

    def step(self) -> None:
        """One week on: the next recorded frame, else the model steps and a frame is recorded."""
        if self.finished:
            return
        if self.cursor + 1 >= len(self.frames):
            self.model.step()
            self.frames.append(self._snapshot())
        self.cursor += 1

    def go_to(self, week: int) -> None:
        """Move the cursor to ``week`` (0 to the run's weeks), playing on where it was not played yet."""
        week = int(min(max(week, 0), self.n_weeks))
        while len(self.frames) <= week:
            self.model.step()
            self.frames.append(self._snapshot())
        self.cursor = week

    def _snapshot(self) -> Frame:
        w = self.model.world
        net = w.net
        need = net.need * (net.admitted_until < 0)[:, None]
        return Frame(week=int(w.week), net=copy.deepcopy(net), log_rows=len(w.log),
                     unmet=np.array(w.unmet, dtype=float),
                     gap=np.maximum(np.asarray(need, dtype=float) - w.delivered, 0.0),
                     carer_hours={k: np.array(getattr(w, a), dtype=float) for k, a in CARER_HOURS.items()},
                     open_complaints=dict(zip(w.open_complaints["id"].tolist(),
                                              w.open_complaints["address"].tolist())),
                     arranger=np.array(w.who))

    # ------------------------------------------------------------------ reading
    def log(self) -> dict[str, np.ndarray]:
        """The event log columns up to the cursor."""
        n = self.frame.log_rows
        return {k: v[:n] for k, v in self.model.log.arrays().items()}

    def _texts(self) -> list[str]:
        """The story lines of the run so far (cached per week played)."""
        played = len(self.frames)
        if self._text_cache is None or self._text_cache[0] != played:
            lines = story_lines(self.model) if isinstance(self.model, VignetteModel) else _plain_story(self)
            self._text_cache = (played, lines)
        return self._text_cache[1]

    def story(self) -> list[tuple[int, str]]:
        """The readable event log up to the cursor: ``(week, line)``, the weeks that have been played."""
        out, week = [], -1
        for line in self._texts():
            if line.startswith("Week "):
                week = int(line.split()[1])
                continue
            if week < self.cursor:
                out.append((week, line.strip()))
        return out

    def person_names(self) -> list[str]:
        """The names of the focus client's people, for highlighting: client, carers, professionals."""
        net = self.frame.net
        carers = [self.names["carer"].get(int(c), f"carer {c}") for c in np.flatnonzero(net.carer_client == self.focus)]
        posts = [self.names["post"].get(int(p), f"post {p}") for p in net.member[self.focus] if p >= 0]
        return [self.names["client"].get(self.focus, "client")] + carers + posts

    def strain_series(self) -> dict[str, list[float]]:
        """Each of the focus client's carers: strain at every frame up to the cursor (strain units)."""
        out = {}
        for c in np.flatnonzero(self.frames[0].net.carer_client == self.focus):
            out[self.names["carer"].get(int(c), f"carer {c}")] = [float(f.net.carer_strain[c])
                                                                   for f in self.frames[:self.cursor + 1]]
        return out

    def strain_thresholds(self) -> dict[str, float]:
        """The survey categories' thresholds (strain units), lowest first."""
        s = self.model.params.strain
        return {"fairly_heavy": s.fairly_heavy, "very_heavy": s.very_heavy, "overburdened": s.overburdened}

    def unmet_by_domain(self) -> dict[str, float]:
        """The focus client's unmet need this week by domain (hours/week): the hours professionals did not deliver
        in each domain, less what the carers gave, shared over the domains in proportion to those hours (the
        model's carers fill the client's total gap, not a domain's)."""
        f = self.frame
        gap = f.gap[self.focus]
        total = float(gap.sum())
        left = float(f.unmet[self.focus]) / total if total > 0 else 0.0
        return {d: max(float(gap[k]) * left, 0.0) for k, d in enumerate(V.DOMAINS)
                if self.frames[0].net.need[self.focus, k] > 0 or gap[k] > 0}

    def complaints(self) -> list[dict]:
        """The focus client's complaints up to the cursor, each with its trail across desks: ``id``, ``open``,
        ``desk`` (where it is now, or ``""``), and ``trail`` (``(week, line)`` in order)."""
        log = self.log()
        kinds = {V.EVENT[k]: k for k in ("complaint_filed", "complaint_forwarded", "complaint_bounced",
                                         "complaint_part_answered", "complaint_closed")}
        mine = (log["client"] == self.focus) & np.isin(log["event"], list(kinds))
        out: dict[int, dict] = {}
        for i in np.flatnonzero(mine):
            ref, kind, week = int(log["ref"][i]), kinds[int(log["event"][i])], int(log["week"][i])
            actor, target = self.post_name(int(log["actor"][i])), self.post_name(int(log["target"][i]))
            text = {"complaint_filed": f"filed with {target}",
                    "complaint_forwarded": f"taken on to {target}",
                    "complaint_bounced": f"bounced back by {actor}",
                    "complaint_part_answered": f"{actor} answers its part",
                    "complaint_closed": f"closed: {_detail(kind, int(log['detail'][i]))}"}[kind]
            entry = out.setdefault(ref, {"id": ref, "trail": []})
            entry["trail"].append((week, text))
        for ref, entry in out.items():
            desk = self.frame.open_complaints.get(ref)
            entry["open"] = desk is not None
            entry["desk"] = self.post_name(desk) if desk is not None else ""
        return list(out.values())

    def post_name(self, post: int) -> str:
        """A post's name at the cursor: ``"<name>'s successor"`` once the professional has left (as the story
        says it), ``"nobody"`` for none."""
        if post is None or post < 0:
            return "nobody"
        name = self.names["post"].get(int(post), f"{V.ROLES[int(self.model.net.post_role[post])]} {post}")
        log = self.log()
        left = int(((log["event"] == V.EVENT["transition"]) & (log["detail"] == V.PROFESSIONAL_LEAVING)
                    & (log["target"] == post)).sum())
        return name if left == 0 else f"{name}'s successor" + (f" ({left})" if left > 1 else "")

    def counters(self) -> dict[str, float]:
        """Live counters at the cursor: handover items failed so far, the primary carer's strain (strain units),
        open complaints and unmet hours this week (hours/week) for the focus client."""
        log, f = self.log(), self.frame
        mine = log["client"] == self.focus
        primary = int(f.net.primary_carer[self.focus])
        return {"failed items": int((mine & (log["event"] == V.EVENT["handover_failed"])).sum()),
                "carer strain": float(f.net.carer_strain[primary]) if primary >= 0 else float("nan"),
                "open complaints": sum(1 for c in self.complaints() if c["open"]),
                "unmet hours": max(float(f.unmet[self.focus]), 0.0)}


def _detail(event: str, detail: int) -> str:
    names = DETAIL_NAMES.get(event, ())
    return names[detail].replace("_", " ") if 0 <= detail < len(names) else ""


def _focus_client(net: Network) -> int:
    """The first client with a carer and at least :data:`MIN_PROFESSIONALS` professionals (else client 0)."""
    has_carer = np.bincount(net.carer_client[net.carer_client >= 0], minlength=net.n_clients)[:net.n_clients] > 0
    ok = np.flatnonzero(has_carer & ((net.member >= 0).sum(axis=1) >= MIN_PROFESSIONALS))
    return int(ok[0]) if ok.size else 0


def _population_names(net: Network, client: int) -> dict[str, dict[int, str]]:
    """Names for a population run's people: the focus client, carers by relation order, posts by role."""
    carers = {int(c): f"carer {k + 1}" for k, c in enumerate(np.flatnonzero(net.carer_client == client))}
    posts = {int(p): f"{V.ROLES[int(net.post_role[p])].replace('_', ' ')} {int(p)}" for p in range(net.n_posts)}
    return {"client": {client: f"client {client}"}, "carer": carers, "post": posts, "organisation": {}}


def _plain_story(replay: Replay) -> list[str]:
    """A population run's story of the focus client: its events, with the dashboard's names."""
    log = replay.model.log.arrays()
    rows = np.flatnonzero(log["client"] == replay.focus)
    lines, week = [], -1
    for i in rows:
        w = int(log["week"][i])
        if w != week:
            lines.append(f"Week {w}")
            week = w
        event = V.EVENTS[int(log["event"][i])]
        names = DETAIL_NAMES.get(event, ())
        d = int(log["detail"][i])
        detail = f" ({names[d]})" if 0 <= d < len(names) else ""
        lines.append(f"  {event.replace('_', ' ')}{detail}")
    return lines
