"""One browser per build: the command prints its workers' PDFs (print_service), several at
once, and a worker that cannot reach it still gets its PDF."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hyesan_analysis.reporting.rendering import browser_pdf, export, print_service
from tests.fixtures import ALL

from .test_browser_pdf import chromium, pdf_text  # noqa: F401  (the fixture)
from .test_page_layout import page


@pytest.fixture
def service(chromium: None, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    """This process serves its browser; the variable is then re-pointed as if another
    process owned it, so that this process's prints go through the socket."""
    monkeypatch.delenv(print_service.SWITCH, raising=False)
    print_service.serve()
    value = os.environ.get(print_service.ENV, "")
    assert value.startswith(f"{os.getpid()}:"), "serve() publishes its socket"
    socket_path = value.partition(":")[2]
    assert Path(socket_path).exists()
    assert oct(Path(socket_path).parent.stat().st_mode & 0o777) == "0o700"
    monkeypatch.setenv(print_service.ENV, f"1:{socket_path}")  # pid 1 owns it now
    monkeypatch.setattr(print_service, "_unreachable", "")
    yield socket_path
    print_service.stop()
    assert not Path(socket_path).parent.exists(), "stop() removes its folder"


def test_two_pages_print_at_once_in_one_browser(chromium: None, tmp_path: Path) -> None:  # noqa: F811
    browser = browser_pdf.start()
    assert browser is not None
    pages = {}
    for title in ("First of two", "Second of two"):
        pages[title] = tmp_path / f"{title.split()[0]}.html"
        pages[title].write_text(export.for_print(page(title=title)), encoding="utf-8")
    printed: dict[str, bytes] = {}

    def print_one(title: str) -> None:
        printed[title] = browser.print_pdf(pages[title])

    threads = [threading.Thread(target=print_one, args=(t,)) for t in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(printed) == sorted(pages)
    for title, data in printed.items():
        out = tmp_path / f"{title.split()[0]}.pdf"
        out.write_bytes(data)
        assert data.startswith(b"%PDF-") and browser_pdf.page_count(data) >= 1
        assert title in pdf_text(out), "each thread got its own page's PDF"


def test_a_worker_prints_through_the_served_browser(service: str, tmp_path: Path) -> None:
    asked = []
    answer = print_service._answer

    def counted(connection: object) -> None:
        asked.append(1)
        answer(connection)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(print_service, "_answer", counted)
        printed = export.write_pdf(page(), tmp_path / "report.pdf")
    assert asked == [1], "the page went through the socket"
    assert printed.engine.startswith("Chromium ")
    assert printed.pages >= 1
    assert "What one car earns" in pdf_text(tmp_path / "report.pdf")
    assert not list(tmp_path.glob(".*print.html")), "the page file is removed"


def test_a_page_the_browser_cannot_open_is_refused_then_printed_here(
    service: str,
    tmp_path: Path,
) -> None:
    with pytest.raises(browser_pdf.BrowserError):  # the service answers with its error
        print_service._print_remotely(service, tmp_path / "no such page.html")
    assert not print_service._unreachable, "a refused page is not a lost service"


def test_an_unreachable_service_leaves_the_worker_its_own_browser(
    chromium: None,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(print_service.ENV, f"1:{tmp_path / 'gone' / 'p.sock'}")
    monkeypatch.setattr(print_service, "_unreachable", "")
    printed = export.write_pdf(page(), tmp_path / "report.pdf")
    assert printed.engine.startswith("Chromium "), "its own browser printed it"
    assert print_service._unreachable.startswith("the build's browser:")
    assert print_service.printer() is None, "not asked again by this process"


def test_the_owner_and_a_process_without_a_service_print_with_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(print_service, "_unreachable", "")
    monkeypatch.delenv(print_service.ENV, raising=False)
    assert print_service.printer() is None
    monkeypatch.setenv(print_service.ENV, f"{os.getpid()}:/tmp/x/p.sock")
    assert print_service.printer() is None, "the owner's own browser is the served one"


@pytest.mark.notebook
def test_a_build_on_two_workers_starts_one_browser_in_the_command(
    chromium: None,  # noqa: F811
    fixture_reports: Path,
    tmp_path: Path,
) -> None:
    trace_file = tmp_path / "trace.txt"
    env = dict(os.environ, HYESAN_TRACE=str(trace_file), TMPDIR=str(tmp_path))
    env.pop(print_service.ENV, None)
    env.pop(print_service.SWITCH, None)
    command_line = [sys.executable, "-m", "hyesan_analysis.cli", "build", *ALL, "--jobs", "2"]
    out = subprocess.run(
        [*command_line, "--output-dir", str(tmp_path / "reports")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    events = [line.split(" ") for line in trace_file.read_text().splitlines()]
    command = {pid for _, pid, name, *_ in events if name == "pool"}
    started = [pid for _, pid, name, *_ in events if name == "browser-started"]
    assert len(command) == 1 and started == list(command), (command, started)
    manifests = list((tmp_path / "reports").glob("*/default/manifest.json"))
    assert len(manifests) == len(ALL)
    assert all('"pdf_engine": "Chromium ' in m.read_text() for m in manifests)
    assert not list(tmp_path.glob("hyesan-print-*")), "the service's folder is removed"
    assert not list(tmp_path.glob("hyesan-chromium-*")), "so is the browser's profile"
