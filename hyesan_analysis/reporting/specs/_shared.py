"""Parameters that mean the same thing in more than one report (one definition each).

Not a report: the registry takes only modules that define ``SPEC``.
"""

from __future__ import annotations

from hyesan_analysis.reporting.authoring.schema import Param

INSPECTION_DAYS = Param.from_fact(
    "inspection_days",
    int,
    "inspection_period_days",
    "days",
    "Inspection after arrival",
    minimum=0,
    maximum=365,
)

APPROVAL_DAYS = Param.from_fact(
    "approval_days",
    int,
    "sale_approval_delay_days",
    "days",
    "Sale approval after inspection (10+ reported)",
    minimum=0,
    maximum=365,
)
