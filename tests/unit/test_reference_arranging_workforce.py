"""Arranging's and the workforce's compiled passes over every client (issue 13): against plain per-client loops.

:mod:`test_reference_arranging` and :mod:`test_reference_requests` check the whole processes request by request on a
districted network. Here each kernel that was restructured for speed (lookups in a pass of their own, a walk over the
open requests only, one pass that keeps what it finds) is run on hand-built arrays of a few hundred clients, with
every case mixed in (each arranger, carers who are overloaded, live with the client or are missing, admissions, open
requests at each stage, due and not due, posts of every number leaving), against a plain loop written from its
docstring:

* ``true_indices`` on int8 arrays (the stages of the open requests): the nonzero entries, any value;
* ``_take_up``: who arranges, whether a carer arranges, the take-up probability;
* ``_gaps_taken_up``: the indicable need, arranged care capped at it, and the gaps taken up;
* ``_follow_up``: the week's regelwerk in its logged order, indications done, the requests awaiting a provider;
* the workforce's ``_clients_of``: the clients of the leaving posts, with their post.

Exact comparisons throughout: the float32 need and the float64 hours are computed in the same precision and order as
the kernels.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import vocabulary as V
from sim.processes.arranging import _budget_lost, _follow_up, _gaps_taken_up, _take_up
from sim.processes.arrays import true_indices
from sim.processes.workforce import _below, _clients_of, _consultations, _keeps

D = len(V.DOMAINS)
N_CLIENTS, N_CARERS, N_COORDINATORS = 300, 120, 6


def clients_and_carers(seed: int) -> dict:
    """Per-client and per-carer arrays in which every arranger and every case occurs."""
    rng = np.random.default_rng(seed)
    n = N_CLIENTS
    primary = rng.integers(0, N_CARERS, n).astype(np.int32)
    primary[rng.random(n) < 0.25] = -1  # no carer
    coordinator = rng.integers(0, N_COORDINATORS, n).astype(np.int32)
    coordinator[rng.random(n) < 0.7] = -1
    return dict(
        coordinator=coordinator, budget=rng.random(n) < 0.3, budget_by_carer=rng.random(n) < 0.5,
        able=rng.random(n) < 0.5, wishes=rng.random(n) < 0.6, proxy=rng.random(n) < 0.4, primary_carer=primary,
        carer_category=rng.integers(0, 4, N_CARERS).astype(np.int8),
        coordinator_quality=rng.random(N_COORDINATORS).astype(np.float32),
        carer_coresident=rng.random(N_CARERS) < 0.5, usual_care_waived=rng.random(n) < 0.3,
        usual_care_share=rng.random(n) * 0.6,
        base_need=(rng.random((n, D)) * 6).astype(np.float32), extra_need=(rng.random((n, D)) * 2).astype(np.float32),
        arranged=(rng.random((n, D)) * 8).astype(np.float32),
        admitted_until=np.where(rng.random(n) < 0.15, rng.integers(0, 50, n), -1).astype(np.int32),
        request_stage=rng.choice(np.array([0, 0, 0, 1, 2], np.int8), (n, D)),
        request_due=rng.integers(0, 20, (n, D)).astype(np.int32),
        request_id=rng.integers(0, 10**6, (n, D)).astype(np.int32),
    )


def arranger_reference(a: dict, c: int) -> int:
    has_carer = a["primary_carer"][c] >= 0
    if a["coordinator"][c] >= 0:
        return V.COORD
    if a["budget"][c] and (has_carer or not a["budget_by_carer"][c]):
        return V.BUDGET_HOLDER
    if a["able"][c] and a["wishes"][c]:
        return V.SELF
    if has_carer and a["proxy"][c]:
        return V.PROXY
    return V.CARER if has_carer else V.NOBODY


def take_up_reference(a: dict, professional_initiative: float, notice_self: float, overloaded_keeps: float):
    who, carer_arranges, take_up = [], [], []
    for c in range(N_CLIENTS):
        code, carer = arranger_reference(a, c), a["primary_carer"][c]
        arranges = code in (V.CARER, V.PROXY) or (code == V.BUDGET_HOLDER and bool(a["budget_by_carer"][c]))
        if code == V.COORD:
            chance = float(a["coordinator_quality"][a["coordinator"][c]])
        elif code == V.NOBODY:
            chance = professional_initiative
        elif arranges and carer >= 0 and a["carer_category"][carer] >= 2:
            chance = notice_self * overloaded_keeps
        else:
            chance = notice_self
        who.append(code)
        carer_arranges.append(arranges)
        take_up.append(chance)
    return who, carer_arranges, take_up


def indicable_reference(a: dict, c: int, d: int) -> np.float32:
    need = a["base_need"][c, d] + a["extra_need"][c, d]
    carer = a["primary_carer"][c]
    if d in (V.NURSING, V.SUPPORT) and carer >= 0 and a["carer_coresident"][carer] and not a["usual_care_waived"][c]:
        return need * (np.float32(1) - np.float32(a["usual_care_share"][c]))
    return need


@pytest.mark.parametrize("seed", range(4))
def test_take_up_matches_client_by_client(seed):
    a = clients_and_carers(seed)
    who, carer_arranges, take_up = _take_up(
        a["coordinator"], a["budget"], a["budget_by_carer"], a["able"], a["wishes"], a["proxy"], a["primary_carer"],
        a["carer_category"], a["coordinator_quality"], 0.05, 0.3, 0.6)
    ref_who, ref_arranges, ref_take_up = take_up_reference(a, 0.05, 0.3, 0.6)
    assert who.tolist() == ref_who
    assert carer_arranges.tolist() == ref_arranges
    assert take_up.tolist() == ref_take_up
    assert set(ref_who) == set(range(len(V.ARRANGERS)))  # every arranger occurs


@pytest.mark.parametrize("seed", range(4))
def test_gaps_taken_up_match_client_by_client(seed):
    a = clients_and_carers(seed)
    rng = np.random.default_rng(100 + seed)
    u = rng.random((N_CLIENTS, D), dtype=np.float32)
    take_up = rng.random(N_CLIENTS)
    threshold = np.float32(0.5)
    arranged = a["arranged"].copy()
    clients, domains = _gaps_taken_up(
        a["base_need"], a["extra_need"], a["primary_carer"], a["carer_coresident"], a["usual_care_waived"],
        a["usual_care_share"], arranged, a["admitted_until"], a["request_stage"], u, take_up, threshold)
    ref_arranged, taken = a["arranged"].copy(), []
    for c in range(N_CLIENTS):
        for d in range(D):
            target = indicable_reference(a, c, d)
            ref_arranged[c, d] = min(ref_arranged[c, d], target)
            if (a["admitted_until"][c] < 0 and a["request_stage"][c, d] == 0
                    and target - ref_arranged[c, d] > threshold and u[c, d] < take_up[c]):
                taken.append((c, d))
    assert np.array_equal(arranged, ref_arranged)
    assert not np.array_equal(ref_arranged, a["arranged"])  # some care was capped
    assert list(zip(clients.tolist(), domains.tolist())) == taken
    assert len(taken) > 10


@pytest.mark.parametrize("seed", range(4))
def test_follow_up_matches_request_by_request(seed):
    a = clients_and_carers(seed)
    rng = np.random.default_rng(200 + seed)
    who, carer_arranges, _ = _take_up(
        a["coordinator"], a["budget"], a["budget_by_carer"], a["able"], a["wishes"], a["proxy"], a["primary_carer"],
        a["carer_category"], a["coordinator_quality"], 0.05, 0.3, 0.6)
    clients = np.sort(rng.choice(N_CLIENTS, 40, replace=False))  # the week's requests (their stages are set already)
    desk = rng.random(40) * 3
    ids = np.arange(5000, 5040, dtype=np.int32)
    mandate, waiting, keeps, week = 0.5, 0.25, 0.4, 10
    stage = a["request_stage"].copy()
    *regelwerk, awaiting, domains = _follow_up(clients, desk, ids, who, carer_arranges, a["primary_carer"], stage,
                                               a["request_due"], a["request_id"], mandate, waiting, keeps, week)
    rows = []
    for kind_of_piece in ("desk", "mandate", "lead"):
        for i, c in enumerate(clients):
            if a["primary_carer"][c] < 0:
                continue
            if kind_of_piece == "desk" and carer_arranges[c]:
                rows.append((c, desk[i], V.DESK, ids[i]))
            elif kind_of_piece == "mandate" and who[c] == V.CARER:
                rows.append((c, mandate, V.MANDATE, ids[i]))
            elif kind_of_piece == "lead" and who[c] == V.COORD:
                rows.append((c, desk[i] * keeps, V.DESK, ids[i]))
    for lead, hours in ((False, waiting), (True, waiting * keeps)):
        for c in range(N_CLIENTS):
            calls = (who[c] == V.COORD) if lead else carer_arranges[c]
            for d in range(D):
                if a["request_stage"][c, d] > 0 and calls and a["primary_carer"][c] >= 0:
                    rows.append((c, hours, V.WAITING, a["request_id"][c, d]))
    ref_stage = a["request_stage"].copy()
    ref_stage[(ref_stage == 1) & (a["request_due"] <= week)] = 2
    assert list(zip(*(r.tolist() for r in regelwerk))) == [(int(c), float(h), int(k), int(r)) for c, h, k, r in rows]
    assert np.array_equal(stage, ref_stage)
    at = np.flatnonzero(ref_stage == 2)
    assert awaiting.tolist() == (at // D).tolist() and domains.tolist() == (at % D).tolist()
    assert {V.DESK, V.MANDATE, V.WAITING} <= set(regelwerk[2].tolist())


@pytest.mark.parametrize("n", [0, 1, 5, 7, 8, 9, 16, 17, 203])
def test_true_indices_of_int8_stages_are_the_nonzero_entries(n):
    rng = np.random.default_rng(n)
    for share in (0.0, 0.05, 0.5, 1.0):
        stage = np.where(rng.random((n, D)) < share, rng.choice(np.array([-1, 1, 2, 3], np.int8), (n, D)), 0)
        stage = stage.astype(np.int8)
        assert true_indices(stage).tolist() == [i for i in range(stage.size) if stage.reshape(-1)[i] != 0]


@pytest.mark.parametrize("seed", range(4))
def test_clients_of_the_leaving_posts_match_client_by_client(seed):
    rng = np.random.default_rng(300 + seed)
    n_posts, roles = 50, len(V.ROLES)
    member = rng.integers(0, n_posts, (N_CLIENTS, roles)).astype(np.int32)
    member[rng.random(member.shape) < 0.4] = -1
    for leaving in (np.array([], np.int64), np.array([0, n_posts - 1]), np.sort(rng.choice(n_posts, 7, replace=False)),
                    np.arange(n_posts)):
        clients, posts = _clients_of(leaving, member, n_posts)
        ref = [(c, member[c, r]) for c in range(N_CLIENTS) for r in range(roles) if member[c, r] in set(leaving)]
        assert list(zip(clients.tolist(), posts.tolist())) == ref


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_draws_below_a_probability_compare_as_numpy_in_the_draws_dtype(dtype):
    """Budgets lost, posts leaving, budget holders keeping a professional and case consultations against numpy's
    ``u < p`` for a Python float ``p``, which compares in the draws' dtype: 0.1 is not a float32, so float64 draws
    between 0.1 and float32(0.1) are below the one and not the other."""
    rng = np.random.default_rng(7)
    n, p = 400, 0.1
    just_above = np.nextafter(p, 1.0) + (float(np.float32(p)) - p) * rng.random(n // 2)  # float32(p) > p
    u = np.concatenate([just_above, rng.random(n // 2) * 0.2]).astype(dtype)
    if dtype == np.float64:  # the draws a float32 threshold would count as below
        assert np.count_nonzero(u < p) < np.count_nonzero(u < np.float32(p))
    budget = rng.random(n) < 0.6
    who = rng.integers(0, len(V.ARRANGERS), n).astype(np.int8)
    admitted_until = np.where(rng.random(n) < 0.2, 10, -1).astype(np.int32)
    assert _below(u, p).tolist() == np.flatnonzero(u < p).tolist()
    assert _budget_lost(budget, u, p).tolist() == np.flatnonzero(budget & (u < p)).tolist()
    assert np.array_equal(_keeps(budget, who, u, p), budget & (who == V.BUDGET_HOLDER) & (u < p))
    member = np.full((n, len(V.ROLES)), -1, np.int32)
    member[:, 0] = np.arange(n)  # client c's only post is post c: it knows itself after a consultation
    blocks = np.zeros((1, n, n), np.bool_)
    _consultations(admitted_until, u, p, member, blocks, np.zeros(n, np.int32), np.arange(n, dtype=np.int32))
    assert np.flatnonzero(blocks[0].diagonal()).tolist() == np.flatnonzero((admitted_until < 0) & (u < p)).tolist()
