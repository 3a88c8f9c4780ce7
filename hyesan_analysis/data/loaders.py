"""Validating loaders for the package's cited datasets.

Two CSV files ship with the package (see ``README.md`` in this folder):

``facts.csv``
    One cited figure or statement per row, keyed by a stable ``id``.
``market_rates.csv``
    Dated market observations (KPW per CNY / USD, rice, corn, fuel) for Hyesan,
    Pyongyang and Sinuiju.

Both loaders check every row before returning anything and raise
:class:`DataValidationError` naming the file, the 1-based CSV line and the row id of the
first problem found. pandas is imported inside the functions so that importing
``hyesan_analysis.data`` stays cheap.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "DATA_DIR",
    "DATA_FILES",
    "DATE_PRECISIONS",
    "FACTS_COLUMNS",
    "FACT_KINDS",
    "FACT_UNITS",
    "MARKET_COLUMNS",
    "MARKET_SERIES_UNITS",
    "MARKET_UNITS",
    "DataValidationError",
    "Fact",
    "clear_cache",
    "get_fact",
    "load_facts",
    "load_market_rates",
]

#: Folder holding the shipped CSV files.
DATA_DIR: Path = Path(__file__).resolve().parent
#: The shipped data files, in a fixed order (used for checksums in manifests).
DATA_FILES: tuple[str, ...] = ("facts.csv", "market_rates.csv")

#: Exact header of ``facts.csv``.
FACTS_COLUMNS: tuple[str, ...] = (
    "id",
    "topic",
    "description",
    "kind",
    "value",
    "low",
    "high",
    "unit",
    "date",
    "date_precision",
    "place",
    "source_url",
    "source_title",
    "publisher",
    "note",
)
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

#: Allowed values of ``facts.csv:kind``.
FACT_KINDS: frozenset[str] = frozenset({"number", "text"})

#: Closed unit vocabulary of ``facts.csv``. ``text`` is the unit of every text row.
FACT_UNITS: frozenset[str] = frozenset(
    {
        # money
        "CNY",
        "CNY per vehicle",
        "CNY per year",
        "USD",
        "KRW",
        "KRW per year",
        "KPW per month",
        "KPW per day",
        "KPW per kg",
        # exchange rates
        "KPW per CNY",
        "KPW per USD",
        # time
        "days",
        "weeks",
        # dimensionless
        "share",
        "percent",
        "fold",
        "ratio",
        "elasticity",
        "share per month",
        "share per night",
        "Gini",
        "Theil",
        # counts
        "count",
        "persons",
        "vehicles",
        "routes",
        "people per car",
        # non-numeric rows
        "date",
        "text",
    }
)

#: Allowed values of ``date_precision`` (both files; ``unknown`` only in facts.csv).
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")

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

_NUMERIC_FACT_COLUMNS = ("value", "low", "high")
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_OBS_ID_RE = re.compile(r"^m\d{3,}$")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_DATE_RE = {
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "year": re.compile(r"^(\d{4})$"),
}
_DATE_FORM = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY", "unknown": "empty"}


class DataValidationError(ValueError):
    """A shipped (or supplied) CSV file breaks its schema.

    Parameters
    ----------
    file : str
        File name, e.g. ``"facts.csv"``.
    line : int
        1-based line number in the CSV file (the header is line 1).
    row_id : str or None
        The row's ``id`` / ``obs_id``, or None where the row has none (header, blank line).
    problem : str
        What is wrong.

    Examples
    --------
    ``facts.csv line 12 (id waku_price_2025_cny): low 30000 > value 25000``
    """

    def __init__(self, file: str, line: int, row_id: str | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.row_id = row_id
        self.problem = problem
        where = f"{file} line {line}"
        if row_id:
            key = "obs_id" if file.startswith("market_rates") else "id"
            where += f" ({key} {row_id})"
        super().__init__(f"{where}: {problem}")


# ----------------------------------------------------------------------------------------
# shared helpers


def _read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each data row after checking the header.

    Parameters
    ----------
    path : Path
        CSV file to read (UTF-8, comma-separated, with a header row).
    columns : tuple of str
        The exact header expected.

    Yields
    ------
    tuple of (int, dict)
        The 1-based line on which the record starts, and the record as a column -> text map.

    Raises
    ------
    DataValidationError
        On a wrong header, a blank line or a row with the wrong number of fields.
    """
    name = path.name
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise DataValidationError(name, 1, None, "file is empty (no header)") from None
        if tuple(header) != columns:
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            detail = []
            if missing:
                detail.append(f"missing {missing}")
            if extra:
                detail.append(f"unexpected {extra}")
            if not detail:
                detail.append("columns out of order")
            raise DataValidationError(
                name,
                1,
                None,
                f"bad header ({'; '.join(detail)}); expected exactly: {','.join(columns)}",
            )
        last = reader.line_num
        for record in reader:
            line = last + 1
            last = reader.line_num
            if not record:
                raise DataValidationError(name, line, None, "blank line")
            row_id = record[0] or None
            if len(record) != len(columns):
                raise DataValidationError(
                    name,
                    line,
                    row_id,
                    f"expected {len(columns)} fields, found {len(record)}",
                )
            yield line, dict(zip(columns, record, strict=True))


def _parse_number(text: str) -> float:
    """Parse a plain decimal number (no thousands separators, no nan/inf).

    Raises
    ------
    ValueError
        If ``text`` is not a finite plain number.
    """
    if not _NUMBER_RE.match(text):
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):  # pragma: no cover - the regex already excludes these
        raise ValueError(text)
    return value


def _date_problem(date: str, precision: str, *, allow_unknown: bool) -> str | None:
    """Return what is wrong with a ``date`` / ``date_precision`` pair, or None if valid."""
    allowed = DATE_PRECISIONS if allow_unknown else DATE_PRECISIONS[:-1]
    if precision not in allowed:
        return f"date_precision {precision!r} not in {list(allowed)}"
    if precision == "unknown":
        if date:
            return f"date {date!r} given but date_precision is 'unknown' (date must be empty)"
        return None
    m = _DATE_RE[precision].match(date)
    if not m:
        if not date:
            return f"date is empty but date_precision is {precision!r}"
        return (
            f"date {date!r} does not match date_precision {precision!r} "
            f"(expected {_DATE_FORM[precision]}; never add a day or month the source "
            f"does not give)"
        )
    parts = [int(p) for p in m.groups()] + [1] * (3 - len(m.groups()))
    try:
        _dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        return f"date {date!r} is not a calendar date ({exc})"
    return None


def _check_source(file: str, line: int, row_id: str, row: dict[str, str]) -> None:
    """Check the citation columns shared by both files."""
    if not row["source_url"].startswith(("http://", "https://")):
        raise DataValidationError(
            file, line, row_id, f"source_url {row['source_url']!r} must start with http"
        )
    for col in ("source_title", "publisher"):
        if not row[col].strip():
            raise DataValidationError(file, line, row_id, f"{col} is empty")


# Shipped data files read in this process; the report runner keys its cache on them, so
# editing a data file re-runs exactly the reports that read it.
FILES_READ: set[str] = set()


def _resolve(path: Path | str | None, name: str) -> Path:
    if path is None:
        FILES_READ.add(name)
        return DATA_DIR / name
    return Path(path)


# ----------------------------------------------------------------------------------------
# facts.csv


def _validate_fact(file: str, line: int, row: dict[str, str]) -> dict[str, float]:
    """Validate one facts row; return its parsed numeric columns (NaN where empty)."""
    fid = row["id"]

    def fail(problem: str) -> DataValidationError:
        return DataValidationError(file, line, fid, problem)

    if not _ID_RE.match(fid):
        raise fail(f"id {fid!r} is not snake_case ([a-z][a-z0-9]*(_[a-z0-9]+)*)")
    if not _ID_RE.match(row["topic"]):
        raise fail(f"topic {row['topic']!r} is not snake_case")
    if not row["description"].strip():
        raise fail("description is empty")
    kind, unit = row["kind"], row["unit"]
    if kind not in FACT_KINDS:
        raise fail(f"kind {kind!r} not in {sorted(FACT_KINDS)}")
    if unit not in FACT_UNITS:
        close = difflib.get_close_matches(unit, sorted(FACT_UNITS), n=3)
        hint = f"; did you mean {close}?" if close else ""
        raise fail(f"unit {unit!r} is not in the controlled vocabulary{hint}")

    nums: dict[str, float] = {}
    for col in _NUMERIC_FACT_COLUMNS:
        text = row[col]
        if text == "":
            nums[col] = math.nan
            continue
        if kind == "text":
            raise fail(f"text row must leave {col} empty, found {text!r}")
        try:
            nums[col] = _parse_number(text)
        except ValueError:
            raise fail(
                f"{col} {text!r} is not a plain number (no thousands separators, ranges or words)"
            ) from None

    if kind == "text":
        if unit != "text":
            raise fail(f"text row must have unit 'text', found {unit!r}")
    else:
        if unit in ("text", "date"):
            raise fail(f"number row cannot have unit {unit!r}")
        value, low, high = nums["value"], nums["low"], nums["high"]
        if math.isnan(value):
            raise fail("number row has an empty value")
        if math.isnan(low) and math.isnan(high):
            raise fail(
                "number row needs low and high (equal to value for a point figure; "
                "leave one empty only for an open end)"
            )
        if not math.isnan(low) and low > value:
            raise fail(f"low {row['low']} > value {row['value']}")
        if not math.isnan(high) and value > high:
            raise fail(f"value {row['value']} > high {row['high']}")
        if unit == "share":
            for col in _NUMERIC_FACT_COLUMNS:
                x = nums[col]
                if not math.isnan(x) and not 0.0 <= x <= 1.0:
                    raise fail(f"share {col} {row[col]} outside [0, 1]")

    problem = _date_problem(row["date"], row["date_precision"], allow_unknown=True)
    if problem:
        raise fail(problem)
    _check_source(file, line, fid, row)
    return nums


def _fact_records(path: Path | str | None = None) -> list[dict[str, object]]:
    """Validated rows of ``facts.csv`` as dicts, numbers parsed (no pandas: the CLI uses it)."""
    p = _resolve(path, "facts.csv")
    file = p.name
    records: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for line, row in _read_rows(p, FACTS_COLUMNS):
        fid = row["id"]
        if fid in seen:
            raise DataValidationError(
                file, line, fid, f"duplicate id (first defined on line {seen[fid]})"
            )
        seen[fid] = line
        nums = _validate_fact(file, line, row)
        rec: dict[str, object] = dict(row)
        rec.update(nums)
        records.append(rec)
    return records


def load_facts(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate ``facts.csv``.

    Parameters
    ----------
    path : Path or str, optional
        File to load; defaults to the shipped ``DATA_DIR / "facts.csv"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id`` (in file order), with the remaining columns of
        :data:`FACTS_COLUMNS`. ``value``, ``low`` and ``high`` are float (NaN where empty:
        text rows, or the open end of an open-ended figure); all other columns are str,
        with ``""`` for empty cells. Units are as given in ``unit``.

    Raises
    ------
    DataValidationError
        If the header is not exactly :data:`FACTS_COLUMNS`, or any row has a duplicate or
        malformed id, an unknown kind or unit, a non-numeric figure, low > value or
        value > high, a share outside [0, 1], a date that does not match its
        date_precision or is not a calendar date, or an incomplete citation.
    """
    import pandas as pd

    records = _fact_records(path)
    df = pd.DataFrame.from_records(records, columns=list(FACTS_COLUMNS))
    for col in _NUMERIC_FACT_COLUMNS:
        df[col] = df[col].astype("float64")
    return df.set_index("id")  # ids were checked unique above


@dataclass(frozen=True)
class Fact:
    """One cited fact from ``facts.csv``.

    Attributes
    ----------
    id : str
        Stable snake_case identifier.
    description : str
        What the figure measures, or the statement itself for text facts.
    value, low, high : float or None
        Point figure (midpoint for a range) and its bounds, in ``unit``; None for text
        facts and for the open end of an open-ended figure.
    unit : str
        One of :data:`FACT_UNITS`.
    date : str
        ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the source gives it, or ``""``.
    date_precision : str
        ``day``, ``month``, ``year`` or ``unknown``.
    place : str
        Where the figure applies (``""`` if nowhere in particular).
    source_url, source_title, publisher : str
        The citation; ``publisher`` is the original publisher.
    note : str
        Transcription notes (source row, splits, conversions, date wording).
    kind : str
        ``number`` or ``text``.
    topic : str
        Topic group from the source file.
    """

    id: str
    description: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    date: str
    date_precision: str
    place: str
    source_url: str
    source_title: str
    publisher: str
    note: str
    kind: str = "number"
    topic: str = ""

    @property
    def citation(self) -> str:
        """One-line human citation: ``Publisher, "Title", date, url``."""
        return f'{self.publisher}, "{self.source_title}", {self.date or "n.d."}, {self.source_url}'

    @property
    def number(self) -> float:
        """The point value as a float.

        Raises
        ------
        ValueError
            For a text fact, which has no value.
        """
        if self.value is None:
            raise ValueError(f"fact {self.id!r} is a {self.kind} fact and has no value")
        return self.value


def _opt(x: object) -> float | None:
    f = float(x)  # type: ignore[arg-type]
    return None if math.isnan(f) else f


@lru_cache(maxsize=1)
def _facts_by_id() -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for r in _fact_records():
        fid = str(r["id"])
        out[fid] = Fact(
            id=fid,
            description=str(r["description"]),
            value=_opt(r["value"]),
            low=_opt(r["low"]),
            high=_opt(r["high"]),
            unit=str(r["unit"]),
            date=str(r["date"]),
            date_precision=str(r["date_precision"]),
            place=str(r["place"]),
            source_url=str(r["source_url"]),
            source_title=str(r["source_title"]),
            publisher=str(r["publisher"]),
            note=str(r["note"]),
            kind=str(r["kind"]),
            topic=str(r["topic"]),
        )
    return out


def get_fact(fact_id: str) -> Fact:
    """Return one fact from the shipped ``facts.csv`` (loaded and validated once, cached).

    Parameters
    ----------
    fact_id : str
        The fact's ``id``.

    Returns
    -------
    Fact

    Raises
    ------
    KeyError
        If no fact has this id; the message lists close matches.
    DataValidationError
        If the shipped file is invalid.
    """
    facts = _facts_by_id()
    FILES_READ.add("facts.csv")  # also when served from the cache: this caller depends on it
    try:
        return facts[fact_id]
    except KeyError:
        close = difflib.get_close_matches(str(fact_id), list(facts), n=5, cutoff=0.5)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise KeyError(f"unknown fact id {fact_id!r} in facts.csv{hint}") from None


def clear_cache() -> None:
    """Forget the cached facts so that the next :func:`get_fact` re-reads the file."""
    _facts_by_id.cache_clear()


# ----------------------------------------------------------------------------------------
# market_rates.csv


def _validate_market_row(file: str, line: int, row: dict[str, str]) -> float:
    """Validate one market row; return its value."""
    oid = row["obs_id"]

    def fail(problem: str) -> DataValidationError:
        return DataValidationError(file, line, oid, problem)

    if not _OBS_ID_RE.match(oid):
        raise fail(f"obs_id {oid!r} does not look like m001")
    problem = _date_problem(row["date"], row["date_precision"], allow_unknown=False)
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
        value = _parse_number(row["value"])
    except ValueError:
        raise fail(f"value {row['value']!r} is not a plain number") from None
    if value <= 0:
        raise fail(f"value {row['value']} must be > 0")
    _check_source(file, line, oid, row)
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

    p = _resolve(path, "market_rates.csv")
    file = p.name
    records: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    starts: list[pd.Timestamp] = []
    months: list[object] = []
    for line, row in _read_rows(p, MARKET_COLUMNS):
        oid = row["obs_id"]
        if oid in seen:
            raise DataValidationError(
                file, line, oid, f"duplicate obs_id (first defined on line {seen[oid]})"
            )
        seen[oid] = line
        value = _validate_market_row(file, line, row)
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
