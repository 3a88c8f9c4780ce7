"""The investor report's sentence helpers (reporting.authoring.formatting): each case of the
break-even and of the interest rate at which a route stops paying."""

from __future__ import annotations

import math

import pytest

from hyesan_analysis.reporting.authoring.formatting import breakeven_sentence, zero_return_clause
from hyesan_analysis.reporting.specs.investor_text import (
    brokering_text,
    credit_text,
    downside_text,
    hangs_on_text,
    risk_aversion_text,
)


def test_breakeven_sentence_inside_the_unit_interval() -> None:
    text = breakeven_sentence(0.1681844185665746, 0.1)
    assert text.startswith("Independent smuggling pays more only while")
    assert "**16.8% per cycle**" in text and "this run assumes 10%" in text


@pytest.mark.parametrize(
    ("p_star", "words"),
    [
        (0.0, "The state-led route pays at least as much even with no crackdowns at all"),
        (1.0, "Independent smuggling pays more at every crackdown probability"),
    ],
)
def test_breakeven_sentence_at_the_bounds(p_star: float, words: str) -> None:
    text = breakeven_sentence(p_star, 0.1)
    assert text.startswith(words)
    assert "this run assumes" not in text


def test_zero_return_clause_cases() -> None:
    route = "state-led smuggling"
    assert zero_return_clause(route, 0.6797806297194202) == (
        "state-led smuggling stops paying at about 68% a year"
    )
    assert zero_return_clause(route, 0.0) == "state-led smuggling does not pay even with free money"
    assert zero_return_clause(route, math.inf) == (
        "no capital is tied up, so the rate does not matter here"
    )


# --------------------------------------------------- the computed answers (investor_text)


def test_credit_text_states_a_constant_or_a_changing_ranking() -> None:
    same = credit_text([(0.6, ("independent", "state_led", "remittance"))], (0.6, 1.2))
    assert "5% to 10% a month (60% to 120% a year" in same
    assert same.endswith(
        "the same: independent smuggling, then state-led smuggling, then remittance brokering."
    )
    moves = credit_text(
        [
            (0.6, ("independent", "state_led", "remittance")),
            (0.9, ("state_led", "independent", "remittance")),
        ],
        (0.6, 1.2),
    )
    assert "changes: independent smuggling, then state-led" in moves
    assert (
        "; state-led smuggling, then independent smuggling, then remittance brokering from 90%"
        in moves
    )


@pytest.mark.parametrize(
    ("breakeven", "intervals", "words"),
    [
        (None, [("independent", 0.0, 5.0)], "For no risk aversion from 0 to 5"),
        (0.0, [("state_led", 0.0, 5.0)], "at every risk aversion from 0"),
        (
            0.79,
            [("independent", 0.0, 0.75), ("state_led", 0.8, 5.0)],
            "from a risk aversion of 0.79",
        ),
    ],
)
def test_risk_aversion_text_each_case(
    breakeven: float | None, intervals: list[tuple[str, float, float]], words: str
) -> None:
    ce = {"state_led": -0.16, "independent": -0.57, "remittance": -0.6}
    text = risk_aversion_text(breakeven, intervals, 2.0, ce)
    assert words in text
    assert "**state-led smuggling is preferred**" in text


def test_brokering_text_names_the_assumptions_behind_a_loss() -> None:
    cf = {
        "expected": -0.42,
        "without_interest": 0.18,
        "without_seizures": 0.6,
        "without_fine": -0.12,
        "zero_return_interest_rate": 0.18,
        "breakeven_seizure_probability": 0.059,
    }
    text = brokering_text(cf, 0.6, 0.1, 0.5)
    assert "which the sources contradict" in text
    assert "financing the whole float all year" in text and "breaks even at 18% a year" in text
    assert "10% chance per cycle of losing the float plus a fine of 50%" in text
    assert brokering_text({**cf, "expected": 0.05}, 0.6, 0.1, 0.5).startswith(
        "Remittance brokering returns 5.0% a year"
    )


def test_downside_text_says_whether_the_slump_loses() -> None:
    assert "loses 2,500 CNY a car before interest" in downside_text(-0.04, 0.46, 0.28, -2_500)
    assert "still earns 1,000 CNY" in downside_text(0.1, 0.1, 0.2, 1_000)


def test_the_preferred_route_is_called_least_bad_when_lending_beats_it() -> None:
    ce = {"state_led": -0.163, "independent": -0.568, "remittance": -0.598}
    intervals = [("independent", 0.0, 0.75), ("state_led", 0.8, 5.0)]
    text = risk_aversion_text(0.79, intervals, 2.0, ce, rate=0.6)
    assert "**state-led smuggling is preferred**, but only as the least bad" in text
    assert "lending the capital out at 60% a year" in text
    # a positive certainty equivalent: no such clause; without the rate, none either
    positive = {**ce, "state_led": 0.05}
    assert "least bad" not in risk_aversion_text(0.79, intervals, 2.0, positive, rate=0.6)
    assert "least bad" not in risk_aversion_text(0.79, intervals, 2.0, ce)


def test_what_the_answer_hangs_on_names_each_assumption_and_its_effect() -> None:
    rows = [
        {"rate": 0.6, "preferred": "state_led", "breakeven_risk_aversion": 0.79},
        {"rate": 1.2, "preferred": "state_led", "breakeven_risk_aversion": None},
    ]
    run = {
        "expected": -0.036,
        "without_losses": 0.281,
        "without_halts": 0.015,
        "p_star": 0.142,
        "crackdown_probability": 0.1,
    }
    text = hangs_on_text(preferred_over_rates=rows, **run)
    assert text.startswith("What this hangs on (state-led smuggling here: -3.6% a year):")
    assert "without them state-led smuggling would return 28.1% a year;" in text
    assert "would return 1.5% a year;" in text
    assert "from 0.79 at 60% a year and never at 120%" in text
    assert "below 14.2% per cycle, and the 10% used here is assumed" in text
    # with the variants' ruin and break-even, each item says what it does to them
    variants = {
        "without_losses": {"ruin_probability": 0.0, "breakeven_risk_aversion": 0.57},
        "without_halts": {"ruin_probability": 0.4, "breakeven_risk_aversion": None},
    }
    full = hangs_on_text(
        preferred_over_rates=rows, ruin=0.47, breakeven=0.79, variants=variants, **run
    )
    assert "a 47% chance of ruin in five years, best from a risk aversion of 0.79" in full
    assert (
        "28.1% a year, with a 0% chance of ruin, and be best from a risk aversion of 0.57" in full
    )
    assert "with a 40% chance of ruin, and be best never (0 to 5)" in full
    assert len(full.splitlines()) == 5
