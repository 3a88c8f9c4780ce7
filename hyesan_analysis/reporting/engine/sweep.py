"""Parameter sweeps: the product of value lists, one report per point, one comparison report.

Every point is validated (types, ranges, cross-field rules) before any kernel starts; each
runs into its own collision-free scenario folder and is answered from the cache when up to
date. Points run in local worker processes, or on a Dask cluster with ``--scheduler``.
The comparison (table + charts of the key results across the grid) is written atomically to
``reports/_sweeps/<report>--<sweep>/`` as comparison.html, comparison.pdf and points.csv.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.authoring.results import format_value
from hyesan_analysis.reporting.authoring.scenario import SCENARIO_NAME
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import build, runner, store
from hyesan_analysis.reporting.rendering import index

SWEEPS = "_sweeps"
MAX_POINTS = 500


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: the report, a name, fixed parameters and the grid axes."""

    report: str
    name: str
    title: str
    base: dict[str, Any]
    axes: dict[str, list[Any]]

    def points(self) -> list[dict[str, Any]]:
        names = list(self.axes)
        return [
            dict(zip(names, combo, strict=True)) for combo in itertools.product(*self.axes.values())
        ]


def _default_name(axes: Mapping[str, Sequence[Any]], base: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(
        json.dumps({"axes": axes, "base": base}, sort_keys=True, default=str).encode()
    ).hexdigest()[:8]
    return "grid-" + "-".join(axes) + f"-{digest}"


def from_cli(report: str, grids: Sequence[str]) -> Sweep:
    """``--grid NAME=V1,V2`` flags -> a Sweep (values parsed by the schema's types)."""
    spec = get_report(report)
    if not grids:
        raise ParameterError("sweep: expected at least one --grid NAME=V1,V2,...")
    axes: dict[str, list[Any]] = {}
    for item in grids:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name or not raw.strip():
            raise ParameterError(f"--grid {item!r}: expected NAME=V1,V2,...")
        param = spec.schema.get(name)
        if name in axes:
            raise ParameterError(f"--grid {name}: given twice")
        axes[name] = [param.parse(v) for v in raw.split(",")]
    return _checked(Sweep(report, _default_name(axes, {}), "", {}, axes))


def from_yaml(path: str | Path) -> Sweep:
    """A sweep file: report, name, title, parameters (fixed) and grid (lists)."""
    import yaml

    shown = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{shown}: sweep file not found") from None
    except yaml.MarkedYAMLError as exc:
        line = f"{exc.problem_mark.line + 1}: " if exc.problem_mark else ""
        raise ParameterError(f"{shown}:{line}malformed YAML: {exc.problem}") from None
    if not isinstance(data, dict) or not data:
        raise ParameterError(f"{shown}: expected a mapping with report, name, grid")
    unknown = set(data) - {"report", "name", "title", "rationale", "parameters", "grid"}
    if unknown:
        raise ParameterError(f"{shown}: unknown key {sorted(unknown)[0]!r}")
    spec = get_report(str(data.get("report", "")))
    name = str(data.get("name", ""))
    if not SCENARIO_NAME.match(name):
        raise ParameterError(
            f"{shown}: sweep name {name!r}: expected lowercase letters, digits, '_' or '-'"
        )
    grid = data.get("grid")
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(f"{shown}: 'grid' must map parameter names to lists of values")
    axes: dict[str, list[Any]] = {}
    for key, values in grid.items():
        param = spec.schema.get(str(key))
        if not isinstance(values, list) or not values:
            raise ParameterError(f"{shown}: grid {key!r}: expected a non-empty list")
        try:
            axes[param.name] = [param.check(v) for v in values]
        except ParameterError as exc:
            raise ParameterError(f"{shown}: grid: {exc}") from None
    base = data.get("parameters") or {}
    if not isinstance(base, dict):
        raise ParameterError(f"{shown}: 'parameters' must be a mapping")
    try:
        checked_base = {str(k): spec.schema.get(str(k)).check(v) for k, v in base.items()}
    except ParameterError as exc:
        raise ParameterError(f"{shown}: {exc}") from None
    return _checked(Sweep(spec.name, name, str(data.get("title", "")), checked_base, axes))


def _checked(sweep: Sweep) -> Sweep:
    points = sweep.points()
    if len(points) > MAX_POINTS:
        raise ParameterError(f"sweep: {len(points)} points; at most {MAX_POINTS} (narrow the grid)")
    spec = get_report(sweep.report)
    for point in points:
        try:
            spec.schema.validate({**sweep.base, **point})
        except ParameterError as exc:
            shown = ", ".join(f"{k}={v!r}" for k, v in point.items())
            raise ParameterError(f"sweep point {shown}: {exc}") from None
    return sweep


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def requests_for(sweep: Sweep) -> list[runner.RunRequest]:
    return [
        runner.resolve(sweep.report, overrides={**sweep.base, **point}) for point in sweep.points()
    ]


def _chart(sweep: Sweep, rows: list[dict[str, Any]], result: str, unit: str) -> str:
    """One PNG (base64) of a result across the first axis, a line per other-axes combination."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hyesan_analysis import viz

    viz.set_theme()
    axes = list(sweep.axes)
    x_name = axes[0]
    fig, ax = viz.figure(height_in=2.8)
    groups: dict[str, list[tuple[Any, float]]] = {}
    for row in rows:
        if result not in row["results"]:
            continue
        label = ", ".join(f"{a}={row['point'][a]}" for a in axes[1:]) or result
        groups.setdefault(label, []).append((row["point"][x_name], row["results"][result]))
    for label, pairs in groups.items():
        pairs.sort(key=lambda p: p[0])
        if all(isinstance(x, int | float) for x, _ in pairs):
            ax.plot([p[0] for p in pairs], [p[1] for p in pairs], marker="o", label=label)
        else:
            ax.plot([str(p[0]) for p in pairs], [p[1] for p in pairs], marker="o", label=label)
    x_unit = get_report(sweep.report).schema.get(x_name).unit
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


def write_comparison(sweep: Sweep, outcomes: Sequence[runner.RunOutcome], root: Path) -> Path:
    """The comparison report (HTML, PDF, CSV), published atomically; returns its folder."""
    from hyesan_analysis import __version__
    from hyesan_analysis.reporting.rendering import export

    spec = get_report(sweep.report)
    rows: list[dict[str, Any]] = []
    for point, outcome in zip(sweep.points(), outcomes, strict=True):
        results: dict[str, float] = {}
        units: dict[str, str] = {}
        path = root / sweep.report / outcome.scenario / "results.json"
        if outcome.status != "failed" and path.is_file():
            for key, entry in json.loads(path.read_text())["results"].items():
                results[key] = entry["value"]
                units[key] = entry["unit"]
        rows.append(
            {
                "point": point,
                "scenario": outcome.scenario,
                "status": outcome.status,
                "results": results,
                "units": units,
            }
        )
    work = store.new_work_dir(root, SWEEPS)
    keys = list(spec.required_results)
    with (work / "points.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*sweep.axes, "scenario", "status", *keys])
        for row in rows:
            writer.writerow(
                [
                    *row["point"].values(),
                    row["scenario"],
                    row["status"],
                    *(repr(row["results"].get(k, "")) for k in keys),
                ]
            )
    q = html.escape

    def header(name: str, unit: str) -> str:
        # let long snake_case names wrap at underscores
        return q(name).replace("_", "_<wbr>") + (
            f'<br><span class="note">{q(unit)}</span>' if unit else ""
        )

    head = "".join(f"<th>{header(a, spec.schema.get(a).unit)}</th>" for a in sweep.axes)
    head += "".join(f"<th>{header(k, spec.required_results[k])}</th>" for k in keys)
    head += "<th>report</th>"
    body = []
    for row in rows:
        cells = "".join(f'<td class="num">{q(_number(v))}</td>' for v in row["point"].values())
        for key in keys:
            value = row["results"].get(key)
            unit = spec.required_results[key]
            text = "–" if value is None else format_value(value, unit).removesuffix(unit).strip()
            cells += f'<td class="num">{q(text)}</td>'
        link = (
            f'<a href="../../{q(sweep.report)}/{q(row["scenario"])}/report.html">'
            f"{'open' if row['status'] != 'failed' else 'FAILED'}</a>"
        )
        body.append(f"<tr>{cells}<td>{link}</td></tr>")
    charts = "".join(
        f'<div class="output_png"><img alt="{q(k)} across the grid" '
        f'src="data:image/png;base64,{_chart(sweep, rows, k, spec.required_results[k])}"></div>'
        for k in keys
    )
    table = (
        f'<table class="report-table long"><caption>Key results at each grid point'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    failed = sum(r["status"] == "failed" for r in rows)
    intro = (
        f"<p>{len(rows)} runs of <b>{q(spec.title)}</b> over "
        + ", ".join(f"{q(a)} ∈ {{{q(', '.join(map(_number, v)))}}}" for a, v in sweep.axes.items())
        + (
            f"; fixed: {q(', '.join(f'{k}={v}' for k, v in sweep.base.items()))}"
            if sweep.base
            else ""
        )
        + f". {failed} failed.</p>"
    )
    page = export.render_page(
        intro + "<h2>Results table</h2>" + table + "<h2>Results across the grid</h2>" + charts,
        report=f"{sweep.report} sweep",
        title=f"Sweep: {spec.title}",
        question=spec.question,
        scenario=sweep.name,
        scenario_title=sweep.title,
        scenario_rationale="",
        changed="",
        run_date=runner._now(),
        provenance=[
            ("Points", str(len(rows))),
            ("Scenario folders", ", ".join(r["scenario"] for r in rows)),
        ],
        version=__version__,
    )
    (work / "comparison.html").write_text(page, encoding="utf-8")
    export.write_pdf(page, work / "comparison.pdf", work)
    return store.publish(root, SWEEPS, f"{sweep.report}--{sweep.name}", work)


def run_sweep(
    sweep: Sweep, root: Path, jobs: int | None, force: bool, pdf: bool, scheduler: str | None = None
) -> tuple[list[runner.RunOutcome], Path]:
    requests = requests_for(sweep)
    progress = build.Progress(len(requests))
    if scheduler:
        from hyesan_analysis.reporting.engine.distributed import run_on_dask

        outcomes = run_on_dask(requests, root, scheduler, force=force, pdf=pdf, progress=progress)
    else:
        outcomes = build.run_many(
            requests, root, force=force, jobs=jobs, pdf=pdf, progress=progress
        )
    folder = write_comparison(sweep, outcomes, root)
    index.write_index(root)
    return outcomes, folder


def run_sweep_cli(
    target: str,
    grids: Sequence[str],
    root: Path,
    jobs: int | None,
    force: bool,
    pdf: bool,
    scheduler: str | None,
) -> int:
    if re.search(r"\.ya?ml$", target):
        if grids:
            raise ParameterError("sweep: give either a sweep YAML file or --grid flags, not both")
        sweep = from_yaml(target)
    else:
        sweep = from_cli(target, grids)
    store.check_writable(root)
    outcomes, folder = run_sweep(sweep, root, jobs, force, pdf, scheduler)
    failed = sum(o.status == "failed" for o in outcomes)
    print(
        f"sweep {sweep.name}: {len(outcomes)} points, {failed} failed; "
        f"comparison: {folder}/comparison.html"
    )
    return 1 if failed else 0
