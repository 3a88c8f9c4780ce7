"""Tests of choosing market observations: filters, windows, changes since early 2024."""

from __future__ import annotations

import pandas as pd
import pytest

from hyesan_analysis.model.market_filter import (
    MarketWindow,
    filter_observations,
    latest_change,
    level_around,
    price_across_rates,
    series_change,
)
from hyesan_analysis.model.market_frame import InsufficientDataError
from tests._market_fixtures import NOV_2024, make_market, row_where


def test_filter_by_city_series_publisher() -> None:
    df = make_market(NOV_2024)
    out = filter_observations(df, cities="Hyesan", series=["USD"], publishers="NK Times")
    assert list(out["value"]) == [29500.0]


def test_filter_window_keeps_year_rows_only_when_whole_year_inside() -> None:
    df = make_market(
        [
            ("2024", "Hyesan", "USD", 13000, "RFA"),
            ("2024-03", "Hyesan", "USD", 8700, "Daily NK"),
            ("2024-03-31", "Hyesan", "USD", 8720, "Daily NK"),
            ("2025-01-18", "Hyesan", "USD", 21700, "Daily NK"),
        ]
    )
    inside_year = filter_observations(df, start="2024-01", end="2024-12")
    assert list(inside_year["date"]) == ["2024", "2024-03", "2024-03-31"]
    partial_year = filter_observations(df, start="2024-03", end="2025-12")
    assert "2024" not in set(partial_year["date"])
    assert list(partial_year["date"]) == ["2024-03", "2024-03-31", "2025-01-18"]
    # a window starting mid-month drops the month-precision row of that month
    mid_month = filter_observations(df, start=pd.Timestamp("2024-03-15"))
    assert list(mid_month["date"]) == ["2024-03-31", "2025-01-18"]


def test_filter_returns_rows_unchanged() -> None:
    df = make_market([*NOV_2024, ("2024", "Hyesan", "USD", 13000, "RFA")])
    out = filter_observations(df, start="2024-01", end="2024-12")
    pd.testing.assert_frame_equal(out, df.loc[out.index])
    assert out.loc[out["date"] == "2024", "date_precision"].tolist() == ["year"]


def test_series_change_uses_early_2024_baseline_and_latest() -> None:
    df = make_market(
        [
            ("2023-12-20", "Hyesan", "CNY", 1200, "Daily NK"),
            ("2024-02-04", "Hyesan", "CNY", 1262, "Daily NK"),
            ("2024-02-18", "Hyesan", "CNY", 1400, "Daily NK"),
            ("2025-10-26", "Hyesan", "CNY", 4920, "Daily NK"),
            ("2024-10-27", "Hyesan", "rice", 7000, "Daily NK"),  # no early-2024 rice
            ("2026-01-18", "Hyesan", "rice", 16000, "Daily NK"),
            ("2024-11-24", "Hyesan", "USD", 29500, "NK Times"),  # one point only: left out
            ("2024", "Hyesan", "USD", 13000, "RFA"),  # year precision: not used
        ]
    )
    out = series_change(df)
    cny = row_where(out, city="Hyesan", series="CNY", publisher="Daily NK")
    assert (cny["first_date"], cny["last_date"]) == ("2024-02-04", "2025-10-26")
    assert cny["pct_change"] == pytest.approx(100 * (4920 / 1262 - 1))
    assert cny["baseline"] == "2024-01..2024-03"
    rice = row_where(out, city="Hyesan", series="rice", publisher="Daily NK")
    assert rice["baseline"] == "later in 2024" and rice["first_date"] == "2024-10-27"
    assert rice["pct_change"] == pytest.approx(100 * (16000 / 7000 - 1))
    assert len(out) == 2


def test_series_change_pooled_publishers_are_flagged() -> None:
    df = make_market(
        [
            ("2024-02-18", "Hyesan", "USD", 8580, "Daily NK"),
            ("2025-10-26", "Hyesan", "USD", 38000, "The Asia Review"),
        ]
    )
    assert series_change(df).empty
    pooled = series_change(df, by_publisher=False)
    assert len(pooled) == 1 and pooled.iloc[0]["mixed_publishers"]
    assert pooled.iloc[0]["publisher"] == "Daily NK + The Asia Review"


def _window(**changes: str) -> MarketWindow:
    base = {"city": "all", "publisher_filter": "all", "start_month": "2024-01",
            "end_month": "2024-12"}  # fmt: skip
    return MarketWindow(**{**base, **changes})


def test_window_filters_publisher_and_window_but_keeps_every_city_in_the_market() -> None:
    df = make_market([*NOV_2024, ("2025-01-18", "Hyesan", "USD", 21700, "Daily NK")])
    window = _window(city="Pyongyang", publisher_filter="Daily NK")
    market = window.market(df)
    assert set(market["publisher"]) == {"Daily NK"}
    assert set(market["city"]) == {"Hyesan", "Pyongyang"}  # pooled fits use every city
    assert "2025-01-18" not in set(market["date"])
    shown = window.shown(market)
    assert set(shown["city"]) == {"Pyongyang"} and len(shown) == 2
    assert window.focus_city == "Pyongyang" and _window().focus_city == "Hyesan"
    assert window.filters == "publisher_filter=Daily NK, window 2024-01..2024-12"


def test_window_that_leaves_nothing_is_an_error_naming_the_filter() -> None:
    market = _window().market(make_market(NOV_2024))
    with pytest.raises(InsufficientDataError, match=r"city=Sinuiju, publisher_filter=all"):
        _window(city="Sinuiju").shown(market)


def test_latest_change_picks_the_latest_end_point_or_none() -> None:
    changes = pd.DataFrame(
        {
            "city": ["Hyesan", "Hyesan", "Pyongyang"],
            "series": ["CNY", "CNY", "CNY"],
            "publisher": ["Daily NK", "NK Times", "Daily NK"],
            "last_date": ["2025-10-26", "2025-11", "2026-01-18"],
        }
    )
    assert latest_change(changes, "Hyesan", "CNY")["publisher"] == "NK Times"
    assert latest_change(changes, "Hyesan", "rice") is None


def test_level_around_a_date_peak_last_and_latest() -> None:
    df = make_market(
        [
            ("2024-12-07", "Hyesan", "CNY", 3210, "Daily NK"),
            ("2025-02", "Hyesan", "CNY", 2900, "NK Times"),  # drawn on 15 February
            ("2025-03-04", "Hyesan", "CNY", 3000, "Daily NK"),
            ("2025-10-26", "Hyesan", "CNY", 4920, "The Asia Review"),
            ("2025-01-18", "Pyongyang", "CNY", 9999, "Daily NK"),  # another city
        ]
    )
    level = level_around(df, "Hyesan", "2025-03-04")
    assert level.peak_before is not None and level.last_before is not None
    assert (level.peak_before["value"], level.peak_before["date"]) == (3210.0, "2024-12-07")
    assert level.last_before["value"] == 3000.0  # the day itself counts as before
    assert level.latest is not None and level.latest["value"] == 4920.0
    up_to_last = level_around(df, "Hyesan", "2026-01-01")
    assert up_to_last.latest is None and up_to_last.last_before["value"] == 4920.0
    nothing = level_around(df, "Hyesan", "2024-01-01")
    assert nothing.peak_before is None and nothing.last_before is None


def test_price_across_rates_takes_the_price_nearest_each_rate_s_date() -> None:
    market = make_market(
        [
            ("2024-02-04", "Hyesan", "CNY", 1262, "Daily NK"),
            ("2025-03-04", "Hyesan", "CNY", 3000, "Daily NK"),
            ("2023-11-14", "Hyesan", "rice", 5100, "NK Times"),
            ("2024-10-27", "Hyesan", "rice", 7000, "Daily NK"),
            ("2025-02-02", "Hyesan", "rice", 8300, "Daily NK"),
            ("2025-03", "Pyongyang", "rice", 99999, "Daily NK"),  # another city: never
            ("2024", "Hyesan", "rice", 1, "Daily NK"),  # a year-only date: never
        ]
    )
    got = price_across_rates(market, "Hyesan", 1262, 3000)
    assert got is not None
    assert (got.rate_before["date"], got.rate_after["date"]) == ("2024-02-04", "2025-03-04")
    assert (got.price_before["value"], got.price_after["value"]) == (5100, 8300)
    assert got.price_ratio == pytest.approx(8300 / 5100, rel=1e-15)
    assert got.days_from_rates == (82, 30) and not got.one_publisher
    # a level never observed, or one price nearest both dates: nothing to compare
    assert price_across_rates(market, "Hyesan", 1262, 3100) is None
    single = market[market["value"] != 5100]
    single = single[single["value"] != 7000]
    assert price_across_rates(single, "Hyesan", 1262, 3000) is None
