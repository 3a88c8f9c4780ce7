"""Inequality measures for income distributions (pure numpy, no I/O).

All functions take a one-dimensional array of incomes (any unit; every measure here is
scale-invariant) and optional *frequency* weights: a weight of ``k`` means the row stands
for ``k`` identical households, so weighting gives exactly the same result as repeating
the row (for integer weights; fractional weights generalise this).

Conventions shared by every function
------------------------------------
* Population formulas, no small-sample correction: the Gini coefficient is the mean
  absolute difference over twice the mean, without the ``n/(n-1)`` factor (as QuantEcon,
  PySAL and the World Bank's PIP do; IneqPy applies the factor, so its numbers differ).
* Input errors raise ``ValueError`` with a message naming the problem; no function
  returns NaN, infinity or an out-of-range number for bad input:

  - empty input, NaN or infinite values, negative values;
  - a zero (or non-finite) total income -- shares and the Gini are undefined;
  - weights of another shape, NaN/infinite or negative weights, or weights summing to 0.

* Zero incomes are allowed (only a zero *total* is an error) and are never dropped.
* Zero weights are allowed: a row of weight 0 stands for no household and is removed
  before computing (its value must still be finite and non-negative).
* A single household, or households all with the same income, give exactly 0.

Shares at fractional population boundaries
------------------------------------------
``top_share``, ``palma_ratio`` and ``quantile_shares`` read the piecewise-linear Lorenz
curve of :func:`lorenz_curve` at the requested population share. Where a boundary falls
inside a household (say the top 10% of 15 households), that household is split and the
fraction of it inside the group contributes the same fraction of its income. Because
repeating a row adds collinear points to the Lorenz curve, this definition gives the same
number for replicated data as for the weighted version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from hyesan_analysis.model.weighted_sample import (
    FloatArray,
    _all_equal,
    _as_1d_float,
    _dot,
    _prepare,
)

__all__ = [
    "PROFILE_KEYS",
    "TheilDecomposition",
    "gini",
    "inequality_profile",
    "lorenz_curve",
    "palma_ratio",
    "quantile_shares",
    "theil_decomposition",
    "theil_t",
    "top_share",
]


def gini(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Gini coefficient (population form, no ``n/(n-1)`` correction).

    ``G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu)`` with ``W = sum w`` and
    ``mu`` the weighted mean; equal to one minus twice the area under the Lorenz curve.

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes (any unit).
    weights : array_like, shape (n,), optional
        Non-negative frequency weights (households represented by each row).

    Returns
    -------
    float
        Gini coefficient, dimensionless, in ``[0, 1)``; ``0`` for equal incomes.
        For ``n`` equally weighted households its maximum is ``1 - 1/n``.

    Raises
    ------
    ValueError
        On invalid input (see the module docstring).

    Examples
    --------
    >>> round(gini([1, 2, 3, 4, 5]), 4)
    0.2667
    >>> gini([0, 0, 0, 1])
    0.75
    """
    x, w = _prepare(values, weights)
    if _all_equal(x):
        return 0.0
    if w is None:
        n = x.size
        # sum_i x_(i) (2i - n - 1), i = 1..n, divided by n * sum(x)
        coef = 2.0 * np.arange(1, n + 1, dtype=np.float64) - n - 1.0
        g = float(_dot(coef, x) / (n * np.sum(x)))
    else:
        cum_w = np.cumsum(w)
        total_w = cum_w[-1]
        wx = w * x
        # each pair counted once: x_i's weight-mass below minus above it
        g = float(_dot(wx, 2.0 * cum_w - w - total_w) / (total_w * np.sum(wx)))
    return max(g, 0.0)


def lorenz_curve(
    values: ArrayLike, weights: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """Lorenz curve points.

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes.
    weights : array_like, shape (n,), optional
        Non-negative frequency weights; rows of weight 0 are dropped.

    Returns
    -------
    population_share, income_share : ndarray, shape (m + 1,)
        Cumulative population share and cumulative income share (both in [0, 1]) of the
        households sorted by income, starting at ``(0, 0)`` and ending exactly at
        ``(1, 1)``; ``m`` is the number of rows with positive weight. Linear
        interpolation between the points is the curve used by the share functions.
    """
    x, w = _prepare(values, weights)
    if w is None:
        pop = np.arange(x.size + 1, dtype=np.float64) / x.size
        cum_x = np.cumsum(x)
    else:
        cum_w = np.cumsum(w)
        pop = np.concatenate(([0.0], cum_w / cum_w[-1]))
        cum_x = np.cumsum(w * x)
    inc = np.concatenate(([0.0], cum_x / cum_x[-1]))
    pop[-1] = 1.0
    inc[-1] = 1.0
    # rounding in cumsum can break monotonicity by one ulp; restore it
    np.maximum.accumulate(inc, out=inc)
    return pop, inc


def theil_t(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Theil T index (GE(1)).

    ``T = sum_i w_i (x_i/mu) ln(x_i/mu) / W``. Zero incomes contribute the limit
    ``0 * ln 0 = 0`` (they are *not* dropped: they raise the mean share of the others).

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes.
    weights : array_like, shape (n,), optional
        Non-negative frequency weights.

    Returns
    -------
    float
        Theil T, dimensionless, in ``[0, ln W]`` (``ln n`` unweighted); ``0`` for equal
        incomes. E.g. ``theil_t([0, 0, 0, 1]) == ln 4``.
    """
    x, w = _prepare(values, weights, sort=False)
    if np.all(x == x[0]):
        return 0.0
    if w is None:
        mu = float(np.mean(x))
        total_w = float(x.size)
    else:
        total_w = float(np.sum(w))
        mu = float(_dot(w, x)) / total_w
    s = x / mu
    pos = s > 0
    terms = np.zeros_like(s)
    terms[pos] = s[pos] * np.log(s[pos])
    t = float(np.sum(terms) if w is None else _dot(w, terms)) / total_w
    return max(t, 0.0)


@dataclass(frozen=True)
class TheilDecomposition:
    """Theil T split into inequality between groups and within them (:func:`theil_decomposition`).

    Attributes
    ----------
    total : float
        Theil T of the whole population.
    between : float
        ``sum_g s_g ln(mu_g / mu)``: the Theil T if every household had its group's mean.
    within : float
        ``sum_g s_g T_g``: the groups' own Theil indices weighted by their income shares.
    groups : tuple of int
        The group labels, in the order of the arrays below.
    income_share : tuple of float
        ``s_g``, each group's share of total income.
    theil_within : tuple of float
        ``T_g``, each group's own Theil T (0 for a group with one household or equal incomes).
    """

    total: float
    between: float
    within: float
    groups: tuple[int, ...]
    income_share: tuple[float, ...]
    theil_within: tuple[float, ...]

    @property
    def between_share(self) -> float:
        """Fraction of the Theil index that lies between the groups (0 when ``total`` is 0)."""
        return self.between / self.total if self.total > 0 else 0.0


def theil_decomposition(
    values: ArrayLike, groups: ArrayLike, weights: ArrayLike | None = None
) -> TheilDecomposition:
    """Theil T decomposed exactly into between-group and within-group parts.

    ``T = sum_g s_g ln(mu_g / mu) + sum_g s_g T_g`` with ``s_g`` a group's share of total
    income, ``mu_g`` its mean and ``T_g`` its own Theil T (Shorrocks 1980: the Theil T is
    additively decomposable with income-share weights).

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes.
    groups : array_like of int, shape (n,)
        Non-negative group label of each household.
    weights : array_like, shape (n,), optional
        Non-negative frequency weights.

    Returns
    -------
    TheilDecomposition
        ``between + within`` equals ``total`` up to rounding (``total`` is computed
        directly by :func:`theil_t`). Groups whose income is zero contribute nothing.

    Raises
    ------
    ValueError
        On invalid incomes or weights (see the module docstring), or group labels that
        are not non-negative integers of the same length.
    """
    x = _as_1d_float(values, "values")
    g = np.asarray(groups)
    if g.shape != x.shape:
        raise ValueError(f"groups has length {g.size} but values has length {x.size}")
    if g.size and (not np.issubdtype(g.dtype, np.integer) or g.min() < 0):
        raise ValueError("groups must be non-negative integer labels")
    total = theil_t(x, weights)  # validates values and weights
    w = np.ones_like(x) if weights is None else _as_1d_float(weights, "weights")
    labels = np.unique(g[w > 0])
    income = np.bincount(g, weights=w * x)
    count = np.bincount(g, weights=w)
    mu = float(income.sum() / count.sum())
    between = within = 0.0
    shares, theils = [], []
    for k in labels:
        s_k = float(income[k] / income.sum())
        members = g == k
        t_k = theil_t(x[members], w[members]) if s_k > 0 else 0.0
        if s_k > 0:
            between += s_k * float(np.log(income[k] / count[k] / mu))
            within += s_k * t_k
        shares.append(s_k)
        theils.append(t_k)
    return TheilDecomposition(
        total=total,
        between=between,
        within=within,
        groups=tuple(int(k) for k in labels),
        income_share=tuple(shares),
        theil_within=tuple(theils),
    )


def _shares_at(pop: FloatArray, inc: FloatArray, points: FloatArray) -> FloatArray:
    out: FloatArray = np.interp(points, pop, inc)
    return out


def _check_fraction(p: float, name: str) -> float:
    try:
        pf = float(p)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number in [0, 1]: {exc}") from exc
    if not (0.0 <= pf <= 1.0):
        raise ValueError(f"{name} must be in [0, 1], got {p!r}")
    return pf


def top_share(values: ArrayLike, p: float, weights: ArrayLike | None = None) -> float:
    """Income share of the richest fraction ``p`` of the population.

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes.
    p : float
        Population fraction in ``[0, 1]`` (0.1 for the top 10%).
    weights : array_like, shape (n,), optional
        Non-negative frequency weights.

    Returns
    -------
    float
        ``1 - L(1 - p)`` with ``L`` the linearly interpolated Lorenz curve, in
        ``[p, 1]`` (``p`` for equal incomes). A household straddling the boundary is
        counted in proportion (see the module docstring).
    """
    pf = _check_fraction(p, "p")
    pop, inc = lorenz_curve(values, weights)
    if pf == 0.0:
        return 0.0
    share = 1.0 - float(_shares_at(pop, inc, np.array([1.0 - pf]))[0])
    return min(max(share, 0.0), 1.0)


def palma_ratio(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Palma ratio: income share of the top 10% over that of the bottom 40%.

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes.
    weights : array_like, shape (n,), optional
        Non-negative frequency weights.

    Returns
    -------
    float
        ``(1 - L(0.9)) / L(0.4)``, dimensionless, ``0.25`` for equal incomes.

    Raises
    ------
    ValueError
        On invalid input, or when the bottom 40% hold no income (the ratio is
        infinite; reported as an error rather than ``inf``).
    """
    pop, inc = lorenz_curve(values, weights)
    bottom, at90 = _shares_at(pop, inc, np.array([0.4, 0.9]))
    if bottom <= 0.0:
        raise ValueError("palma_ratio is undefined: the bottom 40% hold zero income")
    return float((1.0 - at90) / bottom)


def quantile_shares(
    values: ArrayLike, q: int | Sequence[float] | ArrayLike, weights: ArrayLike | None = None
) -> FloatArray:
    """Income shares of population quantile groups, poorest first.

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes.
    q : int or sequence of float
        Either the number of equal-sized groups (5 for quintiles, 10 for deciles), or
        the group edges as increasing population fractions in ``[0, 1]``, e.g.
        ``[0, 0.4, 0.9, 1]`` (like ``pandas.qcut``).
    weights : array_like, shape (n,), optional
        Non-negative frequency weights.

    Returns
    -------
    ndarray, shape (k,)
        Share of total income of each group (``k = q`` or ``len(edges) - 1``); sums to
        1 when the edges span ``[0, 1]``. Boundaries inside a household split it in
        proportion (see the module docstring).
    """
    if isinstance(q, (int, np.integer)) and not isinstance(q, bool):
        if q < 1:
            raise ValueError(f"q must be a positive number of groups, got {q}")
        edges = np.linspace(0.0, 1.0, int(q) + 1)
    else:
        edges = _as_1d_float(q, "q")  # type: ignore[arg-type]
        if edges.size < 2:
            raise ValueError("q as edges needs at least two population fractions")
        if not np.all(np.isfinite(edges)) or edges[0] < 0.0 or edges[-1] > 1.0:
            raise ValueError("q edges must be population fractions in [0, 1]")
        if np.any(np.diff(edges) <= 0):
            raise ValueError("q edges must be strictly increasing")
    pop, inc = lorenz_curve(values, weights)
    shares: FloatArray = np.diff(_shares_at(pop, inc, edges))
    return np.maximum(shares, 0.0)


#: Keys of :func:`inequality_profile`, in display order.
PROFILE_KEYS: tuple[str, ...] = ("gini", "theil_t", "palma", "top10_share", "bottom40_share")


def inequality_profile(values: ArrayLike, weights: ArrayLike | None = None) -> dict[str, float]:
    """The standard set of measures of one income distribution.

    Parameters
    ----------
    values : array_like, shape (n,)
        Non-negative incomes (any unit).
    weights : array_like, shape (n,), optional
        Non-negative frequency weights.

    Returns
    -------
    dict
        Keys exactly :data:`PROFILE_KEYS`: ``gini`` (:func:`gini`), ``theil_t``
        (:func:`theil_t`), ``palma`` (:func:`palma_ratio`), ``top10_share`` (income share
        of the richest 10%, fraction) and ``bottom40_share`` (income share of the poorest
        40%, fraction). All dimensionless.

    Raises
    ------
    ValueError
        On invalid input (see the module docstring), or when the bottom 40% hold no
        income (the Palma ratio is undefined).
    """
    bottom40 = float(quantile_shares(values, [0.0, 0.4], weights)[0])
    return {
        "gini": gini(values, weights),
        "theil_t": theil_t(values, weights),
        "palma": palma_ratio(values, weights),
        "top10_share": top_share(values, 0.1, weights),
        "bottom40_share": bottom40,
    }
