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
annual_interest_rate: float = 0.6  # per year; sourced: informal_loan_rate_acquaintance_hyesan_2011 x 12; shared by the reports
procurement_days: int = 10  # days; assumed (see the schema); shared by the reports
crossing_days: int = 2  # days; assumed (see the schema); shared by the reports
inspection_days: int = 5  # days; sourced: inspection_period_days; shared by the reports
approval_days: int = 10  # days; sourced: sale_approval_delay_days; shared by the reports
time_to_sale_days: int = 14  # days; assumed (see the schema); shared by the reports
new_time_to_sale_days: int = 60  # days; assumed (see the schema); shared by the reports
vehicles_per_year: int = 2000  # vehicles per year; assumed (see the schema); shared by the reports
reference_waku_cny: float = 30000.0  # CNY per vehicle; sourced: waku_price_2024_cny
sensitivity_range: float = 0.1  # fraction; assumed (see the schema)
# fmt: on

# %%
import matplotlib.pyplot as plt

from hyesan_analysis import viz
from hyesan_analysis.model import vehicle_checks as checks
from hyesan_analysis.reporting.authoring import formatting as fmt
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.viz import car as car_viz

params = rn.start("car_unit_economics", globals())
model = car.to_model(params)
deal, pnl, cycle = model.deal, model.pnl, model.cycle
at_2024, at_2025, landed = checks.against_reports(deal)
growth_needed = model.revenue_neutral_growth
breakeven = model.breakeven_sale_price_cny
# The used-car price did not move across the 2025 waku cut (sourced): nothing reached buyers.
cut = checks.reported_waku_cut()
passthrough_buyers = cut.passthrough_to_buyers

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
    "waku_passthrough_to_buyers",
    passthrough_buyers,
    label="Share of the 2025 waku cut passed to buyers",
)

# %%
checked = (
    "both inside the reported ranges"
    if at_2024.inside and at_2025.inside
    else "not both inside the reported ranges, so these parameters do not fit the reports"
)
rn.md(f"""
> **The answer.** At these parameters one smuggled used car earns the smuggler
> **{rn.fmt_cny(pnl.margin_cny)}** before financing. The car is paid for in advance, so its
> {rn.fmt_cny(model.upfront_capital_cny)} are tied up for the whole **{cycle.total_days:.0f}-day
> cycle** from the payment in China to a buyer's cash; at {rn.fmt_pct(annual_interest_rate)} a
> year that costs {rn.fmt_cny(pnl.financing_cny)} and leaves **{rn.fmt_cny(pnl.net_profit_cny)}**.
> Of the {rn.fmt_cny(sale_price_cny)} a buyer pays,
> **{rn.fmt_pct(waku_price_cny / sale_price_cny)}** goes to the state's waku,
> {rn.fmt_pct(purchase_price_cny / sale_price_cny)} to the seller in China and
> {rn.fmt_pct(pnl.margin_cny / sale_price_cny)} to the smuggler before financing.
>
> Checked against the reported profits, which are read as before financing: the margin is
> {rn.fmt_cny(at_2024.model_cny)} at the 2024 waku (reported
> {fmt.amount_range(at_2024.reported_low.value, at_2024.reported_high.value)}) and
> {rn.fmt_cny(at_2025.model_cny)} at the 2025 waku (reported
> {fmt.amount_range(at_2025.reported_low.value, at_2025.reported_high.value)}), {checked}.
> Car prices did not fall when the waku was cut, so the whole cut went to smugglers; to keep
> its waku revenue the state needs **{rn.fmt_pct(growth_needed)} more cars** at
> {rn.fmt_cny(waku_price_cny)} than at {rn.fmt_cny(reference_waku_cny)}. A car breaks even at a
> sale price of {rn.fmt_cny(breakeven)}.
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
rn.table(car.pnl_rows(pnl), caption="Per-vehicle P&L of a used car (CNY per vehicle)")

# %%
fig, ax = viz.figure(height_in=3.6)
title = "From the sale price to the smuggler's net profit"
car_viz.pnl_waterfall(ax, car.waterfall_steps(pnl), title=title)
plt.show()

# %% [markdown]
# ## Four vehicle classes
#
# The sources give sale prices and profits for used trucks and motorcycles but not their costs;
# their purchase prices are *implied* (sale price minus reported profit and the other costs) and
# their waku and transport are assumptions, marked in the table. New cars have no sourced figures:
# the cost in China and the profit range are assumptions and the sale price follows from them (the
# investor report uses the same new car). All classes use this run's interest rate and company
# share; *days* is each class's capital cycle.

# %%
caption = "P&L by vehicle class (CNY per vehicle; used car at this run's parameters)"
rn.table(car.class_rows(model), caption=caption)

# %% [markdown]
# ## Model against the reports
#
# The model is checked, not fitted: the per-car profits reported in March 2025 and the June 2024
# cost build-up are independent figures. Each row sets the model beside a reported figure and
# says whether the model falls inside the reported range.

# %%
rn.table(car.check_rows((at_2024, at_2025, landed)), caption="Model vs reported (CNY per vehicle)")

# %% [markdown]
# ## The waku cut: who gained, and what the state needs

# %%
rn.md(f"""
Between 2024 and early 2025 the waku fell from {cut.waku_before.value:,.0f} to
{cut.waku_after.value:,.0f} CNY while a used car still sold for {cut.sale_after.value:,.0f} CNY.
Buyers saw none of the cut; smugglers' reported profit rose by about the same
{cut.profit_rise_cny:,.0f} CNY. For the state (through its trading companies) the cut pays for
itself only if volume grows by `old waku / new waku − 1`.
""")
fig, ax = viz.figure(height_in=3.3)
car_viz.waku_revenue(ax, model)
plt.show()
caption = "The state's revenue view (volume is an assumption; the growth needed is not)"
rn.table(car.revenue_rows(model, passthrough_buyers), caption=caption)

# %% [markdown]
# ## What moves the profit
#
# Each bar moves one input while the others stay at this run's values: prices by the
# sensitivity range either way, and inputs that default to zero (the company's share, other
# fees) from zero to a stated high. Bars are sorted by how far they move the net profit.

# %%
sens = model.sensitivities()
fig, ax = viz.figure(height_in=3.4)
title = "One-at-a-time sensitivity of net profit"
car_viz.sensitivity_tornado(ax, sens, car.tornado_labels(sens), pnl.net_profit_cny, title=title)
plt.show()
rn.table(car.sensitivity_rows(sens), caption="Sensitivity table (CNY per vehicle)")

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
rn.table(car.class_figure_rows(), caption=caption)
