"""Known answers, sources and properties of the crossing calendar (model.investor.season
and season_tables)."""

from __future__ import annotations

import calendar as stdlib_calendar
import csv
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hyesan_analysis
from hyesan_analysis.model.investor import (
    MONTH_DAYS,
    MonthlyCalendar,
    calendar_matrix,
    grouped_records,
    with_halt,
)
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, car_deal, to_model

# the default world: the car report's deal, then the investor's season
_, SEASON = to_model(
    SCHEMA.defaults(), **car_deal(car.deal_results(car.to_model(car.SCHEMA.defaults())))
)
MAY_2025 = {"calendar_halt_start_month": 5, "calendar_halt_start_day": 15, "calendar_halt_days": 31}


def build_calendar(**changes: object) -> MonthlyCalendar:
    """The default season (the report's defaults) with some fields changed, as a calendar."""
    return replace(SEASON, **changes).calendar()  # type: ignore[arg-type]


FACTS = Path(hyesan_analysis.__file__).parent / "data" / "facts.csv"


def fact_ids() -> set[str]:
    with FACTS.open(newline="", encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


def test_default_operating_days_by_hand() -> None:
    # frozen Nov-Feb at full capacity: 30 + 31 + 31 + 28 = 120
    # thaw Mar-Apr at 0.8: (31 + 30) * 0.8 = 48.8; May-Jun, Sep-Oct open: 61 + 61
    # floods Jul-Aug at 0.75: 62 * 0.75 = 46.5
    assert build_calendar().operating_days_per_year() == pytest.approx(337.3, abs=1e-9)


def test_frozen_capacity_zero_removes_the_winter() -> None:
    cal = build_calendar(frozen_capacity=0.0)
    assert cal.operating_days_per_year() == pytest.approx(337.3 - 120.0, abs=1e-9)


def test_halt_of_may_2025() -> None:
    # 15 May for 31 days: 17 days of May (15-31) and 14 of June
    cal = build_calendar(**MAY_2025)
    assert cal.capacity[4] == pytest.approx(14 / 31)
    assert cal.capacity[5] == pytest.approx(16 / 30)
    assert cal.operating_days_per_year() == pytest.approx(337.3 - 31.0, abs=1e-9)
    assert "halt_2025_05_event" in cal.source_fact_ids[4]
    assert "halt_2025_05_event" in cal.source_fact_ids[5]
    assert cal.source_fact_ids[6] == ("flood_halt_2024_event", "monsoon_halts_smuggling")


def test_halt_is_clipped_at_year_end() -> None:
    cal = with_halt(build_calendar(), 12, 30, start_day=20)  # 20-31 Dec: 12 days
    assert cal.capacity[11] == pytest.approx(19 / 31)


def test_overlapping_groups_take_the_worse_condition() -> None:
    cal = build_calendar(thaw_months=(2, 3), thaw_capacity=0.6, thaw_cost_multiplier=2.0)
    assert cal.capacity[1] == 0.6 and cal.cost_multiplier[1] == 2.0
    assert cal.source_fact_ids[1] == (
        "yalu_frozen_nov_feb",
        "rivers_frozen_january",
        "thaw_prices_expected_to_rise",
    )


def test_every_month_is_cited_or_marked_as_assumption() -> None:
    cal = build_calendar(**MAY_2025)
    known = fact_ids()
    for rec in cal.records():
        for fid in filter(None, str(rec["source_fact_id"]).split("; ")):
            assert fid in known, fid
        assert "assum" in str(rec["note"]) or "sourced" in str(rec["note"])
    recs = cal.records()
    assert [r["month"] for r in recs] == list(range(1, 13))
    assert recs[0]["source_fact_id"] == "yalu_frozen_nov_feb; rivers_frozen_january"
    assert recs[8]["source_fact_id"] == ""  # September: open river, an assumption


def test_matrix_shape() -> None:
    m = calendar_matrix(build_calendar())
    values = m["values"]
    assert isinstance(values, np.ndarray) and values.shape == (3, 12)
    assert m["factors"] == ["capacity", "cost_multiplier", "operating_days"]
    assert values[2].sum() == pytest.approx(337.3)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"frozen_capacity": 1.5}, "frozen_capacity"),
        ({"thaw_cost_multiplier": 0.5}, "thaw_cost_multiplier"),
        ({"flood_months": (7, 13)}, "flood_months"),
        ({"calendar_halt_start_month": 13}, "calendar_halt_start_month"),
        (
            {"calendar_halt_start_month": 2, "calendar_halt_start_day": 30},
            "calendar_halt_start_day",
        ),
        ({"calendar_halt_days": 400}, "calendar_halt_days"),
    ],
)
def test_validation(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        build_calendar(**kwargs)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    frozen=st.floats(0, 1),
    thaw=st.floats(0, 1),
    flood=st.floats(0, 1),
    month=st.integers(1, 12),
    d1=st.floats(0, 365),
    d2=st.floats(0, 365),
)
def test_operating_days_bounded_and_longer_halt_never_adds_days(
    frozen: float, thaw: float, flood: float, month: int, d1: float, d2: float
) -> None:
    short, long_ = sorted((d1, d2))
    kw = {"frozen_capacity": frozen, "thaw_capacity": thaw, "flood_capacity": flood}
    a = build_calendar(**kw, calendar_halt_start_month=month, calendar_halt_days=short)
    b = build_calendar(**kw, calendar_halt_start_month=month, calendar_halt_days=long_)
    assert 0.0 <= b.operating_days_per_year() <= a.operating_days_per_year() + 1e-9
    assert a.operating_days_per_year() <= sum(MONTH_DAYS) + 1e-9


def test_grouped_records_default_calendar() -> None:
    rows = grouped_records(build_calendar())
    assert [r["months"] for r in rows] == ["Nov–Feb", "Mar–Apr", "May–Jun, Sep–Oct", "Jul–Aug"]
    assert [r["n_months"] for r in rows] == [4, 2, 4, 2]
    assert sum(r["days"] for r in rows) == 365  # type: ignore[misc]
    assert sum(r["operating_days"] for r in rows) == pytest.approx(337.3, abs=1e-9)  # type: ignore[misc]
    assert rows[1]["capacity"] == 0.8 and rows[1]["cost_multiplier"] == 1.5
    assert rows[0]["source_fact_id"] == "yalu_frozen_nov_feb; rivers_frozen_january"


def test_grouped_records_split_halted_months() -> None:
    rows = grouped_records(build_calendar(**MAY_2025))
    labels = [r["months"] for r in rows]
    assert labels == ["Nov–Feb", "Mar–Apr", "May", "Jun", "Jul–Aug", "Sep–Oct"]
    one = grouped_records(build_calendar(frozen_months=(1,), thaw_months=(), flood_months=()))
    assert [r["months"] for r in one] == ["Jan", "Feb–Dec"]


def test_month_days_are_a_365_day_year() -> None:
    assert MONTH_DAYS == tuple(stdlib_calendar.monthrange(2025, m)[1] for m in range(1, 13))


def test_no_halt_when_the_known_halt_has_no_days() -> None:
    # the default season names a start day but no days: the calendar has no halt
    assert SEASON.calendar_halt_days == 0
    assert build_calendar() == build_calendar(calendar_halt_start_month=1)
    assert all("halt" not in note for note in SEASON.calendar().notes[:6])
