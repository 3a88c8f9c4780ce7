"""Charts of an income distribution before and after a shock (the inequality report).

Each function draws one figure at page width and returns it; the notebook shows it with
``rn.figure`` (whose caption is the title, so titles are optional here). Changes are in
percent with signed tick labels; every axis label carries its unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.ticker import MaxNLocator

from hyesan_analysis import viz
from hyesan_analysis.model.households import DecileChanges, MonteCarlo, Outcome, Sensitivity
from hyesan_analysis.model.inequality import lorenz_curve

__all__ = [
    "cost_of_living_chart",
    "decile_chart",
    "group_change_chart",
    "lorenz_chart",
    "monte_carlo_chart",
    "sensitivity_chart",
    "signed_percent_axis",
]


def _signed(value: float) -> str:
    return f"{value:+.0f}%" if value else "0%"


def signed_percent_axis(axis: Any) -> None:
    """Label an axis holding percentages as ``-20%``, ``0%``, ``+20%``."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _signed(v)))


def _bars_with_labels(ax: Any, x: Any, values: Sequence[float], **kwargs: Any) -> None:
    """Bars, each labelled with its signed percentage above (gains) or below (losses)."""
    ax.bar(x, values, **kwargs)
    for xi, v in zip(x, values, strict=True):
        ax.text(xi, v, f"{v:+.0f}%", ha="center", va="bottom" if v >= 0 else "top", fontsize=8)


def _room_for_labels(ax: Any, values: Sequence[float], pad: float = 0.12) -> None:
    """Y limits that include 0 and leave ``pad`` of the span for the bar labels."""
    lo, hi = min(0.0, float(min(values))), max(0.0, float(max(values)))
    ax.set_ylim(lo - pad * (hi - lo), hi + pad * (hi - lo))


def lorenz_chart(outcome: Outcome, title: str = "") -> Any:
    """Lorenz curves of real income before and after, with the Palma ratio's boundaries.

    Parameters
    ----------
    outcome : Outcome
        A city's run; its Gini before and after go into the legend.
    title : str
        Chart title (none by default: the caption is the title).
    """
    grid = np.linspace(0.0, 1.0, 501)
    fig, ax = viz.figure(height_in=4.3)
    equality = {"color": viz.TOTAL, "linestyle": "--", "linewidth": 1}
    ax.plot([0, 1], [0, 1], label="perfect equality (45° line)", **equality)
    for incomes, name in ((outcome.before, "before"), (outcome.after, "after")):
        pop_share, inc_share = lorenz_curve(incomes)
        g = outcome.metrics[f"gini_{name}"]
        ax.plot(
            grid,
            np.interp(grid, pop_share, inc_share),
            linewidth=2,
            label=f"{name} the shock (Gini {g:.3f})",
        )
    for x, text in ((0.4, "poorest 40%"), (0.9, "richest 10%")):
        ax.axvline(x, color="grey", linestyle=":", linewidth=1)
        ax.text(x - 0.01, 0.5, text, fontsize=8, ha="right")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    viz.percent(ax.xaxis)
    viz.percent(ax.yaxis)
    ax.set_xlabel("cumulative share of households (%), poorest first")
    ax.set_ylabel("cumulative share of real income (%)")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.86))
    return fig


def decile_chart(deciles: DecileChanges, title: str = "") -> Any:
    """Change in mean real income by decile of before-income: green gains, red losses."""
    pct = deciles.pct_change
    fig, ax = viz.figure(height_in=3.6)
    colors = [viz.POSITIVE if v >= 0 else viz.NEGATIVE for v in pct]
    _bars_with_labels(ax, deciles.decile, list(pct), color=colors, width=0.7)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(deciles.decile)
    ax.set_xlabel("decile of real income before the shock (1 = poorest 10%)")
    ax.set_ylabel("change in mean real income (%)")
    _room_for_labels(ax, list(pct))
    signed_percent_axis(ax.yaxis)
    if title:
        ax.set_title(title)
    return fig


def group_change_chart(outcomes: Sequence[Outcome], labels: Sequence[str], title: str = "") -> Any:
    """Change in mean real income by group, one bar per city side by side.

    Parameters
    ----------
    outcomes : sequence of Outcome
        Cities with the same groups (in the first city's order), e.g. Hyesan, Pyongyang.
    labels : sequence of str
        Tick label of each group of the first city.
    title : str
        Chart title (none by default).
    """
    names = [r.name for r in outcomes[0].groups]
    x = np.arange(len(names))
    width = 0.76 / len(outcomes)
    fig, ax = viz.figure(height_in=3.5)
    every: list[float] = []
    for k, o in enumerate(outcomes):
        change = {r.name: r.pct_change for r in o.groups}
        values = [change[n] for n in names]
        offset = (k - (len(outcomes) - 1) / 2) * width
        _bars_with_labels(ax, x + offset, values, width=width, label=o.city.name, color=f"C{k}")
        every.extend(values)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, list(labels))
    ax.set_ylabel("change in mean real income (%)")
    _room_for_labels(ax, every)
    signed_percent_axis(ax.yaxis)
    if title:
        ax.set_title(title)
    # below the group names: any corner may hold a bar and its label
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(outcomes), frameon=False)
    return fig


def sensitivity_chart(
    sens: Sensitivity, outcome: Outcome, interval: tuple[float, float] | None = None
) -> Any:
    """Left: the Gini after by market rate, with and without smuggling profit. Right: the
    real-income change of the poorest 40% and the richest 10% by the pass-through of rice
    and corn prices (the other goods keep theirs).

    Dotted lines mark ``outcome``'s rate and pass-through; dashed ones the Gini before;
    ``interval`` (the rice estimate's 95% interval, elasticities), when given, is shaded.
    """
    shock = outcome.city.shock
    gini_before = outcome.metrics["gini_before"]
    fig, (ax1, ax2) = viz.figure(height_in=3.4, ncols=2)
    rates, dots = sens.rates_kpw_per_cny, {"marker": "o", "markersize": 3}
    ax1.plot(
        rates, sens.gini_after_with_profit, color="C0", label="after, with smuggling profit", **dots
    )
    ax1.plot(rates, sens.gini_after_without_profit, color="C1", label="after, without", **dots)
    dashed = {"linestyle": "--", "linewidth": 1}
    ax1.axhline(gini_before, color="C0", label="before, with smuggling profit", **dashed)
    ax1.axhline(sens.gini_before_without_profit, color="C1", label="before, without", **dashed)
    ax1.axvline(shock.rate_after_kpw_per_cny, color="grey", linestyle=":", linewidth=1)
    viz.thousands(ax1.xaxis)
    ax1.set_xlabel("market rate after (KPW per CNY)")
    ax1.set_ylabel("Gini after the shock (0–1)")
    ax1.set_title("Gini by exchange rate")
    g_lo = min(*sens.gini_after_without_profit, sens.gini_before_without_profit)
    g_hi = max(*sens.gini_after_with_profit, gini_before)
    ax1.set_ylim(g_lo - 0.05 * (g_hi - g_lo), g_hi + 0.5 * (g_hi - g_lo))  # room for the legend
    ax1.legend(loc="upper left", fontsize=7)
    for change, color, label in (
        (sens.bottom40_change, viz.NEGATIVE, "poorest 40%"),
        (sens.top10_change, viz.POSITIVE, "richest 10%"),
    ):
        ax2.plot(sens.passthroughs, 100 * change, color=color, label=label, **dots)
    ax2.axhline(0, color="black", linewidth=0.8)
    if interval is not None:
        ax2.axvspan(*interval, color="grey", alpha=0.15, label="rice estimate's 95% interval")
    ax2.axvline(shock.passthrough_rice, color="grey", linestyle=":", linewidth=1)
    signed_percent_axis(ax2.yaxis)
    ax2.set_xlabel("rice and corn pass-through (elasticity)")
    ax2.set_ylabel("change in real income (%)")
    ax2.set_title("Real income and food prices")
    ax2.legend(loc="upper right", fontsize=7)
    c_lo = 100 * min(*sens.bottom40_change, *sens.top10_change)
    c_hi = 100 * max(*sens.bottom40_change, *sens.top10_change)
    ax2.set_ylim(c_lo - 0.05 * (c_hi - c_lo), c_hi + 0.4 * (c_hi - c_lo))  # room for the legend
    return fig


def cost_of_living_chart(outcome: Outcome, labels: Sequence[str]) -> Any:
    """Each group's cost-of-living rise beside the change of its mean real income.

    Parameters
    ----------
    outcome : Outcome
        A city's run (its groups' price indices and group rows).
    labels : sequence of str
        Tick label of each group.
    """
    x = np.arange(len(labels))
    rise = [100 * (p - 1) for p in outcome.price_index]
    change = [r.pct_change for r in outcome.groups]
    fig, ax = viz.figure(height_in=3.4)
    _bars_with_labels(ax, x - 0.19, rise, width=0.38, color=viz.TOTAL, label="cost of living")
    _bars_with_labels(ax, x + 0.19, change, width=0.38, color="C0", label="mean real income")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, list(labels))
    ax.set_ylabel("change after the shock (%)")
    _room_for_labels(ax, rise + change)
    signed_percent_axis(ax.yaxis)
    ax.legend(loc="lower left")
    return fig


def monte_carlo_chart(mc: MonteCarlo, central: dict[str, float]) -> Any:
    """Histograms of the Gini change and of the poorest 40%'s real-income change over the
    Monte Carlo draws, with the central 95% shaded and this run marked."""
    fig, (ax1, ax2) = viz.figure(height_in=3.2, ncols=2)
    panels = (
        (ax1, mc.gini_change, central["gini_after"] - central["gini_before"], 1.0, "gini_change"),
        (
            ax2,
            100 * mc.bottom40_change,
            100 * central["real_income_change_bottom40"],
            100.0,
            "bottom40_change",
        ),
    )
    for ax, values, here, scale, key in panels:
        low, high = mc.interval(key)  # type: ignore[arg-type]
        ax.axvspan(scale * low, scale * high, color="grey", alpha=0.2, label="95% of the draws")
        ax.hist(values, bins=25, color="C0")
        ax.axvline(here, color="black", linestyle=":", linewidth=1.2, label="this run")
        ax.set_ylabel("draws")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts, never 2.5 draws
        ax.set_ylim(0, 1.35 * ax.get_ylim()[1])  # room for the legend
    ax1.set_xlabel("Gini after minus before (0–1 scale)")
    ax1.set_title("Change of the Gini")
    ax2.set_xlabel("change in real income (%)")
    signed_percent_axis(ax2.xaxis)
    ax2.set_title("Poorest 40%")
    ax1.legend(loc="upper left", fontsize=7)
    return fig
