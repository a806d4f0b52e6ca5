"""Teaching vignettes: every vignette loads and runs under every policy, the failures each seed case describes (the
files' ``[[failure]]`` tables) happen under ``none`` in most seeds, names are recoverable, and bad vignette files
are refused clearly.

The per-vignette checks run SEEDS (10) seeds under ``none`` and ask that the case's failure happens in at least
MOST of them. Why 7 of 10: each failure is produced by the network's structure, not imposed, and the random events
go on beside the scheduled ones (a random admission can overlap a scheduled one, a post can change hands); the
expected frequencies observed when the vignettes were built are 80-100% (stated per test), so 7 of 10 asks for a
clear majority while leaving room for one or two seeds in which chance undoes the story. The seeds are fixed,
so the tests are deterministic.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sim import CareNetworkModel
from sim import vocabulary as V
from carenet.cli import main
from sim.outcomes import NOT_REACHED_TEXT
from sim.policies import POLICY_NAMES, reach
from sim.scenario import ScenarioError
from sim.vignette import (VignetteError, VignetteModel, failure_lines, failures_happened, load_vignette, named_events,
                          policy_lines, policy_reach, run_vignette, story_lines, summary_lines, vignette_names)
from sim.vignette.policy import BLOCK_NOUNS

SEEDS = range(10)
MOST = 7

VIGNETTES = ("berends", "gerards", "de_wit", "esther", "rita_jansen", "robert_donatie")


@functools.lru_cache(maxsize=None)
def vignette(name: str):
    return load_vignette(name)


@functools.lru_cache(maxsize=None)
def run(name: str, policy: str = "none", seed: int = 0) -> VignetteModel:
    return vignette(name).model(policy=policy, seed=seed, mesa_agents=False).run()


def rows(m: CareNetworkModel, event: str, **where) -> dict:
    log = m.log.arrays()
    sel = log["event"] == V.EVENT[event]
    for column, value in where.items():
        sel &= log[column] == value
    return {k: v[sel] for k, v in log.items()}


# --------------------------------------------------------------------------- what each case describes

def happened(name: str, policy: str, seed: int) -> dict[str, bool]:
    """Which of the seed's failures (the vignette file's ``[[failure]]`` tables) happened in one run."""
    return failures_happened(run(name, policy, seed))


def handover_failures(m: CareNetworkModel) -> int:
    return int(rows(m, "handover_failed")["client"].size)


# --------------------------------------------------------------------------- loading and running

def test_the_six_vignettes_are_built_in():
    assert set(VIGNETTES) <= set(vignette_names())


@pytest.mark.parametrize("name", VIGNETTES)
@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_every_vignette_runs_under_every_policy(name, policy):
    """Each vignette loads, builds its network and runs its half year under each policy; its scheduled moments
    happen (one transition or need change at least), and the story names its people."""
    m = run(name, policy)
    assert m.week == m.n_weeks == vignette(name).n_weeks
    assert len(m.log) > 0
    text = "\n".join(story_lines(m))
    assert any(client in text for client in m.names["client"].values())
    assert summary_lines(m)


@pytest.mark.parametrize("name", VIGNETTES)
def test_vignette_replays_on_the_same_seed(name):
    """The same vignette, policy and seed give the same event log."""
    a = vignette(name).model("stepped", seed=3, mesa_agents=False).run().log.arrays()
    b = vignette(name).model("stepped", seed=3, mesa_agents=False).run().log.arrays()
    for column in a:
        np.testing.assert_array_equal(a[column], b[column])


def test_names_are_recoverable_from_the_run():
    """``model.names`` maps indices to the file's names; the named event log labels the people of each event
    (a handover to the carer names the carer, a strain change names the carer as actor)."""
    m = run("gerards")
    v = vignette("gerards")
    assert m.names["client"] == {0: "Meneer Gerards"}
    assert m.names["carer"] == {0: "Mevrouw Gerards"}
    assert m.names["post"][v.post_index("HAP-triagist")] == "HAP-triagist"
    ev = named_events(m)
    to_wife = ev[(ev.event == "handover_failed") & (ev.role == "carer")]
    assert set(to_wife.target_name) == {"Mevrouw Gerards"}
    assert set(ev.client_name) == {"Meneer Gerards"}
    strain = ev[ev.event == "strain_category"]
    assert set(strain.actor_name) <= {"Mevrouw Gerards"}


def test_hand_built_network_follows_the_file():
    """The network is the file's: one post per professional, organisations and links as given, acquaintance
    within an organisation and as listed, arranged care defaulting to the indicable need, the regiebehandelaar,
    plan and posts on the plan of Robert Donatie."""
    v = vignette("robert_donatie")
    net = v.network
    assert net.n_posts == len(v.professionals) == 7
    assert net.linked.all()  # every organisation linked
    assert np.asarray(net.knows).all()
    robert, lead = v.client_index("Robert Donatie"), v.post_index("Wijkverpleegkundige Anton")
    assert net.coordinator[robert] == lead and net.coordinator_address[lead] and net.coordinator_mandate[lead]
    assert net.plan[robert] and net.post_on_plan.all()
    # nursing 4 and support 8 with a primary carer: half is usual care (frail_elderly usual_care_share 0.5)
    assert net.arranged[robert, V.NURSING] == pytest.approx(2.0)
    assert net.arranged[robert, V.SUPPORT] == pytest.approx(4.0)
    rita = vignette("rita_jansen").network
    assert not rita.linked[~np.eye(rita.linked.shape[0], dtype=bool)].any()
    assert (rita.coordinator == -1).all() and not rita.plan.any()
    # the same kind of network: same sizes, needs and carers, so the same seed draws the same random events
    for attr in ("n_clients", "n_carers", "n_posts"):
        assert getattr(rita, attr) == getattr(net, attr)
    np.testing.assert_array_equal(rita.base_need, net.base_need)
    np.testing.assert_array_equal(rita.carer_available, net.carer_available)


def test_a_policy_on_top_keeps_the_vignettes_structure():
    """A policy adds to a hand-built network: under digital_plan Robert's professionals stay on his plan and under
    regiebehandelaar his own regiebehandelaar stays."""
    for policy in ("digital_plan", "regiebehandelaar", "stepped"):
        m = vignette("robert_donatie").model(policy, seed=0, mesa_agents=False)
        robert = m.vignette.client_index("Robert Donatie")
        assert m.net.post_on_plan.all() and m.net.plan[robert]
        assert m.net.coordinator[robert] == m.vignette.post_index("Wijkverpleegkundige Anton")


def test_to_puts_the_named_professional_in_the_slot():
    """Mr Gerards' admission goes ``to`` the cardiologist, who takes the specialist slot of the orthopaedic surgeon;
    the contact with the HAP is a ``contact`` transition to the HAP, who does not join his network."""
    m = run("gerards")
    v = m.vignette
    client = v.client_index("Meneer Gerards")
    cardio, hap = v.post_index("Cardioloog Dr. Bakker"), v.post_index("HAP-triagist")
    assert m.net.member[client, V.SPECIALIST] == cardio
    admission = rows(m, "transition", client=client, detail=V.ADMISSION, week=1)
    items = np.concatenate([rows(m, "handover_delivered", target=cardio, role=V.SPECIALIST)["ref"],
                            rows(m, "handover_failed", target=cardio, role=V.SPECIALIST)["ref"]])
    assert np.isin(admission["ref"], items).all()
    contact = rows(m, "transition", client=client, detail=V.CONTACT, week=8, target=hap)
    assert contact["ref"].size == 1
    assert m.net.member[client, V.GP] == v.post_index("Huisarts Jansen")


# --------------------------------------------------------------------------- which policy blocks reach whom, and why

def test_gerards_gets_no_lead_professional_because_he_holds_regie():
    """Under regiebehandelaar the story says that meneer Gerards gets no lead professional, and why: he is able and
    wishes to direct his own care (the block's reason holds_regie, in the words of NOT_REACHED_TEXT)."""
    m = run("gerards", "regiebehandelaar")
    [row] = policy_reach(m)
    assert (row["block"], row["applies"], row["reason"]) == ("regiebehandelaar", False, "holds_regie")
    why = NOT_REACHED_TEXT["regiebehandelaar", "holds_regie"].replace("the client", "Meneer Gerards")
    assert policy_lines(m) == ["Policy regiebehandelaar: whom it reaches at the start of the story",
                               f"  Meneer Gerards has no lead professional (regiebehandelaar), because {why}."]
    told = CliRunner().invoke(main, ["vignette", "gerards", "--policy", "regiebehandelaar", "--seed", "4"])
    assert told.exit_code == 0, told.output
    cast = told.output.split("What happens")[0]
    assert "\n".join(policy_lines(m)) in cast and "Who is in the network" in cast


def test_a_block_that_applies_names_who_gives_it():
    """Where a block applies the paragraph says so with the people's names: the district nurse leads for meneer
    Berends, while his wife holds regie herself; under stepped Rita Jansen's husband is her proxy, so she has no
    lead professional."""
    assert policy_lines(run("berends", "regiebehandelaar")) == [
        "Policy regiebehandelaar: whom it reaches at the start of the story",
        "  Wijkverpleegkundige Ria is Meneer Berends' lead professional (regiebehandelaar).",
        ("  Mevrouw Berends has no lead professional (regiebehandelaar), because Mevrouw Berends is able and wishes "
         "to direct their own care.")]
    lines = policy_lines(run("rita_jansen", "stepped"))
    assert lines[0] == ("Policy stepped (digital_plan, proxy, regiebehandelaar): whom it reaches at the start of the "
                        "story")
    assert "  Kees Jansen is Rita Jansen's registered proxy (volmacht)." in lines
    assert ("  Rita Jansen has no lead professional (regiebehandelaar), because Rita Jansen has a proxy (volmacht) "
            "who directs their care.") in lines


def test_the_status_quo_adds_no_blocks():
    assert policy_lines(run("gerards")) == [("Policy none: the status quo, which adds no building blocks; the "
                                             "network is as the vignette sets it up.")]
    assert policy_reach(run("gerards")) == [] and run("gerards").reach_changes == []


@pytest.mark.parametrize("name, policy", [("gerards", "regiebehandelaar"), ("berends", "stepped"),
                                          ("rita_jansen", "stepped"), ("de_wit", "integral_pgb")])
def test_policy_reach_is_the_policies_reach_per_client(name, policy):
    """The rows of policy_reach are those of sim.policies.reach, client by client, each with its sentence."""
    assert tuple(BLOCK_NOUNS) == V.BLOCKS
    m = vignette(name).model(policy, seed=0, mesa_agents=False)
    frame = reach(m)
    for c, cname in m.names["client"].items():
        rows = policy_reach(m, c)
        mine = frame[frame["client"] == c]
        assert [(r["client"], r["block"], r["applies"], r["reason"]) for r in rows] == list(
            zip(mine["client"], mine["block"].astype(str), mine["applies"], mine["reason"]))
        assert all(r["text"].startswith(cname) or f"{cname}'" in r["text"] for r in rows)
    assert m.reach_start == policy_reach(m)


def test_a_block_that_stops_applying_is_told_at_its_week():
    """Under integral_pgb Mevrouw Berends holds her husband's budget; when she drops out (week 2) nobody is left to
    hold it, and the story says so that week. The changes kept, applied to the start, give the reach at the end."""
    m = run("berends", "integral_pgb")
    [change] = [r for r in m.reach_changes if r["client"] == m.vignette.client_index("Meneer Berends")]
    assert (change["week"], change["block"], change["applies"], change["reason"], change["was_applies"]) == (
        2, "integral_pgb", False, "no_holder", True)
    story = story_lines(m)
    week2 = story[story.index("Week 2"):story.index("Week 3")]
    assert week2[-1] == f"  Meneer Berends: integral_pgb no longer applies: {change['text']}"
    for name, policy in (("berends", "integral_pgb"), ("berends", "stepped"), ("rita_jansen", "stepped")):
        m = run(name, policy)
        latest = {(r["client"], r["block"]): r for r in m.reach_start}
        latest.update({(r["client"], r["block"]): {k: v for k, v in r.items() if k not in ("week", "was_applies")}
                       for r in m.reach_changes})
        assert sorted(latest.values(), key=lambda r: (V.BLOCKS.index(r["block"]), r["client"])) == policy_reach(m)


# --------------------------------------------------------------------------- the cases' failures, across seeds

def test_berends_nurse_not_told_and_husband_left_without_care():
    """Observed in 10 of 10 seeds: once Mrs Berends is gone nobody is left on his side to carry the news (no
    channel at all), and with nobody arranging (professional initiative only) plus a Wlz indication of 4-8 weeks
    no care can start within 4 weeks (the file's failures nurse_not_told and nobody_cares_for_him)."""
    hits = [all(happened("berends", "none", s).values()) for s in SEEDS]
    assert sum(hits) >= MOST, hits


def test_gerards_wife_sidelined_and_gp_post_without_record():
    """Observed in 9 of 10 seeds: the cardiology department does not involve Mrs Gerards (no channel to her at all)
    and the HAP is linked to neither the GP nor the hospital; the GP's letter or his own account reaches the
    triagist within the half day it is needed in only about one item in five (wife_sidelined and
    gp_post_without_record)."""
    hits = [all(happened("gerards", "none", s).values()) for s in SEEDS]
    assert sum(hits) >= MOST, hits


def test_de_wit_wife_overloaded_and_nobody_takes_the_initiative():
    """Observed in 8 of 10 seeds (15 of 20): she reaches 'very heavy' around week 5 as his care grows, and a
    visiting professional signals the overload with 5% a week (the case's 'wie neemt het initiatief?')."""
    hits = [happened("de_wit", "none", s)["nobody_takes_the_initiative"] for s in SEEDS]
    assert sum(hits) >= MOST, hits


def test_de_wit_a_regiebehandelaar_takes_the_initiative():
    """The contrast: with a regiebehandelaar (the team's nurse) who watches the carer, her overload is signalled
    within 4 weeks of her reaching 'very heavy' in most seeds (observed: every seed)."""
    hits = [happened("de_wit", "regiebehandelaar", s)["nobody_takes_the_initiative"] for s in SEEDS]
    assert sum(hits) <= len(SEEDS) - MOST, hits


def test_esther_internist_and_psychiatrist_contradict():
    """Observed in 10 of 10 seeds (19 of 20): the internist and the psychiatrist do not know each other and there is
    no plan or regiebehandelaar, so every week both advise (20%) their advice contradicts half the time."""
    hits = [happened("esther", "none", s)["contradictory_advice"] for s in SEEDS]
    assert sum(hits) >= MOST, hits


@pytest.mark.parametrize("name", VIGNETTES)
def test_every_vignette_declares_the_seeds_failures_and_a_run_computes_them(name):
    """Every vignette file declares at least one of the seed's failures, each validated (a unique name, a
    description, a check on the event log), and one short replicate computes every one of them (True or False)."""
    v = vignette(name)
    assert v.failures and all(f["description"] and (f["happens"] or f["missing"]) for f in v.failures)
    names = [f["name"] for f in v.failures]
    assert len(set(names)) == len(names)
    m = v.model("regiebehandelaar", seed=1, years=0.3, mesa_agents=False).run()
    result = failures_happened(m)
    assert list(result) == names and all(isinstance(h, bool) for h in result.values())
    assert len(failure_lines(m)) == len(names)


def test_rita_fails_where_robert_does_not():
    """The constructed pair declares the same failures; on the same seeds they happen in most of Rita's runs and
    hardly ever in Robert's (observed in seeds 0-19: Rita 13-19 of 20 each, Robert 0-1 of 20)."""
    rita = [happened("rita_jansen", "none", s) for s in SEEDS]
    robert = [happened("robert_donatie", "none", s) for s in SEEDS]
    assert list(rita[0]) == list(robert[0])
    for failure in rita[0]:
        assert sum(r[failure] for r in rita) >= sum(b[failure] for b in robert) + 3, (failure, rita, robert)


def test_rita_has_more_handover_failures_than_robert_on_the_same_seeds():
    """Observed in 10 of 10 seeds (Rita 6-16 failed items in half a year, Robert 0-1): the same network and the
    same moments, without versus with acquaintance, linked systems, a plan and a regiebehandelaar."""
    pairs = [(handover_failures(run("rita_jansen", "none", s)), handover_failures(run("robert_donatie", "none", s)))
             for s in SEEDS]
    assert sum(r > b for r, b in pairs) >= MOST, pairs
    assert sum(r for r, _ in pairs) > 3 * sum(b for _, b in pairs), pairs


# --------------------------------------------------------------------------- bad files

def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = '''
base = "default"
years = 0.2

[vignette]
title = "Test"

[[client]]
name = "Ans"
profile = "frail_elderly"
need = { cure = 0.2, support = 6.0 }
able = true
wishes = true
digital = false
consent = true

[[carer]]
name = "Piet"
relation = "partner"
cares_for = "Ans"
hours = 10.0
digital = false

[[professional]]
name = "Dr. A"
role = "gp"
organisation = "Praktijk A"
clients = ["Ans"]

[[professional]]
name = "Thuishulp B"
role = "home_carer"
organisation = "Thuishulp B"
clients = ["Ans"]

[[event]]
week = 2
kind = "admission"
client = "Ans"
acute = "fall"
weeks = 2
'''


def test_a_small_valid_file_loads_and_runs(tmp_path):
    m = run_vignette(write(tmp_path, GOOD), "stepped", seed=1)
    assert m.names["client"] == {0: "Ans"} and m.n_weeks == 10


@pytest.mark.parametrize("change, words", [
    (("client = \"Ans\"\nacute", "client = \"Anss\"\nacute"), ["event[0].client", "'Anss'", "no such client", "Ans"]),
    (("role = \"gp\"", "role = \"huisarts\""), ["professional[0].role", "'huisarts'", "gp, district_nurse"]),
    (("kind = \"admission\"", "kind = \"admision\""), ["event[0].kind", "'admision'", "did you mean 'admission'"]),
    (("week = 2", "week = 40"), ["event[0].week", "40", "0 to 9"]),
    (("acute = \"fall\"", "acute = \"stroke\""), ["event[0].acute", "'stroke'", "cardiac"]),
    (("cares_for = \"Ans\"", "cares_for = \"Anna\""), ["carer[0].cares_for", "'Anna'", "no such client"]),
    (("need = { cure = 0.2, support = 6.0 }", "need = { cure = 0.2, suport = 6.0 }"),
     ["client[0].need.suport", "unknown need domain", "did you mean 'support'"]),
    (("able = true", "able = \"yes\""), ["client[0].able", "'yes'", "true or false"]),
    (("name = \"Thuishulp B\"\nrole = \"home_carer\"", "name = \"Thuishulp B\"\nrole = \"gp\""),
     ["professional[1].clients", "already has a gp", "one professional per role"]),
    (("[[carer]]", "[[carers]]"), ["carers", "unknown key", "did you mean 'carer'"]),
    (("years = 0.2", "years = 0.2\n[strain]\nrecovery = 2.0"), ["strain.recovery", "2.0"]),
    (("hours = 10.0", "hours = 10.0\nstrenght = 2.0"), ["carer[0].strenght", "unknown field", "strain"]),
])
def test_bad_vignette_files_are_refused_with_clear_errors(tmp_path, change, words):
    """A mistake names the file, the field, the value and what is allowed, before anything runs."""
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ScenarioError) as err:
        load_vignette(path)
    message = str(err.value)
    assert str(path) in message
    for word in words:
        assert word in message, message


def test_every_builtin_vignette_has_a_lesson():
    """The dashboard's lesson panel: every built-in vignette has things to notice and things to try (non-empty
    text), after its story."""
    for name in VIGNETTES:
        v = vignette(name)
        assert v.notice and v.try_this, name
        assert all(isinstance(t, str) and t.strip() for t in v.notice + v.try_this), name


def test_a_lesson_is_read_from_the_file(tmp_path):
    path = write(tmp_path, GOOD.replace('title = "Test"', 'title = "Test"\nnotice = ["a"]\ntry = ["b", "c"]', 1))
    v = load_vignette(path)
    assert v.notice == ["a"] and v.try_this == ["b", "c"]
    assert load_vignette(write(tmp_path, GOOD)).notice == []  # optional


@pytest.mark.parametrize("line, field, value", [
    ('notice = "text"', "vignette.notice", "'text'"),
    ('try = ["a", 2]', "vignette.try", "['a', 2]"),
    ('notice = [["a"]]', "vignette.notice", "[['a']]"),
])
def test_a_lesson_of_the_wrong_type_is_refused(tmp_path, line, field, value):
    """``notice`` and ``try`` are lists of texts; anything else is refused naming the field, the value and what is
    allowed."""
    path = write(tmp_path, GOOD.replace('title = "Test"', f'title = "Test"\n{line}', 1))
    with pytest.raises(VignetteError) as err:
        load_vignette(path)
    message = str(err.value)
    for word in (str(path), f"field `{field}` = {value}", "allowed: a list of texts (strings)"):
        assert word in message, message


def test_unknown_vignette_name_and_short_years(tmp_path):
    with pytest.raises(VignetteError, match="did you mean 'berends'"):
        load_vignette("berend")
    with pytest.raises(VignetteError, match="years = 0.03 not allowed"):
        run_vignette(write(tmp_path, GOOD), years=0.03)


# --------------------------------------------------------------------------- command line

def test_cli_lists_and_tells_a_story(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["vignette", "--list"])
    assert listed.exit_code == 0
    for name in VIGNETTES:
        assert name in listed.output
    out = tmp_path / "run"
    told = runner.invoke(main, ["vignette", "berends", "--policy", "regiebehandelaar", "--seed", "2",
                                "--out", str(out)])
    assert told.exit_code == 0, told.output
    assert "Week 2" in told.output and "Meneer Berends: carer drops out (Mevrouw Berends stops caring)" in told.output
    assert "Wijkverpleegkundige Ria" in told.output
    for f in ("events.parquet", "story.txt", "outcomes.json", "provenance.json"):
        assert (out / f).is_file()
    import pandas as pd
    events = pd.read_parquet(out / "events.parquet")
    assert {"client_name", "actor_name", "target_name", "policy"} <= set(events.columns)


def test_cli_refuses_a_bad_vignette_cleanly(tmp_path):
    path = write(tmp_path, GOOD.replace("role = \"gp\"", "role = \"huisarts\"", 1))
    result = CliRunner().invoke(main, ["vignette", str(path)])
    assert result.exit_code == 2
    assert "professional[0].role" in result.output
    bad_policy = CliRunner().invoke(main, ["vignette", "berends", "--policy", "nothing"])
    assert bad_policy.exit_code == 2 and "allowed" in bad_policy.output


def test_cli_module_runs_as_a_script():
    """``python -m carenet vignette --list`` works too (the command is registered on the module's group)."""
    result = subprocess.run([sys.executable, "-m", "carenet", "vignette", "--list"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert result.returncode == 0, result.stderr
    assert "berends" in result.stdout
