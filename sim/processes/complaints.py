"""Complaints (ODD 7.8-7.9): dissatisfaction becomes complaints; their trail across addresses until answered or dropped.

Complaints are sparse (a few per hundred client-years), so the open ones are a small table, one
:data:`sim.world.COMPLAINT` row each (``w.open_complaints``). The desk's week is one compiled call
(:func:`_file_and_advance`): the week's complaints are filed, then the desk walks through the open ones that have
something to do (:func:`_advance_all`, with its helpers for one complaint). Every step of the trail is written to
the event log, in the order it happens: ``complaint_filed``, ``complaint_forwarded``, ``complaint_bounced``,
``complaint_part_answered``, ``complaint_closed``.

A complaint is *owned* in parts: each post whose role was involved in the
grievance (the client's ``grievance`` bitmask) owns one part. It ends as
``answered`` (all parts answered by the deadline), ``answered_in_part``,
``unanswered`` (no part answered by the deadline) or ``given_up`` (the
complainant stopped after a bounce).

The desk's draws are sequential and depend on the state (only complaints with something to do draw, each in turn),
so the compiled loops take the ``complaints`` stream itself and draw exactly what the plain loop drew, in its order.
Weeks are model weeks (``w.week``); addresses and owners are posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel
from sim.processes.posts import lead_posts_of
from sim.world import COMPLAINT

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


#: Event codes of the desk's steps, and the complaint's ends (``COMPLAINT_ENDS``).
FILED, FORWARDED, BOUNCED, PART_ANSWERED, CLOSED = (V.EVENT[name] for name in (
    "complaint_filed", "complaint_forwarded", "complaint_bounced", "complaint_part_answered", "complaint_closed"))
ANSWERED, ANSWERED_IN_PART, UNANSWERED, GIVEN_UP = (V.COMPLAINT_ENDS.index(end) for end in (
    "answered", "answered_in_part", "unanswered", "given_up"))
#: ``address`` of a complaint whose complainant gave up after a bounce (closed the same week).
GAVE_UP = -2

#: One row of the event log written by the desk (the columns it sets; ``value`` NaN where the event has none).
LOG_ROW = np.dtype([("event", np.int64), ("client", np.int64), ("detail", np.int64), ("actor", np.int64),
                    ("target", np.int64), ("value", np.float64), ("ref", np.int64)])
#: The complaint regime of each role (index into ``V.REGIMES``): that of its law.
ROLE_REGIME = np.asarray(V.LAW_REGIME)[np.asarray(V.ROLE_LAW)]
#: The most log rows one complaint can give in one week: a new address, a part passed on to each owner, a bounce,
#: a part answered by each owner, and the close.
ROWS_PER_COMPLAINT = 2 * len(V.ROLES) + 3


def complaints(w: "World") -> None:
    """Dissatisfaction becomes complaints; complaints travel between addresses until answered or dropped.

    The complainant (client or carer) picks an address: the regiebehandelaar
    when it is the complaint address, otherwise a provider that owns part of
    the complaint (if they know where to go) or another network member. An
    owner answers its own part and may forward the rest; a non-owner forwards
    to an owner it knows or bounces the complaint back. The regime of the first
    address sets the deadline (Wkkgz 6 weeks, extendable by 4).
    """
    net, rng = w.net, w.streams.complaints
    cp = w.params.complaints
    exponent = _dissatisfaction(net.dissatisfaction, w.unmet_client, np.float32(1 - cp.decay),
                                float(cp.unmet_weight), np.float32(-cp.propensity))
    u = rng.random(net.n_clients, dtype=np.float32)
    quiet = np.exp(exponent, out=exponent)  # the chance of not complaining this week (numpy's float32 exp)
    filing = _filing(u, quiet, net.admitted_until, net.able, net.primary_carer, net.member)
    _desk(w, filing, rng, advance=True, settle=True)


def file_complaints(w: "World", clients: np.ndarray, rng: np.random.Generator) -> None:
    """Each of ``clients`` (each with at least one member post), in turn, files a complaint: owners from the
    grievance, an address, a deadline by regime. The complaints join the open ones (to be advanced this week) and
    ``complaint_filed`` is logged; a regiebehandelaar that receives one spends its ``complaint_hours`` on it
    (coordination overhead)."""
    _desk(w, np.asarray(clients, np.int64), rng, advance=False, settle=False)


def advance_complaints(w: "World", rng: np.random.Generator) -> None:
    """Advance every open complaint that has something to do this week, in the order filed; log each step in the
    order it happens, and drop the complaints that closed. (A week in which no complaint wakes changes nothing.)"""
    _desk(w, np.empty(0, np.int64), rng, advance=True, settle=False)


def _desk(w: "World", filing: np.ndarray, rng: np.random.Generator, advance: bool, settle: bool) -> None:
    """The desk's week in one compiled call (:func:`_file_and_advance`): the clients ``filing`` (each with at least
    one member post) file their complaints (:func:`file_complaints`), then, if ``advance``, every open complaint
    that has something to do is advanced (:func:`advance_complaints`); if ``settle``, each filer's dissatisfaction
    halves and its grievance is cleared once filed. The steps go to the event log in the order they happen
    (``complaint_filed`` first); the coordination hours of the complaints routed to a regiebehandelaar are
    charged. Nothing is called when nobody files and no complaint wakes."""
    net, cp, table = w.net, w.params.complaints, w.open_complaints
    n_open, n_new = len(table), filing.size
    if n_new == 0 and not (advance and np.count_nonzero(table["wake"] <= w.week)):
        return
    table = _with_room(table, n_new)
    rows = np.empty(n_new + ((n_open + n_new) * ROWS_PER_COMPLAINT if advance else 0), LOG_ROW)
    n_open, n_rows, routed = _file_and_advance(
        table[:n_open + n_new], n_open, filing, rows, advance, settle, w.week, w.next_complaint_id,
        net.admitted_until, net.coordinator, net.coordinator_address, net.member, net.grievance, net.dissatisfaction,
        net.post_role, ROLE_REGIME, net.knows.district, net.knows.local, net.knows.blocks, net.coordinator_quality,
        net.primary_carer, net.carer_category, float(cp.knows_address), float(cp.extension_share),
        int(cp.wkkgz_deadline), int(cp.wkkgz_extension), int(cp.other_deadline), float(cp.forward),
        float(cp.give_up), float(cp.handling_weeks), float(cp.refile_weeks), rng)
    w.next_complaint_id += n_new
    w.open_complaints = table[:n_open]
    rows = rows[:n_rows]
    w.log.record_rows(rows["event"], rows["client"], detail=rows["detail"], actor=rows["actor"],
                      target=rows["target"], value=rows["value"], ref=rows["ref"])
    if routed.size:
        w.add_overhead(rows["target"][routed], w.params.policies.regiebehandelaar.complaint_hours,
                       "coordination_hours", rows["client"][routed])


def _with_room(table: np.ndarray, n_new: int) -> np.ndarray:
    """The table whose first rows are the open complaints ``table`` (the array it is a view of, if any), with room
    for ``n_new`` more: itself if long enough, else a copy twice as long. (The table's rows are moved in place, by
    the compiled loops: numpy copies rows of a structured array field by field, slowly.)"""
    whole = table if table.base is None else table.base
    if whole.size >= table.size + n_new:
        return whole
    longer = np.zeros(max(2 * whole.size, table.size + n_new, 64), COMPLAINT)
    longer[:table.size] = table
    return longer


# --------------------------------------------------------------------------- the compiled desk


@kernel
def _dissatisfaction(dissatisfaction, unmet, keep, unmet_weight, minus_propensity):
    """This week's dissatisfaction of each client, in place: last week's times ``keep`` (1 - decay per week), plus
    ``unmet_weight`` if the client had unmet need (``unmet``). Returns -propensity x dissatisfaction per client, the
    exponent of the chance of not complaining. In float32, rounded as the whole-array numpy it replaces (the unmet
    weight is added in float64)."""
    exponent = np.empty(dissatisfaction.size, np.float32)
    for i in range(dissatisfaction.size):
        kept = dissatisfaction[i] * keep
        dissatisfaction[i] = np.float32(np.float64(kept) + unmet_weight * unmet[i])
        exponent[i] = minus_propensity * dissatisfaction[i]
    return exponent


@kernel
def _filing(u, quiet, admitted_until, able, primary_carer, member):
    """The clients who file a complaint this week, in order: those with a voice (at home, and able or with a
    primary carer) and a desk (at least one member post) whose uniform draw ``u`` is below their chance of
    complaining, 1 - ``quiet`` (float32)."""
    filing = np.empty(u.size, np.int64)
    n_filing = 0
    for i in range(u.size):  # the draw first: it rarely passes
        if u[i] < np.float32(1) - quiet[i] and admitted_until[i] < 0 and (able[i] or primary_carer[i] >= 0):
            desk = False
            for post in member[i]:
                desk |= post >= 0
            if desk:
                filing[n_filing] = i
                n_filing += 1
    return filing[:n_filing]


@kernel
def _file_and_advance(table, n_open, clients, rows, advance, settle, week, first_id, admitted_until, coordinator,
                      coordinator_address, member, grievance, dissatisfaction, post_role, role_regime,
                      knows_district, knows_local, knows_blocks, coordinator_quality, primary_carer, carer_category,
                      knows_address, extension_share, wkkgz_deadline, wkkgz_extension, other_deadline, forward,
                      give_up, handling_weeks, refile_weeks, rng):
    """The desk's week: the complaints of ``clients`` fill the rows of ``table`` from ``n_open`` on (:func:`_file`;
    the address is the client's lead post, :func:`sim.processes.posts.lead_posts_of`, where the client's
    regiebehandelaar is the complaint address), each logged as ``complaint_filed`` (detail the regime, target the
    address, value the number of owners, ref the id); with ``settle`` the filer's dissatisfaction halves and its
    grievance is cleared. Then, with ``advance``, the open complaints are advanced (:func:`_advance_all`). The rows
    go to ``rows`` (:data:`LOG_ROW`) in order.

    Returns the number of complaints still open, of rows written, and the rows (index into ``rows``) of the
    complaints filed with a regiebehandelaar (routed), in order.
    """
    n_new = clients.size
    lead = lead_posts_of(clients, coordinator, member, admitted_until)
    routed_lead = np.empty(n_new, np.int64)
    routed = np.empty(n_new, np.int64)
    n_routed = 0
    for i in range(n_new):
        co = coordinator[clients[i]]
        routed_lead[i] = lead[i] if co >= 0 and coordinator_address[co] else -1
    new = table[n_open:]
    _file(new, clients, routed_lead, member, grievance, post_role, role_regime, knows_address, extension_share,
          wkkgz_deadline, wkkgz_extension, other_deadline, week, first_id, rng)
    for i in range(n_new):
        c = new[i]
        row = rows[i]
        row.event, row.client, row.detail, row.actor, row.target, row.value, row.ref = (
            FILED, c.client, c.regime, -1, c.address, c.n_owners, c.id)
        if c.routed:
            routed[n_routed] = i
            n_routed += 1
        if settle:
            dissatisfaction[c.client] *= np.float32(0.5)
            grievance[c.client] = 0
    n_still_open, n_rows = n_open + n_new, n_new
    if advance:
        n_still_open, n_steps = _advance_all(table, rows[n_new:], week, member, knows_district, knows_local,
                                             knows_blocks, coordinator_quality, primary_carer, carer_category,
                                             knows_address, forward, give_up, handling_weeks, refile_weeks, rng)
        n_rows += n_steps
    return n_still_open, n_rows, routed[:n_routed]


@kernel
def _file(new, clients, lead, member, grievance, post_role, role_regime, knows_address, extension_share,
          wkkgz_deadline, wkkgz_extension, other_deadline, week, first_id, rng):
    """Fill the rows of ``new`` (:data:`COMPLAINT`, one per client of ``clients``, filed this ``week``, ids from
    ``first_id``), drawing from ``rng`` client by client.

    Owners: the client's member posts whose role bit is in ``grievance``; if none, a general complaint owned by the
    GP and the social team. Address: ``lead[i]`` (the lead post, routed) where the client's regiebehandelaar is the
    complaint address (``lead[i] >= 0``), else the complainant's choice (:func:`_choose_address`). Regime: that of
    the address's role (``role_regime``); a Wkkgz deadline (regime 0) is ``wkkgz_deadline`` weeks, plus
    ``wkkgz_extension`` with probability ``extension_share``; the other regimes' is ``other_deadline`` weeks.
    """
    for i in range(clients.size):
        c, client = new[i], clients[i]
        c.id, c.client, c.filed, c.routed = first_id + i, client, week, False
        c.refile_week, c.bounces, c.wake, c.n_owners, c.n_parts = 0, 0, 0, 0, 0
        c.owner[:], c.due[:], c.answered[:], c.parts[:] = -1, -1, 0, -1
        for role in range(member.shape[1]):
            if grievance[client] >> role & 1 and member[client, role] >= 0:
                _add_owner(c, member[client, role])
        if c.n_owners == 0:  # a general complaint about unmet care: the GP and the social team
            for role in (V.GP, V.SOCIAL_TEAM):
                if member[client, role] >= 0:
                    _add_owner(c, member[client, role])
        if lead[i] >= 0:
            c.address, c.routed = lead[i], True
        else:
            c.address = _choose_address(member[client], c.owner[:c.n_owners], knows_address, rng)
        c.regime = role_regime[post_role[c.address]]
        if c.regime == 0:
            extend = rng.random() < extension_share
            c.deadline = week + wkkgz_deadline + (wkkgz_extension if extend else 0)
        else:
            c.deadline = week + other_deadline


@kernel
def _add_owner(c, post):
    """Add ``post`` to the owners of complaint ``c``."""
    c.owner[c.n_owners] = post
    c.n_owners += 1


@kernel
def _choose_address(members, owners, knows_address, rng):
    """The complainant picks an address: with probability ``knows_address`` (or when the network has no member
    post) an owner, else (or when the complaint has no owner) a member post of the network (``members``, -1 for
    none); uniformly. -1 when there is neither. Two draws."""
    n_members = 0
    for post in members:
        n_members += post >= 0
    u, v = rng.random(), rng.random()
    if (u < knows_address or n_members == 0) and owners.size > 0:
        return owners[int(v * owners.size)]
    if n_members == 0:
        return -1  # nobody to go to (no owner, no member post): the complainant tries again next week
    pick = int(v * n_members)
    for post in members:
        if post >= 0:
            if pick == 0:
                return post
            pick -= 1
    return -1  # not reached: pick < n_members


@kernel
def _advance_all(table, rows, week, member, knows_district, knows_local, knows_blocks, coordinator_quality,
                 primary_carer, carer_category, knows_address, forward, give_up, handling_weeks, refile_weeks, rng):
    """One week of the complaint desk: advance each open complaint of ``table`` (rows of :data:`COMPLAINT`) whose
    ``wake`` week has come, in order (:func:`_at_address` and the steps around it), and set its next ``wake``
    (:func:`_next_wake`) or close it. The complaints still open are moved up to the first rows of ``table``, in
    order; the steps are written to ``rows`` (:data:`LOG_ROW`, room for :data:`ROWS_PER_COMPLAINT` per waking
    complaint) in the order they happen. Returns the number of complaints still open and of rows written.

    ``knows_*``: who knows whom among the posts (:class:`sim.network.Acquaintance`); ``coordinator_quality``:
    probability per week that a regiebehandelaar passes a part on; ``forward``: probability that a post passes the
    complaint on to an owner it knows; ``give_up``: probability per bounce that the complainant gives up (doubled
    with an overloaded primary carer, category >= 2); ``handling_weeks``, ``refile_weeks``: mean weeks to answer a
    part, and before the complainant tries a new address.
    """
    n_open = n_rows = 0
    for i in range(table.size):
        c = table[i]
        if week >= c.wake:
            # a new address once the complainant is ready to try again
            if c.address < 0 and week >= c.refile_week:
                c.address = _choose_address(member[c.client], c.owner[:c.n_owners], knows_address, rng)
                if c.address >= 0:
                    n_rows = _log(rows, n_rows, FORWARDED, c, c.regime, -1, c.address, np.nan)
                else:
                    c.refile_week = week + 1
            if c.address >= 0:
                n_rows = _at_address(c, rows, n_rows, week, knows_district, knows_local, knows_blocks,
                                     coordinator_quality, primary_carer, carer_category, forward, give_up,
                                     handling_weeks, refile_weeks, rng)
            # the parts whose answers are ready, in the order they were passed on
            if c.address != GAVE_UP:
                for j in range(c.n_parts):
                    s = c.parts[j]
                    if c.answered[s] == 0 and c.due[s] <= week:
                        c.answered[s] = 1
                        n_rows = _log(rows, n_rows, PART_ANSWERED, c, c.regime, c.owner[s], -1, week - c.filed)
            n_answered = 0
            for s in range(c.n_owners):
                n_answered += c.answered[s]
            end = -1  # still open
            if c.address == GAVE_UP:
                end = ANSWERED_IN_PART if n_answered else GIVEN_UP
            elif n_answered == c.n_owners and c.n_owners > 0:  # a complaint nobody owns is never answered
                end = ANSWERED
            elif week >= c.deadline:
                end = ANSWERED_IN_PART if n_answered else UNANSWERED
            if end >= 0:
                actor = c.address if c.routed else -1  # the regiebehandelaar, if one routed it
                n_rows = _log(rows, n_rows, CLOSED, c, end, actor, -1, week - c.filed)
                continue
            c.wake = _next_wake(c, week)
        if n_open < i:
            table[n_open] = table[i]
        n_open += 1
    return n_open, n_rows


@kernel
def _at_address(c, rows, n_rows, week, knows_district, knows_local, knows_blocks, coordinator_quality,
                primary_carer, carer_category, forward, give_up, handling_weeks, refile_weeks, rng):
    """Complaint ``c`` at its address this week (arguments as :func:`_advance_all`); returns the rows logged so far.

    Routed: the regiebehandelaar passes each part not yet passed on to its owner, with probability its
    ``coordinator_quality``. At an owner: the first time, it starts its own part and passes each other owner it
    knows its part, with probability ``forward``. At a non-owner: with probability ``forward`` it passes the
    complaint to an owner it knows (the new address); otherwise it bounces back to the complainant, who gives up
    (``address`` :data:`GAVE_UP`) or looks for a new address from week + 1 + int(Exp(mean ``refile_weeks``)).
    A part passed on is due at week + 1 + int(Exp(mean ``handling_weeks``)).
    """
    address = c.address
    if c.routed:
        for s in range(c.n_owners):
            if c.due[s] < 0 and rng.random() < coordinator_quality[address]:
                _pass_part(c, s, week + 1 + int(rng.exponential(handling_weeks)))
                n_rows = _log(rows, n_rows, FORWARDED, c, c.regime, address, c.owner[s], np.nan)
        return n_rows
    own = _owner_slot(c, address)
    if own >= 0:
        if c.due[own] < 0:
            _pass_part(c, own, week + 1 + int(rng.exponential(handling_weeks)))
            for s in range(c.n_owners):
                if (c.due[s] < 0 and _knows(knows_district, knows_local, knows_blocks, address, c.owner[s])
                        and rng.random() < forward):
                    _pass_part(c, s, week + 1 + int(rng.exponential(handling_weeks)))
                    n_rows = _log(rows, n_rows, FORWARDED, c, c.regime, address, c.owner[s], np.nan)
        return n_rows
    n_known = 0
    for s in range(c.n_owners):
        n_known += _knows(knows_district, knows_local, knows_blocks, address, c.owner[s])
    if n_known > 0 and rng.random() < forward:
        pick = int(rng.random() * n_known)
        for s in range(c.n_owners):
            if _knows(knows_district, knows_local, knows_blocks, address, c.owner[s]):
                if pick == 0:
                    n_rows = _log(rows, n_rows, FORWARDED, c, c.regime, address, c.owner[s], np.nan)
                    c.address = c.owner[s]
                    return n_rows
                pick -= 1
    # not ours: bounced back to the complainant
    c.bounces += 1
    n_rows = _log(rows, n_rows, BOUNCED, c, c.regime, address, -1, c.bounces)
    carer = primary_carer[c.client]
    overloaded = carer >= 0 and carer_category[carer] >= 2
    if rng.random() < min(1.0, give_up * (2 if overloaded else 1)):
        c.address = GAVE_UP
        return n_rows
    c.address = -1
    c.refile_week = week + 1 + int(rng.exponential(refile_weeks))
    return n_rows


@kernel
def _next_wake(c, week):
    """The next week in which complaint ``c`` can change (skips weeks of plain waiting): next week, unless it is
    waiting for parts (at an owner that has started its part, or routed with every part passed on) or for the
    complainant; then the first of its unanswered parts' due weeks, its deadline and (looking for an address) its
    refiling week, but not before next week."""
    own = _owner_slot(c, c.address)
    waiting_on_parts = (own >= 0 and c.due[own] >= 0) or (c.routed and c.n_parts == c.n_owners)
    if c.address >= 0 and not waiting_on_parts:
        return week + 1
    wake = c.deadline
    for s in range(c.n_owners):
        if c.due[s] >= 0 and c.answered[s] == 0:
            wake = min(wake, c.due[s])
    if c.address == -1:
        wake = min(wake, c.refile_week)
    return max(wake, week + 1)


@kernel
def _owner_slot(c, post):
    """The index of ``post`` among the owners of complaint ``c``; -1 if it owns no part."""
    for s in range(c.n_owners):
        if c.owner[s] == post:
            return s
    return -1


@kernel
def _pass_part(c, s, due):
    """The part of owner ``s`` of complaint ``c`` is passed on, its answer due in week ``due``."""
    c.due[s] = due
    c.parts[c.n_parts] = s
    c.n_parts += 1


@kernel
def _knows(district, local, blocks, a, b):
    """Whether post ``a`` knows post ``b`` (:class:`sim.network.Acquaintance`: within a district only)."""
    return district[a] == district[b] and blocks[district[a], local[a], local[b]]


@kernel
def _log(rows, n_rows, event, c, detail, actor, target, value):
    """Write one step of complaint ``c`` to ``rows[n_rows]``; returns ``n_rows + 1``."""
    row = rows[n_rows]
    row.event, row.client, row.detail, row.actor, row.target, row.value, row.ref = (
        event, c.client, detail, actor, target, value, c.id)
    return n_rows + 1
