"""The week's small leftovers against simple references (issue 13).

* **Carers' hours** (:func:`sim.network.carer_hours`): drawn as a standard gamma times the scale, they must be
  numpy's ``rng.gamma(4.0, mean / 4)`` to the last bit, and leave the stream where it leaves it.
* **Carers dropping out** (:func:`sim.processes.needs.carer_drops_out`), carer by carer (ODD 7.2): each stops and
  may be replaced; a primary carer's client gets the active secondary carer with the most hours (the first of
  equals), or none (then proxy, a budget held by the carer and paying the carer end), and a dropout transition.
  Only secondary carers dropping out: no transition, nobody steps up.
* **Nobody referred or admitted** (:func:`sim.processes.needs.refer_clients`, :func:`~sim.processes.needs.admit_clients`
  with no clients): nothing changes, nothing is drawn or logged.

``test_reference_entry.py`` already checks the newcomers' and replacing carers' traits and hours against draws taken
one trait at a time (``rng.random`` per trait, ``rng.gamma``). Under a second.
"""

from __future__ import annotations

import copy

import numpy as np
from test_reference_arranging import NET2
from worlds import make_world, run_week

from sim import vocabulary as V
from sim.network import carer_hours
from sim.processes.needs import admit_clients, carer_drops_out, refer_clients


def test_carer_hours_are_numpys_gamma_draws():
    """Primary and secondary carers of several profiles' hours, for 0 to 40 carers: the same float32 hours as
    ``rng.gamma(4.0, mean / 4.0)`` and the same next draw."""
    for n in (0, 1, 2, 7, 40):
        rng = np.random.default_rng(n)
        per_profile = rng.random(n) * 30.0
        primary = rng.random(n) < 0.5
        reference = copy.deepcopy(rng)
        mean = np.array([h * (1.0 if p else 0.25) for h, p in zip(per_profile, primary)], float)
        expected = reference.gamma(4.0, mean / 4.0).astype(np.float32)
        got = carer_hours(per_profile, primary, rng)
        assert got.dtype == np.float32 and got.tobytes() == expected.tobytes()
        assert rng.random() == reference.random()


def dropout_reference(w, carers) -> dict:
    """``carer_drops_out`` carer by carer on copies of the arrays: (active, return week, primary carer, proxy,
    budget, budget pays carer, transitions as (client, actor))."""
    net = w.net
    active, primary = net.carer_active.copy(), net.primary_carer.copy()
    proxy, budget, pays = net.proxy.copy(), net.budget.copy(), net.budget_pays_carer.copy()
    returns = net.carer_return_week.copy()
    f = w.params.flows
    dropping = [k for k in carers if active[k]]
    for k in dropping:
        active[k] = False
        u = w.carer_replace_u[k]  # float32, as the process computes the wait
        if u < f.carer_replacement:
            returns[k] = w.week + int(1 + np.round(-np.log(max(u / f.carer_replacement, 1e-12))
                                                   * f.replacement_weeks))
        else:
            returns[k] = -1
    transitions = []
    for k in dropping:
        c = net.carer_client[k]
        if primary[c] != k:
            continue
        others = [j for j in range(net.n_carers) if net.carer_client[j] == c and active[j]]
        best = -1
        for j in others:  # the most hours; the first of equals
            if best < 0 or net.carer_available[j] > net.carer_available[best]:
                best = j
        primary[c] = best
        transitions.append((c, k))
        if best < 0:
            proxy[c] = False
            if net.budget_by_carer[c]:
                budget[c] = False
            pays[c] = False
    return {"active": active, "returns": returns, "primary": primary, "proxy": proxy, "budget": budget,
            "pays": pays, "transitions": transitions}


def dropout_world():
    """NET2 with every client's carers active, proxies and budgets held by carers, and draws for replacement."""
    w = make_world(NET2, flows__carer_replacement=0.5, flows__replacement_weeks=3.0)
    net = w.net
    net.carer_active[:] = True
    net.proxy[:] = True
    net.budget[:] = True
    net.budget_by_carer[::2] = True
    net.budget_pays_carer[:] = True
    w.carer_replace_u[:] = np.random.default_rng(3).random(net.n_carers).astype(np.float32)
    w.log.week = w.week = 5
    return w


def check_dropout(w, carers: np.ndarray) -> list:
    expected = dropout_reference(w, carers)
    carer_drops_out(w, carers)
    net = w.net
    assert net.carer_active.tolist() == expected["active"].tolist()
    assert net.carer_return_week.tolist() == expected["returns"].tolist()
    assert net.primary_carer.tolist() == expected["primary"].tolist()
    assert net.proxy.tolist() == expected["proxy"].tolist()
    assert net.budget.tolist() == expected["budget"].tolist()
    assert net.budget_pays_carer.tolist() == expected["pays"].tolist()
    client, kind, _, _ = w.transitions.take()
    assert (kind == V.CARER_DROPOUT).all()
    log = w.log.arrays()
    logged = log["event"] == V.EVENT["transition"]
    assert list(zip(client.tolist(), log["actor"][logged].tolist())) == expected["transitions"]
    return expected["transitions"]


def test_carer_dropout_matches_the_carer_by_carer_reference():
    """Primary carers (with and without a secondary carer to step up, one already inactive), secondary carers, and
    only secondary carers (no transition)."""
    w = dropout_world()
    net = w.net
    is_primary = net.primary_carer[net.carer_client] == np.arange(net.n_carers)
    secondary = np.flatnonzero(~is_primary)
    assert secondary.size >= 2 and is_primary.sum() >= 4
    assert check_dropout(w, secondary[:2]) == []
    net.carer_active[secondary[2:3]] = False
    assert check_dropout(w, np.arange(net.n_carers))
    w = dropout_world()
    stepping_up = [c for c in range(w.net.n_clients)
                   if (w.net.carer_client == c).sum() >= 2 and w.net.primary_carer[c] >= 0]
    assert stepping_up
    carers = np.array([w.net.primary_carer[c] for c in stepping_up] + [secondary[-1]])
    check_dropout(w, carers)
    assert (w.net.primary_carer[stepping_up] >= 0).any()


def test_nobody_referred_or_admitted_changes_nothing():
    """No clients: no member, no involvement, no transition, no log row, no draw."""
    w = make_world(NET2)
    run_week(w)
    w.log.week = w.week
    before = copy.deepcopy(w.net)
    state = w.streams.matching.bit_generator.state
    none = np.empty(0, np.int64)
    for role in (V.SPECIALIST, V.PHYSIOTHERAPIST):
        refer_clients(w, none, role, np.empty(0, np.float32))
    admit_clients(w, none, np.empty(0, np.int32), np.empty(0, np.float32))
    for name in ("member", "specialist_until", "physio_until", "admitted_until", "coordinator"):
        assert getattr(w.net, name).tolist() == getattr(before, name).tolist()
    assert w.streams.matching.bit_generator.state == state
    assert w.transitions.take()[0].size == 0 and w.log.arrays()["event"].size == 0
