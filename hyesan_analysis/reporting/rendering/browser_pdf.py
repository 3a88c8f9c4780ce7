"""PDF by headless Chromium, spoken to over its DevTools pipe.

Chromium lays out a report's page in about a quarter of the CPU time WeasyPrint needs (a
build's PDFs were ~40% of its work with WeasyPrint), from the same HTML and stylesheet
(CSS paged media: page size, margins, page-number boxes). One browser per process, started
in the background (:func:`start`) while the kernel runs the notebook, closed at exit; if the
process dies, the browser reads the end of its pipe and quits by itself.

Own client, not playwright: printing takes six DevTools commands over a pipe, and
playwright would add a Node.js driver process per worker (~0.6 s and ~0.5 s of CPU each).
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENGINE_VARIABLE = "HYESAN_PDF_ENGINE"  # auto (Chromium when found), chromium or weasyprint
BROWSER_VARIABLE = "HYESAN_CHROMIUM"  # the browser's executable, when not on PATH
STARTUP_TIMEOUT_S = 30.0
PRINT_TIMEOUT_S = 120.0
_FLAGS = (
    "--headless",
    "--no-sandbox",  # the page is the package's own, with no script; root has no sandbox
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-extensions",
    "--disable-sync",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-breakpad",
    "--mute-audio",
    "--no-startup-window",  # the first tab would cost ~1 s of CPU; the page is made later
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    """The browser could not be started or did not print (the caller falls back)."""


def executable() -> str | None:
    """The browser to print with: ``HYESAN_CHROMIUM`` when set, else the first of
    :data:`CANDIDATES` on PATH; None when there is none."""
    given = os.environ.get(BROWSER_VARIABLE, "").strip()
    if given:
        return shutil.which(given)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def requested() -> str:
    """``HYESAN_PDF_ENGINE`` as given: ``auto`` (also when unset), ``chromium`` or
    ``weasyprint`` (any case, blanks ignored); anything else is returned as it is."""
    return os.environ.get(ENGINE_VARIABLE, "").strip().lower() or "auto"


def engine() -> str:
    """The PDF engine this process uses: ``chromium`` or ``weasyprint``.

    ``HYESAN_PDF_ENGINE``: ``auto`` or unset (Chromium when one is found, else WeasyPrint),
    ``chromium`` or ``weasyprint``.
    """
    from hyesan_analysis.reporting.authoring.schema import ParameterError

    wanted = requested()
    if wanted not in {"auto", "chromium", "weasyprint"}:
        raise ParameterError(
            f"{ENGINE_VARIABLE}: expected auto, chromium or weasyprint, got {wanted!r}"
        )
    if wanted == "weasyprint":
        return "weasyprint"
    if executable() is None:
        if wanted == "chromium":
            raise ParameterError(
                f"{ENGINE_VARIABLE}=chromium: no browser found (install Debian's chromium, "
                f"or set {BROWSER_VARIABLE} to its executable)"
            )
        return "weasyprint"
    return "chromium"


class Browser:
    """One headless Chromium, driven over ``--remote-debugging-pipe`` (JSON messages ending
    in a NUL byte: commands on the browser's fd 3, answers on fd 4).

    Thread-safe: a reader thread hands each answer to the thread that sent the command, and
    each print takes a page (a tab) of its own from a small pool, so that prints for several
    workers (``print_service``) lay out at the same time, each in its own renderer.
    """

    def __init__(self, path: str) -> None:
        self.owner_pid = os.getpid()
        from hyesan_analysis.reporting.engine.lifecycle import private_temp_dir

        try:  # named by this process: the profiles of killed ones are removed
            self.profile = str(private_temp_dir("hyesan-chromium-"))
        except OSError as exc:
            raise BrowserError(f"no folder for the browser's profile ({exc.strerror})") from None
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        # The pipe's ends go in as the shell's stdin and stdout, which it moves to fds 3 and
        # 4, where the browser looks for them (a preexec_fn could do it, but is unsafe while
        # other threads run; dash redirects only one-digit fds).
        redirect = 'exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null'
        try:
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", redirect, path, *_FLAGS, f"--user-data-dir={self.profile}"],
                stdin=to_browser_r,
                stdout=from_browser_w,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C is the build's to handle, not the browser's
            )
        except OSError as exc:
            self._close_fds()
            shutil.rmtree(self.profile, ignore_errors=True)
            raise BrowserError(f"{path}: {exc}") from None
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        from hyesan_analysis.reporting.engine import trace

        trace.event("browser-started", str(self.process.pid))
        self._lock = threading.Lock()  # the command counter, the pipe's writes, the tables
        self._next_id = 0
        self._answers: dict[int, queue.SimpleQueue[dict[str, Any] | None]] = {}
        self._loads: dict[str, queue.SimpleQueue[dict[str, Any] | None]] = {}
        self._idle_pages: list[str] = []
        self._failed: BrowserError | None = None
        self.version = ""
        self._reader = threading.Thread(
            target=self._read, name="hyesan-browser-reader", daemon=True
        )
        self._reader.start()
        # its first page made as soon as the browser answers (~0.1 s less at the first print)
        self._preparing = threading.Thread(
            target=self._prepare, name="hyesan-browser-page", daemon=True
        )
        self._preparing.start()

    def _prepare(self) -> None:
        try:
            self.version = self.call("Browser.getVersion", timeout_s=STARTUP_TIMEOUT_S)["product"]
            self._give_back(self._new_page())
        except BrowserError as exc:
            self._fail(exc)

    def _read(self) -> None:
        """The reader thread: every message to its waiting thread, until the pipe ends."""
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                self._fail(BrowserError("the browser quit"))
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                try:
                    message = json.loads(raw)
                except ValueError:  # not the DevTools protocol: nothing more can be trusted
                    self._fail(BrowserError("the browser sent an unreadable message"))
                    return
                with self._lock:
                    if "id" in message:
                        waiting = self._answers.pop(message["id"], None)
                    elif message.get("method") == "Page.loadEventFired":
                        waiting = self._loads.get(message.get("sessionId", ""))
                    else:
                        waiting = None
                if waiting is not None:
                    waiting.put(message)

    def _fail(self, exc: BrowserError) -> None:
        """Mark the browser failed and wake every thread waiting on it."""
        with self._lock:
            self._failed = self._failed or exc
            waiting = [*self._answers.values(), *self._loads.values()]
            self._answers.clear()
        for q in waiting:
            q.put(None)

    def _wait(
        self, q: queue.SimpleQueue[dict[str, Any] | None], timeout_s: float
    ) -> dict[str, Any]:
        try:
            message = q.get(timeout=timeout_s)
        except queue.Empty:
            raise BrowserError(f"no answer from the browser in {timeout_s:.0f} s") from None
        if message is None:
            raise self._failed or BrowserError("the browser quit")
        return message

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout_s: float = PRINT_TIMEOUT_S,
    ) -> dict[str, Any]:
        """One DevTools command and its result."""
        answer_q: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        with self._lock:
            if self._failed is not None:
                raise self._failed
            self._next_id += 1
            sent = self._next_id
            self._answers[sent] = answer_q
            message: dict[str, Any] = {"id": sent, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            data = json.dumps(message).encode() + b"\0"
            try:  # under the lock: two threads' messages must not interleave in the pipe
                while data:
                    data = data[os.write(self._to_browser, data) :]
            except OSError as exc:
                self._answers.pop(sent, None)
                raise BrowserError(f"the browser stopped listening ({exc.strerror})") from None
        answer = self._wait(answer_q, timeout_s)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return dict(answer.get("result", {}))

    def _new_page(self) -> str:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        session = str(attached["sessionId"])
        with self._lock:
            self._loads[session] = queue.SimpleQueue()
        self.call("Page.enable", session=session)
        return session

    def _take_page(self) -> str:
        if self._preparing is not threading.current_thread():
            self._preparing.join()  # the first page is on its way: cheaper than a new one
        with self._lock:
            if self._failed is not None:
                raise self._failed
            if self._idle_pages:
                return self._idle_pages.pop()
        return self._new_page()

    def _give_back(self, session: str) -> None:
        with self._lock:
            self._idle_pages.append(session)

    def print_pdf(self, html_file: Path) -> bytes:
        """The PDF of a page on disk, laid out by its own print stylesheet."""
        session = self._take_page()
        loads = self._loads[session]
        while not loads.empty():  # an earlier page's late event
            loads.get_nowait()
        opened = self.call("Page.navigate", {"url": html_file.absolute().as_uri()}, session)
        if opened.get("errorText"):
            self._give_back(session)
            raise BrowserError(f"{html_file.name}: {opened['errorText']}")
        self._wait(loads, PRINT_TIMEOUT_S)
        printed = self.call(
            "Page.printToPDF",
            {
                "preferCSSPageSize": True,
                "printBackground": True,
                "generateTaggedPDF": True,  # readable by screen readers
                "generateDocumentOutline": True,  # bookmarks from the headings
            },
            session,
        )
        self._give_back(session)  # only a page that printed is used again
        return base64.b64decode(printed["data"])

    def _close_fds(self) -> None:
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass

    def close(self) -> None:
        """End the browser and remove its profile folder.

        Killed, not asked to quit: it holds nothing worth saving (the profile is thrown
        away), and a polite ``Browser.close`` costs the exit of every worker ~0.1 s.
        """
        if os.getpid() != self.owner_pid:  # a forked copy: the browser is the parent's
            return
        self._kill()
        self.process.wait()
        self._reader.join(timeout=5)  # it reads the pipe's end once the browser is gone
        self._preparing.join(timeout=5)
        try:
            os.close(self._to_browser)
        except OSError:
            pass
        if not self._reader.is_alive():  # else its fd stays open: never read a reused one
            os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _kill(self) -> None:
        """SIGKILL to the browser's process group: it and its helpers (renderer, zygotes)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass


_BROWSER: Browser | None = None
_BROKEN = ""  # why this process's browser failed: it is not started again
_STARTING = threading.Lock()


def start() -> Browser | None:
    """This process's browser, started now if it is not running (the start itself goes
    on in the browser's own process); None when there is none or it failed before."""
    global _BROWSER, _BROKEN
    with _STARTING:  # a warm-up thread and the main thread may both ask
        if _BROWSER is not None and _BROWSER.owner_pid != os.getpid():
            _BROWSER = None  # inherited through fork: the parent's to use and close
        if _BROWSER is None and not _BROKEN:
            path = executable()
            if path is not None:
                try:
                    _BROWSER = Browser(path)
                except BrowserError as exc:
                    _BROKEN = str(exc)
                    raise
                atexit.register(close)
                _close_with_multiprocessing_worker()
        return _BROWSER


def _close_with_multiprocessing_worker() -> None:
    """A multiprocessing worker leaves by os._exit, past atexit: close through its
    finalizers too (the browser would otherwise linger until it reads the pipe's end)."""
    from multiprocessing import util

    util.Finalize(None, close, exitpriority=10)


def close() -> None:
    """Close this process's browser, if it started one."""
    global _BROWSER
    browser, _BROWSER = _BROWSER, None
    if browser is not None:
        browser.close()


def engine_name(browser: Browser) -> str:
    """What the manifest names a browser's PDFs by: ``Chromium <version>``."""
    return "Chromium " + browser.version.rpartition("/")[2]


def _print_here(page_file: Path) -> tuple[bytes, str]:
    """Print with this process's own browser (started now if need be)."""
    global _BROKEN
    browser = start()
    if browser is None:
        raise BrowserError(_BROKEN or "no browser found")
    try:
        return browser.print_pdf(page_file), engine_name(browser)
    except BrowserError as exc:
        _BROKEN = str(exc)
        close()
        raise


def write_pdf(
    print_html: str,
    path: Path,
    printer: Callable[[Path], tuple[bytes, str]] | None = None,
) -> tuple[int, str]:
    """Print a page (already stripped for print) to ``path``; return its page count and
    the browser's name and version.

    The page is written next to the PDF and loaded from there, so its relative links
    resolve; the browser writes them as absolute ``file://`` links, which are made relative
    again (:func:`relative_links`) so that they hold where the PDF is published.
    ``printer``: who prints the page file (``print_service``); by default this process's
    own browser.
    """
    page_file = path.with_name(f".{path.stem}-print.html")
    try:
        page_file.write_text(print_html, encoding="utf-8")
        data, name = (printer or _print_here)(page_file)
    finally:
        page_file.unlink(missing_ok=True)
    data = relative_links(data, path.parent)
    path.write_bytes(data)
    return page_count(data), name


_URI = re.compile(rb"/URI \((file://[^()\\]*)\)")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def relative_links(pdf: bytes, base_dir: Path) -> bytes:
    """The PDF with its ``file://`` link targets written relative to ``base_dir``.

    Each target is rewritten in place and padded with spaces to its old length (blanks are
    allowed between a PDF string and what follows it), so the byte offsets of the file's
    cross-reference table stay right. A target that would not be shorter stays as it was.
    """
    base = os.path.abspath(base_dir)

    def relative(match: re.Match[bytes]) -> bytes:
        url = match[1].decode("latin-1")
        parts = urlsplit(url)
        target = os.path.relpath(unquote(parts.path), base)
        new = quote(target, safe="/._-~") + (f"#{parts.fragment}" if parts.fragment else "")
        encoded = new.encode("ascii")
        if len(encoded) > len(match[1]):
            return match[0]
        return b"/URI (" + encoded + b")" + b" " * (len(match[1]) - len(encoded))

    return _URI.sub(relative, pdf)


def page_count(pdf: bytes) -> int:
    """The number of page objects (``/Type /Page``) in a PDF the browser wrote."""
    return len(_PAGE.findall(pdf))
