"""The documented losses of a used car's cycle: what it earns when a cycle goes wrong.

A cycle of used cars normally earns the deal's margin (drawn within the margin spread). The
sources record cycles that lose money instead; each is a ``DownsideEvent`` with the margin a
used car earns when it happens and its chance per cycle:

- ``price_slump``: the Hyesan used-car price stood at 70,000 CNY about a month before the
  mid-May 2025 halt (fact ``used_car_price_before_halt_2025_cny``), below the 72,500 landed
  cost of the 2025 deal: the margin falls by the sale price less 70,000.
- ``sold_below_cost``: when Chinese traders inflated their prices, imported cars were sold
  20,000-30,000 below cost (fact ``used_car_sale_below_cost_cny``).
- ``poor_quality``: a poor-quality car bought for 70,000-72,000 resold for about 20,000, a
  loss of 52,000 (fact ``poor_quality_car_loss_cny``).

The losses are sourced; how often they happen is a report parameter (the price slump's from
the months of the record it covers, the others assumed). Events exclude each other within a
cycle and hit the whole cycle's cars (the model's unit is one cycle's shipment, as for a
seizure). They apply to used cars on both car routes (the same market); new cars keep their
own margin draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.finance import require_cny_per_car, require_in_range

__all__ = [
    "BELOW_COST_FACT",
    "HALT_PRICE_AFTER_FACT",
    "POOR_QUALITY_FACT",
    "PRICE_SLUMP_FACT",
    "RECORD_MONTHS",
    "SLUMP_MONTHS",
    "DownsideEvent",
    "halt_what_if_windfall_cny",
    "halt_windfall_cny",
    "known_halt_windfall_cny",
    "used_car_downside_events",
]

#: The spring 2025 price of a used car in Hyesan, below the landed cost.
PRICE_SLUMP_FACT = "used_car_price_before_halt_2025_cny"
#: How far below cost cars sold when Chinese traders inflated their prices (a range).
BELOW_COST_FACT = "used_car_sale_below_cost_cny"
#: The loss on one poor-quality used car.
POOR_QUALITY_FACT = "poor_quality_car_loss_cny"
#: The used-car price after more than a month without smuggling (June 2025).
HALT_PRICE_AFTER_FACT = "used_car_price_after_halt_2025_cny"
#: Months of the record of Hyesan car prices and stops the frequencies are read from: June
#: 2024 (the cost build-up) to June 2025 (the price after the halt), inclusive.
RECORD_MONTHS = 13
#: Months of that record at the slump price (April and May 2025, before the halt).
SLUMP_MONTHS = 2


@dataclass(frozen=True)
class DownsideEvent:
    """A way a cycle of used cars loses money.

    Parameters
    ----------
    name : str
        Short key (``price_slump``...).
    label : str
        What a reader calls it.
    margin_low_cny, margin_high_cny : float
        Range of a used car's state-led margin (after waku, fees and the company's share,
        before financing) when it happens, CNY per car; drawn uniformly.
    probability_per_cycle : float
        Chance a cycle is hit, in [0, 1].
    fact_id : str
        The fact the loss comes from.
    frequency_basis : str
        ``"implied"`` (from the sourced record) or ``"assumed"``.
    """

    name: str
    label: str
    margin_low_cny: float
    margin_high_cny: float
    probability_per_cycle: float
    fact_id: str
    frequency_basis: str

    def __post_init__(self) -> None:
        for field in ("margin_low_cny", "margin_high_cny"):
            require_cny_per_car(f"{self.name} {field}", getattr(self, field), signed=True)
        if self.margin_low_cny > self.margin_high_cny:
            raise ValueError(f"{self.name}: margin_low_cny must be <= margin_high_cny")
        require_in_range(f"{self.name} probability", self.probability_per_cycle, 0.0, 1.0)

    @property
    def mean_margin_cny(self) -> float:
        """Mean margin per car when the event happens, CNY."""
        return 0.5 * (self.margin_low_cny + self.margin_high_cny)


def used_car_downside_events(
    *,
    margin_cny: float,
    sale_price_cny: float,
    price_slump_probability: float,
    below_cost_probability: float,
    poor_quality_probability: float,
) -> tuple[DownsideEvent, ...]:
    """The sourced losses of a used car's cycle, at this deal's margin and sale price.

    Parameters
    ----------
    margin_cny : float
        The deal's margin per used car (the car report's), CNY.
    sale_price_cny : float
        The deal's sale price, CNY per car; the slump sells at the sourced spring 2025 price
        instead (no loss when the deal's price is already at or below it).
    price_slump_probability, below_cost_probability, poor_quality_probability : float
        Chance per cycle of each event; their sum must be at most 1.

    Returns
    -------
    tuple of DownsideEvent
        Price slump, sold below cost, poor-quality car.

    >>> ev = used_car_downside_events(margin_cny=10_500, sale_price_cny=83_000,
    ...     price_slump_probability=0.1, below_cost_probability=0.05,
    ...     poor_quality_probability=0.02)
    >>> [(e.name, e.margin_low_cny, e.margin_high_cny) for e in ev]
    [('price_slump', -2500.0, -2500.0), ('sold_below_cost', -30000.0, -20000.0), \
('poor_quality', -52000.0, -52000.0)]
    """
    total = price_slump_probability + below_cost_probability + poor_quality_probability
    if total > 1.0 + 1e-12:
        raise ValueError(
            "price_slump_probability + below_cost_probability + poor_quality_probability "
            f"must be at most 1, got {total:g}"
        )
    slump_price = get_fact(PRICE_SLUMP_FACT).number
    slump_margin = margin_cny - max(0.0, sale_price_cny - slump_price)
    below = get_fact(BELOW_COST_FACT)
    below_low = below.high if below.high is not None else below.number
    below_high = below.low if below.low is not None else below.number
    poor = get_fact(POOR_QUALITY_FACT).number
    return (
        DownsideEvent(
            "price_slump",
            f"Sale at the spring 2025 price ({slump_price:,.0f} CNY)",
            slump_margin,
            slump_margin,
            price_slump_probability,
            PRICE_SLUMP_FACT,
            "implied",
        ),
        DownsideEvent(
            "sold_below_cost",
            "Cars sold below cost (inflated Chinese prices)",
            -below_low,
            -below_high,
            below_cost_probability,
            BELOW_COST_FACT,
            "assumed",
        ),
        DownsideEvent(
            "poor_quality",
            "A poor-quality car resold for scrap",
            -poor,
            -poor,
            poor_quality_probability,
            POOR_QUALITY_FACT,
            "assumed",
        ),
    )


def halt_windfall_cny(sale_price_cny: float) -> float:
    """What a car in stock gains when a random halt starts at the deal's price, CNY per car.

    The price after the 2025 halt (fact ``used_car_price_after_halt_2025_cny``) less the
    deal's sale price, never negative: a halt lifts the price to the post-halt level.
    """
    return max(0.0, get_fact(HALT_PRICE_AFTER_FACT).number - sale_price_cny)


def halt_what_if_windfall_cny() -> float:
    """What a car in stock gained over the 2025 halt, CNY per car: 85,000 after it less the
    70,000 before it (facts ``used_car_price_after_halt_2025_cny`` and
    ``used_car_price_before_halt_2025_cny``)."""
    return get_fact(HALT_PRICE_AFTER_FACT).number - get_fact(PRICE_SLUMP_FACT).number


def known_halt_windfall_cny(sale_price_cny: float) -> float:
    """What a car in stock gains from a known halt like May 2025, CNY per car.

    The 2025 jump from 70,000 to 85,000 (``halt_what_if_windfall_cny``), unless the deal
    already sells at the post-halt price or above (a world set after the halt): then the
    windfall is in the margin already and counting it again would count it twice (0).
    """
    if sale_price_cny >= get_fact(HALT_PRICE_AFTER_FACT).number:
        return 0.0
    return halt_what_if_windfall_cny()
