"""Parameters and promised results of the car_unit_economics report, the model they build
(:func:`to_model`) and the rows of the report's tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.vehicle import (
    SHARE_FIELDS,
    CarUnitEconomics,
    Sensitivity,
    VehicleDeal,
    VehiclePnL,
    vehicle_pnl,
)
from hyesan_analysis.model.vehicle_checks import ReportCheck
from hyesan_analysis.model.vehicle_classes import VEHICLE_CLASSES, class_deals, midpoint_of
from hyesan_analysis.reporting.authoring.formatting import amount_range, yes_or_no
from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, Rule, at_most
from hyesan_analysis.reporting.specs._world import use

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
        Param(
            "sensitivity_range",
            float,
            0.10,
            "fraction",
            "Relative move of each price in the tornado chart",
            minimum=0.01,
            maximum=0.9,
            rationale="Plus or minus 10% spans the reported 70,000-85,000 CNY price swing of 2025.",
        ),
    ),
    rules=(
        at_most(
            "waku_price_cny", "sale_price_cny", "a waku cannot cost more than the car sells for"
        ),
        at_most(
            "purchase_price_cny",
            "sale_price_cny",
            "a purchase above the sale price is a loss before any fee; check the figures",
        ),
        NEW_CARS_SELL_SLOWER,
        CYCLE_RULE,
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
        "waku_passthrough_to_buyers": "fraction",
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
        "importers_borrow_at_interest",
        "halt_advance_payment_stuck_cny",
        "trading_company_profit_share_practice",
    ),
    order=10,
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
        sensitivity_range=values["sensitivity_range"],
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


# --- rows of the report's tables ---------------------------------------------------------

Row = dict[str, Any]

INPUT_LABELS = {
    "sale_price_cny": "Sale price",
    "purchase_price_cny": "Purchase price in China",
    "waku_price_cny": "Waku",
    "transport_cny": "Transport",
    "company_profit_share": "Company's share",
    "annual_interest_rate": "Interest rate",
    "other_fees_cny": "Other fees",
}
"""Reader names of the deal's inputs (tornado chart and sensitivity table)."""


def pnl_rows(pnl: VehiclePnL) -> list[Row]:
    """Every P&L line with its share of the sale price, then the margin and the net profit."""
    sale = pnl.sale_price_cny
    rows: list[Row] = [
        {
            "line": name,
            "CNY per vehicle": amount,
            "share of sale price": f"{abs(amount) / sale:.1%}",
        }
        for name, amount in pnl.lines()
    ]
    for name, amount in (
        ("Margin (reported 'profit', before financing)", pnl.margin_cny),
        ("Net profit after financing", pnl.net_profit_cny),
    ):
        rows.append(
            {"line": name, "CNY per vehicle": amount, "share of sale price": f"{amount / sale:.1%}"}
        )
    return rows


def waterfall_steps(pnl: VehiclePnL) -> list[tuple[str, float]]:
    """The P&L lines that are not zero, for the waterfall chart."""
    return [(name, amount) for name, amount in pnl.lines() if abs(amount) > 0]


def class_rows(model: CarUnitEconomics) -> list[Row]:
    """The P&L of each vehicle class on the run's terms (the new car on its own cycle)."""
    rows = []
    for vc, deal in class_deals(model.deal, model.new_cycle.total_days):
        pnl = vehicle_pnl(deal)
        profits = (
            "–"
            if vc.profit_range is None
            else amount_range(vc.profit_range[0].value, vc.profit_range[1].value)
            + ("" if vc.profit_range[0].basis == "sourced" else f" ({vc.profit_range[0].basis})")
        )
        rows.append(
            {
                "class": vc.label,
                "sale": deal.sale_price_cny,
                "purchase": deal.purchase_price_cny,
                "transport": deal.transport_cny,
                "waku": deal.waku_price_cny,
                "margin": pnl.margin_cny,
                "days": deal.financing_days,
                "net": pnl.net_profit_cny,
                "profit range": profits,
                "basis of inputs": ", ".join(vc.bases),
            }
        )
    return rows


def check_rows(checks: Sequence[ReportCheck]) -> list[Row]:
    """The model against the reports, one row per check."""
    return [
        {
            "check": c.label,
            "model": c.model_cny,
            "reported": amount_range(c.reported_low.value, c.reported_high.value),
            "inside?": yes_or_no(c.inside),
        }
        for c in checks
    ]


def revenue_rows(model: CarUnitEconomics, passthrough_to_buyers: float) -> list[Row]:
    """The state's revenue view: waku revenue before and after, the growth it needs."""
    return [
        {
            "quantity": "Waku revenue at the reference waku",
            "value": model.reference_revenue_cny,
            "unit": "CNY per year",
        },
        {
            "quantity": "Waku revenue at this waku, same volume",
            "value": model.revenue_cny(),
            "unit": "CNY per year",
        },
        {
            "quantity": "Volume growth needed to keep revenue",
            "value": f"{model.revenue_neutral_growth:.1%}",
            "unit": "of vehicles per year",
        },
        {
            "quantity": "Share of the waku cut passed to buyers",
            "value": f"{passthrough_to_buyers:.0%}",
            "unit": "of the cut",
        },
    ]


def input_span(s: Sensitivity) -> str:
    """The low-to-high inputs of one sensitivity: percentages for shares, CNY otherwise.

    >>> input_span(Sensitivity("company_profit_share", 0.0, 0.2, 0.0, 0.0))
    '0%–20%'
    """
    if s.field in SHARE_FIELDS:
        return f"{s.low_input:.0%}–{s.high_input:.0%}"
    return f"{s.low_input:,.0f}–{s.high_input:,.0f}"


def tornado_labels(sens: Sequence[Sensitivity]) -> list[str]:
    """``"Sale price (74,700–91,300)"``: each input's name and the span it moves over."""
    return [f"{INPUT_LABELS[s.field]} ({input_span(s)})" for s in sens]


def sensitivity_rows(sens: Sequence[Sensitivity]) -> list[Row]:
    """The tornado chart as a table, CNY per vehicle."""
    return [
        {
            "input": INPUT_LABELS[s.field],
            "low input": s.low_input,
            "high input": s.high_input,
            "net profit at low": s.profit_at_low_cny,
            "net profit at high": s.profit_at_high_cny,
            "swing": s.swing_cny,
        }
        for s in sens
    ]


def class_figure_rows() -> list[Row]:
    """Every vehicle-class figure with its basis and its citation, arithmetic or rationale."""
    rows = []
    for vc in VEHICLE_CLASSES:
        for item, fig in (*vc.figures(), *vc.range_figures()):
            detail = fig.citation
            if fig.fact_id is not None:
                detail = f"{detail} [{fig.fact_id}{midpoint_of(fig)}]"
            rows.append(
                {
                    "class": vc.label,
                    "figure": item,
                    "CNY per vehicle": fig.value,
                    "basis": fig.basis,
                    "source, arithmetic or rationale": detail,
                }
            )
    return rows
