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
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.engine import trace
from hyesan_analysis.reporting.engine.runner import (
    Executed,
    RunOutcome,
    RunRequest,
    check_cache,
    discard,
    execute_phase,
    publish,
    render,
    run_report,
)


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
    from hyesan_analysis.reporting.engine import execute

    trace.event("worker-start")
    execute.prewarm()  # first: the kernel starts while this process imports the rest
    import atexit

    atexit.register(execute.exit_worker_now)  # runs before prewarm's own handler
    from hyesan_analysis.reporting.rendering import export

    export.warm_up()
    trace.event("worker-ready")


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


def _execute_task(
    request: RunRequest,
    root: str,
    force: bool,
    pdf: bool,
    pending_upstream: dict[str, str] | None,
) -> Executed | RunOutcome:
    """Pool task, first phase: execute one report (keeping the worker's kernel warm)."""
    try:
        done = execute_phase(
            request, Path(root), force, pdf, keep_warm=True, pending_upstream=pending_upstream
        )
    except Exception as exc:  # report the failure; never kill the whole build
        return _failed(request, root, f"{type(exc).__name__}: {exc}")
    # any worker may render it: it reads the notebook back from the work folder
    return replace(done, notebook=None) if isinstance(done, Executed) else done


def _render_task(done: Executed, pdf: bool) -> Executed | RunOutcome:
    """Pool task, second phase: HTML, PDF and manifest (the parent publishes)."""
    try:
        return render(done, pdf)
    except Exception as exc:
        return _failed(done.request, str(done.root), f"{type(exc).__name__}: {exc}")


def _failed(request: RunRequest, root: str, message: str) -> RunOutcome:
    return RunOutcome(request.report, request.scenario, "failed", Path(root), message=message)


class _Scheduler:
    """Runs a batch on a process pool, report by report in two phases (execute, render).

    A report that reads other reports' results (the summary) executes as soon as they
    have *executed* (with their results passed in), renders while they render, and is
    published only after they are: a reader never sees it before its sources. Free
    workers take, in order: executions on the critical path (awaited by another run, or
    awaiting others), renders, then other executions, so that progress is steady and the
    summary is not left for the end.
    """

    def __init__(
        self,
        requests: Sequence[RunRequest],
        root: Path,
        force: bool,
        pdf: bool,
        jobs: int,
        progress: Progress,
        checked: dict[int, list[str]] | None = None,
    ) -> None:
        """``checked``: reasons to re-run already found for some requests (by index)."""
        self.requests = list(requests)
        self.checked = dict(checked or {})
        self.root, self.force, self.pdf, self.jobs = root, force, pdf, jobs
        self.progress = progress
        reports = [r.report for r in self.requests]
        self.deps = [
            {j for j, name in enumerate(reports) if name in get_report(r.report).upstream}
            for r in self.requests
        ]
        self.outcomes: dict[int, RunOutcome] = {}
        self.executed: dict[int, Executed] = {}  # executed (maybe rendered), unpublished
        self.used: dict[int, set[int]] = {}  # i -> upstream runs whose pending results it read
        self.waiting = set(range(len(self.requests)))  # cache not yet checked
        self.ready_exec: list[int] = []
        self.ready_render: list[int] = []
        self.rendered: set[int] = set()  # rendered, waiting for upstream to be published
        self.in_flight: dict[Future[Executed | RunOutcome], tuple[str, int]] = {}

    def label(self, i: int) -> str:
        return f"{self.requests[i].report}/{self.requests[i].scenario}"

    def finish(self, i: int, outcome: RunOutcome) -> None:
        self.outcomes[i] = outcome
        self.executed.pop(i, None)
        self.progress.finished(self.label(i), outcome)

    def check_ready(self) -> None:
        """Cache-check requests whose upstream runs have executed (or finished)."""
        for i in sorted(self.waiting):
            if any(
                d in self.waiting or d in self.ready_exec or self.running(d) for d in self.deps[i]
            ):
                continue
            self.waiting.discard(i)
            request = self.requests[i]
            # upstream runs that executed but are not yet published: read their results
            # from here (the summary reads default runs only); the rest from the store
            self.used[i] = {
                d
                for d in self.deps[i]
                if d in self.executed and self.requests[d].scenario == "default"
            }
            if i in self.checked:  # no upstream in this batch: checked before the pool
                reasons = self.checked.pop(i)
            else:
                _, reasons = check_cache(request, self.root, self.pdf, self.pending_for(i))
            if reasons or self.force:
                self.ready_exec.append(i)
                self.progress.started(self.label(i), reasons or ["forced (--force)"], queued=True)
            else:
                self.finish(
                    i,
                    RunOutcome(
                        request.report,
                        request.scenario,
                        "up to date",
                        self.root / request.report / request.scenario,
                    ),
                )

    def pending_for(self, i: int) -> dict[str, str] | None:
        pending = {
            self.requests[d].report: self.executed[d].results_document
            for d in self.used.get(i, ())
            if d in self.executed  # else published since: read from the store, same bytes
        }
        return pending or None

    def running(self, i: int) -> bool:
        return any(kind == "execute" and j == i for kind, j in self.in_flight.values())

    def check_publish(self) -> None:
        """Publish rendered reports whose upstream runs are all finished."""
        for i in sorted(self.rendered):
            if any(d not in self.outcomes for d in self.used[i]):
                continue
            self.rendered.discard(i)
            done = self.executed[i]
            failed = [self.label(d) for d in self.used[i] if self.outcomes[d].status == "failed"]
            if failed:
                discard(done)
                self.finish(
                    i,
                    _failed(
                        done.request,
                        str(self.root),
                        f"not published: it read results of {', '.join(failed)}, "
                        "which failed before being published",
                    ),
                )
            else:
                try:
                    outcome = publish(done)
                except OSError as exc:  # publish() has removed the work folder
                    outcome = _failed(done.request, str(self.root), f"publishing failed: {exc}")
                self.finish(i, outcome)

    def next_task(self) -> tuple[str, int] | None:
        # on the critical path: runs others wait for, and the runs that wait (the summary)
        awaited = {d for i in self.waiting for d in self.deps[i]}
        for i in self.ready_exec:
            if i in awaited or self.deps[i]:
                self.ready_exec.remove(i)
                return "execute", i
        if self.ready_render:
            return "render", self.ready_render.pop(0)
        if self.ready_exec:
            return "execute", self.ready_exec.pop(0)
        return None

    def submit(self, pool: ProcessPoolExecutor) -> None:
        while len(self.in_flight) < self.jobs:
            task = self.next_task()
            if task is None:
                break
            kind, i = task
            request = self.requests[i]
            future: Future[Executed | RunOutcome]
            if kind == "execute":
                future = pool.submit(
                    _execute_task,
                    request,
                    str(self.root),
                    self.force,
                    self.pdf,
                    self.pending_for(i),
                )
            else:
                future = pool.submit(_render_task, self.executed[i], self.pdf)
            self.in_flight[future] = (kind, i)
        self.show()

    def show(self) -> None:
        self.progress.set_current(
            [
                f"{self.label(i)} ({'executing' if kind == 'execute' else 'HTML/PDF'})"
                for kind, i in self.in_flight.values()
            ]
        )

    def collect(self, future: Future[Executed | RunOutcome]) -> None:
        kind, i = self.in_flight.pop(future)
        self.show()
        result = future.result()
        if isinstance(result, RunOutcome):
            self.finish(i, result)
        elif kind == "execute":
            self.executed[i] = result
            self.ready_render.append(i)
        else:
            self.executed[i] = result
            self.rendered.add(i)

    def run(self, pool: ProcessPoolExecutor) -> None:
        self.check_ready()
        while (
            self.waiting or self.ready_exec or self.ready_render or self.in_flight or self.rendered
        ):
            self.submit(pool)
            if not self.in_flight:  # only waiting for publication: cannot happen, but never hang
                self.check_publish()
                self.check_ready()
                if not (self.ready_exec or self.ready_render):
                    break
                continue
            finished, _ = wait(list(self.in_flight), timeout=0.5, return_when=FIRST_COMPLETED)
            try:
                for future in finished:
                    self.collect(future)
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                self.in_flight.clear()
                self.fail_the_rest(f"not finished: a worker process died ({exc})")
                return
            self.check_publish()
            self.check_ready()
            if not finished:
                self.progress._live()
        self.fail_the_rest("not run: its upstream reports never finished (a dependency cycle?)")

    def fail_the_rest(self, message: str) -> None:
        self.abandon()
        for i, request in enumerate(self.requests):
            if i not in self.outcomes:
                self.finish(i, _failed(request, str(self.root), message))

    def abandon(self) -> None:
        """Remove the work folders of runs that will not be published (interrupted)."""
        for done in self.executed.values():
            discard(done)
        self.executed.clear()


def run_many(
    requests: Sequence[RunRequest],
    root: Path,
    force: bool = False,
    jobs: int | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
) -> list[RunOutcome]:
    """Build every request; up-to-date ones are answered from the cache without a worker.

    With one job, or when only one report is stale, everything runs in this process
    (no worker start-up to pay); otherwise on a pool of ``jobs`` worker processes.
    """
    jobs = jobs or default_jobs()
    progress = progress or Progress(len(requests))
    progress.slots = jobs
    if jobs > 1:
        names = {r.report for r in requests}
        checked = {
            i: check_cache(r, root, pdf)[1]
            for i, r in enumerate(requests)
            if not set(get_report(r.report).upstream) & names
        }
        if sum(1 for reasons in checked.values() if reasons or force) > 1:
            scheduler = _Scheduler(
                requests, root, force, pdf, min(jobs, len(requests)), progress, checked
            )
            pool = ProcessPoolExecutor(
                max_workers=scheduler.jobs, mp_context=get_context("spawn"), initializer=_warm_up
            )
            trace.event("pool")
            try:
                scheduler.run(pool)
            finally:
                trace.event("all-done")
                pool.shutdown(wait=True, cancel_futures=True)
                scheduler.abandon()
                trace.event("pool-shut")
                progress.close()
            return [scheduler.outcomes[i] for i in range(len(requests))]
    outcomes: dict[int, RunOutcome] = {}
    index = {id(r): i for i, r in enumerate(requests)}
    try:
        for wave in waves(requests):
            for request in wave:
                label = f"{request.report}/{request.scenario}"

                def started(req: RunRequest, reasons: list[str], label: str = label) -> None:
                    progress.started(label, reasons)

                try:
                    outcome = run_report(request, root, force=force, pdf=pdf, on_start=started)
                except Exception as exc:  # report the failure; never kill the whole build
                    outcome = _failed(request, str(root), f"{type(exc).__name__}: {exc}")
                outcomes[index[id(request)]] = outcome
                progress.finished(label, outcome)
    finally:
        progress.close()
    return [outcomes[i] for i in range(len(requests))]
