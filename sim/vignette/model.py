"""A vignette ready to run: :func:`load_vignette`, the :class:`Vignette` it returns, and the :class:`VignetteModel`
that runs it under a policy and seed (:func:`run_vignette` does both). :func:`vignette_from_tables` builds one from
tables and parameters kept by an ensemble; :func:`check_vignette_years` refuses a run too short for its events.

:func:`load_vignette` reads and checks the file (:mod:`sim.vignette.format`) and builds its network and schedule
(:mod:`sim.vignette.build`). A :class:`VignetteModel` runs exactly as :class:`~sim.model.CareNetworkModel`; it
only keeps the vignette, the names of its people and, for the story, whom the policy's building blocks reach at the
start and each change of that at the end of a week (:func:`~sim.vignette.policy.policy_reach`). ``years`` is the run
length (52 weeks a year).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.network import Network
from sim.scenario import weeks_of
from sim.schedule import ScheduledEvent
from sim.parameters import ScenarioParams
from sim.vignette.build import build_vignette
from sim.vignette.format import VignetteError, VignetteFile, check_vignette, read_vignette
from sim.vignette.policy import policy_reach


@dataclass
class Vignette(VignetteFile):
    """A validated vignette: the checked file (scenario parameters, people, events, names) with the hand-made
    network and the schedule built from it."""

    network: Network
    schedule: list[ScheduledEvent]

    def model_kwargs(self) -> dict:
        """Keyword arguments for :class:`~sim.model.CareNetworkModel` (scenario, network, schedule).

        A plain ``CareNetworkModel(**kwargs)`` runs the vignette fully; :class:`VignetteModel` adds the names."""
        return {"scenario": self.params, "network": self.network, "schedule": list(self.schedule)}

    def model(self, policy: str = "none", seed: int = 0, years: float | None = None, mesa_agents: bool = True,
              **overrides) -> "VignetteModel":
        """A model of this vignette under ``policy`` (not yet run)."""
        return VignetteModel(self, policy=policy, seed=seed, years=years, mesa_agents=mesa_agents, **overrides)

    def client_index(self, name: str) -> int:
        return _index(self.names["client"], name, "client")

    def carer_index(self, name: str) -> int:
        return _index(self.names["carer"], name, "carer")

    def post_index(self, name: str) -> int:
        return _index(self.names["post"], name, "professional")


def _index(names: dict[int, str], name: str, kind: str) -> int:
    for i, n in names.items():
        if n == name:
            return i
    raise KeyError(f"no {kind} named {name!r} (known: {', '.join(names.values())})")


def load_vignette(name_or_path: str | Path, overrides: dict | None = None) -> Vignette:
    """Read, validate and build a vignette (built-in name or ``.toml`` path), with ``overrides`` (dotted parameter
    names -> values, as ``--set``) laid over its scenario part. Raises :class:`VignetteError`."""
    return _built(read_vignette(name_or_path, overrides))


def vignette_from_tables(tables: dict, params: ScenarioParams, path: str | Path) -> Vignette:
    """Validate and build a vignette from its network tables (:func:`~sim.vignette.format.vignette_tables`) and
    validated scenario parameters, without reading a file (an ensemble's worker, with the stored parameters of its
    run). ``path`` names the file in messages. Raises :class:`VignetteError`."""
    return _built(check_vignette(tables, params, path))


def _built(file: VignetteFile) -> Vignette:
    network, schedule = build_vignette(file)
    return Vignette(**{f.name: getattr(file, f.name) for f in fields(file)}, network=network, schedule=schedule)


def check_vignette_years(vignette: VignetteFile, years: float | None) -> None:
    """Refuse a run length (``years``; None: the vignette's own) that ends before one of the vignette's events, or
    before the first week a failure's ``weeks`` look at."""
    if years is None:
        return
    n_weeks = weeks_of(years)
    late = [e for e in vignette.events if e["week"] >= n_weeks]
    if late:
        first = late[0]
        raise VignetteError(f"{vignette.path}: years = {years!r} not allowed: event {first['index']} "
                            f"({first['kind']}) is in week {first['week']}, after the run's {n_weeks} weeks "
                            f"(allowed: years >= {(max(e['week'] for e in late) + 1) / 52:.2f})")
    windows = [(f["name"], s["weeks"][0]) for f in vignette.failures
               for s in [f["given"], *f["happens"], *f["missing"]] if s is not None and s["weeks"] is not None]
    late_windows = [(name, week) for name, week in windows if week >= n_weeks]
    if late_windows:
        name, week = late_windows[0]
        raise VignetteError(f"{vignette.path}: years = {years!r} not allowed: failure {name!r} looks at week "
                            f"{week}, after the run's {n_weeks} weeks (allowed: years >= "
                            f"{(max(w for _, w in late_windows) + 1) / 52:.2f})")


class VignetteModel(CareNetworkModel):
    """A :class:`~sim.model.CareNetworkModel` of one vignette: its network, schedule and names.

    It runs exactly as the model; it only keeps the vignette, the names of its people and whom the policy reaches.

    Attributes:
        names: ``{"client": {index: name}, "carer": ..., "post": ..., "organisation": ...}``.
        vignette: the :class:`Vignette` it runs.
        reach_start: the rows of :func:`~sim.vignette.policy.policy_reach` at the start of the story (after set-up
            and any warm-up); none under ``none``.
        reach_changes: the rows that changed (applies, or the reason it does not) at the end of a week, in order,
            each with its ``week`` and ``was_applies`` (whether the block applied the week before).
    """

    def __init__(self, vignette: Vignette, policy: str = "none", seed: int = 0, years: float | None = None,
                 mesa_agents: bool = True, **overrides):
        check_vignette_years(vignette, years)
        super().__init__(scenario=vignette.params, policy=policy, seed=seed, years=years,
                         network=vignette.network, schedule=vignette.schedule, mesa_agents=mesa_agents, **overrides)
        self.vignette = vignette
        self.names = copy.deepcopy(vignette.names)
        self.reach_start = policy_reach(self)
        self.reach_changes: list[dict] = []
        self._reach_codes = self._block_reach()

    def step(self) -> None:
        """Run the week as the model does, then note whom the policy's blocks reach if that changed."""
        before = self.world.week
        super().step()
        if self.world.week > before and self.world.blocks:
            self._note_reach(self.week - 1)

    def _block_reach(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(applies, reason)`` per block of the policy now (:meth:`sim.policies.Block.reach`)."""
        return [block.reach(self.world) for block in self.world.blocks]

    def _note_reach(self, week: int) -> None:
        """Compare with the previous week's end (cheap: codes only) and keep the rows that changed."""
        codes = self._block_reach()
        changed = np.array([(applies != was_applies) | (reason != was_reason)
                            for (applies, reason), (was_applies, was_reason) in zip(codes, self._reach_codes)])
        was_applies = [applies for applies, _ in self._reach_codes]
        self._reach_codes = codes
        for c in np.flatnonzero(changed.any(axis=0)):
            rows = policy_reach(self, int(c))  # one row per block, in the order of the blocks
            self.reach_changes += [{"week": week, **row, "was_applies": bool(was_applies[k][c])}
                                   for k, row in enumerate(rows) if changed[k, c]]

    @property
    def carer_stopped(self) -> dict[int, int]:
        """Carer -> week the carer stopped caring (from the ``carer_dropout`` transitions in the log)."""
        log = self.log.arrays()
        sel = (log["event"] == V.EVENT["transition"]) & (log["detail"] == V.CARER_DROPOUT) & (log["actor"] >= 0)
        return {int(c): int(w) for c, w in zip(log["actor"][sel], log["week"][sel])}


def run_vignette(name: str | Path, policy: str = "none", seed: int = 0, years: float | None = None,
                 mesa_agents: bool = False, **overrides) -> VignetteModel:
    """Run a vignette (built-in name or ``.toml`` path) under ``policy`` with ``seed``; returns the run model.

    ``model.names`` maps indices to names; :func:`~sim.vignette.story.named_events` and
    :func:`~sim.vignette.story.story_lines` read the run."""
    return load_vignette(name).model(policy=policy, seed=seed, years=years, mesa_agents=mesa_agents,
                                     **overrides).run()
