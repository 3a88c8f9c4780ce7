"""Worlds resolved before any kernel starts: the upstream graph, world scenario files, the
parameters each report gets, and the one-line errors (exit 2) for bad ones.

On the fixture reports: tiny_brief reads tiny_sales and tiny_costs, which share the
quantity ``cars``; bad input is also checked against the real reports' names.
"""

from pathlib import Path

import pytest

from hyesan_analysis.cli import main
from hyesan_analysis.reporting.authoring import registry
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import requests, world
from tests.fixtures import ALL
from tests.test_cli import tree_hashes

pytestmark = pytest.mark.usefixtures("fixture_reports")


def write(tmp_path: Path, text: str, name: str = "world.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


FOUR_CARS = "name: four_cars\ntitle: Four cars\nrationale: One more car.\nparameters:\n  cars: 4\n"


def test_graph_order_puts_each_report_after_what_it_reads() -> None:
    assert world.graph_order(["tiny_brief", "tiny_costs", "tiny_sales"]) == list(ALL)
    assert world.with_upstream(["tiny_brief"]) == list(ALL)
    assert world.with_upstream(["tiny_costs"]) == ["tiny_costs"]
    assert world.with_downstream(["tiny_costs"]) == {"tiny_costs", "tiny_brief"}


def test_a_cycle_is_refused(fixture_reports: Path) -> None:
    spec = fixture_reports / "tiny_sales.py"
    spec.write_text(
        spec.read_text().replace(
            "    order=1001,", '    upstream=("tiny_brief",),\n    order=1001,'
        )
    )
    registry.refresh()
    with pytest.raises(ParameterError, match="cycle: tiny_sales -> tiny_brief -> tiny_sales"):
        world.with_upstream(["tiny_brief"])


def test_a_world_builds_the_reports_it_touches_and_what_they_read() -> None:
    assert world.world_reports({"cars": 4}) == list(ALL)
    # tiny_costs alone declares cost_cny; the brief reads it, and the brief reads tiny_sales
    assert world.world_reports({"cost_cny": 50.0}) == list(ALL)
    assert world.world_reports({"revenue_cny": 10.0}) == list(ALL)
    shipped = world.world_reports({})
    assert set(ALL) < set(shipped) and "summary" in shipped, "nothing set: every report"
    assert shipped.index("summary") > shipped.index("car_unit_economics")


def test_each_report_gets_exactly_the_world_parameters_it_declares(tmp_path: Path) -> None:
    the_world = world.resolve_world(scenario_file=write(tmp_path, FOUR_CARS))
    assert (the_world.name, the_world.kind, the_world.title) == (
        "four_cars",
        world.KIND_WORLD,
        "Four cars",
    )
    batch = requests.world_requests(the_world, world.world_reports(the_world.settings))
    assert [(r.report, r.scenario) for r in batch] == [(n, "four_cars") for n in ALL]
    params = {r.report: r.parameters for r in batch}
    assert params == {
        "tiny_sales": {"cars": 4, "price_cny": 100.0},
        "tiny_costs": {"cars": 4, "cost_cny": 40.0},
        "tiny_brief": {"revenue_cny": None},
    }
    assert {r.report: r.differing for r in batch}["tiny_brief"] == {}
    assert all(r.world_kind == world.KIND_WORLD and r.scenario_rationale for r in batch)


def test_a_run_is_a_world_for_the_report_and_what_it_reads() -> None:
    batch = requests.resolve_with_upstream("tiny_brief", ["price_cny=200", "cars=5"])
    assert [r.report for r in batch] == list(ALL), "the report last"
    names = {r.scenario for r in batch}
    assert len(names) == 1
    # the same values name the same world, whichever report asked for them
    assert names == {requests.resolve("tiny_sales", ["cars=5", "price_cny=200"]).scenario}
    assert names.pop().startswith("cars=5,price_cny=200-"), "registry order, not flag order"
    assert batch[0].parameters == {"cars": 5, "price_cny": 200.0}
    assert batch[1].parameters == {"cars": 5, "cost_cny": 40.0}
    assert requests.resolve("tiny_brief").scenario == "default"
    # a value equal to the default changes nothing
    assert requests.resolve("tiny_brief", ["cars=3"]).scenario == "default"


def test_a_report_scenario_with_flags_names_only_what_the_flags_change(tmp_path: Path) -> None:
    path = write(tmp_path, "report: tiny_sales\nname: dear\nparameters:\n  price_cny: 150\n")
    assert requests.resolve("tiny_sales", scenario_file=path).scenario == "dear"
    assert requests.resolve("tiny_sales", ["price_cny=150"], path).scenario == "dear"
    assert requests.resolve("tiny_sales", ["cars=6"], path).scenario.startswith("dear+cars=6-")
    with pytest.raises(ParameterError, match="scenario is for report 'tiny_sales', not"):
        requests.resolve("tiny_costs", scenario_file=path)


def test_a_world_file_serves_a_run_of_one_report(tmp_path: Path) -> None:
    path = write(tmp_path, FOUR_CARS + "  cost_cny: 50\n")
    sales = requests.resolve("tiny_sales", scenario_file=path)
    assert (sales.scenario, sales.parameters) == ("four_cars", {"cars": 4, "price_cny": 100.0})
    assert requests.resolve("tiny_sales", ["price_cny=120"], path).scenario.startswith(
        "four_cars+price_cny=120-"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-p", "pricecny=1"],
            "unknown parameter 'pricecny': neither 'tiny_brief' nor a report "
            "it reads declares it; did you mean 'price_cny'?",
        ),
        (["-p", "cars=0"], "parameter 'cars': expected an integer between 1 and 100"),
        (["-p", "revenue_cny=lots"], "parameter 'revenue_cny': expected a number"),
    ],
)
def test_bad_run_flags_name_the_closest_parameter_of_the_report_and_its_upstream(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", "tiny_brief", *args, "--output-dir", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "r").exists()


def test_a_report_without_upstream_keeps_its_own_message() -> None:
    with pytest.raises(ParameterError) as info:
        requests.resolve("tiny_costs", ["price_cny=1"])
    assert str(info.value) == "unknown parameter 'price_cny' (known: cars, cost_cny)"


WORLD_ERRORS = [
    (
        "name: w\nparameters:\n  carz: 4\n",
        ":3: unknown parameter 'carz': no report declares it; did you mean 'cars'?",
    ),
    # the closest name across every report, the real ones too
    ("name: w\nparameters:\n  waku_price_cn: 3\n", "did you mean 'waku_price_cny'?"),
    ("name: w\nparameters:\n  cars: 300\n", ":3: parameter 'cars': expected an integer between"),
    ("name: w\nparameters:\n  cars: 4.5\n", "parameter 'cars': expected an integer"),
    ("name: w\nparameters:\n  revenue_cny: .nan\n", "expected a finite number"),
    # each declaring report's rules, before any kernel
    ("name: w\nparameters:\n  waku_price_cny: 90000\n", "report car_unit_economics: parameters"),
    ("name: default\nparameters: {}\n", "scenario name 'default'"),
    ("name: W w\n", "scenario name 'W w'"),
    ("report: 3\nname: w\n", ":1: 'report' must be a report name"),
    ("name: w\nparameters: !!python/object/apply:os.system [echo]\n", "malformed YAML"),
    ("name: w\nparamters: {}\n", ":2: unknown key 'paramters'"),
    ("name: w\ntitle: [a]\n", "'title' must be a string"),
    ("name: w\nrationale: " + "x" * 3000 + "\n", "'rationale' of 3,000 characters"),
    ("name: w\nparameters:\n" + "  cars: 4\n" * 30000, "bytes; at most 65,536"),
]


@pytest.mark.parametrize(("text", "message"), WORLD_ERRORS)
def test_bad_world_files_exit_2_in_one_line_before_anything_is_written(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    (root / "tiny_sales" / "default").mkdir(parents=True)
    (root / "tiny_sales" / "default" / "report.html").write_text("previous good report")
    before = tree_hashes(root)
    path = write(tmp_path, text)
    code = main(["build", "--scenario", str(path), "--no-pdf", "--output-dir", str(root)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err and str(path) in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert tree_hashes(root) == before


def test_build_flags_may_set_any_reports_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-p", "carz=4"]) == 2
    assert "unknown parameter 'carz': no report declares it; did you mean 'cars'?" in (
        capsys.readouterr().err
    )


def test_list_and_help_mark_shared_and_optional_parameters_and_name_upstream(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "  cars " in out and "[assumed; shared: one quantity for every report]" in out
    with pytest.raises(SystemExit) as done:  # argparse's own help exits 0
        main(["run", "tiny_brief", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "[assumed; optional: none: from the upstream report]" in out
    assert "upstream reports: tiny_sales, tiny_costs (their results in the same world" in out
    assert "-p also sets their parameters: cars, price_cny, cost_cny" in out
    with pytest.raises(SystemExit) as done:
        main(["run", "tiny_costs", "--help"])
    assert done.value.code == 0
    assert "upstream reports" not in capsys.readouterr().out
