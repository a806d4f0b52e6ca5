"""Handover and alignment with their chances (issue 13): the compiled loops against item-by-item references.

:mod:`test_reference_paths` checks the handover items, the channels open to each item (with every channel failing)
and alignment with every chance pinned at 1. Here the chances lie between 0 and 1, and each reference, a plain loop
over one transition, item, client or advice pair at a time written from the process's docstring, takes the
process's own draws from a copy of its stream, in the process's order. Handover: one uniform per transition
(convening), 13 per item (the race of the channels), 2 per failed item (its consequences). Alignment: one float32
uniform per client and advice pair (advice), then 4 per advising pair.

Paths checked: convening (who convenes, who gets to know whom), the race (arrival, due, delivered or failed, the
logged channel, the event rows in their order), the consequences of failed items (harm, blocked care, the story
told again, the carer sidelined, dissatisfaction, harm hazard, grievance) and alignment (advising pairs,
alignment, contradictions, their state and series). Each on the filled network of :mod:`test_reference_paths`,
in one district and split over two (acquaintances never cross a district).

Tolerances: rows, channels, booleans and counts exactly; arrival days (float32 in the log) to a relative 1e-6; the
log's ``day`` (float16) to a relative 1e-3; float32 state (dissatisfaction, harm hazard) to a relative 1e-6.
Float32 where the process compares in float32: a coordinator's relay and alignment chances (``np.float32`` chance
times the float32 quality), the mean boundary willingness (float32), the advice draw (float32).
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from test_reference_paths import (
    NET,
    POSTS_PER_ROLE,
    SINGLE,
    advises,
    channels_reference,
    filled_network,
    items_reference,
    pending,
)
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Acquaintance
from sim.observe import CARER_ROLE, SERIES_INDEX
from sim.processes.alignment import alignment
from sim.processes.arrays import ROLE_BIT
from sim.processes.handover import handover

D, R = len(V.DOMAINS), len(V.ROLES)
#: The log's ``day`` column is float16.
HALF = 1e-3


def in_districts(net, n_districts: int):
    """A copy of ``net`` whose posts lie in ``n_districts`` districts (post ``r * POSTS_PER_ROLE + i`` in district
    ``i % n_districts``), knowing the same colleagues within their district and nobody across."""
    net = net.copy()
    if n_districts == 1:
        return net
    knows = np.array(net.knows)[0]
    district = np.arange(net.n_posts) % POSTS_PER_ROLE % n_districts
    width = int(np.bincount(district).max())
    blocks = np.zeros((n_districts, width, width), bool)
    for d in range(n_districts):
        posts = np.flatnonzero(district == d)
        blocks[d, :posts.size, :posts.size] = knows[np.ix_(posts, posts)]
    net.knows = Acquaintance(district, blocks)
    net.post_district[:] = district
    return net


# --------------------------------------------------------------------------- handover


def handover_world(n_districts: int, regie: bool = True):
    """The filled network with two transitions of every kind for every client (the post concerned, where the kind
    has one: a member post of the client, or for a contact any post), regiebehandelaars of quality 1 and 0.5 (in
    every other post; none without ``regie``: then nobody convenes, and who knows whom decides more), the plan
    open to carers, and harm chances raised so that every consequence occurs."""
    w = make_world(in_districts(NET, n_districts), handover__medication_harm=0.5, handover__readmission_harm=0.5)
    w.net.coordinator_quality[:] = np.where(np.arange(w.net.n_posts) % 2, 0.5, 1.0)
    if not regie:
        w.net.coordinator[:] = -1
    w.plan_carer_access = True
    w.log.week = w.week
    rng = np.random.default_rng(8)
    clients = np.arange(w.net.n_clients)
    for _ in range(2):
        for kind in range(len(V.TRANSITIONS)):
            posts = -1
            if kind in (V.REFERRAL, V.PROFESSIONAL_LEAVING):
                posts = w.net.member[clients, rng.integers(0, R, clients.size)]
            elif kind == V.CONTACT:
                posts = rng.integers(0, w.net.n_posts, clients.size)
            w.transitions.add(w, kind, clients, posts)
    return w


def race_reference(w, net, item, u: np.ndarray) -> tuple:
    """One item's race with its 13 uniforms ``u``: (arrival in float32 days, inf if never; due; the logged
    channel). Each open channel works with its chance and delivers after Exp(1) x its mean delay; the carer who
    carries fails first when very heavily burdened or overburdened; in person: the discharge talk (day 0) or the
    district nurse's transfer visit. The first channel to arrive, or for a failed item the first one open."""
    hp = w.params.handover
    c, kind, _, r, _, _, t_kind = item
    talk_happens = u[10] < hp.discharge_talk_carer
    is_open = channels_reference(w, item, talk_happens)
    delay = [-math.log(max(x, 1e-12)) for x in u[5:10]]  # Exp(1): plan, direct, coordinator, carrier, transfer
    pc, co = net.primary_carer[c], net.coordinator[c]
    arrive = {}
    if is_open[V.PLAN] and u[0] < hp.plan_record:
        arrive[V.PLAN] = delay[0] * hp.plan_delay
    if is_open[V.DIRECT_DIGITAL] and u[1] < hp.digital_complete:
        arrive[V.DIRECT_DIGITAL] = delay[1] * hp.digital_delay
    if is_open[V.DIRECT_PAPER] and u[1] < hp.paper_complete:
        arrive[V.DIRECT_PAPER] = delay[1] * hp.paper_delay
    if is_open[V.COORDINATOR] and u[2] < np.float32(hp.coordinator_relay) * net.coordinator_quality[co]:
        arrive[V.COORDINATOR] = delay[2] * hp.coordinator_delay
    for channel in V.CARRIER_CHANNELS:
        overloaded_carer = channel == V.CARRIED_BY_CARER and net.carer_category[pc] >= 2
        if is_open[channel] and not (overloaded_carer and u[4] < w.params.strain.overloaded_fails) \
                and u[3] < hp.carrier_complete:
            arrive[channel] = delay[3] * hp.carrier_delay
    at_discharge = r == -3 and pc >= 0 and t_kind == V.DISCHARGE
    nurse = net.member[c, V.DISTRICT_NURSE]
    in_person = []
    if at_discharge and talk_happens and u[11] < hp.talk_complete:
        in_person.append(0.0)
    if at_discharge and nurse >= 0 and net.post_involves_carer[nurse] and u[12] < hp.transfer_complete:
        in_person.append(delay[4] * hp.transfer_delay)
    if in_person:
        arrive[V.IN_PERSON] = min(in_person)
    arrive = {channel: np.float32(days) for channel, days in arrive.items()}
    arrival = min(arrive.values(), default=np.float32(np.inf))
    due = {V.MEDICATION: hp.due_medication, V.EXPECTATIONS: hp.due_expectations,
           V.HOME_SITUATION: hp.due_home_situation}[kind]
    due = np.float32(hp.due_contact if t_kind == V.CONTACT else due)
    if arrival <= due:
        channel = min(ch for ch, days in arrive.items() if days == arrival)
    else:
        channel = next((ch for ch, open_ in is_open.items() if open_), V.NO_CHANNEL)
    return arrival, due, channel


def handover_reference(w) -> dict:
    """Handover transition by transition and item by item, on a copy of the world, with the process's draws:
    convening, the race of each item, the consequences of each failed item. Returns the expected event rows and
    state."""
    hp, cp = w.params.handover, w.params.complaints
    reference = copy.copy(w)
    reference.net = net = w.net.copy()
    rng = copy.deepcopy(w.streams.handover)
    transitions = pending(w)
    out = {"convened": [], "delivered": [], "failed": [], "harm": [], "story": [], "regelwerk": []}
    # convening: a regiebehandelaar convenes with chance its quality; the client's member posts get to know each
    # other
    for (c, kind, _, _), x in zip(transitions, rng.random(len(transitions))):
        co = net.coordinator[c]
        if co >= 0 and x < net.coordinator_quality[co]:
            out["convened"].append((c, kind, co))
            members = [q for q in net.member[c] if q >= 0]
            for a in members:
                for b in members:
                    net.knows[int(a), int(b)] = True
    # the race
    items = items_reference(net, transitions)
    u = rng.random((len(items), 13))
    failed = []
    carried = {}  # per transition id: its client and the items the primary carer carries (tried or not)
    for item, row in zip(items, u):
        c, kind, s, r, role, ref, _ = item
        if channels_reference(reference, item, row[10] < hp.discharge_talk_carer)[V.CARRIED_BY_CARER]:
            carried[ref] = (c, carried.get(ref, (c, 0))[1] + 1)
        arrival, due, channel = race_reference(reference, net, item, row)
        target = r if r >= 0 else (net.primary_carer[c] if r == -3 else -1)
        logged = (c, kind, s if s >= 0 else -1, target, role, channel, ref)
        days = (float(arrival) if arrival < np.inf else np.nan, float(min(arrival, due)))
        if arrival <= due:
            out["delivered"].append((logged, days))
        else:
            out["failed"].append((logged, days))
            failed.append(item)
    # the carer's regelwerk: one piece of work per transition, in the order of the ids
    regelwerk = w.carer_regelwerk.copy()
    for ref, (c, n_items) in sorted(carried.items()):
        carer, hours = net.primary_carer[c], w.params.arranging.carrier_hours * n_items
        out["regelwerk"].append((c, carer, hours, ref))
        regelwerk[carer] += hours
    # the consequences of each failed item
    dissatisfaction, hazard = net.dissatisfaction.astype(float), net.harm_hazard.astype(float)
    sidelined = w.carer_sidelined.copy()
    harms = {0: [], 1: []}
    for (c, kind, s, r, role, _, _), x in zip(failed, rng.random((len(failed), 2))):
        pc = net.primary_carer[c]
        for harm, happens in ((0, kind == V.MEDICATION and r != -3 and x[0] < hp.medication_harm),
                              (1, kind == V.HOME_SITUATION and x[0] < hp.readmission_harm)):
            if happens:
                harms[harm].append((c, harm, s if s >= 0 else -1, r))
                hazard[c] += w.params.needs.harm_hazard
                dissatisfaction[c] += cp.harm_weight
        if kind == V.EXPECTATIONS and r >= 0 and role in V.DOMAIN_ROLE:
            net.blocked[c, V.DOMAIN_ROLE.index(role)] = True
        if r >= 0 and (net.able[c] or pc >= 0):
            out["story"].append((c, kind, r))
            dissatisfaction[c] += cp.story_weight
        if r == -3 and pc >= 0:
            sidelined[pc] += 1
            dissatisfaction[c] += cp.ignored_weight
        net.grievance[c] = (ROLE_BIT[net.post_role[s]] if s >= 0 else 0) | (ROLE_BIT[role] if r >= 0 else 0)
    out["harm"] = harms[0] + harms[1]
    out.update(net=net, dissatisfaction=dissatisfaction, hazard=hazard, sidelined=sidelined,
               carer_regelwerk=regelwerk)
    return out


def rows(w, name: str, columns: tuple[str, ...]) -> list[tuple]:
    got = events(w, name)
    return list(zip(*(got[k].tolist() for k in columns)))


@pytest.mark.parametrize("regie", [True, False])
@pytest.mark.parametrize("n_districts", [1, 2])
def test_handover_race_matches_the_item_by_item_reference(n_districts, regie):
    """Convening, then each item's race: the rows of delivered items (the first channel to arrive) and of failed
    ones (the first channel open), in item order, with their arrival and day."""
    w = handover_world(n_districts, regie)
    expected = handover_reference(w)
    with_coordinator = sum(w.net.coordinator[c] >= 0 for c, *_ in pending(w))
    handover(w)
    assert rows(w, "convened", ("client", "detail", "actor")) == expected["convened"]
    assert np.array_equal(np.array(w.net.knows), np.array(expected["net"].knows))
    columns = ("client", "detail", "actor", "target", "role", "channel", "ref")
    for name in ("delivered", "failed"):
        got = events(w, f"handover_{name}")
        assert rows(w, f"handover_{name}", columns) == [logged for logged, _ in expected[name]], name
        arrival, day = (np.array([days[i] for _, days in expected[name]]) for i in (0, 1))
        assert got["value"] == pytest.approx(arrival, rel=SINGLE, nan_ok=True), name
        assert got["day"] == pytest.approx(day, rel=HALF), name
    delivered_by = {logged[5] for logged, _ in expected["delivered"]}
    failed_with = {logged[5] for logged, _ in expected["failed"]}
    channels = set(range(V.NO_CHANNEL)) - (set() if regie else {V.COORDINATOR})
    assert delivered_by == channels, "every channel delivers"
    assert failed_with == channels | {V.NO_CHANNEL}, "items fail with every channel open first, and with none"
    assert 0 < len(expected["convened"]) < with_coordinator or not regie, "some regiebehandelaars convene, not all"
    # the carer's regelwerk for the items carried: charged and logged per transition
    logged = rows(w, "regelwerk", ("client", "actor", "value", "ref", "detail", "role"))
    assert logged == [(c, carer, float(np.float32(hours)), ref, V.CARRYING, CARER_ROLE)
                      for c, carer, hours, ref in expected["regelwerk"]]
    assert w.carer_regelwerk.tolist() == expected["carer_regelwerk"].tolist()
    assert len(expected["regelwerk"]) > 2 or regie


@pytest.mark.parametrize("n_districts", [1, 2])
def test_handover_consequences_match_the_item_by_item_reference(n_districts):
    """The consequences of the failed items, one at a time: harm (medication error, readmission), care waiting,
    the story told again, the carer sidelined, dissatisfaction, harm hazard and the grievance (the last item's)."""
    w = handover_world(n_districts)
    expected = handover_reference(w)
    handover(w)
    net = w.net
    assert rows(w, "harm", ("client", "detail", "actor", "target")) == expected["harm"]
    assert rows(w, "story_repeated", ("client", "detail", "target")) == expected["story"]
    for name in ("harm", "story_repeated"):  # no role, channel, value, ref or day
        got = events(w, name)
        assert (got["role"] == -1).all() and (got["channel"] == -1).all() and (got["ref"] == -1).all()
        assert np.isnan(got["value"]).all() and (got["day"] == 0).all()
    # logged in the order of the process: the items delivered, the failed ones, the carer's regelwerk, the harms,
    # the stories
    kinds = [V.EVENT[name] for name in ("handover_delivered", "handover_failed", "regelwerk", "harm",
                                        "story_repeated")]
    logged = [kinds.index(event) for event in w.log.arrays()["event"].tolist() if event in kinds]
    assert logged == sorted(logged) and set(logged) >= {0, 1, 3, 4}
    assert np.array_equal(net.blocked, expected["net"].blocked)
    assert net.grievance.tolist() == expected["net"].grievance.tolist()
    assert w.carer_sidelined.tolist() == expected["sidelined"].tolist()
    assert net.dissatisfaction == pytest.approx(expected["dissatisfaction"], rel=SINGLE)
    assert net.harm_hazard == pytest.approx(expected["hazard"], rel=SINGLE)
    assert {harm for _, harm, *_ in expected["harm"]} == {0, 1} and expected["story"]
    assert (w.carer_sidelined > 0).any() and (net.blocked & ~NET.blocked).any()


# --------------------------------------------------------------------------- alignment


@pytest.mark.parametrize("n_districts", [1, 2])
def test_alignment_with_its_chances_matches_the_pair_by_pair_reference(n_districts):
    """Each advice pair of active roles of a client at home advises with its chance (a float32 draw per client and
    pair); an advising pair aligns directly (acquainted, and the mean boundary willingness), by the plan or by a
    regiebehandelaar who knows both (each with its chance), else contradicts with its chance. The series count
    the advising and aligned pairs by profile."""
    net = in_districts(filled_network(1, n_clients=150, n_carers=250), n_districts)
    net.coordinator_quality[:] = np.where(np.arange(net.n_posts) % 2, 0.5, 1.0)
    w = make_world(net, alignment__advice_per_week=0.6, alignment__conflict=0.7, alignment__plan_visibility=0.5,
                   alignment__coordinator_aligns=0.8)
    pa, net = w.params.alignment, w.net
    rng = copy.deepcopy(w.streams.alignment)
    def active(c, role):
        return advises(w, c, role)

    u_advice = rng.random((net.n_clients, len(V.ADVICE_PAIRS)), dtype=np.float32)
    advising = [(c, k) for c in range(net.n_clients) for k, (ra, rb) in enumerate(V.ADVICE_PAIRS)
                if net.admitted_until[c] < 0 and active(c, ra) and active(c, rb)
                and u_advice[c, k] < np.float32(pa.advice_per_week)]
    advice_series, aligned_series = np.zeros(len(V.PROFILES)), np.zeros(len(V.PROFILES))
    expected, contradictions = [], np.zeros(net.n_carers)
    dissatisfaction, hazard = net.dissatisfaction.astype(float), net.harm_hazard.astype(float)
    grievance = net.grievance.copy()
    ways = set()
    for (c, k), x in zip(advising, rng.random((len(advising), 4))):
        (ra, rb), co = V.ADVICE_PAIRS[k], net.coordinator[c]
        a, b = net.member[c, ra], net.member[c, rb]
        direct = net.knows[a, b] and x[0] < (net.post_boundary[a] + net.post_boundary[b]) / 2
        by_plan = (net.plan[c] and net.consent[c] and net.post_on_plan[a] and net.post_on_plan[b]
                   and x[1] < pa.plan_visibility)
        by_coordinator = (co >= 0 and net.knows[co, a] and net.knows[co, b]
                          and x[2] < np.float32(pa.coordinator_aligns) * net.coordinator_quality[co])
        ways |= {way for way, yes in (("direct", direct), ("plan", by_plan), ("coordinator", by_coordinator)) if yes}
        advice_series[net.profile[c]] += 1
        aligned_series[net.profile[c]] += direct or by_plan or by_coordinator
        if not (direct or by_plan or by_coordinator) and x[3] < pa.conflict:
            expected.append((c, k, a, b))
            dissatisfaction[c] += w.params.complaints.contradiction_weight
            hazard[c] += pa.contradiction_hazard
            grievance[c] = ROLE_BIT[ra] | ROLE_BIT[rb]
            if net.primary_carer[c] >= 0:
                contradictions[net.primary_carer[c]] += 1
    run_week(w, alignment)
    assert rows(w, "contradiction", ("client", "detail", "actor", "target")) == expected
    assert w.carer_contradictions.tolist() == contradictions.tolist()
    assert net.grievance.tolist() == grievance.tolist()
    assert net.dissatisfaction == pytest.approx(dissatisfaction, rel=SINGLE)
    assert net.harm_hazard == pytest.approx(hazard, rel=SINGLE)
    series = w.series.data[0]
    assert series[:, SERIES_INDEX["advice_pairs"]].tolist() == advice_series.tolist()
    assert series[:, SERIES_INDEX["aligned_pairs"]].tolist() == aligned_series.tolist()
    assert ways == {"direct", "plan", "coordinator"} and len(expected) > 5
    assert len(advising) < sum(active(c, ra) and active(c, rb) and net.admitted_until[c] < 0
                               for c in range(net.n_clients) for ra, rb in V.ADVICE_PAIRS)
