"""A sweep's comparison page, rendered from grid points without kernels: labels and units,
results that do not move listed once in a line, a heatmap for a two-axis grid, lines with
legends in words otherwise, and the PDF only when asked."""

import hashlib
import json
import re
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.engine import runner, store, sweep
from hyesan_analysis.reporting.rendering import comparison
from tests.test_engine_pages import NASTY, offline

GridPoint = comparison.GridPoint
LABELS = {"revenue_cny": "Revenue of the batch", "waku_cny": "Waku per car"}


def grid(cars: list[int], prices: list[float]) -> list[GridPoint]:
    return [
        GridPoint(
            {"cars": c, "price_cny": p},
            f"cars={c},price_cny={p:g}-x",
            "ok",
            {"revenue_cny": c * p, "waku_cny": 25000.0},
            LABELS,
        )
        for c in cars
        for p in prices
    ]


def page(axes: dict[str, list], rows: list[GridPoint], pdf: bool = True) -> str:
    return comparison.render_comparison(
        get_report("tiny_sales"),
        name="grid",
        title=NASTY,
        axes=axes,
        base={},
        rows=rows,
        run_date="2025-03-04 05:06:07 UTC",
        pdf=pdf,
    )


@pytest.mark.usefixtures("fixture_reports")
def test_a_two_axis_grid_is_a_heatmap_and_a_constant_result_one_line() -> None:
    html = page({"cars": [3, 6], "price_cny": [100.0, 200.0, 300.0]}, grid([3, 6], [100, 200, 300]))
    offline(html)
    assert NASTY not in html and "<script" not in html
    assert (
        "6 runs of <b>Tiny sales: what three cars sell for</b> over "
        "Cars in the batch (3 vehicles, 6 vehicles) and "
        "Sale price of one car (100 CNY, 200 CNY, 300 CNY)."
    ) in html
    assert "<b>The same at every point:</b> Waku per car: 25,000 CNY per vehicle.</p>" in html
    alts = re.findall(r'<img alt="([^"]+)"', html)
    assert len(alts) == 1, "a chart only for the result that moves"
    assert alts[0] == (
        "Heatmap of Revenue of the batch (CNY) over Cars in the batch (across) and "
        "Sale price of one car (down): lowest 300 CNY at Cars in the batch 3 vehicles, "
        "Sale price of one car 100 CNY; highest 1,800 CNY at Cars in the batch 6 vehicles, "
        "Sale price of one car 300 CNY."
    )
    assert '<span class="label">Figure 1.</span> Revenue of the batch (CNY) at each point' in html
    header = re.search(r"<thead>(.*?)</thead>", html, re.S)
    assert header is not None
    assert [
        re.sub(r"<[^>]+>", "|", h).strip("|") for h in re.findall(r"<th[^>]*>(.*?)</th>", header[1])
    ] == [
        "Cars in the batch||vehicles",
        "Sale price of one car||CNY per vehicle",
        "Revenue of the batch||CNY",
        "report",
    ], "labels and units, and no column for the result that does not move"
    assert "revenue_cny" not in html.split("<footer", 1)[0] and "waku_cny" not in html
    assert '<a href="comparison.pdf">PDF</a>' in html or 'href="comparison.pdf"' in html


@pytest.mark.usefixtures("fixture_reports")
def test_one_axis_draws_lines_and_a_result_that_depends_on_one_axis_says_so() -> None:
    html = page({"price_cny": [100.0, 200.0]}, grid([3], [100, 200]), pdf=False)
    alts = re.findall(r'<img alt="([^"]+)"', html)
    assert alts == [
        "Line chart of Revenue of the batch (CNY) against Sale price of one car: lowest "
        "300 CNY at Sale price of one car 100 CNY; highest 600 CNY at Sale price of one car "
        "200 CNY."
    ]
    assert 'href="comparison.pdf"' not in html, "no link to a PDF that is not written"
    rows = grid([3, 6], [100, 200])
    flat = [
        GridPoint(r.point, r.scenario, "ok", {"revenue_cny": r.point["cars"] * 10.0}) for r in rows
    ]
    chart = comparison.chart(
        {"cars": [3, 6], "price_cny": [100.0, 200.0]}, flat, "revenue_cny", "CNY", "Revenue"
    )
    assert chart.kind == "heatmap"
    assert chart.caption.endswith("It does not depend on Sale price of one car.")


@pytest.mark.usefixtures("fixture_reports")
def test_lines_are_labelled_in_words_not_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    legends: list[str] = []
    plt = comparison._pyplot()
    plot = plt.Axes.plot

    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        legends.append(kwargs.get("label", ""))
        return plot(self, *args, **kwargs)

    monkeypatch.setattr(plt.Axes, "plot", recording)
    rows = grid([3, 6], [100, 200])
    chart = comparison.line_chart(
        {"price_cny": [100.0, 200.0], "cars": [3, 6]}, rows, "revenue_cny", "CNY", "Revenue"
    )
    assert legends == ["Cars in the batch 3 vehicles", "Cars in the batch 6 vehicles"]
    assert "one line for each Cars in the batch" in chart.alt


def test_parameters_read_as_words() -> None:
    assert comparison.setting_text("sale_price_cny", 70000.0) == "Sale price 70,000 CNY"
    assert comparison.setting_text("waku_price_cny", 25000.0) == "Waku price 25,000 CNY"
    assert comparison.setting_text("inspection_days", 5) == "Inspection after arrival 5 days"
    assert comparison.short_label("Sale price of a used car in Hyesan") == "Sale price"
    assert comparison.short_label("Inspection after arrival") == "Inspection after arrival"
    assert comparison.param_label("no_such_parameter") == "no_such_parameter"


def test_the_comparison_honours_no_pdf(fixture_reports: Path, tmp_path: Path) -> None:
    s = sweep.from_cli("tiny_sales", ["price_cny=100,200"])
    outcomes = {}
    for point, w in zip(s.points(), s.worlds(), strict=True):
        results = {
            "revenue_cny": {"value": 3 * point["price_cny"], "unit": "CNY", "label": "Revenue"},
            "waku_cny": {"value": 25000.0, "unit": "CNY per vehicle", "label": "Waku"},
        }
        # published as a run publishes: the sweep reads only results its manifest vouches for
        work = store.new_work_dir(tmp_path, "tiny_sales")
        text = json.dumps({"results": results})
        (work / "results.json").write_text(text)
        digest = hashlib.sha256(text.encode()).hexdigest()
        (work / "manifest.json").write_text(
            json.dumps({"status": "ok", "checksums": {"results.json": digest}})
        )
        folder = store.publish(tmp_path, "tiny_sales", w.name, work)
        outcomes[("tiny_sales", w.name)] = runner.RunOutcome("tiny_sales", w.name, "ok", folder)
    published = sweep.write_comparison(s, outcomes, tmp_path, pdf=False)
    assert sorted(p.name for p in published.iterdir()) == [
        "comparison.html",
        "points.csv",
        "sweep.json",
    ]
    html = (published / "comparison.html").read_text()
    assert (
        "Revenue" in html
        and "<b>The same at every point:</b> Waku: 25,000 CNY per vehicle." in html
    )


@pytest.mark.usefixtures("fixture_reports")
def test_a_wide_table_of_few_points_turns_its_results_into_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(comparison, "MAX_COLUMNS", 2)
    html = page({"cars": [3, 6], "price_cny": [100.0, 200.0]}, grid([3, 6], [100, 200]))
    assert "The results that move across the grid (rows) at each point (columns)." in html
    assert (
        '<tr class="axis-row"><th scope="row">Cars in the batch <span class="note">vehicles'
        '</span></th><td class="num"><b>3</b></td>'
    ) in html
    assert re.search(
        r'<tr><th scope="row">Revenue of the batch <span class="note">CNY</span></th>'
        r'<td class="num">300</td><td class="num">600</td>',
        html,
    )
    assert html.count('aria-label="open the report at point') == 4
