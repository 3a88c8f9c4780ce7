"""Certainty equivalents under constant relative risk aversion (CRRA), and which route wins.

An investor with CRRA utility ``u(W) = W**(1 - g) / (1 - g)`` (``log W`` at ``g = 1``) is
indifferent between a random final wealth ``W`` and the sure wealth

    CE(g) = E[W**(1 - g)] ** (1 / (1 - g)),    CE(1) = exp(E[log W]),

the power mean of order ``1 - g``: ``g = 0`` is the mean (risk neutral), and ``CE`` falls as
``g`` rises. Over ``T`` years the certainty-equivalent return is ``CE**(1 / T) - 1`` a year.
Computed in logs (the log-sum-exp formula: shift by the largest term, then sum the
exponentials) so that large ``g`` does not overflow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

__all__ = [
    "RISK_AVERSION_GRID",
    "breakeven_risk_aversion",
    "certainty_equivalent_return",
    "certainty_equivalent_returns",
    "certainty_equivalent_wealth",
    "log_certainty_equivalents",
    "winners_over",
]

#: Risk aversions the report compares the routes at: 0 (risk neutral) to 5, step 0.05.
RISK_AVERSION_GRID: NDArray[np.float64] = np.round(np.linspace(0.0, 5.0, 101), 10)


def _positive(wealth: NDArray[np.float64] | Sequence[float]) -> NDArray[np.float64]:
    w = np.asarray(wealth, dtype=float).ravel()
    if w.size == 0 or not np.all(np.isfinite(w)) or np.any(w <= 0.0):
        raise ValueError("wealth must be a non-empty array of finite numbers > 0")
    return w


def _log_mean_exp(x: NDArray[np.float64]) -> float:
    """``log(mean(exp(x)))`` without overflow, as ``scipy.special.logsumexp`` computes it:
    written out because SciPy 1.17's array-API version costs 8 times as much on these arrays,
    and the report evaluates it thousands of times."""
    top = float(x.max())
    shifted = x - top
    np.exp(shifted, out=shifted)
    return math.log(float(shifted.sum())) + top - math.log(x.size)


def _log_ce(log_w: NDArray[np.float64], risk_aversion: float) -> float:
    a = 1.0 - risk_aversion
    if abs(a) < 1e-12:
        return float(log_w.mean())
    return _log_mean_exp(a * log_w) / a


def certainty_equivalent_wealth(
    wealth: NDArray[np.float64] | Sequence[float], risk_aversion: float
) -> float:
    """CRRA certainty equivalent of equally likely final wealths (all > 0).

    Parameters
    ----------
    wealth : array of float
        Final wealths, equally likely, each > 0.
    risk_aversion : float
        Relative risk aversion ``g`` >= 0 (1 is log utility).

    >>> round(certainty_equivalent_wealth([1.0, 4.0], 1.0), 12)  # geometric mean
    2.0
    >>> round(certainty_equivalent_wealth([1.0, 4.0], 2.0), 12)  # harmonic mean
    1.6
    """
    if not math.isfinite(risk_aversion) or risk_aversion < 0.0:
        raise ValueError(f"risk_aversion must be finite and >= 0, got {risk_aversion!r}")
    return math.exp(_log_ce(np.log(_positive(wealth)), float(risk_aversion)))


def certainty_equivalent_return(
    wealth: NDArray[np.float64] | Sequence[float], risk_aversion: float, years: float
) -> float:
    """Certainty-equivalent return a year: ``CE ** (1 / years) - 1`` (wealth starting at 1).

    >>> round(certainty_equivalent_return([1.0, 4.0], 1.0, 1), 12)
    1.0
    """
    if not years > 0:
        raise ValueError(f"years must be > 0, got {years!r}")
    return certainty_equivalent_wealth(wealth, risk_aversion) ** (1.0 / years) - 1.0


def log_certainty_equivalents(
    wealth: NDArray[np.float64] | Sequence[float],
    risk_aversions: Sequence[float] | NDArray[np.float64],
) -> NDArray[np.float64]:
    """Log of the certainty-equivalent wealth at each risk aversion (one pass over the logs);
    ``breakeven_risk_aversion`` and ``certainty_equivalent_returns`` can share them."""
    log_w = np.log(_positive(wealth))
    return np.array([_log_ce(log_w, float(g)) for g in risk_aversions])


def certainty_equivalent_returns(
    wealth: NDArray[np.float64] | Sequence[float],
    risk_aversions: Sequence[float] | NDArray[np.float64],
    years: float,
    *,
    log_ce: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """``certainty_equivalent_return`` at each risk aversion (one pass over the logs), or
    from ``log_ce``, ``log_certainty_equivalents(wealth, risk_aversions)`` if known."""
    if not years > 0:
        raise ValueError(f"years must be > 0, got {years!r}")
    if log_ce is None:
        log_ce = log_certainty_equivalents(wealth, risk_aversions)
    return np.array([math.exp(x / years) - 1.0 for x in log_ce])


def winners_over(
    curves: Mapping[str, NDArray[np.float64]],
) -> list[str]:
    """The route with the highest certainty equivalent at each risk aversion (first on ties)."""
    names = list(curves)
    stacked = np.vstack([np.asarray(curves[n], dtype=float) for n in names])
    return [names[i] for i in np.argmax(stacked, axis=0)]


def breakeven_risk_aversion(
    final_wealth: Mapping[str, NDArray[np.float64]],
    route: str,
    risk_aversions: Sequence[float] | NDArray[np.float64] = RISK_AVERSION_GRID,
    *,
    log_ce_on_grid: Mapping[str, NDArray[np.float64]] | None = None,
) -> float | None:
    """The lowest risk aversion in the range at which ``route`` has the highest certainty
    equivalent of all routes; None if it never has.

    Found on the grid, then refined between the last grid point where another route wins
    and the first where ``route`` does (``brentq`` on the difference of the certainty
    equivalents, which is continuous in the risk aversion). 0.0 when ``route`` wins already
    for a risk-neutral investor (at the grid's first point).

    Parameters
    ----------
    final_wealth : mapping of str to array
        Final wealth of each route's simulated paths (all > 0).
    route : str
        The route asked about (a key of ``final_wealth``).
    risk_aversions : sequence of float
        Increasing grid of risk aversions (default 0 to 5).
    log_ce_on_grid : mapping of str to array, optional
        ``log_certainty_equivalents(final_wealth[k], risk_aversions)`` for every route, if
        already computed (the same numbers; saves computing them again).
    """
    if route not in final_wealth:
        raise ValueError(f"route must be one of {sorted(final_wealth)}, got {route!r}")
    grid = np.asarray(risk_aversions, dtype=float)
    logs = {k: np.log(_positive(v)) for k, v in final_wealth.items()}
    others = [k for k in logs if k != route]

    def margin(g: float) -> float:
        own = _log_ce(logs[route], g)
        return own - max(_log_ce(logs[k], g) for k in others) if others else 1.0

    first: int | None
    if log_ce_on_grid is None:
        # only the first grid point where the route wins is used: the scan stops there
        first = next((j for j, g in enumerate(grid) if margin(float(g)) >= 0.0), None)
    else:
        if others:
            on_grid = {k: np.asarray(log_ce_on_grid[k], dtype=float) for k in logs}
            values = on_grid[route] - np.max([on_grid[k] for k in others], axis=0)
        else:
            values = np.ones(grid.size)
        wins = np.flatnonzero(values >= 0.0)
        first = int(wins[0]) if wins.size else None
    if first is None:
        return None
    i = first
    if i == 0:
        return float(grid[0])
    return float(brentq(margin, float(grid[i - 1]), float(grid[i]), xtol=1e-6))
