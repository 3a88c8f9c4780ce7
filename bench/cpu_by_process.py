"""Where a build's CPU time goes, by process: sampled from /proc (Linux only).

Usage: .venv/bin/python bench/cpu_by_process.py [hyesan-report build arguments ...]

Runs `hyesan-report build` (cold, into a temporary folder unless --output-dir is given),
reads every descendant's user+system CPU seconds from /proc/<pid>/stat every 50 ms, and
prints them by role (the CLI, the kernel template, kernels, workers, ...) next to the wall
time and the build's work (cells + HTML + PDF from the manifests). A process's time after
its last sample is lost, so the sums are slight underestimates.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user+system CPU seconds) of one process, None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _role(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    for marker, role in (
        ("ipykernel", "kernel"),
        ("kernel_template", "kernel template (and kernels forked from it)"),
        ("forkserver", "worker fork server"),
        ("multiprocessing", "worker"),
        ("hyesan-report", "CLI"),
    ):
        if marker in cmd:
            return role
    return cmd[:60]


def main() -> int:
    args = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="hyesan-cpu-") as tmp:
        if "--output-dir" not in args:
            args += ["--output-dir", str(Path(tmp) / "reports")]
        root = Path(args[args.index("--output-dir") + 1])
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "hyesan-report"), "build", *args])
        cpu: dict[int, float] = {}
        roles: dict[int, str] = {}
        family = {proc.pid}
        while proc.poll() is None:
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                pid = int(entry)
                stat = _stat(pid)
                if stat is None:
                    continue
                if pid in family or stat[0] in family:
                    family.add(pid)
                    cpu[pid] = stat[1]
                    roles.setdefault(pid, _role(pid))
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        work = 0.0
        for manifest in root.glob("*/default/manifest.json"):
            timings = json.loads(manifest.read_text()).get("timings_s", {})
            work += sum(float(timings.get(k, 0.0)) for k in ("execute", "html", "pdf"))
    by_role: dict[str, list[float]] = defaultdict(list)
    for pid, seconds in cpu.items():
        by_role[roles[pid]].append(seconds)
    print(
        f"wall {wall:.2f} s on {os.cpu_count()} cores = {wall * (os.cpu_count() or 1):.1f} core-s"
    )
    print(f"work (execute + HTML + PDF, from the manifests) {work:.1f} s")
    print(f"CPU sampled {sum(cpu.values()):.1f} core-s")
    for role, values in sorted(by_role.items(), key=lambda kv: -sum(kv[1])):
        shown = ", ".join(f"{v:.2f}" for v in sorted(values, reverse=True)[:6])
        print(f"  {sum(values):6.2f}  {role} ({len(values)}: {shown})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
