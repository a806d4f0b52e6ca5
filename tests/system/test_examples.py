"""The worked examples in ``examples/`` run, with tiny settings, and give what their docstrings promise.

- ``salib_morris.py``: a Morris ranking of exactly the chosen parameters, with finite ``mu_star``;
- ``ema_prim.py``: on Python >= 3.12 a PRIM box restricting at least one uncertainty within its range; on
  Python 3.11 (no EMA Workbench 3) the script refuses in one line with exit status 1 (checked, not skipped);
- ``batch_run_replicates.py``: distinct recorded seeds per replicate on the installed Mesa, and common seeds
  when given, each of which re-runs alone to the same outcome.

About 15 s in all (most of it importing EMA Workbench and its 24 runs).
"""

from __future__ import annotations

import ast
import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import carenet

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = ("salib_morris", "ema_prim", "batch_run_replicates")


def load(name: str):
    """Import ``examples/<name>.py`` (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(f"carenet_examples_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_example_says_what_it_shows_how_to_run_it_and_how_long(name):
    doc = ast.get_docstring(ast.parse((EXAMPLES / f"{name}.py").read_text(encoding="utf-8")))
    assert doc and "What it shows" in doc and "Run it (about" in doc and f"examples/{name}.py" in doc
    assert "main(" in doc


def test_salib_morris_ranks_the_chosen_parameters():
    example = load("salib_morris")
    ranking = example.main(trajectories=3, n_clients=100, years=0.5, verbose=False)
    assert sorted(ranking["name"]) == sorted(example.PARAMETERS)
    keywords = carenet.parameter_ranges().set_index("name").loc[ranking["name"], "keyword"]
    assert list(ranking["keyword"]) == list(keywords)
    assert np.isfinite(ranking["mu_star"]).all() and (ranking["mu_star"] >= 0).all()
    assert ranking["mu_star"].is_monotonic_decreasing
    assert ranking["mu_star"].iloc[0] > 0      # something moves handover failures


def test_ema_prim_finds_a_box_or_refuses_clearly_before_python_3_12():
    if sys.version_info < (3, 12):
        _ema_prim_refuses_in_one_line()
    else:
        _ema_prim_finds_a_box()


def _ema_prim_refuses_in_one_line():
    done = subprocess.run([sys.executable, str(EXAMPLES / "ema_prim.py")], capture_output=True, text=True,
                          timeout=60, cwd=EXAMPLES.parent, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "needs Python >= 3.12" in lines[0] and "Traceback" not in done.stderr


def _ema_prim_finds_a_box():
    if importlib.util.find_spec("ema_workbench") is None:
        pytest.fail('EMA Workbench is not installed in this Python >= 3.12 environment: pip install -e ".[examples]"')
    example = load("ema_prim")
    limits = example.main(scenarios=12, seeds=(1,), n_clients=100, years=0.5, verbose=False)
    ranges = carenet.parameter_ranges().set_index("keyword")
    uncertainties = set(ranges.index[ranges["name"].isin(example.UNCERTAINTIES)])
    assert len(limits) >= 1
    assert set(limits.index) <= uncertainties
    for keyword, box in limits.iterrows():
        row = ranges.loc[keyword]
        if row["kind"] in ("float", "int"):
            assert row["low"] <= box["min"] <= box["max"] <= row["high"], (keyword, box)
        else:
            assert 0 < len(box["values"]) < len(row["choices"]) and set(box["values"]) <= set(row["choices"])


def test_batch_run_gives_distinct_recorded_seeds(keeps_start_method):
    runs = load("batch_run_replicates").main(replicates=3, n_clients=100, years=0.5, verbose=False)
    assert len(runs) == 6
    assert runs["seed"].nunique() == 6
    assert runs.groupby("policy")["replicate"].apply(sorted).tolist() == [[0, 1, 2], [0, 1, 2]]
    assert all(math.isfinite(v) for v in runs["handover_failures_per_100_transitions"])


def test_batch_run_with_common_seeds_is_paired_and_rerunnable(keeps_start_method):
    runs = load("batch_run_replicates").main(seeds=[11, 12], n_clients=100, years=0.5, verbose=False)
    assert runs.groupby("policy")["seed"].apply(sorted).tolist() == [[11, 12], [11, 12]]
    row = runs.iloc[-1]
    again = carenet.run_model("default", policy=row["policy"], seed=int(row["seed"]), years=0.5, n_clients=100)
    assert again["handover_failures_per_100_transitions"] == row["handover_failures_per_100_transitions"]
