"""Tests of the real wage in kg of rice and a car's profit in months of wage."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.model.car_profit_wages import (
    CarProfit,
    car_profit_in_wage_months,
    car_profit_in_wages,
    car_profit_kpw,
)
from hyesan_analysis.model.market_frame import InsufficientDataError
from hyesan_analysis.model.real_wage import (
    WageScale,
    basket_basis_or_none,
    good_prices,
    headline_real_wages,
    margin_in_rice,
    real_wage_basis,
    real_wage_rice_kg,
    rice_price_latest,
    rice_price_nearest,
    wage_at,
    wage_bases,
)
from tests._market_fixtures import make_market

#: 3,000 KPW a month before the October 2023 reform, 30,000 from it (38 North).
WAGES = WageScale(wage_before_kpw=3000.0, wage_after_kpw=30000.0, reform_month="2023-10")

RICE = [
    ("2023-10", "Hyesan", "rice", 5300, "NK Times"),
    ("2023-10", "Pyongyang", "rice", 5000, "NK Times"),
    ("2023-11-14", "Hyesan", "rice", 5100, "NK Times"),
    ("2024-12-07", "Hyesan", "rice", 9450, "Daily NK"),
    ("2026-01-18", "Hyesan", "rice", 16000, "Daily NK"),
]


def test_wage_switches_at_the_reform_month() -> None:
    assert wage_at("2023-09-30", WAGES) == 3000.0
    assert wage_at("2023-10", WAGES) == 30000.0
    assert wage_at("2023-10-01", WAGES) == 30000.0
    assert wage_at(pd.Timestamp("2025-02-02"), WAGES) == 30000.0
    assert wage_at(pd.Period("2020-12", "M"), WAGES) == 3000.0
    assert wage_at("2022", WAGES) == 3000.0 and wage_at("2024", WAGES) == 30000.0
    assert wage_at("2024-01", WageScale(2500, 40000, "2023-10")) == 40000.0


def test_wage_for_a_year_straddling_the_reform_is_unknown() -> None:
    with pytest.raises(ValueError, match="known only to the year"):
        wage_at("2023", WAGES)


def test_wage_scale_rejects_non_positive_wages_and_bad_months() -> None:
    with pytest.raises(ValueError, match="positive"):
        WageScale(0.0, 30000.0, "2023-10")
    for month in ("October 2023", "2023-13", "2023-1"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            WageScale(3000.0, 30000.0, month)


def test_real_wage_known_answer() -> None:
    df = make_market([("2024-06", "Hyesan", "rice", 6000, "Daily NK")])
    out = real_wage_rice_kg(df, WAGES)
    assert out.loc[0, "wage_rice_kg"] == pytest.approx(5.0)  # 30,000 KPW / 6,000 KPW per kg
    assert out.loc[0, "regime"] == "after"
    before = real_wage_rice_kg(
        make_market([("2021-01", "Pyongyang", "rice", 3500, "Daily NK")]), WAGES
    )
    assert before.loc[0, "wage_rice_kg"] == pytest.approx(3000 / 3500)
    assert before.loc[0, "regime"] == "before"


def test_real_wage_keeps_dates_and_skips_ambiguous_years() -> None:
    df = make_market([*RICE, ("2023", "Hyesan", "rice", 5000, "Daily NK")])
    out = real_wage_rice_kg(df, WAGES)
    assert len(out) == len(RICE)
    assert "2023" not in set(out["date"])
    assert set(zip(out["date"], out["date_precision"], strict=True)) >= {
        ("2023-10", "month"), ("2023-11-14", "day")
    }  # fmt: skip
    latest = out.loc[out["city"] == "Hyesan"].iloc[-1]
    assert latest["wage_rice_kg"] == pytest.approx(30000 / 16000)


def test_real_wage_rejects_other_series() -> None:
    df = make_market([("2024-06", "Hyesan", "corn", 3000, "Daily NK")])
    with pytest.raises(ValueError, match="rice rows only"):
        real_wage_rice_kg(df, WAGES)


def test_rice_price_nearest_exact_and_ties() -> None:
    df = make_market(RICE)
    hit = rice_price_nearest(df, "2023-10", city="Hyesan")
    assert hit.price_kpw_per_kg == 5300.0 and hit.month_distance == 0
    assert (hit.date, hit.date_precision, hit.publisher) == ("2023-10", "month", "NK Times")
    assert hit.source_url.startswith("https://")
    # 2025-06 is 6 months after 2024-12 and 7 before 2026-01; 2025-08 is 8 and 5
    assert rice_price_nearest(df, "2025-06", city="Hyesan").date == "2024-12-07"
    assert rice_price_nearest(df, "2025-08", city="Hyesan").date == "2026-01-18"
    tie = make_market(
        [("2024-01-20", "Hyesan", "rice", 6000, "A"), ("2024-03-05", "Hyesan", "rice", 7000, "B")]
    )
    # 2024-02 is one month from both: ties go to the earlier observation
    assert rice_price_nearest(tie, "2024-02").price_kpw_per_kg == 6000.0


def test_rice_price_nearest_never_uses_year_rows() -> None:
    df = make_market(
        [("2023", "Hyesan", "rice", 5000, "A"), ("2025-05", "Hyesan", "rice", 9000, "B")]
    )
    assert rice_price_nearest(df, "2023-10").date == "2025-05"
    with pytest.raises(InsufficientDataError, match="city=Sinuiju"):
        rice_price_nearest(df, "2023-10", city="Sinuiju")


def test_car_profit_in_wage_months_known_answer() -> None:
    # 10,500 CNY x 3,000 KPW/CNY / 30,000 KPW per month = 1,050 months
    assert car_profit_kpw(10_500, 3_000) == pytest.approx(31_500_000)
    assert car_profit_in_wage_months(10_500, 3_000, 30_000) == pytest.approx(1_050.0)
    with pytest.raises(ValueError):
        car_profit_in_wage_months(10_500, 3_000, 0)


@given(
    profit=st.floats(min_value=1, max_value=1e6),
    rate=st.floats(min_value=1, max_value=1e5),
    wage=st.floats(min_value=1, max_value=1e6),
)
def test_car_profit_scales_with_rate_and_inversely_with_wage(
    profit: float, rate: float, wage: float
) -> None:
    months = car_profit_in_wage_months(profit, rate, wage)
    assert car_profit_in_wage_months(profit, 2 * rate, wage) == pytest.approx(2 * months)
    assert car_profit_in_wage_months(profit, rate, 2 * wage) == pytest.approx(months / 2)


def test_rice_price_latest_by_city_and_precision() -> None:
    df = make_market(RICE)
    latest = rice_price_latest(df, city="Hyesan")
    assert (latest.date, latest.price_kpw_per_kg, latest.month_distance) == (
        "2026-01-18",
        16000.0,
        0,
    )
    assert rice_price_latest(df, city="Pyongyang").date == "2023-10"
    # a day row beats the month row of its own month; year rows are never used
    mixed = make_market(
        [
            ("2025-05-20", "Hyesan", "rice", 9000, "A"),
            ("2025-05", "Hyesan", "rice", 9500, "B"),
            ("2026", "Hyesan", "rice", 20000, "C"),
        ]
    )
    assert rice_price_latest(mixed).date == "2025-05-20"
    with pytest.raises(InsufficientDataError, match="city=Sinuiju"):
        rice_price_latest(df, city="Sinuiju")


def test_headline_real_wages_at_the_reform_and_latest() -> None:
    wage = headline_real_wages(make_market(RICE), "Hyesan", WAGES)
    assert (wage.at_reform.date, wage.latest.date) == ("2023-10", "2026-01-18")
    assert wage.at_reform_kg == pytest.approx(30000 / 5300)
    assert wage.latest_kg == pytest.approx(30000 / 16000)
    assert wage.share_lost == pytest.approx(1 - 5300 / 16000)
    old = headline_real_wages(make_market(RICE[:1]), "Hyesan", WageScale(3000, 30000, "2024-01"))
    assert old.wage_at_reform_kpw == 30000 and old.wage_latest_kpw == 3000  # 2023-10 is before
    with pytest.raises(InsufficientDataError, match=r"^real wage: .*city=Sinuiju.*\[window\]$"):
        headline_real_wages(make_market(RICE), "Sinuiju", WAGES, "window")


def test_car_profit_in_wages_known_answer() -> None:
    market = make_market([*RICE, ("2025-10-26", "Hyesan", "CNY", 4920, "The Asia Review")])
    car = CarProfit(profit_per_car_cny=10_500, rate_after_kpw_per_cny=3_000)
    rice = rice_price_latest(market, city="Hyesan")
    out = car_profit_in_wages(car, WAGES, rice, market, "Hyesan")
    assert car.profit_kpw == out.profit_kpw == pytest.approx(31_500_000)
    assert out.wage_months_after == pytest.approx(1_050.0)
    assert out.wage_months_before == pytest.approx(10_500.0)
    assert out.rice_tonnes == pytest.approx(31_500_000 / 16_000 / 1000)
    assert out.latest_rate is not None and out.latest_rate.price_kpw_per_kg == 4920
    assert out.wage_months_at_latest_rate == pytest.approx(10_500 * 4920 / 30_000)
    no_rate = car_profit_in_wages(car, WAGES, rice, make_market(RICE), "Hyesan")
    assert no_rate.latest_rate is None and no_rate.wage_months_at_latest_rate is None


# ----------------------------------------------------------------- one basis, same-date prices

BASIS = [
    ("2023-10", "Hyesan", "rice", 5300, "NK Times"),
    ("2023-11-14", "Hyesan", "corn", 1900, "NK Times"),
    ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
    ("2024-11-10", "Hyesan", "corn", 3500, "Daily NK"),
    ("2024-11-24", "Hyesan", "CNY", 2400, "Daily NK"),
    ("2025-02-02", "Hyesan", "rice", 8300, "Daily NK"),
    ("2025-02-02", "Hyesan", "CNY", 2450, "Daily NK"),
    ("2025-03-04", "Hyesan", "CNY", 3000, "Daily NK"),
    ("2025-10-26", "Hyesan", "corn", 4700, "The Asia Review"),
    ("2026-01-18", "Hyesan", "rice", 16000, "Daily NK"),
]


def test_real_wage_basis_before_at_and_after_the_reform() -> None:
    basis = real_wage_basis(make_market(BASIS), "Hyesan", WAGES)
    assert basis.before is not None
    assert (basis.before.kg, basis.at_reform.kg) == pytest.approx((3000 / 5300, 30000 / 5300))
    assert basis.before.period == basis.at_reform.period == "2023-10"  # one price, two wages
    assert basis.latest.kg == pytest.approx(30000 / 16000) and basis.latest.period == "2026-01-18"
    assert not basis.one_publisher  # NK Times has no Hyesan rice a year after the reform
    assert basis.share_lost == pytest.approx(1 - 5300 / 16000)
    assert basis.latest_over_before == pytest.approx(10 * 5300 / 16000)
    # and within Daily NK's own series: its first Hyesan rice after the reform, to its latest
    first = basis.latest_publisher_first
    assert first is not None and (first.publisher, first.period) == ("Daily NK", "2024-11-10")
    assert first.kg == pytest.approx(30000 / 7700)


def test_the_latest_price_stays_with_the_reform_price_s_publisher_when_it_can() -> None:
    rows = [*BASIS, ("2025-06", "Hyesan", "rice", 12000, "NK Times")]
    basis = real_wage_basis(make_market(rows), "Hyesan", WAGES)
    assert basis.one_publisher and basis.latest.publisher == "NK Times"
    assert basis.latest.period == "2025-06" and basis.latest_publisher_first is None


def test_no_pre_reform_figure_from_a_price_far_from_the_reform() -> None:
    rows = [r for r in BASIS if r[4] == "Daily NK"]
    basis = real_wage_basis(make_market(rows), "Hyesan", WAGES, tolerance_months=3)
    assert basis.before is None and basis.at_reform.month_distance == 13
    wide = real_wage_basis(make_market(rows), "Hyesan", WAGES, tolerance_months=24)
    assert wide.before is not None and wide.before.kg == pytest.approx(3000 / 7700)


def test_the_basket_is_priced_only_from_one_publisher_on_one_date() -> None:
    prices = good_prices(make_market(BASIS), "basket", basket_rice_share=0.5)
    # NK Times' rice (October) and corn (November) are not one date; The Asia Review has no
    # rice; only Daily NK's 10 November 2024 prices both
    assert list(prices["period"]) == ["2024-11-10"] and list(prices["publisher"]) == ["Daily NK"]
    assert prices.loc[0, "price_kpw_per_kg"] == pytest.approx(0.5 * 7700 + 0.5 * 3500)
    all_rice = good_prices(make_market(BASIS), "basket", basket_rice_share=1.0)
    assert all_rice.loc[0, "price_kpw_per_kg"] == 7700
    basis = basket_basis_or_none(make_market(BASIS), "Hyesan", WAGES)
    assert basis is not None and basis.latest.kg == pytest.approx(30000 / 5600)
    assert basket_basis_or_none(make_market(BASIS), "Sinuiju", WAGES) is None
    with pytest.raises(ValueError, match="basket_rice_share"):
        good_prices(make_market(BASIS), "basket", basket_rice_share=1.5)


def test_margin_in_rice_converts_at_the_rate_and_price_of_one_date() -> None:
    rice = margin_in_rice(10_500.0, make_market(BASIS), "Hyesan")
    # the latest same-publisher pair is 2 February 2025 (the 3,000 of March has no rice, the
    # January 2026 rice no rate): 10,500 CNY x 2,450 KPW/CNY / 8,300 KPW/kg
    assert rice is not None and rice.period == "2025-02-02" and rice.publisher == "Daily NK"
    assert rice.kg == pytest.approx(10_500 * 2_450 / 8_300, rel=1e-12)
    assert margin_in_rice(10_500.0, make_market(BASIS), "Pyongyang") is None


@given(st.floats(0.0, 1.0), st.floats(1_000, 30_000), st.floats(500, 10_000))
def test_a_dearer_basket_buys_less(share: float, rice: float, corn: float) -> None:
    rows = [
        ("2023-10-05", "Hyesan", "rice", rice, "Daily NK"),
        ("2023-10-05", "Hyesan", "corn", corn, "Daily NK"),
    ]
    basis = real_wage_basis(make_market(rows), "Hyesan", WAGES, "basket", share)
    assert basis.at_reform.kg == pytest.approx(30000 / (share * rice + (1 - share) * corn))
    assert min(30000 / rice, 30000 / corn) <= basis.at_reform.kg * (1 + 1e-12)
    assert basis.at_reform.kg <= max(30000 / rice, 30000 / corn) * (1 + 1e-12)


def test_wage_bases_give_rice_and_the_basket_on_the_same_rules() -> None:
    rice, basket = wage_bases(make_market(BASIS), "Hyesan", WAGES, 0.5, 3)
    assert rice == real_wage_basis(make_market(BASIS), "Hyesan", WAGES)
    assert basket is not None and basket.good == "basket"
    with pytest.raises(InsufficientDataError, match="no dated rice price"):
        wage_bases(make_market(BASIS), "Sinuiju", WAGES)
