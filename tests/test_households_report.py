"""The inequality report's use of the household model, without a kernel: to_model, the
default run's key figures, the sensitivity, the table rows, the words and the charts."""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import households as hh
from hyesan_analysis.reporting.authoring import formatting as fm
from hyesan_analysis.reporting.specs import inequality_tables as tables
from hyesan_analysis.reporting.specs import inequality_uncertainty as unc
from hyesan_analysis.reporting.specs._world import WORLD
from hyesan_analysis.reporting.specs.inequality import (
    GROUP_SHARES,
    INTERVAL_FIGURES,
    SCHEMA,
    SPEC,
    UPSTREAM_FIGURES,
    passthrough_used,
    to_model,
)
from hyesan_analysis.reporting.specs.inequality_run import compute, passthrough_source
from hyesan_analysis.viz import distribution as vd


def _prices_estimates() -> dict[str, float]:
    """The prices report's default estimates, from its log-change fit (the same call the
    prices notebook makes): rice and corn elasticities and the rice 95% interval."""
    from hyesan_analysis.data.loaders import load_market_rates
    from hyesan_analysis.model.passthrough_report import passthrough_report
    from hyesan_analysis.reporting.specs import prices_and_exchange as prices

    m = prices.to_model(prices.SCHEMA.validate({}), profit_per_car_cny=10_500.0)
    market = m.window.market(load_market_rates())
    w = m.window
    fits = passthrough_report(market, m.passthrough, w.city, w.focus_city, w.filters)
    return {
        "passthrough_rice": fits.rice.fit.elasticity,
        "passthrough_corn": fits.corn.fit.elasticity,
        "passthrough_rice_ci_low": fits.rice.fit.ci_low,
        "passthrough_rice_ci_high": fits.rice.fit.ci_high,
        "passthrough_corn_ci_low": fits.corn.fit.ci_low,
        "passthrough_corn_ci_high": fits.corn.fit.ci_high,
    }


#: The upstream figures of the default world: the car report's margin at the 2025 waku
#: (83,000 sale - 45,000 purchase - 2,500 transport - 25,000 waku, no further company share)
#: and at the 2024 waku (30,000); the staples' pass-throughs are the prices report's
#: log-change estimates (the end-to-end test below checks the report against the real ones)
PRICES = _prices_estimates()
UPSTREAM = {
    "profit_per_car_cny": 83_000.0 - 45_000.0 - 2_500.0 - 25_000.0,
    "profit_per_car_2024_cny": 83_000.0 - 45_000.0 - 2_500.0 - 30_000.0,
    "passthrough_rice": PRICES["passthrough_rice"],
    "passthrough_corn": PRICES["passthrough_corn"],
}
#: The rice estimate's 95% interval, which the headline's reruns use
INTERVAL = {key: PRICES[key] for key in INTERVAL_FIGURES}

#: the default report's key figures (results.json) from the seeded simulation
DEFAULT_RESULTS = {
    "gini_after": 0.7437535641589074,
    "gini_before": 0.6864717060844869,
    "palma_after": 13.630791164419103,
    "palma_before": 8.64260945680461,
    "real_income_change_bottom40": -0.33728638112185516,
    "real_income_change_top10": -0.1640464530506025,
    "top10_share_after": 0.6515428678177979,
    "top10_share_before": 0.5948631340618618,
}


@pytest.fixture(scope="module")
def default_run() -> tuple[hh.Cities, hh.Outcome, hh.Outcome]:
    cities = to_model(SCHEMA.validate({}), **UPSTREAM)
    return cities, hh.simulate_city(cities.hyesan), hh.simulate_city(cities.pyongyang)


def compute_small():  # type: ignore[no-untyped-def]
    """The report's whole computation at small sizes."""
    values = SCHEMA.validate({"n_households": 2_000, "mc_draws": 20, "mc_households": 1_000})
    return compute(values, UPSTREAM, INTERVAL)


@pytest.fixture(scope="module")
def small_run() -> tuple[hh.Outcome, hh.Sensitivity]:
    outcome = hh.simulate_city(
        to_model(SCHEMA.validate({"n_households": 5_000}), **UPSTREAM).hyesan
    )
    return outcome, hh.sensitivity(outcome)


# --------------------------------------------------------------------------- to_model


def test_the_default_world_s_upstream_figures() -> None:
    # the margins the car report computes in the default world, by hand
    assert UPSTREAM["profit_per_car_cny"] == 10_500.0
    assert UPSTREAM["profit_per_car_2024_cny"] == 5_500.0
    assert SPEC.upstream == ("car_unit_economics", "prices_and_exchange")
    assert {report for report, _ in UPSTREAM_FIGURES.values()} == set(SPEC.upstream)
    assert set(UPSTREAM_FIGURES) == set(UPSTREAM)  # to_model's arguments
    for report, key in UPSTREAM_FIGURES.values():
        from hyesan_analysis.reporting.authoring.registry import get_report

        assert key in get_report(report).required_results, (report, key)


def test_the_shared_quantities_are_the_world_s_and_upstream_figures_no_parameters() -> None:
    for name in (
        "rate_before_kpw_per_cny",
        "rate_after_kpw_per_cny",
        "vehicles_per_year",
        "households_represented",
    ):
        assert SCHEMA.get(name) is WORLD[name]
    for gone in ("cars_per_year", "profit_per_car_cny", "profit_per_car_before_cny"):
        assert gone not in SCHEMA.names
    p = SCHEMA.get("price_passthrough")
    assert p.optional and p.default is None and not p.shared
    share = SCHEMA.get("investor_profit_share")
    words = f"{share.description} {share.rationale}"
    assert "trader households" in words and "investor households" in words
    assert "not the trading company's share" in words
    assert "company_profit_share" in words


def test_the_pass_through_is_the_prices_estimate_unless_set() -> None:
    values = SCHEMA.validate({})
    assert values["price_passthrough"] is None
    assert passthrough_used(values, 0.93) == 0.93
    default = to_model(values, **UPSTREAM)
    for city in (default.hyesan, default.pyongyang):
        assert city.shock.passthrough_rice == UPSTREAM["passthrough_rice"]
        assert city.shock.passthrough_corn == UPSTREAM["passthrough_corn"]
    overridden = to_model(SCHEMA.validate({"price_passthrough": 1.0}), **UPSTREAM)
    assert overridden.hyesan.shock.passthrough_rice == 1.0
    assert overridden.hyesan.shock.passthrough_corn == 1.0
    assert overridden.hyesan.shock.passthrough_imported == 1.0  # its own parameter
    assert overridden.hyesan.shock.passthrough_nontraded == 0.3
    assert SCHEMA.get("price_passthrough").parse("none") is None  # -p price_passthrough=none
    assert passthrough_source(None, UPSTREAM) == (
        "the prices_and_exchange report's estimates for rice and corn"
    )
    assert passthrough_source(1.0, UPSTREAM) == (
        "set for this world for both staples; the prices_and_exchange report estimates 2.15 "
        "for rice and 1.75 for corn"
    )


def test_the_gini_changes_with_the_pass_through() -> None:
    """-p price_passthrough=0.3 and =1.0 give different Gini after the shock: dearer staples
    weigh most on the food-heavy baskets of the poor."""
    gini_after = {}
    for b in (0.3, 1.0):
        values = SCHEMA.validate({"price_passthrough": b, "n_households": 20_000})
        gini_after[b] = hh.simulate_city(to_model(values, **UPSTREAM).hyesan).metrics["gini_after"]
    assert gini_after[1.0] > gini_after[0.3] + 1e-3, gini_after


def test_the_headline_is_rerun_at_one_for_one_and_at_the_interval_s_ends(default_run) -> None:  # type: ignore[no-untyped-def]
    """The headline says how much it hangs on the staples' pass-through, from reruns of the
    same households: at one-for-one and at the ends of the rice estimate's 95% interval."""
    from hyesan_analysis.reporting.specs.inequality_run import passthrough_grid

    _, hy, _ = default_run
    shock, m = hy.city.shock, hy.metrics
    # known answer: a rerun at this run's own pass-throughs is this run
    same = hh.at_food_passthrough(hy, shock.passthrough_rice, shock.passthrough_corn)
    assert same.gini_change == pytest.approx(m["gini_after"] - m["gini_before"], abs=1e-15)
    assert same.bottom40_change == pytest.approx(m["real_income_change_bottom40"], abs=1e-15)
    assert same.top10_change == pytest.approx(m["real_income_change_top10"], abs=1e-15)
    low, high = INTERVAL["passthrough_rice_ci_low"], INTERVAL["passthrough_rice_ci_high"]
    one, lo, hi = (hh.at_food_passthrough(hy, b) for b in (1.0, low, high))
    assert lo.passthrough_corn == low and hi.passthrough_rice == high
    # dearer staples cost the food-heavy baskets of the poorest 40% more
    assert hi.bottom40_change < same.bottom40_change < one.bottom40_change < lo.bottom40_change
    # the Gini moves with the pass-through: at the interval's top it even falls here
    assert abs(one.gini_change - same.gini_change) > 5e-3
    assert hi.gini_change < 0 < one.gini_change
    cases = {"one_for_one": one, "ci_low": lo, "ci_high": hi}
    text = tables.passthrough_dependence_text(UPSTREAM["passthrough_rice"], (low, high), hy, cases)
    assert "rice estimate of 2.15 has a 95% interval from -0.46 to 4.77" in text
    corn = (UPSTREAM["passthrough_corn"], (-32.5, 36.0))
    with_corn = tables.passthrough_dependence_text(
        UPSTREAM["passthrough_rice"], (low, high), hy, cases, corn
    )
    assert "from -0.46 to 4.77 (corn's 1.75 has one from -32.50 to 36.00), and the" in with_corn
    assert f"changes by {one.gini_change:+.3f} (this run: {same.gini_change:+.3f})" in text
    assert f"the poorest 40% {fm.gain_or_lose(one.bottom40_change)}" in text
    assert "even the direction of its move depends on the pass-through" in text
    # the report records the reruns under their names, the same numbers at small sizes
    run = compute_small()
    rec = run.recorded
    small = run.passthrough_cases
    assert rec["gini_change_at_passthrough_1"] == small["one_for_one"].gini_change
    assert rec["real_income_change_bottom40_at_passthrough_ci_high"] == (
        small["ci_high"].bottom40_change
    )
    assert run.rice_interval == (low, high)
    # the food pass-through chart covers this run and the interval
    assert passthrough_grid(low, high, 2.15, 1.75) == (-0.5, 5.0, 0.25)
    assert passthrough_grid(0.3) == (0.0, 1.5, 0.25)
    assert run.sensitivity.passthroughs[0] == -0.5 and run.sensitivity.passthroughs[-1] == 5.0


def test_to_model_uses_the_parameters_names() -> None:
    values = SCHEMA.validate({})
    cities = to_model(values, **UPSTREAM)
    hy = cities.hyesan
    upstream_fields = {  # the model's names of the upstream figures
        "profit_per_car_cny": UPSTREAM["profit_per_car_cny"],
        "profit_per_car_before_cny": UPSTREAM["profit_per_car_2024_cny"],
        "passthrough_rice": UPSTREAM["passthrough_rice"],
        "passthrough_corn": UPSTREAM["passthrough_corn"],
    }
    for field in dataclasses.fields(hh.ShockSpec):
        assert field.name in SCHEMA.names or field.name in upstream_fields
        expected = upstream_fields.get(field.name, values.get(field.name))
        assert getattr(hy.shock, field.name) == expected, field.name
        assert isinstance(getattr(hy.shock, field.name), float)
    for name in ("n_households", "seed", "households_represented"):
        assert getattr(hy, name) == values[name]
    assert {f"share_{g.name}" for g in hy.groups} == set(GROUP_SHARES)
    for g in hy.groups:
        assert g.population_share == values[f"share_{g.name}"]
    assert cities.pyongyang == hh.pyongyang_counterpart(hy)


@settings(max_examples=25, deadline=None)
@given(
    investors=st.floats(0.01, 0.2),
    traders=st.floats(0.01, 0.5),
    cars=st.integers(0, 10_000),
    passthrough=st.floats(0.0, 1.5),
)
def test_to_model_follows_changed_parameters(
    investors: float, traders: float, cars: int, passthrough: float
) -> None:
    farmers = 0.2
    workers = 1.0 - investors - traders - farmers
    values = SCHEMA.validate(
        {
            "share_investors": investors,
            "share_traders": traders,
            "share_state_workers": workers,
            "share_farmers": farmers,
            "vehicles_per_year": cars,
            "price_passthrough": passthrough,
        }
    )
    cities = to_model(values, **UPSTREAM)
    shares = {g.name: g.population_share for g in cities.hyesan.groups}
    assert shares == {
        "investors": investors,
        "traders": traders,
        "state_workers": workers,
        "farmers": farmers,
    }
    assert cities.hyesan.shock.vehicles_per_year == float(cars)
    assert cities.pyongyang.shock.vehicles_per_year == 0.0  # never any margin in the capital
    assert cities.pyongyang.shock.passthrough_rice == passthrough
    assert cities.pyongyang.shock.passthrough_corn == passthrough


# --------------------------------------------------------------------------- the run


def test_default_run_gives_the_recorded_results(default_run) -> None:  # type: ignore[no-untyped-def]
    """The seeded run reproduces the default report's results.json (the draws keep their
    order: a change of order moves these figures by far more than the tolerance)."""
    _, hy, _ = default_run
    keys, _, _ = zip(*compute_small().records(), strict=True)
    assert set(SPEC.required_results) == set(keys)
    assert {*hh.SUMMARY_KEYS, "price_passthrough_used", "gini_change_ci_low"} <= set(keys)
    assert set(hh.SUMMARY_KEYS) == set(DEFAULT_RESULTS)
    assert hy.metrics == pytest.approx(DEFAULT_RESULTS, rel=1e-12)


def test_outcome_bundles_consistent_summaries(default_run) -> None:  # type: ignore[no-untyped-def]
    _, hy, py = default_run
    assert hy.profile_before["gini"] == hy.metrics["gini_before"]
    assert hy.profile_after["palma"] == hy.metrics["palma_after"]
    assert sum(r.count for r in hy.groups) == hy.population.n_households == 100_000
    np.testing.assert_array_equal(
        hh.decile_changes(hy.before, hy.after).pct_change, hy.deciles.pct_change
    )
    # at the prices report's estimates (rice 2.15) dearer staples cost everyone real income,
    # the poorest 40% most; Pyongyang, with no smuggling margin, loses more
    m = hy.metrics
    assert m["real_income_change_bottom40"] < m["real_income_change_top10"] < 0
    assert m["gini_after"] > m["gini_before"]
    assert py.metrics["real_income_change_bottom40"] < m["real_income_change_bottom40"]
    assert py.population.fx_linked_share_of_income < hy.population.fx_linked_share_of_income


def test_sensitivity_grids_and_invariances(small_run) -> None:  # type: ignore[no-untyped-def]
    outcome, sens = small_run
    shock = outcome.city.shock
    assert sens.rates_kpw_per_cny[0] == shock.rate_before_kpw_per_cny
    assert sens.rates_kpw_per_cny[-1] == pytest.approx(1.5 * shock.rate_after_kpw_per_cny)
    np.testing.assert_allclose(sens.passthroughs, np.arange(16) / 10, atol=1e-12)
    # the profit only adds inequality; without a move in the rate nothing changes
    assert np.all(sens.gini_after_with_profit > sens.gini_after_without_profit)
    assert sens.gini_after_without_profit[0] == pytest.approx(sens.gini_before_without_profit)
    # dearer staples: the poorest 40% lose more at every step, and lose even at zero
    # (imported goods and services still rise)
    assert np.all(np.diff(sens.bottom40_change) < 0)
    assert sens.bottom40_change[0] < 0 and sens.bottom40_breakeven is None
    assert sens.gini_after_by_passthrough.shape == sens.passthroughs.shape
    # the Gini sees the food pass-through (it cannot with one index for every household)
    assert np.ptp(sens.gini_after_by_passthrough) > 1e-3


def test_first_zero_crossing_known_answers() -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0])
    assert hh.first_zero_crossing(x, np.array([3.0, 1.0, -1.0, -3.0])) == pytest.approx(1.5)
    assert hh.first_zero_crossing(x, np.array([-1.0, 3.0, 5.0, -1.0])) == pytest.approx(0.25)
    assert hh.first_zero_crossing(x, np.array([1.0, 2.0, 3.0, 4.0])) is None


# --------------------------------------------------------------------------- tables and words


def test_table_rows(default_run) -> None:  # type: ignore[no-untyped-def]
    cities, hy, py = default_run
    groups = tables.group_assumption_rows(cities)
    assert groups[0] == {
        "group": "Investors",
        "Hyesan share": "3%",
        "Hyesan median": "1,500,000",
        "Hyesan FX-linked": "90%",
        "Pyongyang share": "2%",
        "Pyongyang median": "3,000,000",
        "Pyongyang FX-linked": "85%",
    }
    measures = tables.measure_rows(hy)
    assert [r["measure"] for r in measures] == [m[0] for m in tables.MEASURES]
    assert measures[0]["before"] == f"{DEFAULT_RESULTS['gini_before']:.3f}" == "0.686"
    assert measures[0]["change"] == "+0.057"
    assert measures[3]["change"].endswith(" points")
    deciles = tables.decile_rows(hy.deciles, hy.cost_of_living_rise_by_decile())
    assert [r["decile"] for r in deciles] == list(range(1, 11))
    rises = hy.cost_of_living_rise_by_decile()
    assert deciles[0]["cost of living"] == f"{100 * rises[0]:+.0f}%"
    # the poorest tenth's basket rises more than the richest tenth's
    assert rises[0] > rises[-1]
    assert hy.poor_rich_cost_of_living_ratio == pytest.approx(rises[0] / rises[-1], rel=1e-12)
    # a decile of one group has that group's index: the top decile is traders and investors
    groups = hy.price_index - 1
    assert groups.min() <= rises.min() <= rises.max() <= groups.max()
    rows = tables.group_rows(hy)
    assert [r["group"] for r in rows] == ["Investors", "Traders", "State workers", "Farmers"]
    assert [r["households"] for r in rows] == ["3%", "30%", "45%", "22%"]
    city = tables.city_rows([hy, py])
    assert len(city) == len(tables.MEASURES) + 2
    assert city[-2]["Hyesan after"] == "-34%" and city[-2]["Hyesan before"] == ""
    estimates = [get_fact(i) for i in tables.GINI_ESTIMATES]
    calib = tables.calibration_rows([hy, py], estimates)
    assert len(calib) == 4 + 3
    assert calib[1] == {
        "estimate": "This model, Hyesan, after the shock",
        "Gini": "0.744",
        "basis": "model: assumed groups, synthetic households",
    }
    assert calib[4]["Gini"] == "0.58"
    goods = tables.passthrough_rows(hy.city.shock, "estimated")
    assert [r["good"] for r in goods] == list(tables.GOODS.values())
    assert goods[0] == {
        "good": "Rice",
        "pass-through": "2.15",
        "price after ÷ before": f"×{(3_000 / 1_262) ** UPSTREAM['passthrough_rice']:.2f}",
        "basis": "estimated",
    }
    baskets = tables.basket_rows(hy)
    assert baskets[3]["income: yuan / informal won / food grown / formal won"] == (
        "5% / 20% / 65% / 10%"
    )
    assert baskets[3]["net food sales (share of income)"] == "+10%"  # farmers sell food
    assert baskets[0]["spending: rice / corn / imported / domestic"] == "22% / 2% / 38% / 38%"
    rises = [float(r["cost of living"].rstrip("%")) for r in baskets]
    assert rises[0] < rises[2]  # investors' basket rises less than state workers'
    theil = tables.theil_rows(hy)
    assert [r["part"] for r in theil][-1] == "Share between the groups"
    assert theil[2]["before"] == f"{hy.profile_before['theil_t']:.3f}"
    figures = tables.figure_rows()
    assert len(figures) == len(hh.default_figures())
    assert all(r["basis"] == "assumed" and r["source, arithmetic or rationale"] for r in figures)


def test_the_report_cites_the_facts_its_figures_name() -> None:
    for _, fig in hh.default_figures():
        for fact_id in ("worker_wage_after_reform", "donju_threshold", "wage_elite_cadre"):
            if fact_id in fig.detail:
                assert any(c.startswith(fact_id) for c in SPEC.cited_facts)


def test_words(default_run, small_run) -> None:  # type: ignore[no-untyped-def]
    _, hy, _ = default_run
    shock = hy.city.shock
    assert tables.profit_clause(shock) == (
        "together with a smuggler's margin of 10,500 CNY a vehicle on 2,000 vehicles a year"
    )
    no_cars = dataclasses.replace(shock, vehicles_per_year=0.0)
    assert tables.profit_clause(no_cars) == "without any smuggling margin"
    sharing = tables.margin_sharing_text(hy.city)
    # 2,000 x 10,500 / 12 = 1,750,000 CNY a month after, half each; 2,000 x 5,500 / 12 before
    assert "take 50% of it: 458,333 CNY a month before and 875,000 CNY after" in sharing
    assert "among 1,440 households" in sharing  # 3% of 48,000
    assert "the rest: 458,333 and 875,000 CNY a month, among 14,400 households" in sharing
    no_margin = dataclasses.replace(hy.city, shock=no_cars)
    assert tables.margin_sharing_text(no_margin).startswith("No smuggling margin")
    winners, losers = hh.winners_and_losers(hy.groups)
    assert tables.groups_listing(winners) == "farmers (+8%)"
    assert tables.groups_listing(losers) == (
        "investors (-9%), traders (-29%), state workers (-60%)"
    )
    assert tables.groups_listing([]) == "none"
    poorest = "58% state workers, 41% farmers, 1% traders"
    assert tables.composition_text(hy, 0.0, 0.4) == poorest
    assert tables.composition_text(hy, 0.9, 1.0) == "71% traders, 29% investors"
    _, sens = small_run
    assert tables.breakeven_text(sens) == (
        "The poorest 40% lose real income at every food pass-through from 0 to 1.5."
    )
    crossing = dataclasses.replace(sens, bottom40_breakeven=0.42)
    assert tables.breakeven_text(crossing) == (
        "The poorest 40% lose real income once the food pass-through exceeds about 0.42."
    )


def test_formatting_helpers() -> None:
    assert fm.gain_or_lose(-0.2298) == "lose 23%"
    assert fm.gain_or_lose(0.0) == "gain 0%"
    assert fm.gain_or_lose(0.3658, ("gains", "loses")) == "gains 37%"
    assert fm.rises_or_falls(0.685, 0.764) == "rises"
    assert fm.rises_or_falls(0.764, 0.685) == "falls"
    assert fm.rises_or_falls(0.5, 0.5004) == "stays"
    assert [fm.below_inside_above(g, 0.58, 0.86) for g in (0.5, 0.58, 0.86, 0.9)] == [
        "below",
        "inside",
        "inside",
        "above",
    ]
    assert fm.identifier_words("state_workers") == "state workers"
    assert fm.changes_listing([("a", 12.4), ("b", -0.6)]) == "a (+12%), b (-1%)"
    assert fm.changes_listing([], empty="nobody") == "nobody"
    assert [fm.unequal_words(d) for d in (0.03, 0.01, 0.0, -0.01)] == [
        "markedly more unequal",
        "more unequal",
        "about as unequal as before",
        "less unequal",
    ]
    assert fm.shares_listing([("x", 0.554), ("y", 0.442), ("z", 0.004)]) == "55% x, 44% y"


# --------------------------------------------------------------------------- charts


def test_charts(default_run, small_run) -> None:  # type: ignore[no-untyped-def]
    _, hy, py = default_run
    fig = vd.lorenz_chart(hy, "Lorenz")
    ax = fig.axes[0]
    assert len(ax.lines) == 3 + 2  # equality line, before, after; two quantile markers
    assert "Gini 0.686" in ax.get_legend().get_texts()[1].get_text()
    fig = vd.decile_chart(hy.deciles, "Deciles")
    bars = fig.axes[0].patches
    assert len(bars) == 10
    heights = [b.get_height() for b in bars]
    np.testing.assert_allclose(heights, hy.deciles.pct_change)
    low, high = fig.axes[0].get_ylim()
    assert low < min(heights) and high > max(heights)  # room for the bar labels
    fig = vd.group_change_chart([hy, py], ["I", "T", "S", "F"], "Groups")
    assert len(fig.axes[0].patches) == 8
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["I", "T", "S", "F"]
    outcome, sens = small_run
    fig = vd.sensitivity_chart(sens, outcome)
    left, right = fig.axes
    assert len(left.get_legend().get_texts()) == 4 and len(right.get_legend().get_texts()) == 2
    np.testing.assert_allclose(right.lines[0].get_ydata(), 100 * sens.bottom40_change)
    assert right.lines[-1].get_xdata()[0] == outcome.city.shock.passthrough_rice  # this run
    fig = vd.cost_of_living_chart(hy, ["I", "T", "S", "F"])
    bars = fig.axes[0].patches
    assert len(bars) == 8
    np.testing.assert_allclose([b.get_height() for b in bars[:4]], 100 * (hy.price_index - 1))
    assert not fig.axes[0].get_title()  # the caption is the title
    run = compute_small()
    fig = vd.monte_carlo_chart(run.monte_carlo, run.hyesan.metrics)
    histogram = fig.axes[0]
    assert sum(b.get_height() for b in histogram.patches[1:]) == run.monte_carlo.n_draws
    formatter = right.yaxis.get_major_formatter()
    assert [formatter(v) for v in (-20.0, 0.0, 15.0)] == ["-20%", "0%", "+15%"]
    plt.close("all")


# --------------------------------------------------------------------------- the default world


@pytest.mark.notebook
def test_the_reports_agree_in_the_default_world(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A real build of inequality and the reports it reads: each uses the others' figures."""
    import json

    from hyesan_analysis.reporting.engine import build, runner

    requests = runner.default_requests(["inequality"])
    assert [r.report for r in requests] == [
        "car_unit_economics",
        "prices_and_exchange",
        "inequality",
    ]
    outcomes = build.run_many(requests, tmp_path, jobs=1, pdf=False)
    assert [o.status for o in outcomes] == ["ok"] * 3, [o.message for o in outcomes]

    def results(report: str) -> dict[str, float]:
        path = tmp_path / report / "default" / "results.json"
        return {k: v["value"] for k, v in json.loads(path.read_text())["results"].items()}

    car, prices, ineq = (
        results(r) for r in ("car_unit_economics", "prices_and_exchange", "inequality")
    )
    assert car["profit_per_car_cny"] == 10_500.0 and car["profit_per_car_2024_cny"] == 5_500.0
    # the prices report converts the car report's margin: 10,500 x 3,000 / 30,000 months
    assert prices["car_profit_in_wage_months"] == pytest.approx(10_500 * 3_000 / 30_000, abs=1e-9)
    # the inequality report ran on the prices report's estimates and the car report's margins
    assert ineq["price_passthrough_used"] == prices["passthrough_rice"]
    assert ineq["passthrough_corn_used"] == prices["passthrough_corn"]
    upstream = {name: {**car, **prices}[key] for name, (_, key) in UPSTREAM_FIGURES.items()}
    outcome = hh.simulate_city(to_model(SCHEMA.validate({}), **upstream).hyesan)
    assert {k: ineq[k] for k in DEFAULT_RESULTS} == pytest.approx(outcome.metrics, rel=1e-12)
    # the headline's reruns use the prices report's interval of its rice estimate
    top = hh.at_food_passthrough(outcome, prices["passthrough_rice_ci_high"])
    assert ineq["gini_change_at_passthrough_ci_high"] == pytest.approx(top.gini_change, rel=1e-12)
    page = (tmp_path / "inequality" / "default" / "report.html").read_text()
    assert '<a href="../../prices_and_exchange/default/report.html">' in page
    assert '<a href="../../car_unit_economics/default/report.html">' in page


def test_words_of_the_baskets_and_the_monte_carlo(default_run) -> None:  # type: ignore[no-untyped-def]
    _, hy, _ = default_run
    shock = hy.city.shock
    words = tables.income_sources_text(shock)
    assert "×2.38 in won" in words and "50% of informal won earnings" in words
    checks = tables.checks_text(0.61, 1.2)
    assert "61% of household income in the model, against 69%" in checks
    assert "1.20 times as much" in checks and "1.55 times as much (1.48–1.62" in checks
    assert tables.cost_of_living_clause(1.2).startswith("Their food-heavy baskets make it worse")
    assert tables.cost_of_living_clause(0.9).startswith("Their baskets soften it")
    assert "about as much" in tables.cost_of_living_clause(1.001)
    sens = hh.sensitivity(hy, n_rates=2, step=0.5)
    text = tables.sensitivity_text(sens, hy)
    assert f"from {sens.gini_before_without_profit:.3f}" in text
    assert "Across food pass-throughs from 0 to 1.5" in text
    assert text.endswith(tables.breakeven_text(sens))
    run = compute_small()
    paragraph = unc.drivers_paragraph(run.monte_carlo)
    assert paragraph.startswith("Over 20 draws of 1,000 households each")
    assert paragraph.count("rank correlation") == 6 + 1  # three drivers each, and the note
    assert run.recorded["price_passthrough_used"] == UPSTREAM["passthrough_rice"]
    assert run.recorded["passthrough_corn_used"] == UPSTREAM["passthrough_corn"]
    assert 0 < run.recorded["theil_between_share_after"] < 1
    assert run.recorded["gini_change_ci_low"] < run.recorded["gini_change_ci_high"]


@settings(max_examples=15, deadline=None)
@given(
    investors=st.sampled_from([0.0, 0.003, 0.05]),
    traders=st.sampled_from([0.0, 0.01, 0.4]),
    split=st.sampled_from([0.0, 0.5, 1.0]),
    cars=st.sampled_from([0, 2_000]),
    passthrough=st.none() | st.sampled_from([0.0, 1.5]),
    indexed=st.sampled_from([0.0, 1.0]),
)
def test_every_accepted_world_runs_through(
    investors: float,
    traders: float,
    split: float,
    cars: int,
    passthrough: float | None,
    indexed: float,
) -> None:
    """What the schema accepts, the whole computation (Monte Carlo included) runs on."""
    from hyesan_analysis.reporting.authoring.schema import ParameterError

    overrides = {
        "share_investors": investors,
        "share_traders": traders,
        "share_state_workers": 1.0 - investors - traders - 0.2,
        "share_farmers": 0.2,
        "investor_profit_share": split,
        "vehicles_per_year": cars,
        "price_passthrough": passthrough,
        "informal_indexed_share": indexed,
        "n_households": 1_000,
        "mc_draws": 20,
        "mc_households": 1_000,
    }
    try:
        values = SCHEMA.validate(overrides)
    except ParameterError:
        return
    recorded = compute(values, UPSTREAM, INTERVAL).recorded
    assert all(np.isfinite(v) for v in recorded.values()), recorded


def test_words_of_the_theil_split_and_the_cities(default_run) -> None:  # type: ignore[no-untyped-def]
    _, hy, py = default_run
    text = tables.theil_text(hy)
    move = hy.theil_after.total - hy.theil_before.total
    assert text.startswith(f"The Theil index moves by {move:+.3f}: ")
    assert f"{hy.theil_before.between_share:.0%} of it before" in text
    words = tables.city_contrast_text([hy, py])
    assert words.startswith("In Hyesan ") and " In Pyongyang " in words
    assert "the groups that gain are farmers (+8%), those that lose investors (-9%)" in words
    assert f"{py.metrics['gini_after']:.3f}." in words


def test_the_model_s_rice_rise_is_set_beside_the_record_s(default_run) -> None:  # type: ignore[no-untyped-def]
    from hyesan_analysis.data.loaders import load_market_rates
    from hyesan_analysis.model.market_filter import price_across_rates

    _, hy, _ = default_run
    shock = hy.city.shock
    observed = price_across_rates(load_market_rates(), "Hyesan", 1262.0, 3000.0)
    words = tables.observed_rice_text(observed, shock)
    # 5,100 (NK Times, 2023-11-14) to 8,300 (Daily NK, 2025-02-02); the model: (3,000/1,262)^b
    assert "went from 5,100 KPW/kg (NK Times, 2023-11-14) to 8,300 (Daily NK, 2025-02-02)" in words
    assert f"×{8300 / 5100:.2f}, against ×{(3000 / 1262) ** shock.passthrough_rice:.2f}" in words
    assert "×2.38 at one-for-one" in words and "from two publishers, 82 and 30 days" in words
    assert tables.observed_rice_text(None, shock) == ""
