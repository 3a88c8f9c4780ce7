"""Tests of the market frame: validation, periods and months, the day a row stands for."""

from __future__ import annotations

import pandas as pd
import pytest

from hyesan_analysis.model.market_filter import filter_observations
from hyesan_analysis.model.market_frame import (
    InsufficientDataError,
    observation_months,
    period_bounds,
    representative_day,
    validate_market_frame,
)
from tests._market_fixtures import make_market


def test_precision_must_match_date_shape() -> None:
    df = make_market([("2024-11", "Hyesan", "rice", 7700, "Daily NK")])
    df.loc[0, "date_precision"] = "day"  # a month-precision date claimed as a day
    with pytest.raises(ValueError, match="does not match date_precision"):
        validate_market_frame(df)


def test_missing_column_is_named() -> None:
    df = make_market([("2024-11", "Hyesan", "rice", 7700, "Daily NK")]).drop(columns="publisher")
    with pytest.raises(ValueError, match="publisher"):
        filter_observations(df)


def test_period_bounds_and_months_never_invent_precision() -> None:
    df = make_market(
        [
            ("2022", "Hyesan", "CNY", 850, "Daily NK"),
            ("2022-12", "Hyesan", "CNY", 1120, "Daily NK"),
            ("2024-02-18", "Hyesan", "CNY", 1400, "Daily NK"),
        ]
    )
    start, end = period_bounds(df)
    assert list(start) == [pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-01"),
                           pd.Timestamp("2024-02-18")]  # fmt: skip
    assert list(end) == [pd.Timestamp("2022-12-31"), pd.Timestamp("2022-12-31"),
                         pd.Timestamp("2024-02-18")]  # fmt: skip
    months = observation_months(df)
    assert pd.isna(months.iloc[0])
    assert months.iloc[1] == pd.Period("2022-12", "M")


def test_representative_day_is_the_day_mid_month_or_mid_year() -> None:
    df = make_market(
        [
            ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
            ("2024-11", "Hyesan", "USD", 18500, "NK Times"),
            ("2024", "Hyesan", "USD", 13000, "RFA"),
        ]
    )
    days = representative_day(df)
    assert list(days) == [pd.Timestamp("2024-11-24"), pd.Timestamp("2024-11-15"),
                          pd.Timestamp("2024-07-01")]  # fmt: skip
    assert list(df["date"]) == ["2024-11-24", "2024-11", "2024"]  # the dates are untouched


def test_insufficient_data_error_carries_a_short_reason() -> None:
    err = InsufficientDataError("found 3, need at least 5", reason="too few pairs")
    assert isinstance(err, ValueError) and str(err) == "found 3, need at least 5"
    assert err.reason == "too few pairs"
    assert InsufficientDataError("nothing").reason == "too few observations"
