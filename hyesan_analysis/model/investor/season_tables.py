"""The crossing calendar as tables: months grouped by season, and a month x factor matrix.

Plain data for a report's sources table and heat map (``season`` builds the calendar).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hyesan_analysis.model.investor.season import MONTH_DAYS, MONTH_NAMES, MonthlyCalendar

__all__ = ["calendar_matrix", "grouped_records"]


def _month_span(indices: Sequence[int]) -> str:
    """``[0, 1, 10, 11]`` -> ``'Nov–Feb'``; ``[4, 5, 8, 9]`` -> ``'May–Jun, Sep–Oct'``."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 11:  # the run wraps past December
        runs[0] = runs.pop() + runs[0]
        runs.sort(key=lambda r: r[0] if r[0] <= r[-1] else -1)
    return ", ".join(
        MONTH_NAMES[r[0]] if len(r) == 1 else f"{MONTH_NAMES[r[0]]}–{MONTH_NAMES[r[-1]]}"
        for r in runs
    )


def grouped_records(calendar: MonthlyCalendar) -> list[dict[str, object]]:
    """The calendar's months grouped by identical conditions, for a short sources table.

    Months with the same capacity, cost multiplier, fact ids and note form one row. Rows are
    in the order of their first month from January; a group that wraps past December (the
    frozen months) is labelled as one span (``'Nov–Feb'``).

    Returns
    -------
    list of dict
        Keys: ``months`` (label such as ``'Mar–Apr'``), ``n_months``, ``days`` (calendar days),
        ``capacity``, ``cost_multiplier``, ``operating_days`` (sum over the group),
        ``source_fact_id`` (``"; "``-joined, or ``""``) and ``note``.
    """
    groups: dict[tuple[object, ...], list[int]] = {}
    for i in range(12):
        key = (
            calendar.capacity[i],
            calendar.cost_multiplier[i],
            calendar.source_fact_ids[i],
            calendar.notes[i],
        )
        groups.setdefault(key, []).append(i)
    op = calendar.operating_days_by_month()
    rows: list[dict[str, object]] = []
    for (cap, mult, ids, note), idx in groups.items():
        rows.append(
            {
                "months": _month_span(idx),
                "n_months": len(idx),
                "days": int(sum(MONTH_DAYS[i] for i in idx)),
                "capacity": float(cap),  # type: ignore[arg-type]
                "cost_multiplier": float(mult),  # type: ignore[arg-type]
                "operating_days": float(op[idx].sum()),
                "source_fact_id": "; ".join(ids),  # type: ignore[arg-type]
                "note": note,
            }
        )
    return rows


def calendar_matrix(calendar: MonthlyCalendar) -> dict[str, object]:
    """Month x factor matrix for a heat map.

    Returns
    -------
    dict
        ``months`` (12 names), ``factors`` (``["capacity", "cost_multiplier",
        "operating_days"]``) and ``values``, a float array of shape (3, 12): one row per
        factor, one column per month.
    """
    values = np.vstack(
        [
            np.asarray(calendar.capacity, dtype=float),
            np.asarray(calendar.cost_multiplier, dtype=float),
            calendar.operating_days_by_month(),
        ]
    )
    return {
        "months": list(MONTH_NAMES),
        "factors": ["capacity", "cost_multiplier", "operating_days"],
        "values": values,
    }
