"""Exchange-rate pass-through: elasticity of a market price to the KPW exchange rate.

Superseded in the prices report by the fits on log changes of one publisher in one city
(:mod:`hyesan_analysis.model.passthrough_specs`); this regression on price *levels* is kept
for callers that still compare against it.

The model is a regression on log levels of observations aligned by city and month (see
:func:`hyesan_analysis.model.market_alignment.align_by_city_month`)::

    log(price[c, m]) = a_c + b * log(rate[c, m]) + e[c, m]

``b`` is the pass-through elasticity: the percent change in the price (KPW per kg) that comes
with a one-percent change in the market rate (KPW per CNY or per USD). With one city, ``a_c``
is a single intercept (plain OLS). With several cities the pooled fit gives each city its own
intercept (city fixed effects), so the slope comes only from movements *within* a city over
time and not from level differences between cities. ``fixed_effects='city_publisher'`` gives
each city-and-publisher its own intercept instead, so that a publisher that reports
systematically higher levels (NK Times' exchange rates in late 2024) cannot tilt the slope.

Intervals (95 % by default):

* ``method='ols'``: analytic t-interval, ``b +/- t(1 - alpha/2, dof) * se(b)`` with the classical
  (homoskedastic) standard error and ``dof = n - number_of_intercepts - 1``.
* ``method='bootstrap'``: pairs bootstrap, resampling aligned pairs with replacement *within
  each city* (so every city keeps its size and its intercept stays identified), percentile
  interval of the refitted slopes; random numbers from ``np.random.default_rng(seed)``.
  Resamples in which the log rate does not vary within any city cannot be fitted and are
  dropped; their number is recorded. With only two to four pairs per city the bootstrap
  distribution is coarse (few distinct resamples) and its percentile interval is unreliable;
  prefer the analytic interval then.

A city with a single aligned pair only fixes its own intercept: it adds to ``n`` and costs a
degree of freedom but says nothing about the slope; ``n_informative`` counts the pairs that
do inform it.

A fit with fewer than ``min_points`` pairs, no within-city variation of the log rate, or no
residual degree of freedom raises :class:`~hyesan_analysis.model.market_frame.InsufficientDataError`
naming the filter; it never returns a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, overload

import numpy as np
import pandas as pd
from scipy import stats

from hyesan_analysis.model.market_frame import InsufficientDataError

__all__ = ["FixedEffects", "Method", "PassthroughEstimate", "estimate_passthrough"]

Method = Literal["ols", "bootstrap"]
FixedEffects = Literal["city", "city_publisher"]


@dataclass(frozen=True)
class PassthroughEstimate:
    """Result of a pass-through fit.

    Attributes
    ----------
    elasticity : float
        Slope of log price on log rate (dimensionless: percent per percent).
    ci_low, ci_high : float
        Bounds of the ``level`` confidence interval for the elasticity.
    n : int
        Number of aligned (city, month[, publisher]) pairs used.
    method : str
        ``'ols'`` (analytic t-interval) or ``'bootstrap'`` (pairs bootstrap, percentile).
    city : str
        The city fitted, or ``'pooled'`` for a fit over several cities.
    intercept : float
        ``mean(log price) - elasticity * mean(log rate)`` over all pairs used; for a single
        city this is the OLS intercept (log KPW); for a pooled fit it is the pair-weighted
        average of the city intercepts.
    se : float
        Classical OLS standard error of the elasticity (NaN when ``dof == 0``).
    dof : int
        Residual degrees of freedom: ``n - n_cities - 1``.
    n_cities : int
        Number of cities (intercepts) in the fit.
    level : float
        Confidence level of the interval, e.g. 0.95.
    bootstrap_draws_used : int
        Bootstrap resamples actually fitted (0 for ``method='ols'``).
    price_series, rate_series : str
        Series regressed, e.g. ``'rice'`` on ``'CNY'``.
    city_intercepts : tuple of (str, float)
        Per-group intercepts (log KPW), sorted by group (city, or ``'city | publishers'``).
    n_informative : int
        Pairs in groups with at least two pairs; a group with a single pair only fixes its
        own intercept and carries no information about the slope.
    fixed_effects : str
        ``'city'`` or ``'city_publisher'`` (one intercept per city and publisher set).
    """

    elasticity: float
    ci_low: float
    ci_high: float
    n: int
    method: str
    city: str
    intercept: float
    se: float
    dof: int
    n_cities: int
    level: float
    bootstrap_draws_used: int
    price_series: str
    rate_series: str
    city_intercepts: tuple[tuple[str, float], ...]
    n_informative: int
    fixed_effects: str


def _label(aligned: pd.DataFrame, column: str, default: str) -> str:
    if column in aligned.columns and len(aligned) > 0:
        values = sorted(set(aligned[column].astype(str)))
        return "/".join(values)
    value = aligned.attrs.get(column)
    return str(value) if value is not None else default


def _city_label(aligned: pd.DataFrame) -> str:
    cities = sorted(set(aligned["city"].astype(str)))
    if len(cities) == 1:
        return cities[0]
    if cities:
        return "pooled"
    known = aligned.attrs.get("input_cities")
    return "/".join(known) if known else "none"


def _describe(aligned: pd.DataFrame, city: str) -> str:
    price = _label(aligned, "price_series", "price")
    rate = _label(aligned, "rate_series", "rate")
    policy = _label(aligned, "publisher_policy", "unknown")
    return f"city={city}, series={price}~{rate}, publisher_policy={policy}"


def _fixed_effect_slope(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray
) -> tuple[float, float, float, int]:
    """Within (fixed-effect) OLS slope, its SE, the residual sum of squares and the dof."""
    codes, inverse = np.unique(groups, return_inverse=True)
    counts = np.bincount(inverse).astype(float)
    x_mean = np.bincount(inverse, weights=x) / counts
    y_mean = np.bincount(inverse, weights=y) / counts
    xd = x - x_mean[inverse]
    yd = y - y_mean[inverse]
    sxx = float(xd @ xd)
    slope = float(xd @ yd) / sxx
    resid = yd - slope * xd
    rss = float(resid @ resid)
    dof = len(x) - len(codes) - 1
    se = float(np.sqrt(rss / dof / sxx)) if dof > 0 else float("nan")
    return slope, se, rss, dof


def _bootstrap_slopes(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, bootstrap_draws: int, seed: int
) -> np.ndarray:
    """Slopes from a pairs bootstrap stratified by city (degenerate resamples dropped)."""
    rng = np.random.default_rng(seed)
    sxy = np.zeros(bootstrap_draws)
    sxx = np.zeros(bootstrap_draws)
    for code in np.unique(groups):
        idx = np.flatnonzero(groups == code)
        draws = idx[rng.integers(0, len(idx), size=(bootstrap_draws, len(idx)))]
        xs, ys = x[draws], y[draws]
        xd = xs - xs.mean(axis=1, keepdims=True)
        sxx += (xd * xd).sum(axis=1)
        sxy += (xd * (ys - ys.mean(axis=1, keepdims=True))).sum(axis=1)
    ok = sxx > 1e-12 * max(1.0, float(np.max(sxx, initial=0.0)))
    return sxy[ok] / sxx[ok]


def _fit(
    aligned: pd.DataFrame,
    city_label: str,
    method: Method,
    bootstrap_draws: int,
    seed: int,
    min_points: int,
    level: float,
    fixed_effects: FixedEffects = "city",
) -> PassthroughEstimate:
    n = len(aligned)
    where = _describe(aligned, city_label)
    if n < min_points:
        raise InsufficientDataError(
            f"too few aligned pairs for a pass-through fit ({where}): "
            f"found {n}, need at least {min_points}",
            reason="too few pairs",
        )
    x = aligned["log_rate"].to_numpy(float)
    y = aligned["log_price"].to_numpy(float)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError(f"non-finite log price or log rate in aligned data ({where})")
    groups = _groups(aligned, fixed_effects)
    cities = np.unique(groups)
    within = np.concatenate([x[groups == c] - x[groups == c].mean() for c in cities])
    unit = "cities" if fixed_effects == "city" else "city-publisher groups"
    if float(within @ within) <= 1e-12 * max(1.0, float(x @ x)):
        raise InsufficientDataError(
            f"log rate does not vary within any of the {len(cities)} {unit} ({where}): "
            f"found {n} pairs, need at least two different rates in one group",
            reason="rate does not vary",
        )
    dof = n - len(cities) - 1
    if dof < 1:
        raise InsufficientDataError(
            f"no residual degree of freedom for a pass-through fit ({where}): found {n} "
            f"pairs in {len(cities)} {unit}, need at least {len(cities) + 2}",
            reason="no residual degree of freedom",
        )
    sizes = {str(c): int(np.sum(groups == c)) for c in cities}
    n_informative = sum(size for size in sizes.values() if size >= 2)
    slope, se, _, dof = _fixed_effect_slope(x, y, groups)
    alpha = 1.0 - level
    intercepts = tuple(
        (str(c), float(y[groups == c].mean() - slope * x[groups == c].mean())) for c in cities
    )
    intercept = float(y.mean() - slope * x.mean())
    if method == "ols":
        half = float(stats.t.ppf(1.0 - alpha / 2.0, dof)) * se
        low, high, used = slope - half, slope + half, 0
    elif method == "bootstrap":
        if bootstrap_draws < 100:
            raise ValueError(f"bootstrap_draws must be at least 100, got {bootstrap_draws}")
        slopes = _bootstrap_slopes(x, y, groups, bootstrap_draws, seed)
        if len(slopes) < bootstrap_draws // 2:
            raise InsufficientDataError(
                f"bootstrap failed ({where}): only {len(slopes)} of {bootstrap_draws} resamples "
                "had variation in the log rate",
                reason="rate does not vary in most resamples",
            )
        low, high = (float(v) for v in np.quantile(slopes, [alpha / 2.0, 1.0 - alpha / 2.0]))
        used = len(slopes)
    else:
        raise ValueError(f"method must be 'ols' or 'bootstrap', got {method!r}")
    return PassthroughEstimate(
        elasticity=slope,
        ci_low=float(low),
        ci_high=float(high),
        n=n,
        method=method,
        city=city_label,
        intercept=intercept,
        se=se,
        dof=dof,
        n_cities=len(cities),
        level=level,
        bootstrap_draws_used=used,
        price_series=_label(aligned, "price_series", "price"),
        rate_series=_label(aligned, "rate_series", "rate"),
        city_intercepts=intercepts,
        n_informative=n_informative,
        fixed_effects=fixed_effects,
    )


def _groups(aligned: pd.DataFrame, fixed_effects: FixedEffects) -> np.ndarray:
    """Intercept group of each pair: its city, or its city and publisher set."""
    city = aligned["city"].astype(str)
    if fixed_effects == "city":
        return city.to_numpy()
    if fixed_effects == "city_publisher":
        if "publishers" not in aligned.columns:
            raise ValueError("fixed_effects='city_publisher' needs a 'publishers' column")
        return (city + " | " + aligned["publishers"].astype(str)).to_numpy()
    raise ValueError(f"fixed_effects must be 'city' or 'city_publisher', got {fixed_effects!r}")


@overload
def estimate_passthrough(
    aligned: pd.DataFrame,
    method: Method = ...,
    by_city: Literal[False] = ...,
    bootstrap_draws: int = ...,
    seed: int = ...,
    min_points: int = ...,
    level: float = ...,
    fixed_effects: FixedEffects = ...,
    label: str | None = ...,
) -> PassthroughEstimate: ...


@overload
def estimate_passthrough(
    aligned: pd.DataFrame,
    method: Method = ...,
    *,
    by_city: Literal[True],
    bootstrap_draws: int = ...,
    seed: int = ...,
    min_points: int = ...,
    level: float = ...,
    fixed_effects: FixedEffects = ...,
    label: str | None = ...,
) -> dict[str, PassthroughEstimate]: ...


def estimate_passthrough(
    aligned: pd.DataFrame,
    method: Method = "ols",
    by_city: bool = False,
    bootstrap_draws: int = 2000,
    seed: int = 0,
    min_points: int = 5,
    level: float = 0.95,
    fixed_effects: FixedEffects = "city",
    label: str | None = None,
) -> PassthroughEstimate | dict[str, PassthroughEstimate]:
    """Elasticity of log price to log exchange rate, with a confidence interval.

    Parameters
    ----------
    aligned : DataFrame
        Output of :func:`~hyesan_analysis.model.market_alignment.align_by_city_month` (columns
        ``city``, ``log_price``, ``log_rate``; ``price_series``, ``rate_series`` and
        ``publisher_policy`` are used in messages when present).
    method : {'ols', 'bootstrap'}, default 'ols'
        Interval type: analytic t-interval or stratified pairs-bootstrap percentile interval.
        The point estimate is the OLS (within) slope in both cases.
    by_city : bool, default False
        False: one fit over all rows (``city='pooled'`` with city fixed effects when there are
        several cities, else that city's name). True: one fit per city, returned as a dict;
        a city with too few pairs raises (use
        :func:`~hyesan_analysis.model.passthrough_fits.passthrough_table` to get every city
        with a status instead).
    bootstrap_draws : int, default 2000
        Bootstrap resamples (``method='bootstrap'`` only; at least 100).
    seed : int, default 0
        Seed for ``np.random.default_rng`` (bootstrap only); same seed, same interval.
    min_points : int, default 5
        Minimum number of aligned pairs for a fit.
    level : float, default 0.95
        Confidence level, in (0, 1).
    fixed_effects : {'city', 'city_publisher'}, default 'city'
        One intercept per city, or per city and publisher set (a robustness check: it keeps
        a publisher's level difference, such as NK Times' higher rates, out of the slope,
        at the cost of degrees of freedom).
    label : str, optional
        Name of a single fit in the result and in error messages; by default its city, or
        ``'pooled'`` when it spans several cities (ignored with ``by_city=True``).

    Returns
    -------
    PassthroughEstimate or dict of str to PassthroughEstimate

    Raises
    ------
    InsufficientDataError
        Fewer than ``min_points`` pairs, no within-city variation of the log rate, or no
        residual degree of freedom. The message names city, series, pairs found and needed.
    """
    if method not in ("ols", "bootstrap"):
        raise ValueError(f"method must be 'ols' or 'bootstrap', got {method!r}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if min_points < 3:
        raise ValueError(f"min_points must be at least 3, got {min_points}")
    missing = [c for c in ("city", "log_price", "log_rate") if c not in aligned.columns]
    if missing:
        raise ValueError(f"aligned frame is missing column(s): {', '.join(missing)}")
    if not by_city:
        label = _city_label(aligned) if label is None else label
        return _fit(aligned, label, method, bootstrap_draws, seed, min_points, level, fixed_effects)
    if aligned.empty:
        raise InsufficientDataError(
            "too few aligned pairs for a pass-through fit "
            f"({_describe(aligned, _city_label(aligned))}): found 0, need at least {min_points}",
            reason="too few pairs",
        )
    return {
        str(city): _fit(
            group, str(city), method, bootstrap_draws, seed, min_points, level, fixed_effects
        )
        for city, group in aligned.groupby("city", sort=True)
    }
