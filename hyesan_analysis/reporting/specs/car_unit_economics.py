"""Parameters and promised results of the car_unit_economics report, the model they build
(:func:`to_model`) and the rows of the report's tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hyesan_analysis.model.vehicle import (
    SHARE_FIELDS,
    CarUnitEconomics,
    Sensitivity,
    VehicleDeal,
    VehiclePnL,
    financing_days,
    vehicle_pnl,
)
from hyesan_analysis.model.vehicle_checks import ReportCheck
from hyesan_analysis.model.vehicle_classes import VEHICLE_CLASSES, class_deals, midpoint_of
from hyesan_analysis.reporting.authoring.formatting import amount_range, yes_or_no
from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.schema import Param, ReportSchema, at_most
from hyesan_analysis.reporting.specs._shared import APPROVAL_DAYS, INSPECTION_DAYS

SCHEMA = ReportSchema(
    params=(
        Param.from_fact(
            "waku_price_cny",
            float,
            "waku_price_2025_cny",
            "CNY per vehicle",
            "Waku (state trading certificate) price per vehicle",
            minimum=0,
            maximum=200000,
        ),
        Param.from_fact(
            "sale_price_cny",
            float,
            "used_car_sale_price_2025_cny",
            "CNY per vehicle",
            "Sale price of a used car in Hyesan",
            minimum=1,
            maximum=500000,
        ),
        Param.from_fact(
            "purchase_price_cny",
            float,
            "used_car_purchase_price_china_2024_cny",
            "CNY per vehicle",
            "Purchase price of a used car in China",
            minimum=0,
            maximum=500000,
        ),
        Param.from_fact(
            "transport_cny",
            float,
            "transport_cost_per_vehicle_2024_cny",
            "CNY per vehicle",
            "Transport (crossing crew) per vehicle",
            minimum=0,
            maximum=50000,
        ),
        Param(
            "other_fees_cny",
            float,
            0.0,
            "CNY per vehicle",
            "Other per-vehicle fees (bribes, registration)",
            minimum=0,
            maximum=100000,
            rationale="The June 2024 cost build-up (45,000 + 30,000 + 2,500 = 77,500 CNY) lists "
            "no other fee; raise it to test unreported costs.",
        ),
        Param(
            "company_profit_share",
            float,
            0.0,
            "share",
            "Trading company's share of the margin after costs",
            minimum=0,
            maximum=1,
            rationale="The reported profit per car is what the smuggler keeps; the company is "
            "paid through the waku it lends for a commission, and no further split is reported.",
        ),
        Param(
            "annual_interest_rate",
            float,
            0.10,
            "per year",
            "Simple interest on the capital tied up until sale",
            minimum=0,
            maximum=3,
            rationale="Importers borrow at interest (sourced in words, no rate given); 10% a year "
            "is a placeholder for informal credit. Reported profits are read as before financing.",
        ),
        INSPECTION_DAYS,
        APPROVAL_DAYS,
        Param(
            "time_to_sale_days",
            int,
            5,
            "days",
            "Days from approval to a buyer's cash",
            minimum=0,
            maximum=730,
            rationale="Used cars sell fast (new cars more slowly, per the founding report); "
            "five days is an assumption.",
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
            "vehicles_per_year",
            int,
            2000,
            "vehicles per year",
            "Smuggled vehicles per year through Hyesan at the reference waku",
            minimum=1,
            maximum=1_000_000,
            rationale="No sourced annual count; Asia Press saw 100 to several hundred vehicles "
            "waiting in central Hyesan at once (Sept 2025) along 24+ routes. Revenue scales "
            "linearly with this number; the revenue-neutral growth does not depend on it.",
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
    ),
)

SPEC = ReportSpec(
    name="car_unit_economics",
    title="What one smuggled vehicle earns, and who takes what",
    question="What does one smuggled vehicle earn in Hyesan, and how is it split between the "
    "smuggler, the state's waku and the costs?",
    schema=SCHEMA,
    required_results={
        "profit_per_car_cny": "CNY per vehicle",
        "profit_per_car_2024_cny": "CNY per vehicle",
        "profit_per_car_2025_cny": "CNY per vehicle",
        "net_profit_per_car_cny": "CNY per vehicle",
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
        "trading_company_profit_share_practice",
    ),
    order=10,
)


def to_model(values: Mapping[str, Any]) -> CarUnitEconomics:
    """The report's model from its validated parameters (``SCHEMA.validate`` output).

    The deal's financing period is the inspection, approval and selling days together.

    >>> m = to_model(SCHEMA.defaults())
    >>> m.pnl.margin_cny, m.deal.financing_days
    (10500.0, 20)
    """
    deal = VehicleDeal(
        sale_price_cny=values["sale_price_cny"],
        purchase_price_cny=values["purchase_price_cny"],
        transport_cny=values["transport_cny"],
        waku_price_cny=values["waku_price_cny"],
        other_fees_cny=values["other_fees_cny"],
        company_profit_share=values["company_profit_share"],
        annual_interest_rate=values["annual_interest_rate"],
        financing_days=financing_days(
            values["inspection_days"], values["approval_days"], values["time_to_sale_days"]
        ),
    )
    return CarUnitEconomics(
        deal=deal,
        reference_waku_cny=values["reference_waku_cny"],
        vehicles_per_year=values["vehicles_per_year"],
        sensitivity_range=values["sensitivity_range"],
    )


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


def class_rows(used_car: VehicleDeal) -> list[Row]:
    """The P&L of each vehicle class on the used car's financing terms."""
    rows = []
    for vc, deal in class_deals(used_car):
        pnl = vehicle_pnl(deal)
        reported = (
            "–"
            if vc.reported_profit is None
            else amount_range(vc.reported_profit[0].value, vc.reported_profit[1].value)
        )
        rows.append(
            {
                "class": vc.label,
                "sale": deal.sale_price_cny,
                "purchase": deal.purchase_price_cny,
                "transport": deal.transport_cny,
                "waku": deal.waku_price_cny,
                "margin": pnl.margin_cny,
                "net": pnl.net_profit_cny,
                "reported profit": reported,
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
        for item, fig in vc.figures():
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
