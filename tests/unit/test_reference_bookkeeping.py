"""The week's bookkeeping against simple references (issue 13): overhead, plan members, series added together.

* At the end of the week (:func:`sim.processes.bookkeeping.end_of_week`) the coordination and recording hours
  charged to posts (:meth:`sim.world.World.add_overhead`) are booked, series by series, in one compiled loop
  (:func:`sim.processes.bookkeeping.overhead_sums`): to each post's overhead (next week's capacity loss), to the
  series by the profile of the client the hours were spent on, and at the post's role's tariff to the cost series
  of the payer of that role's law. The reference books charge by charge, in plain Python.
* Who keeps each plan up to date (:meth:`sim.world.World.plan_members`, a compiled loop): client by client.
* Series added together (:meth:`sim.observe.StepSeries.add_many`, one compiled loop): column by column, a series
  named twice gaining both columns in order.
* Regelwerk charged with a kind, hours and ref per client (:meth:`sim.world.World.add_regelwerk`): row by row.

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
from sim.observe import CARER_ROLE, COST_SERIES, SERIES_INDEX, StepSeries
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


def test_plan_members_match_the_client_by_client_reference():
    """Who keeps each plan up to date (:meth:`sim.world.World.plan_members`, charged upkeep by ``standing_time``):
    client by client among those with a plan and consent, role by role, each member post that is on the plan."""
    w = make_world(NET, "digital_plan")
    net = w.net
    net.consent[::3] = False  # a plan without consent carries nothing
    w.plan_members()
    posts, clients = [], []
    for c in range(net.n_clients):
        if net.plan[c] and net.consent[c]:
            for post in net.member[c]:
                if post >= 0 and net.post_on_plan[post]:
                    posts.append(post)
                    clients.append(c)
    assert len(clients) > 10 and len(set(clients)) < len(clients)  # several clients, some with several posts
    assert (net.plan & ~net.consent).any() and (~net.post_on_plan).any()  # both exclusions occur
    assert w.plan_posts.tolist() == posts and w.plan_post_clients.tolist() == clients
    assert w.plan_clients.tolist() == sorted(set(clients) | {c for c in range(net.n_clients)
                                                            if net.plan[c] and net.consent[c]})


def test_regelwerk_charged_per_client_keeps_each_clients_own_kind_hours_and_ref():
    """:meth:`sim.world.World.add_regelwerk` with a kind, hours and ref per client, some clients without a primary
    carer: each client with one gets one ``regelwerk`` row with its own values, and its carer the hours."""
    w = make_world(NET)
    w.log.week = w.observed_week
    net = w.net
    clients = np.arange(net.n_clients)
    assert (net.primary_carer < 0).any() and (net.primary_carer >= 0).any()
    kinds = clients % len(V.REGELWERK_KINDS)
    hours, refs = 0.5 + clients / 10, 100 + clients
    w.add_regelwerk(clients, hours, kinds, refs)
    log = w.log.arrays()
    with_carer = [c for c in clients if net.primary_carer[c] >= 0]
    assert log["client"].tolist() == with_carer
    assert log["detail"].tolist() == [c % len(V.REGELWERK_KINDS) for c in with_carer]
    assert log["ref"].tolist() == [100 + c for c in with_carer]
    assert log["actor"].tolist() == [net.primary_carer[c] for c in with_carer]
    assert log["value"].tolist() == [np.float32(0.5 + c / 10) for c in with_carer]
    assert set(log["role"].tolist()) == {CARER_ROLE}
    assert set(log["target"].tolist()) == set(log["channel"].tolist()) == {-1} and set(log["day"].tolist()) == {0}
    expected = np.zeros(net.n_carers)
    for c in with_carer:
        expected[net.primary_carer[c]] += 0.5 + c / 10
    assert w.carer_regelwerk == pytest.approx(expected, rel=1e-12)
    # one hour for all, each client twice in one call: every piece adds to what the carer already has
    w.add_regelwerk(np.concatenate([clients, clients]), 0.25, V.BUDGET_ADMIN)
    for c in with_carer:
        expected[net.primary_carer[c]] += 0.5
    assert w.carer_regelwerk == pytest.approx(expected, rel=1e-12)
    log = w.log.arrays()
    assert log["client"].tolist() == with_carer + with_carer + with_carer
    assert log["value"].tolist()[len(with_carer):] == [0.25] * 2 * len(with_carer)
    assert log["detail"].tolist()[len(with_carer):] == [V.BUDGET_ADMIN] * 2 * len(with_carer)
    assert log["ref"].tolist()[len(with_carer):] == [-1] * 2 * len(with_carer)
    # hours that are neither one for all nor one per client are refused, and nothing is charged
    before = w.carer_regelwerk.copy()
    with pytest.raises(ValueError, match="one per client"):
        w.add_regelwerk(clients, hours[:2], V.DESK)
    assert w.carer_regelwerk.tolist() == before.tolist()


def test_series_added_together_add_column_by_column_a_repeated_name_twice():
    """:meth:`sim.observe.StepSeries.add_many` (one compiled loop, :func:`sim.observe.add_columns`): each column is
    added to its series in the order given, a series named twice gains both columns, the first first (as two
    separate additions round); other series and weeks are untouched; values of the wrong shape are refused."""
    rng = np.random.default_rng(9)
    n_profiles = len(V.PROFILES)
    series = StepSeries(weeks=3, n_profiles=n_profiles)
    series.data[:] = rng.random(series.data.shape) * 1e3
    before = series.data.copy()
    names = ("cost_zvw", "cost_wmo", "cost_zvw", "clients_home")
    values = rng.random((n_profiles, len(names))) * 1e-3
    series.add_many(1, names, values)
    expected = before.copy()
    for j, name in enumerate(names):
        for profile in range(n_profiles):
            expected[1, profile, SERIES_INDEX[name]] += values[profile, j]
    assert np.array_equal(series.data, expected)
    with pytest.raises(ValueError, match=r"need values of shape \(\d+, 4\); got \(\d+, 3\)"):
        series.add_many(1, names, values[:, :3])
    assert np.array_equal(series.data, expected)
