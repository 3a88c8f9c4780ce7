"""End to end: every notebook executed, results checked, safe writes, cache, failures.

These tests start real kernels (a few seconds each); they are the notebook-execution part
of the suite.
"""

import ast
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from hyesan_analysis.reporting.authoring import registry
from hyesan_analysis.reporting.authoring.registry import all_reports
from hyesan_analysis.reporting.engine import build, execute, runner
from hyesan_analysis.reporting.rendering import index

pytestmark = pytest.mark.notebook
HYESAN_REPORT = str(Path(sys.executable).with_name("hyesan-report"))


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


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
    request = runner.resolve("car_unit_economics", ["waku_price_cny=30000"])
    outcome = runner.run_report(request, tmp_path, pdf=False)
    assert outcome.status == "ok", outcome.message
    results = json.loads((outcome.path / "results.json").read_text())["results"]
    assert 5000 <= results["profit_per_car_cny"]["value"] <= 7000
    assert results["waku_revenue_neutral_volume_growth"]["value"] == pytest.approx(0.0)


def test_second_run_is_up_to_date_and_results_are_byte_identical(built: Path) -> None:
    request = runner.resolve("car_unit_economics")
    assert runner.run_report(request, built).status == "up to date"
    folder = built / "car_unit_economics" / "default"
    before = (folder / "results.json").read_bytes()
    outcome = runner.run_report(request, built, force=True, pdf=False)
    assert outcome.status == "ok" and outcome.reasons == ["forced (--force)"]
    assert (folder / "results.json").read_bytes() == before


def _copy_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(registry.NOTEBOOK_DIR, notebooks)
    monkeypatch.setattr(registry, "NOTEBOOK_DIR", notebooks)
    return notebooks / "car_unit_economics.ipynb"


def test_failing_cell_keeps_the_last_good_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "reports"
    request = runner.resolve("car_unit_economics")
    assert runner.run_report(request, root, pdf=False).status == "ok"
    folder = root / "car_unit_economics" / "default"
    good = hashes(folder)

    path = _copy_notebooks(tmp_path, monkeypatch)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('boom in a cell')"))
    nbformat.write(nb, path)
    outcome = runner.run_report(request, root, pdf=False)
    assert outcome.status == "failed" and outcome.exit_code == 1
    assert "RuntimeError: boom in a cell" in outcome.message
    assert "raise RuntimeError" in outcome.message, "the failing cell is shown"
    after = hashes(folder)
    assert {k: v for k, v in after.items() if not k.startswith("failed.")} == good
    failed = (folder / "failed.ipynb").read_text()
    assert "An Exception was encountered" in failed, "papermill's error banner"
    assert (folder / "failed.html").is_file()


def test_missing_result_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_notebooks(tmp_path, monkeypatch)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace(
            'rn.record("breakeven_sale_price_cny"',
            '(lambda *a, **k: None)("breakeven_sale_price_cny"',
        )
    nbformat.write(nb, path)
    outcome = runner.run_report(runner.resolve("car_unit_economics"), tmp_path / "r", pdf=False)
    assert outcome.status == "failed"
    assert "required result 'breakeven_sale_price_cny' was not recorded" in outcome.message


def test_plain_papermill_run_is_validated_too(tmp_path: Path) -> None:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    spec = all_reports()["car_unit_economics"]
    with pytest.raises(PapermillExecutionError) as info:
        pm.execute_notebook(
            str(spec.notebook),
            str(tmp_path / "out.ipynb"),
            parameters={"waku_price_cny": "cheap"},
            progress_bar=False,
            kernel_name="python3",
        )
    assert info.value.ename == "ParameterError"
    assert "waku_price_cny" in info.value.evalue


def test_injected_strings_cannot_break_out() -> None:
    nasty = 'a"b\'c\\d\n"""; import os; os.system("x") #'
    nb = nbformat.v4.new_notebook()
    params_cell = nbformat.v4.new_code_cell("x = 1")
    params_cell.metadata["tags"] = ["parameters"]
    nb.cells = [params_cell]
    execute.inject_parameters(nb, {"label": nasty, "n": 3})
    tree = ast.parse(nb.cells[1].source)
    assigns = [n for n in tree.body if isinstance(n, ast.Assign)]
    assert len(assigns) == 2, "one statement per parameter, nothing else"
    assert ast.literal_eval(assigns[0].value) == nasty


def test_scenario_title_is_escaped_in_html(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "report: car_unit_economics\nname: xss\n"
        "title: \"<script>alert('t')</script> & co\"\nparameters: {}\n"
    )
    request = runner.resolve("car_unit_economics", scenario_file=path)
    outcome = runner.run_report(request, tmp_path / "r", pdf=False)
    html = (outcome.path / "report.html").read_text()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co" in html


def _spawn(root: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [HYESAN_REPORT, "run", "car_unit_economics", "--output-dir", str(root), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def test_a_killed_run_leaves_the_previous_report_complete(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    assert runner.run_report(runner.resolve("car_unit_economics"), root).status == "ok"
    folder = root / "car_unit_economics" / "default"
    good = hashes(folder)
    proc = _spawn(root, "--force")
    work = root / "car_unit_economics" / ".tmp"
    deadline = time.time() + 60
    while time.time() < deadline and not any(work.glob(f"{proc.pid}-*")):
        time.sleep(0.05)
    time.sleep(0.5)  # inside execution: export and PDF alone take over a second after this
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert hashes(folder) == good
    kernel_dirs = Path(tempfile.gettempdir()).glob(f"{execute.KERNEL_DIR_PREFIX}{proc.pid}-*")
    assert list(kernel_dirs), "the killed run's kernel folder should still be there"
    # the next run cleans up the abandoned work folder; the next kernel start, the
    # abandoned kernel folder
    runner.run_report(runner.resolve("car_unit_economics"), root, force=True, pdf=False)
    assert not any(work.glob(f"{proc.pid}-*"))
    kernel_dirs = Path(tempfile.gettempdir()).glob(f"{execute.KERNEL_DIR_PREFIX}{proc.pid}-*")
    assert not list(kernel_dirs)


def test_two_concurrent_runs_leave_one_complete_report(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    procs = [_spawn(root, "--force", "--no-pdf") for _ in range(2)]
    codes = [p.wait(timeout=180) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs if p.stderr]
    folder = root / "car_unit_economics" / "default"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok"
    for file in ("report.html", "executed.ipynb", "results.json"):
        assert (folder / file).is_file()
    assert json.loads((folder / "results.json").read_text())["results"]


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
    assert {f"upstream:{u}" for u in all_reports()["summary"].upstream} <= inputs["summary"]


def test_summary_reruns_when_an_upstream_result_changes(built: Path) -> None:
    summary = runner.resolve("summary")
    assert runner.check_cache(summary, built)[1] == []
    results = built / "car_unit_economics" / "default" / "results.json"
    original = results.read_text()
    try:
        results.write_text(original.replace('"scenario": "default"', '"scenario": "default" '))
        reasons = runner.check_cache(summary, built)[1]
        assert reasons == ["upstream:car_unit_economics changed"]
    finally:
        results.write_text(original)
    assert runner.check_cache(summary, built)[1] == []


def test_summary_read_exactly_the_published_upstream_results(built: Path) -> None:
    """The build runs the summary on its sources' results before they are published; what
    it read must be byte for byte what was then published."""
    inputs = json.loads((built / "summary" / "default" / "manifest.json").read_text())["inputs"]
    for name in all_reports()["summary"].upstream:
        published = (built / name / "default" / "results.json").read_bytes()
        assert inputs[f"upstream:{name}"] == hashlib.sha256(published).hexdigest(), name
    assert runner.check_cache(runner.resolve("summary"), built)[1] == []


def test_summary_brief_fits_on_one_page(built: Path) -> None:
    manifest = json.loads((built / "summary" / "default" / "manifest.json").read_text())
    assert manifest["pdf_pages"] == 1


def test_reused_kernels_give_the_same_results_as_fresh_ones(built: Path, tmp_path: Path) -> None:
    """The build reuses one kernel per worker; a fresh single run must agree byte for byte."""
    for name, spec in all_reports().items():
        if spec.upstream:
            continue
        outcome = runner.run_report(runner.resolve(name), tmp_path, pdf=False)
        assert outcome.status == "ok", outcome.message
        fresh = (tmp_path / name / "default" / "results.json").read_bytes()
        assert fresh == (built / name / "default" / "results.json").read_bytes(), name


def test_kernel_client_is_ready_without_losing_output() -> None:
    """Our client skips jupyter_client's fixed IOPub wait; the first output must still
    arrive (a new IOPub subscriber that missed messages would lose it)."""
    from jupyter_core.utils import run_sync

    from hyesan_analysis.reporting.engine.kernel_client import ReadyKernelClient

    km = execute._kernel_manager_class()(kernel_name="python3")
    run_sync(km.start_kernel)()
    try:
        client = km.client()
        assert isinstance(client, ReadyKernelClient)
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        texts: list[str] = []

        def hook(msg: dict) -> None:
            if msg["msg_type"] == "stream":
                texts.append(msg["content"]["text"])

        run_sync(client.execute_interactive)("print('first output')", output_hook=hook, timeout=60)
        assert texts == ["first output\n"]
        client.stop_channels()
    finally:
        run_sync(km.shutdown_kernel)(now=True)
