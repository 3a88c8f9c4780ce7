"""investor_returns: ``to_model`` turns the validated parameters and the car report's deal into
the model's objects (no kernel), spec and model share their names, the state-led route is the
car report's deal over time, and the what-if scenario files agree with the model's what-if
figures."""

from __future__ import annotations

import inspect
from dataclasses import fields, replace
from pathlib import Path

import pytest

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.investor import (
    HALT_START,
    WHAT_IF_FIGURES,
    CarTerms,
    SeasonParams,
    StrategyParams,
    compounding_results,
    expected_annual_return,
    expected_annual_returns,
    interest_cost_per_unit_rate,
    simulate_annual_returns,
    used_car_downside_events,
    used_car_profit_cny,
    used_car_profit_per_cycle_cny,
)
from hyesan_analysis.model.vehicle import VehicleDeal, vehicle_pnl
from hyesan_analysis.model.vehicle_classes import NEW_CAR
from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.authoring.scenario import load_scenario
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs import car_unit_economics_tables as car_tables
from hyesan_analysis.reporting.specs.investor_returns import (
    CAR_DEAL_RESULTS,
    CAR_REPORT,
    SCHEMA,
    SIMULATION_PARAMETERS,
    car_deal,
    to_model,
    upstream_car_deal,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
CAR = car.to_model(car.SCHEMA.defaults())
CAR_DEAL = car_deal(car.deal_results(CAR))
# the default world by hand: 83,000 - 45,000 - 2,500 - 25,000; 45,000 + 2,500 + 25,000; 41 days
HAND_DEAL = {"margin_cny": 10_500, "company_share_cny": 0, "capital_cny": 72_500, "cycle_days": 41}


def test_the_car_deal_is_read_from_the_car_report() -> None:
    assert get_report("investor_returns").upstream == (CAR_REPORT,) == ("car_unit_economics",)
    assert set(CAR_DEAL_RESULTS.values()) <= set(car.SPEC.required_results)
    assert CAR_DEAL == pytest.approx(HAND_DEAL, abs=1e-9)
    asked = []
    read = upstream_car_deal(lambda report, key: asked.append((report, key)) or 1.0)
    assert asked == [(CAR_REPORT, key) for key in CAR_DEAL_RESULTS.values()]
    assert read == dict.fromkeys(CAR_DEAL_RESULTS, 1.0)


def test_every_parameter_is_a_model_field_of_the_same_name() -> None:
    strategy = {f.name for f in fields(StrategyParams)}
    season = {f.name for f in fields(SeasonParams)}
    cars = {f.name for f in fields(CarTerms)} | {f.name for f in fields(CapitalCycle)}
    deal = {f.name for f in fields(VehicleDeal)}
    # the downside events' frequencies are the arguments of the function that builds them,
    # and the risk aversion is the compounding results' argument of the same name
    events = set(inspect.signature(used_car_downside_events).parameters)
    events |= set(inspect.signature(compounding_results).parameters)
    assert not strategy & season
    for name in SCHEMA.names:
        if name in SIMULATION_PARAMETERS:
            assert name not in strategy | season | cars | deal
        elif name == "new_time_to_sale_days":  # the new car's cycle's time_to_sale_days
            assert "time_to_sale_days" in cars
        else:
            assert name in strategy | season | cars | deal | events, name


def test_to_model_passes_every_value_through_unchanged() -> None:
    values = SCHEMA.defaults()
    params, season = to_model(values, **CAR_DEAL)
    for name, value in values.items():
        for obj in (params, season, params.used, params.used.cycle):
            if hasattr(obj, name):
                got = getattr(obj, name)
                assert got == value and type(got) is type(value), name
    assert params.calendar == season.calendar()
    assert params.new.cycle.time_to_sale_days == values["new_time_to_sale_days"]


def test_the_used_car_is_the_car_reports_deal() -> None:
    params, _ = to_model(SCHEMA.defaults(), **CAR_DEAL)
    used = params.used
    assert (used.margin_cny, used.company_share_cny, used.capital_cny) == (10_500, 0, 72_500)
    assert used.cycle_days == 41 == CAR.cycle.total_days
    assert (used.waku_price_cny, used.transport_cny) == (25_000, 2_500)
    # half the width of the reported 10,000-12,000 of 2025
    assert (used.margin_low_cny, used.margin_high_cny) == (9_500, 11_500)
    # the company's share is taken once, in the deal: the investor keeps the margin
    assert used_car_profit_cny(params, "state_led") == 10_500
    # no waku (25,000 kept), no company share to pay, 10,000 of extra costs
    assert used_car_profit_cny(params, "independent") == 10_500 + 25_000 - 10_000


def test_state_led_profit_per_cycle_is_the_car_reports_net_profit() -> None:
    params, season = to_model(SCHEMA.defaults(), **CAR_DEAL)
    net = 10_500 - 72_500 * 0.6 * 41 / 365  # the car report's net profit per car
    assert CAR.pnl.net_profit_cny == pytest.approx(net, abs=1e-9)
    assert used_car_profit_per_cycle_cny(params, "state_led") == pytest.approx(net, abs=1e-9)
    # the whole model, with nothing else in the way: used cars only, a river open all year,
    # no halts, no thaw: each of the 365 / 41 cycles earns the net profit on 72,500 CNY
    open_year = replace(season, frozen_months=(), thaw_months=(), flood_months=()).calendar()
    plain = replace(params, used_share=1.0, calendar=open_year, halts_per_year=0.0, downside=())
    cycles = 365 / 41
    assert expected_annual_return(plain, "state_led") == pytest.approx(
        cycles * net / 72_500, abs=1e-12
    )
    sims = simulate_annual_returns(plain, 20_000, seed=1, strategies=("state_led",))
    # the margin's draws are symmetric around the car's margin: the mean is the net profit
    assert sims["state_led"].mean() * 72_500 / cycles == pytest.approx(net, abs=10.0)


def test_the_state_led_route_follows_the_car_reports_world() -> None:
    # a world with a company share: the margin the car report records is after it, and the
    # investor does not take it again
    shared = car.to_model(car.SCHEMA.validate({"company_profit_share": 0.2}))
    deal = car_deal(car.deal_results(shared))
    params, _ = to_model(SCHEMA.validate({"company_profit_share": 0.2}), **deal)
    assert used_car_profit_cny(params, "state_led") == pytest.approx(0.8 * 10_500, abs=1e-9)
    assert used_car_profit_cny(params, "independent") == pytest.approx(25_500, abs=1e-9)
    assert used_car_profit_per_cycle_cny(params, "state_led") == pytest.approx(
        shared.pnl.net_profit_cny, abs=1e-9
    )
    # the new car's deal takes the same share, once
    assert params.new.company_share_cny == pytest.approx(0.2 * 20_000, abs=1e-9)
    assert params.new.margin_cny == pytest.approx(0.8 * 20_000, abs=1e-9)


def test_the_new_car_is_the_car_reports_new_car() -> None:
    params, _ = to_model(SCHEMA.defaults(), **CAR_DEAL)
    row = next(r for r in car_tables.class_rows(CAR) if r["class"] == NEW_CAR.label)
    new = params.new
    assert new.margin_cny == row["margin"] == 20_000  # 167,500 - 120,000 - 2,500 - 25,000
    assert new.capital_cny == 147_500
    assert new.cycle_days == row["days"] == 87  # 41 - 14 + 60
    assert new.margin_spread_cny == 5_000  # half the assumed 15,000-25,000
    net = vehicle_pnl(NEW_CAR.deal(annual_interest_rate=0.6, financing_days=87)).net_profit_cny
    assert row["net"] == pytest.approx(net, abs=1e-9)
    assert new.margin_cny - new.financing_cny(0.6) == pytest.approx(net, abs=1e-9)


def test_to_model_refuses_a_car_cycle_from_another_world() -> None:
    with pytest.raises(ValueError, match="same world"):
        to_model(SCHEMA.defaults(), **{**CAR_DEAL, "cycle_days": 20.0})


def test_to_model_known_answers_at_the_defaults() -> None:
    params, season = to_model(SCHEMA.defaults(), **CAR_DEAL)
    expected = expected_annual_returns(params)
    # closed-form expected annual returns after interest (5% a month), with the documented
    # losses and the record's halts, pinned
    assert expected["state_led"] == pytest.approx(-0.036105488415459006, abs=1e-12)
    assert expected["independent"] == pytest.approx(0.47173311581963173, abs=1e-12)
    # remittance by hand: 6 cycles x (0.9 x 20% - 0.1 x 150%) - 60% interest
    assert expected["remittance"] == pytest.approx(6 * (0.9 * 0.2 - 0.1 * 1.5) - 0.6, abs=1e-12)
    # car capital pays interest on the 337.3 operating days (halted days included), not 365
    cost = interest_cost_per_unit_rate(params)
    assert cost["state_led"] == pytest.approx(337.3 / 365, abs=1e-12)
    assert season.calendar().operating_days_per_year() == pytest.approx(337.3, abs=1e-9)


def test_to_model_follows_overrides() -> None:
    changes = {
        "crackdown_probability": 0.2,
        "halts_per_year": 2.0,
        "time_to_sale_days": 20,
        "calendar_halt_days": 31,
    }
    values = SCHEMA.validate(changes)
    params, season = to_model(values, **{**CAR_DEAL, "cycle_days": 47.0})
    assert params.crackdown_probability == 0.2 and params.halts_per_year == 2.0
    assert params.used.cycle_days == 47.0
    assert params.new.cycle_days == 47.0 - 20 + 60
    # the known halt is in the strategies' calendar: 31 fewer operating days
    assert params.calendar.operating_days_per_year() == pytest.approx(337.3 - 31, abs=1e-9)
    assert season.calendar_halt_days == 31


def test_halt_start_day_rule_knows_month_lengths() -> None:
    with pytest.raises(ValueError, match="at most 28"):
        SCHEMA.validate({"calendar_halt_start_month": 2, "calendar_halt_start_day": 30})
    SCHEMA.validate({"calendar_halt_start_month": 1, "calendar_halt_start_day": 31})


def test_what_if_scenario_files_set_the_model_what_if_figures() -> None:
    thaw = load_scenario(SCENARIOS / "investor_thaw.yaml").parameters
    assert thaw == {
        "thaw_capacity": WHAT_IF_FIGURES["thaw_capacity"][1].value,
        "thaw_cost_multiplier": WHAT_IF_FIGURES["thaw_cost_multiplier"][1].value,
    }
    halt = load_scenario(SCENARIOS / "investor_halt.yaml").parameters
    assert halt == {
        "calendar_halt_days": WHAT_IF_FIGURES["calendar_halt_days"][1].value,
        "calendar_halt_start_month": HALT_START.month,
        "calendar_halt_start_day": HALT_START.day,
    }
    assert (HALT_START.month, HALT_START.day) == (5, 15)  # the fact's date, 15 May 2025
