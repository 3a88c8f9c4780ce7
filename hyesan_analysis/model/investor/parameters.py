"""The parameters of the three ways to use capital for a year, and what one car earns.

Strategies
----------
``state_led``
    Capital put into cars imported through a trading company under its waku (the state
    trading certificate): the car report's deal, cycle after cycle (``CarTerms``). Per car the
    investor keeps the deal's margin, which is already after the waku and the trading
    company's share (taken once, in the deal). No crackdown losses: state-led smuggling
    "offers stability without the risk of crackdowns" (founding report, fact
    ``state_led_smuggling_no_crackdown_risk``). Halt risk: halts (Poisson, ``halts_per_year``,
    each ``halt_days`` long) remove operating days while the capital stays stuck (with the
    supplier, or in cars awaiting approval) and keeps paying interest; the cars in stock sell
    dearer after a halt. Documented losses (``downside``: a sale at the spring 2025 price,
    sales below cost, poor-quality cars) replace a cycle's margin with their chances per
    cycle; a negative margin is a result, not an error.
``independent``
    The same cars smuggled without a waku. The per-car profit is the deal's margin plus the
    waku not bought and the company's share not paid, minus ``independent_extra_cost_cny``
    (bribes, selling without papers). Each cycle carries a crackdown probability: the
    shipment is seized (its capital lost) and a fine per car is paid.
``remittance``
    A broker's float: a commission on the volume transferred each cycle, and a crackdown
    probability per cycle (the phone crackdowns) with the loss of the float plus a fine.

Margins and capital per car
---------------------------
Each cycle's margin ``M`` is drawn uniformly within ``margin_spread_cny`` of the deal's
margin (half the width of the reported profit range for a used car). ``K`` is the deal's
capital paid out up front, ``w`` its waku, ``S`` the company's share, ``t`` its transport.

=============  ======================================  ===================================
route          capital per car ``C``                   profit per car if not seized
=============  ======================================  ===================================
state-led      K + (m-1)*t                             M - (m-1)*t
independent    K - w + extra + (m-1)*t                 M + S + w - extra - (m-1)*t
=============  ======================================  ===================================

``m`` is the crossing-cost multiplier of the month the cycle falls in (``season``); the
smuggler bears a dearer crossing alone (the company's share is fixed in the deal, at base
cost). A seized independent shipment loses ``C`` plus the fine. At ``m = 1`` the state-led
profit of one cycle after interest is the car report's net profit per car.

Accounting conventions
----------------------
- Returns are per unit of capital and do not compound here: the capital is held constant
  over the year (profits withdrawn, losses made good), so the annual return is the sum of
  the cycles' returns. ``compounding`` reinvests it cycle after cycle for years instead. It is net of financing: simple interest at ``annual_interest_rate`` on the
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
(its ``to_model`` builds a ``StrategyParams``, the used car's terms from the car report's
recorded deal). The fields that stay in the model default to the
:class:`~hyesan_analysis.model.provenance.Figure` objects in ``MODEL_FIGURES``; the cars'
own figures are in ``CAR_FIGURES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hyesan_analysis.model.finance import DAYS_PER_YEAR, require_cny_per_car, require_in_range
from hyesan_analysis.model.investor.car_terms import CarTerms
from hyesan_analysis.model.investor.downside import DownsideEvent, halt_windfall_cny
from hyesan_analysis.model.investor.season import MonthlyCalendar
from hyesan_analysis.model.provenance import Figure, implied, sourced
from hyesan_analysis.model.vehicle_classes import NEW_CAR, USED_CAR, margin_spread

__all__ = [
    "CAR_FIGURES",
    "MODEL_FIGURES",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "Strategy",
    "StrategyParams",
    "used_car_margin_cny",
    "used_car_profit_cny",
    "used_car_profit_per_cycle_cny",
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

#: A random halt's windfall per car in stock at the default world's sale price.
HALT_WINDFALL_DEFAULT_CNY = halt_windfall_cny(sourced("used_car_sale_price_2025_cny").value)

#: The strategy terms a report does not expose: what each is, and its basis.
MODEL_FIGURES: dict[str, tuple[str, Figure]] = {
    "used_share": (
        "Share of used cars in the flow of smuggled cars",
        sourced("used_car_share_of_smuggled_vehicles"),
    ),
    "halt_stock_gain_cny_per_car": (
        "Price gain per car in stock when a random halt starts",
        implied(
            HALT_WINDFALL_DEFAULT_CNY,
            "CNY per car",
            "The price after the 2025 halt (85,000, fact used_car_price_after_halt_2025_cny) "
            "less the deal's sale price (83,000 in the default world): a halt starting at the "
            "ordinary price lifts it to the post-halt level, not from the spring slump.",
        ),
    ),
    "capital_cny": (
        "Capital of one importer (matters only when whole cars are bought)",
        sourced("halt_advance_payment_stuck_cny"),
    ),
}


#: The cars' own figures (``hyesan_analysis.model.vehicle_classes``): the new car's deal, and
#: how far a cycle's margin may fall either side of each deal's margin.
CAR_FIGURES: dict[str, tuple[str, Figure]] = {
    "used_margin_spread_cny": (
        "Half-width of the draw of a used car's margin around the car report's margin",
        margin_spread(USED_CAR),
    ),
    **{
        f"new_car_{item.replace(' ', '_').replace(',', '')}": (f"New car: {item}", figure)
        for item, figure in (*NEW_CAR.figures(), *NEW_CAR.range_figures())
    },
    "new_margin_spread_cny": (
        "Half-width of the draw of a new car's margin around its deal's margin",
        margin_spread(NEW_CAR),
    ),
}


def _model(name: str) -> float:
    return MODEL_FIGURES[name][1].value


@dataclass(frozen=True, kw_only=True)
class StrategyParams:
    """Parameters of the three strategies (CNY, days, fractions).

    Cars (per car)
        ``used``, ``new``: the deal of a used and of a new car over its capital cycle
        (``CarTerms``). ``used_share`` (share of used cars in the flow of cars; model figure).
        ``annual_interest_rate``: simple, per year.
    Season
        ``calendar``: a ``MonthlyCalendar`` (``SeasonParams.calendar()``).
    State-led
        Halts: ``halts_per_year`` (Poisson mean), ``halt_days`` (length of each),
        ``halt_stock_gain_cny_per_car`` (price gain per car of stock on the North Korean side
        when a random halt starts; model figure), ``known_halt_stock_gain_cny_per_car`` (the
        same for the known halt written into the calendar, counted once a year; 0: none).
        ``downside``: the used car's documented losses (``DownsideEvent``), on both car
        routes.
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

    # cars
    used: CarTerms
    new: CarTerms
    used_share: float = _model("used_share")
    annual_interest_rate: float
    # season
    calendar: MonthlyCalendar
    # state-led
    halts_per_year: float
    halt_days: float
    halt_stock_gain_cny_per_car: float = _model("halt_stock_gain_cny_per_car")
    known_halt_stock_gain_cny_per_car: float = 0.0
    downside: tuple[DownsideEvent, ...] = ()
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
    remittance_fine_share_of_float: float
    # scale
    capital_cny: float = _model("capital_cny")
    whole_cars: bool = False

    def __post_init__(self) -> None:
        r = require_in_range
        for name in ("used", "new"):
            if not isinstance(getattr(self, name), CarTerms):
                raise ValueError(f"{name} must be CarTerms, got {type(getattr(self, name))!r}")
        for name in (
            "halt_stock_gain_cny_per_car",
            "known_halt_stock_gain_cny_per_car",
            "fine_cny",
            "independent_extra_cost_cny",
        ):
            require_cny_per_car(name, getattr(self, name))
        r("capital_cny", self.capital_cny, 0.0, 1e12, low_open=True)
        for name in (
            "used_share",
            "crackdown_probability",
            "remittance_commission_low",
            "remittance_commission_high",
            "remittance_crackdown_probability",
        ):
            r(name, getattr(self, name), 0.0, 1.0)
        r("halt_days", self.halt_days, 0.0, DAYS_PER_YEAR)
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
        if self.remittance_commission_low > self.remittance_commission_high:
            raise ValueError(
                "remittance_commission_low must be <= remittance_commission_high, got "
                f"{self.remittance_commission_low!r} > {self.remittance_commission_high!r}"
            )
        for name in ("used", "new"):
            terms: CarTerms = getattr(self, name)
            if terms.independent_capital_cny(self.independent_extra_cost_cny) <= 0.0:
                raise ValueError(
                    f"independent_extra_cost_cny: a {name} car smuggled without a waku must "
                    "still tie up capital (its capital less the waku plus the extra cost > 0)"
                )
        if not all(isinstance(e, DownsideEvent) for e in self.downside):
            raise ValueError("downside must be a tuple of DownsideEvent")
        if sum(e.probability_per_cycle for e in self.downside) > 1.0 + 1e-12:
            raise ValueError("the downside events' probabilities per cycle must sum to at most 1")
        if not isinstance(self.calendar, MonthlyCalendar):
            raise ValueError(f"calendar must be a MonthlyCalendar, got {type(self.calendar)!r}")
        for name in ("halt_hits_independent", "whole_cars"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be a bool, got {getattr(self, name)!r}")


def used_car_margin_cny(params: StrategyParams) -> float:
    """The used car's margin after the waku, fees and the company's share (the car report's),
    CNY per car: the middle of the range each cycle's margin is drawn from."""
    return params.used.margin_cny


def used_car_profit_cny(params: StrategyParams, strategy: Strategy) -> float:
    """What the investor keeps of one used car not seized, at the middle of the margin range.

    At base crossing cost (multiplier 1), before interest: on the state-led route the deal's
    margin (the company's share already taken); on the independent route that margin plus the
    waku and the company's share not paid, less the extra costs.

    Parameters
    ----------
    params : StrategyParams
    strategy : {'state_led', 'independent'}

    Returns
    -------
    float
        CNY per used car.
    """
    if strategy == "state_led":
        return params.used.margin_cny
    if strategy == "independent":
        return params.used.independent_margin_cny(params.independent_extra_cost_cny)
    raise ValueError(f"strategy must be 'state_led' or 'independent', got {strategy!r}")


def used_car_profit_per_cycle_cny(params: StrategyParams, strategy: Strategy) -> float:
    """Expected profit of one used car's cycle after interest, at base crossing cost, CNY.

    The state-led figure is the car report's net profit per car: the margin less interest on
    the capital over the cycle. The independent one is ``(1 - p)`` times its margin less
    ``p`` times the seized capital and fine, less the same interest on its own capital.
    """
    used = params.used
    rate = params.annual_interest_rate
    if strategy == "state_led":
        return used.margin_cny - used.financing_cny(rate)
    if strategy == "independent":
        extra = params.independent_extra_cost_cny
        capital = used.independent_capital_cny(extra)
        q = params.crackdown_probability
        seized = capital + params.fine_cny
        interest = capital * used.interest_per_cycle(rate)
        return (1 - q) * used.independent_margin_cny(extra) - q * seized - interest
    raise ValueError(f"strategy must be 'state_led' or 'independent', got {strategy!r}")
