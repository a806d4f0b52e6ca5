"""Population flows (ODD 7.1a): clients age, get a Wlz indication, leave and are succeeded; carers are replaced.

An open population in fixed-size arrays: a client who leaves (death, a move into a Wlz institution, recovery out
of multiple needs, or a child turning 18) frees their place (*slot*), and a new client of the same profile takes
it in the same week, so the municipality's size and profile mix stay in a steady state. The newcomer keeps the
slot's district and the number of carer places, and nothing else: age, needs, traits, carers' hours and network
are drawn afresh, and the policy's building blocks enrol them (:attr:`sim.world.World.blocks`).

A carer who drops out (:func:`sim.processes.needs.carer_drops_out`) may be replaced by another member of the family
or social circle: a new person takes the carer's place after some weeks (:func:`replacement_weeks`).

Streams: ``flows`` draws a fixed number of numbers per client and carer each week (so exits and replacements are
common random numbers across policies); ``entries`` draws the newcomers' traits. Ages in years, rates per year,
waits in weeks.

The passes over every client (who leaves and why, who applies for a Wlz indication and whose assessment is done)
are compiled loops (:func:`sim.compiled.kernel`); the mortality's exponential and power stay numpy's, computed
only for the clients whose draw may mean death (a cheap ceiling of the chance finds them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.network import carer_hours, draw_needs, entry_ages
from sim.processes.arranging import indicable_need
from sim.compiled import kernel
from sim.processes.posts import add_member

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World

#: Wlz stages (``Network.wlz``).
WLZ_NONE, WLZ_APPLIED, WLZ_HOME, WLZ_WAITING = range(4)


def population(w: "World") -> None:
    """Clients age, apply for and get Wlz indications, leave and are succeeded; replacing carers start.

    Does nothing in a closed population (``flows.open = false``).
    """
    if not w.params.flows.open:
        return
    net, rng = w.net, w.streams.flows
    # exit, Wlz application, Wlz setting or wait: three draws per client, as rows (contiguous for the loops)
    u = rng.random((net.n_clients, 3), dtype=np.float32).T.copy()
    w.carer_replace_u = rng.random(net.n_carers, dtype=np.float32)  # used if the carer drops out this week
    net.age += np.float32(1 / 52)
    replacements_start(w)
    wlz_indications(w, u[1], u[2])
    leaving, reasons = exits(w, u[0])
    if leaving.size:
        w.log.record("client_exit", leaving, detail=reasons, value=net.age[leaving])
        enter(w, leaving, w.streams.entries)


def death_probability(w: "World", clients: np.ndarray | None = None) -> np.ndarray:
    """Each client's probability of dying this week (of ``clients``; default every client): the general
    population's Gompertz rate at their age (``mortality_at_65`` times exp(``mortality_growth`` per year over 65))
    times the profile's excess mortality, plus the profile's age-independent rate; per year, turned into a weekly
    probability."""
    f, net = w.params.flows, w.net
    who = slice(None) if clients is None else clients
    # yearly = base + excess * mortality_at_65 * exp(mortality_growth * (age - 65)), weekly = 1 - (1 - min(yearly,
    # 1))^(1/52): the same operations in the same order, in place (temporaries of every client cost more than them)
    gompertz = net.age[who].astype(np.float64)
    gompertz -= 65.0
    gompertz *= f.mortality_growth
    np.exp(gompertz, out=gompertz)
    yearly = w.client_excess_mortality[who] * f.mortality_at_65
    yearly *= gompertz
    yearly += w.client_base_mortality[who]
    np.minimum(yearly, 1.0, out=yearly)
    survival = np.power(np.subtract(1.0, yearly, out=yearly), 1 / 52, out=yearly)  # a week's
    return np.subtract(1.0, survival, out=survival)


#: The oldest whole year of age for which :func:`exits` bounds the chance of death from above (older clients are
#: always at risk).
OLDEST_BOUNDED_AGE = 130


def exits(w: "World", u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clients leaving this week and why (codes of ``V.EXIT_REASONS``); ``u``: one uniform draw per client.

    One draw decides between death and recovery (death first: p_death, then p_recovery above it); a child
    reaching 18 and a client whose place in an institution is free leave whatever the draw. The exact chance of
    death is computed only for the clients at risk: those whose draw is below a ceiling of their chance of death
    or recovery (:func:`_exits`; about two in a hundred), as the others neither die nor recover whatever it is.
    """
    net, f = w.net, w.params.flows
    # the Gompertz factor's largest value within each whole year of age (at its start or its end)
    at_whole_years = np.exp(f.mortality_growth * (np.arange(OLDEST_BOUNDED_AGE + 2) - 65.0))
    gompertz_ceiling = np.maximum(at_whole_years[:-1], at_whole_years[1:])
    reason, at_risk = _exits(u, w.client_base_mortality, w.client_excess_mortality, f.mortality_at_65,
                             gompertz_ceiling, w.client_recovery, net.admitted_until, w.client_leaves_at_18,
                             net.age, net.wlz, net.wlz_due, w.week)
    p_death = death_probability(w, at_risk)
    p_recover = np.where(net.admitted_until[at_risk] < 0, w.client_recovery[at_risk] / 52, 0.0)  # at home only
    u_at_risk = u[at_risk]
    reason[at_risk[(u_at_risk >= p_death) & (u_at_risk < p_death + p_recover)]] = V.RECOVERY
    reason[at_risk[u_at_risk < p_death]] = V.DEATH
    leaving = np.flatnonzero(reason >= 0)
    return leaving, reason[leaving]


@kernel
def _exits(u, base_mortality, excess_mortality, mortality_at_65, gompertz_ceiling, recovery_per_year,
           admitted_until, leaves_at_18, age, wlz, wlz_due, week):
    """Who leaves this week whatever their draw, and who is at risk of death or recovery.

    Returns each client's reason for leaving but death and recovery: turning 18 (a child of a profile that leaves
    then; ``age`` in years), else a place in an institution that is free (waiting, due by ``week``, a model week),
    else -1; and the clients at risk (in order): those whose draw ``u`` is below a ceiling of their chance of death
    plus recovery (probability per week). The ceiling of the yearly death rate y takes the Gompertz factor's
    largest value within the client's year of age (``gompertz_ceiling``, by whole year; older clients are always
    at risk); for y below a half the weekly chance 1 - (1 - y)^(1/52) is at most y / (52 (1 - y)) < 2 y / 52 (else
    the ceiling is 1); plus ``recovery_per_year``/52 at home; with a margin far above rounding (one in a million,
    and 1e-9). Multiplications only, so the loop over every client stays cheap."""
    reason = np.empty(u.size, np.int8)
    at_risk = np.empty(u.size, np.bool_)
    oldest = gompertz_ceiling.size - 1
    for c in range(u.size):
        code = -1
        code = V.INSTITUTION if (wlz[c] == WLZ_WAITING) & (wlz_due[c] <= week) else code
        reason[c] = V.TURNED_18 if leaves_at_18[c] & (age[c] >= V.ADULT_AGE) else code
        year = int(age[c])
        yearly = base_mortality[c] + excess_mortality[c] * mortality_at_65 * gompertz_ceiling[min(year, oldest)]
        ceiling = yearly * (2 / 52) if (yearly < 0.5) & (year <= oldest) else 1.0
        ceiling += recovery_per_year[c] * (1 / 52) if admitted_until[c] < 0 else 0.0
        at_risk[c] = u[c] < ceiling * 1.000001 + 1e-9
    return reason, np.flatnonzero(at_risk)


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
        who = w.who[apply]
        by_carer = (who == V.CARER) | (who == V.PROXY) | ((who == V.BUDGET_HOLDER) & net.budget_by_carer[apply])
        w.add_regelwerk(apply[by_carer], p.arranging.desk_hours, V.DESK)
        co = apply[who == V.COORD]
        w.add_overhead(net.coordinator[co], p.policies.regiebehandelaar.request_hours, "coordination_hours", co)
    if done.size == 0:
        return
    institution = u_setting[done] < w.client_institution_share[done]
    moving, staying = done[institution], done[~institution]
    net.wlz[moving] = WLZ_WAITING
    wait = -np.log(np.maximum(u_apply[moving], 1e-12)) * p.flows.institution_wait_weeks
    net.wlz_due[moving] = week + np.round(wait).astype(np.int32)
    net.wlz[staying] = WLZ_HOME
    net.law[staying, V.NURSING] = V.WLZ
    net.law[staying, V.SUPPORT] = V.WLZ
    w.log.record("wlz_indicated", done, detail=institution.astype(np.int8))


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
    replaced = u < f.carer_replacement
    wait = -np.log(np.maximum(u / max(f.carer_replacement, 1e-12), 1e-12)) * f.replacement_weeks
    return np.where(replaced, 1 + np.round(wait), -1).astype(np.int32)


def replacements_start(w: "World") -> None:
    """Replacing carers whose wait is over start: a new person in the place (fresh hours, no strain, not living
    with the client). They become the primary carer if the client has none; the policy's blocks then enrol the
    client again (a new proxy, a budget held by the carer)."""
    net = w.net
    starting = np.flatnonzero(net.carer_return_week == w.week)
    if starting.size == 0:
        return
    net.carer_return_week[starting] = -1
    _new_carers(w, starting, primary=np.zeros(starting.size, bool), rng=w.streams.entries)
    net.carer_coresident[starting] = False
    clients = net.carer_client[starting]
    no_primary = net.primary_carer[clients] < 0
    net.primary_carer[clients[no_primary]] = starting[no_primary]
    w.log.record("carer_replaced", clients, actor=starting)
    _enrol(w, np.unique(clients[no_primary]))


def _new_carers(w: "World", carers: np.ndarray, primary: np.ndarray, rng: np.random.Generator) -> None:
    """New people in carer places: hours per week as at set-up, digital literacy, paid work and respite, no strain."""
    net = w.net
    per_profile = w.profiles.of(net.profile[net.carer_client[carers]])
    net.carer_available[carers] = carer_hours(per_profile("carer_available_hours"), primary, rng)
    u = rng.random((3, carers.size))  # a draw per carer for each trait, trait after trait
    net.carer_digital[carers] = u[0] < per_profile("carer_digital_share")
    net.carer_works[carers] = u[1] < per_profile("carer_work_share")
    net.carer_respite[carers] = u[2] < per_profile("respite_share")
    net.carer_active[carers] = True
    net.carer_strain[carers] = 0
    net.carer_category[carers] = 0
    net.carer_over_weeks[carers] = 0
    net.carer_burned_out[carers] = False
    net.carer_return_week[carers] = -1
    net.carer_person[carers] += 1


def enter(w: "World", slots: np.ndarray, rng: np.random.Generator) -> None:
    """New clients of the same profile take the places ``slots``: fresh age, needs, traits and carers; the GP and
    pharmacy they register with; part of their needs arranged already (``flows.entry_arranged_share``), the rest
    to be found and arranged; then the policy's blocks enrol them."""
    net, p = w.net, w.params
    profiles = w.profiles
    profile = net.profile[slots]
    per_profile = profiles.of(profile)
    net.client_person[slots] += 1
    net.age[slots] = entry_ages(per_profile, rng)
    net.base_need[slots] = draw_needs(profiles, profile, rng)
    net.extra_need[slots] = 0
    net.law[slots] = profiles.laws[profile]
    traits = (("able", "able_share"), ("wishes", "wish_share"), ("digital", "digital_share"),
              ("consent", "consent_share"), ("night_care", "night_care_share"))
    u = rng.random((len(traits), slots.size))  # a draw per client for each trait, trait after trait
    for (name, share), u_trait in zip(traits, u):
        getattr(net, name)[slots] = u_trait < per_profile(share)
    for name, value in (("request_stage", 0), ("request_due", 0), ("request_id", -1), ("start_week", 0),
                        ("blocked", False), ("admitted_until", -1), ("specialist_until", -1), ("physio_until", -1),
                        ("harm_hazard", 0), ("unmet_share", 0), ("dissatisfaction", 0), ("grievance", 0),
                        ("usual_care_waived", False), ("wlz", WLZ_NONE), ("wlz_due", 0), ("member", -1),
                        ("coordinator", -1), ("plan", False), ("budget", False), ("budget_by_carer", False),
                        ("budget_planned", False), ("budget_pays_carer", False), ("proxy", False)):
        getattr(net, name)[slots] = value
    # carers: the slot's carer places, with new people in them; the first place is the primary carer
    places, is_first, primary = _carer_places(slots, w.carer_start, w.carer_order)
    _new_carers(w, places, is_first, rng)
    net.primary_carer[slots] = primary
    coresident_share = profiles.column("coresident_share")[net.profile[net.carer_client[places]]]
    net.carer_coresident[places] = is_first & (rng.random(places.size) < coresident_share)
    # the network: a GP and pharmacy; care already arranged for part of the needs
    add_member(w, slots, V.GP, rng)
    add_member(w, slots, V.PHARMACIST, rng)
    target = indicable_need(w, slots)
    arranged_now = (target > p.arranging.gap_threshold) & (
        rng.random(target.shape) < p.flows.entry_arranged_share)
    for d, role in enumerate(V.DOMAIN_ROLE):  # a post of each domain's role (a GP: registered above)
        if role != V.GP:
            add_member(w, slots[arranged_now[:, d]], role, rng)
    arranged = np.where(arranged_now & (net.member[slots][:, w.domain_role] >= 0), target, np.float32(0))
    net.arranged[slots] = arranged
    add_member(w, slots[(arranged[:, V.SUPPORT] > 0) & (net.law[slots, V.SUPPORT] == V.WMO)], V.SOCIAL_TEAM, rng)
    w.log.record("client_entry", slots, value=net.age[slots])
    _enrol(w, slots)


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
