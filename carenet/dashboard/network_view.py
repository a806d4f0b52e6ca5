"""The network view: one client's care network at the cursor of a :class:`~carenet.dashboard.replay.Replay`, as
inline SVG that a browser draws at once (no figure library in the frame loop).

The picture follows the report's network picture (:mod:`analysis.network_picture`): roles by shape, laws by the
same colour-blind-safe colours (Okabe-Ito) and named under each node, the carers grey. The client sits in the
middle; everybody else has a seat on a ring, given the first time they appear and kept for the whole run
(:class:`Seats`), so the picture stays put between steps. The primary carer and the lead professional
(regiebehandelaar) carry a badge. Handover items of the week just played are arrows on their edges: delivered dark,
by channel, failed vermillion and dashed with a cross; items of earlier weeks stay as faint lines. Hovering a person
shows their state (an SVG ``<title>``): strain and category, hours this week, items received and lost, complaints
at their desk. Highlighted people (a selected event-log line or person) get a thick outline.
"""

from __future__ import annotations

import html
import math

import numpy as np

from analysis.network_picture import LAW_COLOURS, SHAPES, role_law
from carenet.dashboard.replay import Replay
from sim import vocabulary as V
from sim.observe import CARER_ROLE

#: Picture size (px) and the ring's radius.
WIDTH, HEIGHT, RING = 600, 430, 160
FAILED_COLOUR, DELIVERED_COLOUR, FAINT_COLOUR = "#D55E00", "#333333", "#BBBBBB"
CARER_COLOUR, CLIENT_COLOUR, HIGHLIGHT = "#BBBBBB", "#FFFFFF", "#F0E442"


class Seats:
    """Seats on the ring: a node keeps the seat it got when it first appeared, and no two share one.

    ``expected`` (in order) are spread evenly around the ring from the left, clockwise: everybody who may join
    the network (for a vignette: the client's carers and every named professional), so most people have a seat
    before they join. Anybody else gets the middle of the widest free arc when they first appear."""

    def __init__(self, expected: list[str]):
        n = max(len(expected), 1)
        self.angle: dict[str, float] = {node: math.pi - 2 * math.pi * k / n for k, node in enumerate(expected)}

    def take(self, node: str) -> float:
        if node not in self.angle:
            taken = sorted(a % (2 * math.pi) for a in self.angle.values())
            if not taken:
                self.angle[node] = math.pi
            else:
                gaps = [((taken[(k + 1) % len(taken)] - a) % (2 * math.pi) or 2 * math.pi, a)
                        for k, a in enumerate(taken)]
                width, start = max(gaps)
                self.angle[node] = start + width / 2
        return self.angle[node]

    def xy(self, node: str) -> tuple[float, float]:
        if node == "client":
            return WIDTH / 2, HEIGHT / 2
        angle = self.take(node)
        return WIDTH / 2 + RING * 1.45 * math.cos(angle), HEIGHT / 2 - RING * math.sin(angle)


def people(replay: Replay, week: int | None = None) -> list[tuple[str, str, str, str]]:
    """The focus client's people at the cursor (or after ``week`` weeks): ``(node, name, role, law)``; the client
    first, then carers, then professionals by role."""
    f, c = replay.frames[replay.cursor if week is None else week], replay.focus
    net = f.net
    out = [("client", replay.names["client"].get(c, "client"), "client", "")]
    for j in np.flatnonzero(net.carer_client == c):
        out.append((f"carer {j}", replay.names["carer"].get(int(j), f"carer {j}"), "carer", ""))
    posts = sorted((int(p) for p in net.member[c] if p >= 0), key=lambda p: (int(net.post_role[p]), p))
    for p in posts:
        role = int(net.post_role[p])
        out.append((f"post {p}", replay.post_name(p), V.ROLES[role], role_law(net, c, role)))
    return out


def seats_for(replay: Replay) -> Seats:
    """The seats of a replay (kept on it, so they last the run): the people at the start, then for a vignette
    every other named professional (by role) who may join."""
    seats = getattr(replay, "_seats", None)
    if seats is None:
        expected = [node for node, *_ in people(replay, week=0)[1:]]
        if hasattr(replay.model, "vignette"):
            net = replay.frames[0].net
            others = sorted((p for p in replay.names["post"] if f"post {p}" not in expected),
                            key=lambda p: (int(net.post_role[p]), p))
            expected += [f"post {p}" for p in others]
        seats = Seats(expected)
        replay._seats = seats
    return seats


def _wrap(name: str, width: int = 16) -> list[str]:
    """A long name on two lines, broken at the space nearest its middle."""
    if len(name) <= width or " " not in name:
        return [name]
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return [name[:cut], name[cut + 1:]]


def _shape(code: str, x: float, y: float, r: float, attrs: str) -> str:
    """An SVG element drawing matplotlib marker ``code`` at (x, y) with radius ``r``."""
    def polygon(n: int, start: float, radius: float = r) -> str:
        pts = " ".join(f"{x + radius * math.cos(start + 2 * math.pi * k / n):.1f},"
                       f"{y - radius * math.sin(start + 2 * math.pi * k / n):.1f}" for k in range(n))
        return f'<polygon points="{pts}" {attrs}/>'
    if code == "o":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {attrs}/>'
    if code == "s":
        side = r * 1.7
        return f'<rect x="{x - r * .85:.1f}" y="{y - r * .85:.1f}" width="{side:.1f}" height="{side:.1f}" {attrs}/>'
    if code == "*":
        pts = " ".join(f"{x + (r if k % 2 == 0 else r * .45) * math.cos(math.pi / 2 + math.pi * k / 5):.1f},"
                       f"{y - (r if k % 2 == 0 else r * .45) * math.sin(math.pi / 2 + math.pi * k / 5):.1f}"
                       for k in range(10))
        return f'<polygon points="{pts}" {attrs}/>'
    if code == "P":
        a, b = r * .35, r * .95
        pts = [(-a, -b), (a, -b), (a, -a), (b, -a), (b, a), (a, a), (a, b), (-a, b), (-a, a), (-b, a), (-b, -a),
               (-a, -a)]
        return '<polygon points="' + " ".join(f"{x + u:.1f},{y + v:.1f}" for u, v in pts) + f'" {attrs}/>'
    sides = {"^": (3, math.pi / 2), "v": (3, -math.pi / 2), "<": (3, math.pi), ">": (3, 0.0), "D": (4, math.pi / 2),
             "p": (5, math.pi / 2), "h": (6, math.pi / 2)}
    n, start = sides.get(code, (4, math.pi / 4))
    return polygon(n, start, r * (1.15 if n == 3 else 1.0))


def _tooltip(replay: Replay, node: str, name: str, role: str, law: str) -> str:
    """What hovering a person shows: their state at the cursor."""
    f, c = replay.frame, replay.focus
    net = f.net
    if node == "client":
        lead = int(net.coordinator[c])
        return "\n".join([name, f"unmet need this week: {max(f.unmet[c], 0.0):.1f} h",
                          f"lead professional: {replay.post_name(lead) if lead >= 0 else 'none'}",
                          f"arranges the care: {V.ARRANGERS[int(f.arranger[c])]}"])
    if node.startswith("carer"):
        j = int(node.split()[1])
        cat = V.STRAIN_CATEGORIES[int(net.carer_category[j])].replace("_", " ")
        hours = {k: float(v[j]) for k, v in f.carer_hours.items()}
        state = "caring" if net.carer_active[j] else "stopped caring"
        return "\n".join([name + (" (primary carer)" if net.primary_carer[c] == j else ""),
                          f"strain {float(net.carer_strain[j]):.1f}: {cat}" + (", burned out" if net.carer_burned_out[j]
                                                                               else ""),
                          f"{state}; this week {hours['care']:.1f} h care (presence {hours['presence']:.1f}, "
                          f"practical {hours['practical']:.1f}, usual care {hours['usual']:.1f}, "
                          f"gaps {hours['gap']:.1f}), "
                          f"{hours['regelwerk']:.1f} h arranging"])
    p = int(node.split()[1])
    log = replay.log()
    mine = (log["client"] == c) & (log["target"] == p) & (log["role"] != CARER_ROLE)
    got = int((mine & (log["event"] == V.EVENT["handover_delivered"])).sum())
    lost = int((mine & (log["event"] == V.EVENT["handover_failed"])).sum())
    desk = sum(1 for d in f.open_complaints.values() if d == p)
    lead = " (lead professional)" if net.coordinator[c] == p else ""
    return "\n".join([f"{name}{lead}", f"{role.replace('_', ' ')}, {law.capitalize()}",
                      f"handover items received {got}, lost on the way {lost}",
                      f"open complaints at this desk: {desk}"])


def person_state(replay: Replay, name: str) -> str:
    """What hovering ``name`` shows (their state at the cursor), or that they are not in this network now."""
    for node, who, role, law in people(replay):
        if who == name:
            return _tooltip(replay, node, who, role, law)
    return f"{name}: not in the network at this week"


def _items(replay: Replay) -> list[tuple[str, str, bool, int, str]]:
    """Handover items of the focus client so far: ``(sender, receiver, failed, week, text)``."""
    log = replay.log()
    sel = (log["client"] == replay.focus) & np.isin(log["event"], (V.EVENT["handover_delivered"],
                                                                   V.EVENT["handover_failed"]))
    out = []
    for i in np.flatnonzero(sel):
        to_carer = log["role"][i] == CARER_ROLE
        sender = f"post {log['actor'][i]}" if log["actor"][i] >= 0 else "client"
        receiver = f"carer {log['target'][i]}" if to_carer else f"post {log['target'][i]}"
        failed = log["event"][i] == V.EVENT["handover_failed"]
        kind = V.ITEM_KINDS[int(log["detail"][i])] if 0 <= log["detail"][i] < len(V.ITEM_KINDS) else "item"
        channel = V.CHANNELS[int(log["channel"][i])] if 0 <= log["channel"][i] < len(V.CHANNELS) else "none"
        text = f"{kind.replace('_', ' ')} item {'LOST' if failed else 'delivered'} ({channel.replace('_', ' ')})"
        out.append((sender, receiver, bool(failed), int(log["week"][i]), text))
    return out


def network_svg(replay: Replay, highlight: frozenset[str] | set[str] = frozenset(), label: str = "") -> str:
    """The focus client's network at the cursor as an ``<svg>`` element (see the module docstring);
    ``highlight``: names of people to outline; ``label``: the accessible name."""
    seats = seats_for(replay)
    cast = people(replay)
    pos = {node: seats.xy(node) for node, *_ in cast}
    net = replay.frame.net
    c = replay.focus
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
             f'aria-label="{html.escape(label or "care network")}" class="carenet-network">',
             '<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{DELIVERED_COLOUR}"/></marker>'
             '<marker id="arrf" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{FAILED_COLOUR}"/></marker></defs>']
    cx, cy = pos["client"]
    for node, *_ in cast[1:]:
        x, y = pos[node]
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#DDDDDD" '
                     'stroke-width="1.2"/>')
    this_week = replay.cursor - 1
    pair_count: dict[tuple, int] = {}
    for sender, receiver, failed, week, text in _items(replay):
        if sender not in pos or receiver not in pos or sender == receiver:
            continue
        (x1, y1), (x2, y2) = pos[sender], pos[receiver]
        now = week == this_week
        k = pair_count.get((sender, receiver, now), 0)
        pair_count[(sender, receiver, now)] = k + 1
        if not now and k > 0:
            continue  # one faint line per pair for earlier weeks
        bow = 0.25 + 0.12 * k
        mx, my = (x1 + x2) / 2 + bow * (y2 - y1), (y1 + y2) / 2 - bow * (x2 - x1)
        colour = FAILED_COLOUR if failed else DELIVERED_COLOUR
        if not now:
            dash = ' stroke-dasharray="4 3"' if failed else ""
            parts.append(f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" fill="none" '
                         f'stroke="{FAINT_COLOUR}" stroke-width="1"{dash}/>')
            continue
        # shorten the end so the arrowhead stops at the node
        ex, ey = x2 - mx, y2 - my
        d = math.hypot(ex, ey) or 1.0
        x2s, y2s = x2 - 20 * ex / d, y2 - 20 * ey / d
        dash = ' stroke-dasharray="7 4"' if failed else ""
        parts.append(f'<path class="item{" failed" if failed else ""}" d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} '
                     f'{x2s:.1f},{y2s:.1f}" fill="none" stroke="{colour}" stroke-width="{3 if failed else 2}"{dash} '
                     f'marker-end="url(#{"arrf" if failed else "arr"})"><title>{html.escape(text)}</title></path>')
        if failed:
            qx, qy = 0.25 * x1 + 0.5 * mx + 0.25 * x2, 0.25 * y1 + 0.5 * my + 0.25 * y2
            parts.append(f'<text x="{qx:.1f}" y="{qy + 6:.1f}" text-anchor="middle" font-size="18" font-weight="bold" '
                         f'fill="{FAILED_COLOUR}">✕<title>{html.escape(text)}</title></text>')
    for node, name, role, law in cast:
        x, y = pos[node]
        colour = CLIENT_COLOUR if node == "client" else CARER_COLOUR if role == "carer" else LAW_COLOURS[law]
        r = 20 if node == "client" else 14
        lit = name in highlight
        stroke = f'stroke="black" stroke-width="{3.5 if lit else 1.4}"'
        inactive = role == "carer" and not net.carer_active[int(node.split()[1])]
        tip = html.escape(_tooltip(replay, node, name, role, law))
        parts.append(f'<g class="person{" lit" if lit else ""}" data-name="{html.escape(name)}">'
                     f'<title>{tip}</title>')
        if lit:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 8}" fill="{HIGHLIGHT}" opacity="0.8"/>')
        parts.append(_shape(SHAPES.get(role, "o"), x, y, r,
                            f'fill="{colour}" {stroke}' + (' opacity="0.4"' if inactive else "")))
        badges = []
        if role == "carer" and net.primary_carer[c] == int(node.split()[1]):
            badges.append("primary carer")
        if node.startswith("post") and net.coordinator[c] == int(node.split()[1]):
            badges.append("LEAD")
        if node.startswith("post") and net.plan[c] and net.post_on_plan[int(node.split()[1])]:
            badges.append("on the plan")
        if inactive:
            badges.append("stopped")
        title = _wrap(name)
        under = title + ([f"{role.replace('_', ' ')} · {law.capitalize()}"] if law else []) + badges
        ty = y + r + 13
        for k, line in enumerate(under):
            weight = ' font-weight="bold"' if k < len(title) or line == "LEAD" else ""
            fill = FAILED_COLOUR if line == "LEAD" else "#222222"
            parts.append(f'<text x="{x:.1f}" y="{ty + 12 * k:.1f}" text-anchor="middle" font-size="10.5"{weight} '
                         f'fill="{fill}">{html.escape(line)}</text>')
        parts.append("</g>")
    parts.append(f'<text x="8" y="16" font-size="12" fill="#555555">{html.escape(replay.played)}'
                 f' · {html.escape(replay.policy)}</text>')
    parts.append("</svg>")
    return "".join(parts)
