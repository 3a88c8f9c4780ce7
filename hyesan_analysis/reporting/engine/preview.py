"""``hyesan-report preview``: serve the reports on 127.0.0.1 and re-render them live.

One worker process (``workers.warm_up``: imports done, a kernel started and kept warm) runs
the report; this process serves the output folder over HTTP, watches the inputs and tells
the open page to reload. What a change costs:

- the scenario file or the notebook: the notebook's own cells in the warm kernel, plus
  the HTML (the kernel's namespace is emptied first, as a build worker does);
- the data: the same in a fresh kernel (modules may hold what they read);
- the package code: a fresh worker (this process's imports and the kernel's are stale).

Every file is written by the runner through the atomic store (store.publish): a reader
sees the old page or the new one. A failed re-render (bad input, a cell that raises)
keeps the last good page, with the one-line error shown on it and in the terminal.
The PDF follows after every re-render with ``--pdf``, else once on exit. Ctrl-C stops
it: the worker and its kernel end with it (lifecycle.py), whatever ends this process.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine.preview_worker import (
    _one_line,
    _worker_init,
    fresh_kernel_task,
    render_task,
)

STATUS_PATH = "/__preview__/status"
# change kinds not to watch, comma-separated (tests in a checkout others edit: "code")
IGNORE_ENV = "HYESAN_PREVIEW_IGNORE"
POLL_MS = 400
# Change kinds, from cheapest to dearest: what a batch of changes needs is the dearest.
SCENARIO, NOTEBOOK, DATA, CODE = "scenario", "notebook", "data", "code"
_COST = {SCENARIO: 0, NOTEBOOK: 0, DATA: 1, CODE: 2}

_RELOAD_SCRIPT = """<script>/* hyesan-report preview: reload when the page is re-rendered */
(function () {{
  var version = {version};
  function poll() {{
    fetch("{status}", {{cache: "no-store"}})
      .then(function (r) {{ return r.json(); }})
      .then(function (s) {{
        if (s.version !== version) {{ location.reload(); }} else {{ setTimeout(poll, {ms}); }}
      }})
      .catch(function () {{ setTimeout(poll, 1000); }});
  }}
  setTimeout(poll, {ms});
}})();
</script>"""
_BANNER = (
    '<div id="hyesan-preview-error" role="alert" style="position:sticky;top:0;z-index:9999;'
    "margin:0;padding:0.6em 1em;background:#8b0000;color:#fff;font:15px/1.4 sans-serif;"
    'white-space:pre-wrap">{text}</div>'
)


# --- in the server process ---------------------------------------------------------------


@dataclass
class PreviewState:
    """What the server shows: the page, the error of the last render, a version that
    changes whenever either does (the page polls it)."""

    page: str | None = None
    error: str | None = None
    version: int = 0
    rendering: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, page: str | None, error: str | None) -> None:
        with self.lock:
            if page is not None:
                self.page = page
            self.error = error
            self.version += 1
            self.rendering = False

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "version": self.version,
                "page": self.page,
                "error": self.error,
                "rendering": self.rendering,
            }


def decorate(page_html: str, state: dict[str, Any]) -> str:
    """The page as served: the reload script, and the error banner after a failed render."""
    script = _RELOAD_SCRIPT.format(version=state["version"], status=STATUS_PATH, ms=POLL_MS)
    banner = ""
    if state["error"]:
        banner = _BANNER.format(
            text=html.escape(f"Not re-rendered: {state['error']} (showing the last good page)")
        )
    head, sep, rest = page_html.partition("<body")
    if sep:
        tag_end = rest.find(">") + 1
        page_html = head + sep + rest[:tag_end] + banner + rest[tag_end:]
    else:
        page_html = banner + page_html
    if "</body>" in page_html:
        return page_html.replace("</body>", script + "</body>", 1)
    return page_html + script


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState

    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows renders, not requests

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        state = self.state.snapshot()
        if path == STATUS_PATH:
            self._send(HTTPStatus.OK, json.dumps(state).encode(), "application/json")
            return
        if path == "/":
            if state["page"] is None:
                text = "<!doctype html><html><head><meta charset='utf-8'><title>Preview"
                text += "</title></head><body><p>Rendering ...</p></body></html>"
                self._send(
                    HTTPStatus.OK, decorate(text, state).encode(), "text/html; charset=utf-8"
                )
                return
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", state["page"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.endswith(".html"):
            file = Path(self.translate_path(path))
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self._send(HTTPStatus.OK, decorate(text, state).encode(), "text/html; charset=utf-8")
            return
        super().do_GET()


def _note(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Previewer:
    """The worker that renders, and what to re-render after which change."""

    def __init__(
        self,
        report: str | None,
        scenario: Path | None,
        params: list[str],
        root: Path,
        pdf: bool,
        state: PreviewState,
    ) -> None:
        self.report, self.scenario, self.params = report, scenario, list(params)
        self.root, self.pdf, self.state = root, pdf, state
        self.pool: ProcessPoolExecutor | None = None
        self.good = False  # a good render since the last PDF

    def start_worker(self) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("spawn"),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        # the worker starts (imports, kernel) now, not at the first render
        self.pool.submit(int, 0)

    def stop_worker(self) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + 10
        for process in processes:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)

    def render(self, why: str, pdf: bool | None = None) -> dict[str, Any]:
        if self.pool is None:
            self.start_worker()
        assert self.pool is not None
        with self.state.lock:
            self.state.rendering = True
        future = self.pool.submit(
            render_task,
            self.report,
            str(self.scenario) if self.scenario is not None else None,
            self.params,
            str(self.root),
            self.pdf if pdf is None else pdf,
        )
        try:
            result = future.result()
        except Exception as exc:  # the worker died: the next render starts a new one
            self.stop_worker()
            result = {"error": _one_line(f"the preview worker failed: {exc}"), "page": None}
        self.state.update(result.get("page"), result.get("error"))
        self.good = not result.get("error")
        if result.get("error"):
            _note(f"{why}: error: {result['error']} (the page keeps the last good version)")
            print(f"hyesan-report: error: {result['error']}", file=sys.stderr, flush=True)
        else:
            ran = ", ".join(result.get("ran", [])) or "nothing stale"
            timings = result.get("timings") or {}
            parts = " + ".join(f"{k} {v:.1f} s" for k, v in timings.items() if k != "execute")
            cells = f"cells {timings['execute']:.1f} s" if "execute" in timings else ""
            detail = ", ".join(p for p in (cells, parts) if p)
            _note(
                f"{why}: rendered {ran} in {result.get('seconds', 0.0):.1f} s"
                + (f" ({detail})" if detail and result.get("ran") else "")
            )
        return result

    def changed(self, kind: str, names: list[str]) -> None:
        why = f"{', '.join(names[:3])}{' ...' if len(names) > 3 else ''} changed"
        if kind == CODE:
            _note(f"{why}: package code, starting a fresh worker and kernel")
            self.stop_worker()
        elif kind == DATA and self.pool is not None:
            self.pool.submit(fresh_kernel_task).result()
        self.render(why)

    def close(self) -> None:
        try:
            if not self.pdf and self.good:
                _note("writing the PDF (Ctrl-C again skips it)")
                self.render("on exit", pdf=True)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop_worker()


def _watched(report: str | None, scenario: Path | None, root: Path) -> tuple[list[Path], Any]:
    """(folders to watch, a function from a changed path to its change kind or None)."""
    from hyesan_analysis.reporting.authoring.registry import PACKAGE_DIR, all_reports, get_report
    from hyesan_analysis.reporting.engine import world

    names = world.with_upstream([report]) if report is not None else list(all_reports())
    notebooks = set()
    for name in names:
        nb = get_report(name).notebook
        notebooks.update({nb.resolve(), nb.with_suffix(".py").resolve()})
    data_dir = (PACKAGE_DIR / "data").resolve()
    package = PACKAGE_DIR.resolve()
    scenario_file = scenario.resolve() if scenario is not None else None
    out = root.resolve()
    folders = {package, *(p.parent for p in notebooks)}
    if scenario_file is not None:
        folders.add(scenario_file.parent)

    ignored = {k.strip() for k in os.environ.get(IGNORE_ENV, "").split(",") if k.strip()}

    def kind(path_text: str) -> str | None:
        found = classify(Path(path_text).resolve())
        return None if found in ignored else found

    def classify(path: Path) -> str | None:
        if path == out or out in path.parents or "__pycache__" in path.parts:
            return None
        if scenario_file is not None and path == scenario_file:
            return SCENARIO
        if path in notebooks:
            return NOTEBOOK
        if data_dir in path.parents:
            return DATA
        if package in path.parents and path.suffix == ".py":
            return CODE
        return None

    return sorted(folders), kind


def _sync_paired(paths: Iterable[str]) -> None:
    """A notebook's .py edited: write its .ipynb (the runner executes that), as `make sync`."""
    for text in paths:
        path = Path(text)
        if path.suffix == ".py" and path.with_suffix(".ipynb").is_file():
            subprocess.run(
                [sys.executable, "-m", "jupytext", "--sync", "--quiet", str(path)],
                check=False,
                capture_output=True,
            )


def serve(
    report: str | None,
    scenario: Path | None,
    params: list[str],
    port: int,
    pdf: bool,
    output_dir: Path | None,
) -> int:
    """Serve a live preview until Ctrl-C; returns the exit code.

    ``report`` None previews every report of the world (the index). Input that is bad
    from the start is a ParameterError (exit 2, nothing served); later bad input keeps the
    last good page with the error shown on it.
    """
    import watchfiles

    from hyesan_analysis.reporting.authoring.registry import DEFAULT_OUTPUT, get_report
    from hyesan_analysis.reporting.engine import lifecycle, store, world
    from hyesan_analysis.reporting.engine.requests import resolve_with_upstream

    root = Path(output_dir) if output_dir is not None else DEFAULT_OUTPUT
    lifecycle.stop_on_terminate()
    state = PreviewState()
    previewer = Previewer(report, scenario, params, root, pdf, state)
    # the worker imports and starts its kernel while this process checks the input
    previewer.start_worker()
    try:
        # bad input from the start: one line and exit 2, before the server starts
        if report is not None:
            get_report(report)
            resolve_with_upstream(report, params, scenario)
        else:
            world.resolve_world(params, scenario)
        store.check_writable(root)
        root.mkdir(parents=True, exist_ok=True)
        try:
            server = ThreadingHTTPServer(
                ("127.0.0.1", port), partial(_Handler, state=state, directory=str(root))
            )
        except OSError as exc:
            raise ParameterError(
                f"--port {port}: cannot serve on 127.0.0.1 ({exc.strerror})"
            ) from None
    except BaseException:
        previewer.stop_worker()
        raise
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="hyesan-preview-http")
    thread.daemon = True
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    what = report or "every report"
    stop = threading.Event()
    folders, kind_of = _watched(report, scenario, root)
    try:
        _note(f"previewing {what} at {url} (Ctrl-C stops it)")
        previewer.render("start")
        for changes in watchfiles.watch(
            *folders, stop_event=stop, debounce=150, step=50, raise_interrupt=True
        ):
            kinds: dict[str, list[str]] = {}
            for _, path in changes:
                found = kind_of(path)
                if found is not None:
                    kinds.setdefault(found, []).append(Path(path).name)
            if not kinds:
                continue
            _sync_paired(p for _, p in changes if kind_of(p) == NOTEBOOK)
            dearest = max(kinds, key=lambda k: _COST[k])
            names = sorted({n for group in kinds.values() for n in group})
            previewer.changed(dearest, names)
    except KeyboardInterrupt:
        print(file=sys.stderr)
    finally:
        stop.set()
        try:
            previewer.close()
        finally:
            server.shutdown()
            server.server_close()
        _note("preview stopped")
    return 0
