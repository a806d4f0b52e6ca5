"""Tests of ``carenet compare`` and the experiment machinery (experiments/, analysis/ensemble.py).

Small runs throughout (150-200 clients, a quarter or half year, 2-3 replicates, 2 policies).
Checked: replicate seeds are common to all policies and come from the root seed alone;
1 worker and 2 workers give byte-identical tables (the weekly series included); a driver killed with
SIGKILL resumes without rerunning its finished runs and ends identical to a clean run; the stored
weekly series are each run's weekly sums, read back from the task files and kept through a resume;
an experiment of an older store format is refused on resume, saying what can still be read;
leftover temporary files and damaged run files are never read as finished runs; ``--resume`` with another
definition is refused naming what differs; the console table shows intervals and paired
differences that match a direct computation; bad input is refused (exit 2) before any run,
naming the field, the value and what is allowed.
"""

from __future__ import annotations

import json
import os
import math
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from scipy import stats

from analysis.ensemble import summarize, t_interval
from experiments.compare import run_experiment
from experiments.design import ExperimentError, define, replicate_seed
from experiments.engine import InProcessEngine, RunResult
from experiments.store import EXPERIMENTS_FILE, MANIFEST, OUTCOMES_FILE, SERIES_FILE, RunStore
from carenet.cli import main
from sim.model import CareNetworkModel, run_model
from sim.outcomes import COSTS, HEADLINE, WEEKLY_RATIOS, WEEKLY_SUMS, weekly_sums

from pids import alive, descendants

REPO = Path(__file__).resolve().parents[2]
SMALL = {"n_clients": 150}
POLICIES = "none,stepped"


def small(replicates=3, years=0.25, root_seed=7, **overrides):
    return define(["default"], POLICIES, replicates, years, root_seed, {**SMALL, **overrides})


def cli(*args):
    return CliRunner().invoke(main, ["compare", *args])


def run_files(out: Path) -> dict[str, tuple[int, int]]:
    """Run file name -> (inode, mtime in ns)."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted((out / "runs").glob("run-*.parquet"))}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The reference: the small experiment run cleanly with 1 worker (in-process)."""
    out = tmp_path_factory.mktemp("clean")
    return run_experiment(small(), out, workers=1), out


def test_seeds_common_to_policies_and_from_the_root_alone():
    exp = small(replicates=3)
    by_rep = {}
    for spec in exp.specs:
        by_rep.setdefault(spec.replicate, set()).add(spec.seed)
    assert all(len(seeds) == 1 for seeds in by_rep.values())            # same seed for every policy
    seeds = [by_rep[r].pop() for r in range(3)]
    assert len(set(seeds)) == 3                                          # distinct across replicates
    expected = [int(np.random.SeedSequence(7, spawn_key=(r,)).generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
                for r in range(3)]
    assert seeds == expected == [replicate_seed(7, r) for r in range(3)]
    # another policy list, scenario order or replicate count does not change replicate r's seed
    other = define(["frail_elderly", "default"], "regiebehandelaar", 5, 0.25, 7, SMALL)
    assert [s.seed for s in other.specs if s.replicate < 3 and s.scenario == "default"] == seeds
    assert sorted(s.run_id for s in exp.specs) == list(range(len(exp.specs)))


def test_one_and_two_workers_give_identical_tables(clean, tmp_path):
    result1, out1 = clean
    result2 = run_experiment(small(), tmp_path, workers=2)
    assert result1.complete and result2.complete and result2.workers == 2
    for name in (EXPERIMENTS_FILE, OUTCOMES_FILE, SERIES_FILE):
        assert (out1 / name).read_bytes() == (tmp_path / name).read_bytes(), name
    pd.testing.assert_frame_equal(result1.outcomes, result2.outcomes, check_exact=True)
    assert list(result1.outcomes["run_id"]) == list(range(6))
    assert set(result1.experiments["status"]) == {"done"}
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["counts"] == {"done": 6, "failed": 0, "pending": 0}
    # a stored run is exactly the model's run with that seed
    row = result1.experiments.iloc[4]
    direct = run_model("default", policy=row["policy"], seed=int(row["seed"]), years=0.25, **SMALL)
    stored = result1.outcomes.iloc[4]
    for name in HEADLINE + ("cost_payers_per_client_year", "transitions"):
        assert (stored[name] == direct[name]) or (math.isnan(stored[name]) and math.isnan(direct[name]))


def test_killed_driver_resumes_without_rerunning_finished_runs(tmp_path):
    out = tmp_path / "killed"
    args = ["default", "--policies", POLICIES, "--replicates", "8", "--years", "0.25", "--seed", "3",
            "--set", "n_clients=150", "--out", str(out), "--quiet"]
    child = subprocess.Popen([sys.executable, "-m", "carenet", "compare", *args, "--workers", "2"], cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list((out / "runs").glob("run-*.parquet"))) < 3:
        time.sleep(0.005)
    workers = descendants(child.pid)
    child.send_signal(signal.SIGKILL)
    child.wait()
    before = run_files(out)
    assert 3 <= len(before) < 16, "the driver was not killed in the middle of the experiment"
    deadline = time.monotonic() + 10                                     # its workers end by themselves
    while time.monotonic() < deadline and any(alive(p) for p in workers):
        time.sleep(0.05)
    assert not [p for p in workers if alive(p)], "worker processes outlived the killed driver"

    resumed = cli(*args, "--workers", "1", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert f"{len(before)} of 16 runs already stored and verified" in resumed.output
    after = run_files(out)
    assert len(after) == 16
    assert all(after[name] == before[name] for name in before)          # finished runs untouched

    exp = define(["default"], POLICIES, 8, 0.25, 3, SMALL)
    reference = run_experiment(exp, tmp_path / "reference", workers=1)
    for name in (OUTCOMES_FILE, EXPERIMENTS_FILE, SERIES_FILE):
        assert (out / name).read_bytes() == (tmp_path / "reference" / name).read_bytes(), name
    assert reference.ran == 16


def test_series_are_each_runs_weekly_sums_and_a_resume_keeps_them(clean, tmp_path):
    first = run_experiment(small(), tmp_path, workers=1, stop_after=3)   # runs 0, 3 and 1 (replicate order)
    series = pd.read_parquet(tmp_path / SERIES_FILE)
    assert list(series.columns) == ["run_id", "week", *WEEKLY_SUMS, *WEEKLY_RATIOS]
    assert sorted(set(series["run_id"])) == [0, 1, 3] and len(series) == 3 * 13
    row = first.experiments.set_index("run_id").loc[3]
    model = CareNetworkModel("default", policy=row["policy"], seed=int(row["seed"]), years=0.25,
                             mesa_agents=False, **SMALL).run()
    mine = series[series.run_id == 3]
    assert mine["week"].tolist() == list(range(13))
    for name, values in weekly_sums(model).items():
        assert mine[name].to_numpy().tolist() == values.tolist(), name       # exactly the run's weekly sums
    assert np.allclose(mine["carer_strain_mean"], mine["carer_strain"] / mine["carers_active"])
    assert np.allclose(mine["unmet_hours_share"], mine["unmet_hours"] / mine["need_hours"])
    meta = pq.read_schema(tmp_path / SERIES_FILE).field("unmet_hours_share").metadata
    assert meta[b"unit"] == b"fraction of needed care hours, 0-1"
    before = pd.read_parquet(tmp_path / SERIES_FILE)
    resumed = run_experiment(small(), tmp_path, workers=1, resume=True)
    assert resumed.skipped == 3 and resumed.ran == 3
    after = pd.read_parquet(tmp_path / SERIES_FILE)
    pd.testing.assert_frame_equal(after[after.run_id.isin([0, 1, 3])].reset_index(drop=True), before,
                                  check_exact=True)                      # the finished runs' series are kept
    assert (tmp_path / SERIES_FILE).read_bytes() == (clean[1] / SERIES_FILE).read_bytes()


def test_an_older_store_format_is_refused_on_resume_saying_what_can_be_read(clean, tmp_path):
    import shutil
    old = tmp_path / "old"
    shutil.copytree(clean[1], old)
    manifest = json.loads((old / MANIFEST).read_text())
    manifest["format"] = 2
    (old / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ExperimentError, match=r"store format 2 \(allowed: format 3.*earlier carenet.*load_results.*"
                                              r"another --out"):
        RunStore.open(old, small())


def test_a_task_without_weekly_sums_is_left_out_of_the_series(tmp_path):
    """A function that keeps no weekly sums (RunResult.weekly None): its runs have outcomes and no series rows;
    with no series at all, no series.parquet is written."""

    class NoWeekly(InProcessEngine):
        def map(self, specs):
            for spec, result in super().map(specs):
                yield spec, RunResult(result.run_id, result.tallies, None, result.seconds, result.worker,
                                      result.shard, result.started, None if spec.run_id == 1 else result.weekly)

    result = run_experiment(small(replicates=1), tmp_path / "some", engine=NoWeekly())
    assert result.complete and list(result.outcomes["run_id"]) == [0, 1]
    assert sorted(set(pd.read_parquet(tmp_path / "some" / SERIES_FILE)["run_id"])) == [0]

    class NoneAtAll(InProcessEngine):
        def map(self, specs):
            for spec, result in super().map(specs):
                yield spec, RunResult(result.run_id, result.tallies, None, result.seconds, result.worker)

    assert run_experiment(small(replicates=1), tmp_path / "none", engine=NoneAtAll()).complete
    assert not (tmp_path / "none" / SERIES_FILE).exists() and (tmp_path / "none" / OUTCOMES_FILE).is_file()


def test_leftover_temp_and_damaged_files_are_not_read_as_runs(clean, tmp_path):
    first = run_experiment(small(), tmp_path, workers=1, stop_after=3)   # an interrupted experiment
    assert first.ran == 3 and not first.complete
    # submitted replicate by replicate: none r0 (run 0), stepped r0 (run 3), none r1 (run 1)
    assert list(first.outcomes["run_id"]) == [0, 1, 3]
    assert list(first.experiments["status"]) == ["done", "done", "pending", "done", "pending", "pending"]
    store_runs = tmp_path / "runs"
    good = (store_runs / "run-000000.parquet").read_bytes()
    # a half-written temporary file for run 4 (not done), a damaged file for run 3 (done) and
    # run 0's file under run 1's name (foreign)
    leftover = store_runs / ".run-000004.parquet.99999.deadbeef.tmp"
    leftover.write_bytes(good[: len(good) // 2])
    (store_runs / "run-000003.parquet").write_bytes(good[:100])
    (store_runs / "run-000001.parquet").write_bytes(good)

    result = run_experiment(small(), tmp_path, workers=1, resume=True)
    assert not leftover.exists() and result.removed_temp == [leftover]
    assert result.rejected == [1, 3]
    assert result.skipped == 1 and result.ran == 5
    assert (tmp_path / OUTCOMES_FILE).read_bytes() == (clean[1] / OUTCOMES_FILE).read_bytes()


class FailingEngine(InProcessEngine):
    """Runs in-process but makes run 2 fail (an engine only needs ``map``)."""

    def map(self, specs):
        for spec, result in super().map(specs):
            if spec.run_id == 2:
                result = RunResult(spec.run_id, None, "Traceback ...\nRuntimeError: boom", 0.0, "test")
            yield spec, result


def test_failed_run_is_recorded_and_rerun_on_resume(clean, tmp_path):
    result = run_experiment(small(), tmp_path, engine=FailingEngine())
    assert result.failed == [2] and "boom" in result.errors[2] and not result.complete
    assert result.experiments.set_index("run_id").loc[2, "status"] == "failed"
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["runs"][2]["status"] == "failed" and manifest["runs"][2]["error"] == "RuntimeError: boom"
    resumed = run_experiment(small(), tmp_path, workers=1, resume=True)
    assert resumed.ran == 1 and resumed.skipped == 5 and resumed.complete
    assert (tmp_path / OUTCOMES_FILE).read_bytes() == (clean[1] / OUTCOMES_FILE).read_bytes()


def test_resume_refuses_another_definition(clean, tmp_path):
    base = ["default", "--policies", POLICIES, "--years", "0.25", "--seed", "7", "--set", "n_clients=150",
            "--workers", "1", "--out", str(clean[1]), "--resume"]
    same = cli(*base, "--replicates", "3")
    assert same.exit_code == 0, same.output
    assert "6 of 6 runs already stored" in same.output and "0 run now" in same.output

    changed = cli(*base, "--replicates", "4")
    assert changed.exit_code == 2
    assert "different definition" in changed.output and "replicates: stored 3, given 4" in changed.output

    other = cli(*base[:-1], "--replicates", "3", "--set", "strain.recovery=0.3", "--resume")
    assert other.exit_code == 2
    assert "overrides: stored" in other.output
    assert "scenario 'default' parameter strain.recovery" in other.output

    again = cli(*base[:-1], "--replicates", "3")                        # no --resume on an existing experiment
    assert again.exit_code == 2 and "already holds an experiment" in again.output
    empty = cli(*base[:-3], "--replicates", "3", "--out", str(tmp_path / "nothing"), "--resume")
    assert empty.exit_code == 2 and "nothing to resume" in empty.output

    with pytest.raises(ExperimentError, match="root_seed: stored 7, given 8"):
        RunStore.open(clean[1], small(root_seed=8))


def test_console_table_has_intervals_and_paired_differences(tmp_path):
    result = cli("default", "--policies", POLICIES, "--replicates", "3", "--years", "0.25", "--seed", "7",
                 "--set", "n_clients=150", "--workers", "1", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = result.output
    shown = (*HEADLINE, *COSTS)                                          # by default, the headline and the costs
    for name in shown:
        assert name in text
    assert text.count("95% interval") == 2 * len(shown)
    assert text.count("diff vs none") == len(shown) + 1                  # a column per outcome, and the note
    assert "paired differences (n = pairs)" in text and "6 of 6 runs stored" in text

    experiments = pd.read_parquet(tmp_path / EXPERIMENTS_FILE)
    outcomes = pd.read_parquet(tmp_path / OUTCOMES_FILE)
    summary = summarize(experiments, outcomes, HEADLINE)
    data = experiments.merge(outcomes, on="run_id")
    name = HEADLINE[0]
    x = data[data.policy == "stepped"].set_index("replicate")[name]
    b = data[data.policy == "none"].set_index("replicate")[name]
    d = (x - b).to_numpy()
    half = stats.t.ppf(0.975, 2) * d.std(ddof=1) / math.sqrt(3)
    row = summary[(summary.policy == "stepped") & (summary.outcome == name)].iloc[0]
    assert row.diff_n == 3 and row.diff_mean == pytest.approx(d.mean())
    assert (row.diff_lo, row.diff_hi) == pytest.approx((d.mean() - half, d.mean() + half))
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"  {name}  ("))
    line = next(ln for ln in lines[start:] if ln.strip().startswith("stepped"))
    printed = re.findall(r"[-+]?\d[\d,]*(?:\.\d+)?", line)                   # n, mean, lo, hi, n, diff, lo, hi
    assert len(printed) == 8 and printed[4] == "3"
    for text_value, value in zip(printed[5:], (row.diff_mean, row.diff_lo, row.diff_hi)):
        decimals = len(text_value.partition(".")[2])
        tolerance = 0.5 * 10 ** -decimals + 1e-12                        # half a unit in the last printed place
        assert float(text_value.replace(",", "")) == pytest.approx(value, abs=tolerance)
    n, mean, lo, hi = t_interval([1.0, float("nan")])                   # undefined values are not counted
    assert (n, mean) == (1, 1.0) and math.isnan(lo) and math.isnan(hi)


@pytest.mark.parametrize("args, needles", [
    (["--policies", "none,foo"], ["--policies", "'foo'", "allowed: none, regiebehandelaar, integral_pgb"]),
    (["--policies", "none,none"], ["--policies", "none", "more than once"]),
    (["--replicates", "0"], ["--replicates = 0", "allowed: an integer >= 1"]),
    (["--set", "n_client=5"], ["--set n_client", "allowed: name, description, years, warmup_years, population"]),
    (["--set", "strain.recovery=1.5"], ["strain.recovery", "1.5", "allowed: 0 to 1"]),
    (["--years", "0"], ["--years = 0", "allowed"]),
    (["--workers", "0"], ["--workers = 0", "allowed: an integer >= 1"]),
    (["--seed", "-1"], ["--seed = -1", "allowed: an integer >= 0"]),
    (["nonesuch"], ["'nonesuch'", "allowed: the scenarios child_complex", "the vignettes berends"]),
])
def test_bad_input_is_refused_before_any_run(tmp_path, args, needles):
    out = tmp_path / "out"
    base = {"--policies": POLICIES, "--replicates": "2", "--years": "0.25", "--workers": "1"}
    for i in range(0, len(args) - 1):
        base.pop(args[i], None)
    flat = [x for kv in base.items() for x in kv]
    result = cli(*(["default"] if args[0] != "nonesuch" else []), *args, *flat, "--out", str(out))
    assert result.exit_code == 2, result.output
    for needle in needles:
        assert needle in result.output, (needle, result.output)
    assert not (out / MANIFEST).exists() and not list(out.glob("runs/*"))


def test_bench_counts_the_gaps_between_runs_on_each_worker():
    from experiments.bench import worker_gaps
    timings = [{"worker": "a", "started": 10.0, "seconds": 1.0}, {"worker": "a", "started": 11.5, "seconds": 1.0},
               {"worker": "b", "started": 10.2, "seconds": 2.0}, {"worker": "a", "started": 12.5, "seconds": 0.5},
               {"worker": "b", "started": 12.3, "seconds": 1.0}]
    # worker a: 11.0 -> 11.5 (0.5) and 12.5 -> 12.5 (0); worker b: 12.2 -> 12.3 (0.1); the order given does not matter
    assert worker_gaps(timings) == pytest.approx(0.6)
    overlapping = [{"worker": "a", "started": 0.0, "seconds": 2.0}, {"worker": "a", "started": 1.0, "seconds": 1.0}]
    assert worker_gaps(overlapping) == 0.0                              # clock skew never counts as negative time


def test_a_dead_local_worker_stops_the_driver_and_resume_completes(clean, tmp_path):
    from experiments.compare import ExperimentInterrupted
    from experiments.engine import ProcessPoolEngine

    class KillAfterFirst(ProcessPoolEngine):
        """Kills one pool worker (SIGKILL) as the first result arrives."""

        def map(self, specs):
            for i, item in enumerate(super().map(specs)):
                if i == 0:
                    os.kill(next(iter(self._pool._processes)), signal.SIGKILL)
                yield item

    with pytest.raises(ExperimentInterrupted, match="a worker process died"):
        run_experiment(small(), tmp_path, engine=KillAfterFirst(2))
    stored = len(run_files(tmp_path))
    assert 1 <= stored < 6
    resumed = run_experiment(small(), tmp_path, workers=1, resume=True)
    assert resumed.skipped == stored and resumed.complete
    for name in (OUTCOMES_FILE, SERIES_FILE):
        assert (tmp_path / name).read_bytes() == (clean[1] / name).read_bytes(), name
