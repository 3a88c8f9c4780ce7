"""The executed notebook as it is published: the same for the same inputs, on any machine.

papermill records run-to-run details (durations, the working folder, its own paths) and
text outputs may name folders of this machine; :func:`normalise_notebook` drops or relativises
them before executed.ipynb (or failed.ipynb) is written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import REPO_DIR
from hyesan_analysis.reporting.engine import store

# What papermill records that differs from run to run or names a folder of this machine
_RUN_METADATA = ("input_path", "output_path", "duration", "cwd")


def _path_spellings(work: Path) -> list[tuple[str, str]]:
    """(absolute prefix, what it becomes) pairs, longest first: the work folder is ".",
    the checkout and the interpreter's prefix are dropped."""
    pairs = []
    for folder, label in ((work, "."), (REPO_DIR, ""), (Path(sys.prefix), "<python>")):
        for spelling in {str(folder), os.path.realpath(folder)}:
            pairs.append((spelling.rstrip("/") + "/", f"{label}/" if label else ""))
            pairs.append((spelling.rstrip("/"), label or "."))
    return sorted(set(pairs), key=lambda pair: -len(pair[0]))


def _relative_text(text: Any, pairs: list[tuple[str, str]]) -> Any:
    if isinstance(text, list):
        return [_relative_text(t, pairs) for t in text]
    if not isinstance(text, str):
        return text
    for absolute, label in pairs:
        if absolute in text:
            text = text.replace(absolute, label)
    return text


def normalise_notebook(nb: Any, work: Path) -> Any:
    """Make an executed notebook reproducible apart from its timestamps, in place.

    Drops papermill's input and output paths (the input is the whole notebook when it is
    given as an object), the run's and each cell's duration; gives the cells the runner
    adds fixed ids (their tags) instead of random ones, numbers the executed cells from 1
    (a reused kernel counts on from the last report); rewrites absolute paths of
    the work folder, the checkout and the interpreter in text outputs and tracebacks (a
    warning names its source file) to relative ones.
    """
    papermill_meta = nb.metadata.get("papermill")
    if isinstance(papermill_meta, dict):
        for key in _RUN_METADATA:
            papermill_meta.pop(key, None)
    pairs = _path_spellings(work)
    count = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            count += 1  # a kernel reused from the previous report counts on from it
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if output.get("execution_count") is not None:
                    output["execution_count"] = count
        tags = cell.get("metadata", {}).get("tags", [])
        for tag in ("injected-parameters", "hyesan-epilogue"):
            if tag in tags:  # cells the runner adds get a random id from nbformat
                cell["id"] = tag
        cell_meta = cell.get("metadata", {}).get("papermill")
        if isinstance(cell_meta, dict):
            cell_meta.pop("duration", None)
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _relative_text(output["text"], pairs)
            if "traceback" in output:
                output["traceback"] = _relative_text(output["traceback"], pairs)
            if "evalue" in output:
                output["evalue"] = _relative_text(output["evalue"], pairs)
            data = output.get("data", {})
            if "text/plain" in data:
                data["text/plain"] = _relative_text(data["text/plain"], pairs)
    return nb


def _write_notebook(nb: Any, path: Path) -> None:
    import nbformat

    store.write_atomic(path, nbformat.writes(nb))
