"""The investor_returns report's calendar parameters: a known halt and the season's sizes.

They are the fields of the model's ``SeasonParams`` (same names). Not a report: the registry
takes only modules that define ``SPEC``; ``investor_returns`` includes these in its schema.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from typing import Any

from hyesan_analysis.reporting.authoring.schema import Param, Rule


def _halt_day_in_month(values: Mapping[str, Any]) -> str | None:
    month = values["calendar_halt_start_month"]
    last = calendar.monthrange(2025, month)[1]  # 2025 has no leap day, like the model's year
    if values["calendar_halt_start_day"] > last:
        return f"expected a start day that exists in month {month} (at most {last})"
    return None


#: The known halt's start day must exist in its month.
HALT_DAY_RULE = Rule(("calendar_halt_start_month", "calendar_halt_start_day"), _halt_day_in_month)

#: In schema order: the known halt, then the season.
CALENDAR_PARAMS: tuple[Param, ...] = (
    Param(
        "calendar_halt_days",
        int,
        0,
        "days",
        "A known halt written into this year's calendar (0: none)",
        minimum=0,
        maximum=365,
        rationale="No known halt in the base year; the halt scenario puts the mid-May "
        "2025 suspension (31+ days from 15 May, sourced) here.",
    ),
    Param(
        "calendar_halt_start_month",
        int,
        5,
        "month (1-12)",
        "Month the known halt starts",
        minimum=1,
        maximum=12,
        rationale="May, as in 2025 (sourced); used only when calendar_halt_days > 0.",
    ),
    Param(
        "calendar_halt_start_day",
        int,
        15,
        "day of month",
        "Day the known halt starts",
        minimum=1,
        maximum=31,
        rationale="15 May 2025 (sourced); used only when calendar_halt_days > 0.",
    ),
    # season
    Param(
        "frozen_capacity",
        float,
        1.0,
        "share of days",
        "Share of days cars can cross while the Yalu is frozen (Nov-Feb)",
        minimum=0,
        maximum=1,
        rationale="Ice stops boats, but the upper Yalu at Hyesan is narrow, cars cross at "
        "fords, and smuggling is reported to get harder only at the thaw.",
    ),
    Param(
        "thaw_capacity",
        float,
        0.8,
        "share of days",
        "Share of days cars can cross during the thaw (Mar-Apr)",
        minimum=0,
        maximum=1,
        rationale="Smuggling gets harder at the thaw (sourced); the size is assumed.",
    ),
    Param(
        "thaw_cost_multiplier",
        float,
        1.5,
        "x base crossing cost",
        "Crossing-cost multiplier during the thaw (Mar-Apr)",
        minimum=1,
        maximum=20,
        rationale="Prices are expected to rise at the thaw (sourced); x1.5 is assumed.",
    ),
    Param(
        "flood_capacity",
        float,
        0.75,
        "share of days",
        "Share of days cars can cross in the monsoon (Jul-Aug)",
        minimum=0,
        maximum=1,
        rationale="Monsoon high water regularly stops crossings for several days "
        "(sourced); 2024 lost most of the two months (try 0.3).",
    ),
    Param(
        "flood_cost_multiplier",
        float,
        1.0,
        "x base crossing cost",
        "Crossing-cost multiplier in the monsoon (Jul-Aug)",
        minimum=1,
        maximum=20,
        rationale="No source reports dearer crossings in the floods, only fewer.",
    ),
)
