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
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import trace
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
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def _warm_up(
    parent_pid: int | None = None,
    gate: Any = None,
    template: str | None = None,
    sample_pdf: bool = False,
    forked: bool = False,
) -> None:
    """Worker initializer: pay the heavy imports once per worker, not once per report.

    Returns (the worker takes tasks) once its kernel has started and imported pandas and
    the rest; the rendering imports and the cache-check reads go on in a thread, since the
    first task needs neither before its notebook has run.

    ``template``: the socket of the build's kernel template (kernel_template.py), which
    forks kernels with those imports done. The first report waits for the template's
    imports, and every other report waits for the first (they read its results), so the
    rendering imports and cache-check reads run niced: on what the template's imports,
    then the first report's cells, leave of the cores. Without a template, ``gate``, a
    semaphore the pool's workers share, lets one kernel at a time do its imports
    (``execute.prewarm``), for the same reason. ``sample_pdf`` (a build with PDFs): the
    thread also pays WeasyPrint's first document (``export._sample_pdf``). The worker (and
    so its kernels) ends with ``parent_pid``, the CLI, however that ends (lifecycle.py).

    ``forked``: the worker was forked by the pool's fork server (worker_preload.py), which
    did the imports already (the warm-ups are still the worker's); the worker ends with
    that server, which ends with the CLI.
    """
    from hyesan_analysis.reporting.engine import execute, lifecycle

    execute.TEMPLATE_SOCKET = template
    if forked and parent_pid is not None:
        if not lifecycle.pid_alive(parent_pid):  # the CLI ended before this worker began
            os._exit(1)
        parent_pid = os.getppid()  # the fork server, which dies with the CLI
    if parent_pid is not None:
        lifecycle.die_with_parent(parent_pid, on_orphaned=execute.kill_kernels_now)
    trace.event("worker-start", "forked" if forked else "spawned")
    execute.prewarm(imports_gate=gate)  # first: it starts while this process imports
    if template is not None:
        # the template's imports are the build's critical path: this worker's own run in
        # a niced thread (joined here: one thread imports at a time), on what the template
        # leaves of the cores; the main thread keeps its priority for the reports
        importer = threading.Thread(target=_import_niced, name="hyesan-worker-imports")
        importer.start()
        importer.join()
    import atexit

    atexit.register(execute.exit_worker_now)  # runs before prewarm's own handler
    from hyesan_analysis.reporting.rendering import export

    niced = template is not None
    export.warm_up_in_background(low_priority=niced, sample_pdf=sample_pdf)
    threading.Thread(
        target=_warm_cache_checks, args=(niced,), name="hyesan-warm-checks", daemon=True
    ).start()
    execute.wait_for_warm_kernel()
    trace.event("worker-ready")


def _import_niced() -> None:
    from hyesan_analysis.reporting.engine.lifecycle import lowered_priority

    lowered_priority()
    import nbformat  # noqa: F401
    import papermill  # noqa: F401


def _warm_cache_checks(low_priority: bool = False) -> None:
    """Read what a cache check reads (the specs; the package modules each notebook reaches,
    kept per file and modification time) while the kernel starts: a worker's first task
    then starts its notebook at once. Only the defaults' inputs are computed: validating
    them would read the market data (pandas and all), which a worker never needs."""
    from hyesan_analysis.reporting.authoring.registry import all_reports
    from hyesan_analysis.reporting.engine import inputs
    from hyesan_analysis.reporting.engine.lifecycle import lowered_priority

    if low_priority:
        lowered_priority()
    try:
        for spec in all_reports().values():
            inputs.report_inputs(spec, spec.schema.defaults())
    except Exception:  # only time is at stake; the task's own check reports problems
        pass


_early_pool: ProcessPoolExecutor | None = None
_early_spawner: threading.Thread | None = None


# HYESAN_WORKER_SERVER=0: spawn each worker, which then imports and warms for itself
WORKER_SERVER_ENV = "HYESAN_WORKER_SERVER"


def _new_pool(jobs: int, pdf: bool = True) -> ProcessPoolExecutor:
    from hyesan_analysis.reporting.engine import kernel_template

    template = kernel_template.start() if jobs > 1 else None  # before the workers: first
    context = _worker_server_context(pdf)
    forked = context is not None
    if context is None:
        context = get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_warm_up,
        initargs=(
            os.getpid(),
            context.Semaphore(1) if jobs > 1 else None,
            template,
            pdf,
            forked,
        ),
    )


def _worker_server_context(pdf: bool) -> Any:
    """The "forkserver" context, its server started now with the workers' imports
    (worker_preload.py), or None (no such start method, or turned off).

    A server started for an earlier pool of this process is stopped first: it holds that
    pool's environment, folder and code, and a pool's workers must see the current ones.
    """
    if os.environ.get(WORKER_SERVER_ENV, "").strip().lower() in {"0", "false", "no", "off"}:
        return None
    try:
        context = get_context("forkserver")
    except ValueError:  # not on this platform
        return None
    from multiprocessing import forkserver

    stop_worker_server()
    engine = "hyesan_analysis.reporting.engine"
    context.set_forkserver_preload(
        [f"{engine}.worker_preload_pdf" if pdf else f"{engine}.worker_preload"]
    )
    forkserver.ensure_running()  # from this thread: the server's death signal follows it
    trace.event("worker-server-started")
    return context


def stop_worker_server() -> None:
    """End the workers' fork server, if one runs (its workers, if any are left, end with it).

    multiprocessing has no public call for it: ``_stop`` is what its own tests use. The
    server is sent SIGTERM first: ``_stop`` waits for it, and it ends by itself only once
    every worker has closed its "alive" pipe.
    """
    import signal
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if server is None or pid is None or not hasattr(server, "_stop"):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:  # gone already
        pass
    try:
        server._stop()
    except OSError:  # reaped by someone else
        pass


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
    elif force or not (Path(root) / "index.html").is_file():
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
    stop_worker_server()  # first: a worker's start that waits for it fails at once
    spawner, _early_spawner = _early_spawner, None
    if spawner is not None:
        spawner.join(10)
        stop_worker_server()  # in case the spawner's last start raced the first stop
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(5)
    _stop_kernel_template()
    trace.event("pool-dropped")


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
            try:
                scheduler.run(pool)
            finally:
                trace.event("all-done", f"{trace.process_cpu_s():.2f}")
                pool.shutdown(wait=True, cancel_futures=True)
                stop_worker_server()
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
