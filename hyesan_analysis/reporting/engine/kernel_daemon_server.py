"""The kernel daemon's own loop (see kernel_daemon.py for what it is and when it is used).

One thread answers requests; a kernel starts in another, so a ``status`` or a ``take`` that
finds it still starting is answered at once (``{"ready": false}``: that command starts its
own kernel, which is what it would have done anyway).
"""

from __future__ import annotations

import fcntl
import json
import os
import selectors
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.engine import execute, kernel_daemon


class _Daemon:
    def __init__(self, daemon_key: str, idle_s: float) -> None:
        self.key, self.idle_s = daemon_key, idle_s
        self.km: Any = None  # the ready kernel's manager, or None
        self.starting: threading.Thread | None = None
        self.lease: socket.socket | None = None  # the connection of the command using it
        self.leased_km: Any = None
        self.last_used = time.monotonic()
        self.stale = False
        self.stopping = False

    # --- kernels ---------------------------------------------------------------------------

    def start_kernel(self) -> None:
        if self.starting is not None or self.km is not None or self.stale or self.stopping:
            return

        def start() -> None:
            try:
                km = execute._start_warm_kernel()
            except Exception:  # tried again at the next request (``answer``)
                km = None
            if km is not None and (self.stale or self.stopping):
                execute._kill_now(km)
                km = None
            self.km, self.starting = km, None

        self.starting = threading.Thread(target=start, name="kernel", daemon=True)
        self.starting.start()

    @staticmethod
    def process(km: Any) -> Any:
        """The kernel's Popen (None when it has none)."""
        return getattr(getattr(km, "provisioner", None), "process", None)

    def alive(self, km: Any) -> bool:
        process = self.process(km)
        return process is not None and process.poll() is None

    def end_lease(self) -> None:
        lease, km = self.lease, self.leased_km
        self.lease = self.leased_km = None
        if lease is not None:
            lease.close()
        if km is not None:
            execute._kill_now(km)  # killed already by the command, most likely: reaped here
        self.last_used = time.monotonic()
        self.start_kernel()

    # --- requests --------------------------------------------------------------------------

    def answer(self, conn: socket.socket, sel: selectors.BaseSelector) -> None:
        conn.settimeout(1.0)
        try:
            request = conn.makefile("rb").readline().decode().strip()
        except (OSError, UnicodeDecodeError):
            conn.close()
            return
        self.last_used = time.monotonic()
        reply: dict[str, Any] = {"pid": os.getpid(), "key": self.key}
        keep = False
        if request == "take":
            km = self.km
            if km is not None and self.lease is None and self.alive(km):
                self.km = None
                self.lease, self.leased_km, keep = conn, km, True
                reply.update(
                    ready=True, connection_file=km.connection_file, pid=self.process(km).pid
                )
            else:
                reply["ready"] = False
                if km is not None and not self.alive(km):  # died while idle: start another
                    self.km = None
                    execute._kill_now(km)
                self.start_kernel()  # none yet (a start failed): try again; else a no-op
        elif request == "status":
            reply.update(ready=self.km is not None, leased=self.lease is not None)
        elif request == "stop":
            self.stopping = True
        try:
            conn.sendall(json.dumps(reply).encode() + b"\n")
        except OSError:
            keep = False
            if self.lease is conn:
                self.lease = None
                self.km, self.leased_km = self.leased_km, None  # never handed over
        if keep:
            conn.settimeout(None)
            sel.register(conn, selectors.EVENT_READ, "lease")
        else:
            conn.close()

    def loop(self, listener: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        sel.register(listener, selectors.EVENT_READ, "listen")
        next_check = time.monotonic() + kernel_daemon.CHECK_EVERY_S
        self.start_kernel()
        while not self.stopping:
            for item, _ in sel.select(timeout=0.5):
                if item.data == "listen":
                    try:
                        conn, _ = listener.accept()
                    except OSError:
                        continue
                    self.answer(conn, sel)
                else:  # the lease's end: its command closed the socket (or died)
                    sel.unregister(item.fileobj)
                    self.end_lease()
            now = time.monotonic()
            if now >= next_check:
                next_check = now + kernel_daemon.CHECK_EVERY_S
                self.stale = kernel_daemon.key() != self.key
            idle = self.lease is None and now - self.last_used > self.idle_s
            if idle or (self.stale and self.lease is None):
                break
        self.shutdown()

    def shutdown(self) -> None:
        self.stopping = True
        if self.starting is not None:
            self.starting.join(timeout=120)
        for km in (self.km, self.leased_km):
            if km is not None:
                execute._kill_now(km)
        if self.lease is not None:
            self.lease.close()
        self.km = self.leased_km = self.lease = None


def serve(daemon_key: str, idle_s: float) -> int:
    """Run the daemon for ``daemon_key`` until idle, stale or stopped; 0 when it ran, 1
    when another daemon holds this key (or the files changed before it started)."""
    if kernel_daemon.key() != daemon_key:
        return 1
    path = kernel_daemon.socket_path(daemon_key)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    if not kernel_daemon.private_folder_ok(path.parent):
        return 1  # another user's folder, or open to others: serve nothing
    lock = open(path.with_suffix(".lock"), "w")  # held for the whole life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 1  # another daemon serves this key
    daemon = _Daemon(daemon_key, idle_s)
    signal.signal(signal.SIGTERM, lambda *_: setattr(daemon, "stopping", True))
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(8)
    try:
        daemon.loop(listener)
    finally:
        listener.close()
        Path(path).unlink(missing_ok=True)
        daemon.shutdown()
        path.with_suffix(".log").unlink(missing_ok=True)  # it ended well: nothing to read
        path.with_suffix(".lock").unlink(missing_ok=True)
        lock.close()
    return 0
