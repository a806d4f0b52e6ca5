"""The figures of the report's section "When does a policy fail?" (:mod:`analysis.report.robustness`) as inline SVG.

* :func:`indices_svg`: one panel per headline outcome, one row per parameter: Morris mu* (filled circle, with
  SALib's 95% bootstrap interval) and sigma (hollow diamond), or Sobol ST (filled circle) and S1 (hollow diamond)
  with theirs; the ranking measure and its half-width written beside each row.
* :func:`effects_svg`: one panel per headline outcome: each policy's mean paired difference to none per design
  point against a swept parameter, with its 95% interval, a dashed line at 0 and a dotted vertical line where a
  mean changes sign. Each policy has its own colour and marker shape, as in the forest plot.
* :func:`boxes_svg`: one panel per policy and outcome with a scenario-discovery box: each design point's mean
  paired difference to none against the parameter the box limits first; squares inside the box, circles outside,
  filled where the policy lost its advantage, hollow where it kept it; the box's range on that parameter shaded.

Values are plotted as the rest of the report shows them: paired differences and Morris indices times
:func:`~analysis.report.labels.scale` (shares in percentage points, burnouts per 100 carer-years; see
:func:`index_scale`), Sobol indices as the shares of variance they are.

No meaning rests on colour alone: shapes, fills and positions carry it. Colours, marker shapes, text sizes and the
SVG clean-up (deterministic ids, no date) are those of :mod:`analysis.report.figures`.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from analysis.ensemble import decimals
from analysis.report.data import BASELINE
from analysis.report.figures import MARKERS, PLOT_SHARE, WIDTH, beside, colours
from analysis.svg import STYLE, svg
from analysis.report.formatting import number, percent_places, trimmed
from analysis.report.labels import outcome_name, policy_name, scale, text, unit
from sim.outcomes import HEADLINE

#: The statistics of an indices panel per method: the ranking measure (filled circle, with its half-width) and
#: the second one (hollow diamond; with a half-width for Sobol).
INDEX_STATS = {"morris": ("mu_star", "sigma"), "sobol": ("ST", "S1")}
#: Symbols written beside a row of the indices panels.
SYMBOLS = {"mu_star": "μ*", "ST": "ST"}


def index_scale(method: str, outcome: str) -> float:
    """The factor a sensitivity index of ``outcome`` is shown with: Morris mu*, its half-width and sigma are in the
    outcome's unit, so :func:`~analysis.report.labels.scale` (``method`` ``morris``); Sobol indices are shares of
    variance, so 1."""
    return scale(outcome) if method == "morris" else 1.0


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _axis(parameter: str, unit_: str, lang: str) -> str:
    return text(lang, "robust_parameter_axis", parameter=parameter, unit=unit_) if unit_ else parameter


def _markers(policies) -> dict[str, str]:
    """Each policy's marker shape: its place among the policies compared with none, as in the forest plot."""
    return {p: MARKERS[i % len(MARKERS)] for i, p in enumerate(p for p in policies if p != BASELINE)}


def indices_svg(tops: dict, method: str, colour, lang: str, title: str, salt: str) -> str:
    """The parameters that matter most for one policy's effect: ``tops`` maps each headline outcome to its rows of
    the indices table (largest first, see :func:`analysis.report.robustness.top_factors`); ``colour`` is the
    policy's."""
    first, second = INDEX_STATS[method]
    rows = max([1, *(len(t) for t in tops.values())])
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, len(HEADLINE) * (0.42 * rows + 1.2) + 0.6))
        axes = fig.subplots(len(HEADLINE), 1)
        for ax, outcome in zip(axes, HEADLINE):
            block = tops[outcome].copy()
            stats = block.columns.intersection([first, f"{first}_conf", second, f"{second}_conf"])
            block[stats] *= index_scale(method, outcome)  # as the report shows the outcome's differences
            digits = decimals([*block[first], *block[f"{first}_conf"]])
            for i, row in enumerate(block.to_dict("records")):
                y = len(block) - 1 - i
                ax.errorbar(row[first], y, xerr=row[f"{first}_conf"], fmt="o", color=colour, markersize=8,
                            capsize=4, elinewidth=1.6, zorder=3)  # the ranking measure on top
                if math.isfinite(row[second]):
                    conf = row.get(f"{second}_conf")
                    ax.errorbar(row[second], y, xerr=conf if conf is not None and math.isfinite(conf) else None,
                                fmt="D", color=colour, markerfacecolor="white", markersize=7, capsize=3,
                                elinewidth=1, markeredgewidth=1.6)
                beside(ax, y, f"{SYMBOLS[first]} {number(row[first], digits, lang)} ± "
                              f"{number(row[f'{first}_conf'], digits, lang)}")
            ax.axvline(0, color="0.3", linewidth=1)
            ax.set_yticks(range(len(block)), list(reversed(block["factor"].tolist())))
            ax.set_ylim(-0.6, max(len(block), 1) - 0.4)
            ax.set_title(_capital(outcome_name(lang, outcome)), loc="left", fontweight="bold")
            xlabel = (text(lang, "robust_matters_xlabel_morris", unit=unit(lang, outcome, difference=True))
                      if method == "morris" else text(lang, "robust_matters_xlabel_sobol"))
            ax.set_xlabel(xlabel)
            ax.grid(axis="x", color="0.9")
            ax.xaxis.set_major_locator(MaxNLocator(6))
        handles = [Line2D([], [], marker="o", linestyle="", color=colour, markersize=8,
                          label=text(lang, f"robust_legend_{first}")),
                   Line2D([], [], marker="D", linestyle="", color=colour, markerfacecolor="white", markersize=7,
                          label=text(lang, f"robust_legend_{second}"))]
        fig.legend(handles=handles, loc="lower center", ncols=2, frameon=False, bbox_to_anchor=(PLOT_SHARE / 2, 0.0))
        fig.tight_layout(rect=(0, 0.04, PLOT_SHARE, 1), h_pad=1.2)
        return svg(fig, salt, title)


def effects_svg(effects, parameter: str, parameters, parameter_unit: str, changes, policies, lang: str, title: str,
                salt: str) -> str:
    """Each policy's effect per design point against ``parameter`` (``effects``: one scenario's rows of
    :attr:`analysis.report.robustness.Study.effects`; ``changes``: its
    :func:`~analysis.report.robustness.sign_changes` along ``parameter``); points with the same values of the other
    ``parameters`` are joined by a line. ``policies`` (none among them) fixes each policy's colour and marker."""
    shades, shapes = colours(policies), _markers(policies)
    shown = list(dict.fromkeys(effects["policy"]))
    others = [p for p in parameters if p != parameter]
    x_all = effects[parameter].to_numpy(float)
    span = float(x_all.max() - x_all.min()) or 1.0
    combos = list(dict.fromkeys(effects[others].itertuples(index=False, name=None))) if others else [()]
    style = {combo: OTHER_STYLES[g % len(OTHER_STYLES)] for g, combo in enumerate(combos)}
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 7.6))
        axes = fig.subplots(2, 2).ravel()
        for ax, outcome in zip(axes, HEADLINE):
            here, factor = effects[effects["outcome"] == outcome], scale(outcome)
            for j, policy in enumerate(shown):
                dodge = (j - (len(shown) - 1) / 2) * 0.012 * span
                mine = here[here["policy"] == policy]
                groups = mine.groupby(others, sort=False, dropna=False) if others else [((), mine)]
                for key, line in groups:
                    line = line.dropna(subset=["diff_mean"]).sort_values(parameter, kind="stable")
                    x = line[parameter].to_numpy(float) + dodge
                    y = factor * line["diff_mean"].to_numpy(float)
                    lo, hi = factor * line["diff_lo"].to_numpy(float), factor * line["diff_hi"].to_numpy(float)
                    ax.plot(x, y, color=shades[policy], linewidth=1.2, alpha=0.8,
                            linestyle=style[key if isinstance(key, tuple) else (key,)])
                    bars = np.isfinite(lo) & np.isfinite(hi)
                    ax.errorbar(x[bars], y[bars], yerr=[y[bars] - lo[bars], hi[bars] - y[bars]], fmt="none",
                                ecolor=shades[policy], elinewidth=1.3, capsize=3)
                    ax.plot(x, y, linestyle="", marker=shapes[policy], color=shades[policy], markersize=7)
            ax.axhline(0, color="0.3", linestyle="--", linewidth=1)
            crossings = sorted(changes.loc[changes["outcome"] == outcome, "crossing"])
            for k, crossing in enumerate(crossings):  # labels stacked downwards, so close crossings stay legible
                ax.axvline(crossing, color="0.35", linestyle=":", linewidth=1.4)
                ax.annotate(f"≈ {trimmed(crossing, lang)}", xy=(crossing, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(3, -3 - 12 * k), textcoords="offset points", va="top",
                            fontsize=STYLE["font.size"] - 1,
                            bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))
            ax.set_title(_capital(outcome_name(lang, outcome)), loc="left", fontweight="bold")
            ax.set_xlabel(_axis(parameter, parameter_unit, lang))
            ax.set_ylabel(text(lang, "robust_signs_ylabel", unit=unit(lang, outcome, difference=True)))
            ax.grid(color="0.92")
            ax.xaxis.set_major_locator(MaxNLocator(5))
        handles = [Line2D([], [], marker=shapes[p], color=shades[p], markersize=7, label=policy_name(lang, p))
                   for p in shown]
        if others:  # one line style per combination of the other swept parameters' values
            handles += [Line2D([], [], color="0.4", linestyle=style[combo], linewidth=1.2,
                               label=", ".join(f"{o} = {trimmed(float(v), lang)}" for o, v in zip(others, combo)))
                        for combo in combos]
        ncols = 2 if others else len(handles)
        fig.legend(handles=handles, loc="lower center", ncols=ncols, frameon=False)
        rows = -(-len(handles) // ncols)
        fig.tight_layout(rect=(0, 0.03 + 0.025 * rows, 1, 1), h_pad=1.6, w_pad=2.0)
        return svg(fig, salt, title)


#: Line styles that tell apart the lines of one policy at different values of the other swept parameters.
OTHER_STYLES = ("-", "--", ":", "-.")


def boxes_svg(discoveries, units: dict, policies, lang: str, title: str, salt: str, boxes: list[str]) -> str:
    """One panel per :class:`~analysis.report.robustness.Discovery` with a box (``boxes``: each box in words, one
    limit per line):
    the design points' mean paired difference to none against the parameter the box limits first."""
    shades = colours(policies)
    cols = 1 if len(discoveries) == 1 else 2
    rows = math.ceil(len(discoveries) / cols)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, 3.6 * rows + 0.8))
        axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
        for ax in axes[len(discoveries):]:
            ax.set_visible(False)
        for ax, d, words in zip(axes, discoveries, boxes):
            name = next(iter(d.box.limits))
            x = d.points[name].to_numpy(float)
            y = scale(d.outcome) * d.points["diff_mean"].to_numpy(float)
            inside, lost = d.box.contains(d.points), d.points["lost"].to_numpy(bool)
            lower, upper = d.box.limits[name]
            pad = 0.06 * (float(x.max() - x.min()) or 1.0)
            ax.axvspan(x.min() - pad if lower is None else lower, x.max() + pad if upper is None else upper,
                       color="0.88", zorder=0)
            colour = shades[d.policy]
            for where, marker in ((inside, "s"), (~inside, "o")):
                for filled in (True, False):
                    pick = where & (lost == filled)
                    ax.plot(x[pick], y[pick], linestyle="", marker=marker, markersize=8, color=colour,
                            markerfacecolor=colour if filled else "white", markeredgewidth=1.6)
            ax.axhline(0, color="0.3", linestyle="--", linewidth=1)
            ax.set_xlim(x.min() - pad, x.max() + pad)
            ax.margins(y=0.12)
            density, coverage = 100 * d.box.density, 100 * d.box.coverage
            label = text(lang, "robust_box_panel", box=words,
                         density=number(density, percent_places(density), lang),
                         coverage=number(coverage, percent_places(coverage), lang))
            ax.set_title(f"{_capital(policy_name(lang, d.policy))}: {outcome_name(lang, d.outcome)}\n{label}",
                         loc="left", fontsize=STYLE["font.size"])
            ax.set_xlabel(_axis(name, units.get(name, ""), lang))
            ax.set_ylabel(text(lang, "robust_signs_ylabel", unit=unit(lang, d.outcome, difference=True)))
            ax.grid(color="0.92")
            ax.xaxis.set_major_locator(MaxNLocator(5))
        grey = "0.25"
        handles = [Line2D([], [], marker="s", linestyle="", color=grey, markerfacecolor="white", markersize=8,
                          label=text(lang, "robust_legend_inside")),
                   Line2D([], [], marker="o", linestyle="", color=grey, markerfacecolor="white", markersize=8,
                          label=text(lang, "robust_legend_outside")),
                   Line2D([], [], marker="o", linestyle="", color=grey, markersize=8,
                          label=text(lang, "robust_legend_lost")),
                   Line2D([], [], marker="o", linestyle="", color=grey, markerfacecolor="white", markersize=8,
                          label=text(lang, "robust_legend_kept"))]
        fig.legend(handles=handles, loc="lower center", ncols=4, frameon=False)
        fig.tight_layout(rect=(0, 0.6 / (3.6 * rows + 0.8), 1, 1), h_pad=1.6, w_pad=2.0)
        return svg(fig, salt, title)
