"""A durable run store: one directory per experiment, one Parquet file per finished run.

Layout of an experiment directory ``DIR``::

    DIR/manifest.json        the experiment: definition, parameters, seeds, versions, status of every run
    DIR/runs/run-000012.parquet
                             one finished run: a single row (run_id + every outcome by name)
    DIR/experiments.parquet  the assembled tables (written when the driver ends; derived,
    DIR/outcomes.parquet     always rebuilt from the run files)
    DIR/.lock                held (flock) by the driver writing to DIR

Durability. Every file is written to a temporary name in its final directory
(``.run-000012.parquet.<pid>.<random>.tmp``), flushed and fsynced, then renamed over the
final name with :func:`os.replace` (atomic on POSIX and Windows). A reader therefore sees
either no run file or a complete one; a temporary file left by a killed driver never
has a run file's name, is never read, and is removed when the experiment is resumed.
The run files are the truth: the manifest's per-run status is refreshed every few
seconds and when the driver ends, and a resume re-derives it by reading back every run
file and checking its run id, seed and the experiment's fingerprint (stored in the
file's Parquet metadata under ``carenet.run``). A damaged or foreign file counts as not
done and is overwritten by the rerun.

Resuming. :meth:`RunStore.open` compares the stored definition (scenarios, policies,
replicates, years, root seed, overrides, the full parameters of every scenario and the
versions of Python, carenet, Mesa and numpy) with the one given and refuses, naming each
difference, if they are not the same.

Tables. :meth:`RunStore.tables` assembles

* **experiments**: ``run_id, scenario, policy, replicate, seed, years, overrides, status``
  (every run of the definition; ``overrides`` is JSON text; ``years`` in simulated years;
  ``status`` is ``done``, ``failed`` or ``pending``);
* **outcomes**: ``run_id`` and every outcome by name (units as in :mod:`sim.outcomes`),
  one row per finished run;

both sorted by run id, so the same definition gives the same tables (byte-identical
values) whatever the number of workers or interruptions.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from experiments.design import STORE_FORMAT, Experiment, ExperimentError, RunSpec, record_differences
from experiments.engine import RunResult

MANIFEST = "manifest.json"
RUNS_DIR = "runs"
EXPERIMENTS_FILE = "experiments.parquet"
OUTCOMES_FILE = "outcomes.parquet"
LOCK_FILE = ".lock"
#: Parquet schema metadata key of a run file: JSON with run_id, seed, fingerprint, seconds, worker.
RUN_META_KEY = b"carenet.run"
#: Seconds between manifest refreshes while runs come in.
MANIFEST_INTERVAL = 2.0


# --------------------------------------------------------------------------- atomic files

def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # not possible on some platforms (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """The temporary name ``path`` is written under before the rename (never matches a run file)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: temporary file, flush, fsync, :func:`os.replace`, fsync the directory."""
    tmp = temp_name(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


#: Parquet options of a one-row run file: no statistics, compression or dictionaries (they only add
#: bytes to a single row; a run file is ~20 KB instead of ~30 KB).
RUN_FILE_OPTIONS = {"write_statistics": False, "compression": "none", "use_dictionary": False,
                    "write_page_index": False}


def parquet_bytes(table: pa.Table, **options) -> bytes:
    """A table serialized as one Parquet file (deterministic for equal tables); ``options`` go to
    :func:`pyarrow.parquet.write_table`."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **options)
    return sink.getvalue().to_pybytes()


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
        (root / RUNS_DIR).mkdir(parents=True, exist_ok=True)
        spec_by_id = {s.run_id: s for s in experiment.specs}
        manifest = {
            "format": STORE_FORMAT,
            "kind": "carenet compare",
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
            "runs": [{"run_id": s.run_id, "scenario": s.scenario, "policy": s.policy, "replicate": s.replicate,
                      "seed": s.seed, "status": "pending"} for s in (spec_by_id[i] for i in sorted(spec_by_id))],
        }
        store = cls(root, manifest, experiment)
        store.save_manifest(force=True)
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
        if manifest.get("format") != STORE_FORMAT or "record" not in manifest:
            raise ExperimentError(f"--resume: {path} has store format {manifest.get('format')!r} "
                                  f"(allowed: format {STORE_FORMAT}, written by carenet compare)")
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
        fh = open(self.root / LOCK_FILE, "a+")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ExperimentError(f"--out {self.root}: another carenet compare is writing to this "
                                      "directory; wait for it to end") from None
            yield
        finally:
            fh.close()

    # ---------------------------------------------------------------- run files
    def run_path(self, run_id: int) -> Path:
        """The file of run ``run_id``."""
        return self.root / RUNS_DIR / f"run-{int(run_id):06d}.parquet"

    def write_run(self, spec: RunSpec, result: RunResult) -> Path:
        """Write a finished run's outcomes atomically and mark it done."""
        if not result.ok or result.outcomes is None:
            raise ValueError(f"run {spec.run_id} failed; use mark_failed")
        if result.run_id != spec.run_id:
            raise ValueError(f"result of run {result.run_id} given for run {spec.run_id}")
        names = list(result.outcomes)
        if "run_id" in names:
            raise ValueError("an outcome is named 'run_id', which is the key column")
        columns = {"run_id": pa.array([spec.run_id], pa.int64())}
        for name in names:
            value = result.outcomes[name]
            kind = pa.int64() if isinstance(value, int) and not isinstance(value, bool) else pa.float64()
            columns[name] = pa.array([value], kind)
        meta = {"run_id": spec.run_id, "scenario": spec.scenario, "policy": spec.policy,
                "replicate": spec.replicate, "seed": spec.seed, "fingerprint": self.fingerprint,
                "seconds": round(result.seconds, 4), "worker": result.worker, "finished": _now()}
        table = pa.table(columns).replace_schema_metadata({RUN_META_KEY: json.dumps(meta).encode()})
        path = self.run_path(spec.run_id)
        atomic_write_bytes(path, parquet_bytes(table, **RUN_FILE_OPTIONS))
        self._set(spec.run_id, status="done", seconds=meta["seconds"], worker=result.worker, error=None)
        return path

    def mark_failed(self, spec: RunSpec, result: RunResult) -> None:
        """Record that a run raised (the traceback's last line is kept in the manifest)."""
        last = (result.error or "").strip().splitlines()[-1:] or ["unknown error"]
        self._set(spec.run_id, status="failed", seconds=round(result.seconds, 4), worker=result.worker,
                  error=last[0])

    def read_run(self, spec: RunSpec) -> tuple[pa.Table | None, str]:
        """Read back run ``spec`` and verify it: ``(table, "ok")``, or ``(None, reason)`` with reason
        ``missing``, ``damaged`` (not a readable Parquet file) or ``foreign`` (another run or experiment)."""
        path = self.run_path(spec.run_id)
        if not path.is_file():
            return None, "missing"
        try:
            table = pq.read_table(path)
            meta = json.loads((table.schema.metadata or {})[RUN_META_KEY])
        except Exception:  # noqa: BLE001 - any unreadable file is simply not a finished run
            return None, "damaged"
        if (table.num_rows != 1 or "run_id" not in table.column_names
                or table.column("run_id")[0].as_py() != spec.run_id or meta.get("run_id") != spec.run_id
                or meta.get("seed") != spec.seed or meta.get("fingerprint") != self.fingerprint):
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

    def scan(self) -> dict[str, list[int]]:
        """Verify every run file against the definition and set each run's status from it:
        ``{"ok": [...], "missing": [...], "damaged": [...], "foreign": [...]}`` (run ids)."""
        found: dict[str, list[int]] = {"ok": [], "missing": [], "damaged": [], "foreign": []}
        for spec in self.experiment.specs:
            table, reason = self.read_run(spec)
            found[reason].append(spec.run_id)
            entry = self._runs[spec.run_id]
            if table is not None and entry.get("status") != "done":
                meta = json.loads(pq.read_schema(self.run_path(spec.run_id)).metadata[RUN_META_KEY])
                self._set(spec.run_id, status="done", seconds=meta.get("seconds"), worker=meta.get("worker"),
                          error=None)
            elif table is None and entry.get("status") == "done":
                self._set(spec.run_id, status="pending")
        return found

    def status(self, run_id: int) -> str:
        return self._runs[int(run_id)]["status"]

    def _set(self, run_id: int, **fields) -> None:
        entry = self._runs[int(run_id)]
        for key, value in fields.items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
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
        atomic_write_bytes(self.root / MANIFEST, text.encode("utf-8"))
        self._saved_at, self._dirty = now, False

    # ---------------------------------------------------------------- tables
    def experiments_table(self) -> pa.Table:
        """Every run of the definition (see the module docstring), sorted by run id."""
        specs = sorted(self.experiment.specs, key=lambda s: s.run_id)
        overrides = json.dumps(self.experiment.definition.overrides, sort_keys=True)
        return pa.table({
            "run_id": pa.array([s.run_id for s in specs], pa.int64()),
            "scenario": pa.array([s.scenario for s in specs], pa.string()),
            "policy": pa.array([s.policy for s in specs], pa.string()),
            "replicate": pa.array([s.replicate for s in specs], pa.int64()),
            "seed": pa.array([s.seed for s in specs], pa.int64()),
            "years": pa.array([s.years for s in specs], pa.float64()),
            "overrides": pa.array([overrides] * len(specs), pa.string()),
            "status": pa.array([self.status(s.run_id) for s in specs], pa.string()),
        })

    def outcomes_table(self) -> pa.Table:
        """``run_id`` and every outcome of every finished run (verified read-back), sorted by run id."""
        tables = []
        for spec in sorted(self.experiment.specs, key=lambda s: s.run_id):
            if self.status(spec.run_id) != "done":
                continue
            table, reason = self.read_run(spec)
            if table is None:
                raise ExperimentError(f"run file {self.run_path(spec.run_id)} is {reason} after being written; "
                                      "rerun with --resume")
            tables.append(table)
        if not tables:
            return pa.table({"run_id": pa.array([], pa.int64())})
        return pa.concat_tables(tables, promote_options="default")

    def tables(self, write: bool = True):
        """The two tables as pandas DataFrames ``(experiments, outcomes)``; with ``write``, also
        written (atomically) to ``experiments.parquet`` and ``outcomes.parquet`` in the directory."""
        experiments, outcomes = self.experiments_table(), self.outcomes_table()
        if write:
            atomic_write_bytes(self.root / EXPERIMENTS_FILE, parquet_bytes(experiments))
            atomic_write_bytes(self.root / OUTCOMES_FILE, parquet_bytes(outcomes))
        return experiments.to_pandas(), outcomes.to_pandas()
