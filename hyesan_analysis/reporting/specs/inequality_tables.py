"""Rows and words of the inequality report's tables and sentences.

Each function turns model results (:mod:`hyesan_analysis.model.households`) into what one
table or sentence of the report shows, so the notebook holds no formatting logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hyesan_analysis.data.loaders import Fact, get_fact
from hyesan_analysis.model.households import (
    PRICE_COMPONENTS,
    Cities,
    City,
    DecileChanges,
    GroupRow,
    Outcome,
    ShockSpec,
    basket_weights,
    default_figures,
    group_composition,
    market_price_index,
    real_change_without_margin,
    winners_and_losers,
)
from hyesan_analysis.reporting.authoring.formatting import (
    changes_listing,
    identifier_words,
    shares_listing,
    signed_percent,
)
from hyesan_analysis.reporting.specs.inequality_passthrough import (  # noqa: F401  (re-exported)
    _corn_words,
    _elasticity,
    breakeven_text,
    observed_rice_text,
    passthrough_dependence_text,
    sensitivity_text,
)

#: The published Gini estimates the calibration note sets beside the model
GINI_ESTIMATES = ("gini_refugee_survey_low", "gini_refugee_survey_high", "gini_lankov_anecdotal")

# --------------------------------------------------------------------------- table rows

Row = dict[str, Any]

#: The inequality measures the tables show: label, profile key, how it reads, format
MEASURES = (
    ("Gini coefficient", "gini", "0 = equal, 1 = one household has all", ".3f"),
    ("Theil T index", "theil_t", "0 = equal; ln(households) at most", ".3f"),
    ("Palma ratio", "palma", "income of top 10% ÷ income of bottom 40%", ".2f"),
    ("Top-10% income share", "top10_share", "share of all real income", ".1%"),
    ("Bottom-40% income share", "bottom40_share", "share of all real income", ".1%"),
)


def group_label(name: str) -> str:
    """``'state_workers'`` -> ``'State workers'``."""
    return identifier_words(name).capitalize()


def group_assumption_rows(cities: Cities) -> list[Row]:
    """Share of households, median income before the shock and yuan-linked share by group."""
    rows = []
    pyongyang = {g.name: g for g in cities.pyongyang.groups}
    for g in cities.hyesan.groups:
        row: Row = {"group": group_label(g.name)}
        for city, spec in ((cities.hyesan.name, g), (cities.pyongyang.name, pyongyang[g.name])):
            row[f"{city} share"] = f"{spec.population_share:.0%}"
            row[f"{city} median"] = f"{spec.median_income_kpw_month:,.0f}"
            row[f"{city} FX-linked"] = f"{spec.fx_linked_share:.0%}"
        rows.append(row)
    return rows


#: How the tables name the goods of the basket
GOODS = {
    "rice": "Rice",
    "corn": "Corn",
    "imported": "Goods imported from China",
    "nontraded": "Domestic goods and services",
}


def passthrough_rows(shock: ShockSpec, passthrough_from: str) -> list[Row]:
    """Each good of the baskets: its pass-through, its price rise and where the number is from."""
    basis = {
        "rice": passthrough_from,
        "corn": passthrough_from,
        "imported": "assumed (parameter passthrough_imported)",
        "nontraded": "assumed (parameter passthrough_nontraded)",
    }
    return [
        {
            "good": GOODS[k],
            "pass-through": f"{shock.passthrough(k):.2f}",
            "price after ÷ before": f"×{shock.price_factor(k):.2f}",
            "basis": basis[k],
        }
        for k in PRICE_COMPONENTS
    ]


def basket_rows(outcome: Outcome) -> list[Row]:
    """By group: income sources, basket, cost-of-living rise and the real change they give."""
    city = outcome.city
    market = market_price_index(city.groups, city.shock)
    rows = []
    for g, index in zip(city.groups, outcome.price_index, strict=True):
        w = basket_weights(g)
        rows.append(
            {
                "group": group_label(g.name),
                "income: yuan / informal won / food grown / formal won": (
                    f"{g.fx_linked_share:.0%} / {g.informal_won_share:.0%} / "
                    f"{g.food_production_share:.0%} / {g.formal_won_share:.0%}"
                ),
                "spending: rice / corn / imported / domestic": (
                    f"{w['rice']:.0%} / {w['corn']:.0%} / {w['imported']:.0%} / "
                    f"{w['nontraded']:.0%}"
                ),
                "net food sales (share of income)": f"{g.net_benefit_ratio:+.0%}",
                "cost of living": f"{index - 1:+.0%}",
                "real income, margin aside": (
                    f"{real_change_without_margin(g, city.shock, market):+.0%}"
                ),
            }
        )
    return rows


def theil_rows(outcome: Outcome) -> list[Row]:
    """The Theil index before and after, split between and within the groups."""
    rows = []
    for label, attr in (
        ("Between the groups", "between"),
        ("Within the groups", "within"),
        ("Total (Theil T)", "total"),
    ):
        rows.append(
            {
                "part": label,
                "before": f"{getattr(outcome.theil_before, attr):.3f}",
                "after": f"{getattr(outcome.theil_after, attr):.3f}",
            }
        )
    rows.append(
        {
            "part": "Share between the groups",
            "before": f"{outcome.theil_before.between_share:.0%}",
            "after": f"{outcome.theil_after.between_share:.0%}",
        }
    )
    return rows


def measure_rows(outcome: Outcome) -> list[Row]:
    """Each inequality measure before and after the shock, its change and how it reads."""
    rows = []
    for name, key, meaning, fmt in MEASURES:
        before, after = outcome.profile_before[key], outcome.profile_after[key]
        points = fmt.endswith("%")
        change = f"{100 * (after - before):+.1f} points" if points else f"{after - before:+.3f}"
        rows.append(
            {
                "measure": name,
                "before": format(before, fmt),
                "after": format(after, fmt),
                "change": change,
                "reads as": meaning,
            }
        )
    return rows


def decile_rows(deciles: DecileChanges, cost_of_living_rise: Sequence[float]) -> list[Row]:
    """Mean real income by decile of before-income, KPW per month, its change, and the
    decile's mean cost-of-living rise (``Outcome.cost_of_living_rise_by_decile``)."""
    return [
        {
            "decile": int(d),
            "mean before (KPW/month)": float(b),
            "mean after (KPW/month)": float(a),
            "change": f"{v:+.1f}%",
            "cost of living": f"{100 * c:+.0f}%",
        }
        for d, b, a, v, c in zip(
            deciles.decile,
            deciles.mean_before,
            deciles.mean_after,
            deciles.pct_change,
            cost_of_living_rise,
            strict=True,
        )
    ]


def group_rows(outcome: Outcome) -> list[Row]:
    """Share of households, mean real income before/after and income shares by group."""
    n = outcome.population.n_households
    return [
        {
            "group": group_label(r.name),
            "households": f"{r.count / n:.0%}",
            "mean before": r.mean_before,
            "mean after": r.mean_after,
            "change": f"{r.pct_change:+.1f}%",
            "income share before": f"{r.share_of_income_before:.1%}",
            "income share after": f"{r.share_of_income_after:.1%}",
        }
        for r in outcome.groups
    ]


def city_rows(outcomes: Sequence[Outcome]) -> list[Row]:
    """The measures before and after in each city, then the panel real-income changes."""
    rows = []
    for name, key, _meaning, fmt in MEASURES:
        row: Row = {"measure": name}
        for o in outcomes:
            row[f"{o.city.name} before"] = format(o.profile_before[key], fmt)
            row[f"{o.city.name} after"] = format(o.profile_after[key], fmt)
        rows.append(row)
    for name, key in (
        ("Real income change, poorest 40%", "real_income_change_bottom40"),
        ("Real income change, richest 10%", "real_income_change_top10"),
    ):
        row = {"measure": name}
        for o in outcomes:
            row[f"{o.city.name} before"] = ""
            row[f"{o.city.name} after"] = signed_percent(o.metrics[key], 0)
        rows.append(row)
    return rows


def calibration_rows(outcomes: Sequence[Outcome], estimates: Sequence[Fact]) -> list[Row]:
    """The model's Gini in each city before and after, then the published estimates."""
    rows = [
        {
            "estimate": f"This model, {o.city.name}, {period} the shock",
            "Gini": f"{o.metrics[f'gini_{period}']:.3f}",
            "basis": "model: assumed groups, synthetic households",
        }
        for o in outcomes
        for period in ("before", "after")
    ]
    for fact in estimates:
        value = f"{fact.value:.2f}" if fact.value is not None else "–"
        basis = f"{fact.publisher}, {fact.date}"
        rows.append({"estimate": fact.description, "Gini": value, "basis": basis})
    return rows


def figure_rows() -> list[Row]:
    """Every default number of the model's groups with its basis and rationale or source."""
    return [
        {
            "figure": label,
            "value": fig.value,
            "unit": fig.unit,
            "basis": fig.basis,
            "source, arithmetic or rationale": fig.citation,
        }
        for label, fig in default_figures()
    ]


# --------------------------------------------------------------------------- words


def groups_listing(rows: Sequence[GroupRow]) -> str:
    """``'investors (+35%), traders (+12%)'``, or ``'none'``."""
    return changes_listing((identifier_words(r.name), r.pct_change) for r in rows)


def composition_text(outcome: Outcome, low_q: float, high_q: float) -> str:
    """The groups of the households between two quantiles of before-income, in words."""
    parts = group_composition(outcome.population, outcome.before, low_q, high_q)
    return shares_listing((identifier_words(name), share) for name, share in parts)


def profit_clause(shock: ShockSpec) -> str:
    """How the smuggling margin enters the answer's sentence."""
    if not shock.pays_profit:
        return "without any smuggling margin"
    return (
        f"together with a smuggler's margin of {shock.profit_per_car_cny:,.0f} CNY a vehicle "
        f"on {shock.vehicles_per_year:,.0f} vehicles a year"
    )


def margin_sharing_text(city: City) -> str:
    """How the smugglers' margin is shared among the city's households, with its amounts."""
    shock, n = city.shock, city.households_represented
    if shock.monthly_profit_pool("before") + shock.monthly_profit_pool("after") == 0:
        return "No smuggling margin reaches the city's households, before or after."
    share = {g.name: g.population_share for g in city.groups}
    amounts = {
        (period, role): shock.monthly_profit_pool(period, role=role)
        for period in ("before", "after")
        for role in ("investor", "trader")
    }
    return (
        f"On top, the smugglers' margin on {shock.vehicles_per_year:,.0f} vehicles a year "
        f"({shock.profit_per_car_before_cny:,.0f} CNY a vehicle before, at the 2024 waku, and "
        f"{shock.profit_per_car_cny:,.0f} CNY after, at the 2025 waku: the car_unit_economics "
        "report's margin, after the trading company's share) stays in the city. Investor "
        f"households, who finance the cars, take {shock.investor_profit_share:.0%} of it: "
        f"{amounts['before', 'investor']:,.0f} CNY a month before and "
        f"{amounts['after', 'investor']:,.0f} CNY after, among "
        f"{share.get('investors', 0.0) * n:,.0f} households. Trader households, who run the "
        f"cars across and sell them, take the rest: {amounts['before', 'trader']:,.0f} and "
        f"{amounts['after', 'trader']:,.0f} CNY a month, among "
        f"{share.get('traders', 0.0) * n:,.0f} households. Within each group it goes in "
        "proportion to the household's yuan income."
    )


def income_sources_text(shock: ShockSpec) -> str:
    """How each income source moves after the shock, in words."""
    return (
        "Formal won income is deflated by the group's whole cost-of-living rise; yuan income "
        f"is worth ×{shock.rate_ratio:.2f} in won; {shock.informal_indexed_share:.0%} of informal "
        "won earnings rise with the city's market prices (an assumption, the parameter "
        "informal_indexed_share), the rest stays fixed; the food farmers grow is worth what "
        "their food costs."
    )


#: The facts the model's baskets and incomes are set beside (not fitted to)
CHECK_FACTS = ("informal_income_share_2016_2020", "devaluation_cost_of_living_poor_rich_ratio")


def checks_text(informal_share: float, poor_rich_ratio: float) -> str:
    """The model's informal income share and poor/rich cost-of-living ratio beside the
    published figures (the defectors' survey; Mexico's 1994 devaluation).

    Parameters
    ----------
    informal_share : float
        ``informal_income_share_model``: mean informal share of household income.
    poor_rich_ratio : float
        ``cost_of_living_rise_poor_rich_ratio``: the poorest decile's cost-of-living rise over
        the richest decile's.
    """
    informal, cravino = (get_fact(fact_id) for fact_id in CHECK_FACTS)
    low = cravino.low if cravino.low is not None else cravino.value
    high = cravino.high if cravino.high is not None else cravino.value
    return (
        "Informal earnings (yuan-linked and in won) are "
        f"{informal_share:.0%} of household income in the model, "
        f"against {informal.value:.0%} in the unification ministry's survey of defectors who "
        "left in 2016–2020. The poorest tenth's cost of living rises "
        f"{poor_rich_ratio:.2f} times as much as the richest "
        f"tenth's; two years after Mexico's 1994 devaluation it had risen {cravino.value:.2f} "
        f"times as much ({low:.2f}–{high:.2f}; Cravino and Levchenko): a comparison, not a "
        "target."
    )


def cost_of_living_clause(poor_rich_ratio: float) -> str:
    """Whether the poorest tenth's basket rose more or less than the richest tenth's.

    Parameters
    ----------
    poor_rich_ratio : float
        ``cost_of_living_rise_poor_rich_ratio``: the poorest decile's cost-of-living rise
        over the richest decile's.
    """
    if abs(poor_rich_ratio - 1.0) < 0.005:
        return "The poorest tenth's cost of living rises about as much as the richest tenth's."
    if poor_rich_ratio > 1.0:
        return (
            "Their food-heavy baskets make it worse: the poorest tenth's cost of living rises "
            f"{poor_rich_ratio:.2f} times as much as the richest tenth's."
        )
    return (
        "Their baskets soften it: the poorest tenth's cost of living rises only "
        f"{poor_rich_ratio:.2f} times as much as the richest tenth's."
    )


def theil_text(outcome: Outcome) -> str:
    """How much of the Theil index's change lies between the groups, in words."""
    before, after = outcome.theil_before, outcome.theil_after
    total = after.total - before.total
    between = after.between - before.between
    within = after.within - before.within
    return (
        f"The Theil index moves by {total:+.3f}: {between:+.3f} between the groups and "
        f"{within:+.3f} within them. The gaps between the groups' mean incomes hold "
        f"{before.between_share:.0%} of it before the shock and {after.between_share:.0%} after."
    )


def city_contrast_text(outcomes: Sequence[Outcome]) -> str:
    """Each city's yuan-linked share of income, its winners and losers, in words."""
    parts = []
    for o in outcomes:
        winners, losers = winners_and_losers(o.groups)
        parts.append(
            f"In {o.city.name} {o.population.fx_linked_share_of_income:.0%} of all income before "
            f"the shock is tied to the yuan; the groups that gain are {groups_listing(winners)}, "
            f"those that lose {groups_listing(losers)}, and the Gini after the shock is "
            f"{o.metrics['gini_after']:.3f}."
        )
    return " ".join(parts)
