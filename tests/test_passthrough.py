"""Tests of the pass-through estimator: recovery, coverage, errors, invariances."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.market_alignment import align_by_city_month, align_pairs
from hyesan_analysis.model.market_filter import filter_observations
from hyesan_analysis.model.market_frame import InsufficientDataError
from hyesan_analysis.model.passthrough import PassthroughEstimate, estimate_passthrough
from hyesan_analysis.model.passthrough_fits import (
    PassthroughSettings,
    fit_or_reason,
    headline_fit,
    headline_passthrough,
    other_rate,
    passthrough_table,
    robustness_fits,
)
from tests._market_fixtures import make_market, row_where, synthetic_market


def _aligned_from_arrays(log_rate: np.ndarray, log_price: np.ndarray, city: str = "Hyesan"):
    n = len(log_rate)
    return pd.DataFrame(
        {
            "city": city,
            "month": pd.period_range("2022-01", periods=n, freq="M"),
            "log_price": log_price,
            "log_rate": log_rate,
            "price_series": "rice",
            "rate_series": "CNY",
        }
    )


def test_alignment_and_estimator_recover_a_known_elasticity() -> None:
    df = synthetic_market(elasticity=0.8, n_months=36, noise_sd=0.03, seed=1)
    aligned = align_by_city_month(df, "rice", "CNY")
    assert len(aligned) == 36
    est = estimate_passthrough(aligned)
    assert isinstance(est, PassthroughEstimate)
    assert est.city == "Hyesan" and est.n == 36 and est.n_cities == 1 and est.dof == 34
    assert est.elasticity == pytest.approx(0.8, abs=0.05)
    assert est.ci_low < 0.8 < est.ci_high
    assert est.intercept == pytest.approx(3.0, abs=0.5)


def test_pooled_fit_uses_city_fixed_effects() -> None:
    # cities differ in price level (a_c) and rate level; a fit without city intercepts
    # would mix the cross-city level gap into the slope
    df = synthetic_market(0.6, n_months=24, cities=("Hyesan", "Pyongyang", "Sinuiju"), seed=2)
    aligned = align_by_city_month(df)
    pooled = estimate_passthrough(aligned, by_city=False)
    assert pooled.city == "pooled" and pooled.n == 72 and pooled.n_cities == 3
    assert pooled.dof == 72 - 3 - 1
    assert pooled.elasticity == pytest.approx(0.6, abs=0.05)
    assert [c for c, _ in pooled.city_intercepts] == ["Hyesan", "Pyongyang", "Sinuiju"]
    by_city = estimate_passthrough(aligned, by_city=True)
    assert set(by_city) == {"Hyesan", "Pyongyang", "Sinuiju"}
    for est in by_city.values():
        assert est.elasticity == pytest.approx(0.6, abs=0.12)


def test_bootstrap_interval_is_seeded_and_sensible() -> None:
    aligned = align_by_city_month(synthetic_market(0.8, n_months=30, seed=3))
    a = estimate_passthrough(aligned, method="bootstrap", bootstrap_draws=400, seed=7)
    b = estimate_passthrough(aligned, method="bootstrap", bootstrap_draws=400, seed=7)
    assert a == b
    assert a.method == "bootstrap" and a.bootstrap_draws_used == 400
    assert a.ci_low < a.elasticity < a.ci_high
    ols = estimate_passthrough(aligned, method="ols")
    assert a.elasticity == ols.elasticity
    # the two intervals should have a similar width on well-behaved data
    ratio = (a.ci_high - a.ci_low) / (ols.ci_high - ols.ci_low)
    assert 0.5 < ratio < 2.0


def test_analytic_interval_covers_true_value_at_nominal_rate() -> None:
    rng = np.random.default_rng(2024)
    true = 0.8
    n_sim, n = 200, 12
    hits = 0
    for _ in range(n_sim):
        log_rate = np.log(1000) + np.cumsum(rng.normal(0.04, 0.1, size=n))
        log_price = 2.0 + true * log_rate + rng.normal(0, 0.05, size=n)
        est = estimate_passthrough(_aligned_from_arrays(log_rate, log_price))
        hits += est.ci_low <= true <= est.ci_high
    assert 0.88 <= hits / n_sim <= 0.99


def test_bootstrap_interval_coverage_is_roughly_nominal() -> None:
    rng = np.random.default_rng(11)
    true = 0.8
    n_sim, n = 60, 25
    hits = 0
    for i in range(n_sim):
        log_rate = np.log(1000) + np.cumsum(rng.normal(0.04, 0.1, size=n))
        log_price = 2.0 + true * log_rate + rng.normal(0, 0.05, size=n)
        est = estimate_passthrough(
            _aligned_from_arrays(log_rate, log_price),
            method="bootstrap",
            bootstrap_draws=300,
            seed=i,
        )
        hits += est.ci_low <= true <= est.ci_high
    # percentile bootstrap undercovers a little in small samples; 60 draws are noisy
    assert 0.8 <= hits / n_sim <= 1.0


def test_too_few_points_error_names_the_filter() -> None:
    df = synthetic_market(0.8, n_months=12, cities=("Hyesan", "Pyongyang"), seed=4)
    few = filter_observations(df, cities="Hyesan", start="2022-01", end="2022-03")
    aligned = align_by_city_month(few, "rice", "CNY")
    assert len(aligned) == 3
    with pytest.raises(InsufficientDataError) as info:
        estimate_passthrough(aligned, min_points=5)
    message = str(info.value)
    for part in ("city=Hyesan", "rice~CNY", "found 3", "at least 5", "publisher_policy=same"):
        assert part in message
    assert isinstance(info.value, ValueError) and info.value.reason == "too few pairs"


def test_empty_alignment_error_still_names_the_filter() -> None:
    df = make_market(
        [
            ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
            ("2024-12-07", "Hyesan", "rice", 9450, "Daily NK"),
        ]
    )
    aligned = align_by_city_month(df, "rice", "USD")
    assert aligned.empty
    with pytest.raises(InsufficientDataError, match=r"city=Hyesan.*rice~USD.*found 0"):
        estimate_passthrough(aligned)


def test_constant_rate_is_an_error_not_a_number() -> None:
    aligned = _aligned_from_arrays(np.full(8, np.log(2400.0)), np.linspace(8.9, 9.2, 8))
    with pytest.raises(InsufficientDataError, match="does not vary") as info:
        estimate_passthrough(aligned)
    assert info.value.reason == "rate does not vary"


def test_singleton_cities_cost_degrees_of_freedom() -> None:
    # five pairs in five cities: no within-city variation at all
    aligned = pd.concat(
        [_aligned_from_arrays(np.array([7.0 + k]), np.array([9.0 + k]), f"c{k}") for k in range(5)]
    )
    with pytest.raises(InsufficientDataError) as info:
        estimate_passthrough(aligned)
    assert info.value.reason == "rate does not vary"


def test_passthrough_table_reports_status_per_city() -> None:
    big = synthetic_market(0.7, n_months=10, cities=("Pyongyang",), seed=5)
    small = synthetic_market(0.7, n_months=3, cities=("Hyesan",), seed=6)
    aligned = align_by_city_month(pd.concat([big, small], ignore_index=True).assign(
        obs_id=lambda d: [f"x{i}" for i in range(len(d))]))  # fmt: skip
    table = passthrough_table(aligned)
    assert list(table["city"]) == ["Hyesan", "Pyongyang", "pooled"]
    hyesan = row_where(table, city="Hyesan")
    assert np.isnan(float(hyesan["elasticity"]))
    assert "found 3" in str(hyesan["status"]) and hyesan["reason"] == "too few pairs"
    assert row_where(table, city="Pyongyang")["status"] == "ok"
    assert row_where(table, city="Pyongyang")["reason"] == ""
    pooled = row_where(table, city="pooled")
    assert pooled["n"] == 13 and pooled["status"] == "ok"


def test_estimate_is_frozen() -> None:
    est = estimate_passthrough(align_by_city_month(synthetic_market(0.8, 10, seed=8)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        est.elasticity = 1.0  # type: ignore[misc]


# ------------------------------------------------------------------------------- properties

_series = st.lists(
    st.floats(min_value=-0.2, max_value=0.2, allow_nan=False), min_size=6, max_size=20
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=_series,
    seed=st.integers(0, 10_000),
    scale=st.floats(min_value=1e-3, max_value=1e3),
)
def test_elasticity_invariant_to_scaling_prices(steps: list[float], seed: int, scale: float):
    log_rate = np.log(1000.0) + np.cumsum(steps) + np.linspace(0, 1, len(steps))
    noise = np.random.default_rng(seed).normal(0, 0.05, len(steps))
    log_price = 1.0 + 0.7 * log_rate + noise
    base = estimate_passthrough(_aligned_from_arrays(log_rate, log_price))
    scaled = estimate_passthrough(_aligned_from_arrays(log_rate, log_price + np.log(scale)))
    assert scaled.elasticity == pytest.approx(base.elasticity, rel=1e-9, abs=1e-9)
    assert scaled.ci_high - scaled.ci_low == pytest.approx(base.ci_high - base.ci_low, rel=1e-6)
    assert scaled.intercept == pytest.approx(base.intercept + np.log(scale), abs=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=_series, seed=st.integers(0, 10_000))
def test_doubling_the_log_rate_slope_halves_the_elasticity(steps: list[float], seed: int):
    log_rate = np.log(1000.0) + np.cumsum(steps) + np.linspace(0, 1, len(steps))
    noise = np.random.default_rng(seed).normal(0, 0.05, len(steps))
    log_price = 1.0 + 0.7 * log_rate + noise
    base = estimate_passthrough(_aligned_from_arrays(log_rate, log_price))
    steeper = estimate_passthrough(_aligned_from_arrays(2.0 * log_rate, log_price))
    assert steeper.elasticity == pytest.approx(base.elasticity / 2.0, rel=1e-9, abs=1e-12)
    assert steeper.ci_low == pytest.approx(base.ci_low / 2.0, rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(min_value=-3, max_value=3), seed=st.integers(0, 1000))
def test_city_level_shifts_do_not_change_pooled_elasticity(shift: float, seed: int) -> None:
    aligned = align_by_city_month(synthetic_market(0.5, 8, cities=("Hyesan", "Sinuiju"), seed=seed))
    shifted = aligned.copy()
    shifted.loc[shifted["city"] == "Sinuiju", "log_price"] += shift
    a, b = estimate_passthrough(aligned), estimate_passthrough(shifted)
    assert b.elasticity == pytest.approx(a.elasticity, abs=1e-9)


def test_city_publisher_fixed_effects_absorb_a_publisher_level_gap() -> None:
    # one city, two publishers; publisher B reports prices 60% higher at every rate. With
    # city fixed effects the gap leaks into the slope when B reports later months; with
    # city-publisher fixed effects it does not.
    df = synthetic_market(0.8, n_months=16, noise_sd=0.01, seed=9)
    late = df["date"] >= "2022-09"
    df.loc[late, "publisher"] = "B"
    df.loc[late & (df["series"] == "rice"), "value"] *= 1.6
    aligned = align_by_city_month(df)
    by_city = estimate_passthrough(aligned)
    by_pub = estimate_passthrough(aligned, fixed_effects="city_publisher")
    assert by_pub.n_cities == 2 and by_pub.fixed_effects == "city_publisher"
    assert by_pub.elasticity == pytest.approx(0.8, abs=0.05)
    assert abs(by_city.elasticity - 0.8) > abs(by_pub.elasticity - 0.8)


def test_singleton_city_counts_in_n_but_not_in_n_informative() -> None:
    main = synthetic_market(0.8, n_months=8, seed=10)
    lone = make_market(
        [
            ("2023-03-05", "Sinuiju", "CNY", 1200, "Daily NK"),
            ("2023-03-05", "Sinuiju", "rice", 5000, "Daily NK"),
        ]
    )
    df = pd.concat([main, lone], ignore_index=True)
    df["obs_id"] = [f"r{i}" for i in range(len(df))]
    est = estimate_passthrough(align_by_city_month(df))
    alone = estimate_passthrough(align_by_city_month(main))
    assert (est.n, est.n_informative, est.n_cities) == (9, 8, 2)
    assert est.elasticity == pytest.approx(alone.elasticity)
    assert est.dof == alone.dof  # one more pair, one more intercept


def test_real_data_pooled_rice_passthrough_is_a_finite_interval() -> None:
    loaders = pytest.importorskip("hyesan_analysis.data.loaders")
    df = loaders.load_market_rates()
    for rate in ("CNY", "USD"):
        est = estimate_passthrough(align_by_city_month(df, "rice", rate))
        assert est.city == "pooled" and est.n >= 5 and est.dof >= 1
        assert np.isfinite([est.elasticity, est.ci_low, est.ci_high]).all()
        assert est.ci_low < est.elasticity < est.ci_high


def _two_city_aligned() -> pd.DataFrame:
    big = synthetic_market(0.7, n_months=10, cities=("Pyongyang",), seed=5)
    small = synthetic_market(0.7, n_months=3, cities=("Hyesan",), seed=6)
    both = pd.concat([big, small], ignore_index=True)
    return align_by_city_month(both.assign(obs_id=[f"x{i}" for i in range(len(both))]))


def test_headline_uses_the_city_fit_where_the_data_allow() -> None:
    aligned = _two_city_aligned()
    fit = headline_passthrough(aligned, city="Pyongyang")
    assert not fit.is_fallback and fit.estimate.city == "Pyongyang" and fit.estimate.n == 10
    assert set(fit.pairs["city"]) == {"Pyongyang"} and len(fit.pairs) == 10
    pooled = headline_passthrough(aligned, city="all")
    assert not pooled.is_fallback and pooled.estimate.city == "pooled" and pooled.estimate.n == 13


def test_headline_falls_back_to_pooled_and_says_why() -> None:
    aligned = _two_city_aligned()
    fit = headline_passthrough(aligned, city="Hyesan")
    assert fit.is_fallback and fit.requested == "Hyesan"
    assert fit.estimate.city == "pooled" and fit.estimate.n == 13
    assert "city=Hyesan" in str(fit.fallback_reason) and "found 3" in str(fit.fallback_reason)
    assert fit.estimate == estimate_passthrough(aligned)
    assert len(fit.pairs) == 13  # the pairs behind the pooled fit


def test_headline_without_fallback_is_an_error_not_a_number() -> None:
    aligned = _two_city_aligned()
    with pytest.raises(InsufficientDataError, match=r"city=Hyesan.*found 3.*at least 5"):
        headline_passthrough(aligned, city="Hyesan", fallback_to_pooled=False)
    with pytest.raises(InsufficientDataError, match=r"city=Sinuiju.*found 0"):
        headline_passthrough(aligned, city="Sinuiju", fallback_to_pooled=False)


def test_headline_fails_when_even_the_pooled_fit_is_impossible() -> None:
    small = align_by_city_month(synthetic_market(0.7, n_months=3, cities=("Hyesan",), seed=6))
    with pytest.raises(InsufficientDataError, match="pooled fallback is impossible too"):
        headline_passthrough(small, city="Hyesan")
    with pytest.raises(InsufficientDataError, match="found 3"):
        headline_passthrough(small, city="all")


# ---------------------------------------------------------------------- the report's fits


def _settings(**changes: object) -> PassthroughSettings:
    base: dict[str, object] = {
        "rate_series": "CNY", "publisher_policy": "same", "fallback_to_pooled": True,
        "min_points": 5, "bootstrap_draws": 200, "seed": 3,
    }  # fmt: skip
    return PassthroughSettings(**{**base, **changes})  # type: ignore[arg-type]


def _two_city_market() -> pd.DataFrame:
    big = synthetic_market(0.7, n_months=10, cities=("Pyongyang",), seed=5)
    small = synthetic_market(0.7, n_months=3, cities=("Hyesan",), seed=6)
    both = pd.concat([big, small], ignore_index=True)
    return both.assign(obs_id=[f"x{i}" for i in range(len(both))])


def test_settings_name_the_other_rate() -> None:
    assert _settings().other_rate_series == "USD"
    assert _settings(rate_series="USD").other_rate_series == "CNY"


def test_headline_fit_uses_the_settings_and_names_the_filters_on_failure() -> None:
    pairs = align_pairs(_two_city_market(), "same")
    head = headline_fit(pairs, _settings(), "Hyesan")
    assert head.is_fallback and head.estimate.n == 13
    with pytest.raises(InsufficientDataError, match=r"found 3.*\[window 2022\]$"):
        headline_fit(pairs, _settings(fallback_to_pooled=False), "Hyesan", "window 2022")
    strict = _settings(min_points=11)
    assert headline_fit(pairs, strict, "all").estimate.n == 13
    with pytest.raises(InsufficientDataError) as info:
        headline_fit(pairs, _settings(min_points=14), "all")
    assert info.value.reason == "too few pairs"


def test_other_rate_is_none_when_the_data_cannot_support_it() -> None:
    pairs = align_pairs(_two_city_market(), "same")  # no USD rates at all
    assert other_rate(pairs, _settings(rate_series="USD")) is not None  # rice ~ CNY
    assert other_rate(pairs, _settings()) is None


def test_fit_or_reason_returns_the_fit_or_why_not() -> None:
    aligned = align_by_city_month(_two_city_market())
    fit, reason = fit_or_reason(aligned, 5, fixed_effects="city_publisher")
    assert reason == "" and fit is not None and fit.fixed_effects == "city_publisher"
    none, why = fit_or_reason(aligned, 20)
    assert none is None and why == "too few pairs"


def test_robustness_fits_list_every_variant_with_a_fit_or_a_reason() -> None:
    market = _two_city_market()
    pairs = align_pairs(market, "same")
    settings = _settings()
    head = headline_fit(pairs, settings, "all")
    variants = robustness_fits(market, pairs, settings, head)
    assert [v.name for v in variants] == [
        "rice ~ CNY, headline (t-interval)",
        "rice ~ CNY, pairs bootstrap",
        "rice ~ CNY, city-and-publisher intercepts",
        "rice ~ CNY, publisher_policy=any",
        "rice ~ USD, pooled",
        "corn ~ CNY, pooled",
        "corn ~ USD, pooled",
    ]
    headline, boot, by_pub, policy, usd, corn, _ = variants
    assert headline.estimate == head.estimate and headline.pairs == 13
    assert boot.estimate is not None and boot.estimate.method == "bootstrap"
    assert boot.estimate.bootstrap_draws_used == 200
    assert boot.estimate.elasticity == head.estimate.elasticity
    assert by_pub.estimate is not None and by_pub.estimate.fixed_effects == "city_publisher"
    assert policy.estimate is not None and policy.estimate.n == 13  # one publisher: the same
    for missing in (usd, corn):
        assert missing.estimate is None and missing.reason == "too few pairs" and missing.pairs == 0
