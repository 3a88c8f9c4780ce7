"""Where finished reports live, and how they are put there without ever half-writing.

Layout under the output root (default ``reports/``)::

    <report>/<scenario>          -> symlink to .store/<version>   (what readers open)
    <report>/.store/<version>/   one complete, never-modified rendering each
    <report>/.tmp/<pid>-<rand>/  work in progress (removed when done or found abandoned)

A run renders into ``.tmp``, renames the finished folder into ``.store`` and then swaps the
scenario symlink with ``os.replace``, which is atomic: a reader, a crash or a concurrent run
sees either the old complete report or the new one, never a mix. Versions no link points to
are removed afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

STORE = ".store"
TMP = ".tmp"
# The files of a complete report folder (report.pdf is left out by --no-pdf).
REPORT_FILES = ("report.html", "report.pdf", "executed.ipynb", "results.json", "manifest.json")
ORPHAN_AGE_S = 3600.0


class OutputDirError(ValueError):
    """The output folder cannot be created or written (exit 2)."""


def check_writable(root: Path) -> None:
    """Fail early, before any kernel starts, if ``root`` cannot hold reports."""
    probe = root
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputDirError(f"output folder {root}: {probe} exists and is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputDirError(f"output folder {root}: {probe} is not writable")


def scenario_dir(root: Path, report: str, scenario: str) -> Path:
    return root / report / scenario


def current_manifest(root: Path, report: str, scenario: str) -> dict[str, Any] | None:
    path = scenario_dir(root, report, scenario) / "manifest.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return None


def new_work_dir(root: Path, report: str) -> Path:
    work = root / report / TMP / f"{os.getpid()}-{uuid.uuid4().hex[:10]}"
    work.mkdir(parents=True)
    return work


def publish(root: Path, report: str, scenario: str, work: Path) -> Path:
    """Move a finished rendering into place atomically; return the scenario path."""
    store = root / report / STORE
    store.mkdir(parents=True, exist_ok=True)
    version = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    os.rename(work, store / version)
    link = scenario_dir(root, report, scenario)
    if link.exists() and not link.is_symlink():
        # a plain folder from elsewhere: move it aside rather than delete it
        os.rename(link, store / f"replaced-{version}")
    tmp_link = root / report / f".{scenario}.{uuid.uuid4().hex[:8]}.lnk"
    os.symlink(os.path.join(STORE, version), tmp_link)
    os.replace(tmp_link, link)
    collect_garbage(root, report)
    return link


def add_to_current(root: Path, report: str, scenario: str, files: dict[str, Path]) -> Path:
    """Put files (failed.ipynb, failed.html) beside the current report, each atomically.

    With no report yet, an otherwise empty version is published to hold them.
    """
    link = scenario_dir(root, report, scenario)
    if not link.exists():
        work = new_work_dir(root, report)
        for name, src in files.items():
            shutil.copyfile(src, work / name)
        return publish(root, report, scenario, work)
    target = link.resolve()
    for name, src in files.items():
        tmp = target / f".{name}.{uuid.uuid4().hex[:8]}"
        shutil.copyfile(src, tmp)
        os.replace(tmp, target / name)
    return link


def collect_garbage(root: Path, report: str) -> None:
    """Remove versions no link points to, and work folders whose process is gone."""
    base = root / report
    if not base.is_dir():
        return
    live = set()
    for entry in base.iterdir() if base.is_dir() else ():
        if entry.is_symlink():
            live.add(os.path.basename(os.readlink(entry)))
    now = time.time()
    store = base / STORE
    if store.is_dir():
        for version in store.iterdir():
            if version.name in live:
                continue
            # a concurrent run may have just renamed its version in and not yet linked it
            with contextlib.suppress(FileNotFoundError):
                if now - version.stat().st_mtime > 120:
                    shutil.rmtree(version, ignore_errors=True)
    tmp = base / TMP
    if tmp.is_dir():
        for work in tmp.iterdir():
            pid = work.name.split("-", 1)[0]
            if pid.isdigit() and not pid_alive(int(pid)):
                shutil.rmtree(work, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    if now - work.stat().st_mtime > ORPHAN_AGE_S * 24:
                        shutil.rmtree(work, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
