"""Where a model default comes from: one mechanism for every number the model assumes.

A report's parameters carry their provenance in their schema (``Param.from_fact`` or a
rationale). Numbers that live in the model instead (vehicle classes, household groups,
strategy terms a report does not expose) are :class:`Figure` objects made by one of three
constructors, so a reader of the code, the tests and the report's sources table sees the
same basis:

- :func:`sourced` reads the value from ``facts.csv`` (never typed again);
- :func:`implied` is arithmetic on sourced figures, stated in words;
- :func:`assumed` is an assumption with its rationale.

Examples
--------
>>> waku = sourced("waku_price_2025_cny")
>>> waku.value, waku.basis, waku.unit
(25000.0, 'sourced', 'CNY per vehicle')
>>> assumed(0.3, "share", "a minority share of the margin").basis
'assumed'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hyesan_analysis.data.loaders import get_fact

Basis = Literal["sourced", "implied", "assumed"]
FactField = Literal["value", "low", "high"]

__all__ = ["Basis", "Figure", "assumed", "implied", "sourced"]


@dataclass(frozen=True)
class Figure:
    """One model number and its basis.

    Attributes
    ----------
    value : float
        The number, in ``unit``.
    unit : str
        Unit shown to readers (``"CNY per vehicle"``, ``"share"``, ``"days"``...).
    basis : {"sourced", "implied", "assumed"}
        Where it comes from.
    detail : str
        The fact id (``sourced``), the arithmetic (``implied``) or the rationale (``assumed``).
    fact_field : {"value", "low", "high"}
        For a sourced figure, which field of the fact it is.
    """

    value: float
    unit: str
    basis: Basis
    detail: str
    fact_field: FactField = "value"

    def __post_init__(self) -> None:
        if self.basis not in ("sourced", "implied", "assumed"):
            raise ValueError(f"basis: expected sourced, implied or assumed, got {self.basis!r}")
        if not self.detail.strip():
            raise ValueError(f"a {self.basis} figure needs its fact id, arithmetic or rationale")

    @property
    def fact_id(self) -> str | None:
        """The fact id of a sourced figure, else None."""
        return self.detail if self.basis == "sourced" else None

    @property
    def citation(self) -> str:
        """One line for a sources table: the citation, the arithmetic or the rationale."""
        if self.fact_id is None:
            return self.detail
        return get_fact(self.fact_id).citation


def sourced(fact_id: str, field: FactField = "value", unit: str | None = None) -> Figure:
    """A figure read from ``facts.csv``.

    Parameters
    ----------
    fact_id : str
        The fact's id.
    field : {"value", "low", "high"}
        ``"low"``/``"high"`` for one end of a reported range.
    unit : str, optional
        Defaults to the fact's unit.
    """
    fact = get_fact(fact_id)
    raw = getattr(fact, field)
    if raw is None:
        raise ValueError(f"fact {fact_id!r} has no {field}")
    return Figure(float(raw), unit or fact.unit, "sourced", fact_id, field)


def implied(value: float, unit: str, arithmetic: str) -> Figure:
    """A figure derived from sourced ones; ``arithmetic`` says how, with the fact ids."""
    return Figure(float(value), unit, "implied", arithmetic)


def assumed(value: float, unit: str, rationale: str) -> Figure:
    """An assumption and why it was made."""
    return Figure(float(value), unit, "assumed", rationale)
