"""Tests of the Dask distributed engine (experiments/dask_engine.py).

Small experiments throughout (150 clients, a quarter year or 3 years, 2 policies). Checked: on a
local cluster of 2 worker processes the outcomes, experiments and series tables are identical to a clean
in-process run and the runs really ran in 2 distinct worker processes; a worker killed with
SIGKILL while running a run in the middle of an experiment is restarted by its nanny, the
experiment completes without a failed run and the tables are still identical; ``scheduler=`` (``--scheduler``) mode on an existing cluster gives the same
tables and leaves that cluster running; an unreachable scheduler is refused quickly with an
ExperimentError naming ``--scheduler`` and the address; losing the scheduler mid-experiment stops it
as an interruption (ExperimentInterrupted) and ``--resume`` completes it; a run that raises, and a run that keeps
killing its worker (``distributed.KilledWorker``), come back as failed runs while the rest of the
experiment is stored; ``workers = 0`` is refused; a driver killed with SIGKILL leaves no Dask
worker process behind.

One local cluster (the module's ``shared`` engine) serves most tests; ``run_experiment`` closes the
engine it is given, so tests lend it through :class:`Lent`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from experiments import engine as engine_module
from experiments.compare import ExperimentInterrupted, run_experiment
from experiments.dask_engine import DaskEngine
from experiments.design import ExperimentError, define
from experiments.engine import Engine
from experiments.store import EXPERIMENTS_FILE, MANIFEST, OUTCOMES_FILE, SERIES_FILE

from pids import alive, children

REPO = Path(__file__).resolve().parents[2]
POLICIES = "none,stepped"


def small(replicates=2, years=0.25, root_seed=7):
    return define(["default"], POLICIES, replicates, years, root_seed, {"n_clients": 150})


class Lent(Engine):
    """Lends an engine to ``run_experiment`` without letting it close it; calls ``after(n)`` as the
    ``n``-th result arrives, before handing it over."""

    def __init__(self, inner: Engine, after=None):
        self.inner = inner
        self.workers = inner.workers
        self.after = after
        self.handed = 0

    def map(self, specs):
        for spec, result in self.inner.map(specs):
            self.handed += 1
            if self.after is not None:
                self.after(self.handed)
            yield spec, result

    def close(self):
        pass


def run_workers(out: Path) -> dict[int, str]:
    """Run id -> ``host:pid`` of the process that ran it, as recorded in the manifest."""
    runs = json.loads((out / MANIFEST).read_text())["runs"]
    return {int(r.get("run_id", i)): r.get("worker") for i, r in enumerate(runs)}


def pid_of(worker: str) -> int:
    return int(worker.rsplit(":", 1)[1])


def assert_same_tables(out: Path, reference: Path):
    for name in (OUTCOMES_FILE, EXPERIMENTS_FILE, SERIES_FILE):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


@pytest.fixture(scope="module")
def shared():
    """A Dask engine on a local cluster of 2 worker processes, model imported in each."""
    engine = DaskEngine(workers=2)
    engine.warm_up()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The reference: the small experiment run cleanly in-process (1 worker)."""
    out = tmp_path_factory.mktemp("clean")
    return run_experiment(small(), out, workers=1), out


@pytest.fixture(scope="module")
def clean_long(tmp_path_factory):
    """The reference of the kill test: 6 runs of 3 years (~0.5 s each), in-process."""
    out = tmp_path_factory.mktemp("clean_long")
    return run_experiment(small(replicates=3, years=3, root_seed=3), out, workers=1), out


def test_local_cluster_gives_the_in_process_tables_from_two_worker_processes(shared, clean, tmp_path):
    reference, reference_dir = clean
    assert shared.workers == 2 and shared.in_flight == 4 and shared.cluster is not None
    result = run_experiment(small(), tmp_path, engine=Lent(shared))
    assert result.complete and result.failed == [] and result.ran == 4
    pd.testing.assert_frame_equal(result.outcomes, reference.outcomes, check_exact=True)
    pd.testing.assert_frame_equal(result.experiments, reference.experiments, check_exact=True)
    assert_same_tables(tmp_path, reference_dir)
    workers = run_workers(tmp_path)
    cluster_pids = set(shared.client.run(os.getpid).values())
    assert len(cluster_pids) == 2 and os.getpid() not in cluster_pids
    used = {pid_of(w) for w in workers.values()}
    assert len(used) == 2 and used <= cluster_pids, (workers, cluster_pids)   # 2 distinct worker processes


def test_killed_worker_is_replaced_and_its_runs_redone(shared, clean_long, tmp_path):
    reference, reference_dir = clean_long
    client = shared.client
    before = dict(client.run(os.getpid))
    killed = {}

    def kill_a_busy_worker(handed):
        if handed != 2:
            return
        busy = {addr: keys for addr, keys in client.processing().items() if keys}
        assert busy, "no run in flight to kill"
        addr = sorted(busy)[0]
        killed.update(pid=before[addr], runs={int(str(k).split("-")[1]) for k in busy[addr]},
                      stored=len(list((tmp_path / "runs").glob("run-*.parquet"))))
        os.kill(before[addr], signal.SIGKILL)

    started = time.perf_counter()
    result = run_experiment(small(replicates=3, years=3, root_seed=3), tmp_path,
                            engine=Lent(shared, after=kill_a_busy_worker))
    assert killed and killed["stored"] < 6, "the worker was not killed in the middle of the experiment"
    assert result.failed == [] and result.complete and result.ran == 6
    pd.testing.assert_frame_equal(result.outcomes, reference.outcomes, check_exact=True)
    assert_same_tables(tmp_path, reference_dir)
    client.wait_for_workers(2, timeout=30)                       # the nanny restarted the killed worker
    after = set(client.run(os.getpid).values())
    assert len(after) == 2 and killed["pid"] not in after
    print(f"kill test: {time.perf_counter() - started:.1f} s, killed pid {killed['pid']} running {killed['runs']}")


def raise_for_run_1(spec):
    """A task function: run 1 raises, run 2 kills its worker process (every time), the rest run."""
    if spec.run_id == 1:
        raise RuntimeError("boom in run 1")
    if spec.run_id == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return engine_module.execute(spec)


@pytest.fixture(scope="module")
def external():
    """An existing cluster (2 worker processes) whose scheduler gives up on a task after 2 worker deaths."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1, "distributed.scheduler.worker-saturation": 1.0}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    yield cluster
    cluster.close()


def test_scheduler_mode_gives_the_in_process_tables(external, clean, tmp_path):
    reference, reference_dir = clean
    engine = DaskEngine(scheduler=external.scheduler_address)
    assert engine.workers == 2 and engine.cluster is None
    result = run_experiment(small(), tmp_path, engine=engine)       # closes the engine, not the cluster
    assert result.complete and result.failed == [] and result.workers == 2
    pd.testing.assert_frame_equal(result.outcomes, reference.outcomes, check_exact=True)
    assert_same_tables(tmp_path, reference_dir)
    with Client(external.scheduler_address, set_as_default=False) as client:   # the cluster still runs
        pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and {pid_of(w) for w in run_workers(tmp_path).values()} <= pids


def test_failing_runs_come_back_as_failed_results(external, clean, tmp_path):
    engine = DaskEngine(scheduler=external.scheduler_address, function=raise_for_run_1)
    result = run_experiment(small(), tmp_path, engine=engine)
    assert result.failed == [1, 2] and result.ran == 4
    assert "RuntimeError: boom in run 1" in result.errors[1]
    assert "KilledWorker" in result.errors[2]
    status = result.experiments.set_index("run_id")["status"]
    assert list(status) == ["done", "failed", "failed", "done"]
    pd.testing.assert_frame_equal(result.outcomes.reset_index(drop=True),
                                  clean[0].outcomes[clean[0].outcomes.run_id.isin([0, 3])].reset_index(drop=True),
                                  check_exact=True)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["runs"][1]["error"] == "RuntimeError: boom in run 1"


CLUSTER = """
import time
from distributed import LocalCluster
cluster = LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None,
                       scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
print(cluster.scheduler_address, flush=True)
time.sleep(300)
"""


def test_lost_scheduler_stops_the_experiment_and_resume_completes_it(clean, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", CLUSTER], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        address = holder.stdout.readline().strip()
        assert address.startswith("tcp://"), "the cluster did not start"
        engine = DaskEngine(scheduler=address)

        def kill_the_scheduler(handed):
            if handed == 1:
                holder.send_signal(signal.SIGKILL)
                holder.wait()

        with pytest.raises(ExperimentInterrupted) as info:
            run_experiment(small(), tmp_path, engine=Lent(engine, after=kill_the_scheduler))
        engine.close()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    message = str(info.value)
    assert f"lost the Dask scheduler at {address}" in message and "continue with --resume" in message
    resumed = run_experiment(small(), tmp_path, workers=1, resume=True)
    assert 1 <= resumed.skipped < 4 and resumed.complete
    assert_same_tables(tmp_path, clean[1])


def test_unreachable_scheduler_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ExperimentError) as info:
        DaskEngine(scheduler="tcp://127.0.0.1:1", timeout=2)
    assert time.perf_counter() - started < 5
    message = str(info.value)
    assert "--scheduler tcp://127.0.0.1:1" in message and "allowed:" in message and "tcp://host:port" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("workers", [0, -1, None, 1.5])
def test_bad_worker_count_is_refused(workers):
    started = time.perf_counter()
    with pytest.raises(ValueError, match=rf"workers = {workers!r} not allowed \(allowed: an integer >= 1"):
        DaskEngine(workers=workers)
    assert time.perf_counter() - started < 1                    # refused before any cluster is started


DRIVER = """
import os, sys, time
from experiments.dask_engine import DaskEngine
from experiments.design import define

def slow(spec):
    time.sleep(120)

engine = DaskEngine(workers=2, function=slow)
print(" ".join(str(p) for p in engine.client.run(os.getpid).values()), flush=True)
for _ in engine.map(define(["default"], "none", 4, 0.25, 0, {"n_clients": 150}).specs):
    pass
"""


def test_killed_driver_leaves_no_dask_workers():
    driver = subprocess.Popen([sys.executable, "-c", DRIVER], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        workers = {int(p) for p in driver.stdout.readline().split()}
        assert len(workers) == 2, "the driver did not start its cluster"
        time.sleep(0.5)                                         # the slow tasks are running
        spawned = children(driver.pid)
        assert workers <= spawned
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        driver.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in spawned):
        time.sleep(0.05)
    assert not [p for p in spawned if alive(p)], "Dask worker processes outlived the killed driver"
