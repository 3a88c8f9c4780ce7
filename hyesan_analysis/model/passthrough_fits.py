"""The pass-through fits a report shows: by city with a status, the headline fit with its
pooled fallback, and the same regression under other choices (robustness).

Superseded in the prices report by the fits on log changes of one publisher in one city
(:mod:`hyesan_analysis.model.passthrough_specs`); this regression on price *levels* is kept
for callers that still compare against it.

Every fit is :func:`~hyesan_analysis.model.passthrough.estimate_passthrough` on pairs from
:func:`~hyesan_analysis.model.market_alignment.align_by_city_month`. A fit the data cannot
support is reported with its reason
(:class:`~hyesan_analysis.model.market_frame.InsufficientDataError`), never as a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_alignment import align_by_city_month
from hyesan_analysis.model.market_frame import InsufficientDataError
from hyesan_analysis.model.passthrough import (
    FixedEffects,
    Method,
    PassthroughEstimate,
    estimate_passthrough,
)

__all__ = [
    "HeadlineFit",
    "PassthroughSettings",
    "VariantFit",
    "fit_or_reason",
    "headline_fit",
    "headline_passthrough",
    "other_rate",
    "passthrough_table",
    "robustness_fits",
]

Pairs = Mapping[tuple[str, str], pd.DataFrame]


@dataclass(frozen=True)
class PassthroughSettings:
    """The choices behind a report's pass-through fits.

    Attributes
    ----------
    rate_series : {'CNY', 'USD'}
        Exchange rate of the headline fit (KPW per CNY or per USD).
    publisher_policy : {'same', 'any'}
        Pair a price only with a rate of the same publisher, or with any
        (see :func:`~hyesan_analysis.model.market_alignment.align_by_city_month`).
    fallback_to_pooled : bool
        Use the pooled fit when the chosen city's own fit is impossible.
    min_points : int
        Fewest aligned pairs accepted for a fit (at least 3).
    bootstrap_draws : int
        Pairs-bootstrap resamples of the robustness interval (at least 100).
    seed : int
        Seed of the bootstrap's random numbers.
    """

    rate_series: Literal["CNY", "USD"]
    publisher_policy: Literal["same", "any"]
    fallback_to_pooled: bool
    min_points: int
    bootstrap_draws: int
    seed: int

    @property
    def other_rate_series(self) -> Literal["CNY", "USD"]:
        """The exchange rate not used by the headline fit."""
        return "USD" if self.rate_series == "CNY" else "CNY"


def passthrough_table(
    aligned: pd.DataFrame,
    method: Method = "ols",
    bootstrap_draws: int = 2000,
    seed: int = 0,
    min_points: int = 5,
    level: float = 0.95,
    fixed_effects: FixedEffects = "city",
) -> pd.DataFrame:
    """Pass-through by city where the data allow it, and pooled, with a status per row.

    Parameters
    ----------
    aligned, method, bootstrap_draws, seed, min_points, level, fixed_effects
        As in :func:`~hyesan_analysis.model.passthrough.estimate_passthrough`.

    Returns
    -------
    DataFrame
        One row per city plus a final ``'pooled'`` row (all cities, city fixed effects), with
        ``city``, ``n`` (pairs available), ``n_informative``, ``elasticity``, ``ci_low``,
        ``ci_high``, ``se``, ``dof``, ``method``, ``status`` (``'ok'`` or the
        :class:`InsufficientDataError` message) and ``reason`` (the error's reason in a few
        words, empty when fitted). Estimates are NaN on failed rows, so no number stands for
        a failed fit.
    """
    rows: list[dict[str, object]] = []
    groups = [(str(c), g) for c, g in aligned.groupby("city", sort=True)] if len(aligned) else []
    for label, group in [*groups, ("pooled", aligned)]:
        row: dict[str, object] = {"city": label, "n": len(group), "method": method}
        try:
            est = estimate_passthrough(
                group, method, bootstrap_draws=bootstrap_draws, seed=seed,
                min_points=min_points, level=level, fixed_effects=fixed_effects, label=label,
            )  # fmt: skip
        except InsufficientDataError as err:
            row.update(
                n_informative=np.nan, elasticity=np.nan, ci_low=np.nan, ci_high=np.nan,
                se=np.nan, dof=np.nan, status=str(err), reason=err.reason,
            )  # fmt: skip
        else:
            row.update(
                n_informative=est.n_informative, elasticity=est.elasticity, ci_low=est.ci_low,
                ci_high=est.ci_high, se=est.se, dof=est.dof, status="ok", reason="",
            )  # fmt: skip
        rows.append(row)
    columns = [
        "city", "n", "n_informative", "elasticity", "ci_low", "ci_high", "se", "dof", "method",
        "status", "reason",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class HeadlineFit:
    """The pass-through estimate a report leads with, and how it was chosen.

    Attributes
    ----------
    estimate : PassthroughEstimate
        The fit used.
    requested : str
        The city asked for, or ``'all'`` for the pooled fit over every city.
    fallback_reason : str or None
        ``None`` when the requested fit was possible; otherwise the
        :class:`InsufficientDataError` message that made the function fall back to the
        pooled fit.
    pairs : DataFrame
        The aligned pairs behind ``estimate`` (the requested city's, or all of them).
    """

    estimate: PassthroughEstimate
    requested: str
    fallback_reason: str | None
    pairs: pd.DataFrame = field(repr=False, compare=False)

    @property
    def is_fallback(self) -> bool:
        return self.fallback_reason is not None


def headline_passthrough(
    aligned: pd.DataFrame,
    city: str = "all",
    fallback_to_pooled: bool = True,
    method: Method = "ols",
    bootstrap_draws: int = 2000,
    seed: int = 0,
    min_points: int = 5,
    level: float = 0.95,
    fixed_effects: FixedEffects = "city",
) -> HeadlineFit:
    """One city's pass-through where the data allow it, the pooled fit otherwise.

    Parameters
    ----------
    aligned : DataFrame
        Output of :func:`~hyesan_analysis.model.market_alignment.align_by_city_month` over
        every city the pooled fit may use.
    city : str, default 'all'
        ``'all'``: the pooled fit (city fixed effects) over every city in ``aligned``.
        A city name: that city's own fit.
    fallback_to_pooled : bool, default True
        When the city's own fit is impossible (too few pairs, no variation, no degree of
        freedom), use the pooled fit and record why. With False the error propagates.
    method, bootstrap_draws, seed, min_points, level, fixed_effects
        As in :func:`~hyesan_analysis.model.passthrough.estimate_passthrough`.

    Returns
    -------
    HeadlineFit

    Raises
    ------
    InsufficientDataError
        The requested fit is impossible and either ``fallback_to_pooled`` is False or the
        pooled fit is impossible too (the message then names both failures).
    """
    kwargs: dict[str, Any] = dict(
        method=method, bootstrap_draws=bootstrap_draws, seed=seed, min_points=min_points,
        level=level, fixed_effects=fixed_effects,
    )  # fmt: skip
    if city == "all":
        return HeadlineFit(estimate_passthrough(aligned, **kwargs), "all", None, aligned)
    subset = aligned.loc[aligned["city"].astype(str) == city]
    subset.attrs.update({**aligned.attrs, "input_cities": [city]})
    try:
        return HeadlineFit(estimate_passthrough(subset, **kwargs), city, None, subset)
    except InsufficientDataError as err:
        if not fallback_to_pooled:
            raise
        reason = str(err)
    try:
        pooled = estimate_passthrough(aligned, **kwargs)
    except InsufficientDataError as err:
        raise InsufficientDataError(
            f"{reason}; the pooled fallback is impossible too: {err}", err.reason
        ) from None
    return HeadlineFit(pooled, city, reason, aligned)


def headline_fit(
    pairs: Pairs, settings: PassthroughSettings, city: str, filters: str = ""
) -> HeadlineFit:
    """The headline fit of rice on the chosen rate (:func:`headline_passthrough`).

    Parameters
    ----------
    pairs : mapping
        Aligned pairs keyed ``(price, rate)``, from
        :func:`~hyesan_analysis.model.market_alignment.align_pairs`.
    settings : PassthroughSettings
    city : str
        ``'all'`` or the city of the fit.
    filters : str, optional
        The data filters in words, appended to an error message.

    Raises
    ------
    InsufficientDataError
        As :func:`headline_passthrough`, naming ``filters``.
    """
    try:
        return headline_passthrough(
            pairs["rice", settings.rate_series],
            city=city,
            fallback_to_pooled=settings.fallback_to_pooled,
            min_points=settings.min_points,
        )
    except InsufficientDataError as err:
        raise InsufficientDataError(f"{err} [{filters}]", err.reason) from None


def other_rate(pairs: Pairs, settings: PassthroughSettings) -> PassthroughEstimate | None:
    """The pooled fit of rice on the rate the headline does not use; None when impossible."""
    fit, _ = fit_or_reason(pairs["rice", settings.other_rate_series], settings.min_points)
    return fit


def fit_or_reason(
    aligned: pd.DataFrame, min_points: int, **options: Any
) -> tuple[PassthroughEstimate | None, str]:
    """A fit and ``''``, or None and the reason the data cannot support it.

    Parameters
    ----------
    aligned : DataFrame
        Aligned pairs.
    min_points : int
        Fewest pairs accepted.
    **options
        Further arguments of :func:`~hyesan_analysis.model.passthrough.estimate_passthrough`
        (``method``, ``bootstrap_draws``, ``seed``, ``fixed_effects``...).
    """
    try:
        return estimate_passthrough(aligned, min_points=min_points, **options), ""
    except InsufficientDataError as err:
        return None, err.reason


@dataclass(frozen=True)
class VariantFit:
    """One row of a robustness table.

    Attributes
    ----------
    name : str
        The regression and the choice that differs, e.g. ``'rice ~ CNY, pairs bootstrap'``.
    pairs : int
        Aligned pairs available to the fit.
    estimate : PassthroughEstimate or None
        The fit, or None when the data cannot support it.
    reason : str
        Why there is no fit (empty when there is one).
    """

    name: str
    pairs: int
    estimate: PassthroughEstimate | None
    reason: str


def robustness_fits(
    market: pd.DataFrame, pairs: Pairs, settings: PassthroughSettings, head: HeadlineFit
) -> list[VariantFit]:
    """The headline regression under other choices, and corn for comparison.

    The variants: the headline pairs with the analytic interval, with a pairs-bootstrap
    interval, and with one intercept per city and publisher; the other publisher policy (same
    city as the headline); and the pooled fits of rice on the other rate and of corn on both.

    Parameters
    ----------
    market : DataFrame
        Market frame of every city (for the other publisher policy's alignment).
    pairs : mapping
        Aligned pairs keyed ``(price, rate)`` under ``settings.publisher_policy``.
    settings : PassthroughSettings
    head : HeadlineFit
        The headline fit (its pairs and city).
    """
    rate = settings.rate_series
    bootstrap = {"method": "bootstrap", "bootstrap_draws": settings.bootstrap_draws}
    variants: list[tuple[str, pd.DataFrame, dict[str, Any]]] = [
        (f"rice ~ {rate}, headline (t-interval)", head.pairs, {}),
        (f"rice ~ {rate}, pairs bootstrap", head.pairs, {**bootstrap, "seed": settings.seed}),
        (
            f"rice ~ {rate}, city-and-publisher intercepts",
            head.pairs,
            {"fixed_effects": "city_publisher"},
        ),
    ]
    alt_policy: Literal["same", "any"] = "any" if settings.publisher_policy == "same" else "same"
    alt = align_by_city_month(market, "rice", rate, alt_policy)
    if head.estimate.city != "pooled":
        alt = alt.loc[alt["city"] == head.estimate.city]
    variants.append((f"rice ~ {rate}, publisher_policy={alt_policy}", alt, {}))
    for price, other in [("rice", settings.other_rate_series), ("corn", "CNY"), ("corn", "USD")]:
        variants.append((f"{price} ~ {other}, pooled", pairs[price, other], {}))
    out = []
    for name, frame, options in variants:
        fit, reason = fit_or_reason(frame, settings.min_points, **options)
        out.append(VariantFit(name, len(frame), fit, reason))
    return out
