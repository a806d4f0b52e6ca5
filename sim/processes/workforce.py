"""Workforce (ODD 7.1): professionals leave their posts; a successor takes over without the contacts.

Streams: ``workforce``, one uniform draw per post and one per client per week (a case consultation);
``continuity``, one per client per week (a budget holder keeping a professional who leaves). Rates are per year.

The successors' acquaintance and the search for the clients of the leaving posts are compiled loops
(:func:`sim.processes.compiled.kernel`) that write the district blocks of ``net.knows`` directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import nonzero2
from sim.processes.compiled import kernel
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
    knows = net.knows
    _successors_meet_their_organisation(leaving, net.post_org, knows.blocks, knows.district, knows.local)
    is_leaving = np.zeros(net.n_posts + 1, bool)  # the extra last entry stands for "no post" (-1)
    is_leaving[leaving] = True
    clients, roles = nonzero2(_has_post(net.member, is_leaving))
    if keeps is not None:
        kept = keeps[clients]
        w.log.record("professional_kept", clients[kept], target=net.member[clients[kept], roles[kept]])
        clients, roles = clients[~kept], roles[~kept]
    w.transitions.add(w, V.PROFESSIONAL_LEAVING, clients, net.member[clients, roles])


@kernel
def _successors_meet_their_organisation(leaving, post_org, blocks, district, local):
    """The people who take over the posts ``leaving`` know exactly the colleagues of their own organisation in
    their district: each leaving post's row and column of its district's block of the acquaintance
    (:class:`sim.network.Acquaintance`: ``blocks[district, local, local]``) become 'same organisation', in place.
    One pass over the posts (the colleagues), with the leaving posts grouped by district (a few per district)."""
    n_districts = blocks.shape[0]
    first = np.zeros(n_districts + 1, np.int64)  # the leaving posts of district d: grouped[first[d]:first[d + 1]]
    for post in leaving:
        first[district[post] + 1] += 1
    for d in range(n_districts):
        first[d + 1] += first[d]
    grouped = np.empty(leaving.size, np.int64)
    filled = first[:-1].copy()
    for post in leaving:
        d = district[post]
        grouped[filled[d]] = post
        filled[d] += 1
    for colleague in range(district.size):
        d = district[colleague]
        for k in range(first[d], first[d + 1]):
            post = grouped[k]
            same = post_org[colleague] == post_org[post]
            blocks[d, local[post], local[colleague]] = same
            blocks[d, local[colleague], local[post]] = same


@kernel
def _has_post(member, is_leaving):
    """Per client and role, whether the client's post of the role (-1: none, the last entry of ``is_leaving``)
    is one whose professional leaves."""
    has = np.empty(member.shape, np.bool_)
    flat_has, flat_member = has.reshape(-1), member.reshape(-1)
    for k in range(flat_member.size):
        flat_has[k] = is_leaving[flat_member[k]]  # -1 reads the last entry, as in numpy
    return has
