"""``market_rates.csv``: dated market observations (KPW per CNY / USD, rice, corn, fuel)
for Hyesan, Pyongyang and Sinuiju."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from hyesan_analysis.data.validation import (
    DataValidationError,
    check_source,
    checked_rows,
    date_problem,
    parse_number,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

#: Exact header of ``market_rates.csv``.
MARKET_COLUMNS: tuple[str, ...] = (
    "obs_id",
    "date",
    "date_precision",
    "city",
    "series",
    "value",
    "unit",
    "unit_as_printed",
    "publisher",
    "source_url",
    "source_title",
    "note",
)

#: Units a market series may carry.
MARKET_SERIES_UNITS: dict[str, frozenset[str]] = {
    "CNY": frozenset({"KPW per CNY"}),
    "USD": frozenset({"KPW per USD"}),
    "rice": frozenset({"KPW per kg"}),
    "corn": frozenset({"KPW per kg"}),
    "gasoline": frozenset({"KPW per kg", "KPW per liter", "KPW unit not stated"}),
    "diesel": frozenset({"KPW per kg", "KPW per liter", "KPW unit not stated"}),
}
#: Closed unit vocabulary of ``market_rates.csv``.
MARKET_UNITS: frozenset[str] = frozenset().union(*MARKET_SERIES_UNITS.values())

_OBS_ID_RE = re.compile(r"^m\d{3,}$")


def _validate_market_row(file: str, line: int, row: dict[str, str]) -> float:
    """Validate one market row; return its value."""
    oid = row["obs_id"]

    def fail(problem: str) -> DataValidationError:
        return DataValidationError(file, line, oid, problem)

    if not _OBS_ID_RE.match(oid):
        raise fail(f"obs_id {oid!r} does not look like m001")
    problem = date_problem(row["date"], row["date_precision"], allow_unknown=False)
    if problem:
        raise fail(problem)
    if not row["city"].strip():
        raise fail("city is empty")
    series, unit = row["series"], row["unit"]
    if series not in MARKET_SERIES_UNITS:
        raise fail(f"series {series!r} not in {sorted(MARKET_SERIES_UNITS)}")
    if unit not in MARKET_UNITS:
        raise fail(f"unit {unit!r} not in {sorted(MARKET_UNITS)}")
    if unit not in MARKET_SERIES_UNITS[series]:
        raise fail(
            f"unit {unit!r} does not fit series {series!r} "
            f"(allowed: {sorted(MARKET_SERIES_UNITS[series])})"
        )
    if not row["unit_as_printed"].strip():
        raise fail("unit_as_printed is empty")
    try:
        value = parse_number(row["value"])
    except ValueError:
        raise fail(f"value {row['value']!r} is not a plain number") from None
    if value <= 0:
        raise fail(f"value {row['value']} must be > 0")
    check_source(file, line, oid, row)
    return value


def load_market_rates(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate ``market_rates.csv``.

    Parameters
    ----------
    path : Path or str, optional
        File to load; defaults to the shipped ``DATA_DIR / "market_rates.csv"``.

    Returns
    -------
    pandas.DataFrame
        One row per observation, in file order, with the columns of
        :data:`MARKET_COLUMNS` (``value`` as float, in ``unit``; the others as str) plus

        ``period_start`` : Timestamp
            First day of the period the date denotes (the day itself, the first of the
            month, or 1 January).
        ``month`` : Period[M]
            The calendar month for day- and month-precision rows; NaT for year-precision
            rows. No day or month is ever filled in.

    Raises
    ------
    DataValidationError
        If the header is not exactly :data:`MARKET_COLUMNS`, or any row has a duplicate or
        malformed obs_id, a date that does not match its date_precision, an unknown series
        or unit (or one that does not fit the series), a value that is not a positive
        number, or an incomplete citation.
    """
    import pandas as pd

    records: list[dict[str, object]] = []
    starts: list[pd.Timestamp] = []
    months: list[object] = []
    rows = checked_rows(path, "market_rates.csv", MARKET_COLUMNS, _validate_market_row)
    for row, value in rows:
        rec: dict[str, object] = dict(row)
        rec["value"] = value
        records.append(rec)
        date, precision = row["date"], row["date_precision"]
        if precision == "year":
            starts.append(pd.Timestamp(year=int(date), month=1, day=1))
            months.append(pd.NaT)
        else:
            y, m = int(date[:4]), int(date[5:7])
            d = int(date[8:10]) if precision == "day" else 1
            starts.append(pd.Timestamp(year=y, month=m, day=d))
            months.append(pd.Period(year=y, month=m, freq="M"))
    df = pd.DataFrame.from_records(records, columns=list(MARKET_COLUMNS))
    df["value"] = df["value"].astype("float64")
    df["period_start"] = pd.to_datetime(pd.Series(starts, dtype="datetime64[ns]"))
    df["month"] = pd.Series(months, dtype="period[M]", index=df.index)
    return df
