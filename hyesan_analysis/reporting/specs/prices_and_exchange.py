"""Parameters and promised results of the prices_and_exchange report, and the model objects
they build (:func:`to_model`); the report's words and table rows are in
:mod:`hyesan_analysis.reporting.specs.prices_and_exchange_text`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, Rule
from hyesan_analysis.reporting.specs._world import use

if TYPE_CHECKING:  # the model imports pandas; the registry imports this module at start-up
    from hyesan_analysis.model.car_profit_wages import CarProfit
    from hyesan_analysis.model.market_filter import MarketWindow
    from hyesan_analysis.model.passthrough_headline import ChangeSettings
    from hyesan_analysis.model.real_wage import WageScale

#: Cities of market_rates.csv that carry an exchange rate (the pass-through needs one).
CITIES = (
    "Hyesan",
    "Pyongyang",
    "Sinuiju",
    "Ryanggang/North Hamgyong (Asia Press average)",
)
PUBLISHERS = ("Daily NK", "NK Times", "Asia Press", "The Asia Review")
_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


def _months_valid(values: Mapping[str, Any]) -> str | None:
    bad = [n for n in ("start_month", "end_month") if not _MONTH.match(values[n])]
    if bad:
        return f"expected months written YYYY-MM (e.g. 2024-01); {', '.join(bad)} is not"
    return None


def _window_ordered(values: Mapping[str, Any]) -> str | None:
    if values["start_month"] > values["end_month"]:
        return "expected start_month <= end_month"
    return None


def _reform_month_valid(values: Mapping[str, Any]) -> str | None:
    if not _MONTH.match(values["reform_month"]):
        return "expected a month written YYYY-MM (e.g. 2023-10)"
    return None


def _filters_leave_observations(values: Mapping[str, Any]) -> str | None:
    """The city, publisher and window must leave at least one market observation, or the
    report would have nothing to show (checked on the data, before any kernel starts)."""
    from hyesan_analysis.data.loaders import load_market_rates
    from hyesan_analysis.model.market_filter import MarketWindow
    from hyesan_analysis.model.market_frame import InsufficientDataError

    window = MarketWindow(
        city=values["city"],
        publisher_filter=values["publisher_filter"],
        start_month=values["start_month"],
        end_month=values["end_month"],
    )
    try:
        window.shown(window.market(load_market_rates()))
    except InsufficientDataError:
        return "expected a city, publisher and window that leave a market observation"
    return None


def _wage_rises(values: Mapping[str, Any]) -> str | None:
    if values["wage_after_kpw"] < values["wage_before_kpw"]:
        return "expected wage_before_kpw <= wage_after_kpw (the reform raised wages)"
    return None


SCHEMA = ReportSchema(
    params=(
        Param(
            "city",
            str,
            "all",
            "city",
            "City of the preferred pass-through fit and of the charts ('all': pooled)",
            choices=("all", *CITIES),
            rationale="No city but Pyongyang has enough same-publisher changes for a fit of "
            "its own (Hyesan: one rice-and-dollar change), so the default pools every city.",
        ),
        Param(
            "rate_series",
            str,
            "USD",
            "currency",
            "Exchange rate of the preferred fit: KPW per USD or KPW per CNY",
            choices=("CNY", "USD"),
            rationale="The dollar rate has the most same-publisher changes paired with rice "
            "(8, against 3 for the yuan, too few for a drift and a slope with a residual degree "
            "of freedom to spare); the yuan fit is shown beside it.",
        ),
        Param(
            "publisher_filter",
            str,
            "all",
            "publisher",
            "Keep only one publisher's observations ('all' keeps every publisher)",
            choices=("all", *PUBLISHERS),
            rationale="Every publisher is kept by default; a change is never taken between "
            "two publishers.",
        ),
        Param(
            "start_month",
            str,
            "2020-01",
            "YYYY-MM",
            "First month of the date window",
            rationale="Covers the whole series (first observation November 2020).",
        ),
        Param(
            "end_month",
            str,
            "2026-12",
            "YYYY-MM",
            "Last month of the date window",
            rationale="Covers the whole series (last observation February 2026).",
        ),
        Param(
            "fallback_to_pooled",
            bool,
            True,
            "",
            "Use the pooled fit when the city's own fit is impossible",
            rationale="A city too thin for its own fit still gets the pooled estimate, "
            "labelled as such; set false to make a too-thin city an error instead.",
        ),
        Param(
            "min_changes",
            int,
            3,
            "changes",
            "Fewest log changes accepted for a fit",
            minimum=3,
            maximum=100,
            rationale="Three changes are the fewest that leave a residual degree of freedom "
            "after a drift and a slope; fits on so few are flagged as thin, never hidden.",
        ),
        Param(
            "max_gap_months",
            float,
            12.0,
            "months",
            "Longest interval one log change may span",
            minimum=1.0,
            maximum=120.0,
            rationale="A change over more than a year mixes many shocks; the charts leave the "
            "same gaps open.",
        ),
        Param(
            "lean_first_month",
            int,
            3,
            "month (1-12)",
            "First calendar month of the lean season (for the seasonal control)",
            minimum=1,
            maximum=12,
            rationale="North Korea's lean season runs from March to August, when stocks are "
            "depleted and the next harvest is still growing (WFP's country director, reported "
            "by The Japan Times).",
        ),
        Param(
            "lean_last_month",
            int,
            8,
            "month (1-12)",
            "Last calendar month of the lean season",
            minimum=1,
            maximum=12,
            rationale="As lean_first_month: the season ends with the autumn harvest.",
        ),
        Param(
            "basket_rice_share",
            float,
            0.5,
            "share by weight",
            "Rice's share of the rice-and-corn basket (the rest is corn)",
            minimum=0.0,
            maximum=1.0,
            rationale="An even mix: rice is the staple of those who can afford it, corn of "
            "those who cannot, and a worker's household eats both.",
        ),
        Param(
            "reform_tolerance_months",
            int,
            3,
            "months",
            "Farthest a price may be from the reform month to price the pre-reform wage",
            minimum=0,
            maximum=24,
            rationale="Beyond a quarter after October 2023 the old wage was no longer paid, "
            "so a later price says nothing about what it bought.",
        ),
        *use("wage_before_kpw", "wage_after_kpw"),
        Param.from_fact(
            "reform_month",
            str,
            "wage_reform_2023_10",
            "YYYY-MM",
            "First month paid at the new wage",
            field="date",
        ),
        # converts the car report's margin (an upstream figure, not a parameter) into won
        *use("rate_after_kpw_per_cny"),
        Param(
            "conflict_tolerance",
            float,
            0.25,
            "log points",
            "Log difference above which two publishers' same-month figures conflict",
            minimum=0.01,
            maximum=5,
            rationale="0.25 log points (a ratio of about 1.28) is wider than the spread "
            "between cities in one survey, so only real disagreements are flagged.",
        ),
    ),
    rules=(
        Rule(("start_month", "end_month"), _months_valid),
        Rule(("start_month", "end_month"), _window_ordered),
        Rule(("reform_month",), _reform_month_valid),
        Rule(("wage_before_kpw", "wage_after_kpw"), _wage_rises),
        Rule(
            ("city", "publisher_filter", "start_month", "end_month"),
            _filters_leave_observations,
            reads_data=True,
        ),
    ),
)

SPEC = ReportSpec(
    name="prices_and_exchange",
    title="The won's fall, food prices and wages",
    question="As the won fell against the yuan and the dollar, how closely did rice and corn "
    "prices move with it in Hyesan and elsewhere, and what is a worker's wage, and a smuggled "
    "car's profit, worth in rice?",
    schema=SCHEMA,
    required_results={
        "passthrough_rice": "elasticity",
        "passthrough_rice_ci_low": "elasticity",
        "passthrough_rice_ci_high": "elasticity",
        "passthrough_corn": "elasticity",
        "passthrough_corn_ci_low": "elasticity",
        "passthrough_corn_ci_high": "elasticity",
        "passthrough_preferred": "elasticity",
        "passthrough_preferred_ci_low": "elasticity",
        "passthrough_preferred_ci_high": "elasticity",
        "passthrough_spec_min": "elasticity",
        "passthrough_spec_max": "elasticity",
        "passthrough_n": "log changes",
        "passthrough_df": "degrees of freedom",
        "real_wage_rice_kg_at_reform": "kg of rice per month",
        "real_wage_rice_kg_latest": "kg of rice per month",
        "car_profit_in_wage_months": "months of wage",
    },
    cited_facts=(
        "flood_halt_2024_event",
        "halt_2025_05_event",
        "staple_food_price_increase_since_reform_fold",
        "kpw_per_cny_before_half_year_2024_upi",
        "kpw_per_cny_2024_12_upi",
        "fx_demand_from_car_smuggling",
        "remittance_brokers_switch_to_cars",
        "official_bank_rate_2025_10_kpw_per_cny",
    ),
    # the smuggler's margin per car is the car report's, computed in the same world
    upstream=("car_unit_economics",),
    order=30,
)


@dataclass(frozen=True)
class PricesModel:
    """The model objects of one run of the report (fields carry the parameters' names).

    Attributes
    ----------
    window : MarketWindow
        ``city``, ``publisher_filter``, ``start_month``, ``end_month``.
    passthrough : ChangeSettings
        ``rate_series``, ``fallback_to_pooled``, ``min_changes``,
        ``max_gap_months``, ``lean_first_month``, ``lean_last_month``.
    wages : WageScale
        ``wage_before_kpw``, ``wage_after_kpw``, ``reform_month``.
    car : CarProfit
        ``profit_per_car_cny`` (the car report's margin), ``rate_after_kpw_per_cny``.
    conflict_tolerance : float
        Log difference above which two publishers' same-month figures conflict.
    basket_rice_share : float
        Rice's share of the rice-and-corn basket by weight.
    reform_tolerance_months : int
        Farthest a price may be from the reform month to price the pre-reform wage.
    """

    window: MarketWindow
    passthrough: ChangeSettings
    wages: WageScale
    car: CarProfit
    conflict_tolerance: float
    basket_rice_share: float
    reform_tolerance_months: int


def to_model(values: Mapping[str, Any], *, profit_per_car_cny: float) -> PricesModel:
    """The report's model objects from its validated parameters and the upstream margin.

    Parameters
    ----------
    values : mapping
        Every parameter of :data:`SCHEMA`, validated (``SCHEMA.validate`` output).
    profit_per_car_cny : float
        The smuggler's margin per used car (CNY), as the car_unit_economics report recorded
        it in the same world (``rn.upstream_value("car_unit_economics",
        "profit_per_car_cny")``).

    >>> m = to_model(SCHEMA.defaults(), profit_per_car_cny=10_500.0)
    >>> m.window.focus_city, m.passthrough.other_rate_series, m.car.profit_kpw
    ('Hyesan', 'CNY', 31500000.0)
    """
    from hyesan_analysis.model.car_profit_wages import CarProfit
    from hyesan_analysis.model.market_filter import MarketWindow
    from hyesan_analysis.model.passthrough_headline import ChangeSettings
    from hyesan_analysis.model.real_wage import WageScale

    def take(kind: Any) -> Any:  # a model object's fields are named as the parameters
        return kind(**{f.name: values[f.name] for f in fields(kind)})

    return PricesModel(
        window=take(MarketWindow),
        passthrough=take(ChangeSettings),
        wages=take(WageScale),
        car=CarProfit(
            profit_per_car_cny=float(profit_per_car_cny),
            rate_after_kpw_per_cny=values["rate_after_kpw_per_cny"],
        ),
        conflict_tolerance=values["conflict_tolerance"],
        basket_rice_share=values["basket_rice_share"],
        reform_tolerance_months=values["reform_tolerance_months"],
    )
