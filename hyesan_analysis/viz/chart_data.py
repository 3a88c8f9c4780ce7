"""What a chart shows, as data: its title, its panels and a row per drawn mark.

``rn.figure`` writes these rows as the chart's CSV; :mod:`hyesan_analysis.viz.chart_words`
turns them into the alt text.
"""

from __future__ import annotations

import itertools
from typing import Any

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


TickNames = dict[int, list[tuple[float, str]]]


def _tick_names(axis: Any, read: TickNames) -> list[tuple[float, str]]:
    """Tick positions that carry a text label (categories of a bar chart or heat map).

    A panel without labels of its own that shares the axis with one that has them (the
    right half of a two-panel chart) takes the other panel's. ``read``: the names already
    read in this chart, by axis (matplotlib lays the ticks out again at every reading).
    """
    names = _own_tick_names(axis, read)
    if names:
        return names
    ax = axis.axes
    shared = ax.get_shared_y_axes() if axis is ax.yaxis else ax.get_shared_x_axes()
    for sibling in shared.get_siblings(ax):
        if sibling is not ax:
            names = _own_tick_names(sibling.yaxis if axis is ax.yaxis else sibling.xaxis, read)
            if names:
                return names
    return []


def _own_tick_names(axis: Any, read: TickNames) -> list[tuple[float, str]]:
    if id(axis) in read:
        return read[id(axis)]
    names = []
    for tick, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False):
        text = " ".join(label.get_text().split())
        if text and not _looks_numeric(text):
            names.append((float(tick), text))
    read[id(axis)] = names
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
    read: TickNames = {}
    for number, ax in enumerate(axes, start=1):
        panel = ax.get_title() or (f"panel {number}" if len(axes) > 1 else "")
        found = [
            *_line_rows(ax, legend),
            *_bar_rows(ax, read),
            *_band_rows(ax),
            *_step_rows(ax),
            *_point_rows(ax),
            *_cell_rows(ax, read),
        ]
        rows.extend({"panel": panel, **row} for row in found)
    frame = pd.DataFrame(rows, columns=list(DATA_COLUMNS))
    return drop_empty_columns(frame) if drop_empty else frame


def drop_empty_columns(frame: Any) -> Any:
    """A :func:`figure_data` frame without the columns that say nothing (one panel, no
    legend, no bars): what ``figure_data(fig)`` returns, from ``drop_empty=False``'s."""
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


def _bar_rows(ax: Any, read: TickNames) -> list[dict[str, Any]]:
    from matplotlib.container import BarContainer
    from matplotlib.patches import Rectangle

    rows = []
    seen = set()
    x_names, y_names = _tick_names(ax.xaxis, read), _tick_names(ax.yaxis, read)
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


def _cell_rows(ax: Any, read: TickNames) -> list[dict[str, Any]]:
    """The cells of a heat map (pcolormesh, seaborn's heatmap) with their row and column."""
    import numpy as np
    from matplotlib.collections import QuadMesh

    rows: list[dict[str, Any]] = []
    x_names, y_names = _tick_names(ax.xaxis, read), _tick_names(ax.yaxis, read)
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
