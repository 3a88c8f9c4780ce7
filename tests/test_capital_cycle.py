"""Known answers and validation for the capital cycle (model.capital_cycle)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.model.capital_cycle import CapitalCycle, cycles_per_year
from hyesan_analysis.model.finance import financing_cost_cny


def test_default_cycle_total_and_stages() -> None:
    cycle = CapitalCycle(10, 2, 5, 10, 14)  # procurement, crossing, inspection, approval, sale
    assert cycle.total_days == 41.0
    assert cycle.stock_days == 29.0
    stages = cycle.stages()
    assert [s["stage"] for s in stages] == [
        "procurement",
        "crossing",
        "inspection",
        "approval",
        "time_to_sale",
    ]
    assert [s["end_day"] for s in stages] == [10.0, 12.0, 17.0, 27.0, 41.0]
    assert [s["start_day"] for s in stages] == [0.0, 10.0, 12.0, 17.0, 27.0]


def test_financing_cost_known_answers() -> None:
    # 100,000 CNY at 36.5% a year for 10 days: 100,000 * 0.365 * 10 / 365 = 1,000 CNY
    assert financing_cost_cny(100_000, 0.365, 10) == pytest.approx(1_000.0, rel=1e-12)
    # one used car's capital (72,500) at 5% a month (0.6 a year) over a 41-day cycle
    assert financing_cost_cny(72_500, 0.6, 41) == pytest.approx(72_500 * 0.6 * 41 / 365)
    assert financing_cost_cny(72_500, 0.0, 41) == 0.0


def test_cycles_per_year_known_answers() -> None:
    assert cycles_per_year(73) == pytest.approx(5.0, abs=1e-12)
    assert cycles_per_year(41, 337.3) == pytest.approx(337.3 / 41, abs=1e-12)
    assert cycles_per_year(41, 0.0) == 0.0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: CapitalCycle(-1, 2, 5, 10, 14), "procurement_days"),
        (lambda: CapitalCycle(0, 0, 0, 0, 0), "total cycle length"),
        (lambda: CapitalCycle(10, 2, 5, 10, float("nan")), "time_to_sale_days"),
        (lambda: financing_cost_cny(-5, 0.1, 10), "capital_cny"),
        (lambda: financing_cost_cny(5, 11.0, 10), "annual_rate"),
        (lambda: financing_cost_cny(5, 0.1, True), "days"),
        (lambda: cycles_per_year(0.0), "cycle_days"),
        (lambda: cycles_per_year(10.0, 400.0), "operating_days"),
    ],
)
def test_validation_names_the_argument(call, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=name):
        call()


@given(
    capital=st.floats(0, 1e7),
    rate=st.floats(0, 10),
    days=st.floats(0, 365),
    k=st.floats(0.1, 100),
)
def test_financing_cost_is_linear_in_capital(
    capital: float, rate: float, days: float, k: float
) -> None:
    assert financing_cost_cny(capital * k, rate, days) == pytest.approx(
        k * financing_cost_cny(capital, rate, days), rel=1e-9, abs=1e-9
    )
