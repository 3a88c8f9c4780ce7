"""Printed table headers break between words, never inside one.

Report tables have a fixed layout whose column widths are computed when the notebook runs
(``notebook_html._colgroup``); headers are bold, so a column must be as wide as its
longest header word in bold type, or WeasyPrint splits the word ("Pyongyan" / "g before").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hyesan_analysis.reporting.authoring import notebook_html as nh

CSS = Path(nh.__file__).parents[1] / "rendering" / "templates" / "report.css"
BOLD_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
# The inequality report's Table 8 (numbers short, headers long) and a narrow source column.
PYONGYANG_ROWS = [
    {
        "measure": label,
        "Hyesan before": 0.686,
        "Hyesan after": 0.744,
        "Pyongyang before": 0.637,
        "Pyongyang after": 0.761,
    }
    for label in ("Gini coefficient", "Theil T index", "Real income change, richest 10%")
]
SOURCE_ROWS = [
    {"quantity": "Waku price after the cut at the start of 2025", "Source": "1", "value": 25000}
]


def _widths_em(colgroup: str, width_em: float) -> list[float]:
    return [float(p) * width_em / 100 for p in re.findall(r"width:([\d.]+)%", colgroup)]


def _table_html(rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> str:
    """What ``rn.table`` displays for ``rows`` (no data folder: no CSV is written)."""
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(nh, "_current", {})
    monkeypatch.setattr(IPython.display, "display", shown.append)
    nh.table(rows, caption="Headers")
    return str(shown[0].data)


def test_bold_widths_are_never_narrower_than_the_print_font() -> None:
    fonttools = pytest.importorskip("fontTools.ttLib")
    if not BOLD_FONT.exists():
        pytest.skip(f"{BOLD_FONT} not installed")
    font = fonttools.TTFont(str(BOLD_FONT))
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    per_em = font["head"].unitsPerEm
    for code in range(33, 127):
        actual_em = metrics[cmap[code]][0] / per_em
        table_em = nh.bold_width_em(chr(code))
        assert actual_em <= table_em <= actual_em + 0.05, (chr(code), actual_em, table_em)


def test_header_word_em_is_the_longest_bold_word() -> None:
    assert nh.header_word_em("Pyongyang before") == pytest.approx(nh.bold_width_em("Pyongyang"))
    assert nh.bold_width_em("Pyongyang") > 0.66 * len("Pyongyang")  # the old estimate was short
    assert nh.header_word_em("mean_before_kpw") == pytest.approx(nh.bold_width_em("before"))
    assert nh.header_word_em("x" * 60) == pytest.approx(0.66 * 22)  # a URL may still break


@pytest.mark.parametrize("rows", [PYONGYANG_ROWS, SOURCE_ROWS], ids=["pyongyang", "source"])
def test_every_column_fits_its_longest_bold_header_word(
    rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _table_html(rows, monkeypatch)
    colgroup = re.search(r"<colgroup>.*?</colgroup>", page)
    assert colgroup is not None
    width_em = nh.TABLE_WIDTH_EM * (nh.DENSE_SCALE if " dense" in page else 1.0)
    for header, width in zip(rows[0], _widths_em(colgroup.group(0), width_em), strict=True):
        # th padding is 2 x 0.55rem = 1.28 table ems (report.css)
        assert width >= nh.header_word_em(header) + 1.28, (header, width)


def test_an_overfull_table_takes_room_from_cell_words_before_header_words() -> None:
    # three columns headed "Pyongyang" with short cells, three with short headers and
    # 22-character cell words: together too wide for the page
    narrow = [f"Pyongyang {i}" for i in range(3)]
    wide = [f"id{i}" for i in range(3)]
    heads = narrow + wide
    longest = {**{h: 4 for h in narrow}, **{h: 22 for h in wide}}
    lengths = {h: [len(h), longest[h]] for h in heads}
    header_em = {h: nh.header_word_em(h) for h in heads}
    assert sum(nh._minimum_widths(longest, header_em).values()) > 56.0  # does not fit
    widths = _widths_em(nh._colgroup(lengths, longest, 56.0, header_em), 56.0)
    assert sum(widths) == pytest.approx(56.0, abs=0.2)  # percentages to 0.1
    for header, width in zip(heads, widths, strict=True):
        assert width >= header_em[header] + 1.28, (header, width)
    assert widths[3] < 0.66 * 22 + 1.28  # the long cell words give up room


def _header_lines(page_html: str) -> list[tuple[str, list[str]]]:
    weasyprint = pytest.importorskip("weasyprint")
    css = CSS.read_text(encoding="utf-8")
    document = weasyprint.HTML(string=f"<style>{css}</style>{page_html}").render()

    def walk(box: Any) -> Any:
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    found = []
    for page in document.pages:
        for box in walk(page._page_box):
            if type(box).__name__ == "TableCellBox" and box.element_tag == "th":
                lines = [
                    "".join(t.text for t in walk(line) if type(t).__name__ == "TextBox").strip()
                    for line in walk(box)
                    if type(line).__name__ == "LineBox"
                ]
                found.append(("".join(box.element.itertext()), lines))
    return found


@pytest.mark.parametrize("rows", [PYONGYANG_ROWS, SOURCE_ROWS], ids=["pyongyang", "source"])
def test_printed_headers_break_only_between_words(
    rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = _header_lines(_table_html(rows, monkeypatch))
    assert [h for h, _ in headers] == list(rows[0])
    for header, lines in headers:
        words = header.split()
        assert " ".join(lines).split() == words, (header, lines)  # no word cut in two
