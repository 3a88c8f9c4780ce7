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
passthrough_imported: float = 1.0  # elasticity; assumed (see the schema)
passthrough_nontraded: float = 0.3  # elasticity; assumed (see the schema)
informal_indexed_share: float = 0.5  # share; assumed (see the schema)
mc_draws: int = 200  # draws; assumed (see the schema)
mc_households: int = 20000  # households; assumed (see the schema)
vehicles_per_year: int = 2000  # vehicles per year; assumed (see the schema); shared by the reports
investor_profit_share: float = 0.5  # share; assumed (see the schema)
households_represented: int = 48000  # households; assumed (see the schema); shared by the reports
share_investors: float = 0.03  # share; assumed (see the schema)
share_traders: float = 0.3  # share; assumed (see the schema)
share_state_workers: float = 0.45  # share; assumed (see the schema)
share_farmers: float = 0.22  # share; assumed (see the schema)
# fmt: on

# %%
from hyesan_analysis.data.loaders import get_fact, load_market_rates
from hyesan_analysis.model import households as hh
from hyesan_analysis.model import market_filter
from hyesan_analysis.reporting.authoring import formatting as fm
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import inequality_tables as tables
from hyesan_analysis.reporting.specs import inequality_uncertainty as unc
from hyesan_analysis.reporting.specs.inequality import INTERVAL_FIGURES, UPSTREAM_FIGURES
from hyesan_analysis.reporting.specs.inequality_run import compute
from hyesan_analysis.viz import distribution as vd

params = rn.start("inequality", globals())
# the margins per car are the car report's and the staples' pass-throughs the prices report's
# estimates, all computed in the same world (listed, with links, in the parameters table)
upstream = {name: rn.upstream_value(*source) for name, source in UPSTREAM_FIGURES.items()}
# the rice estimate's 95% interval: the headline is rerun at its ends and at one-for-one
interval = {name: rn.upstream_value(*source) for name, source in INTERVAL_FIGURES.items()}
# Hyesan with this run's parameters; Pyongyang with its own groups under the same shock,
# except that no smuggling margin reaches the capital (the cars enter through Hyesan)
run = compute(params, upstream, interval)
for key, value, label in run.records():
    rn.record(key, value, label=label)
hy, py, shock, mc, res = run.hyesan, run.pyongyang, run.shock, run.monte_carlo, run.recorded
low, high, lankov = (get_fact(fact_id) for fact_id in tables.GINI_ESTIMATES)

# %%
winners, losers = hh.winners_and_losers(hy.groups)
rn.md(f"""
> **The answer.** In this model of Hyesan's households (a synthetic population built from
> stated assumptions, **not a measurement**), the won's {"fall" if shock.rate_ratio >= 1 else "rise"} from
> {rate_before_kpw_per_cny:,.0f} to {rate_after_kpw_per_cny:,.0f} KPW per CNY, with rice and corn prices
> following at elasticities of {res["price_passthrough_used"]:.2f} and {res["passthrough_corn_used"]:.2f} ({run.passthrough_from}),
> {tables.profit_clause(shock)}, makes the city {fm.unequal_words(res["gini_after"] - res["gini_before"])}:
> the **Gini {fm.rises_or_falls(res["gini_before"], res["gini_after"])} from {res["gini_before"]:.3f} to
> {res["gini_after"]:.3f}** ({res["gini_after"] - res["gini_before"]:+.3f}; {res["gini_change_ci_low"]:+.3f} to
> {res["gini_change_ci_high"]:+.3f} across the assumed group numbers, most sensitive to
> {unc.drivers_text(mc, "gini_change", 2)}), the Palma ratio from {res["palma_before"]:.1f} to
> {res["palma_after"]:.1f} and the richest tenth's share of income from {rn.fmt_pct(res["top10_share_before"])}
> to {rn.fmt_pct(res["top10_share_after"])}.
>
> The households that were the **poorest 40% {fm.gain_or_lose(res["real_income_change_bottom40"])} of
> their real income** ({fm.signed_percent(res["real_income_change_bottom40_ci_low"], 0)} to
> {fm.signed_percent(res["real_income_change_bottom40_ci_high"], 0)} across the draws; most sensitive to
> {unc.drivers_text(mc, "bottom40_change", 2)}); the richest 10% **{fm.gain_or_lose(res["real_income_change_top10"])}**.
> {tables.cost_of_living_clause(res["cost_of_living_rise_poor_rich_ratio"])} Winners:
> {tables.groups_listing(winners)}. Losers: {tables.groups_listing(losers)}. The gaps between the groups
> hold {rn.fmt_pct(res["theil_between_share_before"])} of the Theil index before and {rn.fmt_pct(res["theil_between_share_after"])} after.
>
> {tables.passthrough_dependence_text(upstream["passthrough_rice"], run.rice_interval, hy, run.passthrough_cases, (upstream["passthrough_corn"], run.corn_interval))}
>
> In Pyongyang, modelled with more state wages, less access to foreign currency and no
> smuggling profit, the same shock moves the Gini from {py.metrics["gini_before"]:.3f} to
> {py.metrics["gini_after"]:.3f}, and the poorest 40% {fm.gain_or_lose(py.metrics["real_income_change_bottom40"])}
> of their real income. The model's Hyesan Gini is {fm.below_inside_above(res["gini_before"], low.value, high.value)}
> the refugee-survey estimates of {low.value:.2f}–{high.value:.2f} before the shock and
> {fm.below_inside_above(res["gini_after"], low.value, high.value)} them after: a check on the assumptions, not a
> measurement of Hyesan.
""")

# %% [markdown]
# ## A model population, not a measurement
#
# No survey of household incomes in Hyesan exists. The report therefore *builds* a population:
# households fall into four groups whose sizes, typical incomes, spread and access to foreign
# currency are **assumptions** (table below; the shares are parameters of this report, the rest
# is set in the model and listed, each with its rationale, at the end).
# Within a group, monthly income is lognormal; the richest investors follow a power-law
# (Pareto) tail. Each household's income comes from four sources: formal income fixed in won
# (state wages, rations), income tied to the yuan (trade, smuggling), informal earnings paid in
# won (sidelines, services, day labour) and, for farmers, the food they grow. Every figure in
# this report describes that model, not Hyesan as measured.

# %%
caption = "Assumed household groups: share of households, median monthly income before the shock (KPW) and share of income tied to the yuan"
rn.table(tables.group_assumption_rows(run.cities), caption=caption, numeric_right=False)

# %% [markdown]
# ## Prices by good, cost of living by group
#
# The market rate's move reaches each good's price with its own pass-through: rice and corn at
# the prices report's estimates, goods from China and domestic services at stated assumptions.
# Each group buys its own basket, so each has its own cost-of-living index: poorer households
# spend more of their income on food. Farmers also *sell* food, so dearer food is partly
# income to them (their net food sales, Deaton's net-benefit ratio, are food grown minus food
# eaten, as a share of income).

# %%
caption = "Pass-through of the market rate into each good's price"
rn.table(tables.passthrough_rows(shock, run.passthrough_from), caption=caption, numeric_right=False)
observed = market_filter.price_across_rates(
    load_market_rates(), "Hyesan", rate_before_kpw_per_cny, rate_after_kpw_per_cny
)
rn.md(tables.observed_rice_text(observed, shock))

# %%
caption = "By group in the Hyesan model: income sources and spending before the shock, cost-of-living rise and real income change (margin aside)"
rn.table(tables.basket_rows(hy), caption=caption, numeric_right=False, name="baskets")
rn.md(f"""
{tables.income_sources_text(shock)}
{tables.checks_text(res["informal_income_share_model"], res["cost_of_living_rise_poor_rich_ratio"])}
{tables.margin_sharing_text(run.cities.hyesan)} All incomes below are *real*: KPW per month at the
prices before the shock, deflated by each household's own basket. The model population has
{n_households:,} households (seed {seed}) standing for a city of {households_represented:,}.
""")

# %%
labels = [tables.group_label(g.name) for g in run.cities.hyesan.groups]
caption = "Cost-of-living rise and change of mean real income by group, Hyesan model"
rn.figure(vd.cost_of_living_chart(hy, labels), caption, name="cost-of-living")

# %% [markdown]
# ## Lorenz curves before and after
#
# A Lorenz curve plots the share of all income received by the poorest x% of households. The
# further it sags below the 45° line of perfect equality, the more unequal the distribution.
# Dotted lines mark the poorest 40% and the richest 10% that the Palma ratio compares.

# %%
caption = "Lorenz curves of real household income before and after the shock, Hyesan model"
rn.figure(vd.lorenz_chart(hy), caption, name="lorenz")

# %% [markdown]
# ## Inequality measures before and after
#
# Standard measures, each computed on the model population's real household income. The Gini
# and the Theil index summarise the whole distribution (the Theil index is more sensitive to the
# top); the Palma ratio and the top-10% share look at the ends. Each period is ranked by its own
# income, so the "richest 10%" after the shock need not be the same households as before.

# %%
caption = "Inequality of real household income in the Hyesan model, before and after the shock"
rn.table(tables.measure_rows(hy), caption=caption, numeric_right=False)

# %% [markdown]
# ## Between the groups or within them
#
# The Theil index splits exactly into the inequality between the groups' mean incomes and the
# inequality inside each group, weighted by its share of income. Each group has its own income
# sources and basket, so the shock moves the groups' means apart or together.

# %%
caption = "Theil index of real income between and within the household groups, Hyesan model"
rn.table(tables.theil_rows(hy), caption=caption, numeric_right=False, name="theil")
rn.md(tables.theil_text(hy))

# %% [markdown]
# ## Winners and losers by decile
#
# Households are ranked by their real income *before* the shock and grouped into ten deciles
# (1 = poorest tenth); each bar shows the change in that decile's mean real income. The same
# households are followed through the shock.

# %%
caption = "Change in mean real income by decile of income before the shock, Hyesan model"
rn.figure(vd.decile_chart(hy.deciles), caption, name="deciles")

# %%
caption = "Mean real household income by decile of income before the shock (KPW per month at before-shock prices) and the decile's cost-of-living rise (model)"
rn.table(tables.decile_rows(hy.deciles, hy.cost_of_living_rise_by_decile()), caption=caption)

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
# incomes are tied to the yuan, and its donju are richer but fewer; each group buys the same
# basket as its Hyesan counterpart. Pyongyang gets the **same exchange-rate move and
# pass-throughs**; the only shock parameter that differs is that **no smuggling profit** reaches
# it (the cars enter through Hyesan). Market rates barely differ between the cities (on
# 2024-12-07 Daily NK reported 21,400 KPW per USD in Hyesan and 21,000 in Pyongyang;
# market_rates.csv m148, m149).

# %%
caption = "Change in mean real income by group: Hyesan and Pyongyang models"
rn.figure(vd.group_change_chart([hy, py], labels), caption, name="cities")

# %%
caption = "Inequality measures in the Hyesan and Pyongyang models (income changes follow the households ranked by income before the shock)"
rn.table(tables.city_rows([hy, py]), caption=caption, numeric_right=False)
rn.md(tables.city_contrast_text([hy, py]))

# %% [markdown]
# ## What drives the result: the rate, the profit and the food pass-through
#
# The left chart reruns the same model population at other market rates after the shock, with
# and without smuggling profit; the right one at other pass-throughs into rice and corn prices
# (0: food prices do not move; above 1: they rise faster than the rate), over a range that
# covers this run's and the prices report's 95% interval for rice (shaded), the other goods
# keeping theirs. Poorer households spend more on food, so dearer food deepens their loss;
# farmers, who sell food, lose less than their basket alone would say; at high pass-throughs
# the richest 10%, whose baskets are food too, lose most. Dotted lines mark this run.

# %%
caption = "The Gini by market rate, and real income by food pass-through, Hyesan model"
rn.figure(vd.sensitivity_chart(run.sensitivity, hy, run.rice_interval), caption, name="sensitivity")
rn.md(tables.sensitivity_text(run.sensitivity, hy))

# %% [markdown]
# ## How much rests on the assumed group numbers
#
# The groups' numbers are assumptions, so the model is rerun with them drawn at random, each
# within the range below (a Latin hypercube over every range, a fresh population per draw).
# The intervals are the central 95% of the draws; the assumptions that move a result most are
# those whose draws are most strongly rank-correlated with it. The pass-throughs are not drawn:
# the prices report gives their own intervals, and the food pass-through's effect is charted
# above.

# %%
caption = "The ranges the Monte Carlo draws the assumptions from"
rn.table(unc.range_rows(hh.DEFAULT_RANGES), caption=caption, numeric_right=False, name="ranges")

# %%
caption = f"The Gini change and the poorest 40%'s real income change over {mc.n_draws} draws of the assumptions ({mc.n_households:,} households each)"
rn.figure(vd.monte_carlo_chart(mc, hy.metrics), caption, name="monte-carlo")

# %%
caption = "This run and the central 95% of the Monte Carlo draws"
rn.table(unc.interval_rows(mc, hy.metrics), caption=caption, numeric_right=False)
rn.md(unc.drivers_paragraph(mc))

# %% [markdown]
# ## Calibration note: the model against published estimates
#
# Nobody has measured inequality in Hyesan. The few published estimates for North Korea as a
# whole are set beside the model below. They are **not targets the model was fitted to**, and the
# model is **not a measurement** that could confirm or refute them: the group incomes were set by
# hand, and the estimates come from other years, other places and other methods.

# %%
caption = "Gini coefficients: this model beside published estimates for North Korea"
rn.table(
    tables.calibration_rows([hy, py], [low, high, lankov]), caption=caption, numeric_right=False
)
rn.md(f"""
The model's Hyesan Gini is {fm.below_inside_above(res["gini_before"], low.value, high.value)} the
refugee-survey range ({low.value:.2f}–{high.value:.2f}) before the shock and
{fm.below_inside_above(res["gini_after"], low.value, high.value)} it after; both are well above
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
# by another report in the same world (the car's margins and the staples' pass-throughs, with
# links to those reports); changed parameters are marked, and those marked "shared" are the
# same quantity in every report that uses them. The last table lists the numbers of the
# model's household groups and of Pyongyang, all assumptions.

# %%
rn.parameters_table()
rn.sources_table()
caption = "The model's household groups and Pyongyang: default numbers and their basis"
rn.table(tables.figure_rows(), caption=caption, numeric_right=False)
