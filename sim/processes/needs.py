"""Needs and events (ODD 7.2): needs drift; acute events, admissions, discharges, referrals; carers fall ill.

Draws a fixed number of random numbers per client and carer each week (stream ``needs``), so the draws
do not depend on the policy. Needs are hours per week; rates per year; durations in weeks.

The passes over every client are compiled (:mod:`sim.compiled`): :func:`needs_drift` (the exponent of the needs'
drift; numpy takes the exponential, as numba's float32 exponential differs from numpy's in the last bit) and
:func:`chance_events` (the drift applied, the extra need and harm hazard faded, then who is discharged, has an acute
event of which kind, is admitted, is referred). They round where numpy's array arithmetic does (the drift exponent
and the unmet-share factor in float32), so they give numpy's whole-array results to the last bit. What follows the
events concerns few clients: one compiled pass over them (:func:`_follow_up`: extra need, rehabilitation, the
referrals' ends, the days of the week, and the clients who join a professional), and one over the carers who fall
ill and drop out (:func:`_drop_out`); the new members of the networks are drawn in one call
(:func:`sim.processes.posts.add_members`), the admissions' lengths take numpy's logarithm (then a compiled loop,
:func:`_admission_weeks`), and the transitions and the event log are the world's (the referrals to both roles one
call).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel
from sim.processes.population import replacement_weeks
from sim.processes.posts import add_member, add_members

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D = len(V.DOMAINS)

#: The kinds of acute event typical of each profile (``V.PROFILE_ACUTE``) as a table: ``ACUTE_OPTIONS[p, :n]`` are
#: profile p's kinds (codes of ``V.ACUTE_KINDS``), n = ``ACUTE_OPTION_COUNT[p]``.
ACUTE_OPTION_COUNT = np.array([len(options) for options in V.PROFILE_ACUTE], np.int64)
ACUTE_OPTIONS = np.array([options + (0,) * (ACUTE_OPTION_COUNT.max() - len(options)) for options in V.PROFILE_ACUTE],
                         np.int16)


@kernel
def needs_drift(z, growth, sd, half_variance):
    """The exponent of each client's weekly need drift per domain, in place of the normal draws ``z`` (float32
    [N, D]): ``sd`` times the draw, less ``half_variance`` (sd²/2, so the drift has mean one), plus the profile's
    growth per year (``growth``, float32) over 52 weeks."""
    sd32, half_variance32, weeks = np.float32(sd), np.float32(half_variance), np.float32(52.0)
    for c in range(z.shape[0]):
        weekly_growth = growth[c] / weeks
        for d in range(z.shape[1]):
            z[c, d] = sd32 * z[c, d] - half_variance32 + weekly_growth


@kernel
def chance_events(week, u, drift, base_need, extra_need, extra_fade, harm_hazard, harm_fade, admitted_until,
                  acute_per_year, unmet_share, unmet_hazard, admission_share, referrals_per_year, specialist_until,
                  profile, acute_options, acute_option_count):
    """This week's needs and chance events, client by client, with the week's uniform draws ``u`` (clients x 7).

    First, in place, the needs drift and fade: the base need (hours per week) times the ``drift`` (float32
    [N, D], the exponential of :func:`needs_drift`), the extra need by ``extra_fade`` and the harm hazard
    (probability per week) by ``harm_fade`` (both float32, as the arrays). Then the events:

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
    base, extra, factor = base_need.reshape(-1), extra_need.reshape(-1), drift.reshape(-1)  # flat: [N x D]
    for i in range(base.size):  # loops of one array each over its entries, which the compiler vectorises
        base[i] *= factor[i]
    for i in range(extra.size):
        extra[i] *= extra_fade
    for c in range(n_clients):
        harm_hazard[c] *= harm_fade
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
    needs_drift(z, w.client_growth, sd, sd * sd / 2)  # z: the drift's exponent
    discharged, acute, kinds, is_admitted, refer, to_specialist = chance_events(
        week, u, np.exp(z, out=z), net.base_need, net.extra_need, np.float32(np.exp(-1.0 / p.needs.recovery_weeks)),
        net.harm_hazard, np.float32(np.exp(-1.0 / p.needs.harm_hazard_weeks)), net.admitted_until, w.client_acute,
        net.unmet_share, p.needs.unmet_hazard, w.client_admission_share, w.client_referrals, net.specialist_until,
        net.profile, ACUTE_OPTIONS, ACUTE_OPTION_COUNT)

    joining, ends, discharge_day, acute_day, admit_u, admit_day, referral_day, back = _follow_up(
        discharged, acute, is_admitted, refer, to_specialist, u, net.extra_need, net.coordinator,
        np.float32(p.needs.post_discharge_nursing), np.float32(p.needs.post_discharge_nursing / 2),
        np.float32(p.needs.rehab_share), net.physio_until, net.specialist_until, week + int(p.needs.recovery_weeks))
    if back.size:  # the specialist who hands regie back (read before this week's specialists join)
        back_actor = net.member[back, V.SPECIALIST]
    # the week's new members, one draw each (stream matching) in order: a physiotherapist for the discharged who
    # rehabilitate, a specialist for the admitted, a specialist or a physiotherapist for the referred
    add_members(w, joining, ends, JOINING_ROLES, w.streams.matching)

    # discharges (at home again)
    if discharged.size:
        w.transitions.add(w, V.DISCHARGE, discharged, day=discharge_day)
        if back.size:  # regie comes back to the regiebehandelaar
            w.log.record("regie_passed", back, detail=V.REGIE_PASSES.index("back"), actor=back_actor,
                         target=net.coordinator[back])

    # acute events at home
    if acute.size:
        w.log.record("acute_event", acute, detail=kinds, day=acute_day)
        admit = joining[ends[0]:ends[1]]
        if admit.size:
            _admission(w, admit, _admission_weeks(admit, np.log(admit_u), w.client_admission_weeks), admit_day)

    # referrals while at home (not admitted this week): to a specialist (outpatient) or, if one is involved, a
    # physiotherapist; one transition each, those to a specialist first
    referred = joining[ends[1]:ends[3]]
    if referred.size:
        w.transitions.add(w, V.REFERRAL, referred, _referral_posts(referred, ends[2] - ends[1], net.member),
                          day=referral_day)

    # carers falling ill themselves (Berends)
    ill = _falling_ill(rng.random(net.n_carers, dtype=np.float32), net.carer_active,
                       np.float32(p.needs.carer_illness_per_year / 52))
    if ill.size:
        carer_drops_out(w, ill)


#: The roles of the week's new members (:func:`_follow_up`'s groups of clients joining): a physiotherapist for the
#: discharged who rehabilitate, a specialist for the admitted, a specialist and a physiotherapist for the referred.
JOINING_ROLES = (V.PHYSIOTHERAPIST, V.SPECIALIST, V.SPECIALIST, V.PHYSIOTHERAPIST)


@kernel
def _follow_up(discharged, acute, is_admitted, referred, to_specialist, u, extra_need, coordinator, after_discharge,
               after_acute, rehab_share, physio_until, specialist_until, recovery_until):
    """What follows the week's chance events (:func:`chance_events`; ``u`` its draws, clients x 7, float32).

    In place: the ``discharged`` get ``after_discharge`` extra nursing need (hours per week, float32), those whose
    ``u[:, 5]`` is below ``rehab_share`` (float32) a physiotherapist until ``recovery_until`` (a model week); the
    ``acute`` not admitted get ``after_acute`` extra nursing need; the referred a specialist (``to_specialist``) or
    a physiotherapist until ``recovery_until``. Returns the clients joining a network (the groups of
    :data:`JOINING_ROLES` after each other: the discharged to rehabilitate, the admitted, the referred to a
    specialist and to a physiotherapist, each in order) and the end of each group, the day of each discharge
    (``u[:, 6]`` times 7, in float32, days into the week), the day of each acute event, the admitted's ``u[:, 3]``
    (the admission's length; at least 1e-12, in float32) and day, the day of each referral (in the order of the
    joining) and the discharged with a regiebehandelaar (``coordinator``), in order."""
    seven = np.float32(7)
    joining = np.empty(discharged.size + acute.size + referred.size, discharged.dtype)
    discharge_day = np.empty(discharged.size, np.float32)
    back = np.empty(discharged.size, discharged.dtype)
    n = n_back = 0
    for i in range(discharged.size):
        c = discharged[i]
        extra_need[c, V.NURSING] += after_discharge
        discharge_day[i] = u[c, 6] * seven
        if u[c, 5] < rehab_share:
            physio_until[c] = recovery_until
            joining[n] = c
            n += 1
        if coordinator[c] >= 0:
            back[n_back] = c
            n_back += 1
    rehab_end = n
    acute_day = np.empty(acute.size, np.float32)
    admit_u = np.empty(acute.size, np.float32)
    admit_day = np.empty(acute.size, np.float32)
    for i in range(acute.size):
        c = acute[i]
        acute_day[i] = u[c, 6] * seven
        if is_admitted[i]:
            admit_u[n - rehab_end] = max(u[c, 3], np.float32(1e-12))
            admit_day[n - rehab_end] = acute_day[i]
            joining[n] = c
            n += 1
        else:
            extra_need[c, V.NURSING] += after_acute
    admit_end = n
    referral_day = np.empty(referred.size, np.float32)
    for i in range(referred.size):  # to a specialist first
        if to_specialist[i]:
            c = referred[i]
            specialist_until[c] = recovery_until
            referral_day[n - admit_end] = u[c, 6] * seven
            joining[n] = c
            n += 1
    specialist_end = n
    for i in range(referred.size):
        if not to_specialist[i]:
            c = referred[i]
            physio_until[c] = recovery_until
            referral_day[n - admit_end] = u[c, 6] * seven
            joining[n] = c
            n += 1
    return (joining[:n], (rehab_end, admit_end, specialist_end, n), discharge_day, acute_day,
            admit_u[:admit_end - rehab_end], admit_day[:admit_end - rehab_end], referral_day, back[:n_back])


@kernel
def _admission_weeks(admitted, log_u, admission_weeks):
    """The length of each admission of ``admitted`` (weeks, int32): minus ``log_u`` (the log of its draw, float32)
    times the client's mean ``admission_weeks``, in float64, rounded half to even, at least one."""
    weeks = np.empty(admitted.size, np.int32)
    for i in range(admitted.size):
        weeks[i] = max(1.0, np.rint(-np.float64(log_u[i]) * admission_weeks[admitted[i]]))
    return weeks


@kernel
def _referral_posts(referred, n_specialist, member):
    """The post each of the ``referred`` is referred to: the specialist for the first ``n_specialist``, the
    physiotherapist for the others (int32)."""
    posts = np.empty(referred.size, np.int32)
    for i in range(referred.size):
        posts[i] = member[referred[i], V.SPECIALIST if i < n_specialist else V.PHYSIOTHERAPIST]
    return posts


@kernel
def _falling_ill(u, carer_active, chance):
    """The active carers who fall ill this week: a draw ``u`` per carer below ``chance`` (per week; float32, as
    the draws), in order."""
    ill = np.empty(u.size, np.int64)
    n = 0
    for k in range(u.size):
        if carer_active[k] and u[k] < chance:
            ill[n] = k
            n += 1
    return ill[:n]


def admit_clients(w: "World", clients: np.ndarray, weeks: np.ndarray, day) -> None:
    """Admit clients for ``weeks`` weeks: a specialist joins their network and an admission transition follows."""
    if clients.size == 0:  # most weeks' acute events admit nobody
        return
    add_member(w, clients, V.SPECIALIST, w.streams.matching)
    _admission(w, clients, weeks, day)


def _admission(w: "World", clients: np.ndarray, weeks: np.ndarray, day) -> None:
    """Clients whose specialist has joined are admitted for ``weeks`` weeks (one number for all, or one per
    client): an admission transition follows, and regie passes to the specialist for those with a
    regiebehandelaar."""
    net = w.net
    led = _admitted(clients, weeks, w.week, int(w.params.needs.recovery_weeks), net.admitted_until,
                    net.specialist_until, net.coordinator)
    w.transitions.add(w, V.ADMISSION, clients, day=day)
    if led.size:  # regie passes to the specialist for the episode
        w.log.record("regie_passed", led, detail=V.REGIE_PASSES.index("to_specialist"), actor=net.coordinator[led],
                     target=net.member[led, V.SPECIALIST])


@kernel
def _admitted(clients, weeks, week, recovery_weeks, admitted_until, specialist_until, coordinator):
    """``clients`` are admitted for ``weeks`` weeks (one number for all, or one per client) from ``week`` (a model
    week), in place: a specialist is involved until ``recovery_weeks`` after the discharge. Returns those with a
    regiebehandelaar (``coordinator``), in order."""
    led = np.empty(clients.size, clients.dtype)
    n_led = 0
    for i in range(clients.size):
        c = clients[i]
        admitted_until[c] = week + weeks[i if weeks.size > 1 else 0]
        specialist_until[c] = admitted_until[c] + recovery_weeks
        if coordinator[c] >= 0:
            led[n_led] = c
            n_led += 1
    return led[:n_led]


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
    wait = replacement_weeks(w, w.carer_replace_u[carers])  # another member of the family or circle, or nobody
    primary, clients = _drop_out(carers, wait, w.week, net.carer_active, net.carer_return_week, net.carer_client,
                                 net.primary_carer, w.carer_start, w.carer_order, net.carer_available, net.proxy,
                                 net.budget, net.budget_by_carer, net.budget_pays_carer)
    if primary.size:  # only secondary carers dropped out: no transition, nobody steps up
        w.transitions.add(w, V.CARER_DROPOUT, clients, actor=primary)


@kernel
def _drop_out(carers, wait, week, carer_active, carer_return_week, carer_client, primary_carer, carer_start,
              carer_order, carer_available, proxy, budget, budget_by_carer, budget_pays_carer):
    """Active ``carers`` stop caring, in place: a replacing carer starts ``wait`` weeks after ``week`` (a model
    week; -1: nobody replaces them). A client whose primary carer dropped out gets their active carer with the most
    hours per week (the first of equals; client c's carers: ``carer_order[carer_start[c]:carer_start[c + 1]]``);
    one with no active carer left has none, and loses the proxy, a budget held by the carer and the budget's pay for
    the carer. Returns the primary carers who dropped out and their clients, in order."""
    for k in range(carers.size):
        carer_active[carers[k]] = False
        carer_return_week[carers[k]] = week + wait[k] if wait[k] >= 0 else -1
    primary = np.empty(carers.size, carers.dtype)
    clients = np.empty(carers.size, carer_client.dtype)
    n = 0
    for k in range(carers.size):
        c = carer_client[carers[k]]
        if primary_carer[c] == carers[k]:
            primary[n] = carers[k]
            clients[n] = c
            n += 1
    for i in range(n):
        c = clients[i]
        best = -1
        for j in range(carer_start[c], carer_start[c + 1]):
            other = carer_order[j]
            if carer_active[other] and (best < 0 or carer_available[other] > carer_available[best]):
                best = other
        primary_carer[c] = best
        if best < 0:
            proxy[c] = False
            if budget_by_carer[c]:
                budget[c] = False
            budget_pays_carer[c] = False
    return primary[:n], clients[:n]
