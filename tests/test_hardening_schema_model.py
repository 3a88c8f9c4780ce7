"""Schema and model agree: every value a report's schema accepts, its model takes.

For each report with parameters, hypothesis drives the report's model (its spec's
``to_model`` and the model calls its notebook makes before any chart) over each
parameter's declared range, the bounds included, the others at their defaults; then over
all of them at once. A value the model refuses must be refused by the schema first (one
line, exit 2, before any kernel) instead of failing inside the notebook (exit 1).

Each case is a world: the values drawn set the report's parameters and the same
quantities of the reports it reads (the shared ones of specs/_world.py), whose models give
its upstream figures.

Where a spec still lets through a value its model refuses, the case is marked
``xfail(strict=True)`` with the spec change that fixes it (see ``SPEC_FIXES``): the mark
fails once the spec is fixed, so that it is removed.
"""

import math
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hyesan_analysis.reporting.authoring.registry import all_reports
from hyesan_analysis.reporting.authoring.schema import Param, ParameterError, ReportSchema

# (report, parameter) -> the spec change it needs; the case fails until then
SPEC_FIXES: dict[tuple[str, str], str] = {
    # e.g. ("car_unit_economics", "waku_price_cny"): "exclusive_minimum=True in _world.py"
}
# Combinations hypothesis found that the model refuses; each is tried on every run.
KNOWN_COMBINATIONS: dict[str, list[dict[str, Any]]] = {
    "prices_and_exchange": [{"city": "Hyesan", "publisher_filter": "Asia Press"}],
}
# report -> the spec change that makes its known combinations pass (xfail until then)
COMBINATION_FIXES: dict[str, str] = {}


def _validated(report: str, world: Mapping[str, Any]) -> dict[str, Any] | None:
    """``report``'s values in a world that sets ``world`` (None: its schema refuses them,
    so the world is refused before any kernel, as ``requests.world_requests`` does)."""
    schema = all_reports()[report].schema
    return accepted(schema, {k: v for k, v in world.items() if k in schema.names})


def _car(world: Mapping[str, Any]) -> Any:
    from hyesan_analysis.reporting.specs import car_unit_economics as car

    values = _validated("car_unit_economics", world)
    if values is None:
        raise Refused
    return car.to_model(values)


def drive_car(values: Mapping[str, Any], world: Mapping[str, Any]) -> None:
    from hyesan_analysis.model import vehicle_checks as checks
    from hyesan_analysis.reporting.specs import car_unit_economics as car
    from hyesan_analysis.reporting.specs import car_unit_economics_tables as car_tables

    model = car.to_model(values)
    checks.against_reports(model.deal)
    _ = model.revenue_neutral_growth, model.breakeven_sale_price_cny
    car_tables.low_price_pnl(model)
    model.sensitivities()
    figures = car.deal_results(model)
    assert all(math.isfinite(v) for v in figures.values()), figures


def drive_investor(values: Mapping[str, Any], world: Mapping[str, Any]) -> None:
    from hyesan_analysis.reporting.specs import car_unit_economics as car
    from hyesan_analysis.reporting.specs import investor_returns as inv

    deal = inv.car_deal(car.deal_results(_car(world)))
    inv.to_model(values, **deal)


def drive_prices(values: Mapping[str, Any], world: Mapping[str, Any]) -> None:
    from hyesan_analysis.reporting.specs import car_unit_economics as car
    from hyesan_analysis.reporting.specs import prices_and_exchange as prices

    margin = car.deal_results(_car(world))["profit_per_car_cny"]
    model = prices.to_model(values, profit_per_car_cny=margin)
    market = model.window.market(_market_rates())  # the fits themselves take seconds
    model.window.shown(market)


@cache
def _market_rates() -> Any:
    from hyesan_analysis.data.loaders import load_market_rates

    return load_market_rates()


def drive_inequality(values: Mapping[str, Any], world: Mapping[str, Any]) -> None:
    from hyesan_analysis.model import vehicle_checks as checks
    from hyesan_analysis.reporting.specs import car_unit_economics as car
    from hyesan_analysis.reporting.specs import inequality

    model = _car(world)
    inequality.to_model(
        values,
        profit_per_car_cny=car.deal_results(model)["profit_per_car_cny"],
        profit_per_car_2024_cny=checks.against_reports(model.deal)[0].model_cny,
        passthrough_rice=0.5,  # a share in [0, 1], as the prices report estimates it
        passthrough_corn=0.5,
    )


class Refused(Exception):
    """An upstream report's schema refuses the world: nothing runs, nothing to check."""


DRIVERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], None]] = {
    "car_unit_economics": drive_car,
    "investor_returns": drive_investor,
    "prices_and_exchange": drive_prices,
    "inequality": drive_inequality,
}


def drive(report: str, world: Mapping[str, Any]) -> None:
    """Run ``report``'s model in the world that sets ``world`` (its own values and the
    upstream models' figures), if every schema of the reports involved accepts it."""
    values = _validated(report, world)
    if values is None:
        return
    try:
        DRIVERS[report](values, world)
    except Refused:
        return


def in_range(p: Param) -> st.SearchStrategy[Any]:
    """Every value ``p`` declares valid: its bounds themselves (unless exclusive) and
    values between; None when optional; its choices."""
    if p.choices is not None:
        return st.sampled_from(p.choices)
    if p.type is bool:
        return st.booleans()
    if p.type is str:
        return st.just(p.default)
    low = p.minimum if p.minimum is not None else (p.default - 10 * abs(p.default) - 10)
    high = p.maximum if p.maximum is not None else (p.default + 10 * abs(p.default) + 10)
    values: st.SearchStrategy[Any]
    if p.type is int:
        lo = math.ceil(low) + (1 if p.exclusive_minimum and float(low).is_integer() else 0)
        hi = math.floor(high) - (1 if p.exclusive_maximum and float(high).is_integer() else 0)
        values = st.integers(lo, hi) | st.sampled_from([lo, hi])
    else:
        ends = [
            x for x, excl in ((low, p.exclusive_minimum), (high, p.exclusive_maximum)) if not excl
        ]
        values = st.floats(
            low,
            high,
            exclude_min=p.exclusive_minimum,
            exclude_max=p.exclusive_maximum,
            allow_nan=False,
        )
        if ends:
            values = values | st.sampled_from([float(x) for x in ends])
    if p.optional:
        values = st.none() | values
    return values


def accepted(schema: ReportSchema, overrides: Mapping[str, Any]) -> dict[str, Any] | None:
    """The schema's validated values, or None if it refuses them (then nothing to check)."""
    try:
        return schema.validate(overrides)
    except ParameterError:
        return None


def _cases() -> list[Any]:
    out = []
    for report, spec in all_reports().items():
        if report not in DRIVERS:
            continue
        for p in spec.schema.params:
            marks = []
            if (report, p.name) in SPEC_FIXES:
                marks.append(pytest.mark.xfail(strict=True, reason=SPEC_FIXES[(report, p.name)]))
            out.append(pytest.param(report, p.name, id=f"{report}.{p.name}", marks=marks))
    return out


@pytest.mark.parametrize(("report", "name"), _cases())
def test_the_model_takes_every_value_the_schema_accepts(report: str, name: str) -> None:
    spec = all_reports()[report]
    param = spec.schema.get(name)

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(in_range(param))
    def check(value: Any) -> None:
        drive(report, {name: value})

    check()


def _combination_cases() -> list[Any]:
    out = []
    for report in sorted(DRIVERS):
        marks = []
        if report in COMBINATION_FIXES:
            marks.append(pytest.mark.xfail(strict=True, reason=COMBINATION_FIXES[report]))
        out.append(pytest.param(report, id=report, marks=marks))
    return out


@pytest.mark.parametrize("report", _combination_cases())
def test_the_model_takes_every_combination_the_schema_accepts(report: str) -> None:
    spec = all_reports()[report]
    if any(key[0] == report for key in SPEC_FIXES):
        pytest.xfail("a parameter of this report still needs its spec fix (SPEC_FIXES)")
    strategy = st.fixed_dictionaries(
        {p.name: st.just(p.default) | in_range(p) for p in spec.schema.params}
    )

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def check(drawn: dict[str, Any]) -> None:
        drive(report, drawn)

    for known in KNOWN_COMBINATIONS.get(report, []):  # found before: always tried first
        check = example({**spec.schema.defaults(), **known})(check)
    check()


def test_every_report_with_parameters_is_driven() -> None:
    with_params = {name for name, spec in all_reports().items() if spec.schema.params}
    assert with_params <= set(DRIVERS), with_params - set(DRIVERS)


def test_exclusive_bounds_refuse_the_bound_itself() -> None:
    price = Param(
        "price", float, 1.0, "CNY", "a price", minimum=0, exclusive_minimum=True, rationale="r"
    )
    with pytest.raises(ParameterError, match=r"expected a number > 0 \(CNY\), got 0.0"):
        price.check(0.0)
    assert price.check(1e-9) == 1e-9 and price.parse("0.5") == 0.5
    share = Param(
        "s",
        float,
        0.5,
        "share",
        "a share",
        minimum=0,
        maximum=1,
        exclusive_maximum=True,
        rationale="r",
    )
    with pytest.raises(ParameterError, match=r"expected a number >= 0 and < 1"):
        share.check(1.0)
