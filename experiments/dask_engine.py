"""The Dask distributed engine: the runs of an experiment on a Dask cluster (``--engine dask``).

::

    from experiments.dask_engine import DaskEngine

    run_experiment(exp, "runs/cmp", engine=DaskEngine(workers=4))                       # local cluster
    run_experiment(exp, "runs/nl", engine=DaskEngine(scheduler="tcp://10.0.0.5:8786"))  # existing cluster

:class:`DaskEngine` is an :class:`~experiments.engine.Engine` like the local ones: the driver
(:func:`experiments.compare.run_experiment`) hands it the tasks still to do and writes each result
to the run store as it comes back; the Dask workers only compute (``experiments.engine.execute`` of a
picklable :class:`~experiments.design.RunSpec`) and never touch the store.

Two modes:

* **Local cluster** (no ``scheduler``): a :class:`distributed.LocalCluster` of ``workers`` worker
  *processes* with one thread each (one run per worker at a time), started by the engine, without a
  dashboard, logging at WARNING. Each worker imports the model itself (~1.5 s, on its first run or in
  :meth:`DaskEngine.warm_up`); the driver does not import the model to start the cluster.
* **Existing cluster** (``scheduler="tcp://host:port"``, ``--scheduler``): a
  :class:`distributed.Client` connected to a running scheduler. carenet (the same version, with
  the same versions of Python, numpy and Mesa) must be installed on every worker, and the workers
  should run one task per thread slot you want in use, e.g.::

      export DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0   # see "Worker death"
      dask scheduler                                      # on the head node; listens on port 8786
      dask worker tcp://10.0.0.5:8786 --nthreads 1 --nworkers 8    # on each compute node
      carenet compare national --engine dask --scheduler tcp://10.0.0.5:8786 --out runs/nl

  ``workers`` (runs at once) is then the sum of the connected workers' threads (at least 1).
  An unreachable address raises :class:`~experiments.design.ExperimentError` naming ``--scheduler``.

Submission. At most ``in_flight`` tasks (default ``2 * workers``) are on the cluster at a time and
the window is refilled as results arrive, so an interrupted driver leaves little work queued;
results are yielded in completion order as soon as each arrives. Every task gets its own key (run
id, shard and a random token), so Dask never deduplicates or caches runs.

Worker death. When a worker process dies (killed, out of memory) the scheduler reschedules its
tasks on the other workers, and the nanny restarts the worker; the experiment goes on and nothing is
lost. A task that keeps killing workers ends, after ``distributed.scheduler.allowed-failures``
attempts (3 by default), with :class:`distributed.KilledWorker`: it comes back as a failed result for
that run (the driver marks it failed and goes on; ``--resume`` retries it), as does any other
exception raised by the task (with its traceback). The scheduler counts a worker's death against
every task *assigned* to it, running or waiting; a local cluster therefore assigns a worker only the
task it runs (worker saturation 1.0, :data:`SATURATION`), so innocent runs are not blamed; start an
external scheduler with the same setting. Losing the connection to the scheduler itself raises
:class:`~experiments.engine.EngineLost`, which the driver reports as an interruption (exit code 1):
finished runs are already stored and ``--resume`` continues.

A killed driver. With a local cluster, the scheduler and the nannies are objects in the driver
process, and each worker is a child process that Dask starts with a pipe from its parent and a thread
that ends the worker as soon as that pipe closes (``distributed.process.AsyncProcess``; restarted
workers too). So a driver killed with SIGKILL leaves no worker behind: killing a driver with
``kill -9`` while its two workers ran 60-second tasks, the workers (and multiprocessing's resource
tracker) were gone within 0.1 s; ``tests/system/test_dask_engine.py`` checks it. Nothing more is needed
(:func:`experiments.engine.watch_driver` is not used here). Workers of an existing cluster are not
the driver's to end: the scheduler forgets the tasks of a client that went away (a task already
running finishes first).

Identical results. A run depends only on its spec: its seed comes from the root seed and the
replicate number (:mod:`experiments.design`), its parameters travel with the spec, and the driver
alone writes the store and assembles the tables sorted by run id. So the tables are the same,
byte for byte, as with the in-process or process-pool engines, whatever the number of workers, the
order runs finish in, or the workers that died on the way.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator

from experiments import engine as _engine
from experiments.design import ExperimentError, RunSpec
from experiments.engine import Engine, EngineLost, RunResult

#: Seconds to wait for an existing scheduler to answer before giving up.
CONNECT_TIMEOUT = 10.0

#: ``distributed.scheduler.worker-saturation`` of a local cluster: tasks assigned to a worker per thread.
#: Dask's default (1.1) gives a one-thread worker a second, waiting task; when that worker dies, the
#: scheduler counts the death against both tasks, so a task that kills workers would end innocent runs
#: with ``KilledWorker`` too. With 1.0 a worker holds only the run it executes; the cost is one
#: scheduler round trip (milliseconds) between runs.
SATURATION = 1.0


def _import_model() -> int:
    """Import the model in a worker (for :meth:`DaskEngine.warm_up`); returns the worker's pid."""
    import importlib
    for name in getattr(_engine, "PRELOAD", ["experiments.engine", "sim.model"]):
        importlib.import_module(name)
    return os.getpid()


def _first_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _probe(address: str, timeout: float) -> None:
    """Raise ``OSError`` quickly if nothing listens at a ``tcp://`` / ``tls://`` address (a failed
    :class:`distributed.Client` would otherwise linger, and complain when it is garbage-collected)."""
    import socket
    from distributed.comm.addressing import parse_address, parse_host_port

    scheme, location = parse_address(address)
    if scheme in ("tcp", "tls"):
        host, port = parse_host_port(location, 8786)
        socket.create_connection((host, port), timeout=timeout).close()


def failed_result(spec: RunSpec, error: str, worker: str = "dask") -> RunResult:
    """A :class:`~experiments.engine.RunResult` that says task ``spec`` failed with ``error`` (text).

    Built from ``RunResult``'s fields by name, so it follows that class: ``run_id`` and ``shard`` come
    from the spec, ``error``, ``seconds = 0.0`` and ``worker`` as given, any other field ``None``.
    """
    known = {"run_id": spec.run_id, "error": error, "seconds": 0.0, "worker": worker,
             "shard": getattr(spec, "shard", 0)}
    kwargs = {}
    for f in dataclasses.fields(RunResult):
        if not f.init:
            continue
        if f.name in known:
            kwargs[f.name] = known[f.name]
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            kwargs[f.name] = None  # outcomes / tallies: none for a failed task
    return RunResult(**kwargs)


class DaskEngine(Engine):
    """Runs specs on a Dask cluster: a local one it starts, or an existing one at ``scheduler``.

    Args:
        workers: local mode: number of worker processes (an integer >= 1; one thread each). Not
            allowed with ``scheduler``.
        scheduler: address of a running Dask scheduler (``tcp://host:port``); carenet must be
            installed on its workers. ``None``: start a local cluster of ``workers`` processes.
        function: what each spec is mapped through (a picklable top-level function of a
            :class:`~experiments.design.RunSpec` returning a
            :class:`~experiments.engine.RunResult`); default :func:`experiments.engine.execute`.
        in_flight: tasks on the cluster at a time (default ``2 * workers``, at least ``workers``).
        timeout: seconds to wait for ``scheduler`` to answer.

    Attributes:
        workers: runs executed at once (the cluster's worker threads).
        client: the :class:`distributed.Client`.
        cluster: the :class:`distributed.LocalCluster` this engine started, or ``None``.

    Raises:
        ValueError: ``workers`` is not an integer >= 1 (local mode), or given with ``scheduler``.
        ExperimentError: ``scheduler`` cannot be reached.
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None,
                 function: Callable[[RunSpec], RunResult] | None = None, in_flight: int | None = None,
                 timeout: float = CONNECT_TIMEOUT):
        from distributed import Client

        self._function = function
        self.scheduler = scheduler
        self.cluster = None
        self.client = None
        self._closed = False
        self._lost = False
        if in_flight is not None and (isinstance(in_flight, bool) or not isinstance(in_flight, int)
                                      or in_flight < 1):
            raise ValueError(f"in_flight = {in_flight!r} not allowed (allowed: an integer >= 1, or None "
                             "for 2 * workers)")
        if scheduler is not None:
            if workers is not None:
                raise ValueError(f"workers = {workers!r} with scheduler {scheduler}: not allowed (the cluster's "
                                 "workers run the tasks; leave out workers)")
            try:
                _probe(scheduler, timeout)
                self.client = Client(scheduler, timeout=timeout, set_as_default=False)
            except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ValueError (bad address), ...
                raise ExperimentError(
                    f"--scheduler {scheduler}: cannot connect ({_first_line(exc)}; waited up to {timeout:g} s) "
                    "(allowed: the "
                    "reachable tcp://host:port address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                    "from `dask scheduler`)") from None
            threads = sum((info.get("nthreads") or 0) for info in self._worker_info().values())
            self.workers = max(1, int(threads))
        else:
            if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
                raise ValueError(f"workers = {workers!r} not allowed (allowed: an integer >= 1, the number of "
                                 "local Dask worker processes)")
            self.workers = int(workers)
            self._start_local_cluster()
        self.in_flight = max(self.workers, in_flight or 2 * self.workers)

    def _start_local_cluster(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        # No dashboard; the scheduler's small HTTP server (health, metrics) on a free loopback port
        # instead of 8787, which another cluster may hold (a warning each time). Worker saturation 1:
        # a worker holds only the task it runs (see SATURATION).
        with dask.config.set({"distributed.scheduler.worker-saturation": SATURATION}):
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.WARNING,
                                        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
        try:
            self.client = Client(self.cluster, set_as_default=False)
        except BaseException:
            self.close()
            raise

    def _worker_info(self) -> dict:
        try:
            return self.client.scheduler_info(n_workers=-1).get("workers", {})
        except TypeError:  # older distributed: no n_workers argument (and no limit)
            return self.client.scheduler_info().get("workers", {})

    @property
    def address(self) -> str:
        """The scheduler's address."""
        if self.scheduler is not None:
            return self.scheduler
        return self.cluster.scheduler_address if self.cluster is not None else "?"

    def map(self, specs: Iterable[RunSpec]) -> Iterator[tuple[RunSpec, RunResult]]:
        """Run every spec on the cluster; yield ``(spec, result)`` in completion order.

        Raises:
            EngineLost: the connection to the scheduler was lost (finished runs are stored).
        """
        from distributed import as_completed

        if self._closed:
            raise RuntimeError("DaskEngine.map after close()")
        fn = self._function or _engine.execute  # looked up now: execute may be replaced
        client = self.client
        todo = iter(specs)
        pending: dict = {}  # future -> spec
        done = as_completed(loop=client.loop, with_results=False)

        def submit_more():
            while len(pending) < self.in_flight:
                spec = next(todo, None)
                if spec is None:
                    return
                key = f"carenet-{spec.run_id}-{getattr(spec, 'shard', 0)}-{uuid.uuid4().hex}"
                future = client.submit(fn, spec, key=key, pure=False, retries=0)
                pending[future] = spec
                done.add(future)

        try:
            submit_more()
            while pending:
                future = next(done)
                spec = pending.pop(future)
                result = self._result(future, spec)
                future.release()
                submit_more()
                yield spec, result
        finally:
            if pending:  # interrupted (or lost the scheduler): leave nothing queued on the cluster
                try:
                    client.cancel(list(pending))
                except Exception:  # noqa: BLE001 - the client may be gone already
                    pass
                pending.clear()

    def _result(self, future, spec: RunSpec) -> RunResult:
        """The future's result, or a failed result for its spec (raises only when the scheduler is lost)."""
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            return failed_result(spec, f"distributed.KilledWorker: {exc}\nKilledWorker: the task's worker "
                                       f"died {getattr(exc, 'allowed_failures', 0) + 1} times while running it")
        except Exception as exc:  # noqa: BLE001 - a bug in the task, or a lost scheduler
            if self._lost_scheduler(future, exc):
                self._lost = True
                raise EngineLost(f"lost the Dask scheduler at {self.address} ({_first_line(exc)})") from None
            tb = future.traceback() if future.status == "error" else None
            text = "".join(traceback.format_exception(type(exc), exc, tb))
            return failed_result(spec, text)

    def _lost_scheduler(self, future, exc: BaseException) -> bool:
        from concurrent.futures import CancelledError
        if isinstance(exc, CancelledError) or future.status == "cancelled":
            return True  # this engine cancels nothing while mapping: the client cancels all on a lost scheduler
        if isinstance(exc, (OSError, TimeoutError)) and future.status != "error":
            return True  # a comm failure fetching the result, not an exception of the task
        return self.client is not None and self.client.status not in ("running", "connecting", "newly-created")

    def warm_up(self) -> None:
        """Wait for the workers and import the model in each (~1.5 s, in parallel)."""
        self.client.wait_for_workers(1 if self.cluster is None else self.workers)
        self.client.run(_import_model)

    def close(self) -> None:
        """Close the client and, in local mode, the cluster this engine started. Idempotent."""
        if self._closed:
            return
        self._closed = True
        client, cluster, self.client = self.client, self.cluster, None
        if client is not None:
            quiet = logging.getLogger("distributed.client")
            level = quiet.level
            if self._lost:  # the client logs its failed reconnection with a traceback when closed: said already
                quiet.setLevel(logging.CRITICAL)
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing a client whose scheduler is gone
                pass
            finally:
                quiet.setLevel(level)
        if cluster is not None:
            try:
                cluster.close()
            except Exception:  # noqa: BLE001
                pass

    def __del__(self):  # a forgotten engine should not keep a cluster alive
        try:
            if not self._closed and self.cluster is not None:
                self.close()
        except Exception:  # noqa: BLE001
            pass


__all__ = ["DaskEngine", "failed_result"]
