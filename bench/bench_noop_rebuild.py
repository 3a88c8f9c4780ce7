"""Time a no-change rebuild: `hyesan-report build` when every report is up to date.

Usage: .venv/bin/python bench/bench_noop_rebuild.py [--output-dir DIR] [--scenario FILE]
Builds once into DIR (a temporary folder unless given; without PDFs, to be quick), then
times five more builds, which must all be answered from the cache, and prints the wall
time of each with the median. With --scenario, the world scenario's reports are built and
timed instead of the default world's. The whole command is timed in a fresh process, as a
user runs it (interpreter start, imports, every report's cache check, the index).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
RUNS = 5
TARGET_S = 1.0


def build(args: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "hyesan-report"), "build", "--no-pdf", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"build failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return wall, done.stdout.strip().splitlines()[-1]


def main() -> int:
    args = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="hyesan-noop-") as tmp:
        if "--output-dir" not in args:
            args += ["--output-dir", str(Path(tmp) / "reports")]
        first, summary = build(args)
        print(f"first build {first:.2f} s: {summary}")
        times = []
        for _ in range(RUNS):
            wall, summary = build(args)
            if " 0 built," not in summary:
                sys.exit(f"not a no-change rebuild: {summary}")
            times.append(wall)
        print("no-change rebuilds: " + ", ".join(f"{t:.2f}" for t in times) + " s")
        median = statistics.median(times)
        verdict = "under" if median < TARGET_S else "OVER"
        print(f"median {median:.2f} s ({verdict} the {TARGET_S:.0f} s target): {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
