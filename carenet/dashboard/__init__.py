"""The teaching dashboard (``carenet dashboard``): one care network stepped through in the browser, the same seed
under two policies side by side, back in time with a timeline, and a lesson per vignette.

A thin user-facing layer, like the CLI: nothing in ``sim``, ``experiments`` or ``analysis`` imports it.

* :mod:`carenet.dashboard.replay`: :class:`Replay`, one case under one policy and seed with a snapshot per week
  (plain Python, no browser);
* :mod:`carenet.dashboard.network_view`: the network as inline SVG;
* :mod:`carenet.dashboard.app`: the Mesa SolaraViz app (the model :class:`Classroom` and its page).
"""
