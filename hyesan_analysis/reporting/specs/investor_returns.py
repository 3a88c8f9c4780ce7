"""Parameters and promised results of the investor_returns report, and ``to_model``.

Each parameter is a field of the model's ``StrategyParams`` or ``SeasonParams``
(``hyesan_analysis.model.investor``), under the same name, except ``n_years`` and ``seed``
(the Monte Carlo's size and seed). The numbers the model keeps for itself carry their basis
there (``model_figures()``). The model is imported only inside ``to_model`` (the registry
must load in milliseconds).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, Rule, at_most
from hyesan_analysis.reporting.specs._investor_calendar import CALENDAR_PARAMS, HALT_DAY_RULE
from hyesan_analysis.reporting.specs._shared import APPROVAL_DAYS, INSPECTION_DAYS

if TYPE_CHECKING:
    from hyesan_analysis.model.investor import SeasonParams, StrategyParams

#: Parameters that set the Monte Carlo, not the model.
SIMULATION_PARAMETERS = ("n_years", "seed")
#: The stages of a used car's capital cycle, in days.
CYCLE_STAGE_DAYS = (
    "procurement_days",
    "crossing_days",
    "inspection_days",
    "approval_days",
    "time_to_sale_days",
)


def _cycle_has_days(values: Mapping[str, Any]) -> str | None:
    if sum(values[n] for n in CYCLE_STAGE_DAYS) <= 0:
        return "expected a capital cycle longer than 0 days"
    return None


SCHEMA = ReportSchema(
    params=(
        # financing and the state-led route
        Param(
            "annual_interest_rate",
            float,
            0.6,
            "per year",
            "Simple interest on capital while it is tied up (cycles and halts)",
            minimum=0,
            maximum=10,
            rationale="Importers borrow at interest (sourced in words, no rate given); 5% a "
            "month simple, the rate reported between acquaintances in Hyesan (loan sharks "
            "charge more). It is the assumption that drives every net return in this report.",
        ),
        Param(
            "company_profit_share",
            float,
            0.3,
            "share",
            "Trading company's share of the state-led smuggler's profit",
            minimum=0,
            maximum=1,
            rationale="Companies holding the waku share in the profit (sourced in words), "
            "split unknown; the company already takes the waku, so a minority share.",
        ),
        Param.from_fact(
            "smuggler_profit_low_cny",
            float,
            "smuggler_profit_per_car_2025_cny",
            "CNY per car",
            "Low end of the used-car smuggler's profit after the waku (2025)",
            field="low",
            minimum=0,
            maximum=100000,
        ),
        Param.from_fact(
            "smuggler_profit_high_cny",
            float,
            "smuggler_profit_per_car_2025_cny",
            "CNY per car",
            "High end of the used-car smuggler's profit after the waku (2025)",
            field="high",
            minimum=0,
            maximum=100000,
        ),
        Param.from_fact(
            "waku_cny",
            float,
            "waku_price_2025_cny",
            "CNY per car",
            "Waku price (saved by the independent route)",
            minimum=0,
            maximum=200000,
        ),
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
        Param(
            "halts_per_year",
            float,
            1.0,
            "per year",
            "Mean number of random halts of state-led smuggling a year (Poisson)",
            minimum=0,
            maximum=52,
            rationale="2025 saw a stop of about ten days (March, Two Sessions) and one of more "
            "than a month (from 15 May); one 30-day halt a year on average.",
        ),
        Param(
            "halt_days",
            int,
            30,
            "days",
            "Length of each random halt (capital stuck, paying interest)",
            minimum=0,
            maximum=365,
            rationale="The mid-May 2025 suspension lasted more than a month (sourced in "
            "words); 30 days.",
        ),
        *CALENDAR_PARAMS,
        # capital cycle
        Param(
            "procurement_days",
            int,
            10,
            "days",
            "Advance payment to the Chinese supplier until the car is at the river",
            minimum=0,
            maximum=365,
            rationale="Suppliers are paid in advance (sourced); the delay is assumed.",
        ),
        Param(
            "crossing_days",
            int,
            2,
            "days",
            "Crossing the Yalu, with waiting",
            minimum=0,
            maximum=365,
            rationale="A night crossing at a ford or temporary bridge, plus waiting; assumed.",
        ),
        INSPECTION_DAYS,
        APPROVAL_DAYS,
        Param(
            "time_to_sale_days",
            int,
            14,
            "days",
            "Approval to a buyer's cash, used car",
            minimum=0,
            maximum=365,
            rationale="Used cars sell fast (sourced in words); two weeks is assumed.",
        ),
        Param(
            "new_time_to_sale_days",
            int,
            60,
            "days",
            "Approval to a buyer's cash, new car",
            minimum=0,
            maximum=365,
            rationale="New cars sell more slowly (sourced in words); two months is assumed.",
        ),
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
            "smuggler_profit_low_cny",
            "smuggler_profit_high_cny",
            "the low end of the profit range cannot exceed the high end",
        ),
        at_most(
            "remittance_commission_low",
            "remittance_commission_high",
            "the low end of the commission range cannot exceed the high end",
        ),
        at_most(
            "time_to_sale_days",
            "new_time_to_sale_days",
            "new cars sell more slowly than used ones (founding report)",
        ),
        HALT_DAY_RULE,
        Rule(CYCLE_STAGE_DAYS, _cycle_has_days),
    ),
)

SPEC = ReportSpec(
    name="investor_returns",
    title="Why capital pours into state-led car smuggling, and how risky it is",
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
    },
    cited_facts=(
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
    ),
    order=20,
)


def to_model(values: Mapping[str, Any]) -> tuple[StrategyParams, SeasonParams]:
    """The model's parameter objects from the validated parameters.

    Every parameter but ``SIMULATION_PARAMETERS`` is a field of ``StrategyParams`` or of
    ``SeasonParams`` with the same name; the strategies get the season's calendar.

    Parameters
    ----------
    values : mapping
        The validated parameters (``SCHEMA.validate(...)`` or ``rn.start``'s result).

    Returns
    -------
    (StrategyParams, SeasonParams)
    """
    from hyesan_analysis.model.investor import SeasonParams, StrategyParams

    def pick(cls: type) -> dict[str, Any]:
        return {f.name: values[f.name] for f in fields(cls) if f.name in values}

    season = SeasonParams(**pick(SeasonParams))
    return StrategyParams(**pick(StrategyParams), calendar=season.calendar()), season
