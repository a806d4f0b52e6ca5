"""The report's method appendix: an ODD summary of the model and a completed STRESS-ABS checklist.

* :func:`odd_summary`: the seven ODD elements (Grimm et al. 2020) in a few sentences each. What the code defines
  is read from it, so it cannot drift: the entities and their state variables from the shapes of a blank
  :class:`sim.network.Network` (one array per agent kind) and the Mesa agent classes; the process overview and the
  submodels from :data:`sim.week.STEP_ORDER` (the first sentence of each step's and each process module's
  docstring); the random
  streams from :data:`sim.streams.STREAM_NAMES`; sizes, warm-up and run length from the run's parameters. The
  words around them are in :mod:`analysis.report.labels` (English and Dutch; the Dutch of the code's docstrings in
  :data:`~analysis.report.labels.CODE_DOCS_NL`). ``docs/ODD.md`` holds the full description; its section headings
  are listed.
* :func:`stress_checklist`: the STRESS-ABS items (Monks et al. 2019: objectives, logic, data, experimentation,
  implementation, code access), each filled from the run's manifest (replicates, years, warm-up, seeds, software
  versions, git commit), the register's counts and the project's facts.
* :func:`appendix_context`: both, as ``templates/_appendix.html.j2`` shows them.

Units: years and weeks of simulated time; one step is one week.
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields

import numpy as np

from analysis.report.data import BASELINE, ReportData
from analysis.report.formatting import number, plain
from analysis.report.labels import CODE_DOCS_NL, outcome_name, policy_name, text, unit
from analysis.report.register import DOCS, register_table, status_counts
from analysis.report.sentences import join
from sim.agents import CarerAgent, ClientAgent, ProfessionalAgent
from sim.network import Acquaintance, Network
from sim.outcomes import HEADLINE
from sim.policies import POLICY_NAMES
from sim.streams import STREAM_NAMES
from sim.week import STEP_ORDER

#: The full model description (its ``## `` headings are listed in the appendix).
ODD_FILE = DOCS / "ODD.md"
#: The agent kinds of the state arrays and the Mesa agent viewing each (organisations have none).
ENTITIES = (("clients", ClientAgent), ("carers", CarerAgent), ("posts", ProfessionalAgent), ("organisations", None))
#: STRESS-ABS sections and their items, in the checklist's order.
STRESS = (("objectives", ("1.1", "1.2", "1.3")), ("logic", ("2.1", "2.2", "2.3", "2.4", "2.5")),
          ("data", ("3.1", "3.2", "3.3", "3.4")), ("experimentation", ("4.1", "4.2", "4.3")),
          ("implementation", ("5.1", "5.2", "5.3", "5.4")), ("code", ("6.1",)))
#: Replicate seeds written out in full; more are summarised.
SEEDS_SHOWN = 5


def first_sentence(doc: str | None) -> str:
    """The first sentence of a docstring's first paragraph (``""`` without one)."""
    paragraph = " ".join(line.strip() for line in (doc or "").strip().split("\n\n")[0].splitlines())
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph, maxsplit=1)[0]


def _code_doc(lang: str, name: str, doc: str | None) -> str:
    """What a piece of code is, in ``lang``: its docstring's first sentence, or its Dutch text."""
    return first_sentence(doc) if lang == "en" else CODE_DOCS_NL.get(name, first_sentence(doc))


def state_variables() -> dict[str, list[str]]:
    """The state variables of each agent kind of :data:`ENTITIES`: the :class:`~sim.network.Network` fields whose
    first dimension is that kind's number (read from a blank network of distinct sizes); who-knows-whom belongs to
    the posts, the system links to the organisations."""
    sizes = {"clients": 2, "carers": 3, "posts": 5, "organisations": 7}
    net = Network.empty(sizes["clients"], sizes["carers"], sizes["posts"], sizes["organisations"])
    kind_of = {n: kind for kind, n in sizes.items()}
    out: dict[str, list[str]] = {kind: [] for kind in sizes}
    for f in fields(Network):
        value = getattr(net, f.name)
        n = value.district.size if isinstance(value, Acquaintance) else np.shape(value)[0]
        out[kind_of[n]].append(f.name)
    return out


def process_steps(lang: str) -> list[tuple[str, str]]:
    """The week, in order: (step name, what it does) for every entry of :data:`sim.week.STEP_ORDER`."""
    return [(name, _code_doc(lang, name, process.__doc__)) for name, process in STEP_ORDER]


def submodels(lang: str) -> list[tuple[str, str]]:
    """The submodels: (module, what it does) for every process module of the week, once each, in order."""
    modules = dict.fromkeys(process.__module__ for _, process in STEP_ORDER)
    return [(module, _code_doc(lang, module, sys.modules[module].__doc__)) for module in modules]


def odd_headings() -> list[str]:
    """The ``## `` headings of docs/ODD.md ([] when it is not there)."""
    try:
        lines = ODD_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line[3:].strip() for line in lines if re.match(r"## \S", line)]


def _run(data: ReportData) -> dict:
    """What the run's manifest says: the first scenario's parameters, years, weeks, warm-up, sizes."""
    params = data.manifest.get("record", {}).get("parameters", {}).get(data.scenarios[0], {})
    population = params.get("population", {})
    years = data.definition.get("years") or params.get("years")
    return {"years": years, "warmup": params.get("warmup_years"), "clients": population.get("n_clients"),
            "district": population.get("district_clients"), "municipalities": population.get("municipalities")}


def odd_summary(data: ReportData, lang: str) -> list[dict]:
    """The ODD elements: per element a heading, paragraphs and (where the code lists them) items."""
    run = _run(data)
    unknown = text(lang, "repro_unknown")
    variables = state_variables()
    entities = [text(lang, "odd_entity", name=text(lang, f"odd_entity_{kind}"),
                     what=_code_doc(lang, agent.__name__, agent.__doc__) if agent else text(lang, "odd_organisations"),
                     n=len(variables[kind]), variables=", ".join(variables[kind])) for kind, agent in ENTITIES]
    policies = join(lang, [policy_name(lang, p) for p in POLICY_NAMES if p != BASELINE])
    return [
        {"heading": text(lang, "odd_purpose_heading"), "paragraphs": [text(lang, "odd_purpose", policies=policies)],
         "items": []},
        {"heading": text(lang, "odd_entities_heading"),
         "paragraphs": [text(lang, "odd_scales", clients=number(run["clients"], 0, lang) if run["clients"] else unknown,
                             district=number(run["district"], 0, lang) if run["district"] else unknown,
                             years=plain(run["years"], lang) if run["years"] else unknown)],
         "items": entities},
        {"heading": text(lang, "odd_process_heading"),
         "paragraphs": [text(lang, "odd_process", n=len(STEP_ORDER))],
         "items": [f"{name}: {what}" for name, what in process_steps(lang)], "ordered": True},
        {"heading": text(lang, "odd_design_heading"),
         "paragraphs": [text(lang, "odd_design", streams=len(STREAM_NAMES))], "items": []},
        {"heading": text(lang, "odd_init_heading"),
         "paragraphs": [text(lang, "odd_init", warmup=plain(run["warmup"], lang) if run["warmup"] is not None
                             else unknown)], "items": []},
        {"heading": text(lang, "odd_input_heading"),
         "paragraphs": [text(lang, "odd_input", scenarios=", ".join(data.scenarios))], "items": []},
        {"heading": text(lang, "odd_submodels_heading"), "paragraphs": [text(lang, "odd_submodels")],
         "items": [f"{module}: {what}" for module, what in submodels(lang)]},
    ]


def _seeds(data: ReportData, lang: str) -> str:
    seeds = [str(s) for s in data.manifest.get("seeds", [])]
    if not seeds:
        return text(lang, "repro_unknown")
    shown = ", ".join(seeds[:SEEDS_SHOWN])
    return shown if len(seeds) <= SEEDS_SHOWN else text(lang, "stress_more_seeds", seeds=shown,
                                                        more=len(seeds) - SEEDS_SHOWN)


def stress_items(data: ReportData, lang: str, counts: dict[str, int]) -> dict[str, str]:
    """The text of every STRESS-ABS item, by number; ``counts``: the register's parameters per status."""
    run = _run(data)
    d, m = data.definition, data.manifest
    unknown = text(lang, "repro_unknown")
    versions = m.get("versions", {})
    git = m.get("git") or {}
    years = run["years"]
    outcomes = "; ".join(f"{outcome_name(lang, o)} ({unit(lang, o)})" for o in HEADLINE)
    return {
        "1.1": text(lang, "odd_purpose", policies=join(lang, [policy_name(lang, p) for p in POLICY_NAMES
                                                              if p != BASELINE])),
        "1.2": text(lang, "stress_outputs", outcomes=outcomes),
        "1.3": text(lang, "stress_aims", policies=join(lang, [policy_name(lang, p) for p in data.others()]),
                    scenarios=", ".join(data.scenarios)),
        "2.1": text(lang, "stress_diagram"),
        "2.2": text(lang, "stress_logic", n=len(STEP_ORDER), steps=", ".join(name for name, _ in STEP_ORDER)),
        "2.3": text(lang, "stress_scenario_logic"),
        "2.4": text(lang, "stress_algorithms"),
        "2.5": text(lang, "stress_components", **{k: len(v) for k, v in state_variables().items()}),
        "3.1": text(lang, "stress_sources", documented=counts["documented"]),
        "3.2": text(lang, "stress_preprocessing", calibrated=counts["calibrated"]),
        "3.3": text(lang, "stress_parameters", n=sum(counts.values())),
        "3.4": text(lang, "stress_assumptions", assumption=counts["assumption"], undeclared=counts["undeclared"]),
        "4.1": text(lang, "stress_initialisation", warmup=plain(run["warmup"], lang) if run["warmup"] is not None
                    else unknown),
        "4.2": text(lang, "stress_run_length", years=plain(years, lang) if years else unknown,
                    weeks=number(round(years * 52), 0, lang) if years else unknown),
        "4.3": text(lang, "stress_estimation", replicates=data.replicates),
        "5.1": text(lang, "stress_software", versions=", ".join(f"{k} {v}" for k, v in versions.items() if v)
                    or unknown),
        "5.2": text(lang, "stress_random", root=d.get("root_seed", unknown), seeds=_seeds(data, lang),
                    rule=m.get("seed_rule", unknown), streams=len(STREAM_NAMES)),
        "5.3": text(lang, "stress_execution"),
        "5.4": text(lang, "stress_system"),
        "6.1": text(lang, "stress_code", commit=git.get("commit", unknown)
                    + (text(lang, "repro_dirty") if git.get("dirty") else "")),
    }


def stress_checklist(data: ReportData, lang: str, counts: dict[str, int]) -> list[dict]:
    """The checklist by section: heading and items (number, title, how this study reports it)."""
    filled = stress_items(data, lang, counts)
    return [{"heading": text(lang, f"stress_section_{section}"),
             "items": [{"id": item, "title": text(lang, f"stress_item_{item.replace('.', '_')}"),
                        "text": filled[item]} for item in items]} for section, items in STRESS]


def appendix_context(data: ReportData, lang: str) -> dict:
    """What ``templates/_appendix.html.j2`` shows: the ODD summary with the pointer to docs/ODD.md, and the
    STRESS-ABS checklist."""
    counts = status_counts(register_table(data), data.scenarios[0])
    return {"odd": odd_summary(data, lang), "odd_headings": odd_headings(),
            "stress": stress_checklist(data, lang, counts)}
