"""``hyesan-report``: a thin command-line wrapper over hyesan_analysis.reporting.

Exit codes: 0 success (or up to date), 1 a report failed, 2 bad input (one line, no traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from hyesan_analysis.reporting.authoring.schema import ParameterError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"hyesan-report: error: {message} (see --help)\n")


def _param_help(report: str) -> str:
    """A report's parameters (shared and optional ones marked), the reports it reads and
    the results it records: what ``list`` and ``run REPORT --help`` print."""
    from hyesan_analysis.reporting.authoring.registry import get_report
    from hyesan_analysis.reporting.engine import world

    spec = get_report(report)
    lines = [f"{spec.title}", f"  {spec.question}", "", "parameters (-p NAME=VALUE):"]
    for p in spec.schema.params:
        marks = [f"sourced: {p.source}" if p.source else "assumed"]
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


def _parser() -> _Parser:
    parser = _Parser(
        prog="hyesan-report",
        description="Build the hyesan-analysis reports (HTML, PDF, results.json, manifest.json).",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("list", help="list reports and their parameters")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--output-dir", default=None, help="output root (default: reports/)")
        p.add_argument("--force", action="store_true", help="re-run even if up to date")
        p.add_argument("--no-pdf", action="store_true", help="skip the PDF (faster drafts)")

    run = sub.add_parser("run", help="build one report", add_help=False)
    run.add_argument("report", nargs="?")
    run.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    run.add_argument(
        "--scenario",
        metavar="FILE.yaml",
        help="scenario file, for this report or a world (flags override it)",
    )
    run.add_argument("-h", "--help", action="store_true")
    common(run)

    build = sub.add_parser(
        "build", help="build every report of a world (default: the defaults' world)"
    )
    build.add_argument("--jobs", type=int, default=None, help="parallel reports (default: cores)")
    build.add_argument("reports", nargs="*", help="only these reports (and the reports they read)")
    build.add_argument(
        "--scenario",
        metavar="FILE.yaml",
        help="a world scenario: build every report under it, into <report>/<its name>/",
    )
    build.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    common(build)

    sweep = sub.add_parser(
        "sweep", help="run a report, or every report of the world, over a grid of values"
    )
    sweep.add_argument(
        "report", nargs="?", default=None, help="report name, or a sweep YAML file (none: world)"
    )
    sweep.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2,...")
    sweep.add_argument("--jobs", type=int, default=None)
    sweep.add_argument("--scheduler", default=None, help="Dask scheduler address (optional)")
    common(sweep)

    sub.add_parser("index", help="rewrite reports/index.html").add_argument(
        "--output-dir", default=None
    )
    return parser


def _root(arg: str | None) -> Path:
    from hyesan_analysis.reporting.engine.runner import DEFAULT_OUTPUT

    return Path(arg) if arg else DEFAULT_OUTPUT


def _cmd_list() -> int:
    from hyesan_analysis.reporting.authoring.registry import all_reports

    for name in all_reports():
        print(_param_help(name))
        print(f"    -> hyesan-report run {name} [-p NAME=VALUE ...]\n")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from hyesan_analysis.reporting.engine import build, store
    from hyesan_analysis.reporting.engine.requests import resolve_with_upstream
    from hyesan_analysis.reporting.rendering import index

    if args.report is None:
        if args.help:
            from hyesan_analysis.reporting.authoring.registry import all_reports

            print(
                "usage: hyesan-report run REPORT [-p NAME=VALUE ...] [--scenario FILE.yaml]\n"
                "reports: " + ", ".join(all_reports()) + "\n"
                "hyesan-report run REPORT --help lists a report's parameters"
            )
            return EXIT_OK
        raise ParameterError("run: expected a report name (see hyesan-report list)")
    if args.help:
        print(
            f"usage: hyesan-report run {args.report} [-p NAME=VALUE ...] [--scenario FILE.yaml] "
            "[--output-dir DIR] [--force] [--no-pdf]\n"
        )
        print(_param_help(args.report))
        return EXIT_OK
    requests = resolve_with_upstream(args.report, args.param, args.scenario)
    root = _root(args.output_dir)
    store.check_writable(root)
    outcomes = build.run_with_upstream(requests, root, force=args.force, pdf=not args.no_pdf)
    index.write_index(root)
    return EXIT_FAILED if any(o.status == "failed" for o in outcomes) else EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from hyesan_analysis.reporting.engine import build, store, world
    from hyesan_analysis.reporting.engine.requests import world_requests
    from hyesan_analysis.reporting.rendering import index

    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs: expected an integer >= 1, got {args.jobs}")
    chosen = world.graph_order(args.reports) if args.reports else None
    the_world = world.resolve_world(args.param, args.scenario)
    if chosen is None:
        if the_world.report is not None:  # a one-report scenario: that report
            chosen = [the_world.report]
        else:
            chosen = world.world_reports(the_world.settings)
    requests = world_requests(the_world, chosen)
    root = _root(args.output_dir)
    store.check_writable(root)
    outcomes = build.run_many(requests, root, force=args.force, jobs=args.jobs, pdf=not args.no_pdf)
    index.write_index(root)
    failed = [o for o in outcomes if o.status == "failed"]
    fresh = sum(o.status == "up to date" for o in outcomes)
    where = "" if the_world.name == world.DEFAULT else f" in world {the_world.name}"
    print(
        f"{len(outcomes)} reports{where}: {len(outcomes) - len(failed) - fresh} built, "
        f"{fresh} up to date, {len(failed)} failed; index: {root / 'index.html'}"
    )
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_sweep(args: argparse.Namespace) -> int:
    from hyesan_analysis.reporting.engine import sweep

    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs: expected an integer >= 1, got {args.jobs}")
    return sweep.run_sweep_cli(
        args.report,
        args.grid,
        _root(args.output_dir),
        args.jobs,
        args.force,
        not args.no_pdf,
        args.scheduler,
    )


def main(argv: Sequence[str] | None = None) -> int:
    from hyesan_analysis.reporting.engine.store import OutputDirError

    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            return _cmd_list()
        if args.command == "run":
            return _cmd_run(args)
        if args.command == "build":
            return _cmd_build(args)
        if args.command == "sweep":
            return _cmd_sweep(args)
        if args.command == "index":
            from hyesan_analysis.reporting.rendering import index

            print(index.write_index(_root(args.output_dir)))
            return EXIT_OK
    except (ParameterError, OutputDirError) as exc:
        print(f"hyesan-report: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("hyesan-report: interrupted; the previous reports are untouched", file=sys.stderr)
        return 130
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
