"""The first run on a fresh clone: `make report` (environment + every report) against a plain
`python3 -m venv` + `pip install -e .` of the package alone, in the same run.

usage: python3 bench/bench_first_run.py [--repeat N] [--no-uv]

Each measurement clones the repository afresh into a temporary folder (the pip and uv caches
stay warm, as on a developer's machine). ``--no-uv`` measures `make report` on its fallback
path (venv + pip), which is what a machine without access to uv gets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _clone(into: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(into)], check=True)
    return into


def _timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-uv", action="store_true", help="make report on the pip fallback")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.no_uv:
        env["HYESAN_NO_UV"] = "1"
    python = shutil.which("python3.11") or shutil.which("python3") or sys.executable
    ours, plain = [], []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="hyesan-first-") as tmp:
            clone = _clone(Path(tmp) / "a")
            ours.append(_timed(["make", "report"], clone, env))
            clone = _clone(Path(tmp) / "b")
            plain.append(
                _timed([python, "-m", "venv", "v"], clone, env)
                + _timed([str(clone / "v/bin/pip"), "install", "--quiet", "-e", "."], clone, env)
            )
        print(
            f"run {i + 1}: make report {ours[-1]:.1f} s, plain venv + pip install {plain[-1]:.1f} s"
        )
    a, b = statistics.median(ours), statistics.median(plain)
    path = "venv + pip fallback" if args.no_uv else "uv when available"
    print(f"median: first `make report` ({path}) {a:.1f} s (environment and all five reports)")
    print(f"median: plain `python3 -m venv` + `pip install -e .` alone {b:.1f} s")
    print(f"ratio {a / b:.2f} (goal: below 1, the whole first run faster than the plain install)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
