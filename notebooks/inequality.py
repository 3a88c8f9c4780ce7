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
n_households: int = 100000  # households; assumed (see the schema)
seed: int = 1  # assumed (see the schema)
rate_before_kpw_per_cny: float = 1262.0  # KPW per CNY; assumed (see the schema)
rate_after_kpw_per_cny: float = 3000.0  # KPW per CNY; sourced: hyesan_market_rate_founding_kpw_per_cny
price_passthrough: float = 0.64  # elasticity; assumed (see the schema)
cars_per_year: int = 2000  # vehicles per year; assumed (see the schema)
profit_per_car_cny: float = 11000.0  # CNY per vehicle; sourced: smuggler_profit_per_car_2025_cny
profit_per_car_before_cny: float = 6000.0  # CNY per vehicle; sourced: smuggler_profit_per_car_2024_cny
investor_profit_share: float = 0.5  # share; assumed (see the schema)
households_represented: int = 48000  # households; assumed (see the schema)
share_investors: float = 0.03  # share; assumed (see the schema)
share_traders: float = 0.3  # share; assumed (see the schema)
share_state_workers: float = 0.45  # share; assumed (see the schema)
share_farmers: float = 0.22  # share; assumed (see the schema)
# fmt: on

# %%
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np

from hyesan_analysis import viz
from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import households as hh
from hyesan_analysis.model.inequality import gini, inequality_profile, lorenz_curve
from hyesan_analysis.reporting.authoring import notebook as rn

params = rn.start("inequality", globals())

LABELS = {
    "investors": "Investors",
    "traders": "Traders",
    "state_workers": "State workers",
    "farmers": "Farmers",
}
shares = {
    "investors": share_investors,
    "traders": share_traders,
    "state_workers": share_state_workers,
    "farmers": share_farmers,
}

# Hyesan: the module's groups with this run's shares, hit by this run's shock
groups = tuple(replace(g, population_share=shares[g.name]) for g in hh.default_groups("hyesan"))
shock = hh.ShockSpec(
    rate_before_kpw_per_cny=rate_before_kpw_per_cny,
    rate_after_kpw_per_cny=rate_after_kpw_per_cny,
    price_passthrough=price_passthrough,
    cars_per_year=float(cars_per_year),
    profit_per_car_cny=profit_per_car_cny,
    investor_profit_share=investor_profit_share,
    profit_per_car_before_cny=profit_per_car_before_cny,
)
pop = hh.simulate_population(
    groups, n_households, seed, households_represented=float(households_represented)
)
before, after = hh.apply_shock(pop, shock)
metrics = hh.summary_metrics(before, after)
prof_before, prof_after = inequality_profile(before), inequality_profile(after)
deciles = hh.decile_changes(before, after)
group_rows = hh.group_table(pop, before, after)

# Pyongyang: the module's Pyongyang groups, the same shock except that no smuggling
# profit reaches the capital (the module's default: the cars enter through Hyesan)
py_groups = hh.default_groups("pyongyang")
py_shock = replace(shock, cars_per_year=hh.default_shock("pyongyang").cars_per_year)
py_pop = hh.simulate_population(
    py_groups,
    n_households,
    seed,
    households_represented=hh.default_households_represented("pyongyang"),
)
py_before, py_after = hh.apply_shock(py_pop, py_shock)
py_metrics = hh.summary_metrics(py_before, py_after)
py_prof_before, py_prof_after = inequality_profile(py_before), inequality_profile(py_after)
py_group_rows = hh.group_table(py_pop, py_before, py_after)

ratio = rate_after_kpw_per_cny / rate_before_kpw_per_cny
price_level = shock.price_level_after
won_real = 1 / price_level - 1  # real change of income fixed in won
fx_real = ratio / price_level - 1  # real change of income linked to the yuan
pool_before_cny = cars_per_year * profit_per_car_before_cny * investor_profit_share / 12
pool_after_cny = cars_per_year * profit_per_car_cny * investor_profit_share / 12

labels = {
    "gini_before": "Gini of real household income before the shock (model)",
    "gini_after": "Gini of real household income after the shock (model)",
    "palma_before": "Palma ratio before (model)",
    "palma_after": "Palma ratio after (model)",
    "top10_share_before": "Income share of the richest 10% before (model)",
    "top10_share_after": "Income share of the richest 10% after (model)",
    "real_income_change_bottom40": "Change in real income of the poorest 40% (model)",
    "real_income_change_top10": "Change in real income of the richest 10% (model)",
}
for key in hh.SUMMARY_KEYS:
    rn.record(key, metrics[key], label=labels[key])


# %%
def moves(a, b):
    return "rises" if b > a + 5e-4 else "falls" if b < a - 5e-4 else "stays"


def signed_pct(x):
    return f"{100 * x:+.0f}%"


def gain_or_lose(x, verb=("gain", "lose")):
    return f"{verb[0] if x >= 0 else verb[1]} {rn.fmt_pct(abs(x))}"


if cars_per_year and profit_per_car_cny and investor_profit_share:
    profit_clause = (
        f"together with smuggling profit of {rn.fmt_cny(profit_per_car_cny)} a car "
        f"on {cars_per_year:,} cars a year"
    )
else:
    profit_clause = "without any smuggling profit"
delta_gini = metrics["gini_after"] - metrics["gini_before"]
how_unequal = (
    "markedly more unequal"
    if delta_gini > 0.02
    else "more unequal"
    if delta_gini > 0.005
    else "less unequal"
    if delta_gini < -0.005
    else "about as unequal as before"
)

ranked = sorted(group_rows, key=lambda r: r.pct_change, reverse=True)
winners = [r for r in ranked if r.pct_change > 0.5]
losers = [r for r in ranked if r.pct_change < -0.5]


def listing(rows):
    return ", ".join(f"{LABELS[r.name].lower()} ({r.pct_change:+.0f}%)" for r in rows) or "none"


rn.md(f"""
> **The answer.** In this model of Hyesan's households (a synthetic population built from
> stated assumptions, **not a measurement**), the won's {"fall" if ratio >= 1 else "rise"} from
> {rate_before_kpw_per_cny:,.0f} to {rate_after_kpw_per_cny:,.0f} KPW per CNY, with prices
> following at an elasticity of {price_passthrough:.2f} ({signed_pct(price_level - 1)}), {profit_clause},
> makes the city {how_unequal}: the **Gini {moves(metrics["gini_before"], metrics["gini_after"])} from
> {metrics["gini_before"]:.3f} to {metrics["gini_after"]:.3f}**, the Palma ratio from
> {metrics["palma_before"]:.1f} to {metrics["palma_after"]:.1f} and the richest tenth's share of income
> from {rn.fmt_pct(metrics["top10_share_before"])} to {rn.fmt_pct(metrics["top10_share_after"])}.
>
> The households that were the **poorest 40%
> {gain_or_lose(metrics["real_income_change_bottom40"])} of their real income**; the richest 10%
> **{gain_or_lose(metrics["real_income_change_top10"])}**. Winners: {listing(winners)}. Losers:
> {listing(losers)}. Income fixed in won {gain_or_lose(won_real, ("gains", "loses"))} of its
> purchasing power; income tied to the yuan {gain_or_lose(fx_real, ("gains", "loses"))}.
>
> In Pyongyang, modelled with more state wages, less access to foreign currency and no
> smuggling profit, the same exchange-rate shock moves the Gini from
> {py_metrics["gini_before"]:.3f} to {py_metrics["gini_after"]:.3f}, and the poorest 40%
> {gain_or_lose(py_metrics["real_income_change_bottom40"])} of their real income. The model's Hyesan Gini
> ({metrics["gini_before"]:.2f} before, {metrics["gini_after"]:.2f} after) lies within the
> refugee-survey estimates of {get_fact("gini_refugee_survey_low").value:.2f}–{get_fact("gini_refugee_survey_high").value:.2f};
> that is a check on the assumptions, not a measurement of Hyesan.
""")


# %% [markdown]
# ## A model population, not a measurement
#
# No survey of household incomes in Hyesan exists. The report therefore *builds* a population:
# households fall into four groups whose sizes, typical incomes, spread and access to foreign
# currency are **assumptions** (table below; the shares are parameters of this report, the rest
# is set in `hyesan_analysis.model.households`). Within a group, monthly income is lognormal; the
# richest fifth of investors follow a power-law (Pareto, shape 1.8) tail. Each household's income
# is split into a part fixed in won (state wages, rations) and a part tied to the yuan (trade,
# smuggling). The incomes lean on the few wage figures there are: a state worker's median of
# 60,000 KPW a month is an assumed household income built on a worker's 30,000 KPW wage after the
# 2023 reform plus family sidelines. Every figure in this report describes that model, not Hyesan
# as measured.


# %%
def median_text(g):
    return f"{g.median_income_kpw_month:,.0f}"


py_by_name = {g.name: g for g in py_groups}
rn.table(
    [
        {
            "group": LABELS[g.name],
            "Hyesan share": f"{g.population_share:.0%}",
            "Hyesan median": median_text(g),
            "Hyesan FX-linked": f"{g.fx_linked_share:.0%}",
            "Pyongyang share": f"{py_by_name[g.name].population_share:.0%}",
            "Pyongyang median": median_text(py_by_name[g.name]),
            "Pyongyang FX-linked": f"{py_by_name[g.name].fx_linked_share:.0%}",
        }
        for g in groups
    ],
    caption="Assumed household groups: share of households, median monthly income before the "
    "shock (KPW) and share of income tied to the yuan",
    numeric_right=False,
)

rn.md(f"""
**How the shock works.** The market rate moves from {rate_before_kpw_per_cny:,.0f} to
{rate_after_kpw_per_cny:,.0f} KPW per CNY (×{ratio:.2f}). Market prices rise by the rate
ratio to the power of the pass-through, ×{price_level:.2f}. Income fixed in won therefore
{gain_or_lose(won_real, ("gains", "loses"))} in real terms; income tied to the yuan is worth ×{ratio:.2f} in won and so
{"gains" if fx_real >= 0 else "loses"} {rn.fmt_pct(abs(fx_real))} in real terms. On top, investors
share a smuggling profit pool of {cars_per_year:,} cars × the per-car profit × their
{rn.fmt_pct(investor_profit_share)} share: {rn.fmt_cny(pool_before_cny)} a month before
(at {rn.fmt_cny(profit_per_car_before_cny)} a car, 2024) and {rn.fmt_cny(pool_after_cny)} a month
after (at {rn.fmt_cny(profit_per_car_cny)}, 2025), split among the
{share_investors * households_represented:,.0f} investor households of a city of
{households_represented:,} households in proportion to their yuan income. All incomes below are
*real*: KPW per month at the prices before the shock. The model population has
{n_households:,} households (seed {seed}).
""")

# %% [markdown]
# ## Lorenz curves before and after
#
# A Lorenz curve plots the share of all income received by the poorest x% of households. The
# further it sags below the 45° line of perfect equality, the more unequal the distribution.
# After the shock the curve sags further: the poorest households hold a smaller share and the
# richest tenth a larger one. Dotted lines mark the poorest 40% and the richest 10% that the
# Palma ratio compares.

# %%
grid = np.linspace(0.0, 1.0, 501)
fig, ax = viz.figure(height_in=4.3)
ax.plot(
    [0, 1],
    [0, 1],
    color=viz.TOTAL,
    linestyle="--",
    linewidth=1,
    label="perfect equality (45° line)",
)
for incomes, name, style in ((before, "before", "-"), (after, "after", "-")):
    pop_share, inc_share = lorenz_curve(incomes)
    curve = np.interp(grid, pop_share, inc_share)
    g = metrics[f"gini_{name}"]
    ax.plot(grid, curve, linestyle=style, linewidth=2, label=f"{name} the shock (Gini {g:.3f})")
for x in (0.4, 0.9):
    ax.axvline(x, color="grey", linestyle=":", linewidth=1)
ax.text(0.39, 0.5, "poorest 40%", fontsize=8, ha="right")
ax.text(0.89, 0.5, "richest 10%", fontsize=8, ha="right")
ax.set_xlim(0, 1)
ax.set_ylim(0, 1)
viz.percent(ax.xaxis)
viz.percent(ax.yaxis)
ax.set_xlabel("cumulative share of households (%), poorest first")
ax.set_ylabel("cumulative share of real income (%)")
ax.set_title("Hyesan model population: Lorenz curves of real household income")
ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.86))
plt.show()

# %% [markdown]
# ## Inequality measures before and after
#
# Four standard measures, each computed on the model population's real household income. The
# Gini and the Theil index summarise the whole distribution (the Theil index is more sensitive to
# the top); the Palma ratio and the top-10% share look at the ends. Each period is ranked by its
# own income, so the "richest 10%" after the shock need not be the same households as before.

# %%
measure_rows = [
    ("Gini coefficient", "gini", "0 = equal, 1 = one household has all", ".3f"),
    ("Theil T index", "theil_t", "0 = equal; ln(households) at most", ".3f"),
    ("Palma ratio", "palma", "income of top 10% ÷ income of bottom 40%", ".2f"),
    ("Top-10% income share", "top10_share", "share of all real income", ".1%"),
    ("Bottom-40% income share", "bottom40_share", "share of all real income", ".1%"),
]
rn.table(
    [
        {
            "measure": name,
            "before": format(prof_before[key], fmt),
            "after": format(prof_after[key], fmt),
            "change": (
                f"{100 * (prof_after[key] - prof_before[key]):+.1f} points"
                if fmt.endswith("%")
                else f"{prof_after[key] - prof_before[key]:+.3f}"
            ),
            "reads as": meaning,
        }
        for name, key, meaning, fmt in measure_rows
    ],
    caption="Inequality of real household income in the Hyesan model, before and after the shock",
    numeric_right=False,
)

# %% [markdown]
# ## Winners and losers by decile
#
# Households are ranked by their real income *before* the shock and grouped into ten deciles
# (1 = poorest tenth); each bar shows the change in that decile's mean real income. The same
# households are followed through the shock. Green bars gain, red bars lose.

# %%
pct = deciles.pct_change
fig, ax = viz.figure(height_in=3.6)
colors = [viz.POSITIVE if v >= 0 else viz.NEGATIVE for v in pct]
ax.bar(deciles.decile, pct, color=colors, width=0.7)
for d, v in zip(deciles.decile, pct):
    ax.text(d, v, f"{v:+.0f}%", ha="center", va="bottom" if v >= 0 else "top", fontsize=8)
ax.axhline(0, color="black", linewidth=0.8)
ax.set_xticks(deciles.decile)
ax.set_xlabel("decile of real income before the shock (1 = poorest 10%)")
ax.set_ylabel("change in mean real income (%)")
lo, hi = min(0.0, float(pct.min())), max(0.0, float(pct.max()))
ax.set_ylim(lo - 0.12 * (hi - lo), hi + 0.12 * (hi - lo))
ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:+.0f}%" if v else "0%"))
ax.set_title("Change in real income by decile, Hyesan model")
plt.show()

# %%
rn.table(
    [
        {
            "decile": int(d),
            "mean before (KPW/month)": float(b),
            "mean after (KPW/month)": float(a),
            "change": f"{v:+.1f}%",
        }
        for d, b, a, v in zip(deciles.decile, deciles.mean_before, deciles.mean_after, pct)
    ],
    caption="Mean real household income by decile of income before the shock "
    "(KPW per month at before-shock prices; model)",
)

# %% [markdown]
# ## By group
#
# The same households by group. A group can gain real income and still lose ground, when others
# gain more.

# %%
rn.table(
    [
        {
            "group": LABELS[r.name],
            "households": f"{r.count / pop.n_households:.0%}",
            "mean before": r.mean_before,
            "mean after": r.mean_after,
            "change": f"{r.pct_change:+.1f}%",
            "income share before": f"{r.share_of_income_before:.1%}",
            "income share after": f"{r.share_of_income_after:.1%}",
        }
        for r in group_rows
    ],
    caption="Real household income by group, Hyesan model (mean in KPW per month at "
    "before-shock prices; share of all real income)",
)


def composition(mask):
    names, counts = np.unique(pop.labels[mask], return_counts=True)
    parts = sorted(zip(counts / counts.sum(), names), reverse=True)
    return ", ".join(
        f"{share:.0%} {LABELS[str(n)].lower()}" for share, n in parts if share >= 0.005
    )


rn.md(f"""
Before the shock, the poorest 40% of households are {composition(before <= np.quantile(before, 0.4))};
the richest 10% are {composition(before >= np.quantile(before, 0.9))}.
""")

# %% [markdown]
# ## Hyesan against Pyongyang
#
# The capital is modelled with a second set of groups (table in the first section): three in
# four households are state workers with higher central wages, markets matter less, fewer
# incomes are tied to the yuan, and its donju are richer but fewer. Pyongyang gets the **same
# exchange-rate move and pass-through**; the only shock parameter that differs is that **no
# smuggling profit** reaches it (the model's default: the cars enter through Hyesan). Market
# rates barely differ between the cities (on 2024-12-07 Daily NK reported 21,400 KPW per USD in
# Hyesan and 21,000 in Pyongyang; market_rates.csv m148, m149). Pyongyang's 645,000 households
# (2008 census at about four persons per household, an assumption) would matter only for a
# smuggling profit, which it does not get.

# %%
names = [g.name for g in groups]
hy = {r.name: r.pct_change for r in group_rows}
py = {r.name: r.pct_change for r in py_group_rows}
x = np.arange(len(names))
fig, ax = viz.figure(height_in=3.5)
w = 0.38
for offset, city, values, color in ((-w / 2, "Hyesan", hy, "C0"), (w / 2, "Pyongyang", py, "C1")):
    vals = [values[n] for n in names]
    ax.bar(x + offset, vals, width=w, label=city, color=color)
    for xi, v in zip(x + offset, vals):
        ax.text(xi, v, f"{v:+.0f}%", ha="center", va="bottom" if v >= 0 else "top", fontsize=8)
ax.axhline(0, color="black", linewidth=0.8)
ax.set_xticks(x, [LABELS[n] for n in names])
ax.set_ylabel("change in mean real income (%)")
vals_all = [*hy.values(), *py.values()]
lo, hi = min(0.0, min(vals_all)), max(0.0, max(vals_all))
ax.set_ylim(lo - 0.12 * (hi - lo), hi + 0.12 * (hi - lo))
ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:+.0f}%" if v else "0%"))
ax.set_title("Change in real income by group: Hyesan and Pyongyang models")
ax.legend(loc="upper right")
plt.show()


def city_row(label, key, fmt, pb, pa, qb, qa):
    return {
        "measure": label,
        "Hyesan before": format(pb[key], fmt),
        "Hyesan after": format(pa[key], fmt),
        "Pyongyang before": format(qb[key], fmt),
        "Pyongyang after": format(qa[key], fmt),
    }


city_rows = [
    city_row(name, key, fmt, prof_before, prof_after, py_prof_before, py_prof_after)
    for name, key, _m, fmt in measure_rows
]
city_rows.append(
    {
        "measure": "Real income change, poorest 40%",
        "Hyesan before": "",
        "Hyesan after": signed_pct(metrics["real_income_change_bottom40"]),
        "Pyongyang before": "",
        "Pyongyang after": signed_pct(py_metrics["real_income_change_bottom40"]),
    }
)
city_rows.append(
    {
        "measure": "Real income change, richest 10%",
        "Hyesan before": "",
        "Hyesan after": signed_pct(metrics["real_income_change_top10"]),
        "Pyongyang before": "",
        "Pyongyang after": signed_pct(py_metrics["real_income_change_top10"]),
    }
)
rn.table(
    city_rows,
    caption="Inequality measures in the Hyesan and Pyongyang models "
    "(income changes follow the households ranked by income before the shock)",
    numeric_right=False,
)

hy_fx = float(np.sum(pop.income_fx_linked_kpw) / np.sum(pop.income_total_kpw))
py_fx = float(np.sum(py_pop.income_fx_linked_kpw) / np.sum(py_pop.income_total_kpw))
rn.md(f"""
Before the shock, {rn.fmt_pct(hy_fx)} of all income in the Hyesan model is tied to the yuan
against {rn.fmt_pct(py_fx)} in Pyongyang. That is why the same shock hits Pyongyang's
majority of state workers across the board, while in Hyesan the losses fall on the won-paid
households and the gains go to traders and investors (the latter also take the smuggling
profit). The Gini after the shock is {py_metrics["gini_after"]:.3f} in Pyongyang against
{metrics["gini_after"]:.3f} in Hyesan.
""")

# %% [markdown]
# ## What drives the result: the rate, the profit and the pass-through
#
# Every income in the model is deflated by the same price level, and every inequality measure
# here is unchanged when all incomes are scaled alike. So the **pass-through moves no inequality
# measure**: the Gini after the shock is set by the exchange-rate move (which raises yuan-linked
# incomes against won-fixed ones) and by the smuggling profit. What the pass-through decides is
# how much real income each household gains or loses. The left chart reruns the same model
# population at other market rates after the shock, with and without smuggling profit; the right
# one at pass-through values from 0 (prices do not move) to 1.5 (prices overshoot the rate).
# Dotted lines mark this run. (A single price level for all households is itself a simplification:
# poorer households spend more on rice and corn, whose prices rose faster than most.)

# %%
lo_rate = min(rate_before_kpw_per_cny, rate_after_kpw_per_cny)
hi_rate = 1.5 * max(rate_before_kpw_per_cny, rate_after_kpw_per_cny)
rates = np.linspace(lo_rate, hi_rate, 9)
no_profit = replace(shock, cars_per_year=0.0)
gini_at_rate = [
    gini(hh.apply_shock(pop, replace(shock, rate_after_kpw_per_cny=float(r)))[1]) for r in rates
]
gini_at_rate_np = [
    gini(hh.apply_shock(pop, replace(no_profit, rate_after_kpw_per_cny=float(r)))[1]) for r in rates
]
gini_before_np = gini(hh.apply_shock(pop, no_profit)[0])
passthroughs = np.round(np.arange(0.0, 1.5001, 0.1), 2)
sweep = [
    hh.summary_metrics(*hh.apply_shock(pop, replace(shock, price_passthrough=float(b))))
    for b in passthroughs
]

fig, (ax1, ax2) = viz.figure(height_in=3.4, ncols=2)
ax1.plot(
    rates, gini_at_rate, marker="o", markersize=3, color="C0", label="after, with smuggling profit"
)
ax1.plot(rates, gini_at_rate_np, marker="o", markersize=3, color="C1", label="after, without")
ax1.axhline(
    metrics["gini_before"],
    color="C0",
    linestyle="--",
    linewidth=1,
    label="before, with smuggling profit",
)
ax1.axhline(gini_before_np, color="C1", linestyle="--", linewidth=1, label="before, without")
ax1.axvline(rate_after_kpw_per_cny, color="grey", linestyle=":", linewidth=1)
viz.thousands(ax1.xaxis)
ax1.set_xlabel("market rate after (KPW per CNY)")
ax1.set_ylabel("Gini after the shock (0–1)")
ax1.set_title("Gini by exchange rate")
g_lo = min(*gini_at_rate_np, gini_before_np)
g_hi = max(*gini_at_rate, metrics["gini_before"])
ax1.set_ylim(g_lo - 0.05 * (g_hi - g_lo), g_hi + 0.5 * (g_hi - g_lo))  # room for the legend
ax1.legend(loc="upper left", fontsize=7)
ax2.plot(
    passthroughs,
    [100 * m["real_income_change_bottom40"] for m in sweep],
    marker="o",
    markersize=3,
    color=viz.NEGATIVE,
    label="poorest 40%",
)
ax2.plot(
    passthroughs,
    [100 * m["real_income_change_top10"] for m in sweep],
    marker="o",
    markersize=3,
    color=viz.POSITIVE,
    label="richest 10%",
)
ax2.axhline(0, color="black", linewidth=0.8)
ax2.axvline(price_passthrough, color="grey", linestyle=":", linewidth=1)
ax2.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:+.0f}%" if v else "0%"))
ax2.set_xlabel("price pass-through (elasticity)")
ax2.set_ylabel("change in real income (%)")
ax2.set_title("Real income by pass-through")
ax2.legend(loc="upper right", fontsize=8)
plt.show()

gini_after_np = gini(hh.apply_shock(pop, no_profit)[1])
b40 = np.array([m["real_income_change_bottom40"] for m in sweep])
crossing = np.nonzero(np.diff(np.sign(b40)) != 0)[0]
if crossing.size:
    k = int(crossing[0])
    b_star = passthroughs[k] + (passthroughs[k + 1] - passthroughs[k]) * b40[k] / (
        b40[k] - b40[k + 1]
    )
    threshold = (
        f"The poorest 40% {'lose' if b40[-1] < 0 else 'gain'} real income once the "
        f"pass-through exceeds about {b_star:.2f}."
    )
else:
    threshold = (
        f"The poorest 40% {'lose' if b40[0] < 0 else 'gain'} real income at every "
        "pass-through from 0 to 1.5."
    )
rn.md(f"""
Without any smuggling profit (before or after) the Gini would move from {gini_before_np:.3f} to
{gini_after_np:.3f}: that is the exchange-rate move alone. With the profit it moves from
{metrics["gini_before"]:.3f} to {metrics["gini_after"]:.3f}. {threshold}
""")

# %% [markdown]
# ## Calibration note: the model against published estimates
#
# Nobody has measured inequality in Hyesan. The few published estimates for North Korea as a
# whole are set beside the model below. They are **not targets the model was fitted to**, and the
# model is **not a measurement** that could confirm or refute them: the group incomes were set by
# hand, and the estimates come from other years, other places and other methods.

# %%
low, high, lankov = (
    get_fact(i)
    for i in ("gini_refugee_survey_low", "gini_refugee_survey_high", "gini_lankov_anecdotal")
)
calib = [
    {
        "estimate": "This model, Hyesan, before the shock",
        "Gini": f"{metrics['gini_before']:.3f}",
        "basis": "model: assumed groups, synthetic households",
    },
    {
        "estimate": "This model, Hyesan, after the shock",
        "Gini": f"{metrics['gini_after']:.3f}",
        "basis": "model: assumed groups, synthetic households",
    },
    {
        "estimate": "This model, Pyongyang, before the shock",
        "Gini": f"{py_metrics['gini_before']:.3f}",
        "basis": "model: assumed groups, synthetic households",
    },
    {
        "estimate": "This model, Pyongyang, after the shock",
        "Gini": f"{py_metrics['gini_after']:.3f}",
        "basis": "model: assumed groups, synthetic households",
    },
    {
        "estimate": "KDI refugee survey, lowest (1998, re-weighted)",
        "Gini": f"{low.value:.2f}",
        "basis": f"survey of refugees ({low.publisher}, {low.date})",
    },
    {
        "estimate": "KDI refugee survey, highest (2002-03, trimmed)",
        "Gini": f"{high.value:.2f}",
        "basis": f"survey of refugees ({high.publisher}, {high.date})",
    },
    {
        "estimate": "Andrei Lankov, anecdotal",
        "Gini": f"~{lankov.value:.1f}",
        "basis": f"foreign residents' impressions ({lankov.publisher}, {lankov.date})",
    },
]
rn.table(
    calib,
    caption="Gini coefficients: this model beside published estimates for North Korea",
    numeric_right=False,
)


def where(g):
    if g < low.value:
        return "below"
    if g > high.value:
        return "above"
    return "inside"


rn.md(f"""
The model's Hyesan Gini is {where(metrics["gini_before"])} the refugee-survey range
({low.value:.2f}–{high.value:.2f}) before the shock and {where(metrics["gini_after"])} it after;
both are well above Lankov's anecdotal ~{lankov.value:.1f}, which he offers while arguing that the
Gini of an economy whose market income is all unofficial cannot be measured. The survey range
describes the whole country around 1998–2004, from the recollections of refugees (who are not
a random sample); a border city with a smuggling trade should be more unequal than the national
average, so a model Gini near the upper part of the range is plausible, not confirmed. Read the
*changes* in this report (who gains, who loses, by how much) as the consequences of the stated
assumptions, and the *levels* as illustrative.
""")

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Each number is sourced (with its citation) or an assumption (with its rationale); changed
# parameters are marked. The group incomes of both cities (first table) are assumptions too.

# %%
rn.parameters_table()
rn.sources_table()
