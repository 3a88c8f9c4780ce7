"""Pass-through on log changes: one fit, the specification table and leave-one-out influence.

The regression, on the changes of :mod:`hyesan_analysis.model.passthrough_changes`
(consecutive pairs of one publisher in one city)::

    dlog_price[i] = a + b * dlog_rate[i] (+ series drifts) (+ c * lean[i]) + e[i]

``b`` is the pass-through elasticity: the percent change of the price that goes with a
one-percent change of the market rate over the same interval. ``a`` is a common drift (price
change unrelated to the rate); ``drift='series'`` gives each city-publisher series its own
drift (city and publisher fixed effects in changes); ``lean=True`` adds a dummy for changes
that end in the lean season. It is an association in few, noisy observations, not a causal
effect: the rate and food prices respond to common shocks (harvests, border closures).

Fits are :func:`statsmodels.formula.api.ols`. **Intervals** (95 %): the standard error is the
larger of the classical one and the cluster-robust one (CR1, clustered by city; HC1 when the
fit has one city), and the critical value is Student's t on ``min(residual dof, cities - 1)``
degrees of freedom (the residual dof alone with one city). With so few clusters a robust
standard error is itself noisy and can be near zero, so neither is allowed to understate the
other, and the t degrees of freedom follow the number of clusters (Angrist and Pischke 2009,
section 8.2; Cameron and Miller 2015).

A fit with fewer than ``min_changes`` changes, no variation of the rate or no residual degree
of freedom raises :class:`~hyesan_analysis.model.market_frame.InsufficientDataError`; it never
returns a number.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

from hyesan_analysis.model.market_frame import InsufficientDataError

__all__ = [
    "ChangeFit",
    "Drift",
    "SpecRow",
    "Specification",
    "fit_changes",
    "leave_one_out",
    "spec_range",
    "specification_table",
    "standard_specifications",
]

Drift = Literal["common", "series", "none"]

#: Cluster-robust errors need at least this many cities; below it, HC1.
_MIN_CLUSTERS = 2


@dataclass(frozen=True)
class ChangeFit:
    """One pass-through fit on log changes.

    Attributes
    ----------
    elasticity : float
        Slope on ``dlog_rate`` (dimensionless: percent per percent).
    ci_low, ci_high : float
        95 % interval (see the module docstring for its construction).
    se : float
        Standard error used: ``max(se_classical, se_robust)``.
    se_classical, se_robust : float
        The classical OLS and the robust (CR1 by city, or HC1) standard errors.
    robust_kind : str
        ``'cluster by city'`` or ``'HC1'``.
    n : int
        Changes in the fit.
    dof : int
        Residual degrees of freedom (``n`` minus the rank of the design).
    t_dof : int
        Degrees of freedom of the t critical value.
    n_clusters : int
        Cities in the fit.
    n_series : int
        City-publisher series in the fit.
    drift : float
        The common drift ``a`` (log points per change); NaN unless ``drift='common'``.
    level : float
        Confidence level.
    """

    elasticity: float
    ci_low: float
    ci_high: float
    se: float
    se_classical: float
    se_robust: float
    robust_kind: str
    n: int
    dof: int
    t_dof: int
    n_clusters: int
    n_series: int
    drift: float
    level: float = 0.95


def _formula(drift: Drift, lean: bool, n_series: int) -> str:
    terms = ["dlog_rate"]
    if drift == "series" and n_series > 1:
        terms.append("C(series_id)")
    if lean:
        terms.append("lean")
    return "dlog_price ~ " + " + ".join(terms) + (" - 1" if drift == "none" else "")


def fit_changes(
    changes: pd.DataFrame,
    drift: Drift = "common",
    lean: bool = False,
    min_changes: int = 3,
    level: float = 0.95,
    where: str = "",
) -> ChangeFit:
    """Elasticity of the price change to the rate change, with a few-cluster interval.

    Parameters
    ----------
    changes : DataFrame
        Output of :func:`~hyesan_analysis.model.passthrough_changes.change_pairs` (columns
        ``dlog_price``, ``dlog_rate``, ``city``, ``series_id``, ``lean``).
    drift : {'common', 'series', 'none'}, default 'common'
        One intercept, one per city-publisher series, or none (through the origin).
    lean : bool, default False
        Add the lean-season dummy.
    min_changes : int, default 3
        Fewest changes accepted.
    level : float, default 0.95
        Confidence level, in (0, 1).
    where : str, optional
        The fit in words, for error messages.

    Raises
    ------
    InsufficientDataError
        Too few changes, no variation of the rate change, or no residual degree of freedom.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if drift not in ("common", "series", "none"):
        raise ValueError(f"drift must be 'common', 'series' or 'none', got {drift!r}")
    n = len(changes)
    label = f" ({where})" if where else ""
    if n < min_changes:
        raise InsufficientDataError(
            f"too few log changes for a pass-through fit{label}: found {n}, "
            f"need at least {min_changes}",
            reason="too few changes",
        )
    x = changes["dlog_rate"].to_numpy(float)
    if float(np.ptp(x)) <= 1e-12 and drift != "none":
        raise InsufficientDataError(
            f"the rate change does not vary{label}", reason="rate does not vary"
        )
    n_series = int(changes["series_id"].nunique())
    formula = _formula(drift, lean, n_series)
    model = smf.ols(formula, data=changes.reset_index(drop=True))
    dof = round(float(model.df_resid))
    if dof < 1:
        raise InsufficientDataError(
            f"no residual degree of freedom{label}: {n} changes for {n - dof} coefficients",
            reason="no residual degree of freedom",
        )
    if model.rank < model.exog.shape[1]:
        raise InsufficientDataError(
            f"a regressor does not vary or repeats another{label} ({', '.join(model.exog_names)})",
            reason="regressors collinear",
        )
    clusters = pd.factorize(changes["city"].astype(str))[0]
    n_clusters = int(clusters.max()) + 1
    with warnings.catch_warnings():  # singleton clusters and tiny samples warn; handled below
        warnings.simplefilter("ignore")
        classical = model.fit()
        if n_clusters >= _MIN_CLUSTERS:
            robust = model.fit(cov_type="cluster", cov_kwds={"groups": clusters})
            kind, t_dof = "cluster by city", min(dof, n_clusters - 1)
        else:
            robust = model.fit(cov_type="HC1")
            kind, t_dof = "HC1", dof
    se_c, se_r = float(classical.bse["dlog_rate"]), float(robust.bse["dlog_rate"])
    se_r = se_r if np.isfinite(se_r) else 0.0
    se = max(se_c, se_r)
    b = float(classical.params["dlog_rate"])
    half = float(stats.t.ppf(0.5 + level / 2.0, t_dof)) * se
    return ChangeFit(
        elasticity=b,
        ci_low=b - half,
        ci_high=b + half,
        se=se,
        se_classical=se_c,
        se_robust=se_r,
        robust_kind=kind,
        n=n,
        dof=dof,
        t_dof=t_dof,
        n_clusters=n_clusters,
        n_series=n_series,
        drift=float(classical.params.get("Intercept", np.nan)) if drift == "common" else np.nan,
        level=level,
    )


@dataclass(frozen=True)
class Specification:
    """One row of the specification table: which changes, which regression.

    Attributes
    ----------
    name : str
        The specification in words, e.g. ``'pooled, common drift'``.
    price, rate : str
        Price series (``'rice'``, ``'corn'``) and rate (``'CNY'``, ``'USD'``).
    drift : {'common', 'series', 'none'}
    lean : bool
        With the lean-season dummy.
    drop_publisher, only_publisher : str or None
        Leave one publisher's changes out, or keep only one publisher's.
    group : str
        ``'headline'`` for rice on the headline rate (the rows whose range is quoted),
        ``'other'`` otherwise.
    """

    name: str
    price: str
    rate: str
    drift: Drift = "common"
    lean: bool = False
    drop_publisher: str | None = None
    only_publisher: str | None = None
    group: str = "headline"

    def select(self, changes: pd.DataFrame) -> pd.DataFrame:
        """The changes this specification uses."""
        if self.drop_publisher is not None:
            changes = changes.loc[changes["publisher"] != self.drop_publisher]
        if self.only_publisher is not None:
            changes = changes.loc[changes["publisher"] == self.only_publisher]
        return changes


@dataclass(frozen=True)
class SpecRow:
    """A specification and its fit (None, with the reason, when the data cannot support it)."""

    spec: Specification
    n: int
    fit: ChangeFit | None
    reason: str
    changes: pd.DataFrame = field(repr=False, compare=False)


def standard_specifications(
    changes: Mapping[tuple[str, str], pd.DataFrame], rate: str, other_rate: str
) -> list[Specification]:
    """The specifications of the table, the preferred one first.

    Rice on the headline rate: pooled with a common drift (preferred), city-publisher drifts,
    the lean-season control, through the origin, and without each publisher (the pooled row has
    them all);
    then rice on the other rate, and corn on both rates (pooled, common drift).

    Parameters
    ----------
    changes : mapping
        Log changes keyed ``(price, rate)``.
    rate, other_rate : str
        The headline rate and the other one.
    """
    publishers = sorted(set(changes["rice", rate]["publisher"].astype(str)))
    specs = [
        Specification("pooled, common drift", "rice", rate),
        Specification("city-and-publisher drifts", "rice", rate, drift="series"),
        Specification("common drift + lean season", "rice", rate, lean=True),
        Specification("no drift (through the origin)", "rice", rate, drift="none"),
    ]
    for publisher in publishers if len(publishers) > 1 else []:
        specs.append(Specification(f"without {publisher}", "rice", rate, drop_publisher=publisher))
    specs.append(Specification("pooled, common drift", "rice", other_rate, group="other"))
    specs += [
        Specification("pooled, common drift", "corn", r, group="other") for r in (rate, other_rate)
    ]
    return specs


def specification_table(
    changes: Mapping[tuple[str, str], pd.DataFrame],
    specs: list[Specification],
    min_changes: int = 3,
    level: float = 0.95,
) -> list[SpecRow]:
    """Fit every specification; a row the data cannot support keeps its reason.

    Parameters
    ----------
    changes : mapping
        Log changes keyed ``(price, rate)``.
    specs : list of Specification
    min_changes, level
        As in :func:`fit_changes`.
    """
    rows = []
    for spec in specs:
        data = spec.select(changes[spec.price, spec.rate])
        try:
            fit: ChangeFit | None = fit_changes(
                data, spec.drift, spec.lean, min_changes, level,
                where=f"{spec.price} ~ {spec.rate}, {spec.name}",
            )  # fmt: skip
            reason = ""
        except InsufficientDataError as err:
            fit, reason = None, err.reason
        rows.append(SpecRow(spec, len(data), fit, reason, data))
    return rows


def spec_range(rows: list[SpecRow], group: str = "headline") -> tuple[float, float]:
    """Lowest and highest elasticity over the fitted rows of one group.

    Raises
    ------
    InsufficientDataError
        No row of the group could be fitted.
    """
    values = [r.fit.elasticity for r in rows if r.fit is not None and r.spec.group == group]
    if not values:
        raise InsufficientDataError("no specification could be fitted", reason="no fit")
    return float(min(values)), float(max(values))


def leave_one_out(
    changes: pd.DataFrame,
    drift: Drift = "common",
    lean: bool = False,
    min_changes: int = 3,
    level: float = 0.95,
) -> pd.DataFrame:
    """The fit without each change in turn: which observation moves the estimate most.

    Returns
    -------
    DataFrame
        One row per change left out, with its ``series_id``, ``period_from``, ``period_to``,
        ``dlog_price``, ``dlog_rate``, and the refit's ``n``, ``dof``, ``elasticity``,
        ``ci_low``, ``ci_high`` and ``shift`` (refit minus full fit); estimates are NaN (and
        ``reason`` says why) when the rest cannot be fitted.
    """
    full = fit_changes(changes, drift, lean, min_changes, level).elasticity
    rows = []
    data = changes.reset_index(drop=True)
    for i in range(len(data)):
        rest = data.drop(index=i)
        row = {
            k: data.loc[i, k]
            for k in ("series_id", "period_from", "period_to", "dlog_price", "dlog_rate")
        }
        try:
            fit = fit_changes(rest, drift, lean, min_changes, level)
        except InsufficientDataError as err:
            row |= dict(n=len(rest), dof=np.nan, elasticity=np.nan, ci_low=np.nan,
                        ci_high=np.nan, shift=np.nan, reason=err.reason)  # fmt: skip
        else:
            row |= dict(n=fit.n, dof=fit.dof, elasticity=fit.elasticity, ci_low=fit.ci_low,
                        ci_high=fit.ci_high, shift=fit.elasticity - full, reason="")  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)
