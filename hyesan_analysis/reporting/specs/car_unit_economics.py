"""Parameters and promised results of the car_unit_economics report."""

from __future__ import annotations

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
        "importers_borrow_at_interest",
        "trading_company_profit_share_practice",
    ),
    order=10,
)
