"""The carer block's solved strain thresholds (experiments/calibration): quantiles of the simulated strain.

Three thresholds cut three burden shares from one strain scale, so the calibration solves them as quantiles of
the pooled strain of active carer-weeks instead of searching them. These tests check the histogram arithmetic on
strains whose distribution is known, and that an objective reads the shares at its own solved thresholds, within
the thresholds' plausible ranges.
"""

from __future__ import annotations

import numpy as np
import pytest

from experiments.calibration.optimiser import Objective
from experiments.calibration.statistics import (STRAIN_BIN, category_shares, share_at_or_above, strain_histogram,
                                                strain_quantile)
from experiments.calibration.targets import CATEGORY_TARGETS, TARGET, blocks, thresholds


def uniform_histogram(top: float = 10.0, n: int = 200_000) -> np.ndarray:
    """Strains spread evenly over 0-``top`` (strain units)."""
    return strain_histogram(np.linspace(0, top, n, endpoint=False))


def test_quantile_and_share_invert_each_other_on_a_known_distribution():
    hist = uniform_histogram()
    assert hist.sum() == 200_000
    # a tenth of the carer-weeks reach 9 on a uniform 0-10 strain; 1.4% reach 9.86
    assert strain_quantile(hist, 0.10) == pytest.approx(9.0, abs=STRAIN_BIN)
    assert strain_quantile(hist, 0.014) == pytest.approx(9.86, abs=STRAIN_BIN)
    for tail in (0.5, 0.187, 0.045, 0.014):
        assert share_at_or_above(hist, strain_quantile(hist, tail)) == pytest.approx(tail, abs=1e-4)
    assert share_at_or_above(hist, 0.0) == pytest.approx(1.0)
    assert share_at_or_above(hist, 20.0) == 0.0
    # strain beyond the histogram's range lands in its open last bin and still counts
    wide = strain_histogram(np.array([1.0, 100.0]))
    assert share_at_or_above(wide, 30.0) == pytest.approx(0.5)


def test_category_shares_are_the_bands_between_thresholds():
    hist = uniform_histogram()
    fairly, very, over = category_shares(hist, [5.0, 8.0, 9.5])
    assert (fairly, very, over) == (pytest.approx(0.30, abs=1e-4), pytest.approx(0.15, abs=1e-4),
                                    pytest.approx(0.05, abs=1e-4))


def test_the_thresholds_solve_for_the_published_shares_in_rising_order():
    solved = thresholds()
    published = [TARGET[k].value for k in CATEGORY_TARGETS]
    # each threshold is reached by its own category's share plus those above it
    assert [s.tail for s in solved] == pytest.approx([sum(published[i:]) for i in range(3)])
    assert all(a.hi < b.lo for a, b in zip(solved, solved[1:]))  # the ranges keep the order
    block = blocks()["carers"]
    assert [s.field for s in block.solved] == [s.field for s in solved]
    assert not {s.field for s in solved} & {f for p in block.free for f in p.fields}  # solved, not searched


def banded_histogram(n: int = 100_000) -> np.ndarray:
    """Strains with 81.3% evenly on 0-4, 14.2% on 4-6, 3.1% on 6-8 and 1.4% on 8-8.5 strain units: the published
    shares begin at 4, 6 and 8, inside the thresholds' plausible ranges."""
    bands = [(0.813, 0.0, 4.0), (0.142, 4.0, 6.0), (0.031, 6.0, 8.0), (0.014, 8.0, 8.5)]
    return strain_histogram(np.concatenate([np.linspace(lo, hi, int(round(share * n)), endpoint=False)
                                            for share, lo, hi in bands]))


def _objective_with(hist: np.ndarray) -> tuple[Objective, dict]:
    block = blocks()["carers"]
    objective = Objective(block, {}, (1, 2), 1.0)
    x = [p.start for p in block.free]
    reps = [{**{k: t.value for k, t in TARGET.items()}, "carer_share_overburdened": 0.5,
             "strain_histogram": hist.copy()} for _ in range(2)]
    return objective, objective.combine(x, reps)


def test_an_objective_reads_the_shares_at_its_own_solved_thresholds():
    # the quantiles fall inside the plausible ranges, so every share is met exactly
    objective, parts = _objective_with(banded_histogram())
    assert list(parts["solved"].values()) == pytest.approx([4.0, 6.0, 8.0], abs=STRAIN_BIN)
    for key in CATEGORY_TARGETS:
        assert parts["means"][key] == pytest.approx(TARGET[key].value, abs=2e-4), key
    assert parts["squared_relative_errors"]["carer_share_overburdened"] < 1e-3
    # read at the runs' own categories instead, the (made-up) 50% overburdened counts
    objective.read_at_solved = False
    block = objective.block
    reps = [{**{k: t.value for k, t in TARGET.items()}, "carer_share_overburdened": 0.5,
             "strain_histogram": banded_histogram()}]
    assert objective.combine([p.start for p in block.free], reps)["means"]["carer_share_overburdened"] == 0.5


def test_a_threshold_stays_within_its_range_and_the_share_then_misses():
    # strains uniform on 0-30: the quantiles lie above every range; the thresholds stop at their upper bounds
    objective, parts = _objective_with(uniform_histogram(top=30.0))
    for s in objective.block.solved:
        assert parts["solved"][s.field] == s.hi
    assert parts["means"]["carer_share_overburdened"] > 2 * TARGET["carer_share_overburdened"].value
    assert parts["squared_relative_errors"]["carer_share_overburdened"] > 1.0
