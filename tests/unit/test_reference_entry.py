"""Newcomers' synthesis and the week's chance events against simple references (issue 13).

* **Entries** (:func:`sim.processes.population.enter`, :func:`sim.processes.population.replacements_start`): the
  newcomers' age, base needs, laws and traits and their carers' hours and traits, place by place, read straight from
  the profiles' parameters (ODD 7.1a), against the per-profile table each world keeps (``World.profiles``,
  :class:`sim.network.ProfileTable`). Two worlds with different profile parameters each get their own values (the
  table is not shared between runs).
* **Chance events** (:func:`sim.processes.needs.chance_events`, :func:`sim.processes.needs.needs_drift`): client by
  client (ODD 7.2), who is discharged, has an acute event of which kind (uniform over the profile's kinds, the draw
  times their count in float32), is admitted, and is referred to a specialist or a physiotherapist; the extra need
  after the fade and the events, and the harm hazard after the fade, to the last bit (float32 steps as the process).
  ``test_reference_dense.py`` already checks who has an acute event or is referred and the drift of the needs.

Draws: the references take the same draws from a copy of the process's stream, in its order. Under a second.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from test_reference_arranging import NET2, posts_of
from test_reference_dense import needs_world
from worlds import make_world, run_week

from sim import vocabulary as V
from sim.processes import population as pop
from sim.processes.needs import ACUTE_OPTION_COUNT, ACUTE_OPTIONS, chance_events, needs_and_events

D = len(V.DOMAINS)
f32 = np.float32


# --------------------------------------------------------------------------- entries


def profile_of(w, c: int):
    """Client ``c``'s profile parameters (the pydantic object)."""
    return getattr(w.params.population.profiles, V.PROFILES[w.net.profile[c]])


def entry_reference(w, slots: np.ndarray, rng: np.random.Generator) -> dict:
    """Newcomers in ``slots`` place by place, with the draws of ``enter`` up to its carers (in its order): age normal
    around the profile's mean, clipped; base need lognormal around the profile's mean per domain; the laws of the
    profile; the traits by the profile's shares; each carer place a new person, the first the primary carer (hours
    gamma, shape 4, around the profile's hours, a quarter for the others), digital, working, respite and (the
    primary only) living with the client by the profile's shares; the primary carer (-1: the client has no carer
    places)."""
    net = w.net
    places = [[k for k in range(net.n_carers) if net.carer_client[k] == c] for c in slots]
    n_places = sum(len(p) for p in places)
    z_age = rng.standard_normal(slots.size)
    z_need = rng.standard_normal((slots.size, D))
    u_traits = [rng.random(slots.size) for _ in range(5)]
    hour_scale = []
    for i, c in enumerate(slots):
        hours = profile_of(w, c).carer_available_hours
        hour_scale += [hours * (1.0 if j == 0 else 0.25) / 4.0 for j in range(len(places[i]))]
    hours = rng.gamma(4.0, np.array(hour_scale, float))
    u_carer = [rng.random(n_places) for _ in range(4)]
    rng.random(slots.size), rng.random(slots.size)  # a GP and a pharmacist for each (none has one any more)
    out = {"age": [], "base_need": [], "law": [], "traits": [], "carers": [], "primary": [],
           "u_arranged": rng.random((slots.size, D))}
    k = 0
    for i, c in enumerate(slots):
        prof = profile_of(w, c)
        out["primary"].append(places[i][0] if places[i] else -1)
        age = prof.age_mean + prof.age_sd * z_age[i]
        out["age"].append(f32(min(max(age, prof.age_min), prof.age_max)))
        sigma = np.sqrt(np.log1p(prof.need_cv ** 2))
        out["base_need"].append([f32(getattr(prof, f"need_{d}") * np.exp(sigma * z_need[i, j] - sigma ** 2 / 2))
                                 for j, d in enumerate(V.DOMAINS)])
        law = [V.ZVW] * D
        law[V.NURSING], law[V.SUPPORT] = V.LAWS.index(prof.nursing_law), V.LAWS.index(prof.support_law)
        law[V.MENTAL], law[V.YOUTH] = V.LAWS.index(prof.mental_law), V.JEUGDWET
        out["law"].append(law)
        out["traits"].append([bool(u_traits[t][i] < getattr(prof, share)) for t, share in enumerate(
            ("able_share", "wish_share", "digital_share", "consent_share", "night_care_share"))])
        for j, carer in enumerate(places[i]):
            out["carers"].append((carer, f32(hours[k]), bool(u_carer[0][k] < prof.carer_digital_share),
                                  bool(u_carer[1][k] < prof.carer_work_share),
                                  bool(u_carer[2][k] < prof.respite_share),
                                  j == 0 and bool(u_carer[3][k] < prof.coresident_share)))
            k += 1
    return out


#: What a newcomer's place starts with, whatever its previous client had (``Network`` array: value).
CLEAN_SLATE = {"extra_need": 0, "request_stage": 0, "request_due": 0, "request_id": -1, "start_week": 0,
               "blocked": False, "admitted_until": -1, "specialist_until": -1, "physio_until": -1, "harm_hazard": 0,
               "unmet_share": 0, "dissatisfaction": 0, "grievance": 0, "usual_care_waived": False,
               "wlz": pop.WLZ_NONE, "wlz_due": 0, "coordinator": -1, "plan": False, "budget": False,
               "budget_by_carer": False, "budget_planned": False, "budget_pays_carer": False, "proxy": False}


def check_arranged(w, slots: np.ndarray, u: np.ndarray) -> None:
    """Care arranged at entry, client by client: a domain's indicable need (nursing and support less the usual
    care of a primary carer living with the client) where it is above the gap threshold and the draw ``u`` below
    ``entry_arranged_share``, and the client got a post of the domain's role; that post only then (the GP
    always); a social team where Wmo support is arranged; no other members."""
    net, p = w.net, w.params
    for i, c in enumerate(slots):
        carer = net.primary_carer[c]
        left = f32(1) - f32(w.client_usual_care[c] * (carer >= 0 and net.carer_coresident[carer]))
        roles = {V.GP, V.PHARMACIST}
        for d, role in enumerate(V.DOMAIN_ROLE):
            need = net.base_need[c, d] * left if d in (V.NURSING, V.SUPPORT) else net.base_need[c, d]
            now = need > p.arranging.gap_threshold and u[i, d] < p.flows.entry_arranged_share
            roles |= {role} if now else set()
            assert net.arranged[c, d] == (need if now and net.member[c, role] >= 0 else 0)
        if net.arranged[c, V.SUPPORT] > 0 and net.law[c, V.SUPPORT] == V.WMO:
            roles.add(V.SOCIAL_TEAM)
        assert set(np.flatnonzero(net.member[c] >= 0).tolist()) <= roles
        assert all(net.member[c, role] >= 0 for role in roles if posts_of(net, role, net.client_district[c]))


def check_entries(w, slots: np.ndarray) -> None:
    net = w.net
    for name in CLEAN_SLATE:  # whatever the previous clients left
        getattr(net, name)[slots] = 1
    net.member[slots] = np.arange(len(V.ROLES)) % 2 - 1
    expected = entry_reference(w, slots, copy.deepcopy(w.streams.entries))
    pop.enter(w, slots, w.streams.entries)
    for name, value in CLEAN_SLATE.items():
        assert (getattr(net, name)[slots] == value).all(), name
    check_arranged(w, slots, expected["u_arranged"])
    assert net.age[slots].tolist() == expected["age"]
    assert net.base_need[slots] == pytest.approx(np.array(expected["base_need"]), rel=1e-6)
    assert net.law[slots].tolist() == expected["law"]
    traits = np.stack([net.able, net.wishes, net.digital, net.consent, net.night_care], axis=1)
    assert traits[slots].tolist() == expected["traits"]
    got = [(k, net.carer_available[k], bool(net.carer_digital[k]), bool(net.carer_works[k]),
            bool(net.carer_respite[k]), bool(net.carer_coresident[k])) for k, *_ in expected["carers"]]
    assert got == expected["carers"]
    assert net.primary_carer[slots].tolist() == expected["primary"] and -1 in expected["primary"]
    assert len({k for k, *_ in expected["carers"]}) > slots.size  # slots with several carer places


def test_entries_match_the_place_by_place_reference():
    """Every profile enters; a second world with other profile parameters gets its own values."""
    w = make_world(NET2)
    slots = np.arange(NET2.n_clients)
    assert set(w.net.profile[slots].tolist()) == set(range(len(V.PROFILES)))
    check_entries(w, slots)
    other = make_world(NET2, population__profiles__frail_elderly__age_mean=70.0,
                       population__profiles__frail_elderly__age_sd=30.0,
                       population__profiles__frail_elderly__need_nursing=9.0,
                       population__profiles__frail_elderly__nursing_law="wlz",
                       population__profiles__frail_elderly__carer_available_hours=2.0,
                       population__profiles__frail_elderly__able_share=0.0,
                       population__profiles__child_complex__coresident_share=0.0)
    check_entries(other, slots)
    frail = other.net.profile == V.PROFILES.index("frail_elderly")
    assert (other.net.law[frail, V.NURSING] == V.WLZ).all() and not other.net.able[frail].any()
    assert (w.net.law[frail, V.NURSING] != V.WLZ).all() and w.net.able[frail].any()


def test_replacing_carers_match_the_place_by_place_reference():
    """Replacing carers whose wait is over start as new people: hours (gamma, shape 4, a quarter of the profile's
    hours unless they become the primary carer: the place keeps being a secondary one in the draw), digital,
    working and respite by the profile's shares; no strain, not living with the client; the primary carer of a
    client who has none."""
    w = make_world(NET2)
    net = w.net
    starting = np.arange(0, net.n_carers, 3)
    net.carer_return_week[:] = -1
    net.carer_return_week[starting] = w.week
    net.carer_return_week[1::3] = w.week + 1  # next week's
    net.carer_active[starting] = False
    net.primary_carer[net.carer_client[starting[::2]]] = -1
    primary = net.primary_carer.copy()
    for k in starting:  # a client without a primary carer gets one (of several starting, the last)
        if net.primary_carer[net.carer_client[k]] < 0:
            primary[net.carer_client[k]] = k
    assert (np.bincount(net.carer_client[starting])[net.primary_carer < 0] > 1).any()
    rng = copy.deepcopy(w.streams.entries)
    scale = [getattr(w.params.population.profiles, V.PROFILES[net.profile[net.carer_client[k]]])
             .carer_available_hours * 0.25 / 4.0 for k in starting]
    hours = rng.gamma(4.0, np.array(scale))
    u = [rng.random(starting.size) for _ in range(3)]
    pop.replacements_start(w)
    for i, k in enumerate(starting):
        prof = getattr(w.params.population.profiles, V.PROFILES[net.profile[net.carer_client[k]]])
        assert net.carer_available[k] == f32(hours[i])
        assert (net.carer_digital[k], net.carer_works[k], net.carer_respite[k]) == (
            u[0][i] < prof.carer_digital_share, u[1][i] < prof.carer_work_share, u[2][i] < prof.respite_share)
        assert net.carer_active[k] and net.carer_strain[k] == 0 and not net.carer_coresident[k]
        assert net.carer_return_week[k] == -1
    assert net.primary_carer.tolist() == primary.tolist()
    assert (net.carer_return_week[1::3] == w.week + 1).all()


# --------------------------------------------------------------------------- chance events


def test_chance_events_match_the_client_by_client_reference():
    """Discharges, acute events with their kind, admissions and referrals with their role, and the extra need and
    harm hazard to the last bit, over several weeks (the filled network's admissions end in week 3); then the
    discharged who rehabilitate (u5 below ``rehab_share``) with a physiotherapist until the end of the recovery,
    the admissions' ends (-log u3 times the admission's weeks, rounded, at least one) and the specialist's, the
    referrals' ends, the day of each event (u6 times 7) and regie passing to and from the specialist."""
    w = needs_world()
    w.client_admission_weeks = np.full(w.net.n_clients, 0.2)  # admissions of one week: discharges every week
    pn = w.params.needs
    extra_fade, harm_fade = f32(np.exp(-1.0 / pn.recovery_weeks)), f32(np.exp(-1.0 / pn.harm_hazard_weeks))
    seen = set()
    recovery = int(pn.recovery_weeks)
    for _ in range(4):
        net, week = w.net, w.week
        stream = copy.deepcopy(w.streams.needs)
        stream.standard_normal((net.n_clients, D), dtype=np.float32)
        u = stream.random((net.n_clients, 7), dtype=np.float32)
        extra, harm = net.extra_need.copy(), net.harm_hazard.copy()
        admitted_until, specialist_until = net.admitted_until.copy(), net.specialist_until.copy()
        physio_until, week_days = net.physio_until.copy(), u[:, 6] * f32(7)
        expected = {"discharged": [], "acute": [], "admitted": [], "specialist": [], "physio": [], "regie": []}
        for c in range(net.n_clients):
            harm[c] = harm[c] * harm_fade
            for d in range(D):
                extra[c, d] = extra[c, d] * extra_fade
            if admitted_until[c] == week:
                admitted_until[c] = -1
                expected["discharged"].append(c)
                extra[c, V.NURSING] += f32(pn.post_discharge_nursing)
                if u[c, 5] < f32(pn.rehab_share):
                    physio_until[c] = week + recovery
                if net.coordinator[c] >= 0:
                    expected["regie"].append((c, V.REGIE_PASSES.index("back")))
        for c in range(net.n_clients):
            if admitted_until[c] >= 0:
                continue
            chance = w.client_acute[c] / 52 * (f32(1) + f32(pn.unmet_hazard) * net.unmet_share[c]) + harm[c]
            admitted = False
            if u[c, 0] < chance:
                options = V.PROFILE_ACUTE[net.profile[c]]
                kind = options[min(int(u[c, 1] * f32(len(options))), len(options) - 1)]
                expected["acute"].append((c, kind))
                admitted = bool(u[c, 2] < w.client_admission_share[c])
                if admitted:
                    expected["admitted"].append(c)
                    admitted_until[c] = week + max(1, round(-np.log(max(u[c, 3], f32(1e-12))) * 0.2))
                    specialist_until[c] = admitted_until[c] + recovery
                else:
                    extra[c, V.NURSING] += f32(pn.post_discharge_nursing / 2)
            if not admitted and u[c, 4] < w.client_referrals[c] / 52:
                role = "specialist" if specialist_until[c] < week else "physio"
                expected[role].append(c)
                (specialist_until if role == "specialist" else physio_until)[c] = week + recovery
        expected["regie"] += [(c, V.REGIE_PASSES.index("to_specialist")) for c in expected["admitted"]
                              if net.coordinator[c] >= 0]
        expected["regie"].sort()
        w.transitions.take()
        run_week(w, needs_and_events)
        clients, kinds, posts, _ = w.transitions.take()
        got = {"discharged": clients[kinds == V.DISCHARGE].tolist(),
               "admitted": clients[kinds == V.ADMISSION].tolist()}
        referral = kinds == V.REFERRAL
        role = net.post_role[posts[referral]]
        got["specialist"] = sorted(clients[referral][role == V.SPECIALIST].tolist())
        got["physio"] = sorted(clients[referral][role == V.PHYSIOTHERAPIST].tolist())
        log = w.log.arrays()
        acute = (log["event"] == V.EVENT["acute_event"]) & (log["week"] == week)
        got["acute"] = list(zip(log["client"][acute].tolist(), log["detail"][acute].tolist()))
        regie = (log["event"] == V.EVENT["regie_passed"]) & (log["week"] == week)
        got["regie"] = sorted(zip(log["client"][regie].tolist(), log["detail"][regie].tolist()))
        for c, lead, actor, target in zip(log["client"][regie], log["detail"][regie], log["actor"][regie],
                                          log["target"][regie]):
            ends = (net.member[c, V.SPECIALIST], net.coordinator[c])
            assert (actor, target) == (ends if lead == V.REGIE_PASSES.index("back") else ends[::-1])
        dated = (log["event"] == V.EVENT["transition"]) | acute
        assert np.array_equal(log["day"][dated & (log["week"] == week)],
                              week_days[log["client"][dated & (log["week"] == week)]].astype(np.float16))
        assert np.array_equal(net.admitted_until, admitted_until)
        assert np.array_equal(net.specialist_until, specialist_until)
        assert np.array_equal(net.physio_until, physio_until)
        assert (net.member[physio_until == week + recovery, V.PHYSIOTHERAPIST] >= 0).all()
        for key in ("discharged", "acute", "admitted", "specialist", "physio", "regie"):
            assert got[key] == expected[key], key
            seen |= {key} if expected[key] else set()
        assert np.array_equal(net.extra_need, extra) and np.array_equal(net.harm_hazard, harm)
    assert seen == {"discharged", "acute", "admitted", "specialist", "physio", "regie"}


def test_acute_kinds_match_the_profiles_kinds_at_the_edges():
    """The kind: the profile's kinds indexed by the draw times their count, in float32 (as numpy computes a
    float32 draw times an integer), and never past the last kind; draws next to every boundary."""
    n_profiles = len(V.PROFILE_ACUTE)
    edges = [np.float32(k / n) for n in range(1, 4) for k in range(n + 1)]
    u1 = np.array(sorted({x for e in edges for x in (np.nextafter(e, f32(0)), e, np.nextafter(e, f32(1)))
                          if 0 <= x < 1}), np.float32)
    n = u1.size * n_profiles
    u = np.zeros((n, 7), np.float32)
    u[:, 1] = np.tile(u1, n_profiles)
    u[:, 2] = u[:, 4] = 1  # no admission, no referral
    profile = np.repeat(np.arange(n_profiles), u1.size).astype(np.int8)
    need = np.ones((n, D), np.float32)
    discharged, acute, kind, admitted, referred, to_specialist = chance_events(
        5, u, need, need.copy(), need.copy(), f32(1), np.zeros(n, np.float32), f32(1), np.full(n, -1, np.int32),
        np.full(n, 52.0), np.zeros(n, np.float32), 0.0, np.zeros(n), np.zeros(n), np.full(n, -1, np.int32), profile,
        ACUTE_OPTIONS, ACUTE_OPTION_COUNT)
    expected = [V.PROFILE_ACUTE[p][min(int(x * f32(len(V.PROFILE_ACUTE[p]))), len(V.PROFILE_ACUTE[p]) - 1)]
                for p, x in zip(profile, u[:, 1])]
    assert acute.tolist() == list(range(n)) and kind.tolist() == expected
    assert discharged.size == referred.size == to_specialist.size == 0 and not admitted.any()
    assert set(expected) == {k for options in V.PROFILE_ACUTE for k in options}


def test_carers_falling_ill_match_the_carer_by_carer_reference():
    """Carers fall ill when their draw (after the clients' draws, float32) is below the illness rate per week (in
    float32): the active ones only, who then stop caring; a carer already inactive stays so and is not a dropout."""
    w = needs_world()
    net = w.net
    w.params.needs.carer_illness_per_year = rate = 5.0  # the most allowed
    net.carer_active[::3] = False
    stream = copy.deepcopy(w.streams.needs)
    stream.standard_normal((net.n_clients, D), dtype=np.float32)
    stream.random((net.n_clients, 7), dtype=np.float32)
    u = stream.random(net.n_carers, dtype=np.float32)
    ill = [k for k in range(net.n_carers) if net.carer_active[k] and u[k] < f32(rate / 52)]
    active = net.carer_active.copy()
    active[ill] = False
    primary = [k for k in ill if net.primary_carer[net.carer_client[k]] == k]
    assert primary and (u[~net.carer_active] < f32(rate / 52)).any()
    w.transitions.take()
    run_week(w, needs_and_events)
    assert net.carer_active.tolist() == active.tolist()
    clients, kinds, _, _ = w.transitions.take()
    assert sorted(clients[kinds == V.CARER_DROPOUT].tolist()) == sorted(net.carer_client[primary].tolist())
