"""Carer strain (ODD 7.7): strain grows with load and recovers; survey categories, burnout, dropout, overload signals.

Stream ``strain``. Load terms are in strain units per week; recovery is a fraction per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.processes.arrays import row_any
from sim.processes.needs import carer_drops_out

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


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
    involved = row_any(np.append(net.post_involves_carer, False)[net.member.astype(np.intp)])  # -1: no post
    home = net.admitted_until[client] < 0
    primary = net.primary_carer[client] == np.arange(C)
    night = net.night_care[client] & net.carer_coresident & home & primary
    care_share = np.divide(w.carer_care, net.carer_available, out=np.zeros(C), where=net.carer_available > 0)
    paid = primary & net.budget[client] & net.budget_pays_carer[client]  # paid from the budget: no other job needed
    load = (sp.care_load * (1 + sp.work_strain * (net.carer_works & ~paid)) * care_share
            + sp.night_load * night
            + sp.regelwerk_load * w.carer_regelwerk
            + sp.unmet_load * net.unmet_share[client]
            + sp.contradiction_load * w.carer_contradictions
            + sp.sidelined_load * w.carer_sidelined)
    recovery = sp.recovery + sp.support_recovery * involved[client] + sp.respite_recovery * net.carer_respite
    net.carer_strain = np.where(active, net.carer_strain * (1 - recovery) + load, net.carer_strain).astype(np.float32)
    category = np.searchsorted(w.strain_thresholds, net.carer_strain, side="right").astype(np.int8)
    changed = np.flatnonzero(active & (category != net.carer_category))
    w.log.record("strain_category", client[changed], detail=category[changed], actor=changed,
                 value=net.carer_strain[changed])
    net.carer_category = np.where(active, category, net.carer_category)
    over = active & (net.carer_category == 3)
    net.carer_over_weeks = np.where(over, net.carer_over_weeks + 1, 0).astype(np.int16)
    burnout = np.flatnonzero(over & (net.carer_over_weeks == sp.burnout_weeks) & ~net.carer_burned_out)
    net.carer_burned_out[burnout] = True
    net.carer_burned_out &= net.carer_category >= 2  # recovered below 'very heavy': the burnout is over
    w.log.record("burnout", client[burnout], actor=burnout)
    dropout = sp.dropout_per_week * np.where(net.carer_coresident, sp.coresident_dropout_ratio, 1.0)
    carer_drops_out(w, np.flatnonzero(active & net.carer_burned_out & (u[:, 0] < dropout)))

    # overload noticed by a visiting professional or, with its special duty, the regiebehandelaar
    co = net.coordinator[client]
    watch = np.where(co >= 0, p.policies.regiebehandelaar.watch_carer * net.coordinator_quality[np.maximum(co, 0)], 0)
    p_notice = 1 - (1 - sp.overload_noticed) * (1 - watch)
    noticed = np.flatnonzero(net.carer_active & (net.carer_category >= 2) & ~net.usual_care_waived[client]
                             & (u[:, 1] < p_notice))
    net.usual_care_waived[client[noticed]] = True
    w.log.record("overload_signalled", client[noticed], actor=noticed, target=co[noticed])

    cat = net.carer_category
    w.series.record_many(
        week, w.carer_profile, carer_care_hours=w.carer_care, carer_usual_hours=w.carer_usual,
        carer_gap_hours=w.carer_gap, carer_presence_hours=w.carer_presence, carer_practical_hours=w.carer_practical,
        carer_regelwerk_hours=w.carer_regelwerk,
        carers_active=active, carers_fairly_heavy=active & (cat == 1), carers_very_heavy=active & (cat == 2),
        carers_overburdened=active & (cat == 3), carer_strain=np.where(active, net.carer_strain, 0.0),
        cost_informal=w.carer_care * p.costs.carer_hour_value)
