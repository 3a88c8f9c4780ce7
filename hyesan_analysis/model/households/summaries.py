"""Summaries of real incomes before and after the shock: deciles, groups, key figures.

Deciles and the bottom-40% / top-10% changes follow the households ranked by their
*before* income (a panel view: "what happened to those who were poorest"); the Gini, Palma
and top-10% shares rank each period by its own income (a cross-section).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.households.spec import FloatArray, IntArray, Population
from hyesan_analysis.model.inequality import gini, palma_ratio, top_share

__all__ = [
    "SUMMARY_KEYS",
    "DecileChanges",
    "GroupRow",
    "decile_changes",
    "group_composition",
    "group_table",
    "summary_metrics",
    "winners_and_losers",
]

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


# The last sample ranked and its order: a sensitivity sweep ranks the same before-incomes
# once per grid point (an O(n) comparison instead of an O(n log n) sort each time).
_last_ranked: tuple[FloatArray, IntArray] | None = None


def _stable_order(before: FloatArray) -> IntArray:
    """``np.argsort(before, kind="stable")``, remembered for the last sample ranked."""
    global _last_ranked
    last = _last_ranked
    if last is not None and np.array_equal(last[0], before):
        return last[1].copy()
    order = np.argsort(before, kind="stable")
    _last_ranked = (before.copy(), order.copy())
    return order


def _rank_groups(before: FloatArray, edges: Sequence[float] | FloatArray) -> IntArray:
    """Group number of each household by rank of before-income (ties: stable order).

    Household at rank ``r`` (0-based) goes to group ``j`` where its rank fraction
    ``(r + 0.5) / n`` lies in ``[edges[j], edges[j+1])``.
    """
    return _groups_by_rank(_stable_order(before), edges)


def _groups_by_rank(order: IntArray, edges: Sequence[float] | FloatArray) -> IntArray:
    """``_rank_groups`` from the households' stable rank ``order`` of before-income."""
    n = order.size
    frac = (np.arange(n, dtype=np.float64) + 0.5) / n
    grp_sorted = np.searchsorted(np.asarray(edges[1:-1]), frac, side="right")
    grp = np.empty(n, dtype=np.int64)
    grp[order] = grp_sorted
    return grp


def decile_changes(before: NDArray[np.floating], after: NDArray[np.floating]) -> DecileChanges:
    """Mean real income by decile of before-income, before and after.

    Households are ranked by before-income and keep their decile after the shock. With
    ``n`` not divisible by 10, a household goes to the decile containing the midpoint of
    its rank.

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
        Real monthly incomes from :func:`~hyesan_analysis.model.households.apply_shock`.

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
    order = _stable_order(b)
    grp = _groups_by_rank(order, [0.0, 0.4, 0.9, 1.0])
    bottom, top = grp == 0, grp == 2
    # each measure starts from the sorted sample: sorted once here, not three times each
    b_sorted, a_sorted = b[order], np.sort(a)
    return {
        "gini_before": gini(b_sorted),
        "gini_after": gini(a_sorted),
        "palma_before": palma_ratio(b_sorted),
        "palma_after": palma_ratio(a_sorted),
        "top10_share_before": top_share(b_sorted, 0.1),
        "top10_share_after": top_share(a_sorted, 0.1),
        "real_income_change_bottom40": float(a[bottom].sum() / b[bottom].sum() - 1.0),
        "real_income_change_top10": float(a[top].sum() / b[top].sum() - 1.0),
    }


def winners_and_losers(
    rows: Sequence[GroupRow], threshold_pct: float = 0.5
) -> tuple[list[GroupRow], list[GroupRow]]:
    """Groups whose mean real income rose / fell by more than ``threshold_pct`` percent.

    Parameters
    ----------
    rows : sequence of GroupRow
        From :func:`group_table`.
    threshold_pct : float
        Changes within ``±threshold_pct`` percent count as neither (>= 0).

    Returns
    -------
    winners, losers : list of GroupRow
        Each ordered from the largest gain to the largest loss.
    """
    ranked = sorted(rows, key=lambda r: r.pct_change, reverse=True)
    winners = [r for r in ranked if r.pct_change > threshold_pct]
    losers = [r for r in ranked if r.pct_change < -threshold_pct]
    return winners, losers


def group_composition(
    pop: Population, income: NDArray[np.floating], low_q: float, high_q: float
) -> list[tuple[str, float]]:
    """Which groups make up the households between two income quantiles.

    Parameters
    ----------
    pop : Population
        The households.
    income : array_like, shape (n,)
        The income that ranks them (e.g. real income before the shock).
    low_q, high_q : float
        Quantiles in ``[0, 1]``, ``low_q < high_q``: households with income at least the
        ``low_q`` quantile and at most the ``high_q`` quantile (``0, 0.4`` is the poorest
        40%, ``0.9, 1`` the richest 10%).

    Returns
    -------
    list of (str, float)
        Group name and its fraction of those households, largest first.
    """
    if not 0.0 <= low_q < high_q <= 1.0:
        raise ValueError(f"need 0 <= low_q < high_q <= 1, got {low_q}, {high_q}")
    y = np.asarray(income, dtype=np.float64)
    if y.shape != (pop.n_households,):
        raise ValueError("income must have one value per household of pop")
    mask = (y >= np.quantile(y, low_q)) & (y <= np.quantile(y, high_q))
    names, counts = np.unique(pop.labels[mask], return_counts=True)
    parts = sorted(zip(counts / counts.sum(), names, strict=True), reverse=True)
    return [(str(name), float(share)) for share, name in parts]
