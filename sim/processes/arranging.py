"""Arranging (ODD 7.3): gaps are taken up, taken to the law's desk, indicated and matched to a post.

Who takes a gap up and how fast depends on the arranger; the regelwerk hours fall on the carer when the
carer arranges (or holds the budget), on the regiebehandelaar's capacity when there is one. Stream
``arranging`` for take-up, ``matching`` for the choice of post, ``budget`` for budgets a holder can no longer
manage (one draw per client per week). Hours per week; waits in weeks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import nonzero2
from sim.processes.posts import add_member, choose_posts, lead_posts

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D = len(V.DOMAINS)


def arranger(w: "World") -> np.ndarray:
    """Who arranges each client's care this week (a code from ``ARRANGERS``).

    Precedence: regiebehandelaar, budget holder, the client, a registered
    proxy, any active carer, nobody.
    """
    net = w.net
    has_carer = net.primary_carer >= 0
    who = np.full(net.n_clients, V.NOBODY, np.int8)
    np.putmask(who, has_carer, V.CARER)  # putmask: faster than a boolean-mask assignment
    np.putmask(who, has_carer & net.proxy, V.PROXY)
    np.putmask(who, net.able & net.wishes, V.SELF)
    np.putmask(who, net.budget & (~net.budget_by_carer | has_carer), V.BUDGET_HOLDER)
    np.putmask(who, net.coordinator >= 0, V.COORD)
    return who


def indicable_need(w: "World", clients: np.ndarray | None = None) -> np.ndarray:
    """Need a desk will indicate: nursing and support need minus the 'gebruikelijke zorg' expected of a carer who
    lives with the client (a partner or parent), unless the carer's overload has been signalled. For every client,
    or only for ``clients`` (rows in their order)."""
    net = w.net
    idx = slice(None) if clients is None else clients
    target = net.base_need[idx] + net.extra_need[idx]
    expects_carer = coresident_primary(net)[idx] & ~net.usual_care_waived[idx]
    usual = 1 - np.where(expects_carer, w.client_usual_care[idx], 0.0).astype(np.float32)
    target[:, V.NURSING] *= usual
    target[:, V.SUPPORT] *= usual
    return target


def budget_lost(w: "World", u: np.ndarray) -> None:
    """Holders who can no longer manage their integral pgb (chance ``unmanaged_per_year``/52 a week, ``u``: one
    uniform draw per client) lose it: care goes back to care in kind, arranged by whoever arranges then."""
    net = w.net
    lost = np.flatnonzero(net.budget & (u < w.params.policies.integral_pgb.unmanaged_per_year / 52))
    if lost.size:
        net.budget[lost] = net.budget_by_carer[lost] = net.budget_pays_carer[lost] = False
        w.log.record("budget_withdrawn", lost)


def coresident_primary(net) -> np.ndarray:
    """Per client: the primary carer lives with the client (the one from whom 'gebruikelijke zorg' is expected)."""
    return np.append(net.carer_coresident, False)[net.primary_carer.astype(np.intp)]  # -1: the padding, False


def arranging(w: "World") -> None:
    """Gaps are taken up, taken to the law's desk, indicated and matched to a post.

    Who takes a gap up and how fast depends on the arranger; the regelwerk
    hours fall on the carer when the carer arranges (or holds the budget). With
    a regiebehandelaar the professional arranging is the lead's (the
    regiebehandelaar, or the specialist during an admission) and the carer keeps
    ``carer_keeps_share`` of the desk and follow-up work.
    """
    net, p, rng, week = w.net, w.params, w.streams.arranging, w.week
    N = net.n_clients
    keeps = p.policies.regiebehandelaar.carer_keeps_share
    budget_lost(w, w.streams.budget.random(N, dtype=np.float32))
    who = arranger(w)
    w.who = who
    home = net.admitted_until < 0
    target = indicable_need(w)
    net.arranged = np.minimum(net.arranged, target)
    u = rng.random((N, D), dtype=np.float32)  # fixed size: whether a gap is taken up this week

    carer = net.primary_carer
    overloaded = np.append(net.carer_category >= 2, False)[carer.astype(np.intp)]      # no carer (-1): False
    coord = net.coordinator
    q = np.append(net.coordinator_quality, np.float32(1))[coord.astype(np.intp)]       # no regiebehandelaar: 1
    carer_arranges = (who == V.CARER) | (who == V.PROXY) | ((who == V.BUDGET_HOLDER) & net.budget_by_carer)
    take_up = np.select(
        [who == V.COORD, who == V.NOBODY],
        [q, np.full(N, p.arranging.professional_initiative)],
        p.arranging.notice_self * np.where(overloaded & carer_arranges, 1 - p.strain.overloaded_fails, 1.0))

    # a provider that was not told what is expected starts once someone who arranges calls
    bc, bd = nonzero2(net.blocked)
    unblock = rng.random(bc.size) < take_up[bc]
    net.blocked[bc[unblock], bd[unblock]] = False

    gap = home[:, None] & (net.request_stage == 0) & (target - net.arranged > p.arranging.gap_threshold)
    start = gap & (u < take_up[:, None])
    clients, domains = nonzero2(start)
    if clients.size:
        v = rng.random((clients.size, 2))
        refused = (who[clients] == V.CARER) & (v[:, 0] < p.arranging.informal_refusal)
        law = net.law[clients, domains]
        lo, hi = w.indication_weeks[law, 0], w.indication_weeks[law, 1]
        # a budget holder's first request makes the one integral plan; later ones are revisions by the same consultant
        by_budget = who[clients] == V.BUDGET_HOLDER
        first_plan = by_budget & ~net.budget_planned[clients]
        blo, bhi = p.policies.integral_pgb.indication_weeks
        rlo, rhi = p.arranging.zvw_weeks
        lo = np.where(first_plan, blo, np.where(by_budget, rlo, lo))
        hi = np.where(first_plan, bhi, np.where(by_budget, rhi, hi))
        weeks = lo + np.floor(v[:, 1] * (hi - lo + 1)).astype(np.int32)
        by_mandate = (who[clients] == V.COORD) & (law == V.WMO) & net.coordinator_mandate[np.maximum(coord[clients], 0)]
        weeks = np.where(by_mandate, 0, weeks)
        ok = ~refused
        net.budget_planned[clients[by_budget & ok]] = True
        net.request_stage[clients[ok], domains[ok]] = 1
        net.request_due[clients[ok], domains[ok]] = week + weeks[ok]
        ids = w.next_request_id + np.arange(clients.size, dtype=np.int32)  # attempts, refused ones included
        w.next_request_id += clients.size
        net.request_id[clients[ok], domains[ok]] = ids[ok]
        w.log.record("request", clients[ok], detail=domains[ok], value=who[clients[ok]], ref=ids[ok])
        w.log.record("request_refused", clients[~ok], detail=domains[~ok], value=who[clients[~ok]], ref=ids[~ok])
        # regelwerk: desk time (a third for Zvw), extra without a proxy's mandate; coordinator time
        desk = p.arranging.desk_hours * np.where(law == V.ZVW, 1 / 3, 1.0)
        # a budget holder's later request is a revision of the one plan with the same consultant
        desk = np.where(by_budget & ~first_plan, p.policies.integral_pgb.revision_hours, desk)
        by_carer = carer_arranges[clients]
        w.add_regelwerk(clients[by_carer], desk[by_carer], V.DESK, ids[by_carer])
        informal = who[clients] == V.CARER
        w.add_regelwerk(clients[informal], p.arranging.informal_mandate_hours, V.MANDATE, ids[informal])
        # under a regiebehandelaar (or, during an admission, the specialist) the professional arranging is theirs;
        # the family keeps its part (practical matters, appointments, its own tasks)
        by_lead = who[clients] == V.COORD
        co = clients[by_lead]
        w.add_overhead(lead_posts(net, co), p.policies.regiebehandelaar.request_hours, "coordination_hours", co)
        w.add_regelwerk(co, desk[by_lead] * keeps, V.DESK, ids[by_lead])
        wmo = clients[(law == V.WMO) & ok]
        add_member(w, wmo, V.SOCIAL_TEAM, w.streams.matching)

    # waiting: follow-up calls by whoever arranges
    requested = net.request_stage > 0
    wc, wd = nonzero2(requested & carer_arranges[:, None])
    w.add_regelwerk(wc, p.arranging.waiting_hours, V.WAITING, net.request_id[wc, wd])
    kc, kd = nonzero2(requested & (who == V.COORD)[:, None])  # the family's part under a lead
    w.add_regelwerk(kc, p.arranging.waiting_hours * keeps, V.WAITING, net.request_id[kc, kd])

    # indication done -> look for a provider
    net.request_stage[(net.request_stage == 1) & (net.request_due <= week)] = 2
    _match(w, target, who, w.streams.matching)


def _match(w: "World", target: np.ndarray, who: np.ndarray, rng: np.random.Generator) -> None:
    """Indicated requests get a post with spare capacity; a new post is a referral."""
    net, p, week = w.net, w.params, w.week
    clients, domains = nonzero2(net.request_stage == 2)
    if clients.size == 0:
        return
    roles = np.asarray(V.DOMAIN_ROLE)[domains]
    current = net.member[clients, roles]
    spare = net.post_capacity * p.workforce.overbooking - w.booked
    matched = np.zeros(clients.size, bool)
    keep = current >= 0
    matched[keep] = True
    new_posts = np.full(clients.size, -1, np.int32)
    any_provider = net.budget[clients] & (who[clients] == V.BUDGET_HOLDER)
    free = np.maximum(spare, 0.0)
    for free_choice in (False, True):  # contracted posts only, or any post for a budget holder
        sel = np.flatnonzero(~keep & (any_provider == free_choice))
        if sel.size == 0:
            continue
        weight = free if free_choice else free * net.post_contracted
        picks = choose_posts(w, clients[sel], roles[sel], weight, rng)
        new_posts[sel] = picks
        matched[sel] = picks >= 0  # else a waiting list: try again next week
    c, d = clients[matched], domains[matched]
    posts = np.where(keep, current, new_posts)[matched]
    net.member[c, np.asarray(V.DOMAIN_ROLE)[d]] = posts
    net.arranged[c, d] = target[c, d]
    net.request_stage[c, d] = 0
    new_post = ~keep[matched]
    delay = new_post & net.budget[c] & (who[c] == V.BUDGET_HOLDER) & (
        rng.random(c.size) < p.policies.integral_pgb.settlement_delay)
    net.start_week[c[new_post], d[new_post]] = np.where(delay[new_post], week + p.policies.integral_pgb.settlement_weeks,
                                                        week)
    w.log.record("care_started", c, detail=d, target=posts, value=np.where(delay, p.policies.integral_pgb.settlement_weeks, 0))
    referred = ~keep[matched]
    w.transitions.add(w, V.REFERRAL, c[referred], posts[referred])
