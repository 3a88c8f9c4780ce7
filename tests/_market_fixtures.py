"""Builders of small market frames in the loader's format, for the model tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

UNITS = {
    "CNY": "KPW per CNY",
    "USD": "KPW per USD",
    "rice": "KPW per kg",
    "corn": "KPW per kg",
    "gasoline": "KPW per liter",
    "diesel": "KPW per liter",
}
PRECISION = {4: "year", 7: "month", 10: "day"}

NOV_2024 = [
    # the 2024-11 disagreement in the real data: NK Times vs Daily NK, KPW per USD
    ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
    ("2024-11-24", "Hyesan", "USD", 29500, "NK Times"),
    ("2024-11-24", "Pyongyang", "USD", 17900, "Daily NK"),
    ("2024-11-24", "Pyongyang", "USD", 30800, "NK Times"),
    ("2024-11-10", "Pyongyang", "USD", 18100, "Daily NK"),
    ("2024-11-24", "Hyesan", "CNY", 2400, "Daily NK"),
    ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
]


def make_market(
    rows: Sequence[tuple[str, str, str, float, str]],
) -> pd.DataFrame:
    """Frame from ``(date, city, series, value, publisher)`` tuples, in the loader's columns."""
    records = []
    for i, (date, city, series, value, publisher) in enumerate(rows):
        precision = PRECISION[len(date)]
        start = pd.Timestamp(f"{date}-01-01" if precision == "year" else date[:7] + "-01")
        if precision == "day":
            start = pd.Timestamp(date)
        month: Any = pd.NaT if precision == "year" else pd.Period(date[:7], freq="M")
        records.append(
            {
                "obs_id": f"o{i:04d}",
                "date": date,
                "date_precision": precision,
                "city": city,
                "series": series,
                "value": float(value),
                "unit": UNITS[series],
                "unit_as_printed": UNITS[series],
                "publisher": publisher,
                "source_url": f"https://example.org/{i}",
                "source_title": f"source {i}",
                "note": "",
                "period_start": start,
                "month": month,
            }
        )
    df = pd.DataFrame(records)
    df["month"] = pd.PeriodIndex(df["month"], freq="M")
    return df


def row_where(df: pd.DataFrame, **equal: Any) -> pd.Series:
    """The single row of ``df`` whose columns equal the given values (fails otherwise)."""
    mask = pd.Series(True, index=df.index)
    for column, value in equal.items():
        mask &= df[column] == value
    matches = df.loc[mask]
    assert len(matches) == 1, f"expected one row for {equal}, found {len(matches)}"
    return matches.iloc[0]


def synthetic_market(
    elasticity: float,
    n_months: int,
    cities: Sequence[str] = ("Hyesan",),
    noise_sd: float = 0.05,
    seed: int = 0,
    publisher: str = "Daily NK",
    rate_trend: float = 0.04,
) -> pd.DataFrame:
    """Monthly rice and CNY series with ``log p = a_c + elasticity * log r + noise``.

    The log rate follows a random walk with drift ``rate_trend`` per month (so it varies);
    each city has its own level for both the rate and the price (a_c differs by city).
    Dates are day-precision on the 10th of each month from January 2022.
    """
    rng = np.random.default_rng(seed)
    months = pd.period_range("2022-01", periods=n_months, freq="M")
    rows: list[tuple[str, str, str, float, str]] = []
    for k, city in enumerate(cities):
        log_r = np.log(1000.0 * (1 + 0.1 * k)) + np.cumsum(
            rng.normal(rate_trend, 0.08, size=n_months)
        )
        log_p = 3.0 + 0.2 * k + elasticity * log_r + rng.normal(0.0, noise_sd, size=n_months)
        for m, lr, lp in zip(months, log_r, log_p, strict=True):
            day = f"{m.strftime('%Y-%m')}-10"
            rows.append((day, city, "CNY", float(np.exp(lr)), publisher))
            rows.append((day, city, "rice", float(np.exp(lp)), publisher))
    return make_market(rows)
