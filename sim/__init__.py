"""sim: the care-network model (the core of carenet).

``from sim import CareNetworkModel, run_model`` keeps working; the public API is :mod:`carenet`.
The names are loaded on first use (PEP 562), so importing a core module such as
``sim.vocabulary`` or ``sim.scenario`` does not load Mesa and the whole model.
"""

from __future__ import annotations

import importlib

#: Public name -> the module that defines it.
_EXPORTS = {"CareNetworkModel": "sim.model", "run_model": "sim.model", "STEP_ORDER": "sim.model",
            "load_scenario": "sim.scenario", "ScenarioError": "sim.scenario"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
