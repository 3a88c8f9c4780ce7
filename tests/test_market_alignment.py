"""Tests of aligning prices with exchange rates by city and month."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hyesan_analysis.model.market_alignment import align_by_city_month, align_pairs
from hyesan_analysis.model.market_quality import data_quality_table
from tests._market_fixtures import NOV_2024, make_market, row_where


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


def test_align_pairs_keys_every_price_and_rate() -> None:
    df = make_market(NOV_2024)
    pairs = align_pairs(df, "same")
    assert set(pairs) == {("rice", "CNY"), ("rice", "USD"), ("corn", "CNY"), ("corn", "USD")}
    pd.testing.assert_frame_equal(pairs["rice", "USD"], align_by_city_month(df, "rice", "USD"))
    assert len(pairs["rice", "CNY"]) == 1 and pairs["corn", "USD"].empty


def _real_market() -> pd.DataFrame:
    loaders = pytest.importorskip("hyesan_analysis.data.loaders")
    return loaders.load_market_rates()


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
