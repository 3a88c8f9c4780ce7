"""Parameters and promised results of the inequality report and the model they build
(:func:`to_model`); the rows and words of its tables are in
:mod:`hyesan_analysis.reporting.specs.inequality_tables`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from hyesan_analysis.model.households import (
    Cities,
    City,
    ShockSpec,
    default_groups,
    pyongyang_counterpart,
)
from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, Rule, sums_to_one

#: ``share_<group>`` is the population share of the model's group ``<group>``
GROUP_SHARES = ("share_investors", "share_traders", "share_state_workers", "share_farmers")

#: How results.json and the index name each key figure
RESULT_LABELS = {
    "gini_before": "Gini of real household income before the shock (model)",
    "gini_after": "Gini of real household income after the shock (model)",
    "palma_before": "Palma ratio before (model)",
    "palma_after": "Palma ratio after (model)",
    "top10_share_before": "Income share of the richest 10% before (model)",
    "top10_share_after": "Income share of the richest 10% after (model)",
    "real_income_change_bottom40": "Change in real income of the poorest 40% (model)",
    "real_income_change_top10": "Change in real income of the richest 10% (model)",
}


def _investors_present(values: Mapping[str, Any]) -> str | None:
    profit = values["profit_per_car_cny"] + values["profit_per_car_before_cny"]
    paid = values["cars_per_year"] > 0 and profit > 0 and values["investor_profit_share"] > 0
    if paid and values["share_investors"] * values["n_households"] < 1:
        return (
            "expected at least one simulated investor household to receive the smuggling "
            "profit (share_investors * n_households >= 1); raise either, or set cars_per_year=0"
        )
    return None


SCHEMA = ReportSchema(
    params=(
        Param(
            "n_households",
            int,
            100_000,
            "households",
            "Simulated households",
            minimum=1_000,
            maximum=2_000_000,
            rationale="100,000 draws put every measure within about 0.01 of its large-sample "
            "value and run in well under a second; results do not depend on it otherwise "
            "(the smuggling profit is scaled to the city).",
        ),
        Param(
            "seed",
            int,
            1,
            "",
            "Random seed",
            minimum=0,
            maximum=2**32 - 1,
            rationale="Any fixed seed makes the run reproducible bit for bit; 1 is arbitrary.",
        ),
        Param(
            "rate_before_kpw_per_cny",
            float,
            1262.0,
            "KPW per CNY",
            "Market rate before the shock",
            minimum=10,
            maximum=100_000,
            rationale="Hyesan market rate of 1,262 KPW per CNY on 2024-02-04 (Daily NK; "
            "observation m092 in market_rates.csv; listed as an assumption because it is not a "
            "facts.csv figure): the start of the won's 2024 fall.",
        ),
        Param.from_fact(
            "rate_after_kpw_per_cny",
            float,
            "hyesan_market_rate_founding_kpw_per_cny",
            "KPW per CNY",
            "Market rate after the shock",
            minimum=10,
            maximum=100_000,
        ),
        Param(
            "price_passthrough",
            float,
            0.64,
            "elasticity",
            "Price elasticity to the rate",
            minimum=0,
            maximum=1.5,
            rationale="Derived from KDI's 2024 figures: rice +76% "
            "(rice_price_rise_2024_percent) and corn +93% (corn_price_rise_2024_percent) "
            "while the won fell about 160% against the dollar (won_rate_rise_2024_percent): "
            "ln 1.76 / ln 2.6 = 0.59 and ln 1.93 / ln 2.6 = 0.69, mean 0.64. The "
            "prices_and_exchange report's pooled elasticities are consistent with it but "
            "imprecise (few observations, wide intervals).",
        ),
        Param(
            "cars_per_year",
            int,
            2000,
            "vehicles per year",
            "Smuggled cars a year",
            minimum=0,
            maximum=1_000_000,
            rationale="No sourced annual count; about 40 cars a week through Hyesan's "
            "state-led routes (the car_unit_economics report uses the same figure). Set 0 "
            "for a city without smuggling profit.",
        ),
        Param.from_fact(
            "profit_per_car_cny",
            float,
            "smuggler_profit_per_car_2025_cny",
            "CNY per vehicle",
            "Profit per car, 2025 (after)",
            minimum=0,
            maximum=200_000,
        ),
        Param.from_fact(
            "profit_per_car_before_cny",
            float,
            "smuggler_profit_per_car_2024_cny",
            "CNY per vehicle",
            "Profit per car, 2024 (before)",
            minimum=0,
            maximum=200_000,
        ),
        Param(
            "investor_profit_share",
            float,
            0.5,
            "share",
            "Investors' share of the profit",
            minimum=0,
            maximum=1,
            rationale="Trading companies that hold the waku share in the profit of imports "
            "made under their name (trading_company_profit_share_practice); no split is "
            "reported, so half is a placeholder.",
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
            "persons per household (not in facts.csv). It sets how many households share "
            "the smuggling profit.",
        ),
        Param(
            "share_investors",
            float,
            0.03,
            "share",
            "Share of investors (donju)",
            minimum=0,
            maximum=1,
            rationale="A thin elite; no survey counts them. Only this group shares the "
            "smuggling profit.",
        ),
        Param(
            "share_traders",
            float,
            0.30,
            "share",
            "Share of traders",
            minimum=0,
            maximum=1,
            rationale="A border city lives off market trade with China; no survey counts "
            "households by occupation.",
        ),
        Param(
            "share_state_workers",
            float,
            0.45,
            "share",
            "Share of state workers",
            minimum=0,
            maximum=1,
            rationale="The largest group: factory, office and service workers paid in won.",
        ),
        Param(
            "share_farmers",
            float,
            0.22,
            "share",
            "Share of farmers",
            minimum=0,
            maximum=1,
            rationale="Cooperative farms around the city; the remainder after the other groups.",
        ),
    ),
    rules=(
        sums_to_one(GROUP_SHARES),
        Rule(("share_investors", "n_households", "cars_per_year"), _investors_present),
    ),
)

SPEC = ReportSpec(
    name="inequality",
    title="Who wins and who loses: inequality in Hyesan after the won's fall",
    question="When the won falls against the yuan and smuggling profits flow to Hyesan's "
    "investors, who gains and who loses real income, and how much more unequal does the "
    "city become?",
    schema=SCHEMA,
    required_results={
        "gini_before": "Gini",
        "gini_after": "Gini",
        "palma_before": "ratio",
        "palma_after": "ratio",
        "top10_share_before": "fraction",
        "top10_share_after": "fraction",
        "real_income_change_bottom40": "fraction",
        "real_income_change_top10": "fraction",
    },
    cited_facts=(
        "gini_refugee_survey_low",
        "gini_refugee_survey_high",
        "gini_lankov_anecdotal",
        "gini_unmeasurable_lankov",
        "rice_price_rise_2024_percent",
        "corn_price_rise_2024_percent",
        "won_rate_rise_2024_percent",
        "worker_wage_after_reform_kpw_per_month",
        "trading_company_profit_share_practice",
        # named in the rationales of the model's default groups
        "wage_elite_cadre_after_reform_kpw_per_month",
        "donju_threshold_pyongyang_usd",
        "donju_threshold_provinces_usd",
    ),
    order=40,
)


def to_model(values: Mapping[str, Any]) -> Cities:
    """The model's inputs from the report's validated parameters.

    The shock's fields and the city's ``n_households``, ``seed`` and
    ``households_represented`` carry the parameters' names; ``share_<group>`` is the
    population share of group ``<group>``. Pyongyang gets the same shock without the
    smuggling profit (:func:`~hyesan_analysis.model.households.pyongyang_counterpart`).

    Parameters
    ----------
    values : mapping
        Every parameter of :data:`SCHEMA`, validated (``SCHEMA.validate``).

    Returns
    -------
    Cities
        Hyesan (this run's parameters) and Pyongyang.
    """
    shock = ShockSpec(**{f.name: float(values[f.name]) for f in fields(ShockSpec)})
    shares = {name.removeprefix("share_"): float(values[name]) for name in GROUP_SHARES}
    hyesan = City(
        name="Hyesan",
        groups=default_groups("hyesan", shares),
        shock=shock,
        n_households=int(values["n_households"]),
        seed=int(values["seed"]),
        households_represented=float(values["households_represented"]),
    )
    return Cities(hyesan=hyesan, pyongyang=pyongyang_counterpart(hyesan))
