"""A kernel manager for a kernel another process started (the kernel daemon's, or one
forked by a build's kernel template).

papermill and nbclient drive a kernel through its manager: they ask whether it is alive,
interrupt it on a timeout and shut it down. For a lent kernel these act on its pid (this
user's process, so signals reach it), and ending it also ends the lease, the open socket
to the daemon, which then starts a fresh kernel. Nothing else of jupyter_client changes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
from typing import Any

from hyesan_analysis.reporting.engine.lifecycle import pid_alive

_CLASS: type | None = None
_ENDED_LEASES: list[socket.socket] = []  # kept open (see ``end``)


def borrowed_manager(
    connection_file: str, pid: int, lease: socket.socket, folder: str | None = None
) -> Any:
    """A manager for the running kernel ``pid`` described by ``connection_file``;
    ``folder``, this process's (a forked kernel's sockets), is removed when it ends."""
    km = _manager_class()(kernel_name="python3")
    km.load_connection_file(connection_file)
    km.borrowed_pid = pid
    km.lease = lease
    km.own_folder = folder
    return km


def _manager_class() -> type:
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    from jupyter_client.manager import AsyncKernelManager

    class BorrowedKernelManager(AsyncKernelManager):  # type: ignore[misc]
        borrowed_pid = 0
        lease: socket.socket | None = None
        own_folder: str | None = None

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            # ready without jupyter_client's fixed 0.2 s wait (see kernel_client.py)
            self.client_class = "hyesan_analysis.reporting.engine.kernel_client.ReadyKernelClient"

        @property
        def has_kernel(self) -> bool:
            return self.lease is not None and pid_alive(self.borrowed_pid)

        async def _async_is_alive(self) -> bool:
            return self.lease is not None and pid_alive(self.borrowed_pid)

        is_alive = _async_is_alive

        async def interrupt_kernel(self) -> None:  # type: ignore[override]
            self._signal(signal.SIGINT)

        async def signal_kernel(self, signum: int) -> None:  # type: ignore[override]
            self._signal(signum)

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
            self.end()

        async def cleanup_resources(self, restart: bool = False) -> None:  # type: ignore[override]
            """The daemon removes its kernel's folder; ``end`` a forked kernel's."""

        def _signal(self, signum: int) -> None:
            if self.lease is not None:
                try:
                    os.kill(self.borrowed_pid, signum)
                except OSError:
                    pass

        def end(self) -> None:
            """Kill the kernel. The lease stays open until this process ends (its socket is
            closed then): the daemon starts the next kernel only when the command is done,
            not while it renders on the same cores."""
            self._signal(signal.SIGKILL)
            lease, self.lease = self.lease, None
            if lease is not None:
                _ENDED_LEASES.append(lease)
            if self.own_folder:
                shutil.rmtree(self.own_folder, ignore_errors=True)

    _CLASS = BorrowedKernelManager
    return BorrowedKernelManager
