"""Benchmark: the PDF of each built report by WeasyPrint (what the package uses) and by
headless Chromium (Debian's ``chromium``, driven by playwright), wall time and pages.

The PDFs are about 40% of a cold build's work, all of it WeasyPrint's layout in Python; this
measures what a browser's layout would cost instead, on the same report.html files. Each
engine is warmed first (WeasyPrint's first document, Chromium's start), then every report
is printed ``--repeat`` times; the medians are printed. Chromium's PDFs lack what WeasyPrint
draws from CSS Paged Media that Blink does not support (the running title in the footer,
from ``string-set``) and make relative links absolute: compare the pictures
(``pdftoppm``) before deciding anything on these numbers.

Usage: .venv/bin/python bench/bench_pdf_engines.py [--reports-dir reports] [--repeat 3]
(build the reports first: ``make report``; needs playwright and /usr/bin/chromium)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"


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


def chromium_times(html_files: list[Path], out: Path, repeat: int) -> tuple[dict, float]:
    """As ``weasyprint_times``, on one page of one browser started (and warmed) first."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {}
    with sync_playwright() as p:
        args = ["--no-sandbox", "--disable-gpu"]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page()
        options = {"prefer_css_page_size": True, "print_background": True}
        page.goto(html_files[0].as_uri())  # the warm-up
        page.pdf(path=str(out / "warm.pdf"), **options)
        cpu0 = tree_cpu_s()
        for _ in range(repeat):
            for html in html_files:
                t0 = time.perf_counter()
                page.goto(html.as_uri())
                page.pdf(path=str(out / f"{html.parent.parent.name}-c.pdf"), **options)
                times.setdefault(html.parent.parent.name, []).append(time.perf_counter() - t0)
        cpu = (tree_cpu_s() - cpu0) / repeat
        browser.close()
    return times, cpu


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
            chrome, chrome_cpu = chromium_times(html_files, out, args.repeat)
        except Exception as exc:  # no playwright or no browser: WeasyPrint's figures only
            print(f"Chromium not measured: {type(exc).__name__}: {exc}")
            chrome, chrome_cpu = {}, float("nan")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
