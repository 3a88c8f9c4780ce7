"""Benchmark: `hyesan-report build` against the plain command chain, on the same notebooks.

For each report, the plain chain is what an analyst would type without this package:

    papermill NB out.ipynb
    jupyter nbconvert --to html --no-input out.ipynb
    weasyprint out.html out.pdf

run one after another. Ours is one `hyesan-report build` (cold: empty output folder), then the
same command again with nothing changed (the no-op rebuild). Also prints, per report, where
the time beyond the notebook's own cells goes (from manifest.json and the executed
notebook's per-cell durations).

Usage: .venv/bin/python bench/bench_report_vs_plain.py [--reports car_unit_economics ...]
       [--jobs 2] [--skip-plain]
Wall-clock timings here vary by 10-20% from run to run: each side runs --repeat times
(alternating which goes first) and medians are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        raise SystemExit(
            f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-2000:]}"
        )
    return elapsed


def plain_chain(report: str, work: Path, upstream_root: Path) -> dict[str, float]:
    """papermill, then nbconvert --no-input, then weasyprint, as separate commands."""
    from hyesan_analysis.reporting.authoring.registry import all_reports

    spec = all_reports()[report]
    folder = work / report
    folder.mkdir(parents=True)
    if spec.upstream:  # the summary reads upstream results from its working folder
        (folder / "upstream").mkdir()
        for name in spec.upstream:
            shutil.copyfile(
                upstream_root / name / "default" / "results.json",
                folder / "upstream" / f"{name}.json",
            )
    out = folder / "out.ipynb"
    return {
        "papermill": timed(
            [
                str(BIN / "papermill"),
                "--no-progress-bar",
                str(spec.notebook),
                str(out),
                "--cwd",
                str(folder),
            ]
        ),
        "nbconvert": timed(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)]
        ),
        "weasyprint": timed(
            [str(BIN / "weasyprint"), "--quiet", str(folder / "out.html"), str(folder / "out.pdf")]
        ),
    }


def breakdown(root: Path, report: str) -> dict[str, float]:
    """Seconds per phase of one of our runs: kernel overhead, set-up cell, other cells,
    HTML export, PDF."""
    folder = root / report / "default"
    manifest = json.loads((folder / "manifest.json").read_text())
    nb = json.loads((folder / "executed.ipynb").read_text())
    from bench_speed import _duration_s  # papermill's start and end times per cell

    durations = [_duration_s(c) for c in nb["cells"] if c["cell_type"] == "code"]
    tags = [c.get("metadata", {}).get("tags", []) for c in nb["cells"] if c["cell_type"] == "code"]
    setup_index = next((i + 1 for i, t in enumerate(tags) if "injected-parameters" in t), 1)
    setup = durations[setup_index] if setup_index < len(durations) else 0.0
    cells = sum(durations)
    t = manifest["timings_s"]
    return {
        "total": manifest["duration_s"],
        "kernel start/stop": max(t["execute"] - cells, 0.0),
        "set-up cell (imports, validation, model)": setup,
        "other cells": cells - setup,
        "html export": t.get("html", 0.0),
        "pdf": t.get("pdf", 0.0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", nargs="*", default=None)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians are compared")
    args = parser.parse_args()

    from hyesan_analysis.reporting.authoring.registry import all_reports

    reports = args.reports or list(all_reports())
    # as `make report` does: both sides then import the package from bytecode, also where
    # PYTHONDONTWRITEBYTECODE is set
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "hyesan_analysis")])
    colds: list[float] = []
    noops: list[float] = []
    plains: list[dict[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="hyesan-bench-") as tmp:
        for run in range(args.repeat):
            # alternate the order so that neither side always runs on a warmer machine
            root = Path(tmp) / f"reports-{run}"
            build = [str(BIN / "hyesan-report"), "build", *reports, "--output-dir", str(root)]
            if args.jobs:
                build += ["--jobs", str(args.jobs)]
            upstream_needed = {u for r in reports for u in all_reports()[r].upstream}
            upstream_needed -= set(reports)
            if upstream_needed:  # the summary alone still needs its inputs built first
                timed(
                    [
                        str(BIN / "hyesan-report"),
                        "build",
                        *sorted(upstream_needed),
                        "--output-dir",
                        str(root),
                    ]
                )
            plain: dict[str, dict[str, float]] = {}
            if not args.skip_plain and run % 2 == 1:
                for report in reports:
                    plain[report] = plain_chain(
                        report, Path(tmp) / f"plain-{run}", Path(tmp) / "reports-0"
                    )
            colds.append(timed(build))
            noops.append(timed(build))
            if not args.skip_plain and run % 2 == 0:
                for report in reports:
                    plain[report] = plain_chain(
                        report, Path(tmp) / f"plain-{run}", Path(tmp) / "reports-0"
                    )
            if plain:
                plains.append(plain)

        cold, noop = statistics.median(colds), statistics.median(noops)
        print(f"machine: {os.cpu_count()} cores; reports: {', '.join(reports)}\n")
        print(f"{'hyesan-report build, cold (median)':<44}{cold:8.1f} s")
        print(f"{'hyesan-report build, nothing changed':<44}{noop:8.2f} s")
        print(f"{'':<44}runs: " + ", ".join(f"{c:.1f}" for c in colds))
        if plains:
            totals = [sum(sum(v.values()) for v in p.values()) for p in plains]
            total_plain = statistics.median(totals)
            print(f"{'plain chain, one report after another':<44}{total_plain:8.1f} s")
            print(f"{'':<44}runs: " + ", ".join(f"{t:.1f}" for t in totals))
            print(f"{'ratio ours / plain (medians)':<44}{cold / total_plain:8.2f}")
            print("\nplain chain per report (s, last run): papermill / nbconvert / weasyprint")
            for report, steps in plains[-1].items():
                print(f"  {report:<24}" + " / ".join(f"{v:5.1f}" for v in steps.values()))
        print("\nours per report, seconds (runs overlap across workers):")
        for report in reports:
            parts = breakdown(root, report)
            print(f"  {report:<24}" + ", ".join(f"{k} {v:.2f}" for k, v in parts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
