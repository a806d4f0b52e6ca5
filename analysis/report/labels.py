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
        "cost_payer_noise": "{payer} {diff} (within noise: {lo} to {hi})",
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
        "tradeoffs_heading": "Trade-offs: who does the work, and what a cut costs",
        "work_title": "{policy} adds the most professional coordination time ({hours} hours per client-year); "
                      "carers' arranging changes most under {other} ({carer} hours a week)",
        "work_title_no_coordination": "No policy adds professional coordination time; carers' arranging changes "
                                      "most under {policy} ({carer} hours a week)",
        "work_caption": "Paired differences to none with 95% intervals: the professionals' hours (regiebehandelaar, "
                        "keeping the digital plan) per client-year, and the hours of care and of arranging per "
                        "active carer per week. A hollow marker means the interval includes 0.",
        "plane_title": "{policy} cuts transitions with a failed handover most ({pp} percentage points), at {cost} "
                       "EUR per client-year to the payers",
        "plane_title_none": "No policy cuts transitions with a failed handover beyond noise",
        "plane_caption": "Each marker is a policy's paired difference to none: the payers' cost (Zvw, Wlz, Wmo, "
                         "Jeugdwet) on the horizontal axis, transitions with a failed handover on the vertical, with "
                         "95% intervals in both directions. Lower right of the crossing: fewer failures for more money.",
        "plane_xlabel": "difference in payers' cost to none (EUR per client-year)",
        "plane_ylabel": "transitions with a failed handover,\ndifference to none (percentage points)",
        "plane_corner": "below 0: fewer failed handovers",
        "mechanisms_heading": "How the effects come about",
        "burden_title": "{policy} leaves the fewest carers heavily burdened: {x}% of carer-weeks against {y}% under none",
        "burden_title_none": "No policy lowers the share of heavily burdened carers beyond noise ({y}% of carer-weeks "
                             "under none)",
        "burden_caption": "Share of active carer-weeks in each of the four burden categories of the CBS survey, mean "
                          "over replicates; shares under 7% are not written in the bar.",
        "burden_xlabel": "share of active carer-weeks (%)",
        "transitions_title": "Under none, a {name} most often has a failed handover: {x}% of them",
        "transitions_title_empty": "No transitions with a failed handover",
        "transitions_caption": "Share of transitions of each kind with at least one failed handover item, mean with "
                               "95% interval per policy (each policy its own marker).",
        "transitions_xlabel": "transitions of the kind with a failed handover (%)",
        "channels_title": "Under none, most failed items went {name}: {x} per 100 transitions",
        "channels_title_empty": "No failed handover items",
        "channels_caption": "Failed handover items per 100 transitions by the first channel open to the item, mean "
                            "with 95% interval per policy; over the channels they add up to all failed items.",
        "channels_xlabel": "failed items per 100 transitions",
        "fates_title": "{policy} leaves the fewest complaints without an answer: {x}% against {y}% under none",
        "fates_title_none": "No policy lowers the share of complaints without an answer beyond noise ({y}% under none)",
        "fates_caption": "What became of closed complaints, mean share over replicates: answered, answered in part, "
                         "unanswered at the deadline, or given up after being sent from desk to desk.",
        "fates_xlabel": "share of closed complaints (%)",
        "themes_heading": "The inspectorate's four themes",
        "themes_caption": "Scores 0-100 (higher is better) on the four themes of the inspectorate's view of care "
                          "networks, mean with 95% interval; for the policies, the paired difference to none below.",
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
        "cost_payer_noise": "{payer} {diff} (binnen de ruis: {lo} tot {hi})",
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
        "tradeoffs_heading": "Afwegingen: wie doet het werk, en wat kost een verbetering",
        "work_title": "{policy} kost de meeste coördinatietijd van professionals ({hours} uur per cliëntjaar); het "
                      "regelwerk van mantelzorgers verandert het meest onder {other} ({carer} uur per week)",
        "work_title_no_coordination": "Geen beleidsvariant kost coördinatietijd van professionals; het regelwerk van "
                                      "mantelzorgers verandert het meest onder {policy} ({carer} uur per week)",
        "work_caption": "Gepaarde verschillen met none met 95%-interval: de uren van professionals (regiebehandelaar, "
                        "bijhouden van het digitale zorgleefplan) per cliëntjaar, en de zorg- en regeluren per actieve "
                        "mantelzorger per week. Een open symbool betekent dat het interval 0 bevat.",
        "plane_title": "{policy} verlaagt het aandeel overgangen met een mislukte overdracht het meest ({pp} "
                       "procentpunt), voor {cost} euro per cliëntjaar aan de financiers",
        "plane_title_none": "Geen beleidsvariant verlaagt het aandeel overgangen met een mislukte overdracht buiten de "
                            "ruis",
        "plane_caption": "Elk symbool is het gepaarde verschil van een beleidsvariant met none: de kosten voor de "
                         "financiers (Zvw, Wlz, Wmo, Jeugdwet) horizontaal, overgangen met een mislukte overdracht "
                         "verticaal, met 95%-intervallen in beide richtingen. Rechtsonder het kruispunt: minder "
                         "mislukte overdrachten voor meer geld.",
        "plane_xlabel": "verschil in kosten voor de financiers met none (euro per cliëntjaar)",
        "plane_ylabel": "overgangen met mislukte overdracht,\nverschil met none (procentpunt)",
        "plane_corner": "onder 0: minder mislukte overdrachten",
        "mechanisms_heading": "Hoe de effecten ontstaan",
        "burden_title": "{policy} laat de minste mantelzorgers zwaar belast: {x}% van de mantelzorgerweken tegen {y}% "
                        "onder none",
        "burden_title_none": "Geen beleidsvariant verlaagt het aandeel zwaar belaste mantelzorgers buiten de ruis "
                             "({y}% van de mantelzorgerweken onder none)",
        "burden_caption": "Aandeel van de actieve mantelzorgerweken in elk van de vier belastingscategorieën van de "
                          "CBS-enquête, gemiddeld over de herhalingen; aandelen onder 7% staan niet in de staaf.",
        "burden_xlabel": "aandeel van de actieve mantelzorgerweken (%)",
        "transitions_title": "Onder none gaat een overdracht het vaakst mis bij {name}: {x}% daarvan",
        "transitions_title_empty": "Geen overgangen met een mislukte overdracht",
        "transitions_caption": "Aandeel overgangen van elke soort met ten minste één mislukt overdrachtsitem, "
                               "gemiddelde met 95%-interval per beleidsvariant (elke variant een eigen symbool).",
        "transitions_xlabel": "overgangen van die soort met een mislukte overdracht (%)",
        "channels_title": "Onder none gingen de meeste mislukte items {name}: {x} per 100 overgangen",
        "channels_title_empty": "Geen mislukte overdrachtsitems",
        "channels_caption": "Mislukte overdrachtsitems per 100 overgangen naar het eerste kanaal dat voor het item open "
                            "stond, gemiddelde met 95%-interval per beleidsvariant; opgeteld over de kanalen zijn het "
                            "alle mislukte items.",
        "channels_xlabel": "mislukte items per 100 overgangen",
        "fates_title": "{policy} laat de minste klachten zonder antwoord: {x}% tegen {y}% onder none",
        "fates_title_none": "Geen beleidsvariant verlaagt het aandeel klachten zonder antwoord buiten de ruis ({y}% onder "
                            "none)",
        "fates_caption": "Wat er van afgesloten klachten werd, gemiddeld aandeel over de herhalingen: beantwoord, deels "
                         "beantwoord, onbeantwoord bij de termijn, of opgegeven na van het kastje naar de muur te zijn "
                         "gestuurd.",
        "fates_xlabel": "aandeel van de afgesloten klachten (%)",
        "themes_heading": "De vier thema's van de inspectie",
        "themes_caption": "Scores 0-100 (hoger is beter) op de vier thema's van de inspectie voor zorgnetwerken, "
                          "gemiddelde met 95%-interval; bij de beleidsvarianten daaronder het gepaarde verschil met none.",
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
        "recording_hours_per_client_year": "hours keeping the digital plan",
        "carer_care_hours_per_week": "carers' care hours",
        "carer_regelwerk_hours_per_week": "carers' arranging hours (regelwerk)",
        "carer_share_not_or_somewhat": "not or somewhat burdened",
        "carer_share_fairly_heavy": "fairly heavily burdened",
        "carer_share_very_heavy": "very heavily burdened",
        "carer_share_overburdened": "overburdened",
        "carer_share_heavily_burdened": "heavily burdened carers",
        "complaint_fate_answered_share": "answered",
        "complaint_fate_answered_in_part_share": "answered in part",
        "complaint_fate_unanswered_share": "unanswered at the deadline",
        "complaint_fate_given_up_share": "given up after being sent away",
        "theme_client_central": "client central",
        "theme_informal_care": "informal care",
        "theme_integrated_care": "integrated care",
        "theme_safety": "safety",
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
        "recording_hours_per_client_year": "uren bijhouden digitaal zorgleefplan",
        "carer_care_hours_per_week": "zorguren van mantelzorgers",
        "carer_regelwerk_hours_per_week": "regeluren van mantelzorgers (regelwerk)",
        "carer_share_not_or_somewhat": "niet of enigszins belast",
        "carer_share_fairly_heavy": "tamelijk zwaar belast",
        "carer_share_very_heavy": "zeer zwaar belast",
        "carer_share_overburdened": "overbelast",
        "carer_share_heavily_burdened": "zwaar belaste mantelzorgers",
        "complaint_fate_answered_share": "beantwoord",
        "complaint_fate_answered_in_part_share": "deels beantwoord",
        "complaint_fate_unanswered_share": "onbeantwoord bij de termijn",
        "complaint_fate_given_up_share": "opgegeven na doorverwijzing",
        "theme_client_central": "cliënt centraal",
        "theme_informal_care": "informele zorg",
        "theme_integrated_care": "integrale zorg",
        "theme_safety": "veiligheid",
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
    "hours per active carer per week": "uren per actieve mantelzorger per week",
    "score 0-100": "score 0-100",
}

#: Names of the kinds of transition and of the handover channels (:data:`sim.vocabulary.TRANSITIONS`,
#: :data:`sim.vocabulary.CHANNELS`).
TRANSITION_NAMES = {
    "en": {"admission": "admission", "discharge": "discharge", "referral": "referral",
           "professional_leaving": "professional leaving", "carer_dropout": "carer stopping", "contact": "contact"},
    "nl": {"admission": "opname", "discharge": "ontslag", "referral": "verwijzing",
           "professional_leaving": "vertrek professional", "carer_dropout": "mantelzorger stopt", "contact": "contact"},
}
CHANNEL_NAMES = {
    "en": {"plan": "digital plan", "direct_digital": "direct, digital", "coordinator": "via the regiebehandelaar",
           "direct_paper": "direct, on paper", "in_person": "in person", "carried_by_client": "carried by the client",
           "carried_by_carer": "carried by the carer", "none": "no channel open"},
    "nl": {"plan": "digitaal zorgleefplan", "direct_digital": "direct, digitaal", "coordinator": "via de regiebehandelaar",
           "direct_paper": "direct, op papier", "in_person": "persoonlijk", "carried_by_client": "meegenomen door de cliënt",
           "carried_by_carer": "meegenomen door de mantelzorger", "none": "geen kanaal open"},
}


#: How the report shows an outcome whose unit is a share or a small rate: a factor on the stored value, and the unit
#: shown for a mean and for a difference, per language (keyed by the English unit of :data:`sim.outcomes.OUTCOMES`).
#: Shares (fractions 0-1) are shown in percent and their differences in percentage points; burnouts per 100
#: carer-years. The CSVs keep the stored values and units.
DISPLAY = {
    "fraction of transitions, 0-1": (100.0, {"en": ("% of transitions", "percentage points"),
                                             "nl": ("% van de overgangen", "procentpunt")}),
    "fraction of closed complaints, 0-1": (100.0, {"en": ("% of closed complaints", "percentage points"),
                                                   "nl": ("% van de afgesloten klachten", "procentpunt")}),
    "burnouts per active carer-year": (100.0, {"en": ("burnouts per 100 carer-years",) * 2,
                                               "nl": ("burn-outs per 100 mantelzorgerjaren",) * 2}),
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


def scale(outcome: str) -> float:
    """The factor the report shows an outcome's values with (:data:`DISPLAY`; 1 for most outcomes)."""
    return DISPLAY.get(OUTCOMES[outcome].unit, (1.0, None))[0]


def unit(lang: str, outcome: str, difference: bool = False) -> str:
    """An outcome's unit in ``lang`` as the report shows it: of a mean, or of a ``difference`` (percentage points
    for a share)."""
    english = OUTCOMES[outcome].unit
    if english in DISPLAY:
        return DISPLAY[english][1][lang][difference]
    return english if lang == "en" else UNITS_NL[english]
