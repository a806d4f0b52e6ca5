"""What the calibration fits to what: the published Dutch figures (:data:`TARGETS`), the optimiser's coordinates
(:class:`Free`), the strain thresholds solved from the simulated strain (:class:`Solved`) and the blocks of
parameters fitted together (:class:`Block`, :func:`blocks`).

Figures are shares (fractions 0-1) or hours per week; strain thresholds are in strain units; search bounds are the
plausible ranges of :func:`sim.provenance.ranges_for_sensitivity` (carer availability, presence and practical
tasks: scale factors 0.5-2, presence 0.5-3, on the documented hours per week). This module imports nothing else
from the package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Nelder-Mead evaluations that refine the carer block's differential evolution (``--polish``).
POLISH = 40
#: Fixed-point rounds that solve the strain thresholds before and after the carer block's search.
SOLVE_ROUNDS = 3
#: Nelder-Mead evaluations that refine the carer block once more at the thresholds solved after its search (the
#: search itself runs at the thresholds solved at the start; the thresholds act back on the hours).
RESOLVED_POLISH = 30
#: Probability of 'hours >= this' in the carer-hours target (hours/week).
HOURS_CUT = 8.0
#: Weight of the two carer-hours targets. Carers' hours respond to the presence and practical tasks scales (what
#: carers give whatever care is arranged) and to their availability, so the hours are fitted at full weight beside
#: the burden shares, whose thresholds are solved.
HOURS_WEIGHT = 1.0

PROFILE_NAMES = ("frail_elderly", "chronic_ggz", "child_complex", "multi_problem")
AVAILABILITY_FIELDS = tuple(f"population.profiles.{p}.carer_available_hours" for p in PROFILE_NAMES)
#: What carers do whatever care is arranged: presence (the co-resident primary carer only) and practical tasks
#: (shared by all the client's carers), each scaled by its own coordinate. Presence lengthens the hours of the
#: carers who already give many; practical tasks add hours to every carer: the two shape the hours distribution.
PRESENCE_FIELDS = tuple(f"population.profiles.{p}.presence_hours" for p in PROFILE_NAMES)
PRACTICAL_FIELDS = tuple(f"population.profiles.{p}.practical_hours" for p in PROFILE_NAMES)
#: The burden categories in rising order, and the strain threshold at which each begins (sim.processes.strain).
CATEGORY_TARGETS = ("carer_share_fairly_heavy", "carer_share_very_heavy", "carer_share_overburdened")
THRESHOLD_FIELDS = ("strain.fairly_heavy", "strain.very_heavy", "strain.overburdened")


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
    kind: str = "outcome"   # "outcome" (sim.outcomes) or "extra" (computed in experiments/calibration/statistics.py)
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


def parameter_value(params: Any, dotted: str) -> Any:
    """The value of the parameter named ``dotted`` (e.g. ``strain.care_load``) in validated parameters."""
    value: Any = params
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _documented(dotted: str) -> float:
    """The code default (sim/parameters.py) of a parameter: the start, whatever the scenario file says now."""
    from sim.parameters import ScenarioParams
    return float(parameter_value(ScenarioParams(), dotted))


@dataclass(frozen=True)
class Solved:
    """A strain threshold solved, not searched: the strain reached by the share ``tail`` of active carer-weeks
    (the published share of its category plus those of the categories above it), kept within its plausible range
    ``lo``-``hi``. Three thresholds for three shares: once the strain distribution is simulated, the thresholds
    that reproduce the shares are its quantiles."""

    field: str
    tail: float                    # fraction of active carer-weeks at or above the threshold
    lo: float
    hi: float
    start: float
    decimals: int = 3


def _free(dotted: str, decimals: int = 3) -> Free:
    from sim.provenance import ranges_for_sensitivity
    lo, hi = ranges_for_sensitivity()[dotted]
    return Free(dotted, (dotted,), lo, hi, _documented(dotted), decimals=decimals)


def _scale(name: str, fields: tuple[str, ...], hi: float = 2.0) -> Free:
    """A scale factor 0.5-``hi`` on the documented values of ``fields`` (hours, written to 0.1)."""
    return Free(name, fields, 0.5, hi, 1.0, base=tuple(_documented(f) for f in fields), decimals=1)


#: Upper end of the presence scale: 3 x the documented hours is 48 h/week for a parent of a child with complex care,
#: within the 35-56 h/week (5-8 hours a day) that 40% of such mothers report (CP Nederland, see presence_hours), and
#: 24 h/week for a partner of a frail elderly client.
PRESENCE_SCALE_MAX = 3.0


def thresholds() -> tuple[Solved, ...]:
    """The three strain thresholds, solved from the published burden shares."""
    from sim.provenance import ranges_for_sensitivity
    ranges = ranges_for_sensitivity()
    return tuple(Solved(field, sum(TARGET[k].value for k in CATEGORY_TARGETS[i:]), *ranges[field], _documented(field))
                 for i, field in enumerate(THRESHOLD_FIELDS))


def blocks() -> dict[str, Block]:
    """The three blocks, fitted in this order."""
    return {
        "handover": Block("handover", (_free("workforce.systems_connected"), _free("handover.paper_complete")),
                          policy="none", popsize=5, maxiter=4, polish=20),
        "carers": Block("carers", (_scale("carer availability scale (x documented carer_available_hours)",
                                          AVAILABILITY_FIELDS),
                                   _scale("carer presence scale (x documented presence_hours)", PRESENCE_FIELDS,
                                          PRESENCE_SCALE_MAX),
                                   _scale("carer practical tasks scale (x documented practical_hours)",
                                          PRACTICAL_FIELDS),
                                   _free("strain.care_load"), _free("strain.regelwerk_load", 4)),
                        policy="none", popsize=3, maxiter=4, polish=POLISH, solved=thresholds()),
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
    solved: tuple[Solved, ...] = ()   # thresholds solved from the simulated strain (carers)

    @property
    def targets(self) -> tuple[Target, ...]:
        return tuple(t for t in TARGETS if t.block == self.name)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for p in self.free for f in p.fields) + tuple(s.field for s in self.solved)

    def overrides(self, x: Sequence[float], rounded: bool = False) -> dict[str, float]:
        out: dict[str, float] = {}
        for p, v in zip(self.free, x):
            out.update(p.values(float(v), rounded))
        return out


__all__ = ["AVAILABILITY_FIELDS", "CATEGORY_TARGETS", "HOURS_CUT", "HOURS_WEIGHT", "POLISH", "PRACTICAL_FIELDS",
           "PRESENCE_FIELDS", "PROFILE_NAMES", "RESOLVED_POLISH", "SOLVE_ROUNDS", "TARGET", "TARGETS", "THRESHOLD_FIELDS", "Block", "Free",
           "Solved", "Target", "blocks", "parameter_value", "thresholds"]
