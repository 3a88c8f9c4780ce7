"""The package modules a report reaches through its imports, and the data files they name,
read from the source so that the list cannot go stale.

Parsing the ~100 modules costs ~0.25 CPU-s in every process that checks a cache (the
command and each worker). What a file imports and which CSV files it names is therefore
kept on disk, per user, keyed by the sha256 of the file's bytes, its module name (relative
imports depend on it) and the Python version (the grammar does): a changed byte is a new
key, so a kept entry is never wrong, only unused. Each file is still read and hashed on
every check; that is cheap (~3 ms for all of them) and what makes the key exact.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hyesan_analysis.reporting.authoring.registry import REPO_DIR
from hyesan_analysis.reporting.engine import switched_off

PACKAGE = "hyesan_analysis"
CACHE_ENV = "HYESAN_IMPORT_CACHE"  # "0" turns the on-disk cache off
MAX_ENTRIES = 2000  # about 20 versions of every module; beyond that it starts afresh
_CSV = re.compile(r"['\"]([A-Za-z0-9_\-]+\.csv)['\"]")


@dataclass(frozen=True)
class ModuleSource:
    """One package module as a cache check sees it."""

    path: Path
    sha256: str
    imports: frozenset[str]  # package modules (and names) it imports
    csv_names: frozenset[str]  # CSV file names its source mentions


@cache
def _candidates(module: str) -> tuple[tuple[str, Path], ...]:
    # pathlib's joins cost more than the checks themselves (~1,600 calls per build)
    rel = Path(*module.split("."))
    paths = (REPO_DIR / rel.with_suffix(".py"), REPO_DIR / rel / "__init__.py")
    return tuple((str(path), path) for path in paths)


def module_path(module: str) -> Path | None:
    """Source file of a package module, or None if it is not ours or does not exist (looked
    up on every call: a file that appears or disappears is seen)."""
    if module != PACKAGE and not module.startswith(PACKAGE + "."):
        return None
    for text, path in _candidates(module):
        if os.path.isfile(text):
            return path
    return None


def _statements(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every statement, nested ones included (function and class bodies, branches,
    handlers). An import is always a statement: walking only these finds the same imports
    as ``ast.walk`` in a tenth of the time (a module's expressions are most of its nodes)."""
    stack: list[ast.AST] = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(children)


# One parse at a time: CPython 3.11's ast.parse shares a recursion counter between threads
# (SystemError "AST constructor recursion depth mismatch", gh-106905), and a worker's
# warm-up thread parses while its task does.
_PARSE_LOCK = threading.Lock()


def imports_in(source: str, current: str) -> set[str]:
    """Package modules (and imported names, which may be modules) that ``source`` imports;
    ``current`` is its module name, which relative imports are resolved against."""
    found: set[str] = set()
    try:
        with _PARSE_LOCK:
            tree = ast.parse(source)
    except SyntaxError:
        return found
    package = current.rsplit(".", 1)[0]
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m == PACKAGE or m.startswith(PACKAGE + ".")}


def cache_file() -> Path | None:
    """The on-disk cache, in a folder only this user can enter; None when turned off."""
    if switched_off(CACHE_ENV):
        return None
    folder = Path(tempfile.gettempdir()) / f"hyesan-scan-{os.getuid()}"
    return folder / f"py{sys.version_info[0]}{sys.version_info[1]}.json"


class _Scans:
    """Scan results by "<sha256>:<module>", in memory and on disk (read once per process,
    written back atomically when a check found new files)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded_from: Path | None = None
        self._entries: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._new = 0

    def _load(self, path: Path | None) -> None:
        if path == self._loaded_from:
            return
        self._loaded_from, self._entries, self._new = path, {}, 0
        if path is None or not _private(path.parent):
            return
        try:
            raw = json.loads(path.read_bytes())
            self._entries = {
                key: (frozenset(value["imports"]), frozenset(value["csv"]))
                for key, value in raw.items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._entries = {}  # missing or damaged: rebuilt from the sources

    def get(self, module: str, data: bytes, digest: str) -> tuple[frozenset[str], frozenset[str]]:
        key = f"{digest}:{module}"
        with self._lock:
            self._load(cache_file())
            found = self._entries.get(key)
        if found is not None:
            return found
        source = data.decode("utf-8")
        found = (frozenset(imports_in(source, module)), frozenset(_CSV.findall(source)))
        with self._lock:
            self._entries[key] = found
            self._new += 1
        return found

    def save(self) -> None:
        """Write the entries back if new ones were found (best effort: a folder that cannot
        be written only costs the next process its parse)."""
        from hyesan_analysis.reporting.engine.store import StorageError, write_atomic

        with self._lock:
            path = self._loaded_from
            if not self._new or path is None:
                return
            if len(self._entries) > MAX_ENTRIES:
                self._entries = dict(list(self._entries.items())[-MAX_ENTRIES // 2 :])
            payload = json.dumps(
                {k: {"imports": sorted(i), "csv": sorted(c)} for k, (i, c) in self._entries.items()}
            )
            self._new = 0
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
            if _private(path.parent):
                write_atomic(path, payload)
        except (OSError, StorageError):
            pass


def _private(folder: Path) -> bool:
    # another user's folder could hold entries that leave a module out of a cache key
    from hyesan_analysis.reporting.engine.kernel_daemon import private_folder_ok

    return private_folder_ok(folder)


_SCANS = _Scans()


def module_sources(roots: set[str]) -> dict[str, ModuleSource]:
    """Package modules reachable from ``roots`` through imports (parents included), by
    name in sorted order. Raises OSError or UnicodeDecodeError for an unreadable module."""
    seen: dict[str, ModuleSource] = {}
    todo = sorted(roots)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = module_path(module)
        if path is None:
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        imported, csv_names = _SCANS.get(module, data, digest)
        seen[module] = ModuleSource(path, digest, imported, csv_names)
        parts = module.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(sorted(imported - seen.keys()))
    _SCANS.save()
    return dict(sorted(seen.items()))
