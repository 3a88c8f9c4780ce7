"""Run many reports: cache checks in this process, stale reports in worker processes.

Each worker process imports papermill, nbconvert and WeasyPrint once and then runs report
after report; every kernel talks over private IPC sockets (see execute.py), so concurrent
kernels cannot race for ports, and every run renders in its own temporary folder.
Reports that read other reports' results wait for them, in their own world: on the pool
see scheduler.py; in this process (one job) they run in a later wave.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import cores, likely_cold, trace, workers
from hyesan_analysis.reporting.engine.cache import check_cache
from hyesan_analysis.reporting.engine.progress import Progress, describe
from hyesan_analysis.reporting.engine.requests import RunOutcome, RunRequest
from hyesan_analysis.reporting.engine.runner import run_report
from hyesan_analysis.reporting.engine.scheduler import Scheduler, dependencies, failed_outcome

__all__ = [
    "Progress",
    "default_jobs",
    "describe",
    "prestart",
    "run_many",
    "start_early",
    "unique_requests",
    "waves",
]


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity), at least 1."""
    return cores()


_early_pool: ProcessPoolExecutor | None = None
_early_spawner: threading.Thread | None = None


def _new_pool(jobs: int, pdf: bool = True) -> ProcessPoolExecutor:
    from hyesan_analysis.reporting.engine import kernel_template

    template = kernel_template.start() if jobs > 1 else None  # before the workers: first
    if pdf:  # before the workers start: they find the build's browser by its variable
        from hyesan_analysis.reporting.rendering import print_service

        print_service.serve()
    context = workers.context(pdf)
    forked = context is not None
    if context is None:
        context = get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=workers.warm_up,
        initargs=(
            os.getpid(),
            context.Semaphore(1) if jobs > 1 else None,
            template,
            pdf,
            forked,
        ),
    )


def prestart(jobs: int | None = None, pdf: bool = True, template: bool = False) -> None:
    """Start the build's worker pool now (each worker imports and starts its kernel), for
    a command that will most likely run several reports: the CLI calls it first thing,
    before it resolves its input and checks what is stale; ``run_many`` takes the pool.
    With one job, a kernel for this process starts instead, forked from a kernel template
    of this process's own with ``template`` (the CLI's ``run``: ``execute.prewarm``).
    Unused, all of it ends at exit.
    """
    global _early_pool
    jobs = jobs or default_jobs()
    if jobs < 2:
        from hyesan_analysis.reporting.engine import execute

        execute.prewarm(template=template)
        return
    if _early_pool is not None:
        return
    import atexit

    _early_pool = _new_pool(jobs, pdf)
    global _early_spawner
    # A forked worker starts once the fork server has done its imports (~2 s): meanwhile
    # the CLI goes on with its own start-up (its input, the cache checks) instead of waiting.
    _early_spawner = threading.Thread(
        target=_spawn_workers, args=(_early_pool, jobs), name="hyesan-pool-start", daemon=True
    )
    _early_spawner.start()
    atexit.register(_drop_early_pool)
    trace.event("pool-prestarted")


def _spawn_workers(pool: ProcessPoolExecutor, jobs: int) -> None:
    """Start every worker of ``pool`` (it starts one per task submitted), unless the pool
    is dropped meanwhile."""
    try:
        for _ in range(jobs):
            if _early_pool is not pool:
                return
            pool.submit(int)
    except Exception:  # dropped meanwhile: its server ended under a worker's start
        pass


def start_early(
    root: Path,
    force: bool = False,
    several: bool = True,
    jobs: int | None = None,
    pdf: bool = True,
) -> None:
    """For the CLI, first thing (before it resolves its input, which imports the specs):
    start what the command will most likely run on, so that kernels and imports overlap
    the CLI's own start-up and its cache checks.

    ``several`` (build, sweep): the worker pool, when the build is forced or the output
    folder has no index yet (a cold build); otherwise the cache check decides, as before.
    One report (run): a kernel for this process. Whatever goes unused ends at exit.
    """
    if not several:
        prestart(1, template=True)
    elif likely_cold(root, force):
        prestart(jobs, pdf)


def _take_pool(jobs: int, pdf: bool = True) -> ProcessPoolExecutor:
    """The prestarted pool if it has the workers, else a new one."""
    global _early_pool
    pool = _early_pool
    if pool is not None and getattr(pool, "_max_workers", 0) >= jobs:
        _early_pool = None
        return pool
    _drop_early_pool()
    return _new_pool(jobs, pdf)


def _drop_early_pool() -> None:
    """End a prestarted pool nobody needs (its workers are killed: they hold no work)."""
    global _early_pool, _early_spawner
    pool, _early_pool = _early_pool, None
    if pool is None:
        return
    workers.stop_server()  # first: a worker's start that waits for it fails at once
    spawner, _early_spawner = _early_spawner, None
    if spawner is not None:
        spawner.join(10)
        workers.stop_server()  # in case the spawner's last start raced the first stop
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(5)
    _stop_kernel_template()
    _stop_print_service()
    trace.event("pool-dropped")


def _warm_index(root: Path) -> None:
    """The index is written after the last report: its imports and template now, niced."""
    from hyesan_analysis.reporting.rendering import index

    index.warm_in_background(root)


def _stop_print_service() -> None:
    from hyesan_analysis.reporting.rendering import print_service

    print_service.stop()


def _stop_kernel_template() -> None:
    """End the pool's kernel template, unless it forks this process's own kernels too (a
    one-report command: ``execute.prewarm(template=True)``); that one ends at exit."""
    from hyesan_analysis.reporting.engine import execute, kernel_template

    if execute.TEMPLATE_SOCKET is None:
        kernel_template.stop()


def _any_missing(requests: Sequence[RunRequest], root: Path) -> bool:
    """Whether some request has no published report yet (a cold build: it must run)."""
    return any(not (root / r.report / r.scenario / "manifest.json").is_file() for r in requests)


def _work(
    request: RunRequest, root: str, force: bool, pdf: bool, keep_warm: bool = True
) -> RunOutcome:
    """A whole run as one task (Dask workers): a failure is an outcome, never a crash."""
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
    """Group requests so that a report runs after the reports it reads in its world (in
    the same batch); independent reports share a wave."""
    deps = dependencies(requests)
    done: set[int] = set()
    remaining = list(range(len(requests)))
    out: list[list[RunRequest]] = []
    while remaining:
        ready = [i for i in remaining if deps[i] <= done]
        if not ready:  # a cycle is refused when requests are made; run the rest anyway
            ready = remaining
        out.append([requests[i] for i in ready])
        done.update(ready)
        remaining = [i for i in remaining if i not in ready]
    return out


def unique_requests(requests: Sequence[RunRequest]) -> tuple[list[RunRequest], list[int]]:
    """(the distinct requests, the position of each request among them): two requests of
    one report in one world (two sweep points of equal values) run once."""
    distinct: list[RunRequest] = []
    where: dict[tuple[str, str], int] = {}
    positions = []
    for request in requests:
        key = (request.report, request.world)
        if key not in where:
            where[key] = len(distinct)
            distinct.append(request)
        elif distinct[where[key]].parameters != request.parameters:
            raise ParameterError(
                f"{request.report}/{request.world}: two different parameter sets for one "
                "folder (rename one of the scenarios)"
            )
        positions.append(where[key])
    return distinct, positions


def _expected_stale(
    requests: Sequence[RunRequest], deps: list[set[int]], root: Path, pdf: bool, force: bool
) -> tuple[dict[int, list[str]], set[int]]:
    """(reasons found by checking the cache, the requests expected to run).

    A request whose upstream runs are all up to date is checked now (what it reads is
    published); one that reads a stale run is expected to run too (its upstream figures
    will most likely change), and is checked once that run has executed.
    """
    index = {id(r): i for i, r in enumerate(requests)}
    checked: dict[int, list[str]] = {}
    stale: set[int] = set()
    for request in (r for wave in waves(requests) for r in wave):
        i = index[id(request)]
        if deps[i] & stale:
            stale.add(i)
            continue
        checked[i] = check_cache(request, root, pdf)[1]
        if checked[i] or force:
            stale.add(i)
    return checked, stale


def run_many(
    requests: Sequence[RunRequest],
    root: Path,
    force: bool = False,
    jobs: int | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
) -> list[RunOutcome]:
    """Build every request; up-to-date ones are answered from the cache without a worker.

    Reports run after the reports they read in their world; independent ones run in
    parallel on a pool of ``jobs`` worker processes. With one job, or when only one
    report is stale, everything runs in this process (no worker start-up to pay), on one
    kernel reused from report to report as a worker does. A report whose upstream run
    fails in this batch is not run.
    """
    distinct, positions = unique_requests(requests)
    outcomes = _run_distinct(distinct, root, force, jobs, pdf, progress)
    return [outcomes[p] for p in positions]


def _run_distinct(
    requests: list[RunRequest],
    root: Path,
    force: bool,
    jobs: int | None,
    pdf: bool,
    progress: Progress | None,
) -> list[RunOutcome]:
    jobs = jobs or default_jobs()
    progress = progress or Progress(len(requests))
    progress.slots = jobs
    deps = dependencies(requests)
    if force or _any_missing(requests, root):  # something will run: start it now
        prestart(jobs if len(requests) > 1 else 1, pdf)  # workers, or this process's kernel
    if jobs > 1:
        checked, stale = _expected_stale(requests, deps, root, pdf, force)
        if len(stale) <= 1:
            _drop_early_pool()  # nothing, or one report: this process runs it
            if stale:
                from hyesan_analysis.reporting.engine import execute

                execute.prewarm()
        if len(stale) > 1:
            scheduler = Scheduler(
                requests, root, force, pdf, min(jobs, len(requests)), progress, checked
            )
            pool = _take_pool(scheduler.jobs, pdf)
            trace.event("pool")
            _warm_index(root)
            try:
                scheduler.run(pool)
            finally:
                trace.event("all-done", f"{trace.process_cpu_s():.2f}")
                pool.shutdown(wait=True, cancel_futures=True)
                _stop_print_service()  # its browser stays this process's (a sweep's chart)
                workers.stop_server()
                trace.event("pool-ended")
                scheduler.abandon()
                _stop_kernel_template()  # its workers' kernels ended with their leases
                trace.event("pool-shut")
                progress.close()
            return [scheduler.outcomes[i] for i in range(len(requests))]
    outcomes: dict[int, RunOutcome] = {}
    index = {id(r): i for i, r in enumerate(requests)}
    ordered = [request for wave in waves(requests) for request in wave]
    try:
        for n, request in enumerate(ordered):
            i = index[id(request)]
            label = f"{request.report}/{request.scenario}"
            failed = [
                f"{requests[d].report}/{requests[d].scenario}"
                for d in sorted(deps[i])
                if outcomes[d].status == "failed"
            ]
            if failed:
                outcome = failed_outcome(
                    request, str(root), f"not run: it reads {', '.join(failed)}, which failed"
                )
                outcomes[i] = outcome
                progress.finished(label, outcome)
                continue

            def started(req: RunRequest, reasons: list[str], label: str = label) -> None:
                progress.started(label, reasons)

            try:
                # one report after another, as in a worker: a kernel that ran a notebook
                # is emptied and kept for the next report instead of starting a new one
                keep = n < len(ordered) - 1
                outcome = run_report(
                    request, root, force=force, pdf=pdf, on_start=started, keep_warm=keep
                )
            except Exception as exc:  # report the failure; never kill the whole build
                outcome = failed_outcome(request, str(root), f"{type(exc).__name__}: {exc}")
            outcomes[i] = outcome
            progress.finished(label, outcome)
    finally:
        progress.close()
        if len(ordered) > 1:
            from hyesan_analysis.reporting.engine import execute

            execute.discard_warm_kernel()  # one kept for a report that was up to date
    return [outcomes[i] for i in range(len(requests))]


def run_with_upstream(
    requests: Sequence[RunRequest],
    root: Path,
    force: bool = False,
    pdf: bool = True,
    progress: Progress | None = None,
) -> list[RunOutcome]:
    """Run the last request after the others (the reports it reads, in its world), which
    are built only when missing or stale; ``force`` re-runs the last one only.

    ``hyesan-report run`` calls this with ``resolve_with_upstream``'s requests. Without
    ``force`` they are one batch (the last one executes on its upstream's pending results,
    in a warm worker); with it, the upstream batch runs first.
    """
    progress = progress or Progress(len(requests))
    if not force:
        return run_many(requests, root, pdf=pdf, progress=progress)
    *upstream, target = requests
    label = f"{target.report}/{target.scenario}"
    outcomes = run_many(upstream, root, pdf=pdf, progress=progress) if upstream else []
    failed = [f"{o.report}/{o.scenario}" for o in outcomes if o.status == "failed"]
    if failed:
        outcome = failed_outcome(
            target, str(root), f"not run: it reads {', '.join(failed)}, which failed"
        )
    else:

        def started(req: RunRequest, reasons: list[str]) -> None:
            progress.started(label, reasons)

        outcome = run_report(target, root, force=force, pdf=pdf, on_start=started)
    progress.finished(label, outcome)
    progress.close()
    return [*outcomes, outcome]
