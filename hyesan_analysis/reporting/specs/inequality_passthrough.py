"""The inequality report's sentences on the staples' pass-through and the reruns.

How far the headline moves with the rice and corn pass-through (reruns at one-for-one and at
the interval's ends), the model's rise of the rice price beside the record's, and what the
reruns at other rates and food pass-throughs show, with the pass-through at which the poorest
40% start to lose. Moved out of :mod:`hyesan_analysis.reporting.specs.inequality_tables`, which
imports these names back, so ``tables.<name>`` keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping

from hyesan_analysis.model.households import Outcome, PassthroughCase, Sensitivity, ShockSpec
from hyesan_analysis.model.market_filter import PriceAcrossRates
from hyesan_analysis.reporting.authoring.formatting import gain_or_lose


def _elasticity(value: float) -> str:
    """A grid pass-through in words: ``0``, ``1.5``, ``-0.25`` (no ``-0``)."""
    return f"{round(float(value), 2) + 0.0:g}"


def _corn_words(corn: tuple[float, tuple[float, float] | None] | None) -> str:
    if corn is None or corn[1] is None:
        return ""
    estimate, (low, high) = corn[0], corn[1]
    return f" (corn's {estimate:.2f} has one from {low:.2f} to {high:.2f})"


def passthrough_dependence_text(
    estimate: float,
    interval: tuple[float, float],
    outcome: Outcome,
    cases: Mapping[str, PassthroughCase],
    corn: tuple[float, tuple[float, float] | None] | None = None,
) -> str:
    """How far the headline moves with the staples' pass-through, from the reruns.

    Parameters
    ----------
    estimate : float
        The prices report's rice estimate (elasticity).
    interval : (float, float)
        Its 95% interval.
    outcome : Outcome
        This run.
    cases : mapping
        ``one_for_one``, ``ci_low`` and ``ci_high``
        (:data:`~hyesan_analysis.reporting.specs.inequality_run.PASSTHROUGH_CASES`).
    corn : (float, (float, float)), optional
        The corn estimate and its 95% interval, quoted when given.
    """
    m = outcome.metrics
    here = m["gini_after"] - m["gini_before"]
    one, low, high = cases["one_for_one"], cases["ci_low"], cases["ci_high"]
    lo, hi = interval
    signs = {c.gini_change > 0 for c in (low, high, one)} | {here > 0}
    if signs == {True}:
        holds = "it rises at both ends"
    elif signs == {False}:
        holds = "it falls at both ends"
    else:
        holds = "so even the direction of its move depends on the pass-through"
    return (
        "**How much rests on the pass-through.** The staples' pass-through is the least "
        f"certain number in these figures: the prices report's rice estimate of {estimate:.2f} "
        f"has a 95% interval from {lo:.2f} to {hi:.2f}{_corn_words(corn)}, and the draws above "
        "hold both fixed. "
        "Rerun with rice and corn prices passing the rate through one-for-one, the Gini "
        f"changes by {one.gini_change:+.3f} (this run: {here:+.3f}), the poorest 40% "
        f"{gain_or_lose(one.bottom40_change)} and the richest 10% "
        f"{gain_or_lose(one.top10_change)}. With both staples at the interval's ends, the Gini "
        f"changes by {low.gini_change:+.3f} at {lo:.2f} and by {high.gini_change:+.3f} at "
        f"{hi:.2f} ({holds}), and the poorest 40% {gain_or_lose(low.bottom40_change)} at the "
        f"low end and {gain_or_lose(high.bottom40_change)} at the high end."
    )


def observed_rice_text(observed: PriceAcrossRates | None, shock: ShockSpec) -> str:
    """The model's rise of the rice price beside the record's over the shock's two dates.

    Parameters
    ----------
    observed : PriceAcrossRates or None
        From :func:`~hyesan_analysis.model.market_filter.price_across_rates` at the shock's
        two rates (None: a rate was never observed; nothing is said).
    shock : ShockSpec
        This run's shock.
    """
    if observed is None:
        return ""
    o = observed
    days = " and ".join(str(d) for d in o.days_from_rates)
    same = f"{'from one publisher' if o.one_publisher else 'from two publishers'}, {days} days"
    same += " from the rates' dates"
    return (
        f"For comparison with the record: the market rice price nearest the dates of the two "
        f"rates ({o.rate_before['date']} and {o.rate_after['date']}) went from "
        f"{o.price_before['value']:,.0f} KPW/kg ({o.price_before['publisher']}, "
        f"{o.price_before['date']}) to {o.price_after['value']:,.0f} "
        f"({o.price_after['publisher']}, {o.price_after['date']}), ×{o.price_ratio:.2f}, "
        f"against ×{shock.price_factor('rice'):.2f} in the model at a pass-through of "
        f"{shock.passthrough_rice:.2f} and ×{shock.rate_ratio:.2f} at one-for-one. The two "
        f"prices are {same} (market_rates.csv {o.price_before['obs_id']}, "
        f"{o.price_after['obs_id']}): a comparison, not an estimate."
    )


def breakeven_text(sens: Sensitivity) -> str:
    """Whether, and from which pass-through, the poorest 40% lose real income."""
    change = sens.bottom40_change
    if sens.bottom40_breakeven is None:
        verb = "lose" if change[0] < 0 else "gain"
        return (
            f"The poorest 40% {verb} real income at every food pass-through from "
            f"{_elasticity(sens.passthroughs[0])} to {_elasticity(sens.passthroughs[-1])}."
        )
    verb = "lose" if change[-1] < 0 else "gain"
    return (
        f"The poorest 40% {verb} real income once the food pass-through exceeds about "
        f"{sens.bottom40_breakeven:.2f}."
    )


def sensitivity_text(sens: Sensitivity, outcome: Outcome) -> str:
    """What the reruns at other rates and food pass-throughs show, in words."""
    m = outcome.metrics
    by_b = sens.gini_after_by_passthrough
    return (
        "Without any smuggling profit (before or after) the Gini would move from "
        f"{sens.gini_before_without_profit:.3f} to {sens.gini_after_without_profit_here:.3f}; "
        f"with it, from {m['gini_before']:.3f} to {m['gini_after']:.3f}. Across food "
        f"pass-throughs from {_elasticity(sens.passthroughs[0])} to "
        f"{_elasticity(sens.passthroughs[-1])} the Gini "
        f"after the shock runs between {by_b.min():.3f} and {by_b.max():.3f}. "
        f"{breakeven_text(sens)}"
    )
