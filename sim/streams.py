"""Named random streams: one independent generator per model process.

Each stream is derived from the run seed and the stream's name with
``numpy.random.SeedSequence``, so

* the same seed gives the same draws;
* switching policy does not shift the draws of unrelated processes (common
  random numbers): the ``needs`` stream, say, is consumed identically whatever
  the policy does to handovers or complaints.

Processes draw fixed-size arrays (one number per client or per post each week)
wherever they can, which keeps streams aligned across policies.
"""

from __future__ import annotations

import zlib

import numpy as np

#: The streams, one per process. Adding a name here never changes existing streams.
STREAM_NAMES = (
    "population",
    "workforce",
    "needs",
    "arranging",
    "matching",
    "handover",
    "alignment",
    "strain",
    "complaints",
    "policy",
    "flows",
    "entries",
    "continuity",
    "budget",
)


def stream_key(name: str) -> int:
    """A stable integer for a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode())


class Streams:
    """A set of named generators derived from one seed."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._gens = {name: self._make(name) for name in STREAM_NAMES}

    def _make(self, name: str) -> np.random.Generator:
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.seed, stream_key(name)])))

    def __getitem__(self, name: str) -> np.random.Generator:
        try:
            return self._gens[name]
        except KeyError:
            raise KeyError(f"unknown random stream {name!r} (known: {', '.join(STREAM_NAMES)})") from None

    def __getattr__(self, name: str) -> np.random.Generator:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def states(self) -> dict:
        """Bit-generator states per stream (for reproducibility checks)."""
        return {name: gen.bit_generator.state for name, gen in self._gens.items()}
