"""The investor report's sentence helpers (reporting.authoring.formatting): each case of the
break-even and of the interest rate at which a route stops paying."""

from __future__ import annotations

import math

import pytest

from hyesan_analysis.reporting.authoring.formatting import breakeven_sentence, zero_return_clause


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
