"""The comparison page of a sweep: the key results at every grid point, as tables and charts.

engine/sweep.py runs the grid and passes one ``GridPoint`` per point (and, for a world
sweep, per report); this module writes points.csv and renders comparison.html
(templates/comparison.html.j2 or comparison_world.html.j2 inside the report page, charts
embedded as PNG: self-contained and offline).
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.results import format_value
from hyesan_analysis.reporting.rendering import templating


@dataclass(frozen=True)
class GridPoint:
    """One point of a sweep: its parameter values, its scenario folder and its results."""

    point: dict[str, Any]  # axis name -> value
    scenario: str
    status: str  # "ok", "up to date" or "failed"
    results: dict[str, float] = field(default_factory=dict)  # empty when the run failed


def number_text(value: Any) -> str:
    """A grid value as shown: whole numbers with thousands separators, others as given."""
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


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


def axis_unit(name: str) -> str:
    """The unit of a swept parameter, as the (first) report that declares it gives it; a
    sweep of one report may sweep a parameter of a report it reads."""
    from hyesan_analysis.reporting.engine import world

    params = world.quantities().get(name)
    return params[0].unit if params else ""


def chart_png(
    spec: ReportSpec,
    axes: Sequence[str],
    rows: Sequence[GridPoint],
    result: str,
    x_unit: str | None = None,
) -> str:
    """One PNG (base64) of a result across the first axis, a line per other-axes combination.

    ``x_unit``: the first axis's unit (default: as the report that declares it gives it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hyesan_analysis import viz

    viz.set_theme()
    unit = spec.required_results[result]
    x_name = axes[0]
    fig, ax = viz.figure(height_in=2.8)
    groups: dict[str, list[tuple[Any, float]]] = {}
    for row in rows:
        if result not in row.results:
            continue
        label = ", ".join(f"{a}={row.point[a]}" for a in axes[1:]) or result
        groups.setdefault(label, []).append((row.point[x_name], row.results[result]))
    for label, pairs in groups.items():
        pairs.sort(key=lambda p: p[0])
        if all(isinstance(x, int | float) for x, _ in pairs):
            ax.plot([p[0] for p in pairs], [p[1] for p in pairs], marker="o", label=label)
        else:
            ax.plot([str(p[0]) for p in pairs], [p[1] for p in pairs], marker="o", label=label)
    if x_unit is None:
        x_unit = axis_unit(x_name)
    ax.set_xlabel(f"{x_name} ({x_unit})" if x_unit else x_name)
    ax.set_ylabel(unit)
    if unit.startswith(("CNY", "KPW")):
        viz.thousands(ax.yaxis)
    if x_unit.startswith(("CNY", "KPW")):
        viz.thousands(ax.xaxis)
    ax.set_title(result)
    if len(groups) > 1:
        ax.legend(fontsize=7)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=130)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _result_text(value: float | None, unit: str) -> str:
    # the unit is in the column header; a missing result (failed run) is a dash
    return "–" if value is None else format_value(value, unit).removesuffix(unit).strip()


def render_comparison(
    spec: ReportSpec,
    *,
    name: str,
    title: str,
    axes: Mapping[str, Sequence[Any]],
    base: Mapping[str, Any],
    rows: Sequence[GridPoint],
    run_date: str,
) -> str:
    """The whole comparison page (HTML) of sweep ``name`` of report ``spec``."""
    from hyesan_analysis import __version__
    from hyesan_analysis.reporting.rendering import export

    keys = list(spec.required_results)
    body = templating.render(
        "comparison.html.j2",
        title=spec.title,
        report=spec.name,
        axes=[{"name": a, "shown": [number_text(v) for v in vs]} for a, vs in axes.items()],
        fixed=[f"{k}={v}" for k, v in base.items()],
        failed=sum(r.status == "failed" for r in rows),
        columns=[{"name": a, "unit": axis_unit(a)} for a in axes]
        + [{"name": k, "unit": spec.required_results[k]} for k in keys],
        rows=[
            {
                "scenario": r.scenario,
                "failed": r.status == "failed",
                "cells": [number_text(v) for v in r.point.values()]
                + [_result_text(r.results.get(k), spec.required_results[k]) for k in keys],
            }
            for r in rows
        ],
        charts=[{"result": k, "png": chart_png(spec, list(axes), rows, k)} for k in keys],
    )
    return export.render_page(
        body,
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
        version=__version__,
    )


# --- world sweeps: every report of the world at every point ------------------------------
MAX_CHARTS_PER_REPORT = 3  # charts of the results that vary most visibly, per report


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


def varying_results(spec: ReportSpec, rows: Sequence[GridPoint]) -> list[str]:
    """The report's results whose value differs between the points that ran."""
    out = []
    for key in spec.required_results:
        values = {row.results[key] for row in rows if key in row.results}
        if len(values) > 1:
            out.append(key)
    return out


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
) -> str:
    """The comparison page of world sweep ``name``: for each report, its key results (rows)
    at every point (columns, each linked to that report in the point's world), then charts
    of the results that move."""
    from hyesan_analysis import __version__
    from hyesan_analysis.reporting.rendering import export

    x_unit = axis_unit(next(iter(axes)))
    any_rows = next(iter(tables.values()), [])
    points = [
        {
            "shown": ", ".join(f"{a}={number_text(v)}" for a, v in row.point.items()),
            "world": row.scenario,
        }
        for row in any_rows
    ]
    reports = []
    for report, rows in tables.items():
        spec = specs[report]
        moving = varying_results(spec, rows)
        reports.append(
            {
                "name": report,
                "title": spec.title,
                "failed": sum(r.status == "failed" for r in rows),
                "points": [{"world": r.scenario, "failed": r.status == "failed"} for r in rows],
                "results": [
                    {
                        "name": key,
                        "unit": unit,
                        "moves": key in moving,
                        "cells": [_result_text(r.results.get(key), unit) for r in rows],
                    }
                    for key, unit in spec.required_results.items()
                ],
                "charts": [
                    {"result": key, "png": chart_png(spec, list(axes), rows, key, x_unit)}
                    for key in moving[:MAX_CHARTS_PER_REPORT]
                ],
            }
        )
    body = templating.render(
        "comparison_world.html.j2",
        axes=[{"name": a, "shown": [number_text(v) for v in vs]} for a, vs in axes.items()],
        fixed=[f"{k}={v}" for k, v in base.items()],
        points=points,
        reports=reports,
    )
    return export.render_page(
        body,
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
        version=__version__,
    )
