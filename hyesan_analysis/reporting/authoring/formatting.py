"""Words and numbers for report text: the small formatting helpers notebooks share.

A notebook defines no functions of its own; text helpers used by its narrative live here
(formulas belong in ``hyesan_analysis.model``, plotting in ``hyesan_analysis.viz``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# --- ranges and yes/no words (car report; usable by any) ---------------------------------


def amount_range(low: float, high: float) -> str:
    """A reported range as printed, without a unit; one number when both ends agree.

    >>> amount_range(5000, 7000), amount_range(400, 400)
    ('5,000–7,000', '400')
    """
    if low == high:
        return f"{low:,.0f}"
    return f"{low:,.0f}–{high:,.0f}"


def inside_or_outside(inside: bool) -> str:
    """``'inside'`` or ``'outside'`` (a model figure against a reported range)."""
    return "inside" if inside else "outside"


def yes_or_no(flag: bool) -> str:
    """``'yes'`` or ``'NO'``: a failed check stands out in a table column of yeses."""
    return "yes" if flag else "NO"


# --- signed percentages (summary report; usable by any) ----------------------------------


def signed_percent(fraction: float, digits: int = 1) -> str:
    """A change as a signed percentage.

    >>> signed_percent(-0.0731), signed_percent(0.25, 0)
    ('-7.3%', '+25%')
    """
    return f"{100 * fraction:+.{digits}f}%"


# --- gains, moves and listings (inequality report; usable by any) ------------------------


def gain_or_lose(fraction: float, verbs: tuple[str, str] = ("gain", "lose")) -> str:
    """A change as a verb and a whole percentage, the verb carrying the sign.

    >>> gain_or_lose(-0.23), gain_or_lose(0.349, ("gains", "loses"))
    ('lose 23%', 'gains 35%')
    """
    return f"{verbs[0] if fraction >= 0 else verbs[1]} {100 * abs(fraction):.0f}%"


def rises_or_falls(before: float, after: float, tolerance: float = 5e-4) -> str:
    """``'rises'``, ``'falls'`` or ``'stays'`` (within ``tolerance``) from before to after.

    >>> rises_or_falls(0.68, 0.76), rises_or_falls(0.5, 0.5002)
    ('rises', 'stays')
    """
    if after > before + tolerance:
        return "rises"
    if after < before - tolerance:
        return "falls"
    return "stays"


def below_inside_above(value: float, low: float, high: float) -> str:
    """Where ``value`` lies against the range ``[low, high]``.

    >>> below_inside_above(0.3, 0.35, 0.63), below_inside_above(0.7, 0.35, 0.63)
    ('below', 'above')
    """
    if value < low:
        return "below"
    if value > high:
        return "above"
    return "inside"


def identifier_words(name: str) -> str:
    """An identifier as words: ``'state_workers'`` -> ``'state workers'``."""
    return name.replace("_", " ")


def changes_listing(items: Iterable[tuple[str, float]], empty: str = "none") -> str:
    """Labels with their changes in percent, e.g. ``'traders (+12%), investors (+35%)'``.

    Parameters
    ----------
    items : iterable of (str, float)
        Label and change in percent (12.0 = +12%).
    empty : str
        Returned when there is no item.
    """
    return ", ".join(f"{label} ({pct:+.0f}%)" for label, pct in items) or empty


def unequal_words(delta_gini: float) -> str:
    """How a change in the Gini reads: ``'markedly more unequal'`` ... ``'less unequal'``.

    >>> unequal_words(0.079), unequal_words(0.001)
    ('markedly more unequal', 'about as unequal as before')
    """
    if delta_gini > 0.02:
        return "markedly more unequal"
    if delta_gini > 0.005:
        return "more unequal"
    if delta_gini < -0.005:
        return "less unequal"
    return "about as unequal as before"


def shares_listing(parts: Iterable[tuple[str, float]], minimum: float = 0.005) -> str:
    """Labels with whole-percent shares, e.g. ``'55% state workers, 30% farmers'``.

    Parts with a share below ``minimum`` are left out.
    """
    return ", ".join(f"{share:.0%} {label}" for label, share in parts if share >= minimum)


# --- intervals, fits and market observations (prices report; usable by any) -------------

#: Shorter names of long city labels, for legends and narrow table columns.
SHORT_CITY_NAMES = {
    "Ryanggang/North Hamgyong (Asia Press average)": "Ryanggang/N. Hamgyong (AP avg.)",
}


def short_city(city: object) -> str:
    """A city's name as shown in legends and tables (long regional labels shortened).

    >>> short_city("Ryanggang/North Hamgyong (Asia Press average)"), short_city("Hyesan")
    ('Ryanggang/N. Hamgyong (AP avg.)', 'Hyesan')
    """
    return SHORT_CITY_NAMES.get(str(city), str(city))


def interval_text(low: float, high: float) -> str:
    """A confidence interval with two decimals.

    >>> interval_text(0.1277, 1.7369)
    '0.13 to 1.74'
    """
    return f"{low:.2f} to {high:.2f}"


def estimate_text(value: float, low: float, high: float) -> str:
    """An estimate and its interval, or a dash when there is no estimate (NaN).

    >>> estimate_text(0.932, 0.128, 1.737), estimate_text(float("nan"), 0, 1)
    ('0.93 (0.13 to 1.74)', '–')
    """
    return "–" if value != value else f"{value:.2f} ({interval_text(low, high)})"


def change_text(
    change: Any, unit: str, missing: str = "no early-2024 baseline in this filter"
) -> str:
    """A series' change from its first to its last observation, with dates and publisher.

    Parameters
    ----------
    change : mapping or None
        A row with ``first_value``, ``first_date``, ``last_value``, ``last_date``,
        ``pct_change`` (percent) and ``publisher``; None when there is none.
    unit : str
        Unit of the values, e.g. ``'KPW'`` or ``'KPW/kg'``.
    missing : str
        Returned for None.

    >>> change_text({"first_value": 1262, "first_date": "2024-02-04", "last_value": 4920,
    ...              "last_date": "2025-10-26", "pct_change": 289.9, "publisher": "Daily NK"},
    ...             "KPW")
    '1,262 on 2024-02-04 to 4,920 KPW on 2025-10-26 (+290%, Daily NK)'
    """
    if change is None:
        return missing
    return (
        f"{change['first_value']:,.0f} on {change['first_date']} to {change['last_value']:,.0f} "
        f"{unit} on {change['last_date']} ({change['pct_change']:+.0f}%, {change['publisher']})"
    )


def fit_status_text(fit: Any, min_points: int) -> str:
    """Whether a regression was fitted, and why not, for one row of a table of fits.

    Parameters
    ----------
    fit : mapping
        A row with ``reason`` (empty when fitted), ``n`` (pairs available),
        ``n_informative`` and ``dof``.
    min_points : int
        The fewest pairs accepted for a fit.

    >>> fit_status_text({"reason": "", "n": 8, "n_informative": 7, "dof": 4}, 5)
    'fitted: 7 pairs inform the slope, 4 residual dof'
    >>> fit_status_text({"reason": "too few pairs", "n": 4, "n_informative": None, "dof": None}, 5)
    'not fitted: 4 < 5 pairs'
    """
    if not fit["reason"]:
        return f"fitted: {int(fit['n_informative'])} pairs inform the slope, {int(fit['dof'])} residual dof"
    if fit["n"] < min_points:
        return f"not fitted: {fit['n']} < {min_points} pairs"
    return f"not fitted: {fit['reason']}"


def observation_counts_text(counts: Any) -> str:
    """How many observations, by precision of their date, and how many conflict.

    Parameters
    ----------
    counts : mapping
        A row with ``n_obs``, ``n_day``, ``n_month``, ``n_year`` and ``n_conflicting_obs``.

    >>> observation_counts_text({"n_obs": 5, "n_day": 3, "n_month": 1, "n_year": 1,
    ...                          "n_conflicting_obs": 2})
    '5: 3 d, 1 m, 1 y; 2 in conflict'
    """
    text = f"{counts['n_obs']}: {counts['n_day']} d, {counts['n_month']} m, {counts['n_year']} y"
    conflicting = counts["n_conflicting_obs"]
    return text + (f"; {conflicting} in conflict" if conflicting else "")


# --- break-even and interest-rate words (investor report) --------------------------------


def breakeven_sentence(p_star: float, assumed: float) -> str:
    """What a break-even crackdown probability (per cycle) says, in the case a run gives.

    ``p_star`` inside (0, 1) is a threshold, set against the run's ``assumed`` probability;
    0 means the state-led route pays at least as much even without crackdowns, 1 that
    independent smuggling pays more at every probability (a clipped break-even).

    >>> breakeven_sentence(0.1682, 0.1).split("below ")[1]
    '**16.8% per cycle** (the break-even; this run assumes 10%, and no source gives the rate)'
    >>> breakeven_sentence(0.0, 0.1).endswith("(break-even 0%)")
    True
    """
    if 0.0 < p_star < 1.0:
        return (
            "Independent smuggling pays more only while the chance of a seizure stays below "
            f"**{100 * p_star:.1f}% per cycle** (the break-even; this run assumes "
            f"{100 * assumed:.0f}%, and no source gives the rate)"
        )
    if p_star == 0.0:
        return (
            "The state-led route pays at least as much even with no crackdowns at all "
            "(break-even 0%)"
        )
    return (
        "Independent smuggling pays more at every crackdown probability (break-even clipped "
        "at 100%)"
    )


def zero_return_clause(route: str, zero_rate: float) -> str:
    """Where a route stops paying as the interest rate rises (a clause, no capital letter).

    ``zero_rate`` is the rate per year at which its expected return is zero: 0 when it does
    not pay even with free money, infinite when it ties up no capital.

    >>> zero_return_clause("state-led smuggling", 0.7248)
    'state-led smuggling stops paying at about 72% a year'
    >>> zero_return_clause("state-led smuggling", 0.0)
    'state-led smuggling does not pay even with free money'
    """
    if zero_rate == 0.0:
        return f"{route} does not pay even with free money"
    if zero_rate == float("inf"):
        return "no capital is tied up, so the rate does not matter here"
    return f"{route} stops paying at about {100 * zero_rate:.0f}% a year"


# --- worlds (summary report; usable by any) ----------------------------------------------


def world_words(world: str) -> str:
    """The world a run belongs to, as a reader reads it.

    >>> world_words("default"), world_words("halt_2025")
    ('the default world', 'the world “halt_2025”')
    """
    return "the default world" if world == "default" else f"the world “{world}”"


# --- the investor report's answer: seizures, rankings, the company's cut -----------------


def seizure_tail_clause(p05: float) -> str:
    """How bad the worst 5% of years are, when they lose money (a clause, or ``""``).

    >>> seizure_tail_clause(-1.234)
    ', and in the worst 5% of years loses 123% of the capital or more (seized cars plus fines)'
    >>> seizure_tail_clause(0.05)
    ''
    """
    if p05 >= 0:
        return ""
    return (
        f", and in the worst 5% of years loses {100 * -p05:.0f}% of the capital or more "
        "(seized cars plus fines)"
    )


def ranking_sentence(unchanged: bool, top_rate: float) -> str:
    """Whether the routes' ranking holds from a zero interest rate to ``top_rate`` a year.

    >>> ranking_sentence(True, 1.5)
    'The ranking of the three routes is the same at every rate from 0 to 150% a year'
    """
    top = f"{100 * top_rate:.0f}% a year"
    if unchanged:
        return f"The ranking of the three routes is the same at every rate from 0 to {top}"
    return f"The ranking of the routes changes between a rate of 0 and {top}"


def company_share_clause(share: float, share_cny: float) -> str:
    """The trading company's share of a car's margin, in brackets after "the company's share".

    >>> company_share_clause(0.3, 3150), company_share_clause(0.0, 0.0)
    (' (30%, 3,150 CNY a car)', ' (here nothing beyond the waku the company holds)')
    """
    if share > 0:
        return f" ({100 * share:.0f}%, {share_cny:,.0f} CNY a car)"
    return " (here nothing beyond the waku the company holds)"


def citation_html(fact_id: str, short: bool = False) -> str:
    """A sourced fact's citation as trusted HTML for a table cell (``rn.table``'s
    ``html_cells``): publisher, the article linked by its title, its date and the fact's id;
    ``short``: the publisher and date as the link, and the id (the sources table at the end
    of the report has the rest)."""
    import html

    from hyesan_analysis.data.loaders import get_fact

    fact = get_fact(fact_id)
    url = html.escape(fact.source_url, quote=True)
    date = html.escape(fact.date or "date unknown")
    publisher = html.escape(fact.publisher)
    fact_span = f'<span class="fact-id">[{html.escape(fact_id)}]</span>'
    if short:
        return f'<a href="{url}">{publisher}, {date}</a> {fact_span}'
    title = html.escape(fact.source_title)
    return f'{publisher}, <a href="{url}">{title}</a>, {date} {fact_span}'
