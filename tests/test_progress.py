"""The build's progress: a live rich display on a terminal (fits its width, counts each
phase as it finishes), plain lines anywhere else."""

import io
import re
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine.progress import Progress
from hyesan_analysis.reporting.engine.requests import RunOutcome

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ok(report: str, path: Path) -> RunOutcome:
    return RunOutcome(report, "default", "ok", path, duration_s=1.0)


def screens(text: str) -> list[str]:
    """Every line drawn on the terminal, escape codes removed."""
    return [line for line in re.split(r"[\r\n]", ANSI.sub("", text)) if line.strip()]


def test_off_a_terminal_each_event_is_one_plain_line(tmp_path: Path) -> None:
    stream = io.StringIO()
    progress = Progress(2, stream=stream, slots=2)
    progress.started("tiny_sales/default", ["no previous report"], queued=True)
    progress.started("tiny_costs/default", ["parameters changed"], queued=True)
    progress.set_current(["tiny_sales/default (executing)", "tiny_costs/default (executing)"])
    progress.set_current(["tiny_costs/default (executing)"])
    progress.phase("tiny_costs/default", "execute")
    progress.finished("tiny_sales/default", ok("tiny_sales", tmp_path))
    failed = RunOutcome("tiny_costs", "default", "failed", tmp_path, message="boom")
    progress.finished("tiny_costs/default", failed)
    progress.close()
    text = stream.getvalue()
    assert "\r" not in text and "\x1b" not in text
    assert text.splitlines() == [
        "tiny_sales/default: queued (no previous report)",
        "tiny_costs/default: queued (parameters changed)",
        f"[1/2] tiny_sales/default: ok in 1.0 s -> {tmp_path}/report.html",
        "[2/2] tiny_costs/default: FAILED: boom",
    ]


def test_a_dumb_terminal_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    stream = Terminal()
    progress = Progress(1, stream=stream)
    progress.started("tiny_sales/default", ["no previous report"])
    progress.close()
    assert stream.getvalue() == "tiny_sales/default: running (no previous report)\n"


def test_phase_counts_move_as_each_report_finishes_each_phase(tmp_path: Path) -> None:
    progress = Progress(3, stream=io.StringIO(), slots=2)
    for name in ("a", "b", "c"):
        progress.started(f"{name}/default", ["no previous report"], queued=True)
    progress.set_current(["a/default (executing)", "b/default (executing)"])
    assert progress.status().startswith("executed 0/3 · HTML 0/3 · PDF 0/3 · running: a/default")
    progress.set_current(["b/default (executing)", "a/default (HTML/PDF)"])
    assert progress.status().startswith("executed 1/3 · HTML 0/3 · PDF 0/3")
    progress.set_current(["a/default (HTML/PDF)", "c/default (executing)"])
    progress.set_current(["c/default (executing)", "b/default (HTML/PDF)"])
    assert progress.status().startswith("executed 2/3 · HTML 1/3 · PDF 1/3")
    progress.phase("c/default", "execute")
    assert progress.count("execute") == 3
    progress.finished("a/default", ok("a", tmp_path))
    assert (progress.done, progress.count("pdf")) == (1, 1), "counted once"
    no_pdf = Progress(1, stream=io.StringIO(), pdf=False)
    assert "PDF" not in no_pdf.status()


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_on_a_terminal_the_live_display_fits_its_width_and_is_cleared(
    columns: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = Terminal()
    progress = Progress(5, stream=stream, slots=2)
    long = "prices_and_exchange/rate_after_kpw_per_cny=4000,waku_price_cny=30000-0123abcd"
    progress.started(long, ["no previous report"], queued=True)
    progress.started("inequality/default", ["no previous report"], queued=True)
    progress.set_current([f"{long} (executing)", "inequality/default (executing)"])
    progress.set_current([f"{long} (HTML/PDF)", "inequality/default (executing)"])
    progress._live()
    drawn = screens(stream.getvalue())
    live = [line for line in drawn if line.startswith("executed ")]
    assert live and live[-1].startswith("executed 1/5 · HTML 0/5 · PDF 0")
    assert all(len(line) <= columns for line in live), [len(line) for line in live]
    bars = [line for line in drawn if "reports" in line and "/5" in line]
    assert bars and all(len(line) <= columns for line in bars)
    progress.finished(long, ok("prices_and_exchange", tmp_path))
    done = "[1/5] prices_and_exchange/default: ok in 1.0 s"
    assert any(line.startswith(done) for line in screens(stream.getvalue()))
    progress.close()
    tail = stream.getvalue()[-40:]
    assert "\x1b[2K" in tail, "the live display is removed at the end"
    assert stream.getvalue().count("\n") < 12, "redrawn in place, not a new line per update"
