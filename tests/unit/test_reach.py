"""Whom each policy building block reaches, and why not the others (ODD 7.10, ``Block.rule``/``reach``), on
hand-built worlds: every reason of every block (``vocabulary.NOT_REACHED``), the rule ``enrol`` follows, the
per-client table :func:`sim.policies.reach` and the weekly reach series recorded at the end of the week.
"""

from __future__ import annotations

import numpy as np
import pytest
from worlds import make_world

from sim import vocabulary as V
from sim.network import Network
from sim.observe import REACH_SERIES, SERIES
from sim.outcomes import NOT_REACHED_TEXT, OUTCOMES
from sim.policies import BLOCKS, reach
from sim.processes.bookkeeping import end_of_week

GP, NURSE = range(2)


def network(n_clients: int) -> Network:
    """``n_clients`` clients who are able, wish, are digital and consent (``Network.empty``), each with a GP and
    one carer place (carer ``c`` of client ``c``), no primary carer yet; post 0 a GP, post 1 a district nurse."""
    net = Network.empty(n_clients, n_clients, 2)
    net.post_role[:] = [V.GP, V.DISTRICT_NURSE]
    net.member[:, V.GP] = GP
    net.carer_client[:] = np.arange(n_clients)
    net.carer_digital[:] = False
    return net


def with_carer(net: Network, clients, digital: bool = False) -> None:
    """Make each client's carer place their primary carer (digital or not)."""
    clients = np.atleast_1d(clients)
    net.primary_carer[clients] = clients
    net.carer_active[clients] = True
    net.carer_digital[clients] = digital


def reasons_of(w, name: str) -> list[str]:
    """Per client: '' where block ``name`` reaches them, else the reason it does not."""
    block = next(b for b in w.blocks if b.name == name)
    applies, reason = block.reach(w)
    assert np.array_equal(applies, reason < 0)
    return ["" if r < 0 else block.reasons[r] for r in reason]


def only(block: str, net: Network, **overrides):
    """A world under the stepped policy made of the one block."""
    return make_world(net, "stepped", policies__stepped=[block], **overrides)


def test_the_vocabulary_names_every_block_once_with_a_text_and_outcome_per_reason():
    assert tuple(BLOCKS) == V.BLOCKS == tuple(V.NOT_REACHED)
    for block, reasons in V.NOT_REACHED.items():
        assert BLOCKS[block]().reasons == reasons and len(set(reasons)) == len(reasons)
        assert f"reach_{block}_share" in OUTCOMES
        for reason in reasons:
            assert NOT_REACHED_TEXT[block, reason] and f"not_reached_{block}_{reason}_share" in OUTCOMES
    assert len(NOT_REACHED_TEXT) == sum(map(len, V.NOT_REACHED.values()))
    assert set(REACH_SERIES) <= set(SERIES)


def test_digital_plan_reaches_who_consents_and_can_use_it():
    net = network(6)
    net.consent[0] = False                      # no_consent
    net.able[1] = False                         # cannot_use: no carer
    net.digital[2] = False                      # cannot_use: not digital, the carer neither
    with_carer(net, 2)
    net.able[4] = False                         # reached through a digital carer
    with_carer(net, 4, digital=True)
    net.able[5] = False                         # not_enrolled: the carer turns digital after set-up
    with_carer(net, 5)
    w = only("digital_plan", net)
    w.net.carer_digital[5] = True
    assert reasons_of(w, "digital_plan") == ["no_consent", "cannot_use", "cannot_use", "", "", "not_enrolled"]
    no_carer_access = only("digital_plan", net, policies__digital_plan__carer_access=False)
    assert reasons_of(no_carer_access, "digital_plan")[4] == "cannot_use"


def test_a_plan_without_consent_does_not_reach():
    """A hand-built plan (a vignette) without consent carries nothing: not reached, for want of consent."""
    net = network(1)
    net.plan[0], net.consent[0] = True, False
    assert reasons_of(only("digital_plan", net), "digital_plan") == ["no_consent"]


@pytest.mark.parametrize("share, last", [(1.0, ""), (0.0, "not_registered")])
def test_proxy_reaches_who_wishes_cannot_and_has_a_carer(share, last):
    net = network(4)
    net.wishes[1] = False                       # does_not_wish
    net.able[[1, 2, 3]] = False
    with_carer(net, 3)                          # client 2 has no carer
    w = only("proxy", net, policies__proxy__register_share=share)
    assert reasons_of(w, "proxy") == ["holds_regie", "does_not_wish", "no_carer", last]


def test_regiebehandelaar_reaches_who_holds_no_regie_and_has_no_proxy():
    net = network(6)
    net.able[1:] = False
    net.proxy[1] = True                         # has_proxy (registered by hand)
    net.member[2, V.GP] = -1                    # no_lead_professional
    net.member[3, V.DISTRICT_NURSE] = NURSE     # led by the district nurse; client 4 by the GP
    net.proxy[5] = True                         # not_enrolled: the proxy lapses after set-up
    w = only("regiebehandelaar", net)
    w.net.proxy[5] = False
    assert reasons_of(w, "regiebehandelaar") == ["holds_regie", "has_proxy", "no_lead_professional", "", "",
                                                 "not_enrolled"]
    assert w.net.coordinator[3] == NURSE and w.net.coordinator[4] == GP


@pytest.mark.parametrize("holders, by_carer, by_proxy", [("client", "no_holder", "no_holder"),
                                                         ("client_or_proxy", "no_holder", ""),
                                                         ("client_or_carer", "", "")])
def test_integral_pgb_reaches_who_can_hold_it(holders, by_carer, by_proxy):
    net = network(5)
    net.able[1:4] = False
    with_carer(net, [2, 3])                     # client 1 has nobody
    net.proxy[3] = True
    w = only("integral_pgb", net, policies__integral_pgb__holders=holders)
    w.net.budget[4] = False                     # withdrawn (as arranging.budget_lost does)
    assert reasons_of(w, "integral_pgb") == ["", "no_holder", by_carer, by_proxy, "withdrawn"]
    assert w.net.budget_by_carer.tolist() == [False, False, by_carer == "", by_proxy == "", False]


def test_reach_table_lists_every_block_and_client_under_stepped_and_nothing_under_none():
    net = network(3)
    net.able[1:] = False
    net.wishes[2] = False
    with_carer(net, 1, digital=True)
    w = make_world(net, "stepped", policies__proxy__register_share=1.0)
    table = reach(w)
    assert list(table.columns) == ["client", "profile", "block", "applies", "reason"]
    assert list(table["block"].cat.categories) == list(V.BLOCKS)
    assert table["block"].astype(str).tolist() == [b for b in ("digital_plan", "proxy", "regiebehandelaar")
                                                   for _ in range(3)]
    assert table["reason"].tolist() == ["", "", "cannot_use",
                                        "holds_regie", "", "does_not_wish",
                                        "holds_regie", "has_proxy", ""]
    assert (table["applies"] == (table["reason"] == "")).all()
    assert table["profile"].astype(str).tolist() == [V.PROFILES[0]] * 9
    empty = reach(make_world(net, "none"))
    assert list(empty.columns) == list(table.columns) and len(empty) == 0


def test_the_reach_series_count_the_table_at_the_end_of_the_week():
    net = network(4)
    net.able[1:] = False
    net.consent[3] = False
    with_carer(net, [1, 2], digital=True)
    w = make_world(net, "stepped", policies__proxy__register_share=1.0)
    w.log.week = 0
    end_of_week(w)
    totals = w.series.totals()
    table = reach(w)
    assert totals["reached_by_policy"][0] == table.groupby("client")["applies"].any().sum() == 4
    for block, rows in table.groupby("block", observed=True):
        assert totals[f"reached_{block}"][0] == rows["applies"].sum()
        for reason in V.NOT_REACHED[block]:
            assert totals[f"not_reached_{block}_{reason}"][0] == (rows["reason"] == reason).sum()
    assert totals["reached_integral_pgb"][0] == totals["not_reached_integral_pgb_no_holder"][0] == 0
