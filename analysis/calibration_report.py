"""The calibration report (Markdown) from the data ``carenet calibrate`` writes to ``calibration.json``.

:func:`render_markdown` is a pure function of that data, so the committed ``docs/calibration.md`` can be
re-rendered from ``docs/calibration.json`` without re-running the calibration.
"""

from __future__ import annotations

import math
from typing import Any

#: Why a target can be missed, keyed by target; formatted with the numbers in :func:`_facts`.
WHY = {
    "carer_care_hours_per_week": (
        "Carers' hours are presence, practical tasks, *gebruikelijke zorg* and filling gaps "
        "(`sim.processes.delivery.carers_share`); the presence scale (the co-resident primary carer), the practical "
        "tasks scale (every carer) and the availability move them. More hours mean more strain, and a carer who "
        "burns out may drop out, so heavy carers leave the count: with every other value at the fit, presence and "
        "practical tasks at the top of their ranges (twice the documented hours) give {tasks_hours} per active "
        "carer-week, {tasks_8h} of carer-weeks with 8 hours or more (probe below), against CBS's {target} and "
        "36%. CBS's figure is for all 1.9 million Dutch carers, most of whom give a few hours to someone with one "
        "need; secondary carers, who give a quarter of a primary carer's hours and no presence, count as carers "
        "here."),
    "carer_share_8h_or_more": (
        "Same mechanisms as the mean hours: with presence and practical tasks at the top of their ranges the share "
        "of carer-weeks with 8 hours or more is {tasks_8h}."),
    "carer_share_overburdened": "{burden}",
    "carer_share_very_heavy": "{burden}",
    "carer_share_fairly_heavy": "{burden}",
    "discharge_letter_gp_complete": (
        "The letter's completeness mixes linked systems (`handover.digital_complete`, not calibratable) and letters "
        "or calls (`handover.paper_complete`, bounded below by its plausible range); the more systems are linked "
        "(to meet the digital-handover figure), the lower `paper_complete` must go."),
    "handover_digital_share": (
        "Structural: organisations are per role, so every handover between two professionals crosses "
        "organisations and the expected digital share equals `systems_connected`."),
    "plan_posts_share": (
        "Structural: each post joins the plan with probability `connected_share`, so the share equals the "
        "parameter up to sampling noise."),
    "consent_share": (
        "Structural check: each client consents with probability `consent_share` (not calibratable); the share "
        "equals the parameter up to sampling noise."),
    "discharge_medication_complete_share": (
        "This outcome counts every discharge medication item (to the GP, the pharmacist, the district nurse and the "
        "carer) that arrived complete *and in time* by any channel. The carer's item travels in person (the "
        "discharge talk with the carer present, the district nurse's transfer visit) or by letter when the "
        "specialist involves the carer; the district nurse's item often depends on the client or carer carrying "
        "it. It is not what Uitvlugt measured (the letter to the GP, fitted above). With "
        "`handover.carrier_complete` at the bottom of its range ({carrier_lo_value}) the outcome is {carrier_lo}, "
        "at the top ({carrier_hi_value}) {carrier_hi}: {carrier_verdict} `handover.carrier_complete` is therefore "
        "not fitted and keeps its documented value."),
}


def _pct(v: float | None, digits: int = 1) -> str:
    return "n/a" if v is None else f"{100 * v:.{digits}f}%"


def _val(v: float | None, unit: str) -> str:
    if v is None:
        return "n/a"
    return f"{v:.1f} h" if unit == "hours/week" else _pct(v)


def _status(target: dict, summary: dict) -> tuple[str, bool]:
    """('met' | 'not met (+x%)' | ...) and whether it is met: the 95% range of single runs overlaps the published
    figure's rounding interval (63% stands for 62.5-63.5%)."""
    mean, lo, hi = summary.get("mean"), summary.get("lo"), summary.get("hi")
    if mean is None:
        return "no value", False
    res = target.get("resolution", 0.0)
    if lo <= target["value"] + res and hi >= target["value"] - res:
        return "met", True
    return f"**not met** ({relative_error(target, summary):+.0%})", False


def relative_error(target: dict, summary: dict) -> float | None:
    """The simulated mean's error relative to the published figure, ``(mean - value) / value``; None without a
    mean."""
    mean = summary.get("mean")
    return None if mean is None else (mean - target["value"]) / target["value"]


def _facts(data: dict) -> dict[str, str]:
    probes = data.get("probes", {})
    top = probes.get("availability_at_upper_bound", {}).get("stats", {})
    tasks = probes.get("tasks_at_upper_bound", {}).get("stats", {})
    lo = probes.get("carrier_complete_low", {})
    hi = probes.get("carrier_complete_high", {})
    hi_share = hi.get("stats", {}).get("discharge_medication_complete_share")
    lo_share = lo.get("stats", {}).get("discharge_medication_complete_share")
    if lo_share is not None and hi_share is not None and lo_share <= 0.63 <= hi_share:
        lo_v, hi_v = lo.get("values", {}).get("handover.carrier_complete"), hi.get("values", {}).get(
            "handover.carrier_complete")
        needed = lo_v + (0.63 - lo_share) / (hi_share - lo_share) * (hi_v - lo_v) if hi_share > lo_share else lo_v
        verdict = (f"matching 63% would need `carrier_complete` near {needed:.2f} (linear between the two probes), "
                   "but the outcome is a check, not what Uitvlugt measured.")
    elif hi_share is not None and hi_share < 0.63:
        verdict = ("even a client or carer who passes medication on more completely than most letters does not "
                   "bring this outcome to 63%; fitting `carrier_complete` to it would only push it to its bound, "
                   "against the direction of Uitvlugt's second figure (16% of GP medication overviews complete "
                   "two weeks later).")
    else:
        verdict = ("matching 63% would need a client or carer who passes medication on about as completely as a "
                   "letter, against the direction of Uitvlugt's second figure (16% of GP medication overviews "
                   "complete two weeks later).")
    carers = data.get("blocks", {}).get("carers", {}).get("at_fitted", {})
    errs = carers.get("squared_relative_errors", {})
    weights = {t["key"]: t.get("weight", 1.0) for t in data.get("targets", [])}
    rel = {k: math.copysign(math.sqrt(v / weights.get(k, 1.0)), carers["means"][k] - _target(data, k))
           for k, v in errs.items() if k in carers.get("means", {})}
    solved = [p for p in data.get("blocks", {}).get("carers", {}).get("parameters", []) if "solved_tail" in p]
    bounded = [f"`{p['name']}` at {p['fitted']:g}" for p in solved
               if math.isclose(p["fitted"], p["lo"]) or math.isclose(p["fitted"], p["hi"])]
    burden = ("The three thresholds are solved as quantiles of the simulated strain of active carer-weeks (relative "
              "errors on the fit seeds at the written values: "
              + ", ".join(f"{k.replace('carer_share_', '')} {v:+.0%}" for k, v in rel.items()
                          if k.startswith("carer_share_") and "8h" not in k)
              + "). "
              + (f"Bounded by its plausible range: {', '.join(bounded)}. " if bounded else
                 "No threshold is at a bound of its plausible range; what remains is the feedback of the "
                 "thresholds on the strain (burnout and dropout, a noticed overload) after the last round. ")
              + f"Shares around 1% rest on few carers at a time in a {data['settings']['n_clients']:,}-client "
                "municipality, so single runs scatter (see the range). See also the caveat on the population below.")
    return {
        "burden": burden,
        "carrier_verdict": verdict,
        "ceiling_hours": _val(top.get("carer_care_hours_per_week"), "hours/week"),
        "ceiling_8h": _pct(top.get("carer_share_8h_or_more")),
        "tasks_hours": _val(tasks.get("carer_care_hours_per_week"), "hours/week"),
        "tasks_8h": _pct(tasks.get("carer_share_8h_or_more")),
        "tasks_heavy": _pct(tasks.get("carer_share_heavily_burdened")),
        "carrier_hi": _pct(hi.get("stats", {}).get("discharge_medication_complete_share")),
        "carrier_lo": _pct(lo.get("stats", {}).get("discharge_medication_complete_share")),
        "carrier_hi_value": f"{hi.get('values', {}).get('handover.carrier_complete', float('nan')):g}",
        "carrier_lo_value": f"{lo.get('values', {}).get('handover.carrier_complete', float('nan')):g}",
    }


def _target(data: dict, key: str) -> float:
    return next(t["value"] for t in data["targets"] if t["key"] == key)


def _fmt_num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def target_rows(data: dict) -> list[dict]:
    """One row per target: published value, simulated mean and 95% range at the fitted values, before, status,
    whether it is met and the relative error of the mean (:func:`relative_error`)."""
    after = data["validation"]["fitted"]
    before = data["validation"]["documented"]
    rows = []
    for t in data["targets"]:
        s = after.get(t["key"], {})
        status, met = _status(t, s)
        if t["block"] is None:
            status = ("check: " + status.replace("**", "")) if s else "check"
        rows.append({"target": t, "after": s, "before": before.get(t["key"], {}), "status": status, "met": met,
                     "relative_error": relative_error(t, s)})
    return rows


def render_markdown(data: dict, summary_only: bool = False) -> str:
    """The report. ``summary_only``: just the target table and the fitted values (for the terminal)."""
    rows = target_rows(data)
    lines = [] if summary_only else _introduction(data)
    lines += _targets_section(data, rows, summary_only)
    lines += _fitted_section(data, summary_only)
    if summary_only:
        return "\n".join(lines)
    lines += _fitted_note(data)
    lines += _objective_section(data)
    facts = _facts(data)
    lines += _unmet_section(rows, facts)
    lines += _checks_section(data, rows, facts)
    lines += _caveats_section(data)
    lines += _probes_section(data)
    lines += _settings_section(data)
    return "\n".join(lines)


def _introduction(data: dict) -> list[str]:
    """Title, how the report was made, and how to read the target table."""
    st = data["settings"]
    return [
        "# Calibration",
        "",
        f"Generated by `carenet calibrate {data['scenario']} --seed {data['seed']}` on {data['date']} "
        f"({data['wall_time_seconds']:.0f} s wall time, {st['workers']} worker process(es)) from "
        "`experiments/calibration/`; the data are in `calibration.json` next to this file. Do not edit by hand: "
        f"re-run the command, or check that it reproduces the committed values with `carenet calibrate "
        f"{data['scenario']} --seed {data['seed']} --check`.",
        "",
        "Each published figure is compared with one defined statistic of the "
        f"`{data['scenario']}` scenario ({st['n_clients']:,} clients). *Outcome* statistics come from "
        "`sim.outcomes`; *extra* statistics are computed in `experiments/calibration/statistics.py` from the model object "
        "(weekly carer hours while stepping; the event log joined with the organisations' system links; the "
        "network at set-up). Simulated values are the mean over "
        f"{st['validate_replicates']} fresh replicate runs ({st['years']:g} years, seeds "
        f"{st['validation_seeds'][0]}-{st['validation_seeds'][-1]}, not used in the fit) and the 95% range of "
        "single runs (2.5th-97.5th percentile); *documented* is the same at the values before calibration "
        "(`sim/parameters.py`). A target is *met* when the 95% range of single runs reaches the published figure "
        "(taken with its rounding: 1.4% stands for 1.35-1.45%).",
        "",
        "## Targets",
        "",
    ]


def _targets_section(data: dict, rows: list[dict], summary_only: bool) -> list[str]:
    """The target table: published figure against the simulated statistic; then (full report) the statistics."""
    lines = ["| target | published | source | statistic | fitted by | simulated (95% range of runs) | "
             "documented values | status |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        t, a, b = r["target"], r["after"], r["before"]
        rng = f"{_val(a.get('mean'), t['unit'])} ({_val(a.get('lo'), t['unit'])} – {_val(a.get('hi'), t['unit'])})"
        lines.append("| " + " | ".join([
            t["label"], _val(t["value"], t["unit"]), t["source"], f"`{t['key']}` ({t['kind']})",
            t["block"] or "check only", rng, _val(b.get("mean"), t["unit"]), r["status"]]) + " |")
    lines.append("")
    if not summary_only:
        lines += ["Statistics:", ""]
        for t in data["targets"]:
            lines.append(f"- `{t['key']}` ({t['kind']}): {t['statistic']}.")
        lines.append("")
    return lines


def _fitted_section(data: dict, summary_only: bool) -> list[str]:
    """The fitted values: documented, fitted (written) and search range of each parameter."""
    lines = ["## Fitted parameters" if not summary_only else "Fitted values:", ""]
    lines += ["| parameter | documented | fitted (written) | search range | block |", "| --- | --- | --- | --- | --- |"]
    for name, res in data["blocks"].items():
        for p in res["parameters"]:
            if "solved_tail" in p:
                f = p["fields"][0]
                lines.append(f"| `{f}` | {p['start']:g} | {data['fitted'][f]:g} | solved: the strain "
                             f"{_pct(p['solved_tail'])} of carer-weeks reach (within {p['lo']:g} – {p['hi']:g}) | "
                             f"{name} |")
            elif p["base"]:
                lines.append(f"| {p['name']} | 1 | {p['fitted']:.3f} | {p['lo']:g} – {p['hi']:g} | {name} |")
                for f, base in zip(p["fields"], p["base"]):
                    lines.append(f"| `{f}` | {base:g} | {data['fitted'][f]:g} | {base * p['lo']:g} – "
                                 f"{base * p['hi']:g} | {name} |")
            else:
                f = p["fields"][0]
                lines.append(f"| `{f}` | {p['start']:g} | {data['fitted'][f]:g} | {p['lo']:g} – {p['hi']:g} | {name} |")
    lines.append("")
    return lines


def _fitted_note(data: dict) -> list[str]:
    """Where the fitted values were written, and how they were rounded."""
    lines: list[str] = []
    if data.get("scenario_file"):
        lines += [f"The fitted values are written into `{data['scenario_file']}` as ordinary fields, each with a "
                  "`[provenance]` entry \"calibrated to ... by carenet calibrate, seed S, DATE\", so the parameter "
                  "table (`docs/parameters.md`, `docs/scenarios.md`, a run's `provenance.json`) names the "
                  "calibration as their source.", ""]
    lines += ["Fitted by differential evolution and a Nelder-Mead polish; the strain thresholds are solved, not "
              "searched: before the search and again at its result, a fixed point of rounds that run the model at "
              "the current thresholds and set each to the quantile of the pooled strain of active carer-weeks at "
              "which its published share begins (during the search the shares are read at each evaluation's own "
              "quantiles); the block is then refined by a second Nelder-Mead polish at the re-solved thresholds, "
              "and the thresholds are solved once more. The values written are rounded (hours to 0.1, the rest to 3 or "
              "4 decimals) and all intervals above are at the rounded values. `handover.carrier_complete` is marked "
              "calibratable but not fitted (see the check on `discharge_medication_complete_share`).", ""]
    return lines


def _objective_section(data: dict) -> list[str]:
    """The objective, each block's search and its misfit at the written values."""
    st = data["settings"]
    lines = ["## Objective", "",
             "Per block: the sum over its targets of the squared relative error of the replicate mean (the two "
             "hours targets at weight " + ", ".join(sorted({f"{t.get('weight', 1):g}" for t in data["targets"]
                                                            if t.get("weight", 1) != 1}) or ["1"])
             + "; all others 1), plus "
             f"{st['prior_weight']:g} x the squared distance of each parameter from its documented value in units "
             "of its search range (a weak pull that picks one point where several fit equally well). Values on "
             f"the fit seeds ({', '.join(str(s) for s in st['fit_seeds'])}), at the written values.", "",
             "| block | parameters | targets | runs per evaluation | evaluations (polish) | objective after "
             "evolution | objective after polish | misfit at written values | pull | seconds |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, res in data["blocks"].items():
        fit = res["at_fitted"]
        runs = f"{len(res['fit_seeds'])} x " + ("set-up" if res["years"] is None else f"{res['years']:g} y") + \
            f", policy {res['policy']}"
        lines.append("| " + " | ".join([
            name, str(len(res["parameters"])), ", ".join(f"`{k}`" for k in res["targets"]), runs,
            f"{res.get('evaluations', 'skipped')} ({res.get('polish_evaluations', 0)})",
            _fmt_num(res.get("de_objective", float("nan"))),
            _fmt_num(res.get("objective", float("nan"))) if res.get("polish_evaluations") else "",
            _fmt_num(fit["misfit"]), _fmt_num(fit["prior"]), str(res.get("seconds", ""))]) + " |")
    lines.append("")
    lines += ["Weighted squared relative errors at the written values (fit seeds):", ""]
    for name, res in data["blocks"].items():
        errs = res["at_fitted"]["squared_relative_errors"]
        lines.append(f"- {name}: " + ", ".join(f"`{k}` {v:.4f}" for k, v in errs.items()))
    lines += ["", "Best objective per generation of differential evolution: " + "; ".join(
        f"{name} " + ", ".join(f"{h:.4f}" for h in res.get("history", [])) for name, res in data["blocks"].items())
        + "."]
    for name, res in data["blocks"].items():
        hist = res.get("polish_history") or []
        if hist:
            best = [min(hist[: i + 1]) for i in range(len(hist))]
            lines.append(f"Best objective in the {name} polish, every 5 evaluations: "
                         + ", ".join(f"{b:.4f}" for b in best[4::5]) + ".")
    for name, res in data["blocks"].items():
        hist = res.get("second_polish_history") or []
        if hist:
            best = [min(hist[: i + 1]) for i in range(len(hist))]
            lines.append(f"Best objective in the {name} second polish (at the re-solved thresholds), every 5 "
                         "evaluations: " + ", ".join(f"{b:.4f}" for b in best[4::5]) + ".")
        for key, when in (("thresholds_before_search", "before the search"),
                          ("thresholds_after_search", "after the search"),
                          ("thresholds_after_second_polish", "after the second polish (written)")):
            rounds = res.get(key) or []
            if rounds:
                lines.append(f"Solved thresholds ({name}) by round, {when}: " + "; ".join(
                    ", ".join(f"{k.split('.')[-1]} {v:g}" for k, v in r.items()) for r in rounds) + ".")
    lines.append("")
    return lines


def _unmet_section(rows: list[dict], facts: dict[str, str]) -> list[str]:
    """The fitted targets whose 95% range misses the published figure, grouped by reason (:data:`WHY`)."""
    lines = ["## Targets the model does not meet, and why", ""]
    unmet = [r for r in rows if not r["met"] and r["target"]["block"] is not None]
    if not unmet:
        lines += ["Every fitted target lies in the 95% range of single runs.", ""]
    groups: dict[str, list[dict]] = {}
    for r in unmet:  # targets with the same reason share one paragraph
        text = WHY.get(r["target"]["key"], "").format(target=_val(r["target"]["value"], r["target"]["unit"]), **facts)
        groups.setdefault(text, []).append(r)
    for text, members in groups.items():
        lines.append("- " + "; ".join(
            f"**{r['target']['label']}** ({_val(r['target']['value'], r['target']['unit'])}; simulated "
            f"{_val(r['after'].get('mean'), r['target']['unit'])})" for r in members) + ": " + text)
    lines.append("")
    return lines


def _checks_section(data: dict, rows: list[dict], facts: dict[str, str]) -> list[str]:
    """The targets reported as checks, the structural targets, and the realised (not expected) handover shares."""
    lines = ["## Checks and structural targets", ""]
    for key in ("discharge_medication_complete_share", "plan_posts_share", "consent_share"):
        r = next(r for r in rows if r["target"]["key"] == key)
        t = r["target"]
        lines.append(f"- **{t['label']}** ({_val(t['value'], t['unit'])}, {t['source']}; simulated "
                     f"{_val(r['after'].get('mean'), t['unit'])}, range {_val(r['after'].get('lo'), t['unit'])} – "
                     f"{_val(r['after'].get('hi'), t['unit'])}): " + WHY[key].format(**facts))
    real = data["validation"]["fitted"]
    for key, label in (("handover_digital_share", "digital handovers"),
                       ("discharge_letter_gp_complete", "complete discharge letters")):
        r = real.get(key + "_realised", {})
        if r.get("mean") is not None:
            lines.append(f"- **Realised {label}.** The fitted statistic takes the expected link over its draw (1 "
                         "within an organisation, `systems_connected` between two), because a municipality has "
                         "only a few dozen organisation pairs and one run's share depends mostly on which were "
                         f"drawn. With the links as drawn, single runs give {_pct(r['mean'])} on average, 95% range "
                         f"{_pct(r['lo'])} – {_pct(r['hi'])}.")
    lines.append("")
    return lines


def _caveats_section(data: dict) -> list[str]:
    """What the fit does not settle: populations, steady state, structural targets, identification, budget."""
    st = data["settings"]
    after = data["validation"]["fitted"]
    years = [k for k in after if k.startswith("year") and k.endswith("_carer_share_fairly_heavy")]
    years.sort(key=lambda k: int(k[4:k.index("_")]))
    return [
        "## Caveats", "",
        "- **Different populations.** CBS's burden shares and hours are for all Dutch carers (13% of adults), most "
        "of whom care a few hours for someone with one need. The model's carers care for people with multiple needs "
        "at home, who are heavier (SCP 2012: carers giving many hours and carers of people with psychiatric "
        "problems are more often heavily burdened). Fitting them to the national shares makes the model's carers "
        "*as* burdened as the average Dutch carer: read the calibrated burden as a lower bound for this population.",
        "- **Steady state.** Every run first simulates the scenario's warm-up (`warmup_years`) and records only the "
        "weeks after it; the population is open (clients leave and enter, carers are replaced), so the burden "
        "shares are stationary (`carenet validate`, docs/validation.md). The carer block is fitted on runs of the "
        f"scenario's own length ({st['years']:g} years after the warm-up); the handover block on short runs "
        "without a warm-up (its statistics depend on the network and the item mix only). "
        "Fairly heavily burdened by year at the fitted values: " + ", ".join(
            f"year {k[4:k.index('_')]} {_pct(after[k]['mean'])}" for k in years) + ".",
        "- **Structural targets.** The digital-handover (20%), plan participation (21%) and consent (60%) figures "
        "set their parameters almost directly (organisations are per role, so the expected digital share of "
        "handovers between professionals *is* `systems_connected`; posts join the plan and clients consent with "
        "the parameter as probability): the simulated shares only confirm the parameter values up to sampling "
        "noise. The discharge-letter figure then fixes `paper_complete` given the linked share.",
        "- **Identification.** The three thresholds are solved from the three burden shares; the strain itself "
        "is in arbitrary units, so the care and regelwerk loads set its scale and the searched values are one "
        "point on a ridge (loads against thresholds), chosen by the weak pull towards the documented values and "
        "by the thresholds' plausible ranges. Presence, practical tasks and availability move the two hours "
        "targets. Sensitivity analysis should vary the loads and the thresholds together.",
        f"- **Budget.** {st['replicates']} common-random-number replicates per evaluation, a few generations of "
        "differential evolution per block and a short Nelder-Mead polish keep the run to "
        "minutes on two cores; the fit is reproducible with the same seed, not a global optimum to the last "
        "digit. Intervals are over fresh seeds, so they include the chance of the fit seeds.",
        "",
    ]


def _probes_section(data: dict) -> list[str]:
    """The probe runs: statistics at values other than the fitted ones."""
    lines = ["## Probes", ""]
    for name, pr in data.get("probes", {}).items():
        vals = ", ".join(f"`{k}` = {v:g}" for k, v in pr["values"].items())
        s = pr["stats"]
        lines.append(f"- {name} ({vals}; other values as fitted; {len(pr['seeds'])} fit seeds, "
                     f"{pr['years']:g} years): hours {_val(s.get('carer_care_hours_per_week'), 'hours/week')}, "
                     f">= 8 h {_pct(s.get('carer_share_8h_or_more'))}, discharge medication complete "
                     f"{_pct(s.get('discharge_medication_complete_share'))}, heavily burdened "
                     f"{_pct(s.get('carer_share_heavily_burdened'))}.")
    return lines


def _settings_section(data: dict) -> list[str]:
    """The settings of the run: size, optimiser, seeds and package versions."""
    st = data["settings"]
    return ["", "## Settings", "",
            f"- scenario `{data['scenario']}`, {st['n_clients']:,} clients; carer block and validation "
            f"{st['years']:g} years, handover block {st['handover_years']:g} year(s), plan block set-up only",
            f"- optimiser: {st['optimiser']}; seed {data['seed']}; generations per block "
            + ", ".join(f"{k} {v}" for k, v in st['maxiter'].items()) + "; Nelder-Mead polish evaluations "
            + ", ".join(f"{k} {v}" for k, v in st['polish'].items())
            + "".join(f"; second polish at the re-solved thresholds {k} {v}"
                      for k, v in st.get("second_polish", {}).items()),
            f"- fit seeds {st['fit_seeds']}; validation seeds {st['validation_seeds']}",
            "- versions: " + ", ".join(f"{k} {v}" for k, v in data.get("versions", {}).items()),
            ""]
