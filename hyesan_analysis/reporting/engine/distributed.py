"""Run report requests on a Dask distributed cluster (``--scheduler ADDRESS``).

No home-made scheduler: each request is one Dask task running the same ``run_report`` as
the local pool. Workers must see the same checkout and output folder (a shared file
system); each kernel uses private IPC sockets, so tasks on one machine cannot collide.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import build
from hyesan_analysis.reporting.engine.cache import check_cache
from hyesan_analysis.reporting.engine.requests import RunOutcome, RunRequest
from hyesan_analysis.reporting.engine.scheduler import dependencies, failed_outcome

CONNECT_TIMEOUT_S = 10.0
# how long to wait for a first worker to join the scheduler (HYESAN_WORKER_WAIT_S)
WORKER_WAIT_ENV = "HYESAN_WORKER_WAIT_S"
WORKER_WAIT_S = 30.0


class SchedulerError(ParameterError):
    """The scheduler cannot be used: a bad address, unreachable, or no worker (exit 2)."""


def _shown(address: str, limit: int = 60) -> str:
    text = repr(address)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def check_address(address: str) -> None:
    """Refuse an address Dask cannot parse, or a TCP scheduler nothing listens at, in one
    line (SchedulerError) before a client is made."""
    from distributed.comm import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address, strict=True)
        known = {"tcp", "tls", "inproc", "ucx", "ws", "wss"}
        if scheme not in known:
            raise ValueError(f"unknown scheme {scheme!r} (known: {', '.join(sorted(known))})")
        if scheme in ("tcp", "tls", "ws", "wss"):
            host, port = parse_host_port(location)
            if not port:
                raise ValueError("no port")
    except (ValueError, TypeError) as exc:
        raise SchedulerError(
            f"--scheduler {_shown(address)}: not a Dask scheduler address ({exc}); "
            "expected tcp://HOST:PORT"
        ) from None
    if scheme == "tcp":
        try:
            socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SchedulerError(
                f"--scheduler {_shown(address)}: cannot connect ({reason}); is a Dask "
                "scheduler running there?"
            ) from None


def worker_wait_s() -> float:
    """Seconds to wait for a first worker (HYESAN_WORKER_WAIT_S, default 30)."""
    try:
        return max(0.1, float(os.environ.get(WORKER_WAIT_ENV, WORKER_WAIT_S)))
    except ValueError:
        return WORKER_WAIT_S


def connect(scheduler: Any) -> tuple[Any, bool]:
    """(a client with at least one worker, whether we made it); SchedulerError otherwise."""
    from distributed import Client

    if isinstance(scheduler, Client):
        client, own = scheduler, False
    else:
        check_address(str(scheduler))
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except Exception as exc:  # unreachable, refused, a version mismatch ...
            raise SchedulerError(
                f"--scheduler {_shown(str(scheduler))}: cannot connect "
                f"({type(exc).__name__}: {str(exc)[:120]})"
            ) from None
        own = True
    wait_s = worker_wait_s()
    try:
        if not client.scheduler_info().get("workers"):
            print(
                f"hyesan-report: waiting up to {wait_s:g} s for a worker to join the scheduler",
                file=sys.stderr,
                flush=True,
            )
        client.wait_for_workers(1, timeout=wait_s)
    except Exception:
        if own:
            client.close()
        address = getattr(getattr(client, "scheduler", None), "address", None) or scheduler
        raise SchedulerError(
            f"--scheduler {_shown(str(address))}: no worker joined within {wait_s:g} s "
            f"(start one with `dask worker {address}`, or set {WORKER_WAIT_ENV})"
        ) from None
    return client, own


def _forget_kernels() -> None:
    """On each Dask worker after a sweep: shut down the kernel kept warm for a next task."""
    from hyesan_analysis.reporting.engine import execute

    execute.discard_warm_kernel()


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
        from distributed import as_completed
    except ImportError:
        raise ParameterError(
            "--scheduler needs dask.distributed: pip install 'hyesan-analysis[dask]'"
        ) from None
    client, own_client = connect(scheduler)
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
            # our client is not the default one (as_completed would look for that)
            for future in as_completed(list(futures), loop=client.loop) if futures else ():
                i, label = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the task never ran to its end (a lost worker)
                    outcome = failed_outcome(
                        requests[i],
                        str(root),
                        f"not finished on the Dask cluster ({type(exc).__name__}: "
                        f"{str(exc)[:120]})",
                    )
                outcomes[i] = outcome
                progress.finished(label, outcome)
    finally:
        progress.close()
        try:  # no idle kernel stays on the workers once the sweep is done
            client.run(_forget_kernels)
        except Exception:
            pass
        if own_client:
            client.close()
    return [outcomes[p] for p in positions]
