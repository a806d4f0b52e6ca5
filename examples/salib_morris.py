"""SALib's Morris screening on ``carenet.run_model``: which of six assumptions moves handover failures most?

What it shows: the whole loop with SALib and nothing else of carenet but the public API:

1. six parameters picked by name from ``carenet.parameter_ranges()``, whose ``low``/``high`` columns are
   the plausible ranges, become a SALib problem (an integer parameter is sampled as a float and rounded);
2. ``SALib.sample.morris`` draws one-at-a-time trajectories through that space;
3. every point is one ``carenet.run_model`` call, all on the same seed (common random numbers: a change in
   the outcome between two points of a trajectory comes from the parameter that moved, not from chance);
4. ``SALib.analyze.morris`` turns the elementary effects into ``mu_star`` (mean absolute effect, in the
   outcome's unit, of moving a parameter across its range by the Morris step) and ``sigma`` (how much
   that effect varies: non-linearity or interaction); the ranking is by ``mu_star``.

Reading it: a negative ``mu`` means the outcome falls as the parameter rises. More turnover lowers failures
*per 100 transitions* because a professional leaving is a transition with few failures of its own (a
ratio effect, see ``handover_failures_per_100_professional_leaving``); ``strain.recovery`` comes last.

One seed keeps the example small; a study would average a few seeds per point, or use
``carenet sensitivity``, which does that, groups parameters and resumes.

Run it (about 10 s with the defaults: 8 trajectories x 7 points = 56 runs of 150 clients for half a year)::

    .venv/bin/python examples/salib_morris.py
    .venv/bin/python examples/salib_morris.py --trajectories 20 --clients 300 --years 1   # ~1 min

From Python: ``main(trajectories=4, n_clients=100, years=0.5)`` returns the ranking as a DataFrame.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

import carenet

#: The parameters screened, by their dotted name in ``carenet.parameter_ranges()``.
PARAMETERS = (
    "handover.paper_complete",                        # share of a paper handover that arrives complete
    "workforce.systems_connected",                    # share of professionals on a shared digital system
    "workforce.turnover_per_year",                    # professionals leaving per year (each leaving is a transition)
    "workforce.roles.district_nurse.organisations",   # int: district nursing organisations in the area
    "arranging.notice_self",                          # chance that a client or carer notices a gap themselves
    "strain.recovery",                                # carer strain recovery per week (expected to matter little)
)
#: The headline outcome ranked.
OUTCOME = "handover_failures_per_100_transitions"
LEVELS = 4        # Morris grid levels (even)
SEED = 7          # the one run seed every point shares; also seeds the Morris sample


def problem(names=PARAMETERS) -> tuple[dict, pd.DataFrame]:
    """The SALib problem for ``names`` and their rows of ``carenet.parameter_ranges()``."""
    ranges = carenet.parameter_ranges().set_index("name")
    rows = ranges.loc[list(names)]
    numeric = rows["kind"].isin(["float", "int"])
    if not numeric.all():
        raise SystemExit(f"Morris needs numeric parameters; not: {', '.join(rows.index[~numeric])}")
    return {"num_vars": len(rows), "names": list(rows.index),
            "bounds": rows[["low", "high"]].to_numpy(float).tolist()}, rows


def evaluate(X: np.ndarray, rows: pd.DataFrame, *, policy: str, n_clients: int, years: float, seed: int,
             outcome: str = OUTCOME) -> np.ndarray:
    """``outcome`` of one ``run_model`` per row of the design ``X``, all on ``seed``."""
    Y = np.empty(len(X))
    for i, point in enumerate(X):
        overrides = {row.keyword: (round(value) if row.kind == "int" else float(value))
                     for row, value in zip(rows.itertuples(), point, strict=True)}
        Y[i] = carenet.run_model("default", policy=policy, seed=seed, years=years, n_clients=n_clients,
                                 **overrides)[outcome]
    return Y


def main(trajectories: int = 8, n_clients: int = 150, years: float = 0.5, policy: str = "none",
         seed: int = SEED, names=PARAMETERS, outcome: str = OUTCOME, verbose: bool = True) -> pd.DataFrame:
    """Screen ``names`` on ``outcome``; the ranking (name, keyword, mu_star, mu_star_conf, mu, sigma), largest first."""
    spec, rows = problem(names)
    X = morris_sample.sample(spec, trajectories, num_levels=LEVELS, seed=seed)
    started = time.perf_counter()
    Y = evaluate(X, rows, policy=policy, n_clients=n_clients, years=years, seed=seed, outcome=outcome)
    seconds = time.perf_counter() - started
    # The elementary effects are taken on the design as sampled (integer parameters rounded only for the run).
    indices = morris_analyze.analyze(spec, X, Y, num_levels=LEVELS, seed=seed, print_to_console=False)
    ranking = (indices.to_df().rename_axis("name").reset_index()
               .assign(keyword=lambda d: d["name"].map(rows["keyword"]))
               [["name", "keyword", "mu_star", "mu_star_conf", "mu", "sigma"]]
               .sort_values("mu_star", ascending=False, ignore_index=True))
    if verbose:
        print(f"Morris screening of {outcome} (policy {policy}, {n_clients} clients, {years} years, seed {seed}): "
              f"{len(X)} runs in {seconds:.1f} s")
        with pd.option_context("display.width", 120, "display.float_format", "{:.3f}".format):
            print(ranking.drop(columns="keyword").to_string(index=False))
    return ranking


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--trajectories", type=int, default=8)
    cli.add_argument("--clients", type=int, default=150)
    cli.add_argument("--years", type=float, default=0.5)
    cli.add_argument("--policy", default="none", choices=carenet.POLICY_NAMES)
    cli.add_argument("--seed", type=int, default=SEED)
    args = cli.parse_args()
    main(trajectories=args.trajectories, n_clients=args.clients, years=args.years, policy=args.policy,
         seed=args.seed)
