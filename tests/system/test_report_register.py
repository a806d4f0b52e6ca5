"""The report's assumption register, method appendix, scenario-file hashes and typical-client networks.

One small comparison of two populations (``default`` and ``frail_elderly``, which extends it; 2 policies x 2
replicates of 150 clients over half a year) and the network pictures ``carenet report`` makes for it (a one-year
run per population), rendered in English and Dutch, ~20 s. Checked: the register has a row for every parameter of
the provenance table with the value the run used and its source; the calibration rows are docs/calibration.json's;
the validation shows "not available" without docs/validation.json and its targets with it; every STRESS-ABS item
is there and filled from the manifest; the scenario files' hashes are the SHA-256 of the files (a base file
included) and a changed scenario is noticed; a network picture per population with its edge list; the same inputs
give the same bytes and nothing outside the file is referenced.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pages import assert_self_contained
from test_report import FIGURES

from analysis.calibration_report import target_rows
from analysis.network_picture import edge_table
from analysis.report import render_report
from analysis.report.appendix import STRESS
from analysis.report.data import load_report_data
from analysis.report.labels import TEXTS
from analysis.report.register import DOCS, register_table, value_text
from analysis.report.scenario_files import scenario_file_hashes
from carenet.cli import main
from carenet.cli.report import typical_networks
from experiments.validation import BurdenRow, StationarityCheck, TargetCheck, ValidationResult
from sim.provenance import parameter_table
from sim.scenario import parameter_names, scenario_files, scenario_sources, validate

SCENARIOS = ("default", "frail_elderly")
COMPARE = ["compare", *SCENARIOS, "--policies", "none,regiebehandelaar", "--replicates", "2", "--years", "0.5",
           "--set", "n_clients=150", "--workers", "1", "-q"]
DATE = "2026-11-30"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("register") / "cmp"
    result = CliRunner().invoke(main, [*COMPARE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def manifest(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text())


@pytest.fixture(scope="module")
def networks(folder, manifest) -> dict:
    return typical_networks(manifest, SCENARIOS)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    """A docs folder with the committed calibration.json and a validation.json as carenet validate writes it."""
    out = tmp_path_factory.mktemp("docs")
    shutil.copy(DOCS / "calibration.json", out / "calibration.json")
    (out / "validation.json").write_text(json.dumps(validation_data()))
    return out


@pytest.fixture(scope="module")
def html(folder, networks, docs) -> dict[str, str]:
    return {lang: render_report(folder, lang, DATE, networks=networks, docs=docs) for lang in ("en", "nl")}


def validation_data() -> dict:
    """The data of :func:`validation_result`, as carenet validate writes it to validation.json."""
    return validation_result().to_dict()


def validation_result() -> ValidationResult:
    """Validation results with one target of each status, built with the classes of carenet validate."""
    calibration = json.loads((DOCS / "calibration.json").read_text())
    targets = []
    for t, status in zip(calibration["targets"][:3], ("pass", "miss", "outside")):
        targets.append(TargetCheck(key=t["key"], label=t["label"], source=t["source"], kind=t["kind"],
                                   block=t["block"], unit=t["unit"], published=t["value"],
                                   resolution=t["resolution"], mean=t["value"] * 1.2, lo=t["value"] * 1.1,
                                   hi=t["value"] * 1.3, values=[], status=status, relative_error=0.2))
    stationarity = [StationarityCheck(scenario="default", outcome="carer_share_fairly_heavy", unit="share",
                                      early=0.14, late=0.141, difference=0.001, diff_lo=-0.01, diff_hi=0.012,
                                      tolerance=0.03, status="pass")]
    burden = [BurdenRow(scenario="default", measures={}, status="pass")]
    runs = {"targets": {"scenario": "default", "clients": 1000, "years": 5.0, "replicates": 2, "warmup_years": 3.0},
            "populations": {"default": {"clients": 3000, "warmup_years": 3.0}}, "years": 10.0, "replicates": 2,
            "seeds": [1, 2], "root_seed": 7, "calibration_seeds": [101],
            "windows": {"years 2-3": [52, 156], "years 9-10": [416, 520], "years 1-10": [0, 520]}}
    return ValidationResult(settings={"command": "carenet validate --clients 3000 --replicates 5 --seed 7",
                                      "clients": 3000}, runs=runs, targets=targets, stationarity=stationarity,
                            burden=burden, date=DATE, wall_time_seconds=1.0, workers=1)


def csv_of(page: str, name: str) -> pd.DataFrame:
    match = re.search(rf'download="{re.escape(name)}" href="data:text/csv;base64,([A-Za-z0-9+/=]+)"', page)
    assert match, name
    return pd.read_csv(io.BytesIO(base64.b64decode(match.group(1))), keep_default_na=False)


def at(tree: dict, dotted: str):
    for part in dotted.split("."):
        tree = tree[part]
    return tree


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_register_has_every_parameter_with_the_value_used(html, manifest, lang):
    page = html[lang]
    names = parameter_names()
    assert len(names) > 300
    register = csv_of(page, "register.csv")
    assert len(register) == len(names) * len(SCENARIOS)
    for name in names:
        row = re.search(rf'<tr id="param-{re.escape(name)}">(.*?)</tr>', page)
        assert row, name
        values = re.findall(r'<td class="value">([^<]*)</td>', row.group(1))[:len(SCENARIOS)]
        recorded = [at(manifest["record"]["parameters"][s], name) for s in SCENARIOS]
        assert values == [value_text(v, lang) for v in recorded], name  # one value column per scenario
    for r in register.itertuples(index=False):
        assert json.loads(r.value) == at(manifest["record"]["parameters"][r.scenario], r.name), (r.scenario, r.name)


def test_the_register_takes_sources_and_status_from_the_provenance_table(folder, manifest):
    data = load_report_data(folder)
    rows = register_table(data)
    for scenario in SCENARIOS:
        mine = rows[rows["scenario"] == scenario].set_index("name")
        params = validate(manifest["record"]["parameters"][scenario])
        table = parameter_table(params, scenario_sources(manifest["origins"][scenario])).set_index("name")
        for name in parameter_names():
            if name == "population.n_clients":  # set for this comparison with --set n_clients=150
                assert mine.loc[name, "source"] == "--set n_clients=150" and mine.loc[name, "status"] == "override"
                continue
            assert mine.loc[name, "source"] == table.loc[name, "source"], name
            assert mine.loc[name, ["unit", "range"]].tolist() == table.loc[name, ["unit", "range"]].tolist(), name
        calibrated = mine[mine["status"] == "calibrated"]
        assert len(calibrated) >= 10 and all(s.startswith("calibrated to") for s in calibrated["source"])


def test_the_register_summary_counts_every_status(html):
    page = html["en"]
    summary = re.search(r'<ul class="register-summary">(.*?)</ul>', page, re.S).group(1)
    for scenario in SCENARIOS:
        line = re.search(rf"<b>{scenario}</b>: (\d+) parameters: (.*?)\.</li>", summary)
        assert line and int(line.group(1)) == len(parameter_names())
        counts = dict(part.rsplit(" ", 1) for part in line.group(2).split(", "))
        assert {"calibrated", "documented", "assumption", "set here"} <= counts.keys()
        assert sum(int(n) for n in counts.values()) == len(parameter_names())
    assert page.count('<details class="register"') >= 25  # one per section


def test_the_calibration_rows_equal_calibration_json(html):
    data = json.loads((DOCS / "calibration.json").read_text())
    table = csv_of(html["en"], "calibration.csv")
    assert table["key"].tolist() == [t["key"] for t in data["targets"]]
    for row, t, judged in zip(table.itertuples(index=False), data["targets"], target_rows(data)):
        fitted = data["validation"]["fitted"][t["key"]]
        assert (row.published, row.mean, row.lo, row.hi) == (t["value"], fitted["mean"], fitted["lo"], fitted["hi"])
        assert str(row.met) == str(judged["met"]) and row.source == t["source"]
    section = re.search(r'<section id="calibration">(.*?)</section>', html["en"], re.S).group(1)
    assert section.count("<tr>") == len(data["targets"]) + 1
    assert f"fitted {len(data['fitted'])} parameter values" in section


def test_validation_is_shown_from_its_json(html):
    section = re.search(r'<section id="validation">(.*?)</section>', html["en"], re.S).group(1)
    assert "carenet validate --clients 3000" in section and "3 of 5 checks pass" in section
    assert ">pass<" in section and "miss (+20%)" in section and "outside (+20%" in section
    assert len(csv_of(html["en"], "validation.csv")) == 3
    assert TEXTS["nl"]["validation_pass"] in html["nl"]


def test_without_validation_json_or_pictures_the_report_says_so(folder, tmp_path):
    shutil.copy(DOCS / "calibration.json", tmp_path / "calibration.json")
    page = unescape(render_report(folder, "en", DATE, docs=tmp_path))
    assert TEXTS["en"]["validation_missing"].format(path=tmp_path / "validation.json") in page
    assert 'download="validation.csv"' not in page and 'download="calibration.csv"' in page
    assert TEXTS["en"]["network_missing"] in page and "figure-network" not in page


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_stress_item_is_there_and_filled_from_the_manifest(html, manifest, lang):
    page = html[lang]
    items = {}
    for _, numbers in STRESS:
        for number in numbers:
            row = re.search(rf'<tr id="stress-{re.escape(number)}"><td><b>{re.escape(number)}</b> ([^<]+)</td>'
                            r"<td>([^<]+)</td></tr>", page)
            assert row, number
            assert row.group(1).strip() and len(row.group(2)) > 40 and "{" not in row.group(2), number
            items[number] = row.group(2)
    assert len(items) == 20
    d = manifest["record"]["definition"]
    assert str(d["replicates"]) in items["4.3"] and ("0.5" if lang == "en" else "0,5") in items["4.2"]
    assert str(d["root_seed"]) in items["5.2"] and str(manifest["seeds"][0]) in items["5.2"]
    warmup = manifest["record"]["parameters"]["default"]["warmup_years"]
    assert f"{warmup:g}" in items["4.1"]
    for package, version in manifest["versions"].items():
        assert f"{package} {version}" in items["5.1"], package
    assert manifest["git"]["commit"] in items["6.1"]
    appendix = re.search(r'<section id="odd">(.*?)</section>', page, re.S).group(1)
    assert "handover" in appendix and "start_of_week" in appendix and "docs/ODD.md" in appendix


def test_the_scenario_file_hashes_are_the_sha256_of_the_files(folder, html):
    page = html["en"]
    data = load_report_data(folder)
    for scenario in SCENARIOS:
        files = scenario_files(data.manifest["origins"][scenario])
        assert len(files) == (2 if scenario == "frail_elderly" else 1)  # frail_elderly extends default
        for path in files:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert re.search(rf'<dt>{scenario}: <code>[^<]*{path.name}</code></dt><dd><code class="sha">{digest}'
                             r"</code></dd>", page), (scenario, path)
        hashes, same = scenario_file_hashes(data, scenario)
        assert same is True and [h for _, h in hashes] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    assert unescape(page).count(TEXTS["en"]["files_match"]) == len(SCENARIOS)
    assert data.manifest["fingerprint"] in page
    changed = json.loads(json.dumps(data.manifest))
    changed["record"]["parameters"]["default"]["strain"]["recovery"] += 0.01  # as if the file changed after the run
    assert scenario_file_hashes(dataclasses.replace(data, manifest=changed), "default")[1] is False


def test_a_network_picture_per_population_with_its_edge_list(html, networks):
    page = html["en"]
    assert set(networks) == set(SCENARIOS)
    for i, scenario in enumerate(SCENARIOS):
        figure = re.search(rf'<figure id="figure-network-{i}">(.*?)</figure>', page, re.S).group(1)
        assert figure.count("<svg ") == 1 and "<figcaption>" in figure
        assert f"Client {networks[scenario].choice.client} of a 1-year run of {scenario}" in figure
        edges = csv_of(page, f"network-{i}.csv")
        expected = edge_table(networks[scenario].graph)
        assert edges["source"].tolist() == expected["source"].tolist()
        assert edges["items"].tolist() == expected["items"].tolist()
        professionals = {r for r in expected["target_role"] if r not in ("carer", "client")}
        assert len(professionals) >= 3 and "carer" in set(expected["target_role"])
    assert page.count("<svg ") == (len(FIGURES) + 1) * len(SCENARIOS)  # the figures per population + networks


def test_same_inputs_same_bytes_and_nothing_outside(folder, docs, html):
    again = typical_networks(json.loads((folder / "manifest.json").read_text()), SCENARIOS)  # the run, again
    assert render_report(folder, "en", DATE, networks=again, docs=docs) == html["en"]
    for lang in ("en", "nl"):
        assert_self_contained(html[lang])
    assert TEXTS["nl"]["register_heading"] in html["nl"] and TEXTS["nl"]["stress_heading"] in html["nl"]
    assert TEXTS["en"]["register_heading"] not in html["nl"]
