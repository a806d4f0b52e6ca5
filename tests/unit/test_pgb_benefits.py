"""The integral pgb's benefits and costs as mechanisms (ODD 7.10), on hand-built worlds: one plan (a later request is
a revision), one own contribution, keeping a professional who leaves, paying the carer from the budget, and its
failure modes (a holder who can no longer manage it, money that buys no care).

Hours per week, EUR per week.
"""

from __future__ import annotations

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.processes.arranging import arranging, budget_lost
from sim.processes.delivery import delivery
from sim.processes.workforce import posts_change_hands

PGB = "policies__integral_pgb__"


def holder_network() -> Network:
    """Two clients who hold no regie themselves, each with one carer (20 h) and a GP; client 0 has a district
    nurse and Wmo home care arranged (4 h each), client 1 the same."""
    net = Network.empty(2, 2, 3)
    net.post_role[:] = [V.GP, V.DISTRICT_NURSE, V.HOME_CARER]
    net.member[:, V.GP], net.member[:, V.DISTRICT_NURSE], net.member[:, V.HOME_CARER] = 0, 1, 2
    net.able[:] = False
    net.carer_client[:] = [0, 1]
    net.primary_carer[:] = [0, 1]
    net.base_need[:, V.NURSING] = net.arranged[:, V.NURSING] = 4.0
    net.base_need[:, V.SUPPORT] = net.arranged[:, V.SUPPORT] = 4.0
    return net


def test_a_later_request_is_a_revision_of_the_one_plan():
    """The budget holder's first request makes the integral plan (desk hours); a later one is a revision with
    the same consultant: ``revision_hours`` of regelwerk, whatever the law."""
    net = holder_network()
    net.base_need[0, V.SUPPORT] = 20.0  # a gap
    w = make_world(net, "integral_pgb", arranging__notice_self=1.0, arranging__desk_hours=3.0,
                   **{PGB + "revision_hours": 0.5, PGB + "unmanaged_per_year": 0.0})
    w.net.budget_planned[0] = True  # the plan exists
    run_week(w, arranging)
    desk = events(w, "regelwerk")
    desk = desk["value"][(desk["detail"] == V.DESK) & (desk["client"] == 0)]
    assert desk.tolist() == [pytest.approx(0.5)]


def test_a_budget_holder_keeps_a_professional_who_leaves():
    """The district nurse leaves her organisation: the client who keeps her through the budget has no
    professional_leaving transition (nothing changes hands); the other client does."""
    w = make_world(holder_network())
    posts_change_hands(w, np.array([1]), keeps=np.array([True, False]))
    client, kind, _, _ = w.transitions.take()
    assert client.tolist() == [1] and kind.tolist() == [V.PROFESSIONAL_LEAVING]
    assert events(w, "professional_kept")["client"].tolist() == [0]


def test_the_budget_pays_the_carer_and_loses_a_share_to_fraud():
    """The carer of client 0 fills a 6-hour gap beyond gebruikelijke zorg; the budget pays it at informal_rate
    (Wmo), and fraud_share of what the budget pays out (professional hours and the carer) buys nothing."""
    net = holder_network()
    net.base_need[:, V.SUPPORT] = 10.0  # 6 hours more than arranged; the carers live elsewhere: no usual care
    w = make_world(net, "integral_pgb", population__profiles__frail_elderly__practical_hours=0.0,
                   **{PGB + "informal_rate": 20.0, PGB + "fraud_share": 0.1, PGB + "admin_cost": 0.0})
    w.net.budget_pays_carer[:] = [True, False]
    run_week(w, delivery)
    t = w.series.totals()
    assert t["budget_carer_pay"].sum() == pytest.approx(6 * 20.0)
    professional = 4.0 * w.role_tariff[V.DISTRICT_NURSE] + 4.0 * w.role_tariff[V.HOME_CARER]
    assert t["budget_fraud"].sum() == pytest.approx(0.1 * (2 * professional + 6 * 20.0))
    assert t["cost_wmo"].sum() == pytest.approx(4.0 * w.role_tariff[V.HOME_CARER] * 2 + 120.0
                                                + t["budget_fraud"].sum())


def test_one_own_contribution_instead_of_one_per_law():
    """A client with Wmo support and Zvw mental health care pays the Wmo co-payment plus the Zvw deductible; with
    an integral pgb only the larger of the two."""
    net = holder_network()
    net.post_role[0] = V.GGZ_PRACTITIONER
    net.member[:, V.GGZ_PRACTITIONER] = 0
    net.base_need[:, V.MENTAL] = net.arranged[:, V.MENTAL] = 1.0
    opts = dict(costs__wmo_copay=4.0, costs__zvw_deductible=52 * 7.0)
    for policy, expected in (("none", 4.0 + 7.0), ("integral_pgb", 7.0)):
        w = make_world(net, policy, **opts)
        run_week(w, delivery)
        assert w.series.totals()["cost_client"].sum() == pytest.approx(2 * expected), policy


def test_a_holder_who_cannot_manage_the_budget_loses_it():
    w = make_world(holder_network(), "integral_pgb")
    assert w.net.budget.all()
    budget_lost(w, np.array([0.0, 0.99], np.float32))
    assert w.net.budget.tolist() == [False, True]
    assert events(w, "budget_withdrawn")["client"].tolist() == [0]
