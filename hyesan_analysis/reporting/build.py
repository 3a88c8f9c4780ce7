"""Run many reports: cache checks in this process, stale reports in worker processes.

Each worker process imports papermill, nbconvert and WeasyPrint once and then runs report
after report; every kernel talks over private IPC sockets (see execute.py), so concurrent
kernels cannot race for ports, and every run renders in its own temporary folder.
Reports that read other reports' results (the summary) run in a later wave.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

from hyesan_analysis.reporting.registry import get_report
from hyesan_analysis.reporting.runner import RunOutcome, RunRequest, check_cache, run_report


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def _warm_up() -> None:
    """Worker initializer: pay the heavy imports once per worker, not once per report.

    Also starts this worker's first kernel and compiles the HTML templates, so that the
    first report a worker gets starts as fast as the later ones.
    """
    from hyesan_analysis.reporting import execute

    execute.prewarm()  # first: the kernel starts while this process imports the rest
    import nbformat
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401

    from hyesan_analysis.reporting import export

    export.cells_html(nbformat.v4.new_notebook())


def _work(
    request: RunRequest, root: str, force: bool, pdf: bool, keep_warm: bool = True
) -> RunOutcome:
    try:
        return run_report(request, Path(root), force=force, pdf=pdf, keep_warm=keep_warm)
    except Exception as exc:  # report the failure; never kill the whole build
        return RunOutcome(
            request.report,
            request.scenario,
            "failed",
            Path(root),
            message=f"{type(exc).__name__}: {exc}",
        )


def waves(requests: Sequence[RunRequest]) -> list[list[RunRequest]]:
    """Group requests so that a report runs after the reports it reads (in the same batch)."""
    names = {r.report for r in requests}
    done: set[str] = set()
    remaining = list(requests)
    out: list[list[RunRequest]] = []
    while remaining:
        ready = [r for r in remaining if not (set(get_report(r.report).upstream) & names) - done]
        if not ready:  # a cycle cannot happen with the shipped specs; run the rest anyway
            ready = remaining
        out.append(ready)
        done.update(r.report for r in ready)
        # a report is "done" for ordering only when all its requests are in earlier waves
        remaining = [r for r in remaining if r not in ready]
    return out


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

    def _status(self) -> str:
        elapsed = time.perf_counter() - self.t0
        current = ", ".join(self.running[: self.slots]) or "-"
        queued = len(self.running) - self.slots
        more = f" (+{queued} queued)" if queued > 0 else ""
        return f"[{self.done}/{self.total}] {elapsed:5.1f} s  running: {current}{more}"

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


def run_many(
    requests: Sequence[RunRequest],
    root: Path,
    force: bool = False,
    jobs: int | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
) -> list[RunOutcome]:
    """Build every request; up-to-date ones are answered from the cache without a worker."""
    jobs = jobs or default_jobs()
    progress = progress or Progress(len(requests))
    progress.slots = jobs
    outcomes: dict[int, RunOutcome] = {}
    index = {id(r): i for i, r in enumerate(requests)}
    pool: ProcessPoolExecutor | None = None
    try:
        for wave in waves(requests):
            stale: list[tuple[RunRequest, list[str]]] = []
            for request in wave:
                _, reasons = check_cache(request, root, pdf)
                if reasons or force:
                    stale.append((request, reasons or ["forced (--force)"]))
                else:
                    outcome = RunOutcome(
                        request.report,
                        request.scenario,
                        "up to date",
                        root / request.report / request.scenario,
                    )
                    outcomes[index[id(request)]] = outcome
                    progress.finished(f"{request.report}/{request.scenario}", outcome)
            if not stale:
                continue
            if pool is None and (jobs == 1 or len(stale) == 1):
                for request, reasons in stale:
                    label = f"{request.report}/{request.scenario}"
                    progress.started(label, reasons)
                    outcome = _work(request, str(root), force, pdf, keep_warm=False)
                    outcomes[index[id(request)]] = outcome
                    progress.finished(label, outcome)
                continue
            if pool is None:
                pool = ProcessPoolExecutor(
                    max_workers=min(jobs, len(stale)),
                    mp_context=get_context("spawn"),
                    initializer=_warm_up,
                )
            pending: dict[Future[RunOutcome], RunRequest] = {}
            for request, reasons in stale:
                progress.started(f"{request.report}/{request.scenario}", reasons, queued=True)
                pending[pool.submit(_work, request, str(root), force, pdf)] = request
            while pending:
                finished, _ = wait(list(pending), timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    request = pending.pop(future)
                    outcome = future.result()
                    outcomes[index[id(request)]] = outcome
                    progress.finished(f"{request.report}/{request.scenario}", outcome)
                if not finished:
                    progress._live()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        progress.close()
    return [outcomes[i] for i in range(len(requests))]
