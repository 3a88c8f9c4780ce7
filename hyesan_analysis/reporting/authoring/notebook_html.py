"""Numbered tables and figures of a report page: their HTML, captions and data files.

This holds what :func:`table` and :func:`figure` (called as ``rn.table``/``rn.figure``) need:
readable cells and fixed column widths for HTML tables, charts as embedded PNG images with
alt text, the "Table N."/"Figure N." numbering and names that ``{fig:name}``/``{table:name}``
references resolve to, and the CSV file of each one's data written beside the report. It also
holds ``_current``, the run's state that :func:`notebook.start` fills (the numbering and the
data folder are read here); :mod:`hyesan_analysis.reporting.authoring.notebook` imports every
name back, so notebooks keep calling them as ``rn.<name>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: The run's state (report spec, parameters, world, numbering, data folder), set by rn.start.
_current: dict[str, Any] = {}


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


# Advance widths (em) of DejaVu Sans Bold, the first face of report.css and the widest of
# its fallbacks, rounded up to 0.05 em. Headers are bold: "Pyongyang" is 6.25 em, and 0.66 em
# a character (5.9 em) left it too narrow to print unbroken. Characters not listed (÷, é)
# count as a wide glyph.
_BOLD_WIDTHS_EM = {
    0.35: "'ijl",
    0.4: ",./:;IJ\\|",
    0.45: "-f",
    0.5: "!()[]_`rt",
    0.55: '"*',
    0.6: "?csz",
    0.65: "Lx",
    0.7: "$0123456789EFTaekovy",
    0.75: "CPSYZbdghnpqu{}",
    0.8: "ABKRVX",
    0.85: "#+<=>DGHNU^~",
    0.9: "&OQ",
    0.95: "w",
    1.0: "@M",
    1.05: "%m",
    1.15: "W",
}
_BOLD_EM = {c: w for w, chars in _BOLD_WIDTHS_EM.items() for c in chars}
_WIDE_EM = 1.0
_PADDING_EM = 1.4  # a cell's padding and rules, in the table's ems (report.css)
_WORD_CAP = 22  # words longer than this (URLs, hashes) are allowed to break instead


def bold_width_em(word: str) -> float:
    """Printed width of ``word`` in bold table-header type, in ems (slightly over, never under,
    for the characters of ``_BOLD_WIDTHS_EM``)."""
    return sum(_BOLD_EM.get(c, _WIDE_EM) for c in word)


def header_word_em(header: str) -> float:
    """Width (em) of the longest word of a column header, the narrowest the header can be set
    without breaking inside a word (it may break after an underscore)."""
    return min(max(map(bold_width_em, _WORDS.split(header))), 0.66 * _WORD_CAP)


def _minimum_widths(
    longest_words: Mapping[str, int], header_em: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Narrowest width (em) that fits each column's longest word: the longest of its cells
    (``longest_words``, in characters) and of its bold header (``header_em``, in ems)."""
    header_em = header_em or {}
    return {
        c: max(0.66 * min(n, _WORD_CAP), header_em.get(c, 0.0)) + _PADDING_EM
        for c, n in longest_words.items()
    }


def _fitted(
    minimum: Mapping[str, float], header_min: Mapping[str, float], width_em: float
) -> dict[str, float]:
    """The minimum widths shrunk to ``width_em`` when they do not fit: the room cells' words
    want beyond their header's goes first (a long cell word may break, a header word should
    not); only if the headers alone are too wide does every column shrink alike."""
    excess = {c: minimum[c] - header_min[c] for c in minimum}
    over = sum(minimum.values()) - width_em
    if over <= 0 or sum(excess.values()) <= 0:
        return dict(minimum)
    keep = max(0.0, 1 - over / sum(excess.values()))
    return {c: header_min[c] + keep * excess[c] for c in minimum}


def _colgroup(
    lengths: Mapping[str, list[int]],
    longest_words: Mapping[str, int],
    width_em: float,
    header_em: Mapping[str, float] | None = None,
) -> str:
    """Column widths from the text in each column, for a fixed table layout.

    A fixed layout spares the PDF renderer from measuring every word of every cell (the
    automatic layout took over half of the PDF time). Each column gets room for its longest
    word (so no word is split; the header's measured in bold) and, beyond that, for its
    typical text length, with long prose capped so that short columns stay readable.
    """
    # a character is ~0.6 em wide and a cell's padding ~1.3 em: a column is never narrower
    # than its longest word; the width left over goes to columns with longer texts
    header_min = {c: (header_em or {}).get(c, 0.0) + _PADDING_EM for c in longest_words}
    minimum = _fitted(_minimum_widths(longest_words, header_em), header_min, width_em)
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
    header_em = {str(c): header_word_em(str(c)) for c in frame.columns}
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
    dense = sum(_minimum_widths(words, header_em).values()) > TABLE_WIDTH_EM
    width_em = TABLE_WIDTH_EM * (DENSE_SCALE if dense else 1.0)
    colgroup = _colgroup(lengths, words, width_em, header_em)
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


def _png_without_alpha(fig: Any, out: Any) -> None:
    """Write the chart at ``FIGURE_DPI`` to ``out`` as an RGB PNG.

    Matplotlib draws the pixels once ("rgba": raw RGBA); Pillow drops the alpha channel and
    encodes the PNG. The same bytes as saving a PNG and re-encoding it without alpha, without
    the first encoding and its decoding (about 0.1 s of a chart's 0.4 s).
    """
    import io

    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=FIGURE_DPI)
    pixels = raw.getvalue()
    # Matplotlib's own size of the canvas at this resolution (int of inches x dpi)
    width_px = int(fig.get_figwidth() * FIGURE_DPI)
    height_px = len(pixels) // (4 * width_px)
    if width_px * height_px * 4 != len(pixels):  # never seen; keep the chart regardless
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=FIGURE_DPI)
        png.seek(0)
        with Image.open(png) as image:
            image.convert("RGB").save(out, format="PNG")
        return
    Image.frombuffer("RGBA", (width_px, height_px), pixels, "raw", "RGBA", 0, 1).convert(
        "RGB"
    ).save(out, format="PNG")


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
        _png_without_alpha(fig, buffer)
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
    # what it draws, read once for the data file and the alt text
    drawn = viz.figure_data(fig, drop_empty=False) if data is None or alt is None else None
    frame = data if data is not None else viz.drop_empty_columns(drawn)
    text = alt if alt is not None else viz.describe_figure(fig, data, frame=drawn)
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
            out[col] = [
                re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s+", " ", v)) if isinstance(v, str) else v
                for v in out[col]
            ]
    return out
