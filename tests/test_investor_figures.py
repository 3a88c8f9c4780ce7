"""Where the investor model's numbers come from: every field is a report parameter (no
default in the model), the car report's deal, or a provenance Figure, and the sourced
figures fit the facts."""

from __future__ import annotations

import dataclasses

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.investor import (
    CAR_FIGURES,
    MODEL_FIGURES,
    SeasonParams,
    StrategyParams,
    model_figures,
)
from hyesan_analysis.model.investor.season import FROZEN_COST_MULTIPLIER
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA

SWITCHES = {"halt_hits_independent", "whole_cars"}  # booleans, documented, not figures
CARS = {"used", "new"}  # the cars' deals (CarTerms), built by the report's to_model
# built by to_model from the sourced losses and prices (downside, the known halt's windfall)
BUILT = {"downside", "known_halt_stock_gain_cny_per_car"}
MONTH_GROUPS = {"frozen_months", "thaw_months", "flood_months"}  # sourced months


def _defaults(cls: type) -> dict[str, object]:
    return {
        f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
    }


def test_report_parameters_have_no_default_in_the_model() -> None:
    for cls in (StrategyParams, SeasonParams):
        assert not set(_defaults(cls)) & set(SCHEMA.names), cls.__name__


def test_every_model_default_is_a_figure() -> None:
    strategy = _defaults(StrategyParams)
    assert set(strategy) == set(MODEL_FIGURES) | SWITCHES | BUILT
    assert not CARS & set(strategy)
    for name, (_, figure) in MODEL_FIGURES.items():
        assert strategy[name] == figure.value, name
    assert strategy["downside"] == () and strategy["known_halt_stock_gain_cny_per_car"] == 0.0
    season = _defaults(SeasonParams)
    assert set(season) == {"frozen_cost_multiplier"} | MONTH_GROUPS
    assert season["frozen_cost_multiplier"] == FROZEN_COST_MULTIPLIER.value


def test_sourced_figures_read_their_facts_and_assumed_ones_say_why() -> None:
    for what, figure in model_figures():
        assert what and figure.unit, what
        if figure.basis == "sourced":
            fact = get_fact(figure.detail)
            assert figure.value == getattr(fact, figure.fact_field), what
        else:
            assert len(figure.detail) > 20, what


def test_the_car_figures_are_the_vehicle_classes() -> None:
    from hyesan_analysis.model.vehicle_classes import NEW_CAR, USED_CAR, margin_spread

    figures = {f for _, f in CAR_FIGURES.values()}
    assert margin_spread(USED_CAR) in figures and margin_spread(NEW_CAR) in figures
    assert {f for _, f in NEW_CAR.figures()} <= figures
    spread = CAR_FIGURES["used_margin_spread_cny"][1]
    fact = get_fact("smuggler_profit_per_car_2025_cny")
    assert spread.basis == "implied" and "smuggler_profit_per_car_2025_cny" in spread.detail
    assert spread.value == pytest.approx((fact.high - fact.low) / 2) == 1_000
    assert {w for w, _ in model_figures()} >= {w for w, _ in CAR_FIGURES.values()}
