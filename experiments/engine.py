"""Engines: where the runs of an experiment are executed.

The driver (:mod:`experiments.compare`) hands an engine the runs still to do and
receives results as they finish::

    with experiments.engines.make_engine(workers=4) as engine:
        for spec, result in engine.map(specs):      # in completion order
            store.write_run(spec, result)           # the driver writes; workers never touch the store

An engine implements :class:`Engine`: ``map(specs) -> iterator of (RunSpec, RunResult)``
in any order, plus ``close()``. Workers call :func:`execute`, a top-level function of a
picklable :class:`~experiments.design.RunSpec` (a run, or one municipality of a run) that
returns a small picklable :class:`RunResult` (the task's tallies and weekly sums, for a vignette which of the seed's
failures happened, or the error). Each engine
takes an optional ``function`` that specs are mapped through instead of :func:`execute` (a
top-level function, so that it pickles; e.g. :func:`experiments.validation.validation_task`,
which returns statistics beyond the tallies). The Dask
engine (:mod:`experiments.dask_engine`) maps the same function on a cluster, with the same
driver and store; :func:`experiments.engines.make_engine` chooses the engine for ``--engine``.

Engines here:

* :class:`InProcessEngine` (``workers = 1``): runs one after the other in this process.
* :class:`ProcessPoolEngine` (``workers >= 2``): a local
  :class:`concurrent.futures.ProcessPoolExecutor` with ``max_workers = workers``; at most
  ``2 * workers`` runs are submitted at a time, so an interrupted driver leaves little
  work queued. Workers are started by a ``forkserver`` that has imported the model once
  (``spawn`` where there is no forkserver, e.g. Windows): never a fork of the (threaded)
  driver, and no per-worker import of the model (~1.5 s each). Each worker ends itself
  when the driver process ends (:func:`watch_driver`), so a driver killed with SIGKILL
  leaves no workers behind.

A run that raises comes back as a :class:`RunResult` with ``error`` set (the driver marks
it failed and goes on); a worker process of the local pool that dies (killed, out of memory)
breaks the pool, and ``map`` raises :class:`EngineLost` (the driver stops; ``--resume``
continues).

Units: ``RunResult.seconds`` is the wall time of one task (model set-up, stepping and
tallies) in seconds.
"""

from __future__ import annotations

import abc
import multiprocessing
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from experiments.design import RunSpec
from experiments.files import plain


#: Modules a forkserver imports once, before it forks workers.
PRELOAD = ["experiments.engine", "sim.model", "sim.scenario"]


@dataclass(frozen=True)
class RunResult:
    """What a worker sends back for one task (a run, or one municipality of a sharded run).

    Attributes:
        run_id: the run's id (equal to its spec's).
        tallies: the task's additive tallies by name (:func:`sim.outcomes.compute_tallies`), plain
            Python ``int`` / ``float`` values; ``None`` if the task failed. A run's outcomes are
            :func:`sim.outcomes.outcomes_from_tallies` of the sum of its tasks' tallies.
        error: ``None``, or the traceback text of the exception that ended the task.
        seconds: wall time of the task in seconds.
        worker: ``host:pid`` of the process that ran it.
        shard: the task's municipality (0 when the run is not sharded).
        started: when the task started, in seconds since the epoch (``time.time()``; 0 if unknown).
        weekly: the task's weekly sums (:func:`sim.outcomes.weekly_sums`: name -> float64 array over the observed
            weeks, a few KB for a 10-year run), summed week by week over a run's tasks; ``None`` if the task
            failed or its function keeps none.
        failures: for a vignette's run, which of the seed's failures happened (name -> bool, in file order,
            :func:`sim.vignette.failures_happened`); ``None`` for a scenario's run or a failed task.
    """

    run_id: int
    tallies: dict | None
    error: str | None
    seconds: float
    worker: str
    shard: int = 0
    started: float = 0.0
    weekly: dict | None = None
    failures: dict | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _tally_number(value):
    """A tally as a plain Python number: ints stay ints (bools become ints), everything else a float."""
    value = plain(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return float(value)


def task_model(spec: RunSpec):
    """The model of a task, not yet run (no Mesa agent views): a :class:`~sim.model.CareNetworkModel` of the task's
    parameters, or for a vignette a :class:`~sim.vignette.VignetteModel` built from the tables it carries."""
    if spec.vignette is not None:
        from sim.vignette import vignette_from_tables
        vignette = vignette_from_tables(spec.vignette, spec.model_params(), spec.scenario)
        return vignette.model(policy=spec.policy, seed=spec.model_seed, years=spec.years, mesa_agents=False)
    from sim.model import CareNetworkModel
    return CareNetworkModel(spec.model_params(), policy=spec.policy, seed=spec.model_seed, years=spec.years,
                            mesa_agents=False)


def execute(spec: RunSpec) -> RunResult:
    """Run one task's simulation (no Mesa agent views, no files) and return its tallies, weekly sums and, for a
    vignette, which of the seed's failures happened; never raises for a failing task (the error comes back in the
    result)."""
    started, wall_clock = time.perf_counter(), time.time()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        from sim.outcomes import compute_tallies, weekly_sums
        model = task_model(spec)
        tallies = {name: _tally_number(v) for name, v in compute_tallies(model.run(collect=False)).items()}
        failures = None
        if spec.vignette is not None:
            from sim.vignette import failures_happened
            failures = failures_happened(model)
        return RunResult(spec.run_id, tallies, None, time.perf_counter() - started, worker, spec.shard, wall_clock,
                         weekly_sums(model), failures)
    except Exception:  # noqa: BLE001 - reported per task, the experiment goes on
        return RunResult(spec.run_id, None, traceback.format_exc(), time.perf_counter() - started, worker,
                         spec.shard, wall_clock)


class EngineLost(RuntimeError):
    """The engine lost its workers for good (a worker process of the local pool died, or the
    connection to a Dask scheduler was lost): the driver stops; finished runs are stored."""


class Engine(abc.ABC):
    """Runs :class:`RunSpec` s somewhere and yields ``(spec, result)`` as each finishes.

    Subclasses implement :meth:`map`; :meth:`close` releases workers (also on ``with`` exit).
    """

    #: Number of runs the engine executes at once.
    workers: int = 1

    @abc.abstractmethod
    def map(self, specs: Iterable[RunSpec]) -> Iterator[tuple[RunSpec, RunResult]]:
        """Run every spec; yield ``(spec, result)`` in completion order (not input order)."""

    def warm_up(self) -> None:
        """Start the workers now instead of at the first run (for timing; optional)."""

    def close(self) -> None:
        """Release the engine's workers. Idempotent."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcessEngine(Engine):
    """Runs one spec after the other in the calling process (``workers = 1``).

    Args:
        function: what each spec is mapped through (a function of a :class:`~experiments.design.RunSpec`
            returning a :class:`RunResult`); default :func:`execute`.
    """

    workers = 1

    def __init__(self, function: Callable[[RunSpec], RunResult] | None = None):
        self._function = function

    def map(self, specs: Iterable[RunSpec]) -> Iterator[tuple[RunSpec, RunResult]]:
        fn = self._function or execute  # looked up now: execute may be replaced
        for spec in specs:
            yield spec, fn(spec)


def watch_driver(driver_pid: int, poll_seconds: float = 1.0) -> None:
    """Worker initializer: end this worker when the driver process ends.

    A process pool's workers wait on a queue whose both ends they hold, so a driver killed
    with SIGKILL would leave them (and the forkserver) behind for good. A daemon thread
    waits for the driver's exit (a pidfd on Linux, else polling every ``poll_seconds``
    seconds) and then ends the worker; workers never write to the store, so nothing is lost.
    """
    import threading

    def wait_for_exit():
        try:
            fd = os.pidfd_open(driver_pid)
        except (AttributeError, OSError):  # not Linux >= 5.3: poll
            while True:
                time.sleep(poll_seconds)
                try:
                    os.kill(driver_pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        else:
            import select
            select.select([fd], [], [])
        os._exit(70)

    threading.Thread(target=wait_for_exit, name="watch-driver", daemon=True).start()


class ProcessPoolEngine(Engine):
    """A local pool of ``workers`` processes (:class:`~concurrent.futures.ProcessPoolExecutor`).

    Args:
        workers: number of worker processes, >= 1.
        in_flight: runs submitted at a time (default ``2 * workers``).
        start_method: ``multiprocessing`` start method (default: ``forkserver`` where available,
            with the model preloaded, else ``spawn``).
        function: what each spec is mapped through (a picklable top-level function of a
            :class:`~experiments.design.RunSpec` returning a :class:`RunResult`); default :func:`execute`.
    """

    def __init__(self, workers: int, in_flight: int | None = None, start_method: str | None = None,
                 function: Callable[[RunSpec], RunResult] | None = None):
        self._function = function
        if workers < 1:
            raise ValueError(f"workers = {workers!r} not allowed (allowed: an integer >= 1)")
        self.workers = int(workers)
        self.in_flight = max(self.workers, in_flight or 2 * self.workers)
        if start_method is None:
            start_method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            context.set_forkserver_preload(PRELOAD)  # used when this process starts its forkserver
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                         initializer=watch_driver, initargs=(os.getpid(),))

    def map(self, specs: Iterable[RunSpec]) -> Iterator[tuple[RunSpec, RunResult]]:
        """Run every spec; a worker that dies, whenever it dies, surfaces as :class:`EngineLost`.

        A dead worker breaks the pool: either a pending future raises
        :class:`~concurrent.futures.process.BrokenProcessPool`, or the next ``submit`` does
        (when the pool noticed the death first). Both go through the one handler below.
        """
        fn = self._function or execute  # looked up now: execute may be replaced
        pending: dict[Future, RunSpec] = {}
        todo = iter(specs)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self.in_flight:
                    spec = next(todo, None)
                    if spec is None:
                        exhausted = True
                        break
                    pending[self._pool.submit(fn, spec)] = spec
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: pending[f].run_id):
                    spec = pending.pop(future)
                    result = future.result()
                    yield spec, result
        except BrokenProcessPool as exc:  # a worker died: the pool cannot go on
            raise EngineLost(f"a worker process died ({exc})") from None

    def warm_up(self) -> None:
        """Start every worker process: one short sleep per worker keeps each busy while the next starts."""
        wait([self._pool.submit(time.sleep, 0.2) for _ in range(self.workers)])

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["Engine", "EngineLost", "InProcessEngine", "ProcessPoolEngine", "RunResult", "execute", "task_model"]
