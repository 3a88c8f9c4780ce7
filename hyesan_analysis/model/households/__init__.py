"""Synthetic household population hit by an exchange-rate shock (pure numpy, no I/O).

The model
---------
A city's households fall into groups (car-smuggling investors, traders, state workers,
farmers). Each group is described by a :class:`GroupSpec`; the default groups
(:mod:`~hyesan_analysis.model.households.defaults`) are assumptions, each a provenance
``Figure`` with its rationale.

1. :func:`simulate_population` draws ``n_households`` monthly incomes (KPW, valued at the
   exchange rate and prices *before* the shock):

   * group sizes are fixed, not random: ``population_share * n`` rounded by the largest
     remainder method, so the shares are met exactly up to one household;
   * within a group, income is lognormal with median ``median_income_kpw_month`` and
     log standard deviation ``sigma_log``. If ``pareto_tail_alpha`` is set, the top
     ``pareto_tail_share`` of that lognormal (households whose normal draw exceeds the
     ``1 - pareto_tail_share`` quantile) instead draw from a Pareto type I tail whose
     minimum is the lognormal's ``1 - pareto_tail_share`` quantile (the density is
     spliced continuously in the CDF: a lognormal body, a power-law tail);
   * each household's income is split into a part fixed in won (state wages, rations
     valued in won) and a part linked to foreign currency (trade, smuggling), using the
     group's ``fx_linked_share``.

   Random numbers come from ``numpy.random.default_rng(seed)`` (PCG64); the groups are
   drawn in order, each with a fixed number of draws, so the same inputs give
   bit-identical arrays.

2. :func:`apply_shock` moves the market rate from ``rate_before`` to ``rate_after``
   (KPW per CNY). With ``R = rate_after / rate_before`` and pass-through ``b``, the price
   level becomes ``P = R ** b``. In real KPW at before-prices:

   * won-fixed income ``y_w`` becomes ``y_w / P`` (falls whenever ``R > 1`` and ``b > 0``);
   * fx-linked income ``y_f`` is worth ``y_f * R`` won, i.e. ``y_f * R / P = y_f * R**(1-b)``
     in real terms: it holds its value when ``b <= 1`` (exactly when ``b == 1``);
   * households of groups with a ``smuggling_role`` add the smugglers' margin. The
     city's margin per month is ``vehicles_per_year * profit_per_car_cny / 12`` CNY (the
     margin per vehicle is already net of the trading company's share); investor
     households take ``investor_profit_share`` of it and trader households the rest
     (:meth:`ShockSpec.monthly_profit_pool`), converted at the rate of the period and
     deflated by its price level. Within each role it is shared *in proportion to the
     households' fx-linked income* (bigger investors put in more capital, bigger traders
     run more cars). Because a simulated population stands for a whole city, each
     simulated household represents ``households_represented / n_households`` real ones,
     and the pools are scaled accordingly, so results do not depend on ``n_households``.
   * ``profit_per_car_before_cny`` (default 0) lets the before-state carry a margin too
     (e.g. 5,500 CNY per car at the 2024 waku); it is converted at ``rate_before`` with
     price level 1.

3. :func:`decile_changes`, :func:`group_table` and :func:`summary_metrics` summarise the
   before/after real incomes (deciles by *before* income; households keep their decile).
   :func:`simulate_city` does steps 1-3 for a :class:`City`; :func:`sensitivity` reruns a
   city's population at other rates and pass-through values.

Modules: ``spec`` (the inputs and their validation), ``simulation`` (steps 1-2),
``summaries`` (step 3), ``outcome`` (a city's run and its sensitivity), ``defaults``
(the default groups and their provenance).

Typical use::

    hyesan = City("Hyesan", default_groups("hyesan", shares), shock, 100_000, 1, 48_000.0)
    outcome = simulate_city(hyesan)
    outcome.metrics["gini_after"]
"""

from __future__ import annotations

from hyesan_analysis.model.households.baskets import (
    IncomeFactors,
    basket_weights,
    cost_of_living_index,
    food_price_factor,
    market_price_index,
    nominal_factors,
    real_change_without_margin,
)
from hyesan_analysis.model.households.defaults import (
    CITIES,
    FIELD_WORDS,
    GROUP_DEFAULTS,
    PYONGYANG_HOUSEHOLDS,
    PYONGYANG_VEHICLES_PER_YEAR,
    GroupDefaults,
    default_figures,
    default_groups,
    pyongyang_counterpart,
)
from hyesan_analysis.model.households.outcome import (
    Outcome,
    PassthroughCase,
    Sensitivity,
    at_food_passthrough,
    first_zero_crossing,
    sensitivity,
    simulate_city,
)
from hyesan_analysis.model.households.simulation import (
    apply_shock,
    group_price_indices,
    simulate_population,
)
from hyesan_analysis.model.households.spec import (
    PRICE_COMPONENTS,
    SMUGGLING_ROLES,
    Cities,
    City,
    GroupSpec,
    Population,
    ShockSpec,
    SmugglingRole,
)
from hyesan_analysis.model.households.summaries import (
    SUMMARY_KEYS,
    DecileChanges,
    GroupRow,
    decile_changes,
    group_composition,
    group_table,
    summary_metrics,
    winners_and_losers,
)
from hyesan_analysis.model.households.uncertainty import (
    DEFAULT_RANGES,
    AssumedRange,
    Driver,
    MonteCarlo,
    bottom_change,
    min_drawn_share,
    monte_carlo,
)

__all__ = [
    "CITIES",
    "DEFAULT_RANGES",
    "FIELD_WORDS",
    "GROUP_DEFAULTS",
    "PRICE_COMPONENTS",
    "PYONGYANG_HOUSEHOLDS",
    "PYONGYANG_VEHICLES_PER_YEAR",
    "SMUGGLING_ROLES",
    "SUMMARY_KEYS",
    "AssumedRange",
    "Cities",
    "City",
    "DecileChanges",
    "Driver",
    "GroupDefaults",
    "GroupRow",
    "GroupSpec",
    "IncomeFactors",
    "MonteCarlo",
    "Outcome",
    "PassthroughCase",
    "Population",
    "Sensitivity",
    "ShockSpec",
    "SmugglingRole",
    "apply_shock",
    "at_food_passthrough",
    "basket_weights",
    "bottom_change",
    "cost_of_living_index",
    "decile_changes",
    "default_figures",
    "default_groups",
    "first_zero_crossing",
    "food_price_factor",
    "group_composition",
    "group_price_indices",
    "group_table",
    "market_price_index",
    "min_drawn_share",
    "monte_carlo",
    "nominal_factors",
    "pyongyang_counterpart",
    "real_change_without_margin",
    "sensitivity",
    "simulate_city",
    "simulate_population",
    "summary_metrics",
    "winners_and_losers",
]
