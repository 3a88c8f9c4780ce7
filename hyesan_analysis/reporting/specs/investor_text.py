"""The investor_returns report's computed sentences: each takes the run's figures and says
what they mean, in the case the run gives (which route wins, where rankings change, what
drives a loss). Not a report: the registry takes only modules that define ``SPEC``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "BREAKEVEN_LABEL",
    "BREAKEVEN_RISK_AVERSION",
    "RESULT_LABELS",
    "ROUTE_WORDS",
    "answer_text",
    "brokering_text",
    "compounding_text",
    "credit_text",
    "downside_text",
    "drivers_text",
    "floor_text",
    "hangs_on_text",
    "preferred_over_rates_text",
    "ranking_words",
    "risk_aversion_text",
    "seizure_text",
    "what_if_text",
]

#: What a sentence calls each route.
ROUTE_WORDS: dict[str, str] = {
    "state_led": "state-led smuggling",
    "independent": "independent smuggling",
    "remittance": "remittance brokering",
}


def _pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f}%"


def ranking_words(ranking: Sequence[str]) -> str:
    """A ranking as words, best first.

    >>> ranking_words(["independent", "state_led", "remittance"])
    'independent smuggling, then state-led smuggling, then remittance brokering'
    """
    return ", then ".join(ROUTE_WORDS[s] for s in ranking)


def credit_text(
    changes: Sequence[tuple[float, Sequence[str]]], credit_range: tuple[float, float]
) -> str:
    """How the ranking of the routes by expected return moves across the sourced credit range.

    >>> credit_text([(0.6, ["independent", "state_led", "remittance"])], (0.6, 1.2))[:60]
    'Across the sourced range of informal credit, 5% to 10% a mon'
    """
    low, high = credit_range
    head = (
        f"Across the sourced range of informal credit, {_pct(low / 12)} to {_pct(high / 12)} a "
        f"month ({_pct(low)} to {_pct(high)} a year: from an acquaintance to a loan shark "
        "[informal_loan_rate_acquaintance_hyesan_2011] [informal_loan_rate_loan_shark_hyesan_2011]"
        ", and the 5-10% a month of moneylenders [moneylender_rate_sinuiju_2019]), "
    )
    if len(changes) == 1:
        return head + f"the ranking by expected return is the same: {ranking_words(changes[0][1])}."
    parts = [f"{ranking_words(changes[0][1])} at {_pct(changes[0][0])} a year"]
    parts += [f"{ranking_words(r)} from {_pct(rate)}" for rate, r in changes[1:]]
    return head + "the ranking by expected return changes: " + "; ".join(parts) + "."


def preferred_over_rates_text(rows: Sequence[Mapping[str, Any]], risk_aversion: float) -> str:
    """Which route an investor of the run's risk aversion prefers across the credit range, and
    from which risk aversion the state-led route is best at each end."""
    winners = {r["preferred"] for r in rows}
    if len(winners) == 1:
        head = (
            f"Once risk counts (risk aversion {risk_aversion:g}, over five years), "
            f"{ROUTE_WORDS[rows[0]['preferred']]} is preferred at every rate of the range"
        )
    else:
        head = (
            f"Once risk counts (risk aversion {risk_aversion:g}, over five years), the preferred "
            "route changes across the range: "
            + ", ".join(f"{ROUTE_WORDS[r['preferred']]} at {_pct(r['rate'])}" for r in rows)
        )
    return f"{head}; state-led smuggling is best {_best_at_ends(rows)}."


def _best_at_ends(rows: Sequence[Mapping[str, Any]]) -> str:
    """From which risk aversion the state-led route is best at both ends of a rate range."""

    def from_(g: float | None) -> str:
        return "never" if g is None else f"from {g:.2f}"

    first, last = rows[0], rows[-1]
    return (
        f"{from_(first['breakeven_risk_aversion'])} at {_pct(first['rate'])} a year and "
        f"{from_(last['breakeven_risk_aversion'])} at {_pct(last['rate'])} (risk aversions "
        "from 0 to 5)"
    )


def _winner_clause(intervals: Sequence[tuple[str, float, float]]) -> str:
    return "; ".join(
        f"{ROUTE_WORDS[w]} from {lo:.2f} to {hi:.2f}"
        if hi > lo
        else f"{ROUTE_WORDS[w]} at {lo:.2f}"
        for w, lo, hi in intervals
    )


def risk_aversion_text(
    breakeven: float | None,
    intervals: Sequence[tuple[str, float, float]],
    risk_aversion: float,
    ce: Mapping[str, float],
    rate: float | None = None,
) -> str:
    """Which route a CRRA investor prefers over five years, and from which risk aversion the
    state-led route is the best (the computed answer to the report's question). With the
    run's interest ``rate``, says when even the preferred route is worth less than lending
    the capital out at that rate (every certainty equivalent after interest below zero)."""
    best = max(ce, key=lambda s: ce[s])
    ces = ", ".join(f"{ROUTE_WORDS[s]} {_pct(v, 1)}" for s, v in ce.items())
    head = (
        f"At a relative risk aversion of {risk_aversion:g}, the certainty-equivalent returns "
        f"over five years are {ces} a year after interest: **{ROUTE_WORDS[best]} is "
        "preferred**"
    )
    if rate is not None and ce[best] < 0.0:
        head += (
            f", but only as the least bad: below zero after interest, it is worth less to "
            f"this investor than lending the capital out at {_pct(rate)} a year, were such a "
            "loan safe"
        )
    head += ". "
    if breakeven is None:
        tail = (
            "**For no risk aversion from 0 to 5 does state-led smuggling beat both other "
            f"routes.** The best route by risk aversion: {_winner_clause(intervals)}."
        )
    elif breakeven == 0.0 and len(intervals) == 1:
        tail = (
            "**State-led smuggling beats both other routes at every risk aversion from 0 "
            "(risk neutral) to 5.**"
        )
    else:
        tail = (
            f"**State-led smuggling beats both other routes from a risk aversion of "
            f"{breakeven:.2f}**; the best route by risk aversion: {_winner_clause(intervals)}."
        )
    return head + tail


def floor_text(floor: float, years: int, breakeven_low: float | None, low_floor: float) -> str:
    """How much the preferred route hangs on the assumed wealth floor of a ruined investor."""
    at_low = (
        f"from a risk aversion of {breakeven_low:.2f}"
        if breakeven_low is not None
        else "at no risk aversion from 0 to 5"
    )
    return (
        f"A wiped-out investor is assumed to keep {_pct(floor)} of his capital, so the "
        "certainty equivalent of a route that often ruins him falls towards "
        f"{_pct(floor ** (1 / years) - 1)} a year as the risk aversion rises; were he to keep "
        f"{_pct(low_floor, 1)}, state-led smuggling would be best {at_low}."
    )


def seizure_text(
    p_cycle: float, p_year: float, p_star: float, p_star_year: float, cycles: float
) -> str:
    """The independent route's seizure risk per cycle and per year, and the break-even."""
    return (
        f"A seizure chance of {_pct(p_cycle)} per cycle is, over the {cycles:.1f} cycles of a "
        f"year, a **{_pct(p_year)} chance a year** of at least one seizure. The break-even of "
        f"{_pct(p_star, 1)} per cycle is a {_pct(p_star_year)} chance a year: below it "
        "independent smuggling pays more in expectation, above it less."
    )


def downside_text(
    expected_state: float, prob_loss: float, clean: float, slump_margin_cny: float
) -> str:
    """What the documented losses and halts do to the state-led route's year."""
    slump = (
        f"a cycle at the spring 2025 price loses {-slump_margin_cny:,.0f} CNY a car before "
        "interest, below the landed cost"
        if slump_margin_cny < 0
        else f"a cycle at the spring 2025 price still earns {slump_margin_cny:,.0f} CNY a car "
        "before interest"
    )
    return (
        "With the documented losses and the record's halts, state-led smuggling returns "
        f"**{_pct(expected_state, 1)} a year** in expectation after interest and loses money in "
        f"{_pct(prob_loss)} of years; without the losses (every cycle at the ordinary margin) it "
        f"would return {_pct(clean, 1)}. In this run {slump}."
    )


def compounding_text(ruin: Mapping[str, float], median5: Mapping[str, float]) -> str:
    """Ruin probabilities and median wealth after five years, by route."""
    parts = ", ".join(
        f"{ROUTE_WORDS[s]} {_pct(ruin[s])} (median wealth {median5[s]:.2f}× the start)"
        for s in ruin
    )
    return (
        "An investor who reinvests everything, cycle after cycle, loses at least half his "
        f"capital within five years with probability: {parts}."
    )


def brokering_text(cf: Mapping[str, float], rate: float, q: float, fine: float) -> str:
    """What remittance brokering earns, and, where it loses money on average (which the
    sources contradict: brokers had capital to move into cars), the assumption that drives
    the loss."""
    e = cf["expected"]
    if e >= 0:
        return f"Remittance brokering returns {_pct(e, 1)} a year in expectation after interest."
    drivers = []
    if cf["without_interest"] > 0:
        drivers.append(
            f"financing the whole float all year at the informal rate of {_pct(rate)} a year "
            f"(free of interest it returns {_pct(cf['without_interest'], 1)}; it breaks even "
            f"at {_pct(cf['zero_return_interest_rate'])} a year)"
        )
    if cf["without_seizures"] > 0:
        drivers.append(
            f"the assumed {_pct(q)} chance per cycle of losing the float plus a fine of "
            f"{_pct(fine)} of it (without seizures it returns {_pct(cf['without_seizures'], 1)}; "
            f"it breaks even at {_pct(cf['breakeven_seizure_probability'], 1)} per cycle)"
        )
    named = " and ".join(drivers) if drivers else "the assumed commissions, too low to cover"
    return (
        f"Remittance brokering loses **{_pct(-e, 1)} a year** on average here, which the sources "
        "contradict: brokers had capital to move into cars when the phone crackdowns came "
        f"[remittance_brokers_switch_to_cars]. The loss comes from {named}. Each of these "
        "inputs is an assumption, listed with its rationale in the parameters table."
    )


def drivers_text(table: Any) -> str:
    """Which inputs drive the state-led return, from the Sobol total indices."""
    top = table.iloc[0]
    second = table.iloc[1]
    assumed = table[table["basis"] == "assumed"]["total"].sum()
    return (
        f"Over the inputs' stated ranges, the **{top['label'].lower()}** explains the most of "
        f"the state-led return's variance (total index {top['total']:.2f}), then the "
        f"{second['label'].lower()} ({second['total']:.2f}); the assumed ranges together have "
        f"total indices summing to {assumed:.2f}. The tornado moves one input at a time, the "
        "Sobol indices all at once (first-order: the input alone; total: with its "
        "interactions)."
    )


def what_if_text(effect: Mapping[str, float]) -> str:
    """What the halt what-if does to the state-led return, and how much of it is the
    windfall on the cars in stock."""
    if effect["windfall_cny"] == 0.0:
        return (
            "This run's deal already sells at the post-halt price, so the halt brings no "
            "further windfall on the cars in stock; it changes the state-led expected return "
            f"by {100 * effect['without']:+.1f} points."
        )
    return (
        f"The cars in stock when the halt begins sell {effect['windfall_cny']:,.0f} CNY dearer "
        "each after it (70,000 before the 2025 halt, 85,000 after "
        "[used_car_price_before_halt_2025_cny] [used_car_price_after_halt_2025_cny]). Counting "
        f"that windfall, the halt changes the state-led expected return by "
        f"{100 * effect['with']:+.1f} points; without it, by {100 * effect['without']:+.1f}."
    )


def hangs_on_text(
    *,
    expected: float,
    without_losses: float,
    without_halts: float,
    preferred_over_rates: Sequence[Mapping[str, Any]],
    p_star: float,
    crackdown_probability: float,
    ruin: float | None = None,
    breakeven: float | None = None,
    variants: Mapping[str, Mapping[str, float | None]] | None = None,
) -> str:
    """Which assumptions the answer hangs on, and how much each moves it: a Markdown list
    (the wealth floor's part is in ``floor_text``). ``variants`` (``without_losses``,
    ``without_halts``: ``ruin_probability`` and ``breakeven_risk_aversion`` of the state-led
    route) and this run's ``ruin`` and ``breakeven`` add what each does to ruin and to the
    preferred route."""

    def best(g: float | None) -> str:
        return "never (0 to 5)" if g is None else f"from a risk aversion of {g:.2f}"

    def item(what: str, name: str, value: float) -> str:
        line = f"- {what}: without them state-led smuggling would return {_pct(value, 1)} a year"
        if variants is not None and ruin is not None:
            v = variants[name]
            line += (
                f", with a {_pct(v['ruin_probability'] or 0.0)} chance of ruin, and be best "
                f"{best(v['breakeven_risk_aversion'])}"
            )
        return line + ";"

    head = f"What this hangs on (state-led smuggling here: {_pct(expected, 1)} a year"
    if variants is not None and ruin is not None:
        head += f", a {_pct(ruin)} chance of ruin in five years, best {best(breakeven)}"
    return "\n".join(
        [
            head + "):",
            item(
                "the documented losses (their frequencies partly assumed)",
                "without_losses",
                without_losses,
            ),
            item("the random halts", "without_halts", without_halts),
            "- the interest rate: across the sourced credit range state-led smuggling is best "
            f"{_best_at_ends(preferred_over_rates)};",
            "- the seizure chance: independent smuggling's lead in expectation needs a chance "
            f"below {_pct(p_star, 1)} per cycle, and the {_pct(crackdown_probability)} used "
            "here is assumed.",
        ]
    )


def answer_text(
    *,
    ce_text: str,
    annual: Mapping[str, float],
    ruin: Mapping[str, float],
    rate: float,
    seizure: str,
    brokering: str,
    hangs_on: str = "",
) -> str:
    """The answer up front: the preferred route, the returns, ruin and seizures, and what
    the answer hangs on (``hangs_on_text``)."""
    returns = ", ".join(
        f"{ROUTE_WORDS[s]} {_pct(annual[f'annual_return_{s}'], 1)}" for s in ROUTE_WORDS
    )
    ruins = ", ".join(f"{ROUTE_WORDS[s]} {_pct(ruin[s])}" for s in ROUTE_WORDS)
    return (
        f"> **The answer.** {ce_text}\n>\n"
        f"> A yuan kept in each route for a year returns {returns} in expectation, after "
        f"interest at {_pct(rate)} a year. Reinvested for five years, the chance of losing at "
        f"least half the capital is {ruins}. State-led smuggling carries no crackdown risk "
        "[state_led_smuggling_no_crackdown_risk], but the documented losses and halts hit it. "
        f"{seizure}\n>\n> {brokering}"
        + "".join(f"\n> {line}" for line in ("", *hangs_on.splitlines()) if hangs_on)
    )


#: The recorded results and what a reader calls them (units are declared in the spec).
RESULT_LABELS: dict[str, str] = {
    "annual_return_state_led": "Annual return, state-led smuggling (after interest)",
    "annual_return_independent": "Annual return, independent smuggling (after interest)",
    "annual_return_remittance": "Annual return, remittance brokering (after interest)",
    "prob_loss_state_led": "Probability of a losing year, state-led",
    "prob_loss_independent": "Probability of a losing year, independent",
    "breakeven_crackdown_probability": "Crackdown probability per cycle at which independent "
    "pays as much as state-led",
    "capital_cycle_days": "Capital cycle of a used car (payment in China to cash)",
    "seizure_probability_per_year": "Chance a year of at least one seizure, independent route",
    "ruin_probability_5y_state_led": "Chance of losing half the capital within 5 years, state-led",
    "ruin_probability_5y_independent": "Chance of losing half the capital within 5 years, "
    "independent",
    "ruin_probability_5y_remittance": "Chance of losing half the capital within 5 years, brokering",
    "certainty_equivalent_return_state_led": "Certainty-equivalent return a year over 5 years, "
    "state-led, at this run's risk aversion",
}
#: Always recorded: JSON null when no risk aversion in 0-5 makes the state-led route best.
BREAKEVEN_RISK_AVERSION = ("breakeven_risk_aversion", "relative risk aversion")
BREAKEVEN_LABEL = "Lowest risk aversion (0-5) from which state-led smuggling has the best CE"
