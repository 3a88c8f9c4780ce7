"""The real wage on one basis, and the wage scale every real-wage figure is built on.

:class:`WageScale` and :func:`wage_at` give the monthly state wage in force at a date (the old
wage before the reform month, the new one from it). The rest is the real wage on one basis: a
city's wage in rice, or in a rice-and-corn basket priced from one publisher's same-date prices
(:func:`good_prices`), before the reform, at the reform and at the latest price
(:func:`real_wage_basis`, :func:`wage_bases`), and a car's margin in rice
(:func:`margin_in_rice`). :mod:`hyesan_analysis.model.real_wage` imports every name back, so
importers may keep using it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_frame import (
    InsufficientDataError,
    observation_months,
    period_bounds,
    validate_market_frame,
)

__all__ = [
    "GOODS",
    "MarginInRice",
    "RealWageBasis",
    "WagePoint",
    "WageScale",
    "basket_basis_or_none",
    "good_prices",
    "margin_in_rice",
    "real_wage_basis",
    "wage_at",
    "wage_bases",
]


@dataclass(frozen=True)
class WageScale:
    """A worker's monthly state wage before and from a wage reform.

    Attributes
    ----------
    wage_before_kpw : float
        Monthly wage before ``reform_month`` (KPW per month, > 0).
    wage_after_kpw : float
        Monthly wage from ``reform_month`` on (KPW per month, > 0).
    reform_month : str
        First month paid at the new scale, ``'YYYY-MM'``.
    """

    wage_before_kpw: float
    wage_after_kpw: float
    reform_month: str

    def __post_init__(self) -> None:
        if self.wage_before_kpw <= 0 or self.wage_after_kpw <= 0:
            raise ValueError("wages must be positive (KPW per month)")
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", self.reform_month):
            raise ValueError(f"reform_month must be written YYYY-MM, got {self.reform_month!r}")


def _month(value: str | pd.Timestamp | pd.Period) -> pd.Period:
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    return pd.Period(value, freq="M")


def wage_at(date: str | pd.Timestamp | pd.Period, wages: WageScale) -> float:
    """Monthly state wage in force at a date.

    Parameters
    ----------
    date : str, Timestamp or Period
        ``'YYYY'``, ``'YYYY-MM'`` or ``'YYYY-MM-DD'`` (or a Timestamp/Period). A bare year is
        accepted only when the whole year is on one side of the reform.
    wages : WageScale
        The wage before and from the reform month.

    Returns
    -------
    float
        Wage in KPW per month.

    Raises
    ------
    ValueError
        A year-only date whose year contains the reform (other than starting with it).
    """
    regime = _regime(date, wages.reform_month)
    return float(wages.wage_after_kpw if regime == "after" else wages.wage_before_kpw)


def _regime(date: str | pd.Timestamp | pd.Period, reform_month: str) -> str:
    """``'before'`` or ``'after'`` the reform; ValueError for a year straddling it."""
    reform = _month(reform_month)
    if isinstance(date, str) and len(date) == 4:
        first, last = pd.Period(f"{date}-01", freq="M"), pd.Period(f"{date}-12", freq="M")
        if last < reform:
            return "before"
        if first >= reform:
            return "after"
        raise ValueError(
            f"date {date!r} is known only to the year, which contains the wage reform "
            f"({reform_month}); the wage in force is unknown"
        )
    return "after" if _month(date) >= reform else "before"


# ---------------------------------------------------------------------------------------------
# the real wage on one basis: before the reform, at the reform and latest, rice and a basket
# ---------------------------------------------------------------------------------------------

#: Goods of :func:`real_wage_basis`.
GOODS = ("rice", "basket")


def good_prices(df: pd.DataFrame, good: str, basket_rice_share: float = 0.5) -> pd.DataFrame:
    """Dated prices of rice, or of a rice-and-corn basket, per city and publisher.

    Parameters
    ----------
    df : DataFrame
        Market frame.
    good : {'rice', 'basket'}
        ``'rice'``: every day- or month-precision rice observation. ``'basket'``: one kg of a
        mix of ``basket_rice_share`` rice and the rest corn (by weight), priced only where one
        publisher reports both in one city on the same day, or else in the same month
        (:func:`~hyesan_analysis.model.passthrough_changes.publisher_pairs`), so the two
        prices are of the same date.
    basket_rice_share : float, default 0.5
        Rice's share of the basket by weight, in [0, 1].

    Returns
    -------
    DataFrame
        Columns ``city``, ``publisher``, ``period`` (date or month, as precise as the
        source), ``month`` (Period[M]), ``day`` (for ordering), ``price_kpw_per_kg``,
        ``rice_kpw_per_kg``, ``corn_kpw_per_kg`` (NaN for rice alone) and ``obs_ids``.
    """
    from hyesan_analysis.model.passthrough_changes import publisher_pairs

    if not 0.0 <= basket_rice_share <= 1.0:
        raise ValueError(f"basket_rice_share must be in [0, 1], got {basket_rice_share}")
    columns = [
        "city", "publisher", "period", "month", "day", "price_kpw_per_kg", "rice_kpw_per_kg",
        "corn_kpw_per_kg", "obs_ids",
    ]  # fmt: skip
    if good == "rice":
        validate_market_frame(df)
        rice = df.loc[
            (df["series"] == "rice")
            & df["date_precision"].isin(["day", "month"])
            & (df["value"] > 0)
        ]
        first, _ = period_bounds(rice) if len(rice) else (pd.Series(dtype=object), None)
        out = pd.DataFrame(
            {
                "city": rice["city"],
                "publisher": rice["publisher"],
                "period": rice["date"].astype(str),
                "month": observation_months(rice) if len(rice) else [],
                "day": first,
                "price_kpw_per_kg": rice["value"].astype(float),
                "rice_kpw_per_kg": rice["value"].astype(float),
                "corn_kpw_per_kg": np.nan,
                "obs_ids": rice["obs_id"].astype(str),
            },
            columns=columns,
        )
    elif good == "basket":
        pairs = publisher_pairs(df, "rice", "corn")
        out = pd.DataFrame(
            {
                "city": pairs["city"],
                "publisher": pairs["publisher"],
                "period": pairs["period"],
                "month": pairs["month"],
                "day": pairs["day"],
                "price_kpw_per_kg": basket_rice_share * pairs["price_kpw"]
                + (1 - basket_rice_share) * pairs["rate_kpw"],
                "rice_kpw_per_kg": pairs["price_kpw"],
                "corn_kpw_per_kg": pairs["rate_kpw"],
                "obs_ids": pairs["price_obs_ids"] + "/" + pairs["rate_obs_ids"],
            },
            columns=columns,
        )
    else:
        raise ValueError(f"good must be 'rice' or 'basket', got {good!r}")
    return out.sort_values(["city", "day", "publisher"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class WagePoint:
    """A month's wage in kg of a good at one dated price.

    Attributes
    ----------
    point : str
        ``'before the reform'``, ``'at the reform'`` or ``'latest'``.
    good : str
        ``'rice'`` or ``'basket'``.
    city, publisher, period : str
        Where, who and when (the period as precise as the source).
    price_kpw_per_kg : float
        Price of the good at ``period``.
    wage_kpw : float
        The wage set against it (KPW per month).
    month_distance : int
        Months between ``period`` and the reform month (0 for ``'latest'``).
    obs_ids : str
        The market observations behind the price.
    """

    point: str
    good: str
    city: str
    publisher: str
    period: str
    price_kpw_per_kg: float
    wage_kpw: float
    month_distance: int
    obs_ids: str

    @property
    def kg(self) -> float:
        """kg of the good one month's wage buys."""
        return self.wage_kpw / self.price_kpw_per_kg


@dataclass(frozen=True)
class RealWageBasis:
    """A city's wage in one good before the reform, at the reform and at the latest price.

    Attributes
    ----------
    good : str
    before : WagePoint or None
        The old wage at the price nearest the reform month; None when that price is more than
        ``tolerance_months`` from it (the old wage was no longer paid then).
    at_reform : WagePoint
        The new wage at the same price.
    latest : WagePoint
        The wage in force at the latest price: of the reform price's publisher when it
        reports the good at least a year after the reform, else of any publisher.
    one_publisher : bool
        Whether ``at_reform`` and ``latest`` come from one publisher.
    tolerance_months : int
    latest_publisher_first : WagePoint or None
        When the two publishers differ: the wage at the first price, on or after the reform
        month, of the latest price's publisher, so that one publisher's own series gives a
        comparison too (None when the publishers agree or that first price is the latest).
    """

    good: str
    before: WagePoint | None
    at_reform: WagePoint
    latest: WagePoint
    one_publisher: bool
    tolerance_months: int
    latest_publisher_first: WagePoint | None = None

    @property
    def share_lost(self) -> float:
        """Share of the reform's purchasing power in the good gone by the latest price."""
        return 1 - self.latest.kg / self.at_reform.kg

    @property
    def latest_over_before(self) -> float | None:
        """The latest wage in the good as a multiple of the pre-reform one (None without it)."""
        return None if self.before is None else self.latest.kg / self.before.kg


def _point(row: pd.Series, point: str, good: str, wage: float, distance: int) -> WagePoint:
    return WagePoint(
        point=point,
        good=good,
        city=str(row["city"]),
        publisher=str(row["publisher"]),
        period=str(row["period"]),
        price_kpw_per_kg=float(row["price_kpw_per_kg"]),
        wage_kpw=float(wage),
        month_distance=int(distance),
        obs_ids=str(row["obs_ids"]),
    )


def real_wage_basis(
    market: pd.DataFrame,
    city: str,
    wages: WageScale,
    good: str = "rice",
    basket_rice_share: float = 0.5,
    tolerance_months: int = 3,
    filters: str = "",
) -> RealWageBasis:
    """A city's wage in rice (or the basket) before the reform, at it and latest, one basis.

    Every figure divides the wage in force at a price's date by that price; a basket price
    uses rice and corn of one publisher at one date. The reform price is the one nearest the
    reform month (ties: the earlier); the pre-reform figure sets the old wage against that
    same price, so the two differ only by the reform. The latest price is the reform price's
    publisher's own when that publisher reports the good at least 12 months after the reform,
    so the comparison stays within one publisher where the data allow.

    Parameters
    ----------
    market : DataFrame
        Market frame.
    city : str
    wages : WageScale
    good : {'rice', 'basket'}
    basket_rice_share : float, default 0.5
        See :func:`good_prices`.
    tolerance_months : int, default 3
        Farthest the reform price may be from the reform month for a pre-reform figure.
    filters : str, optional
        The data filters in words, appended to an error message.

    Raises
    ------
    InsufficientDataError
        The city has no price of the good.
    """
    prices = good_prices(market, good, basket_rice_share)
    prices = prices.loc[prices["city"] == city]
    if prices.empty:
        raise InsufficientDataError(
            f"real wage: no dated {good} price (city={city}) [{filters}]: found 0, need 1",
            reason=f"no {good} price",
        )
    reform = _month(wages.reform_month)
    offset = np.array([(m - reform).n for m in prices["month"]], dtype=int)
    ranked = prices.assign(_dist=np.abs(offset), _off=offset)
    base = ranked.sort_values(["_dist", "_off", "day"], kind="stable").iloc[0]
    distance = int(base["_dist"])
    before = (
        _point(base, "before the reform", good, wages.wage_before_kpw, distance)
        if distance <= tolerance_months
        else None
    )
    at_reform = _point(base, "at the reform", good, wages.wage_after_kpw, distance)
    own = ranked.loc[(ranked["publisher"] == base["publisher"]) & (ranked["_off"] >= 12)]
    last = (own if len(own) else ranked).sort_values("day", kind="stable").iloc[-1]
    latest = _point(last, "latest", good, wage_at(str(last["month"]), wages), 0)
    one = at_reform.publisher == latest.publisher
    first = None
    theirs = ranked.loc[(ranked["publisher"] == last["publisher"]) & (ranked["_off"] >= 0)]
    if not one and len(theirs) > 1:
        row = theirs.sort_values("day", kind="stable").iloc[0]
        first = _point(
            row,
            "first after the reform, latest's publisher",
            good,
            wages.wage_after_kpw,
            int(row["_dist"]),
        )
    return RealWageBasis(
        good=good,
        before=before,
        at_reform=at_reform,
        latest=latest,
        one_publisher=one,
        tolerance_months=tolerance_months,
        latest_publisher_first=first,
    )


@dataclass(frozen=True)
class MarginInRice:
    """One car's margin in rice at one publisher's rice price and yuan rate of one date.

    Attributes
    ----------
    kg : float
        Rice the margin buys (kg).
    city, publisher, period : str
    rice_kpw_per_kg, rate_kpw_per_cny : float
        The two prices, of the same publisher, city and date (day, else month).
    """

    kg: float
    city: str
    publisher: str
    period: str
    rice_kpw_per_kg: float
    rate_kpw_per_cny: float


def margin_in_rice(profit_cny: float, market: pd.DataFrame, city: str) -> MarginInRice | None:
    """A margin in CNY in kg of rice at the city's latest same-date rice price and yuan rate.

    ``kg = profit_cny * rate / rice_price``, with the rate (KPW per CNY) and the rice price
    (KPW per kg) of one publisher at one date, so no conversion mixes dates. None when the city
    has no such pair.
    """
    from hyesan_analysis.model.passthrough_changes import publisher_pairs

    pairs = publisher_pairs(market.loc[market["city"] == city], "rice", "CNY")
    if pairs.empty:
        return None
    last = pairs.sort_values("day", kind="stable").iloc[-1]
    rice, rate = float(last["price_kpw"]), float(last["rate_kpw"])
    return MarginInRice(
        kg=float(profit_cny) * rate / rice,
        city=city,
        publisher=str(last["publisher"]),
        period=str(last["period"]),
        rice_kpw_per_kg=rice,
        rate_kpw_per_cny=rate,
    )


def basket_basis_or_none(
    market: pd.DataFrame,
    city: str,
    wages: WageScale,
    basket_rice_share: float = 0.5,
    tolerance_months: int = 3,
) -> RealWageBasis | None:
    """:func:`real_wage_basis` of the rice-and-corn basket, or None when the city has none."""
    try:
        return real_wage_basis(market, city, wages, "basket", basket_rice_share, tolerance_months)
    except InsufficientDataError:
        return None


def wage_bases(
    market: pd.DataFrame,
    city: str,
    wages: WageScale,
    basket_rice_share: float = 0.5,
    tolerance_months: int = 3,
) -> tuple[RealWageBasis, RealWageBasis | None]:
    """The wage in rice (:func:`real_wage_basis`) and in the basket (None without one).

    Raises
    ------
    InsufficientDataError
        The city has no rice price.
    """
    rice = real_wage_basis(market, city, wages, "rice", tolerance_months=tolerance_months)
    return rice, basket_basis_or_none(market, city, wages, basket_rice_share, tolerance_months)
