"""The complaint desk (issue 13) against a plain reference: filing and advancing complaints, one at a time.

:mod:`sim.processes.complaints` keeps the open complaints as a table of :data:`sim.world.COMPLAINT` rows and walks
through them in compiled loops that draw from the ``complaints`` stream themselves, skipping the complaints that
only wait (``wake``). The reference here is the mechanism of its docstrings and ODD 7.8-7.9 as a plain Python loop
over one client and one complaint at a time, each complaint a dict with a list of owners and a dict of parts. It
draws from a copy of the stream, and must give exactly the same event rows, in the same order, the same open
complaints (with the same next week to look at them), the same coordination hours, the same dissatisfaction and
the same state of the stream afterwards.

(The skipping is part of the mechanism, not only a shortcut: a routed complaint whose regiebehandelaar owns a part
waits, once that part is started, like a complaint at an owner, although parts may be left to pass on. So the
reference skips by the same rule.)

The world: :func:`test_reference_paths.filled_network` with two districts (professionals know each other only
within theirs), some regiebehandelaars as complaint address, and short deadlines, for 30 weeks; each week
dissatisfaction, grievances and unmet need are stirred the same way in both worlds. Every branch of the desk
occurs (checked). Exact comparisons throughout. A few seconds (the first run compiles). Also: the compiled
weekly dissatisfaction and choice of who files against the whole-array numpy they replace, and the event log's
``record_rows`` (events of several kinds in their order).
"""

from __future__ import annotations

import copy
import math

import numpy as np
from test_reference_paths import POSTS_PER_ROLE, filled_network
from worlds import make_world, run_week

from sim import vocabulary as V
from sim.network import Acquaintance
from sim.observe import EventLog
from sim.processes.complaints import _dissatisfaction, _filing, complaints

R = len(V.ROLES)
WEEKS = 30
EVENT = {V.EVENT[name]: name for name in ("complaint_filed", "complaint_forwarded", "complaint_bounced",
                                          "complaint_part_answered", "complaint_closed")}
END = {name: V.COMPLAINT_ENDS.index(name) for name in V.COMPLAINT_ENDS}


#: Clients with no GP and no social team, and one with no member post at all.
NO_GENERAL_OWNER, NO_DESK = [0, 1, 2], [4]


def complaint_world():
    """The filled network in two districts (post ``2 r + i`` in district ``i``), every client with a GP except
    :data:`NO_GENERAL_OWNER` (no GP and no social team: a complaint about nobody in particular has no owner) and
    :data:`NO_DESK` (no member post at all: nowhere to complain), half the regiebehandelaars a complaint address;
    short deadlines."""
    net = filled_network(seed=3)
    knows = np.array(net.knows)[0]
    district = np.arange(net.n_posts) % POSTS_PER_ROLE
    net.knows = Acquaintance(district, np.stack([knows[np.ix_(district == d, district == d)]
                                                 for d in range(POSTS_PER_ROLE)]))
    gp = net.member[:, V.GP]
    gp[gp < 0] = V.GP * POSTS_PER_ROLE
    net.member[NO_GENERAL_OWNER, V.GP] = net.member[NO_GENERAL_OWNER, V.SOCIAL_TEAM] = -1
    net.member[NO_DESK] = -1
    net.able[NO_DESK], net.admitted_until[NO_DESK] = True, -1  # a voice
    net.coordinator[NO_GENERAL_OWNER + NO_DESK] = -1
    net.coordinator_address[[r * POSTS_PER_ROLE for r in V.COORDINATOR_ROLES]] = True
    return make_world(net, complaints__propensity=0.3, complaints__knows_address=0.5, complaints__forward=0.5,
                      complaints__give_up=0.3, complaints__handling_weeks=2.0, complaints__refile_weeks=1.0,
                      complaints__wkkgz_deadline=3, complaints__wkkgz_extension=2, complaints__extension_share=0.5,
                      complaints__other_deadline=4)


def stir(w, week: int) -> None:
    """What the other processes would do to a week: harm and failed items add dissatisfaction and set grievances
    (role bits), delivery leaves some clients with unmet need."""
    rng = np.random.default_rng(100 + week)
    N = w.net.n_clients
    hurt = rng.random(N) < 0.3
    w.net.dissatisfaction[hurt] += rng.choice([0.5, 2.0], N)[hurt].astype(np.float32)
    w.net.grievance[hurt] |= rng.integers(0, 2 ** R, N)[hurt].astype(np.int32)
    w.unmet_client[:] = rng.random(N) < 0.3


# --------------------------------------------------------------------------- the reference


class Reference:
    """The complaints process as a plain loop. ``log``: (week, client, event, detail, actor, target, value, ref) per
    step; ``overhead``: (post, client) per complaint a regiebehandelaar received; ``desk``: the open complaints;
    ``nowhere``: the complaints not filed for want of a professional to file them with."""

    def __init__(self, w):
        self.w = w
        self.log: list[tuple] = []
        self.overhead: list[tuple] = []
        self.desk: list[dict] = []
        self.nowhere = 0

    def record(self, event, c, detail, actor=-1, target=-1, value=math.nan):
        self.log.append((self.w.week, c["client"], V.EVENT[event], detail, actor, target, value, c["id"]))

    def week(self):
        w, net, cp = self.w, self.w.net, self.w.params.complaints
        rng = w.streams.complaints
        net.dissatisfaction *= 1 - cp.decay
        net.dissatisfaction += cp.unmet_weight * w.unmet_client
        u = rng.random(net.n_clients, dtype=np.float32)
        chance = 1 - np.exp(-cp.propensity * net.dissatisfaction)
        for client in range(net.n_clients):
            voice = net.admitted_until[client] < 0 and (net.able[client] or net.primary_carer[client] >= 0)
            if voice and u[client] < chance[client] and not any(p >= 0 for p in net.member[client]):
                self.nowhere += 1  # would complain, but has no professional to complain to
            elif voice and u[client] < chance[client]:
                self.file(client, rng)
                net.dissatisfaction[client] *= 0.5
                net.grievance[client] = 0
        for c in list(self.desk):
            if w.week < c["wake"]:
                continue
            if self.advance(c, rng):
                c["wake"] = self.next_wake(c)
            else:
                self.desk.remove(c)

    def file(self, client, rng):
        w, net, cp = self.w, self.w.net, self.w.params.complaints
        members = [int(p) for p in net.member[client]]
        owners = [p for r, p in enumerate(members) if net.grievance[client] & (1 << r) and p >= 0]
        if not owners:
            owners = [members[r] for r in (V.GP, V.SOCIAL_TEAM) if members[r] >= 0]
        co = int(net.coordinator[client])
        routed = co >= 0 and bool(net.coordinator_address[co])
        if routed:  # the regiebehandelaar, or the specialist during an admission
            specialist = members[V.SPECIALIST]
            address = specialist if net.admitted_until[client] >= 0 and specialist >= 0 else co
        else:
            address = self.choose_address(client, owners, rng)
        regime = V.LAW_REGIME[V.ROLE_LAW[net.post_role[address]]]
        if regime == 0:
            deadline = cp.wkkgz_deadline + (cp.wkkgz_extension if rng.random() < cp.extension_share else 0)
        else:
            deadline = cp.other_deadline
        c = dict(id=w.next_complaint_id, client=client, owners=owners, filed=w.week, deadline=w.week + deadline,
                 regime=regime, address=address, routed=routed, refile_week=0, bounces=0, parts={}, answered=set(),
                 wake=0)
        w.next_complaint_id += 1
        self.desk.append(c)
        self.record("complaint_filed", c, regime, target=address, value=len(owners))
        if routed:
            self.overhead.append((address, client))

    def next_wake(self, c) -> int:
        """Next week, unless the complaint waits for parts (at an owner that has started its own, or routed with
        every part passed on) or for the complainant: then the first unanswered part's due week, the deadline or
        the refiling week, but not before next week."""
        week = self.w.week
        waiting_on_parts = c["address"] in c["parts"] or (c["routed"] and len(c["parts"]) == len(c["owners"]))
        if c["address"] >= 0 and not waiting_on_parts:
            return week + 1
        weeks = [due for owner, due in c["parts"].items() if owner not in c["answered"]] + [c["deadline"]]
        if c["address"] == -1:
            weeks.append(c["refile_week"])
        return max(min(weeks), week + 1)

    def choose_address(self, client, owners, rng):
        members = [int(p) for p in self.w.net.member[client] if p >= 0]
        u, v = rng.random(), rng.random()
        pool = owners if (u < self.w.params.complaints.knows_address or not members) and owners else members
        return pool[int(v * len(pool))] if pool else -1

    def advance(self, c, rng) -> bool:
        """One week of one complaint; whether it stays open."""
        net, cp, week = self.w.net, self.w.params.complaints, self.w.week
        handling = lambda: week + 1 + int(rng.exponential(cp.handling_weeks))  # noqa: E731
        if c["address"] == -1 and week >= c["refile_week"]:
            c["address"] = self.choose_address(c["client"], c["owners"], rng)
            if c["address"] >= 0:
                self.record("complaint_forwarded", c, c["regime"], target=c["address"])
            else:
                c["refile_week"] = week + 1
        address = c["address"]
        if address >= 0 and c["routed"]:
            for owner in c["owners"]:
                if owner not in c["parts"] and rng.random() < float(net.coordinator_quality[address]):
                    c["parts"][owner] = handling()
                    self.record("complaint_forwarded", c, c["regime"], actor=address, target=owner)
        elif address >= 0 and address in c["owners"]:
            if address not in c["parts"]:
                c["parts"][address] = handling()
                for owner in c["owners"]:
                    if owner not in c["parts"] and net.knows[address, owner] and rng.random() < cp.forward:
                        c["parts"][owner] = handling()
                        self.record("complaint_forwarded", c, c["regime"], actor=address, target=owner)
        elif address >= 0:
            known = [owner for owner in c["owners"] if net.knows[address, owner]]
            if known and rng.random() < cp.forward:
                c["address"] = known[int(rng.random() * len(known))]
                self.record("complaint_forwarded", c, c["regime"], actor=address, target=c["address"])
            else:
                c["bounces"] += 1
                self.record("complaint_bounced", c, c["regime"], actor=address, value=c["bounces"])
                carer = net.primary_carer[c["client"]]
                overloaded = carer >= 0 and net.carer_category[carer] >= 2
                if rng.random() < min(1.0, cp.give_up * (2 if overloaded else 1)):
                    self.record("complaint_closed", c, END["answered_in_part"] if c["answered"] else END["given_up"],
                                value=week - c["filed"])
                    return False
                c["address"] = -1
                c["refile_week"] = week + 1 + int(rng.exponential(cp.refile_weeks))
        for owner, due in c["parts"].items():
            if owner not in c["answered"] and due <= week:
                c["answered"].add(owner)
                self.record("complaint_part_answered", c, c["regime"], actor=owner, value=week - c["filed"])
        actor = c["address"] if c["routed"] else -1
        if c["owners"] and len(c["answered"]) == len(c["owners"]):
            self.record("complaint_closed", c, END["answered"], actor=actor, value=week - c["filed"])
            return False
        if week >= c["deadline"]:
            end = END["answered_in_part"] if c["answered"] else END["unanswered"]
            self.record("complaint_closed", c, end, actor=actor, value=week - c["filed"])
            return False
        return True


# --------------------------------------------------------------------------- comparisons


def log_rows(w) -> list[tuple]:
    log = w.log.arrays()
    columns = ("week", "client", "event", "detail", "actor", "target", "value", "ref")
    return list(zip(*(log[k].tolist() for k in columns)))


def table_rows(table) -> list[dict]:
    """The open complaints of the table, as the reference's dicts."""
    out = []
    for c in table:
        owners = c["owner"][:c["n_owners"]].tolist()
        parts = [(owners[s], int(c["due"][s])) for s in c["parts"][:c["n_parts"]]]  # in the order passed on
        answered = {owners[s] for s in range(len(owners)) if c["answered"][s]}
        out.append(dict(id=int(c["id"]), client=int(c["client"]), owners=owners, filed=int(c["filed"]),
                        deadline=int(c["deadline"]), regime=int(c["regime"]), address=int(c["address"]),
                        routed=bool(c["routed"]), refile_week=int(c["refile_week"]), bounces=int(c["bounces"]),
                        parts=parts, answered=answered, wake=int(c["wake"])))
    return out


def same_rows(a: list[tuple], b: list[tuple]) -> bool:
    """Equal rows, NaN equal to NaN, the value as the log stores it (float32)."""
    key = lambda row: tuple("nan" if isinstance(x, float) and math.isnan(x) else x for x in row)  # noqa: E731
    as_logged = lambda row: (*row[:6], float(np.float32(row[6])), row[7])  # noqa: E731
    return [key(as_logged(r)) for r in a] == [key(as_logged(r)) for r in b]


def test_the_desk_matches_the_one_complaint_at_a_time_reference():
    w = complaint_world()
    reference = Reference(copy.deepcopy(w))
    skipped = 0
    for week in range(WEEKS):
        stir(w, week)
        stir(reference.w, week)
        skipped += int(np.count_nonzero(w.open_complaints["wake"] > w.week))
        run_week(w, complaints)
        reference.week()
        reference.w.week += 1
        assert table_rows(w.open_complaints) == [{**c, "parts": list(c["parts"].items())} for c in reference.desk], \
            f"week {week}"
    assert same_rows(log_rows(w), reference.log)
    coordination = [b for b in w.overhead_buffer if b[2] == "coordination_hours"]
    assert [(int(p), int(c)) for b in coordination for p, c in zip(b[0], b[3])] == reference.overhead
    assert all(np.all(b[1] == w.params.policies.regiebehandelaar.complaint_hours) for b in coordination)
    assert np.array_equal(w.net.dissatisfaction, reference.w.net.dissatisfaction)
    assert np.array_equal(w.net.grievance, reference.w.net.grievance)
    assert w.next_complaint_id == reference.w.next_complaint_id
    assert w.streams.complaints.bit_generator.state == reference.w.streams.complaints.bit_generator.state

    # every branch of the desk occurred
    steps = [(EVENT[e], detail, actor) for _, _, e, detail, actor, *_ in reference.log]
    ends = {detail for name, detail, _ in steps if name == "complaint_closed"}
    assert ends == set(END.values())
    forwarded_by = {actor for name, _, actor in steps if name == "complaint_forwarded"}
    assert -1 in forwarded_by and len(forwarded_by) > 3
    assert {"complaint_bounced", "complaint_part_answered"} <= {name for name, _, _ in steps}
    assert {0, V.REGIMES.index("wmo")} <= {detail for name, detail, _ in steps if name == "complaint_filed"}
    assert reference.overhead and skipped > 0
    owners = [row[6] for row in reference.log if EVENT[row[2]] == "complaint_filed"]
    assert min(owners) == 0 and max(owners) >= 3
    unowned = {row[7]: row[1] for row in reference.log if EVENT[row[2]] == "complaint_filed" and row[6] == 0}
    assert set(unowned.values()) <= set(NO_GENERAL_OWNER)
    no_owner_ends = {row[3] for row in reference.log if EVENT[row[2]] == "complaint_closed" and row[7] in unowned}
    assert no_owner_ends and END["answered"] not in no_owner_ends
    assert reference.nowhere > 0 and NO_DESK[0] not in {row[1] for row in reference.log}


def test_dissatisfaction_and_filing_match_the_whole_array_formulas():
    """The compiled weekly dissatisfaction and choice of who files give, bit for bit, the numpy of ODD 7.8:
    dissatisfaction * (1 - decay) + unmet_weight * unmet; filing where at home, with a voice, with a desk (a member
    post), and u < 1 - exp(-propensity * dissatisfaction) (float32)."""
    rng = np.random.default_rng(7)
    N, decay, unmet_weight, propensity = 100_000, 0.1, 0.15, 0.02
    before = (rng.choice([0.0, 0.1, 3.0, 40.0], N) * rng.random(N)).astype(np.float32)
    unmet = rng.random(N) < 0.3
    admitted_until = np.where(rng.random(N) < 0.2, 5, -1).astype(np.int32)
    able = rng.random(N) < 0.6
    primary_carer = np.where(rng.random(N) < 0.5, 3, -1).astype(np.int32)
    u = rng.random(N, dtype=np.float32)
    member = np.where(rng.random((N, R)) < 0.2, 7, -1).astype(np.int32)  # about one in eight without a desk

    expected = before.copy()
    expected *= 1 - decay
    expected += unmet_weight * unmet
    voice = (admitted_until < 0) & (able | (primary_carer >= 0))
    desk = (member >= 0).any(axis=1)
    expected_filing = np.flatnonzero(voice & desk & (u < 1 - np.exp(-propensity * expected)))
    assert np.count_nonzero(voice & ~desk & (u < 1 - np.exp(-propensity * expected))) > 100

    dissatisfaction = before.copy()
    exponent = _dissatisfaction(dissatisfaction, unmet, np.float32(1 - decay), unmet_weight, np.float32(-propensity))
    assert np.array_equal(dissatisfaction, expected)
    assert np.array_equal(exponent, (-propensity * expected).astype(np.float32))
    filing = _filing(u, np.exp(exponent), admitted_until, able, primary_carer, member)
    assert np.array_equal(filing, expected_filing) and 100 < filing.size < N // 2


def test_record_rows_keeps_the_order_of_events_of_several_kinds():
    """The desk's steps go to the event log in the order they happen, whatever their kind (``EventLog.record_rows``),
    after the single rows recorded before them, and not in the warm-up."""
    log = EventLog()
    log.week = -1
    log.record_rows(np.array([V.EVENT["complaint_bounced"]]), np.array([9]))
    log.week = 4
    log.record_one("complaint_filed", 5, ref=1)
    codes = [V.EVENT[name] for name in ("complaint_forwarded", "complaint_closed", "complaint_forwarded")]
    log.record_rows(np.array(codes), np.array([5, 5, 6]), detail=np.array([0, 2, 1]), actor=-1,
                    value=np.array([np.nan, 3.0, np.nan]), ref=np.array([1, 1, 2]))
    rows = log.arrays()
    assert rows["event"].tolist() == [V.EVENT["complaint_filed"], *codes]
    assert rows["client"].tolist() == [5, 5, 5, 6] and rows["week"].tolist() == [4] * 4
    assert rows["detail"].tolist() == [0, 0, 2, 1] and rows["actor"].tolist() == [-1] * 4
    assert rows["ref"].tolist() == [1, 1, 1, 2] and rows["value"][2] == 3.0 and np.isnan(rows["value"][3])
