"""The brief: key figures of every other report, read from their results.json.

Besides the spec, this module holds which upstream figures the brief shows
(:data:`KEY_FIGURES`) and :class:`KeyFigures`, which reads them for the notebook's text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hyesan_analysis.reporting.authoring.formatting import signed_percent
from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.results import format_value
from hyesan_analysis.reporting.authoring.schema import ReportSchema

KEY_FIGURES: dict[str, tuple[tuple[str, str], ...]] = {
    "car_unit_economics": (
        ("profit_per_car_cny", "Smuggler's margin per used car (2025 waku)"),
        ("profit_per_car_2024_cny", "Margin per used car at the 2024 waku"),
        ("waku_revenue_neutral_volume_growth", "Extra volume the state needs after the waku cut"),
        ("breakeven_sale_price_cny", "Break-even sale price of a used car"),
    ),
    "investor_returns": (
        ("annual_return_state_led", "Expected annual return, state-led smuggling"),
        ("annual_return_independent", "Expected annual return, independent smuggling"),
        ("annual_return_remittance", "Expected annual return, remittance brokering"),
        (
            "breakeven_crackdown_probability",
            "Crackdown risk per cycle at which independent stops paying more",
        ),
    ),
    "prices_and_exchange": (
        ("passthrough_rice", "Rice price elasticity to the won's fall"),
        ("real_wage_rice_kg_at_reform", "A worker's monthly wage in rice at the 2023 reform"),
        ("real_wage_rice_kg_latest", "The same wage in rice at the latest observation"),
        ("car_profit_in_wage_months", "One car's profit in months of that wage"),
    ),
    "inequality": (
        ("gini_before", "Gini of real income before the shock (model)"),
        ("gini_after", "Gini after the shock (model)"),
        ("real_income_change_bottom40", "Real income change of the poorest 40% (model)"),
        ("real_income_change_top10", "Real income change of the richest 10% (model)"),
    ),
}
"""Per upstream report, in build order: (result name, label) of each figure the brief shows."""


@dataclass(frozen=True)
class KeyFigures:
    """The upstream results the brief quotes.

    Attributes
    ----------
    results : mapping
        Per report, its ``results.json`` ``"results"`` mapping (name -> value, unit, label).
    shown : mapping
        Per report, the (result name, label) pairs the brief shows; :data:`KEY_FIGURES`.
    """

    results: Mapping[str, Mapping[str, Mapping[str, Any]]]
    shown: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=lambda: KEY_FIGURES)

    @classmethod
    def read(cls, upstream_results: Callable[[str], Mapping[str, Any]]) -> KeyFigures:
        """Read every report of :data:`KEY_FIGURES` with ``upstream_results(report)``."""
        return cls({name: upstream_results(name)["results"] for name in KEY_FIGURES})

    def value(self, report: str, key: str) -> float:
        """The number, in its unit."""
        value: float = self.results[report][key]["value"]
        return value

    def unit(self, report: str, key: str) -> str:
        """The unit the upstream report recorded."""
        unit: str = self.results[report][key]["unit"]
        return unit

    def figure(self, report: str, key: str) -> str:
        """The figure as a reader sees it (``'10,500 CNY per vehicle'``, ``'7.4% per year'``)."""
        return format_value(self.value(report, key), self.unit(report, key))

    def signed(self, report: str, key: str) -> str:
        """A fractional change as a signed percentage (``'-7.3%'``)."""
        return signed_percent(self.value(report, key))

    def records(self) -> list[tuple[str, float, str]]:
        """``(report.key, value, unit)`` of every key figure, for the brief's results."""
        return [
            (f"{report}.{key}", self.value(report, key), self.unit(report, key))
            for report, keys in self.shown.items()
            for key, _ in keys
        ]

    def rows(self) -> list[dict[str, str]]:
        """The key-figures table: a link to each report, the label and the figure (HTML)."""
        rows = []
        for report, keys in self.shown.items():
            link = f'<a href="../../{report}/default/report.html">{html.escape(report)}</a>'
            for key, label in keys:
                rows.append(
                    {
                        "report": link,
                        "figure": html.escape(label),
                        "value": html.escape(self.figure(report, key)),
                    }
                )
        return rows


SPEC = ReportSpec(
    name="summary",
    title="The brief: car smuggling, prices and inequality in Hyesan",
    question="What do the four reports find, in one page?",
    # No parameters of its own: every figure comes from the other reports' default runs.
    schema=ReportSchema(params=()),
    required_results={"reports_summarized": "count"},
    upstream=tuple(KEY_FIGURES),
    order=90,
    one_page=True,
)
