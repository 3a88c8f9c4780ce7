"""The four vehicle classes smuggled into Hyesan, with the basis of every figure.

Every figure is a :class:`hyesan_analysis.model.provenance.Figure`: sourced (read from
``facts.csv``), implied (arithmetic on sourced figures, stated in its text) or assumed (with
a rationale). Where a source gives a range, the fact's value is its midpoint and the range is
kept for the report. Money in CNY per vehicle.

Both reports that price a car use these figures: the car report's table of classes, and the
investor model's new cars (``hyesan_analysis.model.investor``), so a new car is defined once.
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
    "implied_sale_price",
    "margin_spread",
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
    profit_range : (Figure, Figure) or None
        The low and high ends of the smuggler's profit per vehicle after the waku, CNY per
        vehicle: reported (sourced) for most classes, assumed for the new car.
    """

    key: str
    label: str
    sale_price: Figure
    purchase_price: Figure
    transport: Figure
    waku_price: Figure
    profit_range: tuple[Figure, Figure] | None = None

    def figures(self) -> tuple[tuple[str, Figure], ...]:
        """The class's P&L figures with their names, in P&L order."""
        return (
            ("sale price", self.sale_price),
            ("purchase price", self.purchase_price),
            ("transport", self.transport),
            ("waku", self.waku_price),
        )

    def range_figures(self) -> tuple[tuple[str, Figure], ...]:
        """The ends of the class's profit range with their names (none without a range)."""
        if self.profit_range is None:
            return ()
        low, high = self.profit_range
        return (("profit, low end", low), ("profit, high end", high))

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


def implied_sale_price(
    purchase_price: Figure,
    profit_range: tuple[Figure, Figure],
    waku_price: Figure,
    transport: Figure,
) -> Figure:
    """The sale price that leaves the middle of a profit range: purchase + transport + waku +
    profit.

    Used where the cost in China and the profit are known (or assumed) but not the price.
    """
    low, high = profit_range
    profit = 0.5 * (low.value + high.value)
    value = purchase_price.value + transport.value + waku_price.value + profit
    terms = " + ".join(
        f"{name} {f.value:,.0f}"
        for name, f in (
            ("purchase", purchase_price),
            ("transport", transport),
            ("waku", waku_price),
        )
    )
    text = (
        f"{terms} + profit {profit:,.0f} (middle of the {low.basis} "
        f"{low.value:,.0f}–{high.value:,.0f}) = {value:,.0f}"
    )
    return implied(value, UNIT, text)


def margin_spread(vc: VehicleClass) -> Figure:
    """Half the width of a class's profit range, CNY per vehicle: how far one cycle's margin
    may fall either side of the deal's margin in the investor model's draws.

    Implied when both ends are sourced, assumed when the range is.

    >>> margin_spread(USED_CAR).value, margin_spread(USED_CAR).basis
    (1000.0, 'implied')
    """
    if vc.profit_range is None:
        raise ValueError(f"{vc.key}: no profit range to take a spread from")
    low, high = vc.profit_range
    value = 0.5 * (high.value - low.value)
    arithmetic = f"({high.value:,.0f} − {low.value:,.0f}) / 2"
    if low.basis == high.basis == "sourced":
        return implied(
            value,
            UNIT,
            f"half the width of the reported {vc.label.lower()} profit range "
            f"{low.value:,.0f}–{high.value:,.0f} ({low.fact_id}): {arithmetic}",
        )
    return assumed(
        value,
        UNIT,
        f"half the width of the assumed {vc.label.lower()} profit range "
        f"{low.value:,.0f}–{high.value:,.0f}: {arithmetic}",
    )


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
    profit_range=_reported("smuggler_profit_per_car_2025_cny"),
)

# The new car: the cost in China and the profit are assumed, the price follows from them.
# A new car earns more per car than a used one but ties up twice the capital for longer
# (new cars sell more slowly, founding report); a price that left it less than a used
# car's margin would be a car no importer brings in.
_NEW_PURCHASE = assumed(
    120000,
    UNIT,
    "no sourced price; a mid-range Chinese list price for the brands photographed in Hyesan "
    "(BYD, Toyota Camry, Hongqi cost roughly 110,000-130,000 CNY in China)",
)
_NEW_PROFIT = (
    assumed(
        15000,
        UNIT,
        "no sourced profit; a new car is assumed to earn more per car than a used one "
        "(10,000-12,000 reported) but less per unit of capital, which it ties up longer",
    ),
    assumed(25000, UNIT, "see the low end; a spread as wide as the used car's, relative to cost"),
)
_NEW_TRANSPORT = _same_transport()
_NEW_WAKU = _same_waku()
NEW_CAR = VehicleClass(
    key="new_car",
    label="New car",
    sale_price=implied_sale_price(_NEW_PURCHASE, _NEW_PROFIT, _NEW_WAKU, _NEW_TRANSPORT),
    purchase_price=_NEW_PURCHASE,
    transport=_NEW_TRANSPORT,
    waku_price=_NEW_WAKU,
    profit_range=_NEW_PROFIT,
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
    profit_range=_reported("smuggler_profit_per_truck_2025_cny"),
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
    profit_range=_reported("smuggler_profit_per_motorcycle_2025_cny"),
)

VEHICLE_CLASSES: tuple[VehicleClass, ...] = (USED_CAR, NEW_CAR, USED_TRUCK, MOTORCYCLE)


def class_deals(
    used_car: VehicleDeal, new_car_financing_days: float
) -> list[tuple[VehicleClass, VehicleDeal]]:
    """Each class's deal on the run's terms; the used car is ``used_car`` itself.

    Parameters
    ----------
    used_car : VehicleDeal
        The used car at a run's parameters: its interest rate and the trading company's
        share apply to every class, and its financing days (the used car's capital cycle) to
        every class but the new car. The other classes keep their own figures (no other fees).
    new_car_financing_days : float
        The new car's capital cycle, days (it sells more slowly).
    """
    out = []
    for vc in VEHICLE_CLASSES:
        if vc is USED_CAR:
            out.append((vc, used_car))
            continue
        days = new_car_financing_days if vc is NEW_CAR else used_car.financing_days
        deal = vc.deal(
            company_profit_share=used_car.company_profit_share,
            annual_interest_rate=used_car.annual_interest_rate,
            financing_days=days,
        )
        out.append((vc, deal))
    return out
