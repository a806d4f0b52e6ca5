"""The report's words in English and Dutch: headings, captions, sentence templates, outcome, policy and payer names.

One dictionary per language with the same keys (a test checks it); :func:`text` looks a key up and fills in its
``{placeholders}``. Templates that build sentences around numbers are Markup-safe :meth:`str.format` templates:
:mod:`analysis.report.sentences` fills them with escaped text and marked-up numbers; so they are HTML themselves
and write ``&lt;`` for ``<``.

The assumption register, the method appendix, the network pictures and the scenario files have their texts in
:data:`PART_TEXTS` (added to :data:`TEXTS`); :data:`TARGET_NAMES_NL` names the calibration targets in Dutch and
:data:`CODE_DOCS_NL` gives the Dutch of the code's docstrings the method appendix quotes.

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
        "policy_lead_worse": "It increases {m} of them beyond noise.",
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
        "reach_heading": "Who each policy reaches",
        "reach_policy": "{policy} reaches {share}% of client-weeks.",
        "reach_single": "{policy} reaches {share}% of client-weeks; the rest are untouched because: {reasons}.",
        "reach_block": "Its {block} reaches {share}%; the rest are untouched because: {reasons}.",
        "reach_reason": "{reason} ({share}%)",
        "reach_reached": "reached",
        "reach_xlabel": "share of client-weeks (%)",
        "reach_title": "{most} reaches the most clients ({x}% of client-weeks), {least} the fewest ({y}%)",
        "reach_title_empty": "No policy with building blocks in this comparison",
        "reach_caption": "For each policy and each of its building blocks, the share of client-weeks in which the "
                         "block reached the client (had a plan, a proxy, a regiebehandelaar or a budget), and why it "
                         "did not in the others; each bar adds up to 100%. A policy changes nothing for the clients it "
                         "does not reach.",
        "fan_xlabel": "years after the warm-up",
        "fan_middle": "middle 50% of runs",
        "fan_outer": "middle 90% of runs",
        "fan_reference": "none (median), for reference",
        "strain_title": "{policy} keeps carers' weekly strain lowest: {x} on average against {y} under none",
        "strain_title_none": "No policy keeps carers' weekly strain below none's ({y} on average)",
        "strain_caption": "Mean strain of the active carers week by week, per policy over the replicates: the line is "
                          "the median run, the bands hold the middle 50% and 90% of runs; the dashed line is none's "
                          "median. Strain is the model's dimensionless load (the CBS burden categories begin at the "
                          "calibrated thresholds).",
        "strain_ylabel": "mean carer strain",
        "unmet_title": "{policy} leaves the least need unmet: {x}% of needed hours on average against {y}% under none",
        "unmet_title_none": "No policy leaves less need unmet than none ({y}% of needed hours on average)",
        "unmet_caption": "Share of the week's needed care hours that nobody delivered, per policy over the "
                         "replicates: the line is the median run, the bands hold the middle 50% and 90% of runs; the "
                         "dashed line is none's median.",
        "unmet_ylabel": "unmet need (% of hours)",
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
        "fates_caption": "What became of closed complaints, mean share over replicates: answered by the deadline, "
                         "answered in part, unanswered at the deadline, or given up after being sent from desk to "
                         "desk. The model closes a complaint at its deadline (Wkkgz: 6 weeks, extendable by 4), so "
                         "an answer after it counts as unanswered: there is no separate 'late'.",
        "fates_xlabel": "share of closed complaints (%)",
        "themes_heading": "The inspectorate's four themes",
        "themes_caption": "Scores 0-100 (higher is better) on the four themes of the inspectorate's view of care "
                          "networks, mean with 95% interval; for the policies, the paired difference to none below.",
        # The section "When does a policy fail?" (analysis/report/robustness.py).
        "robust_heading": "When does a policy fail?",
        "robust_intro": "The comparison above holds at the model's calibrated parameters. Below, assumptions are "
                        "varied: which parameters matter most for a policy's effect, where the effect changes sign "
                        "across a parameter's range, and under which ranges a policy loses its advantage. Every "
                        "headline outcome is a harm, so a policy has its advantage at a design point where its mean "
                        "paired difference to none (common random numbers) is below 0, and has lost it where the "
                        "difference is 0 or above.",
        "robust_sweep_heading": "Sweep of {parameters}",
        "robust_sensitivity_heading": "Sensitivity analysis of {n} parameters ({method})",
        "robust_population": " (population {scenario})",
        "robust_sweep_intro": "{points} design points over {ranges}; policies {policies}; replicates per point and "
                              "policy: {replicates}. Folder: {folder}.",
        "robust_sensitivity_intro": "{method} over {n} parameters in {factors} factors ({points} design points); "
                                    "policies {policies}; replicates per point and policy: {replicates}. "
                                    "Folder: {folder}.",
        "robust_range": "{parameter} from {lo} to {hi}",
        "robust_morris": "Morris screening",
        "robust_sobol": "Sobol indices",
        "robust_matters_heading": "Which assumptions matter most",
        "robust_matters_morris": "The effect of {policy} on {outcome} ({unit}) depends most on {factors}.",
        "robust_matters_sobol": "The effect of {policy} on {outcome} depends most on {factors}.",
        "robust_matters_nothing": "No parameter changes the effect of {policy} on {outcome} in this design.",
        "robust_factor_morris": "{factor} (μ* {mu_star} ± {mu_star_conf}, σ {sigma})",
        "robust_factor_morris_group": "{factor} (μ* {mu_star} ± {mu_star_conf})",
        "robust_factor_sobol": "{factor} (ST {ST} ± {ST_conf}, S1 {S1} ± {S1_conf})",
        "robust_noise": "Replicate noise is {pct}% of this effect's variance over the design: its indices mostly "
                        "measure noise.",
        "robust_matters_title": "{factor} matters most for the effect of {policy}: on {k} of {n} headline outcomes",
        "robust_matters_title_nothing": "No parameter changes the effect of {policy} in this design",
        "robust_matters_caption_morris": "Per headline outcome, the parameters with the largest μ* (at most {k}) for "
                                         "the effect of {policy} (its paired difference to none): the filled circle is "
                                         "μ*, the mean absolute elementary effect over the parameter's whole range, "
                                         "with SALib's 95% bootstrap interval; the hollow diamond is σ, the spread of "
                                         "the effects (non-linearity or interactions; not defined for groups of "
                                         "parameters).",
        "robust_matters_caption_sobol": "Per headline outcome, the parameters with the largest total-order index (at "
                                        "most {k}) for the effect of {policy} (its paired difference to none): the "
                                        "filled circle is ST (total order), the hollow diamond S1 (first order), both "
                                        "shares of the effect's variance over the design, with SALib's 95% bootstrap "
                                        "intervals.",
        "robust_matters_xlabel_morris": "μ* and σ ({unit})",
        "robust_matters_xlabel_sobol": "Sobol index (share of variance, 0-1)",
        "robust_legend_mu_star": "μ* with 95% interval",
        "robust_legend_sigma": "σ",
        "robust_legend_ST": "ST with 95% interval",
        "robust_legend_S1": "S1 with 95% interval",
        "robust_signs_heading": "Where the effect changes sign",
        "robust_crossing_one": "In the sweep of {parameter} over {lo} to {hi}{fixed}, the effect of {policy} on "
                               "{outcome} ({unit}) goes from {first} {first_ci} at {lo} to {last} {last_ci} at "
                               "{hi}: it changes sign between {a} and {b} (at about {x}, interpolated linearly).",
        "robust_crossing_many": "In the sweep of {parameter} over {lo} to {hi}{fixed}, the effect of {policy} on "
                                "{outcome} ({unit}) goes from {first} {first_ci} at {lo} to {last} {last_ci} at "
                                "{hi} and changes sign {k} times: {where} (interpolated linearly).",
        "robust_crossing_at": "between {a} and {b} (at about {x})",
        "robust_fixed": " (with {values})",
        "robust_crossings_none": "Every effect of a policy on a headline outcome keeps its sign over the swept "
                                 "ranges.",
        "robust_crossings_rest": "The other {k} effects of a policy on a headline outcome keep their sign over the "
                                 "swept ranges.",
        "robust_signs_title_one": "The effect of {policy} on {outcome} changes sign at {parameter} ≈ {x}",
        "robust_signs_title_many": "{k} effects change sign over the range of {parameter}; the first: {policy} on "
                                   "{outcome} at ≈ {x}",
        "robust_signs_title_none": "No effect changes sign over the range of {parameter}",
        "robust_signs_caption": "Each marker is a policy's mean paired difference to none at one design point, over "
                                "{replicates} replicates on common random numbers, with its 95% interval; below the "
                                "dashed line at 0 the policy reduces the outcome. Each policy has its own marker "
                                "shape; where more parameters were swept, a line style per value of the others "
                                "(legend); dotted vertical lines mark where a mean changes sign (interpolated "
                                "linearly).",
        "robust_signs_ylabel": "difference to none\n({unit})",
        "robust_parameter_axis": "{parameter} ({unit})",
        "robust_boxes_heading": "Where a policy loses its advantage",
        "robust_box_found": "On {outcome} it loses its advantage at {lost} of {points} design points, mostly where "
                            "{box}: {lost_inside} of the {inside} points in that box lose it (density {density}%), "
                            "which is {coverage}% of all points that lose it (coverage).",
        "robust_box_scattered": "On {outcome} it loses its advantage at {lost} of {points} design points, scattered: "
                                "no box of at most {depth} limits holds mostly such points.",
        "robust_box_never": "On {outcome} it keeps its advantage at all {points} design points.",
        "robust_box_always": "On {outcome} it has no advantage at any of the {points} design points.",
        "robust_limit_above": "{parameter} > {lo}",
        "robust_limit_below": "{parameter} ≤ {hi}",
        "robust_limit_between": "{lo} &lt; {parameter} ≤ {hi}",
        "robust_boxes_title": "{policy} loses its advantage on {outcome} where {box}",
        "robust_boxes_caption": "One panel per policy and headline outcome with a box. Each marker is a design "
                                "point: the policy's mean paired difference to none against the parameter the box "
                                "limits first; at or above the dashed line at 0 the policy has lost its advantage. "
                                "Squares lie inside the box (its range on this parameter shaded), circles outside; "
                                "filled markers have lost the advantage, hollow ones kept it. A box's limits lie "
                                "halfway between the nearest design values inside and outside it.",
        "robust_box_panel": "box: {box}\ndensity {density}%, coverage {coverage}%",
        "robust_legend_inside": "inside the box",
        "robust_legend_outside": "outside the box",
        "robust_legend_lost": "filled: advantage lost",
        "robust_legend_kept": "hollow: advantage kept",
        "robust_conclusion_heading": "What this means for the conclusions",
        "robust_conclusion_robust": "So the comparison's conclusions do not hinge on these assumptions: over the "
                                    "ranges tried, every policy keeps the sign of its effect on every headline "
                                    "outcome.",
        "robust_conclusion_fragile": "So the comparison's conclusions on {pairs} hinge on {parameters}: they hold only "
                                     "where the effect keeps its sign, and should be stated with that condition"
                                     "{noise}.",
        "robust_conclusion_noise": "; most paired differences at single design points are within noise (their 95% "
                                   "intervals include 0), so where exactly an effect turns is itself uncertain",
        "robust_pair": "{policy} on {outcome}",
        "robust_these_assumptions": "the assumptions varied here",
        "robust_csv": "Download the data of this figure as CSV",
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
        "policy_lead_worse": "Het verhoogt er {m} aantoonbaar (buiten de ruis).",
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
        "reach_heading": "Wie elke beleidsvariant bereikt",
        "reach_policy": "{policy} bereikt {share}% van de cliëntweken.",
        "reach_single": "{policy} bereikt {share}% van de cliëntweken; de rest blijft onberoerd omdat: {reasons}.",
        "reach_block": "Het onderdeel {block} bereikt {share}%; de rest blijft onberoerd omdat: {reasons}.",
        "reach_reason": "{reason} ({share}%)",
        "reach_reached": "bereikt",
        "reach_xlabel": "aandeel van de cliëntweken (%)",
        "reach_title": "{most} bereikt de meeste cliënten ({x}% van de cliëntweken), {least} de minste ({y}%)",
        "reach_title_empty": "Geen beleidsvariant met bouwstenen in deze vergelijking",
        "reach_caption": "Per beleidsvariant en bouwsteen het aandeel cliëntweken waarin de bouwsteen de cliënt "
                         "bereikte (een plan, een volmacht, een regiebehandelaar of een budget), en waarom niet in de "
                         "andere weken; elke staaf telt op tot 100%. Voor cliënten die een variant niet bereikt, "
                         "verandert er niets.",
        "fan_xlabel": "jaren na de inloopperiode",
        "fan_middle": "middelste 50% van de runs",
        "fan_outer": "middelste 90% van de runs",
        "fan_reference": "none (mediaan), ter vergelijking",
        "strain_title": "{policy} houdt de wekelijkse belasting van mantelzorgers het laagst: gemiddeld {x} tegen {y} "
                        "onder none",
        "strain_title_none": "Geen beleidsvariant houdt de wekelijkse belasting van mantelzorgers onder die van none "
                             "(gemiddeld {y})",
        "strain_caption": "Gemiddelde belasting van de actieve mantelzorgers per week, per beleidsvariant over de "
                          "herhalingen: de lijn is de mediane run, de banden bevatten de middelste 50% en 90% van de "
                          "runs; de stippellijn is de mediaan van none. Belasting is de dimensieloze last in het model "
                          "(de CBS-categorieën beginnen bij de gekalibreerde drempels).",
        "strain_ylabel": "gemiddelde belasting",
        "unmet_title": "{policy} laat de minste zorgvraag onvervuld: gemiddeld {x}% van de benodigde uren tegen {y}% "
                       "onder none",
        "unmet_title_none": "Geen beleidsvariant laat minder zorgvraag onvervuld dan none (gemiddeld {y}% van de "
                            "benodigde uren)",
        "unmet_caption": "Aandeel van de benodigde zorguren van de week dat niemand leverde, per beleidsvariant over "
                         "de herhalingen: de lijn is de mediane run, de banden bevatten de middelste 50% en 90% van de "
                         "runs; de stippellijn is de mediaan van none.",
        "unmet_ylabel": "onvervulde zorg (% van de uren)",
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
        "fates_caption": "Wat er van afgesloten klachten werd, gemiddeld aandeel over de herhalingen: beantwoord binnen "
                         "de termijn, deels beantwoord, onbeantwoord bij de termijn, of opgegeven na van het kastje naar "
                         "de muur te zijn gestuurd. Het model sluit een klacht bij de termijn (Wkkgz: 6 weken, met 4 "
                         "te verlengen), dus een antwoord daarna telt als onbeantwoord: 'te laat' bestaat niet apart.",
        "fates_xlabel": "aandeel van de afgesloten klachten (%)",
        "themes_heading": "De vier thema's van de inspectie",
        "themes_caption": "Scores 0-100 (hoger is beter) op de vier thema's van de inspectie voor zorgnetwerken, "
                          "gemiddelde met 95%-interval; bij de beleidsvarianten daaronder het gepaarde verschil met none.",
        # De sectie "Wanneer faalt een beleidsvariant?" (analysis/report/robustness.py).
        "robust_heading": "Wanneer faalt een beleidsvariant?",
        "robust_intro": "De vergelijking hierboven geldt bij de gekalibreerde parameters van het model. Hieronder "
                        "variëren de aannames: welke parameters het zwaarst wegen voor het effect van een "
                        "beleidsvariant, waar het effect van teken wisselt over het bereik van een parameter, en bij "
                        "welke bereiken een beleidsvariant zijn voordeel verliest. Elke hoofduitkomst is een schade, "
                        "dus een beleidsvariant heeft voordeel in een ontwerppunt waar het gemiddelde gepaarde "
                        "verschil met none (gemeenschappelijke toevalsgetallen) onder 0 ligt, en is het kwijt waar "
                        "het verschil 0 of hoger is.",
        "robust_sweep_heading": "Parameterverkenning van {parameters}",
        "robust_sensitivity_heading": "Gevoeligheidsanalyse van {n} parameters ({method})",
        "robust_population": " (populatie {scenario})",
        "robust_sweep_intro": "{points} ontwerppunten over {ranges}; beleidsvarianten {policies}; herhalingen "
                              "per punt en beleidsvariant: {replicates}. Map: {folder}.",
        "robust_sensitivity_intro": "{method} over {n} parameters in {factors} factoren ({points} ontwerppunten); "
                                    "beleidsvarianten {policies}; herhalingen per punt en beleidsvariant: "
                                    "{replicates}. Map: {folder}.",
        "robust_range": "{parameter} van {lo} tot {hi}",
        "robust_morris": "Morris-screening",
        "robust_sobol": "Sobol-indices",
        "robust_matters_heading": "Welke aannames het zwaarst wegen",
        "robust_matters_morris": "Het effect van {policy} op {outcome} ({unit}) hangt het meest af van {factors}.",
        "robust_matters_sobol": "Het effect van {policy} op {outcome} hangt het meest af van {factors}.",
        "robust_matters_nothing": "Geen parameter verandert het effect van {policy} op {outcome} in dit ontwerp.",
        "robust_factor_morris": "{factor} (μ* {mu_star} ± {mu_star_conf}, σ {sigma})",
        "robust_factor_morris_group": "{factor} (μ* {mu_star} ± {mu_star_conf})",
        "robust_factor_sobol": "{factor} (ST {ST} ± {ST_conf}, S1 {S1} ± {S1_conf})",
        "robust_noise": "Ruis tussen herhalingen is {pct}% van de variantie van dit effect over het ontwerp: de "
                        "indices meten vooral ruis.",
        "robust_matters_title": "{factor} weegt het zwaarst voor het effect van {policy}: op {k} van {n} "
                                "hoofduitkomsten",
        "robust_matters_title_nothing": "Geen parameter verandert het effect van {policy} in dit ontwerp",
        "robust_matters_caption_morris": "Per hoofduitkomst de parameters met de grootste μ* (hoogstens {k}) voor het "
                                         "effect van {policy} (het gepaarde verschil met none): de gevulde cirkel is "
                                         "μ*, het gemiddelde absolute elementaire effect over het hele bereik van de "
                                         "parameter, met het 95%-bootstrapinterval van SALib; de open ruit is σ, de "
                                         "spreiding van de effecten (niet-lineariteit of interacties; niet "
                                         "gedefinieerd voor groepen parameters).",
        "robust_matters_caption_sobol": "Per hoofduitkomst de parameters met de grootste totale index (hoogstens {k}) "
                                        "voor het effect van {policy} (het gepaarde verschil met none): de gevulde "
                                        "cirkel is ST (totale orde), de open ruit S1 (eerste orde), beide aandelen van "
                                        "de variantie van het effect over het ontwerp, met de 95%-bootstrapintervallen "
                                        "van SALib.",
        "robust_matters_xlabel_morris": "μ* en σ ({unit})",
        "robust_matters_xlabel_sobol": "Sobol-index (aandeel van de variantie, 0-1)",
        "robust_legend_mu_star": "μ* met 95%-interval",
        "robust_legend_sigma": "σ",
        "robust_legend_ST": "ST met 95%-interval",
        "robust_legend_S1": "S1 met 95%-interval",
        "robust_signs_heading": "Waar het effect van teken wisselt",
        "robust_crossing_one": "In de verkenning van {parameter} over {lo} tot {hi}{fixed} gaat het effect van "
                               "{policy} op {outcome} ({unit}) van {first} {first_ci} bij {lo} naar {last} "
                               "{last_ci} bij {hi}: het wisselt van teken tussen {a} en {b} (bij ongeveer {x}, "
                               "lineair geïnterpoleerd).",
        "robust_crossing_many": "In de verkenning van {parameter} over {lo} tot {hi}{fixed} gaat het effect van "
                                "{policy} op {outcome} ({unit}) van {first} {first_ci} bij {lo} naar {last} "
                                "{last_ci} bij {hi} en wisselt {k} keer van teken: {where} (lineair "
                                "geïnterpoleerd).",
        "robust_crossing_at": "tussen {a} en {b} (bij ongeveer {x})",
        "robust_fixed": " (met {values})",
        "robust_crossings_none": "Elk effect van een beleidsvariant op een hoofduitkomst houdt over de verkende "
                                 "bereiken hetzelfde teken.",
        "robust_crossings_rest": "De andere {k} effecten van een beleidsvariant op een hoofduitkomst houden over de "
                                 "verkende bereiken hetzelfde teken.",
        "robust_signs_title_one": "Het effect van {policy} op {outcome} wisselt van teken bij {parameter} ≈ {x}",
        "robust_signs_title_many": "{k} effecten wisselen van teken over het bereik van {parameter}; het eerste: "
                                   "{policy} op {outcome} bij ≈ {x}",
        "robust_signs_title_none": "Geen effect wisselt van teken over het bereik van {parameter}",
        "robust_signs_caption": "Elk symbool is het gemiddelde gepaarde verschil van een beleidsvariant met none in "
                                "één ontwerppunt, over {replicates} herhalingen met gemeenschappelijke "
                                "toevalsgetallen, met 95%-interval; onder de stippellijn bij 0 verlaagt de "
                                "beleidsvariant de uitkomst. Elke beleidsvariant heeft een eigen symboolvorm; bij "
                                "meer gevarieerde parameters een lijnstijl per waarde van de andere (legenda); "
                                "gestippelde verticale lijnen markeren waar een gemiddelde van teken wisselt "
                                "(lineair geïnterpoleerd).",
        "robust_signs_ylabel": "verschil met none\n({unit})",
        "robust_parameter_axis": "{parameter} ({unit})",
        "robust_boxes_heading": "Waar een beleidsvariant zijn voordeel verliest",
        "robust_box_found": "Op {outcome} verliest het zijn voordeel in {lost} van {points} ontwerppunten, vooral "
                            "waar {box}: {lost_inside} van de {inside} punten in dat blok verliezen het (dichtheid "
                            "{density}%), dat is {coverage}% van alle punten die het verliezen (dekking).",
        "robust_box_scattered": "Op {outcome} verliest het zijn voordeel in {lost} van {points} ontwerppunten, "
                                "verspreid: geen blok van hoogstens {depth} grenzen bevat vooral zulke punten.",
        "robust_box_never": "Op {outcome} houdt het zijn voordeel in alle {points} ontwerppunten.",
        "robust_box_always": "Op {outcome} heeft het in geen van de {points} ontwerppunten voordeel.",
        "robust_limit_above": "{parameter} > {lo}",
        "robust_limit_below": "{parameter} ≤ {hi}",
        "robust_limit_between": "{lo} &lt; {parameter} ≤ {hi}",
        "robust_boxes_title": "{policy} verliest zijn voordeel op {outcome} waar {box}",
        "robust_boxes_caption": "Eén paneel per beleidsvariant en hoofduitkomst met een blok. Elk symbool is een "
                                "ontwerppunt: het gemiddelde gepaarde verschil met none tegen de parameter die het "
                                "blok als eerste begrenst; op of boven de stippellijn bij 0 is de beleidsvariant zijn "
                                "voordeel kwijt. Vierkanten liggen in het blok (het bereik op deze parameter "
                                "gearceerd), cirkels erbuiten; gevulde symbolen zijn het voordeel kwijt, open "
                                "symbolen hielden het. De grenzen van een blok liggen halverwege de dichtstbijzijnde "
                                "ontwerpwaarden binnen en buiten het blok.",
        "robust_box_panel": "blok: {box}\ndichtheid {density}%, dekking {coverage}%",
        "robust_legend_inside": "in het blok",
        "robust_legend_outside": "buiten het blok",
        "robust_legend_lost": "gevuld: voordeel kwijt",
        "robust_legend_kept": "open: voordeel behouden",
        "robust_conclusion_heading": "Wat dit betekent voor de conclusies",
        "robust_conclusion_robust": "De conclusies van de vergelijking hangen dus niet af van deze aannames: over de "
                                    "verkende bereiken houdt elke beleidsvariant het teken van zijn effect op elke "
                                    "hoofduitkomst.",
        "robust_conclusion_fragile": "De conclusies van de vergelijking over {pairs} hangen dus af van {parameters}: "
                                     "ze gelden alleen waar het effect zijn teken houdt, en horen met die voorwaarde "
                                     "te worden vermeld{noise}.",
        "robust_conclusion_noise": "; de meeste gepaarde verschillen in afzonderlijke ontwerppunten vallen binnen de "
                                   "ruis (het 95%-interval bevat 0), dus waar een effect precies omslaat is zelf "
                                   "onzeker",
        "robust_pair": "{policy} op {outcome}",
        "robust_these_assumptions": "de hier gevarieerde aannames",
        "robust_csv": "Download de gegevens van deze figuur als CSV",
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

#: Dutch units of the outcomes the report shows with their stored unit (keyed by the English unit of
#: :data:`sim.outcomes.OUTCOMES`; :data:`DISPLAY` has those of the shares and rates it shows rescaled).
UNITS_NL = {
    "failed items per 100 transitions": "mislukte items per 100 overgangen",
    "EUR per client-year": "euro per cliëntjaar",
    "hours per client-year": "uren per cliëntjaar",
    "hours per active carer per week": "uren per actieve mantelzorger per week",
    "score 0-100": "score 0-100",
}

#: Names of the policy building blocks and of the reasons a block does not reach a client
#: (:data:`sim.vocabulary.BLOCKS`, :data:`sim.vocabulary.NOT_REACHED`; the full reasons: sim.outcomes.NOT_REACHED_TEXT).
BLOCK_NAMES = {
    "en": {"digital_plan": "digital plan", "proxy": "proxy (volmacht)", "regiebehandelaar": "regiebehandelaar",
           "integral_pgb": "integral pgb"},
    "nl": {"digital_plan": "digitaal zorgleefplan", "proxy": "volmacht", "regiebehandelaar": "regiebehandelaar",
           "integral_pgb": "integraal pgb"},
}
REASON_NAMES = {
    "en": {"no_consent": "no consent to share", "cannot_use": "cannot use a plan, nor a digital carer",
           "not_enrolled": "qualifies only since enrolment", "holds_regie": "holds regie themselves",
           "does_not_wish": "does not wish regie", "no_carer": "no carer to be proxy",
           "not_registered": "no proxy registered", "has_proxy": "has a proxy",
           "no_lead_professional": "no district nurse or GP to lead", "no_holder": "nobody can hold the budget",
           "withdrawn": "budget withdrawn"},
    "nl": {"no_consent": "geen toestemming om te delen", "cannot_use": "kan geen plan gebruiken, ook niet via "
           "een digitale mantelzorger", "not_enrolled": "komt pas sinds de inschrijving in aanmerking",
           "holds_regie": "voert zelf de regie", "does_not_wish": "wil geen regie",
           "no_carer": "geen mantelzorger als gevolmachtigde", "not_registered": "geen volmacht geregistreerd",
           "has_proxy": "heeft een gevolmachtigde", "no_lead_professional": "geen wijkverpleegkundige of huisarts "
           "om te leiden", "no_holder": "niemand kan het budget beheren", "withdrawn": "budget ingetrokken"},
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
    "fraction of client-weeks, 0-1": (100.0, {"en": ("% of client-weeks", "percentage points"),
                                              "nl": ("% van de cliëntweken", "procentpunt")}),
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
    for a share). The CSVs give the stored unit, :attr:`sim.outcomes.Outcome.unit`."""
    english = OUTCOMES[outcome].unit
    if english in DISPLAY:
        return DISPLAY[english][1][lang][difference]
    return english if lang == "en" else UNITS_NL[english]


#: The texts of the assumption register (:mod:`analysis.report.register`), the method appendix
#: (:mod:`analysis.report.appendix`), the section of network pictures (:mod:`analysis.report.network`; the words in
#: the picture are :data:`analysis.network_picture.WORDS`) and the scenario files
#: (:mod:`analysis.report.scenario_files`); added to :data:`TEXTS` below, so :func:`text` finds them.
PART_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # the assumption register, the calibration fit and the validation
        "register_heading": "Assumption register",
        "register_intro": "Every parameter of the model with the value this comparison used (the scenario's "
                          "parameters as manifest.json records them: its file, the files it extends and the --set "
                          "overrides), its unit, its plausible range (the range sensitivity analysis varies it in) and "
                          "its source. Status: calibrated (fitted by carenet calibrate: the source says \"calibrated "
                          "to ...\"), documented (a source document, a publication or the calibration brief), "
                          "assumption, no source (the field declares none) or set here (changed with --set for this "
                          "comparison). Units and sources are in English, as in docs/parameters.md, which is "
                          "generated from the same table (sim/provenance.py). Open a section to see its parameters.",
        "register_counts": "{n} parameters: {parts}.",
        "register_counts_first": "The counts of each section are those of {scenario}.",
        "register_status_calibrated": "calibrated",
        "register_status_documented": "documented",
        "register_status_assumption": "assumption",
        "register_status_undeclared": "no source",
        "register_status_override": "set here",
        "register_no_source": "(none declared)",
        "register_top_section": "scenario",
        "register_yes": "yes",
        "register_no": "no",
        "register_na": "n/a",
        "register_hours": "h",
        "register_col_parameter": "parameter",
        "register_col_value": "value",
        "register_col_unit": "unit",
        "register_col_range": "plausible range",
        "register_col_source": "source",
        "register_col_status": "status",
        "csv_register": "Download the register as CSV (values as JSON)",
        "calibration_heading": "Calibration fit",
        "calibration_intro": "carenet calibrate fitted {parameters} parameter values of scenario {scenario} (seed "
                             "{seed}, {date}) to {targets} published figures; at the fitted values {met} of them lie "
                             "within the 95% range of single runs on fresh seeds. {checks} more figures are checks it "
                             "does not fit. docs/calibration.md explains each.",
        "calibration_met": "met",
        "calibration_not_met": "not met ({error})",
        "calibration_check_met": "check: within range",
        "calibration_check_outside": "check: outside ({error})",
        "calibration_missing": "Calibration results are not available: {path} is missing (carenet calibrate "
                               "writes it).",
        "validation_heading": "Validation",
        "validation_intro": "{command} ({date}): {passed} of {total} checks pass (calibration targets on fresh seeds "
                            "{targets}, stationarity {stationarity}, carer burden {burden}); {outside} check-only "
                            "target(s) outside the range. The calibration targets on fresh seeds:",
        "validation_pass": "pass",
        "validation_miss": "miss ({error})",
        "validation_outside": "outside ({error}; a check, not fitted)",
        "validation_fail": "fail",
        "validation_missing": "Validation results are not available: {path} is missing. carenet validate writes it "
                              "beside validation.md (make validate).",
        "target_col_target": "target",
        "target_col_source": "source",
        "target_col_published": "published",
        "target_col_mean": "simulated mean",
        "target_col_range": "95% range of runs",
        "target_col_status": "status",
        "csv_calibration": "Download the calibration fit as CSV",
        "csv_validation": "Download the validation targets as CSV",
        # the scenario files
        "files_heading": "Scenario files",
        "files_intro": "The SHA-256 of each scenario's TOML file and of every file it extends (base), as the files "
                       "are on disk now; below each, whether they still give the parameters recorded for the run "
                       "(loaded with the run's --set overrides).",
        "files_col_file": "file",
        "files_col_sha": "SHA-256",
        "files_match": "These files, with the run's overrides, give exactly the parameters recorded in manifest.json.",
        "files_changed": "These files no longer give the parameters recorded in manifest.json: they changed after "
                         "the run (what ran is the recorded parameters, which the assumption register shows).",
        "files_unknown": "Whether these files give the run's parameters cannot be checked (no recorded parameters, or "
                         "a file cannot be read).",
        "fingerprint_label": "experiment fingerprint (SHA-256)",
        "fingerprint_covers": "It covers the definition (scenarios, policies, replicates, years, root seed, "
                              "overrides), the full parameters of every scenario and the versions of Python, "
                              "carenet, Mesa and numpy; it is in manifest.json and in every run file.",
        # the network picture
        "network_heading": "A typical client's care network",
        "network_intro": "The results hold tallies, not networks, so carenet report runs each population once more, "
                         "for one year under the status quo, and draws one client's network: the client, the "
                         "carers and the professionals (shape: role; colour and label: the law they work under for "
                         "this client) and every handover item of that year between them (line: the channel it "
                         "arrived by; thick dashed vermillion with a cross: it did not arrive in time).",
        "network_missing": "No network pictures: carenet report draws them from a short simulation of each "
                           "population, and this report was rendered without one.",
        "network_none": "No client of the {scenario} run had a carer and at least three professionals for the whole "
                        "year.",
        "network_title_failed": "In a typical {scenario} network, {failed} of the year's {items} handover items "
                                "failed, most of them meant for the {role}",
        "network_title_failed_all": "In a typical {scenario} network, {failed} of the year's {items} handover items "
                                    "failed, all meant for the {role}",
        "network_title_failed_one": "In a typical {scenario} network, 1 of the year's {items} handover items failed: "
                                    "the one meant for the {role}",
        "network_title_ok": "In a typical {scenario} network, all {items} handover items of the year arrived in "
                            "time",
        "network_title_quiet": "A typical {scenario} client: {professionals} professionals and {carers} carer(s), "
                               "no handover in the year",
        "network_caption": "Client {client} of a {years}-year run of {scenario} under {policy} ({clients} clients, "
                           "seed {seed}), the one with the median number of transitions ({transitions}) among the "
                           "{candidates} clients who stayed the whole year with a carer and at least three "
                           "professionals; ×n counts the items on one line.",
        "csv_network": "Download the edge list as CSV",
        # the method appendix: ODD
        "appendix_heading": "Method appendix",
        "odd_heading": "The model in brief (ODD)",
        "odd_intro": "A summary of the model description in the ODD protocol (Grimm et al. 2020). The lists are read "
                     "from the code that ran, so they match this version of the model.",
        "odd_pointer": "The full description is docs/ODD.md in the repository. Its sections:",
        "odd_purpose_heading": "Purpose",
        "odd_purpose": "Which arrangement of regie (direction), information and money gives fewer handover "
                       "failures, less carer burnout and fewer unanswered complaints, for whom, and at what cost? The "
                       "model compares the status quo with {policies} in the personal care networks of people with "
                       "multiple needs living at home, for policymakers, advisory councils and teachers; it "
                       "explores, it does not forecast.",
        "odd_entities_heading": "Entities, state variables and scales",
        "odd_scales": "One step is one week; a run lasts {years} years after the warm-up. Space is not explicit: a "
                      "municipality of {clients} clients in districts (wijken) of {district} clients, where "
                      "professionals know colleagues within their district. The entities and their state variables "
                      "(one array each over all agents of a kind, sim/network.py):",
        "odd_entity": "{name}: {what} {n} state variables: {variables}.",
        "odd_entity_clients": "Clients",
        "odd_entity_carers": "Informal carers (mantelzorgers)",
        "odd_entity_posts": "Professional posts",
        "odd_entity_organisations": "Organisations",
        "odd_organisations": "The organisations posts belong to, each with its own information system, linked to "
                             "another's or not.",
        "odd_process_heading": "Process overview and scheduling",
        "odd_process": "The week is one list (STEP_ORDER in sim/week.py). Its {n} steps run in this order, each a "
                       "function of the state arrays of all agents at once:",
        "odd_design_heading": "Design concepts",
        "odd_design": "Care breaks down at the boundaries between professionals, organisations, laws and payers, "
                      "and between professionals and carers, so the model makes these boundaries explicit: who "
                      "knows whom, whose systems are linked, which law governs each need, who arranges and where a "
                      "complaint can go. Handover failures, carer burnout and unanswered complaints are not set as "
                      "rates: they emerge from the structure a policy sets up. Every process draws from its own "
                      "random stream ({streams} streams derived from the run's seed), so a policy does not shift "
                      "the draws of unrelated processes; everything that happens goes into one event log, from "
                      "which every outcome is computed.",
        "odd_init_heading": "Initialisation",
        "odd_init": "Each run builds the municipality from the scenario (profiles, needs, laws, carers, districts and "
                    "posts, who knows whom, the initial networks), lets the policy set up its structure and then "
                    "simulates a warm-up of {warmup} years under the policy without recording anything, so that the "
                    "population, the carers' strain and the queues are near their steady state at week 0.",
        "odd_input_heading": "Input data",
        "odd_input": "No time-varying input: a run is defined by a scenario (a TOML file, validated before anything "
                     "runs), a policy, a seed and a length. This comparison ran {scenarios}; the values and their "
                     "sources are in the assumption register.",
        "odd_submodels_heading": "Submodels",
        "odd_submodels": "One module per submodel (sim/processes/), described in full in docs/ODD.md §7:",
        # the method appendix: STRESS-ABS
        "stress_heading": "STRESS-ABS checklist",
        "stress_intro": "The STRESS-ABS checklist for reporting agent-based simulation studies (Monks et al. 2019): "
                        "each item with how this study reports it, filled from the run's manifest.json and the "
                        "project's documents.",
        "stress_col_item": "item",
        "stress_col_reported": "how this study reports it",
        "stress_section_objectives": "1 Objectives",
        "stress_section_logic": "2 Logic",
        "stress_section_data": "3 Data",
        "stress_section_experimentation": "4 Experimentation",
        "stress_section_implementation": "5 Implementation",
        "stress_section_code": "6 Code access",
        "stress_item_1_1": "Purpose of the model",
        "stress_item_1_2": "Model outputs",
        "stress_item_1_3": "Experimentation aims",
        "stress_item_2_1": "Base model overview diagram",
        "stress_item_2_2": "Base model logic",
        "stress_item_2_3": "Scenario logic",
        "stress_item_2_4": "Algorithms",
        "stress_item_2_5": "Components: agents, environment, interactions",
        "stress_item_3_1": "Data sources",
        "stress_item_3_2": "Pre-processing",
        "stress_item_3_3": "Input parameters",
        "stress_item_3_4": "Assumptions",
        "stress_item_4_1": "Initialisation",
        "stress_item_4_2": "Run length",
        "stress_item_4_3": "Estimation approach",
        "stress_item_5_1": "Software or programming language",
        "stress_item_5_2": "Random sampling",
        "stress_item_5_3": "Model execution",
        "stress_item_5_4": "System specification",
        "stress_item_6_1": "Computer model sharing statement",
        "stress_outputs": "The four headline outcomes: {outcomes}; the costs per payer (Zvw, Wlz, Wmo, Jeugdwet, "
                          "own contribution; EUR per client-year) and the regiebehandelaar's hours. Each is computed "
                          "after the run from the event log and the weekly series of the weeks after the warm-up "
                          "(sim/outcomes.py, docs/outcomes.md) and shown as the mean over replicates with its 95% "
                          "t-interval, and as the paired difference to the status quo.",
        "stress_aims": "A scenario-based comparison of {policies} with the status quo (none) in the population(s) "
                       "{scenarios}: the headline summary per population.",
        "stress_diagram": "The process overview above (the week's steps in order) and the picture of a typical "
                          "client's care network per population.",
        "stress_logic": "Time-stepped: every week runs {n} processes in a fixed order ({steps}); each updates the "
                        "state arrays of all agents at once and records what happens in the event log.",
        "stress_scenario_logic": "A policy changes the structure once, at set-up, with building blocks (digital "
                                 "plan, proxy, regiebehandelaar, integral pgb); the weekly processes act through that "
                                 "structure, and no policy sets an outcome rate (sim/policies.py, docs/ODD.md "
                                 "§7.10). Populations differ only in the values of their scenario files (assumption "
                                 "register).",
        "stress_algorithms": "Handover items race over every channel open to them (an exponential delay per channel) "
                             "and fail when none arrives by the day they are needed; carer strain is a weekly stock "
                             "that grows with load and recovers, read against survey thresholds; needs drift "
                             "lognormally; complaints move between addresses until answered or dropped (docs/ODD.md "
                             "§7).",
        "stress_components": "Agents: clients ({clients} state variables), informal carers ({carers}) and "
                             "professional posts ({posts}); organisations ({organisations}) whose information systems "
                             "are linked or not. Environment: a municipality of districts under four laws (Zvw, Wlz, "
                             "Wmo, Jeugdwet), each with its own desk, payer and complaint regime. Interactions: "
                             "handover items, requests for care, advice that can contradict, complaints.",
        "stress_sources": "Five Dutch source documents (docs/sources.md) and published figures (CBS, SCP, Uitvlugt "
                          "et al. 2015, V&VN/Nictiz 2014, Congredi et al. 2016); {documented} parameter values of "
                          "this comparison cite a source (assumption register).",
        "stress_preprocessing": "Published figures are used as published; {calibrated} parameter values are fitted "
                                "to them by carenet calibrate (calibration fit, docs/calibration.md).",
        "stress_parameters": "All {n} parameters with value, unit, plausible range, source and status: the "
                             "assumption register, and exactly in its CSV.",
        "stress_assumptions": "{assumption} parameter values are assumptions and {undeclared} declare no source "
                              "(assumption register); the structural assumptions and what the model leaves out are in "
                              "docs/ODD.md (Assumptions and known limitations).",
        "stress_initialisation": "Each run synthesizes the municipality from the scenario, then simulates a warm-up "
                                 "of {warmup} years under the policy, recording nothing; outcomes count the weeks "
                                 "after it. carenet validate checks that the headline shares are then stationary "
                                 "(validation).",
        "stress_run_length": "{years} simulated years per run after the warm-up ({weeks} weekly steps).",
        "stress_estimation": "{replicates} replicates per policy on common random numbers: every policy runs on the "
                             "same replicate seeds and every process has its own random stream. Means over "
                             "replicates with 95% t-intervals; differences to the status quo paired per seed.",
        "stress_software": "Python with Mesa (agent-based modelling), numpy, pandas and pyarrow; the results were "
                           "made with {versions}.",
        "stress_random": "Root seed {root}; replicate seeds {seeds} (rule: {rule}); each run draws from {streams} "
                         "named streams derived from its seed with numpy's SeedSequence.",
        "stress_more_seeds": "{seeds} and {more} more (all in manifest.json)",
        "stress_execution": "Time-stepped, one step per week, the processes in a fixed order with synchronous "
                            "updates of arrays over all agents; runs are independent tasks (a scenario of several "
                            "municipalities: one task per municipality), and the same seeds give the same tables "
                            "whatever the number of workers or the engine.",
        "stress_system": "Not recorded: the results do not depend on the machine, the number of workers or the "
                         "engine (the command in the reproducibility section regenerates them).",
        "stress_code": "The carenet repository at git commit {commit}: the model (sim/), the experiments "
                       "(experiments/), this report (analysis/report/) and the documentation (docs/ODD.md, "
                       "docs/parameters.md, docs/calibration.md, docs/validation.md).",
    },
    "nl": {
        "register_heading": "Register van aannames",
        "register_intro": "Elke parameter van het model met de waarde die deze vergelijking gebruikte (de parameters "
                          "van het scenario zoals manifest.json ze vastlegt: het bestand, de bestanden waarop het "
                          "voortbouwt en de aanpassingen met --set), de eenheid, het plausibele bereik (waarbinnen de "
                          "gevoeligheidsanalyse haar varieert) en de bron. Status: gekalibreerd (geschat door carenet "
                          "calibrate: de bron zegt \"calibrated to ...\"), gedocumenteerd (een brondocument, een "
                          "publicatie of de kalibratiebrief), aanname, geen bron (het veld noemt er geen) of hier "
                          "gezet (met --set aangepast voor deze vergelijking). Eenheden en bronnen staan in het "
                          "Engels, zoals in docs/parameters.md, dat uit dezelfde tabel wordt gemaakt "
                          "(sim/provenance.py). Open een onderdeel om de parameters te zien.",
        "register_counts": "{n} parameters: {parts}.",
        "register_counts_first": "De aantallen per onderdeel zijn die van {scenario}.",
        "register_status_calibrated": "gekalibreerd",
        "register_status_documented": "gedocumenteerd",
        "register_status_assumption": "aanname",
        "register_status_undeclared": "geen bron",
        "register_status_override": "hier gezet",
        "register_no_source": "(geen opgegeven)",
        "register_top_section": "scenario",
        "register_yes": "ja",
        "register_no": "nee",
        "register_na": "n.v.t.",
        "register_hours": "uur",
        "register_col_parameter": "parameter",
        "register_col_value": "waarde",
        "register_col_unit": "eenheid",
        "register_col_range": "plausibel bereik",
        "register_col_source": "bron",
        "register_col_status": "status",
        "csv_register": "Download het register als CSV (waarden als JSON)",
        "calibration_heading": "Kalibratie",
        "calibration_intro": "carenet calibrate schatte {parameters} parameterwaarden van scenario {scenario} (seed "
                             "{seed}, {date}) op {targets} gepubliceerde cijfers; bij de geschatte waarden liggen er "
                             "{met} binnen het 95%-bereik van losse runs met nieuwe seeds. Nog {checks} cijfers zijn "
                             "controles die niet geschat worden. docs/calibration.md licht elk toe.",
        "calibration_met": "gehaald",
        "calibration_not_met": "niet gehaald ({error})",
        "calibration_check_met": "controle: binnen bereik",
        "calibration_check_outside": "controle: buiten bereik ({error})",
        "calibration_missing": "Kalibratieresultaten zijn niet beschikbaar: {path} ontbreekt (carenet calibrate "
                               "schrijft het).",
        "validation_heading": "Validatie",
        "validation_intro": "{command} ({date}): {passed} van {total} controles geslaagd (kalibratiedoelen met nieuwe "
                            "seeds {targets}, stationariteit {stationarity}, belasting van mantelzorgers {burden}); "
                            "{outside} controledoel(en) buiten het bereik. De kalibratiedoelen met nieuwe seeds:",
        "validation_pass": "geslaagd",
        "validation_miss": "gemist ({error})",
        "validation_outside": "buiten bereik ({error}; een controle, niet geschat)",
        "validation_fail": "mislukt",
        "validation_missing": "Validatieresultaten zijn niet beschikbaar: {path} ontbreekt. carenet validate schrijft "
                              "het naast validation.md (make validate).",
        "target_col_target": "doel",
        "target_col_source": "bron",
        "target_col_published": "gepubliceerd",
        "target_col_mean": "gesimuleerd gemiddelde",
        "target_col_range": "95%-bereik van runs",
        "target_col_status": "status",
        "csv_calibration": "Download de kalibratie als CSV",
        "csv_validation": "Download de validatiedoelen als CSV",
        "files_heading": "Scenariobestanden",
        "files_intro": "De SHA-256 van het TOML-bestand van elk scenario en van elk bestand waarop het voortbouwt "
                       "(base), zoals de bestanden nu op schijf staan; onder elk of ze nog de parameters geven die "
                       "voor de run zijn vastgelegd (geladen met de --set-aanpassingen van de run).",
        "files_col_file": "bestand",
        "files_col_sha": "SHA-256",
        "files_match": "Deze bestanden geven, met de aanpassingen van de run, precies de parameters uit manifest.json.",
        "files_changed": "Deze bestanden geven niet meer de parameters uit manifest.json: ze zijn na de run "
                         "veranderd (wat draaide zijn de vastgelegde parameters, die het register van aannames "
                         "toont).",
        "files_unknown": "Of deze bestanden de parameters van de run geven, is niet na te gaan (geen vastgelegde "
                         "parameters, of een bestand is niet te lezen).",
        "fingerprint_label": "vingerafdruk van het experiment (SHA-256)",
        "fingerprint_covers": "Die dekt de definitie (scenario's, beleidsvarianten, herhalingen, jaren, basisseed, "
                              "aanpassingen), de volledige parameters van elk scenario en de versies van Python, "
                              "carenet, Mesa en numpy; hij staat in manifest.json en in elk runbestand.",
        "network_heading": "Het zorgnetwerk van een typische cliënt",
        "network_intro": "De resultaten bevatten tellingen, geen netwerken. Daarom draait carenet report elke "
                         "populatie nog één jaar in de huidige situatie en tekent het netwerk van één cliënt: de "
                         "cliënt, de mantelzorgers en de professionals (vorm: rol; kleur en label: de wet waaronder "
                         "ze voor deze cliënt werken) en elk overdrachtsitem van dat jaar tussen hen (lijn: het kanaal "
                         "waarlangs het aankwam; dik gestreept vermiljoen met een kruis: het kwam niet op tijd aan).",
        "network_missing": "Geen netwerktekeningen: carenet report maakt ze met een korte simulatie van elke "
                           "populatie, en dit rapport is zonder die simulatie gemaakt.",
        "network_none": "Geen cliënt in de run van {scenario} had het hele jaar een mantelzorger en ten minste drie "
                        "professionals.",
        "network_title_failed": "In een typisch netwerk in {scenario} mislukten {failed} van de {items} "
                                "overdrachtsitems van het jaar, de meeste bedoeld voor de {role}",
        "network_title_failed_all": "In een typisch netwerk in {scenario} mislukten {failed} van de {items} "
                                    "overdrachtsitems van het jaar, alle bedoeld voor de {role}",
        "network_title_failed_one": "In een typisch netwerk in {scenario} mislukte 1 van de {items} overdrachtsitems "
                                    "van het jaar: het item voor de {role}",
        "network_title_ok": "In een typisch netwerk in {scenario} kwamen alle {items} overdrachtsitems van het jaar "
                            "op tijd aan",
        "network_title_quiet": "Een typische cliënt in {scenario}: {professionals} professionals en {carers} "
                               "mantelzorger(s), geen overdracht in het jaar",
        "network_caption": "Cliënt {client} uit een run van {years} jaar van {scenario} met {policy} ({clients} "
                           "cliënten, seed {seed}): van de {candidates} cliënten die het hele jaar bleven, met een "
                           "mantelzorger en ten minste drie professionals, die met het mediane aantal overgangen "
                           "({transitions}); ×n telt de items op één lijn.",
        "csv_network": "Download de lijst van verbindingen als CSV",
        "appendix_heading": "Methodebijlage",
        "odd_heading": "Het model in het kort (ODD)",
        "odd_intro": "Een samenvatting van de modelbeschrijving volgens het ODD-protocol (Grimm et al. 2020). De "
                     "lijsten zijn gelezen uit de code die draaide, dus ze passen bij deze versie van het model.",
        "odd_pointer": "De volledige beschrijving staat in docs/ODD.md in de repository. De onderdelen:",
        "odd_purpose_heading": "Doel",
        "odd_purpose": "Welke inrichting van regie, informatie en geld geeft minder mislukte overdrachten, minder "
                       "burn-out bij mantelzorgers en minder onbeantwoorde klachten, voor wie, en tegen welke kosten? "
                       "Het model vergelijkt de huidige situatie met {policies} in de persoonlijke zorgnetwerken van "
                       "thuiswonende mensen met meervoudige zorgvragen, voor beleidsmakers, adviesraden en docenten; "
                       "het verkent, het voorspelt niet.",
        "odd_entities_heading": "Entiteiten, toestandsvariabelen en schalen",
        "odd_scales": "Eén stap is één week; een run duurt {years} jaar na de inloopperiode. Ruimte is niet "
                      "expliciet: een gemeente met {clients} cliënten in wijken van {district} cliënten, waarin "
                      "professionals collega's uit hun wijk kennen. De entiteiten en hun toestandsvariabelen (elk één "
                      "array over alle agenten van een soort, sim/network.py):",
        "odd_entity": "{name}: {what} {n} toestandsvariabelen: {variables}.",
        "odd_entity_clients": "Cliënten",
        "odd_entity_carers": "Mantelzorgers",
        "odd_entity_posts": "Posities van professionals",
        "odd_entity_organisations": "Organisaties",
        "odd_organisations": "De organisaties waartoe posities horen, elk met een eigen informatiesysteem, al dan niet "
                             "gekoppeld aan dat van een andere.",
        "odd_process_heading": "Procesoverzicht en volgorde",
        "odd_process": "De week is één lijst (STEP_ORDER in sim/week.py). De {n} stappen lopen in deze volgorde, elk "
                       "een functie van de toestandsarrays van alle agenten tegelijk:",
        "odd_design_heading": "Ontwerpconcepten",
        "odd_design": "Zorg loopt vast op de grenzen tussen professionals, organisaties, wetten en financiers, en "
                      "tussen professionals en mantelzorgers; het model maakt die grenzen daarom expliciet: wie wie "
                      "kent, wiens systemen gekoppeld zijn, welke wet elke zorgvraag regelt, wie regelt en waar een "
                      "klacht heen kan. Mislukte overdrachten, burn-out en onbeantwoorde klachten zijn geen "
                      "ingestelde kansen: ze volgen uit de structuur die een beleidsvariant neerzet. Elk proces "
                      "trekt uit een eigen toevalsstroom ({streams} stromen afgeleid van de seed van de run), zodat "
                      "een beleidsvariant de trekkingen van andere processen niet verschuift; alles wat gebeurt komt "
                      "in één gebeurtenissenlog, waaruit elke uitkomst wordt berekend.",
        "odd_init_heading": "Initialisatie",
        "odd_init": "Elke run bouwt de gemeente op uit het scenario (profielen, zorgvragen, wetten, mantelzorgers, "
                    "wijken en posities, wie wie kent, de beginnetwerken), laat de beleidsvariant haar structuur "
                    "neerzetten en simuleert dan een inloopperiode van {warmup} jaar met die variant zonder iets vast "
                    "te leggen, zodat populatie, belasting van mantelzorgers en wachtrijen bij week 0 dicht bij hun "
                    "evenwicht zijn.",
        "odd_input_heading": "Invoer",
        "odd_input": "Geen tijdsafhankelijke invoer: een run wordt bepaald door een scenario (een TOML-bestand, "
                     "gecontroleerd voordat er iets draait), een beleidsvariant, een seed en een duur. Deze "
                     "vergelijking draaide {scenarios}; de waarden en hun bronnen staan in het register van "
                     "aannames.",
        "odd_submodels_heading": "Submodellen",
        "odd_submodels": "Eén module per submodel (sim/processes/), volledig beschreven in docs/ODD.md §7:",
        "stress_heading": "STRESS-ABS-checklist",
        "stress_intro": "De STRESS-ABS-checklist voor het rapporteren van agent-based simulatiestudies (Monks et al. "
                        "2019): elk item met hoe deze studie het rapporteert, ingevuld uit manifest.json van de run en "
                        "de documenten van het project.",
        "stress_col_item": "item",
        "stress_col_reported": "hoe deze studie het rapporteert",
        "stress_section_objectives": "1 Doelen",
        "stress_section_logic": "2 Logica",
        "stress_section_data": "3 Gegevens",
        "stress_section_experimentation": "4 Experimenten",
        "stress_section_implementation": "5 Implementatie",
        "stress_section_code": "6 Toegang tot de code",
        "stress_item_1_1": "Doel van het model",
        "stress_item_1_2": "Uitkomsten van het model",
        "stress_item_1_3": "Doel van de experimenten",
        "stress_item_2_1": "Overzichtsdiagram van het basismodel",
        "stress_item_2_2": "Logica van het basismodel",
        "stress_item_2_3": "Logica van de scenario's",
        "stress_item_2_4": "Algoritmen",
        "stress_item_2_5": "Componenten: agenten, omgeving, interacties",
        "stress_item_3_1": "Gegevensbronnen",
        "stress_item_3_2": "Voorbewerking",
        "stress_item_3_3": "Invoerparameters",
        "stress_item_3_4": "Aannames",
        "stress_item_4_1": "Initialisatie",
        "stress_item_4_2": "Runlengte",
        "stress_item_4_3": "Schattingsmethode",
        "stress_item_5_1": "Software of programmeertaal",
        "stress_item_5_2": "Trekken van toevalsgetallen",
        "stress_item_5_3": "Uitvoering van het model",
        "stress_item_5_4": "Systeemspecificatie",
        "stress_item_6_1": "Beschikbaarheid van het model",
        "stress_outputs": "De vier hoofduitkomsten: {outcomes}; de kosten per financier (Zvw, Wlz, Wmo, Jeugdwet, "
                          "eigen bijdrage; euro per cliëntjaar) en de uren van de regiebehandelaar. Elk wordt na de "
                          "run berekend uit het gebeurtenissenlog en de weekreeksen van de weken na de inloopperiode "
                          "(sim/outcomes.py, docs/outcomes.md) en getoond als gemiddelde over de herhalingen met "
                          "95%-t-interval, en als gepaard verschil met de huidige situatie.",
        "stress_aims": "Een vergelijking van scenario's: {policies} tegenover de huidige situatie (none) in de "
                       "populatie(s) {scenarios}: de kern per populatie.",
        "stress_diagram": "Het procesoverzicht hierboven (de stappen van de week op volgorde) en de tekening van het "
                          "zorgnetwerk van een typische cliënt per populatie.",
        "stress_logic": "In tijdstappen: elke week draait {n} processen in vaste volgorde ({steps}); elk werkt de "
                        "toestandsarrays van alle agenten tegelijk bij en legt vast wat er gebeurt in het "
                        "gebeurtenissenlog.",
        "stress_scenario_logic": "Een beleidsvariant verandert de structuur één keer, bij de start, met bouwstenen "
                                 "(digitaal zorgleefplan, volmacht, regiebehandelaar, integraal pgb); de wekelijkse "
                                 "processen werken via die structuur, en geen variant stelt een kans op een uitkomst "
                                 "in (sim/policies.py, docs/ODD.md §7.10). Populaties verschillen alleen in de "
                                 "waarden van hun scenariobestanden (register van aannames).",
        "stress_algorithms": "Overdrachtsitems racen over elk kanaal dat voor hen openstaat (een exponentiële "
                             "vertraging per kanaal) en mislukken als geen kanaal op tijd aankomt; de belasting van "
                             "mantelzorgers is een wekelijkse voorraad die groeit met de last en herstelt, afgezet "
                             "tegen drempels uit enquêtes; zorgvragen drijven lognormaal; klachten gaan van adres naar "
                             "adres tot ze beantwoord of opgegeven zijn (docs/ODD.md §7).",
        "stress_components": "Agenten: cliënten ({clients} toestandsvariabelen), mantelzorgers ({carers}) en "
                             "posities van professionals ({posts}); organisaties ({organisations}) met al dan niet "
                             "gekoppelde informatiesystemen. Omgeving: een gemeente met wijken onder vier wetten (Zvw, "
                             "Wlz, Wmo, Jeugdwet), elk met een eigen loket, financier en klachtregeling. Interacties: "
                             "overdrachtsitems, aanvragen voor zorg, adviezen die elkaar kunnen tegenspreken, "
                             "klachten.",
        "stress_sources": "Vijf Nederlandse brondocumenten (docs/sources.md) en gepubliceerde cijfers (CBS, SCP, "
                          "Uitvlugt et al. 2015, V&VN/Nictiz 2014, Congredi et al. 2016); {documented} "
                          "parameterwaarden van deze vergelijking noemen een bron (register van aannames).",
        "stress_preprocessing": "Gepubliceerde cijfers worden gebruikt zoals gepubliceerd; {calibrated} "
                                "parameterwaarden worden er door carenet calibrate op geschat (kalibratie, "
                                "docs/calibration.md).",
        "stress_parameters": "Alle {n} parameters met waarde, eenheid, plausibel bereik, bron en status: het register "
                             "van aannames, en precies in de CSV ervan.",
        "stress_assumptions": "{assumption} parameterwaarden zijn aannames en {undeclared} noemen geen bron (register "
                              "van aannames); de structurele aannames en wat het model weglaat staan in docs/ODD.md "
                              "(Assumptions and known limitations).",
        "stress_initialisation": "Elke run bouwt de gemeente op uit het scenario en simuleert dan een inloopperiode "
                                 "van {warmup} jaar met de beleidsvariant, zonder iets vast te leggen; uitkomsten "
                                 "tellen de weken daarna. carenet validate controleert dat de hoofdaandelen dan "
                                 "stationair zijn (validatie).",
        "stress_run_length": "{years} gesimuleerde jaren per run na de inloopperiode ({weeks} weekstappen).",
        "stress_estimation": "{replicates} herhalingen per beleidsvariant met gemeenschappelijke toevalsgetallen: elke "
                             "variant draait op dezelfde seeds en elk proces heeft een eigen toevalsstroom. "
                             "Gemiddelden over de herhalingen met 95%-t-intervallen; verschillen met de huidige "
                             "situatie gepaard per seed.",
        "stress_software": "Python met Mesa (agent-based modelleren), numpy, pandas en pyarrow; de resultaten zijn "
                           "gemaakt met {versions}.",
        "stress_random": "Basisseed {root}; seeds van de herhalingen {seeds} (regel: {rule}); elke run trekt uit "
                         "{streams} benoemde stromen, afgeleid van zijn seed met numpy's SeedSequence.",
        "stress_more_seeds": "{seeds} en nog {more} (alle in manifest.json)",
        "stress_execution": "In tijdstappen van een week, de processen in vaste volgorde met gelijktijdige updates van "
                            "arrays over alle agenten; runs zijn onafhankelijke taken (een scenario met meer "
                            "gemeenten: één taak per gemeente), en dezelfde seeds geven dezelfde tabellen, bij elk "
                            "aantal workers en elke engine.",
        "stress_system": "Niet vastgelegd: de resultaten hangen niet af van de machine, het aantal workers of de "
                         "engine (het commando bij reproduceerbaarheid maakt ze opnieuw).",
        "stress_code": "De carenet-repository bij git-commit {commit}: het model (sim/), de experimenten "
                       "(experiments/), dit rapport (analysis/report/) en de documentatie (docs/ODD.md, "
                       "docs/parameters.md, docs/calibration.md, docs/validation.md).",
    },
}
for _lang, _texts in PART_TEXTS.items():
    TEXTS[_lang].update(_texts)

#: Dutch names of the calibration targets (``docs/calibration.json`` and ``docs/validation.json`` name them in
#: English; a target not listed keeps its English name).
TARGET_NAMES_NL = {
    "carer_share_overburdened": "mantelzorgers overbelast",
    "carer_share_very_heavy": "mantelzorgers zeer zwaar belast",
    "carer_share_fairly_heavy": "mantelzorgers tamelijk zwaar belast",
    "carer_care_hours_per_week": "uren zorg per mantelzorger",
    "carer_share_8h_or_more": "mantelzorgers die 8 uur of meer per week geven",
    "discharge_letter_gp_complete": "ontslagbrieven met volledige medicatie",
    "handover_digital_share": "digitale verpleegkundige overdrachten (tegen 70% op papier)",
    "plan_posts_share": "uitgenodigde professionals die meedoen aan het plan",
    "consent_share": "toestemming voor delen (LSP)",
    "discharge_medication_complete_share": "medicatie-informatie bij ontslag volledig (alle ontvangers)",
}

#: The Dutch of what the code says about itself in its docstrings (the method appendix quotes the first line in
#: English): the week's steps (:data:`sim.week.STEP_ORDER`), the process modules and the Mesa agents.
CODE_DOCS_NL = {
    "start_of_week": "Opent de week: de week van het log, de overhead van vorige week als capaciteitsverlies van "
                     "deze week, signalen van mantelzorgers op nul.",
    "standing_time": "Vaste tijd per week: het overzicht van de regiebehandelaar, het bijhouden van het plan door "
                     "aangesloten posities.",
    "budget_administration": "Budgethouders houden de administratie van het integraal pgb bij (de uren vallen op "
                             "een mantelzorger die het budget houdt).",
    "scheduled_events": "Vooraf vastgelegde gebeurtenissen (de kernmomenten van een vignet): ze gebeuren deze week, "
                        "wat de dobbelstenen ook zeggen.",
    "population": "Cliënten worden ouder, vragen een Wlz-indicatie aan en krijgen die, vertrekken en worden "
                  "opgevolgd; vervangende mantelzorgers beginnen.",
    "workforce": "Professionals verlaten hun positie; een opvolger neemt het over zonder de contacten.",
    "needs_and_events": "Zorgvragen drijven; acute gebeurtenissen, opnames, ontslagen, verwijzingen; mantelzorgers "
                        "worden ziek.",
    "arranging": "Gaten worden opgepakt, naar het loket van de wet gebracht, geïndiceerd en aan een positie "
                 "gekoppeld.",
    "delivery": "Posities leveren de geregelde zorg binnen hun capaciteit; mantelzorgers vullen gaten met eigen uren.",
    "handover": "Overgangen maken overdrachtsitems; elk reist via elk kanaal dat ervoor openstaat.",
    "alignment": "Paren professionals die adviseren over overlappende zorgvragen spreken elkaar tegen, tenzij ze "
                 "afstemmen.",
    "strain": "De belasting van mantelzorgers groeit met de last en herstelt; enquêtecategorieën, burn-out, "
              "uitval, signalen van overbelasting.",
    "complaints": "Ontevredenheid wordt een klacht; klachten gaan van adres naar adres tot ze beantwoord of "
                  "opgegeven zijn.",
    "end_of_week": "Boekt de coördinatie- en registratie-uren van de week en zet de week een stap verder.",
    "sim.processes.bookkeeping": "Boekhouding aan het begin en eind van elke week (ODD 3 en 7.11): de werkruimte van "
                                 "de week, vaste tijd, boeken.",
    "sim.processes.scheduled": "Geplande gebeurtenissen (ODD 7.0): de kernmomenten van een vignet, vooraf vastgelegd, "
                               "via de gewone mechanismen.",
    "sim.processes.population": "Stromen in de populatie (ODD 7.1a): cliënten worden ouder, krijgen een "
                                "Wlz-indicatie, vertrekken en worden opgevolgd; mantelzorgers worden vervangen.",
    "sim.processes.workforce": "Personeel (ODD 7.1): professionals verlaten hun positie; een opvolger neemt het over "
                               "zonder de contacten.",
    "sim.processes.needs": "Zorgvragen en gebeurtenissen (ODD 7.2): zorgvragen drijven; acute gebeurtenissen, "
                           "opnames, ontslagen, verwijzingen; mantelzorgers worden ziek.",
    "sim.processes.arranging": "Regelen (ODD 7.3): gaten worden opgepakt, naar het loket van de wet gebracht, "
                               "geïndiceerd en aan een positie gekoppeld.",
    "sim.processes.delivery": "Levering (ODD 7.4): posities leveren binnen hun capaciteit; mantelzorgers zijn "
                              "aanwezig, doen praktische taken en vullen gaten.",
    "sim.processes.handover": "Overdracht (ODD 7.5): overgangen maken overdrachtsitems; elk reist via elk kanaal dat "
                              "ervoor openstaat.",
    "sim.processes.alignment": "Afstemming (ODD 7.6): paren professionals die adviseren over overlappende zorgvragen "
                               "spreken elkaar tegen, tenzij ze afstemmen.",
    "sim.processes.strain": "Belasting van mantelzorgers (ODD 7.7): de belasting groeit met de last en herstelt; "
                            "enquêtecategorieën, burn-out, uitval, signalen van overbelasting.",
    "sim.processes.complaints": "Klachten (ODD 7.8-7.9): ontevredenheid wordt een klacht; het spoor ervan langs "
                                "adressen tot beantwoord of opgegeven.",
    "ClientAgent": "Een thuiswonende cliënt met meervoudige zorgvragen.",
    "CarerAgent": "Een mantelzorger.",
    "ProfessionalAgent": "Een positie van een professional; de persoon erin wisselt als een professional vertrekt.",
}
