"""A report's results.json as soon as its notebook has recorded every declared result.

The reports that read another report's results (the investor, prices and inequality
reports read the car report's deal) need its results, not its figures and tables; the car
report records all of them in its first cell and spends the rest of its run drawing. A
build's worker therefore watches the cells of a run that others wait for and, once every
result the report declares (``required_results``) is recorded, writes the results document
the finished run would write, so that the scheduler can start the readers on the other core
while the rest of the notebook runs.

It is a forecast, checked: when the run ends, the scheduler compares its results.json with
the forecast, byte for byte; a reader that read a forecast the run did not confirm is
executed again on the real results (and a reader of a failed run is never published). A
notebook that records a result twice, or records more after the declared ones, only costs
that second execution. ``HYESAN_EARLY_RESULTS=0`` turns it off (readers then wait for the
whole run, as ``bench/bench_build_ab.py --b HYESAN_EARLY_RESULTS=0`` compares).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hyesan_analysis.reporting.authoring import results
from hyesan_analysis.reporting.engine import store, switched_off, trace

__all__ = ["cell_hook", "enabled", "read_forecast"]

ENV = "HYESAN_EARLY_RESULTS"


def enabled() -> bool:
    return not switched_off(ENV)


def cell_hook(
    report: str, scenario: str, required: Mapping[str, str], path: Path
) -> Callable[..., None]:
    """An ``on_cell_executed`` hook (nbclient) that writes the forecast to ``path`` once.

    The results are read from each executed cell's outputs as ``results.extract_results``
    reads the whole notebook (the last recording of a name wins); the document is written
    (atomically) after the first cell at whose end every declared result is recorded and
    passes ``results.check_results``.
    """
    found: dict[str, dict[str, Any]] = {}
    written = False

    def hook(cell: Any = None, **_: Any) -> None:
        nonlocal written
        if written or cell is None:
            return
        found.update(results.extract_results(SimpleNamespace(cells=[cell])))
        if any(name not in found for name in required) or results.check_results(found, required):
            return
        written = True
        try:
            store.write_atomic(path, results.results_document(report, scenario, found))
        except OSError:  # only a forecast: the readers then wait for the whole run
            return
        trace.event("early-results", report)

    return hook


def read_forecast(path: Path) -> str | None:
    """The forecast a worker wrote at ``path``, or None if there is none (yet).

    The worker writes it atomically; an empty file (never a forecast) is None all the same.
    """
    try:
        return path.read_text(encoding="utf-8") or None
    except OSError:  # not written yet
        return None
