"""Typed parameter schemas: one per report.

Why dataclasses with our own checks rather than pydantic: every bad input must end in exactly
one plain line that names the parameter and says what was expected (the CLI prints it and
exits 2). Pydantic's errors are multi-line, its coercion is lenient by default ("3" -> 3,
1.0 -> True) and strict mode still needs its messages rewritten. The checks we need (type,
finiteness, range, choices, a few cross-field rules, closest-name suggestions) fit in this
module, import in milliseconds (the no-op rebuild must stay under a second) and keep the
schema readable as plain data.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ParamType = type[int] | type[float] | type[bool] | type[str]
# A number as typed on the command line: ASCII digits (``_`` between them), a sign, a
# decimal point, an exponent; ``inf``/``nan`` get through to be refused as not finite.
_ASCII_NUMBER = re.compile(
    r"[-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)"
    r"(?:[eE][-+]?[0-9]+)?|[-+]?(?:inf|infinity|nan)",
    re.IGNORECASE,
)
SourceField = Literal["value", "low", "high", "date"]

_TYPE_WORDS: dict[type, str] = {
    int: "an integer",
    float: "a number",
    bool: "true or false",
    str: "a string",
}


class ParameterError(ValueError):
    """A parameter is unknown, of the wrong type, out of range or inconsistent.

    The message is one line that names the parameter and what was expected.
    """


MAX_SHOWN_CHARS = 60  # a rejected value is echoed at most this long


def shown(value: Any, limit: int = MAX_SHOWN_CHARS) -> str:
    """``repr(value)`` for an error line: at most about ``limit`` characters, one line.

    A long value is cut, with its length said (``'xxxx…' (10,000 characters)``), so that a
    rejected megabyte is not echoed back whole.
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters"
    return f"{text[: max(limit - 1, 8)]}… ({size})"


@dataclass(frozen=True)
class Param:
    """One report parameter.

    Parameters
    ----------
    name : str
        Python identifier used in the notebook's ``parameters`` cell.
    type : type
        ``int``, ``float``, ``bool`` or ``str``.
    default : Any
        Default value (must satisfy the parameter's own checks).
    unit : str
        Unit shown to readers (``"CNY per vehicle"``, ``"share"``, ``"days"``...).
    description : str
        What the parameter means, in a few words.
    minimum, maximum : float, optional
        Inclusive bounds for numbers.
    exclusive_minimum, exclusive_maximum : bool
        The bound itself is not allowed (a price ``> 0`` rather than ``>= 0``): what the
        model would reject, the schema rejects first.
    choices : tuple of str, optional
        Allowed values for strings.
    source : str, optional
        Fact id (hyesan_analysis/data/facts.csv) when the default is sourced. Write such a
        parameter with :meth:`Param.from_fact`, which reads the default from the fact, so
        that the number is typed in one place only.
    source_field : {"value", "low", "high", "date"}
        Which field of the fact is the default (``"value"`` unless the default is one end
        of a reported range, or a date).
    rationale : str, optional
        Why the default was chosen when it is an assumption.
    source_scale : float
        A sourced default is the fact's field times this (12 for a monthly rate read as a
        yearly one), rounded to 12 significant decimals so that 12 x 0.05 reads 0.6.
    shared : bool
        A quantity of the world the reports share (``specs/_world.py``): one definition,
        used under the same name by every report that declares it.
    optional : bool
        ``None`` is allowed and means "not set": the report then takes the value from an
        upstream report's results (and says so).
    implied_from : tuple of str
        Fact ids an *implied* default is worked out from (a count over the sourced record,
        a mean of sourced lengths); ``rationale`` then gives the arithmetic. See
        :attr:`basis`.
    """

    name: str
    type: ParamType
    default: Any
    unit: str
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    source: str | None = None
    rationale: str | None = None
    source_field: SourceField = "value"
    source_scale: float = 1.0
    shared: bool = False
    optional: bool = False
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    implied_from: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.source is None) == (self.rationale is None):
            raise TypeError(
                f"parameter {self.name!r}: give exactly one of source (fact id) or rationale"
            )
        if self.implied_from:
            if self.source is not None:
                raise TypeError(f"parameter {self.name!r}: implied_from goes with a rationale")
            from hyesan_analysis.data.loaders import get_fact

            for fact_id in self.implied_from:
                get_fact(fact_id)  # an unknown id is a bug in the schema
        self.check(self.default)  # a schema whose default fails its own checks is a bug
        if self.source is not None:
            sourced = _fact_default(self.source, self.source_field, self.type, self.source_scale)
            if self.default != sourced:
                raise TypeError(
                    f"parameter {self.name!r}: default {self.default!r} is not the "
                    f"{self.source_field} of fact {self.source!r} ({sourced!r})"
                )

    @classmethod
    def from_fact(
        cls,
        name: str,
        type: ParamType,
        fact_id: str,
        unit: str,
        description: str,
        *,
        field: SourceField = "value",
        scale: float = 1.0,
        minimum: float | None = None,
        maximum: float | None = None,
        choices: tuple[str, ...] | None = None,
        shared: bool = False,
        exclusive_minimum: bool = False,
        exclusive_maximum: bool = False,
    ) -> Param:
        """A sourced parameter whose default is read from ``facts.csv``.

        Parameters
        ----------
        fact_id : str
            The fact whose ``field`` is the default.
        field : {"value", "low", "high", "date"}
            ``"low"``/``"high"`` for one end of a reported range, ``"date"`` for a date.
        scale : float
            Multiply the fact by this (e.g. 12: a monthly rate as a yearly one).
        shared : bool
            A world quantity (see the class docstring).
        """
        return cls(
            name,
            type,
            _fact_default(fact_id, field, type, scale),
            unit,
            description,
            minimum=minimum,
            maximum=maximum,
            choices=choices,
            source=fact_id,
            source_field=field,
            source_scale=scale,
            shared=shared,
            exclusive_minimum=exclusive_minimum,
            exclusive_maximum=exclusive_maximum,
        )

    @property
    def is_sourced(self) -> bool:
        return self.source is not None

    @property
    def basis(self) -> str:
        """``"sourced"`` (a fact as reported), ``"implied"`` (worked out from facts: a
        converted fact, e.g. 12 x a monthly rate, or ``implied_from``) or ``"assumed"``."""
        if self.implied_from or (self.source is not None and self.source_scale != 1.0):
            return "implied"
        return "sourced" if self.source is not None else "assumed"

    def expectation(self) -> str:
        """Human phrase for what a valid value looks like."""
        words = _TYPE_WORDS[self.type]
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        low = ">" if self.exclusive_minimum else ">="
        high = "<" if self.exclusive_maximum else "<="
        if self.minimum is not None and self.maximum is not None:
            if self.exclusive_minimum or self.exclusive_maximum:
                bounds = f" {low} {_fmt(self.minimum)} and {high} {_fmt(self.maximum)}"
            else:
                bounds = f" between {_fmt(self.minimum)} and {_fmt(self.maximum)}"
        elif self.minimum is not None:
            bounds = f" {low} {_fmt(self.minimum)}"
        elif self.maximum is not None:
            bounds = f" {high} {_fmt(self.maximum)}"
        else:
            bounds = ""
        unit = f" ({self.unit})" if self.unit and self.type in (int, float) else ""
        unset = " or none (take it from the upstream report)" if self.optional else ""
        return f"{words}{bounds}{unit}{unset}"

    def _fail(self, got: Any) -> ParameterError:
        return ParameterError(
            f"parameter {self.name!r}: expected {self.expectation()}, got {shown(got)}"
        )

    def parse(self, raw: str) -> Any:
        """Parse a command-line string by this parameter's declared type (never guessed).

        Numbers are ASCII digits (``３０００`` and other scripts' digits are refused, though
        Python's ``int`` reads them), optionally with ``_`` between digits.
        """
        text = raw.strip()
        value: Any
        if self.optional and text.lower() in ("none", "null", ""):
            return None
        if self.type in (int, float) and not _ASCII_NUMBER.fullmatch(text):
            raise self._fail(raw)
        if self.type is bool:
            lowered = text.lower()
            if lowered in ("true", "yes", "1"):
                value = True
            elif lowered in ("false", "no", "0"):
                value = False
            else:
                raise self._fail(raw)
        elif self.type is int:
            try:
                value = int(text.replace("_", ""))
            except ValueError:
                raise self._fail(raw) from None
        elif self.type is float:
            try:
                value = float(text.replace("_", ""))
            except ValueError:
                raise self._fail(raw) from None
        else:
            value = raw
        return self.check(value)

    def check(self, value: Any) -> Any:
        """Check a typed value (from YAML, a notebook or ``parse``); return it normalised."""
        if value is None and self.optional:
            return None
        if self.type is bool:
            if not isinstance(value, bool):
                raise self._fail(value)
            return value
        if self.type is str:
            if not isinstance(value, str):
                raise self._fail(value)
            if any(ord(ch) < 32 for ch in value):
                raise ParameterError(
                    f"parameter {self.name!r}: expected {self.expectation()} without "
                    f"control characters, got {shown(value)}"
                )
            if self.choices is not None and value not in self.choices:
                raise self._fail(value)
            return value
        # numbers: bool is an int subclass but never a number here
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(value)
        if isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(
                f"parameter {self.name!r}: expected a finite number, got {shown(value)}"
            )
        if self.type is int:
            if isinstance(value, float):
                raise self._fail(value)
            value = int(value)
        else:
            value = float(value)
        if self.minimum is not None and (
            value <= self.minimum if self.exclusive_minimum else value < self.minimum
        ):
            raise self._fail(value)
        if self.maximum is not None and (
            value >= self.maximum if self.exclusive_maximum else value > self.maximum
        ):
            raise self._fail(value)
        return value


@dataclass(frozen=True)
class Rule:
    """A cross-field rule; ``check`` returns None when satisfied, else what was expected.
    ``reads_data`` (it reads the data files): the defaults meet it in ``validate`` and
    ``check_defaults``, not when the schema is defined, so importing a spec stays cheap."""

    names: tuple[str, ...]
    check: Callable[[Mapping[str, Any]], str | None]
    reads_data: bool = False


@dataclass(frozen=True)
class ReportSchema:
    """The typed parameters of one report and the rules that tie them together."""

    params: tuple[Param, ...]
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise TypeError(f"duplicate parameter names in schema: {names}")
        failure = self._first_rule_failure(self.defaults(), data=False)
        if failure:
            raise TypeError(f"schema defaults break a rule: {failure}")

    def check_defaults(self) -> None:
        """Check the defaults against every rule, those that read data too (TypeError)."""
        failure = self._first_rule_failure(self.defaults())
        if failure:
            raise TypeError(f"schema defaults break a rule: {failure}")

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    def get(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise self.unknown(name)

    def unknown(self, name: str) -> ParameterError:
        close = difflib.get_close_matches(name[:200], self.names, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return ParameterError(
            f"unknown parameter {shown(name)}{hint} (known: {', '.join(self.names)})"
        )

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def parse_assignments(self, assignments: Iterable[str]) -> dict[str, Any]:
        """Parse ``NAME=VALUE`` strings from the command line."""
        return {name: self.get(name).parse(raw) for name, raw in split_assignments(assignments)}

    def validate(self, overrides: Mapping[str, Any]) -> dict[str, Any]:
        """Return the full, checked parameter set: defaults updated with ``overrides``."""
        values = self.defaults()
        for name, value in overrides.items():
            values[name] = self.get(name).check(value)
        failure = self._first_rule_failure(values)
        if failure:
            raise ParameterError(failure)
        return values

    def _first_rule_failure(self, values: Mapping[str, Any], data: bool = True) -> str | None:
        for rule in self.rules:
            if rule.reads_data and not data:
                continue
            message = rule.check(values)
            if message:
                got = ", ".join(f"{n}={shown(values[n])}" for n in rule.names)
                return f"parameters {', '.join(repr(n) for n in rule.names)}: {message} (got {got})"
        return None

    def differing(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters whose values differ from the defaults, in schema order."""
        defaults = self.defaults()
        return {n: values[n] for n in self.names if values[n] != defaults[n]}


def _fact_default(fact_id: str, field: SourceField, type_: ParamType, scale: float = 1.0) -> Any:
    """The ``field`` of a fact (times ``scale``) as a default of ``type_``."""
    from hyesan_analysis.data.loaders import get_fact  # csv only: no pandas at CLI time

    raw = getattr(get_fact(fact_id), field)
    if raw is None or raw == "":
        raise TypeError(f"fact {fact_id!r} has no {field}")
    if scale != 1.0:
        if field == "date":
            raise TypeError(f"fact {fact_id!r}: a date cannot be scaled")
        raw = round(float(raw) * scale, 12)
    if type_ is int:
        if not float(raw).is_integer():
            raise TypeError(f"fact {fact_id!r}: {field} {raw!r} is not an integer")
        return int(raw)
    if type_ is float:
        return float(raw)
    return raw


def split_assignments(assignments: Iterable[str]) -> list[tuple[str, str]]:
    """``NAME=VALUE`` strings as ``(name, raw value)`` pairs; a bad one is a ParameterError.

    A name given twice is an error (which of two values was meant cannot be guessed).
    """
    out = []
    seen: dict[str, str] = {}
    for item in assignments:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"-p {shown(item)}: expected NAME=VALUE")
        if name in seen:
            raise ParameterError(
                f"parameter {shown(name)} given twice ({shown(seen[name], 30)} and "
                f"{shown(raw, 30)}); give it once"
            )
        seen[name] = raw
        out.append((name, raw))
    return out


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() and abs(x) >= 1000 else f"{x:g}"


def at_most(small: str, large: str, what: str) -> Rule:
    """Rule: ``values[small] <= values[large]``."""

    def check(values: Mapping[str, Any]) -> str | None:
        if values[small] > values[large]:
            return f"expected {small} <= {large} ({what})"
        return None

    return Rule((small, large), check)


def sums_to_one(names: tuple[str, ...], tolerance: float = 1e-9) -> Rule:
    """Rule: the named shares sum to 1 within ``tolerance``."""

    def check(values: Mapping[str, Any]) -> str | None:
        total = sum(float(values[n]) for n in names)
        if abs(total - 1.0) > tolerance:
            return f"expected shares that sum to 1, they sum to {total:.6g}"
        return None

    return Rule(names, check)
