"""Global sensitivity analysis with SALib (``carenet sensitivity --method morris|sobol``).

Which assumption matters most? The parameters are those with a plausible range in the
provenance table (:func:`sim.provenance.ranges_for_sensitivity`, taken around the scenario's
values for per-profile and per-role parameters), optionally narrowed with ``--params``
(shell-style patterns on dotted names, e.g. ``strain.*,handover.*``). With ``--groups section``
the parameters of one section (everything but the last part of the name, e.g. ``strain`` or
``workforce.roles.gp``) move together as one factor: SALib's groups, so 200 parameters become
about 25 factors and the design stays affordable.

Design. SALib draws the points in the unit space of the factors:

* ``morris``: ``--trajectories R`` one-at-a-time trajectories over ``--levels`` levels
  (``R * (factors + 1)`` points); indices ``mu_star`` (mean absolute elementary effect, the
  ranking measure), its confidence half-width ``mu_star_conf``, ``mu`` and ``sigma``
  (non-linearity or interaction; NaN for groups, which SALib does not compute it for).
* ``sobol``: Saltelli's extension of a Sobol sequence with ``--samples N`` base samples
  (``N * (factors + 2)`` points, no second-order terms; N a power of 2); indices ``S1``
  (first order) and ``ST`` (total order) with their confidence half-widths ``S1_conf`` and
  ``ST_conf``.

Every point runs under every policy with ``--replicates`` replicates on common random
numbers; values of integer parameters are rounded. The model output at a point is the mean
over replicates of

* an outcome under a policy (target ``policy``), and
* the paired effect of a policy: policy minus ``none`` per replicate (target
  ``policy - none``), when ``none`` is among the policies.

Replicates do not remove the model's own randomness: ``noise_share`` estimates the share of
the output's variance over the design that is replicate noise (mean within-point variance of
the replicates / replicates, over the variance of the point means). When it is large, indices
mostly measure noise: add replicates or clients.

Indices go to ``DIR/indices.parquet`` and ``DIR/indices.csv`` (columns :data:`INDEX_COLUMNS`);
the console shows the highest-ranked factors per target and outcome. Confidence intervals are
bootstrap intervals at 95% from SALib (``num_resamples`` 1000 for Morris, 1000 for Sobol), seeded
with the root seed.

Units: indices are in the outcome's unit (Morris) or shares of variance 0-1 (Sobol).
"""

from __future__ import annotations

import fnmatch
import math
from typing import Any

import numpy as np
import pandas as pd

from experiments.design import ExperimentError

METHODS = ("morris", "sobol")
GROUPINGS = ("none", "section")
#: Columns of the indices table.
INDEX_COLUMNS = ("method", "scenario", "target", "outcome", "factor", "parameters", "mu", "mu_star", "mu_star_conf",
                 "sigma", "S1", "S1_conf", "ST", "ST_conf", "noise_share")


def select_parameters(patterns: str | None, params=None) -> dict[str, tuple[float, float]]:
    """The ranges of the parameters matching ``patterns`` (comma-separated globs; None: all with a range)."""
    from sim.provenance import ranges_for_sensitivity
    ranges = ranges_for_sensitivity(params)
    if patterns is None:
        return ranges
    chosen: dict[str, tuple[float, float]] = {}
    for pattern in [p.strip() for p in patterns.split(",")]:
        if not pattern:
            raise ExperimentError(f"--params = {patterns!r}: empty pattern (allowed: comma-separated names or "
                                  "patterns such as strain.*)")
        hits = [name for name in ranges if fnmatch.fnmatchcase(name, pattern)]
        if not hits:
            import difflib
            close = difflib.get_close_matches(pattern, list(ranges), n=3)
            raise ExperimentError(f"--params: {pattern!r} matches no parameter with a plausible range "
                                  f"(allowed: names or patterns from `carenet params`, e.g. strain.*"
                                  + (f"; close: {', '.join(close)}" if close else "") + ")")
        for name in hits:
            chosen[name] = ranges[name]
    return chosen


def section_of(name: str) -> str:
    """The section of a dotted parameter name: all but its last part (``strain.recovery`` -> ``strain``)."""
    return name.rpartition(".")[0] or name


def make_problem(ranges: dict[str, tuple[float, float]], groups: str = "none") -> dict[str, Any]:
    """A SALib problem over ``ranges``; with ``groups='section'`` the parameters of a section form one group."""
    if groups not in GROUPINGS:
        raise ExperimentError(f"--groups = {groups!r} not allowed (allowed: {', '.join(GROUPINGS)})")
    if len(ranges) < 2 and groups == "none":
        raise ExperimentError(f"--params: {len(ranges)} parameter(s) selected (allowed: at least 2 for a "
                              "sensitivity analysis; use carenet sweep for one)")
    names = list(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(ranges[n]) for n in names]}
    if groups == "section":
        problem["groups"] = [section_of(n) for n in names]
        if len(set(problem["groups"])) < 2:
            raise ExperimentError("--groups section: the selected parameters are all in one section "
                                  f"({problem['groups'][0]}); use --groups none")
    return problem


def factors(problem: dict[str, Any]) -> list[str]:
    """The factors of a problem in SALib's order: its groups (first seen) or its parameters."""
    return list(dict.fromkeys(problem["groups"])) if "groups" in problem else list(problem["names"])


def sample(problem: dict[str, Any], method: str, size: int, levels: int, seed: int) -> np.ndarray:
    """The SALib design matrix (one row per point, one column per parameter)."""
    seed = int(seed) % (2 ** 32)
    if method == "morris":
        from SALib.sample import morris
        return morris.sample(problem, size, num_levels=levels, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol
        return sobol.sample(problem, size, calc_second_order=False, seed=seed)
    raise ExperimentError(f"--method = {method!r} not allowed (allowed: {', '.join(METHODS)})")


def sensitivity_design(scenario_params, method: str, patterns: str | None = None, groups: str = "section",
                       size: int | None = None, levels: int = 4, seed: int = 0):
    """``(points, design record, problem, matrix)`` of a sensitivity analysis.

    Args:
        scenario_params: the scenario's parameters (ranges of per-profile and per-role parameters
            are taken around its values).
        method: ``morris`` or ``sobol``.
        patterns: ``--params`` (None: every parameter with a plausible range).
        groups: ``none`` or ``section``.
        size: trajectories (Morris, default 10) or base samples (Sobol, default 64; a power of 2).
        levels: Morris grid levels (even, >= 2).
        seed: sampling seed (the root seed).
    """
    from experiments.sweep import parameter_kinds
    if method not in METHODS:
        raise ExperimentError(f"--method = {method!r} not allowed (allowed: {', '.join(METHODS)})")
    size = size if size is not None else (10 if method == "morris" else 64)
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ExperimentError(f"--{'trajectories' if method == 'morris' else 'samples'} = {size!r} not allowed "
                              "(allowed: an integer >= 2)")
    if method == "sobol" and size & (size - 1):
        raise ExperimentError(f"--samples = {size} not allowed for sobol (allowed: a power of 2, e.g. 32, 64, 128; "
                              "Sobol sequences lose their balance properties otherwise)")
    if method == "morris" and (levels < 2 or levels % 2):
        raise ExperimentError(f"--levels = {levels} not allowed for morris (allowed: an even integer >= 2)")
    ranges = select_parameters(patterns, scenario_params)
    problem = make_problem(ranges, groups)
    matrix = sample(problem, method, size, levels, seed)
    kinds = parameter_kinds(scenario_params)
    names = problem["names"]
    points = []
    for row in matrix:
        points.append({n: (int(round(float(x))) if kinds.get(n) == "int" else float(x)) for n, x in zip(names, row)})
    design = {"kind": "sensitivity", "method": method, "params": patterns, "groups": groups, "size": size,
              "levels": levels if method == "morris" else None, "seed": int(seed), "parameters": names,
              "bounds": problem["bounds"]}
    return points, design, problem, matrix


def problem_from_design(design: dict[str, Any]) -> dict[str, Any]:
    """The SALib problem stored in a design record."""
    names = design["parameters"]
    problem = {"num_vars": len(names), "names": names, "bounds": design["bounds"]}
    if design.get("groups") == "section":
        problem["groups"] = [section_of(n) for n in names]
    return problem


def point_outputs(experiments: pd.DataFrame, outcomes: pd.DataFrame, names, baseline: str = "none"):
    """Per scenario, target and outcome: ``(mean over replicates per point, within-point variance per point,
    replicates)``. Targets: each policy, and ``policy - baseline`` (paired per replicate) for the others."""
    data = experiments[["run_id", "scenario", "point", "policy", "replicate"]].merge(outcomes, on="run_id")
    out = {}
    for scenario, here in data.groupby("scenario", sort=False):
        policies = list(dict.fromkeys(here["policy"]))
        wide = {p: here[here["policy"] == p].set_index(["point", "replicate"]).sort_index() for p in policies}
        for name in names:
            series = {p: wide[p][name] for p in policies}
            if baseline in series:
                for p in policies:
                    if p != baseline:
                        series[f"{p} - {baseline}"] = series[p] - series[baseline]
            for target, values in series.items():
                by_point = values.groupby(level="point")
                out[(scenario, target, name)] = (by_point.mean().sort_index().to_numpy(),
                                                 by_point.var(ddof=1).sort_index().to_numpy(),
                                                 int(by_point.size().min()))
    return out


def analyze(experiments: pd.DataFrame, outcomes: pd.DataFrame, design: dict[str, Any], names,
            baseline: str = "none", seed: int = 0) -> tuple[pd.DataFrame, list[str]]:
    """The indices table (columns :data:`INDEX_COLUMNS`) and notes on targets that could not be analysed."""
    problem = problem_from_design(design)
    method = design["method"]
    matrix = sample(problem, method, design["size"], design["levels"] or 4, design["seed"])  # as drawn at the start
    factor_names = factors(problem)
    members = {f: [n for n, g in zip(problem["names"], problem.get("groups", problem["names"])) if g == f]
               for f in factor_names}
    rows, notes = [], []
    seed = int(seed) % (2 ** 32)
    for (scenario, target, name), (y, var_within, reps) in point_outputs(experiments, outcomes, names,
                                                                          baseline).items():
        if len(y) != len(matrix):
            raise ExperimentError(f"{scenario}/{target}/{name}: {len(y)} design points have results, "
                                  f"{len(matrix)} expected; finish the experiment with --resume first")
        if not np.all(np.isfinite(y)):
            notes.append(f"{scenario}, {target}, {name}: undefined at {int(np.sum(~np.isfinite(y)))} of {len(y)} "
                         "points (e.g. no complaint closed): no indices")
            continue
        total = float(np.var(y, ddof=1)) if len(y) > 1 else math.nan
        noise = (float(np.nanmean(var_within)) / reps / total) if reps > 1 and total > 0 else math.nan
        if method == "morris":
            from SALib.analyze import morris
            res = morris.analyze(problem, matrix, y, num_resamples=1000, conf_level=0.95,
                                 num_levels=design["levels"], seed=seed)
            for i, f in enumerate(factor_names):
                rows.append({"factor": f, "mu": float(res["mu"][i]), "mu_star": float(res["mu_star"][i]),
                             "mu_star_conf": float(res["mu_star_conf"][i]), "sigma": float(res["sigma"][i])})
        else:
            from SALib.analyze import sobol
            if total == 0:
                notes.append(f"{scenario}, {target}, {name}: constant over the design: no indices")
                continue
            res = sobol.analyze(problem, y, calc_second_order=False, num_resamples=1000, conf_level=0.95, seed=seed)
            for i, f in enumerate(factor_names):
                rows.append({"factor": f, "S1": float(res["S1"][i]), "S1_conf": float(res["S1_conf"][i]),
                             "ST": float(res["ST"][i]), "ST_conf": float(res["ST_conf"][i])})
        for row in rows[len(rows) - len(factor_names):]:
            row.update({"method": method, "scenario": scenario, "target": target, "outcome": name,
                        "parameters": ",".join(members[row["factor"]]), "noise_share": noise})
    table = pd.DataFrame(rows, columns=list(INDEX_COLUMNS))
    return table, notes


def format_indices(table: pd.DataFrame, top: int = 8) -> str:
    """The console summary: per scenario, target and outcome, the ``top`` factors by ``mu_star`` (Morris)
    or ``ST`` (Sobol) with their confidence half-widths."""
    if table.empty:
        return "No indices."
    lines = []
    method = table["method"].iloc[0]
    rank, cols = ("mu_star", ("mu_star", "mu_star_conf", "sigma")) if method == "morris" else (
        "ST", ("S1", "S1_conf", "ST", "ST_conf"))
    grouped = method == "morris" and table["sigma"].isna().all()
    if grouped:  # SALib gives no sigma for groups of parameters
        cols = cols[:2]
    for (scenario, target, outcome), block in table.groupby(["scenario", "target", "outcome"], sort=False):
        noise = block["noise_share"].iloc[0]
        lines.append(f"\n{scenario} | {target} | {outcome}"
                     + (f"  (replicate noise {100 * noise:.0f}% of the variance over the design)"
                        if isinstance(noise, float) and math.isfinite(noise) else ""))
        block = block.sort_values(rank, ascending=False).head(top)
        width = max(len("factor"), *(len(f) for f in block["factor"]))
        lines.append("    " + "factor".ljust(width) + "".join(f"{c:>14}" for c in cols))
        for row in block.itertuples(index=False):
            lines.append("    " + row.factor.ljust(width) + "".join(f"{getattr(row, c):>14.4g}" for c in cols))
    lines.append("")
    if method == "morris":
        lines.append("Note: mu_star = mean absolute elementary effect (outcome units over the factor's whole range, "
                     "the ranking measure) +- mu_star_conf (95% bootstrap half-width); "
                     + ("sigma (spread of the effects) is not defined for groups of parameters (SALib)."
                        if grouped else "sigma = spread of the effects (non-linearity or interactions)."))
    else:
        lines.append("Note: S1 = first-order and ST = total-order Sobol index (shares of the variance), "
                     "+- 95% bootstrap half-widths.")
    return "\n".join(lines)


__all__ = ["GROUPINGS", "INDEX_COLUMNS", "METHODS", "analyze", "format_indices", "make_problem",
           "sensitivity_design", "select_parameters"]
