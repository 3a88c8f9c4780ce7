"""The import scan behind every cache key: known answers, and an on-disk cache that can
only save time, never change a key."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest

from hyesan_analysis.reporting.engine import imports
from hyesan_analysis.reporting.engine.inputs import RUNNER_MODULES

ROOTS = {"hyesan_analysis.reporting.specs.car_unit_economics", *RUNNER_MODULES}


@pytest.fixture
def scan_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temporary folder for the cache and a process with nothing loaded yet."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv(imports.CACHE_ENV, raising=False)
    monkeypatch.setattr(imports, "_SCANS", imports._Scans())
    cache_file = imports.cache_file()
    assert cache_file is not None
    return cache_file.parent


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the next process sees: only the disk, and a parser that must not be needed."""
    monkeypatch.setattr(imports, "_SCANS", imports._Scans())

    def no_parse(source: str, current: str) -> set[str]:
        raise AssertionError("parsed although the cache held the file")

    monkeypatch.setattr(imports, "imports_in", no_parse)


def test_relative_and_absolute_imports_resolve_to_package_modules() -> None:
    source = (
        "import os\n"
        "import hyesan_analysis.model.vehicle\n"
        "from ..authoring import schema\n"
        "from . import store as s\n"
        "def f():\n"
        "    from hyesan_analysis.data import load_facts\n"
    )
    found = imports.imports_in(source, "hyesan_analysis.reporting.engine.example")
    assert found == {
        "hyesan_analysis.model.vehicle",
        "hyesan_analysis.reporting.authoring",
        "hyesan_analysis.reporting.authoring.schema",
        "hyesan_analysis.reporting.engine",
        "hyesan_analysis.reporting.engine.store",
        "hyesan_analysis.data",
        "hyesan_analysis.data.load_facts",
    }


def test_the_closure_holds_every_parent_package_and_real_files_only() -> None:
    sources = imports.module_sources(ROOTS)
    assert list(sources) == sorted(sources)
    for name, source in sources.items():
        assert source.path.is_file()
        assert source.sha256 == hashlib.sha256(source.path.read_bytes()).hexdigest()
        parents = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        assert parents <= sources.keys()
    assert "hyesan_analysis.model.vehicle" in sources


def test_a_second_process_reads_the_scan_from_disk_and_gets_the_same_closure(
    scan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = imports.module_sources(ROOTS)
    assert len(json.loads(imports.cache_file().read_text())) == len(first)  # type: ignore[union-attr]
    assert scan_dir.stat().st_mode & 0o777 == 0o700
    _fresh_process(monkeypatch)
    assert imports.module_sources(ROOTS) == first


def test_a_changed_file_is_scanned_again_under_its_new_digest(scan_dir: Path) -> None:
    module = "hyesan_analysis.reporting.engine.example"
    old = b"from hyesan_analysis.model import vehicle\n"
    new = b"from hyesan_analysis.model import finance\nPATH = 'facts.csv'\n"
    for data in (old, new):
        imports._SCANS.get(module, data, hashlib.sha256(data).hexdigest())
    imports._SCANS.save()
    fresh = imports._Scans()
    got = fresh.get(module, new, hashlib.sha256(new).hexdigest())
    assert got == (
        frozenset({"hyesan_analysis.model", "hyesan_analysis.model.finance"}),
        frozenset({"facts.csv"}),
    )


def _plant_wrong_entry(scan_dir: Path) -> tuple[str, frozenset[str]]:
    """Record vehicle.py as importing nothing; return its module and true imports."""
    module = "hyesan_analysis.model.vehicle"
    path = imports.module_path(module)
    assert path is not None
    data = path.read_bytes()
    truth = frozenset(imports.imports_in(data.decode(), module))
    assert truth  # the planted entry differs from the truth
    scan_dir.mkdir(mode=0o700, exist_ok=True)
    key = f"{hashlib.sha256(data).hexdigest()}:{module}"
    imports.cache_file().write_text(json.dumps({key: {"imports": [], "csv": []}}))  # type: ignore[union-attr]
    return module, truth


def test_a_cache_folder_others_can_write_is_not_read(
    scan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, truth = _plant_wrong_entry(scan_dir)
    assert imports.module_sources({module})[module].imports == frozenset()  # read when private
    scan_dir.chmod(0o777)
    monkeypatch.setattr(imports, "_SCANS", imports._Scans())
    assert imports.module_sources({module})[module].imports == truth


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"k": {"imports": 3}}', b"\xff"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(scan_dir: Path, content: bytes) -> None:
    scan_dir.mkdir(mode=0o700)
    imports.cache_file().write_bytes(content)  # type: ignore[union-attr]
    with_cache = imports.module_sources(ROOTS)
    assert json.loads(imports.cache_file().read_text())  # type: ignore[union-attr]
    imports._SCANS = imports._Scans()
    assert with_cache == imports.module_sources(ROOTS)


def test_the_cache_can_be_turned_off(scan_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(imports.CACHE_ENV, "0")
    assert imports.cache_file() is None
    imports.module_sources(ROOTS)
    assert not scan_dir.exists()
