"""The cache, on the fixture reports: when a report re-runs, and the reason it gives.

The fixture reports are published once for the module (in this process, one kernel kept
warm between runs as build workers keep theirs); each test then changes one input, checks
the reason the cache gives, and puts the input back.
"""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.reporting.engine import inputs, requests, runner, store
from hyesan_analysis.reporting.engine import manifest as manifest_mod
from tests.fixtures import hashes

pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("warm_kernels")]


def run(request: runner.RunRequest, root: Path, **kw: object) -> runner.RunOutcome:
    return runner.run_report(request, root, keep_warm=True, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def published(module_fixture_reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three fixture reports with their defaults (tiny_costs without its PDF)."""
    root = tmp_path_factory.mktemp("reports")
    for name, pdf in (("tiny_sales", True), ("tiny_costs", False), ("tiny_brief", True)):
        outcome = run(runner.resolve(name), root, pdf=pdf)
        assert outcome.status == "ok", outcome.message
        assert outcome.reasons == ["no previous report"]
    return root


@contextmanager
def edited(path: Path, old: str, new: str) -> Iterator[None]:
    """``path`` with ``old`` replaced by ``new`` while open; restored byte for byte after."""
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


@contextmanager
def rerun_results(root: Path, report: str, old: str, new: str) -> Iterator[None]:
    """The published results.json of ``report`` edited as a re-run would change it: its
    checksum in the manifest follows (an edit alone is damage, see test_hardening_outputs)."""
    folder = store.scenario_dir(root, report, "default").resolve()
    results, manifest = folder / "results.json", folder / "manifest.json"
    before = hashlib.sha256(results.read_bytes()).hexdigest()
    with edited(results, old, new):
        after = hashlib.sha256(results.read_bytes()).hexdigest()
        with edited(manifest, before, after):
            yield


def manifest_path(root: Path, report: str) -> Path:
    return store.scenario_dir(root, report, "default").resolve() / "manifest.json"


def reasons(root: Path, report: str, pdf: bool = True, **changes: object) -> list[str]:
    request = replace(runner.resolve(report), **changes)  # type: ignore[arg-type]
    return runner.check_cache(request, root, pdf)[1]


def test_published_reports_are_up_to_date(published: Path) -> None:
    for name in ("tiny_sales", "tiny_brief"):
        assert reasons(published, name) == [], name
        outcome = run(runner.resolve(name), published)
        assert outcome.status == "up to date" and outcome.reasons == []


def test_results_are_the_known_answers(published: Path) -> None:
    def result(report: str, key: str) -> dict[str, object]:
        path = published / report / "default" / "results.json"
        entry: dict[str, object] = json.loads(path.read_text())["results"][key]
        return entry

    assert result("tiny_sales", "revenue_cny") == {"label": "", "unit": "CNY", "value": 300.0}
    assert result("tiny_sales", "waku_cny")["value"] == get_fact("waku_price_2025_cny").number
    assert result("tiny_costs", "cost_cny")["value"] == 120.0
    assert result("tiny_brief", "margin_cny")["value"] == 180.0


def test_a_report_without_its_pdf_is_stale_only_for_a_run_with_one(published: Path) -> None:
    assert reasons(published, "tiny_costs", pdf=False) == []
    assert reasons(published, "tiny_costs", pdf=True) == ["missing report.pdf"]


def test_new_parameters_are_a_new_scenario_with_no_previous_report(published: Path) -> None:
    request = runner.resolve("tiny_sales", ["price_cny=200"])
    assert request.scenario.startswith("price_cny=200-")
    assert runner.check_cache(request, published)[1] == ["no previous report"]
    # the same folder with other values (a scenario file whose values were edited)
    assert reasons(published, "tiny_sales", parameters={"price_cny": 200.0}) == [
        "parameters changed"
    ]


def test_an_edited_notebook_or_spec_reruns_the_report(
    published: Path, module_fixture_reports: Path
) -> None:
    notebook = module_fixture_reports / "tiny_sales.ipynb"
    with edited(notebook, "What three cars bring", "What three cars fetch"):
        assert reasons(published, "tiny_sales") == ["notebook changed"]
    spec = module_fixture_reports / "tiny_sales.py"
    with edited(spec, '"sale price of one car"', '"the sale price of one car"'):
        assert reasons(published, "tiny_sales") == ["spec:tiny_sales.py changed"]
    assert reasons(published, "tiny_sales") == []


def test_outputs_of_the_notebook_are_not_an_input(
    published: Path, module_fixture_reports: Path
) -> None:
    notebook = module_fixture_reports / "tiny_sales.ipynb"
    with edited(
        notebook,
        '"outputs": []',
        '"outputs": [{"name": "stdout", "output_type": '
        '"stream", "text": ["left over from an interactive session"]}]',
    ):
        assert reasons(published, "tiny_sales") == []


def test_an_unfinished_previous_run_reruns(published: Path) -> None:
    with edited(manifest_path(published, "tiny_sales"), '"status": "ok"', '"status": "running"'):
        assert reasons(published, "tiny_sales") == ["previous run did not finish"]


def test_library_versions_and_package_code_are_inputs(published: Path) -> None:
    path = manifest_path(published, "tiny_sales")
    manifest = json.loads(path.read_text())
    pandas = manifest["inputs"]["version:pandas"]
    with edited(path, f'"version:pandas": "{pandas}"', '"version:pandas": "0.1"'):
        assert reasons(published, "tiny_sales") == [f"pandas 0.1 -> {pandas}"]
    key = "code:hyesan_analysis/data/loaders.py"
    digest = manifest["inputs"][key]
    with edited(path, f'"{key}": "{digest}"', f'"{key}": "0"'):
        assert reasons(published, "tiny_sales") == [f"{key} changed"]
    with edited(path, f'"{key}": "{digest}",', ""):
        assert reasons(published, "tiny_sales") == [f"new input {key}"]


def test_the_pdf_engine_is_an_input(published: Path) -> None:
    # the PDF of one engine is not the other's: switching rebuilds, and says why
    path = manifest_path(published, "tiny_sales")
    manifest = json.loads(path.read_text())
    used = manifest["inputs"]["pdf:engine"]
    assert used in {"chromium", "weasyprint"}
    assert manifest["pdf_engine"].lower().startswith(used), "the engine that printed it"
    costs = json.loads(manifest_path(published, "tiny_costs").read_text())
    assert costs["pdf_engine"] is None, "built without its PDF"
    other = "weasyprint" if used == "chromium" else "chromium"
    with edited(path, f'"pdf:engine": "{used}"', f'"pdf:engine": "{other}"'):
        assert reasons(published, "tiny_sales") == [f"PDF engine {other} -> {used}"]


def test_the_provenance_names_the_pdf_engine_of_a_page_with_a_pdf(published: Path) -> None:
    manifest = json.loads(manifest_path(published, "tiny_sales").read_text())
    request = requests.default_requests(["tiny_sales"])[0]
    engine = {"chromium": "headless Chromium", "weasyprint": "WeasyPrint"}
    expected = engine[manifest["inputs"]["pdf:engine"]]

    def software(pdf: bool) -> str:
        rows = manifest_mod.provenance_rows(request, manifest["inputs"], "k", "t", None, 1.0, pdf)
        return dict(rows)["Software"]

    assert software(pdf=True).endswith(f"; PDF by {expected}")
    assert "PDF" not in software(pdf=False), "a page without a PDF names no engine"


def test_each_report_depends_on_exactly_what_it_reads(published: Path) -> None:
    def inputs_of(report: str) -> set[str]:
        return set(json.loads(manifest_path(published, report).read_text())["inputs"])

    sales, costs, brief = inputs_of("tiny_sales"), inputs_of("tiny_costs"), inputs_of("tiny_brief")
    assert "data:facts.csv" in sales, "tiny_sales reads a fact"
    assert not any(k.startswith("data:") for k in costs | brief)
    assert "code:hyesan_analysis/data/facts.py" in sales, "what get_fact imports"
    assert {
        "upstream:tiny_sales.revenue_cny",
        "upstream:tiny_sales.waku_cny",
        "upstream:tiny_costs.cost_cny",
    } <= brief, "each upstream figure is an input of its own"
    assert not any(k.startswith("upstream:") for k in sales | costs)
    manifest = json.loads(manifest_path(published, "tiny_sales").read_text())
    assert manifest["cache_key"] == inputs.cache_key(manifest["inputs"])
    assert manifest["data"] == {
        "hyesan_analysis/data/facts.csv": manifest["inputs"]["data:facts.csv"]
    }


def test_the_brief_reruns_when_an_upstream_result_changes_naming_it(published: Path) -> None:
    with rerun_results(published, "tiny_sales", '"value": 300.0', '"value": 301.5'):
        assert reasons(published, "tiny_brief") == [
            "upstream result tiny_sales.revenue_cny changed (300 CNY -> 301.5 CNY)"
        ]
    with rerun_results(published, "tiny_sales", '"unit": "CNY",', '"unit": "KPW",'):
        assert reasons(published, "tiny_brief") == [
            "upstream result tiny_sales.revenue_cny changed (300 CNY -> 300 KPW)"
        ]
    with rerun_results(published, "tiny_sales", '"label": "",', '"label": "Revenue",'):
        assert reasons(published, "tiny_brief") == [
            "upstream result tiny_sales.revenue_cny changed (its label)"
        ]
    # the layout of the file is not a figure: no rerun
    with rerun_results(published, "tiny_sales", '"scenario": "default"', '"scenario": "default" '):
        assert reasons(published, "tiny_brief") == []
    with rerun_results(published, "tiny_sales", '"revenue_cny"', '"turnover_cny"'):
        assert reasons(published, "tiny_brief") == [
            "upstream result tiny_sales.revenue_cny no longer recorded",
            "new upstream result tiny_sales.turnover_cny",
        ]
    assert reasons(published, "tiny_brief") == []


def test_the_manifest_records_the_world_and_the_upstream_figures_read(published: Path) -> None:
    brief = json.loads(manifest_path(published, "tiny_brief").read_text())
    assert {k: brief["world"][k] for k in ("name", "kind")} == {
        "name": "default",
        "kind": "default",
    }
    assert brief["world"]["shared_quantities"]["cars"] == 3  # the fixtures' shared default
    assert brief["shared_parameters"] == {}
    assert brief["upstream"] == {
        "tiny_costs": {
            "world": "default",
            "results": {"cost_cny": {"label": "", "unit": "CNY", "value": 120.0}},
            "used": [],  # read whole with rn.upstream_results, not rn.upstream_value
        },
        "tiny_sales": {
            "world": "default",
            "results": {
                "revenue_cny": {"label": "", "unit": "CNY", "value": 300.0},
                "waku_cny": {
                    "label": "",
                    "unit": "CNY per vehicle",
                    "value": get_fact("waku_price_2025_cny").number,
                },
            },
            "used": ["revenue_cny"],  # taken with rn.upstream_value
        },
    }
    assert json.loads(manifest_path(published, "tiny_sales").read_text())["upstream"] == {}


def test_a_forced_rerun_gives_byte_identical_results(fixture_reports: Path, tmp_path: Path) -> None:
    request = runner.resolve("tiny_sales")
    assert run(request, tmp_path, pdf=False).status == "ok"
    folder = tmp_path / "tiny_sales" / "default"
    before = hashes(folder)
    outcome = run(request, tmp_path, force=True, pdf=False)
    assert outcome.status == "ok" and outcome.reasons == ["forced (--force)"]
    after = hashes(folder)
    assert after["results.json"] == before["results.json"]
    assert after["manifest.json"] != before["manifest.json"], "a new run, not the old folder"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rerun_reasons"] == ["forced (--force)"] and manifest["pdf_pages"] is None
    assert manifest["files"] == ["report.html", "executed.ipynb", "results.json", "manifest.json"]


def test_file_checksums_follow_an_edit_in_a_long_lived_process(tmp_path: Path) -> None:
    """Data files and notebooks are hashed once per version of the file, not per process
    (a Dask worker lives across runs)."""
    path = tmp_path / "rates.csv"
    path.write_text("a\n")
    first = inputs.sha256_file(path)
    path.write_text("a,b\n")
    assert inputs.sha256_file(path) == hashlib.sha256(b"a,b\n").hexdigest() != first
