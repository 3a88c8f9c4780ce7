"""The ``hyesan-report`` command line itself: its parser, and the help it prints.

The help lists each report's parameters (units, defaults, sources) from the report specs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"hyesan-report: error: {message} (see --help)\n")


class _Formatter(argparse.HelpFormatter):
    """Wraps prose to the terminal; keeps text that has its own line breaks (the report's
    parameter list in ``run REPORT --help``) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "\n".join(indent + line for line in text.splitlines())
        return super()._fill_text(text, width, indent)


def _param_help(report: str) -> str:
    """A report's parameters (shared and optional ones marked), the reports it reads and
    the results it records: what ``list`` and ``run REPORT --help`` print."""
    from hyesan_analysis.reporting.authoring.registry import get_report
    from hyesan_analysis.reporting.engine import world

    spec = get_report(report)
    lines = [f"{spec.title}", f"  {spec.question}", "", "parameters (-p NAME=VALUE):"]
    for p in spec.schema.params:
        marks = [f"{p.basis}: {p.source}" if p.source else p.basis]
        if p.shared:
            marks.append("shared: one quantity for every report")
        if p.optional:
            marks.append("optional: none: from the upstream report")
        default = f"{p.default!r}"
        lines.append(
            f"  {p.name:<26} {p.type.__name__:<5} default {default:<10} {p.unit}  "
            f"[{'; '.join(marks)}]"
        )
        lines.append(f"  {'':<26} {p.description}; expected {p.expectation()}")
    if not spec.schema.params:
        lines.append("  none of its own")
    if spec.upstream:
        closure = world.with_upstream([spec.name])[:-1]
        lines += [
            "",
            f"upstream reports: {', '.join(spec.upstream)} (their results in the same "
            "world; `run` builds them first when missing or stale)",
        ]
        theirs = [n for n in world.quantities(closure) if n not in spec.schema.names]
        if theirs:
            lines.append("  -p also sets their parameters: " + ", ".join(theirs))
    lines += ["", "results recorded: " + ", ".join(spec.required_results)]
    return "\n".join(lines)


RUN_EPILOG = (
    "reports: {reports}\n"
    "`hyesan-report run REPORT --help` adds that report's parameters, units, defaults and "
    "sources;\n`hyesan-report list` prints them for every report.\n\n"
    "exit codes: 0 success or up to date, 1 a report failed, 2 bad input (one line)."
)


VALUE_FLAGS = frozenset({"-p", "--param", "--scenario", "--output-dir"})


def _help_report(argv: Sequence[str]) -> str | None:
    """The report named in ``run REPORT --help`` (its parameters go into the help), if any."""
    args = list(argv)
    if len(args) < 2 or args[0] != "run" or not ({"-h", "--help"} & set(args)):
        return None
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in VALUE_FLAGS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _parser(help_report: str | None = None) -> _Parser:
    """The whole command line. ``help_report``: the report whose parameters ``run --help``
    lists in its epilog (None: the list of reports)."""
    from hyesan_analysis import __version__

    parser = _Parser(
        prog="hyesan-report",
        description=(
            "Build the hyesan-analysis reports on car smuggling into Hyesan: HTML, PDF, "
            "results.json and manifest.json under reports/, and reports/index.html."
        ),
        epilog="exit codes: 0 success or up to date, 1 a report failed, 2 bad input.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"hyesan-report {__version__}",
        help="print the package version and exit",
    )
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        parser_class=_Parser,
        metavar="COMMAND",
        title="commands",
    )
    sub.add_parser(
        "list",
        help="list the reports with their parameters, units, defaults and sources",
        description="List every report: its question, its parameters (type, default, unit, "
        "source or assumption), the reports it reads and the results it records.",
    )

    def params(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "-p",
            "--param",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help=f"set one parameter {what} (repeatable; parsed by its declared type)",
        )

    def jobs(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--jobs",
            type=int,
            default=None,
            metavar="N",
            help=f"worker processes running {what} in parallel (default: the number of cores)",
        )

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--output-dir",
            default=None,
            metavar="DIR",
            help="write the reports and the index under DIR (default: reports/)",
        )
        p.add_argument(
            "--force",
            action="store_true",
            help="re-run even when the published report is up to date",
        )
        p.add_argument(
            "--no-pdf",
            action="store_true",
            help="skip the PDFs (a quicker draft; the HTML and results are complete)",
        )

    if help_report is not None:
        run_epilog = _param_help(help_report) + "\n\n" + RUN_EPILOG.split("\n\n")[-1]
    else:
        from hyesan_analysis.reporting.authoring.registry import all_reports

        run_epilog = RUN_EPILOG.format(reports=", ".join(all_reports()))
    run = sub.add_parser(
        "run",
        help="build one report (and the reports it reads, when missing or stale)",
        description="Build one report with its defaults, a scenario file and/or -p values; "
        "the reports it reads are built first in the same world when missing or stale. "
        "Parameters are checked before any kernel starts.",
        epilog=run_epilog,
    )
    run.add_argument(
        "report",
        nargs="?",
        metavar="REPORT",
        help="the report to build (see `hyesan-report list`)",
    )
    params(run, "of the report or of a report it reads")
    run.add_argument(
        "--scenario",
        metavar="FILE.yaml",
        help="a scenario file, for this report or a whole world (-p values override it)",
    )
    common(run)

    build = sub.add_parser(
        "build",
        help="build every report of a world (default: the defaults' world)",
        description="Build every report of a world in graph order, independent reports in "
        "parallel; up-to-date reports come from the cache. Then rewrite the index.",
    )
    build.add_argument(
        "reports",
        nargs="*",
        metavar="REPORT",
        help="only these reports (and the reports they read); default: every report",
    )
    jobs(build, "reports")
    build.add_argument(
        "--scenario",
        metavar="FILE.yaml",
        help="a world scenario: build every report under it, into <report>/<its name>/",
    )
    params(build, "for every report of the world that declares it")
    common(build)

    sweep = sub.add_parser(
        "sweep",
        help="run a report, or every report of the world, over a grid of values",
        description="Run every point of a grid (the product of the --grid value lists, or a "
        "sweep file's grid) into its own scenario folder and write a comparison page under "
        "reports/_sweeps/. Without a report, every report of each point's world is built.",
    )
    sweep.add_argument(
        "report",
        nargs="?",
        default=None,
        metavar="REPORT|FILE.yaml",
        help="a report name, or a sweep YAML file (none: sweep the world, every report)",
    )
    sweep.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NAME=V1,V2,...",
        help="one axis of the grid: a parameter and its values, comma-separated "
        "(repeatable; the sweep runs every combination)",
    )
    jobs(sweep, "points")
    sweep.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the points on a Dask cluster at ADDRESS, e.g. tcp://HOST:8786 (optional)",
    )
    common(sweep)

    preview = sub.add_parser(
        "preview",
        help="serve a live preview that re-renders when its inputs change",
        description="Serve the reports on 127.0.0.1 with a warm kernel; the page re-renders "
        "and reloads when the scenario file, the notebook, the package code or the data "
        "change. Ctrl-C stops it.",
    )
    preview.add_argument(
        "report",
        nargs="?",
        default=None,
        metavar="REPORT",
        help="the report to preview (default: the index of every report)",
    )
    preview.add_argument(
        "--scenario",
        metavar="FILE.yaml",
        type=Path,
        help="a scenario file to preview; editing it re-renders the page",
    )
    params(preview, "of the previewed report")
    preview.add_argument(
        "--port",
        type=int,
        default=8765,
        metavar="N",
        help="the port on 127.0.0.1 to serve on (default: 8765)",
    )
    preview.add_argument(
        "--pdf",
        action="store_true",
        help="also write the PDF after each re-render (default: only on exit)",
    )
    preview.add_argument(
        "--output-dir",
        default=None,
        metavar="DIR",
        type=Path,
        help="publish the previewed reports under DIR (default: reports/)",
    )

    daemon = sub.add_parser(
        "daemon",
        help="show or stop the kernel kept ready for the next command",
        description="In a terminal, `run`, `build` and `sweep` leave one pre-imported kernel ready for "
        "the next command (it has run no notebook code, and serves one command only); it ends "
        "after 5 minutes unused or when the package, its data or the environment change. "
        "HYESAN_KERNEL_DAEMON=0 turns this off, =1 turns it on outside a terminal.",
    )
    daemon.add_argument("action", choices=["status", "stop"], help="show it, or stop it")

    sub.add_parser(
        "index",
        help="rewrite reports/index.html from the reports on disk",
        description="Rewrite the index page from the manifests on disk (nothing is run).",
    ).add_argument(
        "--output-dir",
        default=None,
        metavar="DIR",
        help="the reports folder whose index to rewrite (default: reports/)",
    )
    return parser
