"""Policies as compositions of building blocks.

A building block changes the structure of the care networks once, at set-up (``setup(world)``,
on a :class:`sim.world.World`):
who arranges (regiebehandelaar, budget holder, proxy), which channels exist
(shared plan, coordinator relay), where complaints go (coordinator as complaint
address) and how money flows (one budget, platform and administration costs).
The weekly processes then act through that structure; no block touches an
outcome rate. Blocks add to the structure a network already has (a plan,
posts on a plan, a proxy or a regiebehandelaar set by hand, as in a vignette),
so a policy can be applied on top of a hand-built network.

Blocks (seed 003 §4-5):

* :class:`DigitalPlan`: a client-owned zorgleefplan, for clients who consent
  and can use it themselves or through a carer; only connected professionals
  record and read.
* :class:`Proxy`: a registered volmacht for clients who want regie but cannot
  hold it, when an active carer can be the proxy.
* :class:`Regiebehandelaar`: a lead professional (district nurse, else GP) for
  clients who hold no regie themselves and have no proxy.
* :class:`IntegralPgb`: one budget across the four laws for clients (or
  proxies/carers) able to hold one.

Policies: ``none`` has no blocks; ``stepped`` is the composition named in the
scenario (default: plan, proxy, regiebehandelaar, in that order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.processes.arranging import arranger
from sim.scenario import ScenarioError, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from sim.world import World


class Block:
    """A policy building block: ``setup`` rewires the networks' structure once; ``enrol`` takes clients in.

    ``setup(world)`` makes the block's municipality-wide structure (``connect``, e.g. posts on the plan) and
    enrols every client. ``enrol(world, clients)`` gives the clients the block's structure where they qualify, on
    top of what they have; it is also called for a client who enters the population, or who gets a new primary
    carer (:mod:`sim.processes.population`).
    """

    name = "block"

    def setup(self, m: "World") -> None:
        self.connect(m)
        self.enrol(m, np.arange(m.net.n_clients))

    def connect(self, m: "World") -> None:
        """Municipality-wide structure, made once (default: none)."""

    def enrol(self, m: "World", clients: np.ndarray) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class DigitalPlan(Block):
    """Connect organisations and give consenting clients a plan."""

    name = "digital_plan"

    def connect(self, m):
        net, pp, rng = m.net, m.params.policies.digital_plan, m.streams.policy
        net.post_on_plan = net.post_on_plan | (rng.random(net.n_posts) < pp.connected_share)  # keeps posts already on
        m.plan_carer_access = pp.carer_access

    def enrol(self, m, clients):
        net, pp = m.net, m.params.policies.digital_plan
        carer = net.primary_carer[clients]
        carer_can = np.zeros(clients.size, bool)
        carer_can[carer >= 0] = net.carer_digital[carer[carer >= 0]] & pp.carer_access
        usable = (net.able[clients] & net.digital[clients]) | carer_can
        net.plan[clients] |= net.consent[clients] & usable


class Proxy(Block):
    """Register the primary carer as proxy for clients who want regie but cannot hold it."""

    name = "proxy"

    def enrol(self, m, clients):
        net, rng = m.net, m.streams.policy
        eligible = net.wishes[clients] & ~net.able[clients] & (net.primary_carer[clients] >= 0)
        net.proxy[clients] |= eligible & (rng.random(clients.size) < m.params.policies.proxy.register_share)


class Regiebehandelaar(Block):
    """A district nurse (else the GP) leads for clients without regie of their own or a proxy."""

    name = "regiebehandelaar"

    def enrol(self, m, clients):
        net, rp = m.net, m.params.policies.regiebehandelaar
        eligible = ~(net.able[clients] & net.wishes[clients]) & ~net.proxy[clients]
        nurse, gp = net.member[clients, V.DISTRICT_NURSE], net.member[clients, V.GP]
        lead = np.where(nurse >= 0, nurse, gp)
        # a regiebehandelaar already in place (a hand-built network, e.g. a vignette) stays
        current = net.coordinator[clients]
        net.coordinator[clients] = np.where(current >= 0, current, np.where(eligible, lead, -1))
        caseload = np.bincount(net.coordinator[net.coordinator >= 0], minlength=net.n_posts)
        net.coordinator_quality = np.minimum(1.0, rp.caseload_limit / np.maximum(caseload, 1)).astype(np.float32)
        has = caseload > 0
        net.coordinator_mandate |= has & rp.mandate_wmo
        net.coordinator_address |= has & rp.complaint_address


class IntegralPgb(Block):
    """One budget across the laws, held by the client or, where allowed, a proxy or carer."""

    name = "integral_pgb"

    def enrol(self, m, clients):
        net, pp = m.net, m.params.policies.integral_pgb
        own = net.able[clients] & net.wishes[clients]
        by_carer = {"client": np.zeros(clients.size, bool),
                    "client_or_proxy": net.proxy[clients] & ~own,
                    "client_or_carer": (net.primary_carer[clients] >= 0) & ~own}[pp.holders]
        new = ~net.budget[clients] & (own | by_carer)   # a budget already held stays with its holder
        net.budget[clients] |= new
        net.budget_by_carer[clients] |= new & by_carer
        # some holders pay their carer from the budget (for care beyond gebruikelijke zorg)
        pays = new & (net.primary_carer[clients] >= 0) & (m.streams.policy.random(clients.size) < pp.informal_pay_share)
        net.budget_pays_carer[clients] |= pays


BLOCKS = {cls.name: cls for cls in (DigitalPlan, Proxy, Regiebehandelaar, IntegralPgb)}
POLICY_NAMES = ("none", "regiebehandelaar", "integral_pgb", "digital_plan", "stepped")


def check_policy(policy: str, flag: str = "policy") -> str:
    """``policy`` if it names a policy, else a :class:`~sim.scenario.ScenarioError` naming ``flag``, the value,
    the allowed names and the closest one."""
    if policy not in POLICY_NAMES:
        raise ScenarioError(f"{flag} {policy!r} is not known "
                            f"(allowed: {', '.join(POLICY_NAMES)}{did_you_mean(policy, POLICY_NAMES)})")
    return policy


def apply_policy(world: "World", policy: str) -> list[Block]:
    """Set a policy's building blocks up on ``world`` (in order), then refresh who is on a plan and who
    arranges; returns the blocks. The model does this once at set-up; a unit test can do it on a world."""
    blocks = policy_blocks(policy, world.params)
    for block in blocks:
        block.setup(world)
    world.blocks = blocks
    world.plan_members()
    world.who = arranger(world)
    return blocks


def policy_blocks(policy: str, params) -> list[Block]:
    """The building blocks of a named policy, in the order they are set up."""
    if policy == "none":
        return []
    if policy == "stepped":
        names = list(params.policies.stepped)
        order = list(BLOCKS)  # a proxy must exist before the regiebehandelaar looks for who lacks one
        names.sort(key=order.index)
        return [BLOCKS[n]() for n in names]
    return [BLOCKS[check_policy(policy)]()]
