"""Numbers as the report writes them, and back: :func:`number`, :func:`interval` and :func:`parse_number`; and a
table as the CSV behind a figure or table (:func:`csv_uri`).

English writes ``-1,234.5``; Dutch ``-1.234,5`` (thousands point, decimal comma). An interval is ``[lo, hi]`` in
English and ``[lo; hi]`` in Dutch (the comma is the decimal sign there). Decimals come from
:func:`analysis.ensemble.decimals` (about four significant digits of the largest magnitude shown), so the report
rounds like ``carenet compare``'s console table. :func:`parse_number` reads a written number back (the tests check
every number of a report against :mod:`analysis.ensemble` this way).
"""

from __future__ import annotations

import base64
import math

from analysis.ensemble import decimals

__all__ = ["csv_uri", "decimals", "difference_places", "interval", "number", "parse_number", "percent_places", "places",
           "plain", "trimmed"]

#: Written for a value that is not defined (NaN).
MISSING = "n/a"
#: What separates an interval's ends, per language (the comma is the decimal sign in Dutch).
SEPARATOR = {"en": ", ", "nl": "; "}


def number(value: float, places: int, lang: str, sign: bool = False) -> str:
    """``value`` rounded to ``places`` decimals with thousands separators in ``lang``; a ``+`` before positive
    values when ``sign``; :data:`MISSING` for NaN."""
    if value is None or not math.isfinite(value):
        return MISSING
    if round(value, places) == 0:
        value = 0.0  # no "-0.00"
    out = f"{value:{'+' if sign and value != 0 else ''},.{places}f}"
    return out if lang == "en" else out.translate(str.maketrans(",.", ".,"))


def plain(value: float, lang: str) -> str:
    """A number as short as it is exact (``0.5``, ``5``, ``1.25`` years), with a decimal comma in Dutch."""
    out = f"{value:g}"
    return out if lang == "en" else out.replace(".", ",")
def trimmed(value: float, lang: str) -> str:
    """``value`` with about four significant digits and no trailing zeros (``0.05``, ``0.1625``, ``12,000``): a
    parameter's value or limit, where a fixed number of decimals would add noise."""
    out = number(value, decimals([value]), lang)
    point = "." if lang == "en" else ","
    return out.rstrip("0").rstrip(point) if point in out else out


def interval(lo: float, hi: float, places: int, lang: str, sign: bool = False) -> str:
    """``[lo, hi]`` (English) or ``[lo; hi]`` (Dutch), :data:`MISSING` when either end is undefined."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return MISSING
    return f"[{number(lo, places, lang, sign)}{SEPARATOR[lang]}{number(hi, places, lang, sign)}]"


def parse_number(text: str, lang: str) -> float:
    """A number written by :func:`number` in ``lang`` as a float (NaN for :data:`MISSING`)."""
    text = text.strip()
    if text == MISSING:
        return math.nan
    thousands, point = (",", ".") if lang == "en" else (".", ",")
    return float(text.replace(thousands, "").replace(point, "."))


def places(block, factor: float = 1.0) -> tuple[int, int]:
    """Decimals for the means and for the paired differences of one outcome's rows (a DataFrame with the columns of
    :func:`analysis.ensemble.summarize`), shown times ``factor``, as ``carenet compare``'s console table chooses
    them."""
    dec = decimals([factor * v for v in (*block["mean"], *block["lo"], *block["hi"])])
    return dec, max(dec, decimals([factor * v for v in (*block["diff_mean"], *block["diff_lo"], *block["diff_hi"])]))


def percent_places(value: float) -> int:
    """Decimals of a percentage: none from 10% up, one below."""
    return 0 if math.isfinite(value) and abs(value) >= 10 else 1


def difference_places(block, factor: float = 1.0) -> int:
    """Decimals for the paired differences of one outcome's rows in sentences and figures: as precise as the
    narrowest 95% interval among them allows (one significant digit of its half-width, times ``factor``), and never
    more than :func:`places` gives; so a difference of 6.27 percentage points with an interval of +-0.3 is written
    6.3, and a cost of 1,441 EUR +-60 is written 1,441."""
    widths = [factor * (hi - lo) / 2 for lo, hi in zip(block["diff_lo"], block["diff_hi"])
              if math.isfinite(lo) and math.isfinite(hi) and hi > lo]
    most = places(block, factor)[1]
    if not widths:
        return most
    return min(most, max(0, -math.floor(math.log10(min(widths)))))
def csv_uri(table) -> str:
    """A DataFrame as a ``data:text/csv;base64,...`` URI (UTF-8, one row per line, full precision)."""
    data = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return "data:text/csv;base64," + base64.b64encode(data).decode("ascii")
