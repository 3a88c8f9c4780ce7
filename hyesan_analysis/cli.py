"""``hyesan-report``: a thin command-line wrapper over hyesan_analysis.reporting.

Exit codes: 0 success (or up to date), 1 a report failed, 2 bad input (one line, no traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hyesan_analysis.cli_parser import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    _help_report,
    _param_help,
    _parser,
)
from hyesan_analysis.reporting.authoring.schema import ParameterError


def _root(arg: str | None) -> Path:
    from hyesan_analysis.reporting.authoring.registry import DEFAULT_OUTPUT

    return Path(arg) if arg else DEFAULT_OUTPUT


def _cmd_list() -> int:
    from hyesan_analysis.reporting.authoring.registry import all_reports

    for name in all_reports():
        print(_param_help(name))
        print(f"    -> hyesan-report run {name} [-p NAME=VALUE ...]\n")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from hyesan_analysis.reporting.engine import build
    from hyesan_analysis.reporting.engine.requests import preflight, resolve_with_upstream
    from hyesan_analysis.reporting.rendering import index

    if args.report is None:
        raise ParameterError("run: expected a report name (see hyesan-report list)")
    requests = resolve_with_upstream(args.report, args.param, args.scenario)
    root = _root(args.output_dir)
    preflight(requests, root)  # writable folders, no reused scenario name: before any kernel
    progress = build.Progress(len(requests), pdf=not args.no_pdf)
    outcomes = build.run_with_upstream(
        requests, root, force=args.force, pdf=not args.no_pdf, progress=progress
    )
    index.write_index(root)
    return EXIT_FAILED if any(o.status == "failed" for o in outcomes) else EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from hyesan_analysis.reporting.engine import build, world
    from hyesan_analysis.reporting.engine.requests import preflight, world_requests
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
    preflight(requests, root)
    progress = build.Progress(len(build.unique_requests(requests)[0]), pdf=not args.no_pdf)
    outcomes = build.run_many(
        requests, root, force=args.force, jobs=args.jobs, pdf=not args.no_pdf, progress=progress
    )
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


PREVIEW_MODULE = "hyesan_analysis.reporting.engine.preview"


def _cmd_preview(args: argparse.Namespace) -> int:
    """``hyesan-report preview``: engine/preview.py's ``serve``, imported only here."""
    import importlib

    if not 0 < args.port < 65536:
        raise ParameterError(f"--port: expected an integer between 1 and 65535, got {args.port}")
    try:
        preview = importlib.import_module(PREVIEW_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == PREVIEW_MODULE:
            raise ParameterError("preview: not available in this version of the package") from None
        raise ParameterError(f"preview: needs the Python package {exc.name!r}") from None
    code: int = preview.serve(
        args.report, args.scenario, args.param, args.port, args.pdf, args.output_dir
    )
    return code


def _start_early(argv: Sequence[str]) -> None:
    """Before the parser (which imports every report's spec, ~0.4 s): start what a build or
    run will most likely execute on (the kernels, or a pool of workers) from a glance at the
    command line; ``build.start_early`` says when. What goes unused ends at exit."""
    if not argv or argv[0] not in {"run", "build", "sweep"} or {"-h", "--help"} & set(argv):
        _decide_daemon()
        return
    from hyesan_analysis.reporting import engine

    def value(flag: str) -> str | None:
        for i, arg in enumerate(argv):
            if arg == flag and i + 1 < len(argv):
                return argv[i + 1]
            if arg.startswith(flag + "="):
                return arg.split("=", 1)[1]
        return None

    given = value("--jobs")
    jobs = int(given) if given and given.isdigit() and int(given) > 0 else None
    root, force, several = _root(value("--output-dir")), "--force" in argv, argv[0] != "run"
    if several and (jobs or engine.cores()) > 1 and engine.likely_cold(root, force):
        from hyesan_analysis.reporting.engine import kernel_template

        # the pool build.start_early starts below begins with this template; started first
        # (~0.1 s sooner), as its imports are what a cold build's first cell waits for
        kernel_template.start()
    _decide_daemon()
    from hyesan_analysis.data.facts import _facts_by_id
    from hyesan_analysis.reporting.engine import build

    _facts_by_id()  # a broken facts.csv is bad input (exit 2) before any kernel starts
    build.start_early(root, force=force, several=several, jobs=jobs, pdf="--no-pdf" not in argv)


def _decide_daemon() -> None:
    from hyesan_analysis.reporting.engine import kernel_daemon

    kernel_daemon.decide_for_children()  # in a terminal, its workers may borrow too


def _cmd_daemon(args: argparse.Namespace) -> int:
    from hyesan_analysis.reporting.engine import kernel_daemon

    if args.action == "stop":
        print(f"stopped {kernel_daemon.stop_all()} kernel daemon(s)")
        return EXIT_OK
    state = kernel_daemon.status()
    use = "used" if kernel_daemon.enabled() else f"not used here (set {kernel_daemon.ENV}=1)"
    if state is None:
        print(f"no kernel daemon for this folder, code and environment; daemons are {use}")
    else:
        kernel = "a kernel ready" if state.get("ready") else "no kernel ready yet"
        print(f"kernel daemon {state['pid']}: {kernel}; daemons are {use}")
    return EXIT_OK


def _exit_now(code: int) -> None:
    """End the command at once: the exit handlers run (kernels, pools and temporary folders
    are cleaned up), but not the interpreter's teardown, ~0.4 s of freeing the modules of
    pandas, nbconvert and WeasyPrint that a process about to end does not need. Only when
    no other thread would still be waited for."""
    import atexit
    import threading

    main = threading.main_thread()
    if any(t.is_alive() and not t.daemon and t is not main for t in threading.enumerate()):
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    from_command_line = argv is None  # not a test calling main(): start kernels early
    code = _main(list(sys.argv[1:] if argv is None else argv), from_command_line)
    build = sys.modules.get("hyesan_analysis.reporting.engine.build")
    if from_command_line and build is not None:
        build._drop_early_pool()  # unused (bad input): its workers must not hold up the exit
    return code


def _main(argv: list[str], from_command_line: bool) -> int:
    from hyesan_analysis.reporting.engine.store import OutputDirError, storage_error

    try:
        if from_command_line:
            _start_early(argv)
        args = _parser(_help_report(argv)).parse_args(argv)
        if args.command == "list":
            return _cmd_list()
        if args.command in {"run", "build", "sweep"}:
            command = {"run": _cmd_run, "build": _cmd_build, "sweep": _cmd_sweep}
            code = command[args.command](args)
            from hyesan_analysis.reporting.engine import kernel_daemon

            kernel_daemon.ensure_started()  # a pre-imported kernel for the next command
            if from_command_line:
                _exit_now(code)
            return code
        if args.command == "daemon":
            return _cmd_daemon(args)
        if args.command == "preview":
            return _cmd_preview(args)
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
    except OSError as exc:  # the index or a sweep page: one line, never a traceback
        print(f"hyesan-report: error: {storage_error(exc, exc.filename or '')}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("hyesan-report: interrupted; the previous reports are untouched", file=sys.stderr)
        return 130
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
