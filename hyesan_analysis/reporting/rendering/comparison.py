"""The comparison page of a sweep: the key results at every grid point, in words, tables
and charts.

engine/sweep.py runs the grid and passes one ``GridPoint`` per point (and, for a world
sweep, per report); this module writes points.csv and renders comparison.html
(templates/comparison.html.j2 or comparison_world.html.j2 inside the report page).

What a reader sees: parameters and results by their labels and units, never by their keys;
the results that do not move across the grid listed once, in a line; a chart for each
result that moves, as a heatmap when the grid has two axes and as lines otherwise, with
legends in words ("Sale price 70,000 CNY"). Charts are PNG embedded in the page (offline),
each a numbered figure with alt text written from its data.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.results import format_value
from hyesan_analysis.reporting.rendering import templating
from hyesan_analysis.reporting.rendering.comparison_words import (  # re-exported here
    GridPoint,
    _param,  # noqa: F401
    _result_text,
    axes_words,
    axis_unit,
    constant_results,
    fixed_settings,
    moving_axes,
    number_text,
    param_label,
    result_label,
    setting_text,
    short_label,  # noqa: F401
    short_unit,
    value_text,  # noqa: F401
    varying_results,
)

CHART_DPI = 130
MAX_CHARTS_PER_REPORT = 3  # world sweeps: charts of the results that move, per report
MAX_COLUMNS = 6  # a points-as-rows table with more columns than this is transposed...
MAX_POINT_COLUMNS = 10  # ...when its points fit as columns


# --- charts --------------------------------------------------------------------------------
def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend with the package's theme (set once)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not getattr(_pyplot, "themed", False):
        from hyesan_analysis import viz

        viz.set_theme()
        _pyplot.themed = True  # type: ignore[attr-defined]
    return plt


def warm_up(pdf: bool = False) -> None:
    """Import and theme matplotlib, compile the page templates and, with ``pdf``, start the
    PDF engine now (a sweep calls this while its points run)."""
    from hyesan_analysis.reporting.rendering import export

    _pyplot()
    for name in ("comparison.html.j2", "comparison_world.html.j2"):
        templating.environment(True).get_template(name)
    templating.environment(False).get_template("page.html.j2")
    if pdf:
        export.start_pdf_engine()


def _margins(height_in: float, colorbar: bool = False) -> dict[str, float]:
    """Fixed margins (in figure fractions) that leave room for the tick and axis labels:
    about twice as fast as a constrained layout, which measures every label."""
    return {
        "left": 0.13,
        "right": 0.97 if not colorbar else 0.88,
        "bottom": min(0.62 / height_in, 0.45),
        "top": 1 - min(0.12 / height_in, 0.1),
    }


def _png(fig: Any) -> str:
    plt = _pyplot()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=CHART_DPI)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _is_money(unit: str) -> bool:
    return unit.startswith(("CNY", "KPW", "USD"))


def _is_fraction(unit: str) -> bool:
    return unit.split(" ", 1)[0].lower() in ("fraction", "share", "probability")


@dataclass(frozen=True)
class Chart:
    """One chart of a result across the grid: the PNG (base64), its alt text, its caption."""

    png: str
    alt: str
    caption: str
    kind: str  # "heatmap" or "lines"


def _extremes(
    rows: Sequence[GridPoint], key: str, names: Sequence[str], unit: str
) -> tuple[str, str]:
    ran = [r for r in rows if key in r.results]
    low = min(ran, key=lambda r: r.results[key])
    high = max(ran, key=lambda r: r.results[key])

    def at(row: GridPoint) -> str:
        where = ", ".join(setting_text(n, row.point[n]) for n in names)
        return f"{format_value(row.results[key], unit)} at {where}"

    return at(low), at(high)


def heatmap_chart(
    axes: Mapping[str, Sequence[Any]], rows: Sequence[GridPoint], key: str, unit: str, label: str
) -> Chart:
    """A result over a two-axis grid: the first axis across, the second down, each cell
    annotated with its value."""
    import numpy as np

    plt = _pyplot()
    x_name, y_name = moving_axes(axes)[:2]
    xs, ys = list(axes[x_name]), list(axes[y_name])
    grid = np.full((len(ys), len(xs)), np.nan)
    for row in rows:
        if key in row.results:
            grid[ys.index(row.point[y_name]), xs.index(row.point[x_name])] = row.results[key]
    height = min(1.1 + 0.45 * len(ys), 4.2)
    fig, ax = plt.subplots(figsize=(6.8, height))
    fig.subplots_adjust(**_margins(height, colorbar=True))
    image = ax.imshow(grid, cmap="viridis", aspect="auto", origin="lower")
    finite = grid[np.isfinite(grid)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    for (i, j), value in np.ndenumerate(grid):
        text = "–" if not np.isfinite(value) else _result_text(float(value), unit)
        dark = np.isfinite(value) and value < middle
        ax.text(
            j, i, text, ha="center", va="center", fontsize=8, color="white" if dark else "black"
        )
    x_unit, y_unit = short_unit(axis_unit(x_name)), short_unit(axis_unit(y_name))
    ax.set_xticks(range(len(xs)), [number_text(v) for v in xs])
    ax.set_yticks(range(len(ys)), [number_text(v) for v in ys])
    ax.set_xlabel(f"{param_label(x_name)} ({x_unit})" if x_unit else param_label(x_name))
    ax.set_ylabel(f"{param_label(y_name)} ({y_unit})" if y_unit else param_label(y_name))
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, pad=0.015, fraction=0.05)
    bar.set_label(short_unit(unit), fontsize=8)
    from hyesan_analysis import viz

    if _is_money(unit):
        viz.thousands(bar.ax.yaxis)
    elif _is_fraction(unit):
        viz.percent(bar.ax.yaxis)
    low, high = _extremes(rows, key, [x_name, y_name], unit)
    alt = (
        f"Heatmap of {label} ({unit}) over {param_label(x_name)} (across) and "
        f"{param_label(y_name)} (down): lowest {low}; highest {high}."
    )
    caption = (
        f"{label} ({unit}) at each point of the grid: {param_label(x_name)} across, "
        f"{param_label(y_name)} down."
    )
    for name, along in ((y_name, 0), (x_name, 1)):  # constant along an axis: say so
        if finite.size == grid.size and np.allclose(grid, grid.take([0], axis=along)):
            caption += f" It does not depend on {param_label(name)}."
            alt += f" It does not depend on {param_label(name)}."
    return Chart(_png(fig), alt, caption, "heatmap")


def line_chart(
    axes: Mapping[str, Sequence[Any]], rows: Sequence[GridPoint], key: str, unit: str, label: str
) -> Chart:
    """A result across the first moving axis, one line per combination of the others,
    each labelled in words."""
    plt = _pyplot()
    names = moving_axes(axes) or list(axes)[:1]
    x_name, others = names[0], names[1:]
    fig, ax = plt.subplots(figsize=(6.8, 3.0))
    fig.subplots_adjust(**_margins(3.0))
    groups: dict[str, list[tuple[Any, float]]] = {}
    for row in rows:
        if key in row.results:
            legend = ", ".join(setting_text(a, row.point[a]) for a in others) or label
            groups.setdefault(legend, []).append((row.point[x_name], row.results[key]))
    for legend, pairs in groups.items():
        pairs.sort(key=lambda p: p[0])
        numeric = all(isinstance(x, int | float) for x, _ in pairs)
        xs = [p[0] if numeric else str(p[0]) for p in pairs]
        ax.plot(xs, [p[1] for p in pairs], marker="o", label=legend)
    x_unit = axis_unit(x_name)
    ax.set_xlabel(
        f"{param_label(x_name)} ({short_unit(x_unit)})" if x_unit else param_label(x_name)
    )
    ax.set_ylabel(short_unit(unit))
    if _is_money(unit):
        from hyesan_analysis import viz

        viz.thousands(ax.yaxis)
    if _is_money(x_unit):
        from hyesan_analysis import viz

        viz.thousands(ax.xaxis)
    if len(groups) > 1:
        ax.legend(fontsize=7, title=None, loc="best")
    low, high = _extremes(rows, key, names, unit)
    lines = f", one line for each {' and '.join(param_label(a) for a in others)}" if others else ""
    alt = (
        f"Line chart of {label} ({unit}) against {param_label(x_name)}{lines}: "
        f"lowest {low}; highest {high}."
    )
    caption = f"{label} ({unit}) against {param_label(x_name)}{lines}."
    return Chart(_png(fig), alt, caption, "lines")


def chart(
    axes: Mapping[str, Sequence[Any]], rows: Sequence[GridPoint], key: str, unit: str, label: str
) -> Chart:
    """A heatmap when exactly two axes move, else lines."""
    if len(moving_axes(axes)) == 2:
        return heatmap_chart(axes, rows, key, unit, label)
    return line_chart(axes, rows, key, unit, label)


# --- the pages -----------------------------------------------------------------------------
def write_points_csv(
    path: Path, axes: Sequence[str], keys: Sequence[str], rows: Sequence[GridPoint]
) -> None:
    """points.csv: one line per point (axis values, scenario, status, results by repr)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*axes, "scenario", "status", *keys])
        for row in rows:
            writer.writerow(
                [
                    *row.point.values(),
                    row.scenario,
                    row.status,
                    *(repr(row.results.get(k, "")) for k in keys),
                ]
            )


def page_links(pdf: bool) -> list[tuple[str, str]]:
    """The comparison page's link row (relative, valid once published)."""
    links = [("Index of reports", "../../index.html")]
    if pdf:
        links.append(("PDF", "comparison.pdf"))
    return [*links, ("Points (CSV)", "points.csv"), ("Sweep (JSON)", "sweep.json")]


def _render_page(body: str, pdf: bool, **page: Any) -> str:
    from hyesan_analysis import __version__
    from hyesan_analysis.reporting.rendering import export

    return str(export.render_page(body, links=page_links(pdf), version=__version__, **page))


def render_comparison(
    spec: ReportSpec,
    *,
    name: str,
    title: str,
    axes: Mapping[str, Sequence[Any]],
    base: Mapping[str, Any],
    rows: Sequence[GridPoint],
    run_date: str,
    pdf: bool = True,
) -> str:
    """The whole comparison page (HTML) of sweep ``name`` of report ``spec``."""
    moving = varying_results(spec, rows)
    units = spec.required_results
    charts = [chart(axes, rows, k, units[k], result_label(k, rows)) for k in moving]
    body = templating.render(
        "comparison.html.j2",
        title=spec.title,
        report=spec.name,
        runs=len(rows),
        axes_count=len(axes),
        axes=axes_words(axes),
        fixed=fixed_settings(axes, base),
        failed=sum(r.status == "failed" for r in rows),
        constant=constant_results(spec, rows),
        columns=[{"label": param_label(a), "unit": axis_unit(a)} for a in axes]
        + [{"label": result_label(k, rows), "unit": units[k]} for k in moving],
        rows=[
            {
                "scenario": r.scenario,
                "failed": r.status == "failed",
                "cells": [number_text(v) for v in r.point.values()]
                + [_result_text(r.results.get(k), units[k]) for k in moving],
            }
            for r in rows
        ],
        charts=charts,
        # many columns and few points: results as rows, points as columns (reads in print)
        transposed=len(axes) + len(moving) > MAX_COLUMNS and len(rows) <= MAX_POINT_COLUMNS,
    )
    return _render_page(
        body,
        pdf,
        report=f"{spec.name} sweep",
        title=f"Sweep: {spec.title}",
        question=spec.question,
        scenario=name,
        scenario_title=title,
        scenario_rationale="",
        changed="",
        run_date=run_date,
        provenance=[
            ("Points", str(len(rows))),
            ("Scenario folders", ", ".join(r.scenario for r in rows)),
        ],
    )


# --- world sweeps: every report of the world at every point ------------------------------
def write_world_points_csv(
    path: Path,
    axes: Sequence[str],
    specs: Mapping[str, ReportSpec],
    tables: Mapping[str, Sequence[GridPoint]],
) -> None:
    """points.csv of a world sweep, one line per point, report and result (long format):
    axis values, world, report, status, result, unit, value (by repr; '' when failed)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*axes, "world", "report", "status", "result", "unit", "value"])
        for name, rows in tables.items():
            units = specs[name].required_results
            for row in rows:
                for key, unit in units.items():
                    value = row.results.get(key)
                    writer.writerow(
                        [
                            *row.point.values(),
                            row.scenario,
                            name,
                            row.status,
                            key,
                            unit,
                            "" if value is None else repr(value),
                        ]
                    )


def render_world_comparison(
    specs: Mapping[str, ReportSpec],
    tables: Mapping[str, Sequence[GridPoint]],
    *,
    name: str,
    title: str,
    rationale: str,
    axes: Mapping[str, Sequence[Any]],
    base: Mapping[str, Any],
    run_date: str,
    pdf: bool = True,
) -> str:
    """The comparison page of world sweep ``name``: for each report, the results that move
    (rows) at every point (columns, each linked to that report in the point's world), the
    ones that do not in a line, then charts of the results that move."""
    any_rows = next(iter(tables.values()), [])
    points = [
        {
            "shown": ", ".join(setting_text(a, v) for a, v in row.point.items()),
            "world": row.scenario,
        }
        for row in any_rows
    ]
    reports = []
    for report, rows in tables.items():
        spec = specs[report]
        moving = varying_results(spec, rows)
        units = spec.required_results
        reports.append(
            {
                "name": report,
                "title": spec.title,
                "failed": sum(r.status == "failed" for r in rows),
                "points": [{"world": r.scenario, "failed": r.status == "failed"} for r in rows],
                "constant": constant_results(spec, rows),
                "results": [
                    {
                        "label": result_label(key, rows),
                        "unit": units[key],
                        "cells": [_result_text(r.results.get(key), units[key]) for r in rows],
                    }
                    for key in moving
                ],
                "charts": [
                    chart(axes, rows, key, units[key], result_label(key, rows))
                    for key in moving[:MAX_CHARTS_PER_REPORT]
                ],
            }
        )
    body = templating.render(
        "comparison_world.html.j2",
        axes=axes_words(axes),
        fixed=fixed_settings(axes, base),
        points=points,
        reports=reports,
    )
    return _render_page(
        body,
        pdf,
        report="world sweep",
        title="World sweep: every report across the grid",
        question="How does each report's answer move when the world's quantities change?",
        scenario=name,
        scenario_title=title,
        scenario_rationale=rationale,
        changed="",
        run_date=run_date,
        provenance=[
            ("Points", str(len(points))),
            ("Reports", ", ".join(tables)),
            ("Worlds", ", ".join(p["world"] for p in points)),
        ],
    )
