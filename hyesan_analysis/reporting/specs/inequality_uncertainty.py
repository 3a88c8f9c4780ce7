"""Rows and words of the inequality report's Monte Carlo: the ranges drawn, the intervals
and the assumptions that move the results most."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hyesan_analysis.model.households import FIELD_WORDS, AssumedRange, Driver, MonteCarlo
from hyesan_analysis.model.households.uncertainty import Outcome
from hyesan_analysis.reporting.authoring.formatting import identifier_words, signed_percent

__all__ = ["driver_label", "drivers_paragraph", "drivers_text", "interval_rows", "range_rows"]

Row = dict[str, Any]

#: Words for the city-wide fields the Monte Carlo draws
_CITY_WORDS = {"informal_indexed_share": "share of informal won earnings indexed to prices"}


def _field_words(field: str) -> str:
    return FIELD_WORDS.get(field, _CITY_WORDS.get(field, identifier_words(field)))


def driver_label(label: str) -> str:
    """``'state_workers food_share'`` -> ``"state workers' share of spending on food"``."""
    group, _, field = label.rpartition(" ")
    if not group:
        return _field_words(field)
    return f"{identifier_words(group)}' {_field_words(field)}"


def range_rows(ranges: Sequence[AssumedRange]) -> list[Row]:
    """One row per assumption the Monte Carlo draws: what, its range and why."""
    rows = []
    for r in ranges:
        if r.scale == "multiply":
            span = f"×{r.low:.2f} to ×{r.high:.2f}"
        elif r.absolute:
            span = f"{r.low:g} to {r.high:g}"
        else:
            span = f"{r.low:+g} to {r.high:+g}"
        rows.append(
            {
                "assumption": _field_words(r.field).capitalize(),
                "drawn": "for each group" if r.per_group else "for the city",
                "range": span,
                "unit": r.unit,
                "rationale": r.rationale,
            }
        )
    return rows


def interval_rows(mc: MonteCarlo, central: dict[str, float]) -> list[Row]:
    """The Gini change and the poorest 40%'s real-income change: central run and interval."""
    g_low, g_high = mc.interval("gini_change")
    b_low, b_high = mc.interval("bottom40_change")
    gini_change = central["gini_after"] - central["gini_before"]
    return [
        {
            "result": "Change of the Gini",
            "this run": f"{gini_change:+.3f}",
            "95% of the draws": f"{g_low:+.3f} to {g_high:+.3f}",
        },
        {
            "result": "Real income change of the poorest 40%",
            "this run": signed_percent(central["real_income_change_bottom40"], 0),
            "95% of the draws": f"{signed_percent(b_low, 0)} to {signed_percent(b_high, 0)}",
        },
    ]


def drivers_text(mc: MonteCarlo, outcome: Outcome, top: int = 3) -> str:
    """The assumptions that move ``outcome`` most, with their rank correlations, in words.

    E.g. ``"state workers' share of households (rank correlation +0.52), ..."``.
    """
    drivers: list[Driver] = mc.drivers(outcome, top)
    return ", ".join(
        f"{driver_label(d.label)} (rank correlation {d.rank_correlation:+.2f})" for d in drivers
    )


def drivers_paragraph(mc: MonteCarlo) -> str:
    """Which assumptions move each result most, as the paragraph under the intervals."""
    return (
        f"Over {mc.n_draws} draws of {mc.n_households:,} households each, the change of the Gini "
        f"is moved most by {drivers_text(mc, 'gini_change')}; the real income change of the "
        f"poorest 40% by {drivers_text(mc, 'bottom40_change')}. A positive rank correlation "
        "means the result is higher when the assumption is drawn higher."
    )
