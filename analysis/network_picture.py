"""One client's care network as a picture: who is in it, and by which channel each handover item went between them.

Plain data in, SVG out, so the report and a teaching dashboard draw the same picture:

* :func:`client_network`: a small :class:`networkx.MultiDiGraph` of one client, built from a model's state arrays
  (:class:`sim.network.Network`) and its event log (``model.log.arrays()``). Nodes: ``"client"``, ``"carer <c>"``
  and ``"post <p>"`` with ``kind`` (client, carer, professional), ``role`` (a name of :data:`sim.vocabulary.ROLES`,
  ``"carer"`` or ``"client"``), ``law`` (the law the professional works under for this client: the law of the
  domain its role delivers, else its role's own law; ``""`` for the client and carers), ``member`` (in the
  client's network at the end of the run), ``primary`` (carers) and ``coordinator`` (the regiebehandelaar).
  Edges: ``kind="member"`` from the client to each carer and professional of the network, and ``kind="handover"``
  per sender, receiver, channel and outcome with ``channel`` (a name of :data:`sim.vocabulary.CHANNELS`; for a
  failed item the channel it was meant to go by, ``none`` when it had none), ``failed``, ``items`` (handover
  items), ``item_kinds`` and ``transitions``. An item the client side knows (a carer dropping out) is sent by
  ``"client"``; an item of a professional who left goes from the post to its successor (a loop).
* :func:`typical_client`: a client chosen deterministically from a run: the median number of transitions among
  the clients who stayed the whole recorded run, have a carer and at least :data:`MIN_PROFESSIONALS`
  professionals.
* :class:`TypicalNetwork`: that client's graph with the run it comes from (what a caller that ran the model hands
  to a report).
* :func:`edge_table`: the graph as an edge list (one row per edge), the text alternative of the picture.
* :func:`network_svg`: the picture, deterministic inline SVG (:func:`analysis.svg.svg`). Roles are
  node shapes, laws colour-blind-safe colours (Okabe-Ito) *and* a label under each node; channels are line
  styles; a failed handover is a thick dashed vermillion line with a cross at its middle; each has a legend
  entry. Its words, in English or Dutch, are :data:`WORDS` (:func:`word`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.path import Path as MplPath

from analysis.svg import STYLE, svg
from sim import vocabulary as V
from sim.network import Network
from sim.observe import CARER_ROLE

#: A typical client has at least this many professionals in the network (and a carer).
MIN_PROFESSIONALS = 3

#: Node shape of each role (matplotlib markers); the client is a star, a carer a circle.
SHAPES = {"client": "*", "carer": "o", "gp": "s", "district_nurse": "^", "home_carer": "v", "specialist": "D",
          "physiotherapist": "p", "pharmacist": "h", "social_team": "P", "ggz_practitioner": "<",
          "youth_worker": ">"}
#: Colour of each law (Okabe-Ito, colour-blind-safe); the client is white, carers grey.
LAW_COLOURS = {"zvw": "#0072B2", "wlz": "#CC79A7", "wmo": "#009E73", "jeugdwet": "#E69F00"}
CLIENT_COLOUR, CARER_COLOUR = "#FFFFFF", "#BBBBBB"
#: Line style of each channel (delivered items, dark grey); a failed item is drawn :data:`FAILED_STYLE`.
CHANNEL_STYLES = {"plan": "-", "direct_digital": (0, (1, 1.5)), "coordinator": (0, (6, 2, 1, 2)),
                  "direct_paper": (0, (9, 3)), "in_person": (0, (3, 2)), "carried_by_client": (0, (6, 2, 1, 2, 1, 2)),
                  "carried_by_carer": (0, (10, 2, 2, 2)), "none": (0, (1, 3))}
DELIVERED_COLOUR = "#333333"
FAILED_COLOUR = "#D55E00"  # Okabe-Ito vermillion
FAILED_STYLE = (0, (4, 2))
#: Node sizes (points squared); the radius of the circle the carers and professionals stand on (the client in its
#: middle), and where the legend starts (share of the figure's width).
CLIENT_SIZE, NODE_SIZE = 900, 420
RING, LEGEND_AT = 1.2, 0.64
#: How far from the client (data units; the circle has radius :data:`RING`) a line between two others passes.
CLEAR = 0.5
#: The picture's words in English and Dutch (kept with the picture, so a dashboard uses it without the report).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "role_client": "client",
        "role_carer": "carer",
        "role_gp": "GP",
        "role_district_nurse": "district nurse",
        "role_home_carer": "home carer",
        "role_specialist": "specialist",
        "role_physiotherapist": "physiotherapist",
        "role_pharmacist": "pharmacist",
        "role_social_team": "social team",
        "role_ggz_practitioner": "ggz practitioner",
        "role_youth_worker": "youth worker",
        "primary_carer": "primary carer",
        "coordinator": "regiebehandelaar",
        "outside": "(earlier in the year)",
        "legend_roles": "Role (shape)",
        "legend_laws": "Law (colour and label)",
        "legend_channels": "Handover item (line)",
        "law_zvw": "Zvw: health insurance",
        "law_wlz": "Wlz: long-term care",
        "law_wmo": "Wmo: municipal support",
        "law_jeugdwet": "Jeugdwet: youth care",
        "no_law": "carer: no law",
        "member": "in the network",
        "channel_plan": "digital plan",
        "channel_direct_digital": "linked systems",
        "channel_coordinator": "via the regiebehandelaar",
        "channel_direct_paper": "letter or call",
        "channel_in_person": "in person",
        "channel_carried_by_client": "carried by the client",
        "channel_carried_by_carer": "carried by the carer",
        "channel_none": "no channel",
        "failed": "failed: not in time",
    },
    "nl": {
        "role_client": "cliënt",
        "role_carer": "mantelzorger",
        "role_gp": "huisarts",
        "role_district_nurse": "wijkverpleegkundige",
        "role_home_carer": "thuisondersteuner",
        "role_specialist": "medisch specialist",
        "role_physiotherapist": "fysiotherapeut",
        "role_pharmacist": "apotheker",
        "role_social_team": "sociaal wijkteam",
        "role_ggz_practitioner": "ggz-behandelaar",
        "role_youth_worker": "jeugdhulpverlener",
        "primary_carer": "hoofdmantelzorger",
        "coordinator": "regiebehandelaar",
        "outside": "(eerder in het jaar)",
        "legend_roles": "Rol (vorm)",
        "legend_laws": "Wet (kleur en label)",
        "legend_channels": "Overdrachtsitem (lijn)",
        "law_zvw": "Zvw: zorgverzekering",
        "law_wlz": "Wlz: langdurige zorg",
        "law_wmo": "Wmo: gemeentelijke ondersteuning",
        "law_jeugdwet": "Jeugdwet: jeugdhulp",
        "no_law": "mantelzorger: geen wet",
        "member": "in het netwerk",
        "channel_plan": "digitaal zorgleefplan",
        "channel_direct_digital": "gekoppelde systemen",
        "channel_coordinator": "via de regiebehandelaar",
        "channel_direct_paper": "brief of telefoon",
        "channel_in_person": "persoonlijk",
        "channel_carried_by_client": "meegenomen door de cliënt",
        "channel_carried_by_carer": "meegenomen door de mantelzorger",
        "channel_none": "geen kanaal",
        "failed": "mislukt: niet op tijd",
    },
}


def word(lang: str, key: str) -> str:
    """A word of the picture in ``lang`` (``"en"`` or ``"nl"``): a role (``role_gp``), a law (``law_wmo``), a
    channel (``channel_direct_paper``) or a legend text."""
    return WORDS[lang][key]


#: Columns of :func:`edge_table`.
EDGE_COLUMNS = ("source", "source_role", "source_law", "target", "target_role", "target_law", "kind", "channel",
                "failed", "items", "item_kinds", "transitions")


def role_law(net: Network, client: int, role: int) -> str:
    """The law a professional of ``role`` works under for ``client``: its domain's law, else the role's own."""
    if role in V.DOMAIN_ROLE and role != V.GP:
        return V.LAWS[net.law[client, V.DOMAIN_ROLE.index(role)]]
    return V.LAWS[V.ROLE_LAW[role]]


def client_network(net: Network, log: dict[str, np.ndarray], client: int) -> nx.MultiDiGraph:
    """The care network of ``client``: its carers and professionals, and the handover items between them in
    ``log`` (the event-log columns of :meth:`sim.observe.EventLog.arrays`), aggregated per sender, receiver,
    channel and outcome. See the module docstring for the attributes."""
    client = int(client)
    graph = nx.MultiDiGraph(client=client)
    graph.add_node("client", kind="client", role="client", law="", member=True)
    handover = (log["client"] == client) & np.isin(log["event"], (V.EVENT["handover_delivered"],
                                                                   V.EVENT["handover_failed"]))
    items = {name: column[handover] for name, column in log.items()}
    to_carer = items["role"] == CARER_ROLE
    carers = sorted(set(net.carers_of(client).tolist()) | set(items["target"][to_carer].tolist()))
    for c in carers:
        graph.add_node(f"carer {c}", kind="carer", role="carer", law="", member=bool(net.carer_client[c] == client),
                       primary=bool(net.primary_carer[client] == c))
    members = net.member[client]
    in_network = set(members[members >= 0].tolist())
    posts = in_network | set(items["actor"][items["actor"] >= 0].tolist()) | set(items["target"][~to_carer].tolist())
    for p in sorted(posts, key=lambda p: (int(net.post_role[p]), p)):
        role = int(net.post_role[p])
        graph.add_node(f"post {p}", kind="professional", role=V.ROLES[role], law=role_law(net, client, role),
                       member=p in in_network, coordinator=bool(net.coordinator[client] == p))
    for node in list(graph.nodes)[1:]:
        if graph.nodes[node]["member"]:
            graph.add_edge("client", node, key="member", kind="member")
    failed = items["event"] == V.EVENT["handover_failed"]
    senders = [f"post {a}" if a >= 0 else "client" for a in items["actor"].tolist()]
    receivers = [f"carer {t}" if c else f"post {t}" for t, c in zip(items["target"].tolist(), to_carer.tolist())]
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(senders, receivers, items["channel"].tolist(), failed.tolist())):
        groups.setdefault(key, []).append(i)
    for (u, v, channel, fail), rows in groups.items():  # in the order of each group's first item
        kinds = sorted({int(items["detail"][i]) for i in rows})
        graph.add_edge(u, v, key=f"{V.CHANNELS[channel]}{' failed' if fail else ''}", kind="handover",
                       channel=V.CHANNELS[channel], failed=bool(fail), items=len(rows),
                       item_kinds="+".join(V.ITEM_KINDS[k] for k in kinds),
                       transitions=len({int(items["ref"][i]) for i in rows}))
    return graph


@dataclass(frozen=True)
class TypicalClient:
    """A client chosen by :func:`typical_client`: its index, its transitions in the run, and among how many
    candidates it was the median."""

    client: int
    transitions: int
    candidates: int


def typical_client(net: Network, log: dict[str, np.ndarray]) -> TypicalClient | None:
    """The typical client of a run: among the clients who stayed the whole recorded run (no exit or entry in the
    log), have a carer and at least :data:`MIN_PROFESSIONALS` professionals in their network at its end, the one
    with the median number of transitions (the lower median; ties broken by the lowest index). None when no
    client qualifies."""
    n = net.n_clients
    event, who = log["event"], log["client"]
    counted = who >= 0
    transitions = np.bincount(who[counted & (event == V.EVENT["transition"])], minlength=n)
    moved = np.zeros(n, bool)
    moved[who[counted & np.isin(event, (V.EVENT["client_exit"], V.EVENT["client_entry"]))]] = True
    has_carer = np.bincount(net.carer_client, minlength=n)[:n] > 0
    professionals = (net.member >= 0).sum(axis=1)
    candidates = np.flatnonzero(has_carer & (professionals >= MIN_PROFESSIONALS) & ~moved)
    if not candidates.size:
        return None
    ranked = candidates[np.lexsort((candidates, transitions[candidates]))]
    pick = int(ranked[(ranked.size - 1) // 2])
    return TypicalClient(client=pick, transitions=int(transitions[pick]), candidates=int(candidates.size))


@dataclass(frozen=True)
class TypicalNetwork:
    """The network of a typical client of a short run, and the run it comes from (for a caption).

    Attributes:
        graph: :func:`client_network` of the client.
        choice: how it was chosen (:func:`typical_client`).
        scenario: the scenario run; policy: the policy run under.
        seed: the run's seed; years: simulated years after the warm-up; clients: clients in the run.
    """

    graph: nx.MultiDiGraph
    choice: TypicalClient
    scenario: str
    policy: str
    seed: int
    years: float
    clients: int


def edge_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """The graph as an edge list (columns :data:`EDGE_COLUMNS`): membership edges (no channel) and handover
    edges (channel, failed, items, item kinds, transitions), in the graph's order."""
    rows = []
    for u, v, e in graph.edges(data=True):
        a, b = graph.nodes[u], graph.nodes[v]
        rows.append({"source": u, "source_role": a["role"], "source_law": a["law"], "target": v,
                     "target_role": b["role"], "target_law": b["law"], "kind": e["kind"],
                     "channel": e.get("channel", ""), "failed": e.get("failed", False), "items": e.get("items", 0),
                     "item_kinds": e.get("item_kinds", ""), "transitions": e.get("transitions", 0)})
    return pd.DataFrame(rows, columns=list(EDGE_COLUMNS))


# --------------------------------------------------------------------------- drawing

def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions: the client in the middle; carers, then professionals by role, evenly on a circle around it,
    starting on the left and going anticlockwise (deterministic: no random layout)."""
    ring = [n for n in graph.nodes if n != "client"]
    pos = {"client": (0.0, 0.0)}
    for i, node in enumerate(ring):
        angle = math.pi + 2 * math.pi * i / len(ring)
        pos[node] = (RING * math.cos(angle), RING * math.sin(angle))
    return pos


def _node_label(graph: nx.MultiDiGraph, node: str, lang: str) -> str:
    """A node's label: its role, and the law in words (so no meaning rests on colour)."""
    a = graph.nodes[node]
    if a["kind"] == "client":
        return word(lang, "role_client")
    if a["kind"] == "carer":
        return word(lang, "primary_carer" if a.get("primary") else "role_carer")
    name = word(lang, f"role_{a['role']}")
    if a.get("coordinator"):
        name += f" ({word(lang, 'coordinator')})"
    if not a.get("member"):
        name += f"\n{word(lang, 'outside')}"
    return f"{name}\n{a['law'].capitalize()}"


def _colour(graph: nx.MultiDiGraph, node: str) -> str:
    a = graph.nodes[node]
    return {"client": CLIENT_COLOUR, "carer": CARER_COLOUR}.get(a["kind"]) or LAW_COLOURS[a["law"]]


def _radius(node: str) -> float:
    """A node's marker radius in points (arrows stop there)."""
    return math.sqrt(CLIENT_SIZE if node == "client" else NODE_SIZE) / 2


def _loop(x: float, y: float, size: float) -> MplPath:
    """A loop beside the node at (x, y) on the circle (anticlockwise along it, where neither the label outside
    nor the lines to the client inside are), for an item from a post to its own successor."""
    norm = math.hypot(x, y) or 1.0
    ux, uy = -y / norm, x / norm  # along the circle
    px, py = x / norm, y / norm  # outward
    tip = (x + 1.6 * size * ux, y + 1.6 * size * uy)
    return MplPath([(x, y), (tip[0] + size * px, tip[1] + size * py), (tip[0] - size * px, tip[1] - size * py),
                    (x, y)], [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])


def _handover_edges(graph: nx.MultiDiGraph, pos: dict) -> list[tuple[str, str, dict, float]]:
    """Handover edges (delivered first, failed on top) with the curvature (``arc3`` rad) that bows each away from
    the client in the middle, clear of it, and keeps the edges between the same two nodes apart."""
    seen: dict[frozenset, int] = {}
    out = []
    edges = [(u, v, e) for u, v, e in graph.edges(data=True) if e["kind"] == "handover"]
    for u, v, e in sorted(edges, key=lambda t: t[2]["failed"]):
        k = seen.get(frozenset((u, v)), 0)
        seen[frozenset((u, v))] = k + 1
        rad = 0.3 + 0.15 * k
        if u != v:
            outward = max((rad, -rad), key=lambda r: math.hypot(*_middle(pos[u], pos[v], r)))
            while math.hypot(*_middle(pos[u], pos[v], outward)) < CLEAR and abs(outward) < 1.5:
                outward *= 1.2
            rad = outward
        out.append((u, v, e, rad))
    return out


def _middle(a: tuple[float, float], b: tuple[float, float], rad: float) -> tuple[float, float]:
    """The middle of matplotlib's ``arc3`` curve from ``a`` to ``b`` (equal axis scales)."""
    (x1, y1), (x2, y2) = a, b
    return (x1 + x2) / 2 + rad * (y2 - y1) / 2, (y1 + y2) / 2 - rad * (x2 - x1) / 2


def network_svg(graph: nx.MultiDiGraph, title: str, lang: str = "en", salt: str = "network") -> str:
    """The picture of ``graph`` (:func:`client_network`) as an inline ``<svg>`` element, ``title`` its accessible
    name; the same graph, language and ``salt`` give the same bytes."""
    pos = layout(graph)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(10.0, 6.0))
        ax = fig.add_axes((0.0, 0.0, LEGEND_AT, 1.0))
        ax.set_aspect("equal")
        ax.set_xlim(-2.3, 2.3)
        ax.set_ylim(-1.9, 1.9)
        ax.axis("off")
        for u, v, e in graph.edges(data=True):  # membership: thin light lines under everything
            if e["kind"] == "member":
                ax.add_patch(FancyArrowPatch(pos[u], pos[v], arrowstyle="-", color="#C8C8C8", linewidth=1.0,
                                             shrinkA=_radius(u), shrinkB=_radius(v), zorder=1))
        for u, v, e, rad in _handover_edges(graph, pos):
            failed = e["failed"]
            style = dict(color=FAILED_COLOUR if failed else DELIVERED_COLOUR, linewidth=3.2 if failed else 1.6,
                         linestyle=FAILED_STYLE if failed else CHANNEL_STYLES[e["channel"]], zorder=3 if failed else 2,
                         arrowstyle="-|>", mutation_scale=14)
            if u == v:
                path = _loop(*pos[u], size=0.1 + 0.1 * abs(rad))
                ax.add_patch(FancyArrowPatch(path=path, **style))
                middle = tuple(path.vertices[1:3].mean(axis=0) * 0.75 + np.array(pos[u]) * 0.25)
            else:
                ax.add_patch(FancyArrowPatch(pos[u], pos[v], connectionstyle=f"arc3,rad={rad}",
                                             shrinkA=_radius(u) + 1, shrinkB=_radius(v) + 2, **style))
                middle = _middle(pos[u], pos[v], rad)
            if failed:
                ax.plot(*middle, marker="X", markersize=12, color=FAILED_COLOUR, markeredgecolor="white",
                        markeredgewidth=1.2, zorder=5)
            if e["items"] > 1:
                ax.annotate(f"×{e['items']}", middle, xytext=(7, 5), textcoords="offset points", fontsize=9,
                            color=FAILED_COLOUR if failed else DELIVERED_COLOUR, zorder=6,
                            bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))
        for role in SHAPES:
            nodes = [n for n in graph.nodes if graph.nodes[n]["role"] == role]
            if nodes:
                nx.draw_networkx_nodes(graph, pos, nodelist=nodes, node_shape=SHAPES[role], ax=ax,
                                       node_size=CLIENT_SIZE if role == "client" else NODE_SIZE,
                                       node_color=[_colour(graph, n) for n in nodes], edgecolors="black",
                                       linewidths=1.4).set_zorder(4)
        for node, (x, y) in pos.items():
            if node == "client":
                ax.annotate(_node_label(graph, node, lang), (x, y), xytext=(0, -22), textcoords="offset points",
                            ha="center", va="top", fontsize=10, fontweight="bold", zorder=6)
                continue
            ux, uy = x / RING, y / RING
            ax.annotate(_node_label(graph, node, lang), (x, y), xytext=(16 * ux, 16 * uy), textcoords="offset points",
                        ha="center" if abs(ux) < 0.3 else ("left" if ux > 0 else "right"),
                        va="center" if abs(uy) < 0.8 else ("bottom" if uy > 0 else "top"), fontsize=9.5,
                        linespacing=1.1, zorder=6)
        _legend(fig, graph, lang)
        return svg(fig, salt, title)


def _legend(fig: Figure, graph: nx.MultiDiGraph, lang: str) -> None:
    """One legend right of the drawing: roles (shape), laws (colour and label), channels (line), failed items."""
    roles = [r for r in SHAPES if any(graph.nodes[n]["role"] == r for n in graph.nodes)]
    handover = [e for _, _, e in graph.edges(data=True) if e["kind"] == "handover"]
    channels = [c for c in V.CHANNELS if any(e["channel"] == c and not e["failed"] for e in handover)]
    header = lambda key: Line2D([], [], linestyle="none", label=word(lang, key))  # noqa: E731
    handles = [header("legend_roles")]
    for role in roles:
        handles.append(Line2D([], [], linestyle="none", marker=SHAPES[role], markersize=13 if role == "client" else 9,
                              markerfacecolor="white", markeredgecolor="black", label=word(lang, f"role_{role}")))
    handles.append(header("legend_laws"))
    handles += [Patch(facecolor=colour, edgecolor="black", label=word(lang, f"law_{law}"))
                for law, colour in LAW_COLOURS.items()]
    handles.append(Patch(facecolor=CARER_COLOUR, edgecolor="black", label=word(lang, "no_law")))
    handles.append(header("legend_channels"))
    handles.append(Line2D([], [], color="#C8C8C8", linewidth=1.0, label=word(lang, "member")))
    handles += [Line2D([], [], color=DELIVERED_COLOUR, linewidth=1.6, linestyle=CHANNEL_STYLES[c],
                       label=word(lang, f"channel_{c}")) for c in channels]
    if any(e["failed"] for e in handover):
        handles.append(Line2D([], [], color=FAILED_COLOUR, linewidth=3.2, linestyle=FAILED_STYLE, marker="X",
                              markersize=10, markeredgecolor="white", label=word(lang, "failed")))
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(LEGEND_AT, 0.99), frameon=False,
                        handlelength=3.2, fontsize=9.5, labelspacing=0.45)
    headers = {word(lang, k) for k in ("legend_roles", "legend_laws", "legend_channels")}
    for label in legend.get_texts():
        if label.get_text() in headers:
            label.set_fontweight("bold")
