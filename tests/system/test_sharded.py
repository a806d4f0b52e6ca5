"""Tests of experiments sharded by municipality (national scale; experiments/design.py, store.py, engine.py).

A tiny three-municipality scenario (450 clients) stands in for the national one. Checked: a run
becomes one task per municipality, with the municipality's size and its own seed derived from
the replicate seed; the stored outcomes of a run are exactly :func:`sim.municipalities.run_sharded`
(the municipalities run in turn in one process), and its weekly series the municipalities' weekly sums
added week by week; 1 and 2 workers give byte-identical tables (the series included);
a lost municipality file is noticed on resume and only that task is rerun; the Dask engine gives
the same tables; the per-municipality
table holds every municipality's own outcomes and sizes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.compare import run_experiment
from experiments.design import define
from experiments.store import MUNICIPALITIES_FILE, OUTCOMES_FILE, SERIES_FILE
from sim.model import CareNetworkModel
from sim.municipalities import municipality_sizes, run_sharded, shard_params, shard_seed, shard_seeds
from sim.outcomes import HEADLINE, weekly_sums
from sim.scenario import load_scenario

THREE = {"n_clients": 450, "population.municipalities": 3}


def tiny(replicates=2):
    return define(["default"], "none,regiebehandelaar", replicates, 0.25, 4, THREE)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("sharded")
    return run_experiment(tiny(), out, workers=1), out


def test_a_run_is_one_task_per_municipality_with_its_own_seed():
    exp = tiny()
    sizes = municipality_sizes(450, 3, load_scenario("default").population.municipality_size_spread).tolist()
    assert exp.n_runs == 4 and len(exp.specs) == 12
    run = [s for s in exp.specs if s.run_id == 1]
    assert [s.shard for s in run] == [0, 1, 2] and {s.shards for s in run} == {3}
    assert [s.model_params().population.n_clients for s in run] == sizes
    assert {s.model_params().population.municipalities for s in run} == {1}
    assert [s.model_seed for s in run] == [shard_seed(run[0].seed, m) for m in range(3)]
    # common random numbers: the same municipality seeds under every policy
    other = [s for s in exp.specs if s.replicate == run[0].replicate and s.policy != run[0].policy]
    assert [s.model_seed for s in other] == [s.model_seed for s in run]


def test_stored_outcomes_are_the_sharded_run(clean):
    result, out = clean
    assert result.complete and result.ran == 12
    row = result.experiments.iloc[3]
    assert row.municipalities == 3
    params = load_scenario("default", **THREE)
    direct = run_sharded(params, row.policy, int(row.seed), 0.25)
    stored = result.outcomes.set_index("run_id").loc[int(row.run_id)]
    for name in HEADLINE + ("transitions", "client_years", "complaints_filed", "cost_payers_per_client_year"):
        assert stored[name] == direct[name] or (pd.isna(stored[name]) and pd.isna(direct[name])), name
    per = pd.read_parquet(out / MUNICIPALITIES_FILE)
    assert len(per) == 12 and list(per.columns[:3]) == ["run_id", "municipality", "n_clients"]
    mine = per[per.run_id == row.run_id]
    assert mine["n_clients"].sum() == 450
    assert mine["transitions"].sum() == stored["transitions"]                     # counts add up
    assert mine["client_years"].sum() == pytest.approx(stored["client_years"])


def test_stored_series_add_the_municipalities_week_by_week(clean):
    result, out = clean
    row = result.experiments.iloc[3]
    params = load_scenario("default", **THREE)
    parts = [weekly_sums(CareNetworkModel(p, policy=row.policy, seed=s, years=0.25, mesa_agents=False).run())
             for p, s in zip(shard_params(params), shard_seeds(int(row.seed), 3))]
    series = pd.read_parquet(out / SERIES_FILE)
    mine = series[series.run_id == row.run_id]
    assert len(series) == 4 * 13 and mine["week"].tolist() == list(range(13))
    for name in parts[0]:
        assert mine[name].to_numpy().tolist() == (parts[0][name] + parts[1][name] + parts[2][name]).tolist(), name
    assert np.allclose(mine["carer_strain_mean"], mine["carer_strain"] / mine["carers_active"])


def test_two_workers_and_a_lost_municipality_file(clean, tmp_path):
    result, out = clean
    two = run_experiment(tiny(), tmp_path, workers=2)
    for name in (OUTCOMES_FILE, MUNICIPALITIES_FILE, SERIES_FILE):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    assert two.workers == 2
    lost = tmp_path / "runs" / "run-000002-m0001.parquet"
    lost.unlink()
    resumed = run_experiment(tiny(), tmp_path, workers=1, resume=True)
    assert resumed.ran == 1 and resumed.skipped == 11 and lost.is_file()
    for name in (OUTCOMES_FILE, SERIES_FILE):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_dask_engine_gives_the_same_sharded_tables(clean, tmp_path):
    from experiments.dask_engine import DaskEngine
    result, out = clean
    dask_run = run_experiment(tiny(), tmp_path, engine=DaskEngine(workers=2))
    assert dask_run.complete and dask_run.ran == 12
    for name in (OUTCOMES_FILE, MUNICIPALITIES_FILE, SERIES_FILE):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
