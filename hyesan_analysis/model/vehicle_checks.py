"""The used-car model against the reported figures: checked, not fitted.

The per-car profits reported in March 2025 (before and after the waku cut) and the June 2024
cost build-up are independent of the model's inputs. Each :class:`ReportCheck` sets a model
figure beside a reported one (its low and high ends read from ``facts.csv``) and says whether
the model falls inside. Money in CNY per vehicle.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.provenance import Figure, sourced
from hyesan_analysis.model.vehicle import (
    VehicleDeal,
    upfront_capital_cny,
    vehicle_pnl,
    waku_passthrough_to_buyers,
)

__all__ = [
    "ReportCheck",
    "ReportedWakuCut",
    "against_reports",
    "lies_in",
    "margin_at_waku",
    "reported_waku_cut",
]

# Half a yuan: a model total equal to a printed total up to rounding.
LANDED_COST_TOLERANCE_CNY = 0.5


def lies_in(value: float, low: float, high: float, tolerance: float = 0.0) -> bool:
    """Whether ``value`` lies in ``[low - tolerance, high + tolerance]``.

    >>> lies_in(5500, 5000, 7000), lies_in(77500.4, 77500, 77500, tolerance=0.5)
    (True, True)
    """
    if low > high:
        raise ValueError(f"low {low} is above high {high}")
    if tolerance < 0:
        raise ValueError(f"tolerance: expected >= 0, got {tolerance}")
    return low - tolerance <= value <= high + tolerance


@dataclass(frozen=True)
class ReportCheck:
    """A model figure beside a reported one.

    Attributes
    ----------
    label : str
        What is compared, for the report's table.
    model_cny : float
        The model's figure, CNY per vehicle.
    reported_low, reported_high : Figure
        The ends of the reported range (equal for a single printed figure).
    tolerance_cny : float
        How far outside the reported range still counts as inside (rounding).
    """

    label: str
    model_cny: float
    reported_low: Figure
    reported_high: Figure
    tolerance_cny: float = 0.0

    @property
    def inside(self) -> bool:
        """Whether the model figure lies in the reported range (within the tolerance)."""
        return lies_in(
            self.model_cny, self.reported_low.value, self.reported_high.value, self.tolerance_cny
        )


def _reported(fact_id: str) -> tuple[Figure, Figure]:
    return sourced(fact_id, "low"), sourced(fact_id, "high")


def margin_at_waku(deal: VehicleDeal, waku_fact_id: str) -> float:
    """The margin (before financing) of ``deal`` at a sourced waku price, CNY per vehicle."""
    waku = sourced(waku_fact_id)
    return vehicle_pnl(replace(deal, waku_price_cny=waku.value)).margin_cny


def against_reports(deal: VehicleDeal) -> tuple[ReportCheck, ReportCheck, ReportCheck]:
    """The model against the reports: margins at the 2024 and 2025 waku, the landed cost.

    Parameters
    ----------
    deal : VehicleDeal
        The used car at this run's parameters; its waku is replaced by the reported one.

    Returns
    -------
    (margin at the 2024 waku, margin at the 2025 waku, landed cost in June 2024)
    """
    waku_2024 = sourced("waku_price_2024_cny")
    waku_2025 = sourced("waku_price_2025_cny")
    waku_june_2024 = sourced("waku_price_june_2024_cny")
    landed_reported = sourced("landed_cost_used_car_2024_cny")
    return (
        ReportCheck(
            f"Margin per used car at the 2024 waku ({waku_2024.value:,.0f} CNY)",
            margin_at_waku(deal, "waku_price_2024_cny"),
            *_reported("smuggler_profit_per_car_2024_cny"),
        ),
        ReportCheck(
            f"Margin per used car at the 2025 waku ({waku_2025.value:,.0f} CNY)",
            margin_at_waku(deal, "waku_price_2025_cny"),
            *_reported("smuggler_profit_per_car_2025_cny"),
        ),
        ReportCheck(
            "Landed cost of a used car, June 2024 (purchase + waku + transport + fees)",
            upfront_capital_cny(replace(deal, waku_price_cny=waku_june_2024.value)),
            landed_reported,
            landed_reported,
            tolerance_cny=LANDED_COST_TOLERANCE_CNY,
        ),
    )


@dataclass(frozen=True)
class ReportedWakuCut:
    """The waku cut of early 2025 as reported: waku, used-car price and profit, before and after.

    Attributes
    ----------
    waku_before, waku_after : Figure
        The waku in 2024 and after the cut, CNY per vehicle.
    sale_before, sale_after : Figure
        A used car's price in Hyesan in 2024 and early 2025, CNY per vehicle.
    profit_before, profit_after : Figure
        The smuggler's reported profit per used car (midpoints), CNY per vehicle.
    """

    waku_before: Figure
    waku_after: Figure
    sale_before: Figure
    sale_after: Figure
    profit_before: Figure
    profit_after: Figure

    @property
    def prices_observed_independently(self) -> bool:
        """Whether the prices before and after the cut are two observations, not one.

        Two fact rows from the same publication (one statement such as "unchanged from
        2024", split in two) are one observation: their difference is zero by construction.
        """
        before, after = self.sale_before.fact_id, self.sale_after.fact_id
        if before is None or after is None:  # not both read from facts.csv: two figures
            return True
        return bool(get_fact(before).source_url != get_fact(after).source_url)

    @property
    def passthrough_to_buyers(self) -> float | None:
        """Share of the cut passed to buyers through the price, or None when not identifiable.

        Measured only from two independent price observations across the cut (see
        :attr:`prices_observed_independently`); 0 would mean the smugglers kept the cut.
        """
        if not self.prices_observed_independently:
            return None
        return waku_passthrough_to_buyers(
            self.sale_before.value,
            self.sale_after.value,
            self.waku_before.value,
            self.waku_after.value,
        )

    @property
    def waku_cut_cny(self) -> float:
        """How much the waku fell, CNY per vehicle."""
        return self.waku_before.value - self.waku_after.value

    @property
    def profit_rise_cny(self) -> float:
        """How much the reported profit per used car rose across the cut, CNY per vehicle."""
        return self.profit_after.value - self.profit_before.value


def reported_waku_cut() -> ReportedWakuCut:
    """The reported figures of the 2025 waku cut, read from ``facts.csv``.

    The used-car prices before and after the cut are one statement of one report ("2024 and
    early 2025, unchanged"), split into two rows: they cannot measure how much of the cut
    reached buyers, so the pass-through is not identifiable from these data.

    >>> cut = reported_waku_cut()
    >>> cut.passthrough_to_buyers is None, cut.profit_rise_cny, cut.waku_cut_cny
    (True, 5000.0, 5000.0)
    """
    return ReportedWakuCut(
        waku_before=sourced("waku_price_2024_cny"),
        waku_after=sourced("waku_price_2025_cny"),
        sale_before=sourced("used_car_sale_price_2024_cny"),
        sale_after=sourced("used_car_sale_price_2025_cny"),
        profit_before=sourced("smuggler_profit_per_car_2024_cny"),
        profit_after=sourced("smuggler_profit_per_car_2025_cny"),
    )
