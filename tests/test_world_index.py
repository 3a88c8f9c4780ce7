"""The index grouped by world, and a world sweep's comparison page, rendered from files
on disk without kernels."""

import json
import re
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.rendering import comparison, index
from tests.fixtures import ALL
from tests.test_engine_pages import NASTY, offline, write_report

pytestmark = pytest.mark.usefixtures("fixture_reports")


def manifest(report: str, world: str, kind: str, changed: dict, margin: float) -> dict:
    return {
        "title": get_report(report).title,
        "scenario_title": "Four cars a batch" if world == "four_cars" else "",
        "world": {"name": world, "kind": kind},
        "parameters_changed": changed,
        "results": {"margin_cny": {"value": margin, "unit": "CNY", "label": ""}},
        "status": "ok",
        "finished": "2025-03-04 05:06:07 UTC",
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Four worlds: the default, a world scenario, a world-sweep point, a `-p` run."""
    files = ("report.html", "results.json")
    for name in ALL:
        write_report(
            tmp_path, name, "default", manifest(name, "default", "default", {}, 180.0), files
        )
        changed = {} if name == "tiny_brief" else {"cars": 4}
        write_report(
            tmp_path,
            name,
            "four_cars",
            manifest(name, "four_cars", "world scenario", changed, 240.0),
            files,
        )
        changed = {} if name == "tiny_brief" else {"cars": 6}
        write_report(
            tmp_path, name, "cars=6-abc", manifest(name, "cars=6-abc", "parameters", changed, 360.0)
        )
    write_report(
        tmp_path,
        "tiny_sales",
        "price_cny=200-def",
        manifest("tiny_sales", "price_cny=200-def", "parameters", {"price_cny": 200.0}, 0.0),
    )
    folder = tmp_path / "_sweeps" / "world--cars"
    folder.mkdir(parents=True)
    (folder / "comparison.html").write_text("x")
    (folder / "sweep.json").write_text(
        json.dumps(
            {
                "kind": "world",
                "name": "cars",
                "axes": {"cars": [3, 6]},
                "points": [
                    {"values": {"cars": 3}, "world": "default"},
                    {"values": {"cars": 6}, "world": "cars=6-abc"},
                ],
            }
        )
    )
    single = tmp_path / "_sweeps" / "tiny_sales--grid"
    single.mkdir()
    (single / "comparison.html").write_text("x")
    return tmp_path


def test_the_index_groups_reports_by_world_in_reading_order(root: Path) -> None:
    groups = index.groups(root)
    assert [(g["world"], g["category"]) for g in groups] == [
        ("default", "default"),
        ("four_cars", "world"),
        ("cars=6-abc", "sweep"),
        ("price_cny=200-def", "other"),
    ]
    assert [[r["report"] for r in g["rows"]] for g in groups] == [
        list(ALL),
        list(ALL),
        list(ALL),
        ["tiny_sales"],
    ]
    four = groups[1]
    assert four["title"] == "Four cars a batch"
    assert four["settings"] == [
        {"name": "cars", "text": "Cars in the batch 4 vehicles", "default": "3 vehicles"}
    ]
    point = groups[2]
    assert point["sweeps"] == [
        {
            "name": "world--cars",
            "title": "Cars in the batch",
            "href": "_sweeps/world--cars",
            "point": "Cars in the batch 6 vehicles",
        }
    ]


def test_the_index_page_shows_each_world_with_its_reports_and_figures(root: Path) -> None:
    html = index.render(root)
    offline(html)
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings == [
        "The default world",
        "World scenarios",
        "World sweeps: one world per point",
        "Other scenarios and parameter sets",
        "Sweeps",
    ]
    sections = re.findall(r'<section class="world" id="world-([^"]+)"', html)
    assert sections == ["default", "four_cars", "cars=6-abc", "price_cny=200-def"]
    four = html[html.index('id="world-four_cars"') : html.index('id="world-cars=6-abc"')]
    assert re.search(
        r'<h3 id="[^"]+">Four cars a batch <span class="muted">four_cars</span></h3>', four
    )
    assert "world scenario: Cars in the batch 4 vehicles" in four and "3 reports" in four
    assert (
        '<span class="setting">Cars in the batch 4 vehicles</span> '
        '<span class="muted">(default 3 vehicles)</span>'
    ) in four
    assert four.count("<li>margin_cny: <b>240 CNY</b></li>") == 3
    assert '<a href="tiny_brief/four_cars/report.html">HTML</a>' in four
    point = html[html.index('id="world-cars=6-abc"') : html.index('id="world-price_cny')]
    assert (
        "point Cars in the batch 6 vehicles of sweep "
        '<a href="_sweeps/world--cars/comparison.html">Cars in the batch</a>'
    ) in point
    assert (
        '<a href="_sweeps/world--cars/comparison.html">Cars in the batch</a> '
        '<span class="muted">(world--cars: every report, 2 worlds)</span>'
    ) in html
    assert '<a href="_sweeps/tiny_sales--grid/comparison.html">tiny_sales--grid</a>' in html


def test_the_world_comparison_page_has_a_table_per_report(tmp_path: Path) -> None:
    specs = {name: get_report(name) for name in ALL}
    tables = {
        "tiny_sales": [
            comparison.GridPoint(
                {"cars": 3}, "default", "ok", {"revenue_cny": 300.0, "waku_cny": 25000.0}
            ),
            comparison.GridPoint({"cars": 6}, "cars=6-x", "failed"),
        ],
        "tiny_costs": [
            comparison.GridPoint(
                {"cars": 3}, "default", "ok", {"cost_cny": 120.0}, {"cost_cny": "Cost of the batch"}
            ),
            comparison.GridPoint({"cars": 6}, "cars=6-x", "ok", {"cost_cny": 240.0}),
        ],
        "tiny_brief": [
            comparison.GridPoint({"cars": 3}, "default", "ok", {"margin_cny": 180.0}),
            comparison.GridPoint({"cars": 6}, "cars=6-x", "failed"),
        ],
    }
    page = comparison.render_world_comparison(
        specs,
        tables,
        name="cars",
        title=NASTY,
        rationale="Why batches grow.",
        axes={"cars": [3, 6]},
        base={"price_cny": 120.0},
        run_date="2025-03-04 05:06:07 UTC",
    )
    offline(page)
    assert "<script" not in page and NASTY not in page
    assert (
        "2 worlds over Cars in the batch (3 vehicles, 6 vehicles); "
        "fixed: Sale price of one car 120 CNY."
    ) in page
    assert '<td class="num">1</td><td>Cars in the batch 3 vehicles</td><td>default</td>' in page
    assert (
        '<tr><td>Cost of the batch</td><td>CNY</td><td class="num">120</td>'
        '<td class="num">240</td></tr>'
    ) in page, "a result under its label"
    assert (
        "<b>The same at every point that ran:</b> revenue cny: 300 CNY; waku cny: 25,000 CNY per vehicle."
    ) in page, "results that do not move are listed once, in a line"
    assert "No result of this report changes across the grid (1 failed)." in page
    assert '<a href="../../tiny_costs/cars=6-x/report.html">2</a>' in page
    assert page.count('<img alt="') == 1, "a chart only for what moves"
    assert "Line chart of Cost of the batch (CNY) against Cars in the batch" in page

    path = tmp_path / "points.csv"
    comparison.write_world_points_csv(path, ["cars"], specs, tables)
    lines = path.read_text().splitlines()
    assert lines[0] == "cars,world,report,status,result,unit,value"
    assert "6,cars=6-x,tiny_sales,failed,revenue_cny,CNY," in lines
    assert "6,cars=6-x,tiny_costs,ok,cost_cny,CNY,240.0" in lines
    assert len(lines) == 1 + 2 * (2 + 1 + 1)
