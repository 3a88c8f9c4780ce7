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
        Param.from_fact(
            "wage_before_kpw",
            float,
            "worker_wage_before_reform_kpw_per_month",
            "KPW per month",
            "A worker's monthly state wage before the reform",
            minimum=1,
            maximum=10_000_000,
        ),
        Param.from_fact(
            "wage_after_kpw",
            float,
            "worker_wage_after_reform_kpw_per_month",
            "KPW per month",
            "A worker's monthly state wage from the reform month",
            minimum=1,
            maximum=10_000_000,
        ),
        Param.from_fact(
            "reform_month",
            str,
            "wage_reform_2023_10",
            "YYYY-MM",
            "First month paid at the new wage",
            field="date",
        ),
        Param(
            "car_profit_cny",
            float,
            10500.0,
            "CNY per vehicle",
            "A smuggler's profit on one used car",
            minimum=0,
            maximum=500_000,
            rationale="Derived from sourced facts at the founding report's figures: "
            "83,000 sale (used_car_sale_price_2025_cny) - 45,000 purchase "
            "(used_car_purchase_price_china_2024_cny) - 2,500 transport "
            "(transport_cost_per_vehicle_2024_cny) - 25,000 waku (waku_price_2025_cny) "
            "= 10,500, inside the reported 10,000-12,000 (smuggler_profit_per_car_2025_cny); "
            "the car_unit_economics report computes the same margin.",
        ),
        Param.from_fact(
            "car_profit_rate_kpw_per_cny",
            float,
            "hyesan_market_rate_founding_kpw_per_cny",
            "KPW per CNY",
            "Exchange rate used to convert the car's profit into won",
            minimum=1,
            maximum=1_000_000,
        ),
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
        "used_car_sale_price_2025_cny",
        "used_car_purchase_price_china_2024_cny",
        "transport_cost_per_vehicle_2024_cny",
        "waku_price_2025_cny",
        "smuggler_profit_per_car_2025_cny",
        "fx_demand_from_car_smuggling",
        "remittance_brokers_switch_to_cars",
        "official_bank_rate_2025_10_kpw_per_cny",
    ),
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
        ``car_profit_cny``, ``car_profit_rate_kpw_per_cny``.
    conflict_tolerance : float
        Log difference above which two publishers' same-month figures conflict.
    """

    window: MarketWindow
    passthrough: PassthroughSettings
    wages: WageScale
    car: CarProfit
    conflict_tolerance: float


def to_model(values: Mapping[str, Any]) -> PricesModel:
    """The report's model objects from its validated parameters (``SCHEMA.validate`` output).

    >>> m = to_model(SCHEMA.defaults())
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
        car=take(CarProfit),
        conflict_tolerance=values["conflict_tolerance"],
    )
