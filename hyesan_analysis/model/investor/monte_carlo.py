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

from hyesan_analysis.model.finance import DAYS_PER_YEAR
from hyesan_analysis.model.investor.cycles import (
    car_classes,
    draw_margins,
    halts_apply,
    remittance_terms,
    seizure_probability,
)
from hyesan_analysis.model.investor.parameters import STRATEGIES, Strategy, StrategyParams

__all__ = ["simulate_annual_returns", "summarize"]

_CHUNK_YEARS = 1 << 16
_STREAM = {"state_led": 0, "independent": 1, "remittance": 2}


def _simulate_car_route(
    params: StrategyParams, route: Strategy, n: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    op_days = params.calendar.operating_days_per_year()
    halts = halts_apply(params, route)
    p_seize = seizure_probability(params, route)
    classes = car_classes(params, route)
    out = np.empty(n)
    for start in range(0, n, _CHUNK_YEARS):
        m = min(_CHUNK_YEARS, n - start)
        acc = np.zeros(m)
        if halts:
            count = rng.poisson(params.halts_per_year, m)
            lost = np.minimum(count * params.halt_days, op_days)
        for cc in classes:
            size = (m, cc.alpha.size)
            margin = draw_margins(cc, size, rng)
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
            acc += cc.weight * (value + cc.known_halt_gain)
        out[start : start + m] = acc
    return out


def _simulate_remittance(
    params: StrategyParams, n: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    p = params
    w, phi = remittance_terms(p)
    lo, hi = p.remittance_commission_low, p.remittance_commission_high
    q = p.remittance_crackdown_probability
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
