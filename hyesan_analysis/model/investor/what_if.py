"""What-ifs on a run's calendar: a hard thaw and a halt like May 2025, and their returns.

The what-ifs are model figures (``WHAT_IF_FIGURES``, each sourced or assumed); the named
scenarios ``scenarios/investor_thaw.yaml`` and ``scenarios/investor_halt.yaml`` set the same
values as report parameters (a test keeps them equal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.investor.closed_form import expected_annual_return
from hyesan_analysis.model.investor.downside import halt_what_if_windfall_cny
from hyesan_analysis.model.investor.monte_carlo import simulate_annual_returns, summarize
from hyesan_analysis.model.investor.parameters import STRATEGIES, StrategyParams
from hyesan_analysis.model.investor.season import (
    THAW_MONTHS,
    MonthlyCalendar,
    SeasonParams,
    with_months,
)
from hyesan_analysis.model.provenance import Figure, assumed

__all__ = [
    "HALT_EVENT_FACT",
    "HALT_START",
    "WHAT_IF_FIGURES",
    "WHAT_IF_STOCK_GAIN_CNY",
    "compare_scenarios",
    "what_if_calendars",
]

#: The halt the halt what-if repeats: its date is the fact's date.
HALT_EVENT_FACT = "halt_2025_05_event"
#: The day the halt what-if starts (the fact's date).
HALT_START = dt.date.fromisoformat(get_fact(HALT_EVENT_FACT).date)

#: What each what-if assumes, and why.
WHAT_IF_FIGURES: dict[str, tuple[str, Figure]] = {
    "thaw_capacity": (
        "Share of days cars can cross in a hard thaw (what-if)",
        assumed(
            0.5,
            "share of days",
            "Smuggling gets harder at the thaw (sourced); a hard thaw halves the crossing days.",
        ),
    ),
    "thaw_cost_multiplier": (
        "Crossing-cost multiplier in a hard thaw (what-if)",
        assumed(
            3.0,
            "x base crossing cost",
            "Prices are expected to rise at the thaw (sourced); a hard thaw triples the cost "
            "of a crossing.",
        ),
    ),
    "calendar_halt_days": (
        "Length of the halt what-if, from the day the 2025 suspension began",
        assumed(
            31.0,
            "days",
            "The suspension from mid-May 2025 lasted more than a month (sourced in words); 31 "
            "days is the shortest reading.",
        ),
    ),
}


#: The windfall per car in stock of each what-if's known halt: the halt what-if follows
#: 2025, when the price went from 70,000 before the halt to 85,000 after it.
WHAT_IF_STOCK_GAIN_CNY: dict[str, float] = {"halt": halt_what_if_windfall_cny()}


def _figure(name: str) -> float:
    return WHAT_IF_FIGURES[name][1].value


def what_if_calendars(season: SeasonParams) -> dict[str, MonthlyCalendar]:
    """Base, "thaw" and "halt" calendars built on a run's season.

    ``thaw``: in the thaw months, capacity at most and cost at least the hard-thaw figures,
    on top of the base calendar. ``halt``: no crossings for the halt what-if's days from the
    date of ``HALT_EVENT_FACT`` (15 May 2025), *in place of* any known halt the run has (a
    second halt on the same days would count them twice), on top of the random halt risk.

    Returns
    -------
    dict of str to MonthlyCalendar
        ``base``, ``thaw`` and ``halt``, for ``compare_scenarios``.
    """
    base = season.calendar()
    capacity, cost = _figure("thaw_capacity"), _figure("thaw_cost_multiplier")
    thaw = with_months(
        base,
        THAW_MONTHS,
        capacity=capacity,
        cost_multiplier=cost,
        fact_ids=("thaw_prices_expected_to_rise",),
        note=f"what-if hard thaw: capacity {capacity:g}, cost x{cost:g} (assumed)",
    )
    halt = replace(
        season,
        calendar_halt_start_month=HALT_START.month,
        calendar_halt_start_day=HALT_START.day,
        calendar_halt_days=_figure("calendar_halt_days"),
    ).calendar()
    return {"base": base, "thaw": thaw, "halt": halt}


def compare_scenarios(
    params: StrategyParams,
    scenarios: Mapping[str, MonthlyCalendar],
    n_years: int,
    seed: int,
    stock_gains: Mapping[str, float] = WHAT_IF_STOCK_GAIN_CNY,
    base_sims: Mapping[str, NDArray[np.float64]] | None = None,
) -> list[dict[str, float | str]]:
    """Returns of each strategy under each scenario calendar.

    Parameters
    ----------
    params : StrategyParams
        Base parameters; each scenario replaces only the calendar.
    scenarios : mapping of str to MonthlyCalendar
        E.g. ``what_if_calendars(season)``; the first is the base the others are compared to.
    n_years, seed : int
        Monte Carlo size and seed (the same seed for every scenario).
    stock_gains : mapping of str to float
        Windfall per car in stock of a scenario's known halt, CNY (default: the halt
        what-if's 85,000 - 70,000); scenarios not named keep the run's.
    base_sims : mapping of str to ndarray, optional
        ``simulate_annual_returns(params, n_years, seed)`` if already run: a scenario with
        ``params``' own calendar and windfall reuses it instead of drawing it again.
        Remittance brokering needs no river, so its years are drawn once for all scenarios.

    Returns
    -------
    list of dict
        One row per scenario and strategy: ``scenario``, ``strategy``, ``operating_days``,
        ``expected`` (closed form), ``expected_vs_base`` (difference from the first
        scenario), and the ``summarize`` figures of the Monte Carlo.
    """
    cals = dict(scenarios)
    if not cals:
        raise ValueError("scenarios must not be empty")
    rows: list[dict[str, float | str]] = []
    first: dict[str, float] = {}
    cars = [s for s in STRATEGIES if s != "remittance"]
    brokering: NDArray[np.float64] | None = None
    for name, cal in cals.items():
        gain = stock_gains.get(name, params.known_halt_stock_gain_cny_per_car)
        p = replace(params, calendar=cal, known_halt_stock_gain_cny_per_car=gain)
        own = cal == params.calendar and gain == params.known_halt_stock_gain_cny_per_car
        if base_sims is not None and own:
            sims = dict(base_sims)
        else:
            routes = cars if brokering is not None else list(STRATEGIES)
            sims = simulate_annual_returns(p, n_years, seed, routes)
        if brokering is None:
            brokering = sims["remittance"]
        sims["remittance"] = brokering
        for s in STRATEGIES:
            expected = expected_annual_return(p, s)
            first.setdefault(s, expected)
            row: dict[str, float | str] = {
                "scenario": name,
                "strategy": s,
                "operating_days": cal.operating_days_per_year(),
                "expected": expected,
                "expected_vs_base": expected - first[s],
            }
            row.update(summarize(sims[s]))
            rows.append(row)
    return rows
