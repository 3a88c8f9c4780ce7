"""The workers' fork server pays the rendering warm-ups once, so that no forked worker
repeats them (two workers used to compile the exporter and lay out WeasyPrint's first
document each, ~0.5 s of CPU apiece)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = (
    "import importlib, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "from hyesan_analysis.reporting.rendering import export\n"
    "print(export._needs_warming(sys.argv[2] == 'pdf', sys.argv[2] == 'pdf'))\n"
)


@pytest.mark.parametrize(
    ("module", "kind"),
    [("worker_preload", "html"), ("worker_preload_pdf", "pdf")],
)
def test_preload_leaves_no_warm_up_to_the_workers(module: str, kind: str) -> None:
    name = f"hyesan_analysis.reporting.engine.{module}"
    done = subprocess.run(
        [sys.executable, "-c", CHECK, name, kind], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
