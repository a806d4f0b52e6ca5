"""The care-network model: a Mesa model whose weekly step runs the named processes.

Usage::

    from sim import CareNetworkModel
    model = CareNetworkModel(scenario="default", policy="regiebehandelaar", seed=1, years=2)
    model.run_model()
    model.outcomes()          # every outcome by name

The step order is written down once, in :data:`STEP_ORDER`.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import processes as proc
from sim import vocabulary as V
from sim.agents import CarerAgent, ClientAgent, ProfessionalAgent
from sim.complaints import ComplaintDesk
from sim.network import Network, synthesize
from sim.observe import EventLog, StepSeries
from sim.outcomes import HEADLINE
from sim.parameters import ScenarioParams
from sim.policies import POLICY_NAMES, policy_blocks
from sim.scenario import ScenarioError, load_scenario, validate
from sim.streams import Streams

#: The weekly step, in order. Each entry is (name, process); see sim.processes.
STEP_ORDER = (
    ("scheduled_events", proc.scheduled_events),
    ("workforce", proc.workforce),
    ("needs_and_events", proc.needs_and_events),
    ("arranging", proc.arranging),
    ("delivery", proc.delivery),
    ("handover", proc.handover),
    ("alignment", proc.alignment),
    ("strain", proc.strain),
    ("complaints", proc.complaints),
)


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
        if policy not in POLICY_NAMES:
            raise ScenarioError(f"policy {policy!r} is not known (allowed: {', '.join(POLICY_NAMES)})")
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
        if years is not None and (isinstance(years, bool) or not (isinstance(years, (int, float)) and 0 < years <= 100)):
            raise ScenarioError(f"years = {years!r} not allowed (allowed: a number of years > 0 and <= 100)")
        super().__init__(rng=int(seed))
        self.params = params
        self.policy = policy
        self.seed = int(seed)
        self.years = float(years if years is not None else params.years)
        self.n_weeks = max(1, int(round(self.years * 52)))
        self.streams = Streams(self.seed)
        self.net = network.copy() if network is not None else synthesize(params, self.streams.population)
        self.week = 0
        self.schedule: dict[int, list] = {}
        for event in schedule:
            try:
                event.check(self.net.n_clients, self.net.n_carers, self.net.n_posts, self.n_weeks)
            except ValueError as exc:
                raise ScenarioError(str(exc)) from None
            if event.kind == "admission" and event.post >= 0 and self.net.post_role[event.post] != V.SPECIALIST:
                raise ScenarioError(f"scheduled admission: post = {event.post} not allowed "
                                    f"(allowed: a specialist post; it is a {V.ROLES[self.net.post_role[event.post]]})")
            self.schedule.setdefault(event.week, []).append(event)
        self.log = EventLog()
        self.series = StepSeries(self.n_weeks, len(V.PROFILES))
        self.transitions = proc.Transitions()
        self.complaint_desk = ComplaintDesk()
        self._derive()
        self.blocks = policy_blocks(policy, params)
        for block in self.blocks:
            block.setup(self)
        self.who = proc.arranger(self)
        self._plan_members()
        if mesa_agents:
            for i in range(self.net.n_clients):
                ClientAgent(self, i)
            for i in range(self.net.n_carers):
                CarerAgent(self, i)
            for i in range(self.net.n_posts):
                ProfessionalAgent(self, i)
        # collected every step (Mesa's batch_run reads the record of the last step by index);
        # the outcomes are computed only once the run has ended
        final = lambda name: (lambda m: float("nan") if m.running else m.outcomes()[name])  # noqa: E731
        self.datacollector = mesa.DataCollector(model_reporters={
            **{name: final(name) for name in HEADLINE},
            "weeks": lambda m: m.week,
        })
        self.running = True

    # ------------------------------------------------------------------ set-up helpers
    def _derive(self) -> None:
        """Per-client and per-post lookups derived from the parameters (computed once)."""
        p, net = self.params, self.net
        profiles = [prof for _, prof in p.population.profiles.items()]
        by_profile = lambda attr: np.array([getattr(x, attr) for x in profiles])[net.profile]  # noqa: E731
        self.client_acute = by_profile("acute_events_per_year")
        self.client_admission_share = by_profile("admission_share")
        self.client_admission_weeks = by_profile("admission_weeks")
        self.client_referrals = by_profile("referrals_per_year")
        self.client_growth = by_profile("need_growth_per_year").astype(np.float32)
        self.client_usual_care = by_profile("usual_care_share")
        roles = p.workforce.roles
        self.role_tariff = np.array([getattr(roles, r).tariff for r in V.ROLES])
        self.role_domain = np.full(len(V.ROLES), -1)
        for d, r in enumerate(V.DOMAIN_ROLE):
            self.role_domain[r] = d
        self.item_due = np.array([p.handover.due_medication, p.handover.due_expectations,
                                  p.handover.due_home_situation], np.float32)
        a = p.arranging
        self.indication_weeks = np.array([a.zvw_weeks, a.wlz_weeks, a.wmo_weeks, a.jeugdwet_weeks])
        self.strain_thresholds = np.array([p.strain.fairly_heavy, p.strain.very_heavy, p.strain.overburdened])
        self.plan_carer_access = False
        P, C = net.n_posts, net.n_carers
        self.overhead = np.zeros(P)
        self.overhead_last = np.zeros(P)
        self.booked = np.zeros(P)
        self.carer_regelwerk = np.zeros(C)
        self.carer_care = np.zeros(C)
        self.carer_sidelined = np.zeros(C)
        self.carer_contradictions = np.zeros(C)
        # carers grouped by client: carer_order[carer_start[c]:carer_start[c + 1]] are client c's carers
        self.carer_order = np.argsort(net.carer_client, kind="stable")
        self.carer_start = np.searchsorted(net.carer_client[self.carer_order], np.arange(net.n_clients + 1))
        # posts sorted by (district, role): the range of each (district, role) for choosing posts
        key = net.post_district.astype(np.int64) * len(V.ROLES) + net.post_role
        self.post_order = np.argsort(key, kind="stable")
        n_keys = (int(net.client_district.max(initial=0)) + 1) * len(V.ROLES)
        n_keys = max(n_keys, int(key.max(initial=0)) + 1)
        sorted_key = key[self.post_order]
        self.post_range = np.stack([np.searchsorted(sorted_key, np.arange(n_keys), side="left"),
                                    np.searchsorted(sorted_key, np.arange(n_keys), side="right")], axis=1)
        self.domain_role = np.asarray(V.DOMAIN_ROLE)
        self.domain_tariff = self.role_tariff[self.domain_role][None, :]
        self.ones_d = np.ones(len(V.DOMAINS))
        self.profile_law_index = net.profile.astype(np.int64)[:, None] * len(V.LAWS) + net.law
        self.law_is_wmo = net.law == V.WMO
        self.law_is_wlz = net.law == V.WLZ
        self._overhead_buffer = []
        self._outcomes_cache = None
        n_prof = len(V.PROFILES)
        self.client_onehot = np.eye(n_prof)[net.profile]
        self.carer_onehot = np.eye(n_prof)[net.profile[net.carer_client]]
        self.unmet = np.zeros(net.n_clients)
        self.unmet_client = np.zeros(net.n_clients, bool)

    def _plan_members(self) -> None:
        """Clients with a plan and the connected posts in their networks (who keep the plan up to date)."""
        net = self.net
        self.plan_clients = np.flatnonzero(net.plan & net.consent)
        members = net.member[self.plan_clients]
        on = (members >= 0) & net.post_on_plan[np.maximum(members, 0)]
        rows, cols = np.nonzero(on)
        self.plan_posts = members[rows, cols]
        self.plan_post_clients = self.plan_clients[rows]

    def acute_kind(self, clients: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Label acute events with a kind typical of the client's profile."""
        kinds = np.zeros(clients.size, np.int16)
        for prof, options in enumerate(V.PROFILE_ACUTE):
            sel = self.net.profile[clients] == prof
            kinds[sel] = np.asarray(options)[np.minimum((u[sel] * len(options)).astype(int), len(options) - 1)]
        return kinds

    # ------------------------------------------------------------------ bookkeeping used by processes
    def add_overhead(self, posts: np.ndarray, hours, series: str, clients: np.ndarray) -> None:
        """Charge coordination or recording hours, spent on ``clients``, to ``posts``.

        The hours reduce the posts' capacity next week and are paid at the
        post's tariff by the payer of its role's law. Booked at the end of the week.
        """
        posts = np.asarray(posts)
        if posts.size:
            self._overhead_buffer.append((posts, np.broadcast_to(np.asarray(hours, float), posts.shape),
                                          series, np.asarray(clients)))

    def _book_overhead(self) -> None:
        if not self._overhead_buffer:
            return
        net, week = self.net, self.week
        for series in {b[2] for b in self._overhead_buffer}:
            parts = [b for b in self._overhead_buffer if b[2] == series]
            posts = np.concatenate([b[0] for b in parts])
            hours = np.concatenate([b[1] for b in parts])
            profile = net.profile[np.concatenate([b[3] for b in parts])]
            self.overhead += np.bincount(posts, weights=hours, minlength=net.n_posts)
            self.series.record(week, series, profile, hours)
            role = net.post_role[posts]
            law = np.asarray(V.ROLE_LAW)[role]
            cost = hours * self.role_tariff[role]
            n_prof = len(V.PROFILES)
            by = np.bincount(law * n_prof + profile, weights=cost, minlength=len(V.LAWS) * n_prof)
            for k, name in enumerate(("cost_zvw", "cost_wlz", "cost_wmo", "cost_jeugdwet")):
                self.series.add(week, name, by[k * n_prof:(k + 1) * n_prof])
        self._overhead_buffer = []

    def add_regelwerk(self, clients: np.ndarray, hours) -> None:
        """Charge regelwerk hours to the clients' primary carers (if any)."""
        clients = np.asarray(clients)
        if clients.size == 0:
            return
        carers = self.net.primary_carer[clients]
        hours = np.broadcast_to(np.asarray(hours, float), clients.shape)
        ok = carers >= 0
        np.add.at(self.carer_regelwerk, carers[ok], hours[ok])

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """Advance one week: run every process of :data:`STEP_ORDER` in order."""
        if self.week >= self.n_weeks:
            self.running = False
            return
        self.log.week = self.week
        self.overhead_last = self.overhead
        self.overhead = np.zeros_like(self.overhead_last)
        self._standing_overhead()
        self.carer_regelwerk[:] = 0
        self.carer_sidelined[:] = 0
        self.carer_contradictions[:] = 0
        self._budget_administration()
        for _, process in STEP_ORDER:
            process(self)
        self._book_overhead()
        self.week += 1
        if self.week >= self.n_weeks:
            self.running = False
        self.datacollector.collect(self)

    def _standing_overhead(self) -> None:
        """Weekly standing time: the regiebehandelaar's overview, the plan's upkeep by connected posts."""
        net = self.net
        coordinated = np.flatnonzero(net.coordinator >= 0)
        self.add_overhead(net.coordinator[coordinated], self.params.policies.regiebehandelaar.hours_per_client,
                          "coordination_hours", coordinated)
        if self.plan_clients.size:
            self.add_overhead(self.plan_posts, self.params.policies.digital_plan.upkeep_hours, "recording_hours",
                              self.plan_post_clients)

    def _budget_administration(self) -> None:
        """Budget holders keep the integral pgb's administration (hours fall on a holding carer)."""
        net = self.net
        by_carer = np.flatnonzero(net.budget & net.budget_by_carer & (net.primary_carer >= 0))
        hours = self.params.policies.integral_pgb.admin_hours
        self.add_regelwerk(by_carer, hours)
        if by_carer.size:
            self.series.record(self.week, "budget_admin_hours", net.profile[by_carer], hours)

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
            self._outcomes_cache = ((self.week, len(self.log)), compute_outcomes(self))
        return dict(self._outcomes_cache[1])

    def events(self):
        """The event log as a DataFrame."""
        return self.log.to_frame()

    def steps_frame(self):
        """The per-step series as a DataFrame (one row per week and profile)."""
        return self.series.to_frame(V.PROFILES)


def _deep_update(base: dict, overrides: dict) -> dict:
    from sim.scenario import deep_merge, overrides_to_tree
    return deep_merge(base, overrides_to_tree(overrides))


def run_model(scenario="default", policy: str = "none", seed: int = 0, years: float | None = None,
              **overrides) -> dict:
    """Run one simulation and return its outcomes as a dict (for external tools)."""
    model = CareNetworkModel(scenario=scenario, policy=policy, seed=seed, years=years, mesa_agents=False,
                             **overrides)
    return model.run().outcomes()
