"""Tests of the parameter provenance table and docs/parameters.md (sim/provenance.py).

The table must have one row per leaf parameter of ScenarioParams (found here by
an independent walk), numeric parameters must carry a unit, bounds, range and
source, and the committed docs/parameters.md must equal what the code renders.
"""

from __future__ import annotations

from click.testing import CliRunner
from pydantic import BaseModel

from sim import outcomes, provenance
from carenet.cli import main
from sim.parameters import ScenarioParams
from sim.provenance import parameter_table, ranges_for_sensitivity, render_markdown
from sim.scenario import load_scenario


def leaf_names(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Dotted names of every leaf field, from the pydantic field annotations."""
    names = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            names += leaf_names(info.annotation, dotted + ".")
        else:
            names.append(dotted)
    return names


def test_one_row_per_leaf_parameter():
    table = parameter_table()
    expected = leaf_names(ScenarioParams)
    assert list(table["name"]) == expected
    assert table["name"].is_unique
    for name in ("population.profiles.frail_elderly.need_support", "population.profiles.multi_problem.share",
                 "workforce.roles.gp.tariff", "handover.paper_complete", "policies.integral_pgb.holders",
                 "policies.stepped", "arranging.wmo_weeks"):
        assert name in expected


def test_numeric_parameters_carry_full_metadata():
    table = parameter_table()
    numeric = table[table["type"].isin(["int", "float"])]
    assert len(numeric) > 200
    for row in numeric.itertuples(index=False):
        assert row.unit, row.name
        assert row.source, row.name
        assert row.description, row.name
        assert row.calibrate in (True, False), row.name
        lo, hi = row.bounds
        rlo, rhi = row.range
        assert lo <= rlo <= rhi <= hi, row.name
        assert lo <= row.value <= hi, row.name
    assert table["description"].map(bool).all()
    # the calibration targets named in sim/parameters.py are flagged
    flagged = set(table.loc[table["calibrate"] == True, "name"])  # noqa: E712
    assert {"handover.paper_complete", "workforce.systems_connected", "strain.fairly_heavy"} <= flagged


def test_choice_fields_show_allowed_values():
    row = parameter_table().set_index("name").loc["population.profiles.child_complex.mental_law"]
    assert row["value"] == "jeugdwet"
    assert row["bounds"] == ("zvw", "jeugdwet", "wlz")


def test_values_follow_the_given_scenario():
    params = load_scenario("default", **{"handover.paper_complete": 0.7, "n_clients": 321})
    table = parameter_table(params).set_index("name")["value"]
    assert table["handover.paper_complete"] == 0.7
    assert table["population.n_clients"] == 321
    assert table["population.profiles.frail_elderly.share"] == params.population.profiles.frail_elderly.share
    assert "| `paper_complete` | 0.7 |" in render_markdown(params)


def test_ranges_for_sensitivity():
    ranges = ranges_for_sensitivity()
    table = parameter_table().set_index("name")
    assert ranges["handover.paper_complete"] == (0.5, 0.75)
    assert "population.profiles.frail_elderly.need_support" in ranges
    for name in ("population.n_clients", "years", "population.profiles.frail_elderly.share",
                 "policies.integral_pgb.holders", "arranging.wmo_weeks"):
        assert name not in ranges
    for name, (lo, hi) in ranges.items():
        assert table.loc[name, "type"] in ("int", "float")
        blo, bhi = table.loc[name, "bounds"]
        assert blo <= lo < hi <= bhi, name


def test_committed_docs_are_current():
    committed = provenance.DOC_PATH.read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/parameters.md is stale: run `make docs`"


def test_markdown_has_a_section_per_model_and_a_row_per_parameter():
    text = render_markdown()
    assert "generated from `sim/parameters.py`" in text and "make docs" in text
    for section in ("`population.profiles.frail_elderly`", "`workforce.roles.gp`", "`handover`",
                    "`policies.integral_pgb`"):
        assert f"## {section}" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(leaf_names(ScenarioParams))


def test_params_command_writes_the_pages(tmp_path, monkeypatch):
    target = tmp_path / "docs" / "parameters.md"
    scenarios = tmp_path / "docs" / "scenarios.md"
    monkeypatch.setattr(provenance, "DOC_PATH", target)
    monkeypatch.setattr(provenance, "SCENARIOS_DOC_PATH", scenarios)
    monkeypatch.setattr(outcomes, "OUTCOMES_DOC_PATH", tmp_path / "docs" / "outcomes.md")  # not the repository's
    result = CliRunner().invoke(main, ["params"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == render_markdown()
    assert scenarios.read_text(encoding="utf-8") == provenance.render_scenarios_markdown()
    assert "scenarios.md" in result.output
