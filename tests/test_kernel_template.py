"""A build's kernel template: kernels forked with their imports done, never changing a result,
and never outliving their lease or the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import kernel_template
from hyesan_analysis.reporting.engine.lifecycle import pid_alive

pytestmark = pytest.mark.notebook

BIN = Path(sys.executable).parent


def _gone(pid: int, limit_s: float = 20.0) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def template() -> Iterator[str]:
    path = kernel_template.start()
    assert path is not None
    yield path
    kernel_template.stop()


def _evaluate(km: object, expression: str) -> str:
    client = km.blocking_client()  # type: ignore[attr-defined]
    client.start_channels()
    try:
        reply = client.execute_interactive(
            "", user_expressions={"x": expression}, store_history=False, timeout=60
        )
    finally:
        client.stop_channels()
    value = reply["content"]["user_expressions"]["x"]
    assert value["status"] == "ok", value
    return str(value["data"]["text/plain"])


def test_a_forked_kernel_has_the_imports_done_and_the_inline_backend(template: str) -> None:
    km = kernel_template.fork_kernel(template)
    assert km is not None
    try:
        loaded = "sorted(m for m in ('pandas', 'scipy.stats', 'seaborn') if m in __import__('sys').modules)"
        assert _evaluate(km, loaded) == "['pandas', 'scipy.stats', 'seaborn']"
        assert "backend_inline" in _evaluate(km, "__import__('matplotlib').get_backend()")
        # the collector is off in the template only: a kernel collects its own garbage, and
        # what the template imported is frozen out of its sight
        assert _evaluate(km, "__import__('gc').isenabled()") == "True"
        assert int(_evaluate(km, "__import__('gc').get_freeze_count()")) > 100_000
        # the worker's folder and environment, not the template's
        assert _evaluate(km, "__import__('os').getcwd()") == repr(os.getcwd())
        parent = _evaluate(km, "__import__('os').environ['JPY_PARENT_PID']")
        assert parent != repr(str(os.getpid()))  # its parent is the template
    finally:
        km.end()
    assert _gone(km.borrowed_pid)
    assert not Path(km.own_folder).exists()  # its sockets and connection file


def test_the_template_imports_only_what_a_kernel_of_its_own_imports_to_start() -> None:
    """The modules imported ahead for a kernel's start are ones a spawned kernel imports
    itself before running any code: importing them in the template changes nothing."""
    from jupyter_client.manager import start_new_kernel

    from hyesan_analysis.reporting.engine.execute import KERNEL_ARGS

    km, client = start_new_kernel(kernel_name="python3", extra_arguments=KERNEL_ARGS)
    try:
        names = repr(kernel_template.KERNEL_START_IMPORTS)
        missing = f"[m for m in {names} if m not in __import__('sys').modules]"
        assert _evaluate(km, missing) == "[]"
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_closed_lease_ends_its_kernel_and_stop_ends_the_template(template: str) -> None:
    km = kernel_template.fork_kernel(template)
    assert km is not None
    pid = km.borrowed_pid
    km.lease.close()  # as when the worker holding it dies
    assert _gone(pid)
    other = kernel_template.fork_kernel(template)
    assert other is not None
    process = kernel_template._started[0]  # type: ignore[index]
    kernel_template.stop()
    assert process.poll() is not None
    assert _gone(other.borrowed_pid)


def test_no_template_means_no_forked_kernel(tmp_path: Path) -> None:
    assert kernel_template.fork_kernel(str(tmp_path / "none.sock"), timeout_s=2) is None
    os.environ[kernel_template.ENV] = "0"
    try:
        assert kernel_template.start() is None
    finally:
        del os.environ[kernel_template.ENV]


def _outputs(path: Path) -> list[object]:
    """Every cell's source and outputs (not the times papermill records)."""
    cells = json.loads(path.read_text())["cells"]
    return [(c["source"], c.get("outputs")) for c in cells]


def _server_pids() -> set[int]:
    """Live multiprocessing fork servers started by this test's commands (none of ours)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if entry.name.isdigit() and b"multiprocessing.forkserver" in cmdline:
            found.add(int(entry.name))
    return found


@pytest.mark.parametrize("server", ["1", "0"])
def test_reports_on_forked_kernels_give_the_bytes_of_a_kernel_of_their_own(
    tmp_path: Path, server: str
) -> None:
    """The car report (figures included) and the prices report, which reads it, on a
    two-worker build's forked kernels, against `run` in a kernel it starts itself; the
    workers forked from one server that has done their imports (which ends with the
    build), or, with HYESAN_WORKER_SERVER=0, spawned."""
    trace = tmp_path / "trace.txt"
    env = dict(
        os.environ, HYESAN_KERNEL_DAEMON="0", HYESAN_TRACE=str(trace), HYESAN_WORKER_SERVER=server
    )
    hr = str(BIN / "hyesan-report")
    forked, own = tmp_path / "forked", tmp_path / "own"
    reports = ["car_unit_economics", "prices_and_exchange"]
    args = ["--no-pdf", "--jobs", "2"]
    servers_before = _server_pids()
    subprocess.run([hr, "build", *reports, *args, "--output-dir", str(forked)], env=env, check=True)
    events = trace.read_text()
    assert events.count("kernel-forked") >= 2, "the build started kernels itself"
    started = "forked" if server == "1" else "spawned"
    assert events.count(f"worker-start {started}") == 2, events
    assert ("worker-server-started" in events) == (server == "1")
    assert _server_pids() <= servers_before, "the workers' fork server outlived the build"
    env["HYESAN_TRACE"] = ""
    for name in reports:
        subprocess.run([hr, "run", name, "--no-pdf", "--output-dir", str(own)], env=env, check=True)
    for name in reports:
        a, b = forked / name / "default", own / name / "default"
        assert (a / "results.json").read_bytes() == (b / "results.json").read_bytes()
        assert _outputs(a / "executed.ipynb") == _outputs(b / "executed.ipynb")


def test_one_report_runs_on_a_kernel_forked_from_a_template_of_its_own(tmp_path: Path) -> None:
    """`run` (no daemon) forks its kernel from its own template. When the upstream report
    turns out up to date, the pool started for a cold folder is dropped, but the template
    stays for the command's kernel (no kernel started the slow way), and ends with it."""
    env = dict(os.environ, HYESAN_KERNEL_DAEMON="0")
    hr = str(BIN / "hyesan-report")
    out = str(tmp_path / "reports")
    subprocess.run(
        [hr, "run", "car_unit_economics", "--no-pdf", "--output-dir", out], env=env, check=True
    )
    trace = tmp_path / "trace.txt"
    env["HYESAN_TRACE"] = str(trace)
    subprocess.run(
        [hr, "run", "prices_and_exchange", "--no-pdf", "--output-dir", out], env=env, check=True
    )
    events = [line.split(" ", 2)[2].strip() for line in trace.read_text().splitlines()]
    assert "pool-dropped" in events, events  # the pool, started for the missing report
    assert any(e.startswith("kernel-forked") for e in events), events
    assert "kernel-started" not in events, "a kernel was started through jupyter_client"
    template = next(int(e.split()[1]) for e in events if e.startswith("template-started"))
    assert _gone(template), "the command's kernel template outlived it"
    assert (tmp_path / "reports" / "prices_and_exchange" / "default" / "results.json").is_file()


def test_a_client_waits_for_the_kernel_sockets_and_gives_up_on_a_dead_kernel(
    tmp_path: Path,
) -> None:
    names = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
    config = {"ip": str(tmp_path / "k"), **{name: 100 + i for i, name in enumerate(names)}}
    for i in range(len(names)):
        (tmp_path / f"k-{100 + i}").touch()
    kernel_template._wait_until_bound(config, os.getpid(), timeout_s=1.0)  # all bound
    (tmp_path / "k-101").unlink()  # IOPub not bound yet, and the kernel is gone
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with pytest.raises(RuntimeError, match="did not start"):
        kernel_template._wait_until_bound(config, dead.pid, timeout_s=30.0)
