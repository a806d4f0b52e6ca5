"""Built-in scenarios, scenario composition (``base`` + overrides), per-scenario provenance and docs/scenarios.md.

Checked: every built-in scenario validates and runs under every policy; the single-group scenarios really hold
only their group; ``carenet check`` explains mistakes in a composed file (unknown base, bad field, bad
``[provenance]`` entry) naming the file, the field and what is allowed; sources merge along the base chain and
replace the default sources in the parameter table; ``carenet run`` records them; the committed
docs/scenarios.md equals what the code renders.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from sim import CareNetworkModel, ScenarioError, load_scenario
from sim import provenance
from sim import vocabulary as V
from carenet.cli import main
from carenet.cli.common import OVERRIDE_SOURCE
from sim.parameters import ScenarioParams
from sim.policies import POLICY_NAMES
from sim.provenance import parameter_table, render_scenarios_markdown, scenario_sources
from sim.scenario import builtin_scenarios, parameter_names, scenario_file_table, set_fields

SINGLE_GROUP = {name: name for name in V.PROFILES}  # scenario name -> its profile


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def write(tmp_path, text: str, name: str = "scenario.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def check_refused(path, *parts: str) -> str:
    """``carenet check`` refuses the file (exit 2, no traceback) with every one of ``parts`` in the message."""
    result = invoke("check", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "OK" not in result.stdout
    for part in parts:
        assert part in result.stderr, f"{part!r} missing from:\n{result.stderr}"
    return result.stderr


# --------------------------------------------------------------------------- built-in scenarios

def test_the_population_scenarios_exist():
    assert {"default", "frail_elderly", "chronic_ggz", "child_complex", "multi_problem"} <= set(builtin_scenarios())


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_builtin_scenario_validates_and_is_documented_in_its_file(name):
    params = load_scenario(name)
    assert isinstance(params, ScenarioParams)
    assert params.name == name and params.description
    own = scenario_file_table(name)
    assert own.get("name") == name and own.get("description")
    if name != "default":
        assert own.get("base") == "default"
    # every value a built-in file sets carries a source, and nothing else does
    fields = set_fields(own)
    assert fields
    assert set(own.get("provenance", {})) == set(fields), name


@pytest.mark.parametrize("policy", POLICY_NAMES)
@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_builtin_scenario_runs_under_every_policy(name, policy):
    # a scenario of several municipalities runs one model per municipality: run one municipality of it
    one = {"population__municipalities": 1} if load_scenario(name).population.municipalities > 1 else {}
    model = CareNetworkModel(scenario=name, policy=policy, years=4 / 52, n_clients=200, mesa_agents=False, **one)
    model.run()
    assert model.week == 4
    outcomes = model.outcomes()
    assert outcomes["client_years"] == pytest.approx(200 * 4 / 52, rel=0.01)


@pytest.mark.parametrize("name, profile", sorted(SINGLE_GROUP.items()))
def test_single_group_scenarios_contain_only_their_group(name, profile):
    params = load_scenario(name)
    for other, prof in params.population.profiles.items():
        assert prof.share == (1.0 if other == profile else 0.0), other
    model = CareNetworkModel(scenario=name, years=4 / 52, n_clients=200, mesa_agents=False)
    counts = np.bincount(model.net.profile, minlength=len(V.PROFILES))
    assert counts[V.PROFILES.index(profile)] == 200
    assert counts.sum() == 200


def test_single_group_scenarios_keep_the_default_base_elsewhere():
    """A single-group scenario only overrides what its file sets: everything else is the mixed municipality's."""
    default = load_scenario("default").model_dump()
    for name in SINGLE_GROUP:
        params = load_scenario(name).model_dump()
        fields = set(set_fields(scenario_file_table(name)))
        for dotted in parameter_names():
            value, base = params, default
            for part in dotted.split("."):
                value, base = value[part], base[part]
            if dotted not in fields:
                assert value == base, (name, dotted)


def test_single_group_workforce_has_no_idle_roles_the_group_never_uses():
    """Roles a group never needs (no need in that domain) are cut to one post per district."""
    for name, unused in (("frail_elderly", ("ggz_practitioner", "youth_worker")),
                         ("chronic_ggz", ("youth_worker",)), ("child_complex", ("ggz_practitioner",)),
                         ("multi_problem", ("youth_worker",))):
        model = CareNetworkModel(scenario=name, years=4 / 52, n_clients=200, mesa_agents=False)
        for role in unused:
            assert (model.net.post_role == V.ROLES.index(role)).sum() == 1, (name, role)


# --------------------------------------------------------------------------- composition mistakes (carenet check)

def test_check_explains_an_unknown_base(tmp_path):
    path = write(tmp_path, 'base = "defualt"\n[strain]\nrecovery = 0.2\n', "child.toml")
    msg = check_refused(path, str(path), "field `base`", "'defualt'", "unknown scenario", "allowed:",
                        "frail_elderly", "did you mean 'default'")
    assert "Traceback" not in msg


def test_check_explains_a_missing_base_file(tmp_path):
    path = write(tmp_path, 'base = "nowhere.toml"\n', "child.toml")
    check_refused(path, str(path), "field `base`", "'nowhere.toml'", "no such scenario file")


def test_check_explains_a_mistake_in_the_base_file(tmp_path):
    write(tmp_path, "[strain]\nrecovery = 7.0\n", "parent.toml")
    path = write(tmp_path, 'base = "parent.toml"\n', "child.toml")
    check_refused(path, "strain.recovery", "7.0", "0 to 1")


@pytest.mark.parametrize("text, parts", [
    # unknown field in a composed file
    ('base = "frail_elderly"\n[population.profiles.frail_elderly]\ncarer_shar = 0.9\n',
     ["population.profiles.frail_elderly.carer_shar", "0.9", "known fields", "did you mean 'carer_share'"]),
    # a value out of bounds
    ('base = "child_complex"\n[workforce.roles.specialist]\nclients_per_post = 0.0\n',
     ["workforce.roles.specialist.clients_per_post", "0.0", "1 to 10000"]),
    # a composed file that breaks a rule across fields: shares no longer add up to 1
    ('base = "chronic_ggz"\n[population.profiles.frail_elderly]\nshare = 0.5\n',
     ["population.profiles", "add up to 1", "1.5000"]),
], ids=["unknown-field", "out-of-bounds", "shares"])
def test_check_explains_a_bad_field_in_a_composed_file(tmp_path, text, parts):
    path = write(tmp_path, text)
    check_refused(path, str(path), *parts)


@pytest.mark.parametrize("entry, parts", [
    ('"strain.recovry" = "assumption"', ["entry `strain.recovry`", "no such parameter",
                                         "did you mean 'strain.recovery'"]),
    ('"strain.care_load" = "assumption"', ["entry `strain.care_load`", "does not set that field"]),
    ('"strain" = "assumption"', ["entry `strain`", "names a section, not a field"]),
    ('"strain.recovery" = ""', ["entry `strain.recovery`", "non-empty text", "seed 003:L466"]),
    ('"strain.recovery" = 0.2', ["entry `strain.recovery`", "non-empty text", "0.2"]),
    # the base sets this one, the file does not: a source belongs with the value it describes
    ('"population.profiles.frail_elderly.carer_share" = "mine"',
     ["entry `population.profiles.frail_elderly.carer_share`", "does not set that field"]),
], ids=["unknown", "not-set", "section", "empty", "not-text", "set-by-base-only"])
def test_check_explains_a_bad_provenance_entry(tmp_path, entry, parts):
    path = write(tmp_path, f'base = "frail_elderly"\n[strain]\nrecovery = 0.2\n[provenance]\n{entry}\n')
    check_refused(path, str(path), "[provenance]", *parts,
                  "allowed:" if "non-empty" in parts[1] else "the fields this file sets: strain.recovery")


def test_check_lists_every_bad_provenance_entry_at_once(tmp_path):
    path = write(tmp_path, '[strain]\nrecovery = 0.2\n[provenance]\n"strain.recovry" = "a"\n"years" = "b"\n')
    msg = check_refused(path, "entry `strain.recovry`", "entry `years`")
    assert msg.count("entry `") == 2


def test_provenance_must_be_a_table(tmp_path):
    path = write(tmp_path, 'provenance = "seed 003"\n')
    check_refused(path, str(path), "field `provenance`", "must be a table")


def test_provenance_of_a_file_that_sets_nothing(tmp_path):
    path = write(tmp_path, 'base = "default"\n[provenance]\n"strain.recovery" = "x"\n')
    check_refused(path, "entry `strain.recovery`", "none: this file sets no field")


def test_check_reports_fields_without_a_source(tmp_path):
    path = write(tmp_path, 'base = "frail_elderly"\n[strain]\nrecovery = 0.2\ncare_load = 1.2\n'
                           '[provenance]\n"strain.recovery" = "assumption"\n')
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: scenario (1,000 clients")
    assert "sets 2 field(s), 1 with a source" in result.stdout
    assert "without a [provenance] entry: strain.care_load" in result.stdout


# --------------------------------------------------------------------------- sources

def test_provenance_table_does_not_reach_validation(tmp_path):
    path = write(tmp_path, '[strain]\nrecovery = 0.2\n[provenance]\n"strain.recovery" = "assumption: test"\n')
    params = load_scenario(path)
    assert params.strain.recovery == 0.2
    assert "provenance" not in params.model_dump()
    assert scenario_sources(path) == {"strain.recovery": "assumption: test"}


def test_toml_dotted_keys_in_provenance_are_joined(tmp_path):
    path = write(tmp_path, "[strain]\nrecovery = 0.2\n[provenance]\nstrain.recovery = \"dotted\"\n")
    assert scenario_sources(path) == {"strain.recovery": "dotted"}


def test_sources_merge_along_the_base_chain(tmp_path):
    write(tmp_path, 'base = "frail_elderly"\n[strain]\nrecovery = 0.2\ncare_load = 1.5\n'
                    '[provenance]\n"strain.recovery" = "parent: recovery"\n"strain.care_load" = "parent: load"\n',
          "parent.toml")
    path = write(tmp_path, 'base = "parent.toml"\n[strain]\nrecovery = 0.3\nregelwerk_load = 0.1\n'
                           '[population.profiles.frail_elderly]\ncarer_share = 0.9\n'
                           '[provenance]\n"strain.recovery" = "child: recovery"\n', "child.toml")
    sources = scenario_sources(path)
    assert sources["strain.recovery"] == "child: recovery"           # the child's entry replaces the parent's
    assert sources["strain.care_load"] == "parent: load"             # inherited with the inherited value
    assert "strain.regelwerk_load" not in sources                    # set without a source
    # the grandparent's source no longer describes the child's carer_share: dropped
    assert "population.profiles.frail_elderly.carer_share" not in sources
    assert sources["needs.carer_illness_per_year"] == scenario_sources("frail_elderly")["needs.carer_illness_per_year"]
    assert sources["population.n_clients"] == scenario_sources("default")["population.n_clients"]
    assert load_scenario(path).strain.recovery == 0.3


def test_builtin_sources_cite_the_seeds_or_say_assumption():
    for name in SINGLE_GROUP:
        sources = scenario_sources(name)
        own = set_fields(scenario_file_table(name))
        assert set(own) <= set(sources)
        for field in own:
            text = sources[field]
            assert "seed" in text or "assumption" in text or "single-group" in text, (name, field, text)
        # the group's own share is grounded in a seed document
        assert "seed" in sources[f"population.profiles.{name}.share"]


def test_parameter_table_shows_the_scenario_sources():
    params = load_scenario("child_complex")
    sources = scenario_sources("child_complex")
    table = parameter_table(params, sources).set_index("name")
    default_table = parameter_table().set_index("name")
    field = "population.profiles.child_complex.referrals_per_year"
    assert table.loc[field, "source"] == sources[field] != default_table.loc[field, "source"]
    assert table.loc[field, "value"] == 2.0
    # fields neither the scenario nor its base sets keep the documented source
    assert table.loc["handover.digital_complete", "source"] == default_table.loc["handover.digital_complete", "source"]
    with pytest.raises(ValueError, match="strain.recovry"):
        parameter_table(params, {"strain.recovry": "x"})


def test_run_records_the_sources(tmp_path):
    out = tmp_path / "run"
    result = invoke("run", "child_complex", "--set", "n_clients=60", "--set", "strain.recovery=0.2",
                    "--years", "0.1", "-q", "--out", str(out))
    assert result.exit_code == 0, result.output
    prov = json.loads((out / "provenance.json").read_text())
    sources = scenario_sources("child_complex")
    field = "population.profiles.child_complex.share"
    assert prov["sources"][field] == sources[field]
    assert prov["sources"]["population.n_clients"] == OVERRIDE_SOURCE
    assert prov["sources"]["strain.recovery"] == OVERRIDE_SOURCE


def test_a_scenario_name_error_is_still_raised():
    with pytest.raises(ScenarioError, match="built-in"):
        scenario_sources("no_such_scenario")


# --------------------------------------------------------------------------- docs/scenarios.md

def test_committed_scenarios_doc_is_current():
    committed = provenance.SCENARIOS_DOC_PATH.read_text(encoding="utf-8")
    assert committed == render_scenarios_markdown(), "docs/scenarios.md is stale: run `make docs`"


def test_scenarios_doc_covers_format_builtins_and_every_field():
    text = render_scenarios_markdown()
    for piece in ("TOML", "optional", "`base`", "[provenance]", "carenet check", "make docs"):
        assert piece in text, piece
    for name in builtin_scenarios():
        assert f"### `{name}`" in text
        assert load_scenario(name).description in text
        for field in set_fields(scenario_file_table(name)):
            assert f"| `{field}` |" in text, (name, field)
    # every field appears in its section's table (profiles and roles share one table each)
    sections = text.split("\n### ")
    for dotted in parameter_names():
        section, _, short = dotted.rpartition(".")
        parent = section.rpartition(".")[0]
        title = {"population.profiles": "`population.profiles.<profile>`",
                 "workforce.roles": "`workforce.roles.<role>`"}.get(parent, f"`{section}`" if section else "Scenario")
        block = next(s for s in sections if s.startswith(title))
        assert f"| `{short}` |" in block, dotted
