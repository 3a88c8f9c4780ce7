"""Unit economics of one smuggled vehicle: the per-vehicle P&L and the state's waku revenue.

All money in CNY per vehicle unless a name says otherwise; shares in [0, 1]; periods in days.

Conventions
-----------
- The *margin* is what the reports call the smuggler's profit per car: sale price minus the
  purchase price in China, transport, the waku and other fees, less the trading company's
  share of what is left. The June 2024 cost build-up and the reported profit ranges match
  this margin with no financing charge, so reported profits are read as *before* financing.
- *Financing* is simple interest on the capital paid out up front (purchase, transport, waku
  and fees) over the days from payment to sale, on a 365-day year. A car is paid for in
  advance, so in the car report those days are the whole capital cycle
  (:class:`~hyesan_analysis.model.capital_cycle.CapitalCycle`: procurement, crossing,
  inspection, approval and the time to a buyer's cash), the same cycle the investor model
  turns its capital over.
- *Net profit* is the margin minus financing.
- A margin below zero is a result (a car sold under its landed cost), never an error; only
  the inputs themselves must be non-negative.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas only in signatures: the CLI imports this module, not pandas
    import pandas as pd

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.finance import DAYS_PER_YEAR, financing_cost_cny
from hyesan_analysis.model.sensitivity import sobol_indices


@dataclass(frozen=True)
class VehicleDeal:
    """The inputs of one vehicle's P&L.

    Parameters
    ----------
    sale_price_cny : float
        Price the vehicle sells for in Hyesan, CNY.
    purchase_price_cny : float
        Price paid to the supplier in China, CNY.
    transport_cny : float
        Cost of moving the vehicle across (transport personnel), CNY.
    waku_price_cny : float
        Price of the state trading certificate (waku) for the vehicle, CNY.
    other_fees_cny : float
        Any other per-vehicle fees (bribes, registration), CNY.
    company_profit_share : float
        Share of the margin after costs kept by the trading company, in [0, 1].
    annual_interest_rate : float
        Simple annual interest on the capital tied up, as a fraction per year.
    financing_days : float
        Days from paying the supplier to cash from the sale (the capital cycle's length).
    """

    sale_price_cny: float
    purchase_price_cny: float
    transport_cny: float
    waku_price_cny: float
    other_fees_cny: float = 0.0
    company_profit_share: float = 0.0
    annual_interest_rate: float = 0.0
    financing_days: float = 0.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not math.isfinite(value):
                raise ValueError(f"{name}: expected a finite number, got {value!r}")
            if value < 0:
                raise ValueError(f"{name}: expected a value >= 0, got {value!r}")
        if self.company_profit_share > 1:
            raise ValueError(
                f"company_profit_share: expected a share in [0, 1], got {self.company_profit_share}"
            )


SHARE_FIELDS = ("company_profit_share", "annual_interest_rate")
"""Fields of :class:`VehicleDeal` that are fractions (shares, rates), not CNY amounts."""


@dataclass(frozen=True)
class VehiclePnL:
    """The P&L lines of one vehicle, CNY per vehicle."""

    sale_price_cny: float
    purchase_price_cny: float
    transport_cny: float
    waku_price_cny: float
    other_fees_cny: float
    company_share_cny: float
    margin_cny: float
    financing_cny: float
    net_profit_cny: float

    def lines(self) -> list[tuple[str, float]]:
        """Signed P&L lines in order, for tables and waterfalls (sale positive, costs negative)."""
        return [
            ("Sale price in Hyesan", self.sale_price_cny),
            ("Purchase in China", -self.purchase_price_cny),
            ("Transport", -self.transport_cny),
            ("Waku (trading certificate)", -self.waku_price_cny),
            ("Other fees", -self.other_fees_cny),
            ("Trading company's share", -self.company_share_cny),
            ("Financing", -self.financing_cny),
        ]


def upfront_capital_cny(deal: VehicleDeal) -> float:
    """Capital paid out before the sale (purchase, transport, waku, fees), CNY."""
    return deal.purchase_price_cny + deal.transport_cny + deal.waku_price_cny + deal.other_fees_cny


def vehicle_pnl(deal: VehicleDeal) -> VehiclePnL:
    """The P&L of one vehicle.

    The trading company's share applies to a positive operating margin only (a loss is the
    investor's); financing is charged on the up-front capital.

    >>> vehicle_pnl(VehicleDeal(83000, 45000, 2500, 30000)).margin_cny
    5500.0
    """
    operating = deal.sale_price_cny - upfront_capital_cny(deal)
    company = deal.company_profit_share * max(operating, 0.0)
    margin = operating - company
    financing = financing_cost_cny(
        upfront_capital_cny(deal), deal.annual_interest_rate, deal.financing_days
    )
    return VehiclePnL(
        sale_price_cny=deal.sale_price_cny,
        purchase_price_cny=deal.purchase_price_cny,
        transport_cny=deal.transport_cny,
        waku_price_cny=deal.waku_price_cny,
        other_fees_cny=deal.other_fees_cny,
        company_share_cny=company,
        margin_cny=margin,
        financing_cny=financing,
        net_profit_cny=margin - financing,
    )


def breakeven_sale_price_cny(deal: VehicleDeal) -> float:
    """Sale price at which net profit (after financing and the company's share) is zero, CNY.

    Financing depends on the up-front capital ``K``, not on the sale price. Above ``K`` the
    company takes its share ``s`` of the operating margin, so the smuggler's margin must
    cover financing ``F`` after that share: ``price = K + F / (1 - s)``.

    Raises
    ------
    ValueError
        When the company takes the whole margin (``s = 1``) and financing costs something:
        no sale price breaks even.
    """
    capital = upfront_capital_cny(deal)
    financing = financing_cost_cny(capital, deal.annual_interest_rate, deal.financing_days)
    if financing == 0:
        return capital
    if deal.company_profit_share >= 1:
        raise ValueError(
            "company_profit_share = 1: the company takes the whole margin, no price breaks even"
        )
    return capital + financing / (1.0 - deal.company_profit_share)


def waku_passthrough_to_buyers(
    sale_before_cny: float, sale_after_cny: float, waku_before_cny: float, waku_after_cny: float
) -> float:
    """Share of a waku change passed on to buyers through the sale price.

    1 means the whole cut lowered car prices; 0 means prices did not move (the smugglers kept
    the cut). Raises ValueError when the waku did not change.
    """
    change = waku_before_cny - waku_after_cny
    if change == 0:
        raise ValueError("waku_before_cny equals waku_after_cny: pass-through undefined")
    return (sale_before_cny - sale_after_cny) / change


def waku_revenue_cny(waku_price_cny: Any, vehicles_per_year: Any) -> Any:
    """The state's (or its trading companies') waku revenue, CNY per year.

    Either argument may be a NumPy array (a revenue curve over volumes).
    """
    return waku_price_cny * vehicles_per_year


def revenue_neutral_volume_growth(old_waku_cny: float, new_waku_cny: float) -> float:
    """Volume growth (fraction) a waku change needs to keep waku revenue unchanged.

    ``old / new - 1``: a cut from 30,000 to 25,000 CNY needs 20% more vehicles.

    >>> round(revenue_neutral_volume_growth(30000, 25000), 12)
    0.2
    """
    if new_waku_cny <= 0:
        raise ValueError(f"new_waku_cny: expected a price > 0, got {new_waku_cny}")
    if old_waku_cny < 0:
        raise ValueError(f"old_waku_cny: expected a price >= 0, got {old_waku_cny}")
    return old_waku_cny / new_waku_cny - 1.0


@dataclass(frozen=True)
class Sensitivity:
    """Net profit when one input moves to its low and high value, others at base."""

    field: str
    low_input: float
    high_input: float
    profit_at_low_cny: float
    profit_at_high_cny: float

    @property
    def swing_cny(self) -> float:
        return abs(self.profit_at_high_cny - self.profit_at_low_cny)


def one_at_a_time(
    deal: VehicleDeal,
    ranges: Mapping[str, tuple[float, float]],
    metric: str = "net_profit_cny",
) -> list[Sensitivity]:
    """One-at-a-time sensitivities of a P&L line, sorted by swing (largest first).

    Parameters
    ----------
    deal : VehicleDeal
        The base case.
    ranges : mapping of field name to (low, high)
        Input values to try for each field of ``VehicleDeal``.
    metric : str
        A field of ``VehiclePnL`` (default: net profit).
    """
    out = []
    for field, (low, high) in ranges.items():
        if field not in VehicleDeal.__dataclass_fields__:
            raise ValueError(f"unknown VehicleDeal field {field!r}")
        at_low = getattr(vehicle_pnl(replace(deal, **{field: low})), metric)
        at_high = getattr(vehicle_pnl(replace(deal, **{field: high})), metric)
        out.append(Sensitivity(field, low, high, at_low, at_high))
    return sorted(out, key=lambda s: (-s.swing_cny, s.field))


def validated_ranges(ranges: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """``ranges`` checked: each key a :class:`VehicleDeal` field, each ``(low, high)`` finite
    with ``0 <= low <= high`` (and ``high <= 1`` for the company's share).

    Raises ValueError naming the field and what was expected.
    """
    out = {}
    for field, pair in ranges.items():
        if field not in VehicleDeal.__dataclass_fields__:
            raise ValueError(f"unknown VehicleDeal field {field!r}")
        low, high = (float(v) for v in pair)
        if not (math.isfinite(low) and math.isfinite(high)) or not 0 <= low <= high:
            raise ValueError(f"{field}: expected a range 0 <= low <= high, got {pair}")
        if field == "company_profit_share" and high > 1:
            raise ValueError(f"company_profit_share: expected a range within [0, 1], got {pair}")
        out[field] = (low, high)
    return out


def widened_to(base: float, low: float, high: float) -> tuple[float, float]:
    """``(low, high)`` widened to include ``base``: a run outside a stated range keeps its value.

    >>> widened_to(83000, 70000, 85000), widened_to(60000, 70000, 85000)
    ((70000, 85000), (60000, 85000))
    """
    return min(low, base), max(high, base)


PNL_METRICS = ("margin_cny", "net_profit_cny")
"""The P&L lines :func:`deal_metric` computes over arrays of inputs."""


def deal_metric(
    deal: VehicleDeal, inputs: Mapping[str, Any], metric: str = "net_profit_cny"
) -> Any:
    """A P&L line of ``deal`` with some inputs replaced by arrays, computed element-wise.

    The vectorised twin of :func:`vehicle_pnl` (same arithmetic: the company's share on a
    positive operating margin only, simple interest on the up-front capital over 365 days),
    for sampling-based sensitivity analysis.

    Parameters
    ----------
    deal : VehicleDeal
        The base case; fields not in ``inputs`` keep its values.
    inputs : mapping of field name to array
        Values of some :class:`VehicleDeal` fields, all arrays of one length (or scalars).
    metric : {"margin_cny", "net_profit_cny"}
        The line to return.

    Returns
    -------
    numpy.ndarray
        The line, CNY per vehicle, one value per element of the inputs.

    >>> deal_metric(VehicleDeal(83000, 45000, 2500, 25000), {"sale_price_cny": [70000, 85000]}, "margin_cny")
    array([-2500., 12500.])
    """
    if metric not in PNL_METRICS:
        raise ValueError(f"metric: expected one of {PNL_METRICS}, got {metric!r}")
    unknown = set(inputs) - set(VehicleDeal.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown VehicleDeal field {sorted(unknown)[0]!r}")
    x = {
        name: np.asarray(inputs.get(name, value), dtype=float)
        for name, value in asdict(deal).items()
    }
    capital = (
        x["purchase_price_cny"] + x["transport_cny"] + x["waku_price_cny"] + x["other_fees_cny"]
    )
    operating = x["sale_price_cny"] - capital
    margin = operating - x["company_profit_share"] * np.maximum(operating, 0.0)
    if metric == "margin_cny":
        return margin
    financing = capital * x["annual_interest_rate"] * x["financing_days"] / DAYS_PER_YEAR
    return margin - financing


def deal_sobol_indices(
    deal: VehicleDeal,
    ranges: Mapping[str, tuple[float, float]],
    metric: str = "net_profit_cny",
    *,
    base_samples: int = 1024,
    seed: int = 0,
) -> pd.DataFrame:
    """Sobol' indices of a P&L line over uniform inputs on ``ranges`` (others at ``deal``).

    See :func:`hyesan_analysis.model.sensitivity.sobol_indices` for the columns; rows are
    sorted by total index, largest first.
    """
    checked = validated_ranges(ranges)
    table = sobol_indices(
        lambda arrays: deal_metric(deal, arrays, metric),
        checked,
        base_samples=base_samples,
        seed=seed,
    )
    return table.sort_values(["total", "name"], ascending=[False, True], ignore_index=True)


@dataclass(frozen=True)
class CarUnitEconomics:
    """One run of the car report: the used car's deal and the state's revenue view.

    Parameters
    ----------
    deal : VehicleDeal
        The used car's P&L inputs at this run's parameters; its ``financing_days`` is the
        length of ``cycle``.
    cycle : CapitalCycle
        The used car's capital cycle, days (the capital is tied up over all of it).
    new_time_to_sale_days : float
        Approval to a buyer's cash for a new car, days (its cycle is otherwise the same).
    reference_waku_cny : float
        Waku before the change being studied (the 2024 price by default), CNY per vehicle.
    vehicles_per_year : int
        Smuggled vehicles per year at the reference waku.
    ranges : mapping of field name to (low, high)
        The stated range of each uncertain input of ``deal`` (sourced where the sources give
        one), for the one-at-a-time and Sobol' sensitivities; each contains the deal's value.
    """

    deal: VehicleDeal
    cycle: CapitalCycle
    new_time_to_sale_days: float
    reference_waku_cny: float
    vehicles_per_year: int
    ranges: Mapping[str, tuple[float, float]] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.deal.financing_days != self.cycle.total_days:
            raise ValueError(
                f"deal.financing_days ({self.deal.financing_days}) must be the capital cycle "
                f"({self.cycle.total_days} days)"
            )
        if not 0 <= self.new_time_to_sale_days <= 365:
            raise ValueError(
                f"new_time_to_sale_days: expected days in [0, 365], got {self.new_time_to_sale_days}"
            )
        if self.reference_waku_cny < 0:
            raise ValueError(f"reference_waku_cny: expected >= 0, got {self.reference_waku_cny}")
        if self.vehicles_per_year < 0:
            raise ValueError(f"vehicles_per_year: expected >= 0, got {self.vehicles_per_year}")
        for name, (low, high) in validated_ranges(self.ranges).items():
            if not low <= getattr(self.deal, name) <= high:
                raise ValueError(
                    f"ranges[{name!r}]: expected a range containing the deal's "
                    f"{getattr(self.deal, name)}, got ({low}, {high})"
                )

    @property
    def new_cycle(self) -> CapitalCycle:
        """A new car's capital cycle: the used car's, with the new car's slower sale."""
        return replace(self.cycle, time_to_sale_days=self.new_time_to_sale_days)

    @property
    def upfront_capital_cny(self) -> float:
        """Capital paid out before the sale of one used car, CNY per vehicle."""
        return upfront_capital_cny(self.deal)

    @property
    def pnl(self) -> VehiclePnL:
        """The used car's P&L, CNY per vehicle."""
        return vehicle_pnl(self.deal)

    @property
    def breakeven_sale_price_cny(self) -> float:
        """Sale price at which the used car's net profit is zero, CNY per vehicle."""
        return breakeven_sale_price_cny(self.deal)

    @property
    def revenue_neutral_growth(self) -> float:
        """Volume growth that keeps waku revenue at its reference level (fraction)."""
        return revenue_neutral_volume_growth(self.reference_waku_cny, self.deal.waku_price_cny)

    @property
    def reference_revenue_cny(self) -> float:
        """Waku revenue at the reference waku and volume, CNY per year."""
        return float(waku_revenue_cny(self.reference_waku_cny, self.vehicles_per_year))

    def revenue_cny(self, volume_growth: Any = 0.0) -> Any:
        """Waku revenue at this run's waku after ``volume_growth`` (fraction, or an array)."""
        return waku_revenue_cny(
            self.deal.waku_price_cny, self.vehicles_per_year * (1 + volume_growth)
        )

    def sensitivities(self) -> list[Sensitivity]:
        """One-at-a-time sensitivities of net profit over :attr:`ranges`, largest swing first."""
        return one_at_a_time(self.deal, self.ranges)

    def sobol(self, base_samples: int = 1024, seed: int = 0) -> pd.DataFrame:
        """Sobol' indices of net profit over :attr:`ranges` (see :func:`deal_sobol_indices`)."""
        return deal_sobol_indices(self.deal, self.ranges, base_samples=base_samples, seed=seed)

    def pnl_at_sale_price(self, sale_price_cny: float) -> VehiclePnL:
        """The used car's P&L at another sale price, everything else at this run's values."""
        return vehicle_pnl(replace(self.deal, sale_price_cny=sale_price_cny))
