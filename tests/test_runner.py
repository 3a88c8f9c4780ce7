"""End to end on the real reports: each builds with its defaults, reruns give the same
bytes, each depends on what it uses, and the summary reads its sources.

The engine itself (cache reasons, the atomic store, failures, kills, concurrent runs, the
scheduler, exit codes) is tested on the small fixture reports (tests/fixtures, the
test_engine_*.py modules), which run in a fraction of the time.
"""

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hyesan_analysis.reporting.authoring.registry import all_reports
from hyesan_analysis.reporting.engine import build, execute, runner
from hyesan_analysis.reporting.rendering import index

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every registered report with its defaults, two at a time (as `make report` does)."""
    root = tmp_path_factory.mktemp("reports")
    outcomes = build.run_many(runner.default_requests(), root, jobs=2)
    failed = [f"{o.report}: {o.message}" for o in outcomes if o.status != "ok"]
    assert not failed, failed
    index.write_index(root)
    return root


@pytest.mark.parametrize("name", list(all_reports()))
def test_every_report_builds_with_defaults(built: Path, name: str) -> None:
    spec = all_reports()[name]
    folder = built / name / "default"
    for file in runner.REPORT_FILES:
        assert (folder / file).is_file(), file
    results = json.loads((folder / "results.json").read_text())
    assert set(spec.required_results) <= set(results["results"])
    for key, unit in spec.required_results.items():
        assert results["results"][key]["unit"] == unit
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["scenario"] == "default"
    for key in (
        "parameters",
        "versions",
        "data",
        "notebook",
        "cache_key",
        "started",
        "finished",
        "duration_s",
        "package",
    ):
        assert key in manifest, key
    for lib in ("python", "pandas", "numpy", "seaborn", "papermill", "nbconvert"):
        assert lib in manifest["versions"]
    assert "/work/" not in json.dumps(manifest) and not any(
        k.startswith("/") for k in manifest["data"]
    ), "relative paths only"
    html = (folder / "report.html").read_text()
    assert "<script" not in html, "no scripts: works offline"
    assert 'src="http' not in html and "@import" not in html
    assert not re.search(r'<link[^>]+href="https?:', html), "no remote stylesheets"
    assert "rn.start(" not in html and "from hyesan_analysis" not in html, "no code shown"
    assert 'class="input' not in html and 'class="highlight' not in html
    assert "Parameters and provenance" in html
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (built / "index.html").is_file()


def test_index_lists_every_report(built: Path) -> None:
    html = (built / "index.html").read_text()
    for name in all_reports():
        assert f"{name}/default/report.html" in html


def test_car_profit_matches_the_founding_report(built: Path, tmp_path: Path) -> None:
    default = json.loads((built / "car_unit_economics/default/results.json").read_text())
    assert 10000 <= default["results"]["profit_per_car_cny"]["value"] <= 12000
    # exactly, at the default waku of 25,000 CNY (as a sweep over the waku found it)
    assert default["results"]["profit_per_car_cny"]["value"] == 10500.0
    request = runner.resolve("car_unit_economics", ["waku_price_cny=30000"])
    outcome = runner.run_report(request, tmp_path, pdf=False)
    assert outcome.status == "ok", outcome.message
    results = json.loads((outcome.path / "results.json").read_text())["results"]
    assert 5000 <= results["profit_per_car_cny"]["value"] <= 7000
    assert results["profit_per_car_cny"]["value"] == 5500.0
    assert results["waku_revenue_neutral_volume_growth"]["value"] == pytest.approx(0.0)


def test_a_second_build_is_up_to_date(built: Path) -> None:
    for request in runner.default_requests():
        assert runner.check_cache(request, built)[1] == [], request.report
    assert runner.run_report(runner.resolve("car_unit_economics"), built).status == "up to date"


def test_each_report_depends_on_exactly_what_it_uses(built: Path) -> None:
    """Editing a model module or a data file re-runs only the reports that reach it."""
    inputs = {}
    for name in all_reports():
        manifest = json.loads((built / name / "default" / "manifest.json").read_text())
        inputs[name] = set(manifest["inputs"])
    car, ineq = inputs["car_unit_economics"], inputs["inequality"]
    assert "code:hyesan_analysis/model/vehicle.py" in car
    assert "code:hyesan_analysis/model/households/simulation.py" not in car
    assert "code:hyesan_analysis/model/households/simulation.py" in ineq
    assert "code:hyesan_analysis/model/vehicle.py" not in ineq
    assert "data:facts.csv" in car and "data:market_rates.csv" not in car
    assert "data:market_rates.csv" in inputs["prices_and_exchange"]
    assert not any(k.startswith("data:") for k in inputs["summary"])
    for upstream in all_reports()["summary"].upstream:
        assert any(k.startswith(f"upstream:{upstream}.") for k in inputs["summary"]), upstream


def test_summary_reruns_when_an_upstream_result_changes(built: Path) -> None:
    summary = runner.resolve("summary")
    assert runner.check_cache(summary, built)[1] == []
    results = built / "car_unit_economics" / "default" / "results.json"
    manifest = results.with_name("manifest.json")
    original, original_manifest = results.read_text(), manifest.read_text()
    doc = json.loads(original)
    key = "profit_per_car_cny"
    doc["results"][key]["value"] += 1.0
    try:
        # as a re-run of the car report would publish it: its checksum follows
        results.write_text(json.dumps(doc))
        recorded = json.loads(original_manifest)
        recorded["checksums"]["results.json"] = hashlib.sha256(results.read_bytes()).hexdigest()
        manifest.write_text(json.dumps(recorded))
        reasons = runner.check_cache(summary, built)[1]
        assert len(reasons) == 1
        assert reasons[0].startswith(f"upstream result car_unit_economics.{key} changed (")
        manifest.write_text(original_manifest)  # the edit alone is damage: never read
        assert runner.check_cache(summary, built)[1] == [
            "upstream report car_unit_economics has no results"
        ]
    finally:
        results.write_text(original)
        manifest.write_text(original_manifest)
    assert runner.check_cache(summary, built)[1] == []


def test_summary_read_exactly_the_published_upstream_results(built: Path) -> None:
    """The build runs the summary on its sources' results before they are published; what
    it read must be byte for byte what was then published."""
    manifest = json.loads((built / "summary" / "default" / "manifest.json").read_text())
    for name in all_reports()["summary"].upstream:
        published = json.loads((built / name / "default" / "results.json").read_bytes())
        assert manifest["upstream"][name]["results"] == published["results"], name
        assert manifest["upstream"][name]["world"] == "default"
    assert runner.check_cache(runner.resolve("summary"), built)[1] == []


def test_one_deal_in_every_manifest_of_the_default_world(built: Path) -> None:
    """The company share, the financing rate and the cycle are the same in the car, investor
    and inequality manifests, and inequality ran on the car's margin and the prices report's
    pass-through (both listed as upstream figures it used)."""
    manifests = {
        name: json.loads((built / name / "default" / "manifest.json").read_text())
        for name in ("car_unit_economics", "investor_returns", "inequality")
    }
    deal = ("company_profit_share", "annual_interest_rate", "procurement_days", "crossing_days")
    deal += ("inspection_days", "approval_days", "time_to_sale_days")
    seen = {
        name: {k: m["world"]["shared_quantities"][k] for k in deal} for name, m in manifests.items()
    }
    assert seen["car_unit_economics"] == seen["investor_returns"] == seen["inequality"]
    assert seen["inequality"]["annual_interest_rate"] == 0.6
    upstream = manifests["inequality"]["upstream"]
    assert "profit_per_car_cny" in upstream["car_unit_economics"]["used"]
    assert "passthrough_rice" in upstream["prices_and_exchange"]["used"]
    car = json.loads((built / "car_unit_economics" / "default" / "results.json").read_text())
    prices = json.loads((built / "prices_and_exchange" / "default" / "results.json").read_text())
    inequality = json.loads((built / "inequality" / "default" / "results.json").read_text())
    assert (
        inequality["results"]["price_passthrough_used"]["value"]
        == prices["results"]["passthrough_rice"]["value"]
    )
    assert car["results"]["cycle_days"]["value"] == 41.0


def test_summary_brief_fits_on_one_page(built: Path) -> None:
    manifest = json.loads((built / "summary" / "default" / "manifest.json").read_text())
    assert manifest["pdf_pages"] == 1


def test_reused_kernels_give_the_same_results_as_fresh_ones(built: Path, tmp_path: Path) -> None:
    """The build reuses one kernel per worker; a fresh single run must agree byte for byte
    (so a rerun with the same parameters gives the same results.json)."""
    for name, spec in all_reports().items():
        if spec.upstream:
            continue
        execute.discard_warm_kernel()  # a fresh kernel, not one kept by an earlier run
        outcome = runner.run_report(runner.resolve(name), tmp_path, pdf=False)
        assert outcome.status == "ok", outcome.message
        fresh = (tmp_path / name / "default" / "results.json").read_bytes()
        assert fresh == (built / name / "default" / "results.json").read_bytes(), name
        # and the executed notebook is the same but for its timestamps
        notebooks = [
            _timeless(json.loads((folder / name / "default" / "executed.ipynb").read_text()))
            for folder in (tmp_path, built)
        ]
        assert notebooks[0] == notebooks[1], name


def _timeless(nb: dict[str, Any]) -> dict[str, Any]:
    """An executed notebook without its timestamps (papermill's and nbclient's)."""
    for meta in [nb["metadata"].get("papermill", {})] + [
        c["metadata"].get("papermill", {}) for c in nb["cells"]
    ]:
        meta.pop("start_time", None)
        meta.pop("end_time", None)
    for cell in nb["cells"]:
        cell["metadata"].pop("execution", None)
    return nb
