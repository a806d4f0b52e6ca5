"""The outcome baselines: small fixed runs must reproduce the committed outcomes exactly.

Any change of model behaviour moves some outcome of a fixed run and fails this test. Two baselines
(``scripts/regenerate_baseline.py`` lists them): the default scenario under ``none`` and ``stepped``, and the
same under ``integral_pgb`` and ``regiebehandelaar`` with a caseload above the limit (coordinator quality
below 1). If a change is intended, regenerate with the script, which refuses to write without a reason and
records it; a regeneration must also be explained in its commit message.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "regenerate_baseline.py"
HOW = ("If the change of model behaviour is intended, run `.venv/bin/python scripts/regenerate_baseline.py "
       "--reason '...'`; a regeneration must be explained in its commit message.")


def load_script():
    spec = importlib.util.spec_from_file_location("regenerate_baseline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT_MODULE = load_script()
RUNS = [(name, policy) for name, (_, policies) in SCRIPT_MODULE.BASELINES.items() for policy in policies]


@pytest.fixture(scope="module")
def script():
    return SCRIPT_MODULE


@pytest.fixture(scope="module")
def committed(script):
    out = {}
    for name in script.BASELINES:
        assert script.path(name).exists(), f"{script.path(name)} is missing. {HOW}"
        out[name] = json.loads(script.path(name).read_text())
    return out


@pytest.fixture(scope="module")
def current(script):
    return {name: script.compute(name) for name in script.BASELINES}


def equal(expected, got) -> bool:
    """Floats with rel 1e-9, NaN (stored as null) equal to NaN, everything else exactly."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(expected, float) or isinstance(got, float):
        return got is not None and math.isclose(expected, got, rel_tol=1e-9, abs_tol=0.0)
    return expected == got


def test_baseline_configs_are_the_fixed_small_runs(committed, script):
    assert committed["default_small"]["config"] == {"scenario": "default", "n_clients": 150, "years": 1, "seed": 7}
    assert committed["default_small"]["policies"] == ["none", "stepped"]
    assert committed["pgb_caseload"]["policies"] == ["integral_pgb", "regiebehandelaar"]
    for name, (config, policies) in script.BASELINES.items():
        assert committed[name]["config"] == config and committed[name]["policies"] == list(policies)
        assert "commit message" in committed[name]["rule"]
    assert "commit message" in script.__doc__


def test_second_baseline_exercises_budgets_and_an_overfull_caseload(script):
    """The pgb_caseload run has budget holders, and coordinators whose quality is below 1 (caseload > limit)."""
    from sim import CareNetworkModel
    config, _ = script.BASELINES["pgb_caseload"]
    pgb = CareNetworkModel(policy="integral_pgb", mesa_agents=False, **config)
    assert pgb.net.budget.sum() > 0 and (pgb.net.budget & pgb.net.budget_by_carer).sum() > 0
    coord = CareNetworkModel(policy="regiebehandelaar", mesa_agents=False, **config)
    served = np.unique(coord.net.coordinator[coord.net.coordinator >= 0])
    assert (coord.net.coordinator_quality[served] < 1).any()
    assert (coord.net.coordinator_quality[served] > 0).all()


@pytest.mark.parametrize("name,policy", RUNS)
def test_outcomes_equal_the_committed_baseline(committed, current, name, policy):
    expected, got = committed[name]["outcomes"][policy], current[name]["outcomes"][policy]
    missing, new = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    assert not missing and not new, f"outcome names changed (missing {missing}, new {new}). {HOW}"
    moved = {k: (expected[k], got[k]) for k in expected if not equal(expected[k], got[k])}
    assert not moved, (f"{len(moved)} outcomes of the baseline run {name} ({policy}) moved: "
                       + ", ".join(f"{k}: {a!r} -> {b!r}" for k, (a, b) in sorted(moved.items())[:12])
                       + f". {HOW}")


def test_regeneration_refuses_to_run_without_a_reason(script, capsys):
    for argv in ([], ["--reason", ""], ["--reason", "tweak"]):
        with pytest.raises(SystemExit) as exc:
            script.main(argv)
        assert exc.value.code == 2
        assert "--reason" in capsys.readouterr().err


def test_regeneration_records_its_reason(script, tmp_path, monkeypatch):
    """With a reason, the files are written and the reason is appended to the history (in a temporary folder)."""
    monkeypatch.setattr(script, "FOLDER", tmp_path)
    monkeypatch.setattr(script, "HISTORY", tmp_path / "regenerations.jsonl")
    monkeypatch.setattr(script, "BASELINES", {"default_small": script.BASELINES["default_small"]})
    monkeypatch.setattr(script, "compute", lambda name: {"rule": script.RULE, "config": {}, "policies": ["none"],
                                                         "outcomes": {"none": {"x": 1.0}}})
    monkeypatch.setattr(script, "ROOT", tmp_path)
    assert script.main(["--reason", "the handover channel race now draws per item"]) == 0
    lines = (tmp_path / "regenerations.jsonl").read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["reason"] == "the handover channel race now draws per item"
    assert record["moved_outcomes"] == {"default_small": 1}
    assert json.loads((tmp_path / "default_small.json").read_text())["outcomes"] == {"none": {"x": 1.0}}
