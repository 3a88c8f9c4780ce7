"""What both data files share: the folder, the error type, and the row and field checks.

Every problem is a :class:`DataValidationError` naming the file, the 1-based CSV line and
the row id. ``FILES_READ`` records which shipped files this process read (the report
runner keys its cache on them).
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
from collections.abc import Iterator
from pathlib import Path

#: Folder holding the shipped CSV files.
DATA_DIR: Path = Path(__file__).resolve().parent
#: The shipped data files, in a fixed order (used for checksums in manifests).
DATA_FILES: tuple[str, ...] = ("facts.csv", "market_rates.csv")

#: Allowed values of ``date_precision`` (both files; ``unknown`` only in facts.csv).
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")

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


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
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


def parse_number(text: str) -> float:
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


def date_problem(date: str, precision: str, *, allow_unknown: bool) -> str | None:
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


def check_source(file: str, line: int, row_id: str, row: dict[str, str]) -> None:
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


def resolve(path: Path | str | None, name: str) -> Path:
    if path is None:
        FILES_READ.add(name)
        return DATA_DIR / name
    return Path(path)
