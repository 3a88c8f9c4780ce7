"""PDFs by headless Chromium: the engine's choice, the links made relative again, the page
count, the fallback to WeasyPrint, and no browser left behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.rendering import browser_pdf, export

from .test_page_layout import page, pdf_uris

HAS_BROWSER = browser_pdf.executable() is not None


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
    if out.returncode != 0:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    return out.stdout.decode()


def live_browsers(profile_prefix: str = "hyesan-chromium-") -> list[int]:
    """Pids of running (not zombie) browsers started by this package (by their profile)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if profile_prefix.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


# --- the links: rewritten in place, the file's byte offsets kept -----------------------


def test_file_links_become_relative_and_keep_their_length() -> None:
    base = Path("/srv/reports/summary/.store/20250304-abc")
    pdf = (
        b"1 0 obj\n<< /A << /S /URI /URI (file:///srv/reports/car_unit_economics/default/"
        b"report.html#Costs) >> >>\nendobj\nxref 0 1\n"
    )
    out = browser_pdf.relative_links(pdf, base)
    assert len(out) == len(pdf), "the cross-reference offsets must stay right"
    assert b"/URI (../../../car_unit_economics/default/report.html#Costs)" in out
    assert out.endswith(b">> >>\nendobj\nxref 0 1\n")


def test_a_link_into_the_folder_itself_and_an_escaped_name() -> None:
    base = Path("/srv/r/inequality/default")
    pdf = b"/URI (file:///srv/r/inequality/default/data/table%201.csv)"
    assert browser_pdf.relative_links(pdf, base).rstrip() == b"/URI (data/table%201.csv)"


def test_web_links_and_longer_relative_forms_are_left_alone() -> None:
    pdf = b"/URI (https://www.dailynk.com/english/x/) /URI (file:///a.html)"
    # from /srv/r/x/y, /a.html is ../../../../a.html: longer than the absolute link
    assert browser_pdf.relative_links(pdf, Path("/srv/r/x/y")) == pdf


def test_the_page_count_counts_pages_not_the_page_tree() -> None:
    pdf = b"<< /Type /Pages /Kids [3 0 R 4 0 R] >> << /Type /Page >> <</Type/Page/Parent 2 0 R>>"
    assert browser_pdf.page_count(pdf) == 2


# --- which engine --------------------------------------------------------------------------


def test_the_engine_is_weasyprint_where_no_browser_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(browser_pdf.BROWSER_VARIABLE, "no-such-browser-here")
    monkeypatch.delenv(browser_pdf.ENGINE_VARIABLE, raising=False)
    assert browser_pdf.executable() is None
    assert browser_pdf.engine() == "weasyprint"
    monkeypatch.setenv(browser_pdf.ENGINE_VARIABLE, "chromium")
    with pytest.raises(ParameterError, match=r"^HYESAN_PDF_ENGINE=chromium: no browser found"):
        browser_pdf.engine()


@pytest.mark.parametrize("value", ["weasyprint", "WeasyPrint ", "auto", ""])
def test_the_engine_variable_takes_auto_chromium_or_weasyprint(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(browser_pdf.ENGINE_VARIABLE, value)
    named_weasyprint = value.strip().lower() == "weasyprint"
    expected = "weasyprint" if named_weasyprint or not HAS_BROWSER else "chromium"
    assert browser_pdf.engine() == expected


def test_a_bad_engine_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(browser_pdf.ENGINE_VARIABLE, "latex")
    with pytest.raises(ParameterError) as caught:
        browser_pdf.engine()
    assert str(caught.value) == (
        "HYESAN_PDF_ENGINE: expected auto, chromium or weasyprint, got 'latex'"
    )


def test_a_bad_engine_value_exits_2_before_anything_is_built(tmp_path: Path) -> None:
    cli = str(Path(sys.executable).with_name("hyesan-report"))
    env = dict(os.environ, HYESAN_PDF_ENGINE="latex")
    out = subprocess.run(
        [cli, "run", "summary", "--output-dir", str(tmp_path / "reports")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 2
    assert (
        out.stderr.strip()
        .splitlines()[-1]
        .endswith("HYESAN_PDF_ENGINE: expected auto, chromium or weasyprint, got 'latex'")
    )
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").rglob("*.pdf"))


# --- the real browser ------------------------------------------------------------------


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    if not HAS_BROWSER:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install it")
        pytest.skip("no chromium (apt-get install chromium)")
    monkeypatch.setenv(browser_pdf.ENGINE_VARIABLE, "chromium")


def test_chromium_prints_the_page_with_its_running_title_and_page_numbers(
    chromium: None, tmp_path: Path
) -> None:
    printed = export.write_pdf(page(), tmp_path / "report.pdf")
    assert printed.engine.startswith("Chromium ")
    info = subprocess.run(["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True)
    if info.returncode == 0:
        pages = re.search(rb"Pages:\s+(\d+)", info.stdout)
        assert pages is not None and int(pages[1]) == printed.pages
    text = pdf_text(tmp_path / "report.pdf")
    assert re.search(rf"What one car earns\s+page 1 of {printed.pages}", text), text[-400:]
    # what print hides is not in the PDF, and no temporary page is left beside it
    assert "Data (CSV)" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_chromium_keeps_the_links_relative(chromium: None, tmp_path: Path) -> None:
    work = tmp_path / "car_unit_economics" / ".tmp" / "123-abc"
    work.mkdir(parents=True)
    export.write_pdf(page(), work / "report.pdf", work)
    uris = pdf_uris(work / "report.pdf")
    assert "../../summary/default/report.html" in uris
    assert not [u for u in uris if u.startswith("file:") or str(tmp_path) in u], uris


def test_a_title_with_quotes_and_markup_reaches_the_footer_as_text(
    chromium: None, tmp_path: Path
) -> None:
    title = 'The "waku" </style> & the <b>rate</b> \\ here'
    export.write_pdf(page(title=title), tmp_path / "report.pdf")
    assert title in pdf_text(tmp_path / "report.pdf")


def test_both_engines_lay_out_a_report_alike(
    chromium: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = page()
    by_chromium = export.write_pdf(html, tmp_path / "c.pdf")
    monkeypatch.setenv(browser_pdf.ENGINE_VARIABLE, "weasyprint")
    by_weasyprint = export.write_pdf(html, tmp_path / "w.pdf")
    assert by_weasyprint.engine.startswith("WeasyPrint ")
    assert abs(by_chromium.pages - by_weasyprint.pages) <= 1
    words = set(re.findall(r"[A-Za-z]{4,}", pdf_text(tmp_path / "w.pdf")))
    assert words == set(re.findall(r"[A-Za-z]{4,}", pdf_text(tmp_path / "c.pdf")))


def _broken_browser(tmp_path: Path) -> str:
    script = tmp_path / "broken-chromium"
    script.write_text("#!/bin/sh\nexit 3\n")
    script.chmod(0o755)
    return str(script)


def test_a_failing_browser_falls_back_to_weasyprint_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(browser_pdf.BROWSER_VARIABLE, _broken_browser(tmp_path))
    monkeypatch.delenv(browser_pdf.ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(browser_pdf, "_BROWSER", None)
    monkeypatch.setattr(browser_pdf, "_BROKEN", "")
    printed = export.write_pdf(page(), tmp_path / "report.pdf")
    assert printed.engine.startswith("WeasyPrint ")
    assert "(Chromium failed: the browser" in printed.engine
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    # not tried again for the next PDF of this process
    assert browser_pdf._BROKEN and browser_pdf.start() is None
    # asked for by name, the failure is the run's
    monkeypatch.setenv(browser_pdf.ENGINE_VARIABLE, "chromium")
    monkeypatch.setattr(browser_pdf, "_BROKEN", "")
    with pytest.raises(browser_pdf.BrowserError):
        export.write_pdf(page(), tmp_path / "again.pdf")


def test_closing_leaves_no_browser_and_no_profile(chromium: None, tmp_path: Path) -> None:
    browser_pdf.close()
    export.write_pdf(page(), tmp_path / "report.pdf")
    browser = browser_pdf._BROWSER
    assert browser is not None and live_browsers(browser.profile)
    browser_pdf.close()
    assert not live_browsers(browser.profile)
    assert not Path(browser.profile).exists()


def test_a_forked_copy_does_not_close_its_parents_browser(chromium: None) -> None:
    browser = browser_pdf.start()
    assert browser is not None
    browser.owner_pid = -1  # as seen from a forked child
    try:
        browser.close()
        assert live_browsers(browser.profile), "the parent's browser is still running"
    finally:
        browser.owner_pid = os.getpid()
        browser_pdf.close()


def test_the_browser_quits_when_its_process_is_killed(chromium: None, tmp_path: Path) -> None:
    code = (
        "import os, signal, sys, time\n"
        "from hyesan_analysis.reporting.rendering import browser_pdf\n"
        "b = browser_pdf.start()\n"
        "b._give_back(b._take_page())  # the browser is up and has a page\n"
        "print(b.profile, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=90)
    assert out.returncode == -signal.SIGKILL
    profile = out.stdout.strip()
    assert Path(profile).name.startswith("hyesan-chromium-")
    deadline = time.monotonic() + 20  # it reads the end of its pipe; CI shares two cores
    while live_browsers(profile) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not live_browsers(profile)
    shutil.rmtree(profile, ignore_errors=True)  # its owner was killed before removing it


def test_no_folder_for_the_profile_is_a_browser_failure_not_a_crash(
    chromium: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    browser_pdf.close()
    monkeypatch.setattr(browser_pdf, "_BROKEN", "")
    monkeypatch.setattr(tempfile, "mkdtemp", no_room)
    monkeypatch.delenv(browser_pdf.ENGINE_VARIABLE)  # auto: WeasyPrint takes over
    printed = export.write_pdf(page(), tmp_path / "report.pdf")
    assert printed.engine.endswith(
        "(Chromium failed: no folder for the browser's profile (No space left on device))"
    )
