"""The compiled dense processes against simple references (issue 13): delivery's money, needs drift and chance events.

The dense processes, run over every client and carer every week, are loops compiled with numba (:mod:`sim.processes.
compiled`): delivery (:func:`~sim.processes.delivery.post_bookings`, :func:`~sim.processes.delivery.care_delivered`,
:func:`~sim.processes.delivery.carers_share`, :func:`~sim.processes.delivery.client_costs`), strain
(:func:`~sim.processes.strain.strain_week`, :func:`~sim.processes.strain.overload_noticed`) and the dense part of
needs (:func:`~sim.processes.needs.needs_drift`, :func:`~sim.processes.needs.chance_events`).
``test_reference_paths.py`` already checks the bookings, what each carer gives,
the unmet need and strain against plain loops. Here, in the same style (one client at a time, written from the
docstrings and ODD 7.2 and 7.4, deliberately simple), the rest: the sum over a client's domains, what professionals
deliver per client and domain with the week's totals, the money of the week, and the needs' drift and fading with
the clients who have an acute event or are referred.

The world is ``test_reference_paths``' filled network (every case occurs; asserted in each test). Draws: the
reference takes the same draws from a copy of the process's stream.

Tolerances: hours and money (float64 in both, summed in another order) to a relative 1e-9; float32 state (needs,
harm hazard) to a relative 1e-6, as there; who has an event, exactly (the reference computes the chance in the
same float32 steps as the process). That the kernels give numpy's whole-array results to the last bit is checked by
``tests/functional/test_baseline.py``. Under a second.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from test_reference_paths import HOURS, NET, SINGLE, delivery_reference
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.observe import COST_SERIES, SERIES_INDEX
from sim.processes.delivery import delivery, domain_total
from sim.processes.needs import needs_and_events

D = len(V.DOMAINS)


# --------------------------------------------------------------------------- the sum over domains


def test_domain_total_adds_every_domain():
    """Each of the domains counts once: against a correctly rounded sum (hours from 0 to 100, or 0)."""
    rng = np.random.default_rng(8)
    hours = rng.choice([0.0, 1e-3, 1.0, 100.0], (200, D)) * rng.random((200, D))
    for row in hours:
        assert domain_total(row) == pytest.approx(math.fsum(row), rel=1e-15, abs=0)
    for d in range(D):  # one domain alone, of either precision
        one = np.zeros(D, np.float32)
        one[d] = 2.5
        assert domain_total(one) == 2.5


# --------------------------------------------------------------------------- delivery: care and money


def delivery_world():
    """The filled network with last week's overhead and this week's regelwerk, as in the delivery reference."""
    w = make_world(NET)
    rng = np.random.default_rng(1)
    w.overhead_last[:] = rng.choice([0.0, 1.0, 5.0], w.net.n_posts)
    w.carer_regelwerk[:] = rng.choice([0.0, 0.5, 3.0, 40.0], w.net.n_carers)
    return w


def delivered_reference(w) -> list[list[float]]:
    """Hours each post delivers to each client and domain (ODD 7.4): the arranged hours times min(1, capacity over
    bookings) if the client is at home, a post of the domain's role exists and the care is active (not blocked,
    started), at most the need."""
    net = w.net
    booked = [0.0] * net.n_posts
    for c in range(net.n_clients):
        for d in range(D):
            post = net.member[c, V.DOMAIN_ROLE[d]]
            if net.admitted_until[c] < 0 and post >= 0:
                booked[post] += float(net.arranged[c, d])
    out = []
    for c in range(net.n_clients):
        row = []
        for d in range(D):
            post = net.member[c, V.DOMAIN_ROLE[d]]
            hours = 0.0
            if net.admitted_until[c] < 0 and post >= 0 and not net.blocked[c, d] and net.start_week[c, d] <= w.week:
                capacity = max(float(net.post_capacity[post]) - w.overhead_last[post], 0.0)
                hours = min(float(net.arranged[c, d]) * min(1.0, capacity / max(booked[post], 1e-9)),
                            float(net.need[c, d]))
            row.append(hours)
        out.append(row)
    return out


def money_reference(w, delivered, carer_gap) -> dict:
    """Money of the week per client (ODD 7.4, EUR per week): provider hours at the tariff of the domain's role to
    the payer of the domain's law; co-payments (Wmo, Wlz, the Zvw deductible per week for Zvw mental health care or
    a hospital stay; a budget holder pays only the largest); an integral budget paying the carer pays the carers'
    gap hours and loses a share of what it pays out; admissions to Zvw; budget administration to Wmo; the plan
    platform half to each."""
    net, p = w.net, w.params
    costs, pgb, platform = p.costs, p.policies.integral_pgb, p.policies.digital_plan.platform_cost
    tariff = [getattr(p.workforce.roles, V.ROLES[V.DOMAIN_ROLE[d]]).tariff for d in range(D)]
    out = {"payer": np.zeros((len(V.PROFILES), len(V.LAWS))), "copay": [], "carer_pay": [], "fraud": [],
           "zvw": [], "wmo": []}
    for c in range(net.n_clients):
        home = net.admitted_until[c] < 0
        spent = 0.0
        for d in range(D):
            out["payer"][net.profile[c], net.law[c, d]] += delivered[c][d] * tariff[d]
            spent += delivered[c][d] * tariff[d]
        uses = [delivered[c][d] > 0 for d in range(D)]
        wmo = costs.wmo_copay if any(u and net.law[c, d] == V.WMO for d, u in enumerate(uses)) else 0.0
        wlz = costs.wlz_copay if any(u and net.law[c, d] == V.WLZ for d, u in enumerate(uses)) else 0.0
        zvw = costs.zvw_deductible / 52 if (uses[V.MENTAL] and net.law[c, V.MENTAL] == V.ZVW) or not home else 0.0
        out["copay"].append(max(wmo, wlz, zvw) if net.budget[c] else wmo + wlz + zvw)
        gap_hours = sum(carer_gap[k] for k in range(net.n_carers) if net.carer_client[k] == c)
        pays_carer = net.budget[c] and net.budget_pays_carer[c]
        carer_pay = gap_hours * pgb.informal_rate if pays_carer else 0.0
        fraud = (spent + carer_pay) * pgb.fraud_share if net.budget[c] else 0.0
        out["carer_pay"].append(carer_pay)
        out["fraud"].append(fraud)
        out["zvw"].append((0.0 if home else costs.admission_week) + (platform / 2 if net.plan[c] else 0.0))
        out["wmo"].append((pgb.admin_cost if net.budget[c] else 0.0) + (platform / 2 if net.plan[c] else 0.0)
                          + carer_pay + fraud)
    return out


def by_profile(w, values) -> np.ndarray:
    """Per-client values summed per profile."""
    return np.bincount(w.net.profile, weights=np.asarray(values, float), minlength=len(V.PROFILES))


def week_series(w, name: str) -> np.ndarray:
    """The per-profile values of one series in the week just run."""
    return w.series.data[w.week - 1, :, SERIES_INDEX[name]]


def test_delivered_care_and_the_weeks_hours_match_the_client_by_client_reference():
    """What professionals deliver per client and domain, and the week's need, arranged, delivered and unmet hours
    and clients at home and admitted per profile (need and arranged hours of clients at home only)."""
    w = delivery_world()
    net = w.net
    delivered = delivered_reference(w)
    home = [net.admitted_until[c] < 0 for c in range(net.n_clients)]
    need = [sum(float(net.need[c, d]) for d in range(D)) if home[c] else 0.0 for c in range(net.n_clients)]
    arranged = [sum(float(net.arranged[c, d]) for d in range(D)) if home[c] else 0.0 for c in range(net.n_clients)]
    unmet = delivery_reference(w)["unmet"]
    run_week(w, delivery)
    assert w.delivered == pytest.approx(np.array(delivered), rel=HOURS)
    for name, values in (("need_hours", need), ("arranged_hours", arranged), ("delivered_hours", map(sum, delivered)),
                         ("unmet_hours", unmet), ("clients_home", home),
                         ("clients_admitted", [not at_home for at_home in home])):
        assert week_series(w, name) == pytest.approx(by_profile(w, list(values)), rel=HOURS), name
    flat = np.array(delivered)
    assert (flat > 0).any() and ((flat > 0) & (flat < net.arranged)).any()  # some care scaled down or capped


def test_the_weeks_money_matches_the_client_by_client_reference():
    """Payers per profile and law (with the extra Zvw and Wmo cost), co-payments, the integral budget's carer pay
    and fraud, summed per profile as the series record them."""
    w = make_world(NET, policies__integral_pgb__fraud_share=0.1)
    rng = np.random.default_rng(1)
    w.overhead_last[:] = rng.choice([0.0, 1.0, 5.0], w.net.n_posts)
    w.carer_regelwerk[:] = rng.choice([0.0, 0.5, 3.0, 40.0], w.net.n_carers)
    delivered = delivered_reference(w)
    run_week(w, delivery)
    # the carers' gap hours as delivery shared them (against a reference in test_reference_paths, to float32
    # precision): the money is checked on its own, to float64 precision
    expected = money_reference(w, delivered, w.carer_gap)
    payer = expected["payer"].copy()  # the payers' series also carry the extra Zvw and Wmo cost
    payer[:, V.ZVW] += by_profile(w, expected["zvw"])
    payer[:, V.WMO] += by_profile(w, expected["wmo"])
    for law, name in enumerate(COST_SERIES):
        assert week_series(w, name) == pytest.approx(payer[:, law], rel=HOURS), name
    for name, key in (("cost_client", "copay"), ("budget_carer_pay", "carer_pay"), ("budget_fraud", "fraud")):
        assert week_series(w, name) == pytest.approx(by_profile(w, expected[key]), rel=HOURS), name
    net = w.net
    assert all(np.array(expected[key]).any() for key in ("carer_pay", "fraud", "copay"))
    budget = np.flatnonzero(net.budget)
    assert (np.array(expected["copay"])[budget] > 0).any() and (net.admitted_until >= 0).any() and net.plan.any()


# --------------------------------------------------------------------------- needs and events: the dense part


def needs_world():
    """The filled network in week 3 (its admitted clients go home), with extra need in every domain, a harm
    hazard, and chances of an acute event and a referral high enough that both happen often."""
    net = NET.copy()
    rng = np.random.default_rng(9)
    net.extra_need[:] = rng.choice([0.0, 0.5, 3.0], (net.n_clients, D)).astype(np.float32)
    net.harm_hazard[:] = rng.choice([0.0, 0.05, 0.3], net.n_clients).astype(np.float32)
    w = make_world(net, needs__unmet_hazard=2.0)
    w.client_acute = rng.choice([0.0, 10.0, 40.0], net.n_clients)  # per year
    w.client_admission_share = rng.choice([0.0, 0.5, 1.0], net.n_clients)
    w.client_referrals = rng.choice([0.0, 10.0, 30.0], net.n_clients)
    w.week = 3
    return w


def needs_reference(w, z: np.ndarray, u: np.ndarray) -> dict:
    """Needs and events client by client (ODD 7.2), with the process's draws ``z`` (normal, clients x domains) and
    ``u`` (uniform, clients x 7): needs drift by exp(sd z - sd²/2 + growth/52) and extra need and harm hazard fade
    (float32); clients whose admission ends go home with extra nursing need; a client at home has an acute event
    when u0 < acute/52 (1 + unmet_hazard unmet_share) + harm hazard, and is admitted when u2 < the admission share,
    else gets half the post-discharge nursing as extra need; a client still at home is referred when u4 <
    referrals/52."""
    net, pn = w.net, w.params.needs
    f32 = np.float32
    sd = pn.drift_sd
    extra_fade, harm_fade = f32(np.exp(-1.0 / pn.recovery_weeks)), f32(np.exp(-1.0 / pn.harm_hazard_weeks))
    out = {"base_need": net.base_need.copy(), "extra_need": net.extra_need.copy(), "harm": net.harm_hazard.copy(),
           "acute": [], "admitted": [], "referred": [], "discharged": []}
    for c in range(net.n_clients):
        for d in range(D):
            exponent = f32(sd) * z[c, d] - f32(sd * sd / 2) + w.client_growth[c] / f32(52)
            out["base_need"][c, d] = net.base_need[c, d] * np.exp(exponent)
            out["extra_need"][c, d] = net.extra_need[c, d] * extra_fade
        out["harm"][c] = net.harm_hazard[c] * harm_fade
    for c in range(net.n_clients):
        at_home = net.admitted_until[c] < 0
        if net.admitted_until[c] == w.week:
            out["discharged"].append(c)
            out["extra_need"][c, V.NURSING] += pn.post_discharge_nursing
            at_home = True
        chance = w.client_acute[c] / 52 * (f32(1) + f32(pn.unmet_hazard) * net.unmet_share[c]) + out["harm"][c]
        if at_home and u[c, 0] < chance:
            out["acute"].append(c)
            if u[c, 2] < w.client_admission_share[c]:
                out["admitted"].append(c)
                at_home = False
            else:
                out["extra_need"][c, V.NURSING] += pn.post_discharge_nursing / 2
        if at_home and u[c, 4] < w.client_referrals[c] / 52:
            out["referred"].append(c)
    return out


def test_needs_drift_and_chance_events_match_the_client_by_client_reference():
    w = needs_world()
    stream = copy.deepcopy(w.streams.needs)  # the process's draws, in its order
    z = stream.standard_normal((w.net.n_clients, D), dtype=np.float32)
    u = stream.random((w.net.n_clients, 7), dtype=np.float32)
    expected = needs_reference(w, z, u)
    run_week(w, needs_and_events)
    net = w.net
    assert net.base_need == pytest.approx(expected["base_need"], rel=SINGLE)
    assert net.extra_need == pytest.approx(expected["extra_need"], rel=SINGLE)
    assert net.harm_hazard == pytest.approx(expected["harm"], rel=SINGLE)
    assert events(w, "acute_event")["client"].tolist() == expected["acute"]
    clients, kinds, _, _ = w.transitions.pending()
    for kind, key in ((V.DISCHARGE, "discharged"), (V.ADMISSION, "admitted"), (V.REFERRAL, "referred")):
        assert sorted(clients[kinds == kind].tolist()) == expected[key], key
    admitted_acute = set(expected["admitted"])
    assert expected["discharged"] and expected["referred"] and admitted_acute
    assert set(expected["acute"]) - admitted_acute  # acute events with and without admission
    assert (net.base_need != NET.base_need).any()
