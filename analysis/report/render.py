"""The report as one self-contained HTML file: :func:`render_report`.

It loads a ``carenet compare`` folder (:mod:`analysis.report.data`), writes the headline summary
(:mod:`analysis.report.sentences`), draws the figures (:mod:`analysis.report.figures`), adds the section of any
sweep or sensitivity folders (:mod:`analysis.report.robustness`) and fills the Jinja2 template
``templates/report.html.j2``, whose partials show a typical client's network (:mod:`analysis.report.network`), the
scenario files (:mod:`analysis.report.scenario_files`), the assumption register (:mod:`analysis.report.register`)
and the method appendix (:mod:`analysis.report.appendix`). Everything is inline: the CSS, the figures (SVG), and the
data behind each
table and figure as ``data:text/csv;base64,...`` download links; nothing refers to another file or the web.

The same folder, language, environment and ``generated`` date give the same bytes; ``generated`` (the one line
that changes from day to day) is an argument so that tests can fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from analysis.report.appendix import appendix_context
from analysis.report.data import (BASELINE, BURDEN, BY_CHANNEL, BY_TRANSITION, FATES, PLANE, REACH, TABLE_OUTCOMES,
                                  THEMES, WORK, ReportData, comparison_table, costs_table, forest_table, load_report_data,
                                  regenerate_command)
from analysis.report.figures import costs_svg, forest_svg
from analysis.report.formatting import SEPARATOR, csv_uri, difference_places, number, places
from analysis.report.labels import (CHANNEL_NAMES, LANGS, TEXTS, TRANSITION_NAMES, outcome_name, policy_name, scale,
                                    text, unit)
from analysis.report.mechanisms import (composition_svg, fan_svg, fan_title, least_title, most_title, plane_svg,
                                        plane_title, profile_svg, reach_svg, reach_title)
from analysis.report.mechanisms import table as mech_table
from analysis.report.mechanisms import work_title
from analysis.report.network import network_context
from analysis.report.register import register_context
from analysis.report.robustness import robustness_section
from analysis.report.scenario_files import scenario_files_context
from analysis.report.sentences import costs_title, forest_title, headline_summary, num, reach_summary
from sim.vocabulary import CHANNELS, TRANSITIONS

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _anchor(scenario: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in scenario)


def _interval(data: ReportData, scenario: str, policy: str, outcome: str, digits: int, lang: str,
              prefix: str = "") -> Markup:
    row = data.cell(scenario, policy, outcome)
    mark = dict(lang=lang, scenario=scenario, policy=policy, outcome=outcome, sign=bool(prefix))
    return Markup("[{}{}{}]").format(num(row[f"{prefix}lo"], digits, stat=f"{prefix}lo", **mark), SEPARATOR[lang],
                                     num(row[f"{prefix}hi"], digits, stat=f"{prefix}hi", **mark))


def _population(data: ReportData, scenario: str, lang: str) -> dict:
    record = data.manifest.get("record", {})
    params = record.get("parameters", {}).get(scenario, {})
    years = data.definition.get("years") or params.get("years")
    intro = ""
    if params:
        intro = text(lang, "population_intro", clients=number(params["population"]["n_clients"], 0, lang),
                     years=number(years, 2 if years % 1 else 0, lang), replicates=data.replicates)
    forest_t, costs_t = forest_title(data, scenario, lang), costs_title(data, scenario, lang)
    forest_rows = forest_table(data)
    costs_rows = costs_table(data)
    return {
        "scenario": scenario, "id": _anchor(scenario), "intro": intro,
        "heading": text(lang, "population", scenario=scenario),
        "summaries": headline_summary(data, scenario, lang),
        "forest": {"title": forest_t, "svg": Markup(forest_svg(data, scenario, lang, forest_t)),
                   "caption": text(lang, "forest_caption", replicates=data.replicates),
                   "csv": csv_uri(forest_rows[forest_rows["scenario"] == scenario])},
        "costs": {"title": costs_t, "svg": Markup(costs_svg(data, scenario, lang, costs_t)),
                  "caption": text(lang, "costs_caption"),
                  "csv": csv_uri(costs_rows[costs_rows["scenario"] == scenario])},
        "reach": _reach(data, scenario, lang),
        "tradeoffs": _tradeoffs(data, scenario, lang),
        "mechanisms": _mechanisms(data, scenario, lang),
        "themes": _themes(data, scenario, lang),
    }


def _figure(key: str, title: str, drawing: str, caption: str, rows) -> dict:
    """A figure's parts for the template: ``key`` (its id and CSV name), active title, inline SVG, caption, CSV."""
    return {"key": key, "title": title, "svg": Markup(drawing), "caption": caption, "csv": csv_uri(rows)}


def _tradeoffs(data: ReportData, scenario: str, lang: str) -> list[dict]:
    """The trade-off figures of ``scenario``: who does the work, and the cost-outcome plane."""
    work_t, plane_t = work_title(data, scenario, lang), plane_title(data, scenario, lang)
    return [
        _figure(f"work-{_anchor(scenario)}", work_t,
                forest_svg(data, scenario, lang, work_t, outcomes=WORK, salt="work"),
                text(lang, "work_caption"), mech_table(data, scenario, WORK)),
        _figure(f"plane-{_anchor(scenario)}", plane_t, plane_svg(data, scenario, lang, plane_t),
                text(lang, "plane_caption"), mech_table(data, scenario, PLANE)),
    ]


def _reach(data: ReportData, scenario: str, lang: str) -> dict:
    """Whom each policy reaches in ``scenario``: a paragraph per policy and the figure per policy and block."""
    title = reach_title(data, scenario, lang)
    return {"sentences": reach_summary(data, scenario, lang),
            "figure": _figure(f"reach-{_anchor(scenario)}", title, reach_svg(data, scenario, lang, title),
                              text(lang, "reach_caption"), mech_table(data, scenario, REACH))}


def _fans(data: ReportData, scenario: str, lang: str) -> list[dict]:
    """The fan charts of ``scenario``'s weekly carer strain and unmet need (none without weekly series)."""
    if data.series is None:
        return []
    out = []
    for column, factor, key in (("carer_strain_mean", 1.0, "strain"), ("unmet_hours_share", 100.0, "unmet")):
        title = fan_title(data.series, scenario, lang, column, factor, f"{key}_title")
        here = data.series[data.series["scenario"] == scenario]
        rows = (here.groupby(["policy", "week"])[column].quantile([0.05, 0.25, 0.5, 0.75, 0.95]).unstack()
                .reset_index().rename(columns={q: f"q{round(100 * q):02d}" for q in (0.05, 0.25, 0.5, 0.75, 0.95)}))
        out.append(_figure(f"fan-{key}-{_anchor(scenario)}", title,
                           fan_svg(data.series, scenario, data.policies, lang, column, factor, title,
                                   text(lang, f"{key}_ylabel")),
                           text(lang, f"{key}_caption"), rows.assign(scenario=scenario, series=column)))
    return out


def _mechanisms(data: ReportData, scenario: str, lang: str) -> list[dict]:
    """The mechanism figures of ``scenario``: carer burden, failed handovers by transition and by channel, the
    fates of complaints."""
    sid = _anchor(scenario)
    kinds = [TRANSITION_NAMES[lang][k] for k in TRANSITIONS]
    channels = [CHANNEL_NAMES[lang][c] for c in CHANNELS]
    burden_t = least_title(data, scenario, lang, "carer_share_heavily_burdened", "burden_title")
    transitions_t = most_title(data, scenario, lang, BY_TRANSITION, kinds, "transitions_title", 100)
    channels_t = most_title(data, scenario, lang, BY_CHANNEL, channels, "channels_title", 1)
    fates_t = least_title(data, scenario, lang, "unanswered_complaint_share", "fates_title")
    return [
        _figure(f"burden-{sid}", burden_t,
                composition_svg(data, scenario, lang, BURDEN, burden_t, text(lang, "burden_xlabel")),
                text(lang, "burden_caption"), mech_table(data, scenario, BURDEN)),
        _figure(f"transitions-{sid}", transitions_t,
                profile_svg(data, scenario, lang, BY_TRANSITION, kinds, transitions_t,
                            text(lang, "transitions_xlabel"), "transitions", factor=100),
                text(lang, "transitions_caption"), mech_table(data, scenario, BY_TRANSITION)),
        _figure(f"channels-{sid}", channels_t,
                profile_svg(data, scenario, lang, BY_CHANNEL, channels, channels_t, text(lang, "channels_xlabel"),
                            "channels"),
                text(lang, "channels_caption"), mech_table(data, scenario, BY_CHANNEL)),
        _figure(f"fates-{sid}", fates_t,
                composition_svg(data, scenario, lang, FATES, fates_t, text(lang, "fates_xlabel")),
                text(lang, "fates_caption"), mech_table(data, scenario, FATES)),
        *_fans(data, scenario, lang),
    ]


def _themes(data: ReportData, scenario: str, lang: str) -> dict:
    """The inspectorate's four themes per policy: mean and interval, and for the policies the paired difference."""
    columns = [outcome_name(lang, o) for o in THEMES]
    block = data.summary[data.summary["scenario"] == scenario]
    digits = {o: (places(block[block["outcome"] == o])[0], difference_places(block[block["outcome"] == o]))
              for o in THEMES}
    rows = []
    for policy in data.policies:
        cells = []
        for o in THEMES:
            mark = dict(lang=lang, scenario=scenario, policy=policy, outcome=o)
            cell = {"mean": num(data.cell(scenario, policy, o)["mean"], digits[o][0], stat="mean", **mark),
                    "interval": _interval(data, scenario, policy, o, digits[o][0], lang)}
            cell["diff"] = None
            if policy != BASELINE:
                cell["diff"] = num(data.cell(scenario, policy, o)["diff_mean"], digits[o][1], stat="diff_mean",
                                   sign=True, **mark)
            cells.append(cell)
        rows.append({"policy": policy, "name": policy_name(lang, policy), "baseline": policy == BASELINE,
                     "cells": cells})
    return {"columns": columns, "rows": rows, "caption": text(lang, "themes_caption"),
            "csv": csv_uri(mech_table(data, scenario, THEMES))}


def _table(data: ReportData, lang: str) -> dict:
    columns = [{"outcome": o, "name": outcome_name(lang, o), "unit": unit(lang, o)} for o in TABLE_OUTCOMES]
    rows = []
    for scenario in data.scenarios:
        block = data.summary[data.summary["scenario"] == scenario]
        digits = {o: places(block[block["outcome"] == o], scale(o))[0] for o in TABLE_OUTCOMES}
        for policy in data.policies:
            cells = [{"mean": num(data.cell(scenario, policy, o)["mean"], digits[o], lang, scenario, policy, o,
                                  "mean"),
                      "interval": _interval(data, scenario, policy, o, digits[o], lang)} for o in TABLE_OUTCOMES]
            rows.append({"scenario": scenario, "policy": policy, "name": policy_name(lang, policy),
                         "baseline": policy == BASELINE, "cells": cells})
    caption = text(lang, "table_caption") if len(data.scenarios) > 1 else text(
        lang, "table_caption_one", scenario=data.scenarios[0])
    return {"columns": columns, "rows": rows, "csv": csv_uri(comparison_table(data)), "caption": caption,
            "several": len(data.scenarios) > 1}


def _made_with(versions: dict | None, git: dict | None, lang: str) -> dict:
    commit = text(lang, "repro_unknown")
    if git:
        commit = git["commit"] + (text(lang, "repro_dirty") if git.get("dirty") else "")
    return {"commit": commit, "versions": sorted((versions or {}).items(), key=lambda kv: kv[0].lower())}


def _reproducibility(data: ReportData, lang: str, environment: dict | None) -> dict:
    d = data.definition
    m = data.manifest
    origins = m.get("origins", {})
    rows = []
    if d:
        years = d.get("years")
        overrides = d.get("overrides") or {}
        rows = [
            (text(lang, "repro_scenarios"), ", ".join(f"{s} ({origins.get(s, s)})" for s in d["scenarios"])),
            (text(lang, "repro_policies"), ", ".join(d["policies"])),
            (text(lang, "repro_replicates"), str(d["replicates"])),
            (text(lang, "repro_seed"), str(d["root_seed"])),
            (text(lang, "repro_seed_rule"), m.get("seed_rule", text(lang, "repro_unknown"))),
            (text(lang, "repro_years"), f"{years:g}" if years is not None else text(lang, "repro_scenario_default_years")),
            (text(lang, "repro_overrides"), ", ".join(f"{k}={v}" for k, v in overrides.items())
             or text(lang, "repro_none")),
            (text(lang, "repro_created"), m.get("created", text(lang, "repro_unknown"))),
        ]
    environment = environment or {}
    return {"command": regenerate_command(data), "rows": rows,
            "results": _made_with(m.get("versions"), m.get("git"), lang),
            "report": _made_with(environment.get("versions"), environment.get("git"), lang)}


def render_report(folder: str | Path, lang: str = "en", generated: str = "", environment: dict | None = None,
                  networks: dict | None = None, docs: str | Path | None = None,
                  robustness: Sequence[str | Path] = ()) -> str:
    """The HTML report of the ``carenet compare`` results in ``folder``.

    Args:
        folder: a results folder written by ``carenet compare``.
        lang: ``"en"`` or ``"nl"`` (:data:`analysis.report.labels.LANGS`).
        generated: the generation date shown in the report's one changing line (e.g. ``"2026-11-30"``).
        environment: the software making the report: ``{"versions": {package: version}, "git": {"commit": sha,
            "dirty": bool}}`` (shown beside what made the results; omitted parts show as unknown).
        networks: scenario -> :class:`analysis.network_picture.TypicalNetwork` (or None) of a short run, for the
            pictures of a typical client's network (:mod:`analysis.report.network`); None: no pictures.
        docs: the folder of ``calibration.json`` and ``validation.json`` (default: the repository's docs/).
        robustness: folders of ``carenet sweep`` or ``carenet sensitivity`` for the section "When does a policy
            fail?" (:mod:`analysis.report.robustness`; left out without them).

    Raises:
        ValueError: ``lang`` is not one of :data:`~analysis.report.labels.LANGS`.
        ResultsError: ``folder`` is not a readable ``carenet compare`` folder, or a ``robustness`` folder not one of
            a sweep or sensitivity analysis (the message says why).
    """
    if lang not in LANGS:
        raise ValueError(f"lang = {lang!r} not allowed (allowed: {', '.join(LANGS)})")
    data = load_report_data(folder)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return env.get_template("report.html.j2").render(
        lang=lang, t=TEXTS[lang], generated=text(lang, "generated", date=generated),
        intro=text(lang, "intro", n_policies=len(data.policies), replicates=data.replicates),
        populations=[_population(data, s, lang) for s in data.scenarios],
        table=_table(data, lang), repro=_reproducibility(data, lang, environment),
        network=network_context(data, lang, networks), scenario_files=scenario_files_context(data, lang),
        register=register_context(data, lang, docs), appendix=appendix_context(data, lang),
        robustness=robustness_section(data, robustness, lang))
