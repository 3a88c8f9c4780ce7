"""The notebooks as text: each .py (jupytext percent format) and its .ipynb are one notebook,
thin (no logic of its own), and its parameters cell is the one written from the schema."""

from __future__ import annotations

import ast
import json
import tokenize
from io import StringIO

import jupytext
import pytest

from hyesan_analysis.reporting.authoring import parameters_cell
from hyesan_analysis.reporting.authoring.registry import NOTEBOOK_DIR, all_reports

REPORTS = list(all_reports().values())
IDS = [r.name for r in REPORTS]
MAX_CODE_LINES = 150


def _cells(nb) -> list[tuple[str, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [
        (c["cell_type"], c["source"].strip(), tuple(c.get("metadata", {}).get("tags", [])))
        for c in nb["cells"]
    ]


def _code_cells(spec) -> list[str]:  # type: ignore[no-untyped-def]
    nb = jupytext.read(parameters_cell.script_path(spec))
    return [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]


def test_every_notebook_is_a_report_and_a_pair() -> None:
    stems = {p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")}
    scripts = {p.stem for p in NOTEBOOK_DIR.glob("*.py")}
    assert stems == scripts == set(IDS)


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_script_and_notebook_agree(spec) -> None:  # type: ignore[no-untyped-def]
    script = jupytext.read(parameters_cell.script_path(spec))
    notebook = jupytext.read(spec.notebook)
    assert _cells(script) == _cells(notebook), (
        f"{spec.name}.py and {spec.name}.ipynb differ: run `make sync`"
    )


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_cell_ids_are_unique_and_kept(spec) -> None:  # type: ignore[no-untyped-def]
    raw = json.loads(spec.notebook.read_text(encoding="utf-8"))
    ids = [c["id"] for c in raw["cells"]]
    assert len(set(ids)) == len(ids)
    assert raw["nbformat"] == 4 and raw["nbformat_minor"] >= 5


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_parameters_cell_is_written_from_the_schema(spec) -> None:  # type: ignore[no-untyped-def]
    assert parameters_cell.current(spec) == parameters_cell.render(spec), (
        f"{spec.name}: the parameters cell differs from the schema: run `make sync`"
    )


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_notebook_defines_no_functions_or_classes(spec) -> None:  # type: ignore[no-untyped-def]
    for source in _code_cells(spec):
        for node in ast.walk(ast.parse(source)):
            assert not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            ), (
                f"{spec.name}: logic belongs in the package (line {node.lineno}: {source.splitlines()[node.lineno - 1].strip()})"
            )


def _code_lines(source: str) -> int:
    """Physical lines holding code (comments and blank lines excluded)."""
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(StringIO(source).readline):
        if tok.type not in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENDMARKER,
        ):
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return len(lines)


def test_code_lines_counts_only_code() -> None:
    assert _code_lines("# a comment\n\nx = 1  # trailing\ny = (\n    2\n)\n") == 4


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_notebook_is_thin(spec) -> None:  # type: ignore[no-untyped-def]
    n = sum(_code_lines(s) for s in _code_cells(spec))
    assert n <= MAX_CODE_LINES, f"{spec.name}: {n} lines of code (at most {MAX_CODE_LINES})"
