"""How the report rounds (``analysis.report.formatting``): a paired difference is written as precisely as its
narrowest 95% interval allows, never more precisely than the console table."""

from __future__ import annotations

import pandas as pd

from analysis.report.formatting import difference_places, number, places


def block(diffs, halfwidths, mean=10.0):
    """Rows of one outcome: the given paired differences with symmetric intervals of the given half-widths."""
    return pd.DataFrame({"mean": [mean] * len(diffs), "lo": [mean - 1] * len(diffs), "hi": [mean + 1] * len(diffs),
                         "diff_mean": diffs, "diff_lo": [d - h for d, h in zip(diffs, halfwidths)],
                         "diff_hi": [d + h for d, h in zip(diffs, halfwidths)]})


def test_one_significant_digit_of_the_narrowest_half_width():
    assert difference_places(block([-6.27, 4.48], [0.34, 0.27])) == 1      # +-0.27: tenths
    assert difference_places(block([1441.0, 157.0], [60.0, 58.0])) == 0   # +-58: whole euros
    assert difference_places(block([-0.0023, 0.001], [0.0013, 0.002])) == 3  # +-0.0013: thousandths


def test_the_factor_a_share_is_shown_with_counts():
    """A share shown in percent (factor 100): +-0.0027 is +-0.27 percentage points, so one decimal."""
    assert difference_places(block([-0.0627, 0.0448], [0.0034, 0.0027]), factor=100) == 1


def test_never_more_decimals_than_the_console_table_and_no_interval_falls_back():
    narrow = block([1.5, 2.5], [1e-9, 1e-9])
    assert difference_places(narrow) == places(narrow)[1]
    none = block([1.5, 2.5], [0.0, 0.0])  # every interval empty (identical in every replicate)
    assert difference_places(none) == places(none)[1]


def test_numbers_in_both_languages():
    assert number(-1234.5, 1, "en", sign=True) == "-1,234.5"
    assert number(1234.5, 1, "nl", sign=True) == "+1.234,5"
