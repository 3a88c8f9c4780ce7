"""lifecycle.py: who owns a left-over folder, and a child that ends with its parent."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import lifecycle

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def test_this_process_owns_what_it_made_now(tmp_path: Path) -> None:
    folder = tmp_path / f"{os.getpid()}-abc"
    folder.mkdir()
    assert lifecycle.pid_alive(os.getpid())
    assert lifecycle.owner_alive(os.getpid(), time.time())
    assert lifecycle.folder_owner_alive(folder)
    assert lifecycle.folder_owner_alive(tmp_path), "a name without a pid: kept"


@linux_only
def test_a_pid_reused_by_a_later_process_is_not_the_owner() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.2)
        assert lifecycle.owner_alive(child.pid, time.time())
        # made an hour before this process started: another process had that pid then
        assert not lifecycle.owner_alive(child.pid, time.time() - 3600)
    finally:
        child.kill()
        child.wait()


@linux_only
def test_an_ended_process_is_dead_even_before_it_is_reaped() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.time() + 30
    while time.time() < deadline:
        state = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            break
        time.sleep(0.05)
    assert not lifecycle.pid_alive(child.pid), "a zombie holds its pid but runs nothing"
    child.wait()
    assert not lifecycle.pid_alive(child.pid)


@linux_only
def test_a_child_that_watches_its_parent_ends_with_it(tmp_path: Path) -> None:
    """A middle process starts a grandchild that calls die_with_parent, then is killed:
    the grandchild ends within seconds."""
    pid_file = tmp_path / "grandchild.pid"
    grandchild = (
        "import os, sys, time\n"
        "from hyesan_analysis.reporting.engine import lifecycle\n"
        "lifecycle.die_with_parent(int(sys.argv[1]))\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "time.sleep(60)\n"
    )
    middle = (
        "import os, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {grandchild!r}, str(os.getpid())])\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", middle])
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not pid_file.exists():
            time.sleep(0.05)
        time.sleep(0.1)
        pid = int(pid_file.read_text())
        assert lifecycle.pid_alive(pid)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and lifecycle.pid_alive(pid):
        time.sleep(0.05)
    assert not lifecycle.pid_alive(pid), "outlived its parent"


def test_a_new_private_folder_removes_those_its_dead_makers_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    dead = int(ended.stdout)  # ended and reaped: the pid of no process (or a later one)
    for prefix in ("hyesan-kt-", "hyesan-early-"):
        left = tmp_path / f"{prefix}{dead}-abc"
        left.mkdir()
        (left / "t.sock").write_text("")
    alive = tmp_path / f"hyesan-kt-{os.getppid()}-def"  # our parent made it: it runs
    alive.mkdir()
    mine = lifecycle.private_temp_dir("hyesan-kt-")
    assert mine.parent == tmp_path and mine.name.startswith(f"hyesan-kt-{os.getpid()}-")
    assert not (tmp_path / f"hyesan-kt-{dead}-abc").exists(), "its maker is gone"
    assert alive.exists(), "its maker runs"
    assert (tmp_path / f"hyesan-early-{dead}-abc").exists(), "another prefix: not this call's"
    lifecycle.remove_orphaned_temp_dirs("hyesan-early-")
    assert not (tmp_path / f"hyesan-early-{dead}-abc").exists()
    assert mine.exists()
