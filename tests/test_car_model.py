"""The car report's model, built without a kernel: to_model, the checks against the reports,
the vehicle classes' provenance and the rows of the report's tables."""

from __future__ import annotations

import dataclasses
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import provenance
from hyesan_analysis.model import vehicle as veh
from hyesan_analysis.model import vehicle_checks as checks
from hyesan_analysis.model import vehicle_classes as classes
from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.reporting.authoring import formatting
from hyesan_analysis.reporting.authoring.registry import REPO_DIR
from hyesan_analysis.reporting.authoring.scenario import load_scenario
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs import car_unit_economics_tables as car_tables

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
    # paid in advance: 45,000 + 2,500 + 25,000 tied up over the whole shared cycle of
    # 10 procurement + 2 crossing + 5 inspection + 10 approval + 14 to a buyer = 41 days
    assert model.cycle.total_days == 41
    assert model.deal.financing_days == 41
    assert model.upfront_capital_cny == 72_500
    financing = 72_500 * 0.6 * 41 / 365
    assert model.pnl.financing_cny == pytest.approx(financing, abs=TOL_CNY)
    assert model.pnl.net_profit_cny == pytest.approx(10_500 - financing, abs=TOL_CNY)
    assert model.pnl.net_profit_cny == pytest.approx(5_613.70, abs=0.005)
    assert model.revenue_neutral_growth == pytest.approx(0.2, abs=1e-12)
    assert model.breakeven_sale_price_cny == pytest.approx(72_500 + financing, abs=TOL_CNY)
    assert model.new_cycle.total_days == 41 - 14 + 60


def test_deal_results_are_what_the_investor_reads() -> None:
    found = car.deal_results(_model())
    assert set(found) == set(car.DEAL_RESULTS) <= set(car.SPEC.required_results)
    assert found == pytest.approx(
        {
            "profit_per_car_cny": 10_500,
            "company_share_per_car_cny": 0.0,
            "upfront_capital_cny": 72_500,
            "cycle_days": 41,
            "net_profit_per_car_cny": 10_500 - 72_500 * 0.6 * 41 / 365,
        },
        abs=TOL_CNY,
    )
    # the company's share is taken once, in the deal: the margin is after it
    shared = car.deal_results(_model(company_profit_share=0.2))
    assert shared["company_share_per_car_cny"] == pytest.approx(0.2 * 10_500, abs=TOL_CNY)
    assert shared["profit_per_car_cny"] == pytest.approx(0.8 * 10_500, abs=TOL_CNY)
    units = car.SPEC.required_results
    assert units["cycle_days"] == "days" and units["upfront_capital_cny"] == "CNY per vehicle"


def test_model_fields_carry_the_spec_names() -> None:
    model = _model()
    owners = (
        (model.deal, veh.VehicleDeal),
        (model.cycle, CapitalCycle),
        (model, veh.CarUnitEconomics),
    )
    for name, value in DEFAULTS.items():
        hits = [
            getattr(obj, name)
            for obj, cls in owners
            if name in {f.name for f in dataclasses.fields(cls)}
        ]
        assert hits == [value], name


@given(
    waku=st.floats(min_value=1, max_value=80_000),  # a free waku has no revenue to weigh
    purchase=st.floats(min_value=0, max_value=200_000),  # above the sale price: a loss
    procurement=st.integers(min_value=0, max_value=365),
    approval=st.integers(min_value=0, max_value=365),
    to_sale=st.integers(min_value=0, max_value=60),
)
def test_to_model_passes_every_value_through(
    waku: float, purchase: float, procurement: int, approval: int, to_sale: int
) -> None:
    model = _model(
        waku_price_cny=waku,
        purchase_price_cny=purchase,
        procurement_days=procurement,
        approval_days=approval,
        time_to_sale_days=to_sale,
    )
    assert (model.deal.waku_price_cny, model.deal.purchase_price_cny) == (waku, purchase)
    assert model.deal.financing_days == procurement + 2 + 5 + approval + to_sale


def test_waku_2024_scenario_reproduces_the_2024_margin() -> None:
    scenario = load_scenario(REPO_DIR / "scenarios" / "car_waku_2024.yaml")
    model = car.to_model(car.SCHEMA.validate(scenario.parameters))
    assert model.pnl.margin_cny == pytest.approx(5_500, abs=TOL_CNY)


@pytest.mark.parametrize("name", ["car_halt.yaml", "car_thaw.yaml"])
def test_scenarios_add_their_days_to_the_shared_time_to_sale(name: str) -> None:
    scenario = load_scenario(REPO_DIR / "scenarios" / name)
    extra = {"car_halt.yaml": 30, "car_thaw.yaml": 10}[name]  # as their rationales say
    model = car.to_model(car.SCHEMA.validate(scenario.parameters))
    assert model.cycle.time_to_sale_days == DEFAULTS["time_to_sale_days"] + extra
    assert model.deal.financing_days == 41 + extra


def test_schema_refuses_a_cycle_of_no_days_and_a_new_car_that_sells_faster() -> None:
    stages = dict.fromkeys(car.CYCLE_STAGE_DAYS, 0)
    with pytest.raises(ParameterError, match="longer than 0 days"):
        car.SCHEMA.validate(stages)
    with pytest.raises(ParameterError, match="more slowly"):
        car.SCHEMA.validate({"time_to_sale_days": 61})


def test_car_model_refuses_a_financing_period_that_is_not_the_cycle() -> None:
    model = _model()
    with pytest.raises(ValueError, match="capital cycle"):
        dataclasses.replace(model, deal=dataclasses.replace(model.deal, financing_days=20))


def test_car_model_ranges_are_the_stated_ones_and_contain_the_run() -> None:
    assert _model().ranges == {
        "sale_price_cny": (70_000, 85_000),  # observed before and after the May 2025 halt
        "waku_price_cny": (25_000, 30_000),  # the 2025 and 2024 waku
        "annual_interest_rate": (0.6, 1.2),  # 5-10% a month, simple
        "company_profit_share": (0.0, 0.2),
        "other_fees_cny": (0.0, 2_000),
    }
    # a run outside a stated range widens it to its own value
    assert _model(sale_price_cny=60_000).ranges["sale_price_cny"] == (60_000, 85_000)
    assert _model(annual_interest_rate=2.0).ranges["annual_interest_rate"] == (0.6, 2.0)
    with pytest.raises(ValueError, match=r"ranges\['sale_price_cny'\]"):
        dataclasses.replace(_model(), ranges={"sale_price_cny": (84_000, 85_000)})
    with pytest.raises(ValueError, match="unknown VehicleDeal field"):
        dataclasses.replace(_model(), ranges={"price": (0, 1)})


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


def test_the_pass_through_of_the_2025_cut_is_not_identifiable_from_one_report() -> None:
    cut = checks.reported_waku_cut()
    # both prices are one statement ("2024 and early 2025, unchanged") of one article
    assert not cut.prices_observed_independently
    assert cut.passthrough_to_buyers is None
    assert (cut.waku_before.value, cut.waku_after.value) == (30_000, 25_000)
    assert cut.waku_cut_cny == 5_000
    assert cut.profit_rise_cny == pytest.approx(5_000)  # midpoints 6,000 -> 11,000
    # two independent observations (different sources) would measure it
    second = provenance.assumed(80_500, "CNY per vehicle", "a second observation")
    moved = dataclasses.replace(cut, sale_after=second)
    assert second.fact_id is None and moved.prices_observed_independently
    assert moved.passthrough_to_buyers == pytest.approx(0.5)
    assert car_tables.passthrough_words(cut) == "not identifiable"
    assert car_tables.passthrough_words(moved) == "50%"


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
    assert classes.NEW_CAR.bases == ("assumed", "implied")
    assert classes.USED_CAR.bases == ("sourced",)
    assert classes.USED_TRUCK.bases == ("assumed", "implied", "sourced")


def test_the_new_car_is_one_set_of_figures() -> None:
    new = classes.NEW_CAR
    assert new.purchase_price.basis == "assumed" and new.purchase_price.value == 120_000
    assert new.profit_range is not None
    assert [f.value for f in new.profit_range] == [15_000, 25_000]
    assert {f.basis for f in new.profit_range} == {"assumed"}
    # the sale price leaves the middle of the assumed profit: 120,000 + 2,500 + 25,000 + 20,000
    assert new.sale_price.basis == "implied"
    assert new.sale_price.value == 167_500
    assert new.sale_price.detail == (
        "purchase 120,000 + transport 2,500 + waku 25,000 + profit 20,000 (middle of the "
        "assumed 15,000–25,000) = 167,500"
    )
    assert veh.vehicle_pnl(new.deal()).margin_cny == 20_000


def test_margin_spreads_are_half_the_profit_ranges() -> None:
    used = classes.margin_spread(classes.USED_CAR)
    assert (used.value, used.basis) == (1_000, "implied")  # (12,000 - 10,000) / 2, sourced
    assert "smuggler_profit_per_car_2025_cny" in used.detail
    new = classes.margin_spread(classes.NEW_CAR)
    assert (new.value, new.basis) == (5_000, "assumed")
    with pytest.raises(ValueError, match="no profit range"):
        classes.margin_spread(dataclasses.replace(classes.USED_CAR, profit_range=None))


def test_midpoint_note_only_for_ranges() -> None:
    assert classes.midpoint_of(classes.USED_TRUCK.sale_price) == " (midpoint of 55,000–65,000)"
    assert classes.midpoint_of(classes.USED_CAR.sale_price) == ""
    assert classes.midpoint_of(classes.MOTORCYCLE.waku_price) == ""  # assumed


def test_class_deals_share_the_run_terms_and_the_new_car_its_own_cycle() -> None:
    run = _model(annual_interest_rate=0.2, company_profit_share=0.1, time_to_sale_days=15).deal
    pairs = classes.class_deals(run, 90)
    assert [vc.key for vc, _ in pairs] == ["used_car", "new_car", "used_truck", "motorcycle"]
    assert pairs[0][1] is run
    assert run.financing_days == 42
    for vc, deal in pairs[1:]:
        days = 90 if vc is classes.NEW_CAR else 42
        assert (deal.annual_interest_rate, deal.company_profit_share) == (0.2, 0.1), vc.key
        assert deal.financing_days == days, vc.key
        assert deal.sale_price_cny == vc.sale_price.value


# --- rows of the report's tables ---------------------------------------------------------


def test_pnl_rows_end_with_margin_and_net_profit() -> None:
    rows = car_tables.pnl_rows(_model().pnl)
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
    steps = car_tables.waterfall_steps(_model().pnl)
    assert [n for n, _ in steps] == [
        "Sale price in Hyesan",
        "Purchase in China",
        "Transport",
        "Waku (trading certificate)",
        "Financing",
    ]


def test_class_rows_show_profit_ranges_cycles_and_bases() -> None:
    rows = car_tables.class_rows(_model())
    bases = car_tables.class_basis_rows(_model())
    assert [r["class"] for r in bases] == [r["class"] for r in rows]
    assert [r["reported profit range"] for r in bases] == [
        "10,000–12,000",
        "15,000–25,000 (assumed)",
        "2,000–3,000",
        "400",
    ]
    assert rows[0]["net"] == pytest.approx(10_500 - 72_500 * 0.6 * 41 / 365, abs=TOL_CNY)
    assert [r["days"] for r in rows] == [41, 87, 41, 41]  # the new car sells in 60 days
    # the new car: 20,000 margin less 147,500 at 60% a year over 87 days
    assert rows[1]["net"] == pytest.approx(20_000 - 147_500 * 0.6 * 87 / 365, abs=TOL_CNY)
    assert rows[2]["margin"] == pytest.approx(2_500, abs=TOL_CNY)
    assert bases[1]["basis of inputs"] == "assumed, implied"
    # truck and motorcycle margins are the reported profits by construction: said, not checked
    assert [r["margin is"].split(":")[0] for r in bases] == [
        "model; checked below",
        "assumed",
        "implied",
        "implied",
    ]
    assert bases[2]["margin is"] == "implied: the reported profit"  # by construction
    assert rows[3]["margin"] == pytest.approx(400, abs=TOL_CNY)  # the reported 400, by design


def test_check_rows_say_yes_or_no() -> None:
    rows = car_tables.check_rows(checks.against_reports(_model(sale_price_cny=90_000).deal))
    assert [r["inside?"] for r in rows] == ["NO", "NO", "yes"]
    assert [r["reported"] for r in rows] == ["5,000–7,000", "10,000–12,000", "77,500"]


def test_revenue_rows_at_defaults() -> None:
    rows = car_tables.revenue_rows(_model(), checks.reported_waku_cut())
    assert [r["value"] for r in rows] == [60_000_000, 50_000_000, "20.0%", "not identifiable"]
    assert rows[-1]["unit"] == "of the cut (one report, no second price)"


def test_tornado_labels_and_sensitivity_rows() -> None:
    model = _model()
    sens = model.sensitivities()
    labels = car_tables.tornado_labels(sens)
    assert labels[:3] == [
        "Sale price (70,000–85,000)",  # the observed 2025 prices, not a flat 10%
        "Waku (25,000–30,000)",
        "Interest rate (60%–120%)",  # the sourced 5-10% a month
    ]
    assert set(labels[3:]) == {"Company's share (0%–20%)", "Other fees (0–2,000)"}
    rows = car_tables.sensitivity_rows(model, sens)
    assert [r["input"] for r in rows] == [label.split(" (")[0] for label in labels]
    assert [r["basis"] for r in rows[:3]] == ["sourced", "sourced", "implied"]
    assert rows[0]["swing"] == pytest.approx(15_000, abs=1e-6)
    assert rows[0]["net profit at low"] == pytest.approx(
        70_000 - 72_500 - 72_500 * 0.6 * 41 / 365, abs=1e-6
    )
    rate = next(r for r in rows if r["input"] == "Interest rate")
    assert rate["swing"] == pytest.approx(72_500 * 0.6 * 41 / 365, abs=1e-6)
    assert set(model.ranges) <= set(car_tables.INPUT_LABELS)


def test_range_rows_give_each_end_its_basis() -> None:
    rows = {r["input"]: r for r in car_tables.range_rows(_model())}
    assert (rows["Sale price"]["low"], rows["Sale price"]["high"]) == ("70,000", "85,000")
    assert "used_car_price_before_halt_2025_cny" in rows["Sale price"]["source or rationale"]
    assert "used_car_price_after_halt_2025_cny" in rows["Sale price"]["source or rationale"]
    assert rows["Interest rate"]["basis"] == "implied"
    assert "moneylender_rate_sinuiju_2019" in rows["Interest rate"]["source or rationale"]
    assert rows["Company's share"]["basis"] == rows["Other fees"]["basis"] == "assumed"
    widened = {r["input"]: r for r in car_tables.range_rows(_model(sale_price_cny=90_000))}
    assert widened["Sale price"]["basis"] == "sourced (widened to this run's value)"


def test_class_figure_rows_cite_every_sourced_figure() -> None:
    rows = car_tables.class_figure_rows()
    assert len(rows) == 4 * len(classes.VEHICLE_CLASSES) + 2 * 4  # and every profit range
    truck_sale = next(r for r in rows if (r["class"], r["figure"]) == ("Used truck", "sale price"))
    assert truck_sale["basis"] == "sourced"
    assert truck_sale["source, arithmetic or rationale"] == (
        f"{get_fact('used_truck_price_2025_cny').citation} "
        "[used_truck_price_2025_cny (midpoint of 55,000–65,000)]"
    )
    new_car = [r for r in rows if r["class"] == "New car"]
    assert {r["basis"] for r in new_car} == {"assumed", "implied"}
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
