"""Outcomes, computed only from the recorded observations, by way of additive tallies.

Two steps, each a pure function of its input:

1. :func:`tallies_from_records` takes the event-log columns and the per-step
   series totals (exactly what ``events.parquet`` and ``steps.parquet`` hold)
   and returns the run's *tallies*: counts and sums only, named in
   :data:`TALLY_NAMES`. Tallies are additive: the tallies of two independent
   models (two municipalities of a run sharded by municipality, see
   :mod:`sim.municipalities`) added key by key (:func:`add_tallies`,
   :func:`sum_tallies`) are the tallies of both together.
2. :func:`outcomes_from_tallies` computes every outcome by name (mostly ratios)
   from tallies alone.

:func:`outcomes_from_records` is the two in a row, :func:`compute_tallies` and
:func:`compute_outcomes` apply them to a model. Nothing here reads model state,
so an outcome can always be traced back to the events and series it comes from.

Weekly series of a run (for fan charts): :func:`weekly_sums` takes a few series week by week
(:data:`WEEKLY_SUMS`, additive over municipalities like the tallies), :func:`weekly_ratios` makes the weekly
ratios of them (:data:`WEEKLY_RATIOS`: the mean strain of active carers, the share of need hours unmet).

Tallies (ints are counts, floats are sums; every value is finite and >= 0):

* ``series_<s>`` (float), for each series ``s`` of :data:`sim.observe.SERIES`:
  the series summed over weeks and profiles (client-weeks, carer-weeks, hours,
  EUR, as the series; the week counts are whole numbers);
* ``events_<e>`` (int), for each event ``e`` of ``vocabulary.EVENTS``: events recorded;
* ``transitions_<k>`` (int): transitions of kind ``k`` (``vocabulary.TRANSITIONS``);
* ``handover_failed_<k>`` (int): failed handover items of transitions of kind ``k``;
* ``transitions_with_failed_handover`` (int): transitions with at least one failed handover item (distinct
  ``ref`` values of the ``handover_failed`` events; a transition's items are all in the log of the model that
  made it, so the count adds up over models); ``transitions_with_failed_handover_<k>`` (int): the same for
  transitions of kind ``k``;
* ``handover_failed_channel_<c>``, ``handover_delivered_channel_<c>`` (int), for
  each channel ``c`` (``vocabulary.CHANNELS``): failed items by the first channel
  open to them, delivered items by the first-arriving channel;
* ``handover_failed_to_carer``, ``handover_delivered_to_carer`` (int): items meant for a carer;
* ``discharge_medication_delivered``, ``discharge_medication_failed`` (int):
  medication items of discharge transitions;
* ``harm_<h>`` (int), for each harm kind ``h`` (``vocabulary.HARMS``);
* ``complaints_closed_<end>`` (int), for each end (``vocabulary.COMPLAINT_ENDS``);
* ``complaint_answered_weeks_sum`` (float): weeks from filing to closing, summed
  over the complaints closed ``answered`` (counted in ``complaints_closed_answered``);
* ``burnout_spells`` (int) and ``burnout_spell_weeks_sum`` (float): burnouts whose
  spell start is in the log (the carer's last entry into ``very_heavy`` or worse),
  and the weeks from that start to the burnout, summed over them;
* ``exits_<r>`` (int), for each exit reason ``r`` (``vocabulary.EXIT_REASONS``): ``client_exit`` events;
* ``wlz_indicated_<w>`` (int), for each setting ``w`` (``vocabulary.WLZ_SETTINGS``): ``wlz_indicated`` events;
* ``regelwerk_hours_<k>`` (float), for each kind ``k`` (``vocabulary.REGELWERK_KINDS``): hours (the ``value``
  column) of the ``regelwerk`` events of that kind, summed.

Clients entering and carers replaced are the event counts ``events_client_entry`` and ``events_carer_replaced``.

Units of the outcomes: rates per client-year use client-years observed (home and
admitted weeks / 52); carer rates use active carer-years; shares are fractions
0-1; costs are EUR per client-year; theme scores are 0-100; means of times are
in weeks. :data:`OUTCOMES` gives every outcome's unit and plain-language
description (:data:`DESCRIPTIONS` the short ones); :func:`outcomes_markdown`
renders it as ``docs/outcomes.md`` (written by ``carenet params``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from sim import vocabulary as V
from sim.observe import CARER_ROLE, LOG_COLUMNS, SERIES

#: The four headline outcomes.
HEADLINE = ("transitions_with_failed_handover_share", "handover_failures_per_100_transitions",
            "carer_burnout_per_carer_year", "unanswered_complaint_share")

#: What a policy costs, shown by ``carenet compare`` beside the headline outcomes.
COSTS = ("cost_payers_per_client_year", "coordination_hours_per_client_year")

#: Outcomes renamed for clarity: old name -> new name (the values are the same).
RENAMED = {f"complaint_share_{end}": f"complaint_fate_{end}_share" for end in V.COMPLAINT_ENDS}


@dataclass(frozen=True)
class Outcome:
    """What an outcome measures, in plain words.

    Attributes:
        unit: its unit ("failed items per 100 transitions", "fraction of closed complaints, 0-1", "EUR per
            client-year", ...).
        description: a short plain-language definition (one phrase, for console tables).
        group: the part of the model it is about (a section of ``docs/outcomes.md``).
        note: more explanation where the definition alone can mislead (e.g. why a rate can exceed 100).
    """

    unit: str
    description: str
    group: str
    note: str = ""

    @property
    def text(self) -> str:
        """The description followed by the note."""
        return f"{self.description}. {self.note}." if self.note else f"{self.description}."

    def metadata(self) -> dict[str, str]:
        """Arrow field metadata of this outcome's column: unit and description."""
        return {"unit": self.unit, "description": self.text}


#: The groups of outcomes, in the order ``docs/outcomes.md`` shows them.
GROUPS = {
    "size": "Size of the run (the denominators)",
    "population": "Who enters and leaves",
    "handovers": "Transitions and handovers",
    "harm": "Harm and crises",
    "carers": "Informal carers",
    "complaints": "Complaints",
    "care": "Care, arranging and advice",
    "costs": "Coordination, recording and costs",
    "themes": "The inspectorate's themes",
    "reach": "Whom the policy reaches, and why not the others",
}

_KINDS = {
    "admission": "admissions to hospital or rehabilitation",
    "discharge": "discharges home from hospital or rehabilitation",
    "referral": "referrals to a new professional",
    "professional_leaving": "professionals leaving, succeeded by a colleague of the same organisation",
    "carer_dropout": "primary carers stopping (after a burnout, or scheduled in a vignette)",
    "contact": "contacts with a professional outside the network, e.g. an out-of-hours GP post (vignettes only)",
}
_EXITS = {
    "death": "clients who died",
    "institution": "clients who moved into an institution (a Wlz indication for care in an institution)",
    "recovery": "clients who recovered and left care",
    "turned_18": "children of the child_complex profile who turned 18, when Jeugdwet care ends and adult care "
                 "takes over",
}
_CARE_KINDS = {
    "usual": "usual care ('gebruikelijke zorg'): the care that need indications leave to a co-resident carer",
    "gap": "care filling gaps beyond usual care (care not arranged, or arranged and not delivered)",
    "presence": "supervision and presence, night presence included",
    "practical": "household and practical tasks (transport, finances)",
}
_REGELWERK = {
    "desk": "filing requests for care at a desk",
    "mandate": "proving a mandate to act for the client, without a proxy (volmacht)",
    "waiting": "following up requests while they wait",
    "carrying": "carrying handover items between professionals",
    "budget_admin": "the administration of a personal budget (pgb)",
}
_CHANNELS = {
    "plan": "the client's shared digital care-and-life plan",
    "direct_digital": "directly between professionals over linked information systems",
    "coordinator": "the regiebehandelaar relaying it",
    "direct_paper": "directly by letter or phone",
    "in_person": "told to the carer in person: at the discharge talk, or by the district nurse at the transfer visit",
    "carried_by_client": "the client carrying it",
    "carried_by_carer": "the carer carrying it",
    "none": "no channel at all",
}
_HARMS = {
    "medication_error": "medication errors after a failed medication handover",
    "readmission": "readmissions after a failed home-situation handover",
}
_FATES = {
    "answered": "answered in full: every professional the complaint is about answered before the deadline",
    "answered_in_part": "answered in part: at the deadline some, not all, of the professionals had answered",
    "unanswered": "unanswered: at the deadline none of the professionals had answered",
    "given_up": "given up: the complainant stopped after being sent away by a desk that did not deal with it",
}
_PAYERS = {
    "zvw": "the health insurers (Zvw)",
    "wlz": "the care offices for long-term care (Wlz)",
    "wmo": "the municipality for social support (Wmo)",
    "jeugdwet": "the municipality for youth care (Jeugdwet)",
}
_CARER_CATEGORIES = {
    "fairly_heavy": "fairly heavily burdened (strain at or above strain.fairly_heavy, below strain.very_heavy)",
    "very_heavy": "very heavily burdened (strain at or above strain.very_heavy, below strain.overburdened)",
    "overburdened": "overburdened (strain at or above strain.overburdened)",
}
_ITEMS_NOTE = ("A transition creates several handover items (one per sender and receiver: a discharge up to eight, "
               "an admission up to five), so this can exceed 100: 150 means one and a half failed items per "
               "transition")
_FATE_UNIT = "fraction of closed complaints, 0-1"
_THEME_NOTE = "Each indicator is clipped to 0-1; undefined ones are left out. Higher is better"
_BLOCKS = {
    "digital_plan": "the digital plan (a client-owned zorgleefplan, with the client's consent)",
    "proxy": "the proxy block (a registered volmacht)",
    "regiebehandelaar": "the regiebehandelaar block (a lead professional)",
    "integral_pgb": "the integral personal budget (pgb)",
}
_HOLDS_REGIE = "the client is able and wishes to direct their own care"
#: Why a building block does not reach a client, in plain words: (block, reason) -> text, for every reason of
#: ``vocabulary.NOT_REACHED`` (the reasons of :meth:`sim.policies.Block.reach`).
NOT_REACHED_TEXT = {
    ("digital_plan", "no_consent"): "the client does not consent to sharing information",
    ("digital_plan", "cannot_use"): "the client cannot use a plan: not both able and digital, and no digital primary "
                                    "carer allowed on the plan (policies.digital_plan.carer_access)",
    ("digital_plan", "not_enrolled"): "the client could use a plan now but could not when last enrolled (at set-up, "
                                      "entry or a new primary carer), e.g. a digital carer stepped up since",
    ("proxy", "holds_regie"): _HOLDS_REGIE,
    ("proxy", "does_not_wish"): "the client does not wish to direct their care",
    ("proxy", "no_carer"): "the client wishes but is not able to direct their care, and has no primary carer to be "
                           "the proxy",
    ("proxy", "not_registered"): "the client wishes but is not able to direct their care and has a primary carer, "
                                 "but no proxy was registered (policies.proxy.register_share)",
    ("regiebehandelaar", "holds_regie"): _HOLDS_REGIE,
    ("regiebehandelaar", "has_proxy"): "the client has a proxy (volmacht) who directs their care",
    ("regiebehandelaar", "no_lead_professional"): "neither a district nurse nor a GP is in the client's network to "
                                                  "lead",
    ("regiebehandelaar", "not_enrolled"): "the client qualifies now but did not when last enrolled (at set-up, entry "
                                          "or a new primary carer), e.g. their proxy lapsed when no carer was left",
    ("integral_pgb", "no_holder"): "nobody can hold the budget: the client is not able and wishing, and has no proxy "
                                   "or carer allowed to hold it (policies.integral_pgb.holders)",
    ("integral_pgb", "withdrawn"): "the client qualifies, but their budget was withdrawn (the holder could no longer "
                                   "manage it)",
}
_REACH_UNIT = "fraction of client-weeks, 0-1"
_REACH_WEEKS = ("Counted over every client, at home or admitted, at the end of each observed week (clients who enter "
                "count from their entry week, when the policy enrols them)")


def _outcome_table() -> dict[str, Outcome]:
    """Every outcome's unit, description and group, in the order :func:`outcomes_from_tallies` gives them."""
    o: dict[str, Outcome] = {}
    o["client_years"] = Outcome("client-years", "client-years observed: weeks clients spent at home or admitted, "
                                "summed over clients, / 52", "size", "The denominator of every rate per client-year")
    o["carer_years"] = Outcome("carer-years", "active carer-years: weeks carers were still caring, summed over "
                               "carers, / 52", "size", "The denominator of every rate per carer-year")
    o["transitions"] = Outcome("transitions", "transitions: moments when care or information passes between hands "
                               "(admission, discharge, referral, a professional leaving, a carer stopping, a "
                               "contact)", "handovers")
    o["transitions_per_client_year"] = Outcome("transitions per client-year", "transitions per client-year",
                                               "handovers")
    o["handover_items"] = Outcome("items", "handover items: pieces of information (medication, expectations, home "
                                  "situation) that transitions send to a professional or carer, delivered or not",
                                  "handovers")
    o["handover_failures"] = Outcome("items", "handover items not at their receiver by their due time (late or "
                                     "never)", "handovers")
    o["handover_failures_per_100_transitions"] = Outcome(
        "failed items per 100 transitions", "handover items not at their receiver in time, per 100 transitions",
        "handovers", _ITEMS_NOTE)
    o["handover_failures_per_client_year"] = Outcome("failed items per client-year",
                                                     "handover items not at their receiver in time, per client-year",
                                                     "handovers")
    o["handover_failure_share"] = Outcome("fraction of handover items, 0-1", "share of handover items not at their "
                                          "receiver in time (failed / all items)", "handovers")
    o["transitions_with_failed_handover_share"] = Outcome(
        "fraction of transitions, 0-1", "share of transitions in which at least one piece of information (a "
        "handover item) did not reach its receiver in time", "handovers",
        "A transition counts once however many of its items failed, so unlike "
        "handover_failures_per_100_transitions it cannot exceed 1")
    for kind in _KINDS:
        o[f"transitions_with_failed_handover_share_{kind}"] = Outcome(
            f"fraction of {kind} transitions, 0-1",
            f"share of {kind} transitions in which at least one handover item did not reach its receiver in time",
            "handovers")
    for kind, plain in _KINDS.items():
        o[f"transitions_{kind}"] = Outcome("transitions", f"{kind} transitions: {plain}", "handovers")
        o[f"handover_failures_per_100_{kind}"] = Outcome(
            f"failed items per 100 {kind} transitions",
            f"handover items of {kind} transitions not at their receiver in time, per 100 {kind} transitions",
            "handovers", "Can exceed 100: a transition creates several items")
    for channel, plain in _CHANNELS.items():
        o[f"handover_failures_channel_{channel}_per_100_transitions"] = Outcome(
            "failed items per 100 transitions",
            f"failed handover items whose first open channel was {channel} ({plain}), per 100 transitions",
            "handovers", f"Over the {len(V.CHANNELS)} channels these add up to handover_failures_per_100_transitions"
            + ("; `none`: no channel was open to the item" if channel == "none" else ""))
        if channel != "none":
            o[f"handover_delivered_by_{channel}_share"] = Outcome(
                "fraction of handover items, 0-1",
                f"share of all handover items delivered in time and first by {channel} ({plain})", "handovers",
                f"Over the {len(V.CHANNELS) - 1} channels these add up to 1 - handover_failure_share")
    o["handover_failures_channel_carrier_per_100_transitions"] = Outcome(
        "failed items per 100 transitions", "failed handover items whose first open channel was the client or carer "
        "carrying it, per 100 transitions", "handovers",
        "carried_by_client and carried_by_carer together (the carrier channel)")
    o["handover_delivered_by_carrier_share"] = Outcome(
        "fraction of handover items, 0-1", "share of all handover items delivered in time and first by the client or "
        "carer carrying it", "handovers", "carried_by_client and carried_by_carer together (the carrier channel)")
    o["discharge_medication_complete_share"] = Outcome(
        "fraction of discharge medication items, 0-1", "share of the medication items of discharges that reached "
        "their receiver (GP, pharmacist, district nurse, carer) in time", "handovers")
    o["harm_events"] = Outcome("harm events", "harm caused by failed handovers (medication errors and readmissions)",
                               "harm")
    o["harm_per_100_transitions"] = Outcome("harm events per 100 transitions",
                                            "harm caused by failed handovers, per 100 transitions", "harm")
    for harm, plain in _HARMS.items():
        o[f"{harm}_per_client_year"] = Outcome("harm events per client-year", f"{plain}, per client-year", "harm")
    o["story_repeats_per_client_year"] = Outcome(
        "repeats per client-year", "times a client or carer had to tell their story again because a handover item "
        "to a professional failed, per client-year", "harm")
    o["crisis_admissions_per_client_year"] = Outcome("admissions per client-year", "admissions to hospital or "
                                                     "rehabilitation per client-year", "harm")
    o["carer_share_not_or_somewhat"] = Outcome(
        "fraction of active carer-weeks, 0-1", "share of active carer-weeks in which the carer was not or only "
        "somewhat burdened (below strain.fairly_heavy)", "carers",
        "The four carer_share_ categories (CBS survey categories) add up to 1")
    for category, plain in _CARER_CATEGORIES.items():
        o[f"carer_share_{category}"] = Outcome("fraction of active carer-weeks, 0-1",
                                               f"share of active carer-weeks in which the carer was {plain}", "carers")
    o["carer_share_heavily_burdened"] = Outcome(
        "fraction of active carer-weeks, 0-1", "share of active carer-weeks in which the carer was fairly heavily, "
        "very heavily or overburdened (the three heavier categories together)", "carers")
    o["carer_burnouts"] = Outcome("burnouts", "carer burnouts: a carer overburdened for a number of weeks in a row "
                                  "(strain.burnout_weeks)", "carers")
    o["carer_burnout_per_carer_year"] = Outcome(
        "burnouts per active carer-year", "carers burning out, per active carer-year", "carers",
        "A carer burns out when overburdened for a number of weeks in a row (strain.burnout_weeks)")
    o["carer_dropouts"] = Outcome("carers", "primary carers who stopped caring (after a burnout, or scheduled in a "
                                  "vignette)", "carers")
    o["carer_dropouts_per_carer_year"] = Outcome("dropouts per active carer-year",
                                                 "primary carers who stopped caring, per active carer-year", "carers")
    o["time_to_burnout_weeks_mean"] = Outcome(
        "weeks", "mean weeks from a carer last becoming very heavily burdened (or worse) to their burnout", "carers",
        "Over the burnouts whose start is in the event log")
    o["carer_care_hours_per_week"] = Outcome("hours per active carer per week",
                                             "informal care given, hours per active carer per week", "carers")
    for kind, plain in _CARE_KINDS.items():
        o[f"carer_{kind}_hours_per_week"] = Outcome(
            "hours per active carer per week", f"informal care given as {plain}, hours per active carer per week",
            "carers", "The four kinds add up to carer_care_hours_per_week")
    o["carer_regelwerk_hours_per_week"] = Outcome(
        "hours per active carer per week", "regelwerk: hours carers spend arranging care, carrying information "
        "between professionals and keeping budget administration, per active carer per week", "carers")
    o["carer_budget_admin_hours_per_week"] = Outcome(
        "hours per active carer per week", "hours carers spend on the administration of an integral personal budget "
        "(pgb), per active carer per week", "carers", "Part of carer_regelwerk_hours_per_week")
    for kind, plain in _REGELWERK.items():
        o[f"carer_regelwerk_{kind}_hours_per_carer_year"] = Outcome(
            "hours per active carer-year", f"regelwerk hours carers spend on {plain}, per active carer-year",
            "carers", "From the regelwerk events, one per piece of arranging work; the five kinds (desk, mandate, "
            "waiting, carrying, budget_admin) add up to all regelwerk hours recorded as events")
    o["carer_sidelined_share"] = Outcome("fraction of handover items meant for carers, 0-1",
                                         "share of handover items meant for a carer that did not reach them in time "
                                         "(the carer left out)", "carers")
    o["overload_signals_per_carer_year"] = Outcome(
        "signals per active carer-year", "times a carer's overload (very heavily burdened or worse) was noticed, per "
        "active carer-year", "carers", "Once noticed, the client's care can be re-indicated without counting on the "
        "carer's usual care")
    o["complaints_filed"] = Outcome("complaints", "complaints filed by clients or their carers", "complaints")
    o["complaints_per_100_client_years"] = Outcome("complaints per 100 client-years",
                                                   "complaints filed per 100 client-years", "complaints")
    o["complaints_closed"] = Outcome("complaints", "complaints closed, whatever their fate", "complaints",
                                     "Complaints still open at the end of the run are not counted")
    for fate, plain in _FATES.items():
        o[f"complaint_fate_{fate}_share"] = Outcome(
            _FATE_UNIT, f"share of closed complaints {plain}", "complaints",
            "The four complaint_fate_ shares add up to 1")
    o["unanswered_complaint_share"] = Outcome(
        _FATE_UNIT, "share of closed complaints with no answer at all: unanswered at the deadline or given up",
        "complaints", "It equals complaint_fate_unanswered_share + complaint_fate_given_up_share: complaints answered "
        "in part count as answered here")
    o["bounces_per_complaint"] = Outcome(
        "bounces per filed complaint", "times a complaint was sent back to the complainant by a desk that neither "
        "dealt with it nor passed it on ('van het kastje naar de muur'), per filed complaint", "complaints")
    o["time_to_answer_weeks_mean"] = Outcome("weeks", "mean weeks from filing to closing, over the complaints "
                                             "answered in full", "complaints")
    o["unmet_need_weeks_per_client_year"] = Outcome(
        "weeks per client-year", "weeks in which a client at home had more unmet need than arranging.gap_threshold, "
        "per client-year", "care", "At most 52")
    o["unmet_hours_share"] = Outcome("fraction of needed care hours, 0-1", "share of the care hours needed that "
                                     "neither professionals nor carers gave", "care")
    o["nobody_arranging_share"] = Outcome(
        "fraction of client-weeks at home, 0-1", "share of client-weeks at home in which nobody arranged the "
        "client's care (no able client, carer, proxy or regiebehandelaar)", "care")
    o["requests_per_client_year"] = Outcome("requests per client-year", "requests for care, including those a desk "
                                            "turned away, per client-year", "care")
    o["contradictions_per_client_year"] = Outcome(
        "contradictions per client-year", "times two professionals gave contradicting advice on overlapping needs, "
        "per client-year", "care")
    o["advice_aligned_share"] = Outcome(
        "fraction of advising pairs, 0-1", "share of pairs of professionals advising on overlapping needs whose "
        "advice was aligned (by direct contact, the plan or the regiebehandelaar)", "care")
    o["coordination_hours_per_client_year"] = Outcome(
        "hours per client-year", "regiebehandelaar hours per client-year", "costs",
        "Standing time, convening, relaying handovers and handling complaints, averaged over all clients, "
        "coordinated or not")
    o["recording_hours_per_client_year"] = Outcome(
        "hours per client-year", "hours professionals spend keeping the digital care plan (upkeep and recording "
        "items), per client-year", "costs")
    for payer, plain in _PAYERS.items():
        o[f"cost_{payer}_per_client_year"] = Outcome(
            "EUR per client-year", f"cost of care paid by {plain}, per client-year", "costs",
            "Includes coordination and recording hours, at the professional's tariff")
    o["cost_payers_per_client_year"] = Outcome(
        "EUR per client-year", "cost to the payers Zvw, Wlz, Wmo and Jeugdwet together, per client-year",
        "costs", "Includes coordination and recording hours, at the professional's tariff")
    o["cost_client_copay_per_client_year"] = Outcome("EUR per client-year", "co-payments by clients for Wmo and "
                                                     "Wlz care and the Zvw deductible, per client-year", "costs",
                                                     "A budget holder pays one own contribution: the largest")
    o["cost_informal_care_per_client_year"] = Outcome(
        "EUR per client-year", "value of the informal care given (hours x costs.carer_hour_value), per client-year",
        "costs", "A shadow price: nobody pays it")
    o["budget_carer_pay_per_client_year"] = Outcome(
        "EUR per client-year", "paid from integral personal budgets to carers for care beyond gebruikelijke zorg "
        "(part of the Wmo cost)", "costs")
    o["budget_fraud_per_client_year"] = Outcome(
        "EUR per client-year", "paid out by integral personal budgets without buying care (fraud, misspending; "
        "part of the Wmo cost)", "costs")
    o["budgets_withdrawn_per_100_client_years"] = Outcome(
        "withdrawals per 100 client-years", "integral personal budgets withdrawn because the holder could no longer "
        "manage them, per 100 client-years", "costs")
    o["professionals_kept_per_100_client_years"] = Outcome(
        "per 100 client-years", "professionals a budget holder kept through the budget when they left their "
        "organisation (no handover followed), per 100 client-years", "handovers")
    o["regie_passes_per_100_client_years"] = Outcome(
        "passes per 100 client-years", "times regie passed between the regiebehandelaar and a specialist (to the "
        "specialist at an admission, back at the discharge), per 100 client-years", "care")
    o["theme_client_central"] = Outcome(
        "score 0-100", "the inspectorate's theme 'client central': 100 x mean of [1 - unmet need weeks per "
        "client-year / 52, 1 - nobody_arranging_share, 1 - story repeats per transition]", "themes", _THEME_NOTE)
    o["theme_informal_care"] = Outcome(
        "score 0-100", "the inspectorate's theme 'informal care': 100 x mean of [1 - carer_share_heavily_burdened, "
        "1 - carer_sidelined_share, 1 - carer_dropouts_per_carer_year]", "themes", _THEME_NOTE)
    o["theme_integrated_care"] = Outcome(
        "score 0-100", "the inspectorate's theme 'integrated care': 100 x mean of [advice_aligned_share, "
        "1 - handover_failure_share]", "themes", _THEME_NOTE)
    o["theme_safety"] = Outcome(
        "score 0-100", "the inspectorate's theme 'safety': 100 x mean of [1 - harm per transition, 1 - crisis "
        "admissions per client-year / 4]", "themes", _THEME_NOTE)
    for reason, plain in _EXITS.items():
        o[f"exits_{reason}_per_100_client_years"] = Outcome(
            "exits per 100 client-years", f"{plain}, per 100 client-years", "population",
            "The four exits_ rates add up to all clients leaving the population at home")
    o["entries_per_100_client_years"] = Outcome(
        "entries per 100 client-years", "new clients taking a place in the population at home, per 100 "
        "client-years", "population")
    o["wlz_home_indications_per_100_client_years"] = Outcome(
        "indications per 100 client-years", "Wlz indications used at home (a full or modular package at home), "
        "per 100 client-years", "population",
        "A Wlz indication for care in an institution is a move out: exits_institution_per_100_client_years")
    o["wlz_home_client_share"] = Outcome(
        "fraction of client-weeks at home, 0-1", "share of client-weeks at home in which the client had a Wlz "
        "indication (a full or modular package at home)", "population")
    o["carer_replacements_per_100_carer_years"] = Outcome(
        "replacements per 100 active carer-years", "new carers taking over from a carer who stopped, per 100 "
        "active carer-years", "population")
    o["policy_reach_share"] = Outcome(
        _REACH_UNIT, "share of client-weeks in which at least one of the policy's building blocks reached the "
        "client (the client had a plan, a proxy, a regiebehandelaar or a budget of the policy)", "reach",
        f"{_REACH_WEEKS}; 0 under `none`")
    for block, plain in _BLOCKS.items():
        o[f"reach_{block}_share"] = Outcome(
            _REACH_UNIT, f"share of client-weeks in which {plain} reached the client", "reach",
            f"{_REACH_WEEKS}. With the not_reached_{block}_ shares it adds up to 1; undefined (NaN) under a policy "
            "without the block")
        for reason in V.NOT_REACHED[block]:
            o[f"not_reached_{block}_{reason}_share"] = Outcome(
                _REACH_UNIT, f"share of client-weeks in which {plain} did not reach the client because "
                f"{NOT_REACHED_TEXT[block, reason]}", "reach", "Undefined (NaN) under a policy without the block")
    return o


#: Every outcome by name: unit, plain-language description, group (see :class:`Outcome`; ``docs/outcomes.md``).
OUTCOMES: dict[str, Outcome] = _outcome_table()

#: Short descriptions of every outcome, for reports.
DESCRIPTIONS = {name: outcome.description for name, outcome in OUTCOMES.items()}


#: The tallies' names, in the order :func:`tallies_from_records` gives them (see the module docstring).
TALLY_NAMES: tuple[str, ...] = (
    *(f"series_{name}" for name in SERIES),
    *(f"events_{name}" for name in V.EVENTS),
    *(f"transitions_{kind}" for kind in V.TRANSITIONS),
    *(f"handover_failed_{kind}" for kind in V.TRANSITIONS),
    "transitions_with_failed_handover", *(f"transitions_with_failed_handover_{kind}" for kind in V.TRANSITIONS),
    *(f"handover_failed_channel_{c}" for c in V.CHANNELS),
    *(f"handover_delivered_channel_{c}" for c in V.CHANNELS),
    "handover_failed_to_carer", "handover_delivered_to_carer",
    "discharge_medication_delivered", "discharge_medication_failed",
    *(f"harm_{name}" for name in V.HARMS),
    *(f"complaints_closed_{end}" for end in V.COMPLAINT_ENDS),
    "complaint_answered_weeks_sum",
    "burnout_spells", "burnout_spell_weeks_sum",
    *(f"exits_{reason}" for reason in V.EXIT_REASONS),
    *(f"wlz_indicated_{setting}" for setting in V.WLZ_SETTINGS),
    *(f"regelwerk_hours_{kind}" for kind in V.REGELWERK_KINDS),
)
#: The tallies that are sums (floats); all others are counts (ints).
SUM_TALLIES = frozenset((*(f"series_{name}" for name in SERIES), "complaint_answered_weeks_sum",
                         "burnout_spell_weeks_sum", *(f"regelwerk_hours_{kind}" for kind in V.REGELWERK_KINDS)))


def _div(a, b) -> float:
    return float(a) / float(b) if b else float("nan")


#: Rows of the event log taken at a time by a pass over a whole column, so that no temporary is as long as the log.
_CHUNK = 2 ** 22


def _chunks(n: int):
    """Slices of ``range(n)``, ``_CHUNK`` rows each."""
    return (slice(start, min(start + _CHUNK, n)) for start in range(0, n, _CHUNK))


def _bincount(codes: np.ndarray, n: int) -> np.ndarray:
    """How often each of the codes ``0..n-1`` occurs; a chunk at a time, since np.bincount makes an int64 copy of
    what it counts (eight times an int8 column)."""
    codes = np.asarray(codes)
    return sum((np.bincount(codes[s], minlength=n)[:n] for s in _chunks(codes.size)), np.zeros(n, np.int64))


#: The rare kinds of event the tallies read whole, and their columns (``"row"``: the row numbers): a few per cent of
#: the log's rows, gathered in one pass over it (:class:`_Events`). The frequent kinds (delivered handover items,
#: regelwerk) are summed a chunk at a time instead (:meth:`_Events.parts`).
GATHERED = {
    "transition": ("ref", "detail"),
    "handover_failed": ("ref", "channel", "role", "detail"),
    "harm": ("detail",),
    "complaint_closed": ("detail", "value"),
    "client_exit": ("detail",),
    "wlz_indicated": ("detail",),
    "burnout": ("row", "week", "actor"),
    "strain_category": ("row", "detail", "week", "actor"),
}


class _Events:
    """The log's columns at the rows of one kind of event, read a chunk of rows at a time: no temporary (mask, index
    array or int64 copy) is as long as the log. ``counts``: events of each kind.

    The columns of the rare kinds (:data:`GATHERED`) are gathered in one pass when the object is made (each of the
    log's blocks unpacked once); :meth:`col` serves them from there, anything else from a pass of its own.

    ``log``: a mapping of column arrays, or an :class:`~sim.observe.EventLog` (read a block at a time through its
    ``chunks``, so that a long log's columns are never all unpacked at once)."""

    def __init__(self, log):
        self.log = log
        self.event = np.asarray(log.column("event") if hasattr(log, "chunks") else log["event"])
        self.counts = _bincount(self.event, len(V.EVENTS))
        columns = sorted({c for cs in GATHERED.values() for c in cs if c != "row"})
        pieces = {(name, c): [] for name, cs in GATHERED.items() for c in cs}
        for rows, part in self._row_chunks(columns):
            event = self.event[rows]
            for name, cs in GATHERED.items():
                mine = np.flatnonzero(event == V.EVENT[name])
                for c in cs:
                    pieces[name, c].append(mine + rows.start if c == "row" else part[c][mine])
        self.gathered = {key: np.concatenate(parts) if parts else np.empty(0, _dtype(key[1]))
                         for key, parts in pieces.items()}

    def _row_chunks(self, columns: list[str]):
        """(rows as a slice, {column: values}) per chunk of rows: the log's own blocks for an EventLog."""
        if hasattr(self.log, "chunks"):
            yield from self.log.chunks(columns)
            return
        for s in _chunks(self.event.size):
            yield s, {c: np.asarray(self.log[c])[s] for c in columns}

    def parts(self, name: str, *columns: str):
        """Per chunk of rows, the given columns at the rows of the events ``name`` (``"row"``: the row numbers)."""
        code = V.EVENT[name]
        for rows, part in self._row_chunks([c for c in columns if c != "row"]):
            mine = np.flatnonzero(self.event[rows] == code)
            yield {c: mine + rows.start if c == "row" else part[c][mine] for c in columns}

    def col(self, column: str, name: str) -> np.ndarray:
        """One column restricted to the events of one kind (``"row"``: their row numbers)."""
        if (name, column) in self.gathered:
            return self.gathered[name, column]
        parts = [part[column] for part in self.parts(name, column)]
        return np.concatenate(parts) if parts else np.empty(0, _dtype(column))


def _dtype(column: str):
    """The dtype of a log column, or of row numbers (``"row"``)."""
    return np.intp if column == "row" else LOG_COLUMNS[column]


def _burnout_spells(events: "_Events") -> tuple[int, int]:
    """(number of spells, summed weeks): per burnout, the weeks from the carer entering 'very heavy' (or worse)
    to the burnout that ends that spell; burnouts whose spell start is not in the log are left out.

    The spell starts at the carer's last entry into >= very heavy after their last drop below it (or at their first
    entry, if they never dropped below) before the burnout. All burnouts at once: the category changes sorted by
    carer, then log row, so each burnout's earlier changes of its carer are one range of them."""
    burn, cat = events.col("row", "burnout"), events.col("row", "strain_category")
    if burn.size == 0 or cat.size == 0:
        return 0, 0
    cat_detail, cat_week, cat_actor = (events.col(c, "strain_category") for c in ("detail", "week", "actor"))
    burn_week, burn_actor = events.col("week", "burnout"), events.col("actor", "burnout")
    n = np.int64(events.event.size) + 1
    key = (cat_actor.astype(np.int64) + 1) * n + cat  # by carer, then row
    order = np.argsort(key, kind="stable")
    key, cat_detail, cat_week = key[order], cat_detail[order], cat_week[order]
    carer_key = (burn_actor.astype(np.int64) + 1) * n
    lo = np.searchsorted(key, carer_key)            # the carer's first category change
    hi = np.searchsorted(key, carer_key + burn)      # ... and the first one after the burnout
    # per sorted change: the position of the last change below very heavy up to it (-1: none yet)
    last_below = np.maximum.accumulate(np.where(cat_detail < 2, np.arange(cat.size), -1))
    below = last_below[np.maximum(hi - 1, 0)]
    dropped = below >= lo
    start = np.where(dropped, below + 1, lo)
    found = (hi > lo) & (start < hi)
    count = int(np.count_nonzero(found))
    total = int(np.sum(burn_week[found].astype(np.int64) - cat_week[start[found]].astype(np.int64)))
    return count, total


def compute_tallies(model) -> dict:
    """Additive tallies of a run (a :class:`~sim.world.World` or the model that owns one: its event log and
    series); see :func:`tallies_from_records`."""
    return tallies_from_records(model.log, model.series.totals())


def compute_outcomes(model) -> dict:
    """Outcomes of a run (a world or a model: from its event log and series)."""
    return outcomes_from_tallies(compute_tallies(model))


def outcomes_from_records(log: dict, series: dict) -> dict:
    """Every outcome by name from event-log columns and per-week series totals (name -> array)."""
    return outcomes_from_tallies(tallies_from_records(log, series))


def _handover_tallies(t: dict, E: "_Events") -> None:
    """The tallies of transitions and handover items into ``t``: a handover item's transition (and so its kind) is
    found by its ref."""
    t_ref, t_kind = E.col("ref", "transition"), E.col("detail", "transition")
    kind_of = np.full(int(t_ref.max()) + 1 if t_ref.size else 1, -1, np.int8)
    kind_of[t_ref] = t_kind
    del t_ref
    per_kind_trans = _bincount(t_kind, len(V.TRANSITIONS))
    f_ref = E.col("ref", "handover_failed")
    f_kind = kind_of[f_ref]
    per_kind_fail = _bincount(f_kind, len(V.TRANSITIONS))
    for k, name in enumerate(V.TRANSITIONS):
        t[f"transitions_{name}"] = int(per_kind_trans[k])
    for k, name in enumerate(V.TRANSITIONS):
        t[f"handover_failed_{name}"] = int(per_kind_fail[k])
    # a transition with several failed items counts once
    failed_refs = np.unique(f_ref)
    del f_ref
    t["transitions_with_failed_handover"] = int(failed_refs.size)
    per_kind_hit = _bincount(kind_of[failed_refs], len(V.TRANSITIONS))
    del failed_refs
    for k, name in enumerate(V.TRANSITIONS):
        t[f"transitions_with_failed_handover_{name}"] = int(per_kind_hit[k])
    per_channel = _bincount(E.col("channel", "handover_failed"), len(V.CHANNELS))
    # delivered items (the most frequent kind of event) are counted chunk by chunk
    per_channel_ok, delivered_to_carer, med_ok = np.zeros(len(V.CHANNELS), np.int64), 0, 0
    for part in E.parts("handover_delivered", "channel", "role", "detail", "ref"):
        per_channel_ok += _bincount(part["channel"], len(V.CHANNELS))
        delivered_to_carer += int(np.count_nonzero(part["role"] == CARER_ROLE))
        med_ok += int(np.count_nonzero((part["detail"] == V.MEDICATION) & (kind_of[part["ref"]] == V.DISCHARGE)))
    for c, name in enumerate(V.CHANNELS):
        t[f"handover_failed_channel_{name}"] = int(per_channel[c])
    for c, name in enumerate(V.CHANNELS):
        t[f"handover_delivered_channel_{name}"] = int(per_channel_ok[c])
    t["handover_failed_to_carer"] = int((E.col("role", "handover_failed") == CARER_ROLE).sum())
    t["handover_delivered_to_carer"] = delivered_to_carer
    med_failed = (E.col("detail", "handover_failed") == V.MEDICATION) & (f_kind == V.DISCHARGE)
    t["discharge_medication_delivered"] = med_ok
    t["discharge_medication_failed"] = int(med_failed.sum())
    harm_kind = E.col("detail", "harm")
    for h, name in enumerate(V.HARMS):
        t[f"harm_{name}"] = int((harm_kind == h).sum())


def tallies_from_records(log, series: dict) -> dict[str, int | float]:
    """The additive tallies (:data:`TALLY_NAMES`: plain ints for counts, floats for sums) from event-log
    columns (a mapping of column arrays, or the :class:`~sim.observe.EventLog` itself, read a block at a time) and
    per-week series totals (name -> array over weeks)."""
    E = _Events(log)
    t: dict[str, int | float] = {f"series_{name}": float(np.sum(series[name])) for name in SERIES}
    for e, name in enumerate(V.EVENTS):
        t[f"events_{name}"] = int(E.counts[e])

    _handover_tallies(t, E)

    # complaints
    ends = _bincount(E.col("detail", "complaint_closed"), len(V.COMPLAINT_ENDS))
    for e, name in enumerate(V.COMPLAINT_ENDS):
        t[f"complaints_closed_{name}"] = int(ends[e])
    weeks_open = E.col("value", "complaint_closed")[E.col("detail", "complaint_closed") == V.COMPLAINT_ENDS.index(
        "answered")]
    t["complaint_answered_weeks_sum"] = float(np.sum(weeks_open, dtype=np.float64))

    # carers
    spells, spell_weeks = _burnout_spells(E)
    t["burnout_spells"] = spells
    t["burnout_spell_weeks_sum"] = float(spell_weeks)

    # population flows
    exits = _bincount(E.col("detail", "client_exit"), len(V.EXIT_REASONS))
    for r, name in enumerate(V.EXIT_REASONS):
        t[f"exits_{name}"] = int(exits[r])
    wlz = _bincount(E.col("detail", "wlz_indicated"), len(V.WLZ_SETTINGS))
    for w, name in enumerate(V.WLZ_SETTINGS):
        t[f"wlz_indicated_{name}"] = int(wlz[w])

    # regelwerk by kind: hours summed over the events of each kind, in log order as np.bincount adds them; a chunk
    # at a time, each chunk's sums starting from the totals so far (put in front of it), so the sums are the same
    n_kinds = len(V.REGELWERK_KINDS)
    per_kind_hours, bad_hours = np.zeros(n_kinds), []
    for part in E.parts("regelwerk", "detail", "value"):
        hours = part["value"].astype(np.float64)
        bad_hours.append(hours[~np.isfinite(hours) | (hours < 0)])
        per_kind_hours = np.bincount(np.concatenate([np.arange(n_kinds), part["detail"]]),
                                     weights=np.concatenate([per_kind_hours, hours]), minlength=n_kinds)[:n_kinds]
    bad = np.concatenate(bad_hours) if bad_hours else np.empty(0)
    if bad.size:
        raise ValueError(f"tallies_from_records: {bad.size} regelwerk events have hours "
                         f"{', '.join(map(repr, np.unique(bad)[:5].tolist()))} (allowed: finite hours >= 0)")
    for k, name in enumerate(V.REGELWERK_KINDS):
        t[f"regelwerk_hours_{name}"] = float(per_kind_hours[k])
    return t


# --------------------------------------------------------------------------- adding tallies


def _number(name: str, value, which: str) -> int | float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value):
        raise ValueError(f"tally {name!r} of the {which} tallies is {value!r} (allowed: a finite int or float)")
    return int(value) if isinstance(value, (int, np.integer)) else float(value)


def _key_difference(a: dict, b: dict, a_name: str, b_name: str) -> str:
    missing, extra = [k for k in a if k not in b], [k for k in b if k not in a]

    def show(keys: list) -> str:
        return ", ".join(map(repr, keys[:8])) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
    parts = ([f"in the {a_name} but not the {b_name}: {show(missing)}"] if missing else []) + (
        [f"in the {b_name} but not the {a_name}: {show(extra)}"] if extra else [])
    return "; ".join(parts)


def add_tallies(a: dict, b: dict) -> dict[str, int | float]:
    """The key-wise sum of two tallies (in ``a``'s key order): ints where both are ints, floats otherwise.

    Raises ValueError when the key sets differ (e.g. tallies of different code versions) or a value is not a number.
    """
    if a.keys() != b.keys():
        raise ValueError("cannot add tallies with different keys (allowed: tallies with the same names, "
                         "as tallies_from_records gives them): " + _key_difference(a, b, "first", "second"))
    out: dict[str, int | float] = {}
    for name in a:
        x, y = _number(name, a[name], "first"), _number(name, b[name], "second")
        out[name] = x + y if isinstance(x, int) and isinstance(y, int) else float(x) + float(y)
    return out


def sum_tallies(tallies: Iterable[dict]) -> dict[str, int | float]:
    """The key-wise sum of several tallies, added in the order given (so float sums do not depend on which
    worker produced which part). Raises ValueError for none at all or mismatched key sets."""
    it = iter(tallies)
    try:
        first = next(it)
    except StopIteration:
        raise ValueError("sum_tallies: no tallies given (allowed: one or more tallies)") from None
    total = {name: _number(name, value, "first") for name, value in first.items()}
    for part in it:
        total = add_tallies(total, part)
    return total


def _checked(tallies: dict) -> dict:
    if tallies.keys() != set(TALLY_NAMES):
        raise ValueError("outcomes_from_tallies: the tallies do not have the expected names (allowed: exactly "
                         "sim.outcomes.TALLY_NAMES): "
                         + _key_difference(dict.fromkeys(TALLY_NAMES), tallies, "expected names", "tallies given"))
    return tallies


# --------------------------------------------------------------------------- outcomes


def outcomes_from_tallies(tallies: dict) -> dict:
    """Every outcome by name, from tallies alone (:data:`TALLY_NAMES`; one model's or a sum over models).

    Ratios with a zero denominator are NaN. Raises ValueError when a tally is missing or unknown.
    """
    t = _checked(tallies)
    tot = {name: t[f"series_{name}"] for name in SERIES}
    n = lambda name: t[f"events_{name}"]  # noqa: E731
    client_years = (tot["clients_home"] + tot["clients_admitted"]) / 52
    carer_years = tot["carers_active"] / 52
    out: dict[str, float] = {"client_years": client_years, "carer_years": carer_years}

    # transitions and handovers
    n_trans, n_failed, n_delivered = n("transition"), n("handover_failed"), n("handover_delivered")
    out["transitions"] = n_trans
    out["transitions_per_client_year"] = _div(n_trans, client_years)
    out["handover_items"] = n_failed + n_delivered
    out["handover_failures"] = n_failed
    out["handover_failures_per_100_transitions"] = 100 * _div(n_failed, n_trans)
    out["handover_failures_per_client_year"] = _div(n_failed, client_years)
    out["handover_failure_share"] = _div(n_failed, out["handover_items"])
    out["transitions_with_failed_handover_share"] = _div(t["transitions_with_failed_handover"], n_trans)
    for name in V.TRANSITIONS:
        out[f"transitions_with_failed_handover_share_{name}"] = _div(t[f"transitions_with_failed_handover_{name}"],
                                                                     t[f"transitions_{name}"])
    for name in V.TRANSITIONS:
        out[f"transitions_{name}"] = t[f"transitions_{name}"]
        out[f"handover_failures_per_100_{name}"] = 100 * _div(t[f"handover_failed_{name}"], t[f"transitions_{name}"])
    for name in V.CHANNELS:
        out[f"handover_failures_channel_{name}_per_100_transitions"] = 100 * _div(
            t[f"handover_failed_channel_{name}"], n_trans)
        if name != "none":
            out[f"handover_delivered_by_{name}_share"] = _div(t[f"handover_delivered_channel_{name}"],
                                                              out["handover_items"])
    carriers = [V.CHANNELS[c] for c in V.CARRIER_CHANNELS]
    out["handover_failures_channel_carrier_per_100_transitions"] = 100 * _div(
        sum(t[f"handover_failed_channel_{c}"] for c in carriers), n_trans)
    out["handover_delivered_by_carrier_share"] = _div(sum(t[f"handover_delivered_channel_{c}"] for c in carriers),
                                                      out["handover_items"])
    med_ok, med_failed = t["discharge_medication_delivered"], t["discharge_medication_failed"]
    out["discharge_medication_complete_share"] = _div(med_ok, med_ok + med_failed)
    n_harm = n("harm")
    out["harm_events"] = n_harm
    out["harm_per_100_transitions"] = 100 * _div(n_harm, n_trans)
    for name in V.HARMS:
        out[f"{name}_per_client_year"] = _div(t[f"harm_{name}"], client_years)
    out["story_repeats_per_client_year"] = _div(n("story_repeated"), client_years)
    out["crisis_admissions_per_client_year"] = _div(t["transitions_admission"], client_years)

    # carers
    active = tot["carers_active"]
    fairly, very, over = (_div(tot[f"carers_{k}"], active) for k in ("fairly_heavy", "very_heavy", "overburdened"))
    out["carer_share_not_or_somewhat"] = 1 - fairly - very - over if active else float("nan")
    out["carer_share_fairly_heavy"], out["carer_share_very_heavy"], out["carer_share_overburdened"] = fairly, very, over
    out["carer_share_heavily_burdened"] = fairly + very + over
    out["carer_burnouts"] = n("burnout")
    out["carer_burnout_per_carer_year"] = _div(n("burnout"), carer_years)
    out["carer_dropouts"] = t["transitions_carer_dropout"]
    out["carer_dropouts_per_carer_year"] = _div(t["transitions_carer_dropout"], carer_years)
    out["time_to_burnout_weeks_mean"] = _div(t["burnout_spell_weeks_sum"], t["burnout_spells"])
    out["carer_care_hours_per_week"] = _div(tot["carer_care_hours"], active)
    for kind in ("usual", "gap", "presence", "practical"):
        out[f"carer_{kind}_hours_per_week"] = _div(tot[f"carer_{kind}_hours"], active)
    out["carer_regelwerk_hours_per_week"] = _div(tot["carer_regelwerk_hours"], active)
    out["carer_budget_admin_hours_per_week"] = _div(tot["budget_admin_hours"], active)
    for name in V.REGELWERK_KINDS:
        out[f"carer_regelwerk_{name}_hours_per_carer_year"] = _div(t[f"regelwerk_hours_{name}"], carer_years)
    to_carer_failed, to_carer_ok = t["handover_failed_to_carer"], t["handover_delivered_to_carer"]
    out["carer_sidelined_share"] = _div(to_carer_failed, to_carer_failed + to_carer_ok)
    out["overload_signals_per_carer_year"] = _div(n("overload_signalled"), carer_years)

    # complaints
    ends = [t[f"complaints_closed_{name}"] for name in V.COMPLAINT_ENDS]
    n_filed, n_closed = n("complaint_filed"), sum(ends)
    out["complaints_filed"] = n_filed
    out["complaints_per_100_client_years"] = 100 * _div(n_filed, client_years)
    out["complaints_closed"] = n_closed
    for e, name in enumerate(V.COMPLAINT_ENDS):
        out[f"complaint_fate_{name}_share"] = _div(ends[e], n_closed)
    out["unanswered_complaint_share"] = _div(ends[2] + ends[3], n_closed)
    out["bounces_per_complaint"] = _div(n("complaint_bounced"), n_filed)
    # rounded to float32, the precision of the log's value column: the mean of that column (np.mean of float32
    # values) has always been given so; the weeks are whole numbers, so the sum itself is exact
    n_answered = t["complaints_closed_answered"]
    out["time_to_answer_weeks_mean"] = (float(np.float32(t["complaint_answered_weeks_sum"] / n_answered))
                                        if n_answered else float("nan"))

    # care, coordination, costs
    out["unmet_need_weeks_per_client_year"] = _div(tot["clients_unmet"], client_years)
    out["unmet_hours_share"] = _div(tot["unmet_hours"], tot["need_hours"])
    out["nobody_arranging_share"] = _div(tot["arranger_nobody"], tot["clients_home"])
    out["requests_per_client_year"] = _div(n("request"), client_years)
    out["contradictions_per_client_year"] = _div(n("contradiction"), client_years)
    out["advice_aligned_share"] = _div(tot["aligned_pairs"], tot["advice_pairs"])
    out["coordination_hours_per_client_year"] = _div(tot["coordination_hours"], client_years)
    out["recording_hours_per_client_year"] = _div(tot["recording_hours"], client_years)
    payers = ("zvw", "wlz", "wmo", "jeugdwet")
    for name in payers:
        out[f"cost_{name}_per_client_year"] = _div(tot[f"cost_{name}"], client_years)
    out["cost_payers_per_client_year"] = sum(out[f"cost_{p}_per_client_year"] for p in payers)
    out["cost_client_copay_per_client_year"] = _div(tot["cost_client"], client_years)
    out["cost_informal_care_per_client_year"] = _div(tot["cost_informal"], client_years)
    out["budget_carer_pay_per_client_year"] = _div(tot["budget_carer_pay"], client_years)
    out["budget_fraud_per_client_year"] = _div(tot["budget_fraud"], client_years)
    out["budgets_withdrawn_per_100_client_years"] = 100 * _div(n("budget_withdrawn"), client_years)
    out["professionals_kept_per_100_client_years"] = 100 * _div(n("professional_kept"), client_years)
    out["regie_passes_per_100_client_years"] = 100 * _div(n("regie_passed"), client_years)

    # the inspectorate's four client-level themes (seed 002), 0-100: means of 0-1 indicators
    def score(*indicators):
        vals = [min(1.0, max(0.0, v)) for v in indicators if v == v]
        return 100 * float(np.mean(vals)) if vals else float("nan")
    trans_rate = out["transitions_per_client_year"]
    out["theme_client_central"] = score(1 - out["unmet_need_weeks_per_client_year"] / 52,
                                        1 - out["nobody_arranging_share"],
                                        1 - _div(out["story_repeats_per_client_year"], trans_rate))
    out["theme_informal_care"] = score(1 - out["carer_share_heavily_burdened"],
                                       1 - out["carer_sidelined_share"],
                                       1 - out["carer_dropouts_per_carer_year"])
    out["theme_integrated_care"] = score(out["advice_aligned_share"], 1 - out["handover_failure_share"])
    out["theme_safety"] = score(1 - _div(n_harm, n_trans), 1 - out["crisis_admissions_per_client_year"] / 4)

    # population flows: who enters and leaves the population at home
    for name in V.EXIT_REASONS:
        out[f"exits_{name}_per_100_client_years"] = 100 * _div(t[f"exits_{name}"], client_years)
    out["entries_per_100_client_years"] = 100 * _div(n("client_entry"), client_years)
    out["wlz_home_indications_per_100_client_years"] = 100 * _div(t["wlz_indicated_at_home"], client_years)
    out["wlz_home_client_share"] = _div(tot["clients_wlz_home"], tot["clients_home"])
    out["carer_replacements_per_100_carer_years"] = 100 * _div(n("carer_replaced"), carer_years)

    # reach: client-weeks each block reached, or did not for each reason (a block the policy lacks counts none)
    out["policy_reach_share"] = _div(tot["reached_by_policy"], tot["clients_home"] + tot["clients_admitted"])
    for block, reasons in V.NOT_REACHED.items():
        not_reached = [tot[f"not_reached_{block}_{reason}"] for reason in reasons]
        under_block = tot[f"reached_{block}"] + sum(not_reached)
        out[f"reach_{block}_share"] = _div(tot[f"reached_{block}"], under_block)
        for reason, weeks in zip(reasons, not_reached):
            out[f"not_reached_{block}_{reason}_share"] = _div(weeks, under_block)
    return out


#: Every outcome's name, in the order :func:`outcomes_from_tallies` gives them.
OUTCOME_NAMES: tuple[str, ...] = tuple(outcomes_from_tallies({
    name: 0.0 if name in SUM_TALLIES else 0 for name in TALLY_NAMES}))


# --------------------------------------------------------------------------- weekly series of a run

#: The weekly sums a stored run keeps (``series.parquet``, :mod:`experiments.store`): series of
#: :data:`sim.observe.SERIES` summed over profiles in each observed week, name -> (unit, description). Like the
#: tallies they add up over municipalities, week by week; :data:`WEEKLY_RATIOS` are made of them.
WEEKLY_SUMS = {
    "carer_strain": ("strain", "strain summed over the active carers at the end of the week"),
    "carers_active": ("carers", "active carers (still caring) at the end of the week"),
    "unmet_hours": ("hours in the week", "care hours needed in the week that neither professionals nor carers gave"),
    "need_hours": ("hours in the week", "care hours needed in the week"),
}

#: Weekly ratios of the weekly sums: name -> (numerator, denominator, unit, description); NaN in a week whose
#: denominator is 0. ``unmet_hours_share`` of the sums over all weeks is the outcome of that name.
WEEKLY_RATIOS = {
    "carer_strain_mean": ("carer_strain", "carers_active", "strain",
                          "mean strain of the active carers at the end of the week (carer_strain / carers_active)"),
    "unmet_hours_share": ("unmet_hours", "need_hours", "fraction of needed care hours, 0-1",
                          "share of the week's needed care hours that neither professionals nor carers gave "
                          "(unmet_hours / need_hours)"),
}


def weekly_sums(model) -> dict[str, np.ndarray]:
    """The weekly sums of a run (:data:`WEEKLY_SUMS`; a world or a model: from its series), name -> float64 array
    over the observed weeks."""
    totals = model.series.totals()
    return {name: np.array(totals[name], dtype=np.float64) for name in WEEKLY_SUMS}


def weekly_ratios(sums: dict) -> dict[str, np.ndarray]:
    """The weekly ratios (:data:`WEEKLY_RATIOS`) from weekly sums (name -> array over weeks; one model's, or summed
    over municipalities week by week); NaN where the denominator is 0."""
    out = {}
    for name, (numerator, denominator, _, _) in WEEKLY_RATIOS.items():
        num, den = np.asarray(sums[numerator], np.float64), np.asarray(sums[denominator], np.float64)
        out[name] = np.divide(num, den, out=np.full(num.shape, np.nan), where=den != 0)
    return out


# --------------------------------------------------------------------------- names and the outcomes page

#: The outcomes page, generated from :data:`OUTCOMES` by :func:`write_outcomes_doc` (``carenet params``).
OUTCOMES_DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "outcomes.md"


def check_outcome_names(text: str | None, default: tuple[str, ...], option: str = "--outcomes") -> tuple[str, ...]:
    """Outcome names from a comma-separated ``text`` (``default`` when None or empty), in order, each once.

    Raises :class:`~sim.scenario.ScenarioError` naming every unknown name (and the new name of a renamed one)
    and what is allowed.
    """
    from sim.scenario import ScenarioError
    if not text:
        return tuple(default)
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    if not names:
        raise ScenarioError(f"{option} = {text!r}: no outcome named (allowed: comma-separated names from "
                            f"outcomes.parquet, e.g. {', '.join(HEADLINE)})")
    unknown = [n for n in names if n not in OUTCOMES]
    if unknown:
        renamed = [f"{n!r} is now {RENAMED[n]!r}" for n in unknown if n in RENAMED]
        raise ScenarioError(f"{option}: {', '.join(map(repr, unknown))} not an outcome (allowed: names from "
                            f"outcomes.parquet, e.g. {', '.join(HEADLINE)}; every outcome is listed in "
                            "docs/outcomes.md)" + (f"; {'; '.join(renamed)}" if renamed else ""))
    return names


_DOC_INTRO = """# Outcomes

Every outcome carenet computes, with its unit and what it measures in plain words. This page is generated from
`OUTCOMES` in `sim/outcomes.py`; do not edit it by hand. Regenerate it with `make docs` (or `carenet params`) after
changing an outcome.

The outcomes are the keys of `outcomes.json` (`carenet run`), the columns of `outcomes.parquet` and
`municipalities.parquet` (`carenet compare`, `sweep`, `sensitivity`; each column carries its unit and description as
Arrow field metadata) and of `carenet.load_results(DIR)`. They count from week 0 over the whole run and the whole
population. The formula of each, from the event log and the per-week series, is in `docs/ODD.md` (section 4,
*Observation*). A ratio whose denominator is zero (e.g. a share of complaints when none closed) is undefined: NaN in
Python and Parquet, `null` in JSON, `n/a` on the console.

Shares are fractions from 0 to 1. A client-year is 52 weeks of one client, at home or admitted; an active
carer-year is 52 weeks of one carer still caring.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _rows(names) -> list[str]:
    lines = ["| outcome | unit | what it measures |", "| --- | --- | --- |"]
    for name in names:
        o = OUTCOMES[name]
        text = o.text[0].upper() + o.text[1:]
        lines.append(f"| `{name}` | {_cell(o.unit)} | {_cell(text)} |")
    return lines


def outcomes_markdown() -> str:
    """The outcomes page (Markdown): the headline outcomes first, then every other outcome by group."""
    lines = [_DOC_INTRO, "## Headline outcomes\n",
             "The four outcomes the model is about: what goes wrong *between* the parts of a care network.\n",
             *_rows(HEADLINE), "",
             f"`carenet compare` shows them with {' and '.join(f'`{n}`' for n in COSTS)}, what a policy costs.\n"]
    if RENAMED:
        lines += ["## Renamed outcomes\n", "Earlier versions used other names for these outcomes; the values are "
                  "the same.\n", "| earlier name | name now |", "| --- | --- |",
                  *(f"| `{old}` | `{new}` |" for old, new in RENAMED.items()), ""]
    for group, title in GROUPS.items():
        names = [n for n, o in OUTCOMES.items() if o.group == group and n not in HEADLINE]
        lines += [f"## {title}\n", *_rows(names), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_outcomes_doc(path: str | Path | None = None) -> Path:
    """Write the outcomes page (default :data:`OUTCOMES_DOC_PATH`, ``docs/outcomes.md``) and return its path."""
    path = Path(path) if path is not None else OUTCOMES_DOC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(outcomes_markdown(), encoding="utf-8")
    return path
