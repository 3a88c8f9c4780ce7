"""What a report depends on, hashed: the cache key and the manifest's checksums.

A report depends on
- its notebook (cell sources and tags; outputs ignored),
- its validated parameters,
- the package modules its notebook imports, followed through their imports (found by
  reading the source, so the list cannot go stale), plus its spec module and the modules
  that execute and export every report (a report registered from outside the package:
  its spec file),
- the data files those modules read (CSV names that appear in their source),
- the versions of Python and the libraries that shape its output,
- the results of its upstream reports in its world, each figure on its own (so that a
  re-run names the figure that changed).

Editing a model module therefore re-runs only the reports whose notebooks reach it.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import PACKAGE_DIR, REPO_DIR, ReportSpec
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine.imports import imports_in, module_sources
from hyesan_analysis.reporting.rendering import browser_pdf

DATA_DIR = PACKAGE_DIR / "data"
VERSIONED = (
    "pandas",
    "numpy",
    "scipy",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "weasyprint",
)
# Modules that shape every report's output (execution, export, page template).
RUNNER_MODULES = (
    "hyesan_analysis.reporting.engine.execute",
    "hyesan_analysis.reporting.rendering.export",
    "hyesan_analysis.reporting.authoring.results",
    "hyesan_analysis.reporting.authoring.schema",
    "hyesan_analysis.reporting.authoring.registry",
)
TEMPLATE_DIR = PACKAGE_DIR / "reporting" / "rendering" / "templates"
# The templates of the report page; the index's and the sweep comparison's shape no report.
PAGE_TEMPLATES = ("page.html.j2", "report.css")
PDF_ENGINE = "pdf:engine"  # chromium or weasyprint (browser_pdf.engine)
UPSTREAM = "upstream:"  # prefix of the inputs that are upstream results
MAX_NAMED_UPSTREAM = 3  # changed upstream figures named per upstream report in the reasons


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes, hashed again only when its size or mtime changed (a
    long-lived process, such as a Dask worker, must see an edited data file)."""
    stat = path.stat()
    return _sha256_file(path, stat.st_mtime_ns, stat.st_size)


@cache
def _sha256_file(path: Path, mtime_ns: int, size: int) -> str:
    return sha256_bytes(path.read_bytes())


class SourceError(ParameterError):
    """A report's notebook, a package module or a data file cannot be read (one line)."""


def _label(path: Path) -> str:
    try:
        return path.relative_to(REPO_DIR).as_posix()
    except ValueError:
        return str(path)


def notebook_source_hash(path: Path) -> tuple[str, str]:
    """(hash of the notebook's cells ignoring outputs, concatenated code for import scanning).

    An unreadable, non-UTF-8 or malformed notebook is a one-line SourceError.
    """
    try:
        nb = json.loads(path.read_bytes().decode("utf-8"))
        cells = [
            {
                "type": c.get("cell_type"),
                "source": "".join(c.get("source", []))
                if isinstance(c.get("source"), list)
                else c.get("source", ""),
                "tags": sorted(c.get("metadata", {}).get("tags", [])),
            }
            for c in nb.get("cells", [])
        ]
        if not all(isinstance(c["source"], str) for c in cells):
            raise TypeError("a cell's source is not text")
    except OSError as exc:
        raise SourceError(
            f"{_label(path)}: cannot read the notebook ({exc.strerror or exc})"
        ) from None
    except UnicodeDecodeError:
        raise SourceError(f"{_label(path)}: the notebook is not UTF-8 text") from None
    except (ValueError, TypeError, AttributeError) as exc:
        why = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SourceError(f"{_label(path)}: not a notebook ({why})") from None
    code = "\n".join(c["source"] for c in cells if c["type"] == "code")
    # magics and shell escapes are not Python; blank them out for the import scan
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()
    )
    return sha256_bytes(json.dumps(cells, sort_keys=True).encode()), code


@cache
def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries that shape the output (no imports needed)."""
    versions = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def report_inputs(
    spec: ReportSpec,
    parameters: Mapping[str, Any],
    upstream_results: Mapping[str, str] | None = None,
    data_files: Iterable[str] | None = None,
) -> dict[str, str]:
    """Every input of one report, name -> hash (or version, or value); stable order.

    ``upstream_results``: ``cache.upstream_inputs`` of the upstream results it reads.
    ``data_files`` are the data files the notebook actually read (recorded at run time);
    without them, every CSV named in the reachable modules counts.
    """
    try:
        return _report_inputs(spec, parameters, upstream_results, data_files)
    except OSError as exc:  # a module or data file removed or unreadable meanwhile
        where = _label(Path(exc.filename)) if exc.filename else spec.name
        raise SourceError(f"{where}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise SourceError(f"report {spec.name}: a package module is not UTF-8 text") from None


def _report_inputs(
    spec: ReportSpec,
    parameters: Mapping[str, Any],
    upstream_results: Mapping[str, str] | None,
    data_files: Iterable[str] | None,
) -> dict[str, str]:
    nb_hash, code = notebook_source_hash(spec.notebook)
    roots = imports_in(code, "__main__") | {spec.spec_module, *RUNNER_MODULES}
    inputs: dict[str, str] = {"notebook": nb_hash}
    inputs["parameters"] = sha256_bytes(
        json.dumps(dict(parameters), sort_keys=True, default=repr).encode()
    )
    scanned: set[str] = set()
    for source in module_sources(roots).values():
        inputs[f"code:{source.path.relative_to(REPO_DIR).as_posix()}"] = source.sha256
        scanned.update(m for m in source.csv_names if (DATA_DIR / m).is_file())
    if spec.spec_file is not None:  # a report registered from outside the package
        inputs[f"spec:{spec.spec_file.name}"] = sha256_bytes(spec.spec_file.read_bytes())
    files = scanned if data_files is None else {n for n in data_files if (DATA_DIR / n).is_file()}
    for name in sorted(files):
        inputs[f"data:{name}"] = sha256_file(DATA_DIR / name)
    for name in sorted(PAGE_TEMPLATES):
        inputs[f"template:{name}"] = sha256_file(TEMPLATE_DIR / name)
    for name, version in library_versions().items():
        inputs[f"version:{name}"] = version
    inputs[PDF_ENGINE] = browser_pdf.engine()  # Chromium's pages differ from WeasyPrint's
    for name, value in sorted((upstream_results or {}).items()):
        inputs[f"{UPSTREAM}{name}"] = value
    return dict(sorted(inputs.items()))


def cache_key(inputs: Mapping[str, str]) -> str:
    return sha256_bytes(json.dumps(dict(inputs), sort_keys=True).encode())


def _figure_text(entry_json: str) -> str:
    """An upstream figure's input value (JSON of value, unit, label) as a reader reads it."""
    try:
        entry = json.loads(entry_json)
        value, unit = float(entry["value"]), str(entry.get("unit", ""))
    except (ValueError, KeyError, TypeError):
        return entry_json
    text = f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:.6g}"
    return f"{text} {unit}".strip()


def _upstream_changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """Reasons naming each upstream result that changed (the first few per report)."""
    changed: dict[str, list[str]] = {}
    gone = {n[len(UPSTREAM) :] for n, v in new.items() if n.startswith(UPSTREAM) and v == "missing"}
    for name in sorted(set(old) | set(new)):
        if not name.startswith(UPSTREAM) or old.get(name) == new.get(name):
            continue
        figure = name[len(UPSTREAM) :]
        report = figure.split(".", 1)[0]
        if "." in figure and report in gone:
            continue  # "has no results" says it: not each figure again
        before, after = old.get(name), new.get(name)
        if "." not in figure:  # the report as a whole: its results are missing, or were
            text = (
                f"upstream report {figure} has no results"
                if after == "missing"
                else f"upstream report {figure} has results now"
            )
            if after is None and before != "missing":
                continue  # an older manifest's digest of the whole file; the figures say more
        elif before is None:
            text = f"new upstream result {figure}"
        elif after is None:
            text = f"upstream result {figure} no longer recorded"
        else:
            shown_before, shown_after = _figure_text(before), _figure_text(after)
            how = f"{shown_before} -> {shown_after}" if shown_before != shown_after else "its label"
            text = f"upstream result {figure} changed ({how})"
        changed.setdefault(report, []).append(text)
    reasons = []
    for report, texts in changed.items():
        reasons.extend(texts[:MAX_NAMED_UPSTREAM])
        if len(texts) > MAX_NAMED_UPSTREAM:
            more = len(texts) - MAX_NAMED_UPSTREAM
            reasons.append(f"{more} more upstream results of {report} changed")
    return reasons


def describe_changes(old: Mapping[str, str] | None, new: Mapping[str, str]) -> list[str]:
    """Readable reasons why ``new`` differs from ``old`` (empty when equal)."""
    if old is None:
        return ["no previous report"]
    reasons = []
    for name in sorted(set(old) | set(new)):
        if old.get(name) == new.get(name) or name.startswith(UPSTREAM):
            continue
        if name not in old:
            reasons.append(f"new input {name}")
        elif name not in new:
            reasons.append(f"input {name} no longer used")
        elif name.startswith("version:"):
            reasons.append(f"{name[8:]} {old[name]} -> {new[name]}")
        elif name == PDF_ENGINE:
            reasons.append(f"PDF engine {old[name]} -> {new[name]}")
        else:
            reasons.append(f"{name} changed")
    return reasons + _upstream_changes(old, new)


def upstream_figures(inputs: Mapping[str, str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The upstream results a run read, by report then result (value, unit, label), from
    its inputs; a report without results maps to an empty dict."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name, text in inputs.items():
        if not name.startswith(UPSTREAM):
            continue
        report, _, key = name[len(UPSTREAM) :].partition(".")
        figures = out.setdefault(report, {})
        if key:
            figures[key] = json.loads(text)
    return out


def data_checksums(inputs: Mapping[str, str]) -> dict[str, str]:
    return {k[5:]: v for k, v in inputs.items() if k.startswith("data:")}
