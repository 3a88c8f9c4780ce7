"""The investor_returns report's key figures, and the comparisons its answer rests on."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.capital_cycle import cycles_per_year
from hyesan_analysis.model.investor.closed_form import (
    breakeven_crackdown_probability,
    expected_annual_return,
    expected_annual_returns,
    expected_returns_over,
    interest_cost_per_unit_rate,
)
from hyesan_analysis.model.investor.compounding import (
    HORIZON_YEARS,
    WEALTH_FLOOR,
    ruin_probability,
    seizure_probability_per_year,
    simulate_growth,
    simulate_wealth,
    wealth_from_growth,
)
from hyesan_analysis.model.investor.parameters import (
    CAR_FIGURES,
    MODEL_FIGURES,
    STRATEGIES,
    Strategy,
    StrategyParams,
)
from hyesan_analysis.model.investor.risk import (
    RISK_AVERSION_GRID,
    breakeven_risk_aversion,
    certainty_equivalent_returns,
    log_certainty_equivalents,
    winners_over,
)
from hyesan_analysis.model.investor.season import FROZEN_COST_MULTIPLIER
from hyesan_analysis.model.investor.what_if import WHAT_IF_FIGURES
from hyesan_analysis.model.provenance import Figure

__all__ = [
    "brokering_counterfactuals",
    "compounding_results",
    "investor_results",
    "model_figures",
    "preferred_over_rates",
    "ranking_changes",
    "rankings_over",
    "route_variant_results",
    "winner_intervals",
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
        ("Wealth a wiped-out investor keeps (compounding simulation)", WEALTH_FLOOR),
        *WHAT_IF_FIGURES.values(),
    ]


def compounding_results(
    params: StrategyParams,
    wealth: Mapping[str, NDArray[np.float64]],
    risk_aversion: float,
    years: int = HORIZON_YEARS,
) -> dict[str, Any]:
    """The compounding simulation's figures: ruin, certainty equivalents, seizure risk a year.

    Parameters
    ----------
    params : StrategyParams
    wealth : mapping of str to ndarray
        ``simulate_wealth(params, ...)`` for all three routes, at least ``years`` years.
    risk_aversion : float
        The investor's relative risk aversion for the headline certainty equivalents.
    years : int
        Horizon of the ruin probability and of the certainty equivalents.

    Returns
    -------
    dict
        ``ruin_probability_5y_<route>``, ``certainty_equivalent_return_<route>`` (at
        ``risk_aversion``, a year over ``years``), ``breakeven_risk_aversion`` (the lowest risk
        aversion in 0-5 from which the state-led route has the highest certainty equivalent,
        or None), ``seizure_probability_per_year`` (independent route, at the used car's
        cycles a year), ``seizure_probability_per_year_remittance``,
        ``breakeven_crackdown_probability_per_year``, ``cycles_per_year``, and, over
        ``RISK_AVERSION_GRID``, ``risk_aversions``, ``ce_curves`` (route to array),
        ``log_ce_curves`` (the logs of the certainty-equivalent wealths they come from) and
        ``winners`` (the best route at each).
    """
    final: dict[str, NDArray[np.float64]] = {s: np.asarray(wealth[s])[:, years] for s in STRATEGIES}
    log_ce = {s: log_certainty_equivalents(final[s], RISK_AVERSION_GRID) for s in final}
    curves: dict[str, NDArray[np.float64]] = {
        s: certainty_equivalent_returns(final[s], RISK_AVERSION_GRID, years, log_ce=log_ce[s])
        for s in final
    }
    at_default = {
        s: float(certainty_equivalent_returns(final[s], [risk_aversion], years)[0]) for s in final
    }
    n = cycles_per_year(params.used.cycle_days, params.calendar.operating_days_per_year())
    p_star = breakeven_crackdown_probability(params, clip=True)
    return {
        **{
            f"ruin_probability_5y_{s}": ruin_probability(wealth[s], years=years) for s in STRATEGIES
        },
        **{f"certainty_equivalent_return_{s}": v for s, v in at_default.items()},
        "breakeven_risk_aversion": breakeven_risk_aversion(
            final, "state_led", log_ce_on_grid=log_ce
        ),
        "seizure_probability_per_year": seizure_probability_per_year(
            params.crackdown_probability, n
        ),
        "seizure_probability_per_year_remittance": seizure_probability_per_year(
            params.remittance_crackdown_probability, params.remittance_cycles_per_year
        ),
        "breakeven_crackdown_probability_per_year": seizure_probability_per_year(p_star, n),
        "cycles_per_year": n,
        "risk_aversions": RISK_AVERSION_GRID,
        "ce_curves": curves,
        "log_ce_curves": log_ce,
        "winners": winners_over(curves),
    }


def route_variant_results(
    variant: StrategyParams,
    route: Strategy,
    wealth: Mapping[str, NDArray[np.float64]],
    log_ce_curves: Mapping[str, NDArray[np.float64]],
    n_paths: int,
    seed: int,
    years: int = HORIZON_YEARS,
) -> dict[str, float | None]:
    """Ruin and the break-even risk aversion when one route runs on changed parameters and
    the others as simulated (``wealth``, with ``log_ce_curves`` from
    ``compounding_results``): how much the answer hangs on that change.

    Returns
    -------
    dict
        ``ruin_probability`` of ``route`` within ``years`` and ``breakeven_risk_aversion``
        (lowest in 0-5 from which ``route`` has the highest certainty equivalent, or None).
    """
    growth = simulate_growth(variant, n_paths, seed, n_years=years, strategies=(route,))[route]
    own = wealth_from_growth(growth)
    final = {s: np.asarray(w)[:, years] for s, w in wealth.items()}
    final[route] = own[:, years]
    grid = {**log_ce_curves, route: log_certainty_equivalents(final[route], RISK_AVERSION_GRID)}
    return {
        "ruin_probability": ruin_probability(own, years=years),
        "breakeven_risk_aversion": breakeven_risk_aversion(final, route, log_ce_on_grid=grid),
    }


def winner_intervals(
    risk_aversions: Sequence[float], winners: Sequence[str]
) -> list[tuple[str, float, float]]:
    """Runs of the same winner along the risk-aversion grid: ``(route, first, last)``.

    >>> winner_intervals([0, 1, 2, 3], ["a", "a", "b", "b"])
    [('a', 0.0, 1.0), ('b', 2.0, 3.0)]
    """
    out: list[tuple[str, float, float]] = []
    for g, w in zip(risk_aversions, winners, strict=True):
        if out and out[-1][0] == w:
            out[-1] = (w, out[-1][1], float(g))
        else:
            out.append((w, float(g), float(g)))
    return out


def ranking_changes(
    params: StrategyParams, low: float, high: float, n: int = 121
) -> list[tuple[float, tuple[Strategy, ...]]]:
    """The routes' ranking by expected return at ``low`` and wherever it changes up to
    ``high`` (interest rate per year, on a grid of ``n`` rates).

    Returns
    -------
    list of (float, tuple of str)
        The first rate of each stretch of the grid with the same ranking, and the ranking.
    """
    rates = np.linspace(low, high, n)
    out: list[tuple[float, tuple[Strategy, ...]]] = []
    for rate, ranking in zip(
        rates, rankings_over(params, "annual_interest_rate", list(rates)), strict=True
    ):
        if not out or out[-1][1] != ranking:
            out.append((float(rate), ranking))
    return out


def brokering_counterfactuals(params: StrategyParams) -> dict[str, float]:
    """Remittance brokering's expected annual return with each of its costs taken away.

    Returns
    -------
    dict
        ``expected`` (this run), ``without_interest`` (float financed free),
        ``without_seizures`` (no crackdown), ``without_fine`` (a seizure costs the float
        only), ``zero_return_interest_rate`` (per year) and ``breakeven_seizure_probability``
        (per cycle at which the expected return is zero at this rate; 0 when brokering does
        not pay even without seizures).
    """
    p = params
    c = 0.5 * (p.remittance_commission_low + p.remittance_commission_high)
    phi = p.annual_interest_rate / p.remittance_cycles_per_year
    q_star = (c - phi) / (c + 1.0 + p.remittance_fine_share_of_float)
    return {
        "expected": expected_annual_return(p, "remittance"),
        "without_interest": expected_annual_return(
            replace(p, annual_interest_rate=0.0), "remittance"
        ),
        "without_seizures": expected_annual_return(
            replace(p, remittance_crackdown_probability=0.0), "remittance"
        ),
        "without_fine": expected_annual_return(
            replace(p, remittance_fine_share_of_float=0.0), "remittance"
        ),
        "zero_return_interest_rate": zero_return_interest_rate(p, "remittance"),
        "breakeven_seizure_probability": float(min(1.0, max(0.0, q_star))),
    }


def preferred_over_rates(
    params: StrategyParams,
    rates: Sequence[float],
    risk_aversion: float,
    n_paths: int,
    seed: int,
    years: int = HORIZON_YEARS,
    own_row: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The route a CRRA investor prefers, and the break-even risk aversion, at each interest
    rate (the same seed at every rate, so only the rate differs).

    ``own_row``, if given, is the row at ``params``' own rate (``preferred`` and
    ``breakeven_risk_aversion``) already computed from the run's own paths: that rate uses
    it instead of ``n_paths`` new paths, so it agrees with the run's headline.

    Returns
    -------
    list of dict
        Per rate: ``rate``, ``preferred`` (highest certainty equivalent at ``risk_aversion``)
        and ``breakeven_risk_aversion`` (lowest in 0-5 from which the state-led route is best,
        or None).
    """
    rows = []
    for rate in rates:
        if own_row is not None and float(rate) == params.annual_interest_rate:
            rows.append({**own_row, "rate": float(rate)})
            continue
        p = replace(params, annual_interest_rate=float(rate))
        wealth = simulate_wealth(p, n_paths, seed, n_years=years)
        final = {s: w[:, years] for s, w in wealth.items()}
        ce = {s: certainty_equivalent_returns(final[s], [risk_aversion], years)[0] for s in final}
        rows.append(
            {
                "rate": float(rate),
                "preferred": max(ce, key=lambda s: ce[s]),
                "breakeven_risk_aversion": breakeven_risk_aversion(final, "state_led"),
            }
        )
    return rows
