"""Optional timeline of a build, for bench/: set HYESAN_TRACE to switch it on.

``HYESAN_TRACE`` is read once, when this module is imported:

* a file path (what ``bench/timeline.py`` sets): events are appended to that file;
* ``1``, ``true``, ``yes`` or ``on`` (any case): events are appended to
  ``hyesan-trace.txt`` in the temporary folder (``tempfile.gettempdir()``, so ``TMPDIR``
  moves it). The name has no process id because the CLI, its pool workers and the kernels
  they start all inherit the variable and write to the same file; delete it between runs
  to read one run alone;
* unset, empty, ``0``, ``false``, ``no`` or ``off``: tracing is off and this is a no-op.

Each event is one line, ``<unix time> <pid> <event> <detail>``, appended with a single
write so that worker processes can share the file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

#: File name of the trace when HYESAN_TRACE is a yes rather than a path.
DEFAULT_NAME = "hyesan-trace.txt"
_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"", "0", "false", "no", "off"})


def trace_path(value: str | None) -> str | None:
    """The file a HYESAN_TRACE value sends events to.

    Parameters
    ----------
    value : str or None
        The variable's value (None when unset).

    Returns
    -------
    str or None
        None when tracing is off; ``<temporary folder>/hyesan-trace.txt`` for a yes
        (``1``, ``true``, ``yes``, ``on``); otherwise ``value`` itself, a path.
    """
    if value is None or value.strip().lower() in _NO:
        return None
    if value.strip().lower() in _YES:
        import tempfile  # only when tracing: the CLI imports this module on every command

        return os.path.join(tempfile.gettempdir(), DEFAULT_NAME)
    return value


_PATH = trace_path(os.environ.get("HYESAN_TRACE"))


def event(name: str, detail: str = "") -> None:
    """Append one event line to the trace file (nothing when tracing is off)."""
    if not _PATH:
        return
    line = f"{time.time():.4f} {os.getpid()} {name} {detail}\n".encode()
    fd = os.open(_PATH, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def process_cpu_s(pid: int | None = None) -> float:
    """CPU seconds (user + system) used so far by a process (this one by default)."""
    if not _PATH:
        return 0.0
    fields = Path(f"/proc/{pid or os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
