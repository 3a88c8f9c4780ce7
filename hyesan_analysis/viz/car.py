"""Charts of the car report: the P&L waterfall, the state's waku revenue, the tornado beside
the Sobol' indices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from hyesan_analysis import viz
from hyesan_analysis.model.vehicle import CarUnitEconomics, Sensitivity

__all__ = [
    "pnl_waterfall",
    "sensitivity_panels",
    "sensitivity_tornado",
    "sobol_bars",
    "waku_revenue",
]

UNIT = "CNY per vehicle"


def pnl_waterfall(ax: Any, steps: Sequence[tuple[str, float]], title: str = "") -> None:
    """From the sale price down to the net profit, one bar per (name, signed CNY) step."""
    viz.waterfall(ax, [n for n, _ in steps], [a for _, a in steps], "Net profit", UNIT, title=title)


def waku_revenue(
    ax: Any, model: CarUnitEconomics, max_growth: float = 0.5, points: int = 51
) -> None:
    """Waku revenue after the change against volume growth, beside the reference revenue.

    Parameters
    ----------
    ax : matplotlib Axes
    model : CarUnitEconomics
        Its waku, reference waku and volume.
    max_growth : float
        Right end of the growth axis (fraction of the reference volume).
    points : int
        Points on the growth axis.
    """
    growth = np.linspace(0, max_growth, points)
    before_m = model.reference_revenue_cny / 1e6
    needed = model.revenue_neutral_growth
    ax.plot(
        growth, model.revenue_cny(growth) / 1e6, label=f"waku {model.deal.waku_price_cny:,.0f} CNY"
    )
    ax.axhline(
        before_m,
        color=viz.TOTAL,
        linestyle="--",
        label=f"revenue at waku {model.reference_waku_cny:,.0f} CNY",
    )
    ax.axvline(needed, color=viz.NEGATIVE, linestyle=":")
    ax.annotate(
        f"+{needed:.0%} vehicles to break even",
        (needed, before_m),
        xytext=(8, -28),
        textcoords="offset points",
        fontsize=8,
    )
    viz.percent(ax.xaxis)
    ax.set_xlabel("Growth in vehicles per year after the cut (%)")
    ax.set_ylabel("Waku revenue (million CNY per year)")
    ax.legend(loc="lower right")


def sensitivity_tornado(
    ax: Any,
    sens: Sequence[Sensitivity],
    labels: Sequence[str],
    base_cny: float,
    title: str = "",
) -> None:
    """One-at-a-time sensitivities of net profit per used car around ``base_cny``."""
    viz.tornado(
        ax,
        labels,
        [s.profit_at_low_cny for s in sens],
        [s.profit_at_high_cny for s in sens],
        base_cny,
        f"Net profit per used car ({UNIT})",
        title=title,
    )
    ax.legend(
        handles=[
            Line2D([], [], color="black", linewidth=0.9, label=f"this run: {base_cny:,.0f}"),
            Patch(color=viz.NEGATIVE, label="below this run"),
            Patch(color=viz.POSITIVE, label="above this run"),
        ],
        loc="lower left",
        fontsize=7,
    )


def sobol_bars(ax: Any, sobol: pd.DataFrame, order: Sequence[str], labels: Sequence[str]) -> None:
    """First-order and total Sobol' indices per input, with their 95% intervals.

    Parameters
    ----------
    ax : matplotlib Axes
    sobol : pandas.DataFrame
        A table of :func:`hyesan_analysis.model.sensitivity.sobol_indices`.
    order : sequence of str
        Input names top to bottom (the tornado's order, so the two panels line up).
    labels : sequence of str
        Reader names in ``order``.
    """
    table = sobol.set_index("name").loc[list(order)]
    ys = np.arange(len(order))[::-1]
    height = 0.36
    ax.barh(
        ys + height / 2,
        table["first_order"],
        height,
        xerr=table["first_order_conf"],
        color=viz.TOTAL,
        label="first-order (alone)",
    )
    ax.barh(
        ys - height / 2,
        table["total"],
        height,
        xerr=table["total_conf"],
        color="#92c5de",
        label="total (with interactions)",
    )
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    viz.percent(ax.xaxis)
    ax.set_xlabel("Share of its variance (%)")
    ax.legend(loc="lower right", fontsize=7.5)


def sensitivity_panels(
    sens: Sequence[Sensitivity], labels: Sequence[str], base_cny: float, sobol: pd.DataFrame
) -> Any:
    """The tornado (one input at a time) beside the Sobol' indices (all inputs at once).

    Both panels list the inputs in the tornado's order and share its labels.
    """
    fig, (left, right) = viz.figure(
        height_in=3.4, ncols=2, sharey=True, gridspec_kw={"width_ratios": [1.25, 1.0]}
    )
    sensitivity_tornado(left, sens, labels, base_cny, title="One input at a time")
    left.set_xlabel(f"Net profit ({UNIT})")
    sobol_bars(right, sobol, [s.field for s in sens], labels)
    right.set_title("All inputs at once (Sobol')")
    right.tick_params(axis="y", labelleft=False)
    return fig
