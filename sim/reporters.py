"""Per-week measures of the headline outcomes, for Mesa's DataCollector and live plots during a run.

The headline outcomes (:data:`sim.outcomes.HEADLINE`) are defined over a whole run and computed once it has
ended. A plot that updates while the model steps needs something every week; :func:`week_measures` gives,
for the week just simulated, cheap counterparts read from that week's events and the current state:

* ``week_handover_failures_per_100_transitions``: handover items not at their receiver in time this week,
  per 100 transitions this week (NaN in a week without transitions; can exceed 100, since a transition
  creates several items);
* ``week_carer_share_overburdened``: share of active carers whose strain is in the 'overburdened' survey
  category now (0-1);
* ``week_carer_burnouts``: carers entering burnout this week (count);
* ``week_open_complaints``: complaints open now (count);
* ``week_complaints_unanswered``: complaints closed unanswered or given up this week (count).

The counts are one compiled pass over the week's events and one over the carers (:func:`_week_counts`).
"""

from __future__ import annotations

from sim import vocabulary as V
from sim.compiled import kernel

#: The per-week measures, in the order :func:`week_measures` returns them.
WEEK_MEASURES = ("week_handover_failures_per_100_transitions", "week_carer_share_overburdened",
                 "week_carer_burnouts", "week_open_complaints", "week_complaints_unanswered")

_UNANSWERED, _GIVEN_UP = V.COMPLAINT_ENDS.index("unanswered"), V.COMPLAINT_ENDS.index("given_up")
_OVERBURDENED = V.STRAIN_CATEGORIES.index("overburdened")


def week_measures(world, start: int) -> dict[str, float]:
    """The measures of :data:`WEEK_MEASURES` for the week whose events are the log's rows from ``start`` on."""
    rows = world.log.since(start)
    net = world.net
    transitions, failed, burnouts, unanswered, active, overburdened = _week_counts(
        rows["event"], rows["detail"], net.carer_active, net.carer_category, V.EVENT["transition"],
        V.EVENT["handover_failed"], V.EVENT["burnout"], V.EVENT["complaint_closed"], _UNANSWERED, _GIVEN_UP,
        _OVERBURDENED)
    return {
        "week_handover_failures_per_100_transitions": 100 * failed / transitions if transitions else float("nan"),
        "week_carer_share_overburdened": overburdened / active if active else float("nan"),
        "week_carer_burnouts": burnouts,
        "week_open_complaints": len(world.open_complaints),
        "week_complaints_unanswered": unanswered,
    }


@kernel
def _week_counts(event, detail, carer_active, carer_category, transition, failed, burnout, closed, unanswered,
                 given_up, overburdened):
    """Counts for :func:`week_measures`, in one pass over the week's events (their ``event`` and ``detail`` codes)
    and one over the carers: the events ``transition``, ``failed`` and ``burnout``; the ``closed`` events whose
    detail is ``unanswered`` or ``given_up``; the active carers; of them, those in category ``overburdened``."""
    n_transitions = n_failed = n_burnouts = n_unanswered = 0
    for i in range(event.size):  # without branches, so the loops are vectorised
        code = event[i]
        n_transitions += code == transition
        n_failed += code == failed
        n_burnouts += code == burnout
        n_unanswered += (code == closed) & ((detail[i] == unanswered) | (detail[i] == given_up))
    n_active = n_overburdened = 0
    for carer in range(carer_active.size):
        n_active += carer_active[carer]
        n_overburdened += carer_active[carer] & (carer_category[carer] == overburdened)
    return n_transitions, n_failed, n_burnouts, n_unanswered, n_active, n_overburdened
