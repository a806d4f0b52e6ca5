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
from sim.observe import CarerPanel
from sim.outcomes import HEADLINE
from sim.parameters import ScenarioParams
from sim.policies import apply_policy, check_policy
from sim.reporters import WEEK_MEASURES, week_measures
from sim.scenario import (ScenarioError, check_seed, check_years, deep_merge, load_scenario, overrides_to_tree,
                          validate, weeks_of)
from sim.streams import Streams
from sim.week import STEP_ORDER, run_week
from sim.world import World


class CareNetworkModel(mesa.Model):
    """Personal care networks of one municipality under one policy.

    A scenario of several municipalities (``population.municipalities > 1``) is refused: it is run as one
    model per municipality (:mod:`sim.municipalities`, ``carenet compare``).

    Args:
        scenario: built-in scenario name, path to a TOML file, or validated
            :class:`~sim.parameters.ScenarioParams`. Mesa 3.5's own ``Scenario`` object (which Mesa
            passes to an argument of this name, e.g. when SolaraViz resets) is accepted: its ``rng`` is the
            seed, a field ``scenario_name`` the scenario, its other fields overrides.
        policy: one of ``none``, ``regiebehandelaar``, ``integral_pgb``,
            ``digital_plan``, ``stepped``.
        seed: the run's seed (one per run, an integer >= 0); every process has its own stream.
            None: a fresh seed from the operating system, recorded as ``model.seed`` (and by the
            ``seed`` model reporter), so ``mesa.batch_run(..., iterations=N)`` gives N distinct runs.
        rng: accepted for Mesa's ``batch_run`` (Mesa 3.3 passes ``rng``); an integer is used as
            the seed when ``seed`` is not given.
        years: simulated years (default: the scenario's ``years``).
        network: a hand-built :class:`~sim.network.Network` to use instead of
            synthesizing one (tests, vignettes).
        mesa_agents: create Mesa agents (views) for clients, carers, posts.
        schedule: :class:`~sim.schedule.ScheduledEvent` s that happen at fixed weeks
            (a vignette's key moments), on top of the random events.
        carer_panel: keep the per-carer panel (carer x month, :class:`~sim.observe.CarerPanel`;
            :meth:`carer_panel_frame`).
        **overrides: scenario fields, e.g. ``n_clients=500`` or
            ``strain__recovery=0.2`` (``__`` separates sections).
    """

    def __init__(self, scenario="default", policy: str = "none", seed: int | None = None, rng=None,
                 years: float | None = None, network: Network | None = None, mesa_agents: bool = True,
                 schedule=(), carer_panel: bool = False, **overrides):
        check_policy(policy)
        if _is_mesa_scenario(scenario):  # Mesa >= 3.5 passes its own Scenario object to an argument of this name
            scenario, seed, overrides = _from_mesa_scenario(scenario, seed, overrides)
        seed = run_seed(seed, rng)
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
        warmup = int(round(params.warmup_years * 52))
        self.world = World(params, net, int(seed), n_weeks, _check_schedule(schedule, net, n_weeks), streams,
                           warmup_weeks=warmup)
        self.blocks = apply_policy(self.world, policy)
        for _ in range(warmup):  # the warm-up, under the policy; nothing is recorded
            run_week(self.world)
        if warmup:
            self.world.log.week = 0
            self.world.transitions.log_pending(self.world)
        if carer_panel:
            self.world.carer_panel = CarerPanel(net.n_carers)
        if mesa_agents:
            for i in range(net.n_clients):
                ClientAgent(self, i)
            for i in range(net.n_carers):
                CarerAgent(self, i)
            for i in range(net.n_posts):
                ProfessionalAgent(self, i)
        self._outcomes_cache = None
        self._week_start = 0          # the log's first row of the week being simulated
        self._week = dict.fromkeys(WEEK_MEASURES, float("nan"))
        self._collect = True          # per step: the week's measures and the DataCollector record (see run)
        # collected every step (Mesa's batch_run reads the record of the last step by index): the seed, the
        # per-week measures (live plots), and the headline outcomes, computed only once the run has ended
        final = lambda name: (lambda m: float("nan") if m.running else m.outcomes()[name])  # noqa: E731
        weekly = lambda name: (lambda m: m._week[name])  # noqa: E731
        self.datacollector = mesa.DataCollector(model_reporters={
            "seed": lambda m: m.seed,
            "weeks": lambda m: m.week,
            **{name: weekly(name) for name in WEEK_MEASURES},
            **{name: final(name) for name in HEADLINE},
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
        """Weeks simulated so far after the warm-up (the next week to run)."""
        return self.world.observed_week

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
        if self._collect:
            self._week = week_measures(self.world, self._week_start)
        self._week_start = len(self.log)
        if self.week >= self.n_weeks:
            self.running = False
        if self._collect:
            self.datacollector.collect(self)

    def run(self, collect: bool = True) -> "CareNetworkModel":
        """Run to the end of the simulated period. ``collect=False`` (the experiment engines, which keep only the
        records) skips the per-week measures and Mesa's DataCollector record of the steps it runs; the event log,
        the series and so every outcome are the same."""
        self._collect = collect
        try:
            while self.running:
                self.step()
        finally:
            self._collect = True
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

    def carer_panel_frame(self):
        """The per-carer panel (carer place x month) as a DataFrame; the model must be built with
        ``carer_panel=True``."""
        if self.world.carer_panel is None:
            raise ValueError("carer_panel_frame: the model keeps no panel (allowed: build it with carer_panel=True)")
        return self.world.carer_panel.frame(self.world)

    def steps_frame(self):
        """The per-step series as a DataFrame (one row per week and profile; no rows before the first step)."""
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


def run_seed(seed=None, rng=None) -> int:
    """The run's seed: ``seed``; else ``rng`` when it is an integer (Mesa's ``batch_run`` passes ``rng``); else a
    fresh seed from the operating system's entropy, so that replicates without a seed differ (the model records
    it as ``model.seed``). A seed is an integer >= 0 (numpy integers and integral floats are accepted)."""
    if seed is None and rng is not None:
        if isinstance(rng, (np.random.Generator, np.random.BitGenerator, np.random.SeedSequence)):
            raise ScenarioError(f"rng = {rng!r} not allowed (allowed: an integer seed >= 0, or None for a fresh one)")
        seed = rng
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> np.uint64(1))
    return check_seed(seed)


def _is_mesa_scenario(value) -> bool:
    """Whether ``value`` is Mesa's own ``Scenario`` object (Mesa >= 3.5), not a carenet scenario."""
    return type(value).__module__.startswith("mesa.") and hasattr(value, "rng")


def _from_mesa_scenario(mesa_scenario, seed, overrides: dict):
    """(carenet scenario, seed, overrides) from Mesa's ``Scenario``: its ``rng`` is the seed when none is given,
    a field ``scenario_name`` names the carenet scenario (default ``default``), other fields are overrides."""
    fields = {k: v for k, v in vars(mesa_scenario).items() if not k.startswith("_") and k not in ("model", "rng")}
    name = fields.pop("scenario_name", "default")
    rng = getattr(mesa_scenario, "rng", None)
    if seed is None and isinstance(rng, (int, np.integer)):
        seed = rng
    return name, seed, {**fields, **overrides}


def run_model(scenario="default", policy: str = "none", seed: int | None = None, years: float | None = None,
              **overrides) -> dict:
    """Run one simulation and return its outcomes as a dict, plus the run's ``seed`` (for external tools).

    The function SALib and EMA Workbench call: ``scenario`` (a built-in name, a TOML path or parameters), the
    ``policy``, a ``seed`` (None: a fresh one, returned under ``"seed"``), ``years``, and any parameter as a
    keyword in the ``section__field`` form (``strain__recovery=0.15``, ``population__profiles__frail_elderly__share``;
    ``n_clients`` for ``population__n_clients``). Numbers may be numpy numbers; an integer parameter takes an
    integral float (8.0), and refuses 8.5. See :func:`sim.provenance.parameter_ranges` for every parameter's range.
    """
    model = CareNetworkModel(scenario=scenario, policy=policy, seed=seed, years=years, mesa_agents=False,
                             **overrides)
    return {**model.run().outcomes(), "seed": model.seed}


__all__ = ["STEP_ORDER", "CareNetworkModel", "run_model"]
