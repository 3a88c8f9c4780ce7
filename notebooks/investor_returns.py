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
sale_price_cny: float = 83000.0  # CNY per vehicle; sourced: used_car_sale_price_2025_cny; shared by the reports
waku_price_cny: float = 25000.0  # CNY per vehicle; sourced: waku_price_2025_cny; shared by the reports
transport_cny: float = 2500.0  # CNY per vehicle; sourced: transport_cost_per_vehicle_2024_cny; shared by the reports
company_profit_share: float = 0.0  # share; assumed (see the schema); shared by the reports
annual_interest_rate: float = 0.6  # per year; implied: informal_loan_rate_acquaintance_hyesan_2011 x 12; shared by the reports
price_slump_probability: float = 0.15  # probability per cycle; implied (see the schema)
below_cost_probability: float = 0.05  # probability per cycle; assumed (see the schema)
poor_quality_probability: float = 0.02  # probability per cycle; assumed (see the schema)
crackdown_probability: float = 0.1  # probability per cycle; assumed (see the schema)
fine_cny: float = 30000.0  # CNY per car; assumed (see the schema)
independent_extra_cost_cny: float = 10000.0  # CNY per car; assumed (see the schema)
remittance_crackdown_probability: float = 0.1  # probability per cycle; assumed (see the schema)
remittance_fine_share_of_float: float = 0.5  # share of the float; assumed (see the schema)
remittance_commission_low: float = 0.1  # share of volume; assumed (see the schema)
remittance_commission_high: float = 0.3  # share of volume; assumed (see the schema)
remittance_cycles_per_year: float = 6.0  # cycles per year; assumed (see the schema)
halts_per_year: float = 2.8  # per year; implied (see the schema)
halt_days: int = 20  # days; implied (see the schema)
calendar_halt_days: int = 0  # days; assumed (see the schema)
calendar_halt_start_month: int = 5  # month (1-12); assumed (see the schema)
calendar_halt_start_day: int = 15  # day of month; assumed (see the schema)
frozen_capacity: float = 1.0  # share of days; assumed (see the schema)
thaw_capacity: float = 0.8  # share of days; assumed (see the schema)
thaw_cost_multiplier: float = 1.5  # x base crossing cost; assumed (see the schema)
flood_capacity: float = 0.75  # share of days; assumed (see the schema)
flood_cost_multiplier: float = 1.0  # x base crossing cost; assumed (see the schema)
procurement_days: int = 10  # days; assumed (see the schema); shared by the reports
crossing_days: int = 2  # days; assumed (see the schema); shared by the reports
inspection_days: int = 5  # days; sourced: inspection_period_days; shared by the reports
approval_days: int = 10  # days; sourced: sale_approval_delay_days; shared by the reports
time_to_sale_days: int = 14  # days; assumed (see the schema); shared by the reports
new_time_to_sale_days: int = 60  # days; assumed (see the schema); shared by the reports
n_years: int = 200000  # simulated years; assumed (see the schema)
n_paths: int = 100000  # simulated investors; assumed (see the schema)
risk_aversion: float = 2.0  # relative risk aversion; assumed (see the schema)
seed: int = 20250304  # assumed (see the schema)
# fmt: on

# %%
from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import investor as inv
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import investor_text as tx
from hyesan_analysis.reporting.specs._world import ANNUAL_INTEREST_RATE_RANGE_PER_YEAR as CREDIT
from hyesan_analysis.reporting.specs.investor_drivers import driver_table
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, to_model, upstream_car_deal
from hyesan_analysis.reporting.specs.investor_run import (
    compute,
    halt_windfall_effect,
    record_results,
    what_if_stock_gains,
)
from hyesan_analysis.viz import investor as vi

params = rn.start("investor_returns", globals())
# the state-led route is the car report's deal over time: its margin, capital and cycle
deal = upstream_car_deal(rn.upstream_value)
sp, season = to_model(params, **deal)
car_net_profit = rn.upstream_value("car_unit_economics", "net_profit_per_car_cny")
res = compute(sp, params)
record_results(rn.record, res)
text = res["text"]
rn.md(text["answer"])

# %% [markdown]
# ## Three routes for one yuan, one year at a time
#
# Each row is a year of capital kept in one route, simulated many times, with the profits taken
# out at the end of the year. *Before interest* is the expected return with free money; every
# other column is after simple interest on the capital for the days it is tied up. Returns are
# fractions of the capital per year; a return below −100% means fines on top of the seized
# capital. The mean is that of the simulated years; the charts and the tables marked *exact*
# use the expectation it estimates, which differs from it only by Monte Carlo noise.

# %%
caption = f"Annual return on capital by route ({n_years:,} simulated years each)"
rn.table(vi.return_rows(res["summary"], res["gross"]), caption=caption)

# %% [markdown]
# ## Credit from the sources: the rate sets the level, and can set the ranking
#
# Every route pays interest for each day its capital is tied up, so the expected return falls in a
# straight line with the interest rate. The grey band is the range of informal credit the sources
# report; the dotted line is this run's rate.

# %%
fig, _ = vi.interest_rate_chart(sp, 1.25 * CREDIT[1], CREDIT)
rn.figure(fig, caption="Expected annual return by route against the interest rate", name="credit")
rn.md(text["credit"])
caption = (
    "The preferred route over five years across the sourced credit range "
    f"({res['preferred_over_rates_paths']:,} investors a route at each rate but this run's)"
)
rn.table(vi.preferred_rows(res["preferred_over_rates"], risk_aversion), caption=caption)

# %% [markdown]
# ## Losses are results: the documented downside of the state-led route
#
# The state-led route carries no crackdown risk, but the sources record cycles that lose money.
# Each row is a way a cycle of used cars goes wrong, with the margin a used car earns then and how
# often it happens. The losses are sourced; the frequencies are read from the record where it
# allows and assumed otherwise (the parameters table gives each rationale). A cycle hit by one
# earns that margin instead of the ordinary one, on all its cars. Halts stop crossings while the
# capital stays stuck and pays interest; the cars in stock then sell dearer.

# %%
rows = vi.downside_rows(sp, res["cycles_per_year"], halt_days)
rn.table(rows, caption="Downside events of the state-led route", numeric_right=False)
rn.md(text["downside"])

# %% [markdown]
# ## Compounding: five years of reinvesting
#
# An investor puts all his capital into one route and reinvests it, cycle after cycle, through the
# seasons, halts, seizures and losses above. The table gives his wealth, as a multiple of his
# starting capital, after one, three and five years; *ruined* means he has lost at least half.

# %%
caption = "Wealth of simulated investors by route: median and 5th to 95th percentile"
rn.figure(vi.wealth_chart(res["wealth"])[0], caption=caption, name="wealth")
caption = f"Wealth after 1, 3 and 5 years ({n_paths:,} investors a route)"
rn.table(vi.wealth_rows(res["wealth"]), caption=caption)
rn.md(text["compounding"])

# %% [markdown]
# ## Which route a cautious investor prefers
#
# A certainty equivalent is the sure return an investor would swap a route's risky five years
# for. Under constant relative risk aversion it falls as the aversion rises; at 0 it is the mean.
# Where the lines cross, the preferred route changes.

# %%
curves = (res["risk_aversions"], res["ce_curves"], risk_aversion, res["breakeven_risk_aversion"])
caption = "Certainty-equivalent return a year over five years, by route and risk aversion"
rn.figure(vi.certainty_equivalent_chart(*curves)[0], caption=caption, name="ce")
rn.md(text["ce"])

# %% [markdown]
# ## How much crackdown risk makes the waku worth it
#
# The independent route saves the waku but risks a seizure each cycle. Its expected return falls
# with the crackdown probability; the state-led return does not depend on it. Where the two lines
# cross is the break-even probability, given here per cycle and per year.

# %%
fig, _ = vi.breakeven_chart(sp, res["breakeven_crackdown_probability"])
rn.figure(
    fig, caption="Independent against state-led smuggling by crackdown risk", name="breakeven"
)
rn.md(text["breakeven"] + ". " + text["seizure"])

# %% [markdown]
# ## Brokering: every assumption visible
#
# No source gives a broker's commission, turnover, seizure rate or fine; each is a parameter with
# its rationale in the table at the end. This table takes each assumed cost away in turn.

# %%
caption = "Expected annual return of remittance brokering without each assumed cost"
rn.table(vi.brokering_rows(res["broker"]), caption=caption)
rn.md(text["broker"])

# %% [markdown]
# ## What drives the state-led return
#
# Each input is varied over its stated range: sourced where a source gives one, implied where it
# is counted from the sourced record (months at a price, stops a year), assumed otherwise. The
# tornado moves one input at a time; the Sobol indices vary all of them together.

# %%
drivers = driver_table(params, deal, base_samples=256, seed=seed % 2**31)
caption = "State-led expected return: tornado and Sobol indices over the inputs' ranges"
rn.figure(vi.drivers_chart(drivers, res["state_led_expected"])[0], caption=caption, name="drivers")
caption = "Inputs of the state-led return, their ranges and indices"
rn.table(vi.driver_rows(drivers), caption=caption, numeric_right=False)
rn.md(tx.drivers_text(drivers))

# %% [markdown]
# ## The capital cycle and the season
#
# The money for a used car is tied up from the advance payment to the Chinese supplier until a
# buyer in Hyesan pays; inspection and approval are sourced, the other stages assumed. The Yalu's
# seasons decide how many days a year cars can cross (months sourced, sizes assumed).

# %%
cycle = sp.used.cycle
fig, _ = vi.capital_cycle_chart(cycle, sourced={p.name for p in SCHEMA.params if p.is_sourced})
rn.figure(fig, caption="Capital cycle of one used car", name="cycle")
rn.figure(vi.calendar_heatmap(sp.calendar)[0], caption="Crossing calendar", name="calendar")
rn.table(vi.calendar_rows(sp.calendar), caption="The calendar by season, with its sources")
reported = get_fact("smuggler_profit_per_car_2025_cny")
rn.md(f"""
A used car's cycle is **{cycle.total_days:.0f} days**, about {res["cycles_per_year"]:.1f} cycles
over the {res["operating_days_per_year"]:.0f} days a year on which cars can cross. One cycle at
the ordinary margin and base crossing cost earns the state-led investor
{rn.fmt_cny(inv.used_car_profit_per_cycle_cny(sp, "state_led"))} after interest: the car report's
net profit per car ({rn.fmt_cny(car_net_profit)}). The ordinary margin is drawn within
{rn.fmt_cny(sp.used.margin_spread_cny)} of it, half the width of the
{fmt.amount_range(reported.low, reported.high)} CNY reported for 2025
[smuggler_profit_per_car_2025_cny].
""")

# %% [markdown]
# ## What if the thaw is hard, or the state halts smuggling
#
# *Hard thaw*: in March and April cars cross on fewer days at a higher cost (assumed sizes).
# *Halt*: no crossings for a month from the day the 2025 suspension began (sourced), with the
# cars in stock selling at 85,000 after it instead of the 70,000 before it (sourced): a windfall
# on stock. Brokering needs no river and is unchanged.

# %%
gains = what_if_stock_gains(params)
whatif = inv.compare_scenarios(
    sp, inv.what_if_calendars(season), n_years, seed, gains, base_sims=res["sims"]
)
caption = "Expected annual return after interest, by case and route"
rn.table(vi.what_if_rows(whatif), caption=caption)
rn.md(tx.what_if_text(halt_windfall_effect(sp, season, params)))

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Every number above is either sourced (with its citation) or an assumption (with its rationale).
# Parameters changed from their defaults are marked. The used car's deal comes from the car
# report (listed with the parameters). The figures the model keeps for itself follow.

# %%
rn.parameters_table()
rn.sources_table()
caption = "Model figures (not parameters): sourced or assumed"
rn.table(vi.figure_rows(inv.model_figures()), caption=caption, numeric_right=False)
