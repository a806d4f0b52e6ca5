"""The week: every process of one simulated week, in order, in one list.

:data:`STEP_ORDER` is the whole week, bookkeeping at its start and end included; the Mesa model
(:meth:`sim.model.CareNetworkModel.step`) runs it on its world and does nothing else. docs/ODD.md §3
describes the same order.

When the world's ``process_seconds`` is a dict (``carenet bench --profile`` sets it), :func:`run_week` adds each
process's wall time to it, in seconds, under the process's name; by default (None) nothing is timed.
"""

from __future__ import annotations

from time import perf_counter

from sim.processes.alignment import alignment
from sim.processes.arranging import arranging
from sim.processes.bookkeeping import budget_administration, end_of_week, standing_time, start_of_week
from sim.processes.complaints import complaints
from sim.processes.delivery import delivery
from sim.processes.handover import handover
from sim.processes.needs import needs_and_events
from sim.processes.population import population
from sim.processes.scheduled import scheduled_events
from sim.processes.strain import strain
from sim.processes.workforce import workforce

#: The weekly step, in order: (name, process). Each process is a function of a :class:`sim.world.World`.
STEP_ORDER = (
    ("start_of_week", start_of_week),
    ("standing_time", standing_time),
    ("budget_administration", budget_administration),
    ("scheduled_events", scheduled_events),
    ("population", population),
    ("workforce", workforce),
    ("needs_and_events", needs_and_events),
    ("arranging", arranging),
    ("delivery", delivery),
    ("handover", handover),
    ("alignment", alignment),
    ("strain", strain),
    ("complaints", complaints),
    ("end_of_week", end_of_week),
)


def run_week(world) -> None:
    """Run every process of :data:`STEP_ORDER` on ``world``, in order (one week); with ``world.process_seconds``
    a dict, add each process's wall time (seconds) to it under the process's name."""
    seconds = world.process_seconds
    for name, process in STEP_ORDER:
        if seconds is None:
            process(world)
        else:
            started = perf_counter()
            process(world)
            seconds[name] = seconds.get(name, 0.0) + perf_counter() - started
