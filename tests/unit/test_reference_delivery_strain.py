"""Delivery's and strain's per-profile sums against simple references (issue 13): the week's carer series.

Strain sums the carers' state of the week per profile in one compiled pass
(:func:`sim.processes.strain.carers_by_profile`) instead of recording a series per array. Here the same series are
written again as a plain loop, carer by carer, over the state the week leaves (after the dropouts): the active
carers, those in each survey category, their strain, the value of the care hours and the carers' hours of each
kind. Delivery's money, summed per profile in :func:`sim.processes.delivery.client_costs`, is checked against its
reference in ``test_reference_dense.py``; what each carer gives (read here for the hours) in
``test_reference_paths.py``.

The world: ``test_reference_paths``' filled network, three weeks of strain with a high dropout and burnout after
two overburdened weeks, so that carers are in every category and some stop. Tolerance: counts exactly, hours and
money (float64, summed in the same carer order) to a relative 1e-12. Under a second.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_reference_paths import NET
from worlds import make_world, run_week

from sim import vocabulary as V
from sim.observe import SERIES_INDEX
from sim.processes.strain import strain

#: The carers' hours series, each summed from the world's scratch array of the same kind.
HOURS_SERIES = {"carer_care_hours": "carer_care", "carer_usual_hours": "carer_usual",
                "carer_gap_hours": "carer_gap", "carer_presence_hours": "carer_presence",
                "carer_practical_hours": "carer_practical", "carer_regelwerk_hours": "carer_regelwerk"}


def carer_series_reference(w) -> dict[str, np.ndarray]:
    """The week's carer series per profile, carer by carer: counts of the active carers and of those in survey
    category 1, 2 and 3, the active carers' strain, every carer's care hours at the hour value, and the hours of
    each kind."""
    net = w.net
    names = ("carers_active", "carers_fairly_heavy", "carers_very_heavy", "carers_overburdened", "carer_strain",
             "cost_informal", *HOURS_SERIES)
    out = {name: np.zeros(len(V.PROFILES)) for name in names}
    for k in range(net.n_carers):
        profile = net.profile[net.carer_client[k]]
        if net.carer_active[k]:
            out["carers_active"][profile] += 1
            category = int(net.carer_category[k])
            for name, level in (("carers_fairly_heavy", 1), ("carers_very_heavy", 2), ("carers_overburdened", 3)):
                out[name][profile] += category == level
            out["carer_strain"][profile] += float(net.carer_strain[k])
        out["cost_informal"][profile] += w.carer_care[k] * w.params.costs.carer_hour_value
        for name, scratch in HOURS_SERIES.items():
            out[name][profile] += getattr(w, scratch)[k]
    return out


def test_the_weeks_carer_series_match_the_carer_by_carer_reference():
    w = make_world(NET, strain__burnout_weeks=2, strain__dropout_per_week=0.5)
    rng = np.random.default_rng(3)
    C = w.net.n_carers
    seen = set()
    for _ in range(3):
        w.carer_care[:] = rng.choice([0.0, 2.0, 10.0, 25.0], C)
        w.carer_usual[:] = rng.choice([0.0, 1.0, 3.5], C)
        w.carer_regelwerk[:] = rng.choice([0.0, 1.0, 4.0], C)
        run_week(w, strain)
        expected = carer_series_reference(w)
        for name, values in expected.items():
            assert w.series.data[w.week - 1, :, SERIES_INDEX[name]] == pytest.approx(values, rel=1e-12), name
        net = w.net
        seen |= set(net.carer_category[net.carer_active].tolist())
        assert (~net.carer_active).any()  # some carers stopped: their state is left out
    assert seen == {0, 1, 2, 3}
