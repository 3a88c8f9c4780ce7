"""Parameter injection and notebook execution (papermill, one isolated kernel per run).

We inject parameters ourselves, with ``repr()``, instead of papermill's translator: the
values are already validated and typed, and ``repr`` cannot be broken out of by quotes,
backslashes or newlines in a string. Papermill still executes the notebook and, on failure,
writes the executed notebook with its error banner.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.notebook import WORLD_VARIABLE
from hyesan_analysis.reporting.engine import trace

# The last cell of every run: which data files the kernel read, and which upstream figures
# the notebook took with rn.upstream_value (for the manifest); both displays are private
# (results.PRIVATE_MIME_PREFIX), stripped before export.
EPILOGUE = """\
from hyesan_analysis.reporting.authoring import notebook as _hyesan_rn
_hyesan_rn.emit_data_reads()
_hyesan_rn.emit_upstream_reads()"""


class NotebookStructureError(RuntimeError):
    """The notebook lacks what the runner needs (a cell tagged ``parameters``)."""


@dataclass
class ExecutionFailed(Exception):
    """A cell raised; carries what the CLI prints."""

    cell_index: int
    source: str
    ename: str
    evalue: str

    def __str__(self) -> str:
        return f"cell {self.cell_index} raised {self.ename}: {self.evalue}"


def inject_parameters(nb: Any, parameters: Mapping[str, Any], world: str = "default") -> Any:
    """Insert a tagged ``injected-parameters`` cell after the ``parameters`` cell, in place.

    The cell also sets the world the run belongs to (``notebook.WORLD_VARIABLE``), which
    the notebook's ``rn.world()`` returns and its upstream links use.
    """
    import nbformat

    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if "parameters" in c.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    if index is None:
        raise NotebookStructureError("notebook has no cell tagged 'parameters'")
    lines = ["# Parameters injected by hyesan-report (validated against the report's schema)"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    lines.append(f"{WORLD_VARIABLE} = {world!r}")
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    epilogue = nbformat.v4.new_code_cell(EPILOGUE)
    epilogue.metadata["tags"] = ["hyesan-epilogue"]
    nb.cells.append(epilogue)
    return nb


_KERNEL_CLASS: type | None = None
# as nbclient does for the kernels it starts: no IPython history database on disk
KERNEL_ARGS = ["--HistoryManager.hist_file=:memory:"]
KERNEL_DIR_PREFIX = "hyesan-k-"
# Every kernel this process started (pids; some long gone): killed at once by
# ``kill_kernels_now`` when the process finds itself orphaned (lifecycle.py).
KERNEL_PIDS: set[int] = set()


def kill_kernels_now() -> None:
    """SIGKILL every kernel this process started that still runs (no waiting).

    Only children not yet reaped are killed: a reaped kernel's pid may belong to another
    process by now.
    """
    import signal

    for pid in list(KERNEL_PIDS):
        try:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                continue  # it had ended (now reaped)
            os.kill(pid, signal.SIGKILL)
        except OSError:  # not our child (any more)
            pass


def _remove_orphaned_kernel_dirs() -> None:
    """Remove kernel folders (sockets, connection file) of processes that are gone.

    A process killed outright (SIGKILL, out of memory) cannot remove its own; the folder
    name carries the owner's pid, as the work folders in the store do.
    """
    from hyesan_analysis.reporting.engine.lifecycle import remove_orphaned_temp_dirs

    remove_orphaned_temp_dirs(KERNEL_DIR_PREFIX)


def _kernel_manager_class() -> type:
    """A kernel manager talking over private Unix sockets in its own temporary folder.

    TCP ports are picked by binding to port 0 and releasing it, which races when several
    kernels start at once; IPC sockets in a private folder cannot collide.
    """
    global _KERNEL_CLASS
    if _KERNEL_CLASS is not None:
        return _KERNEL_CLASS
    from jupyter_client.manager import AsyncKernelManager

    from hyesan_analysis.reporting.engine.lifecycle import private_temp_dir

    class IsolatedKernelManager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            # ready without jupyter_client's fixed 0.2 s wait (see kernel_client.py)
            self.client_class = "hyesan_analysis.reporting.engine.kernel_client.ReadyKernelClient"
            self._private_dir = str(private_temp_dir(KERNEL_DIR_PREFIX))  # orphans removed
            self.transport = "ipc"
            self.ip = os.path.join(self._private_dir, "k")
            self.connection_file = os.path.join(self._private_dir, "kernel.json")

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # The kernel's own log lines (e.g. the interrupt at shutdown) are noise to a
            # reader of the CLI; errors reach us as execution replies, not on stderr.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super()._async_launch_kernel(kernel_cmd, **kw)
            process = getattr(self.provisioner, "process", None)
            if process is not None:
                KERNEL_PIDS.add(process.pid)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._private_dir, ignore_errors=True)

    _KERNEL_CLASS = IsolatedKernelManager
    return IsolatedKernelManager


# --- warm kernels ------------------------------------------------------------------------
# A kernel costs ~1.3 s to start and ~1.2 s more to import pandas, matplotlib and seaborn.
# `prewarm()` pays both in a background thread (while this process imports papermill, or
# exports the previous report), and `execute()` takes the ready kernel. Only imports are
# done ahead: no notebook code, so results are the same as in a cold kernel.
PRELOAD = (
    "import numpy, pandas, scipy.stats, matplotlib, matplotlib.pyplot, seaborn\n"
    "import hyesan_analysis.reporting.authoring.notebook, hyesan_analysis.viz"
)
_warm: Any = None  # concurrent.futures.Future of a started kernel manager
_pool: Any = None
# A build's kernel template (kernel_template.py), set in its workers: kernels are forked
# from it, already imported, instead of started here.
TEMPLATE_SOCKET: str | None = None


# How long a kernel waits for another's imports before doing its own anyway.
IMPORTS_GATE_WAIT_S = 15.0


def _start_warm_kernel(imports_gate: Any = None) -> Any:
    from jupyter_core.utils import run_sync

    km = _kernel_manager_class()(kernel_name="python3")
    run_sync(km.start_kernel)(extra_arguments=KERNEL_ARGS)
    client = km.blocking_client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        trace.event("kernel-started")
        held = imports_gate is not None and imports_gate.acquire(timeout=IMPORTS_GATE_WAIT_S)
        try:
            client.execute_interactive(PRELOAD, store_history=False, silent=True, timeout=120)
        finally:
            if held:
                imports_gate.release()
    finally:
        client.stop_channels()
    trace.event("kernel-warm")
    return km


def prewarm(imports_gate: Any = None, template: bool = False) -> None:
    """Start a kernel for the next ``execute`` in the background (no-op if one is pending).

    ``imports_gate``: a semaphore shared with other processes; the kernel holds it while it
    imports (``PRELOAD``), so that kernels starting together get ready one after another.

    ``template`` (the CLI, for one report): when the daemon has no kernel to lend, start
    this process's kernel template (kernel_template.py) and fork the kernel from it, as a
    build's workers do. Its first cell then comes ~0.4 s sooner than with a kernel started
    through jupyter_client, which launches it ~0.3 s later and sends it ``PRELOAD`` only
    once it answers; the next kernels of the command (a report after the reports it reads)
    cost no imports at all.

    The thread is a daemon: a process that ends before the kernel is ready (bad input,
    nothing stale) does not wait for it; ``_discard_at_exit`` kills that kernel instead.
    """
    global _warm, _pool
    if _warm is not None:
        return
    if _pool is None:
        import atexit

        _pool = True
        atexit.register(_discard_at_exit)
    future: Future[Any] = Future()
    from hyesan_analysis.reporting.engine import kernel_daemon

    lent = kernel_daemon.borrow()  # a kernel the daemon started and pre-imported, if ready
    if lent is not None:
        future.set_result(lent)
        _warm = future
        return
    global TEMPLATE_SOCKET
    if template and TEMPLATE_SOCKET is None:
        from hyesan_analysis.reporting.engine import kernel_template

        TEMPLATE_SOCKET = kernel_template.start()

    # jupyter_client is imported here, not in the thread: the caller goes on to import
    # papermill, which imports it too, and two threads importing one package at once can
    # see it half-initialised (ImportError: partially initialized module).
    import jupyter_client.connect
    import jupyter_client.manager  # noqa: F401

    def start() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            km = None
            if TEMPLATE_SOCKET is not None:  # a build's worker: fork one, imports done
                from hyesan_analysis.reporting.engine import kernel_template

                km = kernel_template.fork_kernel(TEMPLATE_SOCKET)
            future.set_result(km or _start_warm_kernel(imports_gate))
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=start, name="hyesan-warm-kernel", daemon=True).start()
    _warm = future


def wait_for_warm_kernel(timeout_s: float = 120.0) -> None:
    """Block until the kernel ``prewarm`` started is ready (or failed: ``execute`` then
    starts one itself)."""
    future = _warm
    if future is not None:
        try:
            future.result(timeout=timeout_s)
        except Exception:
            pass


def _discard_at_exit() -> None:
    """At exit: shut a ready warm kernel down; kill one still starting, without waiting."""
    global _warm
    future = _warm
    if future is None:
        return
    if future.done():
        discard_warm_kernel()
        return
    _warm = None
    kill_kernels_now()


def _take_warm_kernel() -> Any:
    global _warm
    future, _warm = _warm, None
    if future is None:
        return None
    try:
        return future.result(timeout=120)
    except Exception:  # a failed warm start only costs the time; start cold instead
        return None


def _shutdown(km: Any) -> None:
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass


def discard_warm_kernel() -> None:
    """Shut down a warm kernel nobody will use (at exit, or before a process ends)."""
    km = _take_warm_kernel()
    if km is not None:
        _shutdown(km)


def _kill_now(km: Any) -> None:
    """Kill an idle kernel and reap it at once.

    jupyter_client's shutdown polls the process every 0.1 s; a kernel nobody will use
    again (a worker is exiting) has nothing to save, so SIGKILL and wait is enough.
    """
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is None:
        _shutdown(km)
        return
    try:
        process.kill()
        process.wait(timeout=10)
    except Exception:
        _shutdown(km)
        return
    shutil.rmtree(getattr(km, "_private_dir", ""), ignore_errors=True)


def exit_worker_now() -> None:
    """atexit handler of pool workers: kill the warm kernel, then end the process.

    A worker has sent its last result before it exits and holds nothing else worth
    saving, so it skips the interpreter's teardown (~0.25 s of freeing the modules of
    nbconvert, WeasyPrint and papermill) with ``os._exit``.
    """
    km = _take_warm_kernel()
    if km is not None:
        process = getattr(km.provisioner, "process", None)
        pid = getattr(process, "pid", None) or getattr(km, "borrowed_pid", None)
        trace.event("kernel-cpu", f"{trace.process_cpu_s(pid):.2f}" if pid else "?")
        _kill_now(km)
    trace.event("worker-cpu", f"{trace.process_cpu_s():.2f}")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(0)


# Exactly what `%reset -f` does (IPython's shell.reset(new_session=False)), without its two
# full garbage collections (~0.2 s per report with pandas, SciPy and matplotlib loaded):
# the previous notebook's unreachable objects are freed by Python's own collector later.
# No report depends on when that happens, and a test compares reused kernels with fresh
# ones byte for byte.
RESET = """\
def _hyesan_reset():
    import gc
    collect, gc.collect = gc.collect, lambda *args, **kwargs: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect
_hyesan_reset()
"""


def _prepare_kernel(km: Any, cwd: Path) -> None:
    """Move the kernel into ``cwd`` and empty its user namespace (a reused kernel).

    Waits for the execute reply on the shell channel only: the IOPub channel (and
    ``wait_for_ready``'s fixed 0.2 s flush of it) is not needed for a silent command.
    """
    client = km.blocking_client()
    try:
        client.start_channels(iopub=False, stdin=False, hb=False, control=False)
        msg_id = client.execute(
            # chdir first: the previous run's folder may be gone (a failed run's is
            # removed), and IPython's reset reads the working directory
            f"__import__('os').chdir({str(cwd)!r})\n" + RESET,
            silent=True,
            store_history=False,
        )
        while True:
            reply = client.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"]["status"] != "ok":
            raise RuntimeError("kernel preparation failed")
    finally:
        client.stop_channels()


def _keep(km: Any) -> None:
    """Keep a healthy kernel as the next one (pool workers run report after report)."""
    global _warm

    discard_warm_kernel()
    future: Future[Any] = Future()
    future.set_result(km)
    _warm = future


def execute(
    nb: Any,
    output_path: Path,
    cwd: Path,
    timeout_s: int = 600,
    keep_kernel: bool = False,
    on_cell_executed: Callable[..., None] | None = None,
) -> Any:
    """Execute a prepared notebook; write it to ``output_path`` (also when a cell fails).

    With ``keep_kernel``, a kernel that ran the notebook without error is kept for the next
    call (its namespace is emptied first); results do not depend on it, because every
    notebook starts from an emptied namespace (``RESET``) and its own seeded state, and a test checks that a
    build with reused kernels gives byte-identical results.json to fresh single runs.

    Raises
    ------
    ExecutionFailed
        A cell raised; the executed notebook with papermill's error banner is at
        ``output_path``.

    ``on_cell_executed``: nbclient's hook, called with each executed ``cell`` (its outputs
    complete) and its ``cell_index``.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    km = _take_warm_kernel()
    extra: dict[str, Any] = {}
    if on_cell_executed is not None:  # papermill hands its engine's extra arguments to nbclient
        extra["on_cell_executed"] = on_cell_executed
    if km is not None:
        try:
            _prepare_kernel(km, cwd)
            extra["km"] = km
        except Exception:
            _shutdown(km)
            km = None
    succeeded = False
    try:
        result = pm.execute_notebook(
            nb,
            str(output_path),
            parameters=None,
            kernel_name="python3",
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(cwd),
            execution_timeout=timeout_s,
            kernel_manager_class=_kernel_manager_class(),
            **extra,
        )
        succeeded = True
        return result
    except PapermillExecutionError as exc:
        raise ExecutionFailed(exc.cell_index, exc.source, exc.ename, exc.evalue) from None
    finally:
        if km is not None:
            if succeeded and keep_kernel:
                _keep(km)
            else:  # its notebook is written: nothing in it is worth a graceful shutdown
                _kill_now(km)
