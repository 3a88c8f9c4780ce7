"""What a report says about how it was made: manifest.json and the page's provenance block.

Both name the parameters, the notebook, the data files' checksums, the package (with its git
commit), the library versions, the cache key and when the notebook ran.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hyesan_analysis import __version__
from hyesan_analysis.reporting.authoring.registry import (
    REPO_DIR,
    ReportSpec,
    all_reports,
    get_report,
)
from hyesan_analysis.reporting.engine import inputs as inputs_mod
from hyesan_analysis.reporting.engine.requests import RunRequest


def now() -> str:
    """The current time as manifests and pages show it (UTC, to the second)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def git_commit() -> str | None:
    """The checkout's commit (with '+dirty' when files differ), or None outside a checkout."""
    if not (REPO_DIR / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_DIR), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+dirty" if dirty else "")


def notebook_label(spec: ReportSpec) -> str:
    """Where the report's notebook is, as manifests and pages name it: never an absolute
    path (a report registered from outside the checkout is named by its file)."""
    if spec.source_dir is None:
        return f"notebooks/{spec.notebook.name}"
    return relative_label(spec.notebook)


def _fmt_value(value: Any, unit: str, name: str = "") -> str:
    if name == "seed" or name.endswith("_seed"):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return f"{text} {unit}".strip() if unit and not isinstance(value, str | bool) else text


PDF_PRINTED_BY = {"chromium": "headless Chromium", "weasyprint": "WeasyPrint"}


def provenance_rows(
    request: RunRequest,
    inputs: Mapping[str, str],
    key: str,
    started: str,
    commit: str | None,
    execute_s: float,
    pdf: bool = True,
) -> list[tuple[str, str]]:
    """The (label, text) rows of the page's "Parameters and provenance" table (with
    ``pdf``, the engine that prints the page's PDF)."""
    spec = get_report(request.report)
    params = "; ".join(
        f"{p.name} = {_fmt_value(request.parameters[p.name], p.unit, p.name)}"
        f"{' (changed)' if p.name in request.differing else ''}"
        for p in spec.schema.params
    )
    versions = inputs_mod.library_versions()
    data = inputs_mod.data_checksums(inputs)
    engine = inputs.get(inputs_mod.PDF_ENGINE, "")
    return [
        ("Parameters", params or "none (this report has no parameters of its own)"),
        (
            "Report / world",
            f"{request.report} / {request.world}"
            + ("" if request.world_kind == "default" else f" ({request.world_kind})"),
        ),
        ("Notebook", f"{notebook_label(spec)} (sha256 {inputs['notebook'][:16]}…)"),
        ("Data files (sha256)", "; ".join(f"{n} {h[:16]}…" for n, h in data.items()) or "none"),
        ("Package", f"hyesan-analysis {__version__}" + (f", git {commit}" if commit else "")),
        (
            "Software",
            ", ".join(f"{k} {v}" for k, v in versions.items())
            + (f"; PDF by {PDF_PRINTED_BY[engine]}" if pdf and engine in PDF_PRINTED_BY else ""),
        ),
        ("Cache key", key),
        ("Executed", f"{started} (notebook {execute_s:.1f} s)"),
    ]


def shared_quantities() -> dict[str, Any]:
    """Every shared quantity a registered report declares, by name (one Param each)."""
    return {p.name: p for spec in all_reports().values() for p in spec.schema.params if p.shared}


def manifest_document(
    request: RunRequest,
    *,
    inputs: Mapping[str, str],
    cache_key: str,
    commit: str | None,
    started: str,
    elapsed_s: float,
    timings_s: Mapping[str, float],
    reasons: Sequence[str],
    pdf_pages: int | None,
    files: Sequence[str],
    pdf_engine: str | None = None,
    results: Mapping[str, Any],
    upstream_used: Sequence[tuple[str, str]] = (),
    checksums: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """manifest.json of a finished run (status "ok"); durations in seconds.

    Besides the parameters it records the world (its name, kind and the value of every
    shared quantity in it, whether this report declares it or not, so that reports built in
    one world show the same deal, rate and cycle), the shared quantities among the
    parameters, and every upstream figure the run was given (by
    report: the world it came from and each result, with ``used`` naming those the
    notebook took with ``rn.upstream_value``), the scenario file it came from (relative to
    the working folder) and the sha256 of every other file of the report's folder
    (``checksums``: the up-to-date check verifies them).
    """
    spec = get_report(request.report)
    used: dict[str, list[str]] = {}
    for report, key in upstream_used:
        used.setdefault(report, []).append(key)
    upstream = {
        report: {
            "world": request.world,
            "results": figures,
            "used": sorted(used.get(report, [])),
        }
        for report, figures in inputs_mod.upstream_figures(inputs).items()
    }
    return {
        "world": {
            "name": request.world,
            "kind": request.world_kind,
            "shared_quantities": {
                name: request.world_settings.get(name, p.default)
                for name, p in shared_quantities().items()
            },
        },
        "shared_parameters": {
            p.name: request.parameters[p.name] for p in spec.schema.params if p.shared
        },
        "upstream": upstream,
        "report": request.report,
        "title": spec.title,
        "scenario": request.scenario,
        "scenario_title": request.scenario_title,
        "scenario_rationale": request.scenario_rationale,
        "parameters": request.parameters,
        "parameters_changed": request.differing,
        "package": {
            "name": "hyesan-analysis",
            "version": __version__,
            "git_commit": commit,
        },
        "versions": inputs_mod.library_versions(),
        "notebook": {
            "path": notebook_label(spec),
            "sha256": inputs_mod.sha256_file(spec.notebook),
        },
        "data": {
            f"hyesan_analysis/data/{n}": h for n, h in inputs_mod.data_checksums(inputs).items()
        },
        "inputs": dict(inputs),
        "cache_key": cache_key,
        "started": started,
        "finished": now(),
        "duration_s": round(elapsed_s, 3),
        "timings_s": {k: round(v, 3) for k, v in timings_s.items()},
        "rerun_reasons": list(reasons),
        "pdf_pages": pdf_pages,
        "pdf_engine": pdf_engine,
        "status": "ok",
        "files": list(files),
        "checksums": dict(sorted((checksums or {}).items())),
        "scenario_file": relative_label(request.scenario_file) if request.scenario_file else None,
        "results": dict(results),
    }


def relative_label(path: str | Path) -> str:
    """A file as outputs name it: relative to the checkout or the working folder, never
    absolute when it is inside either; elsewhere only its name."""
    absolute = Path(path).absolute()
    for base in (REPO_DIR, Path.cwd()):
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            continue
    return absolute.name


def write_json(path: Path, doc: Any) -> None:
    """Write a JSON document with sorted keys (NaN refused), as manifests are written:
    whole or not at all (store.write_atomic)."""
    from hyesan_analysis.reporting.engine import store

    store.write_atomic(path, json.dumps(doc, indent=2, sort_keys=True, allow_nan=False) + "\n")
