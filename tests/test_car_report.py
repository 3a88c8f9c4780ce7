"""The car report executed: a sale at the observed low price is reported as a loss (exit 0),
and results.json carries the new result keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hyesan_analysis.cli import main


def _results(root: Path, *args: str) -> dict[str, float]:
    code = main(["run", "car_unit_economics", *args, "--no-pdf", "--output-dir", str(root)])
    assert code == 0
    (path,) = {p.resolve() for p in (root / "car_unit_economics").glob("*/results.json")}
    payload = json.loads(path.read_text(encoding="utf-8"))
    return {k: v["value"] for k, v in payload["results"].items()}


@pytest.mark.notebook
def test_a_sale_at_70000_exits_0_and_reports_the_loss(tmp_path: Path) -> None:
    found = _results(tmp_path, "-p", "sale_price_cny=70000")
    financing = 72_500 * 0.6 * 41 / 365
    assert found["profit_per_car_cny"] == -2_500  # 70,000 - 47,500 landed - 25,000 waku
    assert found["margin_at_70000_cny"] == -2_500
    assert found["net_profit_per_car_cny"] == pytest.approx(-2_500 - financing, abs=1e-6)
    assert found["net_profit_at_70000_cny"] == pytest.approx(-2_500 - financing, abs=1e-6)
    assert found["breakeven_sale_price_cny"] == pytest.approx(72_500 + financing, abs=1e-6)
    assert "waku_passthrough_to_buyers" not in found  # not identifiable from the sources
    assert 0.7 < found["sale_price_total_sobol_index"] < 0.85


@pytest.mark.notebook
def test_the_default_run_records_the_margin_at_the_observed_low_price(tmp_path: Path) -> None:
    found = _results(tmp_path)
    assert found["profit_per_car_cny"] == 10_500
    assert found["margin_at_70000_cny"] == -2_500
    assert set(found) >= {"margin_at_70000_cny", "sale_price_total_sobol_index"}
    assert "waku_passthrough_to_buyers" not in found
