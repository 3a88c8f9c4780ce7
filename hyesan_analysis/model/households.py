"""Synthetic household population hit by an exchange-rate shock (pure numpy, no I/O).

The model
---------
A city's households fall into groups (car-smuggling investors, traders, state workers,
farmers). Each group is described by a :class:`GroupSpec`; every default value in
:func:`default_groups` and :func:`default_shock` is a modelling ASSUMPTION unless a
comment names a source, and the reports must say so.

1. :func:`simulate_population` draws ``n_households`` monthly incomes (KPW, valued at the
   exchange rate and prices *before* the shock):

   * group sizes are fixed, not random: ``population_share * n`` rounded by the largest
     remainder method, so the shares are met exactly up to one household;
   * within a group, income is lognormal with median ``median_income_kpw_month`` and
     log standard deviation ``sigma_log``. If ``pareto_tail_alpha`` is set, the top
     ``pareto_tail_share`` of that lognormal (households whose normal draw exceeds the
     ``1 - pareto_tail_share`` quantile) instead draw from a Pareto type I tail whose
     minimum is the lognormal's ``1 - pareto_tail_share`` quantile (the density is
     spliced continuously in the CDF: a lognormal body, a power-law tail);
   * each household's income is split into a part fixed in won (state wages, rations
     valued in won) and a part linked to foreign currency (trade, smuggling), using the
     group's ``fx_linked_share``.

   Random numbers come from ``numpy.random.default_rng(seed)`` (PCG64); the groups are
   drawn in order, each with a fixed number of draws, so the same inputs give
   bit-identical arrays.

2. :func:`apply_shock` moves the market rate from ``rate_before`` to ``rate_after``
   (KPW per CNY). With ``R = rate_after / rate_before`` and pass-through ``b``, the price
   level becomes ``P = R ** b``. In real KPW at before-prices:

   * won-fixed income ``y_w`` becomes ``y_w / P`` (falls whenever ``R > 1`` and ``b > 0``);
   * fx-linked income ``y_f`` is worth ``y_f * R`` won, i.e. ``y_f * R / P = y_f * R**(1-b)``
     in real terms: it holds its value when ``b <= 1`` (exactly when ``b == 1``);
   * households of groups with ``receives_smuggling_profit`` add smuggling profit. The
     city's pool per month is ``cars_per_year * profit_per_car_cny *
     investor_profit_share / 12`` CNY, converted at the rate of the period and deflated
     by its price level. It is shared among investor households *in proportion to their
     fx-linked income* (bigger investors put in more capital). Because a simulated
     population stands for a whole city, each simulated household represents
     ``households_represented / n_households`` real ones, and the pool is scaled
     accordingly, so results do not depend on ``n_households``.
   * ``profit_per_car_before_cny`` (default 0) lets the before-state carry a smuggling
     profit too (e.g. 6,000 CNY per car before the waku cut); it is converted at
     ``rate_before`` with price level 1.

3. :func:`decile_changes`, :func:`group_table` and :func:`summary_metrics` summarise the
   before/after real incomes (deciles by *before* income; households keep their decile).

Public API
----------
``GroupSpec``, ``ShockSpec``, ``Population``, ``DecileChanges``, ``GroupRow``,
``simulate_population``, ``apply_shock``, ``decile_changes``, ``group_table``,
``summary_metrics``, ``default_groups``, ``default_shock``,
``default_households_represented``, ``DEFAULT_PRICE_PASSTHROUGH``, ``SUMMARY_KEYS``.

Typical use::

    groups = default_groups("hyesan")
    pop = simulate_population(groups, 100_000, seed=1,
                              households_represented=default_households_represented("hyesan"))
    before, after = apply_shock(pop, default_shock("hyesan"))
    metrics = summary_metrics(before, after)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.inequality import gini, palma_ratio, top_share

__all__ = [
    "DEFAULT_PRICE_PASSTHROUGH",
    "SUMMARY_KEYS",
    "DecileChanges",
    "GroupRow",
    "GroupSpec",
    "Population",
    "ShockSpec",
    "apply_shock",
    "decile_changes",
    "default_groups",
    "default_households_represented",
    "default_shock",
    "group_table",
    "simulate_population",
    "summary_metrics",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Elasticity of market prices to the KPW/CNY rate used when no estimate is supplied.
#: Derived from KDI via KBS (2025-02-04, shared/data/facts.csv, topic fx_context): in 2024
#: the won fell ~160% (x2.6) against the dollar while rice rose 76% and corn 93%, i.e.
#: ln(1.76)/ln(2.6) = 0.59 and ln(1.93)/ln(2.6) = 0.69; mean ~0.64. Replace it with the
#: prices_and_exchange report's estimate when that report supplies one.
DEFAULT_PRICE_PASSTHROUGH = 0.64

SUMMARY_KEYS: tuple[str, ...] = (
    "gini_before",
    "gini_after",
    "palma_before",
    "palma_after",
    "top10_share_before",
    "top10_share_after",
    "real_income_change_bottom40",
    "real_income_change_top10",
)


@dataclass(frozen=True)
class GroupSpec:
    """One household group.

    Attributes
    ----------
    name : str
        Label, e.g. ``"investors"``.
    population_share : float
        Fraction of households in the group, in ``[0, 1]``; shares of all groups sum to 1.
    median_income_kpw_month : float
        Median monthly household income before the shock, KPW (> 0).
    sigma_log : float
        Standard deviation of log income within the group (>= 0).
    fx_linked_share : float
        Fraction of each household's income linked to foreign currency, in ``[0, 1]``.
    pareto_tail_alpha : float or None
        Pareto type I shape of the top tail (> 1 so the mean is finite); None for none.
    pareto_tail_share : float
        Fraction of the group's households in the Pareto tail, in ``[0, 1)``; must be
        positive when ``pareto_tail_alpha`` is set and 0 otherwise.
    receives_smuggling_profit : bool
        Whether the group's households share the smuggling profit pool (investors).
    """

    name: str
    population_share: float
    median_income_kpw_month: float
    sigma_log: float
    fx_linked_share: float
    pareto_tail_alpha: float | None = None
    pareto_tail_share: float = 0.0
    receives_smuggling_profit: bool = False


@dataclass(frozen=True)
class ShockSpec:
    """The exchange-rate shock and the smuggling profit.

    Attributes
    ----------
    rate_before_kpw_per_cny, rate_after_kpw_per_cny : float
        Market exchange rate before and after, KPW per CNY (> 0).
    price_passthrough : float
        Elasticity of the price level to the exchange rate (>= 0; 1 = full pass-through).
    cars_per_year : float
        Smuggled cars a year whose profit accrues to the city's investors (>= 0).
    profit_per_car_cny : float
        Profit per car after the shock, CNY (>= 0).
    investor_profit_share : float
        Investors' share of the per-car profit (the rest goes to the trading company /
        state), in ``[0, 1]``.
    profit_per_car_before_cny : float
        Profit per car before the shock, CNY (>= 0; default 0 = profits are new).
    """

    rate_before_kpw_per_cny: float
    rate_after_kpw_per_cny: float
    price_passthrough: float
    cars_per_year: float
    profit_per_car_cny: float
    investor_profit_share: float
    profit_per_car_before_cny: float = 0.0

    @property
    def price_level_after(self) -> float:
        """Price level after the shock relative to before (dimensionless)."""
        ratio = self.rate_after_kpw_per_cny / self.rate_before_kpw_per_cny
        return float(ratio**self.price_passthrough)


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class Population:
    """A simulated population (arrays are read-only).

    Attributes
    ----------
    groups : tuple of GroupSpec
        The groups, in the order of ``group_index``.
    group_index : ndarray of int64, shape (n,)
        Index into ``groups`` for each household.
    income_won_fixed_kpw : ndarray of float64, shape (n,)
        Monthly income fixed in won, KPW at before-prices.
    income_fx_linked_kpw : ndarray of float64, shape (n,)
        Monthly income linked to foreign currency, KPW at the before-rate.
    households_represented : float
        Real households the population stands for (scales the smuggling profit pool).
    """

    groups: tuple[GroupSpec, ...]
    group_index: IntArray
    income_won_fixed_kpw: FloatArray
    income_fx_linked_kpw: FloatArray
    households_represented: float

    @property
    def n_households(self) -> int:
        """Number of simulated households."""
        return int(self.group_index.size)

    @property
    def group_names(self) -> tuple[str, ...]:
        """Group labels, in index order."""
        return tuple(g.name for g in self.groups)

    @property
    def labels(self) -> NDArray[np.str_]:
        """Group label of each household, shape (n,)."""
        return np.asarray(self.group_names)[self.group_index]

    @property
    def income_total_kpw(self) -> FloatArray:
        """Monthly income before the shock, KPW."""
        out: FloatArray = self.income_won_fixed_kpw + self.income_fx_linked_kpw
        return out


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class DecileChanges:
    """Mean real income per decile of before-income (decile 1 = poorest).

    Attributes
    ----------
    decile : ndarray of int64, shape (10,)
        1..10.
    mean_before, mean_after : ndarray of float64, shape (10,)
        Mean real monthly income, KPW at before-prices.
    pct_change : ndarray of float64, shape (10,)
        ``100 * (mean_after / mean_before - 1)``, percent.
    """

    decile: IntArray
    mean_before: FloatArray
    mean_after: FloatArray
    pct_change: FloatArray


@dataclass(frozen=True)
class GroupRow:
    """Summary of one group (see :func:`group_table`). Incomes: real KPW per month."""

    name: str
    count: int
    mean_before: float
    mean_after: float
    pct_change: float
    share_of_income_before: float
    share_of_income_after: float


# --------------------------------------------------------------------------- validation


def _check_range(
    value: float,
    field: str,
    low: float,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
        raise ValueError(f"{field} must be a number, got {value!r}")
    v = float(value)
    ok = math.isfinite(v)
    ok = ok and (v > low if low_open else v >= low)
    ok = ok and (v < high if high_open else v <= high)
    if not ok:
        lb = "(" if low_open else "["
        rb = ")" if high_open else "]"
        raise ValueError(f"{field} must be finite and in {lb}{low}, {high}{rb}, got {value!r}")


def _validate_groups(groups: Sequence[GroupSpec]) -> tuple[GroupSpec, ...]:
    gs = tuple(groups)
    if not gs:
        raise ValueError("groups is empty")
    names = [g.name for g in gs]
    if len(set(names)) != len(names):
        raise ValueError(f"groups: duplicate group names {names}")
    for g in gs:
        p = f"groups[{g.name!r}]."
        _check_range(g.population_share, p + "population_share", 0.0, 1.0)
        _check_range(g.median_income_kpw_month, p + "median_income_kpw_month", 0.0, low_open=True)
        _check_range(g.sigma_log, p + "sigma_log", 0.0, 10.0)
        _check_range(g.fx_linked_share, p + "fx_linked_share", 0.0, 1.0)
        _check_range(g.pareto_tail_share, p + "pareto_tail_share", 0.0, 1.0, high_open=True)
        if g.pareto_tail_alpha is None:
            if g.pareto_tail_share != 0.0:
                raise ValueError(
                    f"{p}pareto_tail_share is {g.pareto_tail_share} but pareto_tail_alpha "
                    "is None; set both or neither"
                )
        else:
            _check_range(g.pareto_tail_alpha, p + "pareto_tail_alpha", 1.0, low_open=True)
            if g.pareto_tail_share <= 0.0:
                raise ValueError(f"{p}pareto_tail_share must be > 0 when pareto_tail_alpha is set")
    total = math.fsum(g.population_share for g in gs)
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"population_share of the groups must sum to 1, got {total!r}")
    return gs


def _validate_shock(shock: ShockSpec) -> None:
    _check_range(shock.rate_before_kpw_per_cny, "rate_before_kpw_per_cny", 0.0, low_open=True)
    _check_range(shock.rate_after_kpw_per_cny, "rate_after_kpw_per_cny", 0.0, low_open=True)
    _check_range(shock.price_passthrough, "price_passthrough", 0.0, 5.0)
    _check_range(shock.cars_per_year, "cars_per_year", 0.0)
    _check_range(shock.profit_per_car_cny, "profit_per_car_cny", 0.0)
    _check_range(shock.investor_profit_share, "investor_profit_share", 0.0, 1.0)
    _check_range(shock.profit_per_car_before_cny, "profit_per_car_before_cny", 0.0)


def _largest_remainder(shares: Sequence[float], n: int) -> IntArray:
    raw = np.asarray(shares, dtype=np.float64) * n
    counts = np.floor(raw).astype(np.int64)
    short = n - int(counts.sum())
    if short > 0:
        # ties broken by group order (stable sort), so the result is deterministic
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:short]] += 1
    return counts


# --------------------------------------------------------------------------- simulation


def simulate_population(
    groups: Sequence[GroupSpec],
    n_households: int,
    seed: int,
    households_represented: float | None = None,
) -> Population:
    """Draw a synthetic population.

    Parameters
    ----------
    groups : sequence of GroupSpec
        Group definitions; ``population_share`` must sum to 1 (tolerance 1e-9).
    n_households : int
        Number of simulated households (>= 1).
    seed : int
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
    gs = _validate_groups(groups)
    if isinstance(n_households, bool) or not isinstance(n_households, (int, np.integer)):
        raise ValueError(f"n_households must be an integer, got {n_households!r}")
    if n_households < 1:
        raise ValueError(f"n_households must be >= 1, got {n_households}")
    if households_represented is None:
        households_represented = float(n_households)
    _check_range(households_represented, "households_represented", 0.0, low_open=True)

    rng = np.random.default_rng(seed)
    counts = _largest_remainder([g.population_share for g in gs], int(n_households))
    index = np.repeat(np.arange(len(gs), dtype=np.int64), counts)
    income = np.empty(int(n_households), dtype=np.float64)
    fx_share = np.empty(int(n_households), dtype=np.float64)
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
        fx_share[start:stop] = g.fx_linked_share
        start = stop

    fx = income * fx_share
    won = income - fx
    for arr in (index, won, fx):
        arr.flags.writeable = False
    return Population(
        groups=gs,
        group_index=index,
        income_won_fixed_kpw=won,
        income_fx_linked_kpw=fx,
        households_represented=float(households_represented),
    )


def _profit_per_household(pop: Population, monthly_pool_real_kpw: float) -> FloatArray:
    """Spread a city-wide monthly profit pool (real KPW) over the simulated recipients."""
    out = np.zeros(pop.n_households, dtype=np.float64)
    if monthly_pool_real_kpw == 0.0:
        return out
    recipient_groups = [k for k, g in enumerate(pop.groups) if g.receives_smuggling_profit]
    if not recipient_groups:
        raise ValueError(
            "smuggling profit is positive but no group has receives_smuggling_profit=True"
        )
    mask = np.isin(pop.group_index, recipient_groups)
    basis = np.where(mask, pop.income_fx_linked_kpw, 0.0)
    total_basis = float(basis.sum())
    if total_basis <= 0.0:
        # no fx-linked income among recipients: share equally
        basis = mask.astype(np.float64)
        total_basis = float(basis.sum())
        if total_basis == 0.0:
            raise ValueError(
                "smuggling profit is positive but the population has no investor household"
            )
    scale = pop.households_represented / pop.n_households  # real households per row
    out[:] = monthly_pool_real_kpw / scale * basis / total_basis
    return out


def apply_shock(pop: Population, shock: ShockSpec) -> tuple[FloatArray, FloatArray]:
    """Real monthly household incomes before and after the shock.

    Parameters
    ----------
    pop : Population
        From :func:`simulate_population`.
    shock : ShockSpec
        Exchange-rate move, price pass-through and smuggling profit.

    Returns
    -------
    real_income_before, real_income_after : ndarray of float64, shape (n,)
        Real monthly income, KPW at before-prices (price level 1 before, ``P`` after;
        see the module docstring for the formulas).
    """
    _validate_shock(shock)
    r0 = float(shock.rate_before_kpw_per_cny)
    r1 = float(shock.rate_after_kpw_per_cny)
    price = shock.price_level_after
    share = float(shock.investor_profit_share)
    pool_before = shock.cars_per_year * shock.profit_per_car_before_cny * share * r0 / 12.0
    pool_after = shock.cars_per_year * shock.profit_per_car_cny * share * r1 / 12.0 / price
    won = pop.income_won_fixed_kpw
    fx = pop.income_fx_linked_kpw
    before = won + fx + _profit_per_household(pop, float(pool_before))
    after = won / price + fx * ((r1 / r0) / price) + _profit_per_household(pop, float(pool_after))
    return before, after


# --------------------------------------------------------------------------- summaries


def _check_pair(
    before: NDArray[np.floating], after: NDArray[np.floating]
) -> tuple[FloatArray, FloatArray]:
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    if b.ndim != 1 or b.shape != a.shape:
        raise ValueError(f"before and after must be 1-D of equal length, got {b.shape}, {a.shape}")
    if b.size < 10:
        raise ValueError("need at least 10 households to form deciles")
    if not (np.all(np.isfinite(b)) and np.all(np.isfinite(a))):
        raise ValueError("before/after contain NaN or infinity")
    if np.any(b < 0) or np.any(a < 0):
        raise ValueError("before/after contain negative incomes")
    return b, a


def _rank_groups(before: FloatArray, edges: Sequence[float] | FloatArray) -> IntArray:
    """Group number of each household by rank of before-income (ties: stable order).

    Household at rank ``r`` (0-based) goes to group ``j`` where its rank fraction
    ``(r + 0.5) / n`` lies in ``[edges[j], edges[j+1])``.
    """
    n = before.size
    order = np.argsort(before, kind="stable")
    frac = (np.arange(n, dtype=np.float64) + 0.5) / n
    grp_sorted = np.searchsorted(np.asarray(edges[1:-1]), frac, side="right")
    grp = np.empty(n, dtype=np.int64)
    grp[order] = grp_sorted
    return grp


def decile_changes(before: NDArray[np.floating], after: NDArray[np.floating]) -> DecileChanges:
    """Mean real income by decile of before-income, before and after.

    Households are ranked by before-income and keep their decile after the shock
    (a panel view: "what happened to those who were poorest"). With ``n`` not divisible
    by 10, a household goes to the decile containing the midpoint of its rank.

    Parameters
    ----------
    before, after : array_like, shape (n,)
        Real monthly incomes (KPW at before-prices), ``n >= 10``.

    Returns
    -------
    DecileChanges
    """
    b, a = _check_pair(before, after)
    grp = _rank_groups(b, np.linspace(0.0, 1.0, 11))
    cnt = np.bincount(grp, minlength=10).astype(np.float64)
    mb = np.bincount(grp, weights=b, minlength=10) / cnt
    ma = np.bincount(grp, weights=a, minlength=10) / cnt
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(mb > 0, 100.0 * (ma / mb - 1.0), np.nan)
    return DecileChanges(
        decile=np.arange(1, 11, dtype=np.int64), mean_before=mb, mean_after=ma, pct_change=pct
    )


def group_table(
    pop: Population, before: NDArray[np.floating], after: NDArray[np.floating]
) -> list[GroupRow]:
    """Summary per group: count, mean real income before/after, % change, income shares.

    Parameters
    ----------
    pop : Population
        The population the incomes belong to.
    before, after : array_like, shape (n,)
        Real monthly incomes from :func:`apply_shock`.

    Returns
    -------
    list of GroupRow
        One row per group in ``pop.groups`` order (groups with no household have NaN
        means and 0 shares).
    """
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    if b.shape != (pop.n_households,) or a.shape != b.shape:
        raise ValueError("before/after must have one value per household of pop")
    k = len(pop.groups)
    cnt = np.bincount(pop.group_index, minlength=k)
    sb = np.bincount(pop.group_index, weights=b, minlength=k)
    sa = np.bincount(pop.group_index, weights=a, minlength=k)
    tb, ta = float(b.sum()), float(a.sum())
    rows = []
    for j, g in enumerate(pop.groups):
        c = int(cnt[j])
        mb = float(sb[j]) / c if c else math.nan
        ma = float(sa[j]) / c if c else math.nan
        pct = 100.0 * (ma / mb - 1.0) if c and mb > 0 else math.nan
        rows.append(
            GroupRow(
                name=g.name,
                count=c,
                mean_before=mb,
                mean_after=ma,
                pct_change=pct,
                share_of_income_before=float(sb[j]) / tb if tb > 0 else math.nan,
                share_of_income_after=float(sa[j]) / ta if ta > 0 else math.nan,
            )
        )
    return rows


def summary_metrics(before: NDArray[np.floating], after: NDArray[np.floating]) -> dict[str, float]:
    """The eight key figures the inequality report records.

    Parameters
    ----------
    before, after : array_like, shape (n,)
        Real monthly incomes (KPW at before-prices) of the same households, ``n >= 10``.

    Returns
    -------
    dict
        Keys exactly :data:`SUMMARY_KEYS`:

        * ``gini_before``, ``gini_after`` -- Gini of real income (dimensionless);
        * ``palma_before``, ``palma_after`` -- Palma ratio (dimensionless);
        * ``top10_share_before``, ``top10_share_after`` -- income share of the top 10%
          (fraction), each ranked by its own period's income (cross-section);
        * ``real_income_change_bottom40``, ``real_income_change_top10`` -- change in mean
          real income of the households that were in the bottom 40% / top 10% *by
          before-income* (panel), as a fraction (-0.2 = a 20% fall).
    """
    b, a = _check_pair(before, after)
    grp = _rank_groups(b, [0.0, 0.4, 0.9, 1.0])
    bottom, top = grp == 0, grp == 2
    return {
        "gini_before": gini(b),
        "gini_after": gini(a),
        "palma_before": palma_ratio(b),
        "palma_after": palma_ratio(a),
        "top10_share_before": top_share(b, 0.1),
        "top10_share_after": top_share(a, 0.1),
        "real_income_change_bottom40": float(a[bottom].sum() / b[bottom].sum() - 1.0),
        "real_income_change_top10": float(a[top].sum() / b[top].sum() - 1.0),
    }


# --------------------------------------------------------------------------- defaults

#: Hyesan households, roughly: 2008 DPRK census population of Hyesan city ~193,000
#: (ASSUMPTION: ~4 persons per household -> ~48,000 households).
HYESAN_HOUSEHOLDS = 48_000.0
#: Pyongyang households, roughly: 2008 census ~2.58 million (ASSUMPTION: ~4 per household).
PYONGYANG_HOUSEHOLDS = 645_000.0


def default_groups(city: str = "hyesan") -> tuple[GroupSpec, ...]:
    """Default group parameters for ``"hyesan"`` or ``"pyongyang"``.

    All values are modelling ASSUMPTIONS (no survey of household incomes by group exists);
    the rationale for each is in the source comments. Incomes are monthly household
    incomes in KPW at early-2024 prices (after the October 2023 wage reform, rate about
    1,250 KPW/CNY).

    Parameters
    ----------
    city : {"hyesan", "pyongyang"}

    Returns
    -------
    tuple of GroupSpec
        investors, traders, state workers, farmers.
    """
    key = city.strip().lower()
    if key == "hyesan":
        return (
            GroupSpec(
                name="investors",
                population_share=0.03,  # donju financing state-led car smuggling: a thin elite
                median_income_kpw_month=1_500_000.0,  # ~1,200 CNY/month; provincial donju
                sigma_log=0.8,  # wide spread between small and large investors
                fx_linked_share=0.9,  # income from trade priced in CNY
                pareto_tail_alpha=1.8,  # heavy top tail typical of wealth-like income
                pareto_tail_share=0.2,  # the largest fifth of investors follow the power law
                receives_smuggling_profit=True,  # they share the per-car profit
            ),
            GroupSpec(
                name="traders",
                population_share=0.30,  # border city: market trade and remittance brokering
                median_income_kpw_month=250_000.0,  # ~200 CNY/month from market stalls
                sigma_log=0.7,  # stall holders to wholesalers
                fx_linked_share=0.7,  # goods from China, priced off the CNY
            ),
            GroupSpec(
                name="state_workers",
                population_share=0.45,  # largest group; factory, office, service workers
                median_income_kpw_month=60_000.0,  # 30,000 wage (post-2023 reform) + sideline
                sigma_log=0.5,  # wage scales are compressed
                fx_linked_share=0.2,  # small market sidelines of family members
            ),
            GroupSpec(
                name="farmers",
                population_share=0.22,  # cooperative farms on the city's outskirts
                median_income_kpw_month=45_000.0,  # in-kind shares + private plots, valued
                sigma_log=0.5,  # similar dispersion to workers
                fx_linked_share=0.3,  # some produce sold at market prices
            ),
        )
    if key == "pyongyang":
        return (
            GroupSpec(
                name="investors",
                population_share=0.02,  # capital's donju are richer but a smaller share
                median_income_kpw_month=3_000_000.0,  # 2x Hyesan; donju wealth bar is 20x (facts)
                sigma_log=0.8,  # as in Hyesan
                fx_linked_share=0.85,  # more state-linked business in won
                pareto_tail_alpha=1.8,  # as in Hyesan
                pareto_tail_share=0.2,  # as in Hyesan
                receives_smuggling_profit=True,  # they could finance trade too
            ),
            GroupSpec(
                name="traders",
                population_share=0.15,  # markets matter less in the capital
                median_income_kpw_month=300_000.0,  # larger, richer customer base
                sigma_log=0.7,  # as in Hyesan
                fx_linked_share=0.6,  # less direct access to Chinese goods than the border
            ),
            GroupSpec(
                name="state_workers",
                population_share=0.75,  # capital of ministries, enterprises, cadres
                median_income_kpw_month=90_000.0,  # higher central wages (>120k for cadres)
                sigma_log=0.5,  # compressed wage scale
                fx_linked_share=0.1,  # more ration/wage dependence, fewer sidelines
            ),
            GroupSpec(
                name="farmers",
                population_share=0.08,  # rural counties inside the municipality
                median_income_kpw_month=50_000.0,  # slightly above provincial farms
                sigma_log=0.5,  # as in Hyesan
                fx_linked_share=0.3,  # as in Hyesan
            ),
        )
    raise ValueError(f"city must be 'hyesan' or 'pyongyang', got {city!r}")


def default_households_represented(city: str = "hyesan") -> float:
    """Real households a simulated population of ``city`` stands for (ASSUMPTION).

    Parameters
    ----------
    city : {"hyesan", "pyongyang"}

    Returns
    -------
    float
        Number of households (2008 census population / ~4 persons per household).
    """
    key = city.strip().lower()
    if key == "hyesan":
        return HYESAN_HOUSEHOLDS
    if key == "pyongyang":
        return PYONGYANG_HOUSEHOLDS
    raise ValueError(f"city must be 'hyesan' or 'pyongyang', got {city!r}")


def default_shock(city: str = "hyesan") -> ShockSpec:
    """Default shock for ``"hyesan"`` or ``"pyongyang"``.

    The rate before is an observation (market_rates.csv m092) and the rate after is the
    founding report's "climbed to 3,000" KPW per CNY in Hyesan (Daily NK, 2025-03-04; fact
    hyesan_market_rate_founding_kpw_per_cny, observation m215); the car volume and the
    investor share are ASSUMPTIONS. Pyongyang gets the same exchange-rate move but no
    smuggling profit (the cars enter through Hyesan), so the comparison isolates the
    difference in household structure plus the border city's smuggling income.

    Parameters
    ----------
    city : {"hyesan", "pyongyang"}

    Returns
    -------
    ShockSpec
    """
    key = city.strip().lower()
    if key not in ("hyesan", "pyongyang"):
        raise ValueError(f"city must be 'hyesan' or 'pyongyang', got {city!r}")
    return ShockSpec(
        rate_before_kpw_per_cny=1_262.0,  # Hyesan market rate 2024-02-04 (market_rates.csv m092)
        rate_after_kpw_per_cny=3_000.0,  # founding report, Daily NK 2025-03-04 (m215)
        price_passthrough=DEFAULT_PRICE_PASSTHROUGH,  # see constant: KDI rice/corn 2024
        # ASSUMPTION: ~40 cars a week through Hyesan's state-led routes
        cars_per_year=2_000.0 if key == "hyesan" else 0.0,
        profit_per_car_cny=11_000.0,  # midpoint of 10,000-12,000 (Daily NK, 2025-03-04)
        investor_profit_share=0.5,  # ASSUMPTION: profits shared with the trading company
        profit_per_car_before_cny=0.0,  # profits counted as new income after the shock
    )
