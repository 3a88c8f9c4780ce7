"""Sweeps: validation before any kernel, one folder per point, comparison report, Dask."""

import json
from pathlib import Path

import pytest

from hyesan_analysis.cli import main
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import sweep


def test_grid_values_are_parsed_by_type_and_multiplied() -> None:
    s = sweep.from_cli(
        "car_unit_economics", ["waku_price_cny=20000,25000", "inspection_days=5,6,7"]
    )
    assert len(s.points()) == 6
    assert s.points()[0] == {"waku_price_cny": 20000.0, "inspection_days": 5}
    names = [r.scenario for r in sweep.requests_for(s)]
    assert len(set(names)) == 6, "collision-free folders"


@pytest.mark.parametrize(
    ("grids", "fragment"),
    [
        (["waku_price=1,2"], "unknown parameter 'waku_price'; did you mean 'waku_price_cny'"),
        (["waku_price_cny=1,abc"], "parameter 'waku_price_cny': expected a number"),
        (["waku_price_cny=20000,90000"], "sweep point waku_price_cny=90000.0"),
        (["waku_price_cny"], "expected NAME=V1,V2"),
        ([], "at least one --grid"),
    ],
)
def test_bad_grids_fail_before_any_kernel(grids: list[str], fragment: str) -> None:
    with pytest.raises(ParameterError) as info:
        sweep.from_cli("car_unit_economics", grids)
    assert fragment in str(info.value)


def test_sweep_yaml(tmp_path: Path) -> None:
    path = tmp_path / "sweep.yaml"
    path.write_text(
        "report: car_unit_economics\nname: waku_grid\nparameters:\n"
        "  sale_price_cny: 85000\ngrid:\n  waku_price_cny: [20000, 30000]\n"
    )
    s = sweep.from_yaml(path)
    assert s.name == "waku_grid" and s.base == {"sale_price_cny": 85000.0}
    assert [r.parameters["sale_price_cny"] for r in sweep.requests_for(s)] == [85000.0] * 2
    path.write_text("report: car_unit_economics\nname: g\ngrid:\n  waku_price_cny: 3\n")
    with pytest.raises(ParameterError, match="non-empty list"):
        sweep.from_yaml(path)


def test_cli_sweep_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "reports"
    code = main(["sweep", "car_unit_economics", "--grid", "waku_pric=1", "--output-dir", str(root)])
    assert code == 2
    assert "did you mean 'waku_price_cny'" in capsys.readouterr().err
    assert not root.exists()


@pytest.mark.notebook
def test_sweep_runs_points_and_writes_a_comparison(fixture_reports: Path, tmp_path: Path) -> None:
    s = sweep.from_cli("tiny_sales", ["price_cny=100,200"])
    outcomes, folder = sweep.run_sweep(s, tmp_path, jobs=1, force=False, pdf=False)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert outcomes[0].scenario == "default" and outcomes[1].scenario.startswith("price_cny=200-")
    revenues = [
        json.loads((tmp_path / "tiny_sales" / o.scenario / "results.json").read_text())["results"][
            "revenue_cny"
        ]["value"]
        for o in outcomes
    ]
    assert revenues == [300.0, 600.0]
    assert folder == tmp_path / "_sweeps" / f"tiny_sales--{s.name}"
    assert (folder / "comparison.html").is_file()
    assert not (folder / "comparison.pdf").exists(), "no PDF without pdf (--no-pdf)"
    assert (folder / "points.csv").read_text().splitlines() == [
        "price_cny,scenario,status,revenue_cny,waku_cny",
        "100.0,default,ok,300.0,25000.0",
        f"200.0,{outcomes[1].scenario},ok,600.0,25000.0",
    ]
    page = (folder / "comparison.html").read_text()
    assert (
        "2 runs of <b>Tiny sales: what three cars sell for</b> over "
        "Sale price of one car (100 CNY, 200 CNY)." in page
    )
    assert "<b>The same at every point:</b> waku cny: 25,000 CNY per vehicle." in page
    assert f'href="../../tiny_sales/{outcomes[1].scenario}/report.html">open</a>' in page
    assert page.count('<img alt="') == 1, "a chart for the one result that moves"
    assert 'href="comparison.pdf"' not in page
    assert "<script" not in page and 'src="http' not in page
    # a second sweep is answered from the cache
    again, _ = sweep.run_sweep(s, tmp_path, jobs=1, force=False, pdf=False)
    assert [o.status for o in again] == ["up to date", "up to date"], [o.reasons for o in again]
    assert f"_sweeps/tiny_sales--{s.name}/comparison.html" in (tmp_path / "index.html").read_text()


@pytest.mark.notebook
def test_the_same_sweep_runs_on_a_dask_cluster(fixture_reports: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    s = sweep.from_cli("tiny_sales", ["price_cny=100,200"])
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        # the address, as `hyesan-report sweep --scheduler ADDRESS` passes it; the workers
        # inherit HYESAN_EXTRA_REPORTS, so they find the fixture reports
        outcomes, _ = sweep.run_sweep(
            s, tmp_path, jobs=None, force=False, pdf=False, scheduler=cluster.scheduler_address
        )
    assert [o.status for o in outcomes] == ["ok", "ok"]
    revenue = json.loads(
        (tmp_path / "tiny_sales" / outcomes[1].scenario / "results.json").read_text()
    )["results"]["revenue_cny"]["value"]
    assert revenue == 600.0


def test_shipped_sweep_files_validate() -> None:
    files = sorted((Path(__file__).resolve().parent.parent / "scenarios" / "sweeps").glob("*.yaml"))
    assert files
    for path in files:
        s = sweep.from_yaml(path)
        assert len(s.points()) > 1


@pytest.mark.notebook
def test_a_sweep_of_a_report_that_reads_others_builds_them_at_each_point(
    fixture_reports: Path, tmp_path: Path
) -> None:
    """A sweep naming a report may sweep a parameter of a report it reads: each point is a
    world for the report and what it reads; the comparison is that report's."""
    s = sweep.from_cli("tiny_brief", ["price_cny=100,200"])
    assert s.reports() == ["tiny_sales", "tiny_costs", "tiny_brief"]
    outcomes, folder = sweep.run_sweep(s, tmp_path, jobs=1, force=False, pdf=False)
    assert [o.report for o in outcomes] == ["tiny_brief", "tiny_brief"]
    assert [o.status for o in outcomes] == ["ok", "ok"], [o.message for o in outcomes]
    world = outcomes[1].scenario
    assert world.startswith("price_cny=200-")
    for name in ("tiny_sales", "tiny_costs"):
        assert (tmp_path / name / world / "results.json").is_file(), name
    assert folder == tmp_path / "_sweeps" / f"tiny_brief--{s.name}"
    assert (folder / "points.csv").read_text().splitlines() == [
        "price_cny,scenario,status,margin_cny",
        "100.0,default,ok,180.0",
        f"200.0,{world},ok,480.0",
    ]
    page = (folder / "comparison.html").read_text()
    assert (
        '<th scope="col">Sale price of one car<br><span class="note">CNY per vehicle</span>' in page
    )
    assert json.loads((folder / "sweep.json").read_text())["kind"] == "report"


def test_a_world_sweep_names_the_closest_parameter_of_any_report() -> None:
    with pytest.raises(
        ParameterError, match="no report declares it; did you mean 'waku_price_cny'"
    ):
        sweep.from_cli(None, ["waku_price_cn=1,2"])
    with pytest.raises(ParameterError, match=r"value 20000\.0 given twice"):
        sweep.from_cli(None, ["waku_price_cny=20000,20000.0"])


def test_a_world_sweep_is_bounded() -> None:
    values = ",".join(str(20000 + i) for i in range(sweep.MAX_WORLD_POINTS + 1))
    with pytest.raises(ParameterError, match="a world sweep builds every report at each point"):
        sweep.from_cli(None, [f"waku_price_cny={values}"])
