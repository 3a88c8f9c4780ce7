"""One seaborn theme and the figure helpers every report shares.

Charts are sized for an A4 page (about 17 cm of text width) and drawn at 150 dpi so that
axis labels stay readable in print. Every axis label carries its unit.
"""

from __future__ import annotations

import itertools
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
MAX_ALT_CHARS = 1000
#: Series described one by one in the alt text; the rest are counted.
MAX_SERIES = 6
DATA_COLUMNS = ("panel", "kind", "series", "x", "y", "bottom", "end", "value")


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
    axes = panels(fig)
    if len(axes) == 1:
        ax = axes[0]
        for loc in ("center", "left", "right"):
            text = ax.get_title(loc=loc).strip()
            if text:
                title = title or text
                ax.set_title("", loc=loc)
    return " ".join(title.split())


def panel_titles(fig: Any) -> str:
    """The panel titles of a multi-panel chart, joined (a caption when none is given)."""
    return "; ".join(t for t in (ax.get_title().strip() for ax in panels(fig)) if t)


def panels(fig: Any) -> list[Any]:
    """The data panels of a figure (not its colour bars)."""
    return [
        ax
        for ax in fig.get_axes()
        if ax.get_visible() and not hasattr(ax, "_colorbar") and ax.get_label() != "<colorbar>"
    ]


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


def _public_label(artist: Any) -> str:
    label = str(artist.get_label() or "")
    return "" if label.startswith("_") else " ".join(label.split())


def _is_date_axis(axis: Any) -> bool:
    from matplotlib import dates

    return isinstance(
        axis.get_major_formatter(),
        dates.DateFormatter | dates.AutoDateFormatter | dates.ConciseDateFormatter,
    )


def _axis_value(axis: Any, value: float) -> Any:
    """A number on ``axis`` as data: a date (ISO) on a date axis."""
    if _is_date_axis(axis):
        from matplotlib import dates

        return dates.num2date(value).date().isoformat()
    return float(value)


def _tick_names(axis: Any) -> list[tuple[float, str]]:
    """Tick positions that carry a text label (categories of a bar chart or heat map).

    A panel without labels of its own that shares the axis with one that has them (the
    right half of a two-panel chart) takes the other panel's.
    """
    names = _own_tick_names(axis)
    if names:
        return names
    ax = axis.axes
    shared = ax.get_shared_y_axes() if axis is ax.yaxis else ax.get_shared_x_axes()
    for sibling in shared.get_siblings(ax):
        if sibling is not ax:
            names = _own_tick_names(sibling.yaxis if axis is ax.yaxis else sibling.xaxis)
            if names:
                return names
    return []


def _own_tick_names(axis: Any) -> list[tuple[float, str]]:
    names = []
    for tick, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False):
        text = " ".join(label.get_text().split())
        if text and not _looks_numeric(text):
            names.append((float(tick), text))
    return names


def _category(names: list[tuple[float, str]], position: float) -> str | None:
    """The category whose tick is nearest ``position`` (within half the tick spacing)."""
    if not names:
        return None
    ticks = sorted(t for t, _ in names)
    spacing = min((b - a for a, b in itertools.pairwise(ticks)), default=1.0)
    tick, name = min(names, key=lambda tn: abs(tn[0] - position))
    return name if abs(tick - position) <= 0.5 * spacing + 1e-9 else None


def _looks_numeric(text: str) -> bool:
    cleaned = text.replace(",", "").replace("−", "-").replace("%", "").replace(" ", "")
    try:
        float(cleaned.replace("$", ""))
    except ValueError:
        return False
    return True


def figure_data(fig: Any, drop_empty: bool = True) -> Any:
    """The data a chart draws, one row per point, bar or cell (a long pandas DataFrame).

    Columns: ``panel`` (panel title or number), ``kind`` (line, hline, vline, bar, barh,
    xband, yband, step, point, cell), ``series`` (legend label, or the legend entries drawn
    like an unlabelled line), ``x`` and ``y`` (as drawn: a category's name when its axis has
    one, dates as ISO dates), ``bottom`` (where a bar starts: not zero in a waterfall or a
    tornado), ``end`` (where a shaded span ends) and ``value`` (a heat map's cell, its
    printed annotation when it has one). Lines, labelled reference lines and spans, bars,
    histogram outlines, scatter points and heat maps are read; unlabelled bands are not. Columns that say nothing (one panel, no legend, no bars) are dropped
    unless ``drop_empty`` is false.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    axes = panels(fig)
    legend = legend_entries(fig)
    for number, ax in enumerate(axes, start=1):
        panel = ax.get_title() or (f"panel {number}" if len(axes) > 1 else "")
        rows.extend({"panel": panel, **row} for row in _line_rows(ax, legend))
        for reader in (_bar_rows, _band_rows, _step_rows, _point_rows, _cell_rows):
            rows.extend({"panel": panel, **row} for row in reader(ax))
    frame = pd.DataFrame(rows, columns=list(DATA_COLUMNS))
    if drop_empty:
        for col in ("panel", "series", "bottom", "end", "value"):
            if frame[col].isna().all() or (frame[col] == "").all():
                frame = frame.drop(columns=col)
    return frame


def _line_rows(ax: Any, legend: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    import numpy as np

    rows: list[dict[str, Any]] = []
    unnamed = 0
    drawn: set[bytes] = set()
    used: dict[str, int] = {}
    for line in ax.get_lines():
        name = _public_label(line)
        xs = np.atleast_1d(line.get_xdata(orig=True))
        ys = np.atleast_1d(line.get_ydata(orig=True))
        transform = line.get_transform()
        if transform == ax.get_yaxis_transform() or transform == ax.get_xaxis_transform():
            if not name:  # an unlabelled zero or marker line: drawing, not data
                continue
            if transform == ax.get_yaxis_transform():
                rows.append({"kind": "hline", "series": name, "y": _plain(ys[0])})
            else:
                rows.append({"kind": "vline", "series": name, "x": _plain(xs[0])})
            continue
        if len(xs) == 0 or (len(xs) < 2 and line.get_marker() in (None, "", "None")):
            continue
        key = repr((xs.tolist(), ys.tolist())).encode()
        if key in drawn:  # the same points drawn again (markers over a line)
            continue
        drawn.add(key)
        if not name:
            unnamed += 1
            name = _legend_name(line, legend) or f"line {unnamed}"
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:  # two lines the legend names alike: "Hyesan", "Hyesan (2)"
            name = f"{name} ({used[name]})"
        rows.extend(
            {"kind": "line", "series": name, "x": _plain(x), "y": _plain(y)}
            for x, y in zip(xs, ys, strict=False)
        )
    return rows


def legend_entries(fig: Any) -> list[tuple[Any, str]]:
    """The figure's legend entries (handle, text), from its panels' and its own legends."""
    legends = [*fig.legends, *(ax.get_legend() for ax in panels(fig))]
    entries = []
    for legend in legends:
        if legend is None:
            continue
        handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
        for handle, text in zip(handles, legend.get_texts(), strict=False):
            label = " ".join(text.get_text().split())
            if label:
                entries.append((handle, label))
    return entries


def _legend_name(line: Any, legend: list[tuple[Any, str]]) -> str:
    """An unlabelled line's name from the legend entries drawn like it (colour, marker).

    Charts that draw one line per city and publisher and explain colours and markers in a
    separate legend get "Hyesan, Daily NK" instead of "line 3".
    """
    from matplotlib.colors import to_rgba

    def colour(artist: Any) -> Any:
        for getter in ("get_color", "get_facecolor", "get_edgecolor"):
            if hasattr(artist, getter):
                try:
                    return to_rgba(getattr(artist, getter)())
                except (TypeError, ValueError):
                    continue
        return None

    line_colour, marker = colour(line), line.get_marker()
    by_colour = [text for handle, text in legend if colour(handle) == line_colour]
    by_marker = [
        text
        for handle, text in legend
        if marker not in (None, "", "None")
        and hasattr(handle, "get_marker")
        and handle.get_marker() == marker
        and text not in by_colour
    ]
    names = by_colour[:1] + by_marker[:1]
    return ", ".join(names)


def _bar_rows(ax: Any) -> list[dict[str, Any]]:
    from matplotlib.container import BarContainer
    from matplotlib.patches import Rectangle

    rows = []
    seen = set()
    x_names, y_names = _tick_names(ax.xaxis), _tick_names(ax.yaxis)
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        name = _public_label(container)
        for patch in container.patches:
            seen.add(id(patch))
            rows.append(_bar_row(ax, patch, horizontal, name, x_names, y_names))
    loose = [
        p
        for p in ax.patches
        if id(p) not in seen
        and type(p) is Rectangle
        and p.get_height()
        and p.get_width()
        and p.get_data_transform() == ax.transData
    ]
    if not ax.containers:
        rows.extend(_bar_row(ax, p, False, "", x_names, y_names) for p in loose)
    return rows


def _bar_row(
    ax: Any,
    patch: Any,
    horizontal: bool,
    name: str,
    x_names: list[tuple[float, str]],
    y_names: list[tuple[float, str]],
) -> dict[str, Any]:
    if horizontal:
        centre = patch.get_y() + patch.get_height() / 2
        start, size = patch.get_x(), patch.get_width()
        category = _category(y_names, centre)
        where: dict[str, Any] = {"y": category if category else float(centre)}
        where["x"] = float(start + size)
    else:
        centre = patch.get_x() + patch.get_width() / 2
        start, size = patch.get_y(), patch.get_height()
        category = _category(x_names, centre)
        where = {"x": category if category else _axis_value(ax.xaxis, centre)}
        where["y"] = float(start + size)
    kind = "barh" if horizontal else "bar"
    return {"kind": kind, "series": name, **where, "bottom": float(start)}


def _band_rows(ax: Any) -> list[dict[str, Any]]:
    """Labelled shaded spans (axvspan, axhspan): a range of x or y that the chart marks."""
    rows: list[dict[str, Any]] = []
    for patch in ax.patches:
        name = _public_label(patch)
        transform = patch.get_data_transform()
        if not name or transform == ax.transData:
            continue
        box = patch.get_path().get_extents(patch.get_patch_transform())
        if transform == ax.get_xaxis_transform():
            x0, x1 = _axis_value(ax.xaxis, box.x0), _axis_value(ax.xaxis, box.x1)
            rows.append({"kind": "xband", "series": name, "x": x0, "end": x1})
        elif transform == ax.get_yaxis_transform():
            rows.append({"kind": "yband", "series": name, "y": box.y0, "end": box.y1})
    return rows


def _step_rows(ax: Any) -> list[dict[str, Any]]:
    """Histogram outlines (``histtype="step"``/``"stepfilled"``): their corner points."""
    from matplotlib.patches import Polygon

    polygons = [p for p in ax.patches if isinstance(p, Polygon)]
    named = [p for p in polygons if _public_label(p)]
    rows = []
    for i, patch in enumerate(named or polygons, start=1):
        name = _public_label(patch) or f"outline {i}"
        last = None
        for x, y in patch.get_xy():
            if (x, y) != last:
                rows.append({"kind": "step", "series": name, "x": float(x), "y": float(y)})
            last = (x, y)
    return rows


def _point_rows(ax: Any) -> list[dict[str, Any]]:
    import numpy as np
    from matplotlib.collections import PathCollection

    rows: list[dict[str, Any]] = []
    for coll in ax.collections:
        if not isinstance(coll, PathCollection):
            continue
        offsets = np.asarray(coll.get_offsets())
        name = _public_label(coll)
        rows.extend(
            {
                "kind": "point",
                "series": name,
                "x": _axis_value(ax.xaxis, x),
                "y": _axis_value(ax.yaxis, y),
            }
            for x, y in offsets.reshape(-1, 2)
        )
    return rows


def _cell_rows(ax: Any) -> list[dict[str, Any]]:
    """The cells of a heat map (pcolormesh, seaborn's heatmap) with their row and column."""
    import numpy as np
    from matplotlib.collections import QuadMesh

    rows: list[dict[str, Any]] = []
    x_names, y_names = _tick_names(ax.xaxis), _tick_names(ax.yaxis)
    for coll in ax.collections:
        if not isinstance(coll, QuadMesh):
            continue
        values: Any = np.ma.asarray(coll.get_array())
        hidden: Any = np.ma.getmaskarray(values)
        corners = np.asarray(coll.get_coordinates())
        if values.ndim != 2 or corners.ndim != 3:
            continue
        centres = (corners[:-1, :-1] + corners[1:, 1:]) / 2
        printed = {
            (round(float(t.get_position()[0]), 3), round(float(t.get_position()[1]), 3)): (
                t.get_text().strip()
            )
            for t in ax.texts
        }
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                if hidden[i, j]:
                    continue
                cx, cy = centres[i, j]
                text = printed.get((round(float(cx), 3), round(float(cy), 3)))
                rows.append(
                    {
                        "kind": "cell",
                        "x": _category(x_names, cx) or _axis_value(ax.xaxis, cx),
                        "y": _category(y_names, cy) or _axis_value(ax.yaxis, cy),
                        "value": _number_or_text(text) if text else float(values[i, j]),
                    }
                )
    return rows


def _number_or_text(text: str) -> Any:
    """A printed annotation as a number when it reads as one (``"1,250"``), else as is."""
    try:
        return float(text.replace(",", "").replace("−", "-"))
    except ValueError:
        return text


# --- the words -----------------------------------------------------------------------------


def _num(value: Any) -> str:
    """A number for a sentence: thousands separators, three significant digits below 100;
    a whole number that reads as a year (1800-2200) as a year."""
    if isinstance(value, str):
        return value
    value = float(value)
    if value != value:
        return "no value"
    if abs(value) < 1e-9:  # floating-point dust (a bin edge at -8.9e-16) is zero
        value = 0.0
    if value.is_integer() and 1800 <= value <= 2200:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _on_axis(axis: Any, value: Any) -> str:
    """A value as the axis shows it: through the axis's own formatter (percentages,
    thousands, custom units) when it has one, else as :func:`_num` writes it."""
    from matplotlib import ticker

    if isinstance(value, str):
        return value
    formatter = axis.get_major_formatter()
    if isinstance(
        formatter, ticker.PercentFormatter | ticker.FuncFormatter | ticker.StrMethodFormatter
    ):
        try:
            text = str(formatter(float(value), None)).replace("$", "").strip()
        except (TypeError, ValueError):
            text = ""
        if text and any(ch.isdigit() for ch in text):
            return text.replace("−", "-")
    return _num(value)


def describe_figure(fig: Any, data: Any = None) -> str:
    """Alt text for a chart, generated from what it draws.

    Per panel: the kind of chart, what is plotted against what (the axis labels, which
    carry the units), each series with its endpoints and extremes (lines), its smallest
    and largest bar (bars), its range (histograms, points) or its cells (heat maps), with
    numbers as the axes show them. A chart whose artists say nothing readable (an image)
    is described by ``data``, the frame rn.figure writes, if given.
    """
    axes = panels(fig)
    frame = figure_data(fig, drop_empty=False)
    parts = []
    for number, ax in enumerate(axes, start=1):
        title = ax.get_title() or (f"panel {number}" if len(axes) > 1 else "")
        sub = frame[frame["panel"] == title].reset_index(drop=True)
        text = _describe_panel(ax, sub)
        parts.append(f"{title}: {text}" if len(axes) > 1 and title else text)
    legend = _legend_names(fig)
    described = set(frame["series"].dropna())
    if legend and not set(legend) <= described:
        parts.append("Legend: " + ", ".join(legend) + ".")
    if not len(frame) and data is not None and len(data.columns):
        parts.append(_describe_frame(data))
    text = " ".join(p for p in parts if p)
    if len(text) > MAX_ALT_CHARS:
        text = text[: MAX_ALT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text or "A chart."


def _legend_names(fig: Any) -> list[str]:
    legends = [*fig.legends, *(ax.get_legend() for ax in panels(fig))]
    names = [
        " ".join(t.get_text().split())
        for legend in legends
        if legend is not None
        for t in legend.get_texts()
    ]
    return [n for n in dict.fromkeys(names) if n]


def _label(axis: Any, fallback: str) -> str:
    text = " ".join(axis.get_label_text().split())
    return text or ("date" if _is_date_axis(axis) else fallback)


def _describe_panel(ax: Any, frame: Any) -> str:
    xlabel, ylabel = _label(ax.xaxis, "x"), _label(ax.yaxis, "y")
    kinds = list(dict.fromkeys(frame["kind"]))
    if not kinds:
        return f"A chart of {ylabel} against {xlabel}."
    pieces = []
    for kind in kinds:
        rows = frame[frame["kind"] == kind].reset_index(drop=True)
        if kind == "line":
            pieces.append(_describe_lines(ax, rows, xlabel, ylabel))
        elif kind in ("hline", "vline"):
            pieces.append(_describe_marks(ax, rows))
        elif kind in ("bar", "barh"):
            pieces.append(_describe_bars(ax, rows, xlabel, ylabel, kind == "barh"))
        elif kind in ("xband", "yband"):
            pieces.append(_describe_bands(ax, rows))
        elif kind == "step":
            pieces.append(_describe_steps(ax, rows, xlabel, ylabel))
        elif kind == "point":
            pieces.append(_describe_points(ax, rows, xlabel, ylabel))
        elif kind == "cell":
            pieces.append(_describe_cells(ax, rows, xlabel, ylabel))
    return " ".join(pieces)


def _series_list(rows: Any) -> list[str]:
    """Series to describe: the labelled ones if any, else all; most first."""
    names = list(dict.fromkeys(rows["series"]))
    labelled = [n for n in names if not str(n).startswith(("line ", "outline "))]
    return labelled or names


def _describe_lines(ax: Any, lines: Any, xlabel: str, ylabel: str) -> str:
    names = _series_list(lines)
    count = f", {len(names)} series" if len(names) > 1 else ""
    out = [f"Line chart of {ylabel} against {xlabel}{count}."]
    if all(str(n).startswith("line ") for n in names) and len(names) > 3:
        return out[0] + " " + _describe_all_lines(ax, lines)
    for name in names[:MAX_SERIES]:
        s = lines[lines["series"] == name].reset_index(drop=True)
        x = [_on_axis(ax.xaxis, v) for v in s["x"]]
        ys = s["y"].astype(float)
        if ys.isna().all():
            continue
        head = f"{name}: " if len(names) > 1 or not name.startswith("line ") else ""
        if len(s) == 1:
            out.append(f"{head}one point, {_on_axis(ax.yaxis, ys[0])} at {x[0]}.")
            continue
        first, last = 0, len(s) - 1
        text = (
            f"{head}from {_on_axis(ax.yaxis, ys[first])} at {x[first]} to "
            f"{_on_axis(ax.yaxis, ys[last])} at {x[last]}"
        )
        extremes = [
            f"{word} {_on_axis(ax.yaxis, ys[i])} at {x[i]}"
            for word, i in (("lowest", int(ys.idxmin())), ("highest", int(ys.idxmax())))
            if i not in (first, last)
        ]
        out.append(text + (", " + ", ".join(extremes) if extremes else "") + ".")
    if len(names) > MAX_SERIES:
        out.append(f"And {len(names) - MAX_SERIES} more series.")
    return " ".join(out)


def _describe_all_lines(ax: Any, lines: Any) -> str:
    """Many unlabelled lines at once: where they start and end, their lowest and highest."""
    ys = lines["y"].astype(float).reset_index(drop=True)
    xs = lines["x"].reset_index(drop=True)
    lo, hi = int(ys.idxmin()), int(ys.idxmax())
    order = sorted(range(len(xs)), key=lambda i: (str(type(xs[i])), xs[i]))
    first, last = order[0], order[-1]
    return (
        f"Together from {_on_axis(ax.xaxis, xs[first])} to {_on_axis(ax.xaxis, xs[last])}; "
        f"lowest {_on_axis(ax.yaxis, ys[lo])} at {_on_axis(ax.xaxis, xs[lo])}, highest "
        f"{_on_axis(ax.yaxis, ys[hi])} at {_on_axis(ax.xaxis, xs[hi])}; the latest "
        f"{_on_axis(ax.yaxis, ys[last])} at {_on_axis(ax.xaxis, xs[last])}."
    )


def _describe_marks(ax: Any, rows: Any) -> str:
    out = []
    for _, row in rows.iterrows():
        if row["kind"] == "hline":
            out.append(f"{row['series']}: a level line at {_on_axis(ax.yaxis, row['y'])}.")
        else:
            out.append(f"{row['series']}: a marker line at {_on_axis(ax.xaxis, row['x'])}.")
    return " ".join(out)


def _describe_bars(ax: Any, bars: Any, xlabel: str, ylabel: str, horizontal: bool) -> str:
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_col, name_col = ("x", "y") if horizontal else ("y", "x")
    value_label, name_label = (xlabel, ylabel) if horizontal else (ylabel, xlabel)
    sizes = bars[value_col].astype(float) - bars["bottom"].fillna(0.0).astype(float)
    names = [
        f"{_num(c)}, {s}" if s else _num(c)
        for c, s in zip(bars[name_col], bars["series"].fillna(""), strict=False)
    ]
    lo, hi = int(sizes.idxmin()), int(sizes.idxmax())
    edges = None if horizontal else _histogram_edges(ax, bars)
    if edges is not None:
        positions = bars[name_col].astype(float)
        return (
            f"Histogram of {name_label if name_label not in ('x', 'y') else 'values'}, "
            f"{len(bars)} bins from {_on_axis(ax.xaxis, edges[0])} to "
            f"{_on_axis(ax.xaxis, edges[1])}; the tallest "
            f"({_on_axis(value_axis, sizes[hi])}) at {_on_axis(ax.xaxis, positions[hi])}."
        )
    kind = "Horizontal bar chart" if horizontal else "Bar chart"
    by = f" by {name_label}" if name_label not in ("x", "y") else ""
    text = (
        f"{kind} of {value_label}{by}, {len(bars)} bars: smallest "
        f"{_on_axis(value_axis, sizes[lo])} ({names[lo]}), largest "
        f"{_on_axis(value_axis, sizes[hi])} ({names[hi]})."
    )
    if len(bars) <= 16:
        listing = "; ".join(
            f"{n} {_on_axis(value_axis, v)}" for n, v in zip(names, sizes, strict=False)
        )
        text += f" Bars: {listing}."
    return text


def _histogram_edges(ax: Any, bars: Any) -> tuple[float, float] | None:
    """The outer edges of a histogram (``ax.hist``: many numeric bars that touch, each
    starting where the last ends); None for a bar chart."""
    import numpy as np

    if len(bars) < 8 or any(isinstance(v, str) for v in bars["x"]):
        return None
    patches = [p for c in ax.containers for p in getattr(c, "patches", ())]
    if not patches:
        return None
    edges = sorted((p.get_x(), p.get_x() + p.get_width()) for p in patches)
    touching = all(
        bool(np.isclose(right, next_left, rtol=1e-6, atol=1e-9))
        for (_, right), (next_left, _) in itertools.pairwise(edges)
    )
    return (float(edges[0][0]), float(edges[-1][1])) if touching else None


def _describe_bands(ax: Any, rows: Any) -> str:
    out = []
    for _, row in rows.iterrows():
        if row["kind"] == "xband":
            lo, hi = _on_axis(ax.xaxis, row["x"]), _on_axis(ax.xaxis, row["end"])
        else:
            lo, hi = _on_axis(ax.yaxis, row["y"]), _on_axis(ax.yaxis, row["end"])
        out.append(f"{row['series']}: a shaded range from {lo} to {hi}.")
    return " ".join(out)


def _describe_steps(ax: Any, steps: Any, xlabel: str, ylabel: str) -> str:
    names = _series_list(steps)
    out = [f"Histogram of {xlabel}" + (f", {len(names)} series." if len(names) > 1 else ".")]
    for name in names[:MAX_SERIES]:
        s = steps[steps["series"] == name].reset_index(drop=True)
        ys = s["y"].astype(float)
        filled = s[ys > 0]
        if not len(filled):
            continue
        peak = int(ys.idxmax())
        head = f"{name}: " if not name.startswith("outline ") else ""
        out.append(
            f"{head}from {_on_axis(ax.xaxis, filled['x'].min())} to "
            f"{_on_axis(ax.xaxis, filled['x'].max())}, highest ({_on_axis(ax.yaxis, ys[peak])}) "
            f"at {_on_axis(ax.xaxis, s['x'][peak])}."
        )
    return " ".join(out)


def _describe_points(ax: Any, points: Any, xlabel: str, ylabel: str) -> str:
    names = list(dict.fromkeys(points["series"]))
    out = [f"Scatter plot of {ylabel} against {xlabel}, {len(points)} points."]
    for name in names[:MAX_SERIES]:
        s = points[points["series"] == name]
        head = f"{name}: {len(s)} points, " if name else ""
        out.append(
            f"{head}{xlabel} from {_on_axis(ax.xaxis, min(s['x']))} to "
            f"{_on_axis(ax.xaxis, max(s['x']))}, {ylabel} from "
            f"{_on_axis(ax.yaxis, min(s['y']))} to {_on_axis(ax.yaxis, max(s['y']))}."
        )
    return " ".join(out)


def _describe_cells(ax: Any, cells: Any, xlabel: str, ylabel: str) -> str:
    columns = list(dict.fromkeys(cells["x"]))
    rows = list(dict.fromkeys(cells["y"]))
    head = (
        f"Heat map, {len(rows)} rows by {len(columns)} columns of {xlabel} "
        f"({_num(columns[0])} to {_num(columns[-1])})."
    )
    if len(cells) <= 80:
        lines = []
        for row in rows:
            part = cells[cells["y"] == row]
            values = ", ".join(
                f"{_num(x)} {_num(v)}" for x, v in zip(part["x"], part["value"], strict=False)
            )
            lines.append(f"{_num(row)}: {values}.")
        return head + " " + " ".join(lines)
    values = cells["value"].astype(float)
    lo, hi = int(values.idxmin()), int(values.idxmax())
    return (
        f"{head} Lowest {_num(values[lo])} ({_num(cells['y'][lo])}, {_num(cells['x'][lo])}), "
        f"highest {_num(values[hi])} ({_num(cells['y'][hi])}, {_num(cells['x'][hi])})."
    )


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
