"""Money over time: the day-count convention, simple interest, and checked inputs.

One definition for every report: the car's P&L, the investor's capital cycle and anything
else that charges interest use :func:`financing_cost_cny`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "DAYS_PER_YEAR",
    "MAX_CNY_PER_CAR",
    "financing_cost_cny",
    "require_cny_per_car",
    "require_in_range",
]

#: Days in the year used for interest and for the seasonal calendar (no leap day).
DAYS_PER_YEAR = 365.0
#: The largest amount per car the models accept, CNY (ten million: a guard against typos).
MAX_CNY_PER_CAR = 1e7


def require_in_range(
    name: str,
    value: float,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``float(value)`` or raise ``ValueError`` naming ``name`` and the expected range.

    Parameters
    ----------
    name : str
        Argument name, used in the error message.
    value : float
        Value to check; must be a finite real number (bools are rejected).
    low, high : float
        Bounds of the accepted interval.
    low_open, high_open : bool
        Whether the bound itself is excluded.
    """
    # a plain float skips the ABC check, which dominates in the Sobol loops
    if type(value) is not float and (
        isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)
    ):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    x = float(value)
    too_low = x <= low if low_open else x < low
    too_high = x >= high if high_open else x > high
    if not math.isfinite(x) or too_low or too_high:
        lb = "(" if low_open else "["
        rb = ")" if high_open else "]"
        raise ValueError(f"{name} must be finite and in {lb}{low:g}, {high:g}{rb}, got {value!r}")
    return x


def require_cny_per_car(name: str, value: float, *, signed: bool = False) -> float:
    """``require_in_range`` for an amount of money per car: in [0, ``MAX_CNY_PER_CAR``], or
    in [-``MAX_CNY_PER_CAR``, ``MAX_CNY_PER_CAR``] when ``signed`` (a margin may be a loss).

    >>> require_cny_per_car("margin_cny", -2_500, signed=True)
    -2500.0
    """
    low = -MAX_CNY_PER_CAR if signed else 0.0
    return require_in_range(name, value, low, MAX_CNY_PER_CAR)


def financing_cost_cny(capital_cny: float, annual_rate: float, days: float) -> float:
    """Simple interest on capital tied up for a number of days.

    Parameters
    ----------
    capital_cny : float
        Capital tied up, CNY (>= 0).
    annual_rate : float
        Simple annual interest rate as a fraction per year, in [0, 10] (informal lending in
        North Korea is reported at several percent a month).
    days : float
        Days the capital is tied up, in [0, 3650].

    Returns
    -------
    float
        ``capital_cny * annual_rate * days / 365``, CNY.

    Examples
    --------
    >>> financing_cost_cny(72_500, 0.6, 41)
    4886.301369863014
    """
    capital = require_in_range("capital_cny", capital_cny, 0.0)
    rate = require_in_range("annual_rate", annual_rate, 0.0, 10.0)
    d = require_in_range("days", days, 0.0, 10 * DAYS_PER_YEAR)
    return capital * rate * d / DAYS_PER_YEAR
