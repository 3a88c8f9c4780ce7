"""Upstream figures a notebook uses are listed, with a link, in its parameters table."""

from __future__ import annotations

import pytest

from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.authoring.registry import get_report

UPSTREAM = {
    "report": "car_unit_economics",
    "results": {
        "profit_per_car_cny": {"value": 10500.0, "unit": "CNY per vehicle", "label": "Margin"}
    },
}


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    shown: list[dict[str, object]] = []
    monkeypatch.setattr(rn, "upstream_results", lambda report: UPSTREAM)
    monkeypatch.setattr(rn, "table", lambda rows, **kw: shown.extend(rows))
    monkeypatch.setattr("hyesan_analysis.viz.set_theme", lambda: None)
    namespace = dict(get_report("car_unit_economics").schema.defaults())
    namespace[rn.WORLD_VARIABLE] = "waku_2024"
    rn.start("car_unit_economics", namespace)
    return shown


def test_upstream_value_is_listed_with_a_link_into_the_same_world(started) -> None:  # type: ignore[no-untyped-def]
    assert rn.world() == "waku_2024"
    assert rn.upstream_value("car_unit_economics", "profit_per_car_cny") == 10500.0
    rn.parameters_table()
    row = started[-1]
    assert row["basis"] == "computed upstream"
    assert row["value"] == "10,500 CNY per vehicle"
    assert '<a href="../../car_unit_economics/waku_2024/report.html">' in str(row["default"])


def test_an_unknown_upstream_key_names_what_exists(started) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError, match="records no result 'margin'"):
        rn.upstream_value("car_unit_economics", "margin")


def test_shared_parameters_are_marked(started) -> None:  # type: ignore[no-untyped-def]
    rn.parameters_table()
    basis = {row["parameter"]: row["basis"] for row in started}
    assert basis["reference_waku_cny"] in ("sourced", "assumed")
