"""Data quality of market observations: publisher conflicts, counts per series and city, and
the articles behind the observations.

Works on the market frame described in :mod:`hyesan_analysis.model.market_frame`. Every
observation keeps its publisher and the precision of its date; two publishers' figures of the
same series, city and month that differ by more than a tolerance are a *conflict*. Both are
kept: a conflict is reported, never resolved by dropping one side.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from hyesan_analysis.model.market_frame import (
    observation_months,
    period_bounds,
    representative_day,
    validate_market_frame,
)

__all__ = ["data_quality_table", "publisher_conflicts", "source_articles"]


def publisher_conflicts(
    df: pd.DataFrame,
    conflict_tolerance: float = 0.25,
    match: Literal["city", "any"] = "city",
) -> pd.DataFrame:
    """Pairs of observations from different publishers that disagree within a month.

    Two observations conflict when they are of the same ``series``, fall in the same calendar
    month, come from different publishers, and their values differ by more than
    ``conflict_tolerance`` in log terms: ``|ln(value_a / value_b)| > conflict_tolerance``. (A log
    difference of 0.25 is a ratio of about 1.28; the relative difference ``max/min - 1`` is
    reported as well.)

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    conflict_tolerance : float, default 0.25
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
    if conflict_tolerance <= 0:
        raise ValueError(f"conflict_tolerance must be > 0, got {conflict_tolerance}")
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
    pairs = pairs.loc[np.abs(pairs["log_diff"]) > conflict_tolerance, columns]
    return pairs.sort_values(["series", "month", "city_a", "city_b", "obs_id_a"]).reset_index(
        drop=True
    )


def data_quality_table(df: pd.DataFrame, conflict_tolerance: float = 0.25) -> pd.DataFrame:
    """Observations per series, city and publisher, with date ranges and conflicts.

    Parameters
    ----------
    df : DataFrame
        Market frame (see module docstring).
    conflict_tolerance : float, default 0.25
        Log-difference threshold passed to :func:`publisher_conflicts` (same city).

    Returns
    -------
    DataFrame
        One row per (series, city, publisher) with ``n_obs``, ``first_date`` and ``last_date``
        (as printed in the source, with their precision), ``n_day``, ``n_month``, ``n_year``
        (observations by date precision), ``units`` (distinct units, joined by ``'; '``) and
        ``n_conflicting_obs``: observations of the group that disagree by more than
        ``conflict_tolerance`` with another publisher's observation of the same series, city
        and month.
    """
    validate_market_frame(df)
    first, _ = period_bounds(df)
    data = df.assign(_start=first).sort_values(["_start", "date"], kind="stable")
    conflicts = publisher_conflicts(df, conflict_tolerance=conflict_tolerance, match="city")
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


def source_articles(df: pd.DataFrame) -> pd.DataFrame:
    """The articles behind the observations, in the order of their first observation.

    Parameters
    ----------
    df : DataFrame
        Market frame with ``source_url`` and ``source_title``.

    Returns
    -------
    DataFrame
        One row per (publisher, source_url, source_title) with ``n_obs`` and the ``first_date``
        and ``last_date`` of its observations (as printed, in the order of
        :func:`~hyesan_analysis.model.market_frame.representative_day`).
    """
    validate_market_frame(df, extra=("source_url", "source_title"))
    return (
        df.assign(_day=representative_day(df))
        .sort_values("_day")
        .groupby(["publisher", "source_url", "source_title"], sort=False)
        .agg(n_obs=("obs_id", "size"), first_date=("date", "first"), last_date=("date", "last"))
        .reset_index()
    )
