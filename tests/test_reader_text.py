"""Reader text is the report's own: no words about how the package was made.

Every published page (each report, each sweep comparison, the index) is scanned for phrases
that belong to the making of the package (its issues, its design document, the excerpts its
sources were read from, the helpers that wrote it), not to Hyesan, the data or the method.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

#: Each pattern with what it betrays. Case-insensitive, on the visible text of a page.
MAKING_OF = {
    r"\bthe issues?\b": "the tracker's issues",
    r"\bissue (asks|says|wants|requires|calls)\b": "the tracker's issues",
    r"\bissue #?\d+\b": "the tracker's issues",
    r"\bdesign (brief|document|doc|notes?)\b": "the design document",
    r"\bDESIGN\.md\b": "the design document",
    r"\bthe brief (asks|says|wants|requires|calls for)\b": "the task's brief",
    r"\b(retrieved|quoted) excerpts?\b": "how a source was read",
    r"\bhelpers?\b": "who wrote the package",
    r"\bworking notes?\b": "working notes",
    r"\b(as|was|were) (asked|requested)\b": "the task",
    r"\bwe were asked\b": "the task",
    r"\b(TODO|FIXME|XXX)\b": "unfinished work",
    r"\b(LLM|language model|prompt)s?\b": "who wrote the package",
    r"\bsub-?agents?\b": "who wrote the package",
}
_PATTERNS = [(re.compile(p, re.IGNORECASE), why) for p, why in MAKING_OF.items()]


def visible_text(page: str) -> str:
    """The words a reader sees on a page: no styles, scripts, tags or inline images."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def making_of(text: str) -> list[str]:
    """Every phrase of ``text`` about how the package was made, with its context."""
    found = []
    for pattern, why in _PATTERNS:
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            found.append(f"{match[0]!r} ({why}): …{context}…")
    return found


def test_the_scan_finds_working_notes_and_spares_the_reports_words() -> None:
    notes = (
        "The issue asks for fits by city. The price, as quoted in the design brief, comes "
        "from the retrieved excerpt; see DESIGN.md."
    )
    assert [hit.split(" (")[0] for hit in making_of(notes)] == [
        "'The issue'",
        "'issue asks'",
        "'design brief'",
        "'DESIGN.md'",
        "'retrieved excerpt'",
    ]
    own = (
        "The brief: what Hyesan's car smuggling earns. Prices follow the won; the state "
        "issues waku; an issue of new notes in 2009. Helpful? A design of the model."
    )
    assert making_of(own) == []


def published_pages(root: Path) -> list[Path]:
    """Every page a reader of ``root`` opens: reports, sweep comparisons, the index."""
    pages = sorted(root.glob("*/*/report.html")) + sorted(root.glob("_sweeps/*/comparison.html"))
    return [*pages, root / "index.html"]


@pytest.mark.notebook
def test_no_published_page_speaks_of_how_the_package_was_made(published_reports: Path) -> None:
    pages = published_pages(published_reports)
    assert len([p for p in pages if p.name == "report.html"]) >= 5, pages
    hits = {
        str(page.relative_to(published_reports)): found
        for page in pages
        if (found := making_of(visible_text(page.read_text(encoding="utf-8"))))
    }
    assert not hits, hits
