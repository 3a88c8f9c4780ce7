"""Real wage in kilograms of rice, and one smuggled car's profit in months of that wage.

Wage figures: a typical worker's state wage went from about 3,000 KPW to about 30,000 KPW a
month with the October 2023 wage reform (Cabinet decision of 2023-10; 38 North, "Assessing
North Korea's Wage Reform: 18 Months Later", May 2025; see ``facts.csv``, topic
``incomes``). These are defaults of the functions below and remain parameters.

A wage applies by calendar month: months before ``reform_month`` get the old wage, the
reform month and later months get the new one. An observation known only to the year is
assigned a wage only when the whole year lies on one side of the reform.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hyesan_analysis.model.prices import (
    InsufficientDataError,
    observation_months,
    period_bounds,
    validate_market_frame,
)

__all__ = [
    "NearestPrice",
    "car_profit_in_wage_months",
    "car_profit_kpw",
    "real_wage_rice_kg",
    "rice_price_latest",
    "rice_price_nearest",
    "wage_at",
]

#: Monthly wage of a typical worker before the October 2023 reform (KPW per month; 38 North).
WAGE_BEFORE_KPW = 3_000.0
#: Monthly wage of a typical worker after the October 2023 reform (KPW per month; 38 North).
WAGE_AFTER_KPW = 30_000.0
#: First month of the new wage scale (Cabinet decision, October 2023).
REFORM_MONTH = "2023-10"


def _month(value: str | pd.Timestamp | pd.Period) -> pd.Period:
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    return pd.Period(value, freq="M")


def wage_at(
    date: str | pd.Timestamp | pd.Period,
    reform_month: str = REFORM_MONTH,
    before_kpw: float = WAGE_BEFORE_KPW,
    after_kpw: float = WAGE_AFTER_KPW,
) -> float:
    """Monthly state wage in force at a date.

    Parameters
    ----------
    date : str, Timestamp or Period
        ``'YYYY'``, ``'YYYY-MM'`` or ``'YYYY-MM-DD'`` (or a Timestamp/Period). A bare year is
        accepted only when the whole year is on one side of the reform.
    reform_month : str, default '2023-10'
        First month (``'YYYY-MM'``) paid at the new scale.
    before_kpw, after_kpw : float, default 3,000 and 30,000
        Monthly wage before and from the reform month (KPW per month, > 0).

    Returns
    -------
    float
        Wage in KPW per month.

    Raises
    ------
    ValueError
        A year-only date whose year contains the reform (other than starting with it).
    """
    if before_kpw <= 0 or after_kpw <= 0:
        raise ValueError("wages must be positive (KPW per month)")
    regime = _regime(date, reform_month)
    return float(after_kpw if regime == "after" else before_kpw)


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


def real_wage_rice_kg(
    df_rice: pd.DataFrame,
    wage_before: float = WAGE_BEFORE_KPW,
    wage_after: float = WAGE_AFTER_KPW,
    reform_month: str = REFORM_MONTH,
) -> pd.DataFrame:
    """A worker's monthly wage in kilograms of rice, per city and observation.

    Parameters
    ----------
    df_rice : DataFrame
        Market frame restricted to ``series == 'rice'`` (KPW per kg).
    wage_before, wage_after : float, default 3,000 and 30,000
        Monthly wage before and from ``reform_month`` (KPW per month).
    reform_month : str, default '2023-10'
        First month paid at the new scale.

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
            regime = _regime(str(obs["date"]), reform_month)
        except ValueError:
            continue
        wage = wage_at(str(obs["date"]), reform_month, wage_before, wage_after)
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
        Market frame (see :mod:`hyesan_analysis.model.prices`).
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
        Market frame (see :mod:`hyesan_analysis.model.prices`).
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


def car_profit_kpw(profit_cny: float, rate_kpw_per_cny: float) -> float:
    """One car's profit converted to won.

    Parameters
    ----------
    profit_cny : float
        Profit per car (CNY).
    rate_kpw_per_cny : float
        Market rate (KPW per CNY, > 0).

    Returns
    -------
    float
        Profit in KPW.
    """
    if rate_kpw_per_cny <= 0:
        raise ValueError(f"rate_kpw_per_cny must be positive, got {rate_kpw_per_cny}")
    return float(profit_cny) * float(rate_kpw_per_cny)


def car_profit_in_wage_months(
    profit_cny: float, rate_kpw_per_cny: float, monthly_wage_kpw: float
) -> float:
    """One smuggled car's profit expressed in months of a worker's wage.

    Parameters
    ----------
    profit_cny : float
        Profit per car (CNY), e.g. 10,500 at the founding report's figures
        (83,000 - 45,000 - 2,500 - 25,000).
    rate_kpw_per_cny : float
        Market rate (KPW per CNY), e.g. about 3,000 in Hyesan (Daily NK, 2025-03-04).
    monthly_wage_kpw : float
        Monthly wage (KPW per month, > 0), e.g. 30,000 after the October 2023 reform.

    Returns
    -------
    float
        Months of wage: ``profit_cny * rate_kpw_per_cny / monthly_wage_kpw``.
    """
    if monthly_wage_kpw <= 0:
        raise ValueError(f"monthly_wage_kpw must be positive, got {monthly_wage_kpw}")
    return car_profit_kpw(profit_cny, rate_kpw_per_cny) / float(monthly_wage_kpw)
