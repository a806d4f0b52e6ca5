"""The parameter provenance table, generated from the definitions in :mod:`sim.parameters`.

Every leaf field of :class:`~sim.parameters.ScenarioParams` (walking nested
sections, including the per-profile and per-role sub-models) becomes one row:

* ``name``: dotted name, e.g. ``population.profiles.frail_elderly.need_support``;
* ``section``: the dotted name of the model holding it (``""`` for top level);
* ``value``: its value in the given scenario;
* ``type``: ``float``, ``int``, ``bool``, ``choice``, ``int range`` (a
  ``(min, max)`` pair), ``choices`` (a list) or ``str``;
* ``unit``, ``bounds`` (accepted values), ``range`` (plausible range used by
  sensitivity analysis), ``source``, ``calibrate``: from the field's
  ``json_schema_extra``; ``None`` where a field does not declare them (Literal,
  bool and tuple fields often do not). For choice fields ``bounds`` lists the
  allowed values, taken from the type;
* ``description``: the field's description.

``python -m sim.provenance`` (or ``carenet params`` / ``make docs``) writes
``docs/parameters.md``; a test checks that the committed file is current.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel

from sim.parameters import ScenarioParams

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"

COLUMNS = ("name", "section", "value", "type", "unit", "bounds", "range", "source", "calibrate", "description")


# --------------------------------------------------------------------------- walking the models

def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _kind(annotation: Any) -> tuple[str, tuple | None]:
    """A short type label and, for Literal types, the allowed values."""
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return "bool", None
    if annotation is int:
        return "int", None
    if annotation is float:
        return "float", None
    if annotation is str:
        return "str", None
    if origin is Literal:
        return "choice", typing.get_args(annotation)
    if origin is tuple:
        return "int range" if all(a is int for a in typing.get_args(annotation)) else "tuple", None
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        if typing.get_origin(item) is Literal:
            return "choices", typing.get_args(item)
        return "list", None
    if origin in (typing.Union, types.UnionType):
        return "union", None
    return getattr(annotation, "__name__", str(annotation)), None


def _walk(model: BaseModel, prefix: str = ""):
    """Yield (dotted name, section, value, FieldInfo) for every leaf field, in declaration order."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        dotted = f"{prefix}.{name}" if prefix else name
        if _is_model(info.annotation):
            yield from _walk(value, dotted)
        else:
            yield dotted, prefix, value, info


def _default_params() -> ScenarioParams:
    from sim.scenario import load_scenario
    return load_scenario("default")


def parameter_table(params: ScenarioParams | None = None) -> pd.DataFrame:
    """One row per leaf parameter (columns :data:`COLUMNS`); values from ``params`` (default scenario if None)."""
    params = _default_params() if params is None else params
    rows = []
    for dotted, section, value, info in _walk(params):
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind, choices = _kind(info.annotation)
        bounds = extra.get("bounds")
        if bounds is not None:
            bounds = tuple(bounds)
        elif choices is not None:
            bounds = tuple(choices)
        rng = extra.get("range")
        if extra.get("relative") and isinstance(value, (int, float)) and bounds is not None:
            lo, hi = max(bounds[0], value * 0.5), min(bounds[1], value * 2)
            rng = (int(round(lo)), int(round(hi))) if kind == "int" else (lo, hi)
        rows.append({
            "name": dotted,
            "section": section,
            "value": value,
            "type": kind,
            "unit": extra.get("unit"),
            "bounds": bounds,
            "range": tuple(rng) if rng is not None else None,
            "source": extra.get("source"),
            "calibrate": extra.get("calibrate"),
            "description": info.description,
        })
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def ranges_for_sensitivity() -> dict[str, tuple[float, float]]:
    """Plausible ranges of the numeric (int and float) parameters: {dotted name: (lo, hi)}.

    Left out: parameters whose declared range is just their bounds (no plausible
    range given: population size, simulated years, profile shares that must sum
    to 1, legal deadlines), degenerate ranges (lo == hi), and non-scalar fields.
    Ranges are per field, so every profile and role gets its own entry. Values of
    ``int`` parameters must be rounded to int before use (validation is strict);
    the ``type`` column of :func:`parameter_table` says which ones are int.
    """
    table = parameter_table(ScenarioParams())
    out = {}
    for row in table.itertuples(index=False):
        if row.type not in ("int", "float") or row.range is None:
            continue
        lo, hi = row.range
        if lo < hi and tuple(row.range) != tuple(row.bounds or ()):
            out[row.name] = (float(lo), float(hi))
    return out


# --------------------------------------------------------------------------- markdown

def _fmt(value: Any) -> str:
    """A value as TOML would write it (strings quoted, bools lower case, pairs as [lo, hi])."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return repr(value)


def _fmt_span(span: tuple | None, kind: str) -> str:
    if span is None:
        return ""
    if kind in ("choice", "choices"):
        return ", ".join(f"`{v}`" for v in span)
    lo, hi = span
    return f"{_fmt(lo)} – {_fmt(hi)}"


def _cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _section_title(params: ScenarioParams, section: str) -> str:
    """The section's dotted name and the first line of its model's docstring."""
    model: Any = params
    for part in section.split(".") if section else ():
        model = getattr(model, part)
    doc = (type(model).__doc__ or "").strip().splitlines()
    first = doc[0] if doc else ""
    return f"`{section}`" + (f": {first}" if first else "") if section else "Scenario" + (f": {first}" if first else "")


INTRO = """\
# Parameters

This page is generated from `sim/parameters.py` by `sim/provenance.py`; do not edit it by hand.
Regenerate it with `make docs` (or `carenet params`, or `python -m sim.provenance`) after changing a parameter;
`tests/test_provenance.py` fails while this page is out of date.

One row per parameter. **Name** is the dotted name used in scenario files (`[handover]` table, key
`paper_complete`) and in overrides (`carenet run --set handover.paper_complete=0.7`). **Value** is the value in
the `default` scenario. **Bounds** are the values validation accepts (for choices: the allowed values);
**range** is the plausible range used by sensitivity analysis. **Source** is a seed document (`seed 003:L1450`
is line 1450 of seed file 003, see `docs/sources.md`), the calibration brief (`calibration: ...`) or
`assumption`. **Cal.** marks parameters `carenet calibrate` may fit. An empty cell means the field declares no
such metadata.
"""


def render_markdown(params: ScenarioParams | None = None) -> str:
    """The parameters page (Markdown), one table per section, values from ``params`` (default scenario)."""
    params = _default_params() if params is None else params
    table = parameter_table(params)
    lines = [INTRO]
    lines.append(f"{len(table)} parameters; {int((table['calibrate'] == True).sum())} calibratable.\n")  # noqa: E712
    groups = dict(list(table.groupby("section", sort=False)))
    tops = list(dict.fromkeys(s.split(".")[0] for s in groups))
    # a section's own parameters before its sub-sections (workforce before workforce.roles.gp)
    order = sorted(groups, key=lambda s: (tops.index(s.split(".")[0]), s.count(".") if s else -1))
    for section in order:
        group = groups[section]
        lines.append(f"## {_section_title(params, section)}\n")
        lines.append("| name | value | unit | bounds | range | source | cal. | description |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in group.itertuples(index=False):
            short = row.name[len(section) + 1:] if section else row.name
            cal = {True: "yes", False: "", None: ""}.get(row.calibrate, str(row.calibrate))
            cells = [f"`{short}`", _fmt(row.value), row.unit, _fmt_span(row.bounds, row.type),
                     _fmt_span(row.range, row.type), row.source, cal, row.description]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main(path: str | Path | None = None) -> Path:
    """Write the parameters page (default ``docs/parameters.md``) and return its path."""
    path = Path(path) if path is not None else DOC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {main()}")
