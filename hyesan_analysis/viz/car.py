"""Charts of the car report: the P&L waterfall, the state's waku revenue, the tornado."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from hyesan_analysis import viz
from hyesan_analysis.model.vehicle import CarUnitEconomics, Sensitivity

__all__ = ["pnl_waterfall", "sensitivity_tornado", "waku_revenue"]

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
    ax.set_title(
        f"State waku revenue at {model.vehicles_per_year:,} vehicles a year before the cut"
    )
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
