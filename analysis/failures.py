"""The seed's failures across an ensemble: in how many replicates each failure happened under each policy, and the
paired difference to a baseline policy on the same seeds.

Input is the experiments table (``run_id, scenario, policy, replicate, ...``) and the failures table
(``run_id, failure, happened``: one row per finished vignette run and failure) of :mod:`experiments.store`.

* Per vignette, failure and policy: ``n`` replicates with a finished run, ``happened`` of them in which the failure
  happened, and the ``share`` (happened / n, from 0 to 1).
* Paired difference to the baseline policy: per replicate, 1 if the failure happened under the policy minus 1 if
  it happened under the baseline on the same seed (common random numbers), so -1, 0 or 1; the mean of these
  (a difference of shares, from -1 to 1) with its t-interval (:func:`analysis.ensemble.t_interval`, clipped to
  -1 to 1: with few replicates it can reach beyond what a difference of shares can be), and the
  discordant replicates: ``only_baseline`` (it happened under the baseline only: the policy avoided it) and
  ``only_policy`` (under the policy only).

:func:`failure_shares` makes the table (columns :data:`FAILURE_SHARE_COLUMNS`), :func:`format_failure_shares` the
console text: one block per vignette, one row per failure, one column per policy (``41/50 (82%)``) and one per
paired difference (percentage points).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd

from analysis.ensemble import t_interval

#: Columns of :func:`failure_shares`; ``share`` and the ``diff`` columns are fractions (0-1 and -1 to 1).
FAILURE_SHARE_COLUMNS = ("scenario", "failure", "description", "policy", "n", "happened", "share", "diff_n", "diff",
                         "diff_lo", "diff_hi", "only_baseline", "only_policy")


def failure_shares(experiments: pd.DataFrame, failures: pd.DataFrame, descriptions: dict | None = None,
                   baseline: str = "none", level: float = 0.95) -> pd.DataFrame:
    """Per vignette (``scenario``), failure and policy: replicates, how many the failure happened in, the share,
    and the paired difference to ``baseline`` (``diff_*`` NaN and the counts 0 for the baseline itself or when it
    was not run). ``descriptions`` maps a vignette to ``{failure: description}``. Order: vignettes and policies as in
    ``experiments``, failures as first seen in ``failures`` (the vignette file's order)."""
    data = experiments[["run_id", "scenario", "policy", "replicate"]].merge(failures, on="run_id", how="inner")
    policies = list(dict.fromkeys(experiments["policy"]))
    rows = []
    for scenario in dict.fromkeys(experiments["scenario"]):
        here = data[data["scenario"] == scenario]
        for failure in dict.fromkeys(here["failure"]):
            mine = here[here["failure"] == failure]
            by_policy = {p: mine[mine["policy"] == p].set_index("replicate")["happened"].astype(bool)
                         for p in policies}
            base = by_policy.get(baseline)
            text = (descriptions or {}).get(scenario, {}).get(failure, "")
            for policy in policies:
                happened = by_policy[policy]
                n, k = int(happened.size), int(happened.sum())
                dn, d, dlo, dhi, only_base, only_policy = 0, math.nan, math.nan, math.nan, 0, 0
                if policy != baseline and base is not None and not base.empty:
                    pairs = happened.to_frame("x").join(base.rename("b"), how="inner")
                    x, b = pairs["x"].to_numpy(bool), pairs["b"].to_numpy(bool)
                    dn, d, dlo, dhi = t_interval(x.astype(float) - b.astype(float), level)
                    dlo, dhi = (float(np.clip(v, -1.0, 1.0)) for v in (dlo, dhi))  # NaN stays NaN
                    only_base, only_policy = int(np.sum(b & ~x)), int(np.sum(x & ~b))
                rows.append((scenario, failure, text, policy, n, k, k / n if n else math.nan, dn, d, dlo, dhi,
                             only_base, only_policy))
    return pd.DataFrame(rows, columns=list(FAILURE_SHARE_COLUMNS))


def _count(n: int, k: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f}%)" if n else "n/a"


def _points(value: float) -> str:
    return f"{100 * value:+.0f}" if math.isfinite(value) else "n/a"


def _difference(row) -> str:
    """``-80 pp [-91, -69] (40 fewer, 0 more)``: the paired difference in percentage points, its interval and the
    discordant replicates."""
    interval = (f" [{_points(row.diff_lo)}, {_points(row.diff_hi)}]"
                if math.isfinite(row.diff_lo) and math.isfinite(row.diff_hi) else "")
    return f"{_points(row.diff)} pp{interval} ({row.only_baseline} fewer, {row.only_policy} more)"


def format_failure_shares(table: pd.DataFrame, baseline: str = "none", headers: dict | None = None,
                          level: float = 0.95, width: int = 116) -> str:
    """The table of :func:`failure_shares` as console text: per vignette (``headers[scenario]`` above it), one row
    per failure with each policy's ``happened/n (share)`` and each other policy's paired difference to
    ``baseline``; under each row its description, wrapped at ``width`` characters."""
    pct = f"{100 * level:g}%"
    policies = list(dict.fromkeys(table["policy"]))
    others = [p for p in policies if p != baseline] if baseline in policies else []
    lines = []
    for scenario, block in table.groupby("scenario", sort=False):
        lines.append((headers or {}).get(scenario, f"Vignette {scenario}: the seed's failures"))
        head = ["failure"] + policies + [f"{p} - {baseline}" for p in others]
        rows, texts = [], []
        for failure, by_failure in block.groupby("failure", sort=False):
            by_policy = {row.policy: row for row in by_failure.itertuples(index=False)}
            rows.append([failure] + [_count(by_policy[p].n, by_policy[p].happened) for p in policies]
                        + [_difference(by_policy[p]) for p in others])
            texts.append(by_failure["description"].iloc[0])
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
        fmt = lambda cells: "    " + "  ".join(  # noqa: E731
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
        lines.append(fmt(head))
        for cells, text in zip(rows, texts):
            lines.append(fmt(cells))
            if text:
                lines += textwrap.wrap(text, width, initial_indent="      ", subsequent_indent="      ")
        lines.append("")
    note = ("a failure counts in a replicate when its check on the run's event log holds (the vignette's "
            "[[failure]] tables, docs/vignettes.md)")
    if others:
        note += (f"; P - {baseline}: per replicate, 1 if it happened under P minus 1 if under {baseline} on the same "
                 f"seed (common random numbers), mean in percentage points and {pct} t-interval; fewer: replicates "
                 f"where it happened under {baseline} only, more: under P only")
    lines.append(f"Note: {note}.")
    return "\n".join(lines)
