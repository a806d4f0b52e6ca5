"""The pending transitions (:class:`sim.world.Transitions`): what ``take`` returns, and the log rows ``add`` writes
in place (a compiled loop) equal the rows of the same transitions given to ``EventLog.record``, with posts, days
and actors one per client or one for all, across a block boundary of the log, and in the warm-up (logged when it
ends, by ``log_pending``)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from sim import vocabulary as V
from sim.observe import LOG_COLUMNS, EventLog
from sim.world import Transitions

#: Calls of ``add``: kind, clients, posts, day, actor.
CALLS = [
    (V.DISCHARGE, np.array([3, 17, 4], np.int64), -1, np.array([1.5, 2.25, 6.9], np.float32), -1),
    (V.REFERRAL, np.array([5, 6], np.int32), np.array([40, 41], np.int32), 0.0, -1),
    (V.CONTACT, [8], np.int64(12), 0.0, -1),
    (V.CARER_DROPOUT, np.array([9, 10]), -1, 0.0, np.array([70, 71], np.int64)),
    (V.PROFESSIONAL_LEAVING, np.array([11, 12, 13]), np.array([50, 51, 52], np.int64), 3.5, 7),
    (V.ADMISSION, np.array([], np.int64), -1, 0.0, -1),
]


def _expected_rows(log: EventLog, calls, first_id: int = 0, logged_later: bool = False) -> None:
    """Record ``calls`` in ``log`` with ``record``, as transitions with consecutive ids (without day and actor,
    ``logged_later``, as ``log_pending`` logs them)."""
    next_id = first_id
    for kind, clients, posts, day, actor in calls:
        clients = np.asarray(clients, np.int32).reshape(-1)
        ids = np.arange(next_id, next_id + clients.size, dtype=np.int32)
        next_id += clients.size
        extra = {} if logged_later else {"day": day, "actor": actor}
        log.record("transition", clients, detail=kind, target=np.broadcast_to(posts, clients.shape), ref=ids, **extra)


def _same_logs(a: EventLog, b: EventLog) -> bool:
    x, y = a.arrays(), b.arrays()
    return len(a) == len(b) and all(np.array_equal(x[k].view(np.uint8), y[k].view(np.uint8)) for k in LOG_COLUMNS)


def test_take_returns_the_pending_transitions_in_order_and_clears_them():
    w, transitions = SimpleNamespace(log=EventLog()), Transitions()
    w.log.week = 0
    for kind, clients, posts, day, actor in CALLS * 20:  # past the first room of the buffers
        transitions.add(w, kind, clients, posts, day, actor)
    client, kind, post, ids = transitions.take()
    n = [np.size(call[1]) for call in CALLS] * 20
    assert np.array_equal(client, np.concatenate([np.asarray(call[1], np.int32).reshape(-1) for call in CALLS] * 20))
    assert np.array_equal(kind, np.repeat([call[0] for call in CALLS] * 20, n))
    assert np.array_equal(post, np.concatenate([np.broadcast_to(call[2], (np.size(call[1]),)) for call in CALLS] * 20))
    assert np.array_equal(ids, np.arange(sum(n)))
    assert (client.dtype, kind.dtype, post.dtype, ids.dtype) == (np.int32, np.int8, np.int32, np.int32)
    empty = transitions.take()
    assert [a.size for a in empty] == [0, 0, 0, 0] and [a.dtype for a in empty] == [np.int32, np.int8, np.int32,
                                                                                  np.int32]
    transitions.add(w, *CALLS[0][:2])
    assert np.array_equal(transitions.take()[3], sum(n) + np.arange(3))


def test_logged_transitions_equal_recorded_rows_across_a_block_boundary():
    for before in (0, 2 ** 16 - 5, 2 ** 16 - 3, 2 ** 16 - 1):  # the open block's first rows, or its last
        log, expected = EventLog(), EventLog()
        for one in (log, expected):
            one.week = 2
            one.record("burnout", np.arange(before), actor=1)
        w, transitions = SimpleNamespace(log=log), Transitions()
        for kind, clients, posts, day, actor in CALLS:
            transitions.add(w, kind, clients, posts, day, actor)
            log.record("client_entry", np.array([1]))  # another event between
        next_id = 0
        for call in CALLS:
            _expected_rows(expected, [call], first_id=next_id)
            next_id += np.size(call[1])
            expected.record("client_entry", np.array([1]))
        assert _same_logs(log, expected), before


def test_transitions_of_the_warm_up_are_logged_when_it_ends():
    log, expected = EventLog(), EventLog()
    log.week = -3
    w, transitions = SimpleNamespace(log=log), Transitions()
    for kind, clients, posts, day, actor in CALLS:
        transitions.add(w, kind, clients, posts, day, actor)
    assert len(log) == 0
    log.week = expected.week = 0
    transitions.log_pending(w)
    _expected_rows(expected, CALLS, logged_later=True)
    assert _same_logs(log, expected)
