"""The world the reports share: quantities defined once for the whole package.

Every report that uses one of these declares it by including the same ``Param`` object in
its schema (``use("sale_price_cny", ...)``), so a shared quantity has one name, one
default, one unit and one source or rationale in every parameter table, manifest,
``--help`` and ``list``. A world scenario (``scenarios/worlds/*.yaml``) sets them once and
every report that declares them is built under it.

Not a report: the registry takes only modules that define ``SPEC``.
"""

from __future__ import annotations

from hyesan_analysis.data.facts import get_fact
from hyesan_analysis.reporting.authoring.schema import Param

_VEHICLE_MAX_CNY = 500_000

# Informal credit in the sources (facts.csv, topic credit), monthly shares -----------------
#: The lower end: 5% a month from an acquaintance in Hyesan (Daily NK, 2011-05-16); the
#: default of ``annual_interest_rate``.
CREDIT_LOW_FACT = "informal_loan_rate_acquaintance_hyesan_2011"
#: The upper end: 10% a month, a Hyesan loan shark (Daily NK, 2011-05-16) and the top of
#: the 5-10% a month charged by moneylenders (RFA, 2019-05-12).
CREDIT_HIGH_FACTS = ("informal_loan_rate_loan_shark_hyesan_2011", "moneylender_rate_sinuiju_2019")
_MONTHS_PER_YEAR = 12


def _annual_credit_range() -> tuple[float, float]:
    """The sourced range of the informal financing rate, simple interest per year."""
    low_month = get_fact(CREDIT_LOW_FACT).number
    high_facts = [get_fact(f) for f in CREDIT_HIGH_FACTS]
    high_month = max(f.high if f.high is not None else f.number for f in high_facts)
    return round(low_month * _MONTHS_PER_YEAR, 12), round(high_month * _MONTHS_PER_YEAR, 12)


#: (low, high) simple interest per year on informal credit, from the sources above:
#: (0.6, 1.2), i.e. 5-10% a month. Reports vary ``annual_interest_rate`` over it.
ANNUAL_INTEREST_RATE_RANGE_PER_YEAR: tuple[float, float] = _annual_credit_range()

# The vehicle deal -----------------------------------------------------------------------
_DEAL = (
    Param.from_fact(
        "sale_price_cny",
        float,
        "used_car_sale_price_2025_cny",
        "CNY per vehicle",
        "Sale price of a used car in Hyesan",
        minimum=1,
        maximum=_VEHICLE_MAX_CNY,
        shared=True,
    ),
    Param.from_fact(
        "purchase_price_cny",
        float,
        "used_car_purchase_price_china_2024_cny",
        "CNY per vehicle",
        "Purchase price of a used car in China",
        minimum=0,
        maximum=_VEHICLE_MAX_CNY,
        shared=True,
    ),
    Param.from_fact(
        "transport_cny",
        float,
        "transport_cost_per_vehicle_2024_cny",
        "CNY per vehicle",
        "Transport across the Yalu (crossing crew) per vehicle",
        minimum=0,
        maximum=50_000,
        shared=True,
    ),
    Param.from_fact(
        "waku_price_cny",
        float,
        "waku_price_2025_cny",
        "CNY per vehicle",
        "Waku (state trading certificate) price per vehicle",
        minimum=0,
        maximum=200_000,
        shared=True,
    ),
    Param(
        "other_fees_cny",
        float,
        0.0,
        "CNY per vehicle",
        "Other per-vehicle fees (bribes, registration)",
        minimum=0,
        maximum=100_000,
        rationale="The June 2024 cost build-up (45,000 + 30,000 + 2,500 = 77,500 CNY) lists "
        "no other fee; raise it to test unreported costs.",
        shared=True,
    ),
    Param(
        "company_profit_share",
        float,
        0.0,
        "share",
        "Trading company's share of the margin left after purchase, transport, waku and fees",
        minimum=0,
        maximum=1,
        rationale="The reported profit per car (5,000-7,000 CNY in 2024, 10,000-12,000 in "
        "2025) equals the sale price less purchase, transport and waku with nothing more taken, "
        "so it is read as what the smuggler keeps after the trading company is paid: the "
        "company's cut is the waku it holds (state-led profits 'must be shared with trading "
        "companies', founding report). Raise it to test a further cut of the margin.",
        shared=True,
    ),
    Param.from_fact(
        "annual_interest_rate",
        float,
        CREDIT_LOW_FACT,
        "per year",
        "Simple interest on the capital while it is tied up (5% a month from an acquaintance; "
        "sources range to 10% a month from a loan shark)",
        scale=_MONTHS_PER_YEAR,
        minimum=0,
        maximum=10,
        shared=True,
    ),
)

# The capital cycle of one used car, in days ---------------------------------------------
_CYCLE = (
    Param(
        "procurement_days",
        int,
        10,
        "days",
        "Advance payment to the Chinese supplier until the car is at the river",
        minimum=0,
        maximum=365,
        rationale="Suppliers are paid in advance (sourced); the delay is assumed.",
        shared=True,
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
        shared=True,
    ),
    Param.from_fact(
        "inspection_days",
        int,
        "inspection_period_days",
        "days",
        "Inspection after arrival",
        minimum=0,
        maximum=365,
        shared=True,
    ),
    Param.from_fact(
        "approval_days",
        int,
        "sale_approval_delay_days",
        "days",
        "Sale approval after inspection (10+ reported)",
        minimum=0,
        maximum=365,
        shared=True,
    ),
    Param(
        "time_to_sale_days",
        int,
        14,
        "days",
        "Approval to a buyer's cash, used car",
        minimum=0,
        maximum=365,
        rationale="Used cars sell faster than new ones (founding report, in words); two weeks "
        "is assumed.",
        shared=True,
    ),
    Param(
        "new_time_to_sale_days",
        int,
        60,
        "days",
        "Approval to a buyer's cash, new car",
        minimum=0,
        maximum=365,
        rationale="New cars sell more slowly (founding report, in words); two months is assumed.",
        shared=True,
    ),
    Param(
        "vehicles_per_year",
        int,
        2000,
        "vehicles per year",
        "Smuggled vehicles a year through Hyesan",
        minimum=0,
        maximum=1_000_000,
        rationale="No sourced annual count; about 40 a week through Hyesan's state-led routes. "
        "Asia Press saw 100 to several hundred vehicles waiting in central Hyesan at once "
        "(Sept 2025) along 24+ routes. Set 0 for a world without smuggling.",
        shared=True,
    ),
)

# Exchange rates, with their dates, and the wage -----------------------------------------
_MONEY = (
    Param(
        "rate_before_kpw_per_cny",
        float,
        1262.0,
        "KPW per CNY",
        "Hyesan market rate before the won's fall (2024-02-04)",
        minimum=10,
        maximum=100_000,
        rationale="Hyesan market rate of 1,262 KPW per CNY on 2024-02-04 (Daily NK; "
        "observation m092 in market_rates.csv): the start of the won's 2024 fall.",
        shared=True,
    ),
    Param.from_fact(
        "rate_after_kpw_per_cny",
        float,
        "hyesan_market_rate_founding_kpw_per_cny",
        "KPW per CNY",
        "Hyesan market rate after the fall (about 3,000, reported 2025-03-04)",
        minimum=10,
        maximum=100_000,
        shared=True,
    ),
    Param.from_fact(
        "wage_before_kpw",
        float,
        "worker_wage_before_reform_kpw_per_month",
        "KPW per month",
        "A worker's monthly state wage before the October 2023 reform",
        minimum=1,
        maximum=10_000_000,
        shared=True,
    ),
    Param.from_fact(
        "wage_after_kpw",
        float,
        "worker_wage_after_reform_kpw_per_month",
        "KPW per month",
        "A worker's monthly state wage after the October 2023 reform",
        minimum=1,
        maximum=10_000_000,
        shared=True,
    ),
    Param(
        "households_represented",
        int,
        48_000,
        "households",
        "Real households in Hyesan",
        minimum=1_000,
        maximum=1_000_000,
        rationale="2008 census population of Hyesan city, about 193,000, at about four "
        "persons per household (not in facts.csv). It sets how many households share the "
        "smuggling profit.",
        shared=True,
    ),
)

#: Every shared quantity, by name, in the order parameter tables show them.
WORLD: dict[str, Param] = {p.name: p for p in (*_DEAL, *_CYCLE, *_MONEY)}


def use(*names: str) -> tuple[Param, ...]:
    """The shared parameters a report declares, in the order given.

    Raises
    ------
    KeyError
        For a name that is not a shared quantity (with the known names).
    """
    missing = [n for n in names if n not in WORLD]
    if missing:
        raise KeyError(f"not shared quantities: {missing} (known: {', '.join(WORLD)})")
    return tuple(WORLD[n] for n in names)
