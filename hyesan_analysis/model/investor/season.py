"""Month-by-month calendar of vehicle-crossing capacity and crossing cost at Hyesan.

Each month carries a capacity factor in [0, 1] (the share of its days on which cars can
cross) and a crossing-cost multiplier (>= 1 when crossing is harder), with the fact ids that
back it and a note saying what is sourced and what is assumed.

What is sourced and what is assumed
-----------------------------------
Sourced (the months and events):

- ``yalu_frozen_nov_feb``: the Yalu freezes from November to the end of February (boat trade
  at Sinuiju-Dandong stops); people walk across the ice at Hyesan in January.
- ``thaw_prices_expected_to_rise``: the founding report (2025-03-04) expects vehicle prices
  to rise when the river thaws because smuggling gets harder.
- ``flood_halt_2024_event``: monsoon high water regularly halts state-led smuggling for days;
  in 2024 it was halted from 10 July, and the planned 21 July resumption was blocked.
- ``halt_2025_05_event``: state smuggling at Hyesan suspended from mid-May 2025 for more than
  a month (advance payments stuck with Chinese suppliers, fact
  ``halt_advance_payment_stuck_cny``; used-car prices rose, facts
  ``used_car_price_before_halt_2025_cny`` and ``used_car_price_after_halt_2025_cny``).

Assumed (the magnitudes): every capacity factor and cost multiplier. They are the report's
parameters (``SeasonParams``, named as in ``hyesan_analysis.reporting.specs.investor_returns``,
where each default has its rationale), except the frozen months' cost multiplier, which stays
in the model (``FROZEN_COST_MULTIPLIER``).

- Frozen months: ice stops *boats*, but at Hyesan the upper Yalu is narrow and shallow, cars
  cross at fords and temporary bridges (24+ routes, fact ``smuggling_routes_upper_yalu_count``),
  and people walk over the ice in January (``rivers_frozen_january``). The founding report's
  expectation that smuggling gets *harder* at the thaw implies the frozen river is the easy
  season for vehicles there; whether the ice carries cars is not reported.
- Thaw (March-April): the direction is sourced, the size is not.
- Flood months (July-August): "several days" of regular suspension; 2024 lost most of the
  two months.
- A known halt (``calendar_halt_start_month``, ``calendar_halt_days``) zeroes the capacity of
  the days it covers, starting on ``calendar_halt_start_day`` and clipped at 31 December.

The year has 365 days (no leap day). Where a month belongs to several groups the lowest
capacity and the highest cost multiplier win, and the fact ids and notes are concatenated.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hyesan_analysis.model.finance import DAYS_PER_YEAR, require_in_range
from hyesan_analysis.model.provenance import assumed

__all__ = [
    "FLOOD_MONTHS",
    "FROZEN_COST_MULTIPLIER",
    "FROZEN_MONTHS",
    "MONTH_DAYS",
    "MONTH_NAMES",
    "THAW_MONTHS",
    "MonthlyCalendar",
    "SeasonParams",
    "with_halt",
    "with_months",
]

#: Days in each month of a 365-day year.
MONTH_DAYS: tuple[int, ...] = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: Three-letter month names, January first.
MONTH_NAMES: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

OPEN_NOTE = "open river: full capacity, base cost (assumption)"


@dataclass(frozen=True)
class MonthlyCalendar:
    """Crossing capacity and cost for the 12 months of a year (January first).

    Parameters
    ----------
    capacity : tuple of 12 float
        Share of the month's days on which vehicles can cross, each in [0, 1].
    cost_multiplier : tuple of 12 float
        Multiplier on the per-car crossing (transport) cost, each in [1, 20].
    source_fact_ids : tuple of 12 tuples of str
        Fact ids (``hyesan_analysis/data/facts.csv``) backing each month's classification;
        empty for an ordinary month.
    notes : tuple of 12 str
        What is sourced and what is assumed for each month.
    """

    capacity: tuple[float, ...]
    cost_multiplier: tuple[float, ...]
    source_fact_ids: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]

    def __post_init__(self) -> None:
        for name in ("capacity", "cost_multiplier", "source_fact_ids", "notes"):
            if len(getattr(self, name)) != 12:
                raise ValueError(
                    f"{name} must have 12 entries (Jan..Dec), got {len(getattr(self, name))}"
                )
        for i, (cap, mult) in enumerate(zip(self.capacity, self.cost_multiplier, strict=True)):
            require_in_range(f"capacity[{MONTH_NAMES[i]}]", cap, 0.0, 1.0)
            require_in_range(f"cost_multiplier[{MONTH_NAMES[i]}]", mult, 1.0, 20.0)

    def operating_days_by_month(self) -> NDArray[np.float64]:
        """Days a month on which vehicles can cross: month length x capacity (12 values)."""
        return np.asarray(MONTH_DAYS, dtype=float) * np.asarray(self.capacity, dtype=float)

    def operating_days_per_year(self) -> float:
        """Effective operating days in the year (sum of ``operating_days_by_month``)."""
        return float(self.operating_days_by_month().sum())

    def records(self) -> list[dict[str, object]]:
        """One plain dict per month, for a table or a DataFrame.

        Keys: ``month`` (1-12), ``month_name``, ``days``, ``capacity``, ``cost_multiplier``,
        ``operating_days``, ``source_fact_id`` (fact ids joined by ``"; "``, or ``""``) and
        ``note``.
        """
        op = self.operating_days_by_month()
        return [
            {
                "month": i + 1,
                "month_name": MONTH_NAMES[i],
                "days": MONTH_DAYS[i],
                "capacity": float(self.capacity[i]),
                "cost_multiplier": float(self.cost_multiplier[i]),
                "operating_days": float(op[i]),
                "source_fact_id": "; ".join(self.source_fact_ids[i]),
                "note": self.notes[i],
            }
            for i in range(12)
        ]


def _months(name: str, months: Iterable[int]) -> tuple[int, ...]:
    out = tuple(months)
    for m in out:
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 1 <= m <= 12:
            raise ValueError(f"{name} must hold month numbers in [1, 12], got {out!r}")
    return out


def _open_calendar() -> MonthlyCalendar:
    return MonthlyCalendar(
        capacity=(1.0,) * 12,
        cost_multiplier=(1.0,) * 12,
        source_fact_ids=((),) * 12,
        notes=(OPEN_NOTE,) * 12,
    )


def _join_note(old: str, new: str) -> str:
    return new if old == OPEN_NOTE else f"{old}; {new}"


def with_months(
    calendar: MonthlyCalendar,
    months: Sequence[int],
    *,
    capacity: float = 1.0,
    cost_multiplier: float = 1.0,
    fact_ids: Sequence[str] = (),
    note: str = "",
) -> MonthlyCalendar:
    """Overlay a condition on some months of a calendar.

    A month's capacity becomes the lower of its current value and ``capacity``, its cost
    multiplier the higher of its current value and ``cost_multiplier``; ``fact_ids`` and
    ``note`` are appended.

    Parameters
    ----------
    calendar : MonthlyCalendar
        Calendar to modify (it is not changed; a new one is returned).
    months : sequence of int
        Month numbers, 1-12.
    capacity : float
        Capacity factor in [0, 1].
    cost_multiplier : float
        Crossing-cost multiplier in [1, 20].
    fact_ids : sequence of str
        Fact ids backing the condition.
    note : str
        What is sourced and what is assumed.
    """
    ms = _months("months", months)
    cap_v = require_in_range("capacity", capacity, 0.0, 1.0)
    mult_v = require_in_range("cost_multiplier", cost_multiplier, 1.0, 20.0)
    cap = list(calendar.capacity)
    mult = list(calendar.cost_multiplier)
    ids = [tuple(x) for x in calendar.source_fact_ids]
    notes = list(calendar.notes)
    for m in set(ms):
        i = m - 1
        cap[i] = min(cap[i], cap_v)
        mult[i] = max(mult[i], mult_v)
        ids[i] = ids[i] + tuple(f for f in fact_ids if f not in ids[i])
        if note:
            notes[i] = _join_note(notes[i], note)
    return MonthlyCalendar(tuple(cap), tuple(mult), tuple(ids), tuple(notes))


def with_halt(
    calendar: MonthlyCalendar,
    start_month: int,
    days: float,
    *,
    start_day: int = 1,
    fact_ids: Sequence[str] = ("halt_2025_05_event",),
    note: str | None = None,
) -> MonthlyCalendar:
    """Overlay a halt: no crossings for ``days`` days from ``start_day`` of ``start_month``.

    The halted days of each month are removed from its operating days (capacity is scaled by
    the share of the month not halted). A halt running past 31 December is clipped.

    Parameters
    ----------
    calendar : MonthlyCalendar
        Calendar to modify (a new one is returned).
    start_month : int
        Month the halt starts, 1-12.
    days : float
        Length of the halt, days in [0, 365].
    start_day : int
        Day of ``start_month`` the halt starts (1 = first day).
    fact_ids : sequence of str
        Fact ids backing the halt (default: the mid-May 2025 suspension).
    note : str, optional
        Note for the affected months; a default one states the dates.
    """
    (month,) = _months("start_month", (start_month,))
    d = require_in_range("halt_days", days, 0.0, DAYS_PER_YEAR)
    if (
        isinstance(start_day, bool)
        or not isinstance(start_day, (int, np.integer))
        or not (1 <= start_day <= MONTH_DAYS[month - 1])
    ):
        raise ValueError(
            f"halt_start_day must be an integer in [1, {MONTH_DAYS[month - 1]}] for month "
            f"{month}, got {start_day!r}"
        )
    if d == 0.0:
        return calendar
    if note is None:
        note = f"halt of {d:g} days from {MONTH_NAMES[month - 1]} {start_day} (dates sourced)"
    month_start = np.concatenate([[0.0], np.cumsum(MONTH_DAYS)[:-1]])
    halt_lo = month_start[month - 1] + (start_day - 1)
    halt_hi = min(halt_lo + d, DAYS_PER_YEAR)
    cap = list(calendar.capacity)
    ids = [tuple(x) for x in calendar.source_fact_ids]
    notes = list(calendar.notes)
    for i in range(12):
        lo = month_start[i]
        hi = lo + MONTH_DAYS[i]
        overlap = max(0.0, min(hi, halt_hi) - max(lo, halt_lo))
        if overlap > 0.0:
            cap[i] = cap[i] * (1.0 - overlap / MONTH_DAYS[i])
            ids[i] = ids[i] + tuple(f for f in fact_ids if f not in ids[i])
            notes[i] = _join_note(notes[i], note)
    return MonthlyCalendar(tuple(cap), calendar.cost_multiplier, tuple(ids), tuple(notes))


#: Months the Yalu is frozen (sourced: ``yalu_frozen_nov_feb``).
FROZEN_MONTHS: tuple[int, ...] = (11, 12, 1, 2)
#: Thaw months: the thaw itself is sourced (from March), its two-month length is assumed.
THAW_MONTHS: tuple[int, ...] = (3, 4)
#: Monsoon flood months (sourced: ``flood_halt_2024_event``, July-August 2024).
FLOOD_MONTHS: tuple[int, ...] = (7, 8)
#: Crossing-cost multiplier while the river is frozen.
FROZEN_COST_MULTIPLIER = assumed(
    1.0,
    "x base crossing cost",
    "No source reports dearer crossings over the ice; smuggling is reported to get harder "
    "only at the thaw.",
)


@dataclass(frozen=True, kw_only=True)
class SeasonParams:
    """The season's assumed magnitudes and a known halt: what ``calendar()`` is built from.

    Parameters
    ----------
    frozen_capacity, thaw_capacity, flood_capacity : float
        Share of the days cars can cross in the frozen, thaw and flood months, in [0, 1].
    thaw_cost_multiplier, flood_cost_multiplier : float
        Crossing-cost multipliers in the thaw and flood months, in [1, 20].
    calendar_halt_days : float
        Length of a known halt written into the year, days in [0, 365] (0: none).
    calendar_halt_start_month, calendar_halt_start_day : int
        Month (1-12) and day of the month the known halt starts.
    frozen_cost_multiplier : float
        Crossing-cost multiplier in the frozen months (model default ``FROZEN_COST_MULTIPLIER``).
    frozen_months, thaw_months, flood_months : tuple of int
        Month numbers of each season (defaults ``FROZEN_MONTHS``, ``THAW_MONTHS``,
        ``FLOOD_MONTHS``).
    """

    frozen_capacity: float
    thaw_capacity: float
    thaw_cost_multiplier: float
    flood_capacity: float
    flood_cost_multiplier: float
    calendar_halt_days: float
    calendar_halt_start_month: int
    calendar_halt_start_day: int
    frozen_cost_multiplier: float = FROZEN_COST_MULTIPLIER.value
    frozen_months: tuple[int, ...] = FROZEN_MONTHS
    thaw_months: tuple[int, ...] = THAW_MONTHS
    flood_months: tuple[int, ...] = FLOOD_MONTHS

    def __post_init__(self) -> None:
        for name in ("frozen_months", "thaw_months", "flood_months"):
            object.__setattr__(self, name, _months(name, getattr(self, name)))
        for name in ("frozen_capacity", "thaw_capacity", "flood_capacity"):
            require_in_range(name, getattr(self, name), 0.0, 1.0)
        for name in ("frozen_cost_multiplier", "thaw_cost_multiplier", "flood_cost_multiplier"):
            require_in_range(name, getattr(self, name), 1.0, 20.0)
        require_in_range("calendar_halt_days", self.calendar_halt_days, 0.0, DAYS_PER_YEAR)
        (month,) = _months("calendar_halt_start_month", (self.calendar_halt_start_month,))
        day = self.calendar_halt_start_day
        if (
            isinstance(day, bool)
            or not isinstance(day, (int, np.integer))
            or not (1 <= day <= MONTH_DAYS[month - 1])
        ):
            raise ValueError(
                f"calendar_halt_start_day must be an integer in [1, {MONTH_DAYS[month - 1]}] "
                f"for month {month}, got {day!r}"
            )

    def calendar(self) -> MonthlyCalendar:
        """The crossing calendar: the sourced months with these magnitudes, then the halt
        (built once per distinct season: both are immutable)."""
        return _season_calendar(self)

    def _build_calendar(self) -> MonthlyCalendar:
        cal = with_months(
            _open_calendar(),
            self.frozen_months,
            capacity=self.frozen_capacity,
            cost_multiplier=self.frozen_cost_multiplier,
            fact_ids=("yalu_frozen_nov_feb", "rivers_frozen_january"),
            note=(
                f"Yalu frozen (months sourced); capacity {self.frozen_capacity:g} and cost "
                f"x{self.frozen_cost_multiplier:g} assumed (on the narrow upper Yalu ice is "
                "taken not to stop vehicles; smuggling is reported to get harder only at the "
                "thaw)"
            ),
        )
        cal = with_months(
            cal,
            self.thaw_months,
            capacity=self.thaw_capacity,
            cost_multiplier=self.thaw_cost_multiplier,
            fact_ids=("thaw_prices_expected_to_rise",),
            note=(
                f"thaw: smuggling harder (sourced); capacity {self.thaw_capacity:g} and cost "
                f"x{self.thaw_cost_multiplier:g} assumed"
            ),
        )
        cal = with_months(
            cal,
            self.flood_months,
            capacity=self.flood_capacity,
            cost_multiplier=self.flood_cost_multiplier,
            fact_ids=("flood_halt_2024_event", "monsoon_halts_smuggling"),
            note=(
                "monsoon high water halts crossings (sourced, 2024); capacity "
                f"{self.flood_capacity:g} and cost x{self.flood_cost_multiplier:g} assumed"
            ),
        )
        return with_halt(
            cal,
            self.calendar_halt_start_month,
            self.calendar_halt_days,
            start_day=self.calendar_halt_start_day,
        )


@functools.lru_cache(maxsize=256)
def _season_calendar(season: SeasonParams) -> MonthlyCalendar:
    return season._build_calendar()
