"""The architecture holds: imports go one way through the layers, and no two files import each other in a cycle.

The layer order is written once, as import-linter's ``layers`` contract in ``pyproject.toml``
(``[tool.importlinter]``); these tests run it, and look for cycles between files in the import graph
that import-linter builds (grimp).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("carenet", "sim", "experiments", "analysis")


def test_imports_follow_the_layers_written_in_pyproject():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(REPO / "pyproject.toml"), "--no-cache"], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"an import breaks the layer order:\n{result.stdout}\n{result.stderr}"
    assert "1 kept, 0 broken" in result.stdout


def import_graph() -> nx.DiGraph:
    """Module -> module for every import between the project's files (packages' ``__init__`` included)."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    g = nx.DiGraph()
    for module in graph.modules:
        g.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            g.add_edge(module, imported)
    return g


def test_no_import_cycle_between_files():
    g = import_graph()
    assert g.number_of_nodes() > 40, "the import graph missed the project's modules"
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert not cycles, f"files importing each other in a cycle: {cycles}"


def test_the_cycle_check_sees_a_cycle():
    """The check above would fail on a cycle (here a planted one), so its silence means something."""
    g = import_graph()
    g.add_edge("sim.vocabulary", "sim.model")  # sim.model imports sim.vocabulary (through the model's imports)
    assert any(len(c) > 1 for c in nx.strongly_connected_components(g))


def test_nothing_imports_the_user_facing_layer():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    importers = {m for m in graph.modules if not m.startswith("carenet")
                 for imported in graph.find_modules_directly_imported_by(m) if imported.startswith("carenet")}
    assert not importers, f"modules outside carenet/ import it: {sorted(importers)}"
