"""Tests of ``carenet report`` and :mod:`analysis.report` (issue 11, first step).

One small comparison per module (3 policies x 3 replicates of 150 clients over half a year, ~10 s), rendered in
English and Dutch. Checked: every section and figure is there; every number in the summary and the table equals
:func:`analysis.ensemble.summarize` of the outcome tables (parsed back from the text, to the decimals shown); the
embedded CSVs hold the same values; nothing outside the file is referenced; the same inputs give the same bytes
(only the date line changes with the date); ``--lang nl`` gives Dutch headings; bad input is refused with one
``error:`` line naming the option, the value and what is allowed, exit code 2.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from markupsafe import escape

from analysis.ensemble import summarize
from analysis.report import render_report
from analysis.report.data import (BURDEN, BY_CHANNEL, COORDINATION, FATES, REACH, REPORTED, TABLE_OUTCOMES, THEMES,
                                  WORK)
from analysis.report.labels import OUTCOME_NAMES, PAYER_COSTS, PAYERS_TOTAL, POLICIES, TEXTS, scale
from analysis.results import load_results, load_series
from carenet.cli import main
from pages import assert_self_contained, close, embedded_csv
from sim.outcomes import HEADLINE

POLICY_LIST = ("none", "regiebehandelaar", "integral_pgb")
COMPARE = ["compare", "default", "--policies", ",".join(POLICY_LIST), "--replicates", "3", "--years", "0.5",
           "--set", "n_clients=150", "--workers", "1", "-q"]
DATE = "2026-11-30"
#: Every figure of a population, by the id it has in the report (``figure-<name>-<population>``).
FIGURES = ("forest", "costs", "reach", "work", "plane", "burden", "transitions", "channels", "fates", "fan-strain",
           "fan-unmet")
NUM = re.compile(r'<span class="num" data-scenario="([^"]*)" data-policy="([^"]*)" data-outcome="([^"]*)" '
                 r'data-stat="([^"]*)" data-scale="([^"]*)">([^<]*)</span>')


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "cmp"
    result = invoke(*COMPARE, "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def expected(folder) -> pd.DataFrame:
    """The summary computed here, straight from the tables, indexed by (scenario, policy, outcome)."""
    df = load_results(folder)
    summary = summarize(df[["run_id", "scenario", "policy", "replicate"]], df[["run_id", *REPORTED]], REPORTED)
    return summary.set_index(["scenario", "policy", "outcome"])


@pytest.fixture(scope="module")
def html(folder) -> dict[str, str]:
    return {lang: render_report(folder, lang, DATE) for lang in ("en", "nl")}


def test_every_section_and_figure_is_present(html):
    page = html["en"]
    for anchor in ("population-default", "summary-default", "reach-default", "forest-default", "costs-default",
                   "tradeoffs-default",
                   "mechanisms-default", "themes-default", "table", "reproducibility"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page, anchor  # a section, in the contents
    for anchor in FIGURES:
        assert f'<figure id="figure-{anchor}-default">' in page, anchor
        assert f'download="{anchor}-default.csv"' in page, anchor
    for policy in POLICY_LIST[1:]:
        assert f'id="summary-default-{policy}"' in page
    for policy in POLICY_LIST:
        assert f'id="row-default-{policy}"' in page
    # every figure of FIGURES (the picture of a typical client's network needs `networks`: test_report_register)
    assert page.count("<svg ") == page.count("</svg>") == page.count('role="img"') == len(FIGURES)
    for key in ("summary_heading", "forest_heading", "costs_heading", "tradeoffs_heading", "mechanisms_heading",
                "themes_heading", "table_heading", "repro_heading"):
        assert f">{escape(TEXTS['en'][key])}</h" in page, key
    assert page.count("<figcaption>") >= len(FIGURES)
    for name in (*(f"{f}-default.csv" for f in FIGURES), "themes-default.csv", "comparison.csv"):
        assert f'class="csv" download="{name}"' in page, name
    for policy in POLICY_LIST:
        assert f'id="themes-default-{policy}"' in page
    assert "carenet compare default --policies none,regiebehandelaar,integral_pgb --replicates 3 --years 0.5 " \
           "--seed 0 --set n_clients=150 --out" in page


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_number_equals_the_ensemble_summary(html, expected, lang):
    found = NUM.findall(html[lang])
    seen = set()
    for scenario, policy, outcome, stat, factor, shown in found:
        row = expected.loc[(scenario, policy, outcome)]
        if stat == "diff_pct":
            value = 100 * row["diff_mean"] / expected.loc[(scenario, "none", outcome)]["mean"]
            assert factor == "1"
        else:
            value = row[stat] * float(factor)
            assert float(factor) == scale(outcome)
        assert close(shown, value, lang), (policy, outcome, stat, shown, value)
        seen.add((policy, outcome, stat))
    for policy in POLICY_LIST:  # the table: every outcome's mean and interval for every policy
        for outcome in TABLE_OUTCOMES:
            assert {(policy, outcome, s) for s in ("mean", "lo", "hi")} <= seen, (policy, outcome)
    for policy in POLICY_LIST:  # the themes table: every theme's mean and interval, and the difference to none
        for outcome in THEMES:
            stats = ("mean", "lo", "hi") if policy == "none" else ("mean", "lo", "hi", "diff_mean")
            assert {(policy, outcome, s) for s in stats} <= seen, (policy, outcome)
    for policy in POLICY_LIST[1:]:  # the summary: every paired difference, the costs per payer
        for outcome in (*HEADLINE, *PAYER_COSTS, PAYERS_TOTAL, COORDINATION):
            if outcome == COORDINATION and expected.loc[("default", policy, outcome)]["diff_hi"] == 0:
                continue  # no regiebehandelaar hours: not mentioned
            assert {(policy, outcome, s) for s in ("diff_mean", "diff_lo", "diff_hi")} <= seen, (policy, outcome)


def test_the_embedded_csvs_hold_the_summary(html, expected):
    table = embedded_csv(html["en"], "comparison.csv")
    assert set(table["outcome"]) == set(TABLE_OUTCOMES) and set(table["policy"]) == set(POLICY_LIST)
    for row in table.itertuples(index=False):
        want = expected.loc[(row.scenario, row.policy, row.outcome)]
        for stat in ("mean", "lo", "hi", "diff_mean"):
            assert getattr(row, stat) == pytest.approx(want[stat], rel=1e-12, nan_ok=True)
        assert isinstance(row.unit, str) and row.unit
    forest = embedded_csv(html["en"], "forest-default.csv")
    assert set(forest["outcome"]) == set(HEADLINE) and set(forest["policy"]) == set(POLICY_LIST[1:])
    costs = embedded_csv(html["en"], "costs-default.csv")
    assert set(costs["unit"]) == {"EUR per client-year"}
    for name, outcomes in (("work", WORK), ("burden", BURDEN), ("channels", BY_CHANNEL), ("fates", FATES),
                           ("themes", THEMES)):
        data = embedded_csv(html["en"], f"{name}-default.csv")
        assert set(data["outcome"]) == set(outcomes) and set(data["policy"]) == set(POLICY_LIST), name
        for row in data.itertuples(index=False):
            want = expected.loc[(row.scenario, row.policy, row.outcome)]
            for stat in ("mean", "lo", "hi", "diff_mean"):
                assert getattr(row, stat) == pytest.approx(want[stat], rel=1e-12, nan_ok=True), (name, stat)


def test_the_figure_titles_state_the_numbers(html, expected):
    """The active titles of the burden and complaint figures name none's share of heavily burdened carers and of
    complaints without an answer, in percent to one decimal; the parts of each composition add up to 100%."""
    page = html["en"]
    for figure, outcome in (("burden", "carer_share_heavily_burdened"), ("fates", "unanswered_complaint_share")):
        title = re.search(rf'<figure id="figure-{figure}-default">\s*<h4>([^<]*)</h4>', page).group(1)
        shown = re.findall(r"(\d+\.\d)% ", title + " ")
        assert f"{100 * expected.loc[('default', 'none', outcome)]['mean']:.1f}" in shown, (figure, title)
    for policy in POLICY_LIST:
        for parts in (BURDEN, FATES):
            total = sum(expected.loc[("default", policy, o)]["mean"] for o in parts)
            assert total == pytest.approx(1.0, abs=1e-9), (policy, parts)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_external_resource(html, lang):
    assert_self_contained(html[lang])


def test_same_inputs_same_bytes(folder, html):
    again = render_report(folder, "en", DATE)
    assert again == html["en"]
    other_day = render_report(folder, "en", "2027-01-02").splitlines()
    changed = [(a, b) for a, b in zip(html["en"].splitlines(), other_day) if a != b]
    assert len(other_day) == len(html["en"].splitlines()) and len(changed) == 1, changed
    assert DATE in changed[0][0]


def test_dutch_headings_and_names(html):
    page = html["nl"]
    assert '<html lang="nl">' in page
    for key in ("title", "summary_heading", "forest_heading", "costs_heading", "table_heading", "repro_heading"):
        assert TEXTS["nl"][key] in page and TEXTS["en"][key] not in page, key
    for word in (POLICIES["nl"]["integral_pgb"], OUTCOME_NAMES["nl"]["unanswered_complaint_share"], "eigen bijdrage",
                 "mantelzorgers", "Zvw", "Wlz", "Wmo", "Jeugdwet", "binnen de ruis"):
        assert word in page, word


def test_every_language_has_every_text():
    assert TEXTS["en"].keys() == TEXTS["nl"].keys()
    assert POLICIES["en"].keys() == POLICIES["nl"].keys()
    assert OUTCOME_NAMES["en"].keys() == OUTCOME_NAMES["nl"].keys()


def test_the_command_writes_the_report(folder, tmp_path, html):
    out = tmp_path / "rapport.html"
    result = invoke("report", folder, "--out", out, "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert f"Report: {out}" in result.output
    page = out.read_text(encoding="utf-8")
    assert TEXTS["nl"]["table_heading"] in page and "<svg " in page


def refused(result, *needles):
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    assert "Traceback" not in result.output


def test_bad_input_is_refused(folder, tmp_path):
    out = tmp_path / "r.html"
    refused(invoke("report", tmp_path / "missing", "--out", out), "RESULTS_DIR", str(tmp_path / "missing"),
            "no such folder", "allowed:")
    empty = tmp_path / "empty"
    empty.mkdir()
    refused(invoke("report", empty, "--out", out), "RESULTS_DIR", str(empty), "not a results folder",
            "a results folder holds")
    refused(invoke("report", folder, "--out", out, "--lang", "de"), "--lang = 'de'", "allowed: en, nl")
    refused(invoke("report", folder, "--out", tmp_path / "nowhere" / "r.html"), "--out", "nowhere",
            "does not exist", "allowed:")
    refused(invoke("report", folder, "--out", tmp_path), "--out", str(tmp_path), "is a folder", "allowed:")
    refused(invoke("report", folder, "--out", ""), "--out = ''", "allowed:")
    assert not out.exists()


def test_shares_are_shown_in_percent_and_their_differences_in_percentage_points(html, expected):
    """A share (fraction 0-1) is written times 100: the table's mean in percent, the summary's paired difference in
    percentage points, with the unit named; burnout per 100 carer-years."""
    page = html["en"]
    assert scale("unanswered_complaint_share") == 100 and scale("carer_burnout_per_carer_year") == 100
    assert scale("handover_failures_per_100_transitions") == 1
    mean = expected.loc[("default", "none", "unanswered_complaint_share")]["mean"]
    shown = [s for sc, p, o, st, f, s in NUM.findall(page)
             if (p, o, st) == ("none", "unanswered_complaint_share", "mean")]
    assert shown and all(close(s, 100 * mean, "en") for s in shown)
    assert "percentage points" in page and "% of closed complaints" in page
    assert "burnouts per 100 carer-years" in page
    assert "procentpunt" in html["nl"]


def test_pdf_is_printed_by_chromium_or_refused_clearly(folder, tmp_path, monkeypatch):
    """``--pdf`` prints the report with a headless Chromium where one is installed (a real PDF beside the HTML);
    where none is, the command is refused before anything is written, naming what it looked for."""
    from carenet.cli.report import CHROMIUM_NAMES

    out = tmp_path / "report.html"
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.delenv("CARENET_CHROMIUM", raising=False)
    refused(invoke("report", folder, "--out", out, "--pdf"), "--pdf", "no Chromium found", *CHROMIUM_NAMES,
            "allowed:")
    assert not out.exists()
    monkeypatch.setenv("CARENET_CHROMIUM", str(tmp_path / "no-such-browser"))
    refused(invoke("report", folder, "--out", out, "--pdf"), "CARENET_CHROMIUM", "no-such-browser", "allowed:")
    monkeypatch.undo()
    from carenet.cli.report import find_chromium
    from sim.scenario import ScenarioError
    try:
        find_chromium()
    except ScenarioError:
        return  # no Chromium on this machine: the refusal above is what a user gets
    result = invoke("report", folder, "--out", out, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf")
    assert f"PDF: {pdf}" in result.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000 and data.count(b"/Type /Page") >= 3
    assert not list(tmp_path.glob(".*.tmp"))


def test_who_each_policy_reaches(html, expected):
    """Each policy other than none has its reach paragraph, whose shares (in percent) equal the outcome tables; under
    a one-block policy the block's share and the reasons it misses clients add up to 100% of client-weeks."""
    page = html["en"]
    section = page[page.index('<section id="reach-default">'):page.index('<section id="forest-default">')]
    for policy in POLICY_LIST[1:]:
        shown = [(o, s) for sc, p, o, st, f, s in NUM.findall(section) if p == policy and st == "mean"]
        assert "policy_reach_share" in {o for o, _ in shown}, policy
        for outcome, value in shown:
            assert close(value, 100 * expected.loc[("default", policy, outcome)]["mean"], "en"), (policy, outcome)
    total = sum(expected.loc[("default", "regiebehandelaar", o)]["mean"] for o in REACH
                if "regiebehandelaar" in o and o.startswith(("reach_", "not_reached_")))
    assert total == pytest.approx(1.0, abs=1e-9)
    assert expected.loc[("default", "none", "policy_reach_share")]["mean"] == 0


def test_the_fan_charts_hold_the_weekly_series(folder, html):
    """The fan charts' CSVs hold, per policy and week, the 5/25/50/75/95% quantiles over the replicates of the
    weekly series as load_series reads them."""
    series = load_series(folder)
    for key, column, factor in (("strain", "carer_strain_mean", 1), ("unmet", "unmet_hours_share", 1)):
        data = embedded_csv(html["en"], f"fan-{key}-default.csv")
        assert set(data["policy"]) == set(POLICY_LIST) and set(data["series"]) == {column}
        for row in data.sample(5, random_state=0).itertuples(index=False):
            runs = series[(series["policy"] == row.policy) & (series["week"] == row.week)][column]
            assert len(runs) == 3
            assert row.q50 == pytest.approx(runs.quantile(0.5) * factor, rel=1e-12)
            assert row.q05 <= row.q25 <= row.q50 <= row.q75 <= row.q95


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_lead_names_the_outcomes_a_policy_makes_worse(folder, lang):
    """A policy's lead sentence counts the headline outcomes it reduces beyond noise and, where it makes some
    worse beyond noise, says how many: a harm is not left to the bullets below. (The small comparison has no
    such harm, so one is planted in a copy of its summary: integral pgb's failed items, interval +1 to +2.)"""
    import copy

    from analysis.report.data import HEADLINE, load_report_data
    from analysis.report.sentences import policy_summary
    data = load_report_data(folder)
    worse_text = {"en": "It increases {m} of them beyond noise.", "nl": "Het verhoogt er {m} aantoonbaar"}[lang]
    scenario = data.scenarios[0]
    for policy in data.others():
        assert worse_text.format(m=1) not in str(policy_summary(data, scenario, policy, lang).lead)
    planted = copy.copy(data)
    summary = data.summary.copy()
    row = ((summary["policy"] == "integral_pgb") & (summary["outcome"] == HEADLINE[1])
           & (summary["scenario"] == scenario))
    assert row.sum() == 1
    summary.loc[row, ["diff_mean", "diff_lo", "diff_hi"]] = [1.5, 1.0, 2.0]
    object.__setattr__(planted, "summary", summary)
    lead = str(policy_summary(planted, scenario, "integral_pgb", lang).lead)
    assert worse_text.format(m=1) in lead, lead
