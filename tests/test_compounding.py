"""Compounding over years (hyesan_analysis.model.investor.compounding) and CRRA certainty
equivalents (hyesan_analysis.model.investor.risk): closed forms, known answers, properties,
Monte Carlo convergence and reproducibility."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.investor import (
    RISK_AVERSION_GRID,
    STRATEGIES,
    WEALTH_FLOOR,
    breakeven_risk_aversion,
    certainty_equivalent_return,
    certainty_equivalent_returns,
    certainty_equivalent_wealth,
    compounding_results,
    expected_growth_factor,
    expected_wealth,
    preferred_over_rates,
    route_variant_results,
    ruin_probability,
    seizure_probability_per_year,
    simulate_growth,
    simulate_wealth,
    wealth_from_growth,
)
from hyesan_analysis.model.investor.risk import _log_mean_exp, log_certainty_equivalents
from tests._investor_fixtures import DEFAULT, SIMPLE, SIMPLE_CAR

FIXED, FIXED_CAR = SIMPLE, SIMPLE_CAR  # fixed margin, no halts, no losses, no seizures
STATE_CYCLE = 7_700 / 72_500 - 0.1 * 73 / 365  # one cycle's return after interest
BROKER_CYCLE = 0.2 - 0.1 / 4


# ---------------------------------------------------------------- closed forms


def test_a_deterministic_path_compounds_as_its_closed_form() -> None:
    wealth = simulate_wealth(FIXED, 50, seed=3, n_years=5)
    for years in (1, 3, 5):
        state = (1 + STATE_CYCLE) ** (5 * years)
        broker = (1 + BROKER_CYCLE) ** (4 * years)
        np.testing.assert_allclose(wealth["state_led"][:, years], state, rtol=1e-12)
        np.testing.assert_allclose(wealth["remittance"][:, years], broker, rtol=1e-12)
        assert expected_wealth(FIXED, "state_led", years) == pytest.approx(state, rel=1e-12)
        assert expected_wealth(FIXED, "remittance", years) == pytest.approx(broker, rel=1e-12)
    # the independent car keeps the waku and the company's share, pays 10,000 more: 26,000 on
    # 57,500 of capital a cycle
    indep = (1 + 26_000 / 57_500 - 0.1 * 73 / 365) ** 5
    np.testing.assert_allclose(wealth["independent"][:, 1], indep, rtol=1e-12)
    assert wealth["state_led"][:, 0].tolist() == [1.0] * 50


def test_a_fractional_last_cycle_compounds_pro_rata() -> None:
    # 365 / 100 = 3.65 cycles: three whole ones and 65% of a fourth
    cycle = CapitalCycle(40.0, 10.0, 10.0, 10.0, 30.0)
    p = replace(FIXED, used=replace(FIXED_CAR, cycle=cycle))
    r = 7_700 / 72_500 - 0.1 * 100 / 365
    assert expected_growth_factor(p, "state_led") == pytest.approx(
        (1 + r) ** 3 * (1 + 0.65 * r), rel=1e-12
    )


def test_seizure_probability_per_year_known_answers() -> None:
    assert seizure_probability_per_year(0.1, 1.0) == pytest.approx(0.1, abs=1e-15)
    assert seizure_probability_per_year(0.1, 2.0) == pytest.approx(0.19, abs=1e-15)
    assert seizure_probability_per_year(0.0, 8.0) == 0.0
    # the break-even per cycle of about 17% is a 78% chance a year over 8.2 cycles
    assert seizure_probability_per_year(0.168, 8.2) == pytest.approx(0.778, abs=1e-3)


def test_ruin_counts_any_year_at_or_below_half() -> None:
    w = np.array([[1.0, 0.6, 0.5, 2.0], [1.0, 1.2, 0.7, 0.4], [1.0, 1.1, 1.2, 1.3]])
    assert ruin_probability(w) == pytest.approx(2 / 3)
    assert ruin_probability(w, years=2) == pytest.approx(1 / 3)


# ---------------------------------------------------------------- certainty equivalents


@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.0, 3.0, 5.0])
def test_ce_of_a_two_point_lottery_matches_its_formula(gamma: float) -> None:
    a, b = 0.5, 2.5
    if gamma == 1.0:
        expected = math.sqrt(a * b)  # log utility: the geometric mean
    else:
        expected = ((a ** (1 - gamma) + b ** (1 - gamma)) / 2) ** (1 / (1 - gamma))
    assert certainty_equivalent_wealth([a, b], gamma) == pytest.approx(expected, rel=1e-12)
    # as a return a year over two years
    assert certainty_equivalent_return([a, b], gamma, 2) == pytest.approx(
        expected**0.5 - 1, rel=1e-12
    )


def test_ce_is_continuous_through_log_utility() -> None:
    w = [0.3, 1.0, 4.0]
    at_one = certainty_equivalent_wealth(w, 1.0)
    assert certainty_equivalent_wealth(w, 1.0 - 1e-7) == pytest.approx(at_one, rel=1e-6)
    assert certainty_equivalent_wealth(w, 1.0 + 1e-7) == pytest.approx(at_one, rel=1e-6)


def test_ce_of_a_sure_thing_is_the_thing_at_every_risk_aversion() -> None:
    curve = certainty_equivalent_returns(np.full(10, 1.21), [0.0, 1.0, 2.0, 5.0], years=2)
    np.testing.assert_allclose(curve, 0.1, rtol=1e-12)


def test_ce_refuses_wealth_at_or_below_zero() -> None:
    with pytest.raises(ValueError, match="> 0"):
        certainty_equivalent_wealth([1.0, 0.0], 2.0)
    with pytest.raises(ValueError, match="risk_aversion"):
        certainty_equivalent_wealth([1.0], -1.0)


@settings(max_examples=60, deadline=None)
@given(
    w=st.lists(st.floats(0.01, 100.0), min_size=2, max_size=30),
    g1=st.floats(0.0, 5.0),
    g2=st.floats(0.0, 5.0),
)
def test_ce_of_a_risky_route_falls_as_risk_aversion_rises(
    w: list[float], g1: float, g2: float
) -> None:
    lo, hi = sorted((g1, g2))
    assert certainty_equivalent_wealth(w, hi) <= certainty_equivalent_wealth(w, lo) * (1 + 1e-9)


def test_breakeven_risk_aversion_known_answer() -> None:
    sure = np.full(4, 1.2)
    risky = np.array([0.5, 2.5, 0.5, 2.5])  # mean 1.5: preferred by a risk-neutral investor
    g = breakeven_risk_aversion({"state_led": sure, "independent": risky}, "state_led")
    assert g is not None and 0.0 < g < 5.0
    assert certainty_equivalent_wealth(risky, g) == pytest.approx(1.2, abs=1e-5)
    # the safe route already wins at 0 when it pays more; never when it always pays less
    rich = {"state_led": np.full(4, 1.6), "independent": risky}
    assert breakeven_risk_aversion(rich, "state_led") == 0.0
    poor = {"state_led": np.full(4, 0.5), "independent": np.array([1.9, 2.1, 1.9, 2.1])}
    assert breakeven_risk_aversion(poor, "state_led") is None


# ---------------------------------------------------------------- properties


@settings(max_examples=25, deadline=None)
@given(p1=st.floats(0.0, 0.5), p2=st.floats(0.0, 0.5))
def test_ruin_rises_with_the_seizure_probability(p1: float, p2: float) -> None:
    # same seed: the same draws, only the threshold for a seizure differs
    lo, hi = sorted((p1, p2))
    a = simulate_wealth(
        replace(DEFAULT, crackdown_probability=lo), 400, 5, strategies=("independent",)
    )
    b = simulate_wealth(
        replace(DEFAULT, crackdown_probability=hi), 400, 5, strategies=("independent",)
    )
    assert ruin_probability(b["independent"]) >= ruin_probability(a["independent"])
    assert np.all(b["independent"] <= a["independent"] + 1e-12)


@settings(max_examples=25, deadline=None)
@given(q1=st.floats(0.0, 0.5), q2=st.floats(0.0, 0.5))
def test_broker_ruin_rises_with_the_seizure_probability(q1: float, q2: float) -> None:
    lo, hi = sorted((q1, q2))
    kw = {"strategies": ("remittance",)}
    a = simulate_wealth(replace(DEFAULT, remittance_crackdown_probability=lo), 400, 9, **kw)
    b = simulate_wealth(replace(DEFAULT, remittance_crackdown_probability=hi), 400, 9, **kw)
    assert ruin_probability(b["remittance"]) >= ruin_probability(a["remittance"])


# ---------------------------------------------------------------- Monte Carlo


def test_mean_wealth_converges_to_the_closed_form() -> None:
    # the default state-led route, with its losses, halts and seasons: no cycle can lose more
    # than its capital, so the closed form is exact for the simulated model
    n = 200_000
    w = simulate_wealth(DEFAULT, n, seed=11, strategies=("state_led",), floor=0.0)["state_led"]
    for years in (1, 3, 5):
        x = w[:, years]
        se = x.std(ddof=1) / math.sqrt(n)
        assert abs(x.mean() - expected_wealth(DEFAULT, "state_led", years)) < 4 * se


def test_broker_mean_wealth_converges_when_a_seizure_takes_exactly_the_float() -> None:
    p = replace(DEFAULT, remittance_fine_share_of_float=0.0, annual_interest_rate=0.0)
    n = 200_000
    w = simulate_wealth(p, n, seed=2, strategies=("remittance",), floor=0.0)["remittance"]
    x = w[:, 1]
    se = x.std(ddof=1) / math.sqrt(n)
    assert abs(x.mean() - expected_wealth(p, "remittance", 1)) < 4 * se


def test_same_seed_same_paths_and_routes_do_not_share_draws() -> None:
    a = simulate_wealth(DEFAULT, 2_000, seed=42)
    b = simulate_wealth(DEFAULT, 2_000, seed=42)
    alone = simulate_wealth(DEFAULT, 2_000, seed=42, strategies=("independent",))
    for s in a:
        np.testing.assert_array_equal(a[s], b[s])
    np.testing.assert_array_equal(alone["independent"], a["independent"])
    c = simulate_wealth(DEFAULT, 2_000, seed=43)
    assert not np.array_equal(a["state_led"], c["state_led"])


def test_the_floor_is_absorbing() -> None:
    w = simulate_wealth(DEFAULT, 5_000, seed=1, strategies=("remittance",))["remittance"]
    floored = w[:, 1:-1] <= 0.01
    assert floored.any()
    assert np.all(w[:, 2:][floored] == 0.01)


def test_compounding_results_at_the_defaults() -> None:
    wealth = simulate_wealth(DEFAULT, 20_000, seed=7)
    r = compounding_results(DEFAULT, wealth, risk_aversion=2.0)
    for s in ("state_led", "independent", "remittance"):
        assert 0.0 <= r[f"ruin_probability_5y_{s}"] <= 1.0
        assert r[f"certainty_equivalent_return_{s}"] > -1.0
    assert r["winners"][0] in ("state_led", "independent", "remittance")
    assert r["seizure_probability_per_year"] == pytest.approx(
        1 - 0.9 ** (DEFAULT.calendar.operating_days_per_year() / 41), rel=1e-12
    )
    g = r["breakeven_risk_aversion"]
    assert g is None or 0.0 <= g <= 5.0


def test_simulate_wealth_validation() -> None:
    with pytest.raises(ValueError, match="n_paths"):
        simulate_wealth(DEFAULT, 0, seed=1)
    with pytest.raises(ValueError, match="seed"):
        simulate_wealth(DEFAULT, 10, seed=-1)
    with pytest.raises(ValueError, match="strategies"):
        simulate_wealth(DEFAULT, 10, seed=1, strategies=("gold",))  # type: ignore[arg-type]


def test_preferred_over_rates_reruns_the_same_draws_at_each_rate() -> None:
    rows = preferred_over_rates(DEFAULT, [0.6, 1.2], 2.0, 2_000, seed=3)
    assert [r["rate"] for r in rows] == [0.6, 1.2]
    at_default = compounding_results(DEFAULT, simulate_wealth(DEFAULT, 2_000, 3), 2.0)
    assert rows[0]["breakeven_risk_aversion"] == at_default["breakeven_risk_aversion"]
    best = max(
        ("state_led", "independent", "remittance"),
        key=lambda s: at_default[f"certainty_equivalent_return_{s}"],
    )
    assert rows[0]["preferred"] == best


def test_one_set_of_growth_factors_gives_the_wealth_for_any_floor() -> None:
    growth = simulate_growth(DEFAULT, 2_000, seed=11, n_years=3)
    for floor in (WEALTH_FLOOR.value, 0.001):
        direct = simulate_wealth(DEFAULT, 2_000, seed=11, n_years=3, floor=floor)
        for s in STRATEGIES:
            np.testing.assert_array_equal(wealth_from_growth(growth[s], floor), direct[s])
    with pytest.raises(ValueError, match="floor"):
        wealth_from_growth(growth["state_led"], 1.0)


def test_shared_log_certainty_equivalents_give_the_same_breakeven() -> None:
    wealth = simulate_wealth(DEFAULT, 5_000, seed=5)
    final = {s: w[:, 5] for s, w in wealth.items()}
    shared = {s: log_certainty_equivalents(final[s], RISK_AVERSION_GRID) for s in final}
    assert breakeven_risk_aversion(
        final, "state_led", log_ce_on_grid=shared
    ) == breakeven_risk_aversion(final, "state_led")
    for s in final:
        np.testing.assert_array_equal(
            certainty_equivalent_returns(final[s], RISK_AVERSION_GRID, 5, log_ce=shared[s]),
            certainty_equivalent_returns(final[s], RISK_AVERSION_GRID, 5),
        )


def test_preferred_over_rates_takes_the_runs_own_row_at_its_rate() -> None:
    own = {"preferred": "state_led", "breakeven_risk_aversion": 0.5}
    rows = preferred_over_rates(DEFAULT, [0.6, 0.9], 2.0, 1_000, 3, own_row=own)
    assert rows[0] == {**own, "rate": 0.6}
    assert rows[1]["rate"] == 0.9 and rows[1]["preferred"] in STRATEGIES


def test_a_route_without_its_losses_is_ruined_less_and_preferred_sooner() -> None:
    wealth = simulate_wealth(DEFAULT, 4_000, seed=8)
    res = compounding_results(DEFAULT, wealth, 2.0)
    clean = route_variant_results(
        replace(DEFAULT, downside=()), "state_led", wealth, res["log_ce_curves"], 4_000, 8
    )
    assert clean["ruin_probability"] < res["ruin_probability_5y_state_led"]
    g, g_clean = res["breakeven_risk_aversion"], clean["breakeven_risk_aversion"]
    assert g_clean is not None and (g is None or g_clean <= g)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=50),
    st.floats(-400.0, 400.0),
)
def test_log_mean_exp_agrees_with_scipy_and_never_overflows(
    values: list[float], scale: float
) -> None:
    from scipy.special import logsumexp

    x = np.asarray(values) * scale  # up to exp(2000): overflows unless shifted
    expected = float(logsumexp(x)) - math.log(x.size)
    got = _log_mean_exp(x.copy())
    assert math.isfinite(got)
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert x.min() - 1e-9 <= got <= x.max() + 1e-9  # a mean lies between the extremes


def test_log_mean_exp_known_answers() -> None:
    assert _log_mean_exp(np.array([0.0, 0.0])) == 0.0
    # log((e^1000 + e^1000) / 2) = 1000, where exp(1000) itself overflows
    assert _log_mean_exp(np.array([1000.0, 1000.0])) == pytest.approx(1000.0, abs=1e-12)
    assert _log_mean_exp(np.log(np.array([1.0, 3.0]))) == pytest.approx(math.log(2.0), abs=1e-15)
