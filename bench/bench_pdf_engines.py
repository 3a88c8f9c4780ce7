"""Benchmark: the PDF of each built report by WeasyPrint and by headless Chromium (the
package's own DevTools-pipe client, ``rendering/browser_pdf.py``), wall time, pages and CPU.

With WeasyPrint the PDFs were about 40% of a cold build's work, all of it its layout in
Python. Each engine is warmed first (WeasyPrint's first document; Chromium's start, whose
CPU is printed on its own line: a build pays it once per worker), then every report is
printed ``--repeat`` times; the medians are printed. The CPU includes the browser's own
processes (renderer, GPU, utilities), sampled before each of them ends.

Usage: .venv/bin/python bench/bench_pdf_engines.py [--reports-dir reports] [--repeat 3]
(build the reports first: ``make report``; Chromium's figures need a browser on PATH)
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return -1


def tree_cpu_s() -> float:
    """CPU seconds of this process and every live descendant (Chromium's are several)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def weasyprint_times(html_files: list[Path], out: Path, repeat: int) -> tuple[dict, float]:
    """Seconds per report (every round) and the CPU seconds of one round."""
    from hyesan_analysis.reporting.rendering import export

    os.environ["HYESAN_PDF_ENGINE"] = "weasyprint"  # export.write_pdf's engine, here
    export.warm_up(pdf=True, sample_pdf=True)
    times: dict[str, list[float]] = {}
    cpu0 = tree_cpu_s()
    for _ in range(repeat):
        for html in html_files:
            t0 = time.perf_counter()
            pdf = out / f"{html.parent.parent.name}-w.pdf"
            export.write_pdf(html.read_text(encoding="utf-8"), pdf)
            times.setdefault(html.parent.parent.name, []).append(time.perf_counter() - t0)
    return times, (tree_cpu_s() - cpu0) / repeat


def chromium_times(html_files: list[Path], out: Path, repeat: int) -> tuple[dict, float, float]:
    """As ``weasyprint_times``, on one browser started (and warmed) first; also the CPU
    seconds of the browser's start and first page."""
    from hyesan_analysis.reporting.rendering import browser_pdf, export

    if browser_pdf.executable() is None:
        raise RuntimeError("no browser on PATH (apt-get install chromium)")
    cpu0 = tree_cpu_s()
    browser_pdf.start()
    browser_pdf.write_pdf(export.for_print(html_files[0].read_text()), out / "warm.pdf")
    start_cpu = tree_cpu_s() - cpu0
    times: dict[str, list[float]] = {}
    cpu0 = tree_cpu_s()
    for _ in range(repeat):
        for html in html_files:
            t0 = time.perf_counter()
            pdf = out / f"{html.parent.parent.name}-c.pdf"
            browser_pdf.write_pdf(export.for_print(html.read_text(encoding="utf-8")), pdf)
            times.setdefault(html.parent.parent.name, []).append(time.perf_counter() - t0)
    cpu = (tree_cpu_s() - cpu0) / repeat
    browser_pdf.close()
    return times, cpu, start_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports-dir", type=Path, default=REPO / "reports")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    html_files = sorted(args.reports_dir.glob("*/default/report.html"))
    if not html_files:
        raise SystemExit(f"no built reports under {args.reports_dir}: run `make report` first")
    with tempfile.TemporaryDirectory(prefix="hyesan-pdf-engines-") as tmp:
        out = Path(tmp)
        weasy, weasy_cpu = weasyprint_times(html_files, out, args.repeat)
        try:
            chrome, chrome_cpu, start_cpu = chromium_times(html_files, out, args.repeat)
        except Exception as exc:  # no browser: WeasyPrint's figures only
            print(f"Chromium not measured: {type(exc).__name__}: {exc}")
            chrome, chrome_cpu, start_cpu = {}, float("nan"), float("nan")
        print(
            f"{'report':22s} {'WeasyPrint s':>12s} {'pages':>5s} {'Chromium s':>10s} {'pages':>5s}"
        )
        for name in sorted(weasy):
            line = f"{name:22s} {statistics.median(weasy[name]):12.2f}"
            line += f" {pages(out / f'{name}-w.pdf'):5d}"
            if name in chrome:
                line += f" {statistics.median(chrome[name]):10.2f}"
                line += f" {pages(out / f'{name}-c.pdf'):5d}"
            print(line)
        total_w = sum(statistics.median(v) for v in weasy.values())
        total_c = sum(statistics.median(v) for v in chrome.values())
        print(f"{'total (wall)':22s} {total_w:12.2f}       {total_c:10.2f}")
        print(f"{'CPU, all reports':22s} {weasy_cpu:12.2f}       {chrome_cpu:10.2f}")
        print(f"{'CPU, browser start':22s} {'':12s}       {start_cpu:10.2f}  (once per process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
