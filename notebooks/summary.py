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
import html

from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.authoring.results import format_value

params = rn.start("summary", globals())
KEY_FIGURES = {
    "car_unit_economics": [
        ("profit_per_car_cny", "Smuggler's margin per used car (2025 waku)"),
        ("profit_per_car_2024_cny", "Margin per used car at the 2024 waku"),
        ("waku_revenue_neutral_volume_growth", "Extra volume the state needs after the waku cut"),
        ("breakeven_sale_price_cny", "Break-even sale price of a used car"),
    ],
    "investor_returns": [
        ("annual_return_state_led", "Expected annual return, state-led smuggling"),
        ("annual_return_independent", "Expected annual return, independent smuggling"),
        ("annual_return_remittance", "Expected annual return, remittance brokering"),
        (
            "breakeven_crackdown_probability",
            "Crackdown risk per cycle at which independent stops paying more",
        ),
    ],
    "prices_and_exchange": [
        ("passthrough_rice", "Rice price elasticity to the won's fall"),
        ("real_wage_rice_kg_at_reform", "A worker's monthly wage in rice at the 2023 reform"),
        ("real_wage_rice_kg_latest", "The same wage in rice at the latest observation"),
        ("car_profit_in_wage_months", "One car's profit in months of that wage"),
    ],
    "inequality": [
        ("gini_before", "Gini of real income before the shock (model)"),
        ("gini_after", "Gini after the shock (model)"),
        ("real_income_change_bottom40", "Real income change of the poorest 40% (model)"),
        ("real_income_change_top10", "Real income change of the richest 10% (model)"),
    ],
}
upstream = {name: rn.upstream_results(name)["results"] for name in KEY_FIGURES}


def figure(report, key):
    entry = upstream[report][key]
    return format_value(entry["value"], entry["unit"])


def value(report, key):
    return upstream[report][key]["value"]


def signed(report, key):
    return f"{100 * value(report, key):+.1f}%"


for report, keys in KEY_FIGURES.items():
    for key, _ in keys:
        entry = upstream[report][key]
        rn.record(f"{report}.{key}", entry["value"], unit=entry["unit"])
rn.record("reports_summarized", len(KEY_FIGURES))

# %%
car, inv, pri, ineq = "car_unit_economics", "investor_returns", "prices_and_exchange", "inequality"
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
rows = []
for report, keys in KEY_FIGURES.items():
    link = f'<a href="../../{report}/default/report.html">{html.escape(report)}</a>'
    for key, label in keys:
        rows.append(
            {
                "report": link,
                "figure": html.escape(label),
                "value": html.escape(figure(report, key)),
            }
        )
rn.table(
    rows,
    caption="Key figures of the four reports (default parameters)",
    html_cells=("report", "figure", "value"),
    numeric_right=False,
)
