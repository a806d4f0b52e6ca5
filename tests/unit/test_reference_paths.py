"""Optimised paths against simple references (issue 13): each vectorised process gives what a plain loop gives.

The processes of the week are array operations over all clients, carers, items and posts, with index tricks
(a padding entry standing for "none", flat indices, cumulative sums, bincounts). Each test here writes one mechanism
again as a plain Python loop over one client, carer, item or post at a time, in the words of the process's
docstring, deliberately simple and slow, and checks that the process gives the same on a hand-built world.

The world: :func:`filled_network` fills a :meth:`~sim.network.Network.empty` network of 40 clients, 70 carers and
two posts per role from a fixed seed, so that every branch occurs (:func:`test_the_filled_network_has_every_case`):
clients admitted and at home, without carers or without a primary carer, carers without hours or stopped, posts
booked over capacity, regiebehandelaars, plans, budgets, blocked and not-yet-started care. Random draws: the
reference takes the same draws from a copy of the process's stream, or the chances are pinned at 0 or 1.

Paths checked: delivery (care within capacity, what each carer gives: :func:`sim.processes.delivery.carers_share`),
strain (load, recovery, survey category, burnout, dropout, overload noticed), handover (items from transitions, and
the channels open to each item), alignment (contradictions), arranging (who arranges), workforce (posts changing
hands) and posts (a post drawn by spare capacity, introductions, the lead); the helper of
:mod:`sim.processes.arrays` is checked in ``test_reference_requests.py``.

Tolerances: integers, booleans and event rows exactly; hours booked with posts (float64 in both) to a relative 1e-9
(the sums run in another order); values stored as float32 (strain, unmet share, harm hazard) and the carers' hours
(delivery shares the practical tasks by the carers' float32 available hours, at float32 precision) to a relative
1e-6. Under a second.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.observe import CARER_ROLE, CLIENT_ROLE
from sim.processes.alignment import alignment
from sim.processes.arranging import arranger
from sim.processes.delivery import delivery
from sim.processes.handover import COORD_CODE, ITEM_COLUMNS, ITEM_TEMPLATES, _items, handover
from sim.processes.posts import cumulative_weight, draw_post, introduce, lead_posts
from sim.processes.strain import strain
from sim.processes.workforce import posts_change_hands

D, R = len(V.DOMAINS), len(V.ROLES)
#: Hours are float64 in both: equal up to the order of the sums.
HOURS = 1e-9
#: float32 state (strain, unmet share, harm hazard).
SINGLE = 1e-6
#: Posts per role (post ``r * POSTS_PER_ROLE + i`` has role ``r``).
POSTS_PER_ROLE = 2


def filled_network(seed: int = 0, n_clients: int = 40, n_carers: int = 70, n_orgs: int = 6) -> Network:
    """A network of one district filled from ``seed``: every client, carer and post state drawn, consistently
    (a primary carer is an active carer of the client; members are posts of their role)."""
    rng = np.random.default_rng(seed)
    N, C, P = n_clients, n_carers, R * POSTS_PER_ROLE
    chance = lambda p, size=N: rng.random(size) < p  # noqa: E731
    net = Network.empty(N, C, P, n_orgs)
    # posts
    net.post_role[:] = np.repeat(np.arange(R), POSTS_PER_ROLE)
    net.post_org[:] = rng.integers(0, n_orgs, P)
    net.post_capacity[:] = rng.choice([2.0, 10.0, 40.0, 400.0], P)  # some booked beyond capacity
    net.post_boundary[:] = rng.random(P)
    net.post_involves_carer[:] = chance(0.5, P)
    net.post_contracted[:] = chance(0.7, P)
    net.post_on_plan[:] = chance(0.5, P)
    net.coordinator_quality[:] = rng.choice([0.5, 1.0], P)
    knows = chance(0.3, (P, P))
    knows |= knows.T
    np.fill_diagonal(knows, True)
    net.knows.blocks[0][:] = knows
    linked = chance(0.4, (n_orgs, n_orgs))
    net.linked[:] = linked | linked.T | np.eye(n_orgs, dtype=bool)
    # clients
    net.profile[:] = rng.integers(0, len(V.PROFILES), N)
    net.base_need[:] = rng.choice([0.0, 1.0, 4.0, 12.0], (N, D)) * rng.random((N, D))
    net.extra_need[:, V.NURSING] = 3.0 * chance(0.2)
    net.arranged[:] = np.minimum(net.base_need, 8 * rng.random((N, D)))
    net.law[:, V.NURSING] = rng.choice([V.ZVW, V.WLZ], N)
    net.law[:, V.SUPPORT] = rng.choice([V.WMO, V.WLZ], N)
    net.start_week[:] = rng.choice([0, 0, 0, 5], (N, D))
    net.blocked[:] = chance(0.1, (N, D))
    for name, p in (("able", 0.7), ("wishes", 0.6), ("digital", 0.6), ("consent", 0.8), ("night_care", 0.3),
                    ("usual_care_waived", 0.2), ("plan", 0.4), ("budget", 0.2), ("budget_by_carer", 0.5),
                    ("budget_pays_carer", 0.5), ("proxy", 0.2)):
        getattr(net, name)[:] = chance(p)
    net.admitted_until[:] = np.where(chance(0.2), 3, -1)
    net.specialist_until[:] = rng.integers(-1, 3, N)
    net.physio_until[:] = rng.integers(-1, 3, N)
    net.unmet_share[:] = rng.random(N) * chance(0.5)
    for r in range(R):
        net.member[:, r] = np.where(chance(0.7), r * POSTS_PER_ROLE + rng.integers(0, POSTS_PER_ROLE, N), -1)
    lead_candidates = [r * POSTS_PER_ROLE + i for r in V.COORDINATOR_ROLES for i in range(POSTS_PER_ROLE)]
    net.coordinator[:] = np.where(chance(0.3), rng.choice(lead_candidates, N), -1)
    # carers
    net.carer_client[:] = rng.integers(0, N, C)
    net.carer_available[:] = rng.choice([0.0, 4.0, 12.0, 30.0], C)
    net.carer_active[:] = chance(0.85, C)
    for name, p in (("carer_digital", 0.5), ("carer_coresident", 0.4), ("carer_works", 0.4),
                    ("carer_respite", 0.2)):
        getattr(net, name)[:] = chance(p, C)
    net.carer_strain[:] = 10 * rng.random(C)
    net.carer_category[:] = rng.integers(0, 4, C)
    net.carer_over_weeks[:] = rng.integers(0, 4, C)
    net.carer_burned_out[:] = (net.carer_category >= 2) & chance(0.3, C)
    for c in range(N):
        active = [k for k in range(C) if net.carer_client[k] == c and net.carer_active[k]]
        net.primary_carer[c] = active[rng.integers(len(active))] if active else -1
    return net


NET = filled_network()


def carers_of(net: Network, c: int) -> list[int]:
    return [k for k in range(net.n_carers) if net.carer_client[k] == c]


def test_the_filled_network_has_every_case():
    """The references are only as good as the cases they meet: each branch of the processes occurs."""
    net = NET
    at_home = net.admitted_until < 0
    with_carers = np.bincount(net.carer_client, minlength=net.n_clients) > 0
    assert at_home.any() and (~at_home).any()
    assert (~with_carers).any() and (with_carers & (net.primary_carer < 0)).any()
    assert (net.carer_available == 0).any() and (~net.carer_active).any()
    assert (net.coordinator >= 0).any() and net.plan.any() and net.budget.any() and net.blocked.any()
    assert (net.start_week > 0).any() and (net.member < 0).any()
    booked = np.zeros(net.n_posts)
    for c in np.flatnonzero(at_home):
        for d in range(D):
            post = net.member[c, V.DOMAIN_ROLE[d]]
            if post >= 0:
                booked[post] += net.arranged[c, d]
    assert (booked > net.post_capacity).any() and (booked < net.post_capacity).any()


# --------------------------------------------------------------------------- delivery


def delivery_reference(w) -> dict:
    """Delivery, client by client and carer by carer: posts deliver what is booked with them, scaled down when they
    are booked beyond their capacity (less last week's overhead), within the need; carers give presence (the
    co-resident primary carer), practical tasks (shared by available hours) and then the gap, from the time left
    after regelwerk and practical tasks, shared by that time; of it, 'gebruikelijke zorg' up to what indications
    leave to a co-resident primary carer."""
    net, N, C, P = w.net, w.net.n_clients, w.net.n_carers, w.net.n_posts
    home = [bool(net.admitted_until[c] < 0) for c in range(N)]
    need = [[float(net.need[c, d]) if home[c] else 0.0 for d in range(D)] for c in range(N)]
    booked = [0.0] * P
    for c in range(N):
        for d in range(D):
            post = net.member[c, V.DOMAIN_ROLE[d]]
            if home[c] and post >= 0:
                booked[post] += float(net.arranged[c, d])
    ratio = [min(1.0, max(float(net.post_capacity[q]) - w.overhead_last[q], 0.0) / max(booked[q], 1e-9))
             for q in range(P)]
    gap, need_total = [0.0] * N, [0.0] * N
    for c in range(N):
        delivered_total = 0.0
        for d in range(D):
            post = net.member[c, V.DOMAIN_ROLE[d]]
            starts = not net.blocked[c, d] and net.start_week[c, d] <= w.week
            if post >= 0 and starts:
                delivered_total += min(float(net.arranged[c, d]) * home[c] * ratio[post], need[c][d])
            need_total[c] += need[c][d]
        gap[c] = need_total[c] - delivered_total

    out = {k: [0.0] * C for k in ("practical", "presence", "usual", "gap", "care")}
    unmet = [0.0] * N
    for c in range(N):
        mine = carers_of(net, c)
        caring = [k for k in mine if net.carer_active[k] and home[c]]
        available = sum(float(net.carer_available[k]) for k in caring)
        free = {}
        for k in caring:
            out["practical"][k] = w.client_practical[c] * float(net.carer_available[k]) / available if available else 0
            if net.carer_coresident[k] and net.primary_carer[c] == k:
                out["presence"][k] = w.client_presence[c]
            free[k] = max(float(net.carer_available[k]) - w.carer_regelwerk[k] - out["practical"][k], 0.0)
        free_total = sum(free.values())
        given = min(gap[c], free_total)
        primary = net.primary_carer[c]
        expected = 0.0
        if primary >= 0 and net.carer_coresident[primary] and not net.usual_care_waived[c]:
            expected = w.client_usual_care[c] * (need[c][V.NURSING] + need[c][V.SUPPORT])
        share = given / free_total if free_total > 0 else 0.0
        usual_part = min(given, expected) / given if given > 0 else 0.0
        for k, hours in free.items():
            gives = hours * share
            out["usual"][k] = gives * usual_part
            out["gap"][k] = gives - out["usual"][k]
        for k in mine:
            out["care"][k] = out["usual"][k] + out["gap"][k] + out["presence"][k] + out["practical"][k]
        unmet[c] = gap[c] - sum(out["usual"][k] + out["gap"][k] for k in mine)
    share = [unmet[c] / need_total[c] if need_total[c] > 0 else 0.0 for c in range(N)]
    return {"booked": booked, "unmet": unmet, "unmet_share": share, **out,
            "unmet_client": [home[c] and unmet[c] > w.params.arranging.gap_threshold for c in range(N)]}


def test_delivery_matches_the_client_by_client_reference():
    w = make_world(NET)
    rng = np.random.default_rng(1)
    w.overhead_last[:] = rng.choice([0.0, 1.0, 5.0], w.net.n_posts)
    w.carer_regelwerk[:] = rng.choice([0.0, 0.5, 3.0, 40.0], w.net.n_carers)
    expected = delivery_reference(w)
    run_week(w, delivery)
    assert w.booked == pytest.approx(expected["booked"], rel=HOURS)
    for name in ("practical", "presence", "usual", "gap", "care"):  # carers' shares: from float32 hours
        assert getattr(w, f"carer_{name}") == pytest.approx(expected[name], rel=SINGLE, abs=1e-9), name
    assert w.unmet == pytest.approx(expected["unmet"], rel=SINGLE, abs=1e-6)
    assert w.net.unmet_share == pytest.approx(expected["unmet_share"], rel=SINGLE, abs=1e-7)
    assert w.unmet_client.tolist() == expected["unmet_client"]
    assert (w.carer_gap > 0).any() and (w.carer_usual > 0).any() and (w.unmet > 0).any()


# --------------------------------------------------------------------------- strain


def strain_reference(w, u: np.ndarray) -> dict:
    """Strain, carer by carer, with the process's draws ``u`` (carers x 2: dropout, overload noticed)."""
    net, sp = w.net, w.params.strain
    C = net.n_carers
    out = {"strain": net.carer_strain.copy(), "category": net.carer_category.copy(),
           "over_weeks": net.carer_over_weeks.copy(), "burned_out": net.carer_burned_out.copy(),
           "changed": [], "burnout": [], "dropout": [], "noticed": []}
    for k in range(C):
        c = net.carer_client[k]
        involved = any(net.member[c, r] >= 0 and net.post_involves_carer[net.member[c, r]] for r in range(R))
        primary = net.primary_carer[c] == k
        home = net.admitted_until[c] < 0
        night = net.night_care[c] and net.carer_coresident[k] and home and primary
        care_share = w.carer_care[k] / net.carer_available[k] if net.carer_available[k] > 0 else 0.0
        paid = primary and net.budget[c] and net.budget_pays_carer[c]
        load = (sp.care_load * (1 + sp.work_strain * (net.carer_works[k] and not paid)) * care_share
                + sp.night_load * night + sp.regelwerk_load * w.carer_regelwerk[k]
                + sp.unmet_load * net.unmet_share[c] + sp.contradiction_load * w.carer_contradictions[k]
                + sp.sidelined_load * w.carer_sidelined[k])
        recovery = sp.recovery + sp.support_recovery * involved + sp.respite_recovery * net.carer_respite[k]
        if net.carer_active[k]:
            out["strain"][k] = np.float32(float(net.carer_strain[k]) * (1 - recovery) + load)
            category = sum(t <= out["strain"][k] for t in w.strain_thresholds)
            if category != net.carer_category[k]:
                out["changed"].append(k)
            out["category"][k] = category
        over = net.carer_active[k] and out["category"][k] == 3
        out["over_weeks"][k] = net.carer_over_weeks[k] + 1 if over else 0
        if over and out["over_weeks"][k] == sp.burnout_weeks and not net.carer_burned_out[k]:
            out["burned_out"][k] = True
            out["burnout"].append(k)
        out["burned_out"][k] = out["burned_out"][k] and out["category"][k] >= 2
        dropout = sp.dropout_per_week * (sp.coresident_dropout_ratio if net.carer_coresident[k] else 1.0)
        if net.carer_active[k] and out["burned_out"][k] and float(u[k, 0]) < dropout:
            out["dropout"].append(k)
    for k in range(C):  # overload noticed, among the carers still caring after the dropouts
        c, co = net.carer_client[k], net.coordinator[net.carer_client[k]]
        watch = w.params.policies.regiebehandelaar.watch_carer * net.coordinator_quality[co] if co >= 0 else 0.0
        p_notice = 1 - (1 - sp.overload_noticed) * (1 - watch)
        if (net.carer_active[k] and k not in out["dropout"] and out["category"][k] >= 2
                and not net.usual_care_waived[c] and float(u[k, 1]) < p_notice):
            out["noticed"].append(k)
    return out


def test_strain_matches_the_carer_by_carer_reference_week_after_week():
    """Three weeks of strain alone; each week the process against the reference from the same state and draws.
    Burnout after two overburdened weeks and a high dropout make every branch happen."""
    w = make_world(NET, strain__burnout_weeks=2, strain__dropout_per_week=0.5, strain__overload_noticed=0.3)
    rng = np.random.default_rng(2)
    C = w.net.n_carers
    seen = {"changed": 0, "burnout": 0, "dropout": 0, "noticed": 0}
    for _ in range(3):
        w.carer_care[:] = rng.choice([0.0, 2.0, 10.0, 25.0], C)
        w.carer_regelwerk[:] = rng.choice([0.0, 1.0, 4.0], C)
        w.carer_contradictions[:] = rng.integers(0, 3, C)
        w.carer_sidelined[:] = rng.integers(0, 2, C)
        u = copy.deepcopy(w.streams.strain).random((C, 2), dtype=np.float32)  # the process's own draws
        expected = strain_reference(w, u)
        active_before = w.net.carer_active.copy()
        waived_before = w.net.usual_care_waived.copy()
        log_start = len(w.log)
        run_week(w, strain)
        net = w.net
        assert net.carer_strain == pytest.approx(expected["strain"], rel=SINGLE)
        for name in ("category", "over_weeks", "burned_out"):
            assert getattr(net, f"carer_{name}").tolist() == expected[name].tolist(), name
        assert np.flatnonzero(active_before & ~net.carer_active).tolist() == expected["dropout"]
        noticed_clients = sorted({int(net.carer_client[k]) for k in expected["noticed"]})
        assert np.flatnonzero(net.usual_care_waived & ~waived_before).tolist() == noticed_clients
        week = {k: v[log_start:] for k, v in w.log.arrays().items()}
        for name, key in (("strain_category", "changed"), ("burnout", "burnout"), ("overload_signalled", "noticed")):
            assert week["actor"][week["event"] == V.EVENT[name]].tolist() == expected[key], name
        # the categories changed (client, new category, new strain), then the burnouts (category 0, no value)
        rows = np.isin(week["event"], [V.EVENT["strain_category"], V.EVENT["burnout"]])
        assert list(zip(*(week[k][rows].tolist() for k in ("event", "client", "detail", "actor")))) == (
            [(V.EVENT["strain_category"], net.carer_client[k], expected["category"][k], k) for k in expected["changed"]]
            + [(V.EVENT["burnout"], net.carer_client[k], 0, k) for k in expected["burnout"]])
        n_changed = len(expected["changed"])
        assert week["value"][rows][:n_changed].tolist() == net.carer_strain[expected["changed"]].tolist()
        assert np.isnan(week["value"][rows][n_changed:]).all()
        for key in seen:
            seen[key] += len(expected[key])
    assert all(seen.values()), seen


# --------------------------------------------------------------------------- handover


def items_reference(net, transitions) -> list[tuple]:
    """Handover items, transition by transition and template row by row: (client, kind, sender, receiver, role,
    transition id, transition kind). Senders and receivers: a post; -2 the client side; -3 the primary carer."""
    out = []
    for c, t_kind, post, t_id in transitions:
        for kind, s_code, r_code in ITEM_TEMPLATES[t_kind]:
            if s_code == -1:
                sender = post
            elif s_code == CLIENT_ROLE:
                sender = -2
            elif s_code == COORD_CODE:
                sender = net.coordinator[c]
            else:
                sender = net.member[c, s_code]
            if r_code == -1:
                receiver, role = post, net.post_role[max(post, 0)]
            elif r_code == CARER_ROLE:
                receiver, role = (-3 if net.primary_carer[c] >= 0 else -1), CARER_ROLE
            else:
                receiver, role = net.member[c, r_code], r_code
            if s_code == -1 and r_code == -1:  # a leaving professional's file goes to the successor
                ok = receiver >= 0
            else:
                ok = sender != -1 and receiver != -1 and sender != receiver
            if ok:
                out.append((c, kind, sender, receiver, role, t_id, t_kind))
    return out


def channels_reference(w, item, talk: bool) -> dict[int, bool]:
    """Which channels are open to an item, by channel (``V.CHANNELS`` without ``none``): the handover docstring,
    one item at a time; ``talk``: the discharge talk with the carer present happens (pinned)."""
    net = w.net
    c, kind, s, r, role, _, t_kind = item
    to_carer = r == -3
    pc = net.primary_carer[c]
    co = net.coordinator[c]
    carer_on_plan = pc >= 0 and net.carer_digital[pc] and w.plan_carer_access
    addressable = (s >= 0 and r >= 0 and net.knows[s, r]) or role in (V.GP, V.PHARMACIST) \
        or t_kind == V.REFERRAL or (co >= 0 and co in (r, s))
    direct = s >= 0 and ((r >= 0 and addressable) or (to_carer and net.post_involves_carer[s]))
    digital = direct and r >= 0 and net.linked[net.post_org[s], net.post_org[r]]
    sender_on_plan = net.post_on_plan[s] if s >= 0 else (net.able[c] and net.digital[c]) or carer_on_plan
    receiver_on_plan = net.post_on_plan[r] if r >= 0 else to_carer and carer_on_plan
    plan = net.plan[c] and net.consent[c] and sender_on_plan and receiver_on_plan
    nurse = net.member[c, V.DISTRICT_NURSE]
    at_discharge = to_carer and pc >= 0 and t_kind == V.DISCHARGE
    transfer_visit = at_discharge and nurse >= 0 and net.post_involves_carer[nurse]
    client_carries = net.able[c] and net.admitted_until[c] < 0
    carrier = not to_carer and (client_carries or pc >= 0) and not plan and co < 0
    return {V.PLAN: plan, V.DIRECT_DIGITAL: digital, V.COORDINATOR: co >= 0 and co not in (s, r),
            V.DIRECT_PAPER: direct and not digital, V.IN_PERSON: (at_discharge and talk) or transfer_visit,
            V.CARRIED_BY_CLIENT: carrier and client_carries, V.CARRIED_BY_CARER: carrier and not client_carries}


#: Every channel fails (so each item is logged as failed with its first open channel); every regiebehandelaar
#: convenes its network (quality 1).
ALL_FAIL = {f"handover__{name}": 0.0 for name in ("plan_record", "digital_complete", "paper_complete",
                                                   "coordinator_relay", "carrier_complete", "talk_complete",
                                                   "transfer_complete")}


def handover_world(talk: float = 1.0):
    """The filled network with transitions of every kind for every client (the post concerned, where the kind
    has one: a member post of the client, or for a contact any post); ``talk``: the chance of the discharge talk
    with the carer present."""
    net = NET.copy()
    net.coordinator_quality[:] = 1.0
    w = make_world(net, **ALL_FAIL, handover__discharge_talk_carer=talk)
    w.plan_carer_access = True
    w.log.week = w.week
    rng = np.random.default_rng(3)
    clients = np.arange(w.net.n_clients)
    for kind in range(len(V.TRANSITIONS)):
        posts = -1
        if kind in (V.REFERRAL, V.PROFESSIONAL_LEAVING):
            posts = w.net.member[clients, rng.integers(0, R, clients.size)]
        elif kind == V.CONTACT:  # a professional outside the network
            posts = rng.integers(0, w.net.n_posts, clients.size)
        w.transitions.add(w, kind, clients, posts)
    return w


def pending(w) -> list[tuple]:
    """The transitions waiting for the handover process: (client, kind, post, id), in order (not taken)."""
    return list(zip(*(column.tolist() for column in w.transitions.pending())))


def test_handover_items_match_the_transition_by_transition_reference():
    w = handover_world()
    transitions = pending(w)
    expected = items_reference(w.net, transitions)
    t_client, t_kind, t_post, t_id = (np.array(col) for col in zip(*transitions))
    got, _ = _items(w, t_client, t_kind, t_post, t_id)
    assert got.shape[0] == len(ITEM_COLUMNS) == 7
    rows = list(zip(*got.tolist()))  # client, kind, sender, receiver, role, ref, transition
    assert rows == expected
    assert {row[6] for row in rows} == set(range(len(V.TRANSITIONS)))


@pytest.mark.parametrize("talk", [True, False])
def test_handover_channels_match_the_item_by_item_reference(talk):
    """With every channel failing, each item is logged as failed with the first channel open to it. The channels
    after the first show in what their use costs: the carer's regelwerk for the items it carries (one event per
    transition), the recording of plan items (by the sender, or the regiebehandelaar for the client side) and the
    regiebehandelaar's hours for the items it relays. The regiebehandelaar's network is convened first (its members
    get to know each other, its hours charged), as in the process. With and without the discharge talk (without
    it, in person is the district nurse's transfer visit only)."""
    w = handover_world(float(talk))
    transitions = pending(w)
    reference = copy.copy(w)
    reference.net = net = w.net.copy()
    convened = [(net.coordinator[c], c) for c, *_ in transitions if net.coordinator[c] >= 0]
    for _, c in convened:
        members = [q for q in net.member[c] if q >= 0]
        for a in members:
            for b in members:
                net.knows[a, b] = True
    failed, carried, recorded, relayed = [], {}, [], []
    for item in items_reference(net, transitions):
        c, kind, s, r, role, ref, _ = item
        channels = channels_reference(reference, item, talk)
        first = next((channel for channel, is_open in channels.items() if is_open), V.NO_CHANNEL)
        target = r if r >= 0 else (net.primary_carer[c] if r == -3 else -1)
        failed.append((c, kind, s if s >= 0 else -1, target, CARER_ROLE if r == -3 else role, first))
        if channels[V.CARRIED_BY_CARER]:
            carried[ref] = (c, carried.get(ref, (c, 0))[1] + 1)
        recorder = s if s >= 0 else net.coordinator[c]
        if channels[V.PLAN] and recorder >= 0:
            recorded.append((recorder, c))
        if channels[V.COORDINATOR]:
            relayed.append((net.coordinator[c], c))
    hours = w.params.arranging.carrier_hours
    carrying = [(c, net.primary_carer[c], hours * n, ref) for ref, (c, n) in sorted(carried.items())]

    handover(w)
    got = events(w, "handover_failed")
    assert len(events(w, "handover_delivered")["client"]) == 0
    assert list(zip(*(got[k].tolist() for k in ("client", "detail", "actor", "target", "role", "channel")))) == failed
    assert {row[5] for row in failed} == set(range(len(V.CHANNELS))), "every channel, and none, comes first"
    regelwerk = events(w, "regelwerk")
    regelwerk = {k: v[regelwerk["detail"] == V.CARRYING] for k, v in regelwerk.items()}
    assert list(zip(*(regelwerk[k].tolist() for k in ("client", "actor", "value", "ref")))) == carrying
    charged = [list(zip(posts.tolist(), clients.tolist())) for posts, _, _, clients in w.overhead_buffer]
    assert charged == [convened, recorded, relayed]
    assert carrying and recorded and relayed


# --------------------------------------------------------------------------- alignment



def advises(w, c: int, role: int) -> bool:
    """Whether the client's professional of ``role`` is active and advises this week (the alignment's rule, written
    out): a member, not the pharmacist or social team, with care arranged in its domain if it has one, and a
    specialist or physiotherapist only within their period."""
    net = w.net
    domain_of = {r: d for d, r in enumerate(V.DOMAIN_ROLE) if r != V.GP}
    until = {V.SPECIALIST: net.specialist_until, V.PHYSIOTHERAPIST: net.physio_until}
    if net.member[c, role] < 0 or role in (V.PHARMACIST, V.SOCIAL_TEAM):
        return False
    if role in domain_of and not net.arranged[c, domain_of[role]] > 0:
        return False
    return not (role in until and until[role][c] < w.week)

def test_alignment_matches_the_client_by_client_reference():
    """Every pair of active professionals advises and contradicts unless aligned (chances pinned at 1; boundary
    work always succeeds between acquaintances): per client and advice pair, in order."""
    net = NET.copy()
    net.post_boundary[:] = 1.0
    net.coordinator_quality[:] = 1.0
    w = make_world(net, alignment__advice_per_week=1.0, alignment__conflict=1.0, alignment__plan_visibility=1.0,
                   alignment__coordinator_aligns=1.0)
    def active(c, role):
        return advises(w, c, role)

    expected, contradictions = [], np.zeros(net.n_carers)
    dissatisfaction, hazard = net.dissatisfaction.astype(float), net.harm_hazard.astype(float)
    for c in range(net.n_clients):
        for k, (ra, rb) in enumerate(V.ADVICE_PAIRS):
            if not (net.admitted_until[c] < 0 and active(c, ra) and active(c, rb)):
                continue
            a, b, co = net.member[c, ra], net.member[c, rb], net.coordinator[c]
            aligned = (net.knows[a, b] or (net.plan[c] and net.consent[c] and net.post_on_plan[a]
                                           and net.post_on_plan[b]) or (co >= 0 and net.knows[co, a] and net.knows[co, b]))
            if not aligned:
                expected.append((c, k, a, b))
                dissatisfaction[c] += w.params.complaints.contradiction_weight
                hazard[c] += w.params.alignment.contradiction_hazard
                if net.primary_carer[c] >= 0:
                    contradictions[net.primary_carer[c]] += 1
    run_week(w, alignment)
    got = events(w, "contradiction")
    assert list(zip(*(got[k].tolist() for k in ("client", "detail", "actor", "target")))) == expected
    assert len(expected) > 5
    assert w.carer_contradictions.tolist() == contradictions.tolist()
    assert w.net.dissatisfaction == pytest.approx(dissatisfaction, rel=SINGLE)
    assert w.net.harm_hazard == pytest.approx(hazard, rel=SINGLE)


# --------------------------------------------------------------------------- arranging: who arranges


def test_arranger_matches_the_precedence_client_by_client():
    """Regiebehandelaar, budget holder (a carer's budget only with a carer), the client, a registered proxy, any
    active carer, nobody: the first that applies."""
    w = make_world(NET)
    net = w.net
    expected = []
    for c in range(net.n_clients):
        has_carer = net.primary_carer[c] >= 0
        if net.coordinator[c] >= 0:
            who = V.COORD
        elif net.budget[c] and (not net.budget_by_carer[c] or has_carer):
            who = V.BUDGET_HOLDER
        elif net.able[c] and net.wishes[c]:
            who = V.SELF
        elif has_carer and net.proxy[c]:
            who = V.PROXY
        elif has_carer:
            who = V.CARER
        else:
            who = V.NOBODY
        expected.append(who)
    assert arranger(w).tolist() == expected
    assert set(expected) == set(range(len(V.ARRANGERS)))


# --------------------------------------------------------------------------- workforce


def test_posts_changing_hands_match_the_post_by_post_reference():
    """Leaving posts: a successor (the post's person count goes up) who knows only the colleagues of the same
    organisation; each client of the post has a ``professional_leaving`` transition, unless the client keeps the
    professional through the budget (then logged as kept)."""
    w = make_world(NET)
    net = w.net
    leaving = np.array([1, 4, 9, 12])
    keeps = np.random.default_rng(4).random(net.n_clients) < 0.3
    knows = np.array(net.knows).copy()[0]
    for p in leaving:
        for q in range(net.n_posts):
            knows[p, q] = knows[q, p] = net.post_org[p] == net.post_org[q]
    kept, moved = [], []
    for c in range(net.n_clients):
        for r in range(R):
            if net.member[c, r] in leaving:
                (kept if keeps[c] else moved).append((c, net.member[c, r]))
    person = net.post_person.copy()
    person[leaving] += 1
    w.log.week = w.week
    posts_change_hands(w, leaving, keeps)
    assert np.array_equal(np.array(net.knows)[0], knows)
    assert net.post_person.tolist() == person.tolist()
    t_client, t_kind, t_post, _ = w.transitions.take()
    assert list(zip(t_client.tolist(), t_post.tolist())) == moved
    assert set(t_kind.tolist()) == {V.PROFESSIONAL_LEAVING}
    logged = events(w, "professional_kept")
    assert list(zip(logged["client"].tolist(), logged["target"].tolist())) == kept
    assert kept and moved


# --------------------------------------------------------------------------- posts


def test_draw_post_matches_a_walk_along_the_posts():
    """A post of the role in the client's district, with chance proportional to its weight (drawn as the matching
    draws it: along the posts by district and role, ``w.post_order``, with the range of the client's district and
    the role): with the same uniform draw, walking the district's posts of the role in order until the summed
    weight passes draw x total."""
    w = make_world(NET)
    net = w.net
    rng = np.random.default_rng(5)
    clients = np.arange(net.n_clients)
    roles = rng.integers(0, R, net.n_clients)
    weight = rng.choice([0.0, 0.5, 3.0], net.n_posts)
    u = np.random.default_rng(6).random(clients.size)
    cum = cumulative_weight(weight[w.post_order])
    got = [draw_post(w.post_order, cum, *w.post_range[net.client_district[c] * R + roles[i]], u[i])
           for i, c in enumerate(clients)]
    expected = []
    for i, c in enumerate(clients):
        candidates = [q for q in range(net.n_posts)
                      if net.post_role[q] == roles[i] and net.post_district[q] == net.client_district[c]]
        total = sum(weight[q] for q in candidates)
        pick, summed = -1, 0.0
        for q in candidates:
            summed += weight[q]
            if total > 0 and u[i] * total < summed:
                pick = q
                break
        expected.append(pick)
    assert got == expected
    assert -1 in expected and len(set(expected) - {-1}) > 5


def test_introduce_and_lead_posts_match_client_by_client():
    """Introducing a client's network: every two of its member posts know each other. The lead: the
    regiebehandelaar, or during an admission the specialist (if any)."""
    w = make_world(NET)
    net = w.net
    clients = np.array([0, 3, 7, 11, 20])
    knows = np.array(net.knows)[0].copy()
    for c in clients:
        members = [q for q in net.member[c] if q >= 0]
        for a in members:
            for b in members:
                knows[a, b] = True
    introduce(net, clients)
    assert np.array_equal(np.array(net.knows)[0], knows)
    expected = []
    for c in range(net.n_clients):
        co, specialist = net.coordinator[c], net.member[c, V.SPECIALIST]
        episode = co >= 0 and net.admitted_until[c] >= 0 and specialist >= 0
        expected.append(specialist if episode else co)
    assert lead_posts(net).tolist() == expected
    assert any(e >= 0 and e != co for e, co in zip(expected, net.coordinator))  # an episode occurs
