"""EMA Workbench around ``carenet.run_model``: where does the regiebehandelaar help least? (scenario discovery)

Needs Python >= 3.12 and EMA Workbench 3 (``pip install -e ".[examples]"``; ``make test PYTHON=python3.12
VENV=.venv312`` builds such a venv). On Python 3.11 the script says so and exits with status 1.

What it shows:

* an EMA ``ReplicatorModel`` whose function is ``run_model``: the uncertainties come from
  ``carenet.parameter_ranges()`` by name, typed by its ``kind`` column (``float`` -> RealParameter, ``int`` ->
  IntegerParameter, ``bool`` -> BooleanParameter, ``categorical`` -> CategoricalParameter over ``choices``);
  their names are the ``section__field`` keywords, so EMA passes them straight to ``run_model``;
* the policy as a lever named ``policy_name`` (EMA's own experiments table already has a ``policy``
  column, and ``policy`` is an attribute of EMA's model class);
* seeds as EMA replications (``replications=[{"seed": s}, ...]``): every scenario under both policies on the
  same seeds, so the policy comparison is paired (common random numbers); each outcome is the mean over
  the replications;
* the four headline outcomes as ``ScalarOutcome``s, an LHS over the uncertainties run with the
  ``SequentialEvaluator``;
* PRIM (``ema_workbench.analysis.prim``) on the cases of interest "the regiebehandelaar's advantage is
  small": its paired reduction of handover failures per 100 transitions (relative to ``none`` on the same
  scenario and seeds) is below the median reduction. The printed box is the one on PRIM's peeling
  trajectory with the highest coverage among those with density >= 0.8 (the last one if none is).
  Whether the regiebehandelaar ever loses its advantage entirely (reduction <= 0) is printed too.

Run it (about 40 s with the defaults: 50 scenarios x 2 policies x 2 seeds = 200 runs of 150 clients for
half a year)::

    .venv312/bin/python examples/ema_prim.py
    .venv312/bin/python examples/ema_prim.py --scenarios 200 --seeds 3 --clients 300   # several minutes

From Python: ``main(scenarios=12, seeds=(1,), n_clients=100, years=0.5)`` returns the box limits as a
DataFrame (one row per restricted uncertainty: ``min`` and ``max``, or ``values`` for a categorical).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import warnings

import numpy as np
import pandas as pd

import carenet

if sys.version_info < (3, 12):
    sys.exit(f"examples/ema_prim.py needs Python >= 3.12 (EMA Workbench 3 does), not {platform.python_version()}: "
             "run it with .venv312/bin/python (make test PYTHON=python3.12 VENV=.venv312 creates it)")

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")           # "ipyparallel not installed": not needed here
        from ema_workbench import (
            BooleanParameter,
            CategoricalParameter,
            Constant,
            IntegerParameter,
            RealParameter,
            ReplicatorModel,
            Sample,
            ScalarOutcome,
            SequentialEvaluator,
        )
        from ema_workbench.analysis import prim
except ImportError:
    sys.exit('examples/ema_prim.py needs EMA Workbench 3: pip install -e ".[examples]" (on Python >= 3.12)')

#: The uncertainties, by their dotted name in ``carenet.parameter_ranges()``.
UNCERTAINTIES = (
    "handover.coordinator_relay",                     # the regiebehandelaar relays a handover item
    "handover.paper_complete",
    "workforce.systems_connected",
    "workforce.turnover_per_year",
    "policies.regiebehandelaar.caseload_limit",       # int
    "policies.regiebehandelaar.mandate_wmo",          # bool
    "policies.integral_pgb.holders",                  # categorical (no bearing on these two policies)
    "strain.recovery",
)
POLICIES = ("none", "regiebehandelaar")
HEADLINE = ("handover_failures_per_100_transitions", "carer_burnout_per_carer_year", "unanswered_complaint_share",
            "transitions_with_failed_handover_share")
OUTCOME = HEADLINE[0]
DENSITY = 0.8


def uncertainty(row):
    """The EMA parameter for one row of ``carenet.parameter_ranges()``."""
    if row.kind == "float":
        return RealParameter(row.keyword, float(row.low), float(row.high))
    if row.kind == "int":
        return IntegerParameter(row.keyword, int(row.low), int(row.high))
    if row.kind == "bool":
        return BooleanParameter(row.keyword)
    return CategoricalParameter(row.keyword, list(row.choices))


def carenet_run(policy_name, seed, n_clients, years, **parameters):
    """One run: what EMA calls with an experiment's uncertainties, lever, constants and replication."""
    return carenet.run_model("default", policy=policy_name, seed=seed, years=years, n_clients=n_clients,
                             **parameters)


def replication_mean(values):
    """An outcome over the replications: their mean (NaN, without a warning, if every one is NaN)."""
    values = np.asarray(values, dtype=float)
    return float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")


def build_model(names=UNCERTAINTIES, seeds=(1, 2), n_clients=150, years=0.5):
    ranges = carenet.parameter_ranges().set_index("name").loc[list(names)]
    model = ReplicatorModel("carenet", function=carenet_run)
    model.uncertainties = [uncertainty(row) for row in ranges.itertuples()]
    model.levers = [CategoricalParameter("policy_name", list(POLICIES))]
    model.constants = [Constant("n_clients", n_clients), Constant("years", years)]
    model.replications = [{"seed": int(s)} for s in seeds]
    model.outcomes = [ScalarOutcome(name, function=replication_mean) for name in HEADLINE]
    return model, ranges


def box_limits(box) -> pd.DataFrame:
    """The restricted dimensions of PRIM's selected box: ``min``/``max`` (numeric) or ``values`` (categorical)."""
    lims, full = box.box_lim, box.prim.box_init
    rows = []
    for name in lims.columns:
        lo, hi = lims[name].iloc[0], lims[name].iloc[1]
        if lo == full[name].iloc[0] and hi == full[name].iloc[1]:
            continue
        if isinstance(lo, set):
            rows.append({"uncertainty": name, "min": np.nan, "max": np.nan, "values": sorted(lo, key=str)})
        else:
            rows.append({"uncertainty": name, "min": float(lo), "max": float(hi), "values": None})
    return pd.DataFrame(rows, columns=["uncertainty", "min", "max", "values"]).set_index("uncertainty")


def _span(row) -> str:
    """A parameter's range or choices, for printing."""
    if row.kind in ("float", "int"):
        return f"{row.low:g} to {row.high:g}"
    return ", ".join(map(str, row.choices))


def main(scenarios: int = 50, seeds=(1, 2), n_clients: int = 150, years: float = 0.5, sample_seed: int = 3,
         names=UNCERTAINTIES, verbose: bool = True) -> pd.DataFrame:
    """Run the experiment and PRIM; the box limits (index: the uncertainties' keywords)."""
    model, ranges = build_model(names, seeds, n_clients, years)
    policies = [Sample(name, policy_name=name) for name in POLICIES]
    started = time.perf_counter()
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(
            scenarios=scenarios, policies=policies, uncertainty_sampling_kwargs={"rng": sample_seed},
            log_progress=True)                    # log (silent unless ema_logging is on), no progress bar
    seconds = time.perf_counter() - started

    # The regiebehandelaar's advantage per scenario: relative reduction against `none` on the same seeds.
    data = experiments.assign(y=outcomes[OUTCOME])
    by_policy = data.pivot_table(index="scenario", columns="policy_name", values="y", observed=True)
    reduction = 1 - by_policy["regiebehandelaar"] / by_policy["none"]
    x = (data[data["policy_name"] == "none"].set_index("scenario").loc[reduction.index, list(ranges["keyword"])]
         .reset_index(drop=True))
    # PRIM in EMA Workbench 3.0 cannot write a pasted 10.5 into an int64 column: give it integers as floats.
    x = x.astype({c: float for c in x.select_dtypes("integer").columns})
    of_interest = (reduction < reduction.median()).to_numpy()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # EMA Workbench 3.0 on pandas 3: `inplace`
        box = prim.Prim(x, of_interest).find_box()
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory["density"] >= DENSITY]
    box.select(int(dense["coverage"].idxmax()) if len(dense) else len(trajectory) - 1)
    limits = box_limits(box)

    if verbose:
        runs = len(experiments) * len(seeds)
        print(f"{scenarios} scenarios x {len(POLICIES)} policies x {len(seeds)} seeds = {runs} runs of {n_clients} "
              f"clients for {years} years in {seconds:.1f} s")
        print(f"regiebehandelaar's reduction of {OUTCOME} against none: median {reduction.median():.0%}, "
              f"range {reduction.min():.0%} to {reduction.max():.0%}; lost entirely (<= 0) in "
              f"{int((reduction <= 0).sum())} of {len(reduction)} scenarios")
        print(f"PRIM box for 'reduction below its median ({reduction.median():.0%})': coverage {box.coverage:.2f}, "
              f"density {box.density:.2f}, mass {box.mass:.2f}")
        by_keyword = ranges.set_index("keyword")
        table = limits.assign(range=[_span(by_keyword.loc[k]) for k in limits.index])
        with pd.option_context("display.width", 140, "display.float_format", "{:.3f}".format):
            print(table.to_string())
    return limits


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--scenarios", type=int, default=50, help="LHS sample size over the uncertainties")
    cli.add_argument("--seeds", type=int, default=2, help="replications per scenario and policy (seeds 1..N)")
    cli.add_argument("--clients", type=int, default=150)
    cli.add_argument("--years", type=float, default=0.5)
    args = cli.parse_args()
    main(scenarios=args.scenarios, seeds=tuple(range(1, args.seeds + 1)), n_clients=args.clients, years=args.years)
