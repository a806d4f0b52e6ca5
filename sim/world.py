"""The world the weekly processes act on: state arrays, parameters, streams, records and weekly scratch.

A :class:`World` holds everything one simulated municipality needs, and nothing of Mesa:

* the network's state arrays (:class:`sim.network.Network`) and the validated parameters;
* the named random streams (:class:`sim.streams.Streams`, one per process);
* the records (the event log and the per-week series, :mod:`sim.observe`) and the open complaints;
* lookups derived once from the parameters (per-client profile values, per-post ranges);
* the week's scratch: this week's transitions, carers' regelwerk, care and strain signals, posts'
  coordination and recording hours (booked at the end of the week).

Compiled (:mod:`sim.compiled`): :func:`_register` (a transition's pending row and its log row, written in the
log's open block), :func:`charge_regelwerk` (the carer's regelwerk, charged and logged; the handover race uses it
too) and :func:`_plan_posts`.

The processes (:mod:`sim.processes`, run in the order of :data:`sim.week.STEP_ORDER`) take a world and
change it; the Mesa model (:class:`sim.model.CareNetworkModel`) owns one and steps it. A unit test builds a
world from a hand-built network without Mesa: ``World(params, network, seed=1, n_weeks=10)``.

Units: hours are hours per week, costs EUR, time in model weeks (one step is one week).
"""

from __future__ import annotations

import math

import numpy as np

from sim import vocabulary as V
from sim.compiled import kernel
from sim.network import Network, ProfileTable
from sim.observe import CARER_ROLE, EventLog, StepSeries
from sim.parameters import ScenarioParams
from sim.streams import Streams


class Transitions:
    """This week's transitions, waiting for the handover process.

    Each transition has a client, a kind, a day within the week, and for referrals and
    professional leaving the post concerned. Their ids count up from 0 over the run, so the pending ones have the
    ``n_pending`` ids before ``next_id``.
    """

    def __init__(self):
        self.client = np.empty(64, np.int32)  # the pending transitions: the first n_pending of each
        self.kind = np.empty(64, np.int8)
        self.post = np.empty(64, np.int32)
        self.n_pending = 0
        self.next_id = 0

    def add(self, w: "World", kind: int, clients, posts=-1, day=0.0, actor=-1) -> None:
        """Register transitions and log them (``actor``: e.g. the carer who dropped out). ``posts``, ``day`` and
        ``actor`` are one per client (arrays) or one for all."""
        if type(clients) is not np.ndarray or clients.ndim != 1:
            clients = np.asarray(clients, np.int32).reshape(-1)
        n = clients.size
        if n == 0:
            return
        if self.n_pending + n > self.client.size:
            self._grow(self.n_pending + n)
        posts, post = _per_client(posts, n, _NO_POSTS)
        actors, actor = _per_client(actor, n, _NO_ACTORS)
        log = w.log
        columns, row = log.open_rows(n)
        _register(clients, kind, posts, post, actors, actor, self.client, self.kind, self.post, self.n_pending,
                  self.next_id, columns["client"], columns["event"], columns["detail"], columns["target"],
                  columns["ref"], columns["actor"], row, V.EVENT["transition"])
        if row >= 0 and (type(day) is np.ndarray or day != 0 or math.copysign(1.0, day) < 0):  # +0 is the default
            columns["day"][row:row + n] = day
        self.n_pending += n
        self.next_id += n
        if row < 0 and log.week >= 0:  # observed, but the rows run into the log's next block
            added = slice(self.n_pending - n, self.n_pending)
            log.record("transition", self.client[added], detail=kind, target=self.post[added],
                       ref=np.arange(self.next_id - n, self.next_id, dtype=np.int32), day=day,
                       actor=actors if actors.size else actor)

    def _grow(self, size: int) -> None:
        """Room for ``size`` pending transitions (at least double the room so far)."""
        size = max(size, 2 * self.client.size)
        for name in ("client", "kind", "post"):
            old = getattr(self, name)
            new = np.empty(size, old.dtype)
            new[:self.n_pending] = old[:self.n_pending]
            setattr(self, name, new)

    def _ids(self) -> np.ndarray:
        """The pending transitions' ids."""
        return np.arange(self.next_id - self.n_pending, self.next_id, dtype=np.int32)

    def log_pending(self, w: "World") -> None:
        """Log the transitions still waiting for the handover process (at the end of the warm-up, which logged
        nothing: a carer who dropped out in its last week hands over in the first observed week)."""
        n = self.n_pending
        w.log.record("transition", self.client[:n], detail=self.kind[:n], target=self.post[:n], ref=self._ids())

    def pending(self):
        """All pending transitions as new arrays (client, kind, post, id), in order."""
        n = self.n_pending
        return self.client[:n].copy(), self.kind[:n].copy(), self.post[:n].copy(), self._ids()

    def take(self):
        """All pending transitions as arrays (client, kind, post, id); clears the buffer."""
        out = self.pending()
        self.n_pending = 0
        return out


#: No posts, no actors per client: :func:`_per_client`'s array when one value is for all (of the dtype the
#: processes give them in, so that the compiled :func:`_register` has few versions).
_NO_POSTS, _NO_ACTORS = np.empty(0, np.int32), np.empty(0, np.int64)


def _per_client(values, n: int, none: np.ndarray) -> tuple[np.ndarray, int]:
    """``values`` of :meth:`Transitions.add` (posts or actors) as (one per client, one for all): an array of the
    ``n`` values and 0, or the empty array ``none`` and the value for all (a number, or any array of one)."""
    if type(values) is int:  # the usual one for all
        return none, values
    values = np.asarray(values)
    if values.shape == (n,):
        return values, 0
    if values.size == 1:
        return none, int(values.reshape(()))
    return np.full(n, values, none.dtype), 0  # another shape: spread over the clients (or fail) as numpy does


@kernel
def _register(clients, kind, posts, post, actors, actor, pending_client, pending_kind, pending_post, n_pending,
              first_id, log_client, log_event, log_detail, log_target, log_ref, log_actor, row, event):
    """Add transitions of one ``kind`` to the pending ones (rows ``n_pending`` on of ``pending_*``), and unless
    ``row`` is -1 write their events, ``event`` (the transition's code), to the log's open block from ``row`` on:
    the client, the kind (detail), the post (target), the id (ref; ``first_id`` on) and the actor. A transition's
    post is ``posts[i]``, or ``post`` for all when ``posts`` is empty; its actor likewise."""
    for i in range(clients.size):
        at_post = posts[i] if posts.size else post
        pending_client[n_pending + i] = clients[i]
        pending_kind[n_pending + i] = kind
        pending_post[n_pending + i] = at_post
        if row >= 0:
            log_client[row + i] = clients[i]
            log_event[row + i] = event
            log_detail[row + i] = kind
            log_target[row + i] = at_post
            log_ref[row + i] = first_id + i
            log_actor[row + i] = actors[i] if actors.size else actor


#: One open complaint (:mod:`sim.processes.complaints`): the row type of ``World.open_complaints``. Weeks are
#: model weeks, addresses and owners are posts. Its owners are the posts owning a part of the complaint, at most one
#: per role.
COMPLAINT = np.dtype([
    ("id", np.int64),
    ("client", np.int64),
    ("filed", np.int64),                        # week filed
    ("deadline", np.int64),                     # week by which it must be answered
    ("regime", np.int64),                       # index into REGIMES
    ("address", np.int64),                      # post holding it now, -1 while the complainant looks for one
    ("routed", np.bool_),                       # handled by a regiebehandelaar
    ("refile_week", np.int64),                  # when the complainant tries a new address
    ("bounces", np.int64),
    ("wake", np.int64),                         # next week with something to do
    ("n_owners", np.int64),
    ("owner", np.int64, (len(V.ROLES),)),       # the owners ([:n_owners]), in the order of their roles
    ("due", np.int64, (len(V.ROLES),)),         # per owner: week its answer is ready; -1 until its part is passed on
    ("answered", np.int8, (len(V.ROLES),)),     # per owner: 1 once its part is answered (int8: numba takes no
                                                #   boolean sub-arrays)
    ("n_parts", np.int64),
    ("parts", np.int64, (len(V.ROLES),)),       # the owners (index into owner) in the order their parts were passed on
])


class World:
    """One municipality's networks, parameters, streams, records and weekly scratch.

    Args:
        params: validated scenario parameters.
        network: the networks' state arrays (used as given: pass a copy to keep the original).
        seed: the run's seed; every process draws from its own named stream.
        n_weeks: weeks to simulate (>= 1).
        schedule: {week: [ScheduledEvent, ...]}, events fixed in advance (a vignette's key moments).
        streams: the run's streams, when set-up already drew from them (the population); default: new ones.
        warmup_weeks: weeks simulated before the first observed week (the warm-up, ``warmup_years``): nothing
            is recorded in them, and observed week 0 is simulation week ``warmup_weeks``.

    ``week`` counts simulated weeks from the start of the warm-up (the processes' clock); ``observed_week`` counts
    from the end of the warm-up (the records' clock, and the one the schedule uses).
    """

    def __init__(self, params: ScenarioParams, network: Network, seed: int, n_weeks: int,
                 schedule: dict[int, list] | None = None, streams: Streams | None = None, warmup_weeks: int = 0):
        self.params = params
        self.net = network
        self.seed = int(seed)
        self.n_weeks = int(n_weeks)
        self.warmup_weeks = int(warmup_weeks)
        self.streams = streams if streams is not None else Streams(self.seed)
        self.week = 0
        self.schedule = schedule or {}
        self.log = EventLog()
        self.log.week = -self.warmup_weeks
        self.series = StepSeries(self.n_weeks, len(V.PROFILES), offset=self.warmup_weeks)
        #: The policy's building blocks (set by :func:`sim.policies.apply_policy`); they enrol new clients.
        self.blocks: list = []
        #: The optional per-carer panel (:class:`sim.observe.CarerPanel`), filled at the end of each observed week.
        self.carer_panel = None
        self.transitions = Transitions()
        #: The open complaints, one :data:`COMPLAINT` row each, in the order they were filed: the first rows of a
        #: longer table (the array's ``base``) with room for new ones (:mod:`sim.processes.complaints`).
        self.open_complaints = np.zeros(0, COMPLAINT)
        self.next_complaint_id = 0
        self.next_request_id = 0
        #: Whether carers with a digital login read and write the plan (set by the digital plan block).
        self.plan_carer_access = False
        #: Wall time of each process of the week, seconds by name, when a dict (:func:`sim.week.run_week` adds to
        #: it; ``carenet bench --profile`` sets it); None: not timed.
        self.process_seconds: dict[str, float] | None = None
        self._derive_lookups()
        self._scratch()
        self.who = np.full(self.net.n_clients, V.NOBODY, np.int8)  # who arranges; set by the arranging process
        self.plan_members()

    @property
    def observed_week(self) -> int:
        """Weeks since the end of the warm-up (negative during it)."""
        return self.week - self.warmup_weeks

    def _derive_lookups(self) -> None:
        """Per-client and per-post lookups derived from the parameters (computed once)."""
        p, net = self.params, self.net
        #: the profiles' parameters as arrays indexed by profile (for the clients and carers entering)
        self.profiles = ProfileTable(p.population)
        by_profile = self.profiles.of(net.profile)
        self.client_acute = by_profile("acute_events_per_year")
        self.client_admission_share = by_profile("admission_share")
        self.client_admission_weeks = by_profile("admission_weeks")
        self.client_referrals = by_profile("referrals_per_year")
        self.client_growth = by_profile("need_growth_per_year").astype(np.float32)
        self.client_usual_care = by_profile("usual_care_share")
        self.client_base_mortality = by_profile("base_mortality_per_year")
        self.client_excess_mortality = by_profile("excess_mortality")
        self.client_recovery = by_profile("recovery_per_year")
        self.client_institution_share = by_profile("institution_share")
        self.client_leaves_at_18 = by_profile("age_max") < V.ADULT_AGE  # children: Jeugdwet care ends at 18
        self.client_presence = by_profile("presence_hours")
        self.client_practical = by_profile("practical_hours")
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
        #: ``net.carer_client`` as np.intp (fixed for the run): numpy gathers and np.bincount are several times
        #: faster with intp indices than with int32 ones
        self.carer_client = net.carer_client.astype(np.intp)
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
        # the same per role: role_posts[r] are the posts of role r in that order, role_range[r][district] the
        # district's range in it (a choice among one role's posts need not look at the others)
        districts = np.arange(-(-n_keys // len(V.ROLES)))
        self.role_posts, self.role_range = [], []
        for r in range(len(V.ROLES)):
            of_role = sorted_key % len(V.ROLES) == r
            self.role_posts.append(self.post_order[of_role])
            district = sorted_key[of_role] // len(V.ROLES)
            self.role_range.append(np.stack([np.searchsorted(district, districts, side="left"),
                                             np.searchsorted(district, districts, side="right")], axis=1))
        self.domain_role = np.asarray(V.DOMAIN_ROLE)
        self.domain_tariff = self.role_tariff[self.domain_role][None, :]
        self.client_profile = net.profile.astype(np.intp)
        self.carer_profile = self.client_profile[net.carer_client]

    def _scratch(self) -> None:
        """The week's working arrays (hours per week), reset or overwritten as the week runs."""
        net = self.net
        P, C = net.n_posts, net.n_carers
        self.overhead = np.zeros(P)           # coordination and recording hours charged to posts this week
        self.overhead_last = np.zeros(P)      # ... last week: they reduce this week's capacity
        self.overhead_buffer: list = []       # (posts, hours, series, clients) booked at the end of the week
        self.booked = np.zeros(P)             # hours arranged with each post this week
        self.carer_regelwerk = np.zeros(C)    # arranging hours of each carer this week
        self.carer_care = np.zeros(C)         # care hours each carer gives this week (the four kinds below)
        self.carer_usual = np.zeros(C)        # of which 'gebruikelijke zorg' (need left to a co-resident carer)
        self.carer_gap = np.zeros(C)          # of which filling gaps beyond that
        self.carer_presence = np.zeros(C)     # of which supervision and presence
        self.carer_practical = np.zeros(C)    # of which household and practical tasks
        self.carer_sidelined = np.zeros(C)    # items the carer needed and did not get this week
        self.carer_contradictions = np.zeros(C)  # contradictory advice the carer met this week
        self.unmet = np.zeros(net.n_clients)  # each client's unmet hours this week
        self.delivered = np.zeros((net.n_clients, len(V.DOMAINS)))  # [N, D] hours professionals delivered this week
        self.unmet_client = np.zeros(net.n_clients, bool)  # unmet need above the gap threshold this week
        self.carer_replace_u = np.ones(C, np.float32)  # this week's draw deciding a dropping-out carer's replacement

    def plan_members(self) -> None:
        """Clients with a plan and the connected posts in their networks (who keep the plan up to date).

        Computed at set-up and again after a policy block changes who is on a plan.
        """
        net = self.net
        self.plan_clients = np.flatnonzero(net.plan & net.consent)
        self.plan_posts, self.plan_post_clients = _plan_posts(self.plan_clients, net.member, net.post_on_plan)

    # ------------------------------------------------------------------ charging time, used by processes
    def add_overhead(self, posts: np.ndarray, hours, series: str, clients: np.ndarray) -> None:
        """Charge coordination or recording hours (per week), spent on ``clients``, to ``posts``.

        The hours reduce the posts' capacity next week and are paid at the post's tariff by the
        payer of its role's law. Booked at the end of the week (:func:`sim.processes.bookkeeping.end_of_week`).
        """
        posts = np.asarray(posts)
        if posts.size:
            hours = (np.full(posts.shape, hours, float) if np.ndim(hours) == 0
                     else np.broadcast_to(np.asarray(hours, float), posts.shape))
            self.overhead_buffer.append((posts, hours, series, np.asarray(clients)))

    def add_regelwerk(self, clients: np.ndarray, hours, kind, ref=-1) -> None:
        """Charge regelwerk hours (per week) to the clients' primary carers (if any), and log each piece of work
        as a ``regelwerk`` event: the carer who did it, its kind (``V.REGELWERK_KINDS``), the hours and ``ref``,
        the request or transition that caused it (:func:`charge_regelwerk`). ``hours``, ``kind`` and ``ref``: one
        for all, or one per client."""
        clients = np.asarray(clients)
        n = clients.size
        if n == 0:
            return
        kind, hours, ref = (np.asarray(kind, np.int64).ravel(), np.asarray(hours, np.float64).ravel(),
                            np.asarray(ref, np.int64).ravel())
        if not {kind.size, hours.size, ref.size} <= {1, n}:  # the compiled loop reads without bounds checks
            raise ValueError(f"add_regelwerk: {n} clients need one kind, hours and ref for all or one per client; "
                             f"got {kind.size}, {hours.size} and {ref.size}")
        columns = (np.empty(n, np.int32), np.empty(n, np.int8), np.empty(n, np.int32), np.empty(n, np.int8),
                   np.empty(n, np.float32), np.empty(n, np.int32))
        written = charge_regelwerk(self.carer_regelwerk, self.net.primary_carer, clients, kind, hours, ref,
                                   *columns, 0)
        # some clients have no primary carer: no event either
        client, detail, actor, role, value, ref = columns if written == n else (c[:written] for c in columns)
        self.log.record("regelwerk", client, detail=detail, actor=actor, role=role, value=value, ref=ref)


@kernel
def charge_regelwerk(carer_hours, primary_carer, clients, kind, hours, ref, client_column, detail_column,
                     actor_column, role_column, value_column, ref_column, at):
    """Pieces of regelwerk, one per client of ``clients``: each piece's ``hours`` (hours per week) are added to the
    client's primary carer's ``carer_hours``, one by one in order (as ``np.add.at`` does, whose general loop is
    far slower), in place, and its ``regelwerk`` event is written to the event log's columns from row ``at`` on:
    the client, the kind (``detail``, ``V.REGELWERK_KINDS``), the carer (``actor``, in ``CARER_ROLE``), the hours
    (``value``) and ``ref`` (the request or transition that caused it); its other columns keep the log's defaults
    (no target, channel or day). A client without a primary carer (-1) is left out. ``kind``, ``hours``, ``ref``:
    one per client, or one for all (an array of one). Returns the number of events written."""
    written = at
    for i in range(clients.size):
        carer = primary_carer[clients[i]]
        if carer >= 0:
            piece_hours = hours[i if hours.size > 1 else 0]
            carer_hours[carer] += piece_hours
            client_column[written], detail_column[written], actor_column[written] = (
                clients[i], kind[i if kind.size > 1 else 0], carer)
            role_column[written], value_column[written], ref_column[written] = (
                CARER_ROLE, piece_hours, ref[i if ref.size > 1 else 0])
            written += 1
    return written - at


@kernel
def _plan_posts(plan_clients, member, post_on_plan):
    """The posts on the plan in the networks of the clients ``plan_clients`` (client by client, role by role), and
    for each such post its client."""
    posts = np.empty(plan_clients.size * member.shape[1], member.dtype)
    clients = np.empty(posts.size, plan_clients.dtype)
    n = 0
    for client in plan_clients:
        for post in member[client]:
            if post >= 0 and post_on_plan[post]:
                posts[n], clients[n] = post, client
                n += 1
    return posts[:n].copy(), clients[:n].copy()


__all__ = ["COMPLAINT", "Transitions", "World"]
