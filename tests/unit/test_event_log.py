"""The event log's ``since(start)``: the rows from ``start`` on, read without merging blocks (used every week by
the per-week reporters), equal the same rows of the merged log, also across the log's block boundaries; full blocks
are packed and read back exactly once the log is long (a short one stays plain); the outcomes read block by block
equal those of the merged columns; a record with an unknown column raises a KeyError naming it and records nothing."""

from __future__ import annotations

import numpy as np
import pytest

from sim.observe import LOG_COLUMNS, PLAIN_EVENTS, EventLog, _PackedBlock


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


def test_full_blocks_are_packed_and_read_back_exactly():
    """Past ``plain_events``, every full block is kept compressed; reading gives back exactly what was recorded, NaN
    values included."""
    rng = np.random.default_rng(3)
    log, n = EventLog(plain_events=0), 300_000  # blocks of 2**16, 2**17 and 2**18 rows: two packed, one open
    client = rng.integers(0, 100_000, n).astype(np.int32)
    value = np.where(rng.random(n) < 0.5, np.nan, rng.random(n)).astype(np.float32)
    ref = np.arange(n, dtype=np.int32)
    log.record("transition", client, detail=rng.integers(0, 5, n), value=value, ref=ref, day=rng.random(n) * 7)
    packed = [type(b).__name__ for b in log._blocks["client"]]
    assert packed == ["_PackedBlock", "_PackedBlock", "ndarray"]
    merged = log.arrays()
    assert np.array_equal(merged["client"], client)
    assert np.array_equal(merged["value"], value, equal_nan=True)
    assert np.array_equal(merged["ref"], ref)
    packed_rows = 2 ** 16 + 2 ** 17
    raw = sum(np.dtype(t).itemsize for t in LOG_COLUMNS.values()) * packed_rows
    packed_bytes = sum(blocks[i].nbytes for blocks in log._blocks.values() for i in (0, 1))
    assert packed_bytes < 0.75 * raw  # smaller, even for random clients and values


def test_a_short_log_stays_plain_and_a_long_one_packs_every_full_block():
    """Full blocks stay plain arrays until they hold more than ``plain_events`` events; then every full block is
    packed, the earlier ones included, and the log reads back the same."""
    log = EventLog(plain_events=2 ** 16 + 2 ** 17)
    log.record("transition", np.arange(2 ** 16 + 2 ** 17 + 10) % 1000)  # two full blocks (exactly the limit), a third
    assert [type(b) for b in log._blocks["client"]] == [np.ndarray] * 3
    log.record("transition", np.arange(2 ** 18) % 1000)  # the third fills up: a fourth starts, past the limit
    assert [type(b) for b in log._blocks["ref"]] == [_PackedBlock] * 3 + [np.ndarray]
    expected = np.concatenate([np.arange(2 ** 16 + 2 ** 17 + 10) % 1000, np.arange(2 ** 18) % 1000])
    assert np.array_equal(log.column("client"), expected)
    assert EventLog().plain_events == PLAIN_EVENTS


def test_tallies_read_block_by_block_equal_tallies_of_the_merged_columns():
    """The outcomes read a long log a block at a time (never all columns unpacked); they equal those computed from
    the merged columns, for a run whose log spans several packed blocks."""
    from sim.model import CareNetworkModel
    from sim.outcomes import tallies_from_records

    model = CareNetworkModel(scenario="default", policy="regiebehandelaar", seed=4, years=3, n_clients=2000,
                             mesa_agents=False)
    model.log.plain_events = 0  # every full block packed, as in a long run
    model.run()
    assert sum(isinstance(b, np.ndarray) for b in model.log._blocks["client"]) == 1
    assert len(model.log._blocks["client"]) >= 3
    totals = model.series.totals()
    by_block = tallies_from_records(model.log, totals)
    merged = tallies_from_records(model.log.arrays(), totals)
    assert by_block == merged
    assert by_block["burnout_spells"] > 0 and by_block["transitions_with_failed_handover"] > 0


def test_every_row_keeps_the_week_it_was_recorded_in():
    """The week column is written once a week (and before a read), not once a record: rows of small vector records,
    single rows still waiting when the week changes, rows read in the middle of a week and a record running into the
    next block each keep the week they were recorded in."""
    log, expected = EventLog(), []
    for week in range(6):
        log.week = week
        log.record("transition", np.arange(7), detail=1)
        expected += [week] * 7
        if week == 3:
            assert log.column("week").tolist() == expected  # a read in the middle of a week
            n = 2 ** 16 - len(expected) + 5  # runs 5 rows into the second block
            log.record("burnout", np.zeros(n, np.int32))
            expected += [week] * n
        log.record("burnout", np.arange(3))
        expected += [week] * 3
        if week % 2 == 0:
            log.record_one("complaint_filed", week)  # waits in the row buffer past the week's end
            expected.append(week)
    assert log.since(len(expected) - 4, columns=("week",))["week"].tolist() == expected[-4:]  # read mid-week
    log.week = -1  # the week of what follows changes nothing before it
    assert len(log._blocks["client"]) == 2
    assert log.column("week").tolist() == expected


@pytest.mark.parametrize("before", [0, 10, 2 ** 16 - 2])  # no block yet, in the open block, into the next block
def test_an_unknown_column_raises_a_key_error_naming_it_and_records_nothing(before):
    log, expected = EventLog(), EventLog()
    for one in (log, expected):
        one.week = 1
        one.record("burnout", np.arange(before), actor=2)
    with pytest.raises(KeyError, match=r"unknown event columns \['colour', 'week'\]"):
        log.record("transition", np.arange(5), detail=1, value=np.ones(5), week=3, colour=2, ref=7)
    assert len(log) == before
    for one in (log, expected):  # the rows after it keep every default
        one.record("client_entry", np.arange(4))
    merged, reference = log.arrays(), expected.arrays()
    assert all(np.array_equal(merged[name], reference[name], equal_nan=True) for name in LOG_COLUMNS)
