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
    min_drawn_share,
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
    "gini_change_ci_low": "Gini change, 95% of the Monte Carlo draws, low (model)",
    "gini_change_ci_high": "Gini change, 95% of the Monte Carlo draws, high (model)",
    "real_income_change_bottom40_ci_low": "Real income change of the poorest 40%, 95% of the "
    "Monte Carlo draws, low (model)",
    "real_income_change_bottom40_ci_high": "Real income change of the poorest 40%, 95% of the "
    "Monte Carlo draws, high (model)",
    "theil_between_share_before": "Share of the Theil index between the groups, before (model)",
    "theil_between_share_after": "Share of the Theil index between the groups, after (model)",
    "cost_of_living_rise_poor_rich_ratio": "Rise of the poorest tenth's cost of living over "
    "the richest tenth's (model)",
    "informal_income_share_model": "Informal share of household income, mean over households "
    "(model)",
    "gini_change_at_passthrough_1": "Gini change with rice and corn passing the rate through "
    "one-for-one (model)",
    "real_income_change_bottom40_at_passthrough_1": "Real income change of the poorest 40% "
    "with rice and corn passing the rate through one-for-one (model)",
    "gini_change_at_passthrough_ci_low": "Gini change with rice and corn at the low end of the "
    "rice estimate's 95% interval (model)",
    "gini_change_at_passthrough_ci_high": "Gini change with rice and corn at the high end of "
    "the rice estimate's 95% interval (model)",
    "real_income_change_bottom40_at_passthrough_ci_low": "Real income change of the poorest "
    "40% with rice and corn at the low end of the rice estimate's 95% interval (model)",
    "real_income_change_bottom40_at_passthrough_ci_high": "Real income change of the poorest "
    "40% with rice and corn at the high end of the rice estimate's 95% interval (model)",
}

#: The upstream figures the model is computed on: (report, result), by to_model's argument
UPSTREAM_FIGURES = {
    "profit_per_car_cny": ("car_unit_economics", "profit_per_car_cny"),
    "profit_per_car_2024_cny": ("car_unit_economics", "profit_per_car_2024_cny"),
    "passthrough_rice": ("prices_and_exchange", "passthrough_rice"),
    "passthrough_corn": ("prices_and_exchange", "passthrough_corn"),
}

#: The prices report's 95% intervals of its rice and corn estimates, (report, result) by
#: name: the headline reruns the model at the rice interval's ends (and at one-for-one) to
#: say how much it hangs on the pass-through, and quotes the corn interval
INTERVAL_FIGURES = {
    "passthrough_rice_ci_low": ("prices_and_exchange", "passthrough_rice_ci_low"),
    "passthrough_rice_ci_high": ("prices_and_exchange", "passthrough_rice_ci_high"),
    "passthrough_corn_ci_low": ("prices_and_exchange", "passthrough_corn_ci_low"),
    "passthrough_corn_ci_high": ("prices_and_exchange", "passthrough_corn_ci_high"),
}


def _recipients_present(values: Mapping[str, Any]) -> str | None:
    # the margin per car is upstream (unknown here): any vehicles may carry one
    if values["vehicles_per_year"] == 0:
        return None
    split = values["investor_profit_share"]
    for group, part in (("investors", split), ("traders", 1.0 - split)):
        share = values[f"share_{group}"]
        if part > 0 and share * values["n_households"] < 1:
            return (
                f"expected at least one simulated {group[:-1]} household to receive its part "
                f"of the smuggling margin (share_{group} * n_households >= 1); raise either, "
                "change investor_profit_share, or set vehicles_per_year=0"
            )
        # the Monte Carlo may draw the share lower
        if part > 0 and min_drawn_share(share) * values["mc_households"] < 1:
            least = 1 / min_drawn_share(1.0)
            return (
                f"expected at least one {group[:-1]} household in every Monte Carlo draw "
                f"(share_{group} * mc_households >= {least:.2f}, as the draws may cut the "
                "share that far); raise either, change investor_profit_share, or set "
                "vehicles_per_year=0"
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
            "Pass-through of the rate into rice and corn prices (none: the prices_and_exchange "
            "report's estimates, one for each)",
            minimum=0,
            maximum=5.0,
            rationale="Unset, the model takes the prices_and_exchange report's estimates "
            "(passthrough_rice and passthrough_corn) from the same world; they are listed, with "
            "a link, under the parameters. They are estimated on the rate of that report's "
            "preferred fit (the dollar by default) and applied here to the yuan rate, which "
            "moves with the dollar rate while the yuan-dollar rate is steady. The upper bound of "
            "5 covers the top of the rice estimate's 95% interval. Set it to price both staples "
            "at another value: KDI's 2024 figures, rice +76% (rice_price_rise_2024_percent) and "
            "corn +93% (corn_price_rise_2024_percent) while the won fell about 160% against the "
            "dollar (won_rate_rise_2024_percent), give ln 1.76 / ln 2.6 = 0.59 and "
            "ln 1.93 / ln 2.6 = 0.69.",
            optional=True,
        ),
        Param(
            "passthrough_imported",
            float,
            1.0,
            "elasticity",
            "Pass-through of the rate into the won prices of goods imported from China",
            minimum=0,
            maximum=1.5,
            rationale="Chinese goods are bought in yuan across the border and resold in won, so "
            "their won price follows the yuan one for one.",
        ),
        Param(
            "passthrough_nontraded",
            float,
            0.3,
            "elasticity",
            "Pass-through of the rate into domestic goods and services (rent, repairs, meals)",
            minimum=0,
            maximum=1.5,
            rationale="Local services are sold for won to buyers paid in won; they follow the "
            "rate only through their imported inputs and the food their sellers buy. No series "
            "measures them: 0.3 is a placeholder well below the staples'.",
        ),
        Param(
            "informal_indexed_share",
            float,
            0.5,
            "share",
            "Share of informal won earnings that rise with the city's market prices",
            minimum=0,
            maximum=1,
            rationale="Market sidelines, services and day labour paid in won are repriced as "
            "market prices rise, but late and in part; no study measures how much. One half "
            "is the midpoint between fixed like a wage (0) and fully indexed (1); the Monte "
            "Carlo draws it from 0.2 to 0.8.",
        ),
        Param(
            "mc_draws",
            int,
            200,
            "draws",
            "Monte Carlo draws of the assumed group parameters",
            minimum=20,
            maximum=5_000,
            rationale="200 draws put the ends of a 95% interval within about a tenth of its "
            "width of their large-sample values.",
        ),
        Param(
            "mc_households",
            int,
            20_000,
            "households",
            "Simulated households per Monte Carlo draw",
            minimum=1_000,
            maximum=1_000_000,
            rationale="20,000 households keep each draw's sampling noise (about 0.003 in the "
            "Gini) far below the spread the assumptions cause, and the report quick.",
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
                "mc_households",
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
        "passthrough_corn_used": "elasticity",
        "gini_change_ci_low": "Gini",
        "gini_change_ci_high": "Gini",
        "real_income_change_bottom40_ci_low": "fraction",
        "real_income_change_bottom40_ci_high": "fraction",
        "theil_between_share_before": "fraction",
        "theil_between_share_after": "fraction",
        "cost_of_living_rise_poor_rich_ratio": "ratio",
        "informal_income_share_model": "share",
        "gini_change_at_passthrough_1": "Gini",
        "real_income_change_bottom40_at_passthrough_1": "fraction",
        "gini_change_at_passthrough_ci_low": "Gini",
        "gini_change_at_passthrough_ci_high": "Gini",
        "real_income_change_bottom40_at_passthrough_ci_low": "fraction",
        "real_income_change_bottom40_at_passthrough_ci_high": "fraction",
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
        "informal_income_share_2016_2020",
        "devaluation_cost_of_living_poor_rich_ratio",
        # named in the rationales of the model's default groups
        "wage_elite_cadre_after_reform_kpw_per_month",
        "donju_threshold_pyongyang_usd",
        "donju_threshold_provinces_usd",
    ),
    # the margin per car is the car report's, the pass-through the prices report's estimate
    upstream=("car_unit_economics", "prices_and_exchange"),
    order=40,
)


def passthrough_used(values: Mapping[str, Any], estimate: float) -> float:
    """A staple's pass-through the model runs on: the parameter when set, else the estimate.

    Parameters
    ----------
    values : mapping
        The validated parameters; ``price_passthrough`` is None unless set.
    estimate : float
        The prices_and_exchange report's estimate for the staple (rice or corn) in the same
        world (elasticity).
    """
    set_here = values["price_passthrough"]
    return float(estimate if set_here is None else set_here)


def to_model(
    values: Mapping[str, Any],
    *,
    profit_per_car_cny: float,
    profit_per_car_2024_cny: float,
    passthrough_rice: float,
    passthrough_corn: float,
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
    passthrough_rice, passthrough_corn : float
        The prices_and_exchange report's pass-through estimates for rice and corn, used
        unless the ``price_passthrough`` parameter is set (:func:`passthrough_used`).

    Returns
    -------
    Cities
        Hyesan (this run's parameters) and Pyongyang.
    """
    shock = ShockSpec(
        rate_before_kpw_per_cny=float(values["rate_before_kpw_per_cny"]),
        rate_after_kpw_per_cny=float(values["rate_after_kpw_per_cny"]),
        passthrough_rice=passthrough_used(values, passthrough_rice),
        passthrough_corn=passthrough_used(values, passthrough_corn),
        passthrough_imported=float(values["passthrough_imported"]),
        passthrough_nontraded=float(values["passthrough_nontraded"]),
        vehicles_per_year=float(values["vehicles_per_year"]),
        profit_per_car_cny=float(profit_per_car_cny),
        investor_profit_share=float(values["investor_profit_share"]),
        profit_per_car_before_cny=float(profit_per_car_2024_cny),
        informal_indexed_share=float(values["informal_indexed_share"]),
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
