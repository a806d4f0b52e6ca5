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

Whom a block reaches: each block's rule is written once (:meth:`Block.rule`, which ``enrol`` follows);
:meth:`Block.reach` says per client whether the block reaches them now and, if not, why (a reason of
``vocabulary.NOT_REACHED``); :func:`reach` is the same as a table over the policy's blocks and clients. The
weekly reach series and outcomes count it (:data:`sim.observe.REACH_SERIES`, :mod:`sim.outcomes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim import vocabulary as V
from sim.compiled import kernel
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

    Who qualifies is the block's rule, in one place: :meth:`rule` gives per client the first condition that keeps
    the block from them (a reason of ``vocabulary.NOT_REACHED[name]``), and ``enrol`` takes in where none does.
    :meth:`reach` says whether the block reaches a client now (:meth:`has`: the client has its structure) and,
    where it does not, why.
    """

    name = "block"

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the block may not reach a client (``vocabulary.NOT_REACHED``): the rule's conditions, then the last,
        for a client the rule takes in who is without the block's structure."""
        return V.NOT_REACHED[self.name]

    def setup(self, m: "World") -> None:
        self.connect(m)
        self.enrol(m, np.arange(m.net.n_clients))

    def connect(self, m: "World") -> None:
        """Municipality-wide structure, made once (default: none)."""

    def enrol(self, m: "World", clients: np.ndarray) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def rule(self, m: "World", clients: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        """Per client (int8): the index in :attr:`reasons` of the first condition that keeps the block from the
        client, -1 where the rule takes the client in."""
        raise NotImplementedError

    def has(self, m: "World", clients: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        """Per client (bool): the client has the block's structure now."""
        raise NotImplementedError

    def reach(self, m: "World", clients: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(applies, reason)`` per client (default: every client): whether the block reaches the client now (has
        its structure), and where it does not the index in :attr:`reasons` of why (int8; -1 where it applies): the
        rule's first failing condition, or, where the rule holds, the last reason."""
        clients = ALL if clients is None else np.asarray(clients)
        applies = np.array(self.has(m, clients))  # a copy: ``has`` may give a view of the network's arrays
        reason = self.rule(m, clients)
        np.putmask(reason, reason < 0, len(self.reasons) - 1)
        np.putmask(reason, applies, -1)
        return applies, reason


#: ``clients`` meaning every client: the rules and ``has`` index the network's per-client arrays with it, which gives
#: the arrays' own values in client order (as ``np.arange(n_clients)`` would, without the copies).
ALL = slice(None)


def _first_reason(*conditions: np.ndarray) -> np.ndarray:
    """Per client (int8): the index of the first of ``conditions`` (bool arrays, each a reason a rule fails) that
    holds, -1 where none does."""
    reason = np.full(conditions[0].shape, -1, np.int8)
    for code in range(len(conditions) - 1, -1, -1):
        np.putmask(reason, conditions[code], code)
    return reason


class DigitalPlan(Block):
    """Connect organisations and give consenting clients a plan."""

    name = "digital_plan"

    def connect(self, m):
        net, pp, rng = m.net, m.params.policies.digital_plan, m.streams.policy
        net.post_on_plan = net.post_on_plan | (rng.random(net.n_posts) < pp.connected_share)  # keeps posts already on
        m.plan_carer_access = pp.carer_access

    def rule(self, m, clients):
        """A plan for clients who consent and can use it: themselves (able and digital) or through a digital
        primary carer, when carers may use the plan (``carer_access``)."""
        net, pp = m.net, m.params.policies.digital_plan
        carer = net.primary_carer[clients]
        carer_can = np.zeros(carer.size, bool)
        if pp.carer_access:
            has_carer = carer >= 0
            carer_can[has_carer] = net.carer_digital[carer[has_carer]]
        usable = (net.able[clients] & net.digital[clients]) | carer_can
        return _first_reason(~net.consent[clients], ~usable)

    def has(self, m, clients):
        return m.net.plan[clients] & m.net.consent[clients]  # a plan without consent carries nothing

    def enrol(self, m, clients):
        m.net.plan[clients] |= self.rule(m, clients) < 0


class Proxy(Block):
    """Register the primary carer as proxy for clients who want regie but cannot hold it."""

    name = "proxy"

    def rule(self, m, clients):
        """A proxy for clients who wish to direct their care, cannot, and have a primary carer."""
        net = m.net
        return _first_reason(net.able[clients] & net.wishes[clients], ~net.wishes[clients],
                             net.primary_carer[clients] < 0)

    def has(self, m, clients):
        return m.net.proxy[clients]

    def enrol(self, m, clients):
        net, rng = m.net, m.streams.policy
        eligible = self.rule(m, clients) < 0
        net.proxy[clients] |= eligible & (rng.random(clients.size) < m.params.policies.proxy.register_share)


def _lead(net, clients: np.ndarray) -> np.ndarray:
    """Per client: the post that would lead as regiebehandelaar, the district nurse, else the GP (-1: neither)."""
    nurse, gp = net.member[clients, V.DISTRICT_NURSE], net.member[clients, V.GP]
    return np.where(nurse >= 0, nurse, gp)


class Regiebehandelaar(Block):
    """A district nurse (else the GP) leads for clients without regie of their own or a proxy."""

    name = "regiebehandelaar"

    def rule(self, m, clients):
        """A regiebehandelaar for clients who are not both able and wishing to direct their care and have no
        proxy, when a district nurse or GP is in their network to lead."""
        net = m.net
        return _first_reason(net.able[clients] & net.wishes[clients], net.proxy[clients],
                             _lead(net, clients) < 0)

    def has(self, m, clients):
        return m.net.coordinator[clients] >= 0

    def enrol(self, m, clients):
        net, rp = m.net, m.params.policies.regiebehandelaar
        eligible = self.rule(m, clients) < 0
        # a regiebehandelaar already in place (a hand-built network, e.g. a vignette) stays
        current = net.coordinator[clients]
        net.coordinator[clients] = np.where(current >= 0, current, np.where(eligible, _lead(net, clients), -1))
        net.coordinator_quality = caseload_quality(net.coordinator, net.n_posts, rp.caseload_limit,
                                                   net.coordinator_mandate, net.coordinator_address,
                                                   rp.mandate_wmo, rp.complaint_address)


@kernel
def caseload_quality(coordinator, n_posts, caseload_limit, mandate, address, mandate_wmo, complaint_address):
    """The regiebehandelaars' caseload, recounted over every client (``coordinator``: each client's post, -1 none):
    per post the quality of its coordination, min(1, caseload limit / clients it leads) (float32, a new array; 1
    where it leads nobody), and for a post that leads anyone the Wmo mandate and the complaint address where the
    policy gives them (``mandate`` and ``address`` set in place, never cleared)."""
    caseload = np.zeros(n_posts, np.int64)
    for c in range(coordinator.size):
        if coordinator[c] >= 0:
            caseload[coordinator[c]] += 1
    quality = np.empty(n_posts, np.float32)
    for post in range(n_posts):
        quality[post] = min(1.0, caseload_limit / max(caseload[post], 1))
        if caseload[post] > 0:
            mandate[post] |= mandate_wmo
            address[post] |= complaint_address
    return quality


class IntegralPgb(Block):
    """One budget across the laws, held by the client or, where allowed, a proxy or carer."""

    name = "integral_pgb"

    def _holders(self, m, clients) -> tuple[np.ndarray, np.ndarray]:
        """Per client: (holds their own budget: able and wishing; else a proxy or carer may hold it, as
        ``holders`` allows)."""
        net, pp = m.net, m.params.policies.integral_pgb
        own = net.able[clients] & net.wishes[clients]
        if pp.holders == "client_or_proxy":
            return own, net.proxy[clients] & ~own
        if pp.holders == "client_or_carer":
            return own, (net.primary_carer[clients] >= 0) & ~own
        return own, np.zeros(own.size, bool)  # "client": only the client

    def rule(self, m, clients):
        """A budget for clients who hold it themselves, or whose proxy or carer may hold it (``holders``)."""
        own, by_carer = self._holders(m, clients)
        return _first_reason(~(own | by_carer))

    def has(self, m, clients):
        return m.net.budget[clients]

    def enrol(self, m, clients):
        net, pp = m.net, m.params.policies.integral_pgb
        _, by_carer = self._holders(m, clients)
        new = ~net.budget[clients] & (self.rule(m, clients) < 0)   # a budget already held stays with its holder
        net.budget[clients] |= new
        net.budget_by_carer[clients] |= new & by_carer
        # some holders pay their carer from the budget (for care beyond gebruikelijke zorg)
        pays = new & (net.primary_carer[clients] >= 0) & (m.streams.policy.random(clients.size) < pp.informal_pay_share)
        net.budget_pays_carer[clients] |= pays


#: The building blocks by name, in the order a composition sets them up (``vocabulary.BLOCKS``).
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


def reach(world) -> pd.DataFrame:
    """Who the policy's building blocks reach now, and why the others are untouched (for a story or a dashboard).

    One row per block of the policy (in set-up order) and client: ``client`` (the client's place), ``profile``,
    ``block``, ``applies`` (the block reaches the client: they have its structure, :meth:`Block.has`) and
    ``reason``: why it does not (a name of ``vocabulary.NOT_REACHED[block]``, :meth:`Block.reach`; empty where it
    applies). No rows under ``none``. The series of :data:`sim.observe.REACH_SERIES` count the same rows at the end
    of every week, and the reach outcomes (``policy_reach_share``, ``reach_<block>_share``,
    ``not_reached_<block>_<reason>_share``) are made of them.

    Args:
        world: a :class:`~sim.world.World` set up under a policy (:func:`apply_policy`), or the model that owns one.
    """
    w = getattr(world, "world", world)
    n = w.net.n_clients
    parts = []
    for block in w.blocks:
        applies, reason = block.reach(w)
        names = np.array(("", *block.reasons), dtype=object)
        parts.append(pd.DataFrame({"client": np.arange(n), "block": block.name, "applies": applies,
                                   "reason": names[reason + 1]}))
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"client": np.zeros(0, np.int64), "block": [], "applies": np.zeros(0, bool), "reason": []})
    frame.insert(1, "profile", pd.Categorical.from_codes(w.net.profile[frame["client"].to_numpy()],
                                                         categories=list(V.PROFILES)))
    frame["block"] = pd.Categorical(frame["block"], categories=list(V.BLOCKS))
    return frame
