"""CLI exit codes and messages; bad input never writes or changes anything under reports/.

Bad input is checked against the real reports' schemas (no kernel starts); runs and builds
use the fixture reports.
"""

import argparse
import hashlib
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from hyesan_analysis import cli
from hyesan_analysis.cli import main
from tests.fixtures import ALL, break_notebook

REPO = Path(__file__).resolve().parent.parent


def tree_hashes(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(root))] = "-> " + str(path.readlink())
        elif path.is_file():
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[str(path.relative_to(root))] = "dir"
    return out


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    (root / "car_unit_economics" / "default").mkdir(parents=True)
    (root / "car_unit_economics" / "default" / "report.html").write_text("previous good report")
    (root / "index.html").write_text("index")
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def scenario(tmp_path: Path, text: str) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD = [
    (
        ["-p", "wakku_price_cny=1"],
        "unknown parameter 'wakku_price_cny'; did you mean 'waku_price_cny'",
    ),
    (["-p", "colour=red"], "unknown parameter 'colour'"),
    (["-p", "waku_price_cny=cheap"], "parameter 'waku_price_cny': expected a number"),
    (["-p", "inspection_days=2.5"], "parameter 'inspection_days': expected an integer"),
    (["-p", "waku_price_cny=nan"], "parameter 'waku_price_cny': expected a finite number"),
    (["-p", "waku_price_cny=inf"], "parameter 'waku_price_cny': expected a finite number"),
    (["-p", "waku_price_cny=-5"], "parameter 'waku_price_cny': expected a number between 0"),
    (["-p", "waku_price_cny=90000"], "'waku_price_cny', 'sale_price_cny'"),
    (["-p", "waku_price_cny"], "expected NAME=VALUE"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_parameters_exit_2_with_one_line(
    args: list[str], message: str, reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_hashes(reports)
    code, _, err = run(["run", "car_unit_economics", *args, "--output-dir", str(reports)], capsys)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert tree_hashes(reports) == before


SCENARIOS = [
    ("report: car_unit_economics\nname: x\nparameters:\n  waku_price_cny: [1\n", "malformed YAML"),
    ("", "empty scenario file"),
    ("report: inequality\nname: x\nparameters: {}\n", "scenario is for report 'inequality'"),
    (
        "report: car_unit_economics\nname: x\nparameters:\n  waku_pric_cny: 1\n",
        ":4: unknown parameter 'waku_pric_cny'; did you mean 'waku_price_cny'",
    ),
]


@pytest.mark.parametrize(("text", "message"), SCENARIOS)
def test_bad_scenario_files_exit_2_naming_file_and_line(
    text: str, message: str, tmp_path: Path, reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_hashes(reports)
    path = scenario(tmp_path, text)
    code, _, err = run(
        ["run", "car_unit_economics", "--scenario", path, "--output-dir", str(reports)], capsys
    )
    assert code == 2
    assert message in err and path in err
    assert err.count("\n") == 1
    assert tree_hashes(reports) == before


def test_unknown_report_exits_2(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_hashes(reports)
    code, _, err = run(["run", "car_unit_economic", "--output-dir", str(reports)], capsys)
    assert code == 2
    assert "unknown report 'car_unit_economic'; did you mean 'car_unit_economics'" in err
    assert tree_hashes(reports) == before


def test_unwritable_output_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(
        ["run", "car_unit_economics", "--output-dir", str(blocker / "reports")], capsys
    )
    assert code == 2
    assert "output folder" in err and "not a folder" in err
    assert blocker.read_text() == "not a folder"


def test_usage_errors_exit_2_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frobnicate"], capsys)
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(["build", "--jobs", "0"], capsys)
    assert code == 2 and "--jobs" in err


def test_list_and_help_show_every_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list"], capsys)
    assert code == 0
    assert "waku_price_cny" in out and "sourced: waku_price_2025_cny" in out
    code, out, _ = run(["run", "car_unit_economics", "--help"], capsys)
    assert code == 0
    assert "annual_interest_rate" in out and "assumed" in out and "CNY per vehicle" in out


def test_console_script_exit_code() -> None:
    script = Path(sys.executable).with_name("hyesan-report")
    result = subprocess.run(
        [str(script), "run", "car_unit_economics", "-p", "nope=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("hyesan-report: error: unknown parameter 'nope'")


@pytest.mark.notebook
def test_run_exit_codes_and_messages(
    fixture_reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    argv = ["run", "tiny_sales", "--no-pdf", "--output-dir", str(root)]
    code, out, err = run(argv, capsys)
    assert code == 0 and err == ""
    first, done = out.splitlines()
    assert first == "tiny_sales/default: running (no previous report)"
    assert re.fullmatch(
        rf"\[1/1\] tiny_sales/default: ok in \d+\.\d s -> {re.escape(str(root))}/tiny_sales/"
        r"default/report\.html",
        done,
    ), done
    assert "tiny_sales/default/report.html" in (root / "index.html").read_text()

    code, out, _ = run(argv, capsys)
    assert code == 0 and out.splitlines() == ["[1/1] tiny_sales/default: up to date"]

    break_notebook(fixture_reports, "raises")
    code, out, err = run(argv, capsys)
    assert code == 1 and err == ""
    assert out.splitlines()[0] == "tiny_sales/default: running (notebook changed)"
    assert "[1/1] tiny_sales/default: FAILED: cell 3 raised RuntimeError: boom in a cell" in out
    assert "  failing cell 3:\n" in out and 'raise RuntimeError("boom in a cell")' in out
    assert "last run failed" in (root / "index.html").read_text()


@pytest.mark.notebook
def test_build_exits_1_when_a_report_fails(
    fixture_reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    break_notebook(fixture_reports, "raises")
    code, out, _ = run(
        ["build", *ALL, "--jobs", "1", "--no-pdf", "--output-dir", str(root)], capsys
    )
    assert code == 1
    assert (
        "[3/3] tiny_brief/default: FAILED: not run: it reads tiny_sales/default, which failed"
        in out
    ), "a report is never run on an older version of what failed"
    assert out.splitlines()[-1] == (
        f"3 reports: 1 built, 0 up to date, 2 failed; index: {root / 'index.html'}"
    )


COMMANDS = ("list", "run", "build", "sweep", "preview", "daemon", "index")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_help_lists_every_flag_with_a_sentence_at_each_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "--version" in out
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\w+", out, re.M), command
    subparsers = _subparsers()
    assert set(subparsers) == set(COMMANDS)
    for command, parser in subparsers.items():
        code, out, _ = run([command, "--help"], capsys)
        assert code == 0 and out.startswith(f"usage: hyesan-report {command}"), command
        assert parser.description, command
        for action in parser._actions:
            assert action.help and len(action.help.split()) >= 3, (command, action.dest)
            for flag in action.option_strings:
                assert flag in out, (command, flag)
    code, out, _ = run(["run", "--help"], capsys)
    for flag in ("--force", "--no-pdf", "--output-dir", "--scenario", "--param"):
        assert flag in out
    assert "car_unit_economics" in out, "the reports are listed"


def test_run_report_help_is_argparse_help_with_the_parameter_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["run", "car_unit_economics", "-p", "x=1", "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: hyesan-report run")
    assert "--force" in out and "--no-pdf" in out and "--output-dir" in out
    assert "parameters (-p NAME=VALUE):" in out and "waku_price_cny" in out
    code, _, err = run(["run", "car_unit_economic", "--help"], capsys)
    assert code == 2 and err.count("\n") == 1 and "did you mean 'car_unit_economics'" in err


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from hyesan_analysis import __version__

    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out == f"hyesan-report {__version__}\n"


def test_preview_without_its_module_exits_2_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "PREVIEW_MODULE", "hyesan_analysis.reporting.engine._no_preview")
    code, _, err = run(["preview", "car_unit_economics"], capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "preview" in err


def test_preview_passes_its_flags_to_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    calls: list[tuple[object, ...]] = []

    def serve(*args: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(cli, "PREVIEW_MODULE", "tests_fake_preview")
    monkeypatch.setitem(sys.modules, "tests_fake_preview", types.SimpleNamespace(serve=serve))
    argv = ["preview", "car_unit_economics", "--scenario", "s.yaml", "-p", "seed=1"]
    code, _, _ = run([*argv, "-p", "x=2", "--pdf", "--output-dir", str(tmp_path)], capsys)
    assert code == 0
    assert calls == [
        ("car_unit_economics", Path("s.yaml"), ["seed=1", "x=2"], 8765, True, tmp_path)
    ]
    calls.clear()
    assert run(["preview", "--port", "9000"], capsys)[0] == 0
    assert calls == [(None, None, [], 9000, False, None)]
    code, _, err = run(["preview", "--port", "0"], capsys)
    assert code == 2 and "--port" in err and err.count("\n") == 1
