"""The car report at the observed prices and over the stated ranges: losses are results,
the vectorised P&L is the scalar one, and the Sobol' indices of the deal have known answers."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import vehicle as veh
from hyesan_analysis.model.sensitivity import additive_linear_indices
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs import car_unit_economics_tables as car_tables
from hyesan_analysis.reporting.specs._world import ANNUAL_INTEREST_RATE_RANGE_PER_YEAR

TOL_CNY = 1e-9


def _model(**overrides: object) -> veh.CarUnitEconomics:
    return car.to_model(car.SCHEMA.validate(overrides))


# --- the observed prices -----------------------------------------------------------------


def test_margin_at_70000_is_the_price_less_the_landed_cost_and_the_waku() -> None:
    assert get_fact(car.LOW_PRICE_FACT).value == 70_000
    landed_without_waku = 45_000 + 2_500  # purchase in China + transport (sourced defaults)
    waku = 25_000
    low = car_tables.low_price_pnl(_model())
    assert low.margin_cny == 70_000 - landed_without_waku - waku == -2_500
    assert low.net_profit_cny == pytest.approx(-2_500 - 72_500 * 0.6 * 41 / 365, abs=TOL_CNY)
    assert low.company_share_cny == 0.0  # a loss is the investor's, even with a share
    assert car_tables.low_price_pnl(_model(company_profit_share=0.3)).margin_cny == -2_500
    words = car_tables.low_price_sentence(_model())
    assert "sells **2,500 CNY below its landed cost** of 72,500 CNY" in words
    assert "a loss of 2,500 CNY before financing and **a loss of 7,386 CNY** once its " in words
    assert "4,886 CNY of interest is paid" in words
    above = car_tables.low_price_sentence(_model(waku_price_cny=20_000))  # 70,000 - 67,500
    assert "earns the smuggler **2,500 CNY** before financing and ends at a" in above


def test_a_run_at_70000_is_a_loss_not_an_error() -> None:
    model = _model(sale_price_cny=70_000)
    assert model.pnl.margin_cny == -2_500
    assert car.deal_results(model)["profit_per_car_cny"] == -2_500
    assert car_tables.earns_or_loses(model.pnl.margin_cny) == "loses the smuggler **2,500 CNY**"
    assert car_tables.low_price_sentence(model).startswith(
        "This run's price is the lowest observed"
    )
    # a purchase above the sale price is a larger loss, not a refused parameter
    assert _model(sale_price_cny=40_000).pnl.margin_cny == 40_000 - 72_500


def test_observed_price_rows_at_defaults() -> None:
    rows = car_tables.observed_price_rows(_model())
    assert [r["observed price"] for r in rows] == [70_000, 83_000, 85_000]
    assert [r["margin"] for r in rows] == [-2_500, 10_500, 12_500]
    assert rows[0]["margin / capital"] == f"{-2_500 / 72_500:.1%}"
    for row, (fact_id, _) in zip(rows, car.OBSERVED_SALE_PRICES, strict=True):
        fact = get_fact(fact_id)
        assert row["source"].startswith(f'<a href="{fact.source_url}">{fact.publisher}, ')
        assert row["source"].endswith(f'<span class="fact-id">[{fact_id}]</span>')


@given(
    prices=st.lists(st.floats(1, 300_000), min_size=2, max_size=8),
    share=st.floats(0, 0.999),
    rate=st.floats(0, 3),
)
def test_margin_is_monotone_in_the_sale_price_and_can_be_negative(
    prices: list[float], share: float, rate: float
) -> None:
    model = _model(company_profit_share=share, annual_interest_rate=rate)
    ordered = sorted(prices)
    margins = [model.pnl_at_sale_price(p).margin_cny for p in ordered]
    nets = [model.pnl_at_sale_price(p).net_profit_cny for p in ordered]
    assert all(a <= b for a, b in itertools.pairwise(margins))
    assert all(a <= b for a, b in itertools.pairwise(nets))
    # below the up-front capital the margin is the whole shortfall (no company share on a loss)
    for price, margin in zip(ordered, margins, strict=True):
        if price < 72_500:
            assert margin == pytest.approx(price - 72_500, abs=1e-6)
            assert margin < 0


# --- the vectorised P&L ------------------------------------------------------------------


@settings(max_examples=50)
@given(
    sale=st.floats(0, 200_000),
    waku=st.floats(0, 60_000),
    fees=st.floats(0, 10_000),
    share=st.floats(0, 1),
    rate=st.floats(0, 3),
)
def test_deal_metric_is_vehicle_pnl_element_wise(
    sale: float, waku: float, fees: float, share: float, rate: float
) -> None:
    deal = _model().deal
    inputs = {
        "sale_price_cny": np.array([sale, 83_000.0]),
        "waku_price_cny": np.array([waku, 25_000.0]),
        "other_fees_cny": np.array([fees, 0.0]),
        "company_profit_share": np.array([share, 0.0]),
        "annual_interest_rate": np.array([rate, 0.6]),
    }
    scalar = veh.vehicle_pnl(
        replace(
            deal,
            sale_price_cny=sale,
            waku_price_cny=waku,
            other_fees_cny=fees,
            company_profit_share=share,
            annual_interest_rate=rate,
        )
    )
    for metric in veh.PNL_METRICS:
        found = veh.deal_metric(deal, inputs, metric)
        assert found[0] == pytest.approx(getattr(scalar, metric), abs=1e-6)
        assert found[1] == pytest.approx(getattr(veh.vehicle_pnl(deal), metric), abs=1e-6)


def test_deal_metric_refuses_unknown_names() -> None:
    deal = _model().deal
    with pytest.raises(ValueError, match="metric"):
        veh.deal_metric(deal, {}, "profit")
    with pytest.raises(ValueError, match="unknown VehicleDeal field 'price'"):
        veh.deal_metric(deal, {"price": np.ones(2)})


# --- Sobol' indices of the deal ----------------------------------------------------------


def test_sobol_of_an_additive_deal_matches_the_closed_form() -> None:
    # no interest and no company share: net profit = sale - purchase - transport - waku - fees,
    # additive with coefficients +1, -1, -1
    deal = replace(_model().deal, annual_interest_rate=0.0)
    ranges = {
        "sale_price_cny": (70_000.0, 85_000.0),
        "waku_price_cny": (25_000.0, 30_000.0),
        "other_fees_cny": (0.0, 2_000.0),
    }
    exact = additive_linear_indices(
        {"sale_price_cny": 1.0, "waku_price_cny": -1.0, "other_fees_cny": -1.0}, ranges
    )
    # 15,000^2 : 5,000^2 : 2,000^2 -> 225 / 254, 25 / 254, 4 / 254
    assert exact["sale_price_cny"] == pytest.approx(225 / 254, abs=1e-12)
    table = veh.deal_sobol_indices(deal, ranges, base_samples=2048).set_index("name")
    for name, value in exact.items():
        assert table.loc[name, "first_order"] == pytest.approx(value, abs=0.02), name
        assert table.loc[name, "total"] == pytest.approx(value, abs=0.02), name
    assert list(table.index) == ["sale_price_cny", "waku_price_cny", "other_fees_cny"]


def test_default_sobol_ranks_the_sale_price_first_and_is_reproducible() -> None:
    model = _model()
    sobol = model.sobol()
    assert sobol.equals(_model().sobol())
    assert sobol["name"].iloc[0] == "sale_price_cny"
    assert set(sobol["name"]) == set(model.ranges)
    # the sale price alone: var 15,000^2/12 against the whole (about 0.77 of it)
    assert 0.7 < car_tables.sobol_total(sobol, "sale_price_cny") < 0.85
    assert (sobol["total"] >= sobol["first_order"] - 0.02).all()
    # the interest rate moves net profit over the sourced credit range
    assert ANNUAL_INTEREST_RATE_RANGE_PER_YEAR == (0.6, 1.2)
    assert car_tables.sobol_total(sobol, "annual_interest_rate") > 0.05
    text = car_tables.sobol_sentence(sobol, model)
    assert "sale price alone explains 77%" in text
    rows = car_tables.sobol_rows(sobol, model)
    assert rows[0]["input"] == "Sale price" and rows[0]["basis of range"] == "sourced"


def test_sensitivity_frame_and_alt_text_carry_both_panels() -> None:
    model = _model()
    sens, sobol = model.sensitivities(), model.sobol()
    frame = car_tables.sensitivity_frame(model, sens, sobol)
    assert list(frame["input"]) == [car_tables.INPUT_LABELS[s.field] for s in sens]
    assert frame["first-order Sobol' index"].iloc[0] == pytest.approx(
        sobol.set_index("name").loc["sale_price_cny", "first_order"]
    )
    alt = car_tables.sensitivity_alt(sens, model.pnl.net_profit_cny, sobol)
    assert "sale price 70,000–85,000: -7,386 to 7,614" in alt
    assert "Sobol'" in alt


@settings(max_examples=25, deadline=None)
@given(
    sale=st.floats(1_000, 500_000),
    waku=st.floats(1, 200_000),
    share=st.floats(0, 0.999),
    rate=st.floats(0, 10),
)
def test_sobol_is_defined_for_every_accepted_deal(
    sale: float, waku: float, share: float, rate: float
) -> None:
    try:
        values = car.SCHEMA.validate(
            {
                "sale_price_cny": sale,
                "waku_price_cny": waku,
                "company_profit_share": share,
                "annual_interest_rate": rate,
            }
        )
    except ParameterError:
        return  # refused before any kernel (a waku above the sale price)
    model = car.to_model(values)
    sobol = model.sobol(base_samples=64)
    assert np.isfinite(sobol[["first_order", "total"]].to_numpy()).all()
    assert car_tables.sobol_sentence(sobol, model)


def test_schema_refuses_a_free_waku_and_a_company_taking_everything_at_interest() -> None:
    with pytest.raises(ParameterError, match="waku above 0"):
        car.SCHEMA.validate({"waku_price_cny": 0})
    with pytest.raises(ParameterError, match="company share below 1"):
        car.SCHEMA.validate({"company_profit_share": 1.0})
    # without interest a company taking everything still leaves a break-even price
    model = _model(company_profit_share=1.0, annual_interest_rate=0.0)
    assert model.breakeven_sale_price_cny == model.upfront_capital_cny
