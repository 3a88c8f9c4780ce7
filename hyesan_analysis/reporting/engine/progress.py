"""What a build shows while it runs: reports done, each phase's count, what runs, the time.

On a terminal a live display from rich (two lines, redrawn in place, never wider than the
terminal): a bar of the reports finished, then how many have executed, rendered their
HTML and their PDF, and what each worker is doing. Event lines (a report queued, a report
finished) scroll above it. Anywhere else (a log, a pipe, CI, ``TERM=dumb``) each event is
one plain line and nothing is redrawn.

A report's phases are counted when the scheduler reports them (``phase``) or, when it only
says what each worker does (``set_current``), when a task leaves that list; a report that
finishes (published, up to date or failed) counts in every phase.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from hyesan_analysis.reporting.engine.requests import RunOutcome

PHASES = ("execute", "html", "pdf")
PHASE_NAMES = {"execute": "executed", "html": "HTML", "pdf": "PDF"}
# what scheduler.Scheduler.show() says a worker does -> the phases done when it stops
_TASK = re.compile(r"^(?P<label>.*) \((?P<what>executing|HTML/PDF|HTML|PDF)\)$")
_TASK_PHASES = {
    "executing": ("execute",),
    "HTML/PDF": ("html", "pdf"),
    "HTML": ("html",),
    "PDF": ("pdf",),
}


def is_live_terminal(stream: TextIO) -> bool:
    """A stream to redraw in place: a terminal that understands cursor movement."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and os.environ.get("TERM", "") != "dumb"


class Progress:
    """Reports done of ``total``, their phases, what runs: live on a terminal, else lines.

    ``slots``: reports that can run at once (the rest of ``running`` is waiting);
    ``pdf``: whether the PDF phase is counted (off with ``--no-pdf``).
    """

    def __init__(
        self, total: int, stream: TextIO | None = None, slots: int = 1, pdf: bool = True
    ) -> None:
        self.total = total
        self.slots = slots
        self.pdf = pdf
        self.done = 0
        self.running: list[str] = []
        self.stream = stream or sys.stdout
        self.tty = is_live_terminal(self.stream)
        self.t0 = time.perf_counter()
        self.current: list[str] | None = None  # what the workers do now, when known
        self.phases: dict[str, set[str]] = {}  # label -> phases done
        self._live_display: Any = None  # rich.live.Live while shown
        self._console: Any = None

    # --- what the scheduler and the build call ------------------------------------------
    def started(self, label: str, reasons: Sequence[str], queued: bool = False) -> None:
        self.running.append(label)
        self.line(f"{label}: {'queued' if queued else 'running'} ({'; '.join(reasons)})")

    def phase(self, label: str, name: str) -> None:
        """One phase of a report is done: "execute", "html" or "pdf"."""
        self.phases.setdefault(label, set()).add(name)
        self._live()

    def set_current(self, tasks: Sequence[str]) -> None:
        """What each worker is doing now (e.g. 'inequality/default (HTML/PDF)'); a task that
        is no longer listed has finished its phase."""
        before = self.current or []
        for task in set(before) - set(tasks):
            match = _TASK.match(task)
            if match:
                for name in _TASK_PHASES[match["what"]]:
                    self.phases.setdefault(match["label"], set()).add(name)
        self.current = list(tasks)
        self._live()

    def finished(self, label: str, outcome: RunOutcome) -> None:
        if label in self.running:
            self.running.remove(label)
        self.phases.setdefault(label, set()).update(PHASES)
        self.done += 1
        self.line(describe(outcome, prefix=f"[{self.done}/{self.total}] "))

    def line(self, text: str) -> None:
        """One event line: above the live display on a terminal, else a plain line."""
        if self.tty:
            self._show()
            self._console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Remove the live display (events after this show it again)."""
        if self._live_display is not None:
            self._live_display.stop()
            self._live_display = None

    # --- what is shown ------------------------------------------------------------------
    def count(self, name: str) -> int:
        """Reports that have done phase ``name`` (finished reports count in every phase)."""
        return sum(name in done for done in self.phases.values())

    def active(self) -> tuple[list[str], int]:
        """(what runs now, how many more are waiting for a worker)."""
        active = self.running[: self.slots] if self.current is None else self.current
        return active, max(0, len(self.running) - len(active))

    def status(self) -> str:
        """The phase counts and what runs, as one line of text."""
        shown = [n for n in PHASES if self.pdf or n != "pdf"]
        counts = " · ".join(f"{PHASE_NAMES[n]} {self.count(n)}/{self.total}" for n in shown)
        active, waiting = self.active()
        if not active:
            return f"{counts} · {waiting} waiting" if waiting else f"{counts} · running: -"
        more = f" (+{waiting} waiting)" if waiting else ""
        return f"{counts} · running: {', '.join(active)}{more}"

    def _render(self) -> Any:
        from rich.console import Group
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        elapsed = time.perf_counter() - self.t0
        bar = Table.grid(expand=True, padding=(0, 1))
        bar.add_column(ratio=1)
        bar.add_column(no_wrap=True, justify="right")
        bar.add_row(
            ProgressBar(total=max(self.total, 1), completed=self.done),
            f"{self.done}/{self.total} reports  {elapsed:5.1f} s",
        )
        return Group(bar, Text(self.status(), no_wrap=True, overflow="ellipsis"))

    def _show(self) -> None:
        if self._live_display is not None:
            return
        from rich.console import Console
        from rich.live import Live

        if self._console is None:
            self._console = Console(file=self.stream, force_terminal=True, highlight=False)
        self._live_display = Live(
            get_renderable=self._render,
            console=self._console,
            refresh_per_second=4,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._live_display.start()

    def _live(self) -> None:
        """Redraw now (the display also refreshes itself a few times a second)."""
        if self.tty:
            self._show()
            self._live_display.refresh()


def describe(outcome: RunOutcome, prefix: str = "") -> str:
    label = f"{outcome.report}/{outcome.scenario}"
    if outcome.status == "up to date":
        return f"{prefix}{label}: up to date"
    if outcome.status == "ok":
        return f"{prefix}{label}: ok in {outcome.duration_s:.1f} s -> {outcome.path}/report.html"
    return f"{prefix}{label}: FAILED: {outcome.message}"
