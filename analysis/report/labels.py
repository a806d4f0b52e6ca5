"""The report's words in English and Dutch: headings, captions, sentence templates, outcome, policy and payer names.

One dictionary per language with the same keys (a test checks it); :func:`text` looks a key up and fills in its
``{placeholders}``. Templates that build sentences around numbers are Markup-safe :meth:`str.format` templates:
:mod:`analysis.report.sentences` fills them with escaped text and marked-up numbers.

Dutch uses the domain terms of the sources: regiebehandelaar, mantelzorger, overdracht, klacht, (integraal) pgb,
stapsgewijze aanpak, Zvw, Wlz, Wmo, Jeugdwet, eigen bijdrage. Units in English are those of
:data:`sim.outcomes.OUTCOMES`; :data:`UNITS_NL` translates the ones the report shows.
"""

from __future__ import annotations

from sim.outcomes import OUTCOMES

#: The report's languages (``--lang``).
LANGS = ("en", "nl")

#: The payers' cost outcomes, in stacking order, and the outcome of the payers together.
PAYER_COSTS = ("cost_zvw_per_client_year", "cost_wlz_per_client_year", "cost_wmo_per_client_year",
               "cost_jeugdwet_per_client_year", "cost_client_copay_per_client_year")
PAYERS_TOTAL = "cost_payers_per_client_year"

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Policies for personal care networks: what they change and what they cost",
        "generated": "Generated on {date}.",
        "intro": "Results of a carenet comparison: {n_policies} policies, {replicates} replicates each on common "
                 "random numbers (every policy sees the same replicate seeds), compared with the status quo "
                 "(none). Differences are paired: per replicate, the policy minus none on the same seed; "
                 "shown as the mean with its 95% t-interval.",
        "contents": "Contents",
        "population": "Population: {scenario}",
        "population_intro": "{clients} clients, {years} simulated years per run after the warm-up, "
                            "{replicates} replicates per policy.",
        "summary_heading": "The headline first",
        "forest_heading": "Paired differences to the status quo",
        "costs_heading": "Costs per payer",
        "table_heading": "Comparison table",
        "repro_heading": "Reproducibility",
        "policy_lead_some": "{policy} reduces {k} of the {n} headline outcomes beyond noise.",
        "policy_lead_none": "{policy} reduces none of the {n} headline outcomes beyond noise.",
        "reduces": "It reduces {outcome}: {diff} ({unit}; 95% interval {lo} to {hi}), {pct}% against the status quo.",
        "increases": "It increases {outcome}: {diff} ({unit}; 95% interval {lo} to {hi}), {pct}% against the status quo.",
        "noise": "Its effect on {outcome} is within noise: {diff} ({unit}; the 95% interval {lo} to {hi} includes 0).",
        "undetermined": "Its effect on {outcome} cannot be judged: fewer than two paired replicates.",
        "cost_total": "Cost to the payers together: {diff} {unit} (95% interval {lo} to {hi}).",
        "cost_by_payer": "By payer:",
        "cost_payer": "{payer} {diff} ({lo} to {hi})",
        "cost_payer_noise": "{payer} within noise ({diff}, {lo} to {hi})",
        "cost_payer_zero": "{payer} unchanged",
        "coordination": "Regiebehandelaar time: {diff} {unit} (95% interval {lo} to {hi}).",
        "forest_title_one": "{policies} reduces the most headline outcomes beyond noise: {k} of {n}",
        "forest_title_many": "{policies} reduce the most headline outcomes beyond noise: {k} of {n} each",
        "and": "and",
        "forest_title_nothing": "No policy reduces a headline outcome beyond noise",
        "forest_caption": "Each marker is a policy's mean paired difference to the status quo (none) over {replicates} "
                          "replicates on common random numbers, with its 95% interval; left of the dashed line at 0 "
                          "is a reduction. A hollow marker means the interval includes 0 (within noise).",
        "forest_xlabel": "difference to none ({unit})",
        "hollow_legend": "hollow: interval includes 0 (within noise)",
        "filled_legend": "filled: interval excludes 0",
        "costs_title_up": "{policy} raises the payers' costs most: {diff} EUR per client-year, the largest part under the {payer}",
        "costs_title_down": "Every policy lowers or keeps the payers' costs; {policy} changes them most ({diff} EUR "
                            "per client-year)",
        "costs_caption": "Bars stack each payer's mean paired difference to none (right of 0: pays more, left: pays "
                         "less), so a cost moved from one payer to another shows as bars on both sides; the black "
                         "diamond is the payers together (Zvw, Wlz, Wmo, Jeugdwet) with its 95% interval.",
        "costs_xlabel": "difference to none (EUR per client-year)",
        "total_legend": "payers together, 95% interval",
        "table_caption": "Mean over replicates with its 95% t-interval, per population and policy.",
        "table_caption_one": "Mean over replicates with its 95% t-interval, per policy, in population {scenario}.",
        "csv_table": "Download the table as CSV",
        "csv_forest": "Download the data of this figure as CSV",
        "csv_costs": "Download the data of this figure as CSV",
        "col_population": "population",
        "col_policy": "policy",
        "repro_intro": "The results were made by the software and definition below; the command regenerates them "
                       "(the same seeds give the same tables, whatever the number of workers).",
        "repro_command": "Command",
        "repro_results_made": "Results made with",
        "repro_report_made": "Report made with",
        "repro_commit": "git commit",
        "repro_dirty": " (with uncommitted changes)",
        "repro_unknown": "unknown",
        "repro_seed": "root seed",
        "repro_replicates": "replicates per policy",
        "repro_scenarios": "scenarios (file)",
        "repro_policies": "policies",
        "repro_years": "years per run",
        "repro_overrides": "overrides (--set)",
        "repro_created": "experiment started",
        "repro_seed_rule": "seed rule",
        "repro_none": "none",
        "repro_scenario_default_years": "the scenario's",
        "noise_word": "within noise",
    },
    "nl": {
        "title": "Beleid voor persoonlijke zorgnetwerken: wat het verandert en wat het kost",
        "generated": "Gemaakt op {date}.",
        "intro": "Resultaten van een carenet-vergelijking: {n_policies} beleidsvarianten, elk {replicates} herhalingen "
                 "met gemeenschappelijke toevalsgetallen (elke variant krijgt dezelfde seeds), vergeleken met de "
                 "huidige situatie (none). Verschillen zijn gepaard: per herhaling de variant min none met dezelfde "
                 "seed; getoond als gemiddelde met 95%-t-interval.",
        "contents": "Inhoud",
        "population": "Populatie: {scenario}",
        "population_intro": "{clients} cliënten, {years} gesimuleerde jaren per run na de inloopperiode, "
                            "{replicates} herhalingen per beleidsvariant.",
        "summary_heading": "De kern voorop",
        "forest_heading": "Gepaarde verschillen met de huidige situatie",
        "costs_heading": "Kosten per financier",
        "table_heading": "Vergelijkingstabel",
        "repro_heading": "Reproduceerbaarheid",
        "policy_lead_some": "{policy} verlaagt {k} van de {n} hoofduitkomsten aantoonbaar (buiten de ruis).",
        "policy_lead_none": "{policy} verlaagt geen van de {n} hoofduitkomsten aantoonbaar (buiten de ruis).",
        "reduces": "Het verlaagt {outcome}: {diff} ({unit}; 95%-interval {lo} tot {hi}), {pct}% ten opzichte van de huidige situatie.",
        "increases": "Het verhoogt {outcome}: {diff} ({unit}; 95%-interval {lo} tot {hi}), {pct}% ten opzichte van de huidige situatie.",
        "noise": "Het effect op {outcome} valt binnen de ruis: {diff} ({unit}; het 95%-interval {lo} tot {hi} bevat 0).",
        "undetermined": "Het effect op {outcome} is niet te beoordelen: minder dan twee gepaarde herhalingen.",
        "cost_total": "Kosten voor de financiers samen: {diff} {unit} (95%-interval {lo} tot {hi}).",
        "cost_by_payer": "Per financier:",
        "cost_payer": "{payer} {diff} ({lo} tot {hi})",
        "cost_payer_noise": "{payer} binnen de ruis ({diff}, {lo} tot {hi})",
        "cost_payer_zero": "{payer} onveranderd",
        "coordination": "Tijd van de regiebehandelaar: {diff} {unit} (95%-interval {lo} tot {hi}).",
        "forest_title_one": "{policies} verlaagt de meeste hoofduitkomsten buiten de ruis: {k} van {n}",
        "forest_title_many": "{policies} verlagen de meeste hoofduitkomsten buiten de ruis: elk {k} van {n}",
        "and": "en",
        "forest_title_nothing": "Geen beleidsvariant verlaagt een hoofduitkomst buiten de ruis",
        "forest_caption": "Elk symbool is het gemiddelde gepaarde verschil van een beleidsvariant met de huidige "
                          "situatie (none) over {replicates} herhalingen met gemeenschappelijke toevalsgetallen, met "
                          "95%-interval; links van de stippellijn bij 0 is een verlaging. Een open symbool betekent dat "
                          "het interval 0 bevat (binnen de ruis).",
        "forest_xlabel": "verschil met none ({unit})",
        "hollow_legend": "open: interval bevat 0 (binnen de ruis)",
        "filled_legend": "gevuld: interval bevat 0 niet",
        "costs_title_up": "{policy} verhoogt de kosten voor de financiers het meest: {diff} euro per cliëntjaar, het "
                          "grootste deel onder de {payer}",
        "costs_title_down": "Geen beleidsvariant verhoogt de kosten voor de financiers; {policy} verandert ze het meest "
                            "({diff} euro per cliëntjaar)",
        "costs_caption": "De staven stapelen het gemiddelde gepaarde verschil met none per financier (rechts van 0: "
                         "betaalt meer, links: betaalt minder), zodat kosten die van de ene naar de andere financier "
                         "verschuiven aan beide kanten zichtbaar zijn; de zwarte ruit is de financiers samen (Zvw, Wlz, "
                         "Wmo, Jeugdwet) met 95%-interval.",
        "costs_xlabel": "verschil met none (euro per cliëntjaar)",
        "total_legend": "financiers samen, 95%-interval",
        "table_caption": "Gemiddelde over de herhalingen met 95%-t-interval, per populatie en beleidsvariant.",
        "table_caption_one": "Gemiddelde over de herhalingen met 95%-t-interval, per beleidsvariant, in populatie "
                             "{scenario}.",
        "csv_table": "Download de tabel als CSV",
        "csv_forest": "Download de gegevens van deze figuur als CSV",
        "csv_costs": "Download de gegevens van deze figuur als CSV",
        "col_population": "populatie",
        "col_policy": "beleidsvariant",
        "repro_intro": "De resultaten zijn gemaakt met de software en de definitie hieronder; het commando maakt ze "
                       "opnieuw (dezelfde seeds geven dezelfde tabellen, bij elk aantal workers).",
        "repro_command": "Commando",
        "repro_results_made": "Resultaten gemaakt met",
        "repro_report_made": "Rapport gemaakt met",
        "repro_commit": "git-commit",
        "repro_dirty": " (met niet-vastgelegde wijzigingen)",
        "repro_unknown": "onbekend",
        "repro_seed": "basisseed",
        "repro_replicates": "herhalingen per beleidsvariant",
        "repro_scenarios": "scenario's (bestand)",
        "repro_policies": "beleidsvarianten",
        "repro_years": "jaren per run",
        "repro_overrides": "aanpassingen (--set)",
        "repro_created": "experiment gestart",
        "repro_seed_rule": "seedregel",
        "repro_none": "geen",
        "repro_scenario_default_years": "die van het scenario",
        "noise_word": "binnen de ruis",
    },
}

#: Policy names as the report shows them.
POLICIES = {
    "en": {"none": "none (status quo)", "regiebehandelaar": "regiebehandelaar", "integral_pgb": "integral pgb",
           "digital_plan": "digital plan", "stepped": "stepped approach"},
    "nl": {"none": "none (huidige situatie)", "regiebehandelaar": "regiebehandelaar", "integral_pgb": "integraal pgb",
           "digital_plan": "digitaal zorgleefplan", "stepped": "stapsgewijze aanpak"},
}

#: Short outcome names for headings, axes and sentences.
OUTCOME_NAMES = {
    "en": {
        "transitions_with_failed_handover_share": "transitions with a failed handover",
        "handover_failures_per_100_transitions": "failed handover items",
        "carer_burnout_per_carer_year": "carer burnout",
        "unanswered_complaint_share": "unanswered complaints",
        "cost_zvw_per_client_year": "Zvw",
        "cost_wlz_per_client_year": "Wlz",
        "cost_wmo_per_client_year": "Wmo",
        "cost_jeugdwet_per_client_year": "Jeugdwet",
        "cost_client_copay_per_client_year": "own contribution",
        "cost_payers_per_client_year": "cost to payers",
        "coordination_hours_per_client_year": "regiebehandelaar hours",
    },
    "nl": {
        "transitions_with_failed_handover_share": "overgangen met een mislukte overdracht",
        "handover_failures_per_100_transitions": "mislukte overdrachtsitems",
        "carer_burnout_per_carer_year": "burn-out van mantelzorgers",
        "unanswered_complaint_share": "onbeantwoorde klachten",
        "cost_zvw_per_client_year": "Zvw",
        "cost_wlz_per_client_year": "Wlz",
        "cost_wmo_per_client_year": "Wmo",
        "cost_jeugdwet_per_client_year": "Jeugdwet",
        "cost_client_copay_per_client_year": "eigen bijdrage",
        "cost_payers_per_client_year": "kosten voor financiers",
        "coordination_hours_per_client_year": "uren regiebehandelaar",
    },
}

#: Dutch units of the outcomes the report shows (keyed by the English unit of :data:`sim.outcomes.OUTCOMES`).
UNITS_NL = {
    "fraction of transitions, 0-1": "aandeel van de overgangen, 0-1",
    "failed items per 100 transitions": "mislukte items per 100 overgangen",
    "burnouts per active carer-year": "burn-outs per actief mantelzorgerjaar",
    "fraction of closed complaints, 0-1": "aandeel van de afgesloten klachten, 0-1",
    "EUR per client-year": "euro per cliëntjaar",
    "hours per client-year": "uren per cliëntjaar",
}


def text(lang: str, key: str, **values) -> str:
    """The text ``key`` in ``lang`` with its placeholders filled in from ``values``."""
    return TEXTS[lang][key].format(**values) if values else TEXTS[lang][key]


def policy_name(lang: str, policy: str) -> str:
    """A policy's name in ``lang`` (its code when the report has no name for it)."""
    return POLICIES[lang].get(policy, policy)


def outcome_name(lang: str, outcome: str) -> str:
    """An outcome's short name in ``lang``."""
    return OUTCOME_NAMES[lang][outcome]


def unit(lang: str, outcome: str) -> str:
    """An outcome's unit in ``lang``."""
    english = OUTCOMES[outcome].unit
    return english if lang == "en" else UNITS_NL[english]
