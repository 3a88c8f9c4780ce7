"""The parameters of the three ways to use capital for a year, and what one car earns.

Strategies
----------
``state_led``
    Capital put into cars imported through a trading company under its waku (the state
    trading certificate). Per car the investor's profit is the smuggler's profit after the
    waku times ``1 - company_profit_share``. No crackdown losses. Halt risk: halts (Poisson,
    ``halts_per_year``, each ``halt_days`` long) remove operating days while the capital stays
    stuck (with the supplier, or in cars awaiting approval) and keeps paying interest.
``independent``
    The same cars smuggled without a waku. The per-car profit is the state-led smuggler's
    profit plus the waku not bought, minus ``independent_extra_cost_cny`` (bribes, selling
    without papers). Each cycle carries a crackdown probability: the shipment is seized (its
    capital lost) and a fine per car is paid.
``remittance``
    A broker's float: a commission on the volume transferred each cycle, and a crackdown
    probability per cycle (the phone crackdowns) with the loss of the float plus a fine.

Margins and capital per car
---------------------------
The model's margin variable ``M`` is the smuggler's profit per used car *after* the waku,
drawn uniformly over the reported range each cycle. It fits the unit economics: sale price
minus purchase in China, transport and waku falls inside the reported range (checked in the
tests against ``facts.csv``).

=============  ======================================  ===================================
route          capital per car ``C``                   profit per car if not seized
=============  ======================================  ===================================
state-led      purchase + m*transport + waku           (1 - share) * (M - (m-1)*transport)
independent    purchase + m*transport + extra cost     M + waku - extra - (m-1)*transport
=============  ======================================  ===================================

``m`` is the crossing-cost multiplier of the month the cycle falls in (``season``). A
seized independent shipment loses ``C`` plus the fine.

Accounting conventions
----------------------
- Returns are per unit of capital and do not compound: the capital is held constant over
  the year (profits withdrawn, losses made good), so the annual return is the sum of the
  cycles' returns. It is net of financing: simple interest at ``annual_interest_rate`` on the
  capital for every day it is tied up (in a cycle or stuck in a halt); capital idle because
  the river is closed (capacity < 1) is assumed repaid and costs nothing. Set the rate to 0
  for gross returns.
- Cars and remittances are scale-free: a crackdown seizes the whole cycle's shipment (or
  float), so returns do not depend on ``capital_cny``; only ``whole_cars=True`` makes them
  depend on it (the capital left over after buying whole cars sits idle and earns nothing).
- Cycles: ``operating_days / cycle_days`` a year, fractional; the last, partial cycle
  counts pro rata. Cycles run back to back through the calendar's operating days from
  1 January; each takes the cost multiplier of the month its midpoint falls in. Days lost
  to a random halt are taken from the end of the year's cycles.
- The used/new mix is a share of the flow of cars: capital is split so that ``used_share``
  of the cars passing through in a year are used (new cars tie capital up longer and cost
  more, so they take more than their share of the capital).
- Remittance brokering uses no river crossing: no calendar, no halts.

Where the numbers come from
---------------------------
The fields a report exposes have no default here: they are the report's parameters, with
the same names, each sourced or assumed in ``hyesan_analysis.reporting.specs.investor_returns``
(its ``to_model`` builds a ``StrategyParams``). The fields that stay in the model default to
the :class:`~hyesan_analysis.model.provenance.Figure` objects in ``MODEL_FIGURES``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from hyesan_analysis.model.finance import DAYS_PER_YEAR, require_in_range
from hyesan_analysis.model.investor.capital_cycle import CapitalCycle
from hyesan_analysis.model.investor.season import MonthlyCalendar
from hyesan_analysis.model.provenance import Figure, assumed, sourced

__all__ = [
    "MODEL_FIGURES",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "Strategy",
    "StrategyParams",
    "used_car_margin_cny",
    "used_car_profit_cny",
]

Strategy = Literal["state_led", "independent", "remittance"]
#: The three strategies, in report order.
STRATEGIES: tuple[Strategy, ...] = ("state_led", "independent", "remittance")
#: What a reader calls each strategy.
STRATEGY_LABELS: dict[str, str] = {
    "state_led": "State-led (waku)",
    "independent": "Independent",
    "remittance": "Remittance broker",
}

#: The strategy terms a report does not expose: what each is, and its basis.
MODEL_FIGURES: dict[str, tuple[str, Figure]] = {
    "used_purchase_cny": (
        "Price paid in China for a used car",
        sourced("used_car_purchase_price_china_2024_cny", unit="CNY per car"),
    ),
    "transport_cny": (
        "Crossing (transport) cost per car at base cost",
        sourced("transport_cost_per_vehicle_2024_cny", unit="CNY per car"),
    ),
    "used_share": (
        "Share of used cars in the flow of smuggled cars",
        sourced("used_car_share_of_smuggled_vehicles"),
    ),
    "new_purchase_cny": (
        "Price paid in China for a new car",
        assumed(120_000.0, "CNY per car", "A mid-range new Chinese car; no source gives it."),
    ),
    "new_profit_low_cny": (
        "Low end of the smuggler's profit per new car after the waku",
        assumed(
            15_000.0,
            "CNY per car",
            "New cars earn more per car than used ones but less per unit of capital; no "
            "source gives the profit.",
        ),
    ),
    "new_profit_high_cny": (
        "High end of the smuggler's profit per new car after the waku",
        assumed(25_000.0, "CNY per car", "See the low end; drawn uniformly each cycle."),
    ),
    "halt_stock_gain_cny_per_car": (
        "Price gain per car in stock when a halt starts",
        assumed(
            0.0,
            "CNY per car",
            "Used-car prices rose during the 2025 halt (facts "
            "used_car_price_before_halt_2025_cny and used_car_price_after_halt_2025_cny), but "
            "most capital stuck in a halt is advance payments, not cars in stock.",
        ),
    ),
    "remittance_fine_share_of_float": (
        "Fine or bribe when a broker's float is seized, on top of the float",
        assumed(0.5, "share of the float", "No source gives it; half the float."),
    ),
    "capital_cny": (
        "Capital of one importer (matters only when whole cars are bought)",
        sourced("halt_advance_payment_stuck_cny"),
    ),
}


def _model(name: str) -> float:
    return MODEL_FIGURES[name][1].value


@dataclass(frozen=True, kw_only=True)
class StrategyParams:
    """Parameters of the three strategies (CNY, days, fractions).

    Car unit economics (per car)
        ``smuggler_profit_low_cny``, ``smuggler_profit_high_cny``: the used-car smuggler's
        profit after the waku, range drawn uniformly per cycle. ``waku_cny``.
        Model figures (``MODEL_FIGURES``): ``used_purchase_cny``, ``transport_cny``,
        ``used_share`` (share of used cars in the flow of cars), ``new_purchase_cny``,
        ``new_profit_low_cny``, ``new_profit_high_cny``.
    Capital cycle (days)
        ``procurement_days``, ``crossing_days``, ``inspection_days``, ``approval_days``,
        ``time_to_sale_days`` (used car), ``new_time_to_sale_days``.
        ``annual_interest_rate``: simple, per year.
    Season
        ``calendar``: a ``MonthlyCalendar`` (``SeasonParams.calendar()``).
    State-led
        ``company_profit_share`` in [0, 1]; halts: ``halts_per_year`` (Poisson mean),
        ``halt_days`` (length of each), ``halt_stock_gain_cny_per_car`` (price gain per car
        of stock on the North Korean side when a halt starts; model figure).
    Independent
        ``crackdown_probability`` (per cycle), ``fine_cny`` (per car),
        ``independent_extra_cost_cny`` (per car), ``halt_hits_independent`` (off: halts are
        reported for state smuggling).
    Remittance
        ``remittance_commission_low``, ``remittance_commission_high`` (fraction of volume),
        ``remittance_cycles_per_year``, ``remittance_crackdown_probability`` (per cycle),
        ``remittance_fine_share_of_float`` (model figure).
    Scale
        ``capital_cny`` (model figure) and ``whole_cars`` (round to whole cars; off: returns
        per unit of capital).
    """

    # car unit economics
    smuggler_profit_low_cny: float
    smuggler_profit_high_cny: float
    waku_cny: float
    used_purchase_cny: float = _model("used_purchase_cny")
    transport_cny: float = _model("transport_cny")
    used_share: float = _model("used_share")
    new_purchase_cny: float = _model("new_purchase_cny")
    new_profit_low_cny: float = _model("new_profit_low_cny")
    new_profit_high_cny: float = _model("new_profit_high_cny")
    # capital cycle
    procurement_days: float
    crossing_days: float
    inspection_days: float
    approval_days: float
    time_to_sale_days: float
    new_time_to_sale_days: float
    annual_interest_rate: float
    # season
    calendar: MonthlyCalendar
    # state-led
    company_profit_share: float
    halts_per_year: float
    halt_days: float
    halt_stock_gain_cny_per_car: float = _model("halt_stock_gain_cny_per_car")
    # independent
    crackdown_probability: float
    fine_cny: float
    independent_extra_cost_cny: float
    halt_hits_independent: bool = False
    # remittance brokering
    remittance_commission_low: float
    remittance_commission_high: float
    remittance_cycles_per_year: float
    remittance_crackdown_probability: float
    remittance_fine_share_of_float: float = _model("remittance_fine_share_of_float")
    # scale
    capital_cny: float = _model("capital_cny")
    whole_cars: bool = False

    def __post_init__(self) -> None:
        big = 1e7
        r = require_in_range
        for name in (
            "smuggler_profit_low_cny",
            "smuggler_profit_high_cny",
            "new_profit_low_cny",
            "new_profit_high_cny",
            "transport_cny",
            "waku_cny",
            "halt_stock_gain_cny_per_car",
            "fine_cny",
            "independent_extra_cost_cny",
        ):
            r(name, getattr(self, name), 0.0, big)
        for name in ("used_purchase_cny", "new_purchase_cny", "capital_cny"):
            r(name, getattr(self, name), 0.0, 1e12 if name == "capital_cny" else big, low_open=True)
        for name in (
            "used_share",
            "company_profit_share",
            "crackdown_probability",
            "remittance_commission_low",
            "remittance_commission_high",
            "remittance_crackdown_probability",
        ):
            r(name, getattr(self, name), 0.0, 1.0)
        for name in (
            "procurement_days",
            "crossing_days",
            "inspection_days",
            "approval_days",
            "time_to_sale_days",
            "new_time_to_sale_days",
            "halt_days",
        ):
            r(name, getattr(self, name), 0.0, DAYS_PER_YEAR)
        r("annual_interest_rate", self.annual_interest_rate, 0.0, 10.0)
        r("halts_per_year", self.halts_per_year, 0.0, 52.0)
        r(
            "remittance_cycles_per_year",
            self.remittance_cycles_per_year,
            0.0,
            DAYS_PER_YEAR,
            low_open=True,
        )
        r("remittance_fine_share_of_float", self.remittance_fine_share_of_float, 0.0, 10.0)
        for lo, hi in (
            ("smuggler_profit_low_cny", "smuggler_profit_high_cny"),
            ("new_profit_low_cny", "new_profit_high_cny"),
            ("remittance_commission_low", "remittance_commission_high"),
        ):
            if getattr(self, lo) > getattr(self, hi):
                raise ValueError(
                    f"{lo} must be <= {hi}, got {getattr(self, lo)!r} > {getattr(self, hi)!r}"
                )
        if not isinstance(self.calendar, MonthlyCalendar):
            raise ValueError(f"calendar must be a MonthlyCalendar, got {type(self.calendar)!r}")
        for name in ("halt_hits_independent", "whole_cars"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be a bool, got {getattr(self, name)!r}")
        # builds and validates the cycles (total > 0)
        self.used_cycle()
        self.new_cycle()

    def used_cycle(self) -> CapitalCycle:
        """Capital cycle of a used car (the report's ``capital_cycle_days``)."""
        return CapitalCycle(
            self.procurement_days,
            self.crossing_days,
            self.inspection_days,
            self.approval_days,
            self.time_to_sale_days,
        )

    def new_cycle(self) -> CapitalCycle:
        """Capital cycle of a new car (slower sale)."""
        return replace(self.used_cycle(), time_to_sale_days=self.new_time_to_sale_days)


def used_car_margin_cny(params: StrategyParams) -> float:
    """Middle of the used-car smuggler's profit range after the waku, CNY per car."""
    return 0.5 * (params.smuggler_profit_low_cny + params.smuggler_profit_high_cny)


def used_car_profit_cny(params: StrategyParams, strategy: Strategy) -> float:
    """What the investor keeps of one used car not seized, at the middle of the margin range.

    At base crossing cost (multiplier 1): on the state-led route the smuggler's profit after
    the waku less the trading company's share, ``(1 - company_profit_share) * M``; on the
    independent route the profit plus the waku not bought less the extra costs,
    ``M + waku_cny - independent_extra_cost_cny``, with ``M = used_car_margin_cny(params)``.

    Parameters
    ----------
    params : StrategyParams
    strategy : {'state_led', 'independent'}

    Returns
    -------
    float
        CNY per used car.
    """
    mid_margin = used_car_margin_cny(params)
    if strategy == "state_led":
        return (1 - params.company_profit_share) * mid_margin
    if strategy == "independent":
        return mid_margin + params.waku_cny - params.independent_extra_cost_cny
    raise ValueError(f"strategy must be 'state_led' or 'independent', got {strategy!r}")
