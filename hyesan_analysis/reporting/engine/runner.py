"""Run one report: check the cache, execute, verify results, export, publish atomically.

A run has three phases: ``execute_phase`` (cache check, then the notebook in a kernel and
its results checked), ``render`` (HTML, PDF, manifest) and ``publish`` (moved into place);
``run_report`` chains them. Requests are made by ``requests.resolve``; what the CLI and
the build import from here is re-exported below.

Every folder a run writes is checked before its kernel starts (``requests.preflight``);
executed.ipynb records no absolute path and no duration (``normalise_notebook``); the
manifest records the checksum of every published file; a write that fails (a full disk)
is one line (``store.StorageError``) and leaves nothing half-written.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hyesan_analysis import __version__
from hyesan_analysis.reporting.authoring.registry import DEFAULT_OUTPUT, get_report
from hyesan_analysis.reporting.engine import inputs as inputs_mod
from hyesan_analysis.reporting.engine import manifest, store, trace
from hyesan_analysis.reporting.engine.cache import (
    check_cache,
    parse_results,
    upstream_digests,
    upstream_documents,
    upstream_inputs,
)
from hyesan_analysis.reporting.engine.executed_notebook import _write_notebook, normalise_notebook
from hyesan_analysis.reporting.engine.manifest import git_commit
from hyesan_analysis.reporting.engine.requests import (
    RunOutcome,
    RunRequest,
    default_requests,
    preflight,
    resolve,
)
from hyesan_analysis.reporting.engine.store import REPORT_FILES

__all__ = [
    "DEFAULT_OUTPUT",
    "REPORT_FILES",
    "Executed",
    "RunOutcome",
    "RunRequest",
    "check_cache",
    "default_requests",
    "discard",
    "execute_phase",
    "git_commit",
    "normalise_notebook",
    "preflight",
    "publish",
    "render",
    "resolve",
    "run_report",
    "upstream_digests",
    "upstream_documents",
]


def _page(request: RunRequest, body: str, **page: Any) -> str:
    """The report page of one run: its title, question and scenario around ``body``."""
    from hyesan_analysis.reporting.rendering import export

    spec = get_report(request.report)
    return export.render_page(
        body,
        report=request.report,
        title=spec.title,
        question=spec.question,
        scenario=request.scenario,
        scenario_title=request.scenario_title,
        scenario_rationale=request.scenario_rationale,
        changed=", ".join(request.differing),
        version=__version__,
        **page,
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

    html_path = work / "failed.html"
    try:
        nb = nbformat.read(nb_path, as_version=4)
        _write_notebook(normalise_notebook(nb, work), nb_path)
        body = export.cells_html(nb, show_code=True)
        page = _page(
            request,
            body,
            run_date=manifest.now(),
            provenance=[("Status", f"failed: {message}")],
            failed=True,
        )
        store.write_atomic(html_path, page)
    except store.StorageError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    except Exception as exc:  # the failure report must not hide the failure itself
        from html import escape

        try:
            store.write_atomic(
                html_path, f"<p>Run failed: {escape(message)}</p><p>({escape(str(exc))})</p>"
            )
        except store.StorageError:
            shutil.rmtree(work, ignore_errors=True)
            raise
    files = {"failed.html": html_path}
    if nb_path.is_file():
        files["failed.ipynb"] = nb_path
    try:
        path = store.add_to_current(root, request.report, request.scenario, files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RunOutcome(
        request.report,
        request.scenario,
        "failed",
        path,
        message=message,
        duration_s=time.perf_counter() - started_t,
    )


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
    upstream_used: list[tuple[str, str]] = field(default_factory=list)  # (report, result)
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
    stale_because: list[str] | None = None,
    early_results: Path | None = None,
) -> Executed | RunOutcome:
    """Check the cache and, if stale, execute the notebook and check its results.

    Returns a RunOutcome when there is nothing more to do (up to date, or failed: then
    failed.ipynb and failed.html sit beside the last good report). ``pending_upstream``:
    see ``upstream_documents``. ``stale_because``: the reasons a cache check of this
    request just found (a build's scheduler checks before it hands the run to a worker);
    the check is then not repeated. The manifest's inputs are computed after the run
    either way. ``early_results``: where to write the results document as soon as every
    declared result is recorded (``early_results.cell_hook``), for readers waiting on it.
    """
    started_t = time.perf_counter()
    spec = get_report(request.report)
    root = Path(root)
    preflight([request], root)  # before any kernel starts
    store.collect_garbage(root, request.report)
    if stale_because:
        reasons = list(stale_because)
    else:
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
    upstream = upstream_documents(request.report, root, request.world, pending_upstream)
    missing_upstream = [name for name, text in upstream.items() if parse_results(text) is None]
    if missing_upstream:
        return RunOutcome(
            request.report,
            request.scenario,
            "failed",
            target,
            message=f"needs the results of {', '.join(missing_upstream)} in world "
            f"{request.world!r}: `hyesan-report run {request.report}` builds them first",
        )
    if on_start is not None:
        on_start(request, reasons)

    from hyesan_analysis.reporting.engine import execute

    execute.prewarm()  # the kernel starts (another process) while this one imports
    trace.event("execute", request.report)
    import nbformat

    from hyesan_analysis.reporting.authoring import results
    from hyesan_analysis.reporting.rendering import export

    # the rendering imports (~1 s once per process) and the PDF engine's start on the
    # other core while the kernel runs the notebook; none of it is needed before then
    export.warm_up_in_background(pdf, sample_pdf=pdf, start_browser=pdf)

    try:
        root.mkdir(parents=True, exist_ok=True)
        work = store.new_work_dir(root, request.report)
    except OSError as exc:
        raise store.storage_error(exc, root / request.report) from None
    try:
        if upstream:
            (work / "upstream").mkdir()
            for name, text in upstream.items():
                (work / "upstream" / f"{name}.json").write_bytes((text or "").encode("utf-8"))
        started = manifest.now()
        nb_path = work / "executed.ipynb"
        nb = nbformat.read(spec.notebook, as_version=4)
        execute.inject_parameters(nb, request.parameters, request.world)
        t0 = time.perf_counter()
        hook = None
        if early_results is not None:
            from hyesan_analysis.reporting.engine.early_results import cell_hook

            hook = cell_hook(request.report, request.scenario, spec.required_results, early_results)
        try:
            nb = execute.execute(
                nb, nb_path, cwd=work, keep_kernel=keep_warm, on_cell_executed=hook
            )
        except execute.ExecutionFailed as exc:
            if keep_warm:  # the failed kernel is gone: start the next one now
                execute.prewarm()
            source = "\n".join("    " + line for line in exc.source.strip().splitlines()[-12:])
            message = f"{exc}\n  failing cell {exc.cell_index}:\n{source}"
            return _failure(request, root, work, nb_path, message, started_t)
        execute_s = time.perf_counter() - t0
        trace.event("executed", request.report)
        _write_notebook(normalise_notebook(nb, work), nb_path)
        if keep_warm:
            execute.prewarm()  # no-op when the kernel was kept for reuse
        found = results.extract_results(nb)
        problems = results.check_results(found, spec.required_results)
        if problems:
            return _failure(request, root, work, nb_path, "; ".join(problems), started_t)

        reads = results.data_reads(nb)
        final_inputs = inputs_mod.report_inputs(
            spec, request.parameters, upstream_inputs(upstream), reads
        )
        used = results.private_outputs(nb, results.UPSTREAM_USED_MIME)
        shutil.rmtree(work / "upstream", ignore_errors=True)
        document = results.results_document(request.report, request.scenario, found)
        store.write_atomic(work / "results.json", document)
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
            upstream_used=[tuple(pair) for pair in used[0]["used"]] if used else [],
            notebook=nb,
        )
    except OSError as exc:  # a full disk, a folder made read-only meanwhile
        shutil.rmtree(work, ignore_errors=True)
        raise store.storage_error(exc, work) from None
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
    pdf_engine: str | None = None
    try:
        nb = done.notebook
        if nb is None:
            nb = nbformat.read(work / "executed.ipynb", as_version=4)
        t0 = time.perf_counter()
        body = export.cells_html(nb)
        page = _page(
            request,
            body,
            run_date=done.started,
            provenance=manifest.provenance_rows(
                request,
                done.inputs,
                done.cache_key,
                done.started,
                done.commit,
                timings["execute"],
                pdf=pdf,
            ),
            compact=spec.one_page,
            pdf=pdf,  # a --no-pdf page does not link to a PDF it does not have
        )
        store.write_atomic(work / "report.html", page)
        timings["html"] = time.perf_counter() - t0
        trace.event("html", request.report)
        if pdf:
            t0 = time.perf_counter()
            pdf_pages, pdf_engine = export.write_pdf(page, work / "report.pdf", work)
            timings["pdf"] = time.perf_counter() - t0
            trace.event("pdf", request.report)
        elapsed = done.elapsed_s + time.perf_counter() - t_start
        document = manifest.manifest_document(
            request,
            inputs=done.inputs,
            cache_key=done.cache_key,
            commit=done.commit,
            started=done.started,
            elapsed_s=elapsed,
            timings_s=timings,
            reasons=done.reasons,
            pdf_pages=pdf_pages,
            pdf_engine=pdf_engine,
            files=[f for f in REPORT_FILES if f == "manifest.json" or (work / f).exists()],
            results=done.results,
            upstream_used=done.upstream_used,
            checksums=store.file_checksums(work),
        )
        manifest.write_json(work / "manifest.json", document)
    except OSError as exc:
        discard(done)
        raise store.storage_error(exc, work) from None
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
    except OSError as exc:
        discard(done)
        raise store.storage_error(exc, done.root / request.report) from None
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
