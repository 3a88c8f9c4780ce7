"""The four vehicle classes smuggled into Hyesan, with the basis of every figure.

Every figure is a :class:`hyesan_analysis.model.provenance.Figure`: sourced (read from
``facts.csv``), implied (arithmetic on sourced figures, stated in its text) or assumed (with
a rationale). Where a source gives a range, the fact's value is its midpoint and the range is
kept for the report. Money in CNY per vehicle.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.provenance import Figure, assumed, implied, sourced
from hyesan_analysis.model.vehicle import VehicleDeal

__all__ = [
    "MOTORCYCLE",
    "NEW_CAR",
    "USED_CAR",
    "USED_TRUCK",
    "VEHICLE_CLASSES",
    "VehicleClass",
    "class_deals",
    "implied_purchase_price",
    "midpoint_of",
]

UNIT = "CNY per vehicle"


@dataclass(frozen=True)
class VehicleClass:
    """A vehicle class: its per-vehicle figures and, where reported, its profit range.

    Attributes
    ----------
    key, label : str
        Identifier and the name readers see.
    sale_price, purchase_price, transport, waku_price : Figure
        The class's P&L inputs, CNY per vehicle (see :class:`VehicleDeal`).
    reported_profit : (Figure, Figure) or None
        The low and high ends of the reported smuggler's profit, CNY per vehicle.
    """

    key: str
    label: str
    sale_price: Figure
    purchase_price: Figure
    transport: Figure
    waku_price: Figure
    reported_profit: tuple[Figure, Figure] | None = None

    def figures(self) -> tuple[tuple[str, Figure], ...]:
        """The class's P&L figures with their names, in P&L order."""
        return (
            ("sale price", self.sale_price),
            ("purchase price", self.purchase_price),
            ("transport", self.transport),
            ("waku", self.waku_price),
        )

    @property
    def bases(self) -> tuple[str, ...]:
        """The distinct bases of the class's figures, sorted."""
        return tuple(sorted({f.basis for _, f in self.figures()}))

    def deal(self, **overrides: float) -> VehicleDeal:
        """The class's deal at its figures (before financing), with optional overrides."""
        values = {
            "sale_price_cny": self.sale_price.value,
            "purchase_price_cny": self.purchase_price.value,
            "transport_cny": self.transport.value,
            "waku_price_cny": self.waku_price.value,
        }
        values.update(overrides)
        return VehicleDeal(**values)


def midpoint_of(figure: Figure) -> str:
    """`` (midpoint of low–high)`` when a sourced figure is the midpoint of a range, else ``""``.

    >>> midpoint_of(sourced("used_truck_price_2025_cny"))
    ' (midpoint of 55,000–65,000)'
    """
    if figure.fact_id is None or figure.fact_field != "value":
        return ""
    fact = get_fact(figure.fact_id)
    if fact.low is None or fact.high is None or fact.low == fact.high:
        return ""
    return f" (midpoint of {fact.low:,.0f}–{fact.high:,.0f})"


def implied_purchase_price(
    sale_price: Figure, reported_profit: Figure, waku_price: Figure, transport: Figure
) -> Figure:
    """The purchase price that makes the reported profit: sale - profit - waku - transport.

    Used where a source gives a class's sale price and profit but not its cost in China.
    """
    value = sale_price.value - reported_profit.value - waku_price.value - transport.value
    terms = " - ".join(
        f"{name} {f.value:,.0f}{midpoint_of(f)}"
        for name, f in (
            ("sale", sale_price),
            ("reported profit", reported_profit),
            ("waku", waku_price),
            ("transport", transport),
        )
    )
    return implied(value, UNIT, f"{terms} = {value:,.0f}")


def _reported(fact_id: str) -> tuple[Figure, Figure]:
    return sourced(fact_id, "low"), sourced(fact_id, "high")


_WAKU = sourced("waku_price_2025_cny")
_TRANSPORT = sourced("transport_cost_per_vehicle_2024_cny")


def _same_waku() -> Figure:
    return assumed(
        _WAKU.value,
        UNIT,
        f"assumed equal to the used-car waku ({_WAKU.value:,.0f} CNY, {_WAKU.fact_id}): the "
        "sources price the waku per vehicle without distinguishing classes",
    )


def _same_transport() -> Figure:
    return assumed(
        _TRANSPORT.value,
        UNIT,
        f"assumed equal to the used-car crossing cost ({_TRANSPORT.fact_id}): a car and a truck "
        "need the same crew",
    )


USED_CAR = VehicleClass(
    key="used_car",
    label="Used car",
    sale_price=sourced("used_car_sale_price_2025_cny"),
    purchase_price=sourced("used_car_purchase_price_china_2024_cny"),
    transport=_TRANSPORT,
    waku_price=_WAKU,
    reported_profit=_reported("smuggler_profit_per_car_2025_cny"),
)

NEW_CAR = VehicleClass(
    key="new_car",
    label="New car",
    sale_price=assumed(
        150000,
        UNIT,
        "no sourced price; a new Chinese mid-size car (BYD, Toyota Camry and Hongqi are seen in "
        "Hyesan) costs roughly 110,000-130,000 CNY in China and must sell above that plus waku",
    ),
    purchase_price=assumed(
        120000, UNIT, "mid-range Chinese list price for the brands photographed in Hyesan"
    ),
    transport=_same_transport(),
    waku_price=_same_waku(),
)

_TRUCK_SALE = sourced("used_truck_price_2025_cny")
_TRUCK_TRANSPORT = _same_transport()
_TRUCK_WAKU = _same_waku()
USED_TRUCK = VehicleClass(
    key="used_truck",
    label="Used truck",
    sale_price=_TRUCK_SALE,
    purchase_price=implied_purchase_price(
        _TRUCK_SALE, sourced("smuggler_profit_per_truck_2025_cny"), _TRUCK_WAKU, _TRUCK_TRANSPORT
    ),
    transport=_TRUCK_TRANSPORT,
    waku_price=_TRUCK_WAKU,
    reported_profit=_reported("smuggler_profit_per_truck_2025_cny"),
)

_MOTORCYCLE_SALE = sourced("used_motorcycle_price_2025_cny")
_MOTORCYCLE_TRANSPORT = assumed(
    300, UNIT, "a motorcycle crosses with one person, about an eighth of a car's crew"
)
_MOTORCYCLE_WAKU = assumed(
    1000,
    UNIT,
    f"no sourced motorcycle waku; a car-sized waku ({_WAKU.value:,.0f}) would exceed the sale "
    "price",
)
MOTORCYCLE = VehicleClass(
    key="motorcycle",
    label="Used motorcycle",
    sale_price=_MOTORCYCLE_SALE,
    purchase_price=implied_purchase_price(
        _MOTORCYCLE_SALE,
        sourced("smuggler_profit_per_motorcycle_2025_cny"),
        _MOTORCYCLE_WAKU,
        _MOTORCYCLE_TRANSPORT,
    ),
    transport=_MOTORCYCLE_TRANSPORT,
    waku_price=_MOTORCYCLE_WAKU,
    reported_profit=_reported("smuggler_profit_per_motorcycle_2025_cny"),
)

VEHICLE_CLASSES: tuple[VehicleClass, ...] = (USED_CAR, NEW_CAR, USED_TRUCK, MOTORCYCLE)


def class_deals(used_car: VehicleDeal) -> list[tuple[VehicleClass, VehicleDeal]]:
    """Each class's deal on the used car's financing terms; the used car is ``used_car`` itself.

    Parameters
    ----------
    used_car : VehicleDeal
        The used car at a run's parameters: its interest rate and financing days apply to
        every class; the other classes keep their own figures (no other fees, no company share).
    """
    terms = {
        "annual_interest_rate": used_car.annual_interest_rate,
        "financing_days": used_car.financing_days,
    }
    return [(vc, used_car if vc is USED_CAR else vc.deal(**terms)) for vc in VEHICLE_CLASSES]
