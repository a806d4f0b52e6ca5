"""The ``carenet`` command line: one group, one module per command group.

* :mod:`carenet.cli.model`: ``run``, ``demo``, ``scenarios``, ``check``, ``params`` (one model, its scenarios
  and docs).
* :mod:`carenet.cli.vignette`: ``vignette`` (a teaching case's story with names).
* :mod:`carenet.cli.dashboard`: ``dashboard`` (the teaching dashboard in the browser).
* :mod:`carenet.cli.experiments`: ``compare``, ``sweep``, ``sensitivity`` (ensembles on an engine and a run
  store).
* :mod:`carenet.cli.calibrate`: ``calibrate`` (fit to the published Dutch figures).
* :mod:`carenet.cli.validate`: ``validate`` (targets on fresh seeds, stationarity, carer burden; docs/validation.md).
* :mod:`carenet.cli.report`: ``report`` (the advisory report of a comparison, one HTML file).
* :mod:`carenet.cli.bench`: ``bench`` (speed against Mesa's empty agent step, memory, scaling, a profile, the
  engines, a timed compare; printed only, with the aims met or not).

Scripts depend on these command names. A bad scenario, override, policy or option is reported on stderr
with exit code 2 before any simulation runs (:class:`carenet.cli.common.CarenetGroup`). Each module imports
only click at load time; the model is imported when a command runs.
"""

from __future__ import annotations

import click

from carenet.cli import bench, calibrate, dashboard, experiments, model, report, validate, vignette
from carenet.cli.common import CarenetGroup


@click.group(cls=CarenetGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """carenet: agent-based simulation of Dutch personal care networks."""


for _command in (model.run, model.demo, model.scenarios, model.check, model.params, vignette.vignette,
                 experiments.compare, experiments.sweep, experiments.sensitivity, calibrate.calibrate,
                 validate.validate, report.report, bench.bench, bench.bench_point, dashboard.dashboard):
    main.add_command(_command)

__all__ = ["main"]
