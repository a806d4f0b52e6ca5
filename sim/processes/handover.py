"""Handover (ODD 7.5): transitions create handover items; each travels by every channel open to it.

Stream ``handover``. Timing in days after the transition; an item fails when no channel gets it to the
receiver by the time it is needed. Failed items have consequences (harm, care not started, the story told
again, the carer sidelined, a grievance).

The process takes the draws and records the events; compiled loops go through the items one at a time:
:func:`_expand_items` (transitions into items), :func:`_race` (the channels, the arrival and the outcome of each
item, and the carer's regelwerk for the items carried, charged and logged by ``World.add_regelwerk``'s kernel) and
:func:`_failure_effects` (the consequences of the failed ones). Only the delays an item's channels may use are worked
out (numpy's log of their uniforms, between the compiled loops; :func:`_delays_used`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import CARER_ROLE, CLIENT_ROLE
from sim.processes.arrays import ROLE_BIT
from sim.compiled import kernel
from sim.processes.posts import introduce
from sim.world import charge_regelwerk

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


R = len(V.ROLES)
#: Event codes of an item's outcome, and of a failed item's consequences.
DELIVERED, FAILED = V.EVENT["handover_delivered"], V.EVENT["handover_failed"]
HARM, STORY_REPEATED, REGELWERK = V.EVENT["harm"], V.EVENT["story_repeated"], V.EVENT["regelwerk"]


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


#: The integer columns of the event log's rows as the compiled loops write them (in this order; value and day are
#: float32 ones).
ROW_INTS = ("event", "client", "detail", "actor", "target", "role", "channel", "ref")


_TEMPLATE = np.array([(tk, kind, s_role, r_role) for tk, rows in sorted(ITEM_TEMPLATES.items())
                      for kind, s_role, r_role in rows], dtype=np.int64)
_T_COUNT = np.bincount(_TEMPLATE[:, 0], minlength=len(V.TRANSITIONS))
_T_START = np.concatenate([[0], np.cumsum(_T_COUNT)[:-1]])


#: The columns of the handover items (:func:`_items`), in this order.
ITEM_COLUMNS = ("client", "kind", "sender", "receiver", "role", "ref", "transition")

#: The uniforms an item draws for the race (:func:`_race`), the first of them the uniform of its first delay, and
#: its delays (plan, direct, regiebehandelaar, carrier, transfer visit).
ITEM_UNIFORMS, FIRST_DELAY, DELAYS = 13, 5, 5


def _items(w: "World", t_client, t_kind, t_post, t_id):
    """Expand transitions into handover items, one per template row whose sender and receiver exist: their columns
    (:data:`ITEM_COLUMNS`, [7, items]) and where the uniforms of the delays their channels may use are among the
    race's uniforms (:func:`_expand_items`)."""
    net = w.net
    return _expand_items(t_client, t_kind, t_post, t_id, _TEMPLATE, _T_START, _T_COUNT, net.member,
                         net.coordinator, net.primary_carer, net.post_role, net.plan, net.consent)


@kernel
def _expand_items(t_client, t_kind, t_post, t_id, template, t_start, t_count, member, coordinator, primary_carer,
                  post_role, plan, consent):
    """The handover items of the transitions, transition by transition and template row by row (``_TEMPLATE``:
    transition kind, item kind, sender code, receiver code).

    Per item ([7, items], int64): client, item kind, sender, receiver, the receiver's role, the transition's id and
    kind (:data:`ITEM_COLUMNS`). A sender or
    receiver is a post, -2 the client side (sender) or -3 the primary carer (receiver), -1 none. An item is made
    when both ends exist and differ; a leaving professional's file (post to post) goes to the successor in the
    same post whenever the post exists.

    Also the delays the items' channels may use (:func:`_delays_used`), item by item in the order of the delays:
    where their uniforms are among the race's uniforms ([items, ``ITEM_UNIFORMS``], flattened).
    """
    rows = 0
    for t in range(t_client.size):
        rows += t_count[t_kind[t]]
    items = np.empty((len(ITEM_COLUMNS), rows), np.int64)
    client, kind, sender, receiver, role, ref, transition = (items[0], items[1], items[2], items[3], items[4],
                                                             items[5], items[6])
    delays = np.empty(rows * DELAYS, np.int64)
    n = n_delays = 0
    for t in range(t_client.size):
        c, post = t_client[t], t_post[t]
        for row in range(t_start[t_kind[t]], t_start[t_kind[t]] + t_count[t_kind[t]]):
            s_code, r_code = template[row, 2], template[row, 3]
            if s_code == -1:
                s = post
            elif s_code == CLIENT_ROLE:
                s = -2
            elif s_code == COORD_CODE:
                s = coordinator[c]
            else:
                s = member[c, s_code]
            if r_code == -1:
                r, r_role = post, post_role[max(post, 0)]
            elif r_code == CARER_ROLE:
                r, r_role = (-3 if primary_carer[c] >= 0 else -1), r_code
            else:
                r, r_role = member[c, r_code], r_code
            if s_code == -1 and r_code == -1:
                made = r >= 0
            else:
                made = s != -1 and r != -1 and s != r
            if made:
                client[n], kind[n], sender[n], receiver[n] = c, template[row, 1], s, r
                role[n], ref[n], transition[n] = r_role, t_id[t], template[row, 0]
                used = _delays_used(s, r, template[row, 0], coordinator[c], plan[c] and consent[c])
                for delay in range(DELAYS):
                    if used >> delay & 1:
                        delays[n_delays] = n * ITEM_UNIFORMS + FIRST_DELAY + delay
                        n_delays += 1
                n += 1
    return items[:, :n], delays[:n_delays]


@kernel
def _delays_used(s, r, tk, co, plan_consented):
    """The delays the channels open to an item may use (bits, in the order plan, direct, regiebehandelaar, carrier,
    transfer visit), from its sender ``s`` and receiver ``r`` (a post, -2 the client side, -3 the primary carer),
    the transition's kind ``tk``, the client's regiebehandelaar ``co`` (-1 none) and whether the client has a plan
    and consented (``plan_consented``): each a condition every item the channel is open to meets (as in
    :func:`_race`)."""
    return ((1 if plan_consented else 0) | (2 if s >= 0 else 0) | (4 if co >= 0 and co != s and co != r else 0)
            | (8 if r != -3 and co < 0 else 0) | (16 if r == -3 and tk == V.DISCHARGE else 0))


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
    items, delays = _items(w, t_client, t_kind, t_post, t_id)
    n_items = items.shape[1]
    if n_items == 0:
        return
    hp = p.handover
    u = rng.random((n_items, ITEM_UNIFORMS))
    # an exponential delay per channel, scaled by its mean: -log(u) (numpy's log, outside the compiled loop: a
    # compiled log may differ in the last bit; the race negates it), for the delays the channels may use, the log
    # worked out in place
    log_delay = np.take(u, delays)
    np.maximum(log_delay, 1e-12, out=log_delay)
    np.log(log_delay, out=log_delay)
    knows = net.knows
    ints, reals, ends, overhead, n_delivered, n_rows, n_recorded, n_relayed = _race(
        items, u, log_delay, net.primary_carer, net.carer_digital, net.carer_category,
        w.plan_carer_access, net.coordinator, net.coordinator_quality, net.member, net.able, net.digital, net.plan,
        net.consent, net.admitted_until, knows.district, knows.local, knows.blocks, net.post_org, net.linked,
        net.post_on_plan, net.post_involves_carer, w.item_due, hp.due_contact,
        hp.plan_record, hp.plan_delay, hp.digital_complete, hp.digital_delay, hp.paper_complete, hp.paper_delay,
        hp.coordinator_relay, hp.coordinator_delay, hp.carrier_complete, hp.carrier_delay, p.strain.overloaded_fails,
        hp.discharge_talk_carer, hp.talk_complete, hp.transfer_complete, hp.transfer_delay, w.carer_regelwerk,
        p.arranging.carrier_hours)
    # effort and time of each channel used: the carer's effort is charged and logged by the compiled race (with
    # ``World.add_regelwerk``'s kernel, :func:`sim.world.charge_regelwerk`); the recording of plan items (by the
    # sender, or the regiebehandelaar for the client side), the relaying
    recorder, recorded_for, relay, relayed_for = overhead
    if n_recorded:
        w.add_overhead(recorder[:n_recorded], p.policies.digital_plan.item_hours, "recording_hours",
                       recorded_for[:n_recorded])
    if n_relayed:
        w.add_overhead(relay[:n_relayed], p.policies.regiebehandelaar.item_hours, "coordination_hours",
                       relayed_for[:n_relayed])

    n_rows = _consequences(w, ints, reals, ends, n_delivered, n_items, n_rows, rng)
    # the event log's rows: the delivered items, the failed ones, the carer's regelwerk, the consequences
    event, client, kind, actor, target, role, channel, ref = ints[:, :n_rows]
    value, day = reals[:, :n_rows]
    w.log.record_rows(event, client, detail=kind, actor=actor, target=target, role=role, channel=channel,
                      value=value, ref=ref, day=day)


@kernel
def _race(items, u, log_delay, primary_carer, carer_digital, carer_category, plan_carer_access, coordinator,
          coordinator_quality, member, able, digital, plan, consent, admitted_until, knows_district, knows_local,
          knows_blocks, post_org, linked, post_on_plan, post_involves_carer, item_due, due_contact, plan_record,
          plan_delay, digital_complete, digital_delay, paper_complete, paper_delay, coordinator_relay,
          coordinator_delay, carrier_complete, carrier_delay, overloaded_fails, discharge_talk_carer, talk_complete,
          transfer_complete, transfer_delay, carer_regelwerk, carrier_hours):
    """The channel race of each handover item, item by item (the channels as in :func:`handover`).

    ``items``: the items' columns (:data:`ITEM_COLUMNS`, as :func:`_expand_items` gives them);
    ``u``: the item's 13 uniforms (0 plan, 1 direct, 2 regiebehandelaar, 3 carrier, 4 an overloaded carer fails,
    10 the carer at the discharge talk, 11 the talk complete, 12 the transfer visit complete; 5 to 9 those of its
    five delays: plan, direct, regiebehandelaar, carrier, transfer visit); ``log_delay``: the logs of the uniforms of
    the delays the items' channels may use (:func:`_delays_used`; each uniform at least 1e-12), item by item in the
    order of the delays, whose negatives are Exp(1) delays, multiplied by each channel's mean delay in days. A
    channel works with its chance and delivers after its delay; the arrival is the earliest (float32 days after the
    transition, inf if no channel works). The item is delivered if it arrives by its due day (``item_due`` by item kind,
    ``due_contact`` for a contact's items).

    Returns the event log's rows, their integer columns (:data:`ROW_INTS`; int32, [8, rows]) and their value and
    day (float32, [2, rows]), with room after the rows written for two rows per item (:func:`_failure_effects`),
    and the sender and receiver of each item row ([2, items]): the delivered items first, then the failed ones,
    each in item order: the event (``DELIVERED`` or ``FAILED``), client, item kind, sender, receiver and the
    receiver's role (-3 and ``CARER_ROLE`` for the primary carer), transition id, actor (the sender post, or -1 for
    the client side), target (the receiver post or carer), channel (the first-arriving one if delivered, else the
    first channel open to the item in the order of ``CHANNELS``, or none), value the arrival (days, NaN if never),
    day (arrival or due, whichever is earlier); then the carer's
    effort, one piece of regelwerk per transition of which the primary carer carries items, in the order of the
    transition ids, charged and logged as ``World.add_regelwerk`` does (:func:`sim.world.charge_regelwerk`): its
    client, ``CARRYING``, ``carrier_hours`` per item carried (added to ``carer_regelwerk`` in that order, in place)
    and its id. Then, in item order ([4, items]), per item on the plan the post that records it (the sender, or the
    regiebehandelaar for the client side; none without one) and the client, and per item the regiebehandelaar
    relays that post and the client; the number delivered, of rows written, of items recorded and of items relayed.
    """

    def acquainted(x, y):  # posts x and y know each other (``net.knows[x, y]``: never across districts)
        return knows_district[x] == knows_district[y] and knows_blocks[knows_district[x], knows_local[x],
                                                                       knows_local[y]]

    client, kind, sender, receiver, role, ref, transition = (items[0], items[1], items[2], items[3], items[4],
                                                             items[5], items[6])
    n = client.size
    inf = np.float32(np.inf)
    first_channel = np.empty(n, np.int8)
    arrival, due = np.empty(n, np.float32), np.empty(n, np.float32)
    carried_ref, carried_client, carried_items = np.empty(n, np.int32), np.empty(n, np.int32), np.empty(n, np.int64)
    overhead = np.empty((4, n), np.int64)
    recorder, recorded_for, relay, relayed_for = overhead[0], overhead[1], overhead[2], overhead[3]
    n_carried = n_recorded = n_relayed = 0
    n_delivered = n_logs = 0
    log_u = np.empty(DELAYS)  # an item's logs: those of the delays its channels may use (only they are read)
    for i in range(n):
        c, s, r, tk = client[i], sender[i], receiver[i], transition[i]
        to_carer = r == -3
        pc = primary_carer[c]
        co = coordinator[c]
        # the logs of the uniforms of the delays its channels may use, in the order of the delays
        used = _delays_used(s, r, tk, co, plan[c] and consent[c])
        for delay in range(DELAYS):
            if used >> delay & 1:
                log_u[delay] = log_delay[n_logs]
                n_logs += 1
        carer_on_plan = pc >= 0 and carer_digital[pc] and plan_carer_access
        # direct: to a known colleague, the registered GP or pharmacy, the post one refers to, or between the
        # regiebehandelaar (the network's central contact point) and a member
        direct = False
        if s >= 0 and r >= 0:
            direct = (acquainted(s, r) or role[i] == V.GP or role[i] == V.PHARMACIST or tk == V.REFERRAL
                      or (co >= 0 and (r == co or s == co)))
        elif s >= 0 and to_carer:
            direct = post_involves_carer[s]
        digital_link = direct and r >= 0 and linked[post_org[s], post_org[r]]
        paper = direct and not digital_link
        # plan
        sender_on_plan = post_on_plan[s] if s >= 0 else (able[c] and digital[c]) or carer_on_plan
        receiver_on_plan = post_on_plan[r] if r >= 0 else to_carer and carer_on_plan
        on_plan = plan[c] and consent[c] and sender_on_plan and receiver_on_plan
        # regiebehandelaar relay
        via_coordinator = co >= 0 and co != s and co != r
        # in person, for the carer's own discharge items: the discharge talk with the carer present, and the
        # district nurse's transfer visit (a nurse who involves carers)
        nurse = member[c, V.DISTRICT_NURSE]
        at_discharge = to_carer and pc >= 0 and tk == V.DISCHARGE
        transfer = at_discharge and nurse >= 0 and post_involves_carer[nurse]
        talk = at_discharge and u[i, 10] < discharge_talk_carer
        # client or carer carries it when no plan or regiebehandelaar does (with a regiebehandelaar the client
        # side no longer carries: items go through the regiebehandelaar's own channels)
        client_carries = able[c] and admitted_until[c] < 0
        carrier = not to_carer and (client_carries or pc >= 0) and not on_plan and co < 0
        by_carer = carrier and not client_carries
        carrier_ok = carrier and not (by_carer and carer_category[pc] >= 2 and u[i, 4] < overloaded_fails)

        # the earliest arrival and its channel, the channels taken in the order of ``CHANNELS`` (the earlier one
        # wins a tie; ``PLAN`` when none arrives)
        first, earliest = V.PLAN, inf
        if on_plan and u[i, 0] < plan_record:
            first, earliest = _earlier(V.PLAN, -log_u[0] * plan_delay, first, earliest)
        if digital_link and u[i, 1] < digital_complete:
            first, earliest = _earlier(V.DIRECT_DIGITAL, -log_u[1] * digital_delay, first, earliest)
        if via_coordinator and u[i, 2] < np.float32(coordinator_relay) * coordinator_quality[co]:
            first, earliest = _earlier(V.COORDINATOR, -log_u[2] * coordinator_delay, first, earliest)
        if paper and u[i, 1] < paper_complete:
            first, earliest = _earlier(V.DIRECT_PAPER, -log_u[1] * paper_delay, first, earliest)
        told = 0.0 if talk and u[i, 11] < talk_complete else np.inf  # at the talk, on the day of discharge
        visited = -log_u[4] * transfer_delay if transfer and u[i, 12] < transfer_complete else np.inf
        first, earliest = _earlier(V.IN_PERSON, min(told, visited), first, earliest)
        if carrier_ok and u[i, 3] < carrier_complete:
            first, earliest = _earlier(V.CARRIED_BY_CLIENT if client_carries else V.CARRIED_BY_CARER,
                                       -log_u[3] * carrier_delay, first, earliest)
        arrival[i] = earliest
        due[i] = np.float32(due_contact) if tk == V.CONTACT else item_due[kind[i]]
        if arrival[i] <= due[i]:
            first_channel[i] = first
            n_delivered += 1
        else:  # the first channel open to it
            first_channel[i] = (V.PLAN if on_plan else V.DIRECT_DIGITAL if digital_link else V.COORDINATOR
                                if via_coordinator else V.DIRECT_PAPER if paper else V.IN_PERSON if talk or transfer
                                else V.CARRIED_BY_CLIENT if carrier and client_carries else V.CARRIED_BY_CARER
                                if by_carer else V.NO_CHANNEL)
        if by_carer:  # a transition's items are consecutive: a new transition starts a new count
            if n_carried == 0 or carried_ref[n_carried - 1] != ref[i]:
                carried_ref[n_carried], carried_client[n_carried], carried_items[n_carried] = ref[i], c, 0
                n_carried += 1
            carried_items[n_carried - 1] += 1
        if on_plan and (s >= 0 or co >= 0):
            recorder[n_recorded], recorded_for[n_recorded] = s if s >= 0 else co, c
            n_recorded += 1
        if via_coordinator:
            relay[n_relayed], relayed_for[n_relayed] = co, c
            n_relayed += 1

    # the event log's rows: delivered items first, then the failed ones, the carer's regelwerk (at most one per
    # item) and room for the consequences (at most two per item)
    room = 4 * n
    ints, reals = np.empty((len(ROW_INTS), room), np.int32), np.empty((2, room), np.float32)
    ends = np.empty((2, n), np.int64)
    row_event, row_client, row_kind, row_actor, row_target, row_role, row_channel, row_ref = (
        ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], ints[6], ints[7])
    row_arrival, row_day = reals[0], reals[1]
    row_sender, row_receiver = ends[0], ends[1]
    delivered_row, failed_row = 0, n_delivered
    for i in range(n):
        if arrival[i] <= due[i]:
            j = delivered_row
            delivered_row += 1
            row_event[j] = DELIVERED
        else:
            j = failed_row
            failed_row += 1
            row_event[j] = FAILED
        s, r = sender[i], receiver[i]
        row_client[j], row_kind[j], row_sender[j], row_receiver[j] = client[i], kind[i], s, r
        row_role[j], row_ref[j], row_channel[j] = role[i], ref[i], first_channel[i]
        row_actor[j] = s if s >= 0 else -1
        row_target[j] = r if r >= 0 else primary_carer[client[i]] if r == -3 else -1
        row_arrival[j] = arrival[i] if arrival[i] < inf else np.nan
        row_day[j] = min(arrival[i], due[i])
    # the carer's regelwerk, by transition id (a stable insertion sort: the ids come nearly in order)
    for j in range(1, n_carried):
        k = j
        while k > 0 and carried_ref[k - 1] > carried_ref[k]:
            carried_ref[k - 1], carried_ref[k] = carried_ref[k], carried_ref[k - 1]
            carried_client[k - 1], carried_client[k] = carried_client[k], carried_client[k - 1]
            carried_items[k - 1], carried_items[k] = carried_items[k], carried_items[k - 1]
            k -= 1
    carried_hours = np.empty(n_carried)
    for j in range(n_carried):
        carried_hours[j] = carrier_hours * carried_items[j]
    charge_regelwerk(carer_regelwerk, primary_carer, carried_client[:n_carried], np.full(1, V.CARRYING),
                     carried_hours, carried_ref[:n_carried], row_client, row_kind, row_actor, row_role, row_arrival,
                     row_ref, n)
    for row in range(n, n + n_carried):  # every carrying client has a primary carer: one event each
        row_event[row], row_target[row], row_channel[row], row_day[row] = REGELWERK, -1, -1, 0
    return ints, reals, ends, overhead, n_delivered, n + n_carried, n_recorded, n_relayed


@kernel
def _earlier(channel, days, first, earliest):
    """The first channel to arrive and its arrival (float32 days), ``first`` having arrived by ``earliest`` and
    ``channel`` arriving after ``days`` (stored as float32): ``channel`` only if strictly earlier."""
    day = np.float32(days)
    return (channel, day) if day < earliest else (first, earliest)


def _convene(w: "World", clients, kinds, rng) -> None:
    """A regiebehandelaar convenes the network at a transition: its members get to know each other."""
    net = w.net
    convened, kind, lead = _convening(rng.random(clients.size), clients, kinds, net.coordinator,
                                      net.coordinator_quality)
    if convened.size == 0:
        return
    introduce(net, convened)
    w.log.record("convened", convened, detail=kind, actor=lead)
    w.add_overhead(lead, w.params.policies.regiebehandelaar.convene_hours, "coordination_hours", convened)


@kernel
def _convening(u, clients, kinds, coordinator, coordinator_quality):
    """The transitions at which the client's regiebehandelaar convenes the network: the client has one and its
    uniform ``u`` is below the regiebehandelaar's quality (probability per transition). Returns, per such
    transition in order, the client, the transition's kind and the regiebehandelaar's post."""
    convened, kind, lead = (np.empty(clients.size, np.int64), np.empty(clients.size, np.int64),
                            np.empty(clients.size, np.int64))
    n = 0
    for t in range(clients.size):
        co = coordinator[clients[t]]
        if co >= 0 and u[t] < coordinator_quality[co]:
            convened[n], kind[n], lead[n] = clients[t], kinds[t], co
            n += 1
    return convened[:n], kind[:n], lead[:n]


def _consequences(w, ints, reals, ends, first_failed, end_failed, n_rows, rng) -> int:
    """Failed items: medication errors, readmission risk, care not started, story repeated, carer sidelined.

    ``ints``, ``reals``, ``ends``: the event log's rows and the items' senders and receivers from :func:`_race`, the
    failed items in rows ``first_failed`` to ``end_failed``, ``n_rows`` rows written; the consequences' rows go
    after them. Returns the rows written."""
    if first_failed == end_failed:
        return n_rows
    net, p = w.net, w.params
    u = rng.random((end_failed - first_failed, 2))
    return _failure_effects(
        ints, reals, ends, first_failed, end_failed, n_rows, u, net.able, net.primary_carer, net.post_role,
        w.role_domain, ROLE_BIT, net.harm_hazard, net.dissatisfaction, net.blocked, net.grievance, w.carer_sidelined,
        p.handover.medication_harm, p.handover.readmission_harm, p.needs.harm_hazard, p.complaints.harm_weight,
        p.complaints.story_weight, p.complaints.ignored_weight)


@kernel
def _failure_effects(ints, reals, ends, first_failed, end_failed, n_rows, u, able, primary_carer, post_role,
                     role_domain, role_bit, harm_hazard, dissatisfaction, blocked, grievance, carer_sidelined,
                     medication_harm, readmission_harm, harm_hazard_step, harm_weight, story_weight, ignored_weight):
    """The consequences of failed handover items, item by item, in the order of the process.

    Harm: a medication item not meant for the carer causes a medication error with chance ``medication_harm``, a
    home-situation item a readmission with chance ``readmission_harm`` (one uniform ``u[:, 0]`` each); each harm
    adds ``harm_hazard_step`` (probability per week) to the client's harm hazard and ``harm_weight`` to the
    dissatisfaction. A missed expectations item to a post blocks the care of that post's domain (its care waits
    until someone calls). The client has to tell the story again to a receiving post (``story_weight``) when able
    or with a primary carer; an item for the carer sidelines the carer (one more item in ``carer_sidelined``, and
    ``ignored_weight``). The grievance becomes the roles of the sender and receiver of the client's last failed
    item. Updates the state in place. Dissatisfaction grows in the process's order (all harms, the stories, the
    sidelined) and in float64 before it is stored as float32, as ``np.add.at`` does.

    The failed items (client, item kind, sender and receiver, a post or -2 the client side, -3 the primary carer,
    and the receiver's role) are rows ``first_failed`` to ``end_failed`` of the event log's rows ``ints``, ``reals``
    and of the senders and receivers ``ends`` (as :func:`_race` returns them); the consequences' rows are written
    from row ``n_rows`` on: the harms (``HARM``, client, 0 medication error or 1 readmission, the sending post or
    -1, the receiver), medication errors first, each in item order; then the stories told again
    (``STORY_REPEATED``, client, item kind, -1, the receiving post); no role, channel, value, ref or day. Returns
    the number of rows written in all.
    """
    row_event, row_client, row_detail, row_actor, row_target, row_role, row_channel, row_ref = (
        ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], ints[6], ints[7])
    row_value, row_day = reals[0], reals[1]
    client, kind = row_client[first_failed:end_failed], row_detail[first_failed:end_failed]
    sender, receiver = ends[0, first_failed:end_failed], ends[1, first_failed:end_failed]
    role = row_role[first_failed:end_failed]
    n = client.size
    n_roles = role_bit.size
    first = n_rows
    for harm in range(2):  # 0 medication error, 1 readmission
        for i in range(n):
            if harm == 0:
                harmed = kind[i] == V.MEDICATION and receiver[i] != -3 and u[i, 0] < medication_harm
            else:
                harmed = kind[i] == V.HOME_SITUATION and u[i, 0] < readmission_harm
            if harmed:
                harm_hazard[client[i]] += harm_hazard_step
                dissatisfaction[client[i]] += harm_weight
                row_event[n_rows], row_client[n_rows], row_detail[n_rows] = HARM, client[i], harm
                row_actor[n_rows], row_target[n_rows] = sender[i] if sender[i] >= 0 else -1, receiver[i]
                n_rows += 1
    for i in range(n):
        if kind[i] == V.EXPECTATIONS and receiver[i] >= 0 and role_domain[role[i]] >= 0:
            blocked[client[i], role_domain[role[i]]] = True
    for i in range(n):
        c = client[i]
        if receiver[i] >= 0 and (able[c] or primary_carer[c] >= 0):
            dissatisfaction[c] += story_weight
            row_event[n_rows], row_client[n_rows], row_detail[n_rows] = STORY_REPEATED, c, kind[i]
            row_actor[n_rows], row_target[n_rows] = -1, receiver[i]
            n_rows += 1
    for i in range(n):
        c = client[i]
        if receiver[i] == -3 and primary_carer[c] >= 0:
            carer_sidelined[primary_carer[c]] += 1
            dissatisfaction[c] += ignored_weight
    for i in range(n):
        bits = 0
        if sender[i] >= 0:
            bits |= role_bit[min(max(post_role[sender[i]], 0), n_roles - 1)]
        if receiver[i] >= 0:
            bits |= role_bit[min(max(role[i], 0), n_roles - 1)]
        grievance[client[i]] = bits  # a complaint is about the latest thing that went wrong
    for row in range(first, n_rows):
        row_role[row], row_channel[row], row_value[row], row_ref[row], row_day[row] = -1, -1, np.nan, -1, 0
    return n_rows
