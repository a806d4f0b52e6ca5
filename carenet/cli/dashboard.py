"""``carenet dashboard``: the teaching dashboard in the browser (:mod:`carenet.dashboard`).

``carenet dashboard [--port N] [--no-browser] [--case C] [--policy P] [--compare Q] [--seed S]`` checks its
options, then serves the app with solara on 127.0.0.1, prints the address and opens a browser unless told not to.
It runs offline: solara's own assets come from the ``solara-assets`` package (installed with carenet, at the
version that matches solara), solara's telemetry and version check are off. Ctrl-C, or a SIGTERM, stops it and its
server.

The case, policies and seed given here are where the class starts; the page changes them at any time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import click

from carenet.cli.common import checked_seed

#: The address the dashboard listens on (this machine only).
HOST = "127.0.0.1"

def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def server_command(port: int, browser: bool) -> list[str]:
    """The command that serves the app (solara, production mode, no version check)."""
    return [sys.executable, "-m", "solara", "run", "carenet.dashboard.app", "--host", HOST, "--port", str(port),
            "--production", "--no-check-version", "--open" if browser else "--no-open", "--log-level", "warning"]


def server_env(start: dict) -> dict:
    """The server's environment: telemetry off, the starting settings (:data:`carenet.dashboard.classroom.
    SETTINGS_ENV`)."""
    from carenet.dashboard.classroom import SETTINGS_ENV
    return {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", SETTINGS_ENV: json.dumps(start)}


@click.command("dashboard")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1024, 65535),
              help="Port on 127.0.0.1 to serve on.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; only print the address.")
@click.option("--case", default="de_wit", show_default=True,
              help="Where the class starts: a vignette (see `carenet vignette --list`) or a population scenario.")
@click.option("--policy", default="none", show_default=True, help="The left run's policy.")
@click.option("--compare", default="regiebehandelaar", show_default=True,
              help="The right run's policy, or '(nothing)' for one run.")
@click.option("--seed", default=1, show_default=True, type=int, callback=checked_seed, help="The runs' seed.")
def dashboard(port, no_browser, case, policy, compare, seed):
    """Serve the teaching dashboard: one care network, two policies side by side, back in time, the lesson."""
    try:
        import carenet.dashboard  # noqa: F401  (silences Mesa's import-time hook warning first)
        import mesa.visualization  # noqa: F401
        import solara  # noqa: F401
        import solara_assets  # noqa: F401
    except ImportError as exc:
        raise click.ClickException(f"the dashboard needs solara, solara-assets and Mesa's visualization ({exc}); "
                                   "install carenet with `make venv` (or `pip install -e .`)") from None
    from carenet.dashboard.classroom import NO_COMPARE
    from carenet.dashboard.replay import cases, check_choice
    from sim.policies import POLICY_NAMES
    for name, value, allowed in (("--case", case, list(cases())), ("--policy", policy, POLICY_NAMES),
                                 ("--compare", compare, [NO_COMPARE, *POLICY_NAMES])):
        try:
            check_choice(name, value, allowed)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=name) from None
    if not _port_free(port):
        raise click.BadParameter(f"port {port} on {HOST} is in use (allowed: a free port, e.g. --port {port + 1})",
                                 param_hint="--port")
    start = {"case": case, "policy": policy, "compare": compare, "seed": seed, "client": 0}
    click.echo(f"carenet dashboard: http://{HOST}:{port}/  (case {case}, {policy} vs {compare}, seed {seed}; "
               "Ctrl-C stops it)")
    server = subprocess.Popen(server_command(port, not no_browser), env=server_env(start))
    # stopped by a signal (a test, a process manager) or Ctrl-C: the server stops with it, never left behind
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=30)
        click.echo("carenet dashboard: stopped")
