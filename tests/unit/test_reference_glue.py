"""The glue around the compiled loops (issue 13): what the processes now do in one kernel, or skip, against plain
references.

Paths checked, each where ``test_reference_paths``, ``test_reference_dense``, ``test_reference_handover`` and
``test_reference_complaints`` do not already look:

* handover: the week's rows of its five event kinds in their order (convened, delivered, failed, harm, story told
  again; delivered and failed items, and harms and stories, are now logged together, by ``record_rows``);
* strain: the overload noticed (:func:`sim.processes.strain.overload_noticed`), carer by carer, with two carers of one
  client noticed in the same week (the usual care is waived after all carers are seen) and the regiebehandelaar as
  the event's target;
* delivery: the unmet hours, their share and the clients above the gap threshold, and their series per profile
  (:func:`sim.processes.delivery.unmet_need`) against the whole-array numpy it replaces, to the last bit;
* complaints: a week in which no complaint wakes (skipped) leaves the table, the log and the stream as the desk's
  full loop does; a week in which one wakes still advances it.

The worlds are the hand-built ones of those files. Under a second.
"""

from __future__ import annotations

import copy

import numpy as np
from test_reference_complaints import complaint_world, stir
from test_reference_handover import handover_reference, handover_world
from test_reference_paths import NET
from worlds import make_world, run_week

from sim import vocabulary as V
from sim.processes.complaints import LOG_ROW, _advance_all, advance_complaints, complaints
from sim.processes.delivery import unmet_need
from sim.processes.handover import handover
from sim.processes.strain import overload_noticed, strain

HANDOVER_KINDS = ("convened", "handover_delivered", "handover_failed", "harm", "story_repeated")


def test_handover_logs_its_outcomes_then_their_consequences_in_order():
    """The week's handover rows, kind by kind in the process's order and item by item within a kind."""
    w = handover_world(1, True)
    expected = handover_reference(w)
    start = len(w.log)
    handover(w)
    log = {k: v[start:] for k, v in w.log.arrays().items()}
    codes = [V.EVENT[name] for name in HANDOVER_KINDS]
    mine = np.isin(log["event"], codes)
    got = list(zip(log["event"][mine].tolist(), log["client"][mine].tolist()))
    want = ([(codes[0], c) for c, *_ in expected["convened"]]
            + [(codes[1], logged[0]) for logged, _ in expected["delivered"]]
            + [(codes[2], logged[0]) for logged, _ in expected["failed"]]
            + [(codes[3], c) for c, *_ in expected["harm"]]
            + [(codes[4], c) for c, *_ in expected["story"]])
    assert got == want
    assert all(expected[k] for k in ("convened", "delivered", "failed", "harm", "story"))


def overload_reference(u, client, active, category, waived, coordinator, quality, noticed_per_week, watch_carer):
    """Carer by carer: an active carer in category 2 or more, of a client whose usual care was not waived before
    this week, is noticed when ``u[k, 1]`` is below 1 - (1 - noticed)(1 - watch) (float32), watch from the client's
    regiebehandelaar; then their clients' usual care is waived."""
    f32 = np.float32
    rows, waived = [], waived.copy()
    for k in range(client.size):
        c = int(client[k])
        co = int(coordinator[c])
        watch = f32(watch_carer) * quality[co] if co >= 0 else f32(0)
        chance = f32(1) - f32(1 - noticed_per_week) * (f32(1) - watch)
        if active[k] and category[k] >= 2 and not waived[c] and u[k, 1] < chance:
            rows.append((c, k, co))
    for c, _, _ in rows:
        waived[c] = True
    return rows, waived


def test_overload_noticed_matches_the_carer_by_carer_reference():
    """Two carers of client 0 (with a regiebehandelaar) both noticed in one week; client 1's carer already waived,
    client 2's carer inactive, client 3's carer too lightly strained; then random cases."""
    client = np.array([0, 0, 1, 2, 3], np.int32)
    active = np.array([True, True, True, False, True])
    category = np.array([2, 3, 3, 3, 1], np.int8)
    waived = np.array([False, True, False, False])
    coordinator = np.array([4, -1, -1, -1], np.int32)
    quality = np.full(5, 0.5, np.float32)
    u = np.zeros((5, 2), np.float32)
    cases = [(u, client, active, category, waived, coordinator, quality, 0.1, 0.5)]
    rng = np.random.default_rng(5)
    for _ in range(20):
        n, m = 60, 25
        cases.append((rng.random((n, 2), dtype=np.float32), rng.integers(0, m, n).astype(np.int32),
                      rng.random(n) < 0.8, rng.integers(0, 4, n).astype(np.int8), rng.random(m) < 0.2,
                      np.where(rng.random(m) < 0.5, rng.integers(0, 5, m), -1).astype(np.int32),
                      rng.random(5).astype(np.float32), 0.3, 0.6))
    for case in cases:
        expected, expected_waived = overload_reference(*case)
        waived_now = case[4].copy()
        noticed_client, noticed, lead = overload_noticed(*case[:4], waived_now, *case[5:])
        assert list(zip(noticed_client.tolist(), noticed.tolist(), lead.tolist())) == expected
        assert waived_now.tolist() == expected_waived.tolist()
    first = overload_noticed(*cases[0][:4], cases[0][4].copy(), *cases[0][5:])
    assert first[1].tolist() == [0, 1] and first[2].tolist() == [4, 4]


def test_unmet_need_matches_the_whole_array_formula():
    """Unmet hours, their float32 share of the need (0 without need) and the clients at home above the threshold,
    exactly as numpy's subtraction, ``np.divide(..., where=need > 0)`` cast to float32, and comparison; and the
    week's series of them per profile (clients at home with a Wlz indication at home, unmet hours, clients above the
    threshold, clients at home nobody arranges for), exactly as ``np.bincount`` sums them client by client."""
    rng = np.random.default_rng(7)
    n, n_profiles = 500, len(V.PROFILES)
    need = rng.choice([0.0, 1.0, 3.7, 12.25], n) * rng.random(n)
    need[::7] = 0.0
    gap = need * rng.random(n)
    given = gap * rng.choice([0.0, 0.5, 1.0], n) * rng.random(n)
    home = rng.random(n) < 0.8
    profile = rng.integers(0, n_profiles, n).astype(np.intp)
    wlz = rng.integers(0, 4, n).astype(np.int8)
    who = rng.integers(0, len(V.ARRANGERS), n).astype(np.int8)
    unmet, share, above, by_profile = unmet_need(gap, given, need, home, 0.5, profile, n_profiles, wlz, who)
    want = gap - given
    assert np.array_equal(unmet, want)
    want_share = np.divide(want, need, out=np.zeros_like(want), where=need > 0).astype(np.float32)
    assert share.dtype == np.float32 and np.array_equal(share, want_share)
    assert np.array_equal(above, home & (want > 0.5))
    assert above.any() and (~above).any() and (share == 0).any() and (share > 0).any()
    per_client = (home & (wlz == 2), want, home & (want > 0.5), home & (who == V.NOBODY))
    for column, values in enumerate(per_client):
        assert values.any() and not values.all()
        assert np.array_equal(by_profile[:, column], np.bincount(profile, weights=values, minlength=n_profiles))


def test_a_week_without_waking_complaints_changes_nothing_and_one_that_wakes_advances():
    """With open complaints none of which wakes this week, advancing them leaves the table, the log and the stream
    as they were, as the desk's loop itself does; once one wakes, it is advanced."""
    w = complaint_world()
    for week in range(6):  # some complaints filed and on their way
        stir(w, week)
        run_week(w, complaints)
    assert len(w.open_complaints) > 0
    table = w.open_complaints
    table["wake"] = w.week + 3
    before, log_before = table.copy(), len(w.log)
    stream_before = copy.deepcopy(w.streams.complaints).bit_generator.state
    # the desk's loop on a copy: no complaint wakes, so nothing changes and no row is written
    loop_table, loop_rng = table.copy(), copy.deepcopy(w.streams.complaints)
    net, cp = w.net, w.params.complaints
    n_open, n_rows = _advance_all(loop_table, np.empty(0, LOG_ROW), w.week, net.member, net.knows.district,
        net.knows.local, net.knows.blocks, net.coordinator_quality, net.primary_carer, net.carer_category,
        float(cp.knows_address), float(cp.forward), float(cp.give_up), float(cp.handling_weeks),
        float(cp.refile_weeks), loop_rng)
    assert (n_open, n_rows) == (len(before), 0)
    assert loop_table.tobytes() == before.tobytes() and loop_rng.bit_generator.state == stream_before
    advance_complaints(w, w.streams.complaints)
    assert w.open_complaints.tobytes() == before.tobytes() and len(w.log) == log_before
    assert w.streams.complaints.bit_generator.state == stream_before
    w.open_complaints["wake"][0] = w.week
    woken = w.open_complaints.copy()
    advance_complaints(w, w.streams.complaints)
    assert len(w.log) > log_before or w.open_complaints.tobytes() != woken.tobytes()


def test_the_filled_network_notices_overload_with_a_regiebehandelaar():
    """In a world: the overload_signalled rows name the client's regiebehandelaar (or none) as target."""
    w = make_world(NET, strain__overload_noticed=1.0)
    w.net.carer_category[:] = 3
    start = len(w.log)
    run_week(w, strain)
    log = {k: v[start:] for k, v in w.log.arrays().items()}
    rows = log["event"] == V.EVENT["overload_signalled"]
    assert rows.any()
    assert log["target"][rows].tolist() == w.net.coordinator[log["client"][rows]].tolist()
    assert (log["target"][rows] >= 0).any() and (log["target"][rows] < 0).any()
