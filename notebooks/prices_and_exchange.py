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
rate_series: str = "USD"  # currency; assumed (see the schema)
publisher_filter: str = "all"  # publisher; assumed (see the schema)
start_month: str = "2020-01"  # YYYY-MM; assumed (see the schema)
end_month: str = "2026-12"  # YYYY-MM; assumed (see the schema)
fallback_to_pooled: bool = True  # assumed (see the schema)
min_changes: int = 3  # changes; assumed (see the schema)
max_gap_months: float = 12.0  # months; assumed (see the schema)
lean_first_month: int = 3  # month (1-12); assumed (see the schema)
lean_last_month: int = 8  # month (1-12); assumed (see the schema)
basket_rice_share: float = 0.5  # share by weight; assumed (see the schema)
reform_tolerance_months: int = 3  # months; assumed (see the schema)
wage_before_kpw: float = 3000.0  # KPW per month; sourced: worker_wage_before_reform_kpw_per_month; shared by the reports
wage_after_kpw: float = 30000.0  # KPW per month; sourced: worker_wage_after_reform_kpw_per_month; shared by the reports
reform_month: str = "2023-10"  # YYYY-MM; sourced: wage_reform_2023_10 (date)
rate_after_kpw_per_cny: float = 3000.0  # KPW per CNY; sourced: hyesan_market_rate_founding_kpw_per_cny; shared by the reports
conflict_tolerance: float = 0.25  # log points; assumed (see the schema)
# fmt: on

# %%
from hyesan_analysis.data.loaders import get_fact, load_market_rates
from hyesan_analysis.model import market_filter, market_quality
from hyesan_analysis.model import real_wage as rw
from hyesan_analysis.model.car_profit_wages import car_profit_in_wages
from hyesan_analysis.model.passthrough_report import passthrough_report
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

# --- pass-through on log changes: the preferred fit, the specification table, influence --
fits = passthrough_report(market, m.passthrough, m.window.city, focus, m.window.filters)

# --- real wage on one basis (rice, and the basket where one publisher prices both) ------
wage, basket = rw.wage_bases(market, focus, m.wages, m.basket_rice_share, m.reform_tolerance_months)
car = car_profit_in_wages(m.car, m.wages, rw.rice_price_latest(market, city=focus), market, focus)
car_rice = rw.margin_in_rice(m.car.profit_per_car_cny, market, focus)

res = text.results_by_key(fits, wage, basket, car.wage_months_after)
rn.record("passthrough_rice", *res["passthrough_rice"])
rn.record("passthrough_rice_ci_low", *res["passthrough_rice_ci_low"])
rn.record("passthrough_rice_ci_high", *res["passthrough_rice_ci_high"])
rn.record("passthrough_corn", *res["passthrough_corn"])
rn.record("passthrough_corn_ci_low", *res["passthrough_corn_ci_low"])
rn.record("passthrough_corn_ci_high", *res["passthrough_corn_ci_high"])
rn.record("passthrough_preferred", *res["passthrough_preferred"])
rn.record("passthrough_preferred_ci_low", *res["passthrough_preferred_ci_low"])
rn.record("passthrough_preferred_ci_high", *res["passthrough_preferred_ci_high"])
rn.record("passthrough_spec_min", *res["passthrough_spec_min"])
rn.record("passthrough_spec_max", *res["passthrough_spec_max"])
rn.record("passthrough_n", *res["passthrough_n"])
rn.record("passthrough_df", *res["passthrough_df"])
rn.record("real_wage_rice_kg_at_reform", *res["real_wage_rice_kg_at_reform"])
rn.record("real_wage_rice_kg_latest", *res["real_wage_rice_kg_latest"])
rn.record("car_profit_in_wage_months", *res["car_profit_in_wage_months"])
for key in text.optional_results(res):  # pre-reform, basket and window figures
    rn.record(key, *res[key])

# %%
level = market_filter.level_around(market, focus, founding.date)
rn.md(f"""
> **The answer.** {text.association(fits.rice.fit, rate)}. {text.thinness(fits.rice.fit)}{text.fallback(fits.rice)}
>
> **Preferred specification**: {fits.rice.label}, chosen because {text.PREFERRED_REASON}.
> {text.range_sentence(fits)} {text.corn_sentence(fits.corn)}
>
> **Over one window.** {text.window_sentence(fits.window, focus, rate)}
>
> **The {founding.value:,.0f} KPW/CNY level.** {text.founding_level(founding, level, focus)}
>
> **Wages.** {text.wage_sentence(wage, m.wages)} {text.basket_sentence(basket, m.basket_rice_share)}
> One smuggled car's margin of {rn.fmt_cny(m.car.profit_per_car_cny)} (the car_unit_economics report's, in this
> world), at {m.car.rate_after_kpw_per_cny:,.0f} KPW/CNY, is {car.profit_kpw / 1e6:,.1f} million KPW: **{car.wage_months_after:,.0f} months**
> ({car.wage_months_after / 12:,.0f} years) of the new wage.{text.margin_rice_words(car_rice)}
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
rn.figure(
    vm.rates_figure(shown, style, founding.value, text.founding_label(founding)),
    "Market rates of the won against the yuan and the dollar, by city and publisher",
    name="rates",
)

# %% [markdown]
# ## Rice and corn
#
# Rice and corn prices in KPW per kg, log scale, drawn the same way. In the full data rice rose
# much faster than corn from late 2024 (corn, the staple of those who cannot afford rice, moved
# less); the table below gives each series' change under this run's filters.

# %%
rn.figure(vm.food_figure(shown, style), "Rice and corn prices by city and publisher", name="food")

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
# ## Pass-through: rice against the exchange rate, in log changes
#
# **How the changes are built.** A price is paired with an exchange rate of the same publisher
# and city: on the same day where the publisher reports both that day, otherwise in the same
# calendar month (the median of that month's observations). Observations known only to the year
# are left out. Consecutive pairs of one publisher in one city give one change each, the log
# change of the price and of the rate over the same interval; a change is never taken between
# two publishers or two cities, nor across a gap of more than a year. The preferred fit regresses
# the price change on the rate change with one common drift, `Δlog price = a + b × Δlog rate`:
# `b` says how far rice moved with the rate over the same weeks, not what the rate did to rice.
#
# Each point below is one change (colour: city; marker: publisher); the solid line is the
# preferred fit with its interval as a band, the dashed line one-for-one pass-through.

# %%
rn.figure(
    vm.changes_figure(fits.rice.changes, fits.rice.fit, style, rate),
    text.changes_caption(fits.rice),
    name="changes",
    data=text.changes_data(fits.rice.changes),
)

# %%
rn.table(
    text.change_rows_of_fit(fits.rice.changes, rate),
    caption="The log changes behind the preferred fit (observation ids: rice/rate at each end)",
)

# %% [markdown]
# ## Specifications side by side
#
# The same regression under other choices: city-and-publisher drifts (each series its own
# trend), a dummy for changes that end in the lean season (March to August), no drift, without
# each publisher, rice on the other rate and corn on both. Every fit shows its number of changes
# (and of series) and its residual degrees of freedom; a fit the data cannot support is shown as
# such, never as a number.

# %%
rn.md(f"*{text.INTERVAL_NOTE}*")
rn.table(
    text.spec_rows(fits.table),
    caption="Pass-through by specification (elasticity, dimensionless; first row preferred)",
)

# %% [markdown]
# ## Which observation moves the estimate
#
# The preferred fit without each change in turn: with so few changes, one observation can move
# the elasticity a long way, and the table shows which.

# %%
rn.table(
    text.influence_rows(fits.influence),
    caption="Leave-one-out refits of the preferred specification",
)

# %% [markdown]
# ## A worker's wage in rice
#
# A worker's monthly state wage (3,000 KPW before the October 2023 reform, 30,000 from it; 38 North)
# divided by each rice observation of the same date: the kilograms of rice one month's wage buys.
# The reform lifted it tenfold on paper; the table says how much of that the price of rice has
# since taken back.
# Drawn as above: colour is the city, the marker the publisher, lines never join two publishers
# nor the two sides of the reform. The table sets the old and the new wage against the price
# nearest the reform, and the new wage against the latest price, for rice and for a basket of
# rice and corn priced by one publisher on one date.

# %%
real = rw.real_wage_rice_kg(market_filter.filter_observations(shown, series="rice"), m.wages)
rn.figure(
    vm.real_wage_figure(real, style, m.wages),
    text.real_wage_caption(m.wages),
    name="real-wage",
)

rn.table(
    text.basis_rows([wage, basket]),
    caption=f"A month's wage in rice and in the basket, {focus}: before the reform, at it, latest",
)

# %% [markdown]
# ## One smuggled car against a worker's wage
#
# One used car's margin to the smuggler, as the car_unit_economics report computes it from the
# same prices, waku and trading company's share (listed, with a link, in the parameters table),
# converted to won and set against a worker's monthly wage and against rice. By default the
# conversion rate is the Hyesan market rate of about 3,000 KPW/CNY given in the founding report
# (Daily NK, 4 March 2025; see the sources table), and the wage the one in force that day; the
# latest observed yuan rate of the city is shown beside it. The rice row converts at one
# publisher's yuan rate and rice price of the same date.

# %%
rn.table(
    text.car_rows(car, m.car, m.wages, focus, founding, car_rice),
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
# pass-through never pairs one publisher's price with the other's rate.

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
