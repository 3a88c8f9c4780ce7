"""Where the investor model's numbers come from: every field is a report parameter (no
default in the model) or a provenance Figure, and the sourced figures fit the facts."""

from __future__ import annotations

import dataclasses

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.investor import (
    MODEL_FIGURES,
    SeasonParams,
    StrategyParams,
    model_figures,
)
from hyesan_analysis.model.investor.season import FROZEN_COST_MULTIPLIER
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA

SWITCHES = {"halt_hits_independent", "whole_cars"}  # booleans, documented, not figures
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
    assert set(strategy) == set(MODEL_FIGURES) | SWITCHES
    for name, (_, figure) in MODEL_FIGURES.items():
        assert strategy[name] == figure.value, name
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


def test_the_margin_range_fits_the_sourced_unit_economics() -> None:
    # sale 83,000 - purchase 45,000 - transport 2,500 - waku 25,000 = 10,500 CNY per car,
    # inside the reported 10,000-12,000 profit after the waku that the model draws from
    sale = get_fact("used_car_sale_price_2025_cny").value
    purchase = MODEL_FIGURES["used_purchase_cny"][1].value
    transport = MODEL_FIGURES["transport_cny"][1].value
    waku = SCHEMA.get("waku_cny").default
    margin = sale - purchase - transport - waku
    assert margin == pytest.approx(10_500.0)
    low, high = (SCHEMA.get(f"smuggler_profit_{e}_cny").default for e in ("low", "high"))
    assert low <= margin <= high
