"""Alignment of prices with exchange rates by city and month, the input of the pass-through fit.

Works on the market frame described in :mod:`hyesan_analysis.model.market_frame`. An
observation's month is the calendar month of its date; rows known only to the year are never
aligned (their month is unknown and none is guessed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_frame import (
    UNIT_NOT_STATED,
    observation_months,
    validate_market_frame,
)

__all__ = ["align_by_city_month", "align_pairs"]


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
        :class:`~hyesan_analysis.model.market_frame.InsufficientDataError`. ``attrs`` records
        ``price_series``, ``rate_series``, ``publisher_policy`` and ``input_cities`` (cities
        present in ``df``) so that an error about an empty alignment can still name the filter.
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


def align_pairs(
    df: pd.DataFrame,
    publisher_policy: Literal["same", "any"],
    price_series: Iterable[str] = ("rice", "corn"),
    rate_series: Iterable[str] = ("CNY", "USD"),
) -> dict[tuple[str, str], pd.DataFrame]:
    """:func:`align_by_city_month` for every price and rate series, keyed ``(price, rate)``.

    Parameters
    ----------
    df : DataFrame
        Market frame.
    publisher_policy : {'same', 'any'}
        As in :func:`align_by_city_month`.
    price_series, rate_series : iterable of str
        The series to pair, by default rice and corn with KPW per CNY and per USD.
    """
    rates = tuple(rate_series)
    return {
        (p, r): align_by_city_month(df, p, r, publisher_policy) for p in price_series for r in rates
    }
