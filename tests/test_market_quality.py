"""Tests of market data quality: publisher conflicts, counts per group, source articles."""

from __future__ import annotations

import pandas as pd
import pytest

from hyesan_analysis.model.market_quality import (
    data_quality_table,
    publisher_conflicts,
    source_articles,
)
from tests._market_fixtures import NOV_2024, make_market, row_where


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
    assert publisher_conflicts(df, conflict_tolerance=1.0).empty
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


def test_source_articles_count_observations_in_date_order() -> None:
    df = make_market(
        [
            ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
            ("2024-12", "Hyesan", "USD", 21000, "Daily NK"),  # drawn on 15 December
            ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
            ("2024-12-07", "Hyesan", "rice", 9450, "NK Times"),
        ]
    )
    df["source_url"] = ["u1", "u1", "u2", "u1"]
    df["source_title"] = df["source_url"].str.upper()
    sources = source_articles(df)
    # u2 holds the earliest observation; NK Times' use of u1 is its own row
    assert list(zip(sources["publisher"], sources["source_url"], strict=True)) == [
        ("Daily NK", "u2"), ("Daily NK", "u1"), ("NK Times", "u1")
    ]  # fmt: skip
    u1 = row_where(sources, source_url="u1", publisher="Daily NK")
    assert u1["n_obs"] == 2 and (u1["first_date"], u1["last_date"]) == ("2024-11-24", "2024-12")
    assert sources["n_obs"].sum() == len(df)


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
