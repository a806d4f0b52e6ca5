"""The week's booking of overhead against a simple reference (issue 13): hours to posts, series and payers.

At the end of the week (:func:`sim.processes.bookkeeping.end_of_week`) the coordination and recording hours charged
to posts (:meth:`sim.world.World.add_overhead`) are booked, series by series, in one compiled loop
(:func:`sim.processes.bookkeeping.overhead_sums`): to each post's overhead (next week's capacity loss), to the
series by the profile of the client the hours were spent on, and at the post's role's tariff to the cost series of
the payer of that role's law. The reference here books charge by charge, in plain Python, from the docstrings.

The world is ``test_reference_paths``' filled network (posts of every role, clients of every profile), with
charges to posts of every role in two series, one of them charged twice. Tolerance: a relative 1e-12 (float64 in
both, added in the same order). Under a second.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_reference_paths import NET
from worlds import make_world

from sim import vocabulary as V
from sim.observe import COST_SERIES, SERIES_INDEX
from sim.processes.bookkeeping import end_of_week


def test_overhead_booking_matches_the_charge_by_charge_reference():
    w = make_world(NET)
    w.log.week = w.observed_week
    rng = np.random.default_rng(4)
    net = w.net
    charges = []  # (posts, hours, series, clients), as charged
    for series, size in (("coordination_hours", 30), ("recording_hours", 25), ("coordination_hours", 12)):
        posts = rng.integers(0, net.n_posts, size)
        clients = rng.integers(0, net.n_clients, size)
        hours = rng.random(size) * 3
        w.add_overhead(posts, hours, series, clients)
        charges.append((posts, hours, series, clients))
    w.add_overhead(np.array([1, 4]), 0.75, "recording_hours", np.array([0, 3]))  # hours given once for all
    charges.append((np.array([1, 4]), np.full(2, 0.75), "recording_hours", np.array([0, 3])))
    assert {int(r) for c in charges for r in net.post_role[c[0]]} == set(range(len(V.ROLES)))
    assert {int(p) for c in charges for p in net.profile[c[3]]} == set(range(len(V.PROFILES)))

    overhead = w.overhead.copy()
    row = w.series.data[w.observed_week].copy()
    for series in ("coordination_hours", "recording_hours"):  # the reference: charge by charge
        for posts, hours, name, clients in charges:
            if name != series:
                continue
            for post, h, client in zip(posts, hours, clients):
                role, profile = net.post_role[post], net.profile[client]
                overhead[post] += h
                row[profile, SERIES_INDEX[series]] += h
                payer = COST_SERIES[V.ROLE_LAW[role]]
                row[profile, SERIES_INDEX[payer]] += h * w.role_tariff[role]

    week = w.observed_week
    end_of_week(w)
    assert w.overhead == pytest.approx(overhead, rel=1e-12, abs=0)
    assert w.series.data[week] == pytest.approx(row, rel=1e-12, abs=0)
    assert np.count_nonzero(row[:, [SERIES_INDEX[c] for c in COST_SERIES]]) >= 3  # several payers were charged
    assert w.overhead_buffer == []
