"""`hyesan-report preview`: the served page follows the scenario file, bad input is one
line on the page and in the terminal (the last good page stays), Ctrl-C leaves no process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import preview
from tests.test_orphans import MARKER, marked_processes

HYESAN_REPORT = str(Path(sys.executable).with_name("hyesan-report"))
WAIT_S = 120.0  # generous: CI shares two cores


def test_the_served_page_reloads_and_shows_the_error_escaped() -> None:
    page = "<html><head></head><body class='x'><p>report</p></body></html>"
    good = preview.decorate(page, {"version": 3, "error": None})
    assert "var version = 3;" in good and preview.STATUS_PATH in good
    assert good.index("<p>report</p>") < good.index("<script>")
    assert "hyesan-preview-error" not in good
    bad = preview.decorate(page, {"version": 4, "error": "parameter 'x': got '<b>'"})
    assert bad.index("<body class='x'>") < bad.index("hyesan-preview-error")
    assert bad.index("hyesan-preview-error") < bad.index("<p>report</p>"), "banner on top"
    assert "&lt;b&gt;" in bad and "<b>" not in bad
    assert "showing the last good page" in bad


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        text: str = response.read().decode("utf-8")
        return text


def _revenue(page: str) -> str | None:
    """The revenue the fixture report states ("3 cars at 200 CNY bring 600 CNY"): read from
    its sentence, since a bare number can also turn up in the page's commit hash."""
    found = re.search(r"bring\s*<strong>([\d,]+) CNY</strong>", page)
    return found[1] if found else None


def _scenario(path: Path, price: str) -> None:
    # written whole and renamed, as editors save
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        "report: tiny_sales\nname: trial\ntitle: A trial price\n"
        f"rationale: to see the page follow the file\nparameters:\n  price_cny: {price}\n",
        encoding="utf-8",
    )
    os.replace(tmp, path)


class Preview:
    def __init__(self, root: Path, scenario: Path, sigint_ignored: bool = False) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.marker = uuid.uuid4().hex
        # package code is edited by others in a shared checkout: not watched here
        env = dict(os.environ, **{MARKER: self.marker, preview.IGNORE_ENV: "code"})
        self.proc = subprocess.Popen(
            [
                HYESAN_REPORT,
                "preview",
                "tiny_sales",
                "--scenario",
                str(scenario),
                "--port",
                str(self.port),
                "--output-dir",
                str(root),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            # as a shell without job control starts a background command
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
            if sigint_ignored
            else None,
        )

    def status(self) -> dict:
        try:
            return json.loads(_get(self.base + preview.STATUS_PATH))
        except OSError:
            assert self.proc.poll() is None, self.proc.communicate()
            return {"version": -1}

    def wait_version(self, after: int) -> dict:
        deadline = time.time() + WAIT_S
        while time.time() < deadline:
            state = self.status()
            if state["version"] > after and not state.get("rendering"):
                return state
            time.sleep(0.1)
        raise AssertionError(f"no re-render after version {after}")

    def page(self) -> str:
        return _get(self.base + "/")

    def stop(self, signum: int) -> tuple[str, str, dict[int, str]]:
        """Send ``signum``; (stdout, stderr, the marked processes left after 20 s, killed)."""
        self.proc.send_signal(signum)
        try:
            out, err = self.proc.communicate(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        deadline = time.time() + 20
        while time.time() < deadline and marked_processes(self.marker):
            time.sleep(0.2)
        left = marked_processes(self.marker)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        return out, err, left


@pytest.mark.notebook
def test_preview_follows_the_scenario_file_and_stops_cleanly(
    fixture_reports: Path, tmp_path: Path
) -> None:
    root = tmp_path / "reports"
    scenario = tmp_path / "trial.yaml"
    _scenario(scenario, "200")
    server = Preview(root, scenario)
    try:
        state = server.wait_version(0)
        assert state["error"] is None and state["page"] == "/tiny_sales/trial/report.html"
        first = server.page()
        assert _revenue(first) == "600" and preview.STATUS_PATH in first  # 3 cars at 200 CNY

        _scenario(scenario, "300")
        state = server.wait_version(state["version"])
        assert state["error"] is None
        second = server.page()
        assert _revenue(second) == "900"

        _scenario(scenario, "lots")  # bad input: the last good page stays, with the error
        state = server.wait_version(state["version"])
        assert "price_cny" in state["error"] and "\n" not in state["error"]
        shown = server.page()
        assert 'id="hyesan-preview-error"' in shown and "price_cny" in shown
        assert _revenue(shown) == "900", "the last good page"
        assert not list((root / "tiny_sales" / "trial").glob("report.pdf"))

        _scenario(scenario, "100")
        state = server.wait_version(state["version"])
        assert state["error"] is None and _revenue(server.page()) == "300"
        assert marked_processes(server.marker), "the server, its worker and kernel"
    finally:
        out, err, left = server.stop(signal.SIGINT)
    assert server.proc.returncode == 0, err
    assert left == {}, "no process outlives the preview"
    errors = [line for line in err.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("hyesan-report: error: "), err
    assert "price_cny" in errors[0] and "Traceback" not in err
    assert f"at http://127.0.0.1:{server.port}/" in out
    assert "price_cny" in out, "the error in the terminal's log too"
    # the PDF follows on exit (the last input was good)
    assert (root / "tiny_sales" / "trial" / "report.pdf").is_file()
    assert not any((root / "tiny_sales" / ".tmp").iterdir()), "everything through the store"


@pytest.mark.notebook
def test_sigterm_stops_the_preview_as_ctrl_c_does(fixture_reports: Path, tmp_path: Path) -> None:
    root = tmp_path / "reports"
    scenario = tmp_path / "trial.yaml"
    _scenario(scenario, "200")
    server = Preview(root, scenario, sigint_ignored=True)
    try:
        assert server.wait_version(0)["error"] is None
    finally:
        out, err, left = server.stop(signal.SIGTERM)
    assert server.proc.returncode == 0, err
    assert left == {}, "no process outlives the preview"
    assert "preview stopped" in out + err and "Traceback" not in err
    assert (root / "tiny_sales" / "trial" / "report.pdf").is_file(), "the PDF on exit"


@pytest.mark.parametrize("problem", ["bad value", "port in use"])
def test_bad_input_from_the_start_is_one_line_and_exit_2(
    problem: str, fixture_reports: Path, tmp_path: Path
) -> None:
    marker = uuid.uuid4().hex
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1] if problem == "port in use" else _free_port()
        flags = ["-p", "price_cny=lots"] if problem == "bad value" else []
        flags += ["--port", str(port), "--output-dir", str(tmp_path / "reports")]
        result = subprocess.run(
            [HYESAN_REPORT, "preview", "tiny_sales", *flags],
            capture_output=True,
            text=True,
            timeout=WAIT_S,
            env=dict(os.environ, **{MARKER: marker}),
        )
    assert result.returncode == 2, result
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    expected = "price_cny" if problem == "bad value" else f"--port {port}: cannot serve"
    assert result.stderr.startswith("hyesan-report: error: ") and expected in result.stderr
    assert marked_processes(marker) == {}, "its worker ends with it"
