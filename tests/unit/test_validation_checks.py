"""The pieces of ``carenet validate`` (experiments/validation.py, analysis/validation_report.py) on small inputs:
windows of a run (a whole-run window gives the run's outcomes; two halves add up to the whole; a handover item
counts with its transition), the status rules of the targets and of stationarity, and the report's summary.

(``test_validation.py`` is about scenario validation; the command itself is tested in
``tests/system/test_validate.py``.)
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from analysis.validation_report import failures, render_markdown, summary_line
from experiments.validation import (TOLERANCES, burden_rows, stationarity_checks, stationarity_status, target_checks,
                                    target_status, window_outcomes, window_records, window_tallies)
from sim import CareNetworkModel
from sim import vocabulary as V
from sim.observe import SERIES
from sim.outcomes import SUM_TALLIES, add_tallies, compute_tallies, outcomes_from_records
from worlds import DEFAULT

WEEKS = 52


@pytest.fixture(scope="module")
def run():
    """A small whole run: 80 clients, one year, policy none."""
    return CareNetworkModel(scenario=DEFAULT, n_clients=80, years=1, seed=5, mesa_agents=False).run()


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------- windows

def test_a_window_over_the_whole_run_gives_the_runs_outcomes(run):
    assert run.week == WEEKS
    whole, own = window_outcomes(run, 0, WEEKS), run.outcomes()
    assert whole.keys() == own.keys()
    assert [k for k in own if not same(whole[k], own[k])] == []


def test_two_halves_add_up_to_the_whole_run(run):
    first, second, whole = window_tallies(run, 0, 20), window_tallies(run, 20, WEEKS), compute_tallies(run)
    total = add_tallies(first, second)
    # a burnout's spell start may lie in the earlier window: the later window leaves that spell out
    spells = {"burnout_spells", "burnout_spell_weeks_sum"}
    for name, value in whole.items():
        if name in spells:
            assert total[name] <= value
        elif name in SUM_TALLIES:
            assert total[name] == pytest.approx(value, rel=1e-9, abs=1e-9), name
        else:
            assert total[name] == value, name
    assert whole["events_transition"] > 0 and whole["events_handover_failed"] > 0  # the run has something to split


def test_window_series_are_the_weeks_slice_and_log_rows_their_weeks(run):
    log, series = window_records(run, 10, 30)
    totals = run.series.totals()
    for name in SERIES:
        assert np.array_equal(series[name], totals[name][10:30])
    own_week = log["week"][~np.isin(log["event"], [V.EVENT["handover_delivered"], V.EVENT["handover_failed"]])]
    assert own_week.size and own_week.min() >= 10 and own_week.max() < 30


def _fake_run(rows: list[dict], weeks: int):
    """A 'run' with a hand-made event log (one dict per event) and series of ``weeks`` weeks (one client at home)."""
    defaults = {"week": 0, "day": 0.0, "client": 0, "event": 0, "detail": 0, "actor": -1, "target": -1, "role": -1,
                "channel": -1, "value": np.nan, "ref": -1}
    log = {k: np.array([{**defaults, **r}[k] for r in rows]) for k in defaults}
    series = {name: np.zeros(weeks) for name in SERIES}
    series["clients_home"] = np.ones(weeks)
    return SimpleNamespace(log=SimpleNamespace(arrays=lambda: log), series=SimpleNamespace(totals=lambda: series))


def test_a_handover_item_counts_in_the_window_of_its_transition():
    # a discharge (ref 0) in week 1 whose medication item failed, recorded in week 2; a referral (ref 1) in week 3
    rows = [{"week": 1, "event": V.EVENT["transition"], "detail": V.DISCHARGE, "ref": 0},
            {"week": 2, "event": V.EVENT["handover_failed"], "detail": V.MEDICATION, "ref": 0, "channel": 0},
            {"week": 3, "event": V.EVENT["transition"], "detail": V.REFERRAL, "ref": 1},
            {"week": 3, "event": V.EVENT["handover_delivered"], "detail": V.MEDICATION, "ref": 1, "channel": 0}]
    fake = _fake_run(rows, 4)
    early, late = window_outcomes(fake, 0, 2), window_outcomes(fake, 2, 4)
    assert (early["transitions"], early["handover_failures"], early["handover_items"]) == (1, 1, 1)
    assert early["discharge_medication_complete_share"] == 0.0
    assert (late["transitions"], late["handover_failures"], late["handover_items"]) == (1, 0, 1)
    whole = outcomes_from_records(*window_records(fake, 0, 4))
    assert whole["handover_items"] == 2 and whole["client_years"] == pytest.approx(4 / 52)


@pytest.mark.parametrize("first, end", [(-1, 10), (10, 10), (20, 10), (0, WEEKS + 1), (0.5, 10)])
def test_a_window_outside_the_run_is_refused(run, first, end):
    with pytest.raises(ValueError, match="window"):
        window_records(run, first, end)


# --------------------------------------------------------------------------- status rules

@pytest.mark.parametrize("published, lo, hi, resolution, status", [
    (0.14, 0.12, 0.16, 0.0, "pass"),       # inside
    (0.12, 0.12, 0.16, 0.0, "pass"),       # on the edge
    (0.17, 0.12, 0.16, 0.0, "miss"),       # above
    (0.11, 0.12, 0.16, 0.0, "miss"),       # below
    (0.1645, 0.12, 0.16, 0.005, "pass"),   # above, but within the figure's rounding
    (0.1651, 0.12, 0.16, 0.005, "miss"),   # beyond the rounding too
    (12.0, 4.0, 4.4, 0.5, "miss"),
    (0.14, None, None, 0.005, "miss"),     # no defined interval
    (0.14, float("nan"), 0.2, 0.005, "miss"),
])
def test_target_status(published, lo, hi, resolution, status):
    assert target_status(published, lo, hi, resolution) == status


@pytest.mark.parametrize("difference, tolerance, status", [
    (0.0, 0.01, "pass"), (0.0299, 0.03, "pass"), (-0.03, 0.03, "pass"), (0.031, 0.03, "fail"),
    (-0.5, 0.3, "fail"), (float("nan"), 0.03, "fail"), (0.9, 1.0, "pass"), (-1.2, 1.0, "fail"),
])
def test_stationarity_status(difference, tolerance, status):
    assert stationarity_status(difference, tolerance) == status


def test_target_checks_pass_and_miss_with_the_relative_error():
    reps = [{"carer_share_overburdened": v, "carer_care_hours_per_week": h}
            for v, h in ((0.013, 4.0), (0.015, 4.2), (0.014, 4.4))]
    checks = {c.key: c for c in target_checks(reps)}
    assert checks["carer_share_overburdened"].status == "pass"
    assert checks["carer_share_overburdened"].relative_error is None
    hours = checks["carer_care_hours_per_week"]
    assert hours.status == "miss" and hours.mean == pytest.approx(4.2)
    assert hours.relative_error == pytest.approx((4.2 - 12.0) / 12.0)
    # a check the calibration does not fit: outside its range is reported, not a miss
    assert checks["consent_share"].block is None
    assert checks["consent_share"].status == "outside" and checks["consent_share"].mean is None  # not computed here


def _population_rep(run) -> dict:
    """What a population task returns, from the small run: windows 0-26, 26-52 and the whole year."""
    return {name: {"tallies": window_tallies(run, a, b), "carer_weeks": 100, "carer_weeks_8h": 10}
            for name, a, b in (("early", 0, 26), ("late", 26, WEEKS), ("whole", 0, WEEKS))}


def test_stationarity_and_burden_from_replicates(run):
    reps = [_population_rep(run)] * 2
    checks = stationarity_checks("default", reps, early="early", late="late")
    assert [c.outcome for c in checks] == list(TOLERANCES)
    for c in checks:
        assert c.difference == pytest.approx(c.late - c.early)
        assert c.status == stationarity_status(c.difference, c.tolerance)
    row = burden_rows("default", reps, window="whole")
    assert row.status == "pass" and row.measures["carer_share_8h_or_more"]["mean"] == pytest.approx(0.1)
    shares = [row.measures[f"carer_share_{k}"]["mean"] for k in ("not_or_somewhat", "fairly_heavy", "very_heavy",
                                                                   "overburdened")]
    assert sum(shares) == pytest.approx(1.0)
    broken = [{**r, "whole": {**r["whole"], "carer_weeks": 0}} for r in reps]  # no carer-week: 8 h share undefined
    assert burden_rows("default", broken, window="whole").status == "fail"


# --------------------------------------------------------------------------- the report

def _data(stationarity_difference: float) -> dict:
    row = {"mean": 0.1, "lo": 0.08, "hi": 0.12, "unit": "share"}
    return {
        "settings": {"command": "carenet validate --clients 10 --replicates 2 --seed 7", "clients": 10},
        "runs": {"seeds": [1, 2], "root_seed": 7, "calibration_seeds": [1001], "years": 10.0, "replicates": 2,
                 "targets": {"scenario": "default", "clients": 1000, "years": 5.0, "warmup_years": 3.0,
                             "replicates": 2},
                 "populations": {"default": {"clients": 10, "warmup_years": 3.0}},
                 "windows": {"years 2-3": [52, 156], "years 9-10": [416, 520], "years 1-10": [0, 520]}},
        "targets": [{"key": "carer_share_overburdened", "label": "carers overburdened", "source": "CBS", "kind":
                     "outcome", "block": "carers", "unit": "share", "published": 0.014, "resolution": 0.0005,
                     "mean": 0.01, "lo": 0.009, "hi": 0.011, "values": [0.009, 0.011], "status": "miss",
                     "relative_error": -0.2857}],
        "stationarity": [{"scenario": "default", "outcome": "carer_share_fairly_heavy", "unit": "share",
                          "early": 0.1, "late": 0.1 + stationarity_difference, "difference": stationarity_difference,
                          "diff_lo": None, "diff_hi": None, "tolerance": 0.03,
                          "status": stationarity_status(stationarity_difference, 0.03)}],
        "burden": [{"scenario": "default", "measures": {"carer_share_fairly_heavy": row}, "status": "pass",
                    "problems": []}],
        "date": "2026-01-01", "wall_time_seconds": 12.0, "workers": 2,
    }


def test_summary_line_counts_checks_and_names_the_misses():
    data = _data(0.01)
    assert summary_line(data) == ("2 of 3 checks pass (targets 0/1, stationarity 1/1, burden 1/1); misses: "
                                  "carer_share_overburdened (-29%).")
    assert failures(data) == ["targets: carer_share_overburdened (-29%)"]
    data = _data(-0.05)
    assert "default carer_share_fairly_heavy (-5.0 pp, tolerance ±3 pp)" in summary_line(data)


def test_a_check_outside_its_range_is_reported_but_is_no_failure():
    data = _data(0.01)
    data["targets"][0]["status"] = "pass"
    data["targets"].append({**data["targets"][0], "key": "discharge_medication_complete_share", "block": None,
                            "published": 0.63, "mean": 0.69, "lo": 0.66, "hi": 0.72, "status": "outside",
                            "relative_error": 0.0952})
    assert failures(data) == []
    assert summary_line(data) == (
        "3 of 4 checks pass (targets 1/2, stationarity 1/1, burden 1/1); outside its range, a check the "
        "calibration does not fit (docs/calibration.md says why): discharge_medication_complete_share (+10%).")
    assert "**outside** (+10%)" in render_markdown(data)


def test_report_has_three_tables_and_only_the_generation_line_varies():
    data = _data(0.01)
    text = render_markdown(data)
    for title in ("## Calibration targets on fresh seeds", "## Stationarity", "## Carer burden by population"):
        assert title in text
    assert summary_line(data) in text
    later = render_markdown({**data, "date": "2027-02-02", "wall_time_seconds": 99.0, "workers": 1})
    changed = [(a, b) for a, b in zip(text.splitlines(), later.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][0].startswith("Generated by `carenet validate")
