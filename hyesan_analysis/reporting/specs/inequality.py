"""Parameters and promised results of the inequality report and the model they build
(:func:`to_model`); the rows and words of its tables are in
:mod:`hyesan_analysis.reporting.specs.inequality_tables`."""

from __future__ import annotations

from collections.abc import Mapping
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
from hyesan_analysis.reporting.specs._world import use

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

#: The upstream figures the model is computed on: (report, result), by to_model's argument
UPSTREAM_FIGURES = {
    "profit_per_car_cny": ("car_unit_economics", "profit_per_car_cny"),
    "profit_per_car_2024_cny": ("car_unit_economics", "profit_per_car_2024_cny"),
    "passthrough_rice": ("prices_and_exchange", "passthrough_rice"),
}


def _recipients_present(values: Mapping[str, Any]) -> str | None:
    # the margin per car is upstream (unknown here): any vehicles may carry one
    if values["vehicles_per_year"] == 0:
        return None
    split = values["investor_profit_share"]
    for group, part in (("investors", split), ("traders", 1.0 - split)):
        if part > 0 and values[f"share_{group}"] * values["n_households"] < 1:
            return (
                f"expected at least one simulated {group[:-1]} household to receive its part "
                f"of the smuggling margin (share_{group} * n_households >= 1); raise either, "
                "change investor_profit_share, or set vehicles_per_year=0"
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
        *use("rate_before_kpw_per_cny", "rate_after_kpw_per_cny"),
        Param(
            "price_passthrough",
            float,
            None,
            "elasticity",
            "Price elasticity to the rate (none: the prices_and_exchange report's estimate)",
            minimum=0,
            maximum=1.5,
            rationale="Unset, the model takes the prices_and_exchange report's estimate "
            "(passthrough_rice, rice on the yuan rate) from the same world; it is listed, with "
            "a link, under the parameters. Set it to test another value: KDI's 2024 figures, "
            "rice +76% (rice_price_rise_2024_percent) and corn +93% "
            "(corn_price_rise_2024_percent) while the won fell about 160% against the dollar "
            "(won_rate_rise_2024_percent), give ln 1.76 / ln 2.6 = 0.59 and "
            "ln 1.93 / ln 2.6 = 0.69.",
            optional=True,
        ),
        *use("vehicles_per_year"),
        Param(
            "investor_profit_share",
            float,
            0.5,
            "share",
            "Investor households' part of the smuggler's margin; trader households get the rest",
            minimum=0,
            maximum=1,
            rationale="Splits the smuggler's margin per car (the car_unit_economics report's "
            "profit_per_car_cny, already net of the trading company's share, "
            "company_profit_share) between the investor households (donju) who finance the "
            "cars and the trader households who run them across and sell them. It is not the "
            "trading company's share. No split is reported, so half is a placeholder.",
        ),
        *use("households_represented"),
        Param(
            "share_investors",
            float,
            0.03,
            "share",
            "Share of investors (donju)",
            minimum=0,
            maximum=1,
            rationale="A thin elite; no survey counts them. They finance the smuggled cars and "
            "take investor_profit_share of the smuggler's margin.",
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
            "households by occupation. Traders run the smuggled cars and take the rest of the "
            "smuggler's margin.",
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
        Rule(
            (
                "share_investors",
                "share_traders",
                "n_households",
                "vehicles_per_year",
                "investor_profit_share",
            ),
            _recipients_present,
        ),
    ),
)

SPEC = ReportSpec(
    name="inequality",
    title="Who wins and who loses: inequality in Hyesan after the won's fall",
    question="When the won falls against the yuan and smuggling margins flow to Hyesan's "
    "investors and traders, who gains and who loses real income, and how much more unequal does the "
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
        "price_passthrough_used": "elasticity",
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
    # the margin per car is the car report's, the pass-through the prices report's estimate
    upstream=("car_unit_economics", "prices_and_exchange"),
    order=40,
)


def passthrough_used(values: Mapping[str, Any], passthrough_rice: float) -> float:
    """The pass-through the model runs on: the parameter when set, else the upstream estimate.

    Parameters
    ----------
    values : mapping
        The validated parameters; ``price_passthrough`` is None unless set.
    passthrough_rice : float
        The prices_and_exchange report's estimate in the same world (elasticity).
    """
    set_here = values["price_passthrough"]
    return float(passthrough_rice if set_here is None else set_here)


def to_model(
    values: Mapping[str, Any],
    *,
    profit_per_car_cny: float,
    profit_per_car_2024_cny: float,
    passthrough_rice: float,
) -> Cities:
    """The model's inputs from the report's validated parameters and the upstream figures.

    The shock's fields and the city's ``n_households``, ``seed`` and
    ``households_represented`` carry the parameters' names; ``share_<group>`` is the
    population share of group ``<group>``. Pyongyang gets the same shock without the
    smuggling margin (:func:`~hyesan_analysis.model.households.pyongyang_counterpart`).

    Parameters
    ----------
    values : mapping
        Every parameter of :data:`SCHEMA`, validated (``SCHEMA.validate``).
    profit_per_car_cny, profit_per_car_2024_cny : float
        The car_unit_economics report's margin per used car at the 2025 waku (after the
        shock) and at the 2024 waku (before), CNY, net of the trading company's share.
    passthrough_rice : float
        The prices_and_exchange report's pass-through estimate, used unless the
        ``price_passthrough`` parameter is set (:func:`passthrough_used`).

    Returns
    -------
    Cities
        Hyesan (this run's parameters) and Pyongyang.
    """
    shock = ShockSpec(
        rate_before_kpw_per_cny=float(values["rate_before_kpw_per_cny"]),
        rate_after_kpw_per_cny=float(values["rate_after_kpw_per_cny"]),
        price_passthrough=passthrough_used(values, passthrough_rice),
        vehicles_per_year=float(values["vehicles_per_year"]),
        profit_per_car_cny=float(profit_per_car_cny),
        investor_profit_share=float(values["investor_profit_share"]),
        profit_per_car_before_cny=float(profit_per_car_2024_cny),
    )
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
