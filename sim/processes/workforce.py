"""Workforce (ODD 7.1): professionals leave their posts; a successor takes over without the contacts.

Stream ``workforce``: one uniform draw per post per week. Turnover is per year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arrays import nonzero2

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


def workforce(w: "World") -> None:
    """Professionals leave their posts; a successor takes over without the contacts.

    Every client of the post has a ``professional_leaving`` transition. The
    successor knows only colleagues of the same organisation.
    """
    net = w.net
    u = w.streams.workforce.random(net.n_posts, dtype=np.float32)
    posts_change_hands(w, np.flatnonzero(u < w.params.workforce.turnover_per_year / 52))


def posts_change_hands(w: "World", leaving: np.ndarray) -> None:
    """The professionals in ``leaving`` leave; successors know only their own organisation's colleagues."""
    net = w.net
    if leaving.size == 0:
        return
    net.post_person[leaving] += 1
    net.knows.reset(leaving, net.post_org)
    is_leaving = np.zeros(net.n_posts + 1, bool)  # the extra last entry stands for "no post" (-1)
    is_leaving[leaving] = True
    clients, roles = nonzero2(is_leaving[net.member])
    w.transitions.add(w, V.PROFESSIONAL_LEAVING, clients, net.member[clients, roles])
