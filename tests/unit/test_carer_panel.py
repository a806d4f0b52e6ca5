"""The per-carer panel (carer place x month, ``sim.observe.CarerPanel``): its hours add up to the per-week series,
its ``coordinated`` column is the client's regiebehandelaar, and a subgroup comparison needs nothing else."""

from __future__ import annotations

import pytest

from sim import vocabulary as V
from sim.model import CareNetworkModel


@pytest.fixture(scope="module")
def model():
    return CareNetworkModel(seed=3, n_clients=300, years=1, warmup_years=0.5, policy="regiebehandelaar",
                            mesa_agents=False, carer_panel=True).run()


def test_the_panels_hours_add_up_to_the_series(model):
    panel, totals = model.carer_panel_frame(), model.series.totals()
    for kind in ("usual", "gap", "presence", "practical", "care", "regelwerk"):
        assert (panel[f"{kind}_hours"] * panel["weeks_active"]).sum() == pytest.approx(
            totals[f"carer_{kind}_hours"].sum(), rel=1e-5), kind
    assert panel["month"].min() == 0 and panel["month"].max() == 11  # 52 weeks: 12 months
    assert set(panel["category"].cat.categories) == set(V.STRAIN_CATEGORIES)


def test_coordinated_is_the_clients_regiebehandelaar_and_allows_a_subgroup_analysis(model):
    panel = model.carer_panel_frame()
    last = panel[panel["month"] == panel["month"].max()]
    assert (last["coordinated"].to_numpy() == (model.net.coordinator[last["client"].to_numpy()] >= 0)).all()
    by_group = panel.groupby("coordinated")["regelwerk_hours"].mean()
    assert set(by_group.index) == {False, True}  # both subgroups are there to compare


def test_a_model_without_a_panel_says_so():
    m = CareNetworkModel(seed=3, n_clients=50, years=0.1, warmup_years=0, mesa_agents=False)
    with pytest.raises(ValueError, match="carer_panel=True"):
        m.carer_panel_frame()
