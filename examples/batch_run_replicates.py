"""Mesa's ``batch_run`` on ``carenet.CareNetworkModel``: two policies, three replicates, every seed recorded.

What it shows: ``mesa.batch_run`` with the model's own keyword arguments (``policy``, ``n_clients``,
``years``) and replicates. A replicate without a seed gets a fresh one from the operating system, and the
model records it as the ``seed`` model reporter, so every row of the result says which seed made it and can
be re-run alone (``carenet.run_model("default", policy=..., seed=...)``). The replicates are asked for in the
way the installed Mesa wants:

* Mesa < 3.5: ``iterations=3``;
* Mesa >= 3.5: ``rng=[None] * 3`` (``iterations`` is deprecated there; batch_run passes each entry to the
  model's ``seed`` argument).

Fresh seeds differ between the two policies too. To compare policies on common seeds (paired), pass
``seeds=[11, 12, 13]`` (``--seeds 11 12 13``): on Mesa >= 3.5 they go in as ``rng=seeds``, on older Mesa as
a ``seed`` parameter, and both policies run on each of them.

Run it (about 5 s: 2 policies x 3 replicates of 150 clients for half a year)::

    .venv/bin/python examples/batch_run_replicates.py
    .venv/bin/python examples/batch_run_replicates.py --seeds 11 12 13     # paired
    .venv312/bin/python examples/batch_run_replicates.py                   # the same on Mesa 3.5

From Python: ``main(replicates=3, n_clients=100, years=0.5)`` returns one row per run (policy, replicate,
seed and the four headline outcomes) as a DataFrame.
"""

from __future__ import annotations

import argparse
import time

import mesa
import pandas as pd

import carenet

POLICIES = ("none", "regiebehandelaar")
HEADLINE = ("handover_failures_per_100_transitions", "carer_burnout_per_carer_year", "unanswered_complaint_share",
            "transitions_with_failed_handover_share")
MESA_VERSION = tuple(int(part) for part in mesa.__version__.split(".")[:2])


def replicate_arguments(replicates: int, seeds=None) -> tuple[dict, dict]:
    """(extra ``parameters``, extra ``batch_run`` keywords) for the replicates on the installed Mesa."""
    if seeds is not None:
        seeds = [int(s) for s in seeds]
        return ({}, {"rng": seeds}) if MESA_VERSION >= (3, 5) else ({"seed": seeds}, {})
    return ({}, {"rng": [None] * replicates}) if MESA_VERSION >= (3, 5) else ({}, {"iterations": replicates})


def main(replicates: int = 3, n_clients: int = 150, years: float = 0.5, seeds=None, policies=POLICIES,
         verbose: bool = True) -> pd.DataFrame:
    """Run ``policies`` x replicates with ``mesa.batch_run``; one row per run."""
    extra_parameters, replicate_kwargs = replicate_arguments(replicates, seeds)
    parameters = {"policy": list(policies), "n_clients": n_clients, "years": years, **extra_parameters}
    started = time.perf_counter()
    results = mesa.batch_run(carenet.CareNetworkModel, parameters=parameters, number_processes=1,
                             data_collection_period=-1, display_progress=False, **replicate_kwargs)
    seconds = time.perf_counter() - started
    runs = pd.DataFrame(results)
    # "iteration" numbers the replicates on Mesa >= 3.5 and with `iterations`; with a `seed` parameter every
    # run is iteration 0, and the seed itself tells the replicates apart.
    runs["replicate"] = runs.groupby("policy").cumcount() if "seed" in extra_parameters else runs["iteration"]
    runs = (runs[["policy", "replicate", "seed", *HEADLINE]]
            .sort_values(["policy", "replicate"], ignore_index=True))
    if verbose:
        how = ", ".join(f"{k}={v!r}" for k, v in {**replicate_kwargs, **extra_parameters}.items())
        print(f"mesa.batch_run on Mesa {mesa.__version__} with {how}: {len(runs)} runs of {n_clients} clients "
              f"for {years} years in {seconds:.1f} s")
        with pd.option_context("display.width", 140, "display.float_format", "{:.3f}".format):
            print(runs.to_string(index=False))
    return runs


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--replicates", type=int, default=3)
    cli.add_argument("--seeds", type=int, nargs="+", help="common seeds for both policies (paired replicates)")
    cli.add_argument("--clients", type=int, default=150)
    cli.add_argument("--years", type=float, default=0.5)
    args = cli.parse_args()
    main(replicates=args.replicates, n_clients=args.clients, years=args.years, seeds=args.seeds)
