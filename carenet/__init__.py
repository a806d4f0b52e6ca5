"""carenet: agent-based simulation of personal care networks (persoonlijke zorgnetwerken) in the Netherlands.

The public Python API::

    import carenet
    model = carenet.CareNetworkModel(scenario="default", policy="regiebehandelaar", seed=1, years=2)
    model.run().outcomes()
    carenet.run_model("default", policy="stepped", seed=2, years=1, n_clients=300)   # -> dict of outcomes
    carenet.parameter_ranges()            # every parameter a sampler can vary: keyword, kind, range or choices
    carenet.builtin_scenarios()           # the built-in scenarios by name
    carenet.load_results("runs/cmp")      # an experiment folder: one row per run; load_series: per run and week

Parameters are keywords in the ``section__field`` form (``strain__recovery=0.15``); ``n_clients`` stands
for ``population__n_clients``. A run without a seed gets a fresh one, recorded as ``model.seed`` and returned
by ``run_model`` under ``"seed"``.

This package is the user-facing layer (the public API here, the command line in :mod:`carenet.cli`):
it imports the model (:mod:`sim`), the experiments and the analysis, and nothing imports it.
"""

from analysis.results import load_results, load_series
from sim.model import STEP_ORDER, CareNetworkModel, run_model
from sim.policies import POLICY_NAMES
from sim.provenance import parameter_ranges, parameter_table
from sim.scenario import ScenarioError, builtin_scenarios, load_scenario

__all__ = ["CareNetworkModel", "POLICY_NAMES", "STEP_ORDER", "ScenarioError", "builtin_scenarios", "load_results",
           "load_scenario", "load_series", "parameter_ranges", "parameter_table", "run_model"]
