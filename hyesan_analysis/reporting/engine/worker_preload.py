"""Imported by the server that a build's worker processes are forked from: the imports
every worker needs, paid once per build instead of once per worker.

A build's pool uses multiprocessing's "forkserver" start method (build.py): one server
process imports this module (or ``worker_preload_pdf``, for a build with PDFs) and then
forks a worker per slot, which starts with papermill, nbformat, nbconvert (and WeasyPrint)
imported and the reader's HTML exporter compiled (and, for PDFs, WeasyPrint's first
document laid out): about 1.5 s of CPU per worker otherwise, on a machine whose two cores
a build keeps busy. The exporter and the first document (~0.3 s and ~0.2 s) were each
worker's own warm-ups before; here they are paid once, and the server still has its
workers forked by the time the kernel template is ready. The cache checks' reads stay
with the workers.

The imports run in a niced thread, joined before anything is forked: the kernel template's
imports (the build's critical path) keep the cores first, and the workers, forked from the
server's main thread, keep their normal priority. Nothing here may fail the server: an
error only leaves a worker to import for itself, as a spawned worker does.

The server ends with the command: Linux signals it when the command ends (its workers keep
its "alive" pipe open, so it would not notice otherwise), and each worker ends with the
server (``workers.warm_up``).
"""

from __future__ import annotations

from hyesan_analysis.reporting.engine import lifecycle


def _imports() -> None:
    import nbconvert.exporters.html  # noqa: F401  (compiles mistune's regular expressions)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from hyesan_analysis.reporting.engine import build, runner  # noqa: F401
    from hyesan_analysis.reporting.rendering import export

    export.warm_up(pdf=False)  # the HTML exporter compiled once, not once per worker


lifecycle.set_parent_death_signal()
lifecycle.run_niced(_imports, "hyesan-worker-preload")
