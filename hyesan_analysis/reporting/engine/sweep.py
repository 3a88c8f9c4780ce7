"""Parameter sweeps: the product of value lists, one world per point, one comparison report.

A sweep naming a report builds that report (and the reports it reads) at every point and
compares its key results; a sweep without a report (a *world sweep*) builds every report
of each point's world (world.world_reports) and compares every report's key results.
Each point is a world named after its values (as ``-p`` flags would name it), validated
(types, ranges, each report's rules) before any kernel starts; up-to-date points come from
the cache. Points run in local worker processes, or on a Dask cluster with
``--scheduler``. The comparison (rendered by rendering/comparison.py) is written
atomically to ``reports/_sweeps/<report or "world">--<sweep>/`` as comparison.html,
comparison.pdf, points.csv and sweep.json (the points and their worlds, for the index).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import shutil
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.authoring.scenario import (
    checked_mapping,
    checked_name,
    checked_text,
    read_yaml_mapping,
)
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import build, manifest, runner, store, world
from hyesan_analysis.reporting.engine.requests import preflight, world_requests
from hyesan_analysis.reporting.rendering import index

SWEEPS = "_sweeps"
WORLD_FOLDER = "world"  # <folder>--<sweep> of a world sweep
MAX_POINTS = 500
MAX_WORLD_POINTS = 24  # each point of a world sweep builds every report
SWEEP_KEYS = ("report", "name", "title", "rationale", "parameters", "grid")


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: the report (None: the world), a name, fixed values, the axes."""

    report: str | None
    name: str
    title: str
    base: dict[str, Any]
    axes: dict[str, list[Any]]
    rationale: str = ""

    @property
    def is_world(self) -> bool:
        return self.report is None

    @property
    def size(self) -> int:
        """The number of points (the product of the axes' lengths), without building them."""
        return math.prod(len(values) for values in self.axes.values())

    @property
    def folder(self) -> str:
        """The comparison's folder under ``_sweeps``."""
        return f"{self.report or WORLD_FOLDER}--{self.name}"

    def scope(self) -> list[str] | None:
        """The reports whose parameters it may set (None: every report)."""
        return None if self.report is None else world.with_upstream([self.report])

    def reports(self) -> list[str]:
        """The reports built at each point, in graph order."""
        if self.report is None:
            return world.world_reports({**self.base, **self.axes})
        return world.with_upstream([self.report])

    def points(self) -> list[dict[str, Any]]:
        names = list(self.axes)
        return [
            dict(zip(names, combo, strict=True)) for combo in itertools.product(*self.axes.values())
        ]

    def worlds(self) -> list[world.World]:
        """The world of each point (named after its values, like ``-p`` flags)."""
        return [
            world.resolve_world(overrides={**self.base, **point}, scope=self.scope())
            for point in self.points()
        ]


def _default_name(axes: Mapping[str, Sequence[Any]], base: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(
        json.dumps({"axes": axes, "base": base}, sort_keys=True, default=str).encode()
    ).hexdigest()[:8]
    return "grid-" + "-".join(axes) + f"-{digest}"


def _distinct(name: str, values: list[Any]) -> list[Any]:
    for i, value in enumerate(values):
        if value in values[:i]:
            raise ParameterError(f"grid {name}: value {value!r} given twice")
    return values


def from_cli(report: str | None, grids: Sequence[str]) -> Sweep:
    """``--grid NAME=V1,V2`` flags -> a Sweep (values parsed by the schemas' types).

    With ``report`` None, a world sweep: a name may be any report's parameter."""
    scope = None if report is None else world.with_upstream([get_report(report).name])
    if not grids:
        raise ParameterError("sweep: expected at least one --grid NAME=V1,V2,...")
    axes: dict[str, list[Any]] = {}
    for item in grids:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name or not raw.strip():
            raise ParameterError(f"--grid {item!r}: expected NAME=V1,V2,...")
        params = world.declared(name, scope)
        if name in axes:
            raise ParameterError(f"--grid {name}: given twice")
        values = raw.split(",")
        check_size({**axes, name: values}, report is None)  # before parsing or building
        axes[name] = _distinct(name, [world.parse_value(params, v) for v in values])
    return _checked(Sweep(report, _default_name(axes, {}), "", {}, axes))


def from_yaml(path: str | Path) -> Sweep:
    """A sweep file: name, title, rationale, parameters (fixed), grid (lists) and, for a
    sweep of one report, report."""
    shown = str(path)
    data, lines = read_yaml_mapping(path, "sweep", SWEEP_KEYS)
    report = data.get("report")
    if "report" in data and (not isinstance(report, str) or not report):
        raise ParameterError(f"{shown}:{lines.get('@report', 1)}: 'report' must be a report name")
    scope = None if report is None else world.with_upstream([get_report(report).name])
    name = checked_name(data, lines, shown, "sweep")
    grid = data.get("grid")
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(
            f"{shown}:{lines.get('@grid', 1)}: 'grid' must map parameter names to lists of values"
        )
    axes: dict[str, list[Any]] = {}
    for key, values in grid.items():
        where = f"{shown}:{lines.get(f'grid:{key}', lines.get('@grid', 1))}: "
        try:
            params = world.declared(str(key), scope)
            if not isinstance(values, list) or not values:
                raise ParameterError(f"grid {key!r}: expected a non-empty list")
            check_size({**axes, str(key): values}, report is None)
            axes[str(key)] = _distinct(str(key), [world.check_value(params, v) for v in values])
        except ParameterError as exc:
            raise ParameterError(f"{where}grid: {exc}") from None
    base = checked_mapping(data, lines, shown, "parameters")
    try:
        checked_base = world.check_settings(base, scope)
    except ParameterError as exc:
        raise ParameterError(f"{shown}: {exc}") from None
    return _checked(
        Sweep(
            report,
            name,
            checked_text(data, lines, shown, "title"),
            checked_base,
            axes,
            checked_text(data, lines, shown, "rationale"),
        )
    )


def check_size(axes: Mapping[str, Sequence[Any]], is_world: bool) -> int:
    """The number of points of a grid, refused (ParameterError) above the cap before any
    point is built: five axes of 40 values are 102,400,000 points, counted, not made."""
    size = math.prod(len(values) for values in axes.values())
    limit = MAX_WORLD_POINTS if is_world else MAX_POINTS
    if size > limit:
        what = "a world sweep builds every report at each point; " if is_world else ""
        shape = " x ".join(str(len(values)) for values in axes.values())
        raise ParameterError(
            f"sweep: {size:,} points ({shape}); {what}at most {limit} (narrow the grid)"
        )
    return size


def _checked(sweep: Sweep) -> Sweep:
    check_size(sweep.axes, sweep.is_world)
    points = sweep.points()
    reports = sweep.reports()
    for point, point_world in zip(points, sweep.worlds(), strict=True):
        try:
            world_requests(point_world, reports)
        except ParameterError as exc:
            shown = ", ".join(f"{k}={v!r}" for k, v in point.items())
            raise ParameterError(f"sweep point {shown}: {exc}") from None
    return sweep


def requests_for(sweep: Sweep) -> list[runner.RunRequest]:
    """Every point's requests (its reports, in graph order), point after point."""
    reports = sweep.reports()
    return [r for w in sweep.worlds() for r in world_requests(w, reports)]


def _point_results(
    root: Path, report: str, outcome: runner.RunOutcome | None
) -> tuple[dict[str, float], dict[str, str]]:
    """(the key results a point's published results.json holds, their labels); both
    empty when the run failed."""
    if outcome is None or outcome.status == "failed":
        return {}, {}
    text = store.verified_results(root, report, outcome.scenario)  # never a damaged file
    if text is None:
        return {}, {}
    try:
        entries = json.loads(text)["results"]
    except (ValueError, KeyError, TypeError):
        return {}, {}
    # a null result (none for this point) has no place on a chart
    values = {key: entry["value"] for key, entry in entries.items() if entry["value"] is not None}
    labels = {key: entry.get("label") or "" for key, entry in entries.items()}
    return values, labels


def _sweep_document(
    sweep: Sweep, worlds: Sequence[world.World], root: Path, reports: Sequence[str]
) -> dict[str, Any]:
    """sweep.json: what the index needs to group the points' worlds under their sweep, and
    the cache key of every report at every point (an unchanged sweep is not re-rendered)."""
    keys = {
        f"{name}/{w.name}": (store.current_manifest(root, name, w.name) or {}).get("cache_key")
        for w in worlds
        for name in reports
    }
    return {
        "name": sweep.name,
        "title": sweep.title,
        "report": sweep.report,
        "kind": "world" if sweep.is_world else "report",
        "reports": sweep.reports(),
        "axes": sweep.axes,
        "base": sweep.base,
        "points": [
            {"values": point, "world": w.name}
            for point, w in zip(sweep.points(), worlds, strict=True)
        ],
        "cache_keys": keys,
    }


def _unchanged(folder: Path, document: Mapping[str, Any], pdf: bool = True) -> bool:
    """The published comparison was made from exactly these runs (with its PDF if asked)."""
    try:
        old = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = ("comparison.html", "points.csv", *(("comparison.pdf",) if pdf else ()))
    complete = all((folder / f).is_file() for f in files)
    return complete and old == json.loads(json.dumps(document))


def write_comparison(
    sweep: Sweep,
    outcomes: Mapping[tuple[str, str], runner.RunOutcome],
    root: Path,
    pdf: bool = True,
) -> Path:
    """The comparison report (HTML, the PDF unless ``pdf`` is false, CSV, sweep.json),
    published atomically; returns its folder. ``outcomes``: by (report, world). When every
    point was up to date and the published comparison was made from the same runs, it is
    kept as it is."""
    from hyesan_analysis.reporting.rendering import comparison, export

    worlds = sweep.worlds()
    reports = [sweep.report] if sweep.report is not None else sweep.reports()
    document = _sweep_document(sweep, worlds, root, sweep.reports())
    published = store.scenario_dir(root, SWEEPS, sweep.folder)
    if all(o.status == "up to date" for o in outcomes.values()) and _unchanged(
        published, document, pdf
    ):
        return published
    tables = {
        name: [
            comparison.GridPoint(
                point,
                w.name,
                outcomes[(name, w.name)].status if (name, w.name) in outcomes else "failed",
                *_point_results(root, name, outcomes.get((name, w.name))),
            )
            for point, w in zip(sweep.points(), worlds, strict=True)
        ]
        for name in reports
    }
    work = store.new_work_dir(root, SWEEPS)
    try:
        if sweep.report is not None:
            spec = get_report(sweep.report)
            rows = tables[sweep.report]
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
                pdf=pdf,
            )
        else:
            specs = {name: get_report(name) for name in reports}
            comparison.write_world_points_csv(work / "points.csv", list(sweep.axes), specs, tables)
            page = comparison.render_world_comparison(
                specs,
                tables,
                name=sweep.name,
                title=sweep.title,
                rationale=sweep.rationale,
                axes=sweep.axes,
                base=sweep.base,
                run_date=manifest.now(),
                pdf=pdf,
            )
        (work / "comparison.html").write_text(page, encoding="utf-8")
        manifest.write_json(work / "sweep.json", document)
        if pdf:
            export.write_pdf(page, work / "comparison.pdf", work)
        return store.publish(root, SWEEPS, sweep.folder, work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


class _WarmingProgress(build.Progress):
    """The sweep's progress; the first point that runs starts the comparison's warm-up (a
    sweep answered from the cache pays nothing)."""

    def __init__(self, total: int, pdf: bool) -> None:
        super().__init__(total, pdf=pdf)
        self.warming: threading.Thread | None = None

    def started(self, label: str, reasons: Sequence[str], queued: bool = False) -> None:
        if self.warming is None:
            self.warming = _warm_up(self.pdf)
        super().started(label, reasons, queued)


def _warm_up(pdf: bool) -> threading.Thread:
    """Import and theme what the comparison needs (matplotlib, the page templates and, with
    the PDF, WeasyPrint) in a thread of this process while the points run on the workers:
    the comparison then costs its charts and its page, not the imports."""

    def work() -> None:
        try:
            from hyesan_analysis.reporting.rendering import comparison

            comparison.warm_up(pdf)
        except Exception:  # a failed warm-up costs time later, never the sweep
            pass

    thread = threading.Thread(target=work, name="comparison-warm-up", daemon=True)
    thread.start()
    return thread


def run_sweep(
    sweep: Sweep, root: Path, jobs: int | None, force: bool, pdf: bool, scheduler: str | None = None
) -> tuple[list[runner.RunOutcome], Path]:
    """Build every point, then the comparison and the index.

    Returns the outcomes (for a sweep of one report, that report's at each point; for a
    world sweep, every report's at every point, point after point) and the comparison's
    folder. The comparison's imports are paid in this process while the points run
    (from the first point that runs; a sweep answered from the cache pays none).
    """
    requests = requests_for(sweep)
    distinct, _ = build.unique_requests(requests)
    progress = _WarmingProgress(len(distinct), pdf=pdf)
    if scheduler:
        from hyesan_analysis.reporting.engine.distributed import run_on_dask

        outcomes = run_on_dask(requests, root, scheduler, force=force, pdf=pdf, progress=progress)
    else:
        outcomes = build.run_many(
            requests, root, force=force, jobs=jobs, pdf=pdf, progress=progress
        )
    by_key = {(o.report, o.scenario): o for o in outcomes}
    if progress.warming is not None:
        progress.warming.join()
    folder = write_comparison(sweep, by_key, root, pdf)
    index.write_index(root)
    if sweep.report is not None:
        outcomes = [by_key[(sweep.report, w.name)] for w in sweep.worlds()]
    return outcomes, folder


def run_sweep_cli(
    target: str | None,
    grids: Sequence[str],
    root: Path,
    jobs: int | None,
    force: bool,
    pdf: bool,
    scheduler: str | None,
) -> int:
    """``hyesan-report sweep``: a report name, a sweep file, or neither (a world sweep)."""
    if target is not None and re.search(r"\.ya?ml$", target):
        if grids:
            raise ParameterError("sweep: give either a sweep YAML file or --grid flags, not both")
        sweep = from_yaml(target)
    else:
        sweep = from_cli(target, grids)
    preflight(requests_for(sweep), root)  # before any point's kernel starts
    outcomes, folder = run_sweep(sweep, root, jobs, force, pdf, scheduler)
    failed = sum(o.status == "failed" for o in outcomes)
    what = f"{len(sweep.points())} points"
    if sweep.is_world:
        what += f" x {len(sweep.reports())} reports"
    print(f"sweep {sweep.name}: {what}, {failed} failed; comparison: {folder}/comparison.html")
    return 1 if failed else 0
