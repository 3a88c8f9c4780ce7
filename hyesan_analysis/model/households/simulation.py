"""Draw a synthetic population and move it through the exchange-rate shock.

:func:`simulate_population` draws the households' monthly incomes before the shock;
:func:`apply_shock` turns them into real incomes before and after (the formulas are in the
package docstring, :mod:`hyesan_analysis.model.households`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Literal

import numpy as np

from hyesan_analysis.model.households.baskets import (
    cost_of_living_index,
    market_price_index,
    nominal_factors,
)
from hyesan_analysis.model.households.spec import (
    SMUGGLING_ROLES,
    FloatArray,
    GroupSpec,
    IntArray,
    Population,
    ShockSpec,
    check_range,
    validate_groups,
    validate_shock,
)

__all__ = ["apply_shock", "group_price_indices", "simulate_population"]


def _largest_remainder(shares: Sequence[float], n: int) -> IntArray:
    raw = np.asarray(shares, dtype=np.float64) * n
    counts = np.floor(raw).astype(np.int64)
    short = n - int(counts.sum())
    if short > 0:
        # ties broken by group order (stable sort), so the result is deterministic
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:short]] += 1
    return counts


def simulate_population(
    groups: Sequence[GroupSpec],
    n_households: int,
    seed: int | Sequence[int] | np.random.SeedSequence,
    households_represented: float | None = None,
) -> Population:
    """Draw a synthetic population.

    Parameters
    ----------
    groups : sequence of GroupSpec
        Group definitions; ``population_share`` must sum to 1 (tolerance 1e-9).
    n_households : int
        Number of simulated households (>= 1).
    seed : int, sequence of int or numpy.random.SeedSequence
        Seed for ``numpy.random.default_rng`` (PCG64).
    households_represented : float, optional
        Number of real households the population stands for (> 0); defaults to
        ``n_households`` (each simulated household is one real household).

    Returns
    -------
    Population
        Households ordered by group; incomes in KPW per month at before-prices.

    Raises
    ------
    ValueError
        Naming the offending field, for shares not summing to 1 or out-of-range values.
    """
    gs = validate_groups(groups)
    if isinstance(n_households, bool) or not isinstance(n_households, (int, np.integer)):
        raise ValueError(f"n_households must be an integer, got {n_households!r}")
    if n_households < 1:
        raise ValueError(f"n_households must be >= 1, got {n_households}")
    if households_represented is None:
        households_represented = float(n_households)
    check_range(households_represented, "households_represented", 0.0, low_open=True)

    # the groups are drawn in order, each with a fixed number of draws: the same inputs
    # give bit-identical arrays
    rng = np.random.default_rng(seed)
    counts = _largest_remainder([g.population_share for g in gs], int(n_households))
    index = np.repeat(np.arange(len(gs), dtype=np.int64), counts)
    income = np.empty(int(n_households), dtype=np.float64)
    start = 0
    for k, g in enumerate(gs):
        m = int(counts[k])
        stop = start + m
        z = rng.standard_normal(m)
        y = g.median_income_kpw_month * np.exp(g.sigma_log * z)
        if g.pareto_tail_alpha is not None:
            z_cut = NormalDist().inv_cdf(1.0 - g.pareto_tail_share)
            y_min = g.median_income_kpw_month * math.exp(g.sigma_log * z_cut)
            tail = y_min * (1.0 + rng.pareto(g.pareto_tail_alpha, m))  # Lomax + 1 = Pareto I
            y = np.where(z > z_cut, tail, y)
        income[start:stop] = y
        start = stop

    def share(field: str) -> FloatArray:
        per_group = np.array([getattr(g, field) for g in gs], dtype=np.float64)
        out: FloatArray = income * per_group[index]
        out.flags.writeable = False
        return out

    index.flags.writeable = False
    return Population(
        groups=gs,
        group_index=index,
        income_won_fixed_kpw=share("formal_won_share"),
        income_fx_linked_kpw=share("fx_linked_share"),
        income_informal_won_kpw=share("informal_won_share"),
        income_food_production_kpw=share("food_production_share"),
        households_represented=float(households_represented),
    )


def _margin_coefficients(
    pop: Population,
    shock: ShockSpec,
    period: Literal["before", "after"],
    group_totals: tuple[FloatArray, FloatArray],
) -> tuple[FloatArray, FloatArray]:
    """How the period's smuggling margin (nominal KPW a month) reaches each group's households.

    Returns per-group ``(per_fx, per_household)``: a household of group ``g`` gets
    ``fx_i * per_fx[g] + per_household[g]``. Each role's pool is shared among its groups'
    households in proportion to their yuan-linked income, or equally when they have none;
    a simulated household stands for ``households_represented / n_households`` real ones.
    ``group_totals`` is each group's yuan-linked income and number of households.
    """
    k = len(pop.groups)
    per_fx, per_household = np.zeros(k), np.zeros(k)
    rate = shock.rate_before_kpw_per_cny if period == "before" else shock.rate_after_kpw_per_cny
    scale = pop.households_represented / pop.n_households  # real households per row
    fx_total, count = group_totals
    for role in SMUGGLING_ROLES:
        pool = shock.monthly_profit_pool(period, float(rate), role)
        if pool == 0.0:
            continue
        members = np.array([g.smuggling_role == role for g in pop.groups])
        if not members.any():
            raise ValueError(
                f"the {role}s' part of the smuggling margin is positive but no group has "
                f"smuggling_role={role!r}"
            )
        basis = float(fx_total[members].sum())
        if basis > 0.0:
            per_fx[members] += pool / scale / basis
            continue
        # no yuan-linked income among the recipients: share equally
        households = float(count[members].sum())
        if households == 0.0:
            raise ValueError(
                f"the {role}s' part of the smuggling margin is positive but the population "
                f"has no {role} household"
            )
        per_household[members] += pool / scale / households
    return per_fx, per_household


def group_price_indices(pop: Population, shock: ShockSpec) -> FloatArray:
    """Each group's cost-of-living index after the shock, in ``pop.groups`` order."""
    return np.array([cost_of_living_index(g, shock) for g in pop.groups], dtype=np.float64)


def apply_shock(pop: Population, shock: ShockSpec) -> tuple[FloatArray, FloatArray]:
    """Real monthly household incomes before and after the shock.

    Parameters
    ----------
    pop : Population
        From :func:`simulate_population`.
    shock : ShockSpec
        Exchange-rate move, each good's pass-through, indexing and the smuggling margin.

    Returns
    -------
    real_income_before, real_income_after : ndarray of float64, shape (n,)
        Real monthly income, KPW at before-prices. Before, every price is 1. After, each
        income source is worth :func:`~hyesan_analysis.model.households.baskets.nominal_factors`
        times as many won (formal won income fixed, yuan-linked income ``R`` times, grown
        food at the group's food price, informal won earnings indexed in part to the city's
        market price index), the period's smuggling margin (at the period's rate) is shared
        among the investor households (``investor_profit_share`` of it) and the trader
        households (the rest), within each in proportion to their yuan-linked income, and
        the sum is divided by the household's group's cost-of-living index.
    """
    validate_shock(shock)
    market = market_price_index(pop.groups, shock)
    factors = [nominal_factors(g, shock, market) for g in pop.groups]
    idx = pop.group_index
    won, fx = pop.income_won_fixed_kpw, pop.income_fx_linked_kpw
    informal, food = pop.income_informal_won_kpw, pop.income_food_production_kpw
    k = len(pop.groups)
    fx_total: FloatArray = np.bincount(idx, weights=fx, minlength=k).astype(np.float64)
    count: FloatArray = np.bincount(idx, minlength=k).astype(np.float64)
    totals = (fx_total, count)
    fx_before, flat_before = _margin_coefficients(pop, shock, "before", totals)
    fx_after, flat_after = _margin_coefficients(pop, shock, "after", totals)
    before = won + fx * (1.0 + fx_before[idx]) + informal + food + flat_before[idx]
    informal_factor = np.array([f.informal_won for f in factors])
    food_factor = np.array([f.food_production for f in factors])
    nominal_after = (
        won
        + fx * (shock.rate_ratio + fx_after[idx])
        + informal * informal_factor[idx]
        + food * food_factor[idx]
        + flat_after[idx]
    )
    after: FloatArray = nominal_after / group_price_indices(pop, shock)[idx]
    return before, after
