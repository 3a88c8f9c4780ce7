"""The brief: key figures of every other report, read from their results.json."""

from __future__ import annotations

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import ReportSchema

SPEC = ReportSpec(
    name="summary",
    title="The brief: car smuggling, prices and inequality in Hyesan",
    question="What do the four reports find, in one page?",
    # No parameters of its own: every figure comes from the other reports' default runs.
    schema=ReportSchema(params=()),
    required_results={"reports_summarized": "count"},
    upstream=("car_unit_economics", "investor_returns", "prices_and_exchange", "inequality"),
    order=90,
    one_page=True,
)
