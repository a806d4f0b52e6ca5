"""Building small worlds for unit tests: a hand-built network in a :class:`sim.world.World`, no Mesa.

* :func:`make_world`: a world on (a copy of) a network, under a policy, with parameter overrides.
* :func:`run_week`: one week of only the given processes, the way :func:`sim.week.run_week` runs them all.
* :func:`events`: the rows of one event kind from the world's log.
"""

from __future__ import annotations

from sim import load_scenario
from sim import vocabulary as V
from sim.network import Network
from sim.policies import apply_policy
from sim.scenario import deep_merge, overrides_to_tree, validate
from sim.world import World

#: The default scenario, validated once. Overrides are applied on top of its full parameter set (passing
#: the scenario object rather than its name keeps the other fields of an overridden profile at their
#: documented values; see test_validation.py::test_partial_override_keeps_the_other_documented_defaults).
DEFAULT = load_scenario("default")


def make_world(net: Network, policy: str = "none", **overrides) -> World:
    """A world on (a copy of) a hand-built network, two years long, seed 0, set up under ``policy``; no Mesa."""
    params = validate(deep_merge(DEFAULT.model_dump(), overrides_to_tree(overrides))) if overrides else DEFAULT
    w = World(params, net.copy(), seed=0, n_weeks=104)
    apply_policy(w, policy)
    return w


def run_week(m: World, *processes) -> None:
    """One week of only the given processes (log week set first, week advanced after, as in ``step``)."""
    m.log.week = m.week
    for process in processes:
        process(m)
    m.week += 1


def events(m: World, name: str) -> dict:
    """The rows of one event kind, as a dict of column arrays."""
    log = m.log.arrays()
    sel = log["event"] == V.EVENT[name]
    return {k: v[sel] for k, v in log.items()}
