"""Parameters that mean the same thing in more than one report (one definition each).

Not a report: the registry takes only modules that define ``SPEC``.
"""

from __future__ import annotations

from hyesan_analysis.reporting.authoring.schema import Param

INSPECTION_DAYS = Param(
    "inspection_days",
    int,
    5,
    "days",
    "Inspection after arrival",
    minimum=0,
    maximum=365,
    source="inspection_period_days",
)

APPROVAL_DAYS = Param(
    "approval_days",
    int,
    10,
    "days",
    "Sale approval after inspection (10+ reported)",
    minimum=0,
    maximum=365,
    source="sale_approval_delay_days",
)
