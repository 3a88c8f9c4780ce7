"""Each group's cost of living, and the won value of each income source, after the shock.

A group's basket (:class:`~hyesan_analysis.model.households.spec.GroupSpec`) spends
``food_share`` on food, priced as the staples rice and corn (``rice_share_of_food`` on
rice), and the rest on goods imported from China (``imported_share_of_nonfood``) and on
domestic, non-traded goods and services. With ``R = rate_after / rate_before`` each good's
price moves by ``R ** b`` with its own pass-through ``b``
(:meth:`~hyesan_analysis.model.households.spec.ShockSpec.price_factor`); the group's
cost-of-living index is the Laspeyres index of its basket, ``sum_k w_k R ** b_k``. A
group that spends more on food sees its index move more when food prices move more than
the rest.

Income sources move in won as follows (:func:`nominal_factors`): formal won income stays
fixed; yuan-linked income is worth ``R`` times as many won; the food a household grows is
worth its food price factor (so a farmer who grows more food than he eats gains from dearer
food: Deaton's net-benefit ratio, :attr:`GroupSpec.net_benefit_ratio`); informal won
earnings rise with the city's market price index for their indexed share
(``informal_indexed_share``) and stay fixed otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hyesan_analysis.model.households.spec import GroupSpec, PriceComponent, ShockSpec

__all__ = [
    "IncomeFactors",
    "basket_weights",
    "cost_of_living_index",
    "food_price_factor",
    "market_price_index",
    "nominal_factors",
    "real_change_without_margin",
]


def basket_weights(group: GroupSpec) -> dict[PriceComponent, float]:
    """The group's spending shares on rice, corn, imported and non-traded goods (sum 1)."""
    food, rice, imported = (
        group.food_share,
        group.rice_share_of_food,
        group.imported_share_of_nonfood,
    )
    return {
        "rice": food * rice,
        "corn": food * (1.0 - rice),
        "imported": (1.0 - food) * imported,
        "nontraded": (1.0 - food) * (1.0 - imported),
    }


def food_price_factor(group: GroupSpec, shock: ShockSpec) -> float:
    """Price of the group's food after over before: its rice and corn mix (dimensionless)."""
    rice = group.rice_share_of_food
    return rice * shock.price_factor("rice") + (1.0 - rice) * shock.price_factor("corn")


def cost_of_living_index(group: GroupSpec, shock: ShockSpec) -> float:
    """The group's Laspeyres cost-of-living index after the shock (before = 1).

    Parameters
    ----------
    group : GroupSpec
        Its basket: ``food_share``, ``rice_share_of_food``, ``imported_share_of_nonfood``.
    shock : ShockSpec
        The rate move and each good's pass-through.

    Returns
    -------
    float
        ``sum_k w_k R ** b_k`` over rice, corn, imported and non-traded goods.
    """
    weights = basket_weights(group)
    return float(sum(w * shock.price_factor(k) for k, w in weights.items()))


def market_price_index(groups: Sequence[GroupSpec], shock: ShockSpec) -> float:
    """The city's market price index: the index of the households' average basket.

    The basket is averaged over households (each group weighted by its population share),
    so it is the population-weighted mean of the groups' indices (Laspeyres indices are
    linear in the weights).
    """
    return float(sum(g.population_share * cost_of_living_index(g, shock) for g in groups))


@dataclass(frozen=True)
class IncomeFactors:
    """Won value after over before of each income source of one group (dimensionless)."""

    formal_won: float
    fx_linked: float
    informal_won: float
    food_production: float


def nominal_factors(group: GroupSpec, shock: ShockSpec, market_index: float) -> IncomeFactors:
    """How many times as many won each of the group's income sources brings after the shock.

    Parameters
    ----------
    group : GroupSpec
        The group (its food mix prices its own produce).
    shock : ShockSpec
        The rate move, the pass-throughs and ``informal_indexed_share``.
    market_index : float
        The city's market price index (:func:`market_price_index`), which indexed informal
        earnings follow.
    """
    indexed = shock.informal_indexed_share
    return IncomeFactors(
        formal_won=1.0,
        fx_linked=shock.rate_ratio,
        informal_won=1.0 - indexed + indexed * market_index,
        food_production=food_price_factor(group, shock),
    )


def real_change_without_margin(group: GroupSpec, shock: ShockSpec, market_index: float) -> float:
    """Real income change of any household of the group, smuggling margin aside (fraction).

    ``(sum_s share_s * factor_s) / P_g - 1`` over the income sources ``s``, with ``P_g``
    the group's cost-of-living index. To first order in the log price changes the food
    term is Deaton's net-benefit ratio times the food price change.
    """
    f = nominal_factors(group, shock, market_index)
    nominal = (
        group.formal_won_share * f.formal_won
        + group.fx_linked_share * f.fx_linked
        + group.informal_won_share * f.informal_won
        + group.food_production_share * f.food_production
    )
    return nominal / cost_of_living_index(group, shock) - 1.0
