"""``carenet report``: the advisory report of a ``carenet compare`` results folder, as one HTML file.

Registered on the ``carenet`` group in :mod:`carenet.cli`; the work is in :mod:`analysis.report`.

::

    carenet report runs/cmp --out report.html                          # English
    carenet report runs/cmp --out rapport.html --lang nl                # Dutch
    carenet report runs/cmp runs/sweep runs/sa --out report.html       # with "When does a policy fail?"
    carenet report runs/cmp --out report.html --pdf                    # and report.pdf, printed by headless Chromium

Each RESULTS_DIR is told apart by the kind its manifest records: exactly one folder of ``carenet compare`` (the
report's subject), and any number of ``carenet sweep`` and ``carenet sensitivity`` folders, in any order, which
add the section "When does a policy fail?" (:mod:`analysis.report.robustness`) in the order given.

The file is self-contained (figures inline as SVG, the data of each table and figure as embedded CSV, no outside
resource) and the same folders give the same bytes except for the one line with the generation date. The results
hold tallies only, so for the picture of a typical client's care network per population the command runs each
scenario once more (:func:`typical_networks`: :data:`NETWORK_YEARS` year under ``none``, the parameters the
manifest records, the first replicate's seed, at most :data:`NETWORK_CLIENTS` clients in one municipality) and
hands the client's graph to the report; the simulation stays here, the drawing in :mod:`analysis.network_picture`.
Bad input (a missing folder, a folder that is not a results folder or of an unknown kind, no or two compare
folders, an unknown ``--lang``, an ``--out`` that cannot be written, ``--pdf`` where no Chromium is installed) is
refused with one ``error: ...`` line naming the option, the value and what is allowed, exit code 2, before anything
is written.

``--pdf`` prints the written HTML to a PDF beside it (the same name with ``.pdf``) through a headless Chromium: the
one named by the environment variable ``CARENET_CHROMIUM``, else the first of :data:`CHROMIUM_NAMES` on the PATH.
Nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import click

from carenet.cli.common import nonempty
from sim.scenario import ScenarioError


#: The run behind a network picture: simulated years after the warm-up, policy, and the most clients it has (a
#: larger scenario, or one of several municipalities, is run as one municipality of this size).
NETWORK_YEARS = 1.0
NETWORK_POLICY = "none"
NETWORK_CLIENTS = 1000


def typical_networks(manifest: dict, scenarios) -> dict:
    """Scenario -> :class:`analysis.network_picture.TypicalNetwork` of a typical client (None when no client
    qualifies), from one short run per scenario of the parameters ``manifest`` records for it; {} without them."""
    from analysis.network_picture import TypicalNetwork, client_network, typical_client
    from sim import CareNetworkModel
    from sim.scenario import validate

    recorded = manifest.get("record", {}).get("parameters", {})
    seeds = manifest.get("seeds") or []
    if not seeds:
        return {}
    out = {}
    for scenario in scenarios:
        if scenario not in recorded:
            continue
        params = validate(recorded[scenario], f"manifest.json: parameters of {scenario}")
        clients = min(params.population.n_clients, NETWORK_CLIENTS)
        model = CareNetworkModel(params, policy=NETWORK_POLICY, seed=int(seeds[0]), years=NETWORK_YEARS,
                                 mesa_agents=False, n_clients=clients, population__municipalities=1).run()
        log = model.log.arrays()
        choice = typical_client(model.net, log)
        out[scenario] = None if choice is None else TypicalNetwork(
            graph=client_network(model.net, log, choice.client), choice=choice, scenario=scenario,
            policy=NETWORK_POLICY, seed=int(seeds[0]), years=NETWORK_YEARS, clients=clients)
    return out


def check_lang(ctx, param, value: str) -> str:
    """The click callback of ``--lang``: one of :data:`analysis.report.LANGS`."""
    from analysis.report.labels import LANGS
    if value not in LANGS:
        raise ScenarioError(f"--lang = {value!r} not allowed (allowed: {', '.join(LANGS)})")
    return value


def check_out_file(out: Path) -> Path:
    """Refuse an ``--out`` file that cannot be written: a folder, or a file in a folder that does not exist or may
    not be written to."""
    allowed = "allowed: a file in an existing folder you may write to, e.g. report.html"
    if out.is_dir():
        raise ScenarioError(f"--out {out}: is a folder ({allowed})")
    parent = out.parent
    if not parent.is_dir():
        raise ScenarioError(f"--out {out}: folder {parent} does not exist ({allowed})")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ScenarioError(f"--out {out}: not writable ({allowed})")
    return out


#: Names a Chromium is installed under (Debian's package: ``chromium``), tried in this order on the PATH.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds a PDF print may take before it is given up.
PDF_TIMEOUT = 180


def find_chromium() -> str:
    """The Chromium to print with: ``$CARENET_CHROMIUM`` if set, else the first of :data:`CHROMIUM_NAMES` on the
    PATH; a :class:`~sim.scenario.ScenarioError` naming what was looked for when there is none."""
    named = os.environ.get("CARENET_CHROMIUM")
    if named:
        found = shutil.which(named)
        if not found:
            raise ScenarioError(f"--pdf: CARENET_CHROMIUM = {named!r} is not an executable (allowed: the path or "
                                "name of a Chromium, e.g. /usr/bin/chromium)")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ScenarioError(f"--pdf: no Chromium found (looked for {', '.join(CHROMIUM_NAMES)} on the PATH; allowed: "
                        "install one, e.g. 'apt-get install chromium', or name it in CARENET_CHROMIUM; or leave out "
                        "--pdf and print the HTML from a browser)")


def print_pdf(chromium: str, html: Path, pdf: Path) -> None:
    """Print ``html`` to ``pdf`` with a headless ``chromium`` (no header or footer, no network needed)."""
    with_tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--print-to-pdf={with_tmp}", html.resolve().as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        with_tmp.unlink(missing_ok=True)
        raise ScenarioError(f"--pdf: {chromium} did not finish printing {html} within {PDF_TIMEOUT} s (the HTML "
                            "report is written; print it from a browser)") from None
    if done.returncode != 0 or not with_tmp.is_file() or with_tmp.read_bytes()[:5] != b"%PDF-":
        with_tmp.unlink(missing_ok=True)
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ScenarioError(f"--pdf: {chromium} could not print {html} (exit code {done.returncode}: {last}; the "
                            "HTML report is written; print it from a browser)")
    os.replace(with_tmp, pdf)


@click.command()
@click.argument("results_dirs", nargs=-1, required=True, metavar="RESULTS_DIR...")
@click.option("--out", required=True, callback=nonempty, metavar="FILE", help="The HTML file to write.")
@click.option("--lang", default="en", show_default=True, callback=check_lang, metavar="en|nl",
              help="Language of every label, title, caption and sentence.")
@click.option("--pdf", is_flag=True, help="Also print the report to a PDF beside --out (headless Chromium).")
def report(results_dirs, out, lang, pdf):
    """Write the advisory report of RESULTS_DIR (the --out folder of carenet compare) as one self-contained HTML
    file: the headline summary per population, a forest plot of paired differences to `none`, the costs per payer,
    trade-offs and mechanism figures, the inspectorate's themes, a typical client's care network (from a one-year
    run of each scenario), a comparison table, a reproducibility block with the scenario files' hashes, the
    assumption register with the calibration fit and the validation, and a method appendix (ODD summary, STRESS
    checklist). Folders of carenet sweep or carenet sensitivity given beside it (in any order) add the section
    "When does a policy fail?"."""
    import datetime

    from analysis.report import render_report
    from analysis.report.data import load_report_data
    from analysis.report.robustness import sort_folders
    from analysis.results import ResultsError
    from experiments.environment import RECORDED_PACKAGES, git_state, package_versions
    from experiments.files import atomic_write_text

    out = check_out_file(Path(out))
    chromium = find_chromium() if pdf else None
    environment = {"versions": package_versions((*RECORDED_PACKAGES, "matplotlib", "seaborn", "Jinja2",
                                                 "networkx")),
                   "git": git_state()}
    try:
        compare, robustness = sort_folders(results_dirs)
        data = load_report_data(compare)
        networks = typical_networks(data.manifest, data.scenarios)
        html = render_report(compare, lang, datetime.date.today().isoformat(), environment, networks=networks,
                             robustness=robustness)
    except ResultsError as exc:
        raise ScenarioError(f"RESULTS_DIR {exc}") from None
    atomic_write_text(out, html)
    click.echo(f"Report: {out}")
    if chromium:
        print_pdf(chromium, out, out.with_suffix(".pdf"))
        click.echo(f"PDF: {out.with_suffix('.pdf')}")
