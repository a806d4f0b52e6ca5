"""The aims of ``carenet bench`` (issue 13) and the one way an aim is printed.

Aims are printed, met or not met, and never asserted in a test: timings on a shared machine vary. Every
measurement of ``carenet bench`` that has an aim prints it with :func:`aim_line`.

* The speed ratio (carenet client-weeks/s over Mesa's empty agent-steps/s, :mod:`experiments.reference`):
  :data:`RATIO_AIMS`, by number of clients.
* The national scenario, 1,000,000 clients x :data:`NATIONAL_YEARS` years on :data:`NATIONAL_WORKERS` workers,
  engine start-up and model warm-up included: at most :data:`NATIONAL_AIM_S` seconds.
* Peak resident memory of :data:`MEMORY_CLIENTS` clients x :data:`MEMORY_YEARS` years: at most
  :data:`MEMORY_AIM_GIB` GiB.
* A default ``carenet compare`` (the five policies x :data:`COMPARE_REPLICATES` replicates of the default scenario)
  on :data:`COMPARE_WORKERS` workers, engine start-up included: at most :data:`COMPARE_AIM_S` seconds.
* The teaching dashboard (``carenet bench --dashboard``): a frame (one Step: both runs a week on, every panel drawn
  again) in under :data:`FRAME_AIM_MS` milliseconds for a vignette.
* The engines (``carenet bench --ensemble``): speedup of 2 workers over 1 at least :data:`SPEEDUP_AIM`, per-run
  overhead below :data:`OVERHEAD_AIM`.
"""

from __future__ import annotations

#: Ratio of client-weeks/s to Mesa's empty agent-steps/s aimed at, by number of clients (the same in both).
RATIO_AIMS = {10_000: 1.5, 100_000: 2.0}

#: The national scenario over ten years on two workers, in at most ten minutes (seconds of wall time).
NATIONAL_YEARS = 10
NATIONAL_WORKERS = 2
NATIONAL_AIM_S = 600.0

#: Peak resident memory (GiB) of a run of 100,000 clients over ten years.
MEMORY_CLIENTS = 100_000
MEMORY_YEARS = 10
MEMORY_AIM_GIB = 1.0

#: A default comparison (five policies x 30 replicates of the default scenario) on two workers, in seconds.
COMPARE_REPLICATES = 30
COMPARE_WORKERS = 2
COMPARE_AIM_S = 60.0

#: The speedup of 2 workers over 1 aimed at, and the largest acceptable per-run engine overhead (a fraction).
SPEEDUP_AIM = 1.7
OVERHEAD_AIM = 0.05

#: Milliseconds a dashboard frame may take for a vignette (issue 12).
FRAME_AIM_MS = 200.0


def aim_line(aim: str, met: bool | None, note: str = "") -> str:
    """``aim: <aim> — met`` (or ``not met``; ``not measured`` when ``met`` is None, e.g. a run of another size),
    with ``note`` in brackets after it (what was measured, or that a figure is an extrapolation)."""
    verdict = "not measured" if met is None else "met" if met else "not met"
    return f"aim: {aim} — {verdict}" + (f" ({note})" if note else "")


def ratio_aim_line(clients: int, ratio: float) -> str | None:
    """The aim line of the speed ratio at ``clients`` clients, or None where no aim is set for that size."""
    aim = RATIO_AIMS.get(clients)
    if aim is None:
        return None
    return aim_line(f"ratio to Mesa's empty agent step >= {aim:g} at {clients:,} clients", ratio >= aim,
                    f"{ratio:.2f}")


__all__ = ["COMPARE_AIM_S", "COMPARE_REPLICATES", "COMPARE_WORKERS", "MEMORY_AIM_GIB", "MEMORY_CLIENTS",
           "MEMORY_YEARS", "NATIONAL_AIM_S", "NATIONAL_WORKERS", "NATIONAL_YEARS", "OVERHEAD_AIM", "RATIO_AIMS",
           "SPEEDUP_AIM", "aim_line", "ratio_aim_line"]
