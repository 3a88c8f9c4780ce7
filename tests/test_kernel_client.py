"""ReadyKernelClient: ready on the kernel's idle status, without a fixed IOPub wait.

Scripted channels stand in for a kernel, so most tests check which messages the client
consumes rather than how long it takes; the last one talks to a real kernel.
"""

import asyncio
from queue import Empty
from typing import Any

import pytest
from jupyter_client.asynchronous import AsyncKernelClient

from hyesan_analysis.reporting.engine.kernel_client import ReadyKernelClient


def status(state: str, parent: str) -> dict[str, Any]:
    return {
        "msg_type": "status",
        "parent_header": {"msg_id": parent},
        "content": {"execution_state": state},
    }


def reply(parent: str) -> dict[str, Any]:
    return {"msg_type": "kernel_info_reply", "parent_header": {"msg_id": parent}, "content": {}}


class ScriptedChannel:
    """Delivers, after the client's n-th kernel_info request, the messages of round n."""

    def __init__(self, client: "ScriptedClient", rounds: dict[int, list[dict[str, Any]]]) -> None:
        self.client = client
        self.rounds = {n: list(messages) for n, messages in rounds.items()}

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.rounds.setdefault(len(self.client.requests), [])

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        if not self.messages:
            raise Empty
        return self.messages.pop(0)


class ScriptedClient(ReadyKernelClient):
    def __init__(
        self, shell: dict[int, list[dict[str, Any]]], iopub: dict[int, list[dict[str, Any]]]
    ) -> None:
        super().__init__()
        self._shell, self._iopub = ScriptedChannel(self, shell), ScriptedChannel(self, iopub)
        self.requests: list[str] = []
        self.handled: dict[str, Any] | None = None

    @property
    def shell_channel(self) -> ScriptedChannel:  # type: ignore[override]
        return self._shell

    @property
    def iopub_channel(self) -> ScriptedChannel:  # type: ignore[override]
        return self._iopub

    def kernel_info(self) -> str:  # type: ignore[override]
        self.requests.append(f"req-{len(self.requests) + 1}")
        return self.requests[-1]

    async def _async_is_alive(self) -> bool:
        return True

    def _handle_kernel_info_reply(self, msg: dict[str, Any]) -> None:
        self.handled = msg


def test_nbclient_calls_our_wait_for_ready() -> None:
    # AsyncKernelClient binds wait_for_ready to the base function: overriding only the
    # private coroutine would silently change nothing
    assert ReadyKernelClient.wait_for_ready is not AsyncKernelClient.wait_for_ready


def test_ready_at_idle_leaves_later_messages_alone() -> None:
    later = {"msg_type": "stream", "parent_header": {"msg_id": "other"}, "content": {}}
    client = ScriptedClient(
        shell={1: [reply("req-1")]},
        iopub={1: [status("busy", "req-1"), status("idle", "req-1"), later]},
    )
    asyncio.run(client.wait_for_ready(timeout=5))
    assert client.requests == ["req-1"]
    assert client.handled == reply("req-1")
    # jupyter_client would have drained IOPub until 0.2 s of silence, taking this too
    assert client.iopub_channel.messages == [later]


def test_missed_idle_status_asks_again() -> None:
    """A new IOPub subscriber can miss the first answer: the client asks again."""
    client = ScriptedClient(
        shell={1: [reply("req-1")], 2: [reply("req-2")]},
        iopub={1: [status("starting", "")], 2: [status("busy", "req-2"), status("idle", "req-2")]},
    )
    asyncio.run(client.wait_for_ready(timeout=5))
    assert client.requests == ["req-1", "req-2"]
    assert client.handled == reply("req-2")


@pytest.mark.notebook
def test_kernel_client_is_ready_without_losing_output() -> None:
    """Our client skips jupyter_client's fixed IOPub wait; the first output must still
    arrive (a new IOPub subscriber that missed messages would lose it)."""
    from jupyter_core.utils import run_sync

    from hyesan_analysis.reporting.engine import execute

    km = execute._kernel_manager_class()(kernel_name="python3")
    run_sync(km.start_kernel)()
    try:
        client = km.client()
        assert isinstance(client, ReadyKernelClient)
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        texts: list[str] = []

        def hook(msg: dict) -> None:
            if msg["msg_type"] == "stream":
                texts.append(msg["content"]["text"])

        run_sync(client.execute_interactive)("print('first output')", output_hook=hook, timeout=60)
        assert texts == ["first output\n"]
        client.stop_channels()
    finally:
        run_sync(km.shutdown_kernel)(now=True)
