"""Arranging (ODD 7.3): gaps are taken up, taken to the law's desk, indicated and matched to a post.

Who takes a gap up and how fast depends on the arranger; the regelwerk hours fall on the carer when the
carer arranges (or holds the budget), on the regiebehandelaar's capacity when there is one. Stream
``arranging`` for take-up, ``matching`` for the choice of post, ``budget`` for budgets a holder can no longer
manage (one draw per client per week). Hours per week; waits in weeks.

The passes over every client (who arranges, the take-up probability, the indicable need and the gaps taken up,
the follow-up of open requests) and the loops over the week's requests (to the desk; care starting once a post is
found) are compiled (:func:`sim.processes.compiled.kernel`). The process draws the numbers they use, chooses the
posts (:func:`sim.processes.posts.choose_posts`) and does the records and the charging of time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import nonzero2
from sim.processes.compiled import kernel
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
    return _arranger(net.coordinator, net.budget, net.budget_by_carer, net.able, net.wishes, net.proxy,
                     net.primary_carer)


@kernel
def _arranger(coordinator, budget, budget_by_carer, able, wishes, proxy, primary_carer):
    """Per client, the first who applies (a code of ``ARRANGERS``, int8): the regiebehandelaar (a coordinator), the
    budget holder (a budget, held by the client or by a carer who is still there), the client (able and wishing to),
    a registered proxy (with a primary carer), the primary carer, nobody."""
    who = np.empty(coordinator.size, np.int8)
    for c in range(coordinator.size):
        has_carer = primary_carer[c] >= 0
        if coordinator[c] >= 0:
            who[c] = V.COORD
        elif budget[c] and (has_carer or not budget_by_carer[c]):
            who[c] = V.BUDGET_HOLDER
        elif able[c] and wishes[c]:
            who[c] = V.SELF
        elif has_carer and proxy[c]:
            who[c] = V.PROXY
        elif has_carer:
            who[c] = V.CARER
        else:
            who[c] = V.NOBODY
    return who


def indicable_need(w: "World", clients: np.ndarray | None = None) -> np.ndarray:
    """Need a desk will indicate: nursing and support need minus the 'gebruikelijke zorg' expected of a carer who
    lives with the client (a partner or parent), unless the carer's overload has been signalled. For every client,
    or only for ``clients`` (rows in their order)."""
    net = w.net
    rows = np.arange(net.n_clients) if clients is None else np.asarray(clients)
    return _indicable_need(rows, net.base_need, net.extra_need, net.primary_carer, net.carer_coresident,
                           net.usual_care_waived, w.client_usual_care)


@kernel
def _indicable_need(clients, base_need, extra_need, primary_carer, carer_coresident, usual_care_waived,
                    usual_care_share):
    """Hours per week a desk indicates, per client of ``clients`` (rows in their order) and domain (float32, as the
    need): the need (base plus extra), nursing and support times :func:`_usual_care_left`."""
    target = np.empty((clients.size, D), np.float32)
    flat_target, flat_base, flat_extra = target.reshape(-1), base_need.reshape(-1), extra_need.reshape(-1)
    for i in range(clients.size):
        c = clients[i]
        left = _usual_care_left(c, primary_carer, carer_coresident, usual_care_waived, usual_care_share)
        for d in range(D):  # D a constant: the loop over the domains unrolls
            need = flat_base[c * D + d] + flat_extra[c * D + d]
            flat_target[i * D + d] = need * left if d == V.NURSING or d == V.SUPPORT else need
    return target


@kernel
def _usual_care_left(c, primary_carer, carer_coresident, usual_care_waived, usual_care_share):
    """The part of client ``c``'s nursing and support need a desk indicates (float32, as the need): 1 - the
    profile's ``usual_care_share`` when the primary carer lives with the client and the carer's overload has not
    waived the usual care, else 1 (arithmetic, not a branch the processor would mispredict)."""
    carer = primary_carer[c]
    expected = (carer >= 0) & carer_coresident[max(carer, 0)] & (not usual_care_waived[c])
    return np.float32(1) - np.float32(usual_care_share[c] * expected)  # the share or 0


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
    u = rng.random((N, D), dtype=np.float32)  # fixed size: whether a gap is taken up this week
    carer_arranges, take_up = _take_up(who, net.budget_by_carer, net.primary_carer, net.carer_category,
                                       net.coordinator, net.coordinator_quality,
                                       float(p.arranging.professional_initiative), float(p.arranging.notice_self),
                                       float(1 - p.strain.overloaded_fails))

    # a provider that was not told what is expected starts once someone who arranges calls
    bc, bd = nonzero2(net.blocked)
    unblock = rng.random(bc.size) < take_up[bc]
    net.blocked[bc[unblock], bd[unblock]] = False

    # arranged care never exceeds the indicable need; gaps above the threshold are taken up
    clients, domains = nonzero2(_gaps_taken_up(
        net.base_need, net.extra_need, net.primary_carer, net.carer_coresident, net.usual_care_waived,
        w.client_usual_care, net.arranged, net.admitted_until, net.request_stage, u, take_up,
        np.float32(p.arranging.gap_threshold)))
    if clients.size:
        a, pgb = p.arranging, p.policies.integral_pgb
        v = rng.random((clients.size, 2))  # a carer without a mandate turned away; the indication's weeks
        ids = w.next_request_id + np.arange(clients.size, dtype=np.int32)  # attempts, refused ones included
        w.next_request_id += clients.size
        law = net.law[clients, domains]
        ok, desk = _to_the_desk(clients, domains, law, v, ids, who, net.budget_planned, net.coordinator,
                                net.coordinator_mandate, net.request_stage, net.request_due, net.request_id,
                                w.indication_weeks, np.asarray(pgb.indication_weeks), np.asarray(a.zvw_weeks),
                                float(a.informal_refusal), float(a.desk_hours), float(pgb.revision_hours), week)
        w.log.record("request", clients[ok], detail=domains[ok], value=who[clients[ok]], ref=ids[ok])
        w.log.record("request_refused", clients[~ok], detail=domains[~ok], value=who[clients[~ok]], ref=ids[~ok])
        # regelwerk: desk time, extra without a proxy's mandate; coordinator time
        by_carer = carer_arranges[clients]
        w.add_regelwerk(clients[by_carer], desk[by_carer], V.DESK, ids[by_carer])
        informal = who[clients] == V.CARER
        w.add_regelwerk(clients[informal], a.informal_mandate_hours, V.MANDATE, ids[informal])
        # under a regiebehandelaar (or, during an admission, the specialist) the professional arranging is theirs;
        # the family keeps its part (practical matters, appointments, its own tasks)
        by_lead = who[clients] == V.COORD
        co = clients[by_lead]
        w.add_overhead(lead_posts(net, co), p.policies.regiebehandelaar.request_hours, "coordination_hours", co)
        w.add_regelwerk(co, desk[by_lead] * keeps, V.DESK, ids[by_lead])
        add_member(w, clients[(law == V.WMO) & ok], V.SOCIAL_TEAM, w.streams.matching)  # a Wmo request: the team

    # waiting: follow-up calls by whoever arranges, the family's part under a lead; indication done -> a provider
    carer_calls, lead_calls, awaiting = _follow_up(net.request_stage, net.request_due, carer_arranges, who, week)
    wc, wd = nonzero2(carer_calls)
    w.add_regelwerk(wc, p.arranging.waiting_hours, V.WAITING, net.request_id[wc, wd])
    kc, kd = nonzero2(lead_calls)
    w.add_regelwerk(kc, p.arranging.waiting_hours * keeps, V.WAITING, net.request_id[kc, kd])
    _match(w, *nonzero2(awaiting), who, w.streams.matching)


@kernel
def _take_up(who, budget_by_carer, primary_carer, carer_category, coordinator, coordinator_quality,
             professional_initiative, notice_self, overloaded_keeps):
    """Per client, whether a carer arranges (the carer, a proxy, or a carer who holds the budget), and the
    probability per week that whoever arranges takes a gap up (or calls a provider): the regiebehandelaar's
    ``coordinator_quality``; nobody's ``professional_initiative``; anyone else's ``notice_self``, times
    ``overloaded_keeps`` (1 - the chance an overloaded carer fails) when a carer arranges whose survey category is
    very heavy or overburdened. Written with selects, not branches: a client's arranger is as good as random to the
    processor, and a mispredicted branch costs more than the arithmetic."""
    n_clients = who.size
    carer_arranges = np.empty(n_clients, np.bool_)
    take_up = np.empty(n_clients)
    for c in range(n_clients):
        code, carer = who[c], primary_carer[c]
        arranges = (code == V.CARER) | (code == V.PROXY) | ((code == V.BUDGET_HOLDER) & budget_by_carer[c])
        carer_arranges[c] = arranges
        overloaded = (carer >= 0) & (carer_category[max(carer, 0)] >= 2)
        chance = notice_self * (overloaded_keeps if overloaded & arranges else 1.0)
        chance = professional_initiative if code == V.NOBODY else chance
        quality = np.float64(coordinator_quality[max(coordinator[c], 0)])  # read for everyone: no branch
        take_up[c] = quality if code == V.COORD else chance
    return carer_arranges, take_up


@kernel
def _gaps_taken_up(base_need, extra_need, primary_carer, carer_coresident, usual_care_waived, usual_care_share,
                   arranged, admitted_until, request_stage, u, take_up, gap_threshold):
    """One pass over the clients and domains: the indicable need (as :func:`_indicable_need`), ``arranged`` capped
    at it (in place), and whether a gap is taken up this week: the client is at home, has no open request for the
    domain, the indicable need exceeds the arranged care by more than ``gap_threshold`` (hours per week, float32 as
    the hours), and the draw ``u`` is below the client's ``take_up`` probability."""
    taken = np.empty(arranged.shape, np.bool_)
    flat_taken, flat_arranged, flat_stage, flat_u = taken.reshape(-1), arranged.reshape(-1), \
        request_stage.reshape(-1), u.reshape(-1)
    flat_base, flat_extra = base_need.reshape(-1), extra_need.reshape(-1)
    for c in range(admitted_until.size):
        home, chance = admitted_until[c] < 0, take_up[c]
        left = _usual_care_left(c, primary_carer, carer_coresident, usual_care_waived, usual_care_share)
        for d in range(D):  # D a constant: the loop over the domains unrolls
            k = c * D + d
            need = flat_base[k] + flat_extra[k]
            target = need * left if d == V.NURSING or d == V.SUPPORT else need
            held = min(flat_arranged[k], target)
            flat_arranged[k] = held
            flat_taken[k] = home & (flat_stage[k] == 0) & (target - held > gap_threshold) & (flat_u[k] < chance)
    return taken


@kernel
def _to_the_desk(clients, domains, law, v, ids, who, budget_planned, coordinator, coordinator_mandate,
                 request_stage, request_due, request_id, indication_weeks, plan_weeks, revision_weeks,
                 informal_refusal, desk_hours, revision_hours, week):
    """The gaps taken up (``clients``, ``domains``, under ``law``), in order, go to the law's desk with their two
    draws ``v``. A request by a carer without a proxy's mandate (arranger ``CARER``) is turned away when
    ``v[0]`` < ``informal_refusal``. Any other goes to stage 1 under its id, due after lo + floor(``v[1]`` (hi - lo
    + 1)) weeks of the law's range (``indication_weeks``, weeks), or of the integral plan's (``plan_weeks``) for a
    budget holder's first request (planned from then on: in place) and of a revision's (``revision_weeks``) for
    a later one; 0 weeks for a regiebehandelaar with a mandate on a Wmo request. Which requests are first plans is
    decided before any is made. Returns whether each was accepted, and its desk hours (every attempt):
    ``desk_hours``, a third for Zvw, or ``revision_hours`` for a budget holder's revision."""
    n = clients.size
    first_plan = np.empty(n, np.bool_)
    for i in range(n):
        first_plan[i] = (who[clients[i]] == V.BUDGET_HOLDER) & (not budget_planned[clients[i]])
    ok = np.empty(n, np.bool_)
    desk = np.empty(n)
    for i in range(n):
        c, d, code = clients[i], domains[i], who[clients[i]]
        by_budget = code == V.BUDGET_HOLDER
        lo, hi = indication_weeks[law[i], 0], indication_weeks[law[i], 1]
        if first_plan[i]:
            lo, hi = plan_weeks[0], plan_weeks[1]
        elif by_budget:
            lo, hi = revision_weeks[0], revision_weeks[1]
        weeks = lo + int(np.floor(v[i, 1] * (hi - lo + 1)))
        if code == V.COORD and law[i] == V.WMO and coordinator_mandate[max(coordinator[c], 0)]:
            weeks = 0
        ok[i] = not (code == V.CARER and v[i, 0] < informal_refusal)
        if ok[i]:
            budget_planned[c] |= by_budget
            request_stage[c, d], request_due[c, d], request_id[c, d] = 1, week + weeks, ids[i]
        zvw = law[i] == V.ZVW
        desk[i] = revision_hours if by_budget and not first_plan[i] else desk_hours * (1 / 3 if zvw else 1.0)
    return ok, desk


@kernel
def _follow_up(request_stage, request_due, carer_arranges, who, week):
    """One pass over the requests: those whose indication is due by ``week`` (a model week) move from the desk
    (stage 1) to awaiting a provider (stage 2), in place. Returns, per client and domain, whether an open request
    (stage 1 or 2) is followed up by a carer who arranges, whether one is followed up under a lead (a
    regiebehandelaar; the family keeps its part), and whether a request awaits a provider."""
    carer_calls = np.empty(request_stage.shape, np.bool_)
    lead_calls = np.empty(request_stage.shape, np.bool_)
    awaiting = np.empty(request_stage.shape, np.bool_)
    flat_carer, flat_lead, flat_awaiting = carer_calls.reshape(-1), lead_calls.reshape(-1), awaiting.reshape(-1)
    flat_stage, flat_due = request_stage.reshape(-1), request_due.reshape(-1)
    for c in range(who.size):
        carer, lead = carer_arranges[c], who[c] == V.COORD
        for d in range(D):
            k = c * D + d
            stage = flat_stage[k]
            flat_carer[k] = (stage > 0) & carer
            flat_lead[k] = (stage > 0) & lead
            stage = 2 if (stage == 1) & (flat_due[k] <= week) else stage
            flat_stage[k] = stage
            flat_awaiting[k] = stage == 2
    return carer_calls, lead_calls, awaiting


def _match(w: "World", clients: np.ndarray, domains: np.ndarray, who: np.ndarray, rng: np.random.Generator) -> None:
    """Indicated requests (``clients``, ``domains``: those at stage 2, in order) get a post with spare capacity and
    are arranged at the indicable need; a new post is a referral."""
    net, p = w.net, w.params
    if clients.size == 0:
        return
    roles = w.domain_role[domains]
    posts = net.member.reshape(-1)[clients * len(V.ROLES) + roles]  # a post of the role keeps the client
    seeking = posts < 0
    any_provider = net.budget[clients] & (who[clients] == V.BUDGET_HOLDER)
    free = np.maximum(net.post_capacity * p.workforce.overbooking - w.booked, 0.0)  # not reduced within the week
    for free_choice in (False, True):  # contracted posts only, or any post for a budget holder
        sel = np.flatnonzero(seeking & (any_provider == free_choice))
        if sel.size:
            weight = free if free_choice else free * net.post_contracted
            posts[sel] = choose_posts(w, clients[sel], roles[sel], weight, rng)  # -1: a waiting list, next week again
    matched = posts >= 0
    u = rng.random(np.count_nonzero(matched))  # a budget holder's new provider may start after the settlement
    pgb = p.policies.integral_pgb
    target = indicable_need(w, clients[matched])  # as at the start of the process: nothing it depends on changed
    c, d, posts, delay, referred = _care_starts(clients, domains, roles, posts, seeking, any_provider, u, target,
                                                net.member, net.arranged, net.request_stage, net.start_week,
                                                float(pgb.settlement_delay), int(pgb.settlement_weeks), w.week)
    w.log.record("care_started", c, detail=d, target=posts, value=delay)
    w.transitions.add(w, V.REFERRAL, c[referred], posts[referred])


@kernel
def _care_starts(clients, domains, roles, posts, new_post, by_budget, u, target, member, arranged, request_stage,
                 start_week, settlement_delay, settlement_weeks, week):
    """Care starts for the requests that got a post (``posts`` >= 0, in order; the others wait): the post becomes
    the client's member of the role, the care is arranged at the indicable need (``target``: hours per week, a row
    per request matched) and the request closes. A ``new_post`` starts this week (a model week), or, when a budget
    holder chose it (``by_budget``) and the request's draw ``u`` (one per request matched) is below
    ``settlement_delay``, ``settlement_weeks`` later. All in place. Returns, per request matched: client, domain,
    post, the settlement delay in weeks (0 or ``settlement_weeks``) and whether the post is new (a referral)."""
    matched = np.flatnonzero(posts >= 0)
    delay = np.zeros(matched.size, np.int64)
    for k in range(matched.size):
        i = matched[k]
        c, d = clients[i], domains[i]
        member[c, roles[i]] = posts[i]
        arranged[c, d] = target[k, d]
        request_stage[c, d] = 0
        if new_post[i]:
            if by_budget[i] and u[k] < settlement_delay:
                delay[k] = settlement_weeks
            start_week[c, d] = week + delay[k]
    return clients[matched], domains[matched], posts[matched], delay, new_post[matched]
