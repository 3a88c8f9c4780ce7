"""reports/index.html: every report and scenario with its key figures, offline.

Built from the manifests on disk (never from memory), written atomically. Sorting and
filtering work from the file system with a few lines of inline JavaScript; with scripts
off, the table is still complete.
"""

from __future__ import annotations

import html
import json
import os
import uuid
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import all_reports
from hyesan_analysis.reporting.authoring.results import format_value

_SCRIPT = """
<script>
(function(){
  const table = document.getElementById('reports');
  const filter = document.getElementById('filter');
  filter.addEventListener('input', () => {
    const q = filter.value.toLowerCase();
    for (const row of table.tBodies[0].rows) {
      row.style.display = row.textContent.toLowerCase().includes(q) ? '' : 'none';
    }
  });
  table.querySelectorAll('th').forEach((th, col) => th.addEventListener('click', () => {
    const rows = Array.from(table.tBodies[0].rows);
    const dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir === 1 ? 'asc' : 'desc';
    rows.sort((a, b) => a.cells[col].dataset.sort.localeCompare(b.cells[col].dataset.sort,
              undefined, {numeric: true}) * dir);
    rows.forEach(r => table.tBodies[0].appendChild(r));
  }));
})();
</script>
"""

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:14px;margin:2rem auto;max-width:92rem;
color:#1d1d1f;padding:0 1rem} h1{border-bottom:3px solid #8c1c13;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #d0d4d9;padding:.35rem .5rem;
text-align:left;vertical-align:top} th{background:#f4f5f7;cursor:pointer}
.ok{color:#1b7837}.failed{color:#b2182b;font-weight:bold} .muted{color:#5f6368;font-size:.85em}
input{padding:.3rem;width:20rem;margin-bottom:.6rem} ul{margin:0;padding-left:1rem}
td.date{white-space:nowrap} td.scenario{overflow-wrap:anywhere;max-width:16rem}
"""


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


def render(root: Path) -> str:
    rows = []
    for e in collect(root):
        m = e["manifest"]
        rel = f"{e['report']}/{e['scenario']}"
        q = html.escape
        changed = m.get("parameters_changed", {})
        changed_html = (
            "<br>".join(f"{q(k)} = {q(str(v))}" for k, v in changed.items())
            or '<span class="muted">defaults</span>'
        )
        results = m.get("results", {})
        figures = "".join(
            f"<li>{q(name)}: <b>{q(_fmt(r['value'], r['unit']))}</b></li>"
            for name, r in list(results.items())[:8]
        )
        links = []
        if (root / rel / "report.html").is_file():
            links.append(f'<a href="{q(rel)}/report.html">HTML</a>')
        if (root / rel / "report.pdf").is_file():
            links.append(f'<a href="{q(rel)}/report.pdf">PDF</a>')
        if (root / rel / "results.json").is_file():
            links.append(f'<a href="{q(rel)}/results.json">results</a>')
        if e["failed_last_run"]:
            links.append(f'<a href="{q(rel)}/failed.html" class="failed">last run failed</a>')
        status = m.get("status", "failed")
        title = m.get("title", e["report"])
        stitle = m.get("scenario_title", "")
        rows.append(
            f'<tr><td data-sort="{q(e["report"])}"><b>{q(title)}</b><br>'
            f'<span class="muted">{q(e["report"])}</span></td>'
            f'<td data-sort="{q(e["scenario"])}" class="scenario">{q(e["scenario"])}'
            f"{'<br><span class=muted>' + q(stitle) + '</span>' if stitle else ''}</td>"
            f'<td data-sort="{q(json.dumps(changed, sort_keys=True))}">{changed_html}</td>'
            f'<td data-sort=""><ul>{figures}</ul></td>'
            f'<td data-sort="{q(status)}" class="{"ok" if status == "ok" else "failed"}">'
            f"{q(status)}</td>"
            f'<td data-sort="{q(m.get("finished", ""))}" class="date">{q(m.get("finished", "")[:16])}</td>'
            f'<td data-sort="">{" · ".join(links)}</td></tr>'
        )
    sweeps = []
    sweep_root = root / "_sweeps"
    if sweep_root.is_dir():
        for folder in sorted(sweep_root.iterdir()):
            if folder.name.startswith(".") or not (folder / "comparison.html").is_file():
                continue
            rel = f"_sweeps/{folder.name}"
            sweeps.append(
                f'<li><a href="{html.escape(rel)}/comparison.html">{html.escape(folder.name)}</a>'
                f' (<a href="{html.escape(rel)}/comparison.pdf">PDF</a>, '
                f'<a href="{html.escape(rel)}/points.csv">CSV</a>)</li>'
            )
    sweeps_html = f"<h2>Sweeps</h2><ul>{''.join(sweeps)}</ul>" if sweeps else ""
    body = (
        "\n".join(rows)
        or '<tr><td colspan="7">No reports yet: run <code>make report</code>.</td></tr>'
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>hyesan-analysis reports</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>hyesan-analysis: reports</h1>"
        "<p>Every report and scenario built here, with its key figures. Click a column to sort; "
        "type to filter. Links open the local files.</p>"
        '<input id="filter" placeholder="filter (report, scenario, parameter…)">'
        '<table id="reports"><thead><tr><th>report</th><th>scenario</th>'
        "<th>parameters changed</th><th>key figures</th><th>status</th><th>finished</th>"
        f"<th>files</th></tr></thead><tbody>{body}</tbody></table>{sweeps_html}{_SCRIPT}"
        "</body></html>"
    )


def write_index(root: Path) -> Path:
    """Write root/index.html atomically; return its path."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "index.html"
    tmp = root / f".index.{uuid.uuid4().hex[:8]}.html"
    tmp.write_text(render(root), encoding="utf-8")
    os.replace(tmp, path)
    return path
