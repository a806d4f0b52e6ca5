"""Test tiers by folder: ``unit`` (one mechanism, a hand-built world, no Mesa where none is needed),
``functional`` (whole runs: policies on paired seeds, reproducibility, the outcome baseline) and ``system``
(the command line, engines, kill tests, calibration machinery).

Each test gets the marker of its folder, so a tier is selected with ``-m unit`` (the fast tier for the inner
loop, under a minute), ``-m "unit or functional"``, or by folder (``pytest tests/system``). ``make test``
runs all three; ``make test-fast`` the unit tier.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

TIERS = ("unit", "functional", "system")


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: a test lives in one of tests/{{{','.join(TIERS)}}}/")
        item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture
def keeps_start_method():
    """Mesa 3.5's batch_run sets the multiprocessing start method to 'spawn' for the whole process: restore it."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)
