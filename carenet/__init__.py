"""carenet: agent-based simulation of personal care networks (persoonlijke zorgnetwerken) in the Netherlands.

The public Python API::

    import carenet
    model = carenet.CareNetworkModel(scenario="default", policy="regiebehandelaar", seed=1, years=2)
    model.run().outcomes()
    carenet.run_model("default", policy="stepped", seed=2, years=1, n_clients=300)   # -> dict of outcomes

This package is the user-facing layer (the public API here, the command line in :mod:`carenet.cli`):
it imports the model (:mod:`sim`), the experiments and the analysis, and nothing imports it.
"""

from sim.model import STEP_ORDER, CareNetworkModel, run_model
from sim.policies import POLICY_NAMES
from sim.scenario import ScenarioError, builtin_scenarios, load_scenario

__all__ = ["CareNetworkModel", "POLICY_NAMES", "STEP_ORDER", "ScenarioError", "builtin_scenarios", "load_scenario",
           "run_model"]
