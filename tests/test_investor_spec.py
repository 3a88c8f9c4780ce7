"""investor_returns: ``to_model`` turns the validated parameters into the model's objects
(no kernel), spec and model share their names, and the what-if scenario files agree with
the model's what-if figures."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from hyesan_analysis.model.investor import (
    HALT_START,
    WHAT_IF_FIGURES,
    SeasonParams,
    StrategyParams,
    expected_annual_returns,
    interest_cost_per_unit_rate,
)
from hyesan_analysis.reporting.authoring.scenario import load_scenario
from hyesan_analysis.reporting.specs.investor_returns import (
    SCHEMA,
    SIMULATION_PARAMETERS,
    to_model,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_every_parameter_is_a_model_field_of_the_same_name() -> None:
    strategy = {f.name for f in fields(StrategyParams)}
    season = {f.name for f in fields(SeasonParams)}
    assert not strategy & season
    for name in SCHEMA.names:
        if name in SIMULATION_PARAMETERS:
            assert name not in strategy | season
        else:
            assert name in strategy ^ season, name


def test_to_model_passes_every_value_through_unchanged() -> None:
    values = SCHEMA.defaults()
    params, season = to_model(values)
    for name, value in values.items():
        for obj in (params, season):
            if hasattr(obj, name):
                got = getattr(obj, name)
                assert got == value and type(got) is type(value), name
    assert params.calendar == season.calendar()


def test_to_model_known_answers_at_the_defaults() -> None:
    params, season = to_model(SCHEMA.defaults())
    # closed-form expected annual returns after interest (5% a month) at today's defaults
    expected = expected_annual_returns(params)
    assert expected["state_led"] == pytest.approx(0.07372604494345317, abs=1e-12)
    assert expected["independent"] == pytest.approx(0.9261853838287153, abs=1e-12)
    # remittance by hand: 6 cycles x (0.9 x 20% - 0.1 x 150%) - 60% interest
    assert expected["remittance"] == pytest.approx(6 * (0.9 * 0.2 - 0.1 * 1.5) - 0.6, abs=1e-12)
    # car capital pays interest on the 337.3 operating days (halted days included), not 365
    cost = interest_cost_per_unit_rate(params)
    assert cost["state_led"] == pytest.approx(337.3 / 365, abs=1e-12)
    assert params.used_cycle().total_days == 41.0
    assert season.calendar().operating_days_per_year() == pytest.approx(337.3, abs=1e-9)


def test_to_model_follows_overrides() -> None:
    values = SCHEMA.validate(
        {
            "crackdown_probability": 0.2,
            "halts_per_year": 2.0,
            "time_to_sale_days": 20,
            "calendar_halt_days": 31,
        }
    )
    params, season = to_model(values)
    assert params.crackdown_probability == 0.2 and params.halts_per_year == 2.0
    assert params.used_cycle().total_days == 47.0
    # the known halt is in the strategies' calendar: 31 fewer operating days
    assert params.calendar.operating_days_per_year() == pytest.approx(337.3 - 31, abs=1e-9)
    assert season.calendar_halt_days == 31


def test_halt_start_day_rule_knows_month_lengths() -> None:
    with pytest.raises(ValueError, match="at most 28"):
        SCHEMA.validate({"calendar_halt_start_month": 2, "calendar_halt_start_day": 30})
    SCHEMA.validate({"calendar_halt_start_month": 1, "calendar_halt_start_day": 31})


def test_what_if_scenario_files_set_the_model_what_if_figures() -> None:
    thaw = load_scenario(SCENARIOS / "investor_thaw.yaml").parameters
    assert thaw == {
        "thaw_capacity": WHAT_IF_FIGURES["thaw_capacity"][1].value,
        "thaw_cost_multiplier": WHAT_IF_FIGURES["thaw_cost_multiplier"][1].value,
    }
    halt = load_scenario(SCENARIOS / "investor_halt.yaml").parameters
    assert halt == {
        "calendar_halt_days": WHAT_IF_FIGURES["calendar_halt_days"][1].value,
        "calendar_halt_start_month": HALT_START.month,
        "calendar_halt_start_day": HALT_START.day,
    }
    assert (HALT_START.month, HALT_START.day) == (5, 15)  # the fact's date, 15 May 2025
