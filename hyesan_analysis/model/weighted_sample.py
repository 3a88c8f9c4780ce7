"""Validated, sorted, weighted samples: what every inequality measure starts from.

:func:`_prepare` checks values and weights once (finite, non-negative, positive total) and
returns them sorted by value with their cumulative population and income shares;
:mod:`hyesan_analysis.model.inequality` builds its measures on it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def _as_1d_float(x: ArrayLike, name: str) -> FloatArray:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got {arr.ndim} dimension(s)")
    return arr


def _prepare(
    values: ArrayLike, weights: ArrayLike | None, *, sort: bool = True
) -> tuple[FloatArray, FloatArray | None]:
    """Validate, drop zero-weight rows and (optionally) sort by value.

    Returns ``(x, w)`` with ``w`` None when unweighted. Raises ValueError on bad input.
    """
    x = _as_1d_float(values, "values")
    if x.size == 0:
        raise ValueError("values is empty: inequality of no households is undefined")
    if not np.all(np.isfinite(x)):
        raise ValueError("values contains NaN or infinity")
    if np.any(x < 0):
        raise ValueError(
            "values contains negative incomes; these measures are defined for "
            "non-negative incomes only (a Gini above 1 would result)"
        )
    w: FloatArray | None = None
    if weights is not None:
        w = _as_1d_float(weights, "weights")
        if w.shape != x.shape:
            raise ValueError(f"weights has length {w.size} but values has length {x.size}")
        if not np.all(np.isfinite(w)):
            raise ValueError("weights contains NaN or infinity")
        if np.any(w < 0):
            raise ValueError("weights contains negative values")
        keep = w > 0
        if not np.any(keep):
            raise ValueError("weights sum to zero: no household is represented")
        if not np.all(keep):
            x, w = x[keep], w[keep]
    # an O(n) check first: callers that measure one sample several ways sort it once
    if sort and not _is_sorted(x):
        # Ties may come out in any order: tied rows add no pairwise difference to the
        # Gini and lie on one straight segment of the Lorenz curve, so no result depends
        # on their order (and the default sort is ~10x faster than a stable argsort).
        if w is None:
            x = np.sort(x)
        else:
            order = np.argsort(x)
            x = x[order]
            w = w[order]
    with np.errstate(over="ignore"):
        total = float(np.sum(x) if w is None else _dot(w, x))
    if not np.isfinite(total):
        raise ValueError("total income overflows to infinity")
    if total <= 0.0:
        raise ValueError("total income is zero: income shares and inequality are undefined")
    return x, w


def _is_sorted(x: FloatArray) -> bool:
    """Whether ``x`` is in ascending order (then sorting it would change nothing: an
    unweighted sample, or a weighted one whose tied values may keep any order)."""
    return bool(x.size < 2 or np.all(x[1:] >= x[:-1]))


def _dot(a: FloatArray, b: FloatArray) -> float:
    """``sum(a * b)`` by numpy's pairwise sum, not BLAS: a threaded BLAS dot product can be
    many times slower on a busy machine, and this keeps the result independent of it."""
    return float(np.multiply(a, b).sum())


def _all_equal(x: FloatArray) -> bool:
    return bool(x[0] == x[-1]) if x.size else True  # x is sorted
