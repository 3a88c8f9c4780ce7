"""Is a report up to date? Its current inputs against the published manifest's.

A report is re-executed only when one of its inputs (see inputs.py) changed, its previous
run did not finish, or a file of its folder is missing or damaged (its sha256 differs from
the manifest's); the reasons are what the CLI prints and name the damaged file. Reports
that read other reports' results count each of those results as an input, read in their
own world and only when verified (``store.verified_results``): a damaged upstream
results.json counts as missing, never as figures. A changed upstream figure is named in
the reasons.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.engine import inputs as inputs_mod
from hyesan_analysis.reporting.engine import store
from hyesan_analysis.reporting.engine.requests import RunRequest


def upstream_documents(
    report: str, root: Path, world: str = "default", pending: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Each upstream report's results.json text in ``world`` (None if it has none).

    ``pending`` gives the results of upstream runs (of the same world) that have executed
    but are not yet published (a build starts a downstream report while they render); the
    rest are read from the published reports.
    """
    out: dict[str, str | None] = {}
    for name in get_report(report).upstream:
        if pending is not None and name in pending:
            out[name] = pending[name]
            continue
        out[name] = store.verified_results(root, name, world)
    return out


def parse_results(text: str | None) -> dict[str, dict[str, Any]] | None:
    """The ``results`` of a results.json text; None when absent or unreadable."""
    if text is None:
        return None
    try:
        results = json.loads(text)["results"]
    except (ValueError, KeyError, TypeError):
        return None
    return results if isinstance(results, dict) else None


def upstream_inputs(documents: Mapping[str, str | None]) -> dict[str, str]:
    """The cache inputs of a report's upstream results: ``<report>.<result>`` -> the
    result's value, unit and label as JSON (``<report>`` -> "missing" without results)."""
    out: dict[str, str] = {}
    for name, text in documents.items():
        results = parse_results(text)
        if results is None:
            out[name] = "missing"
            continue
        for key, entry in results.items():
            out[f"{name}.{key}"] = json.dumps(entry, sort_keys=True)
    return out


def upstream_digests(
    report: str, root: Path, world: str = "default", pending: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The upstream inputs (``upstream_inputs``) of ``report`` in ``world``."""
    return upstream_inputs(upstream_documents(report, root, world, pending))


def check_cache(
    request: RunRequest,
    root: Path,
    pdf: bool = True,
    pending_upstream: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """(current inputs, reasons to re-run); no reasons means the report is up to date.

    A report built without its PDF is up to date for another run without one.
    ``pending_upstream``: see ``upstream_documents``.
    """
    spec = get_report(request.report)
    old, problem = store.read_manifest(root, request.report, request.scenario)
    data_files = None
    if old is not None:
        data_files = [k[5:] for k in old.get("inputs", {}) if k.startswith("data:")]
    current = inputs_mod.report_inputs(
        spec,
        request.parameters,
        upstream_digests(request.report, root, request.world, pending_upstream),
        data_files,
    )
    if old is None:
        return current, [problem or "no previous report"]
    if old.get("status") != "ok":
        return current, ["previous run did not finish"]
    target = store.published_dir(root, request.report, request.scenario)
    if target is None:
        target = store.scenario_dir(root, request.report, request.scenario)
    wanted = [f for f in store.REPORT_FILES if pdf or f != "report.pdf"]
    missing = [f for f in wanted if not (target / f).is_file()]
    if missing:
        return current, [f"missing {', '.join(missing)}"]
    checksums = old.get("checksums")
    if not isinstance(checksums, dict) or not checksums:
        return current, ["no file checksums in manifest.json (an older run)"]
    damaged = store.damaged_files(target, checksums)
    gone = [f for f in damaged if not (target / f).exists()]
    changed = [f for f in damaged if f not in gone]
    reasons = []
    if gone:
        reasons.append(f"missing {_first_few(gone)}")
    if changed:
        reasons.append(
            f"damaged {_first_few(changed)} (differs from its checksum in manifest.json)"
        )
    if reasons:
        return current, reasons
    return current, inputs_mod.describe_changes(old.get("inputs"), current)


def _first_few(names: list[str], few: int = 3) -> str:
    more = f" and {len(names) - few} more" if len(names) > few else ""
    return ", ".join(names[:few]) + more
