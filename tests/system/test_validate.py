"""``carenet validate`` end to end, at a small size (200 clients per population, 2 replicates): it writes the report
with its three tables and a status in every row and its data as JSON beside it (checked with a fixed result), prints
the summary line, exits 0 only when every check passes or is a check-only target outside its range (1 listing what
did not), refuses bad input before anything runs, and gives the same results with 1 or 2 workers.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from test_report_register import validation_result

import experiments.validation
from analysis.validation_report import data_path, render_markdown
from carenet.cli import main
from experiments.validation import TOLERANCES, ValidationSettings, run_validation

SMALL = ["--clients", "200", "--replicates", "2", "--workers", "2", "-q"]
STATUS = re.compile(r"\| (pass|\*\*(miss|fail|outside)\*\*[^|]*) \|$")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def table(text: str, title: str) -> list[str]:
    """The body rows of the Markdown table under ``## title``."""
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert len(rows) >= 3, section  # header, rule, at least one row
    return rows[2:]


def test_validate_writes_the_report_and_exits_by_the_checks(tmp_path):
    out = tmp_path / "docs" / "validation.md"
    result = invoke("validate", *SMALL, "--out", out)
    assert result.exit_code in (0, 1), (result.output, result.exception)
    text = out.read_text()
    assert text.startswith("# Validation\n")
    targets = table(text, "Calibration targets on fresh seeds")
    stationarity = table(text, "Stationarity")
    burden = table(text, "Carer burden by population")
    assert len(targets) == 10 and len(stationarity) == 5 * len(TOLERANCES) and len(burden) == 5
    for row in targets + stationarity + burden:
        assert STATUS.search(row), row
    assert "seed 7" in text and "200 clients each" in text and "10 years per run" in text
    summary = result.stdout.strip().splitlines()[0]
    assert re.fullmatch(r"\d+ of 45 checks pass \(targets \d+/10, stationarity \d+/30, burden \d+/5\).*", summary)
    assert f"**{summary}**" in text
    failing = sum("**miss**" in row or "**fail**" in row for row in targets + stationarity + burden)
    assert result.exit_code == (1 if failing else 0)
    assert result.stderr.count("not passed: ") == failing


@pytest.mark.parametrize("args, needle", [
    (["--replicates", "1"], "--replicates = 1"),
    (["--clients", "0"], "--clients = 0"),
    (["--seed", "-3"], "--seed = -3"),
    (["--workers", "0"], "--workers = 0"),
    (["--out", ""], "--out = ''"),
])
def test_bad_input_is_refused_before_anything_runs(tmp_path, args, needle):
    result = invoke("validate", "--out", tmp_path / "v.md", *args)
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.startswith("error: ") and needle in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "v.md").exists()


def test_out_must_not_be_a_folder(tmp_path):
    result = invoke("validate", "--out", tmp_path)
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_the_data_is_written_beside_the_report(tmp_path, monkeypatch):
    """validation.json beside validation.md holds the data the report was rendered from (what carenet report reads;
    the validation itself is replaced by a fixed result here)."""
    fixed = validation_result()
    monkeypatch.setattr(experiments.validation, "run_validation", lambda settings, **kwargs: fixed)
    out = tmp_path / "docs" / "validation.md"
    result = invoke("validate", "--workers", "1", "-q", "--out", out)
    assert result.exit_code == 1, (result.output, result.exception)  # the fixed result has a miss
    assert data_path(out) == tmp_path / "docs" / "validation.json"
    assert json.loads(data_path(out).read_text()) == fixed.to_dict()
    assert out.read_text() == render_markdown(fixed.to_dict())


def test_results_do_not_depend_on_the_number_of_workers():
    settings = dict(clients=60, replicates=2, seed=11, populations=("child_complex",), target_clients=100)
    one, two = (run_validation(ValidationSettings(workers=w, **settings)).to_dict() for w in (1, 2))
    for data in (one, two):
        for key in ("date", "wall_time_seconds", "workers"):
            data.pop(key)
    assert one == two
