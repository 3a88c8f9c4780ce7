"""Helpers a report notebook calls: validate parameters, record results, show tables.

Every notebook starts with::

    from hyesan_analysis.reporting.authoring import notebook as rn
    params = rn.start("car_unit_economics", globals())

so that a plain ``papermill`` run is validated exactly as ``hyesan-report run`` is.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from hyesan_analysis.reporting.authoring.formatting import citation_html
from hyesan_analysis.reporting.authoring.notebook_html import (  # noqa: F401 (names notebooks call as rn.<name>)
    _NAME,
    _TAGS,
    _WORDS,
    DATA_DIR,
    DENSE_SCALE,
    FIGURE_DPI,
    FIGURE_FORMAT,
    REFERENCE,
    TABLE_WIDTH_EM,
    _cell,
    _colgroup,
    _csv_frame,
    _current,
    _image_html,
    _minimum_widths,
    _number,
    _write_data,
    figure,
    ref,
    slug,
    table,
)
from hyesan_analysis.reporting.authoring.registry import ReportSpec, get_report
from hyesan_analysis.reporting.authoring.results import (
    READS_MIME,
    RESULT_MIME,
    UPSTREAM_USED_MIME,
    ResultsError,
    result_payload,
)
from hyesan_analysis.reporting.authoring.schema import ParameterError


def start(report: str, namespace: Mapping[str, Any]) -> Mapping[str, Any]:
    """Validate the notebook's parameters and set up the plotting theme.

    Parameters
    ----------
    report : str
        Registered report name.
    namespace : mapping
        The notebook's ``globals()`` after the parameters (and papermill's injected) cell.

    Returns
    -------
    mapping
        The validated parameters (read-only).

    Raises
    ------
    ParameterError
        A parameter is missing, of the wrong type, out of range or inconsistent.
    """
    spec = get_report(report)
    import sys

    loaders = sys.modules.get("hyesan_analysis.data.loaders")
    if loaders is not None:  # a kernel reused from an earlier report starts a fresh record
        loaders.FILES_READ.clear()
    missing = [n for n in spec.schema.names if n not in namespace]
    if missing:
        raise ParameterError(f"parameters cell does not define {', '.join(missing)}")
    for name in injected_parameter_names(namespace):
        if name not in spec.schema.names:
            raise spec.schema.unknown(name)  # papermill itself would only warn
    values = spec.schema.validate({n: namespace[n] for n in spec.schema.names})
    _current["spec"] = spec
    _current["params"] = values
    _current["world"] = str(namespace.get(WORLD_VARIABLE, "default"))
    _current["upstream_used"] = {}
    _current["numbered"] = {"figure": [], "table": []}
    # the engine runs the kernel in the work folder that is published: data files go there
    _current["data_dir"] = DATA_DIR if WORLD_VARIABLE in namespace else None
    from hyesan_analysis import viz

    viz.set_theme()
    return MappingProxyType(values)


#: The variable the engine's injected cell sets to the world (scenario folder) being built;
#: absent in a plain papermill run, which is the default world.
WORLD_VARIABLE = "_hyesan_world"


def world() -> str:
    """The world (scenario folder name) this run belongs to: ``"default"`` unless set."""
    return str(_current.get("world", "default"))


#: First line of the cell papermill injects for ``-p``/``-f``/``-y`` parameters.
PAPERMILL_INJECTED_HEADER = "# Parameters"


def injected_parameter_names(namespace: Mapping[str, Any]) -> list[str]:
    """Names a plain papermill run injected in the cell just before this one.

    papermill only warns about a parameter the notebook does not declare and runs on the
    defaults; the kernel's input history (``In``) still holds the injected cell, so a
    misspelt name can be refused here. Our own runs validate before any kernel starts and
    inject a cell with a different first line, so they are not re-checked.

    Parameters
    ----------
    namespace : mapping
        The notebook's ``globals()``; ``In`` is IPython's list of executed cell sources
        (the last one is the cell calling :func:`start`).

    Returns
    -------
    list of str
        The assigned names, in order; empty when the previous cell is not papermill's.
    """
    import ast

    history = namespace.get("In")
    if not isinstance(history, list) or len(history) < 2:
        return []
    source = history[-2]
    if not isinstance(source, str) or source.split("\n", 1)[0].strip() != PAPERMILL_INJECTED_HEADER:
        return []
    names: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _spec() -> ReportSpec:
    if "spec" not in _current:
        raise RuntimeError("call rn.start(report, globals()) first")
    spec: ReportSpec = _current["spec"]
    return spec


def record(name: str, value: float, unit: str | None = None, label: str = "") -> None:
    """Record a named key result (goes to results.json).

    The unit defaults to the one the report declares for ``name``.
    """
    spec = _spec()
    declared = spec.required_results.get(name)
    if unit is None:
        if declared is None:
            raise ResultsError(f"result {name!r} is not declared; give its unit")
        unit = declared
    elif declared is not None and unit != declared:
        raise ResultsError(f"result {name!r}: unit {unit!r} differs from declared {declared!r}")
    payload = result_payload(name, value, unit, label)
    from IPython.display import display

    display({RESULT_MIME: payload}, raw=True)


def md(text: str) -> None:
    """Show computed Markdown (the answer up front, sentences with numbers)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def fmt_cny(x: float) -> str:
    """``10500.0`` -> ``'10,500 CNY'``."""
    return f"{x:,.0f} CNY"


def fmt_pct(x: float, digits: int = 0) -> str:
    """``0.2`` -> ``'20%'``."""
    return f"{100 * x:.{digits}f}%"


def _value_text(value: Any, unit: str, name: str = "") -> str:
    if value is None:
        return "not set: from the upstream report"
    if name == "seed" or name.endswith("_seed"):
        return str(value)  # an identifier, not a quantity: no thousands separators
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{_cell(value, 3)} {unit}".strip()
    return str(value)


def parameters_table(caption: str = "Parameters used in this report") -> None:
    """The parameters of this run (value, default, unit, sourced or assumed, shared or not),
    then every upstream figure the report was computed on, with a link to its report."""
    spec = _spec()
    values = _current["params"]
    rows = []
    for p in spec.schema.params:
        value = values[p.name]
        changed = value != p.default
        rows.append(
            {
                "parameter": html.escape(p.name),
                "meaning": html.escape(p.description),
                "value": html.escape(
                    _value_text(value, p.unit, p.name) + (" (changed)" if changed else "")
                ),
                "default": html.escape(_value_text(p.default, p.unit, p.name)),
                "basis": p.basis + ("; shared" if p.shared else ""),
            }
        )
    for (report, key), entry in _current.get("upstream_used", {}).items():
        rows.append(
            {
                "parameter": html.escape(key),
                "meaning": html.escape(entry.get("label") or key),
                "value": html.escape(_value_text(entry["value"], entry.get("unit", ""), key)),
                "default": "from " + _upstream_link(report),
                "basis": "computed upstream",
            }
        )
    table(
        rows,
        caption=caption,
        numeric_right=False,
        html_cells=("parameter", "meaning", "value", "default"),
        name="parameters",
    )


def sources_table(caption: str = "Assumptions and sources") -> None:
    """Every number the report relies on: sourced (with citation) or assumed (with rationale).

    Built from the schema (parameter defaults) and the report's cited facts.
    """
    from hyesan_analysis.data.loaders import get_fact

    spec = _spec()
    rows = []
    for p in spec.schema.params:
        if p.source:
            fact = get_fact(p.source)
            basis = p.basis  # sourced, or implied when the fact is converted (x 12)
            detail = citation_html(p.source)
            if p.source_scale != 1.0:
                detail += html.escape(f" (x {p.source_scale:g})")
            if fact.note:
                detail += f'<br><span class="note">{html.escape(fact.note)}</span>'
        elif p.implied_from:
            basis = "implied"
            detail = html.escape(p.rationale or "") + "".join(
                f"<br>{citation_html(fact_id)}" for fact_id in p.implied_from
            )
        else:
            basis = "assumption"
            detail = html.escape(p.rationale or "")
        rows.append(
            {
                "figure": html.escape(p.description),
                "value": html.escape(_value_text(p.default, p.unit, p.name)),
                "basis": basis,
                "source or rationale": detail,
            }
        )
    for fact_id in spec.cited_facts:
        fact = get_fact(fact_id)
        if fact.value is None or fact.value != fact.value:
            value = "(statement)"
        elif fact.low is not None and fact.high is not None and fact.low != fact.high:
            value = f"{_cell(fact.low, 3)}–{_cell(fact.high, 3)} {fact.unit}"
        else:
            value = _value_text(fact.value, fact.unit)
        rows.append(
            {
                "figure": html.escape(fact.description),
                "value": html.escape(value),
                "basis": "sourced",
                "source or rationale": citation_html(fact_id),
            }
        )
    table(
        rows,
        caption=caption,
        numeric_right=False,
        html_cells=("figure", "value", "source or rationale"),
        name="sources",
    )


UPSTREAM_DIR = "upstream"


def _upstream_link(report: str) -> str:
    """A link from this report's page to ``report``'s page in the same world."""
    href = html.escape(f"../../{report}/{world()}/report.html", quote=True)
    return f'<a href="{href}">{html.escape(report)}</a>'


def upstream_value(report: str, key: str) -> float:
    """One figure an upstream report recorded in this world, remembered for the tables.

    The parameters table then lists it (value, unit, label) with a link to that report,
    so a reader sees which upstream figures this report was computed on.

    Raises
    ------
    KeyError
        The upstream report did not record ``key``.
    """
    results = upstream_results(report)["results"]
    if key not in results:
        raise KeyError(f"report {report!r} records no result {key!r} (it has {sorted(results)})")
    entry = dict(results[key])
    _current.setdefault("upstream_used", {})[(report, key)] = entry
    return float(entry["value"])


def upstream_results(report: str) -> dict[str, Any]:
    """The results.json of an upstream report's run in this world.

    The runner copies each upstream results.json into the run's working folder (so the
    inputs are hashed and fixed for the run); opened interactively from notebooks/, the
    notebook falls back to reports/<report>/default/results.json.
    """
    import json
    from pathlib import Path

    from hyesan_analysis.reporting.authoring.registry import REPO_DIR

    for path in (
        Path(UPSTREAM_DIR) / f"{report}.json",
        REPO_DIR / "reports" / report / world() / "results.json",
    ):
        if path.is_file():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise FileNotFoundError(
        f"no results for report {report!r}: build it first (hyesan-report build)"
    )


def emit_data_reads() -> None:
    """Record which data files this kernel read (the runner's cache keys on them)."""
    import sys

    loaders = sys.modules.get("hyesan_analysis.data.loaders")
    files = sorted(getattr(loaders, "FILES_READ", ())) if loaders is not None else []
    from IPython.display import display

    display({READS_MIME: {"files": files}}, raw=True)


def emit_upstream_reads() -> None:
    """Record which upstream figures the notebook took with :func:`upstream_value` (manifest)."""
    from IPython.display import display

    used = sorted([list(k) for k in _current.get("upstream_used", {})])
    display({UPSTREAM_USED_MIME: {"used": used}}, raw=True)
