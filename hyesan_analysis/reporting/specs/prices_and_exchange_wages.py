"""Real-wage and car-margin words and rows of the prices_and_exchange report.

Split from :mod:`hyesan_analysis.reporting.specs.prices_and_exchange_text`, which imports
every name back: the sentences on a month's wage in rice and in the rice-and-corn basket
before, at and after the October 2023 reform; the founding report's yuan rate (the default
rate of the car's profit), what it is not and the market series around it; and the rows of
the real-wage table and of the table of one car's margin in won, wages and rice. Everything
is built from objects of ``hyesan_analysis.model`` passed in, never computed here. Not a
report: it defines no ``SPEC``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hyesan_analysis.data.loaders import Fact, get_fact
from hyesan_analysis.reporting.authoring.formatting import short_city

if TYPE_CHECKING:  # the model imports pandas; the registry imports this module at start-up
    from hyesan_analysis.model.car_profit_wages import CarProfit, CarProfitInWages
    from hyesan_analysis.model.market_filter import LevelAround
    from hyesan_analysis.model.real_wage import MarginInRice, RealWageBasis, WagePoint, WageScale

Rows = list[dict[str, Any]]

#: The official bank rate that shares the founding report's figure but is not a market rate.
OFFICIAL_RATE_FACT = "official_bank_rate_2025_10_kpw_per_cny"


def wage_point_words(point: WagePoint) -> str:
    """Where, how much, who and when: one price in a parenthesis."""
    what = "KPW/kg of rice" if point.good == "rice" else "KPW/kg for the basket"
    return f"{short_city(point.city)}, {point.price_kpw_per_kg:,.0f} {what}, {point.publisher}, {point.period}"


def wage_sentence(rice: RealWageBasis, wages: WageScale) -> str:
    """The real wage in rice before, at and after the reform, on one basis."""
    at, latest = rice.at_reform, rice.latest
    if rice.before is not None:
        text = (
            f"Before the October 2023 reform a worker's {wages.wage_before_kpw:,.0f} KPW a month "
            f"bought **{rice.before.kg:.2f} kg of rice**; the reform's "
            f"{wages.wage_after_kpw:,.0f} KPW bought **{at.kg:.2f} kg** at the same price "
            f"({wage_point_words(at)})"
        )
    else:
        text = (
            f"No rice price lies within {rice.tolerance_months} months of the reform, so the "
            f"pre-reform wage cannot be priced; the new {wages.wage_after_kpw:,.0f} KPW bought "
            f"**{at.kg:.2f} kg** at the nearest price ({wage_point_words(at)}, "
            f"{at.month_distance} months from the reform)"
        )
    text += (
        f". At the latest price ({wage_point_words(latest)}) it buys **{latest.kg:.2f} kg**: "
        f"{rice.share_lost:.0%} of the reform's purchasing power in rice is gone"
    )
    if rice.latest_over_before is not None:
        text += (
            f", though the wage still buys {rice.latest_over_before:.1f} times the pre-reform rice"
        )
    text += "."
    if not rice.one_publisher:
        text += (
            f" The reform price is from {at.publisher} and the latest from {latest.publisher}: no "
            f"publisher reports {short_city(at.city)}'s rice both at the reform and a year later."
        )
    first = rice.latest_publisher_first
    if first is not None:
        text += (
            f" Within {first.publisher}'s own series the wage went from {first.kg:.2f} kg at its "
            f"first price after the reform ({first.period}) to {latest.kg:.2f} kg "
            f"({1 - latest.kg / first.kg:.0%} less)."
        )
    return text


def basket_sentence(basket: RealWageBasis | None, share: float) -> str:
    """The same wage in the rice-and-corn basket."""
    mix = f"a kilogram of {share:.0%} rice and {1 - share:.0%} corn by weight"
    if basket is None:
        return (
            f"No publisher prices rice and corn on the same date here, so {mix} cannot be priced."
        )
    at, latest = basket.at_reform, basket.latest
    where = (
        "at the reform"
        if at.month_distance == 0
        else f"{at.month_distance} month{'s' if at.month_distance != 1 else ''} from the reform"
    )
    text = f"In {mix}, priced where one publisher reports both on the same date, "
    if basket.before is not None:
        text += f"the old wage bought {basket.before.kg:.2f} kg and the new one "
    else:
        text += "the new wage bought "
    return text + (
        f"{at.kg:.2f} kg {where} ({wage_point_words(at)}) and {latest.kg:.2f} kg at the latest "
        f"({wage_point_words(latest)}): {basket.share_lost:.0%} less."
    )


def founding_label(founding: Fact) -> str:
    """Label of the founding report's rate on the chart."""
    return f"founding report: ~{founding.value:,.0f} ({founding.publisher}, {founding.date})"


def _month_words(date: str) -> str:
    return _dt.datetime.strptime(date[:7], "%Y-%m").strftime("%B %Y")


def founding_level(founding: Fact, level: LevelAround, city: str) -> str:
    """The founding report's rate, what it is not, and the market series around it.

    Parameters
    ----------
    founding : Fact
        The founding report's market rate (KPW per CNY, dated).
    level : LevelAround
        ``city``'s yuan rate up to and after ``founding.date``.
    city : str
        City of ``level``.
    """
    official = get_fact(OFFICIAL_RATE_FACT)
    text = (
        f"The founding report ({founding.publisher}, {founding.date}) puts the {founding.place} "
        f"market rate at about {founding.value:,.0f} KPW per yuan, the default rate for the car's "
        f"profit below. It is a market rate, not the official bank rate of "
        f"{official.value:,.0f} that {official.publisher} reported for "
        f"{_month_words(official.date)}, at which nobody trades. "
    )
    peak, last, latest = level.peak_before, level.last_before, level.latest
    if peak is None or last is None:
        return text + (
            f"The filter leaves no {city} yuan rate up to {founding.date} to compare with."
        )
    own = (
        last["date"] == founding.date and city == founding.place and last["value"] == founding.value
    )
    last_text = f"{last['value']:,.0f} on {last['date']}" + (
        f", the report's own figure (observation {last['obs_id']})"
        if own
        else f" ({last['publisher']}), the last observation up to that report"
    )
    if peak["obs_id"] == last["obs_id"]:
        text += f"In the market series {city}'s yuan rate stood at {last_text}"
    else:
        text += (
            f"In the market series {city}'s yuan rate peaked at {peak['value']:,.0f} KPW/CNY on "
            f"{peak['date']} ({peak['publisher']}) and stood at {last_text}"
        )
    if latest is not None:
        text += f"; by {latest['date']} it was {latest['value']:,.0f} ({latest['publisher']})"
    return text + "."


def profit_rate_unit(car: CarProfit, founding: Fact) -> str:
    """Unit and basis of the rate converting the car's profit."""
    if car.rate_after_kpw_per_cny == founding.value:
        return f"KPW per CNY (founding report, {founding.publisher} {founding.date})"
    return "KPW per CNY (set for this run)"


def real_wage_caption(wages: WageScale) -> str:
    """Caption of the chart of the wage in rice."""
    return (
        f"A month's wage in kg of rice at each rice price ({wages.wage_before_kpw:,.0f} KPW "
        f"before {wages.reform_month}, {wages.wage_after_kpw:,.0f} KPW from it)"
    )


def basis_rows(bases: Iterable[RealWageBasis | None]) -> Rows:
    """Rows of the real-wage table: before the reform, at it and latest, for each good."""
    rows: Rows = []
    for basis in bases:
        if basis is None:
            continue
        points = (basis.before, basis.at_reform, basis.latest_publisher_first, basis.latest)
        for point in points:
            if point is None:
                continue
            rows.append(
                {
                    "good": "rice" if point.good == "rice" else "rice-and-corn basket",
                    # a reform price months away is the nearest, not the reform's own
                    "point": "nearest the reform"
                    if point.point == "at the reform" and point.month_distance
                    else point.point,
                    "city, publisher": f"{short_city(point.city)}, {point.publisher}",
                    "price date": point.period
                    + (
                        f" ({point.month_distance} mo. from reform)" if point.month_distance else ""
                    ),
                    "KPW/kg": point.price_kpw_per_kg,
                    "wage KPW/month": point.wage_kpw,
                    "kg/month": point.kg,
                }
            )
    return rows


def car_rows(
    summary: CarProfitInWages,
    car: CarProfit,
    wages: WageScale,
    city: str,
    founding: Fact,
    rice: MarginInRice | None,
) -> Rows:
    """Rows of the table of one car's profit in won, wages and rice.

    The rice row converts the margin at one publisher's yuan rate and rice price of one date
    (``rice``), never at a rate of one date and a price of another.
    """
    rows: Rows = [
        {
            "quantity": "Smuggler's margin per used car",
            "value": car.profit_per_car_cny,
            "unit": "CNY (car_unit_economics report)",
        },
        {
            "quantity": "Exchange rate used",
            "value": car.rate_after_kpw_per_cny,
            "unit": profit_rate_unit(car, founding),
        },
        {
            "quantity": "Margin per used car in won",
            "value": summary.profit_kpw / 1e6,
            "unit": "million KPW",
        },
        {
            "quantity": "In months of the post-reform wage",
            "value": summary.wage_months_after,
            "unit": f"months of {wages.wage_after_kpw:,.0f} KPW",
        },
        {
            "quantity": "In months of the pre-reform wage",
            "value": summary.wage_months_before,
            "unit": f"months of {wages.wage_before_kpw:,.0f} KPW",
        },
    ]
    if rice is not None:
        rows.append(
            {
                "quantity": "In rice, at one date's yuan rate and rice price",
                "value": rice.kg / 1000,
                "unit": f"tonnes ({short_city(rice.city)}, {rice.publisher}, {rice.period}: "
                f"{rice.rate_kpw_per_cny:,.0f} KPW/CNY, {rice.rice_kpw_per_kg:,.0f} KPW/kg)",
            }
        )
    rate = summary.latest_rate
    if rate is not None:
        rows.append(
            {
                "quantity": "In months of the post-reform wage, at the latest observed yuan rate",
                "value": summary.wage_months_at_latest_rate,
                "unit": f"months ({city}: {rate.price_kpw_per_kg:,.0f} KPW/CNY on {rate.date}, "
                f"{rate.publisher})",
            }
        )
    return rows
