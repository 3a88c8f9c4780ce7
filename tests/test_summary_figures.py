"""The brief's key figures (hyesan_analysis.reporting.specs.summary), without a kernel."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.reporting.authoring.formatting import signed_percent, world_words
from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.specs import summary


def _fake_results(report: str) -> dict[str, Any]:
    """Every result ``report`` promises at 0.25, in the unit its spec declares."""
    declared = get_report(report).required_results
    labels = dict(summary.KEY_FIGURES[report])
    return {
        "results": {
            key: {"value": 0.25, "unit": unit, "label": labels.get(key, key)}
            for key, unit in declared.items()
        }
    }


def test_key_figures_are_results_their_reports_promise() -> None:
    assert summary.SPEC.upstream == tuple(summary.KEY_FIGURES)
    for report, keys in summary.KEY_FIGURES.items():
        declared = get_report(report).required_results
        for key, label in keys:
            assert key in declared, f"{report} does not promise {key}"
            assert label.strip()


def test_figures_read_format_and_sign() -> None:
    figures = summary.KeyFigures.read(_fake_results)
    car = "car_unit_economics"
    assert figures.value(car, "profit_per_car_cny") == 0.25
    assert figures.figure("inequality", "real_income_change_bottom40") == "25.0%"
    assert figures.figure(car, "profit_per_car_cny") == "0.25 CNY per vehicle"
    assert figures.signed("inequality", "real_income_change_top10") == "+25.0%"


def test_records_cover_every_key_figure_once() -> None:
    records = summary.KeyFigures.read(_fake_results).records()
    names = [name for name, _, _ in records]
    assert len(names) == len(set(names)) == sum(map(len, summary.KEY_FIGURES.values()))
    assert names[0] == "car_unit_economics.profit_per_car_cny"
    assert records[0][2] == "CNY per vehicle"


def test_rows_link_each_report_and_escape_text() -> None:
    results = {
        "car_unit_economics": {
            key: {"value": 10_500.0, "unit": "CNY <per> vehicle"}
            for key, _ in summary.KEY_FIGURES["car_unit_economics"]
        }
    }
    with pytest.raises(KeyError):
        summary.KeyFigures(results).rows()  # the other reports are missing
    only_car = {"car_unit_economics": summary.KEY_FIGURES["car_unit_economics"]}
    rows = summary.KeyFigures(results, shown=only_car).rows()
    assert len(rows) == len(only_car["car_unit_economics"])
    assert rows[0]["report"] == (
        '<a href="../../car_unit_economics/default/report.html">car_unit_economics</a>'
    )
    # a world's brief links into the same world, never into the default one
    halt = summary.KeyFigures(results, shown=only_car, world="halt").rows()
    assert halt[0]["report"] == (
        '<a href="../../car_unit_economics/halt/report.html">car_unit_economics</a>'
    )
    assert rows[0]["figure"] == "Smuggler&#x27;s margin per used car (2025 waku)"
    assert rows[0]["value"] == "10,500 CNY &lt;per&gt; vehicle"


@given(st.floats(min_value=-10, max_value=10, allow_nan=False))
def test_signed_percent_has_a_sign_and_one_decimal(x: float) -> None:
    text = signed_percent(x)
    assert text[0] in "+-" and text.endswith("%")
    assert float(text[:-1]) == pytest.approx(100 * x, abs=0.05 + 1e-9)


def test_signed_percent_known_answers() -> None:
    assert signed_percent(-0.0731) == "-7.3%"
    assert signed_percent(0.25, 0) == "+25%"
    assert signed_percent(0.0) == "+0.0%"


def _with(report: str, **values: float) -> Any:
    """``_fake_results``, with some of ``report``'s figures set."""

    def read(name: str) -> dict[str, Any]:
        out = _fake_results(name)
        if name == report:
            for key, value in values.items():
                out["results"][key]["value"] = value
        return out

    return read


def test_the_brief_names_its_world_and_links_each_source_into_it() -> None:
    figures = summary.KeyFigures.read(_fake_results, "waku_2024")
    assert figures.world == "waku_2024"
    assert figures.world_words == "the world “waku_2024”"
    assert summary.KeyFigures.read(_fake_results).world_words == "the default world"
    assert world_words("default") == "the default world"
    assert figures.source("inequality") == ("[inequality](../../inequality/waku_2024/report.html)")


def test_the_inequality_figures_beside_the_pass_through_say_which_they_used() -> None:
    same = summary.KeyFigures.read(_fake_results)  # both 0.25
    assert same.passthrough_sentence() == "with prices following at that same elasticity of 0.25"
    other = summary.KeyFigures.read(_with("inequality", price_passthrough_used=1.0))
    assert other.passthrough_sentence() == (
        "with prices following at an elasticity of 1.00 set for this world "
        "(not the estimate of 0.25 above)"
    )
    shown = dict(summary.KEY_FIGURES["inequality"])
    assert "price_passthrough_used" in shown  # quoted, so a reader can check it


def test_the_waku_cut_clause_is_the_difference_of_the_car_report_margins() -> None:
    def read(name: str) -> dict[str, Any]:
        out = _fake_results(name)
        if name == "car_unit_economics":
            out["results"]["profit_per_car_cny"] = {"value": 10500.0, "unit": "CNY per vehicle"}
            out["results"]["profit_per_car_2024_cny"] = {"value": 5500.0, "unit": "CNY per vehicle"}
        return out

    clause = summary.KeyFigures.read(read).waku_cut_clause()
    assert clause.startswith("at the one reported sale price the cut adds 5,000 CNY per vehicle")


def _investor_read(breakeven: float | None, independent: float = 0.47, state_led: float = -0.04):
    def read(name: str) -> dict[str, Any]:
        out = _fake_results(name)
        if name == "investor_returns":
            res = out["results"]
            res["annual_return_independent"]["value"] = independent
            res["annual_return_state_led"]["value"] = state_led
            res["breakeven_risk_aversion"]["value"] = breakeven  # None: none in 0-5
        return out

    return read


def test_the_route_clause_follows_the_breakeven_risk_aversion() -> None:
    clause = summary.KeyFigures.read(_investor_read(0.79)).route_clause()
    assert clause.startswith("from a relative risk aversion of 0.79 up (of 0 to 5) the state-led")
    assert "less risk-averse investor takes independent smuggling's higher mean" in clause
    # with a higher state-led mean the clause does not invent a trade-off
    same = summary.KeyFigures.read(_investor_read(0.79, independent=0.1, state_led=0.2))
    assert "less risk-averse" not in same.route_clause()
    none = summary.KeyFigures.read(_investor_read(None)).route_clause()
    assert none.startswith("at no relative risk aversion from 0 to 5 does the state-led route")


def test_the_passthrough_clause_quotes_the_interval_and_the_specification_range() -> None:
    def read(name: str) -> dict[str, Any]:
        out = _fake_results(name)
        if name == "prices_and_exchange":
            values = {
                "passthrough_preferred": 2.154,
                "passthrough_preferred_ci_low": -0.463,
                "passthrough_preferred_ci_high": 4.771,
                "passthrough_spec_min": 1.572,
                "passthrough_spec_max": 2.191,
                "passthrough_n": 8,
            }
            out["results"].update(
                {k: {"value": v, "unit": "elasticity"} for k, v in values.items()}
            )
        return out

    clause = summary.KeyFigures.read(read).passthrough_clause()
    assert clause == (
        "an elasticity of **2.15** (95% interval -0.46 to 4.77; 1.57 to 2.19 across "
        "specifications, 8 changes)"
    )
