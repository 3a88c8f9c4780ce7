"""Run report requests on a Dask distributed cluster (``--scheduler ADDRESS``).

No home-made scheduler: each request is one Dask task running the same ``run_report`` as
the local pool. Workers must see the same checkout and output folder (a shared file
system); each kernel uses private IPC sockets, so tasks on one machine cannot collide.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import build
from hyesan_analysis.reporting.engine.cache import check_cache
from hyesan_analysis.reporting.engine.requests import RunOutcome, RunRequest
from hyesan_analysis.reporting.engine.scheduler import dependencies, failed_outcome


def run_on_dask(
    requests: Sequence[RunRequest],
    root: Path,
    scheduler: Any,
    force: bool = False,
    pdf: bool = True,
    progress: build.Progress | None = None,
) -> list[RunOutcome]:
    """Run stale requests as Dask tasks; ``scheduler`` is an address or a ``Client``."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ParameterError(
            "--scheduler needs dask.distributed: pip install 'hyesan-analysis[dask]'"
        ) from None
    own_client = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, timeout=20) if own_client else scheduler
    except OSError as exc:
        raise ParameterError(f"--scheduler {scheduler!r}: cannot connect ({exc})") from None
    requests, positions = build.unique_requests(requests)
    progress = progress or build.Progress(len(requests))
    deps = dependencies(requests)
    outcomes: dict[int, RunOutcome] = {}
    try:
        for wave in build.waves(requests):
            futures = {}
            for request in wave:
                i = requests.index(request)
                label = f"{request.report}/{request.scenario}"
                failed = [
                    f"{requests[d].report}/{requests[d].scenario}"
                    for d in sorted(deps[i])
                    if outcomes[d].status == "failed"
                ]
                if failed:
                    outcomes[i] = failed_outcome(
                        request, str(root), f"not run: it reads {', '.join(failed)}, which failed"
                    )
                    progress.finished(label, outcomes[i])
                    continue
                _, reasons = check_cache(request, root, pdf)
                if not reasons and not force:
                    outcome = RunOutcome(
                        request.report,
                        request.scenario,
                        "up to date",
                        root / request.report / request.scenario,
                    )
                    outcomes[i] = outcome
                    progress.finished(label, outcome)
                    continue
                progress.started(label, reasons or ["forced (--force)"])
                future = client.submit(build._work, request, str(root), force, pdf, pure=False)
                futures[future] = (i, label)
            for future in as_completed(list(futures)):
                i, label = futures[future]
                outcome = future.result()
                outcomes[i] = outcome
                progress.finished(label, outcome)
    finally:
        progress.close()
        if own_client:
            client.close()
    return [outcomes[p] for p in positions]
