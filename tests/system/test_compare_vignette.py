"""``carenet compare`` of a teaching vignette: the seed's failures counted over an ensemble.

Small runs throughout (a vignette's half year, 2-3 replicates, 2 policies, 1 worker). Checked: ``carenet compare
de_wit --policies none,regiebehandelaar --replicates 3`` prints the outcomes and then the table of the seed's
failures (a row per failure of the file, a column per policy, the paired difference to ``none``), and stores it
(``failure_shares.parquet`` and ``.csv``) beside the per-run ``failures.parquet``; the counts are those of the
vignette run directly with each replicate's seed; a resume reruns nothing and prints the same table, and refuses a
vignette file edited since; the Dask engine gives byte-identical failure tables; a scenario's comparison has no
failure table; bad input for a vignette is refused (exit 2) before any run.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.results import FAILURE_SHARES_CSV, FAILURE_SHARES_FILE
from carenet.cli import main
from experiments.compare import run_experiment
from experiments.design import define, replicate_seed
from experiments.store import FAILURES_FILE, OUTCOMES_FILE
from sim.vignette import VIGNETTE_DIR, failures_happened, load_vignette

POLICIES = "none,regiebehandelaar"


def cli(*args):
    return CliRunner().invoke(main, ["compare", *args])


def test_compare_a_vignette_prints_and_stores_the_seeds_failures(tmp_path):
    out = tmp_path / "dewit"
    result = cli("de_wit", "--policies", POLICIES, "--replicates", "3", "--workers", "1", "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    text = result.output
    failures = load_vignette("de_wit").failures
    # the usual outcomes first, then the failures: a row per failure, a column per policy, the paired difference
    assert text.index("Vignette de_wit (") < text.index("Vignette de_wit: the seed's failures, in how many of the 3")
    table = text[text.index("the seed's failures"):]
    assert "none" in table and "regiebehandelaar - none" in table
    for f in failures:
        row = next(line for line in table.splitlines() if line.strip().startswith(f["name"] + " "))
        assert row.count("/3 (") == 2 and " pp" in row, row
        assert f["description"].split()[0] in table
    assert "1 client," in text  # the vignette's named client, not the scenario's population
    # stored beside the other tables: per run, and per failure and policy
    per_run = pd.read_parquet(out / FAILURES_FILE)
    shares = pd.read_parquet(out / FAILURE_SHARES_FILE)
    assert (out / OUTCOMES_FILE).is_file()
    pd.testing.assert_frame_equal(shares, pd.read_csv(out / FAILURE_SHARES_CSV), check_dtype=False)
    assert len(per_run) == 2 * 3 * len(failures) and set(per_run["failure"]) == {f["name"] for f in failures}
    assert len(shares) == 2 * len(failures)
    assert list(shares["failure"].unique()) == [f["name"] for f in failures]
    # the counts are the vignette's own runs with each replicate's seed, counted
    experiments = pd.read_parquet(out / "experiments.parquet")
    vignette = load_vignette("de_wit")
    for policy in POLICIES.split(","):
        runs = [failures_happened(vignette.model(policy, seed=replicate_seed(0, r), mesa_agents=False).run())
                for r in range(3)]
        ids = experiments.loc[experiments["policy"] == policy, "run_id"]
        stored = per_run[per_run["run_id"].isin(ids)]
        for f in failures:
            row = shares[(shares["policy"] == policy) & (shares["failure"] == f["name"])].iloc[0]
            assert row["n"] == 3 and row["happened"] == sum(r[f["name"]] for r in runs)
            assert int(stored.loc[stored["failure"] == f["name"], "happened"].sum()) == row["happened"]
    base, other = (shares[shares["policy"] == p].set_index("failure") for p in POLICIES.split(","))
    assert ((other["diff"] - (other["share"] - base["share"])).abs() < 1e-12).all()
    assert (other["only_baseline"] - other["only_policy"] == base["happened"] - other["happened"]).all()

    again = cli("de_wit", "--policies", POLICIES, "--replicates", "3", "--workers", "1", "--out", str(out), "-q",
                "--resume")
    assert again.exit_code == 0, again.output
    assert "(0 run now, 6 already done)" in again.output
    assert again.output[again.output.index("the seed's failures"):again.output.index("Failure shares:")] == \
        text[text.index("the seed's failures"):text.index("Failure shares:")]


def test_a_resume_refuses_a_vignette_edited_since(tmp_path):
    path = tmp_path / "esther.toml"
    shutil.copy(VIGNETTE_DIR / "esther.toml", path)
    out = tmp_path / "out"
    first = cli(str(path), "--policies", POLICIES, "--replicates", "2", "--workers", "1", "--out", str(out), "-q")
    assert first.exit_code == 0, first.output
    path.write_text(path.read_text(encoding="utf-8").replace("give contradictory advice", "contradict each other"),
                    encoding="utf-8")
    edited = cli(str(path), "--policies", POLICIES, "--replicates", "2", "--workers", "1", "--out", str(out), "-q",
                 "--resume")
    assert edited.exit_code == 2
    assert "different definition" in edited.output and "[failure] tables" in edited.output


def test_the_dask_engine_gives_the_same_failure_tables(tmp_path):
    from experiments.dask_engine import DaskEngine

    def experiment():
        return define(["gerards"], POLICIES, 2, None, 5, {})

    local = run_experiment(experiment(), tmp_path / "local", workers=1)
    dask = run_experiment(experiment(), tmp_path / "dask", engine=DaskEngine(workers=1))
    assert local.complete and dask.complete
    local.failure_table(), dask.failure_table()
    for name in (FAILURES_FILE, FAILURE_SHARES_FILE, FAILURE_SHARES_CSV, OUTCOMES_FILE):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_a_scenario_has_no_failure_table(tmp_path):
    result = cli("default", "--policies", "none", "--replicates", "1", "--years", "0.1", "--set", "n_clients=100",
                 "--workers", "1", "--out", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    assert "seed's failures" not in result.output and not (tmp_path / "out" / FAILURES_FILE).exists()


@pytest.mark.parametrize("args, needles", [
    (["de_wit", "--set", "n_clients=5"], ["--set n_clients=5", "not allowed with the vignette 'de_wit'",
                                          "allowed: other parameters"]),
    (["de_wit", "--years", "0.1"], ["de_wit.toml", "years = 0.1 not allowed", "week 8", "allowed: years >= 0.25"]),
    (["de_wt"], ["'de_wt'", "not a built-in scenario, a vignette", "did you mean 'de_wit'"]),
    (["de_wit", "--set", "strain.overload_noticed=2"], ["strain.overload_noticed", "2"]),
])
def test_bad_input_for_a_vignette_is_refused_before_any_run(tmp_path, args, needles):
    out = tmp_path / "out"
    result = cli(*args, "--policies", POLICIES, "--replicates", "1", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not out.exists()
    for needle in needles:
        assert needle in result.output, result.output
