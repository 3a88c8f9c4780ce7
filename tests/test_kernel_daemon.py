"""The kernel daemon: a pre-imported kernel lent to one command, never changing a result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import kernel_daemon
from hyesan_analysis.reporting.engine.lifecycle import pid_alive

BIN = Path(sys.executable).parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # a variable of its own: this test's daemons have a key no other daemon has
    return dict(
        os.environ,
        HYESAN_KERNEL_DAEMON="1",
        HYESAN_TEST_DAEMON_KEY=str(tmp_path),
        HYESAN_TRACE=str(tmp_path / "trace.txt"),
        **extra,
    )


def _in_env(env: dict[str, str], code: str) -> str:
    """Run ``code`` with the daemon module in a process with ``env`` (its key is theirs)."""
    prelude = "from hyesan_analysis.reporting.engine import kernel_daemon as kd\n"
    out = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return out.stdout.strip()


def _wait_ready(env: dict[str, str], limit_s: float = 90.0) -> dict[str, object]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        state = json.loads(_in_env(env, "import json; print(json.dumps(kd.status()))"))
        if state and state.get("ready"):
            return dict(state)
        time.sleep(0.3)
    raise AssertionError("the daemon never had a kernel ready")


@pytest.fixture
def daemon_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = _env(tmp_path)
    yield env
    _in_env(env, "kd.stop(kd.socket_path())")  # this test's daemon only


def _run_car(env: dict[str, str], root: Path, value: int) -> Path:
    subprocess.run(
        [
            str(BIN / "hyesan-report"),
            "run",
            "car_unit_economics",
            "-p",
            f"waku_price_cny={value}",
            "--no-pdf",
            "--output-dir",
            str(root),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (folder,) = (root / "car_unit_economics").glob(f"waku_price_cny={value}-*")
    return folder


def _outputs(path: Path) -> list[object]:
    """Every cell's source and outputs (not the times papermill records)."""
    cells = json.loads(path.read_text())["cells"]
    return [(c["source"], c.get("outputs")) for c in cells]


def test_a_lent_kernel_gives_the_same_bytes_as_a_kernel_of_its_own(
    tmp_path: Path, daemon_env: dict[str, str]
) -> None:
    _in_env(daemon_env, "kd.ensure_started()")
    first = _wait_ready(daemon_env)
    lent = _run_car(daemon_env, tmp_path / "lent", 26500)
    trace = (tmp_path / "trace.txt").read_text()
    assert "kernel-borrowed" in trace, "the run started a kernel of its own"
    own = _run_car(dict(daemon_env, HYESAN_KERNEL_DAEMON="0"), tmp_path / "own", 26500)
    assert (lent / "results.json").read_bytes() == (own / "results.json").read_bytes()
    assert _outputs(lent / "executed.ipynb") == _outputs(own / "executed.ipynb")
    # the lent kernel served that command only: it is gone, and a fresh one is ready
    # (from this daemon, unless a package install since made it stale and another started)
    assert _wait_ready(daemon_env)["key"] == first["key"]
    kernels = [line.split()[-1] for line in trace.splitlines() if "kernel-borrowed" in line]
    assert not pid_alive(int(kernels[0]))


def test_a_command_that_dies_holding_the_kernel_frees_it(daemon_env: dict[str, str]) -> None:
    _in_env(daemon_env, "kd.ensure_started()")
    _wait_ready(daemon_env)
    # take the kernel, then end without a word (as a command killed mid-run)
    kernel_pid = int(
        _in_env(
            daemon_env,
            "answer, lease = kd._ask(kd.socket_path(), 'take')\n"
            "assert answer['ready']\nprint(answer['pid'])",
        )
    )
    _wait_ready(daemon_env)  # a fresh kernel: the dead command's was killed and reaped
    deadline = time.monotonic() + 10
    while pid_alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(kernel_pid)


def test_an_idle_daemon_ends_with_its_kernel_and_socket(tmp_path: Path) -> None:
    env = _env(tmp_path, HYESAN_KERNEL_DAEMON_IDLE_S="1")
    _in_env(env, "kd.ensure_started()")
    state = _wait_ready(env)
    path = Path(_in_env(env, "print(kd.socket_path())"))
    deadline = time.monotonic() + 30
    while pid_alive(int(str(state["pid"]))) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not pid_alive(int(str(state["pid"])))
    assert not path.exists()
    assert _in_env(env, "print(kd.status())") == "None"


def test_another_environment_or_changed_package_file_means_another_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "model.py").write_text("X = 1\n")
    monkeypatch.setattr(kernel_daemon, "PACKAGE_DIR", package)
    before = kernel_daemon.key()
    assert kernel_daemon.key() == before  # the same files, the same key
    monkeypatch.setenv("HYESAN_SOME_SETTING", "2")
    assert kernel_daemon.key() != before
    monkeypatch.delenv("HYESAN_SOME_SETTING")
    assert kernel_daemon.key() == before
    (package / "model.py").write_text("X = 22\n")  # another size
    assert kernel_daemon.key() != before
    monkeypatch.setenv("COLUMNS", "33")  # a terminal's width changes nothing computed
    (package / "model.py").write_text("X = 1\n")
    os.utime(package / "model.py", ns=(1, 1))
    assert kernel_daemon.key() != before  # same size, another modification time


@pytest.mark.parametrize(
    ("value", "ci", "expected"),
    [("1", "", True), ("0", "", False), ("", "true", False), ("", "", False)],
)
def test_the_daemon_is_used_only_when_asked_or_in_a_terminal(
    value: str, ci: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(kernel_daemon.ENV, value)
    monkeypatch.setenv("CI", ci)
    if not ci:
        monkeypatch.delenv("CI")
    # under pytest, stdin and stdout are not terminals: unset means off
    assert kernel_daemon.enabled() is expected


def test_without_a_daemon_nothing_is_borrowed_and_status_says_so(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _in_env(env, "print(kd.borrow())") == "None"
    out = subprocess.run(
        [str(BIN / "hyesan-report"), "daemon", "status"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("no kernel daemon for this folder")


def test_a_socket_folder_others_can_enter_is_never_used(tmp_path: Path) -> None:
    folder = tmp_path / "kd"
    folder.mkdir(mode=0o700)
    assert kernel_daemon.private_folder_ok(folder)
    folder.chmod(0o770)  # the group may write: it could have put a socket there
    assert not kernel_daemon.private_folder_ok(folder)
    assert not kernel_daemon.private_folder_ok(tmp_path / "missing")
    link = tmp_path / "link"
    link.symlink_to(folder.parent)
    assert not kernel_daemon.private_folder_ok(link)  # a symlink is not the folder itself
