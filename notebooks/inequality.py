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
rate_before_kpw_per_cny: float = 1262.0  # KPW per CNY; assumed (see the schema); shared by the reports
rate_after_kpw_per_cny: float = 3000.0  # KPW per CNY; sourced: hyesan_market_rate_founding_kpw_per_cny; shared by the reports
price_passthrough: float | None = None  # elasticity; none: taken from the upstream report
vehicles_per_year: int = 2000  # vehicles per year; assumed (see the schema); shared by the reports
investor_profit_share: float = 0.5  # share; assumed (see the schema)
households_represented: int = 48000  # households; assumed (see the schema); shared by the reports
share_investors: float = 0.03  # share; assumed (see the schema)
share_traders: float = 0.3  # share; assumed (see the schema)
share_state_workers: float = 0.45  # share; assumed (see the schema)
share_farmers: float = 0.22  # share; assumed (see the schema)
# fmt: on

# %%
import matplotlib.pyplot as plt

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import households as hh
from hyesan_analysis.reporting.authoring import formatting as fm
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import inequality_tables as tables
from hyesan_analysis.reporting.specs.inequality import RESULT_LABELS, UPSTREAM_FIGURES, to_model
from hyesan_analysis.viz import distribution as vd

params = rn.start("inequality", globals())
# the margin per car is the car report's and the pass-through the prices report's estimate,
# both computed in the same world (listed, with links, in the parameters table)
upstream = {name: rn.upstream_value(*source) for name, source in UPSTREAM_FIGURES.items()}
# Hyesan with this run's parameters; Pyongyang with its own groups under the same shock,
# except that no smuggling margin reaches the capital (the cars enter through Hyesan)
cities = to_model(params, **upstream)
hy, py = hh.simulate_city(cities.hyesan), hh.simulate_city(cities.pyongyang)
for key in hh.SUMMARY_KEYS:
    rn.record(key, hy.metrics[key], label=RESULT_LABELS[key])
shock, metrics, py_metrics = cities.hyesan.shock, hy.metrics, py.metrics
passthrough_from = tables.passthrough_source(price_passthrough, upstream["passthrough_rice"])
rn.record(
    "price_passthrough_used",
    shock.price_passthrough,
    label=f"Pass-through used ({passthrough_from})",
)
estimates = [get_fact(fact_id) for fact_id in tables.GINI_ESTIMATES]
low, high, lankov = estimates

# %%
winners, losers = hh.winners_and_losers(hy.groups)
rn.md(f"""
> **The answer.** In this model of Hyesan's households (a synthetic population built from
> stated assumptions, **not a measurement**), the won's {"fall" if shock.rate_ratio >= 1 else "rise"} from
> {rate_before_kpw_per_cny:,.0f} to {rate_after_kpw_per_cny:,.0f} KPW per CNY, with prices
> following at an elasticity of {shock.price_passthrough:.2f} ({passthrough_from}; {fm.signed_percent(shock.price_level_after - 1, 0)}),
> {tables.profit_clause(shock)}, makes the city {fm.unequal_words(metrics["gini_after"] - metrics["gini_before"])}:
> the **Gini {fm.rises_or_falls(metrics["gini_before"], metrics["gini_after"])} from
> {metrics["gini_before"]:.3f} to {metrics["gini_after"]:.3f}**, the Palma ratio from
> {metrics["palma_before"]:.1f} to {metrics["palma_after"]:.1f} and the richest tenth's share of income
> from {rn.fmt_pct(metrics["top10_share_before"])} to {rn.fmt_pct(metrics["top10_share_after"])}.
>
> The households that were the **poorest 40%
> {fm.gain_or_lose(metrics["real_income_change_bottom40"])} of their real income**; the richest 10%
> **{fm.gain_or_lose(metrics["real_income_change_top10"])}**. Winners: {tables.groups_listing(winners)}.
> Losers: {tables.groups_listing(losers)}. Income fixed in won
> {fm.gain_or_lose(shock.real_change_won_fixed, ("gains", "loses"))} of its purchasing power; income tied
> to the yuan {fm.gain_or_lose(shock.real_change_fx_linked, ("gains", "loses"))}.
>
> In Pyongyang, modelled with more state wages, less access to foreign currency and no
> smuggling profit, the same exchange-rate shock moves the Gini from
> {py_metrics["gini_before"]:.3f} to {py_metrics["gini_after"]:.3f}, and the poorest 40%
> {fm.gain_or_lose(py_metrics["real_income_change_bottom40"])} of their real income. The model's Hyesan
> Gini is {fm.below_inside_above(metrics["gini_before"], low.value, high.value)} the refugee-survey
> estimates of {low.value:.2f}–{high.value:.2f} before the shock ({metrics["gini_before"]:.2f}) and
> {fm.below_inside_above(metrics["gini_after"], low.value, high.value)} them after ({metrics["gini_after"]:.2f});
> that is a check on the assumptions, not a measurement of Hyesan.
""")

# %% [markdown]
# ## A model population, not a measurement
#
# No survey of household incomes in Hyesan exists. The report therefore *builds* a population:
# households fall into four groups whose sizes, typical incomes, spread and access to foreign
# currency are **assumptions** (table below; the shares are parameters of this report, the rest
# is set in the model and listed, each with its rationale, at the end).
# Within a group, monthly income is lognormal; the richest investors follow a power-law
# (Pareto) tail. Each household's income is split into a part fixed in won (state wages,
# rations) and a part tied to the yuan (trade, smuggling). The incomes lean on the few wage
# figures there are: a state worker's household income is built on a worker's wage after the
# 2023 reform plus family sidelines. Every figure in this report describes that model, not
# Hyesan as measured.

# %%
caption = "Assumed household groups: share of households, median monthly income before the shock (KPW) and share of income tied to the yuan"
rn.table(tables.group_assumption_rows(cities), caption=caption, numeric_right=False)
rn.md(f"""
**How the shock works.** The market rate moves from {rate_before_kpw_per_cny:,.0f} to
{rate_after_kpw_per_cny:,.0f} KPW per CNY (×{shock.rate_ratio:.2f}). Market prices rise by the rate
ratio to the power of the pass-through, ×{shock.price_level_after:.2f}. Income fixed in won therefore
{fm.gain_or_lose(shock.real_change_won_fixed, ("gains", "loses"))} in real terms; income tied to the yuan is
worth ×{shock.rate_ratio:.2f} in won and so {fm.gain_or_lose(shock.real_change_fx_linked, ("gains", "loses"))}
in real terms. The pass-through is {shock.price_passthrough:.2f} ({passthrough_from}).
{tables.margin_sharing_text(cities.hyesan)} All incomes below are *real*: KPW per month at the
prices before the shock. The model population has {n_households:,} households (seed {seed})
standing for a city of {households_represented:,}.
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
vd.lorenz_chart(hy, "Hyesan model population: Lorenz curves of real household income")
plt.show()

# %% [markdown]
# ## Inequality measures before and after
#
# Four standard measures, each computed on the model population's real household income. The
# Gini and the Theil index summarise the whole distribution (the Theil index is more sensitive to
# the top); the Palma ratio and the top-10% share look at the ends. Each period is ranked by its
# own income, so the "richest 10%" after the shock need not be the same households as before.

# %%
caption = "Inequality of real household income in the Hyesan model, before and after the shock"
rn.table(tables.measure_rows(hy), caption=caption, numeric_right=False)

# %% [markdown]
# ## Winners and losers by decile
#
# Households are ranked by their real income *before* the shock and grouped into ten deciles
# (1 = poorest tenth); each bar shows the change in that decile's mean real income. The same
# households are followed through the shock. Green bars gain, red bars lose.

# %%
vd.decile_chart(hy.deciles, "Change in real income by decile, Hyesan model")
plt.show()

# %%
caption = "Mean real household income by decile of income before the shock (KPW per month at before-shock prices; model)"
rn.table(tables.decile_rows(hy.deciles), caption=caption)

# %% [markdown]
# ## By group
#
# The same households by group. A group can gain real income and still lose ground, when others
# gain more.

# %%
caption = "Real household income by group, Hyesan model (mean in KPW per month at before-shock prices; share of all real income)"
rn.table(tables.group_rows(hy), caption=caption)
rn.md(f"""
Before the shock, the poorest 40% of households are {tables.composition_text(hy, 0.0, 0.4)};
the richest 10% are {tables.composition_text(hy, 0.9, 1.0)}.
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
# Hyesan and 21,000 in Pyongyang; market_rates.csv m148, m149). Pyongyang's number of
# households (an assumption, listed at the end) would matter only for a smuggling profit, which
# it does not get.

# %%
labels = [tables.group_label(r.name) for r in hy.groups]
vd.group_change_chart(
    [hy, py], labels, "Change in real income by group: Hyesan and Pyongyang models"
)
plt.show()

# %%
caption = "Inequality measures in the Hyesan and Pyongyang models (income changes follow the households ranked by income before the shock)"
rn.table(tables.city_rows([hy, py]), caption=caption, numeric_right=False)
rn.md(f"""
Before the shock, {rn.fmt_pct(hy.population.fx_linked_share_of_income)} of all income in the Hyesan
model is tied to the yuan against {rn.fmt_pct(py.population.fx_linked_share_of_income)} in Pyongyang.
That is why the same shock hits Pyongyang's majority of state workers across the board, while in
Hyesan the losses fall on the won-paid households and the gains go to traders and investors (who
also share the smugglers' margin). The Gini after the shock is {py_metrics["gini_after"]:.3f}
in Pyongyang against {metrics["gini_after"]:.3f} in Hyesan.
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
sens = hh.sensitivity(hy)
vd.sensitivity_chart(sens, hy)
plt.show()
rn.md(f"""
Without any smuggling profit (before or after) the Gini would move from
{sens.gini_before_without_profit:.3f} to {sens.gini_after_without_profit_here:.3f}: that is the
exchange-rate move alone. With the profit it moves from {metrics["gini_before"]:.3f} to
{metrics["gini_after"]:.3f}. {tables.breakeven_text(sens)}
""")

# %% [markdown]
# ## Calibration note: the model against published estimates
#
# Nobody has measured inequality in Hyesan. The few published estimates for North Korea as a
# whole are set beside the model below. They are **not targets the model was fitted to**, and the
# model is **not a measurement** that could confirm or refute them: the group incomes were set by
# hand, and the estimates come from other years, other places and other methods.

# %%
caption = "Gini coefficients: this model beside published estimates for North Korea"
rn.table(tables.calibration_rows([hy, py], estimates), caption=caption, numeric_right=False)
rn.md(f"""
The model's Hyesan Gini is {fm.below_inside_above(metrics["gini_before"], low.value, high.value)} the
refugee-survey range ({low.value:.2f}–{high.value:.2f}) before the shock and
{fm.below_inside_above(metrics["gini_after"], low.value, high.value)} it after; both are well above
Lankov's anecdotal ~{lankov.value:.1f}, which he offers while arguing that the Gini of an economy whose
market income is all unofficial cannot be measured. The survey range describes the whole country
around 1998–2004, from the recollections of refugees (who are not a random sample); a border city
with a smuggling trade should be more unequal than the national average, so a model Gini near the
upper part of the range is plausible, not confirmed. Read the *changes* in this report (who gains,
who loses, by how much) as the consequences of the stated assumptions, and the *levels* as
illustrative.
""")

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Each number is sourced (with its citation), an assumption (with its rationale) or computed
# by another report in the same world (the car's margins and the pass-through, with links to
# those reports); changed parameters are marked, and those marked "shared" are the same
# quantity in every report that uses them. The last table lists the numbers of the model's
# household groups and of Pyongyang, all assumptions.

# %%
rn.parameters_table()
rn.sources_table()
caption = "The model's household groups and Pyongyang: default numbers and their basis"
rn.table(tables.figure_rows(), caption=caption, numeric_right=False)
