"""The brief: key figures of every other report, read from their results.json.

Besides the spec, this module holds which upstream figures the brief shows
(:data:`KEY_FIGURES`) and :class:`KeyFigures`, which reads them for the notebook's text.
Every figure comes from its report's run in the brief's own world (the runner copies those
results into the brief's run), and each is shown with a link to that report in that world.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hyesan_analysis.reporting.authoring.formatting import signed_percent, world_words
from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.results import format_value
from hyesan_analysis.reporting.authoring.schema import ReportSchema

KEY_FIGURES: dict[str, tuple[tuple[str, str], ...]] = {
    "car_unit_economics": (
        ("profit_per_car_cny", "Smuggler's margin per used car (2025 waku)"),
        ("margin_at_70000_cny", "Margin per used car at the spring 2025 low of 70,000 CNY"),
    ),
    "investor_returns": (
        ("annual_return_state_led", "Expected annual return, state-led smuggling"),
        ("annual_return_independent", "Expected annual return, independent smuggling"),
        (
            "ruin_probability_5y_state_led",
            "Chance of losing half the capital in 5 years, state-led",
        ),
        (
            "certainty_equivalent_return_state_led",
            "Certainty-equivalent return a year, state-led",
        ),
    ),
    "prices_and_exchange": (
        ("passthrough_preferred", "Rice price elasticity to the won's fall (association)"),
        ("real_wage_rice_kg_at_reform", "A worker's monthly wage in rice at the 2023 reform"),
        ("real_wage_rice_kg_latest", "The same wage in rice at the latest observation"),
        ("car_profit_in_wage_months", "One car's margin in months of that wage"),
    ),
    "inequality": (
        ("gini_before", "Gini of real income before the shock (model)"),
        ("gini_after", "Gini after the shock (model)"),
        ("real_income_change_bottom40", "Real income change of the poorest 40% (model)"),
        ("real_income_change_top10", "Real income change of the richest 10% (model)"),
        ("price_passthrough_used", "Rice pass-through the inequality model ran on"),
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
    world : str
        The world every one of these results was computed in (``rn.world()``).
    """

    results: Mapping[str, Mapping[str, Mapping[str, Any]]]
    shown: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=lambda: KEY_FIGURES)
    world: str = "default"

    @classmethod
    def read(
        cls, upstream_results: Callable[[str], Mapping[str, Any]], world: str = "default"
    ) -> KeyFigures:
        """Read every report of :data:`KEY_FIGURES` with ``upstream_results(report)``, the
        runs of ``world``."""
        results = {name: upstream_results(name)["results"] for name in KEY_FIGURES}
        return cls(results, world=world)

    @property
    def world_words(self) -> str:
        """The world in words: ``'the default world'``."""
        return world_words(self.world)

    def href(self, report: str) -> str:
        """The address of ``report``'s page in the same world, from the brief's page."""
        return f"../../{report}/{self.world}/report.html"

    def source(self, report: str) -> str:
        """A Markdown link to ``report`` in the same world: where a figure came from."""
        return f"[{report}]({self.href(report)})"

    def passthrough_sentence(self) -> str:
        """The pass-through the inequality model ran on, against the prices report's estimate.

        The brief quotes the prices report's estimate and the inequality report's real-income
        changes side by side; this says whether those changes were computed with that same
        estimate (the default) or with a pass-through set for the world.
        """
        used = self.value("inequality", "price_passthrough_used")
        estimate = self.value("prices_and_exchange", "passthrough_rice")
        if used == estimate:
            return f"with prices following at that same elasticity of {used:.2f}"
        return (
            f"with prices following at an elasticity of {used:.2f} set for this world "
            f"(not the estimate of {estimate:.2f} above)"
        )

    def waku_cut_clause(self) -> str:
        """What the 2025 waku cut did to the smuggler's margin, from the car report's two margins.

        The sources report one used-car price on both sides of the cut, so the share that
        reached buyers cannot be measured: the clause says what the margins show and no more.
        """
        gain = self.value("car_unit_economics", "profit_per_car_cny") - self.value(
            "car_unit_economics", "profit_per_car_2024_cny"
        )
        unit = self.unit("car_unit_economics", "profit_per_car_cny")
        return (
            f"at the one reported sale price the cut adds {format_value(gain, unit)} to the margin,"
            " and what reached buyers is not measured"
        )

    def optional(self, report: str, key: str) -> float | None:
        """A figure its report records only when it exists (e.g. a break-even in range)."""
        entry = self.results[report].get(key)
        return None if entry is None or entry.get("value") is None else float(entry["value"])

    def route_clause(self) -> str:
        """Which route an investor prefers, from the investor report's risk-aversion result.

        The expected returns alone would rank the routes for a risk-neutral investor; the
        clause says from which relative risk aversion the state-led route has the highest
        certainty-equivalent return over five years, or that it has it at none in 0 to 5.
        """
        inv = "investor_returns"
        breakeven = self.optional(inv, "breakeven_risk_aversion")
        if breakeven is None:
            return (
                "at no relative risk aversion from 0 to 5 does the state-led route have the "
                "highest certainty-equivalent return"
            )
        higher_mean = self.value(inv, "annual_return_independent") > self.value(
            inv, "annual_return_state_led"
        )
        below = (
            "; a less risk-averse investor takes independent smuggling's higher mean"
            if higher_mean and breakeven > 0
            else ""
        )
        return (
            f"from a relative risk aversion of {breakeven:.2f} up (of 0 to 5) the state-led "
            f"route has the highest certainty-equivalent return over five years{below}"
        )

    def passthrough_clause(self) -> str:
        """The prices report's preferred elasticity with its interval and specification range."""
        pri = "prices_and_exchange"
        low, high = (
            self.value(pri, "passthrough_preferred_ci_low"),
            self.value(pri, "passthrough_preferred_ci_high"),
        )
        spread = (self.value(pri, "passthrough_spec_min"), self.value(pri, "passthrough_spec_max"))
        return (
            f"an elasticity of **{self.value(pri, 'passthrough_preferred'):.2f}** "
            f"(95% interval {low:.2f} to {high:.2f}; {spread[0]:.2f} to {spread[1]:.2f} across "
            f"specifications, {self.value(pri, 'passthrough_n'):.0f} changes)"
        )

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
            href = html.escape(self.href(report), quote=True)
            link = f'<a href="{href}">{html.escape(report)}</a>'
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
    # No parameters of its own: every figure comes from the other reports' runs in its world.
    schema=ReportSchema(params=()),
    required_results={"reports_summarized": "count"},
    upstream=tuple(KEY_FIGURES),
    order=90,
    one_page=True,
)
