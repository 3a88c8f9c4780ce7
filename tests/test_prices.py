"""Tests of market-observation handling: filters, quality table, conflicts, alignment, changes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hyesan_analysis.model.prices import (
    align_by_city_month,
    data_quality_table,
    filter_observations,
    observation_months,
    period_bounds,
    publisher_conflicts,
    series_change,
    validate_market_frame,
)
from tests._market_fixtures import make_market, row_where

NOV_2024 = [
    # the 2024-11 disagreement in the real data: NK Times vs Daily NK, KPW per USD
    ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
    ("2024-11-24", "Hyesan", "USD", 29500, "NK Times"),
    ("2024-11-24", "Pyongyang", "USD", 17900, "Daily NK"),
    ("2024-11-24", "Pyongyang", "USD", 30800, "NK Times"),
    ("2024-11-10", "Pyongyang", "USD", 18100, "Daily NK"),
    ("2024-11-24", "Hyesan", "CNY", 2400, "Daily NK"),
    ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
]


# ------------------------------------------------------------------------------- validation


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


# --------------------------------------------------------------------------------- filtering


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


# ------------------------------------------------------------------------- quality, conflicts


def test_conflicts_find_the_nk_times_vs_daily_nk_usd_rates() -> None:
    conflicts = publisher_conflicts(make_market(NOV_2024))
    usd = conflicts.loc[conflicts["series"] == "USD"]
    assert set(usd["city_a"]) == {"Hyesan", "Pyongyang"}
    assert (usd["month"] == pd.Period("2024-11", "M")).all()
    for _, row in usd.iterrows():
        assert {row["publisher_a"], row["publisher_b"]} == {"Daily NK", "NK Times"}
        assert abs(row["log_diff"]) > 0.25
    # Pyongyang: NK Times 30,800 conflicts with both Daily NK figures of the month
    assert (usd["city_a"] == "Pyongyang").sum() == 2
    hyesan = usd.loc[usd["city_a"] == "Hyesan"].iloc[0]
    assert hyesan["rel_diff"] == pytest.approx(29500 / 18000 - 1)


def test_conflicts_detect_a_planted_disagreement_and_ignore_agreement() -> None:
    df = make_market(
        [
            ("2025-05-10", "Hyesan", "rice", 9200, "Daily NK"),
            ("2025-05-25", "Hyesan", "rice", 9800, "Asia Press"),  # agrees (log diff 0.06)
            ("2025-05-20", "Sinuiju", "rice", 9000, "Daily NK"),
            ("2025-05-21", "Sinuiju", "rice", 15000, "Asia Press"),  # planted
            ("2025-05", "Sinuiju", "rice", 16000, "Asia Press"),  # same publisher: not a conflict
        ]
    )
    conflicts = publisher_conflicts(df)
    assert len(conflicts) == 2
    assert set(conflicts["city_a"]) == {"Sinuiju"}
    assert set(conflicts["obs_id_a"]) | set(conflicts["obs_id_b"]) == {"o0002", "o0003", "o0004"}
    # looser tolerance drops them; 'any' city matching adds cross-city pairs
    assert publisher_conflicts(df, tolerance=1.0).empty
    assert len(publisher_conflicts(df, match="any")) > len(conflicts)


def test_conflicts_ignore_year_precision_rows() -> None:
    df = make_market(
        [("2024", "Hyesan", "USD", 13000, "RFA"), ("2024-11-24", "Hyesan", "USD", 29500, "NK")]
    )
    assert publisher_conflicts(df).empty


def test_data_quality_table_counts() -> None:
    df = make_market([*NOV_2024, ("2024", "Hyesan", "USD", 13000, "RFA")])
    table = data_quality_table(df)
    assert table["n_obs"].sum() == len(df)
    row = row_where(table, series="USD", city="Pyongyang", publisher="Daily NK")
    assert row["n_obs"] == 2
    assert (row["first_date"], row["last_date"]) == ("2024-11-10", "2024-11-24")
    assert row["n_day"] == 2 and row["n_month"] == 0 and row["n_year"] == 0
    assert row["n_conflicting_obs"] == 2
    rfa = row_where(table, publisher="RFA")
    assert rfa["n_year"] == 1 and rfa["first_date"] == "2024"
    rice = row_where(table, series="rice", city="Hyesan", publisher="Daily NK")
    assert rice["n_conflicting_obs"] == 0


# --------------------------------------------------------------------------------- alignment


def test_alignment_pairs_city_and_month_with_medians() -> None:
    df = make_market(
        [
            ("2024-12-07", "Hyesan", "CNY", 3210, "Daily NK"),
            ("2024-12-21", "Hyesan", "CNY", 3000, "Daily NK"),
            ("2024-12-28", "Hyesan", "CNY", 3100, "Daily NK"),
            ("2024-12-07", "Hyesan", "rice", 9450, "Daily NK"),
            ("2024-12-07", "Pyongyang", "rice", 9250, "Daily NK"),  # no Pyongyang CNY
            ("2025-01", "Hyesan", "CNY", 2900, "Daily NK"),  # no Hyesan rice in Jan
        ]
    )
    aligned = align_by_city_month(df)
    assert len(aligned) == 1
    row = aligned.iloc[0]
    assert row["city"] == "Hyesan" and row["month"] == pd.Period("2024-12", "M")
    assert row["rate_kpw"] == 3100.0 and row["n_rate_obs"] == 3
    assert row["price_kpw"] == 9450.0 and row["n_price_obs"] == 1
    assert row["log_rate"] == pytest.approx(np.log(3100.0))
    assert row["log_price"] == pytest.approx(np.log(9450.0))
    assert row["publishers"] == "Daily NK" and not row["mixed_publishers"]
    for column in ("city", "month", "log_price", "log_rate", "price_kpw", "rate_kpw",
                   "n_price_obs", "n_rate_obs", "publishers"):  # fmt: skip
        assert column in aligned.columns


def test_year_precision_rows_are_never_aligned() -> None:
    df = make_market(
        [
            ("2022", "Hyesan", "CNY", 850, "Daily NK"),
            ("2022", "Hyesan", "rice", 5000, "Daily NK"),
            ("2022-05", "Hyesan", "rice", 5100, "Daily NK"),
        ]
    )
    for policy in ("same", "any"):
        assert align_by_city_month(df, publisher_policy=policy).empty  # type: ignore[arg-type]


def test_same_policy_never_mixes_publishers() -> None:
    df = make_market(
        [
            ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
            ("2024-11-24", "Hyesan", "USD", 29500, "NK Times"),
            ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
            ("2024-12-07", "Hyesan", "USD", 21400, "Daily NK"),
            ("2024-12-15", "Hyesan", "rice", 10800, "NK Times"),  # no NK Times rate in Dec
        ]
    )
    same = align_by_city_month(df, rate_series="USD", publisher_policy="same")
    assert len(same) == 1
    assert same.iloc[0]["publishers"] == "Daily NK"
    assert same.iloc[0]["rate_kpw"] == 18000.0
    assert not same["mixed_publishers"].any()
    assert not same["publishers"].str.contains(r"\+").any()

    mixed = align_by_city_month(df, rate_series="USD", publisher_policy="any")
    assert len(mixed) == 2
    nov = row_where(mixed, month=pd.Period("2024-11", "M"))
    assert nov["mixed_publishers"]
    assert nov["publishers"] == "Daily NK + NK Times"
    assert nov["rate_kpw"] == pytest.approx((18000 + 29500) / 2)
    dec = row_where(mixed, month=pd.Period("2024-12", "M"))
    assert dec["mixed_publishers"] and dec["publishers"] == "Daily NK + NK Times"


def test_alignment_rejects_bad_policy() -> None:
    with pytest.raises(ValueError, match="publisher_policy"):
        align_by_city_month(make_market(NOV_2024), publisher_policy="both")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ series change


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


# ------------------------------------------------------------------------------- real data


def _real_market() -> pd.DataFrame:
    loaders = pytest.importorskip("hyesan_analysis.data.loaders")
    return loaders.load_market_rates()


def test_real_data_conflicts_include_the_november_2024_usd_rates() -> None:
    conflicts = publisher_conflicts(_real_market())
    nov = conflicts.loc[
        (conflicts["series"] == "USD") & (conflicts["month"] == pd.Period("2024-11", "M"))
    ]
    assert {"Hyesan", "Pyongyang", "Sinuiju"} <= set(nov["city_a"])
    assert set(nov["publisher_a"]) | set(nov["publisher_b"]) == {"Daily NK", "NK Times"}


def test_real_data_alignment_never_uses_year_rows_or_mixes_publishers() -> None:
    df = _real_market()
    year_ids = set(df.loc[df["date_precision"] == "year", "obs_id"].astype(str))
    assert year_ids  # the real data do have year-precision rows
    for rate in ("CNY", "USD"):
        aligned = align_by_city_month(df, "rice", rate, publisher_policy="same")
        used = {i for ids in aligned["price_obs_ids"] for i in ids.split(",")}
        used |= {i for ids in aligned["rate_obs_ids"] for i in ids.split(",")}
        assert not used & year_ids
        assert not aligned["mixed_publishers"].any()
    table = data_quality_table(df)
    assert table["n_obs"].sum() == len(df)
