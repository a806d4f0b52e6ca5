"""The report's trade-offs and mechanism figures: who does the work, what a cut in failed handovers costs, and how
carer burden, handover failures and complaints come about under each policy.

* :func:`stacked_svg`: 100% bars of parts that add up to 1, each part with its own colour and hatching and its share
  written in it where it fits; :func:`composition_svg` per policy (the carer-burden categories; the fates of closed
  complaints) and :func:`reach_svg` per policy and block (client-weeks reached, and not reached by reason).
* :func:`fan_svg`: per policy, a weekly series over the replicates (median, middle 50% and 90% of runs), with none's
  median for reference: carer strain and unmet need week by week.
* :func:`profile_svg`: per category (transition kind, channel), each policy's mean with its 95% interval, each policy
  with its own marker shape: where under each policy the failures happen.
* :func:`plane_svg`: the cost-outcome plane: per policy the paired difference to none in the payers' cost (x) and in
  transitions with a failed handover (y), each with its 95% interval.
* The work each policy moves between professionals and carers is a forest plot of paired differences
  (:func:`analysis.report.figures.forest_svg` with :data:`WORK`).

Every figure gets an active title from the numbers (``*_title``) and the data behind it as a table (``*_table``)
for its CSV. Shares are shown in percent (:func:`analysis.report.labels.scale`).
"""

from __future__ import annotations

import matplotlib
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.report.data import BASELINE, COORDINATION, PLANE, ReportData, verdict, with_unit
from analysis.report.figures import HATCHES, MARKERS, WIDTH, colours
from analysis.svg import FONT_SIZE, STYLE, svg
from analysis.report.formatting import number
from analysis.report.labels import BLOCK_NAMES, REASON_NAMES, outcome_name, policy_name, scale, text
from sim.vocabulary import BLOCKS, NOT_REACHED

def _rows(data: ReportData, scenario: str, outcomes) -> pd.DataFrame:
    s = data.summary
    rows = s[(s["scenario"] == scenario) & s["outcome"].isin(outcomes)]
    return rows[["scenario", "policy", "outcome", "n", "mean", "lo", "hi", "diff_mean", "diff_lo", "diff_hi"]
                ].reset_index(drop=True)


def table(data: ReportData, scenario: str, outcomes) -> pd.DataFrame:
    """The data of a figure: per policy and outcome the mean, its 95% interval and the paired difference to none,
    as stored (shares as fractions 0-1), with the stored unit."""
    return with_unit(_rows(data, scenario, outcomes))


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


#: Colours (indices into seaborn's ``colorblind`` palette) of the parts of a stacked bar, in order (their hatches:
#: :data:`analysis.report.figures.HATCHES`).
PART_COLOURS = (2, 8, 1, 3, 4, 0, 6, 9, 5, 7)


def _hatch(k: int) -> str:
    """The hatching of part ``k`` of a stacked bar: with its colour (``PART_COLOURS[k % 10]``) unique for k < 20."""
    return HATCHES[(k + k // len(PART_COLOURS)) % len(HATCHES)]


def stacked_svg(rows, names, lang: str, title: str, xlabel: str, salt: str) -> str:
    """One 100% bar per row (the first on top): ``rows`` is a list of (label, shares in %), the shares in the order
    of ``names`` (the parts' names, each with its own colour and hatching); a share of 7% or more is written in
    its part."""
    palette = sns.color_palette("colorblind", 10)
    colours_ = [palette[i] for i in PART_COLOURS]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 0.55 * len(rows) + 1.5 + 0.24 * ((len(names) + 1) // 2)))
        ax = fig.subplots()
        for i, (_, shares) in enumerate(rows):
            y = len(rows) - 1 - i
            left = 0.0
            for k, share in enumerate(shares):
                if not share > 0:
                    continue
                ax.barh(y, share, left=left, height=0.62, color=colours_[k % len(colours_)], hatch=_hatch(k),
                        edgecolor="0.25", linewidth=0.6)
                if share >= 7:
                    ax.text(left + share / 2, y, number(share, 0 if share >= 10 else 1, lang) + "%", ha="center",
                            va="center", fontsize=FONT_SIZE - 1,
                            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
                left += share
        ax.set_xlim(0, 100)
        ax.set_yticks(range(len(rows)), [label for label, _ in reversed(rows)])
        ax.set_xlabel(xlabel)
        handles = [Patch(facecolor=colours_[k % len(colours_)], hatch=_hatch(k), edgecolor="0.25",
                         label=_capital(name)) for k, name in enumerate(names)]
        fig.legend(handles=handles, loc="lower center", ncols=2, frameon=False)
        legend_share = (0.4 + 0.24 * ((len(names) + 1) // 2)) / fig.get_figheight()
        fig.tight_layout(rect=(0, legend_share, 1, 1))
        return svg(fig, salt, title)


def composition_svg(data: ReportData, scenario: str, lang: str, parts, title: str, xlabel: str) -> str:
    """One 100% bar per policy (none on top) of ``parts`` (outcomes whose means add up to 1)."""
    rows = [(policy_name(lang, p), [100 * data.cell(scenario, p, part)["mean"] for part in parts])
            for p in data.policies]
    return stacked_svg(rows, [outcome_name(lang, part) for part in parts], lang, title, xlabel,
                       f"composition-{parts[0]}-{scenario}")


def reach_rows(data: ReportData, scenario: str) -> list[tuple[str, str, float, list[tuple[str, float]]]]:
    """Whom each policy's blocks reach: per policy other than none and block it has (its reach share defined),
    ``(policy, block, reached, [(reason, share), ...])``, shares of client-weeks (fractions 0-1)."""
    rows = []
    for policy in data.others():
        for block in BLOCKS:
            reached = data.cell(scenario, policy, f"reach_{block}_share")["mean"]
            if pd.isna(reached):
                continue
            reasons = [(r, data.cell(scenario, policy, f"not_reached_{block}_{r}_share")["mean"])
                       for r in NOT_REACHED[block]]
            rows.append((policy, block, reached, reasons))
    return rows


def reach_svg(data: ReportData, scenario: str, lang: str, title: str) -> str:
    """Per policy and block, a 100% bar of client-weeks: reached, and not reached by reason."""
    reach = reach_rows(data, scenario)
    blocks_of = {p: sum(r[0] == p for r in reach) for p in data.others()}
    reasons_shown = list(dict.fromkeys(r for *_, reasons in reach for r, _ in reasons))  # one colour per reason
    names = [text(lang, "reach_reached"), *(REASON_NAMES[lang][r] for r in reasons_shown)]
    rows = []
    for policy, block, reached, reasons in reach:
        shares = [100 * reached] + [0.0] * len(reasons_shown)
        for reason, share in reasons:
            shares[1 + reasons_shown.index(reason)] = 100 * share
        label = policy_name(lang, policy)
        if blocks_of[policy] > 1:
            label += f": {BLOCK_NAMES[lang][block]}"
        rows.append((label, shares))
    return stacked_svg(rows, names, lang, title, text(lang, "reach_xlabel"), f"reach-{scenario}")


def reach_title(data: ReportData, scenario: str, lang: str) -> str:
    """Active title of the reach figure: the policy that reaches the most client-weeks and the one that reaches
    the fewest."""
    shares = {p: data.cell(scenario, p, "policy_reach_share")["mean"] for p in data.others()}
    shares = {p: v for p, v in shares.items() if pd.notna(v)}
    if not shares:
        return text(lang, "reach_title_empty")
    most, least = max(shares, key=shares.get), min(shares, key=shares.get)
    return text(lang, "reach_title", most=_capital(policy_name(lang, most)), x=number(100 * shares[most], 0, lang),
                least=policy_name(lang, least), y=number(100 * shares[least], 0, lang))


def fan_svg(series: pd.DataFrame, scenario: str, policies, lang: str, column: str, factor: float, title: str,
            ylabel: str) -> str:
    """Per policy a panel of the weekly ``column`` (times ``factor``) over the replicates: the median as a line,
    the middle 50% and 90% of runs as bands; none's median as a dashed line in every panel for reference."""
    here = series[series["scenario"] == scenario]
    quantiles = (here.groupby(["policy", "week"])[column].quantile([0.05, 0.25, 0.5, 0.75, 0.95])
                 .unstack() * factor)
    shades = colours(policies)
    with matplotlib.rc_context(STYLE):
        n = len(policies)
        cols = min(n, 3)
        rows_ = -(-n // cols)
        fig = Figure(figsize=(WIDTH, 2.6 * rows_ + 0.8))
        axes = fig.subplots(rows_, cols, sharex=True, sharey=True, squeeze=False).ravel()
        reference = quantiles.loc[BASELINE] if BASELINE in quantiles.index.get_level_values(0) else None
        for ax, policy in zip(axes, policies):
            q = quantiles.loc[policy]
            weeks = q.index.to_numpy() / 52
            ax.fill_between(weeks, q[0.05], q[0.95], color=shades[policy], alpha=0.18, linewidth=0)
            ax.fill_between(weeks, q[0.25], q[0.75], color=shades[policy], alpha=0.38, linewidth=0)
            ax.plot(weeks, q[0.5], color=shades[policy], linewidth=1.6)
            if reference is not None and policy != BASELINE:
                ax.plot(reference.index.to_numpy() / 52, reference[0.5], color="0.2", linestyle="--", linewidth=1)
            ax.set_title(_capital(policy_name(lang, policy)), loc="left", fontsize=FONT_SIZE)
            ax.grid(color="0.93")
        for ax in axes[n:]:
            ax.set_visible(False)
        for ax in axes[(rows_ - 1) * cols:]:
            ax.set_xlabel(text(lang, "fan_xlabel"))
        for ax in axes[::cols]:
            ax.set_ylabel(ylabel)
        handles = [Patch(facecolor="0.5", alpha=0.38, label=text(lang, "fan_middle")),
                   Patch(facecolor="0.5", alpha=0.18, label=text(lang, "fan_outer")),
                   Line2D([], [], color="0.2", linestyle="--", label=text(lang, "fan_reference"))]
        fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False)
        fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))
        return svg(fig, f"fan-{column}-{scenario}", title)


def fan_title(series: pd.DataFrame, scenario: str, lang: str, column: str, factor: float, key: str) -> str:
    """Active title of a fan chart: the policy with the lowest mean of the weekly ``column`` over the run, and
    none's (``key``: a text with ``{policy}``, ``{x}``, ``{y}``; ``key + '_none'`` when none is lowest)."""
    here = series[series["scenario"] == scenario]
    means = here.groupby("policy")[column].mean() * factor
    best = means.idxmin()
    y = number(means[BASELINE], 1, lang)
    if best == BASELINE:
        return text(lang, key + "_none", y=y)
    return text(lang, key, policy=_capital(policy_name(lang, best)), x=number(means[best], 1, lang), y=y)


def profile_svg(data: ReportData, scenario: str, lang: str, outcomes, names, title: str, xlabel: str,
                salt: str, factor: float = 1.0) -> str:
    """Per category (``outcomes``, named ``names``), each policy's mean (times ``factor``) with its 95% interval;
    a category no policy has (no such transitions) is left out."""
    palette = colours(data.policies)
    policies = data.policies
    kept = [(o, n) for o, n in zip(outcomes, names)
            if any(pd.notna(data.cell(scenario, p, o)["mean"]) for p in policies)]
    outcomes, names = [o for o, _ in kept], [n for _, n in kept]
    step = 0.8 / max(len(policies), 1)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 0.17 * len(outcomes) * max(len(policies), 3) + 1.8))
        ax = fig.subplots()
        for j, outcome in enumerate(outcomes):
            base = len(outcomes) - 1 - j
            for i, policy in enumerate(policies):
                row = data.cell(scenario, policy, outcome)
                y = base + 0.4 - step / 2 - i * step
                mean, lo, hi = (factor * row[k] for k in ("mean", "lo", "hi"))
                if pd.isna(mean):
                    continue
                err = [[mean - lo], [hi - mean]] if pd.notna(lo) and pd.notna(hi) else None
                ax.errorbar(mean, y, xerr=err, fmt=MARKERS[i % len(MARKERS)], color=palette[policy], markersize=6,
                            capsize=3, elinewidth=1.3)
            if j:
                ax.axhline(base + 0.5, color="0.85", linewidth=0.8)
        ax.set_yticks(range(len(outcomes)), list(reversed(names)))
        ax.set_ylim(-0.55, len(outcomes) - 0.45)
        ax.set_xlim(left=0)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="0.9")
        handles = [Line2D([], [], marker=MARKERS[i % len(MARKERS)], linestyle="", color=palette[p], markersize=7,
                          label=policy_name(lang, p)) for i, p in enumerate(policies)]
        fig.legend(handles=handles, loc="lower center", ncols=min(len(policies), 3), frameon=False)
        fig.tight_layout(rect=(0, 0.1, 1, 1))
        return svg(fig, f"{salt}-{scenario}", title)


def plane_svg(data: ReportData, scenario: str, lang: str, title: str) -> str:
    """The cost-outcome plane: per policy, the paired differences to none in the payers' cost (x, EUR per
    client-year) and in transitions with a failed handover (y, percentage points), each with its 95% interval."""
    cost, outcome = PLANE
    palette = colours(data.policies)
    factor = scale(outcome)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH * 0.85, 6.6))
        ax = fig.subplots()
        for i, policy in enumerate(data.others()):
            c, o = data.cell(scenario, policy, cost), factor * data.cell(scenario, policy, outcome)[
                ["diff_mean", "diff_lo", "diff_hi"]]
            ax.errorbar(c["diff_mean"], o["diff_mean"],
                        xerr=[[c["diff_mean"] - c["diff_lo"]], [c["diff_hi"] - c["diff_mean"]]],
                        yerr=[[o["diff_mean"] - o["diff_lo"]], [o["diff_hi"] - o["diff_mean"]]],
                        fmt=MARKERS[i % len(MARKERS)], color=palette[policy], markersize=9, capsize=4,
                        elinewidth=1.4)
            ax.annotate(policy_name(lang, policy), (c["diff_mean"], o["diff_mean"]), xytext=(9, 7),
                        textcoords="offset points", fontsize=FONT_SIZE)
        ax.axhline(0, color="0.3", linestyle="--", linewidth=1)
        ax.axvline(0, color="0.3", linestyle="--", linewidth=1)
        ax.set_xlabel(text(lang, "plane_xlabel"))
        ax.set_ylabel(text(lang, "plane_ylabel"))
        ax.grid(color="0.93")
        ax.text(0.99, 0.02, text(lang, "plane_corner"), transform=ax.transAxes, ha="right", va="bottom",
                fontsize=FONT_SIZE - 1, color="0.3")
        ax.margins(x=0.12, y=0.12)
        fig.tight_layout()
        return svg(fig, f"plane-{scenario}", title)


def work_title(data: ReportData, scenario: str, lang: str) -> str:
    """Active title of the work figure: the policy that adds the most professional coordination time, and the one
    that changes carers' arranging hours most."""
    others = data.others()
    hours = {p: data.cell(scenario, p, COORDINATION)["diff_mean"] for p in others}
    arranging = {p: data.cell(scenario, p, "carer_regelwerk_hours_per_week")["diff_mean"] for p in others}
    top, carer = max(hours, key=hours.get), max(arranging, key=lambda p: abs(arranging[p]))
    if hours[top] <= 0:
        return text(lang, "work_title_no_coordination", policy=_capital(policy_name(lang, carer)),
                    carer=number(arranging[carer], 2, lang, sign=True))
    return text(lang, "work_title", policy=_capital(policy_name(lang, top)),
                hours=number(hours[top], 1, lang, sign=True), other=policy_name(lang, carer),
                carer=number(arranging[carer], 2, lang, sign=True))


def plane_title(data: ReportData, scenario: str, lang: str) -> str:
    """Active title of the plane: the policy that cuts transitions with a failed handover most, and at what cost."""
    cost, outcome = PLANE
    cuts = {p: data.cell(scenario, p, outcome)["diff_mean"] for p in data.others()
            if verdict(*data.cell(scenario, p, outcome)[["diff_lo", "diff_hi"]]) == "reduces"}
    if not cuts:
        return text(lang, "plane_title_none")
    best = min(cuts, key=cuts.get)
    return text(lang, "plane_title", policy=_capital(policy_name(lang, best)),
                pp=number(scale(outcome) * -cuts[best], 1, lang),
                cost=number(data.cell(scenario, best, cost)["diff_mean"], 0, lang, sign=True))


def least_title(data: ReportData, scenario: str, lang: str, outcome: str, key: str) -> str:
    """Active title naming the policy that lowers the share ``outcome`` most beyond noise, with its mean against
    none's (``key``: the text with ``{policy}``, ``{x}`` and ``{y}``; ``key + '_none'`` with ``{y}`` when no policy
    lowers it beyond noise)."""
    cuts = {p: data.cell(scenario, p, outcome)["diff_mean"] for p in data.others()
            if verdict(*data.cell(scenario, p, outcome)[["diff_lo", "diff_hi"]]) == "reduces"}
    y = number(100 * data.cell(scenario, BASELINE, outcome)["mean"], 1, lang)
    if not cuts:
        return text(lang, key + "_none", y=y)
    best = min(cuts, key=cuts.get)
    return text(lang, key, policy=_capital(policy_name(lang, best)),
                x=number(100 * data.cell(scenario, best, outcome)["mean"], 1, lang), y=y)


def most_title(data: ReportData, scenario: str, lang: str, outcomes, names, key: str, factor: float) -> str:
    """Active title naming the category (of ``outcomes``, named ``names``) with the highest mean under none."""
    means = {name: data.cell(scenario, BASELINE, o)["mean"] for o, name in zip(outcomes, names)}
    means = {k: v for k, v in means.items() if pd.notna(v)}
    if not means:
        return text(lang, key + "_empty")
    top = max(means, key=means.get)
    return text(lang, key, name=top, x=number(factor * means[top], 1, lang))
