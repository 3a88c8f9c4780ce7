"""What a chart shows, in words: the alt text ``rn.figure`` gives every chart, written
from the rows :mod:`hyesan_analysis.viz.chart_data` reads off it.
"""

from __future__ import annotations

import itertools
from typing import Any

from hyesan_analysis.viz.chart_data import (
    MAX_ALT_CHARS,
    MAX_SERIES,
    _is_date_axis,
    figure_data,
    panels,
)


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


def describe_figure(fig: Any, data: Any = None, frame: Any = None) -> str:
    """Alt text for a chart, generated from what it draws.

    Per panel: the kind of chart, what is plotted against what (the axis labels, which
    carry the units), each series with its endpoints and extremes (lines), its smallest
    and largest bar (bars), its range (histograms, points) or its cells (heat maps), with
    numbers as the axes show them. A chart whose artists say nothing readable (an image)
    is described by ``data``, the frame rn.figure writes, if given. ``frame``: the chart's
    ``figure_data(fig, drop_empty=False)``, when the caller has read it already.
    """
    axes = panels(fig)
    if frame is None:
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
