"""Ensembles of runs: means with t-intervals, and paired differences to a baseline policy.

Input is the two tidy tables of an experiment (:mod:`experiments.store`):
**experiments** (``run_id, scenario, policy, replicate, seed, ...``) and **outcomes**
(``run_id`` and every outcome by name).

* Mean and interval per scenario, policy and outcome: the mean over replicates and the
  two-sided t-interval ``mean +- t(1 - a/2, n - 1) * sd / sqrt(n)`` (``sd`` with ``n - 1``
  degrees of freedom; ``a = 1 - level``, level 0.95 by default).
* Paired difference to the baseline policy (``none``): per replicate, policy minus
  baseline in the same scenario *with the same seed* (common random numbers), then the
  mean and t-interval of those differences. Pairing removes the between-population
  variation that both runs share, so the interval is usually much narrower than the
  difference of two independent intervals.

``n`` counts the replicates where the value is defined (an outcome can be undefined, NaN,
for example a share of complaints when no complaint closed); a pair counts if both values
are defined. With ``n = 1`` the interval is undefined (NaN).

Units are those of each outcome (see :data:`sim.outcomes.OUTCOMES`, ``docs/outcomes.md``); differences have
the outcome's unit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

#: Columns of :func:`summarize`.
SUMMARY_COLUMNS = ("scenario", "policy", "outcome", "n", "mean", "lo", "hi",
                   "diff_n", "diff_mean", "diff_lo", "diff_hi")


def t_interval(values, level: float = 0.95) -> tuple[int, float, float, float]:
    """``(n, mean, lo, hi)`` of the defined (non-NaN) values; ``lo``/``hi`` NaN when n < 2."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return 0, math.nan, math.nan, math.nan
    mean = float(x.mean())
    if n < 2:
        return n, mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * float(x.std(ddof=1)) / math.sqrt(n)
    return n, mean, mean - half, mean + half


def summarize(experiments: pd.DataFrame, outcomes: pd.DataFrame, names, baseline: str = "none",
              level: float = 0.95, by: tuple[str, ...] = ("scenario",)) -> pd.DataFrame:
    """Per cell (the ``by`` columns: scenario, or scenario and design point), policy and outcome in
    ``names``: n, mean and interval, and the paired difference to ``baseline`` in the same cell and
    replicate (columns ``by`` + :data:`SUMMARY_COLUMNS` without ``scenario``; ``diff_*`` NaN for the
    baseline itself or when the baseline policy was not run). Order: cells, policies, outcomes as first seen."""
    by = tuple(by)
    data = experiments[["run_id", *dict.fromkeys(("scenario", *by)), "policy", "replicate"]].merge(
        outcomes, on="run_id", how="inner")
    rows = []
    cells = list(dict.fromkeys(experiments[list(by)].itertuples(index=False, name=None)))
    policies = list(dict.fromkeys(experiments["policy"]))
    for cell in cells:
        here = data[np.logical_and.reduce([data[c] == v for c, v in zip(by, cell)])]
        base = here[here["policy"] == baseline].set_index("replicate")
        for policy in policies:
            mine = here[here["policy"] == policy].set_index("replicate")
            for name in names:
                values = mine[name] if name in mine else pd.Series(dtype=float)
                n, mean, lo, hi = t_interval(values, level)
                dn, d, dlo, dhi = 0, math.nan, math.nan, math.nan
                if policy != baseline and not base.empty and name in mine:
                    paired = values.to_frame("x").join(base[name].rename("b"), how="inner")
                    dn, d, dlo, dhi = t_interval((paired["x"] - paired["b"]).to_numpy(), level)
                rows.append((*cell, policy, name, n, mean, lo, hi, dn, d, dlo, dhi))
    columns = list(by) + [c for c in SUMMARY_COLUMNS if c != "scenario"]
    return pd.DataFrame(rows, columns=columns)


def decimals(values) -> int:
    """Decimals that show the largest magnitude among ``values`` with about four significant digits."""
    finite = [abs(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v) and v != 0]
    if not finite:
        return 3
    return int(min(6, max(0, 3 - math.floor(math.log10(max(finite))))))


def _num(value: float, decimals: int, sign: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:{'+' if sign else ''},.{decimals}f}"


def _interval(lo: float, hi: float, decimals: int, sign: bool = False) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "n/a"
    return f"[{_num(lo, decimals, sign)}, {_num(hi, decimals, sign)}]"


def _outcome_line(outcome: str, descriptions: dict | None, units: dict | None) -> str:
    """The line naming an outcome above its block: name, (description), [unit]."""
    desc, unit = (descriptions or {}).get(outcome), (units or {}).get(outcome)
    return f"\n  {outcome}" + (f"  ({desc})" if desc else "") + (f"  [{unit}]" if unit else "")


def format_summary(summary: pd.DataFrame, baseline: str = "none", descriptions: dict | None = None,
                   headers: dict | None = None, level: float = 0.95, units: dict | None = None) -> str:
    """The summary as console text: one block per scenario and outcome, one line per policy with
    n, mean and interval, and (other policies) n, paired difference to ``baseline`` and its interval.

    ``headers`` maps a scenario to the line printed above its blocks; ``descriptions`` and ``units``
    map an outcome to a short description and its unit, printed next to its name.
    """
    pct = f"{100 * level:g}%"
    lines = []
    has_base = (summary["policy"] == baseline).any()
    for scenario, by_scenario in summary.groupby("scenario", sort=False):
        lines.append((headers or {}).get(scenario, f"Scenario {scenario}"))
        for outcome, block in by_scenario.groupby("outcome", sort=False):
            lines.append(_outcome_line(outcome, descriptions, units))
            dec = decimals(list(block["mean"]) + list(block["lo"]) + list(block["hi"]))
            ddec = max(dec, decimals(list(block["diff_mean"]) + list(block["diff_lo"]) + list(block["diff_hi"])))
            table = []
            for row in block.itertuples(index=False):
                cells = [row.policy, str(row.n), _num(row.mean, dec), _interval(row.lo, row.hi, dec)]
                if has_base and row.policy != baseline:
                    cells += [str(row.diff_n), _num(row.diff_mean, ddec, sign=True),
                              _interval(row.diff_lo, row.diff_hi, ddec, sign=True)]
                elif has_base:
                    cells += ["", "(baseline)", ""]
                table.append(cells)
            head = ["policy", "n", "mean", f"{pct} interval"]
            if has_base:
                head += ["n", f"diff vs {baseline}", f"{pct} interval"]
            widths = [max(len(r[i]) for r in table + [head]) for i in range(len(head))]
            fmt = lambda cells: "    " + "  ".join(  # noqa: E731
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
            lines.append(fmt(head))
            lines.extend(fmt(r) for r in table)
        lines.append("")
    notes = [f"mean and {pct} t-interval across replicates (n = replicates with a defined value)"]
    if has_base:
        notes.append(f"diff vs {baseline}: policy minus {baseline} per replicate on the same seed (common random "
                     f"numbers), mean and {pct} t-interval of the paired differences (n = pairs)")
    else:
        notes.append(f"no paired differences: policy {baseline!r} was not run")
    lines += [f"Note: {n}." for n in notes]
    return "\n".join(lines)


def format_sweep(summary: pd.DataFrame, labels: dict, baseline: str = "none", descriptions: dict | None = None,
                 level: float = 0.95, units: dict | None = None) -> str:
    """A sweep's summary (from :func:`summarize` with ``by=("scenario", "point")``) as console text: per
    scenario and outcome (with its description and unit), one line per design point (``labels[point]``), each
    policy's mean and interval and, for the other policies, the paired difference to ``baseline`` with its
    interval."""
    pct = f"{100 * level:g}%"
    lines = []
    policies = list(dict.fromkeys(summary["policy"]))
    others = [p for p in policies if p != baseline] if baseline in policies else []
    for scenario, by_scenario in summary.groupby("scenario", sort=False):
        lines.append(f"Scenario {scenario}")
        for outcome, block in by_scenario.groupby("outcome", sort=False):
            lines.append(_outcome_line(outcome, descriptions, units))
            dec = decimals(list(block["mean"]))
            ddec = max(dec, decimals(list(block["diff_mean"])))
            head = ["point"] + [f"{p} mean {pct}" for p in policies] + [f"{p} - {baseline}" for p in others]
            table = []
            for point, rows in block.groupby("point", sort=False):
                by_policy = rows.set_index("policy")
                cells = [labels.get(point, str(point))]
                for p in policies:
                    r = by_policy.loc[p]
                    cells.append(f"{_num(r['mean'], dec)} {_interval(r['lo'], r['hi'], dec)}")
                for p in others:
                    r = by_policy.loc[p]
                    cells.append(f"{_num(r['diff_mean'], ddec, sign=True)} "
                                 f"{_interval(r['diff_lo'], r['diff_hi'], ddec, sign=True)}")
                table.append(cells)
            widths = [max(len(r[i]) for r in table + [head]) for i in range(len(head))]
            lines.append("    " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                           for i, (c, w) in enumerate(zip(head, widths))).rstrip())
            for cells in table:
                lines.append("    " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                               for i, (c, w) in enumerate(zip(cells, widths))).rstrip())
        lines.append("")
    lines.append(f"Note: mean [{pct} t-interval] across replicates; policy - {baseline}: paired difference per "
                 f"replicate at the same point and seed (common random numbers), mean [{pct} t-interval].")
    return "\n".join(lines)
