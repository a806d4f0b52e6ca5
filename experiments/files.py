"""Writing result files so that an interrupted write never leaves half a file.

Every file carenet writes (run stores, ``carenet run`` outputs, calibration reports, fitted
scenario files) goes through :func:`atomic_write` or :func:`atomic_write_bytes`: the data is
written to a temporary file beside the target, flushed and fsynced, then renamed over it, so a
reader sees the old file or the new one, never a mixture.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from pathlib import Path
from typing import Any, Callable


def temp_name(path: Path) -> Path:
    """The temporary name ``path`` is written under before the rename (a hidden ``.tmp`` file beside it)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries to disk (so a rename survives a crash); a no-op where not possible."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # not possible on some platforms (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` through ``write(tmp_path)`` (e.g. ``frame.to_parquet``) into a temporary file beside it,
    fsync it, then rename it over ``path``; the temporary file is removed if anything fails."""
    path = Path(path)
    tmp = temp_name(path)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_write`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (``np.int64(3)`` -> ``3``); anything else unchanged."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def json_safe(value: Any) -> Any:
    """A JSON-ready copy: numpy scalars as Python numbers, NaN and infinities as None (JSON null), keys as text."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    value = plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as indented JSON (after :func:`json_safe`) to ``path`` atomically."""
    atomic_write_text(path, json.dumps(json_safe(data), indent=2, allow_nan=False) + "\n")


__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text", "fsync_dir", "json_safe", "plain", "temp_name",
           "write_json"]
