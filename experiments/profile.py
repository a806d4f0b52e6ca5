"""The tables of ``carenet bench --profile``: the top functions of a cProfile run, and the week's time by process.

* :func:`top_functions`: the ``n`` functions with the most cumulative time (the function and what it calls) or
  the most own time (the function's own lines), from a :class:`cProfile.Profile`; :func:`functions_table` prints
  them, one line each, with the place named short (``sim/processes/handover.py:97 handover``; a library by its
  package path, a built-in by its name).
* :func:`process_table`: the seconds each process of the week (:data:`sim.week.STEP_ORDER`, timed by
  :func:`sim.week.run_week`) took over a run, largest first, with its share of the stepping and milliseconds per
  week; what the step does outside the processes (weekly measures, data collection) is the last row.

Units: seconds of wall time; the profiler's own cost inflates functions called often (cumulative and own times
under it are for ranking, not for reading as the model's speed).
"""

from __future__ import annotations

import pstats

from experiments.environment import REPO

#: The two orders of :func:`top_functions`: the pstats column each ranks by.
ORDERS = {"cumulative": 3, "own": 2}
#: Longest function name shown (longer ones are cut with an ellipsis).
NAME_WIDTH = 72


def place(key: tuple[str, int, str]) -> str:
    """A pstats key (file, line, function) as a short place: the file relative to the repository or to its
    library folder, the line and the function; a built-in by its name alone."""
    file, line, name = key
    if file == "~" and line == 0:
        text = name
    else:
        path = file.replace("\\", "/")
        root = str(REPO).replace("\\", "/") + "/"
        if path.startswith(root):
            path = path[len(root):]
        elif "/site-packages/" in path:
            path = path.split("/site-packages/", 1)[1]
        elif "/lib/python" in path:
            path = path.split("/lib/python", 1)[1].split("/", 1)[-1]
        text = f"{path}:{line} {name}"
    return text if len(text) <= NAME_WIDTH else text[:NAME_WIDTH - 1] + "…"


def top_functions(profiler, n: int, order: str) -> list[dict]:
    """The ``n`` functions first by ``order`` (``cumulative`` or ``own``) time of a profile: dicts with the
    place, the calls, the cumulative and the own seconds."""
    if order not in ORDERS:
        raise ValueError(f"order = {order!r} not allowed (allowed: {', '.join(ORDERS)})")
    stats = pstats.Stats(profiler).stats
    column = ORDERS[order]
    ranked = sorted(stats.items(), key=lambda item: item[1][column], reverse=True)[:n]
    return [{"function": place(key), "calls": nc, "own_s": tt, "cumulative_s": ct}
            for key, (_, nc, tt, ct, _) in ranked]


def functions_table(rows: list[dict], title: str) -> str:
    """A title and one line per function: cumulative seconds, own seconds, calls, the place."""
    lines = [title, f"  {'cum s':>8} {'own s':>8} {'calls':>11}  function"]
    lines += [f"  {r['cumulative_s']:8.2f} {r['own_s']:8.2f} {r['calls']:11,}  {r['function']}" for r in rows]
    return "\n".join(lines)


def process_table(seconds: dict[str, float], step_s: float, weeks: int) -> str:
    """The week's time by process: seconds, share of the stepping ``step_s`` (seconds) and milliseconds per week
    over ``weeks`` weeks, largest first; the rest of the stepping (outside the processes) last."""
    rows = sorted(seconds.items(), key=lambda item: item[1], reverse=True)
    rows.append(("outside the processes", max(step_s - sum(seconds.values()), 0.0)))
    width = max(len(name) for name, _ in rows)
    lines = [f"  {'process':<{width}} {'seconds':>8} {'share':>7} {'ms/week':>8}"]
    for name, s in rows:
        share = s / step_s if step_s > 0 else 0.0
        lines.append(f"  {name:<{width}} {s:8.2f} {100 * share:6.1f}% {1000 * s / max(weeks, 1):8.2f}")
    lines.append(f"  {'stepping':<{width}} {step_s:8.2f} {100.0:6.1f}% {1000 * step_s / max(weeks, 1):8.2f}")
    return "\n".join(lines)


__all__ = ["functions_table", "place", "process_table", "top_functions"]
