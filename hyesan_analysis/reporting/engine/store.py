"""Where finished reports live, and how they are put there without ever half-writing.

Layout under the output root (default ``reports/``)::

    <report>/<scenario>          -> symlink to .store/<version>   (what readers open)
    <report>/.store/<version>/   one complete, never-modified rendering each
    <report>/.tmp/<pid>-<rand>/  work in progress (removed when done or found abandoned)

A run renders into ``.tmp``, renames the finished folder into ``.store`` and then swaps the
scenario symlink with ``os.replace``, which is atomic: a reader, a crash or a concurrent run
sees either the old complete report or the new one, never a mix. Versions no link points to
are removed afterwards.

Published folders are verified, not trusted: the manifest records the sha256 of every file
of the folder (``file_checksums``), and ``damaged_files`` names those that no longer match.
Nothing is written through a link that leaves the report's ``.store`` (``published_dir``),
and a write that fails (a full disk) leaves no partial file and is one line
(``StorageError``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.engine import lifecycle

STORE = ".store"
TMP = ".tmp"
# The files of a complete report folder (report.pdf is left out by --no-pdf).
REPORT_FILES = ("report.html", "report.pdf", "executed.ipynb", "results.json", "manifest.json")
ORPHAN_AGE_S = 3600.0
# Beside a report, not of it: never checksummed (a failed run adds them to the last good one)
NOT_CHECKSUMMED = ("manifest.json", "failed.html", "failed.ipynb")


class OutputDirError(ValueError):
    """The output folder cannot be created or written (exit 2)."""


class StorageError(OutputDirError):
    """Writing a report failed (a full disk, a read-only folder): one line, nothing left
    half-written."""


def storage_error(exc: OSError, what: str | Path) -> StorageError:
    """The one-line error for an OSError while writing ``what``."""
    if exc.errno == errno.ENOSPC:
        why = "no space left on the device"
    elif exc.errno == errno.EDQUOT:
        why = "disk quota exceeded"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "not writable"
    else:
        why = (exc.strerror or type(exc).__name__).lower()
    return StorageError(f"cannot write {_short(exc.filename or what)}: {why}")


def _short(path: str | Path) -> str:
    """A path for a message: relative to the working folder when inside it."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _probe_writable(folder: Path, what: str) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputDirError(f"{what} {folder}: exists and is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputDirError(f"{what} {folder}: the folder is not writable")


def check_writable(root: Path, reports: Iterable[str] = ()) -> None:
    """Fail early, before any kernel starts, if ``root`` cannot hold reports.

    With ``reports``: also each report's folder, its ``.store`` and ``.tmp`` when they
    exist (a read-only report folder would otherwise fail only once its notebook ran), and
    none of them may be a link that leaves ``root``.
    """
    root = Path(root)
    probe = root
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputDirError(f"output folder {root}: {probe} exists and is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputDirError(f"output folder {root}: {probe} is not writable")
    if not root.is_dir():
        return
    real_root = root.resolve()
    for report in dict.fromkeys(reports):
        base = root / report
        for folder in (base, base / STORE, base / TMP):
            if folder.is_symlink() and not _inside(folder.resolve(), real_root):
                raise OutputDirError(
                    f"report folder {folder}: a link to a folder outside {root}; refusing to "
                    "write through it"
                )
            _probe_writable(folder, "report folder")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def scenario_dir(root: Path, report: str, scenario: str) -> Path:
    return root / report / scenario


def published_dir(root: Path, report: str, scenario: str) -> Path | None:
    """The version folder the scenario link points to, if it is one of this report's
    (``<report>/.store/<version>``); None when there is none, or the link leads elsewhere
    (nothing is read as a report, or written, through such a link)."""
    link = scenario_dir(root, report, scenario)
    if not link.is_symlink():
        return None
    target = link.resolve()
    if target.parent != (root / report / STORE).resolve() or not target.is_dir():
        return None
    return target


def read_manifest(root: Path, report: str, scenario: str) -> tuple[dict[str, Any] | None, str]:
    """(the published manifest, why there is none): the reason is "" when there is no
    report at all, else says what is wrong (unreadable, a link leaving the store)."""
    link = scenario_dir(root, report, scenario)
    if not link.is_symlink() and not link.exists():
        return None, ""
    folder = published_dir(root, report, scenario)
    if folder is None:
        if link.is_symlink() and link.exists():
            return None, f"{report}/{scenario} links outside {report}/{STORE}"
        if link.is_dir() and not link.is_symlink():
            folder = link  # a plain folder from elsewhere: read, replaced on publish
        else:
            return None, ""
    path = folder / "manifest.json"
    if not path.is_file():
        return None, ""  # nothing published yet (only a failure's files, perhaps)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None, "damaged manifest.json (unreadable)"
    if not isinstance(data, dict):
        return None, "damaged manifest.json (not a manifest)"
    return data, ""


def current_manifest(root: Path, report: str, scenario: str) -> dict[str, Any] | None:
    return read_manifest(root, report, scenario)[0]


def _sha256_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file of a report folder, by path relative to it (``data/x.csv``),
    sorted; the manifest, failed.* and hidden files are left out."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel in NOT_CHECKSUMMED or any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.is_file() and not path.is_symlink():
            out[rel] = _sha256_path(path)
    return out


def damaged_files(folder: Path, checksums: Mapping[str, str]) -> list[str]:
    """The files of ``checksums`` that are missing from ``folder`` or differ from it
    (a link inside the folder counts as damage: published files are plain files)."""
    damaged = []
    for rel, expected in checksums.items():
        path = folder / rel
        try:
            ok = (
                path.is_file()
                and not path.is_symlink()
                and _inside(path.resolve(), folder.resolve())
                and _sha256_path(path) == expected
            )
        except OSError:
            ok = False
        if not ok:
            damaged.append(rel)
    return damaged


def verified_results(root: Path, report: str, scenario: str) -> str | None:
    """The text of a published results.json whose checksum matches its manifest's; None
    when there is none, it is damaged, or the manifest records no checksums."""
    folder = published_dir(root, report, scenario)
    manifest, _ = read_manifest(root, report, scenario)
    if folder is None or manifest is None or manifest.get("status") != "ok":
        return None
    expected = (manifest.get("checksums") or {}).get("results.json")
    try:
        data = (folder / "results.json").read_bytes()
    except OSError:
        return None
    if not isinstance(expected, str) or hashlib.sha256(data).hexdigest() != expected:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then ``os.replace``.

    A failure (a full disk) removes the temporary file and raises StorageError.
    """
    payload = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            while payload:
                payload = payload[os.write(fd, payload) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise storage_error(exc, path) from None


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
    try:
        os.symlink(os.path.join(STORE, version), tmp_link)
        os.replace(tmp_link, link)
    except OSError:
        with contextlib.suppress(OSError):
            tmp_link.unlink()
        raise
    collect_garbage(root, report)
    return link


def add_to_current(root: Path, report: str, scenario: str, files: dict[str, Path]) -> Path:
    """Put files (failed.ipynb, failed.html) beside the current report, each atomically.

    With no report yet, an otherwise empty version is published to hold them. A scenario
    link that leads outside the report's store is never written through: the failure is
    published as a version of its own, which replaces the link.
    """
    link = scenario_dir(root, report, scenario)
    target = published_dir(root, report, scenario)
    if target is None:
        work = new_work_dir(root, report)
        try:
            for name, src in files.items():
                shutil.copyfile(src, work / name)
            return publish(root, report, scenario, work)
        except OSError as exc:
            shutil.rmtree(work, ignore_errors=True)
            raise storage_error(exc, work) from None
    for name, src in files.items():
        write_atomic(target / name, Path(src).read_bytes())
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
            # its maker gone, a zombie, or a later process that reuses its pid
            if not lifecycle.folder_owner_alive(work):
                shutil.rmtree(work, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    if now - work.stat().st_mtime > ORPHAN_AGE_S * 24:
                        shutil.rmtree(work, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not): see :func:`lifecycle.pid_alive`."""
    return lifecycle.pid_alive(pid)
    return True
