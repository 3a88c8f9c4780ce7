"""Monte Carlo annual returns of the three strategies, and their summary.

Per cycle: margins (or commissions) uniform over their ranges, crackdowns Bernoulli; per
year: the number of random halts Poisson. Vectorized in chunks of years.

Randomness: ``np.random.default_rng`` seeded from ``np.random.SeedSequence(seed).spawn(3)``,
one stream per strategy, so a strategy's draws do not depend on which others are simulated;
the same seed gives bit-identical arrays. The order of the draws within a stream (halt
counts, then per car class the margins, then the seizures) is part of that contract.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.investor.cycles import (
    add_halt_terms,
    car_classes,
    check_int,
    cycle_weights,
    draw_car_cycle_returns,
    draw_remittance_cycle_returns,
    halts_apply,
    route_generators,
)
from hyesan_analysis.model.investor.parameters import STRATEGIES, Strategy, StrategyParams

__all__ = ["simulate_annual_returns", "summarize"]

_CHUNK_YEARS = 1 << 16


def _simulate_car_route(
    params: StrategyParams, route: Strategy, n: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    op_days = params.calendar.operating_days_per_year()
    halts = halts_apply(params, route)
    classes = car_classes(params, route)
    out = np.empty(n)
    for start in range(0, n, _CHUNK_YEARS):
        m = min(_CHUNK_YEARS, n - start)
        acc = np.zeros(m)
        if halts:
            count = rng.poisson(params.halts_per_year, m)
            lost = np.minimum(count * params.halt_days, op_days)
        for cc in classes:
            r = draw_car_cycle_returns(params, cc, route, (m, cc.alpha.size), rng)
            if halts:
                value = np.einsum("ij,ij->i", cycle_weights(cc, op_days, lost), r)
                add_halt_terms(value, params, cc, count, lost)
            else:
                value = r @ cycle_weights(cc, op_days, None)
            acc += cc.weight * (value + cc.known_halt_gain)
        out[start : start + m] = acc
    return out


def _simulate_remittance(
    params: StrategyParams, n: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    out = np.empty(n)
    for start in range(0, n, _CHUNK_YEARS):
        m = min(_CHUNK_YEARS, n - start)
        r, w = draw_remittance_cycle_returns(params, m, rng)
        out[start : start + m] = r @ w
    return out


def simulate_annual_returns(
    params: StrategyParams,
    n_years: int,
    seed: int,
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
    n = check_int("n_years", n_years, 1)
    out: dict[str, NDArray[np.float64]] = {}
    for s, rng in route_generators(seed, strategies).items():
        if s == "remittance":
            out[s] = _simulate_remittance(params, n, rng)
        else:
            out[s] = _simulate_car_route(params, s, n, rng)
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
