"""Words and numbers for report text: the small formatting helpers notebooks share.

A notebook defines no functions of its own; text helpers used by its narrative live here
(formulas belong in ``hyesan_analysis.model``, plotting in ``hyesan_analysis.viz``).
"""

from __future__ import annotations

from collections.abc import Iterable

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


# --- gains, moves and listings (inequality report; usable by any) ------------------------


def gain_or_lose(fraction: float, verbs: tuple[str, str] = ("gain", "lose")) -> str:
    """A change as a verb and a whole percentage, the verb carrying the sign.

    >>> gain_or_lose(-0.23), gain_or_lose(0.349, ("gains", "loses"))
    ('lose 23%', 'gains 35%')
    """
    return f"{verbs[0] if fraction >= 0 else verbs[1]} {100 * abs(fraction):.0f}%"


def rises_or_falls(before: float, after: float, tolerance: float = 5e-4) -> str:
    """``'rises'``, ``'falls'`` or ``'stays'`` (within ``tolerance``) from before to after.

    >>> rises_or_falls(0.68, 0.76), rises_or_falls(0.5, 0.5002)
    ('rises', 'stays')
    """
    if after > before + tolerance:
        return "rises"
    if after < before - tolerance:
        return "falls"
    return "stays"


def below_inside_above(value: float, low: float, high: float) -> str:
    """Where ``value`` lies against the range ``[low, high]``.

    >>> below_inside_above(0.3, 0.35, 0.63), below_inside_above(0.7, 0.35, 0.63)
    ('below', 'above')
    """
    if value < low:
        return "below"
    if value > high:
        return "above"
    return "inside"


def identifier_words(name: str) -> str:
    """An identifier as words: ``'state_workers'`` -> ``'state workers'``."""
    return name.replace("_", " ")


def changes_listing(items: Iterable[tuple[str, float]], empty: str = "none") -> str:
    """Labels with their changes in percent, e.g. ``'traders (+12%), investors (+35%)'``.

    Parameters
    ----------
    items : iterable of (str, float)
        Label and change in percent (12.0 = +12%).
    empty : str
        Returned when there is no item.
    """
    return ", ".join(f"{label} ({pct:+.0f}%)" for label, pct in items) or empty


def unequal_words(delta_gini: float) -> str:
    """How a change in the Gini reads: ``'markedly more unequal'`` ... ``'less unequal'``.

    >>> unequal_words(0.079), unequal_words(0.001)
    ('markedly more unequal', 'about as unequal as before')
    """
    if delta_gini > 0.02:
        return "markedly more unequal"
    if delta_gini > 0.005:
        return "more unequal"
    if delta_gini < -0.005:
        return "less unequal"
    return "about as unequal as before"


def shares_listing(parts: Iterable[tuple[str, float]], minimum: float = 0.005) -> str:
    """Labels with whole-percent shares, e.g. ``'55% state workers, 30% farmers'``.

    Parts with a share below ``minimum`` are left out.
    """
    return ", ".join(f"{share:.0%} {label}" for label, share in parts if share >= minimum)
