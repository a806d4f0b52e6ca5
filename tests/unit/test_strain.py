"""Carer strain term by term (``sim/processes/strain.py``, ODD 7.7), each computed by hand.

The weekly update is

    s' = s * (1 - recovery - support_recovery * involved) + L,
    L  = care_load * care/available + regelwerk_load * regelwerk + unmet_load * unmet_share(client)
         + contradiction_load * contradictions + sidelined_load * sidelined.

Until now only the outcome snapshot guarded these terms: a term dropped or mis-weighted shifts the burnout rate a
little and is easily re-baselined away. Here each term is isolated on a world of one or two clients and a few carers:
the week's scratch (``world.carer_care``, ``carer_regelwerk``, ``carer_contradictions``, ``carer_sidelined``, the
clients' ``unmet_share``) is set by hand, only that term is non-zero, ``strain(world)`` runs once and the new strain
is compared with the hand computation. Every load weight is pinned to a distinct value (:data:`LOADS`), so a term
that used another term's weight fails too. Dropout and the overload signal are pinned to 0 (:data:`STILL`) so that
nothing else changes the carers. Also pinned: the survey category from the thresholds, and burnout after
``strain.burnout_weeks`` consecutive overburdened weeks.
"""

from __future__ import annotations

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.processes.strain import strain
from sim.world import World

#: Strain is stored as float32 (about 7 significant digits): compare with a relative tolerance of 1e-6.
REL = 1e-6

#: Load weights, pinned to distinct values so a term using the wrong weight is caught.
LOADS = {"strain__care_load": 2.0, "strain__regelwerk_load": 0.25, "strain__unmet_load": 1.5,
         "strain__contradiction_load": 0.4, "strain__sidelined_load": 0.7}
#: Nothing but strain: no dropout of a burned-out carer, no overload noticed by a visiting professional.
STILL = {"strain__dropout_per_week": 0.0, "strain__overload_noticed": 0.0}
#: No recovery: the strain after one week is exactly this week's load (from zero) or the set strain (no load).
NO_RECOVERY = {"strain__recovery": 0.0, "strain__support_recovery": 0.0}


def carers_network(carer_client, n_clients: int = 1, *, available=20.0) -> Network:
    """Clients with a GP (who does not involve carers); carer k cares for ``carer_client[k]``, the first carer
    of each client is its primary carer. Nothing arranged, no needs: the scratch set by hand is the only load."""
    net = Network.empty(n_clients, len(carer_client), 1)
    net.post_role[0] = V.GP
    net.member[:, V.GP] = 0
    net.carer_client[:] = carer_client
    net.carer_available[:] = available
    for k, c in enumerate(carer_client):
        if net.primary_carer[c] < 0:
            net.primary_carer[c] = k
    return net


def one_week(m: World) -> np.ndarray:
    """Run the strain process for one week; the carers' strain afterwards."""
    run_week(m, strain)
    return m.net.carer_strain.copy()


# --------------------------------------------------------------------------- the load terms


def test_care_term_is_care_hours_over_available_hours_times_care_load():
    """Three carers of one client: 5 of 20 available hours, 6 of 8, and 0 of 0 (no division by zero)."""
    m = make_world(carers_network([0, 0, 0], available=[20.0, 8.0, 0.0]), **LOADS, **STILL)
    m.carer_care[:] = [5.0, 6.0, 0.0]
    # care_load 2.0 * 5/20 = 0.5; 2.0 * 6/8 = 1.5; nothing available, nothing given: 0
    assert one_week(m) == pytest.approx([0.5, 1.5, 0.0], rel=REL)


def test_regelwerk_term_is_hours_times_regelwerk_load():
    m = make_world(carers_network([0, 0]), **LOADS, **STILL)
    m.carer_regelwerk[:] = [3.0, 0.5]
    # regelwerk_load 0.25 * 3 h = 0.75; 0.25 * 0.5 h = 0.125
    assert one_week(m) == pytest.approx([0.75, 0.125], rel=REL)


def test_unmet_term_is_the_clients_unmet_share_times_unmet_load():
    """Each carer carries the unmet share of its own client (carers listed across the clients: carer 0 cares for
    client 1, carers 1 and 2 for client 0), secondary carers too."""
    m = make_world(carers_network([1, 0, 0], n_clients=2), **LOADS, **STILL)
    m.net.unmet_share[:] = [0.2, 0.6]
    # unmet_load 1.5 * 0.6 (client 1) = 0.9; 1.5 * 0.2 (client 0) = 0.3 for both of client 0's carers
    assert one_week(m) == pytest.approx([0.9, 0.3, 0.3], rel=REL)


def test_contradictions_term_is_count_times_contradiction_load():
    m = make_world(carers_network([0, 0]), **LOADS, **STILL)
    m.carer_contradictions[:] = [2.0, 0.0]
    # contradiction_load 0.4 * 2 = 0.8; none: 0
    assert one_week(m) == pytest.approx([0.8, 0.0], rel=REL)


def test_sidelined_term_is_missed_items_times_sidelined_load():
    m = make_world(carers_network([0, 0]), **LOADS, **STILL)
    m.carer_sidelined[:] = [3.0, 1.0]
    # sidelined_load 0.7 * 3 = 2.1; 0.7 * 1 = 0.7
    assert one_week(m) == pytest.approx([2.1, 0.7], rel=REL)


def test_terms_add_up_and_strain_carries_over_with_recovery():
    """All five terms at once, two weeks running: s1 = L, s2 = s1 * (1 - recovery) + L."""
    m = make_world(carers_network([0]), **LOADS, **STILL, strain__recovery=0.2, strain__support_recovery=0.0)
    m.carer_care[:] = 10.0        # 2.0 * 10/20 = 1.0
    m.carer_regelwerk[:] = 2.0    # 0.25 * 2   = 0.5
    m.net.unmet_share[:] = 0.4    # 1.5 * 0.4  = 0.6
    m.carer_contradictions[:] = 1.0  # 0.4 * 1 = 0.4
    m.carer_sidelined[:] = 1.0    # 0.7 * 1    = 0.7
    load = 1.0 + 0.5 + 0.6 + 0.4 + 0.7  # = 3.2
    assert one_week(m) == pytest.approx([load], rel=REL)
    assert one_week(m) == pytest.approx([load * (1 - 0.2) + load], rel=REL)  # 2.56 + 3.2 = 5.76


# --------------------------------------------------------------------------- recovery


def recovery_network() -> Network:
    """Client 0 has a district nurse who involves carers; client 1 only the GP, who does not (the nurse is not in
    client 1's network). Carer 0 cares for client 0, carer 1 for client 1; carer 2 (client 0) stopped caring."""
    net = Network.empty(2, 3, 2)
    net.post_role[:] = [V.GP, V.DISTRICT_NURSE]
    net.member[:, V.GP] = 0
    net.member[0, V.DISTRICT_NURSE] = 1
    net.post_involves_carer[1] = True
    net.carer_client[:] = [0, 1, 0]
    net.primary_carer[:] = [0, 1]
    net.carer_active[2] = False
    net.carer_strain[:] = 5.0
    return net


def test_recovery_and_support_recovery_when_a_professional_involves_the_carer():
    """No load: strain 5 recovers by ``recovery`` (0.2) alone for carer 1, and by ``recovery + support_recovery``
    (0.2 + 0.3) for carer 0, whose client's district nurse involves the carer; the carer who stopped keeps it."""
    m = make_world(recovery_network(), **LOADS, **STILL, strain__recovery=0.2, strain__support_recovery=0.3)
    assert one_week(m) == pytest.approx([
        5.0 * (1 - 0.2 - 0.3),  # = 2.5, involved
        5.0 * (1 - 0.2),        # = 4.0, not involved
        5.0,                    # inactive: unchanged
    ], rel=REL)


def test_support_recovery_needs_an_involving_professional_in_the_network():
    """Control: with the nurse not involving carers both carers recover by ``recovery`` only."""
    net = recovery_network()
    net.post_involves_carer[:] = False
    m = make_world(net, **LOADS, **STILL, strain__recovery=0.2, strain__support_recovery=0.3)
    assert one_week(m) == pytest.approx([4.0, 4.0, 5.0], rel=REL)  # 5 * (1 - 0.2); the inactive carer keeps 5


# --------------------------------------------------------------------------- survey category


#: Thresholds exactly representable in float32 (strain is float32, the thresholds float64), so "at the threshold"
#: means the same number on both sides.
THRESHOLDS = {"strain__fairly_heavy": 4.0, "strain__very_heavy": 6.5, "strain__overburdened": 7.25}


def test_survey_category_counts_the_thresholds_at_or_below_the_strain():
    """Category = number of thresholds (4.0, 6.5, 7.25) that are <= strain. With no load and no recovery the strain
    stays as set; every change of category is logged with the carer as actor and the strain as value, and the
    week's carer series count the categories of active carers only."""
    strains = [0.0, 3.9, 4.0, 6.4, 6.5, 7.25, 9.0, 9.0]
    expected = [0, 0, 1, 1, 2, 3, 3]  # the eighth carer stopped caring: keeps category 0
    net = carers_network([0] * len(strains))
    net.carer_strain[:] = strains
    net.carer_active[-1] = False
    m = make_world(net, **THRESHOLDS, **NO_RECOVERY, **STILL)
    one_week(m)
    assert m.net.carer_category.tolist() == expected + [0]

    logged = events(m, "strain_category")
    changed = [k for k, c in enumerate(expected) if c != 0]  # carers 2..6
    assert logged["actor"].tolist() == changed
    assert logged["detail"].tolist() == [expected[k] for k in changed]
    assert logged["value"] == pytest.approx([strains[k] for k in changed], rel=REL)

    t = m.series.totals()
    assert t["carers_active"][0] == 7
    assert t["carers_fairly_heavy"][0] == 2   # 4.0, 6.4
    assert t["carers_very_heavy"][0] == 1     # 6.5
    assert t["carers_overburdened"][0] == 2   # 7.25, 9.0 (the inactive 9.0 not counted)


# --------------------------------------------------------------------------- burnout


def burnout_world(**overrides) -> World:
    """Carer 0 overburdened (strain 8), carer 1 very heavily burdened (7.0), held there: no load, no recovery."""
    net = carers_network([0, 0])
    net.carer_strain[:] = [8.0, 7.0]
    return make_world(net, **{**THRESHOLDS, **NO_RECOVERY, **STILL, "strain__burnout_weeks": 3, **overrides})


def test_burnout_after_burnout_weeks_overburdened():
    """With ``burnout_weeks = 3`` the overburdened carer burns out in its third overburdened week (week 2), once;
    the very heavily burdened carer never does."""
    m = burnout_world()
    burned = []
    for _ in range(6):
        one_week(m)
        burned.append(bool(m.net.carer_burned_out[0]))
    assert burned == [False, False, True, True, True, True]
    assert m.net.carer_over_weeks.tolist() == [6, 0]
    assert not m.net.carer_burned_out[1]
    b = events(m, "burnout")
    assert b["week"].tolist() == [2]
    assert b["actor"].tolist() == [0] and b["client"].tolist() == [0]
    assert m.net.carer_active.all(), "dropout is pinned to 0"


def test_burnout_needs_consecutive_overburdened_weeks():
    """Two overburdened weeks, one very heavy week (the count restarts), then overburdened again: the burnout
    comes in the third week of the second spell (week 5), not in week 3."""
    m = burnout_world()
    for strain_at_start in (8.0, 8.0, 7.0, 8.0, 8.0, 8.0):
        m.net.carer_strain[0] = strain_at_start
        one_week(m)
    assert events(m, "burnout")["week"].tolist() == [5]


def test_burnout_ends_below_very_heavy_and_can_recur():
    """A burned-out carer stays burned out while at least very heavily burdened; below ``very_heavy`` the burnout
    is over, and three more overburdened weeks make a second burnout."""
    m = burnout_world()
    for _ in range(3):
        one_week(m)
    assert m.net.carer_burned_out[0]
    m.net.carer_strain[0] = 7.0  # very heavy
    one_week(m)
    assert m.net.carer_burned_out[0]
    m.net.carer_strain[0] = 5.0  # fairly heavy: below very_heavy
    one_week(m)
    assert not m.net.carer_burned_out[0]
    m.net.carer_strain[0] = 8.0
    for _ in range(3):
        one_week(m)
    assert events(m, "burnout")["week"].tolist() == [2, 7]


def test_burned_out_carer_drops_out_with_dropout_per_week():
    """With ``dropout_per_week = 1`` the carer drops out in the week of the burnout: no longer active, no longer
    the primary carer, and a ``carer_dropout`` transition for its client."""
    m = burnout_world(strain__dropout_per_week=1.0)
    for _ in range(3):
        one_week(m)
    assert m.net.carer_active.tolist() == [False, True]
    assert m.net.primary_carer[0] == 1  # the other carer steps up
    trans = events(m, "transition")
    assert trans["detail"].tolist() == [V.CARER_DROPOUT]
    assert trans["week"].tolist() == [2] and trans["actor"].tolist() == [0]


def test_a_carer_living_with_the_client_drops_out_less_often():
    """Burned-out carers, half of them living with their client, at ``dropout_per_week = 0.4`` and
    ``coresident_dropout_ratio = 0.25``: in the week of the burnout about 40% of the others drop out and about 10%
    of the co-resident ones (binomial, 2,000 each: 3 standard errors are under 3.3 and 2.1 points). With the ratio
    at 1 the two groups drop out alike, on the same draws: the co-resident dropouts are a superset of those at 0.25."""
    n = 4000
    dropped = {}
    for ratio in (0.25, 1.0):
        net = carers_network(list(range(n)), n_clients=n)
        net.carer_strain[:] = 8.0
        net.carer_coresident[: n // 2] = True
        m = make_world(net, **{**THRESHOLDS, **NO_RECOVERY, **STILL, "strain__burnout_weeks": 1,
                               "strain__dropout_per_week": 0.4, "strain__coresident_dropout_ratio": ratio})
        one_week(m)
        dropped[ratio] = ~m.net.carer_active
    co, away = slice(0, n // 2), slice(n // 2, n)
    assert dropped[0.25][away].mean() == pytest.approx(0.4, abs=0.033)
    assert dropped[0.25][co].mean() == pytest.approx(0.1, abs=0.021)
    assert dropped[1.0][co].mean() == pytest.approx(0.4, abs=0.033)
    assert np.array_equal(dropped[1.0][away], dropped[0.25][away])
    assert not (dropped[0.25][co] & ~dropped[1.0][co]).any()
