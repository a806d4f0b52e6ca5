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

Tallies (ints are counts, floats are sums; every value is finite and >= 0):

* ``series_<s>`` (float), for each series ``s`` of :data:`sim.observe.SERIES`:
  the series summed over weeks and profiles (client-weeks, carer-weeks, hours,
  EUR, as the series; the week counts are whole numbers);
* ``events_<e>`` (int), for each event ``e`` of ``vocabulary.EVENTS``: events recorded;
* ``transitions_<k>`` (int): transitions of kind ``k`` (``vocabulary.TRANSITIONS``);
* ``handover_failed_<k>`` (int): failed handover items of transitions of kind ``k``;
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
  and the weeks from that start to the burnout, summed over them.

Units of the outcomes: rates per client-year use client-years observed (home and
admitted weeks / 52); carer rates use active carer-years; shares are fractions
0-1; costs are EUR per client-year; theme scores are 0-100; means of times are
in weeks.
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np

from sim import vocabulary as V
from sim.observe import CARER_ROLE, SERIES

#: The three headline outcomes.
HEADLINE = ("handover_failures_per_100_transitions", "carer_burnout_per_carer_year", "unanswered_complaint_share")

#: Short descriptions of the main outcomes, for reports.
DESCRIPTIONS = {
    "handover_failures_per_100_transitions": "handover items not at their receiver in time, per 100 transitions",
    "carer_burnout_per_carer_year": "carers entering burnout (sustained overburden) per active carer-year",
    "unanswered_complaint_share": "complaints with no answer by the deadline or given up, share of closed complaints",
}

#: The tallies' names, in the order :func:`tallies_from_records` gives them (see the module docstring).
TALLY_NAMES: tuple[str, ...] = (
    *(f"series_{name}" for name in SERIES),
    *(f"events_{name}" for name in V.EVENTS),
    *(f"transitions_{kind}" for kind in V.TRANSITIONS),
    *(f"handover_failed_{kind}" for kind in V.TRANSITIONS),
    *(f"handover_failed_channel_{c}" for c in V.CHANNELS),
    *(f"handover_delivered_channel_{c}" for c in V.CHANNELS),
    "handover_failed_to_carer", "handover_delivered_to_carer",
    "discharge_medication_delivered", "discharge_medication_failed",
    *(f"harm_{name}" for name in V.HARMS),
    *(f"complaints_closed_{end}" for end in V.COMPLAINT_ENDS),
    "complaint_answered_weeks_sum",
    "burnout_spells", "burnout_spell_weeks_sum",
)
#: The tallies that are sums (floats); all others are counts (ints).
SUM_TALLIES = frozenset((*(f"series_{name}" for name in SERIES), "complaint_answered_weeks_sum",
                         "burnout_spell_weeks_sum"))


def _div(a, b) -> float:
    return float(a) / float(b) if b else float("nan")


class _Events:
    """Index arrays (int32) of each event kind, computed once: full-length masks would cost a byte per event each."""

    def __init__(self, log: dict):
        self.log = log
        self._idx: dict[str, np.ndarray] = {}

    def __call__(self, name: str) -> np.ndarray:
        if name not in self._idx:
            self._idx[name] = np.flatnonzero(self.log["event"] == V.EVENT[name]).astype(np.int32)
        return self._idx[name]

    def col(self, column: str, name: str) -> np.ndarray:
        """One column restricted to the events of one kind."""
        return self.log[column][self(name)]


def _burnout_spells(log: dict, events: "_Events") -> tuple[int, int]:
    """(number of spells, summed weeks): per burnout, the weeks from the carer entering 'very heavy' (or worse)
    to the burnout that ends that spell; burnouts whose spell start is not in the log are left out."""
    det, week, actor = log["detail"], log["week"], log["actor"]
    burn = events("burnout")
    if burn.size == 0:
        return 0, 0
    cat = events("strain_category")
    count, total = 0, 0
    for b in burn:  # sparse
        mine = cat[(actor[cat] == actor[b]) & (cat < b)]
        heavy = det[mine] >= 2
        # the spell starts at the last entry into >= very heavy after the last drop below it
        below = np.flatnonzero(~heavy)
        start = mine[below[-1] + 1] if below.size and below[-1] + 1 < mine.size else (
            mine[0] if not below.size and mine.size else None)
        if start is not None:
            count += 1
            total += int(week[b]) - int(week[start])
    return count, total


def compute_tallies(model) -> dict:
    """Additive tallies of a run (a :class:`~sim.world.World` or the model that owns one: its event log and
    series); see :func:`tallies_from_records`."""
    return tallies_from_records(model.log.arrays(), model.series.totals())


def compute_outcomes(model) -> dict:
    """Outcomes of a run (a world or a model: from its event log and series)."""
    return outcomes_from_tallies(compute_tallies(model))


def outcomes_from_records(log: dict, series: dict) -> dict:
    """Every outcome by name from event-log columns and per-week series totals (name -> array)."""
    return outcomes_from_tallies(tallies_from_records(log, series))


def tallies_from_records(log: dict, series: dict) -> dict[str, int | float]:
    """The additive tallies (:data:`TALLY_NAMES`: plain ints for counts, floats for sums) from event-log
    columns and per-week series totals (name -> array over weeks)."""
    E = _Events(log)
    t: dict[str, int | float] = {f"series_{name}": float(np.sum(series[name])) for name in SERIES}
    per_event = np.bincount(log["event"], minlength=len(V.EVENTS))
    for e, name in enumerate(V.EVENTS):
        t[f"events_{name}"] = int(per_event[e])

    # transitions and handovers: a handover item's transition (and so its kind) is found by its ref
    t_ref, t_kind = E.col("ref", "transition"), E.col("detail", "transition")
    kind_of = np.full(int(t_ref.max()) + 1 if t_ref.size else 1, -1)
    kind_of[t_ref] = t_kind
    per_kind_trans = np.bincount(t_kind, minlength=len(V.TRANSITIONS))
    f_kind = kind_of[E.col("ref", "handover_failed")]
    per_kind_fail = np.bincount(f_kind, minlength=len(V.TRANSITIONS))
    for k, name in enumerate(V.TRANSITIONS):
        t[f"transitions_{name}"] = int(per_kind_trans[k])
    for k, name in enumerate(V.TRANSITIONS):
        t[f"handover_failed_{name}"] = int(per_kind_fail[k])
    per_channel = np.bincount(E.col("channel", "handover_failed"), minlength=len(V.CHANNELS))
    per_channel_ok = np.bincount(E.col("channel", "handover_delivered"), minlength=len(V.CHANNELS))
    for c, name in enumerate(V.CHANNELS):
        t[f"handover_failed_channel_{name}"] = int(per_channel[c])
    for c, name in enumerate(V.CHANNELS):
        t[f"handover_delivered_channel_{name}"] = int(per_channel_ok[c])
    t["handover_failed_to_carer"] = int((E.col("role", "handover_failed") == CARER_ROLE).sum())
    t["handover_delivered_to_carer"] = int((E.col("role", "handover_delivered") == CARER_ROLE).sum())
    med_ok = (E.col("detail", "handover_delivered") == V.MEDICATION) & (
        kind_of[E.col("ref", "handover_delivered")] == V.DISCHARGE)
    med_failed = (E.col("detail", "handover_failed") == V.MEDICATION) & (f_kind == V.DISCHARGE)
    t["discharge_medication_delivered"] = int(med_ok.sum())
    t["discharge_medication_failed"] = int(med_failed.sum())
    harm_kind = E.col("detail", "harm")
    for h, name in enumerate(V.HARMS):
        t[f"harm_{name}"] = int((harm_kind == h).sum())

    # complaints
    ends = np.bincount(E.col("detail", "complaint_closed"), minlength=len(V.COMPLAINT_ENDS))
    for e, name in enumerate(V.COMPLAINT_ENDS):
        t[f"complaints_closed_{name}"] = int(ends[e])
    weeks_open = E.col("value", "complaint_closed")[E.col("detail", "complaint_closed") == V.COMPLAINT_ENDS.index(
        "answered")]
    t["complaint_answered_weeks_sum"] = float(np.sum(weeks_open, dtype=np.float64))

    # carers
    spells, spell_weeks = _burnout_spells(log, E)
    t["burnout_spells"] = spells
    t["burnout_spell_weeks_sum"] = float(spell_weeks)
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
    for name in V.TRANSITIONS:
        out[f"transitions_{name}"] = t[f"transitions_{name}"]
        out[f"handover_failures_per_100_{name}"] = 100 * _div(t[f"handover_failed_{name}"], t[f"transitions_{name}"])
    for name in V.CHANNELS:
        out[f"handover_failures_channel_{name}_per_100_transitions"] = 100 * _div(
            t[f"handover_failed_channel_{name}"], n_trans)
        if name != "none":
            out[f"handover_delivered_by_{name}_share"] = _div(t[f"handover_delivered_channel_{name}"],
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
    out["carer_regelwerk_hours_per_week"] = _div(tot["carer_regelwerk_hours"], active)
    out["carer_budget_admin_hours_per_week"] = _div(tot["budget_admin_hours"], active)
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
        out[f"complaint_share_{name}"] = _div(ends[e], n_closed)
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
    return out


#: Every outcome's name, in the order :func:`outcomes_from_tallies` gives them.
OUTCOME_NAMES: tuple[str, ...] = tuple(outcomes_from_tallies({
    name: 0.0 if name in SUM_TALLIES else 0 for name in TALLY_NAMES}))
