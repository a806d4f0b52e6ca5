"""Needs and events (ODD 7.2): needs drift; acute events, admissions, discharges, referrals; carers fall ill.

Draws a fixed number of random numbers per client and carer each week (stream ``needs``), so the draws
do not depend on the policy. Needs are hours per week; rates per year; durations in weeks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.population import replacement_weeks
from sim.processes.posts import add_member

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D = len(V.DOMAINS)


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
    net.base_need *= np.exp(sd * z - sd * sd / 2 + w.client_growth[:, None] / 52)
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
    home = net.admitted_until < 0
    hazard = w.client_acute / 52 * (1 + p.needs.unmet_hazard * net.unmet_share) + net.harm_hazard
    acute = np.flatnonzero(home & (u[:, 0] < hazard))
    if acute.size:
        kinds = acute_kind(w, acute, u[acute, 1])
        w.log.record("acute_event", acute, detail=kinds, day=u[acute, 6] * 7)
        is_admitted = u[acute, 2] < w.client_admission_share[acute]
        admit = acute[is_admitted]
        weeks = np.maximum(1, np.round(-np.log(np.maximum(u[admit, 3], 1e-12)) * w.client_admission_weeks[admit]))
        admit_clients(w, admit, weeks.astype(np.int32), u[admit, 6] * 7)
        net.extra_need[acute[~is_admitted], V.NURSING] += p.needs.post_discharge_nursing / 2

    # referrals while at home: to a specialist (outpatient) or, if one is involved, a physiotherapist
    refer = np.flatnonzero((net.admitted_until < 0) & (u[:, 4] < w.client_referrals / 52))  # not admitted this week
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
