"""The committed calibration was fitted on today's inputs, so `carenet calibrate default --seed 0` on a clean clone
reproduces the committed values (`carenet calibrate default --check` re-runs it).

``experiments.calibration.calibration_inputs`` collects what determines the fit besides the model's code: the
blocks (free parameters, search ranges, start values, the documented values a scale multiplies), the targets, the
run size, seeds and optimiser budget, and every other parameter's value. ``docs/calibration.json`` records them for
the committed fit. When a search range, a start value, a target, a setting or a parameter's default changes, this
test fails, naming what changed, until the fit is re-run with
``carenet calibrate default --seed 0 --write-scenario``.
"""

from __future__ import annotations

import json
from pathlib import Path

from experiments.calibration.run import Settings, calibration_inputs

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "calibration.json"


def _differences(a, b, path: str = "") -> list[str]:
    """Where two JSON values differ, as 'path: committed ..., now ...' (dicts by key, lists of equal length by
    position)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _differences(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: committed {a!r}, now {b!r}"]


def test_the_committed_fit_was_made_on_todays_inputs():
    committed = json.loads(COMMITTED.read_text())["inputs"]
    now = json.loads(json.dumps(calibration_inputs(Settings()), default=str))
    changed = _differences({k: v for k, v in committed.items() if k != "sha256"},
                           {k: v for k, v in now.items() if k != "sha256"})
    assert committed["sha256"] == now["sha256"] and not changed, (
        "the calibration inputs changed since the committed fit; re-run `carenet calibrate default --seed 0 "
        "--write-scenario`: " + "; ".join(changed[:10]))
