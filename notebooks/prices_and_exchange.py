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
wage_before_kpw: float = 3000.0  # KPW per month; sourced: worker_wage_before_reform_kpw_per_month; shared by the reports
wage_after_kpw: float = 30000.0  # KPW per month; sourced: worker_wage_after_reform_kpw_per_month; shared by the reports
reform_month: str = "2023-10"  # YYYY-MM; sourced: wage_reform_2023_10 (date)
rate_after_kpw_per_cny: float = 3000.0  # KPW per CNY; sourced: hyesan_market_rate_founding_kpw_per_cny; shared by the reports
conflict_tolerance: float = 0.25  # log points; assumed (see the schema)
# fmt: on

# %%
import matplotlib.pyplot as plt

from hyesan_analysis.data.loaders import get_fact, load_market_rates
from hyesan_analysis.model import market_alignment, market_filter, market_quality
from hyesan_analysis.model import passthrough_fits as pf
from hyesan_analysis.model import real_wage as rw
from hyesan_analysis.model.car_profit_wages import car_profit_in_wages
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import prices_and_exchange_text as text
from hyesan_analysis.reporting.specs.prices_and_exchange import to_model
from hyesan_analysis.viz import market as vm

params = rn.start("prices_and_exchange", globals())
# the smuggler's margin per car is the car report's, computed in the same world
margin_cny = rn.upstream_value("car_unit_economics", "profit_per_car_cny")
m = to_model(params, profit_per_car_cny=margin_cny)
everything = load_market_rates()
founding = get_fact("hyesan_market_rate_founding_kpw_per_cny")
style = vm.market_style(everything["city"], m.wages.reform_month)
focus, rate = m.window.focus_city, m.passthrough.rate_series

# --- data: the filters of this run; every city stays in `market` for the pooled fits ------
market = m.window.market(everything)
shown = m.window.shown(market)

# --- pass-through: rice on the chosen rate, by city where possible, pooled otherwise ----
pairs = market_alignment.align_pairs(market, m.passthrough.publisher_policy)
head = pf.headline_fit(pairs, m.passthrough, m.window.city, m.window.filters)
est = head.estimate

# --- real wage and the car's profit ----------------------------------------------------
wage = rw.headline_real_wages(market, focus, m.wages, m.window.filters)
car = car_profit_in_wages(m.car, m.wages, wage.latest, market, focus)

rn.record("passthrough_rice", est.elasticity, label=text.fit_label(head, rate))
rn.record("passthrough_rice_ci_low", est.ci_low, label="95% interval, low")
rn.record("passthrough_rice_ci_high", est.ci_high, label="95% interval, high")
rn.record("passthrough_n", est.n, label="Aligned city-month pairs in the fit")
rn.record(
    "real_wage_rice_kg_at_reform",
    wage.at_reform_kg,
    label=text.at_point("New wage in rice at the reform", wage.at_reform),
)
rn.record(
    "real_wage_rice_kg_latest",
    wage.latest_kg,
    label=text.at_point("Wage in rice, latest", wage.latest),
)
rn.record(
    "car_profit_in_wage_months", car.wage_months_after, label="One car's margin in months of wage"
)

# %%
changes = market_filter.series_change(market)
rate_change = market_filter.latest_change(changes, focus, rate)
rice_change = market_filter.latest_change(changes, focus, "rice")
level = market_filter.level_around(market, focus, founding.date)

rn.md(f"""
> **The answer.** {text.verdict(est)} In {focus} the {rate} rate went from {fmt.change_text(rate_change, "KPW")} and rice from
> {fmt.change_text(rice_change, "KPW/kg")}.
>
> **Pass-through.** A 10% weaker won against the {rate} goes with rice about
> **{10 * est.elasticity:.0f}% dearer**: elasticity **{est.elasticity:.2f}**, 95% interval
> {fmt.interval_text(est.ci_low, est.ci_high)} ({text.steadiness(est)}), from **{est.n} city-month pairs** ({text.fit_scope(est)};
> {est.n_informative} of them inform the slope, {est.dof} residual degrees of freedom).{text.fallback(head, m.passthrough.min_points)}
> {text.other_rate(pf.other_rate(pairs, m.passthrough), m.passthrough.other_rate_series)}
>
> **The {founding.value:,.0f} KPW/CNY level.** {text.founding_level(founding, level, focus)}
>
> **Wages.** After the October 2023 reform a worker's {m.wages.wage_after_kpw:,.0f} KPW a month bought
> **{wage.at_reform_kg:.1f} kg of rice** ({text.price_point(wage.at_reform)}{text.reform_distance(wage.at_reform)}); at the latest
> price it buys **{wage.latest_kg:.1f} kg** ({text.price_point(wage.latest)}): {wage.share_lost:.0%} of the reform's purchasing power
> is gone. One smuggled car's margin of {rn.fmt_cny(m.car.profit_per_car_cny)} (the car_unit_economics report's, in this
> world), at {m.car.rate_after_kpw_per_cny:,.0f} KPW/CNY, is {car.profit_kpw / 1e6:,.1f} million KPW: **{car.wage_months_after:,.0f} months**
> ({car.wage_months_after / 12:,.0f} years) of that wage.
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
# line is the Hyesan market rate of about 3,000 KPW/CNY given in the founding report (Daily NK,
# 4 March 2025).

# %%
vm.rates_figure(shown, style, founding.value, text.founding_label(founding))
plt.show()

# %% [markdown]
# ## Rice and corn
#
# Rice and corn prices in KPW per kg, log scale, drawn the same way. In these data rice rose much
# faster than corn from late 2024 (corn, the staple of those who cannot afford rice, moved less).

# %%
vm.food_figure(shown, style)
plt.show()

# %% [markdown]
# ## How far prices moved since early 2024
#
# The plain change in each series from its first observation of January-March 2024 (or, where a
# series starts later, its first observation of 2024) to its latest one, within one publisher.

# %%
change_rows = text.change_rows(market_filter.series_change(shown))
if change_rows:
    rn.table(
        change_rows, caption="Change since early 2024 (KPW per CNY, per USD, per kg or per liter)"
    )
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
vm.passthrough_figure(head.pairs, est, style, rate)
plt.show()

by_city = pf.passthrough_table(pairs["rice", rate], min_points=m.passthrough.min_points)
rn.table(
    text.passthrough_rows(by_city, m.passthrough.min_points),
    caption=f"Rice on KPW/{rate} by city and pooled (city fixed effects), "
    f"publisher_policy={m.passthrough.publisher_policy}",
)
rn.table(
    text.pair_rows(head.pairs, rate),
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
variants = pf.robustness_fits(market, pairs, m.passthrough, head)
rn.table(
    text.robustness_rows(variants),
    caption="Pass-through under other choices (elasticity, dimensionless)",
)

# %% [markdown]
# ## A worker's wage in rice
#
# A worker's monthly state wage (3,000 KPW before the October 2023 reform, 30,000 from it; 38 North)
# divided by each rice observation: the kilograms of rice one month's wage buys. The reform lifted
# it tenfold on paper; the price of rice has since taken most of that back. Drawn as above: colour
# is the city, the marker the publisher, lines never join two publishers nor the two sides of the
# reform.

# %%
real = rw.real_wage_rice_kg(market_filter.filter_observations(shown, series="rice"), m.wages)
vm.real_wage_figure(real, style, m.wages)
plt.show()

rn.table(
    text.real_wage_rows(wage),
    caption=f"The two headline real wages ({focus}; the reform point is "
    f"{wage.at_reform.month_distance} month(s) from {m.wages.reform_month})",
)

# %% [markdown]
# ## One smuggled car against a worker's wage
#
# One used car's margin to the smuggler, as the car_unit_economics report computes it from the
# same prices, waku and trading company's share (listed, with a link, in the parameters table),
# converted to won and set against a worker's monthly wage and against rice. By default the
# conversion rate is the Hyesan market rate of about 3,000 KPW/CNY given in the founding report
# (Daily NK, 4 March 2025; see the sources table); the latest observed yuan rate of the headline
# city is shown beside it.

# %%
rn.table(
    text.car_rows(car, m.car, m.wages, focus, founding),
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
quality = market_quality.data_quality_table(shown, m.conflict_tolerance)
rn.table(
    text.quality_rows(quality),
    caption=f"Observations per series, city and publisher ({len(shown)} of {len(everything)} "
    "observations under this run's filters; d, m, y: dated to the day, month, year)",
)
conflicts = market_quality.publisher_conflicts(shown, m.conflict_tolerance)
if conflicts.empty:
    rn.md(
        f"*No two publishers disagree by more than {m.conflict_tolerance} log points within a "
        "month under this filter.*"
    )
else:
    rn.table(
        text.conflict_rows(conflicts),
        caption="Publisher conflicts (same series, city and month; "
        f"|log ratio| > {m.conflict_tolerance})",
    )

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Every number above is sourced (with its citation), an assumption (with its rationale) or
# computed by another report in the same world (the car's margin, with a link to that report).
# Parameters changed from their defaults are marked; those marked "shared" are the same
# quantity in every report that uses them. The last table lists the articles behind the market
# observations used in this run.

# %%
rn.parameters_table()
rn.sources_table()
rn.table(
    text.source_rows(market_quality.source_articles(shown)),
    caption="Market-data sources used in this run (market_rates.csv)",
    html_cells=("publisher and article",),
)
