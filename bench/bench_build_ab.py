"""Benchmark: cold builds of every report, two settings taking turns (A, B, A, B, ...).

On a shared 2-core VM one build can take 15% more or less than the next, so comparing a
setting against another needs them interleaved and repeated. Each round runs one cold
build per setting (empty output folder, PDFs) and prints its wall time, its work (every
report's cells + HTML + PDF, from the manifests and executed notebooks) and the ratio of
the wall time to the floor (work / cores); the end prints the medians.

Usage: .venv/bin/python bench/bench_build_ab.py [--rounds 3] [--b NAME=VALUE ...]
  A: the environment as it is; B: with the given variables set (default:
  HYESAN_KERNEL_TEMPLATE=0, builds whose workers start their own kernels).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speed import BIN, REPO, cores, work_of


def cold_build(env: dict[str, str], root: Path) -> tuple[float, float]:
    """(wall seconds, work seconds) of one cold build into ``root``."""
    t0 = time.perf_counter()
    subprocess.run(
        [str(BIN / "hyesan-report"), "build", "--output-dir", str(root)],
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t0
    work = 0.0
    for folder in root.iterdir():
        if (folder / "default" / "manifest.json").is_file():
            w = work_of(folder / "default")
            work += w["cells"] + w["html"] + w["pdf"]
    return wall, work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--b", nargs="*", default=["HYESAN_KERNEL_TEMPLATE=0"])
    args = parser.parse_args()
    # both sides import the package from up-to-date bytecode (stale .pyc files after an
    # edit cost every process a compile, as this environment writes none)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "hyesan_analysis")])
    extra = dict(item.split("=", 1) for item in args.b)
    settings = {"A": dict(os.environ), "B": dict(os.environ, **extra)}
    print(f"A: as is; B: {' '.join(args.b)}; {cores()} cores")
    ratios: dict[str, list[float]] = {"A": [], "B": []}
    walls: dict[str, list[float]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory(prefix="hyesan-bench-ab-") as tmp:
        for n in range(args.rounds):
            for name, env in settings.items():
                wall, work = cold_build(env, Path(tmp) / f"{name}{n}")
                floor = work / cores()
                walls[name].append(wall)
                ratios[name].append(wall / floor)
                print(
                    f"round {n + 1} {name}: {wall:5.1f} s, work {work:5.1f} s, "
                    f"floor {floor:5.1f} s, {wall / floor:.2f} x floor",
                    flush=True,
                )
    for name in settings:
        print(
            f"median {name}: {statistics.median(walls[name]):5.1f} s, "
            f"{statistics.median(ratios[name]):.2f} x floor"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
