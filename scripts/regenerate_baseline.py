"""Regenerate the committed outcome baseline ``tests/baseline/default_small.json``.

The baseline pins the full outcome dict of a small fixed run (default scenario,
150 clients, 1 year, seed 7, policies ``none`` and ``stepped``). The test
``tests/test_baseline.py`` fails whenever any outcome moves, so that a change of
model behaviour is never silent.

Rule: a regeneration must be explained in its commit message (what changed in
the model, and why the outcomes move).

Usage::

    .venv/bin/python scripts/regenerate_baseline.py          # rewrite the file
    .venv/bin/python scripts/regenerate_baseline.py --check  # compare only, exit 1 on a difference

NaN outcomes (e.g. a mean over no events) are stored as JSON ``null``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim import CareNetworkModel  # noqa: E402

BASELINE = ROOT / "tests" / "baseline" / "default_small.json"
RULE = "a regeneration must be explained in its commit message"
#: The fixed runs: one model per policy, everything else the same.
CONFIG = {"scenario": "default", "n_clients": 150, "years": 1, "seed": 7}
POLICIES = ("none", "stepped")


def compute() -> dict:
    """The outcome dict of every baseline run, NaN as None."""
    out = {}
    for policy in POLICIES:
        model = CareNetworkModel(policy=policy, mesa_agents=False, **CONFIG)
        outcomes = model.run().outcomes()
        out[policy] = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in outcomes.items()}
    return {"rule": RULE, "config": CONFIG, "policies": list(POLICIES), "outcomes": out}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    args = parser.parse_args(argv)
    data = compute()
    if args.check:
        same = BASELINE.exists() and json.loads(BASELINE.read_text()) == json.loads(json.dumps(data))
        print("baseline matches" if same else "baseline differs (exact comparison)")
        return 0 if same else 1
    BASELINE.parent.mkdir(parents=True, exist_ok=True)
    BASELINE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {BASELINE.relative_to(ROOT)}; {RULE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
