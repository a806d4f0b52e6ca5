"""The README's short tour works on a fresh clone (issue 9).

The ``carenet ...`` lines of the tour (the shell blocks between the tour's heading and the next heading) are read
from README.md. For each: the subcommand exists and its ``--help`` works, every option named exists, every scenario
or vignette named is a built-in one or a file in the repository, every file path named (in the command or its
comment) exists, and the line says how long it takes (``~40 s``, ``~2 min``). The cheap read-only commands are run.
Writing commands (``run``, ``compare``, ``params``, ``calibrate``, ...) are not run here. A few seconds in all.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from carenet.cli import main
from sim.scenario import builtin_scenarios
from sim.vignette import vignette_names

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
TOUR_HEADING = "## A short tour"
#: Tour commands that only read, and are cheap: these are run.
RUN_HERE = ("scenarios", "check", "vignette --list")
#: Commands whose positional arguments are scenarios (built-in names or .toml files).
SCENARIO_ARGS = ("run", "check", "compare", "sweep", "sensitivity", "calibrate")


def tour_commands(text: str) -> list[tuple[str, str]]:
    """``(command, comment)`` for every ``carenet`` line of the tour's shell blocks (continuations joined)."""
    start = text.index(TOUR_HEADING)
    following = re.search(r"^## ", text[start + len(TOUR_HEADING):], flags=re.MULTILINE)
    section = text[start:start + len(TOUR_HEADING) + following.start()] if following else text[start:]
    lines = []
    for block in re.findall(r"^```(?:sh|bash|console)\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL):
        joined = re.sub(r"\\\n\s*", " ", block)
        lines += [line.strip() for line in joined.splitlines()]
    out = []
    for line in lines:
        command, _, comment = line.partition(" #")
        command = command.strip()
        if re.match(r"^(\S*/)?carenet\s", command):
            out.append((command, comment.strip()))
    return out


COMMANDS = tour_commands(README.read_text(encoding="utf-8"))


def test_the_tour_is_found():
    names = {shlex.split(c)[1] for c, _ in COMMANDS}
    assert len(COMMANDS) >= 10 and {"scenarios", "check", "run", "compare", "vignette"} <= names


def option_names(command: click.Command) -> set[str]:
    return {name for p in command.params if isinstance(p, click.Option) for name in (*p.opts, *p.secondary_opts)}


@pytest.mark.parametrize("line, comment", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_tour_command_parses_names_existing_things_and_says_how_long(line, comment):
    args = shlex.split(line)[1:]
    name = args[0]
    command = main.get_command(click.Context(main), name)
    assert command is not None, f"no subcommand {name!r}"
    assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0
    known = option_names(command)
    for token in args[1:]:
        if token.startswith("-") and not re.match(r"^-\d", token):
            assert token.split("=")[0] in known, f"{name}: no option {token!r} (options: {sorted(known)})"
    taking_value = {p.opts[0] for p in command.params if isinstance(p, click.Option) and not p.is_flag}
    def takes(token: str) -> bool:  # an option that takes the next token as its value
        return token in taking_value
    positional = [t for i, t in enumerate(args[1:], 1) if not t.startswith("-") and not takes(args[i - 1])]
    for value in positional:
        if value.endswith(".toml"):
            assert (REPO / value).is_file(), f"{line}: no file {value}"
        elif name == "compare" and value in vignette_names():
            pass  # compare runs a teaching vignette too
        elif name in SCENARIO_ARGS:
            assert value in builtin_scenarios(), f"{line}: {value!r} is not a built-in scenario"
        elif name == "vignette":
            assert value in vignette_names(), f"{line}: {value!r} is not a built-in vignette"
    for path in re.findall(r"\b(?:docs|scenarios|examples|experiments|sim|analysis)/[\w./-]*\w", f"{line} {comment}"):
        assert (REPO / path).exists(), f"{line}: names {path}, which is not in the repository"
    assert re.search(r"~\s?\d[\d.,]*\s?(s|min)\b", comment), f"{line}: the comment does not say how long it takes"


@pytest.mark.parametrize("line", [c for c, _ in COMMANDS if " ".join(shlex.split(c)[1:]).startswith(RUN_HERE)])
def test_cheap_read_only_tour_commands_run(line, monkeypatch):
    monkeypatch.chdir(REPO)  # paths in the tour are relative to the repository root
    result = CliRunner().invoke(main, shlex.split(line)[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() and not result.stderr


def test_the_tour_checks_the_shipped_example():
    assert any(shlex.split(c)[1:] == ["check", "examples/my_scenario.toml"] for c, _ in COMMANDS)
