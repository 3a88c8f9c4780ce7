"""A sweep's size is counted from its axes before any point is built or any value parsed."""

import tracemalloc
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import sweep

FIVE_AXES = {
    "sale_price_cny": [60000 + 1000 * i for i in range(40)],
    "purchase_price_cny": [10000 + 500 * i for i in range(40)],
    "transport_cny": [100 * i for i in range(40)],
    "waku_price_cny": [1000 * i for i in range(40)],
    "other_fees_cny": [10 * i for i in range(40)],
}


@pytest.fixture
def no_points(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: sweep.Sweep) -> list[dict[str, object]]:
        raise AssertionError("the grid's points were built before its size was checked")

    monkeypatch.setattr(sweep.Sweep, "points", refuse)


def test_five_grids_of_40_values_are_refused_by_the_cap_without_building_them(
    no_points: None,
) -> None:
    grids = [f"{name}={','.join(map(str, values))}" for name, values in FIVE_AXES.items()]
    sweep.check_size({}, is_world=False)
    with pytest.raises(ParameterError):  # the registry and the schemas, loaded once
        sweep.from_cli("car_unit_economics", ["waku_price_cny=x"])
    tracemalloc.start()
    try:
        with pytest.raises(ParameterError) as info:
            sweep.from_cli("car_unit_economics", grids)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert message.startswith("sweep: 1,600 points (40 x 40); at most 500"), message
    assert "\n" not in message
    assert peak < 5_000_000, f"{peak:,} bytes traced"


def test_a_sweep_file_of_five_grids_is_refused_the_same_way(
    no_points: None, tmp_path: Path
) -> None:
    lines = ["report: car_unit_economics", "name: huge", "grid:"]
    lines += [f"  {name}: {values}" for name, values in FIVE_AXES.items()]
    path = tmp_path / "huge.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"sweep: 1,600 points \(40 x 40\); at most 500"):
        sweep.from_yaml(path)


def test_check_size_counts_the_product_and_knows_the_world_cap() -> None:
    axes = {name: values for name, values in FIVE_AXES.items()}
    with pytest.raises(ParameterError, match="102,400,000 points"):
        sweep.check_size(axes, is_world=False)
    assert sweep.check_size({"a": [1, 2, 3], "b": [1, 2]}, is_world=False) == 6
    with pytest.raises(ParameterError, match="a world sweep builds every report"):
        sweep.check_size({"a": list(range(5)), "b": list(range(5))}, is_world=True)


def test_a_grid_within_the_cap_still_runs_its_points() -> None:
    s = sweep.from_cli("car_unit_economics", ["waku_price_cny=20000,25000"])
    assert s.size == 2 and len(s.points()) == 2
