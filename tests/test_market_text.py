"""Words and table rows of the prices report (formatting helpers and
hyesan_analysis.reporting.specs.prices_and_exchange_text), from model objects, no kernel."""

from __future__ import annotations

import dataclasses
import doctest

import pandas as pd
import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.car_profit_wages import CarProfit, car_profit_in_wages
from hyesan_analysis.model.market_filter import level_around
from hyesan_analysis.model.passthrough_changes import change_pairs
from hyesan_analysis.model.passthrough_headline import PreferredFit, QuotedWindow
from hyesan_analysis.model.passthrough_specs import (
    ChangeFit,
    Specification,
    specification_table,
)
from hyesan_analysis.model.real_wage import (
    WageScale,
    margin_in_rice,
    real_wage_basis,
    rice_price_latest,
)
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.specs import prices_and_exchange_text as text
from tests._market_fixtures import make_market

FOUNDING = get_fact("hyesan_market_rate_founding_kpw_per_cny")
WAGES = WageScale(3000.0, 30000.0, "2023-10")
FIT = ChangeFit(
    elasticity=2.154, ci_low=-0.463, ci_high=4.771, se=0.608, se_classical=0.398,
    se_robust=0.608, robust_kind="cluster by city", n=8, dof=6, t_dof=2, n_clusters=3,
    n_series=3, drift=-0.058,
)  # fmt: skip


def _fit(**changes: object) -> ChangeFit:
    return dataclasses.replace(FIT, **changes)  # type: ignore[arg-type]


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


def test_the_headline_speaks_of_association_and_of_the_data_behind_it() -> None:
    words = text.association(FIT, "USD")
    assert words.startswith("Between consecutive observations of one publisher in one city")
    # 1.1 ** 2.154 = 1.228: a 10% rise goes with 23% (in logs, 2.154 x 10%)
    assert "about **23% dearer**" in words and "KPW per USD: a fall of the won" in words
    assert "includes both zero and one-for-one: the data cannot tell" in words
    assert "excludes zero but includes one" in text.association(_fit(ci_low=0.4), "USD")
    assert text.precision_words(-1.0, 0.5) == "the interval includes zero"
    assert text.precision_words(1.2, 3.0) == "the interval excludes both zero and one-for-one"
    thin = text.thinness(FIT)
    assert "8 changes in 3 publisher-city series (3 cities, 6 residual degrees" in thin
    assert "association, not a measured effect" in thin
    assert "(1 city," in text.thinness(_fit(n_clusters=1))
    for phrase in ("caus", "because the won", "pushed"):
        assert phrase not in (words + thin).replace("not a measured effect", "")


def test_the_preferred_fit_is_labelled_with_its_specification_and_fallback() -> None:
    spec = Specification("pooled, common drift", "rice", "USD")
    direct = PreferredFit(FIT, spec, "Pyongyang", "Pyongyang", None, pd.DataFrame())
    assert direct.label == "rice ~ USD, log changes, pooled, common drift (Pyongyang)"
    assert text.fallback(direct) == ""
    pooled = PreferredFit(FIT, spec, "Hyesan", "pooled", "too few", pd.DataFrame())
    assert pooled.label == (
        "rice ~ USD, log changes, pooled, common drift (all cities); "
        "Hyesan alone has too few changes"
    )
    assert text.fallback(pooled).startswith(" Hyesan alone has too few changes")


def test_the_quoted_window_gives_both_changes_over_the_same_dates() -> None:
    window = QuotedWindow(
        "Hyesan", "Daily NK", "2024-11", "2024-12-07", "USD", 18_000, 21_400, 7_700, 9_450,
        "CNY", 2_400, 3_210,
    )  # fmt: skip
    words = text.window_sentence(window, "Hyesan", "USD")
    assert words == (
        "In Hyesan, from November 2024 to 7 December 2024 (Daily NK, both series in the same "
        "month for November 2024, the month's median), the USD rate went from 18,000 to 21,400 "
        "KPW (+19%) and rice from 7,700 to 9,450 KPW/kg (+23%); the CNY rate, over the same "
        "periods, +34%."
    )
    days = dataclasses.replace(window, period_from="2024-11-24")
    assert "(Daily NK, the same dates for both series)" in text.window_sentence(days, "H", "USD")
    alone = dataclasses.replace(window, other_from=None)
    assert text.window_sentence(alone, "Hyesan", "USD").endswith("(+23%).")
    assert text.window_sentence(None, "Hyesan", "USD").startswith("No publisher reports")


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
    ("2025-10-26", "Hyesan", "rice", 21400, "The Asia Review"),
]


def test_wage_and_car_rows() -> None:
    market = make_market(RICE)
    wage = real_wage_basis(market, "Hyesan", WAGES)
    rows = text.basis_rows([wage, None])
    assert [r["kg/month"] for r in rows] == pytest.approx(
        [3000 / 5300, 30000 / 5300, 30000 / 16000]
    )
    assert [r["point"] for r in rows] == ["before the reform", "at the reform", "latest"]
    assert rows[0]["price date"] == "2023-10" and rows[2]["city, publisher"] == "Hyesan, Daily NK"
    # a reform price a year away is labelled the nearest one, never "at the reform"
    later = make_market([("2024-10-13", "Hyesan", "rice", 7000, "Daily NK"), *RICE[1:2]])
    rows_later = text.basis_rows([real_wage_basis(later, "Hyesan", WAGES)])
    assert [r["point"] for r in rows_later] == ["nearest the reform", "latest"]
    assert rows_later[0]["price date"] == "2024-10-13 (12 mo. from reform)"
    sentence = text.wage_sentence(wage, WAGES)
    assert "**0.57 kg of rice**" in sentence and "**1.88 kg**" in sentence
    assert "3.3 times the pre-reform rice" in sentence and "from NK Times" in sentence
    car = CarProfit(10_500.0, FOUNDING.value)
    summary = car_profit_in_wages(car, WAGES, rice_price_latest(market, "Hyesan"), market, "Hyesan")
    rice = margin_in_rice(10_500.0, market, "Hyesan")
    assert rice is not None and rice.period == "2025-10-26"
    car_rows = text.car_rows(summary, car, WAGES, "Hyesan", FOUNDING, rice)
    assert [r["value"] for r in car_rows] == pytest.approx(
        [10_500, 3_000, 31.5, 1_050, 10_500, 10_500 * 4920 / 21_400 / 1000, 10_500 * 4920 / 30_000]
    )
    assert car_rows[0]["unit"] == "CNY (car_unit_economics report)"
    assert car_rows[1]["unit"] == "KPW per CNY (founding report, Daily NK 2025-03-04)"
    assert car_rows[-2]["unit"] == (
        "tonnes (Hyesan, The Asia Review, 2025-10-26: 4,920 KPW/CNY, 21,400 KPW/kg)"
    )
    assert car_rows[-1]["unit"] == "months (Hyesan: 4,920 KPW/CNY on 2025-10-26, The Asia Review)"
    changed = text.car_rows(summary, CarProfit(10_500.0, 4_000.0), WAGES, "Hyesan", FOUNDING, None)
    assert changed[1]["unit"] == "KPW per CNY (set for this run)" and len(changed) == 6
    assert all("tonnes" not in r["unit"] for r in changed)


def test_spec_rows_show_n_dof_and_a_reason_for_a_failed_fit() -> None:
    market = make_market(PYONGYANG_USD)
    changes = {("rice", "USD"): change_pairs(market, "rice", "USD")}
    specs = [
        Specification("pooled, common drift", "rice", "USD"),
        Specification("common drift + lean season", "rice", "USD", lean=True),
        Specification("without Daily NK", "rice", "USD", drop_publisher="Daily NK"),
    ]
    rows = text.spec_rows(specification_table(changes, specs))
    assert rows[0]["changes (series)"] == "4 (1)" and rows[0]["residual dof"] == 2
    assert rows[0]["interval or reason"] == "t(2), HC1"
    assert rows[2]["elasticity (95% interval)"] == "–" and rows[2]["residual dof"] == "–"
    assert rows[2]["interval or reason"] == "too few changes"


PYONGYANG_USD = [
    ("2024-11-10", "Pyongyang", "rice", 7500, "Daily NK"),
    ("2024-11-10", "Pyongyang", "USD", 18100, "Daily NK"),
    ("2024-12-07", "Pyongyang", "rice", 9250, "Daily NK"),
    ("2024-12-07", "Pyongyang", "USD", 21000, "Daily NK"),
    ("2025-02-02", "Pyongyang", "rice", 8000, "Daily NK"),
    ("2025-02-02", "Pyongyang", "USD", 21000, "Daily NK"),
    ("2025-05-25", "Pyongyang", "rice", 9600, "Daily NK"),
    ("2025-05-25", "Pyongyang", "USD", 24700, "Daily NK"),
    ("2025-07-05", "Pyongyang", "rice", 13500, "Daily NK"),
    ("2025-07-05", "Pyongyang", "USD", 30700, "Daily NK"),
]


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
