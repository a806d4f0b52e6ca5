"""Each headline and summary outcome formula against a hand computation on a tiny event log (``sim/outcomes.py``).

Until now the outcome formulas were guarded only by the outcome snapshot of whole runs: a denominator swapped
(burnouts per client-year instead of per carer-year, failures per item instead of per transition) changes every
number in the snapshot at once and would be re-baselined as "model changed". Here a handful of hand-chosen events
are recorded in a real :class:`sim.observe.EventLog` (so the columns and dtypes are exactly those of a run) and a
13-week :class:`sim.observe.StepSeries` is filled with round numbers; ``outcomes_from_records`` must give the values
computed by hand in each test. The fixture's client-years (10) and carer-years (2.5) differ, so a rate divided by
the wrong one is caught.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import vocabulary as V
from sim.observe import CARER_ROLE, EventLog, StepSeries
from sim.outcomes import HEADLINE, outcomes_from_records

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


def tiny_log() -> dict:
    """Four transitions with ten handover items (three failed), two burnouts with their strain history, one
    carer dropout, and eight complaints with each ending."""
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
    # discharge 1: medication to the GP delivered by the plan; medication to the carer and expectations to the GP failed
    log.record("handover_delivered", np.array([1]), detail=V.MEDICATION, role=V.GP, channel=V.PLAN, ref=1)
    log.record("handover_failed", np.array([1, 1]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]),
               role=np.array([CARER_ROLE, V.GP]), channel=np.array([V.NO_CHANNEL, V.DIRECT_PAPER]), ref=1)
    # admission 2: both items delivered digitally
    log.record("handover_delivered", np.array([2, 2]), detail=np.array([V.MEDICATION, V.EXPECTATIONS]),
               role=np.array([V.SPECIALIST, V.DISTRICT_NURSE]), channel=V.DIRECT_DIGITAL, ref=2)
    # carers' strain, in the order it happens: carer 0 (client 0) very heavy in week 1, overburdened in week 2,
    # burnout in week 5; carer 1 (client 1) fairly heavy in week 0, very heavy in week 3, back to fairly heavy in
    # week 4, overburdened in week 6, burnout in week 9
    strain_history = (  # (week, event, client, carer, category)
        (0, "strain_category", 1, 1, 1),
        (1, "strain_category", 0, 0, 2),
        (2, "strain_category", 0, 0, 3),
        (3, "strain_category", 1, 1, 2),
        (4, "strain_category", 1, 1, 1),
        (5, "burnout", 0, 0, 0),
        (6, "strain_category", 1, 1, 3),
        (9, "burnout", 1, 1, 0),
    )
    for week, event, client, carer, category in strain_history:
        log.week = week
        log.record(event, np.array([client]), detail=category, actor=carer)
    # week 10: carer 1 drops out (ref 3), its one home-situation item to the GP is carried and delivered
    log.week = 10
    log.record("transition", np.array([1]), detail=V.CARER_DROPOUT, ref=3, actor=1)
    log.record("handover_delivered", np.array([1]), detail=V.HOME_SITUATION, role=V.GP, channel=V.CARRIER, ref=3)
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
        s.record(week, "cost_client", np.array([0]), 100.0)              # co-payments: not a payer's cost
        s.record(week, "cost_informal", np.array([0]), 1000.0)           # shadow value: not a payer's cost
        if week < 10:
            s.record(week, "clients_unmet", HOME_PROFILES[:3], 1.0)      # 3 clients a week
            s.record(week, "unmet_hours", HOME_PROFILES[:3], 2.0)        # 6 hours a week
            s.record(week, "need_hours", HOME_PROFILES[:30], 2.0)        # 60 hours a week
            s.record(week, "coordination_hours", np.array([1, 2]), 2.25)  # 4.5 hours a week
            s.record(week, "cost_zvw", np.array([0, 1]), 500.0)          # 1000 EUR a week
            s.record(week, "cost_wlz", np.array([2]), 200.0)             # 200
            s.record(week, "cost_wmo", np.array([0, 3]), 250.0)          # 500
            s.record(week, "cost_jeugdwet", np.array([2]), 300.0)        # 300
    return s.totals()


@pytest.fixture(scope="module")
def out() -> dict:
    return outcomes_from_records(tiny_log(), tiny_series())


def test_fixture_years(out):
    assert out["client_years"] == pytest.approx(10.0, **CLOSE)  # 520 client-weeks / 52
    assert out["carer_years"] == pytest.approx(2.5, **CLOSE)    # 130 carer-weeks / 52
    assert CLIENT_YEARS != CARER_YEARS
    assert set(HEADLINE) <= set(out)


# --------------------------------------------------------------------------- handovers


def test_handover_failures_per_100_transitions(out):
    # 3 failed items over 4 transitions (2 discharges, 1 admission, 1 carer dropout): 100 * 3 / 4 = 75
    assert out["transitions"] == 4
    assert out["handover_failures_per_100_transitions"] == pytest.approx(75.0, **CLOSE)


def test_handover_failure_share(out):
    # 3 failed of 3 + 7 items: 0.3
    assert out["handover_items"] == 10
    assert out["handover_failure_share"] == pytest.approx(0.3, **CLOSE)


def test_handover_failures_by_transition_kind_and_to_the_carer(out):
    # all 3 failures belong to the 2 discharges: 100 * 3 / 2 = 150 per 100 discharges; none of the admission's
    assert out["handover_failures_per_100_discharge"] == pytest.approx(150.0, **CLOSE)
    assert out["handover_failures_per_100_admission"] == pytest.approx(0.0, **CLOSE)
    # discharge medication items: delivered 3 (GP and carer of discharge 0, GP of discharge 1), failed 2: 3 / 5
    assert out["discharge_medication_complete_share"] == pytest.approx(0.6, **CLOSE)
    # items meant for a carer: 1 delivered, 1 failed: 1 / 2
    assert out["carer_sidelined_share"] == pytest.approx(0.5, **CLOSE)
    # failures per 100 transitions by the first channel open to them: coordinator 1, direct paper 1, none 1
    for channel in ("coordinator", "direct_paper", "none"):
        assert out[f"handover_failures_channel_{channel}_per_100_transitions"] == pytest.approx(25.0, **CLOSE)


# --------------------------------------------------------------------------- carers


def test_carer_burnout_per_carer_year_divides_by_carer_years(out):
    # 2 burnouts / 2.5 carer-years = 0.8 (per client-year it would be 2 / 10 = 0.2)
    assert out["carer_burnouts"] == 2
    assert out["carer_burnout_per_carer_year"] == pytest.approx(2 / 2.5, **CLOSE)
    assert out["carer_burnout_per_carer_year"] != pytest.approx(2 / CLIENT_YEARS)


def test_carer_dropouts_per_carer_year(out):
    # 1 carer-dropout transition / 2.5 carer-years = 0.4
    assert out["carer_dropouts_per_carer_year"] == pytest.approx(0.4, **CLOSE)


def test_time_to_burnout_from_the_last_entry_into_very_heavy(out):
    # carer 0: very heavy from week 1, burnout week 5: 4 weeks; carer 1: very heavy in week 3 but back to fairly
    # heavy in week 4, so its spell starts at overburdened in week 6, burnout week 9: 3 weeks; mean (4 + 3) / 2
    assert out["time_to_burnout_weeks_mean"] == pytest.approx(3.5, **CLOSE)


def test_carer_burden_shares(out):
    # carer-weeks: 130 active, of which fairly heavy 2 * 13 = 26, very heavy 13, overburdened 13
    assert out["carer_share_fairly_heavy"] == pytest.approx(26 / 130, **CLOSE)   # 0.2
    assert out["carer_share_very_heavy"] == pytest.approx(13 / 130, **CLOSE)     # 0.1
    assert out["carer_share_overburdened"] == pytest.approx(13 / 130, **CLOSE)   # 0.1
    assert out["carer_share_heavily_burdened"] == pytest.approx(52 / 130, **CLOSE)  # (26 + 13 + 13) / 130 = 0.4
    assert out["carer_share_not_or_somewhat"] == pytest.approx(1 - 0.4, **CLOSE)


# --------------------------------------------------------------------------- complaints


def test_unanswered_complaint_share_and_fates(out):
    # 8 closed: answered 2, answered in part 1, unanswered 3, given up 2
    assert out["complaints_closed"] == 8
    assert out["complaint_share_answered"] == pytest.approx(2 / 8, **CLOSE)
    assert out["complaint_share_answered_in_part"] == pytest.approx(1 / 8, **CLOSE)
    assert out["complaint_share_unanswered"] == pytest.approx(3 / 8, **CLOSE)
    assert out["complaint_share_given_up"] == pytest.approx(2 / 8, **CLOSE)
    # unanswered = no answer by the deadline or given up: (3 + 2) / 8 = 0.625
    assert out["unanswered_complaint_share"] == pytest.approx(0.625, **CLOSE)


def test_complaint_counts_and_times(out):
    # 8 filed over 10 client-years: 100 * 8 / 10 = 80 per 100 client-years; 4 bounces / 8 filed = 0.5
    assert out["complaints_per_100_client_years"] == pytest.approx(80.0, **CLOSE)
    assert out["bounces_per_complaint"] == pytest.approx(0.5, **CLOSE)
    # answered complaints closed after 3 and 5 weeks: mean 4
    assert out["time_to_answer_weeks_mean"] == pytest.approx(4.0, **CLOSE)


# --------------------------------------------------------------------------- care, coordination, costs


def test_unmet_need_weeks_per_client_year(out):
    # 3 clients with unmet need a week for 10 weeks = 30 client-weeks / 10 client-years = 3
    assert out["unmet_need_weeks_per_client_year"] == pytest.approx(3.0, **CLOSE)
    # 60 unmet hours of 600 needed: 0.1
    assert out["unmet_hours_share"] == pytest.approx(0.1, **CLOSE)


def test_coordination_hours_per_client_year(out):
    # 4.5 hours a week for 10 weeks = 45 hours / 10 client-years = 4.5
    assert out["coordination_hours_per_client_year"] == pytest.approx(4.5, **CLOSE)


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
