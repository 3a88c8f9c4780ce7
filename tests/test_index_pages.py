"""The index as a reader uses it: every key figure under its label, the changed parameters in
words, sweeps by their titles, and sorting on every column (aria-sort, keyboard), checked in
the page's markup and, where Debian's chromium is installed, by clicking in a browser.

Also the updated forms of the index and comparison-page checks of test_engine_pages.py (the
key figures are no longer cut at eight; parameters and results read as words)."""

import json
import re
import shutil
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.rendering import comparison, index
from tests.test_engine_pages import NASTY, manifest, offline, write_report

pytestmark = pytest.mark.usefixtures("fixture_reports")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    results = {
        f"r{i}": {"value": i * 1000.0, "unit": "CNY", "label": f"Figure number {i}"}
        for i in range(12)
    }
    write_report(tmp_path, "tiny_sales", "default", manifest(results=results), ("report.html",))
    write_report(
        tmp_path,
        "tiny_sales",
        "price_cny=200-abc",
        manifest(parameters_changed={"price_cny": 200.0, "cars": 4}, finished="2025-03-05"),
        ("report.html", "report.pdf"),
    )
    write_report(
        tmp_path,
        "tiny_costs",
        "price_cny=200-abc",
        manifest(title="Tiny costs", status="failed", finished="2025-03-01"),
        ("failed.html",),
    )
    folder = tmp_path / "_sweeps" / "tiny_sales--grid"
    folder.mkdir(parents=True)
    (folder / "comparison.html").write_text("x")
    (folder / "points.csv").write_text("x")
    (folder / "sweep.json").write_text(
        json.dumps(
            {
                "kind": "report",
                "report": "tiny_sales",
                "name": "grid",
                "title": "",
                "axes": {"price_cny": [100.0, 200.0]},
                "points": [
                    {"values": {"price_cny": 100.0}, "world": "default"},
                    {"values": {"price_cny": 200.0}, "world": "price_cny=200-abc"},
                ],
            }
        )
    )
    return tmp_path


def test_every_key_figure_under_its_label_and_changed_parameters_in_words(root: Path) -> None:
    html = index.render(root)
    offline(html)
    figures = re.findall(r"<li>Figure number (\d+): <b>([^<]+)</b></li>", html)
    assert [n for n, _ in figures] == [str(i) for i in range(12)], "every figure, no cap"
    assert figures[3][1] == "3,000 CNY"
    assert (
        '<span class="setting">Sale price of one car 200 CNY</span> '
        '<span class="muted">(default 100 CNY)</span><br>'
        '<span class="setting">Cars in the batch 4 vehicles</span> '
        '<span class="muted">(default 3 vehicles)</span>'
    ) in html
    assert "price_cny = " not in html and "cars = " not in html
    # a one-report sweep by its axes in words, its points marked in their rows' worlds
    assert (
        '<a href="_sweeps/tiny_sales--grid/comparison.html">Sale price of one car</a> '
        '<span class="muted">(tiny_sales--grid: tiny_sales, 2 points)</span> '
        '(<a href="_sweeps/tiny_sales--grid/points.csv">CSV</a>)'
    ) in html, "no link to a comparison PDF that was not written"
    assert (
        "point Sale price of one car 200 CNY of sweep "
        '<a href="_sweeps/tiny_sales--grid/comparison.html">Sale price of one car</a>'
    ) in html


def test_every_column_sorts_with_an_indicator_and_a_keyboard_button(root: Path) -> None:
    html = index.render(root)
    heads = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert heads[:6] == [
        "report",
        "parameters changed",
        "key figures",
        "status",
        "finished",
        "files",
    ]
    for row in re.findall(r"<tr><td.*?</tr>", html, flags=re.S):
        assert len(re.findall(r"<td data-sort=", row)) == 6, "every cell has a sort key"
    script = html[html.index("<script>") : html.index("</script>")]
    assert "setAttribute('aria-sort'" in script and "createElement('button')" in script
    assert "button.type = 'button'" in script, "a real button: focusable, Enter and Space"
    css = html[html.index("<style>") : html.index("</style>")]
    for state in ("ascending", "descending"):
        assert f'th[aria-sort="{state}"] button.sort::after' in css
    assert "focus-visible" in css


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="Debian's chromium is not installed")
def test_sorting_works_in_a_browser_by_mouse_and_keyboard(root: Path) -> None:
    from playwright.sync_api import sync_playwright

    (root / "index.html").write_text(index.render(root), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 420, "height": 900})
            page.goto((root / "index.html").resolve().as_uri())
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"the index is {overflow} px wider than a phone"
            section = page.locator("section.world").nth(1)  # the price_cny=200 world
            finished = section.locator("th").nth(4)
            assert finished.get_attribute("aria-sort") == "none"

            def reports() -> list[str]:
                cells = section.locator("tbody tr td:first-child")
                return [c.get_attribute("data-sort") or "" for c in cells.all()]

            finished.locator("button").click()
            assert finished.get_attribute("aria-sort") == "ascending"
            assert reports() == ["tiny_costs", "tiny_sales"]  # 2025-03-01 before 03-05
            finished.locator("button").focus()
            page.keyboard.press("Enter")
            assert finished.get_attribute("aria-sort") == "descending"
            assert reports() == ["tiny_sales", "tiny_costs"]
            section.locator("th").nth(0).locator("button").focus()
            page.keyboard.press("Space")
            assert section.locator("th").nth(0).get_attribute("aria-sort") == "ascending"
            assert finished.get_attribute("aria-sort") == "none", "one sorted column at a time"
        finally:
            browser.close()


def test_the_comparison_page_shows_every_point_under_labels(tmp_path: Path) -> None:
    """test_engine_pages' comparison check, with labels and units instead of keys."""
    spec = get_report("tiny_sales")
    rows = [
        comparison.GridPoint(
            {"price_cny": 100.0}, "default", "ok", {"revenue_cny": 300.0, "waku_cny": 25000.0}
        ),
        comparison.GridPoint({"price_cny": 2500.5}, "price_cny=2500.5-x", "failed"),
    ]
    page = comparison.render_comparison(
        spec,
        name="grid-x",
        title=NASTY,
        axes={"price_cny": [100.0, 2500.5]},
        base={"label": "fixed value"},
        rows=rows,
        run_date="2025-03-04 05:06:07 UTC",
    )
    offline(page)
    assert "<script" not in page, "no scripts in a comparison page"
    assert NASTY not in page and "&lt;script&gt;alert(" in page
    assert (
        "<p>2 runs of <b>Tiny sales: what three cars sell for</b> over "
        "Sale price of one car (100 CNY, 2500.5 CNY); fixed: label fixed value. "
        "<b>1 failed.</b></p>"
    ) in page
    assert (
        "<b>The same at every point that ran:</b> revenue cny: 300 CNY; "
        "waku cny: 25,000 CNY per vehicle."
    ) in page
    assert (
        '<th scope="col">Sale price of one car<br><span class="note">CNY per vehicle</span></th>'
    ) in page
    assert (
        '<tr><td class="num">100</td>'
        '<td><a href="../../tiny_sales/default/report.html">open</a></td></tr>'
    ) in page
    assert (
        '<tr><td class="num">2500.5</td>'
        '<td><a href="../../tiny_sales/price_cny=2500.5-x/report.html">FAILED</a></td></tr>'
    ) in page
    assert "No result changes across the grid." in page
    assert '<th scope="row">Scenario folders</th><td>default, price_cny=2500.5-x</td>' in page
