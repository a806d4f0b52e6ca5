"""Arranging's requests, the workforce and the mask helpers (issue 13): the compiled paths against plain references.

:mod:`test_reference_arranging` checks the whole arranging process request by request (who arranges, the take-up,
gaps, the desk, the week's regelwerk in its logged order, the follow-up, the matching) and ``add_member``. Here,
on the same districted network:

* the week's regelwerk when a regiebehandelaar's clients have no primary carer (their work falls on nobody: the
  pieces are left out, and every other piece keeps its kind), against the request-by-request reference;
* arranging draws exactly what it uses: with nothing blocked and no gap taken up, one float32 uniform per client
  and domain from stream ``arranging`` and nothing from ``matching``;
* ``add_member`` with a client listed twice, and with every client already served (no draw at all); ``add_members``
  against ``add_member`` group after group;
* the workforce process, post by post and client by client, week after week: professionals leaving (stream
  ``workforce``: one float32 uniform per post), the successors' acquaintance, the clients' transitions or a budget
  holder keeping the professional (stream ``continuity``: one per client), and the case consultations (stream
  ``workforce`` again: one per client), with the streams left where the reference leaves them;
* ``true_indices`` against a plain loop, on masks of every length around a word of eight.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from test_reference_arranging import NET2, arranging_reference, arranging_world, rows
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.processes.arranging import arranging, indicable_need
from sim.processes.arrays import true_indices
from sim.processes.posts import add_member, add_members
from sim.processes.workforce import workforce

D, R = len(V.DOMAINS), len(V.ROLES)


def stream_state(rng: np.random.Generator) -> dict:
    return rng.bit_generator.state


# --------------------------------------------------------------------------- arranging


def test_regelwerk_of_coordinated_clients_without_a_carer_falls_on_nobody():
    w = arranging_world("regiebehandelaar")
    net = w.net
    coordinated = np.flatnonzero(net.coordinator >= 0)
    net.primary_carer[coordinated[::2]] = -1  # half the regiebehandelaar's clients have no carer
    expected = arranging_reference(w)
    run_week(w, arranging)
    assert rows(w, "regelwerk", "client", "detail", "actor", "value", "ref") == expected["regelwerk"]
    regelwerk = events(w, "regelwerk")
    assert not np.isin(regelwerk["client"], coordinated[::2]).any()
    # the family's part under a lead still occurs for the clients who have a carer
    lead_clients = set(coordinated[1::2].tolist())
    assert any(c in lead_clients and kind == V.WAITING for c, kind, *_ in expected["regelwerk"])


def test_arranging_draws_only_what_it_uses():
    """Nothing blocked, no open request, no gap: one float32 uniform per client and domain (the take-up), nothing
    for blocked care or requests, nothing from ``matching``."""
    w = make_world(NET2)
    net = w.net
    net.blocked[:] = False
    net.request_stage[:] = 0
    net.arranged[:] = indicable_need(w)
    arranging_rng, matching = copy.deepcopy(w.streams.arranging), copy.deepcopy(w.streams.matching)
    arranging_rng.random((net.n_clients, D), dtype=np.float32)
    run_week(w, arranging)
    assert stream_state(w.streams.arranging) == stream_state(arranging_rng)
    assert stream_state(w.streams.matching) == stream_state(matching)
    assert len(events(w, "request")["client"]) == 0 and len(events(w, "regelwerk")["client"]) == 0


# --------------------------------------------------------------------------- add_member


def test_add_member_draws_once_per_client_without_the_role_in_order():
    w = make_world(NET2)
    net = w.net
    role = V.SOCIAL_TEAM
    net.member[:, role] = -1
    net.member[[2, 5], role] = 0 if net.client_district[2] == 0 else 1
    clients = np.array([4, 2, 4, 7, 5, 1])  # client 4 twice: both lack the role, both draw, the second stays
    rng = copy.deepcopy(w.streams.matching)
    lacking = [c for c in clients if net.member[c, role] < 0]
    u = rng.random(len(lacking))
    expected = net.member.copy()
    posts = w.role_posts[role]
    lo_hi = w.role_range[role]
    spare = np.maximum(net.post_capacity[posts] * np.float32(w.params.workforce.overbooking)
                       - w.booked[posts], 0.0) + 1e-3
    for c, x in zip(lacking, u):
        lo, hi = lo_hi[net.client_district[c]]
        weights = [float(spare[i]) for i in range(lo, hi)]
        total, summed, pick = sum(weights), 0.0, -1
        for i, weight in zip(range(lo, hi), weights):
            summed += weight
            if x * total < summed:
                pick = posts[i]
                break
        expected[c, role] = pick
    add_member(w, clients, role, w.streams.matching)
    assert np.array_equal(net.member, expected)
    assert stream_state(w.streams.matching) == stream_state(rng)
    add_member(w, clients, role, w.streams.matching)  # every one served now: no draw
    assert stream_state(w.streams.matching) == stream_state(rng)


def test_add_members_matches_add_member_group_by_group():
    """Several groups in one call draw and give what ``add_member`` does for each group in turn: a role in two
    groups, a client in both (served by the first, so no draw in the second, unless their district has no post of
    the role: then a draw in each), a client twice in a group, clients already served, an empty group."""
    net = NET2.copy()
    net.post_role[(net.post_role == V.SOCIAL_TEAM) & (net.post_district == 1)] = V.HOME_CARER  # none in district 1
    w = make_world(net)
    net = w.net
    net.member[:, [V.SOCIAL_TEAM, V.GP]] = -1
    net.member[::5, V.GP] = 0
    home, away = np.flatnonzero(net.client_district == 0), np.flatnonzero(net.client_district == 1)
    groups = [(np.array([home[0], away[0], home[1], home[0]]), V.SOCIAL_TEAM),
              (np.concatenate((home[:6], away[:6])), V.GP),
              (np.empty(0, np.int64), V.HOME_CARER),
              (np.array([away[0], home[1], home[2], away[1]]), V.SOCIAL_TEAM)]
    without_gp = int((net.member[groups[1][0], V.GP] < 0).sum())
    drawn = copy.deepcopy(w.streams.matching)
    drawn.random(4 + without_gp + 3)  # the second group of social teams: away[0] again, home[2], away[1]
    expected = copy.deepcopy(w)
    for clients, role in groups:
        add_member(expected, clients, role, expected.streams.matching)
    clients = np.concatenate([clients for clients, _ in groups])
    ends = tuple(np.cumsum([group.size for group, _ in groups]).tolist())
    add_members(w, clients, ends, tuple(role for _, role in groups), w.streams.matching)
    assert np.array_equal(net.member, expected.net.member)
    assert stream_state(w.streams.matching) == stream_state(expected.streams.matching)
    assert stream_state(w.streams.matching) == stream_state(drawn)
    assert (net.member[home[:3], V.SOCIAL_TEAM] >= 0).all() and (net.member[away[:2], V.SOCIAL_TEAM] == -1).all()


# --------------------------------------------------------------------------- workforce


def workforce_reference(w) -> dict:
    """One week of the workforce, post by post and client by client, on copies, with the process's draws."""
    net, p = w.net, w.params
    draws, continuity = copy.deepcopy(w.streams.workforce), copy.deepcopy(w.streams.continuity)
    u = draws.random(net.n_posts, dtype=np.float32)
    uc = continuity.random(net.n_clients, dtype=np.float32)
    leaving = [q for q in range(net.n_posts) if u[q] < np.float32(p.workforce.turnover_per_year / 52)]
    knows = {(a, b): bool(net.knows[a, b]) for a in range(net.n_posts) for b in range(net.n_posts)}
    person = net.post_person.copy()
    for q in leaving:
        person[q] += 1
        for colleague in range(net.n_posts):
            if net.post_district[colleague] == net.post_district[q]:
                knows[q, colleague] = knows[colleague, q] = bool(net.post_org[q] == net.post_org[colleague])
    kept, transitions = [], []
    for c in range(net.n_clients):
        for r in range(R):
            q = net.member[c, r]
            if q >= 0 and q in leaving:
                keeps = net.budget[c] and w.who[c] == V.BUDGET_HOLDER and \
                    uc[c] < np.float32(p.policies.integral_pgb.continuity_share)
                (kept if keeps else transitions).append((c, int(q)))
    um = draws.random(net.n_clients, dtype=np.float32)
    for c in range(net.n_clients):
        if net.admitted_until[c] < 0 and um[c] < np.float32(p.workforce.consultations_per_year / 52):
            members = [q for q in net.member[c] if q >= 0]
            for a in members:
                for b in members:
                    if net.post_district[a] == net.post_district[b]:
                        knows[a, b] = True
    return {"knows": knows, "person": person, "kept": kept, "transitions": transitions, "leaving": leaving,
            "workforce": stream_state(draws), "continuity": stream_state(continuity)}


@pytest.mark.parametrize("policy", ["none", "integral_pgb"])
def test_workforce_matches_the_post_by_post_reference(policy):
    w = make_world(NET2, policy, workforce__turnover_per_year=2.0, workforce__consultations_per_year=8.0,
                   policies__integral_pgb__continuity_share=0.6)
    net = w.net
    net.admitted_until[::4] = 50  # some clients in hospital: no consultation
    w.week = 10
    seen = {"leaving": 0, "kept": 0, "transitions": 0}
    for _ in range(8):
        expected = workforce_reference(w)
        n_kept = len(events(w, "professional_kept")["client"])
        run_week(w, workforce)
        assert {k: bool(net.knows[k]) for k in expected["knows"]} == expected["knows"]
        assert np.array_equal(net.post_person, expected["person"])
        t_client, t_kind, t_post, _ = w.transitions.take()
        assert list(zip(t_client.tolist(), t_post.tolist())) == expected["transitions"]
        assert set(t_kind.tolist()) <= {V.PROFESSIONAL_LEAVING}
        kept = events(w, "professional_kept")
        assert list(zip(kept["client"][n_kept:].tolist(), kept["target"][n_kept:].tolist())) == expected["kept"]
        assert stream_state(w.streams.workforce) == expected["workforce"]
        assert stream_state(w.streams.continuity) == expected["continuity"]
        for name in seen:
            seen[name] += len(expected[name])
    assert seen["leaving"] and seen["transitions"] and (seen["kept"] or policy == "none")


# --------------------------------------------------------------------------- mask helpers


@pytest.mark.parametrize("n", [0, 1, 5, 7, 8, 9, 15, 16, 17, 61, 64, 203])
def test_true_indices_match_a_plain_loop(n):
    rng = np.random.default_rng(n)
    for share in (0.0, 0.03, 0.5, 1.0):
        mask = rng.random(n) < share
        assert true_indices(mask).tolist() == [i for i in range(n) if mask[i]]
        for cols in (1, 3, 9):  # a 2-D mask: flat indices, row by row
            grid = rng.random((n, cols)) < share
            at = true_indices(grid)
            assert at.dtype == np.int64
            assert at.tolist() == [i * cols + j for i in range(n) for j in range(cols) if grid[i, j]]
