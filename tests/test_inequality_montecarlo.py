"""The Monte Carlo over the assumed group parameters (hyesan_analysis.model.households.
uncertainty): reproducibility, the draws stay inside their ranges, intervals and drivers."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from hyesan_analysis.model.households import (
    DEFAULT_RANGES,
    AssumedRange,
    City,
    ShockSpec,
    apply_shock,
    bottom_change,
    default_groups,
    monte_carlo,
    simulate_population,
    summary_metrics,
)
from hyesan_analysis.reporting.specs import inequality_uncertainty as unc
from tests.test_households import HYESAN_SHARES

SHOCK = ShockSpec(
    rate_before_kpw_per_cny=1_262.0,
    rate_after_kpw_per_cny=3_000.0,
    passthrough_rice=0.93,
    passthrough_corn=0.9,
    passthrough_imported=1.0,
    passthrough_nontraded=0.3,
    vehicles_per_year=2_000.0,
    profit_per_car_cny=10_500.0,
    investor_profit_share=0.5,
    profit_per_car_before_cny=5_500.0,
    informal_indexed_share=0.5,
)
CITY = City("Hyesan", default_groups("hyesan", HYESAN_SHARES), SHOCK, 2_000, 1, 48_000.0)


@pytest.fixture(scope="module")
def mc():  # type: ignore[no-untyped-def]
    return monte_carlo(CITY, n_draws=40, n_households=2_000, seed=5)


def test_same_seed_bit_identical_other_seed_not(mc) -> None:  # type: ignore[no-untyped-def]
    again = monte_carlo(CITY, n_draws=40, n_households=2_000, seed=5)
    assert np.array_equal(mc.draws, again.draws)
    assert np.array_equal(mc.gini_change, again.gini_change)
    assert np.array_equal(mc.bottom40_change, again.bottom40_change)
    other = monte_carlo(CITY, n_draws=40, n_households=2_000, seed=6)
    assert not np.array_equal(mc.gini_change, other.gini_change)


def test_draws_stay_in_their_ranges(mc) -> None:  # type: ignore[no-untyped-def]
    names = [g.name for g in CITY.groups]
    assert len(mc.labels) == 5 * len(names) + 1 == mc.draws.shape[1]
    assert mc.labels[0] == "investors population_share"
    assert mc.labels[-1] == "informal_indexed_share"
    col = {label: mc.draws[:, j] for j, label in enumerate(mc.labels)}
    for g in CITY.groups:
        median = col[f"{g.name} median_income_kpw_month"] / g.median_income_kpw_month
        assert np.all((median >= 2 / 3 - 1e-12) & (median <= 1.5 + 1e-12))
        spread = col[f"{g.name} sigma_log"] - g.sigma_log
        assert np.all(np.abs(spread) <= 0.15 + 1e-12)
        # a Latin hypercube: one draw in each of the 40 strata of every range
        strata = np.floor(40 * (np.log(median) - math.log(2 / 3)) / math.log(2.25)).astype(int)
        assert sorted(strata.tolist()) == list(range(40))
    indexed = col["informal_indexed_share"]
    assert np.all((indexed >= 0.2) & (indexed <= 0.8))


def test_intervals_and_drivers(mc) -> None:  # type: ignore[no-untyped-def]
    low, high = mc.interval("gini_change")
    assert low < high
    assert low <= float(np.median(mc.gini_change)) <= high
    assert mc.interval("bottom40_change", level=0.5)[0] >= mc.interval("bottom40_change")[0]
    drivers = mc.drivers("bottom40_change")
    sizes = [abs(d.rank_correlation) for d in drivers]
    assert sizes == sorted(sizes, reverse=True)
    assert all(-1.0 <= d.rank_correlation <= 1.0 for d in drivers)
    assert len(mc.drivers("gini_change", top=3)) == 3
    with pytest.raises(ValueError, match="outcome must be"):
        mc.values("palma")  # type: ignore[arg-type]


def test_a_planted_driver_comes_first() -> None:
    """Drawing only the indexed share and the state workers' food share, over a wide range,
    the indexed share leads the poorest 40%'s change (workers' won sidelines follow it)."""
    ranges = (
        dataclasses.replace(DEFAULT_RANGES[-1], low=0.0, high=1.0),
        AssumedRange("food_share", -0.01, 0.01, "add", "share", "narrow"),
    )
    mc = monte_carlo(CITY, n_draws=30, n_households=2_000, seed=2, ranges=ranges)
    top = mc.drivers("bottom40_change", top=1)[0]
    assert top.label == "informal_indexed_share" and top.rank_correlation > 0.9


def test_bottom_change_matches_summary_metrics() -> None:
    pop = simulate_population(CITY.groups, 5_001, seed=3, households_represented=48_000.0)
    before, after = apply_shock(pop, SHOCK)
    expected = summary_metrics(before, after)["real_income_change_bottom40"]
    assert bottom_change(before, after) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="selects none or all"):
        bottom_change(before[:1], after[:1])


def test_words(mc) -> None:  # type: ignore[no-untyped-def]
    assert (
        unc.driver_label("state_workers food_share") == "state workers' share of spending on food"
    )
    assert unc.driver_label("informal_indexed_share") == (
        "share of informal won earnings indexed to prices"
    )
    rows = unc.range_rows(DEFAULT_RANGES)
    assert [r["range"] for r in rows[:3]] == ["×0.67 to ×1.50", "×0.67 to ×1.50", "-0.15 to +0.15"]
    assert rows[-1]["range"] == "0.2 to 0.8" and rows[-1]["drawn"] == "for the city"
    assert all(r["rationale"] for r in rows)
    text = unc.drivers_text(mc, "gini_change", 2)
    assert text.count("rank correlation") == 2
    central = {"gini_before": 0.6, "gini_after": 0.65, "real_income_change_bottom40": -0.2}
    table = unc.interval_rows(mc, central)
    assert table[0]["this run"] == "+0.050" and table[1]["this run"] == "-20%"
