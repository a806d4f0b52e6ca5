"""Delivery (ODD 7.4): posts deliver arranged care within capacity; carers are present, do practical tasks and fill gaps.

A post's capacity is reduced by last week's coordination and recording hours. What neither professionals
nor carers cover is unmet need. No random draws. Hours per week; costs EUR per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import COST_SERIES
from sim.processes.arranging import coresident_primary
from sim.processes.arrays import row_any

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def carer_gives(w: "World", home: np.ndarray, gap: np.ndarray, need: np.ndarray) -> None:
    """What each active carer of a client at home gives this week (hours per week, on the world's scratch):

    * presence (``presence_hours``): supervision and company from the primary carer who lives with the client;
    * practical tasks (``practical_hours``): household, transport, finances, shared by the client's carers in
      proportion to their available hours; they take time;
    * the gap (``gap``: need minus delivered care) as far as the carers' time left after regelwerk and practical
      tasks allows, shared in proportion to that time; of it, 'gebruikelijke zorg' is the part up to what
      indications leave to a co-resident carer (``usual_care_share`` of nursing and support need, unless waived),
      the rest is filling gaps.
    """
    net = w.net
    client = w.carer_client
    carers = net.carer_active & home[client]
    available = np.where(carers, net.carer_available, 0.0)
    available_per_client = np.bincount(client, weights=available, minlength=net.n_clients)
    available_of_client = available_per_client[client]
    part = np.divide(available, available_of_client, out=np.zeros_like(available), where=available_of_client > 0)
    w.carer_practical = w.client_practical[client] * part
    resident = carers & net.carer_coresident & (net.primary_carer[client] == np.arange(net.n_carers))
    w.carer_presence = np.where(resident, w.client_presence[client], 0.0)
    free = np.where(carers, np.maximum(net.carer_available - w.carer_regelwerk - w.carer_practical, 0.0), 0.0)
    free_per_client = np.bincount(client, weights=free, minlength=net.n_clients)
    given = np.minimum(gap, free_per_client)
    share = np.divide(given, free_per_client, out=np.zeros_like(given), where=free_per_client > 0)
    expected = np.where(coresident_primary(net) & ~net.usual_care_waived,
                        w.client_usual_care * (need[:, V.NURSING] + need[:, V.SUPPORT]), 0.0)
    usual_part = np.divide(np.minimum(given, expected), given, out=np.zeros_like(given), where=given > 0)
    gives = free * share[client]
    w.carer_usual = gives * usual_part[client]
    w.carer_gap = gives - w.carer_usual
    w.carer_care = w.carer_usual + w.carer_gap + w.carer_presence + w.carer_practical


def delivery(w: "World") -> None:
    """Posts deliver arranged care within capacity; carers fill gaps with their own hours.

    A post's capacity is reduced by last week's coordination and recording
    hours. What neither professionals nor carers cover is unmet need.
    Hours are per week; costs in EUR per week.
    """
    net, p, week = w.net, w.params, w.week
    ones = w.ones_d
    home = net.admitted_until < 0
    home_d = np.repeat(home, len(V.DOMAINS)).reshape(-1, len(V.DOMAINS))  # [N, D]: faster products than home[:, None]
    need = net.need * home_d
    # [N, D] the domain's post, -1 for none; intp (faster gathers) and C order, which the products below keep:
    # a matrix-vector product's float sums depend on the layout
    posts = net.member[:, w.domain_role].astype(np.intp, order="C")
    booked_hours = net.arranged.astype(np.float64) * home_d    # float64 once: the bincount and products need it
    w.booked = np.bincount(posts.ravel() + 1, weights=booked_hours.ravel(), minlength=net.n_posts + 1)[1:]
    capacity = np.maximum(net.post_capacity - w.overhead_last, 0.0)
    ratio = np.append(np.minimum(1.0, capacity / np.maximum(w.booked, 1e-9)), 0.0)  # ratio[-1]: no post, none
    active = ~net.blocked & (net.start_week <= week)
    delivered = booked_hours * ratio[posts]
    delivered *= active
    delivered = np.minimum(delivered, need, out=delivered)
    need_total = need @ ones
    delivered_total = delivered @ ones
    gap = need_total - delivered_total

    # carers: presence and practical tasks whatever is arranged; then gaps, from the time left after regelwerk and
    # practical tasks, shared in proportion to that time; the part of the gap indications left to a co-resident
    # carer ('gebruikelijke zorg') counts as usual care, the rest as filling gaps
    carer_gives(w, home, gap, need)
    given = np.bincount(w.carer_client, weights=w.carer_usual + w.carer_gap, minlength=net.n_clients)
    unmet = gap - given
    net.unmet_share = np.divide(unmet, need_total, out=np.zeros_like(unmet), where=need_total > 0).astype(np.float32)
    w.unmet = unmet
    w.delivered = delivered  # [N, D] hours delivered by professionals this week (read by the teaching dashboard)
    w.unmet_client = home & (unmet > p.arranging.gap_threshold)

    # money: provider hours to the payer of the client's law (per profile), admissions to Zvw,
    # co-payments (one for a budget holder instead of one per law), budget administration, plan platform
    n_prof, n_law = len(V.PROFILES), len(V.LAWS)
    hours_cost = delivered * w.domain_tariff
    by = np.bincount(w.profile_law_index.ravel(), weights=hours_cost.ravel(), minlength=n_prof * n_law)
    for law, name in enumerate(COST_SERIES):
        w.series.add(week, name, by[law::n_law])
    uses = delivered > 0
    costs, pgb = p.costs, p.policies.integral_pgb
    wmo_pay = row_any(uses & w.law_is_wmo) * costs.wmo_copay
    wlz_pay = row_any(uses & w.law_is_wlz) * costs.wlz_copay
    zvw_pay = ((uses[:, V.MENTAL] & (net.law[:, V.MENTAL] == V.ZVW)) | ~home) * (costs.zvw_deductible / 52)
    copay = np.where(net.budget, np.maximum(np.maximum(wmo_pay, wlz_pay), zvw_pay), wmo_pay + wlz_pay + zvw_pay)
    # the integral pgb pays a carer for care beyond gebruikelijke zorg, and loses a share of what it pays out
    paid_hours = np.bincount(w.carer_client, weights=w.carer_gap, minlength=net.n_clients) * (
        net.budget & net.budget_pays_carer)
    carer_pay = paid_hours * pgb.informal_rate
    fraud = net.budget * (hours_cost @ ones + carer_pay) * pgb.fraud_share
    zvw_extra = (~home) * costs.admission_week + net.plan * (p.policies.digital_plan.platform_cost / 2)
    wmo_extra = (net.budget * pgb.admin_cost + net.plan * (p.policies.digital_plan.platform_cost / 2)
                 + carer_pay + fraud)

    w.series.record_many(
        week, w.client_profile, clients_home=home, clients_admitted=~home, clients_wlz_home=home & (net.wlz == 2),
        need_hours=need_total, arranged_hours=booked_hours @ ones, delivered_hours=delivered_total, unmet_hours=unmet,
        clients_unmet=w.unmet_client, cost_zvw=zvw_extra, cost_wmo=wmo_extra, cost_client=copay,
        budget_carer_pay=carer_pay, budget_fraud=fraud,
        arranger_nobody=home & (w.who == V.NOBODY))
