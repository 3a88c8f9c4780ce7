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
annual_interest_rate: float = 0.6  # per year; assumed (see the schema)
company_profit_share: float = 0.3  # share; assumed (see the schema)
smuggler_profit_low_cny: float = 10000.0  # CNY per car; sourced: smuggler_profit_per_car_2025_cny (low)
smuggler_profit_high_cny: float = 12000.0  # CNY per car; sourced: smuggler_profit_per_car_2025_cny (high)
waku_cny: float = 25000.0  # CNY per car; sourced: waku_price_2025_cny
crackdown_probability: float = 0.1  # probability per cycle; assumed (see the schema)
fine_cny: float = 30000.0  # CNY per car; assumed (see the schema)
independent_extra_cost_cny: float = 10000.0  # CNY per car; assumed (see the schema)
remittance_crackdown_probability: float = 0.1  # probability per cycle; assumed (see the schema)
remittance_commission_low: float = 0.1  # share of volume; assumed (see the schema)
remittance_commission_high: float = 0.3  # share of volume; assumed (see the schema)
remittance_cycles_per_year: float = 6.0  # cycles per year; assumed (see the schema)
halts_per_year: float = 1.0  # per year; assumed (see the schema)
halt_days: int = 30  # days; assumed (see the schema)
calendar_halt_days: int = 0  # days; assumed (see the schema)
calendar_halt_start_month: int = 5  # month (1-12); assumed (see the schema)
calendar_halt_start_day: int = 15  # day of month; assumed (see the schema)
frozen_capacity: float = 1.0  # share of days; assumed (see the schema)
thaw_capacity: float = 0.8  # share of days; assumed (see the schema)
thaw_cost_multiplier: float = 1.5  # x base crossing cost; assumed (see the schema)
flood_capacity: float = 0.75  # share of days; assumed (see the schema)
flood_cost_multiplier: float = 1.0  # x base crossing cost; assumed (see the schema)
procurement_days: int = 10  # days; assumed (see the schema)
crossing_days: int = 2  # days; assumed (see the schema)
inspection_days: int = 5  # days; sourced: inspection_period_days
approval_days: int = 10  # days; sourced: sale_approval_delay_days
time_to_sale_days: int = 14  # days; assumed (see the schema)
new_time_to_sale_days: int = 60  # days; assumed (see the schema)
n_years: int = 200000  # simulated years; assumed (see the schema)
seed: int = 20250304  # assumed (see the schema)
# fmt: on

# %%
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.patches import Patch

from hyesan_analysis import viz
from hyesan_analysis.model import investment as inv
from hyesan_analysis.reporting.authoring import notebook as rn

params = rn.start("investor_returns", globals())

calendar_kwargs = dict(
    frozen_capacity=frozen_capacity,
    thaw_capacity=thaw_capacity,
    thaw_cost_multiplier=thaw_cost_multiplier,
    flood_capacity=flood_capacity,
    flood_cost_multiplier=flood_cost_multiplier,
    halt_start_month=calendar_halt_start_month,
    halt_start_day=calendar_halt_start_day,
    halt_days=calendar_halt_days,
)
calendar = inv.build_calendar(**calendar_kwargs)
sp = inv.StrategyParams(
    smuggler_profit_low_cny=smuggler_profit_low_cny,
    smuggler_profit_high_cny=smuggler_profit_high_cny,
    waku_cny=waku_cny,
    procurement_days=procurement_days,
    crossing_days=crossing_days,
    inspection_days=inspection_days,
    approval_days=approval_days,
    used_time_to_sale_days=time_to_sale_days,
    new_time_to_sale_days=new_time_to_sale_days,
    annual_interest_rate=annual_interest_rate,
    calendar=calendar,
    company_profit_share=company_profit_share,
    halt_rate_per_year=halts_per_year,
    halt_days=halt_days,
    crackdown_probability_per_cycle=crackdown_probability,
    fine_cny_per_car=fine_cny,
    independent_extra_cost_cny_per_car=independent_extra_cost_cny,
    remittance_commission_low=remittance_commission_low,
    remittance_commission_high=remittance_commission_high,
    remittance_cycles_per_year=remittance_cycles_per_year,
    remittance_crackdown_probability_per_cycle=remittance_crackdown_probability,
)
res = inv.investor_results(sp, n_years=n_years, seed=seed, clip_breakeven=True)
sims = inv.simulate_annual_returns(sp, n_years, seed)  # the same draws as in res
summary = {s: inv.summarize(sims[s]) for s in inv.STRATEGIES}
gross = {s: res[f"gross_annual_return_{s}"] for s in inv.STRATEGIES}
# every return is affine in the interest rate: its value at 0 and 1 gives the slope
at_rate = inv.expected_returns_over(sp, "annual_interest_rate", [0.0, 1.0])
interest_per_rate = {s: at_rate[s][0] - at_rate[s][1] for s in inv.STRATEGIES}
LABEL = {
    "state_led": "State-led (waku)",
    "independent": "Independent",
    "remittance": "Remittance broker",
}
COLOR = dict(zip(inv.STRATEGIES, sns.color_palette(viz.PALETTE, 3), strict=True))

rn.record(
    "annual_return_state_led",
    res["annual_return_state_led"],
    label="Annual return, state-led smuggling (after interest)",
)
rn.record(
    "annual_return_independent",
    res["annual_return_independent"],
    label="Annual return, independent smuggling (after interest)",
)
rn.record(
    "annual_return_remittance",
    res["annual_return_remittance"],
    label="Annual return, remittance brokering (after interest)",
)
rn.record(
    "prob_loss_state_led",
    res["prob_loss_state_led"],
    label="Probability of a losing year, state-led",
)
rn.record(
    "prob_loss_independent",
    res["prob_loss_independent"],
    label="Probability of a losing year, independent",
)
rn.record(
    "breakeven_crackdown_probability",
    res["breakeven_crackdown_probability"],
    label="Crackdown probability per cycle at which independent pays as much as state-led",
)
rn.record(
    "capital_cycle_days",
    res["capital_cycle_days"],
    label="Capital cycle of a used car (payment in China to cash)",
)

# %%
pct = rn.fmt_pct
s_state, s_ind, s_rem = (summary[s] for s in inv.STRATEGIES)
p_star = res["breakeven_crackdown_probability"]
mid_margin = 0.5 * (smuggler_profit_low_cny + smuggler_profit_high_cny)
per_car_state = (1 - company_profit_share) * mid_margin
per_car_ind = mid_margin + waku_cny - independent_extra_cost_cny
if 0.0 < p_star < 1.0:
    breakeven_text = (
        f"Independent smuggling pays more only while the chance of a seizure stays below "
        f"**{pct(p_star, 1)} per cycle** (the break-even; this run assumes {pct(crackdown_probability)}, "
        "but nobody knows the true rate)"
    )
elif p_star == 0.0:
    breakeven_text = (
        "The state-led route pays at least as much even with no crackdowns at all (break-even 0%)"
    )
else:
    breakeven_text = "Independent smuggling pays more at every crackdown probability (break-even clipped at 100%)"
top_rate = max(1.5, 1.2 * annual_interest_rate)
at_ends = inv.expected_returns_over(sp, "annual_interest_rate", [0.0, top_rate])
ranking = [sorted(inv.STRATEGIES, key=lambda s: -at_ends[s][i]) for i in (0, 1)]
ranking_text = (
    f"The ranking of the three routes is the same at every rate from 0 to {pct(top_rate)} a year"
    if ranking[0] == ranking[1]
    else f"The ranking of the routes changes between a rate of 0 and {pct(top_rate)} a year"
)
tail_text = (
    f", and in the worst 5% of years loses {pct(-s_ind['p05'])} of the capital or more (seized "
    "cars plus fines)"
    if s_ind["p05"] < 0
    else ""
)
if gross["state_led"] <= 0:
    zero_text = "state-led smuggling does not pay even with free money"
elif interest_per_rate["state_led"] > 0:
    zero_text = (
        f"state-led smuggling stops paying at about "
        f"{pct(gross['state_led'] / interest_per_rate['state_led'])} a year"
    )
else:
    zero_text = "no capital is tied up, so the rate does not matter here"
safer_and_better = (
    s_state["p05"] > s_ind["p05"]  # a bad year costs less on the state-led route
    and res["annual_return_state_led"] > res["annual_return_remittance"]
)
conclusion = (
    "So capital, brokers' included, goes where the state's waku shields it: a modest return "
    f"whose worst 5% of years stop at {pct(s_state['p05'], 1)} beats a larger one that a "
    "seizure can wipe out, and individuals cannot get a waku themselves, so they invest "
    "through the trading companies."
    if safer_and_better
    else "At these parameters the state-led route is not both the safer and the better-paying "
    "home for a broker's money, so the founding report's puzzle does not arise in the same form."
)
rn.md(f"""
> **The answer.** Per car, the state-led route earns less: the investor keeps about
> {rn.fmt_cny(per_car_state)} of a used car's {rn.fmt_cny(mid_margin)} profit after the waku and the
> trading company's {pct(company_profit_share)} share, where an independent smuggler who is not caught
> keeps {rn.fmt_cny(per_car_ind)}. Per yuan and year, state-led smuggling returns
> **{pct(res["annual_return_state_led"], 1)} after interest** ({pct(gross["state_led"])} before), and it
> loses money in **{pct(res["prob_loss_state_led"])} of years** (halts that stop sales while interest
> runs), never through a crackdown. Independent smuggling returns {pct(res["annual_return_independent"])}
> on average but loses money in **{pct(res["prob_loss_independent"])} of years**{tail_text}.
> {breakeven_text}.
> Remittance brokering under the phone crackdowns returns **{pct(res["annual_return_remittance"])}**
> after interest ({pct(gross["remittance"])} before). {conclusion}
>
> **What drives the levels: the interest rate.** At the assumed {pct(annual_interest_rate)} a year
> (5% a month, informal credit) interest eats {100 * (gross["state_led"] - res["annual_return_state_led"]):.0f}
> points of the state-led return; {zero_text}. {ranking_text}; whether independent smuggling beats the state-led
> route in expectation depends on the unknown crackdown rate. A used car's
> capital comes back after **{res["capital_cycle_days"]:.0f} days**, about
> {inv.cycles_per_year(res["capital_cycle_days"], res["operating_days_per_year"]):.1f} cycles in a year of
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
rows = []
for s in inv.STRATEGIES:
    sm = summary[s]
    rows.append(
        {
            "route": LABEL[s],
            "before interest": pct(gross[s], 1),
            "after interest (mean)": pct(sm["mean"], 1),
            "median": pct(sm["median"], 1),
            "worst 5% (p05)": pct(sm["p05"], 1),
            "best 5% (p95)": pct(sm["p95"], 1),
            "P(losing year)": pct(sm["prob_loss"], 1),
        }
    )
rn.table(rows, caption=f"Annual return on capital by route ({n_years:,} simulated years each)")

# %% [markdown]
# ## Before and after interest: the rate sets the level
#
# Every route pays interest for each day its capital is tied up, so the expected return falls in a
# straight line with the interest rate. The dotted line is this run's rate. The rate is an
# assumption (importers borrow at interest; no rate is reported) and it sets the level of every
# net return in this report.

# %%
rates = np.linspace(0.0, top_rate, 61)
curves = inv.expected_returns_over(sp, "annual_interest_rate", rates)
fig, ax = viz.figure(height_in=3.4)
for s in inv.STRATEGIES:
    ax.plot(rates, curves[s], color=COLOR[s], label=LABEL[s])
ax.axhline(0, color="black", linewidth=0.8)
ax.axvline(annual_interest_rate, color=viz.TOTAL, linestyle=":", linewidth=1.2)
ax.annotate(
    f"this run: {pct(annual_interest_rate)} a year",
    (annual_interest_rate, ax.get_ylim()[1]),
    xytext=(4, -12),
    textcoords="offset points",
    fontsize=8,
)
viz.percent(ax.xaxis)
viz.percent(ax.yaxis)
ax.set_xlabel("Interest rate on the capital (% per year, simple)")
ax.set_ylabel("Expected return (% of capital per year)")
ax.set_title("Expected annual return against the cost of money")
ax.legend(loc="lower left")
plt.show()
rn.md(f"""
Ten more points of interest a year take {100 * 0.1 * interest_per_rate["state_led"]:.1f} points off the
state-led return, {100 * 0.1 * interest_per_rate["independent"]:.1f} off the independent one and
{100 * 0.1 * interest_per_rate["remittance"]:.1f} off remittance brokering (whose float is tied up all
year, while car capital idles, interest-free, when the river is closed). At this run's rate, interest
takes {100 * (gross["state_led"] - res["annual_return_state_led"]):.0f} points of the state-led
{pct(gross["state_led"])}.
""")

# %% [markdown]
# ## The capital cycle: from paying in China to cash
#
# The money for a used car is tied up from the advance payment to the Chinese supplier until a
# buyer in Hyesan pays. Inspection (about 5 days) and sale approval (10 days or more) are sourced;
# the other stages are assumptions. The shorter the cycle, the more times a year the same yuan is
# used, and the less interest each car pays.

# %%
cycle = sp.used_cycle()
stages = cycle.stages()
STAGE = {
    "procurement": "Procurement (advance payment)",
    "crossing": "Crossing the Yalu",
    "inspection": "Inspection",
    "approval": "Sale approval",
    "time_to_sale": "Time to sale",
}
SOURCED = {"inspection", "approval"}
fig, ax = viz.figure(height_in=2.9)
n = len(stages)
for i, st in enumerate(stages):
    y = n - i
    color = COLOR["state_led"] if st["stage"] in SOURCED else "#9e9e9e"
    ax.barh(y, st["days"], left=st["start_day"], color=color, height=0.6)
    ax.text(st["end_day"] + 0.4, y, f"{st['days']:.0f} d", va="center", fontsize=8)
ax.barh(0, cycle.total_days, color=viz.TOTAL, height=0.6)
ax.text(
    cycle.total_days + 0.4,
    0,
    f"{cycle.total_days:.0f} days",
    va="center",
    fontsize=8,
    fontweight="bold",
)
ax.set_yticks(range(n, -1, -1), [STAGE[st["stage"]] for st in stages] + ["Whole cycle (used car)"])
ax.set_xlim(0, cycle.total_days * 1.12)
ax.set_xlabel("Days since the advance payment (days)")
ax.set_title("Capital cycle of one used car")
ax.legend(
    handles=[
        Patch(color=COLOR["state_led"], label="sourced"),
        Patch(color="#9e9e9e", label="assumed"),
    ],
    loc="upper right",
)
plt.show()
new_days = sp.new_cycle().total_days
rn.md(f"""
A used car's cycle is **{cycle.total_days:.0f} days**: {cycle.stock_days:.0f} of them on the North
Korean side waiting for inspection, approval and a buyer. A new car, which sells more slowly
(assumed {new_time_to_sale_days} days), ties its capital up for {new_days:.0f} days. Over the
{res["operating_days_per_year"]:.0f} days a year on which cars can cross, a yuan in used cars turns
over {inv.cycles_per_year(cycle.total_days, res["operating_days_per_year"]):.1f} times.
""")

# %% [markdown]
# ## The season calendar
#
# The Yalu's seasons decide how many days a year cars can cross and what a crossing costs. The
# months are sourced (frozen November to February, harder smuggling at the thaw, monsoon floods
# in July and August); the sizes of the effects are assumptions. Darker cells mean a harder month:
# fewer crossing days or a dearer crossing.

# %%
mat = inv.calendar_matrix(calendar)
capacity, cost, op_days = mat["values"]
shade = np.vstack([1.0 - capacity, np.clip((cost - 1.0) / 2.0, 0.0, 1.0), 1.0 - capacity])
text = np.array(
    [[f"{v:.2f}" for v in capacity], [f"×{v:.1f}" for v in cost], [f"{v:.0f}" for v in op_days]]
)
fig, ax = viz.figure(height_in=2.3)
sns.heatmap(
    shade,
    annot=text,
    fmt="",
    cmap="Reds",
    vmin=0.0,
    vmax=1.0,
    cbar=False,
    linewidths=0.5,
    linecolor="white",
    annot_kws={"fontsize": 8},
    ax=ax,
    xticklabels=mat["months"],
    yticklabels=["Capacity (share of days)", "Crossing cost (× base)", "Operating days (days)"],
)
ax.set_xlabel("Month")
ax.set_ylabel("")
ax.tick_params(axis="y", rotation=0)
ax.set_title(f"Crossing calendar: {res['operating_days_per_year']:.0f} operating days a year")
plt.show()
cal_rows = [
    {
        "months": r["months"],
        "days open": round(r["operating_days"]),
        "sources (fact ids)": (r["source_fact_id"] or "–").replace("; ", ", "),
        "what is sourced, what is assumed": r["note"],
    }
    for r in inv.grouped_records(calendar)
]
rn.table(cal_rows, caption="The calendar by season, with its sources")

# %% [markdown]
# ## How the returns spread
#
# The same simulated years as the table above, one curve per route: the share of years whose
# return falls in each 5-point band. State-led returns sit in a narrow band a little above zero
# (the spread comes from the profit range and from halts); independent and remittance years
# spread far wider, and their left tails are seizures.

# %%
lo = min(np.percentile(sims[s], 0.5) for s in inv.STRATEGIES)
hi = max(np.percentile(sims[s], 99.5) for s in inv.STRATEGIES)
bins = np.arange(np.floor(lo / 0.05) * 0.05, np.ceil(hi / 0.05) * 0.05 + 0.05, 0.05)
fig, ax = viz.figure(height_in=3.4)
for s in inv.STRATEGIES:
    x = np.clip(sims[s], bins[0], bins[-1])
    ax.hist(
        x,
        bins=bins,
        weights=np.full(x.size, 1.0 / x.size),
        histtype="stepfilled",
        alpha=0.35,
        color=COLOR[s],
    )
    ax.hist(
        x,
        bins=bins,
        weights=np.full(x.size, 1.0 / x.size),
        histtype="step",
        color=COLOR[s],
        linewidth=1.2,
        label=f"{LABEL[s]} (mean {pct(summary[s]['mean'])}, P(loss) {pct(summary[s]['prob_loss'])})",
    )
ax.axvline(0, color="black", linewidth=0.8)
viz.percent(ax.xaxis)
viz.percent(ax.yaxis)
ax.set_xlabel("Annual return on capital (% per year, after interest)")
ax.set_ylabel("Share of simulated years (% per 5-point band)")
ax.set_title("Distribution of annual returns by route")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# ## How much crackdown risk makes the waku worth it
#
# The independent route saves the waku but risks a seizure each cycle. Its expected return falls
# with the crackdown probability; the state-led return does not depend on it. Where the two lines
# cross is the break-even probability: above it, the state-led route pays more even in expectation,
# before counting the independent route's far wider spread.

# %%
p_max = min(1.0, max(0.3, 2.0 * p_star, 1.5 * crackdown_probability))
grid = np.linspace(0.0, p_max, 101)
curve = inv.expected_returns_over(sp, "crackdown_probability_per_cycle", grid, ("independent",))
e_state = inv.expected_annual_return(sp, "state_led")
e_assumed = inv.expected_annual_return(sp, "independent")
fig, ax = viz.figure(height_in=3.4)
ax.plot(grid, curve["independent"], color=COLOR["independent"], label=LABEL["independent"])
ax.axhline(
    e_state,
    color=COLOR["state_led"],
    linestyle="--",
    label=LABEL["state_led"] + " (no crackdown risk)",
)
ax.axhline(0, color="black", linewidth=0.8)
if 0.0 < p_star < 1.0:
    ax.axvline(p_star, color=viz.NEGATIVE, linestyle=":", linewidth=1.2)
    ax.plot([p_star], [e_state], "o", color=viz.NEGATIVE)
    ax.annotate(
        f"break-even {pct(p_star, 1)} per cycle",
        (p_star, e_state),
        xytext=(8, 10),
        textcoords="offset points",
        fontsize=8,
        color=viz.NEGATIVE,
    )
if crackdown_probability <= p_max:
    ax.plot([crackdown_probability], [e_assumed], "s", color=COLOR["independent"], markersize=5)
    ax.annotate(
        f"assumed {pct(crackdown_probability)}",
        (crackdown_probability, e_assumed),
        xytext=(8, 4),
        textcoords="offset points",
        fontsize=8,
    )
viz.percent(ax.xaxis)
viz.percent(ax.yaxis)
ax.set_xlabel("Crackdown probability (% chance of seizure per cycle)")
ax.set_ylabel("Expected return (% of capital per year)")
ax.set_title("Independent against state-led smuggling")
ax.legend(loc="upper right")
plt.show()

# %% [markdown]
# ## What if the thaw is hard, or the state halts smuggling
#
# Two what-ifs on this run's calendar. *Hard thaw*: in March and April cars cross on half the
# days at three times the crossing cost (assumed sizes; the direction is sourced). *Halt*: no
# crossings for 31 days from 15 May, like the 2025 suspension (sourced), in place of any known
# halt of this run and on top of the random halts. Remittance brokering needs no river and is
# unchanged. A what-if the run already contains shows no change. The same figures come from
# the scenario files `scenarios/investor_thaw.yaml` and `scenarios/investor_halt.yaml`.

# %%
whatif = inv.compare_scenarios(
    sp, inv.what_if_calendars(calendar_kwargs), n_years=n_years, seed=seed
)
NAME = {"base": "this run", "thaw": "hard thaw", "halt": "halt from 15 May"}
rn.table(
    [
        {
            "case": NAME[r["scenario"]],
            "route": LABEL[r["strategy"]],
            "days open": r["operating_days"],
            "expected return": pct(r["expected"], 1),
            "change (points)": f"{100 * r['expected_vs_base']:+.1f}",
            "P(losing year)": pct(r["prob_loss"], 1),
        }
        for r in whatif
    ],
    caption="Expected annual return after interest, by case and route",
)

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Every number above is either sourced (with its citation) or an assumption (with its rationale).
# Parameters changed from their defaults are marked. Model conventions: returns are simple (no
# compounding; profits withdrawn, losses made good), the crackdown seizes the whole cycle's
# shipment or float, 90% of the cars passing through are used cars (new cars: 120,000 CNY in
# China, 15,000–25,000 CNY profit, both assumed), and capital idle while the river is closed is
# repaid and costs nothing.

# %%
rn.parameters_table()
rn.sources_table()
