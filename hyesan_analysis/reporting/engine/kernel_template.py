"""Kernels forked from one pre-imported process: a build pays the kernel imports once.

Every kernel of a build spends ~2 s of CPU starting ipykernel and importing pandas, SciPy,
matplotlib and seaborn (``execute.PRELOAD``); on two cores, that is time the reports wait
for. So a build starts one *template* process that imports all of it once and then, for
each worker that asks, forks a child that becomes a kernel (ipykernel's own ``IPKernelApp``,
on the worker's connection file). A forked kernel has imported exactly what a spawned,
pre-warmed one has and has run no notebook code, so results do not change (tested).

The template imports nothing else and starts no thread (it checks before each fork); it
sets ``MPLBACKEND`` as ipykernel does before matplotlib is imported, so figures use the
same inline backend. Lifetimes:

- the template ends when the CLI does: its stdin is a pipe from the CLI (EOF ends it), and
  Linux kills it with its parent (``lifecycle.set_parent_death_signal``);
- a kernel ends with its lease (the worker's connection to the template: a worker that
  ends or dies closes it) and with the template (parent-death signal, and ipykernel's
  parent poller);
- each kernel runs in its own session, so a signal meant for it reaches nothing else.

A worker that cannot reach the template (``HYESAN_KERNEL_TEMPLATE=0``, a failed fork, a
template that died) starts its kernel itself, as before.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import secrets
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.engine import switched_off, trace

ENV = "HYESAN_KERNEL_TEMPLATE"  # "0": workers start their own kernels
TEMPLATE_DIR_PREFIX = "hyesan-kt-"  # its socket's folder: hyesan-kt-<pid of the command>-...
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets
# What a kernel's start imports once forked (found by comparing sys.modules): IPython's
# debugger, its history's sqlite3, psutil, tornado's asyncio loop; ~0.05 s per kernel.
KERNEL_START_IMPORTS = (
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.extensions.storemagic",
    "faulthandler",
    "psutil",
    "runpy",
    "sqlite3",
    "tornado.platform.asyncio",
)
_started: tuple[subprocess.Popen[bytes], Path] | None = None


def enabled() -> bool:
    return not switched_off(ENV)


# --- the CLI's side: start and stop the template -----------------------------------------


def start() -> str | None:
    """Start this process's template (once); return its socket's path, or None.

    The socket is bound here, before the template has imported anything, so a worker can
    connect at once; its request waits in the backlog until the template is ready.
    """
    global _started
    if _started is not None:
        return str(_started[1] / "t.sock")
    if not enabled():
        return None
    import atexit

    from hyesan_analysis.reporting.engine.lifecycle import private_temp_dir

    folder = private_temp_dir(TEMPLATE_DIR_PREFIX)  # and those of killed commands removed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(folder / "t.sock"))
        listener.listen(16)
        process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(os.getpid()), str(listener.fileno())],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(listener.fileno(),),
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    finally:
        listener.close()  # the template holds it now
    _started = (process, folder)
    atexit.register(stop)
    trace.event("template-started", str(process.pid))
    return str(folder / "t.sock")


def stop() -> None:
    """End the template and every kernel it forked (at exit, or once a build is done)."""
    global _started
    if _started is None:
        return
    process, folder = _started
    _started = None
    try:
        if process.stdin is not None:
            process.stdin.close()  # EOF: the template kills its kernels and ends
        process.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
        process.wait()
    shutil.rmtree(folder, ignore_errors=True)


# --- a worker's side: ask for a kernel ---------------------------------------------------


def fork_kernel(socket_path: str, timeout_s: float = 120.0) -> Any | None:
    """A kernel forked by the template at ``socket_path``, ready, as a kernel manager
    (``borrowed_kernel``); None when the template cannot give one (start your own)."""
    from jupyter_client.connect import write_connection_file

    from hyesan_analysis.reporting.engine import borrowed_kernel, execute
    from hyesan_analysis.reporting.engine.lifecycle import private_temp_dir

    folder = str(private_temp_dir(execute.KERNEL_DIR_PREFIX))
    connection_file = os.path.join(folder, "kernel.json")
    lease = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        _, config = write_connection_file(
            connection_file,
            ip=os.path.join(folder, "k"),
            transport="ipc",
            key=secrets.token_hex(16).encode(),
        )
        lease.settimeout(timeout_s)
        lease.connect(socket_path)
        # the worker's folder and environment, as a kernel it started itself would have
        request = {"connection_file": connection_file, "cwd": os.getcwd(), "env": dict(os.environ)}
        lease.sendall(json.dumps(request).encode() + b"\n")
        answer = json.loads(lease.makefile("rb").readline() or b"{}")
        pid = int(answer["pid"])
        lease.settimeout(None)
        km = borrowed_kernel.borrowed_manager(connection_file, pid, lease, folder=folder)
    except (OSError, ValueError, KeyError, TypeError):
        lease.close()
        shutil.rmtree(folder, ignore_errors=True)
        return None
    from jupyter_core.utils import run_sync

    client = km.client()  # kernel_client.ReadyKernelClient: no fixed waits
    try:
        _wait_until_bound(config, pid, timeout_s=60.0)
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
    except Exception:
        km.end()
        return None
    finally:
        client.stop_channels()
    trace.event("kernel-forked", str(pid))
    trace.event("kernel-warm")
    return km


def _wait_until_bound(config: Mapping[str, Any], pid: int, timeout_s: float) -> None:
    """Wait until the forked kernel has bound its IPC sockets (their files exist). A client
    that connects sooner is refused and zmq tries again only 100 ms later, per socket:
    ~0.3 s lost on every forked kernel."""
    from hyesan_analysis.reporting.engine.lifecycle import pid_alive

    names = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
    paths = [f"{config['ip']}-{config[name]}" for name in names]
    deadline = time.monotonic() + timeout_s
    while not all(os.path.exists(path) for path in paths):
        if time.monotonic() > deadline or not pid_alive(pid):
            raise RuntimeError("the forked kernel did not start")
        time.sleep(0.002)


# --- the template process ----------------------------------------------------------------


def _become_kernel(request: dict[str, Any], inherited: list[Any]) -> None:
    """In a forked child: shed the template's sockets, then run ipykernel until it ends."""
    gc.enable()  # off in the template only
    for thing in inherited:  # closed through their objects: a bare fd number could be
        thing.close()  # reused by ipykernel's sockets and closed again when collected
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.setsid()
    from hyesan_analysis.reporting.engine.lifecycle import set_parent_death_signal

    set_parent_death_signal()
    for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ipykernel's parent poller watches it
    os.chdir(request["cwd"])
    from ipykernel.kernelapp import IPKernelApp

    from hyesan_analysis.reporting.engine.execute import KERNEL_ARGS

    argv = ["-f", str(request["connection_file"]), *KERNEL_ARGS]
    sys.argv = ["ipykernel_launcher", *argv]
    IPKernelApp.launch_instance(argv=argv)


class _Template:
    def __init__(self, listener: socket.socket) -> None:
        self.listener = listener
        self.leases: dict[socket.socket, int] = {}  # connection -> its kernel's pid

    def fork(self, conn: socket.socket, sel: selectors.BaseSelector) -> None:
        conn.settimeout(5.0)
        try:
            request = json.loads(conn.makefile("rb").readline())
            if threading.active_count() != 1:  # a fork would copy a thread's held locks
                raise RuntimeError("the template has threads")
        except (OSError, ValueError, RuntimeError):
            conn.close()
            return
        pid = os.fork()
        if pid == 0:
            try:
                _become_kernel(request, [sel, self.listener, conn, *self.leases])
            except BaseException:
                os._exit(1)
            os._exit(0)
        try:
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        except OSError:
            _kill(pid)
            conn.close()
            return
        conn.settimeout(None)
        self.leases[conn] = pid

    def loop(self, parent_pid: int) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self.listener, selectors.EVENT_READ, "listen")
        sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "cli")
        while os.getppid() == parent_pid:
            for item, _ in sel.select(timeout=0.5):
                if item.data == "cli":
                    if not os.read(sys.stdin.fileno(), 4096):
                        return  # the CLI closed its end, or ended
                elif item.data == "listen":
                    try:
                        conn, _ = self.listener.accept()
                    except OSError:
                        continue
                    self.fork(conn, sel)
                    if conn in self.leases:
                        sel.register(conn, selectors.EVENT_READ, "lease")
                else:  # a lease ended: its worker is done with the kernel, or died
                    conn = item.fileobj  # type: ignore[assignment]
                    sel.unregister(conn)
                    _kill(self.leases.pop(conn))
                    conn.close()
            _reap()

    def shutdown(self) -> None:
        for conn, pid in self.leases.items():
            _kill(pid)
            conn.close()
        self.leases.clear()
        _reap()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(parent_pid: int, listener_fd: int) -> int:
    """The template's life: import, then fork a kernel per request until the CLI ends."""
    from hyesan_analysis.reporting.engine import execute, lifecycle

    # The collector stays off in the template, as gc.freeze's documentation advises for a
    # process that forks without exec: its imports then run ~8% faster (no collections of a
    # heap that only grows; 2.44 against 2.65 CPU-s, medians of 8 runs), for ~1 MB of
    # import-time garbage kept; each kernel turns it back on (``_become_kernel``).
    gc.disable()
    lifecycle.set_parent_death_signal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is the CLI's to handle
    if os.getppid() != parent_pid:
        return 1
    listener = socket.socket(fileno=listener_fd)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # before matplotlib reads it
    # with ipykernel.debugger, which every kernel's start imports (IPythonKernel asks
    # whether debugpy is there: ~0.15 s), paid once here instead of in each forked kernel
    import ipykernel.debugger
    import ipykernel.kernelapp  # noqa: F401

    for name in KERNEL_START_IMPORTS:
        importlib.import_module(name)
    exec(execute.PRELOAD, {})  # the imports only, in a namespace thrown away
    # What is imported now is never freed: kept out of the collector's sight, a kernel's
    # collections neither scan it nor copy its pages (each fork shares them with us).
    gc.freeze()
    trace.event("template-ready", f"{trace.process_cpu_s():.2f}")
    template = _Template(listener)
    try:
        template.loop(parent_pid)
    finally:
        template.shutdown()
        listener.close()
    return 0


if __name__ == "__main__":
    code = serve(int(sys.argv[1]), int(sys.argv[2]))
    os._exit(code)  # nothing to save: skip ~0.4 s of freeing pandas, SciPy and matplotlib
