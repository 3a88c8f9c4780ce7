"""A plain papermill run is as strict as the CLI: a misspelt parameter fails the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.notebook import injected_parameter_names
from hyesan_analysis.reporting.authoring.registry import get_report

PAPERMILL_CELL = "# Parameters\nwaku_pric_cny = 30000\nseed = 7\n"


def test_injected_names_are_read_from_papermills_cell() -> None:
    namespace = {"In": ["", "# Parameters: from the schema\nx = 1", PAPERMILL_CELL, "rn.start()"]}
    assert injected_parameter_names(namespace) == ["waku_pric_cny", "seed"]


@pytest.mark.parametrize(
    "history",
    [
        None,  # not IPython
        ["rn.start()"],  # nothing before
        ["", "# Parameters: written from the schema\nx = 1", "rn.start()"],  # our own cell
        ["", "# Parameters injected by hyesan-report\nx = 1", "rn.start()"],  # the engine's
    ],
)
def test_other_cells_are_not_read_as_papermills(history) -> None:  # type: ignore[no-untyped-def]
    assert injected_parameter_names({} if history is None else {"In": history}) == []


def _papermill(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    notebook = get_report("car_unit_economics").notebook
    return subprocess.run(
        [sys.executable, "-m", "papermill", str(notebook), str(tmp_path / "out.ipynb"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


@pytest.mark.notebook
def test_misspelt_p_fails_and_names_the_closest_parameter(tmp_path: Path) -> None:
    run = _papermill(tmp_path, "-p", "waku_pric_cny", "30000", "--no-progress-bar")
    assert run.returncode != 0
    assert "unknown parameter 'waku_pric_cny'; did you mean 'waku_price_cny'?" in run.stderr


@pytest.mark.notebook
def test_misspelt_name_in_a_yaml_file_fails(tmp_path: Path) -> None:
    (tmp_path / "params.yaml").write_text("sale_price: 90000\n", encoding="utf-8")
    run = _papermill(tmp_path, "-f", "params.yaml", "--no-progress-bar")
    assert run.returncode != 0
    assert "unknown parameter 'sale_price'; did you mean 'sale_price_cny'?" in run.stderr


@pytest.mark.notebook
def test_out_of_range_p_fails(tmp_path: Path) -> None:
    run = _papermill(tmp_path, "-p", "waku_price_cny", "-5", "--no-progress-bar")
    assert run.returncode != 0
    assert "parameter 'waku_price_cny': expected a number between 0 and 200,000" in run.stderr
