"""Three ways to use capital for a year, and their returns and risks.

Strategies
----------
``state_led``
    Capital put into cars imported through a trading company under its waku (the state
    trading certificate). Per car the investor's profit is the smuggler's profit after the
    waku (reported 10,000-12,000 CNY in 2025) times ``1 - company_profit_share``. No
    crackdown losses. Halt risk: halts (Poisson, ``halt_rate_per_year``, each
    ``halt_days`` long) remove operating days while the capital stays stuck (with the
    supplier, or in cars awaiting approval) and keeps paying interest.
``independent``
    The same cars smuggled without a waku. The per-car profit is the state-led smuggler's
    profit plus the waku not bought, minus ``independent_extra_cost_cny_per_car`` (bribes,
    selling without papers). Each cycle carries a crackdown probability: the shipment is
    seized (its capital lost) and a fine per car is paid.
``remittance``
    A broker's float: a commission on the volume transferred each cycle, and a crackdown
    probability per cycle (the phone crackdowns) with the loss of the float plus a fine.

Margins and capital per car (2025 figures, used cars; facts in ``shared/data/facts.csv``)
-----------------------------------------------------------------------------------------
The model's margin variable ``M`` is the smuggler's profit per car *after* the waku, drawn
uniformly over the reported range each cycle. It fits the unit economics: sale 83,000 -
purchase in China 45,000 - transport 2,500 - waku 25,000 = 10,500 CNY, inside
10,000-12,000. The implied sale price is ``purchase + transport + waku + M``.

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
- The 90/10 used/new mix is a share of the flow of cars: capital is split so that 90% of
  the cars passing through in a year are used (new cars tie capital up longer and cost
  more, so they take more than 10% of the capital).
- Remittance brokering uses no river crossing: no calendar, no halts.

Randomness: ``np.random.default_rng`` seeded from ``np.random.SeedSequence(seed).spawn(3)``,
one stream per strategy, so a strategy's draws do not depend on which others are simulated;
the same seed gives bit-identical arrays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.capital_cycle import CapitalCycle
from hyesan_analysis.model.finance import DAYS_PER_YEAR, require_in_range
from hyesan_analysis.model.season import MonthlyCalendar, build_calendar, with_halt, with_months

__all__ = [
    "DEFAULT_SEED",
    "PARAMETER_NOTES",
    "STRATEGIES",
    "Strategy",
    "StrategyParams",
    "breakeven_crackdown_probability",
    "compare_scenarios",
    "default_scenarios",
    "expected_annual_return",
    "expected_annual_returns",
    "expected_returns_over",
    "independent_profit_per_car_cny",
    "investor_results",
    "simulate_annual_returns",
    "smuggler_profit_per_car_cny",
    "summarize",
    "what_if_calendars",
]

Strategy = Literal["state_led", "independent", "remittance"]
#: The three strategies, in report order.
STRATEGIES: tuple[Strategy, ...] = ("state_led", "independent", "remittance")
#: Default seed (the founding report's date).
DEFAULT_SEED = 20250304
_CHUNK_YEARS = 1 << 16
_STREAM = {"state_led": 0, "independent": 1, "remittance": 2}


@dataclass(frozen=True)
class StrategyParams:
    """Parameters of the three strategies (CNY, days, fractions; see ``PARAMETER_NOTES``).

    Car unit economics (per car)
        ``smuggler_profit_low_cny``, ``smuggler_profit_high_cny``: the used-car smuggler's
        profit after the waku, range drawn uniformly per cycle (sourced, 2025).
        ``used_purchase_cny``, ``transport_cny``, ``waku_cny`` (sourced).
        ``used_share``: share of used cars in the flow of cars (sourced, 0.9).
        ``new_purchase_cny``, ``new_profit_low_cny``, ``new_profit_high_cny`` (assumptions).
    Capital cycle (days)
        ``procurement_days``, ``crossing_days`` (assumptions), ``inspection_days``,
        ``approval_days`` (sourced), ``used_time_to_sale_days``, ``new_time_to_sale_days``
        (assumptions). ``annual_interest_rate``: simple, per year (assumption).
    Season
        ``calendar``: a ``MonthlyCalendar`` (default ``build_calendar()``).
    State-led
        ``company_profit_share`` in [0, 1]; halts: ``halt_rate_per_year`` (Poisson mean),
        ``halt_days`` (length of each), ``halt_stock_gain_cny_per_car`` (price gain per car
        of stock on the North Korean side when a halt starts; 0 by default).
    Independent
        ``crackdown_probability_per_cycle``, ``fine_cny_per_car``,
        ``independent_extra_cost_cny_per_car``, ``halt_hits_independent``.
    Remittance
        ``remittance_commission_low``, ``remittance_commission_high`` (fraction of volume),
        ``remittance_cycles_per_year``, ``remittance_crackdown_probability_per_cycle``,
        ``remittance_fine_share_of_float``.
    Scale
        ``capital_cny`` and ``whole_cars`` (round to whole cars; off by default).
    """

    # car unit economics
    smuggler_profit_low_cny: float = 10_000.0
    smuggler_profit_high_cny: float = 12_000.0
    used_purchase_cny: float = 45_000.0
    transport_cny: float = 2_500.0
    waku_cny: float = 25_000.0
    used_share: float = 0.9
    new_purchase_cny: float = 120_000.0
    new_profit_low_cny: float = 15_000.0
    new_profit_high_cny: float = 25_000.0
    # capital cycle
    procurement_days: float = 10.0
    crossing_days: float = 2.0
    inspection_days: float = 5.0
    approval_days: float = 10.0
    used_time_to_sale_days: float = 14.0
    new_time_to_sale_days: float = 60.0
    annual_interest_rate: float = 0.6
    # season
    calendar: MonthlyCalendar = field(default_factory=build_calendar)
    # state-led
    company_profit_share: float = 0.3
    halt_rate_per_year: float = 1.0
    halt_days: float = 30.0
    halt_stock_gain_cny_per_car: float = 0.0
    # independent
    crackdown_probability_per_cycle: float = 0.1
    fine_cny_per_car: float = 30_000.0
    independent_extra_cost_cny_per_car: float = 10_000.0
    halt_hits_independent: bool = False
    # remittance brokering
    remittance_commission_low: float = 0.10
    remittance_commission_high: float = 0.30
    remittance_cycles_per_year: float = 6.0
    remittance_crackdown_probability_per_cycle: float = 0.1
    remittance_fine_share_of_float: float = 0.5
    # scale
    capital_cny: float = 500_000.0
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
            "fine_cny_per_car",
            "independent_extra_cost_cny_per_car",
        ):
            r(name, getattr(self, name), 0.0, big)
        for name in ("used_purchase_cny", "new_purchase_cny", "capital_cny"):
            r(name, getattr(self, name), 0.0, 1e12 if name == "capital_cny" else big, low_open=True)
        for name in (
            "used_share",
            "company_profit_share",
            "crackdown_probability_per_cycle",
            "remittance_commission_low",
            "remittance_commission_high",
            "remittance_crackdown_probability_per_cycle",
        ):
            r(name, getattr(self, name), 0.0, 1.0)
        for name in (
            "procurement_days",
            "crossing_days",
            "inspection_days",
            "approval_days",
            "used_time_to_sale_days",
            "new_time_to_sale_days",
            "halt_days",
        ):
            r(name, getattr(self, name), 0.0, DAYS_PER_YEAR)
        r("annual_interest_rate", self.annual_interest_rate, 0.0, 10.0)
        r("halt_rate_per_year", self.halt_rate_per_year, 0.0, 52.0)
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
        """Capital cycle of a used car (the default ``capital_cycle_days``)."""
        return CapitalCycle(
            self.procurement_days,
            self.crossing_days,
            self.inspection_days,
            self.approval_days,
            self.used_time_to_sale_days,
        )

    def new_cycle(self) -> CapitalCycle:
        """Capital cycle of a new car (slower sale)."""
        return replace(self.used_cycle(), time_to_sale_days=self.new_time_to_sale_days)


#: Every default of ``StrategyParams``: unit, sourced or assumed, fact id or rationale.
PARAMETER_NOTES: dict[str, dict[str, str]] = {
    "smuggler_profit_low_cny": {
        "unit": "CNY/car",
        "status": "sourced",
        "fact_id": "smuggler_profit_per_car_2025_cny",
        "note": "low end of 10,000-12,000, after the waku",
    },
    "smuggler_profit_high_cny": {
        "unit": "CNY/car",
        "status": "sourced",
        "fact_id": "smuggler_profit_per_car_2025_cny",
        "note": "high end of 10,000-12,000, after the waku",
    },
    "used_purchase_cny": {
        "unit": "CNY/car",
        "status": "sourced",
        "fact_id": "used_car_purchase_price_china_2024_cny",
        "note": "June 2024 cost build-up",
    },
    "transport_cny": {
        "unit": "CNY/car",
        "status": "sourced",
        "fact_id": "transport_cost_per_vehicle_2024_cny",
        "note": "June 2024",
    },
    "waku_cny": {
        "unit": "CNY/car",
        "status": "sourced",
        "fact_id": "waku_price_2025_cny",
        "note": "cut from 30,000 at the start of 2025",
    },
    "used_share": {
        "unit": "fraction",
        "status": "sourced",
        "fact_id": "used_car_share_of_smuggled_vehicles",
        "note": "about 90% of smuggled cars are used",
    },
    "new_purchase_cny": {
        "unit": "CNY/car",
        "status": "assumption",
        "fact_id": "",
        "note": "a mid-range new Chinese car; no source gives the price",
    },
    "new_profit_low_cny": {
        "unit": "CNY/car",
        "status": "assumption",
        "fact_id": "",
        "note": "new cars earn more per car but less per unit of capital",
    },
    "new_profit_high_cny": {
        "unit": "CNY/car",
        "status": "assumption",
        "fact_id": "",
        "note": "see new_profit_low_cny",
    },
    "procurement_days": {
        "unit": "days",
        "status": "assumption",
        "fact_id": "",
        "note": "advance payment until the car is at the river",
    },
    "crossing_days": {
        "unit": "days",
        "status": "assumption",
        "fact_id": "",
        "note": "night crossing at a ford or temporary bridge, plus waiting",
    },
    "inspection_days": {
        "unit": "days",
        "status": "sourced",
        "fact_id": "inspection_period_days",
        "note": "about 5 days",
    },
    "approval_days": {
        "unit": "days",
        "status": "sourced",
        "fact_id": "sale_approval_delay_days",
        "note": "'10+ days'; 10 is the lower bound",
    },
    "used_time_to_sale_days": {
        "unit": "days",
        "status": "assumption",
        "fact_id": "",
        "note": "used cars sell fast (sourced in words), two weeks",
    },
    "new_time_to_sale_days": {
        "unit": "days",
        "status": "assumption",
        "fact_id": "",
        "note": "new cars sell more slowly (sourced in words); two "
        "months; unsold cars for 6+ months were seen in late "
        "2025",
    },
    "annual_interest_rate": {
        "unit": "1/year",
        "status": "assumption",
        "fact_id": "importers_borrow_at_interest",
        "note": "importers borrow at interest (sourced in words); 5% a "
        "month simple, the rate reported between acquaintances "
        "in Hyesan (loan sharks charge more)",
    },
    "calendar": {
        "unit": "",
        "status": "sourced months, assumed magnitudes",
        "fact_id": "yalu_frozen_nov_feb; rivers_frozen_january; "
        "thaw_prices_expected_to_rise; flood_halt_2024_event; "
        "monsoon_halts_smuggling",
        "note": "see season.build_calendar",
    },
    "company_profit_share": {
        "unit": "fraction",
        "status": "assumption",
        "fact_id": "trading_company_profit_share_practice; waku_lent_for_commission",
        "note": "profits are shared (sourced in words), split unknown; "
        "the company already takes the waku, so a minority "
        "share",
    },
    "halt_rate_per_year": {
        "unit": "1/year",
        "status": "assumption",
        "fact_id": "two_sessions_halt_2025; halt_2025_05_event",
        "note": "2025 saw a week-long (March) and a month-long (May) "
        "suspension; one 30-day halt a year on average",
    },
    "halt_days": {
        "unit": "days",
        "status": "sourced",
        "fact_id": "halt_2025_05_event",
        "note": "the mid-May 2025 suspension lasted more than a month",
    },
    "halt_stock_gain_cny_per_car": {
        "unit": "CNY/car",
        "status": "assumption",
        "fact_id": "used_car_price_before_halt_2025_cny; used_car_price_after_halt_2025_cny",
        "note": "0 by default: prices rose 70,000 -> 85,000 "
        "in the 2025 halt, but most stuck capital was "
        "advance payments, not cars in stock",
    },
    "crackdown_probability_per_cycle": {
        "unit": "probability",
        "status": "assumption",
        "fact_id": "",
        "note": "private smuggling faces a crackdown "
        "(sourced in words), frequency unknown; "
        "use the break-even instead",
    },
    "fine_cny_per_car": {
        "unit": "CNY/car",
        "status": "assumption",
        "fact_id": "",
        "note": "of the order of the 2024 waku (30,000) that was evaded",
    },
    "independent_extra_cost_cny_per_car": {
        "unit": "CNY/car",
        "status": "assumption",
        "fact_id": "",
        "note": "bribes and a discount for selling without papers; no source",
    },
    "halt_hits_independent": {
        "unit": "bool",
        "status": "assumption",
        "fact_id": "",
        "note": "halts are reported for state smuggling",
    },
    "remittance_commission_low": {
        "unit": "fraction of volume",
        "status": "assumption",
        "fact_id": "",
        "note": "broker's net commission",
    },
    "remittance_commission_high": {
        "unit": "fraction of volume",
        "status": "assumption",
        "fact_id": "",
        "note": "broker's net commission",
    },
    "remittance_cycles_per_year": {
        "unit": "1/year",
        "status": "assumption",
        "fact_id": "",
        "note": "the float turns over every two months (volume limited by demand, not capital)",
    },
    "remittance_crackdown_probability_per_cycle": {
        "unit": "probability",
        "status": "assumption",
        "fact_id": "remittance_brokers_switch_to_cars",
        "note": "severe phone crackdowns (sourced in words)",
    },
    "remittance_fine_share_of_float": {
        "unit": "fraction of float",
        "status": "assumption",
        "fact_id": "",
        "note": "fine or bribe on top of the seized float",
    },
    "capital_cny": {
        "unit": "CNY",
        "status": "sourced",
        "fact_id": "halt_advance_payment_stuck_cny",
        "note": "one importer's stuck advance payment; matters only with whole_cars",
    },
    "whole_cars": {
        "unit": "bool",
        "status": "assumption",
        "fact_id": "",
        "note": "off: returns per unit of capital",
    },
}


def smuggler_profit_per_car_cny(
    sale_price_cny: float = 83_000.0,
    purchase_cny: float = 45_000.0,
    transport_cny: float = 2_500.0,
    waku_cny: float = 25_000.0,
) -> float:
    """Smuggler's profit per car on the state-led route: sale - purchase - transport - waku.

    At the 2025 figures 83,000 - 45,000 - 2,500 - 25,000 = 10,500 CNY, inside the reported
    10,000-12,000; with the 2024 waku of 30,000, 5,500 (inside 5,000-7,000).
    """
    for name, v in (
        ("sale_price_cny", sale_price_cny),
        ("purchase_cny", purchase_cny),
        ("transport_cny", transport_cny),
        ("waku_cny", waku_cny),
    ):
        require_in_range(name, v, 0.0)
    return float(sale_price_cny - purchase_cny - transport_cny - waku_cny)


def independent_profit_per_car_cny(
    sale_price_cny: float = 83_000.0,
    purchase_cny: float = 45_000.0,
    transport_cny: float = 2_500.0,
    extra_cost_cny: float = 10_000.0,
) -> float:
    """Independent smuggler's profit per car when not caught: no waku, but extra costs.

    ``sale - purchase - transport - extra``; 25,500 CNY at the defaults.
    """
    for name, v in (
        ("sale_price_cny", sale_price_cny),
        ("purchase_cny", purchase_cny),
        ("transport_cny", transport_cny),
        ("extra_cost_cny", extra_cost_cny),
    ):
        require_in_range(name, v, 0.0)
    return float(sale_price_cny - purchase_cny - transport_cny - extra_cost_cny)


# --------------------------------------------------------------------------------------
# internal: per-cycle coefficients
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CarClass:
    """Per-cycle return of one car class: ``(1 - I) * (alpha + beta * M) - I * loss - phi``."""

    weight: float  # capital share x deployed share
    alpha: NDArray[np.float64]  # (K,)
    beta: NDArray[np.float64]  # (K,)
    loss: NDArray[np.float64]  # (K,) loss per unit capital when seized
    phi: float  # financing per cycle, per unit capital
    margin_low: float
    margin_high: float
    cycle_days: float
    n_nominal: float  # cycles a year without random halts
    halt_gain: float  # gain per halt, per unit of capital


def _schedule(calendar: MonthlyCalendar, cycle_days: float) -> tuple[NDArray[np.float64], float]:
    """Cost multiplier of each cycle of the year, and the (fractional) number of cycles."""
    by_month = calendar.operating_days_by_month()
    op_days = float(by_month.sum())
    n = op_days / cycle_days
    k_max = max(1, math.ceil(n - 1e-12))
    k = np.arange(k_max, dtype=float)
    mid = 0.5 * (k + np.minimum(k + 1.0, n)) * cycle_days
    month = np.minimum(np.searchsorted(np.cumsum(by_month), mid, side="right"), 11)
    return np.asarray(calendar.cost_multiplier, dtype=float)[month], n


def _car_classes(params: StrategyParams, route: Strategy) -> list[_CarClass]:
    p = params
    specs = (
        (
            p.used_share,
            p.used_purchase_cny,
            p.smuggler_profit_low_cny,
            p.smuggler_profit_high_cny,
            p.used_cycle(),
        ),
        (
            1.0 - p.used_share,
            p.new_purchase_cny,
            p.new_profit_low_cny,
            p.new_profit_high_cny,
            p.new_cycle(),
        ),
    )
    upfront = p.waku_cny if route == "state_led" else p.independent_extra_cost_cny_per_car
    raw = []
    for share, purchase, lo, hi, cycle in specs:
        c_base = purchase + p.transport_cny + upfront
        raw.append((share * c_base * cycle.total_days, share, purchase, lo, hi, cycle, c_base))
    total = sum(x[0] for x in raw)
    out = []
    for alloc, share, purchase, lo, hi, cycle, c_base in raw:
        if share == 0.0:
            continue
        capital_share = alloc / total
        deployed = 1.0
        if p.whole_cars:
            class_capital = p.capital_cny * capital_share
            deployed = math.floor(class_capital / c_base) * c_base / class_capital
        mult, n = _schedule(p.calendar, cycle.total_days)
        extra_transport = (mult - 1.0) * p.transport_cny
        capital = purchase + mult * p.transport_cny + upfront
        if route == "state_led":
            keep = 1.0 - p.company_profit_share
            alpha = -keep * extra_transport / capital
            beta = keep / capital
            loss = np.zeros_like(capital)
        else:
            alpha = (p.waku_cny - p.independent_extra_cost_cny_per_car - extra_transport) / capital
            beta = 1.0 / capital
            loss = 1.0 + p.fine_cny_per_car / capital
        out.append(
            _CarClass(
                weight=capital_share * deployed,
                alpha=alpha,
                beta=beta,
                loss=loss,
                phi=p.annual_interest_rate * cycle.total_days / DAYS_PER_YEAR,
                margin_low=lo,
                margin_high=hi,
                cycle_days=cycle.total_days,
                n_nominal=n,
                halt_gain=p.halt_stock_gain_cny_per_car
                * cycle.stock_days
                / cycle.total_days
                / c_base,
            )
        )
    return out


def _halts_apply(params: StrategyParams, route: Strategy) -> bool:
    # does not look at halt_days, so that halt counts are drawn (and the random stream is
    # the same) for every halt length: runs that differ only in halt_days are comparable
    on = params.halt_rate_per_year > 0.0
    return on and (route == "state_led" or params.halt_hits_independent)


def _crackdown_p(params: StrategyParams, route: Strategy) -> float:
    return params.crackdown_probability_per_cycle if route == "independent" else 0.0


def _lost_days_distribution(
    rate: float, halt_days: float, op_days: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Values and probabilities of operating days lost to Poisson(rate) halts of halt_days."""
    if rate == 0.0 or halt_days == 0.0 or op_days == 0.0:
        return np.zeros(1), np.ones(1)
    # j >= ceil(op_days / halt_days) halts lose the whole year; beyond rate + 40 sd + 60 the
    # Poisson mass is below 1e-30 and is lumped into the last value
    j_trunc = int(rate + 40.0 * math.sqrt(rate) + 60.0)
    ratio = op_days / halt_days
    j_max = j_trunc if ratio >= j_trunc else math.ceil(ratio)
    j = np.arange(j_max, dtype=float)
    log_pmf = -rate + j * math.log(rate) - np.array([math.lgamma(x + 1.0) for x in j])
    pmf = np.exp(log_pmf)
    tail = max(0.0, 1.0 - float(pmf.sum()))
    values = np.append(np.minimum(j * halt_days, op_days), min(j_max * halt_days, op_days))
    return values, np.append(pmf, tail)


# --------------------------------------------------------------------------------------
# closed form
# --------------------------------------------------------------------------------------


def _expected_car_route(params: StrategyParams, route: Strategy) -> float:
    op_days = params.calendar.operating_days_per_year()
    halts = _halts_apply(params, route)
    if halts:
        lost, prob = _lost_days_distribution(params.halt_rate_per_year, params.halt_days, op_days)
    else:
        lost, prob = np.zeros(1), np.ones(1)
    p_seize = _crackdown_p(params, route)
    total = 0.0
    for cc in _car_classes(params, route):
        k = np.arange(cc.alpha.size, dtype=float)
        n_eff = (op_days - lost) / cc.cycle_days  # (L,)
        w_mean = prob @ np.clip(n_eff[:, None] - k[None, :], 0.0, 1.0)  # (K,)
        m_mean = 0.5 * (cc.margin_low + cc.margin_high)
        r_mean = (1.0 - p_seize) * (cc.alpha + cc.beta * m_mean) - p_seize * cc.loss - cc.phi
        value = float(w_mean @ r_mean)
        if halts:
            value -= params.annual_interest_rate * float(prob @ lost) / DAYS_PER_YEAR
            value += params.halt_rate_per_year * cc.halt_gain
        total += cc.weight * value
    return total


def _remittance_terms(params: StrategyParams) -> tuple[NDArray[np.float64], float]:
    n = params.remittance_cycles_per_year
    k = np.arange(max(1, math.ceil(n - 1e-12)), dtype=float)
    return np.clip(n - k, 0.0, 1.0), params.annual_interest_rate / n


def expected_annual_return(params: StrategyParams, strategy: Strategy) -> float:
    """Closed-form expected annual return on capital (fraction per year, net of financing).

    Exact for the model that ``simulate_annual_returns`` samples: the Poisson halt count is
    summed over its distribution, margins and commissions enter linearly.

    Parameters
    ----------
    params : StrategyParams
    strategy : {'state_led', 'independent', 'remittance'}

    Returns
    -------
    float
        Expected profit per year per unit of capital.
    """
    if strategy in ("state_led", "independent"):
        return _expected_car_route(params, strategy)
    if strategy == "remittance":
        p = params
        w, phi = _remittance_terms(p)
        q = p.remittance_crackdown_probability_per_cycle
        c_mean = 0.5 * (p.remittance_commission_low + p.remittance_commission_high)
        per_cycle = (1.0 - q) * c_mean - q * (1.0 + p.remittance_fine_share_of_float) - phi
        return float(w.sum() * per_cycle)
    raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")


def expected_annual_returns(params: StrategyParams) -> dict[str, float]:
    """``expected_annual_return`` for each strategy, keyed by strategy name."""
    return {s: expected_annual_return(params, s) for s in STRATEGIES}


# --------------------------------------------------------------------------------------
# Monte Carlo
# --------------------------------------------------------------------------------------


def _simulate_car_route(
    params: StrategyParams, route: Strategy, n: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    op_days = params.calendar.operating_days_per_year()
    halts = _halts_apply(params, route)
    p_seize = _crackdown_p(params, route)
    classes = _car_classes(params, route)
    out = np.empty(n)
    for start in range(0, n, _CHUNK_YEARS):
        m = min(_CHUNK_YEARS, n - start)
        acc = np.zeros(m)
        if halts:
            count = rng.poisson(params.halt_rate_per_year, m)
            lost = np.minimum(count * params.halt_days, op_days)
        for cc in classes:
            size = (m, cc.alpha.size)
            margin = cc.margin_low + (cc.margin_high - cc.margin_low) * rng.random(size)
            r = cc.alpha + cc.beta * margin
            if route == "independent":
                seized = rng.random(size) < p_seize
                r = np.where(seized, -cc.loss, r)
            r -= cc.phi
            k = np.arange(cc.alpha.size, dtype=float)
            if halts:
                n_eff = (op_days - lost) / cc.cycle_days
                w = np.clip(n_eff[:, None] - k, 0.0, 1.0)
                value = np.einsum("ij,ij->i", w, r)
                value -= params.annual_interest_rate * lost / DAYS_PER_YEAR
                value += count * cc.halt_gain
            else:
                value = r @ np.clip(cc.n_nominal - k, 0.0, 1.0)
            acc += cc.weight * value
        out[start : start + m] = acc
    return out


def _simulate_remittance(
    params: StrategyParams, n: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    p = params
    w, phi = _remittance_terms(p)
    lo, hi = p.remittance_commission_low, p.remittance_commission_high
    q = p.remittance_crackdown_probability_per_cycle
    loss = 1.0 + p.remittance_fine_share_of_float
    out = np.empty(n)
    for start in range(0, n, _CHUNK_YEARS):
        m = min(_CHUNK_YEARS, n - start)
        size = (m, w.size)
        commission = lo + (hi - lo) * rng.random(size)
        seized = rng.random(size) < q
        r = np.where(seized, -loss, commission) - phi
        out[start : start + m] = r @ w
    return out


def simulate_annual_returns(
    params: StrategyParams,
    n_years: int,
    seed: int = DEFAULT_SEED,
    strategies: Sequence[Strategy] = STRATEGIES,
) -> dict[str, NDArray[np.float64]]:
    """Monte Carlo annual returns on capital, one value per simulated strategy-year.

    Per cycle: margins (or commissions) uniform over their ranges, crackdowns Bernoulli; per
    year: the number of halts Poisson. Vectorized in chunks of 65,536 years.

    Parameters
    ----------
    params : StrategyParams
    n_years : int
        Simulated years per strategy, >= 1.
    seed : int
        Seed (>= 0). Each strategy has its own stream spawned from it, so its draws do not
        depend on which other strategies are requested.
    strategies : sequence of str
        Subset of ``STRATEGIES`` to simulate.

    Returns
    -------
    dict of str to ndarray
        Annual return (fraction per year, net of financing) per strategy, shape ``(n_years,)``.
    """
    if isinstance(n_years, bool) or not isinstance(n_years, (int, np.integer)) or n_years < 1:
        raise ValueError(f"n_years must be an integer >= 1, got {n_years!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    for s in strategies:
        if s not in STRATEGIES:
            raise ValueError(f"strategies must be drawn from {STRATEGIES}, got {s!r}")
    streams = np.random.SeedSequence(int(seed)).spawn(len(STRATEGIES))
    out: dict[str, NDArray[np.float64]] = {}
    for s in strategies:
        rng = np.random.default_rng(streams[_STREAM[s]])
        if s == "remittance":
            out[s] = _simulate_remittance(params, int(n_years), rng)
        else:
            out[s] = _simulate_car_route(params, s, int(n_years), rng)
    return out


def summarize(returns: NDArray[np.float64] | Sequence[float]) -> dict[str, float]:
    """Summary of simulated annual returns.

    Returns
    -------
    dict
        ``mean``, ``median``, ``p05``, ``p95`` (5th/95th percentiles), ``prob_loss`` (share
        of years with a return below 0), ``std``, ``standard_error`` (of the mean) and ``n``.
    """
    x = np.asarray(returns, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("returns must be a non-empty 1-D array of finite numbers")
    std = float(x.std(ddof=1)) if x.size > 1 else 0.0
    p05, median, p95 = np.percentile(x, [5.0, 50.0, 95.0])
    return {
        "mean": float(x.mean()),
        "median": float(median),
        "p05": float(p05),
        "p95": float(p95),
        "prob_loss": float(np.mean(x < 0.0)),
        "std": std,
        "standard_error": std / math.sqrt(x.size),
        "n": float(x.size),
    }


# --------------------------------------------------------------------------------------
# break-even, results, what-if
# --------------------------------------------------------------------------------------


def breakeven_crackdown_probability(params: StrategyParams, *, clip: bool = False) -> float:
    """Per-cycle crackdown probability at which independent smuggling's expected annual
    return equals the state-led route's.

    Solved in closed form: the independent route's expected return is affine in the
    crackdown probability ``p`` (the cycle weights do not depend on ``p``), so
    ``p* = (E_ind(0) - E_state) / (E_ind(0) - E_ind(1))``. Below ``p*`` independent
    smuggling pays more in expectation, above it less.

    Parameters
    ----------
    params : StrategyParams
    clip : bool
        If True, return the bound instead of raising when there is no break-even in
        [0, 1]: 0.0 when the state-led route pays at least as much at every ``p`` (even
        without crackdowns), 1.0 when the independent route pays more at every ``p``. Read
        as "the crackdown probability above which the state-led route pays more".

    Raises
    ------
    ValueError
        If there is no break-even in [0, 1] (one route beats the other at every ``p``) and
        ``clip`` is False.
    """
    e_state = expected_annual_return(params, "state_led")
    e0 = expected_annual_return(replace(params, crackdown_probability_per_cycle=0.0), "independent")
    e1 = expected_annual_return(replace(params, crackdown_probability_per_cycle=1.0), "independent")
    slope = e0 - e1
    if slope <= 0.0:
        if clip:
            return 0.0 if e0 <= e_state else 1.0
        raise ValueError(
            "no break-even in [0, 1]: the independent route's return does not "
            "fall with the crackdown probability (no operating days?)"
        )
    p_star = (e0 - e_state) / slope
    if clip:
        return float(min(1.0, max(0.0, p_star)))
    if not 0.0 <= p_star <= 1.0:
        raise ValueError(
            f"no break-even in [0, 1]: state-led {e_state:.4g}/year, independent "
            f"{e0:.4g}/year at p=0 and {e1:.4g}/year at p=1"
        )
    return float(p_star)


def investor_results(
    params: StrategyParams | None = None,
    n_years: int = 200_000,
    seed: int = DEFAULT_SEED,
    *,
    clip_breakeven: bool = False,
) -> dict[str, float]:
    """The key figures the investor_returns report records.

    ``clip_breakeven`` is passed to ``breakeven_crackdown_probability`` as ``clip`` (a report
    records the bound, 0 or 1, rather than failing when there is no break-even in [0, 1]).

    Returns
    -------
    dict
        ``annual_return_state_led``, ``annual_return_independent``,
        ``annual_return_remittance`` (Monte Carlo means, fraction per year),
        ``prob_loss_state_led``, ``prob_loss_independent`` (probability of a losing year),
        ``breakeven_crackdown_probability`` (per cycle) and ``capital_cycle_days`` (used car,
        days): the seven recorded figures. Also, for context, ``gross_annual_return_<s>``
        for each strategy: the closed-form expected return before financing (interest rate
        0), and ``operating_days_per_year``.
    """
    p = StrategyParams() if params is None else params
    sims = simulate_annual_returns(p, n_years, seed)
    gross = expected_annual_returns(replace(p, annual_interest_rate=0.0))
    return {
        "annual_return_state_led": float(sims["state_led"].mean()),
        "annual_return_independent": float(sims["independent"].mean()),
        "annual_return_remittance": float(sims["remittance"].mean()),
        "prob_loss_state_led": float(np.mean(sims["state_led"] < 0.0)),
        "prob_loss_independent": float(np.mean(sims["independent"] < 0.0)),
        "breakeven_crackdown_probability": breakeven_crackdown_probability(p, clip=clip_breakeven),
        "capital_cycle_days": p.used_cycle().total_days,
        **{f"gross_annual_return_{k}": v for k, v in gross.items()},
        "operating_days_per_year": p.calendar.operating_days_per_year(),
    }


def _hard_thaw(
    base: MonthlyCalendar, thaw_capacity: float, thaw_cost_multiplier: float
) -> MonthlyCalendar:
    """The what-if hard thaw: March-April at ``thaw_capacity`` and ``thaw_cost_multiplier``."""
    return with_months(
        base,
        (3, 4),
        capacity=thaw_capacity,
        cost_multiplier=thaw_cost_multiplier,
        fact_ids=("thaw_prices_expected_to_rise",),
        note=f"what-if hard thaw: capacity {thaw_capacity:g}, cost x{thaw_cost_multiplier:g} "
        "(assumed)",
    )


def default_scenarios(
    params: StrategyParams,
    *,
    thaw_capacity: float = 0.5,
    thaw_cost_multiplier: float = 3.0,
    halt_start_month: int = 5,
    halt_start_day: int = 15,
    halt_days: float = 31.0,
) -> dict[str, MonthlyCalendar]:
    """Base, "thaw" and "halt" calendars built on ``params.calendar``.

    ``thaw``: March-April capacity at most ``thaw_capacity`` and cost at least
    ``thaw_cost_multiplier`` times base (assumptions: a hard thaw). ``halt``: no crossings
    for ``halt_days`` from ``halt_start_day`` of ``halt_start_month`` (default: the mid-May
    2025 suspension, sourced), on top of the random halt risk.
    """
    base = params.calendar
    thaw = _hard_thaw(base, thaw_capacity, thaw_cost_multiplier)
    halt = with_halt(base, halt_start_month, halt_days, start_day=halt_start_day)
    return {"base": base, "thaw": thaw, "halt": halt}


def what_if_calendars(
    calendar_kwargs: Mapping[str, object] | None = None,
    *,
    thaw_capacity: float = 0.5,
    thaw_cost_multiplier: float = 3.0,
    halt_start_month: int = 5,
    halt_start_day: int = 15,
    halt_days: float = 31.0,
) -> dict[str, MonthlyCalendar]:
    """Base, "thaw" and "halt" calendars from ``build_calendar`` arguments.

    Like ``default_scenarios`` but built from the arguments of the run's calendar, so that
    the halt what-if *replaces* any halt the run already has instead of stacking a second
    one on the same days (``with_halt`` on a calendar that already holds that halt would
    count it twice).

    Parameters
    ----------
    calendar_kwargs : mapping, optional
        Keyword arguments of ``build_calendar`` for the run's own calendar (the ``base``).
    thaw_capacity, thaw_cost_multiplier : float
        The hard thaw (assumption): March-April capacity at most ``thaw_capacity`` and cost
        at least ``thaw_cost_multiplier`` times base, on top of the base calendar.
    halt_start_month, halt_start_day, halt_days
        The halt what-if (default the mid-May 2025 suspension: 31 days from 15 May), in
        place of the base calendar's halt, if any.

    Returns
    -------
    dict of str to MonthlyCalendar
        ``base``, ``thaw`` and ``halt``, for ``compare_scenarios``.
    """
    kwargs = dict(calendar_kwargs or {})
    base = build_calendar(**kwargs)  # type: ignore[arg-type]
    thaw = _hard_thaw(base, thaw_capacity, thaw_cost_multiplier)
    kwargs.update(
        halt_start_month=halt_start_month, halt_start_day=halt_start_day, halt_days=halt_days
    )
    halt = build_calendar(**kwargs)  # type: ignore[arg-type]
    return {"base": base, "thaw": thaw, "halt": halt}


def expected_returns_over(
    params: StrategyParams,
    name: str,
    values: Sequence[float] | NDArray[np.float64],
    strategies: Sequence[Strategy] = STRATEGIES,
) -> dict[str, NDArray[np.float64]]:
    """Closed-form expected annual return of each strategy as one parameter varies.

    Parameters
    ----------
    params : StrategyParams
        Base parameters.
    name : str
        A numeric field of ``StrategyParams`` (e.g. ``"crackdown_probability_per_cycle"``,
        ``"annual_interest_rate"``).
    values : sequence of float
        Values of that field.
    strategies : sequence of str
        Strategies to evaluate.

    Returns
    -------
    dict of str to ndarray
        Expected return (fraction per year, net of financing) per strategy, one value per
        entry of ``values``.
    """
    if name not in _field_names() or name in ("calendar", "halt_hits_independent", "whole_cars"):
        raise ValueError(f"name must be a numeric field of StrategyParams, got {name!r}")
    out: dict[str, np.ndarray] = {s: np.empty(len(values)) for s in strategies}
    for i, v in enumerate(values):
        p = replace(params, **{name: float(v)})  # type: ignore[arg-type]
        for s in strategies:
            out[s][i] = expected_annual_return(p, s)
    return out


def compare_scenarios(
    params: StrategyParams,
    scenarios: Mapping[str, MonthlyCalendar] | None = None,
    n_years: int = 100_000,
    seed: int = DEFAULT_SEED,
) -> list[dict[str, float | str]]:
    """Returns of each strategy under each scenario calendar.

    Parameters
    ----------
    params : StrategyParams
        Base parameters; each scenario replaces only the calendar.
    scenarios : mapping of str to MonthlyCalendar, optional
        Default ``default_scenarios(params)`` (base, thaw, halt).
    n_years, seed : int
        Monte Carlo size and seed (the same seed for every scenario).

    Returns
    -------
    list of dict
        One row per scenario and strategy: ``scenario``, ``strategy``, ``operating_days``,
        ``expected`` (closed form), ``expected_vs_base`` (difference from the first
        scenario), and the ``summarize`` figures of the Monte Carlo.
    """
    cals = default_scenarios(params) if scenarios is None else dict(scenarios)
    if not cals:
        raise ValueError("scenarios must not be empty")
    rows: list[dict[str, float | str]] = []
    first: dict[str, float] = {}
    for name, cal in cals.items():
        p = replace(params, calendar=cal)
        sims = simulate_annual_returns(p, n_years, seed)
        for s in STRATEGIES:
            expected = expected_annual_return(p, s)
            first.setdefault(s, expected)
            row: dict[str, float | str] = {
                "scenario": name,
                "strategy": s,
                "operating_days": cal.operating_days_per_year(),
                "expected": expected,
                "expected_vs_base": expected - first[s],
            }
            row.update(summarize(sims[s]))
            rows.append(row)
    return rows


def _field_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(StrategyParams))


assert set(PARAMETER_NOTES) == set(_field_names()), "PARAMETER_NOTES out of sync"
