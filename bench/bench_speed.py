"""Benchmark: where an analyst waits, against the plain commands, in one run each.

Prints, each figure measured once in this one run, after one untimed build that reads the
environment into memory (compare the ratios, not the seconds, across runs: on a shared
machine timings vary a lot):

1. the cold build of every report (empty output folder, PDFs) against the plain chain
   (papermill, `jupyter nbconvert --to html --no-input`, weasyprint per report, one after
   another), and against its floor: the work (every report's cells + HTML + PDF) divided
   by the cores;
2. one changed-parameter `run` (with its PDF, then without) against the plain chain of
   that report: without the kernel daemon, then with one ready (as in a terminal, a
   command after another);
3. a preview re-render after one changed parameter in the scenario file, against the same
   plain chain (and against papermill + nbconvert alone);
4. a 6-point sweep without PDF against six plain papermill + nbconvert runs;
5. the work per report per phase (cells, HTML, PDF) and its slowest cell, from the cold
   build's manifests and executed notebooks.

Usage: .venv/bin/python bench/bench_speed.py [--report car_unit_economics]
       [--param waku_price_cny] [--values 27000,28000] [--skip-plain]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SWEEP_POINTS = 6


def timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        raise SystemExit(
            f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-3000:]}"
        )
    return elapsed


def first_event(trace_file: Path, name: str) -> float:
    """The Unix time of the first ``name`` event of a trace (``HYESAN_TRACE``)."""
    for line in trace_file.read_text().splitlines():
        stamp, _pid, event, *_ = line.split(" ")
        if event == name:
            return float(stamp)
    raise SystemExit(f"no {name!r} event in {trace_file}")


def plain_chain(
    report: str,
    work: Path,
    upstream_root: Path,
    params: dict[str, str] | None = None,
    pdf: bool = True,
) -> dict[str, float]:
    """papermill, then nbconvert --no-input, then weasyprint, as separate commands."""
    from hyesan_analysis.reporting.authoring.registry import get_report

    spec = get_report(report)
    folder = work
    folder.mkdir(parents=True)
    if spec.upstream:  # the summary reads upstream results from its working folder
        (folder / "upstream").mkdir()
        for name in spec.upstream:
            shutil.copyfile(
                upstream_root / name / "default" / "results.json",
                folder / "upstream" / f"{name}.json",
            )
    out = folder / "out.ipynb"
    flags = [x for name, value in (params or {}).items() for x in ("-p", name, value)]
    steps = {
        "papermill": timed(
            [
                str(BIN / "papermill"),
                "--no-progress-bar",
                str(spec.notebook),
                str(out),
                "--cwd",
                str(folder),
                *flags,
            ]
        ),
        "nbconvert": timed(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)]
        ),
    }
    if pdf:
        steps["weasyprint"] = timed(
            [str(BIN / "weasyprint"), "--quiet", str(folder / "out.html"), str(folder / "out.pdf")]
        )
    return steps


def _duration_s(cell: dict[str, Any]) -> float:
    """A cell's seconds from papermill's start and end times (or its duration field)."""
    from datetime import datetime

    meta = cell.get("metadata", {}).get("papermill", {})
    if meta.get("duration") is not None:
        return float(meta["duration"])
    try:
        start, end = (datetime.fromisoformat(meta[k]) for k in ("start_time", "end_time"))
    except (KeyError, TypeError, ValueError):
        return 0.0
    return (end - start).total_seconds()


def work_of(folder: Path) -> dict[str, Any]:
    """One published report's work: its cells, HTML and PDF seconds, its slowest cell."""
    manifest = json.loads((folder / "manifest.json").read_text())
    nb = json.loads((folder / "executed.ipynb").read_text())
    cells = [
        (i, _duration_s(c), "".join(c.get("source", "")).strip().splitlines()[:1])
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code"
    ]
    slowest = max(cells, key=lambda c: c[1]) if cells else (0, 0.0, [])
    t = manifest["timings_s"]
    return {
        "cells": sum(c[1] for c in cells),
        "kernel+papermill": max(t["execute"] - sum(c[1] for c in cells), 0.0),
        "html": t.get("html", 0.0),
        "pdf": t.get("pdf", 0.0),
        "slowest": (slowest[0], slowest[1], (slowest[2] or [""])[0][:50]),
    }


def _daemon(env: dict[str, str], code: str) -> str:
    prelude = "from hyesan_analysis.reporting.engine import kernel_daemon as kd\n"
    out = subprocess.run([sys.executable, "-c", prelude + code], env=env, capture_output=True)
    return out.stdout.decode().strip()


def start_daemon(env: dict[str, str]) -> None:
    _daemon(env, "kd.ensure_started()")
    wait_daemon(env)


def wait_daemon(env: dict[str, str], limit_s: float = 120) -> None:
    """Until the daemon has a kernel ready (after a command, it starts the next one)."""
    deadline = time.time() + limit_s
    while time.time() < deadline:
        if _daemon(env, "s = kd.status(); print(bool(s and s['ready']))") == "True":
            time.sleep(1.0)  # and its imports have settled
            return
        time.sleep(0.2)
    raise SystemExit("kernel daemon: no kernel ready")


def stop_daemon(env: dict[str, str]) -> None:
    _daemon(env, "kd.stop(kd.socket_path())")


def cores() -> int:
    from hyesan_analysis.reporting.engine import cores as usable_cores

    return usable_cores()  # the package's own reading (its CPU affinity)


def status(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__preview__/status", timeout=5) as r:
        data: dict[str, Any] = json.loads(r.read())
        return data


def wait_render(port: int, after: int, proc: subprocess.Popen[str], limit_s: float = 300) -> dict:
    deadline = time.time() + limit_s
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"preview ended: {proc.communicate()}")
        try:
            state = status(port)
        except OSError:
            time.sleep(0.05)
            continue
        if state["version"] > after and not state["rendering"]:
            return state
        time.sleep(0.02)
    raise SystemExit("preview: no re-render")


def scenario_text(report: str, param: str, value: str) -> str:
    return (
        f"report: {report}\nname: bench_preview\ntitle: One changed parameter\n"
        f"rationale: the preview benchmark changes {param}\nparameters:\n  {param}: {value}\n"
    )


def preview_rerender(
    report: str, param: str, values: list[str], root: Path, tmp: Path
) -> tuple[float, str]:
    """Seconds from saving the scenario file (one parameter changed) to the re-rendered page
    being served; and the preview's own log line for it."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    scenario = tmp / "preview.yaml"
    scenario.write_text(scenario_text(report, param, values[0]))
    proc = subprocess.Popen(
        [
            str(BIN / "hyesan-report"),
            "preview",
            report,
            "--scenario",
            str(scenario),
            "--port",
            str(port),
            "--output-dir",
            str(root),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, HYESAN_PREVIEW_IGNORE="code"),  # others edit the package
    )
    try:
        state = wait_render(port, 0, proc)
        time.sleep(2.0)  # let the worker settle (its kernel kept warm)
        new = tmp / "preview.tmp"
        new.write_text(scenario_text(report, param, values[1]))
        t0 = time.perf_counter()
        os.replace(new, scenario)
        state = wait_render(port, state["version"], proc)
        elapsed = time.perf_counter() - t0
        if state["error"]:
            raise SystemExit(f"preview re-render failed: {state['error']}")
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=300)
    lines = [line for line in out.splitlines() if "changed: rendered" in line]
    return elapsed, (lines[-1] if lines else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", default="car_unit_economics")
    parser.add_argument("--param", default="waku_price_cny")
    parser.add_argument(
        "--values", default="27000,28000,27500,28500", help="four values of --param"
    )
    parser.add_argument(
        "--sweep-values", default="24000,25000,26000,27000,28000,29000", help="six values"
    )
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--reports", nargs="*", default=None, help="cold build: only these")
    args = parser.parse_args()
    values = args.values.split(",")
    sweep_values = args.sweep_values.split(",")
    report, param = args.report, args.param

    from hyesan_analysis.reporting.authoring.registry import all_reports

    reports = args.reports or list(all_reports())
    hr = str(BIN / "hyesan-report")
    # as `make report` does: both sides import the package from bytecode
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "hyesan_analysis")])
    rows: list[tuple[str, float, float | None, str]] = []
    with tempfile.TemporaryDirectory(prefix="hyesan-bench-speed-") as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "reports"

        # untimed: read the environment into memory first. This machine's page cache
        # drops files not read for a while (here the first build after an idle hour took
        # 36 s, the next 15 s), and the plain chain, measured after, would find it warm.
        timed([hr, "build", *(args.reports or []), "--output-dir", str(tmp / "warm-up")])
        shutil.rmtree(tmp / "warm-up", ignore_errors=True)

        # 1. cold build, against the plain chain and the floor; traced, for the time its
        # first cell waits (the kernel template's imports: work that no report's cells count)
        trace_file = tmp / "cold-trace.txt"
        started = time.time()
        cold = timed(
            [hr, "build", *(args.reports or []), "--output-dir", str(root)],
            env=dict(os.environ, HYESAN_TRACE=str(trace_file)),
        )
        first_cell = first_event(trace_file, "execute") - started
        engine = json.loads(next(root.glob("*/default/manifest.json")).read_text())["pdf_engine"]
        work = {name: work_of(root / name / "default") for name in reports}
        total_work = sum(w["cells"] + w["html"] + w["pdf"] for w in work.values())
        floor = total_work / cores()
        plain_all = None
        if not args.skip_plain:
            plain_all = sum(
                sum(plain_chain(name, tmp / "plain" / name, root).values()) for name in reports
            )
        rows.append(("cold build (all reports, PDFs)", cold, plain_all, "goal <= 0.22"))

        # 2. one changed parameter, with and without the PDF
        plain_one = plain_one_nopdf = None
        if not args.skip_plain:
            steps = plain_chain(report, tmp / "plain-one", root, {param: values[0]})
            plain_one = sum(steps.values())
            plain_one_nopdf = steps["papermill"] + steps["nbconvert"]
        # without the kernel daemon (a script, CI), then as in a terminal: a command after
        # another finds a pre-imported kernel ready (kernel_daemon.py)
        off = dict(os.environ, HYESAN_KERNEL_DAEMON="0")
        run_pdf = timed(
            [hr, "run", report, "-p", f"{param}={values[0]}", "--output-dir", str(root)], env=off
        )
        run_nopdf = timed(
            [
                hr,
                "run",
                report,
                "-p",
                f"{param}={values[1]}",
                "--no-pdf",
                "--output-dir",
                str(root),
            ],
            env=off,
        )
        rows.append((f"run {report} -p {param}=... (PDF)", run_pdf, plain_one, "goal <= 0.5"))
        rows.append(
            ("  the same without the PDF", run_nopdf, plain_one_nopdf, "vs papermill+nbconvert")
        )
        on = dict(os.environ, HYESAN_KERNEL_DAEMON="1", HYESAN_BENCH_DAEMON=tmp_name)
        tmp_root = str(root)
        try:
            start_daemon(on)
            lent_pdf = timed(
                [hr, "run", report, "-p", f"{param}={values[2]}", "--output-dir", str(root)],
                env=on,
            )
            wait_daemon(on)
            lent_nopdf = timed(
                [
                    hr,
                    "run",
                    report,
                    "-p",
                    f"{param}={values[3]}",
                    "--no-pdf",
                    "--output-dir",
                    tmp_root,
                ],
                env=on,
            )
        finally:
            stop_daemon(on)
        rows.append(("  the same, kernel daemon ready (PDF)", lent_pdf, plain_one, "goal <= 0.5"))
        rows.append(("  ... kernel daemon ready, without the PDF", lent_nopdf, plain_one_nopdf, ""))

        # 3. a preview re-render after one changed parameter
        rerender, log = preview_rerender(report, param, values[:2], root, tmp)
        rows.append(("preview re-render, one parameter", rerender, plain_one, "goal <= 0.25"))
        rows.append(("  the same vs papermill+nbconvert", rerender, plain_one_nopdf, ""))

        # 4. a 6-point sweep without PDF
        sweep = timed(
            [
                hr,
                "sweep",
                report,
                "--grid",
                f"{param}={','.join(sweep_values[:SWEEP_POINTS])}",
                "--no-pdf",
                "--output-dir",
                str(root),
            ]
        )
        plain_six = None
        if not args.skip_plain:
            plain_six = sum(
                sum(
                    plain_chain(
                        report, tmp / f"plain-sweep-{v}", root, {param: v}, pdf=False
                    ).values()
                )
                for v in sweep_values[:SWEEP_POINTS]
            )
        rows.append(
            (
                f"sweep {report}, {SWEEP_POINTS} points, no PDF",
                sweep,
                plain_six,
                "vs six plain runs",
            )
        )

    print(f"\nmachine: {cores()} cores usable, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"PDFs by {engine}")
    print("(one run each; on a shared machine compare the ratios, not the seconds)\n")
    print(f"{'':<44}{'ours':>8}{'plain':>8}{'ratio':>8}")
    for label, ours, plain, goal in rows:
        ratio = f"{ours / plain:8.2f}" if plain else f"{'':>8}"
        plain_s = f"{plain:8.1f}" if plain else f"{'-':>8}"
        print(f"{label:<44}{ours:8.1f}{plain_s}{ratio}  {goal}")
    print(
        f"{'cold build against its floor':<44}{cold:8.1f}{floor:8.1f}{cold / floor:8.2f}"
        f"  goal <= 1.25 (floor = work {total_work:.1f} s / {cores()} cores)"
    )
    rest = cold - first_cell
    print(
        f"{'  after its first cell, against the floor':<44}{rest:8.1f}{floor:8.1f}"
        f"{rest / floor:8.2f}  (the first cell started after {first_cell:.1f} s of imports)"
    )
    if log:
        print(f"\npreview's own log of the re-render: {log.split('] ', 1)[-1]}")
    print("\nwork per report (cold build), seconds: cells / kernel+papermill / HTML / PDF;")
    print("slowest cell")
    for name, w in work.items():
        i, s, first = w["slowest"]
        print(
            f"  {name:<22}{w['cells']:6.2f} /{w['kernel+papermill']:5.2f} /{w['html']:5.2f} /"
            f"{w['pdf']:5.2f}   cell {i} {s:.2f} s: {first}"
        )
    print(
        f"  {'total':<22}{sum(w['cells'] for w in work.values()):6.2f} /"
        f"{sum(w['kernel+papermill'] for w in work.values()):5.2f} /"
        f"{sum(w['html'] for w in work.values()):5.2f} /{sum(w['pdf'] for w in work.values()):5.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
