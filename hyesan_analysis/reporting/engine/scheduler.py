"""The build's scheduler: a batch of reports on a process pool, in two phases each.

Each report executes (a kernel runs its notebook) and then renders (HTML, PDF, manifest);
any worker may take either phase, and this process publishes. See ``Scheduler``.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.engine import early_results, lifecycle, trace
from hyesan_analysis.reporting.engine.cache import check_cache
from hyesan_analysis.reporting.engine.progress import Progress
from hyesan_analysis.reporting.engine.requests import RunOutcome, RunRequest
from hyesan_analysis.reporting.engine.runner import (
    Executed,
    discard,
    execute_phase,
    publish,
    render,
)
from hyesan_analysis.reporting.rendering import print_service


def _execute_task(
    request: RunRequest,
    root: str,
    force: bool,
    pdf: bool,
    pending_upstream: dict[str, str] | None,
    stale_because: list[str] | None = None,
    forecast_path: str | None = None,
) -> Executed | RunOutcome:
    """Pool task, first phase: execute one report (keeping the worker's kernel warm)."""
    try:
        done = execute_phase(
            request,
            Path(root),
            force,
            pdf,
            keep_warm=True,
            pending_upstream=pending_upstream,
            stale_because=stale_because,
            early_results=Path(forecast_path) if forecast_path else None,
        )
    except Exception as exc:  # report the failure; never kill the whole build
        return failed_outcome(request, root, f"{type(exc).__name__}: {exc}")
    # any worker may render it: it reads the notebook back from the work folder
    return replace(done, notebook=None) if isinstance(done, Executed) else done


def _render_task(done: Executed, pdf: bool) -> Executed | RunOutcome:
    """Pool task, second phase: HTML, PDF and manifest (the parent publishes)."""
    try:
        return render(done, pdf)
    except Exception as exc:
        return failed_outcome(done.request, str(done.root), f"{type(exc).__name__}: {exc}")


def dependencies(requests: Sequence[RunRequest]) -> list[set[int]]:
    """For each request, the requests of the batch it reads: its upstream reports in the
    same world."""
    index = {(r.report, r.world): j for j, r in enumerate(requests)}
    return [
        {
            index[(name, r.world)]
            for name in get_report(r.report).upstream
            if (name, r.world) in index
        }
        for r in requests
    ]


def failed_outcome(request: RunRequest, root: str, message: str) -> RunOutcome:
    """A failed outcome for a request that has no run folder to show."""
    return RunOutcome(request.report, request.scenario, "failed", Path(root), message=message)


class Scheduler:
    """Runs a batch on a process pool, report by report in two phases (execute, render).

    A report that reads other reports' results (the summary) executes as soon as they
    have *executed* (with their results passed in), renders while they render, and is
    published only after they are: a reader never sees it before its sources. Free
    workers take, in order: executions on the critical path (awaited by another run, or
    awaiting others), renders, then other executions, so that progress is steady and the
    summary is not left for the end. Among renders, the largest executed notebook goes
    first (longest processing time first), so that the last render is a short one.

    A run that others read writes its results early, once its notebook has recorded them
    (``early_results``): its readers then start on that forecast while it runs on. When it
    ends, a reader whose forecast its results.json does not confirm runs again (and the
    readers of those, in turn); a reader of a failed run is never published, as before. A
    reader found up to date on a forecast waits for the real results before it is final.
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
        self.deps = dependencies(self.requests)
        self.outcomes: dict[int, RunOutcome] = {}
        self.executed: dict[int, Executed] = {}  # executed (maybe rendered), unpublished
        self.used: dict[int, set[int]] = {}  # i -> upstream runs whose pending results it read
        self.waiting = set(range(len(self.requests)))  # cache not yet checked
        self.ready_exec: list[int] = []
        self.ready_render: list[int] = []
        self.rendered: set[int] = set()  # rendered, waiting for upstream to be published
        self.render_size: dict[int, int] = {}  # bytes of each executed notebook
        self.reasons: dict[int, list[str]] = {}  # why each run is stale (its cache check)
        self.in_flight: dict[Future[Executed | RunOutcome], tuple[str, int]] = {}
        self.forecast_dir: Path | None = None  # where workers write early results
        self.forecast_path: dict[int, Path] = {}  # runs asked to write them
        self.forecast: dict[int, str] = {}  # the early results of running executions
        self.read: dict[int, dict[int, str]] = {}  # i -> upstream run -> the document it read
        self.confirm: set[int] = set()  # up to date on a forecast: wait for the real results
        self.again: set[int] = set()  # in flight on an unconfirmed forecast: run again
        self.held: dict[int, RunOutcome] = {}  # failed on a forecast not yet confirmed
        self.forecast_count = itertools.count()

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
                d in self.waiting
                or d in self.ready_exec
                or (self.running(d) and (d not in self.forecast or i in self.confirm))
                for d in self.deps[i]
            ):
                continue
            self.waiting.discard(i)
            request = self.requests[i]
            failed = [
                self.label(d)
                for d in sorted(self.deps[i])
                if d in self.outcomes and self.outcomes[d].status == "failed"
            ]
            if failed:  # never run on an older published version of what failed now
                self.finish(
                    i,
                    failed_outcome(
                        request,
                        str(self.root),
                        f"not run: it reads {', '.join(failed)}, which failed",
                    ),
                )
                continue
            # upstream runs (same world) that executed but are not yet published: read
            # their results from here; the rest from the store
            self.used[i] = {d for d in self.deps[i] if d in self.executed or self.running(d)}
            if i in self.checked:  # checked before the pool (what it reads was up to date)
                reasons = self.checked.pop(i)
            else:
                _, reasons = check_cache(request, self.root, self.pdf, self.pending_for(i))
            if not (reasons or self.force) and any(self.running(d) for d in self.used[i]):
                self.waiting.add(i)  # up to date on a forecast: check again on the results
                self.confirm.add(i)
                self.read.pop(i, None)
                continue
            self.confirm.discard(i)
            if reasons or self.force:
                self.reasons[i] = reasons
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
        pending = {}
        for d in self.used.get(i, ()):
            if d in self.executed:
                document = self.executed[d].results_document
            elif d in self.forecast:
                document = self.forecast[d]
            else:  # published since: read from the store, same bytes
                continue
            pending[self.requests[d].report] = document
            self.read.setdefault(i, {})[d] = document
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
                    failed_outcome(
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
                    outcome = failed_outcome(
                        done.request, str(self.root), f"publishing failed: {exc}"
                    )
                self.finish(i, outcome)

    def next_task(self) -> tuple[str, int] | None:
        # on the critical path: runs others wait for, and the runs that wait (the summary)
        awaited = {d for i in self.waiting for d in self.deps[i]}
        for i in self.ready_exec:
            if i in awaited or self.deps[i]:
                self.ready_exec.remove(i)
                return "execute", i
        if self.ready_render:  # the largest first (its PDF takes longest), else in order
            i = max(self.ready_render, key=lambda j: self.render_size.get(j, 0))
            self.ready_render.remove(i)
            return "render", i
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
                    self.reasons.get(i),
                    self.forecast_target(i),
                )
            else:
                future = pool.submit(_render_task, self.executed[i], self.pdf)
            self.in_flight[future] = (kind, i)
            trace.event(f"submit-{kind}", request.report)
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
        if kind == "execute":
            self.settle_forecast(i, result)
            print_service.warm()  # renders come next: the build's browser starts now
        if i in self.again:  # it read a forecast its upstream run did not confirm
            self.again.discard(i)
            if isinstance(result, Executed):
                discard(result)
            self.requeue(i)
            return
        if isinstance(result, RunOutcome) and self.on_unsettled_forecast(i):
            self.held[i] = result  # final only once what it read is confirmed
            return
        if isinstance(result, RunOutcome):
            self.finish(i, result)
        elif kind == "execute":
            self.executed[i] = result
            self.ready_render.append(i)
            try:  # a proxy for the time its HTML and PDF take: figures make up most of both
                self.render_size[i] = (result.work / "executed.ipynb").stat().st_size
            except OSError:
                self.render_size[i] = 0
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
            # a forecast is looked for every 50 ms while a reader waits on a running run
            timeout = 0.05 if self.awaiting_forecast() else 0.5
            finished, _ = wait(list(self.in_flight), timeout=timeout, return_when=FIRST_COMPLETED)
            try:
                for future in finished:
                    self.collect(future)
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                self.in_flight.clear()
                self.fail_the_rest(f"not finished: a worker process died ({exc})")
                return
            self.look_for_forecasts()
            self.check_publish()
            self.check_ready()
            if not finished:
                self.progress._live()
        for i in list(self.held):  # cannot happen (its source is settled first), but keep it
            self.finish(i, self.held.pop(i))
        self.fail_the_rest("not run: its upstream reports never finished (a dependency cycle?)")

    def fail_the_rest(self, message: str) -> None:
        self.abandon()
        for i, request in enumerate(self.requests):
            if i not in self.outcomes:
                self.finish(i, failed_outcome(request, str(self.root), message))

    def abandon(self) -> None:
        """Remove the work folders of runs that will not be published (interrupted)."""
        for done in self.executed.values():
            discard(done)
        self.executed.clear()
        if self.forecast_dir is not None:
            shutil.rmtree(self.forecast_dir, ignore_errors=True)
            self.forecast_dir = None

    # --- early results (``early_results``) ------------------------------------------------

    def forecast_target(self, i: int) -> str | None:
        """Where the execution of ``i`` writes its early results: only a run others read."""
        if not early_results.enabled() or not any(
            i in deps for j, deps in enumerate(self.deps) if j not in self.outcomes
        ):
            return None
        if self.forecast_dir is None:
            self.forecast_dir = lifecycle.private_temp_dir("hyesan-early-")
        path = self.forecast_dir / f"{i}-{next(self.forecast_count)}.json"
        self.forecast_path[i] = path
        return str(path)

    def awaiting_forecast(self) -> bool:
        waited = {d for j in self.waiting for d in self.deps[j]}
        return any(i in waited and i not in self.forecast for i in self.forecast_path)

    def look_for_forecasts(self) -> None:
        for i, path in self.forecast_path.items():
            if i not in self.forecast and self.running(i):
                document = early_results.read_forecast(path)
                if document is not None:
                    self.forecast[i] = document

    def settle_forecast(self, i: int, result: Executed | RunOutcome) -> None:
        """Run ``i`` has executed: readers of a forecast its results do not confirm run
        again (a failed run's readers are refused at publication)."""
        path = self.forecast_path.pop(i, None)
        if path is not None:
            path.unlink(missing_ok=True)
        forecast = self.forecast.pop(i, None)
        if forecast is None or not isinstance(result, Executed):
            return
        if result.results_document != forecast:
            trace.event("early-results-mismatch", self.requests[i].report)
            for j in [j for j, read in self.read.items() if read.get(i) == forecast]:
                self.redo(j)
        for j in [j for j in self.held if not self.on_unsettled_forecast(j)]:
            self.finish(j, self.held.pop(j))  # its failure stands: what it read held

    def on_unsettled_forecast(self, i: int) -> bool:
        """Whether ``i`` read a forecast of a run that is still executing."""
        return any(self.forecast.get(d) == doc for d, doc in self.read.get(i, {}).items())

    def redo(self, i: int) -> None:
        """Run ``i`` (and the runs that read it) again: it read an unconfirmed forecast.
        None of them is published yet: publication waits for every run they read."""
        for j in [j for j, read in self.read.items() if i in read and j != i]:
            self.redo(j)
        self.held.pop(i, None)  # a failure on an unconfirmed forecast is not final
        if any(j == i for _, j in self.in_flight.values()):
            self.again.add(i)
            self.forecast.pop(i, None)  # nobody starts on what this run will forecast
            self.forecast_path.pop(i, None)
            return
        self.requeue(i)

    def requeue(self, i: int) -> None:
        done = self.executed.pop(i, None)
        if done is not None:
            discard(done)
        self.ready_exec = [j for j in self.ready_exec if j != i]
        self.ready_render = [j for j in self.ready_render if j != i]
        self.rendered.discard(i)
        for table in (self.read, self.used, self.reasons):
            table.pop(i, None)
        self.waiting.add(i)
