"""Reading an experiment's results as one table: :func:`load_results`.

::

    import carenet
    df = carenet.load_results("runs/cmp")        # one row per finished run
    df.groupby("policy")["carer_burnout_per_carer_year"].mean()
    seaborn.pointplot(df, x="policy", y="unanswered_complaint_share")
    df.attrs["units"]["cost_payers_per_client_year"]   # 'EUR per client-year'

A results folder is what ``carenet compare``, ``sweep`` and ``sensitivity`` write with ``--out DIR``
(see :mod:`experiments.store`): ``experiments.parquet`` (every run of the definition: run_id, scenario,
point, policy, replicate, seed, years, municipalities, overrides, one column per design parameter,
status) and ``outcomes.parquet`` (run_id and every outcome of each finished run). :func:`load_results`
joins the two on ``run_id``.

Units are those of :data:`sim.outcomes.OUTCOMES` (``docs/outcomes.md``); the tables carry them as Arrow
field metadata, and :func:`load_results` puts them in ``DataFrame.attrs``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: The two tables of a results folder (the names :mod:`experiments.store` writes).
EXPERIMENTS_FILE = "experiments.parquet"
OUTCOMES_FILE = "outcomes.parquet"
#: The sensitivity indices a ``carenet sensitivity`` folder holds beside them (columns
#: ``experiments.sensitivity.INDEX_COLUMNS``), and their CSV copy.
INDICES_FILE = "indices.parquet"
INDICES_CSV = "indices.csv"
#: Columns the experiments table must have (the design parameter columns vary).
REQUIRED_EXPERIMENT_COLUMNS = ("run_id", "scenario", "point", "policy", "replicate", "seed")


class ResultsError(ValueError):
    """``load_results`` was given something that is not a readable results folder; the message says why."""


def _what_is_there(folder: Path) -> str:
    if (folder / "manifest.json").is_file():
        return (" It holds an experiment (manifest.json) whose tables were not written: the run was interrupted "
                "before it ended; continue it with the same command and --resume.")
    if (folder / "outcomes.json").is_file():
        return (" It looks like the folder of one run (carenet run: outcomes.json); read that file with json, "
                "or run carenet compare for a table of runs.")
    return ""


def _read(folder: Path, name: str):
    """One table as ``(DataFrame, {column: field metadata})``."""
    import pyarrow.parquet as pq
    path = folder / name
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file: say which and why
        raise ResultsError(f"{path}: cannot be read as a Parquet table ({exc})") from None
    meta = {f.name: {k.decode(): v.decode() for k, v in (f.metadata or {}).items()} for f in table.schema}
    return table.to_pandas(), meta


def load_results(folder: str | Path) -> pd.DataFrame:
    """The results of an experiment folder as one DataFrame: one row per finished run (sorted by run id),
    with the columns of ``experiments.parquet`` (run_id, scenario, point, policy, replicate, seed, years,
    municipalities, overrides, the design parameters, status) followed by every outcome of
    ``outcomes.parquet``.

    ``attrs["units"]`` and ``attrs["descriptions"]`` map each column to its unit and description, where the
    tables give one.

    Raises:
        ResultsError: ``folder`` does not exist, is not a results folder (the message names the folder and
            the missing table), or a table cannot be read or lacks its key columns.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: no such folder (allowed: a results folder, the --out DIR of carenet "
                           "compare, sweep or sensitivity)")
    missing = [name for name in (EXPERIMENTS_FILE, OUTCOMES_FILE) if not (folder / name).is_file()]
    if missing:
        raise ResultsError(f"{folder}: not a results folder: {' and '.join(missing)} missing (a results folder "
                           f"holds {EXPERIMENTS_FILE} and {OUTCOMES_FILE}, written by carenet compare, sweep or "
                           "sensitivity with --out DIR)." + _what_is_there(folder))
    experiments, experiment_meta = _read(folder, EXPERIMENTS_FILE)
    outcomes, outcome_meta = _read(folder, OUTCOMES_FILE)
    lacking = [c for c in REQUIRED_EXPERIMENT_COLUMNS if c not in experiments.columns]
    if lacking:
        raise ResultsError(f"{folder / EXPERIMENTS_FILE}: column(s) {', '.join(lacking)} missing (allowed: the "
                           "experiments table carenet compare writes)")
    if "run_id" not in outcomes.columns:
        raise ResultsError(f"{folder / OUTCOMES_FILE}: column run_id missing (allowed: the outcomes table carenet "
                           "compare writes)")
    shared = sorted((set(experiments.columns) & set(outcomes.columns)) - {"run_id"})
    if shared:
        raise ResultsError(f"{folder}: column(s) {', '.join(shared)} in both {EXPERIMENTS_FILE} and "
                           f"{OUTCOMES_FILE} (allowed: only run_id in both)")
    for name, table in ((EXPERIMENTS_FILE, experiments), (OUTCOMES_FILE, outcomes)):
        if table["run_id"].duplicated().any():
            raise ResultsError(f"{folder / name}: run ids repeat (allowed: one row per run)")
    data = experiments.merge(outcomes, on="run_id", how="inner")
    data = data.sort_values("run_id", kind="stable").reset_index(drop=True)
    meta = {**experiment_meta, **outcome_meta}
    data.attrs["units"] = {c: meta[c]["unit"] for c in data.columns if "unit" in meta.get(c, {})}
    data.attrs["descriptions"] = {c: meta[c]["description"] for c in data.columns
                                  if "description" in meta.get(c, {})}
    return data
