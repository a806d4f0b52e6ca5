"""Population flows on hand-built worlds: death by age and profile, recovery, children turning 18, Wlz indications
at home and in an institution, a new client taking the place of one who left, carers replaced, the warm-up.

Each test sets the chances to 0 or 1 where it can, so the outcome is certain; where a rate is tested, it is
against its formula.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from worlds import events, make_world, run_week

from sim import vocabulary as V
from sim.model import CareNetworkModel
from sim.network import Network
from sim.processes import population as pop
from sim.processes.delivery import delivery
from sim.processes.needs import carer_drops_out
from sim.processes.workforce import workforce

FRAIL, CHILD = V.PROFILES.index("frail_elderly"), V.PROFILES.index("child_complex")


def two_clients(n_carers: int = 2) -> Network:
    """Two frail elderly clients at home, each with a GP (post 0) and a district nurse (post 1); carer j cares for
    client j."""
    net = Network.empty(2, n_carers, 3)
    net.post_role[:] = [V.GP, V.DISTRICT_NURSE, V.PHARMACIST]
    net.member[:, V.GP] = 0
    net.member[:, V.DISTRICT_NURSE] = 1
    net.member[:, V.PHARMACIST] = 2
    net.carer_client[:] = np.arange(n_carers) % 2
    net.primary_carer[:] = [0, 1]
    net.age[:] = 80.0
    return net


def test_death_probability_follows_the_gompertz_curve_times_the_profile_excess():
    """At 65 the yearly probability is ``excess x mortality_at_65 + base``; ten years older multiplies the
    age part by exp(10 x mortality_growth); the weekly probability is 1 - (1 - yearly)^(1/52)."""
    net = two_clients()
    net.age[:] = [65.0, 75.0]
    w = make_world(net, flows__mortality_at_65=0.01, flows__mortality_growth=0.1,
                   population__profiles__frail_elderly__excess_mortality=2.0,
                   population__profiles__frail_elderly__base_mortality_per_year=0.005)
    yearly = np.array([0.005 + 2 * 0.01, 0.005 + 2 * 0.01 * math.exp(1.0)])
    assert pop.death_probability(w) == pytest.approx(1 - (1 - yearly) ** (1 / 52), rel=1e-6)


def test_exits_by_reason():
    """One draw per client: below the death probability a death, just above it a recovery (at home only);
    a child of 18 leaves, and a client whose wait for an institution is over moves."""
    net = Network.empty(4, 0, 1)
    net.profile[:] = [FRAIL, FRAIL, CHILD, FRAIL]
    net.age[:] = [80.0, 80.0, 18.01, 80.0]
    net.wlz[3], net.wlz_due[3] = pop.WLZ_WAITING, 0
    w = make_world(net, population__profiles__frail_elderly__recovery_per_year=0.52)
    p_death = pop.death_probability(w)
    u = np.array([p_death[0] / 2, p_death[1] + 0.005, 0.99, 0.99], np.float32)
    leaving, reasons = pop.exits(w, u)
    assert leaving.tolist() == [0, 1, 2, 3]
    assert [V.EXIT_REASONS[r] for r in reasons] == ["death", "recovery", "turned_18", "institution"]
    w.net.admitted_until[1] = 5  # in hospital: no recovery exit
    leaving, _ = pop.exits(w, u)
    assert 1 not in leaving.tolist()


def test_a_new_client_takes_the_place_with_fresh_traits_carers_and_the_policy():
    """The place keeps its profile and district; the person, needs, traits and carers are new (strain 0, active,
    the first carer place primary); a GP and pharmacy are registered; the regiebehandelaar block enrols the
    newcomer when they hold no regie themselves."""
    net = two_clients()
    net.able[:] = False  # nobody holds regie: the block gives both a regiebehandelaar
    net.carer_active[0] = False
    net.carer_strain[0] = 9.0
    net.primary_carer[0] = -1
    net.member[0, V.PHARMACIST] = -1
    w = make_world(net, "regiebehandelaar", population__profiles__frail_elderly__able_share=0.0,
                   flows__entry_arranged_share=1.0)
    w.net.coordinator[0] = -1  # as an exit leaves it
    pop.enter(w, np.array([0]), w.streams.entries)
    n = w.net
    assert n.profile[0] == FRAIL and n.client_person.tolist() == [1, 0]
    assert 65 <= n.age[0] <= 100
    assert n.carer_active[0] and n.carer_strain[0] == 0 and n.primary_carer[0] == 0 and n.carer_person[0] == 1
    assert n.member[0, V.GP] == 0 and n.member[0, V.PHARMACIST] == 2
    assert n.coordinator[0] == 1  # the district nurse leads
    assert (n.arranged[0] > 0).any()  # entry_arranged_share = 1: the needs it enters with are arranged
    assert events(w, "client_entry")["client"].tolist() == [0]


def test_wlz_at_home_moves_nursing_and_support_to_the_wlz_and_its_payer():
    """Above the Wlz threshold a client applies (rate 52/year: certainly); after the assessment an indication used
    at home (institution_share 0) puts nursing and support under the Wlz, so their delivered hours are paid by
    the Wlz."""
    net = two_clients()
    net.base_need[0, V.NURSING] = 30.0
    net.base_need[1, V.NURSING] = 5.0
    net.arranged[:, V.NURSING] = net.base_need[:, V.NURSING]
    w = make_world(net, flows__wlz_need_hours=20.0, flows__wlz_apply_per_year=52.0, arranging__wlz_weeks=[1, 1],
                   population__profiles__frail_elderly__institution_share=0.0)
    w.week = 3
    pop.wlz_indications(w, np.zeros(2, np.float32), np.full(2, 0.5, np.float32))
    assert w.net.wlz.tolist() == [pop.WLZ_APPLIED, pop.WLZ_NONE] and w.net.wlz_due[0] == 4
    w.week = 4
    pop.wlz_indications(w, np.ones(2, np.float32), np.full(2, 0.5, np.float32))
    assert w.net.wlz.tolist() == [pop.WLZ_HOME, pop.WLZ_NONE]
    assert w.net.law[0, V.NURSING] == V.WLZ and w.net.law[0, V.SUPPORT] == V.WLZ
    assert w.net.law[1, V.NURSING] == V.ZVW
    assert events(w, "wlz_indicated")["detail"].tolist() == [V.WLZ_SETTINGS.index("at_home")]
    run_week(w, delivery)
    totals = w.series.totals()
    assert totals["cost_wlz"].sum() == pytest.approx(30.0 * w.role_tariff[V.DISTRICT_NURSE])
    assert totals["clients_wlz_home"].sum() == 1


def test_wlz_desk_work_falls_on_whoever_arranges():
    """The desk work of a Wlz application: a carer's regelwerk where a carer (or a proxy, or a carer holding the
    budget) arranges, the regiebehandelaar's coordination hours where the regiebehandelaar does, nobody's where the
    client arranges alone or holds the budget without the carer."""
    net = Network.empty(6, 6, 1)
    net.post_role[:] = V.DISTRICT_NURSE  # a regiebehandelaar
    net.carer_client[:] = np.arange(6)
    net.primary_carer[:] = np.arange(6)
    net.base_need[:, V.NURSING] = 30.0
    net.coordinator[4] = 0
    net.budget_by_carer[2] = True
    w = make_world(net, flows__wlz_need_hours=20.0, flows__wlz_apply_per_year=52.0, arranging__wlz_weeks=[2, 2])
    w.who[:] = [V.CARER, V.PROXY, V.BUDGET_HOLDER, V.BUDGET_HOLDER, V.COORD, V.SELF]
    w.log.week = w.week = 3
    pop.wlz_indications(w, np.zeros(6, np.float32), np.full(6, 0.5, np.float32))
    assert (w.net.wlz == pop.WLZ_APPLIED).all()
    regelwerk = events(w, "regelwerk")
    assert regelwerk["client"].tolist() == [0, 1, 2] and regelwerk["actor"].tolist() == [0, 1, 2]
    [(posts, hours, series, clients)] = w.overhead_buffer
    assert posts.tolist() == [0] and clients.tolist() == [4] and series == "coordination_hours"
    assert hours.tolist() == [w.params.policies.regiebehandelaar.request_hours]


def test_wlz_in_an_institution_means_waiting_then_leaving():
    """With institution_share 1 the indicated client waits (mean ``institution_wait_weeks``) and then leaves."""
    net = two_clients()
    net.base_need[0, V.NURSING] = 30.0
    w = make_world(net, flows__wlz_need_hours=20.0, flows__wlz_apply_per_year=52.0, arranging__wlz_weeks=[1, 1],
                   population__profiles__frail_elderly__institution_share=1.0, flows__institution_wait_weeks=4.0)
    pop.wlz_indications(w, np.zeros(2, np.float32), np.full(2, 0.5, np.float32))
    w.week = 1
    pop.wlz_indications(w, np.full(2, math.exp(-1), np.float32), np.full(2, 0.5, np.float32))  # wait: 1 x 4 weeks
    assert w.net.wlz[0] == pop.WLZ_WAITING and w.net.wlz_due[0] == 5
    assert w.net.law[0, V.NURSING] == V.ZVW
    w.week = 5
    leaving, reasons = pop.exits(w, np.ones(2, np.float32))
    assert leaving.tolist() == [0] and reasons.tolist() == [V.INSTITUTION]


@pytest.mark.parametrize("u, replaced", [(0.1, True), (0.9, False)])
def test_a_carer_who_drops_out_may_be_replaced(u, replaced):
    """Below ``carer_replacement`` the same draw gives the wait; the replacing carer then starts as the primary
    carer with no strain. Above it nobody replaces them."""
    net = two_clients(n_carers=2)
    net.carer_strain[0] = 9.0
    w = make_world(net, flows__carer_replacement=0.5, flows__replacement_weeks=2.0)
    w.carer_replace_u[:] = u
    carer_drops_out(w, np.array([0]))
    assert not w.net.carer_active[0] and w.net.primary_carer[0] == -1
    due = w.net.carer_return_week[0]
    if not replaced:
        assert due == -1
        return
    assert due == 1 + round(-math.log(u / 0.5) * 2.0)
    w.week = int(due)
    pop.replacements_start(w)
    n = w.net
    assert n.carer_active[0] and n.primary_carer[0] == 0 and n.carer_strain[0] == 0 and n.carer_person[0] == 1
    assert events(w, "carer_replaced")["actor"].tolist() == [0]


def test_a_closed_population_has_no_flows():
    """``flows.open = false``: nobody ages, leaves or enters, and no carer is replaced."""
    net = two_clients()
    net.age[:] = 104.0
    w = make_world(net, **{"flows__open": False})
    for _ in range(10):
        run_week(w, pop.population)
    assert w.net.age.tolist() == [104.0, 104.0] and w.net.client_person.tolist() == [0, 0]
    assert pop.replacement_weeks(w, np.zeros(3, np.float32)).tolist() == [-1, -1, -1]


def test_the_population_keeps_its_size_and_profile_mix():
    """Over a year with flows, clients leave and are succeeded by clients of the same profile: the profile of every
    place is unchanged and there are as many entries as exits."""
    m = CareNetworkModel(seed=4, n_clients=200, years=1, warmup_years=0, mesa_agents=False,
                         flows__mortality_at_65=0.05)
    profile = m.net.profile.copy()
    m.run()
    ev = m.events()
    exits, entries = (ev["event"] == "client_exit").sum(), (ev["event"] == "client_entry").sum()
    assert exits > 10 and exits == entries
    assert np.array_equal(m.net.profile, profile)
    assert m.net.client_person.sum() == exits


def test_the_warm_up_is_simulated_but_not_recorded():
    """With a warm-up the model has already lived through it (clients succeeded, carers strained) when week 0
    starts; the records hold only the weeks after it."""
    m = CareNetworkModel(seed=4, n_clients=200, years=0.5, warmup_years=1, mesa_agents=False)
    assert m.week == 0 and m.world.week == 52
    assert m.net.client_person.sum() > 0
    before = m.log.arrays()  # only the transitions the warm-up's last week left for week 0's handover
    assert set(before["event"].tolist()) <= {V.EVENT["transition"]} and set(before["week"].tolist()) <= {0}
    m.run()
    weeks = m.log.column("week")
    assert weeks.min() == 0 and weeks.max() == m.n_weeks - 1
    assert m.series.weeks_recorded == m.n_weeks
    assert m.steps_frame()["clients_home"].sum() + m.steps_frame()["clients_admitted"].sum() == 200 * m.n_weeks


def test_professionals_who_share_a_client_get_to_know_each_other_at_a_consultation():
    """With a consultation every week (rate 52/year) the GP, nurse and pharmacist of a client at home know each
    other after one week of the workforce process; at rate 0 nobody meets (turnover off)."""
    for rate, knows in ((52.0, True), (0.0, False)):
        w = make_world(two_clients(), workforce__consultations_per_year=rate, workforce__turnover_per_year=0.0)
        run_week(w, workforce)
        assert bool(w.net.knows[0, 1]) is knows and bool(w.net.knows[1, 2]) is knows
