"""The preview's worker process: it keeps the warm kernel and renders on request.

The server process (:mod:`hyesan_analysis.reporting.engine.preview`) sends it one render at a
time; a worker dies with the server that started it.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError


def _worker_init(parent_pid: int) -> None:
    """A build worker (warm kernel, imports paid) that leaves Ctrl-C to the server, which
    stops it."""
    from hyesan_analysis.reporting.engine import workers

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    workers.warm_up(parent_pid)


def _one_line(message: str, limit: int = 400) -> str:
    line = " ".join(message.strip().splitlines()[:1]) or "failed"
    return line if len(line) <= limit else line[: limit - 3] + "..."


def render_task(
    report: str | None, scenario: str | None, params: list[str], root: str, pdf: bool
) -> dict[str, Any]:
    """Resolve the input as ``run`` (one report) or ``build`` (every report) does, and
    build what is stale, one report after another on this worker's kept kernel.

    Returns ``{"page": url path, "error": one line or None, "ran": [labels], ...}``.
    """
    from hyesan_analysis.reporting.engine import runner, world
    from hyesan_analysis.reporting.engine.requests import resolve_with_upstream, world_requests

    t0 = time.perf_counter()
    out_root = Path(root)
    try:
        if report is not None:
            requests = resolve_with_upstream(report, params, scenario)
        else:
            the_world = world.resolve_world(params, scenario)
            chosen = (
                [the_world.report]
                if the_world.report is not None
                else world.world_reports(the_world.settings)
            )
            requests = world_requests(the_world, chosen)
    except ParameterError as exc:
        return {"error": _one_line(str(exc)), "page": None, "ran": []}
    except (OSError, UnicodeError) as exc:  # a scenario file vanished mid-edit, say
        return {"error": _one_line(f"{scenario}: {exc}"), "page": None, "ran": []}
    ran: list[str] = []
    error = None
    timings: dict[str, float] = {}
    for request in requests:
        outcome = runner.run_report(request, out_root, pdf=pdf, keep_warm=True)
        label = f"{request.report}/{request.scenario}"
        if outcome.status == "ok":
            ran.append(label)
        if outcome.status == "failed":
            error = _one_line(f"{label}: {outcome.message}")
            break
    if report is not None:
        target = requests[-1]
        page: str | None = f"/{target.report}/{target.scenario}/report.html"
        if (out_root / target.report / target.scenario / "manifest.json").is_file():
            manifest = json.loads(
                (out_root / target.report / target.scenario / "manifest.json").read_text()
            )
            timings = manifest.get("timings_s", {})
        else:
            page = None if error else page
    else:
        from hyesan_analysis.reporting.rendering import index

        index.write_index(out_root)
        page = "/index.html"
    return {
        "error": error,
        "page": page,
        "ran": ran,
        "timings": timings,
        "seconds": time.perf_counter() - t0,
    }


def fresh_kernel_task() -> None:
    """Replace this worker's kept kernel by a new one (the data changed)."""
    from hyesan_analysis.reporting.engine import execute

    execute.discard_warm_kernel()
    execute.prewarm()
