"""Scenario files: safe YAML, errors with file and line, collision-free folder names."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.reporting.authoring.scenario import derived_name, load_scenario
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine.runner import resolve

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_scenarios_all_resolve() -> None:
    files = sorted((REPO / "scenarios").glob("*.yaml"))
    assert files, "scenarios/ ships named scenarios"
    for path in files:
        scenario = load_scenario(path)
        assert scenario.rationale, f"{path.name} explains why it exists"
        request = resolve(scenario.report, scenario_file=path)
        assert request.scenario == scenario.name


def test_flags_override_the_file_and_name_the_difference(tmp_path: Path) -> None:
    path = write(
        tmp_path, "report: car_unit_economics\nname: high\nparameters:\n  waku_price_cny: 30000\n"
    )
    request = resolve("car_unit_economics", ["waku_price_cny=28000"], path)
    assert request.parameters["waku_price_cny"] == 28000.0
    assert request.scenario.startswith("high+waku_price_cny=28000-")
    same = resolve("car_unit_economics", ["waku_price_cny=30000"], path)
    assert same.scenario == "high"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty scenario file"),
        ("report: [unclosed\n", "malformed YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("report: car_unit_economics\nname: x\nparamters: {}\n", ":3: unknown key 'paramters'"),
        ("report: car_unit_economics\nname: Bad Name\n", "scenario name 'Bad Name'"),
        (
            "report: car_unit_economics\nname: x\nparameters:\n  waku_price_cny: 30000\n"
            "  wakku: 1\n",
            ":5: unknown parameter 'wakku'",
        ),
        (
            "report: car_unit_economics\nname: x\nparameters:\n  waku_price_cny: cheap\n",
            ":4: parameter 'waku_price_cny'",
        ),
        (
            "report: car_unit_economics\nname: x\nparameters:\n  waku_price_cny: .nan\n",
            "expected a finite number",
        ),
        ("report: inequality\nname: x\n", "scenario is for report 'inequality'"),
        ("report: car_unit_economics\nname: x\nparameters: 3\n", "must be a mapping"),
        (
            "report: car_unit_economics\nname: x\nparameters: !!python/object:os.system {}\n",
            "malformed YAML",
        ),
    ],
)
def test_bad_scenarios_name_file_and_line(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ParameterError) as info:
        resolve("car_unit_economics", scenario_file=path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="not found"):
        resolve("car_unit_economics", scenario_file=tmp_path / "nope.yaml")


@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.one_of(st.floats(allow_nan=False), st.integers(), st.text(max_size=30)),
        min_size=1,
    ),
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.one_of(st.floats(allow_nan=False), st.integers(), st.text(max_size=30)),
        min_size=1,
    ),
)
def test_derived_names_differ_when_parameters_differ(x: dict, y: dict) -> None:
    if x != y:
        assert derived_name(None, x) != derived_name(None, y)
    assert derived_name(None, x) == derived_name(None, dict(x))
    assert "/" not in derived_name(None, x)


def test_a_file_without_report_is_a_world_scenario(tmp_path: Path) -> None:
    path = write(
        tmp_path, "name: dear_cars\ntitle: Dear cars\nrationale: Why.\nparameters:\n  x: 1\n"
    )
    scenario = load_scenario(path)
    assert scenario.is_world and scenario.report is None
    assert (scenario.name, scenario.title, scenario.parameters) == (
        "dear_cars",
        "Dear cars",
        {"x": 1},
    )
    assert scenario.where("x") == f"{path}:5: "
    assert not load_scenario(REPO / "scenarios" / "car_halt.yaml").is_world


def test_shipped_world_scenarios_resolve() -> None:
    """scenarios/worlds/*.yaml: every quantity known, every report's rules satisfied."""
    from hyesan_analysis.reporting.engine import requests, world

    for path in sorted((REPO / "scenarios" / "worlds").glob("*.yaml")):
        scenario = load_scenario(path)
        assert scenario.is_world and scenario.rationale, path.name
        the_world = world.resolve_world(scenario_file=path)
        batch = requests.world_requests(the_world, world.world_reports(the_world.settings))
        assert {r.scenario for r in batch} == {scenario.name}
