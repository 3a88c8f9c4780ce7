"""One smuggled car's profit in won, in months of a worker's wage and in rice.

The profit (CNY per car: the smuggler's margin, which the prices report reads from the car
report's results) and the rate converting it into won (KPW per CNY, the world's market rate
after the won's fall) are named as the report's figures; the wage scale is
:class:`~hyesan_analysis.model.real_wage.WageScale`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hyesan_analysis.model.market_frame import InsufficientDataError
from hyesan_analysis.model.real_wage import NearestPrice, WageScale, rice_price_latest

__all__ = [
    "CarProfit",
    "CarProfitInWages",
    "car_profit_in_wage_months",
    "car_profit_in_wages",
    "car_profit_kpw",
]


def car_profit_kpw(profit_per_car_cny: float, rate_after_kpw_per_cny: float) -> float:
    """One car's profit converted to won.

    Parameters
    ----------
    profit_per_car_cny : float
        The smuggler's margin per car (CNY), after the trading company's share.
    rate_after_kpw_per_cny : float
        Market rate (KPW per CNY, > 0).

    Returns
    -------
    float
        Profit in KPW.
    """
    if rate_after_kpw_per_cny <= 0:
        raise ValueError(f"rate_after_kpw_per_cny must be positive, got {rate_after_kpw_per_cny}")
    return float(profit_per_car_cny) * float(rate_after_kpw_per_cny)


def car_profit_in_wage_months(
    profit_per_car_cny: float, rate_after_kpw_per_cny: float, monthly_wage_kpw: float
) -> float:
    """One smuggled car's profit expressed in months of a worker's wage.

    Parameters
    ----------
    profit_per_car_cny : float
        Profit per car (CNY), e.g. the car report's margin of 10,500 at the founding
        report's figures (83,000 - 45,000 - 2,500 - 25,000, nothing more to the company).
    rate_after_kpw_per_cny : float
        Market rate (KPW per CNY), e.g. about 3,000 in Hyesan (Daily NK, 2025-03-04).
    monthly_wage_kpw : float
        Monthly wage (KPW per month, > 0), e.g. 30,000 after the October 2023 reform.

    Returns
    -------
    float
        Months of wage: ``profit_per_car_cny * rate_after_kpw_per_cny / monthly_wage_kpw``.
    """
    if monthly_wage_kpw <= 0:
        raise ValueError(f"monthly_wage_kpw must be positive, got {monthly_wage_kpw}")
    return car_profit_kpw(profit_per_car_cny, rate_after_kpw_per_cny) / float(monthly_wage_kpw)


@dataclass(frozen=True)
class CarProfit:
    """A smuggler's profit on one used car and the rate that converts it into won.

    Attributes
    ----------
    profit_per_car_cny : float
        The smuggler's margin per car (CNY), after the trading company's share.
    rate_after_kpw_per_cny : float
        Exchange rate used for the conversion (KPW per CNY, > 0).
    """

    profit_per_car_cny: float
    rate_after_kpw_per_cny: float

    @property
    def profit_kpw(self) -> float:
        """The profit in KPW."""
        return car_profit_kpw(self.profit_per_car_cny, self.rate_after_kpw_per_cny)

    def wage_months(self, monthly_wage_kpw: float) -> float:
        """The profit in months of a wage (KPW per month)."""
        return car_profit_in_wage_months(
            self.profit_per_car_cny, self.rate_after_kpw_per_cny, monthly_wage_kpw
        )


@dataclass(frozen=True)
class CarProfitInWages:
    """One car's profit against wages and rice.

    Attributes
    ----------
    profit_kpw : float
        The profit in KPW.
    wage_months_after, wage_months_before : float
        The profit in months of the wage from and before the reform.
    rice_tonnes : float
        The profit in tonnes of rice at ``rice``'s price.
    rice : NearestPrice
        The rice price used.
    latest_rate : NearestPrice or None
        The city's latest observed yuan rate (None when it has none).
    wage_months_at_latest_rate : float or None
        The profit in months of the new wage when converted at ``latest_rate``.
    """

    profit_kpw: float
    wage_months_after: float
    wage_months_before: float
    rice_tonnes: float
    rice: NearestPrice
    latest_rate: NearestPrice | None
    wage_months_at_latest_rate: float | None


def car_profit_in_wages(
    car: CarProfit, wages: WageScale, rice: NearestPrice, market: pd.DataFrame, city: str
) -> CarProfitInWages:
    """One car's profit in months of wage, in rice, and at the city's latest yuan rate.

    Parameters
    ----------
    car : CarProfit
    wages : WageScale
    rice : NearestPrice
        The rice price to express the profit in (KPW per kg).
    market : DataFrame
        Market frame, searched for ``city``'s latest KPW per CNY rate.
    city : str
        City of that rate.
    """
    try:
        rate: NearestPrice | None = rice_price_latest(market, city=city, series="CNY")
    except InsufficientDataError:
        rate = None
    at_rate = (
        None
        if rate is None
        else car_profit_in_wage_months(
            car.profit_per_car_cny, rate.price_kpw_per_kg, wages.wage_after_kpw
        )
    )
    return CarProfitInWages(
        profit_kpw=car.profit_kpw,
        wage_months_after=car.wage_months(wages.wage_after_kpw),
        wage_months_before=car.wage_months(wages.wage_before_kpw),
        rice_tonnes=car.profit_kpw / rice.price_kpw_per_kg / 1000,
        rice=rice,
        latest_rate=rate,
        wage_months_at_latest_rate=at_rate,
    )
