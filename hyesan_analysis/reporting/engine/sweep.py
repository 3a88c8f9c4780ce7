"""Parameter sweeps: the product of value lists, one report per point, one comparison report.

Every point is validated (types, ranges, cross-field rules) before any kernel starts; each
runs into its own collision-free scenario folder and is answered from the cache when up to
date. Points run in local worker processes, or on a Dask cluster with ``--scheduler``.
The comparison (table + charts of the key results across the grid, rendered by
rendering/comparison.py) is written atomically to ``reports/_sweeps/<report>--<sweep>/``
as comparison.html, comparison.pdf and points.csv.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.authoring.scenario import SCENARIO_NAME
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import build, manifest, runner, store
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


def requests_for(sweep: Sweep) -> list[runner.RunRequest]:
    return [
        runner.resolve(sweep.report, overrides={**sweep.base, **point}) for point in sweep.points()
    ]


def _point_results(root: Path, report: str, outcome: runner.RunOutcome) -> dict[str, float]:
    """The key results a point's published results.json holds (none when the run failed)."""
    path = root / report / outcome.scenario / "results.json"
    if outcome.status == "failed" or not path.is_file():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))["results"]
    return {key: entry["value"] for key, entry in entries.items()}


def write_comparison(sweep: Sweep, outcomes: Sequence[runner.RunOutcome], root: Path) -> Path:
    """The comparison report (HTML, PDF, CSV), published atomically; returns its folder."""
    from hyesan_analysis.reporting.rendering import comparison, export

    spec = get_report(sweep.report)
    rows = [
        comparison.GridPoint(
            point, outcome.scenario, outcome.status, _point_results(root, sweep.report, outcome)
        )
        for point, outcome in zip(sweep.points(), outcomes, strict=True)
    ]
    work = store.new_work_dir(root, SWEEPS)
    try:
        comparison.write_points_csv(
            work / "points.csv", list(sweep.axes), list(spec.required_results), rows
        )
        page = comparison.render_comparison(
            spec,
            name=sweep.name,
            title=sweep.title,
            axes=sweep.axes,
            base=sweep.base,
            rows=rows,
            run_date=manifest.now(),
        )
        (work / "comparison.html").write_text(page, encoding="utf-8")
        export.write_pdf(page, work / "comparison.pdf", work)
        return store.publish(root, SWEEPS, f"{sweep.report}--{sweep.name}", work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


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
