"""Words and table rows of the prices_and_exchange report, from the model's results.

The report's notebook holds no logic: the sentences that depend on a fit, and the rows of its
tables, are built here from the objects of ``hyesan_analysis.model`` (passed in, never
computed here). Generic pieces (intervals, changes, fit status) are in
:mod:`hyesan_analysis.reporting.authoring.formatting`; the real-wage and car-margin words and
rows are in :mod:`hyesan_analysis.reporting.specs.prices_and_exchange_wages` and are imported
here. Not a report: it defines no ``SPEC``.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hyesan_analysis.reporting.authoring.formatting import (
    estimate_text,
    interval_text,
    observation_counts_text,
    short_city,
)
from hyesan_analysis.reporting.specs.prices_and_exchange_wages import (  # noqa: F401  (re-exported)
    OFFICIAL_RATE_FACT,
    _month_words,
    basis_rows,
    basket_sentence,
    car_rows,
    founding_label,
    founding_level,
    profit_rate_unit,
    real_wage_caption,
    wage_point_words,
    wage_sentence,
)

if TYPE_CHECKING:  # the model imports pandas; the registry imports this module at start-up
    import pandas as pd

    from hyesan_analysis.model.passthrough_headline import PreferredFit, QuotedWindow
    from hyesan_analysis.model.passthrough_report import PassthroughReport
    from hyesan_analysis.model.passthrough_specs import ChangeFit, SpecRow
    from hyesan_analysis.model.real_wage import MarginInRice, RealWageBasis

Rows = list[dict[str, Any]]


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
