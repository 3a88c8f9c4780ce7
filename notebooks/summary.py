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
figures = summary.KeyFigures.read(rn.upstream_results)
for name, number, unit in figures.records():
    rn.record(name, number, unit=unit)
rn.record("reports_summarized", len(summary.KEY_FIGURES))

# %%
car, inv, pri, ineq = "car_unit_economics", "investor_returns", "prices_and_exchange", "inequality"
figure, value, signed = figures.figure, figures.value, figures.signed
rn.md(f"""
> **The answer.** State-sanctioned car smuggling pays: one used car earns the smuggler
> **{figure(car, "profit_per_car_cny")}** after the state's waku (it was
> {figure(car, "profit_per_car_2024_cny")} at the 2024 waku; the cut went to smugglers, not
> buyers). Capital prefers the state-led route, which returns
> **{figure(inv, "annual_return_state_led")}** after interest with no crackdown risk;
> independent smuggling pays more on average ({figure(inv, "annual_return_independent")}) but only
> while the crackdown risk stays below {figure(inv, "breakeven_crackdown_probability")}.
> Meanwhile food prices follow the won: an elasticity of **{value(pri, "passthrough_rice"):.2f}**
> (imprecise; see the report). A worker's wage bought
> {figure(pri, "real_wage_rice_kg_at_reform")} at the 2023 wage reform and
> **{figure(pri, "real_wage_rice_kg_latest")}** at the latest observation, while one smuggled
> car's profit equals {figure(pri, "car_profit_in_wage_months")}. In a model population the
> Gini moves from {value(ineq, "gini_before"):.2f} to **{value(ineq, "gini_after"):.2f}**; the
> real income of the poorest 40% changes by **{signed(ineq, "real_income_change_bottom40")}**,
> that of the richest 10% by **{signed(ineq, "real_income_change_top10")}**.
""")

# %% [markdown]
# ## Key figures
#
# Each figure is copied from its report's `results.json` (default parameters), never retyped;
# follow the link for the sources, assumptions and uncertainty behind it.

# %%
rn.table(
    figures.rows(),
    caption="Key figures of the four reports (default parameters)",
    html_cells=("report", "figure", "value"),
    numeric_right=False,
)
