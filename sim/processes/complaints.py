"""Complaints (ODD 7.8-7.9): dissatisfaction becomes complaints; their trail across addresses until answered or dropped.

Complaints are sparse (a few per hundred client-years), so each is a small
record (:class:`sim.world.Complaint`) and the desk walks through the open ones every week. Every step of the
trail is written to the event log: ``complaint_filed``, ``complaint_forwarded``,
``complaint_bounced``, ``complaint_part_answered``, ``complaint_closed``.

A complaint is *owned* in parts: each post whose role was involved in the
grievance (the client's ``grievance`` bitmask) owns one part. It ends as
``answered`` (all parts answered by the deadline), ``answered_in_part``,
``unanswered`` (no part answered by the deadline) or ``given_up`` (the
complainant stopped after a bounce).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.posts import lead_posts
from sim.world import Complaint

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def complaints(w: "World") -> None:
    """Dissatisfaction becomes complaints; complaints travel between addresses until answered or dropped.

    The complainant (client or carer) picks an address: the regiebehandelaar
    when it is the complaint address, otherwise a provider that owns part of
    the complaint (if they know where to go) or another network member. An
    owner answers its own part and may forward the rest; a non-owner forwards
    to an owner it knows or bounces the complaint back. The regime of the first
    address sets the deadline (Wkkgz 6 weeks, extendable by 4).
    """
    net, rng = w.net, w.streams.complaints
    cp = w.params.complaints
    net.dissatisfaction *= 1 - cp.decay
    net.dissatisfaction += cp.unmet_weight * w.unmet_client
    u = rng.random(net.n_clients, dtype=np.float32)
    voice = (net.admitted_until < 0) & (net.able | (net.primary_carer >= 0))
    filing = np.flatnonzero(voice & (u < 1 - np.exp(-cp.propensity * net.dissatisfaction)))
    for client in filing:
        file_complaint(w, int(client), rng)
    net.dissatisfaction[filing] *= 0.5
    net.grievance[filing] = 0
    advance_complaints(w, rng)


def file_complaint(w: "World", client: int, rng: np.random.Generator) -> None:
    """A complaint by the client (or carer): owners from the grievance, an address, a deadline by regime."""
    net, cp = w.net, w.params.complaints
    members = net.member[client].tolist()
    bits = int(net.grievance[client])
    owners = [p for r, p in enumerate(members) if bits >> r & 1 and p >= 0]
    if not owners:  # a general complaint about unmet care: the GP and the social team
        owners = [members[r] for r in (V.GP, V.SOCIAL_TEAM) if members[r] >= 0]
    co = int(net.coordinator[client])
    if co >= 0 and net.coordinator_address[co]:  # the lead: the regiebehandelaar, or the specialist in an episode
        address, routed = int(lead_posts(net, np.array([client]))[0]), True
    else:
        address, routed = _choose_address(w, client, owners, rng), False
    regime = V.LAW_REGIME[V.ROLE_LAW[net.post_role[address]]]
    if regime == 0:
        extend = rng.random() < cp.extension_share
        deadline = cp.wkkgz_deadline + (cp.wkkgz_extension if extend else 0)
    else:
        deadline = cp.other_deadline
    c = Complaint(w.next_complaint_id, client, owners, w.week, w.week + deadline, regime, address, routed=routed)
    w.next_complaint_id += 1
    w.open_complaints.append(c)
    w.log.record_one("complaint_filed", client, detail=regime, target=address, ref=c.id, value=len(owners))
    if routed:
        w.add_overhead(np.array([address]), w.params.policies.regiebehandelaar.complaint_hours,
                       "coordination_hours", np.array([client]))

def _choose_address(w: "World", client: int, owners: list[int], rng) -> int:
    """The complainant picks an address: an owner if they know where to go, else any network member."""
    members = [p for p in w.net.member[client].tolist() if p >= 0]
    u, v = rng.random(2).tolist()
    pool = owners if (u < w.params.complaints.knows_address or not members) else members
    return pool[int(v * len(pool))]

def advance_complaints(w: "World", rng: np.random.Generator) -> None:
    """Advance every open complaint that has something to do this week."""
    still_open = []
    for c in w.open_complaints:
        if w.week < c.wake:
            still_open.append(c)
        elif _advance(w, c, rng):
            c.wake = _next_wake(w, c)
            still_open.append(c)
    w.open_complaints = still_open

def _next_wake(w: "World", c: Complaint) -> int:
    """The next week in which this complaint can change (skips weeks of plain waiting)."""
    waiting_on_parts = (c.address in c.owners and c.address in c.parts_due) or (
        c.routed and len(c.parts_due) == len(c.owners))
    if c.address >= 0 and not waiting_on_parts:
        return w.week + 1
    pending = [due for owner, due in c.parts_due.items() if owner not in c.answered]
    wake = min(pending + [c.deadline])
    if c.address == -1:
        wake = min(wake, c.refile_week)
    return max(wake, w.week + 1)

def _advance(w: "World", c: Complaint, rng) -> bool:
    """One week of one complaint; returns whether it stays open."""
    week = w.week
    if c.address < 0 and week >= c.refile_week:
        c.address = _choose_address(w, c.client, c.owners, rng)
        w.log.record_one("complaint_forwarded", c.client, detail=c.regime, actor=-1, target=c.address, ref=c.id)
    if c.address >= 0:
        _at_address(w, c, rng)
    if c.address == -2:  # the complainant gave up after a bounce
        return _close(w, c, 1 if c.answered else 3)
    for owner, due in list(c.parts_due.items()):
        if owner not in c.answered and due <= week:
            c.answered.add(owner)
            w.log.record_one("complaint_part_answered", c.client, detail=c.regime, actor=owner, ref=c.id,
                         value=week - c.filed)
    if len(c.answered) == len(c.owners):
        return _close(w, c, 0)
    if week >= c.deadline:
        return _close(w, c, 1 if c.answered else 2)
    return True

def _at_address(w: "World", c: Complaint, rng) -> None:
    net, cp, week = w.net, w.params.complaints, w.week
    address = c.address
    handling = lambda: week + 1 + int(rng.exponential(cp.handling_weeks))  # noqa: E731
    if c.routed:
        # the regiebehandelaar routes every part to its owner and chases them
        q = float(net.coordinator_quality[address])
        for owner in c.owners:
            if owner not in c.parts_due and rng.random() < q:
                c.parts_due[owner] = handling()
                w.log.record_one("complaint_forwarded", c.client, detail=c.regime, actor=address, target=owner, ref=c.id)
        return
    if address in c.owners:
        if address not in c.parts_due:
            c.parts_due[address] = handling()
            for owner in c.owners:
                if owner not in c.parts_due and net.knows[address, owner] and rng.random() < cp.forward:
                    c.parts_due[owner] = handling()
                    w.log.record_one("complaint_forwarded", c.client, detail=c.regime, actor=address, target=owner,
                                 ref=c.id)
        return
    known = [o for o in c.owners if net.knows[address, o]]
    if known and rng.random() < cp.forward:
        owner = known[int(rng.random() * len(known))]
        w.log.record_one("complaint_forwarded", c.client, detail=c.regime, actor=address, target=owner, ref=c.id)
        c.address = owner
        return
    # not ours: bounced back to the complainant
    c.bounces += 1
    w.log.record_one("complaint_bounced", c.client, detail=c.regime, actor=address, ref=c.id, value=c.bounces)
    carer = net.primary_carer[c.client]
    overloaded = carer >= 0 and net.carer_category[carer] >= 2
    if rng.random() < min(1.0, cp.give_up * (2 if overloaded else 1)):
        c.address = -2  # marks given up
        return
    c.address = -1
    c.refile_week = week + 1 + int(rng.exponential(cp.refile_weeks))

def _close(w: "World", c: Complaint, end: int) -> bool:
    """Close with an end from COMPLAINT_ENDS; ``actor`` is the regiebehandelaar if one routed it."""
    w.log.record_one("complaint_closed", c.client, detail=end, ref=c.id, value=w.week - c.filed,
                 actor=c.address if c.routed else -1)
    return False
