"""An investor's capital reinvested cycle after cycle, year after year, on each route.

The annual model (``monte_carlo``, ``closed_form``) holds the capital constant over a year.
Here it compounds: each cycle's return multiplies the capital put into it, and at the end of
each year the whole wealth goes back into the route (the split between used and new cars is
reset). One simulated path is one investor's wealth at the end of each of ``n_years`` years,
starting from 1.

Per year and car route (the cycles, seasons, margins, downside events, seizures and halts of
``cycles``)::

    g = (1 - sum_c a_c) + sum_c a_c * [ prod_k max(0, 1 + w_k r_k)
                                        - rate * lost / 365 + halts * gain_c + known_gain_c ]

with ``a_c`` the capital share of car class ``c``, ``r_k`` the return of its ``k``-th cycle
(after interest), ``w_k`` the share of that cycle the year's operating days allow (the last
one pro rata; halts take days from the end), ``lost`` the days random halts take (the capital
stuck pays interest) and ``gain_c`` the stock windfall of a halt. Remittance brokering is
``prod_k max(0, 1 + w_k r_k)`` over the broker's cycles.

Conventions
-----------
- A cycle cannot lose more than the capital in it (``max(0, ...)``): a seizure with a fine
  larger than what is left wipes the capital out, the rest of the fine is not collected from
  this capital.
- A wiped-out investor keeps ``WEALTH_FLOOR`` of his starting capital and stops (the floor
  is absorbing): without it, CRRA utility of zero wealth is minus infinity for risk aversion
  of 1 or more, and any chance of total loss would set a route's certainty equivalent to
  -100%.
- Ruin is wealth at or below ``RUIN_WEALTH`` (half the starting capital) at the end of any
  year up to the horizon.

Randomness: one ``np.random.default_rng`` stream per route, spawned from
``np.random.SeedSequence(seed)``; the same seed gives bit-identical paths, and a route's
paths do not depend on which other routes are simulated. Within a stream the draws go year
by year (halt counts, then per car class the margins' positions, the events, the seizures).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.investor.cycles import (
    CarClass,
    add_halt_terms,
    car_classes,
    check_int,
    cycle_weights,
    draw_car_cycle_returns,
    draw_remittance_cycle_returns,
    halts_apply,
    poisson_pmf,
    poisson_truncation,
    remittance_mean_cycle_return,
    remittance_terms,
    route_generators,
    seizure_probability,
)
from hyesan_analysis.model.investor.parameters import STRATEGIES, Strategy, StrategyParams
from hyesan_analysis.model.provenance import assumed

__all__ = [
    "HORIZON_YEARS",
    "RUIN_WEALTH",
    "WEALTH_FLOOR",
    "expected_growth_factor",
    "expected_wealth",
    "ruin_probability",
    "seizure_probability_per_year",
    "simulate_growth",
    "simulate_wealth",
    "wealth_from_growth",
    "wealth_quantiles",
]

#: Years the compounding simulation runs by default.
HORIZON_YEARS = 5
#: Ruin: losing at least half the starting capital.
RUIN_WEALTH = 0.5
#: What a wiped-out investor keeps, as a share of his starting capital (absorbing).
WEALTH_FLOOR = assumed(
    0.01,
    "share of the starting capital",
    "A wiped-out investor keeps 1% of his starting capital and stops; without a floor, CRRA "
    "utility of nothing is minus infinity and any chance of total loss would set a route's "
    "certainty equivalent to -100% at every risk aversion of 1 or more.",
)


def _class_growth(
    params: StrategyParams,
    cc: CarClass,
    route: Strategy,
    m: int,
    rng: np.random.Generator,
    op_days: float,
    count: NDArray[np.float64] | None,
    lost: NDArray[np.float64] | None,
) -> NDArray[np.float64]:
    """One year's growth factor of the capital in one car class, per path (m,)."""
    r = draw_car_cycle_returns(params, cc, route, (m, cc.alpha.size), rng)
    r *= cycle_weights(cc, op_days, lost)
    r += 1.0
    np.maximum(r, 0.0, out=r)
    factor = r.prod(axis=1)
    if lost is not None and count is not None:
        add_halt_terms(factor, params, cc, count, lost)
    return factor + cc.known_halt_gain


def _car_year_growth(
    params: StrategyParams, route: Strategy, m: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    op_days = params.calendar.operating_days_per_year()
    count = lost = None
    if halts_apply(params, route):
        count = rng.poisson(params.halts_per_year, m).astype(float)
        lost = np.minimum(count * params.halt_days, op_days)
    classes = car_classes(params, route)
    g = np.full(m, 1.0 - sum(cc.weight for cc in classes))
    for cc in classes:
        g += cc.weight * _class_growth(params, cc, route, m, rng, op_days, count, lost)
    return np.maximum(g, 0.0)


def _year_growth(
    params: StrategyParams, route: Strategy, m: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    if route == "remittance":
        r, w = draw_remittance_cycle_returns(params, m, rng)
        return np.maximum(1.0 + w * r, 0.0).prod(axis=1)
    return _car_year_growth(params, route, m, rng)


def simulate_growth(
    params: StrategyParams,
    n_paths: int,
    seed: int,
    *,
    n_years: int = HORIZON_YEARS,
    strategies: Sequence[Strategy] = STRATEGIES,
) -> dict[str, NDArray[np.float64]]:
    """Simulated yearly growth factors of wealth kept in one route (before any floor).

    The draws do not depend on the investor's wealth, so one set of growth factors gives
    the wealth paths for any floor (``wealth_from_growth``).

    Returns
    -------
    dict of str to ndarray
        Per route, the factor wealth is multiplied by in each year, >= 0, shape
        ``(n_paths, n_years)``.
    """
    n = check_int("n_paths", n_paths, 1)
    years = check_int("n_years", n_years, 1)
    out: dict[str, NDArray[np.float64]] = {}
    for s, rng in route_generators(seed, strategies).items():
        growth = np.empty((n, years))
        for y in range(years):
            growth[:, y] = _year_growth(params, s, n, rng)
        out[s] = growth
    return out


def wealth_from_growth(
    growth: NDArray[np.float64], floor: float = WEALTH_FLOOR.value
) -> NDArray[np.float64]:
    """Wealth paths from yearly growth factors (n, years), starting at 1, with an absorbing
    ``floor`` in [0, 1): shape ``(n, years + 1)``, column 0 the start."""
    if not 0.0 <= floor < 1.0:
        raise ValueError(f"floor must be in [0, 1), got {floor!r}")
    g = np.asarray(growth, dtype=float)
    wealth = np.empty((g.shape[0], g.shape[1] + 1))
    wealth[:, 0] = 1.0
    w = wealth[:, 0].copy()
    for y in range(g.shape[1]):
        grown = np.maximum(w * g[:, y], floor)
        w = np.where(w <= floor, floor, grown)
        wealth[:, y + 1] = w
    return wealth


def simulate_wealth(
    params: StrategyParams,
    n_paths: int,
    seed: int,
    *,
    n_years: int = HORIZON_YEARS,
    strategies: Sequence[Strategy] = STRATEGIES,
    floor: float = WEALTH_FLOOR.value,
) -> dict[str, NDArray[np.float64]]:
    """Simulated wealth of investors who reinvest everything on one route.

    Parameters
    ----------
    params : StrategyParams
    n_paths : int
        Simulated investors per route, >= 1.
    seed : int
        Seed (>= 0); one stream per route is spawned from it.
    n_years : int
        Years simulated, >= 1.
    strategies : sequence of str
        Routes to simulate (a subset of ``STRATEGIES``).
    floor : float
        Absorbing floor of wealth, in [0, 1) (see the module docstring).

    Returns
    -------
    dict of str to ndarray
        Per route, wealth at the end of each year as a multiple of the starting capital,
        shape ``(n_paths, n_years + 1)``; column 0 is the start (1.0).
    """
    if not 0.0 <= floor < 1.0:
        raise ValueError(f"floor must be in [0, 1), got {floor!r}")
    growth = simulate_growth(params, n_paths, seed, n_years=n_years, strategies=strategies)
    return {s: wealth_from_growth(g, floor) for s, g in growth.items()}


def ruin_probability(
    wealth: NDArray[np.float64], threshold: float = RUIN_WEALTH, years: int | None = None
) -> float:
    """Share of paths whose wealth is at or below ``threshold`` at the end of any year up to
    ``years`` (default: all simulated years).

    >>> ruin_probability(np.array([[1.0, 0.4, 2.0], [1.0, 0.9, 1.1]]))
    0.5
    """
    x = np.asarray(wealth, dtype=float)
    last = x.shape[1] - 1 if years is None else years
    if not 1 <= last <= x.shape[1] - 1:
        raise ValueError(f"years must be in [1, {x.shape[1] - 1}], got {years!r}")
    return float(np.mean((x[:, 1 : last + 1] <= threshold).any(axis=1)))


def wealth_quantiles(
    wealth: NDArray[np.float64],
    years: Sequence[int] = (1, 3, 5),
    quantiles: Sequence[float] = (0.05, 0.5, 0.95),
) -> list[dict[str, float]]:
    """Mean and quantiles of wealth (multiple of the starting capital) after some years.

    Returns
    -------
    list of dict
        One per year: ``years``, ``mean``, and ``q05``, ``q50``... (percent in the key).
    """
    x = np.asarray(wealth, dtype=float)
    rows = []
    for y in years:
        qs = np.quantile(x[:, y], list(quantiles))
        row = {"years": float(y), "mean": float(x[:, y].mean())}
        row.update({f"q{round(100 * q):02d}": float(v) for q, v in zip(quantiles, qs, strict=True)})
        rows.append(row)
    return rows


def expected_growth_factor(params: StrategyParams, route: Strategy) -> float:
    """Expected one-year growth factor of wealth on a route, in closed form.

    Exact for ``simulate_wealth`` as long as no cycle can lose more than its capital (then
    the ``max(0, ...)`` never binds): the cycles' returns are independent given the year's
    halts, so the expectation of their product is the product of their expectations, summed
    over the Poisson number of halts.
    """
    if route == "remittance":
        w, _ = remittance_terms(params)
        return float(np.prod(1.0 + w * remittance_mean_cycle_return(params)))
    if route not in STRATEGIES:
        raise ValueError(f"route must be one of {STRATEGIES}, got {route!r}")
    op_days = params.calendar.operating_days_per_year()
    halts = halts_apply(params, route)
    j, prob = np.zeros(1), np.ones(1)
    if halts:
        j, prob = poisson_pmf(params.halts_per_year, poisson_truncation(params.halts_per_year))
    lost = np.minimum(j * params.halt_days, op_days)
    q = seizure_probability(params, route)
    classes = car_classes(params, route)
    g = 1.0 - sum(cc.weight for cc in classes)
    for cc in classes:
        r_cycle = cc.mean_cycle_return(q)
        factor = np.prod(1.0 + cycle_weights(cc, op_days, lost) * r_cycle, axis=1)  # (J,)
        if halts:
            factor = add_halt_terms(factor, params, cc, j, lost)
        g += cc.weight * (float(prob @ factor) + cc.known_halt_gain)
    return float(g)


def expected_wealth(params: StrategyParams, route: Strategy, years: int) -> float:
    """Expected wealth after ``years`` (multiple of the starting capital): the expected
    growth factor to that power (the years are independent draws of the same year)."""
    return expected_growth_factor(params, route) ** check_int("years", years, 0)


def seizure_probability_per_year(probability_per_cycle: float, cycles_per_year: float) -> float:
    """Chance of at least one seizure in a year of independent cycles.

    ``1 - (1 - p) ** n`` for ``n`` cycles a year (fractional: the last cycle pro rata in the
    exponent).

    >>> round(seizure_probability_per_year(0.1, 8.0), 4)
    0.5695
    """
    if not 0.0 <= probability_per_cycle <= 1.0:
        raise ValueError(f"probability_per_cycle must be in [0, 1], got {probability_per_cycle!r}")
    if cycles_per_year < 0.0:
        raise ValueError(f"cycles_per_year must be >= 0, got {cycles_per_year!r}")
    return float(1.0 - (1.0 - probability_per_cycle) ** cycles_per_year)
