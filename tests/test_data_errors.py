"""A broken data file is one line on the command line, exit code 2, nothing written.

Specs read facts when they are imported (``Param.from_fact``), so a bad ``facts.csv`` fails
before the parser exists; these tests point the data folder at a broken copy and check
what the user sees, and that every way a file can be broken is a ``DataValidationError``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hyesan_analysis.data import DATA_DIR, DataValidationError, load_facts, load_market_rates
from hyesan_analysis.reporting.authoring.schema import ParameterError

# Runs the CLI in a fresh process with the data folder moved: the specs import (and read
# facts.csv) after the move, exactly as `hyesan-report` does with the shipped folder.
_CLI_WITH_DATA_DIR = """
import sys
from pathlib import Path
import hyesan_analysis.data.validation as validation
validation.DATA_DIR = Path(sys.argv[1])
from hyesan_analysis.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _data_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in ("facts.csv", "market_rates.csv"):
        (folder / name).write_bytes((DATA_DIR / name).read_bytes())
    return folder


def _edit_line(path: Path, line: int, edit: Callable[[str], str]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = edit(lines[line - 1])
    assert changed != lines[line - 1], "the edit must change the line"
    lines[line - 1] = changed
    path.write_text("\n".join(lines), encoding="utf-8")


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYESAN_")}
    return subprocess.run(
        [sys.executable, "-c", _CLI_WITH_DATA_DIR, str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _value_to_word(line: str) -> str:
    fields = line.split(",")
    assert fields[3] == "number", line  # kind: the fifth column is a number
    fields[4] = "lots"
    return ",".join(fields)


@pytest.mark.parametrize("command", ["run car_unit_economics", "build"])
def test_non_numeric_fact_is_one_line_and_exit_2(tmp_path: Path, command: str) -> None:
    data = _data_copy(tmp_path / "data")
    _edit_line(data / "facts.csv", 2, _value_to_word)
    out = tmp_path / "out"
    done = _cli(data, *command.split(), "--output-dir", str(out))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("hyesan-report: error: facts.csv line 2 (id "), lines[0]
    assert "value 'lots' is not a plain number" in lines[0]
    assert not out.exists()


def test_missing_facts_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    data = _data_copy(tmp_path / "data")
    (data / "facts.csv").unlink()
    out = tmp_path / "out"
    done = _cli(data, "run", "car_unit_economics", "--output-dir", str(out))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"hyesan-report: error: facts.csv: file not found (expected {data / 'facts.csv'})"
    )
    assert not out.exists()


def test_bad_market_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # prices_and_exchange checks its filters on the market data before any kernel starts
    data = _data_copy(tmp_path / "data")
    _edit_line(data / "market_rates.csv", 3, lambda line: line.replace(",day,", ",daily,", 1))
    out = tmp_path / "out"
    done = _cli(data, "run", "prices_and_exchange", "--output-dir", str(out))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "market_rates.csv line 3 (obs_id m002): date_precision 'daily'" in lines[0]
    assert not out.exists()


def test_data_error_is_the_error_the_cli_prints_as_one_line() -> None:
    err = DataValidationError("facts.csv", 2, "x", "value 'lots' is not a plain number")
    assert isinstance(err, ParameterError) and isinstance(err, ValueError)
    assert str(err) == "facts.csv line 2 (id x): value 'lots' is not a plain number"
    whole_file = DataValidationError("market_rates.csv", None, None, "file not found")
    assert str(whole_file) == "market_rates.csv: file not found"


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError) as exc:
        load_market_rates(tmp_path / "market_rates.csv")
    assert exc.value.line is None
    assert str(exc.value) == (
        f"market_rates.csv: file not found (expected {tmp_path / 'market_rates.csv'})"
    )


def test_folder_in_place_of_file_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "facts.csv").mkdir()
    with pytest.raises(DataValidationError, match=r"^facts\.csv: cannot read .*facts\.csv: "):
        load_facts(tmp_path / "facts.csv")


def test_non_utf8_byte_names_line_and_column(tmp_path: Path) -> None:
    raw = (DATA_DIR / "facts.csv").read_bytes().split(b"\n")
    raw[3] = b"ab\xe9" + raw[3][3:]  # Latin-1 e-acute, column 3 of line 4
    path = tmp_path / "facts.csv"
    path.write_bytes(b"\n".join(raw))
    with pytest.raises(DataValidationError) as exc:
        load_facts(path)
    assert str(exc.value) == (
        "facts.csv line 4: byte 0xe9 at column 3 is not UTF-8 (expected UTF-8 text)"
    )


def test_stray_quote_is_a_data_error(tmp_path: Path) -> None:
    path = _data_copy(tmp_path / "data") / "facts.csv"
    _edit_line(path, 5, lambda line: line.replace(",", ',"x"y,', 1))
    with pytest.raises(DataValidationError, match=r"^facts\.csv line 5: not well-formed CSV"):
        load_facts(path)


def test_duplicate_key_found_by_shared_reader(tmp_path: Path) -> None:
    path = _data_copy(tmp_path / "data") / "market_rates.csv"
    text = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*text[:3], text[2], *text[3:]]), encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        load_market_rates(path)
    assert str(exc.value) == (
        "market_rates.csv line 4 (obs_id m002): duplicate obs_id (first defined on line 3)"
    )
