"""Is a report up to date? Its current inputs against the published manifest's.

A report is re-executed only when one of its inputs (see inputs.py) changed, its previous
run did not finish or a file of its folder is missing; the reasons are what the CLI prints.
Reports that read other reports' results (the summary) count those results as inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.engine import inputs as inputs_mod
from hyesan_analysis.reporting.engine import store
from hyesan_analysis.reporting.engine.requests import RunRequest


def upstream_documents(
    report: str, root: Path, pending: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Each upstream report's default results.json text (None if it has none).

    ``pending`` gives the results of upstream runs that have executed but are not yet
    published (a build starts the summary while they render); the rest are read from the
    published reports.
    """
    out: dict[str, str | None] = {}
    for name in get_report(report).upstream:
        if pending is not None and name in pending:
            out[name] = pending[name]
            continue
        path = store.scenario_dir(root, name, "default") / "results.json"
        out[name] = path.read_bytes().decode("utf-8") if path.is_file() else None
    return out


def upstream_digests(
    report: str, root: Path, pending: Mapping[str, str] | None = None
) -> dict[str, str]:
    """sha256 of each upstream report's default results.json ('missing' if absent)."""
    return {
        name: "missing" if text is None else inputs_mod.sha256_bytes(text.encode("utf-8"))
        for name, text in upstream_documents(report, root, pending).items()
    }


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
    old = store.current_manifest(root, request.report, request.scenario)
    data_files = None
    if old is not None:
        data_files = [k[5:] for k in old.get("inputs", {}) if k.startswith("data:")]
    current = inputs_mod.report_inputs(
        spec,
        request.parameters,
        upstream_digests(request.report, root, pending_upstream),
        data_files,
    )
    if old is None:
        return current, ["no previous report"]
    if old.get("status") != "ok":
        return current, ["previous run did not finish"]
    target = store.scenario_dir(root, request.report, request.scenario)
    wanted = [f for f in store.REPORT_FILES if pdf or f != "report.pdf"]
    missing = [f for f in wanted if not (target / f).is_file()]
    if missing:
        return current, [f"missing {', '.join(missing)}"]
    return current, inputs_mod.describe_changes(old.get("inputs"), current)
