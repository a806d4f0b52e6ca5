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
"""

from __future__ import annotations

import numpy as np

from sim import vocabulary as V

#: The per-week measures, in the order :func:`week_measures` returns them.
WEEK_MEASURES = ("week_handover_failures_per_100_transitions", "week_carer_share_overburdened",
                 "week_carer_burnouts", "week_open_complaints", "week_complaints_unanswered")

_UNANSWERED, _GIVEN_UP = V.COMPLAINT_ENDS.index("unanswered"), V.COMPLAINT_ENDS.index("given_up")


def week_measures(world, start: int) -> dict[str, float]:
    """The measures of :data:`WEEK_MEASURES` for the week whose events are the log's rows from ``start`` on."""
    rows = world.log.since(start)
    event, detail = rows["event"], rows["detail"]
    transitions = int(np.count_nonzero(event == V.EVENT["transition"]))
    failed = int(np.count_nonzero(event == V.EVENT["handover_failed"]))
    closed = event == V.EVENT["complaint_closed"]
    net = world.net
    active = int(np.count_nonzero(net.carer_active))
    overburdened = int(np.count_nonzero(net.carer_active & (net.carer_category == 3)))
    return {
        "week_handover_failures_per_100_transitions": 100 * failed / transitions if transitions else float("nan"),
        "week_carer_share_overburdened": overburdened / active if active else float("nan"),
        "week_carer_burnouts": int(np.count_nonzero(event == V.EVENT["burnout"])),
        "week_open_complaints": len(world.open_complaints),
        "week_complaints_unanswered": int(np.count_nonzero(closed & ((detail == _UNANSWERED) | (detail == _GIVEN_UP)))),
    }
