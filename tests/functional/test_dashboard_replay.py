"""The dashboard's runs (carenet/dashboard/replay.py, classroom.py): a replay is the model's own run, going back in
time shows what was shown then, two policies on one seed share their start, and bad settings are refused by name.

These read plain data (no browser): what the panels show is computed here and only placed on the page by the app.
"""

from __future__ import annotations

import numpy as np
import pytest

from carenet.dashboard.classroom import NO_COMPARE, Classroom, involved, log_lines
from carenet.dashboard.network_view import network_svg
from carenet.dashboard.replay import Replay, ReplayError, cases
from carenet.dashboard.strain_chart import strain_svg
from sim import vocabulary as V
from sim.vignette import run_vignette, story_lines


def test_a_replay_is_the_models_own_run():
    """Stepping a replay to the end gives the run of `carenet vignette` (the same story, the same strain)."""
    replay = Replay("de_wit", "regiebehandelaar", seed=3)
    replay.go_to(replay.n_weeks)
    direct = run_vignette("de_wit", policy="regiebehandelaar", seed=3)
    assert story_lines(replay.model) == story_lines(direct)
    assert np.array_equal(replay.frame.net.carer_strain, direct.net.carer_strain)
    assert replay.finished and len(replay.frames) == replay.n_weeks + 1


def test_going_back_shows_what_was_shown_then():
    replay = Replay("gerards", "none", seed=1)
    seen = {}
    for week in range(1, 13):
        replay.step()
        seen[week] = (replay.counters(), replay.story(), replay.unmet_by_domain(),
                      network_svg(replay), [c["trail"] for c in replay.complaints()])
    replay.go_to(5)
    assert replay.week == 5
    assert (replay.counters(), replay.story(), replay.unmet_by_domain(), network_svg(replay),
            [c["trail"] for c in replay.complaints()]) == seen[5]
    assert all(week < 5 for week, _ in replay.story())
    # and on again: the recorded weeks are replayed, then the model steps on
    replay.go_to(12)
    assert replay.counters() == seen[12][0] and network_svg(replay) == seen[12][3]
    replay.go_to(14)
    assert len(replay.frames) == 15 and replay.model.week == 14


def test_the_event_log_grows_with_the_weeks_and_names_its_people():
    replay = Replay("de_wit", "none", seed=1)
    replay.go_to(10)
    lines = replay.story()
    assert lines and max(w for w, _ in lines) == 9
    failed = [line for _, line in lines if "FAILED" in line]
    assert failed, "de_wit loses handover items at the admission and discharge (weeks 8-9)"
    assert replay.counters()["failed items"] == sum(line.count("FAILED") for _, line in lines)
    people = replay.person_names()
    assert {"Meneer De Wit", "Mevrouw De Wit", "Huisarts De Boer"} <= set(people)
    assert involved("Mevrouw De Wit (partner of Meneer De Wit): strain now very heavy", people) == {
        "Mevrouw De Wit", "Meneer De Wit"}
    assert [w for w, _ in log_lines(replay, weeks=2)] and min(w for w, _ in log_lines(replay, weeks=2)) >= 8


def test_two_policies_on_one_seed_start_alike_and_part_by_mechanism():
    room = Classroom(case="de_wit", policy="none", compare="regiebehandelaar", seed=1)
    a, b = room.left.frames[0].net, room.right.frames[0].net
    assert np.array_equal(a.carer_strain, b.carer_strain) and np.array_equal(a.need, b.need)
    assert a.coordinator[0] < 0 <= b.coordinator[0]  # the regiebehandelaar block gives De Wit a lead professional
    room.go_to(10)
    rows = {r["measure"]: r for r in room.counters()}
    assert rows["failed items"]["difference"] == rows["failed items"]["right"] - rows["failed items"]["left"]
    assert "LEAD" in network_svg(room.right) and "LEAD" not in network_svg(room.left)


def test_switching_a_policy_keeps_the_week_and_replays_it():
    room = Classroom(case="de_wit", policy="none", compare=NO_COMPARE, seed=1)
    assert room.right is None and len(room.counters()[0]) == 4
    room.go_to(9)
    room.switch("right", "regiebehandelaar")
    assert room.right.week == 9 and room.right.policy == "regiebehandelaar"
    fresh = Replay("de_wit", "regiebehandelaar", seed=1)
    fresh.go_to(9)
    assert room.right.counters() == fresh.counters()
    room.switch("left", "digital_plan")
    assert room.left.policy == "digital_plan" and room.left.week == 9
    room.step()
    assert room.week == 10 and room.right.week == 10


@pytest.mark.parametrize("settings, field", [
    ({"case": "de_witt"}, "case"), ({"policy": "regie"}, "policy"), ({"compare": "pgb"}, "compare"),
    ({"seed": "-1"}, "seed"), ({"seed": "one"}, "seed"), ({"case": "berends", "client": 5}, "client"),
])
def test_bad_settings_are_refused_by_name(settings, field):
    with pytest.raises(ReplayError) as err:
        Classroom(**{"case": "de_wit", "policy": "none", "compare": "regiebehandelaar", "seed": 1, **settings})
    assert str(err.value).startswith(f"{field} = ") and "allowed:" in str(err.value)


def test_every_case_opens_and_steps():
    """Every vignette and every one-municipality population scenario can be opened, stepped and drawn."""
    for case in cases():
        room = Classroom(case=case, policy="none", compare="stepped", seed=2)
        room.step()
        room.step()
        assert room.week == 2 and network_svg(room.left).startswith("<svg")
        assert room.left.person_names()[0] in network_svg(room.left)


def test_a_population_case_follows_a_client_with_a_carer_and_professionals():
    replay = Replay("frail_elderly", "none", seed=4)
    net = replay.frame.net
    assert (net.carer_client == replay.focus).any()
    assert (net.member[replay.focus] >= 0).sum() >= 3


def test_unmet_need_by_domain_adds_up_to_the_clients_unmet_hours():
    replay = Replay("de_wit", "none", seed=1)
    replay.go_to(12)
    assert sum(replay.unmet_by_domain().values()) == pytest.approx(max(replay.frame.unmet[0], 0.0), abs=1e-6)
    assert set(replay.unmet_by_domain()) <= set(V.DOMAINS)


def test_the_strain_chart_draws_one_line_per_carer_and_run_on_fixed_axes():
    room = Classroom(case="de_wit", policy="none", compare="regiebehandelaar", seed=1)
    room.go_to(6)
    series = [(f"{n} ({r.policy})", s, v) for r, s in ((room.left, "solid"), (room.right, "dashed"))
              for n, v in r.strain_series().items()]
    assert [len(v) for _, _, v in series] == [7, 7]
    svg = strain_svg(series, room.left.strain_thresholds(), room.n_weeks, room.week)
    assert svg.count("<polyline") == 2 and svg.count('stroke-dasharray="6 4"') == 2  # line and legend dashed
    for name in ("not or somewhat", "fairly heavy", "very heavy", "overburdened"):
        assert name in svg


def test_a_professional_who_left_is_named_as_the_successor_and_plan_members_are_marked():
    """rita_jansen: a professional leaves (a scheduled event); from then on the view names the post as the story
    does. The posts recording in the client's plan carry an 'on the plan' badge."""
    replay = Replay("rita_jansen", "none", seed=1)
    leaving = [e for e in replay.model.vignette.events if e["kind"] == "professional_leaving"][0]
    post = leaving["post"]
    name = replay.names["post"][post]
    replay.go_to(leaving["week"])
    assert replay.post_name(post) == name
    replay.go_to(leaving["week"] + 1)
    assert replay.post_name(post) == f"{name}'s successor"
    assert f"{name}'s successor" in "".join(line for _, line in replay.story())
    for case, has_plan in (("robert_donatie", True), ("de_wit", False)):  # Robert's network starts with a plan
        plan = Replay(case, "none", seed=1)
        net = plan.frame.net
        members = [p for p in net.member[plan.focus] if p >= 0]
        assert bool(net.plan[plan.focus] and net.post_on_plan[members].any()) == has_plan
        assert network_svg(plan).count(">on the plan<") == (int(net.post_on_plan[members].sum()) if has_plan else 0)


@pytest.mark.parametrize("case", ["gerards", "berends", "de_wit", "rita_jansen", "default"])
def test_nobody_shares_a_seat_and_nobody_moves(case):
    """The network view's layout stays put while people join and leave, and no two people are drawn in one place."""
    from carenet.dashboard.network_view import people, seats_for
    replay = Replay(case, "regiebehandelaar", seed=0)
    seats = seats_for(replay)
    where: dict[str, tuple[float, float]] = {}
    for _ in range(min(replay.n_weeks, 26)):
        replay.step()
        nodes = [node for node, *_ in people(replay)]
        xy = [seats.xy(node) for node in nodes]
        assert len({(round(x), round(y)) for x, y in xy}) == len(nodes), f"week {replay.week}: two in one seat"
        for node, point in zip(nodes, xy):
            assert where.setdefault(node, point) == point, f"{node} moved"
