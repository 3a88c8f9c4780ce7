"""The investor model's documented losses, halts and credit from the sources: the downside
events (hyesan_analysis.model.investor.downside), negative margins, the halt what-if's
windfall on stock, and the sourced credit range (reporting.specs._world)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.investor import (
    compare_scenarios,
    expected_annual_return,
    simulate_annual_returns,
    used_car_downside_events,
    what_if_calendars,
)
from hyesan_analysis.model.investor.downside import halt_what_if_windfall_cny, halt_windfall_cny
from hyesan_analysis.reporting.specs._world import ANNUAL_INTEREST_RATE_RANGE_PER_YEAR, WORLD
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, to_model
from tests._investor_fixtures import CAR_DEAL, DEFAULT, SEASON


def test_the_losses_are_the_sourced_ones_at_the_default_deal() -> None:
    events = {e.name: e for e in DEFAULT.downside}
    # 70,000 in spring 2025 against the 72,500 landed cost (45,000 + 25,000 + 2,500)
    assert (events["price_slump"].margin_low_cny, events["price_slump"].margin_high_cny) == (
        -2_500,
        -2_500,
    )
    assert events["price_slump"].margin_low_cny == get_fact(
        "used_car_price_before_halt_2025_cny"
    ).number - (45_000 + 25_000 + 2_500)
    assert (
        events["sold_below_cost"].margin_low_cny,
        events["sold_below_cost"].margin_high_cny,
    ) == (
        -30_000,
        -20_000,
    )
    assert events["poor_quality"].mean_margin_cny == -52_000
    assert [e.frequency_basis for e in DEFAULT.downside] == ["implied", "assumed", "assumed"]
    assert events["price_slump"].probability_per_cycle == pytest.approx(2 / 13, abs=0.005)


def test_the_halts_come_from_the_record() -> None:
    values = SCHEMA.defaults()
    assert values["halts_per_year"] == pytest.approx(3 * 12 / 13, abs=0.05)
    assert values["halt_days"] == 20  # (10 + 31) / 2, rounded


def test_a_deal_at_or_below_the_slump_price_has_no_extra_slump_loss() -> None:
    events = used_car_downside_events(
        margin_cny=-2_500,
        sale_price_cny=70_000,
        price_slump_probability=0.15,
        below_cost_probability=0.0,
        poor_quality_probability=0.0,
    )
    assert events[0].margin_low_cny == -2_500


def test_event_probabilities_must_fit_in_one_cycle() -> None:
    with pytest.raises(ValueError, match="at most 1"):
        used_car_downside_events(
            margin_cny=10_500,
            sale_price_cny=83_000,
            price_slump_probability=0.9,
            below_cost_probability=0.2,
            poor_quality_probability=0.0,
        )


def test_a_negative_margin_is_a_result() -> None:
    # the car report's deal at the spring 2025 price: a loss on every ordinary cycle
    values = SCHEMA.validate({"sale_price_cny": 70_000})
    params, _ = to_model(values, **{**CAR_DEAL, "margin_cny": -2_500.0})
    assert params.used.margin_cny == -2_500
    assert expected_annual_return(params, "state_led") < expected_annual_return(
        DEFAULT, "state_led"
    )
    assert expected_annual_return(params, "state_led") < 0


def test_losses_lower_the_expected_return_by_their_mean_shortfall() -> None:
    # used cars only, no season, no halts: each cycle's expected margin falls by
    # sum(p_e * (margin - event margin)), spread over the year's cycles
    open_year = replace(SEASON, frozen_months=(), thaw_months=(), flood_months=()).calendar()
    p = replace(DEFAULT, used_share=1.0, halts_per_year=0.0, calendar=open_year)
    clean = replace(p, downside=())
    shortfall = sum(
        e.probability_per_cycle * (p.used.margin_cny - e.mean_margin_cny) for e in p.downside
    )
    cycles = p.calendar.operating_days_per_year() / p.used.cycle_days
    assert expected_annual_return(clean, "state_led") - expected_annual_return(
        p, "state_led"
    ) == pytest.approx(cycles * shortfall / p.used.capital_cny, rel=1e-9)


def test_the_halt_what_if_counts_the_windfall_on_stock() -> None:
    assert halt_what_if_windfall_cny() == 85_000 - 70_000
    assert halt_windfall_cny(83_000) == 2_000 and halt_windfall_cny(90_000) == 0.0
    p = replace(DEFAULT, used_share=1.0)
    rows = compare_scenarios(p, what_if_calendars(SEASON), n_years=2_000, seed=1)
    halt = next(r for r in rows if r["scenario"] == "halt" and r["strategy"] == "state_led")
    bare = compare_scenarios(p, what_if_calendars(SEASON), n_years=2_000, seed=1, stock_gains={})
    bare_halt = next(r for r in bare if r["scenario"] == "halt" and r["strategy"] == "state_led")
    # the cars in stock: the share of the cycle spent on the North Korean side
    stock_share = p.used.cycle.stock_days / p.used.cycle_days
    gain = 15_000 * stock_share / p.used.capital_cny
    assert float(halt["expected"]) - float(bare_halt["expected"]) == pytest.approx(gain, rel=1e-9)


def test_the_credit_range_is_the_sourced_one() -> None:
    low, high = ANNUAL_INTEREST_RATE_RANGE_PER_YEAR
    assert (low, high) == (0.6, 1.2)
    assert low == pytest.approx(12 * get_fact("informal_loan_rate_acquaintance_hyesan_2011").number)
    assert high == pytest.approx(12 * get_fact("informal_loan_rate_loan_shark_hyesan_2011").number)
    rate = WORLD["annual_interest_rate"]
    assert rate.default == low and rate.maximum is not None and rate.maximum >= high
    assert SCHEMA.validate({"annual_interest_rate": high})["annual_interest_rate"] == high


def test_what_ifs_reuse_the_runs_simulation_and_draw_brokering_once() -> None:
    cals = what_if_calendars(SEASON)
    fresh = compare_scenarios(DEFAULT, cals, n_years=3_000, seed=4)
    sims = simulate_annual_returns(DEFAULT, 3_000, 4)
    assert compare_scenarios(DEFAULT, cals, n_years=3_000, seed=4, base_sims=sims) == fresh
    broker = [r for r in fresh if r["strategy"] == "remittance"]
    assert len({r["mean"] for r in broker}) == 1  # no river: the same years in every case


def test_driver_ranges_are_written_in_their_units() -> None:
    from hyesan_analysis.reporting.specs.investor_drivers import DRIVER_RANGES

    text = {d.name: d.range_text() for d in DRIVER_RANGES}
    assert text["sale_price_cny"] == "70,000 to 85,000 CNY"
    assert text["annual_interest_rate"] == "60% to 120% a year"
    assert text["below_cost_probability"] == "0% to 10% per cycle"
    assert text["halt_days"] == "10 to 31 days"
