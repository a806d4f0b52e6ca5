"""Compare policies on common random numbers: the driver behind ``carenet compare``.

::

    from experiments.compare import run_experiment
    from experiments.design import define

    exp = define(["default"], "none,regiebehandelaar,stepped", replicates=10, years=2,
                 root_seed=0, overrides={"n_clients": 500})
    result = run_experiment(exp, "runs/cmp", workers=4)       # or resume=True after an interruption
    result.outcomes                                          # run_id + every outcome, sorted by run_id
    print(result.console_table())                            # means, intervals, paired differences

The driver validates the whole experiment before any run (:func:`experiments.design.define`),
opens or creates the run store (:mod:`experiments.store`), holds its lock, removes
leftover temporary files, verifies the runs already stored (on ``resume``), hands the
rest to an engine (:mod:`experiments.engine`) and writes each run file as its result
comes in, so a killed driver loses no finished run. It then assembles the two tables
from the store (sorted by run id: independent of the number of workers) and summarizes
the headline outcomes (:mod:`analysis.ensemble`). For a teaching vignette it also reads which
of the seed's failures happened in each run and counts them per policy (:mod:`analysis.failures`,
:meth:`CompareResult.failure_table`).

Units: ``seconds`` are wall-clock seconds; outcomes keep the units of :mod:`sim.outcomes`.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.results import FAILURE_SHARES_CSV, FAILURE_SHARES_FILE, INDICES_CSV, INDICES_FILE
from experiments.design import Experiment
from experiments.engine import Engine, EngineLost
from experiments.engines import make_engine
from experiments.environment import git_state
from experiments.store import FAILURES_FILE, RunStore



class ExperimentInterrupted(RuntimeError):
    """The driver stopped before every run finished (a worker died, or it was interrupted);
    the finished runs are stored and ``resume=True`` (``--resume``) continues."""


@dataclass
class CompareResult:
    """What :func:`run_experiment` did and the tables it assembled.

    Attributes:
        experiment: the validated :class:`~experiments.design.Experiment`.
        store: its :class:`~experiments.store.RunStore`.
        experiments: the experiments table (every run of the definition, with its status).
        outcomes: the outcomes table (run_id + every outcome, finished runs), sorted by run_id.
        ran: tasks (runs, or municipalities of sharded runs) executed by this call (successful or not).
        skipped: tasks already stored and verified before this call.
        failed: run ids whose run raised (their tracebacks are in ``errors``).
        errors: run id -> traceback text of the failed runs.
        removed_temp: leftover temporary files removed before running.
        rejected: run ids whose stored file was damaged or foreign (rerun).
        seconds: wall time of this call in seconds.
        workers: number of runs executed at once.
        failures: for vignettes, the failures table (``run_id, failure, happened`` of every finished vignette run,
            :meth:`~experiments.store.RunStore.failures_table`); None when no run keeps failures.
    """

    experiment: Experiment
    store: RunStore
    experiments: pd.DataFrame
    outcomes: pd.DataFrame
    ran: int
    skipped: int
    failed: list[int]
    errors: dict[int, str] = field(default_factory=dict)
    removed_temp: list[Path] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    failures: pd.DataFrame | None = None

    @property
    def complete(self) -> bool:
        """Every run of the definition is stored."""
        return len(self.outcomes) == self.experiment.n_runs

    def summary(self, names=None, baseline: str = "none", level: float = 0.95) -> pd.DataFrame:
        """Means, t-intervals and paired differences (see :func:`analysis.ensemble.summarize`);
        ``names`` defaults to the headline outcomes :data:`sim.outcomes.HEADLINE`."""
        from analysis.ensemble import summarize
        from sim.outcomes import HEADLINE
        return summarize(self.experiments, self.outcomes, names or HEADLINE, baseline, level)

    def console_table(self, names=None, baseline: str = "none", level: float = 0.95) -> str:
        """The console table of ``carenet compare`` (see :func:`analysis.ensemble.format_summary`); ``names``
        defaults to the headline outcomes and what each policy costs (:data:`sim.outcomes.COSTS`)."""
        from analysis.ensemble import format_summary
        from sim.outcomes import COSTS, DESCRIPTIONS, HEADLINE, OUTCOMES
        names = tuple(names or (*HEADLINE, *COSTS))
        headers = {name: self._header(name) for name in self.experiment.params}
        return format_summary(self.summary(names, baseline, level), baseline, DESCRIPTIONS, headers, level,
                              units={name: o.unit for name, o in OUTCOMES.items()})

    def _header(self, name: str) -> str:
        """The line above a scenario's block: scenario or vignette, file, clients, years, replicates, seeds."""
        d = self.experiment.definition
        years = next(s.years for s in self.experiment.specs if s.scenario == name)
        n = self.experiment.n_clients(name)
        kind = "Vignette" if name in self.experiment.vignettes else "Scenario"
        return (f"{kind} {name} ({self.experiment.origins[name]}): {n:,} client{'s' if n != 1 else ''}, "
                f"{years:g} years, {d.replicates} replicate(s) per policy, seeds from root seed {d.root_seed}"
                + (f", overrides {d.overrides}" if d.overrides else ""))

    def failure_shares(self, baseline: str | None = None, level: float = 0.95) -> pd.DataFrame:
        """Per vignette, failure and policy: in how many replicates the seed's failure happened, and the paired
        difference to ``baseline`` (default: ``none`` if it was run, else the first policy); see
        :func:`analysis.failures.failure_shares`. Empty when no run keeps failures."""
        from analysis.failures import FAILURE_SHARE_COLUMNS, failure_shares
        if self.failures is None:
            return pd.DataFrame(columns=list(FAILURE_SHARE_COLUMNS))
        return failure_shares(self.experiments, self.failures, self.experiment.failure_descriptions(),
                              self._failure_baseline(baseline), level)

    def _failure_baseline(self, baseline: str | None) -> str:
        policies = self.experiment.definition.policies
        return baseline or ("none" if "none" in policies else policies[0])

    def failure_table(self, baseline: str | None = None, level: float = 0.95) -> str:
        """Write ``failure_shares.parquet`` and ``failure_shares.csv`` (:meth:`failure_shares`) into the experiment
        directory and return the console table of the seed's failures (:func:`analysis.failures.
        format_failure_shares`), with where the files are; empty text when no run keeps failures."""
        from analysis.failures import format_failure_shares
        from experiments.files import atomic_write_bytes
        from experiments.store import parquet_bytes
        import pyarrow as pa
        if self.failures is None:
            return ""
        table = self.failure_shares(baseline, level)
        atomic_write_bytes(self.store.root / FAILURE_SHARES_FILE,
                           parquet_bytes(pa.Table.from_pandas(table, preserve_index=False)))
        atomic_write_bytes(self.store.root / FAILURE_SHARES_CSV, table.to_csv(index=False).encode())
        d = self.experiment.definition
        headers = {name: f"Vignette {name}: the seed's failures, in how many of the {d.replicates} replicates each "
                         "happened under each policy" for name in self.experiment.vignettes}
        text = format_failure_shares(table, self._failure_baseline(baseline), headers, level)
        return (text + f"\nFailure shares: {self.store.root / FAILURE_SHARES_FILE} and "
                f"{self.store.root / FAILURE_SHARES_CSV} (per run: {self.store.root / FAILURES_FILE})")


    def sweep_table(self, names=None, baseline: str = "none", level: float = 0.95) -> str:
        """The console table of ``carenet sweep``: per scenario and outcome, one line per design point with
        each policy's mean and interval and the paired difference to ``baseline``."""
        from analysis.ensemble import format_sweep, summarize
        from sim.outcomes import DESCRIPTIONS, HEADLINE, OUTCOMES
        from experiments.sweep import describe_point
        summary = summarize(self.experiments, self.outcomes, names or HEADLINE, baseline, level,
                            by=("scenario", "point"))
        labels = {i: describe_point(p) for i, p in enumerate(self.experiment.definition.points)}
        return format_sweep(summary, labels, baseline, DESCRIPTIONS, level,
                            units={name: o.unit for name, o in OUTCOMES.items()})

    def sensitivity_report(self, top: int = 8) -> str:
        """Compute the sensitivity indices, write ``indices.parquet`` and ``indices.csv`` and return the
        console summary (see :mod:`experiments.sensitivity`)."""
        from experiments.sensitivity import analyze, format_indices
        from experiments.files import atomic_write_bytes
        from experiments.store import parquet_bytes
        import pyarrow as pa
        d = self.experiment.definition
        table, notes = analyze(self.experiments, self.outcomes, d.design, d.design.get("outcomes"), seed=d.root_seed)
        atomic_write_bytes(self.store.root / INDICES_FILE,
                           parquet_bytes(pa.Table.from_pandas(table, preserve_index=False)))
        atomic_write_bytes(self.store.root / INDICES_CSV, table.to_csv(index=False).encode())
        text = format_indices(table, top)
        text += "".join(f"\nNote: {n}." for n in notes)
        return text + f"\nIndices: {self.store.root / INDICES_FILE} and {self.store.root / INDICES_CSV}"


def run_experiment(experiment: Experiment, out: str | Path, workers: int = 1, resume: bool = False,
                   engine: Engine | None = None, progress: bool = False, stop_after: int | None = None,
                   log: Callable[[str], None] | None = None) -> CompareResult:
    """Run (or, with ``resume``, continue) ``experiment`` into the store at ``out``.

    Args:
        experiment: from :func:`experiments.design.define` (already validated).
        out: the experiment directory (created if needed; must not hold another experiment
            unless ``resume``).
        workers: runs at once; 1 runs in this process (ignored when ``engine`` is given).
        resume: continue the experiment stored in ``out`` (refused, naming the differences,
            if its definition is not ``experiment``'s).
        engine: an :class:`~experiments.engine.Engine` to use instead of the local one; it is
            closed at the end.
        progress: show a tqdm progress bar on stderr (runs done, rate, time left).
        stop_after: stop after this many tasks of this call (runs, or municipalities of sharded
            runs; the rest stays pending for a resume), e.g. for a time-limited job; ``None`` runs all.
        log: where to report what happens (one line per call); default: nowhere.

    Raises:
        ExperimentError: the store cannot be created or resumed (message says why).
        ExperimentInterrupted: a worker process died, the driver was interrupted (Ctrl-C) or a store file
            could not be written (disk full, no permission); every finished run is stored.
    """
    from tqdm import tqdm

    started = time.perf_counter()
    say = log or (lambda text: None)
    out = Path(out)
    engine = engine or make_engine(workers)  # validates --workers before the store is made; starts no process
    try:
        store = RunStore.open(out, experiment) if resume else RunStore.create(out, experiment, git_state())
    except BaseException:
        engine.close()
        raise
    with store.lock():
        removed = store.remove_temp_files()
        found = store.scan()
        done = set(found["ok"])
        rejected = sorted({run_id for run_id, _ in found["damaged"] + found["foreign"]})
        todo = [s for s in experiment.submission_order() if s.task not in done]
        if stop_after is not None:
            todo = todo[:max(0, int(stop_after))]
        sharded = len(experiment.specs) > experiment.n_runs
        unit = "task" if sharded else "run"
        if resume:
            runs_done = sum(1 for s in experiment.runs if store.status(s.run_id) == "done")
            say(f"resuming {out}: {runs_done} of {experiment.n_runs} runs already stored and verified"
                + (f" ({len(done)} of {len(experiment.specs)} municipality tasks)" if sharded else "")
                + f", {len(todo)} {unit}s to run"
                + (f"; {len(removed)} leftover temporary file(s) removed" if removed else "")
                + (f"; {len(rejected)} run(s) with a damaged or foreign file to redo" if rejected else ""))
        try:
            store.save_manifest(force=True)
        except OSError as exc:
            raise _write_failed(store, out, exc) from None
        failed: dict[int, str] = {}
        ran = 0
        bar = tqdm(total=len(experiment.specs), initial=len(done), unit=unit, desc=f"{unit}s", file=sys.stderr,
                   disable=not progress, dynamic_ncols=True, smoothing=0.05)
        try:
            with engine:
                for spec, result in engine.map(todo):
                    if result.ok:
                        store.write_run(spec, result)
                    else:
                        store.mark_failed(spec, result)
                        failed.setdefault(spec.run_id, result.error or "")
                    ran += 1
                    bar.update(1)
                    store.save_manifest()
        except EngineLost as exc:
            store.save_manifest(force=True)
            raise ExperimentInterrupted(f"{exc}; {_stored(store)} are stored in {out}; continue with --resume") from None
        except KeyboardInterrupt:
            store.save_manifest(force=True)
            raise ExperimentInterrupted(f"interrupted; {_stored(store)} are stored in {out}; "
                                        "continue with --resume") from None
        except OSError as exc:  # disk full, folder made read-only: the runs stored so far stay good
            raise _write_failed(store, out, exc) from None
        finally:
            bar.close()
        try:
            store.save_manifest(force=True)
            experiments, outcomes = store.tables(write=True)
            failures = store.failures_table() if experiment.vignettes else None
        except OSError as exc:
            raise _write_failed(store, out, exc) from None
    return CompareResult(experiment=experiment, store=store, experiments=experiments, outcomes=outcomes, ran=ran,
                         skipped=len(done), failed=sorted(failed), errors=failed, removed_temp=removed,
                         rejected=rejected, seconds=time.perf_counter() - started, workers=engine.workers,
                         failures=None if failures is None else failures.to_pandas())


def _write_failed(store: RunStore, out: Path, exc: OSError) -> ExperimentInterrupted:
    """The interruption to raise when a store file cannot be written: names the file, the OS's reason and how
    many runs are stored, and says how to continue."""
    try:
        store.save_manifest(force=True)  # best effort: the run files are the truth, a resume re-reads them
    except OSError:
        pass
    return ExperimentInterrupted(f"cannot write {exc.filename or out}: {exc.strerror or exc}; {_stored(store)} "
                                 f"are stored in {out}; free space or fix permissions and continue with --resume")


def _stored(store: RunStore) -> str:
    n = sum(1 for s in store.experiment.runs if store.status(s.run_id) == "done")
    return f"{n} of {store.experiment.n_runs} runs"
