"""The event log's ``since(start)``: the rows from ``start`` on, read without merging blocks (used every week by
the per-week reporters), equal the same rows of the merged log, also across the log's block boundaries."""

from __future__ import annotations

import numpy as np
import pytest

from sim.observe import EventLog


@pytest.mark.parametrize("start", [0, 10, 65_535, 65_536, 65_600, 200_000, 250_000])
def test_since_equals_the_tail_of_the_merged_log_across_blocks(start):
    log = EventLog()
    for week in range(5):  # 5 x 50,000 vector events: past the first block of 2**16 and into a third
        log.week = week
        log.record("transition", np.arange(50_000) % 97, detail=week)
        log.record_one("complaint_filed", week, detail=1)  # single rows, flushed before the next read
    tail = log.since(start, columns=("client", "detail", "week"))
    merged = log.arrays()
    assert len(log) == 250_005
    for name in ("client", "detail", "week"):
        assert np.array_equal(tail[name], merged[name][start:]), name
