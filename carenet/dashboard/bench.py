"""``carenet bench --dashboard``: the dashboard's time per frame (one Step: both runs step a week and every panel is
drawn again), printed with its aim (:data:`experiments.aims.FRAME_AIM_MS`); never asserted in a test.

Three measurements, each a median and a maximum over the frames of a whole vignette run (milliseconds):

1. **compute**: per vignette, :class:`~carenet.dashboard.classroom.Classroom` (none against regiebehandelaar, seed
   1) steps one week and everything the panels show is computed (two network SVGs, the strain chart, the
   differences, unmet need, complaints, the event log);
2. **page**: the same in solara's render (no browser) of the whole page, De Wit: Step pressed, every widget
   updated;
3. **browser**: a real browser (the system Chromium, through Playwright) against ``carenet dashboard``, De Wit:
   from the click on Step until the page shows the new week and has painted it, timed in the page
   (:data:`FRAME_JS`). Skipped with a note where no Chromium is installed.

The aim is judged on the browser's figure where it was measured, else on the page's.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Callable
from pathlib import Path

#: Chromium's flags on these machines (no sandbox as root, no GPU, no background connections).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
#: In the page: press Step, wait until the timeline's title shows the new week and the browser has painted the
#: frame after it; returns the milliseconds (the page's own clock, so the driver's overhead is not counted).
FRAME_JS = """async (week) => {
  const title = () => [...document.querySelectorAll('.v-card__title')]
    .find(e => e.textContent.includes('weeks played'));
  const step = [...document.querySelectorAll('button')].find(b => b.textContent.trim().toLowerCase() === 'step');
  const shown = () => { const t = title(); return t && t.textContent.includes(': ' + week + ' of '); };
  const start = performance.now();
  await new Promise(resolve => {
    const seen = new MutationObserver(() => { if (shown()) { seen.disconnect(); resolve(); } });
    seen.observe(document.body, {subtree: true, childList: true, characterData: true});
    step.click();
  });
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return performance.now() - start;
}"""


def _summary(ms: list[float]) -> str:
    return f"median {statistics.median(ms):6.1f} ms, max {max(ms):6.1f} ms over {len(ms)} frames"


def draw_all(room) -> int:
    """Everything the panels show, computed once (returns the characters drawn, so nothing is optimised away)."""
    from carenet.dashboard.classroom import log_lines, strain_chart
    from carenet.dashboard.network_view import network_svg
    size = len(strain_chart(room)) + len(str(room.counters()))
    for run in room.runs:
        size += len(network_svg(run)) + len(str(run.complaints())) + len(str(run.unmet_by_domain()))
        size += len(str(log_lines(run)))
    return size


def compute_frames(case: str) -> list[float]:
    from carenet.dashboard.classroom import Classroom
    room = Classroom(case=case, policy="none", compare="regiebehandelaar", seed=1)
    out = []
    while not room.left.finished:
        start = time.perf_counter()
        room.step()
        draw_all(room)
        out.append(1000 * (time.perf_counter() - start))
    return out


def page_frames() -> list[float]:
    import ipyvuetify as v
    import solara

    from carenet.dashboard import app
    from carenet.dashboard.classroom import DEFAULTS, settings
    settings.set({**DEFAULTS, "case": "de_wit", "policy": "none", "compare": "regiebehandelaar", "seed": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
    step = rc.find(v.Btn, children=["Step"]).widget
    out = []
    for _ in range(26):
        start = time.perf_counter()
        step.click()
        out.append(1000 * (time.perf_counter() - start))
    rc.close()
    return out


def browser_frames(chromium: str, weeks: int = 26) -> list[float]:
    from playwright.sync_api import sync_playwright
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "carenet", "dashboard", "--no-browser", "--port", str(port)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"carenet dashboard did not serve {url}") from None
                time.sleep(0.5)
        out = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url, wait_until="networkidle", timeout=120_000)
            page.locator(".v-card__title", has_text="Start: 0 of 26 weeks played").wait_for(timeout=120_000)
            for week in range(1, weeks + 1):
                out.append(float(page.evaluate(FRAME_JS, week)))
            browser.close()
        return out
    finally:
        server.terminate()
        server.wait(timeout=20)


def dashboard_bench(echo: Callable[[str], None]) -> None:
    """Print the three measurements and the aim (see the module docstring)."""
    from carenet.dashboard.replay import _vignettes
    from experiments.aims import FRAME_AIM_MS, aim_line
    echo("dashboard frames (a Step: both runs one week on, every panel drawn again), milliseconds")
    worst = 0.0
    for case in _vignettes():
        ms = compute_frames(case)
        worst = max(worst, statistics.median(ms))
        echo(f"  compute  {case:<16} {_summary(ms)}")
    page = page_frames()
    echo(f"  page     {'de_wit':<16} {_summary(page)}  (solara render, no browser)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    judged, what = statistics.median(page), "page render"
    if chromium:
        ms = browser_frames(chromium)
        echo(f"  browser  {'de_wit':<16} {_summary(ms)}  (click to the new week painted, {chromium})")
        judged, what = statistics.median(ms), "browser, click to new week painted"
    else:
        echo("  browser  not measured: no Chromium installed (apt-get install -y chromium)")
    echo("  " + aim_line(f"each frame (stepping and drawing) under {FRAME_AIM_MS:g} ms for a vignette",
                         judged < FRAME_AIM_MS, f"median {judged:.0f} ms, {what}"))
