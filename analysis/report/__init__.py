"""The advisory report of a ``carenet compare`` results folder: one self-contained HTML file (issue 11, first step).

::

    from analysis.report import render_report
    html = render_report("runs/cmp", lang="nl", generated="2026-11-30")
    html = render_report("runs/cmp", robustness=["runs/sweep", "runs/sa"])   # with "When does a policy fail?"

It holds, per population (scenario): the headline summary in words (what each policy reduces beyond noise, by how
much, at what cost per payer), a forest plot of the paired differences to ``none`` and the costs per payer as
stacked differences; then a comparison table of every headline outcome per scenario and policy (mean and 95%
interval) and a reproducibility block. Given folders of ``carenet sweep`` or ``carenet sensitivity``, a section
"When does a policy fail?" comes before the table: the parameters that matter most, where a policy's effect
changes sign, and the parameter ranges where it loses its advantage. Each figure and table has its CSV embedded as
a data URI.

Modules: :mod:`~analysis.report.data` (reading and summarizing, via :mod:`analysis.ensemble`),
:mod:`~analysis.report.labels` (English and Dutch words), :mod:`~analysis.report.formatting` (numbers),
:mod:`~analysis.report.sentences` (the summary and the active titles), :mod:`~analysis.report.figures` (SVG),
:mod:`~analysis.report.robustness` and :mod:`~analysis.report.robustness_figures` (the section "When does a
policy fail?", template ``templates/_robustness.html.j2``), :mod:`~analysis.report.render` (the Jinja2 template
``templates/report.html.j2``).
"""

from analysis.report.labels import LANGS
from analysis.report.render import render_report

__all__ = ["LANGS", "render_report"]
