"""The inequality report's computation: the cities, their runs, the Monte Carlo and the
figures it records (:func:`compute`), so the notebook only shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hyesan_analysis.model import households as hh
from hyesan_analysis.reporting.specs.inequality import RESULT_LABELS, to_model

__all__ = ["InequalityRun", "compute", "passthrough_source"]


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
    """

    values: Mapping[str, Any]
    upstream: Mapping[str, float]
    cities: hh.Cities
    hyesan: hh.Outcome
    pyongyang: hh.Outcome
    sensitivity: hh.Sensitivity
    monte_carlo: hh.MonteCarlo

    @property
    def shock(self) -> hh.ShockSpec:
        """Hyesan's shock (Pyongyang's differs only in having no smuggling margin)."""
        return self.cities.hyesan.shock

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


def compute(values: Mapping[str, Any], upstream: Mapping[str, float]) -> InequalityRun:
    """Run the report's model on its validated parameters and upstream figures.

    Parameters
    ----------
    values : mapping
        Every parameter of the inequality schema, validated.
    upstream : mapping
        ``to_model``'s upstream arguments by name (the car report's margins, the prices
        report's rice and corn pass-throughs).
    """
    cities = to_model(values, **upstream)
    hyesan = hh.simulate_city(cities.hyesan)
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
        sensitivity=hh.sensitivity(hyesan),
        monte_carlo=mc,
    )
