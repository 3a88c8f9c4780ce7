"""Charts of market observations: rates and prices over time, pass-through, wage in rice.

One style for every market chart (:class:`MarketStyle`): colour is the city, the marker the
publisher. A line joins only one publisher's observations in one city, never across a gap of
more than a year; observations dated only to the year are hollow markers at mid-year and are
not joined; month-only dates are drawn at mid-month
(:func:`~hyesan_analysis.model.market_frame.representative_day`). Dotted vertical lines mark
the wage reform and the smuggling halts, whose dates are read from ``facts.csv``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from hyesan_analysis import viz
from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.market_frame import representative_day
from hyesan_analysis.model.passthrough_specs import ChangeFit
from hyesan_analysis.model.real_wage import WageScale
from hyesan_analysis.reporting.authoring.formatting import short_city

__all__ = [
    "MAX_GAP",
    "PUBLISHER_MARKERS",
    "MarketStyle",
    "changes_figure",
    "draw_series",
    "food_figure",
    "legends",
    "log_kpw",
    "mark_events",
    "market_style",
    "rates_figure",
    "real_wage_figure",
    "years",
]

#: Marker of each publisher (others get an ``'x'``).
PUBLISHER_MARKERS = {"Daily NK": "o", "NK Times": "s", "Asia Press": "^", "The Asia Review": "D"}
#: A longer gap in one publisher's series is left open rather than bridged.
MAX_GAP = pd.Timedelta(days=366)
#: Palette slot of the cities named in the data (others take the next free slot).
_CITY_SLOT = {
    "Hyesan": 0,
    "Pyongyang": 1,
    "Sinuiju": 2,
    "Ryanggang/North Hamgyong (Asia Press average)": 4,
    "Unspecified": 7,
}
_GREY = "#555555"


@dataclass(frozen=True)
class MarketStyle:
    """Colours, legend order and event lines shared by the charts of one report.

    Attributes
    ----------
    cities : tuple of str
        Every city of the data, in legend order.
    colors : dict of str to colour
        Colour of each city.
    events : tuple of (Timestamp, str)
        Dates marked by dotted vertical lines, with their labels.
    """

    cities: tuple[str, ...]
    colors: dict[str, Any]
    events: tuple[tuple[pd.Timestamp, str], ...]


def market_style(all_cities: Iterable[str], reform_month: str) -> MarketStyle:
    """The style for a data set's cities, with the wage reform and the two smuggling halts.

    Parameters
    ----------
    all_cities : iterable of str
        The ``city`` column of the whole data set (not only the filtered rows), so that a city
        keeps its colour whatever the filter.
    reform_month : str
        ``'YYYY-MM'`` of the wage reform (its first day is marked).
    """
    cities = tuple(sorted(set(all_cities)))
    palette = sns.color_palette(viz.PALETTE, 10)
    colors: dict[str, Any] = {c: palette[i] for c, i in _CITY_SLOT.items()}
    colors["Three-city average"] = viz.TOTAL
    for city in cities:  # a city added to the data later still gets a colour
        colors.setdefault(city, palette[len(colors) % 10])
    events = (
        (pd.Timestamp(f"{reform_month}-01"), "wage reform"),
        (pd.Timestamp(get_fact("flood_halt_2024_event").date), "flood halt"),
        (pd.Timestamp(get_fact("halt_2025_05_event").date), "2025 halt"),
    )
    return MarketStyle(cities, colors, events)


def draw_series(
    ax: Any,
    frame: pd.DataFrame,
    style: MarketStyle,
    value: str = "value",
    split: Sequence[str] = (),
) -> None:
    """One line per city and publisher, year-only dates as hollow unjoined markers.

    Parameters
    ----------
    ax : matplotlib Axes
    frame : DataFrame
        Rows with ``city``, ``publisher``, ``date``, ``date_precision`` and ``value``.
    style : MarketStyle
    value : str, default 'value'
        Column drawn on the y axis.
    split : sequence of str
        Further columns a line never crosses (e.g. the wage regime).
    """
    frame = frame.assign(_pos=representative_day(frame)).sort_values("_pos")
    for (city, publisher, *_), group in frame.groupby(["city", "publisher", *split]):
        color, marker = style.colors[str(city)], PUBLISHER_MARKERS.get(str(publisher), "x")
        dated = group[group["date_precision"] != "year"]
        ax.plot(dated["_pos"], dated[value], color=color, marker=marker, markersize=4, linewidth=0)
        segment = (dated["_pos"].diff() > MAX_GAP).cumsum()
        for _, run in dated.groupby(segment):
            ax.plot(run["_pos"], run[value], color=color, linewidth=1.1)
        yearly = group[group["date_precision"] == "year"]
        ax.scatter(
            yearly["_pos"],
            yearly[value],
            marker=marker,
            s=38,
            facecolors="none",
            edgecolors=color,
            linewidths=1.2,
            zorder=3,
        )


def mark_events(
    ax: Any, style: MarketStyle, label: bool = True, at: Literal["top", "bottom"] = "top"
) -> None:
    """Dotted vertical lines at the style's events, labelled at the top or bottom."""
    top = at == "top"
    for when, text in style.events:
        ax.axvline(when, color=viz.TOTAL, linestyle=":", linewidth=1)
        if label:
            ax.annotate(
                text,
                (when, 1 if top else 0),
                xycoords=("data", "axes fraction"),
                xytext=(2, -2 if top else 2),
                textcoords="offset points",
                fontsize=7,
                va="top" if top else "bottom",
                rotation=90,
                color=viz.TOTAL,
            )


def _plain_log(axis: Any, subs: Sequence[float]) -> None:
    axis.set_major_locator(LogLocator(base=10, subs=tuple(subs)))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    axis.set_minor_formatter(NullFormatter())


def log_kpw(ax: Any, unit: str) -> None:
    """A log-scale y axis in KPW with plain tick labels (1,000, 2,000, 5,000...)."""
    ax.set_yscale("log")
    _plain_log(ax.yaxis, (1.0, 2.0, 5.0))
    ax.set_ylabel(unit)


def years(ax: Any) -> None:
    """One x tick per year, labelled with the year."""
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def legends(
    fig: Figure, frame: pd.DataFrame, style: MarketStyle, extra: Sequence[Any] = ()
) -> None:
    """One legend under the figure: the cities and publishers present in ``frame``."""
    present, publishers = set(frame["city"]), set(frame["publisher"])
    handles = [
        Line2D([], [], color=style.colors[c], linewidth=2, label=short_city(c))
        for c in style.cities
        if c in present
    ]
    handles += [
        Line2D([], [], color=_GREY, marker=PUBLISHER_MARKERS[p], linestyle="", label=p)
        for p in PUBLISHER_MARKERS
        if p in publishers
    ]
    if (frame["date_precision"] == "year").any():
        handles.append(_hollow("year-only date (at mid-year)"))
    handles += list(extra)
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=7.5, frameon=False)


def _hollow(label: str) -> Line2D:
    return Line2D(
        [], [], color=_GREY, marker="o", markerfacecolor="none", linestyle="", label=label
    )


def _two_panels(
    frame: pd.DataFrame,
    style: MarketStyle,
    series: tuple[str, str],
    height_in: float,
    unit: str,
    title: str,
) -> tuple[Figure, Any]:
    fig, axes = plt.subplots(
        2, 1, figsize=(viz.PAGE_WIDTH_IN, height_in), sharex=True, layout="constrained"
    )
    for ax, name in zip(axes, series, strict=True):
        draw_series(ax, frame[frame["series"] == name], style)
        log_kpw(ax, unit.format(name))
        mark_events(ax, style, label=name == series[0])
        ax.set_title(title.format(name))
    years(axes[1])
    axes[1].set_xlabel("Date of observation (year)")
    legends(fig, frame, style)
    return fig, axes


def rates_figure(
    shown: pd.DataFrame, style: MarketStyle, reference_kpw: float, reference_label: str
) -> Figure:
    """Market rates, KPW per CNY (top) and per USD (bottom), on log scales.

    Parameters
    ----------
    shown : DataFrame
        Market rows to draw (other series are left out).
    style : MarketStyle
    reference_kpw : float
        A KPW per CNY level drawn as a dashed line on the yuan panel (e.g. a reported rate).
    reference_label : str
        Its label.
    """
    rates = shown[shown["series"].isin(["CNY", "USD"])]
    fig, axes = _two_panels(
        rates, style, ("CNY", "USD"), 6.2, "KPW per {} (log scale)", "Market rate, KPW per {}"
    )
    axes[0].axhline(reference_kpw, color=viz.NEGATIVE, linestyle="--", linewidth=1.2)
    axes[0].annotate(
        reference_label,
        (0.01, reference_kpw),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=7.5,
        color=viz.NEGATIVE,
        va="bottom",
    )
    return fig


def food_figure(shown: pd.DataFrame, style: MarketStyle) -> Figure:
    """Rice (top) and corn (bottom) prices, KPW per kg, on log scales."""
    food = shown[shown["series"].isin(["rice", "corn"])]
    fig, _ = _two_panels(
        food,
        style,
        ("rice", "corn"),
        6.0,
        "KPW per kg (log scale)",
        "Market price of {}, KPW per kg",
    )
    return fig


def changes_figure(
    changes: pd.DataFrame, fit: ChangeFit, style: MarketStyle, rate_series: str, price: str = "rice"
) -> Figure:
    """Log change of the price against the log change of the rate, with the fitted line.

    One point per change between consecutive pairs of one publisher in one city (colour: city;
    marker: publisher). The solid line is the fit (common drift plus the elasticity times the
    rate change), the band spans the slopes of its interval, the dashed grey line is one for
    one (a price that moves exactly with the rate).

    Parameters
    ----------
    changes : DataFrame
        The changes of the fit (``city``, ``publisher``, ``dlog_rate``, ``dlog_price``).
    fit : ChangeFit
        The fit drawn (``drift`` may be NaN: no intercept).
    style : MarketStyle
    rate_series : str
        ``'CNY'`` or ``'USD'``, for the axis label.
    price : str, default 'rice'
    """
    fig, ax = viz.figure(height_in=3.8)
    x = 100 * changes["dlog_rate"].to_numpy(float)
    y = 100 * changes["dlog_price"].to_numpy(float)
    for (city, publisher), points in changes.groupby(["city", "publisher"]):
        ax.scatter(
            100 * points["dlog_rate"],
            100 * points["dlog_price"],
            color=style.colors[str(city)],
            marker=PUBLISHER_MARKERS.get(str(publisher), "X"),
            s=40,
            zorder=3,
        )
    span = max(float(np.max(np.abs(x), initial=0.0)), 5.0) * 1.15
    xs = np.linspace(-span, span, 50)
    drift = 0.0 if np.isnan(fit.drift) else 100 * fit.drift
    lo = drift + np.minimum(fit.ci_low * xs, fit.ci_high * xs)
    hi = drift + np.maximum(fit.ci_low * xs, fit.ci_high * xs)
    ax.fill_between(xs, lo, hi, color=viz.TOTAL, alpha=0.12, linewidth=0)
    ax.plot(xs, drift + fit.elasticity * xs, color=viz.TOTAL, linewidth=1.6)
    ax.plot(xs, xs, color=_GREY, linestyle="--", linewidth=0.9)
    ax.axhline(0, color=_GREY, linewidth=0.5)
    ax.axvline(0, color=_GREY, linewidth=0.5)
    ax.set_xlim(-span, span)
    top = max(float(np.max(np.abs(y), initial=0.0)), 5.0) * 1.15
    ax.set_ylim(-top, top)
    ax.set_xlabel(f"Change of the market rate, KPW per {rate_series} (log points × 100, ≈ %)")
    ax.set_ylabel(f"{price.capitalize()} price change (log points × 100, ≈ %)")
    extra = [
        Line2D(
            [], [], color=viz.TOTAL, linewidth=1.6, label=f"fit: elasticity {fit.elasticity:.2f}"
        ),
        Line2D([], [], color=_GREY, linestyle="--", linewidth=0.9, label="one for one"),
    ]
    legends(fig, changes.assign(date_precision="day"), style, extra=extra)
    return fig


def real_wage_figure(real: pd.DataFrame, style: MarketStyle, wages: WageScale) -> Figure:
    """A month's wage in kg of rice at each rice observation, never joined across the reform.

    Parameters
    ----------
    real : DataFrame
        Output of :func:`~hyesan_analysis.model.real_wage.real_wage_rice_kg`.
    style : MarketStyle
    wages : WageScale
        The wage scale, for the title.
    """
    fig, ax = viz.figure(height_in=3.8)
    draw_series(ax, real.assign(value=real["wage_rice_kg"]), style, split=("regime",))
    mark_events(ax, style, at="bottom")
    ax.set_ylabel("kg of rice per month's wage")
    ax.set_xlabel("Date of rice price observation (year)")
    ax.set_ylim(bottom=0)
    years(ax)
    ax.set_title(
        f"Monthly wage in rice ({wages.wage_before_kpw:,.0f} → {wages.wage_after_kpw:,.0f} KPW "
        f"from {wages.reform_month})"
    )
    legends(fig, real, style)
    return fig
