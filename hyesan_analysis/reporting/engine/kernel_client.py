"""A kernel client that is ready as soon as the kernel says so, without a fixed wait.

jupyter_client's ``wait_for_ready`` ends by draining IOPub until it has been silent for
0.2 s: a fixed 0.2 s for every notebook papermill runs, during which the kernel is idle.
This client instead waits for the kernel's ``idle`` status that answers its own
``kernel_info`` request; after that message nothing else of that request can arrive, and
nbclient ignores IOPub messages that answer other requests anyway.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import ensure_async

from hyesan_analysis.reporting.engine import trace


class ReadyKernelClient(AsyncKernelClient):  # type: ignore[misc]
    # AsyncKernelClient binds ``wait_for_ready`` to the base class's function, so the public
    # name is the one to override (nbclient calls it).
    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (60.0 if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            reply = await self._reply_to(msg_id, timeout=1.0)
            # IOPub may not be connected yet (a new subscriber misses earlier messages):
            # then the idle status is not seen, and the request is sent again after 0.2 s,
            # as jupyter_client itself does
            if reply is not None and await self._idle_after(msg_id, timeout=0.2):
                self._handle_kernel_info_reply(reply)
                return
            trace.event("kernel-info-again")
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _reply_to(self, msg_id: str, timeout: float) -> dict[str, Any] | None:
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                msg: dict[str, Any] = await ensure_async(self.shell_channel.get_msg(timeout=left))
            except Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    async def _idle_after(self, msg_id: str, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.iopub_channel.get_msg(timeout=left))
            except Empty:
                return False
            if (
                msg["msg_type"] == "status"
                and msg["parent_header"].get("msg_id") == msg_id
                and msg["content"].get("execution_state") == "idle"
            ):
                return True
        return False
