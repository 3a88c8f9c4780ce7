"""The investor model's worlds for the tests: the default one (the car report's deal and the
investor's defaults) and a hand-computable one."""

from __future__ import annotations

from dataclasses import replace

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.investor import CarTerms
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, car_deal, to_model

# the default world: the car report's deal, the investor's parameters, the model's own figures
CAR_DEAL = car_deal(car.deal_results(car.to_model(car.SCHEMA.defaults())))
DEFAULT, SEASON = to_model(SCHEMA.defaults(), **CAR_DEAL)
OPEN = replace(SEASON, frozen_months=(), thaw_months=(), flood_months=()).calendar()  # 365 days

# A hand-computable world: 365 operating days, a 73-day cycle (5 cycles a year), used cars
# only, a fixed margin of 7,700 CNY after a 3,300 share for the company (30% of 11,000),
# 10% interest, no halts, no losses, no seizures.
SIMPLE_CYCLE = CapitalCycle(30.0, 3.0, 5.0, 10.0, 25.0)
SIMPLE_CAR = CarTerms(
    margin_cny=7_700.0,
    company_share_cny=3_300.0,
    capital_cny=72_500.0,  # 45,000 + 2,500 + 25,000
    waku_price_cny=25_000.0,
    transport_cny=2_500.0,
    cycle=SIMPLE_CYCLE,
    margin_spread_cny=0.0,
)
SIMPLE = replace(
    DEFAULT,
    used=SIMPLE_CAR,
    used_share=1.0,
    annual_interest_rate=0.1,
    calendar=OPEN,
    halts_per_year=0.0,
    crackdown_probability=0.0,
    fine_cny=30_000.0,
    independent_extra_cost_cny=10_000.0,
    remittance_commission_low=0.2,
    remittance_commission_high=0.2,
    remittance_cycles_per_year=4.0,
    remittance_crackdown_probability=0.0,
    downside=(),
    halt_stock_gain_cny_per_car=0.0,
)
