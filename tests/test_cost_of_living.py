"""Group-specific cost of living (hyesan_analysis.model.households.baskets): known answers
(one basket gives the single index; Deaton's net-benefit ratio to first order) and
properties (a larger food share loses more when food prices rise faster than the rest)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.households import (
    PRICE_COMPONENTS,
    GroupSpec,
    ShockSpec,
    apply_shock,
    basket_weights,
    cost_of_living_index,
    food_price_factor,
    market_price_index,
    real_change_without_margin,
    simulate_population,
)
from hyesan_analysis.model.inequality import gini

RATE_BEFORE, RATE_AFTER = 1_262.0, 3_000.0
R = RATE_AFTER / RATE_BEFORE


def _shock(rice: float, corn: float, imported: float, nontraded: float, **kw: float) -> ShockSpec:
    return ShockSpec(
        rate_before_kpw_per_cny=RATE_BEFORE,
        rate_after_kpw_per_cny=kw.pop("rate_after", RATE_AFTER),
        passthrough_rice=rice,
        passthrough_corn=corn,
        passthrough_imported=imported,
        passthrough_nontraded=nontraded,
        vehicles_per_year=0.0,
        profit_per_car_cny=0.0,
        investor_profit_share=0.5,
        **kw,
    )


def _group(name: str = "g", share: float = 1.0, **kw: float) -> GroupSpec:
    fields = {"median_income_kpw_month": 50_000.0, "sigma_log": 0.5, "fx_linked_share": 0.0}
    fields.update(kw)
    return GroupSpec(name, share, **fields)  # type: ignore[arg-type]


passthroughs = st.floats(0.0, 1.5)
shares = st.floats(0.0, 1.0)


def test_basket_weights_and_index_known_answer() -> None:
    g = _group(food_share=0.6, rice_share_of_food=0.25, imported_share_of_nonfood=0.5)
    w = basket_weights(g)
    assert w == pytest.approx({"rice": 0.15, "corn": 0.45, "imported": 0.2, "nontraded": 0.2})
    assert math.fsum(w.values()) == pytest.approx(1.0, abs=1e-15)
    shock = _shock(1.0, 0.5, 1.0, 0.0)
    expected = 0.15 * R + 0.45 * R**0.5 + 0.2 * R + 0.2 * 1.0
    assert cost_of_living_index(g, shock) == pytest.approx(expected, rel=1e-14)
    assert food_price_factor(g, shock) == pytest.approx(0.25 * R + 0.75 * R**0.5, rel=1e-14)


@settings(max_examples=60, deadline=None)
@given(food=shares, rice=shares, imported=shares, b=st.tuples(*[passthroughs] * 4))
def test_one_basket_for_every_group_gives_the_single_index(
    food: float, rice: float, imported: float, b: tuple[float, float, float, float]
) -> None:
    """Every group with the same food share (and mix): each group's index is the city's."""
    basket = {"food_share": food, "rice_share_of_food": rice, "imported_share_of_nonfood": imported}
    groups = [
        _group("poor", 0.7, median_income_kpw_month=30_000.0, **basket),
        _group("rich", 0.3, median_income_kpw_month=900_000.0, fx_linked_share=0.8, **basket),
    ]
    shock = _shock(*b)
    city = market_price_index(groups, shock)
    for g in groups:
        assert cost_of_living_index(g, shock) == pytest.approx(city, rel=1e-13)


@settings(max_examples=60, deadline=None)
@given(food=shares, rice=shares, imported=shares, b=passthroughs)
def test_one_pass_through_for_every_good_gives_the_single_price_level(
    food: float, rice: float, imported: float, b: float
) -> None:
    """With one pass-through for every good, any basket's index is the price level R ** b."""
    g = _group(food_share=food, rice_share_of_food=rice, imported_share_of_nonfood=imported)
    shock = _shock(b, b, b, b)
    assert cost_of_living_index(g, shock) == pytest.approx(R**b, rel=1e-13)


@settings(max_examples=100, deadline=None)
@given(
    f1=shares,
    f2=shares,
    rice=shares,
    imported=shares,
    b_food=st.floats(0.3, 1.5),
    b_other=st.floats(0.0, 1.0),
    fx=st.floats(0.0, 0.5),
    informal=st.floats(0.0, 0.5),
    indexed=shares,
)
def test_a_larger_food_share_loses_more_when_food_rises_faster(
    f1: float,
    f2: float,
    rice: float,
    imported: float,
    b_food: float,
    b_other: float,
    fx: float,
    informal: float,
    indexed: float,
) -> None:
    """Food prices rising faster than the other goods: more food, more real loss."""
    b_other = min(b_other, b_food)
    low, high = sorted((f1, f2))
    shock = _shock(b_food, b_food, b_other, b_other, informal_indexed_share=indexed)
    base = {
        "rice_share_of_food": rice,
        "imported_share_of_nonfood": imported,
        "fx_linked_share": fx,
        "informal_won_share": informal,
    }
    lean, heavy = _group(food_share=low, **base), _group(food_share=high, **base)
    market = 1.7  # any market index: both groups' informal earnings follow the same one
    assert cost_of_living_index(heavy, shock) >= cost_of_living_index(lean, shock) * (1 - 1e-12)
    change_lean = real_change_without_margin(lean, shock, market)
    change_heavy = real_change_without_margin(heavy, shock, market)
    assert change_heavy <= change_lean + 1e-12


def test_a_larger_food_share_loses_more_in_the_simulation() -> None:
    """The same through apply_shock: two groups alike but for their food share."""
    common = {"fx_linked_share": 0.2, "informal_won_share": 0.3}
    groups = [
        _group("lean", 0.5, food_share=0.3, **common),
        _group("heavy", 0.5, food_share=0.7, **common),
    ]
    pop = simulate_population(groups, 2_000, seed=3)
    before, after = apply_shock(pop, _shock(1.0, 1.0, 0.5, 0.2, informal_indexed_share=0.5))
    ratio = after / before
    lean, heavy = ratio[pop.group_index == 0], ratio[pop.group_index == 1]
    np.testing.assert_allclose(lean, lean[0], rtol=1e-12)  # one factor per group
    assert heavy[0] < lean[0]


def test_deaton_net_benefit_ratio_to_first_order() -> None:
    """Only food prices move, by a small log change: the real gain is the net-benefit ratio
    times it (Deaton 1989), for a net seller and a net buyer."""
    small = _shock(1.0, 1.0, 0.0, 0.0, rate_after=RATE_BEFORE * 1.001)
    dlog = math.log(1.001)
    for production, food in ((0.65, 0.55), (0.1, 0.6)):
        g = _group(food_production_share=production, food_share=food)
        assert g.net_benefit_ratio == pytest.approx(production - food, abs=1e-15)
        change = real_change_without_margin(g, small, market_index=1.0)
        assert change / dlog == pytest.approx(production - food, abs=2e-3)
    # a large move: the net seller gains, the net buyer loses
    big = _shock(1.0, 1.0, 0.0, 0.0)
    seller = _group(food_production_share=0.65, food_share=0.55)
    buyer = _group(food_production_share=0.0, food_share=0.55)
    assert (
        real_change_without_margin(seller, big, 1.0)
        > 0
        > real_change_without_margin(buyer, big, 1.0)
    )


def test_indexed_informal_earnings_follow_the_market_index() -> None:
    shock = _shock(0.9, 0.9, 1.0, 0.3, informal_indexed_share=1.0)
    g = _group(informal_won_share=1.0, fx_linked_share=0.0)
    market = cost_of_living_index(g, shock)  # fully indexed to its own index: no change
    assert real_change_without_margin(g, shock, market) == pytest.approx(0.0, abs=1e-14)
    fixed = dataclasses.replace(shock, informal_indexed_share=0.0)
    assert real_change_without_margin(g, fixed, market) == pytest.approx(1 / market - 1)


def test_the_gini_moves_with_the_food_pass_through() -> None:
    """Poor food-heavy and rich food-light households: dearer food widens the gap."""
    groups = [
        _group("poor", 0.8, median_income_kpw_month=40_000.0, food_share=0.7),
        _group("rich", 0.2, median_income_kpw_month=400_000.0, food_share=0.2, fx_linked_share=0.5),
    ]
    pop = simulate_population(groups, 5_000, seed=1)
    ginis = [gini(apply_shock(pop, _shock(b, b, 1.0, 0.3))[1]) for b in (0.0, 0.5, 1.0, 1.5)]
    assert np.all(np.diff(ginis) > 0), ginis
    # one basket for everyone and one pass-through for every good, no grown food and no
    # indexing: one index deflates every income and the Gini cannot see prices
    same = [dataclasses.replace(g, food_share=0.5) for g in groups]
    pop = simulate_population(same, 5_000, seed=1)
    flat = [gini(apply_shock(pop, _shock(b, b, b, b))[1]) for b in (0.0, 0.5, 1.0)]
    assert flat == pytest.approx([flat[0]] * 3, abs=1e-12)


def test_every_component_is_a_basket_weight() -> None:
    assert set(basket_weights(_group())) == set(PRICE_COMPONENTS)
