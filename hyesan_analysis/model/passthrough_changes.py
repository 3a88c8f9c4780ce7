"""Log changes between consecutive price-and-rate pairs of one publisher in one city.

The input of the pass-through fits (:mod:`hyesan_analysis.model.passthrough_specs`). A *pair*
is one publisher's price and exchange rate in one city for one period:

* the **same day** when the publisher reports both series that day (day-precision rows);
* otherwise the **same calendar month** (median of that month's remaining observations of each
  series), but only for a month in which the publisher has no same-day pair, so a month never
  gives two overlapping pairs.

Year-precision rows are never paired (their month is unknown). Pairs are then ordered in time
within each (city, publisher) series and differenced: ``dlog_price = log p[t] - log p[t-1]`` and
``dlog_rate = log r[t] - log r[t-1]``, natural logs. A change is never taken between two
publishers nor between two cities, and a gap longer than ``max_gap_months`` is left out rather
than bridged (a change over years mixes many shocks).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_frame import (
    UNIT_NOT_STATED,
    observation_months,
    representative_day,
    validate_market_frame,
)

__all__ = ["CHANGE_COLUMNS", "PAIR_COLUMNS", "change_pairs", "log_changes", "publisher_pairs"]

#: Columns of :func:`publisher_pairs`.
PAIR_COLUMNS = [
    "city", "publisher", "period", "period_kind", "day", "month", "price_kpw", "rate_kpw",
    "price_obs_ids", "rate_obs_ids",
]  # fmt: skip

#: Columns of :func:`log_changes`.
CHANGE_COLUMNS = [
    "city", "publisher", "series_id", "period_from", "period_to", "month_to", "gap_months",
    "price_from", "price_to", "rate_from", "rate_to", "dlog_price", "dlog_rate", "lean",
    "obs_ids", "price_series", "rate_series",
]  # fmt: skip

_DAYS_PER_MONTH = 365.25 / 12


def _usable(df: pd.DataFrame, series: str) -> pd.DataFrame:
    rows = df.loc[(df["series"] == series) & (df["value"] > 0) & (df["unit"] != UNIT_NOT_STATED)]
    rows = rows.loc[rows["date_precision"].isin(["day", "month"])]
    return rows.assign(month=observation_months(rows), day=representative_day(rows))


def _ids(values: pd.Series) -> str:
    return ",".join(str(v) for v in values)


def _one_series(price: pd.DataFrame, rate: pd.DataFrame) -> list[dict[str, object]]:
    """Pairs of one city and publisher: same-day pairs, then same-month pairs of other months."""
    out: list[dict[str, object]] = []
    p_day = price.loc[price["date_precision"] == "day"]
    r_day = rate.loc[rate["date_precision"] == "day"]
    days = sorted(set(p_day["date"]) & set(r_day["date"]))
    for day in days:
        p, r = p_day.loc[p_day["date"] == day], r_day.loc[r_day["date"] == day]
        out.append(
            {
                "period": day,
                "period_kind": "day",
                "day": pd.Timestamp(day),
                "month": pd.Period(day[:7], freq="M"),
                "price_kpw": float(p["value"].median()),
                "rate_kpw": float(r["value"].median()),
                "price_obs_ids": _ids(p["obs_id"]),
                "rate_obs_ids": _ids(r["obs_id"]),
            }
        )
    paired_months = {pd.Period(d[:7], freq="M") for d in days}
    months = sorted((set(price["month"]) & set(rate["month"])) - paired_months)
    for month in months:
        p, r = price.loc[price["month"] == month], rate.loc[rate["month"] == month]
        out.append(
            {
                "period": str(month),
                "period_kind": "month",
                "day": month.start_time + pd.Timedelta(days=14),
                "month": month,
                "price_kpw": float(p["value"].median()),
                "rate_kpw": float(r["value"].median()),
                "price_obs_ids": _ids(p["obs_id"]),
                "rate_obs_ids": _ids(r["obs_id"]),
            }
        )
    return out


def publisher_pairs(df: pd.DataFrame, price_series: str, rate_series: str) -> pd.DataFrame:
    """One publisher's price and rate in one city, paired by day, else by month.

    Parameters
    ----------
    df : DataFrame
        Market frame (:mod:`hyesan_analysis.model.market_frame`).
    price_series, rate_series : str
        E.g. ``'rice'`` (KPW per kg) and ``'CNY'`` (KPW per CNY).

    Returns
    -------
    DataFrame
        Columns :data:`PAIR_COLUMNS`, sorted by city, publisher and ``day`` (the pair's day, or
        the 15th of its month for a month pair; for ordering only). ``period`` is the date
        (``'YYYY-MM-DD'``) or the month (``'YYYY-MM'``) of the pair, as precise as its source.
    """
    if price_series == rate_series:
        raise ValueError("price_series and rate_series must differ")
    validate_market_frame(df)
    price, rate = _usable(df, price_series), _usable(df, rate_series)
    rows: list[dict[str, object]] = []
    for (city, publisher), p in price.groupby(["city", "publisher"], sort=True):
        r = rate.loc[(rate["city"] == city) & (rate["publisher"] == publisher)]
        if r.empty:
            continue
        rows += [{"city": city, "publisher": publisher, **x} for x in _one_series(p, r)]
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return out.sort_values(["city", "publisher", "day"], kind="stable").reset_index(drop=True)


def _in_lean(months: pd.Series, lean_months: tuple[int, int]) -> np.ndarray:
    first, last = lean_months
    number = np.array([m.month for m in months], dtype=int)
    if first <= last:
        return (number >= first) & (number <= last)
    return (number >= first) | (number <= last)


def log_changes(
    pairs: pd.DataFrame,
    max_gap_months: float = 12.0,
    lean_months: tuple[int, int] = (5, 9),
    price_series: str = "",
    rate_series: str = "",
) -> pd.DataFrame:
    """Log changes between consecutive pairs of each (city, publisher) series.

    Parameters
    ----------
    pairs : DataFrame
        Output of :func:`publisher_pairs`.
    max_gap_months : float, default 12
        Longest interval (months, from the pairs' days) a change may span; longer gaps are
        left out.
    lean_months : (int, int), default (5, 9)
        First and last calendar month of the lean season (inclusive, may wrap over the new
        year); ``lean`` is 1 when a change *ends* in it.
    price_series, rate_series : str, optional
        Names written into the result (for labels and messages).

    Returns
    -------
    DataFrame
        Columns :data:`CHANGE_COLUMNS`: one row per change, with ``series_id``
        (``'city | publisher'``), both periods, ``gap_months``, the four levels (KPW),
        ``dlog_price`` and ``dlog_rate`` (natural-log changes), ``lean`` (0 or 1) and
        ``obs_ids`` (the market observations behind the change).
    """
    if max_gap_months <= 0:
        raise ValueError(f"max_gap_months must be positive, got {max_gap_months}")
    rows: list[dict[str, object]] = []
    for (city, publisher), s in pairs.groupby(["city", "publisher"], sort=True):
        records: list[dict[Any, Any]] = s.sort_values("day", kind="stable").to_dict("records")
        for a, b in itertools.pairwise(records):
            gap = (b["day"] - a["day"]).days / _DAYS_PER_MONTH
            if gap > max_gap_months:
                continue
            rows.append(
                {
                    "city": city,
                    "publisher": publisher,
                    "series_id": f"{city} | {publisher}",
                    "period_from": a["period"],
                    "period_to": b["period"],
                    "month_to": b["month"],
                    "gap_months": gap,
                    "price_from": a["price_kpw"],
                    "price_to": b["price_kpw"],
                    "rate_from": a["rate_kpw"],
                    "rate_to": b["rate_kpw"],
                    "dlog_price": float(np.log(b["price_kpw"] / a["price_kpw"])),
                    "dlog_rate": float(np.log(b["rate_kpw"] / a["rate_kpw"])),
                    "obs_ids": " ; ".join(
                        f"{x['price_obs_ids']}/{x['rate_obs_ids']}" for x in (a, b)
                    ),
                }
            )
    out = pd.DataFrame(rows, columns=[c for c in CHANGE_COLUMNS if c != "lean"])
    out["lean"] = _in_lean(out["month_to"], lean_months).astype(int) if len(out) else []
    out["price_series"], out["rate_series"] = price_series, rate_series
    return out[CHANGE_COLUMNS].reset_index(drop=True)


def change_pairs(
    df: pd.DataFrame,
    price_series: str,
    rate_series: str,
    max_gap_months: float = 12.0,
    lean_months: tuple[int, int] = (5, 9),
) -> pd.DataFrame:
    """:func:`log_changes` of :func:`publisher_pairs`: the rows a pass-through fit uses."""
    pairs = publisher_pairs(df, price_series, rate_series)
    return log_changes(pairs, max_gap_months, lean_months, price_series, rate_series)
