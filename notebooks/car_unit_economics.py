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
purchase_price_cny: float = 45000.0  # CNY per vehicle; sourced: used_car_purchase_price_china_2024_cny; shared by the reports
transport_cny: float = 2500.0  # CNY per vehicle; sourced: transport_cost_per_vehicle_2024_cny; shared by the reports
waku_price_cny: float = 25000.0  # CNY per vehicle; sourced: waku_price_2025_cny; shared by the reports
other_fees_cny: float = 0.0  # CNY per vehicle; assumed (see the schema); shared by the reports
company_profit_share: float = 0.0  # share; assumed (see the schema); shared by the reports
annual_interest_rate: float = 0.6  # per year; implied: informal_loan_rate_acquaintance_hyesan_2011 x 12; shared by the reports
procurement_days: int = 10  # days; assumed (see the schema); shared by the reports
crossing_days: int = 2  # days; assumed (see the schema); shared by the reports
inspection_days: int = 5  # days; sourced: inspection_period_days; shared by the reports
approval_days: int = 10  # days; sourced: sale_approval_delay_days; shared by the reports
time_to_sale_days: int = 14  # days; assumed (see the schema); shared by the reports
new_time_to_sale_days: int = 60  # days; assumed (see the schema); shared by the reports
vehicles_per_year: int = 2000  # vehicles per year; assumed (see the schema); shared by the reports
reference_waku_cny: float = 30000.0  # CNY per vehicle; sourced: waku_price_2024_cny
# fmt: on

# %%
from hyesan_analysis import viz
from hyesan_analysis.model import vehicle_checks as checks
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs import car_unit_economics_tables as tables
from hyesan_analysis.viz import car as car_viz

params = rn.start("car_unit_economics", globals())
model = car.to_model(params)
deal, pnl, cycle = model.deal, model.pnl, model.cycle
at_2024, at_2025, landed = checks.against_reports(deal)
growth_needed = model.revenue_neutral_growth
breakeven = model.breakeven_sale_price_cny
at_low_price = tables.low_price_pnl(model)
# The prices before and after the 2025 waku cut are one statement of one report: the share of
# the cut that reached buyers cannot be measured from them (None), so it is not recorded.
cut = checks.reported_waku_cut()
sens = model.sensitivities()
sobol = model.sobol()

# the used car's deal, as the investor report reads it
deal_figures = car.deal_results(model)
for name in (
    "profit_per_car_cny",
    "company_share_per_car_cny",
    "upfront_capital_cny",
    "cycle_days",
    "net_profit_per_car_cny",
):
    rn.record(name, deal_figures[name], label=car.DEAL_RESULTS[name])
rn.record("profit_per_car_2024_cny", at_2024.model_cny, label="Margin at the 2024 waku")
rn.record("profit_per_car_2025_cny", at_2025.model_cny, label="Margin at the 2025 waku")
rn.record(
    "waku_revenue_neutral_volume_growth",
    growth_needed,
    label="Volume growth that keeps waku revenue unchanged",
)
rn.record("breakeven_sale_price_cny", breakeven, label="Break-even sale price")
rn.record(
    "margin_at_70000_cny",
    at_low_price.margin_cny,
    label="Margin per used car at the observed low price of 70,000 CNY (April–May 2025)",
)
rn.record(
    "net_profit_at_70000_cny",
    at_low_price.net_profit_cny,
    label="Net profit per used car at the observed low price of 70,000 CNY",
)
rn.record(
    "sale_price_total_sobol_index",
    tables.sobol_total(sobol, "sale_price_cny"),
    label="Share of the variance of net profit the sale price takes part in (total Sobol' index)",
)

# %%
checked = (
    "both inside the reported ranges"
    if at_2024.inside and at_2025.inside
    else ("only one" if at_2024.inside or at_2025.inside else "neither")
    + " inside the reported ranges: these parameters do not reproduce the reported profits"
)
rn.md(f"""
> **The answer.** At these parameters one smuggled used car {tables.earns_or_loses(pnl.margin_cny)}
> before financing. The car is paid for in advance, so its
> {rn.fmt_cny(model.upfront_capital_cny)} are tied up for the whole **{cycle.total_days:.0f}-day
> cycle** from the payment in China to a buyer's cash; at {rn.fmt_pct(annual_interest_rate)} a
> year that costs {rn.fmt_cny(pnl.financing_cny)} and leaves
> **{tables.profit_or_loss(pnl.net_profit_cny)}**. Of the {rn.fmt_cny(sale_price_cny)} a buyer
> pays, **{rn.fmt_pct(waku_price_cny / sale_price_cny)}** goes to the state's waku and
> {rn.fmt_pct(purchase_price_cny / sale_price_cny)} to the seller in China. A car breaks even
> at a sale price of {rn.fmt_cny(breakeven)}.
>
> {tables.low_price_sentence(model)} {tables.sobol_sentence(sobol, model)}
>
> Checked against the reported profits, which are read as before financing: the margin is
> {rn.fmt_cny(at_2024.model_cny)} at the 2024 waku (reported
> {fmt.amount_range(at_2024.reported_low.value, at_2024.reported_high.value)}) and
> {rn.fmt_cny(at_2025.model_cny)} at the 2025 waku (reported
> {fmt.amount_range(at_2025.reported_low.value, at_2025.reported_high.value)}), {checked}.
> To keep its waku revenue the state needs **{rn.fmt_pct(growth_needed)} more cars** at
> {rn.fmt_cny(waku_price_cny)} than at {rn.fmt_cny(reference_waku_cny)}.
""")

# %% [markdown]
# ## One used car, line by line
#
# Every line of a used car's P&L at the parameters of this run, in CNY per vehicle. Costs are
# negative. *Financing* is simple interest on the money paid out before the sale (the supplier
# in China is paid in advance), over the whole capital cycle below; the reported profits are
# read as before financing.

# %%
rn.md(f"""
The cycle: {procurement_days} days from the advance payment until the car is at the river,
{crossing_days} to cross the Yalu, {inspection_days} of inspection and {approval_days} of sale
approval (both sourced), and {time_to_sale_days} more to a buyer's cash: {cycle.total_days:.0f}
days in all. A new car sells more slowly ({new_time_to_sale_days} days), so its cycle is
{model.new_cycle.total_days:.0f} days. The investor report turns the same capital over this
cycle, one cycle after another.
""")

# %%
rn.table(tables.pnl_rows(pnl), caption="Per-vehicle P&L of a used car (CNY per vehicle)")

# %%
fig, ax = viz.figure(height_in=3.6)
steps = tables.waterfall_steps(pnl)
car_viz.pnl_waterfall(ax, steps)
caption = "From the sale price to the smuggler's net profit (CNY per vehicle)"
rn.figure(fig, caption, name="waterfall", data=tables.steps_frame(steps))

# %% [markdown]
# ## At the prices observed in 2025
#
# The used-car prices reported in Hyesan in 2025: before the May halt, early in the year, and
# after a month of halt. Each row keeps every other input at this run's values; a negative margin
# is a car sold below its landed cost.

# %%
caption = "Margin and net profit per used car at the observed prices (CNY per vehicle)"
rows = tables.observed_price_rows(model)  # its source column is linked citations
rn.table(rows, caption=caption, name="observed-prices", html_cells=("source",))

# %% [markdown]
# ## Four vehicle classes
#
# The sources give sale prices and profits for used trucks and motorcycles but not their costs;
# their purchase prices are *implied* (sale price minus reported profit and the other costs), so
# their margins equal the reported profits by construction (before any company share) and are no
# check of the model (the second table's *margin is* column says so). Their waku and transport
# are assumptions, marked there too. New cars have no sourced figures: the cost in China and the
# profit range are assumptions and the sale price follows from them (the investor report uses
# the same new car). All classes use this run's interest rate and company share; *days* is each
# class's capital cycle.

# %%
caption = "P&L by vehicle class (CNY per vehicle; used car at this run's parameters)"
rn.table(tables.class_rows(model), caption=caption)
caption = "What each class's margin is, and the basis of its inputs"
rn.table(tables.class_basis_rows(model), caption=caption)

# %% [markdown]
# ## Model against the reports
#
# The model is checked, not fitted: the per-car profits reported in March 2025 and the June 2024
# cost build-up are independent figures. Each row sets the model beside a reported figure and
# says whether the model falls inside the reported range.

# %%
rn.table(
    tables.check_rows((at_2024, at_2025, landed)), caption="Model vs reported (CNY per vehicle)"
)

# %% [markdown]
# ## The waku cut: who gained, and what the state needs

# %%
rn.md(f"""
Between 2024 and early 2025 the waku fell from {cut.waku_before.value:,.0f} to
{cut.waku_after.value:,.0f} CNY. The one report of the cut gives the used-car price as
{cut.sale_after.value:,.0f} CNY, unchanged from 2024, and the smugglers' profit per car as up by
about {cut.profit_rise_cny:,.0f} CNY, against a cut of {cut.waku_cut_cny:,.0f}. That is one
statement, not two observed prices, and the other prices on record (the table of observed prices above)
come after the cut and move with the halt of May 2025: **the share of the cut passed to buyers
is {tables.passthrough_words(cut)}** from these data. For the state (through its trading
companies) the cut pays for itself only if volume grows by `old waku / new waku − 1`.
""")

# %%
fig, ax = viz.figure(height_in=3.3)
car_viz.waku_revenue(ax, model)
caption = (
    f"State waku revenue against the growth in vehicles after the cut, from "
    f"{vehicles_per_year:,} vehicles a year before it"
)
rn.figure(fig, caption, name="waku-revenue")

# %%
caption = "The state's revenue view (volume is an assumption; the growth needed is not)"
rn.table(tables.revenue_rows(model, cut), caption=caption)

# %% [markdown]
# ## What moves the profit
#
# Each input moves over its stated range: the sale price over the prices observed in 2025, the
# waku over its 2024 and 2025 levels, the interest rate over the informal credit on record (5–10%
# a month), and the company's share and other fees, for which the sources give no range, from
# zero to an assumed high. The purchase price and transport are single sourced figures and stay
# at this run's values. The left panel moves one input at a time; the right draws all at once,
# uniformly over the ranges (Sobol' indices, SALib): the first-order index is the share of the
# net profit's variance an input explains alone, the total index adds its interactions.

# %%
rn.table(tables.range_rows(model), caption="The range of each input and its basis", name="ranges")

# %%
fig = car_viz.sensitivity_panels(sens, tables.tornado_labels(sens), pnl.net_profit_cny, sobol)
caption = (
    "What moves the net profit per used car over the stated ranges: one input at a time "
    "(left, CNY per vehicle) and all at once (right, Sobol' indices)"
)
alt = tables.sensitivity_alt(sens, pnl.net_profit_cny, sobol)
frame = tables.sensitivity_frame(model, sens, sobol)
rn.figure(fig, caption, name="sensitivity", alt=alt, data=frame)

# %%
rn.table(tables.sensitivity_rows(model, sens), caption="One input at a time (CNY per vehicle)")
rn.table(tables.sobol_rows(sobol, model), caption="Sobol' indices of net profit (95% intervals)")

# %% [markdown]
# ## Parameters, assumptions and sources
#
# Every number above is either sourced (with its citation) or an assumption (with its
# rationale). Parameters changed from their defaults are marked.

# %%
rn.parameters_table()
rn.sources_table()

# %%
# The figures behind the four vehicle classes (hyesan_analysis/model/vehicle_classes.py)
caption = "Vehicle-class figures: sourced, implied or assumed"
rn.table(tables.class_figure_rows(), caption=caption)
