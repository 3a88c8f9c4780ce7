"""The report page around the notebook: contents, the link row, print, relative PDF links."""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import pytest

from hyesan_analysis.reporting.rendering import export

BODY = (
    '<div class="cell"><h2 id="One-used-car,-line-by-line">One used car, line by line'
    '<a class="anchor-link" href="#One-used-car,-line-by-line"></a></h2>'
    '<h3 id="Costs">Costs &amp; fees</h3>'
    '<figure class="report-figure" id="fig-waterfall" data-ref="waterfall" data-number="1" '
    'data-kind="figure"><figcaption>Figure 1. <a class="data-link" '
    'href="data/figure-1-waterfall.csv">Data (CSV)</a></figcaption></figure>'
    '<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1. P&amp;L">'
    '<table class="report-table" id="table-pnl" data-ref="pnl" data-number="1" '
    'data-kind="table"><caption>Table 1. <a class="data-link" href="data/table-1-pnl.csv">'
    "Data (CSV)</a></caption></table></div>"
    '<p>See <a href="../../summary/default/report.html">the brief</a>.</p></div>'
)


def page(report: str = "car_unit_economics", **changes: object) -> str:
    arguments: dict[str, object] = {
        "report": report,
        "title": "What one car earns",
        "scenario": "waku_2024",
        "scenario_title": "",
        "scenario_rationale": "",
        "changed": "",
        "run_date": "2025-03-04 05:06:07 UTC",
        "provenance": [("Cache key", "abc")],
        "version": "0.0",
    }
    arguments.update(changes)
    return export.render_page(BODY, **arguments)  # type: ignore[arg-type]


def test_the_contents_list_every_heading_and_the_provenance() -> None:
    html = page()
    toc = re.search(r'<nav class="toc" aria-label="Contents">(.*?)</nav>', html, re.S)
    assert toc, "a table of contents"
    links = re.findall(r'<li class="toc-(\d)"><a href="#([^"]+)">([^<]+)</a>', toc[1])
    assert links == [
        ("2", "One-used-car,-line-by-line", "One used car, line by line"),
        ("3", "Costs", "Costs &amp; fees"),
        ("2", "provenance", "Parameters and provenance"),
    ]
    for _, anchor, _ in links:
        assert f'id="{anchor}"' in html, f"#{anchor} resolves"


def test_the_link_row_names_the_index_the_brief_the_files_and_the_data() -> None:
    html = page()
    row = re.search(r'<nav class="report-links"[^>]*>(.*?)</nav>', html, re.S)
    assert row
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', row[1]) == [
        ("../../index.html", "Index of reports"),
        ("../../summary/waku_2024/report.html", "The brief"),
        ("report.pdf", "PDF"),
        ("executed.ipynb", "Executed notebook"),
        ("results.json", "Results (JSON)"),
        ("data/figure-1-waterfall.csv", "Figure 1"),
        ("data/table-1-pnl.csv", "Table 1"),
    ]
    no_pdf = page(pdf=False)
    assert 'href="report.pdf"' not in no_pdf
    brief = page(report="summary")
    assert "The brief</a>" not in brief, "the brief does not link to itself"


def test_a_failed_run_links_only_to_the_index_and_other_pages_bring_their_own() -> None:
    failed = re.search(r'<nav class="report-links"[^>]*>(.*?)</nav>', page(failed=True), re.S)
    assert failed and re.findall(r'href="([^"]+)"', failed[1]) == ["../../index.html"]
    sweep = page(report="car_unit_economics sweep")
    assert '<nav class="report-links"' not in sweep, "not a report: no report links"
    own = page(report="world sweep", links=[("Index", "../index.html")])
    assert '<li><a href="../index.html">Index</a></li>' in own


def test_print_hides_the_navigation_and_phones_scroll_wide_tables() -> None:
    css = (Path(export.__file__).parent / "templates" / "report.css").read_text()
    print_rules = re.search(r"@media print \{(.*?)\n\}", css, re.S)
    assert print_rules and ".toc, .report-links, .data-link { display: none; }" in print_rules[1]
    assert ".table-scroll { overflow-x: auto; }" in css
    assert (
        "td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }"
        in css
    )


def pdf_uris(path: Path) -> set[str]:
    """The link targets (URI actions) of a PDF, compressed object streams included."""
    data = path.read_bytes()
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match[1]))
        except zlib.error:
            continue
    return {u.decode("latin-1") for c in chunks for u in re.findall(rb"/URI \((.*?)\)", c)}


def test_pdf_links_stay_relative_so_they_resolve_where_the_pdf_is_published(
    tmp_path: Path,
) -> None:
    work = tmp_path / "car_unit_economics" / ".tmp" / "123-abc"
    work.mkdir(parents=True)
    html = page()
    export.write_pdf(html, work / "report.pdf", work)
    uris = pdf_uris(work / "report.pdf")
    assert "../../summary/default/report.html" in uris
    assert not [u for u in uris if u.startswith("file:") or str(tmp_path) in u], uris


def test_pdf_fonts_are_subset_by_harfbuzz_in_ci() -> None:
    # CI installs libharfbuzz-subset0 (.ci/run); elsewhere the fontTools fallback is slower
    # but gives the same pages, so only CI insists
    found = export.font_subsetter()
    assert found in {"HarfBuzz", "fontTools"}
    if found != "HarfBuzz":
        if os.environ.get("CI"):
            pytest.fail("libharfbuzz-subset0 is not installed: .ci/run must install it")
        pytest.skip("libharfbuzz-subset0 is not installed (apt-get install libharfbuzz-subset0)")


def test_the_sample_pdf_warms_weasyprint_without_changing_a_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the warm-up swallows its errors (only time is at stake), so a broken sample page
    # would only show as slower PDFs: render it here, where an error fails the test
    monkeypatch.setenv("HYESAN_PDF_ENGINE", "weasyprint")  # the sample warms WeasyPrint only
    monkeypatch.setattr(export, "_PDF_SAMPLED", False)
    before = tmp_path / "before.pdf"
    export.write_pdf(page(), before)
    export._sample_pdf()
    assert export._PDF_SAMPLED, "done once per process"
    after = tmp_path / "after.pdf"
    export.write_pdf(page(), after)
    assert after.read_bytes() == before.read_bytes(), "the same PDF, sample or not"
