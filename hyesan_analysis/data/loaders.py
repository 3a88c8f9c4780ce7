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

A missing or unreadable file, text that is not UTF-8 or not CSV is the same error, so the
command line prints any broken data file as one line with exit code 2.

This module is the public face of three: ``validation`` (what both files share: the error,
the reading of a file into checked rows, the field and date checks, the record of files
read), ``facts`` and ``market_rates``.
Notebooks and the report runner use it by this name.
"""

from __future__ import annotations

from hyesan_analysis.data.facts import (
    FACT_KINDS,
    FACT_UNITS,
    FACTS_COLUMNS,
    Fact,
    clear_cache,
    get_fact,
    load_facts,
)
from hyesan_analysis.data.market_rates import (
    MARKET_COLUMNS,
    MARKET_SERIES_UNITS,
    MARKET_UNITS,
    load_market_rates,
)
from hyesan_analysis.data.validation import (
    DATA_DIR,
    DATA_FILES,
    DATE_PRECISIONS,
    FILES_READ,
    DataValidationError,
)

__all__ = [
    "DATA_DIR",
    "DATA_FILES",
    "DATE_PRECISIONS",
    "FACTS_COLUMNS",
    "FACT_KINDS",
    "FACT_UNITS",
    "FILES_READ",
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
