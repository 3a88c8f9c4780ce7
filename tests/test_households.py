"""hyesan_analysis.model.households: simulation (reproducibility, validation) and the shock's
algebra. Summaries, defaults and the report's use of the model have their own files
(test_households_*.py)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.households import (
    PRICE_COMPONENTS,
    GroupSpec,
    ShockSpec,
    apply_shock,
    default_groups,
    group_price_indices,
    market_price_index,
    real_change_without_margin,
    simulate_population,
)
from hyesan_analysis.model.inequality import gini

N = 20_000
#: the report's default group shares (its parameters), typed here as test inputs
HYESAN_SHARES = {"investors": 0.03, "traders": 0.30, "state_workers": 0.45, "farmers": 0.22}
#: a shock like the report's (the car report's 10,500 CNY margin), with no margin before
SHOCK = ShockSpec(
    rate_before_kpw_per_cny=1_262.0,
    rate_after_kpw_per_cny=3_000.0,
    passthrough_rice=0.64,
    passthrough_corn=0.64,
    passthrough_imported=0.64,
    passthrough_nontraded=0.64,
    vehicles_per_year=2_000.0,
    profit_per_car_cny=10_500.0,
    investor_profit_share=0.5,
)


def _shock(passthrough: float | None = None, **changes: float) -> ShockSpec:
    """SHOCK with changes; ``passthrough`` sets every good's pass-through to one value."""
    if passthrough is not None:
        for good in PRICE_COMPONENTS:
            changes[f"passthrough_{good}"] = passthrough
    return dataclasses.replace(SHOCK, **changes)


def _hyesan() -> tuple[GroupSpec, ...]:
    return default_groups("hyesan", HYESAN_SHARES)


def _wage_only_groups() -> tuple[GroupSpec, ...]:
    return (
        GroupSpec("workers", 0.6, 50_000.0, 0.5, fx_linked_share=0.0),
        GroupSpec("traders", 0.4, 200_000.0, 0.7, fx_linked_share=1.0),
    )


@pytest.fixture(scope="module")
def hyesan_pop():  # type: ignore[no-untyped-def]
    return simulate_population(_hyesan(), N, seed=11, households_represented=48_000.0)


# --------------------------------------------------------------------------- simulation


def test_same_seed_gives_identical_arrays() -> None:
    a = simulate_population(_hyesan(), 5_000, seed=3)
    b = simulate_population(_hyesan(), 5_000, seed=3)
    c = simulate_population(_hyesan(), 5_000, seed=4)
    assert np.array_equal(a.group_index, b.group_index)
    assert np.array_equal(a.income_won_fixed_kpw, b.income_won_fixed_kpw)
    assert np.array_equal(a.income_fx_linked_kpw, b.income_fx_linked_kpw)
    assert not np.array_equal(a.income_fx_linked_kpw, c.income_fx_linked_kpw)


def test_group_counts_split_and_medians(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    pop = hyesan_pop
    assert pop.n_households == N
    assert pop.income_won_fixed_kpw.dtype == np.float64
    assert not pop.income_won_fixed_kpw.flags.writeable
    groups = _hyesan()
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
    a = simulate_population(_hyesan(), 1_000, seed=1)
    b = simulate_population(_hyesan(), 1_000, seed=1, households_represented=9e4)
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
        ({"smuggling_role": "company"}, "smuggling_role"),
        ({"food_share": 1.1}, "food_share"),
        ({"rice_share_of_food": -0.1}, "rice_share_of_food"),
        ({"imported_share_of_nonfood": 2.0}, "imported_share_of_nonfood"),
        ({"informal_won_share": 0.2}, r"fx_linked_share \+ informal_won_share .* at most 1"),
    ],
)
def test_group_validation_names_the_field(change: dict, match: str) -> None:
    groups = list(_hyesan())
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
    g = _hyesan()
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
        ("passthrough_rice", -5.1),
        ("passthrough_nontraded", float("nan")),
        ("informal_indexed_share", 1.2),
        ("investor_profit_share", 1.5),
        ("vehicles_per_year", float("inf")),
    ]:
        with pytest.raises(ValueError, match=field):
            apply_shock(pop, _shock(**{field: bad}))


# --------------------------------------------------------------------------- shock algebra


def test_zero_passthrough_leaves_won_incomes_unchanged(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    shock = _shock(passthrough=0.0, vehicles_per_year=0.0, informal_indexed_share=0.7)
    before, after = apply_shock(hyesan_pop, shock)
    ratio = 3_000.0 / 1_262.0
    pop = hyesan_pop
    # no price moves: only the yuan income is worth more, in won and in real terms
    expected = pop.income_total_kpw + pop.income_fx_linked_kpw * (ratio - 1)
    np.testing.assert_allclose(after, expected, rtol=1e-12)
    np.testing.assert_array_equal(before, hyesan_pop.income_total_kpw)


def test_full_passthrough_keeps_fx_income_real_value(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    shock = _shock(passthrough=1.0, vehicles_per_year=0.0, informal_indexed_share=0.4)
    pop = hyesan_pop
    _, after = apply_shock(pop, shock)
    price = 3_000.0 / 1_262.0  # every good's price follows the rate: one price level
    expected = (
        pop.income_won_fixed_kpw / price
        + pop.income_fx_linked_kpw
        + pop.income_informal_won_kpw * (0.6 / price + 0.4)
        + pop.income_food_production_kpw
    )
    np.testing.assert_allclose(after, expected, rtol=1e-12)
    # a fully fx-linked household keeps exactly its real income
    pop = simulate_population(_wage_only_groups(), 1_000, seed=2)
    b, a = apply_shock(pop, shock)
    traders = pop.group_index == 1
    np.testing.assert_allclose(a[traders], b[traders], rtol=1e-12)


@pytest.mark.parametrize("split", [0.5, 0.8, 1.0, 0.0])
def test_the_margin_is_split_between_investors_and_traders_in_proportion(
    hyesan_pop,
    split: float,  # type: ignore[no-untyped-def]
) -> None:
    pop = hyesan_pop
    shock = _shock(investor_profit_share=split)
    _, with_profit = apply_shock(pop, shock)
    _, without = apply_shock(pop, dataclasses.replace(shock, vehicles_per_year=0.0))
    extra = with_profit - without
    inv, trd = pop.group_index == 0, pop.group_index == 1
    assert np.all(extra[~(inv | trd)] == 0.0)  # workers and farmers get none of it
    # the city's margin a month: vehicles x margin x rate / 12, real, scaled to the sample
    price = (3_000.0 / 1_262.0) ** 0.64  # one pass-through for every good: one price level
    margin = 2_000 * 10_500 * 3_000 / 12 / price * N / 48_000.0
    assert float(extra[inv].sum()) == pytest.approx(split * margin, rel=1e-12, abs=1e-6)
    assert float(extra[trd].sum()) == pytest.approx((1 - split) * margin, rel=1e-12, abs=1e-6)
    assert float(extra.sum()) == pytest.approx(margin, rel=1e-12)
    for group, part in ((inv, split), (trd, 1 - split)):
        assert np.all(extra[group] > 0.0) if part > 0 else np.all(extra[group] == 0.0)
        if part > 0:  # within a group, in proportion to the yuan income
            basis = pop.income_fx_linked_kpw[group]
            np.testing.assert_allclose(extra[group] / basis, extra[group][0] / basis[0], rtol=1e-9)


def test_profit_does_not_depend_on_sample_size() -> None:
    means = []
    for n in (4_000, 40_000):
        pop = simulate_population(_hyesan(), n, seed=9, households_represented=48_000.0)
        shock = SHOCK
        _, a = apply_shock(pop, shock)
        _, a0 = apply_shock(pop, dataclasses.replace(shock, vehicles_per_year=0.0))
        means.append(float((a - a0)[pop.group_index == 0].mean()))
    assert means[0] == pytest.approx(means[1], rel=0.2)


def test_profit_without_recipients_raises() -> None:
    pop = simulate_population(_wage_only_groups(), 100, seed=0)
    with pytest.raises(ValueError, match="smuggling_role='investor'"):
        apply_shock(pop, SHOCK)
    with pytest.raises(ValueError, match="smuggling_role='trader'"):
        apply_shock(pop, _shock(investor_profit_share=0.0))
    before, after = apply_shock(pop, _shock(vehicles_per_year=0.0))
    assert before.shape == after.shape == (100,)


def test_profit_before_enters_before_income(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    b0, _ = apply_shock(hyesan_pop, _shock(profit_per_car_before_cny=0.0))
    b1, _ = apply_shock(hyesan_pop, _shock(profit_per_car_before_cny=5_500.0))
    # the whole margin before (investors' half and traders' half), at the before-rate
    added = 2_000 * 5_500 * 1_262 / 12 * N / 48_000.0
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
        passthrough=min(pt_a, pt_b),
        vehicles_per_year=0.0,
    )
    big = _shock(
        rate_after_kpw_per_cny=max(rate_a, rate_b),
        passthrough=max(pt_a, pt_b),
        vehicles_per_year=0.0,
    )
    before, after_small = apply_shock(pop, small)
    _, after_big = apply_shock(pop, big)
    wage = pop.group_index == 0
    assert np.all(after_big[wage] <= after_small[wage] * (1 + 1e-12))
    assert np.all(after_small[wage] <= before[wage] * (1 + 1e-12))


# --------------------------------------------------------------------------- the shock's formulas


def test_shock_formulas_known_answers() -> None:
    ratio = 3_000.0 / 1_262.0
    assert SHOCK.rate_ratio == ratio
    shock = _shock(passthrough_rice=0.93, passthrough_corn=0.5, passthrough_nontraded=0.0)
    assert shock.price_factor("rice") == pytest.approx(ratio**0.93, rel=1e-15)
    assert shock.price_factor("corn") == pytest.approx(ratio**0.5, rel=1e-15)
    assert shock.price_factor("imported") == pytest.approx(1.7405, abs=1e-4)  # ratio ** 0.64
    assert shock.price_factor("nontraded") == 1.0
    food = shock.with_food_passthrough(1.0)
    assert food.price_factor("rice") == food.price_factor("corn") == ratio
    assert food.passthrough_imported == 0.64
    with pytest.raises(ValueError, match="component must be"):
        shock.passthrough("fuel")  # type: ignore[arg-type]


def test_profit_pool_known_answers() -> None:
    shock = _shock(profit_per_car_before_cny=5_500.0, investor_profit_share=0.6)
    # 2,000 vehicles x 10,500 CNY / 12 months = 1,750,000 CNY a month
    assert shock.monthly_profit_pool("after") == 1_750_000.0
    assert shock.monthly_profit_pool("after", role="investor") == pytest.approx(1_050_000.0)
    assert shock.monthly_profit_pool("after", role="trader") == pytest.approx(700_000.0)
    # 2,000 x 5,500 / 12, and in won at 1,262 KPW per CNY
    assert shock.monthly_profit_pool("before") == pytest.approx(916_666.667, abs=1e-3)
    assert shock.monthly_profit_pool("before", 1_262.0) == pytest.approx(2_000 * 5_500 * 1_262 / 12)
    assert shock.pays_profit
    assert not _shock(vehicles_per_year=0.0).pays_profit
    assert _shock(vehicles_per_year=0.0).monthly_profit_pool("after", 3_000.0) == 0.0
    # the split moves the margin between investors and traders, never out of the city
    assert _shock(investor_profit_share=0.0).pays_profit
    assert _shock(investor_profit_share=0.0).monthly_profit_pool("after", role="investor") == 0
    with pytest.raises(ValueError, match="role must be"):
        shock.monthly_profit_pool("after", role="company")  # type: ignore[arg-type]


@given(split=st.floats(0.0, 1.0), margin=st.floats(0.0, 100_000.0), rate=st.floats(1.0, 1e5))
def test_the_two_parts_add_up_to_the_margin(split: float, margin: float, rate: float) -> None:
    shock = _shock(investor_profit_share=split, profit_per_car_cny=margin)
    parts = sum(shock.monthly_profit_pool("after", rate, role) for role in ("investor", "trader"))
    assert parts == pytest.approx(shock.monthly_profit_pool("after", rate), rel=1e-12, abs=1e-9)


def test_apply_shock_uses_the_shock_formulas(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    """The simulation and the report's prose share one formula for the pool and the factors."""
    shock = _shock(
        profit_per_car_before_cny=5_500.0, passthrough_rice=0.9, informal_indexed_share=0.5
    )
    pop = hyesan_pop
    before, after = apply_shock(pop, shock)
    _, after_np = apply_shock(pop, dataclasses.replace(shock, vehicles_per_year=0.0))
    scale = N / 48_000.0  # simulated households per real one
    index = group_price_indices(pop, shock)[pop.group_index]
    extra = (after - after_np) * index  # the margin in nominal won
    pool_after = shock.monthly_profit_pool("after", 3_000.0)
    assert float(extra.sum()) == pytest.approx(pool_after * scale, rel=1e-12)
    market = market_price_index(pop.groups, shock)
    for k, g in enumerate(pop.groups):
        m = pop.group_index == k
        change = real_change_without_margin(g, shock, market)
        np.testing.assert_allclose(after_np[m], pop.income_total_kpw[m] * (1 + change), rtol=1e-12)
    total_before = float((before - pop.income_total_kpw).sum())
    assert total_before == pytest.approx(shock.monthly_profit_pool("before", 1_262.0) * scale)


def test_fx_linked_share_of_income(hyesan_pop) -> None:  # type: ignore[no-untyped-def]
    pop = simulate_population(_wage_only_groups(), 1_000, seed=4)
    traders = pop.group_index == 1
    expected = pop.income_total_kpw[traders].sum() / pop.income_total_kpw.sum()
    assert pop.fx_linked_share_of_income == pytest.approx(expected, rel=1e-12)
    assert 0.0 < hyesan_pop.fx_linked_share_of_income < 1.0
