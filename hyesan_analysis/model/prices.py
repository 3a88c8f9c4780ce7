"""Market observations: filtering, data quality, publisher conflicts, alignment and changes.

Pure functions over the market-rates frame produced by
``hyesan_analysis.data.loaders.load_market_rates()``. One row is one dated observation from one
publisher; the frame holds at least the columns in :data:`REQUIRED_COLUMNS`:

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
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "REQUIRED_COLUMNS",
    "InsufficientDataError",
    "align_by_city_month",
    "data_quality_table",
    "filter_observations",
    "observation_months",
    "period_bounds",
    "publisher_conflicts",
    "series_change",
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

DateLike = str | pd.Timestamp | pd.Period | None


class InsufficientDataError(ValueError):
    """Raised when a filter leaves too few points for a fit or a statistic.

    The message names the filter (city, series, publisher policy), the number of points found
    and the number needed, so that a report never shows a number computed from nothing.
    """


# ---------------------------------------------------------------------------------------------
# validation and periods
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# data quality and conflicts
# ---------------------------------------------------------------------------------------------


def publisher_conflicts(
    df: pd.DataFrame,
    tolerance: float = 0.25,
    match: Literal["city", "any"] = "city",
) -> pd.DataFrame:
    """Pairs of observations from different publishers that disagree within a month.

    Two observations conflict when they are of the same ``series``, fall in the same calendar
    month, come from different publishers, and their values differ by more than ``tolerance``
    in log terms: ``|ln(value_a / value_b)| > tolerance``. (A log difference of 0.25 is a ratio
    of about 1.28; the relative difference ``max/min - 1`` is reported as well.)

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    tolerance : float, default 0.25
        Threshold on the absolute log difference (dimensionless, > 0).
    match : {'city', 'any'}, default 'city'
        ``'city'`` compares only observations of the same city; ``'any'`` compares
        observations of any two cities (regional spreads then count as conflicts too, which is
        useful to spot a publisher whose level differs everywhere).

    Returns
    -------
    DataFrame
        One row per conflicting pair (each unordered pair once), with columns ``series``,
        ``month``, ``city_a``, ``city_b``, ``publisher_a``, ``publisher_b``, ``date_a``,
        ``date_b``, ``value_a``, ``value_b``, ``obs_id_a``, ``obs_id_b``, ``log_diff``
        (``ln(value_a / value_b)``) and ``rel_diff`` (``max/min - 1``). Sorted by series,
        month and cities. Year-precision rows are not compared (their month is unknown).
    """
    if tolerance <= 0:
        raise ValueError(f"tolerance must be > 0, got {tolerance}")
    if match not in ("city", "any"):
        raise ValueError(f"match must be 'city' or 'any', got {match!r}")
    validate_market_frame(df)
    columns = [
        "series", "month", "city_a", "city_b", "publisher_a", "publisher_b", "date_a", "date_b",
        "value_a", "value_b", "obs_id_a", "obs_id_b", "log_diff", "rel_diff",
    ]  # fmt: skip
    data = df.assign(month=observation_months(df))
    data = data.loc[data["month"].notna() & (data["value"] > 0)]
    keys = ["series", "month"] + (["city"] if match == "city" else [])
    base = data[["obs_id", "date", "city", "series", "publisher", "value", "month"]]
    pairs = base.merge(base, on=keys, suffixes=("_a", "_b"))
    if match == "city":
        pairs["city_a"] = pairs["city"]
        pairs["city_b"] = pairs["city"]
    pairs = pairs.loc[
        (pairs["publisher_a"] != pairs["publisher_b"])
        & (pairs["obs_id_a"].astype(str) < pairs["obs_id_b"].astype(str))
    ]
    log_diff = np.log(pairs["value_a"].to_numpy(float) / pairs["value_b"].to_numpy(float))
    pairs = pairs.assign(log_diff=log_diff, rel_diff=np.expm1(np.abs(log_diff)))
    pairs = pairs.loc[np.abs(pairs["log_diff"]) > tolerance, columns]
    return pairs.sort_values(["series", "month", "city_a", "city_b", "obs_id_a"]).reset_index(
        drop=True
    )


def data_quality_table(df: pd.DataFrame, tolerance: float = 0.25) -> pd.DataFrame:
    """Observations per series, city and publisher, with date ranges and conflicts.

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    tolerance : float, default 0.25
        Log-difference threshold passed to :func:`publisher_conflicts` (same city).

    Returns
    -------
    DataFrame
        One row per (series, city, publisher) with ``n_obs``, ``first_date`` and ``last_date``
        (as printed in the source, with their precision), ``n_day``, ``n_month``, ``n_year``
        (observations by date precision), ``units`` (distinct units, joined by ``'; '``) and
        ``n_conflicting_obs``: observations of the group that disagree by more than
        ``tolerance`` with another publisher's observation of the same series, city and month.
    """
    validate_market_frame(df)
    first, _ = period_bounds(df)
    data = df.assign(_start=first).sort_values(["_start", "date"], kind="stable")
    conflicts = publisher_conflicts(df, tolerance=tolerance, match="city")
    conflicting = set(conflicts["obs_id_a"]) | set(conflicts["obs_id_b"])
    data = data.assign(_conflict=data["obs_id"].isin(conflicting))
    rows = []
    for (series, city, publisher), group in data.groupby(
        ["series", "city", "publisher"], sort=True
    ):
        counts = group["date_precision"].value_counts()
        rows.append(
            {
                "series": series,
                "city": city,
                "publisher": publisher,
                "n_obs": len(group),
                "first_date": group["date"].iloc[0],
                "last_date": group["date"].iloc[-1],
                "n_day": int(counts.get("day", 0)),
                "n_month": int(counts.get("month", 0)),
                "n_year": int(counts.get("year", 0)),
                "units": "; ".join(sorted(set(group["unit"].astype(str)))),
                "n_conflicting_obs": int(group["_conflict"].sum()),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# alignment by city and month
# ---------------------------------------------------------------------------------------------


def _monthly_medians(data: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = data.groupby(keys, sort=True)
    out = grouped.agg(
        value=("value", "median"),
        n_obs=("value", "size"),
        publishers=("publisher", lambda s: " + ".join(sorted(set(s.astype(str))))),
        obs_ids=("obs_id", lambda s: ",".join(str(v) for v in s)),
    )
    return out.reset_index()


def align_by_city_month(
    df: pd.DataFrame,
    price_series: str = "rice",
    rate_series: str = "CNY",
    publisher_policy: Literal["same", "any"] = "same",
    allow_unstated_unit: bool = False,
) -> pd.DataFrame:
    """Pair price observations with exchange-rate observations of the same city and month.

    Alignment rule: an observation's month is the calendar month of its date. Only day- and
    month-precision rows are used; year-precision rows are never aligned (their month is
    unknown, and no month is guessed). When several observations of one series fall in the
    same city and month, the pair uses their **median** (and records how many there were).
    Cities are matched exactly as spelled, so regional averages (e.g. an Asia Press
    Ryanggang/North Hamgyong average) pair only with the same regional average.

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    price_series : str, default 'rice'
        Series whose log price is the dependent variable (e.g. ``'rice'``, ``'corn'``).
    rate_series : str, default 'CNY'
        Exchange-rate series, KPW per unit of foreign currency (``'CNY'`` or ``'USD'``).
    publisher_policy : {'same', 'any'}, default 'same'
        ``'same'``: the medians are taken per publisher and a price is paired only with a rate
        from the same publisher; a city-month reported by two publishers gives two rows.
        ``'any'``: medians pool every publisher of the city-month, and a pair may combine
        publishers; such rows are flagged ``mixed_publishers=True`` (never silently).
    allow_unstated_unit : bool, default False
        Rows whose unit is ``'KPW unit not stated'`` are left out unless this is True.

    Returns
    -------
    DataFrame
        One row per aligned pair with columns ``city``, ``month`` (Period[M]), ``log_price``,
        ``log_rate`` (natural logs), ``price_kpw`` (KPW per kg or liter), ``rate_kpw`` (KPW per
        CNY or USD), ``n_price_obs``, ``n_rate_obs``, ``publishers`` (publishers of the pair,
        joined by ``' + '``), ``mixed_publishers`` (bool), ``price_obs_ids``,
        ``rate_obs_ids``, ``price_series``, ``rate_series`` and ``publisher_policy``.
        Sorted by city and month. May be empty; the estimator then raises
        :class:`InsufficientDataError`. ``attrs`` records ``price_series``, ``rate_series``,
        ``publisher_policy`` and ``input_cities`` (cities present in ``df``) so that an
        error about an empty alignment can still name the filter.
    """
    if publisher_policy not in ("same", "any"):
        raise ValueError(f"publisher_policy must be 'same' or 'any', got {publisher_policy!r}")
    if price_series == rate_series:
        raise ValueError("price_series and rate_series must differ")
    validate_market_frame(df)
    data = df.assign(month=observation_months(df))
    data = data.loc[
        data["month"].notna()
        & data["series"].isin([price_series, rate_series])
        & (data["value"] > 0)
    ]
    if not allow_unstated_unit:
        data = data.loc[data["unit"] != UNIT_NOT_STATED]
    keys = ["city", "month"] + (["publisher"] if publisher_policy == "same" else [])
    price = _monthly_medians(data.loc[data["series"] == price_series], keys)
    rate = _monthly_medians(data.loc[data["series"] == rate_series], keys)
    merged = price.merge(rate, on=keys, suffixes=("_price", "_rate"))
    columns = [
        "city", "month", "log_price", "log_rate", "price_kpw", "rate_kpw", "n_price_obs",
        "n_rate_obs", "publishers", "mixed_publishers", "price_obs_ids", "rate_obs_ids",
        "price_series", "rate_series", "publisher_policy",
    ]  # fmt: skip
    attrs = {
        "price_series": price_series,
        "rate_series": rate_series,
        "publisher_policy": publisher_policy,
        "input_cities": sorted(set(df["city"].astype(str))),
    }
    if merged.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        empty["month"] = pd.Series(dtype="period[M]")
        empty.attrs.update(attrs)
        return empty
    publishers = [
        " + ".join(sorted(set(a.split(" + ")) | set(b.split(" + "))))
        for a, b in zip(merged["publishers_price"], merged["publishers_rate"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "city": merged["city"],
            "month": merged["month"],
            "log_price": np.log(merged["value_price"].to_numpy(float)),
            "log_rate": np.log(merged["value_rate"].to_numpy(float)),
            "price_kpw": merged["value_price"].astype(float),
            "rate_kpw": merged["value_rate"].astype(float),
            "n_price_obs": merged["n_obs_price"].astype(int),
            "n_rate_obs": merged["n_obs_rate"].astype(int),
            "publishers": publishers,
            "mixed_publishers": [" + " in p for p in publishers],
            "price_obs_ids": merged["obs_ids_price"],
            "rate_obs_ids": merged["obs_ids_rate"],
            "price_series": price_series,
            "rate_series": rate_series,
            "publisher_policy": publisher_policy,
        }
    )
    out = out.sort_values(["city", "month", "publishers"]).reset_index(drop=True)[columns]
    out.attrs.update(attrs)
    return out


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
