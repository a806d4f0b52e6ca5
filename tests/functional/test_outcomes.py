"""Outcomes: ranges, consistency, computed only from the recorded observations through additive tallies
(tallies of independent models add up to the tallies of both together); Mesa conventions."""

from __future__ import annotations

import inspect
import math
from types import SimpleNamespace

import mesa
import numpy as np
import pandas as pd
import pytest

import sim
from sim import CareNetworkModel, run_model
from sim import vocabulary as V
from sim.agents import CarerAgent, ClientAgent, ProfessionalAgent
from sim.observe import DETAIL_NAMES, ROLE_NAMES
from sim.outcomes import (HEADLINE, OUTCOME_NAMES, SUM_TALLIES, TALLY_NAMES, add_tallies, compute_outcomes,
                          compute_tallies, outcomes_from_records, outcomes_from_tallies, sum_tallies,
                          tallies_from_records)


@pytest.fixture(scope="module")
def model():
    """A default-scenario run: 200 clients, 2 years, no policy."""
    return CareNetworkModel(seed=2, years=2, n_clients=200, mesa_agents=False).run()


@pytest.fixture(scope="module")
def outcomes(model):
    return model.outcomes()


def finite(outcomes: dict) -> dict:
    return {k: v for k, v in outcomes.items() if not (isinstance(v, float) and math.isnan(v))}


# --------------------------------------------------------------------------- ranges


def test_headline_outcomes_are_finite(outcomes):
    for key in HEADLINE:
        assert math.isfinite(outcomes[key]), key


def test_shares_are_fractions(outcomes):
    shares = {k: v for k, v in finite(outcomes).items() if k.endswith("_share") or "_share_" in k}
    assert len(shares) > 15
    for key, value in shares.items():
        assert 0.0 <= value <= 1.0 + 1e-12, (key, value)


def test_rates_counts_and_costs_are_not_negative(outcomes):
    for key, value in finite(outcomes).items():
        assert value >= 0, (key, value)


def test_theme_scores_are_0_to_100(outcomes):
    themes = {k: v for k, v in outcomes.items() if k.startswith("theme_")}
    assert set(themes) == {"theme_client_central", "theme_informal_care", "theme_integrated_care", "theme_safety"}
    for key, value in themes.items():
        assert 0.0 <= value <= 100.0, (key, value)


def test_category_shares_add_up(outcomes):
    """The four survey categories, the four complaint ends and the channel split each add up."""
    cats = [outcomes[f"carer_share_{c}"] for c in V.STRAIN_CATEGORIES]
    assert sum(cats) == pytest.approx(1.0)
    assert outcomes["carer_share_heavily_burdened"] == pytest.approx(1.0 - cats[0])
    ends = [outcomes[f"complaint_fate_{e}_share"] for e in V.COMPLAINT_ENDS]
    assert sum(ends) == pytest.approx(1.0)
    assert outcomes["unanswered_complaint_share"] == pytest.approx(ends[2] + ends[3])
    delivered = sum(outcomes[f"handover_delivered_by_{c}_share"] for c in V.CHANNELS if c != "none")
    assert delivered == pytest.approx(1.0 - outcomes["handover_failure_share"])
    by_channel = sum(outcomes[f"handover_failures_channel_{c}_per_100_transitions"] for c in V.CHANNELS)
    assert by_channel == pytest.approx(outcomes["handover_failures_per_100_transitions"])
    payers = sum(outcomes[f"cost_{p}_per_client_year"] for p in ("zvw", "wlz", "wmo", "jeugdwet"))
    assert payers == pytest.approx(outcomes["cost_payers_per_client_year"])


# --------------------------------------------------------------------------- outcomes from the records only


def arrays_from_frame(frame: pd.DataFrame) -> dict:
    """Event-log columns rebuilt from the labelled DataFrame (codes looked up by name, not by category order)."""
    event = frame["event"].astype(str).map(V.EVENT).to_numpy(np.int8)
    labels = frame["detail"].astype(object).to_numpy()
    detail = np.zeros(len(frame), np.int16)
    for name, names in DETAIL_NAMES.items():
        sel = event == V.EVENT[name]
        index = {label: i for i, label in enumerate(names)}
        detail[sel] = [index[label] for label in labels[sel]]

    def codes(column, names):
        index = {label: i for i, label in enumerate(names)}
        return np.array([index.get(x, -1) for x in frame[column].astype(object)], np.int8)

    return {
        "week": frame["week"].to_numpy(), "day": frame["day"].to_numpy(), "client": frame["client"].to_numpy(),
        "event": event, "detail": detail, "actor": frame["actor"].to_numpy(), "target": frame["target"].to_numpy(),
        "role": codes("role", ROLE_NAMES), "channel": codes("channel", V.CHANNELS),
        "value": frame["value"].to_numpy(), "ref": frame["ref"].to_numpy(),
    }


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        (isinstance(a[k], float) and math.isnan(a[k]) and math.isnan(b[k])) or a[k] == pytest.approx(b[k], rel=1e-12)
        for k in a)


def test_outcomes_recomputed_from_the_event_frame_match(model, outcomes):
    """Feeding the DataFrame of ``model.events()`` (turned back into codes) and the series totals to
    ``outcomes_from_records`` gives exactly ``model.outcomes()``."""
    frame = model.events()
    rebuilt = arrays_from_frame(frame)
    for key, column in model.log.arrays().items():
        assert np.array_equal(rebuilt[key], column, equal_nan=key in ("day", "value")), key
    assert same(outcomes_from_records(rebuilt, model.series.totals()), outcomes)


def test_outcomes_need_nothing_but_log_and_series(model, outcomes):
    """compute_outcomes sees only the log and the series: agent state plays no part."""
    records_only = SimpleNamespace(log=model.log, series=model.series)
    assert same(compute_outcomes(records_only), outcomes)


def test_handover_failure_count_equals_failed_events(model, outcomes):
    ev = model.events()
    failed = int((ev["event"] == "handover_failed").sum())
    delivered = int((ev["event"] == "handover_delivered").sum())
    transitions = int((ev["event"] == "transition").sum())
    assert outcomes["handover_failures"] == failed > 0
    assert outcomes["handover_items"] == failed + delivered
    assert outcomes["transitions"] == transitions
    assert outcomes["handover_failures_per_100_transitions"] == pytest.approx(100 * failed / transitions)
    assert outcomes["complaints_filed"] == int((ev["event"] == "complaint_filed").sum())
    assert outcomes["carer_burnouts"] == int((ev["event"] == "burnout").sum())


def test_outcomes_follow_new_records(model):
    """The outcome cache is keyed on the log: a new event changes the outcomes."""
    m = CareNetworkModel(seed=3, years=0.2, n_clients=50, mesa_agents=False).run()
    before = m.outcomes()["handover_failures"]
    m.log.record("handover_failed", np.array([0]), detail=V.MEDICATION, channel=V.NO_CHANNEL)
    assert m.outcomes()["handover_failures"] == before + 1


# --------------------------------------------------------------------------- additive tallies


def combined_records(a, b) -> tuple[dict, dict]:
    """The records of two independent models as if they were one: event logs concatenated (b's clients, posts or
    carers and transition or complaint ids offset past a's, so nothing collides), series added week by week."""
    la, lb = a.log.arrays(), b.log.arrays()
    offsets = {name: int(max(la[name].max(initial=-1), lb[name].max(initial=-1))) + 1
               for name in ("client", "actor", "target", "ref")}
    log = {}
    for name, column in la.items():
        other = lb[name]
        if name in offsets:  # -1 means none and stays -1
            other = np.where(other >= 0, other.astype(np.int64) + offsets[name], other).astype(column.dtype)
        log[name] = np.concatenate([column, other])
    sa, sb = a.series.totals(), b.series.totals()
    weeks = max(len(sa["clients_home"]), len(sb["clients_home"]))
    pad = lambda x: np.pad(x, (0, weeks - len(x)))  # noqa: E731
    return log, {name: pad(sa[name]) + pad(sb[name]) for name in sa}


@pytest.fixture(scope="module")
def two_municipalities():
    """Two independent small models (different seeds), as two municipalities of one run."""
    return [CareNetworkModel(policy="stepped", seed=seed, years=1, n_clients=250, mesa_agents=False).run()
            for seed in (11, 13)]


def test_tallies_of_two_models_add_up_to_the_tallies_of_both_together(two_municipalities):
    """Summed tallies equal the tallies of the combined records (counts exactly, float sums to rounding), and the
    outcomes of the summed tallies equal the outcomes of the combined records: a tally that is a mean or a ratio
    (not additive) would fail here, since the two models differ."""
    a, b = two_municipalities
    ta, tb = compute_tallies(a), compute_tallies(b)
    # both parts use the paths whose outcomes are means or ratios of sums, and they differ
    for t in (ta, tb):
        assert t["burnout_spells"] > 0 and t["complaints_closed_answered"] > 0 and t["events_transition"] > 0
    oa, ob = outcomes_from_tallies(ta), outcomes_from_tallies(tb)
    for key in HEADLINE + ("time_to_burnout_weeks_mean", "time_to_answer_weeks_mean", "carer_share_heavily_burdened"):
        assert oa[key] != ob[key], key

    log, series = combined_records(a, b)
    summed = add_tallies(ta, tb)
    together = tallies_from_records(log, series)
    assert list(summed) == list(together) == list(TALLY_NAMES)
    for name in TALLY_NAMES:
        if name in SUM_TALLIES:
            assert summed[name] == pytest.approx(together[name], rel=1e-12, abs=1e-9), name
        else:
            assert summed[name] == together[name], name
    assert same(outcomes_from_tallies(summed), outcomes_from_records(log, series))
    assert same(outcomes_from_tallies(sum_tallies([ta, tb])), outcomes_from_tallies(summed))


def test_tallies_are_additive_types_and_give_the_outcomes():
    """Every tally is a plain finite int (counts) or float (sums), and tallies_from_records followed by
    outcomes_from_tallies is outcomes_from_records, here in a regiebehandelaar run whose complaint and
    coordination paths are used."""
    m = CareNetworkModel(policy="regiebehandelaar", seed=12, years=1, n_clients=150, mesa_agents=False).run()
    log, series = m.log.arrays(), m.series.totals()
    tallies = tallies_from_records(log, series)
    assert tuple(tallies) == TALLY_NAMES
    for name, value in tallies.items():
        assert type(value) is (float if name in SUM_TALLIES else int), (name, type(value))
        assert math.isfinite(value) and value >= 0, (name, value)
    assert tallies["series_coordination_hours"] > 0 and tallies["handover_delivered_channel_coordinator"] > 0
    assert tallies["events_complaint_filed"] > 0 and tallies["complaints_closed_answered"] > 0
    assert tallies["burnout_spells"] > 0
    outcomes = outcomes_from_tallies(tallies)
    assert tuple(outcomes) == OUTCOME_NAMES
    assert same(outcomes, outcomes_from_records(log, series))
    assert same(outcomes, m.outcomes())
    assert compute_tallies(m) == tallies


def test_adding_tallies_refuses_mismatched_names(two_municipalities):
    ta = compute_tallies(two_municipalities[0])
    fewer = {k: v for k, v in ta.items() if k != "burnout_spells"}
    with pytest.raises(ValueError, match="different keys.*'burnout_spells'"):
        add_tallies(ta, fewer)
    with pytest.raises(ValueError, match="different keys.*'extra'"):
        sum_tallies([ta, {**ta, "extra": 1}])
    with pytest.raises(ValueError, match="no tallies"):
        sum_tallies([])
    with pytest.raises(ValueError, match="'burnout_spells'"):
        outcomes_from_tallies(fewer)
    with pytest.raises(ValueError, match="finite"):
        add_tallies(ta, {**ta, "series_need_hours": float("nan")})
    doubled = sum_tallies([ta, ta])
    assert all(type(doubled[k]) is type(ta[k]) and doubled[k] == 2 * ta[k] for k in ta)


# --------------------------------------------------------------------------- Mesa conventions


def test_model_is_a_mesa_model_with_agent_views():
    """``from sim import CareNetworkModel`` is a ``mesa.Model``; its agents, by type, are as many as the
    network's clients, carers and posts, and their properties read the current arrays."""
    assert sim.CareNetworkModel is CareNetworkModel
    m = CareNetworkModel(seed=1, years=0.5, n_clients=100)
    assert isinstance(m, mesa.Model)
    by_type = m.agents_by_type
    assert len(by_type[ClientAgent]) == m.net.n_clients
    assert len(by_type[CarerAgent]) == m.net.n_carers
    assert len(by_type[ProfessionalAgent]) == m.net.n_posts

    client = next(a for a in by_type[ClientAgent] if a.index == 0)
    carer = next(a for a in by_type[CarerAgent] if a.index == 0)
    post = next(a for a in by_type[ProfessionalAgent] if a.index == 0)
    assert client.profile == V.PROFILES[m.net.profile[0]]
    assert client.members == {V.ROLES[r]: int(p) for r, p in enumerate(m.net.member[0]) if p >= 0}
    assert post.role == V.ROLES[m.net.post_role[0]]
    m.net.carer_strain[0] = 5.5
    m.net.base_need[0, V.SUPPORT] = 7.0
    m.net.extra_need[0, V.SUPPORT] = 1.0
    assert carer.strain == pytest.approx(5.5)
    assert client.need["support"] == pytest.approx(8.0)
    m.step()
    assert carer.strain == pytest.approx(float(m.net.carer_strain[0]))
    assert client.unmet_share == pytest.approx(float(m.net.unmet_share[0]))


def test_mesa_run_model_and_datacollector():
    """Mesa's own ``run_model`` runs to the end; the DataCollector holds the headline outcomes at the end."""
    m = CareNetworkModel(seed=1, years=0.3, n_clients=80, mesa_agents=False)
    m.run_model()
    assert not m.running and m.week == m.n_weeks
    frame = m.datacollector.get_model_vars_dataframe()
    last = frame.iloc[-1]
    for key in HEADLINE:
        assert same({key: float(last[key])}, {key: m.outcomes()[key]})


def test_a_run_without_collecting_keeps_every_record_and_outcome():
    """``run(collect=False)`` (the engines) skips the per-week measures and the DataCollector's rows, and nothing
    else: the event log, the series and the outcomes equal those of a collected run of the same seed."""
    kept = CareNetworkModel(seed=2, years=0.5, n_clients=150, mesa_agents=False).run()
    lean = CareNetworkModel(seed=2, years=0.5, n_clients=150, mesa_agents=False).run(collect=False)
    assert len(kept.datacollector.get_model_vars_dataframe()) == kept.n_weeks
    assert lean.datacollector.get_model_vars_dataframe().empty
    assert lean._collect  # collection is back on for later steps
    for name, column in kept.log.arrays().items():
        assert np.array_equal(column, lean.log.arrays()[name], equal_nan=True), name
    assert np.array_equal(kept.series.data, lean.series.data)
    assert same(kept.outcomes(), lean.outcomes())


def test_mesa_batch_run_gives_headline_outcomes():
    """``mesa.batch_run`` runs the model over policies and returns one row per run with the three headline
    outcomes. Mesa 3.3 takes replicates as ``iterations``; Mesa >= 3.4 as a list of seeds in ``rng``
    (``iterations`` is deprecated there)."""
    replicates = {"rng": [3]} if "rng" in inspect.signature(mesa.batch_run).parameters else {"iterations": 1}
    rows = mesa.batch_run(CareNetworkModel, parameters={"policy": ["none", "regiebehandelaar"], "n_clients": 100,
                                                        "years": 0.5},
                          max_steps=100, number_processes=1, data_collection_period=-1,
                          display_progress=False, **replicates)
    assert len(rows) == 2
    assert {r["policy"] for r in rows} == {"none", "regiebehandelaar"}
    for row in rows:
        for key in HEADLINE:
            assert key in row
        assert math.isfinite(row["handover_failures_per_100_transitions"])


def test_rng_argument_is_accepted_as_the_seed():
    """Mesa >= 3.5 passes ``rng=`` to the model; an integer rng acts as the seed."""
    a = CareNetworkModel(rng=5, years=0.2, n_clients=50, mesa_agents=False)
    b = CareNetworkModel(seed=5, years=0.2, n_clients=50, mesa_agents=False)
    assert a.seed == 5
    assert same(a.run().outcomes(), b.run().outcomes())


def test_run_model_returns_the_outcomes_dict():
    out = run_model(policy="stepped", seed=1, years=0.5, n_clients=80)
    assert isinstance(out, dict)
    for key in HEADLINE:
        assert key in out
    assert out["client_years"] == pytest.approx(80 * 26 / 52)
