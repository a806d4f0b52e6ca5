"""Choosing a professional's post for a client (within the client's district, by spare capacity), and who leads.

Used when a client is admitted or referred (:mod:`sim.processes.needs`) and when an indicated request is
matched (:mod:`sim.processes.arranging`). Capacity is in hours per week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


R = len(V.ROLES)


def choose_posts(w: "World", clients: np.ndarray, roles, weight: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """For each client, a post of the given role in the client's district, drawn with probability
    proportional to ``weight`` (per post, >= 0); -1 where no post of the district has weight."""
    key = w.net.client_district[clients].astype(np.int64) * R + roles
    return _draw(w.post_order, w.post_range[key], weight[w.post_order], rng)


def add_member(w: "World", clients: np.ndarray, role: int, rng: np.random.Generator) -> None:
    """Give clients without a post of ``role`` one in their district, chosen by spare capacity.

    The same draw as :func:`choose_posts` with the weight zero outside the role, among the role's posts only."""
    net = w.net
    need = clients[net.member[clients, role] < 0]
    if need.size == 0:
        return
    posts = w.role_posts[role]
    spare = np.maximum(net.post_capacity[posts] * w.params.workforce.overbooking - w.booked[posts], 0) + 1e-3
    net.member[need, role] = _draw(posts, w.role_range[role][net.client_district[need]], spare, rng)


def _draw(order: np.ndarray, ranges: np.ndarray, weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each row ``[lo, hi)`` of ``ranges``, a post of ``order[lo:hi]`` drawn with probability proportional to
    ``weight`` (of the posts in ``order``, >= 0), -1 where the range has no weight; one draw each. Only the cumulative
    weight up to each range matters, so leaving out posts of zero weight does not change the draw."""
    lo, hi = ranges[:, 0], ranges[:, 1]
    cum = np.concatenate([[0.0], np.cumsum(weight, dtype=np.float64)])
    total = cum[hi] - cum[lo]
    x = cum[lo] + rng.random(lo.size) * total
    if order.size == 0:
        return np.full(lo.size, -1, np.int32)
    idx = np.clip(np.searchsorted(cum, x, side="right") - 1, lo, np.maximum(hi - 1, lo))
    return np.where(total > 0, order[np.minimum(idx, order.size - 1)], -1).astype(np.int32)


def lead_posts(net, clients: np.ndarray | None = None) -> np.ndarray:
    """The post that holds regie for each client with a regiebehandelaar (-1 for none): the regiebehandelaar, or,
    during an admission, the specialist, to whom regie passes for the episode (seed 003 §5.1: the
    regiebehandelaar hands regie to a second-line professional and takes it back at the discharge)."""
    idx = slice(None) if clients is None else clients
    co = net.coordinator[idx]
    specialist = net.member[idx, V.SPECIALIST]
    episode = (co >= 0) & (net.admitted_until[idx] >= 0) & (specialist >= 0)
    return np.where(episode, specialist, co).astype(np.int32)


def introduce(net, clients: np.ndarray) -> None:
    """The member posts of each of ``clients`` get to know each other (a convened network, a case consultation)."""
    members = net.member[clients].astype(np.intp)                   # [k, R] (intp: faster lookups of the pairs)
    a = np.repeat(members, R, axis=1).ravel()
    b = np.tile(members, (1, R)).ravel()
    ok = (a >= 0) & (b >= 0)
    net.knows[a[ok], b[ok]] = True
