"""Verified, relative, reproducible outputs on the fixture reports, and failures that are
one line and leave nothing half-written.

- the manifest records the sha256 of every published file; a damaged file re-runs its
  report (the reason names it) and is never read by a downstream report;
- a full disk (os.replace / os.write failing with ENOSPC) is one line and leaves no
  temporary file; a read-only report folder fails before any kernel starts;
- nothing is written through a scenario link that leads outside the report's store;
- executed.ipynb names no absolute path and is the same from run to run but for its
  timestamps.
"""

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from hyesan_analysis.reporting.authoring.registry import REPO_DIR
from hyesan_analysis.reporting.engine import build, cache, execute, runner, store
from hyesan_analysis.reporting.engine.requests import preflight
from tests.fixtures import break_notebook

pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("warm_kernels")]


def run(request: runner.RunRequest, root: Path, **kw: Any) -> runner.RunOutcome:
    return runner.run_report(request, root, keep_warm=True, **kw)


def folder_of(root: Path, report: str = "tiny_sales") -> Path:
    return store.scenario_dir(root, report, "default").resolve()


def reasons(root: Path, report: str = "tiny_sales", pdf: bool = True) -> list[str]:
    return runner.check_cache(runner.resolve(report), root, pdf)[1]


@pytest.fixture
def sales(fixture_reports: Path, tmp_path: Path) -> Path:
    """tiny_sales published with its PDF; the output root."""
    root = tmp_path / "reports"
    outcome = run(runner.resolve("tiny_sales"), root)
    assert outcome.status == "ok", outcome.message
    return root


# --- (2) verified outputs --------------------------------------------------------------
def test_the_manifest_records_a_checksum_of_every_published_file(sales: Path) -> None:
    folder = folder_of(sales)
    manifest = json.loads((folder / "manifest.json").read_text())
    on_disk = sorted(p.name for p in folder.iterdir() if p.name != "manifest.json")
    assert sorted(manifest["checksums"]) == on_disk
    assert manifest["checksums"] == store.file_checksums(folder)
    assert reasons(sales) == []


def test_file_checksums_cover_nested_data_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figure_1.csv").write_text("x,y\n1,2\n")
    (tmp_path / "report.html").write_text("<p>")
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "failed.html").write_text("<p>")
    (tmp_path / ".report.html.1234.tmp").write_text("")
    sums = store.file_checksums(tmp_path)
    assert sorted(sums) == ["data/figure_1.csv", "report.html"]
    (tmp_path / "data" / "figure_1.csv").write_text("x,y\n1,3\n")
    assert store.damaged_files(tmp_path, sums) == ["data/figure_1.csv"]
    (tmp_path / "data" / "figure_1.csv").unlink()
    (tmp_path / "data" / "figure_1.csv").symlink_to(tmp_path / "report.html")
    assert store.damaged_files(tmp_path, sums) == ["data/figure_1.csv"]


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("results.json", lambda p: p.write_text("garbage")),
        ("report.html", lambda p: p.write_bytes(p.read_bytes()[:100])),
        ("report.pdf", lambda p: p.write_bytes(b"")),
        ("executed.ipynb", lambda p: p.write_text(p.read_text().replace("tiny", "tinY", 1))),
    ],
)
def test_a_damaged_file_reruns_the_report_naming_it(sales: Path, name: str, damage: Any) -> None:
    damage(folder_of(sales) / name)
    why = f"damaged {name} (differs from its checksum in manifest.json)"
    assert reasons(sales) == [why]
    outcome = run(runner.resolve("tiny_sales"), sales)
    assert (outcome.status, outcome.reasons) == ("ok", [why])
    assert reasons(sales) == []


def test_a_damaged_or_missing_manifest_reruns(sales: Path) -> None:
    (folder_of(sales) / "manifest.json").write_text("{not json")
    assert reasons(sales) == ["damaged manifest.json (unreadable)"]
    assert run(runner.resolve("tiny_sales"), sales).status == "ok"
    manifest = folder_of(sales) / "manifest.json"
    doc = json.loads(manifest.read_text())
    del doc["checksums"]  # a manifest written before checksums were recorded
    manifest.write_text(json.dumps(doc))
    assert reasons(sales) == ["no file checksums in manifest.json (an older run)"]


def test_a_downstream_report_never_reads_a_damaged_upstream_result(
    fixture_reports: Path, tmp_path: Path
) -> None:
    root = tmp_path / "reports"
    outcomes = build.run_many(runner.default_requests(["tiny_brief"]), root, jobs=1, pdf=False)
    assert [o.status for o in outcomes] == ["ok"] * 3
    results = folder_of(root) / "results.json"
    good = json.loads(results.read_text())
    forged = json.loads(results.read_text())
    forged["results"]["revenue_cny"]["value"] = 1e9  # valid JSON, wrong figure
    results.write_text(json.dumps(forged))
    assert cache.upstream_documents("tiny_brief", root)["tiny_sales"] is None
    assert "upstream report tiny_sales has no results" in reasons(root, "tiny_brief", pdf=False)
    outcomes = build.run_many(runner.default_requests(["tiny_brief"]), root, jobs=1, pdf=False)
    by_report = {o.report: o for o in outcomes}
    assert by_report["tiny_sales"].reasons == [
        "damaged results.json (differs from its checksum in manifest.json)"
    ]
    assert by_report["tiny_brief"].status == "up to date"  # the re-run gave the same figures
    brief = json.loads((folder_of(root, "tiny_brief") / "manifest.json").read_text())
    assert brief["upstream"]["tiny_sales"]["results"] == good["results"]


# --- (4) one line, nothing half-written ------------------------------------------------
def _full_disk_on(monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    real = os.replace

    def replace(src: Any, dst: Any, *a: Any, **kw: Any) -> None:
        if str(dst).endswith(suffix):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)


def test_write_atomic_on_a_full_disk_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(
        os, "write", lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    with pytest.raises(store.StorageError) as exc:
        store.write_atomic(tmp_path / "x.json", "{}" * 100_000)
    monkeypatch.setattr(os, "write", real_write)
    assert "\n" not in str(exc.value) and "no space left on the device" in str(exc.value)
    assert list(tmp_path.iterdir()) == []
    _full_disk_on(monkeypatch, "x.json")
    with pytest.raises(store.StorageError):
        store.write_atomic(tmp_path / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("file", ["manifest.json", "results.json", "report.html", "executed.ipynb"])
def test_a_full_disk_during_a_run_is_one_line_and_keeps_the_last_report(
    sales: Path, monkeypatch: pytest.MonkeyPatch, file: str
) -> None:
    before = store.file_checksums(folder_of(sales))
    _full_disk_on(monkeypatch, file)
    with pytest.raises(store.StorageError) as exc:
        run(runner.resolve("tiny_sales"), sales, force=True)
    assert "\n" not in str(exc.value)
    assert str(exc.value).startswith("cannot write ") and str(exc.value).endswith(
        f"{file}: no space left on the device"
    )
    monkeypatch.undo()
    assert store.file_checksums(folder_of(sales)) == before
    assert reasons(sales) == []
    tmp = sales / "tiny_sales" / store.TMP
    assert not tmp.exists() or list(tmp.iterdir()) == []


def test_a_full_disk_in_the_cli_is_one_line(
    sales: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hyesan_analysis.cli import main

    _full_disk_on(monkeypatch, "manifest.json")
    code = main(["run", "tiny_sales", "--force", "--no-pdf", "--output-dir", str(sales)])
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and "no space left on the device" in err


def _emulate_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.access as for a user without root's bypass (the tests may run as root)."""
    real = os.access

    def access(path: Any, mode: int, *a: Any, **kw: Any) -> bool:
        if mode & os.W_OK and os.path.isdir(path):
            return bool(os.stat(path).st_mode & stat.S_IWUSR) and real(path, mode)
        return real(path, mode, *a, **kw)

    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("which", ["", store.STORE])
def test_a_read_only_report_folder_fails_before_a_kernel_starts(
    sales: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    folder = sales / "tiny_sales" / which if which else sales / "tiny_sales"
    folder.chmod(0o555)
    _emulate_permissions(monkeypatch)
    started: list[str] = []
    monkeypatch.setattr(execute, "prewarm", lambda: started.append("kernel"))
    try:
        with pytest.raises(store.OutputDirError, match="the folder is not writable"):
            preflight([runner.resolve("tiny_sales")], sales)
        with pytest.raises(store.OutputDirError, match="the folder is not writable"):
            run(runner.resolve("tiny_sales"), sales, force=True)
    finally:
        folder.chmod(0o755)
    assert started == []


# --- (5) links and paths ---------------------------------------------------------------
def test_nothing_is_written_through_a_scenario_link_that_leaves_the_store(
    fixture_reports: Path, tmp_path: Path
) -> None:
    root = tmp_path / "reports"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    (root / "tiny_sales").mkdir(parents=True)
    (root / "tiny_sales" / "default").symlink_to(outside)
    assert store.published_dir(root, "tiny_sales", "default") is None
    assert reasons(root) == [f"tiny_sales/default links outside tiny_sales/{store.STORE}"]
    break_notebook(fixture_reports, "misses_a_result")
    outcome = run(runner.resolve("tiny_sales"), root, pdf=False)
    assert outcome.status == "failed"
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"], "nothing written outside"
    link = root / "tiny_sales" / "default"
    assert store.published_dir(root, "tiny_sales", "default") == link.resolve()
    assert sorted(p.name for p in link.iterdir()) == ["failed.html", "failed.ipynb"]


def test_a_report_folder_linked_outside_the_output_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "tiny_sales").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(store.OutputDirError, match="a link to a folder outside"):
        store.check_writable(root, ["tiny_sales"])
    (root / "tiny_costs").mkdir()
    (root / "tiny_costs" / store.STORE).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(store.OutputDirError, match=r"tiny_costs/\.store: a link to a folder"):
        store.check_writable(root, ["tiny_costs"])
    (root / "inside").mkdir()
    (root / "tiny_brief").symlink_to(root / "inside")  # a link within the output folder: fine
    store.check_writable(root, ["tiny_brief"])


def _timeless(nb: dict[str, Any]) -> dict[str, Any]:
    """The notebook without its timestamps (start/end times, nbclient's execution times)."""
    nb = json.loads(json.dumps(nb))
    for meta in [nb["metadata"].get("papermill", {})] + [
        c["metadata"].get("papermill", {}) for c in nb["cells"]
    ]:
        meta.pop("start_time", None)
        meta.pop("end_time", None)
    for cell in nb["cells"]:
        cell["metadata"].pop("execution", None)
    return nb


def test_executed_notebook_names_no_absolute_path_and_is_reproducible(
    sales: Path, tmp_path: Path
) -> None:
    path = folder_of(sales) / "executed.ipynb"
    text = path.read_text()
    absolutes = {str(tmp_path), str(REPO_DIR), os.path.realpath(tmp_path), "/tmp/"}
    for name in ("executed.ipynb", "manifest.json", "results.json", "report.html"):
        published = (folder_of(sales) / name).read_text()
        for absolute in absolutes:
            assert absolute not in published, (name, absolute)
    first = json.loads(text)
    assert not {"input_path", "output_path", "duration"} & set(first["metadata"]["papermill"])
    assert all("duration" not in c["metadata"].get("papermill", {}) for c in first["cells"])
    run(runner.resolve("tiny_sales"), sales, force=True)
    again = json.loads((folder_of(sales) / "executed.ipynb").read_text())
    assert _timeless(again) == _timeless(first)
