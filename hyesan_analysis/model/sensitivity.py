"""Variance-based (Sobol') sensitivity of a model output to its inputs, via SALib.

A thin wrapper over :func:`SALib.sample.sobol.sample` (Saltelli's extension of the Sobol'
sequence, scrambled and seeded) and :func:`SALib.analyze.sobol.analyze` (Saltelli 2010 /
Jansen estimators with bootstrap confidence intervals). Nothing is estimated here; the wrapper
only turns a vectorised model over named arrays into SALib's problem and back into a table.

Each input is drawn uniformly over its ``(low, high)`` bounds. An input whose bounds are equal
is held fixed at that value and gets indices of exactly 0 (it cannot explain any variance).

Examples
--------
An additive model ``y = 2 a + b`` with ``a`` and ``b`` uniform on widths 1 and 2: the variance
shares are ``4 * 1/12`` and ``1 * 4/12``, so each input explains half.

>>> table = sobol_indices(
...     lambda x: 2.0 * x["a"] + x["b"], {"a": (0.0, 1.0), "b": (0.0, 2.0)}, base_samples=256
... )
>>> list(table["name"])
['a', 'b']
>>> [round(v, 1) for v in table["first_order"]]
[0.5, 0.5]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where the table is made: the CLI imports this module
    import pandas as pd

__all__ = ["SOBOL_COLUMNS", "additive_linear_indices", "sobol_indices"]

#: Columns of the table :func:`sobol_indices` returns, in order.
SOBOL_COLUMNS = ("name", "first_order", "first_order_conf", "total", "total_conf")


def _checked_bounds(bounds: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    if not bounds:
        raise ValueError("bounds: expected at least one input, got none")
    out: dict[str, tuple[float, float]] = {}
    for name, pair in bounds.items():
        low, high = (float(v) for v in pair)
        if not (math.isfinite(low) and math.isfinite(high)) or high < low:
            raise ValueError(
                f"bounds[{name!r}]: expected finite (low, high) with low <= high, got {pair}"
            )
        out[str(name)] = (low, high)
    return out


def sobol_indices(
    model: Callable[[dict[str, np.ndarray]], np.ndarray],
    bounds: Mapping[str, tuple[float, float]],
    *,
    base_samples: int = 1024,
    seed: int = 0,
    num_resamples: int = 200,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """First-order and total Sobol' indices of ``model`` over uniform inputs on ``bounds``.

    Parameters
    ----------
    model : callable
        Vectorised model: takes a dict mapping every input name to a 1-D float array (all the
        same length) and returns the output as an array of that length. Fixed inputs (equal
        bounds) are passed as constant arrays.
    bounds : mapping of str to (float, float)
        Each input's ``(low, high)`` range, in the input's own unit; drawn uniformly.
    base_samples : int, default 1024
        Saltelli base sample size ``N`` (a power of two); the model is evaluated on
        ``N * (D + 2)`` points for ``D`` varying inputs.
    seed : int, default 0
        Seed of the scrambled Sobol' sequence and of the bootstrap; the same seed gives
        bit-identical indices.
    num_resamples : int, default 200
        Bootstrap resamples for the confidence intervals.
    conf_level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per input in the order of ``bounds``, columns :data:`SOBOL_COLUMNS`:
        ``first_order`` (S1, share of output variance explained by the input alone),
        ``total`` (ST, including all its interactions) and the half-widths of their
        confidence intervals (``*_conf``).

    Raises
    ------
    ValueError
        If ``bounds`` is empty or malformed, ``base_samples`` is not a power of two >= 2, the
        model returns the wrong shape or a non-finite value, or the output does not vary.
    """
    checked = _checked_bounds(bounds)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed: expected an integer >= 0, got {seed!r}")
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ValueError(f"base_samples: expected a power of two >= 2, got {base_samples}")
    varying = [name for name, (low, high) in checked.items() if high > low]
    rows = {name: (0.0, 0.0, 0.0, 0.0) for name in checked}
    if varying:
        # imported here: SALib pulls in scipy.stats (~1 s), which the CLI and workers that
        # only import the specs should not pay
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample

        problem = {
            "num_vars": len(varying),
            "names": varying,
            "bounds": [list(checked[name]) for name in varying],
        }
        points = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
        inputs = {name: np.full(len(points), low) for name, (low, _) in checked.items()}
        for column, name in enumerate(varying):
            inputs[name] = points[:, column]
        output = np.asarray(model(inputs), dtype=float)
        if output.shape != (len(points),):
            raise ValueError(
                f"model: expected an output of shape ({len(points)},), got {output.shape}"
            )
        if not np.all(np.isfinite(output)):
            raise ValueError("model: expected finite outputs over the bounds, got NaN or infinity")
        if np.ptp(output) == 0.0:
            raise ValueError(
                "model: the output does not vary over the bounds; indices are undefined"
            )
        result = sobol_analyze.analyze(
            problem,
            output,
            calc_second_order=False,
            num_resamples=num_resamples,
            conf_level=conf_level,
            # SALib seeds its bootstrap only for a truthy seed (0 would draw from the global
            # generator), so the bootstrap gets seed + 1: still one fixed stream per seed.
            seed=seed + 1,
        )
        for i, name in enumerate(varying):
            rows[name] = (
                float(result["S1"][i]),
                float(result["S1_conf"][i]),
                float(result["ST"][i]),
                float(result["ST_conf"][i]),
            )
    import pandas as pd

    return pd.DataFrame(
        [(name, *rows[name]) for name in checked],
        columns=list(SOBOL_COLUMNS),
    )


def additive_linear_indices(
    coefficients: Mapping[str, float], bounds: Mapping[str, tuple[float, float]]
) -> dict[str, float]:
    """Exact Sobol' indices of ``y = sum_i a_i x_i`` with ``x_i`` uniform on ``bounds``.

    For an additive model first-order and total indices coincide:
    ``S_i = a_i^2 var_i / sum_j a_j^2 var_j`` with ``var_i = (high_i - low_i)^2 / 12``.
    Used as the known answer for :func:`sobol_indices` and as a cross-check of a model that
    is linear in its inputs.

    Parameters
    ----------
    coefficients : mapping of str to float
        ``a_i`` per input.
    bounds : mapping of str to (float, float)
        ``(low, high)`` per input (same keys).

    Returns
    -------
    dict of str to float
        ``S_i`` per input.
    """
    checked = _checked_bounds(bounds)
    parts = {
        name: float(coefficients[name]) ** 2 * (high - low) ** 2 / 12.0
        for name, (low, high) in checked.items()
    }
    total = sum(parts.values())
    if total == 0.0:
        raise ValueError(
            "coefficients: the model does not vary over the bounds; indices are undefined"
        )
    return {name: part / total for name, part in parts.items()}
