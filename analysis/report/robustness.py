"""The report's section "When does a policy fail?": sweep and sensitivity folders read, analysed and put in words.

``carenet report CMP SWEEP SA --out r.html`` gives one ``carenet compare`` folder and any number of ``carenet
sweep`` and ``carenet sensitivity`` folders; :func:`sort_folders` tells them apart by their manifest's ``kind``.
Each sweep or sensitivity folder (a :class:`Study`, :func:`load_study`) adds to the section
(:func:`robustness_section`):

* **which assumptions matter most** (sensitivity): per policy effect (SALib's target ``policy - none``) and
  headline outcome, the factors ranked by Morris mu* (with sigma) or Sobol ST (with S1), each with SALib's 95%
  bootstrap half-width, as ``carenet sensitivity`` stored them in ``indices.parquet`` (:func:`top_factors`);
* **where the effect changes sign** (sweep): the paired difference to none per design point
  (:func:`analysis.ensemble.summarize` by scenario and point: mean and 95% t-interval over replicates), and where
  its mean changes sign between neighbouring values of a swept parameter, the others held fixed, with the crossing
  interpolated linearly (:func:`sign_changes`);
* **where a policy loses its advantage** (both): a scenario-discovery box (:func:`find_box`), the leaf of a
  shallow classification tree (scikit-learn's ``DecisionTreeClassifier``, depth :data:`BOX_DEPTH`, fixed
  ``random_state``; CART, as in Lempert, Bryant and Bankes 2008) that holds mostly design points where the policy
  has lost its advantage, given as parameter ranges with its density (the share of its points that lose it) and
  coverage (the share of all such points that it holds);
* **what that means for the conclusions**, in one sentence (:func:`conclusion`).

Favourable: every headline outcome is a harm (lower is better), so a policy has its advantage at a design point
where its mean paired difference to none is below 0, and has lost it where that difference is 0 or above.

Units: paired differences and Morris indices (over the factor's whole range) are shown as the rest of the report
shows an outcome's differences, times :func:`~analysis.report.labels.scale` (shares in percentage points, burnouts
per 100 carer-years; each such number's span gives the factor as ``data-scale``), with
:func:`~analysis.report.labels.unit` of a difference; Sobol indices are shares of variance, 0-1; parameters in
their own units (``docs/parameters.md``); density and coverage in % of design points. The CSVs behind the figures
keep the stored values and units. The figures are drawn by :mod:`analysis.report.robustness_figures`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from markupsafe import Markup

from analysis.ensemble import decimals, summarize
from analysis.report.data import BASELINE, LEVEL, ReportData, read_manifest, with_unit
from analysis.report.figures import colours
from analysis.report.formatting import SEPARATOR, csv_uri, difference_places, percent_places, trimmed
from analysis.report.labels import outcome_name, policy_name, scale, text, unit
from analysis.report.robustness_figures import INDEX_STATS, boxes_svg, effects_svg, index_scale, indices_svg
from analysis.report.sentences import join, marked, scaled, sentence
from analysis.results import INDICES_FILE, ResultsError, load_results
from sim.outcomes import HEADLINE

#: Kinds of results folder, by their manifest's ``kind`` (a folder without a manifest is read as a comparison).
KINDS = {"carenet compare": "compare", "carenet sweep": "sweep", "carenet sensitivity": "sensitivity"}
#: Depth of the box finder's tree: a box has at most this many limits.
BOX_DEPTH = 2
#: The box finder's smallest leaf, as a share of the design points (at least one point).
MIN_LEAF_SHARE = 0.05
#: The box finder's fixed ``random_state`` (it breaks ties between equally good splits).
RANDOM_STATE = 0
#: Factors named per sentence, and shown per figure panel.
TOP_SENTENCE = 3
TOP_FIGURE = 5
#: Replicate noise, as a share of an output's variance over the design, above which its indices mostly measure noise.
NOISY = 0.5
#: The columns of :attr:`Study.effects` that are not parameters.
EFFECT_COLUMNS = ("scenario", "point", "policy", "outcome", "n", "mean", "lo", "hi", "diff_n", "diff_mean",
                  "diff_lo", "diff_hi")


# --------------------------------------------------------------------------- folders

def folder_kind(folder: str | Path) -> str:
    """``compare``, ``sweep`` or ``sensitivity``: what ``folder`` holds, by its manifest's ``kind``.

    Raises:
        ResultsError: ``folder`` is not a results folder, or its manifest names another kind (the message names
            the folder, the kind and the kinds allowed).
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    if not manifest:
        load_results(folder)  # refuses, saying why, a folder that is not a results folder
        return "compare"
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise ResultsError(f"{folder}: manifest kind {kind!r} not allowed (allowed: {', '.join(KINDS)})")
    return KINDS[kind]


def sort_folders(folders: Sequence[str | Path]) -> tuple[Path, tuple[Path, ...]]:
    """The comparison among ``folders``, and the sweeps and sensitivity analyses in the order given.

    Raises:
        ResultsError: a folder is not a results folder or of an unknown kind, or there is not exactly one
            comparison among them (the message names the folders).
    """
    kinds = [(Path(f), folder_kind(f)) for f in folders]
    compares = [str(f) for f, kind in kinds if kind == "compare"]
    if len(compares) != 1:
        found = f"{len(compares)} folders of carenet compare ({', '.join(compares)})" if compares else \
            "no folder of carenet compare"
        raise ResultsError(f"{', '.join(str(f) for f, _ in kinds)}: {found} among them (allowed: exactly one, with "
                           "any number of folders of carenet sweep or carenet sensitivity)")
    return next(f for f, kind in kinds if kind == "compare"), tuple(f for f, kind in kinds if kind != "compare")


@dataclass(frozen=True)
class Study:
    """A sweep or sensitivity analysis, read and summarized.

    Attributes:
        folder: the results folder, as given.
        kind: ``sweep`` or ``sensitivity``.
        manifest: its ``manifest.json``.
        parameters: the design parameters with numbers (or true/false) for values, in the design's order.
        units: parameter -> its unit ("" where it has none).
        effects: per scenario, design point, policy other than none and headline outcome: the policy's mean and
            the paired difference to none, each with its 95% interval (columns :data:`EFFECT_COLUMNS`, from
            :func:`analysis.ensemble.summarize` by scenario and point; stored units), and the point's value of every
            parameter.
        indices: the sensitivity indices (``indices.parquet``, columns of ``carenet sensitivity``); None for a
            sweep.
    """

    folder: Path
    kind: str
    manifest: dict
    parameters: tuple[str, ...]
    units: dict[str, str]
    effects: pd.DataFrame
    indices: pd.DataFrame | None = None

    @property
    def definition(self) -> dict:
        """The experiment's definition (policies, replicates, years, root_seed, overrides, design)."""
        return self.manifest["record"]["definition"]

    @property
    def design(self) -> dict:
        """How the design points were made (``carenet sweep``'s axes or ``carenet sensitivity``'s settings)."""
        return self.definition["design"]

    @property
    def scenarios(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.effects["scenario"]))

    @property
    def policies(self) -> tuple[str, ...]:
        """The policies compared with none, in the order run."""
        return tuple(dict.fromkeys(self.effects["policy"]))


def load_study(folder: str | Path) -> Study:
    """Read and summarize the ``carenet sweep`` or ``carenet sensitivity`` results in ``folder``.

    Raises:
        ResultsError: ``folder`` is not a readable results folder, holds another kind of experiment, lacks a
            design parameter, a headline outcome or (sensitivity) its indices, or has no runs of none and another
            policy; the message names the folder and what is allowed.
    """
    folder = Path(folder)
    results = load_results(folder)
    manifest = read_manifest(folder)
    kind = KINDS.get(manifest.get("kind"))
    if kind not in ("sweep", "sensitivity"):
        raise ResultsError(f"{folder}: holds {manifest.get('kind', 'carenet compare')} (allowed here: a folder "
                           "written by carenet sweep or carenet sensitivity)")
    design = manifest["record"]["definition"]["design"]
    names = [a["key"] for a in design["axes"]] if kind == "sweep" else list(design["parameters"])
    missing = [c for c in (*names, *HEADLINE) if c not in results.columns]
    if missing:
        raise ResultsError(f"{folder}: column(s) {', '.join(missing)} missing (allowed: the tables carenet {kind} "
                           "writes at this version; rerun it)")
    policies = tuple(dict.fromkeys(results["policy"]))
    if BASELINE not in policies or len(policies) < 2:
        raise ResultsError(f"{folder}: policies {', '.join(policies)} (allowed: {BASELINE}, the status quo every "
                           "effect is paired with, and at least one other)")
    indices = None
    if kind == "sensitivity":
        path = folder / INDICES_FILE
        if not path.is_file():
            raise ResultsError(f"{path}: missing (allowed: a finished carenet sensitivity folder, which holds its "
                               "indices; finish it with --resume)")
        indices = pd.read_parquet(path)
    parameters = tuple(n for n in names if pd.api.types.is_numeric_dtype(results[n]))
    summary = summarize(results[["run_id", "scenario", "point", "policy", "replicate"]],
                        results[["run_id", *HEADLINE]], HEADLINE, BASELINE, LEVEL, by=("scenario", "point"))
    effects = summary.loc[summary["policy"] != BASELINE, list(EFFECT_COLUMNS)]
    values = results.drop_duplicates(["scenario", "point"])[["scenario", "point", *parameters]]
    effects = effects.merge(values, on=["scenario", "point"], how="left").reset_index(drop=True)
    units = {p: results.attrs.get("units", {}).get(p, "") for p in parameters}
    return Study(folder, kind, manifest, parameters, units, effects, indices)


# --------------------------------------------------------------------------- the analyses

def ranked_by(indices: pd.DataFrame) -> str:
    """The index that ranks the factors of a sensitivity analysis: ``mu_star`` (Morris) or ``ST`` (Sobol)."""
    return INDEX_STATS[indices["method"].iloc[0] if len(indices) else "morris"][0]


def top_factors(indices: pd.DataFrame, scenario: str, target: str, outcome: str, n: int) -> pd.DataFrame:
    """The ``n`` factors with the largest mu* (Morris) or ST (Sobol) for ``target`` and ``outcome`` in
    ``scenario``, largest first (ties in the design's order)."""
    block = indices[(indices["scenario"] == scenario) & (indices["target"] == target)
                    & (indices["outcome"] == outcome)]
    return block.sort_values(ranked_by(indices), ascending=False, kind="stable").head(n)


def effect_target(policy: str) -> str:
    """SALib's target name of a policy's paired effect (``regiebehandelaar - none``), as ``carenet sensitivity``
    writes it."""
    return f"{policy} - {BASELINE}"


def sign_changes(effects: pd.DataFrame, parameter: str, parameters: Sequence[str] = ()) -> pd.DataFrame:
    """Where a policy's effect changes sign along ``parameter``.

    Per scenario, policy, outcome and values of the other ``parameters``, the design points are ordered by
    ``parameter``; wherever the mean paired difference (``diff_mean``) is below 0 at one point and 0 or above at
    the next (or the other way round), one row: the neighbouring values ``lower`` and ``upper``, the differences
    there (``diff_lower``, ``diff_upper``) and the ``crossing``, where the straight line between them reaches 0.
    Points with an undefined difference are left out.

    Returns:
        Columns scenario, policy, outcome, parameter, the other parameters (their fixed values), lower, upper,
        diff_lower, diff_upper, crossing; in the order of the lines in ``effects``, then by ``parameter``.
    """
    others = [p for p in parameters if p != parameter]
    rows = []
    for key, line in effects.groupby(["scenario", "policy", "outcome", *others], sort=False, dropna=False):
        line = line.dropna(subset=["diff_mean"]).sort_values(parameter, kind="stable")
        x, y = line[parameter].to_numpy(float), line["diff_mean"].to_numpy(float)
        for i in range(len(x) - 1):
            if (y[i] < 0) != (y[i + 1] < 0) and x[i] != x[i + 1]:
                crossing = x[i] + (x[i + 1] - x[i]) * (0 - y[i]) / (y[i + 1] - y[i])
                rows.append((*key[:3], parameter, *key[3:], x[i], x[i + 1], y[i], y[i + 1], crossing))
    return pd.DataFrame(rows, columns=["scenario", "policy", "outcome", "parameter", *others, "lower", "upper",
                                       "diff_lower", "diff_upper", "crossing"])


@dataclass(frozen=True)
class Box:
    """A box in parameter space and how well it holds the design points where a policy lost its advantage.

    Attributes:
        limits: parameter -> ``(lower, upper)``: inside the box ``lower < value <= upper`` (None: no limit on that
            side), in the order the tree split on them.
        inside: design points inside the box.
        lost_inside: of those, the points where the policy lost its advantage.
        lost: the points where it lost it, in all.
    """

    limits: dict[str, tuple[float | None, float | None]]
    inside: int
    lost_inside: int
    lost: int

    @property
    def density(self) -> float:
        """The share of the points inside the box where the policy lost its advantage (0-1)."""
        return self.lost_inside / self.inside

    @property
    def coverage(self) -> float:
        """The share of all points where the policy lost its advantage that lie inside the box (0-1)."""
        return self.lost_inside / self.lost

    def contains(self, values: pd.DataFrame) -> np.ndarray:
        """Which rows of ``values`` (one column per limited parameter) lie inside the box."""
        inside = np.ones(len(values), dtype=bool)
        for name, (lower, upper) in self.limits.items():
            x = values[name].to_numpy(float)
            if lower is not None:
                inside &= x > lower
            if upper is not None:
                inside &= x <= upper
        return inside


def find_box(values: pd.DataFrame, lost, depth: int = BOX_DEPTH) -> Box | None:
    """The scenario-discovery box of the design points where ``lost`` (one bool per row of ``values``, whose
    columns are the parameters).

    A classification tree (scikit-learn's ``DecisionTreeClassifier``, ``max_depth=depth``, leaves of at least
    :data:`MIN_LEAF_SHARE` of the points, ``random_state`` :data:`RANDOM_STATE`) separates the points that lost
    from those that did not; each leaf is a box. Of the leaves where the points that lost are the majority and
    denser than in the whole design, the box is the one that holds most of them (coverage), then the densest,
    then the first in the tree. None when every point or none lost, or no leaf qualifies.
    """
    from sklearn.tree import DecisionTreeClassifier

    y = np.asarray(lost, dtype=bool)
    if y.all() or not y.any():
        return None
    x = values.to_numpy(float)
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=max(1, math.ceil(MIN_LEAF_SHARE * len(y))),
                                  random_state=RANDOM_STATE).fit(x, y).tree_
    leaves = []

    def walk(node: int, limits: dict) -> None:
        if tree.children_left[node] == -1:
            leaves.append(limits)
            return
        name, threshold = values.columns[tree.feature[node]], float(tree.threshold[node])
        lower, upper = limits.get(name, (None, None))  # a deeper split on the same parameter narrows its range
        below = threshold if upper is None else min(upper, threshold)
        above = threshold if lower is None else max(lower, threshold)
        walk(tree.children_left[node], {**limits, name: (lower, below)})
        walk(tree.children_right[node], {**limits, name: (above, upper)})

    walk(0, {})
    best = None
    for limits in leaves:
        if not limits:
            continue  # the tree did not split: no box narrower than the design
        inside = Box(limits, 0, 0, int(y.sum())).contains(values)
        box = Box(limits, int(inside.sum()), int((inside & y).sum()), int(y.sum()))
        if box.inside and box.density > max(0.5, y.mean()) and (
                best is None or (box.coverage, box.density) > (best.coverage, best.density)):
            best = box
    return best


@dataclass(frozen=True)
class Discovery:
    """Where one policy loses its advantage on one headline outcome in one scenario of a study.

    Attributes:
        points: the design points where the effect is defined (with their parameter values, ``diff_mean`` and
            ``lost``: the mean paired difference to none is 0 or above).
        box: the box of the points that lost (:func:`find_box`), or None.
    """

    scenario: str
    policy: str
    outcome: str
    points: pd.DataFrame
    box: Box | None

    @property
    def lost(self) -> int:
        return int(self.points["lost"].sum())


def discover(study: Study, scenario: str) -> list[Discovery]:
    """Per policy and headline outcome (in that order), where the policy loses its advantage in ``scenario``."""
    out = []
    here = study.effects[study.effects["scenario"] == scenario]
    for policy in study.policies:
        for outcome in HEADLINE:
            rows = here[(here["policy"] == policy) & (here["outcome"] == outcome)].dropna(subset=["diff_mean"])
            points = rows[["point", *study.parameters, "diff_mean"]].assign(lost=rows["diff_mean"] >= 0)
            points = points.reset_index(drop=True)
            box = find_box(points[list(study.parameters)], points["lost"]) if study.parameters else None
            out.append(Discovery(scenario, policy, outcome, points, box))
    return out


# --------------------------------------------------------------------------- words

def _name(lang: str, policy: str) -> str:
    name = policy_name(lang, policy)
    return name[:1].upper() + name[1:]


def _parameter(name: str) -> Markup:
    return Markup("<code>{}</code>").format(name)


def _value(value: float, lang: str, **source) -> Markup:
    """A parameter's value, as :func:`~analysis.report.formatting.trimmed` writes it, traced to its source."""
    return marked(trimmed(value, lang), **source)


def box_limits(box: Box, lang: str, **source) -> list[Markup]:
    """Each limit of ``box`` in words (``a > 0.1``, ``b ≤ 0.3``, ``0.1 < c ≤ 0.3``), its values traced to
    ``source``."""
    parts = []
    for name, (lower, upper) in box.limits.items():
        mark = dict(parameter=name, **source)
        lo = _value(lower, lang, stat="box_lower", **mark) if lower is not None else None
        hi = _value(upper, lang, stat="box_upper", **mark) if upper is not None else None
        key = "robust_limit_between" if lo and hi else "robust_limit_above" if lo else "robust_limit_below"
        parts.append(sentence(lang, key, parameter=_parameter(name), lo=lo, hi=hi))
    return parts


def box_text(box: Box, lang: str, sep: str | None = None) -> str:
    """A box as plain text (for figure titles and panels): its limits joined by ``sep`` (default: ``a, b and
    c``)."""
    parts = [limit.striptags() for limit in box_limits(box, lang)]
    return join(lang, parts) if sep is None else sep.join(parts)


def _percent(share: float, lang: str, **source) -> Markup:
    """A share (0-1) in percent, traced to its ``source`` with the factor 100."""
    return scaled(share, 100.0, percent_places(100 * share), lang, **source)


def discovery_sentence(d: Discovery, study_id: str, lang: str) -> Markup:
    """What :func:`discover` found for one policy and outcome, in words."""
    values = dict(outcome=outcome_name(lang, d.outcome), points=len(d.points), lost=d.lost)
    if d.lost == 0:
        return sentence(lang, "robust_box_never", **values)
    if d.lost == len(d.points):
        return sentence(lang, "robust_box_always", **values)
    if d.box is None:
        return sentence(lang, "robust_box_scattered", depth=BOX_DEPTH, **values)
    mark = dict(study=study_id, scenario=d.scenario, policy=d.policy, outcome=d.outcome)
    return sentence(lang, "robust_box_found", box=Markup(join(lang, box_limits(d.box, lang, **mark))),
                    inside=d.box.inside,
                    lost_inside=d.box.lost_inside,
                    density=_percent(d.box.density, lang, stat="density", **mark),
                    coverage=_percent(d.box.coverage, lang, stat="coverage", **mark), **values)


def _factor(row, digits: int, lang: str, **mark) -> Markup:
    """One factor's indices in words, each shown times :func:`~analysis.report.robustness_figures.index_scale` and
    traced."""
    stats = ("mu_star", "mu_star_conf", "sigma") if row["method"] == "morris" else ("ST", "ST_conf", "S1", "S1_conf")
    key = "robust_factor_sobol" if row["method"] != "morris" else (
        "robust_factor_morris" if math.isfinite(row["sigma"]) else "robust_factor_morris_group")
    factor = index_scale(row["method"], row["outcome"])
    values = {s: scaled(row[s], factor, digits, lang, factor=row["factor"], stat=s, **mark) for s in stats}
    return sentence(lang, key, factor=_parameter(row["factor"]), **values)


def _index_digits(block: pd.DataFrame) -> int:
    """Decimals of a block of one outcome's indices as shown (times
    :func:`~analysis.report.robustness_figures.index_scale`): for its ranking index and the second one shown (sigma
    or S1)."""
    method = block["method"].iloc[0]
    factor = index_scale(method, block["outcome"].iloc[0])
    return decimals([factor * v for v in (*block[ranked_by(block)], *block[INDEX_STATS[method][1]])])


def matters_sentences(study: Study, scenario: str, policy: str, study_id: str, lang: str) -> list[Markup]:
    """Per headline outcome, the parameters the effect of ``policy`` depends on most (and a warning where the
    indices mostly measure noise)."""
    out = []
    target = effect_target(policy)
    for outcome in HEADLINE:
        top = top_factors(study.indices, scenario, target, outcome, TOP_SENTENCE)
        top = top[top[ranked_by(study.indices)] > 0]
        values = dict(policy=policy_name(lang, policy), outcome=outcome_name(lang, outcome))
        if top.empty:
            out.append(sentence(lang, "robust_matters_nothing", **values))
            continue
        mark = dict(study=study_id, scenario=scenario, target=target, outcome=outcome)
        digits = _index_digits(top)
        factors = Markup(join(lang, [_factor(r, digits, lang, **mark) for _, r in top.iterrows()]))
        said = sentence(lang, f"robust_matters_{study.design['method']}", factors=factors,
                        unit=unit(lang, outcome, difference=True), **values)
        noise = top["noise_share"].iloc[0]
        if math.isfinite(noise) and noise > NOISY:
            said += Markup(" ") + sentence(lang, "robust_noise", pct=_percent(noise, lang, stat="noise_share",
                                                                              **mark))
        out.append(said)
    return out


def _effect(row, digits: int, lang: str, **mark) -> tuple[Markup, Markup]:
    """A point's mean paired difference and its 95% interval, shown times :func:`~analysis.report.labels.scale`
    and traced."""
    mark = dict(point=int(row["point"]), **mark)
    factor = scale(mark["outcome"])
    mean = scaled(row["diff_mean"], factor, digits, lang, True, stat="diff_mean", **mark)
    if not (math.isfinite(row["diff_lo"]) and math.isfinite(row["diff_hi"])):
        return mean, Markup("")
    lo = scaled(row["diff_lo"], factor, digits, lang, True, stat="diff_lo", **mark)
    hi = scaled(row["diff_hi"], factor, digits, lang, True, stat="diff_hi", **mark)
    return mean, Markup("[{}{}{}]").format(lo, SEPARATOR[lang], hi)


def _signed(digits: int, values) -> int:
    """``digits``, or more where a nonzero value among ``values`` would be written 0 with them: enough to show its
    first significant digit (at most 6 decimals, as :func:`analysis.ensemble.decimals`). A sentence about a sign
    change shows the signs of the means it names, even where their intervals allow fewer decimals."""
    need = [-math.floor(math.log10(abs(v))) for v in values if math.isfinite(v) and v != 0]
    return min(6, max([digits, *need]))


def crossing_sentences(study: Study, scenario: str, changes: pd.DataFrame, parameter: str, study_id: str,
                       lang: str) -> list[Markup]:
    """One sentence per line of the sweep along ``parameter`` whose effect changes sign (``changes``: its rows of
    :func:`sign_changes`)."""
    out = []
    others = [p for p in study.parameters if p != parameter]
    here = study.effects[study.effects["scenario"] == scenario]
    for key, rows in changes.groupby(["policy", "outcome", *others], sort=False, dropna=False):
        policy, outcome, fixed = key[0], key[1], dict(zip(others, key[2:]))
        line = here[(here["policy"] == policy) & (here["outcome"] == outcome)]
        for name, value in fixed.items():
            line = line[line[name] == value]
        line = line.dropna(subset=["diff_mean"]).sort_values(parameter, kind="stable")
        factor = scale(outcome)
        digits = _signed(difference_places(here[here["outcome"] == outcome], factor),
                         factor * line["diff_mean"].iloc[[0, -1]])
        mark = dict(study=study_id, scenario=scenario, policy=policy, outcome=outcome)
        first, first_ci = _effect(line.iloc[0], digits, lang, **mark)
        last, last_ci = _effect(line.iloc[-1], digits, lang, **mark)
        pmark = dict(study=study_id, scenario=scenario, parameter=parameter)
        at = [dict(a=_value(r.lower, lang, stat="lower", **pmark, policy=policy, outcome=outcome),
                   b=_value(r.upper, lang, stat="upper", **pmark, policy=policy, outcome=outcome),
                   x=_value(r.crossing, lang, stat="crossing", **pmark, policy=policy, outcome=outcome))
              for r in rows.itertuples(index=False)]
        values = dict(parameter=_parameter(parameter), policy=policy_name(lang, policy),
                      outcome=outcome_name(lang, outcome), unit=unit(lang, outcome, difference=True),
                      first=first, first_ci=first_ci, last=last, last_ci=last_ci,
                      lo=_value(line[parameter].iloc[0], lang, stat="first", **pmark),
                      hi=_value(line[parameter].iloc[-1], lang, stat="last", **pmark),
                      fixed=sentence(lang, "robust_fixed", values=", ".join(
                          f"{k} = {trimmed(v, lang)}" for k, v in fixed.items())) if fixed else "")
        if len(at) == 1:
            out.append(sentence(lang, "robust_crossing_one", **values, **at[0]))
        else:
            where = Markup(join(lang, [sentence(lang, "robust_crossing_at", **a) for a in at]))
            out.append(sentence(lang, "robust_crossing_many", k=len(at), where=where, **values))
    return out


def conclusion(findings: list[tuple[str, str, str]], parameters: list[str], noisy: bool, lang: str) -> Markup:
    """The one sentence on what the section means for the comparison's conclusions: ``findings`` are the
    (scenario, policy, outcome) whose effect changes sign or is lost somewhere, ``parameters`` those it depends on
    (a sweep's parameter where it changes sign, a box's limits; none: the assumptions varied), ``noisy`` whether
    most paired differences at single points are within noise."""
    if not findings:
        return sentence(lang, "robust_conclusion_robust")
    outcomes = {}
    for _, policy, outcome in findings:
        outcomes.setdefault(policy, {})[outcome] = None
    pairs = [text(lang, "robust_pair", policy=policy_name(lang, p), outcome=join(lang, [outcome_name(lang, o)
                                                                                        for o in found]))
             for p, found in outcomes.items()]
    names = Markup(join(lang, [_parameter(p) for p in dict.fromkeys(parameters)]))
    return sentence(lang, "robust_conclusion_fragile", pairs=join(lang, pairs),
                    parameters=names or text(lang, "robust_these_assumptions"),
                    noise=text(lang, "robust_conclusion_noise") if noisy else "")


# --------------------------------------------------------------------------- the section

def _figure(fig_id: str, title: str, svg: str, caption: str, table: pd.DataFrame) -> dict:
    return {"id": fig_id, "title": title, "svg": Markup(svg), "caption": caption, "csv": csv_uri(table)}


def _intro(study: Study, lang: str) -> str:
    d = study.definition
    policies = join(lang, [policy_name(lang, p) for p in d["policies"]])
    points = int(study.effects[["scenario", "point"]].drop_duplicates().groupby("scenario").size().max())
    if study.kind == "sweep":
        ranges = join(lang, [text(lang, "robust_range", parameter=p, lo=trimmed(study.effects[p].min(), lang),
                                  hi=trimmed(study.effects[p].max(), lang)) for p in study.parameters])
        return text(lang, "robust_sweep_intro", points=points, ranges=ranges, policies=policies,
                    replicates=d["replicates"], folder=study.folder)
    factors = study.indices["factor"].nunique()
    return text(lang, "robust_sensitivity_intro", method=text(lang, f"robust_{study.design['method']}"),
                n=len(study.design["parameters"]), factors=factors, points=points, policies=policies,
                replicates=d["replicates"], folder=study.folder)


def _part(study_id: str, name: str, lang: str, blocks=(), sentences=(), figures=()) -> dict:
    """One part of a study's subsection: its heading, per-policy blocks of sentences, sentences and figures."""
    return {"id": f"{study_id}-{name}", "heading": text(lang, f"robust_{name}_heading"), "blocks": list(blocks),
            "sentences": list(sentences), "figures": list(figures)}


#: A finding of a part: (scenario, policy, outcome, the parameters it depends on) whose effect changes sign or is
#: lost somewhere.
Finding = tuple[str, str, str, tuple[str, ...]]


def _matters_part(study: Study, scenario: str, study_id: str, policies: Sequence[str],
                  lang: str) -> tuple[dict, list[Finding]]:
    method = study.design["method"]
    rank = ranked_by(study.indices)
    blocks, figures = [], []
    for policy in study.policies:
        target = effect_target(policy)
        blocks.append({"policy": policy, "name": _name(lang, policy),
                       "sentences": matters_sentences(study, scenario, policy, study_id, lang)})
        tops = {o: top_factors(study.indices, scenario, target, o, TOP_FIGURE) for o in HEADLINE}
        leaders = [t.iloc[0]["factor"] for t in tops.values() if not t.empty and t.iloc[0][rank] > 0]
        if leaders:
            factor = max(dict.fromkeys(leaders), key=leaders.count)
            title = text(lang, "robust_matters_title", factor=factor, policy=policy_name(lang, policy),
                         k=leaders.count(factor), n=len(HEADLINE))
        else:
            title = text(lang, "robust_matters_title_nothing", policy=policy_name(lang, policy))
        rows = study.indices[(study.indices["scenario"] == scenario) & (study.indices["target"] == target)
                             & study.indices["outcome"].isin(HEADLINE)]
        salt = f"{study_id}-matters-{policy}"
        figures.append(_figure(f"figure-{salt}", title,
                               indices_svg(tops, method, colours(policies)[policy], lang, title, salt),
                               text(lang, f"robust_matters_caption_{method}", k=TOP_FIGURE,
                                    policy=policy_name(lang, policy)), rows))
    return _part(study_id, "matters", lang, blocks=blocks, figures=figures), []


def _signs_part(study: Study, scenario: str, study_id: str, policies: Sequence[str],
                lang: str) -> tuple[dict, list[Finding]]:
    here = study.effects[study.effects["scenario"] == scenario]
    sentences, figures, found = [], [], {}
    for parameter in study.parameters:
        changes = sign_changes(here, parameter, study.parameters)
        sentences += crossing_sentences(study, scenario, changes, parameter, study_id, lang)
        for pair in zip(changes["policy"], changes["outcome"]):
            found.setdefault(pair, {})[parameter] = None
        if changes.empty:
            title = text(lang, "robust_signs_title_none", parameter=parameter)
        else:
            first = changes.iloc[0]
            key = "robust_signs_title_one" if len(changes) == 1 else "robust_signs_title_many"
            title = text(lang, key, k=len(changes), policy=policy_name(lang, first["policy"]),
                         outcome=outcome_name(lang, first["outcome"]), parameter=parameter,
                         x=trimmed(first["crossing"], lang))
        salt = f"{study_id}-signs-{parameter}"
        figures.append(_figure(f"figure-{salt}", title,
                               effects_svg(here, parameter, study.parameters, study.units.get(parameter, ""),
                                           changes, policies, lang, title, salt),
                               text(lang, "robust_signs_caption", replicates=study.definition["replicates"]),
                               with_unit(here)))
    pairs = len(study.policies) * len(HEADLINE)
    if not found:
        sentences.append(sentence(lang, "robust_crossings_none"))
    elif len(found) < pairs:
        sentences.append(sentence(lang, "robust_crossings_rest", k=pairs - len(found)))
    findings = [(scenario, p, o, tuple(params)) for (p, o), params in found.items()]
    return _part(study_id, "signs", lang, sentences=sentences, figures=figures), findings


def _boxes_part(study: Study, scenario: str, study_id: str, policies: Sequence[str],
                lang: str) -> tuple[dict, list[Finding]]:
    found = discover(study, scenario)
    blocks = [{"policy": policy, "name": _name(lang, policy),
               "sentences": [discovery_sentence(d, study_id, lang) for d in found if d.policy == policy]}
              for policy in study.policies]
    boxed = [d for d in found if d.box is not None]
    figures = []
    if boxed:
        best = max(boxed, key=lambda d: (d.box.coverage, d.box.density))
        title = text(lang, "robust_boxes_title", policy=_name(lang, best.policy),
                     outcome=outcome_name(lang, best.outcome), box=box_text(best.box, lang))
        table = pd.concat([d.points.assign(scenario=d.scenario, policy=d.policy, outcome=d.outcome,
                                           inside=d.box.contains(d.points)) for d in boxed], ignore_index=True)
        table = table[["scenario", "policy", "outcome", "point", *study.parameters, "diff_mean", "lost", "inside"]]
        figures.append(_figure(f"figure-{study_id}-boxes", title,
                               boxes_svg(boxed, study.units, policies, lang, title, f"{study_id}-boxes",
                                         [box_text(d.box, lang, f"\n{text(lang, 'and')} ") for d in boxed]),
                               text(lang, "robust_boxes_caption"), table))
    few = study.parameters if len(study.parameters) <= TOP_SENTENCE else ()
    findings = [(d.scenario, d.policy, d.outcome, tuple(d.box.limits) if d.box else few)
                for d in found if 0 < d.lost < len(d.points)]
    return _part(study_id, "boxes", lang, blocks=blocks, figures=figures), findings


def _heading(study: Study, scenario: str, lang: str) -> str:
    if study.kind == "sweep":
        heading = text(lang, "robust_sweep_heading", parameters=", ".join(study.parameters))
    else:
        heading = text(lang, "robust_sensitivity_heading", n=len(study.design["parameters"]),
                       method=text(lang, f"robust_{study.design['method']}"))
    return heading + (text(lang, "robust_population", scenario=scenario) if len(study.scenarios) > 1 else "")


def robustness_section(data: ReportData, folders: Sequence[str | Path], lang: str) -> dict | None:
    """The context of the template ``_robustness.html.j2``: per sweep or sensitivity folder (in the order given)
    and scenario its parts (which assumptions matter most, where the effect changes sign, where a policy loses
    its advantage), each with its sentences and figures (title, SVG, caption, CSV), and the conclusion; None
    without folders. ``data`` is the comparison (its policies' order gives each policy its colour and marker)."""
    if not folders:
        return None
    studies, findings, fragile = [], [], []
    for i, folder in enumerate(folders, start=1):
        study = load_study(folder)
        policies = tuple(dict.fromkeys((*data.policies, *study.policies)))
        first_part = _matters_part if study.kind == "sensitivity" else _signs_part
        for k, scenario in enumerate(study.scenarios, start=1):
            study_id = f"{study.kind}-{i}" + (f"-{k}" if len(study.scenarios) > 1 else "")
            parts = [make(study, scenario, study_id, policies, lang) for make in (first_part, _boxes_part)]
            found = [f for _, fs in parts for f in fs]
            findings += found
            keys = set(zip(study.effects["scenario"], study.effects["policy"], study.effects["outcome"]))
            mine = {f[:3] for f in found} & keys
            fragile.append(study.effects[[key in mine for key in zip(study.effects["scenario"], study.effects[
                "policy"], study.effects["outcome"])]])
            studies.append({"id": study_id, "heading": _heading(study, scenario, lang), "intro": _intro(study, lang),
                            "parts": [part for part, _ in parts]})
    effects = pd.concat(fragile)
    noisy = bool((~((effects["diff_hi"] < 0) | (effects["diff_lo"] > 0))).mean() > 0.5)
    return {"studies": studies,
            "conclusion": conclusion([f[:3] for f in findings], [p for f in findings for p in f[3]], noisy, lang)}


__all__ = ["Box", "Discovery", "Study", "discover", "find_box", "folder_kind", "load_study", "robustness_section",
           "sign_changes", "sort_folders", "top_factors"]
