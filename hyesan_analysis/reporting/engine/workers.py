"""A build's worker processes: where they come from, and how each starts.

**Where from.** The pool (build.py) uses multiprocessing's "forkserver" start method. Its
server imports ``worker_preload`` (or ``worker_preload_pdf``) before it forks anything, so
each worker starts with papermill, nbformat, nbconvert (and WeasyPrint) imported instead of
importing them itself: on two cores that a cold build keeps busy, one copy of that CPU
instead of one per worker. ``HYESAN_WORKER_SERVER=0`` spawns the workers instead.

**How each starts.** ``warm_up``, the pool's initializer: its kernel (forked from the
build's kernel template), its warm-ups in niced threads, and its end with the CLI.
"""

from __future__ import annotations

import os
import threading
from multiprocessing import get_context
from typing import Any

from hyesan_analysis.reporting.engine import switched_off, trace

# HYESAN_WORKER_SERVER=0: spawn each worker, which then imports and warms for itself
WORKER_SERVER_ENV = "HYESAN_WORKER_SERVER"


def context(pdf: bool) -> Any:
    """The "forkserver" context, its server started now with the workers' imports
    (worker_preload.py), or None (no such start method, or turned off).

    A server started for an earlier pool of this process is stopped first: it holds that
    pool's environment, folder and code, and a pool's workers must see the current ones.
    """
    if switched_off(WORKER_SERVER_ENV):
        return None
    try:
        context = get_context("forkserver")
    except ValueError:  # not on this platform
        return None
    from multiprocessing import forkserver

    stop_server()
    engine = "hyesan_analysis.reporting.engine"
    context.set_forkserver_preload(
        [f"{engine}.worker_preload_pdf" if pdf else f"{engine}.worker_preload"]
    )
    forkserver.ensure_running()  # from this thread: the server's death signal follows it
    trace.event("worker-server-started")
    return context


def stop_server() -> None:
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


def warm_up(
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
    if template is not None and not forked:  # a forked worker has them from its server
        # the template's imports are the build's critical path: this worker's own run in
        # a niced thread (joined here: one thread imports at a time), on what the template
        # leaves of the cores; the main thread keeps its priority for the reports
        lifecycle.run_niced(_imports, "hyesan-worker-imports")
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


def _imports() -> None:
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
