"""Delivery (ODD 7.4): posts deliver arranged care within capacity; carers are present, do practical tasks and fill gaps.

A post's capacity is reduced by last week's coordination and recording hours. What neither professionals
nor carers cover is unmet need. No random draws. Hours per week; costs EUR per week.

The loops over clients, their domains and their carers are compiled kernels (:mod:`sim.compiled`):
:func:`care_delivered` (with :func:`post_bookings`), :func:`carers_share`, :func:`unmet_need` and
:func:`client_costs`, called in turn by one compiled call a week (:func:`deliver`); all but :func:`carers_share`
also sum their part of the week's series per profile, client by client (the counts of clients as integers, exact
in any order, and without branches). They add in a fixed order (a post's
bookings client by client, a client's carers in carer order, a client's domains as :func:`domain_total`) and round
where numpy's array arithmetic does (need and the carers' practical share in float32, hours in float64), so they
give numpy's whole-array results to the last bit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import COST_SERIES
from sim.compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


@kernel
def domain_total(hours) -> float:
    """A client's hours summed over the five domains of ``V.DOMAINS`` (hours per week, float64), added in the order in
    which numpy's matrix-vector product ``hours @ ones`` adds them (OpenBLAS: domains 0 + 2 and 1 + 3 in two lanes,
    the lanes, then domain 4), so the totals are those of that product to the last bit."""
    return ((np.float64(hours[0]) + np.float64(hours[2])) + (np.float64(hours[1]) + np.float64(hours[3]))
            + np.float64(hours[4]))


@kernel
def post_bookings(admitted_until, member, domain_role, arranged, n_posts):
    """Hours per week booked with each post: the arranged hours (float32, added as float64) of each domain of each
    client at home, with the client's post of the domain's role, added client by client and domain by domain (a
    client in hospital adds zero hours; no post, -1, books into a slot that is dropped)."""
    booked = np.zeros(n_posts + 1)  # booked[0]: no post
    for c in range(member.shape[0]):
        at_home = admitted_until[c] < 0
        for d in range(domain_role.size):
            booked[member[c, domain_role[d]] + 1] += np.float64(arranged[c, d]) * at_home
    return booked[1:]


@kernel
def care_delivered(admitted_until, base_need, extra_need, arranged, member, domain_role, post_capacity,
                   overhead_last, blocked, start_week, week, nursing, support, client_profile, n_profiles):
    """What professionals deliver to each client and domain, hours per week.

    Each post's bookings (:func:`post_bookings`) and its capacity, ``post_capacity`` less last week's coordination
    and recording hours (``overhead_last``), at least 0; its ratio: capacity over bookings, at most 1 (0 for no post).
    A client's need is base plus extra need (float32), none in hospital. The post of the domain's role delivers the
    arranged hours times its ratio if the care is active (not blocked, started by ``week``), at most the need.
    Returns the posts' bookings, delivered ([N, D]) and per client the total need (:func:`domain_total`), the gap
    (the total need less the total delivered hours) and the client's nursing plus support need (float32, as
    gebruikelijke zorg is reckoned from it); and per profile (``client_profile``) the clients at home, those
    admitted (counted as integers) and the totals of need, arranged hours (at home) and delivered hours, summed
    client by client as the week's series are ([profiles, 5], the columns in the order of :data:`CARE_SERIES`)."""
    n_clients, n_domains = base_need.shape
    n_posts = post_capacity.size
    booked = post_bookings(admitted_until, member, domain_role, arranged, n_posts)
    ratio = np.zeros(n_posts + 1)  # ratio[-1]: no post, none
    for post in range(n_posts):
        capacity = max(np.float64(post_capacity[post]) - overhead_last[post], 0.0)
        ratio[post] = min(1.0, capacity / max(booked[post], 1e-9))
    delivered = np.empty((n_clients, n_domains))
    need = np.empty(n_domains, np.float32)  # one client's need
    at_home_hours = np.empty(n_domains)  # one client's arranged hours counted at home
    need_total, gap = np.empty(n_clients), np.empty(n_clients)
    nursing_support_need = np.empty(n_clients, np.float32)
    by_profile = np.zeros((n_profiles, 5))
    counts = np.zeros((n_profiles, 2), np.int64)  # the clients at home and admitted, as integers (exact in any order)
    for c in range(n_clients):
        at_home = admitted_until[c] < 0
        for d in range(n_domains):
            need[d] = (base_need[c, d] + extra_need[c, d]) * np.float32(at_home)
            at_home_hours[d] = np.float64(arranged[c, d]) * at_home
            active = (not blocked[c, d]) & (start_week[c, d] <= week)
            hours = at_home_hours[d] * ratio[member[c, domain_role[d]]] * active
            delivered[c, d] = min(hours, np.float64(need[d]))
        need_total[c] = domain_total(need)
        delivered_total = domain_total(delivered[c])
        gap[c] = need_total[c] - delivered_total
        nursing_support_need[c] = need[nursing] + need[support]
        profile = client_profile[c]
        counts[profile, 0] += at_home
        counts[profile, 1] += not at_home
        by_profile[profile, 2] += need_total[c]
        by_profile[profile, 3] += domain_total(at_home_hours)
        by_profile[profile, 4] += delivered_total
    by_profile[:, :2] = counts
    return booked, delivered, need_total, gap, nursing_support_need, by_profile


#: The series of :func:`care_delivered`'s sums per profile, in its column order.
CARE_SERIES = ("clients_home", "clients_admitted", "need_hours", "arranged_hours", "delivered_hours")


@kernel
def carers_share(carer_client, home, gap, nursing_support_need, carer_active, carer_available, carer_coresident,
                 primary_carer, usual_care_waived, carer_regelwerk, client_practical, client_presence,
                 client_usual_care):
    """What each active carer of a client at home (``home``) gives this week (hours per week):

    * presence (``client_presence``): supervision and company from the primary carer who lives with the client;
    * practical tasks (``client_practical``): household, transport, finances, shared by the client's carers in
      proportion to their available hours; they take time;
    * the gap (``gap``: need minus delivered care) as far as the carers' time left after regelwerk
      (``carer_regelwerk``) and practical tasks allows, shared in proportion to that time; of it, 'gebruikelijke
      zorg' is the part up to what indications leave to a co-resident carer (``client_usual_care`` of
      ``nursing_support_need``, unless waived), the rest is filling gaps.

    Carer by carer, then client by client, then carer by carer again; the sums over a client's carers are added in
    carer order. Returns per carer the practical, presence, usual-care, gap and total hours, and per client the
    hours its carers give towards the gap and, of these, the gap hours beyond usual care."""
    n_carers, n_clients = carer_active.size, home.size
    practical, presence, free = np.empty(n_carers), np.empty(n_carers), np.empty(n_carers)
    usual, filling, care = np.empty(n_carers), np.empty(n_carers), np.empty(n_carers)
    available_total, free_total = np.zeros(n_clients), np.zeros(n_clients)
    share, usual_part = np.empty(n_clients), np.empty(n_clients)
    towards_gap, beyond_usual = np.zeros(n_clients), np.zeros(n_clients)
    # the hours of the carers caring this week (active, client at home)
    for k in range(n_carers):
        c = carer_client[k]
        available_total[c] += np.float64(carer_available[k]) * (carer_active[k] & home[c])
    # practical tasks shared by available hours (the part rounded to float32, as the hours it comes from),
    # presence from the co-resident primary carer, and the hours left after regelwerk and practical tasks
    for k in range(n_carers):
        c = carer_client[k]
        caring = carer_active[k] & home[c]
        part = np.float32(0.0)
        if available_total[c] > 0:
            part = np.float32(np.float64(carer_available[k]) * caring / available_total[c])
        practical[k] = client_practical[c] * part
        presence[k] = client_presence[c] if caring & carer_coresident[k] & (primary_carer[c] == k) else 0.0
        free[k] = max(np.float64(carer_available[k]) - carer_regelwerk[k] - practical[k], 0.0) * caring
        free_total[c] += free[k]
    # the gap, as far as the free hours go, shared by them; gebruikelijke zorg up to what indications expect from a
    # co-resident primary carer
    for c in range(n_clients):
        given = min(gap[c], free_total[c])
        share[c] = given / free_total[c] if free_total[c] > 0 else 0.0
        primary = primary_carer[c]
        expected = 0.0
        if primary >= 0 and carer_coresident[primary] and not usual_care_waived[c]:
            expected = client_usual_care[c] * nursing_support_need[c]
        usual_part[c] = min(given, expected) / given if given > 0 else 0.0
    for k in range(n_carers):
        c = carer_client[k]
        gives = free[k] * share[c]
        usual[k] = gives * usual_part[c]
        filling[k] = gives - usual[k]
        care[k] = usual[k] + filling[k] + presence[k] + practical[k]
        towards_gap[c] += usual[k] + filling[k]
        beyond_usual[c] += filling[k]
    return practical, presence, usual, filling, care, towards_gap, beyond_usual


@kernel
def unmet_need(gap, given, need_total, home, gap_threshold, client_profile, n_profiles, wlz, who):
    """Per client, the gap (hours per week) less what the carers give towards it: the unmet hours (float64), their
    share of the need (float32; 0 without need) and whether a client at home has more than ``gap_threshold``
    unmet hours. And per profile (``client_profile``) the unmet hours, summed client by client as the week's series
    are, and, counted as integers, the clients at home with a Wlz indication at home (``wlz`` stage 2), the clients
    above the threshold and the clients at home nobody arranges for (``who``) ([profiles, 4], the columns in the
    order of :data:`UNMET_SERIES`)."""
    n_clients = gap.size
    unmet, share, above = np.empty(n_clients), np.empty(n_clients, np.float32), np.empty(n_clients, np.bool_)
    by_profile = np.zeros((n_profiles, 4))
    counts = np.zeros((n_profiles, 4), np.int64)  # the columns that count clients, as integers (exact in any order)
    for c in range(n_clients):
        unmet[c] = gap[c] - given[c]
        share[c] = np.float32(unmet[c] / need_total[c]) if need_total[c] > 0 else np.float32(0.0)
        above[c] = home[c] & (unmet[c] > gap_threshold)
        profile = client_profile[c]
        counts[profile, 0] += home[c] & (wlz[c] == WLZ_AT_HOME)
        by_profile[profile, 1] += unmet[c]
        counts[profile, 2] += above[c]
        counts[profile, 3] += home[c] & (who[c] == V.NOBODY)
    for column in (0, 2, 3):
        by_profile[:, column] = counts[:, column]
    return unmet, share, above, by_profile


#: The Wlz stage (``Network.wlz``) of a client with a Wlz indication at home.
WLZ_AT_HOME = 2

#: The series of :func:`unmet_need`'s sums per profile, in its column order.
UNMET_SERIES = ("clients_wlz_home", "unmet_hours", "clients_unmet", "arranger_nobody")


@kernel
def client_costs(delivered, domain_tariff, client_profile, n_profiles, n_laws, law, wmo, wlz, mental, zvw, home,
                 budget, budget_pays_carer, plan, beyond_usual, wmo_copay, wlz_copay, zvw_week, informal_rate,
                 fraud_share, admission_week, platform_half, budget_admin):
    """Money per week (EUR), client by client, summed per profile in client order (as the week's series are).

    Provider hours at their domain's tariff, per law of the domain's care; co-payments (Wmo and Wlz when care
    under that law was delivered, the Zvw deductible per week with Zvw mental health care or a hospital stay; a
    budget holder pays the largest one only); an integral budget paying the carer pays the gap hours beyond
    gebruikelijke zorg at ``informal_rate`` and loses ``fraud_share`` of what it pays out; the extra Zvw (admission
    weeks, half the plan platform) and Wmo (budget administration, the other half, the carer's pay and the fraud).
    Returns per profile the provider cost per law (law order) followed by the extra Zvw, extra Wmo, co-payments,
    carer pay and fraud ([profiles, laws + 5], the columns in the order of :data:`MONEY_SERIES`)."""
    n_clients, n_domains = delivered.shape
    money = np.zeros((n_profiles, n_laws + 5))
    by_law, extra = money[:, :n_laws], money[:, n_laws:]
    hours_cost = np.empty(n_domains)
    for c in range(n_clients):
        profile = client_profile[c]
        uses_wmo = uses_wlz = False
        for d in range(n_domains):
            hours_cost[d] = delivered[c, d] * domain_tariff[d]
            by_law[profile, law[c, d]] += hours_cost[d]
            uses_wmo |= (delivered[c, d] > 0) & (law[c, d] == wmo)
            uses_wlz |= (delivered[c, d] > 0) & (law[c, d] == wlz)
        wmo_pay = uses_wmo * wmo_copay
        wlz_pay = uses_wlz * wlz_copay
        zvw_pay = (((delivered[c, mental] > 0) & (law[c, mental] == zvw)) | (not home[c])) * zvw_week
        copay = max(max(wmo_pay, wlz_pay), zvw_pay) if budget[c] else wmo_pay + wlz_pay + zvw_pay
        carer_pay = beyond_usual[c] * (budget[c] & budget_pays_carer[c]) * informal_rate
        fraud = budget[c] * (domain_total(hours_cost) + carer_pay) * fraud_share
        extra[profile, 0] += (not home[c]) * admission_week + plan[c] * platform_half
        extra[profile, 1] += budget[c] * budget_admin + plan[c] * platform_half + carer_pay + fraud
        extra[profile, 2] += copay
        extra[profile, 3] += carer_pay
        extra[profile, 4] += fraud
    return money


#: The series of :func:`client_costs`' money per profile, in its column order: the provider cost per law, then the
#: extra Zvw and Wmo (added to the same series after the provider cost), co-payments, carer pay and fraud.
MONEY_SERIES = COST_SERIES + ("cost_zvw", "cost_wmo", "cost_client", "budget_carer_pay", "budget_fraud")


#: The week's series of :func:`deliver`, in its column order.
DELIVERY_SERIES = MONEY_SERIES + CARE_SERIES + UNMET_SERIES


@kernel
def deliver(admitted_until, base_need, extra_need, arranged, member, domain_role, post_capacity, overhead_last,
            blocked, start_week, week, nursing, support, client_profile, n_profiles, carer_client, carer_active,
            carer_available, carer_coresident, primary_carer, usual_care_waived, carer_regelwerk, client_practical,
            client_presence, client_usual_care, gap_threshold, wlz_stage, who, domain_tariff, n_laws, law, wmo,
            wlz_law, mental, zvw, budget, budget_pays_carer, plan, wmo_copay, wlz_copay, zvw_week, informal_rate,
            fraud_share, admission_week, platform_half, budget_admin):
    """The week's delivery (hours per week, EUR per week) in one call: what professionals deliver
    (:func:`care_delivered`), the gap (need less delivered hours), what carers give (:func:`carers_share`), the
    unmet need (:func:`unmet_need`, ``wlz_stage`` its ``wlz``) and the money (:func:`client_costs`, ``wlz_law`` its
    ``wlz``), in that order, each with the arguments of the same name.

    Returns the posts' bookings, delivered ([N, D]), per carer the practical, presence, usual-care, gap and total
    hours, per client the unmet hours, their share of the need and whether they pass the threshold, and the
    week's sums per profile ([profiles, series], the columns in the order of :data:`DELIVERY_SERIES`: money, care,
    unmet)."""
    home = admitted_until < 0
    booked, delivered, need_total, gap, nursing_support_need, care_by_profile = (
        care_delivered(admitted_until, base_need, extra_need, arranged, member, domain_role, post_capacity,
                       overhead_last, blocked, start_week, week, nursing, support, client_profile, n_profiles))
    practical, presence, usual, filling, care, towards_gap, beyond_usual = carers_share(
        carer_client, home, gap, nursing_support_need, carer_active, carer_available, carer_coresident,
        primary_carer, usual_care_waived, carer_regelwerk, client_practical, client_presence, client_usual_care)
    unmet, share, above, unmet_by_profile = unmet_need(gap, towards_gap, need_total, home, gap_threshold,
                                                       client_profile, n_profiles, wlz_stage, who)
    money = client_costs(delivered, domain_tariff, client_profile, n_profiles, n_laws, law, wmo, wlz_law, mental,
                         zvw, home, budget, budget_pays_carer, plan, beyond_usual, wmo_copay, wlz_copay, zvw_week,
                         informal_rate, fraud_share, admission_week, platform_half, budget_admin)
    n_money, n_care = money.shape[1], care_by_profile.shape[1]
    series = np.empty((n_profiles, n_money + n_care + unmet_by_profile.shape[1]))
    series[:, :n_money] = money
    series[:, n_money:n_money + n_care] = care_by_profile
    series[:, n_money + n_care:] = unmet_by_profile
    return booked, delivered, practical, presence, usual, filling, care, unmet, share, above, series


def delivery(w: "World") -> None:
    """Posts deliver arranged care within capacity; carers fill gaps with their own hours.

    A post's capacity is reduced by last week's coordination and recording
    hours. What neither professionals nor carers cover is unmet need.
    Hours are per week; costs in EUR per week.

    Carers: presence and practical tasks whatever is arranged; then gaps, from the time left after regelwerk and
    practical tasks, shared in proportion to that time; the part of the gap indications left to a co-resident carer
    ('gebruikelijke zorg') counts as usual care, the rest as filling gaps (:func:`carers_share`). Money: provider
    hours to the payer of the client's law (per profile), admissions to Zvw, co-payments (one for a budget holder
    instead of one per law), budget administration, plan platform (:func:`client_costs`).
    """
    net, p, week = w.net, w.params, w.week
    costs, pgb = p.costs, p.policies.integral_pgb
    (w.booked, w.delivered, w.carer_practical, w.carer_presence, w.carer_usual, w.carer_gap, w.carer_care, w.unmet,
     net.unmet_share, w.unmet_client, series) = deliver(
        net.admitted_until, net.base_need, net.extra_need, net.arranged, net.member, w.domain_role, net.post_capacity,
        w.overhead_last, net.blocked, net.start_week, week, V.NURSING, V.SUPPORT, w.client_profile, len(V.PROFILES),
        w.carer_client, net.carer_active, net.carer_available, net.carer_coresident, net.primary_carer,
        net.usual_care_waived, w.carer_regelwerk, w.client_practical, w.client_presence, w.client_usual_care,
        p.arranging.gap_threshold, net.wlz, w.who, w.domain_tariff[0], len(V.LAWS), net.law, V.WMO, V.WLZ, V.MENTAL,
        V.ZVW, net.budget, net.budget_pays_carer, net.plan, costs.wmo_copay, costs.wlz_copay,
        costs.zvw_deductible / 52, pgb.informal_rate, pgb.fraud_share, costs.admission_week,
        p.policies.digital_plan.platform_cost / 2, pgb.admin_cost)
    # w.delivered: [N, D] hours delivered by professionals this week (read by the teaching dashboard)
    w.series.add_many(week, DELIVERY_SERIES, series)
