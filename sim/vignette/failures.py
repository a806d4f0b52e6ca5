"""The seed's failures of a vignette: whether each happened in a run, read from the run's event log.

A vignette file declares the failures its seed case describes as ``[[failure]]`` tables (checked by
:mod:`sim.vignette.format`; the format is in ``docs/vignettes.md``). A failure is made of *selections* of rows of
the event log (:class:`~sim.observe.EventLog`): ``event`` (its name), narrowed by ``client``, ``actor``, ``target``
(a carer or a professional, by name), ``between`` (two professionals, as actor and target in either order),
``role``, ``detail`` and ``channel`` (a label or a list of labels), ``transition`` (a handover item of a transition
of that kind) and ``weeks`` (``[first, last]`` model weeks, inclusive) or ``after`` (``[first, last]`` weeks after
the failure's moment, inclusive).

A failure happened in a run when

* its ``given`` selection (if any) matches a row: the week of its first row is *the moment*;
* every ``happens`` selection matches at least one row; and
* no ``missing`` selection matches any row.

:func:`failures_happened` answers that for every failure of a run's vignette; :func:`failure_happened` for one
failure and a log; :func:`failure_lines` says it in words for the story. Nothing here changes a run: it only reads
what the model recorded.
"""

from __future__ import annotations

import numpy as np

from sim import vocabulary as V
from sim.observe import actor_is_carer, target_is_carer

#: The log columns a failure reads.
COLUMNS = ("week", "client", "event", "detail", "actor", "target", "role", "channel", "ref")


def select(selection: dict, log: dict[str, np.ndarray], moment: int | None = None) -> np.ndarray:
    """The rows of ``log`` (columns as :meth:`~sim.observe.EventLog.arrays`) a checked selection matches, as a
    boolean mask; ``moment`` is the week ``after`` counts from."""
    event = log["event"]
    rows = event == selection["event"]
    if selection["client"] >= 0:
        rows &= log["client"] == selection["client"]
    if selection["actor"] >= 0:
        rows &= (log["actor"] == selection["actor"]) & (actor_is_carer(event, log["detail"])
                                                        == selection["actor_is_carer"])
    if selection["target"] >= 0:
        rows &= (log["target"] == selection["target"]) & (target_is_carer(event, log["role"])
                                                          == selection["target_is_carer"])
    if selection["between"] is not None:
        a, b = selection["between"]
        rows &= (((log["actor"] == a) & (log["target"] == b)) | ((log["actor"] == b) & (log["target"] == a)))
    if selection["role"] >= 0:
        rows &= log["role"] == selection["role"]
    for column in ("detail", "channel"):
        if selection[column] is not None:
            rows &= np.isin(log[column], selection[column])
    if selection["transition"] >= 0:  # items of a transition of that kind: the transition's ref is theirs
        of_kind = (event == V.EVENT["transition"]) & (log["detail"] == selection["transition"])
        rows &= np.isin(log["ref"], log["ref"][of_kind])
    for window, start in (("weeks", 0), ("after", moment)):
        if selection[window] is not None:
            first, last = selection[window]
            rows &= (log["week"] >= start + first) & (log["week"] <= start + last)
    return rows


def failure_happened(failure: dict, log: dict[str, np.ndarray]) -> bool:
    """Whether a checked failure (an entry of ``Vignette.failures``) happened in a run with event log ``log``."""
    moment = None
    if failure["given"] is not None:
        given = select(failure["given"], log)
        if not given.any():
            return False
        moment = int(log["week"][given].min())
    return (all(select(s, log, moment).any() for s in failure["happens"])
            and not any(select(s, log, moment).any() for s in failure["missing"]))


def failures_happened(model) -> dict[str, bool]:
    """Failure name -> whether it happened, for every failure of a run vignette model (in file order; empty for a
    vignette without failures)."""
    log = model.log.arrays()
    log = {name: log[name] for name in COLUMNS}
    return {f["name"]: failure_happened(f, log) for f in model.vignette.failures}


def failure_lines(model) -> list[str]:
    """One line per failure of a run vignette model: whether it happened in this run, and what it is."""
    happened = failures_happened(model)
    return [f"  {'HAPPENED' if happened[f['name']] else 'did not happen'}: {f['name']}: {f['description']}"
            for f in model.vignette.failures]
