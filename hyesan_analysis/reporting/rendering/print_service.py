"""One browser for a whole build: the command prints its workers' PDFs.

A worker with a browser of its own costs the build a browser start per worker (~0.5 s of
CPU each, on two cores a cold build keeps busy), and those starts land while the first
reports' cells run. So a command that runs reports on a pool of workers serves its own
browser (``browser_pdf``) to them on a Unix socket in a private folder (mode 0700: only
this user can connect), and a worker asks it to print instead of starting one:

* request: one JSON line, ``{"page": "<absolute path of the page to print>"}``;
* answer: one JSON line, ``{"ok": true, "engine": "Chromium 150...", "size": N}`` and then
  the PDF's N bytes, or ``{"ok": false, "error": "..."}``.

Each request is served by a thread of its own and prints in a page of its own, so two
workers' PDFs lay out at the same time. The browser starts when the first report has
executed (:func:`warm`), or at the first request, not while the kernels import. Workers
find the service through ``HYESAN_PRINT_SERVICE`` (``<pid>:<socket>``, set while the pool
runs and inherited); a worker that cannot reach it prints with a browser of its own, then
WeasyPrint (``export.write_pdf``), as before. The service ends with the pool (``build``);
its browser stays this process's (a sweep's comparison prints with it) and ends with the
process, like any process's browser. ``HYESAN_SHARED_BROWSER=0`` turns it off.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from hyesan_analysis.reporting.engine import lifecycle
from hyesan_analysis.reporting.rendering import browser_pdf

ENV = "HYESAN_PRINT_SERVICE"
SWITCH = "HYESAN_SHARED_BROWSER"  # "0": each worker starts a browser of its own, as before
CONNECT_TIMEOUT_S = 5.0
_server: tuple[socket.socket, Path] | None = None
_warmed = False
_stopped_at_exit = False  # stop() is registered with atexit (once per process)
_unreachable = ""  # why this process stopped asking the service (it prints for itself)
_lock = threading.Lock()

Printer = Callable[[Path], tuple[bytes, str]]


def serve() -> None:
    """Serve this process's browser to the processes it starts (once; a no-op when the
    engine is not Chromium or the socket cannot be made: each worker then prints alone)."""
    global _server
    from hyesan_analysis.reporting.engine import switched_off

    if switched_off(SWITCH):
        return
    with _lock:
        if _server is not None:
            return
        try:
            if browser_pdf.engine() != "chromium":
                return
            folder = lifecycle.private_temp_dir("hyesan-print-")
        except Exception:  # a bad engine value is the build's to report; no folder: alone
            return
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(folder / "p.sock"))
            listener.listen(16)
        except OSError:
            listener.close()
            shutil.rmtree(folder, ignore_errors=True)
            return
        _server = (listener, folder)
        os.environ[ENV] = f"{os.getpid()}:{folder / 'p.sock'}"
    global _stopped_at_exit
    if not _stopped_at_exit:
        import atexit

        atexit.register(stop)
        _stopped_at_exit = True
    threading.Thread(target=_accept, args=(listener,), name="hyesan-print", daemon=True).start()


def warm() -> None:
    """Start the served browser now (in the background) if this process serves one and
    has not started it yet."""
    global _warmed
    if _server is not None and not _warmed:
        _warmed = True
        threading.Thread(target=_start_quietly, name="hyesan-print-warm", daemon=True).start()


def _start_quietly() -> None:
    try:
        browser_pdf.start()
    except browser_pdf.BrowserError:  # each request then answers why
        pass


def stop() -> None:
    """End the service (its browser ends with this process: ``browser_pdf.close``)."""
    global _server, _warmed
    with _lock:
        server, _server = _server, None
        _warmed = False
    if server is None:
        return
    listener, folder = server
    if os.environ.get(ENV, "").startswith(f"{os.getpid()}:"):
        del os.environ[ENV]
    try:
        listener.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    listener.close()
    shutil.rmtree(folder, ignore_errors=True)


def _accept(listener: socket.socket) -> None:
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:  # stopped
            return
        threading.Thread(
            target=_answer, args=(connection,), name="hyesan-print-request", daemon=True
        ).start()


def _answer(connection: socket.socket) -> None:
    with connection:
        try:
            request = json.loads(_read_line(connection))
            browser = browser_pdf.start()
            if browser is None:
                raise browser_pdf.BrowserError(browser_pdf._BROKEN or "no browser found")
            data = browser.print_pdf(Path(request["page"]))
            header = {"ok": True, "engine": browser_pdf.engine_name(browser), "size": len(data)}
            connection.sendall(json.dumps(header).encode() + b"\n" + data)
        except (browser_pdf.BrowserError, KeyError, TypeError, ValueError) as exc:
            try:
                connection.sendall(json.dumps({"ok": False, "error": str(exc)}).encode() + b"\n")
            except OSError:
                pass
        except OSError:  # the worker went away
            pass


def _read_line(connection: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(4096)
        if not chunk:
            raise ValueError("the request ended early")
        data += chunk
    return data


def printer() -> Printer | None:
    """How this process prints through its parent's browser, or None: it serves (or has)
    its own, there is no service, or the service failed this process before."""
    value = os.environ.get(ENV, "")
    owner, _, path = value.partition(":")
    if not path or owner == str(os.getpid()) or _unreachable:
        return None
    return lambda page_file: _print_remotely(path, page_file)


def _print_remotely(path: str, page_file: Path) -> tuple[bytes, str]:
    global _unreachable
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(CONNECT_TIMEOUT_S)
            connection.connect(path)
            connection.settimeout(browser_pdf.STARTUP_TIMEOUT_S + browser_pdf.PRINT_TIMEOUT_S)
            request = {"page": str(page_file.absolute())}
            connection.sendall(json.dumps(request).encode() + b"\n")
            reader = connection.makefile("rb")
            header = json.loads(reader.readline() or b"{}")
            if not header.get("ok"):
                raise browser_pdf.BrowserError(str(header.get("error", "no answer")))
            data = reader.read(int(header["size"]))
            if len(data) != int(header["size"]):
                raise browser_pdf.BrowserError("the PDF ended early")
            return data, str(header["engine"])
    except (OSError, ValueError, KeyError) as exc:  # no service (any more): print alone
        _unreachable = f"the build's browser: {exc}"
        raise browser_pdf.BrowserError(_unreachable) from None
