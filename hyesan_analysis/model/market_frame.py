"""The market frame: its columns, its dates and their precision, and the error for thin data.

Every market module (:mod:`~hyesan_analysis.model.market_filter`,
:mod:`~hyesan_analysis.model.market_quality`, :mod:`~hyesan_analysis.model.passthrough_changes`)
works on the frame produced by ``hyesan_analysis.data.loaders.load_market_rates()``. One row
is one dated observation from one publisher; the frame holds at least the columns in
:data:`REQUIRED_COLUMNS`:

``obs_id``
    Stable identifier of the source row.
``date``
    The date as known: ``'YYYY'``, ``'YYYY-MM'`` or ``'YYYY-MM-DD'``.
``date_precision``
    ``'year'``, ``'month'`` or ``'day'``; must match the shape of ``date``.
``city``, ``series``, ``publisher``
    Where, what (``'CNY'``, ``'USD'``, ``'rice'``, ``'corn'``, ``'gasoline'``, ``'diesel'``) and
    who reported it.
``value``, ``unit``
    The figure in KPW per unit (KPW per CNY, KPW per USD, KPW per kg, KPW per liter).

Dates are never made more precise than the source: a month-precision row never receives a day,
and a year-precision row never receives a month. Every function here works from ``date`` and
``date_precision`` (not from a derived timestamp), so the precision of a row cannot be upgraded
by accident, and rows are returned with those two columns untouched.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "REQUIRED_COLUMNS",
    "UNIT_NOT_STATED",
    "InsufficientDataError",
    "observation_months",
    "period_bounds",
    "representative_day",
    "validate_market_frame",
]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "obs_id",
    "date",
    "date_precision",
    "city",
    "series",
    "value",
    "unit",
    "publisher",
)

#: Unit recorded when the source gives a figure in KPW but does not say per what.
UNIT_NOT_STATED = "KPW unit not stated"

_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


class InsufficientDataError(ValueError):
    """Raised when a filter leaves too few points for a fit or a statistic.

    The message names the filter (city, series, publisher policy), the number of points found
    and the number needed, so that a report never shows a number computed from nothing.

    Parameters
    ----------
    message : str
        What was asked for, what was found and what is needed.
    reason : str, optional
        The cause in a few words (``'too few pairs'``, ``'rate does not vary'``...), for a
        table that lists failed fits beside successful ones.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or "too few observations"


def validate_market_frame(df: pd.DataFrame, extra: Iterable[str] = ()) -> None:
    """Check a market frame: required columns present, every date shaped as its precision says.

    Parameters
    ----------
    df : DataFrame
        Market frame.
    extra : iterable of str
        Further columns that must be present.

    Raises
    ------
    ValueError
        A column is missing, a ``date_precision`` is unknown, or a ``date`` string is longer or
        shorter than its precision (e.g. ``'2024-11'`` marked ``'day'``).
    """
    missing = [c for c in (*REQUIRED_COLUMNS, *extra) if c not in df.columns]
    if missing:
        raise ValueError(f"market frame is missing column(s): {', '.join(missing)}")
    bad_precision = ~df["date_precision"].isin(list(_PRECISION_LENGTH))
    if bad_precision.any():
        values = sorted(set(df.loc[bad_precision, "date_precision"].astype(str)))
        raise ValueError(f"unknown date_precision value(s): {values}")
    expected = df["date_precision"].map(_PRECISION_LENGTH)
    wrong = df["date"].astype(str).str.len() != expected
    if wrong.any():
        row = df.loc[wrong].iloc[0]
        raise ValueError(
            f"date {row['date']!r} does not match date_precision {row['date_precision']!r} "
            f"(obs_id {row['obs_id']})"
        )


def period_bounds(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day of the period each observation covers.

    Parameters
    ----------
    df : DataFrame
        Market frame with ``date`` and ``date_precision``.

    Returns
    -------
    (start, end) : tuple of Series of Timestamp
        A day-precision row covers one day; a month-precision row covers its calendar month;
        a year-precision row covers the whole calendar year. These bounds are used only for
        comparisons with a window; they are never written back as the row's date.
    """
    validate_market_frame(df)
    dates = df["date"].astype(str)
    start = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    end = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    for precision, fmt, offset in (
        ("day", "%Y-%m-%d", pd.DateOffset(days=0)),
        ("month", "%Y-%m", pd.offsets.MonthEnd(0)),
        ("year", "%Y", pd.offsets.YearEnd(0)),
    ):
        mask = df["date_precision"] == precision
        if mask.any():
            first = pd.to_datetime(dates[mask], format=fmt)
            start[mask] = first
            end[mask] = first + offset
    return start, end


def observation_months(df: pd.DataFrame) -> pd.Series:
    """Calendar month of each observation, or ``NaT`` for year-precision rows.

    Parameters
    ----------
    df : DataFrame
        Market frame with ``date`` and ``date_precision``.

    Returns
    -------
    Series of Period[M]
        The month is read from the ``date`` string (its first seven characters) for day- and
        month-precision rows. Year-precision rows get ``NaT``: their month is unknown.
    """
    validate_market_frame(df)
    known = df["date_precision"].isin(["day", "month"])
    months = pd.Series(pd.NaT, index=df.index, dtype="period[M]")
    if known.any():
        months[known] = pd.PeriodIndex(df.loc[known, "date"].astype(str).str[:7], freq="M")
    return months


def representative_day(df: pd.DataFrame) -> pd.Series:
    """The one day that stands for each observation when rows are drawn or put in order.

    Parameters
    ----------
    df : DataFrame
        Any frame with ``date`` and ``date_precision`` (a market frame or rows derived from
        one, such as real wages).

    Returns
    -------
    Series of Timestamp
        A day-precision row's own day; the 15th of the month for a month-precision row; 1 July
        for a year-precision row (the middle of the period, so a year-only figure is never
        read as January's). For charts and ordering only: never written back as a date.
    """
    dates = df["date"].astype(str)
    middle = dates.where(df["date_precision"] != "month", dates + "-15")
    return pd.to_datetime(middle.where(df["date_precision"] != "year", dates + "-07-01"))
