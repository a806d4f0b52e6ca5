"""The picture of one client's care network (:mod:`analysis.network_picture`) on a hand-built network and a
hand-written event log: the graph holds the client's carers and professionals with their roles and laws and the
handover items between them (a failed one marked), the typical client is the median by transitions among those
who qualify, the SVG is the same bytes every time, names every role present and marks the failed handover, and the
report's title of the picture says how many items failed and for whom.
"""

from __future__ import annotations

import re

import numpy as np
from worlds import make_world

from analysis.network_picture import (FAILED_COLOUR, WORDS, TypicalNetwork, client_network, edge_table, network_svg,
                                      typical_client, word)
from analysis.report.network import network_title
from sim import vocabulary as V
from sim.network import Network
from sim.observe import CARER_ROLE

GP, NURSE, SPECIALIST, HOME_CARER = range(4)


def network() -> Network:
    """Client 0 with a primary carer, a GP, a district nurse (nursing under the Wlz) and a home carer; a specialist
    post outside the network; client 1 with the same GP."""
    net = Network.empty(2, 2, 4)
    net.post_role[:] = [V.GP, V.DISTRICT_NURSE, V.SPECIALIST, V.HOME_CARER]
    net.member[0, V.GP], net.member[0, V.DISTRICT_NURSE], net.member[0, V.HOME_CARER] = GP, NURSE, HOME_CARER
    net.member[1, V.GP] = GP
    net.law[0, V.NURSING] = V.WLZ
    net.carer_client[:] = [0, 1]
    net.primary_carer[:] = [0, 1]
    return net


def log_of_a_discharge() -> dict:
    """Client 0's discharge: the GP's letter and the district nurse's record arrive, the carer's medication item
    fails with no channel; client 1 has an item too."""
    w = make_world(network())
    w.log.record("transition", 0, detail=V.DISCHARGE, actor=SPECIALIST, ref=7)
    w.log.record("handover_delivered", [0, 0], detail=[V.MEDICATION, V.EXPECTATIONS], actor=[SPECIALIST, SPECIALIST],
                 target=[GP, NURSE], role=[V.GP, V.DISTRICT_NURSE], channel=[V.DIRECT_PAPER, V.DIRECT_DIGITAL],
                 ref=[7, 7])
    w.log.record("handover_failed", 0, detail=V.MEDICATION, actor=SPECIALIST, target=0, role=CARER_ROLE,
                 channel=V.NO_CHANNEL, ref=7)
    w.log.record("handover_delivered", 1, detail=V.MEDICATION, actor=SPECIALIST, target=GP, role=V.GP,
                 channel=V.DIRECT_PAPER, ref=8)
    return w.net, w.log.arrays()


def test_the_graph_holds_the_network_and_its_handovers():
    net, log = log_of_a_discharge()
    g = client_network(net, log, 0)
    assert list(g.nodes) == ["client", "carer 0", "post 0", "post 1", "post 3", "post 2"]  # professionals by role
    assert {n: g.nodes[n]["role"] for n in g.nodes} == {
        "client": "client", "carer 0": "carer", "post 0": "gp", "post 1": "district_nurse", "post 2": "specialist",
        "post 3": "home_carer"}
    assert [g.nodes[f"post {p}"]["law"] for p in range(4)] == ["zvw", "wlz", "zvw", "wmo"]
    assert g.nodes["carer 0"]["primary"] and not g.nodes["post 2"]["member"]
    members = sorted(v for _, v, e in g.edges(data=True) if e["kind"] == "member")
    assert members == ["carer 0", "post 0", "post 1", "post 3"]
    handovers = {(u, v, e["channel"], e["failed"], e["items"]) for u, v, e in g.edges(data=True)
                 if e["kind"] == "handover"}
    assert handovers == {("post 2", "post 0", "direct_paper", False, 1), ("post 2", "post 1", "direct_digital", False, 1),
                         ("post 2", "carer 0", "none", True, 1)}
    table = edge_table(g)
    assert len(table) == g.number_of_edges() and table["failed"].sum() == 1
    assert table.loc[table["failed"], ["source_role", "target_role"]].values.tolist() == [["specialist", "carer"]]


def test_the_picture_is_deterministic_names_each_role_and_marks_the_failed_handover():
    net, log = log_of_a_discharge()
    g = client_network(net, log, 0)
    picture = network_svg(g, "A failed discharge item", "en")
    assert picture == network_svg(client_network(net, log, 0), "A failed discharge item", "en")  # same bytes
    assert picture.startswith('<svg role="img" aria-label="A failed discharge item" ')
    words = set(re.findall(r"<!-- (.*?) -->", picture))  # matplotlib keeps each text as a comment
    for role in ("client", "carer", "gp", "district_nurse", "specialist", "home_carer"):
        assert word("en", f"role_{role}") in words, role
    for law in V.LAWS:
        assert word("en", f"law_{law}") in words, law
    assert {"Zvw", "Wlz", "Wmo"} <= words  # the law under each professional, in words as well as colour
    assert word("en", "failed") in words and FAILED_COLOUR.lower() in picture.lower()
    assert word("en", "channel_direct_paper") in words and word("en", "channel_direct_digital") in words
    assert "http" not in picture.replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    dutch = set(re.findall(r"<!-- (.*?) -->", network_svg(g, "Een mislukt item", "nl")))
    assert {"huisarts", "wijkverpleegkundige", word("nl", "failed")} <= dutch


def test_without_a_failure_the_legend_has_no_failed_entry():
    net, log = log_of_a_discharge()
    keep = log["event"] != V.EVENT["handover_failed"]
    g = client_network(net, {k: v[keep] for k, v in log.items()}, 0)
    assert word("en", "failed") not in network_svg(g, "No failure", "en")


def test_the_typical_client_is_the_median_by_transitions_among_those_who_qualify():
    net = Network.empty(5, 4, 3)
    net.carer_client[:] = [0, 1, 2, 3]  # client 4 has no carer
    net.member[:, :3] = [0, 1, 2]
    w = make_world(net)
    for client, transitions in ((0, 1), (1, 5), (2, 3), (3, 2), (4, 4)):
        w.log.record("transition", np.full(transitions, client), detail=V.REFERRAL)
    w.log.record("client_exit", 3)  # client 3's place changed hands: not the same person all year
    choice = typical_client(w.net, w.log.arrays())
    assert (choice.client, choice.transitions, choice.candidates) == (2, 3, 3)
    net.member[:, 2] = -1  # two professionals each: nobody qualifies
    assert typical_client(make_world(net).net, w.log.arrays()) is None


def test_every_word_is_in_both_languages():
    assert WORDS["en"].keys() == WORDS["nl"].keys()
    roles = {f"role_{r}" for r in (*V.ROLES, "client", "carer")}
    assert roles | {f"law_{law}" for law in V.LAWS} | {f"channel_{c}" for c in V.CHANNELS} <= WORDS["en"].keys()


def test_the_report_title_says_how_many_items_failed_and_for_whom():
    net, log = log_of_a_discharge()
    choice = typical_client(net, log)
    typical = TypicalNetwork(graph=client_network(net, log, 0), choice=choice, scenario="default", policy="none",
                             seed=1, years=1.0, clients=2)
    assert network_title(typical, "en") == ("In a typical default network, 1 of the year's 3 handover items failed: "
                                            "the one meant for the carer")
    assert network_title(typical, "nl").endswith("het item voor de mantelzorger")
