"""What carers carry (ODD 7.4, 7.7): presence, practical tasks, gebruikelijke zorg and gap filling, and the load of
nights, paid work and respite, on hand-built worlds.

Hours are hours per week; strain is dimensionless. Each test switches off what it does not test.
"""

from __future__ import annotations

import pytest
from worlds import make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.processes.delivery import delivery
from sim.processes.strain import strain

PROFILE = "population__profiles__frail_elderly__"


def household(coresident: bool = True) -> Network:
    """One client (support need 10, nothing arranged) with a primary carer (20 h available) and a secondary carer
    (10 h); a GP."""
    net = Network.empty(1, 2, 1)
    net.post_role[0] = V.GP
    net.member[0, V.GP] = 0
    net.base_need[0, V.SUPPORT] = 10.0
    net.carer_client[:] = 0
    net.primary_carer[0] = 0
    net.carer_available[:] = [20.0, 10.0]
    net.carer_coresident[0] = coresident
    return net


def test_presence_comes_from_the_carer_living_with_the_client():
    """Presence hours go to the co-resident primary carer only and do not use up time for the gap."""
    w = make_world(household(), **{PROFILE + "presence_hours": 12.0, PROFILE + "practical_hours": 0.0,
                                   PROFILE + "usual_care_share": 0.0})
    run_week(w, delivery)
    assert w.carer_presence.tolist() == [12.0, 0.0]
    assert w.carer_usual.sum() + w.carer_gap.sum() == pytest.approx(10.0)  # the whole gap is still filled
    assert w.carer_care.sum() == pytest.approx(22.0)
    elsewhere = make_world(household(coresident=False), **{PROFILE + "presence_hours": 12.0,
                                                          PROFILE + "practical_hours": 0.0})
    run_week(elsewhere, delivery)
    assert elsewhere.carer_presence.tolist() == [0.0, 0.0]


def test_practical_tasks_are_shared_by_available_hours_and_take_time():
    """Practical hours are shared 2:1 by available hours (20 and 10) and come off the time left for the gap: with
    27 practical hours the carers have 3 hours for a 10-hour gap, and 7 hours stay unmet."""
    w = make_world(household(), **{PROFILE + "presence_hours": 0.0, PROFILE + "practical_hours": 27.0})
    run_week(w, delivery)
    assert w.carer_practical == pytest.approx([18.0, 9.0])
    assert w.carer_usual.sum() + w.carer_gap.sum() == pytest.approx(3.0)
    assert w.unmet == pytest.approx([7.0])


def test_gebruikelijke_zorg_is_the_part_left_to_a_housemate():
    """Of a 10-hour support gap filled by carers, usual_care_share (40%) is gebruikelijke zorg when the primary
    carer lives with the client; the rest is filling the gap. A carer living elsewhere fills only gaps."""
    opts = {PROFILE + "presence_hours": 0.0, PROFILE + "practical_hours": 0.0, PROFILE + "usual_care_share": 0.4}
    w = make_world(household(), **opts)
    run_week(w, delivery)
    assert w.carer_usual.sum() == pytest.approx(4.0) and w.carer_gap.sum() == pytest.approx(6.0)
    elsewhere = make_world(household(coresident=False), **opts)
    run_week(elsewhere, delivery)
    assert elsewhere.carer_usual.sum() == 0.0 and elsewhere.carer_gap.sum() == pytest.approx(10.0)


def load_world(**overrides):
    """A household whose carers give nothing but a fixed care share of 0.5 of their hours (set by hand), no
    recovery, and only the load term under test."""
    off = dict(strain__recovery=0.0, strain__support_recovery=0.0, strain__respite_recovery=0.0,
               strain__regelwerk_load=0.0, strain__unmet_load=0.0, strain__night_load=0.0, strain__work_strain=0.0,
               strain__care_load=1.0)
    w = make_world(household(), **{**off, **overrides})
    w.carer_care[:] = [10.0, 5.0]  # half of each carer's available hours
    return w


def test_nights_load_the_carer_living_with_a_client_who_needs_night_care():
    w = load_world(strain__night_load=0.8)
    w.net.night_care[0] = True
    run_week(w, strain)
    assert w.net.carer_strain == pytest.approx([0.5 + 0.8, 0.5])


def test_combining_care_with_paid_work_makes_the_care_heavier():
    w = load_world(strain__work_strain=0.6)
    w.net.carer_works[:] = [True, False]
    run_week(w, strain)
    assert w.net.carer_strain == pytest.approx([0.5 * 1.6, 0.5])


def test_respite_speeds_recovery():
    """With recovery 0.1 and respite 0.05, a carer with respite keeps 85% of yesterday's strain, without 90%."""
    w = load_world(strain__recovery=0.1, strain__respite_recovery=0.05, strain__care_load=0.0)
    w.net.carer_strain[:] = 2.0
    w.net.carer_respite[:] = [True, False]
    run_week(w, strain)
    assert w.net.carer_strain == pytest.approx([1.7, 1.8])


def test_a_carer_paid_from_the_budget_does_not_combine_care_with_a_job():
    """A primary carer paid from an integral pgb (budget_pays_carer) has no paid-work load; the secondary carer,
    not paid, keeps it."""
    w = load_world(strain__work_strain=0.6)
    w.net.carer_works[:] = True
    w.net.budget[0] = w.net.budget_pays_carer[0] = True
    run_week(w, strain)
    assert w.net.carer_strain == pytest.approx([0.5, 0.5 * 1.6])


def test_the_four_kinds_of_hours_add_up_in_the_series():
    w = make_world(household(), **{PROFILE + "presence_hours": 6.0, PROFILE + "practical_hours": 3.0,
                                   PROFILE + "usual_care_share": 0.5})
    run_week(w, delivery)
    run_week(w, strain)
    t = w.series.totals()
    kinds = sum(t[f"carer_{k}_hours"].sum() for k in ("usual", "gap", "presence", "practical"))
    assert kinds == pytest.approx(t["carer_care_hours"].sum()) and kinds > 0
    assert t["carer_presence_hours"].sum() == pytest.approx(6.0) and t["carer_practical_hours"].sum() == pytest.approx(3.0)
