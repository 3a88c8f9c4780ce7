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


# --- what a chart shows, in data and in words (rn.figure) -------------------------------

#: The longest alt text a chart gets (screen readers read all of it).
MAX_ALT_CHARS = 900


def take_title(fig: Any) -> str:
    """Remove the chart's title from the image and return it ("" if it had none).

    The title is the figure's suptitle or, in a single-panel chart, the panel's title; the
    caption under the chart carries it instead. Panel titles of a multi-panel chart stay.
    """
    title = ""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        title = suptitle.get_text().strip()
        suptitle.set_text("")
    axes = [ax for ax in fig.get_axes() if ax.get_visible() and _is_panel(ax)]
    if len(axes) == 1:
        ax = axes[0]
        for loc in ("center", "left", "right"):
            text = ax.get_title(loc=loc).strip()
            if text:
                title = title or text
                ax.set_title("", loc=loc)
    return " ".join(title.split())


def _is_panel(ax: Any) -> bool:
    """A data panel, not a colour bar or an inset legend."""
    return not hasattr(ax, "_colorbar") and ax.get_label() != "<colorbar>"


def _plain(value: Any) -> Any:
    """A matplotlib datum as a CSV-friendly value (dates as ISO strings)."""
    import numpy as np

    if isinstance(value, np.datetime64):
        return str(np.datetime_as_string(value, unit="D"))
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


def _series_name(artist: Any, fallback: str) -> str:
    label = str(artist.get_label() or "")
    return fallback if (not label or label.startswith("_")) else label


def _is_date_axis(axis: Any) -> bool:
    from matplotlib import dates

    return isinstance(
        axis.get_major_formatter(),
        dates.DateFormatter | dates.AutoDateFormatter | dates.ConciseDateFormatter,
    )


def _axis_value(axis: Any, value: float) -> Any:
    """A number on ``axis`` as the reader sees it: a date on a date axis."""
    if _is_date_axis(axis):
        from matplotlib import dates

        return dates.num2date(value).date().isoformat()
    return float(value)


def _tick_names(axis: Any) -> dict[float, str]:
    """Tick positions that carry a text label (categories of a bar chart)."""
    names = {}
    for tick, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False):
        text = label.get_text().strip()
        if text and not _looks_numeric(text):
            names[round(float(tick), 6)] = text.replace("\n", " ")
    return names


def _looks_numeric(text: str) -> bool:
    cleaned = text.replace(",", "").replace("−", "-").replace("%", "").replace(" ", "")
    try:
        float(cleaned)
    except ValueError:
        return False
    return True


def figure_data(fig: Any, drop_empty: bool = True) -> Any:
    """The data a chart draws, one row per point or bar (a long pandas DataFrame).

    Columns: ``panel`` (panel title or number), ``kind`` (line, bar, point), ``series``
    (legend label), ``x`` and ``y`` (as drawn; a bar's category name when its axis has
    one, dates as ISO dates), and ``bottom`` (where a bar starts: not zero in a waterfall
    or a tornado). Lines, bars (vertical and horizontal) and scatter points are read;
    shaded bands and text are not. Columns that say nothing (one panel, no legend, no
    bars) are dropped unless ``drop_empty`` is false.
    """
    import numpy as np
    import pandas as pd
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    rows: list[dict[str, Any]] = []
    panels = [ax for ax in fig.get_axes() if _is_panel(ax)]
    for number, ax in enumerate(panels, start=1):
        panel = ax.get_title() or (f"panel {number}" if len(panels) > 1 else "")
        for i, line in enumerate(ax.get_lines(), start=1):
            xs = np.atleast_1d(line.get_xdata(orig=True))
            ys = np.atleast_1d(line.get_ydata(orig=True))
            if len(xs) < 2 and line.get_marker() in (None, "", "None"):
                continue
            if _is_reference_line(line, ax):
                continue
            name = _series_name(line, f"line {i}")
            for x, y in zip(xs, ys, strict=False):
                rows.append(
                    {"panel": panel, "kind": "line", "series": name, "x": _plain(x), "y": _plain(y)}
                )
        bar_patches = set()
        for container in ax.containers:
            if not isinstance(container, BarContainer):
                continue
            horizontal = getattr(container, "orientation", "vertical") == "horizontal"
            name = _series_name(container, "")
            for patch in container.patches:
                bar_patches.add(id(patch))
                rows.append(_bar_row(ax, patch, horizontal, panel, name))
        loose = [
            p
            for p in ax.patches
            if id(p) not in bar_patches and type(p).__name__ == "Rectangle" and p.get_height()
        ]
        if loose and len(ax.containers) == 0:
            for patch in loose:
                rows.append(_bar_row(ax, patch, False, panel, ""))
        for coll in ax.collections:
            if not isinstance(coll, PathCollection):
                continue
            offsets = np.asarray(coll.get_offsets())
            if offsets.size == 0:
                continue
            name = _series_name(coll, "")
            for x, y in offsets:
                rows.append(
                    {
                        "panel": panel,
                        "kind": "point",
                        "series": name,
                        "x": _axis_value(ax.xaxis, x),
                        "y": _axis_value(ax.yaxis, y),
                    }
                )
    frame = pd.DataFrame(rows, columns=["panel", "kind", "series", "x", "y", "bottom"])
    for col in ("panel", "series", "bottom") if drop_empty else ():
        if frame[col].isna().all() or (frame[col] == "").all():
            frame = frame.drop(columns=col)
    return frame


def _is_reference_line(line: Any, ax: Any) -> bool:
    """A zero line or a marker line from axhline/axvline (two points spanning the axes)."""
    if len(line.get_xdata()) != 2:
        return False
    transform = line.get_transform()
    return bool(transform != ax.transData and _series_name(line, "") == "")


def _bar_row(ax: Any, patch: Any, horizontal: bool, panel: str, name: str) -> dict[str, Any]:
    if horizontal:
        centre = patch.get_y() + patch.get_height() / 2
        start, size = patch.get_x(), patch.get_width()
        category = _tick_names(ax.yaxis).get(round(centre, 6))
        row = {"x": float(start + size), "y": category or centre, "bottom": float(start)}
    else:
        centre = patch.get_x() + patch.get_width() / 2
        start, size = patch.get_y(), patch.get_height()
        category = _tick_names(ax.xaxis).get(round(centre, 6))
        row = {
            "x": category or _axis_value(ax.xaxis, centre),
            "y": float(start + size),
            "bottom": float(start),
        }
    return {"panel": panel, "kind": "bar", "series": name, **row}


def _num(value: Any) -> str:
    """A number for a sentence: thousands separators, three significant digits below 100;
    a whole number that reads as a year (1800-2200) as a year."""
    if isinstance(value, str):
        return value
    value = float(value)
    if value.is_integer() and 1800 <= value <= 2200:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def describe_figure(fig: Any, data: Any = None) -> str:
    """Alt text for a chart, generated from what it draws.

    Per panel: the kind of chart, what is plotted against what (the axis labels, which
    carry the units), each series with its range and endpoints (lines), its smallest and
    largest bar (bars) or its spread (points). A chart whose artists say nothing readable
    (an image, a heatmap) is described by ``data``, the frame rn.figure writes, if given.
    """
    panels = [ax for ax in fig.get_axes() if _is_panel(ax)]
    frame = figure_data(fig, drop_empty=False)
    parts = []
    for number, ax in enumerate(panels, start=1):
        title = ax.get_title() or (f"panel {number}" if len(panels) > 1 else "")
        sub = frame[frame["panel"] == title]
        parts.append(_describe_panel(ax, title, sub, len(panels) > 1))
    if not len(frame) and data is not None and len(data.columns):
        parts.append(_describe_frame(data))
    text = " ".join(p for p in parts if p)
    if len(text) > MAX_ALT_CHARS:
        text = text[: MAX_ALT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text or "A chart."


def _describe_panel(ax: Any, title: str, frame: Any, multi: bool) -> str:
    xlabel = ax.get_xlabel().strip() or "x"
    ylabel = ax.get_ylabel().strip() or "y"
    kinds = set(frame["kind"]) if "kind" in frame.columns and len(frame) else set()
    head = f"{title}: " if multi and title else ""
    if not kinds:
        return f"{head}a chart of {ylabel} against {xlabel}."
    pieces = []
    if "line" in kinds:
        pieces.append(_describe_lines(frame[frame["kind"] == "line"], xlabel, ylabel))
    if "bar" in kinds:
        pieces.append(_describe_bars(ax, frame[frame["kind"] == "bar"], xlabel, ylabel))
    if "point" in kinds:
        pieces.append(_describe_points(frame[frame["kind"] == "point"], xlabel, ylabel))
    return head + " ".join(pieces)


def _describe_lines(lines: Any, xlabel: str, ylabel: str) -> str:
    series = list(dict.fromkeys(lines["series"]))
    count = f", {len(series)} series" if len(series) > 1 else ""
    out = [f"Line chart of {ylabel} against {xlabel}{count}."]
    for name in series[:6]:
        s = lines[lines["series"] == name].reset_index(drop=True)
        ys = s["y"].astype(float)
        first, last = 0, len(s) - 1
        lo, hi = int(ys.idxmin()), int(ys.idxmax())
        text = (
            f"{name}: from {_num(s['y'][first])} at {_num(s['x'][first])} to "
            f"{_num(s['y'][last])} at {_num(s['x'][last])}"
        )
        extremes = [
            f"{word} {_num(ys[i])} at {_num(s['x'][i])}"
            for word, i in (("lowest", lo), ("highest", hi))
            if i not in (first, last)
        ]
        out.append(text + (", " + ", ".join(extremes) if extremes else "") + ".")
    if len(series) > 6:
        out.append(f"And {len(series) - 6} more series.")
    return " ".join(out)


def _describe_bars(ax: Any, bars: Any, xlabel: str, ylabel: str) -> str:
    horizontal = bool(len(bars)) and isinstance(bars["y"].iloc[0], str)
    value_col, name_col = ("x", "y") if horizontal else ("y", "x")
    value_label, name_label = (xlabel, ylabel) if horizontal else (ylabel, xlabel)
    bars = bars.reset_index(drop=True)
    sizes = bars[value_col].astype(float)
    if "bottom" in bars.columns:
        sizes = sizes - bars["bottom"].fillna(0.0).astype(float)
    names = bars[name_col]
    lo, hi = int(sizes.idxmin()), int(sizes.idxmax())
    if len(bars) > 12 and not any(isinstance(v, str) for v in names):
        return (
            f"Histogram of {name_label if name_label != 'x' else 'values'}, {len(bars)} bins "
            f"from {_num(min(names))} to {_num(max(names))}; the tallest "
            f"({value_label if value_label != 'y' else 'count'} {_num(sizes[hi])}) at "
            f"{_num(names[hi])}."
        )
    kind = "Horizontal bar chart" if horizontal else "Bar chart"
    by = f" by {name_label}" if name_label not in ("x", "y") else ""
    text = (
        f"{kind} of {value_label}{by}, {len(bars)} bars: smallest {_num(sizes[lo])} "
        f"({_num(names[lo])}), largest {_num(sizes[hi])} ({_num(names[hi])})."
    )
    if len(bars) <= 10:
        listing = "; ".join(f"{_num(n)} {_num(v)}" for n, v in zip(names, sizes, strict=False))
        text += f" Bars: {listing}."
    return text


def _describe_points(points: Any, xlabel: str, ylabel: str) -> str:
    series = list(dict.fromkeys(points["series"]))
    out = [f"Scatter plot of {ylabel} against {xlabel}, {len(points)} points."]
    for name in series[:6]:
        s = points[points["series"] == name]
        head = f"{name}: {len(s)} points, " if name else ""
        out.append(
            f"{head}{xlabel} from {_num(min(s['x']))} to {_num(max(s['x']))}, "
            f"{ylabel} from {_num(min(s['y']))} to {_num(max(s['y']))}."
        )
    return " ".join(out)


def _describe_frame(frame: Any) -> str:
    """One sentence on a data frame given to rn.figure: its columns and their ranges."""
    parts = []
    for col in list(frame.columns)[:6]:
        values = frame[col].dropna()
        if len(values) and all(isinstance(v, int | float) for v in values):
            parts.append(f"{col} from {_num(min(values))} to {_num(max(values))}")
        else:
            parts.append(f"{col} ({values.nunique()} values)")
    return f"Data: {len(frame)} rows; " + ", ".join(parts) + "."
