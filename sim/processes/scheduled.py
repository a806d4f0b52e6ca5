"""Scheduled events (ODD 7.0): a vignette's key moments, fixed in advance, acting through the ordinary mechanisms.

Each is a :class:`sim.schedule.ScheduledEvent`; it happens this week whatever the dice say, through the
same functions as the random events (admission, referral, a carer dropping out, a professional leaving,
a change of need). Hours are hours per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.needs import admit_clients, carer_drops_out, refer_clients
from sim.processes.workforce import posts_change_hands

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def scheduled_events(w: "World") -> None:
    """Events fixed in advance (a vignette's key moments): they happen this week, whatever the dice say.

    Each is a :class:`sim.schedule.ScheduledEvent`; it acts through the same
    functions as the random events (admission, referral, a carer dropping out,
    a professional leaving, a change of need).
    """
    net = w.net
    for event in w.schedule.get(w.observed_week, ()):
        clients = np.array([event.client], np.int32)
        if event.kind in ("admission", "referral") and event.post >= 0:
            net.member[event.client, net.post_role[event.post]] = event.post  # to this professional
        if event.kind == "admission":
            if net.admitted_until[event.client] < 0:
                w.log.record("acute_event", clients, detail=V.ACUTE_KINDS.index(event.acute))
                admit_clients(w, clients, np.array([event.weeks], np.int32), 0.0)
        elif event.kind == "referral":
            role = int(net.post_role[event.post]) if event.post >= 0 else V.ROLES.index(event.role)
            refer_clients(w, clients, role, 0.0)
        elif event.kind == "contact":
            w.transitions.add(w, V.CONTACT, clients, event.post)
        elif event.kind == "carer_dropout":
            carer_drops_out(w, np.array([event.carer], np.int32))
        elif event.kind == "professional_leaving":
            posts_change_hands(w, np.array([event.post], np.int32))
        elif event.kind == "need":
            domain = V.DOMAINS.index(event.domain)
            net.base_need[event.client, domain] = event.hours
            w.log.record("need_changed", clients, detail=domain, value=event.hours)
