"""What a result records about the software that made it: package versions and the git commit.

Every stored result (a run's ``provenance.json``, an experiment's manifest, the calibration report)
records :func:`package_versions` and :func:`git_state`, so anyone can tell which code produced it.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

#: The repository that holds this package (its ``.git`` is looked for here).
REPO = Path(__file__).resolve().parent.parent

#: Distributions whose versions every result records.
RECORDED_PACKAGES = ("carenet", "mesa", "numpy", "pandas", "pyarrow", "scipy", "pydantic", "SALib", "distributed")


def package_versions(packages: tuple[str, ...] = RECORDED_PACKAGES) -> dict[str, str | None]:
    """Python's version and each distribution's installed version (None when not installed)."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    for dist in packages:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def git_state(repo: Path = REPO) -> dict[str, Any] | None:
    """``{"commit": sha, "dirty": bool}`` of the repository holding this package (dirty: tracked files
    changed); None when there is no repository or git does not answer."""
    if not (repo / ".git").exists():
        return None
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=10,
                                  check=True).stdout
        return {"commit": git("rev-parse", "HEAD").strip(),
                "dirty": bool(git("status", "--porcelain", "--untracked-files=no").strip())}
    except (OSError, subprocess.SubprocessError):
        return None


__all__ = ["RECORDED_PACKAGES", "REPO", "git_state", "package_versions"]
