"""Tests of the report's section "When does a policy fail?" (:mod:`analysis.report.robustness`).

Three small experiments per module, made with the command line (~30 s on two busy cores): a comparison (none and
regiebehandelaar, 2 replicates of 150 clients over half a year), a sweep of strain.recovery over 0.05-0.2 (3 points
x 2 replicates x 2 policies, 200 clients, 1 year) and a Morris analysis of three parameters (2 trajectories, 8
points, 1 replicate, 150 clients, half a year), each after a warm-up of half a year instead of the scenario's three
(these tests are about the report, not the model's steady state).

Checked: the section, its parts and every figure are there, in English and Dutch, and listed in the contents;
every number in the section's sentences equals what the stored tables give directly, times the factor its span
gives as ``data-scale`` (paired differences from the outcome tables, indices from ``indices.parquet``, crossings
interpolated here, each box's density and coverage recounted from its limits as written), and that factor is the
one the rest of the report shows the outcome with (a share's effect in percentage points); the embedded CSVs hold
the stored values and units; the same inputs give the same bytes but for the date line; nothing outside the page
is referenced; the command takes the folders in any order and refuses two comparisons, none, or a folder of an
unknown kind. On hand-made tables (not flaky): a known sign change is found and interpolated, and the box finder
returns the box that was planted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.ensemble import summarize
from analysis.report import render_report
from analysis.report.labels import TEXTS, scale
from analysis.report.formatting import parse_number
from analysis.report.robustness import Box, discover, find_box, load_study, sign_changes, sort_folders
from analysis.results import ResultsError, load_results
from carenet.cli import main
from pages import assert_self_contained, close, embedded_csv
from test_report import FIGURES
from sim.outcomes import HEADLINE, OUTCOMES

DATE = "2026-11-30"
POLICIES = "none,regiebehandelaar"
SMALL = ["--replicates", "2", "--workers", "2", "-q", "--set", "warmup_years=0.5"]
PARAMETER = "strain.recovery"
SPAN = re.compile(r'<span class="num"((?: data-[a-z_]+="[^"]*")+)>([^<]*)</span>')


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("robustness")
    runs = {
        "compare": ["compare", "default", "--policies", POLICIES, *SMALL, "--years", "0.5", "--set", "n_clients=150"],
        "sweep": ["sweep", "default", "--param", f"{PARAMETER}=0.05:0.2:3", "--policies", POLICIES, *SMALL,
                  "--years", "1", "--set", "n_clients=200"],
        "sensitivity": ["sensitivity", "default", "--method", "morris", "--groups", "none", "--trajectories", "2",
                        "--params", f"{PARAMETER},handover.paper_complete,complaints.propensity", "--policies",
                        POLICIES, "--replicates", "1", "--workers", "2", "-q", "--years", "0.5", "--set",
                        "n_clients=150", "--set", "warmup_years=0.5"],
    }
    out = {}
    for name, args in runs.items():
        out[name] = root / name
        result = invoke(*args, "--out", out[name])
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def html(folders) -> dict[str, str]:
    return {lang: render_report(folders["compare"], lang, DATE, robustness=[folders["sweep"], folders["sensitivity"]])
            for lang in ("en", "nl")}


def section(page: str) -> str:
    return page[page.index('<section id="robustness">'):page.index('<section id="table">')]


def spans(page: str) -> list[tuple[dict[str, str], str]]:
    """Every traced number of the section: its data-* attributes and the number as shown."""
    return [(dict(re.findall(r'data-([a-z_]+)="([^"]*)"', attrs)), shown) for attrs, shown in SPAN.findall(page)]


@pytest.fixture(scope="module")
def effects(folders) -> dict[str, pd.DataFrame]:
    """Per study, the paired differences per design point straight from its tables, indexed by (scenario, point,
    policy, outcome), with the design parameters beside them."""
    out = {}
    for study, name in (("sweep-1", "sweep"), ("sensitivity-2", "sensitivity")):
        df = load_results(folders[name])
        summary = summarize(df[["run_id", "scenario", "point", "policy", "replicate"]], df[["run_id", *HEADLINE]],
                            HEADLINE, by=("scenario", "point"))
        summary = summary[summary["policy"] != "none"]
        parameters = [c for c in df.columns if "." in c]
        summary = summary.merge(df.drop_duplicates("point")[["point", *parameters]], on="point")
        out[study] = summary.set_index(["scenario", "point", "policy", "outcome"])
    return out


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_section_its_parts_and_every_figure_are_present(html, folders, lang):
    page = html[lang]
    assert f'<h2>{TEXTS[lang]["robust_heading"]}</h2>' in page and 'href="#robustness"' in page
    for anchor in ("robustness", "sweep-1", "sweep-1-signs", "sweep-1-boxes", "sensitivity-2",
                   "sensitivity-2-matters", "sensitivity-2-boxes", "robustness-conclusion"):
        assert f'<section id="{anchor}">' in page, anchor
    for key in ("robust_signs_heading", "robust_boxes_heading", "robust_matters_heading", "robust_conclusion_heading"):
        assert TEXTS[lang][key] in page, key
    figures = [f"figure-sweep-1-signs-{PARAMETER}", "figure-sensitivity-2-matters-regiebehandelaar"]
    for name, study in (("sweep", "sweep-1"), ("sensitivity", "sensitivity-2")):
        if any(d.box is not None for d in discover(load_study(folders[name]), "default")):
            figures.append(f"figure-{study}-boxes")
    here = section(page)
    for figure in figures:
        assert f'<figure id="{figure}">' in here, figure
        assert f'download="{figure}.csv"' in here, figure
    assert here.count("<svg ") == len(figures) == here.count("<figcaption>")
    assert page.count("<svg ") == len(FIGURES) + len(figures)  # the comparison's figures per population, and these
    assert here.count('role="img"') == len(figures)
    conclusion = here[here.index('<section id="robustness-conclusion">'):]
    assert TEXTS[lang]["robust_conclusion_robust"] in conclusion or (
        TEXTS[lang]["robust_conclusion_fragile"].split("{")[0] in conclusion)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_number_equals_the_stored_tables(html, folders, effects, lang):
    here = section(html[lang])
    indices = pd.read_parquet(folders["sensitivity"] / "indices.parquet")
    checked = set()
    limits: dict[tuple, dict] = {}
    shares: dict[tuple, dict] = {}
    for attrs, shown in spans(here):
        study, stat = attrs["study"], attrs["stat"]
        factor = float(attrs.get("scale", 1))  # what the shown value is the stored one times
        if "point" in attrs:  # a paired difference at a design point, shown as the rest of the report shows it
            row = effects[study].loc[(attrs["scenario"], int(attrs["point"]), attrs["policy"], attrs["outcome"])]
            assert factor == scale(attrs["outcome"]), attrs
            value = factor * row[stat]
        elif "factor" in attrs or stat == "noise_share":  # a sensitivity index (Morris: in the effect's unit)
            rows = indices[(indices.scenario == attrs["scenario"]) & (indices.target == attrs["target"])
                           & (indices.outcome == attrs["outcome"])]
            if stat == "noise_share":  # in %
                want, value = 100, rows["noise_share"].iloc[0]
            else:  # Sobol indices are shares of variance, shown as they are
                want = scale(attrs["outcome"]) if rows["method"].iloc[0] == "morris" else 1
                value = rows.set_index("factor").loc[attrs["factor"], stat]
            assert factor == want, attrs
            value = factor * value
        elif stat in ("density", "coverage"):  # shares of design points, in %
            assert factor == 100, attrs
            shares.setdefault((study, attrs["scenario"], attrs["policy"], attrs["outcome"]), {})[stat] = (shown,
                                                                                                         factor)
            continue
        elif "scale" in attrs:
            raise AssertionError(f"a parameter's value is shown in its own unit, unscaled: {attrs}")
        elif stat in ("first", "last"):  # the swept range
            values = effects[study][attrs["parameter"]]
            value = values.min() if stat == "first" else values.max()
        elif stat in ("lower", "upper", "crossing"):  # where an effect changes sign: recomputed here
            line = effects[study].xs((attrs["scenario"], attrs["policy"], attrs["outcome"]),
                                     level=("scenario", "policy", "outcome"))
            line = line.dropna(subset=["diff_mean"]).sort_values(attrs["parameter"])
            x, y = line[attrs["parameter"]].to_numpy(), line["diff_mean"].to_numpy()
            turns = [i for i in range(len(x) - 1) if (y[i] < 0) != (y[i + 1] < 0)]
            candidates = {"lower": [x[i] for i in turns], "upper": [x[i + 1] for i in turns],
                          "crossing": [x[i] - y[i] * (x[i + 1] - x[i]) / (y[i + 1] - y[i]) for i in turns]}[stat]
            assert any(close(shown, c, lang) for c in candidates), (attrs, shown, candidates)
            checked.add(stat)
            continue
        elif stat in ("box_lower", "box_upper"):  # a box's limits, used below to recount its density and coverage
            key = (study, attrs["scenario"], attrs["policy"], attrs["outcome"])
            bounds = limits.setdefault(key, {}).setdefault(attrs["parameter"], [None, None])
            bounds[stat == "box_upper"] = parse_number(shown, lang)
            checked.add(stat)
            continue
        else:
            raise AssertionError(f"an untraced kind of number: {attrs}")
        assert close(shown, value, lang), (attrs, shown, value)
        checked.add(stat)
    for key, written in shares.items():  # recount each box from its limits as written and the stored tables
        study, scenario, policy, outcome = key
        points = effects[study].xs((scenario, policy, outcome), level=("scenario", "policy", "outcome"))
        points = points.dropna(subset=["diff_mean"])
        box = Box({k: tuple(v) for k, v in limits[key].items()}, 0, 0, 0)
        inside, lost = box.contains(points), (points["diff_mean"] >= 0).to_numpy()
        recounted = {"density": (inside & lost).sum() / inside.sum(), "coverage": (inside & lost).sum() / lost.sum()}
        for stat, (shown, factor) in written.items():
            assert close(shown, factor * recounted[stat], lang), (key, stat, shown)
        checked.add("density")
    assert {"mu_star", "mu_star_conf", "sigma"} <= checked  # Morris indices are always named
    study = load_study(folders["sweep"])
    changes = sign_changes(study.effects, PARAMETER, study.parameters)
    if not changes.empty:  # every sign change found directly is written, with its endpoints
        assert {"crossing", "lower", "upper", "first", "last", "diff_mean"} <= checked
        for crossing in changes["crossing"]:
            assert any(a.get("stat") == "crossing" and close(s, crossing, lang) for a, s in spans(here)), crossing


def test_the_embedded_csvs_hold_the_stored_tables(html, folders, effects):
    page = html["en"]
    signs = embedded_csv(page, f"figure-sweep-1-signs-{PARAMETER}.csv")
    want = effects["sweep-1"].reset_index()
    assert len(signs) == len(want) and set(signs["outcome"]) == set(HEADLINE)
    merged = signs.merge(want, on=["scenario", "point", "policy", "outcome"], suffixes=("", "_want"))
    assert np.allclose(merged["diff_mean"], merged["diff_mean_want"], rtol=1e-12, equal_nan=True)
    assert list(signs["unit"]) == [OUTCOMES[o].unit for o in signs["outcome"]]  # stored: shares as fractions 0-1
    matters = embedded_csv(page, "figure-sensitivity-2-matters-regiebehandelaar.csv")
    stored = pd.read_parquet(folders["sensitivity"] / "indices.parquet")
    stored = stored[(stored.target == "regiebehandelaar - none")].reset_index(drop=True)
    assert np.allclose(matters["mu_star"], stored["mu_star"], rtol=1e-12)
    assert list(matters["factor"]) == list(stored["factor"])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_shares_effect_is_shown_in_percentage_points(html, lang):
    share = "transitions_with_failed_handover_share"
    said = [line for line in re.findall(r"<(?:li|p)>(.*?)</(?:li|p)>", section(html[lang]), re.S)
            if f'data-outcome="{share}"' in line and re.search(r'data-stat="(mu_star|diff_mean)"', line)]
    words = {"en": "(percentage points)", "nl": "(procentpunt)"}[lang]  # as the comparison's sentences say it
    assert said and all(words in line and 'data-scale="100"' in line for line in said), said


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_external_resource(html, lang):
    assert_self_contained(html[lang])


def test_same_inputs_same_bytes(folders, html):
    other_day = render_report(folders["compare"], "en", "2027-01-02",
                              robustness=[folders["sweep"], folders["sensitivity"]]).splitlines()
    changed = [(a, b) for a, b in zip(html["en"].splitlines(), other_day) if a != b]
    assert len(other_day) == len(html["en"].splitlines()) and len(changed) == 1, changed[:3]
    assert DATE in changed[0][0]


def test_a_known_sign_change_is_found():
    rows = []
    for point, (x, y) in enumerate(zip([0.0, 1.0, 2.0, 3.0], [-0.3, -0.1, 0.1, 0.3])):  # crosses 0 at x = 1.5
        rows.append(("default", point, "stepped", "carer_burnout_per_carer_year", y, x, 1.0))
    for point, (x, y) in enumerate(zip([0.0, 1.0, 2.0, 3.0], [-0.3, -0.2, -0.2, -0.1])):  # keeps its sign
        rows.append(("default", 4 + point, "stepped", "carer_burnout_per_carer_year", y, x, 2.0))
    for point, (x, y) in enumerate(zip([3.0, 0.0, 1.0, 2.0], [0.2, 0.2, float("nan"), -0.6])):  # unordered, a gap
        rows.append(("default", 8 + point, "regiebehandelaar", "unanswered_complaint_share", y, x, 1.0))
    effects = pd.DataFrame(rows, columns=["scenario", "point", "policy", "outcome", "diff_mean", "a", "b"])
    changes = sign_changes(effects, "a", ["a", "b"])
    assert len(changes) == 3
    first = changes.iloc[0]
    assert (first["policy"], first["b"], first["lower"], first["upper"]) == ("stepped", 1.0, 1.0, 2.0)
    assert first["crossing"] == pytest.approx(1.5)
    turn, back = changes.iloc[1], changes.iloc[2]  # 0.2 at 0, (undefined at 1), -0.6 at 2, 0.2 at 3
    assert (turn["lower"], turn["upper"], turn["crossing"]) == (0.0, 2.0, pytest.approx(0.5))
    assert (back["lower"], back["upper"], back["crossing"]) == (2.0, 3.0, pytest.approx(2.75))
    assert sign_changes(effects[effects["b"] == 2.0], "a", ["a", "b"]).empty


def test_the_box_finder_returns_the_planted_box():
    a, b = np.meshgrid(np.arange(10.0), np.arange(10.0))
    values = pd.DataFrame({"a": a.ravel(), "b": b.ravel(), "noise": np.random.default_rng(0).random(100)})
    lost = ((values["a"] >= 6) & (values["b"] <= 2)).to_numpy()  # 4 x 3 = 12 of 100 points
    box = find_box(values, lost)
    assert set(box.limits) == {"a", "b"}
    (a_lo, a_hi), (b_lo, b_hi) = box.limits["a"], box.limits["b"]
    assert a_hi is None and 5 < a_lo < 6 and b_lo is None and 2 < b_hi < 3
    assert (box.inside, box.lost_inside, box.lost, box.density, box.coverage) == (12, 12, 12, 1.0, 1.0)
    assert list(box.contains(values)) == list(lost)
    flipped = lost.copy()
    flipped[[0, 99]] = True  # two points far from the box also lose: coverage 12/14, density still 1
    box = find_box(values, flipped)
    assert box.density == 1.0 and box.coverage == pytest.approx(12 / 14)
    assert find_box(values, np.zeros(100, bool)) is None and find_box(values, np.ones(100, bool)) is None
    assert find_box(values, flipped) == box  # a fixed random_state: the same box every time


def refused(result, *needles):
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def test_the_command_takes_the_folders_in_any_order(folders, tmp_path):
    out = tmp_path / "report.html"
    result = invoke("report", folders["sensitivity"], folders["compare"], folders["sweep"], "--out", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.index('<section id="sensitivity-1">') < page.index('<section id="sweep-2">')  # in the order given
    assert sort_folders([folders["sweep"], folders["compare"]]) == (folders["compare"], (folders["sweep"],))

    bad = tmp_path / "bad.html"
    refused(invoke("report", folders["compare"], folders["compare"], "--out", bad), "RESULTS_DIR",
            "2 folders of carenet compare", "allowed: exactly one")
    refused(invoke("report", folders["sweep"], "--out", bad), "RESULTS_DIR", str(folders["sweep"]),
            "no folder of carenet compare", "allowed: exactly one")
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "manifest.json").write_text(json.dumps({"kind": "carenet bench"}))
    refused(invoke("report", folders["compare"], odd, "--out", bad), "RESULTS_DIR", str(odd),
            "manifest kind 'carenet bench' not allowed", "allowed: carenet compare, carenet sweep, carenet sensitivity")
    with pytest.raises(ResultsError, match="allowed here: a folder written by carenet sweep or carenet sensitivity"):
        load_study(folders["compare"])
    assert not bad.exists()


def test_lines_at_other_swept_values_are_told_apart():
    """A sweep of two parameters: the lines of one policy at each value of the other parameter get their own line
    style (and a legend entry), so three lines in one panel are not three identical lines."""
    import re as _re

    from analysis.report.robustness_figures import effects_svg

    def figure(levels):
        rows = []
        for b in levels:
            for point, x in enumerate([0.0, 1.0, 2.0]):
                for outcome in ("transitions_with_failed_handover_share", "handover_failures_per_100_transitions",
                                "carer_burnout_per_carer_year", "unanswered_complaint_share"):
                    diff = -0.1 * b + 0.05 * x
                    rows.append(("default", point, "regiebehandelaar", outcome, 1, 0.1, 0.0, 0.2, 1,
                                 diff, diff - 0.05, diff + 0.05, x, b))
        effects = pd.DataFrame(rows, columns=["scenario", "point", "policy", "outcome", "n", "mean", "lo", "hi",
                                              "diff_n", "diff_mean", "diff_lo", "diff_hi", "a", "b"])
        changes = sign_changes(effects, "a", ["a", "b"])
        svg_text = effects_svg(effects, "a", ["a", "b"], "", changes, ["none", "regiebehandelaar"], "en", "t", "s")
        return set(_re.findall(r"stroke-dasharray: ?([\d.,\s]+)", svg_text))

    assert len(figure([1.0, 2.0, 3.0])) >= len(figure([1.0])) + 2
