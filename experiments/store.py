"""A durable run store: one directory per experiment, one Parquet file per finished task.

A task is a run, or one municipality of a run of a scenario with several municipalities
(see :mod:`experiments.design`). Layout of an experiment directory ``DIR``::

    DIR/manifest.json        the experiment: definition (with design points), parameters, seeds,
                             versions, status of every run
    DIR/runs/run-000012.parquet
                             one finished task: a single row, run_id + the task's additive tallies
                             (:func:`sim.outcomes.tallies_from_records`) + ``weekly``, the task's
                             weekly sums (:func:`sim.outcomes.weekly_sums`; a struct of one list of
                             floats per sum, one value per observed week) + for a vignette's run
                             ``failures``, which of the seed's failures happened (a struct of one
                             bool per failure)
    DIR/runs/run-000012-m0042.parquet
                             municipality 42 of run 12, when the run is sharded
    DIR/experiments.parquet  the assembled tables (written when the driver ends; derived,
    DIR/outcomes.parquet     always rebuilt from the task files)
    DIR/series.parquet
    DIR/municipalities.parquet
                             per municipality outcomes (sharded runs only)
    DIR/failures.parquet     which of the seed's failures happened in each run (vignettes only)
    DIR/.lock                held (flock) by the driver writing to DIR

Durability. Every file is written to a temporary name in its final directory
(``.run-000012.parquet.<pid>.<random>.tmp``), flushed and fsynced, then renamed over the
final name with :func:`os.replace` (atomic on POSIX and Windows). A reader therefore sees
either no task file or a complete one; a temporary file left by a killed driver never
has a task file's name, is never read, and is removed when the experiment is resumed.
The task files are the truth: the manifest's per-run status is refreshed every few
seconds and when the driver ends, and a resume re-derives it by reading back every task
file and checking its run id, municipality, seed and the experiment's fingerprint (stored
in the file's Parquet metadata under ``carenet.run``). A damaged or foreign file counts as
not done and is overwritten by the rerun.

Resuming. :meth:`RunStore.open` compares the stored definition (scenarios, policies,
replicates, years, root seed, overrides, design points, the full parameters of every
scenario and the versions of Python, carenet, Mesa and numpy) with the one given and
refuses, naming each difference, if they are not the same.

Tables. :meth:`RunStore.tables` assembles

* **experiments**: ``run_id, scenario, point, policy, replicate, seed, years,
  municipalities, overrides``, one column per design parameter (its value at the run's
  point), ``status`` (every run of the definition; ``overrides`` is JSON text; ``years`` in
  simulated years; ``status`` is ``done``, ``failed`` or ``pending``);
* **outcomes**: ``run_id`` and every outcome by name (units as in :mod:`sim.outcomes`),
  one row per finished run, computed from the sum of its tasks' tallies;
* **series**: ``run_id, week`` (observed week, 0-based), the weekly sums of
  :data:`sim.outcomes.WEEKLY_SUMS` (a run's tasks added week by week, in shard order) and
  the weekly ratios of :data:`sim.outcomes.WEEKLY_RATIOS` made of them (the mean strain of
  active carers, the share of need hours unmet), one row per finished run and week (long
  format, for fan charts); runs whose task files keep no weekly sums are left out, and
  without any the file is not written;
* **municipalities** (sharded runs): ``run_id, municipality, n_clients`` and every outcome
  of the municipality alone;
* **failures** (vignettes): ``run_id, failure, happened``, one row per finished vignette run and failure of the
  vignette's ``[[failure]]`` tables (in file order): whether it happened in that run
  (:func:`sim.vignette.failures_happened`);

all sorted by run id, so the same definition gives the same tables (byte-identical
values) whatever the number of workers, the engine or interruptions. Every column carries
Arrow field metadata (``pyarrow.field(...).metadata``): ``description`` and, where it has
one, ``unit`` (outcomes: :data:`sim.outcomes.OUTCOMES`; design parameters: the provenance
table of :mod:`sim.provenance`; the series: :data:`sim.outcomes.WEEKLY_SUMS` and
:data:`sim.outcomes.WEEKLY_RATIOS`; the other columns: :data:`EXPERIMENT_COLUMNS`).
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.design import STORE_FORMAT, Experiment, ExperimentError, RunSpec, record_differences
from experiments.engine import RunResult
from experiments.files import atomic_write_bytes

MANIFEST = "manifest.json"
RUNS_DIR = "runs"
EXPERIMENTS_FILE = "experiments.parquet"
OUTCOMES_FILE = "outcomes.parquet"
SERIES_FILE = "series.parquet"
MUNICIPALITIES_FILE = "municipalities.parquet"
FAILURES_FILE = "failures.parquet"
LOCK_FILE = ".lock"
#: The column of a task file that holds its weekly sums (every other column but run_id and FAILURES_COLUMN is a
#: tally).
WEEKLY_COLUMN = "weekly"
#: The column of a vignette's task file that holds which of the seed's failures happened.
FAILURES_COLUMN = "failures"
#: Parquet schema metadata key of a run file: JSON with run_id, seed, fingerprint, seconds, worker.
RUN_META_KEY = b"carenet.run"
#: Seconds between manifest refreshes while runs come in.
MANIFEST_INTERVAL = 2.0


#: Unit ("" for none) and description of the experiments and municipalities tables' own columns, stored as
#: Arrow field metadata.
EXPERIMENT_COLUMNS = {
    "run_id": ("", "run id: the key joining experiments.parquet, outcomes.parquet, series.parquet and "
                   "municipalities.parquet"),
    "scenario": ("", "scenario: a built-in name or a scenario file"),
    "point": ("", "design point (0-based; 0 in a plain comparison): the design parameter columns hold its values"),
    "policy": ("", "policy: none, regiebehandelaar, integral_pgb, digital_plan or stepped"),
    "replicate": ("", "replicate (0-based): every scenario, point and policy of a replicate runs on its seed"),
    "seed": ("", "the run's seed, derived from the root seed and the replicate (numpy SeedSequence)"),
    "years": ("years", "simulated years"),
    "municipalities": ("municipalities", "municipalities of the scenario (1: one model; more: one task each)"),
    "overrides": ("", "the --set overrides of every run, as JSON text"),
    "status": ("", "done (stored), failed (the run raised) or pending (not run yet)"),
    "municipality": ("", "municipality (0-based, in the scenario's order)"),
    "n_clients": ("clients", "clients of the municipality"),
    "week": ("weeks", "observed week (0-based, after the warm-up)"),
    "failure": ("", "one of the seed's failures, by name (the vignette's [[failure]] tables, docs/vignettes.md)"),
    "happened": ("", "whether the failure happened in the run (read from its event log)"),
}


def field_metadata(unit: str, description: str) -> dict[str, str]:
    """Arrow field metadata: ``unit`` (left out when empty) and ``description``."""
    return {**({"unit": unit} if unit else {}), "description": description}


def _design_metadata(keys) -> dict[str, dict[str, str]]:
    """Field metadata of design parameter columns (dotted names) from the provenance table."""
    if not keys:
        return {}
    from sim.provenance import parameter_table
    table = parameter_table().set_index("name")
    out = {}
    for key in keys:
        if key in table.index:
            row = table.loc[key]
            out[key] = field_metadata(row["unit"] or "", f"design parameter {key}: {row['description']}")
    return out


def _with_metadata(table: pa.Table, metadata: dict[str, dict[str, str]]) -> pa.Table:
    """``table`` with field metadata on the columns named in ``metadata`` (values unchanged)."""
    fields = [f.with_metadata(metadata[f.name]) if f.name in metadata else f for f in table.schema]
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields))


#: Parquet options of a one-row run file: no statistics, compression or dictionaries (they only add
#: bytes to a single row; a run file is ~35 KB instead of ~50 KB, ~50 KB instead of ~70 KB with the
#: weekly sums of a 10-year run).
RUN_FILE_OPTIONS = {"write_statistics": False, "compression": "none", "use_dictionary": False,
                    "write_page_index": False}


def parquet_bytes(table: pa.Table, **options) -> bytes:
    """A table serialized as one Parquet file (deterministic for equal tables); ``options`` go to
    :func:`pyarrow.parquet.write_table`."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **options)
    return sink.getvalue().to_pybytes()


def _write(path: Path, data: bytes) -> None:
    """Write a store file atomically (:func:`~experiments.files.atomic_write_bytes`); an OSError (disk full,
    no permission) names the file meant, not its temporary name, so the driver can say which file failed."""
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


# --------------------------------------------------------------------------- the store

class RunStore:
    """An experiment directory (see the module docstring). Create with :meth:`create` or :meth:`open`."""

    def __init__(self, root: Path, manifest: dict[str, Any], experiment: Experiment):
        self.root = Path(root)
        self.manifest = manifest
        self.experiment = experiment
        self.fingerprint = manifest["fingerprint"]
        self._runs = {int(r["run_id"]): r for r in manifest["runs"]}
        self._tasks = {spec.task: {"status": "pending"} for spec in experiment.specs}
        self._saved_at = 0.0
        self._dirty = False

    # ---------------------------------------------------------------- opening
    @staticmethod
    def exists(root: str | Path) -> bool:
        """Whether ``root`` holds an experiment (a manifest)."""
        return (Path(root) / MANIFEST).is_file()

    @classmethod
    def create(cls, root: str | Path, experiment: Experiment, git: dict | None = None) -> "RunStore":
        """Start a new experiment in ``root`` (created if needed); refuses if ``root`` already holds one."""
        root = Path(root)
        if cls.exists(root):
            raise ExperimentError(f"--out {root}: already holds an experiment ({root / MANIFEST}); "
                                  "add --resume to continue it, or choose another --out")
        try:
            (root / RUNS_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExperimentError(f"--out {root}: cannot be made: {exc.strerror or exc} (allowed: a folder you "
                                  "may write to)") from None
        manifest = {
            "format": STORE_FORMAT,
            "kind": f"carenet {experiment.definition.kind}",
            "fingerprint": experiment.fingerprint(),
            "record": experiment.record(),
            "origins": experiment.origins,
            "seeds": experiment.seeds,
            "seed_rule": "seed(r) = SeedSequence(root_seed, spawn_key=(r,)).generate_state(1, uint64)[0] >> 1",
            "versions": experiment.versions,
            "git": git,
            "created": _now(),
            "updated": _now(),
            "counts": {},
            "runs": [{"run_id": s.run_id, "scenario": s.scenario, "point": s.point, "policy": s.policy,
                      "replicate": s.replicate, "seed": s.seed, "status": "pending",
                      **({"shards": s.shards} if s.shards > 1 else {})} for s in experiment.runs],
        }
        store = cls(root, manifest, experiment)
        try:
            store.save_manifest(force=True)
        except OSError as exc:
            raise ExperimentError(f"--out {root}: cannot write {exc.filename}: {exc.strerror or exc} (allowed: a "
                                  "folder you may write to, with free space)") from None
        return store

    @classmethod
    def open(cls, root: str | Path, experiment: Experiment) -> "RunStore":
        """Open the experiment in ``root`` to resume it; refuses (naming every difference) unless
        ``experiment`` has the same definition, parameters and result-relevant versions."""
        root = Path(root)
        path = root / MANIFEST
        if not path.is_file():
            raise ExperimentError(f"--resume: nothing to resume in {root} (no {MANIFEST}); "
                                  "leave out --resume to start the experiment there")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ExperimentError(f"--resume: {path} cannot be read ({exc})") from None
        stored_format = manifest.get("format")
        if stored_format != STORE_FORMAT or "record" not in manifest:
            hint = ""
            if isinstance(stored_format, int) and stored_format < STORE_FORMAT:
                hint = ("; an earlier carenet wrote it, whose runs keep other tallies and no weekly series: its "
                        "tables can still be read (carenet.load_results), and to continue, run the experiment "
                        "again into another --out")
            raise ExperimentError(f"--resume: {path} has store format {stored_format!r} "
                                  f"(allowed: format {STORE_FORMAT}, written by carenet compare){hint}")
        given = experiment.record()
        if manifest["fingerprint"] != experiment.fingerprint() or manifest["record"] != given:
            diffs = record_differences(manifest["record"], given)
            raise ExperimentError(f"--resume: the experiment in {root} has a different definition:\n"
                                  + "\n".join(f"  {d}" for d in diffs)
                                  + f"\nRun the stored definition to resume (see {path}), or choose another --out.")
        (root / RUNS_DIR).mkdir(parents=True, exist_ok=True)
        return cls(root, manifest, experiment)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold an exclusive lock on the directory (refuses if another driver holds it).

        Uses ``flock``, which the operating system releases when the holder dies (even by
        SIGKILL). Not available on Windows, where no lock is taken.
        """
        try:
            import fcntl
        except ImportError:  # Windows
            yield
            return
        try:
            fh = open(self.root / LOCK_FILE, "a+")
        except OSError as exc:
            raise ExperimentError(f"--out {self.root}: cannot write {self.root / LOCK_FILE}: {exc.strerror or exc} "
                                  "(allowed: a folder you may write to)") from None
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ExperimentError(f"--out {self.root}: another carenet compare is writing to this "
                                      "directory; wait for it to end") from None
            yield
        finally:
            fh.close()

    # ---------------------------------------------------------------- task files
    def run_path(self, run_id: int, shard: int = 0, shards: int = 1) -> Path:
        """The file of a task: ``run-000012.parquet``, or ``run-000012-m0042.parquet`` for
        municipality 42 of a sharded run."""
        suffix = f"-m{int(shard):04d}" if shards > 1 else ""
        return self.root / RUNS_DIR / f"run-{int(run_id):06d}{suffix}.parquet"

    def task_path(self, spec: RunSpec) -> Path:
        return self.run_path(spec.run_id, spec.shard, spec.shards)

    def write_run(self, spec: RunSpec, result: RunResult) -> Path:
        """Write a finished task's tallies, weekly sums and failures (if it has them) atomically and mark it done."""
        if not result.ok or result.tallies is None:
            raise ValueError(f"run {spec.run_id} failed; use mark_failed")
        if (result.run_id, result.shard) != spec.task:
            raise ValueError(f"result of task {(result.run_id, result.shard)} given for task {spec.task}")
        names = list(result.tallies)
        reserved = [name for name in names if name in ("run_id", WEEKLY_COLUMN, FAILURES_COLUMN)]
        if reserved:
            raise ValueError(f"a tally is named {reserved[0]!r} (not allowed: run_id, {WEEKLY_COLUMN} and "
                             f"{FAILURES_COLUMN} are the key, weekly and failures columns)")
        columns = {"run_id": pa.array([spec.run_id], pa.int64())}
        for name in names:
            value = result.tallies[name]
            kind = pa.int64() if isinstance(value, int) and not isinstance(value, bool) else pa.float64()
            columns[name] = pa.array([value], kind)
        if result.weekly is not None:
            columns[WEEKLY_COLUMN] = _weekly_column(result.weekly)
        if result.failures:
            columns[FAILURES_COLUMN] = pa.StructArray.from_arrays(
                [pa.array([bool(v)], pa.bool_()) for v in result.failures.values()], names=list(result.failures))
        meta = {"run_id": spec.run_id, "shard": spec.shard, "shards": spec.shards, "scenario": spec.scenario,
                "point": spec.point, "policy": spec.policy, "replicate": spec.replicate, "seed": spec.seed,
                "fingerprint": self.fingerprint, "seconds": round(result.seconds, 4), "worker": result.worker,
                "started": round(result.started, 4), "finished": _now()}
        table = pa.table(columns).replace_schema_metadata({RUN_META_KEY: json.dumps(meta).encode()})
        path = self.task_path(spec)
        _write(path, parquet_bytes(table, **RUN_FILE_OPTIONS))
        self._set_task(spec, "done", seconds=meta["seconds"], worker=result.worker, started=meta["started"])
        return path

    def mark_failed(self, spec: RunSpec, result: RunResult) -> None:
        """Record that a task raised (the traceback's last line is kept in the manifest)."""
        last = (result.error or "").strip().splitlines()[-1:] or ["unknown error"]
        self._set_task(spec, "failed", seconds=round(result.seconds, 4), worker=result.worker, error=last[0])

    def read_run(self, spec: RunSpec) -> tuple[pa.Table | None, str]:
        """Read back task ``spec`` and verify it: ``(table, "ok")``, or ``(None, reason)`` with reason
        ``missing``, ``damaged`` (not a readable Parquet file) or ``foreign`` (another task or experiment)."""
        path = self.task_path(spec)
        if not path.is_file():
            return None, "missing"
        try:
            table = pq.read_table(path)
            meta = json.loads((table.schema.metadata or {})[RUN_META_KEY])
        except Exception:  # noqa: BLE001 - any unreadable file is simply not a finished task
            return None, "damaged"
        if (table.num_rows != 1 or "run_id" not in table.column_names
                or table.column("run_id")[0].as_py() != spec.run_id or meta.get("run_id") != spec.run_id
                or meta.get("shard", 0) != spec.shard or meta.get("seed") != spec.seed
                or meta.get("fingerprint") != self.fingerprint):
            return None, "foreign"
        return table.replace_schema_metadata(None), "ok"

    def remove_temp_files(self) -> list[Path]:
        """Delete temporary files left by an interrupted writer (call with the lock held)."""
        removed = []
        for folder in (self.root, self.root / RUNS_DIR):
            for path in sorted(folder.glob(".*.tmp")):
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed

    def scan(self) -> dict[str, list[tuple[int, int]]]:
        """Verify every task file against the definition and set each task's status from it:
        ``{"ok": [...], "missing": [...], "damaged": [...], "foreign": [...]}`` (``(run_id, shard)`` keys)."""
        found: dict[str, list[tuple[int, int]]] = {"ok": [], "missing": [], "damaged": [], "foreign": []}
        for spec in self.experiment.specs:
            table, reason = self.read_run(spec)
            found[reason].append(spec.task)
            status = self._tasks[spec.task]["status"]
            if table is not None and status != "done":
                meta = json.loads(pq.read_schema(self.task_path(spec)).metadata[RUN_META_KEY])
                self._set_task(spec, "done", seconds=meta.get("seconds"), worker=meta.get("worker"),
                               started=meta.get("started"))
            elif table is None and status == "done":
                self._set_task(spec, "pending")
        return found

    def task_timings(self) -> list[dict]:
        """``run_id, shard, worker, started`` (epoch seconds) and ``seconds`` of every stored task, from the
        task files' metadata (for benchmarks: how busy each worker was)."""
        out = []
        for spec in self.experiment.specs:
            path = self.task_path(spec)
            if path.is_file():
                meta = json.loads(pq.read_schema(path).metadata[RUN_META_KEY])
                out.append({k: meta.get(k) for k in ("run_id", "shard", "worker", "started", "seconds")})
        return out

    def status(self, run_id: int) -> str:
        """A run's status: ``done`` (every task stored), ``failed`` (a task raised) or ``pending``."""
        return self._runs[int(run_id)]["status"]

    def _set_task(self, spec: RunSpec, status: str, **fields) -> None:
        task = self._tasks[spec.task]
        task.clear()
        task["status"] = status
        task.update({k: v for k, v in fields.items() if v is not None})
        tasks = [self._tasks[(spec.run_id, m)] for m in range(spec.shards)]
        statuses = [t["status"] for t in tasks]
        run_status = ("failed" if "failed" in statuses else "done" if all(s == "done" for s in statuses)
                      else "pending")
        entry = self._runs[spec.run_id]
        for key in ("seconds", "worker", "error", "shards_done", "started"):
            entry.pop(key, None)
        entry["status"] = run_status
        if spec.shards == 1:
            entry.update({k: v for k, v in task.items() if k != "status"})
        else:
            entry["shards_done"] = statuses.count("done")
            done_seconds = [t["seconds"] for t in tasks if t["status"] == "done" and "seconds" in t]
            if done_seconds:
                entry["seconds"] = round(sum(done_seconds), 4)
            errors = [f"municipality {m}: {t['error']}" for m, t in enumerate(tasks) if t.get("error")]
            if errors:
                entry["error"] = errors[0]
        self._dirty = True

    # ---------------------------------------------------------------- manifest
    def save_manifest(self, force: bool = False) -> None:
        """Write the manifest atomically if something changed and (unless ``force``) at least
        :data:`MANIFEST_INTERVAL` seconds passed since the last write."""
        now = time.monotonic()
        if not force and (not self._dirty or now - self._saved_at < MANIFEST_INTERVAL):
            return
        counts = {"done": 0, "failed": 0, "pending": 0}
        for entry in self.manifest["runs"]:
            counts[entry["status"]] = counts.get(entry["status"], 0) + 1
        self.manifest["counts"] = counts
        self.manifest["updated"] = _now()
        text = json.dumps(self.manifest, indent=1, allow_nan=False) + "\n"
        _write(self.root / MANIFEST, text.encode("utf-8"))
        self._saved_at, self._dirty = now, False

    # ---------------------------------------------------------------- tables
    def experiments_table(self) -> pa.Table:
        """Every run of the definition (see the module docstring), sorted by run id."""
        runs = self.experiment.runs
        d = self.experiment.definition
        overrides = json.dumps(d.overrides, sort_keys=True)
        columns = {
            "run_id": pa.array([s.run_id for s in runs], pa.int64()),
            "scenario": pa.array([s.scenario for s in runs], pa.string()),
            "point": pa.array([s.point for s in runs], pa.int64()),
            "policy": pa.array([s.policy for s in runs], pa.string()),
            "replicate": pa.array([s.replicate for s in runs], pa.int64()),
            "seed": pa.array([s.seed for s in runs], pa.int64()),
            "years": pa.array([s.years for s in runs], pa.float64()),
            "municipalities": pa.array([s.shards for s in runs], pa.int64()),
            "overrides": pa.array([overrides] * len(runs), pa.string()),
        }
        keys = list(dict.fromkeys(k for p in d.points for k in p))
        for key in keys:  # one column per design parameter, its value at the run's point
            values = [d.points[s.point].get(key) for s in runs]
            columns[key] = pa.array(values)
        columns["status"] = pa.array([self.status(s.run_id) for s in runs], pa.string())
        metadata = {name: field_metadata(*EXPERIMENT_COLUMNS[name]) for name in columns if name in EXPERIMENT_COLUMNS}
        return _with_metadata(pa.table(columns), {**metadata, **_design_metadata(keys)})

    def run_records(self) -> dict[int, list[TaskRecord]]:
        """Run id -> the records of its tasks by shard (verified read-back), for the finished runs."""
        out: dict[int, list[TaskRecord]] = {}
        for run_id, tasks in sorted(self.experiment.tasks_of().items()):
            if self.status(run_id) != "done":
                continue
            rows = []
            for spec in tasks:
                table, reason = self.read_run(spec)
                if table is None:
                    raise ExperimentError(f"run file {self.task_path(spec)} is {reason} after being written; "
                                          "rerun with --resume")
                weekly = failures = None
                if WEEKLY_COLUMN in table.column_names:
                    weekly = {k: np.asarray(v, np.float64) for k, v in table.column(WEEKLY_COLUMN)[0].as_py().items()}
                    table = table.drop_columns([WEEKLY_COLUMN])
                if FAILURES_COLUMN in table.column_names:
                    failures = dict(table.column(FAILURES_COLUMN)[0].as_py())
                    table = table.drop_columns([FAILURES_COLUMN])
                rows.append(TaskRecord({k: v[0] for k, v in table.drop_columns(["run_id"]).to_pydict().items()},
                                       weekly, failures))
            out[run_id] = rows
        return out

    def outcomes_table(self, records: dict[int, list[TaskRecord]] | None = None) -> pa.Table:
        """``run_id`` and every outcome of every finished run, sorted by run id: the outcomes of the
        sum of the run's task tallies (summed in shard order, so the values do not depend on which
        worker ran what)."""
        from sim.outcomes import outcomes_from_tallies, sum_tallies
        records = self.run_records() if records is None else records
        rows = [(run_id, outcomes_from_tallies(sum_tallies(t.tallies for t in tasks)))
                for run_id, tasks in records.items()]
        return _rows_table(rows)

    def series_table(self, records: dict[int, list[TaskRecord]] | None = None) -> pa.Table | None:
        """``run_id, week``, the weekly sums and the weekly ratios of every finished run that keeps weekly sums
        (see the module docstring), sorted by run id and week; None when no run keeps them. A run's tasks are
        added week by week in shard order."""
        from sim.outcomes import WEEKLY_RATIOS, WEEKLY_SUMS, weekly_ratios
        records = self.run_records() if records is None else records
        parts = []
        for run_id, tasks in records.items():
            if any(t.weekly is None for t in tasks):
                continue
            sums = _add_weekly(run_id, [t.weekly for t in tasks])
            weeks = len(next(iter(sums.values()), ()))
            parts.append({"run_id": np.full(weeks, run_id, np.int64), "week": np.arange(weeks, dtype=np.int64),
                          **sums, **weekly_ratios(sums)})
        if not parts:
            return None
        columns = {name: pa.array(np.concatenate([p[name] for p in parts])) for name in parts[0]}
        metadata = {name: field_metadata(*EXPERIMENT_COLUMNS[name]) for name in ("run_id", "week")}
        metadata.update({name: field_metadata(unit, text) for name, (unit, text) in WEEKLY_SUMS.items()})
        metadata.update({name: field_metadata(unit, text) for name, (_, _, unit, text) in WEEKLY_RATIOS.items()})
        return _with_metadata(pa.table(columns), metadata)

    def municipalities_table(self, records: dict[int, list[TaskRecord]] | None = None) -> pa.Table | None:
        """For sharded runs: ``run_id, municipality, n_clients`` and every outcome of each municipality
        alone (None when no run is sharded)."""
        from sim.outcomes import outcomes_from_tallies
        if all(s.shards == 1 for s in self.experiment.specs):
            return None
        records = self.run_records() if records is None else records
        tasks = self.experiment.tasks_of()
        rows, keys = [], []
        for run_id, stored in records.items():
            for spec, t in zip(tasks[run_id], stored):
                rows.append((run_id, outcomes_from_tallies(t.tallies)))
                keys.append((spec.shard, dict(spec.changes)["population.n_clients"]))
        table = _rows_table(rows)
        for i, name in ((1, "municipality"), (2, "n_clients")):
            table = table.add_column(i, pa.field(name, pa.int64(), metadata=field_metadata(*EXPERIMENT_COLUMNS[name])),
                                     pa.array([k[i - 1] for k in keys], pa.int64()))
        return table

    def failures_table(self, records: dict[int, list[TaskRecord]] | None = None) -> pa.Table | None:
        """``run_id, failure, happened`` of every finished vignette run (see the module docstring), sorted by run id
        and then in the order of the vignette's failures; None when no run keeps failures."""
        records = self.run_records() if records is None else records
        rows = [(run_id, name, bool(happened)) for run_id, tasks in records.items()
                for name, happened in (tasks[0].failures or {}).items()]
        if not rows:
            return None
        run_ids, names, happened = zip(*rows)
        table = pa.table({"run_id": pa.array(run_ids, pa.int64()), "failure": pa.array(names, pa.string()),
                          "happened": pa.array(happened, pa.bool_())})
        return _with_metadata(table, {name: field_metadata(*EXPERIMENT_COLUMNS[name]) for name in table.column_names})

    def tables(self, write: bool = True):
        """The two tables as pandas DataFrames ``(experiments, outcomes)``; with ``write``, also
        written (atomically) to ``experiments.parquet`` and ``outcomes.parquet`` in the directory,
        with ``series.parquet`` (when a run keeps weekly sums), ``municipalities.parquet`` (when
        runs are sharded) and ``failures.parquet`` (when runs keep the seed's failures)."""
        records = self.run_records()
        experiments, outcomes = self.experiments_table(), self.outcomes_table(records)
        if write:
            _write(self.root / EXPERIMENTS_FILE, parquet_bytes(experiments))
            _write(self.root / OUTCOMES_FILE, parquet_bytes(outcomes))
            for name, table in ((SERIES_FILE, self.series_table(records)),
                                (MUNICIPALITIES_FILE, self.municipalities_table(records)),
                                (FAILURES_FILE, self.failures_table(records))):
                if table is not None:
                    _write(self.root / name, parquet_bytes(table))
        return experiments.to_pandas(), outcomes.to_pandas()


class TaskRecord(NamedTuple):
    """A finished task as stored: its tallies by name, its weekly sums (name -> float64 array over the
    observed weeks; None in a task file without them) and, for a vignette, which of the seed's failures happened
    (name -> bool; None in a scenario's task file)."""

    tallies: dict
    weekly: dict[str, np.ndarray] | None
    failures: dict[str, bool] | None = None


def _weekly_column(weekly: dict) -> pa.Array:
    """A task's weekly sums as the one-row struct column of its file: one list of float64 per sum."""
    values = {name: np.asarray(v, np.float64) for name, v in weekly.items()}
    if len({v.shape for v in values.values()}) > 1 or any(v.ndim != 1 for v in values.values()):
        raise ValueError("weekly sums of different lengths: " + ", ".join(f"{k}: {v.shape}" for k, v in values.items())
                         + " (allowed: one value per observed week for every sum)")
    return pa.StructArray.from_arrays([pa.array([v], pa.list_(pa.float64())) for v in values.values()],
                                      names=list(values))


def _add_weekly(run_id: int, parts: list[dict]) -> dict[str, np.ndarray]:
    """The weekly sums of a run's tasks added week by week, in the order given (shard order)."""
    total = {name: values.copy() for name, values in parts[0].items()}
    for shard, part in enumerate(parts[1:], start=1):
        if part.keys() != total.keys() or any(part[k].shape != total[k].shape for k in total):
            raise ExperimentError(f"run {run_id}: the weekly sums of municipality {shard} do not match those of "
                                  "municipality 0 (allowed: the same sums over the same weeks); rerun the run")
        for name in total:
            total[name] += part[name]
    return total


def _rows_table(rows: list[tuple[int, dict]]) -> pa.Table:
    """``[(run_id, {name: value})]`` as a table: ``run_id`` then one column per name (int64 where every
    value is an int, else float64), each outcome column with its unit and description as field metadata."""
    from sim.outcomes import OUTCOMES
    columns = {"run_id": pa.array([r for r, _ in rows], pa.int64())}
    names = list(dict.fromkeys(name for _, values in rows for name in values))
    for name in names:
        values = [v.get(name, float("nan")) for _, v in rows]
        ints = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        columns[name] = pa.array(values, pa.int64() if ints else pa.float64())
    metadata = {name: OUTCOMES[name].metadata() for name in names if name in OUTCOMES}
    return _with_metadata(pa.table(columns), {"run_id": field_metadata(*EXPERIMENT_COLUMNS["run_id"]), **metadata})
