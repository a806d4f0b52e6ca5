"""``carenet calibrate [SCENARIO]``: fit the calibratable parameters to the published Dutch figures.

What is fitted to what (the mapping; the report ``docs/calibration.md`` repeats it with the results). Every
statistic is taken from runs of the scenario (default: ``default``) under the policy named.

* Carer burden, CBS Gezondheidsmonitor 2022 (overburdened 1.4%, very heavily 3.1%, fairly heavily 14.2%): outcomes
  ``carer_share_overburdened``, ``carer_share_very_heavy``, ``carer_share_fairly_heavy`` (policy none).
* Carer hours, CBS 2022 (12 h/week on average): outcome ``carer_care_hours_per_week``; (36% give 8 h/week or more):
  *extra* ``carer_share_8h_or_more``, the share of active carer-weeks with >= 8 h of care (policy none).
  These five fit the carer block: ``strain.fairly_heavy``, ``strain.very_heavy``, ``strain.overburdened``,
  ``strain.care_load``, ``strain.regelwerk_load`` and one scale factor on the four profiles'
  ``carer_available_hours``.
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

*Extra* statistics are computed here, in ``experiments/``, from the model object (the weekly carer hours while
stepping; the event log joined with the organisations' system links), not by ``sim.outcomes``.

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
evaluations; deterministic too): a few generations cannot settle the carer block's six parameters.
The objective of a block is the sum over its targets of the (weighted: ``HOURS_WEIGHT``) squared relative error of
the mean over replicates,
plus a weak pull (``PRIOR_WEIGHT``) towards the documented values, measured in units of the plausible range, which
picks one point on a ridge of equally good fits. Bounds are the plausible ranges
(:func:`sim.provenance.ranges_for_sensitivity`; carer availability: half to twice the documented hours). The
handover block runs ``HANDOVER_YEARS`` (its statistics are fixed by the network and the item mix); the carer block
runs the scenario's own length, because burden shares rise with the length of a run (strain starts at zero and
needs grow); the plan block needs only the set-up. The fitted values are then rounded, validated on fresh seeds
(mean and 95% range of single runs) and written into the scenario file with a ``[provenance]`` entry
"calibrated to ... by carenet calibrate, seed S, DATE". ``--check`` re-runs and compares with the file instead.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import click
import numpy as np

REPO = Path(__file__).resolve().parent.parent

#: Weight of the pull towards the documented values (per parameter, squared distance in units of its range).
PRIOR_WEIGHT = 0.01
#: Nelder-Mead evaluations that refine the carer block's differential evolution (``--polish``).
POLISH = 40
#: Years simulated by the handover block (its statistics depend on the network and the item mix only).
HANDOVER_YEARS = 0.5
#: Replicate seeds: fitting uses seed*SEED_STRIDE + 1..R, validation seed*SEED_STRIDE + 101..; disjoint sets.
SEED_STRIDE = 1000
#: Minimum gap between the 'very heavy' and 'overburdened' thresholds kept by the optimiser (strain units).
THRESHOLD_GAP = 0.05
#: Probability of 'hours >= this' in the carer-hours target.
HOURS_CUT = 8.0
#: Weight of the two carer-hours targets. Carers only fill the gap between need and professional care, so their
#: hours hardly respond to the calibrated parameters (the report's probe: twice the availability adds well under an
#: hour); at full weight their large, nearly constant error would trade accuracy on the burden shares for
#: hundredths of an hour. At a quarter they still favour, among equally good burden fits, the one with more hours.
HOURS_WEIGHT = 0.25

PROFILE_NAMES = ("frail_elderly", "chronic_ggz", "child_complex", "multi_problem")
AVAILABILITY_FIELDS = tuple(f"population.profiles.{p}.carer_available_hours" for p in PROFILE_NAMES)


# --------------------------------------------------------------------------- targets

@dataclass(frozen=True)
class Target:
    """A published figure and the simulated statistic it is compared with."""

    key: str            # statistic name (an outcome of sim.outcomes, or an extra statistic computed here)
    value: float        # the published figure (fraction or hours/week)
    label: str
    source: str
    statistic: str      # what the simulated statistic is, in words
    block: str | None   # the block whose objective includes it; None: reported as a check only
    kind: str = "outcome"   # "outcome" (sim.outcomes) or "extra" (computed in experiments/calibrate.py)
    unit: str = "share"
    weight: float = 1.0     # weight of its squared relative error in the block's objective
    resolution: float = 0.005   # half a unit of the published figure's last digit (63% -> 0.005, 1.4% -> 0.0005)


TARGETS: tuple[Target, ...] = (
    Target("carer_share_overburdened", 0.014, "carers overburdened", "CBS Gezondheidsmonitor 2022",
           "share of active carer-weeks in the 'overburdened' category (policy none)", "carers", resolution=0.0005),
    Target("carer_share_very_heavy", 0.031, "carers very heavily burdened", "CBS Gezondheidsmonitor 2022",
           "share of active carer-weeks in the 'very heavily burdened' category (policy none)", "carers",
           resolution=0.0005),
    Target("carer_share_fairly_heavy", 0.142, "carers fairly heavily burdened", "CBS Gezondheidsmonitor 2022",
           "share of active carer-weeks in the 'fairly heavily burdened' category (policy none)", "carers",
           resolution=0.0005),
    Target("carer_care_hours_per_week", 12.0, "care hours per carer", "CBS Gezondheidsmonitor 2022",
           "hours of care per active carer-week, primary and secondary carers (policy none)", "carers",
           unit="hours/week", weight=HOURS_WEIGHT, resolution=0.5),
    Target("carer_share_8h_or_more", 0.36, "carers giving >= 8 h/week", "CBS Gezondheidsmonitor 2022",
           "share of active carer-weeks with >= 8 hours of care (policy none)", "carers", kind="extra",
           weight=HOURS_WEIGHT),
    Target("discharge_letter_gp_complete", 0.63, "discharge letters with complete medication",
           "Uitvlugt et al. 2015",
           "expected completeness of the specialist's discharge medication items to the GP by their direct "
           "channel: digital_complete between linked systems, paper_complete otherwise, with the link expected over "
           "its draw (policy none)", "handover",
           kind="extra"),
    Target("handover_digital_share", 0.20, "nursing handovers digital (vs 70% on paper)", "V&VN/Nictiz 2014",
           "share of professional-to-professional handover items (a post to another post) whose organisations' "
           "systems are linked, i.e. whose direct channel is digital, expected over the draw of links: 1 within an "
           "organisation, systems_connected between two (policy none)", "handover", kind="extra"),
    Target("plan_posts_share", 0.21, "invited professionals taking part in the plan", "Congredi et al., JMIR 2016",
           "share of professional posts on the digital plan at set-up (policy digital_plan)", "plan", kind="extra"),
    Target("consent_share", 0.60, "consent to share (LSP)", "CBS 2019",
           "share of clients who consent to share information, at set-up (policy digital_plan)", None, kind="extra"),
    Target("discharge_medication_complete_share", 0.63, "discharge medication information complete (all receivers)",
           "Uitvlugt et al. 2015",
           "outcome: discharge medication items that reached the GP, pharmacist, district nurse or carer complete "
           "and in time, by any channel (policy none)", None),
)
TARGET = {t.key: t for t in TARGETS}


# --------------------------------------------------------------------------- free parameters

@dataclass(frozen=True)
class Free:
    """One optimiser coordinate: a parameter, or a scale factor on several (carer availability)."""

    name: str
    fields: tuple[str, ...]
    lo: float
    hi: float
    start: float
    base: tuple[float, ...] = ()   # for a scale: the documented values it multiplies
    decimals: int = 3              # rounding of the written values

    @property
    def is_scale(self) -> bool:
        return bool(self.base)

    def values(self, x: float, rounded: bool = False) -> dict[str, float]:
        """{dotted field: value} for coordinate value ``x``."""
        if self.is_scale:
            return {f: (round(b * x, self.decimals) if rounded else b * x) for f, b in zip(self.fields, self.base)}
        return {self.fields[0]: round(float(x), self.decimals) if rounded else float(x)}


def _documented(dotted: str) -> float:
    """The code default (sim/parameters.py) of a parameter: the start, whatever the scenario file says now."""
    from sim.parameters import ScenarioParams
    value: Any = ScenarioParams()
    for part in dotted.split("."):
        value = getattr(value, part)
    return float(value)


def _free(dotted: str, decimals: int = 3) -> Free:
    from sim.provenance import ranges_for_sensitivity
    lo, hi = ranges_for_sensitivity()[dotted]
    return Free(dotted, (dotted,), lo, hi, _documented(dotted), decimals=decimals)


def blocks() -> dict[str, "Block"]:
    """The three blocks, fitted in this order."""
    availability = Free("carer availability scale (x documented carer_available_hours)", AVAILABILITY_FIELDS,
                        0.5, 2.0, 1.0, base=tuple(_documented(f) for f in AVAILABILITY_FIELDS), decimals=1)
    return {
        "handover": Block("handover", (_free("workforce.systems_connected"), _free("handover.paper_complete")),
                          policy="none", popsize=5, maxiter=4, polish=20),
        "carers": Block("carers", (availability, _free("strain.care_load"), _free("strain.regelwerk_load", 4),
                                   _free("strain.fairly_heavy"), _free("strain.very_heavy"),
                                   _free("strain.overburdened")),
                        policy="none", popsize=2, maxiter=3, polish=POLISH),
        "plan": Block("plan", (_free("policies.digital_plan.connected_share"),), policy="digital_plan",
                      popsize=10, maxiter=5, setup_only=True),
    }


@dataclass
class Block:
    """Parameters fitted together, to the targets whose ``block`` is this block's name."""

    name: str
    free: tuple[Free, ...]
    policy: str
    popsize: int                   # members per dimension (scipy's popsize)
    maxiter: int = 5               # generations of differential evolution
    setup_only: bool = False
    polish: int = 0                # Nelder-Mead evaluations after differential evolution

    @property
    def targets(self) -> tuple[Target, ...]:
        return tuple(t for t in TARGETS if t.block == self.name)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for p in self.free for f in p.fields)

    def overrides(self, x: Sequence[float], rounded: bool = False) -> dict[str, float]:
        out: dict[str, float] = {}
        for p, v in zip(self.free, x):
            out.update(p.values(float(v), rounded))
        return out

    def constraints(self):
        """'very heavy' < 'overburdened' (the plausible ranges overlap); fairly < very holds by the ranges."""
        names = [p.name for p in self.free]
        if "strain.very_heavy" not in names:
            return ()
        from scipy.optimize import LinearConstraint
        row = np.zeros(len(names))
        row[names.index("strain.overburdened")], row[names.index("strain.very_heavy")] = 1.0, -1.0
        return (LinearConstraint(row[None, :], THRESHOLD_GAP, np.inf),)


# --------------------------------------------------------------------------- statistics

def _set(tree: dict, dotted: str, value) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        tree = tree.setdefault(part, {})
    tree[parts[-1]] = value


def build_params(raw: dict, values: dict[str, float]):
    """Validated parameters: the scenario's raw table with ``values`` (dotted names) laid over it."""
    from sim.scenario import deep_merge, validate
    tree: dict = {}
    for dotted, value in values.items():
        _set(tree, dotted, value)
    return validate(deep_merge(raw, tree), "calibration candidate")


def handover_statistics(model) -> dict[str, float]:
    """Extra handover statistics from the event log and the organisations' system links (see TARGETS).

    The fitted versions take the *expected* link over the draw of system links: 1 within an organisation,
    ``workforce.systems_connected`` between two. With one to six organisations per role a municipality has only a
    few dozen organisation pairs, so the realised share of one run depends mostly on which pairs were drawn; the
    published figures are national, so the expectation is the statistic to compare (and is smooth in the
    parameter). The realised versions (``*_realised``) are reported alongside.
    """
    from sim import vocabulary as V
    from sim.observe import CARER_ROLE
    net, p = model.net, model.params
    log = model.log.arrays()
    ev = log["event"]
    transitions = np.flatnonzero(ev == V.EVENT["transition"])
    items = np.flatnonzero((ev == V.EVENT["handover_delivered"]) | (ev == V.EVENT["handover_failed"]))
    keys = ("discharge_letter_gp_complete", "handover_digital_share")
    out = {k + suffix: float("nan") for k in keys for suffix in ("", "_realised")}
    if items.size == 0 or transitions.size == 0:
        return out
    kind_of = np.full(int(log["ref"][transitions].max()) + 1, -1)
    kind_of[log["ref"][transitions]] = log["detail"][transitions]
    actor, target, role, ref = (log[c][items] for c in ("actor", "target", "role", "ref"))
    post_to_post = (actor >= 0) & (target >= 0) & (role != CARER_ROLE) & (actor != target)
    org_a = net.post_org[np.where(post_to_post, actor, 0)]
    org_b = net.post_org[np.where(post_to_post, target, 0)]
    realised = post_to_post & net.linked[org_a, org_b]
    expected = np.where(org_a == org_b, 1.0, p.workforce.systems_connected)
    if post_to_post.any():
        out["handover_digital_share"] = float(expected[post_to_post].mean())
        out["handover_digital_share_realised"] = float(realised[post_to_post].mean())
    letter = post_to_post & (role == V.GP) & (log["detail"][items] == V.MEDICATION) & (ref >= 0) & \
        (kind_of[np.clip(ref, 0, kind_of.size - 1)] == V.DISCHARGE)
    if letter.any():
        hp = p.handover
        complete = lambda link: link * hp.digital_complete + (1 - link) * hp.paper_complete  # noqa: E731
        out["discharge_letter_gp_complete"] = float(complete(expected[letter]).mean())
        out["discharge_letter_gp_complete_realised"] = float(complete(realised[letter].astype(float)).mean())
    return out


def plan_statistics(model) -> dict[str, float]:
    """Structural plan statistics at set-up (policy digital_plan)."""
    net = model.net
    return {"plan_posts_share": float(net.post_on_plan.mean()) if net.n_posts else float("nan"),
            "consent_share": float(net.consent.mean()) if net.n_clients else float("nan"),
            "plan_clients_share": float(net.plan.mean()) if net.n_clients else float("nan")}


def run_statistics(params, policy: str, seed: int, years: float, setup_only: bool = False,
                   by_year: bool = False) -> dict[str, float]:
    """One run: the outcomes the targets use plus the extra statistics (see TARGETS)."""
    from sim.model import CareNetworkModel
    model = CareNetworkModel(params, policy=policy, seed=seed, years=years, mesa_agents=False)
    if setup_only:
        return plan_statistics(model)
    over, active = 0, 0
    while model.running:
        model.step()
        on = model.net.carer_active
        active += int(on.sum())
        over += int(np.count_nonzero(on & (model.carer_care >= HOURS_CUT)))
    outcomes = model.outcomes()
    stats = {k: float(outcomes[k]) for k in (
        "carer_share_overburdened", "carer_share_very_heavy", "carer_share_fairly_heavy", "carer_share_heavily_burdened",
        "carer_care_hours_per_week", "discharge_medication_complete_share", "carer_burnout_per_carer_year",
        "handover_delivered_by_direct_digital_share", "handover_delivered_by_direct_paper_share")}
    stats["carer_share_8h_or_more"] = over / active if active else float("nan")
    stats.update(handover_statistics(model))
    if by_year:
        tot = model.series.totals()
        for y in range(int(math.ceil(model.n_weeks / 52))):
            sl = slice(52 * y, 52 * (y + 1))
            act = float(np.sum(tot["carers_active"][sl]))
            for k in ("fairly_heavy", "very_heavy", "overburdened"):
                stats[f"year{y + 1}_carer_share_{k}"] = float(np.sum(tot[f"carers_{k}"][sl])) / act if act else float("nan")
    return stats


def misfit(means: dict[str, float], targets: Sequence[Target]) -> dict[str, float]:
    """Weighted squared relative error of each target's simulated mean (NaN counts as a relative error of 1)."""
    out = {}
    for t in targets:
        sim = means.get(t.key, float("nan"))
        rel = (sim - t.value) / t.value if sim == sim else 1.0
        out[t.key] = t.weight * rel * rel
    return out


def prior_penalty(free: Sequence[Free], x: Sequence[float]) -> float:
    """The pull towards the documented values: PRIOR_WEIGHT * sum of squared distances in units of the range."""
    return PRIOR_WEIGHT * float(sum(((v - p.start) / (p.hi - p.lo)) ** 2 for p, v in zip(free, x)))


def mean_stats(reps: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = reps[0].keys() if reps else ()
    return {k: float(np.nanmean([r[k] for r in reps])) if any(r[k] == r[k] for r in reps) else float("nan")
            for k in keys}


@dataclass
class Objective:
    """A block's objective on common random numbers (picklable, so worker processes can evaluate it)."""

    block: Block
    raw: dict                      # the scenario's raw table, with the other blocks' fitted values laid over
    seeds: tuple[int, ...]
    years: float

    def replicate(self, x: Sequence[float], seed: int, rounded: bool = False) -> dict[str, float]:
        params = build_params(self.raw, self.block.overrides(x, rounded))
        return run_statistics(params, self.block.policy, seed, self.years, self.block.setup_only)

    def combine(self, x: Sequence[float], reps: Sequence[dict[str, float]]) -> dict[str, Any]:
        means = mean_stats(reps)
        errors = misfit(means, self.block.targets)
        prior = prior_penalty(self.block.free, x)
        return {"means": means, "squared_relative_errors": errors, "misfit": float(sum(errors.values())),
                "prior": prior, "objective": float(sum(errors.values())) + prior}

    def parts(self, x: Sequence[float], rounded: bool = False, mapper: Callable | None = None) -> dict[str, Any]:
        """Objective and its parts at ``x``; ``mapper`` runs the replicates in parallel."""
        if mapper is None:
            reps = [self.replicate(x, s, rounded) for s in self.seeds]
        else:
            reps = list(mapper(_replicate_task, [(self, tuple(float(v) for v in x), s, rounded) for s in self.seeds]))
        return self.combine(x, reps)

    def __call__(self, x) -> float:
        return self.parts(x)["objective"]


def _replicate_task(task) -> dict[str, float]:
    objective, x, seed, rounded = task
    return objective.replicate(x, seed, rounded)


# --------------------------------------------------------------------------- the optimiser

#: Objective added per unit of constraint violation during the Nelder-Mead polish (which has no constraints).
INFEASIBLE = 10.0


def optimise(objective: Objective, seed: int, maxiter: int, mapper: Callable = map,
             progress: Callable[[str], None] | None = None, polish: int = 0) -> dict[str, Any]:
    """Differential evolution on one block: fixed seed, fixed budget, deferred updating (results independent of
    the number of workers), the documented values as one member of the initial population. Then, if ``polish``
    > 0, a bounded Nelder-Mead search from the best member with at most ``polish`` evaluations (replicates run in
    parallel), which refines what the population found; it is deterministic on common random numbers."""
    from scipy.optimize import differential_evolution, minimize
    block = objective.block
    bounds = [(p.lo, p.hi) for p in block.free]
    n_pop = block.popsize * len(bounds)
    budget = n_pop * (maxiter + 1)
    started = time.perf_counter()
    history: list[float] = []

    def callback(intermediate_result):
        history.append(float(intermediate_result.fun))
        if progress:
            gen = len(history)
            progress(f"  [{block.name}] generation {gen}/{maxiter}: best objective {intermediate_result.fun:.4f} "
                     f"({min(n_pop * (gen + 1), budget)}/{budget} evaluations, {time.perf_counter() - started:.0f} s)")

    result = differential_evolution(
        objective, bounds, rng=np.random.default_rng(seed), maxiter=maxiter, popsize=block.popsize, tol=0.0,
        atol=0.0, polish=False, init="latinhypercube", updating="deferred", workers=mapper,
        constraints=block.constraints(), x0=np.array([p.start for p in block.free]), callback=callback)
    out = {"x": [float(v) for v in result.x], "objective": float(result.fun), "evaluations": int(result.nfev),
           "generations": int(result.nit), "message": str(result.message), "history": history,
           "de_x": [float(v) for v in result.x], "de_objective": float(result.fun), "polish_evaluations": 0,
           "polish_history": []}
    if polish > 0:
        lo, hi = np.array(bounds).T
        x_de = np.array(result.x)
        simplex = [x_de]
        for i in range(len(x_de)):  # steps of 5% of the range, inwards at a bound
            step = np.zeros_like(x_de)
            step[i] = 0.05 * (hi[i] - lo[i]) * (1 if x_de[i] + 0.05 * (hi[i] - lo[i]) <= hi[i] else -1)
            simplex.append(x_de + step)
        cons = block.constraints()
        polish_history: list[float] = []

        def penalised(x):
            x = np.clip(x, lo, hi)
            violation = sum(float(max(0.0, c.lb[0] - float(c.A[0] @ x))) for c in cons)
            value = INFEASIBLE * (1 + violation) if violation > 0 else objective.parts(x, mapper=mapper)["objective"]
            polish_history.append(value)
            if progress and len(polish_history) % 5 == 0:
                progress(f"  [{block.name}] polish {len(polish_history)}/{polish}: best objective "
                         f"{min(min(polish_history), result.fun):.4f} ({time.perf_counter() - started:.0f} s)")
            return value

        nm = minimize(penalised, x_de, method="Nelder-Mead", bounds=bounds,
                      options={"maxfev": polish, "initial_simplex": np.array(simplex), "xatol": 1e-4,
                               "fatol": 1e-5})
        out.update({"polish_evaluations": len(polish_history), "polish_history": polish_history,
                    "polish_message": str(nm.message)})
        if nm.fun < result.fun:
            out.update({"x": [float(v) for v in np.clip(nm.x, lo, hi)], "objective": float(nm.fun)})
        out["evaluations"] = int(result.nfev) + len(polish_history)
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


# --------------------------------------------------------------------------- the whole calibration

@dataclass
class Settings:
    scenario: str = "default"
    seed: int = 0
    n_clients: int | None = None       # None: the scenario's
    years: float | None = None         # None: the scenario's (carer block and validation)
    replicates: int = 4
    maxiter: int | None = None         # None: each block's own
    validate_replicates: int = 10
    workers: int = 1
    handover_years: float = HANDOVER_YEARS
    polish: int | None = None          # None: each block's own (handover 20, carers POLISH, plan 0)
    only: tuple[str, ...] = ()         # fit only these blocks (tests); the others keep their start values

    def fit_seeds(self) -> tuple[int, ...]:
        return tuple(self.seed * SEED_STRIDE + 1 + r for r in range(self.replicates))

    def validation_seeds(self) -> tuple[int, ...]:
        return tuple(self.seed * SEED_STRIDE + 101 + r for r in range(self.validate_replicates))


def scenario_raw(settings: Settings) -> tuple[dict, Any]:
    """The scenario's raw table (bases resolved) with the run size, and its validated parameters."""
    from sim.scenario import raw_scenario, validate
    raw, origin = raw_scenario(settings.scenario)
    params = validate(raw, origin)
    if settings.n_clients is not None:
        raw = {**raw, "population": {**raw.get("population", {}), "n_clients": settings.n_clients}}
    return raw, params


def _summary(values: Sequence[float]) -> dict[str, Any]:
    arr = np.array([v for v in values if v == v], float)
    if arr.size == 0:
        return {"mean": None, "lo": None, "hi": None, "sem": None, "values": list(values)}
    sem = float(arr.std(ddof=1) / math.sqrt(arr.size)) if arr.size > 1 else None
    return {"mean": float(arr.mean()), "lo": float(np.percentile(arr, 2.5)), "hi": float(np.percentile(arr, 97.5)),
            "sem": sem, "values": [float(v) for v in values]}


def _validate_one(task) -> dict[str, float]:
    params, seed, years = task
    stats = run_statistics(params, "none", seed, years, by_year=True)
    stats.update(run_statistics(params, "digital_plan", seed, years, setup_only=True))
    return stats


def validation(raw: dict, values: dict[str, float], seeds: Sequence[int], years: float, mapper) -> dict[str, Any]:
    """Every statistic over fresh seeds at the given values: per statistic mean, 95% range of single runs, s.e."""
    params = build_params(raw, values)
    reps = list(mapper(_validate_one, [(params, s, years) for s in seeds]))
    return {k: _summary([r[k] for r in reps]) for k in reps[0]}


def _probe_one(task) -> dict[str, float]:
    params, policy, seed, years = task
    return run_statistics(params, policy, seed, years)


def probe(raw: dict, values: dict[str, float], seeds, years, mapper) -> dict[str, float]:
    params = build_params(raw, values)
    return mean_stats(list(mapper(_probe_one, [(params, "none", s, years) for s in seeds])))


def calibrate_all(settings: Settings, progress: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Fit the blocks in turn, validate on fresh seeds, run the probes; returns the report data (JSON-able)."""
    import multiprocessing
    started = time.perf_counter()
    raw, params = scenario_raw(settings)
    years = settings.years if settings.years is not None else params.years
    n_clients = settings.n_clients if settings.n_clients is not None else params.population.n_clients
    # never fork the (possibly threaded) driver: a forkserver (or spawn where there is none) starts the workers
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = multiprocessing.get_context(method).Pool(settings.workers) if settings.workers > 1 else None
    mapper = pool.map if pool else (lambda f, xs: list(map(f, xs)))
    try:
        all_blocks = blocks()
        fitted: dict[str, float] = {}          # rounded values written to the scenario
        start_values: dict[str, float] = {}    # the documented values of every fitted field
        for block in all_blocks.values():
            start_values.update(block.overrides([p.start for p in block.free], rounded=True))
        # every fitted field starts from its documented value, whatever the scenario file holds now (a re-run
        # must not depend on the values an earlier calibration wrote)
        raw = _lay_over(raw, start_values)
        results: dict[str, Any] = {}
        current = raw
        for name, block in all_blocks.items():
            block_years = settings.handover_years if name == "handover" else years
            objective = Objective(block, current, settings.fit_seeds(), block_years)
            if settings.only and name not in settings.only:
                x = [p.start for p in block.free]
                res = {"x": x, "skipped": True}
            else:
                progress(f"block {name}: {len(block.free)} parameter(s), targets "
                         f"{', '.join(t.key for t in block.targets)}; {len(objective.seeds)} replicates x "
                         f"{'set-up only' if block.setup_only else f'{block_years:g} years'}, {n_clients:,} clients")
                polish = block.polish if settings.polish is None or not block.polish else settings.polish
                res = optimise(objective, settings.seed, settings.maxiter or block.maxiter, mapper, progress, polish)
                x = res["x"]
            values = block.overrides(x, rounded=True)
            at_fit = objective.parts(x, rounded=True, mapper=mapper)
            res.update({"fit_seeds": list(objective.seeds), "years": None if block.setup_only else block_years,
                        "policy": block.policy, "popsize": block.popsize,
                        "parameters": [{"name": p.name, "fields": list(p.fields), "lo": p.lo, "hi": p.hi,
                                        "start": p.start, "fitted": float(v), "base": list(p.base)}
                                       for p, v in zip(block.free, x)],
                        "targets": [t.key for t in block.targets], "at_fitted": at_fit})
            results[name] = res
            fitted.update(values)
            current = _lay_over(current, values)
        progress(f"validation: {settings.validate_replicates} fresh seeds x {years:g} years at the fitted and at "
                 "the documented values")
        after = validation(raw, fitted, settings.validation_seeds(), years, mapper)
        before = validation(raw, start_values, settings.validation_seeds(), years, mapper)
        progress("probes: carer availability at the top of its range; carrier_complete at the ends of its range")
        carers = all_blocks["carers"]
        top = {**fitted, **carers.free[0].values(carers.free[0].hi, rounded=True)}
        probes = {
            "availability_at_upper_bound": {"values": {k: top[k] for k in AVAILABILITY_FIELDS},
                                            "years": years, "seeds": list(settings.fit_seeds()),
                                            "stats": probe(raw, top, settings.fit_seeds(), years, mapper)},
        }
        from sim.provenance import ranges_for_sensitivity
        lo, hi = ranges_for_sensitivity()["handover.carrier_complete"]
        for end, value in (("low", lo), ("high", hi)):
            vals = {**fitted, "handover.carrier_complete": value}
            probes[f"carrier_complete_{end}"] = {
                "values": {"handover.carrier_complete": value}, "years": settings.handover_years,
                "seeds": list(settings.fit_seeds()),
                "stats": probe(raw, vals, settings.fit_seeds(), settings.handover_years, mapper)}
    finally:
        if pool:
            pool.close()
            pool.join()
    return {
        "scenario": settings.scenario,
        "seed": settings.seed,
        "date": _dt.date.today().isoformat(),
        "settings": {"n_clients": n_clients, "years": years, "handover_years": settings.handover_years,
                     "replicates": settings.replicates,
                     "maxiter": {n: settings.maxiter or b.maxiter for n, b in blocks().items()},
                     "polish": {n: (b.polish if settings.polish is None or not b.polish else settings.polish)
                                for n, b in blocks().items()},
                     "validate_replicates": settings.validate_replicates, "workers": settings.workers,
                     "fit_seeds": list(settings.fit_seeds()), "validation_seeds": list(settings.validation_seeds()),
                     "prior_weight": PRIOR_WEIGHT, "optimiser": "scipy.optimize.differential_evolution "
                     "(best1bin, latinhypercube init with the documented values as one member, tol=0, "
                     "deferred updating, no gradient polish), then scipy.optimize.minimize Nelder-Mead (bounded, "
                     "initial simplex 5% of each range) where a block has a polish budget"},
        "targets": [t.__dict__ for t in TARGETS],
        "blocks": results,
        "fitted": fitted,
        "documented": start_values,
        "validation": {"fitted": after, "documented": before},
        "probes": probes,
        "wall_time_seconds": round(time.perf_counter() - started, 1),
        "versions": _versions(),
    }


def _lay_over(raw: dict, values: dict[str, float]) -> dict:
    from sim.scenario import deep_merge
    tree: dict = {}
    for dotted, value in values.items():
        _set(tree, dotted, value)
    return deep_merge(raw, tree)


def _versions() -> dict[str, str | None]:
    from importlib import metadata
    out = {}
    for dist in ("numpy", "scipy", "mesa"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


# --------------------------------------------------------------------------- writing the scenario file

#: What the [provenance] entry of a block's fitted values says it was calibrated to.
BLOCK_PROVENANCE = {
    "handover": "complete medication in 63% of discharge letters (Uitvlugt et al. 2015) and about 20% digital "
                "nursing handovers (V&VN/Nictiz 2014)",
    "carers": "carer burden and hours (overburdened 1.4%, very heavily burdened 3.1%, fairly heavily burdened "
              "14.2%; 12 h/week on average, 36% give 8 h/week or more; CBS Gezondheidsmonitor 2022)",
    "plan": "21% of invited professionals taking part in an e-care plan (Congredi et al., JMIR 2016)",
}


def provenance_text(block: str, seed: int, date: str) -> str:
    """The [provenance] entry of a value fitted by a block."""
    return f"calibrated to {BLOCK_PROVENANCE[block]} by carenet calibrate, seed {seed}, {date} (docs/calibration.md)"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


CALIBRATED_NOTE = ("# Values whose [provenance] entry says \"calibrated to ...\" are written by `carenet calibrate`\n"
                   "# (experiments/calibrate.py; report in docs/calibration.md): re-run it rather than editing them.\n")


def render_scenario(raw: dict, header: str) -> str:
    """A scenario table as TOML: header comments, top-level keys, one [section] per table (in the order of
    sim.parameters), then [provenance]."""
    from sim.scenario import parameter_names
    order = {name: i for i, name in enumerate(parameter_names())}
    provenance = raw.get("provenance", {})
    top = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    leaves: dict[str, list[tuple[str, Any]]] = {}

    def walk(table: dict, prefix: str):
        for key, value in table.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, dotted + ".")
            else:
                leaves.setdefault(prefix[:-1], []).append((dotted, value))
    walk({k: v for k, v in raw.items() if isinstance(v, dict) and k != "provenance"}, "")
    lines = [header.rstrip("\n")] if header.strip() else []
    first_keys = [k for k in ("base", "name", "description") if k in top] + \
        [k for k in top if k not in ("base", "name", "description")]
    lines += [f"{k} = {_toml_value(top[k])}" for k in first_keys]
    sections = sorted(leaves, key=lambda s: min(order.get(d, len(order)) for d, _ in leaves[s]))
    for section in sections:
        lines += ["", f"[{section}]"]
        for dotted, value in sorted(leaves[section], key=lambda dv: order.get(dv[0], len(order))):
            lines.append(f"{dotted.rsplit('.', 1)[-1]} = {_toml_value(value)}")
    if provenance:
        flat = _flatten(provenance)
        lines += ["", "[provenance]"]
        for dotted in sorted(flat, key=lambda d: order.get(d, len(order))):
            lines.append(f"{json.dumps(dotted)} = {_toml_value(flat[dotted])}")
    return "\n".join(lines) + "\n"


def _flatten(table: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def write_fitted(path: Path, fitted: dict[str, float], sources: dict[str, str]) -> str:
    """Write fitted values (dotted names) with their [provenance] entries into a scenario file; returns the text.
    The file's own table is kept (no bases merged); its leading comment lines are kept as the header."""
    import tomllib
    text = path.read_text(encoding="utf-8")
    own = tomllib.loads(text)
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            header_lines.append(line)
        else:
            break
    header = "\n".join(header_lines).rstrip("\n")
    if CALIBRATED_NOTE.strip() not in header:
        header = (header + "\n" if header else "") + CALIBRATED_NOTE.rstrip("\n")
    for dotted, value in fitted.items():
        _set(own, dotted, value)
    prov = _flatten(own.pop("provenance", {}))
    prov.update(sources)
    own["provenance"] = prov
    new = render_scenario(own, header)
    tomllib.loads(new)  # must parse
    path.write_text(new, encoding="utf-8")
    return new


def scenario_values(scenario: str, names: Sequence[str]) -> dict[str, Any]:
    from sim.scenario import load_scenario
    params = load_scenario(scenario)
    out = {}
    for dotted in names:
        value: Any = params
        for part in dotted.split("."):
            value = getattr(value, part)
        out[dotted] = value
    return out


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --------------------------------------------------------------------------- the command

@click.command()
@click.argument("scenario", default="default")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Optimiser seed; the replicate seeds are derived from it (fit: 1000*S+1.., validation: 1000*S+101..).")
@click.option("--clients", default=None, type=int, help="Clients per run [default: the scenario's].")
@click.option("--years", default=None, type=float,
              help="Years per run of the carer block and the validation [default: the scenario's].")
@click.option("--replicates", default=4, show_default=True, type=int, help="Common-random-number replicates per evaluation.")
@click.option("--maxiter", default=None, type=int,
              help="Generations of differential evolution in every block [default: handover 5, carers 3, plan 5].")
@click.option("--polish", default=None, type=int,
              help="Nelder-Mead evaluations after differential evolution in the handover and carer blocks "
                   f"(0: none) [default: handover 20, carers {POLISH}].")
@click.option("--validate", "validate_replicates", default=10, show_default=True, type=int,
              help="Fresh replicates for the intervals at the fitted values.")
@click.option("--workers", default=min(2, os.cpu_count() or 1), show_default=True, type=int,
              help="Worker processes (the result does not depend on it).")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Directory for calibration.md and calibration.json [default: docs/ for the default scenario, "
                   "else runs/calibration-<scenario>].")
@click.option("--check", is_flag=True, help="Re-run and compare the fitted values with the scenario file; write nothing.")
@click.option("--no-write", is_flag=True, help="Write the report only, not the scenario file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def calibrate(scenario, seed, clients, years, replicates, maxiter, polish, validate_replicates, workers, out_dir,
              check, no_write, quiet):
    """Fit the calibratable parameters of SCENARIO to the published Dutch figures and write the report.

    Writes calibration.md and calibration.json and, unless --no-write or --check, the fitted values with their
    [provenance] entries into the scenario file. With --check: exit 0 if the re-run reproduces the values in the
    scenario file, 1 if not.
    """
    from analysis.calibration_report import render_markdown
    from sim.scenario import ScenarioError, load_scenario, scenario_path
    load_scenario(scenario)  # refuse a bad scenario before anything runs
    if replicates < 1 or (maxiter is not None and maxiter < 1) or validate_replicates < 2 or workers < 1 or (polish or 0) < 0:
        raise ScenarioError("--replicates, --maxiter and --workers must be >= 1, --validate >= 2, --polish >= 0")
    say = (lambda s: None) if quiet else (lambda s: click.echo(s, err=True))
    settings = Settings(scenario=scenario, seed=seed, n_clients=clients, years=years, replicates=replicates,
                        maxiter=maxiter, polish=polish, validate_replicates=validate_replicates, workers=workers)
    say(f"carenet calibrate {scenario} --seed {seed}: differential evolution on common random numbers "
        f"({workers} worker(s))")
    data = calibrate_all(settings, say)
    fitted = data["fitted"]
    if check:
        committed = scenario_values(scenario, list(fitted))
        bad = {k: (committed[k], v) for k, v in fitted.items() if not _same(committed[k], v)}
        click.echo(f"{'parameter':<58} {'in file':>10} {'re-run':>10}")
        for k, v in fitted.items():
            click.echo(f"{k:<58} {committed[k]!s:>10} {v!s:>10}" + ("   DIFFERENT" if k in bad else ""))
        click.echo(f"\n{len(fitted) - len(bad)} of {len(fitted)} values reproduced in {data['wall_time_seconds']:.0f} s.")
        sys.exit(1 if bad else 0)
    name = load_scenario(scenario).name
    out = Path(out_dir) if out_dir else (REPO / "docs" if name == "default" else Path("runs") / f"calibration-{name}")
    out.mkdir(parents=True, exist_ok=True)
    stem = "calibration" if name == "default" else f"calibration-{name}"
    if not no_write:
        path = scenario_path(scenario)
        block_of = {f: b for b, res in data["blocks"].items() for p in res["parameters"] for f in p["fields"]}
        sources = {f: provenance_text(block_of[f], seed, data["date"]) for f in fitted}
        write_fitted(path, fitted, sources)
        data["scenario_file"] = str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        say(f"wrote the fitted values into {path}")
    data = _json_safe(data)
    (out / f"{stem}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(render_markdown(data), encoding="utf-8")
    click.echo(render_markdown(data, summary_only=True))
    click.echo(f"Wrote {out / (stem + '.md')} and {out / (stem + '.json')} ({data['wall_time_seconds']:.0f} s).")


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
