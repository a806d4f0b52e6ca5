"""Reference test for the exits of the population (:func:`sim.processes.population.exits`, ODD 7.1a).

The exact chance of death is computed only for the clients whose draw is below a cheap ceiling of their chance of
death or recovery (``_exits``). Compared here client by client with the plain rule on every client (the exact
chance from :func:`~sim.processes.population.death_probability` of every client), with draws just below the
chance of death and just below the chance of death plus recovery, at every age up to beyond the ceiling's table,
at home and admitted, with yearly death rates from nil to above one: a ceiling too low anywhere misses an exit.
"""

from __future__ import annotations

import numpy as np
from worlds import make_world

from sim import vocabulary as V
from sim.network import Network
from sim.processes import population as pop


def just_below(x: np.ndarray) -> np.ndarray:
    """The largest float32 below each (float64) value: a draw that only just decides for it."""
    below = x.astype(np.float32)
    too_high = below >= x
    below[too_high] = np.nextafter(below[too_high], np.float32(0))
    return below


def exits_world():
    """400 clients of every profile, of every age from 0 to 140 years (beyond the ceiling's whole years), some
    admitted, some waiting for an institution, with yearly death rates from nil to above one."""
    n = 400
    net = Network.empty(n, 0, 1)
    rng = np.random.default_rng(11)
    net.profile[:] = rng.integers(0, len(V.PROFILES), n)
    net.age[:] = np.linspace(0.0, 140.0, n).astype(np.float32)
    net.admitted_until[::4] = 30
    net.wlz[::9], net.wlz_due[::9] = pop.WLZ_WAITING, rng.choice([0, 50], n)[::9]
    w = make_world(net, flows__mortality_growth=0.09)
    w.week = 20
    w.client_excess_mortality[:] = rng.choice([0.0, 0.01, 0.5, 3.0, 40.0], n)
    w.client_base_mortality[:] = rng.choice([0.0, 0.001, 0.3], n)
    w.client_recovery[:] = rng.choice([0.0, 0.2, 5.0], n)
    oldest = np.flatnonzero(net.age > pop.OLDEST_BOUNDED_AGE + 1)[::2]  # their chance grows beyond the table's
    w.client_excess_mortality[oldest], w.client_base_mortality[oldest], w.client_recovery[oldest] = 0.01, 0.0, 0.0
    return w


def reference_exits(w, u):
    """The exit rule client by client, with every client's exact chance of death."""
    net = w.net
    p_death = pop.death_probability(w)
    expected = []
    for c in range(net.n_clients):
        p_recover = w.client_recovery[c] / 52 if net.admitted_until[c] < 0 else 0.0
        if u[c] < p_death[c]:
            expected.append((c, V.DEATH))
        elif u[c] < p_death[c] + p_recover:
            expected.append((c, V.RECOVERY))
        elif w.client_leaves_at_18[c] and net.age[c] >= V.ADULT_AGE:
            expected.append((c, V.TURNED_18))
        elif net.wlz[c] == pop.WLZ_WAITING and net.wlz_due[c] <= w.week:
            expected.append((c, V.INSTITUTION))
    return expected


def test_exits_with_the_ceiling_match_the_rule_on_every_client():
    w = exits_world()
    net = w.net
    p_death = pop.death_probability(w)
    p_recover = np.where(net.admitted_until < 0, w.client_recovery / 52, 0.0)
    rng = np.random.default_rng(12)
    for u in (just_below(p_death), just_below(p_death + p_recover), rng.random(net.n_clients, dtype=np.float32),
              (rng.random(net.n_clients) * 0.01).astype(np.float32)):
        expected = reference_exits(w, u)
        leaving, reasons = pop.exits(w, u)
        assert list(zip(leaving.tolist(), reasons.tolist())) == expected
    deaths = [c for c, r in reference_exits(w, just_below(p_death)) if r == V.DEATH]
    oldest = np.flatnonzero(net.age > pop.OLDEST_BOUNDED_AGE + 1)[::2]
    assert set(oldest) <= set(deaths)  # beyond the ceiling's table, with a chance that grows there
    assert ((p_death[deaths] > 0) & (p_death[deaths] < 1e-4)).any() and (p_death[deaths] == 1).any()
    recoveries = [c for c, r in reference_exits(w, just_below(p_death + p_recover)) if r == V.RECOVERY]
    assert len(recoveries) > 50
