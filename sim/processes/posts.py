"""Choosing a professional's post for a client: within the client's district, by spare capacity.

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
