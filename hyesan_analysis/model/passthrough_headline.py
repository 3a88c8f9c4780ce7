"""The pass-through a report leads with: the preferred specification, its scope and fallback,
corn beside it, and the window of the yuan (or dollar) and rice changes it quotes.

The **preferred specification** is rice on the chosen rate, log changes of consecutive pairs of
one publisher in one city, pooled with one common drift
(:func:`~hyesan_analysis.model.passthrough_specs.fit_changes` with ``drift='common'``). It is
preferred because it spends the fewest parameters on the fewest data: every change informs the
slope, whereas city-and-publisher drifts let a series with one change fit itself exactly and
the lean-season dummy costs a further degree of freedom; those variants are shown beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from hyesan_analysis.model.market_frame import InsufficientDataError
from hyesan_analysis.model.passthrough_changes import change_pairs, publisher_pairs
from hyesan_analysis.model.passthrough_specs import ChangeFit, Specification, fit_changes

__all__ = [
    "ChangeSettings",
    "PreferredFit",
    "QuotedWindow",
    "all_changes",
    "corn_fit",
    "in_scope",
    "preferred_fit",
    "quoted_window",
]

Changes = Mapping[tuple[str, str], pd.DataFrame]


@dataclass(frozen=True)
class ChangeSettings:
    """The choices behind a report's pass-through fits (fields named as the parameters).

    Attributes
    ----------
    rate_series : {'CNY', 'USD'}
        Rate of the preferred fit (KPW per CNY or per USD).
    fallback_to_pooled : bool
        Use the pooled fit when the chosen city's own fit is impossible.
    min_changes : int
        Fewest log changes accepted for a fit (at least 3).
    max_gap_months : float
        Longest interval one change may span (months).
    lean_first_month, lean_last_month : int
        Calendar months (1-12) that open and close the lean season.
    """

    rate_series: Literal["CNY", "USD"]
    fallback_to_pooled: bool
    min_changes: int
    max_gap_months: float
    lean_first_month: int
    lean_last_month: int

    @property
    def other_rate_series(self) -> Literal["CNY", "USD"]:
        """The exchange rate the preferred fit does not use."""
        return "USD" if self.rate_series == "CNY" else "CNY"

    @property
    def lean_months(self) -> tuple[int, int]:
        """``(first, last)`` month of the lean season."""
        return self.lean_first_month, self.lean_last_month


def all_changes(
    market: pd.DataFrame,
    settings: ChangeSettings,
    prices: tuple[str, ...] = ("rice", "corn"),
    rates: tuple[str, ...] = ("CNY", "USD"),
) -> dict[tuple[str, str], pd.DataFrame]:
    """Log changes of every price on every rate, keyed ``(price, rate)``."""
    return {
        (p, r): change_pairs(market, p, r, settings.max_gap_months, settings.lean_months)
        for p in prices
        for r in rates
    }


def in_scope(changes: Changes, scope: str) -> dict[tuple[str, str], pd.DataFrame]:
    """The changes of one city (``scope``), or all of them for ``'pooled'``."""
    if scope == "pooled":
        return dict(changes)
    return {k: v.loc[v["city"] == scope] for k, v in changes.items()}


@dataclass(frozen=True)
class PreferredFit:
    """A preferred-specification fit and where it comes from.

    Attributes
    ----------
    fit : ChangeFit
    spec : Specification
        The preferred specification (its price and rate).
    requested : str
        The city asked for, or ``'all'``.
    scope : str
        The city fitted, or ``'pooled'`` (every city).
    fallback_reason : str or None
        Why the requested fit was impossible (None when it was possible).
    changes : DataFrame
        The changes behind ``fit``.
    """

    fit: ChangeFit
    spec: Specification
    requested: str
    scope: str
    fallback_reason: str | None
    changes: pd.DataFrame = field(repr=False, compare=False)

    @property
    def is_fallback(self) -> bool:
        return self.fallback_reason is not None

    @property
    def label(self) -> str:
        """The specification in words, e.g. ``'rice ~ USD, log changes, pooled, common drift'``."""
        where = "all cities" if self.scope == "pooled" else self.scope
        text = f"{self.spec.price} ~ {self.spec.rate}, log changes, {self.spec.name} ({where})"
        if self.is_fallback:
            text += f"; {self.requested} alone has too few changes"
        return text


def preferred_fit(
    changes: Changes,
    settings: ChangeSettings,
    city: str = "all",
    price: str = "rice",
    rate: str | None = None,
    fallback: bool | None = None,
    filters: str = "",
) -> PreferredFit:
    """The preferred specification for one city (or all), pooled when the city is too thin.

    Parameters
    ----------
    changes : mapping
        Log changes keyed ``(price, rate)`` (:func:`all_changes`).
    settings : ChangeSettings
    city : str, default 'all'
        ``'all'`` (every city pooled) or one city.
    price : str, default 'rice'
    rate : str, optional
        Defaults to ``settings.rate_series``.
    fallback : bool, optional
        Defaults to ``settings.fallback_to_pooled``.
    filters : str, optional
        The data filters in words, appended to an error message.

    Raises
    ------
    InsufficientDataError
        The requested fit is impossible and either no fallback is allowed or the pooled fit
        is impossible too.
    """
    rate = settings.rate_series if rate is None else rate
    fallback = settings.fallback_to_pooled if fallback is None else fallback
    spec = Specification("pooled, common drift", price, rate)
    data = changes[price, rate]
    where = f"{price} ~ {rate}, city={city}" + (f", {filters}" if filters else "")
    reason = None
    if city != "all":
        own = data.loc[data["city"] == city]
        try:
            fit = fit_changes(own, min_changes=settings.min_changes, where=where)
            return PreferredFit(fit, spec, city, city, None, own)
        except InsufficientDataError as err:
            if not fallback:
                raise
            reason = str(err)
    try:
        fit = fit_changes(data, min_changes=settings.min_changes, where=where)
    except InsufficientDataError as err:
        if reason is not None:
            raise InsufficientDataError(
                f"{reason}; the pooled fallback is impossible too: {err}", err.reason
            ) from None
        raise
    return PreferredFit(fit, spec, city, "pooled", reason, data)


def corn_fit(changes: Changes, settings: ChangeSettings, city: str = "all") -> PreferredFit:
    """Corn under the preferred specification: the city's, else pooled, else on the other rate.

    Raises
    ------
    InsufficientDataError
        Corn cannot be fitted on either rate.
    """
    try:
        return preferred_fit(changes, settings, city, price="corn", fallback=True)
    except InsufficientDataError:
        rate = settings.other_rate_series
        return preferred_fit(changes, settings, city, price="corn", rate=rate, fallback=True)


@dataclass(frozen=True)
class QuotedWindow:
    """One publisher's rate and price at the same two periods in one city.

    Attributes
    ----------
    city, publisher : str
    period_from, period_to : str
        The two pair periods (``'YYYY-MM-DD'`` or ``'YYYY-MM'``).
    rate_series : str
    rate_from, rate_to, price_from, price_to : float
        KPW per unit of the rate; KPW per kg.
    other_rate_series : str
    other_from, other_to : float or None
        The other rate at the same two periods, when the publisher reports it then.
    """

    city: str
    publisher: str
    period_from: str
    period_to: str
    rate_series: str
    rate_from: float
    rate_to: float
    price_from: float
    price_to: float
    other_rate_series: str
    other_from: float | None
    other_to: float | None

    @property
    def rate_change(self) -> float:
        """Relative change of the rate (0.19 for +19 %)."""
        return self.rate_to / self.rate_from - 1

    @property
    def price_change(self) -> float:
        """Relative change of the price."""
        return self.price_to / self.price_from - 1

    @property
    def other_change(self) -> float | None:
        """Relative change of the other rate over the same periods (None when absent)."""
        if self.other_from is None or self.other_to is None:
            return None
        return self.other_to / self.other_from - 1


def quoted_window(
    market: pd.DataFrame, city: str, rate: str, other_rate: str, price: str = "rice"
) -> QuotedWindow | None:
    """The widest window over which one publisher reports the rate and the price in a city.

    Both ends are pairs of :func:`~hyesan_analysis.model.passthrough_changes.publisher_pairs`
    (the same day, or the same month), so the rate change and the price change quoted cover
    the same dates. The publisher with the longest span wins (ties: the later end). None when
    no publisher has two pairs in the city.
    """
    local = market.loc[market["city"] == city]
    pairs = publisher_pairs(local, price, rate)
    best = None
    for publisher, s in pairs.groupby("publisher", sort=True):
        if len(s) < 2:
            continue
        first, last = s.iloc[0], s.iloc[-1]
        key = ((last["day"] - first["day"]).days, last["day"])
        if best is None or key > best[0]:
            best = (key, publisher, first, last)
    if best is None:
        return None
    _, publisher, first, last = best
    other = publisher_pairs(local.loc[local["publisher"] == publisher], price, other_rate)
    at = dict(zip(other["period"], other["rate_kpw"], strict=True))
    return QuotedWindow(
        city=city,
        publisher=str(publisher),
        period_from=str(first["period"]),
        period_to=str(last["period"]),
        rate_series=rate,
        rate_from=float(first["rate_kpw"]),
        rate_to=float(last["rate_kpw"]),
        price_from=float(first["price_kpw"]),
        price_to=float(last["price_kpw"]),
        other_rate_series=other_rate,
        other_from=at.get(first["period"]),
        other_to=at.get(last["period"]),
    )
