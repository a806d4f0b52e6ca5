"""Compiled loops: the one decorator, :func:`kernel`, for numba-compiled functions (the processes of the weekly step,
the world's and the records' bookkeeping).

Where a process cannot be written as a few whole-array operations (a loop over the clients that carries state
from one domain or carer to the next, or that would need many temporary arrays), it is written as a plain loop and
compiled with numba. A kernel takes and returns numpy arrays and numbers only; its caller, the process, keeps the
draws from the process's named stream (so common random numbers are unchanged) and the records of the event log.

The decorator compiles on first call and caches the machine code next to the source (``__pycache__``), so later
processes (workers, test runs) load it in milliseconds. No fast-math: floating-point results follow IEEE rules
as numpy's do. ``NUMBA_DISABLE_JIT=1`` runs every kernel as plain Python (slow; for debugging).

The cache of a kernel is renewed when its own file changes, not when another module does: a kernel keeps the
value a module constant had when it was compiled (event codes of :mod:`sim.vocabulary`, say) and the code of a
kernel of another module it calls (:func:`sim.processes.posts.members_meet` from the workforce's). After changing
such a constant or kernel, delete the ``__pycache__`` folders under ``sim/`` (a clean clone, as CI's, has none).
"""

from __future__ import annotations

import numba

#: Compile a function of arrays and numbers to machine code (nopython mode, cached on disk, no fast-math).
kernel = numba.njit(cache=True, nogil=True)

__all__ = ["kernel"]
