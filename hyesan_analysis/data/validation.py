"""What both data files share: the folder, the error type, the reading of a file into
checked rows, and the field checks.

Every problem is a :class:`DataValidationError` naming the file, the 1-based CSV line and
the row id: a missing or unreadable file, text that is not UTF-8 or not CSV, a wrong header,
a duplicate key or a bad field alike. It is a ``ParameterError``, the error the command line
turns into one line and exit code 2, because specs read facts when they are imported and a
broken data file must not end in a traceback. ``FILES_READ`` records which shipped files
this process read (the report runner keys its cache on them).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

# Only the standard library at import time, so this costs nothing.
from hyesan_analysis.reporting.authoring.schema import ParameterError

_Parsed = TypeVar("_Parsed")

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


class DataValidationError(ParameterError):
    """A shipped (or supplied) CSV file is missing, unreadable or breaks its schema.

    A ``ParameterError`` (so a ``ValueError``): the command line prints it as one line and
    exits with code 2, before anything is written.

    Parameters
    ----------
    file : str
        File name, e.g. ``"facts.csv"``.
    line : int or None
        1-based line number in the CSV file (the header is line 1); None when the file as a
        whole cannot be read.
    row_id : str or None
        The row's ``id`` / ``obs_id``, or None where the row has none (header, blank line).
    problem : str
        What is wrong.

    Examples
    --------
    ``facts.csv line 12 (id waku_price_2025_cny): low 30000 > value 25000``
    """

    def __init__(self, file: str, line: int | None, row_id: str | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.row_id = row_id
        self.problem = problem
        where = file if line is None else f"{file} line {line}"
        if row_id:
            key = "obs_id" if file.startswith("market_rates") else "id"
            where += f" ({key} {row_id})"
        super().__init__(f"{where}: {problem}")


def _text(path: Path) -> str:
    """The file's text, or a :class:`DataValidationError` saying why it cannot be had."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataValidationError(name, None, None, f"file not found (expected {path})") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DataValidationError(name, None, None, f"cannot read {path}: {reason}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise DataValidationError(
            name, line, None, f"byte 0x{byte} at column {column} is not UTF-8 (expected UTF-8 text)"
        ) from None


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
        If the file is missing or unreadable, is not UTF-8 or not well-formed CSV, or has a
        wrong header, a blank line or a row with the wrong number of fields.
    """
    name = path.name
    reader = csv.reader(io.StringIO(_text(path), newline=""), strict=True)
    last = 0
    try:
        header = next(reader, None)
        if header is None:
            raise DataValidationError(name, 1, None, "file is empty (no header)")
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
    except csv.Error as exc:  # an unclosed quote, a stray quote inside a field, ...
        raise DataValidationError(
            name, last + 1, None, f"not well-formed CSV ({exc}; expected RFC 4180 quoting)"
        ) from None


def checked_rows(
    path: Path | str | None,
    name: str,
    columns: tuple[str, ...],
    validate: Callable[[str, int, dict[str, str]], _Parsed],
) -> Iterator[tuple[dict[str, str], _Parsed]]:
    """Yield each row of a data file with what ``validate`` parsed from it.

    The frame both loaders share: resolve the file, check the header, refuse a duplicate
    key (the first column), and validate every row.

    Parameters
    ----------
    path : Path, str or None
        File to read; None for the shipped ``DATA_DIR / name`` (recorded in ``FILES_READ``).
    name : str
        The shipped file's name, e.g. ``"facts.csv"``.
    columns : tuple of str
        The exact header expected; its first column is the row key.
    validate : callable
        ``validate(file, line, row)`` checks one row and returns its parsed fields.

    Yields
    ------
    tuple of (dict, parsed)
        The row as a column -> text map and ``validate``'s result.

    Raises
    ------
    DataValidationError
        On the first problem found.
    """
    p = resolve(path, name)
    key = columns[0]
    seen: dict[str, int] = {}
    for line, row in read_rows(p, columns):
        row_id = row[key]
        if row_id in seen:
            raise DataValidationError(
                p.name, line, row_id, f"duplicate {key} (first defined on line {seen[row_id]})"
            )
        seen[row_id] = line
        yield row, validate(p.name, line, row)


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
    """The file to read: ``path``, or the shipped file ``name`` (then recorded as read)."""
    if path is None:
        FILES_READ.add(name)
        return DATA_DIR / name
    return Path(path)
