"""Regenerate the committed outcome baselines in ``tests/functional/baseline/``; a reason is required.

Each baseline pins the full outcome dict of small fixed runs, so that a change of model behaviour is
never silent (``tests/functional/test_baseline.py`` fails whenever any outcome moves):

* ``default_small.json``: default scenario, 150 clients, 1 year, seed 7, policies ``none`` and ``stepped``;
* ``pgb_caseload.json``: the same run under ``integral_pgb`` and ``regiebehandelaar`` with a caseload limit
  of 8 clients per coordinator, below the largest caseload (11), so that coordinator quality falls below 1
  and budget holders, their administration and free choice of provider are exercised.

Rule: a regeneration must be explained in its commit message (what changed in the model, and why the
outcomes move). The script refuses to write without ``--reason``, and appends the reason, the date, the
commit it was run on and the number of outcomes that moved to ``regenerations.jsonl`` beside the files.

Usage::

    .venv/bin/python scripts/regenerate_baseline.py --check                  # compare only; exit 1 on a difference
    .venv/bin/python scripts/regenerate_baseline.py --reason "why they move" # rewrite the files, record why

NaN outcomes (e.g. a mean over no events) are stored as JSON ``null``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experiments.environment import git_state  # noqa: E402
from sim import CareNetworkModel  # noqa: E402

FOLDER = ROOT / "tests" / "functional" / "baseline"
HISTORY = FOLDER / "regenerations.jsonl"
RULE = "a regeneration must be explained in its commit message"
#: The shortest reason accepted (characters): a reason says what changed and why the outcomes move.
MIN_REASON = 20

#: The fixed runs: file name -> (model keyword arguments, policies). One model per policy, the rest the same.
BASELINES = {
    "default_small": ({"scenario": "default", "n_clients": 150, "years": 1, "seed": 7}, ("none", "stepped")),
    "pgb_caseload": ({"scenario": "default", "n_clients": 150, "years": 1, "seed": 7,
                      "policies__regiebehandelaar__caseload_limit": 8}, ("integral_pgb", "regiebehandelaar")),
}


def path(name: str) -> Path:
    """The committed file of baseline ``name``."""
    return FOLDER / f"{name}.json"


def compute(name: str) -> dict:
    """Baseline ``name`` as it would be written: the config, the policies and every outcome (NaN as None)."""
    config, policies = BASELINES[name]
    out = {}
    for policy in policies:
        model = CareNetworkModel(policy=policy, mesa_agents=False, **config)
        outcomes = model.run().outcomes()
        out[policy] = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in outcomes.items()}
    return {"rule": RULE, "config": config, "policies": list(policies), "outcomes": out}


def moved_outcomes(old: dict, new: dict) -> int:
    """How many (policy, outcome) values differ between two baselines of the same runs."""
    return sum(old.get("outcomes", {}).get(p, {}).get(k) != v for p, o in new["outcomes"].items() for k, v in o.items())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("--reason", default="", help="why the outcomes move (required to write; recorded)")
    args = parser.parse_args(argv)
    if not args.check and len(args.reason.strip()) < MIN_REASON:
        parser.error(f"--reason = {args.reason.strip()!r} not allowed (allowed: a sentence of at least {MIN_REASON} "
                     f"characters saying what changed in the model and why the outcomes move; {RULE})")
    data = {name: compute(name) for name in BASELINES}
    committed = {name: json.loads(path(name).read_text()) if path(name).exists() else {} for name in BASELINES}
    same = {name: committed[name] == json.loads(json.dumps(data[name])) for name in BASELINES}
    if args.check:
        for name in BASELINES:
            print(f"{path(name).relative_to(ROOT)}: {'matches' if same[name] else 'differs (exact comparison)'}")
        return 0 if all(same.values()) else 1
    FOLDER.mkdir(parents=True, exist_ok=True)
    moved = {name: moved_outcomes(committed[name], data[name]) for name in BASELINES}
    for name in BASELINES:
        path(name).write_text(json.dumps(data[name], indent=1, sort_keys=True) + "\n")
    record = {"date": datetime.date.today().isoformat(), "commit": (git_state() or {}).get("commit"),
              "reason": args.reason.strip(), "moved_outcomes": moved}
    with HISTORY.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, sort_keys=True) + "\n")
    print(f"wrote {', '.join(str(path(n).relative_to(ROOT)) for n in BASELINES)} ({moved} outcomes moved) and "
          f"recorded the reason in {HISTORY.relative_to(ROOT)}; {RULE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
