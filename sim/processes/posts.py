"""Choosing a professional's post for a client (within the client's district, by spare capacity), and who leads.

Used when a client is admitted or referred (:mod:`sim.processes.needs`) and when an indicated request is
matched (:mod:`sim.processes.arranging`). Capacity is in hours per week.

The draws by spare capacity and the introductions (:func:`members_meet`, which other processes' kernels call too)
are compiled loops (:func:`sim.compiled.kernel`); the uniforms are drawn by numpy from the caller's stream,
one per client, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


R = len(V.ROLES)


def choose_posts(w: "World", clients: np.ndarray, roles: np.ndarray, weight: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """For each client, a post of the given role (one per client) in the client's district, drawn with probability
    proportional to ``weight`` (per post, >= 0); -1 where no post of the district has weight. One uniform draw per
    client."""
    return _choose_posts(w.post_order, w.post_range, w.net.client_district, clients, roles, weight,
                         rng.random(clients.size))


@kernel
def _choose_posts(order, post_range, client_district, clients, roles, weight, u):
    """The draws of :func:`choose_posts` (``u``: one uniform per client): each client's range of ``order`` (the
    posts by district and role; ``post_range``: the range of district d and role r in row d R + r), and
    :func:`_draw_posts` with the weight of the posts in that order."""
    ranges = np.empty((clients.size, 2), np.int64)
    for i in range(clients.size):
        key = np.int64(client_district[clients[i]]) * R + roles[i]
        ranges[i, 0], ranges[i, 1] = post_range[key, 0], post_range[key, 1]
    ordered = np.empty(order.size, weight.dtype)
    for i in range(order.size):
        ordered[i] = weight[order[i]]
    return _draw_posts(order, ranges, ordered, u)


def add_member(w: "World", clients: np.ndarray, role: int, rng: np.random.Generator) -> None:
    """Give clients without a post of ``role`` one in their district, chosen by spare capacity.

    The same draw as :func:`choose_posts` with the weight zero outside the role, among the role's posts only: one
    uniform per client without a post of the role, in order."""
    net = w.net
    lacking = _lacking(clients, net.member, role)
    if lacking == 0:
        return
    _add_member(clients, role, rng.random(lacking), net.member, net.client_district, w.role_posts[role],
                w.role_range[role], net.post_capacity, w.params.workforce.overbooking, w.booked)


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
    them) in the client's district, drawn by :func:`_draw_posts` with the weight the post's spare capacity,
    max(capacity times ``overbooking`` (in float32, as the capacity) - booked, 0) plus 0.001 hours per week (so that
    a full post can still be drawn); it becomes the client's member of ``role``, in place."""
    spare = np.empty(posts.size)
    for i in range(posts.size):
        spare[i] = max(np.float64(capacity[posts[i]] * np.float32(overbooking)) - booked[posts[i]], 0.0) + 1e-3
    ranges = np.empty((u.size, 2), np.int64)
    lacking = np.empty(u.size, np.int64)
    k = 0
    for c in clients:
        if member[c, role] < 0:
            lacking[k] = c
            ranges[k, 0] = district_range[client_district[c], 0]
            ranges[k, 1] = district_range[client_district[c], 1]
            k += 1
    chosen = _draw_posts(posts, ranges, spare, u)
    for k in range(lacking.size):
        member[lacking[k], role] = chosen[k]


@kernel
def _draw_posts(order, ranges, weight, u):
    """For each row ``[lo, hi)`` of ``ranges``, a post of ``order[lo:hi]`` drawn with probability proportional to
    ``weight`` (of the posts in ``order``, >= 0), with ``u`` one uniform draw per range: the cumulative weight
    (float64, summed in the order of ``order``), then per range the first post whose cumulative weight exceeds the
    range's start plus ``u`` times its total, kept within the range (int32 post indices, -1 where the total weight
    is 0). Only the cumulative weight up to each range matters, so leaving out posts of zero weight does not change
    the draw."""
    cum = np.empty(weight.size + 1)
    cum[0] = 0.0
    for i in range(weight.size):
        cum[i + 1] = cum[i] + np.float64(weight[i])
    posts = np.full(ranges.shape[0], -1, np.int32)
    if order.size == 0:
        return posts
    for i in range(ranges.shape[0]):
        lo, hi = ranges[i, 0], ranges[i, 1]
        total = cum[hi] - cum[lo]
        if total > 0:
            at = np.searchsorted(cum, cum[lo] + u[i] * total, side="right") - 1
            at = min(max(at, lo), max(hi - 1, lo))
            posts[i] = order[min(at, order.size - 1)]
    return posts


def lead_posts(net, clients: np.ndarray | None = None) -> np.ndarray:
    """The post that holds regie for each client with a regiebehandelaar (-1 for none): the regiebehandelaar, or,
    during an admission, the specialist, to whom regie passes for the episode (seed 003 §5.1: the
    regiebehandelaar hands regie to a second-line professional and takes it back at the discharge)."""
    clients = np.arange(net.n_clients) if clients is None else np.asarray(clients)
    return _lead_posts(clients, net.coordinator, net.member, net.admitted_until)


@kernel
def _lead_posts(clients, coordinator, member, admitted_until):
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
