"""investor_returns charts and tables (hyesan_analysis.viz.investor): what they draw and
write, from the model's numbers (no kernel)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from hyesan_analysis.model.investor import (
    CAR_FIGURES,
    MODEL_FIGURES,
    STRATEGIES,
    expected_annual_return,
    model_figures,
    simulate_annual_returns,
    summarize,
)
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA
from hyesan_analysis.viz import investor as vi
from tests._investor_fixtures import DEFAULT as PARAMS

SOURCED = {p.name for p in SCHEMA.params if p.is_sourced}


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


def test_interest_rate_chart_draws_one_line_per_route_to_the_top_rate() -> None:
    _, ax = vi.interest_rate_chart(PARAMS, 1.5)
    routes = [ln for ln in ax.get_lines() if ln.get_label() in vi.STRATEGY_LABELS.values()]
    assert len(routes) == 3
    x, y = routes[0].get_data()
    assert x[0] == 0.0 and x[-1] == 1.5
    # at the run's rate the state-led curve passes through the closed form
    i = int(np.argmin(abs(np.asarray(x) - PARAMS.annual_interest_rate)))
    assert x[i] == pytest.approx(0.6)
    assert y[i] == pytest.approx(expected_annual_return(PARAMS, "state_led"), abs=1e-12)


def test_capital_cycle_chart_colours_sourced_stages() -> None:
    _, ax = vi.capital_cycle_chart(PARAMS.used.cycle, SOURCED)
    bars = ax.patches[:5]  # the stages, then the whole cycle
    grey = to_rgba(vi.ASSUMED_GREY)
    sourced = [bar.get_facecolor() != grey for bar in bars]
    assert sourced == [False, False, True, True, False]  # inspection and approval
    assert ax.patches[5].get_width() == 41.0
    assert [bar.get_x() for bar in bars] == [0.0, 10.0, 12.0, 17.0, 27.0]


def test_calendar_heatmap_titles_the_operating_days() -> None:
    _, ax = vi.calendar_heatmap(PARAMS.calendar)
    assert "337 operating days" in ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 36 and texts[2] == "0.80" and texts[14] == "×1.5"


def test_return_distribution_chart_shares_sum_to_one() -> None:
    sims = simulate_annual_returns(PARAMS, 5_000, 3)
    summary = {s: summarize(sims[s]) for s in STRATEGIES}
    _, ax = vi.return_distribution_chart(sims, summary)
    filled = [p for p in ax.patches if p.get_fill()]
    assert len(filled) == 3
    for polygon in filled:  # every simulated year is in a band (the tails in the end bands)
        heights = polygon.get_xy()[:, 1]
        assert heights.max() <= 1.0
    assert any("P(loss)" in t.get_text() for t in ax.get_legend().get_texts())


def test_breakeven_chart_marks_the_breakeven_and_the_assumption() -> None:
    _, ax = vi.breakeven_chart(PARAMS, 0.168)
    texts = [t.get_text() for t in ax.texts]
    assert "break-even 16.8% per cycle (78% a year)" in texts and "assumed 10%" in texts
    _, ax = vi.breakeven_chart(PARAMS, 0.0)  # no break-even inside (0, 1): nothing marked
    assert [t.get_text() for t in ax.texts] == ["assumed 10%"]


def test_crackdown_axis_leaves_room_for_both_marks() -> None:
    assert vi.crackdown_axis_top(0.1, 0.1) == 0.3
    assert vi.crackdown_axis_top(0.4, 0.1) == 0.8
    assert vi.crackdown_axis_top(0.9, 0.9) == 1.0


def test_return_rows_write_percentages() -> None:
    summary = {s: summarize([-0.1, 0.0, 0.2, 0.3]) for s in STRATEGIES}
    gross = dict.fromkeys(STRATEGIES, 0.628)
    rows = vi.return_rows(summary, gross)
    assert [r["route"] for r in rows] == list(vi.STRATEGY_LABELS.values())
    assert rows[0]["before interest"] == "62.8%"
    assert rows[0]["after interest (mean)"] == "10.0%"
    assert rows[0]["P(losing year)"] == "25.0%"


def test_calendar_rows_group_the_seasons() -> None:
    rows = vi.calendar_rows(PARAMS.calendar)
    assert [r["months"] for r in rows] == ["Nov–Feb", "Mar–Apr", "May–Jun, Sep–Oct", "Jul–Aug"]
    assert [r["days open"] for r in rows] == [120, 49, 122, 46]
    assert rows[2]["sources (fact ids)"] == "–"
    assert rows[0]["sources (fact ids)"] == "yalu_frozen_nov_feb, rivers_frozen_january"


def test_what_if_rows_name_the_cases_and_signed_changes() -> None:
    rows = vi.what_if_rows(
        [
            {
                "scenario": "halt",
                "strategy": "state_led",
                "operating_days": 306.3,
                "expected": 0.0594,
                "expected_vs_base": -0.0143,
                "prob_loss": 0.195,
            }
        ]
    )
    assert rows == [
        {
            "case": "halt from 15 May",
            "route": "State-led (waku)",
            "days open": 306.3,
            "expected return (exact)": "5.9%",
            "change (points)": "-1.4",
            "P(losing year)": "19.5%",
        }
    ]


def test_figure_rows_cite_every_model_figure() -> None:
    rows = vi.figure_rows(model_figures())
    # strategy terms, the cars' figures, the frozen cost, the wealth floor, the what-ifs
    assert len(rows) == len(MODEL_FIGURES) + len(CAR_FIGURES) + 1 + 1 + 3
    by_figure = {r["figure"]: r for r in rows}
    share = by_figure["Share of used cars in the flow of smuggled cars"]
    assert share["value"] == "0.9 share" and share["basis"] == "sourced"
    assert share["source or rationale"].endswith("[used_car_share_of_smuggled_vehicles]")
    new = by_figure["New car: purchase price"]
    assert new["value"] == "120,000 CNY per vehicle"
    assert new["basis"] == "assumed" and "no sourced price" in new["source or rationale"]
    sale = by_figure["New car: sale price"]
    assert sale["basis"] == "implied" and sale["source or rationale"].endswith("= 167,500")
    spread = next(
        r for w, r in by_figure.items() if w.startswith("Half-width of the draw of a used")
    )
    assert spread["value"] == "1,000 CNY per vehicle" and spread["basis"] == "implied"
