"""reports/index.html: every world, report and scenario with its key figures, offline.

Built from the manifests (and the sweeps' sweep.json) on disk, never from memory, with
templates/index.html.j2, and written atomically. Folders are grouped by world (the
scenario folder name every report of a world shares): the default world first, then each
world scenario, then the points of each world sweep, then the other parameter sets
(one-report scenarios, ``-p`` runs, points of one-report sweeps). Each report's row shows
every key figure it recorded, under its label and with its unit, and the parameters that
differ from the defaults in words ("Sale price 70,000 CNY (default 83,000 CNY)"). A few
lines of inline JavaScript add sorting (every column, with aria-sort and a keyboard
button) and filtering; with scripts off the page is complete and those controls stay
hidden. Nothing is loaded from the network.
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
from hyesan_analysis.reporting.rendering.comparison import (
    axis_unit,
    param_label,
    setting_text,
    value_text,
)

SWEEPS = "_sweeps"


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return format_value(None, unit)
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


def _default(name: str) -> Any:
    """The default of a declared parameter (None when no report declares it)."""
    from hyesan_analysis.reporting.engine import world

    params = world.quantities().get(name)
    return params[0].default if params else None


def changed_words(changed: Mapping[str, Any]) -> list[dict[str, str]]:
    """The parameters that differ from the defaults, in words: label, value with its unit,
    and the default ("Sale price 70,000 CNY", "default 83,000 CNY")."""
    out = []
    for name, value in changed.items():
        default = _default(name)
        out.append(
            {
                "name": name,
                "text": setting_text(name, value) if default is not None else f"{name} = {value}",
                "default": "" if default is None else value_text(default, axis_unit(name)),
            }
        )
    return out


def _figures(results: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every key figure a report recorded: its label (its key when it has none) and value."""
    out = []
    for name, r in results.items():
        if not isinstance(r, Mapping) or "value" not in r:
            continue
        unit = str(r.get("unit", ""))
        out.append({"label": str(r.get("label") or name), "text": _fmt(r["value"], unit)})
    return out


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
    words = changed_words(changed)
    figures = _figures(m.get("results", {}))
    return {
        "report": entry["report"],
        "title": m.get("title", entry["report"]),
        "scenario": entry["scenario"],
        "scenario_title": m.get("scenario_title", ""),
        "changed": words,
        "changed_key": "; ".join(w["text"] for w in words),
        "figures": figures,
        "figures_key": "; ".join(f"{f['label']}: {f['text']}" for f in figures),
        "status": m.get("status", "failed"),
        "finished": m.get("finished", ""),
        "links": links,
    }


def _sweep_title(doc: Mapping[str, Any]) -> str:
    """A sweep's title, or its axes in words when it has none ("Waku price × Sale price")."""
    title = doc.get("title")
    if isinstance(title, str) and title:
        return title
    axes = doc.get("axes")
    if isinstance(axes, Mapping) and axes:
        return " × ".join(param_label(str(name)) for name in axes)
    return ""


def _sweeps(root: Path) -> list[dict[str, Any]]:
    """The sweep comparison folders under root/_sweeps, by name, with their points."""
    sweep_root = root / SWEEPS
    if not sweep_root.is_dir():
        return []
    out = []
    for folder in sorted(sweep_root.iterdir()):
        if folder.name.startswith(".") or not (folder / "comparison.html").is_file():
            continue
        doc: dict[str, Any] = {}
        try:
            doc = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        out.append(
            {
                "name": folder.name,
                "href": f"{SWEEPS}/{folder.name}",
                "world": doc.get("kind") == "world",
                "title": _sweep_title(doc) or folder.name,
                "report": doc.get("report") or "",
                "pdf": (folder / "comparison.pdf").is_file(),
                "csv": (folder / "points.csv").is_file(),
                "points": [
                    (p.get("world", ""), p.get("values", {}))
                    for p in doc.get("points", [])
                    if isinstance(p, dict)
                ],
            }
        )
    return out


def _world_kind(entries: list[dict[str, Any]]) -> str:
    kinds = [e["manifest"].get("world", {}).get("kind", "") for e in entries if e["manifest"]]
    return next((k for k in kinds if k), "")


def groups(root: Path, sweeps: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The index's sections: one per world, each with its reports' rows, in reading order.

    Each group: ``world`` (folder name), ``category`` ("default", "world", "sweep",
    "other"), ``title``, ``settings`` (the values its reports changed), ``sweeps`` (the
    world sweeps it is a point of: name, href, point) and ``rows``.
    """
    sweeps = _sweeps(root) if sweeps is None else sweeps
    by_world: dict[str, list[dict[str, Any]]] = {}
    for entry in collect(root):
        by_world.setdefault(entry["scenario"], []).append(entry)
    point_of: dict[str, list[dict[str, Any]]] = {}
    sweep_rank: dict[str, tuple[int, int]] = {}
    for s_i, sweep in enumerate(sweeps):
        for p_i, (name, values) in enumerate(sweep["points"]):
            point_of.setdefault(name, []).append(
                {
                    "name": sweep["name"],
                    "title": sweep["title"],
                    "href": sweep["href"],
                    "point": ", ".join(setting_text(k, v) for k, v in values.items()),
                }
            )
            if sweep["world"]:  # a world sweep's points are worlds of their own
                sweep_rank.setdefault(name, (s_i, p_i))
    out = []
    for name, entries in by_world.items():
        kind = _world_kind(entries)
        if name == "default":
            category, rank = "default", (0, 0, 0, "")
        elif kind == "world scenario":
            category, rank = "world", (1, 0, 0, name)
        elif name in sweep_rank:
            category, rank = "sweep", (2, *sweep_rank[name], name)
        else:
            category, rank = "other", (3, 0, 0, name)
        settings: dict[str, Any] = {}
        for e in entries:
            for k, v in e["manifest"].get("parameters_changed", {}).items():
                settings.setdefault(k, v)
        words = changed_words(dict(sorted(settings.items())))
        title = next((t for e in entries if (t := e["manifest"].get("scenario_title", ""))), "")
        worded = not title and category != "default" and bool(words)
        if worded:  # an untitled world is headed by its settings in words
            title = ", ".join(w["text"] for w in words)
        out.append(
            {
                "world": name,
                "category": category,
                "kind": kind,
                "title": title,
                "title_is_settings": worded,
                "settings": words,
                "sweeps": point_of.get(name, []),
                "rows": [_row(root, e) for e in entries],
                "rank": rank,
            }
        )
    out.sort(key=lambda g: g["rank"])
    return out


CATEGORIES = {
    "default": "The default world",
    "world": "World scenarios",
    "sweep": "World sweeps: one world per point",
    "other": "Other scenarios and parameter sets",
}


def render(root: Path) -> str:
    """The index page of ``root`` (templates/index.html.j2), from the manifests on disk."""
    sweeps = _sweeps(root)
    sections = groups(root, sweeps)
    return templating.render(
        "index.html.j2",
        css=templating.stylesheet("index.css"),
        categories=[
            {"title": title, "groups": [g for g in sections if g["category"] == key]}
            for key, title in CATEGORIES.items()
            if any(g["category"] == key for g in sections)
        ],
        sweeps=sweeps,
    )


def warm_in_background(root: Path) -> None:
    """Render the index once now, niced, in a thread, and throw it away: its imports and
    template compilation (~0.1 s) are then paid during a build, not after its last report
    (``write_index`` renders it again from the manifests then)."""
    import threading

    def warm() -> None:
        from hyesan_analysis.reporting.engine.lifecycle import lowered_priority

        lowered_priority()
        try:
            render(root)
        except Exception:  # only time is at stake: write_index reports problems
            pass

    threading.Thread(target=warm, name="hyesan-warm-index", daemon=True).start()


def write_index(root: Path) -> Path:
    """Write root/index.html atomically; return its path. A failed write (a full disk)
    leaves the previous index and no temporary file."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "index.html"
    tmp = root / f".index.{uuid.uuid4().hex[:8]}.html"
    try:
        tmp.write_text(render(root), encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
