"""Failures on the fixture reports: a failing run keeps the last good report, a killed or
concurrent run never leaves a half-written one, and bad values never reach a kernel's code.
"""

import ast
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.engine import execute, runner
from hyesan_analysis.reporting.rendering import index
from tests.fixtures import FIXTURE_REPORTS, break_notebook, hashes

# In-process runs reuse one kernel (see conftest.warm_kernels); a cell that raises costs
# the kernel, so the one test whose notebook raises runs after the others.
pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("warm_kernels")]
HYESAN_REPORT = str(Path(sys.executable).with_name("hyesan-report"))


def run(request: runner.RunRequest, root: Path, **kw: object) -> runner.RunOutcome:
    return runner.run_report(request, root, keep_warm=True, **kw)  # type: ignore[arg-type]


def test_a_missing_result_fails_the_run_and_a_first_failure_publishes_only_itself(
    fixture_reports: Path, tmp_path: Path
) -> None:
    break_notebook(fixture_reports, "misses_a_result")
    outcome = run(runner.resolve("tiny_sales"), tmp_path, pdf=False)
    assert outcome.status == "failed"
    assert "required result 'revenue_cny' was not recorded" in outcome.message
    folder = tmp_path / "tiny_sales" / "default"
    assert sorted(p.name for p in folder.iterdir()) == ["failed.html", "failed.ipynb"]
    assert runner.check_cache(runner.resolve("tiny_sales"), tmp_path)[1] == ["no previous report"]


def _warm_kernel_pid() -> int:
    assert execute._warm is not None, "no kernel kept warm"
    pid: int = execute._warm.result(timeout=120).provisioner.process.pid
    return pid


def test_the_kernel_of_a_run_with_a_missing_result_serves_the_next_run(
    fixture_reports: Path, tmp_path: Path
) -> None:
    """Its cells ran without error, so the kernel is kept, although the run's folder (the
    kernel's working directory) is removed with the failure."""
    break_notebook(fixture_reports, "misses_a_result")
    assert run(runner.resolve("tiny_sales"), tmp_path, pdf=False).status == "failed"
    pid = _warm_kernel_pid()
    shutil.copyfile(FIXTURE_REPORTS / "tiny_sales.ipynb", fixture_reports / "tiny_sales.ipynb")
    outcome = run(runner.resolve("tiny_sales"), tmp_path, pdf=False)
    assert outcome.status == "ok", outcome.message
    assert _warm_kernel_pid() == pid


def test_a_report_without_its_upstream_results_fails_before_any_kernel(
    fixture_reports: Path, tmp_path: Path
) -> None:
    outcome = run(runner.resolve("tiny_brief"), tmp_path)
    assert outcome.status == "failed"
    assert outcome.message == (
        "needs the results of tiny_sales, tiny_costs in world 'default': "
        "`hyesan-report run tiny_brief` builds them first"
    )
    assert not (tmp_path / "tiny_brief").exists() or not any(
        (tmp_path / "tiny_brief" / ".tmp").glob("*")
    )


def test_plain_papermill_run_is_validated_too(fixture_reports: Path, tmp_path: Path) -> None:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        pm.execute_notebook(
            str(get_report("tiny_sales").notebook),
            str(tmp_path / "out.ipynb"),
            parameters={"price_cny": "cheap"},
            progress_bar=False,
            kernel_name="python3",
        )
    assert info.value.ename == "ParameterError"
    assert "price_cny" in info.value.evalue


def test_injected_strings_cannot_break_out() -> None:
    nasty = 'a"b\'c\\d\n"""; import os; os.system("x") #'
    nb = nbformat.v4.new_notebook()
    params_cell = nbformat.v4.new_code_cell("x = 1")
    params_cell.metadata["tags"] = ["parameters"]
    nb.cells = [params_cell]
    execute.inject_parameters(nb, {"label": nasty, "n": 3}, world=nasty)
    tree = ast.parse(nb.cells[1].source)
    assigns = [n for n in tree.body if isinstance(n, ast.Assign)]
    assert len(assigns) == 3, "one statement per parameter and the world, nothing else"
    assert ast.literal_eval(assigns[0].value) == nasty
    assert [t.id for a in assigns for t in a.targets] == ["label", "n", "_hyesan_world"]
    assert ast.literal_eval(assigns[2].value) == nasty


def test_scenario_title_is_escaped_in_html(fixture_reports: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "report: tiny_sales\nname: xss\n"
        "title: \"<script>alert('t')</script> & co\"\nparameters: {}\n"
    )
    request = runner.resolve("tiny_sales", scenario_file=path)
    outcome = run(request, tmp_path / "r", pdf=False)
    assert outcome.status == "ok", outcome.message
    html = (outcome.path / "report.html").read_text()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co" in html
    index_html = index.render(tmp_path / "r")
    assert "<script>alert" not in index_html and "&lt;script&gt;alert(" in index_html


def test_failing_cell_keeps_the_last_good_report(fixture_reports: Path, tmp_path: Path) -> None:
    root = tmp_path / "reports"
    request = runner.resolve("tiny_sales")
    assert run(request, root, pdf=False).status == "ok"
    folder = root / "tiny_sales" / "default"
    good = hashes(folder)

    break_notebook(fixture_reports, "raises")
    outcome = run(request, root, pdf=False)
    assert outcome.status == "failed" and outcome.exit_code == 1
    assert outcome.reasons == [] and outcome.path == folder
    assert "RuntimeError: boom in a cell" in outcome.message
    assert 'raise RuntimeError("boom in a cell")' in outcome.message, "the failing cell is shown"
    after = hashes(folder)
    assert {k: v for k, v in after.items() if not k.startswith("failed.")} == good
    assert "An Exception was encountered" in (folder / "failed.ipynb").read_text()
    failed_page = (folder / "failed.html").read_text()
    assert "FAILED RUN" in failed_page and "boom in a cell" in failed_page
    assert not list((root / "tiny_sales" / ".tmp").iterdir()), "no work folder left behind"
    # the cache still trusts the last good report; the index points at the failure
    assert runner.check_cache(request, root, pdf=False)[1] == ["notebook changed"]
    html = index.render(root)
    assert 'href="tiny_sales/default/failed.html" class="failed">last run failed' in html
    assert execute._warm is not None, "the next kernel starts at once, for the next run"


def _spawn(root: Path, *extra: str, pause_s: float = 0.0) -> subprocess.Popen[bytes]:
    env = dict(os.environ, TINY_SALES_PAUSE_S=str(pause_s))
    return subprocess.Popen(
        [HYESAN_REPORT, "run", "tiny_sales", "--output-dir", str(root), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )


def test_a_killed_run_leaves_the_previous_report_complete(
    fixture_reports: Path, tmp_path: Path
) -> None:
    root = tmp_path / "reports"
    assert run(runner.resolve("tiny_sales"), root).status == "ok"
    folder = root / "tiny_sales" / "default"
    good = hashes(folder)
    proc = _spawn(root, "--force", pause_s=120)
    work = root / "tiny_sales" / ".tmp"
    deadline = time.time() + 60
    # the notebook writes "paused" into the run's folder, then waits inside its kernel
    while time.time() < deadline and not any(work.glob(f"{proc.pid}-*/paused")):
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert any(work.glob(f"{proc.pid}-*/paused")), "the run never reached its kernel"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert hashes(folder) == good
    assert any(work.glob(f"{proc.pid}-*")), "the killed run's work folder is left behind"
    kernel_dirs = Path(tempfile.gettempdir()).glob(f"{execute.KERNEL_DIR_PREFIX}{proc.pid}-*")
    assert list(kernel_dirs), "the killed run's kernel folder should still be there"
    # the next run cleans up the abandoned work folder
    assert run(runner.resolve("tiny_sales"), root, force=True, pdf=False).status == "ok"
    assert not any(work.glob(f"{proc.pid}-*"))
    # and the next kernel manager (a kernel start), the abandoned kernel folder
    manager = execute._kernel_manager_class()(kernel_name="python3")
    shutil.rmtree(manager._private_dir)
    kernel_dirs = Path(tempfile.gettempdir()).glob(f"{execute.KERNEL_DIR_PREFIX}{proc.pid}-*")
    assert not list(kernel_dirs)


def test_two_concurrent_runs_leave_one_complete_report(
    fixture_reports: Path, tmp_path: Path
) -> None:
    root = tmp_path / "reports"
    procs = [_spawn(root, "--force", "--no-pdf") for _ in range(2)]
    codes = [p.wait(timeout=180) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs if p.stderr]
    folder = root / "tiny_sales" / "default"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok"
    for file in ("report.html", "executed.ipynb", "results.json"):
        assert (folder / file).is_file()
    assert json.loads((folder / "results.json").read_text())["results"]["revenue_cny"] == {
        "label": "",
        "unit": "CNY",
        "value": 300.0,
    }
    versions = list((root / "tiny_sales" / ".store").iterdir())
    assert len(versions) <= 2 and folder.resolve() in versions
