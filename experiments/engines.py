"""Choosing an engine for ``--engine``, ``--workers`` and ``--scheduler``: the local one or Dask.

:func:`make_engine` validates the three options (a clear error naming the option and what is allowed)
and returns an :class:`~experiments.engine.Engine`: runs in this process, a local process pool
(:mod:`experiments.engine`), or a Dask cluster (:mod:`experiments.dask_engine`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from experiments.design import ExperimentError
from experiments.engine import Engine, InProcessEngine, ProcessPoolEngine


#: Engines ``make_engine`` (``--engine``) knows.
ENGINES = ("local", "dask")


def make_engine(workers: int | None = None, engine: str = "local", scheduler: str | None = None,
                function: Callable | None = None) -> Engine:
    """The engine for ``--engine`` / ``--workers`` / ``--scheduler``.

    ``local``: 1 worker runs in this process, more use a process pool (``None``: the usable CPUs).
    ``dask``: :class:`experiments.dask_engine.DaskEngine` on the cluster at ``scheduler``, or on a
    local cluster of ``workers`` worker processes when no address is given. ``function``: what each
    spec is mapped through (default :func:`experiments.engine.execute`; a picklable top-level function).
    """
    if engine not in ENGINES:
        raise ExperimentError(f"--engine = {engine!r} not allowed (allowed: {', '.join(ENGINES)})")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ExperimentError(f"--workers = {workers!r} not allowed (allowed: an integer >= 1)")
    if engine == "dask":
        from experiments.dask_engine import DaskEngine
        if scheduler is not None:
            if workers is not None:
                raise ExperimentError(f"--workers = {workers} with --scheduler {scheduler}: not allowed (the "
                                      "cluster's workers run the tasks; leave out --workers)")
            return DaskEngine(scheduler=scheduler, function=function)
        return DaskEngine(workers=workers or default_workers(), function=function)
    if scheduler is not None:
        raise ExperimentError(f"--scheduler {scheduler}: not allowed with --engine local (allowed: with --engine dask)")
    workers = workers or default_workers()
    return InProcessEngine(function) if workers == 1 else ProcessPoolEngine(workers, function=function)


def default_workers() -> int:
    """Usable CPUs (the affinity mask where the platform has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


__all__ = ["ENGINES", "default_workers", "make_engine"]
