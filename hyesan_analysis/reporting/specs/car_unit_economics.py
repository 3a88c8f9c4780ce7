"""Parameters and promised results of the car_unit_economics report, the model they build
(:func:`to_model`) and the rows of the report's tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.provenance import Figure, assumed, implied, sourced
from hyesan_analysis.model.vehicle import (
    CarUnitEconomics,
    VehicleDeal,
    widened_to,
)
from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, Rule, at_most
from hyesan_analysis.reporting.specs._world import (
    ANNUAL_INTEREST_RATE_RANGE_PER_YEAR,
    CREDIT_HIGH_FACTS,
    CREDIT_LOW_FACT,
    use,
)

#: The stages of a used car's capital cycle, in days (the fields of ``CapitalCycle``).
CYCLE_STAGE_DAYS = (
    "procurement_days",
    "crossing_days",
    "inspection_days",
    "approval_days",
    "time_to_sale_days",
)


def _cycle_has_days(values: Mapping[str, Any]) -> str | None:
    if sum(values[n] for n in CYCLE_STAGE_DAYS) <= 0:
        return "expected a capital cycle longer than 0 days"
    return None


#: The cycle must last: a car bought and sold the same day has no cycle to turn over.
CYCLE_RULE = Rule(CYCLE_STAGE_DAYS, _cycle_has_days)


def _waku_is_priced(values: Mapping[str, Any]) -> str | None:
    if values["waku_price_cny"] <= 0:
        return (
            "expected a waku above 0 CNY: the report weighs the state's waku revenue, "
            "which a free waku does not have"
        )
    return None


#: The revenue view compares waku revenue before and after: a waku of zero has none.
WAKU_PRICED_RULE = Rule(("waku_price_cny",), _waku_is_priced)


def _some_margin_left(values: Mapping[str, Any]) -> str | None:
    if values["company_profit_share"] >= 1 and values["annual_interest_rate"] > 0:
        return (
            "expected a company share below 1 when the capital costs interest: a company that "
            "takes the whole margin leaves no sale price at which a car breaks even"
        )
    return None


#: The report records the break-even sale price; it exists only if some margin is left.
SOME_MARGIN_LEFT_RULE = Rule(("company_profit_share", "annual_interest_rate"), _some_margin_left)
#: New cars sell more slowly than used ones (founding report).
NEW_CARS_SELL_SLOWER = at_most(
    "time_to_sale_days",
    "new_time_to_sale_days",
    "new cars sell more slowly than used ones (founding report)",
)

SCHEMA = ReportSchema(
    params=(
        *use(
            "sale_price_cny",
            "purchase_price_cny",
            "transport_cny",
            "waku_price_cny",
            "other_fees_cny",
            "company_profit_share",
            "annual_interest_rate",
            *CYCLE_STAGE_DAYS,
            "new_time_to_sale_days",
            "vehicles_per_year",
        ),
        Param.from_fact(
            "reference_waku_cny",
            float,
            "waku_price_2024_cny",
            "CNY per vehicle",
            "Waku before the 2025 cut (for revenue comparisons)",
            minimum=1,
            maximum=200000,
        ),
    ),
    rules=(
        at_most(
            "waku_price_cny", "sale_price_cny", "a waku cannot cost more than the car sells for"
        ),
        NEW_CARS_SELL_SLOWER,
        CYCLE_RULE,
        WAKU_PRICED_RULE,
        SOME_MARGIN_LEFT_RULE,
    ),
)

#: What the car report records about the used car's deal, with a label each: the figures
#: the investor report builds its state-led route from (``rn.upstream_value``).
DEAL_RESULTS: dict[str, str] = {
    "profit_per_car_cny": "Margin per used car (after the waku, fees and the company's share; "
    "before financing)",
    "company_share_per_car_cny": "Trading company's share of the margin, per used car",
    "upfront_capital_cny": "Capital paid out before the sale, per used car",
    "cycle_days": "Capital cycle of a used car (advance payment to a buyer's cash)",
    "net_profit_per_car_cny": "Net profit per used car (after financing over the cycle)",
}

SPEC = ReportSpec(
    name="car_unit_economics",
    title="What one smuggled vehicle earns, and who takes what",
    question="What does one smuggled vehicle earn in Hyesan, and how is it split between the "
    "smuggler, the state's waku and the costs?",
    schema=SCHEMA,
    required_results={
        "profit_per_car_cny": "CNY per vehicle",
        "company_share_per_car_cny": "CNY per vehicle",
        "upfront_capital_cny": "CNY per vehicle",
        "cycle_days": "days",
        "net_profit_per_car_cny": "CNY per vehicle",
        "profit_per_car_2024_cny": "CNY per vehicle",
        "profit_per_car_2025_cny": "CNY per vehicle",
        "waku_revenue_neutral_volume_growth": "fraction",
        "breakeven_sale_price_cny": "CNY per vehicle",
        "margin_at_70000_cny": "CNY per vehicle",
        "net_profit_at_70000_cny": "CNY per vehicle",
        "sale_price_total_sobol_index": "fraction",
    },
    cited_facts=(
        "smuggler_profit_per_car_2024_cny",
        "smuggler_profit_per_car_2025_cny",
        "landed_cost_used_car_2024_cny",
        "waku_price_june_2024_cny",
        "used_car_share_of_smuggled_vehicles",
        "used_truck_price_2025_cny",
        "smuggler_profit_per_truck_2025_cny",
        "used_motorcycle_price_2025_cny",
        "smuggler_profit_per_motorcycle_2025_cny",
        "used_car_price_before_halt_2025_cny",
        "used_car_price_after_halt_2025_cny",
        "used_car_sale_price_2024_cny",
        "waku_price_2024_cny",
        CREDIT_LOW_FACT,
        *CREDIT_HIGH_FACTS,
        "importers_borrow_at_interest",
        "halt_advance_payment_stuck_cny",
        "trading_company_profit_share_practice",
    ),
    order=10,
)


# --- the stated range of each uncertain input --------------------------------------------

#: Used-car prices observed in Hyesan in 2025, each a fact: (fact id, when, in words).
OBSERVED_SALE_PRICES: tuple[tuple[str, str], ...] = (
    ("used_car_price_before_halt_2025_cny", "April–May 2025, before the halt"),
    ("used_car_sale_price_2025_cny", "early 2025 (and 2024)"),
    ("used_car_price_after_halt_2025_cny", "June 2025, after a month of halt"),
)
#: The low observed price whose margin the report records (``margin_at_70000_cny``).
LOW_PRICE_FACT = "used_car_price_before_halt_2025_cny"


@dataclass(frozen=True)
class StatedRange:
    """The range an input of the deal is varied over, each end with its basis.

    Attributes
    ----------
    field : str
        A field of :class:`~hyesan_analysis.model.vehicle.VehicleDeal`.
    low, high : Figure
        The ends as stated (sourced, implied or assumed).
    run_value : float
        This run's value of the input; the range used is widened to include it.
    """

    field: str
    low: Figure
    high: Figure
    run_value: float

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)`` widened to this run's value, in the input's unit."""
        return widened_to(self.run_value, self.low.value, self.high.value)

    @property
    def widened(self) -> bool:
        """Whether this run's value lies outside the stated range (so the range was widened)."""
        return self.bounds != (self.low.value, self.high.value)

    @property
    def basis(self) -> str:
        """``"sourced"`` when both ends are read from the sources, else the weaker basis."""
        bases = {self.low.basis, self.high.basis}
        return "assumed" if "assumed" in bases else "implied" if "implied" in bases else "sourced"


def _credit_range() -> tuple[Figure, Figure]:
    low, high = ANNUAL_INTEREST_RATE_RANGE_PER_YEAR
    return (
        implied(
            low, "per year", f"12 × {low / 12:.0%} a month from an acquaintance ({CREDIT_LOW_FACT})"
        ),
        implied(
            high,
            "per year",
            f"12 × {high / 12:.0%} a month, a loan shark and the top of 5–10% a month charged "
            f"by moneylenders ({', '.join(CREDIT_HIGH_FACTS)})",
        ),
    )


def stated_ranges(deal: VehicleDeal) -> tuple[StatedRange, ...]:
    """The range of each input the report's sensitivities vary, sourced where possible.

    The sale price spans the prices observed in 2025 (70,000 before the May halt, 85,000
    after it), the waku its two levels (30,000 in 2024, 25,000 after the cut), the interest
    rate the sourced informal credit (5–10% a month). The sources give no range for the
    company's share or other fees: those move from zero to a stated, assumed high. The
    purchase price and transport are single sourced figures with no reported spread and are
    held at this run's values.
    """
    rate_low, rate_high = _credit_range()
    return (
        StatedRange(
            "sale_price_cny",
            sourced("used_car_price_before_halt_2025_cny"),
            sourced("used_car_price_after_halt_2025_cny"),
            deal.sale_price_cny,
        ),
        StatedRange(
            "waku_price_cny",
            sourced("waku_price_2025_cny"),
            sourced("waku_price_2024_cny"),
            deal.waku_price_cny,
        ),
        StatedRange("annual_interest_rate", rate_low, rate_high, deal.annual_interest_rate),
        StatedRange(
            "company_profit_share",
            assumed(0.0, "share", "the reported profits leave nothing more to the company"),
            assumed(
                0.2,
                "share",
                "trading companies share in import profits (sourced) at no reported rate; "
                "a fifth of the margin is an assumed upper end",
            ),
            deal.company_profit_share,
        ),
        StatedRange(
            "other_fees_cny",
            assumed(0.0, "CNY per vehicle", "the June 2024 cost build-up lists no other fee"),
            assumed(
                2000.0,
                "CNY per vehicle",
                "an assumed upper end for unreported bribes or registration, under a tenth of "
                "the waku",
            ),
            deal.other_fees_cny,
        ),
    )


def to_model(values: Mapping[str, Any]) -> CarUnitEconomics:
    """The report's model from its validated parameters (``SCHEMA.validate`` output).

    A car is paid for in advance, so the deal is financed over the whole capital cycle.

    >>> m = to_model(SCHEMA.defaults())
    >>> m.pnl.margin_cny, m.deal.financing_days
    (10500.0, 41.0)
    """
    cycle = CapitalCycle(**{name: values[name] for name in CYCLE_STAGE_DAYS})
    deal = VehicleDeal(
        sale_price_cny=values["sale_price_cny"],
        purchase_price_cny=values["purchase_price_cny"],
        transport_cny=values["transport_cny"],
        waku_price_cny=values["waku_price_cny"],
        other_fees_cny=values["other_fees_cny"],
        company_profit_share=values["company_profit_share"],
        annual_interest_rate=values["annual_interest_rate"],
        financing_days=cycle.total_days,
    )
    return CarUnitEconomics(
        deal=deal,
        cycle=cycle,
        new_time_to_sale_days=values["new_time_to_sale_days"],
        reference_waku_cny=values["reference_waku_cny"],
        vehicles_per_year=values["vehicles_per_year"],
        ranges={r.field: r.bounds for r in stated_ranges(deal)},
    )


def deal_results(model: CarUnitEconomics) -> dict[str, float]:
    """The figures of :data:`DEAL_RESULTS` at a run's model, CNY per vehicle and days.

    >>> deal_results(to_model(SCHEMA.defaults()))["upfront_capital_cny"]
    72500.0
    """
    pnl = model.pnl
    return {
        "profit_per_car_cny": pnl.margin_cny,
        "company_share_per_car_cny": pnl.company_share_cny,
        "upfront_capital_cny": model.upfront_capital_cny,
        "cycle_days": model.cycle.total_days,
        "net_profit_per_car_cny": pnl.net_profit_cny,
    }
