"""Alignment (ODD 7.6): pairs of professionals advising on overlapping needs contradict unless they align.

Stream ``alignment``. Advice and conflict chances are per pair per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import ROLE_BIT, nonzero2, row_count

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


D = len(V.DOMAINS)


def alignment(w: "World") -> None:
    """Pairs of professionals advising on overlapping needs contradict unless they align.

    A pair aligns directly when the two know each other (chance: their mean
    willingness for boundary work), through the shared plan (both connected,
    client consented), or through a regiebehandelaar who knows both.
    """
    net, p, rng, week = w.net, w.params, w.streams.alignment, w.week
    N = net.n_clients
    home = net.admitted_until < 0
    active = net.member >= 0
    roles = np.asarray(V.DOMAIN_ROLE)
    delivering = net.arranged > 0
    for d in range(D):
        if roles[d] != V.GP:
            active[:, roles[d]] &= delivering[:, d]
    active[:, V.SPECIALIST] &= net.specialist_until >= week
    active[:, V.PHYSIOTHERAPIST] &= net.physio_until >= week
    active[:, V.PHARMACIST] = False
    active[:, V.SOCIAL_TEAM] = False
    pairs = np.asarray(V.ADVICE_PAIRS)
    both = active[:, pairs[:, 0]] & active[:, pairs[:, 1]] & home[:, None]
    advise = both & (rng.random((N, len(pairs)), dtype=np.float32) < p.alignment.advice_per_week)
    c, k = nonzero2(advise)
    w.series.record(week, "advice_pairs", net.profile, row_count(advise))
    if c.size == 0:
        return
    a, b = net.member[c, pairs[k, 0]].astype(np.intp), net.member[c, pairs[k, 1]].astype(np.intp)  # faster lookups
    u = rng.random((c.size, 4))
    direct = net.knows[a, b] & (u[:, 0] < (net.post_boundary[a] + net.post_boundary[b]) / 2)
    plan = net.plan[c] & net.consent[c] & net.post_on_plan[a] & net.post_on_plan[b] & (u[:, 1] < p.alignment.plan_visibility)
    co = net.coordinator[c]
    co0 = np.maximum(co, 0)
    via_co = (co >= 0) & net.knows[co0, a] & net.knows[co0, b] & (
        u[:, 2] < p.alignment.coordinator_aligns * net.coordinator_quality[co0])
    aligned = direct | plan | via_co
    w.series.record(week, "aligned_pairs", net.profile[c], aligned.astype(float))
    contra = ~aligned & (u[:, 3] < p.alignment.conflict)
    cc = c[contra]
    w.log.record("contradiction", cc, detail=k[contra], actor=a[contra], target=b[contra])
    np.add.at(net.dissatisfaction, cc, p.complaints.contradiction_weight)
    np.add.at(net.harm_hazard, cc, p.alignment.contradiction_hazard)
    net.grievance[cc] = ROLE_BIT[pairs[k[contra], 0]] | ROLE_BIT[pairs[k[contra], 1]]
    pc = net.primary_carer[cc]
    np.add.at(w.carer_contradictions, pc[pc >= 0], 1)
