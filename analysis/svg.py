"""A matplotlib figure as deterministic inline SVG, and the style the report's figures share.

:func:`svg` fixes what would otherwise change from run to run or tie the SVG to its file: ids come from a fixed
``svg.hashsalt`` (per figure), there is no date, and the XML prolog, DOCTYPE, metadata and namespace URLs are
dropped so the element can be inlined in HTML; text is drawn as paths (:data:`STYLE`: no fonts needed, the words
kept as comments). Used by :mod:`analysis.report.figures` and :mod:`analysis.network_picture`.
"""

from __future__ import annotations

import io
import re

import matplotlib
from matplotlib.figure import Figure

#: Text size in points.
FONT_SIZE = 11
#: The figures' matplotlib style: text as paths, no top or right spine.
STYLE = {"font.size": FONT_SIZE, "axes.titlesize": FONT_SIZE + 1, "axes.labelsize": FONT_SIZE,
         "xtick.labelsize": FONT_SIZE - 1, "ytick.labelsize": FONT_SIZE, "legend.fontsize": FONT_SIZE - 1,
         "svg.fonttype": "path", "axes.spines.top": False, "axes.spines.right": False}


def svg(fig: Figure, salt: str, label: str) -> str:
    """``fig`` as an ``<svg>`` element for inlining: deterministic ids (``salt``), no date, no prolog, metadata
    or namespace URLs; ``label`` becomes its accessible name."""
    out = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": salt}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    text_ = out.getvalue()
    text_ = re.sub(r"<\?xml[^>]*\?>\s*", "", text_)
    text_ = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text_)
    text_ = re.sub(r"\s*<metadata>.*?</metadata>", "", text_, flags=re.S)
    text_ = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text_)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text_.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1).strip()
