"""Real wage: a worker's monthly state wage in kilograms of rice.

A wage applies by calendar month (:class:`WageScale`): months before ``reform_month`` get the
old wage, the reform month and later months get the new one. An observation known only to the
year is assigned a wage only when the whole year lies on one side of the reform. The wage
figures themselves are a report's parameters (sourced in its schema: 3,000 and 30,000 KPW a
month around the October 2023 reform, 38 North); the model holds no default for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_frame import (
    InsufficientDataError,
    observation_months,
    period_bounds,
    validate_market_frame,
)
from hyesan_analysis.model.real_wage_basis import (
    GOODS,
    MarginInRice,
    RealWageBasis,
    WagePoint,
    WageScale,
    _month,
    _regime,
    basket_basis_or_none,
    good_prices,
    margin_in_rice,
    real_wage_basis,
    wage_at,
    wage_bases,
)

__all__ = [
    "GOODS",
    "MarginInRice",
    "NearestPrice",
    "RealWageBasis",
    "RealWageHeadline",
    "WagePoint",
    "WageScale",
    "basket_basis_or_none",
    "good_prices",
    "headline_real_wages",
    "margin_in_rice",
    "real_wage_basis",
    "real_wage_rice_kg",
    "rice_price_latest",
    "rice_price_nearest",
    "wage_at",
    "wage_bases",
]


def real_wage_rice_kg(df_rice: pd.DataFrame, wages: WageScale) -> pd.DataFrame:
    """A worker's monthly wage in kilograms of rice, per city and observation.

    Parameters
    ----------
    df_rice : DataFrame
        Market frame restricted to ``series == 'rice'`` (KPW per kg).
    wages : WageScale
        The wage before and from the reform month.

    Returns
    -------
    DataFrame
        One row per usable observation, sorted by city and date, with ``obs_id``, ``city``,
        ``date``, ``date_precision`` (as in the source), ``publisher``, ``price_kpw_per_kg``,
        ``wage_kpw`` (KPW per month), ``regime`` (``'before'`` or ``'after'``) and
        ``wage_rice_kg`` (kg of rice per month's wage). Year-precision observations whose
        year contains the reform are left out (their wage is unknown).

    Raises
    ------
    ValueError
        The frame holds a series other than rice, or a unit other than KPW per kg.
    """
    validate_market_frame(df_rice)
    others = sorted(set(df_rice["series"].astype(str)) - {"rice"})
    if others:
        raise ValueError(f"real_wage_rice_kg expects rice rows only, got series {others}")
    units = sorted(set(df_rice["unit"].astype(str)) - {"KPW per kg"})
    if units:
        raise ValueError(f"rice prices must be in KPW per kg, got units {units}")
    rows = []
    for _, obs in df_rice.iterrows():
        try:
            regime = _regime(str(obs["date"]), wages.reform_month)
        except ValueError:
            continue
        wage = wage_at(str(obs["date"]), wages)
        rows.append(
            {
                "obs_id": obs["obs_id"],
                "city": obs["city"],
                "date": obs["date"],
                "date_precision": obs["date_precision"],
                "publisher": obs["publisher"],
                "price_kpw_per_kg": float(obs["value"]),
                "wage_kpw": wage,
                "regime": regime,
                "wage_rice_kg": wage / float(obs["value"]),
            }
        )
    columns = [
        "obs_id", "city", "date", "date_precision", "publisher", "price_kpw_per_kg",
        "wage_kpw", "regime", "wage_rice_kg",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["city", "date", "obs_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class NearestPrice:
    """The observation chosen by :func:`rice_price_nearest`.

    Attributes
    ----------
    obs_id : object
        Identifier of the observation used.
    city, date, date_precision, publisher : str
        As in the source (the date keeps its precision).
    price_kpw_per_kg : float
        Observed price (KPW per kg).
    month_distance : int
        ``|observation month - target month|`` in months.
    source_url : str
        Citation of the observation (empty when the frame has no ``source_url``).
    """

    obs_id: object
    city: str
    date: str
    date_precision: str
    publisher: str
    price_kpw_per_kg: float
    month_distance: int
    source_url: str


def _in_city(data: pd.DataFrame, city: str | None, series: str) -> pd.DataFrame:
    """Rows of ``city`` (all when None); InsufficientDataError when none is left."""
    if city is not None:
        data = data.loc[data["city"] == city]
    if data.empty:
        raise InsufficientDataError(
            f"no dated {series} observation (city={city or 'any'}, series={series}): "
            "found 0, need at least 1"
        )
    return data


def _nearest_price(best: pd.Series, month_distance: int) -> NearestPrice:
    """A NearestPrice from the chosen observation row."""
    return NearestPrice(
        obs_id=best["obs_id"],
        city=str(best["city"]),
        date=str(best["date"]),
        date_precision=str(best["date_precision"]),
        publisher=str(best["publisher"]),
        price_kpw_per_kg=float(best["value"]),
        month_distance=month_distance,
        source_url=str(best["source_url"]) if "source_url" in best.index else "",
    )


def rice_price_nearest(
    df: pd.DataFrame,
    target_month: str | pd.Period,
    city: str | None = None,
    series: str = "rice",
) -> NearestPrice:
    """The rice observation nearest in time to a target month.

    Nearness is ``|observation month - target month|`` in whole calendar months; only day-
    and month-precision observations are candidates (a year-only date has no month). Ties in
    distance go to the **earlier** observation; remaining ties (same month) go to the
    earlier date string, then to the lower ``obs_id``. With ``city=None`` observations of
    every city compete, so pass a city to get that city's price.

    Parameters
    ----------
    df : DataFrame
        Market frame (see :mod:`hyesan_analysis.model.market_frame`).
    target_month : str or Period
        ``'YYYY-MM'``.
    city : str, optional
        Restrict to one city.
    series : str, default 'rice'
        Series to search (``'corn'`` works too).

    Returns
    -------
    NearestPrice
        The observation used, with its distance to the target in months.

    Raises
    ------
    InsufficientDataError
        No dated observation of the series (and city) exists.
    """
    validate_market_frame(df)
    target = _month(target_month)
    data = df.assign(_month=observation_months(df))
    data = data.loc[(data["series"] == series) & data["_month"].notna() & (data["value"] > 0)]
    data = _in_city(data, city, series)
    offset = np.array([(m - target).n for m in data["_month"]], dtype=int)
    data = data.assign(_dist=np.abs(offset), _offset=offset, _date=data["date"].astype(str))
    data = data.assign(_id=data["obs_id"].astype(str))
    best = data.sort_values(["_dist", "_offset", "_date", "_id"], kind="stable").iloc[0]
    return _nearest_price(best, month_distance=int(best["_dist"]))


def rice_price_latest(
    df: pd.DataFrame,
    city: str | None = None,
    series: str = "rice",
) -> NearestPrice:
    """The latest dated observation of a series (rice by default), optionally in one city.

    Observations are ordered by the first day of the period their date covers, then by the
    date string and ``obs_id``; the last one wins. A day-precision row therefore beats a
    month-precision row of the same month (whose period starts on the 1st). Year-precision
    rows are never used (their month is unknown). ``month_distance`` is 0.

    Parameters
    ----------
    df : DataFrame
        Market frame (see :mod:`hyesan_analysis.model.market_frame`).
    city : str, optional
        Restrict to one city.
    series : str, default 'rice'
        Series to search.

    Returns
    -------
    NearestPrice

    Raises
    ------
    InsufficientDataError
        No dated observation of the series (and city) exists.
    """
    validate_market_frame(df)
    first, _ = period_bounds(df)
    data = df.assign(_start=first, _date=df["date"].astype(str), _id=df["obs_id"].astype(str))
    data = data.loc[
        (data["series"] == series)
        & data["date_precision"].isin(["day", "month"])
        & (data["value"] > 0)
    ]
    data = _in_city(data, city, series)
    best = data.sort_values(["_start", "_date", "_id"], kind="stable").iloc[-1]
    return _nearest_price(best, month_distance=0)


# ---------------------------------------------------------------------------------------------
# the figures a report quotes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealWageHeadline:
    """The new wage in rice at the reform and at the latest rice price of one city.

    Attributes
    ----------
    at_reform : NearestPrice
        The rice price nearest to the reform month.
    latest : NearestPrice
        The latest rice price.
    wage_at_reform_kpw : float
        The new wage (KPW per month), set against ``at_reform``.
    wage_latest_kpw : float
        The wage in force at ``latest`` (KPW per month).
    """

    at_reform: NearestPrice
    latest: NearestPrice
    wage_at_reform_kpw: float
    wage_latest_kpw: float

    @property
    def at_reform_kg(self) -> float:
        """kg of rice the new wage bought at the reform."""
        return self.wage_at_reform_kpw / self.at_reform.price_kpw_per_kg

    @property
    def latest_kg(self) -> float:
        """kg of rice a month's wage buys at the latest price."""
        return self.wage_latest_kpw / self.latest.price_kpw_per_kg

    @property
    def share_lost(self) -> float:
        """Share of the reform's purchasing power (in rice) gone by the latest price."""
        return 1 - self.latest_kg / self.at_reform_kg


def headline_real_wages(
    market: pd.DataFrame, city: str, wages: WageScale, filters: str = ""
) -> RealWageHeadline:
    """A city's wage in rice at the reform and at the latest rice price.

    Parameters
    ----------
    market : DataFrame
        Market frame.
    city : str
        City of the rice prices.
    wages : WageScale
    filters : str, optional
        The data filters in words, appended to an error message.

    Raises
    ------
    InsufficientDataError
        The city has no dated rice price (the message names ``filters``).
    """
    try:
        at_reform = rice_price_nearest(market, wages.reform_month, city=city)
        latest = rice_price_latest(market, city=city)
    except InsufficientDataError as err:
        raise InsufficientDataError(f"real wage: {err} [{filters}]", err.reason) from None
    return RealWageHeadline(at_reform, latest, wages.wage_after_kpw, wage_at(latest.date, wages))
