"""Bounded, unambiguous input: scenario, world and sweep files and ``-p`` flags that an
adversarial user (or a slip of the keyboard) writes are refused in one line, fast.

No kernel starts here: every check happens before one would.
"""

import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.reporting.authoring.scenario import (
    MAX_FILE_BYTES,
    SCENARIO_NAME,
    load_scenario,
    parse_yaml,
    read_yaml_mapping,
)
from hyesan_analysis.reporting.authoring.schema import MAX_SHOWN_CHARS, Param, ParameterError
from hyesan_analysis.reporting.engine import requests, store
from hyesan_analysis.reporting.engine.requests import resolve

pytestmark = pytest.mark.usefixtures("fixture_reports")

# The "billion laughs" of YAML: 600 bytes that expand to 9**9 strings when constructed.
ALIAS_BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [{','.join([f'*{chr(96 + i)}'] * 9)}]\n"
    if i
    else 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(9)
)


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line(exc: pytest.ExceptionInfo[ParameterError]) -> str:
    message = str(exc.value)
    assert "\n" not in message, message
    return message


# --- YAML: aliases, duplicate keys, YAML 1.2 scalars ------------------------------------
def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    assert len(ALIAS_BOMB) < 700
    path = write(tmp_path, "report: tiny_sales\nname: bomb\nparameters:\n" + ALIAS_BOMB)
    started = time.perf_counter()
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert time.perf_counter() - started < 0.5  # not a timing test: the old code never ends
    assert one_line(exc) == f"{path}:4: malformed YAML: anchors (&name) are not allowed"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("name: x\nparameters: *p\n", 2, "aliases (*name) are not allowed"),
        ("name: x\nparameters: !!set {a, b}\n", 2, "tag 'tag:yaml.org,2002:set' is not allowed"),
        ("name: x\nparameters:\n  cars: !!binary aGVsbG8=\n", 3, "is not allowed"),
        ("name: x\nparameters:\n  cars: !!python/object:os.system x\n", 3, "is not allowed"),
    ],
)
def test_aliases_and_unusual_tags_are_refused_with_their_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert one_line(exc).startswith(f"{path}:{line}: malformed YAML: ")
    assert problem in str(exc.value)


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    text = "report: tiny_sales\nname: x\nparameters:\n  cars: 4\nparameters:\n  price_cny: 5\n"
    path = write(tmp_path, text)
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert one_line(exc) == (
        f"{path}:5: malformed YAML: key 'parameters' given twice (first on line 3)"
    )
    nested = write(tmp_path, "name: x\nparameters:\n  cars: 4\n  cars: 5\n", "n.yaml")
    with pytest.raises(ParameterError, match=r"n\.yaml:4: .*key 'cars' given twice"):
        load_scenario(nested)


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("8.3e4", 83000.0),  # YAML 1.1 (PyYAML's safe_load) reads a string
        ("1e5", 100000.0),
        ("-2.5E-3", -0.0025),
        (".5", 0.5),
        ("012", 12),  # not octal ten
        ("30_000", 30000),  # as -p accepts
        ("0x1F", 31),
        ("yes", "yes"),  # not true
        ("on", "on"),
        ("1:30", "1:30"),  # not sexagesimal 90
        ("2024-05-01", "2024-05-01"),  # a string, not a date
        ("３０００", "３０００"),  # full-width digits are not a number
        ("~", None),
        ("true", True),
    ],
)
def test_scalars_follow_yaml_1_2(scalar: str, value: object) -> None:
    data, _ = parse_yaml(f"v: {scalar}\n", "f.yaml")
    assert data["v"] == value and type(data["v"]) is type(value)


def test_a_yaml_float_in_exponent_form_sets_a_parameter(tmp_path: Path) -> None:
    path = write(tmp_path, "report: tiny_sales\nname: expo\nparameters:\n  price_cny: 2.5e2\n")
    assert resolve("tiny_sales", scenario_file=path).parameters["price_cny"] == 250.0


def test_an_integer_too_long_to_convert_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nparameters:\n  cars: " + "9" * 5000 + "\n")
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert one_line(exc) == f"{path}:3: malformed YAML: integer of 5,000 digits is too long"


def test_a_nul_byte_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nparameters:\n  cars: \x00\n")
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert one_line(exc) == f"{path}:3: malformed YAML: character #x0000 is not allowed"


# --- what a file is and how much of it is read ------------------------------------------
def test_a_folder_a_device_and_a_fifo_are_not_scenario_files(tmp_path: Path) -> None:
    with pytest.raises(ParameterError) as exc:
        load_scenario(tmp_path)
    assert one_line(exc) == f"{tmp_path}: is a folder, not a scenario file"
    with pytest.raises(ParameterError, match="not a regular file"):
        load_scenario("/dev/zero")  # the old code read it until memory ran out
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ParameterError, match="not a regular file"):
        read_yaml_mapping(fifo, "sweep", ("name",))  # the old code waited for a writer


def test_size_limit_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    big = write(tmp_path, "name: x\n" + "#" * MAX_FILE_BYTES + "\n", "big.yaml")
    with pytest.raises(ParameterError, match=r"big\.yaml: scenario file of [\d,]+ bytes; at most"):
        load_scenario(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: x\ntitle: caf\xe9\n")
    with pytest.raises(ParameterError) as exc:
        load_scenario(latin)
    assert one_line(exc) == f"{latin}:2: scenario file is not UTF-8 text (byte 0xe9)"
    if os.geteuid() != 0:  # root reads anything
        locked = write(tmp_path, "name: x\n", "locked.yaml")
        locked.chmod(0)
        with pytest.raises(ParameterError, match="cannot read scenario file"):
            load_scenario(locked)


# --- names -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["default\n", "ok\n", "a" * 65, "Upper", "a b", "x/y", "-x"])
def test_names_are_checked_as_a_whole(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, f"report: tiny_sales\nname: {name!r}\n".replace("'", '"'))
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert "expected lowercase letters" in one_line(exc)


@given(st.text(max_size=80))
def test_a_name_that_passes_is_a_plain_folder_name(name: str) -> None:
    if SCENARIO_NAME.fullmatch(name):
        assert name.isascii() and "\n" not in name and "/" not in name and len(name) <= 64


# --- -p flags ----------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["３０００", "٣", "3\u00a0000", "１e3", "3e", "0x10", "1__0", "_1"])
def test_numbers_on_the_command_line_are_ascii_digits(raw: str) -> None:
    price = Param("p", float, 1.0, "CNY", "x", minimum=0, rationale="r")
    count = Param("n", int, 1, "cars", "x", minimum=0, rationale="r")
    for param in (price, count):
        with pytest.raises(ParameterError, match=r"parameter '[pn]'"):
            param.parse(raw)
    assert price.parse("3_000.5") == 3000.5 and count.parse(" +30_000 ") == 30000


def test_a_parameter_given_twice_is_an_error() -> None:
    with pytest.raises(ParameterError) as exc:
        resolve("tiny_sales", ["price_cny=1", "cars=2", "price_cny=2"])
    assert one_line(exc) == "parameter 'price_cny' given twice ('1' and '2'); give it once"


def test_rejected_values_are_shortened_in_messages(tmp_path: Path) -> None:
    huge = "9" * 50_000
    for assignments in ([f"price_cny={huge}"], [f"price_cny=x{huge}"], [f"x{huge}=1"]):
        with pytest.raises(ParameterError) as exc:
            resolve("tiny_sales", assignments)
        assert len(one_line(exc)) < 400, assignments[0][:20]
    path = write(tmp_path, f"report: tiny_sales\nname: x\nparameters:\n  price_cny: '{huge}'\n")
    with pytest.raises(ParameterError) as exc:
        resolve("tiny_sales", scenario_file=path)
    assert len(one_line(exc)) < 400 and "(50,000 characters)" in str(exc.value)
    assert MAX_SHOWN_CHARS <= 80


# --- a scenario name is one folder: reused by another file, an error ---------------------
def _publish_manifest(root: Path, report: str, scenario: str, manifest: dict[str, object]) -> None:
    import json

    work = store.new_work_dir(root, report)
    (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    store.publish(root, report, scenario, work)


def test_a_scenario_name_reused_with_other_parameters_names_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "reports"
    first = write(tmp_path, "report: tiny_sales\nname: high\nparameters:\n  cars: 5\n", "a.yaml")
    earlier = resolve("tiny_sales", scenario_file=first)
    _publish_manifest(
        root,
        "tiny_sales",
        "high",
        {"status": "ok", "scenario_file": "a.yaml", "parameters": earlier.parameters},
    )
    requests.preflight([earlier], root)  # the same file again: fine
    second = write(tmp_path, "report: tiny_sales\nname: high\nparameters:\n  cars: 6\n", "b.yaml")
    with pytest.raises(ParameterError) as exc:
        requests.preflight([resolve("tiny_sales", scenario_file=second)], root)
    assert one_line(exc) == (
        "b.yaml: scenario name 'high' is already used by a.yaml for tiny_sales with other "
        "parameters (cars); rename one of the two scenarios"
    )
    same = write(tmp_path, "report: tiny_sales\nname: high\nparameters:\n  cars: 5\n", "c.yaml")
    requests.preflight([resolve("tiny_sales", scenario_file=same)], root)  # same values: fine


def test_the_cli_refuses_bad_input_with_exit_2_and_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hyesan_analysis.cli import main

    bomb = write(tmp_path, "report: tiny_sales\nname: bomb\nparameters:\n" + ALIAS_BOMB)
    out = str(tmp_path / "out")
    for argv in (
        ["run", "tiny_sales", "--scenario", str(bomb)],
        ["run", "tiny_sales", "-p", "cars=2", "-p", "cars=3"],
        ["run", "tiny_sales", "-p", "cars=３"],
        ["run", "tiny_sales", "--scenario", str(tmp_path)],
        ["build", "--scenario", "/dev/zero"],
    ):
        assert main([*argv, "--output-dir", out, "--no-pdf"]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("hyesan-report: error: "), err
    assert not Path(out).exists(), "nothing written"


def test_a_sweep_file_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    from hyesan_analysis.reporting.engine import sweep

    folder = tmp_path / "grid.yaml"
    folder.mkdir()
    with pytest.raises(ParameterError) as exc:
        sweep.from_yaml(folder)
    assert one_line(exc) == f"{folder}: is a folder, not a sweep file"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe{}", "the notebook is not UTF-8 text"),
        (b'{"cells": 5}', "not a notebook"),
        (b'{"cells": [{"source": 5}]}', "not a notebook (a cell's source is not text)"),
        (b"", "not a notebook"),
    ],
)
def test_a_broken_notebook_is_one_line_before_any_kernel(
    fixture_reports: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    from hyesan_analysis.reporting.engine import cache, inputs

    (fixture_reports / "tiny_sales.ipynb").write_bytes(content)
    with pytest.raises(inputs.SourceError) as exc:
        cache.check_cache(resolve("tiny_sales"), tmp_path)
    assert problem in one_line(exc) and "tiny_sales.ipynb" in str(exc.value)
    assert isinstance(exc.value, ParameterError)  # the CLI's one line and exit 2


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 60_000, "nested more than 16 levels deep"),
        ("[" + ",".join(["1"] * 30_000) + "]", "more than 4,000 values in one file"),
        ("".join(f"k{i}: {i}\n" for i in range(6000)), "more than 4,000 values in one file"),
    ],
)
def test_files_of_many_or_deeply_nested_values_are_refused_early(text: str, problem: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ParameterError, match=problem):
        parse_yaml(text, "f.yaml")
    assert time.perf_counter() - started < 5  # the old loader took 10 s on 240 KB


def _shipped_requests() -> dict[tuple[str, str], list[tuple[str, dict[str, object]]]]:
    """(report, folder) -> [(scenario file, parameters)] over every shipped scenario file."""
    from hyesan_analysis.reporting.engine import world

    repo = Path(__file__).resolve().parent.parent
    seen: dict[tuple[str, str], list[tuple[str, dict[str, object]]]] = {}
    for path in sorted((repo / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        assert scenario.report is not None
        for request in requests.resolve_with_upstream(scenario.report, scenario_file=path):
            seen.setdefault((request.report, request.scenario), []).append(
                (path.name, request.parameters)
            )
    for path in sorted((repo / "scenarios" / "worlds").glob("*.yaml")):
        the_world = world.resolve_world(scenario_file=path)
        for request in requests.world_requests(the_world, world.world_reports(the_world.settings)):
            seen.setdefault((request.report, request.scenario), []).append(
                (f"worlds/{path.name}", request.parameters)
            )
    return seen


def test_no_two_shipped_scenario_files_build_one_folder_differently() -> None:
    clashes = [
        f"{report}/{folder}: {', '.join(name for name, _ in entries)}"
        for (report, folder), entries in _shipped_requests().items()
        if any(params != entries[0][1] for _, params in entries[1:])
    ]
    assert clashes == []


def test_parameter_names_are_text(tmp_path: Path) -> None:
    path = write(tmp_path, 'name: x\nparameters:\n  1: 2\n  "1": 3\n')
    with pytest.raises(ParameterError) as exc:
        load_scenario(path)
    assert one_line(exc) == f"{path}:2: 'parameters': names are text, got 1"
