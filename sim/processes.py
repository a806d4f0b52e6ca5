"""The weekly processes of the model, one named function each.

Each process takes the model and works on the arrays of :class:`sim.network.Network`
for all clients, carers and posts at once. Sparse events (transitions, handover
items, complaints) are handled in batches. The order in which the processes run
is :data:`sim.model.STEP_ORDER`; the ODD description (docs/ODD.md §7) follows it.

A process never asks which policy is active. Policies set the structural arrays
(``coordinator``, ``plan``, ``post_on_plan``, ``budget``, ``proxy``, coordinator
quality, mandate and complaint address) and the processes act through them.

Time: one step is one week; handover timing is in days after the transition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import vocabulary as V
from sim.observe import CARER_ROLE, CLIENT_ROLE

if TYPE_CHECKING:  # pragma: no cover
    from sim.model import CareNetworkModel

D, R = len(V.DOMAINS), len(V.ROLES)
ROLE_BIT = (1 << np.arange(R)).astype(np.int32)


def nonzero2(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of a 2-D mask (``np.nonzero`` via the flat index, several times faster)."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def row_any(mask: np.ndarray) -> np.ndarray:
    """``mask.any(axis=1)`` for masks with few columns, column by column (faster)."""
    out = mask[:, 0].copy()
    for j in range(1, mask.shape[1]):
        out |= mask[:, j]
    return out


def row_count(mask: np.ndarray) -> np.ndarray:
    """``mask.sum(axis=1)`` for masks with few columns."""
    out = mask[:, 0].astype(np.int16)
    for j in range(1, mask.shape[1]):
        out += mask[:, j]
    return out


# --------------------------------------------------------------------------- transitions

class Transitions:
    """This week's transitions, waiting for the handover process.

    Each transition has a client, a kind, a day within the week, and for
    referrals and professional leaving the post concerned.
    """

    def __init__(self):
        self.client: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.post: list[np.ndarray] = []
        self.ids: list[np.ndarray] = []
        self.next_id = 0

    def add(self, model: "CareNetworkModel", kind: int, clients, posts=-1, day=0.0, actor=-1) -> None:
        """Register transitions and log them (``actor``: e.g. the carer who dropped out)."""
        clients = np.atleast_1d(np.asarray(clients, np.int32))
        if clients.size == 0:
            return
        posts = np.broadcast_to(np.asarray(posts, np.int32), clients.shape).copy()
        ids = np.arange(self.next_id, self.next_id + clients.size, dtype=np.int32)
        self.next_id += clients.size
        self.client.append(clients)
        self.kind.append(np.full(clients.size, kind, np.int8))
        self.post.append(posts)
        self.ids.append(ids)
        model.log.record("transition", clients, detail=kind, target=posts, ref=ids, day=day, actor=actor)

    def take(self):
        """All pending transitions as arrays (client, kind, post, id); clears the buffer."""
        if not self.client:
            empty = np.empty(0, np.int32)
            return empty, empty.astype(np.int8), empty, empty
        out = (np.concatenate(self.client), np.concatenate(self.kind), np.concatenate(self.post),
               np.concatenate(self.ids))
        self.client, self.kind, self.post, self.ids = [], [], [], []
        return out


# --------------------------------------------------------------------------- 1. workforce

def workforce(m: "CareNetworkModel") -> None:
    """Professionals leave their posts; a successor takes over without the contacts.

    Every client of the post has a ``professional_leaving`` transition. The
    successor knows only colleagues of the same organisation.
    """
    net = m.net
    u = m.streams.workforce.random(net.n_posts, dtype=np.float32)
    posts_change_hands(m, np.flatnonzero(u < m.params.workforce.turnover_per_year / 52))


def posts_change_hands(m: "CareNetworkModel", leaving: np.ndarray) -> None:
    """The professionals in ``leaving`` leave; successors know only their own organisation's colleagues."""
    net = m.net
    if leaving.size == 0:
        return
    net.post_person[leaving] += 1
    net.knows.reset(leaving, net.post_org)
    is_leaving = np.zeros(net.n_posts + 1, bool)  # the extra last entry stands for "no post" (-1)
    is_leaving[leaving] = True
    clients, roles = nonzero2(is_leaving[net.member])
    m.transitions.add(m, V.PROFESSIONAL_LEAVING, clients, net.member[clients, roles])


# --------------------------------------------------------------------------- 0. scheduled events

def scheduled_events(m: "CareNetworkModel") -> None:
    """Events fixed in advance (a vignette's key moments): they happen this week, whatever the dice say.

    Each is a :class:`sim.schedule.ScheduledEvent`; it acts through the same
    functions as the random events (admission, referral, a carer dropping out,
    a professional leaving, a change of need).
    """
    net = m.net
    for event in m.schedule.get(m.week, ()):
        clients = np.array([event.client], np.int32)
        if event.kind in ("admission", "referral") and event.post >= 0:
            net.member[event.client, net.post_role[event.post]] = event.post  # to this professional
        if event.kind == "admission":
            if net.admitted_until[event.client] < 0:
                m.log.record("acute_event", clients, detail=V.ACUTE_KINDS.index(event.acute))
                admit_clients(m, clients, np.array([event.weeks], np.int32), 0.0)
        elif event.kind == "referral":
            role = int(net.post_role[event.post]) if event.post >= 0 else V.ROLES.index(event.role)
            refer_clients(m, clients, role, 0.0)
        elif event.kind == "contact":
            m.transitions.add(m, V.CONTACT, clients, event.post)
        elif event.kind == "carer_dropout":
            carer_drops_out(m, np.array([event.carer], np.int32))
        elif event.kind == "professional_leaving":
            posts_change_hands(m, np.array([event.post], np.int32))
        elif event.kind == "need":
            domain = V.DOMAINS.index(event.domain)
            net.base_need[event.client, domain] = event.hours
            m.log.record("need_changed", clients, detail=domain, value=event.hours)


# --------------------------------------------------------------------------- 2. needs and events

def needs_and_events(m: "CareNetworkModel") -> None:
    """Needs drift; acute events, admissions, discharges, referrals; carers fall ill.

    Draws a fixed number of random numbers per client and carer each week
    (stream ``needs``), so the draws do not depend on the policy.
    """
    net, p, rng, week = m.net, m.params, m.streams.needs, m.week
    N = net.n_clients
    z = rng.standard_normal((N, D), dtype=np.float32)
    u = rng.random((N, 7), dtype=np.float32)
    sd = p.needs.drift_sd
    net.base_need *= np.exp(sd * z - sd * sd / 2 + m.client_growth[:, None] / 52)
    net.extra_need *= np.float32(np.exp(-1.0 / p.needs.recovery_weeks))
    net.harm_hazard *= np.float32(np.exp(-1.0 / p.needs.harm_hazard_weeks))

    # discharges
    discharged = np.flatnonzero(net.admitted_until == week)
    if discharged.size:
        net.admitted_until[discharged] = -1
        net.extra_need[discharged, V.NURSING] += p.needs.post_discharge_nursing
        rehab = discharged[u[discharged, 5] < p.needs.rehab_share]
        _add_member(m, rehab, V.PHYSIOTHERAPIST, m.streams.matching)
        net.physio_until[rehab] = week + int(p.needs.recovery_weeks)
        m.transitions.add(m, V.DISCHARGE, discharged, day=u[discharged, 6] * 7)

    # acute events at home
    home = net.admitted_until < 0
    hazard = m.client_acute / 52 * (1 + p.needs.unmet_hazard * net.unmet_share) + net.harm_hazard
    acute = np.flatnonzero(home & (u[:, 0] < hazard))
    if acute.size:
        kinds = m.acute_kind(acute, u[acute, 1])
        m.log.record("acute_event", acute, detail=kinds, day=u[acute, 6] * 7)
        is_admitted = u[acute, 2] < m.client_admission_share[acute]
        admit = acute[is_admitted]
        weeks = np.maximum(1, np.round(-np.log(np.maximum(u[admit, 3], 1e-12)) * m.client_admission_weeks[admit]))
        admit_clients(m, admit, weeks.astype(np.int32), u[admit, 6] * 7)
        net.extra_need[acute[~is_admitted], V.NURSING] += p.needs.post_discharge_nursing / 2

    # referrals while at home: to a specialist (outpatient) or, if one is involved, a physiotherapist
    refer = np.flatnonzero((net.admitted_until < 0) & (u[:, 4] < m.client_referrals / 52))  # not admitted this week
    if refer.size:
        to_specialist = net.specialist_until[refer] < week
        refer_clients(m, refer[to_specialist], V.SPECIALIST, u[refer[to_specialist], 6] * 7)
        refer_clients(m, refer[~to_specialist], V.PHYSIOTHERAPIST, u[refer[~to_specialist], 6] * 7)

    # carers falling ill themselves (Berends)
    uc = rng.random(net.n_carers, dtype=np.float32)
    ill = np.flatnonzero(net.carer_active & (uc < p.needs.carer_illness_per_year / 52))
    carer_drops_out(m, ill)


def admit_clients(m: "CareNetworkModel", clients: np.ndarray, weeks: np.ndarray, day) -> None:
    """Admit clients for ``weeks`` weeks: a specialist joins their network and an admission transition follows."""
    net = m.net
    net.admitted_until[clients] = m.week + weeks
    _add_member(m, clients, V.SPECIALIST, m.streams.matching)
    net.specialist_until[clients] = net.admitted_until[clients] + int(m.params.needs.recovery_weeks)
    m.transitions.add(m, V.ADMISSION, clients, day=day)


def refer_clients(m: "CareNetworkModel", clients: np.ndarray, role: int, day) -> None:
    """Refer clients at home to a (new) professional of ``role``, involved for the recovery period."""
    net = m.net
    _add_member(m, clients, role, m.streams.matching)
    until = m.week + int(m.params.needs.recovery_weeks)
    if role == V.SPECIALIST:
        net.specialist_until[clients] = until
    elif role == V.PHYSIOTHERAPIST:
        net.physio_until[clients] = until
    m.transitions.add(m, V.REFERRAL, clients, net.member[clients, role], day=day)


def choose_posts(m: "CareNetworkModel", clients: np.ndarray, roles, weight: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """For each client, a post of the given role in the client's district, drawn with probability
    proportional to ``weight`` (per post, >= 0); -1 where no post of the district has weight."""
    net = m.net
    key = net.client_district[clients].astype(np.int64) * R + roles
    lo, hi = m.post_range[key, 0], m.post_range[key, 1]
    cum = np.concatenate([[0.0], np.cumsum(weight[m.post_order], dtype=np.float64)])
    total = cum[hi] - cum[lo]
    x = cum[lo] + rng.random(clients.size) * total
    idx = np.clip(np.searchsorted(cum, x, side="right") - 1, lo, np.maximum(hi - 1, lo))
    return np.where(total > 0, m.post_order[np.minimum(idx, m.post_order.size - 1)], -1).astype(np.int32)


def _add_member(m: "CareNetworkModel", clients: np.ndarray, role: int, rng: np.random.Generator) -> None:
    """Give clients without a post of ``role`` one in their district, chosen by spare capacity."""
    net = m.net
    need = clients[net.member[clients, role] < 0]
    if need.size == 0:
        return
    spare = np.maximum(net.post_capacity * m.params.workforce.overbooking - m.booked, 0) + 1e-3
    net.member[need, role] = choose_posts(m, need, role, spare * (net.post_role == role), rng)


def carer_drops_out(m: "CareNetworkModel", carers: np.ndarray) -> None:
    """Carers stop caring. A primary carer's dropout is a transition; another carer takes over if any."""
    net = m.net
    carers = carers[net.carer_active[carers]]
    if carers.size == 0:
        return
    net.carer_active[carers] = False
    clients = net.carer_client[carers]
    primary = carers[net.primary_carer[clients] == carers]
    pclients = net.carer_client[primary]
    net.primary_carer[pclients] = -1
    for client in pclients:  # sparse: the active secondary carer with the most hours steps up
        others = m.carer_order[m.carer_start[client]:m.carer_start[client + 1]]
        others = others[net.carer_active[others]]
        if others.size:
            net.primary_carer[client] = others[np.argmax(net.carer_available[others])]
    m.transitions.add(m, V.CARER_DROPOUT, pclients, actor=primary)
    lost = pclients[net.primary_carer[pclients] < 0]
    net.proxy[lost] = False
    net.budget[lost[net.budget_by_carer[lost]]] = False


# --------------------------------------------------------------------------- 3. arranging

def arranger(m: "CareNetworkModel") -> np.ndarray:
    """Who arranges each client's care this week (a code from ``ARRANGERS``).

    Precedence: regiebehandelaar, budget holder, the client, a registered
    proxy, any active carer, nobody.
    """
    net = m.net
    has_carer = net.primary_carer >= 0
    who = np.full(net.n_clients, V.NOBODY, np.int8)
    who[has_carer] = V.CARER
    who[has_carer & net.proxy] = V.PROXY
    who[net.able & net.wishes] = V.SELF
    who[net.budget & (~net.budget_by_carer | has_carer)] = V.BUDGET_HOLDER
    who[net.coordinator >= 0] = V.COORD
    return who


def indicable_need(m: "CareNetworkModel") -> np.ndarray:
    """Need a desk will indicate: nursing and support need minus the 'gebruikelijke zorg' expected of a carer."""
    net = m.net
    target = net.need
    expects_carer = (net.primary_carer >= 0) & ~net.usual_care_waived
    usual = 1 - np.where(expects_carer, m.client_usual_care, 0.0).astype(np.float32)
    target[:, V.NURSING] *= usual
    target[:, V.SUPPORT] *= usual
    return target


def arranging(m: "CareNetworkModel") -> None:
    """Gaps are taken up, taken to the law's desk, indicated and matched to a post.

    Who takes a gap up and how fast depends on the arranger; the regelwerk
    hours fall on the carer when the carer arranges (or holds the budget), on
    the regiebehandelaar's capacity when there is one.
    """
    net, p, rng, week = m.net, m.params, m.streams.arranging, m.week
    N = net.n_clients
    who = arranger(m)
    m.who = who
    home = net.admitted_until < 0
    target = indicable_need(m)
    net.arranged = np.minimum(net.arranged, target)
    u = rng.random((N, D), dtype=np.float32)  # fixed size: whether a gap is taken up this week

    carer = net.primary_carer
    overloaded = np.zeros(N, bool)
    overloaded[carer >= 0] = net.carer_category[carer[carer >= 0]] >= 2
    q = np.ones(N, np.float32)
    coord = net.coordinator
    q[coord >= 0] = net.coordinator_quality[coord[coord >= 0]]
    carer_arranges = (who == V.CARER) | (who == V.PROXY) | ((who == V.BUDGET_HOLDER) & net.budget_by_carer)
    take_up = np.select(
        [who == V.COORD, who == V.NOBODY],
        [q, np.full(N, p.arranging.professional_initiative)],
        p.arranging.notice_self * np.where(overloaded & carer_arranges, 1 - p.strain.overloaded_fails, 1.0))

    # a provider that was not told what is expected starts once someone who arranges calls
    bc, bd = nonzero2(net.blocked)
    unblock = rng.random(bc.size) < take_up[bc]
    net.blocked[bc[unblock], bd[unblock]] = False

    gap = home[:, None] & (net.request_stage == 0) & (target - net.arranged > p.arranging.gap_threshold)
    start = gap & (u < take_up[:, None])
    clients, domains = nonzero2(start)
    if clients.size:
        v = rng.random((clients.size, 2))
        refused = (who[clients] == V.CARER) & (v[:, 0] < p.arranging.informal_refusal)
        law = net.law[clients, domains]
        lo, hi = m.indication_weeks[law, 0], m.indication_weeks[law, 1]
        # a budget holder's first request makes the one integral plan; later ones are revisions by the same consultant
        by_budget = who[clients] == V.BUDGET_HOLDER
        first_plan = by_budget & ~net.budget_planned[clients]
        blo, bhi = p.policies.integral_pgb.indication_weeks
        rlo, rhi = p.arranging.zvw_weeks
        lo = np.where(first_plan, blo, np.where(by_budget, rlo, lo))
        hi = np.where(first_plan, bhi, np.where(by_budget, rhi, hi))
        weeks = lo + np.floor(v[:, 1] * (hi - lo + 1)).astype(np.int32)
        by_mandate = (who[clients] == V.COORD) & (law == V.WMO) & net.coordinator_mandate[np.maximum(coord[clients], 0)]
        weeks = np.where(by_mandate, 0, weeks)
        ok = ~refused
        net.budget_planned[clients[by_budget & ok]] = True
        net.request_stage[clients[ok], domains[ok]] = 1
        net.request_due[clients[ok], domains[ok]] = week + weeks[ok]
        m.log.record("request", clients[ok], detail=domains[ok], value=who[clients[ok]])
        m.log.record("request_refused", clients[~ok], detail=domains[~ok], value=who[clients[~ok]])
        # regelwerk: desk time (a third for Zvw), extra without a proxy's mandate; coordinator time
        desk = p.arranging.desk_hours * np.where(law == V.ZVW, 1 / 3, 1.0)
        desk += np.where(who[clients] == V.CARER, p.arranging.informal_mandate_hours, 0.0)
        m.add_regelwerk(clients[carer_arranges[clients]], desk[carer_arranges[clients]])
        co = clients[who[clients] == V.COORD]
        m.add_overhead(coord[co], p.policies.regiebehandelaar.request_hours, "coordination_hours", co)
        wmo = clients[(law == V.WMO) & ok]
        _add_member(m, wmo, V.SOCIAL_TEAM, m.streams.matching)

    # waiting: follow-up calls by whoever arranges
    open_requests = row_count(net.request_stage > 0)
    waiting = np.flatnonzero((open_requests > 0) & carer_arranges)
    m.add_regelwerk(waiting, p.arranging.waiting_hours * open_requests[waiting])

    # indication done -> look for a provider
    net.request_stage[(net.request_stage == 1) & (net.request_due <= week)] = 2
    _match(m, target, who, m.streams.matching)


def _match(m: "CareNetworkModel", target: np.ndarray, who: np.ndarray, rng: np.random.Generator) -> None:
    """Indicated requests get a post with spare capacity; a new post is a referral."""
    net, p, week = m.net, m.params, m.week
    clients, domains = nonzero2(net.request_stage == 2)
    if clients.size == 0:
        return
    roles = np.asarray(V.DOMAIN_ROLE)[domains]
    current = net.member[clients, roles]
    spare = net.post_capacity * p.workforce.overbooking - m.booked
    matched = np.zeros(clients.size, bool)
    keep = current >= 0
    matched[keep] = True
    new_posts = np.full(clients.size, -1, np.int32)
    any_provider = net.budget[clients] & (who[clients] == V.BUDGET_HOLDER)
    free = np.maximum(spare, 0.0)
    for free_choice in (False, True):  # contracted posts only, or any post for a budget holder
        sel = np.flatnonzero(~keep & (any_provider == free_choice))
        if sel.size == 0:
            continue
        weight = free if free_choice else free * net.post_contracted
        picks = choose_posts(m, clients[sel], roles[sel], weight, rng)
        new_posts[sel] = picks
        matched[sel] = picks >= 0  # else a waiting list: try again next week
    c, d = clients[matched], domains[matched]
    posts = np.where(keep, current, new_posts)[matched]
    net.member[c, np.asarray(V.DOMAIN_ROLE)[d]] = posts
    net.arranged[c, d] = target[c, d]
    net.request_stage[c, d] = 0
    new_post = ~keep[matched]
    delay = new_post & net.budget[c] & (who[c] == V.BUDGET_HOLDER) & (
        rng.random(c.size) < p.policies.integral_pgb.settlement_delay)
    net.start_week[c[new_post], d[new_post]] = np.where(delay[new_post], week + p.policies.integral_pgb.settlement_weeks,
                                                        week)
    m.log.record("care_started", c, detail=d, target=posts, value=np.where(delay, p.policies.integral_pgb.settlement_weeks, 0))
    referred = ~keep[matched]
    m.transitions.add(m, V.REFERRAL, c[referred], posts[referred])


# --------------------------------------------------------------------------- 4. delivery

def delivery(m: "CareNetworkModel") -> None:
    """Posts deliver arranged care within capacity; carers fill gaps with their own hours.

    A post's capacity is reduced by last week's coordination and recording
    hours. What neither professionals nor carers cover is unmet need.
    Hours are per week; costs in EUR per week.
    """
    net, p, week = m.net, m.params, m.week
    ones = m.ones_d
    home = net.admitted_until < 0
    need = net.need * home[:, None]
    posts = net.member[:, m.domain_role]                           # [N, D], -1 for none
    has_post = posts >= 0
    slot = np.where(has_post, posts, net.n_posts)                 # -1 -> an extra "no post" slot
    booked_hours = net.arranged * home[:, None]
    m.booked = np.bincount(slot.ravel(), weights=booked_hours.ravel(), minlength=net.n_posts + 1)[:-1]
    capacity = np.maximum(net.post_capacity - m.overhead_last, 0.0)
    ratio = np.append(np.minimum(1.0, capacity / np.maximum(m.booked, 1e-9)), 0.0)
    active = ~net.blocked & (net.start_week <= week)
    delivered = np.minimum(booked_hours * ratio[slot] * active, need)
    need_total = need @ ones
    delivered_total = delivered @ ones
    gap = need_total - delivered_total

    # carers: time left after regelwerk, shared in proportion to availability
    carers = net.carer_active & home[net.carer_client]
    free = np.where(carers, np.maximum(net.carer_available - m.carer_regelwerk, 0.0), 0.0)
    free_per_client = np.bincount(net.carer_client, weights=free, minlength=net.n_clients)
    given = np.minimum(gap, free_per_client)
    share = np.divide(given, free_per_client, out=np.zeros_like(given), where=free_per_client > 0)
    m.carer_care = free * share[net.carer_client]
    unmet = gap - given
    net.unmet_share = np.divide(unmet, need_total, out=np.zeros_like(unmet), where=need_total > 0).astype(np.float32)
    m.unmet = unmet
    m.unmet_client = home & (unmet > p.arranging.gap_threshold)

    # money: provider hours to the payer of the client's law (per profile), admissions to Zvw,
    # co-payments (one for a budget holder instead of one per law), budget administration, plan platform
    n_prof, n_law = len(V.PROFILES), len(V.LAWS)
    hours_cost = delivered * m.domain_tariff
    by = np.bincount(m.profile_law_index.ravel(), weights=hours_cost.ravel(), minlength=n_prof * n_law)
    for law, name in enumerate(("cost_zvw", "cost_wlz", "cost_wmo", "cost_jeugdwet")):
        m.series.add(week, name, by[law::n_law])
    uses = delivered > 0
    wmo_pay = row_any(uses & m.law_is_wmo) * p.costs.wmo_copay
    wlz_pay = row_any(uses & m.law_is_wlz) * p.costs.wlz_copay
    copay = np.where(net.budget, np.maximum(wmo_pay, wlz_pay), wmo_pay + wlz_pay)
    zvw_extra = (~home) * p.costs.admission_week + net.plan * (p.policies.digital_plan.platform_cost / 2)
    wmo_extra = net.budget * p.policies.integral_pgb.admin_cost + net.plan * (p.policies.digital_plan.platform_cost / 2)

    m.series.record_many(
        week, m.client_onehot, clients_home=home, clients_admitted=~home, need_hours=need_total,
        arranged_hours=booked_hours @ ones, delivered_hours=delivered_total, unmet_hours=unmet,
        clients_unmet=m.unmet_client, cost_zvw=zvw_extra, cost_wmo=wmo_extra, cost_client=copay,
        arranger_nobody=home & (m.who == V.NOBODY))


# --------------------------------------------------------------------------- 5. handover

#: Code for "the client's regiebehandelaar" in item templates (no item without one).
COORD_CODE = -4

#: Items each transition creates: (item kind, sender role, receiver role).
#: ``CLIENT_ROLE`` as sender: the client side (client or carer) knows it;
#: ``CARER_ROLE`` as receiver: the primary carer needs it; ``-1``: the transition's own post;
#: ``COORD_CODE``: the regiebehandelaar, who hands regie to the specialist for the episode
#: (seed 003 §5.1); at discharge the specialist's items to GP and district nurse hand it back.
ITEM_TEMPLATES = {
    V.ADMISSION: (
        (V.EXPECTATIONS, COORD_CODE, V.SPECIALIST),
        (V.MEDICATION, V.GP, V.SPECIALIST),
        (V.HOME_SITUATION, V.DISTRICT_NURSE, V.SPECIALIST),
        (V.EXPECTATIONS, V.SPECIALIST, V.DISTRICT_NURSE),
        (V.EXPECTATIONS, V.SPECIALIST, V.HOME_CARER),
    ),
    V.DISCHARGE: (
        (V.MEDICATION, V.SPECIALIST, V.GP),
        (V.MEDICATION, V.SPECIALIST, V.PHARMACIST),
        (V.MEDICATION, V.SPECIALIST, V.DISTRICT_NURSE),
        (V.MEDICATION, V.SPECIALIST, CARER_ROLE),
        (V.EXPECTATIONS, V.SPECIALIST, V.GP),
        (V.EXPECTATIONS, V.SPECIALIST, V.DISTRICT_NURSE),
        (V.EXPECTATIONS, V.SPECIALIST, V.PHYSIOTHERAPIST),
        (V.HOME_SITUATION, V.SPECIALIST, V.HOME_CARER),
    ),
    V.REFERRAL: (
        (V.MEDICATION, V.GP, -1),
        (V.EXPECTATIONS, V.GP, -1),
    ),
    V.PROFESSIONAL_LEAVING: (
        (V.EXPECTATIONS, -1, -1),
        (V.HOME_SITUATION, -1, -1),
    ),
    V.CARER_DROPOUT: (
        (V.HOME_SITUATION, CLIENT_ROLE, V.GP),
        (V.HOME_SITUATION, CLIENT_ROLE, V.DISTRICT_NURSE),
        (V.HOME_SITUATION, CLIENT_ROLE, V.HOME_CARER),
    ),
    # a contact with a professional outside the network (an out-of-hours GP post): the records are needed
    # during the contact (``handover.due_contact``); the professional does not join the network
    V.CONTACT: (
        (V.MEDICATION, V.GP, -1),
        (V.EXPECTATIONS, V.GP, -1),
    ),
}


_TEMPLATE = np.array([(tk, kind, s_role, r_role) for tk, rows in sorted(ITEM_TEMPLATES.items())
                      for kind, s_role, r_role in rows], dtype=np.int64)
_T_COUNT = np.bincount(_TEMPLATE[:, 0], minlength=len(V.TRANSITIONS))
_T_START = np.concatenate([[0], np.cumsum(_T_COUNT)[:-1]])


def _items(m: "CareNetworkModel", t_client, t_kind, t_post, t_id):
    """Expand transitions into handover items, one per template row whose sender and receiver exist."""
    net = m.net
    counts = _T_COUNT[t_kind]
    rep = np.repeat(np.arange(t_client.size), counts)
    within = np.arange(rep.size) - np.repeat(np.cumsum(counts) - counts, counts)
    row = _TEMPLATE[_T_START[t_kind[rep]] + within]
    c, post, s_code, r_code = t_client[rep], t_post[rep], row[:, 2], row[:, 3]
    sender = np.select([s_code == -1, s_code == CLIENT_ROLE, s_code == COORD_CODE],
                       [post, np.full(c.size, -2), net.coordinator[c]], net.member[c, np.clip(s_code, 0, R - 1)])
    own = r_code == -1
    to_carer = r_code == CARER_ROLE
    receiver = np.where(own, post, np.where(to_carer, np.where(net.primary_carer[c] >= 0, -3, -1),
                                            net.member[c, np.clip(r_code, 0, R - 1)]))
    role = np.where(own, net.post_role[np.maximum(post, 0)], r_code)
    leaving = (s_code == -1) & own  # the post's file goes to the successor in the same post
    ok = np.where(leaving, receiver >= 0, (sender != -1) & (receiver != -1) & (sender != receiver))
    return {"client": c[ok], "kind": row[ok, 1], "sender": sender[ok], "receiver": receiver[ok],
            "role": role[ok], "ref": t_id[rep][ok], "transition": row[ok, 0]}


def handover(m: "CareNetworkModel") -> None:
    """Transitions create handover items; each travels by every channel open to it.

    Channels (``sim.vocabulary.CHANNELS``): the shared plan (client has a plan
    and consented, both sides connected), direct (the sender knows the receiver
    or it is the client's registered GP or pharmacy; digital if the systems are
    linked, else letter or phone), via a regiebehandelaar, and via the client or
    carer (only when neither plan nor regiebehandelaar carries it; costs their
    effort, fails when they are unable or overloaded). An item fails when no
    channel gets it to the receiver by the time it is needed.
    """
    net, p, rng, week = m.net, m.params, m.streams.handover, m.week
    t_client, t_kind, t_post, t_id = m.transitions.take()
    if t_client.size == 0:
        return
    _convene(m, t_client, t_kind, rng)
    items = _items(m, t_client, t_kind, t_post, t_id)
    if items["client"].size == 0:
        return
    c, kind, s, r, role, ref, t_kind_of = (items[k] for k in ("client", "kind", "sender", "receiver", "role", "ref",
                                                              "transition"))
    n = c.size
    hp = p.handover
    s_post, r_post = s >= 0, r >= 0
    s0, r0 = np.maximum(s, 0), np.maximum(r, 0)
    to_carer = r == -3
    pc = net.primary_carer[c]
    carer_ok = pc >= 0
    carer_on_plan = carer_ok & np.append(net.carer_digital, False)[pc] & m.plan_carer_access  # pc -1 -> padding

    # direct: to a known colleague, the registered GP or pharmacy, or the post one refers to
    addressable = net.knows[s0, r0] | np.isin(role, (V.GP, V.PHARMACIST)) | (t_kind_of == V.REFERRAL)
    direct = s_post & ((r_post & addressable) | (to_carer & net.post_involves_carer[s0]))
    digital = direct & r_post & net.linked[net.post_org[s0], net.post_org[r0]]
    paper = direct & ~digital
    # plan
    sender_on_plan = np.where(s_post, net.post_on_plan[s0],
                              (net.able[c] & net.digital[c]) | carer_on_plan)
    receiver_on_plan = np.where(r_post, net.post_on_plan[r0], to_carer & carer_on_plan)
    plan = net.plan[c] & net.consent[c] & sender_on_plan & receiver_on_plan
    # regiebehandelaar relay
    co = net.coordinator[c]
    coordinator = (co >= 0) & (co != s) & (co != r)
    # client or carer carries it when no plan or coordinator does
    client_carries = net.able[c] & (net.admitted_until[c] < 0)
    carrier = ~to_carer & (client_carries | carer_ok) & ~plan & ~coordinator

    u = rng.random((n, 10))
    carer_cat = np.append(net.carer_category, 0)[pc]
    carrier_by_carer = carrier & ~client_carries
    carrier_ok = carrier & ~(carrier_by_carer & (carer_cat >= 2) & (u[:, 4] < p.strain.overloaded_fails))
    q = np.where(co >= 0, net.coordinator_quality[np.maximum(co, 0)], 0.0)

    inf = np.float32(np.inf)
    exp = -np.log(np.maximum(u[:, 5:10], 1e-12))  # an exponential delay per channel, scaled by its mean
    arrive = np.full((n, 5), inf, np.float32)
    arrive[:, V.PLAN] = np.where(plan & (u[:, 0] < hp.plan_record), exp[:, 0] * hp.plan_delay, inf)
    arrive[:, V.DIRECT_DIGITAL] = np.where(digital & (u[:, 1] < hp.digital_complete), exp[:, 1] * hp.digital_delay, inf)
    arrive[:, V.DIRECT_PAPER] = np.where(paper & (u[:, 1] < hp.paper_complete), exp[:, 1] * hp.paper_delay, inf)
    arrive[:, V.COORDINATOR] = np.where(coordinator & (u[:, 2] < hp.coordinator_relay * q),
                                        exp[:, 2] * hp.coordinator_delay, inf)
    arrive[:, V.CARRIER] = np.where(carrier_ok & (u[:, 3] < hp.carrier_complete), exp[:, 3] * hp.carrier_delay, inf)
    first = np.argmin(arrive, axis=1)
    arrival = arrive[np.arange(n), first]
    due = np.where(t_kind_of == V.CONTACT, np.float32(p.handover.due_contact), m.item_due[kind])
    ok = arrival <= due
    available = np.stack([plan, digital, coordinator, paper, carrier], axis=1)
    primary = np.where(available.any(axis=1), np.argmax(available, axis=1), V.NO_CHANNEL)

    log_role = np.where(to_carer, CARER_ROLE, role)
    actor = np.where(s_post, s, -1)
    target = np.where(r_post, r, np.where(to_carer, pc, -1))
    for name, sel, channel in (("handover_delivered", ok, first), ("handover_failed", ~ok, primary)):
        m.log.record(name, c[sel], detail=kind[sel], actor=actor[sel], target=target[sel], role=log_role[sel],
                     channel=channel[sel], value=np.where(np.isfinite(arrival[sel]), arrival[sel], np.nan),
                     ref=ref[sel], day=np.minimum(arrival[sel], due[sel]))

    # effort and time of each channel used
    m.add_regelwerk(c[carrier_by_carer], p.arranging.carrier_hours)
    recorders = np.where(s_post, s, co)
    rec = plan & (recorders >= 0)
    m.add_overhead(recorders[rec], p.policies.digital_plan.item_hours, "recording_hours", c[rec])
    m.add_overhead(co[coordinator], p.policies.regiebehandelaar.item_hours, "coordination_hours", c[coordinator])

    _consequences(m, c[~ok], kind[~ok], s[~ok], r[~ok], role[~ok], to_carer[~ok], rng)


def _convene(m: "CareNetworkModel", clients, kinds, rng) -> None:
    """A regiebehandelaar convenes the network at a transition: its members get to know each other."""
    net = m.net
    co = net.coordinator[clients]
    has = co >= 0
    convene = has & (rng.random(clients.size) < np.where(has, net.coordinator_quality[np.maximum(co, 0)], 0))
    members = net.member[clients[convene]]                       # [k, R]
    a = np.repeat(members, R, axis=1).ravel()
    b = np.tile(members, (1, R)).ravel()
    ok = (a >= 0) & (b >= 0)
    net.knows[a[ok], b[ok]] = True
    m.log.record("convened", clients[convene], detail=kinds[convene], actor=co[convene])
    m.add_overhead(co[convene], m.params.policies.regiebehandelaar.convene_hours, "coordination_hours", clients[convene])


def _consequences(m, c, kind, s, r, role, to_carer, rng) -> None:
    """Failed items: medication errors, readmission risk, care not started, story repeated, carer sidelined."""
    if c.size == 0:
        return
    net, p = m.net, m.params
    u = rng.random((c.size, 2))
    med_err = (kind == V.MEDICATION) & ~to_carer & (u[:, 0] < p.handover.medication_harm)
    readmit = (kind == V.HOME_SITUATION) & (u[:, 0] < p.handover.readmission_harm)
    for harm, sel in ((0, med_err), (1, readmit)):
        m.log.record("harm", c[sel], detail=harm, actor=np.where(s[sel] >= 0, s[sel], -1), target=r[sel])
        np.add.at(net.harm_hazard, c[sel], p.needs.harm_hazard)
        np.add.at(net.dissatisfaction, c[sel], p.complaints.harm_weight)
    # the receiver does not know what is expected of it: its care waits until someone calls
    expect = (kind == V.EXPECTATIONS) & (r >= 0)
    dom = m.role_domain[role[expect]]
    deliver = dom >= 0
    net.blocked[c[expect][deliver], dom[deliver]] = True
    # the client has to tell the story again to a professional who missed it
    story = (r >= 0) & ((net.able[c]) | (net.primary_carer[c] >= 0))
    m.log.record("story_repeated", c[story], detail=kind[story], target=r[story])
    np.add.at(net.dissatisfaction, c[story], p.complaints.story_weight)
    # the carer sidelined
    side = to_carer & (net.primary_carer[c] >= 0)
    np.add.at(m.carer_sidelined, net.primary_carer[c[side]], 1)
    np.add.at(net.dissatisfaction, c[side], p.complaints.ignored_weight)
    # grievance: who was involved
    bits = np.where(s >= 0, ROLE_BIT[np.clip(net.post_role[np.maximum(s, 0)], 0, R - 1)], 0)
    bits |= np.where(r >= 0, ROLE_BIT[np.clip(role, 0, R - 1)], 0)
    net.grievance[c] = bits  # a complaint is about the latest thing that went wrong


# --------------------------------------------------------------------------- 6. alignment

def alignment(m: "CareNetworkModel") -> None:
    """Pairs of professionals advising on overlapping needs contradict unless they align.

    A pair aligns directly when the two know each other (chance: their mean
    willingness for boundary work), through the shared plan (both connected,
    client consented), or through a regiebehandelaar who knows both.
    """
    net, p, rng, week = m.net, m.params, m.streams.alignment, m.week
    N = net.n_clients
    home = net.admitted_until < 0
    active = net.member >= 0
    roles = np.asarray(V.DOMAIN_ROLE)
    delivering = net.arranged > 0
    for d in range(D):
        if roles[d] != V.GP:
            active[:, roles[d]] &= delivering[:, d]
    active[:, V.SPECIALIST] &= net.specialist_until >= week
    active[:, V.PHYSIOTHERAPIST] &= net.physio_until >= week
    active[:, V.PHARMACIST] = False
    active[:, V.SOCIAL_TEAM] = False
    pairs = np.asarray(V.ADVICE_PAIRS)
    both = active[:, pairs[:, 0]] & active[:, pairs[:, 1]] & home[:, None]
    advise = both & (rng.random((N, len(pairs)), dtype=np.float32) < p.alignment.advice_per_week)
    c, k = nonzero2(advise)
    m.series.record(week, "advice_pairs", net.profile, row_count(advise))
    if c.size == 0:
        return
    a, b = net.member[c, pairs[k, 0]], net.member[c, pairs[k, 1]]
    u = rng.random((c.size, 4))
    direct = net.knows[a, b] & (u[:, 0] < (net.post_boundary[a] + net.post_boundary[b]) / 2)
    plan = net.plan[c] & net.consent[c] & net.post_on_plan[a] & net.post_on_plan[b] & (u[:, 1] < p.alignment.plan_visibility)
    co = net.coordinator[c]
    co0 = np.maximum(co, 0)
    via_co = (co >= 0) & net.knows[co0, a] & net.knows[co0, b] & (
        u[:, 2] < p.alignment.coordinator_aligns * net.coordinator_quality[co0])
    aligned = direct | plan | via_co
    m.series.record(week, "aligned_pairs", net.profile[c], aligned.astype(float))
    contra = ~aligned & (u[:, 3] < p.alignment.conflict)
    cc = c[contra]
    m.log.record("contradiction", cc, detail=k[contra], actor=a[contra], target=b[contra])
    np.add.at(net.dissatisfaction, cc, p.complaints.contradiction_weight)
    np.add.at(net.harm_hazard, cc, p.alignment.contradiction_hazard)
    net.grievance[cc] = ROLE_BIT[pairs[k[contra], 0]] | ROLE_BIT[pairs[k[contra], 1]]
    pc = net.primary_carer[cc]
    np.add.at(m.carer_contradictions, pc[pc >= 0], 1)


# --------------------------------------------------------------------------- 7. strain

def strain(m: "CareNetworkModel") -> None:
    """Carer strain grows with load and recovers; survey categories, burnout, dropout, overload signals.

    Load: care hours over available hours, regelwerk hours, the client's unmet
    share, contradictions and being sidelined. Recovery is faster when a
    professional in the network involves the carer. Sustained overburden is a
    burnout; a burned-out carer may drop out. A noticed overload waives the
    'gebruikelijke zorg' so the support need can be re-indicated.
    """
    net, p, rng, week = m.net, m.params, m.streams.strain, m.week
    sp = p.strain
    C = net.n_carers
    u = rng.random((C, 2), dtype=np.float32)
    active = net.carer_active
    client = net.carer_client
    involved = row_any(net.post_involves_carer[np.maximum(net.member, 0)] & (net.member >= 0))
    load = (sp.care_load * np.divide(m.carer_care, net.carer_available, out=np.zeros(C), where=net.carer_available > 0)
            + sp.regelwerk_load * m.carer_regelwerk
            + sp.unmet_load * net.unmet_share[client]
            + sp.contradiction_load * m.carer_contradictions
            + sp.sidelined_load * m.carer_sidelined)
    recovery = sp.recovery + sp.support_recovery * involved[client]
    net.carer_strain = np.where(active, net.carer_strain * (1 - recovery) + load, net.carer_strain).astype(np.float32)
    category = np.searchsorted(m.strain_thresholds, net.carer_strain, side="right").astype(np.int8)
    changed = np.flatnonzero(active & (category != net.carer_category))
    m.log.record("strain_category", client[changed], detail=category[changed], actor=changed,
                 value=net.carer_strain[changed])
    net.carer_category = np.where(active, category, net.carer_category)
    over = active & (net.carer_category == 3)
    net.carer_over_weeks = np.where(over, net.carer_over_weeks + 1, 0).astype(np.int16)
    burnout = np.flatnonzero(over & (net.carer_over_weeks == sp.burnout_weeks) & ~net.carer_burned_out)
    net.carer_burned_out[burnout] = True
    net.carer_burned_out &= net.carer_category >= 2  # recovered below 'very heavy': the burnout is over
    m.log.record("burnout", client[burnout], actor=burnout)
    carer_drops_out(m, np.flatnonzero(active & net.carer_burned_out & (u[:, 0] < sp.dropout_per_week)))

    # overload noticed by a visiting professional or, with its special duty, the regiebehandelaar
    co = net.coordinator[client]
    watch = np.where(co >= 0, p.policies.regiebehandelaar.watch_carer * net.coordinator_quality[np.maximum(co, 0)], 0)
    p_notice = 1 - (1 - sp.overload_noticed) * (1 - watch)
    noticed = np.flatnonzero(net.carer_active & (net.carer_category >= 2) & ~net.usual_care_waived[client]
                             & (u[:, 1] < p_notice))
    net.usual_care_waived[client[noticed]] = True
    m.log.record("overload_signalled", client[noticed], actor=noticed, target=co[noticed])

    cat = net.carer_category
    m.series.record_many(
        week, m.carer_onehot, carer_care_hours=m.carer_care, carer_regelwerk_hours=m.carer_regelwerk,
        carers_active=active, carers_fairly_heavy=active & (cat == 1), carers_very_heavy=active & (cat == 2),
        carers_overburdened=active & (cat == 3), carer_strain=np.where(active, net.carer_strain, 0.0),
        cost_informal=m.carer_care * p.costs.carer_hour_value)


# --------------------------------------------------------------------------- 8. complaints

def complaints(m: "CareNetworkModel") -> None:
    """Dissatisfaction becomes complaints; complaints travel between addresses until answered or dropped.

    The complainant (client or carer) picks an address: the regiebehandelaar
    when it is the complaint address, otherwise a provider that owns part of
    the complaint (if they know where to go) or another network member. An
    owner answers its own part and may forward the rest; a non-owner forwards
    to an owner it knows or bounces the complaint back. The regime of the first
    address sets the deadline (Wkkgz 6 weeks, extendable by 4).
    """
    net, p, rng, week = m.net, m.params, m.streams.complaints, m.week
    cp = p.complaints
    net.dissatisfaction *= 1 - cp.decay
    net.dissatisfaction += cp.unmet_weight * m.unmet_client
    u = rng.random(net.n_clients, dtype=np.float32)
    voice = (net.admitted_until < 0) & (net.able | (net.primary_carer >= 0))
    filing = np.flatnonzero(voice & (u < 1 - np.exp(-cp.propensity * net.dissatisfaction)))
    for client in filing:
        m.complaint_desk.file(m, int(client), rng)
    net.dissatisfaction[filing] *= 0.5
    net.grievance[filing] = 0
    m.complaint_desk.step(m, rng)
