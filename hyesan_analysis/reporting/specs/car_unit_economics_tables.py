"""The car report's tables, charts' data and computed sentences, from its model.

The parameters, the stated ranges and ``to_model`` are in
:mod:`hyesan_analysis.reporting.specs.car_unit_economics`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.model.provenance import Figure, sourced
from hyesan_analysis.model.vehicle import (
    SHARE_FIELDS,
    CarUnitEconomics,
    Sensitivity,
    VehiclePnL,
    vehicle_pnl,
)
from hyesan_analysis.model.vehicle_checks import ReportCheck, ReportedWakuCut
from hyesan_analysis.model.vehicle_classes import (
    MOTORCYCLE,
    NEW_CAR,
    USED_TRUCK,
    VEHICLE_CLASSES,
    class_deals,
    midpoint_of,
)
from hyesan_analysis.reporting.authoring.formatting import amount_range, citation_html, yes_or_no

#: The stages of a used car's capital cycle, in days (the fields of ``CapitalCycle``).
from hyesan_analysis.reporting.specs.car_unit_economics import (
    LOW_PRICE_FACT,
    OBSERVED_SALE_PRICES,
    StatedRange,
    stated_ranges,
)

Row = dict[str, Any]

INPUT_LABELS = {
    "sale_price_cny": "Sale price",
    "purchase_price_cny": "Purchase price in China",
    "waku_price_cny": "Waku",
    "transport_cny": "Transport",
    "company_profit_share": "Company's share",
    "annual_interest_rate": "Interest rate",
    "other_fees_cny": "Other fees",
}
"""Reader names of the deal's inputs (tornado chart and sensitivity table)."""


def pnl_rows(pnl: VehiclePnL) -> list[Row]:
    """Every P&L line with its share of the sale price, then the margin and the net profit."""
    sale = pnl.sale_price_cny
    rows: list[Row] = [
        {
            "line": name,
            "CNY per vehicle": amount,
            "share of sale price": f"{abs(amount) / sale:.1%}",
        }
        for name, amount in pnl.lines()
    ]
    for name, amount in (
        ("Margin (reported 'profit', before financing)", pnl.margin_cny),
        ("Net profit after financing", pnl.net_profit_cny),
    ):
        rows.append(
            {"line": name, "CNY per vehicle": amount, "share of sale price": f"{amount / sale:.1%}"}
        )
    return rows


def waterfall_steps(pnl: VehiclePnL) -> list[tuple[str, float]]:
    """The P&L lines that are not zero, for the waterfall chart."""
    return [(name, amount) for name, amount in pnl.lines() if abs(amount) > 0]


#: What the margin in the class table is, per class: a check, a consequence or an assumption.
MARGIN_BASIS = {
    "used_car": "model; checked below",
    NEW_CAR.key: "assumed",
    USED_TRUCK.key: "implied: the reported profit",
    MOTORCYCLE.key: "implied: the reported profit",
}


def steps_frame(steps: Sequence[tuple[str, float]]) -> pd.DataFrame:
    """The waterfall's steps and the running total as a table (the chart's data file)."""
    frame = pd.DataFrame(steps, columns=["line", "CNY per vehicle"])
    frame["running total"] = frame["CNY per vehicle"].cumsum()
    return frame


def sensitivity_frame(
    model: CarUnitEconomics, sens: Sequence[Sensitivity], sobol: pd.DataFrame
) -> pd.DataFrame:
    """Both panels of the sensitivity chart as one table (its data file), one row per input."""
    indices = _by_name(sobol)
    return pd.DataFrame(
        [
            {
                "input": INPUT_LABELS[s.field],
                "low input": s.low_input,
                "high input": s.high_input,
                "basis of range": _range_of(model, s.field).basis,
                "net profit at low (CNY per vehicle)": s.profit_at_low_cny,
                "net profit at high (CNY per vehicle)": s.profit_at_high_cny,
                "first-order Sobol' index": indices[s.field].first_order,
                "total Sobol' index": indices[s.field].total,
            }
            for s in sens
        ]
    )


def sensitivity_alt(sens: Sequence[Sensitivity], base_cny: float, sobol: pd.DataFrame) -> str:
    """Alt text of the sensitivity chart: both panels' numbers in words."""
    indices = _by_name(sobol)
    bars = "; ".join(
        f"{INPUT_LABELS[s.field].lower()} {input_span(s)}: {s.profit_at_low_cny:,.0f} to "
        f"{s.profit_at_high_cny:,.0f}"
        for s in sens
    )
    shares = "; ".join(
        f"{INPUT_LABELS[s.field].lower()} {indices[s.field].first_order:.0%} alone, "
        f"{indices[s.field].total:.0%} in total"
        for s in sens
    )
    return (
        f"Two panels. Left, a tornado of net profit per used car around {base_cny:,.0f} CNY "
        f"as each input moves over its range (CNY per vehicle, at the low and the high end): "
        f"{bars}. Right, Sobol' indices, the share of the net profit's variance: {shares}."
    )


def class_rows(model: CarUnitEconomics) -> list[Row]:
    """The P&L of each vehicle class on the run's terms (the new car on its own cycle).

    What each margin is and where the inputs come from are in :func:`class_basis_rows`.
    """
    rows = []
    for vc, deal in class_deals(model.deal, model.new_cycle.total_days):
        pnl = vehicle_pnl(deal)
        rows.append(
            {
                "class": vc.label,
                "sale": deal.sale_price_cny,
                "purchase": deal.purchase_price_cny,
                "transport": deal.transport_cny,
                "waku": deal.waku_price_cny,
                "margin": pnl.margin_cny,
                "days": deal.financing_days,
                "net": pnl.net_profit_cny,
            }
        )
    return rows


def class_basis_rows(model: CarUnitEconomics) -> list[Row]:
    """What each class's margin is, its reported profit range and the basis of its inputs.

    The truck's and the motorcycle's purchase prices are backed out of their reported
    profits, so their margins equal those profits by construction (before any company share):
    the *margin is* column says so rather than setting them beside the reports as a check.
    """
    rows = []
    for vc, _ in class_deals(model.deal, model.new_cycle.total_days):
        profits = (
            "–"
            if vc.profit_range is None
            else amount_range(vc.profit_range[0].value, vc.profit_range[1].value)
            + ("" if vc.profit_range[0].basis == "sourced" else f" ({vc.profit_range[0].basis})")
        )
        rows.append(
            {
                "class": vc.label,
                "margin is": MARGIN_BASIS[vc.key],
                "reported profit range": profits,
                "basis of inputs": ", ".join(vc.bases),
            }
        )
    return rows


def check_rows(checks: Sequence[ReportCheck]) -> list[Row]:
    """The model against the reports, one row per check."""
    return [
        {
            "check": c.label,
            "model": c.model_cny,
            "reported": amount_range(c.reported_low.value, c.reported_high.value),
            "inside?": yes_or_no(c.inside),
        }
        for c in checks
    ]


def passthrough_words(cut: ReportedWakuCut) -> str:
    """The pass-through of the waku cut to buyers as a reader sees it: a share, or why not.

    >>> from hyesan_analysis.model.vehicle_checks import reported_waku_cut
    >>> passthrough_words(reported_waku_cut())
    'not identifiable'
    """
    share = cut.passthrough_to_buyers
    return "not identifiable" if share is None else f"{share:.0%}"


def revenue_rows(model: CarUnitEconomics, cut: ReportedWakuCut) -> list[Row]:
    """The state's revenue view: waku revenue before and after, the growth it needs."""
    return [
        {
            "quantity": "Waku revenue at the reference waku",
            "value": model.reference_revenue_cny,
            "unit": "CNY per year",
        },
        {
            "quantity": "Waku revenue at this waku, same volume",
            "value": model.revenue_cny(),
            "unit": "CNY per year",
        },
        {
            "quantity": "Volume growth needed to keep revenue",
            "value": f"{model.revenue_neutral_growth:.1%}",
            "unit": "of vehicles per year",
        },
        {
            "quantity": "Share of the waku cut passed to buyers",
            "value": passthrough_words(cut),
            "unit": "of the cut"
            + ("" if cut.prices_observed_independently else " (one report, no second price)"),
        },
    ]


def observed_price_rows(model: CarUnitEconomics) -> list[Row]:
    """The used car's margin and net profit at each sale price observed in 2025, CNY per car.

    Everything but the sale price stays at this run's values, so the rows show what the
    observed swing in prices alone does to the deal; a negative margin is a car sold under
    its landed cost. ``source`` is the price's short citation, trusted HTML (a link).
    """
    rows = []
    for fact_id, when in OBSERVED_SALE_PRICES:
        price = sourced(fact_id).value
        pnl = model.pnl_at_sale_price(price)
        rows.append(
            {
                "observed price": price,
                "when": when,
                "margin": pnl.margin_cny,
                "net profit": pnl.net_profit_cny,
                "margin / capital": f"{pnl.margin_cny / model.upfront_capital_cny:.1%}",
                "source": citation_html(fact_id, short=True),
            }
        )
    return rows


def low_price_pnl(model: CarUnitEconomics) -> VehiclePnL:
    """The used car's P&L at the lowest observed price (70,000 CNY, April–May 2025)."""
    return model.pnl_at_sale_price(sourced(LOW_PRICE_FACT).value)


def low_price_sentence(model: CarUnitEconomics) -> str:
    """What the used car makes at the lowest price observed in 2025 (a loss is said as one)."""
    low = low_price_pnl(model)
    where = "in April–May (the table of observed prices below)"
    if low.sale_price_cny == model.deal.sale_price_cny:
        return f"This run's price is the lowest observed in 2025, {where}."
    at = f"At the lowest price observed in 2025, **{low.sale_price_cny:,.0f} CNY** {where}"
    interest = f"once its {low.financing_cny:,.0f} CNY of interest is paid"
    if low.margin_cny < 0:
        landed = (
            low.purchase_price_cny + low.transport_cny + low.waku_price_cny + low.other_fees_cny
        )
        return (
            f"{at}, the same car sells **{-low.margin_cny:,.0f} CNY below its landed cost** of "
            f"{landed:,.0f} CNY (purchase, transport, waku and fees): "
            f"{profit_or_loss(low.margin_cny)} before financing and "
            f"**{profit_or_loss(low.net_profit_cny)}** {interest}."
        )
    return (
        f"{at}, the same car {earns_or_loses(low.margin_cny)} before financing and ends at "
        f"{profit_or_loss(low.net_profit_cny)} {interest}."
    )


def earns_or_loses(amount_cny: float) -> str:
    """``'earns … 10,500 CNY'`` or ``'loses … 2,500 CNY'``: the verb carries the sign.

    >>> earns_or_loses(10500), earns_or_loses(-2500)
    ('earns the smuggler **10,500 CNY**', 'loses the smuggler **2,500 CNY**')
    """
    verb = "earns" if amount_cny >= 0 else "loses"
    return f"{verb} the smuggler **{abs(amount_cny):,.0f} CNY**"


def profit_or_loss(amount_cny: float) -> str:
    """``'a profit of 5,614 CNY'`` or ``'a loss of 7,386 CNY'``.

    >>> profit_or_loss(5613.7), profit_or_loss(-7386.3)
    ('a profit of 5,614 CNY', 'a loss of 7,386 CNY')
    """
    word = "profit" if amount_cny >= 0 else "loss"
    return f"a {word} of {abs(amount_cny):,.0f} CNY"


def input_span(s: Sensitivity) -> str:
    """The low-to-high inputs of one sensitivity: percentages for shares, CNY otherwise.

    >>> input_span(Sensitivity("company_profit_share", 0.0, 0.2, 0.0, 0.0))
    '0%–20%'
    """
    if s.field in SHARE_FIELDS:
        return f"{s.low_input:.0%}–{s.high_input:.0%}"
    return f"{s.low_input:,.0f}–{s.high_input:,.0f}"


def tornado_labels(sens: Sequence[Sensitivity]) -> list[str]:
    """``"Sale price (70,000–85,000)"``: each input's name and the span it moves over."""
    return [f"{INPUT_LABELS[s.field]} ({input_span(s)})" for s in sens]


def _range_of(model: CarUnitEconomics, field: str) -> StatedRange:
    return next(r for r in stated_ranges(model.deal) if r.field == field)


def _end(figure: Figure) -> str:
    return f"{figure.value:.0%}" if figure.unit in ("share", "per year") else f"{figure.value:,.0f}"


def _short_citation(figure: Figure) -> str:
    """``'Daily NK, 2025-05 [fact_id]'`` for a sourced figure (full citation in the sources
    table), the arithmetic or rationale otherwise."""
    if figure.fact_id is None:
        return figure.detail
    fact = get_fact(figure.fact_id)
    return f"{fact.publisher}, {fact.date} [{figure.fact_id}]"


def range_rows(model: CarUnitEconomics) -> list[Row]:
    """Every input the sensitivities vary: its range, its basis and where the ends come from."""
    rows = []
    for r in stated_ranges(model.deal):
        ends = (r.low, r.high)
        sources = "; ".join(dict.fromkeys(_short_citation(f) for f in ends))
        rows.append(
            {
                "input": INPUT_LABELS[r.field],
                "low": _end(r.low),
                "high": _end(r.high),
                "basis": r.basis + (" (widened to this run's value)" if r.widened else ""),
                "source or rationale": sources,
            }
        )
    return rows


def sensitivity_rows(model: CarUnitEconomics, sens: Sequence[Sensitivity]) -> list[Row]:
    """The tornado chart as a table, CNY per vehicle, with each range's basis."""
    return [
        {
            "input": INPUT_LABELS[s.field],
            "range": input_span(s),
            "basis": _range_of(model, s.field).basis,
            "net profit at low": s.profit_at_low_cny,
            "net profit at high": s.profit_at_high_cny,
            "swing": s.swing_cny,
        }
        for s in sens
    ]


@dataclass(frozen=True)
class SobolIndex:
    """One input's row of a Sobol' table (see :data:`~hyesan_analysis.model.sensitivity.SOBOL_COLUMNS`)."""

    name: str
    first_order: float
    first_order_conf: float
    total: float
    total_conf: float


def sobol_records(sobol: pd.DataFrame) -> list[SobolIndex]:
    """The rows of a Sobol' table as typed records, in its order."""
    return [
        SobolIndex(str(n), float(s1), float(s1c), float(st), float(stc))
        for n, s1, s1c, st, stc in zip(
            sobol["name"].tolist(),
            sobol["first_order"].tolist(),
            sobol["first_order_conf"].tolist(),
            sobol["total"].tolist(),
            sobol["total_conf"].tolist(),
            strict=True,
        )
    ]


def _by_name(sobol: pd.DataFrame) -> dict[str, SobolIndex]:
    return {r.name: r for r in sobol_records(sobol)}


def sobol_rows(sobol: pd.DataFrame, model: CarUnitEconomics) -> list[Row]:
    """The Sobol' indices as a table: first-order and total, with 95% intervals."""
    return [
        {
            "input": INPUT_LABELS[r.name],
            "basis of range": _range_of(model, r.name).basis,
            "first-order": f"{r.first_order:.2f} ± {r.first_order_conf:.2f}",
            "total": f"{r.total:.2f} ± {r.total_conf:.2f}",
        }
        for r in sobol_records(sobol)
    ]


def sobol_total(sobol: pd.DataFrame, field: str) -> float:
    """The total Sobol' index of one input (share of the output's variance it takes part in)."""
    return _by_name(sobol)[field].total


def sobol_sentence(sobol: pd.DataFrame, model: CarUnitEconomics) -> str:
    """Which input drives the net profit over the stated ranges, and how much of it is assumed."""
    records = sobol_records(sobol)
    top = records[0]
    assumed_totals = [r.total for r in records if _range_of(model, r.name).basis == "assumed"]
    assumed_clause = (
        ""
        if not assumed_totals
        else "; no input whose range is assumed (the company's share, other fees) has a total "
        f"index above {max(assumed_totals):.0%}"
    )
    return (
        f"Over the ranges of the sensitivity chart below, the "
        f"{INPUT_LABELS[top.name].lower()} alone explains {top.first_order:.0%} of the "
        f"variance of the net profit per car (total index {top.total:.0%}){assumed_clause}."
    )


def class_figure_rows() -> list[Row]:
    """Every vehicle-class figure with its basis and its citation, arithmetic or rationale."""
    rows = []
    for vc in VEHICLE_CLASSES:
        for item, fig in (*vc.figures(), *vc.range_figures()):
            detail = fig.citation
            if fig.fact_id is not None:
                detail = f"{detail} [{fig.fact_id}{midpoint_of(fig)}]"
            rows.append(
                {
                    "class": vc.label,
                    "figure": item,
                    "CNY per vehicle": fig.value,
                    "basis": fig.basis,
                    "source, arithmetic or rationale": detail,
                }
            )
    return rows
