"""The capital cycle of a smuggled car: days from paying in China to cash from the sale.

One definition for both uses: the car's P&L charges financing over the whole cycle
(``hyesan_analysis.model.vehicle``), and the investor model turns the same capital over
cycle after cycle (``hyesan_analysis.model.investor``).

Stages (in the order money passes through them):

1. ``procurement``: the Chinese supplier is paid in advance (standard practice, fact
   ``halt_advance_payment_stuck_cny``) and delivers the car to the river. Length: assumption.
2. ``crossing``: the car crosses the Yalu. Length: assumption.
3. ``inspection``: after arrival (fact ``inspection_period_days``). Sourced.
4. ``approval``: sale approval by the Ministry of Social Security and the Cabinet (fact
   ``sale_approval_delay_days``, an open-ended "10+"). Sourced; its lower bound is used.
5. ``time_to_sale``: from approval to cash. Assumption; used cars sell faster than new ones
   (the founding report says new cars sell more slowly, without figures).

Financing convention: simple interest on the capital for the days it is tied up, with a
365-day year (``hyesan_analysis.model.finance.financing_cost_cny``). Importers borrow at
interest (stated in words by the June 2024 source).

The stage lengths have no defaults here: they are shared parameters of the reports
(``hyesan_analysis.reporting.specs._world``), where each is sourced or assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyesan_analysis.model.finance import DAYS_PER_YEAR, require_in_range

__all__ = ["CapitalCycle", "cycles_per_year"]


@dataclass(frozen=True)
class CapitalCycle:
    """Stage lengths, in days, of one car's capital cycle.

    Parameters
    ----------
    procurement_days : float
        Advance payment to the Chinese supplier until the car is at the river (assumption).
    crossing_days : float
        Crossing the Yalu (assumption).
    inspection_days : float
        Inspection after arrival (sourced).
    approval_days : float
        Sale approval after inspection (sourced; the reported figure is a lower bound).
    time_to_sale_days : float
        Approval to cash (assumption; shorter for used cars than for new ones).
    """

    procurement_days: float
    crossing_days: float
    inspection_days: float
    approval_days: float
    time_to_sale_days: float

    def __post_init__(self) -> None:
        for name in (
            "procurement_days",
            "crossing_days",
            "inspection_days",
            "approval_days",
            "time_to_sale_days",
        ):
            require_in_range(name, getattr(self, name), 0.0, DAYS_PER_YEAR)
        if self.total_days <= 0.0:
            raise ValueError(f"total cycle length must be > 0 days, got {self.total_days!r}")

    @property
    def total_days(self) -> float:
        """Days from paying in China to cash from the sale."""
        return float(
            self.procurement_days
            + self.crossing_days
            + self.inspection_days
            + self.approval_days
            + self.time_to_sale_days
        )

    @property
    def stock_days(self) -> float:
        """Days the car spends on the North Korean side (inspection, approval, sale)."""
        return float(self.inspection_days + self.approval_days + self.time_to_sale_days)

    def stages(self) -> list[dict[str, float | str]]:
        """The stages in order, for a waterfall chart.

        Returns
        -------
        list of dict
            One dict per stage with ``stage`` (name), ``days``, ``start_day`` and ``end_day``
            (cumulative days from the advance payment). Plain data: a notebook can pass it to
            ``pandas.DataFrame``.
        """
        rows: list[dict[str, float | str]] = []
        start = 0.0
        for stage, days in (
            ("procurement", self.procurement_days),
            ("crossing", self.crossing_days),
            ("inspection", self.inspection_days),
            ("approval", self.approval_days),
            ("time_to_sale", self.time_to_sale_days),
        ):
            rows.append(
                {"stage": stage, "days": float(days), "start_day": start, "end_day": start + days}
            )
            start += float(days)
        return rows


def cycles_per_year(cycle_days: float, operating_days: float = DAYS_PER_YEAR) -> float:
    """Number of capital cycles completed in a year, fractional (no rounding).

    Parameters
    ----------
    cycle_days : float
        Length of one cycle, days (> 0).
    operating_days : float
        Days a year in which cars can move, in [0, 365] (see ``season``).

    Returns
    -------
    float
        ``operating_days / cycle_days``.
    """
    c = require_in_range("cycle_days", cycle_days, 0.0, 10 * DAYS_PER_YEAR, low_open=True)
    d = require_in_range("operating_days", operating_days, 0.0, DAYS_PER_YEAR)
    return d / c
