"""The investor_returns model: what a yuan earns a year in three uses, and how risky each is.

One import for a notebook; the topics live in their own modules:

- ``car_terms``: one car's deal over its capital cycle (``CarTerms``), the state-led route's
  unit (the cycle itself is ``hyesan_analysis.model.capital_cycle``);
- ``parameters``: the strategies' parameters (``StrategyParams``), the model's own figures
  (``MODEL_FIGURES``, ``CAR_FIGURES``) and what one used car leaves the investor;
- ``season`` and ``season_tables``: the month-by-month crossing calendar (frozen river,
  thaw, floods, halts) and its tables;
- ``cycles``: the per-cycle terms shared by the two methods below;
- ``closed_form``: expected annual returns, the break-even crackdown probability, sweeps;
- ``monte_carlo``: seeded simulated years and their summary;
- ``what_if``: a hard thaw and a halt like May 2025 on a run's calendar;
- ``downside``: the documented losses of a used car's cycle, and a halt's windfall on stock;
- ``compounding``: capital reinvested cycle after cycle for years, ruin probabilities;
- ``risk``: CRRA certainty equivalents and the risk aversion at which a route wins;
- ``results``: the report's key figures and the comparisons its answer rests on.

Example
-------
>>> from hyesan_analysis.reporting.specs import car_unit_economics as car
>>> from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, car_deal, to_model
>>> deal = car.deal_results(car.to_model(car.SCHEMA.defaults()))  # the car report's figures
>>> params, season = to_model(SCHEMA.defaults(), **car_deal(deal))
>>> sims = simulate_annual_returns(params, n_years=20_000, seed=1)
>>> sorted(investor_results(params, sims))[:3]
['annual_return_independent', 'annual_return_remittance', 'annual_return_state_led']
"""

from __future__ import annotations

from hyesan_analysis.model.capital_cycle import CapitalCycle, cycles_per_year
from hyesan_analysis.model.investor.car_terms import CarTerms, car_terms
from hyesan_analysis.model.investor.closed_form import (
    breakeven_crackdown_probability,
    expected_annual_return,
    expected_annual_returns,
    expected_returns_over,
    interest_cost_per_unit_rate,
)
from hyesan_analysis.model.investor.compounding import (
    HORIZON_YEARS,
    RUIN_WEALTH,
    WEALTH_FLOOR,
    expected_growth_factor,
    expected_wealth,
    ruin_probability,
    seizure_probability_per_year,
    simulate_growth,
    simulate_wealth,
    wealth_from_growth,
    wealth_quantiles,
)
from hyesan_analysis.model.investor.downside import DownsideEvent, used_car_downside_events
from hyesan_analysis.model.investor.monte_carlo import simulate_annual_returns, summarize
from hyesan_analysis.model.investor.parameters import (
    CAR_FIGURES,
    MODEL_FIGURES,
    STRATEGIES,
    STRATEGY_LABELS,
    Strategy,
    StrategyParams,
    used_car_margin_cny,
    used_car_profit_cny,
    used_car_profit_per_cycle_cny,
)
from hyesan_analysis.model.investor.results import (
    brokering_counterfactuals,
    compounding_results,
    investor_results,
    model_figures,
    preferred_over_rates,
    ranking_changes,
    rankings_over,
    route_variant_results,
    winner_intervals,
    zero_return_interest_rate,
)
from hyesan_analysis.model.investor.risk import (
    RISK_AVERSION_GRID,
    breakeven_risk_aversion,
    certainty_equivalent_return,
    certainty_equivalent_returns,
    certainty_equivalent_wealth,
)
from hyesan_analysis.model.investor.season import (
    MONTH_DAYS,
    MONTH_NAMES,
    MonthlyCalendar,
    SeasonParams,
    with_halt,
    with_months,
)
from hyesan_analysis.model.investor.season_tables import calendar_matrix, grouped_records
from hyesan_analysis.model.investor.what_if import (
    HALT_START,
    WHAT_IF_FIGURES,
    compare_scenarios,
    what_if_calendars,
)

__all__ = [
    "CAR_FIGURES",
    "HALT_START",
    "HORIZON_YEARS",
    "MODEL_FIGURES",
    "MONTH_DAYS",
    "MONTH_NAMES",
    "RISK_AVERSION_GRID",
    "RUIN_WEALTH",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "WEALTH_FLOOR",
    "WHAT_IF_FIGURES",
    "CapitalCycle",
    "CarTerms",
    "DownsideEvent",
    "MonthlyCalendar",
    "SeasonParams",
    "Strategy",
    "StrategyParams",
    "breakeven_crackdown_probability",
    "breakeven_risk_aversion",
    "brokering_counterfactuals",
    "calendar_matrix",
    "car_terms",
    "certainty_equivalent_return",
    "certainty_equivalent_returns",
    "certainty_equivalent_wealth",
    "compare_scenarios",
    "compounding_results",
    "cycles_per_year",
    "expected_annual_return",
    "expected_annual_returns",
    "expected_growth_factor",
    "expected_returns_over",
    "expected_wealth",
    "grouped_records",
    "interest_cost_per_unit_rate",
    "investor_results",
    "model_figures",
    "preferred_over_rates",
    "ranking_changes",
    "rankings_over",
    "route_variant_results",
    "ruin_probability",
    "seizure_probability_per_year",
    "simulate_annual_returns",
    "simulate_growth",
    "simulate_wealth",
    "summarize",
    "used_car_downside_events",
    "used_car_margin_cny",
    "used_car_profit_cny",
    "used_car_profit_per_cycle_cny",
    "wealth_from_growth",
    "wealth_quantiles",
    "what_if_calendars",
    "winner_intervals",
    "with_halt",
    "with_months",
    "zero_return_interest_rate",
]
