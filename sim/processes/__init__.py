"""The weekly processes: one module per ODD submodel (docs/ODD.md §7), each a function of a world.

Every process takes a :class:`sim.world.World` (state arrays, parameters, streams, records, the week's
scratch) and changes it; none sees the Mesa model. The week, in order, is :data:`sim.week.STEP_ORDER`.

A process never asks which policy is active. Policies (:mod:`sim.policies`) set the structural arrays
(``coordinator``, ``plan``, ``post_on_plan``, ``budget``, ``proxy``, coordinator quality, mandate and
complaint address) at set-up, and the processes act through them.

Modules: :mod:`~sim.processes.bookkeeping` (start and end of the week, standing time, budget
administration), :mod:`~sim.processes.scheduled`, :mod:`~sim.processes.workforce`,
:mod:`~sim.processes.needs`, :mod:`~sim.processes.arranging`, :mod:`~sim.processes.delivery`,
:mod:`~sim.processes.handover`, :mod:`~sim.processes.alignment`, :mod:`~sim.processes.strain`,
:mod:`~sim.processes.complaints`; shared helpers in :mod:`~sim.processes.posts` (choosing a post) and
:mod:`~sim.processes.arrays` (numpy helpers).
"""
