"""The index and the sweep comparison pages, rendered from their templates without kernels."""

import json
import re
from pathlib import Path

from hyesan_analysis.reporting.engine import inputs
from hyesan_analysis.reporting.rendering import index, templating

NASTY = "<script>alert('x')</script> & co"


def offline(html: str) -> None:
    """Nothing loaded from the network: no remote scripts, images, styles or imports."""
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "@import" not in html
    assert not re.search(r"<script[^>]+src=", html)


def write_report(root: Path, report: str, scenario: str, manifest: dict, files=()) -> Path:
    folder = root / report / scenario
    folder.mkdir(parents=True)
    if manifest:
        (folder / "manifest.json").write_text(json.dumps(manifest))
    for name in files:
        (folder / name).write_text("x")
    return folder


def manifest(**changes: object) -> dict:
    doc = {
        "title": "Tiny sales",
        "scenario_title": "",
        "parameters_changed": {},
        "results": {"revenue_cny": {"value": 300.0, "unit": "CNY", "label": ""}},
        "status": "ok",
        "finished": "2025-03-04 05:06:07 UTC",
    }
    doc.update(changes)
    return doc


def test_an_empty_index_says_how_to_build(tmp_path: Path) -> None:
    html = index.render(tmp_path / "nothing here")
    assert "No reports yet: run <code>make report</code>." in html
    assert "<h2>Sweeps</h2>" not in html
    offline(html)


def test_the_index_lists_reports_scenarios_figures_links_and_sweeps(tmp_path: Path) -> None:
    files = ("report.html", "report.pdf", "results.json")
    write_report(tmp_path, "tiny_sales", "default", manifest(), files)
    results = {f"r{i}": {"value": i * 1000.0, "unit": "CNY", "label": ""} for i in range(10)}
    write_report(
        tmp_path,
        "tiny_sales",
        "price_cny=200-abc",
        manifest(
            title=NASTY,
            scenario_title=NASTY,
            parameters_changed={"price_cny": 200.0, "label": NASTY},
            results=results,
        ),
        ("report.html", "results.json", "failed.html"),
    )
    write_report(tmp_path, "tiny_costs", "default", {}, ("failed.html",))
    write_report(tmp_path, "tiny_costs", "empty", {}, ())  # neither manifest nor failure
    (tmp_path / "tiny_costs" / ".store").mkdir()
    sweep = tmp_path / "_sweeps" / "tiny_sales--grid"
    sweep.mkdir(parents=True)
    (sweep / "comparison.html").write_text("x")
    (tmp_path / "_sweeps" / ".tmp").mkdir()

    html = index.render(tmp_path)
    offline(html)
    rows = re.findall(r"<tr><td data-sort=\"([^\"]+)\".*?</tr>", html, flags=re.S)
    assert rows == ["tiny_costs", "tiny_sales", "tiny_sales"], "one row per run folder"
    assert NASTY not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in html
    assert (
        '<span class="setting">price_cny = 200.0</span><br><span class="setting">label = &lt;script&gt;'
        in html
    )
    assert "<li>revenue_cny: <b>300 CNY</b></li>" in html
    assert len(re.findall(r"<li>r\d:", html)) == 10, "every key figure"
    assert (
        '<a href="tiny_sales/default/report.html">HTML</a> · '
        '<a href="tiny_sales/default/report.pdf">PDF</a> · '
        '<a href="tiny_sales/default/results.json">results</a>'
    ) in html
    assert '<a href="tiny_costs/default/failed.html" class="failed">last run failed</a>' in html
    assert '<td data-sort="failed" class="failed">failed</td>' in html, "no manifest: failed"
    assert '<td data-sort="2025-03-04 05:06:07 UTC" class="date">2025-03-04 05:06</td>' in html
    assert '<a href="_sweeps/tiny_sales--grid/comparison.html">tiny_sales--grid</a>' in html
    assert html.count('<li><a href="_sweeps/') == 1
    # the default scenario first, and the controls that need a script hidden without one
    assert html.index("tiny_sales/default/") < html.index("tiny_sales/price_cny=200-abc/")
    assert '<input id="filter" placeholder="filter (report, world, parameter…)" hidden>' in html


def test_the_index_shows_a_result_under_its_label(tmp_path: Path) -> None:
    results = {"revenue_cny": {"value": 300.0, "unit": "CNY", "label": "Revenue of the batch"}}
    write_report(tmp_path, "tiny_sales", "default", manifest(results=results), ("report.html",))
    html = index.render(tmp_path)
    assert "<li>Revenue of the batch: <b>300 CNY</b></li>" in html
    assert "revenue_cny:" not in html


def test_write_index_replaces_the_file_atomically(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("old")
    path = index.write_index(tmp_path)
    assert path == tmp_path / "index.html" and "hyesan-analysis: reports" in path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"], "no temporary file left"


def test_wrap_underscores_escapes_and_lets_names_wrap() -> None:
    assert str(templating.wrap_underscores("net_profit<b>")) == "net_<wbr>profit&lt;b&gt;"


def test_the_report_page_templates_are_cache_inputs() -> None:
    from jinja2 import meta

    env = templating.environment(autoescape=False)
    source = env.loader.get_source(env, "page.html.j2")[0]
    assert set(meta.find_referenced_templates(env.parse(source))) <= set(inputs.PAGE_TEMPLATES)
    assert set(inputs.PAGE_TEMPLATES) == {"page.html.j2", "report.css"}
    for name in inputs.PAGE_TEMPLATES:
        assert (templating.TEMPLATE_DIR / name).is_file()
