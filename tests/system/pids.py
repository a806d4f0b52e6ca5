"""Process helpers for the tests that kill drivers and workers (Linux ``/proc``; empty results elsewhere)."""

from __future__ import annotations

from pathlib import Path


def parents() -> dict[int, int]:
    """Process id -> parent process id, for every process."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            out[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return out


def children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid``."""
    return {p for p, pp in parents().items() if pp == pid}


def descendants(pid: int) -> set[int]:
    """Process ids below ``pid`` (children, their children, ...)."""
    parent = parents()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (exists and is not a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False
