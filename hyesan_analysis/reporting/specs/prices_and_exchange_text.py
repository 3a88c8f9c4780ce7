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
    interval_text,
    observation_counts_text,
    short_city,
)

if TYPE_CHECKING:  # the model imports pandas; the registry imports this module at start-up
    import pandas as pd

    from hyesan_analysis.model.car_profit_wages import CarProfit, CarProfitInWages
    from hyesan_analysis.model.market_filter import LevelAround
    from hyesan_analysis.model.passthrough_headline import PreferredFit, QuotedWindow
    from hyesan_analysis.model.passthrough_report import PassthroughReport
    from hyesan_analysis.model.passthrough_specs import ChangeFit, SpecRow
    from hyesan_analysis.model.real_wage import MarginInRice, RealWageBasis, WagePoint, WageScale

Rows = list[dict[str, Any]]

#: The official bank rate that shares the founding report's figure but is not a market rate.
OFFICIAL_RATE_FACT = "official_bank_rate_2025_10_kpw_per_cny"


# --- the answer -----------------------------------------------------------------------------


#: The interval rule of every fit, in one line for the reader.
INTERVAL_NOTE = (
    "Intervals are 95%: the larger of the classical and the cluster-robust standard error "
    "(clustered by city; HC1 when a fit has one city), with Student's t on min(residual "
    "degrees of freedom, cities − 1), so that a handful of clusters cannot make a fit look "
    "more precise than it is."
)

#: Why the preferred specification is preferred, in one sentence.
PREFERRED_REASON = (
    "it spends few parameters on few data (one drift and one slope), so every change informs "
    "the slope; city-and-publisher drifts let a series with a single change fit itself "
    "exactly, the lean-season dummy costs a further degree of freedom, and dropping the drift "
    "would force a common trend of the price, such as inflation, into the slope"
)


def period_words(period: str) -> str:
    """A pair's period in words: ``'2024-11'`` → ``'November 2024'``, a day with its day.

    >>> period_words("2024-11"), period_words("2024-12-07")
    ('November 2024', '7 December 2024')
    """
    if len(period) == 7:
        return _dt.datetime.strptime(period, "%Y-%m").strftime("%B %Y")
    day = _dt.datetime.strptime(period, "%Y-%m-%d")
    return f"{day.day} {day.strftime('%B %Y')}"


def _pct(fraction: float) -> str:
    return f"{100 * fraction:+.0f}%"


def association(fit: ChangeFit, rate_series: str, price: str = "rice") -> str:
    """The headline: how the price moved with the rate, in words of association."""
    e = fit.elasticity
    return (
        f"Between consecutive observations of one publisher in one city, a 10% rise of the "
        f"{rate_series} rate (KPW per {rate_series}: a fall of the won) went with {price} about "
        f"**{100 * (1.1**e - 1):.0f}% dearer** (elasticity **{e:.2f}**, 95% interval "
        f"{interval_text(fit.ci_low, fit.ci_high)}; {precision_words(fit.ci_low, fit.ci_high)})"
    )


def precision_words(low: float, high: float) -> str:
    """What a pass-through interval can and cannot tell apart: zero and one-for-one.

    >>> precision_words(-0.46, 4.77)
    'the interval includes both zero and one-for-one: the data cannot tell no pass-through from a full or a more than full one'
    >>> precision_words(0.2, 0.8)
    'the interval excludes both zero and one-for-one'
    """
    zero, one = low <= 0.0 <= high, low <= 1.0 <= high
    if zero and one:
        return (
            "the interval includes both zero and one-for-one: the data cannot tell no "
            "pass-through from a full or a more than full one"
        )
    if zero:
        return "the interval includes zero"
    if one:
        return "the interval excludes zero but includes one-for-one"
    return "the interval excludes both zero and one-for-one"


def thinness(fit: ChangeFit) -> str:
    """How little data the fit rests on, in one sentence."""
    return (
        f"It rests on {fit.n} changes in {fit.n_series} publisher-city series "
        f"({fit.n_clusters} {'city' if fit.n_clusters == 1 else 'cities'}, {fit.dof} residual "
        f"degrees of freedom): few, noisy observations, and the rate and food prices answer to "
        "common shocks (harvests, border closures, state controls), so this is an association, "
        "not a measured effect of the won's fall."
    )


def fallback(head: PreferredFit) -> str:
    """A sentence saying the city's own fit was impossible (empty when it was not)."""
    if not head.is_fallback:
        return ""
    return f" {head.requested} alone has too few changes, so this is the fit over every city."


def window_sentence(window: QuotedWindow | None, city: str, rate_series: str) -> str:
    """The focus city's rate and rice changes over the same dates (one publisher)."""
    if window is None:
        return (
            f"No publisher reports both the {rate_series} rate and rice twice in {city} under "
            "this filter, so no change over one window can be quoted there."
        )
    w = window
    months = [period_words(p) for p in (w.period_from, w.period_to) if len(p) == len("YYYY-MM")]
    same = (
        "the same dates for both series"
        if not months
        else f"both series in the same month for {' and '.join(months)}, the month's median"
    )
    text = (
        f"In {city}, from {period_words(w.period_from)} to {period_words(w.period_to)} "
        f"({w.publisher}, {same}), the {w.rate_series} rate went from "
        f"{w.rate_from:,.0f} to {w.rate_to:,.0f} KPW ({_pct(w.rate_change)}) and rice from "
        f"{w.price_from:,.0f} to {w.price_to:,.0f} KPW/kg ({_pct(w.price_change)})"
    )
    other = w.other_change
    if other is not None:
        text += f"; the {w.other_rate_series} rate, over the same periods, {_pct(other)}"
    return text + "."


def _series_words(series_id: str) -> str:
    """``'city | publisher'`` as ``'city, publisher'`` with the city's short name."""
    city, _, publisher = str(series_id).partition(" | ")
    return f"{short_city(city)}, {publisher}" if publisher else short_city(city)


def range_sentence(report: PassthroughReport) -> str:
    """The range across specifications and the most influential change."""
    rate = report.rice.spec.rate
    fitted = sum(1 for r in report.table if r.fit is not None and r.spec.group == "headline")
    text = (
        f"Across the {fitted} rice-on-{rate} specifications that the data support, the "
        f"elasticity ranges from **{report.spec_min:.2f} to {report.spec_max:.2f}**"
    )
    top = report.influential
    if top is not None:
        text += (
            f"; leaving out the single most influential change ({_series_words(top['series_id'])}, "
            f"{top['period_from']} to {top['period_to']}) moves it to {top['elasticity']:.2f}"
        )
    return text + "."


def corn_sentence(corn: PreferredFit) -> str:
    """Corn under the same specification, in one sentence."""
    f = corn.fit
    return (
        f"Corn under the same specification: {f.elasticity:.2f} "
        f"({interval_text(f.ci_low, f.ci_high)}; {f.n} changes, {f.dof} residual dof; "
        f"{corn.label})."
    )


def wage_point_words(point: WagePoint) -> str:
    """Where, how much, who and when: one price in a parenthesis."""
    what = "KPW/kg of rice" if point.good == "rice" else "KPW/kg for the basket"
    return f"{short_city(point.city)}, {point.price_kpw_per_kg:,.0f} {what}, {point.publisher}, {point.period}"


def wage_sentence(rice: RealWageBasis, wages: WageScale) -> str:
    """The real wage in rice before, at and after the reform, on one basis."""
    at, latest = rice.at_reform, rice.latest
    if rice.before is not None:
        text = (
            f"Before the October 2023 reform a worker's {wages.wage_before_kpw:,.0f} KPW a month "
            f"bought **{rice.before.kg:.2f} kg of rice**; the reform's "
            f"{wages.wage_after_kpw:,.0f} KPW bought **{at.kg:.2f} kg** at the same price "
            f"({wage_point_words(at)})"
        )
    else:
        text = (
            f"No rice price lies within {rice.tolerance_months} months of the reform, so the "
            f"pre-reform wage cannot be priced; the new {wages.wage_after_kpw:,.0f} KPW bought "
            f"**{at.kg:.2f} kg** at the nearest price ({wage_point_words(at)}, "
            f"{at.month_distance} months from the reform)"
        )
    text += (
        f". At the latest price ({wage_point_words(latest)}) it buys **{latest.kg:.2f} kg**: "
        f"{rice.share_lost:.0%} of the reform's purchasing power in rice is gone"
    )
    if rice.latest_over_before is not None:
        text += (
            f", though the wage still buys {rice.latest_over_before:.1f} times the pre-reform rice"
        )
    text += "."
    if not rice.one_publisher:
        text += (
            f" The reform price is from {at.publisher} and the latest from {latest.publisher}: no "
            f"publisher reports {short_city(at.city)}'s rice both at the reform and a year later."
        )
    first = rice.latest_publisher_first
    if first is not None:
        text += (
            f" Within {first.publisher}'s own series the wage went from {first.kg:.2f} kg at its "
            f"first price after the reform ({first.period}) to {latest.kg:.2f} kg "
            f"({1 - latest.kg / first.kg:.0%} less)."
        )
    return text


def basket_sentence(basket: RealWageBasis | None, share: float) -> str:
    """The same wage in the rice-and-corn basket."""
    mix = f"a kilogram of {share:.0%} rice and {1 - share:.0%} corn by weight"
    if basket is None:
        return (
            f"No publisher prices rice and corn on the same date here, so {mix} cannot be priced."
        )
    at, latest = basket.at_reform, basket.latest
    where = (
        "at the reform"
        if at.month_distance == 0
        else f"{at.month_distance} month{'s' if at.month_distance != 1 else ''} from the reform"
    )
    text = f"In {mix}, priced where one publisher reports both on the same date, "
    if basket.before is not None:
        text += f"the old wage bought {basket.before.kg:.2f} kg and the new one "
    else:
        text += "the new wage bought "
    return text + (
        f"{at.kg:.2f} kg {where} ({wage_point_words(at)}) and {latest.kg:.2f} kg at the latest "
        f"({wage_point_words(latest)}): {basket.share_lost:.0%} less."
    )


def margin_rice_words(rice: MarginInRice | None) -> str:
    """The car's margin in rice at one publisher's rice price and yuan rate of one date."""
    if rice is None:
        return ""
    return (
        f" At {rice.publisher}'s yuan rate and rice price of {period_words(rice.period)} in "
        f"{short_city(rice.city)} ({rice.rate_kpw_per_cny:,.0f} KPW/CNY, "
        f"{rice.rice_kpw_per_kg:,.0f} KPW/kg) it buys **{rice.kg / 1000:.1f} t of rice**."
    )


def results_by_key(
    report: PassthroughReport,
    rice: RealWageBasis,
    basket: RealWageBasis | None,
    car_months: float,
) -> dict[str, tuple[float, str | None, str]]:
    """:func:`results` keyed by result name: ``(value, unit or None, label)``."""
    return {
        key: (value, unit, label)
        for key, value, unit, label in results(report, rice, basket, car_months)
    }


def optional_results(recorded: dict[str, Any]) -> list[str]:
    """The recorded results the report does not promise (they depend on the data's cover)."""
    from hyesan_analysis.reporting.specs.prices_and_exchange import SPEC

    return [key for key in recorded if key not in SPEC.required_results]


def results(
    report: PassthroughReport,
    rice: RealWageBasis,
    basket: RealWageBasis | None,
    car_months: float,
) -> list[tuple[str, float, str | None, str]]:
    """The report's recorded results: ``(key, value, unit or None if declared, label)``."""
    head, corn = report.rice, report.corn
    out: list[tuple[str, float, str | None, str]] = []
    for key, fit, label in (
        (
            "passthrough_rice",
            head.fit,
            f"Elasticity of rice to KPW/{head.spec.rate} ({head.label})",
        ),
        ("passthrough_corn", corn.fit, f"Elasticity of corn ({corn.label})"),
        ("passthrough_preferred", head.fit, f"Preferred specification: {head.label}"),
    ):
        out += [
            (key, fit.elasticity, None, label),
            (f"{key}_ci_low", fit.ci_low, None, "95% interval, low"),
            (f"{key}_ci_high", fit.ci_high, None, "95% interval, high"),
        ]
    out += [
        (
            "passthrough_spec_min",
            report.spec_min,
            None,
            "Lowest rice elasticity across specifications",
        ),
        (
            "passthrough_spec_max",
            report.spec_max,
            None,
            "Highest rice elasticity across specifications",
        ),
        ("passthrough_n", float(head.fit.n), None, "Log changes in the preferred fit"),
        (
            "passthrough_df",
            float(head.fit.dof),
            None,
            "Residual degrees of freedom of the preferred fit",
        ),
        ("car_profit_in_wage_months", car_months, None, "One car's margin in months of wage"),
    ]
    w = report.window
    if w is not None:
        dates = f"{short_city(w.city)}, {w.publisher}, {w.period_from} to {w.period_to}"
        out += [
            ("passthrough_window_rate_change", w.rate_change, "fraction",
             f"KPW/{w.rate_series} change over the quoted window ({dates})"),
            ("passthrough_window_rice_change", w.price_change, "fraction",
             f"Rice price change over the same window ({dates})"),
        ]  # fmt: skip
    points = [("rice", rice)] + ([("basket", basket)] if basket is not None else [])
    for good, basis in points:
        kg = "kg of rice per month" if good == "rice" else "kg of rice-and-corn basket per month"
        for name, point in (
            ("before_reform", basis.before),
            ("at_reform", basis.at_reform),
            ("latest", basis.latest),
        ):
            if point is None:
                continue
            key = f"real_wage_{good}_kg_{name}"
            declared = key in ("real_wage_rice_kg_at_reform", "real_wage_rice_kg_latest")
            label = f"Wage in {'rice' if good == 'rice' else 'the basket'}, {point.point} ({short_city(point.city)}, {point.publisher}, {point.period})"
            out.append((key, point.kg, None if declared else kg, label))
    return out


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


def changes_caption(head: PreferredFit) -> str:
    """Caption of the chart of log changes behind the preferred fit."""
    f = head.fit
    return (
        f"Change of the rice price against the change of the KPW/{head.spec.rate} rate between "
        f"consecutive observations of one publisher in one city: elasticity {f.elasticity:.2f} "
        f"({interval_text(f.ci_low, f.ci_high)}), {f.n} changes"
    )


def changes_data(changes: pd.DataFrame) -> pd.DataFrame:
    """The chart's data: one row per change, with its series, dates and both log changes."""
    return changes[
        ["city", "publisher", "period_from", "period_to", "dlog_rate", "dlog_price", "lean"]
    ].reset_index(drop=True)


def real_wage_caption(wages: WageScale) -> str:
    """Caption of the chart of the wage in rice."""
    return (
        f"A month's wage in kg of rice at each rice price ({wages.wage_before_kpw:,.0f} KPW "
        f"before {wages.reform_month}, {wages.wage_after_kpw:,.0f} KPW from it)"
    )


def _interval_basis(fit: ChangeFit) -> str:
    return f"t({fit.t_dof}), {fit.robust_kind}"


def spec_rows(table: Iterable[SpecRow]) -> Rows:
    """Rows of the specification table: n and residual dof for every fit, a reason for none."""
    rows: Rows = []
    for r in table:
        fit = r.fit
        rows.append(
            {
                "regression": f"{r.spec.price} ~ KPW/{r.spec.rate}",
                "specification": r.spec.name,
                "changes (series)": f"{r.n} ({r.changes['series_id'].nunique()})",
                "residual dof": "–" if fit is None else fit.dof,
                "elasticity (95% interval)": (
                    "–" if fit is None else estimate_text(fit.elasticity, fit.ci_low, fit.ci_high)
                ),
                "interval or reason": r.reason if fit is None else _interval_basis(fit),
            }
        )
    return rows


def influence_rows(influence: pd.DataFrame) -> Rows:
    """Rows of the leave-one-out table: the fit without each change."""
    return [
        {
            "change left out": f"{_series_words(r['series_id'])}: {r['period_from']} to {r['period_to']}",
            "rice, rate (log points)": f"{r['dlog_price']:+.2f}, {r['dlog_rate']:+.2f}",
            "n, dof": f"{int(r['n'])}, {'–' if r['dof'] != r['dof'] else int(r['dof'])}",
            "elasticity without it": (
                r["reason"]
                if r["elasticity"] != r["elasticity"]
                else estimate_text(r["elasticity"], r["ci_low"], r["ci_high"])
            ),
            "shift": "–" if r["shift"] != r["shift"] else f"{r['shift']:+.2f}",
        }
        for r in _frame_rows(influence)
    ]


def change_rows_of_fit(changes: pd.DataFrame, rate_series: str) -> Rows:
    """Rows of the log changes behind a fit, with the observations behind each."""
    return [
        {
            "series": _series_words(r["series_id"]),
            "from, to": f"{r['period_from']} to {r['period_to']}",
            f"KPW/{rate_series}": f"{r['rate_from']:,.0f} → {r['rate_to']:,.0f}",
            "rice KPW/kg": f"{r['price_from']:,.0f} → {r['price_to']:,.0f}",
            "change (log points): rate, rice": f"{r['dlog_rate']:+.2f}, {r['dlog_price']:+.2f}",
            "lean": "yes" if r["lean"] else "",
            "observations": r["obs_ids"],
        }
        for r in _frame_rows(changes)
    ]


def basis_rows(bases: Iterable[RealWageBasis | None]) -> Rows:
    """Rows of the real-wage table: before the reform, at it and latest, for each good."""
    rows: Rows = []
    for basis in bases:
        if basis is None:
            continue
        points = (basis.before, basis.at_reform, basis.latest_publisher_first, basis.latest)
        for point in points:
            if point is None:
                continue
            rows.append(
                {
                    "good": "rice" if point.good == "rice" else "rice-and-corn basket",
                    # a reform price months away is the nearest, not the reform's own
                    "point": "nearest the reform"
                    if point.point == "at the reform" and point.month_distance
                    else point.point,
                    "city, publisher": f"{short_city(point.city)}, {point.publisher}",
                    "price date": point.period
                    + (
                        f" ({point.month_distance} mo. from reform)" if point.month_distance else ""
                    ),
                    "KPW/kg": point.price_kpw_per_kg,
                    "wage KPW/month": point.wage_kpw,
                    "kg/month": point.kg,
                }
            )
    return rows


def car_rows(
    summary: CarProfitInWages,
    car: CarProfit,
    wages: WageScale,
    city: str,
    founding: Fact,
    rice: MarginInRice | None,
) -> Rows:
    """Rows of the table of one car's profit in won, wages and rice.

    The rice row converts the margin at one publisher's yuan rate and rice price of one date
    (``rice``), never at a rate of one date and a price of another.
    """
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
    ]
    if rice is not None:
        rows.append(
            {
                "quantity": "In rice, at one date's yuan rate and rice price",
                "value": rice.kg / 1000,
                "unit": f"tonnes ({short_city(rice.city)}, {rice.publisher}, {rice.period}: "
                f"{rice.rate_kpw_per_cny:,.0f} KPW/CNY, {rice.rice_kpw_per_kg:,.0f} KPW/kg)",
            }
        )
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
            "higher over lower": f"{r['rel_diff']:+.0%}",
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
