"""Words and numbers for report text: the small formatting helpers notebooks share.

A notebook defines no functions of its own; text helpers used by its narrative live here
(formulas belong in ``hyesan_analysis.model``, plotting in ``hyesan_analysis.viz``).
"""

from __future__ import annotations


# --- ranges and yes/no words (car report; usable by any) ---------------------------------


def amount_range(low: float, high: float) -> str:
    """A reported range as printed, without a unit; one number when both ends agree.

    >>> amount_range(5000, 7000), amount_range(400, 400)
    ('5,000–7,000', '400')
    """
    if low == high:
        return f"{low:,.0f}"
    return f"{low:,.0f}–{high:,.0f}"


def inside_or_outside(inside: bool) -> str:
    """``'inside'`` or ``'outside'`` (a model figure against a reported range)."""
    return "inside" if inside else "outside"


def yes_or_no(flag: bool) -> str:
    """``'yes'`` or ``'NO'``: a failed check stands out in a table column of yeses."""
    return "yes" if flag else "NO"


# --- signed percentages (summary report; usable by any) ----------------------------------


def signed_percent(fraction: float, digits: int = 1) -> str:
    """A change as a signed percentage.

    >>> signed_percent(-0.0731), signed_percent(0.25, 0)
    ('-7.3%', '+25%')
    """
    return f"{100 * fraction:+.{digits}f}%"
