"""Scenario files: loading, composition (base plus overrides) and validation.

A scenario is a TOML file in ``scenarios/``. Every key is optional: what is not
given keeps the default from :mod:`sim.parameters`. A file may start from
another scenario with ``base = "NAME"`` (a built-in name or a ``.toml`` path
relative to the file) and override a few fields.

An optional ``[provenance]`` table maps the dotted names of the values the file
sets to their sources (``"population.profiles.child_complex.carer_share" =
"seed 001:L9"``). It is checked here (every entry must name a parameter the file
sets) and kept apart from validation; :func:`scenario_sources` merges the
sources along the base chain.

Everything is validated into :class:`~sim.parameters.ScenarioParams` before any
simulation runs. A mistake raises :class:`ScenarioError` whose message names the
file, the field, the value given and what is allowed.
"""

from __future__ import annotations

import copy
import difflib
import numbers
import tomllib
import typing
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from sim.parameters import ScenarioParams

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def closest(value: Any, options) -> str | None:
    """The option closest to a mistyped ``value`` (difflib), or None when nothing is close or it is not text."""
    if not isinstance(value, str):
        return None
    close = difflib.get_close_matches(value, [str(o) for o in options], n=1)
    return close[0] if close else None


def did_you_mean(value: Any, options, prefix: str = "") -> str:
    """``"; did you mean 'x'?"`` for the option closest to ``value`` (with ``prefix`` before it), or ``""``."""
    close = closest(value, options)
    return f"; did you mean {prefix + close!r}?" if close else ""


class ScenarioError(ValueError):
    """A scenario (file or overrides) that cannot be used; the message says why."""


def builtin_scenarios() -> dict[str, Path]:
    """Built-in scenario names mapped to their files."""
    return {path.stem: path for path in sorted(SCENARIO_DIR.glob("*.toml"))}


def _field_at(loc: tuple) -> tuple[Any, Any]:
    """The pydantic model class and field info a validation location points at."""
    model: Any = ScenarioParams
    info = None
    for part in loc:
        if isinstance(model, type) and issubclass(model, BaseModel) and part in model.model_fields:
            info = model.model_fields[part]
            model = info.annotation
        else:
            return model, info
    return model, info


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _kind_of(annotation: Any) -> str:
    """What a value of a field's type looks like, in the words of a scenario file (never a class name)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return ", ".join(repr(a) for a in args[:-1]) + (" or " if len(args) > 1 else "") + repr(args[-1])
    if origin is list:
        return f"a list, each item {_kind_of(args[0])}" if args else "a list"
    if origin is tuple:
        return "a pair [min, max] of whole numbers" if all(a is int for a in args) else "a pair [min, max]"
    if _is_section(annotation):
        return f"a table with the fields {', '.join(annotation.model_fields)}"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "text in quotes"}.get(
        annotation, "a value")


def _allowed(loc: tuple, error_type: str = "") -> str:
    """Describe what is allowed at a validation location, in the words of a scenario file (for a whole
    section only when it was given as a single value: a check across its fields says what it allows)."""
    parent, _ = _field_at(loc[:-1])
    if _is_section(parent) and loc and loc[-1] not in parent.model_fields:
        names = list(parent.model_fields)
        return f"known fields: {', '.join(names)}{did_you_mean(str(loc[-1]), names)}"
    if loc and isinstance(loc[-1], int) and typing.get_origin(parent) is list:  # an item of a list field
        return _kind_of(typing.get_args(parent)[0]) if typing.get_args(parent) else ""
    model, info = _field_at(loc)
    if _is_section(model):
        return _kind_of(model) if error_type in _MESSAGES else ""
    if info is None:
        return ""
    extra = info.json_schema_extra or {}
    parts = [f"{extra['bounds'][0]} to {extra['bounds'][1]}"] if "bounds" in extra else []
    if typing.get_origin(info.annotation) is not None or not parts:
        parts.insert(0, _kind_of(info.annotation))
    if extra.get("unit"):
        parts.append(f"in {extra['unit']}")
    return " ".join(parts)


#: pydantic's wording for a value of the wrong shape, in the words of a scenario file (by error type).
_MESSAGES = {"model_type": "must be a table (a section), not a single value",
             "dict_type": "must be a table (a section), not a single value",
             "tuple_type": "must be a pair [min, max]",
             "list_type": "must be a list",
             "literal_error": "not one of the choices"}


def _short(value: Any, width: int = 80) -> str:
    """A value as written in a message, cut to ``width`` characters (a whole table or list can be long)."""
    text = repr(value)
    if len(text) <= width:
        return text
    return text[:width - 5] + " ...]" if text.startswith("[") else text[:width - 4] + " ..."


def _format_errors(err: ValidationError, origin: str) -> str:
    lines = [f"{origin}: invalid scenario"]
    for e in err.errors():
        loc = tuple(e["loc"])
        msg = _MESSAGES.get(e["type"], e["msg"].replace("Value error, ", ""))
        if not loc:  # a check across fields: its message names them and what is allowed
            lines.append(f"  {msg}")
            continue
        value = e.get("input")
        shown = "" if isinstance(value, dict) else f" = {_short(value)}"
        allowed = _allowed(loc, e["type"])
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        lines.append(f"  field `{dotted}`{shown}: {msg}" + (f" (allowed: {allowed})" if allowed else ""))
    return "\n".join(lines)


def deep_merge(base: dict, overrides: dict) -> dict:
    """Merge ``overrides`` into a copy of ``base``; nested tables merge, values replace."""
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


#: What a scenario or vignette file must be, for messages.
TOML_TEXT = "a TOML text file in UTF-8"

#: Leading bytes of common binary formats, for naming what a file that is not text seems to be.
_MAGIC = {b"\x1f\x8b": "gzip-compressed data", b"PK\x03\x04": "a zip archive", b"PAR1": "a Parquet file",
          b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"\x7fELF": "a program"}


def read_toml(path: str | Path, error: type[ScenarioError] | None = None, kind: str = "scenario") -> dict:
    """Read a scenario (or vignette) file as TOML: the one place a file named on the command line is read.

    Anything that is not a readable TOML text file (missing, a directory, not UTF-8 text such as a gzip file,
    unreadable, invalid TOML) raises ``error`` (default :class:`ScenarioError`) naming the path, what is wrong
    and what is allowed; never an OSError or UnicodeDecodeError.
    """
    error = error or ScenarioError
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        builtins = f", or a built-in name: {', '.join(builtin_scenarios())}" if kind == "scenario" else ""
        raise error(f"{path}: no such {kind} file (allowed: {TOML_TEXT}{builtins})") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {kind} file (allowed: {TOML_TEXT})") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read: {exc.strerror or exc} (allowed: {TOML_TEXT} you may read)") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        what = next((name for magic, name in _MAGIC.items() if data.startswith(magic)), None)
        seems = f"it looks like {what}" if what else f"byte {data[exc.start]:#04x} at position {exc.start} is not UTF-8"
        raise error(f"{path}: not a {kind} file: not text ({seems}) (allowed: {TOML_TEXT})") from None
    if "\x00" in text:
        raise error(f"{path}: not a {kind} file: not text (it holds NUL bytes) (allowed: {TOML_TEXT})")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc} (allowed: {TOML_TEXT}; see docs/scenarios.md)") from None


def scenario_path(name_or_path: str | Path) -> Path:
    """The file of a built-in scenario name, or the given ``.toml`` path."""
    path = Path(name_or_path)
    builtins = builtin_scenarios()
    if not str(name_or_path).strip():
        raise ScenarioError(f"scenario {str(name_or_path)!r}: no scenario given (an unset shell variable?) "
                            f"(allowed: {TOML_TEXT}, or a built-in name: {', '.join(builtins)})")
    if path.is_dir() and (path.suffix == ".toml" or str(name_or_path) not in builtins):
        raise ScenarioError(f"{path}: is a directory, not a scenario file (allowed: {TOML_TEXT}, or a built-in "
                            f"name: {', '.join(builtins)})")
    if path.suffix != ".toml":
        if str(name_or_path) not in builtins:
            raise ScenarioError(f"scenario {str(name_or_path)!r} is not a built-in scenario or a .toml file "
                                f"(built-in: {', '.join(builtins)})")
        path = builtins[str(name_or_path)]
    return path


#: Keys of a scenario file that are not parameters: composition, labels and sources.
META_KEYS = ("base", "name", "description", "provenance")


def parameter_names(model: type[BaseModel] = ScenarioParams, prefix: str = "") -> list[str]:
    """Dotted names of every leaf parameter (nested sections walked), without the labels ``name`` and
    ``description``; these are the names a ``[provenance]`` table may use."""
    names = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            names += parameter_names(info.annotation, dotted + ".")
        elif dotted not in ("name", "description"):
            names.append(dotted)
    return names


def _section_names(model: type[BaseModel] = ScenarioParams, prefix: str = "") -> list[str]:
    """Dotted names of every section (sub-model)."""
    names = []
    for name, info in model.model_fields.items():
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            names.append(f"{prefix}{name}")
            names += _section_names(info.annotation, f"{prefix}{name}.")
    return names


def set_fields(table: dict, prefix: str = "") -> list[str]:
    """Dotted names of the values a raw scenario table sets (tables walked; labels and meta keys left out)."""
    names = []
    for key, value in table.items():
        if not prefix and key in META_KEYS:
            continue
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            names += set_fields(value, dotted + ".")
        else:
            names.append(dotted)
    return names


def flatten_sources(table: Any, origin: str, prefix: str = "") -> dict[str, Any]:
    """``[provenance]`` entries as {dotted name: source}; TOML dotted keys (``a.b = "..."``) arrive as nested
    tables and are joined back into one name."""
    if not isinstance(table, dict):
        raise ScenarioError(f"{origin}: field `provenance` = {table!r}: must be a table "
                            '(allowed: [provenance] with entries like "strain.recovery" = "seed 003:L466")')
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten_sources(value, origin, dotted + "."))
        else:
            out[dotted] = value
    return out


def check_sources(sources: dict[str, Any], table: dict, origin: str) -> dict[str, str]:
    """Refuse ``[provenance]`` entries that name no parameter, a parameter the file does not set, or carry
    no source text; the message names the file, each bad entry and what is allowed."""
    own = set_fields(table)
    known = parameter_names()
    allowed = f"the fields this file sets: {', '.join(own)}" if own else "none: this file sets no field"
    problems = []
    for name, source in sources.items():
        what = allowed
        if name not in known:
            if name in _section_names():
                why = "names a section, not a field"
            else:
                close = closest(name, known)
                why = "no such parameter" + (f" (did you mean {close!r}?)" if close else "")
        elif name not in own:
            why = "this file does not set that field (a source belongs to a value the file sets)"
        elif not isinstance(source, str) or not source.strip():
            why = f"the source must be non-empty text, got {source!r}"
            what = 'a string such as "seed 003:L466" or "assumption: ..."'
        else:
            continue
        problems.append(f"  entry `{name}`: {why} (allowed: {what})")
    if problems:
        raise ScenarioError(f"{origin}: invalid [provenance] table\n" + "\n".join(problems))
    return dict(sources)


def resolve_scenario(name_or_path: str | Path, _seen: tuple = ()) -> tuple[dict, str, dict[str, str]]:
    """The scenario's merged raw table (bases resolved), its origin for messages, and its sources.

    Sources come from the ``[provenance]`` tables of the file and its bases: a file's entry replaces its
    base's; a value a file sets without an entry drops the base's source for that field (it no longer
    describes the value). The ``[provenance]`` table never reaches validation.
    """
    path = scenario_path(name_or_path)
    return merge_base(read_toml(path), path, _seen)


def merge_base(raw: dict, path: Path, _seen: tuple = ()) -> tuple[dict, str, dict[str, str]]:
    """Resolve the ``base`` chain and ``[provenance]`` of a table read from ``path`` (changes ``raw``).

    Returns the merged raw table, its origin for messages and its sources (see :func:`resolve_scenario`).
    """
    builtins = builtin_scenarios()
    origin = str(path)
    base = raw.pop("base", None)
    sources = check_sources(flatten_sources(raw.pop("provenance", {}), origin), raw, origin)
    if base is not None:
        if not isinstance(base, str):
            raise ScenarioError(f"{origin}: field `base` = {base!r}: must be a scenario name "
                                f"(allowed: {', '.join(builtins)})")
        if base in _seen:
            raise ScenarioError(f"{origin}: field `base` = {base!r}: scenarios form a cycle ({' -> '.join(_seen)})")
        if base not in builtins and not base.endswith(".toml"):
            raise ScenarioError(f"{origin}: field `base` = {base!r}: unknown scenario "
                                f"(allowed: {', '.join(builtins)} or a .toml file{did_you_mean(base, builtins)})")
        base_path = base_file(base, path)
        if not base_path.is_file():
            raise ScenarioError(f"{origin}: field `base` = {base!r}: no such scenario file {base_path} "
                                f"(allowed: {', '.join(builtins)} or an existing .toml file)")
        base_raw, _, base_sources = resolve_scenario(base_path, _seen + (base,))
        base_raw.pop("name", None)
        base_raw.pop("description", None)
        own = set(set_fields(raw))
        sources = {k: v for k, v in base_sources.items() if k not in own} | sources
        raw = deep_merge(base_raw, raw)
    raw.setdefault("name", path.stem)
    return raw, origin, sources


def base_file(base: str, path: Path) -> Path:
    """The file a scenario's ``base = "..."`` names: a built-in scenario's file, or a path relative to ``path``
    (the file that names it)."""
    return builtin_scenarios().get(base) or (path.parent / base)


def scenario_files(name_or_path: str | Path) -> list[Path]:
    """The files a scenario is read from: its own file, then its base's, and so on along the chain (checked as
    :func:`resolve_scenario` checks it: a bad base raises :class:`ScenarioError`)."""
    resolve_scenario(name_or_path)
    files = [scenario_path(name_or_path)]
    while isinstance(base := read_toml(files[-1]).get("base"), str):
        files.append(base_file(base, files[-1]))
    return files


def raw_scenario(name_or_path: str | Path, _seen: tuple = ()) -> tuple[dict, str]:
    """The scenario's merged raw table (bases resolved) and its origin for messages."""
    raw, origin, _ = resolve_scenario(name_or_path, _seen)
    return raw, origin


def scenario_sources(name_or_path: str | Path) -> dict[str, str]:
    """{dotted parameter name: source} from the ``[provenance]`` tables of a scenario and its bases."""
    return resolve_scenario(name_or_path)[2]


def scenario_file_table(name_or_path: str | Path) -> dict:
    """A scenario file's own table (no bases merged), as read; for listing what a file overrides."""
    return read_toml(scenario_path(name_or_path))


#: The one shortcut an override key may use: ``n_clients`` stands for ``population.n_clients``.
KEY_ALIASES = {"n_clients": "population.n_clients"}


def dotted_key(key: str) -> str:
    """An override key in its dotted form: ``strain__recovery`` -> ``strain.recovery`` (aliases kept)."""
    return key.replace("__", ".")


def parameter_path(key: str) -> str:
    """The full dotted parameter name of an override key: ``n_clients`` -> ``population.n_clients``,
    ``strain__recovery`` -> ``strain.recovery``."""
    key = dotted_key(key)
    return KEY_ALIASES.get(key, key)


def parse_value(text: str) -> Any:
    """A value written as text (``--set``, a sweep's values) as a TOML scalar (``3`` int, ``0.2`` float,
    ``true`` bool, ``[2, 6]`` array); anything that is not valid TOML is taken as a plain string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def check_key(key: str, flag: str = "--set") -> None:
    """Refuse an override key that names no parameter; the message names ``flag``, the key, the section's
    fields and the closest match."""
    path = parameter_path(key)
    model: Any = ScenarioParams
    done: list[str] = []
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise ScenarioError(f"{flag} {key}: `{'.'.join(done)}` is a parameter, not a section")
        fields = list(model.model_fields)
        if part not in fields:
            where = f"section `{'.'.join(done)}`" if done else "the scenario"
            hint = did_you_mean(part, fields, "".join(f"{d}." for d in done))
            raise ScenarioError(f"{flag} {key}: unknown parameter `{path}` ({where} has no field {part!r}; "
                                f"allowed: {', '.join(fields)}{hint})")
        model = model.model_fields[part].annotation
        done.append(part)


def check_years(years: Any, flag: str = "years", error: type[ScenarioError] = ScenarioError) -> None:
    """Refuse a simulated length that is not a number of years > 0 and <= 100 (``None``: the scenario's own);
    numpy numbers are numbers."""
    if years is not None and (isinstance(years, (bool, np.bool_)) or not isinstance(years, numbers.Real)
                              or not 0 < years <= 100):
        raise error(f"{flag} = {years!r} not allowed (allowed: a number of years > 0 and <= 100)")


def check_seed(seed: Any, flag: str = "seed", error: type[ScenarioError] = ScenarioError) -> int:
    """A seed as an int: an integer >= 0 (numpy integers and integral floats such as 3.0 accepted), else an error
    naming ``flag``, the value and what is allowed."""
    if isinstance(seed, (float, np.floating)) and float(seed).is_integer():
        seed = int(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise error(f"{flag} = {seed!r} not allowed (allowed: an integer >= 0)")
    return int(seed)


def weeks_of(years: float) -> int:
    """The weeks a run of ``years`` years simulates (52 per year, rounded, at least one)."""
    return max(1, int(round(years * 52)))


def overrides_to_tree(overrides: dict[str, Any]) -> dict:
    """Turn flat overrides (``strain__recovery`` or ``strain.recovery``) into a nested table.

    The shortcut ``n_clients`` stands for ``population.n_clients`` (:data:`KEY_ALIASES`).
    """
    tree: dict = {}
    for key, value in overrides.items():
        parts = parameter_path(key).split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return tree


def validate(raw: dict, origin: str = "scenario") -> ScenarioParams:
    """Validate a raw table into typed parameters or raise :class:`ScenarioError`.

    The table is laid over the full defaults first, so a partial profile or role
    keeps that profile's or role's own documented values for the fields not given.
    """
    try:
        return ScenarioParams.model_validate(_tomlish(deep_merge(_DEFAULTS, raw)))
    except ValidationError as exc:
        raise ScenarioError(_format_errors(exc, origin)) from None


_DEFAULTS = ScenarioParams().model_dump()


def _tomlish(raw: Any) -> Any:
    """TOML has arrays, not tuples: turn two-element lists into tuples for range fields."""
    if isinstance(raw, dict):
        return {k: _tomlish(v) for k, v in raw.items()}
    if isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
        return tuple(raw)
    return raw


def load_scenario(name_or_path: str | Path = "default", **overrides) -> ScenarioParams:
    """Load a built-in scenario by name or a TOML file by path, apply overrides, validate."""
    raw, origin = raw_scenario(name_or_path)
    if overrides:
        raw = deep_merge(raw, overrides_to_tree(overrides))
        origin += " (with overrides)"
    return validate(raw, origin)
