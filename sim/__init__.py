"""carenet: agent-based simulation of personal care networks in the Netherlands.

``from sim import CareNetworkModel, run_model`` is the public entry point.
"""

from sim.model import STEP_ORDER, CareNetworkModel, run_model
from sim.scenario import ScenarioError, load_scenario

__all__ = ["CareNetworkModel", "run_model", "load_scenario", "ScenarioError", "STEP_ORDER"]
