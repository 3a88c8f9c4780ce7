"""Per-cycle terms shared by the closed form and the Monte Carlo (internal to ``investor``).

A car route's year is a sequence of capital cycles; each cycle's return on capital is affine
in the margin ``M`` drawn for it, ``alpha + beta * M`` (or ``-loss`` when seized), less
``phi``, the interest on the capital for the cycle. ``car_classes`` computes these
coefficients for used and new cars, ``cycle_schedule`` which month (and so which crossing
cost) each cycle falls in, ``lost_days_distribution`` the days a year's random halts take.

The draws and the weights of one year's cycles (``draw_car_cycle_returns``,
``draw_remittance_cycle_returns``, ``cycle_weights``, ``add_halt_terms``) serve both the annual
Monte Carlo (which adds the weighted cycle returns) and the compounding simulation (which
multiplies them); the closed forms use the same weights with the means
(``CarClass.mean_cycle_return``, ``remittance_mean_cycle_return``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.finance import DAYS_PER_YEAR
from hyesan_analysis.model.investor.parameters import STRATEGIES, Strategy, StrategyParams
from hyesan_analysis.model.investor.season import MonthlyCalendar

__all__ = [
    "CarClass",
    "add_halt_terms",
    "car_classes",
    "check_int",
    "cycle_schedule",
    "cycle_weights",
    "draw_car_cycle_returns",
    "draw_margins",
    "draw_remittance_cycle_returns",
    "halts_apply",
    "lost_days_distribution",
    "poisson_pmf",
    "poisson_truncation",
    "remittance_mean_cycle_return",
    "remittance_terms",
    "route_generators",
    "seizure_probability",
]


@dataclass(frozen=True)
class CarClass:
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
    known_halt_gain: float = 0.0  # gain of the calendar's known halt, per unit of capital
    event_probability: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # (E,)
    event_margin_low: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # (E,)
    event_margin_high: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # (E,)

    @property
    def mean_margin(self) -> float:
        """Expected margin of one cycle, CNY per car: the ordinary draw or a downside event."""
        p = self.event_probability
        ordinary = 0.5 * (self.margin_low + self.margin_high)
        events = 0.5 * (self.event_margin_low + self.event_margin_high)
        return float((1.0 - p.sum()) * ordinary + p @ events)

    def mean_cycle_return(self, seizure_probability: float) -> NDArray[np.float64]:
        """Expected return of each cycle (K,), per unit of capital, after its interest."""
        q = seizure_probability
        return (1.0 - q) * (self.alpha + self.beta * self.mean_margin) - q * self.loss - self.phi


def check_int(name: str, value: int, low: int) -> int:
    """``int(value)``, or ``ValueError`` naming ``name`` unless an integer >= ``low``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def route_generators(
    seed: int, strategies: Sequence[Strategy]
) -> dict[Strategy, np.random.Generator]:
    """One ``np.random.default_rng`` stream per route, spawned from
    ``np.random.SeedSequence(seed)`` in the order of ``STRATEGIES``: a route's draws do not
    depend on which other routes are simulated."""
    check_int("seed", seed, 0)
    for s in strategies:
        if s not in STRATEGIES:
            raise ValueError(f"strategies must be drawn from {STRATEGIES}, got {s!r}")
    streams = np.random.SeedSequence(int(seed)).spawn(len(STRATEGIES))
    return {s: np.random.default_rng(streams[STRATEGIES.index(s)]) for s in strategies}


def draw_car_cycle_returns(
    params: StrategyParams,
    cc: CarClass,
    route: Strategy,
    size: tuple[int, int],
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """One year's cycle returns per unit of capital, after interest, shape ``size`` (years,
    cycles): the margins (``draw_margins``), then on the independent route the seizures."""
    r = draw_margins(cc, size, rng)
    r *= cc.beta
    r += cc.alpha
    if route == "independent":
        seized = rng.random(size) < seizure_probability(params, route)
        np.copyto(r, -cc.loss, where=seized)
    r -= cc.phi
    return r


def cycle_weights(
    cc: CarClass, op_days: float, lost: NDArray[np.float64] | None
) -> NDArray[np.float64]:
    """Share of each cycle the year's operating days allow: (K,) without random halts
    (``lost`` None), else (L, K) for ``lost`` days lost to halts; the last cycle pro rata."""
    k = np.arange(cc.alpha.size, dtype=float)
    if lost is None:
        return np.clip(cc.n_nominal - k, 0.0, 1.0)
    n_eff = (op_days - lost) / cc.cycle_days
    return np.clip(n_eff[:, None] - k, 0.0, 1.0)


def add_halt_terms(
    value: NDArray[np.float64],
    params: StrategyParams,
    cc: CarClass,
    count: NDArray[Any],
    lost: NDArray[np.float64],
) -> NDArray[np.float64]:
    """``value`` (a year's return or growth factor per unit of capital) after ``count``
    halts taking ``lost`` days: the interest on the capital stuck off, the windfall on the
    stock on (in place when ``value`` is an array of floats; returned)."""
    value -= params.annual_interest_rate * lost / DAYS_PER_YEAR
    value += count * cc.halt_gain
    return value


def poisson_pmf(rate: float, n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Counts ``0..n-1`` and their Poisson(``rate``) probabilities (``rate`` > 0)."""
    j = np.arange(n, dtype=float)
    log_pmf = -rate + j * math.log(rate) - np.array([math.lgamma(x + 1.0) for x in j])
    return j, np.exp(log_pmf)


def poisson_truncation(rate: float) -> int:
    """Counts beyond which the Poisson(``rate``) mass is below 1e-30: rate + 40 sd + 60."""
    return int(rate + 40.0 * math.sqrt(rate) + 60.0)


def draw_margins(
    cc: CarClass, size: tuple[int, int], rng: np.random.Generator
) -> NDArray[np.float64]:
    """One margin per cycle, CNY per car: uniform over the ordinary range, or, with each
    downside event's probability, uniform over that event's range (two draws per cycle: the
    margin's position in its range, then which event, if any)."""
    v = rng.random(size)
    margin = v * (cc.margin_high - cc.margin_low)
    margin += cc.margin_low
    if cc.event_probability.size:
        u = rng.random(size)
        edges = np.cumsum(cc.event_probability)
        # event e where edges[e-1] <= u < edges[e]: overwrite from the last event to the first
        for e in range(edges.size - 1, -1, -1):
            lo, hi = cc.event_margin_low[e], cc.event_margin_high[e]
            hit = u < edges[e]
            if lo == hi:
                np.copyto(margin, lo, where=hit)
            else:
                margin[hit] = v[hit] * (hi - lo) + lo
    return margin


def cycle_schedule(
    calendar: MonthlyCalendar, cycle_days: float
) -> tuple[NDArray[np.float64], float]:
    """Cost multiplier of each cycle of the year, and the (fractional) number of cycles."""
    by_month = calendar.operating_days_by_month()
    op_days = float(by_month.sum())
    n = op_days / cycle_days
    k_max = max(1, math.ceil(n - 1e-12))
    k = np.arange(k_max, dtype=float)
    mid = 0.5 * (k + np.minimum(k + 1.0, n)) * cycle_days
    month = np.minimum(np.searchsorted(np.cumsum(by_month), mid, side="right"), 11)
    return np.asarray(calendar.cost_multiplier, dtype=float)[month], n


def car_classes(params: StrategyParams, route: Strategy) -> list[CarClass]:
    """Per-cycle coefficients of used and new cars on a car route (classes with no cars left out).

    Capital is split between the classes so that ``used_share`` of the cars passing through
    are used; with ``whole_cars`` only whole cars are bought and the rest of the capital idles.
    Each class is its deal (``CarTerms``): on the state-led route the deal's capital and
    margin, on the independent route the same car without the waku (see ``parameters``).
    """
    p = params
    extra = p.independent_extra_cost_cny
    raw = []
    for share, terms in ((p.used_share, p.used), (1.0 - p.used_share, p.new)):
        c_base = terms.capital_cny if route == "state_led" else terms.independent_capital_cny(extra)
        raw.append((share * c_base * terms.cycle_days, share, terms, c_base))
    total = sum(x[0] for x in raw)
    out = []
    for alloc, share, terms, c_base in raw:
        if share == 0.0:
            continue
        capital_share = alloc / total
        deployed = 1.0
        if p.whole_cars:
            class_capital = p.capital_cny * capital_share
            deployed = math.floor(class_capital / c_base) * c_base / class_capital
        mult, n = cycle_schedule(p.calendar, terms.cycle_days)
        # the smuggler bears a dearer crossing alone: the company's share is fixed in the deal
        extra_transport = (mult - 1.0) * terms.transport_cny
        capital = c_base + extra_transport
        if route == "state_led":
            alpha = -extra_transport / capital
            loss = np.zeros_like(capital)
        else:
            alpha = (terms.company_share_cny + terms.waku_price_cny - extra - extra_transport) / (
                capital
            )
            loss = 1.0 + p.fine_cny / capital
        events = p.downside if terms is p.used else ()
        out.append(
            CarClass(
                weight=capital_share * deployed,
                alpha=alpha,
                beta=1.0 / capital,
                loss=loss,
                phi=terms.interest_per_cycle(p.annual_interest_rate),
                margin_low=terms.margin_low_cny,
                margin_high=terms.margin_high_cny,
                cycle_days=terms.cycle_days,
                n_nominal=n,
                halt_gain=p.halt_stock_gain_cny_per_car
                * terms.cycle.stock_days
                / terms.cycle_days
                / c_base,
                known_halt_gain=p.known_halt_stock_gain_cny_per_car
                * terms.cycle.stock_days
                / terms.cycle_days
                / c_base,
                event_probability=np.array([e.probability_per_cycle for e in events]),
                event_margin_low=np.array([e.margin_low_cny for e in events]),
                event_margin_high=np.array([e.margin_high_cny for e in events]),
            )
        )
    return out


def halts_apply(params: StrategyParams, route: Strategy) -> bool:
    """Whether random halts hit this route (always the state-led one when halts occur)."""
    # does not look at halt_days, so that halt counts are drawn (and the random stream is
    # the same) for every halt length: runs that differ only in halt_days are comparable
    on = params.halts_per_year > 0.0
    return on and (route == "state_led" or params.halt_hits_independent)


def seizure_probability(params: StrategyParams, route: Strategy) -> float:
    """Per-cycle chance a shipment on this car route is seized (only the independent one)."""
    return params.crackdown_probability if route == "independent" else 0.0


def lost_days_distribution(
    rate: float, halt_days: float, op_days: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Values and probabilities of operating days lost to Poisson(rate) halts of halt_days."""
    if rate == 0.0 or halt_days == 0.0 or op_days == 0.0:
        return np.zeros(1), np.ones(1)
    # j >= ceil(op_days / halt_days) halts lose the whole year; beyond rate + 40 sd + 60 the
    # Poisson mass is below 1e-30 and is lumped into the last value
    j_trunc = poisson_truncation(rate)
    ratio = op_days / halt_days
    j_max = j_trunc if ratio >= j_trunc else math.ceil(ratio)
    j, pmf = poisson_pmf(rate, j_max)
    tail = max(0.0, 1.0 - float(pmf.sum()))
    values = np.append(np.minimum(j * halt_days, op_days), min(j_max * halt_days, op_days))
    return values, np.append(pmf, tail)


def remittance_terms(params: StrategyParams) -> tuple[NDArray[np.float64], float]:
    """Weight of each of the broker's cycles in a year (the last pro rata), and ``phi``."""
    n = params.remittance_cycles_per_year
    k = np.arange(max(1, math.ceil(n - 1e-12)), dtype=float)
    return np.clip(n - k, 0.0, 1.0), params.annual_interest_rate / n


def _remittance_loss(params: StrategyParams) -> float:
    """What a seized cycle loses per unit of the float: the float and the fine."""
    return 1.0 + params.remittance_fine_share_of_float


def remittance_mean_cycle_return(params: StrategyParams) -> float:
    """Expected return of one of the broker's cycles per unit of the float, after interest."""
    p = params
    _, phi = remittance_terms(p)
    q = p.remittance_crackdown_probability
    c_mean = 0.5 * (p.remittance_commission_low + p.remittance_commission_high)
    return (1.0 - q) * c_mean - q * _remittance_loss(p) - phi


def draw_remittance_cycle_returns(
    params: StrategyParams, m: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One year's cycle returns of the broker, after interest, (m, K), and the cycles'
    weights (K,): commissions uniform over their range, then the seizures."""
    p = params
    w, phi = remittance_terms(p)
    lo, hi = p.remittance_commission_low, p.remittance_commission_high
    size = (m, w.size)
    commission = lo + (hi - lo) * rng.random(size)
    seized = rng.random(size) < p.remittance_crackdown_probability
    return np.where(seized, -_remittance_loss(p), commission) - phi, w
