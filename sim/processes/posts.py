"""Choosing a professional's post for a client (within the client's district, by spare capacity), and who leads.

Used when a client is admitted or referred (:mod:`sim.processes.needs`) and when an indicated request is
matched (:mod:`sim.processes.arranging`). Capacity is in hours per week.

The draws by spare capacity (:func:`draw_post`, which the matching of :mod:`sim.processes.arranging` calls in its
kernel too, and :func:`add_member` for one role or :func:`add_members` for several in turn), the lead
(:func:`lead_posts_of`) and the introductions (:func:`members_meet`, which other processes' kernels call too) are
compiled loops (:func:`sim.compiled.kernel`); the uniforms are drawn by numpy from the caller's
stream, one per client, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


R = len(V.ROLES)


def add_member(w: "World", clients: np.ndarray, role: int, rng: np.random.Generator) -> None:
    """Give clients without a post of ``role`` one in their district, chosen by spare capacity.

    A draw by spare capacity (:func:`draw_post`) among the role's posts only: one uniform per client without a post
    of the role, in order."""
    if clients.size == 0:
        return
    net = w.net
    lacking = _lacking(clients, net.member, role)
    if lacking == 0:
        return
    _add_member(clients, role, rng.random(lacking), net.member, net.client_district, w.role_posts[role],
                w.role_range[role], net.post_capacity, w.params.workforce.overbooking, w.booked)


def add_members(w: "World", clients: np.ndarray, ends: tuple, roles: tuple, rng: np.random.Generator) -> None:
    """Give clients posts of several roles in turn, as :func:`add_member` for each group in order: group g,
    ``clients[ends[g - 1]:ends[g]]`` (from 0 for the first), gets posts of ``roles[g]`` (one uniform per client
    without a post of the role when its group's turn comes)."""
    start = 0
    for end, role in zip(ends, roles):
        if end > start:
            add_member(w, clients[start:end], role, rng)
        start = end


@kernel
def _lacking(clients, member, role):
    """How many of ``clients`` have no post of ``role`` (``member`` -1)."""
    n = 0
    for c in clients:
        n += member[c, role] < 0
    return n


@kernel
def _add_member(clients, role, u, member, client_district, posts, district_range, capacity, overbooking, booked):
    """For each of ``clients`` without a post of ``role`` (``member`` -1), in order, with its draw ``u`` (one per
    such client): a post of ``posts`` (the role's posts, by district; ``district_range``: each district's range in
    them) by :func:`_give_posts`."""
    lacking = np.empty(u.size, np.int64)  # all found before any is given a post (a client may come twice)
    k = 0
    for c in clients:
        if member[c, role] < 0:
            lacking[k] = c
            k += 1
    _give_posts(lacking, role, u, member, client_district, posts, district_range, capacity, overbooking, booked)


@kernel
def _give_posts(clients, role, u, member, client_district, posts, district_range, capacity, overbooking, booked):
    """Each of ``clients``, in order, with its draw ``u``, gets a post of ``posts`` (the role's posts, by district;
    ``district_range``: each district's range in them) in the client's district, drawn by :func:`draw_post` with
    the weight the post's :func:`spare_hours` plus 0.001 hours per week (so that a full post can still be drawn); it
    becomes the client's member of ``role``, in place."""
    spare = np.empty(posts.size)
    for i in range(posts.size):
        spare[i] = spare_hours(posts[i], capacity, overbooking, booked) + 1e-3
    cum = cumulative_weight(spare)
    for k in range(clients.size):
        c = clients[k]
        lo, hi = district_range[client_district[c], 0], district_range[client_district[c], 1]
        member[c, role] = draw_post(posts, cum, lo, hi, u[k])


@kernel
def spare_hours(post, capacity, overbooking, booked):
    """Hours per week ``post`` can still take (float64): its capacity times ``overbooking`` (in float32, as the
    capacity) minus the hours ``booked`` with it, at least 0."""
    return max(np.float64(capacity[post] * np.float32(overbooking)) - booked[post], 0.0)


@kernel
def cumulative_weight(weight):
    """The cumulative sum of ``weight`` (of posts in some order, >= 0), in float64 and in that order, from 0: entry
    i is the weight of the first i posts (``weight.size + 1`` entries)."""
    cum = np.empty(weight.size + 1)
    cum[0] = 0.0
    for i in range(weight.size):
        cum[i + 1] = cum[i] + np.float64(weight[i])
    return cum


@kernel
def draw_post(order, cum, lo, hi, u):
    """A post of ``order[lo:hi]`` drawn with probability proportional to its weight (``cum``: the
    :func:`cumulative_weight` of the posts in ``order``), with ``u`` a uniform draw: the first post whose cumulative
    weight exceeds the range's start plus ``u`` times its total, kept within the range (an int32 post index; -1
    where the total weight is 0). Only the cumulative weight up to the range matters, so leaving out posts of zero
    weight does not change the draw."""
    total = cum[hi] - cum[lo]
    if not total > 0:
        return np.int32(-1)
    at = np.searchsorted(cum, cum[lo] + u * total, side="right") - 1
    at = min(max(at, lo), max(hi - 1, lo))
    return np.int32(order[min(at, order.size - 1)])


def lead_posts(net, clients: np.ndarray | None = None) -> np.ndarray:
    """The post that holds regie for each client with a regiebehandelaar (-1 for none): the regiebehandelaar, or,
    during an admission, the specialist, to whom regie passes for the episode (seed 003 §5.1: the
    regiebehandelaar hands regie to a second-line professional and takes it back at the discharge)."""
    clients = np.arange(net.n_clients) if clients is None else np.asarray(clients)
    return lead_posts_of(clients, net.coordinator, net.member, net.admitted_until)


@kernel
def lead_posts_of(clients, coordinator, member, admitted_until):
    """Per client of ``clients``, the post that holds regie (int32, -1 for none): the coordinator, or the client's
    specialist while the client is admitted (``admitted_until`` >= 0) and has one."""
    lead = np.empty(clients.size, np.int32)
    for i in range(clients.size):
        c = clients[i]
        coordinator_post, specialist = coordinator[c], member[c, V.SPECIALIST]
        episode = (coordinator_post >= 0) & (admitted_until[c] >= 0) & (specialist >= 0)
        lead[i] = specialist if episode else coordinator_post
    return lead


def introduce(net, clients: np.ndarray) -> None:
    """The member posts of each of ``clients`` get to know each other (a convened network, a case consultation)."""
    knows = net.knows
    members_meet(np.asarray(clients), net.member, knows.blocks, knows.district, knows.local)


@kernel
def members_meet(clients, member, blocks, district, local):
    """For each client of ``clients``, every ordered pair of its member posts (a post with itself included) that
    share a district get to know each other: set in the district's block of the acquaintance
    (:class:`sim.network.Acquaintance`: ``blocks[district, local, local]``), in place."""
    for c in clients:
        for i in range(R):
            a = member[c, i]
            if a < 0:
                continue
            for j in range(R):
                b = member[c, j]
                if b >= 0 and district[a] == district[b]:
                    blocks[district[a], local[a], local[b]] = True
