"""Scheduled events: a vignette's key moments happen at their week, through the ordinary mechanisms."""

from __future__ import annotations

import numpy as np
import pytest

from sim import CareNetworkModel, ScenarioError
from sim import vocabulary as V
from sim.schedule import ScheduledEvent

#: A closed population without warm-up: the clients named in the schedules stay who they are.
RUN = dict(n_clients=60, years=0.3, mesa_agents=False, seed=4, warmup_years=0, flows__open=False)


def rows(m: CareNetworkModel, event: str, client: int | None = None):
    log = m.log.arrays()
    sel = log["event"] == V.EVENT[event]
    if client is not None:
        sel &= log["client"] == client
    return {k: v[sel] for k, v in log.items()}


def test_scheduled_admission_happens_that_week_and_is_handed_over():
    """A scheduled admission of client 5 in week 3 for 2 weeks: an acute event and an admission transition in
    week 3, a discharge transition in week 5, and handover items that reference the admission."""
    m = CareNetworkModel(**RUN, needs__unmet_hazard=0.0, schedule=[
        ScheduledEvent(week=3, kind="admission", client=5, weeks=2, acute="cardiac")])
    m.run()
    t = rows(m, "transition", 5)
    admissions = t["week"][t["detail"] == V.ADMISSION]
    assert 3 in admissions.tolist()
    assert 5 in t["week"][t["detail"] == V.DISCHARGE].tolist()
    acute = rows(m, "acute_event", 5)
    assert V.ACUTE_KINDS.index("cardiac") in acute["detail"][acute["week"] == 3].tolist()
    admission_ref = t["ref"][(t["detail"] == V.ADMISSION) & (t["week"] == 3)][0]
    items = np.concatenate([rows(m, "handover_delivered", 5)["ref"], rows(m, "handover_failed", 5)["ref"]])
    assert admission_ref in items


def test_scheduled_carer_dropout_and_referral():
    """A scheduled carer dropout makes the carer inactive and is a carer_dropout transition of its client; a
    scheduled referral gives the client a post of the role and a referral transition to it."""
    probe = CareNetworkModel(**RUN)
    carer = int(np.flatnonzero(probe.net.primary_carer >= 0)[0])
    carer_index = int(probe.net.primary_carer[carer])
    m = CareNetworkModel(**RUN, schedule=[
        ScheduledEvent(week=2, kind="carer_dropout", carer=carer_index),
        ScheduledEvent(week=4, kind="referral", client=7, role="ggz_practitioner")])
    for _ in range(6):
        m.step()
    assert not m.net.carer_active[carer_index]
    t = rows(m, "transition", carer)
    assert 2 in t["week"][t["detail"] == V.CARER_DROPOUT].tolist()
    post = m.net.member[7, V.GGZ_PRACTITIONER]
    assert post >= 0 and m.net.post_role[post] == V.GGZ_PRACTITIONER
    t7 = rows(m, "transition", 7)
    assert post in t7["target"][(t7["detail"] == V.REFERRAL) & (t7["week"] == 4)].tolist()


def test_scheduled_need_change_opens_a_gap():
    """Setting a client's support need to 40 hours/week opens a gap that the arranging process takes up."""
    m = CareNetworkModel(**RUN, arranging__notice_self=1.0, schedule=[
        ScheduledEvent(week=1, kind="need", client=9, domain="support", hours=40.0)])
    m.net.able[9] = m.net.wishes[9] = True
    for _ in range(3):
        m.step()
    assert m.net.base_need[9, V.SUPPORT] == pytest.approx(40.0, rel=0.2)  # drift moves it a little
    requests = rows(m, "request", 9)
    assert V.SUPPORT in requests["detail"][requests["week"] >= 1].tolist()


@pytest.mark.parametrize("event, words", [
    (ScheduledEvent(week=1, kind="admision", client=0), ["kind", "admision", "admission"]),
    (ScheduledEvent(week=1, kind="admission", client=10_000), ["client", "10000", "0 to 59"]),
    (ScheduledEvent(week=99, kind="admission", client=0), ["week", "99", "0 to 15"]),
    (ScheduledEvent(week=1, kind="referral", client=0, role="surgeon"), ["role", "surgeon", "ggz_practitioner"]),
    (ScheduledEvent(week=1, kind="admission", client=0, weeks=0), ["weeks", "0", "1 or more"]),
])
def test_bad_scheduled_events_are_refused_before_running(event, words):
    """A scheduled event that cannot happen is refused at set-up, naming the field, the value and what is allowed."""
    with pytest.raises(ScenarioError) as err:
        CareNetworkModel(**RUN, schedule=[event])
    for word in words:
        assert word in str(err.value)
