"""One city through the shock, and what drives the result.

:func:`simulate_city` runs a :class:`City` (simulate, apply the shock, summarise) into an
:class:`Outcome`; :func:`sensitivity` reruns the same population at other exchange rates
(with and without smuggling profit) and other pass-through values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hyesan_analysis.model.households.simulation import (
    apply_shock,
    group_price_indices,
    simulate_population,
)
from hyesan_analysis.model.households.spec import City, FloatArray, Population
from hyesan_analysis.model.households.summaries import (
    DecileChanges,
    GroupRow,
    decile_changes,
    group_table,
    summary_metrics,
)
from hyesan_analysis.model.inequality import (
    TheilDecomposition,
    gini,
    inequality_profile,
    theil_decomposition,
)

__all__ = [
    "Outcome",
    "PassthroughCase",
    "Sensitivity",
    "at_food_passthrough",
    "first_zero_crossing",
    "sensitivity",
    "simulate_city",
]


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class Outcome:
    """A city's simulated households before and after the shock, and their summaries.

    Attributes
    ----------
    city : City
        What was simulated.
    population : Population
        The simulated households.
    before, after : ndarray of float64, shape (n,)
        Real monthly income, KPW at before-prices (:func:`apply_shock`).
    metrics : dict of str to float
        :func:`summary_metrics` (the report's key figures).
    profile_before, profile_after : dict of str to float
        :func:`inequality_profile` of each period.
    deciles : DecileChanges
        By decile of before-income.
    groups : list of GroupRow
        By household group.
    theil_before, theil_after : TheilDecomposition
        The Theil T of each period split between and within the household groups.
    price_index : ndarray of float64, shape (k,)
        Each group's cost-of-living index after the shock (before = 1), in group order.
    """

    city: City
    population: Population
    before: FloatArray
    after: FloatArray
    metrics: dict[str, float]
    profile_before: dict[str, float]
    profile_after: dict[str, float]
    deciles: DecileChanges
    groups: list[GroupRow]
    theil_before: TheilDecomposition
    theil_after: TheilDecomposition
    price_index: FloatArray

    def cost_of_living_rise_by_decile(self) -> FloatArray:
        """Mean rise of the cost of living in each decile of before-income (fractions)."""
        rise = self.price_index[self.population.group_index] - 1.0
        order = np.argsort(self.before, kind="stable")
        decile = np.empty(rise.size, dtype=np.int64)
        decile[order] = np.minimum((10 * np.arange(rise.size)) // rise.size, 9)
        out: FloatArray = np.bincount(decile, weights=rise, minlength=10) / np.bincount(
            decile, minlength=10
        )
        return out

    @property
    def poor_rich_cost_of_living_ratio(self) -> float:
        """How many times the poorest decile's cost of living rose as much as the richest's."""
        rise = self.cost_of_living_rise_by_decile()
        return float(rise[0] / rise[-1])


def simulate_city(city: City) -> Outcome:
    """Simulate ``city``'s households, apply its shock and summarise the result."""
    pop = simulate_population(
        city.groups,
        city.n_households,
        city.seed,
        households_represented=city.households_represented,
    )
    before, after = apply_shock(pop, city.shock)
    return Outcome(
        city=city,
        population=pop,
        before=before,
        after=after,
        metrics=summary_metrics(before, after),
        profile_before=inequality_profile(before),
        profile_after=inequality_profile(after),
        deciles=decile_changes(before, after),
        groups=group_table(pop, before, after),
        theil_before=theil_decomposition(before, pop.group_index),
        theil_after=theil_decomposition(after, pop.group_index),
        price_index=group_price_indices(pop, city.shock),
    )


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class Sensitivity:
    """The Gini by exchange rate and the real-income changes by pass-through.

    Attributes
    ----------
    rates_kpw_per_cny : ndarray, shape (k,)
        Market rates after the shock, KPW per CNY.
    gini_after_with_profit, gini_after_without_profit : ndarray, shape (k,)
        Gini after the shock at each rate, with the city's smuggling profit and with none
        (no cars, before or after).
    gini_before_without_profit, gini_after_without_profit_here : float
        Gini before and after (at this run's rate) with no smuggling profit at all.
    passthroughs : ndarray, shape (m,)
        Pass-through values of food prices, rice and corn alike (elasticities); the other
        goods keep the city's pass-through.
    gini_after_by_passthrough : ndarray, shape (m,)
        Gini after the shock at each food pass-through.
    bottom40_change, top10_change : ndarray, shape (m,)
        Real-income change of the households that were the poorest 40% / richest 10%
        (fractions), at each pass-through.
    bottom40_breakeven : float or None
        Pass-through at which the poorest 40% switch between gaining and losing (linear
        interpolation between grid points), None when they do not within the grid.
    """

    rates_kpw_per_cny: FloatArray
    gini_after_with_profit: FloatArray
    gini_after_without_profit: FloatArray
    gini_before_without_profit: float
    gini_after_without_profit_here: float
    passthroughs: FloatArray
    gini_after_by_passthrough: FloatArray
    bottom40_change: FloatArray
    top10_change: FloatArray
    bottom40_breakeven: float | None


@dataclass(frozen=True)
class PassthroughCase:
    """The headline figures of one population at other staple pass-throughs.

    Attributes
    ----------
    passthrough_rice, passthrough_corn : float
        The elasticities of the rice and corn prices to the market rate the rerun used.
    gini_change : float
        Gini after minus Gini before.
    bottom40_change, top10_change : float
        Real-income change (fraction) of the households that were the poorest 40% / richest
        10% before the shock.
    """

    passthrough_rice: float
    passthrough_corn: float
    gini_change: float
    bottom40_change: float
    top10_change: float


def at_food_passthrough(
    outcome: Outcome, passthrough_rice: float, passthrough_corn: float | None = None
) -> PassthroughCase:
    """Rerun ``outcome``'s population with other pass-throughs into rice and corn.

    Everything else (the households, the rate, the other goods' pass-throughs, the margin)
    stays as in ``outcome``, so the difference from its metrics is the pass-through's alone.

    Parameters
    ----------
    outcome : Outcome
        From :func:`simulate_city`.
    passthrough_rice : float
        Elasticity of the rice price to the market rate.
    passthrough_corn : float, optional
        Elasticity of the corn price; ``passthrough_rice`` when omitted.

    Returns
    -------
    PassthroughCase
    """
    rice = float(passthrough_rice)
    corn = rice if passthrough_corn is None else float(passthrough_corn)
    shock = replace(outcome.city.shock, passthrough_rice=rice, passthrough_corn=corn)
    m = summary_metrics(*apply_shock(outcome.population, shock))
    return PassthroughCase(
        passthrough_rice=rice,
        passthrough_corn=corn,
        gini_change=m["gini_after"] - m["gini_before"],
        bottom40_change=m["real_income_change_bottom40"],
        top10_change=m["real_income_change_top10"],
    )


def first_zero_crossing(x: FloatArray, y: FloatArray) -> float | None:
    """Where ``y(x)`` first changes sign, by linear interpolation; None if it never does.

    Parameters
    ----------
    x, y : ndarray, shape (k,)
        Increasing grid and the values on it.
    """
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    crossing = np.nonzero(np.diff(np.sign(ys)) != 0)[0]
    if not crossing.size:
        return None
    k = int(crossing[0])
    return float(xs[k] + (xs[k + 1] - xs[k]) * ys[k] / (ys[k] - ys[k + 1]))


def sensitivity(
    outcome: Outcome,
    n_rates: int = 9,
    max_passthrough: float = 1.5,
    step: float = 0.1,
    min_passthrough: float = 0.0,
) -> Sensitivity:
    """Rerun ``outcome``'s population at other rates and pass-through values.

    Parameters
    ----------
    outcome : Outcome
        From :func:`simulate_city`.
    n_rates : int
        Rates from the lower of the two rates to 1.5 times the higher (>= 2).
    max_passthrough, step, min_passthrough : float
        Food pass-through grid ``min_passthrough, min_passthrough + step, ...,
        max_passthrough`` (rounded to 2 decimals), rice and corn alike.

    Returns
    -------
    Sensitivity
    """
    pop, shock = outcome.population, outcome.city.shock
    r0, r1 = shock.rate_before_kpw_per_cny, shock.rate_after_kpw_per_cny
    rates = np.linspace(min(r0, r1), 1.5 * max(r0, r1), n_rates)
    no_profit = replace(shock, vehicles_per_year=0.0)
    with_profit = [
        gini(apply_shock(pop, replace(shock, rate_after_kpw_per_cny=float(r)))[1]) for r in rates
    ]
    without = [
        gini(apply_shock(pop, replace(no_profit, rate_after_kpw_per_cny=float(r)))[1])
        for r in rates
    ]
    before_np, after_np = apply_shock(pop, no_profit)
    passthroughs = np.round(np.arange(min_passthrough, max_passthrough + step / 2, step), 2)
    sweep = [
        summary_metrics(*apply_shock(pop, shock.with_food_passthrough(float(b))))
        for b in passthroughs
    ]
    bottom40 = np.array([m["real_income_change_bottom40"] for m in sweep])
    return Sensitivity(
        rates_kpw_per_cny=rates,
        gini_after_with_profit=np.array(with_profit),
        gini_after_without_profit=np.array(without),
        gini_before_without_profit=gini(before_np),
        gini_after_without_profit_here=gini(after_np),
        passthroughs=passthroughs,
        gini_after_by_passthrough=np.array([m["gini_after"] for m in sweep]),
        bottom40_change=bottom40,
        top10_change=np.array([m["real_income_change_top10"] for m in sweep]),
        bottom40_breakeven=first_zero_crossing(passthroughs, bottom40),
    )
