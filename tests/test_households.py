"""Tests for hyesan_analysis.model.households: reproducibility, validation, shock algebra."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.households import (
    DEFAULT_PRICE_PASSTHROUGH,
    SUMMARY_KEYS,
    GroupSpec,
    ShockSpec,
    apply_shock,
    decile_changes,
    default_groups,
    default_households_represented,
    default_shock,
    group_table,
    simulate_population,
    summary_metrics,
)
from hyesan_analysis.model.inequality import gini

N = 20_000


def _shock(**changes: float) -> ShockSpec:
    return dataclasses.replace(default_shock("hyesan"), **changes)


def _wage_only_groups() -> tuple[GroupSpec, ...]:
    return (
        GroupSpec("workers", 0.6, 50_000.0, 0.5, fx_linked_share=0.0),
        GroupSpec("traders", 0.4, 200_000.0, 0.7, fx_linked_share=1.0),
    )


@pytest.fixture(scope="module")
def hyesan_pop():  # type: ignore[no-untyped-def]
    return simulate_population(
        default_groups("hyesan"), N, seed=11, households_represented=48_000.0
    )


# --------------------------------------------------------------------------- simulation


def test_same_seed_gives_identical_arrays() -> None:
    a = simulate_population(default_groups("hyesan"), 5_000, seed=3)
    b = simulate_population(default_groups("hyesan"), 5_000, seed=3)
    c = simulate_population(default_groups("hyesan"), 5_000, seed=4)
    assert np.array_equal(a.group_index, b.group_index)
    assert np.array_equal(a.income_won_fixed_kpw, b.income_won_fixed_kpw)
    assert np.array_equal(a.income_fx_linked_kpw, b.income_fx_linked_kpw)
    assert not np.array_equal(a.income_fx_linked_kpw, c.income_fx_linked_kpw)


def test_group_counts_split_and_medians(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    pop = hyesan_pop
    assert pop.n_households == N
    assert pop.income_won_fixed_kpw.dtype == np.float64
    assert not pop.income_won_fixed_kpw.flags.writeable
    groups = default_groups("hyesan")
    counts = np.bincount(pop.group_index, minlength=len(groups))
    for g, c in zip(groups, counts, strict=True):
        assert abs(c - g.population_share * N) <= 1
    total = pop.income_total_kpw
    assert np.all(total > 0)
    for k, g in enumerate(groups):
        m = pop.group_index == k
        fx_share = pop.income_fx_linked_kpw[m] / total[m]
        np.testing.assert_allclose(fx_share, g.fx_linked_share, atol=1e-12)
        if g.pareto_tail_alpha is None:  # median of a lognormal group, 4% at these sizes
            assert np.median(total[m]) == pytest.approx(g.median_income_kpw_month, rel=0.04)
    assert set(pop.labels.tolist()) == {g.name for g in groups}


def test_pareto_tail_replaces_top_of_lognormal() -> None:
    g = GroupSpec("inv", 1.0, 1000.0, 0.5, 0.5, pareto_tail_alpha=3.0, pareto_tail_share=0.1)
    pop = simulate_population([g], 200_000, seed=5)
    y = pop.income_total_kpw
    y_min = 1000.0 * np.exp(0.5 * 1.2815515655446004)  # lognormal 90th percentile
    tail = y[y > y_min]
    assert tail.size / y.size == pytest.approx(0.1, abs=0.005)
    # the tail is Pareto I with alpha 3: Gini 1/(2*3-1) = 0.2
    assert gini(tail) == pytest.approx(0.2, abs=0.01)


def test_households_represented_does_not_change_incomes() -> None:
    a = simulate_population(default_groups("hyesan"), 1_000, seed=1)
    b = simulate_population(default_groups("hyesan"), 1_000, seed=1, households_represented=9e4)
    assert np.array_equal(a.income_fx_linked_kpw, b.income_fx_linked_kpw)
    assert a.households_represented == 1_000.0


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"population_share": 0.5}, "sum to 1"),
        ({"population_share": -0.1}, "population_share"),
        ({"median_income_kpw_month": 0.0}, "median_income_kpw_month"),
        ({"sigma_log": -1.0}, "sigma_log"),
        ({"fx_linked_share": 1.2}, "fx_linked_share"),
        ({"fx_linked_share": float("nan")}, "fx_linked_share"),
        ({"pareto_tail_alpha": 0.9}, "pareto_tail_alpha"),
        ({"pareto_tail_share": 0.0}, "pareto_tail_share"),
        ({"pareto_tail_alpha": None}, "set both or neither"),
    ],
)
def test_group_validation_names_the_field(change: dict, match: str) -> None:
    groups = list(default_groups("hyesan"))
    groups[0] = dataclasses.replace(groups[0], **change)
    with pytest.raises(ValueError, match=match):
        simulate_population(groups, 100, seed=0)


def test_shares_within_tolerance_accepted() -> None:
    groups = [
        GroupSpec("a", 0.1, 1.0, 0.1, 0.0),
        GroupSpec("b", 0.2, 1.0, 0.1, 0.0),
        GroupSpec("c", 0.7 + 5e-10, 1.0, 0.1, 0.0),
    ]
    assert simulate_population(groups, 10, seed=0).n_households == 10
    groups[2] = GroupSpec("c", 0.7 + 1e-8, 1.0, 0.1, 0.0)
    with pytest.raises(ValueError, match="sum to 1"):
        simulate_population(groups, 10, seed=0)


def test_other_argument_validation() -> None:
    g = default_groups("hyesan")
    with pytest.raises(ValueError, match="n_households"):
        simulate_population(g, 0, seed=0)
    with pytest.raises(ValueError, match="households_represented"):
        simulate_population(g, 10, seed=0, households_represented=-5.0)
    with pytest.raises(ValueError, match="duplicate"):
        simulate_population([g[1], g[1]], 10, seed=0)
    with pytest.raises(ValueError, match="city"):
        default_groups("kaesong")
    pop = simulate_population(g, 100, seed=0)
    for field, bad in [
        ("rate_before_kpw_per_cny", 0.0),
        ("price_passthrough", -0.1),
        ("investor_profit_share", 1.5),
        ("cars_per_year", float("inf")),
    ]:
        with pytest.raises(ValueError, match=field):
            apply_shock(pop, _shock(**{field: bad}))


# --------------------------------------------------------------------------- shock algebra


def test_zero_passthrough_leaves_won_incomes_unchanged(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    shock = _shock(price_passthrough=0.0, cars_per_year=0.0)
    before, after = apply_shock(hyesan_pop, shock)
    ratio = 3_000.0 / 1_262.0
    expected = hyesan_pop.income_won_fixed_kpw + hyesan_pop.income_fx_linked_kpw * ratio
    np.testing.assert_allclose(after, expected, rtol=1e-12)
    np.testing.assert_array_equal(before, hyesan_pop.income_total_kpw)


def test_full_passthrough_keeps_fx_income_real_value(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    shock = _shock(price_passthrough=1.0, cars_per_year=0.0)
    _, after = apply_shock(hyesan_pop, shock)
    price = 3_000.0 / 1_262.0
    expected = hyesan_pop.income_won_fixed_kpw / price + hyesan_pop.income_fx_linked_kpw
    np.testing.assert_allclose(after, expected, rtol=1e-12)
    # a fully fx-linked household keeps exactly its real income
    pop = simulate_population(_wage_only_groups(), 1_000, seed=2)
    b, a = apply_shock(pop, shock)
    traders = pop.group_index == 1
    np.testing.assert_allclose(a[traders], b[traders], rtol=1e-12)


def test_smuggling_profit_goes_to_investors_in_proportion(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    pop = hyesan_pop
    shock = default_shock("hyesan")
    _, with_profit = apply_shock(pop, shock)
    _, without = apply_shock(pop, dataclasses.replace(shock, cars_per_year=0.0))
    extra = with_profit - without
    inv = pop.group_index == 0
    assert np.all(extra[~inv] == 0.0)
    assert np.all(extra[inv] > 0.0)
    # city pool: cars x profit x share x rate / 12, real, scaled to the simulated sample
    pool = 2_000 * 11_000 * 0.5 * 3_000 / 12 / shock.price_level_after
    assert float(extra.sum()) == pytest.approx(pool * N / 48_000.0, rel=1e-12)
    basis = pop.income_fx_linked_kpw[inv]
    np.testing.assert_allclose(extra[inv] / basis, extra[inv][0] / basis[0], rtol=1e-9)


def test_profit_does_not_depend_on_sample_size() -> None:
    means = []
    for n in (4_000, 40_000):
        pop = simulate_population(
            default_groups("hyesan"), n, seed=9, households_represented=48_000.0
        )
        shock = default_shock("hyesan")
        _, a = apply_shock(pop, shock)
        _, a0 = apply_shock(pop, dataclasses.replace(shock, cars_per_year=0.0))
        means.append(float((a - a0)[pop.group_index == 0].mean()))
    assert means[0] == pytest.approx(means[1], rel=0.2)


def test_profit_without_recipients_raises() -> None:
    pop = simulate_population(_wage_only_groups(), 100, seed=0)
    with pytest.raises(ValueError, match="receives_smuggling_profit"):
        apply_shock(pop, default_shock("hyesan"))
    before, after = apply_shock(pop, _shock(cars_per_year=0.0))
    assert before.shape == after.shape == (100,)


def test_profit_before_enters_before_income(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    b0, _ = apply_shock(hyesan_pop, _shock(profit_per_car_before_cny=0.0))
    b1, _ = apply_shock(hyesan_pop, _shock(profit_per_car_before_cny=6_000.0))
    added = 2_000 * 6_000 * 0.5 * 1_262 / 12 * N / 48_000.0
    assert float((b1 - b0).sum()) == pytest.approx(added, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    rate_a=st.floats(min_value=1_262.0, max_value=20_000.0),
    rate_b=st.floats(min_value=1_262.0, max_value=20_000.0),
    pt_a=st.floats(min_value=0.0, max_value=1.5),
    pt_b=st.floats(min_value=0.0, max_value=1.5),
)
def test_bigger_shock_never_raises_wage_income(
    rate_a: float, rate_b: float, pt_a: float, pt_b: float
) -> None:
    pop = simulate_population(_wage_only_groups(), 200, seed=1)
    small = _shock(
        rate_after_kpw_per_cny=min(rate_a, rate_b),
        price_passthrough=min(pt_a, pt_b),
        cars_per_year=0.0,
    )
    big = _shock(
        rate_after_kpw_per_cny=max(rate_a, rate_b),
        price_passthrough=max(pt_a, pt_b),
        cars_per_year=0.0,
    )
    before, after_small = apply_shock(pop, small)
    _, after_big = apply_shock(pop, big)
    wage = pop.group_index == 0
    assert np.all(after_big[wage] <= after_small[wage] * (1 + 1e-12))
    assert np.all(after_small[wage] <= before[wage] * (1 + 1e-12))


# --------------------------------------------------------------------------- summaries


def test_summary_metrics_keys_and_direction(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    before, after = apply_shock(hyesan_pop, default_shock("hyesan"))
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
    before, after = apply_shock(hyesan_pop, default_shock("hyesan"))
    rows = group_table(hyesan_pop, before, after)
    assert [r.name for r in rows] == ["investors", "traders", "state_workers", "farmers"]
    assert sum(r.count for r in rows) == N
    assert sum(r.share_of_income_before for r in rows) == pytest.approx(1.0)
    assert sum(r.share_of_income_after for r in rows) == pytest.approx(1.0)
    by_name = {r.name: r for r in rows}
    assert by_name["state_workers"].pct_change < 0 < by_name["investors"].pct_change


def test_defaults_are_consistent() -> None:
    for city in ("hyesan", "pyongyang"):
        groups = default_groups(city)
        assert sum(g.population_share for g in groups) == pytest.approx(1.0, abs=1e-12)
        assert default_households_represented(city) > 0
        shock = default_shock(city)
        assert shock.price_passthrough == DEFAULT_PRICE_PASSTHROUGH
        assert (shock.rate_before_kpw_per_cny, shock.rate_after_kpw_per_cny) == (1262.0, 3000.0)
    assert default_shock("pyongyang").cars_per_year == 0.0
    # Pyongyang: a larger state-wage sector with less access to foreign currency
    hy = {g.name: g for g in default_groups("hyesan")}
    py = {g.name: g for g in default_groups("pyongyang")}
    assert py["state_workers"].population_share > hy["state_workers"].population_share
    assert py["state_workers"].fx_linked_share < hy["state_workers"].fx_linked_share
