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

A scenario file may name sources for the values it sets (its ``[provenance]``
table, see :mod:`sim.scenario`); :func:`scenario_sources` returns them, merged
along the scenario's base chain, and ``parameter_table(params, sources)`` shows
them in place of the default sources.

``python -m sim.provenance`` (or ``carenet params`` / ``make docs``) writes
``docs/parameters.md`` and ``docs/scenarios.md`` (the scenario file format, every
field, the built-in scenarios); tests check that the committed files are current.
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
SCENARIOS_DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"

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


def scenario_sources(name_or_path: str | Path) -> dict[str, str]:
    """A scenario's sources: {dotted parameter name: source} from the ``[provenance]`` tables of its file and
    its bases (a file's entry replaces its base's; a value set without an entry drops the base's source)."""
    from sim.scenario import scenario_sources as _sources
    return _sources(name_or_path)


def parameter_table(params: ScenarioParams | None = None, sources: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per leaf parameter (columns :data:`COLUMNS`); values from ``params`` (default scenario if None).

    ``sources`` ({dotted name: source}, e.g. from :func:`scenario_sources`) replaces the default source of the
    fields it names: the scenario's source for the value it sets. Names that are no parameter are refused.
    """
    params = _default_params() if params is None else params
    sources = dict(sources or {})
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
            "source": sources.pop(dotted, extra.get("source")),
            "calibrate": extra.get("calibrate"),
            "description": info.description,
        })
    if sources:
        raise ValueError(f"sources for unknown parameters: {', '.join(sorted(sources))}")
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def ranges_for_sensitivity(params: ScenarioParams | None = None) -> dict[str, tuple[float, float]]:
    """Plausible ranges of the numeric (int and float) parameters: {dotted name: (lo, hi)}.

    ``params`` (default: the default parameters) gives the values that per-profile and
    per-role ranges (``range=RELATIVE``: half to twice the value in use) are taken around;
    ``population.municipality_size_spread`` is left out when there is one municipality (no effect).

    Left out: parameters whose declared range is just their bounds (no plausible
    range given: population size, simulated years, profile shares that must sum
    to 1, legal deadlines), degenerate ranges (lo == hi), and non-scalar fields.
    Ranges are per field, so every profile and role gets its own entry. Values of
    ``int`` parameters must be rounded to int before use (validation is strict);
    the ``type`` column of :func:`parameter_table` says which ones are int.
    """
    params = ScenarioParams() if params is None else params
    table = parameter_table(params)
    out = {}
    for row in table.itertuples(index=False):
        if row.type not in ("int", "float") or row.range is None:
            continue
        lo, hi = row.range
        if lo < hi and tuple(row.range) != tuple(row.bounds or ()):
            out[row.name] = (float(lo), float(hi))
    if params.population.municipalities == 1:  # the spread of sizes only acts with several municipalities
        out.pop("population.municipality_size_spread", None)
    return out


#: Columns of :func:`parameter_ranges`.
RANGE_COLUMNS = ("name", "keyword", "kind", "low", "high", "choices", "value", "unit", "source")


def parameter_ranges(params: ScenarioParams | None = None) -> pd.DataFrame:
    """Every parameter a sampling tool can vary, with what it may take: one row per parameter.

    Columns (:data:`RANGE_COLUMNS`):

    * ``name``: the dotted name (``strain.recovery``); ``keyword``: the same as a keyword of
      :func:`sim.model.run_model` and :class:`~sim.model.CareNetworkModel` (``strain__recovery``);
    * ``kind``: ``float``, ``int`` (sample integers, or integral floats such as 8.0), ``bool`` or
      ``categorical`` (sample one of ``choices``);
    * ``low``, ``high``: the plausible range of a numeric parameter (:func:`ranges_for_sensitivity`), NaN
      for the others; ``choices``: the allowed values of a bool or categorical parameter, else None;
    * ``value``: the value in ``params`` (default: the default scenario); ``unit``; ``source``.

    Numeric parameters without a plausible range (population size, simulated years, profile shares that
    must add up to 1, legal deadlines) are left out, as in the sensitivity analysis.
    """
    params = _default_params() if params is None else params
    ranges = ranges_for_sensitivity(params)
    rows = []
    for row in parameter_table(params).itertuples(index=False):
        if row.type in ("int", "float"):
            if row.name not in ranges:
                continue
            kind, (low, high), choices = row.type, ranges[row.name], None
        elif row.type == "bool":
            kind, low, high, choices = "bool", float("nan"), float("nan"), (False, True)
        elif row.type == "choice":
            kind, low, high, choices = "categorical", float("nan"), float("nan"), tuple(row.bounds)
        else:
            continue
        rows.append({"name": row.name, "keyword": row.name.replace(".", "__"), "kind": kind, "low": low,
                     "high": high, "choices": choices, "value": row.value, "unit": row.unit, "source": row.source})
    return pd.DataFrame(rows, columns=list(RANGE_COLUMNS))


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


def section_summary(params: ScenarioParams, section: str) -> str:
    """The first line of the docstring of the model holding a section (``""``: the scenario itself)."""
    model: Any = params
    for part in section.split(".") if section else ():
        model = getattr(model, part)
    doc = (type(model).__doc__ or "").strip().splitlines()
    return doc[0] if doc else ""


def section_order(table: pd.DataFrame) -> list[str]:
    """The sections of a :func:`parameter_table` in reading order: top-level sections as declared, a section's own
    parameters before its sub-sections (``workforce`` before ``workforce.roles.gp``)."""
    sections = list(dict.fromkeys(table["section"]))
    tops = list(dict.fromkeys(s.split(".")[0] for s in sections))
    return sorted(sections, key=lambda s: (tops.index(s.split(".")[0]), s.count(".") if s else -1))


def _section_title(params: ScenarioParams, section: str) -> str:
    """The section's dotted name and the first line of its model's docstring."""
    first = section_summary(params, section)
    return f"`{section}`" + (f": {first}" if first else "") if section else "Scenario" + (f": {first}" if first else "")


INTRO = """\
# Parameters

This page is generated from `sim/parameters.py` by `sim/provenance.py`; do not edit it by hand.
Regenerate it with `make docs` (or `carenet params`, or `python -m sim.provenance`) after changing a parameter;
`tests/functional/test_provenance.py` fails while this page is out of date.

One row per parameter. **Name** is the dotted name used in scenario files (`[handover]` table, key
`paper_complete`) and in overrides (`carenet run --set handover.paper_complete=0.7`). **Value** is the value in
the `default` scenario. **Bounds** are the values validation accepts (for choices: the allowed values);
**range** is the plausible range used by sensitivity analysis. **Source** is a seed document (`seed 003:L1450`
is line 1450 of seed file 003, see `docs/sources.md`), the calibration brief (`calibration: ...`) or
`assumption`; for a value the `default` scenario file sets, it is that file's `[provenance]` entry (values fitted
by `carenet calibrate` say "calibrated to ...", see `docs/calibration.md`). **Cal.** marks parameters `carenet
calibrate` may fit. An empty cell means the field declares no such metadata.
"""


def render_markdown(params: ScenarioParams | None = None) -> str:
    """The parameters page (Markdown), one table per section, values from ``params`` (default scenario).

    Without ``params`` the values and, for the fields the default scenario file sets, the sources are the
    default scenario's (its ``[provenance]`` entries, e.g. "calibrated to ..." for fitted values)."""
    sources = scenario_sources("default") if params is None else None
    params = _default_params() if params is None else params
    table = parameter_table(params, sources)
    lines = [INTRO]
    lines.append(f"{len(table)} parameters; {int((table['calibrate'] == True).sum())} calibratable.\n")  # noqa: E712
    groups = dict(list(table.groupby("section", sort=False)))
    order = section_order(table)
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


# --------------------------------------------------------------------------- docs/scenarios.md

SCENARIOS_INTRO = """\
# Scenarios

This page is generated from `sim/parameters.py` and the files in `scenarios/` by `sim/provenance.py`; do not edit
it by hand. Regenerate it with `make docs` (or `carenet params`, or `python -m sim.provenance`) after changing a
parameter or a scenario file; `tests/functional/test_scenarios.py` fails while this page is out of date. Where each default
comes from is in `docs/parameters.md`; what the source documents say is in `docs/sources.md`.

## The scenario file

A scenario is a [TOML](https://toml.io) file. Tables are sections (`[strain]`,
`[population.profiles.frail_elderly]`, `[workforce.roles.gp]`), keys are fields. **Every field is optional**: a
field the file does not set keeps its base scenario's value, or, without a base, the default listed below.

```toml
# my_scenario.toml
base = "frail_elderly"        # start from a built-in scenario (or a .toml path, relative to this file)
name = "frail_elderly_slow_wmo"
description = "Frail elderly with a slow Wmo desk."

[arranging]
wmo_weeks = [4, 8]            # an int range: [min, max]

[population.profiles.frail_elderly]
carer_available_hours = 15.0

[provenance]                  # optional: where the values this file sets come from
"arranging.wmo_weeks" = "assumption: a slow municipal desk"
"population.profiles.frail_elderly.carer_available_hours" = "assumption"
```

Rules, all checked before anything runs (`carenet check FILE` says what is wrong, naming the file, the field, the
value and what is allowed):

- **`base`** names a built-in scenario (see below) or a `.toml` file relative to this one; bases may chain but
  not form a cycle. The file's tables are merged into its base's field by field (a value replaces the base's, a
  table merges with the base's table). `name` and `description` are not inherited: `name` defaults to the file
  name.
- **Types are strict**: an `int` field refuses `8.0`; a `float` field takes `8` or `8.0`; a `bool` field takes
  `true`/`false` only; a `choice` field one of the listed values; a `choices` field a list of them; an `int
  range` a pair `[min, max]` with 0 ≤ min ≤ max ≤ 104 weeks. Numbers must lie within the field's bounds.
- The four profiles' `share`s must add up to 1, and the strain thresholds must increase (`fairly_heavy <
  very_heavy < overburdened`).
- **`[provenance]`** maps the dotted name of a value the file sets (`"population.profiles.child_complex.share"`)
  to its source: a seed line (`seed 003:L1450`, see `docs/sources.md`), a calibration figure (`calibration:
  ...`) or `assumption: ...`. An entry that names no parameter, a section, or a field the file does not set is
  an error. Sources are merged along the base chain: a file's entry replaces its base's, and a value a file sets
  without an entry drops its base's source for that field. `carenet run` writes the merged table into
  `provenance.json` (`sources`); `sim.provenance.parameter_table(params, scenario_sources(name))` shows them in
  place of the default sources.
- Overrides on the command line (`carenet run FILE --set strain.recovery=0.2 --set n_clients=500`) apply on top
  of the file and are validated the same way.
"""


#: What validation accepts for the ``[min, max]`` week ranges (checked in ``ScenarioParams._laws_allowed``).
INT_RANGE_BOUNDS = "[min, max], 0 ≤ min ≤ max ≤ 104"


def _model_at(params: BaseModel, section: str) -> Any:
    """The sub-model (or, for a field's dotted name, the value) at a dotted name."""
    model: Any = params
    for part in section.split(".") if section else ():
        model = getattr(model, part)
    return model


def _family(params: BaseModel, section: str) -> tuple[str, list[str]] | None:
    """For a section that is one of a set of same-typed siblings (a profile, a role): (parent, member names)."""
    if "." not in section:
        return None
    parent, _ = section.rsplit(".", 1)
    fields = type(_model_at(params, parent)).model_fields
    kinds = {info.annotation for info in fields.values()}
    if len(fields) > 1 and len(kinds) == 1 and _is_model(next(iter(kinds))):
        return parent, list(fields)
    return None


def _placeholder(parent: str) -> str:
    return {"population.profiles": "<profile>", "workforce.roles": "<role>"}.get(parent, "<name>")


def _field_reference(params: ScenarioParams) -> list[str]:
    """Every field by section, with type, unit, bounds and default; profiles and roles as one table each."""
    table = parameter_table(params)
    groups = dict(list(table.groupby("section", sort=False)))
    order = section_order(table)
    lines = ["## Fields\n",
             f"{len(table)} fields. **Default** is the value a file without `base` gets; for profiles and roles "
             "each member has its own default. **Bounds** are the values accepted (for choices: the allowed "
             "values).\n"]
    done: set[str] = set()
    for section in order:
        family = _family(params, section)
        if family is None:
            lines.append(f"### {_section_title(params, section)}\n")
            lines.append("| field | type | unit | bounds | default | description |")
            lines.append("| --- | --- | --- | --- | --- | --- |")
            for row in groups[section].itertuples(index=False):
                short = row.name[len(section) + 1:] if section else row.name
                bounds = _fmt_span(row.bounds, row.type) or (INT_RANGE_BOUNDS if row.type == "int range" else "")
                cells = [f"`{short}`", row.type, row.unit, bounds, _fmt(row.value), row.description]
                lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
            lines.append("")
            continue
        parent, members = family
        if parent in done:
            continue
        done.add(parent)
        doc = (type(_model_at(params, section)).__doc__ or "").strip().splitlines()
        title = f"`{parent}.{_placeholder(parent)}`" + (f": {doc[0]}" if doc else "")
        lines.append(f"### {title}\n")
        lines.append(f"One table per member: `[{parent}.{members[0]}]` and so on; members: "
                     + ", ".join(f"`{m}`" for m in members) + ".\n")
        lines.append("| field | type | unit | bounds | " + " | ".join(f"default `{m}`" for m in members)
                     + " | description |")
        lines.append("| --- " * (5 + len(members)) + "|")
        first = groups[section]
        for row in first.itertuples(index=False):
            short = row.name[len(section) + 1:]
            values = [_fmt(_model_at(params, f"{parent}.{m}.{short}")) for m in members]
            cells = [f"`{short}`", row.type, row.unit, _fmt_span(row.bounds, row.type), *values, row.description]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    return lines


def _scenario_order(name: str) -> tuple:
    """The mixed municipality first, then the single-group scenarios in profile order, then the rest."""
    from sim.vocabulary import PROFILES
    return (name != "default", PROFILES.index(name) if name in PROFILES else len(PROFILES), name)


def _builtin_listing() -> list[str]:
    """The built-in scenarios: a summary table, then per scenario what its file sets and the sources."""
    from sim.scenario import builtin_scenarios, load_scenario, scenario_file_table, set_fields
    lines = ["## Built-in scenarios\n",
             "Run one with `carenet run NAME`, list them with `carenet scenarios`, start from one with "
             "`base = \"NAME\"`. **Sets** counts the fields the file sets on top of its base.\n",
             "| scenario | base | sets | description |", "| --- | --- | --- | --- |"]
    details = []
    builtins = builtin_scenarios()
    for name in sorted(builtins, key=_scenario_order):
        path = builtins[name]
        own = scenario_file_table(name)
        base = own.get("base")
        fields = set_fields(own)
        params = load_scenario(name)
        base_params = load_scenario(base) if base else ScenarioParams()
        sources = scenario_sources(name)
        lines.append("| " + " | ".join(_cell(c) for c in [
            f"`{name}`", f"`{base}`" if base else "", len(fields), params.description]) + " |")
        details.append(f"### `{name}`\n")
        details.append(f"{params.description} File `scenarios/{path.name}`"
                       + (f", base `{base}`." if base else ", no base (code defaults)."))
        details.append("")
        details.append("| field | value | " + (f"in `{base}`" if base else "code default") + " | source |")
        details.append("| --- | --- | --- | --- |")
        for field in fields:
            details.append("| " + " | ".join(_cell(c) for c in [
                f"`{field}`", _fmt(_model_at(params, field)), _fmt(_model_at(base_params, field)),
                sources.get(field, "(none given)")]) + " |")
        details.append("")
    return lines + [""] + details


def render_scenarios_markdown() -> str:
    """The scenarios page (Markdown): the file format, the built-in scenarios and every field."""
    lines = [SCENARIOS_INTRO]
    lines += _builtin_listing()
    lines += _field_reference(ScenarioParams())
    return "\n".join(lines).rstrip("\n") + "\n"


def main(path: str | Path | None = None, scenarios_path: str | Path | None = None) -> Path:
    """Write the parameters page (default ``docs/parameters.md``) and the scenarios page (default
    ``docs/scenarios.md``); return the parameters page's path."""
    path = Path(path) if path is not None else DOC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8")
    write_scenarios_doc(scenarios_path)
    return path


def write_scenarios_doc(path: str | Path | None = None) -> Path:
    """Write the scenarios page (default ``docs/scenarios.md``) and return its path."""
    path = Path(path) if path is not None else SCENARIOS_DOC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_scenarios_markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {main()} and {SCENARIOS_DOC_PATH}")
