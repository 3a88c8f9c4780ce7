"""Closed-form expected annual returns, the break-even crackdown probability, and sweeps.

Exact for the model that ``monte_carlo`` samples: the Poisson halt count is summed over its
distribution, and margins and commissions enter each cycle's return linearly, so their means
suffice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.finance import DAYS_PER_YEAR
from hyesan_analysis.model.investor.cycles import (
    car_classes,
    cycle_weights,
    halts_apply,
    lost_days_distribution,
    remittance_mean_cycle_return,
    remittance_terms,
    seizure_probability,
)
from hyesan_analysis.model.investor.parameters import STRATEGIES, Strategy, StrategyParams

__all__ = [
    "breakeven_crackdown_probability",
    "expected_annual_return",
    "expected_annual_returns",
    "expected_returns_over",
    "interest_cost_per_unit_rate",
]

_NUMERIC_FIELDS = tuple(
    f.name
    for f in fields(StrategyParams)
    if f.name not in ("used", "new", "calendar", "halt_hits_independent", "whole_cars")
)


def _expected_car_route(params: StrategyParams, route: Strategy) -> float:
    op_days = params.calendar.operating_days_per_year()
    halts = halts_apply(params, route)
    if halts:
        lost, prob = lost_days_distribution(params.halts_per_year, params.halt_days, op_days)
    else:
        lost, prob = np.zeros(1), np.ones(1)
    p_seize = seizure_probability(params, route)
    total = 0.0
    for cc in car_classes(params, route):
        w_mean = prob @ cycle_weights(cc, op_days, lost)  # (K,)
        r_mean = cc.mean_cycle_return(p_seize)
        value = float(w_mean @ r_mean)
        if halts:
            value -= params.annual_interest_rate * float(prob @ lost) / DAYS_PER_YEAR
            value += params.halts_per_year * cc.halt_gain
        value += cc.known_halt_gain
        total += cc.weight * value
    return total


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
        w, _ = remittance_terms(params)
        return float(w.sum() * remittance_mean_cycle_return(params))
    raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")


def expected_annual_returns(params: StrategyParams) -> dict[str, float]:
    """``expected_annual_return`` for each strategy, keyed by strategy name."""
    return {s: expected_annual_return(params, s) for s in STRATEGIES}


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
    e0 = expected_annual_return(replace(params, crackdown_probability=0.0), "independent")
    e1 = expected_annual_return(replace(params, crackdown_probability=1.0), "independent")
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
        A numeric field of ``StrategyParams`` (e.g. ``"crackdown_probability"``,
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
    if name not in _NUMERIC_FIELDS:
        raise ValueError(f"name must be a numeric field of StrategyParams, got {name!r}")
    out: dict[str, np.ndarray] = {s: np.empty(len(values)) for s in strategies}
    for i, v in enumerate(values):
        p = replace(params, **{name: float(v)})  # type: ignore[arg-type]
        for s in strategies:
            out[s][i] = expected_annual_return(p, s)
    return out


def interest_cost_per_unit_rate(params: StrategyParams) -> dict[str, float]:
    """Fall in each strategy's expected annual return per unit of the interest rate.

    Every return is affine in ``annual_interest_rate``, so its values at rates 0 and 1 give
    the slope: a rate 0.1 higher takes ``0.1 *`` this off the return.

    Returns
    -------
    dict of str to float
        Per strategy, fraction of capital per year per unit (1 = 100% a year) of the rate.
    """
    at_rate = expected_returns_over(params, "annual_interest_rate", [0.0, 1.0])
    return {s: float(at_rate[s][0] - at_rate[s][1]) for s in STRATEGIES}
