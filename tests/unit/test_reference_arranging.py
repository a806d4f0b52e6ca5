"""Arranging, posts, workforce and population (issue 13): the compiled loops against client-by-client references.

:mod:`test_reference_paths` checks who arranges, a post drawn by weight (``draw_post``), introductions, the lead
and posts changing hands, in one district. Here each reference, a plain loop over one client, domain, request, post
or place at a time written from the process's docstring, takes the process's own draws from a copy of its stream,
in the process's order, on the filled network of :mod:`test_reference_paths` laid out over two districts (clients
and posts; every member post in its client's district; acquaintances never cross a district):

* arranging, the whole process: budgets lost (stream ``budget``: one float32 uniform per client), who arranges, the
  indicable need, arranged care capped at it, the take-up probability, blocked care released (stream
  ``arranging``: one float32 uniform per client and domain, then one per blocked domain), gaps taken up, requests
  refused or to the desk with their indication weeks (two uniforms per request), the regelwerk and coordination
  hours, the social team of a Wmo request, the follow-up calls, indications done, and the matching (stream
  ``matching``: the social team's draws, one per request seeking a contracted post, then one per budget holder's
  free choice, then one per request matched), with the event rows in their order;
* ``add_member`` (a post by spare capacity), ``indicable_need`` for some clients, posts changing hands and
  introductions across districts;
* population: the weekly death probability, exits by reason, Wlz applications and assessments, and the entry of
  new clients in the places left (stream ``entries``).

Tolerances: rows, posts, weeks, stages and booleans exactly; hours (float64 in both) exactly, the carers' summed
regelwerk to a relative 1e-12. Float32 where the process computes or compares in float32 (``np.float32`` below):
the need and indicable need, the gap threshold, the budget's and Wlz thresholds against their float32 draws, a
post's capacity times the overbooking, and the Wlz assessment's weeks.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from test_reference_needs_population import reference_exits
from test_reference_paths import NET, POSTS_PER_ROLE
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Acquaintance, Network
from sim.processes import population as pop
from sim.processes.arranging import arranging, indicable_need
from sim.processes.posts import add_member, introduce
from sim.processes.workforce import posts_change_hands

D, R = len(V.DOMAINS), len(V.ROLES)
#: Districts, and posts of each role in each district.
DISTRICTS, PER_DISTRICT = 2, 2


def in_two_districts(net: Network, seed: int = 1) -> Network:
    """The filled network's clients and carers over two districts (client ``c`` in district ``c % 2``), with
    ``PER_DISTRICT`` posts of each role in each, laid out by role and interleaved over the districts (post
    ``r * 4 + i`` of role ``r`` in district ``i % 2``); each member post and regiebehandelaar of a client in the
    client's district; acquaintances drawn within a district."""
    rng = np.random.default_rng(seed)
    per_role = DISTRICTS * PER_DISTRICT
    P, n_orgs = R * per_role, 6
    district = np.arange(P) % per_role % DISTRICTS
    width = P // DISTRICTS
    blocks = rng.random((DISTRICTS, width, width)) < 0.3
    blocks |= blocks.transpose(0, 2, 1)
    blocks[:, np.arange(width), np.arange(width)] = True
    out = Network.empty(net.n_clients, net.n_carers, P, n_orgs, knows=Acquaintance(district, blocks))
    for name in out.__dataclass_fields__:
        value = getattr(net, name)
        if not name.startswith(("post_", "coordinator_", "knows", "linked")):
            setattr(out, name, value.copy())
    out.client_district[:] = np.arange(net.n_clients) % DISTRICTS
    out.post_role[:] = np.arange(P) // per_role
    out.post_district[:] = district
    out.post_org[:] = rng.integers(0, n_orgs, P)
    out.post_capacity[:] = rng.choice([2.0, 10.0, 40.0, 400.0], P)
    out.post_contracted[:] = rng.random(P) < 0.6
    out.post_on_plan[:] = rng.random(P) < 0.5
    out.post_involves_carer[:] = rng.random(P) < 0.5
    out.coordinator_quality[:] = rng.choice([0.5, 1.0], P)
    out.coordinator_mandate[:] = rng.random(P) < 0.5

    def in_own_district(posts, c):  # a post of the same role, in the client's district
        role = posts // POSTS_PER_ROLE
        i = rng.integers(0, PER_DISTRICT, np.shape(posts))
        return np.where(posts >= 0, role * per_role + DISTRICTS * i + c % DISTRICTS, -1)
    for c in range(net.n_clients):
        out.member[c] = in_own_district(net.member[c], c)
        out.coordinator[c] = in_own_district(net.coordinator[c], c)
    return out


NET2 = in_two_districts(NET)


def test_the_districted_network_keeps_every_case():
    net = NET2
    d = net.client_district[:, None]
    assert np.all((net.member < 0) | (net.post_district[np.maximum(net.member, 0)] == d))
    assert np.all((net.coordinator < 0) | (net.post_district[np.maximum(net.coordinator, 0)] == d[:, 0]))
    assert np.all(net.post_role[np.maximum(net.member, 0)][net.member >= 0] == np.nonzero(net.member >= 0)[1])
    assert (net.coordinator >= 0).any() and net.budget.any() and net.blocked.any() and (net.member < 0).any()


# --------------------------------------------------------------------------- shared pieces of the references


def posts_of(net, role: int, district: int) -> list[int]:
    """The posts of a role in a district, in the order of their index."""
    return [q for q in range(net.n_posts) if net.post_role[q] == role and net.post_district[q] == district]


def walk(candidates: list[int], weight, u: float) -> int:
    """A post of ``candidates`` with chance proportional to ``weight``: walking them in order until the summed
    weight passes ``u`` times the total; -1 when the total weight is 0."""
    total = sum(weight[q] for q in candidates)
    summed = 0.0
    for q in candidates:
        summed += weight[q]
        if total > 0 and u * total < summed:
            return q
    return -1


def spare(w, q: int) -> float:
    """Hours a week post ``q`` can still take: capacity times the overbooking (float32, as the capacity) - booked."""
    return float(w.net.post_capacity[q] * np.float32(w.params.workforce.overbooking)) - float(w.booked[q])


def add_member_reference(w, net, clients, role: int, rng) -> None:
    """Each of ``clients`` without a post of ``role`` gets one of its district, by spare capacity (at least 0,
    plus 0.001): one draw per client without one, in order."""
    need = [c for c in clients if net.member[c, role] < 0]
    if not need:
        return
    u = rng.random(len(need))
    weight = {q: max(spare(w, q), 0.0) + 1e-3 for q in range(net.n_posts)}
    for c, x in zip(need, u):
        net.member[c, role] = walk(posts_of(net, role, net.client_district[c]), weight, x)


def who_arranges(net, c: int) -> int:
    """The precedence of ``arranger``: regiebehandelaar, budget holder, client, proxy, carer, nobody."""
    has_carer = net.primary_carer[c] >= 0
    if net.coordinator[c] >= 0:
        return V.COORD
    if net.budget[c] and (not net.budget_by_carer[c] or has_carer):
        return V.BUDGET_HOLDER
    if net.able[c] and net.wishes[c]:
        return V.SELF
    if has_carer and net.proxy[c]:
        return V.PROXY
    return V.CARER if has_carer else V.NOBODY


def indicable(w, net, c: int) -> list:
    """A client's indicable need per domain (float32): the need, nursing and support less the usual care expected
    of a primary carer who lives with the client, unless waived."""
    carer = net.primary_carer[c]
    expected = carer >= 0 and net.carer_coresident[carer] and not net.usual_care_waived[c]
    left = np.float32(1) - np.float32(w.client_usual_care[c] if expected else 0.0)
    need = [net.base_need[c, d] + net.extra_need[c, d] for d in range(D)]
    return [need[d] * left if d in (V.NURSING, V.SUPPORT) else need[d] for d in range(D)]


# --------------------------------------------------------------------------- arranging, the whole process


def arranging_world(policy: str = "none", **overrides):
    """The districted network in week 10 with requests open at every stage (at the desk, due this week, due
    later, awaiting a provider), gaps, budgets planned and not, posts booked beyond and below their capacity, and
    the chances raised so that every path occurs (``overrides``: more parameters, as for ``make_world``)."""
    w = make_world(NET2, policy, **{"arranging__notice_self": 0.7, "arranging__informal_refusal": 0.4,
                                    "policies__integral_pgb__unmanaged_per_year": 1.0,
                                    "policies__integral_pgb__settlement_delay": 0.5,
                                    "policies__regiebehandelaar__carer_keeps_share": 0.25, **overrides})
    net, rng = w.net, np.random.default_rng(8)
    w.week = 10
    net.request_stage[:] = rng.choice([0, 0, 0, 1, 2], (net.n_clients, D))
    net.request_due[:] = np.where(net.request_stage == 1, rng.choice([5, 10, 12], (net.n_clients, D)), 0)
    net.request_id[:] = np.where(net.request_stage > 0, np.arange(net.n_clients * D).reshape(-1, D), -1)
    w.next_request_id = net.n_clients * D
    net.budget_planned[:] = rng.random(net.n_clients) < 0.5
    net.arranged[:] *= rng.choice([0.0, 0.5, 1.0], (net.n_clients, D)).astype(np.float32)  # gaps
    net.wishes[:] = rng.random(net.n_clients) < 0.3  # more carers arrange
    net.carer_category[:] = rng.integers(0, 4, net.n_carers)
    w.booked[:] = net.post_capacity * rng.choice([0.5, 1.0, 1.2], net.n_posts)
    w.who = np.zeros(net.n_clients, np.int8)  # set by arranging
    return w


def arranging_reference(w) -> dict:
    """Arranging, client by client and request by request, on copies of the state, with the process's draws."""
    net, p, week = w.net.copy(), w.params, w.week
    a, pgb, keeps = p.arranging, p.policies.integral_pgb, p.policies.regiebehandelaar.carer_keeps_share
    budget_draw = copy.deepcopy(w.streams.budget).random(net.n_clients, dtype=np.float32)
    draws, matching = copy.deepcopy(w.streams.arranging), copy.deepcopy(w.streams.matching)
    out = {"budget_withdrawn": [], "request": [], "request_refused": [], "regelwerk": [], "overhead": [],
           "care_started": [], "referral": [], "regelwerk_hours": np.zeros(net.n_carers)}

    def regelwerk(c, hours, kind, ref):
        carer = net.primary_carer[c]
        if carer >= 0:
            out["regelwerk"].append((c, kind, carer, float(np.float32(hours)), ref))  # the log's value: float32
            out["regelwerk_hours"][carer] += hours

    for c in range(net.n_clients):  # an integral pgb the holder can no longer manage
        if net.budget[c] and budget_draw[c] < np.float32(pgb.unmanaged_per_year / 52):
            net.budget[c] = net.budget_by_carer[c] = net.budget_pays_carer[c] = False
            out["budget_withdrawn"].append(c)
    who = [who_arranges(net, c) for c in range(net.n_clients)]
    target = [indicable(w, net, c) for c in range(net.n_clients)]
    u = draws.random((net.n_clients, D), dtype=np.float32)
    carer_arranges, take_up = [], []
    for c in range(net.n_clients):
        carer = net.primary_carer[c]
        arranges = who[c] in (V.CARER, V.PROXY) or (who[c] == V.BUDGET_HOLDER and net.budget_by_carer[c])
        overloaded = carer >= 0 and net.carer_category[carer] >= 2
        carer_arranges.append(arranges)
        if who[c] == V.COORD:
            take_up.append(float(net.coordinator_quality[net.coordinator[c]]))
        elif who[c] == V.NOBODY:
            take_up.append(a.professional_initiative)
        else:
            take_up.append(a.notice_self * ((1 - p.strain.overloaded_fails) if overloaded and arranges else 1.0))
        for d in range(D):
            net.arranged[c, d] = min(net.arranged[c, d], target[c][d])
    blocked = [(c, d) for c in range(net.n_clients) for d in range(D) if net.blocked[c, d]]
    for (c, d), x in zip(blocked, draws.random(len(blocked))):
        if x < take_up[c]:
            net.blocked[c, d] = False  # someone who arranges calls the provider
    starts = [(c, d) for c in range(net.n_clients) for d in range(D)
              if net.admitted_until[c] < 0 and net.request_stage[c, d] == 0
              and target[c][d] - net.arranged[c, d] > np.float32(a.gap_threshold) and float(u[c, d]) < take_up[c]]
    v = draws.random((len(starts), 2))
    requests, wmo = [], []  # (client, request id, desk hours) of every attempt; accepted Wmo requests' clients
    planned = net.budget_planned.copy()  # a plan made this week counts from next week on
    for i, (c, d) in enumerate(starts):
        ref, law = w.next_request_id + i, net.law[c, d]
        refused = who[c] == V.CARER and v[i, 0] < a.informal_refusal
        by_budget = who[c] == V.BUDGET_HOLDER
        first_plan = by_budget and not planned[c]
        lo, hi = w.indication_weeks[law]
        if by_budget:  # the one integral plan, or a revision of it
            lo, hi = pgb.indication_weeks if first_plan else a.zvw_weeks
        weeks = lo + math.floor(v[i, 1] * (hi - lo + 1))
        if who[c] == V.COORD and law == V.WMO and net.coordinator_mandate[net.coordinator[c]]:
            weeks = 0
        if refused:
            out["request_refused"].append((c, d, who[c], ref))
        else:
            out["request"].append((c, d, who[c], ref))
            net.request_stage[c, d], net.request_due[c, d], net.request_id[c, d] = 1, week + weeks, ref
            net.budget_planned[c] |= by_budget
            if law == V.WMO:
                wmo.append(c)
        desk = a.desk_hours * (1 / 3 if law == V.ZVW else 1.0)
        requests.append((c, ref, pgb.revision_hours if by_budget and not first_plan else desk))
    for c, ref, desk in requests:
        if carer_arranges[c]:
            regelwerk(c, desk, V.DESK, ref)
    for c, ref, desk in requests:
        if who[c] == V.CARER:
            regelwerk(c, a.informal_mandate_hours, V.MANDATE, ref)
    for c, ref, desk in requests:
        if who[c] == V.COORD:  # the lead's coordination; the family keeps its part of the desk work
            admitted = net.admitted_until[c] >= 0 and net.member[c, V.SPECIALIST] >= 0
            out["overhead"].append((net.member[c, V.SPECIALIST] if admitted else net.coordinator[c], c))
            regelwerk(c, desk * keeps, V.DESK, ref)
    add_member_reference(w, net, wmo, V.SOCIAL_TEAM, matching)
    for lead in (False, True):  # follow-up calls: by a carer who arranges, then the family's part under a lead
        for c in range(net.n_clients):
            for d in range(D):
                if net.request_stage[c, d] > 0 and (who[c] == V.COORD if lead else carer_arranges[c]):
                    regelwerk(c, a.waiting_hours * (keeps if lead else 1.0), V.WAITING, net.request_id[c, d])
    awaiting = []
    for c in range(net.n_clients):
        for d in range(D):
            if net.request_stage[c, d] == 1 and net.request_due[c, d] <= week:
                net.request_stage[c, d] = 2
            if net.request_stage[c, d] == 2:
                awaiting.append((c, d))
    match_reference(w, net, awaiting, target, who, matching, out)
    out["net"], out["who"] = net, who
    return out


def match_reference(w, net, awaiting, target, who, matching, out) -> None:
    """Requests awaiting a provider, in order: a post of the role the client has keeps them; else a post of the
    role in the district by spare capacity (at least 0), contracted posts first, then, for budget holders, any
    post (one draw each, group by group); no post with spare capacity: the request waits. Then one draw per
    request matched: a budget holder's new post starts after the settlement with chance ``settlement_delay``."""
    pgb = w.params.policies.integral_pgb
    free = [max(spare(w, q), 0.0) for q in range(net.n_posts)]
    post, free_choice = {}, {}
    for c, d in awaiting:
        post[c, d] = net.member[c, V.DOMAIN_ROLE[d]]
        free_choice[c, d] = bool(net.budget[c] and who[c] == V.BUDGET_HOLDER)
    for group in (False, True):
        seeking = [(c, d) for c, d in awaiting if post[c, d] < 0 and free_choice[c, d] == group]
        if seeking:
            weight = free if group else [f * net.post_contracted[q] for q, f in enumerate(free)]
            for (c, d), x in zip(seeking, matching.random(len(seeking))):
                post[c, d] = walk(posts_of(net, V.DOMAIN_ROLE[d], net.client_district[c]), weight, x)
    matched = [(c, d) for c, d in awaiting if post[c, d] >= 0]
    for (c, d), x in zip(matched, matching.random(len(matched))):
        new = net.member[c, V.DOMAIN_ROLE[d]] < 0
        delay = pgb.settlement_weeks if new and free_choice[c, d] and x < pgb.settlement_delay else 0
        net.member[c, V.DOMAIN_ROLE[d]] = post[c, d]
        net.arranged[c, d] = target[c][d]
        net.request_stage[c, d] = 0
        if new:
            net.start_week[c, d] = w.week + delay
            out["referral"].append((c, post[c, d]))
        out["care_started"].append((c, d, post[c, d], delay))


def rows(w, name: str, *columns) -> list[tuple]:
    logged = events(w, name)
    return list(zip(*(logged[k].tolist() for k in columns)))


@pytest.mark.parametrize("policy", ["none", "integral_pgb", "regiebehandelaar"])
def test_arranging_matches_the_request_by_request_reference(policy):
    w = arranging_world(policy)
    expected = arranging_reference(w)
    regelwerk_before = w.carer_regelwerk.copy()
    n_overhead = len(w.overhead_buffer)
    run_week(w, arranging)
    net, ref = w.net, expected["net"]
    assert w.who.tolist() == expected["who"]
    for name in ("budget", "budget_by_carer", "budget_pays_carer", "budget_planned", "blocked", "arranged",
                 "request_stage", "request_due", "request_id", "member", "start_week"):
        assert np.array_equal(getattr(net, name), getattr(ref, name)), name
    assert events(w, "budget_withdrawn")["client"].tolist() == expected["budget_withdrawn"]
    for name in ("request", "request_refused"):
        assert rows(w, name, "client", "detail", "value", "ref") == expected[name], name
    assert rows(w, "regelwerk", "client", "detail", "actor", "value", "ref") == expected["regelwerk"]
    assert w.carer_regelwerk - regelwerk_before == pytest.approx(expected["regelwerk_hours"], rel=1e-12)
    assert [(int(q), int(c)) for posts, _, _, clients in w.overhead_buffer[n_overhead:]
            for q, c in zip(posts, clients)] == expected["overhead"]
    assert rows(w, "care_started", "client", "detail", "target", "value") == expected["care_started"]
    t_client, t_kind, t_post, _ = w.transitions.take()
    assert list(zip(t_client.tolist(), t_post.tolist())) == expected["referral"]
    assert set(t_kind.tolist()) <= {V.REFERRAL}
    # every path occurred
    kinds = {row[1] for row in expected["regelwerk"]}
    assert kinds >= {V.DESK, V.WAITING} and (V.MANDATE in kinds or policy == "integral_pgb")
    assert expected["request"] and expected["care_started"] and (expected["request_refused"] or policy != "none")
    assert expected["referral"] and (net.request_stage == 2).any()  # new posts, and a waiting list
    assert expected["overhead"] or policy != "regiebehandelaar"
    if policy == "integral_pgb":
        assert {row[3] for row in expected["care_started"]} == {0, w.params.policies.integral_pgb.settlement_weeks}


def test_only_accepted_wmo_requests_bring_the_social_team():
    """Every domain under the Wmo and every request of a carer without a mandate turned away: the clients of the
    refused requests get no social team from them, those of the accepted ones do, as in the reference."""
    w = arranging_world("none", arranging__informal_refusal=1.0)
    w.net.law[:] = V.WMO
    without_team = w.net.member[:, V.SOCIAL_TEAM] < 0
    expected = arranging_reference(w)
    run_week(w, arranging)
    assert np.array_equal(w.net.member, expected["net"].member)
    for name in ("request", "request_refused"):
        assert rows(w, name, "client", "detail", "value", "ref") == expected[name], name
    refused = {row[0] for row in expected["request_refused"]} - {row[0] for row in expected["request"]}
    accepted = {row[0] for row in expected["request"]}
    assert any(without_team[c] and w.net.member[c, V.SOCIAL_TEAM] < 0 for c in refused)
    assert any(without_team[c] and w.net.member[c, V.SOCIAL_TEAM] >= 0 for c in accepted)


# --------------------------------------------------------------------------- posts and workforce, over districts


def test_add_member_matches_a_walk_by_spare_capacity():
    w = make_world(NET2)
    net = w.net
    w.booked[:] = net.post_capacity * np.random.default_rng(2).choice([0.2, 1.0, 1.5], net.n_posts)
    for role in (V.GP, V.HOME_CARER, V.SOCIAL_TEAM):
        clients = np.flatnonzero(np.arange(net.n_clients) % 3 != 1)
        expected = net.copy()
        add_member_reference(w, expected, clients, role, copy.deepcopy(w.streams.matching))
        add_member(w, clients, role, w.streams.matching)
        assert np.array_equal(net.member, expected.member), role
    assert len(set(net.member[:, V.SOCIAL_TEAM].tolist()) - {-1}) == DISTRICTS * PER_DISTRICT


def test_indicable_need_for_some_clients_matches_client_by_client():
    w = make_world(NET2)
    clients = np.array([7, 0, 3, 3, 12, 39])
    expected = [indicable(w, w.net, c) for c in clients]
    assert indicable_need(w, clients).tolist() == [[float(x) for x in row] for row in expected]
    assert indicable_need(w).tolist() == [[float(x) for x in indicable(w, w.net, c)] for c in range(NET2.n_clients)]


def test_posts_changing_hands_and_introductions_stay_within_a_district():
    """A successor knows exactly the colleagues of the same organisation in the district; introduced posts know
    each other; nothing changes in another district's block or across districts."""
    w = make_world(NET2)
    net = w.net
    knows = {(a, b): bool(net.knows[a, b]) for a in range(net.n_posts) for b in range(net.n_posts)}
    leaving = np.array([1, 4, 6, 9, 30])
    for p in leaving:
        for q in range(net.n_posts):
            if net.post_district[q] == net.post_district[p]:
                knows[p, q] = knows[q, p] = bool(net.post_org[p] == net.post_org[q])
    w.log.week = w.week
    posts_change_hands(w, leaving)
    assert {k: bool(net.knows[k]) for k in knows} == knows
    clients = np.array([0, 3, 8, 11, 20, 25])
    net.member[3, V.PHYSIOTHERAPIST] = posts_of(net, V.PHYSIOTHERAPIST, 1 - net.client_district[3])[0]  # elsewhere
    for c in clients:
        members = [q for q in net.member[c] if q >= 0]
        for a in members:
            for b in members:
                if net.post_district[a] == net.post_district[b]:
                    knows[a, b] = True
    introduce(net, clients)
    assert {k: bool(net.knows[k]) for k in knows} == knows
    across = [(a, b) for a, b in knows if net.post_district[a] != net.post_district[b]]
    assert not any(net.knows[a, b] for a, b in across)
    t_client, _, t_post, _ = w.transitions.take()
    expected = [(c, q) for c in range(net.n_clients) for q in net.member[c] if q in leaving]
    assert list(zip(t_client.tolist(), t_post.tolist())) == expected and expected


# --------------------------------------------------------------------------- population


def population_world():
    """The districted network with ages from childhood to old age, children about to turn 18, Wlz stages at every
    step, the Wlz thresholds low enough to be met, and assessments that may be done in the week applied."""
    w = make_world(NET2, flows__wlz_need_hours=1.0, flows__wlz_apply_per_year=40.0, arranging__wlz_weeks=[0, 5])
    net, rng = w.net, np.random.default_rng(9)
    w.week = 20
    net.age[:] = rng.choice([10.0, 17.999, 18.0, 45.0, 70.0, 85.0, 99.0], net.n_clients).astype(np.float32)
    net.wlz[:] = rng.choice([pop.WLZ_NONE, pop.WLZ_NONE, pop.WLZ_APPLIED, pop.WLZ_HOME, pop.WLZ_WAITING],
                            net.n_clients)
    net.wlz_due[:] = rng.choice([15, 20, 25], net.n_clients)
    net.profile[::7] = V.PROFILES.index("child_complex")
    w._derive_lookups()
    w.client_excess_mortality[5::9] = 300.0  # a yearly chance above 1
    return w


def test_death_probability_is_the_formula_in_place():
    """The in-place arithmetic equals the formula written out (exactly: the same operations in the same order),
    and, per client, the formula in plain floats."""
    w = population_world()
    f, age = w.params.flows, w.net.age.astype(np.float64)
    yearly = w.client_base_mortality + w.client_excess_mortality * f.mortality_at_65 * np.exp(
        f.mortality_growth * (age - 65.0))
    formula = 1.0 - (1.0 - np.minimum(yearly, 1.0)) ** (1 / 52)
    got = pop.death_probability(w)
    assert np.array_equal(got, formula)
    plain = [1 - (1 - min(w.client_base_mortality[c] + w.client_excess_mortality[c] * f.mortality_at_65
                          * math.exp(f.mortality_growth * (float(age[c]) - 65.0)), 1.0)) ** (1 / 52)
             for c in range(age.size)]
    assert got == pytest.approx(plain, rel=1e-12)
    assert (got == 1).any()  # a yearly chance above 1: capped


def test_exits_match_the_client_by_client_reference():
    w = population_world()
    net = w.net
    p_death = pop.death_probability(w)
    u = np.random.default_rng(3).random(net.n_clients).astype(np.float32)
    u[::3] = (p_death[::3] * 0.999).astype(np.float32)  # deaths
    u[1::5] = (p_death[1::5] + w.client_recovery[1::5] / 104).astype(np.float32)  # recoveries (at home)
    expected = reference_exits(w, u)
    leaving, reasons = pop.exits(w, u)
    assert list(zip(leaving.tolist(), reasons.tolist())) == expected
    assert {r for _, r in expected} == set(range(len(V.EXIT_REASONS)))


def test_wlz_applications_and_assessments_match_the_client_by_client_reference():
    w = population_world()
    net, p, week = w.net, w.params, w.week
    rng = np.random.default_rng(4)
    u_apply, u_setting = rng.random((2, net.n_clients), dtype=np.float32)
    u_setting[::4] = 0.8333333  # 0.8333333 x 6 is 5 in float32 (as the process computes), just below in float64
    u_setting[1::6] = 0.0  # assessed in the week applied
    ref = net.copy()
    lo, hi = p.arranging.wlz_weeks
    applied, done = [], []
    for c in range(net.n_clients):
        need = ref.base_need[c, V.NURSING] + ref.extra_need[c, V.NURSING] + ref.base_need[c, V.SUPPORT] \
            + ref.extra_need[c, V.SUPPORT]  # float32
        if ref.wlz[c] == pop.WLZ_NONE and ref.admitted_until[c] < 0 and need >= np.float32(p.flows.wlz_need_hours) \
                and u_apply[c] < np.float32(p.flows.wlz_apply_per_year / 52):
            applied.append(c)
            ref.wlz[c] = pop.WLZ_APPLIED
            ref.wlz_due[c] = week + lo + math.floor(u_setting[c] * np.float32(hi - lo + 1))
        if ref.wlz[c] == pop.WLZ_APPLIED and ref.wlz_due[c] <= week:
            done.append(c)
    for c in done:
        if u_setting[c] < w.client_institution_share[c]:
            ref.wlz[c] = pop.WLZ_WAITING
            ref.wlz_due[c] = week + round(-math.log(max(float(u_apply[c]), 1e-12)) * p.flows.institution_wait_weeks)
        else:
            ref.wlz[c] = pop.WLZ_HOME
            ref.law[c, V.NURSING] = ref.law[c, V.SUPPORT] = V.WLZ
    w.who = np.array([who_arranges(net, c) for c in range(net.n_clients)], np.int8)
    desk = [(c, V.DESK, net.primary_carer[c], p.arranging.desk_hours) for c in applied
            if (w.who[c] in (V.CARER, V.PROXY) or (w.who[c] == V.BUDGET_HOLDER and net.budget_by_carer[c]))
            and net.primary_carer[c] >= 0]
    w.log.week = week
    pop.wlz_indications(w, u_apply, u_setting)
    for name in ("wlz", "wlz_due", "law"):
        assert np.array_equal(getattr(net, name), getattr(ref, name)), name
    assert rows(w, "wlz_indicated", "client") == [(c,) for c in done]
    assert rows(w, "regelwerk", "client", "detail", "actor", "value") == desk
    assert applied and done and set(applied) & set(done) and (ref.wlz == pop.WLZ_WAITING).any()
    assert any(ref.wlz_due[c] == week + 5 for c in applied if u_setting[c] == np.float32(0.8333333))


def test_entries_match_the_place_by_place_reference():
    """New clients in the places left: a person count up, the place's carers renewed (the first the primary
    carer), everything else of the place reset, a GP and a pharmacy by spare capacity, and each need above the
    gap threshold arranged with a post of its role with chance ``entry_arranged_share`` (if the district has
    one); the draws of the stream ``entries`` in the process's order."""
    without = NET2.copy()  # district 1 has no GGZ practitioner: a need of that domain cannot be arranged there
    without.post_role[posts_of(NET2, V.GGZ_PRACTITIONER, 1)] = V.PHYSIOTHERAPIST
    w = make_world(without, flows__entry_arranged_share=0.8)
    net, p = w.net, w.params
    w.booked[:] = net.post_capacity * np.random.default_rng(5).choice([0.2, 1.0, 1.5], net.n_posts)
    slots = np.arange(1, NET2.n_clients, 3)
    rng = copy.deepcopy(w.streams.entries)
    pop.enter(w, slots, w.streams.entries)
    # the draws before the network (ages, needs, traits, carers) are the helpers of sim.network, in this order
    n_places = sum(int((net.carer_client == c).sum()) for c in slots)
    rng.standard_normal(slots.size), rng.standard_normal((slots.size, D))
    [rng.random(slots.size) for _ in range(5)]
    rng.gamma(4.0, np.ones(n_places)), [rng.random(n_places) for _ in range(4)]
    ref = without.copy()
    ref.member[slots] = -1
    for c in slots:
        places = [k for k in range(net.n_carers) if NET2.carer_client[k] == c]
        assert net.primary_carer[c] == (places[0] if places else -1)
        assert net.client_person[c] == NET2.client_person[c] + 1
        assert all(net.carer_person[k] == NET2.carer_person[k] + 1 for k in places)
        assert net.request_stage[c].tolist() == [0] * D and net.coordinator[c] == -1 and not net.budget[c]
    for name in ("base_need", "extra_need", "usual_care_waived"):
        setattr(ref, name, getattr(net, name).copy())
    ref.primary_carer, ref.carer_coresident = net.primary_carer.copy(), net.carer_coresident.copy()
    add_member_reference(w, ref, slots, V.GP, rng)
    add_member_reference(w, ref, slots, V.PHARMACIST, rng)
    target = [indicable(w, ref, c) for c in slots]
    now = rng.random((slots.size, D)) < p.flows.entry_arranged_share
    arranged = np.zeros((slots.size, D), np.float32)
    unarranged = []  # needs to be arranged now, in a district without a post of the role
    for d in range(D):
        sel = [i for i in range(slots.size) if target[i][d] > p.arranging.gap_threshold and now[i, d]]
        role = V.DOMAIN_ROLE[d]
        if role != V.GP:
            add_member_reference(w, ref, slots[sel], role, rng)
        for i in sel:
            if ref.member[slots[i], role] >= 0:
                arranged[i, d] = target[i][d]
            else:
                unarranged.append((slots[i], d))
    wmo = [c for i, c in enumerate(slots) if arranged[i, V.SUPPORT] > 0 and net.law[c, V.SUPPORT] == V.WMO]
    add_member_reference(w, ref, wmo, V.SOCIAL_TEAM, rng)
    assert np.array_equal(net.member[slots], ref.member[slots])
    assert np.array_equal(net.arranged[slots], arranged)
    assert (arranged > 0).any() and unarranged and (net.member[slots] >= 0).sum() > 2 * slots.size
