"""Every registered report: schema, notebook and data agree (no kernel needed)."""

import ast
import json
from pathlib import Path

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.reporting.authoring.registry import all_reports

REPORTS = list(all_reports().values())
IDS = [r.name for r in REPORTS]


def _cells(spec):  # type: ignore[no-untyped-def]
    return json.loads(spec.notebook.read_text(encoding="utf-8"))["cells"]


def _source(cell) -> str:  # type: ignore[no-untyped-def]
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def test_the_five_reports_are_registered_in_build_order() -> None:
    assert IDS[0] == "car_unit_economics"
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_notebook_is_committed_without_outputs(spec) -> None:  # type: ignore[no-untyped-def]
    for cell in _cells(spec):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{spec.notebook.name} has outputs"
            assert cell.get("execution_count") is None


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_parameters_cell_equals_schema(spec) -> None:  # type: ignore[no-untyped-def]
    cells = _cells(spec)
    tagged = [i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    tree = ast.parse(_source(cells[tagged[0]]))
    found = {}
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), "parameters are annotated assignments"
        assert isinstance(node.target, ast.Name)
        value = ast.literal_eval(node.value)
        found[node.target.id] = (ast.unparse(node.annotation), value)
    expected = {p.name: (p.type.__name__, p.default) for p in spec.schema.params}
    assert list(found) == list(expected), "same names, same order"
    for name, (annotation, value) in found.items():
        p = spec.schema.get(name)
        # an optional parameter ("take it from the upstream report") may be None
        assert annotation == p.type.__name__ + (" | None" if p.optional else ""), name
        if not (p.optional and value is None):
            assert type(value) is p.type, f"{name}: {value!r} is not {p.type.__name__}"
        assert value == p.default, name
    start = _source(cells[tagged[0] + 1])
    assert f'rn.start("{spec.name}", globals())' in start, "validation follows the parameters"


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_sourced_defaults_match_their_facts(spec) -> None:  # type: ignore[no-untyped-def]
    for p in spec.schema.params:
        if p.source is None:
            assert p.rationale and len(p.rationale) > 20, f"{p.name}: say why"
            continue
        fact = get_fact(p.source)
        low = fact.low if fact.low is not None else fact.value
        high = fact.high if fact.high is not None else float("inf")
        if isinstance(p.default, bool | str):
            continue
        scale = p.source_scale or 1  # e.g. 12 x a monthly rate
        low, high, value = low * scale, high * scale, fact.value * scale
        assert low <= p.default <= high or p.default == pytest.approx(value, rel=1e-12), (
            f"{p.name} default {p.default} outside {p.source} [{low}, {high}]"
        )


@pytest.mark.parametrize("spec", REPORTS, ids=IDS)
def test_cited_facts_exist_and_results_are_recorded(spec) -> None:  # type: ignore[no-untyped-def]
    for fact_id in spec.cited_facts:
        get_fact(fact_id)
    code = "\n".join(_source(c) for c in _cells(spec) if c["cell_type"] == "code")
    # a notebook may record through its spec's helper modules (specs/<report>_*.py); the
    # executed reports' results are checked against the promise in test_runner
    specs_dir = Path(__file__).resolve().parent.parent / "hyesan_analysis" / "reporting" / "specs"
    helpers = "\n".join(
        p.read_text() for p in sorted(specs_dir.glob(f"{spec.name.split('_')[0]}*.py"))
    )
    for name in spec.required_results:
        assert f'"{name}"' in code + helpers, f"{spec.name} never records {name}"
