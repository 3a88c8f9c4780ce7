"""World builds of the fixture reports through the CLI: `build --scenario`, the re-run
reasons that name an upstream figure, `run` building missing upstream reports first, the
world reaching the kernel, and world sweeps with their one comparison.

tiny_sales and tiny_costs share the quantity ``cars`` (3 by default); tiny_brief reads
both: margin = cars x (price_cny - cost_cny), 3 x (100 - 40) = 180 CNY by default.
"""

import contextlib
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hyesan_analysis.cli import main
from hyesan_analysis.reporting.engine import requests, sweep
from tests.fixtures import ALL

pytestmark = pytest.mark.notebook


def cli(*argv: str) -> tuple[int, list[str]]:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = main(list(argv))
    return code, output.getvalue().splitlines()


def folder_hashes(root: Path, world: str) -> dict[str, str]:
    """Every file (and the link) of each report's folder in ``world``, by path."""
    out = {}
    for name in ALL:
        link = root / name / world
        out[f"{name}/{world} ->"] = str(link.readlink())
        for path in sorted(link.resolve().iterdir()):
            out[f"{name}/{world}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def result(root: Path, report: str, world: str, key: str) -> float:
    doc = json.loads((root / report / world / "results.json").read_text())
    value: float = doc["results"][key]["value"]
    return value


@pytest.fixture(scope="module")
def worlds(
    module_fixture_reports: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The default world, then world `four_cars` built twice (4 cars, then 5 cars), then
    once more with nothing changed; the outputs and the default world's hashes between."""
    root = tmp_path_factory.mktemp("reports")
    scenario = tmp_path_factory.mktemp("scenarios") / "four_cars.yaml"
    scenario.write_text(
        "name: four_cars\ntitle: Four cars a batch\nrationale: One more car in every batch.\n"
        "parameters:\n  cars: 4\n"
    )
    out: dict[str, Any] = {"root": root, "scenario": scenario}
    out["default"] = cli("build", *ALL, "--jobs", "2", "--output-dir", str(root))
    out["default_hashes"] = folder_hashes(root, "default")
    argv = ("build", "--scenario", str(scenario), "--jobs", "2", "--output-dir", str(root))
    out["four"] = cli(*argv)
    out["four_results"] = {
        (name, key): result(root, name, "four_cars", key)
        for name, key in (
            ("tiny_sales", "revenue_cny"),
            ("tiny_costs", "cost_cny"),
            ("tiny_brief", "margin_cny"),
        )
    }
    scenario.write_text(scenario.read_text().replace("cars: 4", "cars: 5"))
    out["five"] = cli(*argv)
    out["again"] = cli(*argv)
    return out


def test_build_scenario_builds_every_report_of_the_world_into_its_folder(
    worlds: dict[str, Any],
) -> None:
    code, lines = worlds["four"]
    assert code == 0, lines
    root = worlds["root"]
    assert lines[-1] == (
        f"3 reports in world four_cars: 3 built, 0 up to date, 0 failed; "
        f"index: {root / 'index.html'}"
    )
    assert worlds["four_results"] == {
        ("tiny_sales", "revenue_cny"): 4 * 100.0,
        ("tiny_costs", "cost_cny"): 4 * 40.0,
        ("tiny_brief", "margin_cny"): 4 * (100.0 - 40.0),
    }
    last = next(line for line in lines if line.startswith("[3/3]"))
    assert last.startswith("[3/3] tiny_brief/four_cars"), "published after what it reads"


def test_the_manifests_record_the_world_shared_parameters_and_upstream_figures(
    worlds: dict[str, Any],
) -> None:
    root = worlds["root"]

    def manifest(report: str) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(
            (root / report / "four_cars" / "manifest.json").read_text()
        )
        return doc

    sales, brief = manifest("tiny_sales"), manifest("tiny_brief")
    assert {k: sales["world"][k] for k in ("name", "kind")} == {
        "name": "four_cars",
        "kind": "world scenario",
    }
    # every report of the world records the world's shared quantities, declared or not
    assert sales["world"]["shared_quantities"]["cars"] == 5
    assert brief["world"]["shared_quantities"]["cars"] == 5
    assert sales["shared_parameters"] == {"cars": 5}
    assert sales["parameters_changed"] == {"cars": 5}
    assert sales["scenario_title"] == "Four cars a batch"
    assert brief["shared_parameters"] == {} and brief["parameters"] == {"revenue_cny": None}
    assert brief["upstream"]["tiny_sales"]["world"] == "four_cars"
    assert brief["upstream"]["tiny_sales"]["results"]["revenue_cny"]["value"] == 500.0
    assert brief["upstream"]["tiny_sales"]["used"] == ["revenue_cny"]
    assert brief["upstream"]["tiny_costs"]["results"]["cost_cny"]["value"] == 200.0


def test_the_world_reaches_the_kernel(worlds: dict[str, Any]) -> None:
    root = worlds["root"]
    html = (root / "tiny_brief" / "four_cars" / "report.html").read_text()
    assert "The margin is <strong>300 CNY</strong> in world <code>four_cars</code>." in html
    default = (root / "tiny_brief" / "default" / "report.html").read_text()
    assert "in world <code>default</code>." in default
    executed = json.loads((root / "tiny_brief" / "four_cars" / "executed.ipynb").read_text())
    injected = next(
        c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
    )
    source = "".join(injected["source"])
    assert source.splitlines()[0] == (
        "# Parameters injected by hyesan-report (validated against the report's schema)"
    )
    assert "_hyesan_world = 'four_cars'" in source


def test_a_changed_world_reruns_downstream_naming_the_upstream_results(
    worlds: dict[str, Any],
) -> None:
    code, lines = worlds["five"]
    assert code == 0, lines
    queued = {line.split(":", 1)[0]: line.split(": ", 1)[1] for line in lines if "queued" in line}
    assert queued["tiny_sales/four_cars"] == "queued (parameters changed)"
    assert queued["tiny_costs/four_cars"] == "queued (parameters changed)"
    assert queued["tiny_brief/four_cars"] == (
        "queued (upstream result tiny_costs.cost_cny changed (160 CNY -> 200 CNY); "
        "upstream result tiny_sales.revenue_cny changed (400 CNY -> 500 CNY))"
    )
    manifest = json.loads((worlds["root"] / "tiny_brief/four_cars/manifest.json").read_text())
    assert manifest["rerun_reasons"] == [
        "upstream result tiny_costs.cost_cny changed (160 CNY -> 200 CNY)",
        "upstream result tiny_sales.revenue_cny changed (400 CNY -> 500 CNY)",
    ]
    assert result(worlds["root"], "tiny_brief", "four_cars", "margin_cny") == 5 * 60.0


def test_an_unchanged_world_is_up_to_date(worlds: dict[str, Any]) -> None:
    code, lines = worlds["again"]
    assert code == 0
    assert [re.sub(r"^\[\d/3\] ", "", line) for line in lines[:3]] == [
        f"{name}/four_cars: up to date" for name in ALL
    ]


def test_building_a_world_leaves_the_default_world_byte_identical(
    worlds: dict[str, Any],
) -> None:
    assert worlds["default"][0] == 0
    assert folder_hashes(worlds["root"], "default") == worlds["default_hashes"]


def test_run_builds_missing_upstream_reports_first_in_its_world(
    module_fixture_reports: Path, tmp_path: Path
) -> None:
    root = str(tmp_path)
    code, lines = cli("run", "tiny_brief", "-p", "price_cny=200", "--no-pdf", "--output-dir", root)
    assert code == 0, lines
    name = requests.resolve("tiny_brief", ["price_cny=200"]).scenario
    assert name.startswith("price_cny=200-")
    finished = [re.sub(r": ok in .*", "", line) for line in lines if line.startswith("[")]
    assert finished[-1] == f"[3/3] tiny_brief/{name}", "the report after what it reads"
    assert sorted(f.split("] ", 1)[1] for f in finished[:2]) == [
        f"tiny_costs/{name}",
        f"tiny_sales/{name}",
    ]
    assert result(tmp_path, "tiny_brief", name, "margin_cny") == 3 * (200.0 - 40.0)
    assert result(tmp_path, "tiny_costs", name, "cost_cny") == 120.0, "defaults, in the world"
    # the same values from the upstream report's side: the same folder, up to date
    code, lines = cli("run", "tiny_sales", "-p", "price_cny=200", "--no-pdf", "--output-dir", root)
    assert (code, lines) == (0, [f"[1/1] tiny_sales/{name}: up to date"])
    # a stale upstream report is rebuilt; its figures did not change, so the brief is not
    notebook = module_fixture_reports / "tiny_costs.ipynb"
    original = notebook.read_bytes()
    notebook.write_text(original.decode().replace("What three cars cost.", "What cars cost."))
    try:
        code, lines = cli(
            "run", "tiny_brief", "-p", "price_cny=200", "--no-pdf", "--output-dir", root
        )
    finally:
        notebook.write_bytes(original)
    assert code == 0, lines
    assert any(
        re.fullmatch(rf"tiny_costs/{re.escape(name)}: (running|queued) \(notebook changed\)", line)
        for line in lines
    ), lines
    assert any(
        re.fullmatch(rf"\[\d/3\] tiny_brief/{re.escape(name)}: up to date", line) for line in lines
    )
    assert not any(line.startswith(f"tiny_brief/{name}: ") for line in lines)


def test_a_world_sweep_builds_every_report_per_point_and_compares_them(
    worlds: dict[str, Any],
) -> None:
    root = worlds["root"]
    code, lines = cli("sweep", "--grid", "cars=3,6", "--no-pdf", "--output-dir", str(root))
    assert code == 0, lines
    s = sweep.from_cli(None, ["cars=3,6"])
    point = s.worlds()[1].name
    assert [w.name for w in s.worlds()] == ["default", point] and point.startswith("cars=6-")
    assert lines[-1] == (
        f"sweep {s.name}: 2 points x 3 reports, 0 failed; "
        f"comparison: {root}/_sweeps/world--{s.name}/comparison.html"
    )
    # the point at the defaults is the default world, up to date from the first build
    assert [line for line in lines if line.endswith("/default: up to date")] == [
        line for line in lines if "/default" in line
    ]
    assert len([line for line in lines if "/default: up to date" in line]) == 3
    assert result(root, "tiny_brief", point, "margin_cny") == 6 * 60.0
    folder = root / "_sweeps" / f"world--{s.name}"
    csv = (folder / "points.csv").read_text().splitlines()
    assert csv[0] == "cars,world,report,status,result,unit,value"
    assert "3,default,tiny_brief,up to date,margin_cny,CNY,180.0" in csv
    assert f"6,{point},tiny_brief,ok,margin_cny,CNY,360.0" in csv
    assert f"6,{point},tiny_sales,ok,waku_cny,CNY per vehicle,25000.0" in csv
    page = (folder / "comparison.html").read_text()
    for name in ALL:
        assert f'href="../../{name}/{point}/report.html">2</a>' in page, name
        assert f'id="report-{name}"' in page
    assert "<tr><td>margin cny</td>" in page, "a result that moves is in its report's table"
    assert "<b>The same at every point:</b> waku cny: 25,000 CNY per vehicle." in page
    assert "<td>waku cny</td>" not in page, "one that does not move is said once, not tabled"
    assert page.count('<img alt="') == 3, "one chart per result that moves"
    assert "<script" not in page and 'src="http' not in page
    doc = json.loads((folder / "sweep.json").read_text())
    assert doc["kind"] == "world" and doc["reports"] == list(ALL)
    assert doc["points"] == [
        {"values": {"cars": 3}, "world": "default"},
        {"values": {"cars": 6}, "world": point},
    ]
    index = (root / "index.html").read_text()
    assert f'href="_sweeps/world--{s.name}/comparison.html"' in index
    assert f'id="world-{point}"' in index
    assert set(doc["cache_keys"]) == {f"{n}/{w}" for n in ALL for w in ("default", point)}
    # a second sweep comes from the cache, and keeps the comparison made from the same runs
    before = folder.readlink()
    code, lines = cli("sweep", "--grid", "cars=3,6", "--no-pdf", "--output-dir", str(root))
    assert code == 0 and sum("up to date" in line for line in lines) == 6, lines
    assert folder.readlink() == before


def test_a_world_sweep_file_is_the_same_sweep(tmp_path: Path, module_fixture_reports: Path) -> None:
    path = tmp_path / "cars.yaml"
    path.write_text(
        "name: cars\ntitle: Batch size\nparameters:\n  price_cny: 120\ngrid:\n  cars: [3, 6]\n"
    )
    s = sweep.from_yaml(path)
    assert s.is_world and s.folder == "world--cars" and s.base == {"price_cny": 120.0}
    assert s.axes == sweep.from_cli(None, ["cars=3,6"]).axes
    assert [r.parameters for r in sweep.requests_for(s) if r.report == "tiny_sales"] == [
        {"cars": 3, "price_cny": 120.0},
        {"cars": 6, "price_cny": 120.0},
    ]
    path.write_text("name: cars\ngrid:\n  carz: [3, 6]\n")
    with pytest.raises(Exception, match=r":3: grid: unknown parameter 'carz'.*did you mean 'cars'"):
        sweep.from_yaml(path)
