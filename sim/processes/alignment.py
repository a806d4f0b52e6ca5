"""Alignment (ODD 7.6): pairs of professionals advising on overlapping needs contradict unless they align.

Stream ``alignment``. Advice and conflict chances are per pair per week. The process draws; two compiled loops
(:func:`_advising_pairs` over the clients, :func:`_contradictions` over the advising pairs) apply the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import ROLE_BIT
from sim.compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


#: The number of roles (a constant of the compiled loops).
R = len(V.ROLES)

#: The advice pairs (role, role), as an array for the compiled loops; how many; and each as a bit mask of its two
#: roles. The compiled loops read the module's arrays as constants: loops over them unroll.
PAIRS = np.asarray(V.ADVICE_PAIRS, np.int64)
N_PAIRS = len(PAIRS)
PAIR_BITS = (1 << PAIRS[:, 0]) | (1 << PAIRS[:, 1])

#: The series of the advice pairs, as :func:`_advising_pairs` and :func:`_contradictions` sum them by profile.
PAIR_SERIES = ("advice_pairs", "aligned_pairs")

#: The delivering roles other than the GP, and their domains: such a role advises only with care arranged in its
#: domain (the GP whenever the client has one).
DELIVERING_ROLE = np.array([role for role in V.DOMAIN_ROLE if role != V.GP], np.int64)
DELIVERING_DOMAIN = np.array([d for d, role in enumerate(V.DOMAIN_ROLE) if role != V.GP], np.int64)


def alignment(w: "World") -> None:
    """Pairs of professionals advising on overlapping needs contradict unless they align.

    A role is active for a client with a post in it; a delivering role (not the GP) only with care arranged in its
    domain, the specialist and the physiotherapist only while involved; the pharmacist and the social team never
    advise. A pair of active roles of a client at home advises this week with chance ``advice_per_week``.
    A pair aligns directly when the two know each other (chance: their mean
    willingness for boundary work), through the shared plan (both connected,
    client consented), or through a regiebehandelaar who knows both.
    """
    net, p, rng, week = w.net, w.params, w.streams.alignment, w.week
    N = net.n_clients
    u = rng.random((N, len(PAIRS)), dtype=np.float32)
    pairs_by_profile, c, k = _advising_pairs(u, np.float32(p.alignment.advice_per_week), net.member, net.arranged,
                                             net.admitted_until, net.specialist_until, net.physio_until, week,
                                             net.profile, len(V.PROFILES))
    if c.size:
        u = rng.random((c.size, 4))
        knows = net.knows
        pa = p.alignment
        client, pair, a, b = _contradictions(
            c, k, u, PAIRS, net.member, knows.district, knows.local, knows.blocks, net.post_boundary, net.plan,
            net.consent, net.post_on_plan, net.coordinator, net.coordinator_quality, net.primary_carer, net.profile,
            pairs_by_profile, ROLE_BIT, net.dissatisfaction, net.harm_hazard, net.grievance, w.carer_contradictions,
            pa.plan_visibility, pa.coordinator_aligns, pa.conflict, p.complaints.contradiction_weight,
            pa.contradiction_hazard)
        w.log.record("contradiction", client, detail=pair, actor=a, target=b)
    w.series.add_many(week, PAIR_SERIES, pairs_by_profile)


@kernel
def _advising_pairs(u, advice_per_week, member, arranged, admitted_until, specialist_until, physio_until, week,
                    profile, n_profiles):
    """Which advice pairs advise this week, client by client.

    A role is active for a client with a post in it (``member``), with care arranged in its domain (hours per
    week > 0) for a delivering role other than the GP, and while involved (``specialist_until``, ``physio_until``
    >= ``week``) for the specialist and the physiotherapist; the pharmacist and the social team never advise.
    A pair of active roles (:data:`PAIR_BITS`: its two roles' bits) of a client at home advises when its uniform
    ``u[client, pair]`` (float32) is below ``advice_per_week`` (float32, probability per week).

    Returns the pairs by client profile ([profiles, 2], float64, the columns of :data:`PAIR_SERIES`): the number
    advising, and 0 aligned (:func:`_contradictions` adds them); and the advising (client, pair) in client order,
    then pair order. Two passes: the first reads only the draws (and whether the client is
    at home) and keeps the clients at home with a pair drawn (a third of the clients at 0.05 per pair-week); the
    second works out only their active roles and keeps those with an advising pair. The active roles and the pairs
    are bit masks, and a kept client is written and then counted or not: no branches (about twice as fast).
    """
    n_clients = member.shape[0]
    never = (1 << V.PHARMACIST) | (1 << V.SOCIAL_TEAM)
    by_profile = np.zeros((n_profiles, 2))
    kept = np.empty(n_clients, np.int32)  # the clients kept so far, in order
    pairs = np.empty(n_clients, np.int64)  # for each, a bit per pair drawn, then per pair advising
    n_kept = 0
    for c in range(n_clients):  # a pair drawn, at home (in hospital: no advice at home)
        drawn = 0
        for k in range(N_PAIRS):  # a constant: the loop unrolls
            drawn |= np.int64(u[c, k] < advice_per_week) << k
        kept[n_kept], pairs[n_kept] = c, drawn
        n_kept += (drawn != 0) & (admitted_until[c] < 0)
    n_advising = total = 0
    for j in range(n_kept):  # a pair drawn of two active roles
        c = kept[j]
        active = 0  # a bit per active role
        for role in range(R):
            active |= np.int64(member[c, role] >= 0) << role
        for i in range(DELIVERING_ROLE.size):
            active &= ~(np.int64(not arranged[c, DELIVERING_DOMAIN[i]] > 0) << DELIVERING_ROLE[i])
        active &= ~(np.int64(specialist_until[c] < week) << V.SPECIALIST)
        active &= ~(np.int64(physio_until[c] < week) << V.PHYSIOTHERAPIST)
        active &= ~never
        advising, n = 0, 0
        for k in range(N_PAIRS):
            advises = ((active & PAIR_BITS[k]) == PAIR_BITS[k]) & ((pairs[j] >> k) & 1)
            advising |= np.int64(advises) << k
            n += advises
        kept[n_advising], pairs[n_advising] = c, advising
        n_advising += advising != 0
        by_profile[profile[c], 0] += n
        total += n
    client, pair = np.empty(total, np.int64), np.empty(total, np.int64)
    i = 0
    for j in range(n_advising):
        for k in range(N_PAIRS):
            if (pairs[j] >> k) & 1:
                client[i], pair[i] = kept[j], k
                i += 1
    return by_profile, client, pair


@kernel
def _contradictions(client, pair, u, pairs, member, knows_district, knows_local, knows_blocks, post_boundary, plan,
                    consent, post_on_plan, coordinator, coordinator_quality, primary_carer, profile, pairs_by_profile,
                    role_bit, dissatisfaction, harm_hazard, grievance, carer_contradictions, plan_visibility,
                    coordinator_aligns, conflict, contradiction_weight, contradiction_hazard):
    """Each advising pair (a, b) of a client aligns or, with chance ``conflict``, contradicts; pair by pair.

    Aligned: directly when a and b know each other and ``u[:, 0]`` is below their mean boundary willingness; by
    the plan when the client has one and consents, both posts are on it and ``u[:, 1] < plan_visibility``; by the
    regiebehandelaar who knows both when ``u[:, 2] < coordinator_aligns * coordinator_quality``. An unaligned
    pair contradicts when ``u[:, 3] < conflict``: the client's dissatisfaction grows by ``contradiction_weight``
    and harm hazard by ``contradiction_hazard`` (probability per week; both in float64 before they are stored,
    as ``np.add.at`` does), the grievance becomes the two roles, and the primary carer meets one more
    contradiction. Updates the state in place, and adds the aligned pairs by client profile to column 1 of
    ``pairs_by_profile`` (float64, for the series). A pair's ways to align are tried in turn until one does, each
    draw before the acquaintance it needs (the blocks are large: their lookups miss the cache).

    Returns the contradictions as rows of the event log: client, advice pair, post a, post b (in the order of the
    pairs).
    """

    def acquainted(x, y):  # posts x and y know each other (``net.knows[x, y]``: never across districts)
        return knows_district[x] == knows_district[y] and knows_blocks[knows_district[x], knows_local[x],
                                                                       knows_local[y]]

    n = client.size
    row_client, row_pair = np.empty(n, np.int32), np.empty(n, np.int8)
    row_a, row_b = np.empty(n, np.int32), np.empty(n, np.int32)
    n_contradictions = 0
    for i in range(n):
        c, k = client[i], pair[i]
        pa, pb = member[c, pairs[k, 0]], member[c, pairs[k, 1]]
        co = coordinator[c]
        aligned = ((u[i, 0] < (post_boundary[pa] + post_boundary[pb]) / np.float32(2) and acquainted(pa, pb))
                   or (plan[c] and consent[c] and post_on_plan[pa] and post_on_plan[pb] and u[i, 1] < plan_visibility)
                   or (co >= 0 and u[i, 2] < np.float32(coordinator_aligns) * coordinator_quality[co]
                       and acquainted(co, pa) and acquainted(co, pb)))
        pairs_by_profile[profile[c], 1] += aligned
        if not aligned and u[i, 3] < conflict:
            dissatisfaction[c] += contradiction_weight
            harm_hazard[c] += contradiction_hazard
            grievance[c] = role_bit[pairs[k, 0]] | role_bit[pairs[k, 1]]
            if primary_carer[c] >= 0:
                carer_contradictions[primary_carer[c]] += 1
            row_client[n_contradictions], row_pair[n_contradictions] = c, k
            row_a[n_contradictions], row_b[n_contradictions] = pa, pb
            n_contradictions += 1
    m = n_contradictions
    return row_client[:m], row_pair[:m], row_a[:m], row_b[:m]
