"""The investor_returns report's key figures, and the comparisons its answer rests on."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.investor.closed_form import (
    breakeven_crackdown_probability,
    expected_annual_returns,
    expected_returns_over,
    interest_cost_per_unit_rate,
)
from hyesan_analysis.model.investor.parameters import (
    CAR_FIGURES,
    MODEL_FIGURES,
    STRATEGIES,
    Strategy,
    StrategyParams,
)
from hyesan_analysis.model.investor.season import FROZEN_COST_MULTIPLIER
from hyesan_analysis.model.investor.what_if import WHAT_IF_FIGURES
from hyesan_analysis.model.provenance import Figure

__all__ = [
    "investor_results",
    "model_figures",
    "rankings_over",
    "zero_return_interest_rate",
]


def investor_results(
    params: StrategyParams,
    sims: Mapping[str, NDArray[np.float64]],
    *,
    clip_breakeven: bool = False,
) -> dict[str, float]:
    """The key figures the investor_returns report records.

    Parameters
    ----------
    params : StrategyParams
    sims : mapping of str to ndarray
        ``simulate_annual_returns(params, n_years, seed)`` for all three strategies.
    clip_breakeven : bool
        Passed to ``breakeven_crackdown_probability`` as ``clip`` (a report records the
        bound, 0 or 1, rather than failing when there is no break-even in [0, 1]).

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
    p = params
    gross = expected_annual_returns(replace(p, annual_interest_rate=0.0))
    return {
        "annual_return_state_led": float(sims["state_led"].mean()),
        "annual_return_independent": float(sims["independent"].mean()),
        "annual_return_remittance": float(sims["remittance"].mean()),
        "prob_loss_state_led": float(np.mean(sims["state_led"] < 0.0)),
        "prob_loss_independent": float(np.mean(sims["independent"] < 0.0)),
        "breakeven_crackdown_probability": breakeven_crackdown_probability(p, clip=clip_breakeven),
        "capital_cycle_days": p.used.cycle_days,
        **{f"gross_annual_return_{k}": v for k, v in gross.items()},
        "operating_days_per_year": p.calendar.operating_days_per_year(),
    }


def rankings_over(
    params: StrategyParams, name: str, values: Sequence[float]
) -> list[tuple[Strategy, ...]]:
    """The strategies from the best expected return to the worst, at each value of a field.

    Parameters
    ----------
    params : StrategyParams
    name : str
        A numeric field (``"annual_interest_rate"``...), as for ``expected_returns_over``.
    values : sequence of float

    Returns
    -------
    list of tuple of str
        One ranking per value (ties keep the order of ``STRATEGIES``).
    """
    curves = expected_returns_over(params, name, values)
    return [tuple(sorted(STRATEGIES, key=lambda s: -curves[s][i])) for i in range(len(values))]


def zero_return_interest_rate(params: StrategyParams, strategy: Strategy) -> float:
    """The interest rate at which a strategy's expected annual return falls to zero.

    Returns
    -------
    float
        Per year: ``gross / cost per unit rate``; 0.0 if the strategy does not pay even with
        free money; ``math.inf`` if it ties up no capital (the rate does not matter).
    """
    gross = expected_annual_returns(replace(params, annual_interest_rate=0.0))[strategy]
    if gross <= 0.0:
        return 0.0
    slope = interest_cost_per_unit_rate(params)[strategy]
    return gross / slope if slope > 0.0 else math.inf


def model_figures() -> list[tuple[str, Figure]]:
    """Every number of the investor model that is not a report parameter, with its basis.

    Returns
    -------
    list of (str, Figure)
        What the figure is, and the figure: the strategy terms (``MODEL_FIGURES``), the
        cars' own figures (``CAR_FIGURES``: the new car, the margin spreads), the frozen
        months' cost multiplier and the what-ifs (``WHAT_IF_FIGURES``).
    """
    return [
        *MODEL_FIGURES.values(),
        *CAR_FIGURES.values(),
        ("Crossing-cost multiplier while the Yalu is frozen", FROZEN_COST_MULTIPLIER),
        *WHAT_IF_FIGURES.values(),
    ]
