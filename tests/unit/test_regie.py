"""A regiebehandelaar who shares regie, the regiebehandelaar's own channels, the carer's discharge information in
person, and regie passing to the specialist during an admission (ODD 7.3, 7.5, 7.9, 7.10), on hand-built worlds.
"""

from __future__ import annotations

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.network import Network
from sim.processes.arranging import arranging
from sim.processes.complaints import file_complaints
from sim.processes.handover import handover
from sim.processes.needs import admit_clients
from sim.processes.posts import lead_posts

GP, NURSE, SPECIALIST, HOME_CARER = range(4)


def network(coordinated: bool = True) -> Network:
    """One client who holds no regie, with a carer, a GP, a district nurse (the regiebehandelaar when
    ``coordinated``), a specialist post and a home-care post."""
    net = Network.empty(1, 1, 4)
    net.post_role[:] = [V.GP, V.DISTRICT_NURSE, V.SPECIALIST, V.HOME_CARER]
    net.member[0, V.GP], net.member[0, V.DISTRICT_NURSE] = GP, NURSE
    net.able[0] = net.wishes[0] = False
    net.carer_client[0] = 0
    net.primary_carer[0] = 0
    if coordinated:
        net.coordinator[0] = NURSE
        net.coordinator_address[NURSE] = True
    return net


def test_the_carer_keeps_a_share_of_the_arranging_work():
    """A support gap taken up by the regiebehandelaar: she books ``request_hours``; the carer keeps
    ``carer_keeps_share`` of the desk hours (the family's practical part), as regelwerk of kind desk."""
    net = network()
    net.base_need[0, V.SUPPORT] = 10.0
    w = make_world(net, policies__regiebehandelaar__carer_keeps_share=0.25, arranging__desk_hours=4.0,
                   arranging__waiting_hours=2.0, policies__regiebehandelaar__request_hours=1.5,
                   policies__regiebehandelaar__mandate_wmo=False)
    w.net.coordinator_quality[:] = 1.0  # takes every gap up
    run_week(w, arranging)
    work = events(w, "regelwerk")  # the desk, then the week's follow-up of the open request
    assert work["detail"].tolist() == [V.DESK, V.WAITING]
    assert work["value"].tolist() == [pytest.approx(0.25 * 4.0), pytest.approx(0.25 * 2.0)]
    assert np.all(work["ref"] == w.net.request_id[0, V.SUPPORT]) and np.all(work["actor"] == 0)
    assert w.carer_regelwerk[0] == pytest.approx(1.5)
    assert [(b[1][0], b[2]) for b in w.overhead_buffer] == [(1.5, "coordination_hours")]
    nobody_keeps = make_world(net, policies__regiebehandelaar__carer_keeps_share=0.0)
    nobody_keeps.net.coordinator_quality[:] = 1.0
    run_week(nobody_keeps, arranging)
    assert nobody_keeps.carer_regelwerk[0] == 0.0


def items(m, name: str, receiver: int) -> dict:
    e = events(m, name)
    sel = e["target"] == receiver
    return {k: v[sel] for k, v in e.items()}


def test_an_item_for_the_regiebehandelaar_goes_through_her_own_channels():
    """A discharge's items to the district nurse who is the regiebehandelaar: the specialist addresses her directly
    (she is the central contact point), never through the client or carer."""
    net = network()
    net.member[0, V.SPECIALIST] = SPECIALIST
    w = make_world(net, handover__paper_complete=1.0, handover__paper_delay=0.0)
    w.transitions.add(w, V.DISCHARGE, np.array([0]))
    run_week(w, handover)
    to_nurse = items(w, "handover_delivered", NURSE)
    assert to_nurse["channel"].size == 2 and set(to_nurse["channel"].tolist()) == {V.DIRECT_PAPER}
    channels = np.concatenate([events(w, n)["channel"] for n in ("handover_delivered", "handover_failed")])
    assert not np.isin(channels, V.CARRIER_CHANNELS).any()


@pytest.mark.parametrize("talk, nurse_involves, channel", [
    (1.0, False, "in_person"),   # the carer is at the discharge talk
    (0.0, True, "in_person"),    # the district nurse passes it on at her transfer visit
    (0.0, False, "none"),        # neither: the specialist does not involve carers, no plan
])
def test_the_carers_discharge_item_is_told_in_person(talk, nurse_involves, channel):
    net = network(coordinated=False)
    net.member[0, V.SPECIALIST] = SPECIALIST
    net.post_involves_carer[NURSE] = nurse_involves
    w = make_world(net, handover__discharge_talk_carer=talk, handover__talk_complete=1.0,
                   handover__transfer_complete=1.0, handover__transfer_delay=0.0)
    w.transitions.add(w, V.DISCHARGE, np.array([0]))
    run_week(w, handover)
    name = "handover_failed" if channel == "none" else "handover_delivered"
    to_carer = events(w, name)
    to_carer = to_carer["channel"][to_carer["role"] == len(V.ROLES)]  # role 'carer'
    assert to_carer.tolist() == [V.CHANNELS.index(channel)]


def test_a_carried_item_records_who_carried_it():
    """Without plan or regiebehandelaar, a client who can carries the referral's items themself; a client who
    cannot has them carried by the carer (channel carried_by_carer)."""
    for able, channel in ((True, V.CARRIED_BY_CLIENT), (False, V.CARRIED_BY_CARER)):
        net = network(coordinated=False)
        net.able[0] = able
        net.post_role[HOME_CARER] = V.PHYSIOTHERAPIST
        w = make_world(net, handover__carrier_complete=1.0, handover__carrier_delay=0.0)
        w.net.knows[GP, HOME_CARER] = False
        w.transitions.add(w, V.PROFESSIONAL_LEAVING, np.array([0]), GP)  # GP's file: same post, no carrier
        w.net.member[0, V.PHYSIOTHERAPIST] = HOME_CARER
        w.transitions.add(w, V.CONTACT, np.array([0]), HOME_CARER)  # items from the GP to an unknown post
        run_week(w, handover)
        carried = events(w, "handover_delivered")
        assert channel in carried["channel"].tolist()


def test_regie_passes_to_the_specialist_during_an_admission_and_comes_back():
    """At an admission the specialist leads (who arranges and the complaint address move, `regie_passed`), and at
    the discharge regie comes back to the regiebehandelaar."""
    net = network()
    w = make_world(net)
    assert lead_posts(w.net).tolist() == [NURSE]
    w.net.post_role[SPECIALIST] = V.SPECIALIST
    admit_clients(w, np.array([0]), np.array([3], np.int32), 0.0)
    w.net.member[0, V.SPECIALIST] = SPECIALIST
    assert lead_posts(w.net).tolist() == [SPECIALIST]
    passed = events(w, "regie_passed")
    assert passed["detail"].tolist() == [V.REGIE_PASSES.index("to_specialist")] and passed["actor"].tolist() == [NURSE]
    file_complaints(w, np.array([0]), w.streams.complaints)
    assert w.open_complaints[-1]["address"] == SPECIALIST and w.open_complaints[-1]["routed"]
    w.net.admitted_until[0] = -1  # discharged
    assert lead_posts(w.net).tolist() == [NURSE]
    file_complaints(w, np.array([0]), w.streams.complaints)
    assert w.open_complaints[-1]["address"] == NURSE
