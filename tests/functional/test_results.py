"""What a user meets in the results: one clear name per outcome with a unit and a plain description
(``sim.outcomes.OUTCOMES``), the generated ``docs/outcomes.md``, units and descriptions as Arrow field metadata
in the tables ``carenet compare`` writes, ``carenet.load_results``, ``carenet.load_series`` (the weekly series,
and a clear message for a folder without them) and the ``compare`` console table (``--outcomes``, the cost columns
by default).

Small runs throughout: 60 clients, a quarter year, 2 policies x 2 replicates, in this process.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import carenet
from analysis.results import ResultsError
from carenet.cli import main
from carenet.cli.model import SUMMARY_GROUPS, print_summary
from experiments.compare import run_experiment
from experiments.design import define
from experiments.store import EXPERIMENT_COLUMNS, EXPERIMENTS_FILE, MUNICIPALITIES_FILE, OUTCOMES_FILE, SERIES_FILE
from sim import CareNetworkModel, outcomes as O, provenance
from sim import vocabulary as V
from sim.outcomes import (COSTS, HEADLINE, OUTCOME_NAMES, OUTCOMES, RENAMED, WEEKLY_RATIOS, WEEKLY_SUMS,
                          outcomes_markdown)

TINY = {"n_clients": 60}
FATES = tuple(f"complaint_fate_{end}_share" for end in V.COMPLAINT_ENDS)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """2 policies x 2 replicates, 60 clients, 0.25 years, in this process."""
    out = tmp_path_factory.mktemp("cmp")
    result = run_experiment(define(["default"], "none,regiebehandelaar", 2, 0.25, 3, TINY), out, workers=1)
    return result, out


# --------------------------------------------------------------------------- names, units, descriptions

def test_every_outcome_has_one_name_a_unit_and_a_description():
    assert tuple(OUTCOMES) == OUTCOME_NAMES                       # the same names, in the same order
    for name, outcome in OUTCOMES.items():
        assert outcome.unit.strip() and outcome.description.strip(), name
        assert outcome.group in O.GROUPS, name
        assert outcome.text.endswith(".") and outcome.description in outcome.text, name
    assert set(HEADLINE) | set(COSTS) <= set(OUTCOMES)
    assert set(O.DESCRIPTIONS) == set(OUTCOMES)
    # the renamed names are gone, their new names exist, and no two outcomes only differ in word order
    assert not set(RENAMED) & set(OUTCOMES) and set(RENAMED.values()) <= set(OUTCOMES)
    words = [tuple(sorted(name.split("_"))) for name in OUTCOMES]
    assert len(words) == len(set(words))


def test_rates_per_100_transitions_say_why_they_can_exceed_100():
    for name in ("handover_failures_per_100_transitions", *(f"handover_failures_per_100_{k}" for k in V.TRANSITIONS)):
        assert "exceed 100" in OUTCOMES[name].text and "several" in OUTCOMES[name].text, name


def test_complaint_fates_add_up_to_one_and_the_headline_is_two_of_them():
    out = CareNetworkModel(seed=7, years=1, n_clients=150, mesa_agents=False).run().outcomes()
    assert out["complaints_closed"] > 0
    assert sum(out[f] for f in FATES) == pytest.approx(1.0)
    assert out["unanswered_complaint_share"] == pytest.approx(
        out["complaint_fate_unanswered_share"] + out["complaint_fate_given_up_share"])
    assert all("add up to 1" in OUTCOMES[f].text for f in FATES)


def test_run_summary_shows_all_four_fates_adding_up_to_one(capsys):
    out = CareNetworkModel(seed=7, years=1, n_clients=150, mesa_agents=False).run().outcomes()
    assert all(any(f in names for names in SUMMARY_GROUPS.values()) for f in FATES)
    print_summary(out, "header")
    text = capsys.readouterr().out
    printed = {f: float(re.search(rf"^\s+{f}\s+([\d.]+)\s", text, re.M).group(1)) for f in FATES}
    assert sum(printed.values()) == pytest.approx(1.0, abs=0.01)      # printed with 3 significant digits
    assert all(printed[f] == pytest.approx(out[f], abs=0.005) for f in FATES)
    assert "docs/outcomes.md" in text and "fraction of closed complaints" in text


# --------------------------------------------------------------------------- docs/outcomes.md

def test_committed_outcomes_page_is_current():
    committed = O.OUTCOMES_DOC_PATH.read_text(encoding="utf-8")
    assert committed == outcomes_markdown(), "docs/outcomes.md is stale: run `make docs` (carenet params)"


def test_outcomes_page_lists_every_outcome_once_headline_first():
    text = outcomes_markdown()
    rows = [line for line in text.splitlines() if line.startswith("| `") and line.count("|") == 4]
    names = [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]
    assert sorted(names) == sorted(OUTCOME_NAMES)
    assert tuple(names[:len(HEADLINE)]) == HEADLINE
    for row, name in zip(rows, names):
        assert f"| {OUTCOMES[name].unit} |" in row, name
    assert text.index("## Headline outcomes") < text.index("## Size of the run")
    for old, new in RENAMED.items():
        assert f"| `{old}` | `{new}` |" in text


def test_params_command_writes_the_outcomes_page(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance, "DOC_PATH", tmp_path / "parameters.md")
    monkeypatch.setattr(provenance, "SCENARIOS_DOC_PATH", tmp_path / "scenarios.md")
    monkeypatch.setattr(O, "OUTCOMES_DOC_PATH", tmp_path / "outcomes.md")
    result = CliRunner().invoke(main, ["params"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outcomes.md").read_text(encoding="utf-8") == outcomes_markdown()
    assert "outcomes.md" in result.output


# --------------------------------------------------------------------------- metadata in the tables

def _meta(field) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}


def test_tables_carry_units_and_descriptions(compared):
    _, out = compared
    outcomes = pq.read_schema(out / OUTCOMES_FILE)
    for name in OUTCOME_NAMES:
        assert _meta(outcomes.field(name)) == {"unit": OUTCOMES[name].unit, "description": OUTCOMES[name].text}
    experiments = pq.read_schema(out / EXPERIMENTS_FILE)
    for field in experiments:
        meta = _meta(field)
        assert meta["description"] == EXPERIMENT_COLUMNS[field.name][1], field.name
    assert _meta(experiments.field("years"))["unit"] == "years"
    assert "unit" not in _meta(experiments.field("policy"))
    assert _meta(outcomes.field("run_id"))["description"] == EXPERIMENT_COLUMNS["run_id"][1]


def test_municipalities_table_carries_units_and_descriptions(tmp_path):
    exp = define(["default"], "none", 1, 0.1, 3, {"n_clients": 90, "population.municipalities": 2})
    run_experiment(exp, tmp_path, workers=1)
    schema = pq.read_schema(tmp_path / MUNICIPALITIES_FILE)
    assert schema.names[:3] == ["run_id", "municipality", "n_clients"]
    assert _meta(schema.field("n_clients")) == {"unit": "clients", "description": EXPERIMENT_COLUMNS["n_clients"][1]}
    assert _meta(schema.field("municipality"))["description"] == EXPERIMENT_COLUMNS["municipality"][1]
    for name in OUTCOME_NAMES:
        assert _meta(schema.field(name)) == OUTCOMES[name].metadata(), name


def test_design_columns_carry_the_parameter_unit(tmp_path):
    points = [{"strain.recovery": 0.1}, {"strain.recovery": 0.2}]
    exp = define(["default"], "none", 1, 0.1, 3, TINY, points, {"kind": "sweep"})
    run_experiment(exp, tmp_path, workers=1)
    meta = _meta(pq.read_schema(tmp_path / EXPERIMENTS_FILE).field("strain.recovery"))
    row = provenance.parameter_table().set_index("name").loc["strain.recovery"]
    assert meta["unit"] == row["unit"] == "fraction/week"
    assert row["description"] in meta["description"]
    assert list(carenet.load_results(tmp_path)["strain.recovery"]) == [0.1, 0.2]


# --------------------------------------------------------------------------- load_results

def test_load_results_joins_the_two_tables(compared):
    result, out = compared
    data = carenet.load_results(out)
    experiments = pd.read_parquet(out / EXPERIMENTS_FILE)
    outcomes = pd.read_parquet(out / OUTCOMES_FILE)
    assert len(data) == 4 == result.experiment.n_runs
    assert list(data.columns) == list(experiments.columns) + [c for c in outcomes.columns if c != "run_id"]
    for column in ("policy", "scenario", "replicate", "seed", "point", *OUTCOME_NAMES):
        assert column in data.columns
    assert list(data["run_id"]) == sorted(data["run_id"])
    assert sorted(data["policy"].unique()) == ["none", "regiebehandelaar"] and set(data["replicate"]) == {0, 1}
    pd.testing.assert_frame_equal(data[list(experiments.columns)], experiments, check_exact=True)
    pd.testing.assert_frame_equal(data[list(outcomes.columns)], outcomes, check_exact=True)
    assert data.attrs["units"]["cost_payers_per_client_year"] == "EUR per client-year"
    assert data.attrs["descriptions"]["unanswered_complaint_share"] == OUTCOMES["unanswered_complaint_share"].text
    # ready for pandas: a mean per policy
    means = data.groupby("policy")["coordination_hours_per_client_year"].mean()
    assert means["none"] == 0 and means["regiebehandelaar"] > 0


def test_load_results_says_clearly_what_is_missing(tmp_path, compared):
    _, out = compared
    with pytest.raises(ResultsError, match=re.escape(f"{tmp_path / 'nowhere'}: no such folder")):
        carenet.load_results(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ResultsError) as info:
        carenet.load_results(empty)
    message = str(info.value)
    assert str(empty) in message and "not a results folder" in message
    assert "experiments.parquet and outcomes.parquet missing" in message and "carenet compare" in message
    assert isinstance(info.value, ValueError) and not isinstance(info.value, KeyError)

    interrupted = tmp_path / "interrupted"                       # a manifest but no tables yet
    interrupted.mkdir()
    (interrupted / "manifest.json").write_text(json.dumps({"format": 1}))
    (interrupted / EXPERIMENTS_FILE).write_bytes((out / EXPERIMENTS_FILE).read_bytes())
    with pytest.raises(ResultsError, match=r"outcomes\.parquet missing.*--resume"):
        carenet.load_results(interrupted)

    one_run = tmp_path / "one_run"                               # the folder of carenet run
    one_run.mkdir()
    (one_run / "outcomes.json").write_text("{}")
    with pytest.raises(ResultsError, match="one run"):
        carenet.load_results(one_run)

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / EXPERIMENTS_FILE).write_bytes(b"not parquet")
    (damaged / OUTCOMES_FILE).write_bytes((out / OUTCOMES_FILE).read_bytes())
    with pytest.raises(ResultsError, match=re.escape(f"{damaged / EXPERIMENTS_FILE}: cannot be read")):
        carenet.load_results(damaged)


# --------------------------------------------------------------------------- load_series

def test_load_series_joins_the_runs_to_their_weeks(compared):
    result, out = compared
    series = carenet.load_series(out)
    stored = pd.read_parquet(out / SERIES_FILE)
    assert list(series.columns) == ["run_id", "scenario", "point", "policy", "replicate", "seed", "week",
                                    *WEEKLY_SUMS, *WEEKLY_RATIOS]
    assert len(series) == 4 * 13 and series.groupby("run_id")["week"].apply(list).tolist() == [list(range(13))] * 4
    pd.testing.assert_frame_equal(series[list(stored.columns)], stored, check_exact=True)
    policies = result.experiments.set_index("run_id")["policy"]
    assert (series["policy"] == series["run_id"].map(policies)).all()
    assert series.attrs["units"]["unmet_hours_share"] == "fraction of needed care hours, 0-1"
    assert series.attrs["descriptions"]["carer_strain_mean"] == WEEKLY_RATIOS["carer_strain_mean"][3]
    # a fan chart's table: quantiles per policy and week
    fan = series.groupby(["policy", "week"])["carer_strain_mean"].quantile([0.1, 0.9]).unstack()
    assert fan.shape == (2 * 13, 2) and (fan[0.1] <= fan[0.9]).all()


def test_load_series_says_clearly_what_is_missing(tmp_path, compared):
    _, out = compared
    with pytest.raises(ResultsError, match=re.escape(f"{tmp_path / 'nowhere'}: no such folder")):
        carenet.load_series(tmp_path / "nowhere")
    older = tmp_path / "older"                                  # results written before weekly series were kept
    older.mkdir()
    for name in (EXPERIMENTS_FILE, OUTCOMES_FILE):
        (older / name).write_bytes((out / name).read_bytes())
    with pytest.raises(ResultsError, match=r"no series\.parquet beside outcomes\.parquet.*kept no weekly series.*"
                                           r"run the experiment again"):
        carenet.load_series(older)
    assert len(carenet.load_results(older)) == 4                # its outcomes still read
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ResultsError, match="not a results folder: series.parquet missing"):
        carenet.load_series(empty)
    interrupted = tmp_path / "interrupted"
    interrupted.mkdir()
    (interrupted / "manifest.json").write_text("{}")
    with pytest.raises(ResultsError, match=r"series\.parquet missing.*--resume"):
        carenet.load_series(interrupted)
    no_week = tmp_path / "no_week"
    no_week.mkdir()
    (no_week / EXPERIMENTS_FILE).write_bytes((out / EXPERIMENTS_FILE).read_bytes())
    pd.read_parquet(out / SERIES_FILE).drop(columns="week").to_parquet(no_week / SERIES_FILE)
    with pytest.raises(ResultsError, match=re.escape(f"{no_week / SERIES_FILE}: column(s) week missing")):
        carenet.load_series(no_week)
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / EXPERIMENTS_FILE).write_bytes((out / EXPERIMENTS_FILE).read_bytes())
    (damaged / SERIES_FILE).write_bytes(b"not parquet")
    with pytest.raises(ResultsError, match=re.escape(f"{damaged / SERIES_FILE}: cannot be read")):
        carenet.load_series(damaged)


# --------------------------------------------------------------------------- the compare console table

def _blocks(text: str) -> list[str]:
    """The outcome named above each block of the console table, in order."""
    return re.findall(r"^  (\w+)  \(", text, re.M)


def test_console_table_shows_costs_beside_the_headline(compared):
    result, _ = compared
    text = result.console_table()
    assert _blocks(text) == [*HEADLINE, *COSTS]
    assert "[EUR per client-year]" in text and "[hours per client-year]" in text
    assert _blocks(result.console_table(["complaint_fate_given_up_share"])) == ["complaint_fate_given_up_share"]


def test_compare_outcomes_option(tmp_path):
    out = tmp_path / "cmp"
    base = ["compare", "default", "--policies", "none,regiebehandelaar", "--replicates", "1", "--years", "0.1",
            "--set", "n_clients=60", "--workers", "1", "--quiet", "--out", str(out)]
    bad = CliRunner().invoke(main, [*base, "--outcomes", "theme_safety,handover_fails,complaint_share_given_up"])
    assert bad.exit_code == 2, bad.output
    assert "--outcomes: 'handover_fails', 'complaint_share_given_up' not an outcome" in bad.output
    assert "allowed: names from outcomes.parquet" in bad.output and HEADLINE[0] in bad.output
    assert "'complaint_share_given_up' is now 'complaint_fate_given_up_share'" in bad.output
    assert not out.exists()                                      # refused before any run

    good = CliRunner().invoke(main, [*base, "--outcomes", "theme_safety, complaint_fate_answered_share"])
    assert good.exit_code == 0, good.output
    assert _blocks(good.output) == ["theme_safety", "complaint_fate_answered_share"]
    assert not any(name in good.output for name in HEADLINE)
    default = CliRunner().invoke(main, [*base[:-1], str(tmp_path / "default")])
    assert default.exit_code == 0, default.output
    assert _blocks(default.output) == [*HEADLINE, *COSTS]
    assert math.isclose(carenet.load_results(out)["theme_safety"].iloc[0],
                        carenet.load_results(tmp_path / "default")["theme_safety"].iloc[0])
