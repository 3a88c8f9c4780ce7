"""Print the timeline of one traced build: which process did what, and when.

Usage: .venv/bin/python bench/timeline.py [hyesan-report build arguments ...]
Runs `hyesan-report build` (cold, into a temporary folder unless --output-dir is given)
with HYESAN_TRACE set, then prints every event in seconds from the start, per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    args = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="hyesan-timeline-") as tmp:
        trace_file = Path(tmp) / "trace.txt"
        if "--output-dir" not in args:
            args += ["--output-dir", str(Path(tmp) / "reports")]
        env = dict(os.environ, HYESAN_TRACE=str(trace_file))
        t0 = time.time()
        subprocess.run([str(BIN / "hyesan-report"), "build", *args], env=env, check=False)
        wall = time.time() - t0
        lines = trace_file.read_text().splitlines() if trace_file.exists() else []
    by_pid: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        stamp, pid, name, *detail = line.split(" ")
        by_pid[pid].append(f"{float(stamp) - t0:6.2f}  {name} {' '.join(detail)}".rstrip())
    print(f"\nwall time {wall:.2f} s")
    for pid, events in by_pid.items():
        print(f"process {pid}:")
        for event in events:
            print(f"  {event}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
