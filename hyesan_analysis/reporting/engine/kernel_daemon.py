"""A kernel kept ready between commands, so that the next `run` starts its notebook at once.

A new kernel costs ~1 s to start and ~1.5 s more to import pandas, SciPy and matplotlib
(``execute.PRELOAD``): most of what an analyst waits for after changing one parameter.
As Quarto does for its renders, a small background process (the daemon) keeps one such
kernel started and pre-imported, and the next command on this machine takes it instead of
starting its own. Unlike Quarto's, a kernel serves **one** command only: it has run no
notebook code when it is handed over, and it is killed when that command is done (the
daemon then starts a fresh one). So a result never depends on the daemon: the kernel it
lends is the kernel the command would have started, imports done a little earlier.

A command only takes a kernel started from the same code and settings: the daemon is keyed
by the Python interpreter, every file of the package (its data included), the installed
packages, the working folder and the environment variables. Anything else finds no daemon
(another key, another socket) and starts its own kernel as before.

When it is used (``HYESAN_KERNEL_DAEMON``): ``1`` always; ``0`` never; unset, only when the
command runs in a terminal (stdin and stdout are TTYs) and not in CI, so scripts, tests and
CI never leave a process behind. The daemon ends after ``IDLE_S`` without a request, when
its key no longer matches the files, or on ``hyesan-report daemon stop``.

Protocol: one JSON line each way over a Unix socket in a private folder (0700). ``take``
answers the kernel's connection file and pid, or ``{"ready": false}``; the connection then
stays open as the lease, and its end (the command is done, or died) ends the kernel.
``status`` and ``stop`` answer and close.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.engine import trace

ENV = "HYESAN_KERNEL_DAEMON"
IDLE_ENV = "HYESAN_KERNEL_DAEMON_IDLE_S"
IDLE_S = 300.0
CHECK_EVERY_S = 2.0  # how often the daemon re-reads its key (files changed: it ends)
PACKAGE_DIR = Path(__file__).resolve().parents[2]
# Environment variables that change from one shell command to the next without changing
# what a kernel computes.
_VOLATILE_ENV = {"_", "OLDPWD", "PWD", "SHLVL", "COLUMNS", "LINES", "TERM", "HYESAN_TRACE", ENV}


def enabled() -> bool:
    """Whether this command may use (and start) a daemon; see the module docstring."""
    value = os.environ.get(ENV, "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    if os.environ.get("CI"):
        return False
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def decide_for_children() -> None:
    """Pass this command's decision to the worker processes it starts (they have no
    terminal to look at): set ``HYESAN_KERNEL_DAEMON`` in this process's environment."""
    os.environ[ENV] = "1" if enabled() else "0"


def key() -> str:
    """What a kernel's imports depend on, hashed: the interpreter, the package's files
    (modification time and size of each), the installed packages (their folders'
    modification times), the working folder and the environment."""
    digest = hashlib.sha256()
    digest.update(f"{os.path.realpath(sys.executable)}\0{sys.version}\0{os.getcwd()}\0".encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        stat = path.stat()
        digest.update(
            f"{path.relative_to(PACKAGE_DIR)}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode()
        )
    for folder in sorted({p for p in sys.path if p and "site-packages" in p}):
        try:
            digest.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode())
        except OSError:
            pass
    for name, value in sorted(os.environ.items()):
        if name not in _VOLATILE_ENV:
            digest.update(f"{name}={value}\0".encode())
    return digest.hexdigest()[:20]


def socket_path(daemon_key: str | None = None) -> Path:
    """The daemon's socket for this key, in a folder only this user can enter."""
    folder = Path(tempfile.gettempdir()) / f"hyesan-kd-{os.getuid()}"
    return folder / f"{daemon_key or key()}.sock"


def private_folder_ok(folder: Path) -> bool:
    """Whether ``folder`` is this user's and closed to everyone else: a socket in a folder
    another user made (or can write to) could hand out a kernel that is not ours."""
    try:
        stat = folder.lstat()
    except OSError:
        return False
    return folder.is_dir() and stat.st_uid == os.getuid() and stat.st_mode & 0o077 == 0


def _ask(path: Path, request: str, timeout_s: float = 2.0) -> tuple[dict[str, Any], socket.socket]:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout_s)
    try:
        client.connect(str(path))
        client.sendall(request.encode() + b"\n")
        answer = client.makefile("rb").readline()
    except OSError:
        client.close()
        raise
    if not answer:
        client.close()
        raise OSError("no answer")
    return json.loads(answer), client


# --- the command's side -------------------------------------------------------------------


def borrow() -> Any | None:
    """A ready kernel manager lent by the daemon for this key, or None (no daemon, not
    ready, not enabled). The kernel is this process's until ``release``."""
    if not enabled():
        return None
    path = socket_path()
    if not path.exists() or not private_folder_ok(path.parent):
        return None
    try:
        answer, lease = _ask(path, "take")
    except (OSError, ValueError):
        return None
    if not answer.get("ready"):
        lease.close()
        return None
    from hyesan_analysis.reporting.engine.borrowed_kernel import borrowed_manager

    try:
        km = borrowed_manager(answer["connection_file"], int(answer["pid"]), lease)
    except Exception:  # a vanished or unreadable connection file: start one instead
        lease.close()
        return None
    trace.event("kernel-borrowed", str(answer["pid"]))
    return km


def ensure_started() -> None:
    """Start a daemon for this key if enabled and none answers (for the next command).

    The daemon runs in its own session with no terminal and none of this process's files,
    so nothing waits for it (a pipe, make, CI).
    """
    if not enabled():
        return
    daemon_key = key()
    path = socket_path(daemon_key)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    if not private_folder_ok(path.parent):
        return  # someone else's folder: no daemon rather than an unsafe one
    if path.exists():
        try:
            _ask(path, "status", timeout_s=0.5)[1].close()
            return
        except (OSError, ValueError):
            pass
    with open(path.with_suffix(".log"), "wb") as log:  # what it says if it fails
        subprocess.Popen(
            [sys.executable, "-m", __name__, "serve", daemon_key],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
            close_fds=True,
        )


def status() -> dict[str, Any] | None:
    """The daemon's state for this key (None when none runs)."""
    try:
        answer, client = _ask(socket_path(), "status", timeout_s=1.0)
    except (OSError, ValueError):
        return None
    client.close()
    return answer


def stop(path: Path, timeout_s: float = 10.0) -> bool:
    """Stop the daemon behind one socket and wait for it to end; False if none answered."""
    try:
        answer, client = _ask(path, "stop", timeout_s=1.0)
    except (OSError, ValueError):
        path.unlink(missing_ok=True)  # nobody behind it
        return False
    client.close()
    pid = int(answer.get("pid", 0))
    deadline = time.monotonic() + timeout_s
    from hyesan_analysis.reporting.engine.lifecycle import pid_alive

    while pid and pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return True


def stop_all(timeout_s: float = 10.0) -> int:
    """Stop every daemon of this user (any key); return how many there were."""
    folder = socket_path("x").parent
    paths = sorted(folder.glob("*.sock")) if folder.is_dir() else []
    return sum(stop(path, timeout_s) for path in paths)


def main(argv: list[str]) -> int:
    """``python -m ...kernel_daemon serve KEY``: run the daemon (see kernel_daemon_server)."""
    if len(argv) != 2 or argv[0] != "serve":
        print("usage: python -m hyesan_analysis.reporting.engine.kernel_daemon serve KEY")
        return 2
    from hyesan_analysis.reporting.engine.kernel_daemon_server import serve

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is not for it
    return serve(argv[1], float(os.environ.get(IDLE_ENV, IDLE_S)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
