"""Words and table rows of the prices_and_exchange report, from the model's results.

The report's notebook holds no logic: the sentences that depend on a fit, and the rows of its
tables, are built here from the objects of ``hyesan_analysis.model`` (passed in, never
computed here). Generic pieces (intervals, changes, fit status) are in
:mod:`hyesan_analysis.reporting.authoring.formatting`. Not a report: it defines no ``SPEC``.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hyesan_analysis.data.loaders import Fact, get_fact
from hyesan_analysis.reporting.authoring.formatting import (
    estimate_text,
    fit_status_text,
    interval_text,
    observation_counts_text,
    short_city,
)

if TYPE_CHECKING:  # the model imports pandas; the registry imports this module at start-up
    import pandas as pd

    from hyesan_analysis.model.car_profit_wages import CarProfit, CarProfitInWages
    from hyesan_analysis.model.market_filter import LevelAround
    from hyesan_analysis.model.passthrough import PassthroughEstimate
    from hyesan_analysis.model.passthrough_fits import HeadlineFit, VariantFit
    from hyesan_analysis.model.real_wage import NearestPrice, RealWageHeadline, WageScale

Rows = list[dict[str, Any]]

#: The official bank rate that shares the founding report's figure but is not a market rate.
OFFICIAL_RATE_FACT = "official_bank_rate_2025_10_kpw_per_cny"


# --- the answer -----------------------------------------------------------------------------


def fit_label(head: HeadlineFit, rate_series: str) -> str:
    """Label of the headline elasticity in results.json: the fit and, if so, its fallback."""
    where = head.estimate.city
    if head.is_fallback:
        where += f"; {head.requested} alone has too few pairs"
    return f"Elasticity of rice to KPW/{rate_series} ({where})"


def at_point(what: str, point: NearestPrice) -> str:
    """A result's label with the city and date of the price behind it."""
    return f"{what} ({point.city}, {point.date})"


def verdict(estimate: PassthroughEstimate) -> str:
    """Did rice follow the won? The answer's first sentence, from the sign and size of the fit."""
    if estimate.ci_low <= 0:
        return (
            "The won fell, but these data cannot tell whether rice followed it "
            "(the interval includes zero)."
        )
    e = estimate.elasticity
    size = "roughly one for one" if 0.7 <= e <= 1.3 else f"by about {e:.1f}% for each 1% fall"
    thin = estimate.n < 10 or estimate.ci_high - estimate.ci_low > 1
    return f"Yes: the won fell and rice followed it, {size}" + (
        ", but the evidence is thin." if thin else "."
    )


def steadiness(estimate: PassthroughEstimate) -> str:
    """``'wide'`` for an interval wider than one, else ``'fairly tight'``."""
    return "wide" if estimate.ci_high - estimate.ci_low > 1 else "fairly tight"


def fit_scope(estimate: PassthroughEstimate) -> str:
    """Which pairs the fit uses, in words."""
    if estimate.city == "pooled":
        return "all cities pooled, each with its own intercept"
    return f"{estimate.city} alone"


def fallback(head: HeadlineFit, min_points: int) -> str:
    """A sentence saying the city's own fit was impossible (empty when it was not)."""
    if not head.is_fallback:
        return ""
    return (
        f" {head.requested} alone cannot be fitted (fewer than {min_points} "
        "same-filter pairs), so this is the pooled fit over every city."
    )


def other_rate(estimate: PassthroughEstimate | None, rate_series: str) -> str:
    """The pooled fit on the other exchange rate, in one sentence."""
    if estimate is None:
        return f"Against the {rate_series} rate no fit is possible with this filter."
    return (
        f"Against the {rate_series} rate the pooled estimate is {estimate.elasticity:.2f} "
        f"({interval_text(estimate.ci_low, estimate.ci_high)}, {estimate.n} pairs)."
    )


def founding_label(founding: Fact) -> str:
    """Label of the founding report's rate on the chart."""
    return f"founding report: ~{founding.value:,.0f} ({founding.publisher}, {founding.date})"


def _month_words(date: str) -> str:
    return _dt.datetime.strptime(date[:7], "%Y-%m").strftime("%B %Y")


def founding_level(founding: Fact, level: LevelAround, city: str) -> str:
    """The founding report's rate, what it is not, and the market series around it.

    Parameters
    ----------
    founding : Fact
        The founding report's market rate (KPW per CNY, dated).
    level : LevelAround
        ``city``'s yuan rate up to and after ``founding.date``.
    city : str
        City of ``level``.
    """
    official = get_fact(OFFICIAL_RATE_FACT)
    text = (
        f"The founding report ({founding.publisher}, {founding.date}) puts the {founding.place} "
        f"market rate at about {founding.value:,.0f} KPW per yuan, the default rate for the car's "
        f"profit below. It is a market rate, not the official bank rate of "
        f"{official.value:,.0f} that {official.publisher} reported for "
        f"{_month_words(official.date)}, at which nobody trades. "
    )
    peak, last, latest = level.peak_before, level.last_before, level.latest
    if peak is None or last is None:
        return text + (
            f"The filter leaves no {city} yuan rate up to {founding.date} to compare with."
        )
    own = (
        last["date"] == founding.date and city == founding.place and last["value"] == founding.value
    )
    last_text = f"{last['value']:,.0f} on {last['date']}" + (
        f", the report's own figure (observation {last['obs_id']})"
        if own
        else f" ({last['publisher']}), the last observation up to that report"
    )
    if peak["obs_id"] == last["obs_id"]:
        text += f"In the market series {city}'s yuan rate stood at {last_text}"
    else:
        text += (
            f"In the market series {city}'s yuan rate peaked at {peak['value']:,.0f} KPW/CNY on "
            f"{peak['date']} ({peak['publisher']}) and stood at {last_text}"
        )
    if latest is not None:
        text += f"; by {latest['date']} it was {latest['value']:,.0f} ({latest['publisher']})"
    return text + "."


def price_point(point: NearestPrice) -> str:
    """Where, how much, who and when: one rice price in a parenthesis."""
    return f"{point.city}, {point.price_kpw_per_kg:,.0f} KPW/kg, {point.publisher}, {point.date}"


def reform_distance(point: NearestPrice) -> str:
    """How far the rice price used for the reform is from it (empty when in the same month)."""
    if point.month_distance == 0:
        return ""
    return f": the nearest rice price, {point.month_distance} months from the reform"


def profit_rate_unit(car: CarProfit, founding: Fact) -> str:
    """Unit and basis of the rate converting the car's profit."""
    if car.rate_after_kpw_per_cny == founding.value:
        return f"KPW per CNY (founding report, {founding.publisher} {founding.date})"
    return "KPW per CNY (set for this run)"


# --- tables ---------------------------------------------------------------------------------


def _frame_rows(frame: pd.DataFrame) -> Iterable[Any]:
    return (row for _, row in frame.iterrows())


def change_rows(changes: pd.DataFrame) -> Rows:
    """Rows of the table of changes since early 2024 (one per city, series and publisher)."""
    return [
        {
            "city": short_city(r["city"]),
            "series": r["series"],
            "publisher": r["publisher"],
            "from (date: value)": f"{r['first_date']}: {r['first_value']:,.0f}",
            "to (date: value, change)": (
                f"{r['last_date']}: {r['last_value']:,.0f} ({r['pct_change']:+.0f}%)"
            ),
        }
        for r in _frame_rows(changes)
    ]


def passthrough_rows(table: pd.DataFrame, min_points: int) -> Rows:
    """Rows of the table of fits by city and pooled."""
    return [
        {
            "city": short_city(r["city"]),
            "pairs": int(r["n"]),
            "elasticity (95% interval)": estimate_text(r["elasticity"], r["ci_low"], r["ci_high"]),
            "status": fit_status_text(r, min_points),
        }
        for r in _frame_rows(table)
    ]


def pair_rows(pairs: pd.DataFrame, rate_series: str) -> Rows:
    """Rows of the table of aligned pairs, with the observation ids behind each."""
    return [
        {
            "city": short_city(r["city"]),
            "month": str(r["month"]),
            "publisher(s)": r["publishers"],
            "rice KPW/kg": r["price_kpw"],
            f"KPW/{rate_series}": r["rate_kpw"],
            "observations": f"{r['price_obs_ids']} / {r['rate_obs_ids']}",
        }
        for r in _frame_rows(pairs)
    ]


def _variant_note(variant: VariantFit) -> str:
    fit = variant.estimate
    if fit is None:
        return variant.reason
    if fit.method == "bootstrap":
        return f"{fit.bootstrap_draws_used:,} resamples"
    return f"{fit.dof} residual dof"


def robustness_rows(variants: Iterable[VariantFit]) -> Rows:
    """Rows of the robustness table: one per variant, a dash where no fit is possible."""
    return [
        {
            "variant": v.name,
            "pairs": v.pairs,
            "elasticity (95% interval)": (
                "–"
                if v.estimate is None
                else estimate_text(v.estimate.elasticity, v.estimate.ci_low, v.estimate.ci_high)
            ),
            "note": _variant_note(v),
        }
        for v in variants
    ]


def real_wage_rows(headline: RealWageHeadline) -> Rows:
    """Rows of the two headline real wages (at the reform, at the latest rice price)."""
    points = [
        ("At the reform (nearest rice price)", headline.at_reform, headline.wage_at_reform_kpw),
        ("Latest rice price", headline.latest, headline.wage_latest_kpw),
    ]
    return [
        {
            "point": what,
            "city": short_city(p.city),
            "date": p.date,
            "publisher": p.publisher,
            "rice KPW/kg": p.price_kpw_per_kg,
            "wage KPW/month": wage,
            "kg of rice": wage / p.price_kpw_per_kg,
        }
        for what, p, wage in points
    ]


def car_rows(
    summary: CarProfitInWages, car: CarProfit, wages: WageScale, city: str, founding: Fact
) -> Rows:
    """Rows of the table of one car's profit in won, wages and rice."""
    rows: Rows = [
        {
            "quantity": "Smuggler's margin per used car",
            "value": car.profit_per_car_cny,
            "unit": "CNY (car_unit_economics report)",
        },
        {
            "quantity": "Exchange rate used",
            "value": car.rate_after_kpw_per_cny,
            "unit": profit_rate_unit(car, founding),
        },
        {
            "quantity": "Margin per used car in won",
            "value": summary.profit_kpw / 1e6,
            "unit": "million KPW",
        },
        {
            "quantity": "In months of the post-reform wage",
            "value": summary.wage_months_after,
            "unit": f"months of {wages.wage_after_kpw:,.0f} KPW",
        },
        {
            "quantity": "In months of the pre-reform wage",
            "value": summary.wage_months_before,
            "unit": f"months of {wages.wage_before_kpw:,.0f} KPW",
        },
        {
            "quantity": "In rice at the latest price",
            "value": summary.rice_tonnes,
            "unit": f"tonnes ({summary.rice.price_kpw_per_kg:,.0f} KPW/kg)",
        },
    ]
    rate = summary.latest_rate
    if rate is not None:
        rows.append(
            {
                "quantity": "In months of the post-reform wage, at the latest observed yuan rate",
                "value": summary.wage_months_at_latest_rate,
                "unit": f"months ({city}: {rate.price_kpw_per_kg:,.0f} KPW/CNY on {rate.date}, "
                f"{rate.publisher})",
            }
        )
    return rows


def quality_rows(quality: pd.DataFrame) -> Rows:
    """Rows of the data-quality table (one per series, city and publisher)."""
    return [
        {
            "series and city": f"{r['series']}, {short_city(r['city'])}",
            "publisher": r["publisher"],
            "observations": observation_counts_text(r),
            "first to last date": f"{r['first_date']} to {r['last_date']}",
        }
        for r in _frame_rows(quality)
    ]


def conflict_rows(conflicts: pd.DataFrame) -> Rows:
    """Rows of the table of publisher conflicts (same series, city and month)."""
    return [
        {
            "series, city, month": f"{r['series']}, {short_city(r['city_a'])}, {r['month']}",
            "publisher A": f"{r['publisher_a']}: {r['value_a']:,.0f} ({r['date_a']})",
            "publisher B": f"{r['publisher_b']}: {r['value_b']:,.0f} ({r['date_b']})",
            "gap": f"{r['rel_diff']:.0%}",
        }
        for r in _frame_rows(conflicts)
    ]


def source_rows(sources: pd.DataFrame) -> Rows:
    """Rows of the table of articles; ``'publisher and article'`` is trusted HTML (a link)."""
    return [
        {
            "publisher and article": f"{html.escape(r['publisher'])}: "
            f'<a href="{html.escape(r["source_url"], quote=True)}">'
            f"{html.escape(r['source_title'])}</a>",
            "obs.": int(r["n_obs"]),
            "dates": (
                r["first_date"]
                if r["first_date"] == r["last_date"]
                else f"{r['first_date']} to {r['last_date']}"
            ),
        }
        for r in _frame_rows(sources)
    ]
