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
        "robust_matters": "The effect of {policy} on {outcome} depends most on {factors}.",
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
                               "{outcome} goes from {first} {first_ci} at {lo} to {last} {last_ci} at {hi}: it "
                               "changes sign between {a} and {b} (at about {x}, interpolated linearly).",
        "robust_crossing_many": "In the sweep of {parameter} over {lo} to {hi}{fixed}, the effect of {policy} on "
                                "{outcome} goes from {first} {first_ci} at {lo} to {last} {last_ci} at {hi} and "
                                "changes sign {k} times: {where} (interpolated linearly).",
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
                                "shape; dotted vertical lines mark where a mean changes sign (interpolated "
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
        "robust_limit_between": "{lo} < {parameter} ≤ {hi}",
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
        "robust_matters": "Het effect van {policy} op {outcome} hangt het meest af van {factors}.",
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
                               "{policy} op {outcome} van {first} {first_ci} bij {lo} naar {last} {last_ci} bij "
                               "{hi}: het wisselt van teken tussen {a} en {b} (bij ongeveer {x}, lineair "
                               "geïnterpoleerd).",
        "robust_crossing_many": "In de verkenning van {parameter} over {lo} tot {hi}{fixed} gaat het effect van "
                                "{policy} op {outcome} van {first} {first_ci} bij {lo} naar {last} {last_ci} bij "
                                "{hi} en wisselt {k} keer van teken: {where} (lineair geïnterpoleerd).",
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
                                "beleidsvariant de uitkomst. Elke beleidsvariant heeft een eigen symboolvorm; "
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
        "robust_limit_between": "{lo} < {parameter} ≤ {hi}",
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
