"""The report's picture of a typical client's care network, one per population.

The results folder holds tallies only, so the picture comes from a short run of the scenario that the caller (the
command line, :mod:`carenet.cli.report`) makes and hands in as :class:`analysis.network_picture.TypicalNetwork`:
the client's graph and how it was chosen. :func:`network_context` gives per population the active title (how many
of the client's handover items failed, and to whom most went), the picture (:func:`analysis.network_picture.
network_svg`), a one-sentence caption and the edge list as CSV; without pictures it says why there are none.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from analysis.network_picture import TypicalNetwork, edge_table, network_svg, word
from analysis.report.data import ReportData
from analysis.report.formatting import csv_uri, number, plain
from analysis.report.labels import policy_name, text
from analysis.report.sentences import join


def network_title(typical: TypicalNetwork, lang: str) -> str:
    """The picture's active title: how many handover items failed, and the role(s) most of them were meant for."""
    graph = typical.graph
    edges = [e for _, _, e in graph.edges(data=True) if e["kind"] == "handover"]
    items = sum(e["items"] for e in edges)
    failed = Counter()
    for u, v, e in graph.edges(data=True):
        if e["kind"] == "handover" and e["failed"]:
            failed[graph.nodes[v]["role"]] += e["items"]
    professionals = sum(1 for n in graph.nodes if graph.nodes[n]["kind"] == "professional"
                        and graph.nodes[n]["member"])
    carers = sum(1 for n in graph.nodes if graph.nodes[n]["kind"] == "carer")
    if not items:
        return text(lang, "network_title_quiet", scenario=typical.scenario, professionals=professionals,
                    carers=carers)
    if not failed:
        return text(lang, "network_title_ok", scenario=typical.scenario, items=items)
    most = max(failed.values())
    roles = join(lang, [word(lang, f"role_{r}") for r in sorted(failed) if failed[r] == most])
    key = ("network_title_failed_one" if sum(failed.values()) == 1 else
           "network_title_failed_all" if len(failed) == 1 else "network_title_failed")
    return text(lang, key, scenario=typical.scenario, failed=sum(failed.values()), items=items, role=roles)


def network_caption(typical: TypicalNetwork, lang: str) -> str:
    """One sentence: which client of which run, how it was chosen, and how to read the picture."""
    return text(lang, "network_caption", client=typical.choice.client, scenario=typical.scenario,
                policy=policy_name(lang, typical.policy), clients=number(typical.clients, 0, lang),
                years=plain(typical.years, lang), seed=typical.seed,
                candidates=number(typical.choice.candidates, 0, lang), transitions=typical.choice.transitions)


def network_context(data: ReportData, lang: str, networks: dict[str, TypicalNetwork | None] | None) -> dict:
    """What ``templates/_network.html.j2`` shows: per population the title, SVG, caption and edge-list CSV of its
    typical client (``networks``: scenario -> :class:`~analysis.network_picture.TypicalNetwork`, None for a
    population without a qualifying client; None altogether: no pictures, and a line that says so)."""
    if networks is None:
        return {"figures": [], "missing": text(lang, "network_missing")}
    figures = []
    for i, scenario in enumerate(data.scenarios):
        typical = networks.get(scenario)
        entry = {"id": f"network-{i}", "scenario": scenario, "heading": text(lang, "population", scenario=scenario)}
        if typical is None:
            figures.append({**entry, "missing": text(lang, "network_none", scenario=scenario)})
            continue
        title = network_title(typical, lang)
        figures.append({**entry, "missing": "", "title": title, "caption": network_caption(typical, lang),
                        "svg": Markup(network_svg(typical.graph, title, lang, salt=f"network-{i}")),
                        "csv": csv_uri(edge_table(typical.graph))})
    return {"figures": figures, "missing": ""}
