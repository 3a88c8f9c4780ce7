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
annual_interest_rate: float = 0.6  # per year; sourced: informal_loan_rate_acquaintance_hyesan_2011 x 12; shared by the reports
price_slump_probability: float = 0.15  # probability per cycle; assumed (see the schema)
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
halts_per_year: float = 2.8  # per year; assumed (see the schema)
halt_days: int = 20  # days; assumed (see the schema)
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
import matplotlib.pyplot as plt

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import investor as inv
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, to_model, upstream_car_deal
from hyesan_analysis.viz import investor as vi

params = rn.start("investor_returns", globals())
# the state-led route is the car report's deal over time: its margin, capital and cycle
sp, season = to_model(params, **upstream_car_deal(rn.upstream_value))
car_net_profit = rn.upstream_value("car_unit_economics", "net_profit_per_car_cny")
sims = inv.simulate_annual_returns(sp, n_years, seed)
res = inv.investor_results(sp, sims, clip_breakeven=True)
summary = {s: inv.summarize(sims[s]) for s in inv.STRATEGIES}
gross = {s: res[f"gross_annual_return_{s}"] for s in inv.STRATEGIES}
interest_per_rate = inv.interest_cost_per_unit_rate(sp)
for name, label in {
    "annual_return_state_led": "Annual return, state-led smuggling (after interest)",
    "annual_return_independent": "Annual return, independent smuggling (after interest)",
    "annual_return_remittance": "Annual return, remittance brokering (after interest)",
    "prob_loss_state_led": "Probability of a losing year, state-led",
    "prob_loss_independent": "Probability of a losing year, independent",
    "breakeven_crackdown_probability": "Crackdown probability per cycle at which independent "
    "pays as much as state-led",
    "capital_cycle_days": "Capital cycle of a used car (payment in China to cash)",
}.items():
    rn.record(name, res[name], label=label)

# %%
pct = rn.fmt_pct
s_state, s_ind = summary["state_led"], summary["independent"]
p_star = res["breakeven_crackdown_probability"]
top_rate = max(1.5, 1.2 * annual_interest_rate)  # the interest-rate chart's right end
ranks = inv.rankings_over(sp, "annual_interest_rate", [0.0, top_rate])
cycles_a_year = inv.cycles_per_year(res["capital_cycle_days"], res["operating_days_per_year"])
breakeven_text = fmt.breakeven_sentence(p_star, crackdown_probability)
tail_text = fmt.seizure_tail_clause(s_ind["p05"])
ranking_text = fmt.ranking_sentence(ranks[0] == ranks[1], top_rate)
zero_rate = inv.zero_return_interest_rate(sp, "state_led")
zero_text = fmt.zero_return_clause("state-led smuggling", zero_rate)
conclusion = (
    "So capital, brokers' included, goes where the state's waku shields it: a steadier return "
    f"whose worst 5% of years stop at {pct(s_state['p05'], 1)} beats a larger one that a "
    "seizure can wipe out, and individuals cannot get a waku themselves, so they invest "
    "through the trading companies."
    # a bad year costs less on the state-led route, and it pays more than brokering
    if s_state["p05"] > s_ind["p05"]
    and res["annual_return_state_led"] > res["annual_return_remittance"]
    else "At these parameters the state-led route is not both the safer and the better-paying "
    "home for a broker's money, so the founding report's puzzle does not arise in the same form."
)
share_text = fmt.company_share_clause(company_profit_share, sp.used.company_share_cny)
state_keeps = inv.used_car_profit_cny(sp, "state_led")
per_car = "less" if state_keeps < inv.used_car_profit_cny(sp, "independent") else "at least as much"
rn.md(f"""
> **The answer.** Per car, the state-led route earns {per_car}: the investor keeps the car
> report's margin of {rn.fmt_cny(state_keeps)} on a used car, after the waku and the trading
> company's share{share_text}, where an independent smuggler who is not caught keeps
> {rn.fmt_cny(inv.used_car_profit_cny(sp, "independent"))}. Per yuan and year, state-led
> smuggling returns **{pct(res["annual_return_state_led"], 1)} after interest**
> ({pct(gross["state_led"])} before), and it loses money in
> **{pct(res["prob_loss_state_led"], 1)} of years** (halts that stop sales while interest runs),
> never through a crackdown: state-led smuggling offers "stability without the risk of
> crackdowns", as the founding report puts it [state_led_smuggling_no_crackdown_risk].
> Independent smuggling returns {pct(res["annual_return_independent"])} on average but loses
> money in **{pct(res["prob_loss_independent"])} of years**{tail_text}. {breakeven_text}. Remittance
> brokering under the phone crackdowns returns **{pct(res["annual_return_remittance"])}** after
> interest ({pct(gross["remittance"])} before). {conclusion}
>
> **What drives the levels: the interest rate.** At the assumed {pct(annual_interest_rate)} a
> year ({pct(annual_interest_rate / 12)} a month, informal credit) interest eats
> {100 * (gross["state_led"] - res["annual_return_state_led"]):.0f} points of the state-led
> return; {zero_text}. {ranking_text}; whether independent smuggling beats the state-led
> route in expectation depends on the unknown crackdown rate. A used car's capital comes back
> after **{res["capital_cycle_days"]:.0f} days**, about {cycles_a_year:.1f} cycles in a year of
> {res["operating_days_per_year"]:.0f} operating days.
""")

# %% [markdown]
# ## Three routes for one yuan
#
# Each row is a year of capital kept in one route, simulated many times. *Before interest* is the
# expected return with free money; every other column is after simple interest on the capital for
# the days it is tied up. Returns are fractions of the capital per year; a return below −100%
# means fines on top of the seized capital.

# %%
caption = f"Annual return on capital by route ({n_years:,} simulated years each)"
rn.table(vi.return_rows(summary, gross), caption=caption)

# %% [markdown]
# ## Before and after interest: the rate sets the level
#
# Every route pays interest for each day its capital is tied up, so the expected return falls in a
# straight line with the interest rate. The dotted line is this run's rate. The rate is an
# assumption (importers borrow at interest; no rate is reported) and it sets the level of every
# net return in this report.

# %%
vi.interest_rate_chart(sp, top_rate)
plt.show()
rn.md(f"""
Ten more points of interest a year take {10 * interest_per_rate["state_led"]:.1f} points off the
state-led return, {10 * interest_per_rate["independent"]:.1f} off the independent one and
{10 * interest_per_rate["remittance"]:.1f} off remittance brokering (whose float is tied up all
year, while car capital idles, interest-free, when the river is closed). At this run's rate, interest
takes {100 * (gross["state_led"] - res["annual_return_state_led"]):.0f} points of the state-led
{pct(gross["state_led"])}.
""")

# %% [markdown]
# ## The capital cycle: from paying in China to cash
#
# The money for a used car is tied up from the advance payment to the Chinese supplier until a
# buyer in Hyesan pays. Inspection and sale approval are sourced; the other stages are
# assumptions. The shorter the cycle, the more times a year the same yuan is used, and the less
# interest each car pays.

# %%
cycle = sp.used.cycle
vi.capital_cycle_chart(cycle, sourced={p.name for p in SCHEMA.params if p.is_sourced})
plt.show()
rn.md(f"""
A used car's cycle is **{cycle.total_days:.0f} days**: {cycle.stock_days:.0f} of them on the North
Korean side waiting for inspection, approval and a buyer. A new car, which sells more slowly
(assumed {new_time_to_sale_days} days), ties its capital up for {sp.new.cycle.total_days:.0f}
days. Over the {res["operating_days_per_year"]:.0f} days a year on which cars can cross, a yuan in
used cars turns over {cycles_a_year:.1f} times. One used car's cycle earns the state-led investor
{rn.fmt_cny(inv.used_car_profit_per_cycle_cny(sp, "state_led"))} after interest at base crossing
cost: the car report's net profit per car ({rn.fmt_cny(car_net_profit)}), the same deal.
""")

# %% [markdown]
# ## The season calendar
#
# The Yalu's seasons decide how many days a year cars can cross and what a crossing costs. The
# months are sourced (frozen November to February, harder smuggling at the thaw, monsoon floods
# in July and August); the sizes of the effects are assumptions. Darker cells mean a harder month:
# fewer crossing days or a dearer crossing.

# %%
vi.calendar_heatmap(sp.calendar)
plt.show()
rn.table(vi.calendar_rows(sp.calendar), caption="The calendar by season, with its sources")

# %% [markdown]
# ## How the returns spread
#
# The same simulated years as the table above, one curve per route: the share of years whose
# return falls in each 5-point band. State-led returns sit in a narrow band (the spread comes
# from the margin's draws and from halts); independent and remittance years spread far wider,
# and their left tails are seizures.

# %%
reported = get_fact("smuggler_profit_per_car_2025_cny")
rn.md(f"""
Each cycle's margin on a used car is drawn uniformly within
{rn.fmt_cny(sp.used.margin_spread_cny)} of the car report's {rn.fmt_cny(sp.used.margin_cny)}:
half the width of the {fmt.amount_range(reported.low, reported.high)} CNY profit per car
reported for 2025 [smuggler_profit_per_car_2025_cny]. A new car's margin is drawn within
{rn.fmt_cny(sp.new.margin_spread_cny)} of its {rn.fmt_cny(sp.new.margin_cny)}, half its assumed
range (model figures below).
""")
# %%
vi.return_distribution_chart(sims, summary)
plt.show()

# %% [markdown]
# ## How much crackdown risk makes the waku worth it
#
# The independent route saves the waku but risks a seizure each cycle. Its expected return falls
# with the crackdown probability; the state-led return does not depend on it, since the state-led
# route carries no crackdown risk (founding report [state_led_smuggling_no_crackdown_risk]). Where
# the two lines cross is the break-even probability: above it, the state-led route pays more even
# in expectation, before counting the independent route's far wider spread.

# %%
vi.breakeven_chart(sp, p_star)
plt.show()

# %% [markdown]
# ## What if the thaw is hard, or the state halts smuggling
#
# Two what-ifs on this run's calendar. *Hard thaw*: in March and April cars cross on fewer days
# at a higher crossing cost (assumed sizes, in the model figures below; the direction is
# sourced). *Halt*: no crossings for a month from the day the 2025 suspension began (sourced),
# in place of any known halt of this run and on top of the random halts. Remittance brokering
# needs no river and is unchanged. A what-if the run already contains shows no change. The same
# figures come from the scenario files `scenarios/investor_thaw.yaml` and
# `scenarios/investor_halt.yaml`.

# %%
whatif = inv.compare_scenarios(sp, inv.what_if_calendars(season), n_years=n_years, seed=seed)
caption = "Expected annual return after interest, by case and route"
rn.table(vi.what_if_rows(whatif), caption=caption)

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Every number above is either sourced (with its citation) or an assumption (with its rationale).
# Parameters changed from their defaults are marked. Model conventions: returns are simple (no
# compounding; profits withdrawn, losses made good), the crackdown seizes the whole cycle's
# shipment or float, a fixed share of the cars passing through are used cars (new cars cost more
# in China and earn more per car), a dearer crossing in the thaw is the smuggler's cost alone, and
# capital idle while the river is closed is repaid and costs nothing. The used car's deal comes
# from the car report (listed with the parameters); the new car's figures are the car report's
# too. The figures the model keeps for itself, and those of the what-ifs, follow the report's
# parameters and sources.

# %%
rn.parameters_table()
rn.sources_table()

# %%
caption = "Model figures (not parameters): sourced or assumed"
rn.table(vi.figure_rows(inv.model_figures()), caption=caption, numeric_right=False)
