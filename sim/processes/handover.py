"""Handover (ODD 7.5): transitions create handover items; each travels by every channel open to it.

Stream ``handover``. Timing in days after the transition; an item fails when no channel gets it to the
receiver by the time it is needed. Failed items have consequences (harm, care not started, the story told
again, the carer sidelined, a grievance).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import CARER_ROLE, CLIENT_ROLE
from sim.processes.arrays import ROLE_BIT
from sim.processes.posts import introduce

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


R = len(V.ROLES)


#: Code for "the client's regiebehandelaar" in item templates (no item without one).
COORD_CODE = -4

#: Items each transition creates: (item kind, sender role, receiver role).
#: ``CLIENT_ROLE`` as sender: the client side (client or carer) knows it;
#: ``CARER_ROLE`` as receiver: the primary carer needs it; ``-1``: the transition's own post;
#: ``COORD_CODE``: the regiebehandelaar, who hands regie to the specialist for the episode
#: (seed 003 §5.1); at discharge the specialist's items to GP and district nurse hand it back.
ITEM_TEMPLATES = {
    V.ADMISSION: (
        (V.EXPECTATIONS, COORD_CODE, V.SPECIALIST),
        (V.MEDICATION, V.GP, V.SPECIALIST),
        (V.HOME_SITUATION, V.DISTRICT_NURSE, V.SPECIALIST),
        (V.EXPECTATIONS, V.SPECIALIST, V.DISTRICT_NURSE),
        (V.EXPECTATIONS, V.SPECIALIST, V.HOME_CARER),
    ),
    V.DISCHARGE: (
        (V.MEDICATION, V.SPECIALIST, V.GP),
        (V.MEDICATION, V.SPECIALIST, V.PHARMACIST),
        (V.MEDICATION, V.SPECIALIST, V.DISTRICT_NURSE),
        (V.MEDICATION, V.SPECIALIST, CARER_ROLE),
        (V.EXPECTATIONS, V.SPECIALIST, V.GP),
        (V.EXPECTATIONS, V.SPECIALIST, V.DISTRICT_NURSE),
        (V.EXPECTATIONS, V.SPECIALIST, V.PHYSIOTHERAPIST),
        (V.HOME_SITUATION, V.SPECIALIST, V.HOME_CARER),
    ),
    V.REFERRAL: (
        (V.MEDICATION, V.GP, -1),
        (V.EXPECTATIONS, V.GP, -1),
    ),
    V.PROFESSIONAL_LEAVING: (
        (V.EXPECTATIONS, -1, -1),
        (V.HOME_SITUATION, -1, -1),
    ),
    V.CARER_DROPOUT: (
        (V.HOME_SITUATION, CLIENT_ROLE, V.GP),
        (V.HOME_SITUATION, CLIENT_ROLE, V.DISTRICT_NURSE),
        (V.HOME_SITUATION, CLIENT_ROLE, V.HOME_CARER),
    ),
    # a contact with a professional outside the network (an out-of-hours GP post): the records are needed
    # during the contact (``handover.due_contact``); the professional does not join the network
    V.CONTACT: (
        (V.MEDICATION, V.GP, -1),
        (V.EXPECTATIONS, V.GP, -1),
    ),
}


_TEMPLATE = np.array([(tk, kind, s_role, r_role) for tk, rows in sorted(ITEM_TEMPLATES.items())
                      for kind, s_role, r_role in rows], dtype=np.int64)
_T_COUNT = np.bincount(_TEMPLATE[:, 0], minlength=len(V.TRANSITIONS))
_T_START = np.concatenate([[0], np.cumsum(_T_COUNT)[:-1]])


def _items(w: "World", t_client, t_kind, t_post, t_id):
    """Expand transitions into handover items, one per template row whose sender and receiver exist."""
    net = w.net
    counts = _T_COUNT[t_kind]
    rep = np.repeat(np.arange(t_client.size), counts)
    within = np.arange(rep.size) - np.repeat(np.cumsum(counts) - counts, counts)
    row = _TEMPLATE[_T_START[t_kind[rep]] + within]
    c, post, s_code, r_code = t_client[rep], t_post[rep], row[:, 2], row[:, 3]
    sender = np.select([s_code == -1, s_code == CLIENT_ROLE, s_code == COORD_CODE],
                       [post, np.full(c.size, -2), net.coordinator[c]], net.member[c, np.clip(s_code, 0, R - 1)])
    own = r_code == -1
    to_carer = r_code == CARER_ROLE
    receiver = np.where(own, post, np.where(to_carer, np.where(net.primary_carer[c] >= 0, -3, -1),
                                            net.member[c, np.clip(r_code, 0, R - 1)]))
    role = np.where(own, net.post_role[np.maximum(post, 0)], r_code)
    leaving = (s_code == -1) & own  # the post's file goes to the successor in the same post
    ok = np.where(leaving, receiver >= 0, (sender != -1) & (receiver != -1) & (sender != receiver))
    return {"client": c[ok], "kind": row[ok, 1], "sender": sender[ok], "receiver": receiver[ok],
            "role": role[ok], "ref": t_id[rep][ok], "transition": row[ok, 0]}


def handover(w: "World") -> None:
    """Transitions create handover items; each travels by every channel open to it.

    Channels (``sim.vocabulary.CHANNELS``): the shared plan (client has a plan
    and consented, both sides connected), direct (the sender knows the receiver,
    it is the client's registered GP or pharmacy, or either side is the
    regiebehandelaar; digital if the systems are linked, else letter or phone),
    via a regiebehandelaar, in person for the carer's discharge items (the
    discharge talk with the carer present, the district nurse's transfer visit),
    and carried by the client or carer (only when no plan carries it and the
    client has no regiebehandelaar; costs the carer's effort, fails when they are
    unable or overloaded). An item fails when no channel gets it to the receiver
    by the time it is needed. A delivered item records the channel that got it
    there first (the client or the carer, for a carried item).
    """
    net, p, rng = w.net, w.params, w.streams.handover
    t_client, t_kind, t_post, t_id = w.transitions.take()
    if t_client.size == 0:
        return
    _convene(w, t_client, t_kind, rng)
    items = _items(w, t_client, t_kind, t_post, t_id)
    if items["client"].size == 0:
        return
    c, kind, s, r, role, ref, t_kind_of = (items[k] for k in ("client", "kind", "sender", "receiver", "role", "ref",
                                                              "transition"))
    n = c.size
    hp = p.handover
    s_post, r_post = s >= 0, r >= 0
    s0, r0 = np.maximum(s, 0), np.maximum(r, 0)
    to_carer = r == -3
    pc = net.primary_carer[c]
    carer_ok = pc >= 0
    carer_on_plan = carer_ok & np.append(net.carer_digital, False)[pc] & w.plan_carer_access  # pc -1 -> padding

    co = net.coordinator[c]
    # direct: to a known colleague, the registered GP or pharmacy, the post one refers to, or between the
    # regiebehandelaar (the network's central contact point) and a member
    addressable = (net.knows[s0, r0] | np.isin(role, (V.GP, V.PHARMACIST)) | (t_kind_of == V.REFERRAL)
                   | ((co >= 0) & ((r == co) | (s == co))))
    direct = s_post & ((r_post & addressable) | (to_carer & net.post_involves_carer[s0]))
    digital = direct & r_post & net.linked[net.post_org[s0], net.post_org[r0]]
    paper = direct & ~digital
    # plan
    sender_on_plan = np.where(s_post, net.post_on_plan[s0],
                              (net.able[c] & net.digital[c]) | carer_on_plan)
    receiver_on_plan = np.where(r_post, net.post_on_plan[r0], to_carer & carer_on_plan)
    plan = net.plan[c] & net.consent[c] & sender_on_plan & receiver_on_plan
    # regiebehandelaar relay
    coordinator = (co >= 0) & (co != s) & (co != r)
    # in person, for the carer's own discharge items: the discharge talk with the carer present, and the district
    # nurse's transfer visit (a nurse who involves carers)
    nurse = net.member[c, V.DISTRICT_NURSE]
    at_discharge = to_carer & carer_ok & (t_kind_of == V.DISCHARGE)
    transfer = at_discharge & (nurse >= 0) & net.post_involves_carer[np.maximum(nurse, 0)]
    # client or carer carries it when no plan or regiebehandelaar does (with a regiebehandelaar the client side
    # no longer carries: items go through the regiebehandelaar's own channels)
    client_carries = net.able[c] & (net.admitted_until[c] < 0)
    carrier = ~to_carer & (client_carries | carer_ok) & ~plan & (co < 0)

    u = rng.random((n, 13))
    talk = at_discharge & (u[:, 10] < hp.discharge_talk_carer)
    carer_cat = np.append(net.carer_category, 0)[pc]
    carrier_by_carer = carrier & ~client_carries
    carrier_ok = carrier & ~(carrier_by_carer & (carer_cat >= 2) & (u[:, 4] < p.strain.overloaded_fails))
    q = np.where(co >= 0, net.coordinator_quality[np.maximum(co, 0)], 0.0)

    inf = np.float32(np.inf)
    exp = -np.log(np.maximum(u[:, 5:10], 1e-12))  # an exponential delay per channel, scaled by its mean
    arrive = np.full((n, V.NO_CHANNEL), inf, np.float32)
    arrive[:, V.PLAN] = np.where(plan & (u[:, 0] < hp.plan_record), exp[:, 0] * hp.plan_delay, inf)
    arrive[:, V.DIRECT_DIGITAL] = np.where(digital & (u[:, 1] < hp.digital_complete), exp[:, 1] * hp.digital_delay, inf)
    arrive[:, V.DIRECT_PAPER] = np.where(paper & (u[:, 1] < hp.paper_complete), exp[:, 1] * hp.paper_delay, inf)
    arrive[:, V.COORDINATOR] = np.where(coordinator & (u[:, 2] < hp.coordinator_relay * q),
                                        exp[:, 2] * hp.coordinator_delay, inf)
    carried = np.where(carrier_ok & (u[:, 3] < hp.carrier_complete), exp[:, 3] * hp.carrier_delay, inf)
    arrive[:, V.CARRIED_BY_CLIENT] = np.where(client_carries, carried, inf)
    arrive[:, V.CARRIED_BY_CARER] = np.where(client_carries, inf, carried)
    told = np.where(talk & (u[:, 11] < hp.talk_complete), 0.0, inf)  # at the talk, on the day of discharge
    visited = np.where(transfer & (u[:, 12] < hp.transfer_complete), exp[:, 4] * hp.transfer_delay, inf)
    arrive[:, V.IN_PERSON] = np.minimum(told, visited)
    first = np.argmin(arrive, axis=1)
    arrival = arrive[np.arange(n), first]
    due = np.where(t_kind_of == V.CONTACT, np.float32(p.handover.due_contact), w.item_due[kind])
    ok = arrival <= due
    available = np.stack([plan, digital, coordinator, paper, talk | transfer, carrier & client_carries,
                          carrier & ~client_carries], axis=1)
    primary = np.where(available.any(axis=1), np.argmax(available, axis=1), V.NO_CHANNEL)

    log_role = np.where(to_carer, CARER_ROLE, role)
    actor = np.where(s_post, s, -1)
    target = np.where(r_post, r, np.where(to_carer, pc, -1))
    for name, sel, channel in (("handover_delivered", ok, first), ("handover_failed", ~ok, primary)):
        w.log.record(name, c[sel], detail=kind[sel], actor=actor[sel], target=target[sel], role=log_role[sel],
                     channel=channel[sel], value=np.where(np.isfinite(arrival[sel]), arrival[sel], np.nan),
                     ref=ref[sel], day=np.minimum(arrival[sel], due[sel]))

    # effort and time of each channel used
    # the carer's effort: one regelwerk event per transition, for all the items of it the carer carries
    refs, first, count = np.unique(ref[carrier_by_carer], return_index=True, return_counts=True)
    w.add_regelwerk(c[carrier_by_carer][first], p.arranging.carrier_hours * count, V.CARRYING, refs)
    recorders = np.where(s_post, s, co)
    rec = plan & (recorders >= 0)
    w.add_overhead(recorders[rec], p.policies.digital_plan.item_hours, "recording_hours", c[rec])
    w.add_overhead(co[coordinator], p.policies.regiebehandelaar.item_hours, "coordination_hours", c[coordinator])

    _consequences(w, c[~ok], kind[~ok], s[~ok], r[~ok], role[~ok], to_carer[~ok], rng)


def _convene(w: "World", clients, kinds, rng) -> None:
    """A regiebehandelaar convenes the network at a transition: its members get to know each other."""
    net = w.net
    co = net.coordinator[clients]
    has = co >= 0
    convene = has & (rng.random(clients.size) < np.where(has, net.coordinator_quality[np.maximum(co, 0)], 0))
    introduce(net, clients[convene])
    w.log.record("convened", clients[convene], detail=kinds[convene], actor=co[convene])
    w.add_overhead(co[convene], w.params.policies.regiebehandelaar.convene_hours, "coordination_hours", clients[convene])


def _consequences(w, c, kind, s, r, role, to_carer, rng) -> None:
    """Failed items: medication errors, readmission risk, care not started, story repeated, carer sidelined."""
    if c.size == 0:
        return
    net, p = w.net, w.params
    u = rng.random((c.size, 2))
    med_err = (kind == V.MEDICATION) & ~to_carer & (u[:, 0] < p.handover.medication_harm)
    readmit = (kind == V.HOME_SITUATION) & (u[:, 0] < p.handover.readmission_harm)
    for harm, sel in ((0, med_err), (1, readmit)):
        w.log.record("harm", c[sel], detail=harm, actor=np.where(s[sel] >= 0, s[sel], -1), target=r[sel])
        np.add.at(net.harm_hazard, c[sel], p.needs.harm_hazard)
        np.add.at(net.dissatisfaction, c[sel], p.complaints.harm_weight)
    # the receiver does not know what is expected of it: its care waits until someone calls
    expect = (kind == V.EXPECTATIONS) & (r >= 0)
    dom = w.role_domain[role[expect]]
    deliver = dom >= 0
    net.blocked[c[expect][deliver], dom[deliver]] = True
    # the client has to tell the story again to a professional who missed it
    story = (r >= 0) & ((net.able[c]) | (net.primary_carer[c] >= 0))
    w.log.record("story_repeated", c[story], detail=kind[story], target=r[story])
    np.add.at(net.dissatisfaction, c[story], p.complaints.story_weight)
    # the carer sidelined
    side = to_carer & (net.primary_carer[c] >= 0)
    np.add.at(w.carer_sidelined, net.primary_carer[c[side]], 1)
    np.add.at(net.dissatisfaction, c[side], p.complaints.ignored_weight)
    # grievance: who was involved
    bits = np.where(s >= 0, ROLE_BIT[np.clip(net.post_role[np.maximum(s, 0)], 0, R - 1)], 0)
    bits |= np.where(r >= 0, ROLE_BIT[np.clip(role, 0, R - 1)], 0)
    net.grievance[c] = bits  # a complaint is about the latest thing that went wrong
