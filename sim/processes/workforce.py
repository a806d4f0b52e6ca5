"""Workforce (ODD 7.1): professionals leave their posts; a successor takes over without the contacts.

Streams: ``workforce``, one uniform draw per post and one per client per week (a case consultation);
``continuity``, one per client per week (a budget holder keeping a professional who leaves). Rates are per year.

The posts leaving and the budget holders who would keep their professional, the change of hands (the successors'
acquaintance, the search for the clients of the leaving posts, who keeps theirs) and the case consultations are
compiled loops (:func:`sim.compiled.kernel`), run in one call a week, that write the district blocks of
``net.knows`` directly; the process draws all three streams' numbers first and keeps the records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel
from sim.processes.posts import members_meet

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World

R = len(V.ROLES)


def workforce(w: "World") -> None:
    """Professionals leave their posts; a successor takes over without the contacts. Professionals who share a
    client meet about them now and then, and get to know each other.

    Every client of the post has a ``professional_leaving`` transition. The
    successor knows only colleagues of the same organisation.
    """
    net, p = w.net, w.params
    u = w.streams.workforce.random(net.n_posts, dtype=np.float32)
    uc = w.streams.continuity.random(net.n_clients, dtype=np.float32)  # a budget holder keeping a professional
    um = w.streams.workforce.random(net.n_clients, dtype=np.float32)  # a case consultation
    knows = net.knows
    _record_change(w, *_workforce_week(
        u, uc, um, p.workforce.turnover_per_year / 52, p.policies.integral_pgb.continuity_share,
        p.workforce.consultations_per_year / 52, net.budget, w.who, net.admitted_until, net.post_person,
        net.post_org, net.member, knows.blocks, knows.district, knows.local))


@kernel
def _workforce_week(u, uc, um, turnover, continuity_share, consultation_chance, budget, who, admitted_until,
                    post_person, post_org, member, blocks, district, local):
    """The week's turnover and case consultations, in one call: the posts whose draw ``u`` (one per post) is below
    ``turnover`` (probability per week; :func:`_below`) change hands (:func:`_change_hands`), budget holders whose
    draw ``uc`` is below ``continuity_share`` keeping theirs (:func:`_keeps`); then professionals who share a client
    meet about them now and then (a case consultation, :func:`_consultations`, with the draws ``um`` and
    ``consultation_chance`` per week) and get to know each other: acquaintance forms as turnover erodes it. All in
    place. Returns what :func:`_change_hands` returns (empty when no post leaves)."""
    leaving = _below(u, turnover)
    if leaving.size:
        clients, posts, kept, kept_posts = _change_hands(leaving, _keeps(budget, who, uc, continuity_share),
                                                         post_person, post_org, member, blocks, district, local)
    else:
        clients, posts = np.empty(0, np.int64), np.empty(0, member.dtype)
        kept, kept_posts = clients, posts
    _consultations(admitted_until, um, consultation_chance, member, blocks, district, local)
    return clients, posts, kept, kept_posts


@kernel
def in_dtype_of(u, chance):
    """``chance`` (a probability) as a number of the draws' ``u`` dtype, to compare them with it as numpy's
    ``u < chance`` does for a Python float: in float32 for float32 draws, in float64 for float64 ones."""
    as_u = np.empty(1, u.dtype)
    as_u[0] = chance
    return as_u[0]


@kernel
def _consultations(admitted_until, u, chance, member, blocks, district, local):
    """The clients at home whose draw ``u`` (one per client) is below ``chance`` (the probability per week,
    compared in the draws' dtype: :func:`in_dtype_of`) have a case consultation: their member posts get to know
    each other (:func:`sim.processes.posts.introduce`), in place."""
    threshold = in_dtype_of(u, chance)
    clients = np.empty(admitted_until.size, np.int64)
    n = 0
    for c in range(admitted_until.size):
        clients[n] = c
        n += (admitted_until[c] < 0) & (u[c] < threshold)  # written always, kept when met: no branch
    members_meet(clients[:n], member, blocks, district, local)


def posts_change_hands(w: "World", leaving: np.ndarray, keeps: np.ndarray | None = None) -> None:
    """The professionals in ``leaving`` leave; successors know only their own organisation's colleagues.

    ``keeps`` (per client): a budget holder who keeps the leaving professional, hired through the budget (integral
    pgb: choice and continuity of providers); for them nothing changes hands, so no transition follows."""
    if leaving.size == 0:
        return
    net = w.net
    knows = net.knows
    _record_change(w, *_change_hands(leaving, np.zeros(0, np.bool_) if keeps is None else keeps, net.post_person,
                                     net.post_org, net.member, knows.blocks, knows.district, knows.local))


def _record_change(w: "World", clients: np.ndarray, posts: np.ndarray, kept: np.ndarray,
                   kept_posts: np.ndarray) -> None:
    """Log the change of hands (:func:`_change_hands`): the budget holders who keep their professional
    (``kept``, with their post) and a ``professional_leaving`` transition for each of the other ``clients`` of the
    leaving posts (with their post)."""
    if kept.size:
        w.log.record("professional_kept", kept, target=kept_posts)
    w.transitions.add(w, V.PROFESSIONAL_LEAVING, clients, posts)


@kernel
def _below(u, chance):
    """The entries whose draw ``u`` is below ``chance`` (a probability, compared in the draws' dtype:
    :func:`in_dtype_of`), in order: one branch-free pass."""
    threshold = in_dtype_of(u, chance)
    at = np.empty(u.size, np.int64)
    n = 0
    for k in range(u.size):
        at[n] = k  # written always, kept when below: no branch
        n += u[k] < threshold
    return at[:n]


@kernel
def _keeps(budget, who, u, continuity_share):
    """Per client, whether a budget holder would keep a professional who leaves (integral pgb): the client has a
    budget and arranges as its holder (``who``), and the draw ``u`` is below ``continuity_share`` (compared in the
    draws' dtype: :func:`in_dtype_of`)."""
    threshold = in_dtype_of(u, continuity_share)
    keeps = np.empty(budget.size, np.bool_)
    for c in range(budget.size):
        keeps[c] = budget[c] & (who[c] == V.BUDGET_HOLDER) & (u[c] < threshold)
    return keeps


@kernel
def _change_hands(leaving, keeps, post_person, post_org, member, blocks, district, local):
    """The posts ``leaving`` change hands: each counts one more person (``post_person``; once for a post given
    twice), the successors know their organisation (:func:`_successors_meet_their_organisation`), all in place.
    Returns the clients of the leaving posts (:func:`_clients_of`) with their post, in order, that the change
    reaches, then those that keep their professional (``keeps``, per client; empty: nobody) with theirs."""
    person = np.empty(leaving.size, post_person.dtype)
    for k in range(leaving.size):  # all read before any is written, as numpy's post_person[leaving] += 1
        person[k] = post_person[leaving[k]] + 1
    for k in range(leaving.size):
        post_person[leaving[k]] = person[k]
    _successors_meet_their_organisation(leaving, post_org, blocks, district, local)
    clients, posts = _clients_of(leaving, member, district.size)
    if keeps.size == 0:
        return clients, posts, clients[:0], posts[:0]
    kept = np.empty(clients.size, np.bool_)
    for i in range(clients.size):
        kept[i] = keeps[clients[i]]
    return clients[~kept], posts[~kept], clients[kept], posts[kept]


@kernel
def _successors_meet_their_organisation(leaving, post_org, blocks, district, local):
    """The people who take over the posts ``leaving`` know exactly the colleagues of their own organisation in
    their district: each leaving post's row and column of its district's block of the acquaintance
    (:class:`sim.network.Acquaintance`: ``blocks[district, local, local]``) become 'same organisation', in place.
    The posts are listed by district first (two passes over them), so each leaving post visits only its own
    district's colleagues."""
    n_districts = blocks.shape[0]
    start = np.zeros(n_districts + 1, np.int64)  # the posts of district d: by_district[start[d]:start[d + 1]]
    for post in range(district.size):
        start[district[post] + 1] += 1
    for d in range(n_districts):
        start[d + 1] += start[d]
    by_district = np.empty(district.size, np.int64)
    filled = start[:-1].copy()
    for post in range(district.size):
        d = district[post]
        by_district[filled[d]] = post
        filled[d] += 1
    for post in leaving:
        d, row, org = district[post], local[post], post_org[post]
        block = blocks[d]
        for k in range(start[d], start[d + 1]):
            colleague = local[by_district[k]]
            same = post_org[by_district[k]] == org
            block[row, colleague] = same
            block[colleague, row] = same


@kernel
def _clients_of(leaving, member, n_posts):
    """The clients who have one of the posts ``leaving`` (of ``n_posts``) in some role (``member``, a column per
    role; -1: none), in order of client, then role, and that post. One pass over the clients: whether any of a
    client's posts leaves (its roles' lookups independent of each other), and only for such a client (few) its
    entries of the leaving posts."""
    is_leaving = np.zeros(n_posts + 1, np.bool_)  # post p is entry p + 1; entry 0 stands for "no post" (-1)
    for post in leaving:
        is_leaving[post + 1] = True
    clients, posts = np.empty(member.size, np.int64), np.empty(member.size, member.dtype)  # the entries: [:n]
    n = 0
    for c in range(member.shape[0]):
        reached = False
        for r in range(R):  # R a constant: the loop over the roles unrolls
            reached |= is_leaving[np.uint32(member[c, r] + 1)]  # an unsigned index: no check for a negative one
        if reached:
            for r in range(R):
                clients[n], posts[n] = c, member[c, r]  # written always, kept when the post leaves: no branch
                n += is_leaving[np.uint32(member[c, r] + 1)]
    return clients[:n].copy(), posts[:n].copy()
