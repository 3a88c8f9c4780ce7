"""What a build shows while it runs: done/total, what each worker does, elapsed time.

On a terminal one live line is redrawn in place; elsewhere (a log, a pipe) each event is a
plain line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TextIO

from hyesan_analysis.reporting.engine.requests import RunOutcome


class Progress:
    """done/total, what is running and elapsed time: one live line on a terminal, else lines."""

    def __init__(self, total: int, stream: TextIO | None = None, slots: int = 1) -> None:
        self.total = total
        self.slots = slots  # reports that can run at once; the rest of `running` is queued
        self.done = 0
        self.running: list[str] = []
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.t0 = time.perf_counter()
        self.current: list[str] | None = None  # what the workers do now, when known

    def _status(self) -> str:
        elapsed = time.perf_counter() - self.t0
        if self.current is None:
            active = self.running[: self.slots]
        else:
            active = self.current
        waiting = len(self.running) - len(active)
        more = f" (+{waiting} waiting)" if waiting > 0 else ""
        return f"[{self.done}/{self.total}] {elapsed:5.1f} s  running: {', '.join(active) or '-'}{more}"

    def set_current(self, tasks: Sequence[str]) -> None:
        """What each worker is doing now (e.g. 'inequality/default: PDF'), for the live line."""
        self.current = list(tasks)
        self._live()

    def _live(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K" + self._status()[:160])
            self.stream.flush()

    def line(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K")
        self.stream.write(text + "\n")
        self.stream.flush()
        self._live()

    def started(self, label: str, reasons: Sequence[str], queued: bool = False) -> None:
        self.running.append(label)
        self.line(f"{label}: {'queued' if queued else 'running'} ({'; '.join(reasons)})")

    def finished(self, label: str, outcome: RunOutcome) -> None:
        if label in self.running:
            self.running.remove(label)
        self.done += 1
        self.line(describe(outcome, prefix=f"[{self.done}/{self.total}] "))

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def describe(outcome: RunOutcome, prefix: str = "") -> str:
    label = f"{outcome.report}/{outcome.scenario}"
    if outcome.status == "up to date":
        return f"{prefix}{label}: up to date"
    if outcome.status == "ok":
        return f"{prefix}{label}: ok in {outcome.duration_s:.1f} s -> {outcome.path}/report.html"
    return f"{prefix}{label}: FAILED: {outcome.message}"
