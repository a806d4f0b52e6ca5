"""Municipalities: a scenario's clients split into independent municipality models (shards).

A scenario with ``population.municipalities = M > 1`` describes clients living in ``M``
municipalities. Clients, carers and professionals never cross a municipality border (districts,
organisations and the Wmo and Jeugdwet desks are municipal), so each municipality is simulated as
its own :class:`~sim.model.CareNetworkModel`, in its own process or task, and the run's outcomes are
computed from the sum of the municipalities' additive tallies
(:func:`sim.outcomes.outcomes_from_tallies` of :func:`sim.outcomes.sum_tallies`).

Sizes (:func:`municipality_sizes`), in clients, with no random draw: municipality ``k`` (``k = 1 .. M``,
largest first) gets a weight equal to the log-normal quantile at probability ``1 - (k - 0.5) / M``
(``exp(sigma * z)``, ``sigma = population.municipality_size_spread``, ``z`` the standard normal
quantile); the weights are scaled to ``population.n_clients`` and rounded by largest remainder, so
the sizes sum exactly to ``n_clients``. A municipality whose share would be below
:data:`MIN_CLIENTS` gets exactly :data:`MIN_CLIENTS` and the others share the rest.

With the default ``municipality_size_spread = 1.2``, 1,000,000 clients in 342 municipalities (the
Netherlands' count on 1 January 2024, CBS; general knowledge) give: largest 51,089 clients (a 5.1%
share, like Amsterdam's about 5% of the Dutch population), median 1,437.5, smallest 40 (0.004%, like
Schiermonnikoog). The lower end of the plausible range, 0.9, gives largest 28,491 (2.8%), median
1,957.5, smallest 134. Memory: a model of 100,000 clients needs about 1.3 GiB, so the largest shard
fits on a worker with room to spare.

Seeds (:func:`shard_seed`): municipality ``m`` (0-based) of a run with seed ``s`` is simulated with
``SeedSequence(s, spawn_key=(m,))``'s first 64-bit word, halved to fit a signed int64. A run of
one municipality uses the run seed itself, not a derived one (callers handle that; :func:`run_sharded`
does). Every policy run on the same seed therefore sees the same municipalities and the same
draws per municipality (common random numbers).

Units: sizes and ``n_clients`` in clients; ``years`` in simulated years.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from sim.parameters import MIN_MUNICIPALITY_CLIENTS, ScenarioParams
from sim.scenario import ScenarioError, deep_merge, load_scenario, validate

#: Fewest clients of a municipality of a multi-municipality scenario (the lower bound of
#: ``population.district_clients``); validation refuses fewer clients than this per municipality.
MIN_CLIENTS = MIN_MUNICIPALITY_CLIENTS


def municipality_sizes(n_clients: int, municipalities: int, spread: float) -> np.ndarray:
    """Clients per municipality (int64, length ``municipalities``, largest first, summing to ``n_clients``).

    Deterministic log-normal quantile sizes (see the module docstring), each at least :data:`MIN_CLIENTS`
    when there is more than one municipality. One municipality gets all ``n_clients``.
    Raises :class:`~sim.scenario.ScenarioError` for too few clients, a non-positive count or a negative spread.
    """
    n, m = int(n_clients), int(municipalities)
    if m < 1:
        raise ScenarioError(f"population.municipalities = {municipalities!r} not allowed (allowed: an integer >= 1)")
    if not (spread >= 0 and np.isfinite(spread)):
        raise ScenarioError(f"population.municipality_size_spread = {spread!r} not allowed (allowed: a number >= 0)")
    if m == 1:
        return np.array([n], dtype=np.int64)
    if n < m * MIN_CLIENTS:
        raise ScenarioError(f"population.n_clients = {n} is too few for population.municipalities = {m} "
                            f"(allowed: at least {MIN_CLIENTS} clients per municipality, n_clients >= "
                            f"{m * MIN_CLIENTS}, or fewer municipalities)")
    normal = NormalDist()
    z = np.array([normal.inv_cdf(1 - (k - 0.5) / m) for k in range(1, m + 1)])
    weights = np.exp(float(spread) * z)          # descending
    floor_at_min = np.zeros(m, bool)             # municipalities held at MIN_CLIENTS
    while True:
        free = ~floor_at_min
        rest = n - MIN_CLIENTS * int(floor_at_min.sum())
        raw = np.where(free, rest * weights / weights[free].sum(), MIN_CLIENTS)
        low = free & (raw < MIN_CLIENTS)
        if not low.any():
            break
        floor_at_min |= low
    sizes = np.floor(raw).astype(np.int64)
    sizes[floor_at_min] = MIN_CLIENTS
    short = n - int(sizes.sum())
    remainder = np.where(floor_at_min, -1.0, raw - sizes)
    sizes[np.argsort(-remainder, kind="stable")[:short]] += 1   # largest remainders; ties to the larger municipality
    return sizes


def shard_params(params: ScenarioParams) -> list[ScenarioParams]:
    """One validated :class:`~sim.parameters.ScenarioParams` per municipality, largest first: the scenario
    with ``population.n_clients`` = the municipality's size and ``population.municipalities = 1``,
    everything else unchanged. One municipality: ``[params]`` itself."""
    population = params.population
    if population.municipalities == 1:
        return [params]
    sizes = municipality_sizes(population.n_clients, population.municipalities, population.municipality_size_spread)
    data = params.model_dump()
    return [validate(deep_merge(data, {"population": {"n_clients": int(size), "municipalities": 1}}),
                     f"{params.name}: municipality {m} of {len(sizes)}")
            for m, size in enumerate(sizes)]


def shard_seed(seed: int, municipality: int) -> int:
    """The seed of municipality ``municipality`` (0-based) of a run with seed ``seed`` (a Python int in
    0 .. 2**63 - 1). It depends only on the two arguments, not on how many municipalities there are.
    A run of one municipality uses ``seed`` itself; callers handle that case."""
    if isinstance(municipality, bool) or not isinstance(municipality, (int, np.integer)) or municipality < 0:
        raise ValueError(f"municipality = {municipality!r} not allowed (allowed: an integer >= 0)")
    state = np.random.SeedSequence(int(seed), spawn_key=(int(municipality),)).generate_state(1, dtype=np.uint64)
    return int(state[0] >> np.uint64(1))


def shard_seeds(seed: int, municipalities: int) -> list[int]:
    """The seeds of a run's municipalities: ``[seed]`` for one, else :func:`shard_seed` of each."""
    if municipalities == 1:
        return [int(seed)]
    return [shard_seed(seed, m) for m in range(municipalities)]


def run_sharded(params: ScenarioParams | str, policy: str = "none", seed: int = 0,
                years: float | None = None) -> dict:
    """Run every municipality of a scenario in turn in this process (no Mesa agent views) and return the
    outcomes of the sum of their tallies. The reference for distributed sharded runs; meant for small
    scenarios (a national one takes hours on one core). ``params`` may be a scenario name or path."""
    from sim.model import CareNetworkModel
    from sim.outcomes import compute_tallies, outcomes_from_tallies, sum_tallies

    if not isinstance(params, ScenarioParams):
        params = load_scenario(params)
    shards = shard_params(params)
    seeds = shard_seeds(seed, len(shards))

    def tallies():
        for shard, shard_seed_ in zip(shards, seeds):
            model = CareNetworkModel(shard, policy=policy, seed=shard_seed_, years=years, mesa_agents=False)
            yield compute_tallies(model.run())

    return outcomes_from_tallies(sum_tallies(tallies()))
