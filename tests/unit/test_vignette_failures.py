"""The seed's failures of a vignette (``[[failure]]`` tables, :mod:`sim.vignette.failures`): checked on small event
logs written by hand, so each rule of a failure (a ``given`` moment and ``after`` windows, ``happens`` and
``missing``, items of a transition, a carer or a professional as actor or target, ``between``, ``channel``) is seen
to hold and to fail; and bad ``[[failure]]`` tables are refused naming the file, the field, the value and what is
allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import vocabulary as V
from sim.observe import CARER_ROLE, EventLog
from sim.scenario import ScenarioError
from sim.vignette import load_vignette
from sim.vignette.failures import failure_happened

#: A small vignette: client Ans, carer Piet; professionals Dr. A (gp, post 0), Thuishulp B (home_carer, post 1),
#: Zr. C (district_nurse, post 2). Piet is carer 0 and Dr. A post 0: the same index, told apart by the log's rules.
FILE = '''
base = "default"
years = 0.2

[vignette]
title = "Test"

[[client]]
name = "Ans"
profile = "frail_elderly"
need = { cure = 0.2, nursing = 2.0, support = 6.0 }
able = false
wishes = false
digital = false
consent = true

[[carer]]
name = "Piet"
relation = "partner"
cares_for = "Ans"
hours = 10.0
digital = false

[[professional]]
name = "Dr. A"
role = "gp"
organisation = "Praktijk A"
clients = ["Ans"]

[[professional]]
name = "Thuishulp B"
role = "home_carer"
organisation = "Thuishulp B"
clients = ["Ans"]

[[professional]]
name = "Zr. C"
role = "district_nurse"
organisation = "Thuiszorg C"
clients = ["Ans"]

[[failure]]
name = "nurse_not_told"
description = "The nurse is not told that Piet dropped out"
happens = { event = "handover_failed", transition = "carer_dropout", detail = "home_situation", target = "Zr. C", weeks = [2, 2] }

[[failure]]
name = "nobody_acts"
description = "Piet is very heavily burdened and nobody signals it in the 4 weeks after"
given = { event = "strain_category", actor = "Piet", detail = ["very_heavy", "overburdened"] }
missing = { event = "overload_signalled", actor = "Piet", after = [0, 4] }

[[failure]]
name = "carer_not_told"
description = "An item meant for Piet fails"
happens = { event = "handover_failed", target = "Piet" }

[[failure]]
name = "piet_stops"
description = "Piet stops caring"
happens = { event = "transition", actor = "Piet" }

[[failure]]
name = "contradiction"
description = "Dr. A and Thuishulp B contradict each other"
happens = { event = "contradiction", between = ["Dr. A", "Thuishulp B"] }

[[failure]]
name = "not_by_record"
description = "Items reach the nurse, but none through a linked system or a plan"
[[failure.happens]]
event = "handover_delivered"
target = "Zr. C"
[[failure.missing]]
event = "handover_delivered"
target = "Zr. C"
channel = ["direct_digital", "plan"]
'''


@pytest.fixture(scope="module")
def failures(tmp_path_factory) -> dict[str, dict]:
    path = tmp_path_factory.mktemp("vignette") / "small.toml"
    path.write_text(FILE, encoding="utf-8")
    return {f["name"]: f for f in load_vignette(path).failures}


def log_of(*rows: tuple[int, str, dict]) -> dict:
    """An event log written by hand: ``(week, event, columns)`` rows, for client 0."""
    log = EventLog()
    for week, event, columns in rows:
        log.week = week
        log.record_one(event, 0, **columns)
    return log.arrays()


DROPOUT = (2, "transition", {"detail": V.CARER_DROPOUT, "actor": 0, "ref": 7})
ADMISSION = (2, "transition", {"detail": V.ADMISSION, "ref": 8})


def item(event: str, week: int, ref: int, target: int, role: int, kind: int = V.HOME_SITUATION, channel: int = -1):
    return (week, event, {"detail": kind, "target": target, "role": role, "ref": ref, "channel": channel})


def test_an_item_of_the_transition_named_fails_for_the_professional_named(failures):
    f = failures["nurse_not_told"]
    assert failure_happened(f, log_of(DROPOUT, item("handover_failed", 2, 7, 2, V.DISTRICT_NURSE)))
    # the same item of another transition (an admission), for another professional, or in another week: no
    assert not failure_happened(f, log_of(ADMISSION, item("handover_failed", 2, 8, 2, V.DISTRICT_NURSE)))
    assert not failure_happened(f, log_of(DROPOUT, item("handover_failed", 2, 7, 1, V.HOME_CARER)))
    assert not failure_happened(f, log_of((3, *DROPOUT[1:]), item("handover_failed", 3, 7, 2, V.DISTRICT_NURSE)))
    # delivered is not failed
    assert not failure_happened(f, log_of(DROPOUT, item("handover_delivered", 2, 7, 2, V.DISTRICT_NURSE)))


def test_missing_counts_weeks_after_the_first_given_row(failures):
    f = failures["nobody_acts"]
    very_heavy = (5, "strain_category", {"detail": V.STRAIN_CATEGORIES.index("very_heavy"), "actor": 0})
    again = (7, "strain_category", {"detail": V.STRAIN_CATEGORIES.index("overburdened"), "actor": 0})
    signal = lambda week: (week, "overload_signalled", {"actor": 0, "target": 2})  # noqa: E731
    assert failure_happened(f, log_of(very_heavy))                        # nobody signals
    assert failure_happened(f, log_of(very_heavy, again, signal(10)))     # too late: weeks 5-9 count
    assert not failure_happened(f, log_of(very_heavy, again, signal(9)))  # within 4 weeks of week 5
    assert not failure_happened(f, log_of(signal(5)))                     # never very heavy: no moment, no failure
    fairly = (5, "strain_category", {"detail": V.STRAIN_CATEGORIES.index("fairly_heavy"), "actor": 0})
    assert not failure_happened(f, log_of(fairly))


def test_a_carer_and_a_post_with_the_same_index_are_told_apart(failures):
    """Piet is carer 0 and Dr. A is post 0: an item for Dr. A is not one for Piet; a carer's dropout has Piet as its
    actor, a referral sent by Dr. A (actor post 0) does not."""
    to_carer, to_gp = failures["carer_not_told"], failures["piet_stops"]
    assert failure_happened(to_carer, log_of(item("handover_failed", 3, 1, 0, CARER_ROLE, V.MEDICATION)))
    assert not failure_happened(to_carer, log_of(item("handover_failed", 3, 1, 0, V.GP, V.MEDICATION)))
    assert failure_happened(to_gp, log_of(DROPOUT))
    assert not failure_happened(to_gp, log_of((4, "transition", {"detail": V.REFERRAL, "actor": 0, "target": 2})))


def test_between_matches_either_order(failures):
    f = failures["contradiction"]
    assert failure_happened(f, log_of((1, "contradiction", {"actor": 1, "target": 0})))
    assert failure_happened(f, log_of((1, "contradiction", {"actor": 0, "target": 1})))
    assert not failure_happened(f, log_of((1, "contradiction", {"actor": 0, "target": 2})))


def test_happens_and_missing_together_with_a_channel(failures):
    f = failures["not_by_record"]
    paper = item("handover_delivered", 3, 1, 2, V.DISTRICT_NURSE, channel=V.DIRECT_PAPER)
    digital = item("handover_delivered", 3, 1, 2, V.DISTRICT_NURSE, channel=V.DIRECT_DIGITAL)
    assert failure_happened(f, log_of(paper))
    assert not failure_happened(f, log_of(paper, digital))
    assert not failure_happened(f, log_of())  # nothing reached the nurse at all: `happens` does not hold


# --------------------------------------------------------------------------- bad [[failure]] tables

ONE = '''
[[failure]]
name = "f"
description = "what goes wrong"
happens = { event = "handover_failed", target = "Zr. C" }
'''
BASE = FILE[:FILE.index("[[failure]]")]


@pytest.mark.parametrize("change, words", [
    (('event = "handover_failed"', 'event = "handover_faild"'),
     ["failure[0].happens.event", "'handover_faild'", "did you mean 'handover_failed'"]),
    (('target = "Zr. C"', 'target = "Zr. D"'), ["failure[0].happens.target", "'Zr. D'", "no such carer or professional",
                                               "Zr. C"]),
    (('target = "Zr. C"', 'target = "Zr. C", after = [0, 4]'), ["failure[0].happens.after", "[0, 4]",
                                                               "no `given` moment", "`after` in `happens`"]),
    (('target = "Zr. C"', 'target = "Zr. C", weeks = [30, 40]'), ["failure[0].happens.weeks", "[30, 40]",
                                                                 "after the end of the run (10 weeks)", "0 to 9"]),
    (('target = "Zr. C"', 'target = "Zr. C", weeks = [4, 2]'), ["failure[0].happens.weeks", "not a window of weeks",
                                                               "first <= last"]),
    (('target = "Zr. C"', 'target = "Zr. C", detail = "medicaton"'), ["failure[0].happens.detail", "'medicaton'",
                                                                     "did you mean 'medication'"]),
    (('event = "handover_failed", target = "Zr. C"', 'event = "contradiction", channel = "plan"'),
     ["failure[0].happens.channel", "contradiction has no channel", "only with event = handover_delivered"]),
    (('event = "handover_failed", target = "Zr. C"', 'event = "burnout", actor = "Dr. A"'),
     ["failure[0].happens.actor", "a professional is never the actor of burnout", "Piet"]),
    (('event = "handover_failed", target = "Zr. C"', 'event = "contradiction", between = ["Dr. A"]'),
     ["failure[0].happens.between", "not two professionals"]),
    (('name = "f"', 'name = "Bad name"'), ["failure[0].name", "'Bad name'", "lower-case letters"]),
    (('description = "what goes wrong"\n', ''), ["failure[0].description", "missing", "text"]),
    (('happens = { event = "handover_failed", target = "Zr. C" }', 'happen = { event = "handover_failed" }'),
     ["failure[0].happen", "unknown field", "did you mean 'happens'", "failure[0].happens", "something that "
      "happens or is missing"]),
    (('target = "Zr. C"', 'target = "Zr. C", client = "Anna"'), ["failure[0].happens.client", "'Anna'",
                                                                "no such client", "Ans"]),
])
def test_bad_failure_tables_are_refused_with_clear_errors(tmp_path, change, words):
    old, new = change
    assert old in ONE
    path = tmp_path / "bad.toml"
    path.write_text(BASE + ONE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_vignette(path)
    message = str(err.value)
    assert str(path) in message and "invalid vignette" in message
    for word in words:
        assert word in message, message


def test_two_failures_with_one_name_are_refused(tmp_path):
    path = tmp_path / "twice.toml"
    path.write_text(BASE + ONE + ONE, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"failure\[1\]\.name` = 'f': two failures with the same name"):
        load_vignette(path)


def test_a_file_without_failures_is_still_a_vignette(tmp_path):
    path = Path(tmp_path) / "none.toml"
    path.write_text(BASE, encoding="utf-8")
    assert load_vignette(path).failures == []
