"""Imported by the server that a build's workers are forked from, for a build with PDFs:
``worker_preload``'s imports and exporter, then, where WeasyPrint prints the PDFs (no
browser), WeasyPrint's import and first document (about 0.5 s of CPU per worker otherwise).
That document leaves no thread behind (checked: one thread after it), so forking after it
is safe. A browser is never started here: each worker starts its own (``browser_pdf``)."""

from __future__ import annotations

from hyesan_analysis.reporting.engine import (
    lifecycle,
    worker_preload,  # noqa: F401  (its imports first)
)


def _imports() -> None:
    from hyesan_analysis.reporting.rendering import export

    export.warm_up(pdf=True, sample_pdf=True)  # WeasyPrint's first document, if it prints


lifecycle.run_niced(_imports, "hyesan-worker-preload")
