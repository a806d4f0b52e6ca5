"""The statistics the calibration compares with its targets, computed from model runs.

:func:`run_statistics` runs the model once and returns the outcomes the targets use (``sim.outcomes``) plus the
*extra* statistics computed here from the model object: the weekly carer hours while stepping (share of active
carer-weeks with >= ``HOURS_CUT`` hours/week; :func:`step_counting_carer_hours`, :func:`share_8h_or_more`), the
event log joined with the organisations' system links (:func:`handover_statistics`) and the network at set-up
(:func:`plan_statistics`); and the histogram of the strain of active carer-weeks, from which the carer block
solves its thresholds (:func:`strain_quantile`, :func:`category_shares`). Shares are fractions 0-1, hours are
hours per week, run lengths are years.
:func:`mean_stats` and :func:`summary` summarise several replicates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from experiments.calibration.targets import HOURS_CUT


def lay_over(raw: dict, values: dict[str, float]) -> dict:
    """A copy of the raw scenario table with ``values`` (dotted names) laid over it."""
    from sim.scenario import deep_merge, overrides_to_tree
    return deep_merge(raw, overrides_to_tree(values))


def build_params(raw: dict, values: dict[str, float]):
    """Validated parameters: the scenario's raw table with ``values`` (dotted names) laid over it."""
    from sim.scenario import validate
    return validate(lay_over(raw, values), "calibration candidate")


def handover_statistics(model) -> dict[str, float]:
    """Extra handover statistics from the event log and the organisations' system links (see TARGETS).

    The fitted versions take the *expected* link over the draw of system links: 1 within an organisation,
    ``workforce.systems_connected`` between two. With one to six organisations per role a municipality has only a
    few dozen organisation pairs, so the realised share of one run depends mostly on which pairs were drawn; the
    published figures are national, so the expectation is the statistic to compare (and is smooth in the
    parameter). The realised versions (``*_realised``) are reported alongside.
    """
    from sim import vocabulary as V
    from sim.observe import CARER_ROLE
    net, p = model.net, model.params
    log = model.log.arrays()
    ev = log["event"]
    transitions = np.flatnonzero(ev == V.EVENT["transition"])
    items = np.flatnonzero((ev == V.EVENT["handover_delivered"]) | (ev == V.EVENT["handover_failed"]))
    keys = ("discharge_letter_gp_complete", "handover_digital_share")
    out = {k + suffix: float("nan") for k in keys for suffix in ("", "_realised")}
    if items.size == 0 or transitions.size == 0:
        return out
    kind_of = np.full(int(log["ref"][transitions].max()) + 1, -1)
    kind_of[log["ref"][transitions]] = log["detail"][transitions]
    actor, target, role, ref = (log[c][items] for c in ("actor", "target", "role", "ref"))
    post_to_post = (actor >= 0) & (target >= 0) & (role != CARER_ROLE) & (actor != target)
    org_a = net.post_org[np.where(post_to_post, actor, 0)]
    org_b = net.post_org[np.where(post_to_post, target, 0)]
    realised = post_to_post & net.linked[org_a, org_b]
    expected = np.where(org_a == org_b, 1.0, p.workforce.systems_connected)
    if post_to_post.any():
        out["handover_digital_share"] = float(expected[post_to_post].mean())
        out["handover_digital_share_realised"] = float(realised[post_to_post].mean())
    letter = post_to_post & (role == V.GP) & (log["detail"][items] == V.MEDICATION) & (ref >= 0) & \
        (kind_of[np.clip(ref, 0, kind_of.size - 1)] == V.DISCHARGE)
    if letter.any():
        hp = p.handover
        complete = lambda link: link * hp.digital_complete + (1 - link) * hp.paper_complete  # noqa: E731
        out["discharge_letter_gp_complete"] = float(complete(expected[letter]).mean())
        out["discharge_letter_gp_complete_realised"] = float(complete(realised[letter].astype(float)).mean())
    return out


def plan_statistics(model) -> dict[str, float]:
    """Structural plan statistics at set-up (policy digital_plan)."""
    net = model.net
    return {"plan_posts_share": float(net.post_on_plan.mean()) if net.n_posts else float("nan"),
            "consent_share": float(net.consent.mean()) if net.n_clients else float("nan"),
            "plan_clients_share": float(net.plan.mean()) if net.n_clients else float("nan")}


def step_counting_carer_hours(model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step ``model`` to its end; per simulated week (index = week), the active carers and, of them, those who gave
    ``HOURS_CUT`` hours of care or more that week (int64 arrays; their sums over weeks give
    ``carer_share_8h_or_more``, over any window of weeks too); and the histogram of the strain of active
    carer-weeks (:func:`strain_histogram`)."""
    active, over = [], []
    strain = np.zeros(STRAIN_BINS, dtype=np.int64)
    while model.running:
        model.step()
        on = model.net.carer_active
        active.append(int(on.sum()))
        over.append(int(np.count_nonzero(on & (model.world.carer_care >= HOURS_CUT))))
        strain += strain_histogram(model.net.carer_strain[on])
    return np.array(active, dtype=np.int64), np.array(over, dtype=np.int64), strain


#: Width of a bin of the strain histogram (strain units) and the number of bins (the last holds everything above).
STRAIN_BIN = 0.005
STRAIN_BINS = 8000


def strain_histogram(strain: np.ndarray) -> np.ndarray:
    """Counts of ``strain`` values (strain units) in bins of ``STRAIN_BIN`` from 0; the last bin is open above."""
    index = np.minimum((np.asarray(strain, np.float64) / STRAIN_BIN).astype(np.int64), STRAIN_BINS - 1)
    return np.bincount(index, minlength=STRAIN_BINS)


def share_at_or_above(histogram: np.ndarray, threshold: float) -> float:
    """Share of the counted carer-weeks whose strain is >= ``threshold`` (linear within a bin)."""
    total = histogram.sum()
    if total == 0:
        return float("nan")
    i = min(max(int(threshold // STRAIN_BIN), 0), STRAIN_BINS - 1)
    inside = (threshold - i * STRAIN_BIN) / STRAIN_BIN
    return float((histogram[i + 1:].sum() + (1 - inside) * histogram[i]) / total)


def strain_quantile(histogram: np.ndarray, tail: float) -> float:
    """The strain (strain units) that the share ``tail`` of the counted carer-weeks reaches or exceeds: the
    inverse of :func:`share_at_or_above` (linear within a bin)."""
    total = histogram.sum()
    if total == 0:
        return float("nan")
    at_or_above = np.cumsum(histogram[::-1])[::-1] / total     # share >= the lower edge of each bin
    i = int(np.flatnonzero(at_or_above >= tail)[-1]) if at_or_above[0] >= tail else 0
    above = at_or_above[i + 1] if i + 1 < STRAIN_BINS else 0.0
    inside = (at_or_above[i] - tail) / (at_or_above[i] - above) if at_or_above[i] > above else 0.0
    return float((i + inside) * STRAIN_BIN)


def category_shares(histogram: np.ndarray, thresholds: Sequence[float]) -> list[float]:
    """Share of the counted carer-weeks in each category from the lowest threshold up: between each threshold
    and the next (the last: at or above it)."""
    at = [share_at_or_above(histogram, t) for t in thresholds] + [0.0]
    return [at[k] - at[k + 1] for k in range(len(thresholds))]


def share_8h_or_more(active: np.ndarray, over: np.ndarray) -> float:
    """``carer_share_8h_or_more`` from the weekly counts of :func:`step_counting_carer_hours` (or a slice of them)."""
    n = int(np.sum(active))
    return int(np.sum(over)) / n if n else float("nan")


def run_statistics(params, policy: str, seed: int, years: float, setup_only: bool = False,
                   by_year: bool = False, with_strain: bool = False) -> dict[str, Any]:
    """One run: the outcomes the targets use plus the extra statistics (see TARGETS); ``with_strain`` adds the
    histogram of the strain of active carer-weeks under ``"strain_histogram"`` (an array, not a statistic)."""
    from sim.model import CareNetworkModel
    model = CareNetworkModel(params, policy=policy, seed=seed, years=years, mesa_agents=False)
    if setup_only:
        return plan_statistics(model)
    active, over, strain = step_counting_carer_hours(model)
    outcomes = model.outcomes()
    stats = {k: float(outcomes[k]) for k in (
        "carer_share_overburdened", "carer_share_very_heavy", "carer_share_fairly_heavy", "carer_share_heavily_burdened",
        "carer_care_hours_per_week", "discharge_medication_complete_share", "carer_burnout_per_carer_year",
        "handover_delivered_by_direct_digital_share", "handover_delivered_by_direct_paper_share")}
    stats["carer_share_8h_or_more"] = share_8h_or_more(active, over)
    stats.update(handover_statistics(model))
    if by_year:
        tot = model.series.totals()
        for y in range(int(math.ceil(model.n_weeks / 52))):
            sl = slice(52 * y, 52 * (y + 1))
            act = float(np.sum(tot["carers_active"][sl]))
            for k in ("fairly_heavy", "very_heavy", "overburdened"):
                stats[f"year{y + 1}_carer_share_{k}"] = float(np.sum(tot[f"carers_{k}"][sl])) / act if act else float("nan")
    if with_strain:
        stats["strain_histogram"] = strain
    return stats


def mean_stats(reps: Sequence[dict[str, float]]) -> dict[str, float]:
    """The mean of each statistic over replicates, NaN values left out (NaN where every replicate has NaN)."""
    keys = reps[0].keys() if reps else ()
    return {k: float(np.nanmean([r[k] for r in reps])) if any(r[k] == r[k] for r in reps) else float("nan")
            for k in keys}


def summary(values: Sequence[float]) -> dict[str, Any]:
    """One statistic over single runs: mean, 95% range of the runs (2.5th-97.5th percentile), standard error of
    the mean and the values; NaN values are left out of the summary."""
    arr = np.array([v for v in values if v == v], float)
    if arr.size == 0:
        return {"mean": None, "lo": None, "hi": None, "sem": None, "values": list(values)}
    sem = float(arr.std(ddof=1) / math.sqrt(arr.size)) if arr.size > 1 else None
    return {"mean": float(arr.mean()), "lo": float(np.percentile(arr, 2.5)), "hi": float(np.percentile(arr, 97.5)),
            "sem": sem, "values": [float(v) for v in values]}


__all__ = ["STRAIN_BIN", "STRAIN_BINS", "build_params", "category_shares", "handover_statistics", "lay_over",
           "mean_stats", "plan_statistics", "run_statistics", "share_8h_or_more", "share_at_or_above",
           "step_counting_carer_hours", "strain_histogram", "strain_quantile", "summary"]
