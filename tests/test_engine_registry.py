"""How the registry finds reports from outside the package (the engine tests' fixtures)."""

import os
import shutil
from pathlib import Path

import pytest

from hyesan_analysis.reporting.authoring import registry
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import inputs
from tests.fixtures import ALL, FIXTURE_REPORTS

SHIPPED = {
    "car_unit_economics",
    "investor_returns",
    "prices_and_exchange",
    "inequality",
    "summary",
}


@pytest.fixture
def extra_env(monkeypatch: pytest.MonkeyPatch):
    """Set HYESAN_EXTRA_REPORTS for one test; the registry is refreshed either way."""

    def set_to(*folders: Path) -> None:
        monkeypatch.setenv(registry.EXTRA_REPORTS_ENV, os.pathsep.join(str(f) for f in folders))
        registry.refresh()

    yield set_to
    monkeypatch.delenv(registry.EXTRA_REPORTS_ENV, raising=False)
    registry.refresh()


def test_by_default_the_registry_holds_the_shipped_reports_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(registry.EXTRA_REPORTS_ENV, raising=False)
    registry.refresh()
    assert set(registry.all_reports()) == SHIPPED
    assert all(
        s.source_dir is None and s.spec_file is None for s in registry.all_reports().values()
    )


def test_fixture_reports_join_the_shipped_ones_in_build_order(fixture_reports: Path) -> None:
    names = list(registry.all_reports())
    assert set(names) == SHIPPED | set(ALL)
    assert names[-3:] == ["tiny_sales", "tiny_costs", "tiny_brief"], "by their order field"
    spec = registry.get_report("tiny_sales")
    assert spec.source_dir == fixture_reports.resolve()
    assert spec.notebook == fixture_reports.resolve() / "tiny_sales.ipynb"
    assert spec.spec_file == fixture_reports.resolve() / "tiny_sales.py"
    assert spec.schema.names == ["cars", "price_cny"]
    assert registry.get_report("tiny_brief").upstream == ("tiny_sales", "tiny_costs")
    # the shipped reports are the same objects as without the variable
    assert registry.get_report("summary").notebook == registry.NOTEBOOK_DIR / "summary.ipynb"


def test_an_edited_extra_spec_is_read_again_after_refresh(fixture_reports: Path) -> None:
    assert registry.get_report("tiny_costs").schema.get("cost_cny").maximum == 1000.0
    path = fixture_reports / "tiny_costs.py"
    path.write_text(path.read_text().replace("maximum=1000.0", "maximum=500.0"))
    assert registry.get_report("tiny_costs").schema.get("cost_cny").maximum == 1000.0, "cached"
    registry.refresh()
    assert registry.get_report("tiny_costs").schema.get("cost_cny").maximum == 500.0


def test_a_missing_extra_folder_is_bad_input(extra_env, tmp_path: Path) -> None:
    extra_env(tmp_path / "nowhere")
    with pytest.raises(ParameterError, match=r"HYESAN_EXTRA_REPORTS: .*nowhere is not a folder"):
        registry.all_reports()


def test_an_extra_report_may_not_shadow_a_registered_one(extra_env, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_REPORTS, tmp_path / "a")
    shutil.copytree(FIXTURE_REPORTS, tmp_path / "b")
    extra_env(tmp_path / "a", tmp_path / "b")
    with pytest.raises(TypeError, match=r"'tiny_brief' of .* is already registered"):
        registry.all_reports()


def test_an_extra_spec_named_unlike_its_file_is_refused(extra_env, tmp_path: Path) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    text = (FIXTURE_REPORTS / "tiny_costs.py").read_text()
    (folder / "other_name.py").write_text(text)
    extra_env(folder)
    with pytest.raises(TypeError, match="declares report 'tiny_costs'"):
        registry.all_reports()


def test_an_extra_spec_file_is_a_cache_input(fixture_reports: Path) -> None:
    spec = registry.get_report("tiny_costs")
    before = inputs.report_inputs(spec, {"cost_cny": 40.0})
    assert "spec:tiny_costs.py" in before
    assert not any(k.startswith("code:") and "tiny" in k for k in before)
    path = fixture_reports / "tiny_costs.py"
    path.write_text(path.read_text() + "\n# edited\n")
    after = inputs.report_inputs(spec, {"cost_cny": 40.0})
    assert inputs.describe_changes(before, after) == ["spec:tiny_costs.py changed"]


def test_shipped_reports_have_no_spec_input() -> None:
    spec = registry.get_report("car_unit_economics")
    found = inputs.report_inputs(spec, spec.schema.defaults())
    assert not any(k.startswith("spec:") for k in found)
    assert "code:hyesan_analysis/reporting/specs/car_unit_economics.py" in found
