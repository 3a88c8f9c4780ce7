"""Executed notebook -> self-contained HTML (no code, no CDN scripts) -> PDF (headless
Chromium, :mod:`browser_pdf`, or WeasyPrint where there is no browser).

nbconvert's ``basic`` template gives the cells without a page around them; we wrap them in
our own page (templates/page.html.j2 and report.css) so that the HTML loads nothing from the
network (no require.js, no MathJax) and prints well.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from hyesan_analysis.reporting.authoring.results import strip_result_outputs
from hyesan_analysis.reporting.rendering import browser_pdf, pdf_library, print_service, templating

HIDDEN_TAGS = {"parameters", "injected-parameters", "hyesan-epilogue", "remove-cell"}


def _reader_notebook(nb: Any, keep_hidden_cells: bool = False) -> Any:
    """A copy of the notebook as a reader sees it: no hidden cells, results or stderr."""
    out = copy.deepcopy(nb)
    if not keep_hidden_cells:
        out.cells = [
            c for c in out.cells if not HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))
        ]
    strip_result_outputs(out)
    for cell in out.cells:
        if "outputs" in cell:
            cell["outputs"] = [
                o
                for o in cell["outputs"]
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    return out


_EXPORTERS: dict[bool, Any] = {}


def _exporter(show_code: bool) -> Any:
    """One exporter per process and mode: its templates compile once (~0.9 s), not per report."""
    if show_code not in _EXPORTERS:
        from nbconvert import HTMLExporter

        _EXPORTERS[show_code] = HTMLExporter(
            template_name="basic",
            exclude_input=not show_code,
            exclude_input_prompt=not show_code,
            exclude_output_prompt=True,
            anchor_link_text="",
        )
    return _EXPORTERS[show_code]


def warm_up(pdf: bool = True, sample_pdf: bool = False) -> None:
    """Pay the rendering imports and template compilation now (~1.5 s once per process);
    where WeasyPrint prints the PDFs, with ``pdf`` its import and with ``sample_pdf`` its
    first document too (:func:`_sample_pdf`, ~1 s).

    Called while a kernel starts, on the other core, instead of after the notebook ran.
    """
    import nbformat
    import papermill  # noqa: F401

    pdf = pdf and _weasyprint_prints()
    if pdf:
        pdf_library.import_weasyprint()
    if False not in _EXPORTERS:  # the reader's exporter (code hidden) is not compiled yet
        cells_html(nbformat.v4.new_notebook())
    if pdf and sample_pdf and not _PDF_SAMPLED:
        _sample_pdf()


def _weasyprint_prints() -> bool:
    """Whether this process's PDFs are WeasyPrint's (Chromium warms in its own process)."""
    try:
        return pdf_engine() == "weasyprint"
    except Exception:  # a bad HYESAN_PDF_ENGINE: the build reports it, not the warm-up
        return False


def _needs_warming(pdf: bool, sample_pdf: bool) -> bool:
    """Whether ``warm_up(pdf, sample_pdf)`` has anything left to do in this process."""
    pdf = pdf and _weasyprint_prints()
    if False not in _EXPORTERS or (pdf and "weasyprint" not in sys.modules):
        return True
    return pdf and sample_pdf and not _PDF_SAMPLED


_WARMING: Any = None  # the thread of warm_up_in_background, until it is waited for


def warm_up_in_background(
    pdf: bool = True,
    low_priority: bool = False,
    sample_pdf: bool = False,
    start_browser: bool = False,
) -> None:
    """``warm_up`` in a thread, while a kernel runs the notebook (this process only waits
    for it then); the rendering functions wait for the thread before they start.
    ``start_browser``: then start the PDF engine (:func:`start_pdf_engine`), after the
    imports: while they run, the kernel's own imports need the other core.

    papermill and nbformat are imported here first: the caller needs them at once, and a
    module imported by two threads at the same time may be seen half-initialised.
    ``low_priority``: the thread runs niced (``lifecycle.lowered_priority``), on what the cores
    have to spare.
    """
    import threading

    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    global _WARMING
    if _WARMING is not None or not _needs_warming(pdf, sample_pdf):
        if start_browser:
            start_pdf_engine()
        return

    def warm() -> None:
        from hyesan_analysis.reporting.engine import trace

        if low_priority:
            from hyesan_analysis.reporting.engine.lifecycle import lowered_priority

            lowered_priority()
        try:
            warm_up(pdf, sample_pdf)
        except Exception:  # only time is at stake: the rendering itself reports problems
            pass
        trace.event("export-warm")
        if start_browser:
            start_pdf_engine()

    _WARMING = threading.Thread(target=warm, name="hyesan-warm-export", daemon=True)
    _WARMING.start()


def _wait_warm() -> None:
    import threading

    global _WARMING
    thread = _WARMING
    if thread is None or thread is threading.current_thread():  # the warm-up itself
        return
    thread.join()
    _WARMING = None


def cells_html(nb: Any, show_code: bool = False) -> str:
    """The notebook's cells as an HTML fragment (code hidden unless ``show_code``).

    References to figures and tables (``{fig:name}``) become links ("Figure 3"); a
    reference to a name no figure or table has is an error (``show_code``, the page of a
    failed run, leaves them as they are).
    """
    _wait_warm()
    exporter = _exporter(show_code)
    source = _reader_notebook(nb, keep_hidden_cells=show_code)
    body, _ = exporter.from_notebook_node(source)
    if show_code:
        return str(body)
    return keep_headings_with_content(resolve_references(str(body)))


class UnknownReference(ValueError):
    """Report text refers to a figure or table that the report does not have."""


_NUMBERED_TAG = re.compile(r"<(?:figure|table)\b[^>]*\bdata-ref=[^>]*>")
_ATTRIBUTE = re.compile(r'\b(data-ref|data-number|data-kind)="([^"]*)"')
_REFERENCE = re.compile(r"\{(fig|table|ref):([a-z0-9][a-z0-9_-]*)\}")


def numbered_items(body: str) -> dict[str, tuple[str, int]]:
    """Every numbered figure and table in a page body: name -> (kind, number).

    Attributes are read by name: nbconvert's sanitiser writes them in its own order.
    """
    items = {}
    for tag in _NUMBERED_TAG.finditer(body):
        attributes = dict(_ATTRIBUTE.findall(tag[0]))
        if {"data-ref", "data-number", "data-kind"} <= attributes.keys():
            kind, number = attributes["data-kind"], attributes["data-number"]
            items[attributes["data-ref"]] = (kind, int(number))
    return items


def resolve_references(body: str) -> str:
    """Replace ``{fig:name}``, ``{table:name}`` and ``{ref:name}`` by linked "Figure N"."""
    items = numbered_items(body)

    def link(match: re.Match[str]) -> str:
        kind, name = match[1], match[2]
        if name not in items or (kind != "ref" and items[name][0] != _KIND[kind]):
            what = {"fig": "figure", "table": "table", "ref": "figure or table"}[kind]
            raise UnknownReference(
                f"report text refers to {match[0]}, but no {what} is named {name!r} "
                f"(named: {', '.join(sorted(items)) or 'none'})"
            )
        item_kind, number = items[name]
        anchor = ("fig-" if item_kind == "figure" else "table-") + name
        return f'<a class="xref" href="#{anchor}">{item_kind.capitalize()} {number}</a>'

    return _REFERENCE.sub(link, body)


_KIND = {"fig": "figure", "table": "table"}


_CELL_START = re.compile(r'(?=<div class="cell border-box-sizing )')
_HEADING = re.compile(r"<h[1-4][ >]")
_TAGS = re.compile(r"<[^>]+>")
# A heading cell with more text than this carries its own paragraphs after the heading, so
# CSS keeps the heading with them; wrapping it with the next cell too would push whole
# sections to the next page and leave half-empty pages.
MAX_KEEP_TEXT_CHARS = 700


def keep_headings_with_content(body: str) -> str:
    """Wrap each heading cell and the cell after it in one unbreakable block.

    CSS ``break-after: avoid`` on the heading is not enough for WeasyPrint when the next
    cell is a tall figure: it leaves the heading alone at the foot of a page. A wrapper with
    ``break-inside: avoid`` moves both to the next page instead (or splits normally when
    the pair is taller than a page). Only short heading cells are wrapped (see
    ``MAX_KEEP_TEXT_CHARS``).
    """
    chunks = [c for c in _CELL_START.split(body) if c.strip()]
    out: list[str] = []
    i = 0
    while i < len(chunks):
        chunk = chunks[i]
        short = len(_TAGS.sub("", chunk)) <= MAX_KEEP_TEXT_CHARS
        if "text_cell" in chunk[:80] and _HEADING.search(chunk) and short and i + 1 < len(chunks):
            out.append(f'<div class="keep-together">{chunk}{chunks[i + 1]}</div>')
            i += 2
        else:
            out.append(chunk)
            i += 1
    return "".join(out)


_HEADING_WITH_ID = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def contents(body: str) -> list[dict[str, Any]]:
    """The page's table of contents: its h2 and h3 headings (level, anchor, text)."""
    import html as html_mod

    entries = []
    for level, anchor, inner in _HEADING_WITH_ID.findall(body):
        text = " ".join(html_mod.unescape(_TAGS.sub("", inner)).split())
        if text:
            entries.append({"level": int(level), "id": html_mod.unescape(anchor), "text": text})
    return entries


_DATA_HREF = re.compile(r'href="(data/[^"/]+\.csv)"')
#: The report every world's page links to as its brief.
BRIEF = "summary"


def report_links(
    report: str, scenario: str, body: str = "", pdf: bool = True
) -> list[tuple[str, str]]:
    """The link row of a report page: (text, relative href), each valid once published.

    A report's folder is ``<root>/<report>/<scenario>/``: the index is two levels up, the
    brief of the same world is ``<root>/summary/<scenario>/``, and the data files of its
    figures and tables sit in ``data/`` beside the page.
    """
    links = [("Index of reports", "../../index.html")]
    if report != BRIEF:
        links.append(("The brief", f"../../{BRIEF}/{scenario}/report.html"))
    if pdf:
        links.append(("PDF", "report.pdf"))
    links += [("Executed notebook", "executed.ipynb"), ("Results (JSON)", "results.json")]
    data = list(dict.fromkeys(_DATA_HREF.findall(body)))
    links += [(_data_label(href), href) for href in data]
    return links


def _data_label(href: str) -> str:
    """``data/figure-3-prices.csv`` -> ``'Figure 3'``; other files by their name."""
    match = re.fullmatch(r"data/(figure|table)-(\d+)-.*\.csv", href)
    return f"{match[1].capitalize()} {match[2]}" if match else href.removeprefix("data/")


def render_page(
    body_html: str,
    *,
    report: str,
    title: str,
    question: str = "",
    scenario: str,
    scenario_title: str,
    scenario_rationale: str,
    changed: str,
    run_date: str,
    provenance: Sequence[tuple[str, str]],
    version: str,
    failed: bool = False,
    compact: bool = False,
    links: Sequence[tuple[str, str]] | None = None,
    pdf: bool = True,
) -> str:
    """Wrap a body fragment in the report page. Every user-supplied string is escaped.

    ``links``: the link row (text, relative href); by default a registered report's
    (:func:`report_links`, with its PDF unless ``pdf`` is false), none for other pages.
    A failed run's page links to the index only.
    """
    from hyesan_analysis.reporting.authoring.registry import all_reports

    if links is None:
        if failed:
            links = [("Index of reports", "../../index.html")]
        elif report in all_reports():
            links = report_links(report, scenario, body_html, pdf=pdf)
        else:
            links = []
    template = templating.environment(autoescape=False).get_template("page.html.j2")
    return template.render(
        body=body_html,
        css=templating.stylesheet("report.css"),
        report=report,
        title=title,
        question=question,
        scenario=scenario,
        scenario_title=scenario_title,
        scenario_rationale=scenario_rationale,
        changed=changed,
        run_date=run_date,
        provenance=list(provenance),
        version=version,
        failed=failed,
        body_class="one-page" if compact else "",
        contents=contents(body_html),
        links=list(links),
    )


_SCREEN_ONLY = re.compile(
    r'<nav class="(?:toc|report-links)"[^>]*>.*?</nav>|\s?<a\b[^>]*\bclass="data-link"[^>]*>[^<]*</a>',
    re.S,
)


_SCROLL_BOX = re.compile(
    r'<div\b[^>]*\bclass="table-scroll"[^>]*>(<table\b.*?</table>)</div>', re.S
)


def for_print(page: str) -> str:
    """The page without what print hides (the contents, the link row, the data links) and
    without the boxes that let wide tables scroll on a screen.

    The stylesheet hides them in print anyway; taking them out before WeasyPrint spares it
    styling elements it never draws.
    """
    return _SCROLL_BOX.sub(r"\1", _SCREEN_ONLY.sub("", page))


# One font configuration per process: setting up fontconfig costs ~0.15 s per document.
_FONT_CONFIG: Any = None


def font_subsetter() -> str:
    """Which library subsets the PDF's fonts: "HarfBuzz" when WeasyPrint found
    libharfbuzz-subset, else "fontTools", which reads each font's layout tables in Python
    (about a second more per PDF)."""
    pdf_library.import_weasyprint()
    from weasyprint.text import ffi

    return "HarfBuzz" if getattr(ffi, "harfbuzz_subset", None) is not None else "fontTools"


def _pdf_document(html_text: str) -> Any:
    """The laid-out WeasyPrint document of a page (one font configuration per process)."""
    import logging

    pdf_library.import_weasyprint()
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it ignores from nbconvert's classes; keep quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return HTML(string=for_print(html_text), base_url=None).render(font_config=_FONT_CONFIG)


# What the sample page exercises: the report's stylesheet, its faces (regular, bold,
# italic, monospace), a heading, a table and a caption.
_SAMPLE_BODY = (
    "<h2>Hyesan</h2><p>A <b>car</b>, the <i>waku</i> and <code>1,262 KPW</code>.</p>"
    "<table><caption>Table 1. CNY per vehicle</caption><thead><tr><th>line</th><th>CNY</th>"
    "</tr></thead><tbody><tr><td>sale</td><td>83,000</td></tr></tbody></table>"
)
_PDF_SAMPLED = False


def _sample_pdf() -> None:
    """Lay out and write a small page in the report's style, discarding the PDF.

    WeasyPrint's first document in a process costs about a second more than the next
    (fonts loaded, stylesheets parsed); paid here, in a warm-up thread while the kernel
    runs the notebook, it is not paid by the report's PDF after it.
    """
    global _PDF_SAMPLED
    page = render_page(
        _SAMPLE_BODY,
        report="sample",
        title="Hyesan",
        scenario="default",
        scenario_title="",
        scenario_rationale="",
        changed="",
        run_date="",
        provenance=(),
        version="",
        links=[],
    )
    _pdf_document(page).write_pdf()
    _PDF_SAMPLED = True


class PrintedPdf(NamedTuple):
    """A written PDF: its page count and what laid it out ("Chromium 150.0...")."""

    pages: int
    engine: str


def pdf_engine() -> str:
    """``chromium`` or ``weasyprint``: see :func:`browser_pdf.engine`."""
    return browser_pdf.engine()


def start_pdf_engine() -> None:
    """Get the PDF engine ready now: Chromium's browser started (it gets ready in its own
    processes, ~0.3 s, while the kernel runs the notebook), or WeasyPrint imported."""
    try:
        if pdf_engine() == "chromium":
            if print_service.printer() is None:  # else the build's browser prints
                browser_pdf.start()
        else:
            pdf_library.import_weasyprint()  # once per process: a no-op after warm_up's
    except Exception:  # only time is at stake: write_pdf reports the problem
        pass


def write_pdf(html_text: str, path: Path, base_dir: Path | None = None) -> PrintedPdf:
    """Render a page to PDF, with headless Chromium when there is one, else WeasyPrint
    (no TeX either way).

    Both lay the page out by its print stylesheet and keep its links relative
    (``../../index.html``, another report), so they stay valid where the PDF is
    published, not in the temporary folder it was rendered in. If Chromium fails, and was
    not asked for by name (``HYESAN_PDF_ENGINE=chromium``), WeasyPrint writes the PDF and
    the engine says why. ``base_dir`` is ignored (kept for callers).
    """
    _wait_warm()
    del base_dir
    why_not_chromium = ""
    if pdf_engine() == "chromium":
        served = print_service.printer()  # a worker: the build's one browser prints it
        if served is not None:
            try:
                return PrintedPdf(*browser_pdf.write_pdf(for_print(html_text), path, served))
            except browser_pdf.BrowserError:
                pass  # then this process's own browser
        try:
            return PrintedPdf(*browser_pdf.write_pdf(for_print(html_text), path))
        except browser_pdf.BrowserError as exc:
            if browser_pdf.requested() == "chromium":
                raise
            why_not_chromium = f" (Chromium failed: {exc})"
    document = _pdf_document(html_text)
    document.write_pdf(str(path))
    weasyprint = pdf_library.import_weasyprint()
    return PrintedPdf(len(document.pages), f"WeasyPrint {weasyprint.__version__}{why_not_chromium}")
