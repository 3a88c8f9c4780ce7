"""Tables of the investor_returns report, as rows for ``rn.table``.

Each ``..._rows`` function turns model results into plain dicts, one a table row, with the
percentages and multiples already written out for a reader: returns by route, the crossing
calendar by season, the what-if cases, model figures with their basis, the state-led
downside events, wealth after some years, the return's drivers, remittance brokering's
counterfactuals and the preferred route across interest rates. Every number comes from
``hyesan_analysis.model.investor``; the charts are in ``hyesan_analysis.viz.investor``, which
imports these names back so they stay reachable from there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.investor import (
    HALT_START,
    STRATEGIES,
    STRATEGY_LABELS,
    MonthlyCalendar,
    StrategyParams,
    grouped_records,
    ruin_probability,
    wealth_quantiles,
)
from hyesan_analysis.model.provenance import Figure

__all__ = [
    "brokering_rows",
    "calendar_rows",
    "downside_rows",
    "driver_rows",
    "figure_rows",
    "preferred_rows",
    "return_rows",
    "wealth_rows",
    "what_if_rows",
]

_WHAT_IF_NAMES = {
    "base": "this run",
    "thaw": "hard thaw",
    "halt": f"halt from {HALT_START.day} {HALT_START:%B}",
}


def _pct(fraction: float, digits: int = 0) -> str:
    return f"{100 * fraction:.{digits}f}%"


def return_rows(
    summary: Mapping[str, Mapping[str, float]], gross: Mapping[str, float]
) -> list[dict[str, str]]:
    """One row per route: the return before interest, and the simulated years after it."""
    return [
        {
            "route": STRATEGY_LABELS[s],
            "before interest": _pct(gross[s], 1),
            "after interest (mean)": _pct(summary[s]["mean"], 1),
            "median": _pct(summary[s]["median"], 1),
            "worst 5% (p05)": _pct(summary[s]["p05"], 1),
            "best 5% (p95)": _pct(summary[s]["p95"], 1),
            "P(losing year)": _pct(summary[s]["prob_loss"], 1),
        }
        for s in STRATEGIES
    ]


def calendar_rows(calendar: MonthlyCalendar) -> list[dict[str, object]]:
    """The calendar by season: days open, the fact ids, and what is sourced or assumed."""
    return [
        {
            "months": r["months"],
            "days open": round(float(r["operating_days"])),  # type: ignore[arg-type]
            "sources (fact ids)": (str(r["source_fact_id"]) or "–").replace("; ", ", "),
            "what is sourced, what is assumed": r["note"],
        }
        for r in grouped_records(calendar)
    ]


def what_if_rows(rows: Sequence[Mapping[str, float | str]]) -> list[dict[str, object]]:
    """``compare_scenarios`` rows for a reader: expected return, change and loss risk."""
    return [
        {
            "case": _WHAT_IF_NAMES[str(r["scenario"])],
            "route": STRATEGY_LABELS[str(r["strategy"])],
            "days open": r["operating_days"],
            "expected return (exact)": _pct(float(r["expected"]), 1),
            "change (points)": f"{100 * float(r['expected_vs_base']):+.1f}",
            "P(losing year)": _pct(float(r["prob_loss"]), 1),
        }
        for r in rows
    ]


def figure_rows(figures: Sequence[tuple[str, Figure]]) -> list[dict[str, str]]:
    """Model figures with their value, basis and citation, arithmetic or rationale."""
    return [
        {
            "figure": what,
            "value": f"{fig.value:,.6g} {fig.unit}",
            "basis": fig.basis,
            "source or rationale": fig.citation
            + (f" [{fig.fact_id}]" if fig.fact_id is not None else ""),
        }
        for what, fig in figures
    ]


def downside_rows(
    params: StrategyParams, cycles_per_year: float, halt_days: float
) -> list[dict[str, object]]:
    """The state-led route's downside events and halts: what each costs, how often, basis."""
    rows: list[dict[str, object]] = []
    for e in params.downside:
        per_year = 1.0 - (1.0 - e.probability_per_cycle) ** cycles_per_year
        rows.append(
            {
                "event": e.label,
                "margin per used car": f"{e.margin_low_cny:,.0f}"
                + ("" if e.margin_low_cny == e.margin_high_cny else f" to {e.margin_high_cny:,.0f}")
                + " CNY",
                "chance per cycle": _pct(e.probability_per_cycle, 1),
                "chance a year": _pct(per_year, 0),
                "loss": f"sourced [{e.fact_id}]",
                "frequency": e.frequency_basis,
            }
        )
    rows.append(
        {
            "event": f"A halt of {halt_days:.0f} days (capital stuck, paying interest)",
            "margin per used car": "interest on the stuck capital; stock sells "
            f"{params.halt_stock_gain_cny_per_car:,.0f} CNY dearer",
            "chance per cycle": "–",
            "chance a year": f"{params.halts_per_year:g} on average",
            "loss": "implied",
            "frequency": "implied (the record's stops)",
        }
    )
    return rows


def wealth_rows(
    wealth: Mapping[str, NDArray[np.float64]], years: Sequence[int] = (1, 3, 5)
) -> list[dict[str, str]]:
    """Wealth after some years by route: mean, median, 5th and 95th percentiles, ruin."""
    rows = []
    for s in STRATEGIES:
        for q in wealth_quantiles(wealth[s], years):
            y = int(q["years"])
            rows.append(
                {
                    "route": STRATEGY_LABELS[s],
                    "after": f"{y} year" + ("s" if y > 1 else ""),
                    "mean": f"{q['mean']:.2f}×",
                    "median": f"{q['q50']:.2f}×",
                    "worst 5% (p05)": f"{q['q05']:.2f}×",
                    "best 5% (p95)": f"{q['q95']:.2f}×",
                    "ruined by then": _pct(ruin_probability(wealth[s], years=y), 1),
                }
            )
    return rows


def driver_rows(table: Any) -> list[dict[str, str]]:
    """The state-led return's drivers: range, basis, returns at the ends, Sobol indices."""
    return [
        {
            "input": r["label"],
            "range": r["range"],
            "basis": f"{r['basis']}: {r['why']}",
            "return at low / high": f"{_pct(r['return_at_low'], 1)} / {_pct(r['return_at_high'], 1)}",
            "first-order": f"{r['first_order']:.2f}",
            "total": f"{r['total']:.2f}",
        }
        for _, r in table.iterrows()
    ]


def brokering_rows(counterfactuals: Mapping[str, float]) -> list[dict[str, str]]:
    """Remittance brokering's expected return with each of its assumed costs taken away."""
    names = {
        "expected": "this run",
        "without_interest": "float financed free (no interest)",
        "without_seizures": "no seizures",
        "without_fine": "a seizure costs the float only (no fine)",
    }
    return [
        {"case": label, "expected return (exact)": _pct(counterfactuals[key], 1)}
        for key, label in names.items()
    ]


def preferred_rows(rows: Sequence[Mapping[str, Any]], risk_aversion: float) -> list[dict[str, str]]:
    """Across interest rates: the expected-return ranking's winner is in the chart; here the
    route preferred at the run's risk aversion and the break-even risk aversion."""
    return [
        {
            "interest rate": f"{_pct(r['rate'])} a year ({_pct(r['rate'] / 12, 1)} a month)",
            f"preferred at risk aversion {risk_aversion:g}": STRATEGY_LABELS[r["preferred"]],
            "state-led best from risk aversion": "never (0-5)"
            if r["breakeven_risk_aversion"] is None
            else f"{r['breakeven_risk_aversion']:.2f}",
        }
        for r in rows
    ]
