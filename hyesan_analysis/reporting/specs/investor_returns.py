"""Parameters and promised results of the investor_returns report, and ``to_model``.

The state-led route is the car report's deal over time: ``to_model`` takes the used car's
margin (after the waku, fees and the trading company's share), the company's share, the
capital paid out up front and the cycle length as arguments, which the notebook reads from
the car report's recorded results (:func:`upstream_car_deal`). Each parameter is a field of
the model's ``StrategyParams`` or ``SeasonParams``, of the cars' ``CarTerms``,
``CapitalCycle`` or ``VehicleDeal``, under the same name, except ``new_time_to_sale_days``
(the new car's ``time_to_sale_days``) and ``n_years`` and ``seed`` (the Monte Carlo's size
and seed). The numbers the model keeps for itself carry their basis there
(``model_figures()``). The model is imported only inside ``to_model`` (the registry must
load in milliseconds).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, at_most
from hyesan_analysis.reporting.specs._investor_calendar import CALENDAR_PARAMS, HALT_DAY_RULE
from hyesan_analysis.reporting.specs._world import use
from hyesan_analysis.reporting.specs.car_unit_economics import (
    CYCLE_RULE,
    CYCLE_STAGE_DAYS,
    NEW_CARS_SELL_SLOWER,
)
from hyesan_analysis.reporting.specs.investor_risk_params import (
    DOWNSIDE_PARAMS,
    DOWNSIDE_RULE,
    HALT_PARAMS,
    RISK_AVERSION,
)

if TYPE_CHECKING:
    from hyesan_analysis.model.investor import SeasonParams, StrategyParams

#: Parameters that set the Monte Carlo, not the model.
SIMULATION_PARAMETERS = ("n_years", "n_paths", "seed")
#: The report the used car's deal comes from.
CAR_REPORT = "car_unit_economics"
#: ``to_model``'s car arguments, each the name of a result the car report records.
CAR_DEAL_RESULTS: dict[str, str] = {
    "margin_cny": "profit_per_car_cny",
    "company_share_cny": "company_share_per_car_cny",
    "capital_cny": "upfront_capital_cny",
    "cycle_days": "cycle_days",
}


def car_deal(results: Mapping[str, float]) -> dict[str, float]:
    """``to_model``'s car arguments from the car report's results (result name -> value).

    >>> car_deal({"profit_per_car_cny": 1, "company_share_per_car_cny": 0,
    ...           "upfront_capital_cny": 3, "cycle_days": 4})["capital_cny"]
    3.0
    """
    return {arg: float(results[key]) for arg, key in CAR_DEAL_RESULTS.items()}


def upstream_car_deal(upstream_value: Callable[[str, str], float]) -> dict[str, float]:
    """``to_model``'s car arguments read with ``rn.upstream_value`` (so that the parameters
    table lists each, with a link to the car report)."""
    return {arg: upstream_value(CAR_REPORT, key) for arg, key in CAR_DEAL_RESULTS.items()}


SCHEMA = ReportSchema(
    params=(
        # the deal: the used car's margin, capital and cycle come from the car report; these
        # set the new car's deal, the independent route and the season's crossing costs
        *use(
            "sale_price_cny",
            "waku_price_cny",
            "transport_cny",
            "company_profit_share",
            "annual_interest_rate",
        ),
        *DOWNSIDE_PARAMS,
        # the independent route
        Param(
            "crackdown_probability",
            float,
            0.1,
            "probability per cycle",
            "Chance an independent shipment is seized in a cycle",
            minimum=0,
            maximum=1,
            rationale="Private smuggling faces crackdowns (sourced in words), frequency "
            "unknown; read the break-even probability rather than this value.",
        ),
        Param(
            "fine_cny",
            float,
            30000.0,
            "CNY per car",
            "Fine per car when an independent shipment is seized (on top of the car)",
            minimum=0,
            maximum=1000000,
            rationale="Of the order of the 2024 waku (30,000 CNY) that was evaded; no source.",
        ),
        Param(
            "independent_extra_cost_cny",
            float,
            10000.0,
            "CNY per car",
            "Bribes and the discount for selling without papers",
            minimum=0,
            maximum=200000,
            rationale="Independent cars cannot be registered for sale like waku cars; no "
            "source gives the cost.",
        ),
        # remittance brokering
        Param(
            "remittance_crackdown_probability",
            float,
            0.1,
            "probability per cycle",
            "Chance a broker's float is seized in a cycle (phone crackdowns)",
            minimum=0,
            maximum=1,
            rationale="Severe crackdowns on Chinese phones pushed brokers into cars (sourced "
            "in words); one float in ten seized per two-month cycle is an assumption.",
        ),
        Param(
            "remittance_fine_share_of_float",
            float,
            0.5,
            "share of the float",
            "Fine or bribe when a broker's float is seized, on top of the float itself",
            minimum=0,
            maximum=10,
            rationale="No source gives it; half the float. Brokers caught in the phone "
            "crackdowns are reported to pay to get off, not how much.",
        ),
        Param(
            "remittance_commission_low",
            float,
            0.10,
            "share of volume",
            "Low end of the broker's net commission per transfer",
            minimum=0,
            maximum=1,
            rationale="A broker's net commission in crackdown years; no source gives it.",
        ),
        Param(
            "remittance_commission_high",
            float,
            0.30,
            "share of volume",
            "High end of the broker's net commission per transfer",
            minimum=0,
            maximum=1,
            rationale="See the low end; the range is drawn uniformly each cycle.",
        ),
        Param(
            "remittance_cycles_per_year",
            float,
            6.0,
            "cycles per year",
            "Times a year the broker's float turns over",
            minimum=0.1,
            maximum=365,
            rationale="The float turns over every two months (volume limited by demand, "
            "not capital); assumption.",
        ),
        # halts
        *HALT_PARAMS,
        *CALENDAR_PARAMS,
        # capital cycle (its stages split the car report's cycle; a new car sells slower)
        *use(*CYCLE_STAGE_DAYS, "new_time_to_sale_days"),
        # Monte Carlo
        Param(
            "n_years",
            int,
            200_000,
            "simulated years",
            "Simulated years per strategy in the Monte Carlo",
            minimum=1000,
            maximum=2_000_000,
            rationale="200,000 years put the standard error of each mean return below 0.3 "
            "percentage points and run in well under a second.",
        ),
        Param(
            "n_paths",
            int,
            100_000,
            "simulated investors",
            "Simulated investors per route in the five-year compounding simulation",
            minimum=1000,
            maximum=1_000_000,
            rationale="100,000 paths put the standard error of a ruin probability below 0.2 "
            "percentage points and run in well under a second.",
        ),
        RISK_AVERSION,
        Param(
            "seed",
            int,
            20250304,
            "",
            "Seed of the random draws (same seed, same numbers)",
            minimum=0,
            maximum=2**32 - 1,
            rationale="The founding report's date; any seed gives the same figures within "
            "Monte Carlo error.",
        ),
    ),
    rules=(
        at_most(
            "remittance_commission_low",
            "remittance_commission_high",
            "the low end of the commission range cannot exceed the high end",
        ),
        NEW_CARS_SELL_SLOWER,
        HALT_DAY_RULE,
        CYCLE_RULE,
        DOWNSIDE_RULE,
    ),
)

SPEC = ReportSpec(
    name="investor_returns",
    title="What capital earns in Hyesan's car smuggling and remittance brokering, and how risky it is",
    question="State-led car smuggling shares its profit with the trading company, yet it "
    "attracts the money, remittance brokers' included: what does a yuan earn a year on each "
    "route, and how risky is it?",
    schema=SCHEMA,
    required_results={
        "annual_return_state_led": "fraction per year",
        "annual_return_independent": "fraction per year",
        "annual_return_remittance": "fraction per year",
        "prob_loss_state_led": "probability",
        "prob_loss_independent": "probability",
        "breakeven_crackdown_probability": "probability per cycle",
        "capital_cycle_days": "days",
        "seizure_probability_per_year": "probability per year",
        "ruin_probability_5y_state_led": "probability",
        "ruin_probability_5y_independent": "probability",
        "ruin_probability_5y_remittance": "probability",
        "certainty_equivalent_return_state_led": "fraction per year",
        "breakeven_risk_aversion": "relative risk aversion",  # null when none in 0-5
    },
    cited_facts=(
        "state_led_smuggling_no_crackdown_risk",
        "smuggler_profit_per_car_2025_cny",
        "used_car_share_of_smuggled_vehicles",
        "remittance_brokers_switch_to_cars",
        "trading_company_profit_share_practice",
        "waku_lent_for_commission",
        "importers_borrow_at_interest",
        "yalu_frozen_nov_feb",
        "rivers_frozen_january",
        "smuggling_routes_upper_yalu_count",
        "thaw_prices_expected_to_rise",
        "flood_halt_2024_event",
        "monsoon_halts_smuggling",
        "two_sessions_halt_2025",
        "halt_2025_05_event",
        "halt_advance_payment_stuck_cny",
        "used_car_price_before_halt_2025_cny",
        "used_car_price_after_halt_2025_cny",
        "used_car_sale_below_cost_cny",
        "poor_quality_car_loss_cny",
        "informal_loan_rate_acquaintance_hyesan_2011",
        "informal_loan_rate_loan_shark_hyesan_2011",
        "moneylender_rate_sinuiju_2019",
    ),
    upstream=(CAR_REPORT,),
    order=20,
)


def to_model(
    values: Mapping[str, Any],
    *,
    margin_cny: float,
    company_share_cny: float,
    capital_cny: float,
    cycle_days: float,
) -> tuple[StrategyParams, SeasonParams]:
    """The model's parameter objects from the validated parameters and the car report's deal.

    The used car is the car report's deal (its margin after the company's share, the
    company's share, its capital and its cycle); each cycle's margin is drawn within half the
    width of the reported 2025 profit range of it. The new car is the same deal model at the
    new car's figures (``vehicle_classes.NEW_CAR``), on this run's company share and interest
    rate, over the used car's cycle with the new car's slower sale. The strategies get the
    season's calendar.

    Parameters
    ----------
    values : mapping
        The validated parameters (``SCHEMA.validate(...)`` or ``rn.start``'s result).
    margin_cny, company_share_cny, capital_cny : float
        The car report's ``profit_per_car_cny``, ``company_share_per_car_cny`` and
        ``upfront_capital_cny``, CNY per used car (see :data:`CAR_DEAL_RESULTS`).
    cycle_days : float
        The car report's ``cycle_days``: the used car's capital cycle, days.

    Returns
    -------
    (StrategyParams, SeasonParams)

    Raises
    ------
    ValueError
        If the car report's cycle is not the sum of this run's stages: the two reports were
        computed in different worlds.
    """
    from hyesan_analysis.model.capital_cycle import CapitalCycle
    from hyesan_analysis.model.investor import SeasonParams, StrategyParams
    from hyesan_analysis.model.investor.car_terms import CarTerms, car_terms
    from hyesan_analysis.model.investor.downside import (
        halt_windfall_cny,
        known_halt_windfall_cny,
        used_car_downside_events,
    )
    from hyesan_analysis.model.vehicle_classes import NEW_CAR, USED_CAR, margin_spread

    def pick(cls: type) -> dict[str, Any]:
        return {f.name: values[f.name] for f in fields(cls) if f.name in values}

    cycle = CapitalCycle(**pick(CapitalCycle))
    if not math.isclose(cycle.total_days, cycle_days, abs_tol=1e-9):
        raise ValueError(
            f"the car report's capital cycle is {cycle_days:g} days but this run's stages add "
            f"up to {cycle.total_days:g}: build both reports in the same world"
        )
    used = CarTerms(
        margin_cny=margin_cny,
        company_share_cny=company_share_cny,
        capital_cny=capital_cny,
        waku_price_cny=values["waku_price_cny"],
        transport_cny=values["transport_cny"],
        cycle=cycle,
        margin_spread_cny=margin_spread(USED_CAR).value,
    )
    new_cycle = replace(cycle, time_to_sale_days=values["new_time_to_sale_days"])
    new_deal = NEW_CAR.deal(
        company_profit_share=values["company_profit_share"],
        annual_interest_rate=values["annual_interest_rate"],
        financing_days=new_cycle.total_days,
    )
    new = car_terms(new_deal, new_cycle, margin_spread(NEW_CAR).value)
    season = SeasonParams(**pick(SeasonParams))
    downside = used_car_downside_events(
        margin_cny=margin_cny,
        sale_price_cny=values["sale_price_cny"],
        price_slump_probability=values["price_slump_probability"],
        below_cost_probability=values["below_cost_probability"],
        poor_quality_probability=values["poor_quality_probability"],
    )
    sale = values["sale_price_cny"]
    known_gain = known_halt_windfall_cny(sale) if values["calendar_halt_days"] > 0 else 0.0
    strategy = StrategyParams(
        used=used,
        new=new,
        calendar=season.calendar(),
        downside=downside,
        halt_stock_gain_cny_per_car=halt_windfall_cny(values["sale_price_cny"]),
        known_halt_stock_gain_cny_per_car=known_gain,
        **pick(StrategyParams),
    )
    return strategy, season
