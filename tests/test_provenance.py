"""The one provenance mechanism for model numbers (hyesan_analysis.model.provenance)."""

from __future__ import annotations

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.provenance import Figure, assumed, implied, sourced


def test_sourced_reads_the_fact() -> None:
    f = sourced("smuggler_profit_per_car_2025_cny", "low")
    assert (f.value, f.unit, f.basis, f.fact_id) == (
        10000.0,
        "CNY per vehicle",
        "sourced",
        "smuggler_profit_per_car_2025_cny",
    )
    assert f.citation == get_fact("smuggler_profit_per_car_2025_cny").citation


def test_implied_and_assumed_carry_their_words() -> None:
    i = implied(58000.0, "CNY per vehicle", "sale 60,000 - profit 2,000")
    a = assumed(0.3, "share", "a minority share")
    assert (i.basis, i.fact_id, i.citation) == ("implied", None, "sale 60,000 - profit 2,000")
    assert (a.basis, a.value, a.citation) == ("assumed", 0.3, "a minority share")


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Figure(1.0, "share", "guessed", "x"), "basis"),  # type: ignore[arg-type]
        (lambda: assumed(1.0, "share", "  "), "rationale"),
        (lambda: sourced("halt_2025_05_event"), "has no value"),
        (lambda: sourced("no_such_fact"), "unknown fact id"),
    ],
)
def test_bad_figures_are_refused(make, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((ValueError, KeyError), match=match):
        make()
