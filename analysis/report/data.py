"""What the report is made of: a ``carenet compare`` results folder read and summarized.

:func:`load_report_data` reads the folder with :func:`analysis.results.load_results` (the same checks and
messages as ``carenet.load_results``) and its ``manifest.json`` (the definition, the software that made the
results), and summarizes the outcomes the report shows with :func:`analysis.ensemble.summarize`: per scenario,
policy and outcome the mean and 95% t-interval over replicates and the paired difference to ``none``.
Nothing here formats anything; :mod:`analysis.report.render` does.
"""

from __future__ import annotations

import json
import math
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.ensemble import summarize
from analysis.report.labels import PAYER_COSTS, PAYERS_TOTAL
from analysis.results import SERIES_FILE, ResultsError, load_results, load_series
from sim.outcomes import HEADLINE, OUTCOMES
from sim.vocabulary import BLOCKS, CHANNELS, NOT_REACHED, TRANSITIONS

#: The policy every other is compared with.
BASELINE = "none"
#: The interval level of every interval in the report.
LEVEL = 0.95
#: The regiebehandelaar's hours (what coordination costs in professional time).
COORDINATION = "coordination_hours_per_client_year"
#: What the comparison table shows: the headline outcomes, the payers' cost and the regiebehandelaar's hours.
TABLE_OUTCOMES = (*HEADLINE, PAYERS_TOTAL, COORDINATION)
#: The carer-burden categories (CBS's four), lightest first; they add up to 1 per policy.
BURDEN = ("carer_share_not_or_somewhat", "carer_share_fairly_heavy", "carer_share_very_heavy",
          "carer_share_overburdened")
#: The fates of closed complaints; they add up to 1 per policy.
FATES = ("complaint_fate_answered_share", "complaint_fate_answered_in_part_share", "complaint_fate_unanswered_share",
         "complaint_fate_given_up_share")
#: Transitions with at least one failed handover item, per kind of transition.
BY_TRANSITION = tuple(f"transitions_with_failed_handover_share_{k}" for k in TRANSITIONS)
#: Failed handover items per 100 transitions by the first channel open to the item (they add up to the total).
BY_CHANNEL = tuple(f"handover_failures_channel_{c}_per_100_transitions" for c in CHANNELS)
#: Who does the work: the professionals' coordination and plan-keeping hours, the carers' care and arranging hours.
WORK = (COORDINATION, "recording_hours_per_client_year", "carer_care_hours_per_week", "carer_regelwerk_hours_per_week")
#: The inspectorate's four themes (scores 0-100, higher is better).
THEMES = ("theme_client_central", "theme_informal_care", "theme_integrated_care", "theme_safety")
#: The two axes of the cost-outcome plane.
PLANE = ("cost_payers_per_client_year", "transitions_with_failed_handover_share")
#: Every outcome the trade-offs and mechanism figures show (:mod:`analysis.report.mechanisms`).
MECHANISM_OUTCOMES = (*BURDEN, *FATES, *BY_TRANSITION, *BY_CHANNEL, *WORK, *THEMES, "carer_share_heavily_burdened")
#: Whom each policy reaches: the share of client-weeks reached by any of its blocks, and per block the share
#: reached and the shares not reached, by reason (NaN for a block the policy does not have).
REACH = ("policy_reach_share", *(f"reach_{b}_share" for b in BLOCKS),
         *(f"not_reached_{b}_{r}_share" for b in BLOCKS for r in NOT_REACHED[b]))
#: Every outcome the report summarizes.
REPORTED = tuple(dict.fromkeys((*TABLE_OUTCOMES, *PAYER_COSTS, *MECHANISM_OUTCOMES, *REACH)))
#: The weekly series the fan charts show (ratios of :func:`analysis.results.load_series`).
FAN_SERIES = ("carer_strain_mean", "unmet_hours_share")
#: The manifest an experiment folder holds (written by :mod:`experiments.store`).
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class ReportData:
    """A comparison, summarized.

    Attributes:
        folder: the results folder, as given.
        summary: :func:`analysis.ensemble.summarize` of :data:`REPORTED` (columns scenario, policy, outcome, n,
            mean, lo, hi, diff_n, diff_mean, diff_lo, diff_hi).
        scenarios: the scenarios in the order run.
        policies: the policies in the order run (``none`` among them).
        manifest: the folder's ``manifest.json`` (empty when there is none).
        series: the weekly series of every run (:func:`analysis.results.load_series`: run_id, scenario, policy,
            replicate, week and :data:`FAN_SERIES`), or None for a folder that keeps none.
    """

    folder: Path
    summary: pd.DataFrame
    scenarios: tuple[str, ...]
    policies: tuple[str, ...]
    manifest: dict = field(default_factory=dict)
    series: pd.DataFrame | None = None

    @property
    def definition(self) -> dict:
        """The experiment's definition (scenarios, policies, replicates, years, root_seed, overrides), or {}."""
        return self.manifest.get("record", {}).get("definition", {})

    @property
    def replicates(self) -> int:
        """Replicates per policy: the manifest's, else the most pairs of any row."""
        return int(self.definition.get("replicates") or self.summary["n"].max())

    def cell(self, scenario: str, policy: str, outcome: str) -> pd.Series:
        """One row of :attr:`summary`."""
        s = self.summary
        return s[(s["scenario"] == scenario) & (s["policy"] == policy) & (s["outcome"] == outcome)].iloc[0]

    def others(self) -> tuple[str, ...]:
        """The policies compared with :data:`BASELINE`, in the order run."""
        return tuple(p for p in self.policies if p != BASELINE)


def load_report_data(folder: str | Path) -> ReportData:
    """Read and summarize the ``carenet compare`` results in ``folder``.

    Raises:
        ResultsError: ``folder`` is not a readable results folder (see :func:`analysis.results.load_results`),
            holds a sweep or sensitivity analysis, lacks an outcome the report shows, or has no ``none`` runs
            to compare with; the message names the folder and what is allowed.
    """
    folder = Path(folder)
    results = load_results(folder)
    manifest = read_manifest(folder)
    kind = manifest.get("kind", "carenet compare")
    if kind != "carenet compare" or results["point"].nunique() > 1:
        raise ResultsError(f"{folder}: holds the results of {kind if kind != 'carenet compare' else 'a sweep'} "
                           "(allowed: a folder written by carenet compare; give a sweep or sensitivity analysis "
                           "beside one)")
    missing = [name for name in REPORTED if name not in results.columns]
    if missing:
        raise ResultsError(f"{folder}: outcome(s) {', '.join(missing)} missing (allowed: the outcomes table of "
                           "carenet compare at this version; rerun the comparison)")
    policies = tuple(dict.fromkeys(results["policy"]))
    if BASELINE not in policies:
        raise ResultsError(f"{folder}: no runs of policy {BASELINE!r} (allowed: a comparison that includes "
                           f"{BASELINE}, the status quo every difference is paired with; it has "
                           f"{', '.join(policies)})")
    experiments = results[["run_id", "scenario", "policy", "replicate"]]
    summary = summarize(experiments, results[["run_id", *REPORTED]], REPORTED, BASELINE, LEVEL)
    series = None
    if (folder / SERIES_FILE).is_file():
        series = load_series(folder)[["run_id", "scenario", "policy", "replicate", "week", *FAN_SERIES]]
    return ReportData(folder=folder, summary=summary, scenarios=tuple(dict.fromkeys(results["scenario"])),
                      policies=policies, manifest=manifest, series=series)


def read_manifest(folder: Path) -> dict:
    """The ``manifest.json`` of a results folder ({} when there is none).

    Raises:
        ResultsError: the manifest is not readable JSON (the message names the file).
    """
    path = Path(folder) / MANIFEST_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsError(f"{path}: cannot be read as JSON ({exc}) (allowed: the manifest carenet compare "
                           "writes)") from None


def regenerate_command(data: ReportData) -> str | None:
    """The ``carenet compare`` command that regenerates the results (None without a manifest): the definition's
    scenarios, policies, replicates, years, root seed and overrides, and the folder as ``--out``."""
    d = data.definition
    if not d:
        return None
    args = ["carenet", "compare", *d["scenarios"], "--policies", ",".join(d["policies"]),
            "--replicates", str(d["replicates"])]
    if d.get("years") is not None:
        args += ["--years", f"{d['years']:g}"]
    args += ["--seed", str(d["root_seed"])]
    for key, value in (d.get("overrides") or {}).items():
        args += ["--set", f"{key}={value}"]
    args += ["--out", str(data.folder)]
    return shlex.join(args)


def forest_table(data: ReportData) -> pd.DataFrame:
    """The forest plot's data: per scenario, policy other than none and headline outcome, the unit and the paired
    difference to none (n, mean, 95% interval)."""
    s = data.summary
    rows = s[s["outcome"].isin(HEADLINE) & (s["policy"] != BASELINE)]
    return with_unit(rows[["scenario", "policy", "outcome", "diff_n", "diff_mean", "diff_lo", "diff_hi"]])


def costs_table(data: ReportData) -> pd.DataFrame:
    """The cost figure's data: per scenario, policy other than none and payer (and the payers together), the
    paired difference to none (n, mean, 95% interval) in EUR per client-year."""
    s = data.summary
    rows = s[s["outcome"].isin((*PAYER_COSTS, PAYERS_TOTAL)) & (s["policy"] != BASELINE)]
    return with_unit(rows[["scenario", "policy", "outcome", "diff_n", "diff_mean", "diff_lo", "diff_hi"]])


def comparison_table(data: ReportData) -> pd.DataFrame:
    """The comparison table's data: every outcome of :data:`TABLE_OUTCOMES` per scenario and policy, its unit,
    n, mean and 95% interval, and the paired difference to none."""
    s = data.summary
    return with_unit(s[s["outcome"].isin(TABLE_OUTCOMES)])


def with_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (one outcome per row) with the outcome's stored unit (:attr:`sim.outcomes.Outcome.unit`: shares as
    fractions 0-1) in a column ``unit`` after ``outcome``, as the CSVs behind the figures and tables give it."""
    rows = rows.reset_index(drop=True)
    rows.insert(rows.columns.get_loc("outcome") + 1, "unit", [OUTCOMES[name].unit for name in rows["outcome"]])
    return rows


def verdict(diff_lo: float, diff_hi: float) -> str:
    """What a paired difference's 95% interval says: ``"reduces"`` (below 0), ``"increases"`` (above 0),
    ``"noise"`` (it includes 0), ``"zero"`` (exactly 0 in every replicate) or ``"undetermined"`` (no interval:
    fewer than two pairs)."""
    if not (math.isfinite(diff_lo) and math.isfinite(diff_hi)):
        return "undetermined"
    if diff_lo == 0 and diff_hi == 0:
        return "zero"
    if diff_hi < 0:
        return "reduces"
    if diff_lo > 0:
        return "increases"
    return "noise"
