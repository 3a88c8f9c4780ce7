"""The words of a sweep's comparison page: one grid point's data and how parameters and
results are named and shown.

``GridPoint`` holds one point of a sweep (its parameter values, scenario folder, status and
results); the functions here turn parameter keys into labels and units ("Sale price",
"70,000 CNY"), say which results move across the grid and which stay constant, and describe
the axes and fixed settings in words. comparison.py imports all of this back (and its charts
and tables use it), so everything stays importable from there; this module does not import
comparison.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec
from hyesan_analysis.reporting.authoring.results import format_value


@dataclass(frozen=True)
class GridPoint:
    """One point of a sweep: its parameter values, its scenario folder and its results."""

    point: dict[str, Any]  # axis name -> value
    scenario: str
    status: str  # "ok", "up to date" or "failed"
    results: dict[str, float] = field(default_factory=dict)  # empty when the run failed
    labels: dict[str, str] = field(default_factory=dict)  # result key -> its label


def number_text(value: Any) -> str:
    """A grid value as shown: whole numbers with thousands separators, others as given."""
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


# --- parameters and results in words -------------------------------------------------------
def _param(name: str) -> Any:
    """The Param that declares ``name`` (the first report that does), or None."""
    from hyesan_analysis.reporting.engine import world

    params = world.quantities().get(name)
    return params[0] if params else None


def axis_unit(name: str) -> str:
    """The unit of a swept parameter, as the (first) report that declares it gives it; a
    sweep of one report may sweep a parameter of a report it reads."""
    param = _param(name)
    return str(param.unit) if param is not None else ""


def short_label(description: str) -> str:
    """A parameter's description cut to a label for legends and headers.

    >>> short_label("Sale price of a used car in Hyesan")
    'Sale price'
    >>> short_label("Waku (state trading certificate) price per vehicle")
    'Waku price'
    >>> short_label("Inspection after arrival")
    'Inspection after arrival'
    """
    text = re.sub(r"\s*\([^)]*\)", "", description).strip()
    text = re.split(r"[;:]", text, maxsplit=1)[0].strip()
    separators = (" per vehicle", " per car", " of a ", " of the ", ", ", " while ", " when ")
    for separator in (*separators, " until "):
        head = text.split(separator, 1)[0].strip()
        if len(head.split()) >= 2:
            text = head
    return text or description


def param_label(name: str) -> str:
    """The label of a parameter: its own ``label`` if the schema has one, else its short
    description, else its name."""
    param = _param(name)
    if param is None:
        return name
    label = str(getattr(param, "label", "") or short_label(str(param.description)))
    return label[:1].upper() + label[1:] if label else name


def short_unit(unit: str) -> str:
    """The unit as a legend says it after a number: money without "per vehicle"."""
    for tail in (" per vehicle", " per car"):
        if unit.startswith(("CNY", "KPW", "USD")) and unit.endswith(tail):
            return unit.removesuffix(tail)
    return unit


def value_text(value: Any, unit: str) -> str:
    """A parameter value with its unit: '70,000 CNY', '60.0% per year', '10 days'."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{value} {unit}".strip() if unit and unit not in str(value) else str(value)
    if not unit:
        return str(value) if isinstance(value, int) else number_text(value)
    if unit.split(" ", 1)[0].lower() in ("fraction", "share", "probability"):
        return format_value(float(value), unit)
    return f"{number_text(value)} {short_unit(unit)}"  # the value as given, never rounded


def setting_text(name: str, value: Any) -> str:
    """'Sale price 70,000 CNY': a parameter's label and its value, as a legend shows it."""
    return f"{param_label(name)} {value_text(value, axis_unit(name))}"


def result_label(key: str, rows: Sequence[GridPoint]) -> str:
    """The label the report recorded with a result (the first point that has one)."""
    return next((r.labels[key] for r in rows if r.labels.get(key)), key.replace("_", " "))


def _result_text(value: float | None, unit: str) -> str:
    # the unit is in the column header; a missing result (failed run) is a dash
    return "–" if value is None else format_value(value, unit).removesuffix(unit).strip()


def varying_results(spec: ReportSpec, rows: Sequence[GridPoint]) -> list[str]:
    """The report's results whose value differs between the points that ran."""
    out = []
    for key in spec.required_results:
        values = {row.results[key] for row in rows if key in row.results}
        if len(values) > 1:
            out.append(key)
    return out


def constant_results(spec: ReportSpec, rows: Sequence[GridPoint]) -> list[dict[str, str]]:
    """The results that are the same at every point that ran: label and value in words."""
    moving = set(varying_results(spec, rows))
    out = []
    for key, unit in spec.required_results.items():
        values = [row.results[key] for row in rows if key in row.results]
        if key not in moving and values:
            text = format_value(values[0], unit)
            out.append({"label": result_label(key, rows), "text": text})
    return out


def moving_axes(axes: Mapping[str, Sequence[Any]]) -> list[str]:
    """The axes with more than one value (an axis of one value is a fixed parameter)."""
    return [name for name, values in axes.items() if len(values) > 1]


def fixed_settings(axes: Mapping[str, Sequence[Any]], base: Mapping[str, Any]) -> list[str]:
    """The fixed parameters in words: the sweep's base values and single-value axes."""
    fixed = dict(base)
    fixed.update({name: values[0] for name, values in axes.items() if len(values) == 1})
    return [setting_text(name, value) for name, value in fixed.items()]


def axes_words(axes: Mapping[str, Sequence[Any]]) -> list[dict[str, str]]:
    """Each moving axis: its label and its values with the unit ('20,000 to 30,000 CNY')."""
    out = []
    for name in moving_axes(axes):
        unit = axis_unit(name)
        shown = [value_text(v, unit) for v in axes[name]]
        out.append({"name": name, "label": param_label(name), "shown": ", ".join(shown)})
    return out
