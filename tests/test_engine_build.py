"""A build of the fixture reports on the worker pool, as `hyesan-report build` runs it.

The scheduler's order and failure rules are checked exactly with fake phases in
test_build_scheduler.py; here the real phases run in real worker processes.
"""

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hyesan_analysis.cli import main
from hyesan_analysis.reporting.engine import build, execute, requests, runner, store
from tests.fixtures import ALL, SOURCES

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def built(module_fixture_reports: Path, tmp_path_factory: pytest.TempPathFactory):
    """The three fixture reports built by the CLI on two workers; (root, its output)."""
    root = tmp_path_factory.mktemp("reports")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = main(["build", *ALL, "--jobs", "2", "--output-dir", str(root)])
    lines = output.getvalue().splitlines()
    assert code == 0, lines
    return root, lines


def test_every_fixture_report_is_published_complete(built: tuple[Path, list[str]]) -> None:
    root, lines = built
    assert lines[-1] == f"3 reports: 3 built, 0 up to date, 0 failed; index: {root / 'index.html'}"
    assert sorted(line for line in lines if "queued" in line) == [
        f"{name}/default: queued (no previous report)" for name in sorted(ALL)
    ]
    finished = [re.sub(r": ok in .*", "", line) for line in lines if re.match(r"\[\d/3\]", line)]
    assert finished[-1] == "[3/3] tiny_brief/default", "published after its sources"
    for name in ALL:
        folder = store.scenario_dir(root, name, "default")
        assert folder.is_symlink(), "published by swapping a link"
        for file in runner.REPORT_FILES:
            assert (folder / file).is_file(), (name, file)
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["status"] == "ok" and manifest["rerun_reasons"] == ["no previous report"]
        assert manifest["pdf_pages"] == 1
        assert set(manifest["timings_s"]) == {"execute", "html", "pdf"}
        assert not any((root / name / ".tmp").iterdir()), "no work folder left"
    margin = json.loads((root / "tiny_brief/default/results.json").read_text())["results"]
    assert margin["margin_cny"]["value"] == 180.0
    index = (root / "index.html").read_text()
    for name in ALL:
        assert f'href="{name}/default/report.html"' in index


def test_the_brief_read_exactly_the_published_upstream_results(
    built: tuple[Path, list[str]],
) -> None:
    """The build runs the brief on its sources' results before they are published; what
    it read must be byte for byte what was then published."""
    root, _ = built
    manifest = json.loads((root / "tiny_brief/default/manifest.json").read_text())
    for name in SOURCES:
        published = json.loads((root / name / "default" / "results.json").read_bytes())
        assert manifest["upstream"][name]["results"] == published["results"], name
        for key, entry in published["results"].items():
            read = manifest["inputs"][f"upstream:{name}.{key}"]
            assert json.loads(read) == entry, (name, key)
    assert runner.check_cache(runner.resolve("tiny_brief"), root)[1] == []


def test_a_second_build_is_answered_from_the_cache(
    built: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = built
    before = {name: (root / name / "default").readlink() for name in ALL}
    assert main(["build", *ALL, "--output-dir", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [re.sub(r"^\[\d/3\] ", "", line) for line in out[:3]] == [
        f"{name}/default: up to date" for name in ALL
    ]
    assert out[-1].startswith("3 reports: 0 built, 3 up to date, 0 failed")
    assert {name: (root / name / "default").readlink() for name in ALL} == before


def test_a_single_process_build_runs_report_after_report_on_one_kernel(
    fixture_reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    execute.discard_warm_kernel()
    pids: list[int] = []
    prepare = execute._prepare_kernel

    def recording(km: Any, cwd: Path) -> None:
        pids.append(km.provisioner.process.pid)
        prepare(km, cwd)

    monkeypatch.setattr(execute, "_prepare_kernel", recording)
    batch = requests.default_requests(ALL)
    progress = build.Progress(len(batch), stream=io.StringIO())
    outcomes = build.run_many(batch, tmp_path, jobs=1, pdf=False, progress=progress)
    assert [o.status for o in outcomes] == ["ok", "ok", "ok"]
    assert len(pids) == 3 and len(set(pids)) == 1, pids
    assert execute._warm is None, "no kernel left running after the build"
    margin = json.loads((tmp_path / "tiny_brief/default/results.json").read_text())["results"]
    assert margin["margin_cny"]["value"] == 180.0
