"""What an analyst's `make report` publishes, read as a reader gets it (the real reports)."""

import json
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.registry import all_reports

pytestmark = pytest.mark.notebook


def test_a_one_page_report_prints_on_one_page(published_reports: Path) -> None:
    one_page = [name for name, spec in all_reports().items() if spec.one_page]
    assert one_page, "the brief is a one-page report"
    for name in one_page:
        manifest = json.loads((published_reports / name / "default" / "manifest.json").read_text())
        assert manifest["pdf_pages"] == 1, (name, manifest["pdf_pages"])


def test_every_pdf_is_a_pdf_and_every_report_links_its_own(published_reports: Path) -> None:
    for name in all_reports():
        folder = published_reports / name / "default"
        assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-", name
        assert 'href="report.pdf"' in (folder / "report.html").read_text(), name
