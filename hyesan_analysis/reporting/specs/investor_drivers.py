"""What drives the state-led net return: its inputs' stated ranges, a tornado and Sobol indices.

The state-led route's expected annual return after interest (closed form) is evaluated with
one input at a time at the ends of its range (the tornado) and over all ranges at once
(Sobol first-order and total indices, ``hyesan_analysis.model.sensitivity``). Each range is
sourced where the record gives one, implied where it is read from the sourced record
(counts of months or stops) and assumed otherwise (``DRIVER_RANGES``). Not a report:
the registry takes only modules that define ``SPEC``; models are imported inside functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hyesan_analysis.reporting.specs._world import ANNUAL_INTEREST_RATE_RANGE_PER_YEAR

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DRIVER_RANGES",
    "DriverRange",
    "driver_table",
    "state_led_return",
    "state_led_return_model",
]


@dataclass(frozen=True)
class DriverRange:
    """An input of the state-led return and the range it is varied over."""

    name: str
    label: str
    low: float
    high: float
    basis: str  # "sourced", "implied" (read from the sourced record) or "assumed"
    why: str
    unit: str  # "CNY", "days", "halts a year"; "per year" and "per cycle" shown as percent

    def range_text(self) -> str:
        """The range in its unit: ``70,000 to 85,000 CNY``, ``60% to 120% a year``."""
        if self.unit in ("per year", "per cycle"):
            return f"{100 * self.low:.3g}% to {100 * self.high:.3g}% " + (
                "a year" if self.unit == "per year" else "per cycle"
            )
        return f"{_number(self.low)} to {_number(self.high)} {self.unit}"


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.3g}"


#: The inputs and their ranges (in each parameter's unit).
DRIVER_RANGES: tuple[DriverRange, ...] = (
    DriverRange(
        "sale_price_cny",
        "Used-car sale price",
        70_000.0,
        85_000.0,
        "sourced",
        "70,000 before and 85,000 after the 2025 halt (Daily NK)",
        "CNY",
    ),
    DriverRange(
        "annual_interest_rate",
        "Interest rate",
        *ANNUAL_INTEREST_RATE_RANGE_PER_YEAR,
        "sourced",
        "5-10% a month (Daily NK 2011, RFA 2019)",
        "per year",
    ),
    DriverRange(
        "halts_per_year",
        "Halts a year",
        1.0,
        round(4 * 12 / 13, 1),
        "implied",
        "one a year to the four stops of June 2024-June 2025",
        "halts a year",
    ),
    DriverRange(
        "halt_days",
        "Days per halt",
        10.0,
        31.0,
        "implied",
        "the Two Sessions stop (10 days) to the May 2025 one (31+)",
        "days",
    ),
    DriverRange(
        "price_slump_probability",
        "Chance of the 70,000 price",
        round(1 / 13, 3),
        round(2 / 13, 3),
        "implied",
        "one to two of the record's 13 months",
        "per cycle",
    ),
    DriverRange(
        "below_cost_probability",
        "Chance of selling below cost",
        0.0,
        0.1,
        "assumed",
        "never to one cycle in ten",
        "per cycle",
    ),
    DriverRange(
        "poor_quality_probability",
        "Chance of poor-quality cars",
        0.0,
        0.05,
        "assumed",
        "never to one cycle in twenty",
        "per cycle",
    ),
    DriverRange(
        "time_to_sale_days",
        "Days to sell a used car",
        7.0,
        30.0,
        "assumed",
        "one week to a month",
        "days",
    ),
)


def state_led_return(
    values: Mapping[str, Any], car_deal: Mapping[str, float], **changes: float
) -> float:
    """Expected state-led annual return after interest with some parameters changed.

    A different sale price moves the used car's margin by the price change less the
    company's share of it; a different time to sale lengthens the cycle the car is financed
    over (the car report's deal, recomputed in the same way).
    """
    from hyesan_analysis.model.investor import expected_annual_return
    from hyesan_analysis.reporting.specs.investor_returns import to_model

    v = {**values, **changes}
    if "time_to_sale_days" in changes:
        v["time_to_sale_days"] = round(float(changes["time_to_sale_days"]))
    if "halt_days" in changes:
        v["halt_days"] = float(changes["halt_days"])
    deal = dict(car_deal)
    price_change = float(v["sale_price_cny"]) - float(values["sale_price_cny"])
    deal["margin_cny"] += price_change * (1.0 - float(v["company_profit_share"]))
    deal["cycle_days"] += float(v["time_to_sale_days"]) - float(values["time_to_sale_days"])
    params, _ = to_model(v, **deal)
    return expected_annual_return(params, "state_led")


def state_led_return_model(values: Mapping[str, Any], car_deal: Mapping[str, float]) -> Any:
    """A vectorised model for ``sobol_indices``: arrays of the driver inputs to returns."""
    import numpy as np

    def model(inputs: Mapping[str, Any]) -> Any:
        names = list(inputs)
        n = len(inputs[names[0]])
        return np.array(
            [
                state_led_return(values, car_deal, **{k: float(inputs[k][i]) for k in names})
                for i in range(n)
            ]
        )

    return model


def driver_table(
    values: Mapping[str, Any],
    car_deal: Mapping[str, float],
    *,
    base_samples: int = 128,
    seed: int = 0,
) -> pd.DataFrame:
    """Tornado ends and Sobol indices of the state-led return, one row per input.

    Returns
    -------
    pandas.DataFrame
        ``name``, ``label``, ``low``, ``high``, ``range`` (in words, with the unit), ``basis``, ``why``, ``return_at_low``,
        ``return_at_high`` (one input at an end, the rest at this run's values), ``swing``
        (their absolute difference) and the Sobol columns (``first_order``, ``total`` and
        their confidence half-widths), sorted by ``total``, largest first.
    """
    import pandas as pd

    from hyesan_analysis.model.sensitivity import sobol_indices

    rows = []
    for d in DRIVER_RANGES:
        lo = state_led_return(values, car_deal, **{d.name: d.low})
        hi = state_led_return(values, car_deal, **{d.name: d.high})
        rows.append(
            {
                "name": d.name,
                "label": d.label,
                "low": d.low,
                "high": d.high,
                "range": d.range_text(),
                "basis": d.basis,
                "why": d.why,
                "return_at_low": lo,
                "return_at_high": hi,
                "swing": abs(hi - lo),
            }
        )
    bounds = {d.name: (d.low, d.high) for d in DRIVER_RANGES}
    sobol = sobol_indices(
        state_led_return_model(values, car_deal), bounds, base_samples=base_samples, seed=seed
    )
    table = pd.DataFrame(rows).merge(sobol, on="name")
    return table.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)
