"""The scenario files behind a comparison, with their SHA-256, for the report's reproducibility block.

Per scenario, :func:`scenario_files_context` lists the TOML file the manifest names (``origins``) and every base
file it extends (:func:`sim.scenario.scenario_files`), each with the SHA-256 of its bytes as they are on disk when
the report is made. Files can change after a run, so it also says whether they still give the parameters the run
recorded: the files loaded with the run's ``--set`` overrides (:func:`sim.scenario.load_scenario`) must equal the
manifest's parameters of that scenario. The experiment's fingerprint (the manifest's ``fingerprint``: SHA-256 of
the definition, the full parameters of every scenario and the versions of Python, carenet, Mesa and numpy; written
into every run file) identifies the run whatever happens to the files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis.report.data import ReportData
from analysis.report.labels import text
from analysis.report.register import shown_path
from sim.scenario import ScenarioError, load_scenario, scenario_files


def sha256(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def scenario_file_hashes(data: ReportData, scenario: str) -> tuple[list[tuple[str, str]], bool | None]:
    """The files of ``scenario`` (its own first, then its bases) as (path, sha256), and whether they still give the
    run's recorded parameters (None when the manifest holds none, or the files cannot be read)."""
    origin = data.manifest.get("origins", {}).get(scenario, scenario)
    try:
        files = scenario_files(origin)
        hashes = [(shown_path(path), sha256(path)) for path in files]
        recorded = data.manifest.get("record", {}).get("parameters", {}).get(scenario)
        overrides = data.definition.get("overrides") or {}
        same = None if recorded is None else load_scenario(origin, **overrides).model_dump(mode="json") == recorded
    except (ScenarioError, OSError):
        return [], None
    return hashes, same


def scenario_files_context(data: ReportData, lang: str) -> dict:
    """What ``templates/_scenario_files.html.j2`` shows: per scenario its files with their SHA-256 and whether they
    match the run, and the experiment's fingerprint with what it covers."""
    scenarios = []
    for scenario in data.scenarios:
        hashes, same = scenario_file_hashes(data, scenario)
        state = {True: "files_match", False: "files_changed", None: "files_unknown"}[same]
        scenarios.append({"scenario": scenario, "files": hashes, "state": text(lang, state), "same": same})
    return {"scenarios": scenarios, "fingerprint": data.manifest.get("fingerprint")}
