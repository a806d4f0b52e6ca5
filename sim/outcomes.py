"""Outcomes, computed only from the recorded observations.

:func:`outcomes_from_records` takes the event-log columns and the per-step
series totals (exactly what ``events.parquet`` and ``steps.parquet`` hold) and
returns every outcome by name. Nothing here reads model state, so an outcome
can always be traced back to the events and series it comes from.

Units: rates per client-year use client-years observed (home and admitted
weeks / 52); carer rates use active carer-years; shares are fractions 0-1;
costs are EUR per client-year; theme scores are 0-100.
"""

from __future__ import annotations

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


def _time_to_burnout(log: dict, events: "_Events") -> float:
    """Mean weeks from a carer entering 'very heavy' (or worse) to the burnout that ends that spell."""
    det, week, actor = log["detail"], log["week"], log["actor"]
    burn = events("burnout")
    if burn.size == 0:
        return float("nan")
    cat = events("strain_category")
    spells = []
    for b in burn:  # sparse
        mine = cat[(actor[cat] == actor[b]) & (cat < b)]
        heavy = det[mine] >= 2
        # the spell starts at the last entry into >= very heavy after the last drop below it
        below = np.flatnonzero(~heavy)
        start = mine[below[-1] + 1] if below.size and below[-1] + 1 < mine.size else (
            mine[0] if not below.size and mine.size else None)
        if start is not None:
            spells.append(int(week[b]) - int(week[start]))
    return float(np.mean(spells)) if spells else float("nan")


def compute_outcomes(model) -> dict:
    """Outcomes of a model run (from its event log and series)."""
    return outcomes_from_records(model.log.arrays(), model.series.totals())


def outcomes_from_records(log: dict, series: dict) -> dict:
    """Every outcome by name from event-log columns and per-week series totals (name -> array)."""
    E = _Events(log)
    n = lambda name: int(E(name).size)  # noqa: E731
    tot = {name: float(np.sum(series[name])) for name in SERIES}
    client_years = (tot["clients_home"] + tot["clients_admitted"]) / 52
    carer_years = tot["carers_active"] / 52
    out: dict[str, float] = {"client_years": client_years, "carer_years": carer_years}

    # transitions and handovers
    t_ref, t_kind = E.col("ref", "transition"), E.col("detail", "transition")
    n_trans, n_failed, n_delivered = t_ref.size, n("handover_failed"), n("handover_delivered")
    out["transitions"] = n_trans
    out["transitions_per_client_year"] = _div(n_trans, client_years)
    out["handover_items"] = n_failed + n_delivered
    out["handover_failures"] = n_failed
    out["handover_failures_per_100_transitions"] = 100 * _div(n_failed, n_trans)
    out["handover_failures_per_client_year"] = _div(n_failed, client_years)
    out["handover_failure_share"] = _div(n_failed, out["handover_items"])
    kind_of = np.full(int(t_ref.max()) + 1 if n_trans else 1, -1)
    kind_of[t_ref] = t_kind
    per_kind_trans = np.bincount(t_kind, minlength=len(V.TRANSITIONS))
    f_kind = kind_of[E.col("ref", "handover_failed")]
    per_kind_fail = np.bincount(f_kind, minlength=len(V.TRANSITIONS))
    for k, name in enumerate(V.TRANSITIONS):
        out[f"transitions_{name}"] = int(per_kind_trans[k])
        out[f"handover_failures_per_100_{name}"] = 100 * _div(per_kind_fail[k], per_kind_trans[k])
    per_channel = np.bincount(E.col("channel", "handover_failed"), minlength=len(V.CHANNELS))
    per_channel_ok = np.bincount(E.col("channel", "handover_delivered"), minlength=len(V.CHANNELS))
    for c, name in enumerate(V.CHANNELS):
        out[f"handover_failures_channel_{name}_per_100_transitions"] = 100 * _div(per_channel[c], n_trans)
        if name != "none":
            out[f"handover_delivered_by_{name}_share"] = _div(per_channel_ok[c], out["handover_items"])
    med_ok = (E.col("detail", "handover_delivered") == V.MEDICATION) & (
        kind_of[E.col("ref", "handover_delivered")] == V.DISCHARGE)
    med_failed = (E.col("detail", "handover_failed") == V.MEDICATION) & (f_kind == V.DISCHARGE)
    out["discharge_medication_complete_share"] = _div(med_ok.sum(), med_ok.sum() + med_failed.sum())
    harm_kind = E.col("detail", "harm")
    out["harm_events"] = int(harm_kind.size)
    out["harm_per_100_transitions"] = 100 * _div(harm_kind.size, n_trans)
    for h, name in enumerate(V.HARMS):
        out[f"{name}_per_client_year"] = _div((harm_kind == h).sum(), client_years)
    out["story_repeats_per_client_year"] = _div(n("story_repeated"), client_years)
    out["crisis_admissions_per_client_year"] = _div(per_kind_trans[V.ADMISSION], client_years)

    # carers
    active = tot["carers_active"]
    fairly, very, over = (_div(tot[f"carers_{k}"], active) for k in ("fairly_heavy", "very_heavy", "overburdened"))
    out["carer_share_not_or_somewhat"] = 1 - fairly - very - over if active else float("nan")
    out["carer_share_fairly_heavy"], out["carer_share_very_heavy"], out["carer_share_overburdened"] = fairly, very, over
    out["carer_share_heavily_burdened"] = fairly + very + over
    out["carer_burnouts"] = n("burnout")
    out["carer_burnout_per_carer_year"] = _div(n("burnout"), carer_years)
    out["carer_dropouts"] = int(per_kind_trans[V.CARER_DROPOUT])
    out["carer_dropouts_per_carer_year"] = _div(per_kind_trans[V.CARER_DROPOUT], carer_years)
    out["time_to_burnout_weeks_mean"] = _time_to_burnout(log, E)
    out["carer_care_hours_per_week"] = _div(tot["carer_care_hours"], active)
    out["carer_regelwerk_hours_per_week"] = _div(tot["carer_regelwerk_hours"], active)
    out["carer_budget_admin_hours_per_week"] = _div(tot["budget_admin_hours"], active)
    to_carer_failed = (E.col("role", "handover_failed") == CARER_ROLE).sum()
    to_carer_ok = (E.col("role", "handover_delivered") == CARER_ROLE).sum()
    out["carer_sidelined_share"] = _div(to_carer_failed, to_carer_failed + to_carer_ok)
    out["overload_signals_per_carer_year"] = _div(n("overload_signalled"), carer_years)

    # complaints
    ends = np.bincount(E.col("detail", "complaint_closed"), minlength=len(V.COMPLAINT_ENDS))
    n_filed, n_closed = n("complaint_filed"), int(ends.sum())
    out["complaints_filed"] = n_filed
    out["complaints_per_100_client_years"] = 100 * _div(n_filed, client_years)
    out["complaints_closed"] = n_closed
    for e, name in enumerate(V.COMPLAINT_ENDS):
        out[f"complaint_share_{name}"] = _div(ends[e], n_closed)
    out["unanswered_complaint_share"] = _div(ends[2] + ends[3], n_closed)
    out["bounces_per_complaint"] = _div(n("complaint_bounced"), n_filed)
    weeks_open = E.col("value", "complaint_closed")[E.col("detail", "complaint_closed") == 0]
    out["time_to_answer_weeks_mean"] = float(weeks_open.mean()) if weeks_open.size else float("nan")

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
    out["cost_payers_per_client_year"] = sum(out[f"cost_{n}_per_client_year"] for n in payers)
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
    out["theme_safety"] = score(1 - _div(harm_kind.size, n_trans), 1 - out["crisis_admissions_per_client_year"] / 4)
    return out
