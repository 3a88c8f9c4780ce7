"""One registry: report name -> notebook, schema, required results.

Each module in ``hyesan_analysis.reporting.specs`` defines ``SPEC``; they are discovered
here, so adding a report means adding one spec module and one notebook.

More reports can be registered from outside the package: each folder named in the
environment variable ``HYESAN_EXTRA_REPORTS`` (several joined with ``os.pathsep``) holds
spec modules ``<report>.py`` beside their notebooks ``<report>.ipynb``. Unset, the registry
holds the shipped reports only. The test suite registers its small fixture reports this
way; kernels, pool workers and subprocesses inherit the variable, so they see the same
reports. After changing it in a running process, call ``refresh()``.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import pkgutil
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from hyesan_analysis.reporting.authoring.schema import ParameterError, ReportSchema, shown

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_OUTPUT = REPO_DIR / "reports"  # where reports are published unless told otherwise
NOTEBOOK_DIR = REPO_DIR / "notebooks"
EXTRA_REPORTS_ENV = "HYESAN_EXTRA_REPORTS"
EXTRA_MODULE_PREFIX = "hyesan_extra_report_"  # module name of an extra report's spec


@dataclass(frozen=True)
class ReportSpec:
    """Everything the runner needs to know about one report.

    Parameters
    ----------
    name : str
        Report name, also the notebook's file stem and the folder under reports/.
    title : str
        Title shown to readers.
    question : str
        The question the report answers, one sentence.
    schema : ReportSchema
        Typed parameters.
    required_results : dict of str to str
        Result name -> unit; a run that does not record each one (finite) fails.
    cited_facts : tuple of str
        Fact ids quoted in the narrative beyond the sourced parameter defaults; they go
        into the assumptions-and-sources table.
    upstream : tuple of str
        Reports whose results.json this one reads (it re-runs when they change).
    order : int
        Position in listings and builds (upstream reports first).
    one_page : bool
        Lay the page out compactly so that the PDF fits on one A4 page (the brief).
    source_dir : Path, optional
        Folder of a report registered through ``HYESAN_EXTRA_REPORTS`` (its spec module
        and notebook); None for the shipped reports. Set by the registry.
    """

    name: str
    title: str
    question: str
    schema: ReportSchema
    required_results: dict[str, str]
    cited_facts: tuple[str, ...] = ()
    upstream: tuple[str, ...] = ()
    order: int = 100
    one_page: bool = False
    source_dir: Path | None = None

    @property
    def notebook(self) -> Path:
        return (self.source_dir or NOTEBOOK_DIR) / f"{self.name}.ipynb"

    @property
    def spec_module(self) -> str:
        if self.source_dir is not None:
            return f"{EXTRA_MODULE_PREFIX}{self.name}"
        return f"hyesan_analysis.reporting.specs.{self.name}"

    @property
    def spec_file(self) -> Path | None:
        """The spec module's file of a report registered from outside the package."""
        return None if self.source_dir is None else self.source_dir / f"{self.name}.py"


def extra_report_dirs() -> list[Path]:
    """The folders named in ``HYESAN_EXTRA_REPORTS`` (none when it is unset)."""
    raw = os.environ.get(EXTRA_REPORTS_ENV, "")
    return [Path(part) for part in raw.split(os.pathsep) if part.strip()]


def _extra_specs(folder: Path) -> Iterator[ReportSpec]:
    """The specs of one extra folder, each loaded afresh from its file."""
    if not folder.is_dir():
        raise ParameterError(f"{EXTRA_REPORTS_ENV}: {folder} is not a folder")
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        name = f"{EXTRA_MODULE_PREFIX}{path.stem}"
        loader_spec = importlib.util.spec_from_file_location(name, path)
        if loader_spec is None or loader_spec.loader is None:
            raise ParameterError(f"{EXTRA_REPORTS_ENV}: cannot load {path}")
        module = importlib.util.module_from_spec(loader_spec)
        sys.modules[name] = module
        loader_spec.loader.exec_module(module)
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, ReportSpec):
            if spec.name != path.stem:
                raise TypeError(f"spec module {path} declares report {spec.name!r}")
            yield replace(spec, source_dir=folder.resolve())


def _declares_spec(path: Path) -> bool:
    """Whether a module of the specs package assigns ``SPEC`` at its top level (read, not
    imported: the helper modules import pandas and the models, which listing the reports
    does not need)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # not a plain .py file (a package, compiled only): import it to see
        return True
    return re.search(r"^SPEC\b", text, re.MULTILINE) is not None


@cache
def all_reports() -> dict[str, ReportSpec]:
    """All registered reports, in build order (the extra ones too: see the module doc)."""
    import hyesan_analysis.reporting.specs as specs_pkg

    found: list[ReportSpec] = []
    for info in pkgutil.iter_modules(specs_pkg.__path__):
        if not _declares_spec(Path(specs_pkg.__path__[0]) / f"{info.name}.py"):
            continue  # a spec's helper module (its tables, its text): not imported here
        module = importlib.import_module(f"{specs_pkg.__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, ReportSpec):
            if spec.name != info.name:
                raise TypeError(f"spec module {info.name} declares report {spec.name!r}")
            found.append(spec)
    for folder in extra_report_dirs():
        for spec in _extra_specs(folder):
            if any(s.name == spec.name for s in found):
                raise TypeError(f"report {spec.name!r} of {folder} is already registered")
            found.append(spec)
    found.sort(key=lambda s: (s.order, s.name))
    return {s.name: s for s in found}


def refresh() -> None:
    """Forget the registered reports, so that the next look-up reads the specs again
    (after ``HYESAN_EXTRA_REPORTS`` changed, or an extra spec file was edited)."""
    all_reports.cache_clear()


def get_report(name: str) -> ReportSpec:
    """The spec of one report; ParameterError (exit 2) for an unknown name."""
    reports = all_reports()
    if name in reports:
        return reports[name]
    close = difflib.get_close_matches(name[:200], list(reports), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ParameterError(f"unknown report {shown(name)}{hint} (known: {', '.join(reports)})")
