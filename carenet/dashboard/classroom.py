"""The dashboard's model: :class:`Classroom`, the same case and seed under two policies, stepping together, and
what its panels show, as plain data (no browser needed, so the tests and the frame benchmark read the same).

A :class:`Classroom` is a Mesa model (what SolaraViz steps, plays and resets): its ``left`` and ``right`` are
:class:`~carenet.dashboard.replay.Replay` s of the case under ``policy`` and ``compare`` with one seed; ``right`` is
None when there is nothing to compare with (:data:`NO_COMPARE`). :meth:`Classroom.go_to` moves both to a past (or
later) week; :meth:`Classroom.switch` changes one side's policy and replays it to the week shown.

Its settings come from its arguments, else from the last settings chosen in this browser session
(:data:`settings`), so SolaraViz's Reset keeps them.
"""

from __future__ import annotations

import json
import math
import os
import re

import mesa
import solara

from carenet.dashboard.replay import Replay, ReplayError, cases, check_choice, is_vignette
from carenet.dashboard.strain_chart import strain_svg
from sim.policies import POLICY_NAMES

#: The ``compare`` setting that shows one run only.
NO_COMPARE = "(nothing)"
#: The environment variable with the settings a class starts with (JSON; ``carenet dashboard`` sets it).
SETTINGS_ENV = "CARENET_CLASSROOM"
#: The settings a class starts with: Meneer De Wit, nobody leading against a regiebehandelaar (or those of
#: :data:`SETTINGS_ENV`).
DEFAULTS = {"case": "de_wit", "policy": "none", "compare": "regiebehandelaar", "seed": 1, "client": 0,
            **json.loads(os.environ.get(SETTINGS_ENV) or "{}")}
#: The settings last chosen in this browser session (one per session).
settings = solara.reactive(dict(DEFAULTS))
#: How many weeks of the event log the panel shows (the latest).
LOG_WEEKS = 6


class Classroom(mesa.Model):
    """One case and seed under ``policy`` (left) and ``compare`` (right), stepping together.

    Args:
        case: a vignette (``de_wit``) or a population scenario (``default``), see
            :func:`~carenet.dashboard.replay.cases`.
        policy, compare: policies (``compare`` may be :data:`NO_COMPARE`).
        seed: the runs' seed (whole number >= 0).
        client: which of the vignette's clients the class follows (index; population scenarios choose one).
    Bad settings raise :class:`~carenet.dashboard.replay.ReplayError` naming the field, the value and what is
    allowed."""

    def __init__(self, case: str | None = None, policy: str | None = None, compare: str | None = None,
                 seed: int | str | None = None, client: int | None = None):
        super().__init__()
        chosen = {k: v for k, v in dict(case=case, policy=policy, compare=compare, seed=seed, client=client).items()
                  if v is not None}
        s = {**DEFAULTS, **settings.value, **chosen}
        check_choice("case", s["case"], list(cases()))
        check_choice("compare", s["compare"], [NO_COMPARE, *POLICY_NAMES])
        self.case, self.policy, self.compare = s["case"], s["policy"], s["compare"]
        self.seed_value = parse_seed(s["seed"])
        self.client = int(s["client"]) if is_vignette(self.case) else None
        self.left = Replay(self.case, self.policy, self.seed_value, focus=self.client)
        self.right = (Replay(self.case, self.compare, self.seed_value, focus=self.client)
                      if self.compare != NO_COMPARE else None)
        self.running = True

    @property
    def runs(self) -> list[Replay]:
        return [r for r in (self.left, self.right) if r is not None]

    @property
    def week(self) -> int:
        return self.left.cursor

    @property
    def n_weeks(self) -> int:
        return self.left.n_weeks

    def step(self) -> None:
        """One week on in both runs."""
        for run in self.runs:
            run.step()
        self.running = not self.left.finished

    def go_to(self, week: int) -> None:
        """Both runs to ``week`` (back in time, or on)."""
        for run in self.runs:
            run.go_to(week)
        self.running = not self.left.finished
        # Mesa 3.3 counts steps (SolaraViz shows them): it follows the timeline. Mesa 3.5 keeps an event clock
        # instead (model.time, shown as "Time"), which must only move forward: setting it would make the next
        # step replay every step event up to it, so it is left alone.
        self.steps = self.week

    def switch(self, side: str, policy: str) -> None:
        """Run ``side`` (``"left"`` or ``"right"``) under ``policy`` instead, replayed to the week shown."""
        check_choice("side", side, ["left", "right"])
        if side == "right" and policy == NO_COMPARE:
            self.right, self.compare = None, NO_COMPARE
            return
        check_choice("policy", policy, POLICY_NAMES)
        run = Replay(self.case, policy, self.seed_value, focus=self.client)
        run.go_to(self.week)
        setattr(self, side, run)
        if side == "left":
            self.policy = policy
        else:
            self.compare = policy

    # ------------------------------------------------------------------ what the panels show
    def counters(self) -> list[dict]:
        """Rows ``measure``, ``left``, ``right``, ``difference`` (right - left; None without a right run)."""
        a = self.left.counters()
        b = self.right.counters() if self.right else {}
        rows = []
        for k, v in a.items():
            w = b.get(k)
            rows.append({"measure": k, "left": v, "right": w,
                         "difference": None if w is None or _nan(v) or _nan(w) else w - v})
        return rows

    def lesson(self) -> dict:
        """The vignette's lesson: ``title``, ``story``, ``notice`` and ``try`` (lists); for a population
        scenario a short note instead."""
        if not is_vignette(self.case):
            return {"title": cases()[self.case], "story": "A client drawn from a synthetic municipality: the first "
                    "client at the start with a carer and at least three professionals.", "notice": [], "try": []}
        v = self.left.model.vignette
        return {"title": v.title, "story": " ".join(v.story.split()), "notice": list(v.notice),
                "try": list(v.try_this)}


def parse_seed(value) -> int:
    """A seed from a number or its text; :class:`ReplayError` otherwise."""
    if isinstance(value, bool):
        raise ReplayError(f"seed = {value!r} not allowed (allowed: a whole number >= 0)")
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ReplayError(f"seed = {value!r} not allowed (allowed: a whole number >= 0)")


def _nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def involved(line: str, names: list[str]) -> set[str]:
    """The people a story line names (longest names first, so 'Mevrouw De Wit' is not also 'De Wit')."""
    found, rest = set(), line
    for name in sorted(names, key=len, reverse=True):
        if name and re.search(re.escape(name), rest):
            found.add(name)
            rest = rest.replace(name, " ")
    return found


def log_lines(run: Replay, weeks: int = LOG_WEEKS) -> list[tuple[int, str]]:
    """The latest ``weeks`` weeks of the readable event log, newest last."""
    lines = run.story()
    first = run.cursor - weeks
    return [(w, line) for w, line in lines if w >= first]


def strain_chart(classroom: Classroom) -> str:
    """The carers' strain in both runs as SVG (:func:`~carenet.dashboard.strain_chart.strain_svg`)."""
    series = [(f"{name} ({run.policy})", style, values)
              for run, style in ((classroom.left, "solid"), (classroom.right, "dashed")) if run is not None
              for name, values in run.strain_series().items()]
    return strain_svg(series, classroom.left.strain_thresholds(), classroom.n_weeks, classroom.week)
