"""The regiebehandelaar's quality: how it is set from the caseload, and that the relay, convening and the watch over
the carer use it (``sim/policies.py`` ``Regiebehandelaar``, ``sim/processes/handover.py``, ``sim/processes/strain.py``;
ODD 7.5, 7.7, 7.10).

Quality is the one failure mode of the regiebehandelaar policy (above ``caseload_limit`` clients a coordinator
relays, convenes and watches less often). The mechanism tests so far pinned quality at 0 or 1 by hand and only for
complaint routing; a relay that ignored quality would show only as a small shift in the outcome snapshot. Here:

* quality = min(1, limit / caseload) for every coordinator post, computed by the policy block;
* the relay: an item whose only channel that can deliver is the coordinator relay arrives with probability
  ``handover.coordinator_relay * quality`` (0, 1, and 0.5 over hundreds of items);
* convening at a transition happens with probability quality;
* the watch over a very heavily burdened carer notices with probability ``watch_carer * quality``.

Probabilities are pinned to 0 or 1 where the outcome should be certain; the 0.5 cases use hundreds of identical
clients, a fixed seed (``make_world`` seeds 0) and a tolerance of about 4 binomial standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.processes.handover import handover
from sim.processes.strain import strain
from sim.world import World

DN_A, DN_B, GP = 0, 1, 2  # posts of the caseload network


def caseload_network() -> Network:
    """Seven clients: four with district nurse A, one with district nurse B, one with only the GP, all unable to
    direct their care; a seventh with district nurse A directs her own care (able and wishing)."""
    net = Network.empty(7, 0, 3)
    net.post_role[:] = [V.DISTRICT_NURSE, V.DISTRICT_NURSE, V.GP]
    net.member[:, V.GP] = GP
    net.member[[0, 1, 2, 3, 6], V.DISTRICT_NURSE] = DN_A
    net.member[4, V.DISTRICT_NURSE] = DN_B
    net.able[:6] = False
    return net


def test_the_policy_makes_the_district_nurse_else_the_gp_regiebehandelaar():
    m = make_world(caseload_network(), "regiebehandelaar", policies__regiebehandelaar__caseload_limit=2)
    assert m.net.coordinator.tolist() == [DN_A] * 4 + [DN_B, GP, -1]  # client 6 directs her own care


@pytest.mark.parametrize("limit, quality_a", [
    (1, 1 / 4),  # district nurse A has 4 clients: 1/4
    (2, 2 / 4),  # 2/4 = 0.5
    (3, 3 / 4),
    (4, 1.0),    # at the limit: full quality
    (9, 1.0),    # below the limit: capped at 1
])
def test_quality_is_caseload_limit_over_caseload(limit, quality_a):
    """Every coordinator's quality is in (0, 1] and equals min(1, limit / caseload): district nurse A with 4
    clients (the self-directing client does not count), B and the GP with 1 each."""
    m = make_world(caseload_network(), "regiebehandelaar", policies__regiebehandelaar__caseload_limit=limit)
    net = m.net
    coordinators = np.unique(net.coordinator[net.coordinator >= 0])
    caseload = np.bincount(net.coordinator[net.coordinator >= 0], minlength=net.n_posts)
    assert caseload.tolist() == [4, 1, 1]
    q = net.coordinator_quality[coordinators]
    assert np.all((q > 0) & (q <= 1))
    assert q == pytest.approx(np.minimum(1.0, limit / caseload[coordinators]), rel=1e-6)  # float32 quality
    assert net.coordinator_quality[DN_A] == pytest.approx(quality_a, rel=1e-6)
    assert net.coordinator_quality[DN_B] == pytest.approx(1.0) and net.coordinator_quality[GP] == pytest.approx(1.0)


# --------------------------------------------------------------------------- the relay uses the quality

SPEC, R_GP, R_DN = 0, 1, 2  # posts of the relay network, each in its own organisation (systems not linked)


def relay_world(n_clients: int, *, quality: float | None = None, limit: int | None = None,
                relay: float = 1.0) -> World:
    """``n_clients`` identical clients at home with a specialist, a GP and a district nurse; the GP is every
    client's regiebehandelaar (set by hand, kept by the policy block, which computes its quality from the caseload
    ``n_clients`` and ``limit``; or ``quality`` forced by hand).

    For the specialist's items to the district nurse at discharge the relay is the only channel that can deliver:
    nobody knows anybody and there is no plan; the client is unable and has no carer, so nobody carries (and a
    coordinator closes the carrier channel anyway); a direct channel opened by convening is paper, and letters
    never arrive (``paper_complete = 0``). A working relay arrives well within the due time (mean delay 0.01 days).
    """
    net = Network.empty(n_clients, 0, 3, n_orgs=3)
    net.post_role[:] = [V.SPECIALIST, V.GP, V.DISTRICT_NURSE]
    net.member[:, V.SPECIALIST] = SPEC
    net.member[:, V.GP] = R_GP
    net.member[:, V.DISTRICT_NURSE] = R_DN
    net.able[:] = False
    net.coordinator[:] = R_GP
    overrides = {"handover__coordinator_relay": relay, "handover__coordinator_delay": 0.01,
                 "handover__paper_complete": 0.0, "handover__digital_complete": 0.0,
                 "handover__carrier_complete": 0.0}
    if limit is not None:
        overrides["policies__regiebehandelaar__caseload_limit"] = limit
    m = make_world(net, "regiebehandelaar", **overrides)
    if quality is not None:
        m.net.coordinator_quality[R_GP] = quality
    return m


def discharge_all(m: World) -> None:
    """Every client is discharged this week; the handover process runs on the transitions."""
    m.log.week = m.week
    m.transitions.add(m, V.DISCHARGE, np.arange(m.net.n_clients))
    handover(m)


def nurse_items(m: World, name: str) -> dict:
    """Handover events (delivered or failed) of the items to the district nurse."""
    ev = events(m, name)
    sel = ev["target"] == R_DN
    return {k: v[sel] for k, v in ev.items()}


def test_relay_at_quality_zero_delivers_nothing():
    """Quality 0 (forced), relay 1: the nurse's items (medication and expectations, 2 per discharge) all fail,
    logged with the relay as the channel that was open."""
    m = relay_world(20, quality=0.0)
    discharge_all(m)
    assert nurse_items(m, "handover_delivered")["client"].size == 0
    failed = nurse_items(m, "handover_failed")
    assert failed["client"].size == 2 * 20
    assert np.all(failed["channel"] == V.COORDINATOR)


def test_relay_at_full_quality_and_relay_delivers_everything():
    """Quality 1 (caseload 20 within a limit of 20) and ``coordinator_relay = 1``: every item to the nurse arrives,
    by the coordinator."""
    m = relay_world(20, limit=20)
    assert m.net.coordinator_quality[R_GP] == pytest.approx(1.0)
    discharge_all(m)
    delivered = nurse_items(m, "handover_delivered")
    assert delivered["client"].size == 2 * 20
    assert np.all(delivered["channel"] == V.COORDINATOR)
    assert nurse_items(m, "handover_failed")["client"].size == 0


def test_relay_at_half_quality_delivers_half_the_items():
    """400 clients with one GP as regiebehandelaar and a caseload limit of 200: quality 200/400 = 0.5; with
    ``coordinator_relay = 1`` each of the 800 items to the nurse arrives with probability 1 * 0.5."""
    n = 400
    m = relay_world(n, limit=200)
    assert m.net.coordinator_quality[R_GP] == pytest.approx(0.5)
    discharge_all(m)
    delivered = nurse_items(m, "handover_delivered")["client"].size
    failed = nurse_items(m, "handover_failed")["client"].size
    items = delivered + failed
    assert items == 2 * n
    p = 1.0 * 0.5  # coordinator_relay * quality
    tolerance = 4 * math.sqrt(p * (1 - p) / items)  # ~4 binomial standard errors: sqrt(.25/800) = 0.018 -> 0.071
    assert delivered / items == pytest.approx(p, abs=tolerance)


def test_relay_probability_is_relay_times_quality():
    """``coordinator_relay = 0.5`` at quality 0.5: each item arrives with probability 0.25 (800 items)."""
    n = 400
    m = relay_world(n, limit=200, relay=0.5)
    discharge_all(m)
    delivered = nurse_items(m, "handover_delivered")["client"].size
    items = delivered + nurse_items(m, "handover_failed")["client"].size
    p = 0.5 * 0.5
    tolerance = 4 * math.sqrt(p * (1 - p) / items)  # ~4 SE: sqrt(.1875/800) = 0.015 -> 0.061
    assert delivered / items == pytest.approx(p, abs=tolerance)


# --------------------------------------------------------------------------- convening uses the quality


@pytest.mark.parametrize("quality", [0.0, 1.0])
def test_convening_happens_with_probability_quality(quality):
    """At quality 0 the regiebehandelaar never convenes (the specialist and the nurse stay strangers); at quality
    1 it convenes at every transition and every pair of members gets to know each other."""
    m = relay_world(20, quality=quality)
    discharge_all(m)
    convened = events(m, "convened")
    if quality:
        assert sorted(convened["client"].tolist()) == list(range(20))
        assert np.all(convened["actor"] == R_GP)
        assert m.net.knows[SPEC, R_DN] and m.net.knows[R_DN, SPEC]
    else:
        assert convened["client"].size == 0
        assert not m.net.knows[SPEC, R_DN]


def test_convening_at_half_quality_happens_at_half_the_transitions():
    n = 400
    m = relay_world(n, limit=200)  # quality 200/400 = 0.5
    discharge_all(m)
    share = events(m, "convened")["client"].size / n
    tolerance = 4 * math.sqrt(0.5 * 0.5 / n)  # ~4 binomial SE: sqrt(.25/400) = 0.025 -> 0.1
    assert share == pytest.approx(0.5, abs=tolerance)


# --------------------------------------------------------------------------- the watch over the carer uses the quality


def watch_world(n_clients: int, *, quality: float | None = None, limit: int | None = None) -> World:
    """Clients unable to direct their care, each with one very heavily burdened carer (strain 20, overburdened
    after this week's recovery: 18), sharing one district nurse who is their regiebehandelaar. Visiting
    professionals never notice (``overload_noticed = 0``); the regiebehandelaar watches with ``watch_carer = 1``
    times its quality. No dropout."""
    net = Network.empty(n_clients, n_clients, 1)
    net.post_role[0] = V.DISTRICT_NURSE
    net.member[:, V.DISTRICT_NURSE] = 0
    net.able[:] = False
    net.carer_client[:] = np.arange(n_clients)
    net.primary_carer[:] = np.arange(n_clients)
    net.carer_strain[:] = 20.0
    overrides = {"policies__regiebehandelaar__watch_carer": 1.0, "strain__overload_noticed": 0.0,
                 "strain__dropout_per_week": 0.0}
    if limit is not None:
        overrides["policies__regiebehandelaar__caseload_limit"] = limit
    m = make_world(net, "regiebehandelaar", **overrides)
    assert np.all(m.net.coordinator == 0)
    if quality is not None:
        m.net.coordinator_quality[0] = quality
    return m


def test_watch_at_quality_zero_notices_nobody():
    m = watch_world(20, quality=0.0)
    run_week(m, strain)
    assert np.all(m.net.carer_category == 3)
    assert not m.net.usual_care_waived.any()
    assert events(m, "overload_signalled")["client"].size == 0


def test_watch_at_full_quality_notices_every_carer():
    m = watch_world(20, limit=20)  # caseload 20 within the limit: quality 1
    run_week(m, strain)
    assert m.net.usual_care_waived.all()
    sig = events(m, "overload_signalled")
    assert sorted(sig["client"].tolist()) == list(range(20))
    assert np.all(sig["target"] == 0)  # signalled by the regiebehandelaar


def test_watch_at_half_quality_notices_half_the_carers():
    n = 400
    m = watch_world(n, limit=200)  # quality 200/400 = 0.5
    assert m.net.coordinator_quality[0] == pytest.approx(0.5)
    run_week(m, strain)
    share = m.net.usual_care_waived.mean()
    tolerance = 4 * math.sqrt(0.5 * 0.5 / n)  # ~4 binomial SE: sqrt(.25/400) = 0.025 -> 0.1
    assert share == pytest.approx(1.0 * 0.5, abs=tolerance)  # watch_carer * quality
