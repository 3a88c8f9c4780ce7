"""Words and table rows of the prices report (formatting helpers and
hyesan_analysis.reporting.specs.prices_and_exchange_text), from model objects, no kernel."""

from __future__ import annotations

import dataclasses
import doctest

import pandas as pd
import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.car_profit_wages import CarProfit, car_profit_in_wages
from hyesan_analysis.model.market_alignment import align_by_city_month
from hyesan_analysis.model.market_filter import level_around
from hyesan_analysis.model.passthrough import estimate_passthrough
from hyesan_analysis.model.passthrough_fits import (
    HeadlineFit,
    VariantFit,
    headline_passthrough,
    passthrough_table,
)
from hyesan_analysis.model.real_wage import WageScale, headline_real_wages, rice_price_latest
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.specs import prices_and_exchange_text as text
from tests._market_fixtures import make_market, synthetic_market

FOUNDING = get_fact("hyesan_market_rate_founding_kpw_per_cny")
WAGES = WageScale(3000.0, 30000.0, "2023-10")
EST = estimate_passthrough(align_by_city_month(synthetic_market(0.8, 30, seed=3)))


def _est(**changes: object):  # type: ignore[no-untyped-def]
    return dataclasses.replace(EST, **changes)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- formatting helpers


def test_formatting_helpers_known_answers() -> None:
    assert fmt.short_city("Ryanggang/North Hamgyong (Asia Press average)") == (
        "Ryanggang/N. Hamgyong (AP avg.)"
    )
    assert fmt.short_city("Hyesan") == "Hyesan"
    assert fmt.interval_text(-0.004, 1.0) == "-0.00 to 1.00"
    assert fmt.estimate_text(float("nan"), 0.1, 0.2) == "–"
    assert fmt.estimate_text(1.0, 0.5, 1.5) == "1.00 (0.50 to 1.50)"
    assert fmt.change_text(None, "KPW") == "no early-2024 baseline in this filter"
    change = pd.Series(
        {"first_value": 7000.0, "first_date": "2024-10-27", "last_value": 16000.0,
         "last_date": "2026-01-18", "pct_change": 128.57, "publisher": "Daily NK"}
    )  # fmt: skip
    assert fmt.change_text(change, "KPW/kg") == (
        "7,000 on 2024-10-27 to 16,000 KPW/kg on 2026-01-18 (+129%, Daily NK)"
    )
    counts = {"n_obs": 4, "n_day": 4, "n_month": 0, "n_year": 0, "n_conflicting_obs": 0}
    assert fmt.observation_counts_text(counts) == "4: 4 d, 0 m, 0 y"


def test_fit_status_says_why_a_fit_failed() -> None:
    failed = {"reason": "rate does not vary", "n": 6, "n_informative": None, "dof": None}
    assert fmt.fit_status_text(failed, 5) == "not fitted: rate does not vary"
    few = {**failed, "reason": "too few pairs", "n": 2}
    assert fmt.fit_status_text(few, 5) == "not fitted: 2 < 5 pairs"


# --------------------------------------------------------------------------------- the answer


def test_verdict_follows_the_sign_size_and_strength_of_the_fit() -> None:
    assert text.verdict(_est(ci_low=-0.1)).startswith("The won fell, but these data cannot")
    assert text.verdict(_est(elasticity=0.9, ci_low=0.6, ci_high=1.2, n=30)) == (
        "Yes: the won fell and rice followed it, roughly one for one."
    )
    assert text.verdict(_est(elasticity=0.45, ci_low=0.2, ci_high=0.7, n=30)) == (
        "Yes: the won fell and rice followed it, by about 0.5% for each 1% fall."
    )
    thin = text.verdict(_est(elasticity=0.93, ci_low=0.13, ci_high=1.74, n=8))
    assert thin.endswith("roughly one for one, but the evidence is thin.")
    assert text.steadiness(_est(ci_low=0.13, ci_high=1.74)) == "wide"
    assert text.steadiness(_est(ci_low=0.6, ci_high=1.2)) == "fairly tight"


def _fallback_head() -> HeadlineFit:
    big = synthetic_market(0.7, n_months=10, cities=("Pyongyang",), seed=5)
    small = synthetic_market(0.7, n_months=3, cities=("Hyesan",), seed=6)
    both = pd.concat([big, small], ignore_index=True)
    aligned = align_by_city_month(both.assign(obs_id=[f"x{i}" for i in range(len(both))]))
    return headline_passthrough(aligned, city="Hyesan")


def test_the_fit_is_labelled_with_its_fallback() -> None:
    head = _fallback_head()
    assert text.fit_label(head, "CNY") == (
        "Elasticity of rice to KPW/CNY (pooled; Hyesan alone has too few pairs)"
    )
    assert text.fit_scope(head.estimate) == "all cities pooled, each with its own intercept"
    assert text.fallback(head, 5).startswith(" Hyesan alone cannot be fitted (fewer than 5")
    direct = HeadlineFit(_est(city="Hyesan"), "Hyesan", None, pd.DataFrame())
    assert text.fit_label(direct, "USD") == "Elasticity of rice to KPW/USD (Hyesan)"
    assert text.fit_scope(direct.estimate) == "Hyesan alone" and text.fallback(direct, 5) == ""
    assert (
        text.other_rate(None, "USD") == "Against the USD rate no fit is possible with this filter."
    )
    assert text.other_rate(_est(elasticity=0.5, ci_low=0.2, ci_high=0.8, n=30), "USD") == (
        "Against the USD rate the pooled estimate is 0.50 (0.20 to 0.80, 30 pairs)."
    )


HYESAN_CNY = [
    ("2024-12-07", "Hyesan", "CNY", 3210, "Daily NK"),
    ("2025-03-04", "Hyesan", "CNY", 3000, "Daily NK"),
    ("2025-10-26", "Hyesan", "CNY", 4920, "The Asia Review"),
]


def test_founding_level_cites_the_report_and_keeps_the_official_rate_apart() -> None:
    level = level_around(make_market(HYESAN_CNY), "Hyesan", FOUNDING.date)
    words = text.founding_level(FOUNDING, level, "Hyesan")
    assert words.startswith(
        "The founding report (Daily NK, 2025-03-04) puts the Hyesan market rate at about 3,000 "
        "KPW per yuan"
    )
    assert "not the official bank rate of 3,000 that Asia Press reported for October 2025" in words
    assert "peaked at 3,210 KPW/CNY on 2024-12-07 (Daily NK)" in words
    assert "3,000 on 2025-03-04, the report's own figure (observation o0001)" in words
    assert words.endswith("; by 2025-10-26 it was 4,920 (The Asia Review).")
    for banned in ("excerpt", "issue", "brief", "assum"):
        assert banned not in words


def test_founding_level_without_data_or_with_another_city() -> None:
    empty = level_around(make_market(HYESAN_CNY), "Sinuiju", FOUNDING.date)
    assert text.founding_level(FOUNDING, empty, "Sinuiju").endswith(
        "The filter leaves no Sinuiju yuan rate up to 2025-03-04 to compare with."
    )
    other = make_market([("2025-01-18", "Pyongyang", "CNY", 3000, "Daily NK")])
    words = text.founding_level(
        FOUNDING, level_around(other, "Pyongyang", FOUNDING.date), "Pyongyang"
    )
    assert "Pyongyang's yuan rate stood at 3,000 on 2025-01-18 (Daily NK), the last" in words
    assert "own figure" not in words and "by " not in words.split("trades.")[1]


# ------------------------------------------------------------------------------------- tables

RICE = [
    ("2023-10", "Hyesan", "rice", 5300, "NK Times"),
    ("2026-01-18", "Hyesan", "rice", 16000, "Daily NK"),
    ("2025-10-26", "Hyesan", "CNY", 4920, "The Asia Review"),
]


def test_wage_and_car_rows() -> None:
    market = make_market(RICE)
    wage = headline_real_wages(market, "Hyesan", WAGES)
    rows = text.real_wage_rows(wage)
    assert [r["kg of rice"] for r in rows] == pytest.approx([30000 / 5300, 30000 / 16000])
    assert rows[0]["point"] == "At the reform (nearest rice price)" and rows[0]["date"] == "2023-10"
    car = CarProfit(10_500.0, FOUNDING.value)
    summary = car_profit_in_wages(car, WAGES, rice_price_latest(market, "Hyesan"), market, "Hyesan")
    car_rows = text.car_rows(summary, car, WAGES, "Hyesan", FOUNDING)
    assert [r["value"] for r in car_rows] == pytest.approx(
        [10_500, 3_000, 31.5, 1_050, 10_500, 31_500_000 / 16_000 / 1000, 10_500 * 4920 / 30_000]
    )
    assert car_rows[0]["unit"] == "CNY (car_unit_economics report)"
    assert car_rows[1]["unit"] == "KPW per CNY (founding report, Daily NK 2025-03-04)"
    assert car_rows[-1]["unit"] == "months (Hyesan: 4,920 KPW/CNY on 2025-10-26, The Asia Review)"
    changed = text.car_rows(summary, CarProfit(10_500.0, 4_000.0), WAGES, "Hyesan", FOUNDING)
    assert changed[1]["unit"] == "KPW per CNY (set for this run)"


def test_fit_rows_show_a_dash_and_a_reason_for_a_failed_fit() -> None:
    table = passthrough_table(_fallback_head().pairs, min_points=5)
    rows = text.passthrough_rows(table, 5)
    assert [r["city"] for r in rows] == ["Hyesan", "Pyongyang", "pooled"]
    assert rows[0]["elasticity (95% interval)"] == "–"
    assert rows[0]["status"] == "not fitted: 3 < 5 pairs"
    assert rows[1]["status"].startswith("fitted: 10 pairs inform the slope")
    boot = _est(method="bootstrap", bootstrap_draws_used=1_998)
    variants = [
        VariantFit("rice ~ CNY, headline (t-interval)", 30, EST, ""),
        VariantFit("rice ~ CNY, pairs bootstrap", 30, boot, ""),
        VariantFit("corn ~ USD, pooled", 0, None, "too few pairs"),
    ]
    notes = [r["note"] for r in text.robustness_rows(variants)]
    assert notes == [f"{EST.dof} residual dof", "1,998 resamples", "too few pairs"]
    assert text.robustness_rows(variants)[2]["elasticity (95% interval)"] == "–"


def test_source_rows_escape_text_and_link_the_article() -> None:
    sources = pd.DataFrame(
        {"publisher": ["A & B"], "source_url": ['https://x.org/?a=1&b="2"'],
         "source_title": ["<Rates>"], "n_obs": [2], "first_date": ["2024"], "last_date": ["2025"]}
    )  # fmt: skip
    (row,) = text.source_rows(sources)
    assert row["publisher and article"] == (
        'A &amp; B: <a href="https://x.org/?a=1&amp;b=&quot;2&quot;">&lt;Rates&gt;</a>'
    )
    assert (row["obs."], row["dates"]) == (2, "2024 to 2025")


def test_docstring_examples() -> None:
    result = doctest.testmod(fmt)
    assert result.attempted > 0 and result.failed == 0
