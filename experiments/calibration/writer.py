"""Writing fitted values into a scenario TOML file, each with a ``[provenance]`` entry naming the calibration.

:func:`write_fitted` keeps the file's own table (no bases merged) and its leading comment lines, lays the fitted
values (dotted parameter names, in the parameters' own units) over it, adds the sources and writes the file back
in a fixed layout (:func:`render_scenario`). :func:`provenance_text` is the entry a block's values get;
:func:`scenario_values` reads values back for ``carenet calibrate --check``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from experiments.calibration.targets import parameter_value

#: What the [provenance] entry of a block's fitted values says it was calibrated to.
BLOCK_PROVENANCE = {
    "handover": "complete medication in 63% of discharge letters (Uitvlugt et al. 2015) and about 20% digital "
                "nursing handovers (V&VN/Nictiz 2014)",
    "carers": "carer burden and hours (overburdened 1.4%, very heavily burdened 3.1%, fairly heavily burdened "
              "14.2%; 12 h/week on average, 36% give 8 h/week or more; CBS Gezondheidsmonitor 2022)",
    "plan": "21% of invited professionals taking part in an e-care plan (Congredi et al., JMIR 2016)",
}

#: The header comment a calibrated scenario file carries (added once: a header that holds it is kept as it is).
#: Its text must match what calibrated files already hold (scenarios/default.toml), or a second note is added;
#: change the two together.
CALIBRATED_NOTE = ("# Values whose [provenance] entry says \"calibrated to ...\" are written by `carenet calibrate`\n"
                   "# (experiments/calibration/; report in docs/calibration.md): re-run it rather than editing them.\n")


def provenance_text(block: str, seed: int, date: str) -> str:
    """The [provenance] entry of a value fitted by a block."""
    return f"calibrated to {BLOCK_PROVENANCE[block]} by carenet calibrate, seed {seed}, {date} (docs/calibration.md)"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def render_scenario(raw: dict, header: str) -> str:
    """A scenario table as TOML: header comments, top-level keys, one [section] per table (in the order of
    sim.parameters), then [provenance]."""
    from sim.scenario import flatten_sources, parameter_names
    order = {name: i for i, name in enumerate(parameter_names())}
    provenance = raw.get("provenance", {})
    top = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    leaves: dict[str, list[tuple[str, Any]]] = {}

    def walk(table: dict, prefix: str):
        for key, value in table.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, dotted + ".")
            else:
                leaves.setdefault(prefix[:-1], []).append((dotted, value))
    walk({k: v for k, v in raw.items() if isinstance(v, dict) and k != "provenance"}, "")
    lines = [header.rstrip("\n")] if header.strip() else []
    first_keys = [k for k in ("base", "name", "description") if k in top] + \
        [k for k in top if k not in ("base", "name", "description")]
    lines += [f"{k} = {_toml_value(top[k])}" for k in first_keys]
    sections = sorted(leaves, key=lambda s: min(order.get(d, len(order)) for d, _ in leaves[s]))
    for section in sections:
        lines += ["", f"[{section}]"]
        for dotted, value in sorted(leaves[section], key=lambda dv: order.get(dv[0], len(order))):
            lines.append(f"{dotted.rsplit('.', 1)[-1]} = {_toml_value(value)}")
    if provenance:
        flat = flatten_sources(provenance, "calibrated scenario")
        lines += ["", "[provenance]"]
        for dotted in sorted(flat, key=lambda d: order.get(d, len(order))):
            lines.append(f"{json.dumps(dotted)} = {_toml_value(flat[dotted])}")
    return "\n".join(lines) + "\n"


def write_fitted(path: Path, fitted: dict[str, float], sources: dict[str, str]) -> str:
    """Write fitted values (dotted names) with their [provenance] entries into a scenario file; returns the text.
    The file's own table is kept (no bases merged); its leading comment lines are kept as the header."""
    import tomllib

    from experiments.files import atomic_write_text
    from sim.scenario import flatten_sources, deep_merge, overrides_to_tree
    text = path.read_text(encoding="utf-8")
    own = tomllib.loads(text)
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            header_lines.append(line)
        else:
            break
    header = "\n".join(header_lines).rstrip("\n")
    if CALIBRATED_NOTE.strip() not in header:
        header = (header + "\n" if header else "") + CALIBRATED_NOTE.rstrip("\n")
    own = deep_merge(own, overrides_to_tree(fitted))
    prov = flatten_sources(own.pop("provenance", {}), str(path))
    prov.update(sources)
    own["provenance"] = prov
    new = render_scenario(own, header)
    tomllib.loads(new)  # must parse
    atomic_write_text(path, new)
    return new


def scenario_values(scenario: str, names: Sequence[str]) -> dict[str, Any]:
    """{dotted name: value} of the named parameters in a scenario (bases merged, validated)."""
    from sim.scenario import load_scenario
    params = load_scenario(scenario)
    return {dotted: parameter_value(params, dotted) for dotted in names}


__all__ = ["BLOCK_PROVENANCE", "CALIBRATED_NOTE", "provenance_text", "render_scenario", "scenario_values",
           "write_fitted"]
