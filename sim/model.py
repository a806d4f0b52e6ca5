"""The care-network model: a Mesa model that owns a world and steps it one week at a time.

Usage::

    from sim import CareNetworkModel
    model = CareNetworkModel(scenario="default", policy="regiebehandelaar", seed=1, years=2)
    model.run_model()
    model.outcomes()          # every outcome by name

The model validates its inputs, builds the :class:`~sim.world.World` (networks, streams, records),
lets the policy's building blocks set the structure, creates Mesa agent views, and each step runs
the week of :data:`sim.week.STEP_ORDER` on the world. The processes never see the model.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import vocabulary as V
from sim.agents import CarerAgent, ClientAgent, ProfessionalAgent
from sim.network import Network, synthesize
from sim.outcomes import HEADLINE
from sim.parameters import ScenarioParams
from sim.policies import apply_policy, check_policy
from sim.scenario import ScenarioError, check_years, deep_merge, load_scenario, overrides_to_tree, validate, weeks_of
from sim.streams import Streams
from sim.week import STEP_ORDER, run_week
from sim.world import World


class CareNetworkModel(mesa.Model):
    """Personal care networks of one municipality under one policy.

    A scenario of several municipalities (``population.municipalities > 1``) is refused: it is run as one
    model per municipality (:mod:`sim.municipalities`, ``carenet compare``).

    Args:
        scenario: built-in scenario name, path to a TOML file, or validated
            :class:`~sim.parameters.ScenarioParams`.
        policy: one of ``none``, ``regiebehandelaar``, ``integral_pgb``,
            ``digital_plan``, ``stepped``.
        seed: the run's seed (one per run); every process has its own stream.
        rng: accepted for Mesa's ``batch_run`` (which passes ``rng``); used as
            the seed when ``seed`` is not given.
        years: simulated years (default: the scenario's ``years``).
        network: a hand-built :class:`~sim.network.Network` to use instead of
            synthesizing one (tests, vignettes).
        mesa_agents: create Mesa agents (views) for clients, carers, posts.
        schedule: :class:`~sim.schedule.ScheduledEvent` s that happen at fixed weeks
            (a vignette's key moments), on top of the random events.
        **overrides: scenario fields, e.g. ``n_clients=500`` or
            ``strain__recovery=0.2`` (``__`` separates sections).
    """

    def __init__(self, scenario="default", policy: str = "none", seed: int | None = None, rng=None,
                 years: float | None = None, network: Network | None = None, mesa_agents: bool = True,
                 schedule=(), **overrides):
        check_policy(policy)
        if seed is None:
            seed = rng if isinstance(rng, (int, np.integer)) else 0
        if isinstance(scenario, ScenarioParams):
            params = validate(_deep_update(scenario.model_dump(), overrides), "scenario (with overrides)") \
                if overrides else scenario
        else:
            params = load_scenario(scenario, **overrides)
        if params.population.municipalities > 1:
            raise ScenarioError(
                f"population.municipalities = {params.population.municipalities} not allowed here: a model simulates "
                "one municipality; run the scenario with `carenet compare`, which shards it by municipality across "
                "workers, or set population.municipalities = 1")
        check_years(years)
        super().__init__(rng=int(seed))
        self.policy = policy
        self.years = float(years if years is not None else params.years)
        n_weeks = weeks_of(self.years)
        streams = Streams(int(seed))
        net = network.copy() if network is not None else synthesize(params, streams.population)
        self.world = World(params, net, int(seed), n_weeks, _check_schedule(schedule, net, n_weeks), streams)
        self.blocks = apply_policy(self.world, policy)
        if mesa_agents:
            for i in range(net.n_clients):
                ClientAgent(self, i)
            for i in range(net.n_carers):
                CarerAgent(self, i)
            for i in range(net.n_posts):
                ProfessionalAgent(self, i)
        self._outcomes_cache = None
        # collected every step (Mesa's batch_run reads the record of the last step by index);
        # the outcomes are computed only once the run has ended
        final = lambda name: (lambda m: float("nan") if m.running else m.outcomes()[name])  # noqa: E731
        self.datacollector = mesa.DataCollector(model_reporters={
            **{name: final(name) for name in HEADLINE},
            "weeks": lambda m: m.week,
        })
        self.running = True

    # ------------------------------------------------------------------ the world's state, read through the model
    @property
    def net(self) -> Network:
        """The networks' state arrays (:class:`~sim.network.Network`)."""
        return self.world.net

    @property
    def params(self) -> ScenarioParams:
        """The validated scenario parameters."""
        return self.world.params

    @property
    def seed(self) -> int:
        """The run's seed."""
        return self.world.seed

    @property
    def week(self) -> int:
        """Weeks simulated so far (the next week to run)."""
        return self.world.week

    @property
    def n_weeks(self) -> int:
        """Weeks to simulate."""
        return self.world.n_weeks

    @property
    def streams(self) -> Streams:
        """The named random streams."""
        return self.world.streams

    @property
    def log(self):
        """The event log (:class:`~sim.observe.EventLog`)."""
        return self.world.log

    @property
    def series(self):
        """The per-week series (:class:`~sim.observe.StepSeries`)."""
        return self.world.series

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """Advance one week: run the week of :data:`sim.week.STEP_ORDER` on the world."""
        if self.week >= self.n_weeks:
            self.running = False
            return
        run_week(self.world)
        if self.week >= self.n_weeks:
            self.running = False
        self.datacollector.collect(self)

    def run(self) -> "CareNetworkModel":
        """Run to the end of the simulated period."""
        while self.running:
            self.step()
        return self

    # ------------------------------------------------------------------ results
    def outcomes(self) -> dict:
        """Every outcome by name, computed from the event log and the per-step series."""
        from sim.outcomes import compute_outcomes
        if self._outcomes_cache is None or self._outcomes_cache[0] != (self.week, len(self.log)):
            self._outcomes_cache = ((self.week, len(self.log)), compute_outcomes(self.world))
        return dict(self._outcomes_cache[1])

    def events(self):
        """The event log as a DataFrame."""
        return self.log.to_frame()

    def steps_frame(self):
        """The per-step series as a DataFrame (one row per week and profile)."""
        return self.series.to_frame(V.PROFILES)


def _deep_update(base: dict, overrides: dict) -> dict:
    return deep_merge(base, overrides_to_tree(overrides))


def _check_schedule(schedule, net: Network, n_weeks: int) -> dict[int, list]:
    """Scheduled events by week, each checked against the network and the run's length (ScenarioError if not)."""
    by_week: dict[int, list] = {}
    for event in schedule:
        try:
            event.check(net.n_clients, net.n_carers, net.n_posts, n_weeks)
        except ValueError as exc:
            raise ScenarioError(str(exc)) from None
        if event.kind == "admission" and event.post >= 0 and net.post_role[event.post] != V.SPECIALIST:
            raise ScenarioError(f"scheduled admission: post = {event.post} not allowed "
                                f"(allowed: a specialist post; it is a {V.ROLES[net.post_role[event.post]]})")
        by_week.setdefault(event.week, []).append(event)
    return by_week


def run_model(scenario="default", policy: str = "none", seed: int = 0, years: float | None = None,
              **overrides) -> dict:
    """Run one simulation and return its outcomes as a dict (for external tools)."""
    model = CareNetworkModel(scenario=scenario, policy=policy, seed=seed, years=years, mesa_agents=False,
                             **overrides)
    return model.run().outcomes()


__all__ = ["STEP_ORDER", "CareNetworkModel", "run_model"]
