"""The headline summary in words, generated from the numbers: per population and policy, what it reduces, by how
much, and at what cost per payer.

Each policy gets a lead sentence (how many headline outcomes it reduces beyond noise), one sentence per headline
outcome (reduces, increases, or within noise when the 95% interval of the paired difference includes 0), the cost
to the payers together and per payer (Zvw, Wlz, Wmo, Jeugdwet, own contribution), and the regiebehandelaar's hours
where there are any. Every number is written by :func:`num` as a ``<span class="num">`` naming the scenario,
policy, outcome and statistic it shows, so a reader's tool (and the tests) can trace it to the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from analysis.report.data import BASELINE, COORDINATION, ReportData, verdict
from analysis.report.formatting import difference_places, number, percent_places
from analysis.report.labels import PAYER_COSTS, PAYERS_TOTAL, TEXTS, outcome_name, policy_name, scale, text, unit
from sim.outcomes import HEADLINE


def marked(shown: str, **source) -> Markup:
    """A number as written (``shown``) inside a ``<span class="num">`` whose ``data-*`` attributes (``source``, in
    the order given) name where it comes from."""
    attributes = Markup("").join(Markup(' data-{}="{}"').format(k, v) for k, v in source.items())
    return Markup('<span class="num"{}>{}</span>').format(attributes, shown)


def traced(value: float, digits: int, lang: str, sign: bool = False, **source) -> Markup:
    """``value`` written in ``lang`` with ``digits`` decimals (a ``+`` before positive values when ``sign``), in a
    span naming its ``source`` (:func:`marked`)."""
    return marked(number(value, digits, lang, sign), **source)


def scaled(value: float, times: float, digits: int, lang: str, sign: bool = False, **source) -> Markup:
    """``value`` shown ``times`` a factor (:func:`traced`), the span naming its ``source`` and, last, the factor
    (``data-scale``), so a reader's tool can divide it out and compare the number with the stored tables."""
    return traced(times * value, digits, lang, sign, **source, scale=f"{times:g}")


def num(value: float, digits: int, lang: str, scenario: str, policy: str, outcome: str, stat: str,
        sign: bool = False) -> Markup:
    """``value`` written in ``lang`` inside a span that names where it comes from (``stat``: a column of
    :func:`analysis.ensemble.summarize`, or ``diff_pct``: the paired difference in % of the baseline's mean) and
    the factor it is shown with (``data-scale``: :func:`~analysis.report.labels.scale`, e.g. 100 for a share shown
    in percent; 1 for ``diff_pct``)."""
    factor = 1.0 if stat == "diff_pct" else scale(outcome)
    return scaled(value, factor, digits, lang, sign, scenario=scenario, policy=policy, outcome=outcome, stat=stat)


@dataclass(frozen=True)
class PolicySummary:
    """One policy's part of the headline summary (every text is HTML-safe markup)."""

    policy: str
    name: str
    lead: Markup
    effects: tuple[Markup, ...]
    costs: Markup
    coordination: Markup | None


def sentence(lang: str, key: str, **values) -> Markup:
    """A template of :mod:`analysis.report.labels` filled with escaped text and marked-up numbers."""
    return Markup(TEXTS[lang][key]).format(**values)


def _diff(data: ReportData, scenario: str, policy: str, outcome: str, lang: str) -> dict:
    """The paired difference of one outcome as marked-up ``diff``, ``lo``, ``hi`` (signed) and ``pct``."""
    block = data.summary[(data.summary["scenario"] == scenario) & (data.summary["outcome"] == outcome)]
    digits = difference_places(block, scale(outcome))
    row = data.cell(scenario, policy, outcome)
    mark = dict(lang=lang, scenario=scenario, policy=policy, outcome=outcome, sign=True)
    base = data.cell(scenario, BASELINE, outcome)["mean"]
    pct = 100 * row["diff_mean"] / base if base else float("nan")
    return {"diff": num(row["diff_mean"], digits, stat="diff_mean", **mark),
            "lo": num(row["diff_lo"], digits, stat="diff_lo", **mark),
            "hi": num(row["diff_hi"], digits, stat="diff_hi", **mark),
            "pct": num(pct, percent_places(pct), stat="diff_pct", **mark),
            "verdict": verdict(row["diff_lo"], row["diff_hi"])}


def join(lang: str, items: list) -> str:
    """``a``, ``a and b``, ``a, b and c`` (``en`` in Dutch)."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text(lang, 'and')} {items[-1]}"


def policy_summary(data: ReportData, scenario: str, policy: str, lang: str) -> PolicySummary:
    """The headline summary of ``policy`` against none in ``scenario``."""
    name = policy_name(lang, policy)
    effects, reduced, increased = [], 0, 0
    for outcome in HEADLINE:
        d = _diff(data, scenario, policy, outcome, lang)
        key = d.pop("verdict")
        reduced += key == "reduces"
        increased += key == "increases"
        key = "noise" if key == "zero" else key
        effects.append(sentence(lang, key, outcome=outcome_name(lang, outcome), unit=unit(lang, outcome, True),
                                **d))
    lead_key = "policy_lead_some" if reduced else "policy_lead_none"
    lead = sentence(lang, lead_key, policy=name[:1].upper() + name[1:], k=reduced, n=len(HEADLINE))
    if increased:  # a harm beyond noise belongs in the lead, not only in the bullets
        lead += " " + sentence(lang, "policy_lead_worse", m=increased)
    total = _diff(data, scenario, policy, PAYERS_TOTAL, lang)
    total.pop("verdict")
    parts = []
    for payer in PAYER_COSTS:
        d = _diff(data, scenario, policy, payer, lang)
        key = {"noise": "cost_payer_noise", "zero": "cost_payer_zero",
               "undetermined": "cost_payer_noise"}.get(d.pop("verdict"), "cost_payer")
        parts.append(sentence(lang, key, payer=outcome_name(lang, payer), **d))
    costs = (sentence(lang, "cost_total", unit=unit(lang, PAYERS_TOTAL), **total) + Markup(" ")
             + Markup(TEXTS[lang]["cost_by_payer"]) + Markup(" ") + Markup("; ").join(parts) + Markup("."))
    hours = _diff(data, scenario, policy, COORDINATION, lang)
    coordination = None
    if hours.pop("verdict") != "zero":
        coordination = sentence(lang, "coordination", unit=unit(lang, COORDINATION), **hours)
    return PolicySummary(policy, name, lead, tuple(effects), costs, coordination)


def headline_summary(data: ReportData, scenario: str, lang: str) -> list[PolicySummary]:
    """The headline summary of every policy other than none in ``scenario``, in the order run."""
    return [policy_summary(data, scenario, policy, lang) for policy in data.others()]


def forest_title(data: ReportData, scenario: str, lang: str) -> str:
    """The forest plot's active title: the policies that reduce the most headline outcomes beyond noise."""
    counts = {p: sum(verdict(*data.cell(scenario, p, o)[["diff_lo", "diff_hi"]]) == "reduces" for o in HEADLINE)
              for p in data.others()}
    best = max(counts.values(), default=0)
    if not best:
        return text(lang, "forest_title_nothing")
    leaders = [policy_name(lang, p) for p, k in counts.items() if k == best]
    names = join(lang, leaders)
    key = "forest_title_one" if len(leaders) == 1 else "forest_title_many"
    return text(lang, key, policies=names[:1].upper() + names[1:], k=best, n=len(HEADLINE))


def costs_title(data: ReportData, scenario: str, lang: str) -> str:
    """The cost figure's active title: the policy that raises the payers' costs most, and the payer that carries
    most of it (or, when none raises them, the largest change)."""
    totals = {p: data.cell(scenario, p, PAYERS_TOTAL)["diff_mean"] for p in data.others()}
    top = max(totals, key=lambda p: totals[p])
    digits = difference_places(data.summary[(data.summary["scenario"] == scenario)
                                            & (data.summary["outcome"] == PAYERS_TOTAL)])
    name = policy_name(lang, top)
    name = name[:1].upper() + name[1:]
    if totals[top] > 0:
        payer = max(PAYER_COSTS, key=lambda c: data.cell(scenario, top, c)["diff_mean"])
        return text(lang, "costs_title_up", policy=name, diff=number(totals[top], digits, lang, sign=True),
                    payer=outcome_name(lang, payer))
    top = max(totals, key=lambda p: abs(totals[p]))
    name = policy_name(lang, top)
    return text(lang, "costs_title_down", policy=name, diff=number(totals[top], digits, lang, sign=True))


def reach_summary(data: ReportData, scenario: str, lang: str) -> list[Markup]:
    """Per policy other than none, whom it reaches: its share of client-weeks, and per building block the share
    reached and why the rest are untouched (the reasons with their shares, largest first)."""
    from analysis.report.labels import BLOCK_NAMES, REASON_NAMES
    from analysis.report.mechanisms import reach_rows
    rows = reach_rows(data, scenario)
    out = []
    for policy in data.others():
        name = policy_name(lang, policy)
        share = num(data.cell(scenario, policy, "policy_reach_share")["mean"], 0, lang, scenario, policy,
                    "policy_reach_share", "mean")
        mine = [r for r in rows if r[0] == policy]
        parts = [sentence(lang, "reach_policy", policy=name[:1].upper() + name[1:], share=share)]
        for _, block, _, reasons in mine:
            mark = dict(lang=lang, scenario=scenario, policy=policy, stat="mean")
            reached = num(data.cell(scenario, policy, f"reach_{block}_share")["mean"], 0,
                          outcome=f"reach_{block}_share", **mark)
            said = [sentence(lang, "reach_reason", reason=REASON_NAMES[lang][r],
                             share=num(v, 0, outcome=f"not_reached_{block}_{r}_share", **mark))
                    for r, v in sorted(reasons, key=lambda rv: -rv[1]) if v >= 0.005]  # shown as 1% or more
            reasons_said = Markup(", ").join(said) if said else text(lang, "repro_none")
            if len(mine) == 1:  # the policy is this one block: one sentence
                parts = [sentence(lang, "reach_single", policy=name[:1].upper() + name[1:], share=share,
                                  reasons=reasons_said)]
            else:
                parts.append(sentence(lang, "reach_block", block=BLOCK_NAMES[lang][block], share=reached,
                                      reasons=reasons_said))
        out.append(Markup(" ").join(parts))
    return out
