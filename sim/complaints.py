"""Complaints and their trail: addresses, forwarding, bouncing, partial answers, deadlines.

Complaints are sparse (a few per hundred client-years), so each is a small
object and the desk walks through the open ones every week. Every step of the
trail is written to the event log: ``complaint_filed``, ``complaint_forwarded``,
``complaint_bounced``, ``complaint_part_answered``, ``complaint_closed``.

A complaint is *owned* in parts: each post whose role was involved in the
grievance (the client's ``grievance`` bitmask) owns one part. It ends as
``answered`` (all parts answered by the deadline), ``answered_in_part``,
``unanswered`` (no part answered by the deadline) or ``given_up`` (the
complainant stopped after a bounce).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V

if TYPE_CHECKING:  # pragma: no cover
    from sim.model import CareNetworkModel


@dataclass
class Complaint:
    """One complaint. Weeks are model weeks."""

    id: int
    client: int
    owners: list[int]                 # posts owning a part
    filed: int                        # week filed
    deadline: int                     # week by which it must be answered
    regime: int                       # index into REGIMES
    address: int = -1                 # post holding it now, -1 while the complainant looks for one
    refile_week: int = 0              # when the complainant tries a new address
    parts_due: dict = field(default_factory=dict)   # owner post -> week its answer is ready
    answered: set = field(default_factory=set)
    bounces: int = 0
    routed: bool = False              # handled by a regiebehandelaar
    wake: int = 0                     # next week with something to do


class ComplaintDesk:
    """All complaints of a run, and the weekly handling of the open ones."""

    def __init__(self):
        self.open: list[Complaint] = []
        self.next_id = 0

    # -- filing
    def file(self, m: "CareNetworkModel", client: int, rng: np.random.Generator) -> None:
        net, cp = m.net, m.params.complaints
        members = net.member[client].tolist()
        bits = int(net.grievance[client])
        owners = [p for r, p in enumerate(members) if bits >> r & 1 and p >= 0]
        if not owners:  # a general complaint about unmet care: the GP and the social team
            owners = [members[r] for r in (V.GP, V.SOCIAL_TEAM) if members[r] >= 0]
        co = int(net.coordinator[client])
        if co >= 0 and net.coordinator_address[co]:
            address, routed = co, True
        else:
            address, routed = self._choose(m, client, owners, rng), False
        regime = V.LAW_REGIME[V.ROLE_LAW[net.post_role[address]]]
        if regime == 0:
            extend = rng.random() < cp.extension_share
            deadline = cp.wkkgz_deadline + (cp.wkkgz_extension if extend else 0)
        else:
            deadline = cp.other_deadline
        c = Complaint(self.next_id, client, owners, m.week, m.week + deadline, regime, address, routed=routed)
        self.next_id += 1
        self.open.append(c)
        m.log.record("complaint_filed", client, detail=regime, target=address, ref=c.id, value=len(owners))
        if routed:
            m.add_overhead(np.array([co]), m.params.policies.regiebehandelaar.complaint_hours,
                           "coordination_hours", np.array([client]))

    def _choose(self, m, client: int, owners: list[int], rng) -> int:
        """The complainant picks an address: an owner if they know where to go, else any network member."""
        members = [p for p in m.net.member[client].tolist() if p >= 0]
        u, v = rng.random(2).tolist()
        pool = owners if (u < m.params.complaints.knows_address or not members) else members
        return pool[int(v * len(pool))]

    # -- weekly handling
    def step(self, m: "CareNetworkModel", rng: np.random.Generator) -> None:
        """Advance every open complaint that has something to do this week."""
        still_open = []
        for c in self.open:
            if m.week < c.wake:
                still_open.append(c)
            elif self._advance(m, c, rng):
                c.wake = self._next_wake(m, c)
                still_open.append(c)
        self.open = still_open

    @staticmethod
    def _next_wake(m, c: Complaint) -> int:
        """The next week in which this complaint can change (skips weeks of plain waiting)."""
        waiting_on_parts = (c.address in c.owners and c.address in c.parts_due) or (
            c.routed and len(c.parts_due) == len(c.owners))
        if c.address >= 0 and not waiting_on_parts:
            return m.week + 1
        pending = [due for owner, due in c.parts_due.items() if owner not in c.answered]
        wake = min(pending + [c.deadline])
        if c.address == -1:
            wake = min(wake, c.refile_week)
        return max(wake, m.week + 1)

    def _advance(self, m, c: Complaint, rng) -> bool:
        """One week of one complaint; returns whether it stays open."""
        net, cp, week = m.net, m.params.complaints, m.week
        if c.address < 0 and week >= c.refile_week:
            c.address = self._choose(m, c.client, c.owners, rng)
            m.log.record("complaint_forwarded", c.client, detail=c.regime, actor=-1, target=c.address, ref=c.id)
        if c.address >= 0:
            self._at_address(m, c, rng)
        if c.address == -2:  # the complainant gave up after a bounce
            return self._close(m, c, 1 if c.answered else 3)
        for owner, due in list(c.parts_due.items()):
            if owner not in c.answered and due <= week:
                c.answered.add(owner)
                m.log.record("complaint_part_answered", c.client, detail=c.regime, actor=owner, ref=c.id,
                             value=week - c.filed)
        if len(c.answered) == len(c.owners):
            return self._close(m, c, 0)
        if week >= c.deadline:
            return self._close(m, c, 1 if c.answered else 2)
        return True

    def _at_address(self, m, c: Complaint, rng) -> None:
        net, cp, week = m.net, m.params.complaints, m.week
        address = c.address
        handling = lambda: week + 1 + int(rng.exponential(cp.handling_weeks))  # noqa: E731
        if c.routed:
            # the regiebehandelaar routes every part to its owner and chases them
            q = float(net.coordinator_quality[address])
            for owner in c.owners:
                if owner not in c.parts_due and rng.random() < q:
                    c.parts_due[owner] = handling()
                    m.log.record("complaint_forwarded", c.client, detail=c.regime, actor=address, target=owner, ref=c.id)
            return
        if address in c.owners:
            if address not in c.parts_due:
                c.parts_due[address] = handling()
                for owner in c.owners:
                    if owner not in c.parts_due and net.knows[address, owner] and rng.random() < cp.forward:
                        c.parts_due[owner] = handling()
                        m.log.record("complaint_forwarded", c.client, detail=c.regime, actor=address, target=owner,
                                     ref=c.id)
            return
        known = [o for o in c.owners if net.knows[address, o]]
        if known and rng.random() < cp.forward:
            owner = known[int(rng.random() * len(known))]
            m.log.record("complaint_forwarded", c.client, detail=c.regime, actor=address, target=owner, ref=c.id)
            c.address = owner
            return
        # not ours: bounced back to the complainant
        c.bounces += 1
        m.log.record("complaint_bounced", c.client, detail=c.regime, actor=address, ref=c.id, value=c.bounces)
        carer = net.primary_carer[c.client]
        overloaded = carer >= 0 and net.carer_category[carer] >= 2
        if rng.random() < min(1.0, cp.give_up * (2 if overloaded else 1)):
            c.address = -2  # marks given up
            return
        c.address = -1
        c.refile_week = week + 1 + int(rng.exponential(cp.refile_weeks))

    def _close(self, m, c: Complaint, end: int) -> bool:
        """Close with an end from COMPLAINT_ENDS; ``actor`` is the regiebehandelaar if one routed it."""
        m.log.record("complaint_closed", c.client, detail=end, ref=c.id, value=m.week - c.filed,
                     actor=c.address if c.routed else -1)
        return False
