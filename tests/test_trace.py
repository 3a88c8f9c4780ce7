"""HYESAN_TRACE: a path, a yes (a default file in the temporary folder) or off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import trace

_TWO_EVENTS = (
    "from hyesan_analysis.reporting.engine import trace\n"
    "trace.event('first', 'a b')\n"
    "trace.event('second')\n"
)


def _traced(value: str, cwd: Path, tmpdir: Path) -> None:
    """Run two events in a fresh process (the variable is read at import time)."""
    env = {k: v for k, v in os.environ.items() if k != "HYESAN_TRACE"}
    env.update(HYESAN_TRACE=value, TMPDIR=str(tmpdir))
    subprocess.run([sys.executable, "-c", _TWO_EVENTS], cwd=cwd, env=env, check=True, timeout=60)


def _events(path: Path) -> list[list[str]]:
    return [line.split(" ", 3) for line in path.read_text().splitlines()]


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_yes_traces_to_default_file_in_temp_folder(tmp_path: Path, value: str) -> None:
    cwd, tmpdir = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmpdir.mkdir()
    _traced(value, cwd, tmpdir)
    assert list(cwd.iterdir()) == []  # no file named after the value
    events = _events(tmpdir / trace.DEFAULT_NAME)
    assert [e[2] for e in events] == ["first", "second"]
    assert events[0][3] == "a b"
    assert events[0][1] == events[1][1] and events[0][1].isdigit()  # the writer's pid
    float(events[0][0])  # a unix time


def test_path_value_traces_to_that_file(tmp_path: Path) -> None:
    target = tmp_path / "trace.txt"  # as bench/timeline.py sets it
    _traced(str(target), tmp_path, tmp_path)
    assert [e[2] for e in _events(target)] == ["first", "second"]
    assert not (tmp_path / trace.DEFAULT_NAME).exists()


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off"])
def test_no_value_traces_nothing(tmp_path: Path, value: str) -> None:
    _traced(value, tmp_path, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_trace_path_of_each_kind_of_value() -> None:
    import tempfile

    default = os.path.join(tempfile.gettempdir(), "hyesan-trace.txt")
    assert trace.trace_path(None) is None
    assert trace.trace_path("0") is None
    assert trace.trace_path("True") == default
    assert trace.trace_path("/tmp/run/trace.txt") == "/tmp/run/trace.txt"
