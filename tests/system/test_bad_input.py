"""Every bad input a new user may give gets a clear error, never a traceback (issue 9).

A clear error is one ``error: ...`` line on stderr (plus detail lines where needed) that names the option or field,
the value given and what is allowed; it comes before anything runs (nothing is written) and exits with code 2,
or 1 for an experiment interrupted by a store that cannot be written (which ``--resume`` then completes).
The checks are shared: the same input gives the same message in every command.

Cheap throughout: every refusal comes before a run; the one experiment is 6 runs of 100 clients for 5 weeks.
"""

from __future__ import annotations

import errno
import gzip
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import experiments.store as store_module
from carenet.cli import main
from experiments.store import OUTCOMES_FILE
from sim.policies import POLICY_NAMES
from sim.scenario import builtin_scenarios, parse_value
from sim.vignette import vignette_path

REPO = Path(__file__).resolve().parents[2]
TINY = ["--set", "n_clients=60", "--years", "0.1"]
EXPERIMENT = ["--replicates", "3", "--years", "0.1", "--set", "n_clients=100", "--workers", "1", "-q"]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def refused(result, *needles, code: int = 2):
    """Assert a clean refusal: the exit code, an ``error:`` line on stderr holding every needle, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.stderr.startswith("error: "), result.output
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception)


def commands_reading(scenario, out: Path) -> list[list]:
    """``run``, ``check`` and ``compare`` given ``scenario``."""
    return [["run", scenario, "--out", out / "run", *TINY], ["check", scenario],
            ["compare", scenario, "--out", out / "cmp", *EXPERIMENT]]


# --------------------------------------------------------------------------- 1. a scenario file that is not text

@pytest.mark.parametrize("content, seems", [
    (gzip.compress(b'base = "default"\n'), "it looks like gzip-compressed data"),
    (bytes(range(128, 256)) * 4, "byte 0x80 at position 0 is not UTF-8"),
    (b'base = "default"\x00\x00', "it holds NUL bytes"),
])
def test_a_scenario_file_that_is_not_text(tmp_path, content, seems):
    bad = tmp_path / "scenario.toml"
    bad.write_bytes(content)
    for args in commands_reading(bad, tmp_path):
        refused(invoke(*args), str(bad), "not a scenario file: not text", seems,
                "allowed: a TOML text file in UTF-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.toml"]  # nothing written


def test_a_vignette_file_that_is_not_text(tmp_path):
    bad = tmp_path / "case.toml"
    bad.write_bytes(gzip.compress(b"[vignette]\n"))
    refused(invoke("vignette", bad), str(bad), "not a vignette file: not text", "gzip")


def test_invalid_toml_names_the_file_and_the_format(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("[strain\nrecovery = 0.2\n")
    for args in commands_reading(bad, tmp_path):
        refused(invoke(*args), str(bad), "not valid TOML", "allowed: a TOML text file")


# --------------------------------------------------------------------------- 2. a directory for a scenario file

@pytest.mark.parametrize("name", ["folder.toml", "folder"])
def test_a_directory_where_a_scenario_file_is_expected(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    for args in commands_reading(folder, tmp_path):
        refused(invoke(*args), str(folder), "is a directory, not a scenario file", "allowed: a TOML text file",
                "default")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_an_empty_scenario_name(tmp_path):
    for args in commands_reading("", tmp_path):
        refused(invoke(*args), "scenario '': no scenario given", "allowed:", "default")


# --------------------------------------------------------------------------- 3. a negative seed

@pytest.mark.parametrize("args", [
    ["run", *TINY], ["demo", *TINY], ["vignette", "gerards"], ["compare", *EXPERIMENT],
    ["sweep", "--param", "strain.recovery", *EXPERIMENT], ["sensitivity", "--method", "morris", *EXPERIMENT],
    ["calibrate"],
])
def test_a_negative_seed_is_refused_alike_everywhere(tmp_path, args):
    result = invoke(*args, "--seed", "-1", "--out", tmp_path / "out") if args[0] != "demo" else \
        invoke(*args, "--seed", "-1")
    refused(result, "--seed = -1 not allowed (allowed: an integer >= 0)")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- 4. an empty --policies

@pytest.mark.parametrize("command", [["compare"], ["sweep", "--param", "strain.recovery"],
                                     ["sensitivity", "--method", "morris"]])
@pytest.mark.parametrize("value", ["", " ", ","])
def test_an_empty_policies_list_is_refused(tmp_path, command, value):
    result = invoke(*command, "--policies", value, "--out", tmp_path / "out", *EXPERIMENT)
    refused(result, f"--policies = {value!r}: no policy given", "allowed: a comma-separated list of",
            ", ".join(POLICY_NAMES))
    assert not (tmp_path / "out").exists()


def test_one_empty_name_in_policies_is_refused(tmp_path):
    refused(invoke("compare", "--policies", "none,,stepped", "--out", tmp_path / "out", *EXPERIMENT),
            "--policies = 'none,,stepped': empty policy name", "allowed:")


# --------------------------------------------------------------------------- 5. check on a vignette

def test_check_validates_a_vignette_file_and_name():
    path = vignette_path("de_wit")
    for given in (str(path), "de_wit"):
        result = invoke("check", given)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("OK: vignette de_wit: ")
        assert "client(s)" in result.stdout and f"carenet vignette {given}" in result.stdout
        assert "Extra inputs" not in result.output


def test_check_refuses_a_broken_vignette_as_a_vignette(tmp_path):
    bad = tmp_path / "case.toml"
    bad.write_text(vignette_path("de_wit").read_text(encoding="utf-8").replace('role = "gp"', 'role = "gpp"', 1))
    result = invoke("check", bad)
    refused(result, str(bad), "gpp", "allowed:")
    assert "not permitted" not in result.stderr  # not read as a scenario with unknown fields


def test_a_vignette_given_for_a_scenario_and_a_scenario_for_a_vignette(tmp_path):
    for given in ("de_wit", str(vignette_path("de_wit"))):
        refused(invoke("run", given, "--out", tmp_path / "run"), f"{given}: is a teaching vignette, not a scenario",
                f"`carenet vignette {given}`")
    scenario = str(builtin_scenarios()["default"])
    refused(invoke("vignette", scenario), "is a scenario, not a teaching vignette", f"`carenet run {scenario}`")
    # compare runs a vignette, whose people are the file's: a population size is refused
    result = invoke("compare", vignette_path("de_wit"), "--out", tmp_path / "cmp", *EXPERIMENT)
    refused(result, "--set n_clients=100: not allowed with the vignette", "allowed: other parameters")
    result = invoke("sweep", vignette_path("de_wit"), "--param", "strain.recovery", "--out", tmp_path / "cmp",
                    *EXPERIMENT)
    refused(result, "field `client` = [{'name': 'Meneer De Wit'")  # long values are cut short
    assert max(len(line) for line in result.stderr.splitlines()) < 400  # not the whole table (over 1,000)
    assert not (tmp_path / "run").exists() and not (tmp_path / "cmp").exists()


# --------------------------------------------------------------------------- 6. a store that cannot be written

@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The small experiment run without interruption."""
    out = tmp_path_factory.mktemp("reference") / "cmp"
    result = invoke("compare", "default", "--policies", "none,stepped", "--out", out, *EXPERIMENT)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "No space left on device"),
                                          (errno.EACCES, "Permission denied"),
                                          (errno.EROFS, "Read-only file system")])
def test_a_store_that_cannot_be_written_stops_cleanly_and_resume_completes(tmp_path, monkeypatch, reference,
                                                                          code, reason):
    real = store_module.atomic_write_bytes
    written = []

    def failing_after_three_runs(path, data):
        if Path(path).name.startswith("run-"):
            if len(written) == 3:  # the disk fills up, or the folder becomes read-only
                raise OSError(code, os.strerror(code), str(Path(path).with_name(".tmp-file")))
            written.append(path)
        return real(path, data)

    out = tmp_path / "cmp"
    args = ["compare", "default", "--policies", "none,stepped", "--out", out, *EXPERIMENT]
    monkeypatch.setattr(store_module, "atomic_write_bytes", failing_after_three_runs)
    result = invoke(*args)
    refused(result, f"cannot write {out / 'runs'}{os.sep}run-", reason, f"3 of 6 runs are stored in {out}",
            "free space or fix permissions and continue with --resume", code=1)
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(list((out / "runs").glob("run-*.parquet"))) == 3 and not list(out.rglob("*.tmp"))

    monkeypatch.setattr(store_module, "atomic_write_bytes", real)
    resumed = invoke(*args, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "3 of 6 runs already stored and verified" in resumed.output
    assert (out / OUTCOMES_FILE).read_bytes() == (reference / OUTCOMES_FILE).read_bytes()


def test_an_output_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = invoke("compare", "--out", blocker / "cmp", *EXPERIMENT)
    refused(result, f"--out {blocker / 'cmp'}: cannot be made", "allowed: a folder you may write to")
    result = invoke("run", "--out", blocker / "run", *TINY)
    refused(result, f"--out {blocker / 'run'}: cannot be made", "allowed: a folder you may write to")


# --------------------------------------------------------------------------- messages in the words of a file

@pytest.mark.parametrize("setting, allowed", [
    ("policies.integral_pgb.holders=x", "'client', 'client_or_proxy' or 'client_or_carer'"),
    ("population.profiles=3", "a table with the fields frail_elderly, chronic_ggz, child_complex, multi_problem"),
    ("workforce.roles.gp=1", "a table with the fields clients_per_post, capacity_hours"),
    ("strain=3", "a table with the fields care_load"),
    ("population.profiles.chronic_ggz.nursing_law=wmo", "'zvw' or 'wlz'"),
    ("policies.digital_plan.carer_access=maybe", "true or false"),
    ("arranging.zvw_weeks=3", "a pair [min, max] of whole numbers in weeks"),
    ("arranging.zvw_weeks=[1,2,3]", "a pair [min, max] of whole numbers in weeks"),
    ("policies.stepped=x", "a list, each item 'digital_plan', 'proxy', 'regiebehandelaar' or 'integral_pgb'"),
    ('policies.stepped=["plan"]', "'digital_plan', 'proxy', 'regiebehandelaar' or 'integral_pgb'"),  # item 0
    ("name=3", "text in quotes"),
    ("population.n_clients=1.5", "1 to 2000000 in clients"),
])
def test_messages_name_what_is_allowed_never_a_type_or_class(tmp_path, setting, allowed):
    key, _, value = setting.partition("=")
    value = parse_value(value)
    if key == "policies.stepped" and isinstance(value, list):
        key, value = f"{key}[0]", value[0]  # an item of a list is named by its index
    result = invoke("run", "--set", setting, "--out", tmp_path / "run", "--years", "0.1")
    refused(result, f"field `{key}` = {value!r}: ", f"(allowed: {allowed}")
    for internal in ("Literal", "instance of", "type list", "type bool", "type str", "valid tuple", "valid dictionary",
                     "Profiles", "RoleParams", "Strain", "(scenario)"):
        assert internal not in result.stderr, (internal, result.stderr)
    assert not (tmp_path / "run").exists()


def test_a_check_across_fields_is_not_shown_as_a_field():
    result = invoke("run", "--set", "arranging.zvw_weeks=[5,2]", "--years", "0.1")
    refused(result, "arranging.zvw_weeks = [5, 2] not allowed (allowed: 0 <= min <= max <= 104)")
    assert "(scenario)" not in result.stderr


# --------------------------------------------------------------------------- other options

@pytest.mark.parametrize("args, needles", [
    (["run", "--out", ""], ["--out = '': empty", "allowed: a folder"]),
    (["vignette", "gerards", "--out", ""], ["--out = '': empty"]),
    (["compare", "--out", ""], ["--out = '': empty"]),
    (["calibrate", "--out", ""], ["--out = '': empty"]),
    (["run", "--years", "nan"], ["--years = nan not allowed", "allowed: a number of years > 0 and <= 100"]),
    (["vignette", "gerards", "--years", "0"], ["--years = 0.0 not allowed"]),
    (["run", "--policy", "regie"], ["--policy 'regie' is not known", "allowed: none, regiebehandelaar"]),
    (["vignette", "gerards", "--policy", "regie"], ["--policy 'regie' is not known"]),
    (["bench", "--clients", "0"], ["--clients = 0 not allowed", "from 1 to 2,000,000"]),
    (["bench", "--memory-clients", "0", "--clients", "10"], ["--memory-clients = 0 not allowed"]),
    (["bench", "--scaling", "--profile"], ["--scaling and --profile: not used together",
                                           "allowed: one of --scaling, --profile, --ensemble, --compare"]),
    (["bench", "--sizes", "1000"], ["--sizes: not used with the speed run (allowed: with --scaling)"]),
    (["bench", "--top", "3"], ["--top: not used with the speed run (allowed: with --profile)"]),
    (["bench", "--compare", "--clients", "10"], ["--clients: not used with --compare",
                                                 "allowed: with the speed run (no mode flag) or --profile"]),
    (["bench", "--scaling", "--sizes", "0,10"], ["--sizes = '0,10' not allowed",
                                                 "allowed: comma-separated whole numbers of clients from 1 to 2,000,000"]),
    (["bench", "--scaling", "--sizes", "1000,abc"], ["--sizes = '1000,abc' not allowed"]),
    (["bench", "--scaling", "--sizes", "1000,1000"], ["--sizes = '1000,1000' not allowed", "each once"]),
    (["bench", "--scaling", "--years", "0"], ["--years = 0.0 not allowed"]),
    (["bench", "--profile", "--top", "0"], ["--top = 0 not allowed (allowed: an integer >= 1)"]),
    (["bench", "--profile", "--clients", "0"], ["--clients = 0 not allowed"]),
    (["bench", "--ensemble", "--national-years", "2"], ["--national-years: not used without --national"]),
    (["bench", "--ensemble", "--national", "--national-years", "0"], ["--national-years = 0.0 not allowed"]),
    (["calibrate", "--clients", "-5"], ["--clients = -5 not allowed"]),
    (["calibrate", "--replicates", "0"], ["--replicates = 0 not allowed (allowed: an integer >= 1)"]),
    (["calibrate", "--validate", "1"], ["--validate = 1 not allowed (allowed: an integer >= 2)"]),
    (["calibrate", "--years", "0"], ["--years = 0.0 not allowed"]),
    (["calibrate", "--check", "--write-scenario"], ["--write-scenario: not used with --check"]),
    (["vignette", "nosuch"], ["'nosuch' is not a built-in vignette", "allowed: berends"]),
])
def test_bad_options_are_refused(args, needles):
    refused(invoke(*args), *needles)


def test_run_and_vignette_refuse_to_overwrite_an_earlier_run(tmp_path):
    for command, args in (("run", TINY), ("vignette", ["gerards"])):
        out = tmp_path / command
        first = invoke(command, *args, "--out", out)
        assert first.exit_code == 0, first.output
        before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
        again = invoke(command, *args, "--out", out, "--seed", "1")
        refused(again, f"--out {out}: already holds an earlier run", "outcomes.json", "add --overwrite")
        assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
        replaced = invoke(command, *args, "--out", out, "--seed", "1", "--overwrite")
        assert replaced.exit_code == 0, replaced.output
        assert '"seed": 1' in (out / "provenance.json").read_text()


def test_every_builtin_scenario_still_checks():
    for name in builtin_scenarios():
        result = invoke("check", name)
        assert result.exit_code == 0 and result.stdout.startswith(f"OK: {name} "), result.output


def test_a_copied_example_scenario_checks_and_names_how_to_run_it(tmp_path):
    mine = tmp_path / "mine.toml"
    shutil.copy(REPO / "examples" / "my_scenario.toml", mine)
    result = invoke("check", mine)
    assert result.exit_code == 0, result.output
    assert "with a source" in result.stdout and f"carenet run {mine}" in result.stdout
    assert "without a [provenance] entry" not in result.stdout
