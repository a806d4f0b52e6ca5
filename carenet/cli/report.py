"""``carenet report``: the advisory report of a ``carenet compare`` results folder, as one HTML file.

Registered on the ``carenet`` group in :mod:`carenet.cli`; the work is in :mod:`analysis.report`.

::

    carenet report runs/cmp --out report.html                          # English
    carenet report runs/cmp --out rapport.html --lang nl                # Dutch
    carenet report runs/cmp runs/sweep runs/sa --out report.html       # with "When does a policy fail?"

Each RESULTS_DIR is told apart by the kind its manifest records: exactly one folder of ``carenet compare`` (the
report's subject), and any number of ``carenet sweep`` and ``carenet sensitivity`` folders, in any order, which
add the section "When does a policy fail?" (:mod:`analysis.report.robustness`) in the order given.

The file is self-contained (figures inline as SVG, the data of each table and figure as embedded CSV, no outside
resource) and the same folders give the same bytes except for the one line with the generation date. Bad input
(a missing folder, a folder that is not a results folder or of an unknown kind, no or two compare folders, an
unknown ``--lang``, an ``--out`` that cannot be written) is refused with one ``error: ...`` line naming the option,
the value and what is allowed, exit code 2, before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from carenet.cli.common import nonempty
from sim.scenario import ScenarioError


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


@click.command()
@click.argument("results_dirs", nargs=-1, required=True, metavar="RESULTS_DIR...")
@click.option("--out", required=True, callback=nonempty, metavar="FILE", help="The HTML file to write.")
@click.option("--lang", default="en", show_default=True, callback=check_lang, metavar="en|nl",
              help="Language of every label, title, caption and sentence.")
def report(results_dirs, out, lang):
    """Write the advisory report of RESULTS_DIR (the --out folder of carenet compare) as one self-contained HTML
    file: the headline summary per population, a forest plot of paired differences to `none`, the costs per payer,
    a comparison table and a reproducibility block. Folders of carenet sweep or carenet sensitivity given beside
    it (in any order) add the section "When does a policy fail?"."""
    import datetime

    from analysis.report import render_report
    from analysis.report.robustness import sort_folders
    from analysis.results import ResultsError
    from experiments.environment import RECORDED_PACKAGES, git_state, package_versions
    from experiments.files import atomic_write_text

    out = check_out_file(Path(out))
    environment = {"versions": package_versions((*RECORDED_PACKAGES, "matplotlib", "seaborn", "Jinja2")),
                   "git": git_state()}
    try:
        compare, robustness = sort_folders(results_dirs)
        html = render_report(compare, lang, datetime.date.today().isoformat(), environment, robustness)
    except ResultsError as exc:
        raise ScenarioError(f"RESULTS_DIR {exc}") from None
    atomic_write_text(out, html)
    click.echo(f"Report: {out}")
