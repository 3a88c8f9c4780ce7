"""A result that does not exist for a run is recorded as JSON null, never dropped or faked."""

import json

import pytest

from hyesan_analysis.reporting.authoring import results
from hyesan_analysis.reporting.authoring.results import ResultsError


def test_a_null_result_is_recorded_checked_and_written_as_null() -> None:
    payload = results.result_payload("breakeven_risk_aversion", None, "relative risk aversion", "")
    assert payload["value"] is None
    found = {"breakeven_risk_aversion": {"value": None, "unit": "relative risk aversion"}}
    assert results.check_results(found, {"breakeven_risk_aversion": "relative risk aversion"}) == []
    doc = json.loads(results.results_document("investor_returns", "default", found))
    assert doc["results"]["breakeven_risk_aversion"]["value"] is None
    assert results.format_value(None, "relative risk aversion") == "none in range"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), [0.8], "many"])
def test_anything_else_must_still_be_a_finite_number(bad: object) -> None:
    with pytest.raises(ResultsError):
        results.result_payload("x", bad, "ratio", "")  # type: ignore[arg-type]


def test_the_investor_records_a_null_breakeven_when_none_is_in_range() -> None:
    from hyesan_analysis.reporting.specs import investor_run
    from hyesan_analysis.reporting.specs import investor_text as tx

    recorded: dict[str, object] = {}
    res = {name: 0.1 for name in tx.RESULT_LABELS} | {"breakeven_risk_aversion": None}
    investor_run.record_results(lambda name, value, **_: recorded.update({name: value}), res)
    assert "breakeven_risk_aversion" in recorded and recorded["breakeven_risk_aversion"] is None
