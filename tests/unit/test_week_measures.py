"""The per-week measures (:func:`sim.reporters.week_measures`, counted by a compiled pass) equal the same counts
made with numpy over the week's rows of the event log and over the carers, every week of a run in which each
count is non-zero in some week."""

from __future__ import annotations

import math

import numpy as np

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.reporters import WEEK_MEASURES, week_measures


def _expected(world, start: int) -> dict:
    """The measures of the week whose rows start at ``start``, counted with numpy over the merged log."""
    rows = {name: values[start:] for name, values in world.log.arrays().items()}
    event, detail = rows["event"], rows["detail"]
    transitions = np.sum(event == V.EVENT["transition"])
    failed = np.sum(event == V.EVENT["handover_failed"])
    closed_unanswered = (event == V.EVENT["complaint_closed"]) & np.isin(
        detail, [V.COMPLAINT_ENDS.index("unanswered"), V.COMPLAINT_ENDS.index("given_up")])
    net = world.net
    active = net.carer_active
    overburdened = active & (net.carer_category == V.STRAIN_CATEGORIES.index("overburdened"))
    return {
        "week_handover_failures_per_100_transitions": 100 * failed / transitions if transitions else math.nan,
        "week_carer_share_overburdened": overburdened.sum() / active.sum() if active.any() else math.nan,
        "week_carer_burnouts": int(np.sum(event == V.EVENT["burnout"])),
        "week_open_complaints": len(world.open_complaints),
        "week_complaints_unanswered": int(closed_unanswered.sum()),
    }


def test_week_measures_equal_numpy_counts_over_the_weeks_rows_and_the_carers():
    model = CareNetworkModel(scenario="default", policy="none", seed=5, years=1, n_clients=400, mesa_agents=False)
    seen = []
    while model.running:
        start = len(model.log)
        model.step()
        got, expected = week_measures(model.world, start), _expected(model.world, start)
        assert list(got) == list(WEEK_MEASURES)
        for name in WEEK_MEASURES:
            assert got[name] == expected[name] or (math.isnan(got[name]) and math.isnan(expected[name])), name
        seen.append(got)
    for name in WEEK_MEASURES:  # each count happens in some week (the test is not vacuous)
        assert any(week[name] > 0 for week in seen), name
