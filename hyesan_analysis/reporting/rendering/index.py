"""reports/index.html: every report and scenario with its key figures, offline.

Built from the manifests on disk (never from memory) with templates/index.html.j2 and
written atomically. A few lines of inline JavaScript add sorting and filtering; with scripts
off the table is complete and those controls stay hidden. Nothing is loaded from the network.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import all_reports
from hyesan_analysis.reporting.authoring.results import format_value
from hyesan_analysis.reporting.rendering import templating


def _fmt(value: Any, unit: str) -> str:
    if isinstance(value, int | float):
        return format_value(float(value), unit)
    return f"{value} {unit}"


def collect(root: Path) -> list[dict[str, Any]]:
    """One entry per report/scenario folder that holds a manifest or a failed run."""
    entries = []
    order = {name: i for i, name in enumerate(all_reports())}
    report_dirs = (
        sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        if root.is_dir()
        else []
    )
    for report_dir in report_dirs:
        for scenario_dir in sorted(report_dir.iterdir()):
            if scenario_dir.name.startswith(".") or not scenario_dir.is_dir():
                continue
            manifest: dict[str, Any] = {}
            try:
                manifest = json.loads((scenario_dir / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
            failed = (scenario_dir / "failed.html").is_file()
            if not manifest and not failed:
                continue
            entries.append(
                {
                    "report": report_dir.name,
                    "scenario": scenario_dir.name,
                    "manifest": manifest,
                    "failed_last_run": failed,
                    "order": order.get(report_dir.name, 999),
                }
            )
    entries.sort(key=lambda e: (e["order"], e["scenario"] != "default", e["scenario"]))
    return entries


def _row(root: Path, entry: Mapping[str, Any]) -> dict[str, Any]:
    """What the index shows of one report/scenario folder."""
    m = entry["manifest"]
    rel = f"{entry['report']}/{entry['scenario']}"
    changed = m.get("parameters_changed", {})
    links = [
        {"href": f"{rel}/{file}", "text": text, "failed": False}
        for file, text in (
            ("report.html", "HTML"),
            ("report.pdf", "PDF"),
            ("results.json", "results"),
        )
        if (root / rel / file).is_file()
    ]
    if entry["failed_last_run"]:
        links.append({"href": f"{rel}/failed.html", "text": "last run failed", "failed": True})
    return {
        "report": entry["report"],
        "title": m.get("title", entry["report"]),
        "scenario": entry["scenario"],
        "scenario_title": m.get("scenario_title", ""),
        "changed": [(k, str(v)) for k, v in changed.items()],
        "changed_key": json.dumps(changed, sort_keys=True),
        "figures": [
            (name, _fmt(r["value"], r["unit"]))
            for name, r in list(m.get("results", {}).items())[:8]
        ],
        "status": m.get("status", "failed"),
        "finished": m.get("finished", ""),
        "links": links,
    }


def _sweeps(root: Path) -> list[dict[str, str]]:
    """The sweep comparison folders under root/_sweeps, by name."""
    sweep_root = root / "_sweeps"
    if not sweep_root.is_dir():
        return []
    return [
        {"name": folder.name, "href": f"_sweeps/{folder.name}"}
        for folder in sorted(sweep_root.iterdir())
        if not folder.name.startswith(".") and (folder / "comparison.html").is_file()
    ]


def render(root: Path) -> str:
    """The index page of ``root`` (templates/index.html.j2), from the manifests on disk."""
    return templating.render(
        "index.html.j2",
        css=templating.stylesheet("index.css"),
        rows=[_row(root, e) for e in collect(root)],
        sweeps=_sweeps(root),
    )


def write_index(root: Path) -> Path:
    """Write root/index.html atomically; return its path."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "index.html"
    tmp = root / f".index.{uuid.uuid4().hex[:8]}.html"
    tmp.write_text(render(root), encoding="utf-8")
    os.replace(tmp, path)
    return path
