"""Tests of the ``carenet`` command line (carenet/cli/), with small runs (60 clients, half a year).

Checked: ``run`` writes its four files and outcomes.json equals the outcomes of
the same run recomputed (by the model and from the written records alone);
bad scenarios, overrides and policies give exit code 2 with a message naming
the field, the value and what is allowed, before anything runs.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from sim import vocabulary as V
from carenet.cli import main
from carenet.cli.common import parse_overrides
from sim.scenario import parse_value
from sim.model import CareNetworkModel
from sim.observe import DETAIL_NAMES, ROLE_NAMES, SERIES
from sim.outcomes import HEADLINE, outcomes_from_records
from sim.policies import POLICY_NAMES
from sim.scenario import ScenarioError, load_scenario

SMALL = ["--set", "n_clients=60", "--years", "0.5"]
EVENT_COLUMNS = ["week", "day", "client", "event", "detail", "actor", "target", "role", "channel", "value", "ref",
                 "policy"]
PROVENANCE_KEYS = {"scenario", "origin", "overrides", "policy", "seed", "years", "parameters", "versions", "git",
                   "wall_time_seconds"}


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def same(a, b) -> bool:
    """Equal outcome values, with NaN (model) matching null (JSON)."""
    if a is None or b is None:
        return (a is None or (isinstance(a, float) and math.isnan(a))) and \
               (b is None or (isinstance(b, float) and math.isnan(b)))
    return a == pytest.approx(b, rel=1e-12, abs=1e-12)


def records_from_files(out) -> tuple[dict, dict]:
    """Event-log columns (codes) and series totals rebuilt from events.parquet and steps.parquet."""
    ev = pd.read_parquet(out / "events.parquet")
    event = ev["event"].astype(str).map(V.EVENT).to_numpy()
    detail = np.zeros(len(ev), np.int64)
    labels = ev["detail"].astype(object).to_numpy()
    for name, names in DETAIL_NAMES.items():
        mask = event == V.EVENT[name]
        index = {label: i for i, label in enumerate(names)}
        detail[mask] = [index[x] for x in labels[mask]]
    code = lambda col, names: ev[col].astype(object).map({n: i for i, n in enumerate(names)}).fillna(-1).to_numpy(int)  # noqa: E731
    log = {"week": ev["week"].to_numpy(), "day": ev["day"].to_numpy(), "client": ev["client"].to_numpy(),
           "event": event, "detail": detail, "actor": ev["actor"].to_numpy(), "target": ev["target"].to_numpy(),
           "role": code("role", ROLE_NAMES), "channel": code("channel", V.CHANNELS), "value": ev["value"].to_numpy(),
           "ref": ev["ref"].to_numpy()}
    steps = pd.read_parquet(out / "steps.parquet")
    totals = steps.groupby("week")[list(SERIES)].sum()
    return log, {name: totals[name].to_numpy() for name in SERIES}


# --------------------------------------------------------------------------- run

def test_run_writes_records_and_outcomes(tmp_path):
    out = tmp_path / "run"
    result = invoke("run", "--policy", "stepped", "--seed", "3", "--out", str(out), "--quiet", *SMALL)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["events.parquet", "outcomes.json", "provenance.json",
                                                      "steps.parquet"]
    for name in HEADLINE:
        assert name in result.stdout

    events = pd.read_parquet(out / "events.parquet")
    assert list(events.columns) == EVENT_COLUMNS
    assert len(events) > 0 and set(events["policy"].astype(str)) == {"stepped"}
    steps = pd.read_parquet(out / "steps.parquet")
    assert list(steps.columns) == ["week", "profile", *SERIES]
    assert len(steps) == 26 * len(V.PROFILES)

    written = json.loads((out / "outcomes.json").read_text())
    model = CareNetworkModel("default", policy="stepped", seed=3, years=0.5, n_clients=60).run()
    expected = model.outcomes()
    assert set(written) == set(expected) and set(HEADLINE) <= set(written)
    assert all(same(written[k], expected[k]) for k in expected), \
        [k for k in expected if not same(written[k], expected[k])]
    assert any(v is None for v in written.values()) == any(v != v for v in expected.values())

    from_files = outcomes_from_records(*records_from_files(out))
    assert all(same(written[k], from_files[k]) for k in expected), \
        [k for k in expected if not same(written[k], from_files[k])]

    prov = json.loads((out / "provenance.json").read_text())
    assert PROVENANCE_KEYS <= set(prov)
    assert (prov["scenario"], prov["policy"], prov["seed"], prov["years"]) == ("default", "stepped", 3, 0.5)
    assert prov["overrides"] == {"n_clients": 60}
    assert prov["parameters"]["population"]["n_clients"] == 60
    assert load_scenario("default", n_clients=60).model_dump(mode="json") == prov["parameters"]
    assert {"python", "carenet", "mesa", "numpy", "pandas", "pyarrow", "pydantic"} <= set(prov["versions"])
    assert prov["origin"].endswith("default.toml")


def test_run_scenario_file_and_typed_overrides(tmp_path):
    scenario = tmp_path / "mine.toml"
    scenario.write_text('base = "default"\nname = "mine"\n[strain]\nrecovery = 0.2\n')
    out = tmp_path / "run"
    result = invoke("run", str(scenario), "--out", str(out), "--set", "strain.burnout_weeks=4",
                    "--set", "policies.digital_plan.carer_access=false", "-q", *SMALL)
    assert result.exit_code == 0, result.output
    params = json.loads((out / "provenance.json").read_text())["parameters"]
    assert params["name"] == "mine"
    assert params["strain"]["recovery"] == 0.2
    assert params["strain"]["burnout_weeks"] == 4
    assert params["policies"]["digital_plan"]["carer_access"] is False


def test_parse_value_types():
    assert parse_value("3") == 3 and isinstance(parse_value("3"), int)
    assert parse_value("0.25") == 0.25
    assert parse_value("true") is True
    assert parse_value('"x y"') == "x y"
    assert parse_value("client_or_proxy") == "client_or_proxy"
    assert parse_value("[2, 6]") == [2, 6]
    assert parse_overrides(("n_clients=60", "strain__recovery=0.2")) == {"n_clients": 60, "strain__recovery": 0.2}


@pytest.mark.parametrize("key", ["strain.recovry", "foo.bar", "population.profiles.frail_elderly.need_supprt"])
def test_run_unknown_override_is_named(tmp_path, key):
    result = invoke("run", "--out", str(tmp_path / "run"), "--set", f"{key}=1", *SMALL)
    assert result.exit_code == 2
    assert key in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "run").exists()


def test_run_override_of_wrong_type_is_refused(tmp_path):
    result = invoke("run", "--out", str(tmp_path / "run"), "--set", "n_clients=many", "--years", "0.5")
    assert result.exit_code == 2
    assert "population.n_clients" in result.stderr and "'many'" in result.stderr and "1 to 2000000" in result.stderr
    assert not (tmp_path / "run").exists()


def test_run_unknown_policy_lists_allowed(tmp_path):
    result = invoke("run", "--policy", "regie", "--out", str(tmp_path / "run"), *SMALL)
    assert result.exit_code == 2
    assert "'regie'" in result.stderr
    assert all(name in result.stderr for name in POLICY_NAMES)
    assert "Traceback" not in result.output
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("args, text", [
    (["run", "no_such_scenario"], "no_such_scenario"),
    (["run", "--years", "0"], "years"),
    (["run", "--set", "n_clients"], "key=value"),
])
def test_run_refuses_bad_arguments(args, text):
    result = invoke(*args)
    assert result.exit_code == 2
    assert text in result.stderr and "Traceback" not in result.output


# --------------------------------------------------------------------------- check

def test_check_accepts_builtin_and_file(tmp_path):
    result = invoke("check", "default")
    assert result.exit_code == 0 and result.stdout.startswith("OK: default (1,000 clients")
    good = tmp_path / "good.toml"
    good.write_text('name = "good"\n[population]\nn_clients = 500\n')
    result = invoke("check", str(good))
    assert result.exit_code == 0 and result.stdout.startswith("OK: good (500 clients")


@pytest.mark.parametrize("text, expected", [
    # unknown key: the field, the value, the known fields and a suggestion
    ("[strain]\nrecovry = 0.2\n", ["strain.recovry", "0.2", "recovery", "did you mean"]),
    # wrong type
    ('[population]\nn_clients = "many"\n', ["population.n_clients", "'many'", "integer", "1 to 2000000"]),
    # out of range
    ("[handover]\npaper_complete = 1.5\n", ["handover.paper_complete", "1.5", "0 to 1"]),
    # profile shares not summing to 1
    ("[population.profiles.frail_elderly]\nshare = 0.5\n",
     ["population.profiles", "1.0500", "shares summing to 1"]),
    # not a choice
    ("[population.profiles.chronic_ggz]\nnursing_law = \"wmo\"\n",
     ["population.profiles.chronic_ggz.nursing_law", "'wmo'", "'zvw' or 'wlz'"]),
    # not TOML at all
    ("[strain\nrecovery = 0.2\n", ["not valid TOML"]),
])
def test_check_refuses_bad_file(tmp_path, text, expected):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    result = invoke("check", str(bad))
    assert result.exit_code == 2
    assert str(bad) in result.stderr
    for piece in expected:
        assert piece in result.stderr, (piece, result.stderr)
    assert "Traceback" not in result.output and "OK" not in result.stdout


def test_check_missing_file(tmp_path):
    result = invoke("check", str(tmp_path / "absent.toml"))
    assert result.exit_code == 2 and "no such scenario file" in result.stderr


# --------------------------------------------------------------------------- other commands

def test_scenarios_lists_builtins():
    result = invoke("scenarios")
    assert result.exit_code == 0
    assert "default" in result.stdout and load_scenario("default").description in result.stdout


def test_demo_compares_all_policies():
    result = invoke("demo", "--seed", "1", "-q", *SMALL)
    assert result.exit_code == 0, result.output
    table = result.stdout
    for name in POLICY_NAMES:
        assert f"\n{name} " in table
    for name in HEADLINE:
        assert name in table


def test_demo_refuses_bad_scenario():
    result = invoke("demo", "--scenario", "nope")
    assert result.exit_code == 2 and "nope" in result.stderr


def test_scenario_error_is_a_value_error():
    with pytest.raises(ScenarioError, match="unknown parameter"):
        parse_overrides(("strain.nothing=1",))
