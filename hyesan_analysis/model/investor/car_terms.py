"""One car of a class as the investor model sees it: the car's deal, over its capital cycle.

The state-led route is the car report's deal over time. A used car's margin (after the
waku, fees and the trading company's share, which is taken once, in the deal), its capital
paid out up front and its cycle are the figures the car report records; a new car's come
from the same deal model at the new car's figures
(:data:`hyesan_analysis.model.vehicle_classes.NEW_CAR`). The investor model adds what a
single deal does not have: the spread of the margin from cycle to cycle, the season's
crossing costs, halts and crackdowns. Money in CNY per car, periods in days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.finance import (
    DAYS_PER_YEAR,
    MAX_CNY_PER_CAR,
    financing_cost_cny,
    require_cny_per_car,
    require_in_range,
)
from hyesan_analysis.model.vehicle import VehicleDeal, upfront_capital_cny, vehicle_pnl

__all__ = ["CarTerms", "car_terms"]


@dataclass(frozen=True, kw_only=True)
class CarTerms:
    """The deal of one car of a class, at base crossing cost.

    Parameters
    ----------
    margin_cny : float
        The smuggler's margin per car after the purchase, transport, waku, fees and the
        trading company's share, before financing, CNY (may be negative).
    company_share_cny : float
        What the trading company takes of the car's margin, CNY (>= 0); an independent
        smuggler keeps it.
    capital_cny : float
        Capital paid out before the sale (purchase, transport, waku, fees), CNY (> 0).
    waku_price_cny : float
        The waku in that capital, CNY (an independent smuggler does not buy it).
    transport_cny : float
        The crossing cost in that capital at base cost, CNY (the season multiplies it).
    cycle : CapitalCycle
        Days from the advance payment to a buyer's cash.
    margin_spread_cny : float
        Half-width of the uniform draw of one cycle's margin around ``margin_cny``, CNY.
    """

    margin_cny: float
    company_share_cny: float
    capital_cny: float
    waku_price_cny: float
    transport_cny: float
    cycle: CapitalCycle
    margin_spread_cny: float

    def __post_init__(self) -> None:
        require_cny_per_car("margin_cny", self.margin_cny, signed=True)
        for name in ("company_share_cny", "waku_price_cny", "transport_cny", "margin_spread_cny"):
            require_cny_per_car(name, getattr(self, name))
        require_in_range("capital_cny", self.capital_cny, 0.0, MAX_CNY_PER_CAR, low_open=True)
        if self.waku_price_cny + self.transport_cny > self.capital_cny:
            raise ValueError(
                f"capital_cny ({self.capital_cny!r}) must include the waku "
                f"({self.waku_price_cny!r}) and the transport ({self.transport_cny!r})"
            )
        if not isinstance(self.cycle, CapitalCycle):
            raise ValueError(f"cycle must be a CapitalCycle, got {type(self.cycle)!r}")

    @property
    def cycle_days(self) -> float:
        """Length of the capital cycle, days."""
        return self.cycle.total_days

    @property
    def margin_low_cny(self) -> float:
        """Low end of one cycle's margin draw, CNY per car."""
        return self.margin_cny - self.margin_spread_cny

    @property
    def margin_high_cny(self) -> float:
        """High end of one cycle's margin draw, CNY per car."""
        return self.margin_cny + self.margin_spread_cny

    def financing_cny(self, annual_interest_rate: float) -> float:
        """Interest on the capital over one cycle, CNY per car (the car report's financing)."""
        return financing_cost_cny(self.capital_cny, annual_interest_rate, self.cycle_days)

    def independent_capital_cny(self, extra_cost_cny: float) -> float:
        """Capital of the same car smuggled without a waku, with the independent's extra
        costs (bribes, selling without papers), CNY per car."""
        return self.capital_cny - self.waku_price_cny + extra_cost_cny

    def independent_margin_cny(self, extra_cost_cny: float) -> float:
        """Margin of the same car smuggled without a waku: the waku and the company's share
        kept, the extra costs paid, CNY per car (before financing, if not seized)."""
        return self.margin_cny + self.company_share_cny + self.waku_price_cny - extra_cost_cny

    def interest_per_cycle(self, annual_interest_rate: float) -> float:
        """Interest over one cycle per unit of capital (fraction)."""
        return annual_interest_rate * self.cycle_days / DAYS_PER_YEAR


def car_terms(deal: VehicleDeal, cycle: CapitalCycle, margin_spread_cny: float) -> CarTerms:
    """A class's terms from its deal (the car report's P&L), financed over ``cycle``.

    Raises
    ------
    ValueError
        If the deal is not financed over the cycle.

    >>> from hyesan_analysis.model.vehicle_classes import NEW_CAR
    >>> cycle = CapitalCycle(10, 2, 5, 10, 60)
    >>> t = car_terms(NEW_CAR.deal(financing_days=87.0), cycle, 5000.0)
    >>> t.margin_cny, t.capital_cny, t.cycle_days
    (20000.0, 147500.0, 87.0)
    """
    if not math.isclose(deal.financing_days, cycle.total_days, abs_tol=1e-9):
        raise ValueError(
            f"the deal is financed over {deal.financing_days} days, its cycle lasts "
            f"{cycle.total_days}"
        )
    pnl = vehicle_pnl(deal)
    return CarTerms(
        margin_cny=pnl.margin_cny,
        company_share_cny=pnl.company_share_cny,
        capital_cny=upfront_capital_cny(deal),
        waku_price_cny=deal.waku_price_cny,
        transport_cny=deal.transport_cny,
        cycle=cycle,
        margin_spread_cny=margin_spread_cny,
    )
