"""Calibration behind ``carenet calibrate [SCENARIO]``: fit the calibratable parameters to the published Dutch figures.

Modules, one job each (each imports only those above it):

* :mod:`~experiments.calibration.targets`: the published figures and what is fitted to what (``Target``,
  ``Free``, ``Solved``, ``Block``, ``blocks()``);
* :mod:`~experiments.calibration.statistics`: the statistics computed from model runs;
* :mod:`~experiments.calibration.optimiser`: a block's objective and the search (differential evolution, then
  Nelder-Mead);
* :mod:`~experiments.calibration.writer`: writing the fitted values into a scenario TOML file with
  ``[provenance]`` entries;
* :mod:`~experiments.calibration.run`: ``Settings`` and ``calibrate_all`` (fit, validation, probes).

The command itself is :mod:`carenet.cli.calibrate`; the report is rendered by :mod:`analysis.calibration_report`.

What is fitted to what (the mapping; the report ``docs/calibration.md`` repeats it with the results). Every
statistic is taken from runs of the scenario (default: ``default``) under the policy named.

* Carer burden, CBS Gezondheidsmonitor 2022 (overburdened 1.4%, very heavily 3.1%, fairly heavily 14.2%): outcomes
  ``carer_share_overburdened``, ``carer_share_very_heavy``, ``carer_share_fairly_heavy`` (policy none).
* Carer hours, CBS 2022 (12 h/week on average): outcome ``carer_care_hours_per_week``; (36% give 8 h/week or more):
  *extra* ``carer_share_8h_or_more``, the share of active carer-weeks with >= 8 h of care (policy none).
  These five fit the carer block. Searched: ``strain.care_load``, ``strain.regelwerk_load`` and three scale
  factors on the four profiles' ``carer_available_hours``, ``presence_hours`` and ``practical_hours``. Solved:
  the thresholds ``strain.fairly_heavy``, ``strain.very_heavy``, ``strain.overburdened`` are the quantiles of the
  simulated strain of active carer-weeks at which the published shares begin (within their plausible ranges).
* Discharge letters, Uitvlugt 2015 (medication complete in 63%): *extra* ``discharge_letter_gp_complete``, the
  expected completeness of the specialist's discharge medication item to the GP by its direct channel
  (``digital_complete`` between linked systems, ``paper_complete`` otherwise; policy none).
* Nursing handovers, V&VN/Nictiz 2014 (about 20% digital, 70% on paper): *extra* ``handover_digital_share``, the
  share of professional-to-professional handover items between linked information systems (policy none).
  These two fit the handover block: ``workforce.systems_connected`` and ``handover.paper_complete``.
* E-care plan, Congredi 2016 (21% of invited professionals took part): *extra* ``plan_posts_share``, the share of
  posts on the plan at set-up (policy digital_plan). Fits the plan block: ``policies.digital_plan.connected_share``.
* Checks, not fitted: LSP consent, CBS 2019 (60%) against the share of consenting clients at set-up
  (``consent_share`` is not calibratable); Uitvlugt's 63% against the outcome
  ``discharge_medication_complete_share``.

*Extra* statistics are computed in :mod:`experiments.calibration.statistics`, from the model object (the weekly
carer hours while stepping; the event log joined with the organisations' system links), not by ``sim.outcomes``.

``discharge_medication_complete_share`` counts every discharge medication item (to the GP, the pharmacist, the
district nurse and the carer, by any channel, complete *and in time*); Uitvlugt's 63% is the completeness of the
letter to the GP. The letter is the better match and is the fitted statistic; the outcome is reported against 63% as
a check. ``handover.carrier_complete`` (marked calibratable) has no figure in the brief the model can be compared
with (Uitvlugt's 16% is the GP's own medication overview two weeks later, which the model does not represent), so
it is not fitted: it keeps its documented value and the report shows what the outcome would need.

Method. Three blocks, fitted in turn, each with scipy's ``differential_evolution`` (fixed optimiser seed, fixed
budget: ``tol=0``, ``maxiter`` generations, deferred updating so that the result does not depend on the number of
worker processes, no gradient polish) on **common random numbers**: every evaluation runs the same replicate seeds.
The handover and carer blocks are then refined by a bounded Nelder-Mead search from the best member (``--polish``
evaluations; deterministic too). In the carer block three thresholds cut three shares from one strain scale, so
they are solved rather than searched (:class:`~experiments.calibration.targets.Solved`): a fixed point of
``SOLVE_ROUNDS`` rounds (run at the current thresholds, set each to its quantile of the pooled simulated strain)
before the search and again at its result; during the search the runs keep the thresholds of the first fixed
point and the shares are read at each evaluation's own quantiles, so the search settles the hours and the strain
scale while the shares follow; a second Nelder-Mead polish (``RESOLVED_POLISH`` evaluations) then refines the block
at the re-solved thresholds, which are solved once more.
The objective of a block is the sum over its targets of the (weighted: ``HOURS_WEIGHT``) squared relative error of
the mean over replicates,
plus a weak pull (``PRIOR_WEIGHT``) towards the documented values, measured in units of the plausible range, which
picks one point on a ridge of equally good fits. Bounds are the plausible ranges
(:func:`sim.provenance.ranges_for_sensitivity`; carer availability, presence and practical tasks: half to twice
the documented hours). The
handover block runs ``HANDOVER_YEARS`` (its statistics are fixed by the network and the item mix); the carer block
runs the scenario's own length, because burden shares rise with the length of a run (strain starts at zero and
needs grow); the plan block needs only the set-up. The fitted values are then rounded, validated on fresh seeds
(mean and 95% range of single runs) and written, each with a ``[provenance]`` entry "calibrated to ... by carenet
calibrate, seed S, DATE", into ``<name>-calibrated.toml`` in ``--out`` (a scenario whose ``base`` is the calibrated
one), beside the report; only ``--write-scenario`` writes them into the scenario file itself (and, for the default
scenario, the report into ``docs/``). ``--check`` re-runs and compares with the file instead, writing nothing.
"""

from __future__ import annotations

from experiments.calibration.optimiser import PRIOR_WEIGHT, Objective, misfit, optimise, prior_penalty, solve
from experiments.calibration.run import (FIT_REPLICATES, HANDOVER_YEARS, SEED_STRIDE, Settings, calibrate_all, probe,
                                         probes, scenario_raw, validation)
from experiments.calibration.statistics import (build_params, handover_statistics, lay_over, mean_stats,
                                                plan_statistics, run_statistics, summary)
from experiments.calibration.targets import (AVAILABILITY_FIELDS, HOURS_CUT, HOURS_WEIGHT, POLISH, PROFILE_NAMES,
                                             SOLVE_ROUNDS, TARGET, TARGETS, Block, Free, Solved, Target, blocks,
                                             parameter_value)
from experiments.calibration.writer import (BLOCK_PROVENANCE, CALIBRATED_NOTE, provenance_text, render_scenario,
                                            scenario_values, write_fitted)
from experiments.environment import REPO

__all__ = [
    "AVAILABILITY_FIELDS", "BLOCK_PROVENANCE", "CALIBRATED_NOTE", "FIT_REPLICATES", "HANDOVER_YEARS", "HOURS_CUT", "HOURS_WEIGHT",
    "POLISH", "PRIOR_WEIGHT", "PROFILE_NAMES", "REPO", "SEED_STRIDE", "SOLVE_ROUNDS", "TARGET", "TARGETS",
    "Block", "Free", "Objective", "Settings", "Solved", "Target", "blocks", "build_params", "calibrate_all",
    "handover_statistics", "lay_over", "mean_stats", "misfit", "optimise", "parameter_value", "plan_statistics",
    "prior_penalty", "probe", "probes", "provenance_text", "render_scenario", "run_statistics", "scenario_raw",
    "scenario_values", "solve", "summary", "validation", "write_fitted",
]
