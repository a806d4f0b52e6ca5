"""The outcome baseline: a small fixed run must reproduce the committed outcomes exactly.

Any change of model behaviour moves some outcome of the fixed run (default
scenario, 150 clients, 1 year, seed 7, policies none and stepped) and fails this
test. If the change is intended, regenerate the file with
``scripts/regenerate_baseline.py``: a regeneration must be explained in its
commit message.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "regenerate_baseline.py"
HOW = ("If the change of model behaviour is intended, run `.venv/bin/python scripts/regenerate_baseline.py`; "
       "a regeneration must be explained in its commit message.")


def load_script():
    spec = importlib.util.spec_from_file_location("regenerate_baseline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return load_script()


@pytest.fixture(scope="module")
def committed(script):
    assert script.BASELINE.exists(), f"{script.BASELINE} is missing. {HOW}"
    return json.loads(script.BASELINE.read_text())


@pytest.fixture(scope="module")
def current(script):
    return script.compute()


def equal(expected, got) -> bool:
    """Floats with rel 1e-9, NaN (stored as null) equal to NaN, everything else exactly."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(expected, float) or isinstance(got, float):
        return got is not None and math.isclose(expected, got, rel_tol=1e-9, abs_tol=0.0)
    return expected == got


def test_baseline_config_is_the_fixed_small_run(committed, script):
    assert committed["config"] == {"scenario": "default", "n_clients": 150, "years": 1, "seed": 7}
    assert committed["config"] == script.CONFIG
    assert committed["policies"] == ["none", "stepped"] == list(script.POLICIES)
    assert "commit message" in script.__doc__ and "commit message" in committed["rule"]


@pytest.mark.parametrize("policy", ["none", "stepped"])
def test_outcomes_equal_the_committed_baseline(committed, current, policy):
    expected, got = committed["outcomes"][policy], current["outcomes"][policy]
    missing, new = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    assert not missing and not new, f"outcome names changed (missing {missing}, new {new}). {HOW}"
    moved = {k: (expected[k], got[k]) for k in expected if not equal(expected[k], got[k])}
    assert not moved, (f"{len(moved)} outcomes of the baseline run ({policy}) moved: "
                       + ", ".join(f"{k}: {a!r} -> {b!r}" for k, (a, b) in sorted(moved.items())[:12])
                       + f". {HOW}")
