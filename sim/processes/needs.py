"""Needs and events (ODD 7.2): needs drift; acute events, admissions, discharges, referrals; carers fall ill.

Draws a fixed number of random numbers per client and carer each week (stream ``needs``), so the draws
do not depend on the policy. Needs are hours per week; rates per year; durations in weeks.

The passes over every client are compiled (:mod:`sim.compiled`): :func:`needs_drift` (the exponent of the
needs' drift, and the fading of extra need and harm hazard; numpy takes the exponential, as numba's float32
exponential differs from numpy's in the last bit) and :func:`chance_events` (who is discharged, has an acute event
of which kind, is admitted, is referred). They round where numpy's array arithmetic does (the drift exponent and the
unmet-share factor in float32), so they give numpy's whole-array results to the last bit. What follows the events
(new members of the network, transitions, the event log) concerns few clients and stays numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel
from sim.processes.population import replacement_weeks
from sim.processes.posts import add_member

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D = len(V.DOMAINS)

#: The kinds of acute event typical of each profile (``V.PROFILE_ACUTE``) as a table: ``ACUTE_OPTIONS[p, :n]`` are
#: profile p's kinds (codes of ``V.ACUTE_KINDS``), n = ``ACUTE_OPTION_COUNT[p]``.
ACUTE_OPTION_COUNT = np.array([len(options) for options in V.PROFILE_ACUTE], np.int64)
ACUTE_OPTIONS = np.array([options + (0,) * (ACUTE_OPTION_COUNT.max() - len(options)) for options in V.PROFILE_ACUTE],
                         np.int16)


@kernel
def needs_drift(z, growth, sd, half_variance, extra_need, extra_fade, harm_hazard, harm_fade):
    """The exponent of each client's weekly need drift per domain, in place of the normal draws ``z`` (float32
    [N, D]): ``sd`` times the draw, less ``half_variance`` (sd²/2, so the drift has mean one), plus the profile's
    growth per year over 52 weeks. Fades, in place, the extra need (hours per week) by ``extra_fade`` and the harm
    hazard (probability per week) by ``harm_fade`` (both float32, as the arrays)."""
    n_clients, n_domains = z.shape
    sd32, half_variance32, weeks = np.float32(sd), np.float32(half_variance), np.float32(52.0)
    for c in range(n_clients):
        weekly_growth = growth[c] / weeks
        for d in range(n_domains):
            z[c, d] = sd32 * z[c, d] - half_variance32 + weekly_growth
    for c in range(n_clients):  # loops of one array each, which the compiler vectorises
        for d in range(n_domains):
            extra_need[c, d] *= extra_fade
    for c in range(n_clients):
        harm_hazard[c] *= harm_fade


@kernel
def chance_events(week, u, admitted_until, acute_per_year, unmet_share, unmet_hazard, harm_hazard, admission_share,
                  referrals_per_year, specialist_until, profile, acute_options, acute_option_count):
    """This week's chance events, client by client, with the week's uniform draws ``u`` (clients x 7):

    - discharged: admitted clients whose admission ends this ``week`` (a model week); they are at home again
      (``admitted_until`` set to -1 in place);
    - acute: clients at home with an acute event: ``u[:, 0]`` below the weekly chance, the profile's events per year
      over 52 times 1 + ``unmet_hazard`` x unmet share (float32), plus the harm hazard (probability per week); its
      kind one of the profile's ``acute_options`` (``u[:, 1]`` times their count, in float32); admitted: whether the
      event is an admission (``u[:, 2]`` below the profile's admission share);
    - referred: clients at home and not admitted this week whose ``u[:, 4]`` is below the profile's referrals per
      year over 52; to_specialist: whether to a specialist (none involved: ``specialist_until`` before ``week``) or
      else to a physiotherapist.

    Returns (discharged, acute, kind, admitted, referred, to_specialist); clients in order."""
    n_clients = admitted_until.size
    unmet_hazard32 = np.float32(unmet_hazard)
    discharged = np.empty(n_clients, np.intp)
    acute = np.empty(n_clients, np.intp)
    kind = np.empty(n_clients, np.int16)
    admitted = np.empty(n_clients, np.bool_)
    referred = np.empty(n_clients, np.intp)
    to_specialist = np.empty(n_clients, np.bool_)
    n_discharged = n_acute = n_referred = 0
    for c in range(n_clients):
        if admitted_until[c] == week:
            admitted_until[c] = -1
            discharged[n_discharged] = c
            n_discharged += 1
        if admitted_until[c] >= 0:
            continue
        chance = acute_per_year[c] / 52 * (np.float32(1.0) + unmet_hazard32 * unmet_share[c]) + harm_hazard[c]
        admit = False
        if u[c, 0] < chance:
            n_options = acute_option_count[profile[c]]
            pick = min(int(u[c, 1] * np.float32(n_options)), n_options - 1)
            admit = u[c, 2] < admission_share[c]
            acute[n_acute] = c
            kind[n_acute] = acute_options[profile[c], pick]
            admitted[n_acute] = admit
            n_acute += 1
        if not admit and u[c, 4] < referrals_per_year[c] / 52:
            referred[n_referred] = c
            to_specialist[n_referred] = specialist_until[c] < week
            n_referred += 1
    return (discharged[:n_discharged], acute[:n_acute], kind[:n_acute], admitted[:n_acute], referred[:n_referred],
            to_specialist[:n_referred])


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
    needs_drift(z, w.client_growth, sd, sd * sd / 2, net.extra_need, np.float32(np.exp(-1.0 / p.needs.recovery_weeks)),
                net.harm_hazard, np.float32(np.exp(-1.0 / p.needs.harm_hazard_weeks)))  # z: the drift's exponent
    net.base_need *= np.exp(z, out=z)
    discharged, acute, kinds, is_admitted, refer, to_specialist = chance_events(
        week, u, net.admitted_until, w.client_acute, net.unmet_share, p.needs.unmet_hazard, net.harm_hazard,
        w.client_admission_share, w.client_referrals, net.specialist_until, net.profile, ACUTE_OPTIONS,
        ACUTE_OPTION_COUNT)

    # discharges (at home again)
    if discharged.size:
        net.extra_need[discharged, V.NURSING] += p.needs.post_discharge_nursing
        rehab = discharged[u[discharged, 5] < p.needs.rehab_share]
        add_member(w, rehab, V.PHYSIOTHERAPIST, w.streams.matching)
        net.physio_until[rehab] = week + int(p.needs.recovery_weeks)
        w.transitions.add(w, V.DISCHARGE, discharged, day=u[discharged, 6] * 7)
        back = discharged[net.coordinator[discharged] >= 0]  # regie comes back to the regiebehandelaar
        w.log.record("regie_passed", back, detail=V.REGIE_PASSES.index("back"),
                     actor=net.member[back, V.SPECIALIST], target=net.coordinator[back])

    # acute events at home
    if acute.size:
        w.log.record("acute_event", acute, detail=kinds, day=u[acute, 6] * 7)
        admit = acute[is_admitted]
        weeks = np.maximum(1, np.round(-np.log(np.maximum(u[admit, 3], 1e-12)) * w.client_admission_weeks[admit]))
        admit_clients(w, admit, weeks.astype(np.int32), u[admit, 6] * 7)
        net.extra_need[acute[~is_admitted], V.NURSING] += p.needs.post_discharge_nursing / 2

    # referrals while at home (not admitted this week): to a specialist (outpatient) or, if one is involved, a
    # physiotherapist
    if refer.size:
        refer_clients(w, refer[to_specialist], V.SPECIALIST, u[refer[to_specialist], 6] * 7)
        refer_clients(w, refer[~to_specialist], V.PHYSIOTHERAPIST, u[refer[~to_specialist], 6] * 7)

    # carers falling ill themselves (Berends)
    uc = rng.random(net.n_carers, dtype=np.float32)
    ill = np.flatnonzero(net.carer_active & (uc < p.needs.carer_illness_per_year / 52))
    carer_drops_out(w, ill)


def admit_clients(w: "World", clients: np.ndarray, weeks: np.ndarray, day) -> None:
    """Admit clients for ``weeks`` weeks: a specialist joins their network and an admission transition follows."""
    if clients.size == 0:  # most weeks' acute events admit nobody
        return
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
    if clients.size == 0:  # most weeks' few referrals go to one of the two roles only
        return
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
    if primary.size == 0:  # only secondary carers dropped out: no transition, nobody steps up
        return
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
