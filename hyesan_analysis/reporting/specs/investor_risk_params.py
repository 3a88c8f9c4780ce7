"""The investor_returns report's risk parameters: documented losses, halts, risk aversion.

The losses are sourced (``hyesan_analysis.model.investor.downside``); how often each
happens is a parameter here, read from the record where it allows (the price slump: the
months of the record at the slump price) and assumed otherwise. The halts' frequency and
length are read from the stops the sources record between June 2024 and June 2025. Not a
report: the registry takes only modules that define ``SPEC``; ``investor_returns`` includes
these in its schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hyesan_analysis.reporting.authoring.schema import Param, Rule

#: Months of the record (June 2024 to June 2025) and the stops outside the monsoon in it
#: (June 2024 import halt, March 2025 Two Sessions, mid-May 2025); the July 2024 flood stop is
#: in the calendar's flood months.
RECORD_MONTHS = 13
RECORD_STOPS_OUTSIDE_MONSOON = 3
#: Lengths of the stops with a known length: 4-14 March 2025 and the 31+ days from 15 May 2025.
KNOWN_STOP_DAYS = (10, 31)

DOWNSIDE_PARAMS: tuple[Param, ...] = (
    Param(
        "price_slump_probability",
        float,
        round(2 / RECORD_MONTHS, 2),
        "probability per cycle",
        "Chance a cycle's used cars sell at the spring 2025 price of 70,000 CNY",
        minimum=0,
        maximum=1,
        rationale="Two of the 13 months of the record (June 2024 to June 2025) had the price "
        "at 70,000 (April-May 2025, facts used_car_price_before_halt_2025_cny and "
        "used_car_sale_price_2025_cny): 2/13.",
        implied_from=("used_car_price_before_halt_2025_cny", "used_car_sale_price_2025_cny"),
    ),
    Param(
        "below_cost_probability",
        float,
        0.05,
        "probability per cycle",
        "Chance a cycle's cars sell 20,000-30,000 CNY below cost (inflated Chinese prices)",
        minimum=0,
        maximum=1,
        rationale="The loss is sourced (used_car_sale_below_cost_cny); the episode is "
        "undated and its frequency unknown: one cycle in twenty is assumed.",
    ),
    Param(
        "poor_quality_probability",
        float,
        0.02,
        "probability per cycle",
        "Chance a cycle's cars prove of poor quality and resell at a 52,000 CNY loss",
        minimum=0,
        maximum=1,
        rationale="The loss is sourced (poor_quality_car_loss_cny, an investor whose ten "
        "cars, paid up front, were seven of poor quality); how often it happens is not: one "
        "cycle in fifty is assumed.",
    ),
)


def _events_fit(values: Mapping[str, Any]) -> str | None:
    total = sum(values[p.name] for p in DOWNSIDE_PARAMS)
    if total > 1.0 + 1e-12:
        return f"expected the downside events' probabilities to sum to at most 1 (got {total:g})"
    return None


#: The downside events exclude each other within a cycle.
DOWNSIDE_RULE = Rule(tuple(p.name for p in DOWNSIDE_PARAMS), _events_fit)

HALT_PARAMS: tuple[Param, ...] = (
    Param(
        "halts_per_year",
        float,
        round(RECORD_STOPS_OUTSIDE_MONSOON * 12 / RECORD_MONTHS, 1),
        "per year",
        "Mean number of random halts of state-led smuggling a year (Poisson)",
        minimum=0,
        maximum=52,
        rationale="Three stops outside the monsoon in the 13 months from June 2024 to June "
        "2025: the June 2024 halt of used-car imports (Daily NK), the Two Sessions (March "
        "2025) and the suspension from 15 May 2025; 3 x 12 / 13. The July 2024 flood stop, "
        "a fourth, is in the calendar's flood months.",
        implied_from=("two_sessions_halt_2025", "halt_2025_05_event"),
    ),
    Param(
        "halt_days",
        int,
        round(sum(KNOWN_STOP_DAYS) / len(KNOWN_STOP_DAYS)),
        "days",
        "Length of each random halt (capital stuck, paying interest)",
        minimum=0,
        maximum=365,
        rationale="Mean of the stops with a known length: 10 days (4-14 March 2025) and 31 "
        "(15 May 2025, 'more than a month', read at its shortest).",
        implied_from=("two_sessions_halt_2025", "halt_2025_05_event"),
    ),
)

RISK_AVERSION = Param(
    "risk_aversion",
    float,
    2.0,
    "relative risk aversion",
    "Constant relative risk aversion of the investor for the certainty-equivalent return",
    minimum=0,
    maximum=20,
    rationale="No source; 2 is a middle value of the 1-4 usually estimated for households. "
    "The report shows every value from 0 (risk neutral) to 5.",
)
