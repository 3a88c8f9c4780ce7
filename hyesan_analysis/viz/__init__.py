"""One seaborn theme and the figure helpers every report shares.

Charts are sized for an A4 page (about 17 cm of text width) and drawn at 150 dpi so that
axis labels stay readable in print. Every axis label carries its unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PAGE_WIDTH_IN = 6.8
PALETTE = "colorblind"
POSITIVE = "#1b7837"
NEGATIVE = "#b2182b"
TOTAL = "#4d4d4d"


def set_theme() -> None:
    """Apply the package's one theme (call once per notebook; ``rn.start`` does)."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt  # noqa: F401  (activates the inline backend first)
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font_scale=0.95)
    _inline_png_without_tight_bbox()
    mpl.rcParams.update(
        {
            "figure.dpi": 150,
            "savefig.dpi": 150,
            "figure.figsize": (PAGE_WIDTH_IN, 3.6),
            "figure.autolayout": False,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "axes.labelsize": 10,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "legend.fontsize": 9,
            "svg.hashsalt": "hyesan",
            "font.family": "DejaVu Sans",
        }
    )


def _inline_png_without_tight_bbox() -> None:
    """Save inline figures at their own size instead of a 'tight' bounding box.

    The inline backend's default (bbox_inches="tight") draws every figure twice to measure
    it; our figures use constrained layout, which already keeps labels inside, so one draw
    is enough (about a third of a notebook's plotting time).
    """
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # not in a kernel
        return
    if get_ipython() is not None:
        set_matplotlib_formats("png", bbox_inches=None)


def figure(height_in: float = 3.6, width_in: float = PAGE_WIDTH_IN, **kwargs: Any) -> Any:
    """A new figure and axes at page width; returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width_in, height_in), layout="constrained", **kwargs)


def thousands(axis: Any) -> None:
    """Format an axis with thousands separators (``12,500``)."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))


def percent(axis: Any, digits: int = 0) -> None:
    """Format an axis holding fractions as percentages."""
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=digits))


def waterfall(
    ax: Any,
    labels: Sequence[str],
    amounts: Sequence[float],
    total_label: str,
    unit: str,
    title: str = "",
) -> None:
    """Draw a waterfall: signed steps from zero, then the total bar.

    Parameters
    ----------
    ax : matplotlib Axes
    labels : sequence of str
        One label per step.
    amounts : sequence of float
        Signed step sizes (positive adds, negative subtracts), in ``unit``.
    total_label : str
        Label of the final bar (the running total).
    unit : str
        Unit for the value axis label.
    """
    running = 0.0
    for i, amount in enumerate(amounts):
        bottom = running if amount >= 0 else running + amount
        color = POSITIVE if amount >= 0 else NEGATIVE
        ax.bar(i, abs(amount), bottom=bottom, color=color, width=0.65)
        ax.text(i, bottom + abs(amount), f"{amount:+,.0f}", ha="center", va="bottom", fontsize=8)
        running += amount
    n = len(labels)
    ax.bar(n, running, color=TOTAL, width=0.65)
    ax.text(
        n,
        max(running, 0),
        f"{running:,.0f}",
        ha="center",
        va="bottom",
        fontsize=8,
        fontweight="bold",
    )
    ax.set_xticks(range(n + 1), [*labels, total_label], rotation=25, ha="right")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(unit)
    thousands(ax.yaxis)
    if title:
        ax.set_title(title)


def tornado(
    ax: Any,
    labels: Sequence[str],
    low_values: Sequence[float],
    high_values: Sequence[float],
    base_value: float,
    unit: str,
    title: str = "",
) -> None:
    """Draw a tornado chart of one-at-a-time sensitivities around ``base_value``.

    Bars are ordered as given (sort the inputs by swing first, largest on top).
    """
    n = len(labels)
    ys = list(range(n))[::-1]
    for y, lo, hi in zip(ys, low_values, high_values, strict=True):
        ax.barh(
            y,
            lo - base_value,
            left=base_value,
            color=NEGATIVE if lo < base_value else POSITIVE,
            height=0.6,
        )
        ax.barh(
            y,
            hi - base_value,
            left=base_value,
            color=POSITIVE if hi > base_value else NEGATIVE,
            height=0.6,
        )
    ax.axvline(base_value, color="black", linewidth=0.9)
    ax.set_yticks(ys, labels)
    ax.set_xlabel(unit)
    thousands(ax.xaxis)
    if title:
        ax.set_title(title)


# What a chart shows (rn.figure's data and alt text) lives in two modules of its own; the
# names are kept here, where the notebooks and the page code look for them.
from hyesan_analysis.viz.chart_data import (  # noqa: E402
    DATA_COLUMNS,
    MAX_ALT_CHARS,
    drop_empty_columns,
    figure_data,
    legend_entries,
    panel_titles,
    panels,
    take_title,
)
from hyesan_analysis.viz.chart_words import describe_figure  # noqa: E402

__all__ = [
    "DATA_COLUMNS",
    "MAX_ALT_CHARS",
    "NEGATIVE",
    "PAGE_WIDTH_IN",
    "PALETTE",
    "POSITIVE",
    "TOTAL",
    "describe_figure",
    "drop_empty_columns",
    "figure",
    "figure_data",
    "legend_entries",
    "panel_titles",
    "panels",
    "percent",
    "set_theme",
    "take_title",
    "thousands",
    "tornado",
    "waterfall",
]
