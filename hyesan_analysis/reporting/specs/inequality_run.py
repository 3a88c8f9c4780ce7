"""The inequality report's computation: the cities, their runs, the Monte Carlo and the
figures it records (:func:`compute`), so the notebook only shows them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hyesan_analysis.model import households as hh
from hyesan_analysis.reporting.specs.inequality import RESULT_LABELS, to_model

__all__ = [
    "PASSTHROUGH_CASES",
    "InequalityRun",
    "compute",
    "passthrough_grid",
    "passthrough_source",
]

#: The staple pass-throughs the headline is rerun at, by name: one-for-one and the ends of
#: the prices report's 95% interval for rice (rice and corn alike in each)
PASSTHROUGH_CASES = ("one_for_one", "ci_low", "ci_high")

#: The results each case records: (result key prefix, PassthroughCase attribute)
_CASE_RESULTS = (
    ("gini_change_at_passthrough", "gini_change"),
    ("real_income_change_bottom40_at_passthrough", "bottom40_change"),
)


def passthrough_source(price_passthrough: float | None, upstream: Mapping[str, float]) -> str:
    """Where the staples' pass-through came from, for the report's sentences.

    Parameters
    ----------
    price_passthrough : float or None
        The report's parameter (None: not set).
    upstream : mapping
        The upstream figures, with ``passthrough_rice`` and ``passthrough_corn``.
    """
    rice, corn = upstream["passthrough_rice"], upstream["passthrough_corn"]
    if price_passthrough is None:
        return "the prices_and_exchange report's estimates for rice and corn"
    return (
        f"set for this world for both staples; the prices_and_exchange report estimates "
        f"{rice:.2f} for rice and {corn:.2f} for corn"
    )


def passthrough_grid(*passthroughs: float, step: float = 0.25) -> tuple[float, float, float]:
    """The food pass-through sweep ``(low, high, step)``: 0 to 1.5, widened in steps of
    ``step`` to cover every value given (this run's and the rice interval's ends)."""
    finite = [p for p in passthroughs if math.isfinite(p)]
    low = min([0.0, *finite])
    high = max([1.5, *finite])
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


@dataclass(frozen=True)
class InequalityRun:
    """Everything the inequality report shows.

    Attributes
    ----------
    values : mapping
        The validated parameters.
    upstream : mapping
        The upstream figures the model ran on (:data:`~.inequality.UPSTREAM_FIGURES`).
    cities : Cities
        Hyesan and Pyongyang.
    hyesan, pyongyang : Outcome
        Their runs.
    sensitivity : Sensitivity
        Hyesan's reruns at other rates and food pass-throughs.
    monte_carlo : MonteCarlo
        Hyesan's reruns with the assumed group parameters drawn within their ranges.
    interval : mapping
        The prices report's 95% interval of its rice estimate
        (:data:`~.inequality.INTERVAL_FIGURES`).
    passthrough_cases : mapping of str to PassthroughCase
        Hyesan rerun at each of :data:`PASSTHROUGH_CASES`.
    """

    values: Mapping[str, Any]
    upstream: Mapping[str, float]
    cities: hh.Cities
    hyesan: hh.Outcome
    pyongyang: hh.Outcome
    sensitivity: hh.Sensitivity
    monte_carlo: hh.MonteCarlo
    interval: Mapping[str, float]
    passthrough_cases: Mapping[str, hh.PassthroughCase]

    @property
    def shock(self) -> hh.ShockSpec:
        """Hyesan's shock (Pyongyang's differs only in having no smuggling margin)."""
        return self.cities.hyesan.shock

    @property
    def rice_interval(self) -> tuple[float, float]:
        """The prices report's 95% interval of its rice estimate (elasticities)."""
        return (
            self.interval["passthrough_rice_ci_low"],
            self.interval["passthrough_rice_ci_high"],
        )

    @property
    def corn_interval(self) -> tuple[float, float] | None:
        """The prices report's 95% interval of its corn estimate, when given."""
        if "passthrough_corn_ci_low" not in self.interval:
            return None
        return (
            self.interval["passthrough_corn_ci_low"],
            self.interval["passthrough_corn_ci_high"],
        )

    @property
    def passthrough_from(self) -> str:
        """Where the staples' pass-through came from, in words."""
        return passthrough_source(self.values["price_passthrough"], self.upstream)

    @property
    def recorded(self) -> dict[str, float]:
        """The recorded figures by name (:meth:`records`)."""
        return {name: value for name, value, _ in self.records()}

    def records(self) -> list[tuple[str, float, str]]:
        """``(name, value, label)`` of every figure the report records, in order."""
        m, mc = self.hyesan.metrics, self.monte_carlo
        gini_low, gini_high = mc.interval("gini_change")
        b40_low, b40_high = mc.interval("bottom40_change")
        figures = {
            **{key: m[key] for key in hh.SUMMARY_KEYS},
            "gini_change_ci_low": gini_low,
            "gini_change_ci_high": gini_high,
            "real_income_change_bottom40_ci_low": b40_low,
            "real_income_change_bottom40_ci_high": b40_high,
            "theil_between_share_before": self.hyesan.theil_before.between_share,
            "theil_between_share_after": self.hyesan.theil_after.between_share,
            "cost_of_living_rise_poor_rich_ratio": self.hyesan.poor_rich_cost_of_living_ratio,
            "informal_income_share_model": self.hyesan.population.informal_share_mean,
        }
        suffixes = {"one_for_one": "1", "ci_low": "ci_low", "ci_high": "ci_high"}
        for case, suffix in suffixes.items():
            for prefix, attribute in _CASE_RESULTS:
                figures[f"{prefix}_{suffix}"] = getattr(self.passthrough_cases[case], attribute)
        out = [(key, float(value), RESULT_LABELS[key]) for key, value in figures.items()]
        source = self.passthrough_from
        out.append(
            (
                "price_passthrough_used",
                self.shock.passthrough_rice,
                f"Pass-through used for rice ({source})",
            )
        )
        out.append(
            (
                "passthrough_corn_used",
                self.shock.passthrough_corn,
                f"Pass-through used for corn ({source})",
            )
        )
        return out


def compute(
    values: Mapping[str, Any], upstream: Mapping[str, float], interval: Mapping[str, float]
) -> InequalityRun:
    """Run the report's model on its validated parameters and upstream figures.

    Parameters
    ----------
    values : mapping
        Every parameter of the inequality schema, validated.
    upstream : mapping
        ``to_model``'s upstream arguments by name (the car report's margins, the prices
        report's rice and corn pass-throughs).
    interval : mapping
        ``passthrough_rice_ci_low`` and ``passthrough_rice_ci_high``: the prices report's 95%
        interval of its rice estimate (elasticities).
    """
    cities = to_model(values, **upstream)
    hyesan = hh.simulate_city(cities.hyesan)
    low, high = interval["passthrough_rice_ci_low"], interval["passthrough_rice_ci_high"]
    cases = {
        "one_for_one": hh.at_food_passthrough(hyesan, 1.0),
        "ci_low": hh.at_food_passthrough(hyesan, low),
        "ci_high": hh.at_food_passthrough(hyesan, high),
    }
    shock = cities.hyesan.shock
    grid_low, grid_high, step = passthrough_grid(
        low, high, shock.passthrough_rice, shock.passthrough_corn
    )
    mc = hh.monte_carlo(
        cities.hyesan,
        n_draws=int(values["mc_draws"]),
        n_households=int(values["mc_households"]),
        seed=int(values["seed"]),
    )
    return InequalityRun(
        values=values,
        upstream=dict(upstream),
        cities=cities,
        hyesan=hyesan,
        pyongyang=hh.simulate_city(cities.pyongyang),
        sensitivity=hh.sensitivity(
            hyesan, min_passthrough=grid_low, max_passthrough=grid_high, step=step
        ),
        monte_carlo=mc,
        interval=dict(interval),
        passthrough_cases=cases,
    )
