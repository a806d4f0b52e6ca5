"""A vignette ready to run: :func:`load_vignette`, the :class:`Vignette` it returns, and the :class:`VignetteModel`
that runs it under a policy and seed (:func:`run_vignette` does both).

:func:`load_vignette` reads and checks the file (:mod:`sim.vignette.format`) and builds its network and schedule
(:mod:`sim.vignette.build`). A :class:`VignetteModel` runs exactly as :class:`~sim.model.CareNetworkModel`; it
only keeps the vignette and the names of its people. ``years`` is the run length (52 weeks a year).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from pathlib import Path

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.network import Network
from sim.scenario import weeks_of
from sim.schedule import ScheduledEvent
from sim.vignette.build import build_vignette
from sim.vignette.format import VignetteError, VignetteFile, read_vignette


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


def load_vignette(name_or_path: str | Path) -> Vignette:
    """Read, validate and build a vignette (built-in name or ``.toml`` path). Raises :class:`VignetteError`."""
    file = read_vignette(name_or_path)
    network, schedule = build_vignette(file)
    return Vignette(**{f.name: getattr(file, f.name) for f in fields(file)}, network=network, schedule=schedule)


class VignetteModel(CareNetworkModel):
    """A :class:`~sim.model.CareNetworkModel` of one vignette: its network, schedule and names.

    It runs exactly as the model; it only keeps the vignette and the names of its people.

    Attributes:
        names: ``{"client": {index: name}, "carer": ..., "post": ..., "organisation": ...}``.
        vignette: the :class:`Vignette` it runs.
    """

    def __init__(self, vignette: Vignette, policy: str = "none", seed: int = 0, years: float | None = None,
                 mesa_agents: bool = True, **overrides):
        n_weeks = weeks_of(years if years is not None else vignette.params.years)
        late = [e for e in vignette.events if e["week"] >= n_weeks]
        if late and years is not None:
            first = late[0]
            raise VignetteError(f"{vignette.path}: years = {years!r} not allowed: event {first['index']} "
                                f"({first['kind']}) is in week {first['week']}, after the run's {n_weeks} weeks "
                                f"(allowed: years >= {(max(e['week'] for e in late) + 1) / 52:.2f})")
        super().__init__(scenario=vignette.params, policy=policy, seed=seed, years=years,
                         network=vignette.network, schedule=vignette.schedule, mesa_agents=mesa_agents, **overrides)
        self.vignette = vignette
        self.names = copy.deepcopy(vignette.names)

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
