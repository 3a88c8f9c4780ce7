"""hyesan_analysis.model.households summaries: key figures, deciles, groups, composition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.households import (
    SUMMARY_KEYS,
    GroupRow,
    GroupSpec,
    apply_shock,
    decile_changes,
    default_groups,
    group_composition,
    group_table,
    simulate_population,
    summary_metrics,
    winners_and_losers,
)
from tests.test_households import HYESAN_SHARES, SHOCK

N = 20_000


@pytest.fixture(scope="module")
def hyesan_pop():  # type: ignore[no-untyped-def]
    groups = default_groups("hyesan", HYESAN_SHARES)
    return simulate_population(groups, N, seed=11, households_represented=48_000.0)


def test_summary_metrics_keys_and_direction(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    before, after = apply_shock(hyesan_pop, SHOCK)
    m = summary_metrics(before, after)
    assert tuple(m) == SUMMARY_KEYS
    assert len(m) == 8
    assert all(isinstance(v, float) and np.isfinite(v) for v in m.values())
    # the story: the gap widens, the poor lose, the top gains
    assert m["gini_after"] > m["gini_before"]
    assert m["palma_after"] > m["palma_before"]
    assert m["top10_share_after"] > m["top10_share_before"]
    assert m["real_income_change_bottom40"] < 0 < m["real_income_change_top10"]
    assert 0 < m["gini_before"] < 1


def test_summary_metrics_no_shock_is_zero_change() -> None:
    x = np.arange(1.0, 101.0)
    m = summary_metrics(x, x.copy())
    assert m["gini_before"] == m["gini_after"]
    assert m["real_income_change_bottom40"] == 0.0
    assert m["real_income_change_top10"] == 0.0
    m2 = summary_metrics(x, 0.5 * x)
    assert m2["real_income_change_bottom40"] == pytest.approx(-0.5)
    assert m2["gini_after"] == pytest.approx(m2["gini_before"])


def test_decile_changes_known_answer() -> None:
    before = np.arange(1.0, 21.0)  # deciles are pairs (1,2), (3,4), ...
    after = before * np.repeat(np.linspace(0.5, 1.4, 10), 2)
    d = decile_changes(before[::-1].copy(), after[::-1].copy())  # order must not matter
    np.testing.assert_array_equal(d.decile, np.arange(1, 11))
    np.testing.assert_allclose(d.mean_before, np.arange(1.5, 21, 2))
    np.testing.assert_allclose(d.pct_change, 100 * (np.linspace(0.5, 1.4, 10) - 1), atol=1e-12)
    with pytest.raises(ValueError, match="at least 10"):
        decile_changes(before[:5], after[:5])
    with pytest.raises(ValueError, match="equal length"):
        decile_changes(before, after[:-1])


def test_group_table(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    before, after = apply_shock(hyesan_pop, SHOCK)
    rows = group_table(hyesan_pop, before, after)
    assert [r.name for r in rows] == ["investors", "traders", "state_workers", "farmers"]
    assert sum(r.count for r in rows) == N
    assert sum(r.share_of_income_before for r in rows) == pytest.approx(1.0)
    assert sum(r.share_of_income_after for r in rows) == pytest.approx(1.0)
    by_name = {r.name: r for r in rows}
    assert by_name["state_workers"].pct_change < 0 < by_name["investors"].pct_change


def _row(name: str, pct: float) -> GroupRow:
    return GroupRow(name, 1, 100.0, 100.0 * (1 + pct / 100), pct, 0.5, 0.5)


def test_winners_and_losers_threshold_and_order() -> None:
    rows = [_row("a", -27.0), _row("b", 46.0), _row("c", 0.4), _row("d", 13.0), _row("e", -0.6)]
    winners, losers = winners_and_losers(rows)
    assert [r.name for r in winners] == ["b", "d"]
    assert [r.name for r in losers] == ["e", "a"]  # from the smallest loss to the largest
    winners, losers = winners_and_losers(rows, threshold_pct=20.0)
    assert ([r.name for r in winners], [r.name for r in losers]) == (["b"], ["a"])


def test_group_composition_known_answer() -> None:
    groups = (
        GroupSpec("poor", 0.5, 100.0, 0.0, 0.0),  # sigma 0: every income exactly 100
        GroupSpec("rich", 0.5, 1_000.0, 0.0, 0.0),
    )
    pop = simulate_population(groups, 100, seed=0)
    income = pop.income_total_kpw
    assert group_composition(pop, income, 0.0, 0.4) == [("poor", 1.0)]
    assert group_composition(pop, income, 0.9, 1.0) == [("rich", 1.0)]
    assert group_composition(pop, income, 0.0, 1.0) == [("rich", 0.5), ("poor", 0.5)]
    with pytest.raises(ValueError, match="low_q < high_q"):
        group_composition(pop, income, 0.5, 0.5)
    with pytest.raises(ValueError, match="one value per household"):
        group_composition(pop, income[:-1], 0.0, 0.4)


def test_group_composition_of_the_poorest(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    parts = group_composition(hyesan_pop, hyesan_pop.income_total_kpw, 0.0, 0.4)
    shares = [s for _, s in parts]
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    assert shares == sorted(shares, reverse=True)
    assert "investors" not in dict(parts)  # donju are never among the poorest 40%


@settings(max_examples=40, deadline=None)
@given(scale=st.floats(min_value=0.01, max_value=100.0), seed=st.integers(0, 2**16))
def test_summaries_are_scale_invariant(scale: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    before = rng.lognormal(10.0, 1.0, 200)
    after = before * rng.uniform(0.5, 1.5, 200)
    m, s = summary_metrics(before, after), summary_metrics(before * scale, after * scale)
    for key in SUMMARY_KEYS:
        assert s[key] == pytest.approx(m[key], rel=1e-9, abs=1e-12)


def test_the_remembered_rank_order_is_never_stale() -> None:
    # the last ranked sample is remembered by value: changing the array in place, or
    # ranking another, must give the order of what is passed now
    from hyesan_analysis.model.households.summaries import _stable_order

    rng = np.random.default_rng(7)
    x = rng.integers(0, 50, 500).astype(float)  # many ties: the stable order matters
    first = _stable_order(x)
    np.testing.assert_array_equal(first, np.argsort(x, kind="stable"))
    first[:] = 0  # the caller's copy, not the remembered one
    np.testing.assert_array_equal(_stable_order(x.copy()), np.argsort(x, kind="stable"))
    x[3] = 99.0
    np.testing.assert_array_equal(_stable_order(x), np.argsort(x, kind="stable"))
    y = x[::-1].copy()
    np.testing.assert_array_equal(_stable_order(y), np.argsort(y, kind="stable"))
