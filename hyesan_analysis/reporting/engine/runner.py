"""Run one report: check the cache, execute, verify results, export, publish atomically.

``resolve`` turns user input (report name, ``-p`` flags, a scenario file) into a validated
``RunRequest`` before any kernel starts; ``run_report`` does the rest. Both are what the CLI
calls; the CLI itself only parses arguments and prints.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hyesan_analysis import __version__
from hyesan_analysis.reporting.authoring.registry import REPO_DIR, get_report
from hyesan_analysis.reporting.authoring.scenario import (
    Scenario,
    derived_name,
    load_scenario,
    validate_scenario_parameters,
)
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import inputs as inputs_mod
from hyesan_analysis.reporting.engine import store, trace

DEFAULT_OUTPUT = REPO_DIR / "reports"
REPORT_FILES = ("report.html", "report.pdf", "executed.ipynb", "results.json", "manifest.json")


@dataclass(frozen=True)
class RunRequest:
    """A validated request to build one report for one parameter set."""

    report: str
    parameters: dict[str, Any]
    scenario: str
    scenario_title: str = ""
    scenario_rationale: str = ""
    differing: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunOutcome:
    """What happened to one request."""

    report: str
    scenario: str
    status: str  # "ok", "up to date" or "failed"
    path: Path
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    duration_s: float = 0.0
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "failed" else 0


def resolve(
    report: str,
    assignments: Sequence[str] = (),
    scenario_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> RunRequest:
    """Validate user input into a RunRequest; ParameterError (exit 2) on any problem.

    Flags (``assignments``, then ``overrides``) win over the scenario file.
    """
    spec = get_report(report)
    scenario: Scenario | None = None
    from_file: dict[str, Any] = {}
    if scenario_file is not None:
        scenario = load_scenario(scenario_file)
        if scenario.report != spec.name:
            raise ParameterError(
                f"{scenario.path}:{scenario.lines.get('@report', 1)}: scenario is for report "
                f"{scenario.report!r}, not {spec.name!r}"
            )
        from_file = validate_scenario_parameters(scenario, spec.schema)
    from_flags = spec.schema.parse_assignments(assignments)
    for name, value in (overrides or {}).items():
        from_flags[name] = spec.schema.get(name).check(value)
    try:
        values = spec.schema.validate({**from_file, **from_flags})
    except ParameterError as exc:
        prefix = f"{scenario.path}: " if scenario is not None and not from_flags else ""
        raise ParameterError(f"{prefix}{exc}") from None
    defaults = spec.schema.defaults()
    if scenario is None:
        name = derived_name(None, spec.schema.differing(values))
    else:
        beyond_file = {
            k: values[k]
            for k in spec.schema.names
            if k in from_flags and from_flags[k] != from_file.get(k, defaults[k])
        }
        name = derived_name(scenario.name, beyond_file)
    return RunRequest(
        report=spec.name,
        parameters=values,
        scenario=name,
        scenario_title=scenario.title if scenario else "",
        scenario_rationale=scenario.rationale if scenario else "",
        differing=spec.schema.differing(values),
    )


def upstream_documents(
    report: str, root: Path, pending: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Each upstream report's default results.json text (None if it has none).

    ``pending`` gives the results of upstream runs that have executed but are not yet
    published (a build starts the summary while they render); the rest are read from the
    published reports.
    """
    out: dict[str, str | None] = {}
    for name in get_report(report).upstream:
        if pending is not None and name in pending:
            out[name] = pending[name]
            continue
        path = store.scenario_dir(root, name, "default") / "results.json"
        out[name] = path.read_bytes().decode("utf-8") if path.is_file() else None
    return out


def upstream_digests(
    report: str, root: Path, pending: Mapping[str, str] | None = None
) -> dict[str, str]:
    """sha256 of each upstream report's default results.json ('missing' if absent)."""
    return {
        name: "missing" if text is None else inputs_mod.sha256_bytes(text.encode("utf-8"))
        for name, text in upstream_documents(report, root, pending).items()
    }


def check_cache(
    request: RunRequest,
    root: Path,
    pdf: bool = True,
    pending_upstream: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """(current inputs, reasons to re-run); no reasons means the report is up to date.

    A report built without its PDF is up to date for another run without one.
    ``pending_upstream``: see ``upstream_documents``.
    """
    spec = get_report(request.report)
    old = store.current_manifest(root, request.report, request.scenario)
    data_files = None
    if old is not None:
        data_files = [k[5:] for k in old.get("inputs", {}) if k.startswith("data:")]
    current = inputs_mod.report_inputs(
        spec,
        request.parameters,
        upstream_digests(request.report, root, pending_upstream),
        data_files,
    )
    if old is None:
        return current, ["no previous report"]
    if old.get("status") != "ok":
        return current, ["previous run did not finish"]
    target = store.scenario_dir(root, request.report, request.scenario)
    wanted = [f for f in REPORT_FILES if pdf or f != "report.pdf"]
    missing = [f for f in wanted if not (target / f).is_file()]
    if missing:
        return current, [f"missing {', '.join(missing)}"]
    return current, inputs_mod.describe_changes(old.get("inputs"), current)


def git_commit() -> str | None:
    """The checkout's commit (with '+dirty' when files differ), or None outside a checkout."""
    if not (REPO_DIR / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_DIR), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+dirty" if dirty else "")


def _fmt_value(value: Any, unit: str, name: str = "") -> str:
    if name == "seed" or name.endswith("_seed"):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return f"{text} {unit}".strip() if unit and not isinstance(value, str | bool) else text


def _provenance_rows(
    request: RunRequest,
    inputs: Mapping[str, str],
    key: str,
    started: str,
    commit: str | None,
    execute_s: float,
) -> list[tuple[str, str]]:
    spec = get_report(request.report)
    params = "; ".join(
        f"{p.name} = {_fmt_value(request.parameters[p.name], p.unit, p.name)}"
        f"{' (changed)' if p.name in request.differing else ''}"
        for p in spec.schema.params
    )
    versions = inputs_mod.library_versions()
    data = inputs_mod.data_checksums(inputs)
    return [
        ("Parameters", params or "none (this report has no parameters of its own)"),
        ("Report / scenario", f"{request.report} / {request.scenario}"),
        ("Notebook", f"notebooks/{spec.notebook.name} (sha256 {inputs['notebook'][:16]}…)"),
        ("Data files (sha256)", "; ".join(f"{n} {h[:16]}…" for n, h in data.items()) or "none"),
        ("Package", f"hyesan-analysis {__version__}" + (f", git {commit}" if commit else "")),
        ("Software", ", ".join(f"{k} {v}" for k, v in versions.items())),
        ("Cache key", key),
        ("Executed", f"{started} (notebook {execute_s:.1f} s)"),
    ]


def _write_json(path: Path, doc: Any) -> None:
    path.write_text(
        json.dumps(doc, indent=2, sort_keys=True, allow_nan=False) + "\n", encoding="utf-8"
    )


def _failure(
    request: RunRequest,
    root: Path,
    work: Path,
    nb_path: Path,
    message: str,
    started_t: float,
) -> RunOutcome:
    """Keep failed.ipynb and failed.html beside the last good report; leave that report be."""
    import nbformat

    from hyesan_analysis.reporting.rendering import export

    spec = get_report(request.report)
    html_path = work / "failed.html"
    try:
        nb = nbformat.read(nb_path, as_version=4)
        body = export.cells_html(nb, show_code=True)
        page = export.render_page(
            body,
            report=request.report,
            title=spec.title,
            question=spec.question,
            scenario=request.scenario,
            scenario_title=request.scenario_title,
            scenario_rationale=request.scenario_rationale,
            changed=", ".join(request.differing),
            run_date=_now(),
            provenance=[("Status", f"failed: {message}")],
            version=__version__,
            failed=True,
        )
        html_path.write_text(page, encoding="utf-8")
    except Exception as exc:  # the failure report must not hide the failure itself
        html_path.write_text(f"<p>Run failed: {message}</p><p>({exc})</p>", encoding="utf-8")
    files = {"failed.html": html_path}
    if nb_path.is_file():
        files["failed.ipynb"] = nb_path
    path = store.add_to_current(root, request.report, request.scenario, files)
    shutil.rmtree(work, ignore_errors=True)
    return RunOutcome(
        request.report,
        request.scenario,
        "failed",
        path,
        message=message,
        duration_s=time.perf_counter() - started_t,
    )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class Executed:
    """A report whose notebook ran and whose results are checked: the first of two phases.

    The work folder holds executed.ipynb and results.json; ``render`` adds the HTML, the
    PDF and the manifest, and ``publish`` moves the folder into place. A build splits the
    phases so that a report that reads these results (the summary) can execute while this
    one renders, and publishes only after this one has.
    """

    request: RunRequest
    root: Path
    work: Path
    reasons: list[str]
    results: dict[str, Any]
    results_document: str
    inputs: dict[str, str]
    cache_key: str
    commit: str | None
    started: str
    timings: dict[str, float]
    elapsed_s: float  # wall time of the phases so far
    pdf_pages: int | None = None
    rendered: bool = False
    # the executed notebook, kept when the next phase runs in the same process
    notebook: Any = field(default=None, repr=False, compare=False)


def execute_phase(
    request: RunRequest,
    root: Path = DEFAULT_OUTPUT,
    force: bool = False,
    pdf: bool = True,
    on_start: Callable[[RunRequest, list[str]], None] | None = None,
    keep_warm: bool = False,
    pending_upstream: Mapping[str, str] | None = None,
) -> Executed | RunOutcome:
    """Check the cache and, if stale, execute the notebook and check its results.

    Returns a RunOutcome when there is nothing more to do (up to date, or failed: then
    failed.ipynb and failed.html sit beside the last good report). ``pending_upstream``:
    see ``upstream_documents``.
    """
    started_t = time.perf_counter()
    spec = get_report(request.report)
    root = Path(root)
    store.check_writable(root)
    store.collect_garbage(root, request.report)
    _, reasons = check_cache(request, root, pdf, pending_upstream)
    target = store.scenario_dir(root, request.report, request.scenario)
    if not reasons and not force:
        return RunOutcome(
            request.report,
            request.scenario,
            "up to date",
            target,
            duration_s=time.perf_counter() - started_t,
        )
    if force and not reasons:
        reasons = ["forced (--force)"]
    upstream = upstream_documents(request.report, root, pending_upstream)
    missing_upstream = [name for name, text in upstream.items() if text is None]
    if missing_upstream:
        return RunOutcome(
            request.report,
            request.scenario,
            "failed",
            target,
            message=f"needs the default results of {', '.join(missing_upstream)}: "
            "run `hyesan-report build` (it builds them first)",
        )
    if on_start is not None:
        on_start(request, reasons)

    from hyesan_analysis.reporting.engine import execute

    execute.prewarm()  # the kernel starts (another process) while this one imports
    trace.event("execute", request.report)
    import nbformat

    from hyesan_analysis.reporting.authoring import results
    from hyesan_analysis.reporting.rendering import export

    export.warm_up(pdf)  # no-op after the first report of a process

    root.mkdir(parents=True, exist_ok=True)
    work = store.new_work_dir(root, request.report)
    try:
        if upstream:
            (work / "upstream").mkdir()
            for name, text in upstream.items():
                (work / "upstream" / f"{name}.json").write_bytes((text or "").encode("utf-8"))
        started = _now()
        nb_path = work / "executed.ipynb"
        nb = nbformat.read(spec.notebook, as_version=4)
        execute.inject_parameters(nb, request.parameters)
        t0 = time.perf_counter()
        try:
            nb = execute.execute(nb, nb_path, cwd=work, keep_kernel=keep_warm)
        except execute.ExecutionFailed as exc:
            source = "\n".join("    " + line for line in exc.source.strip().splitlines()[-12:])
            message = f"{exc}\n  failing cell {exc.cell_index}:\n{source}"
            return _failure(request, root, work, nb_path, message, started_t)
        execute_s = time.perf_counter() - t0
        trace.event("executed", request.report)
        if keep_warm:
            execute.prewarm()  # no-op when the kernel was kept for reuse
        found = results.extract_results(nb)
        problems = results.check_results(found, spec.required_results)
        if problems:
            return _failure(request, root, work, nb_path, "; ".join(problems), started_t)

        reads = results.data_reads(nb)
        final_inputs = inputs_mod.report_inputs(
            spec,
            request.parameters,
            upstream_digests(request.report, root, pending_upstream),
            reads,
        )
        shutil.rmtree(work / "upstream", ignore_errors=True)
        document = results.results_document(request.report, request.scenario, found)
        (work / "results.json").write_text(document, encoding="utf-8")
        return Executed(
            request=request,
            root=root,
            work=work,
            reasons=reasons,
            results=found,
            results_document=document,
            inputs=final_inputs,
            cache_key=inputs_mod.cache_key(final_inputs),
            commit=git_commit(),
            started=started,
            timings={"execute": execute_s},
            elapsed_s=time.perf_counter() - started_t,
            notebook=nb,
        )
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def render(done: Executed, pdf: bool = True) -> Executed:
    """Write report.html, report.pdf and manifest.json into the work folder.

    The executed notebook is read back from the work folder unless ``done`` carries it
    (the phases may run in different processes).
    """
    import nbformat

    from hyesan_analysis.reporting.rendering import export

    t_start = time.perf_counter()
    request, work = done.request, done.work
    spec = get_report(request.report)
    timings = dict(done.timings)
    pdf_pages: int | None = None
    try:
        nb = done.notebook
        if nb is None:
            nb = nbformat.read(work / "executed.ipynb", as_version=4)
        t0 = time.perf_counter()
        body = export.cells_html(nb)
        page = export.render_page(
            body,
            report=request.report,
            title=spec.title,
            question=spec.question,
            scenario=request.scenario,
            scenario_title=request.scenario_title,
            scenario_rationale=request.scenario_rationale,
            changed=", ".join(request.differing),
            run_date=done.started,
            provenance=_provenance_rows(
                request, done.inputs, done.cache_key, done.started, done.commit, timings["execute"]
            ),
            version=__version__,
            compact=spec.one_page,
        )
        (work / "report.html").write_text(page, encoding="utf-8")
        timings["html"] = time.perf_counter() - t0
        trace.event("html", request.report)
        if pdf:
            t0 = time.perf_counter()
            pdf_pages = export.write_pdf(page, work / "report.pdf", work)
            timings["pdf"] = time.perf_counter() - t0
            trace.event("pdf", request.report)
        elapsed = done.elapsed_s + time.perf_counter() - t_start
        manifest = {
            "report": request.report,
            "title": spec.title,
            "scenario": request.scenario,
            "scenario_title": request.scenario_title,
            "scenario_rationale": request.scenario_rationale,
            "parameters": request.parameters,
            "parameters_changed": request.differing,
            "package": {
                "name": "hyesan-analysis",
                "version": __version__,
                "git_commit": done.commit,
            },
            "versions": inputs_mod.library_versions(),
            "notebook": {
                "path": f"notebooks/{spec.notebook.name}",
                "sha256": inputs_mod.sha256_file(spec.notebook),
            },
            "data": {
                f"hyesan_analysis/data/{n}": h
                for n, h in inputs_mod.data_checksums(done.inputs).items()
            },
            "inputs": done.inputs,
            "cache_key": done.cache_key,
            "started": done.started,
            "finished": _now(),
            "duration_s": round(elapsed, 3),
            "timings_s": {k: round(v, 3) for k, v in timings.items()},
            "rerun_reasons": done.reasons,
            "pdf_pages": pdf_pages,
            "status": "ok",
            "files": [f for f in REPORT_FILES if f == "manifest.json" or (work / f).exists()],
            "results": done.results,
        }
        _write_json(work / "manifest.json", manifest)
    except BaseException:
        discard(done)
        raise
    return replace(done, timings=timings, elapsed_s=elapsed, pdf_pages=pdf_pages, rendered=True)


def publish(done: Executed) -> RunOutcome:
    """Move a rendered report into place (atomically: see store.publish)."""
    t0 = time.perf_counter()
    request = done.request
    try:
        path = store.publish(done.root, request.report, request.scenario, done.work)
    except BaseException:
        discard(done)
        raise
    trace.event("published", request.report)
    return RunOutcome(
        request.report,
        request.scenario,
        "ok",
        path,
        reasons=done.reasons,
        duration_s=done.elapsed_s + time.perf_counter() - t0,
        results=done.results,
    )


def discard(done: Executed) -> None:
    """Drop an executed run that will not be published."""
    shutil.rmtree(done.work, ignore_errors=True)


def run_report(
    request: RunRequest,
    root: Path = DEFAULT_OUTPUT,
    force: bool = False,
    pdf: bool = True,
    on_start: Callable[[RunRequest, list[str]], None] | None = None,
    keep_warm: bool = False,
) -> RunOutcome:
    """Build one report unless it is up to date; never leave a half-written report.

    ``keep_warm``: keep the kernel (emptied) for the next report, or start a new one in the
    background, for workers that run report after report; the kernel for this run is always
    started as early as possible.
    """
    done = execute_phase(request, root, force, pdf, on_start, keep_warm)
    if isinstance(done, RunOutcome):
        return done
    return publish(render(done, pdf))


def default_requests(names: Iterable[str] | None = None) -> list[RunRequest]:
    from hyesan_analysis.reporting.authoring.registry import all_reports

    chosen = list(names) if names is not None else list(all_reports())
    return [resolve(name) for name in chosen]
