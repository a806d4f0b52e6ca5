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
    net = w.net
    key = net.client_district[clients].astype(np.int64) * R + roles
    lo, hi = w.post_range[key, 0], w.post_range[key, 1]
    cum = np.concatenate([[0.0], np.cumsum(weight[w.post_order], dtype=np.float64)])
    total = cum[hi] - cum[lo]
    x = cum[lo] + rng.random(clients.size) * total
    idx = np.clip(np.searchsorted(cum, x, side="right") - 1, lo, np.maximum(hi - 1, lo))
    return np.where(total > 0, w.post_order[np.minimum(idx, w.post_order.size - 1)], -1).astype(np.int32)


def add_member(w: "World", clients: np.ndarray, role: int, rng: np.random.Generator) -> None:
    """Give clients without a post of ``role`` one in their district, chosen by spare capacity."""
    net = w.net
    need = clients[net.member[clients, role] < 0]
    if need.size == 0:
        return
    spare = np.maximum(net.post_capacity * w.params.workforce.overbooking - w.booked, 0) + 1e-3
    net.member[need, role] = choose_posts(w, need, role, spare * (net.post_role == role), rng)


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
    members = net.member[clients]                                   # [k, R]
    a = np.repeat(members, R, axis=1).ravel()
    b = np.tile(members, (1, R)).ravel()
    ok = (a >= 0) & (b >= 0)
    net.knows[a[ok], b[ok]] = True
