"""Delivery (ODD 7.4): posts deliver arranged care within capacity; carers fill gaps with their own hours.

A post's capacity is reduced by last week's coordination and recording hours. What neither professionals
nor carers cover is unmet need. No random draws. Hours per week; costs EUR per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import COST_SERIES
from sim.processes.arrays import row_any

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def delivery(w: "World") -> None:
    """Posts deliver arranged care within capacity; carers fill gaps with their own hours.

    A post's capacity is reduced by last week's coordination and recording
    hours. What neither professionals nor carers cover is unmet need.
    Hours are per week; costs in EUR per week.
    """
    net, p, week = w.net, w.params, w.week
    ones = w.ones_d
    home = net.admitted_until < 0
    need = net.need * home[:, None]
    posts = net.member[:, w.domain_role]                           # [N, D], -1 for none
    has_post = posts >= 0
    slot = np.where(has_post, posts, net.n_posts)                 # -1 -> an extra "no post" slot
    booked_hours = net.arranged * home[:, None]
    w.booked = np.bincount(slot.ravel(), weights=booked_hours.ravel(), minlength=net.n_posts + 1)[:-1]
    capacity = np.maximum(net.post_capacity - w.overhead_last, 0.0)
    ratio = np.append(np.minimum(1.0, capacity / np.maximum(w.booked, 1e-9)), 0.0)
    active = ~net.blocked & (net.start_week <= week)
    delivered = np.minimum(booked_hours * ratio[slot] * active, need)
    need_total = need @ ones
    delivered_total = delivered @ ones
    gap = need_total - delivered_total

    # carers: time left after regelwerk, shared in proportion to availability
    carers = net.carer_active & home[net.carer_client]
    free = np.where(carers, np.maximum(net.carer_available - w.carer_regelwerk, 0.0), 0.0)
    free_per_client = np.bincount(net.carer_client, weights=free, minlength=net.n_clients)
    given = np.minimum(gap, free_per_client)
    share = np.divide(given, free_per_client, out=np.zeros_like(given), where=free_per_client > 0)
    w.carer_care = free * share[net.carer_client]
    unmet = gap - given
    net.unmet_share = np.divide(unmet, need_total, out=np.zeros_like(unmet), where=need_total > 0).astype(np.float32)
    w.unmet = unmet
    w.unmet_client = home & (unmet > p.arranging.gap_threshold)

    # money: provider hours to the payer of the client's law (per profile), admissions to Zvw,
    # co-payments (one for a budget holder instead of one per law), budget administration, plan platform
    n_prof, n_law = len(V.PROFILES), len(V.LAWS)
    hours_cost = delivered * w.domain_tariff
    by = np.bincount(w.profile_law_index.ravel(), weights=hours_cost.ravel(), minlength=n_prof * n_law)
    for law, name in enumerate(COST_SERIES):
        w.series.add(week, name, by[law::n_law])
    uses = delivered > 0
    wmo_pay = row_any(uses & w.law_is_wmo) * p.costs.wmo_copay
    wlz_pay = row_any(uses & w.law_is_wlz) * p.costs.wlz_copay
    copay = np.where(net.budget, np.maximum(wmo_pay, wlz_pay), wmo_pay + wlz_pay)
    zvw_extra = (~home) * p.costs.admission_week + net.plan * (p.policies.digital_plan.platform_cost / 2)
    wmo_extra = net.budget * p.policies.integral_pgb.admin_cost + net.plan * (p.policies.digital_plan.platform_cost / 2)

    w.series.record_many(
        week, w.client_onehot, clients_home=home, clients_admitted=~home, clients_wlz_home=home & (net.wlz == 2), need_hours=need_total,
        arranged_hours=booked_hours @ ones, delivered_hours=delivered_total, unmet_hours=unmet,
        clients_unmet=w.unmet_client, cost_zvw=zvw_extra, cost_wmo=wmo_extra, cost_client=copay,
        arranger_nobody=home & (w.who == V.NOBODY))
