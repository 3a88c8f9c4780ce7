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
    from hyesan_analysis.model.passthrough_fits import PassthroughSettings
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
            "City of the headline pass-through fit and of the charts ('all': pooled)",
            choices=("all", *CITIES),
            rationale="The data hold too few same-publisher pairs for a Hyesan-only fit "
            "(4 rice~CNY pairs), so the default pools every city with city fixed effects.",
        ),
        Param(
            "rate_series",
            str,
            "CNY",
            "currency",
            "Exchange rate of the headline fit: KPW per CNY or KPW per USD",
            choices=("CNY", "USD"),
            rationale="The founding report states the yuan rate; the dollar rate (more "
            "pairs) is shown beside it as a check.",
        ),
        Param(
            "publisher_filter",
            str,
            "all",
            "publisher",
            "Keep only one publisher's observations ('all' keeps every publisher)",
            choices=("all", *PUBLISHERS),
            rationale="Every publisher is kept by default; publishers are never mixed "
            "within a fitted pair unless publisher_policy is 'any'.",
        ),
        Param(
            "publisher_policy",
            str,
            "same",
            "policy",
            "Pair a price only with a rate of the same publisher ('same') or any ('any')",
            choices=("same", "any"),
            rationale="NK Times and Daily NK disagree by up to 72% on the same day "
            "(Nov 2024); pairing within one publisher keeps that gap out of the slope.",
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
            "min_points",
            int,
            5,
            "pairs",
            "Fewest aligned pairs accepted for a fit",
            minimum=3,
            maximum=100,
            rationale="Below five pairs a slope and its interval rest on one or two "
            "degrees of freedom; five is the model's default floor.",
        ),
        Param(
            "bootstrap_draws",
            int,
            2000,
            "resamples",
            "Pairs-bootstrap resamples for the robustness interval",
            minimum=100,
            maximum=100_000,
            rationale="2,000 resamples give stable 2.5% and 97.5% percentiles.",
        ),
        Param(
            "seed",
            int,
            0,
            "",
            "Seed of the bootstrap's random numbers",
            minimum=0,
            maximum=2**32 - 1,
            rationale="Fixed so the same parameters give the same interval.",
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
    ),
)

SPEC = ReportSpec(
    name="prices_and_exchange",
    title="What the won's fall did to prices and wages",
    question="Did the won's fall against the yuan and the dollar push up rice and corn prices "
    "in Hyesan and elsewhere, and what is a worker's wage, and a smuggled car's profit, worth "
    "in rice?",
    schema=SCHEMA,
    required_results={
        "passthrough_rice": "elasticity",
        "passthrough_rice_ci_low": "elasticity",
        "passthrough_rice_ci_high": "elasticity",
        "passthrough_n": "pairs",
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
    passthrough : PassthroughSettings
        ``rate_series``, ``publisher_policy``, ``fallback_to_pooled``, ``min_points``,
        ``bootstrap_draws``, ``seed``.
    wages : WageScale
        ``wage_before_kpw``, ``wage_after_kpw``, ``reform_month``.
    car : CarProfit
        ``profit_per_car_cny`` (the car report's margin), ``rate_after_kpw_per_cny``.
    conflict_tolerance : float
        Log difference above which two publishers' same-month figures conflict.
    """

    window: MarketWindow
    passthrough: PassthroughSettings
    wages: WageScale
    car: CarProfit
    conflict_tolerance: float


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
    ('Hyesan', 'USD', 31500000.0)
    """
    from hyesan_analysis.model.car_profit_wages import CarProfit
    from hyesan_analysis.model.market_filter import MarketWindow
    from hyesan_analysis.model.passthrough_fits import PassthroughSettings
    from hyesan_analysis.model.real_wage import WageScale

    def take(kind: Any) -> Any:  # a model object's fields are named as the parameters
        return kind(**{f.name: values[f.name] for f in fields(kind)})

    return PricesModel(
        window=take(MarketWindow),
        passthrough=take(PassthroughSettings),
        wages=take(WageScale),
        car=CarProfit(
            profit_per_car_cny=float(profit_per_car_cny),
            rate_after_kpw_per_cny=values["rate_after_kpw_per_cny"],
        ),
        conflict_tolerance=values["conflict_tolerance"],
    )
