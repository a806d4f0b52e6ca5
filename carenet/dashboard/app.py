"""The teaching dashboard's page: Mesa's SolaraViz (step, play, pause, reset, speed) around a :class:`Classroom`,
with carenet's own panels in the main area.

``solara run carenet.dashboard.app`` serves :func:`Page` (``carenet dashboard`` does that, offline). SolaraViz
gives the app bar and the sidebar's controls; its components view is left empty and :func:`ClassroomView` draws
the main area, re-drawn whenever SolaraViz steps (it reads Mesa's ``update_counter``). The case, policies, seed and
client are chosen in the main area and act at once: a new case starts at week 0, a new policy or seed replays to
the week shown. The panels: the timeline and the live differences, the two networks with whom each policy's
building blocks reach, a person's state (selected: outlined in both networks), the carers' strain, unmet need by
domain, complaints and their trail across desks, the event log (selecting a line outlines the people it names),
and the lesson.
"""

from __future__ import annotations

import html
import os

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # no telemetry, before solara is imported

import solara  # noqa: E402
from mesa.visualization import SolaraViz  # noqa: E402
from mesa.visualization.utils import force_update, update_counter  # noqa: E402

from carenet.dashboard.classroom import (NO_COMPARE, Classroom, involved, log_lines, settings,  # noqa: E402
                                         strain_chart)
from carenet.dashboard.network_view import network_svg, person_state  # noqa: E402
from carenet.dashboard.replay import Replay, ReplayError, cases, is_vignette  # noqa: E402
from sim.policies import POLICY_NAMES  # noqa: E402
from sim.vignette import policy_reach  # noqa: E402

#: The page's title in the app bar.
TITLE = "carenet classroom"
CSS = """
.carenet-log .v-btn { text-transform: none; white-space: normal; justify-content: flex-start; height: auto !important;
  min-height: 24px; text-align: left; letter-spacing: normal; font-weight: normal; padding: 2px 6px; }
.carenet-log .v-btn__content { white-space: pre-line; flex: 1 1 auto; }
.carenet-counters td, .carenet-counters th { padding: 2px 10px; text-align: right; }
.carenet-counters td:first-child, .carenet-counters th:first-child { text-align: left; }
"""


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return "–" if value != value else f"{value:.1f}"


def _diff(value) -> str:
    """A difference with its sign; none shown as 0 (no '-0.0')."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:+d}" if value else "0"
    return "0.0" if abs(value) < 0.05 else f"{value:+.1f}"


@solara.component
def Settings(classroom: Classroom, replace, tick: int):
    """Case, policies, seed and client: act at once (``replace`` installs a new model); ``tick`` changes with
    every redraw, so the component is drawn again."""
    error = solara.use_reactive("")
    names = cases()

    def apply(**change):
        s = {**settings.value, **change}
        try:
            model = Classroom(**s)
        except ReplayError as exc:
            error.set(str(exc))
            return
        if model.case == classroom.case:  # same case: replay to the week shown
            model.go_to(classroom.week)
        error.set("")
        settings.set(s)
        replace(model)

    with solara.Card("The case", margin=0):
        with solara.Row(style={"flex-wrap": "wrap", "gap": "12px"}):
            solara.Select("case", value=classroom.case, values=list(names),
                          on_value=lambda v: apply(case=v, client=0), style={"min-width": "14em"})
            solara.Select("policy (left)", value=classroom.policy, values=list(POLICY_NAMES),
                          on_value=lambda v: apply(policy=v))
            solara.Select("compare with (right)", value=classroom.compare, values=[NO_COMPARE, *POLICY_NAMES],
                          on_value=lambda v: apply(compare=v))
            solara.InputText("seed", value=str(classroom.seed_value), on_value=lambda v: apply(seed=v),
                             continuous_update=False)
            if is_vignette(classroom.case) and len(classroom.left.names["client"]) > 1:
                clients = classroom.left.names["client"]
                solara.Select("client followed", value=clients[classroom.client], values=list(clients.values()),
                              on_value=lambda v: apply(client=[k for k, n in clients.items() if n == v][0]))
        solara.Markdown(f"**{names[classroom.case]}** · seed {classroom.seed_value} · the same seed under both "
                        "policies (common random numbers)")
        if error.value:
            solara.Error(error.value)


def Timeline(classroom: Classroom, redraw):
    """The week shown: a slider over the whole run (back in time and on), one week back, and the differences."""
    def go(week):
        classroom.go_to(int(week))
        redraw()

    with solara.Card(classroom.left.played, margin=0):
        with solara.Row():
            solara.Button("◀ one week back", on_click=lambda: go(classroom.week - 1), disabled=classroom.week == 0,
                          outlined=True)
            with solara.Column(style={"min-width": "24em", "flex": "1 1 auto"}):
                solara.SliderInt("weeks played", value=classroom.week, min=0, max=classroom.n_weeks, on_value=go,
                                 thumb_label="always")
        rows = classroom.counters()
        head = (f"<tr><th>so far (client followed)</th><th>{classroom.policy}</th>"
                + (f"<th>{classroom.compare}</th><th>difference</th>" if classroom.right else "") + "</tr>")
        body = "".join(f"<tr><td>{r['measure']}</td><td>{_fmt(r['left'])}</td>"
                       + (f"<td>{_fmt(r['right'])}</td><td><b>{_diff(r['difference'])}</b></td>"
                          if classroom.right else "") + "</tr>" for r in rows)
        solara.HTML(tag="table", unsafe_innerHTML=head + body, classes=["carenet-counters"])


def NetworkPanel(run: Replay, side: str, classroom: Classroom, highlight, redraw):
    """One run's network, its policy (switchable here) and whom the policy's blocks reach."""
    def switch(policy):
        classroom.switch(side, policy)
        settings.set({**settings.value, ("policy" if side == "left" else "compare"): policy})
        redraw()

    with solara.Card(margin=0, style={"min-width": "420px", "flex": "1 1 0"}):
        solara.Select(f"policy ({side})", value=run.policy, values=list(POLICY_NAMES), on_value=switch)
        solara.HTML(tag="div", unsafe_innerHTML=network_svg(run, highlight, f"care network under {run.policy}"))
        rows = reach_rows(run)
        if rows:
            solara.Markdown("\n".join(f"- {'✔' if r['applies'] else '✘'} {r['text']}" for r in rows))
        else:
            solara.Markdown(f"*{run.policy}: no building blocks; the network is as the case sets it up.*")


def reach_rows(run: Replay) -> list[dict]:
    """Whom the policy's blocks reach for the followed client at the week shown (the start, updated by the
    changes up to then); population runs: now."""
    model = run.model
    if not hasattr(model, "reach_start"):
        return policy_reach(model, run.focus) if model.world.blocks else []
    rows = {r["block"]: r for r in model.reach_start if r["client"] == run.focus}
    for change in model.reach_changes:
        if change["client"] == run.focus and change["week"] < run.cursor:
            rows[change["block"]] = change
    return list(rows.values())


def PersonPanel(classroom: Classroom, highlight, set_highlight):
    """Select a person: they are outlined in both networks and their state in each run is shown."""
    names = classroom.left.person_names()
    chosen = next(iter(highlight)) if len(highlight) == 1 else None
    with solara.Card("A person's state", margin=0):
        solara.Select("show a person", value=chosen if chosen in names else None, values=names,
                      on_value=lambda v: set_highlight(frozenset([v]) if v else frozenset()))
        if chosen:
            with solara.Row(gap="10px", style={"flex-wrap": "wrap"}):
                for run in classroom.runs:
                    state = html.escape(f"[{run.policy}]\n" + person_state(run, chosen))
                    solara.HTML(tag="pre", unsafe_innerHTML=state,
                                style="white-space: pre-wrap; font-size: 13px; flex: 1 1 0; margin: 0")


def StrainPanel(classroom: Classroom):
    with solara.Card("The carer's strain (solid: left, dashed: right)", margin=0, style={"flex": "2 1 0"}):
        solara.HTML(tag="div", unsafe_innerHTML=strain_chart(classroom))


def UnmetPanel(classroom: Classroom):
    with solara.Card("Unmet need this week (h/week, by domain)", margin=0, style={"flex": "1 1 0"}):
        domains = sorted({d for run in classroom.runs for d in run.unmet_by_domain()})
        head = "<tr><th>domain</th>" + "".join(f"<th>{run.policy}</th>" for run in classroom.runs) + "</tr>"
        body = "".join("<tr><td>" + d + "</td>" + "".join(f"<td>{run.unmet_by_domain().get(d, 0.0):.1f}</td>"
                                                          for run in classroom.runs) + "</tr>" for d in domains)
        solara.HTML(tag="table", unsafe_innerHTML=head + body, classes=["carenet-counters"])


def ComplaintsPanel(run: Replay):
    with solara.Card(f"Complaints ({run.policy})", margin=0, style={"flex": "1 1 0"}):
        items = run.complaints()
        if not items:
            solara.Text("No complaint so far.")
        for c in items:
            state = f"open, now at {c['desk']}" if c["open"] else "closed"
            trail = " → ".join(f"wk {w}: {t}" for w, t in c["trail"])
            solara.Markdown(f"**Complaint {c['id']}** ({state}): {trail}")


def LogPanel(run: Replay, highlight, set_highlight):
    """The latest weeks of the event log; selecting a line outlines the people it names in both networks."""
    names = run.person_names()
    with solara.Card(f"What happened ({run.policy}), latest {min(run.cursor, 6)} weeks", margin=0,
                     style={"flex": "1 1 0"}, classes=["carenet-log"]):
        lines = log_lines(run)
        if not lines:
            solara.Text("Nothing yet: press Step or ▶.")
        for week, line in lines[-12:]:
            who = frozenset(involved(line, names))
            solara.Button(f"week {week}: " + line.replace("\n      ", "\n    • "), text=True, small=True,
                          color="primary" if who and who == highlight else None,
                          on_click=lambda who=who: set_highlight(frozenset() if who == highlight else who))


def LessonPanel(classroom: Classroom):
    lesson = classroom.lesson()
    with solara.Details(f"Lesson: {lesson['title']}", expand=classroom.week == 0):
        solara.Markdown(f"**What happens.** {lesson['story']}")
        if lesson["notice"]:
            solara.Markdown("**Things to notice.**\n\n" + "\n".join(f"- {t}" for t in lesson["notice"]))
        if lesson["try"]:
            solara.Markdown("**Things to try.**\n\n" + "\n".join(f"- {t}" for t in lesson["try"]))


@solara.component
def ClassroomView(model: solara.Reactive):
    """The main area (see the module docstring)."""
    update_counter.get()  # re-drawn whenever SolaraViz steps or resets
    version, set_version = solara.use_state(0)
    highlight, set_highlight = solara.use_state(frozenset())
    classroom: Classroom = model.value

    def redraw():
        set_version(version + 1)
        force_update()

    def replace(new: Classroom):
        model.set(new)
        set_highlight(frozenset())
        force_update()

    solara.Style(CSS)
    with solara.Column(gap="10px", style={"padding": "8px"}):
        LessonPanel(classroom)
        Settings(classroom, replace, update_counter.value * 1000 + version)
        Timeline(classroom, redraw)
        with solara.Row(gap="10px", style={"flex-wrap": "wrap"}):
            NetworkPanel(classroom.left, "left", classroom, highlight, redraw)
            if classroom.right is not None:
                NetworkPanel(classroom.right, "right", classroom, highlight, redraw)
        PersonPanel(classroom, highlight, set_highlight)
        with solara.Row(gap="10px", style={"flex-wrap": "wrap"}):
            StrainPanel(classroom)
            UnmetPanel(classroom)
        with solara.Row(gap="10px", style={"flex-wrap": "wrap"}):
            for run in classroom.runs:
                ComplaintsPanel(run)
        with solara.Row(gap="10px", style={"flex-wrap": "wrap"}):
            for run in classroom.runs:
                LogPanel(run, highlight, set_highlight)


@solara.component
def Page():
    """The app: SolaraViz's controls around the classroom (the model lives in a reactive both share)."""
    first = solara.use_memo(Classroom, [])
    model = solara.use_reactive(first)
    SolaraViz(model, components=[], name=TITLE, play_interval=400)
    ClassroomView(model)
