"""Every outcome formula against a hand computation on a tiny event log (``sim/outcomes.py``).

Until now the outcome formulas were guarded only by the outcome snapshot of whole runs: a denominator swapped
(burnouts per client-year instead of per carer-year, failures per item instead of per transition) changes every
number in the snapshot at once and would be re-baselined as "model changed". Here a handful of hand-chosen events
are recorded in a real :class:`sim.observe.EventLog` (so the columns and dtypes are exactly those of a run) and a
13-week :class:`sim.observe.StepSeries` is filled with round numbers; ``outcomes_from_records`` must give the values
computed by hand in each test. The fixture's client-years (10) and carer-years (2.5) differ, so a rate divided by
the wrong one is caught; its other counts are chosen to differ too (9 transitions, 12 failed and 10 delivered
items, 22 items), so a ratio with the wrong numerator or denominator does not land on the right value by chance. The
headline share of transitions with a failed handover (8 of the 9) differs from the failed items per transition
(12 of 9): three transitions have two failed items each and count once.

Every name of :data:`sim.outcomes.OUTCOME_NAMES` is checked: each test declares the outcomes it checks with
:func:`checks` (the table :data:`EXPECTED` declares its own), and ``test_every_outcome_is_checked_by_hand`` fails
when an outcome has no hand computation, e.g. a new outcome added to ``sim/outcomes.py`` without a test here.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import vocabulary as V
from sim.observe import CARER_ROLE, EventLog, StepSeries
from sim.outcomes import (HEADLINE, OUTCOME_NAMES, SUM_TALLIES, TALLY_NAMES, add_tallies, outcomes_from_records,
                          outcomes_from_tallies, tallies_from_records)

WEEKS = 13
N_PROFILES = len(V.PROFILES)
# clients of the series: 36 at home and 4 admitted every week, spread over the profiles
HOME_PROFILES = np.repeat(np.arange(N_PROFILES), 9)            # 36 clients
ADMITTED_PROFILES = np.array([0, 0, 1, 3])                      # 4 clients
CARER_PROFILES = np.array([0, 0, 0, 1, 1, 2, 2, 3, 3, 3])       # 10 active carers

# client-years = (36 + 4) client-weeks * 13 weeks / 52 = 520 / 52 = 10
CLIENT_YEARS = (36 + 4) * WEEKS / 52
# carer-years = 10 carer-weeks * 13 weeks / 52 = 130 / 52 = 2.5
CARER_YEARS = 10 * WEEKS / 52

CLOSE = {"rel": 1e-9}  # exact arithmetic on small numbers: only float rounding

#: Outcome name -> the tests that compare it with a hand computation (filled by :func:`checks`).
CHECKED: dict[str, list[str]] = {}


def checks(*names: str):
    """Declare the outcomes a test compares with a hand computation (see ``test_every_outcome_is_checked_by_hand``)."""
    def declare(test):
        for name in names:
            CHECKED.setdefault(name, []).append(test.__name__)
        return test
    return declare


def tiny_log() -> dict:
    """Nine transitions with 22 handover items (12 failed) and the harm and retold stories the failures caused,
    two burnouts with their strain history, three overload signals, requests, contradictions, clients leaving
    and entering, Wlz indications, a carer replaced, regelwerk of each kind, and eight complaints with each ending.
    The counts are summed up in the ledger above :data:`EXPECTED`."""
    log = EventLog()
    # week 0: two discharges (refs 0, 1) and an admission (ref 2)
    log.week = 0
    log.record("transition", np.array([0, 1]), detail=V.DISCHARGE, ref=np.array([0, 1]))
    log.record("transition", np.array([2]), detail=V.ADMISSION, ref=2)
    # discharge 0: medication to the GP and to the carer delivered, expectations to the nurse delivered by the
    # coordinator; medication to the nurse failed
    log.record("handover_delivered", np.array([0, 0, 0]), detail=np.array([V.MEDICATION, V.MEDICATION, V.EXPECTATIONS]),
               role=np.array([V.GP, CARER_ROLE, V.DISTRICT_NURSE]),
               channel=np.array([V.DIRECT_PAPER, V.DIRECT_PAPER, V.COORDINATOR]), ref=0)
    log.record("handover_failed", np.array([0]), detail=V.MEDICATION, role=V.DISTRICT_NURSE, channel=V.COORDINATOR,
               ref=0)
    log.record("harm", np.array([0]), detail=V.HARMS.index("medication_error"))  # the nurse's missing medication
    # discharge 1: medication to the GP delivered by the plan; medication to the carer and expectations to the GP failed
    log.record("handover_delivered", np.array([1]), detail=V.MEDICATION, role=V.GP, channel=V.PLAN, ref=1)
    log.record("handover_failed", np.array([1, 1]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]),
               role=np.array([CARER_ROLE, V.GP]), channel=np.array([V.NO_CHANNEL, V.DIRECT_PAPER]), ref=1)
    log.record("story_repeated", np.array([1]), detail=V.EXPECTATIONS)  # to the GP (the failure to the carer: no story)
    # admission 2: both items delivered digitally
    log.record("handover_delivered", np.array([2, 2]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]),
               role=np.array([V.SPECIALIST, V.DISTRICT_NURSE]), channel=V.DIRECT_DIGITAL, ref=2)
    # carers' strain and overload signals, in the order they happen: carer 0 (client 0) very heavy in week 1,
    # overburdened and its overload noticed in week 2, burnout in week 5; carer 1 (client 1) fairly heavy in week 0,
    # very heavy and noticed in week 3, back to fairly heavy in week 4, overburdened in week 6, burnout in week 9;
    # carer 2 (client 2) very heavy and noticed in week 8 (no burnout)
    strain_history = (  # (week, event, client, carer, category)
        (0, "strain_category", 1, 1, 1),
        (1, "strain_category", 0, 0, 2),
        (2, "strain_category", 0, 0, 3),
        (2, "overload_signalled", 0, 0, 0),
        (3, "strain_category", 1, 1, 2),
        (3, "overload_signalled", 1, 1, 0),
        (4, "strain_category", 1, 1, 1),
        (5, "burnout", 0, 0, 0),
        (6, "strain_category", 1, 1, 3),
        (8, "strain_category", 2, 2, 2),
        (8, "overload_signalled", 2, 2, 0),
        (9, "burnout", 1, 1, 0),
    )
    for week, event, client, carer, category in strain_history:
        log.week = week
        log.record(event, np.array([client]), detail=category, actor=carer)
    # week 10: carer 1 drops out (ref 3); of its three home-situation items, the one to the GP is carried and
    # delivered, the ones to the nurse and the home carer are carried but too late, and each causes a readmission
    log.week = 10
    log.record("transition", np.array([1]), detail=V.CARER_DROPOUT, ref=3, actor=1)
    log.record("handover_delivered", np.array([1]), detail=V.HOME_SITUATION, role=V.GP, channel=V.CARRIED_BY_CARER, ref=3)
    log.record("handover_failed", np.array([1, 1]), detail=V.HOME_SITUATION,
               role=np.array([V.DISTRICT_NURSE, V.HOME_CARER]), channel=V.CARRIED_BY_CARER, ref=3)
    log.record("harm", np.array([1, 1]), detail=V.HARMS.index("readmission"))
    # week 11: two referrals (client 4 to a specialist, ref 4; client 5 to a physiotherapist, ref 5) and a nurse
    # leaving her post (client 6, ref 6)
    log.week = 11
    log.record("transition", np.array([4, 5]), detail=V.REFERRAL, ref=np.array([4, 5]))
    log.record("transition", np.array([6]), detail=V.PROFESSIONAL_LEAVING, ref=6)
    # referral 4: medication delivered digitally; expectations failed though the plan was open to them
    log.record("handover_delivered", np.array([4]), detail=V.MEDICATION, role=V.SPECIALIST, channel=V.DIRECT_DIGITAL,
               ref=4)
    log.record("handover_failed", np.array([4]), detail=V.EXPECTATIONS, role=V.SPECIALIST, channel=V.PLAN, ref=4)
    log.record("story_repeated", np.array([4]), detail=V.EXPECTATIONS)  # to the specialist
    # referral 5: medication delivered digitally; expectations failed on the same digital channel
    log.record("handover_delivered", np.array([5]), detail=V.MEDICATION, role=V.PHYSIOTHERAPIST,
               channel=V.DIRECT_DIGITAL, ref=5)
    log.record("handover_failed", np.array([5]), detail=V.EXPECTATIONS, role=V.PHYSIOTHERAPIST,
               channel=V.DIRECT_DIGITAL, ref=5)
    # leaving 6: the home situation reaches the successor by the plan, the expectations fail (plan open)
    log.record("handover_delivered", np.array([6]), detail=V.HOME_SITUATION, role=V.DISTRICT_NURSE, channel=V.PLAN,
               ref=6)
    log.record("handover_failed", np.array([6]), detail=V.EXPECTATIONS, role=V.DISTRICT_NURSE, channel=V.PLAN, ref=6)
    # week 12: two contacts with an out-of-hours GP post (clients 7 and 8, refs 7 and 8): all four items fail
    log.week = 12
    log.record("transition", np.array([7, 8]), detail=V.CONTACT, ref=np.array([7, 8]))
    # contact 7: the client carries both too late: a medication error, and the story told twice
    log.record("handover_failed", np.array([7, 7]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]), role=V.GP,
               channel=V.CARRIED_BY_CARER, ref=7)
    log.record("harm", np.array([7]), detail=V.HARMS.index("medication_error"))
    log.record("story_repeated", np.array([7, 7]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]))
    # contact 8: the coordinator's relay is too late for both: a medication error
    log.record("handover_failed", np.array([8, 8]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]), role=V.GP,
               channel=V.COORDINATOR, ref=8)
    log.record("harm", np.array([8]), detail=V.HARMS.index("medication_error"))
    # requests at the desks: 7 accepted (clients 10-16), 2 turned away (a carer without a proxy, clients 17-18);
    # advice: 6 contradictions (clients 20-25, pair specialist~ggz_practitioner)
    log.record("request", np.arange(10, 17), detail=V.SUPPORT, value=V.SELF)
    log.record("request_refused", np.arange(17, 19), detail=V.SUPPORT, value=V.CARER)
    log.record("contradiction", np.arange(20, 26), detail=0)
    # who enters and leaves: 10 clients exit (3 die, 2 move into an institution, 1 recovers, 4 children turn 18),
    # 5 new clients take free places; 8 Wlz indications, 6 used at home and 2 for the institution moves;
    # carer 10 replaces carer 1, who dropped out in week 10
    log.record("client_exit", np.arange(30, 40), detail=np.repeat(np.arange(len(V.EXIT_REASONS)), [3, 2, 1, 4]),
               value=np.array([91, 84, 77, 88, 90, 52, 18, 18, 18, 18]))
    log.record("client_entry", np.arange(30, 35), value=np.array([79, 81, 45, 12, 70]))
    log.record("wlz_indicated", np.array([20, 21, 22, 23, 24, 25, 33, 34]),
               detail=np.array([0, 0, 0, 0, 0, 0, 1, 1]))
    log.record("carer_replaced", np.array([1]), actor=10)
    log.record("budget_withdrawn", np.array([5, 6]))                    # 2 budgets withdrawn
    log.record("professional_kept", np.array([7, 7, 8]), target=np.array([1, 2, 1]))  # 3 kept through a budget
    log.record("regie_passed", np.array([9, 9]), detail=np.array([0, 1]))  # to the specialist and back
    # regelwerk, one event per piece of arranging work (value: hours): desk 1.5 + 0.5 = 2 (requests 0 and 1),
    # mandate 0.75 (a carer without a proxy), waiting 3 * 0.5 = 1.5, carrying 2 * 0.25 = 0.5 (the carried
    # home-situation items of carer dropout 3, by carer 1); budget_admin: 3 hours a week by the pgb holder
    # (carer 0) over the 13 weeks = 39, the series' budget_admin_hours
    log.record("regelwerk", np.array([10, 11]), detail=V.DESK, actor=np.array([3, 4]), value=np.array([1.5, 0.5]),
               ref=np.array([0, 1]))
    log.record("regelwerk", np.array([17]), detail=V.MANDATE, actor=5, value=0.75, ref=2)
    log.record("regelwerk", np.array([10, 11, 12]), detail=V.WAITING, actor=np.array([3, 4, 6]), value=0.5,
               ref=np.array([0, 1, 3]))
    log.record("regelwerk", np.array([1, 1]), detail=V.CARRYING, actor=1, value=0.25, ref=3)
    for week in range(WEEKS):
        log.week = week
        log.record("regelwerk", np.array([0]), detail=V.BUDGET_ADMIN, actor=0, value=3.0)
    # complaints, one event at a time as the complaint desk records them: 8 filed, 4 bounces, 8 closed
    ends = [("answered", 3), ("answered", 5), ("answered_in_part", 6), ("unanswered", 6), ("unanswered", 6),
            ("unanswered", 10), ("given_up", 1), ("given_up", 2)]
    for ref, (end, weeks_open) in enumerate(ends):
        log.week = 0
        log.record_one("complaint_filed", ref % 3, ref=ref)
        if ref < 4:
            log.record_one("complaint_bounced", ref % 3, ref=ref, value=1)
        log.week = weeks_open
        log.record_one("complaint_closed", ref % 3, detail=V.COMPLAINT_ENDS.index(end), value=weeks_open, ref=ref)
    return log.arrays()


def tiny_series() -> dict:
    """13 weeks of per-profile series, recorded the way the processes record them (per agent, summed by profile)."""
    s = StepSeries(WEEKS, N_PROFILES)
    for week in range(WEEKS):
        s.record(week, "clients_home", HOME_PROFILES, 1.0)
        s.record(week, "clients_admitted", ADMITTED_PROFILES, 1.0)
        s.record(week, "carers_active", CARER_PROFILES, 1.0)
        s.record(week, "carers_fairly_heavy", CARER_PROFILES[:2], 1.0)   # 2 carers a week
        s.record(week, "carers_very_heavy", CARER_PROFILES[2:3], 1.0)    # 1
        s.record(week, "carers_overburdened", CARER_PROFILES[3:4], 1.0)  # 1
        s.record(week, "carer_care_hours", CARER_PROFILES, 12.0)        # 12 hours by each of 10 carers: 120 a week,
        s.record(week, "carer_usual_hours", CARER_PROFILES, 5.0)        # of which usual care 5 hours each,
        s.record(week, "carer_gap_hours", CARER_PROFILES, 4.0)          # filling gaps 4,
        s.record(week, "carer_presence_hours", CARER_PROFILES, 2.0)     # presence 2
        s.record(week, "carer_practical_hours", CARER_PROFILES, 1.0)    # and practical tasks 1
        s.record(week, "clients_wlz_home", HOME_PROFILES[:4], 1.0)       # 4 clients at home with a Wlz indication
        s.record(week, "carer_regelwerk_hours", CARER_PROFILES[:4], 3.0)  # 3 hours by each of 4 carers: 12 a week,
        s.record(week, "budget_admin_hours", CARER_PROFILES[:1], 3.0)    # of which 3: the first one holds a pgb
        s.record(week, "arranger_nobody", HOME_PROFILES[:2], 1.0)        # 2 clients at home nobody arranges for
        s.record(week, "cost_client", np.array([0]), 100.0)              # co-payments: not a payer's cost
        s.record(week, "cost_informal", np.array([0]), 1000.0)           # shadow value: not a payer's cost
        if week < 10:
            s.record(week, "clients_unmet", HOME_PROFILES[:3], 1.0)      # 3 clients a week
            s.record(week, "unmet_hours", HOME_PROFILES[:3], 2.0)        # 6 hours a week
            s.record(week, "need_hours", HOME_PROFILES[:30], 2.0)        # 60 hours a week
            s.record(week, "coordination_hours", np.array([1, 2]), 2.25)  # 4.5 hours a week
            s.record(week, "recording_hours", np.array([0, 3]), 0.75)    # 1.5 hours a week
            s.record(week, "advice_pairs", HOME_PROFILES[:8], 1.0)       # 8 pairs advising a week,
            s.record(week, "aligned_pairs", HOME_PROFILES[:6], 1.0)      # 6 of them aligned
            s.record(week, "cost_zvw", np.array([0, 1]), 500.0)          # 1000 EUR a week
            s.record(week, "cost_wlz", np.array([2]), 200.0)             # 200
            s.record(week, "cost_wmo", np.array([0, 3]), 250.0)          # 500, of which
            s.record(week, "budget_carer_pay", np.array([0]), 40.0)      # 40 paid to a carer from a budget
            s.record(week, "budget_fraud", np.array([3]), 5.0)           # and 5 that bought no care
            s.record(week, "cost_jeugdwet", np.array([2]), 300.0)        # 300
        # reach under plan, proxy and regiebehandelaar (no integral pgb), of the 40 clients each week
        for name, clients in REACH_PER_WEEK.items():
            s.record(week, name, ALL_PROFILES[:clients], 1.0)
    return s.totals()


#: The 40 clients of the series (at home, then admitted), by profile.
ALL_PROFILES = np.concatenate([HOME_PROFILES, ADMITTED_PROFILES])
#: Clients a week in each reach series of the fixture (every block's reached and not reached add up to 40).
REACH_PER_WEEK = {
    "reached_by_policy": 30,
    "reached_digital_plan": 16, "not_reached_digital_plan_no_consent": 12, "not_reached_digital_plan_cannot_use": 10,
    "not_reached_digital_plan_not_enrolled": 2,
    "reached_proxy": 6, "not_reached_proxy_holds_regie": 14, "not_reached_proxy_does_not_wish": 15,
    "not_reached_proxy_no_carer": 3, "not_reached_proxy_not_registered": 2,
    "reached_regiebehandelaar": 18, "not_reached_regiebehandelaar_holds_regie": 14,
    "not_reached_regiebehandelaar_has_proxy": 6, "not_reached_regiebehandelaar_no_lead_professional": 1,
    "not_reached_regiebehandelaar_not_enrolled": 1,
}


@pytest.fixture(scope="module")
def out() -> dict:
    return outcomes_from_records(tiny_log(), tiny_series())


@checks("client_years", "carer_years")
def test_fixture_years(out):
    assert out["client_years"] == pytest.approx(10.0, **CLOSE)  # 520 client-weeks / 52
    assert out["carer_years"] == pytest.approx(2.5, **CLOSE)    # 130 carer-weeks / 52
    assert CLIENT_YEARS != CARER_YEARS
    assert set(HEADLINE) <= set(out)


# --------------------------------------------------------------------------- handovers


@checks("transitions", "handover_failures_per_100_transitions")
def test_handover_failures_per_100_transitions(out):
    # 12 failed items over 9 transitions (1 admission, 2 discharges, 2 referrals, 1 leaving, 1 carer dropout,
    # 2 contacts): 100 * 12 / 9 = 133.3 (per 100 items it would be 100 * 12 / 22 = 54.5)
    assert out["transitions"] == 9
    assert out["handover_failures_per_100_transitions"] == pytest.approx(100 * 12 / 9, **CLOSE)


@checks("transitions_with_failed_handover_share",
        *(f"transitions_with_failed_handover_share_{kind}" for kind in V.TRANSITIONS))
def test_transitions_with_failed_handover_share(out):
    # transitions (refs) with at least one failed item: discharge 0 (1 item), discharge 1 (2 items), carer dropout 3
    # (2), referrals 4 and 5 (1 each), leaving 6 (1), contacts 7 and 8 (2 each): 8 of 9; admission 2 had only
    # delivered items. Counted by items it would be 12 / 9 > 1
    assert out["transitions_with_failed_handover_share"] == pytest.approx(8 / 9, **CLOSE)
    assert HEADLINE[0] == "transitions_with_failed_handover_share"
    by_kind = {
        "admission": 0 / 1,             # ref 2: both items delivered
        "discharge": 2 / 2,             # refs 0 and 1 (ref 1 with two failed items counts once)
        "referral": 2 / 2,              # refs 4 and 5
        "professional_leaving": 1 / 1,  # ref 6
        "carer_dropout": 1 / 1,         # ref 3, two failed items: once (by items it would be 2 / 1)
        "contact": 2 / 2,               # refs 7 and 8, two failed items each (by items 4 / 2)
    }
    assert set(by_kind) == set(V.TRANSITIONS)
    for kind, share in by_kind.items():
        assert out[f"transitions_with_failed_handover_share_{kind}"] == pytest.approx(share, **CLOSE), kind


@checks("handover_items", "handover_failure_share")
def test_handover_failure_share(out):
    # 12 failed of 12 + 10 items
    assert out["handover_items"] == 22
    assert out["handover_failure_share"] == pytest.approx(12 / 22, **CLOSE)


@checks("handover_failures_per_100_discharge", "handover_failures_per_100_admission",
        "discharge_medication_complete_share", "carer_sidelined_share",
        *(f"handover_failures_channel_{c}_per_100_transitions" for c in V.CHANNELS))
def test_handover_failures_by_transition_kind_and_to_the_carer(out):
    # 3 failures belong to the 2 discharges: 100 * 3 / 2 = 150 per 100 discharges; none of the admission's
    assert out["handover_failures_per_100_discharge"] == pytest.approx(150.0, **CLOSE)
    assert out["handover_failures_per_100_admission"] == pytest.approx(0.0, **CLOSE)
    # discharge medication items: delivered 3 (GP and carer of discharge 0, GP of discharge 1), failed 2: 3 / 5;
    # the medication items of the admission, the referrals and the contacts do not count
    assert out["discharge_medication_complete_share"] == pytest.approx(0.6, **CLOSE)
    # items meant for a carer: 1 delivered, 1 failed: 1 / 2
    assert out["carer_sidelined_share"] == pytest.approx(0.5, **CLOSE)
    # failures per 100 transitions by the first channel open to them (12 failures, 9 transitions):
    failed_by_channel = {
        "plan": 2,            # expectations of referral 4 and of leaving 6
        "direct_digital": 1,  # expectations of referral 5
        "coordinator": 3,     # medication of discharge 0, both items of contact 8
        "direct_paper": 1,    # expectations of discharge 1
        "in_person": 0,
        "carried_by_client": 0,
        "carried_by_carer": 4,  # two home-situation items of carer dropout 3, both items of contact 7
        "none": 1,            # medication to the carer of discharge 1
    }
    assert sum(failed_by_channel.values()) == 12 and set(failed_by_channel) == set(V.CHANNELS)
    for channel, failed in failed_by_channel.items():
        assert out[f"handover_failures_channel_{channel}_per_100_transitions"] == pytest.approx(
            100 * failed / 9, **CLOSE), channel
    # the carrier channel: carried by the client and by the carer together
    assert out["handover_failures_channel_carrier_per_100_transitions"] == pytest.approx(100 * 4 / 9, **CLOSE)


# --------------------------------------------------------------------------- carers


@checks("carer_burnouts", "carer_burnout_per_carer_year")
def test_carer_burnout_per_carer_year_divides_by_carer_years(out):
    # 2 burnouts / 2.5 carer-years = 0.8 (per client-year it would be 2 / 10 = 0.2)
    assert out["carer_burnouts"] == 2
    assert out["carer_burnout_per_carer_year"] == pytest.approx(2 / 2.5, **CLOSE)
    assert out["carer_burnout_per_carer_year"] != pytest.approx(2 / CLIENT_YEARS)


@checks("carer_dropouts_per_carer_year")
def test_carer_dropouts_per_carer_year(out):
    # 1 carer-dropout transition / 2.5 carer-years = 0.4
    assert out["carer_dropouts_per_carer_year"] == pytest.approx(0.4, **CLOSE)


@checks("time_to_burnout_weeks_mean")
def test_time_to_burnout_from_the_last_entry_into_very_heavy(out):
    # carer 0: very heavy from week 1, burnout week 5: 4 weeks; carer 1: very heavy in week 3 but back to fairly
    # heavy in week 4, so its spell starts at overburdened in week 6, burnout week 9: 3 weeks; mean (4 + 3) / 2
    # (carer 2, very heavy in week 8 but no burnout, has no spell)
    assert out["time_to_burnout_weeks_mean"] == pytest.approx(3.5, **CLOSE)


@checks("carer_share_fairly_heavy", "carer_share_very_heavy", "carer_share_overburdened",
        "carer_share_heavily_burdened", "carer_share_not_or_somewhat")
def test_carer_burden_shares(out):
    # carer-weeks: 130 active, of which fairly heavy 2 * 13 = 26, very heavy 13, overburdened 13
    assert out["carer_share_fairly_heavy"] == pytest.approx(26 / 130, **CLOSE)   # 0.2
    assert out["carer_share_very_heavy"] == pytest.approx(13 / 130, **CLOSE)     # 0.1
    assert out["carer_share_overburdened"] == pytest.approx(13 / 130, **CLOSE)   # 0.1
    assert out["carer_share_heavily_burdened"] == pytest.approx(52 / 130, **CLOSE)  # (26 + 13 + 13) / 130 = 0.4
    assert out["carer_share_not_or_somewhat"] == pytest.approx(1 - 0.4, **CLOSE)


# --------------------------------------------------------------------------- complaints


@checks("complaints_closed", "complaint_fate_answered_share", "complaint_fate_answered_in_part_share",
        "complaint_fate_unanswered_share", "complaint_fate_given_up_share", "unanswered_complaint_share")
def test_unanswered_complaint_share_and_fates(out):
    # 8 closed: answered 2, answered in part 1, unanswered 3, given up 2
    assert out["complaints_closed"] == 8
    assert out["complaint_fate_answered_share"] == pytest.approx(2 / 8, **CLOSE)
    assert out["complaint_fate_answered_in_part_share"] == pytest.approx(1 / 8, **CLOSE)
    assert out["complaint_fate_unanswered_share"] == pytest.approx(3 / 8, **CLOSE)
    assert out["complaint_fate_given_up_share"] == pytest.approx(2 / 8, **CLOSE)
    # unanswered = no answer by the deadline or given up: (3 + 2) / 8 = 0.625
    assert out["unanswered_complaint_share"] == pytest.approx(0.625, **CLOSE)


@checks("complaints_per_100_client_years", "bounces_per_complaint", "time_to_answer_weeks_mean")
def test_complaint_counts_and_times(out):
    # 8 filed over 10 client-years: 100 * 8 / 10 = 80 per 100 client-years; 4 bounces / 8 filed = 0.5
    assert out["complaints_per_100_client_years"] == pytest.approx(80.0, **CLOSE)
    assert out["bounces_per_complaint"] == pytest.approx(0.5, **CLOSE)
    # answered complaints closed after 3 and 5 weeks: mean 4
    assert out["time_to_answer_weeks_mean"] == pytest.approx(4.0, **CLOSE)


# --------------------------------------------------------------------------- care, coordination, costs


@checks("unmet_need_weeks_per_client_year", "unmet_hours_share")
def test_unmet_need_weeks_per_client_year(out):
    # 3 clients with unmet need a week for 10 weeks = 30 client-weeks / 10 client-years = 3
    assert out["unmet_need_weeks_per_client_year"] == pytest.approx(3.0, **CLOSE)
    # 60 unmet hours of 600 needed: 0.1
    assert out["unmet_hours_share"] == pytest.approx(0.1, **CLOSE)


@checks("coordination_hours_per_client_year")
def test_coordination_hours_per_client_year(out):
    # 4.5 hours a week for 10 weeks = 45 hours / 10 client-years = 4.5
    assert out["coordination_hours_per_client_year"] == pytest.approx(4.5, **CLOSE)


@checks("cost_zvw_per_client_year", "cost_wlz_per_client_year", "cost_wmo_per_client_year",
        "cost_jeugdwet_per_client_year", "cost_payers_per_client_year", "cost_client_copay_per_client_year",
        "cost_informal_care_per_client_year")
def test_cost_payers_per_client_year(out):
    # the four payers over 10 weeks: Zvw 10 000, Wlz 2 000, Wmo 5 000, Jeugdwet 3 000 = 20 000 EUR / 10 client-years;
    # the clients' co-payments (1 300) and the shadow value of informal care (13 000) are no payer's cost
    assert out["cost_zvw_per_client_year"] == pytest.approx(1000.0, **CLOSE)
    assert out["cost_wlz_per_client_year"] == pytest.approx(200.0, **CLOSE)
    assert out["cost_wmo_per_client_year"] == pytest.approx(500.0, **CLOSE)
    assert out["cost_jeugdwet_per_client_year"] == pytest.approx(300.0, **CLOSE)
    assert out["cost_payers_per_client_year"] == pytest.approx(2000.0, **CLOSE)
    assert out["cost_client_copay_per_client_year"] == pytest.approx(130.0, **CLOSE)   # 100 * 13 / 10
    assert out["cost_informal_care_per_client_year"] == pytest.approx(1300.0, **CLOSE)  # 1000 * 13 / 10


@checks("budget_carer_pay_per_client_year", "budget_fraud_per_client_year", "budgets_withdrawn_per_100_client_years",
        "professionals_kept_per_100_client_years", "regie_passes_per_100_client_years")
def test_budget_and_regie_outcomes(out):
    # over 10 weeks: 400 EUR paid to carers and 50 lost, per 10 client-years (both part of the Wmo cost above);
    # 2 budgets withdrawn, 3 professionals kept, 2 passes of regie: per 100 client-years = x 10
    assert out["budget_carer_pay_per_client_year"] == pytest.approx(40.0, **CLOSE)
    assert out["budget_fraud_per_client_year"] == pytest.approx(5.0, **CLOSE)
    assert out["budgets_withdrawn_per_100_client_years"] == pytest.approx(20.0, **CLOSE)
    assert out["professionals_kept_per_100_client_years"] == pytest.approx(30.0, **CLOSE)
    assert out["regie_passes_per_100_client_years"] == pytest.approx(20.0, **CLOSE)


# --------------------------------------------------------------------------- reach


REACH_SHARES = {  # clients a week / 40 clients a week (the 13 weeks cancel)
    "policy_reach_share": 30 / 40,
    "reach_digital_plan_share": 0.4, "not_reached_digital_plan_no_consent_share": 0.3,
    "not_reached_digital_plan_cannot_use_share": 0.25, "not_reached_digital_plan_not_enrolled_share": 0.05,
    "reach_proxy_share": 0.15, "not_reached_proxy_holds_regie_share": 0.35,
    "not_reached_proxy_does_not_wish_share": 0.375,
    "not_reached_proxy_no_carer_share": 0.075, "not_reached_proxy_not_registered_share": 0.05,
    "reach_regiebehandelaar_share": 0.45, "not_reached_regiebehandelaar_holds_regie_share": 0.35,
    "not_reached_regiebehandelaar_has_proxy_share": 0.15,
    "not_reached_regiebehandelaar_no_lead_professional_share": 0.025,
    "not_reached_regiebehandelaar_not_enrolled_share": 0.025,
}
PGB_REACH = ("reach_integral_pgb_share", "not_reached_integral_pgb_no_holder_share",
             "not_reached_integral_pgb_withdrawn_share")


@checks(*REACH_SHARES, *PGB_REACH)
def test_reach_shares_of_client_weeks(out):
    """Shares of the 520 client-weeks; a block the policy lacks (the integral pgb) has none: NaN."""
    for name, share in REACH_SHARES.items():
        assert out[name] == pytest.approx(share, **CLOSE), name
    assert all(np.isnan(out[name]) for name in PGB_REACH)


# --------------------------------------------------------------------------- the other outcomes, one table

# The fixture's counts, read off tiny_log() and tiny_series() by hand (CY = 10 client-years, KY = 2.5 carer-years):
#   transitions T = 9: admission 1 (ref 2), discharge 2 (refs 0, 1), referral 2 (refs 4, 5), professional_leaving 1
#     (ref 6), carer_dropout 1 (ref 3), contact 2 (refs 7, 8)
#   failed items F = 12, by the kind of their transition: admission 0, discharge 3, referral 2 (one each),
#     professional_leaving 1, carer_dropout 2, contact 4 (both items of both)
#   delivered items D = 10, by first-arriving channel: plan 2 (discharge 1, leaving 6), direct_digital 4 (admission 2
#     twice, referrals 4 and 5), coordinator 1 (discharge 0), direct_paper 2 (discharge 0 twice), carrier 1 (dropout 3)
#   items I = F + D = 22
#   harm 5: medication_error 3 (discharge 0, contacts 7 and 8), readmission 2 (dropout 3); story_repeated 4
#   request 7 accepted (and 2 request_refused, no request event); contradiction 6; overload_signalled 3 (carers 0-2)
#   series, summed over 13 weeks: carers_active 130 carer-weeks; carer_care_hours 120 * 13 = 1560;
#     carer_regelwerk_hours 12 * 13 = 156; budget_admin_hours 3 * 13 = 39; clients_home 36 * 13 = 468 client-weeks,
#     arranger_nobody 2 * 13 = 26; over 10 weeks: advice_pairs 80, aligned_pairs 60, recording_hours 15
#   carer hours by kind over 13 weeks: usual 50 * 13 = 650, gap 40 * 13 = 520, presence 260, practical 130
#     (together the 1560 of carer_care_hours); clients_wlz_home 4 * 13 = 52 client-weeks
#   client_exit 10: death 3, institution 2, recovery 1, turned_18 4; client_entry 5; wlz_indicated at_home 6,
#     institution 2; carer_replaced 1
#   regelwerk hours by kind: desk 2, mandate 0.75, waiting 1.5, carrying 0.5, budget_admin 39
EXPECTED: dict[str, tuple[float, str]] = {
    # transitions and handovers
    "transitions_per_client_year": (9 / CLIENT_YEARS, "9 transitions / 10 client-years"),
    "handover_failures": (12, "F = 12 failed items"),
    "handover_failures_per_client_year": (12 / CLIENT_YEARS, "12 failed items / 10 client-years"),
    "transitions_admission": (1, "ref 2"),
    "transitions_discharge": (2, "refs 0, 1"),
    "transitions_referral": (2, "refs 4, 5"),
    "transitions_professional_leaving": (1, "ref 6"),
    "transitions_carer_dropout": (1, "ref 3"),
    "transitions_contact": (2, "refs 7, 8"),
    "handover_failures_per_100_referral": (100 * 2 / 2, "100 * 2 failed items / 2 referrals"),
    "handover_failures_per_100_professional_leaving": (100 * 1 / 1, "100 * 1 failed item / 1 leaving"),
    "handover_failures_per_100_carer_dropout": (100 * 2 / 1, "100 * 2 failed items / 1 carer dropout"),
    "handover_failures_per_100_contact": (100 * 4 / 2, "100 * 4 failed items / 2 contacts"),
    # delivered items by the first-arriving channel, as a share of all items (delivered and failed: ODD, I = F + D)
    "handover_delivered_by_plan_share": (2 / 22, "2 delivered by the plan / 22 items"),
    "handover_delivered_by_direct_digital_share": (4 / 22, "4 delivered digitally / 22 items"),
    "handover_delivered_by_coordinator_share": (1 / 22, "1 delivered by the coordinator / 22 items"),
    "handover_delivered_by_direct_paper_share": (2 / 22, "2 delivered on paper / 22 items"),
    "handover_delivered_by_in_person_share": (0.0, "nothing told in person / 22 items"),
    "handover_delivered_by_carried_by_client_share": (0.0, "nothing carried by a client / 22 items"),
    "handover_delivered_by_carried_by_carer_share": (1 / 22, "1 carried by a carer / 22 items"),
    "handover_delivered_by_carrier_share": (1 / 22, "1 delivered by a carrier (client or carer) / 22 items"),
    "handover_failures_channel_carrier_per_100_transitions": (100 * 4 / 9, "100 * 4 carried items failed / 9"),
    # what failed items caused
    "harm_events": (5, "3 medication errors + 2 readmissions"),
    "harm_per_100_transitions": (100 * 5 / 9, "100 * 5 harms / 9 transitions (per 100 items: 100 * 5 / 22)"),
    "medication_error_per_client_year": (3 / CLIENT_YEARS, "3 medication errors / 10 client-years"),
    "readmission_per_client_year": (2 / CLIENT_YEARS, "2 readmissions / 10 client-years"),
    "story_repeats_per_client_year": (4 / CLIENT_YEARS, "4 stories repeated / 10 client-years"),
    "crisis_admissions_per_client_year": (1 / CLIENT_YEARS, "1 admission transition / 10 client-years"),
    # carers: counts, and hours per active carer-week (Σ hours / Σ carers_active = 130 carer-weeks)
    "carer_dropouts": (1, "1 carer_dropout transition (ref 3)"),
    "carer_care_hours_per_week": (1560 / 130, "1560 hours / 130 carer-weeks (per client-week: 1560 / 520)"),
    "carer_regelwerk_hours_per_week": (156 / 130, "156 hours / 130 carer-weeks"),
    "carer_budget_admin_hours_per_week": (39 / 130, "39 hours / 130 carer-weeks"),
    "overload_signals_per_carer_year": (3 / CARER_YEARS, "3 overload signals / 2.5 carer-years"),
    # carer hours by kind, per active carer-week like carer_care_hours_per_week (the four add up to 12)
    "carer_usual_hours_per_week": (650 / 130, "650 hours of usual care / 130 carer-weeks"),
    "carer_gap_hours_per_week": (520 / 130, "520 hours filling gaps / 130 carer-weeks"),
    "carer_presence_hours_per_week": (260 / 130, "260 hours of presence / 130 carer-weeks"),
    "carer_practical_hours_per_week": (130 / 130, "130 hours of practical tasks / 130 carer-weeks"),
    # regelwerk by kind, from the regelwerk events, per active carer-year
    "carer_regelwerk_desk_hours_per_carer_year": (2 / CARER_YEARS, "1.5 + 0.5 hours / 2.5 carer-years"),
    "carer_regelwerk_mandate_hours_per_carer_year": (0.75 / CARER_YEARS, "0.75 hours / 2.5 carer-years"),
    "carer_regelwerk_waiting_hours_per_carer_year": (1.5 / CARER_YEARS, "3 * 0.5 hours / 2.5 carer-years"),
    "carer_regelwerk_carrying_hours_per_carer_year": (0.5 / CARER_YEARS, "2 * 0.25 hours / 2.5 carer-years"),
    "carer_regelwerk_budget_admin_hours_per_carer_year": (
        39 / CARER_YEARS, "13 * 3 hours / 2.5 carer-years (= 52 * carer_budget_admin_hours_per_week, 52 * 39 / 130)"),
    # complaints
    "complaints_filed": (8, "8 complaint_filed events"),
    # arranging, advice, recording
    "nobody_arranging_share": (26 / 468, "26 client-weeks nobody arranging / 468 client-weeks at home (not / 520)"),
    # the code counts accepted requests only (``request`` events; since the ``request_refused`` event exists the
    # refused ones are not requests), although ODD §4 still says "including requests a desk turned away"
    "requests_per_client_year": (7 / CLIENT_YEARS, "7 accepted requests / 10 client-years (2 refused not counted)"),
    "contradictions_per_client_year": (6 / CLIENT_YEARS, "6 contradictions / 10 client-years"),
    "advice_aligned_share": (60 / 80, "60 aligned pairs / 80 advising pairs"),
    "recording_hours_per_client_year": (15 / CLIENT_YEARS, "1.5 hours a week * 10 weeks / 10 client-years"),
    # who enters and leaves: per 100 client-years (CY = 10), carer replacements per 100 carer-years (KY = 2.5)
    "exits_death_per_100_client_years": (100 * 3 / CLIENT_YEARS, "100 * 3 deaths / 10 client-years"),
    "exits_institution_per_100_client_years": (100 * 2 / CLIENT_YEARS, "100 * 2 institution moves / 10"),
    "exits_recovery_per_100_client_years": (100 * 1 / CLIENT_YEARS, "100 * 1 recovery / 10 client-years"),
    "exits_turned_18_per_100_client_years": (100 * 4 / CLIENT_YEARS, "100 * 4 children turning 18 / 10"),
    "entries_per_100_client_years": (100 * 5 / CLIENT_YEARS, "100 * 5 entries / 10 client-years"),
    "wlz_home_indications_per_100_client_years": (
        100 * 6 / CLIENT_YEARS, "100 * 6 indications at home (not the 2 for an institution) / 10 client-years"),
    "wlz_home_client_share": (52 / 468, "52 client-weeks at home with Wlz / 468 client-weeks at home (not / 520)"),
    "carer_replacements_per_100_carer_years": (
        100 * 1 / CARER_YEARS, "100 * 1 replacement / 2.5 carer-years (per 100 client-years it would be 10)"),
}


@checks(*EXPECTED)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_outcome_by_hand(out, name):
    value, arithmetic = EXPECTED[name]
    assert out[name] == pytest.approx(value, **CLOSE), f"{name}: by hand {arithmetic} = {value}"


# --------------------------------------------------------------------------- the inspectorate's themes
# ODD §4 and sim/outcomes.py: each theme is 100 * the mean of its 0-1 indicators, each clipped to 0-1, NaN
# indicators left out. In this fixture every indicator lies inside 0-1 and none is NaN (asserted), so each theme is
# the plain mean of the hand-computed indicators.


def theme(*indicators: float) -> float:
    assert all(0 < v < 1 for v in indicators), indicators  # nothing clipped, nothing left out
    return 100 * sum(indicators) / len(indicators)


@checks("theme_client_central")
def test_theme_client_central(out):
    # 100 * mean of [1 - unmet weeks per client-year / 52, 1 - nobody_arranging_share, 1 - story repeats per
    # transition]
    unmet = 1 - (30 / 10) / 52   # 30 unmet client-weeks / 10 client-years = 3 a client-year, of 52 weeks
    nobody = 1 - 26 / 468        # 26 of 468 client-weeks at home nobody arranging
    story = 1 - 4 / 9            # 4 stories repeated / 9 transitions
    assert out["theme_client_central"] == pytest.approx(theme(unmet, nobody, story), **CLOSE)


@checks("theme_informal_care")
def test_theme_informal_care(out):
    # 100 * mean of [1 - heavily burdened share, 1 - sidelined share, 1 - carer dropouts per carer-year]
    burdened = 1 - (26 + 13 + 13) / 130  # fairly + very heavy + overburdened carer-weeks / active carer-weeks
    sidelined = 1 - 1 / 2                # 1 failed of the 2 items meant for a carer
    dropouts = 1 - 1 / 2.5               # 1 carer dropout / 2.5 carer-years
    assert out["theme_informal_care"] == pytest.approx(theme(burdened, sidelined, dropouts), **CLOSE)


@checks("theme_integrated_care")
def test_theme_integrated_care(out):
    # 100 * mean of [advice_aligned_share, 1 - handover_failure_share]
    aligned = 60 / 80       # 60 aligned of 80 advising pairs
    handed = 1 - 12 / 22    # 12 failed of 22 items
    assert out["theme_integrated_care"] == pytest.approx(theme(aligned, handed), **CLOSE)


@checks("theme_safety")
def test_theme_safety(out):
    # 100 * mean of [1 - harm per transition, 1 - crisis admissions per client-year / 4]
    harm = 1 - 5 / 9               # 5 harms / 9 transitions
    crisis = 1 - (1 / 10) / 4      # 1 admission / 10 client-years = 0.1 a client-year, of 4
    assert out["theme_safety"] == pytest.approx(theme(harm, crisis), **CLOSE)


# --------------------------------------------------------------------------- distinct transitions, additivity


def small_log(ref0: int = 0) -> EventLog:
    """Three referrals (refs ref0 .. ref0 + 2): the first with two failed items, the second with only delivered
    items, the third with one failed and one delivered item; and one event of each new kind."""
    log = EventLog()
    refs = np.arange(ref0, ref0 + 3)
    log.record("transition", np.array([0, 1, 2]), detail=V.REFERRAL, ref=refs)
    log.record("handover_failed", np.array([0, 0]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]),
               role=V.SPECIALIST, channel=V.DIRECT_PAPER, ref=refs[0])
    log.record("handover_delivered", np.array([1, 1]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]),
               role=V.SPECIALIST, channel=V.DIRECT_DIGITAL, ref=refs[1])
    log.record("handover_delivered", np.array([2]), detail=V.MEDICATION, role=V.SPECIALIST, channel=V.PLAN,
               ref=refs[2])
    log.record("handover_failed", np.array([2]), detail=V.EXPECTATIONS, role=V.SPECIALIST, channel=V.PLAN,
               ref=refs[2])
    return log


def small_series(weeks: int, carers: int) -> dict:
    s = StepSeries(weeks, N_PROFILES)
    for week in range(weeks):
        s.record(week, "clients_home", HOME_PROFILES[:4], 1.0)
        s.record(week, "clients_wlz_home", HOME_PROFILES[:1], 1.0)
        s.record(week, "carers_active", CARER_PROFILES[:carers], 1.0)
        s.record(week, "carer_care_hours", CARER_PROFILES[:carers], 10.0)
        s.record(week, "carer_gap_hours", CARER_PROFILES[:carers], 10.0)
    return s.totals()


def test_a_transition_with_two_failed_items_counts_once_and_one_with_only_delivered_items_not():
    out = outcomes_from_records(small_log().arrays(), small_series(13, 2))
    # referral 0 (two failed items) once, referral 1 (only delivered) not, referral 2 (one failed) once: 2 / 3
    assert out["transitions_with_failed_handover_share"] == pytest.approx(2 / 3, **CLOSE)
    assert out["transitions_with_failed_handover_share_referral"] == pytest.approx(2 / 3, **CLOSE)
    assert out["handover_failures_per_100_transitions"] == pytest.approx(100 * 3 / 3, **CLOSE)  # items: 3 / 3
    # kinds without transitions are undefined
    assert np.isnan(out["transitions_with_failed_handover_share_discharge"])


def two_logs() -> tuple[dict, dict, dict, dict]:
    """Two independent logs and series (the second's transition refs past the first's, as in a run sharded by
    municipality whose records are put together), each with every new event kind, in different numbers."""
    a, b = small_log(0), small_log(4)
    # a: one more transition (a discharge, ref 3) whose two items both fail; b: two discharges (refs 7, 8) whose
    # items are delivered
    a.record("transition", np.array([5]), detail=V.DISCHARGE, ref=3)
    a.record("handover_failed", np.array([5, 5]), detail=V.MEDICATION, role=np.array([V.GP, CARER_ROLE]),
             channel=V.NO_CHANNEL, ref=3)
    b.record("transition", np.array([5, 6]), detail=V.DISCHARGE, ref=np.array([7, 8]))
    b.record("handover_delivered", np.array([5, 6]), detail=V.MEDICATION, role=V.GP, channel=V.PLAN,
             ref=np.array([7, 8]))
    a.record("client_exit", np.array([0, 1, 2]), detail=np.array([V.DEATH, V.DEATH, V.RECOVERY]), value=80)
    b.record("client_exit", np.array([0, 1]), detail=np.array([V.INSTITUTION, V.TURNED_18]), value=18)
    a.record("client_entry", np.array([6]), value=70)
    b.record("client_entry", np.array([6, 7]), value=70)
    a.record("wlz_indicated", np.array([3]), detail=0)
    b.record("wlz_indicated", np.array([3, 0]), detail=np.array([0, 1]))
    b.record("carer_replaced", np.array([5]), actor=9)
    a.record("regelwerk", np.array([0, 1]), detail=np.array([V.DESK, V.CARRYING]), actor=0,
             value=np.array([1.5, 0.25]), ref=np.array([0, 1]))
    b.record("regelwerk", np.array([0, 1, 2]), detail=np.array([V.DESK, V.MANDATE, V.BUDGET_ADMIN]), actor=1,
             value=np.array([0.5, 0.75, 3.0]), ref=np.array([4, 5, -1]))
    return a.arrays(), small_series(13, 2), b.arrays(), small_series(26, 3)


def concatenated(la: dict, sa: dict, lb: dict, sb: dict) -> tuple[dict, dict]:
    log = {name: np.concatenate([la[name], lb[name]]) for name in la}
    weeks = max(len(sa["clients_home"]), len(sb["clients_home"]))
    pad = lambda x: np.pad(x, (0, weeks - len(x)))  # noqa: E731
    return log, {name: pad(sa[name]) + pad(sb[name]) for name in sa}


def test_the_new_tallies_add_up_over_two_logs():
    la, sa, lb, sb = two_logs()
    ta, tb = tallies_from_records(la, sa), tallies_from_records(lb, sb)
    log, series = concatenated(la, sa, lb, sb)
    together = tallies_from_records(log, series)
    summed = add_tallies(ta, tb)
    assert list(summed) == list(together) == list(TALLY_NAMES)
    for name in TALLY_NAMES:
        value = together[name]
        assert type(value) is (float if name in SUM_TALLIES else int) and np.isfinite(value) and value >= 0, name
        assert summed[name] == pytest.approx(value, rel=1e-12, abs=1e-12), name
    # the new tallies by hand: a has 3 of 4 transitions with a failure (referrals 0 and 2, the discharge), b 2 of 5
    assert (ta["transitions_with_failed_handover"], tb["transitions_with_failed_handover"]) == (3, 2)
    assert summed["transitions_with_failed_handover_referral"] == 4
    assert summed["transitions_with_failed_handover_discharge"] == 1
    assert [summed[f"exits_{r}"] for r in V.EXIT_REASONS] == [2, 1, 1, 1]
    assert (summed["wlz_indicated_at_home"], summed["wlz_indicated_institution"]) == (2, 1)
    assert (summed["events_client_entry"], summed["events_carer_replaced"]) == (3, 1)
    assert [summed[f"regelwerk_hours_{k}"] for k in V.REGELWERK_KINDS] == [2.0, 0.75, 0.0, 0.25, 3.0]
    # the outcomes of the summed tallies are those of the concatenated log
    out, direct = outcomes_from_tallies(summed), outcomes_from_records(log, series)
    assert list(out) == list(direct)
    for name in OUTCOME_NAMES:
        assert out[name] == pytest.approx(direct[name], rel=1e-12, nan_ok=True), name
    # and by hand: client-years (4 * 13 + 4 * 26) / 52 = 3, carer-years (2 * 13 + 3 * 26) / 52 = 2
    assert out["client_years"] == pytest.approx(3.0) and out["carer_years"] == pytest.approx(2.0)
    assert out["transitions_with_failed_handover_share"] == pytest.approx(5 / 9, **CLOSE)
    assert out["transitions_with_failed_handover_share_referral"] == pytest.approx(4 / 6, **CLOSE)
    assert out["transitions_with_failed_handover_share_discharge"] == pytest.approx(1 / 3, **CLOSE)
    assert out["exits_death_per_100_client_years"] == pytest.approx(100 * 2 / 3, **CLOSE)
    assert out["entries_per_100_client_years"] == pytest.approx(100 * 3 / 3, **CLOSE)
    assert out["wlz_home_indications_per_100_client_years"] == pytest.approx(100 * 2 / 3, **CLOSE)
    assert out["wlz_home_client_share"] == pytest.approx((13 + 26) / (4 * 13 + 4 * 26), **CLOSE)  # 39 / 156
    assert out["carer_replacements_per_100_carer_years"] == pytest.approx(100 * 1 / 2, **CLOSE)
    assert out["carer_gap_hours_per_week"] == pytest.approx(10.0, **CLOSE)
    assert out["carer_regelwerk_desk_hours_per_carer_year"] == pytest.approx(2.0 / 2, **CLOSE)
    # pooled, not averaged: the mean of the two logs' shares would be (3/4 + 2/5) / 2 = 0.575, the mean of their
    # death rates (100 * 2 / 1 + 100 * 0 / 2) / 2 = 100
    assert out["transitions_with_failed_handover_share"] != pytest.approx(0.575)
    assert out["exits_death_per_100_client_years"] != pytest.approx(100.0)


def test_regelwerk_hours_must_be_finite_and_not_negative():
    log = small_log()
    log.record("regelwerk", np.array([0]), detail=V.DESK, actor=0)  # value left at its default, NaN
    with pytest.raises(ValueError, match="regelwerk events have hours nan"):
        tallies_from_records(log.arrays(), small_series(13, 2))


def test_tallies_do_not_depend_on_the_chunk_size(monkeypatch):
    """The tallies pass over long logs a chunk of rows at a time; sums and counts come out exactly as in one pass."""
    import sim.outcomes
    log = small_log()
    rng = np.random.default_rng(3)
    n = 50
    log.record("regelwerk", np.zeros(n, np.int32), detail=rng.integers(0, len(V.REGELWERK_KINDS), n), actor=0,
               value=rng.random(n).astype(np.float32) * 3)
    whole = tallies_from_records(log.arrays(), small_series(13, 2))
    monkeypatch.setattr(sim.outcomes, "_CHUNK", 7)
    assert tallies_from_records(log.arrays(), small_series(13, 2)) == whole


# --------------------------------------------------------------------------- the guard


def test_every_outcome_is_checked_by_hand(out):
    unchecked = [name for name in OUTCOME_NAMES if name not in CHECKED]
    unknown = sorted(set(CHECKED) - set(OUTCOME_NAMES))
    assert not unchecked, f"outcomes with no hand computation here (add them to EXPECTED or a test): {unchecked}"
    assert not unknown, f"checked here but not in sim.outcomes.OUTCOME_NAMES (renamed or removed?): {unknown}"
    assert list(out) == list(OUTCOME_NAMES)  # the fixture's outcomes are exactly the outcomes named
