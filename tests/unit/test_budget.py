"""The integral pgb's life cycle: who holds it, its administration hours, and what happens when the holding carer
drops out (``IntegralPgb`` in ``sim/policies.py``, ``carer_drops_out`` in ``sim/processes/needs.py``,
``budget_administration`` in ``sim/processes/bookkeeping.py``; ODD 3, 7.10).

A carer-held budget "stops working when the carer drops out" (ODD 7.10): the budget is withdrawn unless another
active carer steps up as primary carer, a budget the client holds themself is untouched, and the weekly
administration hours fall on whoever is the primary carer of a carer-held budget. The arranger would hide a
budget left behind by a carer who dropped out (it needs a carer for a carer-held budget), but the municipality
would keep paying the budget's administration cost, so the withdrawal itself must be pinned. Until now nothing
tested this life cycle. A registered proxy (volmacht) lapses in the same step when the client is left without
a carer.
"""

from __future__ import annotations

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.processes.arranging import arranger
from sim.processes.bookkeeping import budget_administration, start_of_week
from sim.processes.delivery import delivery
from sim.processes.needs import carer_drops_out
from sim.processes.strain import strain
from sim.world import World

# clients
ALONE, FAMILY, SELF_HOLDER = 0, 1, 2
# carers: ALONE's only carer; FAMILY's primary carer and two secondary carers (5 and 12 hours); SELF_HOLDER's carer
ALONE_CARER, FAMILY_PRIMARY, FAMILY_5H, FAMILY_12H, HELPER = range(5)

ADMIN_HOURS, ADMIN_COST = 1.75, 6.0


def budget_network() -> Network:
    """Three clients with a GP, each with at least one carer:

    * ``ALONE`` cannot direct her care, has one carer (her registered proxy): the carer holds the budget;
    * ``FAMILY`` cannot direct his care; the primary carer holds the budget, two secondary carers help
      (5 and 12 hours a week);
    * ``SELF_HOLDER`` directs her own care and holds her own budget; a carer helps.
    """
    net = Network.empty(3, 5, 1)
    net.post_role[0] = V.GP
    net.member[:, V.GP] = 0
    net.able[[ALONE, FAMILY]] = False
    net.carer_client[:] = [ALONE, FAMILY, FAMILY, FAMILY, SELF_HOLDER]
    net.carer_available[:] = [20.0, 20.0, 5.0, 12.0, 20.0]
    net.primary_carer[:] = [ALONE_CARER, FAMILY_PRIMARY, HELPER]
    net.proxy[ALONE] = True
    return net


def pgb_world(**overrides) -> World:
    """The budget network under the integral-pgb policy (any primary carer may hold a budget)."""
    return make_world(budget_network(), "integral_pgb", policies__integral_pgb__holders="client_or_carer",
                      policies__integral_pgb__admin_hours=ADMIN_HOURS, policies__integral_pgb__admin_cost=ADMIN_COST,
                      **overrides)


def drop_out(m: World, *carers: int) -> None:
    m.log.week = m.week
    carer_drops_out(m, np.array(carers))


def test_who_holds_the_budget():
    """The client who directs her own care holds her own budget; for the others the primary carer holds it."""
    m = pgb_world()
    assert m.net.budget.tolist() == [True, True, True]
    assert m.net.budget_by_carer.tolist() == [True, True, False]
    assert arranger(m).tolist() == [V.BUDGET_HOLDER] * 3


def test_budget_withdrawn_when_its_carer_drops_out_and_nobody_steps_up():
    """``ALONE``'s only carer drops out: no primary carer is left, the budget is withdrawn, the proxy registration
    lapses, nobody arranges any more, and the dropout is a transition."""
    m = pgb_world()
    drop_out(m, ALONE_CARER)
    net = m.net
    assert net.primary_carer[ALONE] == -1
    assert not net.budget[ALONE]
    assert not net.proxy[ALONE]
    assert arranger(m)[ALONE] == V.NOBODY
    trans = events(m, "transition")
    assert trans["client"].tolist() == [ALONE] and trans["detail"].tolist() == [V.CARER_DROPOUT]
    assert trans["actor"].tolist() == [ALONE_CARER]
    assert net.budget[[FAMILY, SELF_HOLDER]].all(), "the other budgets are untouched"


def test_budget_kept_when_another_active_carer_steps_up():
    """``FAMILY``'s primary carer drops out: the secondary carer with the most hours (12) steps up as primary
    carer and the budget stays, held by a carer."""
    m = pgb_world()
    drop_out(m, FAMILY_PRIMARY)
    net = m.net
    assert net.primary_carer[FAMILY] == FAMILY_12H
    assert net.budget[FAMILY] and net.budget_by_carer[FAMILY]
    assert arranger(m)[FAMILY] == V.BUDGET_HOLDER


def test_budget_held_by_the_client_is_unaffected_by_the_carers_dropout():
    m = pgb_world()
    drop_out(m, HELPER)
    assert m.net.primary_carer[SELF_HOLDER] == -1
    assert m.net.budget[SELF_HOLDER]
    assert arranger(m)[SELF_HOLDER] == V.BUDGET_HOLDER


def test_secondary_carers_dropout_leaves_the_budget_alone():
    """A secondary carer stopping is no transition and changes nothing about the budget or the primary carer."""
    m = pgb_world()
    drop_out(m, FAMILY_12H)
    assert m.net.primary_carer[FAMILY] == FAMILY_PRIMARY
    assert m.net.budget[FAMILY]
    assert events(m, "transition")["client"].size == 0


def test_budget_withdrawn_when_the_holding_carer_burns_out_and_drops_out():
    """The same through the strain process: ``ALONE``'s carer, overburdened for ``burnout_weeks``, burns out and
    (``dropout_per_week = 1``) drops out; the budget goes with her."""
    m = pgb_world(strain__burnout_weeks=2, strain__dropout_per_week=1.0, strain__overload_noticed=0.0)
    m.net.carer_strain[ALONE_CARER] = 50.0  # overburdened for weeks whatever the recovery
    run_week(m, strain)
    assert m.net.carer_active[ALONE_CARER] and m.net.budget[ALONE]
    run_week(m, strain)
    assert events(m, "burnout")["actor"].tolist() == [ALONE_CARER]
    assert not m.net.carer_active[ALONE_CARER]
    assert not m.net.budget[ALONE]
    assert m.net.budget[[FAMILY, SELF_HOLDER]].all()


def test_admin_hours_fall_on_the_holding_carer_each_week_and_stop_with_the_budget():
    """Each week ``admin_hours`` of regelwerk fall on the primary carer of each carer-held budget (none on the carer
    of a client holding her own budget). After ``ALONE``'s carer and ``FAMILY``'s primary carer drop out,
    ``ALONE``'s budget is gone and no hours are booked for it; ``FAMILY``'s hours fall on the carer who stepped up.
    The municipality's administration cost (``admin_cost`` per budget, Wmo) stops with the withdrawn budget."""
    m = pgb_world()
    for _ in range(2):
        run_week(m, start_of_week, budget_administration, delivery)
        assert m.carer_regelwerk.tolist() == pytest.approx([ADMIN_HOURS, ADMIN_HOURS, 0.0, 0.0, 0.0])

    drop_out(m, ALONE_CARER, FAMILY_PRIMARY)
    for _ in range(2):
        run_week(m, start_of_week, budget_administration, delivery)
        assert m.carer_regelwerk.tolist() == pytest.approx([0.0, 0.0, 0.0, ADMIN_HOURS, 0.0])

    t = m.series.totals()
    # two carer-held budgets before (2 * 1.75 = 3.5 h a week), one after (1.75 h)
    assert t["budget_admin_hours"].tolist() == pytest.approx([3.5, 3.5, 1.75, 1.75])
    # nothing delivered (no needs): the Wmo cost is the budgets' administration, 3 budgets * 6 = 18, then 2 * 6 = 12
    assert t["cost_wmo"].tolist() == pytest.approx([3 * ADMIN_COST] * 2 + [2 * ADMIN_COST] * 2)
