"""Helpers a report notebook calls: validate parameters, record results, show tables.

Every notebook starts with::

    from hyesan_analysis.reporting.authoring import notebook as rn
    params = rn.start("car_unit_economics", globals())

so that a plain ``papermill`` run is validated exactly as ``hyesan-report run`` is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from hyesan_analysis.reporting.authoring.registry import ReportSpec, get_report
from hyesan_analysis.reporting.authoring.results import (
    READS_MIME,
    RESULT_MIME,
    UPSTREAM_USED_MIME,
    ResultsError,
    result_payload,
)
from hyesan_analysis.reporting.authoring.schema import ParameterError

_current: dict[str, Any] = {}


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


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, bool) or value is None:
        return html.escape(str(value if value is not None else ""))
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:  # NaN in a display table is shown as a dash, never as a number
            return "–"
        if abs(value) >= 100 or float(value).is_integer():
            text = f"{value:,.0f}"
            return "0" if text == "-0" else text
        return f"{value:,.{digits}f}"
    # identifiers may wrap after an underscore rather than mid-word
    return html.escape(str(value)).replace("_", "_<wbr>")


_TAGS = re.compile(r"<[^>]+>")
_WORDS = re.compile(r"[\s_]+")
TABLE_WIDTH_EM = 56.0  # an A4 text column at the tables' font size, in ems
DENSE_SCALE = 0.86 / 0.74  # font sizes of normal and dense tables (report.css)


def _minimum_widths(longest_words: Mapping[str, int]) -> dict[str, float]:
    """Narrowest width (em) that fits each column's longest word (bold headers included)."""
    # words longer than 22 characters (URLs, hashes) are allowed to break instead
    return {c: 0.66 * min(n, 22) + 1.4 for c, n in longest_words.items()}


def _colgroup(
    lengths: Mapping[str, list[int]], longest_words: Mapping[str, int], width_em: float
) -> str:
    """Column widths from the text in each column, for a fixed table layout.

    A fixed layout spares the PDF renderer from measuring every word of every cell (the
    automatic layout took over half of the PDF time). Each column gets room for its longest
    word (so no word is split) and, beyond that, for its typical text length, with long prose
    capped so that short columns stay readable.
    """
    # a character is ~0.6 em wide and a cell's padding ~1.3 em: a column is never narrower
    # than its longest word; the width left over goes to columns with longer texts
    minimum = _minimum_widths(longest_words)
    wanted = {}
    for col, values in lengths.items():
        typical = sorted(values)[int(0.9 * (len(values) - 1))] if values else 4
        wanted[col] = max(minimum[col], 0.55 * min(typical, 60) + 1.4)
    spare = width_em - sum(minimum.values())
    flex = {c: wanted[c] - minimum[c] for c in lengths}
    if spare > 0 and sum(flex.values()) > 0:
        weights = {c: minimum[c] + spare * flex[c] / sum(flex.values()) for c in lengths}
    else:
        weights = minimum
    total = sum(weights.values())
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in weights.values())
    return f"<colgroup>{cols}</colgroup>"


def table(
    rows: Any,
    caption: str | None = None,
    columns: Sequence[str] | None = None,
    digits: int = 2,
    numeric_right: bool = True,
    html_cells: Iterable[str] = (),
    name: str | None = None,
) -> None:
    """Show "Table N." with readable numbers (thousands separators), no index, escaped text.

    The rows are written as ``data/table-N-name.csv`` beside the report and linked from
    the caption.

    Parameters
    ----------
    rows : DataFrame or list of dict
        The rows.
    caption : str, optional
        Caption above the table.
    columns : sequence of str, optional
        Column order (default: as given).
    digits : int
        Decimals for non-integer numbers below 1,000.
    html_cells : iterable of str
        Columns whose cells are trusted HTML built by the package (links), not escaped.
    name : str, optional
        Short name for references (``{table:name}``), the anchor (``#table-name``) and the
        data file; default: made from the caption.
    """
    import pandas as pd

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if columns is not None:
        frame = frame.loc[:, list(columns)]
    trusted = set(html_cells)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    lengths: dict[str, list[int]] = {str(c): [len(str(c))] for c in frame.columns}
    words: dict[str, int] = {str(c): max(map(len, _WORDS.split(str(c)))) for c in frame.columns}
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = row[col]
            is_num = isinstance(value, int | float) and not isinstance(value, bool)
            text = str(value) if col in trusted else _cell(value, digits)
            plain = _TAGS.sub("", text)
            lengths[str(col)].append(len(plain))
            words[str(col)] = max(words[str(col)], max(map(len, _WORDS.split(plain))))
            cls = ' class="num"' if (is_num and numeric_right) else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    # tables whose longest words do not fit the page at the normal size are set smaller
    dense = sum(_minimum_widths(words).values()) > TABLE_WIDTH_EM
    width_em = TABLE_WIDTH_EM * (DENSE_SCALE if dense else 1.0)
    colgroup = _colgroup(lengths, words, width_em)
    number, name = _number("table", name, caption or "")
    href = _write_data(_csv_frame(frame, trusted), f"table-{number}-{name}.csv")
    link = f' <a class="data-link" href="{href}">Data (CSV)</a>' if href else ""
    label = f"Table {number}."
    cap = (
        f'<caption><span class="label">{label}</span> {html.escape(caption or "")}{link}</caption>'
    )
    aria = html.escape(f"{label} {caption or ''}".strip(), quote=True)
    # short tables never split across pages; long ones split between rows, header repeated
    text_size = sum(sum(v) for v in lengths.values())
    size = "short" if len(frame) <= 14 and text_size <= 1800 else "long"
    from IPython.display import HTML, display

    classes = f"report-table {size}{' dense' if dense else ''}"
    display(
        HTML(
            f'<div class="table-scroll" role="region" tabindex="0" aria-label="{aria}">'
            f'<table class="{classes}" id="table-{name}" data-ref="{name}" '
            f'data-number="{number}" data-kind="table">{cap}{colgroup}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
    )


# --- numbered figures and tables -----------------------------------------------------------

#: The folder, beside the report, that holds the data of every figure and table (CSV).
DATA_DIR = "data"
#: ``{fig:name}``, ``{table:name}`` or ``{ref:name}`` in report text: "Figure 3" / "Table 2",
#: linked to it, resolved when the page is rendered (so a reference may point forward).
REFERENCE = re.compile(r"\{(fig|table|ref):([a-z0-9][a-z0-9_-]*)\}")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: Image format and resolution of the charts in the page. PNG, not SVG: WeasyPrint drew the
#: reports' SVG charts 60-90% slower than PNG (CPU time per PDF). 200 dpi is sharp on a
#: high-density screen at full width; saved without an alpha channel, which WeasyPrint
#: would otherwise split out and re-encode, so the PDF costs about what 150 dpi RGBA did.
FIGURE_FORMAT = "png"
FIGURE_DPI = 200


def slug(text: str, words: int = 5) -> str:
    """A short file and anchor name from a caption: ``'P&L by class (CNY)'`` -> ``'p-l-by-class-cny'``."""
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "unnamed"


def _number(kind: str, name: str | None, caption: str) -> tuple[int, str]:
    """The next number of a figure or table in this report, and its (checked) name."""
    numbered = _current.setdefault("numbered", {"figure": [], "table": []})
    if name is None:
        name = slug(caption) if caption else f"{kind}-{len(numbered[kind]) + 1}"
    elif not _NAME.fullmatch(name):
        raise ValueError(f"{kind} name {name!r}: expected lower-case letters, digits, '-' or '_'")
    taken = set(numbered["figure"]) | set(numbered["table"])
    if name in taken:
        base, i = name, 2
        while f"{base}-{i}" in taken:
            i += 1
        name = f"{base}-{i}"
    numbered[kind].append(name)
    return len(numbered[kind]), name


def _write_data(frame: Any, filename: str) -> str | None:
    """Write ``frame`` as CSV into the data folder beside the report; its relative href."""
    from pathlib import Path

    folder = _current.get("data_dir")
    if folder is None or frame is None:
        return None
    path = Path(folder) / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n")
    return f"{folder}/{filename}"


def ref(name: str) -> str:
    """Text that becomes a link to the figure or table called ``name`` ("Figure 3").

    For f-strings in :func:`md`; in a Markdown cell write ``{fig:name}`` or ``{table:name}``.
    The reference is resolved when the page is rendered, so it may point to a later figure.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"reference {name!r}: expected the name given to rn.figure or rn.table")
    return "{ref:" + name + "}"


def _image_html(fig: Any, alt: str) -> str:
    """The chart as an <img> with its data in the page (the page loads nothing)."""
    import base64
    import io

    from hyesan_analysis import viz

    buffer = io.BytesIO()
    if FIGURE_FORMAT == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        mime = "image/svg+xml"
    else:
        from PIL import Image

        rgba = io.BytesIO()
        fig.savefig(rgba, format="png", dpi=FIGURE_DPI)
        rgba.seek(0)
        with Image.open(rgba) as image:
            image.convert("RGB").save(buffer, format="PNG")
        mime = "image/png"
    width = fig.get_figwidth() / viz.PAGE_WIDTH_IN
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img src="data:{mime};base64,{encoded}" alt="{html.escape(alt, quote=True)}" '
        f'style="width:{min(100.0, 100 * width):.0f}%">'
    )


def figure(
    fig: Any,
    caption: str = "",
    *,
    name: str | None = None,
    alt: str | None = None,
    data: Any = None,
) -> None:
    """Show a chart as "Figure N." with its caption, alt text and data; close it.

    Replaces ``plt.show()``. The chart's title (its suptitle or, with one panel, the panel's
    title) is taken out of the image: the caption carries it, and is the title when
    ``caption`` is empty (a multi-panel chart's panel titles, joined, when it has none).

    Parameters
    ----------
    fig : matplotlib Figure
        The chart.
    caption : str
        What the chart shows (a sentence); "Figure N." is put before it.
    name : str, optional
        Short name (lower-case, digits, ``-``/``_``) for references (``{fig:name}``,
        :func:`ref`), the anchor (``#fig-name``) and the data file
        (``data/figure-N-name.csv``). Default: made from the caption.
    alt : str, optional
        Alt text; default: generated from the chart's data (kind, axes, series, ranges).
    data : DataFrame, optional
        The chart's data for the CSV file; default: read from the chart's lines, bars and
        points.
    """
    import matplotlib.pyplot as plt

    from hyesan_analysis import viz

    title = viz.take_title(fig) or viz.panel_titles(fig)
    caption = " ".join((caption or title).split())
    number, name = _number("figure", name, caption)
    frame = data if data is not None else viz.figure_data(fig)
    text = alt if alt is not None else viz.describe_figure(fig, data)
    href = _write_data(frame, f"figure-{number}-{name}.csv")
    image = _image_html(fig, text)
    plt.close(fig)
    link = f' <a class="data-link" href="{href}">Data (CSV)</a>' if href else ""
    from IPython.display import HTML, display

    display(
        HTML(
            f'<figure class="report-figure" id="fig-{name}" data-ref="{name}" '
            f'data-number="{number}" data-kind="figure">{image}'
            f'<figcaption><span class="label">Figure {number}.</span> {html.escape(caption)}'
            f"{link}</figcaption></figure>"
        )
    )


def _csv_frame(frame: Any, trusted: set[str]) -> Any:
    """A table's rows for its CSV file: the values, without the HTML of trusted cells."""
    out = frame.copy()
    for col in out.columns:
        if col in trusted:
            out[col] = [
                html.unescape(_TAGS.sub(" ", str(v))).strip() if isinstance(v, str) else v
                for v in out[col]
            ]
            out[col] = [re.sub(r"\s+", " ", v) if isinstance(v, str) else v for v in out[col]]
    return out


def _citation_html(fact_id: str) -> str:
    from hyesan_analysis.data.loaders import get_fact

    fact = get_fact(fact_id)
    title = html.escape(fact.source_title)
    url = html.escape(fact.source_url, quote=True)
    date = html.escape(fact.date or "date unknown")
    return (
        f'{html.escape(fact.publisher)}, <a href="{url}">{title}</a>, {date} '
        f'<span class="fact-id">[{html.escape(fact_id)}]</span>'
    )


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
            detail = _citation_html(p.source)
            if p.source_scale != 1.0:
                detail += html.escape(f" (x {p.source_scale:g})")
            if fact.note:
                detail += f'<br><span class="note">{html.escape(fact.note)}</span>'
        elif p.implied_from:
            basis = "implied"
            detail = html.escape(p.rationale or "") + "".join(
                f"<br>{_citation_html(fact_id)}" for fact_id in p.implied_from
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
                "source or rationale": _citation_html(fact_id),
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
