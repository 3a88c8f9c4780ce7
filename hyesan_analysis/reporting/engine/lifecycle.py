"""Child processes end with the CLI, whatever ends it (SIGKILL included).

A pool worker blocks on its task queue, whose pipe it holds both ends of, so it never sees
its parent go; a kernel polls its parent once a second (ipykernel's ``ParentPollerUnix``,
armed by ``JPY_PARENT_PID``) but only ends when its worker does. So every pool worker
(``workers.warm_up``) and the preview's kernel host call ``die_with_parent``: on Linux the
kernel sends it SIGKILL the moment its parent ends (``prctl(PR_SET_PDEATHSIG)``), and on
every system a watchdog thread notices a changed parent pid within half a second. The
worker's kernels then see their own parent gone and end within a second.

What a killed process leaves on disk (work folders, kernel folders) is named by its pid;
``owner_alive`` tells a live owner from a dead one, and from a new process that reuses the
pid (it started after the folder was made).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1
WATCH_INTERVAL_S = 0.5


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def lowered_priority(niceness: int = 10) -> None:
    """Lower the calling thread's scheduling priority (Linux: niceness is per thread).

    For warm-up work that must not take a core from a kernel's imports or cells: niced,
    it runs on what they leave. Elsewhere, or when refused, nothing changes.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
    except (AttributeError, OSError):
        pass


def run_niced(work: Callable[[], None], name: str = "hyesan-niced") -> None:
    """Run ``work`` in a niced thread (``lowered_priority``) and return once it has ended,
    swallowing its errors: for warm-ups and imports done ahead, where only time is at stake
    (what failed is done again, at normal priority, when it is needed)."""

    def niced() -> None:
        lowered_priority()
        try:
            work()
        except Exception:
            pass

    thread = threading.Thread(target=niced, name=name)
    thread.start()
    thread.join()


def stop_on_terminate() -> None:
    """Make SIGTERM (and SIGINT, if this process was started with it ignored) raise
    KeyboardInterrupt, so a long-running command stops the way Ctrl-C stops it.

    A shell without job control starts background commands with SIGINT ignored, and Python
    then installs no handler of its own; a service manager stops with SIGTERM. Either way
    the command should still write what it owes and end its children. Main thread only.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def watch_parent(
    parent_pid: int,
    on_orphaned: Callable[[], None] | None = None,
    interval_s: float = WATCH_INTERVAL_S,
) -> threading.Thread:
    """Start a daemon thread that ends this process once its parent is no longer
    ``parent_pid`` (after calling ``on_orphaned``, e.g. to kill a kernel)."""

    def orphaned() -> None:
        try:
            if on_orphaned is not None:
                on_orphaned()
        finally:
            os._exit(1)

    def loop() -> None:
        while True:
            if os.getppid() != parent_pid:
                orphaned()
            time.sleep(interval_s)

    thread = threading.Thread(target=loop, name="hyesan-parent-watchdog", daemon=True)
    thread.start()
    return thread


def die_with_parent(parent_pid: int, on_orphaned: Callable[[], None] | None = None) -> None:
    """End this process when ``parent_pid`` (its parent) ends: both mechanisms above.

    Checks once right away: a parent that ended before this call is noticed too.
    """
    set_parent_death_signal()
    if os.getppid() != parent_pid:
        os._exit(1)
    watch_parent(parent_pid, on_orphaned)


def _start_time_s(pid: int) -> float | None:
    """When process ``pid`` started (Unix time), from /proc; None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime_s = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    boot_s = time.time() - uptime_s
    return boot_s + ticks / os.sysconf("SC_CLK_TCK")


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs (ours or another user's; a zombie, ended but
    not yet reaped, does not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc here: it exists
    return state != "Z"


def owner_alive(pid: int, made_at_s: float | None = None) -> bool:
    """Whether the process that made something at ``made_at_s`` (Unix time) as ``pid`` is
    still running: the pid is alive and, where /proc says when it started, it started
    before the thing was made (not a later process that reuses the pid)."""
    if not pid_alive(pid):
        return False
    if made_at_s is None or pid == os.getpid():
        return True
    started = _start_time_s(pid)
    # one second of slack: start times are in clock ticks, and uptime drifts from the clock
    return started is None or started <= made_at_s + 1.0


def folder_owner_alive(folder: Path) -> bool:
    """For a folder named ``<pid>-...`` (optionally after a prefix that ends in a letter
    or '-'): whether its maker is alive (see ``owner_alive``); True if the name has none."""
    digits = folder.name.split("-")
    pid = next((part for part in digits if part.isdigit()), None)
    if pid is None:
        return True
    try:
        made = folder.stat().st_ctime
    except OSError:
        return False
    return owner_alive(int(pid), made)


def private_temp_dir(prefix: str) -> Path:
    """A new temporary folder ``<prefix><pid>-<random>`` of this process, made after the
    folders of that prefix whose maker is gone are removed (``remove_orphaned_temp_dirs``):
    a process killed outright (SIGKILL, out of memory) cannot remove its own."""
    import tempfile

    remove_orphaned_temp_dirs(prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def remove_orphaned_temp_dirs(prefix: str) -> None:
    """Remove this user's temporary folders named ``<prefix><pid>-...`` whose maker no
    longer runs (``folder_owner_alive``: a later process that reuses the pid is not it)."""
    import shutil
    import tempfile

    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        if not folder.name[len(prefix) :].split("-", 1)[0].isdigit():
            continue
        try:
            mine = folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and not folder_owner_alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
