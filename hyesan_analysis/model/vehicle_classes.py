"""The four vehicle classes smuggled into Hyesan, with the basis of every figure.

Pure data: each figure is sourced (a fact id in hyesan_analysis/data/facts.csv), implied
(derived from sourced figures by the stated arithmetic) or assumed (with a rationale).
Where a source gives a range, the midpoint is used and the range is kept for the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyesan_analysis.model.vehicle import VehicleDeal


@dataclass(frozen=True)
class Figure:
    """One number in a class's P&L and where it comes from."""

    value_cny: float
    basis: str  # "sourced" | "implied" | "assumed"
    detail: str  # fact id(s) for sourced, the arithmetic for implied, the rationale if assumed

    def __post_init__(self) -> None:
        if self.basis not in ("sourced", "implied", "assumed"):
            raise ValueError(f"basis: expected sourced, implied or assumed, got {self.basis!r}")


@dataclass(frozen=True)
class VehicleClass:
    """A vehicle class: its per-vehicle figures, CNY per vehicle."""

    key: str
    label: str
    sale_price: Figure
    purchase_price: Figure
    transport: Figure
    waku: Figure
    reported_profit_low_cny: float | None = None
    reported_profit_high_cny: float | None = None
    reported_profit_fact: str | None = None

    def deal(self, **overrides: float) -> VehicleDeal:
        """The class's deal at its figures (before financing), with optional overrides."""
        values = {
            "sale_price_cny": self.sale_price.value_cny,
            "purchase_price_cny": self.purchase_price.value_cny,
            "transport_cny": self.transport.value_cny,
            "waku_cny": self.waku.value_cny,
        }
        values.update(overrides)
        return VehicleDeal(**values)


_SAME_WAKU = (
    "assumed equal to the used-car waku (25,000 CNY, waku_price_2025_cny): the sources price "
    "the waku per vehicle without distinguishing classes"
)
_SAME_TRANSPORT = (
    "assumed equal to the used-car crossing cost (transport_cost_per_vehicle_2024_cny): a car "
    "and a truck need the same crew"
)

USED_CAR = VehicleClass(
    key="used_car",
    label="Used car",
    sale_price=Figure(83000, "sourced", "used_car_sale_price_2025_cny"),
    purchase_price=Figure(45000, "sourced", "used_car_purchase_price_china_2024_cny"),
    transport=Figure(2500, "sourced", "transport_cost_per_vehicle_2024_cny"),
    waku=Figure(25000, "sourced", "waku_price_2025_cny"),
    reported_profit_low_cny=10000,
    reported_profit_high_cny=12000,
    reported_profit_fact="smuggler_profit_per_car_2025_cny",
)

NEW_CAR = VehicleClass(
    key="new_car",
    label="New car",
    sale_price=Figure(
        150000,
        "assumed",
        "no sourced price; a new Chinese mid-size car (BYD, Toyota Camry and Hongqi are seen in "
        "Hyesan) costs roughly 110,000-130,000 CNY in China and must sell above that plus waku",
    ),
    purchase_price=Figure(
        120000, "assumed", "mid-range Chinese list price for the brands photographed in Hyesan"
    ),
    transport=Figure(2500, "assumed", _SAME_TRANSPORT),
    waku=Figure(25000, "assumed", _SAME_WAKU),
)

USED_TRUCK = VehicleClass(
    key="used_truck",
    label="Used truck",
    sale_price=Figure(60000, "sourced", "used_truck_price_2025_cny (midpoint of 55,000-65,000)"),
    purchase_price=Figure(
        30000,
        "implied",
        "sale 60,000 - reported profit 2,500 (midpoint) - waku 25,000 - transport 2,500",
    ),
    transport=Figure(2500, "assumed", _SAME_TRANSPORT),
    waku=Figure(25000, "assumed", _SAME_WAKU),
    reported_profit_low_cny=2000,
    reported_profit_high_cny=3000,
    reported_profit_fact="smuggler_profit_per_truck_2025_cny",
)

MOTORCYCLE = VehicleClass(
    key="motorcycle",
    label="Used motorcycle",
    sale_price=Figure(8500, "sourced", "used_motorcycle_price_2025_cny (midpoint of 7,000-10,000)"),
    purchase_price=Figure(
        6800, "implied", "sale 8,500 - reported profit 400 - waku 1,000 - transport 300"
    ),
    transport=Figure(
        300, "assumed", "a motorcycle crosses with one person, about an eighth of a car's crew"
    ),
    waku=Figure(
        1000,
        "assumed",
        "no sourced motorcycle waku; a car-sized waku (25,000) would exceed the sale price",
    ),
    reported_profit_low_cny=400,
    reported_profit_high_cny=400,
    reported_profit_fact="smuggler_profit_per_motorcycle_2025_cny",
)

VEHICLE_CLASSES: tuple[VehicleClass, ...] = (USED_CAR, NEW_CAR, USED_TRUCK, MOTORCYCLE)
