"""Reading an experiment's results as tables: :func:`load_results` (one row per run) and :func:`load_series`
(one row per run and week).

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

``series.parquet`` holds each finished run's weekly sums and ratios (run_id, week, the sums of
:data:`sim.outcomes.WEEKLY_SUMS`, the ratios of :data:`sim.outcomes.WEEKLY_RATIOS`); :func:`load_series` joins
it with the experiments table, for fan charts of a policy's runs week by week::

    series = carenet.load_series("runs/cmp")
    series.groupby(["policy", "week"])["carer_strain_mean"].quantile([0.1, 0.5, 0.9])

Units are those of :data:`sim.outcomes.OUTCOMES` (``docs/outcomes.md``) and of the weekly sums and ratios; the
tables carry them as Arrow field metadata, and both functions put them in ``DataFrame.attrs``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: The tables of a results folder (the names :mod:`experiments.store` writes).
EXPERIMENTS_FILE = "experiments.parquet"
OUTCOMES_FILE = "outcomes.parquet"
SERIES_FILE = "series.parquet"
#: The sensitivity indices a ``carenet sensitivity`` folder holds beside them (columns
#: ``experiments.sensitivity.INDEX_COLUMNS``), and their CSV copy.
INDICES_FILE = "indices.parquet"
INDICES_CSV = "indices.csv"
#: For a teaching vignette, ``carenet compare`` writes beside them how often each of the seed's failures happened
#: per policy (columns ``analysis.failures.FAILURE_SHARE_COLUMNS``), and its CSV copy.
FAILURE_SHARES_FILE = "failure_shares.parquet"
FAILURE_SHARES_CSV = "failure_shares.csv"
#: Columns the experiments table must have (the design parameter columns vary).
REQUIRED_EXPERIMENT_COLUMNS = ("run_id", "scenario", "point", "policy", "replicate", "seed")


class ResultsError(ValueError):
    """``load_results`` or ``load_series`` was given something that is not a readable results folder; the message
    says why."""


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


def _results_folder(folder: str | Path) -> Path:
    """``folder`` as a Path, if it is a folder (ResultsError if not)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: no such folder (allowed: a results folder, the --out DIR of carenet "
                           "compare, sweep or sensitivity)")
    return folder


def _experiments(folder: Path):
    """The experiments table of a results folder with its field metadata, checked for its key columns."""
    experiments, meta = _read(folder, EXPERIMENTS_FILE)
    lacking = [c for c in REQUIRED_EXPERIMENT_COLUMNS if c not in experiments.columns]
    if lacking:
        raise ResultsError(f"{folder / EXPERIMENTS_FILE}: column(s) {', '.join(lacking)} missing (allowed: the "
                           "experiments table carenet compare writes)")
    if experiments["run_id"].duplicated().any():
        raise ResultsError(f"{folder / EXPERIMENTS_FILE}: run ids repeat (allowed: one row per run)")
    return experiments, meta


def _with_units(data: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """``data`` with ``attrs["units"]`` and ``attrs["descriptions"]`` from the tables' field metadata."""
    data.attrs["units"] = {c: meta[c]["unit"] for c in data.columns if "unit" in meta.get(c, {})}
    data.attrs["descriptions"] = {c: meta[c]["description"] for c in data.columns
                                  if "description" in meta.get(c, {})}
    return data


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
    folder = _results_folder(folder)
    missing = [name for name in (EXPERIMENTS_FILE, OUTCOMES_FILE) if not (folder / name).is_file()]
    if missing:
        raise ResultsError(f"{folder}: not a results folder: {' and '.join(missing)} missing (a results folder "
                           f"holds {EXPERIMENTS_FILE} and {OUTCOMES_FILE}, written by carenet compare, sweep or "
                           "sensitivity with --out DIR)." + _what_is_there(folder))
    experiments, experiment_meta = _experiments(folder)
    outcomes, outcome_meta = _read(folder, OUTCOMES_FILE)
    if "run_id" not in outcomes.columns:
        raise ResultsError(f"{folder / OUTCOMES_FILE}: column run_id missing (allowed: the outcomes table carenet "
                           "compare writes)")
    shared = sorted((set(experiments.columns) & set(outcomes.columns)) - {"run_id"})
    if shared:
        raise ResultsError(f"{folder}: column(s) {', '.join(shared)} in both {EXPERIMENTS_FILE} and "
                           f"{OUTCOMES_FILE} (allowed: only run_id in both)")
    if outcomes["run_id"].duplicated().any():
        raise ResultsError(f"{folder / OUTCOMES_FILE}: run ids repeat (allowed: one row per run)")
    data = experiments.merge(outcomes, on="run_id", how="inner")
    data = data.sort_values("run_id", kind="stable").reset_index(drop=True)
    return _with_units(data, {**experiment_meta, **outcome_meta})


def load_series(folder: str | Path) -> pd.DataFrame:
    """The weekly series of an experiment folder as one long DataFrame: one row per finished run and observed
    week (sorted by run id, then week), with ``run_id``, the run's ``scenario, point, policy, replicate, seed``
    from ``experiments.parquet``, ``week`` and the columns of ``series.parquet``: the weekly sums (summed over a
    run's municipalities) and the weekly ratios made of them (``carer_strain_mean``: mean strain of the active
    carers; ``unmet_hours_share``: share of the week's need hours unmet).

    ``attrs["units"]`` and ``attrs["descriptions"]`` map each column to its unit and description, where the
    tables give one.

    Raises:
        ResultsError: ``folder`` does not exist, is not a results folder, holds no ``series.parquet`` (e.g.
            written by a carenet before weekly series were stored: the message says so and what to do), or a
            table cannot be read or lacks its key columns.
    """
    folder = _results_folder(folder)
    if not (folder / SERIES_FILE).is_file():
        if (folder / OUTCOMES_FILE).is_file():
            raise ResultsError(f"{folder}: no {SERIES_FILE} beside {OUTCOMES_FILE}: the results were written by a "
                               "carenet that kept no weekly series (before store format 3), or by runs that keep "
                               "none; run the experiment again into another --out to get them (its outcomes are "
                               "read by load_results)")
        raise ResultsError(f"{folder}: not a results folder: {SERIES_FILE} missing (a results folder holds "
                           f"{EXPERIMENTS_FILE}, {OUTCOMES_FILE} and {SERIES_FILE}, written by carenet compare, "
                           "sweep or sensitivity with --out DIR)." + _what_is_there(folder))
    if not (folder / EXPERIMENTS_FILE).is_file():
        raise ResultsError(f"{folder}: {EXPERIMENTS_FILE} missing beside {SERIES_FILE} (allowed: a results folder "
                           "as carenet compare writes it)")
    experiments, experiment_meta = _experiments(folder)
    series, series_meta = _read(folder, SERIES_FILE)
    lacking = [c for c in ("run_id", "week") if c not in series.columns]
    if lacking:
        raise ResultsError(f"{folder / SERIES_FILE}: column(s) {', '.join(lacking)} missing (allowed: the series "
                           "table carenet compare writes)")
    if series.duplicated(["run_id", "week"]).any():
        raise ResultsError(f"{folder / SERIES_FILE}: (run_id, week) pairs repeat (allowed: one row per run and week)")
    keys = experiments[list(REQUIRED_EXPERIMENT_COLUMNS)]
    data = keys.merge(series, on="run_id", how="inner")
    data = data.sort_values(["run_id", "week"], kind="stable").reset_index(drop=True)
    data = data[["run_id", *REQUIRED_EXPERIMENT_COLUMNS[1:], *[c for c in series.columns if c != "run_id"]]]
    return _with_units(data, {**experiment_meta, **series_meta})
