"""The dashboard in a real browser: ``carenet dashboard --no-browser`` serves it, headless Chromium from Debian's
packages (driven by Playwright with the system browser as its executable; no browser is downloaded) plays several
weeks, switches a policy and goes one week back, and a screenshot shows the network.

The test installs what it needs itself: Chromium with ``apt-get`` when it is missing (CI starts on a clean machine),
and it starts and stops the server. Nothing may leave the machine: every request the page makes goes to the
dashboard's own address (solara's assets come from the ``solara-assets`` package).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from carenet.dashboard.bench import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]


def system_chromium() -> str:
    """The system Chromium, installed from Debian's packages if it is missing (as root, with apt-get)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env, capture_output=True, timeout=900)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, env=env, capture_output=True,
                       timeout=900)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("no Chromium: install Debian's package (apt-get install -y chromium)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard_url():
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "carenet", "dashboard", "--no-browser", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                out = server.stdout.read() if server.poll() is not None else "(still starting)"
                pytest.fail(f"carenet dashboard did not serve {url}: {out[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_a_class_plays_weeks_switches_policy_and_sees_the_network(dashboard_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright
    executable = system_chromium()
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(dashboard_url, wait_until="networkidle", timeout=120_000)
        page.locator(".v-card__title", has_text="Start: 0 of 26 weeks played").wait_for(timeout=120_000)
        for week in range(1, 10):
            page.get_by_role("button", name="Step").click()
            page.locator(".v-card__title", has_text=f": {week} of 26 weeks played").wait_for(timeout=30_000)
        # the right-hand run under another policy, at the same week
        page.locator(".v-select", has_text="regiebehandelaar").last.click()
        page.get_by_role("option", name="digital_plan").click()
        page.locator("svg.carenet-network", has_text="digital_plan").wait_for(timeout=30_000)
        page.locator(".v-card__title", has_text=": 9 of 26 weeks played").wait_for(timeout=10_000)
        page.get_by_role("button", name="one week back").click()
        page.locator(".v-card__title", has_text=": 8 of 26 weeks played").wait_for(timeout=30_000)
        networks = page.locator("svg.carenet-network")
        # the panels are redrawn one after another: wait for the left network itself to show week 8
        expect(networks.first).to_contain_text("8 of 26 weeks played", timeout=30_000)
        assert networks.count() == 2
        text = networks.first.text_content()
        assert "Mevrouw De Wit" in text and "Neuroloog Dr. Smits" in text and "8 of 26 weeks played" in text
        shot = tmp_path / "network.png"
        networks.first.screenshot(path=str(shot))
        whole = tmp_path / "page.png"
        page.screenshot(path=str(whole), full_page=True)
        browser.close()
    outside = sorted({u for u in requests if not u.startswith(dashboard_url) and not u.startswith("data:")})
    assert not outside, f"the page asked outside the machine: {outside[:5]}"
    for path, min_px in ((shot, 300), (whole, 800)):
        image = np.asarray(Image.open(path).convert("RGB")).astype(int)
        assert image.shape[0] >= min_px / 2 and image.shape[1] >= min_px, path
        drawn = (np.abs(image - 255).sum(axis=2) > 60).mean()
        assert 0.02 < drawn < 0.9, f"{path.name}: {drawn:.1%} of the pixels drawn"
    # the network's law colours are there (Okabe-Ito blue for Zvw, green for Wmo) and the client's white star
    image = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    for colour in ((0x00, 0x72, 0xB2), (0x00, 0x9E, 0x73)):
        assert (np.abs(image - colour).sum(axis=2) < 30).sum() > 50, colour
