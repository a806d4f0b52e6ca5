"""The report's assumption register: every parameter with the value the comparison used, its unit, plausible range,
source and calibration status; beside it the calibration fit and the validation results.

* :func:`register_table`: one row per parameter and scenario, from the one provenance table
  (:func:`sim.provenance.parameter_table`) at the parameters the run's ``manifest.json`` records for the scenario
  (its file, its bases and the ``--set`` overrides applied), with the sources of the scenario's ``[provenance]``
  entries (:func:`sim.scenario.scenario_sources`, read from the file the manifest names). Status
  (:func:`source_status`): ``calibrated`` (the source says "calibrated to ...": fitted by ``carenet calibrate``),
  ``documented`` (a seed document, a publication, the calibration brief), ``assumption``, ``undeclared`` (the field
  declares no source) or ``override`` (set with ``--set`` for this comparison: the file's source no longer
  describes the value).
* :func:`calibration_rows`: the fit of ``docs/calibration.json`` per target (published figure, simulated mean and
  95% range of single runs, met or not) as :func:`analysis.calibration_report.target_rows` judges it.
* :func:`validation_rows`: the targets on fresh seeds from ``docs/validation.json`` (written by ``carenet
  validate`` beside ``docs/validation.md``, :func:`analysis.validation_report.data_path`); ``None`` when absent.
* :func:`register_context`: what ``templates/_register.html.j2`` shows.

Units: a parameter's unit is the provenance table's (English, as in ``docs/parameters.md``); shares of the
calibration and validation targets are shown as percentages, hours as hours per carer-week.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from analysis.calibration_report import target_rows
from analysis.report.data import ReportData
from analysis.report.formatting import csv_uri, number
from analysis.report.labels import TARGET_NAMES_NL, text
from analysis.validation_report import OUTSIDE, checks, data_path
from sim.provenance import DOC_PATH, parameter_table, section_order, section_summary
from sim.scenario import ScenarioError, load_scenario, parameter_names, parameter_path, scenario_sources, validate

#: The folder holding calibration.json and validation.json (the repository's docs/).
DOCS = DOC_PATH.parent
CALIBRATION_FILE = "calibration.json"
VALIDATION_REPORT = "validation.md"
#: Statuses of a parameter's value, in the order the summaries count them.
STATUSES = ("calibrated", "documented", "assumption", "undeclared", "override")
#: Columns of :func:`register_table` (``value`` and ``range`` as JSON text in the CSV).
COLUMNS = ("name", "section", "scenario", "value", "unit", "range", "source", "status")


def source_status(source: str | None) -> str:
    """The status a source gives a value: ``calibrated``, ``assumption``, ``undeclared`` (no source) or
    ``documented`` (any other source)."""
    if source is None or not str(source).strip():
        return "undeclared"
    words = str(source).strip().lower()
    if words.startswith("calibrated to"):
        return "calibrated"
    if words.startswith("assumption"):
        return "assumption"
    return "documented"


def scenario_parameters(data: ReportData, scenario: str):
    """The parameters ``scenario`` ran with: the manifest's record (overrides applied), else (no manifest) the
    scenario file as it is now."""
    record = data.manifest.get("record", {}).get("parameters", {}).get(scenario)
    if record is not None:
        return validate(record, f"{data.folder}/manifest.json: parameters of {scenario}")
    return load_scenario(data.manifest.get("origins", {}).get(scenario, scenario))


def _sources(data: ReportData, scenario: str) -> dict[str, str]:
    """The ``[provenance]`` sources of the scenario's file and bases ({} when the file cannot be read now)."""
    try:
        return scenario_sources(data.manifest.get("origins", {}).get(scenario, scenario))
    except (ScenarioError, OSError):
        return {}


def register_table(data: ReportData) -> pd.DataFrame:
    """One row per parameter (the names a ``[provenance]`` table may use: every leaf parameter except the labels
    ``name`` and ``description``) and scenario, in the provenance table's order: columns :data:`COLUMNS`."""
    names = set(parameter_names())
    overrides = {parameter_path(k): (k, v) for k, v in (data.definition.get("overrides") or {}).items()}
    frames = []
    for j, scenario in enumerate(data.scenarios):
        table = parameter_table(scenario_parameters(data, scenario), _sources(data, scenario))
        table = table[table["name"].isin(names)].reset_index(drop=True)
        table["scenario"], table["order"] = scenario, [(i, j) for i in range(len(table))]
        table["status"] = [source_status(s) for s in table["source"]]
        for i, name in enumerate(table["name"]):
            if name in overrides:
                key, value = overrides[name]
                table.loc[i, ["source", "status"]] = [f"--set {key}={value}", "override"]
        frames.append(table)
    rows = pd.concat(frames, ignore_index=True).sort_values("order", kind="stable")
    return rows[list(COLUMNS)].reset_index(drop=True)


def register_csv(rows: pd.DataFrame) -> pd.DataFrame:
    """The register as the CSV holds it: ``value`` and ``range`` as JSON text (exact, language-free)."""
    out = rows.copy()
    for column in ("value", "range"):
        out[column] = [json.dumps(v) for v in out[column]]
    return out


def value_text(value, lang: str) -> str:
    """A parameter value as the register writes it: numbers in full (a decimal comma in Dutch), yes/no, pairs and
    lists in brackets (``[2, 6]``; Dutch ``[2; 6]``)."""
    if isinstance(value, bool):
        return text(lang, "register_yes" if value else "register_no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if lang == "en" else repr(value).replace(".", ",")
    if isinstance(value, (list, tuple)):
        return "[" + (", " if lang == "en" else "; ").join(value_text(v, lang) for v in value) + "]"
    return str(value)


def status_counts(rows: pd.DataFrame, scenario: str) -> dict[str, int]:
    """How many of ``scenario``'s parameters have each status of :data:`STATUSES`."""
    counts = rows.loc[rows["scenario"] == scenario, "status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def counts_text(counts: dict[str, int], lang: str) -> str:
    """``"340 parameters: calibrated 20, documented 33, ..."`` (statuses with no parameter left out)."""
    parts = [f"{text(lang, f'register_status_{s}')} {n}" for s, n in counts.items() if n]
    return text(lang, "register_counts", n=sum(counts.values()), parts=", ".join(parts))


def _range_text(span, lang: str) -> str:
    return "" if span is None else f"{value_text(span[0], lang)} – {value_text(span[1], lang)}"


def _per_scenario(values: list[str], scenarios: tuple[str, ...]) -> Markup:
    """One text when every scenario has the same, else one line per scenario."""
    if len(set(values)) == 1:
        return Markup("{}").format(values[0])
    return Markup("<br>").join(Markup("<i>{}</i>: {}").format(s, v) for s, v in zip(scenarios, values))


def _sections(data: ReportData, rows: pd.DataFrame, lang: str) -> list[dict]:
    """The register by section (the first scenario's order), one entry per parameter with its value in every
    scenario."""
    first = data.scenarios[0]
    params = scenario_parameters(data, first)
    by_name: dict[str, list[dict]] = {}
    for row in rows.to_dict("records"):
        by_name.setdefault(row["name"], []).append(row)
    table = rows[rows["scenario"] == first]
    out = []
    for section in section_order(table):
        members = table[table["section"] == section]
        entries = []
        for name in members["name"]:
            group = by_name[name]
            entries.append({
                "name": name, "short": name[len(section) + 1:] if section else name,
                "values": [value_text(r["value"], lang) for r in group],
                "unit": group[0]["unit"] or "", "range": _range_text(group[0]["range"], lang),
                "source": _per_scenario([r["source"] if r["source"] is not None else
                                         text(lang, "register_no_source") for r in group], data.scenarios),
                "status": _per_scenario([text(lang, f"register_status_{r['status']}") for r in group],
                                        data.scenarios),
                "status_key": group[0]["status"]})
        out.append({"id": "register-" + (section.replace(".", "-") or "scenario"),
                    "name": section or text(lang, "register_top_section"), "summary": section_summary(params, section),
                    "counts": counts_text(status_counts(members, first), lang), "rows": entries})
    return out


# --------------------------------------------------------------------------- calibration and validation

def _measure(value, unit: str, lang: str) -> str:
    """A target's value in its unit: a share as a percentage (1 decimal), hours per carer-week with 2."""
    if value is None:
        return text(lang, "register_na")
    if unit == "share":
        return number(100 * value, 1, lang) + "%"
    if unit == "hours/week":
        return number(value, 2, lang) + " " + text(lang, "register_hours")
    return number(value, 3, lang)


def _target_name(key: str, label: str, lang: str) -> str:
    return TARGET_NAMES_NL.get(key, label) if lang == "nl" else label


def _error(value, lang: str) -> str:
    return text(lang, "register_na") if value is None else number(100 * value, 0, lang, sign=True) + "%"


def calibration_rows(data: dict) -> list[dict]:
    """Per target of ``calibration.json``: key, label, source, unit, published value and resolution, fitted by
    (block, or None for a check), the simulated mean and 95% range of single runs at the fitted values, whether
    it is met and the relative error of the mean."""
    rows = []
    for r in target_rows(data):
        t, after = r["target"], r["after"]
        rows.append({"key": t["key"], "label": t["label"], "source": t["source"], "unit": t["unit"],
                     "published": t["value"], "resolution": t.get("resolution", 0.0), "fitted_by": t["block"],
                     "mean": after.get("mean"), "lo": after.get("lo"), "hi": after.get("hi"), "met": r["met"],
                     "relative_error": r["relative_error"]})
    return rows


def validation_rows(data: dict) -> list[dict]:
    """Per calibration target checked on fresh seeds by ``carenet validate``: key, label, source, unit,
    published value and resolution, fitted by (block, or None for a check), the simulated mean and 95% range of
    single runs, status (pass, miss, outside) and the relative error of the mean."""
    return [{"key": t["key"], "label": t["label"], "source": t["source"], "unit": t["unit"],
             "published": t["published"], "resolution": t.get("resolution", 0.0), "fitted_by": t.get("block"),
             "mean": t.get("mean"), "lo": t.get("lo"), "hi": t.get("hi"), "status": t["status"],
             "relative_error": t.get("relative_error")} for t in data["targets"]]


def _target_cells(row, lang: str) -> dict:
    """A target's cells: name, source, published value ± its resolution (as given), mean and range of runs."""
    if row["unit"] == "share":
        resolution = value_text(round(100 * row["resolution"], 6), lang) + "%"
    else:
        resolution = _measure(row["resolution"], row["unit"], lang)
    return {"name": _target_name(row["key"], row["label"], lang), "source": row["source"],
            "published": f"{_measure(row['published'], row['unit'], lang)} ±{resolution}",
            "mean": _measure(row["mean"], row["unit"], lang),
            "range": f"{_measure(row['lo'], row['unit'], lang)} – {_measure(row['hi'], row['unit'], lang)}"}


def shown_path(path: Path) -> str:
    """A path as the report names it: relative to the repository when inside it (``docs/validation.json``)."""
    try:
        return str(path.resolve().relative_to(DOCS.parent))
    except ValueError:
        return str(path)


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _calibration(docs: Path, lang: str) -> dict:
    path = docs / CALIBRATION_FILE
    data = _read(path)
    if data is None:
        return {"available": False, "missing": text(lang, "calibration_missing", path=shown_path(path))}
    table = calibration_rows(data)
    rows = []
    for row in table:
        key = ("met" if row["met"] else "not_met") if row["fitted_by"] else ("check_met" if row["met"] else
                                                                             "check_outside")
        rows.append({**_target_cells(row, lang), "status_key": key,
                     "status": text(lang, f"calibration_{key}", error=_error(row["relative_error"], lang))})
    fitted = [r for r in table if r["fitted_by"]]
    return {"available": True, "rows": rows, "csv": csv_uri(pd.DataFrame(table)),
            "intro": text(lang, "calibration_intro", parameters=len(data.get("fitted", {})), targets=len(fitted),
                          checks=len(table) - len(fitted), scenario=data["scenario"], seed=data["seed"],
                          date=data["date"], met=sum(r["met"] for r in fitted))}


def _validation(docs: Path, lang: str) -> dict:
    path = data_path(docs / VALIDATION_REPORT)
    data = _read(path)
    if data is None:
        return {"available": False, "missing": text(lang, "validation_missing", path=shown_path(path))}
    every = checks(data)
    passed = {table: f"{sum(1 for c in every if c[0] == table and c[2] == 'pass')}/"
                     f"{sum(1 for c in every if c[0] == table)}" for table in ("targets", "stationarity", "burden")}
    table = validation_rows(data)
    rows = [{**_target_cells(row, lang), "status_key": row["status"],
             "status": text(lang, f"validation_{row['status']}", error=_error(row["relative_error"], lang))}
            for row in table]
    return {"available": True, "rows": rows, "csv": csv_uri(pd.DataFrame(table)),
            "intro": text(lang, "validation_intro", command=data["settings"]["command"], date=data["date"],
                          passed=sum(1 for c in every if c[2] == "pass"), total=len(every),
                          outside=sum(1 for c in every if c[2] == OUTSIDE), **passed)}


def register_context(data: ReportData, lang: str, docs: Path | None = None) -> dict:
    """What ``templates/_register.html.j2`` shows: the register by section with its summary lines and CSV, the
    calibration fit and the validation results (``docs``: the folder of calibration.json and validation.json,
    default :data:`DOCS`)."""
    docs = DOCS if docs is None else Path(docs)
    rows = register_table(data)
    several = len(data.scenarios) > 1
    return {
        "scenarios": data.scenarios, "several": several,
        "intro": text(lang, "register_intro"),
        "summaries": [(s if several else "", counts_text(status_counts(rows, s), lang)) for s in data.scenarios],
        "sections": _sections(data, rows, lang), "csv": csv_uri(register_csv(rows)),
        "section_counts_note": text(lang, "register_counts_first", scenario=data.scenarios[0]) if several else "",
        "calibration": _calibration(docs, lang), "validation": _validation(docs, lang),
    }
