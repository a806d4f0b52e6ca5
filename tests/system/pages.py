"""Checks shared by the report tests (test_report.py, test_report_robustness.py): a page refers to nothing outside
itself, a number as the report writes it equals a value to the decimals shown, and an embedded CSV read back."""

from __future__ import annotations

import base64
import io
import math
import re

import pandas as pd

from analysis.report.formatting import parse_number


def assert_self_contained(page: str) -> None:
    """``page`` loads nothing from outside: no web address, link, script or image; every reference is inside the
    page or embedded data."""
    for needle in ("http://", "https://", 'src="//', "<link", "<script", "<img", "@import", "src="):
        assert needle not in page, needle
    assert not re.findall(r"url\((?!#)", page)  # only references inside the page (SVG clip paths)
    for target in re.findall(r'href="([^"]*)"', page):  # links and SVG references: inside the page or data
        assert target.startswith(("#", "data:text/csv;base64,")), target


def close(shown: str, value: float, lang: str) -> bool:
    """``shown`` (a number as the report writes it) is ``value`` rounded to the decimals shown."""
    parsed = parse_number(shown, lang)
    if math.isnan(value) or math.isnan(parsed):
        return math.isnan(value) and math.isnan(parsed)
    point = "." if lang == "en" else ","
    places = len(shown.split(point)[1]) if point in shown else 0
    return abs(parsed - value) <= 0.5 * 10 ** -places + 1e-12 * max(1.0, abs(value))


def embedded_csv(page: str, name: str) -> pd.DataFrame:
    """The CSV embedded in ``page`` as the download named ``name``."""
    match = re.search(rf'download="{re.escape(name)}" href="data:text/csv;base64,([A-Za-z0-9+/=]+)"', page)
    assert match, name
    return pd.read_csv(io.BytesIO(base64.b64decode(match.group(1))))
