"""The report's figures as inline SVG: the forest plot of paired differences and the costs per payer.

* :func:`forest_svg`: one panel per headline outcome, one row per policy: the mean paired difference to none with
  its 95% interval, a dashed line at 0; a hollow marker where the interval includes 0 (within noise). Policies are
  named on the axis, and each has its own marker shape as well as its colour, so no meaning rests on colour.
* :func:`costs_svg`: per policy, each payer's mean paired difference to none stacked from 0 (more cost to the
  right, less to the left, so cost moved between payers shows on both sides), each payer with its own colour and
  hatching, and the payers together as a diamond with its 95% interval.

Colours are seaborn's colour-blind-safe ``colorblind`` palette. :func:`analysis.svg.svg` makes the SVG
deterministic (a fixed ``svg.hashsalt`` per figure, no date) and fit for inlining in HTML: no XML prolog, DOCTYPE,
metadata or namespace URLs, text drawn as paths (no fonts needed).
"""

from __future__ import annotations

import matplotlib
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.report.data import ReportData, verdict
from analysis.report.formatting import difference_places, interval, number
from analysis.report.labels import PAYER_COSTS, PAYERS_TOTAL, outcome_name, policy_name, scale, text, unit
from analysis.svg import FONT_SIZE, STYLE, svg
from sim.outcomes import HEADLINE

#: Marker shapes of the policies, in the order run (after none).
MARKERS = ("o", "s", "D", "^", "v", "P", "X")
#: Hatchings, in order: of the payers (:data:`analysis.report.labels.PAYER_COSTS` order) and of the parts of a
#: stacked bar (:func:`analysis.report.mechanisms.stacked_svg`).
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--", "||", "**")
#: The figures are drawn :data:`WIDTH` inches wide (shown at about that size in the report), text
#: :data:`analysis.svg.FONT_SIZE` points.
WIDTH = 10.0
#: The share of the width left of the numbers written beside each row (axes, labels and ticks).
PLOT_SHARE = 0.68


def colours(policies) -> dict[str, tuple]:
    """Each policy's colour: seaborn's ``colorblind`` palette in the order of ``policies`` (none among them)."""
    palette = sns.color_palette("colorblind", len(policies))
    return dict(zip(policies, palette))


def beside(ax, y: float, label: str) -> None:
    """Write ``label`` right of the axes at height ``y`` (left out of the layout, which keeps the figure's
    right-hand part free for it)."""
    note = ax.annotate(label, xy=(1.03, y), xycoords=("axes fraction", "data"), va="center", fontsize=FONT_SIZE - 1)
    note.set_in_layout(False)


def _difference(row, digits: int, lang: str) -> str:
    """A row's paired difference and its interval, as written beside it."""
    return (f"{number(row['diff_mean'], digits, lang, sign=True)} "
            f"{interval(row['diff_lo'], row['diff_hi'], digits, lang, sign=True)}")


def forest_svg(data: ReportData, scenario: str, lang: str, title: str, outcomes=HEADLINE, salt: str = "forest") -> str:
    """The forest plot of ``scenario``'s paired differences to none (one panel per outcome of ``outcomes``; the
    headline outcomes unless told otherwise; ``salt`` names the figure's SVG ids)."""
    others = data.others()
    shades = colours(data.policies)
    s = data.summary[data.summary["scenario"] == scenario]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, len(outcomes) * (0.42 * len(others) + 1.1) + 0.6))
        axes = fig.subplots(len(outcomes), 1, squeeze=False)[:, 0]
        for ax, outcome in zip(axes, outcomes):
            block = s[s["outcome"] == outcome]
            factor = scale(outcome)
            digits = difference_places(block, factor)
            for i, policy in enumerate(others):
                row = factor * data.cell(scenario, policy, outcome)[["diff_mean", "diff_lo", "diff_hi"]]
                y = len(others) - 1 - i
                hollow = verdict(row["diff_lo"], row["diff_hi"]) in ("noise", "zero", "undetermined")
                ax.errorbar(row["diff_mean"], y, xerr=[[row["diff_mean"] - row["diff_lo"]],
                                                       [row["diff_hi"] - row["diff_mean"]]],
                            fmt=MARKERS[i % len(MARKERS)], color=shades[policy], markersize=8, capsize=4,
                            markerfacecolor="white" if hollow else shades[policy], markeredgewidth=1.6,
                            elinewidth=1.6)
                beside(ax, y, _difference(row, digits, lang))
            ax.axvline(0, color="0.3", linestyle="--", linewidth=1)
            ax.set_yticks(range(len(others)), [policy_name(lang, p) for p in reversed(others)])
            ax.set_ylim(-0.6, len(others) - 0.4)
            ax.set_title(outcome_name(lang, outcome)[:1].upper() + outcome_name(lang, outcome)[1:], loc="left",
                         fontweight="bold")
            ax.set_xlabel(text(lang, "forest_xlabel", unit=unit(lang, outcome, True)))
            ax.grid(axis="x", color="0.9")
            ax.xaxis.set_major_locator(MaxNLocator(7))
        handles = [Line2D([], [], marker="o", linestyle="", color="0.2", markersize=8,
                          label=text(lang, "filled_legend")),
                   Line2D([], [], marker="o", linestyle="", color="0.2", markerfacecolor="white", markersize=8,
                          label=text(lang, "hollow_legend"))]
        fig.legend(handles=handles, loc="lower center", ncols=2, frameon=False, bbox_to_anchor=(PLOT_SHARE / 2, 0.0))
        fig.tight_layout(rect=(0, 0.04, PLOT_SHARE, 1), h_pad=1.2)
        return svg(fig, f"{salt}-{scenario}", title)


def costs_svg(data: ReportData, scenario: str, lang: str, title: str) -> str:
    """``scenario``'s cost per payer as stacked paired differences to none, with the payers together."""
    others = data.others()
    palette = sns.color_palette("colorblind", 10)
    payer_colours = [palette[i] for i in (0, 1, 2, 4, 7)]
    s = data.summary[(data.summary["scenario"] == scenario) & (data.summary["outcome"] == PAYERS_TOTAL)]
    digits = difference_places(s)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 0.55 * len(others) + 1.9))
        ax = fig.subplots()
        for i, policy in enumerate(others):
            y = len(others) - 1 - i
            right = left = 0.0
            for payer, colour, hatch in zip(PAYER_COSTS, payer_colours, HATCHES):
                value = data.cell(scenario, policy, payer)["diff_mean"]
                start = right if value >= 0 else left
                ax.barh(y, value, left=start, height=0.6, color=colour, hatch=hatch, edgecolor="0.25",
                        linewidth=0.6)
                if value >= 0:
                    right += value
                else:
                    left += value
            total = data.cell(scenario, policy, PAYERS_TOTAL)
            ax.errorbar(total["diff_mean"], y, xerr=[[total["diff_mean"] - total["diff_lo"]],
                                                     [total["diff_hi"] - total["diff_mean"]]],
                        fmt="D", color="black", markersize=7, capsize=4, elinewidth=1.4)
            beside(ax, y, _difference(total, digits, lang))
        ax.axvline(0, color="0.3", linewidth=1)
        ax.set_yticks(range(len(others)), [policy_name(lang, p) for p in reversed(others)])
        ax.set_xlabel(text(lang, "costs_xlabel"))
        ax.grid(axis="x", color="0.9")
        ax.set_axisbelow(True)
        handles = [Patch(facecolor=c, hatch=h, edgecolor="0.25", label=outcome_name(lang, p))
                   for p, c, h in zip(PAYER_COSTS, payer_colours, HATCHES)]
        handles.append(Line2D([], [], marker="D", color="black", linestyle="", markersize=7,
                              label=text(lang, "total_legend")))
        fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False, bbox_to_anchor=(PLOT_SHARE / 2, 0.0))
        fig.tight_layout(rect=(0, 0.15, PLOT_SHARE, 1))
        return svg(fig, f"costs-{scenario}", title)

