"""Imported by the server that a build's workers are forked from, for a build with PDFs:
``worker_preload``'s imports, then WeasyPrint's (about 0.6 s of CPU per worker)."""

from __future__ import annotations

from hyesan_analysis.reporting.engine import (
    lifecycle,
    worker_preload,  # noqa: F401  (its imports first)
)


def _imports() -> None:
    from hyesan_analysis.reporting.rendering.pdf_library import import_weasyprint

    import_weasyprint()


lifecycle.run_niced(_imports, "hyesan-worker-preload")
