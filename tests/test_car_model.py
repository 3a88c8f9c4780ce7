"""The car report's model, built without a kernel: to_model, the checks against the reports,
the vehicle classes' provenance and the rows of the report's tables."""

from __future__ import annotations

import dataclasses
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import vehicle as veh
from hyesan_analysis.model import vehicle_checks as checks
from hyesan_analysis.model import vehicle_classes as classes
from hyesan_analysis.reporting.authoring import formatting
from hyesan_analysis.reporting.authoring.registry import REPO_DIR
from hyesan_analysis.reporting.authoring.scenario import load_scenario
from hyesan_analysis.reporting.specs import car_unit_economics as car

TOL_CNY = 1e-9
DEFAULTS = car.SCHEMA.defaults()


def _model(**overrides: object) -> veh.CarUnitEconomics:
    return car.to_model(car.SCHEMA.validate(overrides))


# --- to_model ----------------------------------------------------------------------------


def test_default_world_known_answers() -> None:
    model = _model()
    at_2024, at_2025, _ = checks.against_reports(model.deal)
    assert model.pnl.margin_cny == pytest.approx(10_500, abs=TOL_CNY)
    assert at_2025.model_cny == pytest.approx(10_500, abs=TOL_CNY)
    assert at_2024.model_cny == pytest.approx(5_500, abs=TOL_CNY)
    # 10,500 - 72,500 * 10% * 20 / 365
    assert model.pnl.net_profit_cny == pytest.approx(10_102.739726027397, abs=TOL_CNY)
    assert model.deal.financing_days == 20  # 5 inspection + 10 approval + 5 to a buyer
    assert model.revenue_neutral_growth == pytest.approx(0.2, abs=1e-12)
    assert model.breakeven_sale_price_cny == pytest.approx(72_897.2602739726, abs=TOL_CNY)


def test_model_fields_carry_the_spec_names() -> None:
    model = _model()
    deal_fields = {f.name for f in dataclasses.fields(veh.VehicleDeal)}
    model_fields = {f.name for f in dataclasses.fields(veh.CarUnitEconomics)}
    days = {"inspection_days", "approval_days", "time_to_sale_days"}  # summed to financing_days
    for name, value in DEFAULTS.items():
        if name in deal_fields:
            assert getattr(model.deal, name) == value, name
        elif name in model_fields:
            assert getattr(model, name) == value, name
        else:
            assert name in days, f"{name} reaches no model field"


@given(
    waku=st.floats(min_value=0, max_value=80_000),
    purchase=st.floats(min_value=0, max_value=80_000),
    inspection=st.integers(min_value=0, max_value=365),
    approval=st.integers(min_value=0, max_value=365),
    to_sale=st.integers(min_value=0, max_value=730),
)
def test_to_model_passes_every_value_through(
    waku: float, purchase: float, inspection: int, approval: int, to_sale: int
) -> None:
    model = _model(
        waku_price_cny=waku,
        purchase_price_cny=purchase,
        inspection_days=inspection,
        approval_days=approval,
        time_to_sale_days=to_sale,
    )
    assert (model.deal.waku_price_cny, model.deal.purchase_price_cny) == (waku, purchase)
    assert model.deal.financing_days == inspection + approval + to_sale


def test_waku_2024_scenario_reproduces_the_2024_margin() -> None:
    scenario = load_scenario(REPO_DIR / "scenarios" / "car_waku_2024.yaml")
    model = car.to_model(car.SCHEMA.validate(scenario.parameters))
    assert model.pnl.margin_cny == pytest.approx(5_500, abs=TOL_CNY)


def test_financing_days_refuses_negative_days() -> None:
    assert veh.financing_days(5, 10, 5) == 20
    with pytest.raises(ValueError, match="approval_days"):
        veh.financing_days(5, -1, 5)


def test_car_model_refuses_a_sensitivity_range_outside_zero_one() -> None:
    with pytest.raises(ValueError, match="sensitivity_range"):
        dataclasses.replace(_model(), sensitivity_range=1.0)


def test_revenue_curve_meets_the_reference_at_the_growth_needed() -> None:
    model = _model(vehicles_per_year=1500)
    assert model.reference_revenue_cny == pytest.approx(30_000 * 1500, rel=1e-12)
    assert model.revenue_cny() == pytest.approx(25_000 * 1500, rel=1e-12)
    assert model.revenue_cny(model.revenue_neutral_growth) == pytest.approx(
        model.reference_revenue_cny, rel=1e-12
    )


# --- the model against the reports -------------------------------------------------------


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1e6), st.floats(-1e6, 1e6))
def test_lies_in_is_the_closed_interval_widened_by_the_tolerance(
    a: float, b: float, tol: float, x: float
) -> None:
    low, high = min(a, b), max(a, b)
    assert checks.lies_in(x, low, high, tol) == (low - tol <= x <= high + tol)
    assert checks.lies_in(low, low, high) and checks.lies_in(high, low, high)


def test_lies_in_refuses_an_upside_down_range() -> None:
    with pytest.raises(ValueError, match="above"):
        checks.lies_in(1.0, 2.0, 1.0)


def test_default_model_lies_inside_every_report() -> None:
    found = checks.against_reports(_model().deal)
    assert [c.inside for c in found] == [True, True, True]
    reported = [(c.reported_low.value, c.reported_high.value) for c in found]
    assert reported == [(5_000, 7_000), (10_000, 12_000), (77_500, 77_500)]
    assert found[2].model_cny == pytest.approx(77_500, abs=TOL_CNY)
    assert found[0].label == "Margin per used car at the 2024 waku (30,000 CNY)"


def test_a_dearer_car_falls_outside_the_reports() -> None:
    at_2024, at_2025, landed = checks.against_reports(_model(sale_price_cny=90_000).deal)
    assert at_2025.model_cny == pytest.approx(17_500, abs=TOL_CNY)
    assert not at_2024.inside and not at_2025.inside
    assert landed.inside  # the landed cost does not depend on the sale price
    fees = checks.against_reports(_model(other_fees_cny=1.0).deal)[2]
    assert not fees.inside  # one yuan more than the printed total


def test_the_2025_cut_reached_no_buyer() -> None:
    cut = checks.reported_waku_cut()
    assert cut.passthrough_to_buyers == 0.0
    assert (cut.waku_before.value, cut.waku_after.value) == (30_000, 25_000)
    assert cut.profit_rise_cny == pytest.approx(5_000)  # midpoints 6,000 -> 11,000
    moved = dataclasses.replace(cut, sale_after=dataclasses.replace(cut.sale_after, value=80_500))
    assert moved.passthrough_to_buyers == pytest.approx(0.5)


# --- vehicle classes ---------------------------------------------------------------------


def test_implied_purchase_prices_follow_from_the_sourced_figures() -> None:
    truck, moto = classes.USED_TRUCK, classes.MOTORCYCLE
    assert truck.purchase_price.basis == moto.purchase_price.basis == "implied"
    assert truck.purchase_price.value == pytest.approx(60_000 - 2_500 - 25_000 - 2_500)
    assert moto.purchase_price.value == pytest.approx(8_500 - 400 - 1_000 - 300)
    assert truck.purchase_price.detail == (
        "sale 60,000 (midpoint of 55,000–65,000) - reported profit 2,500 (midpoint of "
        "2,000–3,000) - waku 25,000 - transport 2,500 = 30,000"
    )
    assert moto.purchase_price.detail.endswith("- waku 1,000 - transport 300 = 6,800")


def test_class_figures_read_their_facts() -> None:
    waku = get_fact("waku_price_2025_cny").value
    for vc in (classes.USED_CAR, classes.NEW_CAR, classes.USED_TRUCK):
        assert vc.waku_price.value == waku, vc.key
        assert "waku_price_2025_cny" in (vc.waku_price.fact_id or vc.waku_price.detail)
    assert classes.USED_TRUCK.sale_price.fact_id == "used_truck_price_2025_cny"
    assert classes.MOTORCYCLE.sale_price.value == get_fact("used_motorcycle_price_2025_cny").value
    assert classes.NEW_CAR.bases == ("assumed",)
    assert classes.USED_CAR.bases == ("sourced",)
    assert classes.USED_TRUCK.bases == ("assumed", "implied", "sourced")


def test_midpoint_note_only_for_ranges() -> None:
    assert classes.midpoint_of(classes.USED_TRUCK.sale_price) == " (midpoint of 55,000–65,000)"
    assert classes.midpoint_of(classes.USED_CAR.sale_price) == ""
    assert classes.midpoint_of(classes.MOTORCYCLE.waku_price) == ""  # assumed


def test_class_deals_share_the_run_financing_terms() -> None:
    run = _model(annual_interest_rate=0.2, time_to_sale_days=15).deal
    pairs = classes.class_deals(run)
    assert [vc.key for vc, _ in pairs] == ["used_car", "new_car", "used_truck", "motorcycle"]
    assert pairs[0][1] is run
    for vc, deal in pairs[1:]:
        assert (deal.annual_interest_rate, deal.financing_days) == (0.2, 30), vc.key
        assert deal.sale_price_cny == vc.sale_price.value


# --- rows of the report's tables ---------------------------------------------------------


def test_pnl_rows_end_with_margin_and_net_profit() -> None:
    rows = car.pnl_rows(_model().pnl)
    assert [r["line"] for r in rows[-2:]] == [
        "Margin (reported 'profit', before financing)",
        "Net profit after financing",
    ]
    assert rows[0] == {
        "line": "Sale price in Hyesan",
        "CNY per vehicle": 83_000,
        "share of sale price": "100.0%",
    }
    assert rows[3]["share of sale price"] == "30.1%"  # the waku, 25,000 of 83,000
    assert sum(r["CNY per vehicle"] for r in rows[:-2]) == pytest.approx(
        rows[-1]["CNY per vehicle"]
    )


def test_waterfall_steps_drop_zero_lines() -> None:
    steps = car.waterfall_steps(_model().pnl)
    assert [n for n, _ in steps] == [
        "Sale price in Hyesan",
        "Purchase in China",
        "Transport",
        "Waku (trading certificate)",
        "Financing",
    ]


def test_class_rows_show_reported_profits_and_bases() -> None:
    rows = car.class_rows(_model().deal)
    assert [r["reported profit"] for r in rows] == ["10,000–12,000", "–", "2,000–3,000", "400"]
    assert rows[0]["net"] == pytest.approx(10_102.739726027397, abs=TOL_CNY)
    assert rows[2]["margin"] == pytest.approx(2_500, abs=TOL_CNY)
    assert rows[1]["basis of inputs"] == "assumed"


def test_check_rows_say_yes_or_no() -> None:
    rows = car.check_rows(checks.against_reports(_model(sale_price_cny=90_000).deal))
    assert [r["inside?"] for r in rows] == ["NO", "NO", "yes"]
    assert [r["reported"] for r in rows] == ["5,000–7,000", "10,000–12,000", "77,500"]


def test_revenue_rows_at_defaults() -> None:
    rows = car.revenue_rows(_model(), 0.0)
    assert [r["value"] for r in rows] == [60_000_000, 50_000_000, "20.0%", "0%"]


def test_tornado_labels_and_sensitivity_rows() -> None:
    sens = _model().sensitivities()
    labels = car.tornado_labels(sens)
    assert labels[0] == "Sale price (74,700–91,300)"
    assert "Company's share (0%–20%)" in labels
    assert "Interest rate (0%–24%)" in labels
    rows = car.sensitivity_rows(sens)
    assert [r["input"] for r in rows] == [label.split(" (")[0] for label in labels]
    assert rows[0]["swing"] == pytest.approx(16_600, abs=1e-6)
    assert set(car.INPUT_LABELS) == set(veh.tornado_ranges(_model().deal, 0.1))


def test_class_figure_rows_cite_every_sourced_figure() -> None:
    rows = car.class_figure_rows()
    assert len(rows) == 4 * len(classes.VEHICLE_CLASSES)
    truck_sale = next(r for r in rows if (r["class"], r["figure"]) == ("Used truck", "sale price"))
    assert truck_sale["basis"] == "sourced"
    assert truck_sale["source, arithmetic or rationale"] == (
        f"{get_fact('used_truck_price_2025_cny').citation} "
        "[used_truck_price_2025_cny (midpoint of 55,000–65,000)]"
    )
    new_car = [r for r in rows if r["class"] == "New car"]
    assert {r["basis"] for r in new_car} == {"assumed"}
    assert all(r["source, arithmetic or rationale"] for r in rows)


def test_text_helpers() -> None:
    assert formatting.amount_range(5_000, 7_000) == "5,000–7,000"
    assert formatting.amount_range(77_500, 77_500) == "77,500"
    assert formatting.inside_or_outside(True) == "inside"
    assert formatting.inside_or_outside(False) == "outside"
    assert (formatting.yes_or_no(True), formatting.yes_or_no(False)) == ("yes", "NO")


@pytest.mark.parametrize("module", [veh, checks, classes, car, formatting])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0
