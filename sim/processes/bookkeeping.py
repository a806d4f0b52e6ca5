"""Bookkeeping at the start and end of every week (ODD 3 and 7.11): the week's scratch, standing time, booking.

* :func:`start_of_week`: the log's week; last week's coordination and recording hours become this week's
  capacity loss; the carers' weekly signals are reset.
* :func:`standing_time`: the regiebehandelaar's weekly overview of each client it serves and the plan's upkeep
  by each connected post (fixed at set-up, :meth:`sim.world.World.plan_members`).
* :func:`budget_administration`: budget holders keep the integral pgb's administration; the hours fall on a
  holding carer as regelwerk.
* :func:`end_of_week`: books the coordination and recording hours charged this week (capacity, series, cost to
  the payer of the post's law), records whom the policy reaches (the reach series), adds the week to the
  per-carer panel if there is one, and advances the week.

No random draws. Hours per week; costs EUR per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import COST_SERIES
from sim.compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def start_of_week(w: "World") -> None:
    """Open the week: the log's week (the observed week), last week's overhead as this week's capacity loss, carer signals reset."""
    w.log.week = w.observed_week
    w.overhead_last = w.overhead
    w.overhead = np.zeros_like(w.overhead_last)
    w.carer_regelwerk[:] = 0
    w.carer_sidelined[:] = 0
    w.carer_contradictions[:] = 0


def standing_time(w: "World") -> None:
    """Weekly standing time: the regiebehandelaar's overview, the plan's upkeep by connected posts."""
    net = w.net
    coordinated = np.flatnonzero(net.coordinator >= 0)
    w.add_overhead(net.coordinator[coordinated], w.params.policies.regiebehandelaar.hours_per_client,
                   "coordination_hours", coordinated)
    if w.plan_clients.size:
        w.add_overhead(w.plan_posts, w.params.policies.digital_plan.upkeep_hours, "recording_hours",
                       w.plan_post_clients)


def budget_administration(w: "World") -> None:
    """Budget holders keep the integral pgb's administration (hours fall on a holding carer)."""
    net = w.net
    by_carer = np.flatnonzero(net.budget & net.budget_by_carer & (net.primary_carer >= 0))
    hours = w.params.policies.integral_pgb.admin_hours
    w.add_regelwerk(by_carer, hours, V.BUDGET_ADMIN)
    if by_carer.size:
        w.series.record(w.week, "budget_admin_hours", net.profile[by_carer], hours)


def end_of_week(w: "World") -> None:
    """Book the week's coordination and recording hours, record the policy's reach, then advance the week.

    Per post the hours add to ``overhead`` (next week's capacity loss); they are recorded in their series
    by the profile of the client they were spent on, priced at the post's tariff and charged to the payer
    of the post's law.
    """
    _book_overhead(w)
    _record_reach(w)
    if w.carer_panel is not None and w.observed_week >= 0:
        w.carer_panel.add_week(w)
    w.week += 1


def _record_reach(w: "World") -> None:
    """Record whom the policy's building blocks reach at the end of the week, and why not the others (the series
    of :data:`sim.observe.REACH_SERIES`, by the client's profile; :meth:`sim.policies.Block.reach`). Each client
    counts in one series per block (reached, or the reason it is not), all blocks' counted by profile at once, and
    in ``reached_by_policy`` where any block reaches them."""
    if not w.blocks or w.observed_week < 0:
        return
    profile, n_profiles = w.net.profile.astype(np.intp), len(V.PROFILES)
    names = ["reached_by_policy"]
    reached = np.zeros(w.net.n_clients, bool)
    series = []  # per block, each client's series: its place in ``names``
    for block in w.blocks:
        applies, reason = block.reach(w)
        reached |= applies
        series.append(reason + np.intp(len(names) + 1))  # reason -1 (reached): the block's first series
        names += [f"reached_{block.name}", *(f"not_reached_{block.name}_{name}" for name in block.reasons)]
    width = len(names)
    by_profile = profile * width
    counts = np.bincount(np.concatenate([by_profile + s for s in series]),
                         minlength=n_profiles * width).reshape(n_profiles, width)
    counts[:, 0] = np.bincount(profile[reached], minlength=n_profiles)
    w.series.add_many(w.week, names, counts)


def _book_overhead(w: "World") -> None:
    """Book the hours charged this week (:meth:`sim.world.World.add_overhead`), series by series in the order of
    their first charge: to the posts' overhead, to the series by the client's profile, and at the post's tariff to
    the payer of its role's law."""
    if not w.overhead_buffer:
        return
    net, week, n_profiles = w.net, w.week, len(V.PROFILES)
    for series in dict.fromkeys(b[2] for b in w.overhead_buffer):  # in order of first charge (not a set's order)
        parts = [b for b in w.overhead_buffer if b[2] == series]
        posts = np.concatenate([b[0] for b in parts])
        hours = np.concatenate([b[1] for b in parts])
        clients = np.concatenate([b[3] for b in parts])
        by_post, by_profile = overhead_sums(posts, hours, net.profile[clients], net.post_role, _ROLE_LAW,
                                            w.role_tariff, net.n_posts, n_profiles, len(V.LAWS))
        w.overhead += by_post
        w.series.add_many(week, (series, *COST_SERIES), by_profile)
    w.overhead_buffer = []


#: The law of each role (``V.ROLE_LAW``), as an array for :func:`overhead_sums`.
_ROLE_LAW = np.asarray(V.ROLE_LAW, np.int64)


@kernel
def overhead_sums(posts, hours, profile, post_role, role_law, role_tariff, n_posts, n_profiles, n_laws):
    """One series' charges (``hours`` per week spent by ``posts`` on clients of ``profile``) summed in charge order:
    per post (hours), and per profile the hours (column 0) and, at the role's tariff, the cost to the payer of the
    law of the post's role (EUR; column 1 + law, in the order of ``COST_SERIES``) ([profiles, 1 + laws])."""
    by_post, by_profile = np.zeros(n_posts), np.zeros((n_profiles, 1 + n_laws))
    for i in range(posts.size):
        role = post_role[posts[i]]
        by_post[posts[i]] += hours[i]
        by_profile[profile[i], 0] += hours[i]
        by_profile[profile[i], 1 + role_law[role]] += hours[i] * role_tariff[role]
    return by_post, by_profile
