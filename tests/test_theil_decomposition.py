"""Theil T between and within groups (hyesan_analysis.model.inequality.theil_decomposition):
closed forms for two groups, exact additivity, weights, invariances and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.inequality import theil_decomposition, theil_t


def test_two_groups_of_equal_incomes_closed_form() -> None:
    """n_a households at income a and n_b at b: all inequality is between the groups.

    With population shares p_a, p_b and mean mu = p_a a + p_b b, the Theil T is
    p_a (a/mu) ln(a/mu) + p_b (b/mu) ln(b/mu); income shares s_a = p_a a / mu."""
    n_a, a, n_b, b = 30, 1.0, 10, 7.0
    x = np.r_[np.full(n_a, a), np.full(n_b, b)]
    g = np.r_[np.zeros(n_a, dtype=int), np.ones(n_b, dtype=int)]
    p_a, p_b = n_a / (n_a + n_b), n_b / (n_a + n_b)
    mu = p_a * a + p_b * b  # 2.5
    closed = p_a * (a / mu) * math.log(a / mu) + p_b * (b / mu) * math.log(b / mu)
    d = theil_decomposition(x, g)
    assert d.total == pytest.approx(closed, rel=1e-13)
    assert d.between == pytest.approx(closed, rel=1e-13)
    assert d.within == 0.0
    assert d.between_share == pytest.approx(1.0, rel=1e-13)
    assert d.income_share == pytest.approx((p_a * a / mu, p_b * b / mu), rel=1e-14)
    assert closed == pytest.approx(0.445846, abs=1e-6)  # 0.75*0.4*ln0.4 + 0.25*2.8*ln2.8


def test_two_groups_of_the_same_mean_closed_form() -> None:
    """Equal group means: nothing between; within is each group's Theil by income share."""
    x = np.array([1.0, 3.0, 2.0, 2.0])  # means 2 and 2
    g = np.array([0, 0, 1, 1])
    t0 = 0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5))
    d = theil_decomposition(x, g)
    assert d.between == pytest.approx(0.0, abs=1e-15)
    assert d.theil_within == pytest.approx((t0, 0.0), rel=1e-13)
    assert d.within == pytest.approx(0.5 * t0, rel=1e-13)
    assert d.total == pytest.approx(0.5 * t0, rel=1e-13)
    assert d.between_share == pytest.approx(0.0, abs=1e-13)


def test_two_lognormal_groups_closed_form() -> None:
    """Lognormal groups: T_g = sigma_g^2 / 2 and mu_g = m_g exp(sigma_g^2 / 2), so within is
    sum s_g sigma_g^2 / 2 and between sum s_g ln(mu_g / mu) (large-sample tolerance)."""
    rng = np.random.default_rng(7)
    n = (600_000, 200_000)
    m, sigma = (50_000.0, 400_000.0), (0.5, 0.8)
    x = np.concatenate(
        [mk * np.exp(sk * rng.standard_normal(nk)) for mk, sk, nk in zip(m, sigma, n, strict=True)]
    )
    g = np.repeat([0, 1], n)
    p = np.array(n) / sum(n)
    mu_g = np.array([mk * math.exp(sk**2 / 2) for mk, sk in zip(m, sigma, strict=True)])
    mu = float(p @ mu_g)
    s = p * mu_g / mu
    within = float(s @ (np.array(sigma) ** 2 / 2))
    between = float(s @ np.log(mu_g / mu))
    d = theil_decomposition(x, g)
    assert d.within == pytest.approx(within, rel=0.02)
    assert d.between == pytest.approx(between, rel=0.02)
    assert d.between_share == pytest.approx(between / (between + within), abs=0.01)


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.just(0.0), st.floats(1e-3, 1e6)), st.integers(0, 3), st.integers(1, 4)
        ),  # no denormals: a scaled total must not underflow to 0
        min_size=1,
        max_size=40,
    ),
    scale=st.floats(1e-3, 1e3),
)
def test_additive_weighted_and_scale_free(rows: list[tuple[float, int, int]], scale: float) -> None:
    x = np.array([r[0] for r in rows])
    if x.sum() <= 0:
        x = x + 1.0
    g = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows], dtype=float)
    d = theil_decomposition(x, g, w)
    assert d.between + d.within == pytest.approx(d.total, rel=1e-9, abs=1e-12)
    assert d.between >= -1e-12 and d.within >= -1e-12
    assert d.total == pytest.approx(theil_t(x, w), rel=1e-12, abs=1e-15)
    rep = theil_decomposition(np.repeat(x, w.astype(int)), np.repeat(g, w.astype(int)))
    assert rep.between == pytest.approx(d.between, rel=1e-9, abs=1e-12)
    scaled = theil_decomposition(x * scale, g, w)
    assert scaled.between == pytest.approx(d.between, rel=1e-9, abs=1e-12)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="groups has length"):
        theil_decomposition([1.0, 2.0], [0])
    with pytest.raises(ValueError, match="non-negative integer"):
        theil_decomposition([1.0, 2.0], [0.5, 1.0])
    with pytest.raises(ValueError, match="non-negative integer"):
        theil_decomposition([1.0, 2.0], [-1, 0])
    with pytest.raises(ValueError, match="negative incomes"):
        theil_decomposition([-1.0, 2.0], [0, 1])
