"""Carer strain (ODD 7.7): strain grows with load and recovers; survey categories, burnout, dropout, overload signals.

Stream ``strain``. Load terms are in strain units per week; recovery is a fraction per week.

The loops over the carers are compiled kernels (:mod:`sim.compiled`): :func:`strain_week` (load, recovery,
category, burnout, who drops out, with the event log's rows of the categories changed and the burnouts), then, after
the dropouts and in one call, :func:`overload_noticed` and :func:`carers_by_profile` (the week's carer series, the
carers' hours included). They round where numpy's array arithmetic does (a float64 load whose
unmet-share term is float32, strain stored as float32, the chance of notice in float32), so they give numpy's
whole-array results to the last bit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel
from sim.processes.needs import carer_drops_out

R = len(V.ROLES)
STRAIN_CATEGORY, BURNOUT = V.EVENT["strain_category"], V.EVENT["burnout"]

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


@kernel
def strain_week(u, client, carer_active, carer_strain, carer_category, carer_over_weeks, carer_burned_out,
                carer_care, carer_available, carer_works, carer_coresident, carer_respite, carer_regelwerk,
                carer_contradictions, carer_sidelined, admitted_until, primary_carer, night_care, budget,
                budget_pays_carer, unmet_share, member, involves_carer, thresholds, loads, recoveries,
                burnout_weeks, dropout_per_week, coresident_dropout_ratio):
    """One week of strain, carer by carer (:func:`strain` describes the mechanism).

    ``involves_carer``: per post whether it involves carers (no post, -1, does not). ``loads``: the
    weights of care share, paid work, nights, regelwerk hours, the client's unmet share, contradictions and being
    sidelined (strain units per week); ``recoveries``: recovery, with support and with respite (fractions per week);
    ``u[:, 0]``: the carers' dropout draws. Returns the new strain (float32), survey category (int8) and count of
    overburdened weeks (int16) of every carer (an inactive carer keeps her strain and category); the event log's
    rows (event code, client, new category, carer, new strain): a ``strain_category`` row per carer whose category
    changed, then a ``burnout`` row per carer who burned out (category 0 and strain NaN: the log's defaults); and
    the carers who drop out. ``carer_burned_out`` is updated in place."""
    care_load, work_strain, night_load, regelwerk_load, unmet_load, contradiction_load, sidelined_load = loads
    recovery, support_recovery, respite_recovery = recoveries
    unmet_load32 = np.float32(unmet_load)  # the unmet-share term is float32 math (float32 share)
    n_carers = client.size
    involves = np.empty(involves_carer.size + 1, np.bool_)  # post p is entry p + 1; entry 0 stands for no post (-1)
    involves[0] = False
    involves[1:] = involves_carer
    strain = carer_strain.copy()
    category = carer_category.copy()
    over_weeks = np.empty(n_carers, np.int16)
    changed, burnout, dropout = np.empty(n_carers, np.intp), np.empty(n_carers, np.intp), np.empty(n_carers, np.intp)
    n_changed = n_burnout = n_dropout = 0
    for k in range(n_carers):
        c = client[k]
        if carer_active[k]:
            involved = False  # a member post of the client involves carers
            for r in range(R):  # R a constant: the loop over the roles unrolls
                involved |= involves[np.uint32(member[c, r] + 1)]  # an unsigned index: no check for a negative one
            primary = primary_carer[c] == k
            night = night_care[c] & carer_coresident[k] & (admitted_until[c] < 0) & primary
            care_share = carer_care[k] / carer_available[k] if carer_available[k] > 0 else 0.0
            paid = primary & budget[c] & budget_pays_carer[c]  # paid from the budget: no other job needed
            load = (care_load * (1 + work_strain * (carer_works[k] & (not paid))) * care_share
                    + night_load * night
                    + regelwerk_load * carer_regelwerk[k]
                    + unmet_load32 * unmet_share[c]
                    + contradiction_load * carer_contradictions[k]
                    + sidelined_load * carer_sidelined[k])
            recovered = recovery + support_recovery * involved + respite_recovery * carer_respite[k]
            strain[k] = np.float32(np.float64(carer_strain[k]) * (1 - recovered) + load)
            new_category = 0  # the number of thresholds at or below the strain
            for threshold in thresholds:
                new_category += threshold <= strain[k]
            if new_category != carer_category[k]:
                changed[n_changed] = k
                n_changed += 1
            category[k] = new_category
        over = carer_active[k] and category[k] == 3
        over_weeks[k] = carer_over_weeks[k] + 1 if over else 0
        if over and over_weeks[k] == burnout_weeks and not carer_burned_out[k]:
            carer_burned_out[k] = True
            burnout[n_burnout] = k
            n_burnout += 1
        carer_burned_out[k] &= category[k] >= 2  # recovered below 'very heavy': the burnout is over
        chance = dropout_per_week * (coresident_dropout_ratio if carer_coresident[k] else 1.0)
        if carer_active[k] and carer_burned_out[k] and u[k, 0] < chance:
            dropout[n_dropout] = k
            n_dropout += 1
    n_rows = n_changed + n_burnout
    event, row_client, detail = np.empty(n_rows, np.int64), np.empty(n_rows, client.dtype), np.empty(n_rows, np.int8)
    carer, value = np.empty(n_rows, np.int64), np.empty(n_rows, np.float32)
    for i in range(n_changed):
        k = changed[i]
        event[i], row_client[i], detail[i], carer[i], value[i] = STRAIN_CATEGORY, client[k], category[k], k, strain[k]
    for i in range(n_burnout):
        k = burnout[i]
        j = n_changed + i
        event[j], row_client[j], detail[j], carer[j], value[j] = BURNOUT, client[k], 0, k, np.float32(np.nan)
    return strain, category, over_weeks, (event, row_client, detail, carer, value), dropout[:n_dropout]


@kernel
def overload_noticed(u, client, carer_active, carer_category, usual_care_waived, coordinator, coordinator_quality,
                     noticed_per_week, watch_carer):
    """The active carers in category 2 or more, of a client whose usual care is not waived yet, whose overload is
    noticed this week: chance 1 - (1 - ``noticed_per_week``)(1 - watch), watch = ``watch_carer`` times the quality
    of the client's regiebehandelaar if any (float32 math), against the draw ``u[:, 1]``. Then the usual care of
    their clients is waived (in place, after all carers are seen). Returns the rows of the event log: per carer
    noticed, the client, the carer and the client's regiebehandelaar (-1 for none)."""
    one = np.float32(1.0)
    missed = np.float32(1.0 - noticed_per_week)
    noticed, noticed_client, lead_post = (np.empty(client.size, np.int64), np.empty(client.size, np.int64),
                                          np.empty(client.size, np.int64))
    n_noticed = 0
    for k in range(client.size):
        c = client[k]
        if not (carer_active[k] and carer_category[k] >= 2 and not usual_care_waived[c]):
            continue
        lead = coordinator[c]
        watch = np.float32(watch_carer) * coordinator_quality[lead] if lead >= 0 else np.float32(0.0)
        if u[k, 1] < one - missed * (one - watch):
            noticed[n_noticed], noticed_client[n_noticed], lead_post[n_noticed] = k, c, lead
            n_noticed += 1
    for i in range(n_noticed):
        usual_care_waived[noticed_client[i]] = True
    return noticed_client[:n_noticed], noticed[:n_noticed], lead_post[:n_noticed]


@kernel
def carers_by_profile(carer_profile, n_profiles, carer_active, carer_category, carer_strain, carer_care, hour_value,
                      carer_usual, carer_gap, carer_presence, carer_practical, carer_regelwerk):
    """The week's state of the carers per profile, summed carer by carer (as the week's series are): the active
    carers, of them those fairly heavily strained, very heavily and overburdened (survey categories 1, 2, 3), and
    their strain (strain units); the value of every carer's care hours at ``hour_value`` (EUR per week); and every
    carer's hours of care, of its four kinds (usual, gap, presence, practical) and of regelwerk (hours per week).
    Returns [profiles, 12], the columns in that order (:data:`CARER_SERIES`)."""
    sums = np.zeros((n_profiles, 12))
    for k in range(carer_profile.size):
        profile, active, category = carer_profile[k], carer_active[k], carer_category[k]
        sums[profile, 0] += active
        sums[profile, 1] += active & (category == 1)
        sums[profile, 2] += active & (category == 2)
        sums[profile, 3] += active & (category == 3)
        sums[profile, 4] += np.float64(carer_strain[k]) if active else 0.0
        sums[profile, 5] += carer_care[k] * hour_value
        sums[profile, 6] += carer_care[k]
        sums[profile, 7] += carer_usual[k]
        sums[profile, 8] += carer_gap[k]
        sums[profile, 9] += carer_presence[k]
        sums[profile, 10] += carer_practical[k]
        sums[profile, 11] += carer_regelwerk[k]
    return sums


@kernel
def _noticed_and_summed(u, client, carer_active, carer_category, usual_care_waived, coordinator,
                        coordinator_quality, noticed_per_week, watch_carer, carer_profile, n_profiles, carer_strain,
                        carer_care, hour_value, carer_usual, carer_gap, carer_presence, carer_practical,
                        carer_regelwerk):
    """The end of the week's strain, after the dropouts, in one call: the overload noticed
    (:func:`overload_noticed`: its log rows; the usual care waived in place), and the carers' state per profile
    (:func:`carers_by_profile`: [profiles, 12])."""
    noticed = overload_noticed(u, client, carer_active, carer_category, usual_care_waived, coordinator,
                               coordinator_quality, noticed_per_week, watch_carer)
    sums = carers_by_profile(carer_profile, n_profiles, carer_active, carer_category, carer_strain, carer_care,
                             hour_value, carer_usual, carer_gap, carer_presence, carer_practical, carer_regelwerk)
    return noticed, sums


#: The series of :func:`carers_by_profile`, in its column order.
CARER_SERIES = ("carers_active", "carers_fairly_heavy", "carers_very_heavy", "carers_overburdened", "carer_strain",
                "cost_informal", "carer_care_hours", "carer_usual_hours", "carer_gap_hours", "carer_presence_hours",
                "carer_practical_hours", "carer_regelwerk_hours")


def strain(w: "World") -> None:
    """Carer strain grows with load and recovers; survey categories, burnout, dropout, overload signals.

    Load: care hours (all four kinds) over available hours, heavier for a carer
    who also has paid work; nights with a client who needs night care (a carer
    living with them); regelwerk hours, the client's unmet share, contradictions
    and being sidelined. Recovery is faster when a professional in the network
    involves the carer, and with respite care. Sustained overburden is a
    burnout; a burned-out carer may drop out (less often one who lives with the client). A noticed overload waives the
    'gebruikelijke zorg' so the support need can be re-indicated.
    """
    net, p, rng, week = w.net, w.params, w.streams.strain, w.week
    sp = p.strain
    C = net.n_carers
    u = rng.random((C, 2), dtype=np.float32)
    active = net.carer_active
    client = w.carer_client
    loads = (sp.care_load, sp.work_strain, sp.night_load, sp.regelwerk_load, sp.unmet_load, sp.contradiction_load,
             sp.sidelined_load)
    recoveries = (sp.recovery, sp.support_recovery, sp.respite_recovery)
    net.carer_strain, net.carer_category, net.carer_over_weeks, rows, dropout = strain_week(
        u, client, active, net.carer_strain, net.carer_category, net.carer_over_weeks, net.carer_burned_out,
        w.carer_care, net.carer_available, net.carer_works, net.carer_coresident, net.carer_respite,
        w.carer_regelwerk, w.carer_contradictions, w.carer_sidelined, net.admitted_until, net.primary_carer,
        net.night_care, net.budget, net.budget_pays_carer, net.unmet_share, net.member, net.post_involves_carer,
        w.strain_thresholds, loads, recoveries, sp.burnout_weeks, sp.dropout_per_week, sp.coresident_dropout_ratio)
    event, category_client, category, carer, value = rows  # the carers whose category changed, then burnouts
    w.log.record_rows(event, category_client, detail=category, actor=carer, value=value)
    if dropout.size:
        carer_drops_out(w, dropout)

    # overload noticed by a visiting professional or, with its special duty, the regiebehandelaar; the week's series
    (noticed_client, noticed, lead), sums = _noticed_and_summed(
        u, client, net.carer_active, net.carer_category, net.usual_care_waived, net.coordinator,
        net.coordinator_quality, sp.overload_noticed, p.policies.regiebehandelaar.watch_carer, w.carer_profile,
        len(V.PROFILES), net.carer_strain, w.carer_care, p.costs.carer_hour_value, w.carer_usual, w.carer_gap,
        w.carer_presence, w.carer_practical, w.carer_regelwerk)
    w.log.record("overload_signalled", noticed_client, actor=noticed, target=lead)
    w.series.add_many(week, CARER_SERIES, sums)
