"""The validation report (Markdown, ``docs/validation.md``) from the data of ``carenet validate``
(:meth:`experiments.validation.ValidationResult.to_dict`), which the command also writes beside the report as JSON
(:func:`data_path`).

:func:`render_markdown` is a pure function of that data: the same data give the same text, except the one line
that says when it was generated (date, wall time, workers). :func:`summary_line` and :func:`failures` give the
verdict the command prints. Shares are shown as percentages, differences of shares in percentage points (pp),
hours as hours per active carer-week, burnouts per active carer-year; ``n/a`` is an undefined value.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

#: The order and labels of the tables' checks in the summary.
TABLES = (("targets", "targets"), ("stationarity", "stationarity"), ("burden", "burden"))

#: Short labels of the burden measures (columns of the burden table).
BURDEN_LABELS = {
    "carer_share_not_or_somewhat": "not/somewhat",
    "carer_share_fairly_heavy": "fairly heavy",
    "carer_share_very_heavy": "very heavy",
    "carer_share_overburdened": "overburdened",
    "carer_care_hours_per_week": "care h/week",
    "carer_regelwerk_hours_per_week": "regelwerk h/week",
    "carer_share_8h_or_more": ">= 8 h/week",
    "carer_burnout_per_carer_year": "burnout/carer-yr",
}


def data_path(report: str | Path) -> Path:
    """Where ``carenet validate`` keeps the data of the report ``report`` (the same name, ``.json``:
    ``docs/validation.md`` -> ``docs/validation.json``), for readers such as ``carenet report``."""
    return Path(report).with_suffix(".json")


def _defined(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def value(v: Any, unit: str, sign: bool = False) -> str:
    """A value in its unit: shares as percentages (1 decimal), hours with 2 decimals, rates with 3; with ``sign``
    (a difference) a leading sign, and shares in percentage points."""
    if not _defined(v):
        return "n/a"
    plus = "+" if sign else ""
    if unit == "share":
        return f"{100 * v:{plus}.1f}" + (" pp" if sign else "%")
    if unit == "hours/week":
        return f"{v:{plus}.2f} h"
    return f"{v:{plus}.3f}"


def difference(v: Any, unit: str) -> str:
    """A difference with its sign: shares in percentage points, hours in hours (:func:`value` with a sign)."""
    return value(v, unit, sign=True)


def interval(lo: Any, hi: Any, unit: str, diff: bool = False) -> str:
    """``lo – hi`` in the unit (``n/a`` when undefined, e.g. a single replicate)."""
    if not (_defined(lo) and _defined(hi)):
        return "n/a"
    f = difference if diff else value
    return f"{f(lo, unit)} – {f(hi, unit)}"


def checks(data: dict) -> list[tuple[str, str, str, str]]:
    """Every check as (table, name, status, what went wrong or "")."""
    out = []
    for t in data["targets"]:
        err = t.get("relative_error")
        out.append(("targets", t["key"], t["status"],
                    "" if t["status"] == "pass" else (f"{100 * err:+.0f}%" if _defined(err) else "undefined")))
    for c in data["stationarity"]:
        why = "" if c["status"] == "pass" else (
            f"{difference(c['difference'], c['unit'])}, tolerance {_tolerance(c['tolerance'], c['unit'])}")
        out.append(("stationarity", f"{c['scenario']} {c['outcome']}", c["status"], why))
    for r in data["burden"]:
        out.append(("burden", r["scenario"], r["status"], "; ".join(r.get("problems") or [])))
    return out


#: The status of a check-only target outside its range: reported, not a failure (experiments.validation).
OUTSIDE = "outside"


def failures(data: dict) -> list[str]:
    """One line per check that did not pass: ``table: name (why)`` (a check-only target outside is no failure)."""
    return [f"{table}: {name}" + (f" ({why})" if why else "") for table, name, status, why in checks(data)
            if status not in ("pass", OUTSIDE)]


def summary_line(data: dict) -> str:
    """``"41 of 45 checks pass (targets 8/10, stationarity 28/30, burden 5/5); misses: ..."``."""
    rows = checks(data)
    ok = sum(1 for r in rows if r[2] == "pass")
    per = ", ".join(f"{label} {sum(1 for r in rows if r[0] == table and r[2] == 'pass')}/"
                    f"{sum(1 for r in rows if r[0] == table)}" for table, label in TABLES)
    bad = [f"{name} ({why})" if why else name for table, name, status, why in rows if status not in ("pass", OUTSIDE)]
    outside = [f"{name} ({why})" for table, name, status, why in rows if status == OUTSIDE]
    return (f"{ok} of {len(rows)} checks pass ({per})" + (f"; misses: {', '.join(bad)}" if bad else "")
            + (f"; outside its range, a check the calibration does not fit (docs/calibration.md says why): "
               f"{', '.join(outside)}" if outside else "") + ".")


def _tolerance(tol: Any, unit: str, points: bool = True) -> str:
    """``±`` a tolerance or resolution in its unit (shares: percentage points, or percent with ``points=False``)."""
    if not _defined(tol):
        return "n/a"
    if unit == "share":
        return f"±{100 * tol:g} pp" if points else f"±{100 * tol:g}%"
    if unit == "hours/week":
        return f"±{tol:g} h"
    return f"±{tol:g}"


def _status(status: str, why: str = "") -> str:
    return status if status == "pass" else f"**{status}**" + (f" ({why})" if why else "")


def _seeds(seeds: list[int]) -> str:
    return ", ".join(str(s) for s in seeds)


def render_markdown(data: dict) -> str:
    """The report: title, the generation line, what was run, the three tables and the summary line."""
    st, runs = data["settings"], data["runs"]
    tg = runs["targets"]
    pops = runs["populations"]
    warm = sorted({p["warmup_years"] for p in pops.values()} | {tg["warmup_years"]})
    warm_text = (f"{warm[0]:g} years" if len(warm) == 1 else
                 ", ".join(f"{name} {p['warmup_years']:g}" for name, p in pops.items()) + " years")
    windows = runs["windows"]
    lines = [
        "# Validation",
        "",
        f"Generated by `{st['command']}` on {data['date']} ({data['wall_time_seconds']:.0f} s wall time, "
        f"{data['workers']} worker(s)).",
        "",
        f"**{summary_line(data)}**",
        "",
        "Do not edit by hand: re-run the command (`make validate`). The results do not depend on the number of "
        "workers. The checks are in `experiments/validation.py`; this page is rendered by "
        "`analysis/validation_report.py`.",
        "",
        "## What was run",
        "",
        f"- Replicate seeds (the same for every check; paired): {_seeds(runs['seeds'])}, derived from root seed "
        f"{runs['root_seed']} with numpy's `SeedSequence` (`experiments.design.replicate_seed`); none of them is a "
        f"seed the calibration used ({_seeds(runs['calibration_seeds'])}).",
        f"- Calibration targets: scenario `{tg['scenario']}` at its committed parameters, its own size and length "
        f"({tg['clients']:,} clients, {tg['years']:g} years), {tg['replicates']} replicates, policy `none` (the plan "
        "targets: the set-up under `digital_plan`).",
        f"- Stationarity and burden: the populations {', '.join(f'`{p}`' for p in pops)}, "
        f"{st['clients']:,} clients each, {runs['years']:g} years per run, {runs['replicates']} replicates each, "
        "policy `none`.",
        f"- Warm-up before week 0 (the scenario's own, run by the model before its records start): {warm_text}.",
        "- Windows (simulated weeks after the warm-up, end excluded): "
        + "; ".join(f"{name}: weeks {a}–{b - 1}" for name, (a, b) in windows.items()) + ".",
        "",
    ]
    lines += _targets_table(data)
    lines += _stationarity_table(data)
    lines += _burden_table(data)
    return "\n".join(lines).rstrip("\n") + "\n"


def _targets_table(data: dict) -> list[str]:
    lines = [
        "## Calibration targets on fresh seeds",
        "",
        "Each published figure against the calibration's own statistic (`experiments/calibration/statistics.py`): "
        "the mean over the replicates and the 95% range of single runs (2.5th–97.5th percentile). A target passes "
        "when the published figure, taken with its rounding (± the resolution: 1.4% stands for 1.35–1.45%), lies "
        "within that range (the rule of `docs/calibration.md`); a miss shows the relative error of the mean. "
        "Targets marked *check* are not fitted by the calibration: their statistic is not what the publication "
        "measured (`docs/calibration.md` says why for each), so one outside its range is reported as *outside*, "
        "not as a failure.",
        "",
        "| target | statistic | published | simulated mean | 95% range of runs | status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for t in data["targets"]:
        err = t.get("relative_error")
        why = (f"{100 * err:+.0f}%" if _defined(err) else "undefined") if t["status"] != "pass" else ""
        fitted = f"fitted: {t['block']}" if t["block"] else "check"
        lines.append("| " + " | ".join([
            f"{t['label']} ({t['source']})", f"`{t['key']}` ({t['kind']}; {fitted})",
            f"{value(t['published'], t['unit'])} {_tolerance(t['resolution'], t['unit'], points=False)}",
            value(t["mean"], t["unit"]), interval(t["lo"], t["hi"], t["unit"]), _status(t["status"], why)]) + " |")
    return lines + [""]


def _stationarity_table(data: dict) -> list[str]:
    runs = data["runs"]
    early, late = list(runs["windows"])[:2]
    lines = [
        "## Stationarity",
        "",
        f"Each outcome in {early} against {late} of the same runs (paired). Values are pooled over the replicates "
        "(the outcome of the summed tallies); the difference is later minus earlier, with the 95% t-interval of the "
        "per-replicate differences. An outcome passes when the pooled difference is within its tolerance "
        "(absolute; `TOLERANCES` in `experiments/validation.py` says why each is what it is).",
        "",
        f"| population | outcome | {early} | {late} | difference | 95% interval of difference | tolerance | status |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in data["stationarity"]:
        u = c["unit"]
        lines.append("| " + " | ".join([
            f"`{c['scenario']}`", f"`{c['outcome']}`", value(c["early"], u), value(c["late"], u),
            difference(c["difference"], u), interval(c["diff_lo"], c["diff_hi"], u, diff=True),
            _tolerance(c["tolerance"], u), _status(c["status"])]) + " |")
    return lines + [""]


def _burden_table(data: dict) -> list[str]:
    rows = data["burden"]
    names = list(rows[0]["measures"]) if rows else list(BURDEN_LABELS)
    whole = list(data["runs"]["windows"])[-1]
    lines = [
        "## Carer burden by population",
        "",
        f"Policy `none`, over the whole run ({whole} after the warm-up): the share of active carer-weeks in each "
        "CBS category, care and regelwerk hours per active carer-week, the share of active carer-weeks with 8 "
        "hours of care or more (the calibration's statistic) and burnouts per active carer-year. Each cell: the "
        "mean over the replicates and, below it, the 95% t-interval of that mean (clipped to 0–100% for shares, "
        "to >= 0 otherwise). A population passes when every "
        "replicate's values are defined and in range (shares 0–100%, hours and rates >= 0).",
        "",
        "| population | " + " | ".join(BURDEN_LABELS.get(n, n) for n in names) + " | status |",
        "| --- | " + " | ".join("---" for _ in names) + " | --- |",
    ]
    for r in rows:
        cells = []
        for n in names:
            m = r["measures"][n]
            cells.append(f"{value(m['mean'], m['unit'])}<br>({interval(m['lo'], m['hi'], m['unit'])})")
        lines.append(f"| `{r['scenario']}` | " + " | ".join(cells) + " | "
                     + _status(r["status"], "; ".join(r.get("problems") or [])) + " |")
    return lines + [""]


__all__ = ["BURDEN_LABELS", "checks", "data_path", "difference", "failures", "interval", "render_markdown",
           "summary_line", "value"]
