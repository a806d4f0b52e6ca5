"""The carers' strain over the weeks as inline SVG: one line per carer and run (left solid, right dashed) on the
survey categories' bands (not or somewhat, fairly heavily, very heavily, overburdened). The week axis spans the
whole run and the strain axis is fixed by the thresholds, so the chart stays put while a class steps; a line only
grows. Drawn as SVG text (a few polylines), because a figure library's render (~100 ms) would not fit the frame
budget (see ``carenet bench --dashboard``). Strain is in strain units.
"""

from __future__ import annotations

import html

from sim import vocabulary as V

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 44, 250, 12, 32
#: Band colours, lightest for the lowest category.
BANDS = ("#FFFFFF", "#FCEFD9", "#F9D9B0", "#F2B28A")
#: Line colours per carer (Okabe-Ito).
LINES = ("#0072B2", "#009E73", "#CC79A7", "#56B4E9")


def strain_svg(series: list[tuple[str, str, list[float]]], thresholds: dict[str, float], n_weeks: int,
               week: int) -> str:
    """``series``: ``(label, style, values)`` with style ``"solid"`` or ``"dashed"`` and one value per week
    boundary (week 0 first); ``thresholds``: the categories' lower bounds above the first (strain units);
    ``week``: the week shown (a vertical rule)."""
    top = thresholds["overburdened"] * 1.25
    for _, _, values in series:
        if values:
            top = max(top, max(values) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(w: float) -> float:
        return LEFT + plot_w * w / max(n_weeks, 1)

    def y(s: float) -> float:
        return TOP + plot_h * (1 - s / top)

    edges = [0.0, *thresholds.values(), top]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
           'aria-label="the carers\' strain over the weeks" class="carenet-strain">']
    for k, name in enumerate(V.STRAIN_CATEGORIES):
        y0, y1 = y(edges[k + 1]), y(edges[k])
        out.append(f'<rect x="{LEFT}" y="{y0:.1f}" width="{plot_w}" height="{y1 - y0:.1f}" fill="{BANDS[k]}"/>')
        out.append(f'<text x="{LEFT + plot_w - 4}" y="{y0 + 11:.1f}" text-anchor="end" font-size="10" '
                   f'fill="#8A5A2B">{name.replace("_", " ")}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888888"/>')
    step = max(1, round(n_weeks / 6.5))
    for w in range(0, n_weeks + 1, step):
        out.append(f'<text x="{x(w):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" font-size="10">{w}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="11">week</text>')
    for s in range(0, int(top) + 1, 2):
        out.append(f'<text x="{LEFT - 5}" y="{y(s) + 4:.1f}" text-anchor="end" font-size="10">{s}</text>')
    out.append(f'<text x="12" y="{TOP + plot_h / 2:.1f}" font-size="11" text-anchor="middle" '
               f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">strain</text>')
    out.append(f'<line x1="{x(week):.1f}" y1="{TOP}" x2="{x(week):.1f}" y2="{TOP + plot_h}" stroke="#555555" '
               'stroke-width="1"/>')
    colours: dict[str, str] = {}
    for k, (label, style, values) in enumerate(series):
        carer = label.rsplit(" (", 1)[0]
        colour = colours.setdefault(carer, LINES[len(colours) % len(LINES)])
        dash = ' stroke-dasharray="6 4"' if style == "dashed" else ""
        points = " ".join(f"{x(w):.1f},{y(v):.1f}" for w, v in enumerate(values))
        if len(values) > 1:
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.2"{dash}>'
                       f'<title>{html.escape(label)}: {values[-1]:.1f}</title></polyline>')
        elif values:
            out.append(f'<circle cx="{x(0):.1f}" cy="{y(values[0]):.1f}" r="3" fill="{colour}"/>')
        ly = TOP + 14 + 16 * k
        out.append(f'<line x1="{WIDTH - RIGHT + 10}" y1="{ly - 4}" x2="{WIDTH - RIGHT + 34}" y2="{ly - 4}" '
                   f'stroke="{colour}" stroke-width="2.2"{dash}/>')
        out.append(f'<text x="{WIDTH - RIGHT + 38}" y="{ly}" font-size="10.5">{html.escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)
