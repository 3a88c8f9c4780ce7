"""Choosing market observations: filters by city, series, publisher and date window, the
plain change in each series since early 2024, and the levels a report quotes around a date.

Works on the market frame described in :mod:`hyesan_analysis.model.market_frame`. A filter
never makes a date more precise than its source: a row is kept only when the whole period its
date covers lies inside the window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_frame import (
    InsufficientDataError,
    period_bounds,
    representative_day,
    validate_market_frame,
)

__all__ = [
    "LevelAround",
    "MarketWindow",
    "PriceAcrossRates",
    "filter_observations",
    "latest_change",
    "level_around",
    "price_across_rates",
    "series_change",
]

DateLike = str | pd.Timestamp | pd.Period | None


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def _window_start(start: DateLike) -> pd.Timestamp | None:
    if start is None:
        return None
    if isinstance(start, pd.Period):
        return start.start_time.normalize()
    if isinstance(start, str):
        return pd.Period(start, freq="M" if len(start) <= 7 else "D").start_time.normalize()
    return pd.Timestamp(start)


def _window_end(end: DateLike) -> pd.Timestamp | None:
    if end is None:
        return None
    if isinstance(end, pd.Period):
        return end.end_time.normalize()
    if isinstance(end, str):
        return pd.Period(end, freq="M" if len(end) <= 7 else "D").end_time.normalize()
    return pd.Timestamp(end)


# ---------------------------------------------------------------------------------------------
# filtering
# ---------------------------------------------------------------------------------------------


def filter_observations(
    df: pd.DataFrame,
    cities: str | Iterable[str] | None = None,
    series: str | Iterable[str] | None = None,
    publishers: str | Iterable[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
) -> pd.DataFrame:
    """Keep the observations that match every given filter.

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    cities, series, publishers : str or iterable of str, optional
        Keep rows whose ``city`` / ``series`` / ``publisher`` is one of these. ``None`` keeps all.
    start, end : str, Timestamp or Period, optional
        Inclusive window. A ``'YYYY-MM'`` string (or a monthly Period) means the first day of
        that month for ``start`` and the last day of that month for ``end``; a ``'YYYY-MM-DD'``
        string or a Timestamp is used as that day.

    Returns
    -------
    DataFrame
        The matching rows, unchanged (same columns, same index, same order).

    Notes
    -----
    A row is kept only when the *whole period its date covers* lies inside the window: a
    day-precision row when its day is inside; a month-precision row when its whole calendar
    month is inside; a year-precision row only when its whole calendar year is inside. So
    ``start='2024-03'`` drops a row dated ``'2024'`` (it may be from January or February),
    and a window that starts mid-month drops month-precision rows of that month. No date is
    ever guessed more precisely than the source gives it.
    """
    validate_market_frame(df)
    keep = pd.Series(True, index=df.index)
    for column, wanted in (("city", cities), ("series", series), ("publisher", publishers)):
        values = _as_list(wanted)
        if values is not None:
            keep &= df[column].isin(values)
    lo, hi = _window_start(start), _window_end(end)
    if lo is not None or hi is not None:
        first, last = period_bounds(df)
        if lo is not None:
            keep &= first >= lo
        if hi is not None:
            keep &= last <= hi
    return df.loc[keep]


@dataclass(frozen=True)
class MarketWindow:
    """The observations a report uses: one publisher or all, a date window, one city or all.

    Attributes
    ----------
    city : str
        ``'all'`` or one city (as spelled in the data); the charts and tables show only it,
        while pooled fits still use every city of the window.
    publisher_filter : str
        ``'all'`` or one publisher whose observations alone are kept.
    start_month, end_month : str
        Inclusive window, ``'YYYY-MM'`` (see :func:`filter_observations`).
    """

    city: str
    publisher_filter: str
    start_month: str
    end_month: str

    @property
    def focus_city(self) -> str:
        """The city whose wage and price changes are quoted: the chosen one, else Hyesan."""
        return "Hyesan" if self.city == "all" else self.city

    @property
    def filters(self) -> str:
        """The publisher and window filters in words, for error messages."""
        return (
            f"publisher_filter={self.publisher_filter}, window {self.start_month}..{self.end_month}"
        )

    def market(self, df: pd.DataFrame) -> pd.DataFrame:
        """Observations of every city that pass the publisher and window filters."""
        publishers = None if self.publisher_filter == "all" else self.publisher_filter
        return filter_observations(
            df, publishers=publishers, start=self.start_month, end=self.end_month
        )

    def shown(self, market: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``market`` in the chosen city (all of them for ``'all'``).

        Raises
        ------
        InsufficientDataError
            No observation is left.
        """
        shown = market if self.city == "all" else filter_observations(market, cities=self.city)
        if shown.empty:
            raise InsufficientDataError(
                f"no market observation is left by the filters (city={self.city}, {self.filters})"
            )
        return shown


# ---------------------------------------------------------------------------------------------
# plain change since early 2024
# ---------------------------------------------------------------------------------------------


def series_change(
    df: pd.DataFrame,
    start: str = "2024-01",
    early_end: str = "2024-03",
    by_publisher: bool = True,
) -> pd.DataFrame:
    """Plain change in each series from its first early observation to its latest one.

    The baseline is the earliest observation in the *early window* ``[start, early_end]``
    (by default January-March 2024); when a group has none there, it is the earliest
    observation in the calendar year of ``start`` (labelled ``'later in 2024'``); groups with
    no observation in that year are left out. The end point is the latest observation on or
    after the baseline. Only day- and month-precision rows are used (a year-precision row
    cannot be placed before or after another row of the same year). Observations are ordered
    by the first day of their period; a month-precision row therefore sorts before
    day-precision rows of the same month. Groups whose baseline is also their latest
    observation are left out (no change can be measured).

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    start, early_end : str, default '2024-01', '2024-03'
        First and last month (``'YYYY-MM'``) of the early window.
    by_publisher : bool, default True
        Group by (city, series, publisher). With False, groups are (city, series) and the
        two end points may come from different publishers; such rows have
        ``mixed_publishers=True``.

    Returns
    -------
    DataFrame
        Columns ``city``, ``series``, ``publisher`` (of the baseline and latest point, joined
        by ``' + '`` when they differ), ``mixed_publishers``, ``baseline`` (window label),
        ``first_date``, ``first_value``, ``first_obs_id``, ``last_date``, ``last_value``,
        ``last_obs_id``, ``unit``, ``pct_change`` (percent) and ``log_change``.
    """
    validate_market_frame(df)
    start_ts = _window_start(start)
    early_end_ts = _window_end(early_end)
    assert start_ts is not None and early_end_ts is not None
    year_end = pd.Timestamp(year=start_ts.year, month=12, day=31)
    first_day, last_day = period_bounds(df)
    data = df.assign(_start=first_day, _end=last_day)
    data = data.loc[data["date_precision"].isin(["day", "month"]) & (data["value"] > 0)]
    data = data.sort_values(["_start", "date", "obs_id"], kind="stable")
    keys = ["city", "series"] + (["publisher"] if by_publisher else [])
    label = f"{start}..{early_end}"
    rows = []
    for key, group in data.groupby(keys, sort=True):
        early = group.loc[(group["_start"] >= start_ts) & (group["_end"] <= early_end_ts)]
        if not early.empty:
            base, baseline = early.iloc[0], label
        else:
            later = group.loc[(group["_start"] >= start_ts) & (group["_end"] <= year_end)]
            if later.empty:
                continue
            base, baseline = later.iloc[0], f"later in {start_ts.year}"
        last = group.loc[group["_start"] >= base["_start"]].iloc[-1]
        if last["obs_id"] == base["obs_id"]:
            continue
        pubs = sorted({str(base["publisher"]), str(last["publisher"])})
        log_change = float(np.log(last["value"] / base["value"]))
        rows.append(
            {
                "city": key[0],
                "series": key[1],
                "publisher": " + ".join(pubs),
                "mixed_publishers": len(pubs) > 1,
                "baseline": baseline,
                "first_date": base["date"],
                "first_value": float(base["value"]),
                "first_obs_id": base["obs_id"],
                "last_date": last["date"],
                "last_value": float(last["value"]),
                "last_obs_id": last["obs_id"],
                "unit": base["unit"],
                "pct_change": 100.0 * float(np.expm1(log_change)),
                "log_change": log_change,
            }
        )
    columns = [
        "city", "series", "publisher", "mixed_publishers", "baseline", "first_date",
        "first_value", "first_obs_id", "last_date", "last_value", "last_obs_id", "unit",
        "pct_change", "log_change",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------------
# the figures a report quotes
# ---------------------------------------------------------------------------------------------


def latest_change(changes: pd.DataFrame, city: str, series: str) -> pd.Series | None:
    """The change row of one city and series whose end point is latest (None when absent).

    Parameters
    ----------
    changes : DataFrame
        Output of :func:`series_change` (one row per city, series and publisher).
    city, series : str
        The row wanted, e.g. ``'Hyesan'`` and ``'CNY'``.
    """
    rows = changes[(changes["city"] == city) & (changes["series"] == series)]
    return None if rows.empty else rows.sort_values("last_date").iloc[-1]


@dataclass(frozen=True)
class LevelAround:
    """A series in one city around a date (rows of the market frame, or None).

    Attributes
    ----------
    peak_before : Series or None
        The highest observation on or before the date (the first of equal highs).
    last_before : Series or None
        The last observation on or before the date.
    latest : Series or None
        The last observation of all, when it is after the date.
    """

    peak_before: pd.Series | None
    last_before: pd.Series | None
    latest: pd.Series | None


def level_around(df: pd.DataFrame, city: str, date: str, series: str = "CNY") -> LevelAround:
    """Where a series stood in one city up to a date, and where it went after.

    Observations are ordered by :func:`~hyesan_analysis.model.market_frame.representative_day`
    (a month-only date counts as the 15th, a year-only date as 1 July).

    Parameters
    ----------
    df : DataFrame
        Market frame.
    city : str
        City as spelled in the data.
    date : str
        ``'YYYY-MM-DD'``; observations drawn on that day count as before it.
    series : str, default 'CNY'
        Series (KPW per CNY by default).
    """
    rows = df[(df["city"] == city) & (df["series"] == series)]
    rows = rows.assign(_day=representative_day(rows)).sort_values("_day")
    before = rows[rows["_day"] <= pd.Timestamp(date)]
    if before.empty:
        return LevelAround(None, None, rows.iloc[-1] if len(rows) else None)
    latest = rows.iloc[-1] if len(rows) > len(before) else None
    peak = before.iloc[int(np.argmax(before["value"].to_numpy(float)))]  # the first of equal highs
    return LevelAround(peak, before.iloc[-1], latest)


@dataclass(frozen=True)
class PriceAcrossRates:
    """A price nearest the dates of two exchange-rate observations of one city.

    Attributes
    ----------
    rate_before, rate_after : pandas.Series
        The rate observations (rows of the market frame) the dates come from.
    price_before, price_after : pandas.Series
        The price observations nearest each of those dates (any publisher); every row has
        its representative day in ``_day``.
    """

    rate_before: pd.Series
    rate_after: pd.Series
    price_before: pd.Series
    price_after: pd.Series

    @property
    def price_ratio(self) -> float:
        """The price after over the price before (dimensionless)."""
        return float(self.price_after["value"]) / float(self.price_before["value"])

    @property
    def days_from_rates(self) -> tuple[int, int]:
        """Days between each price and its rate (representative days, absolute)."""
        return (
            abs(int((self.price_before["_day"] - self.rate_before["_day"]).days)),
            abs(int((self.price_after["_day"] - self.rate_after["_day"]).days)),
        )

    @property
    def one_publisher(self) -> bool:
        """Whether both prices come from one publisher."""
        return bool(self.price_before["publisher"] == self.price_after["publisher"])


def price_across_rates(
    df: pd.DataFrame,
    city: str,
    rate_before: float,
    rate_after: float,
    rate_series: str = "CNY",
    price_series: str = "rice",
) -> PriceAcrossRates | None:
    """The price observed nearest the dates on which a city's rate stood at two levels.

    The dates are those of the first observation of ``rate_series`` in ``city`` equal to
    each level; the prices are the ``price_series`` observations of the same city nearest
    each date (by :func:`~hyesan_analysis.model.market_frame.representative_day`; year-only
    dates are left out). None when a level was never observed, a price is missing, or one
    price observation is nearest both dates.

    Parameters
    ----------
    df : DataFrame
        Market frame.
    city : str
        City as spelled in the data.
    rate_before, rate_after : float
        The two rate levels (KPW per unit of ``rate_series``).
    rate_series, price_series : str
        Series names.
    """
    dated = df[(df["city"] == city) & (df["date_precision"] != "year")]
    dated = dated.assign(_day=representative_day(dated))
    rates = dated[dated["series"] == rate_series].sort_values("_day", kind="stable")
    prices = dated[dated["series"] == price_series]
    found = [rates[np.isclose(rates["value"], level)] for level in (rate_before, rate_after)]
    if prices.empty or any(f.empty for f in found):
        return None
    r0, r1 = found[0].iloc[0], found[1].iloc[0]
    nearest = [
        prices.iloc[int(np.argmin(np.abs((prices["_day"] - r["_day"]).dt.days.to_numpy())))]
        for r in (r0, r1)
    ]
    if nearest[0]["obs_id"] == nearest[1]["obs_id"]:
        return None
    return PriceAcrossRates(r0, r1, nearest[0], nearest[1])
