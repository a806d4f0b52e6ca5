"""Mesa agents: thin views onto the network arrays.

The weekly work runs as array operations in :mod:`sim.processes`; these agents
exist so that clients, carers and professionals can be inspected, queried with
Mesa's ``AgentSet`` (``model.agents_by_type[ClientAgent].select(...)``) and
drawn in SolaraViz. Each agent holds only its index; its attributes read the
current arrays, so they are always up to date.
"""

from __future__ import annotations

import mesa

from sim import vocabulary as V


class _View(mesa.Agent):
    """An agent that is a view on row ``index`` of the model's arrays."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = int(index)


class ClientAgent(_View):
    """A client living at home with multiple needs."""

    @property
    def profile(self) -> str:
        return V.PROFILES[self.model.net.profile[self.index]]

    @property
    def need(self) -> dict:
        """Current need per domain, hours/week."""
        return dict(zip(V.DOMAINS, self.model.net.need[self.index].round(2).tolist()))

    @property
    def arranged(self) -> dict:
        """Care arranged per domain, hours/week."""
        return dict(zip(V.DOMAINS, self.model.net.arranged[self.index].round(2).tolist()))

    @property
    def admitted(self) -> bool:
        return bool(self.model.net.admitted_until[self.index] >= 0)

    @property
    def unmet_share(self) -> float:
        return float(self.model.net.unmet_share[self.index])

    @property
    def arranger(self) -> str:
        """Who arranges this client's care now."""
        return V.ARRANGERS[self.model.world.who[self.index]]

    @property
    def members(self) -> dict:
        """Role -> post index of the professionals in this client's network."""
        row = self.model.net.member[self.index]
        return {V.ROLES[r]: int(p) for r, p in enumerate(row) if p >= 0}

    @property
    def has_plan(self) -> bool:
        return bool(self.model.net.plan[self.index])

    @property
    def coordinator(self) -> int:
        """Post of the regiebehandelaar, -1 if none."""
        return int(self.model.net.coordinator[self.index])


class CarerAgent(_View):
    """An informal carer (mantelzorger)."""

    @property
    def client(self) -> int:
        return int(self.model.net.carer_client[self.index])

    @property
    def active(self) -> bool:
        return bool(self.model.net.carer_active[self.index])

    @property
    def strain(self) -> float:
        return float(self.model.net.carer_strain[self.index])

    @property
    def category(self) -> str:
        """Survey category of burden."""
        return V.STRAIN_CATEGORIES[self.model.net.carer_category[self.index]]

    @property
    def available_hours(self) -> float:
        """Hours per week this carer can give."""
        return float(self.model.net.carer_available[self.index])


class ProfessionalAgent(_View):
    """A professional post; the person in it changes when a professional leaves."""

    @property
    def role(self) -> str:
        return V.ROLES[self.model.net.post_role[self.index]]

    @property
    def organisation(self) -> int:
        return int(self.model.net.post_org[self.index])

    @property
    def capacity(self) -> float:
        """Hours per week."""
        return float(self.model.net.post_capacity[self.index])

    @property
    def booked(self) -> float:
        """Hours per week booked by arranged care."""
        return float(self.model.world.booked[self.index])

    @property
    def on_plan(self) -> bool:
        return bool(self.model.net.post_on_plan[self.index])

    @property
    def is_coordinator(self) -> bool:
        return bool((self.model.net.coordinator == self.index).any())
