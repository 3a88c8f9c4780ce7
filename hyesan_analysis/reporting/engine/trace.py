"""Optional timeline of a build, for bench/: set HYESAN_TRACE to a file path.

Each event is one line, ``<unix time> <pid> <event> <detail>``, appended with a single
write so that worker processes can share the file. Without the variable this is a no-op.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_PATH = os.environ.get("HYESAN_TRACE")


def event(name: str, detail: str = "") -> None:
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
