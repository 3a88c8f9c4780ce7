# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Parameters: written from the report's schema by `make sync`; edit the schema, not this.
# fmt: off
city: str = "all"  # city; assumed (see the schema)
rate_series: str = "CNY"  # currency; assumed (see the schema)
publisher_filter: str = "all"  # publisher; assumed (see the schema)
publisher_policy: str = "same"  # policy; assumed (see the schema)
start_month: str = "2020-01"  # YYYY-MM; assumed (see the schema)
end_month: str = "2026-12"  # YYYY-MM; assumed (see the schema)
fallback_to_pooled: bool = True  # assumed (see the schema)
min_points: int = 5  # pairs; assumed (see the schema)
bootstrap_draws: int = 2000  # resamples; assumed (see the schema)
seed: int = 0  # assumed (see the schema)
wage_before_kpw: float = 3000.0  # KPW per month; sourced: worker_wage_before_reform_kpw_per_month
wage_after_kpw: float = 30000.0  # KPW per month; sourced: worker_wage_after_reform_kpw_per_month
reform_month: str = "2023-10"  # YYYY-MM; sourced: wage_reform_2023_10 (date)
car_profit_cny: float = 10500.0  # CNY per vehicle; assumed (see the schema)
car_profit_rate_kpw_per_cny: float = 3000.0  # KPW per CNY; sourced: hyesan_market_rate_founding_kpw_per_cny
conflict_tolerance: float = 0.25  # log points; assumed (see the schema)
# fmt: on

# %%
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from hyesan_analysis import viz
from hyesan_analysis.data.loaders import load_market_rates
from hyesan_analysis.model import passthrough as pt
from hyesan_analysis.model import prices as pr
from hyesan_analysis.model import real_wage as rw
from hyesan_analysis.reporting.authoring import notebook as rn

params = rn.start("prices_and_exchange", globals())
everything = load_market_rates()

# --- display helpers (this report only) ------------------------------------------------
SHORT_CITY = {"Ryanggang/North Hamgyong (Asia Press average)": "Ryanggang/N. Hamgyong (AP avg.)"}


def short(c):
    return SHORT_CITY.get(str(c), str(c))


ALL_CITIES = sorted(everything["city"].unique())
_pal = sns.color_palette(viz.PALETTE, 10)
CITY_COLOR = {
    "Hyesan": _pal[0],
    "Pyongyang": _pal[1],
    "Sinuiju": _pal[2],
    "Ryanggang/North Hamgyong (Asia Press average)": _pal[4],
    "Three-city average": viz.TOTAL,
    "Unspecified": _pal[7],
}
for _c in ALL_CITIES:  # any city added to the data later still gets a colour
    CITY_COLOR.setdefault(_c, _pal[len(CITY_COLOR) % 10])
MAX_GAP = pd.Timedelta(days=366)
PUB_MARKER = {"Daily NK": "o", "NK Times": "s", "Asia Press": "^", "The Asia Review": "D"}
EVENTS = [
    (pd.Timestamp(f"{reform_month}-01"), "wage reform"),
    (pd.Timestamp("2024-07-10"), "flood halt"),
    (pd.Timestamp("2025-05-15"), "2025 halt"),
]


def plot_position(frame):
    """Where a row is drawn: its day; mid-month for a month; 1 July for a year (hollow)."""
    pos = pd.to_datetime(
        frame["date"]
        .where(frame["date_precision"] != "month", frame["date"] + "-15")
        .where(frame["date_precision"] != "year", frame["date"] + "-07-01")
    )
    return pos


def draw_series(ax, frame, value="value", split=()):
    """One line per city and publisher (never joined across publishers, nor across a gap of
    more than a year or the ``split`` columns); year-only dates hollow and unjoined."""
    frame = frame.assign(_pos=plot_position(frame)).sort_values("_pos")
    for (c, p, *_), g in frame.groupby(["city", "publisher", *split]):
        dated = g[g["date_precision"] != "year"]
        ax.plot(
            dated["_pos"],
            dated[value],
            color=CITY_COLOR[c],
            marker=PUB_MARKER.get(p, "x"),
            markersize=4,
            linewidth=0,
        )
        segment = (dated["_pos"].diff() > MAX_GAP).cumsum()
        for _, run in dated.groupby(segment):
            ax.plot(run["_pos"], run[value], color=CITY_COLOR[c], linewidth=1.1)
        yearly = g[g["date_precision"] == "year"]
        ax.scatter(
            yearly["_pos"],
            yearly[value],
            marker=PUB_MARKER.get(p, "x"),
            s=38,
            facecolors="none",
            edgecolors=CITY_COLOR[c],
            linewidths=1.2,
            zorder=3,
        )


def mark_events(ax, label=True, at="top"):
    for when, text in EVENTS:
        ax.axvline(when, color=viz.TOTAL, linestyle=":", linewidth=1)
        if label:
            top = at == "top"
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


def log_kpw(ax, unit):
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_ylabel(unit)


def years(ax):
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def legends(fig, frame, extra=()):
    cities = [c for c in ALL_CITIES if c in set(frame["city"])]
    pubs = [p for p in PUB_MARKER if p in set(frame["publisher"])]
    handles = [Line2D([], [], color=CITY_COLOR[c], linewidth=2, label=short(c)) for c in cities]
    handles += [
        Line2D([], [], color="#555555", marker=PUB_MARKER[p], linestyle="", label=p) for p in pubs
    ]
    if (frame["date_precision"] == "year").any():
        handles.append(
            Line2D(
                [],
                [],
                color="#555555",
                marker="o",
                markerfacecolor="none",
                linestyle="",
                label="year-only date (at mid-year)",
            )
        )
    handles += list(extra)
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=7.5, frameon=False)


def interval(a, b):
    return f"{a:.2f} to {b:.2f}"


# %%
# --- data: the filters of this run ------------------------------------------------------
publishers = None if publisher_filter == "all" else publisher_filter
market = pr.filter_observations(everything, publishers=publishers, start=start_month, end=end_month)
shown = market if city == "all" else pr.filter_observations(market, cities=city)
filters = f"publisher_filter={publisher_filter}, window {start_month}..{end_month}"
if shown.empty:
    raise pr.InsufficientDataError(
        f"no market observation is left by the filters (city={city}, {filters})"
    )

# --- pass-through: rice on the chosen rate, by city where possible, pooled otherwise ----
aligned = {
    (p, r): pr.align_by_city_month(market, p, r, publisher_policy)
    for p in ("rice", "corn")
    for r in ("CNY", "USD")
}
try:
    head = pt.headline_passthrough(
        aligned["rice", rate_series],
        city=city,
        fallback_to_pooled=fallback_to_pooled,
        min_points=min_points,
    )
except pr.InsufficientDataError as err:
    raise pr.InsufficientDataError(f"{err} [{filters}]") from None
est = head.estimate
fit_pairs = aligned["rice", rate_series]
if est.city != "pooled" and city != "all":
    fit_pairs = fit_pairs.loc[fit_pairs["city"] == city]

# --- real wage and the car's profit ----------------------------------------------------
wage_city = "Hyesan" if city == "all" else city
try:
    at_reform = rw.rice_price_nearest(market, reform_month, city=wage_city)
    latest_rice = rw.rice_price_latest(market, city=wage_city)
except pr.InsufficientDataError as err:
    raise pr.InsufficientDataError(f"real wage: {err} [{filters}]") from None
real_at_reform = wage_after_kpw / at_reform.price_kpw_per_kg
wage_latest = rw.wage_at(latest_rice.date, reform_month, wage_before_kpw, wage_after_kpw)
real_latest = wage_latest / latest_rice.price_kpw_per_kg
profit_kpw = rw.car_profit_kpw(car_profit_cny, car_profit_rate_kpw_per_cny)
wage_months = rw.car_profit_in_wage_months(
    car_profit_cny, car_profit_rate_kpw_per_cny, wage_after_kpw
)
wage_months_before = rw.car_profit_in_wage_months(
    car_profit_cny, car_profit_rate_kpw_per_cny, wage_before_kpw
)

fit_label = est.city + (f"; {head.requested} alone has too few pairs" if head.is_fallback else "")
rn.record(
    "passthrough_rice",
    est.elasticity,
    label=f"Elasticity of rice to KPW/{rate_series} ({fit_label})",
)
rn.record("passthrough_rice_ci_low", est.ci_low, label="95% interval, low")
rn.record("passthrough_rice_ci_high", est.ci_high, label="95% interval, high")
rn.record("passthrough_n", est.n, label="Aligned city-month pairs in the fit")
rn.record(
    "real_wage_rice_kg_at_reform",
    real_at_reform,
    label=f"New wage in rice at the reform ({at_reform.city}, {at_reform.date})",
)
rn.record(
    "real_wage_rice_kg_latest",
    real_latest,
    label=f"Wage in rice, latest ({latest_rice.city}, {latest_rice.date})",
)
rn.record("car_profit_in_wage_months", wage_months, label="One car's profit in months of wage")


# %%
def pick(rows, series):
    """The change row of the headline city for one series (latest end point first)."""
    sel = rows[(rows["city"] == wage_city) & (rows["series"] == series)]
    return None if sel.empty else sel.sort_values("last_date").iloc[-1]


changes = pr.series_change(market)
rate_change, rice_change = pick(changes, rate_series), pick(changes, "rice")


def change_text(row, unit):
    if row is None:
        return "no early-2024 baseline in this filter"
    return (
        f"{row['first_value']:,.0f} on {row['first_date']} to {row['last_value']:,.0f} {unit} on "
        f"{row['last_date']} ({row['pct_change']:+.0f}%, {row['publisher']})"
    )


city_cny = market[(market["city"] == wage_city) & (market["series"] == "CNY")]
city_cny = city_cny.assign(_pos=plot_position(city_cny)).sort_values("_pos")
before_founding = city_cny[city_cny["_pos"] <= pd.Timestamp("2025-03-04")]
if before_founding.empty:
    level_text = (
        f"the filter leaves no {wage_city} yuan rate before the founding report "
        "(2025-03-04) to compare with"
    )
else:
    peak = before_founding.loc[before_founding["value"].idxmax()]
    last = before_founding.iloc[-1]
    level_text = (
        f"the market series shows {wage_city} at {peak['value']:,.0f} KPW/CNY on {peak['date']} "
        f"({peak['publisher']}) and {last['value']:,.0f} on {last['date']}, the last observation "
        "before the founding report"
    )
    if len(city_cny) > len(before_founding):
        after = city_cny.iloc[-1]
        level_text += (
            f"; by {after['date']} it stood at {after['value']:,.0f} ({after['publisher']})"
        )

fit_where = (
    "all cities pooled, each with its own intercept"
    if est.city == "pooled"
    else f"{est.city} alone"
)
fallback_text = ""
if head.is_fallback:
    fallback_text = (
        f" {head.requested} alone cannot be fitted (fewer than {min_points} "
        "same-filter pairs), so this is the pooled fit over every city."
    )
width = est.ci_high - est.ci_low
distance_text = (
    ""
    if at_reform.month_distance == 0
    else f": the nearest rice price, {at_reform.month_distance} months from the reform"
)
if est.ci_low > 0:
    size = (
        "roughly one for one"
        if 0.7 <= est.elasticity <= 1.3
        else f"by about {est.elasticity:.1f}% for each 1% fall"
    )
    verdict = f"Yes: the won fell and rice followed it, {size}"
    verdict += ", but the evidence is thin." if (est.n < 10 or width > 1) else "."
else:
    verdict = "The won fell, but these data cannot tell whether rice followed it (the interval includes zero)."
steady = "wide" if width > 1 else "fairly tight"
other = "USD" if rate_series == "CNY" else "CNY"
try:
    other_est = pt.estimate_passthrough(aligned["rice", other], min_points=min_points)
    other_text = (
        f"Against the {other} rate the pooled estimate is {other_est.elasticity:.2f} "
        f"({interval(other_est.ci_low, other_est.ci_high)}, {other_est.n} pairs)."
    )
except pr.InsufficientDataError:
    other_text = f"Against the {other} rate no fit is possible with this filter."

rn.md(f"""
> **The answer.** {verdict} In {wage_city} the {rate_series} rate went from {change_text(rate_change, "KPW")} and rice from
> {change_text(rice_change, "KPW/kg")}.
>
> **Pass-through.** A 10% weaker won against the {rate_series} goes with rice about
> **{10 * est.elasticity:.0f}% dearer**: elasticity **{est.elasticity:.2f}**, 95% interval
> {interval(est.ci_low, est.ci_high)} ({steady}), from **{est.n} city-month pairs** ({fit_where};
> {est.n_informative} of them inform the slope, {est.dof} residual degrees of freedom).{fallback_text}
> {other_text}
>
> **The 3,000 KPW/CNY level.** The founding report's "about 3,000 KPW per yuan" in Hyesan could not be
> seen in the retrieved excerpt of that report; {level_text}.
>
> **Wages.** After the October 2023 reform a worker's {wage_after_kpw:,.0f} KPW a month bought
> **{real_at_reform:.1f} kg of rice** ({at_reform.city}, {at_reform.price_kpw_per_kg:,.0f} KPW/kg,
> {at_reform.publisher}, {at_reform.date}{distance_text}); at the latest price it buys **{real_latest:.1f} kg**
> ({latest_rice.city}, {latest_rice.price_kpw_per_kg:,.0f} KPW/kg, {latest_rice.publisher},
> {latest_rice.date}): {1 - real_latest / real_at_reform:.0%} of the reform's purchasing power is gone.
> One smuggled car's profit of {rn.fmt_cny(car_profit_cny)}, at {car_profit_rate_kpw_per_cny:,.0f} KPW/CNY,
> is {profit_kpw / 1e6:,.1f} million KPW: **{wage_months:,.0f} months** ({wage_months / 12:,.0f} years) of
> that wage.
""")

# %% [markdown]
# ## The won against the yuan and the dollar
#
# Market rates by city, on a log scale (equal steps are equal percentage changes). Colour is the
# city, the marker the publisher; a line joins only one publisher's observations in one city, so
# two publishers are never drawn as one series. Observations dated only to the year are hollow
# markers at mid-year and are not joined; month-only dates are drawn at mid-month; a gap of more
# than a year in one publisher's series is left open rather than bridged. Dotted lines mark
# the wage reform and the two smuggling halts (flood, July 2024; suspension, May 2025); the dashed
# line is the founding report's 3,000 KPW/CNY, which the retrieved excerpt does not show.

# %%
rates = shown[shown["series"].isin(["CNY", "USD"])]
fig, axes = plt.subplots(2, 1, figsize=(viz.PAGE_WIDTH_IN, 6.2), sharex=True, layout="constrained")
for ax, cur in zip(axes, ["CNY", "USD"], strict=True):
    draw_series(ax, rates[rates["series"] == cur])
    log_kpw(ax, f"KPW per {cur} (log scale)")
    mark_events(ax, label=cur == "CNY")
    ax.set_title(f"Market rate, KPW per {cur}")
axes[0].axhline(3000, color=viz.NEGATIVE, linestyle="--", linewidth=1.2)
axes[0].annotate(
    "founding report: ~3,000 (not in excerpt)",
    (0.01, 3000),
    xycoords=("axes fraction", "data"),
    xytext=(0, 3),
    textcoords="offset points",
    fontsize=7.5,
    color=viz.NEGATIVE,
    va="bottom",
)
years(axes[1])
axes[1].set_xlabel("Date of observation (year)")
legends(fig, rates)
plt.show()

# %% [markdown]
# ## Rice and corn
#
# Rice and corn prices in KPW per kg, log scale, drawn the same way. In these data rice rose much
# faster than corn from late 2024 (corn, the staple of those who cannot afford rice, moved less).

# %%
food = shown[shown["series"].isin(["rice", "corn"])]
fig, axes = plt.subplots(2, 1, figsize=(viz.PAGE_WIDTH_IN, 6.0), sharex=True, layout="constrained")
for ax, s in zip(axes, ["rice", "corn"], strict=True):
    draw_series(ax, food[food["series"] == s])
    log_kpw(ax, "KPW per kg (log scale)")
    mark_events(ax, label=s == "rice")
    ax.set_title(f"Market price of {s}, KPW per kg")
years(axes[1])
axes[1].set_xlabel("Date of observation (year)")
legends(fig, food)
plt.show()

# %% [markdown]
# ## How far prices moved since early 2024
#
# The plain change in each series from its first observation of January-March 2024 (or, where a
# series starts later, its first observation of 2024) to its latest one, within one publisher.

# %%
shown_changes = pr.series_change(shown)
rows = [
    {
        "city": short(r["city"]),
        "series": r["series"],
        "publisher": r["publisher"],
        "from (date: value)": f"{r['first_date']}: {r['first_value']:,.0f}",
        "to (date: value, change)": f"{r['last_date']}: {r['last_value']:,.0f} ({r['pct_change']:+.0f}%)",
    }
    for _, r in shown_changes.iterrows()
]
if rows:
    rn.table(rows, caption="Change since early 2024 (KPW per CNY, per USD, per kg or per liter)")
else:
    rn.md("*No series has two dated observations in 2024 or later under this filter.*")

# %% [markdown]
# ## Pass-through: rice against the exchange rate
#
# **How the pairs are built.** Each observation gets the calendar month of its date; observations
# known only to the year are left out (their month is unknown, and none is guessed). A rice price
# is paired with an exchange rate of the same city and month; where a city-month has several
# observations of a series the pair uses their median. With the default policy a price is paired
# only with a rate from the *same publisher*. The fit is a regression of log rice price on log rate,
# `log price = a(city) + b × log rate`: each city keeps its own level, so the elasticity `b` comes
# only from movements within a city over time. The interval is the 95% t-interval.
#
# Each line below is a city's fitted line with the common slope, through that city's mean; the
# band spans the slopes of the 95% interval. Cities with one pair fix only their own level and
# carry no information about the slope (hollow markers).

# %%
fig, ax = viz.figure(height_in=4.0)
pairs = fit_pairs
counts = pairs["city"].value_counts()
for c, g in pairs.groupby("city"):
    single = counts[c] < 2
    for pubs, gp in g.groupby("publishers"):
        ax.scatter(
            gp["rate_kpw"],
            gp["price_kpw"],
            color=CITY_COLOR[c],
            marker=PUB_MARKER.get(pubs, "X"),
            s=36,
            zorder=3,
            facecolors="none" if single else CITY_COLOR[c],
            linewidths=1.2,
        )
    if single:
        continue
    xm, ym = g["log_rate"].mean(), g["log_price"].mean()
    xs = np.linspace(g["log_rate"].min() - 0.08, g["log_rate"].max() + 0.08, 50)
    lo = ym + np.minimum(est.ci_low * (xs - xm), est.ci_high * (xs - xm))
    hi = ym + np.maximum(est.ci_low * (xs - xm), est.ci_high * (xs - xm))
    ax.fill_between(
        np.exp(xs), np.exp(lo), np.exp(hi), color=CITY_COLOR[c], alpha=0.15, linewidth=0
    )
    ax.plot(np.exp(xs), np.exp(ym + est.elasticity * (xs - xm)), color=CITY_COLOR[c], linewidth=1.4)
ax.set_xscale("log")
log_kpw(ax, "Rice, KPW per kg (log scale)")
ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 1.5, 2.0, 3.0, 5.0, 7.0)))
ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
ax.xaxis.set_minor_formatter(NullFormatter())
ax.set_xlabel(f"Market rate, KPW per {rate_series} (log scale)")
ax.set_title(
    f"Rice against KPW/{rate_series}: elasticity {est.elasticity:.2f} "
    f"({interval(est.ci_low, est.ci_high)}), n = {est.n}"
)
pub_frame = pairs.assign(publisher=pairs["publishers"], date_precision="day")
legends(
    fig,
    pub_frame,
    extra=[
        Line2D(
            [],
            [],
            color="#555555",
            marker="o",
            markerfacecolor="none",
            linestyle="",
            label="city with one pair",
        )
    ],
)
plt.show()

table = pt.passthrough_table(aligned["rice", rate_series], min_points=min_points)


def status(r):
    if r["status"] == "ok":
        return f"fitted: {int(r['n_informative'])} pairs inform the slope, {int(r['dof'])} residual dof"
    if r["n"] < min_points:
        return f"not fitted: {r['n']} < {min_points} pairs"
    return "not fitted: no residual degree of freedom"


def with_interval(e, lo, hi):
    return "–" if e != e else f"{e:.2f} ({interval(lo, hi)})"


rn.table(
    [
        {
            "city": short(r["city"]),
            "pairs": int(r["n"]),
            "elasticity (95% interval)": with_interval(r["elasticity"], r["ci_low"], r["ci_high"]),
            "status": status(r),
        }
        for _, r in table.iterrows()
    ],
    caption=f"Rice on KPW/{rate_series} by city and pooled (city fixed effects), "
    f"publisher_policy={publisher_policy}",
)
rn.table(
    [
        {
            "city": short(r["city"]),
            "month": str(r["month"]),
            "publisher(s)": r["publishers"],
            "rice KPW/kg": r["price_kpw"],
            f"KPW/{rate_series}": r["rate_kpw"],
            "observations": f"{r['price_obs_ids']} / {r['rate_obs_ids']}",
        }
        for _, r in fit_pairs.iterrows()
    ],
    caption="The aligned pairs behind the headline fit (observation ids: rice / rate)",
)


# %% [markdown]
# ## How robust is the elasticity?
#
# The same regression on other choices. The yuan fit rests on few pairs and moves with them; a
# publisher's level difference (NK Times reports higher rates than Daily NK) can tilt a slope, so
# one row gives each city-and-publisher its own intercept. The bootstrap resamples pairs within each
# city; with a handful of pairs per city it is coarse and can be wider than the t-interval. Corn is shown
# for comparison; a fit that the data cannot support is reported as such, never as a number.


# %%
def try_fit(frame, **kw):
    try:
        return pt.estimate_passthrough(frame, min_points=min_points, **kw), ""
    except pr.InsufficientDataError as err:
        text = str(err)
        return None, (
            "too few pairs"
            if "too few" in text
            else "no residual degree of freedom"
            if "degree" in text
            else "rate does not vary"
        )


head_pairs = fit_pairs
variants = [
    (f"rice ~ {rate_series}, headline (t-interval)", head_pairs, {}),
    (
        f"rice ~ {rate_series}, pairs bootstrap",
        head_pairs,
        {"method": "bootstrap", "n_boot": bootstrap_draws, "seed": seed},
    ),
    (
        f"rice ~ {rate_series}, city-and-publisher intercepts",
        head_pairs,
        {"fixed_effects": "city_publisher"},
    ),
]
alt_policy = "any" if publisher_policy == "same" else "same"
alt = pr.align_by_city_month(market, "rice", rate_series, alt_policy)
if est.city != "pooled":
    alt = alt.loc[alt["city"] == est.city]
variants.append((f"rice ~ {rate_series}, publisher_policy={alt_policy}", alt, {}))
for p, r in [("rice", other), ("corn", "CNY"), ("corn", "USD")]:
    variants.append((f"{p} ~ {r}, pooled", aligned[p, r], {}))
rob = []
for name, frame, kw in variants:
    fit, why = try_fit(frame, **kw)
    rob.append(
        {
            "variant": name,
            "pairs": len(frame),
            "elasticity (95% interval)": (
                with_interval(fit.elasticity, fit.ci_low, fit.ci_high) if fit else "–"
            ),
            "note": why
            or (
                f"{fit.n_boot_used:,} resamples"
                if fit.method == "bootstrap"
                else f"{fit.dof} residual dof"
            ),
        }
    )
rn.table(rob, caption="Pass-through under other choices (elasticity, dimensionless)")

# %% [markdown]
# ## A worker's wage in rice
#
# A worker's monthly state wage (3,000 KPW before the October 2023 reform, 30,000 from it; 38 North)
# divided by each rice observation: the kilograms of rice one month's wage buys. The reform lifted
# it tenfold on paper; the price of rice has since taken most of that back. Drawn as above: colour
# is the city, the marker the publisher, lines never join two publishers nor the two sides of the
# reform.

# %%
rice_shown = pr.filter_observations(shown, series="rice")
real = rw.real_wage_rice_kg(rice_shown, wage_before_kpw, wage_after_kpw, reform_month)
fig, ax = viz.figure(height_in=3.8)
draw_series(ax, real.assign(value=real["wage_rice_kg"]), split=("regime",))
mark_events(ax, at="bottom")
ax.set_ylabel("kg of rice per month's wage")
ax.set_xlabel("Date of rice price observation (year)")
ax.set_ylim(bottom=0)
years(ax)
ax.set_title(
    f"Monthly wage in rice ({wage_before_kpw:,.0f} → {wage_after_kpw:,.0f} KPW from {reform_month})"
)
legends(fig, real)
plt.show()

points = [
    ("At the reform (nearest rice price)", at_reform, wage_after_kpw),
    ("Latest rice price", latest_rice, wage_latest),
]
rn.table(
    [
        {
            "point": what,
            "city": short(p.city),
            "date": p.date,
            "publisher": p.publisher,
            "rice KPW/kg": p.price_kpw_per_kg,
            "wage KPW/month": w,
            "kg of rice": w / p.price_kpw_per_kg,
        }
        for what, p, w in points
    ],
    caption=f"The two headline real wages ({wage_city}; the reform point is "
    f"{at_reform.month_distance} month(s) from {reform_month})",
)

# %% [markdown]
# ## One smuggled car against a worker's wage
#
# One used car's profit to the smuggler, converted to won and set against a worker's monthly wage
# and against rice. The conversion rate is the founding report's 3,000 KPW/CNY, an assumption here
# (see the sources table); the latest observed yuan rate of the headline city is shown beside it.

# %%
try:
    latest_rate = rw.rice_price_latest(market, city=wage_city, series="CNY")  # any series works
except pr.InsufficientDataError:
    latest_rate = None
rn.table(
    [
        {"quantity": "Profit per used car", "value": car_profit_cny, "unit": "CNY"},
        {
            "quantity": "Exchange rate used",
            "value": car_profit_rate_kpw_per_cny,
            "unit": "KPW per CNY (assumed)",
        },
        {"quantity": "Profit per used car", "value": profit_kpw / 1e6, "unit": "million KPW"},
        {
            "quantity": "In months of the post-reform wage",
            "value": wage_months,
            "unit": f"months of {wage_after_kpw:,.0f} KPW",
        },
        {
            "quantity": "In months of the pre-reform wage",
            "value": wage_months_before,
            "unit": f"months of {wage_before_kpw:,.0f} KPW",
        },
        {
            "quantity": "In rice at the latest price",
            "value": profit_kpw / latest_rice.price_kpw_per_kg / 1000,
            "unit": f"tonnes ({latest_rice.price_kpw_per_kg:,.0f} KPW/kg)",
        },
    ]
    + (
        []
        if latest_rate is None
        else [
            {
                "quantity": "In months of the post-reform wage, at the latest observed yuan rate",
                "value": rw.car_profit_in_wage_months(
                    car_profit_cny, latest_rate.price_kpw_per_kg, wage_after_kpw
                ),
                "unit": f"months ({wage_city}: {latest_rate.price_kpw_per_kg:,.0f} KPW/CNY on {latest_rate.date}, "
                f"{latest_rate.publisher})",
            },
        ]
    ),
    caption="One car's profit in won, wages and rice",
)

# %% [markdown]
# ## Data quality
#
# Every observation keeps its publisher and the precision of its date (day, month or year). The
# first table counts observations per series, city and publisher under this run's filters; the
# second lists the same-month figures of two publishers that differ by more than the conflict
# tolerance. At the default tolerance all conflicts in the data are dollar rates of November 2024: NK Times reports about
# 30,000 KPW per USD where Daily NK's survey of the same week gives about 18,000. Both are kept; the
# default pass-through never pairs one publisher's price with the other's rate.

# %%
quality = pr.data_quality_table(shown, tolerance=conflict_tolerance)


def obs_text(r):
    text = f"{r['n_obs']}: {r['n_day']} d, {r['n_month']} m, {r['n_year']} y"
    return text + (f"; {r['n_conflicting_obs']} in conflict" if r["n_conflicting_obs"] else "")


rn.table(
    [
        {
            "series and city": f"{r['series']}, {short(r['city'])}",
            "publisher": r["publisher"],
            "observations": obs_text(r),
            "first to last date": f"{r['first_date']} to {r['last_date']}",
        }
        for _, r in quality.iterrows()
    ],
    caption=f"Observations per series, city and publisher ({len(shown)} of {len(everything)} "
    "observations under this run's filters; d, m, y: dated to the day, month, year)",
)
conflicts = pr.publisher_conflicts(shown, tolerance=conflict_tolerance)
if conflicts.empty:
    rn.md(
        f"*No two publishers disagree by more than {conflict_tolerance} log points within a month "
        "under this filter.*"
    )
else:
    rn.table(
        [
            {
                "series, city, month": f"{r['series']}, {short(r['city_a'])}, {r['month']}",
                "publisher A": f"{r['publisher_a']}: {r['value_a']:,.0f} ({r['date_a']})",
                "publisher B": f"{r['publisher_b']}: {r['value_b']:,.0f} ({r['date_b']})",
                "gap": f"{r['rel_diff']:.0%}",
            }
            for _, r in conflicts.iterrows()
        ],
        caption=f"Publisher conflicts (same series, city and month; |log ratio| > {conflict_tolerance})",
    )

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Every number above is either sourced (with its citation) or an assumption (with its
# rationale). Parameters changed from their defaults are marked. The last table lists the
# articles behind the market observations used in this run.

# %%
rn.parameters_table()
rn.sources_table()
import html as _html

srcs = (
    shown.assign(_pos=plot_position(shown))
    .sort_values("_pos")
    .groupby(["publisher", "source_url", "source_title"], sort=False)
    .agg(n=("obs_id", "size"), first=("date", "first"), last=("date", "last"))
    .reset_index()
)
rn.table(
    [
        {
            "publisher and article": f"{_html.escape(r['publisher'])}: "
            f'<a href="{_html.escape(r["source_url"], quote=True)}">{_html.escape(r["source_title"])}</a>',
            "obs.": int(r["n"]),
            "dates": r["first"] if r["first"] == r["last"] else f"{r['first']} to {r['last']}",
        }
        for _, r in srcs.iterrows()
    ],
    caption="Market-data sources used in this run (market_rates.csv)",
    html_cells=("publisher and article",),
)
