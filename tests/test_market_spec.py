"""The prices_and_exchange spec builds its model (to_model) without a kernel; the model
objects carry the parameters' names, and the defaults give the report's key figures."""

from __future__ import annotations

import dataclasses
import doctest

import pytest

from hyesan_analysis.data.loaders import get_fact, load_market_rates
from hyesan_analysis.model.car_profit_wages import car_profit_in_wages
from hyesan_analysis.model.passthrough_report import passthrough_report
from hyesan_analysis.model.real_wage import real_wage_basis, rice_price_latest
from hyesan_analysis.reporting.specs import prices_and_exchange as spec
from hyesan_analysis.reporting.specs.prices_and_exchange import SCHEMA, to_model

DEFAULTS = SCHEMA.validate(SCHEMA.defaults())
#: The car report's margin in the default world: 83,000 sale - 45,000 purchase - 2,500
#: transport - 25,000 waku, with no further share to the trading company (company_profit_share 0)
MARGIN_CNY = 83_000.0 - 45_000.0 - 2_500.0 - 25_000.0


def _model_fields(model: spec.PricesModel) -> dict[str, object]:
    out: dict[str, object] = {
        name: getattr(model, name)
        for name in ("conflict_tolerance", "basket_rice_share", "reform_tolerance_months")
    }
    for part in (model.window, model.passthrough, model.wages, model.car):
        out.update({f.name: getattr(part, f.name) for f in dataclasses.fields(part)})
    return out


def test_every_parameter_reaches_the_model_under_its_own_name() -> None:
    fields = _model_fields(to_model(DEFAULTS, profit_per_car_cny=MARGIN_CNY))
    # the parameters, and the car report's margin under its result's name
    assert sorted(fields) == sorted([*SCHEMA.names, "profit_per_car_cny"])
    assert fields == {**DEFAULTS, "profit_per_car_cny": MARGIN_CNY}


def test_the_shared_quantities_are_the_world_s_and_the_margin_is_upstream() -> None:
    from hyesan_analysis.reporting.specs._world import WORLD

    for name in ("wage_before_kpw", "wage_after_kpw", "rate_after_kpw_per_cny"):
        assert SCHEMA.get(name) is WORLD[name]
    assert "car_profit_cny" not in SCHEMA.names
    assert "car_profit_rate_kpw_per_cny" not in SCHEMA.names
    assert spec.SPEC.upstream == ("car_unit_economics",)


def test_changed_parameters_reach_the_model() -> None:
    values = SCHEMA.validate(
        {**SCHEMA.defaults(), "city": "Pyongyang", "rate_series": "USD", "min_changes": 7,
         "wage_after_kpw": 40_000.0, "rate_after_kpw_per_cny": 4_920.0}
    )  # fmt: skip
    model = to_model(values, profit_per_car_cny=5_500.0)
    assert model.window.city == "Pyongyang" and model.window.focus_city == "Pyongyang"
    assert (model.passthrough.rate_series, model.passthrough.other_rate_series) == ("USD", "CNY")
    assert model.passthrough.min_changes == 7
    assert model.wages.wage_after_kpw == 40_000.0
    assert model.car.profit_kpw == pytest.approx(5_500 * 4_920)
    assert model.car.wage_months(40_000.0) == pytest.approx(5_500 * 4_920 / 40_000)


def test_sourced_defaults_are_the_facts() -> None:
    model = to_model(DEFAULTS, profit_per_car_cny=MARGIN_CNY)
    founding = get_fact("hyesan_market_rate_founding_kpw_per_cny")
    assert model.car.rate_after_kpw_per_cny == founding.value == 3000.0
    assert model.wages.reform_month == get_fact("wage_reform_2023_10").date


def test_defaults_give_the_report_s_key_figures() -> None:
    # the numbers the default report records (results.json), computed without a kernel
    model = to_model(DEFAULTS, profit_per_car_cny=MARGIN_CNY)
    market = model.window.market(load_market_rates())
    fits = passthrough_report(market, model.passthrough, model.window.city, "Hyesan")
    # rice on the dollar, log changes pooled with a common drift: 8 changes, 3 series
    assert fits.rice.scope == "pooled" and fits.rice.spec.rate == "USD"
    assert (fits.rice.fit.n, fits.rice.fit.dof, fits.rice.fit.t_dof) == (8, 6, 2)
    assert fits.rice.fit.elasticity == pytest.approx(2.15419, abs=5e-5)
    assert (fits.spec_min, fits.spec_max) == pytest.approx((1.57224, 2.19137), abs=5e-5)
    assert fits.corn.fit.n == 3 and fits.corn.spec.rate == "USD"
    wage = real_wage_basis(market, "Hyesan", model.wages)
    assert wage.before is not None and wage.before.kg == pytest.approx(3_000 / 5_300)
    assert wage.at_reform.kg == pytest.approx(30_000 / 5_300)
    assert wage.latest.kg == pytest.approx(30_000 / 16_000)
    latest = rice_price_latest(market, city="Hyesan")
    car = car_profit_in_wages(model.car, model.wages, latest, market, "Hyesan")
    # the default world: 10,500 CNY x 3,000 KPW/CNY / 30,000 KPW a month = 1,050 months
    assert MARGIN_CNY == 10_500.0
    assert car.wage_months_after == pytest.approx(10_500 * 3_000 / 30_000, abs=1e-9)
    assert car.wage_months_after == pytest.approx(1_050.0, abs=1e-9)


def test_docstring_examples() -> None:
    result = doctest.testmod(spec)
    assert result.attempted > 0 and result.failed == 0


def test_recorded_results_cover_the_promised_keys_with_finite_values() -> None:
    import math

    from hyesan_analysis.model.real_wage import basket_basis_or_none
    from hyesan_analysis.reporting.specs import prices_and_exchange_text as text

    model = to_model(DEFAULTS, profit_per_car_cny=MARGIN_CNY)
    market = model.window.market(load_market_rates())
    fits = passthrough_report(market, model.passthrough, model.window.city, "Hyesan")
    wage = real_wage_basis(market, "Hyesan", model.wages)
    basket = basket_basis_or_none(market, "Hyesan", model.wages)
    rows = text.results(fits, wage, basket, 1_050.0)
    keys = [key for key, *_ in rows]
    assert len(keys) == len(set(keys)) and set(spec.SPEC.required_results) <= set(keys)
    for key, value, unit, label in rows:
        assert math.isfinite(value) and label
        # a declared result takes its declared unit; any other names its own
        assert (unit is None) == (key in spec.SPEC.required_results)
    values = {key: value for key, value, *_ in rows}
    assert values["passthrough_rice"] == values["passthrough_preferred"]
    assert (
        values["passthrough_spec_min"]
        <= values["passthrough_rice"]
        <= values["passthrough_spec_max"]
    )
    assert values["real_wage_rice_kg_before_reform"] == pytest.approx(3_000 / 5_300)
    assert values["passthrough_window_rice_change"] == pytest.approx(9_450 / 7_700 - 1)
    assert (values["passthrough_n"], values["passthrough_df"]) == (8, 6)
