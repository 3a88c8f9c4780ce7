"""Charts and tables of the investor_returns report.

Each chart function draws one figure at page width and returns ``(fig, ax)``; the notebook
shows it with ``rn.figure``. Table functions return rows (plain dicts) for ``rn.table``,
with percentages already written out; they live in ``investor_tables`` and are imported back
here. Every number comes from ``hyesan_analysis.model.investor``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis import viz
from hyesan_analysis.model.investor import (
    RUIN_WEALTH,
    STRATEGIES,
    STRATEGY_LABELS,
    CapitalCycle,
    MonthlyCalendar,
    StrategyParams,
    calendar_matrix,
    cycles_per_year,
    expected_annual_return,
    expected_returns_over,
    seizure_probability_per_year,
)
from hyesan_analysis.viz.investor_tables import (
    _pct,
    brokering_rows,
    calendar_rows,
    downside_rows,
    driver_rows,
    figure_rows,
    preferred_rows,
    return_rows,
    wealth_rows,
    what_if_rows,
)

__all__ = [
    "ASSUMED_GREY",
    "STAGE_LABELS",
    "breakeven_chart",
    "brokering_rows",
    "calendar_heatmap",
    "calendar_rows",
    "capital_cycle_chart",
    "certainty_equivalent_chart",
    "colors",
    "crackdown_axis_top",
    "downside_rows",
    "driver_rows",
    "drivers_chart",
    "figure_rows",
    "interest_rate_chart",
    "preferred_rows",
    "return_distribution_chart",
    "return_rows",
    "wealth_chart",
    "wealth_rows",
    "what_if_rows",
]

#: Bars of assumed figures.
ASSUMED_GREY = "#9e9e9e"
#: The capital cycle's stages as a reader names them.
STAGE_LABELS = {
    "procurement": "Procurement (advance payment)",
    "crossing": "Crossing the Yalu",
    "inspection": "Inspection",
    "approval": "Sale approval",
    "time_to_sale": "Time to sale",
}


def colors() -> dict[str, Any]:
    """One colour per strategy, from the package palette."""
    import seaborn as sns

    return dict(zip(STRATEGIES, sns.color_palette(viz.PALETTE, len(STRATEGIES)), strict=True))


# --------------------------------------------------------------------------- charts


def _route_lines(ax: Any, x: Any, curves: Mapping[str, Any]) -> None:
    """One line a route, in the route's colour, and the zero line."""
    color = colors()
    for s in STRATEGIES:
        ax.plot(x, curves[s], color=color[s], label=STRATEGY_LABELS[s])
    ax.axhline(0, color="black", linewidth=0.8)


def _mark(ax: Any, x: float, text: str, color: Any, linestyle: str) -> None:
    """A vertical line at ``x`` with ``text`` at the top of the axes."""
    ax.axvline(x, color=color, linestyle=linestyle, linewidth=1.2)
    ax.annotate(
        text,
        (x, ax.get_ylim()[1]),
        xytext=(4, -12),
        textcoords="offset points",
        fontsize=8,
        color=color,
    )


def interest_rate_chart(
    params: StrategyParams, top_rate: float, credit_range: tuple[float, float] | None = None
) -> Any:
    """Expected annual return of each strategy against the interest rate, 0 to ``top_rate``.

    A dotted line marks the run's rate; ``credit_range`` (low, high), when given, is shaded
    as the range of informal credit the sources report.
    """
    rates = np.linspace(0.0, top_rate, 61)
    curves = expected_returns_over(params, "annual_interest_rate", rates)
    rate = params.annual_interest_rate
    fig, ax = viz.figure(height_in=3.4)
    if credit_range is not None:
        ax.axvspan(*credit_range, color="#dddddd", alpha=0.6, label="sourced credit range")
    _route_lines(ax, rates, curves)
    _mark(ax, rate, f"this run: {_pct(rate)} a year", viz.TOTAL, ":")
    viz.percent(ax.xaxis)
    viz.percent(ax.yaxis)
    ax.set_xlabel("Interest rate on the capital (% per year, simple)")
    ax.set_ylabel("Expected return (% of capital per year)")
    ax.legend(loc="lower left", fontsize=8)
    return fig, ax


def wealth_chart(wealth: Mapping[str, NDArray[np.float64]]) -> Any:
    """Wealth over the years (multiple of the starting capital, log scale): the median of
    each route's simulated investors, with the band from the 5th to the 95th percentile."""
    color = colors()
    fig, ax = viz.figure(height_in=3.4)
    for s in STRATEGIES:
        w = np.asarray(wealth[s])
        years = np.arange(w.shape[1])
        q05, q50, q95 = np.quantile(w, [0.05, 0.5, 0.95], axis=0)
        ax.fill_between(years, q05, q95, color=color[s], alpha=0.15, linewidth=0)
        ax.plot(years, q50, color=color[s], marker="o", markersize=3, label=STRATEGY_LABELS[s])
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axhline(
        RUIN_WEALTH, color=viz.NEGATIVE, linestyle=":", linewidth=1.0, label="ruin: half lost"
    )
    ax.set_yscale("log")
    ax.set_xlabel("Years of reinvesting (years)")
    ax.set_ylabel("Wealth (× starting capital, log scale)")
    # below the axes: the bands fill the plot from the floor to the best paths
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, fontsize=8, frameon=False)
    return fig, ax


def certainty_equivalent_chart(
    risk_aversions: NDArray[np.float64],
    curves: Mapping[str, NDArray[np.float64]],
    risk_aversion: float,
    breakeven: float | None,
) -> Any:
    """Certainty-equivalent return a year against relative risk aversion, one line a route.

    A dotted line marks the run's risk aversion, a red one the risk aversion from which the
    state-led route has the highest certainty equivalent (when there is one).
    """
    fig, ax = viz.figure(height_in=3.4)
    _route_lines(ax, risk_aversions, curves)
    ax.axvline(risk_aversion, color=viz.TOTAL, linestyle=":", linewidth=1.2)
    if breakeven is not None and breakeven > risk_aversions[0]:
        _mark(ax, breakeven, f"state-led best from {breakeven:.2f}", viz.NEGATIVE, "--")
    viz.percent(ax.yaxis)
    ax.set_xlabel("Relative risk aversion (CRRA coefficient)")
    ax.set_ylabel("Certainty-equivalent return (% per year)")
    ax.legend(loc="upper right", fontsize=8)
    return fig, ax


def drivers_chart(table: Any, base_return: float) -> Any:
    """Tornado of the state-led return (left) beside its Sobol indices (right).

    ``table`` is ``investor_drivers.driver_table``'s frame (sorted by total index); the
    tornado's bars run from the return at one end of each input's range to the other.
    """
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(viz.PAGE_WIDTH_IN, 3.6), layout="constrained", sharey=True
    )
    labels = list(table["label"])
    viz.tornado(
        left,
        labels,
        list(table["return_at_low"]),
        list(table["return_at_high"]),
        base_return,
        "State-led return (% per year)",
        title="One at a time, over each range",
    )
    viz.percent(left.xaxis)
    from matplotlib.patches import Patch

    ys = np.arange(len(labels))[::-1]
    right.barh(ys + 0.2, table["first_order"], height=0.4, color=viz.TOTAL)
    right.barh(ys - 0.2, table["total"], height=0.4, color=ASSUMED_GREY)
    right.set_xlim(0, max(1.0, float(np.max(table["total"])) * 1.05))
    right.set_xlabel("Sobol index (share of variance)")
    right.set_title("All at once (Sobol)")
    # one legend under both panels: the bars fill the panels
    fig.legend(
        handles=[
            Patch(color=viz.NEGATIVE, label="end of the range lowering the return"),
            Patch(color=viz.POSITIVE, label="end raising it"),
            Patch(color=viz.TOTAL, label="first-order index"),
            Patch(color=ASSUMED_GREY, label="total index"),
        ],
        loc="outside lower center",
        ncol=4,
        fontsize=8,
        frameon=False,
    )
    return fig, (left, right)


def capital_cycle_chart(cycle: CapitalCycle, sourced: Collection[str]) -> Any:
    """The stages of one used car's capital cycle as a Gantt-like bar chart.

    Parameters
    ----------
    cycle : CapitalCycle
    sourced : collection of str
        Names of the sourced parameters: a stage ``x`` is drawn as sourced when ``x_days``
        is among them, else as assumed.
    """
    stages = cycle.stages()
    sourced_color = colors()["state_led"]
    fig, ax = viz.figure(height_in=2.9)
    n = len(stages)
    for i, st in enumerate(stages):
        y = n - i
        color = sourced_color if f"{st['stage']}_days" in sourced else ASSUMED_GREY
        ax.barh(y, st["days"], left=st["start_day"], color=color, height=0.6)
        ax.text(float(st["end_day"]) + 0.4, y, f"{st['days']:.0f} d", va="center", fontsize=8)
    total = cycle.total_days
    ax.barh(0, total, color=viz.TOTAL, height=0.6)
    ax.text(total + 0.4, 0, f"{total:.0f} days", va="center", fontsize=8, fontweight="bold")
    labels = [STAGE_LABELS[str(st["stage"])] for st in stages] + ["Whole cycle (used car)"]
    ax.set_yticks(range(n, -1, -1), labels)
    ax.set_xlim(0, total * 1.12)
    ax.set_xlabel("Days since the advance payment (days)")
    ax.set_title("Capital cycle of one used car")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=sourced_color, label="sourced"),
            Patch(color=ASSUMED_GREY, label="assumed"),
        ],
        loc="upper right",
    )
    return fig, ax


def calendar_heatmap(calendar: MonthlyCalendar) -> Any:
    """Month x factor heat map: darker is harder (fewer crossing days or a dearer crossing)."""
    import seaborn as sns

    mat = calendar_matrix(calendar)
    capacity, cost, op_days = np.asarray(mat["values"], dtype=float)
    shade = np.vstack([1.0 - capacity, np.clip((cost - 1.0) / 2.0, 0.0, 1.0), 1.0 - capacity])
    text = np.array(
        [[f"{v:.2f}" for v in capacity], [f"×{v:.1f}" for v in cost], [f"{v:.0f}" for v in op_days]]
    )
    fig, ax = viz.figure(height_in=2.3)
    sns.heatmap(
        shade,
        annot=text,
        fmt="",
        cmap="Reds",
        vmin=0.0,
        vmax=1.0,
        cbar=False,
        linewidths=0.5,
        linecolor="white",
        annot_kws={"fontsize": 8},
        ax=ax,
        xticklabels=mat["months"],
        yticklabels=["Capacity (share of days)", "Crossing cost (× base)", "Operating days (days)"],
    )
    ax.set_xlabel("Month")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.set_title(
        f"Crossing calendar: {calendar.operating_days_per_year():.0f} operating days a year"
    )
    return fig, ax


def return_distribution_chart(
    sims: Mapping[str, NDArray[np.float64]], summary: Mapping[str, Mapping[str, float]]
) -> Any:
    """Share of simulated years in each 5-point band of annual return, one curve per route.

    Years beyond the 0.5th and 99.5th percentiles of all routes are put in the end bands.
    """
    lo = min(np.percentile(sims[s], 0.5) for s in STRATEGIES)
    hi = max(np.percentile(sims[s], 99.5) for s in STRATEGIES)
    bins = np.arange(np.floor(lo / 0.05) * 0.05, np.ceil(hi / 0.05) * 0.05 + 0.05, 0.05)
    color = colors()
    fig, ax = viz.figure(height_in=3.4)
    for s in STRATEGIES:
        x = np.clip(sims[s], bins[0], bins[-1])
        weights = np.full(x.size, 1.0 / x.size)
        ax.hist(x, bins=bins, weights=weights, histtype="stepfilled", alpha=0.35, color=color[s])
        label = (
            f"{STRATEGY_LABELS[s]} (mean {_pct(summary[s]['mean'])}, "
            f"P(loss) {_pct(summary[s]['prob_loss'])})"
        )
        ax.hist(
            x,
            bins=bins,
            weights=weights,
            histtype="step",
            color=color[s],
            linewidth=1.2,
            label=label,
        )
    ax.axvline(0, color="black", linewidth=0.8)
    viz.percent(ax.xaxis)
    viz.percent(ax.yaxis)
    ax.set_xlabel("Annual return on capital (% per year, after interest)")
    ax.set_ylabel("Share of simulated years (% per 5-point band)")
    ax.set_title("Distribution of annual returns by route")
    ax.legend(loc="upper left", fontsize=8)
    return fig, ax


def crackdown_axis_top(p_star: float, crackdown_probability: float) -> float:
    """Right end of the break-even chart: room for the break-even and the assumed value."""
    return min(1.0, max(0.3, 2.0 * p_star, 1.5 * crackdown_probability))


def breakeven_chart(params: StrategyParams, p_star: float) -> Any:
    """Independent smuggling's expected return against the crackdown probability.

    The state-led return (flat: no crackdown risk) is a dashed line; the break-even
    ``p_star`` is marked when inside (0, 1), and the run's assumed probability as a square.
    """
    p_assumed = params.crackdown_probability
    p_max = crackdown_axis_top(p_star, p_assumed)
    grid = np.linspace(0.0, p_max, 101)
    curve = expected_returns_over(params, "crackdown_probability", grid, ("independent",))
    e_state = expected_annual_return(params, "state_led")
    e_assumed = expected_annual_return(params, "independent")
    n = cycles_per_year(params.used.cycle_days, params.calendar.operating_days_per_year())
    color = colors()
    fig, ax = viz.figure(height_in=3.4)
    ax.plot(
        grid, curve["independent"], color=color["independent"], label=STRATEGY_LABELS["independent"]
    )
    ax.axhline(
        e_state,
        color=color["state_led"],
        linestyle="--",
        label=STRATEGY_LABELS["state_led"] + ": no crackdown risk",
    )
    ax.axhline(0, color="black", linewidth=0.8)
    if 0.0 < p_star < 1.0:
        ax.axvline(p_star, color=viz.NEGATIVE, linestyle=":", linewidth=1.2)
        ax.plot([p_star], [e_state], "o", color=viz.NEGATIVE)
        ax.annotate(
            f"break-even {_pct(p_star, 1)} per cycle "
            f"({_pct(seizure_probability_per_year(p_star, n))} a year)",
            (p_star, e_state),
            xytext=(8, 10),
            textcoords="offset points",
            fontsize=8,
            color=viz.NEGATIVE,
        )
    if p_assumed <= p_max:
        ax.plot([p_assumed], [e_assumed], "s", color=color["independent"], markersize=5)
        ax.annotate(
            f"assumed {_pct(p_assumed)}",
            (p_assumed, e_assumed),
            xytext=(8, 4),
            textcoords="offset points",
            fontsize=8,
        )
    viz.percent(ax.xaxis)
    viz.percent(ax.yaxis)
    # the same chance a year: at least one seizure in the year's cycles
    top = ax.secondary_xaxis(
        "top",
        functions=(
            lambda p: 1.0 - (1.0 - np.clip(p, 0.0, 1.0)) ** n,
            lambda y: 1.0 - (1.0 - np.clip(y, 0.0, 1.0)) ** (1.0 / n),
        ),
    )
    top.set_xticks([0.25, 0.5, 0.75, 0.9, 0.99])
    viz.percent(top.xaxis)
    top.set_xlabel(f"Chance of at least one seizure a year (%, over {n:.1f} cycles)")
    ax.set_xlabel("Crackdown probability (% chance of seizure per cycle)")
    ax.set_ylabel("Expected return (% of capital per year)")
    ax.set_title("Independent against state-led smuggling")
    ax.legend(loc="upper right")
    return fig, ax
