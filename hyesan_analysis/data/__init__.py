"""Cited datasets of the package and the loaders that validate them.

``facts.csv`` holds one cited figure or statement per stable id; ``market_rates.csv`` holds
dated market observations. See ``README.md`` in this folder for the datasheet.

Examples
--------
>>> from hyesan_analysis.data import get_fact
>>> get_fact("waku_price_2025_cny").value
25000.0
"""

from hyesan_analysis.data.loaders import (
    DATA_DIR,
    DATA_FILES,
    DATE_PRECISIONS,
    FACT_KINDS,
    FACT_UNITS,
    FACTS_COLUMNS,
    MARKET_COLUMNS,
    MARKET_SERIES_UNITS,
    MARKET_UNITS,
    DataValidationError,
    Fact,
    clear_cache,
    get_fact,
    load_facts,
    load_market_rates,
)

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
