"""Arranging (ODD 7.3): gaps are taken up, taken to the law's desk, indicated and matched to a post.

Who takes a gap up and how fast depends on the arranger; the regelwerk hours fall on the carer when the
carer arranges (or holds the budget), on the regiebehandelaar's capacity when there is one. Stream
``arranging`` for take-up, ``matching`` for the choice of post, ``budget`` for budgets a holder can no longer
manage (one draw per client per week). Hours per week; waits in weeks.

The passes over every client (who arranges and the take-up probability; the indicable need and the gaps taken up),
the walk over the open requests (their follow-up) and the loops over the week's requests (to the desk, with the
event log's rows, the requests under a lead and the Wmo requests accepted; the week's regelwerk, in the order it is
logged; the posts held and sought, the posts drawn by spare capacity (:func:`sim.processes.posts.draw_post`) and
care starting once a post is found) are compiled (:func:`sim.compiled.kernel`) and return the rows they find
(clients and domains), not masks. They run in three calls a week, one between each two draws whose count they
decide: the passes over every client (:func:`_gaps_of_the_week`), the week's requests up to the posts they may
draw (:func:`_requests_of_the_week`), and care starting (:func:`_care_starts`). The process draws the numbers they
use (how many the matching takes is known before any post is drawn, so its draws come in one call) and does the
records and the charging of time (the week's regelwerk in one :meth:`~sim.world.World.add_regelwerk`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import true_indices
from sim.compiled import kernel
from sim.processes.posts import lead_posts_of, add_member, cumulative_weight, draw_post, spare_hours
from sim.processes.workforce import in_dtype_of

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D, R = len(V.DOMAINS), len(V.ROLES)
REQUEST, REQUEST_REFUSED = V.EVENT["request"], V.EVENT["request_refused"]


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
    for c in range(coordinator.size):  # the last that applies of the precedence read backwards: selects, no branches
        has_carer = primary_carer[c] >= 0
        code = V.CARER if has_carer else V.NOBODY
        code = V.PROXY if has_carer & proxy[c] else code
        code = V.SELF if able[c] & wishes[c] else code
        code = V.BUDGET_HOLDER if budget[c] & (has_carer | (not budget_by_carer[c])) else code
        who[c] = V.COORD if coordinator[c] >= 0 else code
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
    need): :func:`_indicable`."""
    target = np.empty((clients.size, D), np.float32)
    for i in range(clients.size):
        c = clients[i]
        left = _usual_care_left(c, primary_carer, carer_coresident, usual_care_waived, usual_care_share)
        for d in range(D):  # D a constant: the loop over the domains unrolls
            target[i, d] = _indicable(d, base_need[c, d] + extra_need[c, d], left)
    return target


@kernel
def _indicable(d, need, left):
    """Hours per week a desk indicates in domain ``d`` of a client's ``need`` there (base plus extra; float32): for
    nursing and support times ``left``, the part :func:`_usual_care_left` leaves to the desk."""
    return need * left if d == V.NURSING or d == V.SUPPORT else need


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
    lost = _budget_lost(net.budget, u, w.params.policies.integral_pgb.unmanaged_per_year / 52)
    if lost.size:
        net.budget[lost] = net.budget_by_carer[lost] = net.budget_pays_carer[lost] = False
        w.log.record("budget_withdrawn", lost)


@kernel
def _budget_lost(budget, u, chance):
    """The clients with a budget (``budget``) whose draw ``u`` (one per client) is below ``chance`` (the probability
    per week, compared in the draws' dtype: :func:`~sim.processes.workforce.in_dtype_of`), in order: one
    branch-free pass over the clients."""
    threshold = in_dtype_of(u, chance)
    lost = np.empty(budget.size, np.int64)
    n = 0
    for c in range(budget.size):
        lost[n] = c  # written always, kept when lost: no branch
        n += budget[c] & (u[c] < threshold)
    return lost[:n]


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
    a, keeps = p.arranging, p.policies.regiebehandelaar.carer_keeps_share
    budget_lost(w, w.streams.budget.random(N, dtype=np.float32))
    u = rng.random((N, D), dtype=np.float32)  # fixed size: whether a gap is taken up this week
    # a provider that was not told what is expected starts once someone who arranges calls: a draw per blocked domain
    u_blocked = rng.random(np.count_nonzero(net.blocked))
    # who arranges; arranged care never exceeds the indicable need; gaps above the threshold are taken up
    who, carer_arranges, clients, domains = _gaps_of_the_week(
        net.coordinator, net.budget, net.budget_by_carer, net.able, net.wishes, net.proxy, net.primary_carer,
        net.carer_category, net.coordinator_quality, float(a.professional_initiative), float(a.notice_self),
        float(1 - p.strain.overloaded_fails), net.blocked, u_blocked, net.base_need, net.extra_need,
        net.carer_coresident, net.usual_care_waived, w.client_usual_care, net.arranged, net.admitted_until,
        net.request_stage, u, np.float32(a.gap_threshold))
    w.who = who  # who arranges (as :func:`arranger`)

    # requests: to the desk (refused, or indicated within the law's weeks); the week's regelwerk (desk time, extra
    # without a proxy's mandate, follow-up calls by whoever arranges, the family's part under a lead); indication
    # done -> a provider: the posts the requests awaiting one hold or may draw
    pgb = p.policies.integral_pgb
    v = rng.random((clients.size, 2))  # a carer without a mandate turned away; the indication's weeks
    requests, (co, leads), wmo, regelwerk, awaiting = _requests_of_the_week(
        clients, domains, net.law, v, w.next_request_id, who, carer_arranges, net.budget_planned, net.coordinator,
        net.coordinator_mandate, net.member, net.admitted_until, net.primary_carer, net.request_stage,
        net.request_due, net.request_id, w.indication_weeks, pgb.indication_weeks, a.zvw_weeks,
        float(a.informal_refusal), float(a.desk_hours), float(pgb.revision_hours), float(a.informal_mandate_hours),
        float(a.waiting_hours), float(keeps), week, w.domain_role, net.budget, net.client_district, w.post_order,
        w.post_range, net.post_capacity, float(p.workforce.overbooking), w.booked, net.post_contracted)
    if clients.size:
        w.next_request_id += clients.size  # attempts, refused ones included
        event, client, domain, arranged_by, ref = requests
        w.log.record_rows(event, client, detail=domain, value=arranged_by, ref=ref)
        # under a regiebehandelaar (or, during an admission, the specialist) the professional arranging is theirs;
        # the family keeps its part (practical matters, appointments, its own tasks: the regelwerk)
        if co.size:
            w.add_overhead(leads, p.policies.regiebehandelaar.request_hours, "coordination_hours", co)
        add_member(w, wmo, V.SOCIAL_TEAM, w.streams.matching)  # a Wmo request: the team
    w.add_regelwerk(*regelwerk)
    _match(w, awaiting, w.streams.matching)


@kernel
def _gaps_of_the_week(coordinator, budget, budget_by_carer, able, wishes, proxy, primary_carer, carer_category,
                      coordinator_quality, professional_initiative, notice_self, overloaded_keeps, blocked, u_blocked,
                      base_need, extra_need, carer_coresident, usual_care_waived, usual_care_share, arranged,
                      admitted_until, request_stage, u, gap_threshold):
    """The passes over every client, in one call: who arranges, whether a carer arranges and the take-up
    probability (:func:`_take_up`); blocked care released with the draws ``u_blocked`` (:func:`_unblock`); arranged
    care capped and the gaps taken up with the draws ``u`` (:func:`_gaps_taken_up`). Returns who arranges (int8),
    whether a carer arranges, and the gaps taken up: their clients and domains."""
    who, carer_arranges, take_up = _take_up(coordinator, budget, budget_by_carer, able, wishes, proxy, primary_carer,
                                            carer_category, coordinator_quality, professional_initiative,
                                            notice_self, overloaded_keeps)
    _unblock(blocked, take_up, u_blocked)
    clients, domains = _gaps_taken_up(base_need, extra_need, primary_carer, carer_coresident, usual_care_waived,
                                      usual_care_share, arranged, admitted_until, request_stage, u, take_up,
                                      gap_threshold)
    return who, carer_arranges, clients, domains


@kernel
def _take_up(coordinator, budget, budget_by_carer, able, wishes, proxy, primary_carer, carer_category,
             coordinator_quality, professional_initiative, notice_self, overloaded_keeps):
    """Per client, who arranges (:func:`_arranger`, int8), whether a carer arranges (the carer, a proxy, or a
    carer who holds the budget), and the probability per week that whoever arranges takes a gap up (or calls a
    provider): the regiebehandelaar's ``coordinator_quality``; nobody's ``professional_initiative``; anyone else's
    ``notice_self``, times ``overloaded_keeps`` (1 - the chance an overloaded carer fails) when a carer arranges
    whose survey category is very heavy or overburdened. The probability is written with selects, not branches: a
    client's arranger is as good as random to the processor, and a mispredicted branch costs more than the
    arithmetic. The lookups of the carer's category and the coordinator's quality come first, in a pass of their own
    (scattered reads: in the same pass they slow the rest down)."""
    n_clients = coordinator.size
    who = _arranger(coordinator, budget, budget_by_carer, able, wishes, proxy, primary_carer)
    overloaded = np.empty(n_clients, np.bool_)
    take_up = np.empty(n_clients)
    for c in range(n_clients):  # the lookups, apart
        carer = primary_carer[c]
        overloaded[c] = (carer >= 0) & (carer_category[max(carer, 0)] >= 2)
        take_up[c] = coordinator_quality[max(coordinator[c], 0)]  # kept where the regiebehandelaar arranges
    carer_arranges = np.empty(n_clients, np.bool_)
    for c in range(n_clients):
        code = who[c]
        arranges = (code == V.CARER) | (code == V.PROXY) | ((code == V.BUDGET_HOLDER) & budget_by_carer[c])
        carer_arranges[c] = arranges
        chance = notice_self * (overloaded_keeps if overloaded[c] & arranges else 1.0)
        chance = professional_initiative if code == V.NOBODY else chance
        take_up[c] = take_up[c] if code == V.COORD else chance
    return who, carer_arranges, take_up


@kernel
def _unblock(blocked, take_up, u):
    """Blocked care (``blocked``, per client and domain) is released when the draw ``u`` (one per blocked domain, in
    order of client, then domain) is below the client's ``take_up`` probability (per week), in place."""
    flat_blocked = blocked.reshape(-1)
    at = true_indices(blocked)
    for k in range(at.size):
        if u[k] < take_up[at[k] // D]:
            flat_blocked[at[k]] = False


@kernel
def _gaps_taken_up(base_need, extra_need, primary_carer, carer_coresident, usual_care_waived, usual_care_share,
                   arranged, admitted_until, request_stage, u, take_up, gap_threshold):
    """Per client, the part of the nursing and support need left to the desk (:func:`_usual_care_left`); then one
    pass over the clients and domains: the indicable need (:func:`_indicable`), ``arranged`` capped at it
    (in place), and whether a gap is taken up this week: the client is at home, has no open request for the
    domain, the indicable need exceeds the arranged care by more than ``gap_threshold`` (hours per week, float32 as
    the hours), and the draw ``u`` is below the client's ``take_up`` probability. Returns the gaps taken up, in
    order of client, then domain: their clients and domains."""
    n_clients = admitted_until.size
    left = np.empty(n_clients, np.float32)  # apart, first: with the carer's lookup in it, the pass below is slower
    for c in range(n_clients):
        left[c] = _usual_care_left(c, primary_carer, carer_coresident, usual_care_waived, usual_care_share)
    taken = np.empty(arranged.shape, np.bool_)
    flat_taken, flat_arranged, flat_stage, flat_u = taken.reshape(-1), arranged.reshape(-1), \
        request_stage.reshape(-1), u.reshape(-1)
    flat_base, flat_extra = base_need.reshape(-1), extra_need.reshape(-1)
    for c in range(n_clients):
        home, chance = admitted_until[c] < 0, take_up[c]
        for d in range(D):  # D a constant: the loop over the domains unrolls
            k = c * D + d
            target = _indicable(d, flat_base[k] + flat_extra[k], left[c])
            held = min(flat_arranged[k], target)
            flat_arranged[k] = held
            flat_taken[k] = home & (flat_stage[k] == 0) & (target - held > gap_threshold) & (flat_u[k] < chance)
    at = true_indices(taken)
    return at // D, at % D


@kernel
def _requests_of_the_week(clients, domains, law_of, v, first_id, who, carer_arranges, budget_planned, coordinator,
                          coordinator_mandate, member, admitted_until, primary_carer, request_stage, request_due,
                          request_id, indication_weeks, plan_weeks, revision_weeks, informal_refusal, desk_hours,
                          revision_hours, mandate_hours, waiting_hours, keeps, week, domain_role, budget,
                          client_district, order, post_range, capacity, overbooking, booked, contracted):
    """The week's requests, in one call: the gaps taken up (``clients``, ``domains``) go to the desk with their
    draws ``v`` (:func:`_to_the_desk`), the week's regelwerk and the indications done (:func:`_follow_up`), and the
    posts the requests awaiting a provider hold or may draw (:func:`_posts_held`). Returns the event log's rows of
    the requests, the requests under a lead (clients, lead posts), the clients of the Wmo requests accepted, the
    regelwerk (clients, hours per week, kinds, request ids) and the requests awaiting a provider: their clients,
    domains and what :func:`_posts_held` returns for them."""
    ids, desk, requests, lead, wmo = _to_the_desk(
        clients, domains, law_of, v, first_id, who, budget_planned, coordinator, coordinator_mandate, member,
        admitted_until, request_stage, request_due, request_id, indication_weeks, plan_weeks, revision_weeks,
        informal_refusal, desk_hours, revision_hours, week)
    r_client, r_hours, r_kind, r_ref, a_client, a_domain = _follow_up(
        clients, desk, ids, who, carer_arranges, primary_carer, request_stage, request_due, request_id, mandate_hours,
        waiting_hours, keeps, week)
    held = _posts_held(a_client, a_domain, domain_role, member, budget, who, client_district, order, post_range,
                       capacity, overbooking, booked, contracted)
    return requests, lead, wmo, (r_client, r_hours, r_kind, r_ref), (a_client, a_domain, held)


@kernel
def _to_the_desk(clients, domains, law_of, v, first_id, who, budget_planned, coordinator, coordinator_mandate,
                 member, admitted_until, request_stage, request_due, request_id, indication_weeks, plan_weeks,
                 revision_weeks, informal_refusal, desk_hours, revision_hours, week):
    """The gaps taken up (``clients``, ``domains``), in order, go to the desk of their law (``law_of``, per client
    and domain) with their two draws ``v``, under the ids ``first_id`` on (int32, one per attempt). A request by a
    carer without a proxy's mandate (arranger ``CARER``) is turned away when ``v[0]`` < ``informal_refusal``. Any
    other goes to stage 1 under its id, due after lo + floor(``v[1]`` (hi - lo + 1)) weeks of the law's range
    (``indication_weeks``, weeks), or of the integral plan's (``plan_weeks``: lo, hi) for a budget holder's first
    request (planned from then on: in place) and of a revision's (``revision_weeks``: lo, hi) for a later one; 0
    weeks for a regiebehandelaar with a mandate on a Wmo request. Which requests are first plans is decided before
    any is made.

    Returns, per request: its id and its desk hours (every attempt): ``desk_hours``, a third for Zvw, or
    ``revision_hours`` for a budget holder's revision. Then the event log's rows (event code, client, domain,
    arranger, id): the requests accepted, then those refused, each in order; the requests a regiebehandelaar
    arranges (every attempt), their clients and the post that leads (:func:`~sim.processes.posts.lead_posts`);
    and the clients of the Wmo requests accepted."""
    n = clients.size
    ids = np.empty(n, np.int32)
    law = np.empty(n, law_of.dtype)
    first_plan = np.empty(n, np.bool_)
    for i in range(n):
        ids[i] = first_id + i
        law[i] = law_of[clients[i], domains[i]]
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
    event, client, domain = np.empty(n, np.int64), np.empty(n, clients.dtype), np.empty(n, domains.dtype)
    arranged_by, ref = np.empty(n, who.dtype), np.empty(n, np.int32)
    co, wmo = np.empty(n, clients.dtype), np.empty(n, clients.dtype)
    k = n_co = n_wmo = 0
    for accepted in (True, False):
        for i in range(n):
            if ok[i] == accepted:
                event[k] = REQUEST if accepted else REQUEST_REFUSED
                client[k], domain[k], arranged_by[k], ref[k] = clients[i], domains[i], who[clients[i]], ids[i]
                k += 1
    for i in range(n):
        if who[clients[i]] == V.COORD:
            co[n_co] = clients[i]
            n_co += 1
        if law[i] == V.WMO and ok[i]:
            wmo[n_wmo] = clients[i]
            n_wmo += 1
    co = co[:n_co].copy()
    leads = lead_posts_of(co, coordinator, member, admitted_until)
    return ids, desk, (event, client, domain, arranged_by, ref), (co, leads), wmo[:n_wmo].copy()


@kernel
def _follow_up(clients, desk, ids, who, carer_arranges, primary_carer, request_stage, request_due, request_id,
               mandate_hours, waiting_hours, keeps, week):
    """The week's regelwerk of arranging, for the clients' primary carers, and one pass over the open requests.

    The regelwerk (hours per week), in the order it is logged: the desk hours (``desk``) of each request of the
    week (``clients``, ``ids``: every attempt) a carer arranges; the ``mandate_hours`` of each a carer without a
    proxy's mandate arranges (arranger ``CARER``); the family's part (``keeps``) of the desk hours under a lead
    (arranger ``COORD``); then, per client and domain, the ``waiting_hours`` of a follow-up call on each open
    request (stage 1 or 2) a carer arranges, and the family's part of those under a lead. Work of a client without
    a primary carer falls on nobody and is left out. In the same pass, requests whose indication is due by
    ``week`` (a model week) move from the desk (stage 1) to awaiting a provider (stage 2), in place.

    Returns the regelwerk's clients, hours, kinds (``REGELWERK_KINDS``) and request ids, then the requests awaiting
    a provider, in order of client and domain: their clients and domains."""
    n = clients.size
    flat_stage, flat_due, flat_id = request_stage.reshape(-1), request_due.reshape(-1), request_id.reshape(-1)
    open_at = true_indices(request_stage)  # the open requests (stage 1 or 2), in order of client and domain
    carer_at, lead_at, awaiting = np.empty(open_at.size, np.int64), np.empty(open_at.size, np.int64), \
        np.empty(open_at.size, np.int64)
    n_carer = n_lead = n_awaiting = 0
    for j in open_at:  # calls by a carer who arranges, or under a lead; indications done
        c = j // D
        has_carer = primary_carer[c] >= 0
        carer_at[n_carer], lead_at[n_lead] = j, j  # written always, kept when they call: no branch
        n_carer += carer_arranges[c] & has_carer
        n_lead += (who[c] == V.COORD) & has_carer
        stage = 2 if (flat_stage[j] == 1) & (flat_due[j] <= week) else flat_stage[j]
        flat_stage[j] = stage
        awaiting[n_awaiting] = j
        n_awaiting += stage == 2
    carer_at, lead_at, awaiting = carer_at[:n_carer], lead_at[:n_lead], awaiting[:n_awaiting]
    size = 3 * n + carer_at.size + lead_at.size  # at most
    client, hours = np.empty(size, np.int64), np.empty(size)
    kind, ref = np.empty(size, np.int64), np.empty(size, np.int32)
    k = 0
    for piece in range(3):  # per request: the desk by a carer, a mandate's extra, the family's part under a lead
        for i in range(n):
            c = clients[i]
            code = who[c]
            if primary_carer[c] < 0:
                continue
            if piece == 0 and carer_arranges[c]:
                client[k], hours[k], kind[k], ref[k] = c, desk[i], V.DESK, ids[i]
                k += 1
            elif piece == 1 and code == V.CARER:
                client[k], hours[k], kind[k], ref[k] = c, mandate_hours, V.MANDATE, ids[i]
                k += 1
            elif piece == 2 and code == V.COORD:
                client[k], hours[k], kind[k], ref[k] = c, desk[i] * keeps, V.DESK, ids[i]
                k += 1
    for at, call_hours in ((carer_at, waiting_hours), (lead_at, waiting_hours * keeps)):  # per open request
        for j in at:
            client[k], hours[k], kind[k], ref[k] = j // D, call_hours, V.WAITING, flat_id[j]
            k += 1
    return client[:k].copy(), hours[:k].copy(), kind[:k].copy(), ref[:k].copy(), awaiting // D, awaiting % D


def _match(w: "World", awaiting: tuple, rng: np.random.Generator) -> None:
    """Indicated requests (``awaiting``: those at stage 2, in order: their clients, domains and the posts they hold
    or may draw, from :func:`_posts_held`) get a post with spare capacity and are arranged at the indicable need; a
    new post is a referral. The draws, in one go (numpy's are sequential, so the same as one call per group): one
    per request seeking a contracted post, then one per budget holder's free choice, then one per request
    matched."""
    clients, domains, (roles, posts, any_provider, seekers, n_contracted, ranges, cum, n_draws) = awaiting
    if clients.size == 0:
        return
    net, pgb = w.net, w.params.policies.integral_pgb
    u = rng.random(n_draws)  # a budget holder's new provider may start after the settlement
    c, d, posts, delay, referred, referred_posts = _care_starts(
        clients, domains, roles, posts, any_provider, seekers, n_contracted, ranges, cum, w.post_order, u,
        net.base_need, net.extra_need, net.primary_carer, net.carer_coresident, net.usual_care_waived,
        w.client_usual_care, net.member, net.arranged, net.request_stage, net.start_week,
        float(pgb.settlement_delay), int(pgb.settlement_weeks), w.week)
    w.log.record("care_started", c, detail=d, target=posts, value=delay)
    if referred.size:
        w.transitions.add(w, V.REFERRAL, referred, referred_posts)


@kernel
def _posts_held(clients, domains, domain_role, member, budget, who, client_district, order, post_range, capacity,
                overbooking, booked, contracted):
    """Per request (``clients``, ``domains``): the role of its domain, the client's post of that role (-1: none; a
    post of the role keeps the client), and whether a budget holder arranges (free choice of any provider).

    Then the requests that seek a post, in order: those that may only choose a contracted post, then a budget
    holder's (any post), and how many seek a contracted one; per seeker its range of ``order`` (the posts by
    district and role; ``post_range``: the range of district d and role r in row d R + r); the
    :func:`~sim.processes.posts.cumulative_weight` along ``order`` of the posts' spare hours
    (:func:`~sim.processes.posts.spare_hours`, not reduced within the week; capacity times ``overbooking`` minus
    ``booked``), for contracted posts only (row 0) and for any post (row 1); and the number of draws the match
    takes: one per seeker, and one per request matched (a post held, or a seeker's range with spare hours)."""
    n = clients.size
    roles = np.empty(n, domain_role.dtype)
    posts = np.empty(n, member.dtype)
    any_provider = np.empty(n, np.bool_)
    seekers = np.empty(n, np.int64)
    n_contracted = n_held = 0
    for i in range(n):
        c = clients[i]
        roles[i] = domain_role[domains[i]]
        posts[i] = member[c, roles[i]]
        any_provider[i] = budget[c] & (who[c] == V.BUDGET_HOLDER)
        n_held += posts[i] >= 0
        if posts[i] < 0 and not any_provider[i]:
            seekers[n_contracted] = i
            n_contracted += 1
    n_seekers = n_contracted
    for i in range(n):
        if posts[i] < 0 and any_provider[i]:
            seekers[n_seekers] = i
            n_seekers += 1
    seekers = seekers[:n_seekers].copy()
    ranges = np.empty((n_seekers, 2), np.int64)
    cum = np.zeros((2, 1))
    n_draws = n_seekers + n_held
    if n_seekers:
        weight = np.empty((2, order.size))
        for k in range(order.size):
            free = spare_hours(order[k], capacity, overbooking, booked)
            weight[0, k], weight[1, k] = free if contracted[order[k]] else 0.0, free
        cum = np.empty((2, order.size + 1))
        cum[0], cum[1] = cumulative_weight(weight[0]), cumulative_weight(weight[1])
        for k in range(n_seekers):
            i = seekers[k]
            key = np.int64(client_district[clients[i]]) * R + roles[i]
            lo, hi = post_range[key, 0], post_range[key, 1]
            ranges[k, 0], ranges[k, 1] = lo, hi
            row = 0 if k < n_contracted else 1
            n_draws += cum[row, hi] - cum[row, lo] > 0  # as in draw_post: matched
    return roles, posts, any_provider, seekers, n_contracted, ranges, cum, n_draws


@kernel
def _care_starts(clients, domains, roles, held, by_budget, seekers, n_contracted, ranges, cum, order, u, base_need,
                 extra_need, primary_carer, carer_coresident, usual_care_waived, usual_care_share, member, arranged,
                 request_stage, start_week, settlement_delay, settlement_weeks, week):
    """Each request seeking a post (``seekers``, from :func:`_posts_held`, with their ``ranges`` of ``order`` and
    the cumulative weights ``cum``: row 0 for the first ``n_contracted``, row 1 for the rest) draws one by
    :func:`~sim.processes.posts.draw_post` with its draw ``u`` (one per seeker, in order; -1: a waiting list). Care
    starts for the requests with a post (the one ``held`` or the one drawn; in order; the others wait): the post
    becomes the client's member of the role, the care is arranged at the indicable need (:func:`_indicable`, hours
    per week; as at the start of the process: nothing it depends on has changed) and the request closes. A new post
    starts this week (a model week), or, when a budget holder chose it (``by_budget``) and the request's draw (the
    rest of ``u``: one per request matched) is below ``settlement_delay``, ``settlement_weeks`` later. All in
    place. Returns, per request matched: client, domain, post and the settlement delay in weeks (0 or
    ``settlement_weeks``); then the referrals (a new post): their clients and posts."""
    posts = held.copy()
    for k in range(seekers.size):
        row = 0 if k < n_contracted else 1
        posts[seekers[k]] = draw_post(order, cum[row], ranges[k, 0], ranges[k, 1], u[k])
    matched = np.flatnonzero(posts >= 0)
    delay = np.zeros(matched.size, np.int64)
    referred = np.empty(matched.size, np.int64)
    n_referred = 0
    for k in range(matched.size):
        i = matched[k]
        c, d = clients[i], domains[i]
        left = _usual_care_left(c, primary_carer, carer_coresident, usual_care_waived, usual_care_share)
        member[c, roles[i]] = posts[i]
        arranged[c, d] = _indicable(d, base_need[c, d] + extra_need[c, d], left)
        request_stage[c, d] = 0
        if held[i] < 0:
            if by_budget[i] and u[seekers.size + k] < settlement_delay:
                delay[k] = settlement_weeks
            start_week[c, d] = week + delay[k]
            referred[n_referred] = i
            n_referred += 1
    referred = referred[:n_referred]
    return clients[matched], domains[matched], posts[matched], delay, clients[referred], posts[referred]
