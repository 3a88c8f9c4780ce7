"""A Monte Carlo over the assumed group parameters, and what moves its results most.

The household groups' numbers are assumptions (:mod:`~hyesan_analysis.model.households.defaults`).
:func:`monte_carlo` redraws them within stated ranges (:data:`DEFAULT_RANGES`, each with
its rationale), simulates a fresh population for each draw and records the change of the
Gini and the real-income change of the households that were the poorest 40%.
:meth:`MonteCarlo.interval` gives the central 95% of the draws; :meth:`MonteCarlo.drivers`
ranks the assumptions by the Spearman rank correlation of each with the result.

Design: a Latin hypercube (``scipy.stats.qmc.LatinHypercube``) spreads the draws over every
range; draw ``i`` simulates its households with the seed ``SeedSequence([seed, i])``. The
same inputs give bit-identical results.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from hyesan_analysis.model.households.simulation import apply_shock, simulate_population
from hyesan_analysis.model.households.spec import City, FloatArray, GroupSpec
from hyesan_analysis.model.inequality import gini

__all__ = [
    "DEFAULT_RANGES",
    "AssumedRange",
    "Driver",
    "MonteCarlo",
    "bottom_change",
    "min_drawn_share",
    "monte_carlo",
]

Scale = Literal["add", "multiply"]
Outcome = Literal["gini_change", "bottom40_change"]


@dataclass(frozen=True)
class AssumedRange:
    """The range an assumption is drawn from, for every group or for the city.

    Attributes
    ----------
    field : str
        A :class:`GroupSpec` field (drawn per group) or a :class:`ShockSpec` field
        (``per_group`` False).
    low, high : float
        The range of the draw: added to the default (``scale="add"``) or multiplying it
        (``"multiply"``, drawn uniformly in log so ``0.67``-``1.5`` is symmetric); for a
        city-wide field with ``scale="add"``, ``low``-``high`` is the value itself when
        ``absolute`` is True.
    scale : {"add", "multiply"}
    unit : str
        Unit of ``low`` and ``high``.
    rationale : str
        Why this range.
    per_group : bool
        Drawn independently for each group (True) or once for the city.
    absolute : bool
        ``low``-``high`` is the value itself, not a change of the default.
    """

    field: str
    low: float
    high: float
    scale: Scale
    unit: str
    rationale: str
    per_group: bool = True
    absolute: bool = False

    def value(self, default: float, u: float) -> float:
        """The drawn value for a uniform number ``u`` in ``[0, 1)``."""
        if self.scale == "multiply":
            return default * math.exp(math.log(self.low) + u * math.log(self.high / self.low))
        change = self.low + u * (self.high - self.low)
        return change if self.absolute else default + change


_TWO_THIRDS = 2.0 / 3.0
DEFAULT_RANGES: tuple[AssumedRange, ...] = (
    AssumedRange(
        "population_share",
        _TWO_THIRDS,
        1.5,
        "multiply",
        "times the default, then rescaled to sum to 1",
        "No census counts Hyesan's households by occupation: each share between two-thirds "
        "and one and a half times its value.",
    ),
    AssumedRange(
        "median_income_kpw_month",
        _TWO_THIRDS,
        1.5,
        "multiply",
        "times the default",
        "Set by hand from a few wage and price figures: anywhere from two-thirds to one and a "
        "half times the default.",
    ),
    AssumedRange(
        "sigma_log",
        -0.15,
        0.15,
        "add",
        "SD of log income, added",
        "Within-group spreads of 0.35-0.95 span compressed wage scales to wide trader incomes.",
    ),
    AssumedRange(
        "fx_linked_share",
        -0.1,
        0.1,
        "add",
        "share, added (kept within 0 and what the other sources leave)",
        "Who earns in yuan is known only roughly: ten points either way.",
    ),
    AssumedRange(
        "food_share",
        -0.1,
        0.1,
        "add",
        "share, added",
        "No household budget survey is published: ten points either way of the Engel's-law "
        "defaults.",
    ),
    AssumedRange(
        "informal_indexed_share",
        0.2,
        0.8,
        "add",
        "share (the value itself)",
        "Won sidelines are repriced as market prices rise, neither never nor fully: 0.2-0.8 "
        "around the default of one half.",
        per_group=False,
        absolute=True,
    ),
)


def min_drawn_share(share: float, ranges: Sequence[AssumedRange] = DEFAULT_RANGES) -> float:
    """The smallest population share a group of ``share`` can be drawn at.

    Each share is multiplied by at most ``high`` and at least ``low`` of its range, then all
    are rescaled to sum to 1 (a total of at most ``high``): ``share * low / high``.
    """
    for r in ranges:
        if r.field == "population_share":
            if r.scale != "multiply":
                raise ValueError("population_share must be drawn with scale='multiply'")
            return share * r.low / r.high
    return share


@dataclass(frozen=True)
class Driver:
    """One assumption's rank correlation with a Monte Carlo result."""

    label: str
    rank_correlation: float


@dataclass(frozen=True, eq=False)  # holds arrays
class MonteCarlo:
    """The draws of :func:`monte_carlo` and their results.

    Attributes
    ----------
    labels : tuple of str
        One per drawn assumption, e.g. ``"state_workers food_share"``.
    draws : ndarray, shape (n_draws, len(labels))
        The drawn values.
    gini_change : ndarray, shape (n_draws,)
        Gini after minus Gini before, per draw.
    bottom40_change : ndarray, shape (n_draws,)
        Real-income change of the households that were the poorest 40% (fraction).
    n_households : int
        Simulated households per draw.
    """

    labels: tuple[str, ...]
    draws: FloatArray
    gini_change: FloatArray
    bottom40_change: FloatArray
    n_households: int

    @property
    def n_draws(self) -> int:
        """Number of draws."""
        return int(self.gini_change.size)

    def values(self, outcome: Outcome) -> FloatArray:
        """The result ``"gini_change"`` or ``"bottom40_change"`` of every draw."""
        if outcome not in ("gini_change", "bottom40_change"):
            raise ValueError(f"outcome must be 'gini_change' or 'bottom40_change', got {outcome!r}")
        out: FloatArray = getattr(self, outcome)
        return out

    def interval(self, outcome: Outcome, level: float = 0.95) -> tuple[float, float]:
        """The central ``level`` of the draws (percentiles, linear interpolation)."""
        tail = 100.0 * (1.0 - level) / 2.0
        low, high = np.percentile(self.values(outcome), [tail, 100.0 - tail])
        return float(low), float(high)

    def drivers(self, outcome: Outcome, top: int | None = None) -> list[Driver]:
        """The assumptions by the size of their Spearman rank correlation with ``outcome``.

        Parameters
        ----------
        outcome : {"gini_change", "bottom40_change"}
        top : int, optional
            Keep the first ``top``.

        Returns
        -------
        list of Driver
            Largest absolute correlation first; assumptions that did not vary are left out.
        """
        from scipy.stats import spearmanr  # here: scipy.stats costs ~0.8 s to import

        y = self.values(outcome)
        out = []
        for j, label in enumerate(self.labels):
            x = self.draws[:, j]
            if np.ptp(x) == 0:
                continue
            rho = float(spearmanr(x, y).statistic)
            out.append(Driver(label, rho))
        out.sort(key=lambda d: -abs(d.rank_correlation))
        return out[:top] if top is not None else out


def bottom_change(before: FloatArray, after: FloatArray, fraction: float = 0.4) -> float:
    """Real-income change of the households that were the poorest ``fraction`` before.

    The households at ranks ``r`` with ``(r + 0.5) / n < fraction`` of before-income, as in
    :func:`~hyesan_analysis.model.households.summaries.summary_metrics`; found with a
    partition rather than a full sort.
    """
    n = before.size
    k = math.ceil(fraction * n - 0.5)
    if not 0 < k < n:
        raise ValueError(f"fraction {fraction} of {n} households selects none or all")
    poorest = np.argpartition(before, k - 1)[:k]
    return float(after[poorest].sum() / before[poorest].sum() - 1.0)


def _labels(ranges: Sequence[AssumedRange], groups: Sequence[GroupSpec]) -> list[str]:
    out: list[str] = []
    for r in ranges:
        if r.per_group:
            out.extend(f"{g.name} {r.field}" for g in groups)
        else:
            out.append(r.field)
    return out


def _drawn_city(
    city: City, ranges: Sequence[AssumedRange], u: FloatArray
) -> tuple[City, list[float]]:
    """The city with the assumptions drawn at uniform numbers ``u``, and the drawn values."""
    groups = [dict(vars(g)) for g in city.groups]
    shock = city.shock
    values: list[float] = []
    j = 0
    for r in ranges:
        if not r.per_group:
            v = r.value(float(getattr(shock, r.field)), float(u[j]))
            shock = replace(shock, **{r.field: v})
            values.append(v)
            j += 1
            continue
        for g in groups:
            v = r.value(float(g[r.field]), float(u[j]))
            g[r.field] = v
            values.append(v)
            j += 1
    total = math.fsum(g["population_share"] for g in groups)
    for g in groups:
        g["population_share"] /= total
        g["sigma_log"] = max(g["sigma_log"], 0.0)
        g["food_share"] = min(max(g["food_share"], 0.0), 1.0)
        room = 1.0 - g["informal_won_share"] - g["food_production_share"]
        g["fx_linked_share"] = min(max(g["fx_linked_share"], 0.0), room)
    specs = tuple(GroupSpec(**g) for g in groups)
    return replace(city, groups=specs, shock=shock), values


def monte_carlo(
    city: City,
    n_draws: int,
    n_households: int,
    seed: int,
    ranges: Sequence[AssumedRange] = DEFAULT_RANGES,
) -> MonteCarlo:
    """Redraw the assumed group parameters and rerun the city ``n_draws`` times.

    Parameters
    ----------
    city : City
        The central case; its groups and shock are the defaults the ranges move.
    n_draws : int
        Draws (>= 2).
    n_households : int
        Simulated households per draw (>= 10).
    seed : int
        Seeds the Latin hypercube and each draw's population.
    ranges : sequence of AssumedRange
        What is drawn, and within which range.

    Returns
    -------
    MonteCarlo
        Bit-identical for the same inputs.
    """
    if n_draws < 2 or n_households < 10:
        raise ValueError(f"need n_draws >= 2 and n_households >= 10, got {n_draws}, {n_households}")
    labels = _labels(ranges, city.groups)
    from scipy.stats import qmc  # here: scipy.stats costs ~0.8 s to import

    sampler = qmc.LatinHypercube(d=len(labels), seed=np.random.default_rng([seed, 0]))
    unit = sampler.random(n_draws)
    draws = np.empty_like(unit)
    gini_change = np.empty(n_draws)
    bottom40 = np.empty(n_draws)
    for i in range(n_draws):
        drawn, values = _drawn_city(city, ranges, unit[i])
        draws[i] = values
        pop = simulate_population(
            drawn.groups,
            n_households,
            np.random.SeedSequence([seed, 1, i]),
            households_represented=drawn.households_represented,
        )
        before, after = apply_shock(pop, drawn.shock)
        gini_change[i] = gini(after) - gini(before)
        bottom40[i] = bottom_change(before, after)
    return MonteCarlo(tuple(labels), draws, gini_change, bottom40, n_households)
