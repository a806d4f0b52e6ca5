"""Scenario validation: every mistake is refused before any simulation, with a message naming the file, the
dotted field, the value given and what is allowed."""

from __future__ import annotations

import pytest

import sim.model
from sim import CareNetworkModel, ScenarioError, load_scenario
from sim.parameters import ScenarioParams
from sim.scenario import builtin_scenarios, validate


def write(tmp_path, text: str, name: str = "scenario.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def refused(path_or_name, *parts: str, **overrides) -> str:
    """Load and expect a ScenarioError whose message contains every one of ``parts``; return the message."""
    with pytest.raises(ScenarioError) as err:
        load_scenario(path_or_name, **overrides)
    msg = str(err.value)
    for part in parts:
        assert part in msg, f"{part!r} missing from:\n{msg}"
    return msg


def test_builtin_scenarios_validate():
    assert "default" in builtin_scenarios()
    for name in builtin_scenarios():
        assert isinstance(load_scenario(name), ScenarioParams)


def test_unknown_key_names_the_field_and_lists_the_known_ones(tmp_path):
    path = write(tmp_path, "[strain]\nrecovry = 0.2\n")
    msg = refused(path, str(path), "strain.recovry", "0.2", "known fields", "recovery", "burnout_weeks")
    assert "did you mean 'recovery'" in msg


def test_unknown_section_and_top_level_key(tmp_path):
    refused(write(tmp_path, "[strian]\nrecovery = 0.2\n"), "strian", "known fields", "strain")
    refused(write(tmp_path, "yeras = 3\n", "top.toml"), "yeras", "= 3", "known fields", "years")


@pytest.mark.parametrize("text, field, shown", [
    ('[strain]\nrecovery = "0.2"\n', "strain.recovery", "'0.2'"),                     # string for a float
    ("[strain]\nburnout_weeks = 8.5\n", "strain.burnout_weeks", "8.5"),                # fraction for an int
    ("[policies.regiebehandelaar]\nmandate_wmo = 1\n", "policies.regiebehandelaar.mandate_wmo", "= 1"),  # int for bool
    ("[strain]\nrecovery = true\n", "strain.recovery", "True"),                       # bool for a float
    ("[population]\nn_clients = 100.5\n", "population.n_clients", "100.5"),           # fraction for an int
], ids=["str-for-float", "fraction-for-int", "int-for-bool", "bool-for-float", "fraction-for-n_clients"])
def test_wrong_types_are_refused(tmp_path, text, field, shown):
    path = write(tmp_path, text)
    refused(path, str(path), field, shown)


def test_an_integral_float_for_an_integer_field_is_the_integer(tmp_path):
    """``8.0`` (as SALib or EMA Workbench give numbers) is taken as 8 for an integer field; 8.5 is refused above."""
    params = load_scenario(write(tmp_path, "[strain]\nburnout_weeks = 8.0\n[population]\nn_clients = 100.0\n"))
    assert params.strain.burnout_weeks == 8 and type(params.strain.burnout_weeks) is int
    assert params.population.n_clients == 100 and type(params.population.n_clients) is int


@pytest.mark.parametrize("text, field, shown, bounds", [
    ("[strain]\nrecovery = 1.5\n", "strain.recovery", "1.5", "0 to 1"),
    ("[population]\nn_clients = 0\n", "population.n_clients", "0", "1 to 2000000"),
    ("[handover]\npaper_complete = -0.1\n", "handover.paper_complete", "-0.1", "0 to 1"),
    ("[workforce.roles.gp]\ncapacity_hours = 61.0\n", "workforce.roles.gp.capacity_hours", "61.0", "0 to 60"),
    ("[complaints]\nwkkgz_deadline = 0\n", "complaints.wkkgz_deadline", "0", "1 to 52"),
])
def test_out_of_range_values_show_the_bounds(tmp_path, text, field, shown, bounds):
    path = write(tmp_path, text)
    refused(path, str(path), field, shown, f"allowed: {bounds}")


def test_profile_shares_must_sum_to_one(tmp_path):
    path = write(tmp_path, "[population.profiles.frail_elderly]\nshare = 0.9\n")
    refused(path, str(path), "population.profiles", "add up to 1", "got 1.45")


def test_strain_thresholds_must_increase(tmp_path):
    path = write(tmp_path, "[strain]\nvery_heavy = 7.5\n")
    refused(path, str(path), "strain", "fairly_heavy < very_heavy < overburdened", "7.5")


@pytest.mark.parametrize("field, law", [("nursing_law", "wmo"), ("support_law", "zvw"), ("mental_law", "wmo")])
def test_law_not_allowed_for_its_domain(tmp_path, field, law):
    path = write(tmp_path, f'[population.profiles.chronic_ggz]\n{field} = "{law}"\n')
    refused(path, str(path), f"population.profiles.chronic_ggz.{field}", repr(law))


def test_indication_range_must_be_ordered(tmp_path):
    path = write(tmp_path, "[arranging]\nwmo_weeks = [6, 2]\n")
    refused(path, str(path), "arranging.wmo_weeks", "[6, 2]", "min <= max")


def test_unknown_base_scenario(tmp_path):
    path = write(tmp_path, 'base = "nonexistent"\n')
    refused(path, str(path), "base", "'nonexistent'", "unknown scenario", "default")


def test_base_cycles_are_refused(tmp_path):
    write(tmp_path, 'base = "b.toml"\n', "a.toml")
    write(tmp_path, 'base = "a.toml"\n', "b.toml")
    refused(tmp_path / "a.toml", "a.toml", "base", "cycle")
    refused(write(tmp_path, 'base = "self.toml"\n', "self.toml"), "self.toml", "cycle")


def test_base_composition_overrides_a_field(tmp_path):
    path = write(tmp_path, 'base = "default"\n[strain]\nrecovery = 0.3\n', "child.toml")
    params = load_scenario(path)
    assert params.strain.recovery == 0.3
    assert params.population.n_clients == load_scenario("default").population.n_clients
    assert params.name == "child"


def test_missing_file_bad_toml_and_unknown_name(tmp_path):
    refused(tmp_path / "missing.toml", "missing.toml", "no such scenario file")
    refused(write(tmp_path, "[strain\nrecovery = 0.3\n", "bad.toml"), "bad.toml", "not valid TOML")
    refused("nosuch", "'nosuch'", "built-in", "default")


def test_partial_override_keeps_the_other_documented_defaults(tmp_path):
    """'Every key is optional: what is not given keeps the default' (sim.scenario). Overriding one field of a
    role or a profile must keep that role's or profile's other documented defaults (the GP's 80 clients per
    post, the frail elderly's 45% share and 10 hours of support need), not reset them to the generic
    RoleParams/ProfileParams defaults."""
    base = load_scenario("default")
    gp = load_scenario("default", workforce__roles__gp__tariff=120.0).workforce.roles.gp
    assert gp.tariff == 120.0
    assert gp.model_dump(exclude={"tariff"}) == base.workforce.roles.gp.model_dump(exclude={"tariff"})

    # a file without a base starts from the documented defaults (not the calibrated default scenario)
    path = write(tmp_path, "[population.profiles.frail_elderly]\nacute_events_per_year = 0.5\n")
    frail = load_scenario(path).population.profiles.frail_elderly
    assert frail.acute_events_per_year == 0.5
    assert frail.model_dump(exclude={"acute_events_per_year"}) == \
        ScenarioParams().population.profiles.frail_elderly.model_dump(exclude={"acute_events_per_year"})


def test_unknown_override_names_are_refused():
    refused("default", "strain.recovry", "known fields", "recovery", strain__recovry=0.2)
    refused("default", "bogus", "known fields", bogus=1)
    with pytest.raises(ScenarioError, match="strain.recovry"):
        CareNetworkModel(n_clients=20, years=0.1, strain__recovry=0.2)
    with pytest.raises(ScenarioError, match="strain.recovery"):
        CareNetworkModel(scenario=load_scenario("default"), n_clients=20, years=0.1, strain__recovery=2.0)


def test_override_values_are_validated_like_file_values():
    msg = refused("default", "(with overrides)", "strain.recovery", "1.5", "0 to 1", strain__recovery=1.5)
    assert "default.toml" in msg


def test_validate_names_its_origin():
    with pytest.raises(ScenarioError) as err:
        validate({"strain": {"recovery": 2.0}}, "my-dict")
    assert "my-dict" in str(err.value) and "strain.recovery" in str(err.value)


@pytest.mark.parametrize("years", [0, -1, 1000, "2", float("nan"), True], ids=repr)
def test_bad_years_raise_before_any_simulation(monkeypatch, years):
    """Bad ``years`` are refused in the constructor before a network is synthesized or a step is run."""
    def boom(*args, **kwargs):  # pragma: no cover - must not be reached
        raise AssertionError("a network was synthesized before years were validated")
    monkeypatch.setattr(sim.model, "synthesize", boom)
    with pytest.raises(ScenarioError) as err:
        CareNetworkModel(n_clients=20, years=years)
    assert "years" in str(err.value) and repr(years) in str(err.value)
