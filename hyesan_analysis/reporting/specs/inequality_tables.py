"""Rows and words of the inequality report's tables and sentences.

Each function turns model results (:mod:`hyesan_analysis.model.households`) into what one
table or sentence of the report shows, so the notebook holds no formatting logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hyesan_analysis.data.loaders import Fact
from hyesan_analysis.model.households import (
    Cities,
    City,
    DecileChanges,
    GroupRow,
    Outcome,
    Sensitivity,
    ShockSpec,
    default_figures,
    group_composition,
)
from hyesan_analysis.reporting.authoring.formatting import (
    changes_listing,
    identifier_words,
    shares_listing,
    signed_percent,
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


def decile_rows(deciles: DecileChanges) -> list[Row]:
    """Mean real income by decile of before-income, KPW per month, and its change."""
    return [
        {
            "decile": int(d),
            "mean before (KPW/month)": float(b),
            "mean after (KPW/month)": float(a),
            "change": f"{v:+.1f}%",
        }
        for d, b, a, v in zip(
            deciles.decile, deciles.mean_before, deciles.mean_after, deciles.pct_change, strict=True
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


def passthrough_source(price_passthrough: float | None, passthrough_rice: float) -> str:
    """Where the pass-through the model runs on came from, for the report's sentences.

    Parameters
    ----------
    price_passthrough : float or None
        The report's parameter (None: not set).
    passthrough_rice : float
        The prices_and_exchange report's estimate in the same world.
    """
    if price_passthrough is None:
        return "the prices_and_exchange report's estimate for rice"
    return f"set for this world; the prices_and_exchange report estimates {passthrough_rice:.2f}"


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


def breakeven_text(sens: Sensitivity) -> str:
    """Whether, and from which pass-through, the poorest 40% lose real income."""
    change = sens.bottom40_change
    if sens.bottom40_breakeven is None:
        verb = "lose" if change[0] < 0 else "gain"
        return (
            f"The poorest 40% {verb} real income at every pass-through from "
            f"{sens.passthroughs[0]:.0f} to {sens.passthroughs[-1]:.1f}."
        )
    verb = "lose" if change[-1] < 0 else "gain"
    return (
        f"The poorest 40% {verb} real income once the pass-through exceeds about "
        f"{sens.bottom40_breakeven:.2f}."
    )
