"""Municipalities: a scenario's clients split into independent municipality models (shards).

Checked: municipality sizes are deterministic log-normal quantiles that sum exactly to the clients, largest
first, each at least MIN_CLIENTS, and a larger spread gives a larger largest municipality; too few clients is
refused naming the fields; shard_params gives validated one-municipality scenarios of those sizes; shard seeds
differ per municipality and do not depend on how many follow; run_sharded equals the outcomes of the summed
tallies of the shard models built by hand; a model refuses a scenario of several municipalities; the national
scenario has 1,000,000 clients in 342 municipalities, none of them too large for one worker.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim import CareNetworkModel, ScenarioError, load_scenario
from sim.municipalities import (MIN_CLIENTS, municipality_sizes, run_sharded, shard_params, shard_seed,
                                shard_seeds)
from sim.outcomes import compute_tallies, outcomes_from_tallies, sum_tallies


def same(a: dict, b: dict) -> bool:
    """Equal outcome dicts (NaN equal to NaN), exactly."""
    return a.keys() == b.keys() and all(
        (isinstance(a[k], float) and math.isnan(a[k]) and math.isnan(b[k])) or a[k] == b[k] for k in a)


# --------------------------------------------------------------------------- sizes


@pytest.mark.parametrize("n, m, spread", [(1_000_000, 342, 0.9), (450, 3, 0.9), (3_420, 342, 0.9), (10_001, 7, 3.0),
                                          (12_345, 20, 0.0), (500, 1, 0.9)])
def test_sizes_sum_exactly_descend_and_respect_the_minimum(n, m, spread):
    sizes = municipality_sizes(n, m, spread)
    assert sizes.dtype == np.int64 and sizes.shape == (m,)
    assert int(sizes.sum()) == n
    assert np.all(np.diff(sizes) <= 0)
    assert m == 1 or sizes.min() >= MIN_CLIENTS
    assert np.array_equal(sizes, municipality_sizes(n, m, spread))


def test_sizes_use_no_random_draws():
    np.random.seed(1)
    first = municipality_sizes(100_000, 50, 0.9)
    np.random.seed(2)
    np.random.random(10)
    assert np.array_equal(first, municipality_sizes(100_000, 50, 0.9))


def test_sizes_are_log_normal_quantiles():
    """Before rounding, the sizes are proportional to exp(spread * z_k), z_k the normal quantile at 1 - (k - 0.5)/m."""
    from statistics import NormalDist
    n, m, spread = 10_000_000, 9, 0.9
    z = np.array([NormalDist().inv_cdf(1 - (k - 0.5) / m) for k in range(1, m + 1)])
    expected = n * np.exp(spread * z) / np.exp(spread * z).sum()
    assert np.all(np.abs(municipality_sizes(n, m, spread) - expected) < 1)
    assert municipality_sizes(n, m, spread)[m // 2] == pytest.approx(n / np.exp(spread * z).sum(), abs=1)  # z = 0


def test_a_larger_spread_gives_a_larger_largest_municipality():
    shares = [municipality_sizes(1_000_000, 342, s)[0] / 1_000_000 for s in (0.0, 0.6, 0.9, 1.2, 2.0)]
    assert shares == sorted(shares) and len(set(shares)) == len(shares)
    equal = municipality_sizes(1_000_000, 342, 0.0)
    assert equal.max() - equal.min() <= 1
    smallest = [municipality_sizes(1_000_000, 342, s)[-1] for s in (0.6, 0.9, 1.2)]
    assert smallest == sorted(smallest, reverse=True)


def test_the_default_spread_gives_dutch_extremes():
    """The default spread was chosen so that, of 342 municipalities, the largest holds about 5% of the clients
    (Amsterdam: about 5% of the Dutch population) and the smallest under 0.01% (Schiermonnikoog)."""
    from sim.parameters import Population
    spread = Population().municipality_size_spread
    sizes = municipality_sizes(1_000_000, 342, spread)
    assert 0.04 <= sizes[0] / 1_000_000 <= 0.06
    assert sizes[-1] / 1_000_000 < 0.0001


def test_too_few_clients_are_refused_naming_the_fields():
    with pytest.raises(ScenarioError) as err:
        municipality_sizes(29, 3, 0.9)
    for part in ("population.n_clients = 29", "population.municipalities = 3", "n_clients >= 30",
                 f"at least {MIN_CLIENTS} clients per municipality"):
        assert part in str(err.value)
    with pytest.raises(ScenarioError) as err:
        load_scenario("default", n_clients=29, population__municipalities=3)
    assert "population.n_clients = 29" in str(err.value) and "population.municipalities = 3" in str(err.value)
    assert load_scenario("default", n_clients=30, population__municipalities=3).population.n_clients == 30
    assert municipality_sizes(5, 1, 0.9).tolist() == [5]   # one municipality: any size the bounds allow


# --------------------------------------------------------------------------- shards


def test_shard_params_are_validated_one_municipality_scenarios_of_the_sizes():
    params = load_scenario("default", n_clients=450, population__municipalities=3, strain__recovery=0.2)
    shards = shard_params(params)
    sizes = municipality_sizes(450, 3, params.population.municipality_size_spread)
    assert [s.population.n_clients for s in shards] == sizes.tolist()
    assert all(s.population.municipalities == 1 for s in shards)
    for shard in shards:
        rest, base = shard.model_dump(), params.model_dump()
        for d in (rest, base):
            d["population"].pop("n_clients")
            d["population"].pop("municipalities")
        assert rest == base
        assert type(shard).model_validate(shard.model_dump()) == shard
    one = load_scenario("default")
    assert shard_params(one) == [one] and shard_params(one)[0] is one


def test_shard_seeds_differ_and_do_not_depend_on_the_municipalities_after():
    seeds = [shard_seed(7, m) for m in range(342)]
    assert len(set(seeds)) == 342
    assert all(isinstance(s, int) and 0 <= s < 2 ** 63 for s in seeds)
    assert shard_seeds(7, 3) == seeds[:3] == shard_seeds(7, 342)[:3]
    assert shard_seeds(7, 1) == [7]   # one municipality: the run seed itself
    assert shard_seed(7, 0) != shard_seed(8, 0)
    expected = int(np.random.SeedSequence(7, spawn_key=(5,)).generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
    assert shard_seed(7, 5) == expected
    with pytest.raises(ValueError):
        shard_seed(7, -1)


def test_run_sharded_is_the_outcomes_of_the_summed_shard_tallies():
    params = load_scenario("default", n_clients=450, population__municipalities=3)
    got = run_sharded(params, policy="regiebehandelaar", seed=5, years=0.25)
    shards = shard_params(params)
    assert len(shards) == 3
    tallies = [compute_tallies(CareNetworkModel(shard, policy="regiebehandelaar", seed=shard_seed(5, m), years=0.25,
                                                mesa_agents=False).run())
               for m, shard in enumerate(shards)]
    by_hand = outcomes_from_tallies(sum_tallies(tallies))
    assert same(got, by_hand)
    assert got["client_years"] == pytest.approx(450 * 13 / 52)
    # a shard alone is not the whole run
    assert not same(outcomes_from_tallies(tallies[0]), got)


def test_run_sharded_with_one_municipality_is_the_model_run_with_the_run_seed():
    got = run_sharded(load_scenario("default", n_clients=120), policy="stepped", seed=3, years=0.2)
    model = CareNetworkModel("default", policy="stepped", seed=3, years=0.2, n_clients=120, mesa_agents=False)
    assert same(got, model.run().outcomes())


def test_a_model_refuses_several_municipalities():
    params = load_scenario("default", n_clients=450, population__municipalities=3)
    for scenario in (params, "national"):
        with pytest.raises(ScenarioError) as err:
            CareNetworkModel(scenario, mesa_agents=False)
        msg = str(err.value)
        for part in ("population.municipalities", "a model simulates one municipality", "carenet compare",
                     "set population.municipalities = 1"):
            assert part in msg, (part, msg)
    assert "= 342" in msg


# --------------------------------------------------------------------------- the national scenario


def test_the_national_scenario():
    params = load_scenario("national")
    population = params.population
    assert (population.n_clients, population.municipalities) == (1_000_000, 342)
    assert params.years == 1.0
    sizes = municipality_sizes(population.n_clients, population.municipalities, population.municipality_size_spread)
    assert int(sizes.sum()) == 1_000_000 and len(sizes) == 342
    assert sizes.max() < 60_000   # memory: 100,000 clients need ~1.3 GiB
    shards = shard_params(params)
    assert [s.population.n_clients for s in shards] == sizes.tolist()
    assert {s.population.municipalities for s in shards} == {1}
