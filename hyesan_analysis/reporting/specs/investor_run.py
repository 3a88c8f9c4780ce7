"""One run of the investor_returns model: every figure and sentence the notebook shows.

``compute`` runs the annual Monte Carlo, the five-year compounding simulation and the
closed forms on a run's parameters and puts the results, the simulated arrays and the
computed sentences (``investor_text``) in one dict; ``record_results`` records the key
figures. Not a report: the registry takes only modules that define ``SPEC``; the model is
imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from hyesan_analysis.reporting.specs import investor_text as tx
from hyesan_analysis.reporting.specs._world import ANNUAL_INTEREST_RATE_RANGE_PER_YEAR

if TYPE_CHECKING:
    from hyesan_analysis.model.investor import StrategyParams

__all__ = ["compute", "halt_windfall_effect", "record_results", "what_if_stock_gains"]


def what_if_stock_gains(values: Mapping[str, Any]) -> dict[str, float]:
    """The what-ifs' windfall per car in stock (``compare_scenarios``' ``stock_gains``): the
    2025 jump for the halt, unless this run's deal already sells at the post-halt price."""
    from hyesan_analysis.model.investor.downside import known_halt_windfall_cny

    return {"halt": known_halt_windfall_cny(values["sale_price_cny"])}


def halt_windfall_effect(
    sp: StrategyParams, season: Any, values: Mapping[str, Any]
) -> dict[str, float]:
    """The halt what-if's change to the state-led expected return, with and without the
    windfall on stock (closed form), and the windfall per car."""
    from hyesan_analysis.model import investor as inv

    base = inv.expected_annual_return(sp, "state_led")
    halt = replace(sp, calendar=inv.what_if_calendars(season)["halt"])
    gain = what_if_stock_gains(values)["halt"]
    with_gain = replace(halt, known_halt_stock_gain_cny_per_car=gain)
    without = replace(halt, known_halt_stock_gain_cny_per_car=0.0)
    return {
        "windfall_cny": gain,
        "with": inv.expected_annual_return(with_gain, "state_led") - base,
        "without": inv.expected_annual_return(without, "state_led") - base,
    }


def compute(sp: StrategyParams, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every figure of a run.

    Parameters
    ----------
    sp : StrategyParams
        ``investor_returns.to_model(values, ...)``'s strategies.
    values : mapping
        The run's validated parameters.

    Returns
    -------
    dict
        ``investor_results`` and ``compounding_results`` merged, plus ``sims`` (annual
        returns), ``wealth`` (compounding paths), ``summary`` and ``gross`` per route,
        ``ruin``, ``ce`` (at the run's risk aversion), ``intervals`` (winner by risk
        aversion), ``broker`` (brokering without each cost), ``state_led_expected``,
        ``state_led_without_losses``, ``state_led_without_halts``, ``state_led_variants``
        (ruin and break-even risk aversion without the losses and without halts),
        ``preferred_over_rates`` and ``preferred_over_rates_paths`` (investors simulated at
        each rate but the run's own),
        ``credit_changes`` and ``text`` (the sentences).
    """
    from hyesan_analysis.model import investor as inv
    from hyesan_analysis.reporting.authoring.formatting import (
        breakeven_sentence,
        zero_return_clause,
    )

    v = values
    sims = inv.simulate_annual_returns(sp, v["n_years"], v["seed"])
    res: dict[str, Any] = dict(inv.investor_results(sp, sims, clip_breakeven=True))
    growth = inv.simulate_growth(sp, v["n_paths"], v["seed"])
    wealth = {s: inv.wealth_from_growth(g) for s, g in growth.items()}
    res.update(inv.compounding_results(sp, wealth, v["risk_aversion"]))
    # the same paths with a floor ten times lower: how much the answer hangs on it
    low_floor = inv.WEALTH_FLOOR.value / 10
    low = {s: inv.wealth_from_growth(g, low_floor) for s, g in growth.items()}
    years = inv.HORIZON_YEARS
    res["breakeven_risk_aversion_low_floor"] = inv.breakeven_risk_aversion(
        {s: w[:, years] for s, w in low.items()}, "state_led"
    )
    routes = inv.STRATEGIES
    res.update(
        sims=sims,
        wealth=wealth,
        summary={s: inv.summarize(sims[s]) for s in routes},
        gross={s: res[f"gross_annual_return_{s}"] for s in routes},
        ruin={s: res[f"ruin_probability_5y_{s}"] for s in routes},
        ce={s: res[f"certainty_equivalent_return_{s}"] for s in routes},
        median5={s: float(inv.wealth_quantiles(wealth[s], (5,), (0.5,))[0]["q50"]) for s in routes},
        intervals=inv.winner_intervals(res["risk_aversions"], res["winners"]),
        broker=inv.brokering_counterfactuals(sp),
        state_led_expected=inv.expected_annual_return(sp, "state_led"),
        state_led_without_losses=inv.expected_annual_return(replace(sp, downside=()), "state_led"),
        state_led_without_halts=inv.expected_annual_return(
            replace(sp, halts_per_year=0.0), "state_led"
        ),
        credit_changes=inv.ranking_changes(sp, *ANNUAL_INTEREST_RATE_RANGE_PER_YEAR),
        zero_rate_state_led=inv.zero_return_interest_rate(sp, "state_led"),
    )
    # the preferred route across the sourced credit range (fewer paths: five rates)
    c_low, c_high = ANNUAL_INTEREST_RATE_RANGE_PER_YEAR
    rates = [c_low + (c_high - c_low) * i / 4 for i in range(5)]
    paths = max(1_000, v["n_paths"] // 5)
    res["preferred_over_rates_paths"] = paths
    res["preferred_over_rates"] = inv.preferred_over_rates(
        sp,
        rates,
        v["risk_aversion"],
        paths,
        v["seed"],
        own_row={
            "preferred": max(res["ce"], key=lambda s: res["ce"][s]),
            "breakeven_risk_aversion": res["breakeven_risk_aversion"],
        },
    )
    # the state-led route without its documented losses, and without random halts: how
    # much its ruin and the preferred route hang on each
    res["state_led_variants"] = {
        name: inv.route_variant_results(
            variant, "state_led", wealth, res["log_ce_curves"], v["n_paths"], v["seed"]
        )
        for name, variant in (
            ("without_losses", replace(sp, downside=())),
            ("without_halts", replace(sp, halts_per_year=0.0)),
        )
    }
    p_star = res["breakeven_crackdown_probability"]
    # the text quotes this run's simulated means (the recorded figures), the tables the
    # exact expectations they estimate
    broker_text = {**res["broker"], "expected": res["annual_return_remittance"]}
    text = {
        "ce": tx.risk_aversion_text(
            res["breakeven_risk_aversion"],
            res["intervals"],
            v["risk_aversion"],
            res["ce"],
            rate=v["annual_interest_rate"],
        )
        + " "
        + tx.floor_text(
            inv.WEALTH_FLOOR.value,
            inv.HORIZON_YEARS,
            res["breakeven_risk_aversion_low_floor"],
            low_floor,
        ),
        "seizure": tx.seizure_text(
            v["crackdown_probability"],
            res["seizure_probability_per_year"],
            p_star,
            res["breakeven_crackdown_probability_per_year"],
            res["cycles_per_year"],
        ),
        "broker": tx.brokering_text(
            broker_text,
            v["annual_interest_rate"],
            v["remittance_crackdown_probability"],
            v["remittance_fine_share_of_float"],
        ),
        "credit": tx.credit_text(res["credit_changes"], ANNUAL_INTEREST_RATE_RANGE_PER_YEAR)
        + " "
        + zero_return_clause("State-led smuggling", res["zero_rate_state_led"])
        + ". "
        + tx.preferred_over_rates_text(res["preferred_over_rates"], v["risk_aversion"]),
        "downside": tx.downside_text(
            res["annual_return_state_led"],
            res["prob_loss_state_led"],
            res["state_led_without_losses"],
            sp.downside[0].margin_low_cny if sp.downside else sp.used.margin_cny,
        ),
        "compounding": tx.compounding_text(res["ruin"], res["median5"]),
        "breakeven": breakeven_sentence(p_star, v["crackdown_probability"]),
    }
    text["answer"] = tx.answer_text(
        ce_text=text["ce"],
        annual=res,
        ruin=res["ruin"],
        rate=v["annual_interest_rate"],
        seizure=text["seizure"],
        brokering=text["broker"],
        hangs_on=tx.hangs_on_text(
            expected=res["annual_return_state_led"],
            without_losses=res["state_led_without_losses"],
            without_halts=res["state_led_without_halts"],
            ruin=res["ruin_probability_5y_state_led"],
            breakeven=res["breakeven_risk_aversion"],
            variants=res["state_led_variants"],
            preferred_over_rates=res["preferred_over_rates"],
            p_star=p_star,
            crackdown_probability=v["crackdown_probability"],
        ),
    )
    res["text"] = text
    return res


def record_results(record: Callable[..., None], res: Mapping[str, Any]) -> None:
    """Record the key figures with ``record`` (``rn.record``); the break-even risk aversion
    is null (JSON null) when there is none in 0-5."""
    for name, label in tx.RESULT_LABELS.items():
        record(name, res[name], label=label)
    name, unit = tx.BREAKEVEN_RISK_AVERSION
    record(name, res[name], unit=unit, label=tx.BREAKEVEN_LABEL)
