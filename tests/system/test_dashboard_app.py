"""The dashboard's page without a browser (solara's render testing): it loads with SolaraViz's controls, Step moves
both runs, a policy switch redraws that side, the timeline goes back in time, an event-log line outlines its people,
and bad settings show an error on the page instead of a traceback.

The page is rendered inside solara's ``AppLayout`` (as the server does), so SolaraViz's sidebar controls exist.
"""

from __future__ import annotations

import re
import warnings

import ipyvuetify as v
import pytest
import solara

from carenet.dashboard import app
from carenet.dashboard.classroom import DEFAULTS, settings


@pytest.fixture
def page():
    """The rendered page at the default settings (De Wit, none against regiebehandelaar, seed 1)."""
    settings.set(dict(DEFAULTS))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Mesa's own hook-rule warning on ComponentsView
        box, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
    yield rc
    rc.close()


def html(rc) -> list[str]:
    """The inline HTML of the page's ``solara.HTML`` elements (networks, strain chart, tables)."""
    return [w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets]


def networks(rc) -> list[str]:
    return [h for h in html(rc) if 'class="carenet-network"' in h]


def counters(rc) -> dict[str, list[str]]:
    """The differences table: measure -> cells."""
    table = next(h for h in html(rc) if "so far (client followed)" in h)
    rows = re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", table)
    return {m: re.findall(r"<td>(?:<b>)?(.*?)(?:</b>)?</td>", cells) for m, cells in rows}


def titles(rc) -> list[str]:
    return [str(w.children[0]) for w in rc.find(v.CardTitle).widgets if w.children]


def at(rc, played: int) -> bool:
    """The timeline's title says ``played`` weeks have been played."""
    return any(re.search(rf"(^|: ){played} of 26 weeks played", t) for t in titles(rc))


def step(rc, times: int = 1) -> None:
    for _ in range(times):
        rc.find(v.Btn, children=["Step"]).widget.click()


def test_the_page_loads_with_controls_networks_and_lesson(page):
    assert {"Controls", "The case", "Start: 0 of 26 weeks played"} <= set(titles(page))
    assert len(networks(page)) == 2
    assert "Meneer De Wit" in networks(page)[0] and "Mevrouw De Wit" in networks(page)[0]
    assert any("Lesson: Meneer De Wit" in str(w.children) for w in page.find(v.ExpansionPanelHeader).widgets)
    for name in ("Reset", "Step"):
        page.find(v.Btn, children=[name]).assert_single()


def test_step_moves_both_runs_and_every_panel(page):
    before = (networks(page), counters(page))
    step(page, 9)
    assert at(page, 9)
    after_nets, after_counts = networks(page), counters(page)
    assert all("9 of 26 weeks played" in n for n in after_nets) and after_nets != before[0]
    assert after_counts != before[1] and int(after_counts["failed items"][0]) > 0
    strain = next(h for h in html(page) if 'class="carenet-strain"' in h)
    assert strain.count("<polyline") == 2
    log = [str(w.children[0]) for w in page.find(v.Btn).widgets if str(w.children[:1]).startswith("['week ")]
    assert any("FAILED" in line for line in log), "the admission in week 8 loses items"


def test_switching_the_right_policy_redraws_that_side_at_the_same_week(page):
    step(page, 4)
    right = page.find(v.Select, label="policy (right)")
    right.widget.v_model = "digital_plan"
    assert at(page, 4)
    nets = networks(page)
    assert "digital_plan" in nets[1] and "4 of 26 weeks played" in nets[1] and "LEAD" not in nets[1]
    assert settings.value["compare"] == "digital_plan"


def test_the_timeline_goes_back_and_on(page):
    step(page, 10)
    at_ten = (networks(page), counters(page))
    page.find(v.Slider, label="weeks played").widget.v_model = 3
    assert at(page, 3) and all("3 of 26 weeks played" in n for n in networks(page))
    shown = " ".join(str(w.children) for w in page.find(v.Html).widgets)  # SolaraViz's Information card
    # Mesa 3.3 shows its step count, which follows the timeline; Mesa 3.5 shows its event clock, which only runs on
    assert "Step: 3" in shown or ("Time: 10.0" in shown and "Step:" not in shown)
    assert counters(page) != at_ten[1]
    page.find(v.Slider, label="weeks played").widget.v_model = 10
    assert (networks(page), counters(page)) == at_ten
    page.find(v.Btn, children=["◀ one week back"]).widget.click()
    assert at(page, 9)


def test_selecting_a_log_line_outlines_its_people(page):
    step(page, 5)
    assert 'class="person lit"' not in networks(page)[0]
    line = next(w for w in page.find(v.Btn).widgets if "strain now" in str(w.children[:1]))
    line.click()
    lit = re.findall(r'class="person lit" data-name="([^"]+)"', networks(page)[0])
    assert "Mevrouw De Wit" in lit


def test_a_bad_seed_shows_an_error_and_keeps_the_run(page):
    step(page, 2)
    page.find(v.TextField, label="seed").widget.v_model = "twelve"
    page.find(v.TextField, label="seed").widget.fire_event("keyup.enter")
    errors = [str(w.children) for w in page.find(v.Alert).widgets]
    assert any("seed = 'twelve' not allowed (allowed: a whole number >= 0)" in e for e in errors)
    assert at(page, 2)


@pytest.mark.parametrize("args, named", [
    (["--case", "de_witt"], "--case = 'de_witt' not allowed"), (["--policy", "regie"], "--policy = 'regie'"),
    (["--compare", "nothing"], "--compare = 'nothing'"), (["--seed", "-2"], "--seed"), (["--port", "80"], "--port"),
])
def test_the_command_refuses_bad_options_before_serving(args, named):
    from click.testing import CliRunner

    from carenet.cli import main
    result = CliRunner().invoke(main, ["dashboard", "--no-browser", *args])
    assert result.exit_code == 2 and named in result.output and "Traceback" not in result.output
    assert "serving" not in result.output and "http://" not in result.output


def test_the_command_refuses_a_port_in_use():
    import socket

    from click.testing import CliRunner

    from carenet.cli import main
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["dashboard", "--no-browser", "--port", str(port)])
    assert result.exit_code == 2 and f"port {port} on 127.0.0.1 is in use" in result.output



def test_stopping_the_command_stops_its_server():
    """``carenet dashboard`` serves through a child process (solara): stopped with SIGTERM (as a test or a process
    manager stops it), the server goes with it and the port is free again; it was once left serving."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    command = subprocess.Popen([sys.executable, "-m", "carenet", "dashboard", "--no-browser", "--port", str(port)],
                               cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:  # serving
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                assert command.poll() is None and time.monotonic() < deadline, "the dashboard did not serve"
                time.sleep(0.5)
        command.terminate()
        command.wait(timeout=30)
        deadline = time.monotonic() + 30
        while True:  # and no longer
            try:
                urllib.request.urlopen(url, timeout=2).close()
            except OSError:
                break
            assert time.monotonic() < deadline, f"the server still answers on {url} after the command stopped"
            time.sleep(0.5)
    finally:
        if command.poll() is None:
            command.kill()

def test_selecting_a_person_outlines_them_and_shows_their_state_in_both_runs(page):
    step(page, 10)
    page.find(v.Select, label="show a person").widget.v_model = "Mevrouw De Wit"
    lit = [re.findall(r'class="person lit" data-name="([^"]+)"', n) for n in networks(page)]
    assert lit == [["Mevrouw De Wit"], ["Mevrouw De Wit"]]
    states = [h for h in html(page) if h.startswith("[none]") or h.startswith("[regiebehandelaar]")]
    assert len(states) == 2 and all("strain" in s and "h care" in s for s in states)


def test_reset_starts_again_at_week_0_with_the_settings_chosen(page):
    """SolaraViz's Reset re-creates the model from its class (Mesa 3.5 would hand a model argument named
    'scenario' its own Scenario object: the Classroom has none) and keeps what the class chose on the page."""
    page.find(v.Select, label="policy (right)").widget.v_model = "stepped"
    step(page, 3)
    page.find(v.Btn, children=["Reset"]).widget.click()
    assert "Start: 0 of 26 weeks played" in titles(page)
    nets = networks(page)
    assert "stepped" in nets[1] and "Start: 0 of 26 weeks played" in nets[1]
