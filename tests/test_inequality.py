"""Tests for hyesan_analysis.model.inequality: known answers, properties, edge cases."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.inequality import (
    PROFILE_KEYS,
    gini,
    inequality_profile,
    lorenz_curve,
    palma_ratio,
    quantile_shares,
    theil_t,
    top_share,
)
from hyesan_analysis.model.weighted_sample import _is_sorted

PHI = NormalDist()
N_LARGE = 200_000
EULER_GAMMA = 0.5772156649015329

# --------------------------------------------------------------------------- hand-computed


def test_gini_small_known_answers() -> None:
    assert gini([1, 2, 3, 4, 5]) == pytest.approx(4 / 15, abs=1e-15)  # 0.2666...
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75, abs=1e-15)
    assert gini([1, 3]) == pytest.approx(0.25, abs=1e-15)  # |1-3|*2 / (2*4*4) = 0.25
    assert gini([0, 1]) == pytest.approx(0.5, abs=1e-15)


def test_gini_weighted_known_answer() -> None:
    # x=[1,2], w=[1,3] is [1,2,2,2]: MAD = 2*3*1/16 = 0.375, mean = 7/4 -> 0.375/3.5
    assert gini([1, 2], weights=[1, 3]) == pytest.approx(3 / 28, abs=1e-15)
    assert gini([2, 1], weights=[3, 1]) == pytest.approx(gini([1, 2, 2, 2]), abs=1e-15)


def test_theil_small_known_answers() -> None:
    assert theil_t([0, 0, 0, 1]) == pytest.approx(math.log(4), abs=1e-14)  # 0 ln 0 = 0
    # [1, 3]: mu = 2 -> (0.5 ln 0.5 + 1.5 ln 1.5) / 2
    expected = (0.5 * math.log(0.5) + 1.5 * math.log(1.5)) / 2
    assert theil_t([1, 3]) == pytest.approx(expected, abs=1e-15)
    assert theil_t([1, 2], weights=[1, 3]) == pytest.approx(theil_t([1, 2, 2, 2]), abs=1e-15)


def test_lorenz_small() -> None:
    pop, inc = lorenz_curve([3, 1, 2, 4])
    np.testing.assert_allclose(pop, [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(inc, [0, 0.1, 0.3, 0.6, 1])
    pop_w, inc_w = lorenz_curve([2, 1], weights=[1, 3])
    np.testing.assert_allclose(pop_w, [0, 0.75, 1])
    np.testing.assert_allclose(inc_w, [0, 0.6, 1])


def test_top_and_quantile_shares_small() -> None:
    x = np.arange(1, 11, dtype=float)  # total 55
    assert top_share(x, 0.1) == pytest.approx(10 / 55, abs=1e-15)
    assert top_share(x, 0.2) == pytest.approx(19 / 55, abs=1e-15)
    assert top_share(x, 0.0) == 0.0
    assert top_share(x, 1.0) == pytest.approx(1.0, abs=1e-15)
    assert palma_ratio(x) == pytest.approx((10 / 55) / (10 / 55), abs=1e-14)  # 1+..+4 = 10
    np.testing.assert_allclose(quantile_shares(x, 5), np.array([3, 7, 11, 15, 19]) / 55)
    np.testing.assert_allclose(
        quantile_shares(x, [0.0, 0.4, 0.9, 1.0]), np.array([10, 35, 10]) / 55
    )


def test_fractional_boundary_splits_household() -> None:
    # 15 households: top 10% = 1.5 households = the richest plus half the next one
    x = np.arange(1, 16, dtype=float)  # total 120
    assert top_share(x, 0.1) == pytest.approx((15 + 0.5 * 14) / 120, abs=1e-14)
    # replicated and weighted agree even when the boundary falls inside a household
    assert top_share([1, 5], 0.3, weights=[2, 1]) == pytest.approx(
        top_share([1, 1, 5], 0.3), abs=1e-14
    )


def test_equal_and_single_values_give_zero() -> None:
    for x in ([7.0], [5, 5, 5, 5], [0.1] * 7, [1e-300] * 3):
        assert gini(x) == 0.0
        assert theil_t(x) == 0.0
    assert palma_ratio([3, 3, 3, 3, 3]) == pytest.approx(0.25, abs=1e-14)
    assert top_share([2, 2, 2, 2], 0.1) == pytest.approx(0.1, abs=1e-14)
    assert gini([4.0, 9.0], weights=[0, 2]) == 0.0  # one household represented


# --------------------------------------------------------------------------- closed forms


@pytest.fixture(scope="module")
def samples() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20250304)
    return {
        "lognormal": rng.lognormal(mean=2.0, sigma=1.0, size=N_LARGE),
        # numpy's pareto draws Lomax (min 0); Pareto I with minimum m is (draw + 1) * m
        "pareto3": (rng.pareto(3.0, size=N_LARGE) + 1.0) * 1000.0,
        "exponential": rng.exponential(scale=50.0, size=N_LARGE),
    }


# Tolerances: about 4 sampling standard deviations at n = 200,000 (measured over 40 seeds).
def test_lognormal_closed_forms(samples: dict[str, np.ndarray]) -> None:
    x, sigma = samples["lognormal"], 1.0
    assert gini(x) == pytest.approx(2 * PHI.cdf(sigma / math.sqrt(2)) - 1, abs=0.005)  # 0.5205
    assert theil_t(x) == pytest.approx(sigma**2 / 2, abs=0.015)
    z90, z40 = PHI.inv_cdf(0.9), PHI.inv_cdf(0.4)
    top10 = 1 - PHI.cdf(z90 - sigma)  # 0.3891
    assert top_share(x, 0.1) == pytest.approx(top10, abs=0.006)
    palma = top10 / PHI.cdf(z40 - sigma)
    assert palma == pytest.approx(3.705, abs=0.001)
    assert palma_ratio(x) == pytest.approx(palma, abs=0.1)


def test_pareto_type_one_closed_forms(samples: dict[str, np.ndarray]) -> None:
    x, a = samples["pareto3"], 3.0
    assert gini(x) == pytest.approx(1 / (2 * a - 1), abs=0.005)  # 0.2
    assert top_share(x, 0.1) == pytest.approx(0.1 ** (1 - 1 / a), abs=0.005)  # 0.2154
    assert theil_t(x) == pytest.approx(1 / (a - 1) - math.log(a / (a - 1)), abs=0.008)


def test_lomax_is_not_pareto_one() -> None:
    # the pitfall: rng.pareto alone is Lomax with Gini a/(2a-1) = 0.6, not 0.2
    x = np.random.default_rng(7).pareto(3.0, size=N_LARGE)
    assert gini(x) == pytest.approx(0.6, abs=0.01)


def test_exponential_closed_forms(samples: dict[str, np.ndarray]) -> None:
    x = samples["exponential"]
    assert gini(x) == pytest.approx(0.5, abs=0.004)
    assert theil_t(x) == pytest.approx(1 - EULER_GAMMA, abs=0.006)
    assert top_share(x, 0.1) == pytest.approx(0.1 * (1 - math.log(0.1)), abs=0.006)


def test_quantile_shares_sum_to_one(samples: dict[str, np.ndarray]) -> None:
    s = quantile_shares(samples["lognormal"], 10)
    assert s.shape == (10,)
    assert float(s.sum()) == pytest.approx(1.0, abs=1e-12)
    assert np.all(np.diff(s) >= 0)


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize(
    ("values", "weights", "match"),
    [
        ([], None, "empty"),
        ([1.0, math.nan], None, "NaN or infinity"),
        ([1.0, math.inf], None, "NaN or infinity"),
        ([-5, 1, 2, 10], None, "negative"),
        ([0, 0, 0], None, "total income is zero"),
        ([1, 2, 3], [1, 2], "length"),
        ([1, 2, 3], [1, -1, 1], "negative"),
        ([1, 2, 3], [1, math.nan, 1], "NaN or infinity"),
        ([1, 2, 3], [0, 0, 0], "sum to zero"),
        ([0, 5], [1, 0], "total income is zero"),
        ([[1, 2], [3, 4]], None, "one-dimensional"),
        (["a", "b"], None, "numeric"),
        ([1e308, 1e308], None, "overflow"),
    ],
)
def test_invalid_input_raises(values: list, weights: list | None, match: str) -> None:
    for fn in (gini, theil_t, lorenz_curve, palma_ratio):
        with pytest.raises(ValueError, match=match):
            fn(values, weights)
    with pytest.raises(ValueError, match=match):
        top_share(values, 0.1, weights)
    with pytest.raises(ValueError, match=match):
        quantile_shares(values, 5, weights)


def test_invalid_fractions_raise() -> None:
    with pytest.raises(ValueError, match="p must be in"):
        top_share([1, 2], 1.5)
    with pytest.raises(ValueError, match="p must be in"):
        top_share([1, 2], -0.1)
    with pytest.raises(ValueError, match="positive number of groups"):
        quantile_shares([1, 2], 0)
    with pytest.raises(ValueError, match="strictly increasing"):
        quantile_shares([1, 2], [0.0, 0.5, 0.5, 1.0])
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        quantile_shares([1, 2], [0.0, 1.2])


def test_palma_with_income_free_bottom_raises() -> None:
    with pytest.raises(ValueError, match="bottom 40% hold zero income"):
        palma_ratio([0, 0, 0, 0, 1])


def test_zeros_are_kept_not_dropped() -> None:
    assert gini([0, 0, 1, 1]) == pytest.approx(0.5)
    assert gini([1, 1]) == 0.0
    assert theil_t([0, 1, 1]) == pytest.approx(math.log(1.5))


def test_zero_weight_rows_are_ignored() -> None:
    assert gini([1, 100, 3], weights=[1, 0, 1]) == pytest.approx(gini([1, 3]))
    pop, _ = lorenz_curve([1, 100, 3], weights=[1, 0, 1])
    assert pop.size == 3


# --------------------------------------------------------------------------- properties

# zeros plus "normal" magnitudes; subnormal floats would underflow when scaled
incomes = st.lists(
    st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e9)),
    min_size=1,
    max_size=40,
).filter(lambda xs: sum(xs) > 0)


@settings(max_examples=80, deadline=None)
@given(incomes, st.floats(min_value=1e-3, max_value=1e3), st.randoms(use_true_random=False))
def test_scale_and_order_invariance(xs: list[float], c: float, rnd) -> None:  # type: ignore[no-untyped-def]
    x = np.array(xs)
    y = x * c
    perm = x.copy()
    rnd.shuffle(perm)
    for fn in (gini, theil_t):
        assert fn(y) == pytest.approx(fn(x), abs=1e-9)
        assert fn(perm) == pytest.approx(fn(x), abs=1e-12)
    assert top_share(y, 0.1) == pytest.approx(top_share(x, 0.1), abs=1e-9)
    assert top_share(perm, 0.3) == pytest.approx(top_share(x, 0.3), abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(incomes, st.randoms(use_true_random=False))
def test_sorted_input_gives_the_same_bits(xs: list[float], rnd) -> None:  # type: ignore[no-untyped-def]
    # the measures skip their sort for a sample already in order: a caller may sort once
    x = np.array(xs)
    rnd.shuffle(x)
    s = np.sort(x)
    assert gini(s) == gini(x)
    if quantile_shares(x, [0.0, 0.4])[0] > 0:  # else the Palma ratio is undefined
        assert palma_ratio(s) == palma_ratio(x)
    assert top_share(s, 0.1) == top_share(x, 0.1)
    for a, b in zip(lorenz_curve(s), lorenz_curve(x), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not _is_sorted(np.array([1.0, 0.5])) and _is_sorted(np.array([0.5, 0.5, 1.0]))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=5)),
        min_size=1,
        max_size=20,
    ).filter(lambda rows: sum(v * w for v, w in rows) > 0),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_weighted_equals_replicated(rows: list[tuple[int, int]], p: float) -> None:
    x = np.array([v for v, _ in rows], dtype=float)
    w = np.array([k for _, k in rows], dtype=float)
    rep = np.repeat(x, w.astype(int))
    assert gini(x, w) == pytest.approx(gini(rep), abs=1e-12)
    assert theil_t(x, w) == pytest.approx(theil_t(rep), abs=1e-12)
    assert top_share(x, p, w) == pytest.approx(top_share(rep, p), abs=1e-12)
    np.testing.assert_allclose(quantile_shares(x, 4, w), quantile_shares(rep, 4), atol=1e-12)
    if quantile_shares(rep, [0.0, 0.4])[0] > 0:
        assert palma_ratio(x, w) == pytest.approx(palma_ratio(rep), rel=1e-9)


@settings(max_examples=80, deadline=None)
@given(incomes)
def test_bounds_and_lorenz_shape(xs: list[float]) -> None:
    x = np.array(xs)
    g = gini(x)
    assert 0.0 <= g < 1.0
    assert g <= 1.0 - 1.0 / x.size + 1e-12
    assert 0.0 <= theil_t(x) <= math.log(x.size) + 1e-9
    pop, inc = lorenz_curve(x)
    assert (pop[0], inc[0], pop[-1], inc[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert np.all(np.diff(pop) > 0)
    assert np.all(np.diff(inc) >= 0)  # monotone
    assert np.all(inc <= pop + 1e-12)  # below the equality line
    slopes = np.diff(inc) / np.diff(pop)
    assert np.all(np.diff(slopes) >= -1e-9 * max(1.0, float(slopes.max())))  # convex
    # Gini equals one minus twice the trapezoid area under the Lorenz curve
    area = float(np.sum(np.diff(pop) * (inc[1:] + inc[:-1]) / 2))
    assert g == pytest.approx(1 - 2 * area, abs=1e-9)
    p = 0.1
    assert p - 1e-12 <= top_share(x, p) <= 1.0


def test_inequality_profile_matches_the_single_measures() -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 50.0])
    w = np.array([1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 2.0, 1.0])
    prof = inequality_profile(x, w)
    assert tuple(prof) == PROFILE_KEYS
    assert prof["gini"] == gini(x, w)
    assert prof["theil_t"] == theil_t(x, w)
    assert prof["palma"] == palma_ratio(x, w)
    assert prof["top10_share"] == top_share(x, 0.1, w)
    assert prof["bottom40_share"] == pytest.approx(quantile_shares(x, [0.0, 0.4], w)[0])
    # equal incomes: Gini 0, Theil 0, Palma 0.1/0.4, shares equal to population shares
    eq = inequality_profile([3.0] * 20)
    assert eq == pytest.approx(
        {"gini": 0.0, "theil_t": 0.0, "palma": 0.25, "top10_share": 0.1, "bottom40_share": 0.4},
        abs=1e-12,
    )
