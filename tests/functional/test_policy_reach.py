"""The reach outcomes of a whole run equal the per-client table :func:`sim.policies.reach` counted by hand week by
week, in an open population (clients enter, and are enrolled, during the run) under all four building blocks.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from sim import CareNetworkModel
from sim import vocabulary as V
from sim.policies import reach


def test_reach_outcomes_are_the_per_client_table_counted_week_by_week():
    model = CareNetworkModel(policy="stepped", seed=5, years=1, n_clients=150, mesa_agents=False,
                             policies__stepped=list(V.BLOCKS))
    reached_by_policy, rows, client_weeks = 0, Counter(), 0
    while model.running:
        model.step()                           # a week; the reach series count at its end
        table = reach(model)
        client_weeks += model.net.n_clients
        reached_by_policy += int(table.groupby("client")["applies"].any().sum())
        rows.update(zip(table["block"].astype(str), table["reason"]))
    assert model.week == model.n_weeks and client_weeks == 150 * model.n_weeks
    out = model.outcomes()
    assert out["client_years"] * 52 == pytest.approx(client_weeks)
    assert out["policy_reach_share"] == pytest.approx(reached_by_policy / client_weeks, rel=1e-12)
    entered = (model.log.to_frame()["event"] == "client_entry").sum()
    assert entered > 0, "no client entered: the run does not test enrolment on entry"
    for block, reasons in V.NOT_REACHED.items():
        assert out[f"reach_{block}_share"] == pytest.approx(rows[block, ""] / client_weeks, rel=1e-12)
        total = out[f"reach_{block}_share"]
        for reason in reasons:
            share = out[f"not_reached_{block}_{reason}_share"]
            assert share == pytest.approx(rows[block, reason] / client_weeks, rel=1e-12)
            total += share
        assert total == pytest.approx(1.0)
    assert 0 < out["policy_reach_share"] < 1


def test_a_policy_reaches_nobody_through_blocks_it_lacks():
    out = CareNetworkModel(policy="none", seed=5, years=0.25, n_clients=100, mesa_agents=False).run().outcomes()
    assert out["policy_reach_share"] == 0.0
    assert all(math.isnan(out[f"reach_{block}_share"]) for block in V.BLOCKS)
