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
waku_price_cny: float = 25000.0  # CNY per vehicle; sourced: waku_price_2025_cny
sale_price_cny: float = 83000.0  # CNY per vehicle; sourced: used_car_sale_price_2025_cny
purchase_price_cny: float = 45000.0  # CNY per vehicle; sourced: used_car_purchase_price_china_2024_cny
transport_cny: float = 2500.0  # CNY per vehicle; sourced: transport_cost_per_vehicle_2024_cny
other_fees_cny: float = 0.0  # CNY per vehicle; assumed (see the schema)
company_profit_share: float = 0.0  # share; assumed (see the schema)
annual_interest_rate: float = 0.1  # per year; assumed (see the schema)
inspection_days: int = 5  # days; sourced: inspection_period_days
approval_days: int = 10  # days; sourced: sale_approval_delay_days
time_to_sale_days: int = 5  # days; assumed (see the schema)
reference_waku_cny: float = 30000.0  # CNY per vehicle; sourced: waku_price_2024_cny
vehicles_per_year: int = 2000  # vehicles per year; assumed (see the schema)
sensitivity_range: float = 0.1  # fraction; assumed (see the schema)
# fmt: on

# %%
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np

from hyesan_analysis import viz
from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model import vehicle as veh
from hyesan_analysis.model.vehicle_classes import VEHICLE_CLASSES
from hyesan_analysis.reporting.authoring import notebook as rn

params = rn.start("car_unit_economics", globals())
financing_days = inspection_days + approval_days + time_to_sale_days
deal = veh.VehicleDeal(
    sale_price_cny=sale_price_cny,
    purchase_price_cny=purchase_price_cny,
    transport_cny=transport_cny,
    waku_cny=waku_price_cny,
    other_fees_cny=other_fees_cny,
    company_profit_share=company_profit_share,
    annual_interest_rate=annual_interest_rate,
    financing_days=financing_days,
)
pnl = veh.vehicle_pnl(deal)
waku_2024 = get_fact("waku_price_2024_cny").value
waku_2025 = get_fact("waku_price_2025_cny").value
reported_2024 = get_fact("smuggler_profit_per_car_2024_cny")
reported_2025 = get_fact("smuggler_profit_per_car_2025_cny")
landed_reported = get_fact("landed_cost_used_car_2024_cny")
pnl_2024 = veh.vehicle_pnl(replace(deal, waku_cny=waku_2024))
pnl_2025 = veh.vehicle_pnl(replace(deal, waku_cny=waku_2025))
growth_needed = veh.revenue_neutral_volume_growth(reference_waku_cny, waku_price_cny)
breakeven = veh.breakeven_sale_price_cny(deal)
# Sale price unchanged at 83,000 CNY across the cut (sourced): nothing passed to buyers.
sale_2025 = get_fact("used_car_sale_price_2025_cny").value
passthrough_buyers = veh.waku_passthrough_to_buyers(sale_2025, sale_2025, waku_2024, waku_2025)

rn.record("profit_per_car_cny", pnl.margin_cny, label="Margin per used car (before financing)")
rn.record("net_profit_per_car_cny", pnl.net_profit_cny, label="Net profit per used car")
rn.record("profit_per_car_2024_cny", pnl_2024.margin_cny, label="Margin at the 2024 waku")
rn.record("profit_per_car_2025_cny", pnl_2025.margin_cny, label="Margin at the 2025 waku")
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
def inside(x, fact):
    return fact.low <= x <= fact.high


state_share = waku_price_cny / sale_price_cny
rn.md(f"""
> **The answer.** At these parameters one smuggled used car earns the smuggler
> **{rn.fmt_cny(pnl.margin_cny)}** before financing ({rn.fmt_cny(pnl.net_profit_cny)} after
> {financing_days} days of interest at {rn.fmt_pct(annual_interest_rate)} a year). Of the
> {rn.fmt_cny(sale_price_cny)} a buyer pays, **{rn.fmt_pct(state_share)}** goes to the state's waku,
> {rn.fmt_pct(purchase_price_cny / sale_price_cny)} to the seller in China and
> {rn.fmt_pct(pnl.margin_cny / sale_price_cny)} to the smuggler.
>
> The model reproduces the reported profits: {rn.fmt_cny(pnl_2024.margin_cny)} at the 2024 waku
> (reported {reported_2024.low:,.0f}–{reported_2024.high:,.0f}:
> {"inside" if inside(pnl_2024.margin_cny, reported_2024) else "outside"}) and
> {rn.fmt_cny(pnl_2025.margin_cny)} at the 2025 waku (reported
> {reported_2025.low:,.0f}–{reported_2025.high:,.0f}:
> {"inside" if inside(pnl_2025.margin_cny, reported_2025) else "outside"}). Car prices did not fall
> when the waku was cut, so the whole cut went to smugglers; to keep its waku revenue the state
> needs **{rn.fmt_pct(growth_needed)} more cars** at {rn.fmt_cny(waku_price_cny)} than at
> {rn.fmt_cny(reference_waku_cny)}. A car breaks even at a sale price of {rn.fmt_cny(breakeven)}.
""")

# %% [markdown]
# ## One used car, line by line
#
# Every line of a used car's P&L at the parameters of this run, in CNY per vehicle. Costs are
# negative. *Financing* is simple interest on the money paid out before the sale, over the
# inspection, approval and selling days; the reported profits are read as before financing.

# %%
lines = pnl.lines()
rows = [
    {
        "line": name,
        "CNY per vehicle": amount,
        "share of sale price": f"{abs(amount) / sale_price_cny:.1%}",
    }
    for name, amount in lines
]
rows.append(
    {
        "line": "Margin (reported 'profit', before financing)",
        "CNY per vehicle": pnl.margin_cny,
        "share of sale price": f"{pnl.margin_cny / sale_price_cny:.1%}",
    }
)
rows.append(
    {
        "line": "Net profit after financing",
        "CNY per vehicle": pnl.net_profit_cny,
        "share of sale price": f"{pnl.net_profit_cny / sale_price_cny:.1%}",
    }
)
rn.table(rows, caption="Per-vehicle P&L of a used car (CNY per vehicle)")

# %%
fig, ax = viz.figure(height_in=3.6)
steps = [(n, a) for n, a in lines if abs(a) > 0]
viz.waterfall(
    ax,
    [n for n, _ in steps],
    [a for _, a in steps],
    "Net profit",
    "CNY per vehicle",
    title="From the sale price to the smuggler's net profit",
)
plt.show()

# %% [markdown]
# ## Four vehicle classes
#
# The sources give sale prices and profits for used trucks and motorcycles but not their costs;
# their purchase prices are *implied* (sale price minus reported profit and the other costs) and
# their waku and transport are assumptions, marked in the table. New cars have no sourced figures
# at all: every number in that row is an assumption. All classes use this run's financing terms.

# %%
class_rows = []
for vc in VEHICLE_CLASSES:
    d = vc.deal(annual_interest_rate=annual_interest_rate, financing_days=financing_days)
    if vc.key == "used_car":
        d = deal
    p = veh.vehicle_pnl(d)
    bases = {f.basis for f in (vc.sale_price, vc.purchase_price, vc.transport, vc.waku)}
    reported = (
        "–"
        if vc.reported_profit_low_cny is None
        else f"{vc.reported_profit_low_cny:,.0f}"
        if vc.reported_profit_low_cny == vc.reported_profit_high_cny
        else f"{vc.reported_profit_low_cny:,.0f}–{vc.reported_profit_high_cny:,.0f}"
    )
    class_rows.append(
        {
            "class": vc.label,
            "sale": d.sale_price_cny,
            "purchase": d.purchase_price_cny,
            "transport": d.transport_cny,
            "waku": d.waku_cny,
            "margin": p.margin_cny,
            "net": p.net_profit_cny,
            "reported profit": reported,
            "basis of inputs": ", ".join(sorted(bases)),
        }
    )
rn.table(
    class_rows, caption="P&L by vehicle class (CNY per vehicle; used car at this run's parameters)"
)

# %% [markdown]
# ## Model against the reports
#
# The model is checked, not fitted: the per-car profits reported in March 2025 and the June 2024
# cost build-up are independent figures. Each row sets the model beside a reported figure and
# says whether the model falls inside the reported range.

# %%
landed_model = purchase_price_cny + transport_cny + waku_2024 + other_fees_cny
check_rows = [
    {
        "check": "Margin per used car at the 2024 waku (30,000 CNY)",
        "model": pnl_2024.margin_cny,
        "reported": f"{reported_2024.low:,.0f}–{reported_2024.high:,.0f}",
        "inside?": "yes" if inside(pnl_2024.margin_cny, reported_2024) else "NO",
    },
    {
        "check": "Margin per used car at the 2025 waku (25,000 CNY)",
        "model": pnl_2025.margin_cny,
        "reported": f"{reported_2025.low:,.0f}–{reported_2025.high:,.0f}",
        "inside?": "yes" if inside(pnl_2025.margin_cny, reported_2025) else "NO",
    },
    {
        "check": "Landed cost of a used car, June 2024 (purchase + waku + transport + fees)",
        "model": landed_model,
        "reported": f"{landed_reported.value:,.0f}",
        "inside?": "yes" if abs(landed_model - landed_reported.value) < 0.5 else "NO",
    },
]
rn.table(check_rows, caption="Model vs reported (CNY per vehicle)")

# %% [markdown]
# ## The waku cut: who gained, and what the state needs
#
# Between 2024 and early 2025 the waku fell from 30,000 to 25,000 CNY while a used car still
# sold for 83,000 CNY. Buyers saw none of the cut; smugglers' reported profit rose by about the
# same 5,000 CNY. For the state (through its trading companies) the cut pays for itself only if
# volume grows by `old waku / new waku − 1`.

# %%
growth = np.linspace(0, 0.5, 51)
base_volume = vehicles_per_year
revenue_before = veh.waku_revenue_cny(reference_waku_cny, base_volume)
revenue_after = veh.waku_revenue_cny(waku_price_cny, base_volume * (1 + growth))
fig, ax = viz.figure(height_in=3.3)
ax.plot(growth, revenue_after / 1e6, label=f"waku {waku_price_cny:,.0f} CNY")
ax.axhline(
    revenue_before / 1e6,
    color=viz.TOTAL,
    linestyle="--",
    label=f"revenue at waku {reference_waku_cny:,.0f} CNY",
)
ax.axvline(growth_needed, color=viz.NEGATIVE, linestyle=":")
ax.annotate(
    f"+{growth_needed:.0%} vehicles to break even",
    (growth_needed, revenue_before / 1e6),
    xytext=(8, -28),
    textcoords="offset points",
    fontsize=8,
)
viz.percent(ax.xaxis)
ax.set_xlabel("Growth in vehicles per year after the cut (%)")
ax.set_ylabel("Waku revenue (million CNY per year)")
ax.set_title(f"State waku revenue at {vehicles_per_year:,} vehicles a year before the cut")
ax.legend(loc="lower right")
plt.show()
rn.table(
    [
        {
            "quantity": "Waku revenue at the reference waku",
            "value": revenue_before,
            "unit": "CNY per year",
        },
        {
            "quantity": "Waku revenue at this waku, same volume",
            "value": veh.waku_revenue_cny(waku_price_cny, base_volume),
            "unit": "CNY per year",
        },
        {
            "quantity": "Volume growth needed to keep revenue",
            "value": f"{growth_needed:.1%}",
            "unit": "of vehicles per year",
        },
        {
            "quantity": "Share of the waku cut passed to buyers",
            "value": f"{passthrough_buyers:.0%}",
            "unit": "of the cut",
        },
    ],
    caption="The state's revenue view (volume is an assumption; the growth needed is not)",
)

# %% [markdown]
# ## What moves the profit
#
# Each bar moves one input while the others stay at this run's values: prices by the
# sensitivity range either way, and inputs that default to zero (the company's share, other
# fees, the interest rate) from zero to a stated high. The sale price and the purchase price
# dominate; the waku matters as much as its size.

# %%
ranges = veh.tornado_ranges(deal, sensitivity_range)
sens = veh.one_at_a_time(deal, ranges)
names = {
    "sale_price_cny": "Sale price",
    "purchase_price_cny": "Purchase price in China",
    "waku_cny": "Waku",
    "transport_cny": "Transport",
    "company_profit_share": "Company's share",
    "annual_interest_rate": "Interest rate",
    "other_fees_cny": "Other fees",
}
fig, ax = viz.figure(height_in=3.4)


def span(s):
    if s.field in ("company_profit_share", "annual_interest_rate"):
        return f"{s.low_input:.0%}–{s.high_input:.0%}"
    return f"{s.low_input:,.0f}–{s.high_input:,.0f}"


viz.tornado(
    ax,
    [f"{names[s.field]} ({span(s)})" for s in sens],
    [s.profit_at_low_cny for s in sens],
    [s.profit_at_high_cny for s in sens],
    pnl.net_profit_cny,
    "Net profit per used car (CNY per vehicle)",
    title="One-at-a-time sensitivity of net profit",
)
plt.show()
rn.table(
    [
        {
            "input": names[s.field],
            "low input": s.low_input,
            "high input": s.high_input,
            "net profit at low": s.profit_at_low_cny,
            "net profit at high": s.profit_at_high_cny,
            "swing": s.swing_cny,
        }
        for s in sens
    ],
    caption="Sensitivity table (CNY per vehicle)",
)

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
figure_rows = []
for vc in VEHICLE_CLASSES:
    for item, fig_ in (
        ("sale price", vc.sale_price),
        ("purchase price", vc.purchase_price),
        ("transport", vc.transport),
        ("waku", vc.waku),
    ):
        detail = fig_.detail
        if fig_.basis == "sourced":
            fact_id = detail.split()[0]
            detail = f"{get_fact(fact_id).citation} [{detail}]"
        figure_rows.append(
            {
                "class": vc.label,
                "figure": item,
                "CNY per vehicle": fig_.value_cny,
                "basis": fig_.basis,
                "source, arithmetic or rationale": detail,
            }
        )
rn.table(figure_rows, caption="Vehicle-class figures: sourced, implied or assumed")
