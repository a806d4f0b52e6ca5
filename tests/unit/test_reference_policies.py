"""Whom the policy's building blocks reach, and the weekly reach series, against client-by-client references
(issue 13).

* :meth:`sim.policies.Block.reach` (every client, read from the network's arrays themselves, or a list of clients):
  per client, whether the block reaches them and, if not, the first condition of the block's rule that fails, as
  seed 003 §4-5 and ``vocabulary.NOT_REACHED`` state them, written out client by client.
* The reach series recorded at the end of the week (:func:`sim.processes.bookkeeping._record_reach`, every block's
  series counted by profile at once): client by client and block by block.
* The regiebehandelaar's caseload after an enrolment (``coordinator_quality``, mandate, complaint address): post by
  post, over every client.

The world is ``test_reference_paths``' filled network (clients of every profile, posts of every role) with the
clients' regie, digital skills, consent, carers and lead professionals drawn at random, so every reason of every
block occurs. Exact comparisons (counts and flags). Under a second.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_reference_paths import NET
from worlds import make_world

from sim import vocabulary as V
from sim.observe import REACH_SERIES
from sim.processes.bookkeeping import _record_reach

ALL_BLOCKS = list(V.BLOCKS)


def mixed_network(seed: int):
    """The filled network with the clients' regie, skills, consent, primary carers and lead professionals mixed."""
    net, rng = NET.copy(), np.random.default_rng(seed)
    N = net.n_clients
    net.able[:] = rng.random(N) < 0.5
    net.wishes[:] = rng.random(N) < 0.6
    net.digital[:] = rng.random(N) < 0.5
    net.consent[:] = rng.random(N) < 0.8
    net.carer_digital[:] = rng.random(net.n_carers) < 0.5
    for c in range(N):
        if rng.random() < 0.3:
            net.primary_carer[c] = -1
    nurse, gp = rng.random(N) < 0.4, rng.random(N) < 0.3
    net.member[nurse, V.DISTRICT_NURSE] = -1
    net.member[gp, V.GP] = -1
    return net


def world(seed: int, holders: str = "client_or_carer", carer_access: bool = True, **overrides):
    """A world under all four blocks on a mixed network; then some clients' circumstances change after set-up (so
    ``not_enrolled`` occurs) and some lose their structure."""
    w = make_world(mixed_network(seed), "stepped", policies__stepped=ALL_BLOCKS,
                   policies__integral_pgb__holders=holders, policies__digital_plan__carer_access=carer_access, **overrides)
    net, rng = w.net, np.random.default_rng(seed + 100)
    N = net.n_clients
    for flags in (net.able, net.wishes, net.digital, net.consent):
        flip = rng.random(N) < 0.15
        flags[flip] = ~flags[flip]
    net.proxy[rng.random(N) < 0.1] = False
    net.coordinator[rng.random(N) < 0.1] = -1
    return w


def reason_reference(w, name: str, c: int) -> str:
    """Client ``c``: '' where block ``name`` reaches them, else the first reason it does not (plain Python)."""
    net, pp = w.net, w.params.policies
    carer = int(net.primary_carer[c])
    own = bool(net.able[c] and net.wishes[c])
    if name == "digital_plan":
        if net.plan[c] and net.consent[c]:
            return ""
        if not net.consent[c]:
            return "no_consent"
        carer_can = carer >= 0 and bool(net.carer_digital[carer]) and pp.digital_plan.carer_access
        if not ((net.able[c] and net.digital[c]) or carer_can):
            return "cannot_use"
        return "not_enrolled"
    if name == "proxy":
        if net.proxy[c]:
            return ""
        if own:
            return "holds_regie"
        if not net.wishes[c]:
            return "does_not_wish"
        if carer < 0:
            return "no_carer"
        return "not_registered"
    if name == "regiebehandelaar":
        if net.coordinator[c] >= 0:
            return ""
        if own:
            return "holds_regie"
        if net.proxy[c]:
            return "has_proxy"
        if net.member[c, V.DISTRICT_NURSE] < 0 and net.member[c, V.GP] < 0:
            return "no_lead_professional"
        return "not_enrolled"
    assert name == "integral_pgb"
    if net.budget[c]:
        return ""
    holders = pp.integral_pgb.holders
    by_carer = (holders == "client_or_proxy" and bool(net.proxy[c])) or (holders == "client_or_carer" and carer >= 0)
    if not (own or by_carer):
        return "no_holder"
    return "withdrawn"


def test_the_reference_names_every_reason_of_the_vocabulary():
    assert V.NOT_REACHED == {
        "digital_plan": ("no_consent", "cannot_use", "not_enrolled"),
        "proxy": ("holds_regie", "does_not_wish", "no_carer", "not_registered"),
        "regiebehandelaar": ("holds_regie", "has_proxy", "no_lead_professional", "not_enrolled"),
        "integral_pgb": ("no_holder", "withdrawn"),
    }


@pytest.mark.parametrize("holders, carer_access", [("client_or_carer", True), ("client_or_proxy", False),
                                                   ("client", True)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reach_matches_the_client_by_client_reference(seed, holders, carer_access):
    w = world(seed, holders, carer_access)
    seen = set()
    for block in w.blocks:
        applies, reason = block.reach(w)
        expected = [reason_reference(w, block.name, c) for c in range(w.net.n_clients)]
        got = ["" if r < 0 else block.reasons[r] for r in reason]
        assert got == expected, block.name
        assert np.array_equal(applies, reason < 0) and reason.dtype == np.int8
        seen |= {(block.name, r) for r in got}
        some = np.array([7, 3, 3, 0, w.net.n_clients - 1])  # a list of clients: the same per client, in its order
        applies_some, reason_some = block.reach(w, some)
        assert np.array_equal(applies_some, applies[some]) and np.array_equal(reason_some, reason[some])
    if seed == 0 and holders == "client_or_carer":
        assert len({block for block, _ in seen}) == 4 and len(seen) >= 12  # nearly every reason occurs


def test_reach_gives_a_copy_not_the_networks_own_arrays():
    w = world(0)
    for block in w.blocks:
        applies, _ = block.reach(w)
        before = block.reach(w)[0].copy()
        applies[:] = ~applies
        assert np.array_equal(block.reach(w)[0], before), block.name


@pytest.mark.parametrize("blocks", [ALL_BLOCKS, ["digital_plan", "proxy", "regiebehandelaar"], ["integral_pgb"]])
def test_the_reach_series_match_the_client_by_client_count(blocks):
    w = make_world(mixed_network(3), "stepped", policies__stepped=blocks)
    w.net.consent[::5] = ~w.net.consent[::5]
    n_profiles = len(V.PROFILES)
    _record_reach(w)
    _record_reach(w)  # twice: the series add up
    expected = {name: np.zeros(n_profiles) for name in REACH_SERIES}
    for _ in range(2):
        for c in range(w.net.n_clients):
            p = w.net.profile[c]
            reasons = {name: reason_reference(w, name, c) for name in blocks}
            for name, r in reasons.items():
                expected[f"reached_{name}" if r == "" else f"not_reached_{name}_{r}"][p] += 1
            expected["reached_by_policy"][p] += any(r == "" for r in reasons.values())
    frame = w.series.to_frame(V.PROFILES)
    got = frame[frame["week"] == w.week]
    for name in REACH_SERIES:
        assert np.array_equal(got[name].to_numpy(), expected[name]), name


@pytest.mark.parametrize("mandate_wmo, complaint_address", [(True, True), (False, True), (True, False)])
def test_the_regiebehandelaars_caseload_is_recounted_over_every_client_at_enrolment(mandate_wmo, complaint_address):
    w = world(4, policies__regiebehandelaar__caseload_limit=3, policies__regiebehandelaar__mandate_wmo=mandate_wmo,
              policies__regiebehandelaar__complaint_address=complaint_address)
    net, rp = w.net, w.params.policies.regiebehandelaar
    net.coordinator[:] = -1
    net.coordinator_mandate[:] = False
    net.coordinator_address[:] = False
    lead = net.member[:, V.DISTRICT_NURSE].copy()
    lead[lead < 0] = net.member[lead < 0, V.GP]
    net.coordinator[:20] = lead[:20]              # the first clients led already (a hand-built network)
    block = next(b for b in w.blocks if b.name == "regiebehandelaar")
    block.enrol(w, np.array([25, 30, 31]))
    caseload = [sum(1 for c in range(net.n_clients) if net.coordinator[c] == post) for post in range(net.n_posts)]
    for post, n in enumerate(caseload):
        assert net.coordinator_quality[post] == np.float32(min(1.0, rp.caseload_limit / max(n, 1)))
        assert net.coordinator_mandate[post] == (n > 0 and rp.mandate_wmo)
        assert net.coordinator_address[post] == (n > 0 and rp.complaint_address)
    assert net.coordinator_quality.dtype == np.float32 and max(caseload) > rp.caseload_limit  # some over the limit
