"""Population flows (ODD 7.1a): clients age, get a Wlz indication, leave and are succeeded; carers are replaced.

An open population in fixed-size arrays: a client who leaves (death, a move into a Wlz institution, recovery out
of multiple needs, or a child turning 18) frees their place (*slot*), and a new client of the same profile takes
it in the same week, so the municipality's size and profile mix stay in a steady state. The newcomer keeps the
slot's district and the number of carer places, and nothing else: age, needs, traits, carers' hours and network
are drawn afresh, and the policy's building blocks enrol them (:attr:`sim.world.World.blocks`).

A carer who drops out (:func:`sim.processes.needs.carer_drops_out`) may be replaced by another member of the family
or social circle: a new person takes the carer's place after some weeks (:func:`replacement_weeks`: compiled loops
around numpy's logarithm).

Streams: ``flows`` draws a fixed number of numbers per client and carer each week (so exits and replacements are
common random numbers across policies); ``entries`` draws the newcomers' traits. Ages in years, rates per year,
waits in weeks.

The passes over every client (who leaves and why, who applies for a Wlz indication and whose assessment is done)
are compiled loops (:func:`sim.compiled.kernel`); the mortality's exponential and power stay numpy's, computed
only for the clients whose draw may mean death (a cheap ceiling of the chance finds them). Newcomers and replacing
carers are set up by compiled loops over them (their age, traits, carers and a clean slate; the care arranged at
entry), with the stream's draws taken by numpy in the same order and numbers as :mod:`sim.network`'s synthesis
(the base needs' exponential stays numpy's); the posts they join are drawn by :func:`sim.processes.posts.add_member`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arranging import indicable_need
from sim.compiled import kernel
from sim.processes.posts import add_member

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World

D = len(V.DOMAINS)

#: Wlz stages (``Network.wlz``).
WLZ_NONE, WLZ_APPLIED, WLZ_HOME, WLZ_WAITING = range(4)


def population(w: "World") -> None:
    """Clients age, apply for and get Wlz indications, leave and are succeeded; replacing carers start.

    Does nothing in a closed population (``flows.open = false``).
    """
    if not w.params.flows.open:
        return
    net, rng = w.net, w.streams.flows
    # exit, Wlz application, Wlz setting or wait: three draws per client (the loops read its columns in place)
    u = rng.random((net.n_clients, 3), dtype=np.float32)
    w.carer_replace_u = rng.random(net.n_carers, dtype=np.float32)  # used if the carer drops out this week
    net.age += np.float32(1 / 52)
    replacements_start(w)
    wlz_indications(w, u[:, 1], u[:, 2])
    leaving, reasons = exits(w, u[:, 0])
    if leaving.size:
        w.log.record("client_exit", leaving, detail=reasons, value=net.age[leaving])
        enter(w, leaving, w.streams.entries)


def death_probability(w: "World", clients: np.ndarray | None = None) -> np.ndarray:
    """Each client's probability of dying this week (of ``clients``; default every client): the general
    population's Gompertz rate at their age (``mortality_at_65`` times exp(``mortality_growth`` per year over 65))
    times the profile's excess mortality, plus the profile's age-independent rate; per year, turned into a weekly
    probability."""
    survival = _survival(w, np.arange(w.net.n_clients) if clients is None else clients)
    return np.subtract(1.0, survival, out=survival)


def _survival(w: "World", clients: np.ndarray) -> np.ndarray:
    """The probability that each of ``clients`` survives this week (float64; :func:`death_probability`): yearly =
    base + excess * mortality_at_65 * exp(mortality_growth * (age - 65)), weekly = (1 - min(yearly, 1))^(1/52). The
    arithmetic in compiled loops over the clients, the exponential and the power numpy's."""
    f, net = w.params.flows, w.net
    gompertz = _gompertz_exponent(clients, net.age, f.mortality_growth)
    yearly_left = _yearly_left(clients, np.exp(gompertz, out=gompertz), w.client_base_mortality,
                               w.client_excess_mortality, f.mortality_at_65)
    return np.power(yearly_left, 1 / 52, out=yearly_left)


@kernel
def _gompertz_exponent(clients, age, mortality_growth):
    """The exponent of the Gompertz factor of each of ``clients``: (``age``, in years, as float64, less 65) times
    ``mortality_growth`` (per year)."""
    exponent = np.empty(clients.size)
    for i in range(clients.size):
        exponent[i] = (np.float64(age[clients[i]]) - 65.0) * mortality_growth
    return exponent


@kernel
def _yearly_left(clients, gompertz, base_mortality, excess_mortality, mortality_at_65):
    """1 less each of ``clients``' yearly death rate (at most 1), in place of its Gompertz factor ``gompertz``:
    ``excess_mortality`` times ``mortality_at_65`` times the factor, plus ``base_mortality`` (per year)."""
    for i in range(clients.size):
        c = clients[i]
        gompertz[i] = 1.0 - min(excess_mortality[c] * mortality_at_65 * gompertz[i] + base_mortality[c], 1.0)
    return gompertz


#: The oldest whole year of age for which :func:`exits` bounds the chance of death from above (older clients are
#: always at risk).
OLDEST_BOUNDED_AGE = 130


@functools.lru_cache(maxsize=8)
def gompertz_ceiling(mortality_growth: float) -> np.ndarray:
    """The Gompertz factor's largest value within each whole year of age up to :data:`OLDEST_BOUNDED_AGE` (at the
    year's start or its end; ``mortality_growth`` per year), made once per growth rate (read-only)."""
    at_whole_years = np.exp(mortality_growth * (np.arange(OLDEST_BOUNDED_AGE + 2) - 65.0))
    ceiling = np.maximum(at_whole_years[:-1], at_whole_years[1:])
    ceiling.flags.writeable = False
    return ceiling


def exits(w: "World", u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clients leaving this week and why (codes of ``V.EXIT_REASONS``); ``u``: one uniform draw per client.

    One draw decides between death and recovery (death first: p_death, then p_recovery above it); a child
    reaching 18 and a client whose place in an institution is free leave whatever the draw. The exact chance of
    death is computed only for the clients at risk: those whose draw is below a ceiling of their chance of death
    or recovery (:func:`_exits`; about two in a hundred), as the others neither die nor recover whatever it is.
    """
    net, f = w.net, w.params.flows
    candidates, reason, at_risk = _exits(u, w.client_base_mortality, w.client_excess_mortality, f.mortality_at_65,
                                         gompertz_ceiling(f.mortality_growth), w.client_recovery, net.admitted_until,
                                         w.client_leaves_at_18, net.age, net.wlz, net.wlz_due, w.week)
    return _leaving(u, candidates, reason, at_risk, _survival(w, at_risk), w.client_recovery, net.admitted_until)


@kernel
def _leaving(u, candidates, reason, at_risk, survival, recovery_per_year, admitted_until):
    """The clients leaving (in order) and their reasons, of the ``candidates`` (in order) with their ``reason``
    (-1: none; :func:`_exits`): the clients ``at_risk`` (of the candidates, in order) die when their draw ``u`` is
    below 1 - ``survival`` (this week's chance of death), else recover when it is below that plus their chance of
    recovery (``recovery_per_year`` / 52, at home only); the others leave for their ``reason``, if any."""
    j = 0
    for i in range(candidates.size):
        c = candidates[i]
        if j < at_risk.size and at_risk[j] == c:
            p_death = 1.0 - survival[j]
            p_recover = recovery_per_year[c] / 52 if admitted_until[c] < 0 else 0.0
            if u[c] < p_death:
                reason[i] = V.DEATH
            elif u[c] < p_death + p_recover:
                reason[i] = V.RECOVERY
            j += 1
    leaving = reason >= 0
    return candidates[leaving], reason[leaving]


@kernel
def _exits(u, base_mortality, excess_mortality, mortality_at_65, gompertz_ceiling, recovery_per_year,
           admitted_until, leaves_at_18, age, wlz, wlz_due, week):
    """Who leaves this week whatever their draw, and who is at risk of death or recovery.

    Returns the candidates for leaving (in order: the clients with a reason for leaving but death and recovery, and
    those at risk) and each one's reason but death and recovery: turning 18 (a child of a profile that leaves then;
    ``age`` in years), else a place in an institution that is free (waiting, due by ``week``, a model week), else
    -1; and the clients at risk (in order): those whose draw ``u`` is below a ceiling of their chance of death
    plus recovery (probability per week). The ceiling of the yearly death rate y takes the Gompertz factor's
    largest value within the client's year of age (``gompertz_ceiling``, by whole year; older clients are always
    at risk); for y below a half the weekly chance 1 - (1 - y)^(1/52) is at most y / (52 (1 - y)) < 2 y / 52 (else
    the ceiling is 1); plus ``recovery_per_year``/52 at home; with a margin far above rounding (one in a million,
    and 1e-9). Multiplications only, so the loop over every client stays cheap."""
    candidates = np.empty(u.size, np.intp)
    reason = np.empty(u.size, np.int8)
    at_risk = np.empty(u.size, np.intp)
    n_candidates = n_at_risk = 0
    oldest = gompertz_ceiling.size - 1
    for c in range(u.size):
        code = -1
        code = V.INSTITUTION if (wlz[c] == WLZ_WAITING) & (wlz_due[c] <= week) else code
        code = V.TURNED_18 if leaves_at_18[c] & (age[c] >= V.ADULT_AGE) else code
        year = int(age[c])
        yearly = base_mortality[c] + excess_mortality[c] * mortality_at_65 * gompertz_ceiling[min(year, oldest)]
        ceiling = yearly * (2 / 52) if (yearly < 0.5) & (year <= oldest) else 1.0
        ceiling += recovery_per_year[c] * (1 / 52) if admitted_until[c] < 0 else 0.0
        risk = u[c] < ceiling * 1.000001 + 1e-9
        if risk:  # few clients: a branch the processor predicts
            at_risk[n_at_risk] = c
            n_at_risk += 1
        if risk or code >= 0:
            candidates[n_candidates], reason[n_candidates] = c, code
            n_candidates += 1
    return candidates[:n_candidates], reason[:n_candidates], at_risk[:n_at_risk]


def wlz_indications(w: "World", u_apply: np.ndarray, u_setting: np.ndarray) -> None:
    """Clients whose nursing and support need passed ``flows.wlz_need_hours`` apply for a Wlz indication (the
    desk work falls on a carer who arranges, or on the regiebehandelaar); the assessment takes
    ``arranging.wlz_weeks``. An indication is used in an institution (with the profile's ``institution_share``;
    the client waits for a place, then leaves) or at home: nursing and support then fall under the Wlz."""
    net, p, week = w.net, w.params, w.week
    lo, hi = p.arranging.wlz_weeks
    apply, done = _wlz_assessments(net.base_need, net.extra_need, net.admitted_until, net.wlz, net.wlz_due, u_apply,
                                   u_setting, np.float32(p.flows.wlz_need_hours),
                                   np.float32(p.flows.wlz_apply_per_year / 52), lo, hi, week)
    if apply.size:
        by_carer, co = _desk_work(apply, w.who, net.budget_by_carer)
        w.add_regelwerk(by_carer, p.arranging.desk_hours, V.DESK)
        if co.size:
            w.add_overhead(net.coordinator[co], p.policies.regiebehandelaar.request_hours, "coordination_hours", co)
    if done.size == 0:
        return
    institution, moving, u_moving = _wlz_settings(done, u_setting, u_apply, w.client_institution_share, net.wlz,
                                                  net.law)
    if moving.size:
        wait = -np.log(np.maximum(u_moving, 1e-12)) * p.flows.institution_wait_weeks
        net.wlz_due[moving] = week + np.round(wait).astype(np.int32)
    w.log.record("wlz_indicated", done, detail=institution)


@kernel
def _desk_work(apply, who, budget_by_carer):
    """Of the clients who ``apply`` for a Wlz indication, those whose desk work falls on a carer (who arranges: a
    carer, a proxy, or a carer holding the budget) and those whose falls on the regiebehandelaar, in order."""
    by_carer = np.empty(apply.size, apply.dtype)
    by_coordinator = np.empty(apply.size, apply.dtype)
    n_carer = n_coordinator = 0
    for c in apply:
        if (who[c] == V.CARER) | (who[c] == V.PROXY) | ((who[c] == V.BUDGET_HOLDER) & budget_by_carer[c]):
            by_carer[n_carer] = c
            n_carer += 1
        if who[c] == V.COORD:
            by_coordinator[n_coordinator] = c
            n_coordinator += 1
    return by_carer[:n_carer], by_coordinator[:n_coordinator]


@kernel
def _wlz_settings(done, u_setting, u_apply, institution_share, wlz, law):
    """Clients whose Wlz assessment is ``done`` use it in an institution when ``u_setting`` is below their
    ``institution_share`` (stage :data:`WLZ_WAITING`), else at home (:data:`WLZ_HOME`, nursing and support under the
    Wlz), in place. Returns whether each went for an institution (int8), those clients, and their ``u_apply`` (the
    draw of their wait for a place)."""
    institution = np.empty(done.size, np.int8)
    moving = np.empty(done.size, done.dtype)
    u_moving = np.empty(done.size, u_apply.dtype)
    n_moving = 0
    for i in range(done.size):
        c = done[i]
        institution[i] = u_setting[c] < institution_share[c]
        if institution[i]:
            wlz[c] = WLZ_WAITING
            moving[n_moving] = c
            u_moving[n_moving] = u_apply[c]
            n_moving += 1
        else:
            wlz[c] = WLZ_HOME
            law[c, V.NURSING] = V.WLZ
            law[c, V.SUPPORT] = V.WLZ
    return institution, moving[:n_moving], u_moving[:n_moving]


@kernel
def _wlz_assessments(base_need, extra_need, admitted_until, wlz, wlz_due, u_apply, u_setting, need_hours,
                     apply_chance, lo, hi, week):
    """Wlz applications and assessments done, per client in order. A client at home without a Wlz stage whose
    nursing plus support need (hours per week, float32) is at least ``need_hours`` applies when the draw ``u_apply``
    is below ``apply_chance`` (per week; both thresholds float32, as the hours and draws); the assessment is due
    ``lo`` + floor(``u_setting`` times (``hi`` - ``lo`` + 1)) weeks later (float32, as the draw). Stage and due week
    are set in place. Returns the clients who applied and the clients whose assessment is due by ``week`` (a model
    week), those who just applied included. The need is read only for the few clients whose draw is low enough."""
    applied = np.empty(wlz.size, np.intp)
    done = np.empty(wlz.size, np.intp)
    n_applied = n_done = 0
    for c in range(wlz.size):
        if (u_apply[c] < apply_chance) and (wlz[c] == WLZ_NONE) and (admitted_until[c] < 0):
            need = (base_need[c, V.NURSING] + extra_need[c, V.NURSING] + base_need[c, V.SUPPORT]
                    + extra_need[c, V.SUPPORT])
            if need >= need_hours:
                applied[n_applied] = c
                n_applied += 1
                wlz[c] = WLZ_APPLIED
                wlz_due[c] = week + lo + int(np.floor(u_setting[c] * np.float32(hi - lo + 1)))
        if (wlz[c] == WLZ_APPLIED) and (wlz_due[c] <= week):
            done[n_done] = c
            n_done += 1
    return applied[:n_applied], done[:n_done]


def replacement_weeks(w: "World", u: np.ndarray) -> np.ndarray:
    """For carers dropping out, with their draw ``u`` of this week: the weeks until a replacing carer starts,
    or -1 where nobody replaces them (chance ``1 - flows.carer_replacement``). The same draw gives the wait
    (exponential with mean ``flows.replacement_weeks``), so a replacement costs no extra draw."""
    f = w.params.flows
    if not f.open or f.carer_replacement <= 0:
        return np.full(u.size, -1, np.int32)
    ratio = _replacement_ratio(u, np.float32(max(f.carer_replacement, 1e-12)))
    return _replacement_weeks(u, np.log(ratio, out=ratio), np.float32(f.carer_replacement),
                              np.float32(f.replacement_weeks))


@kernel
def _replacement_ratio(u, replacement):
    """Each draw ``u`` (float32) over the chance of a ``replacement``, at least 1e-12 (in float32, as numpy divides
    a float32 array by a number): below one for a carer who is replaced, whose wait it draws."""
    ratio = np.empty(u.size, np.float32)
    for k in range(u.size):
        ratio[k] = max(u[k] / replacement, np.float32(1e-12))
    return ratio


@kernel
def _replacement_weeks(u, log_ratio, replacement, mean_weeks):
    """The weeks until a replacing carer starts (int32), for each draw ``u`` below the chance of a ``replacement``
    (float32): one plus minus ``log_ratio`` (numpy's logarithm of :func:`_replacement_ratio`) times ``mean_weeks``,
    rounded half to even (in float32, as numpy computes it); -1 for the others."""
    weeks = np.empty(u.size, np.int32)
    for k in range(u.size):
        weeks[k] = np.float32(1) + np.rint(-log_ratio[k] * mean_weeks) if u[k] < replacement else -1
    return weeks


def replacements_start(w: "World") -> None:
    """Replacing carers whose wait is over start: a new person in the place (fresh hours, no strain, not living
    with the client). They become the primary carer if the client has none; the policy's blocks then enrol the
    client again (a new proxy, a budget held by the carer)."""
    net = w.net
    starting = _due(net.carer_return_week, w.week)
    if starting.size == 0:
        return
    rng = w.streams.entries
    hours = rng.standard_gamma(4.0, starting.size)  # hours, then a draw per carer for each trait, trait after trait
    _new_carers(starting, np.zeros(starting.size, np.bool_), hours, rng.random((3, starting.size)), net.profile,
                w.profiles.columns(NEWCOMER_ATTRS), *_carer_arrays(net))
    clients, no_primary = _primary_if_none(starting, net.carer_client, net.primary_carer)
    w.log.record("carer_replaced", clients, actor=starting)
    if w.blocks:
        _enrol(w, np.unique(no_primary))


@kernel
def _due(return_week, week):
    """The carer places whose replacing carer starts this ``week`` (``return_week``, a model week), in order (two
    passes over the places: no temporary of them all)."""
    n = 0
    for k in range(return_week.size):
        n += return_week[k] == week
    due = np.empty(n, np.int64)
    n = 0
    for k in range(return_week.size):
        if return_week[k] == week:
            due[n] = k
            n += 1
    return due


@kernel
def _primary_if_none(carers, carer_client, primary_carer):
    """Carers ``carers`` become their client's primary carer where the client had none, in place (of several
    carers of such a client, the last). Returns each carer's client, and the clients who had none (one per such
    carer)."""
    clients = np.empty(carers.size, carer_client.dtype)
    had_none = np.empty(carers.size, np.bool_)
    for k in range(carers.size):
        clients[k] = carer_client[carers[k]]
        had_none[k] = primary_carer[clients[k]] < 0
    for k in range(carers.size):
        if had_none[k]:
            primary_carer[clients[k]] = carers[k]
    return clients, clients[had_none]


#: The profile attributes read for the clients and carers entering (:meth:`sim.network.ProfileTable.columns`), by
#: column: the entry age's distribution (years), the clients' trait shares (in the order of :data:`TRAITS`), the
#: carers' hours (per week) and trait shares.
NEWCOMER_ATTRS = ("age_mean", "age_sd", "age_min", "age_max", "able_share", "wish_share", "digital_share",
                  "consent_share", "night_care_share", "carer_available_hours", "carer_digital_share",
                  "carer_work_share", "respite_share", "coresident_share")
AGE_MEAN, AGE_SD, AGE_MIN, AGE_MAX, FIRST_TRAIT = range(5)
CARER_HOURS, CARER_DIGITAL, CARER_WORKS, CARER_RESPITE, CARER_CORESIDENT = range(9, 14)
#: The clients' traits drawn on entry (``Network`` arrays), a draw per client each, trait after trait.
TRAITS = ("able", "wishes", "digital", "consent", "night_care")


def _carer_arrays(net) -> tuple:
    """The carer arrays :func:`_new_carers` sets, in the order of its arguments."""
    return (net.carer_client, net.carer_available, net.carer_digital, net.carer_works, net.carer_respite,
            net.carer_coresident, net.carer_active, net.carer_strain, net.carer_category, net.carer_over_weeks,
            net.carer_burned_out, net.carer_return_week, net.carer_person)


@kernel
def _new_carers(carers, is_primary, gamma, u, profile, table, carer_client, carer_available, carer_digital,
                carer_works, carer_respite, carer_coresident, carer_active, carer_strain, carer_category,
                carer_over_weeks, carer_burned_out, carer_return_week, carer_person):
    """New people in the carer places ``carers``, in place: hours per week, the standard gamma draw (shape 4)
    ``gamma`` times a quarter of the profile's ``carer_available_hours`` (of its client; a quarter of that for a
    place that is not ``is_primary``), in float32; digital literacy, paid work and respite by the profile's shares
    (``table``: :data:`NEWCOMER_ATTRS` per profile) with the rows of ``u`` (a draw per carer each); where ``u`` has
    a fourth row, a primary carer lives with the client by the profile's ``coresident_share`` (else nobody does);
    active, no strain, no replacement due, and a new person (``carer_person`` one up)."""
    for k in range(carers.size):
        c = carers[k]
        shares = table[profile[carer_client[c]]]
        mean_hours = shares[CARER_HOURS] * (1.0 if is_primary[k] else 0.25)
        carer_available[c] = np.float32(gamma[k] * (mean_hours / 4.0))
        carer_digital[c] = u[0, k] < shares[CARER_DIGITAL]
        carer_works[c] = u[1, k] < shares[CARER_WORKS]
        carer_respite[c] = u[2, k] < shares[CARER_RESPITE]
        carer_coresident[c] = u.shape[0] > 3 and is_primary[k] and u[3, k] < shares[CARER_CORESIDENT]
        carer_active[c] = True
        carer_strain[c] = 0
        carer_category[c] = 0
        carer_over_weeks[c] = 0
        carer_burned_out[c] = False
        carer_return_week[c] = -1
        carer_person[c] += 1


def enter(w: "World", slots: np.ndarray, rng: np.random.Generator) -> None:
    """New clients of the same profile take the places ``slots``: fresh age, needs, traits and carers; the GP and
    pharmacy they register with; part of their needs arranged already (``flows.entry_arranged_share``), the rest
    to be found and arranged; then the policy's blocks enrol them."""
    net, p, profiles = w.net, w.params, w.profiles
    n = slots.size
    normal = rng.standard_normal(n * (1 + D))  # the ages, then the base needs (client by client, domain by domain)
    u = rng.random(len(TRAITS) * n)  # a draw per client for each trait, trait after trait
    # carers: the slot's carer places, with new people in them; the first place is the primary carer
    places, is_first, primary = _carer_places(slots, w.carer_start, w.carer_order)
    hours = rng.standard_gamma(4.0, places.size)
    u_carers = rng.random((4, places.size))  # a draw per carer for each trait, trait after trait
    table = profiles.columns(NEWCOMER_ATTRS)
    growth = _new_clients(slots, normal, u, net.profile, table, profiles.need_sigma, profiles.laws, net.client_person,
                          net.age, net.law, *(getattr(net, trait) for trait in TRAITS))
    _clean_slate(slots, net.profile, profiles.need_means, np.exp(growth, out=growth), primary, net.base_need,
                 net.primary_carer, net.extra_need, net.request_stage, net.request_due, net.request_id,
                 net.start_week, net.blocked, net.member, net.admitted_until, net.specialist_until, net.physio_until,
                 net.harm_hazard, net.unmet_share, net.dissatisfaction, net.grievance, net.usual_care_waived, net.wlz,
                 net.wlz_due, net.coordinator, net.plan, net.budget, net.budget_by_carer, net.budget_planned,
                 net.budget_pays_carer, net.proxy)
    _new_carers(places, is_first, hours, u_carers, net.profile, table, *_carer_arrays(net))
    # the network: a GP and pharmacy; care already arranged for part of the needs
    add_member(w, slots, V.GP, rng)
    add_member(w, slots, V.PHARMACIST, rng)
    target = indicable_need(w, slots)
    arranged_now, joining, n_joining = _arranged_at_entry(slots, target, rng.random(target.shape),
                                                          np.float32(p.arranging.gap_threshold),
                                                          p.flows.entry_arranged_share)
    for d, role in enumerate(V.DOMAIN_ROLE):  # a post of each domain's role (a GP: registered above)
        if role != V.GP and n_joining[d]:
            add_member(w, joining[d, :n_joining[d]], role, rng)
    social = _arranged(slots, arranged_now, target, net.member, w.domain_role, net.arranged, net.law)
    if social.size:
        add_member(w, social, V.SOCIAL_TEAM, rng)
    w.log.record("client_entry", slots, value=net.age[slots])
    _enrol(w, slots)


@kernel
def _new_clients(slots, normal, u, profile, table, need_sigma, laws, client_person, age, law, able, wishes, digital,
                 consent, night_care):
    """New clients in ``slots``, in place: a new person (``client_person`` one up); the age (years, float32) normal
    around the profile's ``age_mean`` with sd ``age_sd`` (the first ``slots.size`` draws of ``normal``), clipped to
    ``age_min``..``age_max``; the profile's laws (``laws``, per profile and domain); the traits of :data:`TRAITS`
    by the profile's shares (``table``: :data:`NEWCOMER_ATTRS` per profile), with ``u`` a draw per client for
    each trait, trait after trait. Returns the exponent of each client's base need per domain (float64 [clients,
    domains]): ``need_sigma`` (of the profile) times the rest of ``normal`` (client by client), less its square
    over two, as :func:`sim.network.draw_needs` computes it."""
    n = slots.size
    exponent = np.empty((n, D))
    for i in range(n):
        c = slots[i]
        shares = table[profile[c]]
        client_person[c] += 1
        age[c] = np.float32(min(max(shares[AGE_MEAN] + shares[AGE_SD] * normal[i], shares[AGE_MIN]), shares[AGE_MAX]))
        sigma = need_sigma[profile[c]]
        for d in range(D):
            exponent[i, d] = sigma * normal[n + i * D + d] - sigma * sigma / 2
            law[c, d] = laws[profile[c], d]
        able[c] = u[i] < shares[FIRST_TRAIT]
        wishes[c] = u[n + i] < shares[FIRST_TRAIT + 1]
        digital[c] = u[2 * n + i] < shares[FIRST_TRAIT + 2]
        consent[c] = u[3 * n + i] < shares[FIRST_TRAIT + 3]
        night_care[c] = u[4 * n + i] < shares[FIRST_TRAIT + 4]
    return exponent


@kernel
def _clean_slate(slots, profile, need_means, lognormal, primary, base_need, primary_carer, extra_need, request_stage,
                 request_due, request_id, start_week, blocked, member, admitted_until, specialist_until, physio_until,
                 harm_hazard, unmet_share, dissatisfaction, grievance, usual_care_waived, wlz, wlz_due, coordinator,
                 plan, budget, budget_by_carer, budget_planned, budget_pays_carer, proxy):
    """New clients in ``slots``, in place: base needs (hours per week, float32), the profile's mean need per domain
    (``need_means``) times ``lognormal`` (per client and domain); primary carer ``primary`` (per client, -1 none);
    and a clean slate: no extra need, requests, members, admissions, harm hazard, unmet need, dissatisfaction,
    grievances, Wlz stage, regiebehandelaar, plan, budget or proxy."""
    for i in range(slots.size):
        c = slots[i]
        primary_carer[c] = primary[i]
        for d in range(D):
            base_need[c, d] = np.float32(need_means[profile[c], d] * lognormal[i, d])
            extra_need[c, d] = 0
            request_stage[c, d] = 0
            request_due[c, d] = 0
            request_id[c, d] = -1
            start_week[c, d] = 0
            blocked[c, d] = False
        for r in range(member.shape[1]):
            member[c, r] = -1
        admitted_until[c] = specialist_until[c] = physio_until[c] = -1
        harm_hazard[c] = unmet_share[c] = dissatisfaction[c] = 0
        grievance[c] = 0
        usual_care_waived[c] = False
        wlz[c] = WLZ_NONE
        wlz_due[c] = 0
        coordinator[c] = -1
        plan[c] = budget[c] = budget_by_carer[c] = budget_planned[c] = budget_pays_carer[c] = proxy[c] = False


@kernel
def _arranged_at_entry(slots, target, u, gap_threshold, arranged_share):
    """Which domains of new clients ``slots`` have care arranged at entry: those whose indicable need ``target``
    (hours per week, per client and domain; float32) is above ``gap_threshold`` (float32, as numpy compares them),
    with chance ``arranged_share`` (``u``: a draw per client and domain). Returns whether (per client and domain)
    and, per domain, those clients (a row each, in order) and their number."""
    arranged_now = np.empty((slots.size, D), np.bool_)
    joining = np.empty((D, slots.size), slots.dtype)
    n_joining = np.zeros(D, np.int64)
    for i in range(slots.size):
        for d in range(D):
            arranged_now[i, d] = (target[i, d] > gap_threshold) & (u[i, d] < arranged_share)
            if arranged_now[i, d]:
                joining[d, n_joining[d]] = slots[i]
                n_joining[d] += 1
    return arranged_now, joining, n_joining


@kernel
def _arranged(slots, arranged_now, target, member, domain_role, arranged, law):
    """Care arranged for new clients ``slots``, in place: the indicable need ``target`` (hours per week, float32)
    in each domain where it is ``arranged_now`` and the client has a member of the domain's role (``domain_role``),
    else none. Returns the clients with support arranged under the Wmo (a social team then joins)."""
    social = np.empty(slots.size, slots.dtype)
    n_social = 0
    for i in range(slots.size):
        c = slots[i]
        for d in range(D):
            arranged[c, d] = target[i, d] if arranged_now[i, d] and member[c, domain_role[d]] >= 0 else np.float32(0)
        if arranged[c, V.SUPPORT] > 0 and law[c, V.SUPPORT] == V.WMO:
            social[n_social] = c
            n_social += 1
    return social[:n_social]


@kernel
def _carer_places(clients, carer_start, carer_order):
    """The carer places of ``clients`` (client after client, each client's places as in ``carer_order``, which
    lists client c's places at ``carer_start[c]`` up to ``carer_start[c + 1]``), whether each place is its
    client's first, and each client's first place (-1: the client has none)."""
    n_places = 0
    for c in clients:
        n_places += carer_start[c + 1] - carer_start[c]
    places = np.empty(n_places, carer_order.dtype)
    is_first = np.zeros(n_places, np.bool_)
    first = np.full(clients.size, -1, carer_order.dtype)
    k = 0
    for i, c in enumerate(clients):
        for j in range(carer_start[c], carer_start[c + 1]):
            places[k] = carer_order[j]
            is_first[k] = j == carer_start[c]
            k += 1
        if carer_start[c + 1] > carer_start[c]:
            first[i] = carer_order[carer_start[c]]
    return places, is_first, first


def _enrol(w: "World", clients: np.ndarray) -> None:
    """Let the policy's building blocks take in ``clients`` (new, or with a new primary carer)."""
    if clients.size == 0 or not w.blocks:
        return
    for block in w.blocks:
        block.enrol(w, clients)
    w.plan_members()
