"""The state of all care networks as arrays: clients, carers, professional posts.

Every agent attribute lives in one numpy array over all agents of its kind, so a
weekly step is a handful of array operations (Starsim style). Mesa agents in
:mod:`sim.agents` are thin views onto these arrays.

Indices: clients ``0..N-1``, carers ``0..C-1``, posts ``0..P-1``, organisations
``0..O-1``. ``-1`` means "none". A *post* is a professional position: when a
professional leaves, a successor takes the same post, without the contacts.

:func:`synthesize` builds a municipality from scenario parameters;
:meth:`Network.empty` gives a blank network that tests and vignettes fill by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from sim import vocabulary as V
from sim.parameters import ScenarioParams

D, R = len(V.DOMAINS), len(V.ROLES)


class Acquaintance:
    """Who knows whom among the posts, stored per district (block-diagonal).

    Professionals know colleagues only within their district (wijk), so the
    relation is kept as one dense boolean block per district: memory grows with
    the number of districts, not with the square of all posts.

    ``knows[a, b]`` takes post indices (ints or arrays, element-wise) and is
    False across districts; ``knows[a, b] = True`` sets pairs within a district.
    With a single district (hand-built networks) any numpy index works, as on a
    plain P x P matrix. Post ``p`` is ``blocks[district[p], local[p], :]``: the
    compiled loops of the weekly step (successors in
    :mod:`sim.processes.workforce`, introductions in :mod:`sim.processes.posts`)
    write the blocks through ``district`` and ``local`` directly.
    """

    def __init__(self, district: np.ndarray, blocks: np.ndarray):
        self.district = np.asarray(district, np.int32)
        self.local = np.zeros(self.district.size, np.int32)
        for d in np.unique(self.district):
            sel = np.flatnonzero(self.district == d)
            self.local[sel] = np.arange(sel.size)
        self.blocks = blocks  # bool [districts, posts per district, posts per district]

    @classmethod
    def identity(cls, n_posts: int) -> "Acquaintance":
        """One district in which everybody knows only themselves."""
        return cls(np.zeros(n_posts, np.int32), np.eye(n_posts, dtype=bool)[None])

    def _single(self) -> bool:
        return self.blocks.shape[0] == 1

    def __getitem__(self, key):
        if self._single():
            return self.blocks[0][key]
        a, b = key
        if type(a) is int and type(b) is int:  # one pair (a complaint's trail): plain indexing, no arrays
            d = self.district[a]
            return d == self.district[b] and self.blocks[d, self.local[a], self.local[b]]
        a, b = np.asarray(a), np.asarray(b)
        da, db = self.district[a], self.district[b]
        return (da == db) & self.blocks[da, self.local[a], self.local[b]]

    def __setitem__(self, key, value) -> None:
        if self._single():
            self.blocks[0][key] = value
            return
        a, b = np.broadcast_arrays(*(np.asarray(k) for k in key))
        same = self.district[a] == self.district[b]
        a, b = a[same], b[same]
        self.blocks[self.district[a], self.local[a], self.local[b]] = value

    def copy(self) -> "Acquaintance":
        return Acquaintance(self.district.copy(), self.blocks.copy())

    def __array__(self, dtype=None, copy=None):
        return self.blocks if dtype is None else self.blocks.astype(dtype)


@dataclass(eq=False)
class Network:
    """All agents' state. Shapes: N clients, C carers, P posts, O organisations."""

    # clients
    profile: np.ndarray          # int8 [N] index into PROFILES
    client_district: np.ndarray  # int32 [N] district (wijk) the client lives in
    base_need: np.ndarray        # float32 [N, D] hours/week, drifting
    extra_need: np.ndarray       # float32 [N, D] hours/week, post-discharge, fading
    arranged: np.ndarray         # float32 [N, D] hours/week arranged with the domain's post
    law: np.ndarray              # int8 [N, D] law per domain
    request_stage: np.ndarray    # int8 [N, D] 0 none, 1 at desk, 2 awaiting a provider
    request_due: np.ndarray      # int32 [N, D] week the indication is done
    request_id: np.ndarray       # int32 [N, D] id of the open request (the ``ref`` of its events), -1 none
    start_week: np.ndarray       # int32 [N, D] care cannot start before (settlement delay)
    blocked: np.ndarray          # bool [N, D] provider not told what is expected (missed item)
    able: np.ndarray             # bool [N] able to direct own care
    wishes: np.ndarray           # bool [N] wishes to direct own care
    digital: np.ndarray          # bool [N] digitally literate
    consent: np.ndarray          # bool [N] consents to share information
    admitted_until: np.ndarray   # int32 [N] week of discharge, -1 at home
    specialist_until: np.ndarray  # int32 [N] specialist involved until this week
    physio_until: np.ndarray     # int32 [N] physiotherapist involved until this week
    harm_hazard: np.ndarray      # float32 [N] extra acute probability/week (decays)
    unmet_share: np.ndarray      # float32 [N] last week's unmet share of need
    dissatisfaction: np.ndarray  # float32 [N]
    grievance: np.ndarray        # int32 [N] bitmask of roles involved in recent grievances
    usual_care_waived: np.ndarray  # bool [N] carer overload signalled: no 'gebruikelijke zorg' expected
    member: np.ndarray           # int32 [N, R] post per role, -1 none
    primary_carer: np.ndarray    # int32 [N] -1 none
    age: np.ndarray              # float32 [N] years
    wlz: np.ndarray              # int8 [N] Wlz stage: 0 none, 1 applied, 2 indicated at home, 3 waiting for an institution
    wlz_due: np.ndarray          # int32 [N] week the Wlz indication is done, or the move into the institution
    client_person: np.ndarray    # int32 [N] how many times the slot changed hands (a new client took it)
    night_care: np.ndarray       # bool [N] needs care or supervision at night
    # policy structure (set by policy building blocks)
    coordinator: np.ndarray      # int32 [N] regiebehandelaar post, -1 none
    plan: np.ndarray             # bool [N] has a digital plan
    budget: np.ndarray           # bool [N] holds an integral pgb
    budget_by_carer: np.ndarray  # bool [N] the budget is held by the carer
    budget_planned: np.ndarray   # bool [N] the integral plan for the budget has been made
    budget_pays_carer: np.ndarray  # bool [N] the budget pays the primary carer for care beyond gebruikelijke zorg
    proxy: np.ndarray            # bool [N] carer is a registered proxy (volmacht)
    # carers
    carer_client: np.ndarray     # int32 [C]
    carer_available: np.ndarray  # float32 [C] hours/week
    carer_active: np.ndarray     # bool [C]
    carer_digital: np.ndarray    # bool [C]
    carer_strain: np.ndarray     # float32 [C]
    carer_category: np.ndarray   # int8 [C] survey category
    carer_over_weeks: np.ndarray  # int16 [C] consecutive overburdened weeks
    carer_burned_out: np.ndarray  # bool [C]
    carer_coresident: np.ndarray  # bool [C] lives with the client (partner, parent)
    carer_works: np.ndarray      # bool [C] combines the care with paid work
    carer_respite: np.ndarray    # bool [C] has respite care
    carer_return_week: np.ndarray  # int32 [C] week a replacing carer starts in this place, -1 none
    carer_person: np.ndarray     # int32 [C] how many times the place changed hands (a new carer took it)
    # posts
    post_role: np.ndarray        # int8 [P]
    post_district: np.ndarray    # int32 [P] district the post serves
    post_org: np.ndarray         # int32 [P]
    post_capacity: np.ndarray    # float32 [P] hours/week
    post_boundary: np.ndarray    # float32 [P] willingness to align across boundaries
    post_involves_carer: np.ndarray  # bool [P]
    post_contracted: np.ndarray  # bool [P]
    post_on_plan: np.ndarray     # bool [P] organisation connected to the digital plan
    post_person: np.ndarray      # int32 [P] how many times the post changed hands
    coordinator_quality: np.ndarray  # float32 [P] min(1, caseload limit / caseload)
    coordinator_mandate: np.ndarray  # bool [P] may indicate Wmo within the frame
    coordinator_address: np.ndarray  # bool [P] is the complaint address of its clients
    knows: Acquaintance          # professionals who know each other (within a district)
    linked: np.ndarray           # bool [O, O] information systems linked

    @property
    def n_clients(self) -> int:
        return self.profile.size

    @property
    def n_carers(self) -> int:
        return self.carer_client.size

    @property
    def n_posts(self) -> int:
        return self.post_role.size

    @property
    def need(self) -> np.ndarray:
        """Current need per client and domain, hours/week."""
        return self.base_need + self.extra_need

    @classmethod
    def empty(cls, n_clients: int, n_carers: int, n_posts: int, n_orgs: int | None = None,
              knows: Acquaintance | None = None) -> "Network":
        """A blank network: no needs, no members, nobody knows anybody, all clients able and consenting."""
        N, C, P = n_clients, n_carers, n_posts
        O = n_orgs if n_orgs is not None else max(P, 1)
        z = lambda shape, dt: np.zeros(shape, dtype=dt)  # noqa: E731
        return cls(
            profile=z(N, np.int8), client_district=z(N, np.int32), base_need=z((N, D), np.float32), extra_need=z((N, D), np.float32),
            arranged=z((N, D), np.float32), law=np.tile(np.array([V.ZVW, V.ZVW, V.WMO, V.ZVW, V.JEUGDWET], np.int8), (N, 1)),
            request_stage=z((N, D), np.int8), request_due=z((N, D), np.int32), request_id=np.full((N, D), -1, np.int32), start_week=z((N, D), np.int32),
            blocked=z((N, D), bool), able=np.ones(N, bool), wishes=np.ones(N, bool), digital=np.ones(N, bool),
            consent=np.ones(N, bool), admitted_until=np.full(N, -1, np.int32), specialist_until=np.full(N, -1, np.int32),
            physio_until=np.full(N, -1, np.int32), harm_hazard=z(N, np.float32), unmet_share=z(N, np.float32),
            dissatisfaction=z(N, np.float32), grievance=z(N, np.int32), usual_care_waived=z(N, bool),
            member=np.full((N, R), -1, np.int32), primary_carer=np.full(N, -1, np.int32),
            age=np.full(N, 70.0, np.float32), wlz=z(N, np.int8), wlz_due=z(N, np.int32), client_person=z(N, np.int32),
            night_care=z(N, bool),
            coordinator=np.full(N, -1, np.int32), plan=z(N, bool), budget=z(N, bool), budget_by_carer=z(N, bool),
            budget_planned=z(N, bool), budget_pays_carer=z(N, bool),
            proxy=z(N, bool),
            carer_client=z(C, np.int32), carer_available=np.full(C, 20.0, np.float32), carer_active=np.ones(C, bool),
            carer_digital=np.ones(C, bool), carer_strain=z(C, np.float32), carer_category=z(C, np.int8),
            carer_over_weeks=z(C, np.int16), carer_burned_out=z(C, bool), carer_coresident=z(C, bool),
            carer_return_week=np.full(C, -1, np.int32), carer_person=z(C, np.int32), carer_works=z(C, bool),
            carer_respite=z(C, bool),
            post_role=z(P, np.int8), post_district=z(P, np.int32), post_org=np.arange(P, dtype=np.int32) % max(O, 1),
            post_capacity=np.full(P, 40.0, np.float32), post_boundary=np.full(P, 0.5, np.float32),
            post_involves_carer=z(P, bool), post_contracted=np.ones(P, bool), post_on_plan=z(P, bool),
            post_person=z(P, np.int32), coordinator_quality=np.ones(P, np.float32),
            coordinator_mandate=z(P, bool), coordinator_address=z(P, bool),
            knows=knows if knows is not None else Acquaintance.identity(P), linked=np.eye(O, dtype=bool),
        )

    def copy(self) -> "Network":
        """A deep copy (arrays copied)."""
        return Network(**{f.name: getattr(self, f.name).copy() for f in fields(self)})

    def carers_of(self, client: int) -> np.ndarray:
        """Indices of a client's carers."""
        return np.flatnonzero(self.carer_client == client)


def _choose_posts(rng: np.random.Generator, candidates: np.ndarray, n: int, weights: np.ndarray) -> np.ndarray:
    """Draw ``n`` posts from ``candidates`` with probability proportional to ``weights``."""
    cum = np.cumsum(weights, dtype=np.float64)
    if cum.size == 0 or cum[-1] <= 0:
        return np.full(n, -1, np.int32)
    picks = np.searchsorted(cum, rng.random(n) * cum[-1], side="right")
    return candidates[np.minimum(picks, candidates.size - 1)].astype(np.int32)


def synthesize(params: ScenarioParams, rng: np.random.Generator) -> Network:
    """Build a municipality's care networks from a scenario (draws from the ``population`` stream).

    The steps draw in a fixed order (clients, carers, posts, acquaintance, initial networks, client traits),
    so the same seed gives the same networks.
    """
    pop = params.population
    N = pop.n_clients
    profiles = ProfileTable(pop)
    profile, base_need, law = _clients(pop, profiles, rng)
    per_profile = profiles.of(profile)
    carers = _carers(per_profile, rng)
    # districts (wijken): clients in equal blocks; every role has posts in every district
    n_districts = max(1, int(np.ceil(N / pop.district_clients)))
    client_district = (np.arange(N) * n_districts // N).astype(np.int32)
    posts = _posts(params, np.bincount(client_district, minlength=n_districts), rng)
    knows, linked = _acquaintance(params, posts, n_districts, rng)
    coresident_primary = np.zeros(N, bool)
    coresident_primary[carers["carer_client"][carers["carer_coresident"]]] = True
    member, arranged = _initial_networks(params, per_profile, base_need, law, coresident_primary, client_district,
                                         n_districts, posts, rng)
    able = rng.random(N) < per_profile("able_share")
    wishes = rng.random(N) < per_profile("wish_share")
    digital = rng.random(N) < per_profile("digital_share")
    consent = rng.random(N) < per_profile("consent_share")

    age, base_need = time_in_population(params, per_profile, entry_ages(per_profile, rng), base_need, rng)
    night_care = rng.random(N) < per_profile("night_care_share")
    works, respite = carer_circumstances(per_profile, carers["carer_client"], rng)

    net = Network.empty(N, carers["carer_client"].size, posts["post_role"].size, posts["org_count"], knows=knows)
    net.age, net.carer_coresident = age, carers["carer_coresident"]
    net.night_care, net.carer_works, net.carer_respite = night_care, works, respite
    net.profile, net.base_need, net.law, net.arranged, net.member = profile, base_need, law, arranged, member
    net.client_district, net.post_district = client_district, posts["post_district"]
    net.able, net.wishes, net.digital, net.consent = able, wishes, digital, consent
    net.primary_carer, net.carer_client = carers["primary_carer"], carers["carer_client"]
    net.carer_available, net.carer_digital = carers["carer_available"], carers["carer_digital"]
    for name in ("post_role", "post_org", "post_capacity", "post_boundary", "post_involves_carer", "post_contracted"):
        setattr(net, name, posts[name])
    net.linked = linked
    return net


class ProfileTable:
    """The profiles' parameters (``population.profiles``) as small arrays indexed by profile (``V.PROFILES``
    order), each read from the parameters once: clients entering the population are synthesised almost every week,
    from a dozen of them. The table reads the parameters as they are when it is made: each world keeps one
    (``World.profiles``), and derives its per-client lookups from it."""

    def __init__(self, pop):
        self._profiles = [p for _, p in pop.profiles.items()]
        self._columns: dict[str, np.ndarray] = {}
        self._tables: dict[tuple[str, ...], np.ndarray] = {}
        #: the laws of the domains per profile (int8 [profiles, domains]; codes of ``V.LAWS``)
        self.laws = np.empty((len(self._profiles), D), np.int8)
        self.laws[:, V.CURE] = V.ZVW
        self.laws[:, V.YOUTH] = V.JEUGDWET
        for d, attr in ((V.NURSING, "nursing_law"), (V.SUPPORT, "support_law"), (V.MENTAL, "mental_law")):
            self.laws[:, d] = [V.LAWS.index(getattr(p, attr)) for p in self._profiles]
        #: the mean need per domain per profile (hours per week, [profiles, domains])
        self.need_means = np.stack([self.column(f"need_{d}") for d in V.DOMAINS], axis=1)
        #: the sd of the log of the base need per profile (from ``need_cv``, as :func:`draw_needs` computes it)
        self.need_sigma = np.sqrt(np.log1p(self.column("need_cv") ** 2))

    def column(self, attr: str) -> np.ndarray:
        """A profile attribute's value per profile."""
        values = self._columns.get(attr)
        if values is None:
            values = self._columns[attr] = np.array([getattr(p, attr) for p in self._profiles])
        return values

    def columns(self, attrs: tuple[str, ...]) -> np.ndarray:
        """Several profile attributes' values per profile, as one table ([profiles, attributes], float64), made
        once per tuple of attributes (for the compiled loops of the clients entering the population)."""
        table = self._tables.get(attrs)
        if table is None:
            table = self._tables[attrs] = np.stack([self.column(attr) for attr in attrs], axis=1).astype(np.float64)
        return table

    def of(self, profile: np.ndarray):
        """``per_profile(attr)``: the value of a profile attribute for each client of ``profile`` (their profiles)."""
        return lambda attr: self.column(attr)[profile]


def _clients(pop, profiles: ProfileTable, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each client's profile (by the profiles' shares), base need (hours per week, lognormal around the
    profile's mean) and the law of each domain."""
    N = pop.n_clients
    shares = profiles.column("share")
    profile = np.minimum(np.searchsorted(np.cumsum(shares), rng.random(N), side="right"), len(shares) - 1).astype(np.int8)
    return profile, draw_needs(profiles, profile, rng), profiles.laws[profile]


def draw_needs(profiles: ProfileTable, profile: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Base needs (hours per week, [clients, domains]) of clients of ``profile``: lognormal around the profile's
    mean need per domain, with the profile's coefficient of variation (a new client entering draws them the same
    way, in :func:`sim.processes.population.enter`, with :attr:`ProfileTable.need_sigma`)."""
    cv = profiles.column("need_cv")[profile][:, None]
    sigma = np.sqrt(np.log1p(cv ** 2))
    return (profiles.need_means[profile] * np.exp(sigma * rng.standard_normal((profile.size, D)) - sigma ** 2 / 2)
            ).astype(np.float32)


def carer_hours(per_profile_of_carer: np.ndarray, is_primary: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Hours per week carers can give: gamma (shape 4) around the profile's ``carer_available_hours`` for a
    primary carer, a quarter of it for a secondary one. (Drawn as standard gamma times the scale: numpy's
    ``rng.gamma(4.0, scale)`` draws exactly these numbers, but is slower with an array of scales.)"""
    mean_hours = per_profile_of_carer * np.where(is_primary, 1.0, 0.25)
    return (rng.standard_gamma(4.0, mean_hours.shape) * (mean_hours / 4.0)).astype(np.float32)


def _carers(per_profile, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Carers: a primary carer with probability ``carer_share``, plus Poisson secondary carers (a quarter of
    the primary's available hours per week each)."""
    has_primary = rng.random(per_profile("carer_share").size) < per_profile("carer_share")
    extra = rng.poisson(per_profile("extra_carers_mean")) * has_primary
    n_carers = has_primary.astype(int) + extra
    carer_client = np.repeat(np.arange(has_primary.size, dtype=np.int32), n_carers)
    first = np.concatenate([[0], np.cumsum(n_carers)[:-1]])
    is_primary = np.zeros(carer_client.size, bool)
    is_primary[first[has_primary]] = True
    primary_carer = np.full(has_primary.size, -1, np.int32)
    primary_carer[has_primary] = first[has_primary]
    carer_available = carer_hours(per_profile("carer_available_hours")[carer_client], is_primary, rng)
    carer_digital = rng.random(carer_client.size) < per_profile("carer_digital_share")[carer_client]
    carer_coresident = is_primary & (rng.random(carer_client.size) < per_profile("coresident_share")[carer_client])
    return {"carer_coresident": carer_coresident, "has_primary": has_primary, "is_primary": is_primary, "carer_client": carer_client,
            "primary_carer": primary_carer,
            "carer_available": carer_available, "carer_digital": carer_digital}


def entry_ages(per_profile, rng: np.random.Generator) -> np.ndarray:
    """Ages (years) of the initial population at their entry: normal around the profile's ``age_mean`` with sd
    ``age_sd``, clipped to ``age_min``..``age_max`` (clients entering later draw theirs the same way, in
    :func:`sim.processes.population.enter`). ``per_profile(attr)`` gives each client's value of a profile
    attribute."""
    mean = per_profile("age_mean")
    age = mean + per_profile("age_sd") * rng.standard_normal(mean.size)
    return np.clip(age, per_profile("age_min"), per_profile("age_max")).astype(np.float32)


def carer_circumstances(per_profile, carer_client: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Whether each carer combines the care with paid work (``carer_work_share``) and has respite care
    (``respite_share``), by the profile of the client cared for."""
    works = rng.random(carer_client.size) < per_profile("carer_work_share")[carer_client]
    respite = rng.random(carer_client.size) < per_profile("respite_share")[carer_client]
    return works, respite


def time_in_population(params: ScenarioParams, per_profile, age: np.ndarray, base_need: np.ndarray,
                       rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Start the initial population close to its steady state: each client has been in the population for a time
    T (years) drawn from the exponential distribution of a client's stay (its rate: the profile's yearly death and
    recovery chances at the mean entry age), so is T years older than their entry age and their needs have grown
    for T years. Children stay below 18. Returns (age, base need); ages in years, needs in hours per week."""
    f = params.flows
    rate = (per_profile("recovery_per_year") + per_profile("base_mortality_per_year") + per_profile("excess_mortality")
            * f.mortality_at_65 * np.exp(f.mortality_growth * (per_profile("age_mean") - 65.0)))
    stay = rng.exponential(1.0, age.size) / np.maximum(rate, 1e-3)
    child = per_profile("age_max") < V.ADULT_AGE
    stay = np.where(child, np.minimum(stay, np.maximum(V.ADULT_AGE - 0.1 - age, 0.0)), stay)
    grown = base_need * np.exp(per_profile("need_growth_per_year") * stay)[:, None]
    return np.minimum(age + stay, 105.0).astype(np.float32), grown.astype(np.float32)


def _posts(params: ScenarioParams, district_size: np.ndarray, rng: np.random.Generator) -> dict:
    """Posts per district and role, spread over the role's organisations (municipality-wide, each its own
    information system), laid out by district, then role; capacity (hours per week) and traits."""
    roles = params.workforce.roles
    post_role, post_org, post_district, org_count = [], [], [], 0
    for r, name in enumerate(V.ROLES):
        rp = getattr(roles, name)
        per_district = np.maximum(1, np.ceil(district_size / rp.clients_per_post).astype(int))
        n_orgs = min(rp.organisations, int(per_district.max()))
        for d, n_posts in enumerate(per_district):
            post_role.append(np.full(n_posts, r, np.int8))
            post_org.append(org_count + np.arange(n_posts) % n_orgs)
            post_district.append(np.full(n_posts, d, np.int32))
        org_count += n_orgs
    post_role = np.concatenate(post_role)
    post_org = np.concatenate(post_org).astype(np.int32)
    post_district = np.concatenate(post_district)
    order = np.lexsort((post_role, post_district))  # posts laid out by district, then role
    post_role, post_org, post_district = post_role[order], post_org[order], post_district[order]
    P = post_role.size
    role_attr = lambda attr: np.array([getattr(getattr(roles, n), attr) for n in V.ROLES])[post_role]  # noqa: E731
    return {"post_role": post_role, "post_org": post_org, "post_district": post_district, "org_count": org_count,
            "post_capacity": role_attr("capacity_hours").astype(np.float32),
            "post_boundary": np.clip(rng.beta(2, 2, P) - 0.5 + role_attr("boundary_work"), 0, 1).astype(np.float32),
            "post_involves_carer": rng.random(P) < role_attr("involves_carer"),
            "post_contracted": rng.random(P) < params.workforce.contracted_share}


def _acquaintance(params: ScenarioParams, posts: dict, n_districts: int,
                  rng: np.random.Generator) -> tuple[Acquaintance, np.ndarray]:
    """Who knows whom (colleagues of an organisation, and by chance within a district: more among first-line
    posts), and which organisations' information systems are linked."""
    post_role, post_org, post_district = posts["post_role"], posts["post_org"], posts["post_district"]
    first_line = np.isin(post_role, (V.GP, V.DISTRICT_NURSE, V.HOME_CARER, V.PHYSIOTHERAPIST, V.PHARMACIST,
                                     V.SOCIAL_TEAM))
    width = int(np.bincount(post_district).max())
    blocks = np.zeros((n_districts, width, width), bool)
    for d in range(n_districts):
        sel = np.flatnonzero(post_district == d)
        org, fl = post_org[sel], first_line[sel]
        chance = np.where(fl[:, None] & fl[None, :], params.workforce.acquaintance_local,
                          params.workforce.acquaintance)
        acquainted = np.triu(rng.random((sel.size, sel.size)) < chance, 1)
        blocks[d, :sel.size, :sel.size] = (org[:, None] == org[None, :]) | acquainted | acquainted.T
    org_count = posts["org_count"]
    linked_draw = rng.random((org_count, org_count)) < params.workforce.systems_connected
    linked = np.eye(org_count, dtype=bool) | np.triu(linked_draw, 1) | np.triu(linked_draw, 1).T
    return Acquaintance(post_district, blocks), linked


def _initial_networks(params: ScenarioParams, per_profile, base_need: np.ndarray, law: np.ndarray,
                      coresident_primary: np.ndarray, client_district: np.ndarray, n_districts: int, posts: dict,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Initial networks: GP and pharmacist for all; the delivering role of every domain with need (a contracted
    post where the district has one), arranged at the indicable need; the social team for Wmo support."""
    N = base_need.shape[0]
    post_role, post_district = posts["post_role"], posts["post_district"]
    member = np.full((N, R), -1, np.int32)

    def spread(clients: np.ndarray, ok_post: np.ndarray) -> np.ndarray:
        """Spread clients evenly over the qualifying posts of their district, in random order."""
        out = np.full(clients.size, -1, np.int32)
        for d in range(n_districts):
            mine = np.flatnonzero(client_district[clients] == d)
            cands = np.flatnonzero(ok_post & (post_district == d))
            if mine.size and cands.size:
                out[mine] = cands[rng.permutation(mine.size) % cands.size]
        return out

    for r in (V.GP, V.PHARMACIST):
        member[:, r] = spread(np.arange(N), post_role == r)
    usual = np.where(coresident_primary, per_profile("usual_care_share"), 0.0)  # 'gebruikelijke zorg' of housemates
    target = base_need.copy()
    target[:, V.NURSING] *= (1 - usual)
    target[:, V.SUPPORT] *= (1 - usual)
    arranged = np.zeros((N, D), np.float32)
    for d in range(D):
        role = V.DOMAIN_ROLE[d]
        needy = np.flatnonzero(base_need[:, d] > params.arranging.gap_threshold)
        if role != V.GP:
            member[needy, role] = spread(needy, (post_role == role) & posts["post_contracted"])
            missing = needy[member[needy, role] < 0]  # a district without a contracted post of the role
            member[missing, role] = spread(missing, post_role == role)
        arranged[needy, d] = target[needy, d]
    wmo_clients = np.flatnonzero((arranged[:, V.SUPPORT] > 0) & (law[:, V.SUPPORT] == V.WMO))
    member[wmo_clients, V.SOCIAL_TEAM] = spread(wmo_clients, post_role == V.SOCIAL_TEAM)
    return member, arranged
