"""``facts.csv``: one cited figure or statement per row, keyed by a stable ``id``.

``load_facts`` returns the validated table; ``get_fact`` one row as a :class:`Fact`
(read with the csv module only, so that the CLI never imports pandas).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from hyesan_analysis.data.validation import (
    FILES_READ,
    DataValidationError,
    check_source,
    checked_rows,
    date_problem,
    parse_number,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

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

_NUMERIC_FACT_COLUMNS = ("value", "low", "high")
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


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
            nums[col] = parse_number(text)
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

    problem = date_problem(row["date"], row["date_precision"], allow_unknown=True)
    if problem:
        raise fail(problem)
    check_source(file, line, fid, row)
    return nums


def _fact_records(path: Path | str | None = None) -> list[dict[str, object]]:
    """Validated rows of ``facts.csv`` as dicts, numbers parsed (no pandas: the CLI uses it)."""
    records: list[dict[str, object]] = []
    for row, nums in checked_rows(path, "facts.csv", FACTS_COLUMNS, _validate_fact):
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
