# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Parameters: written from the report's schema by `make sync`; edit the schema, not this.

# %%
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.specs import summary

params = rn.start("summary", globals())
# every figure is read from its report's run in this same world, never retyped
figures = summary.KeyFigures.read(rn.upstream_results, rn.world())
for name, number, unit in figures.records():
    rn.record(name, number, unit=unit)
rn.record("reports_summarized", len(summary.KEY_FIGURES))

# %%
car, inv, pri, ineq = "car_unit_economics", "investor_returns", "prices_and_exchange", "inequality"
figure, value, signed, source = figures.figure, figures.value, figures.signed, figures.source
rn.md(f"""
*Every figure below was computed in {figures.world_words}, by the report named beside it.*

> **The answer.** State-sanctioned car smuggling pays per car while prices hold: one used car
> leaves the smuggler a margin of **{figure(car, "profit_per_car_cny")}** after the state's waku,
> before financing ({figure(car, "profit_per_car_2024_cny")} at the 2024 waku;
> {figures.waku_cut_clause()}), and {figure(car, "margin_at_70000_cny")} at the spring 2025 low
> of 70,000 CNY ({source(car)}). On the sourced record of losses, halts and credit, the
> state-led route returns **{figure(inv, "annual_return_state_led")}** after interest in
> expectation (independent {figure(inv, "annual_return_independent")}, brokering
> {figure(inv, "annual_return_remittance")}), with a {figure(inv, "ruin_probability_5y_state_led")}
> chance of losing half the capital in five years against
> {figure(inv, "ruin_probability_5y_independent")} independent: {figures.route_clause()}
> ({source(inv)}). Rice prices moved with the won: between consecutive observations of one
> publisher in one city, {figures.passthrough_clause()}, an association on few data. A worker's wage bought {figure(pri, "real_wage_rice_kg_at_reform")} at
> the 2023 wage reform and **{figure(pri, "real_wage_rice_kg_latest")}** at the latest
> observation, while one smuggled car's margin equals {figure(pri, "car_profit_in_wage_months")}
> ({source(pri)}). In a model population, {figures.passthrough_sentence()}, the Gini moves from
> {value(ineq, "gini_before"):.2f} to **{value(ineq, "gini_after"):.2f}** (a change of
> {value(ineq, "gini_change_ci_low"):+.3f} to {value(ineq, "gini_change_ci_high"):+.3f} across
> the assumed group numbers); the real income of the poorest 40% changes by
> **{signed(ineq, "real_income_change_bottom40")}**
> ({signed(ineq, "real_income_change_bottom40_ci_low")} to
> {signed(ineq, "real_income_change_bottom40_ci_high")}), that of the richest 10% by
> **{signed(ineq, "real_income_change_top10")}** ({source(ineq)}).
""")

# %% [markdown]
# ## Key figures
#
# Each figure is the one its report recorded in the same world, never retyped; follow the
# link for the sources, assumptions and uncertainty behind it.

# %%
rn.table(
    figures.rows(),
    caption=f"Key figures of the four reports ({figures.world_words})",
    html_cells=("report", "figure", "value"),
    numeric_right=False,
    name="key-figures",
)
