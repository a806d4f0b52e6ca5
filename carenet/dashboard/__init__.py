"""The teaching dashboard (``carenet dashboard``): one care network stepped through in the browser, the same seed
under two policies side by side, back in time with a timeline, and a lesson per vignette.

A thin user-facing layer, like the CLI: nothing in ``sim``, ``experiments`` or ``analysis`` imports it.

* :mod:`carenet.dashboard.replay`: :class:`~carenet.dashboard.replay.Replay`, one case under one policy and seed
  with a snapshot per week (plain Python, no browser);
* :mod:`carenet.dashboard.classroom`: :class:`~carenet.dashboard.classroom.Classroom`, the Mesa model SolaraViz
  steps (two replays on one seed), and what its panels show;
* :mod:`carenet.dashboard.network_view` and :mod:`carenet.dashboard.strain_chart`: the network and the strain
  chart as inline SVG;
* :mod:`carenet.dashboard.app`: the page (SolaraViz's controls and carenet's panels);
* :mod:`carenet.dashboard.bench`: ``carenet bench --dashboard``, the time per frame.

Mesa's SolaraViz trips one of solara's hook-rule checks at import (a ``UserWarning`` about its own
``ComponentsView``); it is harmless and silenced here, so a teacher does not see it.
"""

import warnings

warnings.filterwarnings("ignore", message=r".*found despite early return", category=UserWarning)
