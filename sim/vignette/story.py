"""Reading a vignette run with names: the named event log and the story, cast, policy and summary text.

:func:`named_events` is the event log with names; :func:`story_lines` tells the run week by week;
:func:`cast_lines` says who is in the network; :func:`policy_lines` which of the policy's building blocks reach
each client at the start and why not the others (changes are told in the story at the week they happen);
:func:`summary_lines` says where each person ends. A professional who left is named by the post's successor from
the week after (``"<name>'s successor"``). Hours are hours/week, strain is the carer's strain score, arrival days
count from the start of the week.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.observe import CARER_ROLE, DETAIL_NAMES, actor_is_carer, target_is_carer
from sim.vignette.model import Vignette, VignetteModel


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
    for the carer events, a carer's dropout and handover items meant for the carer: :func:`sim.observe.actor_is_carer`,
    :func:`sim.observe.target_is_carer`)."""
    name, log = _namer(model)
    frame = model.events()
    carer_actor = actor_is_carer(log["event"], log["detail"])
    carer_target = target_is_carer(log["event"], log["role"])
    weeks = log["week"]
    frame["client_name"] = [name("client", c) for c in log["client"]]
    frame["actor_name"] = [name("carer" if ca else "post", a, w) for a, ca, w in zip(log["actor"], carer_actor, weeks)]
    frame["target_name"] = [name("carer" if ct else "post", t, w)
                            for t, ct, w in zip(log["target"], carer_target, weeks)]
    return frame


def _fmt_day(day: float) -> str:
    return f"day {day:.1f}" if np.isfinite(day) else "never"


def _bracket(note: str) -> str:
    """A file's note as it follows a story line (nothing without a note)."""
    return f"  [{note}]" if note else ""


# --------------------------------------------------------------------------- the story

#: The story line of each event told from its own fields (see :class:`_Happening`); the transitions and the
#: repeated stories are told by :class:`_Teller`, handover items under their transition.
_LINES = {
    "acute_event": "{who}: acute event ({label}){acute_note}",
    "harm": "{who}: harm ({words}) after a failed item from {actor_post}",
    "request": "{who}: request for {label} care (arranged by {arranger})",
    "request_refused": "{who}: the desk turns away the request for {label} care",
    "care_started": "{who}: {label} care arranged with {target_post}",
    "contradiction": "{who}: CONTRADICTORY ADVICE {actor_post} vs {target_post}",
    "convened": "{who}: {actor_post} convenes the network ({label})",
    "strain_category": "{carer}{relation}: strain now {words} ({value:.1f})",
    "burnout": "{carer}: BURNOUT",
    "overload_signalled": "{carer}: overload signalled by {signaller}; usual care no longer expected",
    "complaint_filed": "{who}: COMPLAINT filed ({label}) with {target_post}",
    "complaint_forwarded": "{who}: complaint taken by {forwarder} to {target_post}",
    "complaint_bounced": "{who}: complaint bounced back by {actor_post}",
    "complaint_part_answered": "{who}: {actor_post} answers its part of the complaint",
    "complaint_closed": "{who}: complaint closed: {words} after {value:.0f} weeks",
}

#: Events left out of the story with ``details=False``.
_DETAILS = ("harm", "story_repeated")


class _Happening:
    """One row of the event log, with the fields a story line may use (names are looked up when used)."""

    def __init__(self, teller: _Teller, i: int):
        log = teller.log
        self.teller, self.i, self.event = teller, i, teller.ev_name[i]
        self.week, self.client = int(log["week"][i]), int(log["client"][i])
        self.detail = int(log["detail"][i])
        self.actor, self.target = int(log["actor"][i]), int(log["target"][i])
        self.value = float(log["value"][i])
        names = DETAIL_NAMES.get(self.event, ())
        self.label = names[self.detail] if 0 <= self.detail < len(names) else ""
        self.who = teller.name("client", self.client)

    def __getitem__(self, field: str):  # for str.format_map
        return getattr(self, field)

    def post(self, index: int, week: int | None = None) -> str:
        """The name of post ``index`` in ``week`` (default: this event's week)."""
        return self.teller.name("post", index, self.week if week is None else week)

    words = property(lambda self: self.label.replace("_", " "))
    actor_post = property(lambda self: self.post(self.actor))
    target_post = property(lambda self: self.post(self.target))
    carer = property(lambda self: self.teller.name("carer", self.actor))
    arranger = property(lambda self: V.ARRANGERS[int(self.value)])
    acute_note = property(lambda self: _bracket(self.teller.note_for(self.week, self.client, "admission")))

    @property
    def relation(self) -> str:
        relation = self.teller.relation
        return f" ({relation[self.actor]} of {self.who})" if self.actor in relation else ""

    @property
    def signaller(self) -> str:
        return self.post(self.target) if self.target >= 0 else "a visiting professional"

    @property
    def forwarder(self) -> str:
        return self.post(self.actor) if self.actor >= 0 else "the complainant"


class _Teller:
    """Tells the events of one run as story lines with names, notes from the vignette file and handover items."""

    def __init__(self, model: VignetteModel):
        self.model = model
        self.name, self.log = _namer(model)
        log = self.log
        self.vig: Vignette | None = getattr(model, "vignette", None)
        self.scheduled = self.vig.events if self.vig is not None else []
        self.relation = {j: c["relation"] for j, c in enumerate(self.vig.carers)} if self.vig is not None else {}
        self.ev_name = np.asarray(V.EVENTS, dtype=object)[log["event"]]
        self.items: dict[int, list[int]] = {}  # transition ref -> its handover items (rows)
        for i in np.flatnonzero(np.isin(log["event"], [V.EVENT["handover_delivered"], V.EVENT["handover_failed"]])):
            self.items.setdefault(int(log["ref"][i]), []).append(int(i))
        self.stopped_by_week: dict[tuple[int, int], list[int]] = {}
        for carer, week in getattr(model, "carer_stopped", {}).items():
            self.stopped_by_week.setdefault((week, int(model.net.carer_client[carer])), []).append(carer)
        rep = self.ev_name == "story_repeated"
        self.repeats: dict[tuple[int, int, int], int] = {}  # (week, client, post) -> times told
        for key in zip(log["week"][rep].tolist(), log["client"][rep].tolist(), log["target"][rep].tolist()):
            self.repeats[key] = self.repeats.get(key, 0) + 1
        self.repeated: set[tuple[int, int, int]] = set()

    def note_for(self, week: int, client: int, kind: str, post: int = -1) -> str:
        """The file's note for the scheduled event behind this happening, if any."""
        for ev in self.scheduled:
            if ev["week"] != week or not ev["note"]:
                continue
            if kind == "referral" and ev["kind"] in ("referral", "contact") and ev["client"] == client:
                if ev["to"] == post or (ev["to"] < 0 and post >= 0
                                        and V.ROLES[int(self.model.net.post_role[post])] == ev.get("role")):
                    return ev["note"]
            elif kind == "professional_leaving" and ev["kind"] == kind and ev["post"] == post:
                return ev["note"]
            elif (kind == "carer_dropout" and ev["kind"] == kind
                  and self.vig.carers[ev["carer"]]["cares_for"] == client):
                return ev["note"]
            elif kind in ("admission", "need") and ev["kind"] == kind and ev["client"] == client:
                return ev["note"]
        return ""

    def need_changes(self) -> list[tuple[int, int, str]]:
        """(week, -1, line) for the file's changes of need before the run's week, with their notes."""
        out = []
        for ev in self.scheduled:
            if ev["kind"] == "need" and ev["week"] < self.model.week:
                text = f"{self.name('client', ev['client'])}: need for {ev['domain']} care now {ev['hours']:g} h/week"
                out.append((ev["week"], -1, text + _bracket(ev["note"])))
        return out

    def line(self, i: int, details: bool) -> str | None:
        """The story line of log row ``i``; None for a row the story leaves out."""
        h = _Happening(self, i)
        if h.event in _DETAILS and not details:
            return None
        if h.event in _LINES:
            return _LINES[h.event].format_map(h)
        if h.event == "transition":
            return self.transition(h)
        if h.event == "story_repeated":
            return self.story_repeated(h)
        return None  # handover items are told under their transition

    def transition(self, h: _Happening) -> str:
        """A transition, its note and its handover items."""
        kind = V.TRANSITIONS[h.detail]
        if kind == "referral":
            text = f"{h.who}: referral to {h.target_post}"
        elif kind == "professional_leaving":
            text = f"{h.who}: {h.post(h.target, h.week - 1)} leaves; a successor takes over the post"
        elif kind == "carer_dropout":
            stopped = self.stopped_by_week
            gone = stopped.get((h.week, h.client)) or stopped.get((h.week - 1, h.client)) or []
            carer = " and ".join(self.name("carer", j) for j in gone) or "the primary carer"
            text = f"{h.who}: carer drops out ({carer} stops caring)"
        elif kind == "admission":
            text = f"{h.who}: admitted"
        else:
            text = f"{h.who}: {kind}"
        if kind != "admission":  # an admission's note goes on its acute event
            text += _bracket(self.note_for(h.week, h.client, kind, h.target))
        return "\n".join([text] + self.handover_items(h, kind))

    def handover_items(self, h: _Happening, kind: str) -> list[str]:
        """The transition's handover items: delivered or failed, sender, receiver, channel, arrival day."""
        log, week, out = self.log, h.week, []
        before = week - 1 if kind == "professional_leaving" else week  # the predecessor sends
        for j in self.items.get(int(log["ref"][h.i]), []):
            sender = self.name("post", log["actor"][j], before) if log["actor"][j] >= 0 else f"{h.who} (client side)"
            receiver = (self.name("carer", log["target"][j]) if log["role"][j] == CARER_ROLE
                        else self.name("post", log["target"][j], week))
            channel = V.CHANNELS[int(log["channel"][j])]
            item = V.ITEM_KINDS[int(log["detail"][j])].replace("_", " ")
            arrival = float(log["value"][j])
            if self.ev_name[j] == "handover_delivered":
                out.append(f"      delivered  {item}: {sender} -> {receiver} via {channel} ({_fmt_day(arrival)})")
            else:
                how = "no channel at all" if channel == "none" else f"tried {channel}"
                late = f"arrived {_fmt_day(arrival)}, too late" if np.isfinite(arrival) else "never arrived"
                out.append(f"      FAILED     {item}: {sender} -> {receiver} ({how}; {late})")
        return out

    def story_repeated(self, h: _Happening) -> str | None:
        """The client tells the story again: once per week, client and professional, with the count."""
        key = (h.week, h.client, h.target)
        if key in self.repeated:
            return None
        self.repeated.add(key)
        times = self.repeats[key]
        return f"{h.who}: tells the story again to {h.target_post}" + (f" ({times} times)" if times > 1 else "")


def story_lines(model: VignetteModel, details: bool = True) -> list[str]:
    """The run told week by week, with names: transitions and their handover items (delivered or failed, by
    which channel, to whom), acute events, requests and care that starts, contradictions, the named carers'
    strain categories, burnout and overload signals, complaints and their trail; last in a week, a policy's
    building block that starts or stops reaching a client, or does not for another reason
    (``model.reach_changes``)."""
    teller = _Teller(model)
    entries = teller.need_changes()  # (week, order, text)
    for i in range(teller.ev_name.size):
        text = teller.line(i, details)
        if text is not None:
            entries.append((int(teller.log["week"][i]), i, text))
    last = teller.ev_name.size  # the blocks' reach is taken at the end of the week
    for k, row in enumerate(getattr(model, "reach_changes", [])):
        entries.append((row["week"], last + k, _reach_change(teller.name("client", row["client"]), row)))
    lines: list[str] = []
    current_week = -1
    for week, _, text in sorted(entries, key=lambda x: (x[0], x[1])):
        if week != current_week:
            lines.append(f"Week {week}")
            current_week = week
        lines.append("  " + text)
    return lines


def _reach_change(who: str, row: dict) -> str:
    """A story line for a row of ``reach_changes``: the block now applies, no longer applies, or still does not
    for another reason."""
    change = ("now applies" if row["applies"] else "no longer applies" if row["was_applies"]
              else "still does not apply")
    return f"{who}: {row['block']} {change}: {row['text']}"


# --------------------------------------------------------------------------- cast, policy and summary

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


def policy_lines(model: VignetteModel) -> list[str]:
    """Whom the policy's building blocks reach at the start of the story: one sentence per client and block (client
    by client, blocks in set-up order), with the reason where a block does not apply (``model.reach_start``,
    :func:`~sim.vignette.policy.policy_reach`); under a policy without blocks, that it adds none."""
    if not model.world.blocks:
        what = ("the status quo, which adds no building blocks" if model.policy == "none"
                else "no building blocks (policies.stepped is empty)")
        return [f"Policy {model.policy}: {what}; the network is as the vignette sets it up."]
    blocks = [block.name for block in model.world.blocks]
    composed = f" ({', '.join(blocks)})" if blocks != [model.policy] else ""
    return ([f"Policy {model.policy}{composed}: whom it reaches at the start of the story"]
            + [f"  {row['text']}." for row in sorted(model.reach_start, key=lambda row: row["client"])])


def summary_lines(model: VignetteModel) -> list[str]:
    """Where the run ends, per named person: handover items delivered and failed (and to whom they failed),
    contradictions, complaints, who arranges and the unmet need (read from ``model.world``); each carer's strain."""
    name, log = _namer(model)
    net, world, out = model.net, model.world, []
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
        unmet = max(float(world.unmet[c]), 0.0) if hasattr(world, "unmet") else float("nan")  # no "-0.0"
        out.append(f"  {cname}: {int(delivered.sum())} handover items delivered, {int(failed.sum())} failed"
                   + (f" ({worst})" if worst else "") + f"; {count('contradiction')} contradictions; "
                   f"{count('complaint_filed')} complaints filed, {count('complaint_closed')} closed; "
                   f"arranged by {V.ARRANGERS[int(world.who[c])]}; unmet need {unmet:.1f} h/week at the end")
    for j, cname in model.names["carer"].items():
        state = V.STRAIN_CATEGORIES[int(net.carer_category[j])].replace("_", " ")
        active = "caring" if net.carer_active[j] else f"stopped in week {model.carer_stopped.get(j, '?')}"
        out.append(f"  {cname}: {active}; strain {float(net.carer_strain[j]):.1f} ({state})"
                   + ("; burned out" if net.carer_burned_out[j] else ""))
    return out
