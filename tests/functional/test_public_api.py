"""The public Python API as the tools of the field drive it: Mesa's batch_run, SALib- and EMA-style samples.

- ``mesa.batch_run`` gives distinct, recorded replicates for ``iterations=N`` and honours seed lists (a
  ``seed`` parameter list on Mesa 3.3; Mesa 3.5 replaces that parameter by its own ``rng`` list, which is
  honoured);
- Mesa 3.5's own ``Scenario`` object, passed to the ``scenario`` argument, does not break the constructor;
- integer fields take numpy integers and integral floats and still refuse 10.5 with the usual message;
- ``carenet.parameter_ranges()`` marks integer and categorical parameters so a sampler can use them directly;
- per-week reporters give live values during a run, and ``steps_frame()`` works before the first step.
"""

from __future__ import annotations

import importlib
import math

import mesa
import numpy as np
import pytest

import carenet
from sim.scenario import ScenarioError, load_scenario

SMALL = {"n_clients": 60, "years": 0.1, "mesa_agents": False}
MESA_35 = tuple(int(x) for x in mesa.__version__.split(".")[:2]) >= (3, 5)


def batch(**kwargs):
    return mesa.batch_run(carenet.CareNetworkModel, display_progress=False, **kwargs)


def test_batch_run_replicates_give_distinct_recorded_seeds(keeps_start_method):
    """``iterations=3`` (Mesa 3.3) or its replacement ``rng=[None] * 3`` (Mesa 3.5): no seed given, three runs."""
    runs = batch(parameters=SMALL, rng=[None] * 3) if MESA_35 else batch(parameters=SMALL, iterations=3)
    seeds = [r["seed"] for r in runs]
    assert len(runs) == 3 and len(set(seeds)) == 3
    assert all(isinstance(s, int) and s >= 0 for s in seeds)
    # the recorded seed reproduces the run
    again = carenet.run_model(seed=seeds[0], years=0.1, n_clients=60)
    assert again["handover_failures_per_100_transitions"] == runs[0]["handover_failures_per_100_transitions"]


def test_batch_run_honours_a_seed_list(keeps_start_method):
    if MESA_35:  # Mesa 3.5 seeds runs through its `rng` list (it overwrites a `seed` parameter with it)
        runs = batch(parameters=SMALL, rng=[1, 2])
    else:
        runs = batch(parameters={**SMALL, "seed": [1, 2]})
    assert sorted(r["seed"] for r in runs) == [1, 2]
    by_seed = {r["seed"]: r["handover_failures_per_100_transitions"] for r in runs}
    assert by_seed[1] == carenet.run_model(seed=1, years=0.1, n_clients=60)["handover_failures_per_100_transitions"]


def mesa_scenario_class():
    """Mesa 3.5's Scenario, or on Mesa 3.3 a stand-in of the same shape and module (the same code path)."""
    try:
        return importlib.import_module("mesa.experimental.scenarios").Scenario
    except (ImportError, AttributeError):
        class Scenario:
            def __init__(self, rng=None, **fields):
                self.rng = rng
                self.__dict__.update(fields)
        Scenario.__module__ = "mesa.experimental.scenarios.scenario"
        return Scenario


def test_mesa_scenario_object_is_accepted_as_the_scenario_argument():
    Scenario = mesa_scenario_class()
    model = carenet.CareNetworkModel(scenario=Scenario(rng=5), **SMALL)
    assert model.seed == 5 and model.params.name == "default"
    named = carenet.CareNetworkModel(scenario=Scenario(rng=6, scenario_name="frail_elderly", n_clients=40),
                                     years=0.1, mesa_agents=False)
    assert named.params.name == "frail_elderly" and named.net.n_clients == 40 and named.seed == 6


@pytest.mark.parametrize("value", [np.int64(100), 100.0, np.float64(100.0), np.int32(100)])
def test_integer_fields_take_numpy_integers_and_integral_floats(value):
    params = load_scenario("default", n_clients=value, strain__burnout_weeks=value / 10)
    assert params.population.n_clients == 100 and type(params.population.n_clients) is int
    assert params.strain.burnout_weeks == 10


def test_a_fractional_value_for_an_integer_field_is_refused_clearly():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("default", n_clients=10.5)
    message = str(exc.value)
    assert "population.n_clients" in message and "10.5" in message and "valid integer" in message


def test_parameter_ranges_mark_integer_and_categorical_parameters():
    table = carenet.parameter_ranges()
    assert set(table["kind"]) == {"float", "int", "bool", "categorical"}
    ints = table[table["kind"] == "int"]
    assert "population.district_clients" in set(ints["name"])
    cats = table[table["kind"] == "categorical"]
    assert all(isinstance(c, tuple) and len(c) >= 2 for c in cats["choices"])
    assert (table["keyword"] == table["name"].str.replace(".", "__")).all()
    numeric = table[table["kind"].isin(["int", "float"])]
    assert (numeric["low"] < numeric["high"]).all()


def test_every_sampled_corner_of_the_ranges_validates():
    """What a SALib or EMA sample gives (numpy floats at the ends of every range, every choice) is accepted."""
    table = carenet.parameter_ranges()
    for row in table.itertuples(index=False):
        values = row.choices if row.choices is not None else (np.float64(row.low), np.float64(row.high))
        for value in values:
            if row.kind == "int":
                value = np.float64(round(value))
            load_scenario("default", **{row.keyword: value})


def test_run_model_without_a_seed_gives_distinct_recorded_runs():
    a, b = (carenet.run_model(years=0.1, n_clients=60) for _ in range(2))
    assert a["seed"] != b["seed"]
    again = carenet.run_model(seed=a["seed"], years=0.1, n_clients=60)
    assert again.keys() == a.keys()
    assert all(again[k] == a[k] or (math.isnan(again[k]) and math.isnan(a[k])) for k in a)


def test_per_week_reporters_have_values_during_the_run():
    model = carenet.CareNetworkModel(seed=3, **{**SMALL, "years": 0.2})
    for _ in range(5):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 5
    assert frame["week_open_complaints"].notna().all() and frame["week_carer_share_overburdened"].notna().all()
    assert frame["handover_failures_per_100_transitions"].isna().all(), "the headline is computed at the end"
    weekly = frame["week_handover_failures_per_100_transitions"].dropna()
    assert len(weekly) > 0 and (weekly >= 0).all()


def test_week_measures_count_this_weeks_events():
    """The weekly failure measure equals a count over that week's rows of the event log."""
    model = carenet.CareNetworkModel(seed=4, **{**SMALL, "years": 0.2})
    model.run()
    log = model.events()
    frame = model.datacollector.get_model_vars_dataframe()
    for week in range(model.n_weeks):
        rows = log[log["week"] == week]
        transitions = int((rows["event"] == "transition").sum())
        failed = int((rows["event"] == "handover_failed").sum())
        expected = 100 * failed / transitions if transitions else math.nan
        got = frame["week_handover_failures_per_100_transitions"].iloc[week]
        assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


def test_steps_frame_before_the_first_step():
    frame = carenet.CareNetworkModel(seed=1, **SMALL).steps_frame()
    assert len(frame) == 0 and {"week", "profile", "carers_active"} <= set(frame.columns)
