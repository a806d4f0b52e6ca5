"""Observation: the event log and the per-step series.

Everything that happens is recorded here, and every outcome is computed from
these records (see :mod:`sim.outcomes`), never counted on the side.

* :class:`EventLog`: one row per event. Columns: ``week`` (step), ``day``
  (days after the start of the week, or after the transition for handover
  items), ``client``, ``event``, ``detail`` (event-specific label), ``actor``
  and ``target`` (post or carer index, -1 for none), ``role`` (the target's
  role; ``carer`` for a carer), ``channel``, ``value`` (event-specific number)
  and ``ref`` (transition or complaint id).
* :class:`StepSeries`: continuous quantities per week and client profile
  (hours, unmet need, strain categories, costs, the policy's reach).

Compiled (:mod:`sim.compiled`): :func:`add_columns`, the series' additions. A compiled loop elsewhere may write
a record's rows into the log's open block itself (:meth:`EventLog.open_rows`; the transitions do).
"""

from __future__ import annotations

import mmap

import lz4.block
import numpy as np
import pandas as pd

from sim import vocabulary as V
from sim.compiled import kernel

#: Labels of the ``detail`` column per event.
DETAIL_NAMES = {
    "transition": V.TRANSITIONS,
    "acute_event": V.ACUTE_KINDS,
    "handover_delivered": V.ITEM_KINDS,
    "handover_failed": V.ITEM_KINDS,
    "harm": V.HARMS,
    "story_repeated": V.ITEM_KINDS,
    "request": V.DOMAINS,
    "request_refused": V.DOMAINS,
    "need_changed": V.DOMAINS,
    "care_started": V.DOMAINS,
    "contradiction": tuple(f"{V.ROLES[a]}~{V.ROLES[b]}" for a, b in V.ADVICE_PAIRS),
    "strain_category": V.STRAIN_CATEGORIES,
    "burnout": ("burnout",),
    "overload_signalled": ("overload",),
    "convened": V.TRANSITIONS,
    "complaint_filed": V.REGIMES,
    "complaint_forwarded": V.REGIMES,
    "complaint_bounced": V.REGIMES,
    "complaint_part_answered": V.REGIMES,
    "complaint_closed": V.COMPLAINT_ENDS,
    "client_exit": V.EXIT_REASONS,
    "client_entry": ("entry",),
    "wlz_indicated": V.WLZ_SETTINGS,
    "carer_replaced": ("replaced",),
    "regelwerk": V.REGELWERK_KINDS,
    "regie_passed": V.REGIE_PASSES,
    "budget_withdrawn": ("withdrawn",),
    "professional_kept": ("kept",),
}
ROLE_NAMES = V.ROLES + ("carer", "client")
CARER_ROLE = len(V.ROLES)
CLIENT_ROLE = len(V.ROLES) + 1

#: Events whose ``actor`` is a carer (not a post): the carer whose strain category changes, who burns out, whose
#: overload is signalled. A ``carer_dropout`` transition's actor is a carer too (:func:`actor_is_carer`).
CARER_ACTOR_EVENTS = ("strain_category", "burnout", "overload_signalled")

#: Events whose ``target`` may be a carer (then ``role`` is ``carer``): handover items meant for the carer.
CARER_TARGET_EVENTS = ("handover_delivered", "handover_failed")


def actor_is_carer(event: np.ndarray, detail: np.ndarray) -> np.ndarray:
    """Per row of the log (its ``event`` and ``detail`` codes): whether the ``actor`` column holds a carer (the
    events of :data:`CARER_ACTOR_EVENTS`, and a ``carer_dropout`` transition, whose actor is the carer who stopped)
    rather than a post."""
    return (np.isin(event, [V.EVENT[e] for e in CARER_ACTOR_EVENTS])
            | ((event == V.EVENT["transition"]) & (detail == V.CARER_DROPOUT)))


def target_is_carer(event: np.ndarray, role: np.ndarray) -> np.ndarray:
    """Per row of the log: whether the ``target`` column holds a carer (a handover item meant for the carer) rather
    than a post."""
    return np.isin(event, [V.EVENT[e] for e in CARER_TARGET_EVENTS]) & (role == CARER_ROLE)

#: The event log's columns and their dtypes.
LOG_COLUMNS = {
    "week": np.int16, "day": np.float16, "client": np.int32, "event": np.int8, "detail": np.int8,
    "actor": np.int32, "target": np.int32, "role": np.int8, "channel": np.int8, "value": np.float32,
    "ref": np.int32,
}
_DEFAULTS = {"day": 0.0, "detail": 0, "actor": -1, "target": -1, "role": -1, "channel": -1, "value": np.nan, "ref": -1}


#: Empty columns, for a caller of :meth:`EventLog.open_rows` that has no rows to write in place.
_NO_ROWS = {name: np.empty(0, dtype) for name, dtype in LOG_COLUMNS.items()}


def _check_columns(columns: dict) -> None:
    """Raise a KeyError naming the given columns that are not columns a record may give (``_DEFAULTS``)."""
    if not columns.keys() <= _DEFAULTS.keys():
        raise KeyError(f"unknown event columns {sorted(set(columns) - _DEFAULTS.keys())}")


def _long_lived_array(size: int, dtype) -> np.ndarray:
    """An array for data kept all run long. Large ones get their own anonymous memory map, so they do not pin
    the malloc heap between the step's short-lived temporaries (which would keep freed memory resident)."""
    nbytes = size * np.dtype(dtype).itemsize
    if nbytes < 2 ** 20:
        return np.empty(size, dtype=dtype)
    return np.frombuffer(mmap.mmap(-1, nbytes), dtype=dtype)


def _column_values(value):
    """A column's values as :meth:`EventLog.record` takes them, as a scalar or a 1-D array (one per event) to write."""
    if type(value) is np.ndarray:  # the usual case: a 1-D array of the n events, or one value per event
        if value.ndim != 1:
            value = value.ravel() if value.ndim else value[()]
    elif not isinstance(value, (int, float, np.generic)):  # a list, or another array-like
        value = np.asarray(value)
        value = value.ravel() if value.ndim else value[()]
    return value


class _PackedBlock:
    """A full block of one log column, compressed (LZ4 after a byte shuffle: the k-th bytes of all values together,
    so the high bytes of small ints and the repeated bytes of codes compress well; about a fifth of the raw size)."""

    __slots__ = ("data", "dtype", "size")

    def __init__(self, values: np.ndarray):
        self.dtype, self.size = values.dtype, values.size
        self.data = lz4.block.compress(self._shuffled(values), store_size=False)

    def _shuffled(self, values: np.ndarray) -> np.ndarray:
        k = self.dtype.itemsize
        if k == 1:
            return values.view(np.uint8)
        planes, raw = np.empty((k, values.size), np.uint8), values.view(np.uint8).reshape(-1, k)
        for byte in range(k):  # a byte plane at a time: faster than a transposed copy
            planes[byte] = raw[:, byte]
        return planes

    def unpack(self) -> np.ndarray:
        """The block's values (a new array)."""
        k = self.dtype.itemsize
        planes = np.frombuffer(lz4.block.decompress(self.data, uncompressed_size=self.size * k), np.uint8)
        if k == 1:
            return planes.view(self.dtype)
        planes, values = planes.reshape(k, -1), np.empty((self.size, k), np.uint8)
        for byte in range(k):
            values[:, byte] = planes[byte]
        return values.view(self.dtype).reshape(-1)

    @property
    def nbytes(self) -> int:
        return len(self.data)


def _unpacked(block) -> np.ndarray:
    return block.unpack() if isinstance(block, _PackedBlock) else block


#: Events a log holds in plain (uncompressed) full blocks before it packs them: about 60 MB of columns. A short run's
#: log (a municipality of a few thousand clients over a few years) is never packed, so writing and reading it costs
#: no compression; a long one is packed from then on and stays small.
PLAIN_EVENTS = 2 ** 21


class EventLog:
    """An append-only, columnar event log: per column, blocks of rows; once the full blocks hold more than
    ``plain_events`` events, every full block is kept compressed (:class:`_PackedBlock`); the block being filled is
    a plain array. Reading a column joins its blocks."""

    def __init__(self, plain_events: int = PLAIN_EVENTS):
        # columns are stored in blocks that fill up in place (no small arrays, no memory fragmentation);
        # blocks grow from 2**16 to 2**20 events; when the next block starts, the full ones are packed if they hold
        # more than plain_events events
        self.plain_events = plain_events
        self._blocks: dict[str, list] = {name: [] for name in LOG_COLUMNS}
        self._fill = 0                # events in the last block
        self._full = 0                # events in the blocks before it
        self._rows: list[tuple] = []  # single events (record_one), written in on the next vector record or read
        self._open: dict[str, np.ndarray] = {}  # per column, the block being filled (rows not yet written hold
                                                # the column's default)
        self._open_defaulted: dict[str, np.ndarray] = {}  # the same, for the columns a record may give (_DEFAULTS)
        self._size = 0                # rows of the open block (0: none yet)
        self._week = 0
        self._week_from = 0  # the open block's rows from here on are this week's, their week not yet written

    @property
    def week(self) -> int:
        """The week events are recorded under; negative during the warm-up, when nothing is recorded."""
        return self._week

    @week.setter
    def week(self, week: int) -> None:
        self._write_week()
        self._week = week

    def _write_week(self) -> None:
        """Write the week into the ``week`` column of the rows recorded in the open block since it was last written
        (a vector record leaves it to this: it is written once a week, or before a read, not once a record)."""
        if self._fill > self._week_from:
            self._open["week"][self._week_from:self._fill] = self._week
        self._week_from = self._fill

    def __len__(self) -> int:
        return self._full + self._fill + len(self._rows)

    def _capacity_left(self) -> int:
        return self._size - self._fill

    def _new_block(self) -> None:
        blocks = self._blocks["client"]
        size = min(2 ** 20, 2 ** (16 + len(blocks)))
        if blocks:
            self._full += self._fill
        pack = self._full > self.plain_events
        for name, dtype in LOG_COLUMNS.items():
            column = self._blocks[name]
            if pack:
                column[:] = [b if isinstance(b, _PackedBlock) else _PackedBlock(b) for b in column]
            column.append(_long_lived_array(size, dtype))
            if name in _DEFAULTS:  # a row written without this column keeps its default
                column[-1].fill(_DEFAULTS[name])
            self._open[name] = column[-1]
        self._open_defaulted = {name: self._open[name] for name in _DEFAULTS}
        self._size = size
        self._fill = self._week_from = 0

    def _write(self, n: int, values: dict) -> None:
        """Write ``n`` events; ``values`` maps every column, ``week`` included, to a scalar (not an array) or a 1-D
        array of length n."""
        self._write_week()  # the rows before these first
        done = 0
        while done < n:
            if self._capacity_left() == 0:
                self._new_block()
            k = min(n - done, self._capacity_left())
            at = slice(self._fill, self._fill + k)
            for name, value in values.items():
                if isinstance(value, np.ndarray):
                    value = value if k == n else value[done:done + k]
                self._blocks[name][-1][at] = value
            self._fill += k
            self._week_from = self._fill
            done += k

    def record(self, event: str, client, **columns) -> None:
        """Append events of one kind; ``client`` and any column may be arrays or scalars."""
        if self._week < 0:  # the warm-up: not observed
            return
        if type(client) is not np.ndarray and np.isscalar(client):  # (an array is never a scalar; the usual case)
            self.record_one(event, client, **columns)
            return
        self._record_arrays(V.EVENT[event], client, columns)

    def record_rows(self, event: np.ndarray, client: np.ndarray, **columns) -> None:
        """Append events of several kinds in the given order (e.g. each complaint's steps as they happen): ``event``
        holds each event's code (``V.EVENT[name]``); ``client`` and any column are arrays of the same length, or
        scalars."""
        if self._week < 0:  # the warm-up: not observed
            return
        self._record_arrays(np.asarray(event).ravel(), client, columns)

    def _record_arrays(self, event, client, columns: dict) -> None:
        """Append events: ``event`` is a code, or one per event; ``client`` and the columns as in :meth:`record`."""
        if type(client) is not np.ndarray or client.ndim != 1:
            client = np.asarray(client).ravel()
        n = client.size
        if n == 0:
            return
        if self._rows:
            self._flush_rows()
        start = self._fill
        end = start + n
        if end > self._size:  # runs into the next block
            _check_columns(columns)
            self._write(n, {**_DEFAULTS, "client": client, "event": event, "week": self._week,
                            **{name: _column_values(value) for name, value in columns.items()}})
            return
        # fits the open block: write the given columns in place (the rest keep their defaults; the week is written
        # once for the week's rows, by _write_week)
        at, block = slice(start, end), self._open_defaulted
        self._open["client"][at] = client
        self._open["event"][at] = event
        try:
            for name, value in columns.items():
                value_type = type(value)
                if value_type is np.ndarray:
                    if value.ndim != 1:
                        value = _column_values(value)
                elif value_type is not int and value_type is not float:
                    value = _column_values(value)
                block[name][at] = value  # a KeyError for a column that is not one
        except KeyError:
            for name, default in _DEFAULTS.items():  # the rows past the last recorded keep their defaults
                block[name][at] = default
            _check_columns(columns)
            raise
        self._fill = end

    def open_rows(self, n: int) -> tuple[dict[str, np.ndarray], int]:
        """Room for ``n`` events of this week that the caller writes itself, column by column (a compiled loop):
        the open block's columns and the first of the ``n`` rows, which hold the columns' defaults until written
        and are recorded from now on. Row -1 and empty columns when they are not to be written in place: in the
        warm-up (nothing is recorded) or when they would run into the next block (then give them to
        :meth:`record`)."""
        if self._week < 0:
            return _NO_ROWS, -1
        if self._rows:
            self._flush_rows()
        start = self._fill
        if start + n > self._size:
            return _NO_ROWS, -1
        self._fill = start + n
        return self._open, start

    def record_one(self, event: str, client: int, **columns) -> None:
        """Append one event (a single client, e.g. from a hand-built test)."""
        if self.week < 0:
            return
        row = {**_DEFAULTS, **columns}
        self._rows.append((self.week, row["day"], client, V.EVENT[event], row["detail"], row["actor"],
                           row["target"], row["role"], row["channel"], row["value"], row["ref"]))

    def _flush_rows(self) -> None:
        if not self._rows:
            return
        rows, self._rows = self._rows, []
        cols = list(zip(*rows))
        self._write(len(rows), {name: np.asarray(values, dtype=LOG_COLUMNS[name])
                                for name, values in zip(LOG_COLUMNS, cols)})

    def chunks(self, columns=("event",)):
        """Per block of rows, in order: (its rows as a slice, {column: its values}), one block unpacked at a time (so
        a pass over a long log never holds a whole column)."""
        self._flush_rows()
        self._write_week()
        start, blocks = 0, self._blocks
        for i in range(len(blocks["client"])):
            used = self._fill if i == len(blocks["client"]) - 1 else blocks["client"][i].size
            yield slice(start, start + used), {name: _unpacked(blocks[name][i])[:used] for name in columns}
            start += used

    def column(self, name: str) -> np.ndarray:
        """One column as a single array (a new array when the log has more than one block)."""
        parts = [part[name] for _, part in self.chunks((name,))]
        if len(parts) == 1:
            return parts[0]
        return np.concatenate(parts) if parts else np.empty(0, dtype=LOG_COLUMNS[name])

    def since(self, start: int, columns=("event", "detail")) -> dict[str, np.ndarray]:
        """The rows from row ``start`` to the end (e.g. this week's events), for the given columns; only the blocks
        that hold them are read (cheap to call every week). The arrays are read-only: rows all in one block are a view
        of it, not a copy."""
        self._flush_rows()
        self._write_week()
        out = {}
        for name in columns:
            parts, offset = [], 0
            blocks = self._blocks[name]
            for i, block in enumerate(blocks):
                used = self._fill if i == len(blocks) - 1 else block.size  # earlier blocks are full
                if offset + used > start:
                    parts.append(_unpacked(block)[max(0, start - offset):used])
                offset += used
            if len(parts) == 1:  # a view of the block's rows
                out[name] = parts[0]
            else:
                out[name] = np.concatenate(parts) if parts else np.empty(0, dtype=LOG_COLUMNS[name])
            out[name].flags.writeable = False  # (a view's rows are the log's)
        return out

    def arrays(self) -> dict[str, np.ndarray]:
        """All columns as arrays of equal length."""
        return {name: self.column(name) for name in LOG_COLUMNS}

    def nbytes(self) -> int:
        """Bytes held by the log's columns (full blocks at their packed size)."""
        self._flush_rows()
        return sum(a.nbytes for blocks in self._blocks.values() for a in blocks)

    def to_frame(self) -> pd.DataFrame:
        """The log as a DataFrame with readable labels (categoricals)."""
        cols = self.arrays()
        frame = pd.DataFrame({k: v for k, v in cols.items() if k not in ("event", "detail", "channel", "role")})
        frame["week"] = frame["week"].astype(np.int32)  # compact in memory, plain types on disk
        frame["day"] = frame["day"].astype(np.float32)
        event = cols["event"]
        frame["event"] = pd.Categorical.from_codes(event, categories=list(V.EVENTS))
        detail = np.empty(len(event), dtype=object)
        for name, labels in DETAIL_NAMES.items():
            mask = event == V.EVENT[name]
            if mask.any():
                detail[mask] = np.asarray(labels, dtype=object)[cols["detail"][mask]]
        frame["detail"] = pd.Categorical(detail)
        frame["channel"] = pd.Categorical.from_codes(cols["channel"], categories=list(V.CHANNELS))
        frame["role"] = pd.Categorical.from_codes(cols["role"], categories=list(ROLE_NAMES))
        order = ["week", "day", "client", "event", "detail", "actor", "target", "role", "channel", "value", "ref"]
        return frame[order]


#: Per-step series of the policy's reach, counted over all clients at the end of the week (client-weeks; recorded by
#: :func:`sim.processes.bookkeeping.end_of_week` from :meth:`sim.policies.Block.reach`): clients reached by at least
#: one of the policy's building blocks, by each block, and not reached by each block for each reason
#: (``vocabulary.NOT_REACHED``). A block the policy lacks counts nobody, reached or not.
REACH_SERIES = (
    "reached_by_policy",
    *(f"reached_{block}" for block in V.BLOCKS),
    *(f"not_reached_{block}_{reason}" for block, reasons in V.NOT_REACHED.items() for reason in reasons),
)

#: Per-step series, each summed over the clients (or carers) of a profile in a week.
SERIES = (
    "clients_home",         # clients living at home
    "clients_admitted",     # clients in hospital or rehabilitation
    "clients_wlz_home",     # clients at home with a Wlz indication (full or modular package at home)
    "need_hours",           # care needed, hours
    "arranged_hours",       # care arranged with professionals, hours
    "delivered_hours",      # professional care delivered, hours
    "unmet_hours",          # need neither delivered nor filled by carers, hours
    "clients_unmet",        # clients with unmet need above the gap threshold
    "carer_care_hours",     # informal care given, hours (the four kinds below together)
    "carer_usual_hours",    # of which 'gebruikelijke zorg': need indications leave to a co-resident carer
    "carer_gap_hours",      # of which filling gaps beyond that (care not arranged, not delivered)
    "carer_presence_hours",  # of which supervision and presence (night presence included)
    "carer_practical_hours",  # of which household and practical tasks (transport, finances)
    "carer_regelwerk_hours",  # arranging and carrying information, hours
    "carers_active",        # carers still caring
    "carers_fairly_heavy",  # carers per survey category (the first is implied)
    "carers_very_heavy",
    "carers_overburdened",
    "carer_strain",         # summed strain of active carers
    "coordination_hours",   # regiebehandelaar time
    "recording_hours",      # digital-plan recording time
    "budget_admin_hours",   # integral-pgb administration by holders (part of regelwerk)
    "arranger_nobody",      # clients nobody arranges for
    "advice_pairs",         # pairs of professionals advising on overlapping needs
    "aligned_pairs",        # of which aligned
    "cost_zvw", "cost_wlz", "cost_wmo", "cost_jeugdwet",  # EUR per payer
    "budget_carer_pay",     # integral pgb: paid to carers for care beyond gebruikelijke zorg, EUR (in cost_wmo)
    "budget_fraud",         # integral pgb: paid out without care (fraud, misspending), EUR (in cost_wmo)
    "cost_client",          # co-payments and the Zvw deductible, EUR
    "cost_informal",        # shadow value of informal care hours, EUR
    *REACH_SERIES,
)
SERIES_INDEX = {name: i for i, name in enumerate(SERIES)}

#: Series of the cost to each payer, in the order of ``V.LAWS`` (EUR per week).
COST_SERIES = ("cost_zvw", "cost_wlz", "cost_wmo", "cost_jeugdwet")


@kernel
def add_columns(week_data, columns, per_profile):
    """Add each column ``j`` of ``per_profile`` ([profiles, len(columns)]) to the series ``columns[j]`` of
    ``week_data`` ([profiles, series], one week's sums), column by column in order (a series given twice gains
    both, the first first), in place."""
    for j in range(columns.size):
        for profile in range(per_profile.shape[0]):
            week_data[profile, columns[j]] += per_profile[profile, j]


#: The columns of the series named in a call (a tuple of names), as an index array, kept once made.
_COLUMNS: dict[tuple, np.ndarray] = {}


def _series_columns(names: tuple) -> np.ndarray:
    """The columns (``SERIES_INDEX``) of the series ``names``, as an intp array (made once per tuple of names)."""
    columns = _COLUMNS.get(names)
    if columns is None:
        columns = _COLUMNS[names] = np.array([SERIES_INDEX[name] for name in names], np.intp)
    return columns


class StepSeries:
    """Per-week, per-profile sums of continuous quantities.

    ``offset``: weeks simulated before the first observed week (the warm-up); the methods take the simulation's
    week and record it ``offset`` weeks earlier, and record nothing for a week of the warm-up.
    """

    def __init__(self, weeks: int, n_profiles: int, offset: int = 0):
        self.data = np.zeros((max(weeks, 1), n_profiles, len(SERIES)), dtype=np.float64)
        self.weeks_recorded = 0
        self.offset = int(offset)

    def record(self, week: int, name: str, profile: np.ndarray, values, n_profiles: int | None = None) -> None:
        """Add ``values`` (per agent) summed by ``profile`` into week ``week``."""
        week -= self.offset
        if week < 0:
            return
        self._grow(week)
        n = self.data.shape[1]
        self.data[week, :, SERIES_INDEX[name]] += np.bincount(profile, weights=np.broadcast_to(values, profile.shape),
                                                              minlength=n)[:n]

    def add(self, week: int, name: str, per_profile) -> None:
        """Add already aggregated per-profile values."""
        week -= self.offset
        if week < 0:
            return
        self._grow(week)
        self.data[week, :, SERIES_INDEX[name]] += per_profile

    def add_many(self, week: int, names, per_profile: np.ndarray) -> None:
        """Add already aggregated per-profile values of several series at once (``per_profile``: [profiles,
        len(names)], a column per name), column by column in the order of ``names``: a name given twice is added
        to twice, the first column first."""
        week -= self.offset
        if week < 0:
            return
        columns = _series_columns(tuple(names))
        if per_profile.shape != (self.data.shape[1], columns.size):  # the compiled loop reads without bounds checks
            raise ValueError(f"add_many: {len(names)} series of {self.data.shape[1]} profiles need values of shape "
                             f"{(self.data.shape[1], columns.size)}; got {per_profile.shape}")
        self._grow(week)
        add_columns(self.data[week], columns, per_profile)

    def _grow(self, week: int) -> None:
        if week >= self.data.shape[0]:
            extra = np.zeros((week + 1 - self.data.shape[0],) + self.data.shape[1:])
            self.data = np.concatenate([self.data, extra])
        self.weeks_recorded = max(self.weeks_recorded, week + 1)

    def totals(self) -> dict[str, np.ndarray]:
        """Each series summed over profiles: name -> array over weeks."""
        d = self.data[: self.weeks_recorded].sum(axis=1)
        return {name: d[:, i] for i, name in enumerate(SERIES)}

    def to_frame(self, profile_names) -> pd.DataFrame:
        """Long-by-profile frame: one row per (week, profile), one column per series."""
        w, p, _ = self.data[: self.weeks_recorded].shape
        frame = pd.DataFrame(self.data[: self.weeks_recorded].reshape(w * p, len(SERIES)), columns=list(SERIES))
        frame.insert(0, "profile", pd.Categorical.from_codes(np.tile(np.arange(p), w), categories=list(profile_names)))
        frame.insert(0, "week", np.repeat(np.arange(w), p))
        return frame


#: Columns of the per-carer panel (:class:`CarerPanel`), one row per carer place and month.
PANEL_COLUMNS = ("month", "carer", "carer_person", "client", "profile", "weeks_active", "strain_mean", "category",
                 "usual_hours", "gap_hours", "presence_hours", "practical_hours", "care_hours", "regelwerk_hours",
                 "coordinated")
#: The care hours of the panel, summed from the world's weekly scratch of the same name (``carer_<kind>``).
_PANEL_HOURS = ("usual", "gap", "presence", "practical", "care", "regelwerk")


class CarerPanel:
    """An optional per-carer panel: per carer place and month (observed week w is in month ``w * 12 // 52``), the
    weeks the carer was active (or gave care or regelwerk, in the week they dropped out), their mean strain, their survey category at the end of the month, their mean care
    hours per active week by kind (usual, gap, presence, practical, all) and regelwerk hours per active week, and
    whether their client had a regiebehandelaar at the end of the month (``coordinated``).

    Enough for a subgroup analysis from the records alone (carers of coordinated clients against the rest). A row
    is a carer *place*: ``carer_person`` says which person held it at the end of the month (a replacing carer, or
    the carer of a new client, takes the place; :mod:`sim.processes.population`). Hours are hours per week.
    """

    def __init__(self, n_carers: int):
        self.month = 0
        self._parts: list[dict[str, np.ndarray]] = []
        self._sums = {name: np.zeros(n_carers) for name in ("weeks", "strain", *_PANEL_HOURS)}

    def add_week(self, world) -> None:
        """Add the week just simulated (call at its end, after the strain process)."""
        month = world.observed_week * 12 // 52
        if month != self.month:
            self._flush(world)
            self.month = month
        net = world.net
        # a carer counts in a week they were active at its end, or gave care or regelwerk in it (who dropped out)
        counted = net.carer_active | (world.carer_care > 0) | (world.carer_regelwerk > 0)
        s = self._sums
        s["weeks"] += counted
        s["strain"] += np.where(counted, net.carer_strain, 0.0)
        for kind in _PANEL_HOURS:
            s[kind] += getattr(world, f"carer_{kind}")

    def _flush(self, world) -> None:
        s = self._sums
        rows = np.flatnonzero(s["weeks"] > 0)
        if rows.size:
            net = world.net
            weeks = s["weeks"][rows]
            client = net.carer_client[rows]
            part = {"month": np.full(rows.size, self.month, np.int32), "carer": rows.astype(np.int32),
                    "carer_person": net.carer_person[rows].copy(), "client": client.astype(np.int32),
                    "profile": net.profile[client].astype(np.int8), "weeks_active": weeks.astype(np.int16),
                    "strain_mean": (s["strain"][rows] / weeks).astype(np.float32),
                    "category": net.carer_category[rows].copy()}
            for kind in _PANEL_HOURS:
                part[f"{kind}_hours"] = (s[kind][rows] / weeks).astype(np.float32)
            part["coordinated"] = net.coordinator[client] >= 0
            self._parts.append(part)
        for values in s.values():
            values[:] = 0

    def frame(self, world) -> pd.DataFrame:
        """The panel so far (the month under way included) as a DataFrame with :data:`PANEL_COLUMNS`."""
        self._flush(world)
        if not self._parts:
            return pd.DataFrame({c: [] for c in PANEL_COLUMNS})
        frame = pd.DataFrame({c: np.concatenate([p[c] for p in self._parts]) for c in PANEL_COLUMNS})
        frame["profile"] = pd.Categorical.from_codes(frame["profile"], categories=list(V.PROFILES))
        frame["category"] = pd.Categorical.from_codes(frame["category"], categories=list(V.STRAIN_CATEGORIES))
        return frame
