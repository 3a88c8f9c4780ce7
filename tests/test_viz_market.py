"""Market charts (hyesan_analysis.viz.market): what they draw, checked on the matplotlib
objects (lines, markers, scales, labels with units), without a kernel."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import seaborn as sns

from hyesan_analysis import viz
from hyesan_analysis.model.real_wage import WageScale, real_wage_rice_kg
from hyesan_analysis.viz import market as vm
from tests._market_fixtures import make_market

AP = "Ryanggang/North Hamgyong (Asia Press average)"
STYLE = vm.market_style(["Hyesan", "Pyongyang", "Sinuiju", AP, "Atlantis"], "2023-10")
WAGES = WageScale(3000.0, 30000.0, "2023-10")


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


def _legend_labels(fig) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in fig.legends[0].get_texts()]


def test_style_gives_each_city_a_fixed_colour_and_reads_event_dates_from_the_facts() -> None:
    palette = sns.color_palette(viz.PALETTE, 10)
    assert STYLE.colors["Hyesan"] == palette[0] and STYLE.colors[AP] == palette[4]
    assert STYLE.colors["Atlantis"] == palette[6]  # a new city takes the next free slot
    assert STYLE.cities == tuple(sorted(["Hyesan", "Pyongyang", "Sinuiju", AP, "Atlantis"]))
    assert STYLE.events == (
        (pd.Timestamp("2023-10-01"), "wage reform"),
        (pd.Timestamp("2024-07-10"), "flood halt"),  # flood_halt_2024_event
        (pd.Timestamp("2025-05-15"), "2025 halt"),  # halt_2025_05_event
    )


def test_series_are_split_by_publisher_and_by_gaps_and_year_rows_stay_hollow() -> None:
    frame = make_market(
        [
            ("2021-03-01", "Hyesan", "CNY", 700, "Daily NK"),
            ("2023-06-01", "Hyesan", "CNY", 1000, "Daily NK"),  # more than a year later
            ("2023-09-01", "Hyesan", "CNY", 1100, "Daily NK"),
            ("2023-09", "Hyesan", "CNY", 1300, "NK Times"),
            ("2022", "Hyesan", "CNY", 900, "NK Times"),
        ]
    )
    _fig, ax = plt.subplots()
    vm.draw_series(ax, frame, STYLE)
    lines = ax.get_lines()
    # Daily NK: one marker line and two segments (the gap is left open); NK Times: one
    # marker line and one segment of its single dated point
    assert len(lines) == 5
    joined = [ln for ln in lines if ln.get_linewidth() > 0]
    assert sorted(len(ln.get_xdata()) for ln in joined) == [1, 1, 2]
    markers = {ln.get_marker() for ln in lines if ln.get_linewidth() == 0}
    assert markers == {"o", "s"}  # Daily NK, NK Times
    hollow = [c for c in ax.collections if len(c.get_offsets())]
    assert len(hollow) == 1 and len(hollow[0].get_offsets()) == 1
    assert hollow[0].get_facecolors().size == 0  # no fill: the year-only date
    mid_year = matplotlib.dates.date2num(pd.Timestamp("2022-07-01"))
    assert hollow[0].get_offsets()[0][0] == pytest.approx(mid_year)


def test_rates_figure_has_two_log_panels_with_units_events_and_the_reference_line() -> None:
    shown = make_market(
        [
            ("2024-11-24", "Hyesan", "CNY", 2400, "Daily NK"),
            ("2025-03-04", "Hyesan", "CNY", 3000, "Daily NK"),
            ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
            ("2024-11-24", AP, "USD", 29500, "Asia Press"),
            ("2024-11-24", "Hyesan", "rice", 7700, "Daily NK"),  # not a rate: left out
        ]
    )
    fig = vm.rates_figure(shown, STYLE, 3000.0, "founding report: ~3,000")
    top, bottom = fig.axes
    assert top.get_yscale() == bottom.get_yscale() == "log"
    assert top.get_ylabel() == "KPW per CNY (log scale)"
    assert bottom.get_ylabel() == "KPW per USD (log scale)"
    assert bottom.get_xlabel() == "Date of observation (year)"
    dashed = [ln for ln in top.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 1 and list(dashed[0].get_ydata()) == [3000.0, 3000.0]
    texts = [t.get_text() for t in top.texts]
    assert "founding report: ~3,000" in texts
    assert {"wage reform", "flood halt", "2025 halt"} <= set(texts)  # labelled on top only
    assert not bottom.texts
    dotted = [ln for ln in bottom.get_lines() if ln.get_linestyle() == ":"]
    assert len(dotted) == 3
    assert _legend_labels(fig) == ["Hyesan", "Ryanggang/N. Hamgyong (AP avg.)", "Daily NK",
                                   "Asia Press"]  # fmt: skip
    assert max(np.max(ln.get_ydata()) for ln in top.get_lines()) < 7000  # no rice drawn


def test_food_figure_draws_rice_above_corn_in_kpw_per_kg() -> None:
    shown = make_market(
        [
            ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
            ("2024-12-07", "Hyesan", "rice", 9450, "Daily NK"),
            ("2024-12-07", "Hyesan", "corn", 3000, "Daily NK"),
        ]
    )
    fig = vm.food_figure(shown, STYLE)
    rice, corn = fig.axes
    assert rice.get_title() == "Market price of rice, KPW per kg"
    assert corn.get_title() == "Market price of corn, KPW per kg"
    assert rice.get_ylabel() == corn.get_ylabel() == "KPW per kg (log scale)"
    drawn = [ln for ln in rice.get_lines() if ln.get_linestyle() == "-" and ln.get_linewidth() > 0]
    assert [list(ln.get_ydata()) for ln in drawn] == [[7700.0, 9450.0]]


def test_real_wage_figure_never_joins_the_two_sides_of_the_reform() -> None:
    rice = make_market(
        [
            ("2023-08-01", "Hyesan", "rice", 5000, "Daily NK"),
            ("2023-09-01", "Hyesan", "rice", 5200, "Daily NK"),
            ("2023-11-01", "Hyesan", "rice", 5300, "Daily NK"),
            ("2024-02-01", "Hyesan", "rice", 6000, "Daily NK"),
        ]
    )
    fig = vm.real_wage_figure(real_wage_rice_kg(rice, WAGES), STYLE, WAGES)
    (ax,) = fig.axes
    assert ax.get_ylabel() == "kg of rice per month's wage"
    assert ax.get_ylim()[0] == 0
    assert ax.get_title() == "Monthly wage in rice (3,000 → 30,000 KPW from 2023-10)"
    joined = [ln for ln in ax.get_lines() if ln.get_linestyle() == "-" and ln.get_linewidth() > 0]
    assert sorted(list(ln.get_ydata()) for ln in joined) == [
        [3000 / 5000, 3000 / 5200], [30000 / 5300, 30000 / 6000]
    ]  # fmt: skip
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["wage reform", "flood halt", "2025 halt"]


def test_changes_figure_draws_each_change_the_fit_and_one_for_one() -> None:
    from hyesan_analysis.model.passthrough_changes import change_pairs
    from hyesan_analysis.model.passthrough_specs import fit_changes

    rows = [
        (day, "Pyongyang", series, value, "Daily NK")
        for day, rice, usd in [
            ("2024-11-10", 7500, 18100),
            ("2024-12-07", 9250, 21000),
            ("2025-02-02", 8000, 21000),
            ("2025-05-25", 9600, 24700),
            ("2025-07-05", 13500, 30700),
        ]
        for series, value in (("rice", rice), ("USD", usd))
    ]
    changes = change_pairs(make_market(rows), "rice", "USD")
    fit = fit_changes(changes)
    fig = vm.changes_figure(changes, fit, STYLE, "USD")
    (ax,) = fig.axes
    assert "KPW per USD" in ax.get_xlabel() and "log" in ax.get_ylabel()
    points = ax.collections[0]  # one scatter per series (here one), then the band
    assert np.allclose(points.get_offsets(), 100 * changes[["dlog_rate", "dlog_price"]].to_numpy())
    fitted, one_for_one = ax.get_lines()[:2]
    x, y = fitted.get_xdata(), fitted.get_ydata()
    assert np.polyfit(x, y, 1) == pytest.approx([fit.elasticity, 100 * fit.drift], rel=1e-9)
    assert np.allclose(one_for_one.get_xdata(), one_for_one.get_ydata())
    assert ax.get_title() == ""  # the caption is the title
    labels = _legend_labels(fig)
    assert f"fit: elasticity {fit.elasticity:.2f}" in labels and "one for one" in labels
