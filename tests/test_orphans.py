"""No process outlives the CLI: SIGKILL of `run`, `build`, `sweep` or `preview` mid-run ends
its pool workers and kernels within seconds, and the next run collects the folders they left.

Every process of the killed CLI carries a marker in its environment (inherited by the pool
workers, the resource tracker and the kernels); the test scans /proc for it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import execute, kernel_template, lifecycle, preview, store

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc"),
]

HYESAN_REPORT = str(Path(sys.executable).with_name("hyesan-report"))
MARKER = "HYESAN_ORPHAN_TEST_MARKER"
GENEROUS_WAIT_S = 20.0  # "within a few seconds" on a quiet machine; CI shares two cores


def marked_processes(marker: str) -> dict[int, str]:
    """pid -> command line of every live (not zombie) process whose environment has the
    marker."""
    needle = f"{MARKER}={marker}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile, or another user's
            continue
        if state != "Z":
            found[int(entry.name)] = cmdline.strip()
    return found


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


COMMANDS = {
    "run": ["run", "tiny_sales", "--force"],
    "build": ["build", "tiny_sales", "tiny_costs", "tiny_brief", "--jobs", "2", "--force"],
    "sweep": ["sweep", "tiny_sales", "--grid", "price_cny=100,200", "--jobs", "2", "--force"],
    # the preview's worker and its kernel (the port: one no other test uses at once)
    "preview": ["preview", "tiny_sales", "--port", "0"],
}
# what must be running when the CLI is killed: the CLI, and for the pool its two workers
# (each with a kernel); `run` executes in the CLI's own kernel
EXPECTED_AT_LEAST = {"run": 2, "build": 5, "sweep": 5, "preview": 3}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_sigkill_of_the_cli_leaves_no_process(
    command: str, fixture_reports: Path, tmp_path: Path
) -> None:
    root = tmp_path / "reports"
    marker = uuid.uuid4().hex
    env = dict(os.environ, TINY_SALES_PAUSE_S="120", **{MARKER: marker, preview.IGNORE_ENV: "code"})
    args = [a if a != "0" else str(_free_port()) for a in COMMANDS[command]]
    if command != "preview":
        args.append("--no-pdf")
    proc = subprocess.Popen(
        [HYESAN_REPORT, *args, "--output-dir", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        work = root / "tiny_sales" / ".tmp"
        deadline = time.time() + 120
        # tiny_sales writes "paused" into its work folder, then waits inside its kernel
        while time.time() < deadline and not any(work.glob("*/paused")):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        assert any(work.glob("*/paused")), "the run never reached its kernel"
        time.sleep(1.0)  # let the other worker take its report (and start its kernel)
        before = marked_processes(marker)
        assert len(before) >= EXPECTED_AT_LEAST[command], before
        owners = {int(p.name.split("-", 1)[0]) for p in work.iterdir()}
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.time() + GENEROUS_WAIT_S
        while time.time() < deadline and marked_processes(marker):
            time.sleep(0.2)
        assert marked_processes(marker) == {}, "outlived the CLI"
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in marked_processes(marker):  # never leave them to later tests
            os.kill(pid, signal.SIGKILL)
    # the next run collects what the dead processes left (once they are reaped: a zombie
    # still holds its pid): their work folders ...
    deadline = time.time() + GENEROUS_WAIT_S
    while time.time() < deadline and any(Path(f"/proc/{pid}").exists() for pid in owners):
        time.sleep(0.2)
    store.collect_garbage(root, "tiny_sales")
    assert not any(work.iterdir()), list(work.iterdir())
    # ... their kernel folders (sockets, connection file), and the command's own folders
    # (its kernel template's socket, its early results), as the next command makes its own
    prefixes = (execute.KERNEL_DIR_PREFIX, kernel_template.TEMPLATE_DIR_PREFIX, "hyesan-early-")
    execute._remove_orphaned_kernel_dirs()
    for prefix in prefixes[1:]:
        lifecycle.remove_orphaned_temp_dirs(prefix)
    left = [
        folder
        for pid in owners | set(before) | {proc.pid}
        for prefix in prefixes
        for folder in Path(tempfile.gettempdir()).glob(f"{prefix}{pid}-*")
    ]
    assert left == []
