"""Public entry point of the investor_returns model.

Re-exports the three topic modules so a notebook needs one import:

- ``capital_cycle``: days from paying in China to cash from the sale, financing cost;
- ``season``: the month-by-month crossing calendar (frozen river, thaw, floods, halts);
- ``strategies``: state-led, independent and remittance returns, closed form and Monte
  Carlo, the break-even crackdown probability and the what-if scenarios.

Example
-------
>>> from hyesan_analysis.model.investment import StrategyParams, investor_results
>>> results = investor_results(StrategyParams(), n_years=20_000, seed=1)
>>> sorted(results)[:3]
['annual_return_independent', 'annual_return_remittance', 'annual_return_state_led']
"""

from __future__ import annotations

from hyesan_analysis.model.capital_cycle import CapitalCycle, cycles_per_year
from hyesan_analysis.model.finance import DAYS_PER_YEAR, financing_cost_cny
from hyesan_analysis.model.season import (
    MONTH_DAYS,
    MONTH_NAMES,
    MonthlyCalendar,
    build_calendar,
    calendar_matrix,
    effective_operating_days,
    grouped_records,
    with_halt,
    with_months,
)
from hyesan_analysis.model.strategies import (
    DEFAULT_SEED,
    PARAMETER_NOTES,
    STRATEGIES,
    Strategy,
    StrategyParams,
    breakeven_crackdown_probability,
    compare_scenarios,
    default_scenarios,
    expected_annual_return,
    expected_annual_returns,
    expected_returns_over,
    independent_profit_per_car_cny,
    investor_results,
    simulate_annual_returns,
    smuggler_profit_per_car_cny,
    summarize,
    what_if_calendars,
)

__all__ = [
    "DAYS_PER_YEAR",
    "DEFAULT_SEED",
    "MONTH_DAYS",
    "MONTH_NAMES",
    "PARAMETER_NOTES",
    "STRATEGIES",
    "CapitalCycle",
    "MonthlyCalendar",
    "Strategy",
    "StrategyParams",
    "breakeven_crackdown_probability",
    "build_calendar",
    "calendar_matrix",
    "compare_scenarios",
    "cycles_per_year",
    "default_scenarios",
    "effective_operating_days",
    "expected_annual_return",
    "expected_annual_returns",
    "expected_returns_over",
    "financing_cost_cny",
    "grouped_records",
    "independent_profit_per_car_cny",
    "investor_results",
    "simulate_annual_returns",
    "smuggler_profit_per_car_cny",
    "summarize",
    "what_if_calendars",
    "with_halt",
    "with_months",
]
