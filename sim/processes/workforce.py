"""Workforce (ODD 7.1): professionals leave their posts; a successor takes over without the contacts.

Streams: ``workforce``, one uniform draw per post and one per client per week (a case consultation);
``continuity``, one per client per week (a budget holder keeping a professional who leaves). Rates are per year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import nonzero2
from sim.processes.posts import introduce

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def workforce(w: "World") -> None:
    """Professionals leave their posts; a successor takes over without the contacts. Professionals who share a
    client meet about them now and then, and get to know each other.

    Every client of the post has a ``professional_leaving`` transition. The
    successor knows only colleagues of the same organisation.
    """
    net = w.net
    u = w.streams.workforce.random(net.n_posts, dtype=np.float32)
    uc = w.streams.continuity.random(net.n_clients, dtype=np.float32)  # a budget holder keeping a professional
    keeps = net.budget & (w.who == V.BUDGET_HOLDER) & (uc < w.params.policies.integral_pgb.continuity_share)
    posts_change_hands(w, np.flatnonzero(u < w.params.workforce.turnover_per_year / 52), keeps)
    # professionals who share a client meet about them now and then (a case consultation) and get to know each
    # other: acquaintance forms as turnover erodes it
    um = w.streams.workforce.random(net.n_clients, dtype=np.float32)
    introduce(net, np.flatnonzero((net.admitted_until < 0) & (um < w.params.workforce.consultations_per_year / 52)))


def posts_change_hands(w: "World", leaving: np.ndarray, keeps: np.ndarray | None = None) -> None:
    """The professionals in ``leaving`` leave; successors know only their own organisation's colleagues.

    ``keeps`` (per client): a budget holder who keeps the leaving professional, hired through the budget (integral
    pgb: choice and continuity of providers); for them nothing changes hands, so no transition follows."""
    net = w.net
    if leaving.size == 0:
        return
    net.post_person[leaving] += 1
    net.knows.reset(leaving, net.post_org)
    is_leaving = np.zeros(net.n_posts + 1, bool)  # the extra last entry stands for "no post" (-1)
    is_leaving[leaving] = True
    clients, roles = nonzero2(is_leaving[net.member.astype(np.intp)])  # intp: a faster gather than with int32
    if keeps is not None:
        kept = keeps[clients]
        w.log.record("professional_kept", clients[kept], target=net.member[clients[kept], roles[kept]])
        clients, roles = clients[~kept], roles[~kept]
    w.transitions.add(w, V.PROFESSIONAL_LEAVING, clients, net.member[clients, roles])
