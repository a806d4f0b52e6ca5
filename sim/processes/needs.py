"""Needs and events (ODD 7.2): needs drift; acute events, admissions, discharges, referrals; carers fall ill.

Draws a fixed number of random numbers per client and carer each week (stream ``needs``), so the draws
do not depend on the policy. Needs are hours per week; rates per year; durations in weeks.

The dense part, every client every week, is compiled (:mod:`sim.processes.compiled`): :func:`drift_exponent` (the
exponent of the needs' drift; numpy takes the exponential, as numba's float32 exponential differs from numpy's in the
last bit), :func:`acute_events` and :func:`referred` (who has an acute event, who is referred). They round where
numpy's array arithmetic does (the drift exponent and the unmet-share factor in float32), so they give numpy's
whole-array results to the last bit. The fading of extra need and harm hazard stays two in-place numpy products (as
fast as a loop); the events that follow are few and stay numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.compiled import kernel
from sim.processes.population import replacement_weeks
from sim.processes.posts import add_member

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D = len(V.DOMAINS)


@kernel
def drift_exponent(z, growth, sd, half_variance):
    """The exponent of each client's weekly need drift per domain (float32 [N, D]): ``sd`` times the normal draw
    ``z``, less ``half_variance`` (sd²/2, so the drift has mean one), plus the profile's growth per year over 52
    weeks."""
    n_clients, n_domains = z.shape
    exponent = np.empty((n_clients, n_domains), np.float32)
    sd32, half_variance32, weeks = np.float32(sd), np.float32(half_variance), np.float32(52.0)
    for c in range(n_clients):
        weekly_growth = growth[c] / weeks
        for d in range(n_domains):
            exponent[c, d] = sd32 * z[c, d] - half_variance32 + weekly_growth
    return exponent


@kernel
def acute_events(admitted_until, u, acute_per_year, unmet_share, unmet_hazard, harm_hazard):
    """The clients at home with an acute event this week: their draw ``u`` is below the weekly chance, the profile's
    events per year over 52 times 1 + ``unmet_hazard`` x unmet share (float32), plus the harm hazard (probability
    per week)."""
    unmet_hazard32 = np.float32(unmet_hazard)
    acute = np.empty(admitted_until.size, np.intp)
    n_acute = 0
    for c in range(admitted_until.size):
        chance = acute_per_year[c] / 52 * (np.float32(1.0) + unmet_hazard32 * unmet_share[c]) + harm_hazard[c]
        if admitted_until[c] < 0 and u[c] < chance:
            acute[n_acute] = c
            n_acute += 1
    return acute[:n_acute]


@kernel
def referred(admitted_until, u, referrals_per_year):
    """The clients at home referred this week: their draw ``u`` is below the profile's referrals per year over 52."""
    refer = np.empty(admitted_until.size, np.intp)
    n_refer = 0
    for c in range(admitted_until.size):
        if admitted_until[c] < 0 and u[c] < referrals_per_year[c] / 52:
            refer[n_refer] = c
            n_refer += 1
    return refer[:n_refer]


def needs_and_events(w: "World") -> None:
    """Needs drift; acute events, admissions, discharges, referrals; carers fall ill.

    Draws a fixed number of random numbers per client and carer each week
    (stream ``needs``), so the draws do not depend on the policy.
    """
    net, p, rng, week = w.net, w.params, w.streams.needs, w.week
    N = net.n_clients
    z = rng.standard_normal((N, D), dtype=np.float32)
    u = rng.random((N, 7), dtype=np.float32)
    sd = p.needs.drift_sd
    drift = drift_exponent(z, w.client_growth, sd, sd * sd / 2)
    net.base_need *= np.exp(drift, out=drift)
    net.extra_need *= np.float32(np.exp(-1.0 / p.needs.recovery_weeks))
    net.harm_hazard *= np.float32(np.exp(-1.0 / p.needs.harm_hazard_weeks))

    # discharges
    discharged = np.flatnonzero(net.admitted_until == week)
    if discharged.size:
        net.admitted_until[discharged] = -1
        net.extra_need[discharged, V.NURSING] += p.needs.post_discharge_nursing
        rehab = discharged[u[discharged, 5] < p.needs.rehab_share]
        add_member(w, rehab, V.PHYSIOTHERAPIST, w.streams.matching)
        net.physio_until[rehab] = week + int(p.needs.recovery_weeks)
        w.transitions.add(w, V.DISCHARGE, discharged, day=u[discharged, 6] * 7)
        back = discharged[net.coordinator[discharged] >= 0]  # regie comes back to the regiebehandelaar
        w.log.record("regie_passed", back, detail=V.REGIE_PASSES.index("back"),
                     actor=net.member[back, V.SPECIALIST], target=net.coordinator[back])

    # acute events at home
    acute = acute_events(net.admitted_until, u[:, 0], w.client_acute, net.unmet_share, p.needs.unmet_hazard,
                         net.harm_hazard)
    if acute.size:
        kinds = acute_kind(w, acute, u[acute, 1])
        w.log.record("acute_event", acute, detail=kinds, day=u[acute, 6] * 7)
        is_admitted = u[acute, 2] < w.client_admission_share[acute]
        admit = acute[is_admitted]
        weeks = np.maximum(1, np.round(-np.log(np.maximum(u[admit, 3], 1e-12)) * w.client_admission_weeks[admit]))
        admit_clients(w, admit, weeks.astype(np.int32), u[admit, 6] * 7)
        net.extra_need[acute[~is_admitted], V.NURSING] += p.needs.post_discharge_nursing / 2

    # referrals while at home: to a specialist (outpatient) or, if one is involved, a physiotherapist
    refer = referred(net.admitted_until, u[:, 4], w.client_referrals)  # not admitted this week
    if refer.size:
        to_specialist = net.specialist_until[refer] < week
        refer_clients(w, refer[to_specialist], V.SPECIALIST, u[refer[to_specialist], 6] * 7)
        refer_clients(w, refer[~to_specialist], V.PHYSIOTHERAPIST, u[refer[~to_specialist], 6] * 7)

    # carers falling ill themselves (Berends)
    uc = rng.random(net.n_carers, dtype=np.float32)
    ill = np.flatnonzero(net.carer_active & (uc < p.needs.carer_illness_per_year / 52))
    carer_drops_out(w, ill)


def admit_clients(w: "World", clients: np.ndarray, weeks: np.ndarray, day) -> None:
    """Admit clients for ``weeks`` weeks: a specialist joins their network and an admission transition follows."""
    net = w.net
    net.admitted_until[clients] = w.week + weeks
    add_member(w, clients, V.SPECIALIST, w.streams.matching)
    net.specialist_until[clients] = net.admitted_until[clients] + int(w.params.needs.recovery_weeks)
    w.transitions.add(w, V.ADMISSION, clients, day=day)
    led = clients[net.coordinator[clients] >= 0]  # regie passes to the specialist for the episode
    w.log.record("regie_passed", led, detail=V.REGIE_PASSES.index("to_specialist"), actor=net.coordinator[led],
                 target=net.member[led, V.SPECIALIST])


def refer_clients(w: "World", clients: np.ndarray, role: int, day) -> None:
    """Refer clients at home to a (new) professional of ``role``, involved for the recovery period."""
    net = w.net
    add_member(w, clients, role, w.streams.matching)
    until = w.week + int(w.params.needs.recovery_weeks)
    if role == V.SPECIALIST:
        net.specialist_until[clients] = until
    elif role == V.PHYSIOTHERAPIST:
        net.physio_until[clients] = until
    w.transitions.add(w, V.REFERRAL, clients, net.member[clients, role], day=day)


def carer_drops_out(w: "World", carers: np.ndarray) -> None:
    """Carers stop caring. A primary carer's dropout is a transition; another carer takes over if any. In an open
    population someone may replace the carer after some weeks (:func:`sim.processes.population.replacement_weeks`)."""
    net = w.net
    carers = carers[net.carer_active[carers]]
    if carers.size == 0:
        return
    net.carer_active[carers] = False
    wait = replacement_weeks(w, w.carer_replace_u[carers])  # another member of the family or circle, or nobody
    net.carer_return_week[carers] = np.where(wait >= 0, w.week + wait, -1)
    clients = net.carer_client[carers]
    primary = carers[net.primary_carer[clients] == carers]
    pclients = net.carer_client[primary]
    net.primary_carer[pclients] = -1
    for client in pclients:  # sparse: the active secondary carer with the most hours steps up
        others = w.carer_order[w.carer_start[client]:w.carer_start[client + 1]]
        others = others[net.carer_active[others]]
        if others.size:
            net.primary_carer[client] = others[np.argmax(net.carer_available[others])]
    w.transitions.add(w, V.CARER_DROPOUT, pclients, actor=primary)
    lost = pclients[net.primary_carer[pclients] < 0]
    net.proxy[lost] = False
    net.budget[lost[net.budget_by_carer[lost]]] = False
    net.budget_pays_carer[lost] = False



def acute_kind(w: "World", clients: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Label acute events with a kind typical of the client's profile (``u``: one uniform draw per client)."""
    kinds = np.zeros(clients.size, np.int16)
    for prof, options in enumerate(V.PROFILE_ACUTE):
        sel = w.net.profile[clients] == prof
        kinds[sel] = np.asarray(options)[np.minimum((u[sel] * len(options)).astype(int), len(options) - 1)]
    return kinds
